/* burndown.c - burn-down charts as SVG (see burndown.h). Every number is
 * printed with a fixed format in the C locale, so the bytes only depend on
 * the view. */
#include "render/svg/burndown.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 720.0
#define H 340.0
#define ML 62.0 /* margins: left axis labels, right axis labels, legend, date labels */
#define MT 44.0
#define MB 40.0

/* ---- escaping (XML text and attribute values) ---- */

static void xml_escape(td_buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			td_buf_puts(out, "&amp;");
			break;
		case '<':
			td_buf_puts(out, "&lt;");
			break;
		case '>':
			td_buf_puts(out, "&gt;");
			break;
		case '"':
			td_buf_puts(out, "&quot;");
			break;
		case '\'':
			td_buf_puts(out, "&#39;");
			break;
		default:
			td_buf_putc(out, *s);
		}
	}
}

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
	td_date x0, x1;
	double y1, t1; /* top of the left (primary) and right (tasks) axes */
	double ystep, tstep;
	double right; /* right margin */
} scale;

static double px(const scale *s, td_date d)
{
	return ML + (double)(d - s->x0) / (double)(s->x1 - s->x0) * (W - ML - s->right);
}

static double py(const scale *s, double v, double top)
{
	return MT + (1.0 - v / top) * (H - MT - MB);
}

/* A round step so that [0, max] needs at most 6 of them. */
static double nice_step(double max)
{
	if (max <= 0)
		return 1;
	double raw = max / 5.0, mag = pow(10, floor(log10(raw)));
	static const double mult[] = {1, 2, 2.5, 5, 10};
	for (size_t i = 0; i < TD_ARRAY_LEN(mult); i++)
		if (mult[i] * mag >= raw)
			return mult[i] * mag;
	return 10 * mag;
}

/* ---- drawing helpers ---- */

static void fmt_num(td_buf *b, double v)
{
	if (fabs(v - round(v)) < 0.05)
		td_buf_printf(b, "%.0f", v);
	else
		td_buf_printf(b, "%.1f", v);
}

