/*
 * escape.c - the escapers of the HTML room: text as HTML (td_html_escape,
 * every {{variable}} of an HTML template) and the cleaner that keeps only
 * harmless tags of a raw HTML fragment. Each works on text only.
 */
#include "render/html/escape.h"
#include "render/url.h"

#include <stdlib.h>
#include <string.h>

/* input bytes escaped per td_buf_room */
#define TD_ESCAPE_CHUNK 4096

/* ---- small text helpers ---- */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* HTML's ASCII whitespace */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- text ---- */

void td_html_escape(td_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t stop = n - i > TD_ESCAPE_CHUNK ? i + TD_ESCAPE_CHUNK : n;
		char *w = td_buf_room(out, 6 * (stop - i));
		for (; i < stop; i++) {
			const char *rep;
			size_t len;
			switch (s[i]) {
			case '&':
				rep = "&amp;", len = 5;
				break;
			case '<':
				rep = "&lt;", len = 4;
				break;
			case '>':
				rep = "&gt;", len = 4;
				break;
			case '"':
				rep = "&quot;", len = 6;
				break;
			case '\'':
				rep = "&#39;", len = 5;
				break;
			default:
				*w++ = s[i];
				continue;
			}
			memcpy(w, rep, len);
			w += len;
		}
		td_buf_done(out, w);
	}
}

void td_escape_html(td_buf *out, const char *s)
{
	td_html_escape(out, s, strlen(s));
}

/* ---- the HTML cleaner ---- */

static const char *const ok_tags[] = {
    "a",    "abbr",    "b",          "bdi",    "bdo",   "blockquote", "br",    "caption", "cite",
    "code", "col",     "colgroup",   "dd",     "del",   "details",    "dfn",   "div",     "dl",
    "dt",   "em",      "figcaption", "figure", "h1",    "h2",         "h3",    "h4",      "h5",
    "h6",   "hr",      "i",          "img",    "ins",   "kbd",        "li",    "mark",    "object",
    "ol",   "p",       "pre",        "q",      "s",     "samp",       "small", "span",    "strong",
    "sub",  "summary", "sup",        "table",  "tbody", "td",         "tfoot", "th",      "thead",
    "time", "tr",      "u",          "ul",     "var",   "wbr"};

static const char *const void_tags[] = {"br", "col", "hr", "img", "wbr"};

/* A_SVG: a relative URL of an .svg file (<object data>, the graphs);
 * A_SVGTYPE: exactly "image/svg+xml". */
enum akind { A_TEXT, A_URL, A_IMGURL, A_BOOL, A_SVG, A_SVGTYPE };

/* Attributes any allowed tag may have, then those of particular tags
 * (tag "" = any). */
static const struct {
	const char *tag, *attr;
	enum akind kind;
} ok_attrs[] = {{"", "id", A_TEXT},           {"", "class", A_TEXT},       {"", "title", A_TEXT},
                {"", "lang", A_TEXT},         {"", "dir", A_TEXT},         {"", "role", A_TEXT},
                {"", "hidden", A_BOOL},       {"a", "href", A_URL},        {"a", "name", A_TEXT},
                {"a", "target", A_TEXT},      {"a", "rel", A_TEXT},        {"img", "src", A_IMGURL},
                {"img", "alt", A_TEXT},       {"img", "width", A_TEXT},    {"img", "height", A_TEXT},
                {"img", "loading", A_TEXT},   {"td", "align", A_TEXT},     {"td", "colspan", A_TEXT},
                {"td", "rowspan", A_TEXT},    {"th", "align", A_TEXT},     {"th", "colspan", A_TEXT},
                {"th", "rowspan", A_TEXT},    {"th", "scope", A_TEXT},     {"ol", "start", A_TEXT},
                {"ol", "type", A_TEXT},       {"ol", "reversed", A_BOOL},  {"li", "value", A_TEXT},
                {"details", "open", A_BOOL},  {"col", "span", A_TEXT},     {"colgroup", "span", A_TEXT},
                {"time", "datetime", A_TEXT}, {"q", "cite", A_URL},        {"blockquote", "cite", A_URL},
                {"del", "cite", A_URL},       {"ins", "cite", A_URL},      {"del", "datetime", A_TEXT},
                {"ins", "datetime", A_TEXT},  {"object", "data", A_SVG},   {"object", "type", A_SVGTYPE},
                {"object", "width", A_TEXT},  {"object", "height", A_TEXT}};

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* The kind of attribute attr of tag, or -1 when it is not allowed. */
static int attr_kind(const char *tag, const char *attr)
{
	if (!strncmp(attr, "aria-", 5) && attr[5])
		return A_TEXT;
	for (size_t i = 0; i < TD_ARRAY_LEN(ok_attrs); i++)
		if ((!ok_attrs[i].tag[0] || !strcmp(ok_attrs[i].tag, tag)) && !strcmp(ok_attrs[i].attr, attr))
			return (int)ok_attrs[i].kind;
	return -1;
}

/* A relative URL (no scheme, not from the root) of an .svg file. */
static bool svg_url(const char *v)
{
	size_t n = strcspn(v, "?#");
	if (!n || v[0] == '/' || v[0] == '\\' || n < 4 || memcmp(v + n - 4, ".svg", 4) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == ':' || v[i] == '\\')
			return false;
	return true;
}

/* Writes s[0..n) as visible text. */
static void put_text_escaped(td_buf *out, const char *s, size_t n)
{
	td_buf tmp = TD_BUF_INIT;
	td_buf_put(&tmp, s, n);
	td_escape_html(out, td_buf_cstr(&tmp));
	td_buf_free(&tmp);
}

