/* links.h - links every mention of a task id in generated Markdown to the
 * task's one canonical anchor. */
#ifndef TD_LINKS_H
#define TD_LINKS_H

#include <jansson.h>

#include "core/core.h"

/* Copies md to out, turning each bare mention of a key of targets (an
 * object id -> url relative to the Markdown root, e.g.
 * "workstreams/hpc.md#task-040") into [ID](relative url). page is the
 * page's own path below the root. Mentions inside code, existing links,
 * HTML tags, attribute lists and heading lines are left alone. */
void td_link_ids(td_buf *out, const char *md, size_t len, const char *page, json_t *targets);

#endif
