/* check_criteria.c - verdicts of criteria from evidence (analyze/criteria.c):
 * the newest run decides, units convert within their family, mismatches
 * are errors at the criterion, and the findings of `taskdoc check`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/criteria.h"
#include "load/evidence.h"
#include "load/load.h"

typedef struct fx {
	td_plan *plan;
	td_diags diags;
	td_analysis *an;
} fx;

/* A plan of one workstream (ws) whose criteria are crit (YAML list items,
 * indented for the workstream level), and TASK-1 (status) with task_crit;
 * then the evidence texts (NULL-terminated, named e1.json, e2.json, ...). */
static void load(fx *f, const char *crit, const char *status, const char *task_crit, ...)
{
	memset(f, 0, sizeof *f);
	f->plan = td_plan_new();
	const char *proj = "name: T\n";
	assert_int_equal(td_plan_load_project_text(f->plan, "project.yaml", proj, strlen(proj), &f->diags),
	                 0);
	td_buf ws = TD_BUF_INIT;
	td_buf_printf(&ws,
	              "id: ws\ntitle: W\ncriteria:\n%s"
	              "phases:\n  - id: p1\n    title: P\n    tasks:\n"
	              "      - id: TASK-1\n        title: One\n        status: %s\n        criteria:\n%s"
	              "      - id: TASK-2\n        title: Two\n",
	              crit, status, task_crit);
	int rc = td_plan_load_workstream_text(f->plan, "ws.yaml", ws.ptr, ws.len, &f->diags);
	for (size_t i = 0; rc && i < f->diags.len; i++)
		print_error("%s\n", f->diags.items[i].message);
	assert_int_equal(rc, 0);
	td_buf_free(&ws);
	td_plan_load_finish(f->plan);
	td_evidence *ev = td_arena_alloc(f->plan->arena, sizeof *ev);
	ev->runs = td_arena_alloc(f->plan->arena, 16 * sizeof *ev->runs);
	va_list ap;
	va_start(ap, task_crit);
	const char *text;
	while ((text = va_arg(ap, const char *)) != NULL) {
		char name[32];
		snprintf(name, sizeof name, "e%zu.json", ev->nruns + 1);
		td_ev_run *run = td_evidence_parse_text(f->plan->arena, name, text, strlen(text), &f->diags);
		assert_non_null(run);
		ev->runs[ev->nruns++] = run;
	}
	va_end(ap);
	f->plan->evidence = ev;
	f->an = td_analyze(f->plan, NULL, &f->diags);
}

static void unload(fx *f)
{
	td_analysis_free(f->an);
	td_plan_free(f->plan);
	td_diags_free(&f->diags);
}

static const td_verdict *ws_verdict(const fx *f, size_t i)
{
	const td_workstream *ws = f->plan->workstreams[0];
	assert_true(i < ws->criteria.len);
	return &td_criteria_verdicts(f->an, &ws->criteria)[i];
}

static const td_verdict *task_verdict(const fx *f, size_t i)
{
	const td_task *t = f->plan->tasks[0];
	assert_string_equal(t->id, "TASK-1");
	return &td_criteria_verdicts(f->an, &t->criteria)[i];
}

static const td_diag *find(const fx *f, td_severity sev, const char *text)
{
	for (size_t i = 0; i < f->diags.len; i++)
		if (f->diags.items[i].severity == sev && strstr(f->diags.items[i].message, text))
			return &f->diags.items[i];
	for (size_t i = 0; i < f->diags.len; i++)
		print_error("have: %s:%d:%d: %s\n", f->diags.items[i].file, f->diags.items[i].line,
		            f->diags.items[i].col, f->diags.items[i].message);
	fail_msg("no %s containing '%s'", sev == TD_SEV_ERROR ? "error" : "warning", text);
	return NULL;
}

static char *bench(const char *run_at, const char *name, const char *value, const char *unit)
{
	td_buf b = TD_BUF_INIT;
	td_buf_printf(&b,
	              "{\"kind\": \"benchmark\", \"suite\": \"s\", \"run_at\": \"%s\", \"results\": "
	              "[{\"name\": \"%s\", \"value\": %s, \"unit\": \"%s\", \"task\": \"TASK-1\"}]}",
	              run_at, name, value, unit);
	return td_buf_detach(&b);
}

