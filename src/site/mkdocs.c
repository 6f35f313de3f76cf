/*
 * mkdocs.c - keeps one section of the user's mkdocs.yml `nav:` in step with
 * the generated pages. The file is parsed with libyaml's event API only to
 * find where things are; the text itself is edited, so comments, custom
 * tags (!ENV, !!python/name:...) and formatting outside the section stay
 * byte for byte. libyaml marks count characters and its own line breaks
 * (CR, LF, CRLF, NEL, LS, PS; a leading BOM is not counted): they are
 * turned into byte offsets through a table of line starts.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "site/site.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define NONE SIZE_MAX
#define BAD_UTF8 0xFFFFFFFFu

typedef struct ev {
	yaml_event_type_t type;
	yaml_mark_t start, end;
	char *value; /* scalars */
	size_t vlen;
	char *tag;  /* scalars, sequences, mappings; NULL if none */
	char *anchor; /* its anchor, or the alias's name; NULL if none */
	bool flow;  /* sequence or mapping start in flow style */
	bool plain;  /* plain scalar */
	bool quoted; /* single- or double-quoted scalar */
} ev;

typedef struct ydoc_text {
	const char *file;
	const char *text;
	size_t len;
	ev *evs;
	size_t nev, cap;
	size_t *lines; /* byte offset where each libyaml line starts */
	size_t nlines, lcap;
	size_t root; /* event index of the first document's root node, or NONE */
} ydoc_text;

static td_loc mark_loc(const ydoc_text *d, yaml_mark_t m)
{
	td_loc l = {d->file, (int)m.line + 1, (int)m.column + 1};
	return l;
}

/* Length of the line break at t[i..len), 0 if none (libyaml's set). */
static size_t break_len(const char *t, size_t i, size_t len)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '\r')
		return i + 1 < len && t[i + 1] == '\n' ? 2 : 1;
	if (c == '\n')
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0x85)
		return 2;
	if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9))
		return 3;
	return 0;
}

