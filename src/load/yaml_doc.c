#include "load/yaml_doc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
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

static void addv(ydoc *y, td_severity sev, const yaml_node_t *n, const char *fmt, va_list ap) TD_PRINTF(4, 0);

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

struct keyref {
	const yaml_node_t *node;
	size_t pos;
};

static int cmp_keyref(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	size_t la = a->node->data.scalar.length, lb = b->node->data.scalar.length;
	int c = memcmp(a->node->data.scalar.value, b->node->data.scalar.value, la < lb ? la : lb);
	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Whether two of keys[0..len) are the same: for a small mapping, cheaper
 * than sorting (the plan's mappings are small, and have no duplicate). */
static bool any_equal(const struct keyref *keys, size_t len)
{
	for (size_t i = 1; i < len; i++)
		for (size_t j = 0; j < i; j++)
			if (keys[i].node->data.scalar.length == keys[j].node->data.scalar.length &&
			    !memcmp(keys[i].node->data.scalar.value, keys[j].node->data.scalar.value,
			            keys[i].node->data.scalar.length))
				return true;
	return false;
}

/* Every key written twice in one mapping; O(n log n) per mapping. */
static void check_duplicate_keys(ydoc *y)
{
	struct keyref *keys = NULL;
	size_t cap = 0;
	for (yaml_node_t *n = y->doc.nodes.start; n < y->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		size_t len = 0;
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			td_grow((void **)&keys, &cap, len + 1, sizeof *keys);
			keys[len].node = k;
			keys[len].pos = len;
			len++;
		}
		if (len < 2 || (len <= 16 && !any_equal(keys, len)))
			continue;
		qsort(keys, len, sizeof *keys, cmp_keyref);
		size_t run = 0; /* first key of the current run of equal keys */
		for (size_t i = 1; i < len; i++) {
			const yaml_node_t *first = keys[run].node, *k = keys[i].node;
			if (first->data.scalar.length != k->data.scalar.length ||
			    memcmp(first->data.scalar.value, k->data.scalar.value, k->data.scalar.length)) {
				run = i;
				continue;
			}
			ydoc_error(y, k, "duplicate key '%s' (first at line %d, column %d)", (const char *)k->data.scalar.value,
			           (int)first->start_mark.line + 1, (int)first->start_mark.column + 1);
		}
	}
	free(keys);
}

/* The byte at line/column (1-based, column in characters), or -1. */
static int byte_at(const char *text, size_t len, int line, int col)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	for (int c = 1; c < col && i < len && text[i] != '\n'; c++) {
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i < len ? (unsigned char)text[i] : -1;
}

/* "YAML syntax error: ..." with libyaml's problem, context and a word on tabs. */
static void syntax_error(ydoc *y, yaml_parser_t *parser, const char *text, size_t len)
{
	int line = (int)parser->problem_mark.line + 1, col = (int)parser->problem_mark.column + 1;
	bool reader = parser->error == YAML_READER_ERROR;
	/* libyaml's reader (bad bytes, control characters) gives no mark, only
	 * the byte offset: without this the error pointed at 1:1 */
	if (reader)
		offset_loc(text, parser->problem_offset < len ? parser->problem_offset : len, &line, &col);
	td_buf msg = TD_BUF_INIT;
	if (byte_at(text, len, line, col) == '\t' && !reader)
		td_buf_puts(&msg, "YAML syntax error: tab used for indentation (YAML allows only spaces there)");
	else
		td_buf_printf(&msg, "YAML syntax error: %s", parser->problem ? parser->problem : "cannot parse");
	if (reader && parser->problem_value >= 0) {
		if (parser->problem && strstr(parser->problem, "octet"))
			td_buf_printf(&msg, " (byte 0x%02X)", (unsigned)parser->problem_value & 0xFFu);
		else
			td_buf_printf(&msg, " (U+%04X)", (unsigned)parser->problem_value);
	}
	if (parser->context && byte_at(text, len, line, col) != '\t')
		td_buf_printf(&msg, " (%s at line %d, column %d)", parser->context, (int)parser->context_mark.line + 1,
		              (int)parser->context_mark.column + 1);
	td_diag_add(y->diags, TD_SEV_ERROR, (td_loc){y->file, line, col}, "%s", td_buf_cstr(&msg));
	y->nerrors++;
	td_buf_free(&msg);
}

/* Limits checked on libyaml's events before the document is built: deeper
 * flow nesting makes libyaml quadratic, and aliases can make a small file
 * stand for a huge tree (docs/limits.md). */
#define YDOC_MAX_DEPTH 256
#define YDOC_MAX_NODES 1000000

/* The deepest run of '[' and '{' in text, counted as plain bytes (an
 * over-estimate: brackets in strings count too). Stops past the cap. */
/* Whether the eight bytes at p may hold a bracket (false: surely none).
 * c | 0x20 is '{' for '[' and '{', '}' for ']' and '}'; a byte of x is 0
 * where (x - 1) & ~x has its high bit (bits above a 0 can be set too). */
static bool may_have_bracket(const char *p)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
	uint64_t w;
	memcpy(&w, p, 8);
	w |= ones * 0x20;
	uint64_t a = w ^ (ones * '{'), b = w ^ (ones * '}');
	return (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
}

static int bracket_depth(const char *text, size_t len)
{
	int depth = 0, max = 0;
	for (size_t i = 0; i < len && max <= YDOC_MAX_DEPTH; i++) {
		while (i + 8 <= len && !may_have_bracket(text + i))
			i += 8;
		if (i >= len)
			break;
		if (text[i] == '[' || text[i] == '{')
			max = ++depth > max ? depth : max;
		else if ((text[i] == ']' || text[i] == '}') && depth > 0)
			depth--;
	}
	return max;
}

struct anchor_size {
	char *name;
	size_t nodes;
};

/* Walks the events of text when it could break a limit (deep brackets, or
 * an anchor and an alias): nesting deeper than YDOC_MAX_DEPTH, or more than
 * YDOC_MAX_NODES nodes once aliases are expanded, is an error at the place
 * it happens. Returns 0, or -1 (diagnosed). A syntax error is left to the
 * real load. */
static int check_limits(ydoc *y, const char *text, size_t len)
{
	bool aliases = memchr(text, '&', len) && memchr(text, '*', len);
	if (!aliases && bracket_depth(text, len) <= YDOC_MAX_DEPTH)
		return 0;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return 0;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct anchor_size *anch = NULL;
	size_t nanch = 0, acap = 0, total = 0, depth = 0;
	size_t start[YDOC_MAX_DEPTH + 1];
	char *open_anchor[YDOC_MAX_DEPTH + 1];
	int ret = 0;
	for (bool done = false; !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev))
			break;
		td_loc loc = {y->file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1};
		const char *anchor = NULL;
		size_t add = 1;
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			anchor = (const char *)ev.data.scalar.anchor;
			break;
		case YAML_ALIAS_EVENT:
			add = 0;
			for (size_t k = nanch; k-- > 0;)
				if (!strcmp(anch[k].name, (const char *)ev.data.alias.anchor)) {
					add = anch[k].nodes;
					break;
				}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == YDOC_MAX_DEPTH) {
				td_diag_add(y->diags, TD_SEV_ERROR, loc,
				            "nested more than %d levels deep (taskdoc reads at most %d)", YDOC_MAX_DEPTH,
				            YDOC_MAX_DEPTH);
				ret = -1;
				break;
			}
			anchor = ev.type == YAML_SEQUENCE_START_EVENT ? (const char *)ev.data.sequence_start.anchor
			                                             : (const char *)ev.data.mapping_start.anchor;
			open_anchor[depth] = anchor ? td_xstrdup(anchor) : NULL;
			start[depth++] = total;
			anchor = NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			add = 0;
			if (depth > 0 && open_anchor[--depth]) {
				td_grow((void **)&anch, &acap, nanch + 1, sizeof *anch);
				anch[nanch].name = open_anchor[depth];
				anch[nanch++].nodes = total - start[depth];
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			add = 0;
			break;
		default:
			add = 0;
			break;
		}
		if (ret == 0 && anchor) {
			td_grow((void **)&anch, &acap, nanch + 1, sizeof *anch);
			anch[nanch].name = td_xstrdup(anchor);
			anch[nanch++].nodes = 1;
		}
		total += add;
		if (ret == 0 && total > YDOC_MAX_NODES) {
			td_diag_add(y->diags, TD_SEV_ERROR, loc,
			            "more than %d nodes once aliases are expanded (aliases repeat their anchor's "
			            "whole value; taskdoc reads at most %d)",
			            YDOC_MAX_NODES, YDOC_MAX_NODES);
			ret = -1;
		}
		yaml_event_delete(&ev);
		if (ret)
			break;
	}
	for (size_t k = 0; k < depth; k++)
		free(open_anchor[k]);
	for (size_t k = 0; k < nanch; k++)
		free(anch[k].name);
	free(anch);
	yaml_parser_delete(&p);
	if (ret)
		y->nerrors++;
	return ret;
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

	/* A byte order mark is invisible: columns are counted without it. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	y->text = text;
	y->len = len;
	if (check_limits(y, text, len) != 0)
		return -1;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, 0, 0}, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	y->doc_arena = td_arena_new();
	if (!ydoc_compose(&parser, &y->doc, y->doc_arena)) {
		syntax_error(y, &parser, text, len);
		yaml_parser_delete(&parser);
		td_arena_free(y->doc_arena);
		y->doc_arena = NULL;
		return -1;
	}
	y->loaded = true;
	/* A second document in the stream is a mistake worth naming; the first
	 * is still read so that its own mistakes are reported too. */
	yaml_document_t extra;
	td_arena *extra_mem = td_arena_new();
	if (ydoc_compose(&parser, &extra, extra_mem)) {
		if (yaml_document_get_root_node(&extra)) {
			int line = (int)extra.start_mark.line + 1;
			/* start_mark is after the '---' marker: point at the marker's line */
			if (byte_at(text, len, line, 1) != '-' && line > 1)
				line--;
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){y->file, line, 1},
			            "a second YAML document ('---') in one file (expected one document)");
			y->nerrors++;
		}
	} else {
		syntax_error(y, &parser, text, len);
	}
	td_arena_free(extra_mem);
	yaml_parser_delete(&parser);
	check_duplicate_keys(y);
	return 0;
}

