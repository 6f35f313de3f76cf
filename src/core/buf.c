#include "core/core.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer's first block is 64 bytes: most are an id, a URL or a key,
 * which from 8 bytes up took three reallocations each. */
#define FIRST_BLOCK 64

static void reserve(td_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need > b->cap)
		td_grow((void **)&b->ptr, &b->cap, need < FIRST_BLOCK ? FIRST_BLOCK : need, 1);
}

void td_buf_put(td_buf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void td_buf_puts(td_buf *b, const char *s)
{
	td_buf_put(b, s, strlen(s));
}

void td_buf_putc_grow(td_buf *b, char c)
{
	td_buf_put(b, &c, 1);
}

void td_buf_vprintf(td_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void td_buf_printf(td_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void td_buf_clear(td_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

const char *td_buf_cstr(td_buf *b)
{
	if (!b->ptr)
		reserve(b, 0), b->ptr[0] = '\0';
	return b->ptr;
}

char *td_buf_detach(td_buf *b)
{
	td_buf_cstr(b);
	char *p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void td_buf_free(td_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *td_buf_room(td_buf *b, size_t n)
{
	td_grow((void **)&b->ptr, &b->cap, b->len + n + 1, 1);
	return b->ptr + b->len;
}

void td_buf_done(td_buf *b, char *end)
{
	b->len = (size_t)(end - b->ptr);
	*end = '\0';
}

/* v in decimal, then end unless it is NUL */
static void put_num(td_buf *b, size_t v, char end)
{
	char tmp[24];
	size_t i = sizeof tmp;
	if (end)
		tmp[--i] = end;
	do
		tmp[--i] = (char)('0' + v % 10);
	while (v /= 10);
	td_buf_put(b, tmp + i, sizeof tmp - i);
}

void td_buf_put_line_num(td_buf *b, size_t v)
{
	put_num(b, v, '\n');
}

void td_buf_put_num(td_buf *b, size_t v)
{
	put_num(b, v, '\0');
}

void td_part_put(td_buf *b, const char *s, size_t n)
{
	td_buf_put_line_num(b, n);
	td_buf_put(b, s ? s : "", n);
}

bool td_num_get(const char *s, size_t n, size_t *pos, size_t *out)
{
	size_t at = *pos, v = 0;
	if (at >= n || s[at] < '0' || s[at] > '9')
		return false;
	for (; at < n && s[at] >= '0' && s[at] <= '9'; at++) {
		if (v > (SIZE_MAX - 9) / 10)
			return false;
		v = v * 10 + (size_t)(s[at] - '0');
	}
	if (at >= n || s[at] != '\n')
		return false;
	*pos = at + 1;
	*out = v;
	return true;
}

bool td_part_get(const char *s, size_t n, size_t *pos, const char **part, size_t *len)
{
	size_t at = *pos, l = 0;
	if (!td_num_get(s, n, &at, &l) || l > n - at)
		return false;
	*part = s + at;
	*len = l;
	*pos = at + l;
	return true;
}
