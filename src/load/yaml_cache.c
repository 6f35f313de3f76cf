/*
 * yaml_cache.c - a parsed YAML document as bytes, for the build cache
 * (docs/output.md, "The build cache"): the loader keeps each workstream
 * file's document under the SHA-256 of its text, so that a file that did
 * not change since the last build is not parsed by libyaml again. The
 * model is still built from the document by the same code, with the same
 * messages; only a file that loaded without any message is stored.
 *
 * The bytes are the document as libyaml made it, node by node: type, tag,
 * where it starts and ends, and its scalar, items or pairs, as unsigned
 * LEB128 numbers and length-prefixed strings. A tag is written once and
 * then named by its number (a plan's nodes have three tags between them),
 * and a node's start is written from the previous node's, its end from
 * its start (zigzag numbers, so any marks survive): the bytes are less
 * than half what writing every tag and mark out took, and so is the time
 * to write and read them. Reading checks everything (every count against
 * the bytes left, every node id against the nodes, every tag number
 * against the tags): any other bytes are a miss, never a document libyaml
 * could not have made.
 */
#include "load/yaml_doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "taskdoc yaml document 2\n"

/* ---- writing ---- */

static void put_num(td_buf *b, uint64_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		tmp[n++] = (char)(c | (v ? 0x80 : 0));
	} while (v);
	td_buf_put(b, tmp, n);
}

static void put_str(td_buf *b, const yaml_char_t *s, size_t n)
{
	put_num(b, n);
	td_buf_put(b, (const char *)s, n);
}

static void put_mark(td_buf *b, yaml_mark_t m)
{
	put_num(b, m.index);
	put_num(b, m.line);
	put_num(b, m.column);
}

static uint64_t zigzag(uint64_t delta)
{
	int64_t d = (int64_t)delta;
	return ((uint64_t)d << 1) ^ (uint64_t)(d >> 63);
}

/* Where a node's marks are written from: the previous node's start. */
typedef struct markbase {
	size_t index, line;
} markbase;

static void put_node_marks(td_buf *b, markbase *base, const yaml_node_t *nd)
{
	put_num(b, zigzag((uint64_t)(nd->start_mark.index - base->index)));
	put_num(b, zigzag((uint64_t)(nd->start_mark.line - base->line)));
	put_num(b, nd->start_mark.column);
	put_num(b, zigzag((uint64_t)(nd->end_mark.index - nd->start_mark.index)));
	put_num(b, zigzag((uint64_t)(nd->end_mark.line - nd->start_mark.line)));
	put_num(b, nd->end_mark.column);
	base->index = nd->start_mark.index;
	base->line = nd->start_mark.line;
}

/* The tags met so far, by number (1-based): 0 is no tag, ntags + 1 a new
 * one whose text follows. */
typedef struct tagtable {
	const yaml_char_t **tags;
	size_t n, cap;
} tagtable;

static void put_tag(td_buf *b, tagtable *t, const yaml_char_t *tag)
{
	if (!tag) {
		put_num(b, 0);
		return;
	}
	for (size_t i = t->n; i-- > 0;)
		if (t->tags[i] == tag || !strcmp((const char *)t->tags[i], (const char *)tag)) {
			put_num(b, i + 1);
			return;
		}
	td_grow((void **)&t->tags, &t->cap, t->n + 1, sizeof *t->tags);
	t->tags[t->n++] = tag;
	put_num(b, t->n);
	put_str(b, tag, strlen((const char *)tag));
}

void ydoc_encode(td_buf *out, const yaml_document_t *doc)
{
	td_buf_puts(out, MAGIC);
	size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
	put_num(out, n);
	put_num(out, (uint64_t)doc->start_implicit);
	put_num(out, (uint64_t)doc->end_implicit);
	put_mark(out, doc->start_mark);
	put_mark(out, doc->end_mark);
	put_num(out, doc->version_directive != NULL);
	if (doc->version_directive) {
		put_num(out, (uint64_t)doc->version_directive->major);
		put_num(out, (uint64_t)doc->version_directive->minor);
	}
	put_num(out, (uint64_t)(doc->tag_directives.end - doc->tag_directives.start));
	for (const yaml_tag_directive_t *t = doc->tag_directives.start; t < doc->tag_directives.end; t++) {
		put_str(out, t->handle, strlen((const char *)t->handle));
		put_str(out, t->prefix, strlen((const char *)t->prefix));
	}
	tagtable tags = {0};
	markbase base = {0, 0};
	for (const yaml_node_t *nd = doc->nodes.start; nd < doc->nodes.top; nd++) {
		put_num(out, (uint64_t)nd->type);
		put_tag(out, &tags, nd->tag);
		put_node_marks(out, &base, nd);
		switch (nd->type) {
		case YAML_SCALAR_NODE:
			put_num(out, (uint64_t)nd->data.scalar.style);
			put_str(out, nd->data.scalar.value, nd->data.scalar.length);
			break;
		case YAML_SEQUENCE_NODE:
			put_num(out, (uint64_t)nd->data.sequence.style);
			put_num(out, (uint64_t)(nd->data.sequence.items.top - nd->data.sequence.items.start));
			for (const yaml_node_item_t *i = nd->data.sequence.items.start; i < nd->data.sequence.items.top; i++)
				put_num(out, (uint64_t)*i);
			break;
		case YAML_MAPPING_NODE:
			put_num(out, (uint64_t)nd->data.mapping.style);
			put_num(out, (uint64_t)(nd->data.mapping.pairs.top - nd->data.mapping.pairs.start));
			for (const yaml_node_pair_t *p = nd->data.mapping.pairs.start; p < nd->data.mapping.pairs.top; p++) {
				put_num(out, (uint64_t)p->key);
				put_num(out, (uint64_t)p->value);
			}
			break;
		default:
			break;
		}
	}
	free(tags.tags);
}

