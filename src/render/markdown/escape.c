/*
 * escape.c - the escapers of the Markdown room: plain text as inline
 * Markdown (td_md_escape, every {{variable}} of a Markdown template), the
 * neutraliser of the plan's own Markdown (template filter `usermd`) and
 * the code-block line filter (`codeblock`). Each works on text only.
 */
#include "render/markdown/escape.h"
#include "render/mdlines.h"
#include "render/url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* ---- what MkDocs extensions would read as markup ---- */

/*
 * The extension-proof rule, shared by td_md_escape and td_md_neutralize.
 *
 * A MkDocs site may enable any Python-Markdown or pymdownx extension, and
 * each reads some plain text as markup: tilde (~sub~, ~~del~~), caret
 * (^sup^, ^^ins^^), mark (==mark==), keys (++ctrl+c++), arithmatex ($x$,
 * \(x\), $$...$$, \begin{...}), emoji (:name:), smartsymbols ((c) (r) (tm)
 * +/- =/= c/o --> <-- and fractions such as 1/2), abbr (*[HTML]: ...),
 * footnotes ([^1]), def_list (": " at the start of a line), tabbed
 * (=== "Tab").
 *
 * Two tools are safe whatever the site enables:
 *
 * - a backslash escape, but only of a character in Python-Markdown's own
 *   ESCAPED_CHARS (\ ` * _ { } [ ] ( ) > # + - . !) or of |, which the
 *   tables extension (always loaded by MkDocs) adds. The extensions add
 *   theirs (~ ^ = : $ + and, for caret and tilde, the space): escape any
 *   other character and a site without that extension shows the backslash
 *   ("\~"), while a site with it drops the backslash ("Impact \ Probability"
 *   loses its backslash under caret or tilde);
 * - a numeric character reference (&#126;). CommonMark (cmark-gfm, the HTML
 *   site) decodes it; Python-Markdown stashes it before the extensions'
 *   inline patterns of lower priority run, and those that run before it
 *   (keys, arithmatex, inlinehilite), the block processors and
 *   smartsymbols' tree processor see "&#126;", which none of them matches.
 *
 * So a character that starts or closes such a sequence is written as its
 * reference. ext_ref says which: ~ ^ $ always; = and + next to another of
 * themselves (==, ++); a : that opens :name: (letters, digits, _ + -, then
 * a : or the end of the text, where the page's own text may close it); a /
 * after a digit, + or = (fractions, +/-, =/=) or in c/o; a ( that opens
 * (c), (r) or (tm). Arrows need nothing in escaped text (< and > are
 * entities there); td_md_neutralize handles them itself.
 */
