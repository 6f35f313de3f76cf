/*
 * trend.h - benchmark trend charts as SVG, drawn from the view's
 * evidence.benchmarks[]: the value of every run (oldest first, undated
 * runs first of all), each point marked as meeting its thresholds or not,
 * and a dashed line per threshold. <title>/<desc> for screen readers,
 * colours for light and dark themes; the same view gives the same bytes.
 */
#ifndef TD_SVG_TREND_H
#define TD_SVG_TREND_H

#include <jansson.h>

#include "core/core.h"
#include "render/outset.h"

/* Appends the SVG of one benchmark object of the view ({name, unit,
 * points[], thresholds[]}) to out. Returns 0, or -1 when it has no point
 * (out unchanged). */
int td_svg_trend(td_buf *out, const json_t *bench);

/* Adds a chart for every benchmark of view.evidence.benchmarks to pages,
 * at the path the view names (`chart`, "charts/bench-NAME.svg"). */
void td_render_trend_charts(td_outset *pages, json_t *view);

#endif
