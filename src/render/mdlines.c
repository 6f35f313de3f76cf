/* mdlines.c - CommonMark line tests shared by render/markdown and render/html. */
#include "render/mdlines.h"

#include <string.h>

static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;
	while (k < n && s[k] == c)
		k++;
	return k;
}

/* Columns of indentation of line s[0..n) (tabs to multiples of 4) and the
 * offset of its first byte that is not a space or a tab. */
static size_t indent_of(const char *s, size_t n, size_t *first)
{
	size_t col = 0, i = 0;
	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*first = i;
	return col;
}

bool td_md_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

bool td_md_fence_open(const char *s, size_t n, char *ch, size_t *len)
{
	size_t first;
	if (indent_of(s, n, &first) > 3 || first >= n || (s[first] != '`' && s[first] != '~'))
		return false;
	size_t r = run_of(s + first, n - first, s[first]);
	if (r < 3)
		return false;
	if (s[first] == '`' && memchr(s + first + r, '`', n - first - r))
		return false; /* an info string with a backtick: not a fence */
	*ch = s[first];
	*len = r;
	return true;
}

bool td_md_fence_close(const char *s, size_t n, char ch, size_t len, bool any_indent)
{
	size_t first;
	if (indent_of(s, n, &first) > 3 && !any_indent)
		return false;
	size_t r = run_of(s + first, n - first, ch);
	return r >= len && td_md_blank_line(s + first + r, n - first - r);
}
