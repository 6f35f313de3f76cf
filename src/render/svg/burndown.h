/*
 * burndown.h - burn-down charts as SVG, drawn by taskdoc itself from the
 * view tree (no plotting library): dated axes, remaining hours and tasks,
 * the scope line, the ideal line, the forecast band and the as-of marker,
 * with <title>/<desc> for screen readers and colours for light and dark
 * themes. Deterministic: the same view gives the same bytes.
 */
#ifndef TD_SVG_BURNDOWN_H
#define TD_SVG_BURNDOWN_H

#include <jansson.h>

#include "core/core.h"
#include "render/outset.h"

typedef enum { TD_CHART_HOURS, TD_CHART_TASKS } td_chart_by;

typedef struct td_chart {
	const json_t *series; /* view points: [{date, remaining_tasks, remaining_hours, scope_hours, ...}] */
	const json_t *forecast; /* view forecast object, or NULL */
	const char *title;      /* what the chart shows ("Burn-down: HPC Infrastructure") */
	const char *upto;       /* last day drawn (YYYY-MM-DD), NULL: every point */
	const char *ideal_end;  /* a sprint: the ideal line reaches 0 on this day (no forecast drawn) */
	const char *target;     /* the plan's target date: the ideal line reaches 0 then; NULL: no ideal line */
	td_chart_by by;
} td_chart;

/* Appends the SVG of c to out. Returns 0, or -1 when the series has fewer
 * than two points to draw (out unchanged). */
int td_svg_burndown(td_buf *out, const td_chart *c);

/* Adds every burn-down chart the view names (burndown_chart of the plan,
 * each workstream and sprint, chart of each weekly report) to pages as SVG
 * files, at those paths; a series of fewer than two points has none. */
void td_render_burndown_charts(td_outset *pages, json_t *view);

#endif
