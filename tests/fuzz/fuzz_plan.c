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
#include "yaml_same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	int docs;
	if (yaml_same_as_libyaml(text, size, 8, &docs, NULL, NULL))
		abort();
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
