/*
 * html_safe.c - the escapers of the HTML site: a cleaner that keeps only
 * harmless tags of a raw HTML fragment, the URL check, the neutraliser of
 * user Markdown (template filter `usermd`) and the code-block line filter
 * (`codeblock`). Each works on text only; nothing here parses a page.
 */
#include "render/html.h"
#include "render/template.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static bool is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

static void put_utf8(td_buf *b, uint32_t cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		td_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		td_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		td_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		td_buf_putc(b, (char)(0xF0 | (cp >> 18)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* The named character references that matter for a URL's scheme or for
 * the text of an attribute; others are left as written. */
static const struct {
	const char *name;
	uint32_t cp;
} named_refs[] = {{"amp", '&'},    {"lt", '<'},     {"gt", '>'},        {"quot", '"'},   {"apos", '\''},
                  {"colon", ':'},  {"Tab", '\t'},   {"NewLine", '\n'},  {"sol", '/'},    {"period", '.'},
                  {"lpar", '('},   {"rpar", ')'},   {"num", '#'},       {"nbsp", 0xA0},  {"excl", '!'},
                  {"quest", '?'},  {"equals", '='}, {"plus", '+'},      {"comma", ','},  {"semi", ';'},
                  {"percnt", '%'}, {"lowbar", '_'}, {"hyphen", 0x2010}, {"dash", 0x2010}};

/* Decodes the character reference at s[0] ('&') into b; returns the bytes
 * it used, or 0 if it is not one (then '&' is literal). Numeric ones may
 * lack the ';' (browsers accept that). */
static size_t decode_ref(td_buf *b, const char *s, size_t n)
{
	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		size_t i = 2;
		bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		size_t start = i;
		uint32_t cp = 0;
		while (i < n && (is_digit(s[i]) ||
		                 (hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F'))))) {
			uint32_t d =
			    is_digit(s[i]) ? (uint32_t)(s[i] - '0') : (uint32_t)(lower(s[i]) - 'a' + 10);
			if (cp < 0x110000)
				cp = cp * (hex ? 16 : 10) + d;
			i++;
		}
		if (i == start)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		put_utf8(b, cp);
		return i;
	}
	for (size_t k = 0; k < TD_ARRAY_LEN(named_refs); k++) {
		size_t l = strlen(named_refs[k].name);
		if (l + 2 <= n && memcmp(s + 1, named_refs[k].name, l) == 0 && s[l + 1] == ';') {
			put_utf8(b, named_refs[k].cp);
			return l + 2;
		}
	}
	return 0;
}

/* ---- URLs ---- */

bool td_url_is_safe(const char *u, bool for_image)
{
	/* what a browser sees: blanks and control characters dropped */
	char scheme[40];
	size_t n = 0;
	const char *p = u;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F)
			continue;
		if (is_alpha((char)c) || (n && (is_digit((char)c) || c == '+' || c == '-' || c == '.'))) {
			if (n + 1 >= sizeof scheme)
				return false; /* an absurdly long scheme: no */
			scheme[n++] = lower((char)c);
			continue;
		}
		break;
	}
	if (*p != ':' || n == 0)
		return true; /* no scheme: a relative URL */
	scheme[n] = '\0';
	static const char *const ok[] = {"http", "https", "mailto", "ftp", "tel"};
	for (size_t i = 0; i < TD_ARRAY_LEN(ok); i++)
		if (!strcmp(scheme, ok[i]))
			return true;
	if (for_image && !strcmp(scheme, "data")) {
		static const char *const types[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
		const char *q = p + 1;
		for (size_t i = 0; i < TD_ARRAY_LEN(types); i++) {
			size_t l = strlen(types[i]);
			size_t k = 0;
			while (k < l && q[k] && lower(q[k]) == types[i][k])
				k++;
			if (k == l && (q[l] == ';' || q[l] == ','))
				return true;
		}
	}
	return false;
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
				size_t used = s[p] == '&' ? decode_ref(&value, s + p, ve - p) : 0;
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

/* ---- user Markdown ---- */

/* Columns of indentation of the line at s[0..n) (tabs to multiples of 4)
 * and the offset of its first non-blank byte. */
static size_t indent_of(const char *s, size_t n, size_t *first)
{
	size_t col = 0, i = 0;
	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*first = i;
	return col;
}

static bool is_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Length of the run of c at s[0..n). */
static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;
	while (k < n && s[k] == c)
		k++;
	return k;
}

/* An opening code fence at line s[0..n): sets *ch and *len. */
static bool fence_open(const char *s, size_t n, char *ch, size_t *len)
{
	size_t first;
	if (indent_of(s, n, &first) > 3 || first >= n || (s[first] != '`' && s[first] != '~'))
		return false;
	size_t r = run_of(s + first, n - first, s[first]);
	if (r < 3)
		return false;
	if (s[first] == '`' && memchr(s + first + r, '`', n - first - r))
		return false;
	*ch = s[first];
	*len = r;
	return true;
}

/* Does line s[0..n) close a fence of ch x len? (Any indentation: closing
 * sooner than the renderer only escapes more.) */
static bool fence_close(const char *s, size_t n, char ch, size_t len)
{
	size_t first;
	indent_of(s, n, &first);
	size_t r = run_of(s + first, n - first, ch);
	return r >= len && is_blank_line(s + first + r, n - first - r);
}

/* Is the link destination d[0..n) (as written: backslash escapes and
 * character references not yet decoded) safe? */
static bool md_dest_safe(const char *d, size_t n, bool image)
{
	td_buf u = TD_BUF_INIT;
	bool unknown_ref = false, past = false; /* past: beyond where a scheme could end */
	for (size_t i = 0; i < n;) {
		if (d[i] == '\\' && i + 1 < n && is_punct(d[i + 1])) {
			td_buf_putc(&u, d[i + 1]);
			i += 2;
			continue;
		}
		if (d[i] == '&') {
			size_t used = decode_ref(&u, d + i, n - i);
			if (used) {
				i += used;
				continue;
			}
			/* a named reference this file does not know (&Colon;...): could hide a scheme */
			size_t k = i + 1;
			while (k < n && (is_alpha(d[k]) || is_digit(d[k])))
				k++;
			if (k > i + 1 && k < n && d[k] == ';' && !past)
				unknown_ref = true;
		}
		if (d[i] == '/' || d[i] == '?' || d[i] == '#')
			past = true;
		td_buf_putc(&u, d[i]);
		i++;
	}
	bool ok = !unknown_ref && td_url_is_safe(td_buf_cstr(&u), image);
	td_buf_free(&u);
	return ok;
}

/* The destination of an inline link whose '(' is at s[i]: sets *b, *e. */
static bool link_dest(const char *s, size_t n, size_t i, size_t *b, size_t *e)
{
	size_t j = i + 1;
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j < n && s[j] == '\n')
		j++;
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j < n && s[j] == '<') {
		size_t k = j + 1;
		while (k < n && s[k] != '>' && s[k] != '\n')
			k++;
		*b = j + 1;
		*e = k;
		return true;
	}
	size_t k = j;
	int depth = 0;
	while (k < n && (unsigned char)s[k] > 0x20) {
		if (s[k] == '\\' && k + 1 < n) {
			k += 2;
			continue;
		}
		if (s[k] == '(')
			depth++;
		if (s[k] == ')' && depth-- == 0)
			break;
		k++;
	}
	*b = j;
	*e = k;
	return true;
}

/* Length of an autolink at s[0] ('<'), 0 if none; *safe says whether its
 * scheme may be linked. */
static size_t autolink(const char *s, size_t n, bool *safe)
{
	size_t k = 1;
	while (k < n &&
	       (is_alpha(s[k]) || (k > 1 && (is_digit(s[k]) || s[k] == '+' || s[k] == '-' || s[k] == '.'))))
		k++;
	if (k >= 3 && k <= 33 && k < n && s[k] == ':') {
		size_t e = k + 1;
		while (e < n && (unsigned char)s[e] > 0x20 && s[e] != '<' && s[e] != '>')
			e++;
		if (e < n && s[e] == '>') {
			td_buf sch = TD_BUF_INIT;
			td_buf_put(&sch, s + 1, k);
			*safe = td_url_is_safe(td_buf_cstr(&sch), false);
			td_buf_free(&sch);
			return e + 1;
		}
		return 0;
	}
	/* an e-mail address */
	size_t e = 1;
	while (e < n && (is_alpha(s[e]) || is_digit(s[e]) || strchr(".!#$%&'*+/=?^_`{|}~-", s[e])))
		e++;
	if (e == 1 || e >= n || s[e] != '@')
		return 0;
	size_t d = ++e;
	while (e < n && (is_alpha(s[e]) || is_digit(s[e]) || s[e] == '-' || s[e] == '.'))
		e++;
	if (e == d || e >= n || s[e] != '>')
		return 0;
	*safe = true;
	return e + 1;
}

/* A link reference definition at the start of the line s[i..]: returns the
 * offset of its '[' and sets the destination, or returns SIZE_MAX. */
static size_t ref_def(const char *s, size_t n, size_t i, size_t *db, size_t *de)
{
	size_t j = i, sp = 0;
	while (j < n && s[j] == ' ' && sp < 4)
		j++, sp++;
	if (sp > 3 || j >= n || s[j] != '[')
		return SIZE_MAX;
	size_t open = j;
	for (j++; j < n && s[j] != ']'; j++) {
		if (s[j] == '\\' && j + 1 < n)
			j++;
		else if (s[j] == '[')
			return SIZE_MAX;
	}
	if (j + 1 >= n || s[j + 1] != ':')
		return SIZE_MAX;
	size_t b, e;
	link_dest(s, n, j + 1, &b, &e);
	*db = b;
	*de = e;
	return open;
}

/* Rewrites one run of text lines (no blank line, no fence) s[0..n). */
static void neutralize_inline(td_buf *out, const char *s, size_t n, bool allow_html)
{
	bool line_start = true;
	size_t i = 0;
	/* open brackets: whether each starts an image ("![") */
	bool *img = td_xmalloc(n + 1);
	size_t depth = 0;
	while (i < n) {
		char c = s[i];
		if (c == '[') {
			img[depth++] = i > 0 && s[i - 1] == '!' && (i < 2 || s[i - 2] != '\\');
		}
		bool image = false;
		if (c == ']' && depth)
			image = img[--depth];
		if (line_start) {
			line_start = false;
			size_t db, de;
			size_t open = ref_def(s, n, i, &db, &de);
			if (open != SIZE_MAX && !md_dest_safe(s + db, de - db, false)) {
				td_buf_put(out, s + i, open - i);
				td_buf_puts(out, "\\[");
				i = open + 1;
				continue;
			}
		}
		if (c == '\n') {
			line_start = true;
			td_buf_putc(out, c);
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < n && is_punct(s[i + 1])) {
			td_buf_put(out, s + i, 2);
			i += 2;
			continue;
		}
		if (c == '`') {
			size_t r = run_of(s + i, n - i, '`');
			size_t k = i + r, close = 0;
			while (k < n) {
				if (s[k] != '`') {
					k++;
					continue;
				}
				size_t r2 = run_of(s + k, n - k, '`');
				if (r2 == r) {
					close = k + r2;
					break;
				}
				k += r2;
			}
			size_t upto = close ? close : i + r;
			td_buf_put(out, s + i, upto - i);
			i = upto;
			continue;
		}
		if (c == '<') {
			bool safe = false;
			size_t al = autolink(s + i, n - i, &safe);
			if (al && safe) {
				td_buf_put(out, s + i, al);
				i += al;
				continue;
			}
			if (allow_html && !al)
				td_buf_putc(out, '<');
			else
				td_buf_puts(out, "&lt;");
			i++;
			continue;
		}
		if (c == '{' && !allow_html) {
			/* an attribute list (MkDocs attr_list) could set ids or on* handlers */
			size_t k = i + 1;
			bool risky = false;
			while (k < n && s[k] != '}' && s[k] != '\n') {
				risky = risky || s[k] == '=' || s[k] == '#';
				k++;
			}
			if (k < n && s[k] == '}' && risky) {
				td_buf_puts(out, "\\{");
				i++;
				continue;
			}
		}
		if (c == ']' && i + 1 < n && s[i + 1] == '(') {
			size_t b, e;
			link_dest(s, n, i + 1, &b, &e);
			if (!md_dest_safe(s + b, e - b, image)) {
				td_buf_puts(out, "]\\(");
				i += 2;
				continue;
			}
		}
		td_buf_putc(out, c);
		i++;
	}
	free(img);
}

void td_md_neutralize(td_buf *out, const char *md, size_t len, bool allow_html)
{
	char fch = 0;
	size_t flen = 0, findent = 0;
	size_t chunk = SIZE_MAX; /* start of the pending run of text lines */
	size_t p = 0;
	bool first = true;
	while (p < len) {
		const char *nl = memchr(md + p, '\n', len - p);
		size_t le = nl ? (size_t)(nl - md) : len;
		size_t next = nl ? le + 1 : len;
		const char *s = md + p;
		size_t n = le - p;
		bool verbatim = false;
		if (fch) {
			size_t firstc;
			size_t ind = indent_of(s, n, &firstc);
			if (is_blank_line(s, n)) {
				verbatim = true;
			} else if (ind < findent) {
				fch = 0; /* the fence's container ended: this line is not code */
			} else {
				verbatim = true;
				if (fence_close(s, n, fch, flen))
					fch = 0;
			}
		}
		if (!verbatim && fence_open(s, n, &fch, &flen)) {
			size_t firstc;
			findent = indent_of(s, n, &firstc);
			verbatim = true;
			/* the value may follow text on its line (**Objective:** ...):
			 * a line break makes the fence a fence there too */
			if (first)
				td_buf_putc(out, '\n');
		}
		if (!verbatim && is_blank_line(s, n))
			verbatim = true;
		if (verbatim) {
			if (chunk != SIZE_MAX) {
				neutralize_inline(out, md + chunk, p - chunk, allow_html);
				chunk = SIZE_MAX;
			}
			td_buf_put(out, md + p, next - p);
		} else if (chunk == SIZE_MAX) {
			chunk = p;
		}
		first = false;
		p = next;
	}
	if (chunk != SIZE_MAX)
		neutralize_inline(out, md + chunk, len - chunk, allow_html);
	td_buf_cstr(out);
}

void td_md_codeblock(td_buf *out, const char *s, size_t len)
{
	size_t p = 0;
	while (p < len) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t le = nl ? (size_t)(nl - s) : len;
		size_t first;
		size_t ind = indent_of(s + p, le - p, &first);
		char c = p + first < le ? s[p + first] : 0;
		if (ind <= 3 && (c == '`' || c == '~') && run_of(s + p + first, le - p - first, c) >= 3)
			td_buf_puts(out, "    ");
		td_buf_put(out, s + p, (nl ? le + 1 : len) - p);
		p = nl ? le + 1 : len;
	}
	td_buf_cstr(out);
}