/* ---- reading ---- */

typedef struct reader {
	const unsigned char *s;
	size_t n, pos;
	bool ok;
	td_arena *arena; /* where the document's memory comes from (NULL: malloc, for libyaml to free) */
} reader;

static void *get_mem(reader *r, size_t n)
{
	return r->arena ? td_arena_alloc(r->arena, n) : malloc(n);
}

static uint64_t get_num(reader *r)
{
	uint64_t v = 0;
	for (int shift = 0; r->ok; shift += 7) {
		if (r->pos >= r->n || shift > 63) {
			r->ok = false;
			return 0;
		}
		unsigned char c = r->s[r->pos++];
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	return 0;
}

/* A number of at most max. */
static size_t get_upto(reader *r, uint64_t max)
{
	uint64_t v = get_num(r);
	if (v > max)
		r->ok = false;
	return r->ok ? (size_t)v : 0;
}

/* A new NUL-terminated copy of the string at the reader (NULL when there is none). */
static yaml_char_t *get_str(reader *r, size_t *len)
{
	size_t n = get_upto(r, r->n);
	if (!r->ok || n > r->n - r->pos) {
		r->ok = false;
		return NULL;
	}
	yaml_char_t *s = get_mem(r, n + 1);
	if (!s) {
		r->ok = false;
		return NULL;
	}
	memcpy(s, r->s + r->pos, n);
	s[n] = '\0';
	r->pos += n;
	if (len)
		*len = n;
	return s;
}

static yaml_mark_t get_mark(reader *r)
{
	yaml_mark_t m;
	m.index = get_upto(r, SIZE_MAX);
	m.line = get_upto(r, SIZE_MAX);
	m.column = get_upto(r, SIZE_MAX);
	return m;
}

static uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ (uint64_t)-(int64_t)(z & 1);
}

/* put_node_marks, read back. */
static void get_node_marks(reader *r, markbase *base, yaml_node_t *nd)
{
	nd->start_mark.index = base->index + (size_t)unzigzag(get_num(r));
	nd->start_mark.line = base->line + (size_t)unzigzag(get_num(r));
	nd->start_mark.column = get_upto(r, SIZE_MAX);
	nd->end_mark.index = nd->start_mark.index + (size_t)unzigzag(get_num(r));
	nd->end_mark.line = nd->start_mark.line + (size_t)unzigzag(get_num(r));
	nd->end_mark.column = get_upto(r, SIZE_MAX);
	base->index = nd->start_mark.index;
	base->line = nd->start_mark.line;
}