static char *check(const char *run_at, const char *name, const char *status)
{
	td_buf b = TD_BUF_INIT;
	td_buf_printf(&b,
	              "{\"kind\": \"validation\", \"suite\": \"v\", \"run_at\": \"%s\", \"checks\": "
	              "[{\"name\": \"%s\", \"status\": \"%s\"}]}",
	              run_at, name, status);
	return td_buf_detach(&b);
}

#define NO_TASK_CRIT "          - title: nothing\n            done: true\n"

static void test_benchmark_units_convert(void **state)
{
	(void)state;
	char *e1 = bench("2025-11-06T09:00:00Z", "seq", "1.21e9", "B/s");
	fx f;
	load(&f,
	     "  - title: decimal\n    benchmark: seq\n    min: 1 GB/s\n"
	     "  - title: binary\n    benchmark: seq\n    min: 1.2 GiB/s\n"
	     "  - title: bare with unit\n    benchmark: seq\n    min: 1000\n    unit: MB/s\n"
	     "  - title: range\n    benchmark: seq\n    min: 1 GB/s\n    max: 1300 MB/s\n"
	     "  - title: max\n    benchmark: seq\n    max: 1 GB/s\n",
	     "todo", NO_TASK_CRIT, e1, NULL);
	assert_int_equal(f.diags.errors, 0);
	const td_verdict *v = ws_verdict(&f, 0);
	assert_int_equal(v->verdict, TD_VERDICT_PASS);
	assert_true(v->has_value);
	assert_true(fabs(v->value - 1.21) < 1e-12);
	assert_string_equal(v->unit.text, "GB/s");
	assert_true(v->min == 1);
	assert_string_equal(v->run->file, "e1.json");
	/* 1.21 GB/s is 1.127 GiB/s: below 1.2 GiB/s */
	v = ws_verdict(&f, 1);
	assert_int_equal(v->verdict, TD_VERDICT_FAIL);
	assert_true(fabs(v->value - 1.21e9 / 1073741824.0) < 1e-12);
	assert_string_equal(v->reason, "below min");
	v = ws_verdict(&f, 2);
	assert_int_equal(v->verdict, TD_VERDICT_PASS);
	assert_string_equal(v->unit.text, "MB/s");
	assert_true(fabs(v->value - 1210) < 1e-9);
	v = ws_verdict(&f, 3);
	assert_int_equal(v->verdict, TD_VERDICT_PASS);
	assert_true(v->has_min && v->has_max);
	assert_true(fabs(v->max - 1.3) < 1e-12); /* in the min's unit */
	v = ws_verdict(&f, 4);
	assert_int_equal(v->verdict, TD_VERDICT_FAIL);
	assert_string_equal(v->reason, "above max");
	assert_int_equal(f.an->criteria->pass, 4); /* 3 + the task's manual one */
	assert_int_equal(f.an->criteria->fail, 2);
	unload(&f);
	free(e1);
}

static void test_exact_threshold_passes(void **state)
{
	(void)state;
	char *e1 = bench("2025-11-06T09:00:00Z", "seq", "1000", "MB/s");
	char *e2 = bench("2025-11-06T09:00:00Z", "lat", "250", "ms");
	char *e3 = bench("2025-11-06T09:00:00Z", "cpu", "95", "%");
	fx f;
	load(&f,
	     "  - title: a\n    benchmark: seq\n    min: 1 GB/s\n"
	     "  - title: b\n    benchmark: lat\n    max: 0.25 s\n"
	     "  - title: c\n    benchmark: lat\n    max: 200000 us\n"
	     "  - title: d\n    benchmark: cpu\n    max: 95%\n",
	     "todo", NO_TASK_CRIT, e1, e2, e3, NULL);
	assert_int_equal(f.diags.errors, 0);
	assert_int_equal(ws_verdict(&f, 0)->verdict, TD_VERDICT_PASS);
	assert_int_equal(ws_verdict(&f, 1)->verdict, TD_VERDICT_PASS);
	assert_int_equal(ws_verdict(&f, 2)->verdict, TD_VERDICT_FAIL);
	assert_true(fabs(ws_verdict(&f, 2)->value - 250000) < 1e-6);
	assert_int_equal(ws_verdict(&f, 3)->verdict, TD_VERDICT_PASS);
	unload(&f);
	free(e1);
	free(e2);
	free(e3);
}

