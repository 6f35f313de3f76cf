/* trend.c - benchmark trend charts as SVG (see trend.h). Every
 * number is printed with a fixed format, so the bytes depend only on the
 * view. The frame, style, scale and grid are svg.c's. */
#include "render/svg/trend.h"
#include "render/svg/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define W 720.0
#define H 300.0
#define ML 86.0 /* margins: value labels, right edge, title and legend, date labels */
#define MR 24.0
#define MT 52.0
#define MB 44.0
#define MAX_LABELS 8

static const td_svg_frame frame = {W, H, ML, MR, MT, MB};

static const td_svg_css css = {".line{fill:none;stroke:#0969da;stroke-width:2.5;stroke-linejoin:round}"
                               ".pt{fill:#0969da}.ok{fill:#1a7f37}.bad{fill:#cf222e}"
                               ".thr{stroke:#bc4c00;stroke-width:1.5;stroke-dasharray:6 4}"
                               ".thrtext{fill:#bc4c00}",
                               ".line{stroke:#58a6ff}.pt{fill:#58a6ff}.ok{fill:#3fb950}.bad{fill:#ff7b72}"
                               ".thr{stroke:#f0883e}.thrtext{fill:#f0883e}"};

typedef struct scale {
	td_svg_axis axis;
	int decimals;
	const char *unit;
} scale;

/* Round steps (1, 2 or 5 times a power of ten) that cover [lo, hi] in about four. */
static void nice_scale(scale *s, double lo, double hi)
{
	if (hi - lo < 1e-12 * fmax(fabs(hi), 1)) {
		double pad = fabs(hi) > 0 ? fabs(hi) * 0.5 : 1;
		lo -= pad;
		hi += pad;
		if (lo < 0 && hi - pad >= 0)
			lo = 0;
	}
	td_svg_axis *a = &s->axis;
	a->step = td_svg_nice_step(hi - lo, 4, false);
	a->lo = floor(lo / a->step + 1e-9) * a->step;
	a->hi = ceil(hi / a->step - 1e-9) * a->step;
	if (a->hi <= a->lo)
		a->hi = a->lo + a->step;
	double d = -floor(log10(a->step) + 1e-9);
	s->decimals = d > 0 ? (int)d : 0;
}

static double ypos(const scale *s, double v)
{
	return td_svg_y(&frame, &s->axis, v);
}

static void put_text(td_buf *b, const char *s)
{
	td_svg_xml_escape(b, s);
}

/* A value label: v with the scale's decimals and the unit (a td_svg_label_fn). */
static void tick_label(td_buf *b, double v, const void *scale_)
{
	const scale *s = scale_;
	const char *unit = s->unit;
	char num[64];
	snprintf(num, sizeof num, "%.*f", s->decimals, fabs(v) < s->axis.step * 1e-9 ? 0.0 : v);
	td_buf_puts(b, num);
	if (unit && *unit) {
		if (strcmp(unit, "%") != 0)
			td_buf_putc(b, ' ');
		put_text(b, unit);
	}
}

static bool meets(const json_t *thresholds, double v)
{
	size_t i;
	json_t *t;
	json_array_foreach(thresholds, i, t)
	{
		double x = json_number_value(json_object_get(t, "value"));
		bool is_min = !strcmp(json_string_value(json_object_get(t, "kind")), "min");
		double eps = 1e-12 * fmax(fabs(x), 1e-300);
		if (is_min ? v < x - eps : v > x + eps)
			return false;
	}
	return true;
}

static const char *str(const json_t *o, const char *k, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : dflt;
}

static void describe(td_buf *b, const char *name, const json_t *points, const json_t *thresholds)
{
	size_t n = json_array_size(points);
	const json_t *last = json_array_get(points, n - 1);
	td_buf_printf(b, "%zu run%s of ", n, n == 1 ? "" : "s");
	put_text(b, name);
	td_buf_puts(b, "; latest ");
	put_text(b, str(last, "text", ""));
	td_buf_puts(b, " (");
	put_text(b, str(last, "date", "undated"));
	td_buf_puts(b, ")");
	size_t i;
	json_t *t;
	json_array_foreach(thresholds, i, t)
	{
		td_buf_puts(b, i ? ", " : "; threshold ");
		put_text(b, str(t, "text", ""));
	}
	td_buf_puts(b, ". Values: ");
	json_t *p;
	json_array_foreach(points, i, p)
	{
		if (i)
			td_buf_puts(b, ", ");
		put_text(b, str(p, "text", ""));
		td_buf_puts(b, " (");
		put_text(b, str(p, "date", "undated"));
		td_buf_puts(b, ")");
	}
	td_buf_puts(b, ".");
}

/* The range the axis must show: every value and threshold, from zero (a
 * throughput or a time is read against zero), with room above. */
