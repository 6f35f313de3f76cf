/* burndown.c - burn-down charts as SVG (see burndown.h). Every number is
 * printed with a fixed format in the C locale, so the bytes only depend on
 * the view. */
#include "render/svg/burndown.h"
#include "render/svg/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 720.0
#define H 340.0
#define ML 62.0 /* margins: left axis labels, right axis labels, legend, date labels */
#define MT 44.0
#define MB 40.0

/* ---- data ---- */

typedef struct pts {
	td_date *d;
	double *rem, *scope, *tasks, *scope_tasks;
	size_t n;
} pts;

static double num(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static td_date date_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	td_date d;
	return s && td_date_parse(s, &d) == 0 ? d : TD_DATE_NONE;
}

static void read_points(pts *p, const td_chart *c)
{
	size_t cap = json_array_size(c->series);
	memset(p, 0, sizeof *p);
	if (!cap)
		return;
	p->d = td_xmalloc(cap * sizeof *p->d);
	p->rem = td_xmalloc(cap * sizeof *p->rem);
	p->scope = td_xmalloc(cap * sizeof *p->scope);
	p->tasks = td_xmalloc(cap * sizeof *p->tasks);
	p->scope_tasks = td_xmalloc(cap * sizeof *p->scope_tasks);
	td_date upto = TD_DATE_NONE;
	if (c->upto)
		td_date_parse(c->upto, &upto);
	size_t i;
	json_t *pt;
	json_array_foreach(c->series, i, pt)
	{
		td_date d = date_of(pt, "date");
		if (d == TD_DATE_NONE || (upto != TD_DATE_NONE && d > upto))
			break;
		p->d[p->n] = d;
		p->tasks[p->n] = num(pt, "remaining_tasks");
		p->scope_tasks[p->n] = num(pt, "scope_tasks");
		if (c->by == TD_CHART_TASKS) {
			p->rem[p->n] = p->tasks[p->n];
			p->scope[p->n] = p->scope_tasks[p->n];
		} else {
			p->rem[p->n] = num(pt, "remaining_hours");
			p->scope[p->n] = num(pt, "scope_hours");
		}
		p->n++;
	}
}

static void free_points(pts *p)
{
	free(p->d);
	free(p->rem);
	free(p->scope);
	free(p->tasks);
	free(p->scope_tasks);
}

/* ---- scales ---- */

typedef struct scale {
	td_svg_frame f; /* the right margin makes room for the tasks axis */
	td_date x0, x1;
	td_svg_axis y, t; /* the left (primary) and the right (tasks) axis, from 0 */
} scale;

static double px(const scale *s, td_date d)
{
	return ML + (double)(d - s->x0) / (double)(s->x1 - s->x0) * (W - ML - s->f.mr);
}

static double py(const scale *s, const td_svg_axis *a, double v)
{
	return td_svg_y(&s->f, a, v);
}

/* An axis from 0 to a round step above max (4 % of room), in at most 6 steps. */
static void fit_axis(td_svg_axis *a, double max, double min_step)
{
	a->lo = 0;
	a->step = td_svg_nice_step(max, 5, true);
	if (a->step < min_step)
		a->step = min_step;
	a->hi = fmax(a->step, ceil(max * 1.04 / a->step) * a->step);
}

/* ---- drawing helpers ---- */

static void fmt_num(td_buf *b, double v)
{
	if (fabs(v - round(v)) < 0.05)
		td_buf_printf(b, "%.0f", v);
	else
		td_buf_printf(b, "%.1f", v);
}

/* A tick label: 1234 -> "1,234"; 12500 -> "12.5k" (a td_svg_label_fn). */
static void tick_label(td_buf *b, double v, const void *unused)
{
	if (v >= 10000) {
		double k = v / 1000.0;
		if (fabs(k - round(k)) < 0.05)
			td_buf_printf(b, "%.0fk", k);
		else
			td_buf_printf(b, "%.1fk", k);
	} else if (v >= 1000 && fabs(v - round(v)) < 1e-9) {
		long n = lround(v);
		td_buf_printf(b, "%ld,%03ld", n / 1000, n % 1000);
	} else {
		fmt_num(b, v);
	}
}

