/*
 * view_evidence.h - the criteria and evidence parts of the view tree
 * (docs/export.md: criterion, criteria[], evidence). Private to view/.
 */
#ifndef TD_VIEW_EVIDENCE_H
#define TD_VIEW_EVIDENCE_H

#include <jansson.h>

#include "analyze/criteria.h"
#include "view/sink.h"

/* A criterion object with its verdict and evidence; new reference. */
json_t *td_view_criterion(const td_analysis *a, const td_verdict *v);
/* Its members into s (view/sink.h). */
void td_view_criterion_members(sink *s, const td_analysis *a, const td_verdict *v);
/* The criteria of one list as member k of s, as td_view_criteria_list makes them. */
void td_view_criteria_sink(sink *s, const char *k, const td_analysis *a, const td_criteria *c);
/* The criteria of one list (a task's, a phase's, a workstream's); new reference. */
json_t *td_view_criteria_list(const td_analysis *a, const td_criteria *c);
/* Every criterion of the plan, each with `on` (where it is); new reference. */
json_t *td_view_criteria_all(const td_analysis *a);
/* The evidence object: totals, suites, failed_checks, benchmarks; new reference. */
json_t *td_view_evidence(const td_analysis *a);

#endif
