/*
 * admonition.c - MkDocs admonitions (`!!! note "Title"`) and pymdownx
 * details (`??? note`, `???+ note`) for the HTML site: cmark-gfm does not
 * know them, so they become HTML boxes around their body, which stays
 * Markdown (a blank line after the opening tags and before the closing
 * one makes CommonMark parse it as such).
 */
#include "render/html/escape.h"
#include "render/html/html.h"

#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Columns of indentation of s[0..n) (tabs to multiples of 4), and where
 * the text starts. */
static size_t indent(const char *s, size_t n, size_t *first)
{
	size_t col = 0, i = 0;
	for (; i < n && is_space(s[i]); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*first = i;
	return col;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]) && s[i] != '\r')
			return false;
	return true;
}

typedef struct adm {
	bool details, open; /* ??? / ???+ */
	td_buf classes;     /* "note" or "note inline end", cleaned */
	td_buf title;       /* as written (no Markdown), NULL-title: the type */
	bool has_title;
} adm;

/* Parses an admonition's first line s[0..n) (no newline). */
static bool parse_head(adm *a, const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(s, "!!!", 3)) {
		a->details = false;
	} else if (n >= 3 && !memcmp(s, "???", 3)) {
		a->details = true;
	} else {
		return false;
	}
	i = 3;
	if (a->details && i < n && s[i] == '+') {
		a->open = true;
		i++;
	}
	if (i >= n || !is_space(s[i]))
		return false;
	while (n > i && (is_space(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	size_t words = 0;
	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n || s[i] == '"')
			break;
		size_t b = i;
		while (i < n && !is_space(s[i]) && s[i] != '"') {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '-' || c == '_'))
				return false;
			i++;
		}
		if (words++)
			td_buf_putc(&a->classes, ' ');
		for (size_t k = b; k < i; k++)
			td_buf_putc(&a->classes,
			            s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] - 'A' + 'a') : s[k]);
	}
	if (!words)
		return false;
	if (i < n) { /* "Title" up to the last quote of the line */
		if (s[n - 1] != '"' || n - 1 == i)
			return false;
		a->has_title = true;
		td_buf_put(&a->title, s + i + 1, n - 1 - (i + 1));
	}
	return true;
}

/* The text of a title as written in the page: undo the entities that the
 * Markdown escaping of a template value adds, then escape for HTML. */
static void put_title(td_buf *out, adm *a)
{
	td_buf plain = TD_BUF_INIT;
	const char *t = td_buf_cstr(&a->title);
	if (!a->has_title) {
		/* the type, capitalised, as MkDocs does */
		const char *sp = strchr(td_buf_cstr(&a->classes), ' ');
		size_t l = sp ? (size_t)(sp - a->classes.ptr) : a->classes.len;
		td_buf_put(&plain, a->classes.ptr, l);
		if (plain.len && plain.ptr[0] >= 'a' && plain.ptr[0] <= 'z')
			plain.ptr[0] = (char)(plain.ptr[0] - 'a' + 'A');
	} else {
		static const struct {
			const char *ent, *ch;
		} ents[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}};
		for (size_t i = 0; t[i];) {
			size_t k;
			for (k = 0; k < TD_ARRAY_LEN(ents); k++)
				if (!strncmp(t + i, ents[k].ent, strlen(ents[k].ent)))
					break;
			if (k < TD_ARRAY_LEN(ents)) {
				td_buf_puts(&plain, ents[k].ch);
				i += strlen(ents[k].ent);
			} else if (t[i] == '\\' && t[i + 1] && strchr("\\`*_[]#|~<>", t[i + 1])) {
				td_buf_putc(&plain, t[i + 1]);
				i += 2;
			} else {
				td_buf_putc(&plain, t[i++]);
			}
		}
	}
	td_escape_html(out, td_buf_cstr(&plain));
	td_buf_free(&plain);
}

static void convert(td_buf *out, const char *md, size_t len, int depth);

/* Writes the box for a (whose body is body[0..n), already dedented). */
static void put_box(td_buf *out, adm *a, const char *body, size_t n, int depth)
{
	if (a->details) {
		td_buf_puts(out, "<details class=\"admonition ");
		td_buf_put(out, a->classes.ptr, a->classes.len);
		td_buf_puts(out, a->open ? "\" open>\n<summary>" : "\">\n<summary>");
		put_title(out, a);
		td_buf_puts(out, "</summary>\n\n");
	} else {
		td_buf_puts(out, "<div class=\"admonition ");
		td_buf_put(out, a->classes.ptr, a->classes.len);
		td_buf_puts(out, "\">\n");
		if (!a->has_title || a->title.len) {
			td_buf_puts(out, "<p class=\"admonition-title\">");
			put_title(out, a);
			td_buf_puts(out, "</p>\n");
		}
		td_buf_puts(out, "\n");
	}
	convert(out, body, n, depth + 1);
	if (n && body[n - 1] != '\n')
		td_buf_putc(out, '\n');
	td_buf_puts(out, a->details ? "\n</details>\n" : "\n</div>\n");
}