static void date_text(td_buf *b, td_date d)
{
	char s[11];
	td_date_format(d, s);
	td_buf_puts(b, s);
}

/* A path through (x, y) points, dropping the middle of flat runs. */
static void polyline(td_buf *b, const scale *s, const pts *p, const double *v, const td_svg_axis *a)
{
	td_buf_puts(b, "M");
	for (size_t i = 0; i < p->n; i++) {
		bool flat_mid = i > 0 && i + 1 < p->n && v[i - 1] == v[i] && v[i + 1] == v[i];
		if (flat_mid)
			continue;
		td_buf_printf(b, "%s%.1f,%.1f", i ? " L" : "", px(s, p->d[i]), py(s, a, v[i]));
	}
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Date ticks: days, Mondays, months, quarters or years, at most 8. */
static void date_ticks(td_buf *b, const scale *s)
{
	int span = (int)(s->x1 - s->x0);
	td_date ticks[64];
	size_t n = 0;
	int kind; /* 0 days, 1 weeks, 2 months */
	int every = 1;
	if (span <= 10) {
		kind = 0;
	} else if (span <= 70) {
		kind = 1;
		every = (span / 7 + 7) / 8;
	} else {
		kind = 2;
		int months = span / 30;
		every = months <= 8 ? 1 : months <= 16 ? 2 : months <= 24 ? 3 : months <= 48 ? 6 : 12;
	}
	if (kind == 0) {
		for (td_date d = s->x0; d <= s->x1 && n < TD_ARRAY_LEN(ticks); d++)
			ticks[n++] = d;
	} else if (kind == 1) {
		td_date d = s->x0 + (8 - td_date_weekday(s->x0)) % 7; /* the first Monday */
		for (; d <= s->x1 && n < TD_ARRAY_LEN(ticks); d += 7 * every)
			ticks[n++] = d;
	} else {
		int y, m, dd;
		td_date_to_ymd(s->x0, &y, &m, &dd);
		if (dd > 1) {
			m++;
			if (m > 12)
				m = 1, y++;
		}
		/* start on a month that is a multiple of the step (Jan, Apr, Jul, ...) */
		while ((m - 1) % every)
			if (++m > 12)
				m = 1, y++;
		for (;;) {
			td_date d = td_date_from_ymd(y, m, 1);
			if (d > s->x1 || n >= TD_ARRAY_LEN(ticks))
				break;
			ticks[n++] = d;
			m += every;
			while (m > 12)
				m -= 12, y++;
		}
	}
	double base = H - MB;
	for (size_t i = 0; i < n; i++) {
		double x = px(s, ticks[i]);
		int y, m, d;
		td_date_to_ymd(ticks[i], &y, &m, &d);
		td_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x,
		              base, x, base + 4);
		td_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, base + 16);
		if (kind == 2 && every == 12)
			td_buf_printf(b, "%d", y);
		else if (kind == 2)
			td_buf_printf(b, "%s %d", month_abbr[m - 1], y);
		else
			td_buf_printf(b, "%d %s", d, month_abbr[m - 1]);
		td_buf_puts(b, "</text>");
	}
}

