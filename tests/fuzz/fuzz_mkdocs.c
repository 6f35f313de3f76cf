/* libFuzzer harness: the mkdocs.yml nav rewriter (site/mkdocs.c,
 * td_mkdocs_nav_rewrite) on any mkdocs.yml text and any navigation. The
 * input is the mkdocs.yml text, then optionally "\n@@nav\n" and one line
 * per entry: "title|path" is a page ("|path": one without a title), a line
 * without '|' a section, and lines after it starting with a blank its
 * pages. Checks when the rewrite succeeds: the result parses as YAML (with
 * libyaml, every document), and when the input did, every top-level key
 * of the first document other than nav keeps its value (unless a key is
 * written twice), and nav holds the section. The rewriter checks this too
 * and refuses what it would get wrong; see FUZZ_MKDOCS_STRICT below.
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "site/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXNAV 64

static const char *find(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);
	for (size_t i = 0; i + l <= n; i++)
		if (!memcmp(s + i, w, l))
			return s + i;
	return NULL;
}

/* Loads every document of text; returns the number loaded into docs[0..max)
 * (each to be deleted by the caller), or -1 if the text is not YAML. */
static int load_yaml(yaml_document_t *docs, int max, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int n = 0;
	for (;;) {
		yaml_document_t d;
		if (!yaml_parser_load(&p, &d)) {
			for (int i = 0; i < n && i < max; i++)
				yaml_document_delete(&docs[i]);
			yaml_parser_delete(&p);
			return -1;
		}
		if (!yaml_document_get_root_node(&d)) {
			yaml_document_delete(&d);
			break;
		}
		if (n < max)
			docs[n] = d;
		else
			yaml_document_delete(&d);
		n++;
	}
	yaml_parser_delete(&p);
	return n < max ? n : max;
}

/* Whether two nodes are equal: type, tag, scalar text, items in order.
 * *budget bounds the work (aliases make trees exponential). */
static bool same_node(yaml_document_t *da, yaml_node_t *a, yaml_document_t *db, yaml_node_t *b, int depth,
                      long *budget)
{
	if (--*budget < 0 || depth > 200)
		return true;
	if (!a || !b)
		return a == b;
	if (a->type != b->type || strcmp((char *)a->tag, (char *)b->tag))
		return false;
	if (a->type == YAML_SCALAR_NODE)
		return a->data.scalar.length == b->data.scalar.length &&
		       !memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length);
	if (a->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *ia = a->data.sequence.items.start, *ib = b->data.sequence.items.start;
		long na = a->data.sequence.items.top - ia, nb = b->data.sequence.items.top - ib;
		if (na != nb)
			return false;
		for (long i = 0; i < na; i++)
			if (!same_node(da, yaml_document_get_node(da, ia[i]), db, yaml_document_get_node(db, ib[i]),
			               depth + 1, budget))
				return false;
		return true;
	}
	yaml_node_pair_t *pa = a->data.mapping.pairs.start, *pb = b->data.mapping.pairs.start;
	long na = a->data.mapping.pairs.top - pa, nb = b->data.mapping.pairs.top - pb;
	if (na != nb)
		return false;
	for (long i = 0; i < na; i++)
		if (!same_node(da, yaml_document_get_node(da, pa[i].key), db, yaml_document_get_node(db, pb[i].key),
		               depth + 1, budget) ||
		    !same_node(da, yaml_document_get_node(da, pa[i].value), db,
		               yaml_document_get_node(db, pb[i].value), depth + 1, budget))
			return false;
	return true;
}

static bool is_scalar(yaml_node_t *n, const char *s)
{
	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
	       !memcmp(n->data.scalar.value, s, strlen(s));
}

/* The value of key in the mapping m, or NULL. */
static yaml_node_t *get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
		if (is_scalar(yaml_document_get_node(d, p->key), key))
			return yaml_document_get_node(d, p->value);
	return NULL;
}

static void fail(const char *why, const char *in, size_t inlen, const td_buf *out)
{
	fprintf(stderr, "mkdocs.yml rewrite: %s\n--- input ---\n%.*s\n--- output ---\n%.*s\n---\n", why, (int)inlen,
	        in, (int)out->len, out->ptr ? out->ptr : "");
	abort();
}

/* Whether the node at index i is, or holds, the node at index target (an
 * alias to the root or to a mapping that holds nav shares the change). */
