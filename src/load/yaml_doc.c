#include "load/yaml_doc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS_PER_FILE 100

td_loc ydoc_loc(ydoc *y, const yaml_node_t *n)
{
	td_loc l = {y->file, 0, 0};
	if (n) {
		l.line = (int)n->start_mark.line + 1;
		l.col = (int)n->start_mark.column + 1;
	}
	return l;
}

static void addv(ydoc *y, td_severity sev, const yaml_node_t *n, const char *fmt, va_list ap)
{
	if (sev == TD_SEV_ERROR) {
		y->nerrors++;
		if (y->nerrors == MAX_ERRORS_PER_FILE + 1) {
			td_diag_add(y->diags, TD_SEV_ERROR, ydoc_loc(y, n),
			            "too many errors in this file; the rest are not shown");
			return;
		}
		if (y->nerrors > MAX_ERRORS_PER_FILE)
			return;
	}
	td_diag_addv(y->diags, sev, ydoc_loc(y, n), fmt, ap);
}

void ydoc_error(ydoc *y, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	addv(y, TD_SEV_ERROR, n, fmt, ap);
	va_end(ap);
}

void ydoc_warn(ydoc *y, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	addv(y, TD_SEV_WARNING, n, fmt, ap);
	va_end(ap);
}

/* Line and column (1-based, in characters) of byte offset off. */
static void offset_loc(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static bool scalar_eq(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE && strlen(s) == n->data.scalar.length &&
	       memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static void check_duplicate_keys(ydoc *y)
{
	for (yaml_node_t *n = y->doc.nodes.start; n < y->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		yaml_node_pair_t *a = n->data.mapping.pairs.start;
		yaml_node_pair_t *end = n->data.mapping.pairs.top;
		for (; a < end; a++) {
			yaml_node_t *ka = yaml_document_get_node(&y->doc, a->key);
			if (!ka || ka->type != YAML_SCALAR_NODE)
				continue;
			for (yaml_node_pair_t *b = n->data.mapping.pairs.start; b < a; b++) {
				yaml_node_t *kb = yaml_document_get_node(&y->doc, b->key);
				if (kb && kb->type == YAML_SCALAR_NODE &&
				    kb->data.scalar.length == ka->data.scalar.length &&
				    memcmp(kb->data.scalar.value, ka->data.scalar.value,
				           ka->data.scalar.length) == 0) {
					ydoc_error(y, ka, "duplicate key '%s' (first at line %d, column %d)",
					           (const char *)ka->data.scalar.value,
					           (int)kb->start_mark.line + 1, (int)kb->start_mark.column + 1);
					break;
				}
			}
		}
	}
}

int ydoc_load(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags)
{
	memset(y, 0, sizeof *y);
	y->arena = arena;
	y->file = td_arena_strdup(arena, file);
	y->diags = diags;

	size_t bad = td_utf8_invalid_at(text, len);
	if (bad) {
		int line, col;
		offset_loc(text, bad - 1, &line, &col);
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, line, col},
		            "not valid UTF-8 (byte 0x%02x); save the file as UTF-8",
		            (unsigned char)text[bad - 1]);
		return -1;
	}
	if (memchr(text, '\0', len)) {
		int line, col;
		offset_loc(text, (size_t)((const char *)memchr(text, '\0', len) - text), &line, &col);
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, line, col},
		            "NUL byte in a text file (expected YAML text)");
		return -1;
	}

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, 0, 0}, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int ok = yaml_parser_load(&parser, &y->doc);
	if (!ok) {
		int line = (int)parser.problem_mark.line + 1, col = (int)parser.problem_mark.column + 1;
		td_buf msg = TD_BUF_INIT;
		td_buf_printf(&msg, "YAML syntax error: %s", parser.problem ? parser.problem : "cannot parse");
		if (parser.context)
			td_buf_printf(&msg, " (%s at line %d, column %d)", parser.context,
			              (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, line, col}, "%s", td_buf_cstr(&msg));
		td_buf_free(&msg);
		yaml_parser_delete(&parser);
		return -1;
	}
	y->loaded = true;
	/* A second document in the stream is a mistake worth naming. */
	yaml_document_t extra;
	if (yaml_parser_load(&parser, &extra)) {
		yaml_node_t *r = yaml_document_get_root_node(&extra);
		if (r) {
			td_diag_add(diags, TD_SEV_ERROR,
			            (td_loc){y->file, (int)r->start_mark.line + 1, (int)r->start_mark.column + 1},
			            "a second YAML document ('---') in one file (expected one document)");
			y->nerrors++;
		}
		yaml_document_delete(&extra);
	} else {
		td_diag_add(diags, TD_SEV_ERROR,
		            (td_loc){y->file, (int)parser.problem_mark.line + 1, (int)parser.problem_mark.column + 1},
		            "YAML syntax error: %s", parser.problem ? parser.problem : "cannot parse");
		y->nerrors++;
	}
	yaml_parser_delete(&parser);
	check_duplicate_keys(y);
	return y->nerrors ? -1 : 0;
}

