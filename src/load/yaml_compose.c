/* yaml_compose.c - libyaml's events made into a yaml_document_t in an arena.
 *
 * libyaml's own loader (yaml_parser_load) builds the same document from the
 * same events, but gives every node a malloc'd copy of its default tag, a
 * malloc'd stack of items or pairs, and frees all of it again in
 * yaml_document_delete: in a 100,000-task plan that was a tenth of
 * `taskdoc check` (docs/design.md, "Reading YAML"). Here the document's
 * strings, nodes, items and pairs go into one arena, exact-sized, and die
 * with it. The document is the one yaml_parser_load makes, field for
 * field: node ids in the same order, the same marks, styles and tags, aliases
 * sharing their anchor's node, the same composer errors in the parser's
 * error fields (check_yaml's test_compose_as_libyaml compares the two). */
#include "load/yaml_doc.h"

#include <stdlib.h>
#include <string.h>

typedef struct anchor {
	char *name; /* the event's, taken over */
	int index;
	yaml_mark_t mark;
} anchor;

/* A collection still open: its node and where its items (or pairs) start
 * on the scratch stack. */
typedef struct open {
	int index;
	size_t first;
} open;

typedef struct composer {
	yaml_parser_t *p;
	yaml_document_t *doc;
	td_arena *arena;
	yaml_node_t *nodes;
	size_t nnodes, ncap;
	yaml_node_pair_t *scratch; /* items as pairs {item, 0}; pairs as pairs */
	size_t nscratch, scap;
	open *open;
	size_t nopen, ocap;
	anchor *anchors;
	size_t nanchors, acap;
	yaml_char_t *tag_str, *tag_seq, *tag_map; /* the default tags, one copy each */
} composer;

/* libyaml's yaml_parser_set_composer_error: the context fields untouched. */
static int composer_error(composer *c, const char *problem, yaml_mark_t problem_mark)
{
	c->p->error = YAML_COMPOSER_ERROR;
	c->p->problem = problem;
	c->p->problem_mark = problem_mark;
	return 0;
}

static int composer_error_context(composer *c, const char *context, yaml_mark_t context_mark, const char *problem,
                                  yaml_mark_t problem_mark)
{
	c->p->context = context;
	c->p->context_mark = context_mark;
	return composer_error(c, problem, problem_mark);
}

static yaml_char_t *copy_str(composer *c, const yaml_char_t *s, size_t len)
{
	return (yaml_char_t *)td_arena_strndup(c->arena, (const char *)s, len);
}

/* The node's tag: the event's, or the kind's default as yaml_parser_load
 * gives it (no tag, or the non-specific "!"). */
static yaml_char_t *node_tag(composer *c, const yaml_char_t *tag, yaml_char_t **dflt, const char *name)
{
	if (tag && strcmp((const char *)tag, "!") != 0)
		return copy_str(c, tag, strlen((const char *)tag));
	if (!*dflt)
		*dflt = copy_str(c, (const yaml_char_t *)name, strlen(name));
	return *dflt;
}

/* A new node; returns its id (1-based), or 0 past libyaml's limit. */
static int push_node(composer *c, const yaml_node_t *n)
{
	if (c->nnodes >= (size_t)INT32_MAX - 1)
		return 0;
	td_grow((void **)&c->nodes, &c->ncap, c->nnodes + 1, sizeof *c->nodes);
	c->nodes[c->nnodes++] = *n;
	return (int)c->nnodes;
}

/* anchor (the event's, taken over; NULL: none) names node index. */
static int register_anchor(composer *c, int index, yaml_char_t *name)
{
	if (!name)
		return 1;
	yaml_mark_t mark = c->nodes[index - 1].start_mark;
	for (size_t i = 0; i < c->nanchors; i++)
		if (!strcmp(c->anchors[i].name, (const char *)name)) {
			free(name);
			return composer_error_context(c, "found duplicate anchor; first occurrence", c->anchors[i].mark,
			                      "second occurrence", mark);
		}
	td_grow((void **)&c->anchors, &c->acap, c->nanchors + 1, sizeof *c->anchors);
	c->anchors[c->nanchors++] = (anchor){(char *)name, index, mark};
	return 1;
}