static void index_lines(ydoc_text *d)
{
	size_t i = 0;
	if (d->len >= 3 && memcmp(d->text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	td_grow((void **)&d->lines, &d->lcap, d->nlines + 1, sizeof(size_t));
	d->lines[d->nlines++] = i;
	while (i < d->len) {
		size_t b = break_len(d->text, i, d->len);
		if (!b) {
			i++;
			continue;
		}
		i += b;
		td_grow((void **)&d->lines, &d->lcap, d->nlines + 1, sizeof(size_t));
		d->lines[d->nlines++] = i;
	}
}

static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Byte offset of a libyaml mark. */
static size_t mark_off(const ydoc_text *d, yaml_mark_t m)
{
	if (m.line >= d->nlines)
		return d->len;
	size_t p = d->lines[m.line];
	for (size_t c = 0; c < m.column && p < d->len; c++)
		p += utf8_len((unsigned char)d->text[p]);
	return p < d->len ? p : d->len;
}

static bool is_nl(char c)
{
	return c == '\n' || c == '\r';
}

static size_t line_start(const ydoc_text *d, size_t off)
{
	while (off > 0 && !is_nl(d->text[off - 1]))
		off--;
	return off;
}

/* Offset just after the line break that ends the line holding off (or len). */
static size_t line_end(const ydoc_text *d, size_t off)
{
	while (off < d->len && !is_nl(d->text[off]))
		off++;
	if (off < d->len)
		off += d->text[off] == '\r' && off + 1 < d->len && d->text[off + 1] == '\n' ? 2 : 1;
	return off;
}

static void doc_free(ydoc_text *d)
{
	for (size_t i = 0; i < d->nev; i++) {
		free(d->evs[i].value);
		free(d->evs[i].tag);
		free(d->evs[i].anchor);
	}
	free(d->evs);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

static char *dup_opt(const yaml_char_t *t)
{
	return t ? td_xstrdup((const char *)t) : NULL;
}

/* Parses text into d (events of the whole stream). Returns 0, or -1 with a diagnostic. */
static int doc_parse(ydoc_text *d, const char *file, const char *text, size_t len, td_diags *diags)
{
	yaml_parser_t parser;
	int ret = -1;
	memset(d, 0, sizeof *d);
	d->file = file;
	d->text = text;
	d->len = len;
	d->root = NONE;
	index_lines(d);
	if (!yaml_parser_initialize(&parser)) {
		td_loc loc = {file, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int docs = 0;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) {
			td_loc loc = {file, (int)parser.problem_mark.line + 1,
			              (int)parser.problem_mark.column + 1};
			td_diag_add(diags, TD_SEV_ERROR, loc, "cannot parse: %s%s%s",
			            parser.problem ? parser.problem : "invalid YAML",
			            parser.context ? " " : "", parser.context ? parser.context : "");
			goto out;
		}
		td_grow((void **)&d->evs, &d->cap, d->nev + 1, sizeof(ev));
		ev *v = &d->evs[d->nev];
		memset(v, 0, sizeof *v);
		v->type = e.type;
		v->start = e.start_mark;
		v->end = e.end_mark;
		switch (e.type) {
		case YAML_DOCUMENT_START_EVENT:
			docs++;
			break;
		case YAML_SCALAR_EVENT:
			v->value = td_xstrndup((const char *)e.data.scalar.value, e.data.scalar.length);
			v->vlen = e.data.scalar.length;
			v->tag = dup_opt(e.data.scalar.tag);
			v->anchor = dup_opt(e.data.scalar.anchor);
			v->plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			v->quoted = e.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			            e.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
			break;
		case YAML_ALIAS_EVENT:
			v->anchor = dup_opt(e.data.alias.anchor);
			break;
		case YAML_SEQUENCE_START_EVENT:
			v->tag = dup_opt(e.data.sequence_start.tag);
			v->anchor = dup_opt(e.data.sequence_start.anchor);
			v->flow = e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			break;
		case YAML_MAPPING_START_EVENT:
			v->tag = dup_opt(e.data.mapping_start.tag);
			v->anchor = dup_opt(e.data.mapping_start.anchor);
			v->flow = e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
			break;
		default:
			break;
		}
		if (docs == 1 && d->root == NONE &&
		    (e.type == YAML_SCALAR_EVENT || e.type == YAML_SEQUENCE_START_EVENT ||
		     e.type == YAML_MAPPING_START_EVENT || e.type == YAML_ALIAS_EVENT))
			d->root = d->nev;
		d->nev++;
		bool end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (end)
			break;
	}
	if (docs > 1) {
		td_loc loc = {file, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "holds more than one YAML document; MkDocs reads one");
		goto out;
	}
	ret = 0;
out:
	yaml_parser_delete(&parser);
	return ret;
}

/* Index of the event after the node that starts at i. */
static size_t skip_node(const ydoc_text *d, size_t i)
{
	int depth = 0;
	do {
		switch (d->evs[i].type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		i++;
	} while (depth > 0 && i < d->nev);
	return i;
}

static bool scalar_is(const ev *v, const char *s)
{
	return v->type == YAML_SCALAR_EVENT && v->vlen == strlen(s) && memcmp(v->value, s, v->vlen) == 0;
}

/* The value node of the top-level key (the last one, as PyYAML keeps the
 * last of duplicate keys), or NONE; *keyi gets the key's index. */
static size_t top_value(const ydoc_text *d, const char *key, size_t *keyi)
{
	size_t found = NONE;
	if (d->root == NONE || d->evs[d->root].type != YAML_MAPPING_START_EVENT)
		return NONE;
	size_t i = d->root + 1;
	while (i < d->nev && d->evs[i].type != YAML_MAPPING_END_EVENT) {
		size_t k = i, v = skip_node(d, k);
		if (v >= d->nev)
			break;
		if (scalar_is(&d->evs[k], key)) {
			found = v;
			if (keyi)
				*keyi = k;
		}
		i = skip_node(d, v);
	}
	return found;
}

static bool is_null_scalar(const ev *v)
{
	if (v->type != YAML_SCALAR_EVENT || !v->plain || v->tag)
		return false;
	return v->vlen == 0 || scalar_is(v, "~") || scalar_is(v, "null") || scalar_is(v, "Null") ||
	       scalar_is(v, "NULL");
}

/* ---- quoting ---- */

/* The character at s, its length in *n; BAD_UTF8 (*n = 1) when s does not
 * start a well-formed UTF-8 sequence. */
static uint32_t utf8_decode(const unsigned char *s, size_t *n)
{
	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	/* a continuation byte, an overlong lead (C0, C1) or past U+10FFFF */
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return BAD_UTF8;
	size_t l = utf8_len(s[0]);
	uint32_t c = l == 2 ? (s[0] & 0x1Fu) : l == 3 ? (s[0] & 0x0Fu) : (s[0] & 0x07u);
	for (size_t i = 1; i < l; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return BAD_UTF8;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	/* overlong forms, surrogates and code points past U+10FFFF are not UTF-8 */
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[l] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return BAD_UTF8;
	*n = l;
	return c;
}

/* Characters libyaml accepts in a stream as they are (besides tab and breaks). */
static bool printable(uint32_t c)
{
	return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
}

static bool is_reserved_word(const char *s)
{
	static const char *const words[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
	for (size_t i = 0; i < TD_ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i]);
		if (strlen(s) != n)
			continue;
		size_t j = 0;
		while (j < n && (s[j] | 0x20) == words[i][j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

/* True when s can be written as a plain scalar that reads back as the same string. */
static bool plain_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0 || n > 200 || is_reserved_word(s))
		return false;
	unsigned char c0 = u[0];
	bool alpha0 = (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z');
	if (!(alpha0 || c0 == '_' || c0 == '/' || c0 == '(' || c0 >= 0x80))
		return false;
	if (u[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n;) {
		if (u[i] >= 0x80) {
			size_t l;
			uint32_t c = utf8_decode(u + i, &l);
			if (!printable(c) || c == 0xA0 || (c >= 0x2000 && c <= 0x200F) || c == 0x2028 ||
			    c == 0x2029 || c == 0x3000)
				return false;
			i += l;
			continue;
		}
		char c = (char)u[i++];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			continue;
		if (!strchr(" _-./()+,;=@~!$%&*?^'", c))
			return false;
	}
	return true;
}

/* Appends s as a YAML scalar: plain when that is safe, else double-quoted. */
static void put_scalar(td_buf *b, const char *s)
{
	if (plain_ok(s)) {
		td_buf_puts(b, s);
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	td_buf_putc(b, '"');
	for (size_t i = 0; u[i];) {
		size_t l;
		uint32_t c = u[i] < 0x80 ? u[i] : utf8_decode(u + i, &l);
		if (u[i] < 0x80)
			l = 1;
		if (c == '"' || c == '\\') {
			td_buf_putc(b, '\\');
			td_buf_putc(b, (char)c);
		} else if (c == '\n') {
			td_buf_putsl(b, "\\n");
		} else if (c == '\t') {
			td_buf_putsl(b, "\\t");
		} else if (c == 0x85) {
			td_buf_putsl(b, "\\N");
		} else if (c == 0x2028) {
			td_buf_putsl(b, "\\L");
		} else if (c == 0x2029) {
			td_buf_putsl(b, "\\P");
		} else if (c == BAD_UTF8) {
			td_buf_putsl(b, "\\uFFFD"); /* not UTF-8: the replacement character */
		} else if (c < 0x80 && !printable(c)) {
			td_buf_printf(b, "\\x%02X", (unsigned)c);
		} else if (!printable(c)) {
			td_buf_printf(b, c > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)c);
		} else {
			td_buf_put(b, s + i, l);
		}
		i += l;
	}
	td_buf_putc(b, '"');
}

/* ---- nav titles ---- */

/* Longest title written, in bytes after HTML escaping: YAML allows at most
 * 1024 characters for a key written on one line, and quoting adds a few. */
#define TITLE_MAX 900

/* The nav title for text, HTML-escaped: MkDocs themes print nav titles as
 * they are (no autoescape), so `<`, `>`, `&`, `"`, `'` become references,
 * as do control characters, NEL, LS and PS (which YAML reads as line
 * breaks) and bytes that are not UTF-8 (U+FFFD). A `<` before `/` gets a
 * zero-width space after it, so that Material's <title>, which unescapes
 * the title (Jinja's striptags), never holds an end tag. Titles longer than
 * TITLE_MAX bytes once escaped are cut at a character and end with "...".
 * Returns a string the caller frees. */
static char *nav_title(const char *text)
{
	const unsigned char *u = (const unsigned char *)(text ? text : "");
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; u[i];) {
		size_t l = 1;
		uint32_t c = u[i] < 0x80 ? u[i] : utf8_decode(u + i, &l);
		char one[32];
		const char *rep = one;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = u[i + 1] == '/' ? "&lt;&#8203;" : "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c == '\'')
			rep = "&#39;";
		else if (c == BAD_UTF8)
			rep = "&#65533;";
		else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
			snprintf(one, sizeof one, "&#%u;", (unsigned)c);
		else {
			memcpy(one, u + i, l);
			one[l] = '\0';
		}
		if (b.len + strlen(rep) > TITLE_MAX) {
			td_buf_puts(&b, "\xE2\x80\xA6"); /* ... */
			break;
		}
		td_buf_puts(&b, rep);
		i += l;
	}
	return td_buf_detach(&b);
}

/* Appends the nav title for text (nav_title) as a YAML scalar. */
static void put_title(td_buf *b, const char *text)
{
	char *t = nav_title(text);
	put_scalar(b, t);
	free(t);
}

/* ---- the new entry ---- */

typedef struct style {
	const char *indent; /* bytes before the first item's '-' */
	size_t nindent;
	size_t gap;  /* spaces after '-' */
	size_t step; /* extra indentation of each nesting level */
	const char *eol;
	const char *prefix;
} style;

static void put_path(td_buf *b, const style *st, const char *path)
{
	if (st->prefix && *st->prefix && !strstr(path, "://")) {
		td_buf tmp = TD_BUF_INIT;
		td_buf_puts(&tmp, st->prefix);
		if (st->prefix[strlen(st->prefix) - 1] != '/')
			td_buf_putc(&tmp, '/');
		td_buf_puts(&tmp, path);
		put_scalar(b, td_buf_cstr(&tmp));
		td_buf_free(&tmp);
	} else {
		put_scalar(b, path);
	}
}

static void put_line_start(td_buf *b, const style *st, size_t level)
{
	td_buf_puts(b, st->eol);
	td_buf_put(b, st->indent, st->nindent);
	for (size_t i = 0; i < level * st->step; i++)
		td_buf_putc(b, ' ');
	td_buf_putc(b, '-');
	for (size_t i = 0; i < st->gap; i++)
		td_buf_putc(b, ' ');
}

static void put_items(td_buf *b, const style *st, const td_nav *items, size_t n, size_t level)
{
	for (size_t i = 0; i < n; i++) {
		const td_nav *it = &items[i];
		put_line_start(b, st, level);
		if (it->path) {
			if (it->title) {
				put_title(b, it->title);
				td_buf_putsl(b, ": ");
			}
			put_path(b, st, it->path);
			continue;
		}
		put_title(b, it->title);
		if (it->nchildren == 0) {
			td_buf_putsl(b, ": []");
			continue;
		}
		td_buf_putc(b, ':');
		put_items(b, st, it->children, it->nchildren, level + 1);
	}
}

/* The entry "- section:" and its children, lines joined by st->eol, without
 * a break before the first or after the last line. */
static void put_entry(td_buf *b, const style *st, const char *section, const td_nav *pages, size_t n)
{
	td_nav top = {section, NULL, (td_nav *)pages, n};
	td_buf tmp = TD_BUF_INIT;
	put_items(&tmp, st, &top, 1, 0);
	size_t skip = strlen(st->eol);
	td_buf_put(b, tmp.ptr + skip, tmp.len - skip);
	td_buf_free(&tmp);
}

/* The detected line break of the text: that of its first line. */
static const char *detect_eol(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\n')
			return "\n";
		if (t[i] == '\r')
			return i + 1 < len && t[i + 1] == '\n' ? "\r\n" : "\r";
	}
	return "\n";
}

typedef struct item {
	size_t ev;   /* event index of the item node */
	size_t dash; /* byte offset of its '-' */
	size_t line; /* byte offset of the start of the dash's line */
	size_t end;  /* byte offset after its last line (and its break) */
} item;

/* Moves it->end past the lines after it that are indented deeper than the
 * item's dash: they are still the item's (an empty value, as in "-" or
 * "key:", has no mark of its own that says so). Blank and comment lines
 * count only when such a line follows them. */
static void extend_item(const ydoc_text *d, item *it)
{
	size_t col = it->dash - it->line;
	for (size_t p = it->end; p < d->len;) {
		size_t e = line_end(d, p), k = p;
		while (k < e && d->text[k] == ' ')
			k++;
		if (k < e && !is_nl(d->text[k]) && d->text[k] != '#') {
			if (k - p <= col)
				break;
			it->end = e;
		}
		p = e;
	}
}

/* Locates the item node at event i: its dash and extent. Returns 0 or -1 (diagnosed). */
static int locate_item(const ydoc_text *d, size_t i, item *it, td_diags *diags)
{
	const ev *v = &d->evs[i];
	size_t start = mark_off(d, v->start);
	size_t q = start;
	while (q > 0 && (d->text[q - 1] == ' ' || d->text[q - 1] == '\t'))
		q--;
	size_t ls = line_start(d, start);
	bool ok = q > 0 && d->text[q - 1] == '-';
	if (ok) {
		for (size_t k = ls; k < q - 1; k++)
			if (d->text[k] != ' ')
				ok = false;
	}
	if (!ok) {
		td_diag_add(
		    diags, TD_SEV_ERROR, mark_loc(d, v->start),
		    "cannot find the '-' of this nav item on its line; write '- ' and the item on one line");
		return -1;
	}
	it->ev = i;
	it->dash = q - 1;
	it->line = ls;
	/* the last event that has a precise end: a non-empty scalar, an alias, a flow end */
	size_t last = NONE, stop = skip_node(d, i);
	for (size_t k = i; k < stop; k++) {
		const ev *e = &d->evs[k];
		bool precise = ((e->type == YAML_SCALAR_EVENT || e->type == YAML_ALIAS_EVENT) &&
		                e->end.index > e->start.index) ||
		               ((e->type == YAML_SEQUENCE_END_EVENT || e->type == YAML_MAPPING_END_EVENT) &&
		                e->end.index > e->start.index);
		if (precise)
			last = k;
	}
	if (last == NONE) {
		it->end = line_end(d, start);
	} else {
		yaml_mark_t m = d->evs[last].end;
		size_t off = mark_off(d, m);
		if (m.column == 0 && off > ls)
			it->end = off; /* a block scalar ends after its line break */
		else
			it->end = line_end(d, off);
	}
	extend_item(d, it);
	return 0;
}

/* The rewrite on a parsed document. */
static int rewrite_doc(td_buf *out, const ydoc_text *d, const char *prefix, const char *section,
                       const td_nav *pages, size_t npages, td_diags *diags)
{
	size_t keyi = NONE;
	item first = {0, 0, 0, 0}, match = first, last = first;
	bool found = false;
	td_buf_clear(out);

	if (d->root != NONE && d->evs[d->root].type != YAML_MAPPING_START_EVENT &&
	    !is_null_scalar(&d->evs[d->root])) {
		td_diag_add(diags, TD_SEV_ERROR, mark_loc(d, d->evs[d->root].start),
		            "the top level of an MkDocs configuration must be a mapping");
		return -1;
	}
	size_t val = top_value(d, "nav", &keyi);
	if (val == NONE || is_null_scalar(&d->evs[val])) {
		td_buf_put(out, d->text, d->len);
		return TD_MKDOCS_NONAV;
	}
	const ev *nv = &d->evs[val];
	if (nv->type != YAML_SEQUENCE_START_EVENT) {
		td_diag_add(diags, TD_SEV_ERROR, mark_loc(d, nv->start),
		            "nav must be a list of pages and sections%s",
		            nv->type == YAML_ALIAS_EVENT ? " written out here, not an alias" : "");
		return -1;
	}
	if (nv->flow) {
		td_diag_add(
		    diags, TD_SEV_ERROR, mark_loc(d, nv->start),
		    "nav is written in flow style ([...]); write it as a block list, one '- ' item per "
		    "line, so taskdoc can add its section");
		return -1;
	}
	size_t nitems = 0;
	char *esc_section = nav_title(section); /* as written by put_entry */
	for (size_t i = val + 1; i < d->nev && d->evs[i].type != YAML_SEQUENCE_END_EVENT;
	     i = skip_node(d, i)) {
		item it;
		if (locate_item(d, i, &it, diags) < 0) {
			free(esc_section);
			return -1;
		}
		if (nitems == 0)
			first = it;
		last = it;
		nitems++;
		const ev *e = &d->evs[i];
		if (!found && e->type == YAML_MAPPING_START_EVENT && i + 1 < d->nev &&
		    (scalar_is(&d->evs[i + 1], section) || scalar_is(&d->evs[i + 1], esc_section))) {
			match = it;
			found = true;
		}
	}
	free(esc_section);
	if (nitems == 0) {
		td_diag_add(diags, TD_SEV_ERROR, mark_loc(d, nv->start), "nav is an empty list");
		return -1;
	}

	style st;
	st.indent = d->text + first.line;
	st.nindent = first.dash - first.line;
	st.gap = mark_off(d, d->evs[first.ev].start) - first.dash - 1;
	if (st.gap == 0)
		st.gap = 1;
	size_t keycol = mark_off(d, d->evs[keyi].start) - line_start(d, mark_off(d, d->evs[keyi].start));
	size_t step = st.nindent > keycol ? st.nindent - keycol : 0;
	st.step = step > st.gap + 1 ? step : st.gap + 1;
	st.eol = detect_eol(d->text, d->len);
	st.prefix = prefix;

	if (found) {
		td_buf_put(out, d->text, match.line);
		put_entry(out, &st, section, pages, npages);
		if (match.end > match.line && is_nl(d->text[match.end - 1])) {
			size_t b = match.end - 1;
			if (d->text[b] == '\n' && b > match.line && d->text[b - 1] == '\r')
				b--;
			td_buf_put(out, d->text + b, match.end - b);
		}
		td_buf_put(out, d->text + match.end, d->len - match.end);
	} else {
		td_buf_put(out, d->text, last.end);
		bool ends_nl = last.end > 0 && is_nl(d->text[last.end - 1]);
		if (!ends_nl)
			td_buf_puts(out, st.eol);
		put_entry(out, &st, section, pages, npages);
		if (ends_nl)
			td_buf_puts(out, st.eol);
		td_buf_put(out, d->text + last.end, d->len - last.end);
	}
	return 0;
}

/* The edit works on lines ending in LF, CRLF or CR; YAML also breaks lines
 * at NEL, LS and PS, which no editor writes on purpose. Inside a quoted
 * scalar they are text; anywhere else the file is refused (in a block
 * scalar they end lines for libyaml, which moved where the edit thought an
 * item ended: found by fuzz_mkdocs). Returns 0, or -1 with a diagnostic. */
static int check_breaks(const ydoc_text *d, td_diags *diags)
{
	const unsigned char *u = (const unsigned char *)d->text;
	for (size_t i = 0; i < d->len; i++) {
		if (!((u[i] == 0xC2 && i + 1 < d->len && u[i + 1] == 0x85) ||
		      (u[i] == 0xE2 && i + 2 < d->len && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))))
			continue;
		bool in_scalar = false;
		for (size_t k = 0; k < d->nev && !in_scalar; k++) {
			const ev *e = &d->evs[k];
			in_scalar = e->type == YAML_SCALAR_EVENT && e->quoted && mark_off(d, e->start) <= i &&
			            i < mark_off(d, e->end);
		}
		if (in_scalar)
			continue;
		size_t bol = i;
		while (bol && !is_nl(d->text[bol - 1]))
			bol--;
		int line = 1;
		for (size_t k = 0; k < bol; k++)
			line += d->text[k] == '\n' || (d->text[k] == '\r' && d->text[k + 1] != '\n');
		td_loc loc = {d->file, line, (int)(i - bol) + 1};
		td_diag_add(diags, TD_SEV_ERROR, loc,
		            "a Unicode line break (U+0085, U+2028 or U+2029) outside a quoted string, which taskdoc cannot "
		            "edit around; write an ordinary line break");
		return -1;
	}
	return 0;
}

/* ---- the edit, checked ---- */

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Whether two events say the same: type, tag, anchor, scalar text and
 * whether it is plain (a plain `true` is not the string "true"). */
static bool ev_same(const ev *a, const ev *b)
{
	if (a->type != b->type || !str_same(a->tag, b->tag) || !str_same(a->anchor, b->anchor))
		return false;
	if (a->type == YAML_SCALAR_EVENT)
		return a->vlen == b->vlen && !memcmp(a->value, b->value, a->vlen) && a->plain == b->plain;
	return a->type != YAML_SEQUENCE_START_EVENT && a->type != YAML_MAPPING_START_EVENT ? true
	                                                                                   : a->flow == b->flow;
}

static bool range_same(const ydoc_text *a, size_t a0, size_t a1, const ydoc_text *b, size_t b0, size_t b1)
{
	if (a1 - a0 != b1 - b0)
		return false;
	for (size_t i = 0; i < a1 - a0; i++)
		if (!ev_same(&a->evs[a0 + i], &b->evs[b0 + i]))
			return false;
	return true;
}

/* Whether every alias in d names an anchor set before it (an anchor
 * inside the replaced section may be used elsewhere). */
static bool aliases_resolve(const ydoc_text *d)
{
	for (size_t i = 0; i < d->nev; i++) {
		if (d->evs[i].type != YAML_ALIAS_EVENT)
			continue;
		size_t k = i;
		while (k > 0 && !(d->evs[k - 1].type != YAML_ALIAS_EVENT && str_same(d->evs[k - 1].anchor, d->evs[i].anchor)))
			k--;
		if (k == 0)
			return false;
	}
	return true;
}

/* The items of the nav list at val: their first events in *items (the
 * caller frees), their number returned; *end gets the list's end event and
 * *sec the position of the first item that is the section (or NONE). */
static size_t nav_items(const ydoc_text *d, size_t val, const char *section, const char *esc_section, size_t **items,
                        size_t *end, size_t *sec)
{
	size_t n = 0, cap = 0, i = val + 1;
	*items = NULL;
	*sec = NONE;
	for (; i < d->nev && d->evs[i].type != YAML_SEQUENCE_END_EVENT; i = skip_node(d, i)) {
		td_grow((void **)items, &cap, n + 1, sizeof(size_t));
		if (*sec == NONE && d->evs[i].type == YAML_MAPPING_START_EVENT && i + 1 < d->nev &&
		    (scalar_is(&d->evs[i + 1], section) || scalar_is(&d->evs[i + 1], esc_section)))
			*sec = n;
		(*items)[n++] = i;
	}
	*end = i;
	return n;
}

/* Whether the section item at i holds npages entries. */
static bool section_holds(const ydoc_text *d, size_t i, size_t npages)
{
	size_t v = i + 2, n = 0;
	if (v >= d->nev || d->evs[v].type != YAML_SEQUENCE_START_EVENT || skip_node(d, v) != skip_node(d, i) - 1)
		return false;
	for (size_t k = v + 1; k < d->nev && d->evs[k].type != YAML_SEQUENCE_END_EVENT; k = skip_node(d, k))
		n++;
	return n == npages;
}

/* Checks the edited text against the original: it parses, and reads the
 * same but for the section's item in nav (in the place of the old one, or
 * last). The edit works on lines and YAML is subtle; a file it would get
 * wrong is refused rather than damaged. Returns 0, or -1 with a
 * diagnostic at the original's nav. */
static int check_edit(const ydoc_text *d, const td_buf *out, const char *section, size_t npages, td_diags *diags)
{
	ydoc_text e;
	td_diags scratch = {0};
	size_t val = top_value(d, "nav", NULL), *ia = NULL, *ib = NULL, enda, endb, seca, secb, na = 0, nb = 0;
	char *esc = nav_title(section);
	const char *why = "it would no longer parse", *fix = "report the file to taskdoc's maintainers";
	bool ok = false;
	if (doc_parse(&e, d->file, out->ptr ? out->ptr : "", out->len, &scratch) == 0) {
		size_t val2 = top_value(&e, "nav", NULL);
		why = "the rest of the file would read differently";
		fix = "write the nav as plain '- title: path' items, or report the file";
		if (!aliases_resolve(&e)) {
			why = "an alias in the file names an anchor set inside the section it replaces";
			fix = "set the anchor outside that section";
		} else if (val2 != NONE && e.evs[val2].type == YAML_SEQUENCE_START_EVENT) {
			na = nav_items(d, val, section, esc, &ia, &enda, &seca);
			nb = nav_items(&e, val2, section, esc, &ib, &endb, &secb);
			ok = range_same(d, 0, val + 1, &e, 0, val2 + 1) && range_same(d, enda, d->nev, &e, endb, e.nev) &&
			     secb != NONE && nb == na + (seca == NONE) && secb == (seca == NONE ? na : seca) &&
			     section_holds(&e, ib[secb], npages);
			for (size_t k = 0, j = 0; ok && k < na; k++) {
				if (k == seca)
					continue;
				j += j == secb;
				size_t a1 = k + 1 < na ? ia[k + 1] : enda, b1 = j + 1 < nb ? ib[j + 1] : endb;
				ok = range_same(d, ia[k], a1, &e, ib[j], b1);
				j++;
			}
		}
	}
	doc_free(&e);
	td_diags_free(&scratch);
	free(ia);
	free(ib);
	free(esc);
	if (ok)
		return 0;
	td_diag_add(diags, TD_SEV_ERROR, mark_loc(d, d->evs[val].start),
	            "taskdoc cannot add its '%s' section to this nav without changing the file (%s); nothing was "
	            "written: %s",
	            section, why, fix);
	return -1;
}

/* The rewrite of a parsed file, refused where it cannot be done safely:
 * the one path from the parsed text to the new text, for the fuzzer and
 * the build alike. */
static int rewrite_checked(td_buf *out, const ydoc_text *d, const char *prefix, const char *section,
                           const td_nav *pages, size_t npages, td_diags *diags)
{
	if (check_breaks(d, diags) < 0)
		return -1;
	int ret = rewrite_doc(out, d, prefix, section, pages, npages, diags);
	if (ret == 0 && check_edit(d, out, section, npages, diags) < 0)
		return -1;
	return ret;
}

int td_mkdocs_nav_rewrite(td_buf *out, const char *file, const char *text, size_t len, const char *prefix,
                          const char *section, const td_nav *pages, size_t npages, td_diags *diags)
{
	ydoc_text d;
	int ret = -1;
	if (doc_parse(&d, file, text, len, diags) == 0)
		ret = rewrite_checked(out, &d, prefix, section, pages, npages, diags);
	doc_free(&d);
	return ret;
}

/* ---- the file ---- */

/* docs_dir as written (resolving !ENV like MkDocs does); caller frees; NULL on error. */
static char *read_docs_dir(const ydoc_text *d, td_diags *diags)
{
	size_t v = top_value(d, "docs_dir", NULL);
	if (v == NONE || is_null_scalar(&d->evs[v]))
		return td_xstrdup("docs");
	const ev *e = &d->evs[v];
	bool env = e->tag && strcmp(e->tag, "!ENV") == 0;
	if (e->type == YAML_SCALAR_EVENT) {
		if (!env)
			return td_xstrdup(e->value);
		const char *val = getenv(e->value);
		return td_xstrdup(val ? val : "docs");
	}
	if (e->type == YAML_SEQUENCE_START_EVENT && env) {
		size_t end = skip_node(d, v) - 1, n = 0;
		for (size_t i = v + 1; i < end; i = skip_node(d, i))
			n++;
		size_t k = 0;
		for (size_t i = v + 1; i < end; i = skip_node(d, i), k++) {
			const ev *x = &d->evs[i];
			if (x->type != YAML_SCALAR_EVENT)
				break;
			if (n > 1 && k == n - 1)
				return td_xstrdup(x->value); /* the default */
			const char *val = getenv(x->value);
			if (val)
				return td_xstrdup(val);
		}
		return td_xstrdup("docs");
	}
	td_diag_add(diags, TD_SEV_ERROR, mark_loc(d, e->start), "docs_dir must be a folder name");
	return NULL;
}

/* Removes "." and ".." components of the absolute path p (in place). */
static void normalize(char *p)
{
	char *parts[PATH_MAX / 2];
	size_t n = 0;
	char *s = p;
	while (*s) {
		while (*s == '/')
			*s++ = '\0';
		if (!*s)
			break;
		char *c = s;
		while (*s && *s != '/')
			s++;
		if (*s)
			*s++ = '\0';
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			if (n > 0)
				n--;
			continue;
		}
		if (n < TD_ARRAY_LEN(parts))
			parts[n++] = c;
	}
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		td_buf_putc(&b, '/');
		td_buf_puts(&b, parts[i]);
	}
	if (n == 0)
		td_buf_putc(&b, '/');
	memcpy(p, td_buf_cstr(&b), b.len + 1);
	td_buf_free(&b);
}

/* The absolute form of path (relative to base when relative), with links
 * resolved in the part that exists. Caller frees. */
static char *resolve(const char *base, const char *path)
{
	td_buf b = TD_BUF_INIT;
	if (path[0] != '/') {
		if (base[0] != '/') {
			char cwd[PATH_MAX];
			if (getcwd(cwd, sizeof cwd))
				td_buf_puts(&b, cwd);
			td_buf_putc(&b, '/');
		}
		td_buf_puts(&b, base);
		td_buf_putc(&b, '/');
	}
	td_buf_puts(&b, path);
	char *abs = td_buf_detach(&b);
	normalize(abs);
	/* the longest existing prefix through realpath, the rest as written */
	size_t cut = strlen(abs);
	for (;;) {
		char save = abs[cut];
		abs[cut] = '\0';
		char *real = realpath(cut ? abs : "/", NULL);
		abs[cut] = save;
		if (real) {
			td_buf r = TD_BUF_INIT;
			td_buf_puts(&r, real);
			td_buf_puts(&r, abs + cut);
			free(real);
			free(abs);
			char *res = td_buf_detach(&r);
			normalize(res);
			return res;
		}
		if (cut == 0)
			break;
		while (cut > 0 && abs[cut - 1] != '/')
			cut--;
		if (cut > 0)
			cut--; /* drop the slash */
	}
	return abs;
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return td_xstrdup(".");
	if (s == path)
		return td_xstrdup("/");
	return td_xstrndup(path, (size_t)(s - path));
}

/* Writes text over path through a temporary sibling, keeping the mode. */
#define NAV_TMP ".mkdocs.yml.taskdoc-"

/* Removes the temporary files (NAV_TMP, regular files) a killed build left in dir. */
static void sweep_nav_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (strncmp(e->d_name, NAV_TMP, strlen(NAV_TMP)) != 0)
			continue;
		char *p = td_xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(p, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
			unlink(p);
		free(p);
	}
	closedir(d);
}

static int replace_file(const char *path, const char *text, size_t len, td_diags *diags)
{
	int ret = -1, fd = -1;
	struct stat st;
	char *target = NULL, *tmp = NULL, *dir = NULL;
	td_loc loc = {path, 0, 0};
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		target = realpath(path, NULL); /* edit the file the link points to */
	if (!target)
		target = td_xstrdup(path);
	if (stat(target, &st) < 0) {
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot check: %s", strerror(errno));
		goto out;
	}
	dir = dir_of(target);
	sweep_nav_tmp(dir); /* under the build lock: a killed build's */
	td_buf tb = TD_BUF_INIT;
	td_buf_printf(&tb, "%s/" NAV_TMP "XXXXXX", dir);
	tmp = td_buf_detach(&tb);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		tmp = NULL;
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot create a temporary file next to it: %s",
		            strerror(errno));
		goto out;
	}
	if (fchmod(fd, st.st_mode & 07777) < 0) {
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot keep its permissions: %s", strerror(errno));
		goto out;
	}
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			td_diag_add(diags, TD_SEV_ERROR, loc, "cannot write: %s", strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot write: %s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, target) < 0) {
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot replace: %s", strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(target);
	return ret;
}

