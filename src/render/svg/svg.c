/* svg.c - the parts every SVG chart shares (see svg.h). */
#include "render/svg/svg.h"

#include <math.h>

void td_svg_xml_escape(td_buf *out, const char *s)
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

/* The classes of every chart; each chart's own come after them. */
static const char css_light[] =
    ".bg{fill:#ffffff;stroke:#d0d7de}"
    "text{fill:#24292f;font:12px system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}"
    ".title{font-weight:600;font-size:13px}"
    ".grid{stroke:#e6e8eb}"
    ".axis{stroke:#8c959f}";
static const char css_dark[] =
    ".bg{fill:#0d1117;stroke:#30363d}text{fill:#e6edf3}.grid{stroke:#21262d}.axis{stroke:#6e7681}";

void td_svg_open(td_buf *out, const td_svg_frame *f, const td_svg_css *css, const char *id, const char *title,
                 const char *desc)
{
	td_buf_printf(out,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	              "height=\"%.0f\" role=\"img\" aria-labelledby=\"%s-title %s-desc\">",
	              f->w, f->h, f->w, f->h, id, id);
	td_buf_printf(out, "<title id=\"%s-title\">%s</title>", id, title);
	td_buf_printf(out, "<desc id=\"%s-desc\">%s</desc>", id, desc);
	td_buf_printf(out, "<style>%s%s@media (prefers-color-scheme:dark){%s%s}</style>", css_light,
	              css->light, css_dark, css->dark);
	td_buf_printf(out, "<rect class=\"bg\" x=\"0.5\" y=\"0.5\" width=\"%.0f\" height=\"%.0f\" rx=\"6\"/>",
	              f->w - 1, f->h - 1);
}

double td_svg_nice_step(double span, int steps, bool with_2_5)
{
	if (span <= 0)
		return 1;
	static const double plain[] = {1, 2, 5, 10}, quarter[] = {1, 2, 2.5, 5, 10};
	const double *mult = with_2_5 ? quarter : plain;
	size_t n = with_2_5 ? TD_ARRAY_LEN(quarter) : TD_ARRAY_LEN(plain);
	double raw = span / steps, mag = pow(10, floor(log10(raw)));
	double norm = raw / mag;
	for (size_t i = 0; i < n; i++)
		if (norm <= mult[i])
			return mult[i] * mag;
	return 10 * mag;
}

double td_svg_y(const td_svg_frame *f, const td_svg_axis *a, double v)
{
	return f->mt + (f->h - f->mt - f->mb) * (1 - (v - a->lo) / (a->hi - a->lo));
}

void td_svg_value_grid(td_buf *out, const td_svg_frame *f, const td_svg_axis *a, double gap,
                       td_svg_label_fn *label, const void *ud)
{
	/* a step's millionth of slack: the sum of steps may miss hi by a rounding */
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double y = td_svg_y(f, a, v);
		td_buf_printf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              f->ml, y, f->w - f->mr, y);
		td_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f->ml - gap, y + 4);
		label(out, v, ud);
		td_buf_puts(out, "</text>");
	}
}

void td_svg_value_labels_right(td_buf *out, const td_svg_frame *f, const td_svg_axis *a, double gap,
                               td_svg_label_fn *label, const void *ud)
{
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		td_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", f->w - f->mr + gap, td_svg_y(f, a, v) + 4);
		label(out, v, ud);
		td_buf_puts(out, "</text>");
	}
}

void td_svg_baseline(td_buf *out, const td_svg_frame *f)
{
	td_buf_printf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", f->ml,
	              f->h - f->mb, f->w - f->mr, f->h - f->mb);
}