/* Node index into the open collection: an item, a key, or the value of
 * the last key. The root goes nowhere. */
static void add_to_parent(composer *c, int index)
{
	if (!c->nopen)
		return;
	const open *o = &c->open[c->nopen - 1];
	if (c->nodes[o->index - 1].type == YAML_MAPPING_NODE && c->nscratch > o->first) {
		yaml_node_pair_t *last = &c->scratch[c->nscratch - 1];
		if (last->key && !last->value) {
			last->value = index;
			return;
		}
	}
	td_grow((void **)&c->scratch, &c->scap, c->nscratch + 1, sizeof *c->scratch);
	c->scratch[c->nscratch++] = (yaml_node_pair_t){index, 0};
}

static int start_collection(composer *c, const yaml_node_t *n, yaml_char_t *anchor_name)
{
	int index = push_node(c, n);
	if (!index) {
		free(anchor_name);
		return composer_error(c, "too many nodes", n->start_mark);
	}
	if (!register_anchor(c, index, anchor_name))
		return 0;
	add_to_parent(c, index);
	td_grow((void **)&c->open, &c->ocap, c->nopen + 1, sizeof *c->open);
	c->open[c->nopen++] = (open){index, c->nscratch};
	return 1;
}

/* The open collection is complete: its items or pairs, exact-sized, into the arena. */
static void end_collection(composer *c, yaml_mark_t end)
{
	open o = c->open[--c->nopen];
	yaml_node_t *n = &c->nodes[o.index - 1];
	size_t k = c->nscratch - o.first;
	const yaml_node_pair_t *from = k ? c->scratch + o.first : NULL;
	n->end_mark = end;
	if (n->type == YAML_SEQUENCE_NODE) {
		/* libyaml's stacks are never empty-sized: keep start < end */
		yaml_node_item_t *it = td_arena_alloc(c->arena, (k ? k : 1) * sizeof *it);
		for (size_t i = 0; i < k; i++)
			it[i] = from[i].key;
		n->data.sequence.items.start = it;
		n->data.sequence.items.top = it + k;
		n->data.sequence.items.end = it + (k ? k : 1);
	} else {
		yaml_node_pair_t *pr = td_arena_alloc(c->arena, (k ? k : 1) * sizeof *pr);
		if (k)
			memcpy(pr, from, k * sizeof *pr);
		n->data.mapping.pairs.start = pr;
		n->data.mapping.pairs.top = pr + k;
		n->data.mapping.pairs.end = pr + (k ? k : 1);
	}
	c->nscratch = o.first;
}

/* One event of the document's body; *done at DOCUMENT-END. Takes over the
 * event's anchor; the caller deletes the event. */