/* Removes 4 columns of indentation from each line of s[0..n) into out. */
static void dedent(td_buf *out, const char *s, size_t n)
{
	size_t p = 0;
	while (p < n) {
		const char *nl = memchr(s + p, '\n', n - p);
		size_t le = nl ? (size_t)(nl - s) + 1 : n;
		size_t col = 0, i = p;
		while (i < le && col < 4 && is_space(s[i])) {
			size_t w = s[i] == '\t' ? 4 - col % 4 : 1;
			if (col + w > 4) { /* a tab that reaches past 4: keep the rest as spaces */
				for (size_t k = 0; k < col + w - 4; k++)
					td_buf_putc(out, ' ');
			}
			col += w;
			i++;
		}
		td_buf_put(out, s + i, le - i);
		p = le;
	}
}

static void convert(td_buf *out, const char *md, size_t len, int depth)
{
	char fence = 0;
	size_t fence_len = 0;
	size_t p = 0, copy = 0; /* md[copy..p) is still to be copied as it is */
	while (p < len) {
		const char *nl = memchr(md + p, '\n', len - p);
		size_t le = nl ? (size_t)(nl - md) : len;
		size_t next = nl ? le + 1 : len;
		const char *s = md + p;
		if (!fence && le > p && !strchr(" \t`~!?", *s)) {
			p = next; /* text: neither a fence nor a box */
			continue;
		}
		td_buf_put(out, md + copy, p - copy);
		copy = next;
		size_t n = le - p, first;
		size_t ind = indent(s, n, &first);
		size_t run = 0;
		while (first + run < n && (s[first + run] == '`' || s[first + run] == '~') &&
		       s[first + run] == s[first])
			run++;
		if (fence) {
			if (run >= fence_len && s[first] == fence && blank(s + first + run, n - first - run))
				fence = 0;
		} else if (ind <= 3 && run >= 3) {
			fence = s[first];
			fence_len = run;
		} else if (depth < 16) {
			adm a = {false, false, TD_BUF_INIT, TD_BUF_INIT, false};
			if (parse_head(&a, s, n)) {
				/* the body: blank lines and lines indented by 4 or more */
				size_t q = next, end = next;
				while (q < len) {
					const char *nl2 = memchr(md + q, '\n', len - q);
					size_t le2 = nl2 ? (size_t)(nl2 - md) : len;
					size_t f2;
					if (!blank(md + q, le2 - q) && indent(md + q, le2 - q, &f2) < 4)
						break;
					q = nl2 ? le2 + 1 : len;
					end = q;
				}
				/* trailing blank lines belong to the page, not the box */
				size_t bend = end;
				while (bend > next) {
					size_t e = md[bend - 1] == '\n' ? bend - 1 : bend;
					size_t ls = e;
					while (ls > next && md[ls - 1] != '\n')
						ls--;
					if (!blank(md + ls, e - ls))
						break;
					bend = ls;
				}
				td_buf body = TD_BUF_INIT;
				dedent(&body, md + next, bend - next);
				put_box(out, &a, body.ptr ? body.ptr : "", body.len, depth);
				td_buf_free(&body);
				td_buf_free(&a.classes);
				td_buf_free(&a.title);
				p = copy = bend;
				continue;
			}
			td_buf_free(&a.classes);
			td_buf_free(&a.title);
		}
		td_buf_put(out, md + p, next - p);
		p = next;
	}
	td_buf_put(out, md + copy, p - copy);
}

/* Whether a line of md[0..len) starts with c three times ("!!!"): a
 * memchr for c, which is rare in most pages, then a look around it. */
static bool line_starts(const char *md, size_t len, char c)
{
	const char *p = md, *end = md + len;
	while (p < end && (p = memchr(p, c, (size_t)(end - p)))) {
		if ((p == md || p[-1] == '\n') && end - p >= 3 && p[1] == c && p[2] == c)
			return true;
		p++;
	}
	return false;
}

bool td_md_has_admonitions(const char *md, size_t len)
{
	return line_starts(md, len, '!') || line_starts(md, len, '?');
}

void td_md_admonitions(td_buf *out, const char *md, size_t len)
{
	if (!td_md_has_admonitions(md, len))
		td_buf_put(out, md, len); /* no box starts anywhere: the text as it is */
	else
		convert(out, md, len, 0);
	td_buf_cstr(out);
}