td_loc ydoc_alias_loc(ydoc *y, const yaml_node_t *n, int occurrence)
{
	/* Aliases share their anchor's node, so their own places are only in
	 * the event stream: replay it (rare: only for a repeated id). */
	td_loc loc = ydoc_loc(y, n);
	int target = (int)(n - y->doc.nodes.start) + 1, created = 0, seen = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	char **anchors = NULL;
	int *anchor_node = NULL;
	size_t nanch = 0, cap = 0, cap2 = 0;
	if (!yaml_parser_initialize(&parser))
		return loc;
	yaml_parser_set_input_string(&parser, (const unsigned char *)y->text, y->len);
	bool done = false;
	while (!done && yaml_parser_parse(&parser, &ev)) {
		const unsigned char *anchor = NULL;
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			created++;
			break;
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			created++;
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			created++;
			break;
		case YAML_ALIAS_EVENT:
			for (size_t i = nanch; i-- > 0;)
				if (!strcmp(anchors[i], (const char *)ev.data.alias.anchor)) {
					if (anchor_node[i] == target && ++seen == occurrence) {
						loc.line = (int)ev.start_mark.line + 1;
						loc.col = (int)ev.start_mark.column + 1;
						done = true;
					}
					break;
				}
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (anchor) {
			td_grow((void **)&anchors, &cap, nanch + 1, sizeof *anchors);
			td_grow((void **)&anchor_node, &cap2, nanch + 1, sizeof *anchor_node);
			anchors[nanch] = td_xstrdup((const char *)anchor);
			anchor_node[nanch++] = created;
		}
		yaml_event_delete(&ev);
	}
	for (size_t i = 0; i < nanch; i++)
		free(anchors[i]);
	free(anchors);
	free(anchor_node);
	yaml_parser_delete(&parser);
	return loc;
}

