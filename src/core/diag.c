#include "core/core.h"

#include <stdlib.h>
#include <string.h>

void td_diag_addv(td_diags *d, td_severity sev, td_loc loc, const char *fmt, va_list ap)
{
	td_grow((void **)&d->items, &d->cap, d->len + 1, sizeof(td_diag));
	td_diag *dg = &d->items[d->len];
	td_buf b = TD_BUF_INIT;
	td_buf_vprintf(&b, fmt, ap);
	dg->severity = sev;
	dg->file = loc.file ? td_xstrdup(loc.file) : NULL;
	dg->line = loc.line;
	dg->col = loc.col;
	dg->message = td_buf_detach(&b);
	dg->seq = d->len;
	d->len++;
	if (sev == TD_SEV_ERROR)
		d->errors++;
	else if (sev == TD_SEV_WARNING)
		d->warnings++;
	else
		d->notes++;
}

void td_diag_add(td_diags *d, td_severity sev, td_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_diag_addv(d, sev, loc, fmt, ap);
	va_end(ap);
}

/* A file that does not parse is the first thing to fix: its error sorts first. */
static bool is_syntax_error(const td_diag *d)
{
	return d->severity == TD_SEV_ERROR && strncmp(d->message, "YAML syntax error", 17) == 0;
}

static int cmp_diag(const void *pa, const void *pb)
{
	const td_diag *a = pa, *b = pb;
	if (is_syntax_error(a) != is_syntax_error(b))
		return is_syntax_error(a) ? -1 : 1;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_diag(const td_diag *a, const td_diag *b)
{
	return a->severity == b->severity && a->line == b->line && a->col == b->col &&
	       strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0 &&
	       strcmp(a->message, b->message) == 0;
}

void td_diags_sort(td_diags *d)
{
	if (d->len > 1)
		qsort(d->items, d->len, sizeof(td_diag), cmp_diag);
	size_t w = 0;
	for (size_t r = 0; r < d->len; r++) {
		if (w > 0 && same_diag(&d->items[w - 1], &d->items[r])) {
			if (d->items[r].severity == TD_SEV_ERROR)
				d->errors--;
			else if (d->items[r].severity == TD_SEV_WARNING)
				d->warnings--;
			else
				d->notes--;
			free(d->items[r].file);
			free(d->items[r].message);
			continue;
		}
		d->items[w++] = d->items[r];
	}
	d->len = w;
}

void td_diag_format(td_buf *out, const td_diag *dg)
{
	if (dg->file) {
		td_buf_puts(out, dg->file);
		if (dg->line > 0) {
			td_buf_printf(out, ":%d", dg->line);
			if (dg->col > 0)
				td_buf_printf(out, ":%d", dg->col);
		}
		td_buf_puts(out, ": ");
	}
	td_buf_puts(out, td_severity_name(dg->severity));
	td_buf_puts(out, ": ");
	td_buf_puts(out, dg->message);
}

const char *td_severity_name(td_severity s)
{
	static const char *const names[] = {"error", "warning", "note", "past"};
	return names[s];
}

void td_diags_free(td_diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	free(d->items);
	memset(d, 0, sizeof *d);
}
