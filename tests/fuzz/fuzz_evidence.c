/* libFuzzer harness: any bytes as an evidence file, then the verdicts of a
 * plan whose criteria name what the corpus reports, the view and the
 * trend charts.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_evidence -max_total_time=60 tests/fuzz/corpus-evidence */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "load/evidence.h"
#include "load/load.h"
#include "render/svg/trend.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char WS[] = "id: x\ntitle: X\ncriteria:\n"
                         "  - title: a\n    benchmark: fio:seq-write:write_bw\n    min: 1 GB/s\n"
                         "  - title: b\n    benchmark: hyperfine:sha256\n    max: 1 s\n"
                         "  - title: c\n    benchmark: beegfs-seq-write\n    min: 1000\n    unit: MiB/s\n"
                         "  - title: d\n    check: beegfs-client-mount\n"
                         "phases:\n  - id: p\n    title: P\n    tasks:\n"
                         "      - id: TASK-028.1\n        title: T\n        status: done\n        criteria:\n"
                         "          - title: e\n            benchmark: beegfs-seq-read\n            max: 2 GB/s\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_plan *plan = td_plan_new();
	td_diags diags = {0};
	td_plan_load_workstream_text(plan, "ws.yaml", WS, sizeof WS - 1, &diags);
	td_plan_load_finish(plan);
	td_ev_run *run = td_evidence_parse_text(plan->arena, "fuzz.json", (const char *)data, size, &diags);
	td_evidence *ev = td_arena_alloc(plan->arena, sizeof *ev);
	ev->runs = td_arena_alloc(plan->arena, sizeof *ev->runs);
	if (run)
		ev->runs[ev->nruns++] = run;
	plan->evidence = ev;
	td_analysis *a = td_analyze(plan, NULL, &diags);
	td_diags_sort(&diags);
	json_t *view = td_view_build(plan, a, &diags);
	td_outset pages = {0};
	td_render_trend_charts(&pages, view);
	td_outset_free(&pages);
	json_decref(view);
	td_analysis_free(a);
	td_plan_free(plan);
	td_diags_free(&diags);
	return 0;
}
