/* links.h - links every mention of a task id in generated Markdown to the
 * task's one canonical anchor. */
#ifndef TD_LINKS_H
#define TD_LINKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* The ids to link, each with its url relative to the Markdown root (e.g.
 * "workstreams/hpc.md#task-040"), in a table of our own (a word's look-up
 * is one probe: a page of 10,000 rows looks up 20,000 words), and which
 * first two bytes an id has, so that most words of a page need no
 * look-up at all. */
typedef struct td_link_target {
	const char *id, *url; /* borrowed; id NULL: an empty slot; url NULL: an id not linked */
	size_t id_len;
	uint64_t hash;
} td_link_target;

typedef struct td_link_targets {
	uint64_t lead[1024]; /* bit (first byte << 8 | second byte, 0 for a one-byte id) */
	td_link_target *tab; /* open addressing */
	size_t cap, len;     /* cap a power of two, at least twice len */
} td_link_targets;

void td_link_targets_init(td_link_targets *t);
/* Room for n ids at once, on a table still empty (no table grown n times). */
void td_link_targets_reserve(td_link_targets *t, size_t n);
/* Adds id (NUL-terminated, borrowed) with url (borrowed; NULL: found but
 * never linked); an id added again takes the later url. */
void td_link_targets_add(td_link_targets *t, const char *id, const char *url);
void td_link_targets_free(td_link_targets *t);
/* The entry of id[0..n), or NULL when it is none of the targets. */
const td_link_target *td_link_target_of(const td_link_targets *t, const char *id, size_t n);

/* Copies md to out, turning each bare mention of a key of targets into
 * [ID](relative url). page is the page's own path below the root.
 * Mentions inside code, existing links, HTML tags, attribute lists and
 * heading lines are left alone. */
void td_link_ids(td_buf *out, const char *md, size_t len, const char *page, const td_link_targets *targets);

/* td_link_ids, appending to looked (if not NULL) every word it looked up
 * in targets, found or not, each followed by '\n', in order: what the
 * links it wrote depend on, besides targets' lead bytes. */
void td_link_ids_noting(td_buf *out, const char *md, size_t len, const char *page,
                        const td_link_targets *targets, td_buf *looked);

#endif
