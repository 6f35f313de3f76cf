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

/* Builds the tree. diags (sorted) become "findings". Returns a new
 * reference; the caller json_decref()s it. */
json_t *td_view_build(const td_plan *plan, const td_analysis *a, const td_diags *diags);

/* The anchor of an id: lower case, every run of other characters one '-'
 * ("TASK-028.1" -> "task-028-1"). Writes into out (cleared first). */
void td_view_anchor(td_buf *out, const char *id);

struct td_graphset;
/* Adds the dependency graphs of s (view/graph.h) to a tree made by
 * td_view_build: a top-level "graphs" object and each workstream's
 * "graph" (docs/export.md). links is how the tree being rendered addresses
 * its pages (graphs.links; the Markdown renderer derives page.url_root
 * from it): the configured graph.links for out.markdown, TD_LINKS_HTML
 * for the HTML site. node_limit is shown as graphs.node_limit. */
void td_view_add_graphs(json_t *view, const struct td_graphset *s, td_link_style links, int node_limit);

/* Formatting shared by the view's files: a number without needless
 * decimals ("4", "0.5"), and an estimate as the pages show it ("2-3 days",
 * "1 hr"). Both append to b. */
void td_view_number_text(td_buf *b, double v);
/* Hours rounded to 0.01 (1/3 h is 0.33, not 0.3333333333), and a date as
 * "YYYY-MM-DD" or null when unknown: new references. */
json_t *td_view_hours(double h);
json_t *td_view_date(td_date d);
void td_view_estimate_display(td_buf *b, double lo, double hi, char unit);

#define TD_VIEW_SCHEMA_VERSION 1

#endif