static const td_svg_css css = {
    ".rem{fill:none;stroke:#0969da;stroke-width:2.5;stroke-linejoin:round}"
    ".area{fill:#0969da;fill-opacity:.10}"
    ".scope{fill:none;stroke:#cf222e;stroke-width:1.5;stroke-dasharray:6 4}"
    ".tasks{fill:none;stroke:#57606a;stroke-width:1.5;stroke-dasharray:2 3}"
    ".ideal{fill:none;stroke:#1a7f37;stroke-width:1.5;stroke-dasharray:10 5}"
    ".band{fill:#fb8500;fill-opacity:.22}"
    ".fc{fill:none;stroke:#bc4c00;stroke-width:2;stroke-dasharray:4 3}"
    ".today{stroke:#8250df;stroke-width:1.5}"
    ".todaytext{fill:#8250df}",
    ".rem{stroke:#58a6ff}.area{fill:#58a6ff;fill-opacity:.14}.scope{stroke:#ff7b72}.tasks{stroke:#8b949e}"
    ".ideal{stroke:#3fb950}.band{fill:#f0883e;fill-opacity:.28}.fc{stroke:#f0883e}.today{stroke:#d2a8ff}"
    ".todaytext{fill:#d2a8ff}"};

static void legend_item(td_buf *b, double *x, const char *cls, const char *label, bool box)
{
	if (box)
		td_buf_printf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"25\" width=\"18\" height=\"10\"/>", cls,
		              *x);
	else
		td_buf_printf(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"30\"/>", cls, *x,
		              *x + 18);
	td_buf_printf(b, "<text x=\"%.1f\" y=\"34\">%s</text>", *x + 23, label);
	*x += 23 + 6.3 * (double)strlen(label) + 14;
}

/* The text alternative: what the chart says, in two or three sentences. */
static void describe(td_buf *b, const pts *p, const td_chart *c, const json_t *fc, const char *unit)
{
	size_t l = p->n - 1;
	td_buf_puts(b, "From ");
	date_text(b, p->d[0]);
	td_buf_puts(b, " to ");
	date_text(b, p->d[l]);
	td_buf_puts(b, ", remaining work went from ");
	fmt_num(b, p->rem[0]);
	td_buf_printf(b, " %s (", unit);
	fmt_num(b, p->tasks[0]);
	td_buf_puts(b, " tasks) to ");
	fmt_num(b, p->rem[l]);
	td_buf_printf(b, " %s (", unit);
	fmt_num(b, p->tasks[l]);
	td_buf_puts(b, " tasks); the scope went from ");
	fmt_num(b, p->scope[0]);
	td_buf_puts(b, " to ");
	fmt_num(b, p->scope[l]);
	td_buf_printf(b, " %s.", unit);
	if (c->ideal_end || c->target) {
		td_buf_puts(b, c->ideal_end ? " The ideal line reaches zero on " : " The ideal line reaches zero on the target date, ");
		td_svg_xml_escape(b, c->ideal_end ? c->ideal_end : c->target);
		td_buf_puts(b, ".");
	}
	if (!fc)
		return;
	const char *st = json_string_value(json_object_get(fc, "status"));
	json_t *fin = json_object_get(fc, "finish");
	double vel = num(fc, "velocity_hours_per_week");
	if (st && !strcmp(st, "ok")) {
		td_buf_puts(b, " Forecast at ");
		fmt_num(b, vel);
		td_buf_puts(b, " hours a week: done around ");
		td_svg_xml_escape(b, json_string_value(json_object_get(fin, "expected")));
		const char *o = json_string_value(json_object_get(fin, "optimistic"));
		const char *pe = json_string_value(json_object_get(fin, "pessimistic"));
		if (o) {
			td_buf_puts(b, ", between ");
			td_svg_xml_escape(b, o);
			td_buf_puts(b, " and ");
			td_svg_xml_escape(b, pe ? pe : "more than ten years from now");
		}
		td_buf_puts(b, ".");
	} else if (st && !strcmp(st, "done")) {
		td_buf_puts(b, " All work is done.");
	} else if (st && !strcmp(st, "no-velocity")) {
		td_buf_printf(b, " No forecast: no work was done in the last %d weeks.",
		              (int)num(fc, "weeks"));
	} else if (st && !strcmp(st, "too-far")) {
		td_buf_puts(b, " No forecast: at the recent pace the work would take more than ten years.");
	} else if (st && !strcmp(st, "unestimated")) {
		td_buf_puts(b, " No forecast: the remaining tasks have no estimates.");
	}
}

