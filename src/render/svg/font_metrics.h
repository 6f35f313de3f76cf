/* font_metrics.h - private to render/svg/: how wide graph label text is,
 * and the Graphviz textlayout plugin that tells dot so (font_metrics.c). */
#ifndef TD_FONT_METRICS_H
#define TD_FONT_METRICS_H

#include "core/core.h"

#include <gvc.h>

/* The font graphs are drawn in: what the SVG names (font-family), in the
 * order a browser should try them. Widths are DejaVu Sans'. */
#define TD_GRAPH_FONT "DejaVu Sans,Verdana,sans-serif"

/* The width in points of the UTF-8 text s at fontsize points, in DejaVu
 * Sans (bold: DejaVu Sans Bold). */
double td_text_width(const char *s, double fontsize, bool bold);

/* The plugin library, for the list of built-in plugins. */
extern gvplugin_library_t gvplugin_taskdoc_text_LTX_library;

#endif
