/*
 * svg.h - what the SVG charts (burndown.c, trend.c) draw alike: XML
 * escaping, the frame of a chart (the <svg> element, its <title>/<desc>
 * for screen readers, the style sheet with its dark-theme colours, the
 * background), round axis steps, the mapping of a value to a height and
 * the value grid with its tick labels. Every number is printed with a
 * fixed format, so the bytes depend only on the arguments.
 */
#ifndef TD_SVG_H
#define TD_SVG_H

#include "core/core.h"

/* A chart: the picture's size and the margins around its plot area. */
typedef struct td_svg_frame {
	double w, h;
	double ml, mr, mt, mb; /* left, right, top, bottom */
} td_svg_frame;

/* The style of a chart: its own classes, for light and for dark themes,
 * after the ones every chart shares (bg, text, title, grid, axis). */
typedef struct td_svg_css {
	const char *light, *dark;
} td_svg_css;

/* A value axis from lo to hi (the bottom and top of the plot) in steps. */
typedef struct td_svg_axis {
	double lo, hi, step;
} td_svg_axis;

/* Appends s (NULL: nothing) with &, <, >, " and ' escaped: right for XML
 * text and attribute values alike. */
void td_svg_xml_escape(td_buf *out, const char *s);

/* Appends the start of a chart: <svg> of f's size labelled by the ids
 * "<id>-title" and "<id>-desc", <title> and <desc> (title and desc are
 * XML text, already escaped), the style sheet and the background. The
 * caller draws the rest and closes with "</svg>\n". */
void td_svg_open(td_buf *out, const td_svg_frame *f, const td_svg_css *css, const char *id, const char *title,
                 const char *desc);

/* A round step for an axis over span: the smallest 1, 2, 5 or 10 times a
 * power of ten (with_2_5: also 2.5) that covers span in at most `steps`
 * steps; 1 when span is not positive. */
double td_svg_nice_step(double span, int steps, bool with_2_5);

/* The height of value v on axis a in frame f (hi at the plot's top). */
double td_svg_y(const td_svg_frame *f, const td_svg_axis *a, double v);

/* Writes a tick label of value v to out; ud is the caller's. */
typedef void td_svg_label_fn(td_buf *out, double v, const void *ud);

/* Appends a horizontal grid line across the plot for every step of a,
 * each labelled by label at the left, gap units before the plot. */
void td_svg_value_grid(td_buf *out, const td_svg_frame *f, const td_svg_axis *a, double gap,
                       td_svg_label_fn *label, const void *ud);

/* Appends only the labels of a's steps, at the right of the plot, gap
 * units after it (a second axis, with no grid of its own). */
void td_svg_value_labels_right(td_buf *out, const td_svg_frame *f, const td_svg_axis *a, double gap,
                               td_svg_label_fn *label, const void *ud);

/* Appends the line along the bottom of the plot. */
void td_svg_baseline(td_buf *out, const td_svg_frame *f);

#endif