/* One chart being drawn: the points, the scales and what the forecast
 * and the ideal line add to them. */
typedef struct chart {
	const td_chart *c;
	pts p;
	scale s;
	const json_t *fc;            /* the forecast the text describes, or NULL */
	bool fc_ok;                  /* a forecast to draw */
	td_date f_opt, f_exp, f_pes; /* its finish dates (TD_DATE_NONE: none) */
	td_date ideal_end;           /* a sprint's end or the plan's target, or TD_DATE_NONE */
	bool hours;                  /* by hours (with a tasks axis on the right), else by tasks */
} chart;

/* The forecast and ideal dates, and scales for the history and them. */
static void fit(chart *ch)
{
	const td_chart *c = ch->c;
	const pts *p = &ch->p;
	const json_t *fc = c->forecast;
	ch->fc_ok = fc && !c->ideal_end && json_is_true(json_object_get(fc, "ok"));
	ch->fc = ch->fc_ok || (fc && !c->ideal_end) ? fc : NULL;
	json_t *fin = fc ? json_object_get(fc, "finish") : NULL;
	ch->f_opt = ch->fc_ok ? date_of(fin, "optimistic") : TD_DATE_NONE;
	ch->f_exp = ch->fc_ok ? date_of(fin, "expected") : TD_DATE_NONE;
	ch->f_pes = ch->fc_ok ? date_of(fin, "pessimistic") : TD_DATE_NONE;
	ch->ideal_end = TD_DATE_NONE;
	if (c->ideal_end || c->target)
		td_date_parse(c->ideal_end ? c->ideal_end : c->target, &ch->ideal_end);
	ch->hours = c->by == TD_CHART_HOURS;

	scale *s = &ch->s;
	s->f = (td_svg_frame){W, H, ML, ch->hours ? 52.0 : 24.0, MT, MB};
	s->x0 = p->d[0];
	td_date last = p->d[p->n - 1];
	s->x1 = last;
	/* always to the forecast's end (the band's far side, or the expected
	 * finish when the band has none) and the ideal line's */
	td_date want = ch->f_pes != TD_DATE_NONE ? ch->f_pes : ch->f_exp;
	if (ch->ideal_end != TD_DATE_NONE && (want == TD_DATE_NONE || ch->ideal_end > want))
		want = ch->ideal_end;
	if (want != TD_DATE_NONE && want > s->x1)
		s->x1 = want;
	if (s->x1 <= s->x0)
		s->x1 = s->x0 + 1;
	double ymax = 0, tmax = 0;
	for (size_t i = 0; i < p->n; i++) {
		ymax = fmax(ymax, fmax(p->rem[i], p->scope[i]));
		tmax = fmax(tmax, p->tasks[i]);
	}
	fit_axis(&s->y, ymax, 0);
	fit_axis(&s->t, tmax, 1);
}

/* The frame, the plot's clip path, the title and the legend. */
static void head(td_buf *out, const chart *ch)
{
	const td_chart *c = ch->c;
	const scale *s = &ch->s;
	td_buf title = TD_BUF_INIT, desc = TD_BUF_INIT;
	td_svg_xml_escape(&title, c->title);
	describe(&desc, &ch->p, c, ch->fc, ch->hours ? "hours" : "tasks");
	td_svg_open(out, &s->f, &css, "bd", td_buf_cstr(&title), td_buf_cstr(&desc));
	td_buf_free(&desc);
	td_buf_printf(out,
	              "<clipPath id=\"bd-plot\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	              "height=\"%.1f\"/></clipPath>",
	              ML, MT - 2, W - ML - s->f.mr, H - MT - MB + 2);
	/* title and legend */
	td_buf_printf(out, "<text class=\"title\" x=\"12\" y=\"17\">%s</text>", td_buf_cstr(&title));
	td_buf_free(&title);
	double lx = 12;
	bool hours = ch->hours;
	legend_item(out, &lx, "rem", hours ? "Remaining hours" : "Remaining tasks", false);
	legend_item(out, &lx, "scope", hours ? "Scope (hours)" : "Scope (tasks)", false);
	if (hours)
		legend_item(out, &lx, "tasks", "Remaining tasks (right axis)", false);
	if (ch->ideal_end != TD_DATE_NONE)
		legend_item(out, &lx, "ideal", c->ideal_end ? "Ideal" : "Ideal (to the target)", false);
	if (ch->fc_ok)
		legend_item(out, &lx, "band", "Forecast", true);
}

