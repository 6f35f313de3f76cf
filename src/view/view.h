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

#define TD_VIEW_SCHEMA_VERSION 1

#endif