static int nav_update(const char *mkdocs_yml, const char *out_markdown, const char *section, const td_nav *pages,
                      size_t npages, bool *changed, const char **why, bool write, td_diags *diags)
{
	char *text = NULL, *docs = NULL, *base = NULL, *docs_abs = NULL, *out_abs = NULL;
	size_t len = 0;
	ydoc_text d;
	memset(&d, 0, sizeof d);
	td_buf out = TD_BUF_INIT;
	int ret = -1;
	td_loc loc = {mkdocs_yml, 0, 0};
	if (changed)
		*changed = false;
	if (why)
		*why = NULL;

	if (td_file_read(mkdocs_yml, &text, &len) < 0) {
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (doc_parse(&d, mkdocs_yml, text, len, diags) < 0)
		goto out;
	docs = read_docs_dir(&d, diags);
	if (!docs)
		goto out;
	base = dir_of(mkdocs_yml);
	if (write)
		sweep_nav_tmp(base); /* also when the nav is up to date */
	docs_abs = resolve(base, docs);
	out_abs = resolve(".", out_markdown);
	size_t dl = strlen(docs_abs);
	const char *prefix = NULL;
	if (strcmp(out_abs, docs_abs) == 0)
		prefix = "";
	else if (strncmp(out_abs, docs_abs, dl) == 0 && (out_abs[dl] == '/' || dl == 1))
		prefix = out_abs + dl + (dl == 1 ? 0 : 1);
	if (!prefix) {
		td_diag_add(
		    diags, TD_SEV_ERROR, loc,
		    "the Markdown output folder '%s' is not inside docs_dir '%s' (%s): MkDocs cannot show "
		    "pages outside it",
		    out_markdown, docs, docs_abs);
		goto out;
	}
	int r = rewrite_checked(&out, &d, prefix, section, pages, npages, diags);
	if (r < 0)
		goto out;
	if (r == TD_MKDOCS_NONAV) {
		if (why)
			*why = "mkdocs.yml has no nav: MkDocs lists every page by itself";
		ret = 0;
		goto out;
	}
	if (out.len == len && memcmp(out.ptr, text, len) == 0) {
		if (why)
			*why = "the nav section is already up to date";
		ret = 0;
		goto out;
	}
	if (write && replace_file(mkdocs_yml, out.ptr, out.len, diags) < 0)
		goto out;
	if (changed)
		*changed = true;
	ret = 0;
out:
	doc_free(&d);
	td_buf_free(&out);
	free(out_abs);
	free(docs_abs);
	free(base);
	free(docs);
	free(text);
	return ret;
}

int td_mkdocs_update_nav(const char *mkdocs_yml, const char *out_markdown, const char *section,
                         const td_nav *pages, size_t npages, bool *changed, const char **why, td_diags *diags)
{
	return nav_update(mkdocs_yml, out_markdown, section, pages, npages, changed, why, true, diags);
}

int td_mkdocs_check_nav(const char *mkdocs_yml, const char *out_markdown, const char *section,
                        const td_nav *pages, size_t npages, bool *changed, td_diags *diags)
{
	return nav_update(mkdocs_yml, out_markdown, section, pages, npages, changed, NULL, false, diags);
}
