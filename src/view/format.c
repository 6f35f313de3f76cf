/* format.c - how the view writes numbers, hours, dates, estimates and
 * anchors (format.h); shared by every file of the view. */
#include "view/format.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void td_view_anchor(td_buf *out, const char *id)
{
	td_buf_clear(out);
	td_slug(out, id, strlen(id), TD_SLUG_ID);
}

void td_view_file_stem(td_buf *out, const char *stem)
{
	size_t n = strlen(stem);
	if (n <= TD_VIEW_STEM_MAX) {
		td_buf_put(out, stem, n);
		return;
	}
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)stem[i]) * 1099511628211ull;
	td_buf_put(out, stem, TD_VIEW_STEM_MAX - 17);
	td_buf_printf(out, "-%016llx", (unsigned long long)h);
}

double td_view_hours_value(double h)
{
	return round(h * 100.0) / 100.0;
}

json_t *td_view_hours(double h)
{
	return json_real(td_view_hours_value(h));
}

/* by thread: td_view_build may make task objects on two */
static _Thread_local json_t *strs;  /* text -> its string value, while a view is made */
static _Thread_local json_t *empty; /* the empty array, while a view is made */

void td_view_strs_begin(void)
{
	td_view_strs_end();
	strs = json_object();
	empty = json_array();
}

void td_view_strs_end(void)
{
	json_decref(strs);
	json_decref(empty);
	strs = empty = NULL;
}

json_t *td_view_empty_array(void)
{
	return empty ? json_incref(empty) : json_array();
}

json_t *td_view_str(const char *s)
{
	if (!s)
		return json_null();
	if (!strs)
		return json_string(s);
	json_t *v = json_object_get(strs, s);
	if (v)
		return json_incref(v);
	v = json_string(s);
	if (v)
		json_object_set(strs, s, v);
	return v;
}

json_t *td_view_date(td_date d)
{
	if (d == TD_DATE_NONE)
		return json_null();
	char buf[11];
	td_date_format(d, buf);
	return td_view_str(buf);
}

/* printf("%.0f", r) for a whole r under 1e15, without printf: the view
 * writes hours as text for every task (check_totals holds it to printf). */
static void put_whole(td_buf *b, double r)
{
	char d[24];
	int n = 0;
	unsigned long long u = (unsigned long long)fabs(r);
	if (signbit(r))
		td_buf_putc(b, '-'); /* "%.0f" writes -0 too */
	do
		d[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n)
		td_buf_putc(b, d[--n]);
}

void td_view_number_text(td_buf *b, double v)
{
	double r = round(v);
	if (fabs(v - r) < 1e-9) {
		if (fabs(r) < 1e15)
			put_whole(b, r);
		else
			td_buf_printf(b, "%.0f", v);
		return;
	}
	/* quarters under 10,000 ("2.25", "7.5"): what %g writes, six digits
	 * being enough for them */
	double q = v * 4;
	if (q == round(q) && fabs(v) < 10000) {
		static const char *const frac[] = {"", ".25", ".5", ".75"};
		double whole = trunc(v);
		if (v < 0 && whole == 0)
			td_buf_putc(b, '-');
		put_whole(b, whole == 0 ? 0 : whole);
		td_buf_puts(b, frac[(int)fabs(q - whole * 4)]);
		return;
	}
	td_buf_printf(b, "%g", v);
}

/* Hours rounded as a planner writes them: r to the nearest step. */
static double round_to(double v, double step)
{
	return round(v / step) * step;
}

void td_view_hours_text(td_buf *b, double h)
{
	if (h <= 0) {
		td_buf_puts(b, "0 h");
		return;
	}
	double m = round(h * 60.0);
	if (m < 60) {
		put_whole(b, m < 1 ? 1 : m);
		td_buf_puts(b, " min");
		return;
	}
	td_view_number_text(b, h < 10 ? round_to(h, 0.25) : round(h));
	td_buf_puts(b, " h");
}

void td_view_days_text(td_buf *b, double d)
{
	double r = d < 10 ? round_to(d, 0.25) : round(d);
	if (d > 0 && r == 0)
		r = 0.25;
	td_view_number_text(b, r);
	td_buf_puts(b, r == 1 ? " working day" : " working days");
}

json_t *td_view_hours_json(double h)
{
	td_buf b = TD_BUF_INIT;
	td_view_hours_text(&b, h);
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

void td_view_remaining_text(td_buf *b, int remaining, int unestimated, int deferred, double hours)
{
	if (!remaining) {
		if (deferred)
			td_buf_printf(b, "deferred (%d task%s)", deferred, deferred == 1 ? "" : "s");
		else
			td_buf_puts(b, "none");
		return;
	}
	if (unestimated == remaining) {
		td_buf_printf(b, "unknown (%d of %d task%s unestimated)", unestimated, remaining,
		              remaining == 1 ? "" : "s");
		return;
	}
	td_view_hours_text(b, hours);
	if (unestimated)
		td_buf_printf(b, ", plus %d of %d tasks unestimated", unestimated, remaining);
}

void td_view_estimate_display(td_buf *b, double lo, double hi, char unit)
{
	if (unit == 'h' && hi < 1 && lo > 0) {
		/* "20 min", not "0.33 hrs" */
		td_buf_printf(b, "%.0f", round(lo * 60.0));
		if (hi != lo)
			td_buf_printf(b, "-%.0f", round(hi * 60.0));
		td_buf_puts(b, " min");
		return;
	}
	td_view_number_text(b, lo);
	if (hi != lo) {
		td_buf_putc(b, '-');
		td_view_number_text(b, hi);
	}
	bool one = hi == 1 && lo == 1;
	td_buf_puts(b, unit == 'h'   ? (one ? " hr" : " hrs")
	               : unit == 'd' ? (one ? " day" : " days")
	                             : (one ? " week" : " weeks"));
}
