/* yaml_same.h - for tests (check_yaml, fuzz_plan): whether ydoc_compose
 * makes of a stream what libyaml's yaml_parser_load makes of it. */
#ifndef TD_TESTS_YAML_SAME_H
#define TD_TESTS_YAML_SAME_H

#include <string.h>

#include "load/yaml_doc.h"

static inline bool yaml_same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static inline bool yaml_same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* Every document of text[0..len), at most max, both ways: NULL when they
 * are the same (their encodings for the cache, given to each when not
 * NULL) or fail with the same error fields, else what differs. *docs
 * counts the documents read. */
static inline const char *yaml_same_as_libyaml(const char *text, size_t len, int max, int *docs,
                                               void (*each)(const td_buf *enc, void *ud), void *ud)
{
	yaml_parser_t a, b;
	const char *why = NULL;
	*docs = 0;
	if (!yaml_parser_initialize(&a))
		return "cannot start libyaml";
	if (!yaml_parser_initialize(&b)) {
		yaml_parser_delete(&a);
		return "cannot start libyaml";
	}
	yaml_parser_set_input_string(&a, (const unsigned char *)text, len);
	yaml_parser_set_input_string(&b, (const unsigned char *)text, len);
	while (!why && *docs < max) {
		yaml_document_t da, db;
		td_arena *mem = td_arena_new();
		int ra = yaml_parser_load(&a, &da), rb = ydoc_compose(&b, &db, mem);
		if (ra != rb || !ra) {
			if (ra != rb)
				why = "one read a document, the other failed";
			else if (a.error != b.error || !yaml_same_str(a.problem, b.problem) ||
			         !yaml_same_mark(a.problem_mark, b.problem_mark) || !yaml_same_str(a.context, b.context) ||
			         !yaml_same_mark(a.context_mark, b.context_mark))
				why = "the errors differ";
			if (ra)
				yaml_document_delete(&da);
			td_arena_free(mem);
			break;
		}
		td_buf ea = TD_BUF_INIT, eb = TD_BUF_INIT;
		ydoc_encode(&ea, &da);
		ydoc_encode(&eb, &db);
		bool end = !yaml_document_get_root_node(&da);
		if (ea.len != eb.len || memcmp(ea.ptr, eb.ptr, ea.len) || end != !yaml_document_get_root_node(&db))
			why = "a document differs";
		else if (each)
			each(&ea, ud);
		td_buf_free(&ea);
		td_buf_free(&eb);
		yaml_document_delete(&da);
		td_arena_free(mem);
		if (why || end)
			break;
		++*docs;
	}
	yaml_parser_delete(&a);
	yaml_parser_delete(&b);
	return why;
}

#endif