static void doc_key_of(td_buf *key, const char h[65])
{
	td_buf_printf(key, "taskdoc yaml document 2\n%s\n%s\n", td_build_id(), h);
}

static void doc_key(td_buf *key, const char *text, size_t len)
{
	char h[65];
	td_sha256_hex(h, text, len);
	doc_key_of(key, h);
}

/* y, whose document was decoded into mem, as ydoc_load leaves it. */
static void decoded(ydoc *y, td_arena *mem, td_arena *arena, const char *file, const char *text, size_t len,
                    td_diags *diags)
{
	y->doc_arena = mem;
	y->arena = arena;
	y->file = td_arena_strdup(arena, file);
	y->diags = diags;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* as ydoc_load: columns without it */
		text += 3;
		len -= 3;
	}
	y->text = text;
	y->len = len;
	y->loaded = true;
}

/* The document cache holds under key, decoded into doc: its memory, a new
 * arena; NULL on a miss, or bytes that are not a document. */
static td_arena *cached_doc(yaml_document_t *doc, const td_buf *key, const td_kv *cache)
{
	td_buf val = TD_BUF_INIT;
	td_arena *mem = NULL;
	if (cache->get(cache->ud, "yaml", key, &val) &&
	    !ydoc_decode(doc, mem = td_arena_new(), val.ptr ? val.ptr : "", val.len)) {
		td_arena_free(mem);
		mem = NULL;
	}
	td_buf_free(&val);
	return mem;
}