/* A lower-cased tag or attribute name of at most 63 bytes into name. */
static size_t read_name(const char *s, size_t n, size_t i, char name[64], bool attr)
{
	size_t k = 0;
	while (i < n) {
		char c = s[i];
		bool ok = attr ? !(is_ws(c) || c == '>' || c == '=' || c == '"' || c == '\'' || c == '<' ||
		                   c == '/' || c == '`')
		               : (is_alpha(c) || is_digit(c) || c == '-');
		if (!ok)
			break;
		if (k < 63)
			name[k++] = lower(c);
		else
			return 0; /* too long to be one we allow */
		i++;
	}
	name[k] = '\0';
	return k;
}

/*
 * Parses the tag at s[i] ('<', then a letter or '/'); returns the index
 * after its '>', or 0 when it is not a well-formed tag. Writes the clean
 * tag to clean (empty when the tag is not allowed).
 */
static size_t parse_tag(td_buf *clean, const char *s, size_t n, size_t i)
{
	char name[64], aname[64];
	bool closing = s[i + 1] == '/';
	size_t j = i + (closing ? 2 : 1);
	if (j >= n || !is_alpha(s[j]))
		return 0;
	size_t l = read_name(s, n, j, name, false);
	if (!l)
		return 0;
	j += l;
	bool allowed = in_list(ok_tags, TD_ARRAY_LEN(ok_tags), name);
	td_buf_clear(clean);
	if (closing) {
		while (j < n && is_ws(s[j]))
			j++;
		if (j >= n || s[j] != '>')
			return 0;
		if (allowed && !in_list(void_tags, TD_ARRAY_LEN(void_tags), name))
			td_buf_printf(clean, "</%s>", name);
		return j + 1;
	}
	td_buf value = TD_BUF_INIT;
	if (allowed)
		td_buf_printf(clean, "<%s", name);
	size_t end = 0;
	for (;;) {
		size_t k = j;
		while (j < n && is_ws(s[j]))
			j++;
		if (j >= n)
			break;
		if (s[j] == '>') {
			end = j + 1;
			break;
		}
		if (s[j] == '/' && j + 1 < n && s[j + 1] == '>') {
			end = j + 2;
			break;
		}
		if (j == k) /* attributes must be separated by blanks */
			break;
		size_t al = read_name(s, n, j, aname, true);
		if (!al)
			break;
		j += al;
		size_t m = j;
		while (m < n && is_ws(s[m]))
			m++;
		bool has_value = m < n && s[m] == '=';
		td_buf_clear(&value);
		if (has_value) {
			m++;
			while (m < n && is_ws(s[m]))
				m++;
			if (m >= n)
				break;
			size_t vb, ve;
			if (s[m] == '"' || s[m] == '\'') {
				const char *q = memchr(s + m + 1, s[m], n - m - 1);
				if (!q)
					break;
				vb = m + 1;
				ve = (size_t)(q - s);
				j = ve + 1;
			} else {
				vb = m;
				while (m < n && !is_ws(s[m]) && s[m] != '>' && s[m] != '"' && s[m] != '\'' &&
				       s[m] != '=' && s[m] != '<' && s[m] != '`')
					m++;
				if (m == vb)
					break;
				ve = m;
				j = m;
			}
			for (size_t p = vb; p < ve;) {
				size_t used = s[p] == '&' ? td_char_ref_decode(&value, s + p, ve - p) : 0;
				if (used) {
					p += used;
				} else {
					td_buf_putc(&value, s[p]);
					p++;
				}
			}
		}
		if (!allowed)
			continue;
		int kind = attr_kind(name, aname);
		if (kind < 0)
			continue;
		const char *v = td_buf_cstr(&value);
		if (kind == A_BOOL) {
			td_buf_printf(clean, " %s", aname);
			continue;
		}
		if ((kind == A_URL || kind == A_IMGURL) && !td_url_is_safe(v, kind == A_IMGURL))
			continue;
		if (kind == A_SVG && !svg_url(v))
			continue;
		if (kind == A_SVGTYPE && strcmp(v, "image/svg+xml") != 0)
			continue;
		td_buf_printf(clean, " %s=\"", aname);
		td_escape_html(clean, v);
		td_buf_putc(clean, '"');
	}
	td_buf_free(&value);
	if (!end) {
		td_buf_clear(clean);
		return 0;
	}
	if (allowed)
		td_buf_putc(clean, '>');
	return end;
}

void td_html_clean(td_buf *out, const char *s, size_t len)
{
	td_buf tag = TD_BUF_INIT;
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		if (c != '<') {
			/* text: kept; a NUL (never valid) becomes U+FFFD */
			if (c == '\0')
				td_buf_puts(out, "\xEF\xBF\xBD");
			else
				td_buf_putc(out, c);
			i++;
			continue;
		}
		if (i + 3 < len && !memcmp(s + i, "<!--", 4)) {
			const char *e = NULL;
			for (size_t k = i + 4; k + 2 < len && !e; k++)
				if (!memcmp(s + k, "-->", 3))
					e = s + k;
			if (e) { /* comments are dropped */
				i = (size_t)(e - s) + 3;
				continue;
			}
		}
		size_t end = i + 1 < len ? parse_tag(&tag, s, len, i) : 0;
		if (!end) {
			td_buf_puts(out, "&lt;");
			i++;
			continue;
		}
		if (tag.len)
			td_buf_put(out, tag.ptr, tag.len);
		else
			put_text_escaped(out, s + i, end - i);
		i = end;
	}
	td_buf_free(&tag);
	td_buf_cstr(out);
}