void ydoc_free(ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = false;
}

yaml_node_t *ydoc_root(ydoc *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

bool ynode_is_null(const yaml_node_t *n)
{
	if (!n)
		return true;
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return n->data.scalar.length == 0 || scalar_eq(n, "~") || scalar_eq(n, "null") ||
	       scalar_eq(n, "Null") || scalar_eq(n, "NULL");
}

const char *ynode_kind(const yaml_node_t *n)
{
	if (ynode_is_null(n))
		return "nothing";
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a string";
	}
}

static void list_words(td_buf *b, const char *const *words)
{
	for (size_t i = 0; words[i]; i++) {
		if (i)
			td_buf_puts(b, ", ");
		td_buf_puts(b, words[i]);
	}
}

bool ymap_check(ydoc *y, yaml_node_t *n, const char *what, const char *const *allowed,
                const char *const *required)
{
	if (!n || n->type != YAML_MAPPING_NODE) {
		ydoc_error(y, n, "expected %s (a mapping with keys such as %s, %s), got %s", what,
		           allowed[0], allowed[1] ? allowed[1] : "...", ynode_kind(n));
		return false;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		if (!k || k->type != YAML_SCALAR_NODE) {
			ydoc_error(y, k, "expected a plain key in %s, got %s", what, ynode_kind(k));
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
		bool known = false;
		for (size_t i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], key) == 0)
				known = true;
		if (known)
			continue;
		td_buf b = TD_BUF_INIT;
		const char *near = td_did_you_mean(key, allowed);
		td_buf_printf(&b, "unknown key '%s' in %s", key, what);
		if (near)
			td_buf_printf(&b, " (did you mean '%s'?)", near);
		td_buf_puts(&b, "; allowed keys: ");
		list_words(&b, allowed);
		ydoc_error(y, k, "%s", td_buf_cstr(&b));
		td_buf_free(&b);
	}
	for (size_t i = 0; required && required[i]; i++) {
		yaml_node_t *v = ymap_get(y, n, required[i]);
		if (!ymap_key(y, n, required[i]))
			ydoc_error(y, n, "missing required key '%s' in %s", required[i], what);
		else if (ynode_is_null(v))
			ydoc_error(y, v, "'%s' is empty in %s (expected a value)", required[i], what);
	}
	return true;
}

yaml_node_t *ymap_key(ydoc *y, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		if (k && scalar_eq(k, key))
			return k;
	}
	return NULL;
}

yaml_node_t *ymap_get(ydoc *y, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		if (k && scalar_eq(k, key))
			return yaml_document_get_node(&y->doc, p->value);
	}
	return NULL;
}

yaml_node_t *ynode(ydoc *y, yaml_node_item_t item)
{
	return yaml_document_get_node(&y->doc, item);
}

void ycheck_text(ydoc *y, const yaml_node_t *n, const char *s)
{
	const char *where = NULL;
	if (s && td_text_is_mojibake(s, &where)) {
		/* show the garbled run: up to 4 characters from where */
		const unsigned char *u = (const unsigned char *)where;
		size_t len = 0;
		for (int chars = 0; u[len] && chars < 4; chars++) {
			len++;
			while ((u[len] & 0xC0) == 0x80)
				len++;
		}
		ydoc_warn(y, n, "text looks like mojibake ('%.*s': UTF-8 read as Latin-1 or Windows-1252); "
		          "re-save the text as UTF-8", (int)len, where);
	}
}

/* A scalar value for key; NULL (no error) when absent or null. */
static yaml_node_t *scalar_for(ydoc *y, yaml_node_t *map, const char *key, const char *expect)
{
	yaml_node_t *v = ymap_get(y, map, key);
	if (ynode_is_null(v))
		return NULL;
	if (v->type != YAML_SCALAR_NODE) {
		ydoc_error(y, v, "expected %s for '%s', got %s", expect, key, ynode_kind(v));
		return NULL;
	}
	return v;
}

const char *yget_str(ydoc *y, yaml_node_t *map, const char *key, td_loc *loc)
{
	yaml_node_t *v = scalar_for(y, map, key, "a string");
	if (!v)
		return NULL;
	if (loc)
		*loc = ydoc_loc(y, v);
	return td_arena_strndup(y->arena, (const char *)v->data.scalar.value, v->data.scalar.length);
}

