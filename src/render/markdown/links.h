/* links.h - links every mention of a task id in generated Markdown to the
 * task's one canonical anchor. */
#ifndef TD_LINKS_H
#define TD_LINKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* The ids to link: map (an object id -> url relative to the Markdown
 * root, e.g. "workstreams/hpc.md#task-040", borrowed) and which first two
 * bytes an id has, so that most words of a page need no look-up; and the
 * same map as a table of our own (a word's look-up costs one probe, not a
 * hash over jansson's buckets: a page of 10,000 rows looks up 20,000). */
typedef struct td_link_target {
	const char *id, *url; /* the map's (NULL: an empty slot) */
	size_t id_len, url_len;
	uint64_t hash;
} td_link_target;

typedef struct td_link_targets {
	json_t *map;
	uint64_t lead[1024]; /* bit (first byte << 8 | second byte, 0 for a one-byte id) */
	td_link_target *tab; /* the ids whose url is a string, open addressing */
	size_t cap;          /* a power of two */
	bool odd;            /* some id's url is no string (the map is asked too) */
} td_link_targets;

void td_link_targets_init(td_link_targets *t, json_t *map);
/* Frees the table (not the map). */
void td_link_targets_free(td_link_targets *t);
/* The url of id[0..n), or NULL when it is none of the targets. */
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