static int compose_event(composer *c, yaml_event_t *ev, bool *done)
{
	yaml_node_t n;
	memset(&n, 0, sizeof n);
	n.start_mark = ev->start_mark;
	n.end_mark = ev->end_mark;
	switch (ev->type) {
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		for (size_t i = 0; i < c->nanchors; i++)
			if (!strcmp(c->anchors[i].name, name)) {
				add_to_parent(c, c->anchors[i].index);
				return 1;
			}
		return composer_error(c, "found undefined alias", ev->start_mark);
	}
	case YAML_SCALAR_EVENT: {
		n.type = YAML_SCALAR_NODE;
		n.tag = node_tag(c, ev->data.scalar.tag, &c->tag_str, YAML_DEFAULT_SCALAR_TAG);
		n.data.scalar.value = copy_str(c, ev->data.scalar.value, ev->data.scalar.length);
		n.data.scalar.length = ev->data.scalar.length;
		n.data.scalar.style = ev->data.scalar.style;
		yaml_char_t *name = ev->data.scalar.anchor;
		ev->data.scalar.anchor = NULL;
		int index = push_node(c, &n);
		if (!index) {
			free(name);
			return composer_error(c, "too many nodes", n.start_mark);
		}
		if (!register_anchor(c, index, name))
			return 0;
		add_to_parent(c, index);
		return 1;
	}
	case YAML_SEQUENCE_START_EVENT: {
		n.type = YAML_SEQUENCE_NODE;
		n.tag = node_tag(c, ev->data.sequence_start.tag, &c->tag_seq, YAML_DEFAULT_SEQUENCE_TAG);
		n.data.sequence.style = ev->data.sequence_start.style;
		yaml_char_t *name = ev->data.sequence_start.anchor;
		ev->data.sequence_start.anchor = NULL;
		return start_collection(c, &n, name);
	}
	case YAML_MAPPING_START_EVENT: {
		n.type = YAML_MAPPING_NODE;
		n.tag = node_tag(c, ev->data.mapping_start.tag, &c->tag_map, YAML_DEFAULT_MAPPING_TAG);
		n.data.mapping.style = ev->data.mapping_start.style;
		yaml_char_t *name = ev->data.mapping_start.anchor;
		ev->data.mapping_start.anchor = NULL;
		return start_collection(c, &n, name);
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (c->nopen)
			end_collection(c, ev->end_mark);
		return 1;
	case YAML_DOCUMENT_END_EVENT:
		c->doc->end_implicit = ev->data.document_end.implicit;
		c->doc->end_mark = ev->end_mark;
		*done = true;
		return 1;
	default: /* the parser gives no other event inside a document */
		return composer_error(c, "unexpected event", ev->start_mark);
	}
}

static void document_start(composer *c, const yaml_event_t *ev)
{
	yaml_document_t *d = c->doc;
	if (ev->data.document_start.version_directive) {
		d->version_directive = td_arena_alloc(c->arena, sizeof *d->version_directive);
		*d->version_directive = *ev->data.document_start.version_directive;
	}
	size_t nt = (size_t)(ev->data.document_start.tag_directives.end - ev->data.document_start.tag_directives.start);
	if (nt) {
		yaml_tag_directive_t *t = td_arena_alloc(c->arena, nt * sizeof *t);
		for (size_t i = 0; i < nt; i++) {
			const yaml_tag_directive_t *s = &ev->data.document_start.tag_directives.start[i];
			t[i].handle = copy_str(c, s->handle, strlen((const char *)s->handle));
			t[i].prefix = copy_str(c, s->prefix, strlen((const char *)s->prefix));
		}
		d->tag_directives.start = t;
		d->tag_directives.end = t + nt;
	}
	d->start_implicit = ev->data.document_start.implicit;
	d->start_mark = ev->start_mark;
}

int ydoc_compose(yaml_parser_t *parser, yaml_document_t *doc, td_arena *arena)
{
	memset(doc, 0, sizeof *doc);
	yaml_event_t ev;
	if (!parser->stream_start_produced) {
		if (!yaml_parser_parse(parser, &ev))
			return 0;
		yaml_event_delete(&ev); /* STREAM-START */
	}
	if (parser->stream_end_produced)
		return 1;
	if (!yaml_parser_parse(parser, &ev))
		return 0;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return 1; /* no document: an empty one, as yaml_parser_load gives */
	}
	composer c = {.p = parser, .doc = doc, .arena = arena};
	document_start(&c, &ev);
	yaml_event_delete(&ev);
	int ok = 1;
	for (bool done = false; ok && !done;) {
		if (!yaml_parser_parse(parser, &ev)) {
			ok = 0;
			break;
		}
		ok = compose_event(&c, &ev, &done);
		yaml_event_delete(&ev);
	}
	if (ok) {
		size_t n = c.nnodes;
		doc->nodes.start = td_arena_alloc(arena, (n ? n : 1) * sizeof(yaml_node_t));
		if (n)
			memcpy(doc->nodes.start, c.nodes, n * sizeof(yaml_node_t));
		doc->nodes.top = doc->nodes.start + n;
		doc->nodes.end = doc->nodes.start + (n ? n : 1);
	} else {
		memset(doc, 0, sizeof *doc);
	}
	for (size_t i = 0; i < c.nanchors; i++)
		free(c.anchors[i].name);
	free(c.anchors);
	free(c.nodes);
	free(c.scratch);
	free(c.open);
	return ok;
}
