/* libFuzzer harness: any bytes as a Markdown page through taskdoc import
 * (load/import_md.c), the plan written as YAML (render/yaml_emit.c) and
 * read back by the loader, which must accept it.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_import -max_total_time=60 tests/fuzz/corpus-import */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/import.h"
#include "load/load.h"
#include "render/yaml/emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_import *im = td_import_new(NULL);
	td_diags diags = {0};
	if (td_import_page(im, "fuzz.md", (const char *)data, size, &diags) == 0) {
		td_plan *plan = td_import_plan(im, &diags);
		td_outset out = TD_OUTSET_INIT;
		if (td_yaml_emit_plan(&out, plan) == 0) {
			const td_outfile *files = out.items;
			size_t n = out.len;
			/* what import writes, the loader reads */
			td_plan *back = td_plan_new();
			td_diags d2 = {0};
			td_plan_load_project_text(back, files[0].path, files[0].data, files[0].len, &d2);
			for (size_t i = 1; i < n; i++)
				td_plan_load_workstream_text(back, files[i].path, files[i].data, files[i].len, &d2);
			if (d2.errors) {
				for (size_t i = 0; i < d2.len; i++)
					fprintf(stderr, "%s:%d:%d: %s\n", d2.items[i].file, d2.items[i].line, d2.items[i].col,
					        d2.items[i].message);
				abort();
			}
			td_diags_free(&d2);
			td_plan_free(back);
		}
		td_outset_free(&out);
	}
	td_diags_sort(&diags);
	td_diags_free(&diags);
	td_import_free(im);
	return 0;
}