static void test_newest_run_decides(void **state)
{
	(void)state;
	/* files in an order unlike their dates; offsets differ */
	char *e1 = bench("2025-11-07T10:00:00+02:00", "seq", "1.5e9", "B/s"); /* 08:00Z: newest */
	char *e2 = bench("2025-11-07T07:30:00Z", "seq", "0.5e9", "B/s");
	char *e3 = check("2025-11-03T10:00:00Z", "mount", "pass");
	char *e4 = check("2025-11-05T10:00:00Z", "mount", "fail");
	fx f;
	load(&f,
	     "  - title: a\n    benchmark: seq\n    min: 1 GB/s\n"
	     "  - title: b\n    check: mount\n",
	     "todo", NO_TASK_CRIT, e1, e2, e3, e4, NULL);
	const td_verdict *v = ws_verdict(&f, 0);
	assert_int_equal(v->verdict, TD_VERDICT_PASS);
	assert_string_equal(v->run->file, "e1.json");
	v = ws_verdict(&f, 1);
	assert_int_equal(v->verdict, TD_VERDICT_FAIL);
	assert_string_equal(v->run->file, "e4.json");
	assert_string_equal(v->check->name, "mount");
	/* the trend has both runs, oldest first, in the criterion's unit */
	const td_criteria_info *ci = f.an->criteria;
	assert_int_equal(ci->nbenchmarks, 1);
	assert_int_equal(ci->benchmarks[0].npoints, 2);
	assert_true(fabs(ci->benchmarks[0].points[0].value - 0.5) < 1e-12);
	assert_true(fabs(ci->benchmarks[0].points[1].value - 1.5) < 1e-12);
	assert_string_equal(ci->benchmarks[0].unit.text, "GB/s");
	assert_int_equal(ci->benchmarks[0].nthresholds, 1);
	assert_int_equal(ci->nfailed, 1);
	unload(&f);
	free(e1);
	free(e2);
	free(e3);
	free(e4);
}

static void test_undated_ranks_oldest(void **state)
{
	(void)state;
	const char *hf = "{\"results\": [{\"command\": \"build\", \"mean\": 9.0}]}";
	char *e2 = bench("1999-01-01T00:00:00Z", "hyperfine:build", "1", "s");
	fx f;
	load(&f, "  - title: fast build\n    benchmark: hyperfine:build\n    max: 2 s\n", "todo",
	     NO_TASK_CRIT, hf, e2, NULL);
	const td_verdict *v = ws_verdict(&f, 0);
	assert_int_equal(v->verdict, TD_VERDICT_PASS); /* the dated run, even from 1999 */
	assert_string_equal(v->run->file, "e2.json");
	unload(&f);
	/* alone, an undated run decides */
	load(&f, "  - title: fast build\n    benchmark: hyperfine:build\n    max: 2 s\n", "todo",
	     NO_TASK_CRIT, hf, NULL);
	v = ws_verdict(&f, 0);
	assert_int_equal(v->verdict, TD_VERDICT_FAIL);
	assert_false(v->run->run_at.known);
	unload(&f);
	free(e2);
}

static void test_checks_and_manual(void **state)
{
	(void)state;
	char *e1 = check("2025-11-03T10:00:00Z", "skipped", "skip");
	char *e2 = check("2025-11-03T10:00:00Z", "erred", "error");
	char *e3 = check("2025-11-03T10:00:00Z", "ok", "pass");
	fx f;
	load(&f,
	     "  - title: a\n    check: skipped\n"
	     "  - title: b\n    check: erred\n"
	     "  - title: c\n    check: ok\n"
	     "  - title: d\n    check: never-run\n"
	     "  - title: e\n    done: true\n"
	     "  - title: f\n    done: false\n"
	     "  - title: g\n",
	     "todo", NO_TASK_CRIT, e1, e2, e3, NULL);
	assert_int_equal(f.diags.errors, 0);
	assert_int_equal(f.diags.warnings, 0);
	assert_int_equal(ws_verdict(&f, 0)->verdict, TD_VERDICT_PENDING);
	assert_string_equal(ws_verdict(&f, 0)->reason, "skipped in its last run");
	assert_int_equal(ws_verdict(&f, 1)->verdict, TD_VERDICT_FAIL);
	assert_int_equal(ws_verdict(&f, 2)->verdict, TD_VERDICT_PASS);
	assert_int_equal(ws_verdict(&f, 3)->verdict, TD_VERDICT_PENDING);
	assert_string_equal(ws_verdict(&f, 3)->reason, "no evidence yet");
	assert_null(ws_verdict(&f, 3)->run);
	assert_int_equal(ws_verdict(&f, 4)->verdict, TD_VERDICT_PASS);
	assert_int_equal(ws_verdict(&f, 5)->verdict, TD_VERDICT_PENDING);
	assert_int_equal(ws_verdict(&f, 6)->verdict, TD_VERDICT_PENDING);
	/* failed in their last run: the erred one only */
	assert_int_equal(f.an->criteria->nfailed, 1);
	assert_string_equal(f.an->criteria->failed[0]->name, "erred");
	unload(&f);
	free(e1);
	free(e2);
	free(e3);
}