/* The grid with the left axis, the right (tasks) axis, the axis titles and the dates. */
static void axes(td_buf *out, const chart *ch)
{
	const scale *s = &ch->s;
	td_svg_value_grid(out, &s->f, &s->y, 6, tick_label, NULL);
	if (ch->hours)
		td_svg_value_labels_right(out, &s->f, &s->t, 6, tick_label, NULL);
	td_buf_printf(
	    out,
	    "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>",
	    (MT + H - MB) / 2, (MT + H - MB) / 2, ch->hours ? "hours" : "tasks");
	if (ch->hours)
		td_buf_printf(out,
		              "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(90 %.1f %.1f)\" "
		              "text-anchor=\"middle\">tasks</text>",
		              W - 10, (MT + H - MB) / 2, W - 10, (MT + H - MB) / 2);
	td_svg_baseline(out, &s->f);
	date_ticks(out, s);
}

/* The data, clipped to the plot: forecast band, remaining work as an
 * area, scope, tasks, the ideal and forecast lines, remaining work. */
static void data(td_buf *out, const chart *ch)
{
	const scale *s = &ch->s;
	const pts *p = &ch->p;
	const td_svg_axis *y = &s->y;
	td_date last = p->d[p->n - 1];
	td_buf_puts(out, "<g clip-path=\"url(#bd-plot)\">");
	double rem_last = p->rem[p->n - 1];
	if (ch->fc_ok) {
		double x = px(s, last), yl = py(s, y, rem_last), yz = py(s, y, 0);
		double xo = px(s, ch->f_opt != TD_DATE_NONE ? ch->f_opt : ch->f_exp);
		double xp = ch->f_pes != TD_DATE_NONE ? px(s, ch->f_pes) : W;
		td_buf_printf(out, "<path class=\"band\" d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\"/>", x, yl,
		              xo, yz, xp, yz);
	}
	td_buf_puts(out, "<path class=\"area\" d=\"");
	polyline(out, s, p, p->rem, y);
	td_buf_printf(out, " L%.1f,%.1f L%.1f,%.1f Z\"/>", px(s, last), py(s, y, 0), px(s, s->x0),
	              py(s, y, 0));
	td_buf_puts(out, "<path class=\"scope\" d=\"");
	polyline(out, s, p, p->scope, y);
	td_buf_puts(out, "\"/>");
	if (ch->hours) {
		td_buf_puts(out, "<path class=\"tasks\" d=\"");
		polyline(out, s, p, p->tasks, &s->t);
		td_buf_puts(out, "\"/>");
	}
	td_date zero = ch->ideal_end;
	if (zero != TD_DATE_NONE)
		td_buf_printf(out, "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              px(s, s->x0), py(s, y, p->rem[0]), px(s, zero), py(s, y, 0));
	if (ch->fc_ok)
		td_buf_printf(out, "<line class=\"fc\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              px(s, last), py(s, y, rem_last), px(s, ch->f_exp), py(s, y, 0));
	td_buf_puts(out, "<path class=\"rem\" d=\"");
	polyline(out, s, p, p->rem, y);
	td_buf_puts(out, "\"/>");
	td_buf_puts(out, "</g>");
}

/* The as-of marker: a line at the last point, labelled with its date. */
static void as_of(td_buf *out, const chart *ch)
{
	const scale *s = &ch->s;
	td_date last = ch->p.d[ch->p.n - 1];
	double xt = px(s, last);
	td_buf_printf(out, "<line class=\"today\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", xt,
	              MT - 4, xt, H - MB);
	bool left = xt > W - s->f.mr - 120;
	td_buf_printf(out, "<text class=\"todaytext\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">as of ",
	              left ? xt - 4 : xt + 4, MT + 8, left ? "end" : "start");
	date_text(out, last);
	td_buf_puts(out, "</text>");
}

int td_svg_burndown(td_buf *out, const td_chart *c)
{
	chart ch = {.c = c};
	read_points(&ch.p, c);
	if (ch.p.n < 2) {
		free_points(&ch.p);
		return -1;
	}
	fit(&ch);
	head(out, &ch);
	axes(out, &ch);
	data(out, &ch);
	as_of(out, &ch);
	td_buf_puts(out, "</svg>\n");
	free_points(&ch.p);
	return 0;
}

static void add_chart(td_outset *pages, const char *path, const td_chart *c)
{
	if (!path)
		return;
	td_buf b = TD_BUF_INIT;
	if (td_svg_burndown(&b, c) == 0)
		td_outset_add_buf(pages, path, &b);
	td_buf_free(&b);
}

void td_render_burndown_charts(td_outset *pages, json_t *view)
{
	td_buf title = TD_BUF_INIT;
	json_t *series = json_object_get(view, "burndown");
	const char *name = json_string_value(json_object_get(json_object_get(view, "project"), "name"));
	td_buf_printf(&title, "Burn-down: %s", name ? name : "the plan");
	const char *target = json_string_value(json_object_get(json_object_get(view, "forecast"), "target"));
	td_chart c = {series, json_object_get(view, "forecast"), td_buf_cstr(&title), NULL, NULL, target,
	              TD_CHART_HOURS};
	add_chart(pages, json_string_value(json_object_get(view, "burndown_chart")), &c);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(view, "workstreams"), i, v)
	{
		td_buf_clear(&title);
		td_buf_printf(&title, "Burn-down: %s", json_string_value(json_object_get(v, "title")));
		td_chart wc = {json_object_get(v, "burndown"),
		               json_object_get(v, "forecast"),
		               td_buf_cstr(&title),
		               NULL,
		               NULL,
		               NULL,
		               TD_CHART_HOURS};
		add_chart(pages, json_string_value(json_object_get(v, "burndown_chart")), &wc);
	}
	json_array_foreach(json_object_get(view, "sprints"), i, v)
	{
		td_buf_clear(&title);
		td_buf_printf(&title, "Sprint burn-down: %s", json_string_value(json_object_get(v, "name")));
		td_chart sc = {json_object_get(v, "burndown"),
		               NULL,
		               td_buf_cstr(&title),
		               NULL,
		               json_string_value(json_object_get(v, "end")),
		               NULL,
		               TD_CHART_HOURS};
		add_chart(pages, json_string_value(json_object_get(v, "burndown_chart")), &sc);
	}
	json_array_foreach(json_object_get(json_object_get(view, "weekly"), "reports"), i, v)
	{
		td_buf_clear(&title);
		td_buf_printf(&title, "Burn-down to the end of %s",
		              json_string_value(json_object_get(v, "id")));
		td_chart kc = {series,
		               json_object_get(v, "forecast"),
		               td_buf_cstr(&title),
		               json_string_value(json_object_get(v, "upto")),
		               NULL,
		               target,
		               TD_CHART_HOURS};
		add_chart(pages, json_string_value(json_object_get(v, "chart")), &kc);
	}
	td_buf_free(&title);
}
