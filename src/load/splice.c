/* splice.c - the lines of a block list's items (splice.h), found with libyaml. */
#include "load/splice.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The start of the line holding offset at. */
static size_t line_start(const char *text, size_t at)
{
	while (at > 0 && text[at - 1] != '\n')
		at--;
	return at;
}

/* Is text[b..e) blank, or (with comment) a comment line? */
static bool line_is(const char *text, size_t b, size_t e, bool comment)
{
	while (b < e && (text[b] == ' ' || text[b] == '\t'))
		b++;
	if (b == e || text[b] == '\n' || text[b] == '\r')
		return !comment;
	return comment && text[b] == '#';
}

/* at (a line start) moved up over the comment lines right above it. */
static size_t above_comments(const char *text, size_t at, size_t floor)
{
	while (at > floor) {
		size_t prev = line_start(text, at - 1);
		if (!line_is(text, prev, at, true))
			break;
		at = prev;
	}
	return at;
}

static void splice_error(td_diags *diags, const char *file, const yaml_mark_t *m, const char *msg)
{
	td_diag_add(diags, TD_SEV_ERROR, (td_loc){file, (int)m->line + 1, (int)m->column + 1}, "%s", msg);
}

/* The line start of item node n's '-': its own line when only spaces and
 * '-' come before it there. */
static int item_start(const char *text, const yaml_node_t *n, size_t *out, int *dash_col)
{
	size_t at = n->start_mark.index, b = line_start(text, at);
	for (size_t k = b; k < at; k++)
		if (text[k] != ' ' && text[k] != '-')
			return -1;
	const char *dash = memchr(text + b, '-', at - b);
	if (!dash)
		return -1;
	*out = b;
	*dash_col = (int)(dash - (text + b));
	return 0;
}

/* Fills l from the parsed document's top-level mapping. */
static int find_in(td_yaml_list *l, yaml_document_t *doc, const char *file, const char *text, size_t len,
                   const char *key, td_diags *diags)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){file, 1, 1}, "expected a mapping at the top of the file");
		return -1;
	}
	yaml_node_t *val = NULL;
	size_t next_key = len; /* the top-level key after ours */
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key)) {
			val = yaml_document_get_node(doc, p->value);
			const char *colon = memchr(text + k->end_mark.index, ':', len - k->end_mark.index);
			l->has_key = true;
			l->key_colon = colon ? (size_t)(colon - text) + 1 : k->end_mark.index;
		}
	}
	/* the first key written after the list */
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; val && p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k->start_mark.index > val->start_mark.index && k->start_mark.index < next_key)
			next_key = k->start_mark.index;
	}
	l->indent = -1;
	l->begin = td_xcalloc(1, sizeof *l->begin);
	l->end = len;
	if (!val || (val->type == YAML_SCALAR_NODE && !val->data.scalar.length))
		return 0;
	if (val->type != YAML_SEQUENCE_NODE || val->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE) {
		bool empty = val->type == YAML_SEQUENCE_NODE &&
		             val->data.sequence.items.top == val->data.sequence.items.start;
		if (empty) {
			l->end = len; /* `key: []`: appending rewrites the [] */
			return 0;
		}
		splice_error(diags, file, &val->start_mark,
		             "expected a block list here (one '- ' item per line) to move items");
		return -1;
	}
	size_t n = (size_t)(val->data.sequence.items.top - val->data.sequence.items.start);
	free(l->begin);
	l->begin = td_xcalloc(n + 1, sizeof *l->begin);
	/* comments between the key's line and the first item stay with the key */
	const char *nl = memchr(text + l->key_colon, '\n', len - l->key_colon);
	size_t floor = nl ? (size_t)(nl - text) + 1 : len;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(doc, val->data.sequence.items.start[i]);
		size_t b;
		int col;
		if (item_start(text, it, &b, &col) != 0) {
			splice_error(diags, file, &it->start_mark,
			             "expected the item to start on the line of its '-' to move it");
			return -1;
		}
		if (l->indent < 0)
			l->indent = col;
		l->begin[i] = above_comments(text, b, floor);
		floor = b;
	}
	l->n = n;
	size_t e = next_key < len ? above_comments(text, line_start(text, next_key), floor) : len;
	l->begin[n] = e;
	l->end = e;
	return 0;
}

int td_yaml_list_find(td_yaml_list *out, const char *file, const char *text, size_t len, const char *key,
                      td_diags *diags)
{
	memset(out, 0, sizeof *out);
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = -1;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		splice_error(diags, file, &parser.problem_mark, parser.problem ? parser.problem : "YAML syntax error");
		yaml_parser_delete(&parser);
		return -1;
	}
	rc = find_in(out, &doc, file, text, len, key, diags);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

void td_yaml_list_free(td_yaml_list *l)
{
	if (!l)
		return;
	free(l->begin);
	l->begin = NULL;
}

void td_yaml_reindent(td_buf *out, const char *text, size_t from, size_t to, int from_col, int to_col)
{
	int shift = to_col - from_col;
	size_t at = from;
	while (at < to) {
		const char *nl = memchr(text + at, '\n', to - at);
		size_t e = nl ? (size_t)(nl - text) + 1 : to;
		size_t b = at;
		if (shift < 0)
			for (int k = 0; k < -shift && b < e && text[b] == ' '; k++)
				b++;
		else if (shift > 0 && !line_is(text, at, e, false))
			for (int k = 0; k < shift; k++)
				td_buf_putc(out, ' ');
		td_buf_put(out, text + b, e - b);
		at = e;
	}
}