static void test_unit_mismatch_is_an_error(void **state)
{
	(void)state;
	char *e1 = bench("2025-11-06T09:00:00Z", "seq", "1.21e9", "B/s");
	char *e2 = bench("2025-11-06T09:00:00Z", "ops", "3000", "ops/s");
	fx f;
	load(&f,
	     "  - title: wrong family\n    benchmark: seq\n    min: 1 s\n"
	     "  - title: bare\n    benchmark: ops\n    min: 1000\n"
	     "  - title: typo\n    benchmark: seq\n    min: 1 GBs\n"
	     "  - title: nouns\n    benchmark: ops\n    min: 10 req/s\n",
	     "todo", NO_TASK_CRIT, e1, e2, NULL);
	assert_int_equal(f.diags.errors, 4);
	const td_diag *d = find(&f, TD_SEV_ERROR,
	                        "criterion 'wrong family': threshold '1 s' is in s, a time, but 'seq' "
	                        "is reported in B/s, a byte rate (e1.json); they cannot be compared");
	assert_string_equal(d->file, "ws.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 5);
	find(&f, TD_SEV_ERROR,
	     "criterion 'bare': threshold '1000' has no unit but 'ops' is reported in ops/s (e2.json); write "
	     "the unit "
	     "(e.g. min: 1000 ops/s) or add 'unit: ops/s'");
	find(&f, TD_SEV_ERROR,
	     "threshold '1 GBs' is in GBs, another unit, but 'seq' is reported in B/s, a byte rate "
	     "(e1.json); they "
	     "cannot be compared (did you mean 'GB/s'?)");
	find(&f, TD_SEV_ERROR,
	     "criterion 'nouns': threshold '10 req/s' counts 'req' but 'ops' is reported in ops/s (e2.json); "
	     "a count "
	     "per time compares only with a count of the same thing");
	assert_int_equal(f.diags.warnings, 0);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(ws_verdict(&f, i)->verdict, TD_VERDICT_PENDING);
		assert_true(ws_verdict(&f, i)->bad);
	}
	unload(&f);
	free(e1);
	free(e2);
}

static void test_bad_thresholds(void **state)
{
	(void)state;
	fx f;
	load(&f,
	     "  - title: words\n    benchmark: seq\n    min: fast\n"
	     "  - title: nan\n    benchmark: seq\n    min: NaN GB/s\n"
	     "  - title: reversed\n    benchmark: seq\n    min: 2 GB/s\n    max: 1000 MB/s\n"
	     "  - title: mixed\n    benchmark: seq\n    min: 1 GB/s\n    max: 2 s\n"
	     "  - title: two units\n    benchmark: seq\n    min: 1 GB/s\n    unit: MB/s\n"
	     "  - title: typo, no evidence yet\n    benchmark: seq\n    max: 3 sec\n    min: 2 mss\n",
	     "todo", NO_TASK_CRIT, NULL);
	assert_int_equal(f.diags.errors, 6);
	find(&f, TD_SEV_ERROR,
	     "criterion 'typo, no evidence yet': min '2 mss' and max '3 sec' are not in comparable");
	find(&f, TD_SEV_ERROR,
	     "criterion 'words': bad min 'fast' (expected a number with an optional unit, e.g. 1 GB/s)");
	find(&f, TD_SEV_ERROR, "criterion 'nan': bad min 'NaN GB/s'");
	find(&f, TD_SEV_ERROR, "criterion 'reversed': min '2 GB/s' is above max '1000 MB/s'");
	find(&f, TD_SEV_ERROR, "criterion 'mixed': min '1 GB/s' and max '2 s' are not in comparable units");
	find(&f, TD_SEV_ERROR,
	     "criterion 'two units': 'min: 1 GB/s' has its own unit, which differs from 'unit: MB/s'");
	unload(&f);
}

