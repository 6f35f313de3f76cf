/* format.c - how the view writes numbers, hours, dates, estimates and
 * anchors (format.h); shared by every file of the view. */
#include "view/format.h"

#include <math.h>
#include <string.h>

void td_view_anchor(td_buf *out, const char *id)
{
	td_buf_clear(out);
	td_slug(out, id, strlen(id), TD_SLUG_ID);
}

json_t *td_view_hours(double h)
{
	return json_real(round(h * 100.0) / 100.0);
}

json_t *td_view_date(td_date d)
{
	if (d == TD_DATE_NONE)
		return json_null();
	char buf[11];
	td_date_format(d, buf);
	return json_string(buf);
}

void td_view_number_text(td_buf *b, double v)
{
	if (fabs(v - round(v)) < 1e-9)
		td_buf_printf(b, "%.0f", v);
	else
		td_buf_printf(b, "%g", v);
}

void td_view_estimate_display(td_buf *b, double lo, double hi, char unit)
{
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