/* Node i's scalar, items or pairs (ids checked against n nodes). */
static void get_data(reader *r, yaml_node_t *nd, size_t n)
{
	switch (nd->type) {
	case YAML_SCALAR_NODE:
		nd->data.scalar.style = (yaml_scalar_style_t)get_upto(r, YAML_FOLDED_SCALAR_STYLE);
		nd->data.scalar.value = get_str(r, &nd->data.scalar.length);
		break;
	case YAML_SEQUENCE_NODE: {
		nd->data.sequence.style = (yaml_sequence_style_t)get_upto(r, YAML_FLOW_SEQUENCE_STYLE);
		size_t k = get_upto(r, r->n - r->pos); /* each item takes a byte at least */
		yaml_node_item_t *it = r->ok ? get_mem(r, (k ? k : 1) * sizeof *it) : NULL;
		nd->data.sequence.items.start = nd->data.sequence.items.top = nd->data.sequence.items.end = it;
		if (!it) {
			r->ok = false;
			break;
		}
		nd->data.sequence.items.end = it + (k ? k : 1);
		for (size_t j = 0; j < k && r->ok; j++) {
			size_t id = get_upto(r, n);
			it[j] = (yaml_node_item_t)id;
			r->ok = r->ok && id >= 1;
			nd->data.sequence.items.top = it + j + 1;
		}
		break;
	}
	case YAML_MAPPING_NODE: {
		nd->data.mapping.style = (yaml_mapping_style_t)get_upto(r, YAML_FLOW_MAPPING_STYLE);
		size_t k = get_upto(r, (r->n - r->pos) / 2);
		yaml_node_pair_t *pr = r->ok ? get_mem(r, (k ? k : 1) * sizeof *pr) : NULL;
		nd->data.mapping.pairs.start = nd->data.mapping.pairs.top = nd->data.mapping.pairs.end = pr;
		if (!pr) {
			r->ok = false;
			break;
		}
		nd->data.mapping.pairs.end = pr + (k ? k : 1);
		for (size_t j = 0; j < k && r->ok; j++) {
			size_t key = get_upto(r, n), value = get_upto(r, n);
			pr[j] = (yaml_node_pair_t){(int)key, (int)value};
			r->ok = r->ok && key >= 1 && value >= 1;
			nd->data.mapping.pairs.top = pr + j + 1;
		}
		break;
	}
	default:
		r->ok = false;
		break;
	}
}

bool ydoc_decode(yaml_document_t *doc, td_arena *arena, const char *s, size_t len)
{
	memset(doc, 0, sizeof *doc);
	size_t ml = strlen(MAGIC);
	if (len < ml || memcmp(s, MAGIC, ml) != 0)
		return false;
	reader r = {(const unsigned char *)s, len, ml, true, arena};
	size_t n = get_upto(&r, (len - ml) / 8); /* a node takes 8 bytes at least */
	if (!r.ok || n > INT32_MAX)
		return false;
	doc->start_implicit = (int)get_upto(&r, 1);
	doc->end_implicit = (int)get_upto(&r, 1);
	doc->start_mark = get_mark(&r);
	doc->end_mark = get_mark(&r);
	doc->nodes.start = doc->nodes.top = get_mem(&r, (n ? n : 1) * sizeof(yaml_node_t));
	if (!doc->nodes.start)
		return false;
	doc->nodes.end = doc->nodes.start + (n ? n : 1);
	if (get_upto(&r, 1)) {
		doc->version_directive = get_mem(&r, sizeof *doc->version_directive);
		if (!doc->version_directive)
			r.ok = false;
		else
			*doc->version_directive = (yaml_version_directive_t){(int)get_upto(&r, 9), (int)get_upto(&r, 9)};
	}
	size_t nt = get_upto(&r, r.n - r.pos);
	if (r.ok && nt) {
		size_t tb = nt * sizeof(yaml_tag_directive_t);
		doc->tag_directives.start = doc->tag_directives.end =
		    tb / sizeof(yaml_tag_directive_t) == nt ? get_mem(&r, tb) : NULL;
		for (size_t i = 0; i < nt && r.ok && doc->tag_directives.start; i++) {
			yaml_tag_directive_t *t = doc->tag_directives.end++;
			t->handle = get_str(&r, NULL);
			t->prefix = get_str(&r, NULL);
		}
		r.ok = r.ok && doc->tag_directives.start;
	}
	yaml_char_t **tags = NULL; /* the tags read so far (with arena NULL, each node's own copy) */
	size_t ntags = 0, tcap = 0;
	markbase base = {0, 0};
	for (size_t i = 0; i < n && r.ok; i++) {
		yaml_node_t *nd = doc->nodes.top;
		memset(nd, 0, sizeof *nd);
		nd->type = (yaml_node_type_t)get_upto(&r, YAML_MAPPING_NODE);
		if (!r.ok || nd->type < YAML_SCALAR_NODE) {
			r.ok = false; /* yaml_document_delete asserts on any other type */
			break;
		}
		doc->nodes.top++; /* from here yaml_document_delete frees what it holds */
		size_t t = get_upto(&r, ntags + 1);
		if (r.ok && t == ntags + 1) {
			nd->tag = get_str(&r, NULL);
			td_grow((void **)&tags, &tcap, ntags + 1, sizeof *tags);
			tags[ntags++] = nd->tag;
		} else if (r.ok && t) {
			/* an arena's document shares one copy; libyaml's frees each node's */
			nd->tag = r.arena ? tags[t - 1] : (yaml_char_t *)td_xstrdup((const char *)tags[t - 1]);
		}
		get_node_marks(&r, &base, nd);
		if (r.ok)
			get_data(&r, nd, n);
	}
	free(tags);
	if (!r.ok || r.pos != r.n) {
		if (!arena) /* the arena's memory goes with the arena */
			yaml_document_delete(doc);
		memset(doc, 0, sizeof *doc);
		return false;
	}
	return true;
}