static void test_unknown_unit_warning(void **state)
{
	(void)state;
	fx f;
	load(&f,
	     "  - title: typo\n    benchmark: seq\n    min: 1 GBs\n  - title: own unit\n    benchmark: w\n   "
	     " min: 3 widgets\n",
	     "todo", NO_TASK_CRIT, NULL);
	assert_int_equal(f.diags.errors, 0);
	assert_int_equal(f.diags.warnings, 1);
	find(&f, TD_SEV_WARNING,
	     "criterion 'typo': unknown unit 'GBs' (did you mean 'GB'?); it is compared only with evidence "
	     "in the very same "
	     "unit");
	unload(&f);
}

static void test_out_of_range(void **state)
{
	(void)state;
	char *e1 = bench("2025-11-06T09:00:00Z", "seq", "1e300", "PB/s");
	fx f;
	load(&f, "  - title: huge\n    benchmark: seq\n    min: 1 B/s\n", "todo", NO_TASK_CRIT, e1, NULL);
	const td_diag *d =
	    find(&f, TD_SEV_ERROR, "results[0].value: 1e+300 PB/s is out of range in B/s (criterion 'huge')");
	assert_string_equal(d->file, "e1.json");
	unload(&f);
	free(e1);
}

static void test_done_task_findings(void **state)
{
	(void)state;
	char *e1 = bench("2025-11-06T09:00:00Z", "seq", "5e8", "B/s");
	char *e2 = check("2025-11-06T09:00:00Z", "skipped", "skip");
	fx f;
	load(&f, "  - title: ws-level, not a task\n    benchmark: seq\n    min: 1 GB/s\n", "done",
	     "          - title: fast\n            benchmark: seq\n            min: 1 GB/s\n"
	     "          - title: future\n            check: not-yet\n"
	     "          - title: manual\n            done: false\n"
	     "          - title: skipped\n            check: skipped\n"
	     "          - title: fine\n            done: true\n",
	     e1, e2, NULL);
	assert_int_equal(f.diags.errors, 0);
	const td_diag *d = find(
	    &f, TD_SEV_WARNING,
	    "task TASK-1 is done but its criterion 'fast' fails (0.5 GB/s, needs at least 1 GB/s; e1.json)");
	assert_string_equal(d->file, "ws.yaml");
	assert_true(d->line > 0);
	find(&f, TD_SEV_WARNING,
	     "task TASK-1 is done but its criterion 'future' has no evidence (no run reports check "
	     "'not-yet')");
	find(&f, TD_SEV_WARNING,
	     "task TASK-1 is done but its criterion 'manual' is not marked done (done: true)");
	find(&f, TD_SEV_WARNING,
	     "task TASK-1 is done but its criterion 'skipped' is pending (check 'skipped' is skip; e2.json)");
	assert_int_equal(f.diags.warnings, 4);
	unload(&f);
	/* the same criteria on a task still to do: no finding at all */
	load(&f, "", "todo",
	     "          - title: fast\n            benchmark: seq\n            min: 1 GB/s\n"
	     "          - title: future\n            check: not-yet\n",
	     e1, NULL);
	assert_int_equal(f.diags.len, 0);
	assert_int_equal(task_verdict(&f, 0)->verdict, TD_VERDICT_FAIL);
	assert_int_equal(task_verdict(&f, 1)->verdict, TD_VERDICT_PENDING);
	unload(&f);
	free(e1);
	free(e2);
}