int ydoc_load_cached(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags,
                     const td_kv *cache)
{
	if (!cache)
		return ydoc_load(y, arena, file, text, len, diags);
	td_buf key = TD_BUF_INIT;
	doc_key(&key, text, len);
	memset(y, 0, sizeof *y);
	td_arena *mem = cached_doc(&y->doc, &key, cache);
	if (mem) {
		decoded(y, mem, arena, file, text, len, diags);
		/* the same text's file loaded without a message: its checks passed */
		y->clean = true;
		td_buf_free(&key);
		return 0;
	}
	size_t before = diags->len;
	int rc = ydoc_load(y, arena, file, text, len, diags);
	if (!cache->readonly) {
		y->cache = cache;
		y->key = key;
		y->diags_before = before;
		key = (td_buf)TD_BUF_INIT;
	}
	td_buf_free(&key);
	return rc;
}

void ydoc_decode_ahead(ydoc_ahead *a, char *text, size_t len, const td_kv *cache)
{
	memset(a, 0, sizeof *a);
	td_buf key = TD_BUF_INIT;
	doc_key(&key, text, len);
	if ((a->mem = cached_doc(&a->doc, &key, cache))) {
		a->text = text;
		a->len = len;
	} else {
		free(text);
	}
	td_buf_free(&key);
}

bool ydoc_take_ahead(ydoc *y, ydoc_ahead *a, td_arena *arena, const char *file, const char *text, size_t len,
                     td_diags *diags)
{
	if (!a->text || a->len != len || memcmp(a->text, text, len) != 0)
		return false;
	memset(y, 0, sizeof *y);
	y->doc = a->doc;
	decoded(y, a->mem, arena, file, text, len, diags);
	y->clean = true; /* as ydoc_load_cached's: its file loaded without a message */
	free(a->text);
	memset(a, 0, sizeof *a);
	return true;
}

void ydoc_ahead_free(ydoc_ahead *a)
{
	free(a->text);
	td_arena_free(a->mem); /* the document's memory is all there */
	memset(a, 0, sizeof *a);
}

