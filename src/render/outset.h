/*
 * outset.h - the one container of rendered files: every room of render/
 * adds its files (pages, SVG, assets) to a set, and site/ writes the set
 * into an output folder. Paths are relative to the output folder,
 * '/'-separated.
 */
#ifndef TD_RENDER_OUTSET_H
#define TD_RENDER_OUTSET_H

#include "core/core.h"

typedef struct td_outfile {
	char *path; /* relative to the output folder, '/'-separated */
	char *data; /* len bytes are written (a copy or a buffer the set made is
	               NUL-terminated too; spooled or mapped bytes are not);
	               NULL while the bytes wait in a spool (td_outset_load) */
	size_t len;
	td_spool *spool; /* where the bytes are kept, read-only (NULL: data is the set's) */
	size_t off;      /* their offset in it */
	/* Borrowed bytes (td_outset_add_mapped): data is read-only and goes
	 * back with unmap(unmap_ud, token) when the set is freed. */
	void (*unmap)(void *ud, void *token);
	void *unmap_ud, *token;
	/* NULL, or a text that names these bytes: two files of one path with
	 * the same key hold the same bytes (a digest of them, or of what made
	 * them), so the write stage can tell the file it wrote last time is
	 * still these bytes without reading it (site/written.c). */
	char *key;
} td_outfile;

typedef struct td_outset {
	td_outfile *items;
	size_t len, cap;
	td_spool *spool; /* when set, each file added goes there at once (td_outset_load gives it back) */
} td_outset;

#define TD_OUTSET_INIT {NULL, 0, 0, NULL}

/* Adds a copy of path and data[0..len). The set owns the copies. */
void td_outset_add(td_outset *s, const char *path, const char *data, size_t len);
/* Adds path (copied) with b's memory, which the set takes over; b is reset
 * to an empty buffer that the caller may reuse. */
void td_outset_add_buf(td_outset *s, const char *path, td_buf *b);
/* Adds path (copied) with the len bytes put in spool at off: data stays
 * NULL until td_outset_load. The spool must outlive the set's use. */
void td_outset_add_spooled(td_outset *s, const char *path, td_spool *spool, size_t off, size_t len);
/* Adds path (copied) with data[0..len) as it is, not copied: read-only
 * bytes that stay valid until the set is freed, which then calls
 * unmap(ud, token) (a file of the build cache, mapped). Never spooled:
 * they already wait on disk. */
void td_outset_add_mapped(td_outset *s, const char *path, const char *data, size_t len,
                          void (*unmap)(void *ud, void *token), void *ud, void *token);
/* Gives the last file added the key (copied; see td_outfile). */
void td_outset_key_last(td_outset *s, const char *key);
/* Moves the bytes of every file into spool and frees them (a file whose
 * bytes cannot be written there keeps them). NULL spool: nothing. */
void td_outset_spill(td_outset *s, td_spool *spool);
/* Gives every spooled file its data again, read-only. 0, or -1 when some
 * bytes cannot be read back (those files keep a NULL data). */
int td_outset_load(td_outset *s);
/* Moves every file of from to the end of to, in order; from is left empty. */
void td_outset_move(td_outset *to, td_outset *from);
/* The file with that exact path, or NULL. The set keeps ownership. */
const td_outfile *td_outset_find(const td_outset *s, const char *path);
/* Frees every file and the array; accepts an empty set; the set is left empty. */
void td_outset_free(td_outset *s);

#endif