static const char *ext_ref(const char *s, size_t n, size_t i)
{
	char c = s[i];
	char prev = i > 0 ? s[i - 1] : 0, next = i + 1 < n ? s[i + 1] : 0;
	switch (c) {
	case '~':
		return "&#126;";
	case '^':
		return "&#94;";
	case '$':
		return "&#36;";
	case '=':
		return prev == '=' || next == '=' ? "&#61;" : NULL;
	case '+':
		return prev == '+' || next == '+' ? "&#43;" : NULL;
	case ':': {
		size_t k = i + 1;
		while (k < n && (is_alnum(s[k]) || s[k] == '_' || s[k] == '+' || s[k] == '-'))
			k++;
		return k > i + 1 && (k == n || s[k] == ':') ? "&#58;" : NULL;
	}
	case '/':
		if (is_digit(prev) || prev == '+' || prev == '=')
			return "&#47;";
		if ((prev | 0x20) == 'c' && (i < 2 || !is_alnum(s[i - 2])) && (next | 0x20) == 'o' &&
		    (i + 2 >= n || !is_alnum(s[i + 2])))
			return "&#47;";
		return NULL;
	case '(': {
		static const char *const sym[] = {"c)", "r)", "tm)"};
		for (size_t k = 0; k < 3; k++) {
			size_t m = strlen(sym[k]);
			if (n - i - 1 >= m && strncasecmp(s + i + 1, sym[k], m) == 0)
				return "&#40;";
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

/* ---- plain text ---- */

/* Bytes that need a look in inline Markdown text. */
static const unsigned char md_special[256] = {
    ['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, [']'] = 1,  ['#'] = 1,
    ['|'] = 1,  ['~'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1, ['\n'] = 1, ['\r'] = 1,
    ['{'] = 1,  ['^'] = 1, ['$'] = 1, ['='] = 1, ['+'] = 1, [':'] = 1, ['/'] = 1,  ['('] = 1,
};

/* True when s (at an '&') reads as an entity reference: &name; &#123; &#x1F; */
static bool entity_at(const char *s, size_t n)
{
	size_t i = 1;
	if (i < n && s[i] == '#')
		i++;
	size_t b = i;
	while (i < n && i - b < 32 && is_alnum(s[i]))
		i++;
	return i > b && i < n && s[i] == ';';
}

/* Length of the run of c at s[0..n). */
static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;
	while (k < n && s[k] == c)
		k++;
	return k;
}

/* True when s[0..n) is c repeated (with blanks between), as in a rule or setext underline. */
static bool only_run(const char *s, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != c && s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

void td_md_escape(td_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t stop = n - i > TD_ESCAPE_CHUNK ? i + TD_ESCAPE_CHUNK : n;
		char *w = td_buf_room(out, 6 * (stop - i) + 12);
		if (i == 0) {
			/* markers that mean something at the start of a line: lists,
			 * rules, setext underlines, and the blocks of admonition and
			 * details (!!!, ???), tabbed (===) and def_list (": ") */
			char c = s[0];
			bool spaced = n == 1 || s[1] == ' ' || s[1] == '\t';
			size_t run = run_of(s, n, c);
			if (((c == '-' || c == '+') && spaced) || (c == '-' && only_run(s, n, c)) ||
			    (c == '!' && run >= 3)) {
				*w++ = '\\';
			} else if ((c == '=' && only_run(s, n, c)) || (c == '?' && run >= 3) ||
			           (c == ':' && spaced)) {
				w += sprintf(w, "&#%d;", c);
				i = 1;
			} else if (c >= '0' && c <= '9') {
				size_t k = 0;
				while (k < n && k < 10 && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k < n && (s[k] == '.' || s[k] == ')') &&
				    (k + 1 == n || s[k + 1] == ' ' || s[k + 1] == '\t')) {
					memcpy(w, s, k);
					w += k;
					*w++ = '\\';
					i = k;
				}
			}
		}
		while (i < stop) {
			size_t j = i;
			while (j < stop && !md_special[(unsigned char)s[j]])
				j++;
			memcpy(w, s + i, j - i);
			w += j - i;
			if ((i = j) == stop)
				break;
			char c = s[i++];
			switch (c) {
			case '<':
				memcpy(w, "&lt;", 4);
				w += 4;
				break;
			case '>':
				memcpy(w, "&gt;", 4);
				w += 4;
				break;
			case '&':
				if (entity_at(s + i - 1, n - i + 1)) {
					memcpy(w, "&amp;", 5);
					w += 5;
				} else {
					*w++ = '&';
				}
				break;
			case '\r':
				if (i < n && s[i] == '\n')
					break; /* the '\n' makes the space */
				*w++ = ' ';
				break;
			case '\n':
				*w++ = ' ';
				break;
			case '_':
				/* inside a word an underscore is no emphasis (CommonMark
				 * and Python-Markdown): left bare, so that MkDocs' table of
				 * contents shows "write_bw", not its escaped form */
				if (i >= 2 && i < n && isalnum((unsigned char)s[i - 2]) && isalnum((unsigned char)s[i]))
					*w++ = '_';
				else
					*w++ = '\\', *w++ = '_';
				break;
			case '{': {
				/* `{key=value}` would be an attribute list for MkDocs
				 * (attr_list: `{onclick=...}` after a link or at the
				 * end of a table cell): escaped */
				const char *close = memchr(s + i, '}', n - i);
				if (close && memchr(s + i, '=', (size_t)(close - (s + i))))
					*w++ = '\\';
				*w++ = '{';
				break;
			}
			case '~':
			case '^':
			case '$':
			case '=':
			case '+':
			case ':':
			case '/':
			case '(': {
				const char *r = ext_ref(s, n, i - 1);
				size_t m = r ? strlen(r) : 0;
				if (r)
					memcpy(w, r, m), w += m;
				else
					*w++ = c;
				break;
			}
			default: /* \ ` * [ ] # |: escapes every Markdown honours */
				*w++ = '\\';
				*w++ = c;
			}
		}
		td_buf_done(out, w);
	}
}

void td_escape_markdown(td_buf *out, const char *s)
{
	td_md_escape(out, s, strlen(s));
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
			size_t used = td_char_ref_decode(&u, d + i, n - i);
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

/* Is the line s[0..n) a table's delimiter row (|:--|--:|)? Its colons
 * are alignment, not emoji. */
static bool delimiter_row(const char *s, size_t n)
{
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (!strchr("|: \t\r", s[i]))
			return false;
	}
	return dash;
}

/* An abbreviation definition (abbr: *[HTML]: Hyper Text...) at s[0..n)? */
static bool abbr_def(const char *s, size_t n)
{
	if (n < 4 || s[0] != '*' || s[1] != '[')
		return false;
	const char *close = memchr(s + 2, ']', n - 2);
	if (!close || memchr(s + 2, '\n', (size_t)(close - s - 2)))
		return false;
	size_t k = (size_t)(close - s) + 1;
	if (k < n && s[k] == ' ')
		k++;
	return k < n && s[k] == ':';
}

/*
 * The start of a line at s[i..n) (up to the end of the text): what a MkDocs
 * extension would read there as a block of its own (abbr's *[X]:, def_list's
 * ": "), written as references. Sets *eq_line and *delim (a setext underline
 * of '=', a table delimiter row) for the rest of the line; returns how many
 * bytes it wrote from.
 */
static size_t line_start_ext(td_buf *out, const char *s, size_t n, size_t i, bool *eq_line, bool *delim)
{
	const char *nl = memchr(s + i, '\n', n - i);
	size_t e = nl ? (size_t)(nl - s) : n;
	size_t first;
	size_t ind = indent_of(s + i, e - i, &first);
	*eq_line = ind < 4 && first < e - i && only_run(s + i, e - i, '=');
	*delim = delimiter_row(s + i, e - i);
	if (ind > 3 || first >= e - i)
		return 0;
	size_t f = i + first;
	if (s[f] == ':' && (f + 1 == e || s[f + 1] == ' ' || s[f + 1] == '\t')) {
		td_buf_put(out, s + i, first);
		td_buf_puts(out, "&#58;");
		return first + 1;
	}
	if (abbr_def(s + f, e - f)) {
		td_buf_put(out, s + i, first);
		td_buf_puts(out, "&#42;");
		return first + 1;
	}
	return 0;
}

/*
 * A character of the plan's Markdown at s[i] that some MkDocs extension
 * would read as markup (the rule above ext_ref, plus backslash escapes and
 * arrows): writes its replacement and returns the bytes consumed, or 0.
 * A backslash escape becomes the character's reference, which means the
 * same in CommonMark ("\[" and "&#91;" are both a literal '[') but is also
 * one in Python-Markdown whatever its ESCAPED_CHARS; any other backslash
 * (\begin, a path) becomes &#92;, so arithmatex finds no \(, \[ or \begin.
 */
static size_t ext_markup(td_buf *out, const char *s, size_t n, size_t i, bool eq_line, bool allow_html)
{
	char c = s[i];
	if (c == '\\') {
		if (i + 1 < n && is_punct(s[i + 1])) {
			td_buf_printf(out, "&#%d;", s[i + 1]);
			return 2;
		}
		if (i + 1 < n && s[i + 1] != '\n' && s[i + 1] != '\r') {
			td_buf_puts(out, "&#92;");
			return 1;
		}
		return 0;
	}
	if (c == '>' && i >= 2 && s[i - 1] == '-' && s[i - 2] == '-') { /* --> */
		td_buf_puts(out, "&gt;");
		return 1;
	}
	if (c == '<' && i + 1 < n && s[i + 1] == '-') { /* <-- */
		td_buf_puts(out, "&lt;");
		return 1;
	}
	if (c == '<' && allow_html && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		/* an HTML comment (html: unsafe) is copied as it is: its --> ends it */
		size_t m = i + 4;
		while (m + 3 <= n && memcmp(s + m, "-->", 3) != 0)
			m++;
		m = m + 3 <= n ? m + 3 - i : n - i;
		td_buf_put(out, s + i, m);
		return m;
	}
	if (c == '=' && eq_line)
		return 0;
	const char *r = ext_ref(s, n, i);
	if (!r)
		return 0;
	td_buf_puts(out, r);
	return 1;
}

/* May a code span go on past the line break at s[k]? A code span lives in
 * one paragraph, so only if the next line surely continues it: its first
 * character that is not blank is a letter (any other could start a list
 * item, a quote, a heading, raw HTML, a table row or an extension's
 * block, and a renderer would then end the paragraph there). When in
 * doubt the span is not a span, and its text is escaped like any other. */
static bool span_crosses(const char *s, size_t n, size_t k)
{
	k++;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k < n && (is_alpha(s[k]) || (unsigned char)s[k] >= 0x80);
}

/* The end of the code span whose opening backticks are at s[i] (the end
 * of the run alone when nothing closes it). With one_line (a table, a
 * heading) the span cannot cross a line break at all; otherwise only one
 * that span_crosses allows. */
static size_t code_span_end(const char *s, size_t n, size_t i, bool one_line)
{
	size_t r = run_of(s + i, n - i, '`');
	size_t k = i + r;
	while (k < n) {
		if (s[k] == '\n' && (one_line || !span_crosses(s, n, k)))
			break;
		if (s[k] != '`') {
			k++;
			continue;
		}
		size_t r2 = run_of(s + k, n - k, '`');
		if (r2 == r)
			return k + r2;
		k += r2;
	}
	return i + r;
}

/* Is the line that holds s[i] an ATX heading (a block of one line)? */
static bool in_heading(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] != '\n')
		i--;
	size_t sp = 0;
	while (s[i + sp] == ' ' && sp < 4)
		sp++;
	return sp < 4 && s[i + sp] == '#';
}

/* Does the run of lines s[0..n) hold a table delimiter row? */
static bool has_table(const char *s, size_t n)
{
	for (size_t p = 0; p < n;) {
		const char *nl = memchr(s + p, '\n', n - p);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (delimiter_row(s + p, e - p))
			return true;
		p = e + 1;
	}
	return false;
}

/* Rewrites one run of text lines (no blank line, no fence) s[0..n). */
static void neutralize_inline(td_buf *out, const char *s, size_t n, bool allow_html)
{
	bool line_start = true, eq_line = false, delim = false;
	bool table = has_table(s, n); /* rows are blocks of one line */
	size_t i = 0;
	size_t keep_b = SIZE_MAX, keep_e = 0; /* a link destination, copied as written */
	/* open brackets: whether each starts an image ("![") */
	bool *img = td_xmalloc(n + 1);
	size_t depth = 0;
	while (i < n) {
		char c = s[i];
		if (i == keep_b) {
			td_buf_put(out, s + keep_b, keep_e - keep_b);
			i = keep_e;
			keep_b = SIZE_MAX;
			continue;
		}
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
			if (open != SIZE_MAX && db > open)
				keep_b = db, keep_e = de;
			size_t used = line_start_ext(out, s, n, i, &eq_line, &delim);
			if (used) {
				i += used;
				continue;
			}
		}
		if (c == '\n') {
			line_start = true;
			td_buf_putc(out, c);
			i++;
			continue;
		}
		if (delim) {
			td_buf_putc(out, c);
			i++;
			continue;
		}
		if (c == '`') {
			size_t upto = code_span_end(s, n, i, table || in_heading(s, i));
			td_buf_put(out, s + i, upto - i);
			i = upto;
			continue;
		}
		size_t used = ext_markup(out, s, n, i, eq_line, allow_html);
		if (used) {
			i += used;
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
			td_buf_puts(out, "](");
			i += 2;
			keep_b = b, keep_e = e;
			continue;
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
			if (td_md_blank_line(s, n)) {
				verbatim = true;
			} else if (ind < findent) {
				fch = 0; /* the fence's container ended: this line is not code */
			} else {
				verbatim = true;
				if (td_md_fence_close(s, n, fch, flen, true))
					fch = 0;
			}
		}
		if (!verbatim && td_md_fence_open(s, n, &fch, &flen)) {
			size_t firstc;
			findent = indent_of(s, n, &firstc);
			verbatim = true;
			/* the value may follow text on its line (**Objective:** ...):
			 * a line break makes the fence a fence there too */
			if (first)
				td_buf_putc(out, '\n');
		}
		if (!verbatim && td_md_blank_line(s, n))
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

void td_md_codespan(td_buf *out, const char *s, size_t len)
{
	size_t longest = 0;
	for (size_t i = 0; i < len;) {
		size_t r = run_of(s + i, len - i, '`');
		if (r) {
			longest = r > longest ? r : longest;
			i += r;
		} else {
			i++;
		}
	}
	/* a space on each side, which both CommonMark and Python-Markdown
	 * strip, keeps a backtick at either end out of the fence and a leading
	 * #! or ::: from being read as a language by inlinehilite */
	bool pad = len && (s[0] == '`' || s[len - 1] == '`' || s[0] == ' ' || s[len - 1] == ' ' ||
	                   (len >= 2 && s[0] == '#' && s[1] == '!') || (len >= 3 && memcmp(s, ":::", 3) == 0));
	for (size_t k = 0; k <= longest; k++)
		td_buf_putc(out, '`');
	if (pad)
		td_buf_putc(out, ' ');
	for (size_t i = 0; i < len; i++)
		td_buf_putc(out, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	if (pad)
		td_buf_putc(out, ' ');
	for (size_t k = 0; k <= longest; k++)
		td_buf_putc(out, '`');
	td_buf_cstr(out);
}