static void test_evidence_findings(void **state)
{
	(void)state;
	const char *e1 =
	    "{\"kind\": \"validation\", \"suite\": \"v\", \"run_at\": \"2025-11-06T09:00:00Z\", \"checks\": "
	    "[{\"name\": \"container-registry-access\", \"status\": \"pass\", \"task\": \"TASK-11\"},"
	    " {\"name\": \"x\", \"status\": \"pass\", \"task\": \"p1\"}]}";
	char *e2 = bench("2025-11-06T09:00:00Z", "beegfs-seq-write", "1e9", "B/s");
	fx f;
	load(&f,
	     "  - title: typo check\n    check: container-registy-access\n"
	     "  - title: typo bench\n    benchmark: beegfs-seq-wirte\n    min: 1 GB/s\n"
	     "  - title: kind\n    benchmark: container-registry-access\n    min: 1\n"
	     "  - title: far\n    check: something-else-entirely\n",
	     "todo", NO_TASK_CRIT, e1, e2, NULL);
	assert_int_equal(f.diags.errors, 0);
	find(&f, TD_SEV_WARNING,
	     "criterion 'typo check': no evidence reports check 'container-registy-access' (did you mean "
	     "'container-registry-access'?)");
	find(&f, TD_SEV_WARNING,
	     "criterion 'typo bench': no evidence reports benchmark 'beegfs-seq-wirte' (did you mean "
	     "'beegfs-seq-write'?)");
	find(&f, TD_SEV_WARNING,
	     "criterion 'kind': 'container-registry-access' is reported as a check, not a benchmark (use "
	     "'check: "
	     "container-registry-access')");
	const td_diag *d =
	    find(&f, TD_SEV_WARNING, "checks[0].task: unknown task 'TASK-11' (did you mean 'TASK-1'?)");
	assert_string_equal(d->file, "e1.json");
	assert_int_equal(d->line, 0);
	find(&f, TD_SEV_WARNING, "checks[1].task: 'p1' is a phase, not a task");
	assert_int_equal(f.diags.warnings, 5);
	unload(&f);
	free(e2);
}

static void test_series_units_and_thresholds(void **state)
{
	(void)state;
	/* no criterion: a readable unit for the newest value; runs in another
	 * family are left out with a warning */
	char *e1 = bench("2025-11-01T09:00:00Z", "seq", "900", "MB/s");
	char *e2 = bench("2025-11-02T09:00:00Z", "seq", "3", "s");
	char *e3 = bench("2025-11-03T09:00:00Z", "seq", "1.4e9", "B/s");
	fx f;
	load(&f, "", "todo", NO_TASK_CRIT, e1, e2, e3, NULL);
	const td_criteria_info *ci = f.an->criteria;
	assert_int_equal(ci->nbenchmarks, 1);
	assert_string_equal(ci->benchmarks[0].unit.text, "GB/s");
	assert_int_equal(ci->benchmarks[0].npoints, 2);
	assert_true(fabs(ci->benchmarks[0].points[0].value - 0.9) < 1e-12);
	find(&f, TD_SEV_WARNING, "'seq' is reported in s here but in B/s in its newest run (e3.json)");
	assert_int_equal(ci->nsuites, 1);
	assert_int_equal(ci->suites[0].nruns, 3);
	assert_string_equal(ci->suites[0].run->file, "e3.json");
	unload(&f);
	/* two criteria with one threshold give one line; a different one another */
	load(&f,
	     "  - title: a\n    benchmark: seq\n    min: 1 GB/s\n"
	     "  - title: b\n    benchmark: seq\n    min: 1000 MB/s\n"
	     "  - title: c\n    benchmark: seq\n    max: 2 GB/s\n",
	     "todo", NO_TASK_CRIT, e3, NULL);
	ci = f.an->criteria;
	assert_int_equal(ci->benchmarks[0].nthresholds, 2);
	assert_int_equal(ci->benchmarks[0].ncriteria, 3);
	unload(&f);
	free(e1);
	free(e2);
	free(e3);
}

static void test_no_evidence(void **state)
{
	(void)state;
	fx f;
	load(&f, "  - title: a\n    benchmark: seq\n    min: 1 GB/s\n  - title: b\n    check: c\n", "done",
	     NO_TASK_CRIT, NULL);
	assert_int_equal(f.diags.len, 0);
	assert_int_equal(ws_verdict(&f, 0)->verdict, TD_VERDICT_PENDING);
	assert_int_equal(f.an->criteria->pending, 2);
	assert_int_equal(f.an->criteria->pass, 1);
	assert_int_equal(f.an->criteria->nbenchmarks, 0);
	unload(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_benchmark_units_convert),
	    cmocka_unit_test(test_exact_threshold_passes),
	    cmocka_unit_test(test_newest_run_decides),
	    cmocka_unit_test(test_undated_ranks_oldest),
	    cmocka_unit_test(test_checks_and_manual),
	    cmocka_unit_test(test_unit_mismatch_is_an_error),
	    cmocka_unit_test(test_bad_thresholds),
	    cmocka_unit_test(test_unknown_unit_warning),
	    cmocka_unit_test(test_out_of_range),
	    cmocka_unit_test(test_done_task_findings),
	    cmocka_unit_test(test_evidence_findings),
	    cmocka_unit_test(test_series_units_and_thresholds),
	    cmocka_unit_test(test_no_evidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