static void value_range(scale *s, const json_t *points, const json_t *thresholds)
{
	double lo = 0, hi = 0;
	bool first = true;
	size_t i;
	json_t *p;
	json_array_foreach(points, i, p)
	{
		double v = json_number_value(json_object_get(p, "value"));
		lo = first ? v : fmin(lo, v);
		hi = first ? v : fmax(hi, v);
		first = false;
	}
	json_t *t;
	json_array_foreach(thresholds, i, t)
	{
		double v = json_number_value(json_object_get(t, "value"));
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	if (lo > 0)
		lo = 0;
	hi += (hi - lo) * 0.08;
	nice_scale(s, lo, hi);
}

/* The frame with its title, text alternative and legend. */
static void head(td_buf *out, const char *name, const char *unit, const json_t *points,
                 const json_t *thresholds)
{
	td_buf title = TD_BUF_INIT, desc = TD_BUF_INIT;
	td_buf_puts(&title, "Trend of ");
	put_text(&title, name);
	describe(&desc, name, points, thresholds);
	td_svg_open(out, &frame, &css, "tr", td_buf_cstr(&title), td_buf_cstr(&desc));
	td_buf_free(&title);
	td_buf_free(&desc);
	td_buf_puts(out, "<text class=\"title\" x=\"16\" y=\"24\">");
	put_text(out, name);
	if (*unit) {
		td_buf_puts(out, " (");
		put_text(out, unit);
		td_buf_puts(out, ")");
	}
	td_buf_puts(out, "</text>");
	/* legend */
	td_buf_printf(out, "<line class=\"line\" x1=\"16\" y1=\"39\" x2=\"34\" y2=\"39\"/>"
	                   "<text x=\"40\" y=\"43\">value per run</text>");
	if (json_array_size(thresholds))
		td_buf_printf(out, "<line class=\"thr\" x1=\"150\" y1=\"39\" x2=\"176\" y2=\"39\"/>"
		                   "<text x=\"182\" y=\"43\">threshold</text>");
}

static void threshold_lines(td_buf *out, const scale *s, const json_t *thresholds)
{
	size_t i;
	json_t *t;
	json_array_foreach(thresholds, i, t)
	{
		double y = ypos(s, json_number_value(json_object_get(t, "value")));
		td_buf_printf(out, "<line class=\"thr\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              ML, y, W - MR, y);
		td_buf_printf(out, "<text class=\"thrtext\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		              W - MR - 4, y - 6);
		put_text(out, str(t, "text", ""));
		td_buf_puts(out, "</text>");
	}
}

/* The runs, evenly spaced: a run is an event, not a point in a calendar. */
static void runs(td_buf *out, const scale *s, const json_t *points, const json_t *thresholds)
{
	size_t n = json_array_size(points), i;
	json_t *p;
	double pad = 28, x0 = ML + pad, x1 = W - MR - pad;
	double dx = n > 1 ? (x1 - x0) / (double)(n - 1) : 0;
	size_t every = (n + MAX_LABELS - 1) / MAX_LABELS;
	if (n > 1) {
		td_buf_puts(out, "<polyline class=\"line\" points=\"");
		json_array_foreach(points, i, p)
		    td_buf_printf(out, "%s%.1f,%.1f", i ? " " : "", x0 + dx * (double)i,
		                  ypos(s, json_number_value(json_object_get(p, "value"))));
		td_buf_puts(out, "\"/>");
	}
	json_array_foreach(points, i, p)
	{
		double v = json_number_value(json_object_get(p, "value"));
		double x = n > 1 ? x0 + dx * (double)i : (x0 + x1) / 2;
		const char *cls = !json_array_size(thresholds) ? "pt" : meets(thresholds, v) ? "ok" : "bad";
		td_buf_printf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"><title>", cls, x,
		              ypos(s, v));
		put_text(out, str(p, "text", ""));
		td_buf_puts(out, " · ");
		put_text(out, str(p, "date", "undated"));
		td_buf_puts(out, " · ");
		put_text(out, str(p, "suite", ""));
		td_buf_puts(out, "</title></circle>");
		if ((n - 1 - i) % every ==
		    0) { /* spaced back from the newest run, which is always labelled */
			td_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
			              H - MB + 18);
			put_text(out, str(p, "date", "undated"));
			td_buf_puts(out, "</text>");
		}
	}
}

int td_svg_trend(td_buf *out, const json_t *bench)
{
	const json_t *points = json_object_get(bench, "points");
	const json_t *thresholds = json_object_get(bench, "thresholds");
	if (!json_array_size(points))
		return -1;
	const char *name = str(bench, "name", "");
	scale s;
	s.unit = str(bench, "unit", "");
	value_range(&s, points, thresholds);
	head(out, name, s.unit, points, thresholds);
	/* value grid and labels */
	td_svg_value_grid(out, &frame, &s.axis, 8, tick_label, &s);
	td_svg_baseline(out, &frame);
	threshold_lines(out, &s, thresholds);
	runs(out, &s, points, thresholds);
	td_buf_puts(out, "</svg>\n");
	return 0;
}

void td_render_trend_charts(td_outset *pages, json_t *view)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(json_object_get(view, "evidence"), "benchmarks"), i, b)
	{
		const char *path = json_string_value(json_object_get(b, "chart"));
		td_buf svg = TD_BUF_INIT;
		if (path && td_svg_trend(&svg, b) == 0)
			td_outset_add_buf(pages, path, &svg);
		td_buf_free(&svg);
	}
}