/* Whether cache holds a document under key, without reading it. */
static bool cache_has(const td_kv *cache, const td_buf *key)
{
	if (cache->map) {
		const char *data;
		size_t len;
		void *token;
		if (!cache->map(cache->ud, "yaml", key, &data, &len, &token))
			return false;
		cache->unmap(cache->ud, token);
		return true;
	}
	td_buf val = TD_BUF_INIT;
	bool hit = cache->get(cache->ud, "yaml", key, &val);
	td_buf_free(&val);
	return hit;
}

bool ydoc_cached(const char *text, size_t len, const td_kv *cache)
{
	td_buf key = TD_BUF_INIT;
	doc_key(&key, text, len);
	bool kept = cache && cache_has(cache, &key);
	td_buf_free(&key);
	return kept;
}

void ydoc_preparse(td_buf *out, const char *file, const char *text, size_t len, const td_kv *cache)
{
	char h[65];
	td_sha256_hex(h, text, len);
	if (cache) {
		td_buf key = TD_BUF_INIT;
		doc_key_of(&key, h);
		bool kept = cache_has(cache, &key);
		td_buf_free(&key);
		if (kept)
			return;
	}
	td_arena *arena = td_arena_new();
	td_diags diags = {0};
	ydoc y;
	if (ydoc_load(&y, arena, file, text, len, &diags) == 0 && !diags.len && !y.nerrors) {
		td_buf_put(out, h, 64); /* which text it is: the file may change before it is loaded */
		ydoc_encode(out, &y.doc);
	}
	ydoc_free(&y);
	td_diags_free(&diags);
	td_arena_free(arena);
}

int ydoc_load_parsed(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags,
                     const td_kv *cache, const char *enc, size_t enclen)
{
	td_arena *mem = td_arena_new();
	char h[65];
	td_sha256_hex(h, text, len);
	memset(y, 0, sizeof *y);
	if (enclen < 64 || memcmp(enc, h, 64) || !ydoc_decode(&y->doc, mem, enc + 64, enclen - 64)) {
		td_arena_free(mem); /* another text (the file changed since), or not a document */
		return ydoc_load_cached(y, arena, file, text, len, diags, cache);
	}
	/* as ydoc_load_cached leaves a document it parsed: not clean (the
	 * model's checks are still to be made), stored once the file loaded
	 * without a message */
	if (cache && !cache->readonly) {
		y->cache = cache;
		doc_key_of(&y->key, h);
		y->diags_before = diags->len;
	}
	decoded(y, mem, arena, file, text, len, diags);
	return 0;
}

void ydoc_keep_clean(ydoc *y)
{
	if (!y->cache || y->clean || !y->loaded || y->nerrors || y->diags->len != y->diags_before)
		return;
	td_buf val = TD_BUF_INIT;
	ydoc_encode(&val, &y->doc);
	y->cache->put(y->cache->ud, "yaml", &y->key, &val);
	td_buf_free(&val);
}

void ydoc_free(ydoc *y)
{
	td_buf_free(&y->key);
	free(y->repeats);
	y->repeats = NULL;
	y->nrepeats = y->repeats_cap = 0;
	if (y->doc_arena)
		td_arena_free(y->doc_arena);
	else if (y->loaded)
		yaml_document_delete(&y->doc);
	y->doc_arena = NULL;
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
	if (y->clean)
		return true;
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
	if (y->clean || !s || !td_text_is_mojibake(s, &where))
		return;
	size_t len;
	char fixed[8];
	if (td_text_mojibake_repair(where, &len, fixed))
		ydoc_warn(y, n, "text looks like mojibake ('%.*s' is '%s' read as Windows-1252); replace it with '%s'",
		          (int)len, where, fixed, fixed);
	else
		ydoc_warn(y, n, "text looks like mojibake ('%.*s' is the start of a character read as Windows-1252); "
		          "retype that character", (int)len, where);
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