static bool holds(yaml_document_t *d, int i, int target, int depth, long *budget)
{
	if (i == target)
		return true;
	yaml_node_t *n = yaml_document_get_node(d, i);
	if (!n || depth > 200 || --*budget < 0)
		return false;
	if (n->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
			if (holds(d, *it, target, depth + 1, budget))
				return true;
	if (n->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
			if (holds(d, p->key, target, depth + 1, budget) || holds(d, p->value, target, depth + 1, budget))
				return true;
	return false;
}

/* Every key of the input's first document but nav keeps its value. */
static void check_keys(yaml_document_t *in, yaml_document_t *out, const char *text, size_t len, const td_buf *o)
{
	yaml_node_t *ra = yaml_document_get_root_node(in), *rb = yaml_document_get_root_node(out);
	if (!ra || ra->type != YAML_MAPPING_NODE)
		return;
	/* a key written twice: which value counts is the reader's choice */
	for (yaml_node_pair_t *p = ra->data.mapping.pairs.start; p < ra->data.mapping.pairs.top; p++)
		for (yaml_node_pair_t *q = p + 1; q < ra->data.mapping.pairs.top; q++) {
			long budget = 1000;
			if (same_node(in, yaml_document_get_node(in, p->key), in, yaml_document_get_node(in, q->key), 0,
			              &budget))
				return;
		}
	for (yaml_node_pair_t *p = ra->data.mapping.pairs.start; p < ra->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(in, p->key);
		if (!k || k->type != YAML_SCALAR_NODE || is_scalar(k, "nav"))
			continue;
		long hb = 100000;
		int root = (int)(ra - in->nodes.start) + 1;
		yaml_node_t *nav = get(in, ra, "nav");
		if (holds(in, p->value, root, 0, &hb) || (nav && holds(in, p->value, (int)(nav - in->nodes.start) + 1, 0, &hb)))
			continue; /* an alias to the whole document or to nav */
		char key[256];
		snprintf(key, sizeof key, "%.*s", (int)k->data.scalar.length, (char *)k->data.scalar.value);
		if (strlen(key) != k->data.scalar.length)
			continue; /* a NUL in the key */
		long budget = 100000;
		/* the output's pair whose key is the same node (text and tag) */
		yaml_node_t *vb = NULL;
		for (yaml_node_pair_t *q = rb && rb->type == YAML_MAPPING_NODE ? rb->data.mapping.pairs.start : NULL;
		     q && q < rb->data.mapping.pairs.top && !vb; q++) {
			long kb = 1000;
			if (same_node(in, k, out, yaml_document_get_node(out, q->key), 0, &kb))
				vb = yaml_document_get_node(out, q->value);
		}
		if (!vb || !same_node(in, yaml_document_get_node(in, p->value), out, vb, 0, &budget)) {
			char why[400];
			snprintf(why, sizeof why, "the value of '%s' changed", key);
			fail(why, text, len, o);
		}
	}
	if (!get(out, rb, "nav"))
		fail("no nav", text, len, o);
}

static bool default_tag(yaml_node_t *n, const char *tag)
{
	return !strcmp((const char *)n->tag, tag);
}

/* Whether n is a nav entry as MkDocs documents them: a page path (a
 * scalar on one line), or a one-key mapping of a title to a path or to a
 * list of entries; no tags, anchors or block scalars. */
static bool real_entry(yaml_document_t *d, yaml_node_t *n, int depth)
{
	if (!n || depth > 20)
		return false;
	if (n->type == YAML_SCALAR_NODE)
		return default_tag(n, YAML_STR_TAG) && n->data.scalar.length > 0 &&
		       n->data.scalar.style != YAML_LITERAL_SCALAR_STYLE && n->data.scalar.style != YAML_FOLDED_SCALAR_STYLE;
	if (n->type != YAML_MAPPING_NODE || !default_tag(n, YAML_MAP_TAG) ||
	    n->data.mapping.pairs.top - n->data.mapping.pairs.start != 1)
		return false;
	yaml_node_t *k = yaml_document_get_node(d, n->data.mapping.pairs.start->key);
	yaml_node_t *v = yaml_document_get_node(d, n->data.mapping.pairs.start->value);
	if (!real_entry(d, k, depth + 1) || !v)
		return false;
	if (v->type == YAML_SCALAR_NODE)
		return real_entry(d, v, depth + 1);
	if (v->type != YAML_SEQUENCE_NODE || !default_tag(v, YAML_SEQ_TAG))
		return false;
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
		if (!real_entry(d, yaml_document_get_node(d, *i), depth + 1))
			return false;
	return true;
}

/* Whether text uses an anchor or an alias anywhere. */
static bool has_anchors(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	bool found = false, done = false;
	while (!found && !done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e))
			break;
		found = e.type == YAML_ALIAS_EVENT ||
		        (e.type == YAML_SCALAR_EVENT && e.data.scalar.anchor) ||
		        (e.type == YAML_SEQUENCE_START_EVENT && e.data.sequence_start.anchor) ||
		        (e.type == YAML_MAPPING_START_EVENT && e.data.mapping_start.anchor);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return found;
}

/* Whether text is one YAML document without anchors whose nav is a list
 * of real entries. */
static bool real_nav(const char *text, size_t len)
{
	if (has_anchors(text, len))
		return false;
	yaml_document_t docs[2];
	int n = load_yaml(docs, 2, text, len);
	bool ok = n == 1;
	if (ok) {
		yaml_node_t *nav = get(&docs[0], yaml_document_get_root_node(&docs[0]), "nav");
		ok = nav && nav->type == YAML_SEQUENCE_NODE && default_tag(nav, YAML_SEQ_TAG);
		for (yaml_node_item_t *i = ok ? nav->data.sequence.items.start : NULL; ok && i < nav->data.sequence.items.top;
		     i++)
			ok = real_entry(&docs[0], yaml_document_get_node(&docs[0], *i), 0);
	}
	for (int i = 0; i < n; i++)
		yaml_document_delete(&docs[i]);
	return ok;
}

/* Parses the navigation lines into nav (pointing into text, which is
 * changed in place); returns the number of top-level entries. */
static size_t parse_nav(td_nav *nav, td_nav *kids, char *text)
{
	size_t n = 0, nk = 0;
	for (char *line = text; line && *line;) {
		char *eol = strchr(line, '\n');
		if (eol)
			*eol = '\0';
		char *bar = strchr(line, '|');
		bool child = line[0] == ' ' && n && !nav[n - 1].path && nk < MAXNAV;
		td_nav e = {0};
		if (bar) {
			*bar = '\0';
			char *t = line + (child ? 1 : 0);
			e.title = bar == t ? NULL : t;
			e.path = bar + 1;
		} else {
			e.title = line;
		}
		if (child && bar) {
			if (!nav[n - 1].children)
				nav[n - 1].children = kids + nk;
			kids[nk++] = e;
			nav[n - 1].nchildren++;
		} else if (n < MAXNAV) {
			nav[n++] = e;
		}
		line = eol ? eol + 1 : NULL;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	size_t len = size;
	td_nav nav[MAXNAV], kids[MAXNAV];
	memset(nav, 0, sizeof nav);
	size_t nnav = 0;
	const char *sep = find(text, size, "\n@@nav\n");
	if (sep) {
		len = (size_t)(sep - text);
		nnav = parse_nav(nav, kids, text + len + 7);
	} else {
		static td_nav def[] = {{NULL, "index.md", NULL, 0}, {"Cloud <b>&amp;</b> \"HPC\": x", "ws/c.md", NULL, 0}};
		memcpy(nav, def, sizeof def);
		nnav = 2;
	}
	td_buf out = TD_BUF_INIT;
	td_diags diags = {0};
	int rc = td_mkdocs_nav_rewrite(&out, "mkdocs.yml", text, len, "planning", "Planning", nav, nnav, &diags);
	/* the rewriter checks its own edit and refuses a file it would change;
	 * FUZZ_MKDOCS_STRICT=1 treats such a refusal of a real MkDocs nav as a
	 * finding, to hunt the cases the line edit still gets wrong */
	static int strict = -1;
	if (strict < 0)
		strict = getenv("FUZZ_MKDOCS_STRICT") && *getenv("FUZZ_MKDOCS_STRICT") == '1';
	if (rc < 0 && strict && real_nav(text, len))
		for (size_t i = 0; i < diags.len; i++)
			if (strstr(diags.items[i].message, "without changing the file"))
				fail("the edit was refused by its own check", text, len, &out);
	if (rc == 0) {
		yaml_document_t in[4], res[4];
		int nin = load_yaml(in, 4, text, len);
		int nres = load_yaml(res, 4, out.ptr ? out.ptr : "", out.len);
		if (nin >= 0 && nres < 0)
			fail("the result is not YAML", text, len, &out);
		if (nin > 0 && nres > 0)
			check_keys(&in[0], &res[0], text, len, &out);
		for (int i = 0; i < nin; i++)
			yaml_document_delete(&in[i]);
		for (int i = 0; i < nres; i++)
			yaml_document_delete(&res[i]);
	}
	td_buf_free(&out);
	td_diags_free(&diags);
	free(text);
	return 0;
}
