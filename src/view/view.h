/*
 * view.h - the plan and its analysis as one JSON tree (jansson). The same
 * tree is printed by `taskdoc export` and is the context of every
 * template, so any figure export shows can be used by a template.
 * Field names are documented in docs/export.md and stay stable.
 */
#ifndef TD_VIEW_H
#define TD_VIEW_H

#include <jansson.h>

#include "analyze/analyze.h"
#include "view/digest.h"
#include "view/format.h"

/* Between begin and end, every json_t is made in one region and given
 * back when it ends (jsonmem.c): nothing made in between may be used after
 * end. Nested pairs count; only the outer pair makes and frees the region. */
void td_json_region_begin(void);
void td_json_region_end(void);
/* Ends the region (td_json_region_end) and v with it: v and all it holds
 * must have been made in the region, and nothing made outside it may
 * hold a part of v. The memory goes back without visiting v's objects,
 * which after a fork would copy every page they are on; with the region
 * off (AddressSanitizer), v is released as usual. */
void td_json_region_drop(json_t *v);
/* From now until end, new json_t come from malloc (what is in the region
 * stays, and freeing it stays a no-op). */
void td_json_region_seal(void);
/* After td_json_region_seal, new json_t from the region again until
 * td_json_region_reseal: the task objects made when first read
 * (td_json_realize) live and go with the view. */
void td_json_region_resume(void);
void td_json_region_reseal(void);
/* A second thread that makes json_t for the build's thread (td_view_build's
 * task objects): td_json_thread_begin, in it, gives it regions of its own
 * while the build's region is open (each thread allocates without a lock);
 * td_json_thread_end, in it, when it is done; td_json_thread_adopt, in
 * the build's thread after the join, takes its memory into the build's
 * region, so that what it made lives and goes as if made there. Its
 * values may be shared with the build's thread only after the join. */
typedef struct td_json_thread {
	td_region *region, *tables;
} td_json_thread;
/* In the build's thread, before it starts such a thread: the thread that
 * readies memory (td_json_region_expect) stops, its blocks left for both. */
void td_json_threads_start(void);
void td_json_thread_begin(td_json_thread *t);
void td_json_thread_end(td_json_thread *t);
void td_json_thread_adopt(td_json_thread *t);
/* Bytes the region holds (0 when there is none). */
size_t td_json_region_bytes(void);
/* The region is about to take about bytes: a helper thread makes that
 * much memory ready on the other processor meanwhile (td_region_prefault),
 * and is joined at td_json_region_seal. */
void td_json_region_expect(size_t bytes);
/* About the bytes td_view_build will take in the region for p: a floor
 * most plans pass (td_json_region_expect). */
size_t td_view_bytes_hint(const td_plan *p);
/* Appends json_dumps(j, flags) to out (nothing for an empty dump): the way
 * to print JSON inside a region, where a string from json_dumps must not
 * go to free(). */
void td_json_dump(td_buf *out, const json_t *j, size_t flags);

/* Builds the tree. diags (sorted) become "findings". Returns a new
 * reference; the caller json_decref()s it. */
json_t *td_view_build(const td_plan *plan, const td_analysis *a, const td_diags *diags);

/* A task's values that the id linker and the search index read, as the
 * view tree made by td_view_build_fields holds them (valid while it
 * lives): its id, url, title, state and workstream's title; and its
 * object with that object's digest (td_digest_json's, taken on the
 * thread that made it while its bytes were in the processor's cache),
 * which the Markdown stage reads instead of walking the object again. */
typedef struct td_view_task_fields {
	const json_t *id, *url, *title, *state, *workstream_title;
	const json_t *object;
	td_digest digest;
	size_t values; /* how many values its digest walked */
	bool digested; /* false: the object held more values than a digest walks */
} td_view_task_fields;

/* td_view_build, also setting fields[i] (one for each of the plan's tasks)
 * to task i's: what the id linker and the search index read, without
 * looking it up in 10,000 objects whose members are far apart in memory
 * (8 and 12 ms of a 10k plan's rebuild). */
json_t *td_view_build_fields(const td_plan *plan, const td_analysis *a, const td_diags *diags,
                             td_view_task_fields *fields);

/* td_view_build_fields, but each task object is made with its eager
 * values only (id, url, title, state, workstream_title) and made whole,
 * in place, when first read (digest.h, td_lazy_view): the
 * fields' digests are those of the whole objects, folded without making
 * them. Pages kept from the build before never make their tasks' objects
 * (docs/design.md). The plan and analysis must outlive the view, and
 * td_view_lazy_end must come before the view is freed; one thread of each
 * process reads it. */
json_t *td_view_build_lazy(const td_plan *plan, const td_analysis *a, const td_diags *diags,
                           td_view_task_fields *fields);
void td_view_lazy_end(void);
/* The digest of a task object td_view_build_lazy left to be made, and the
 * values walking it would take: false for any other value. */
bool td_view_digest_of(const json_t *v, td_digest *d, size_t *values);

struct td_graphset;
/* Adds the dependency graphs of s (view/graph.h) to a tree made by
 * td_view_build: a top-level "graphs" object and each workstream's
 * "graph" (docs/export.md). links is how the tree being rendered addresses
 * its pages (graphs.links; the Markdown renderer derives page.url_root
 * from it): the configured graph.links for out.markdown, TD_LINKS_HTML
 * for the HTML site. node_limit is shown as graphs.node_limit. */
void td_view_add_graphs(json_t *view, const struct td_graphset *s, td_link_style links, int node_limit);

#define TD_VIEW_SCHEMA_VERSION 1

#endif
