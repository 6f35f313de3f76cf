/*
 * written.h - what the write stage knows of an output folder's files from
 * the last build, so that a file can be found unchanged without reading
 * it: for each file, the key of the bytes it holds (td_outfile's key) and
 * the file's identity and times as stat() gave them then. Kept in the build
 * cache (namespace "written", one entry an output folder); without a cache,
 * or when anything differs, the file is read and compared as before.
 *
 * A record is taken only of a file whose change time was at least
 * TD_WRITTEN_SETTLED seconds old when stat() read it: any later change of
 * the file, even within the same tick of a coarse file system clock, gives
 * it a later change time, which no longer matches (the "racy" case git's
 * index has). A file written by this build is therefore read and compared
 * once more by the next build, and recorded then.
 */
#ifndef TD_SITE_WRITTEN_H
#define TD_SITE_WRITTEN_H

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "core/core.h"

#define TD_WRITTEN_SETTLED 2 /* seconds: FAT's clock has 2-second ticks */

typedef struct td_written td_written;

/* The records of dir from cache (an empty set without one, or when the
 * entry is missing or damaged). */
td_written *td_written_load(const td_kv *cache, const char *dir);
/* Whether the file at rel, whose stat() is st, holds the bytes of key
 * according to the records. */
bool td_written_same(const td_written *w, const char *rel, const char *key, const struct stat *st);
/* Records that the file at rel, with stat() st taken no earlier than
 * before (CLOCK_REALTIME), holds the bytes of key: ignored unless the file
 * had settled by then (see above). before NULL: st is a record's, which
 * td_written_same found. */
void td_written_note(td_written *w, const char *rel, const char *key, const struct stat *st,
                     const struct timespec *before);
/* The records noted, into cache for dir. */
void td_written_store(td_written *w, const td_kv *cache, const char *dir);
void td_written_free(td_written *w);

#endif
