/* libFuzzer harness: any bytes as a workstream file, then the analysis.
 * Fails besides a crash: a document made from libyaml's events
 * (load/yaml_compose.c) that is not the one yaml_parser_load makes, or an
 * error that is not the same.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_plan -max_total_time=60 tests/fuzz/corpus */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "load/load.h"
#include "load/yaml_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* Every document of the bytes both ways: the same, or the same error. */
static void same_as_libyaml(const char *text, size_t len)
{
	yaml_parser_t a, b;
	if (!yaml_parser_initialize(&a) || !yaml_parser_initialize(&b))
		abort();
	yaml_parser_set_input_string(&a, (const unsigned char *)text, len);
	yaml_parser_set_input_string(&b, (const unsigned char *)text, len);
	for (int k = 0; k < 8; k++) {
		yaml_document_t da, db;
		td_arena *mem = td_arena_new();
		int ra = yaml_parser_load(&a, &da), rb = ydoc_compose(&b, &db, mem);
		if (ra != rb)
			abort();
		if (!ra) {
			if (a.error != b.error || !same_str(a.problem, b.problem) || !same_mark(a.problem_mark, b.problem_mark) ||
			    !same_str(a.context, b.context) || !same_mark(a.context_mark, b.context_mark))
				abort();
			td_arena_free(mem);
			break;
		}
		td_buf ea = TD_BUF_INIT, eb = TD_BUF_INIT;
		ydoc_encode(&ea, &da);
		ydoc_encode(&eb, &db);
		if (ea.len != eb.len || memcmp(ea.ptr, eb.ptr, ea.len))
			abort();
		bool end = !yaml_document_get_root_node(&da);
		td_buf_free(&ea);
		td_buf_free(&eb);
		yaml_document_delete(&da);
		td_arena_free(mem);
		if (end)
			break;
	}
	yaml_parser_delete(&a);
	yaml_parser_delete(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	same_as_libyaml(text, size);
	td_plan *plan = td_plan_new();
	td_diags diags = {0};
	td_plan_load_workstream_text(plan, "fuzz.yaml", text, size, &diags);
	td_plan_load_finish(plan);
	td_analysis *a = td_analyze(plan, NULL, &diags);
	td_diags_sort(&diags);
	td_analysis_free(a);
	td_plan_free(plan);
	td_diags_free(&diags);
	free(text);
	return 0;
}