const char *yget_text(ydoc *y, yaml_node_t *map, const char *key)
{
	yaml_node_t *v = scalar_for(y, map, key, "a string");
	if (!v)
		return NULL;
	/* block scalars keep a final newline; pages place text themselves */
	size_t n = v->data.scalar.length;
	const char *raw = (const char *)v->data.scalar.value;
	while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\r'))
		n--;
	const char *s = td_arena_strndup(y->arena, raw, n);
	ycheck_text(y, v, s);
	return s;
}

bool yget_strlist(ydoc *y, yaml_node_t *map, const char *key, td_strlist *out, bool text)
{
	memset(out, 0, sizeof *out);
	yaml_node_t *v = ymap_get(y, map, key);
	if (ynode_is_null(v))
		return true;
	if (v->type == YAML_SCALAR_NODE) { /* one item may be written without brackets */
		out->items = td_arena_alloc(y->arena, sizeof(td_str));
		out->items[0].s = td_arena_strndup(y->arena, (const char *)v->data.scalar.value, v->data.scalar.length);
		out->items[0].loc = ydoc_loc(y, v);
		out->len = 1;
		if (text)
			ycheck_text(y, v, out->items[0].s);
		return true;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		ydoc_error(y, v, "expected a list of strings for '%s', got %s", key, ynode_kind(v));
		return false;
	}
	size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	out->items = td_arena_alloc(y->arena, (n ? n : 1) * sizeof(td_str));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = ynode(y, v->data.sequence.items.start[i]);
		if (!it || it->type != YAML_SCALAR_NODE || ynode_is_null(it)) {
			ydoc_error(y, it, "expected a string in the list '%s', got %s", key, ynode_kind(it));
			ok = false;
			continue;
		}
		td_str *s = &out->items[out->len++];
		s->s = td_arena_strndup(y->arena, (const char *)it->data.scalar.value, it->data.scalar.length);
		s->loc = ydoc_loc(y, it);
		if (text)
			ycheck_text(y, it, s->s);
	}
	return ok;
}

bool yget_bool(ydoc *y, yaml_node_t *map, const char *key, bool *out)
{
	yaml_node_t *v = scalar_for(y, map, key, "true or false");
	if (!v)
		return false;
	const char *s = (const char *)v->data.scalar.value;
	if (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
			*out = true;
			return true;
		}
		if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
			*out = false;
			return true;
		}
	}
	ydoc_error(y, v, "expected true or false for '%s', got '%s'", key, s);
	return false;
}

bool yget_number(ydoc *y, yaml_node_t *map, const char *key, double *out)
{
	yaml_node_t *v = scalar_for(y, map, key, "a number");
	if (!v)
		return false;
	const char *s = (const char *)v->data.scalar.value;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(d)) {
		ydoc_error(y, v, "expected a number for '%s', got '%s'", key, s);
		return false;
	}
	*out = d;
	return true;
}

bool yget_int(ydoc *y, yaml_node_t *map, const char *key, int *out)
{
	yaml_node_t *v = scalar_for(y, map, key, "a whole number");
	if (!v)
		return false;
	const char *s = (const char *)v->data.scalar.value;
	char *end;
	errno = 0;
	long l = strtol(s, &end, 10);
	if (end == s || *end || errno || l < -1000000 || l > 1000000) {
		ydoc_error(y, v, "expected a whole number for '%s', got '%s'", key, s);
		return false;
	}
	*out = (int)l;
	return true;
}

bool yget_date(ydoc *y, yaml_node_t *map, const char *key, td_date *out)
{
	yaml_node_t *v = scalar_for(y, map, key, "a date (YYYY-MM-DD)");
	if (!v)
		return false;
	const char *s = (const char *)v->data.scalar.value;
	if (td_date_parse(s, out) != 0) {
		ydoc_error(y, v, "bad date '%s' for '%s' (expected a real day as YYYY-MM-DD, e.g. 2025-10-28)", s, key);
		return false;
	}
	return true;
}

yaml_node_item_t *yget_seq(ydoc *y, yaml_node_t *map, const char *key, size_t *n)
{
	*n = 0;
	yaml_node_t *v = ymap_get(y, map, key);
	if (ynode_is_null(v))
		return NULL;
	if (v->type != YAML_SEQUENCE_NODE) {
		ydoc_error(y, v, "expected a list for '%s', got %s", key, ynode_kind(v));
		return NULL;
	}
	*n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	return v->data.sequence.items.start;
}
