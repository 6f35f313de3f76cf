/* filters.c - the template filters that know no output format (template.h). */
#include "render/template/template.h"
#include "view/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void change_case(td_pipe *p, bool upper)
{
	size_t n;
	const char *s = td_pipe_text(p, &n);
	bool plain = td_pipe_plain(p);
	td_buf *b = td_pipe_begin(p);
	char *w = td_buf_room(b, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!upper && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		*w++ = c;
	}
	td_buf_done(b, w);
	td_pipe_end(p, plain);
}

void td_filter_upper(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	change_case(p, true);
}

void td_filter_lower(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	change_case(p, false);
}

/* A number with a fixed count of decimals; "-0.00" is written "0.00". */
static void fixed(td_pipe *p, int decimals)
{
	double d;
	if (!td_pipe_number(p, &d))
		return;
	char tmp[400];
	snprintf(tmp, sizeof tmp, "%.*f", decimals, d);
	const char *s = tmp;
	if (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1))
		s++;
	td_buf_puts(td_pipe_begin(p), s);
	td_pipe_end(p, false);
}

void td_filter_fixed0(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	fixed(p, 0);
}

void td_filter_fixed1(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	fixed(p, 1);
}

void td_filter_fixed2(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	fixed(p, 2);
}

/* Percent-encodes all but letters, digits and - . _ ~ / */
void td_filter_url(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_buf *b = td_pipe_begin(p);
	char *w = td_buf_room(b, 3 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~' || c == '/') {
			*w++ = (char)c;
		} else {
			*w++ = '%';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
		}
	}
	td_buf_done(b, w);
	td_pipe_end(p, true);
}

void td_filter_json(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	json_t *j = td_pipe_json(p);
	td_buf *b = td_pipe_begin(p);
	if (j)
		td_json_dump(b, j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	td_pipe_end(p, false);
}

void td_filter_anchor(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_slug(td_pipe_begin(p), s, n, TD_SLUG_ID);
	td_pipe_end(p, true);
}

void td_filter_default(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	if (!td_pipe_empty(p))
		return;
	td_buf_put(td_pipe_begin(p), arg, arglen);
	td_pipe_end(p, false);
}

/* A count and its noun: arg is "task" (plural "tasks") or "entry|entries".
 * `{{n | plural:"task"}}` is "1 task", "0 tasks", "3 tasks". A value that
 * is not a number is left as it is. */
void td_filter_plural(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	(void)ud;
	double d;
	if (!td_pipe_number(p, &d))
		return;
	const char *bar = memchr(arg, '|', arglen);
	size_t one = bar ? (size_t)(bar - arg) : arglen;
	td_buf *b = td_pipe_begin(p);
	if (d == (double)(long long)d)
		td_buf_printf(b, "%lld ", (long long)d);
	else
		td_buf_printf(b, "%g ", d);
	if (d == 1)
		td_buf_put(b, arg, one);
	else if (bar)
		td_buf_put(b, bar + 1, arglen - one - 1);
	else {
		td_buf_put(b, arg, arglen);
		td_buf_putc(b, 's');
	}
	td_pipe_end(p, false);
}

/* The scalars of an array, arg between them; anything else is left as it is. */
void td_filter_join(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	const json_t *v = td_pipe_value(p);
	if (!v || !json_is_array(v))
		return;
	td_buf *b = td_pipe_begin(p);
	size_t n = 0;
	for (size_t k = 0; k < json_array_size(v); k++) {
		json_t *e = json_array_get(v, k);
		if (json_is_null(e) || json_is_object(e) || json_is_array(e))
			continue;
		if (n++)
			td_buf_put(b, arg, arglen);
		td_pipe_put_value(b, e);
	}
	td_pipe_end(p, false);
}