/* A tick label: 1234 -> "1,234"; 12500 -> "12.5k". */
static void tick_label(td_buf *b, double v)
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
static void polyline(td_buf *b, const scale *s, const pts *p, const double *v, double top)
{
	td_buf_puts(b, "M");
	for (size_t i = 0; i < p->n; i++) {
		bool flat_mid = i > 0 && i + 1 < p->n && v[i - 1] == v[i] && v[i + 1] == v[i];
		if (flat_mid)
			continue;
		td_buf_printf(b, "%s%.1f,%.1f", i ? " L" : "", px(s, p->d[i]), py(s, v[i], top));
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

static const char style[] =
    "<style>"
    ".bg{fill:#ffffff;stroke:#d0d7de}"
    "text{fill:#24292f;font:12px system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}"
    ".title{font-weight:600;font-size:13px}"
    ".grid{stroke:#e6e8eb}"
    ".axis{stroke:#8c959f}"
    ".rem{fill:none;stroke:#0969da;stroke-width:2.5;stroke-linejoin:round}"
    ".area{fill:#0969da;fill-opacity:.10}"
    ".scope{fill:none;stroke:#cf222e;stroke-width:1.5;stroke-dasharray:6 4}"
    ".tasks{fill:none;stroke:#57606a;stroke-width:1.5;stroke-dasharray:2 3}"
    ".ideal{fill:none;stroke:#1a7f37;stroke-width:1.5;stroke-dasharray:10 5}"
    ".band{fill:#fb8500;fill-opacity:.22}"
    ".fc{fill:none;stroke:#bc4c00;stroke-width:2;stroke-dasharray:4 3}"
    ".today{stroke:#8250df;stroke-width:1.5}"
    ".todaytext{fill:#8250df}"
    "@media (prefers-color-scheme:dark){"
    ".bg{fill:#0d1117;stroke:#30363d}text{fill:#e6edf3}.grid{stroke:#21262d}.axis{stroke:#6e7681}"
    ".rem{stroke:#58a6ff}.area{fill:#58a6ff;fill-opacity:.14}.scope{stroke:#ff7b72}.tasks{stroke:#8b949e}"
    ".ideal{stroke:#3fb950}.band{fill:#f0883e;fill-opacity:.28}.fc{stroke:#f0883e}.today{stroke:#d2a8ff}"
    ".todaytext{fill:#d2a8ff}}"
    "</style>";

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
	if (c->ideal_end) {
		td_buf_puts(b, " The ideal line reaches zero on ");
		xml_escape(b, c->ideal_end);
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
		xml_escape(b, json_string_value(json_object_get(fin, "expected")));
		const char *o = json_string_value(json_object_get(fin, "optimistic"));
		const char *pe = json_string_value(json_object_get(fin, "pessimistic"));
		if (o) {
			td_buf_puts(b, ", between ");
			xml_escape(b, o);
			td_buf_puts(b, " and ");
			xml_escape(b, pe ? pe : "more than ten years from now");
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

int td_svg_burndown(td_buf *out, const td_chart *c)
{
	pts p;
	read_points(&p, c);
	if (p.n < 2) {
		free_points(&p);
		return -1;
	}
	const json_t *fc = c->forecast;
	bool fc_ok = fc && !c->ideal_end && json_is_true(json_object_get(fc, "ok"));
	json_t *fin = fc ? json_object_get(fc, "finish") : NULL;
	td_date f_opt = fc_ok ? date_of(fin, "optimistic") : TD_DATE_NONE;
	td_date f_exp = fc_ok ? date_of(fin, "expected") : TD_DATE_NONE;
	td_date f_pes = fc_ok ? date_of(fin, "pessimistic") : TD_DATE_NONE;
	td_date ideal_end = TD_DATE_NONE;
	if (c->ideal_end)
		td_date_parse(c->ideal_end, &ideal_end);
	bool hours = c->by == TD_CHART_HOURS;
	const char *unit = hours ? "hours" : "tasks";

	scale s = {0};
	s.right = hours ? 52.0 : 24.0;
	s.x0 = p.d[0];
	td_date last = p.d[p.n - 1];
	s.x1 = last;
	/* room for the forecast, but not so much that the history is a sliver */
	td_date limit = last + (td_date)fmax(3.0 * (double)(last - s.x0), 28.0);
	td_date want = f_pes != TD_DATE_NONE ? f_pes : f_exp;
	if (ideal_end != TD_DATE_NONE && ideal_end > want)
		want = ideal_end;
	if (want != TD_DATE_NONE && want > s.x1)
		s.x1 = want < limit ? want : limit;
	if (s.x1 <= s.x0)
		s.x1 = s.x0 + 1;
	double ymax = 0, tmax = 0;
	for (size_t i = 0; i < p.n; i++) {
		ymax = fmax(ymax, fmax(p.rem[i], p.scope[i]));
		tmax = fmax(tmax, p.tasks[i]);
	}
	s.ystep = nice_step(ymax);
	s.y1 = fmax(s.ystep, ceil(ymax * 1.04 / s.ystep) * s.ystep);
	s.tstep = nice_step(tmax);
	if (s.tstep < 1)
		s.tstep = 1;
	s.t1 = fmax(s.tstep, ceil(tmax * 1.04 / s.tstep) * s.tstep);

	td_buf_printf(out,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	              "height=\"%.0f\" "
	              "role=\"img\" aria-labelledby=\"bd-title bd-desc\">",
	              W, H, W, H);
	td_buf_puts(out, "<title id=\"bd-title\">");
	xml_escape(out, c->title);
	td_buf_puts(out, "</title><desc id=\"bd-desc\">");
	describe(out, &p, c, fc_ok || (fc && !c->ideal_end) ? fc : NULL, unit);
	td_buf_puts(out, "</desc>");
	td_buf_puts(out, style);
	td_buf_printf(out, "<rect class=\"bg\" x=\"0.5\" y=\"0.5\" width=\"%.0f\" height=\"%.0f\" rx=\"6\"/>",
	              W - 1, H - 1);
	td_buf_printf(out,
	              "<clipPath id=\"bd-plot\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	              "height=\"%.1f\"/></clipPath>",
	              ML, MT - 2, W - ML - s.right, H - MT - MB + 2);
	/* title and legend */
	td_buf_puts(out, "<text class=\"title\" x=\"12\" y=\"17\">");
	xml_escape(out, c->title);
	td_buf_puts(out, "</text>");
	double lx = 12;
	legend_item(out, &lx, "rem", hours ? "Remaining hours" : "Remaining tasks", false);
	legend_item(out, &lx, "scope", hours ? "Scope (hours)" : "Scope (tasks)", false);
	if (hours)
		legend_item(out, &lx, "tasks", "Remaining tasks (right axis)", false);
	if (ideal_end != TD_DATE_NONE || f_exp != TD_DATE_NONE)
		legend_item(out, &lx, "ideal", "Ideal", false);
	if (fc_ok)
		legend_item(out, &lx, "band", "Forecast", true);

	/* grid and axes */
	for (double v = 0; v <= s.y1 + 1e-9; v += s.ystep) {
		double y = py(&s, v, s.y1);
		td_buf_printf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              ML, y, W - s.right, y);
		td_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", ML - 6, y + 4);
		tick_label(out, v);
		td_buf_puts(out, "</text>");
	}
	if (hours)
		for (double v = 0; v <= s.t1 + 1e-9; v += s.tstep) {
			double y = py(&s, v, s.t1);
			td_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", W - s.right + 6, y + 4);
			tick_label(out, v);
			td_buf_puts(out, "</text>");
		}
	td_buf_printf(
	    out,
	    "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>",
	    (MT + H - MB) / 2, (MT + H - MB) / 2, hours ? "hours" : "tasks");
	if (hours)
		td_buf_printf(out,
		              "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(90 %.1f %.1f)\" "
		              "text-anchor=\"middle\">tasks</text>",
		              W - 10, (MT + H - MB) / 2, W - 10, (MT + H - MB) / 2);
	td_buf_printf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", ML,
	              H - MB, W - s.right, H - MB);
	date_ticks(out, &s);

	/* the data, clipped to the plot */
	td_buf_puts(out, "<g clip-path=\"url(#bd-plot)\">");
	double rem_last = p.rem[p.n - 1];
	if (fc_ok) {
		double x = px(&s, last), y = py(&s, rem_last, s.y1), yz = py(&s, 0, s.y1);
		double xo = px(&s, f_opt != TD_DATE_NONE ? f_opt : f_exp);
		double xp = f_pes != TD_DATE_NONE ? px(&s, f_pes) : W;
		td_buf_printf(out, "<path class=\"band\" d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\"/>", x, y,
		              xo, yz, xp, yz);
	}
	td_buf_puts(out, "<path class=\"area\" d=\"");
	polyline(out, &s, &p, p.rem, s.y1);
	td_buf_printf(out, " L%.1f,%.1f L%.1f,%.1f Z\"/>", px(&s, last), py(&s, 0, s.y1), px(&s, s.x0),
	              py(&s, 0, s.y1));
	td_buf_puts(out, "<path class=\"scope\" d=\"");
	polyline(out, &s, &p, p.scope, s.y1);
	td_buf_puts(out, "\"/>");
	if (hours) {
		td_buf_puts(out, "<path class=\"tasks\" d=\"");
		polyline(out, &s, &p, p.tasks, s.t1);
		td_buf_puts(out, "\"/>");
	}
	td_date zero = ideal_end != TD_DATE_NONE ? ideal_end : f_exp;
	if (zero != TD_DATE_NONE)
		td_buf_printf(out, "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              px(&s, s.x0), py(&s, p.rem[0], s.y1), px(&s, zero), py(&s, 0, s.y1));
	if (fc_ok)
		td_buf_printf(out, "<line class=\"fc\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              px(&s, last), py(&s, rem_last, s.y1), px(&s, f_exp), py(&s, 0, s.y1));
	td_buf_puts(out, "<path class=\"rem\" d=\"");
	polyline(out, &s, &p, p.rem, s.y1);
	td_buf_puts(out, "\"/>");
	td_buf_puts(out, "</g>");

	/* the as-of marker */
	double xt = px(&s, last);
	td_buf_printf(out, "<line class=\"today\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", xt,
	              MT - 4, xt, H - MB);
	bool left = xt > W - s.right - 120;
	td_buf_printf(out, "<text class=\"todaytext\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">as of ",
	              left ? xt - 4 : xt + 4, MT + 8, left ? "end" : "start");
	date_text(out, last);
	td_buf_puts(out, "</text></svg>\n");
	free_points(&p);
	return 0;
}

static void add_chart(td_pages *pages, const char *path, const td_chart *c)
{
	if (!path)
		return;
	td_buf b = TD_BUF_INIT;
	if (td_svg_burndown(&b, c) == 0)
		td_pages_add(pages, path, &b);
	td_buf_free(&b);
}

int td_render_charts(td_pages *pages, json_t *view, td_diags *diags)
{
	(void)diags;
	td_buf title = TD_BUF_INIT;
	json_t *series = json_object_get(view, "burndown");
	const char *name = json_string_value(json_object_get(json_object_get(view, "project"), "name"));
	td_buf_printf(&title, "Burn-down: %s", name ? name : "the plan");
	td_chart c = {series,        json_object_get(view, "forecast"), td_buf_cstr(&title), NULL, NULL,
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
		               TD_CHART_HOURS};
		add_chart(pages, json_string_value(json_object_get(v, "chart")), &kc);
	}
	td_buf_free(&title);
	return 0;
}
