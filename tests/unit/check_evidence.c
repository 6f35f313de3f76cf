/* check_evidence.c - the evidence loader (load/evidence_json.c): every
 * shape on real output of the tools (tests/fixtures/evidence/, made by
 * Debian's fio 3.33 and hyperfine 1.15 on temporary files) and on broken
 * variants of it: truncated, wrong types, missing fields, empty arrays,
 * NaN and huge numbers, duplicate names, unknown shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/evidence.h"

static char *fixture(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", TD_SOURCE_DIR, rel);
	char *text = NULL;
	size_t len = 0;
	if (td_file_read(path, &text, &len) != 0)
		fail_msg("cannot read %s", path);
	return text;
}

/* s with the first `from` replaced by `to` (which must be there); caller frees. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (!at)
		fail_msg("'%s' is not in the fixture", from);
	td_buf b = TD_BUF_INIT;
	td_buf_put(&b, s, (size_t)(at - s));
	td_buf_puts(&b, to);
	td_buf_puts(&b, at + strlen(from));
	return td_buf_detach(&b);
}

typedef struct fx {
	td_arena *arena;
	td_diags diags;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->arena = td_arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	td_diags_free(&f->diags);
	td_arena_free(f->arena);
	free(f);
	return 0;
}

static td_ev_run *parse(fx *f, const char *name, const char *text)
{
	td_diags_free(&f->diags);
	memset(&f->diags, 0, sizeof f->diags);
	return td_evidence_parse_text(f->arena, name, text, strlen(text), &f->diags);
}

static td_ev_run *parse_ok(fx *f, const char *name, const char *text)
{
	td_ev_run *run = parse(f, name, text);
	for (size_t i = 0; !run && i < f->diags.len; i++)
		print_error("%s:%d:%d: %s\n", f->diags.items[i].file, f->diags.items[i].line,
		            f->diags.items[i].col, f->diags.items[i].message);
	assert_non_null(run);
	assert_int_equal(f->diags.errors, 0);
	return run;
}

/* The text fails to load with an error whose message contains want, at
 * line:col (0: only the file). */
static void parse_bad(fx *f, const char *text, const char *want, int line, int col)
{
	td_ev_run *run = parse(f, "bad.json", text);
	assert_null(run);
	assert_true(f->diags.errors > 0);
	for (size_t i = 0; i < f->diags.len; i++) {
		const td_diag *d = &f->diags.items[i];
		if (d->severity == TD_SEV_ERROR && strstr(d->message, want)) {
			assert_string_equal(d->file, "bad.json");
			if (d->line != line || d->col != col)
				fail_msg("'%s' at %d:%d, want %d:%d", d->message, d->line, d->col, line, col);
			return;
		}
	}
	for (size_t i = 0; i < f->diags.len; i++)
		print_error("have: %d:%d: %s\n", f->diags.items[i].line, f->diags.items[i].col,
		            f->diags.items[i].message);
	fail_msg("no error containing '%s'", want);
}

static const td_ev_result *result(const td_ev_run *run, const char *name)
{
	for (size_t i = 0; i < run->nresults; i++)
		if (!strcmp(run->results[i].name, name))
			return &run->results[i];
	fail_msg("no result '%s'", name);
	return NULL;
}

static bool has_result(const td_ev_run *run, const char *name)
{
	for (size_t i = 0; i < run->nresults; i++)
		if (!strcmp(run->results[i].name, name))
			return true;
	return false;
}

/* ---- real output ---- */

static void test_fio_seq_write(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/fio-seq-write.json");
	td_ev_run *run = parse_ok(f, "fio.json", text);
	assert_int_equal(run->shape, TD_EV_FIO);
	assert_string_equal(run->suite, "fio:seq-write");
	assert_true(run->run_at.known);
	assert_int_equal(run->run_at.epoch, 1795918276);
	assert_int_equal(run->run_at.offset, 0);
	assert_null(run->commit);
	assert_int_equal(run->nresults, 2); /* no reads: no read figures */
	const td_ev_result *bw = result(run, "fio:seq-write:write_bw");
	assert_true(bw->value == 3728270222.0);
	assert_string_equal(bw->unit.text, "B/s");
	assert_int_equal(bw->unit.family, TD_UNIT_BYTE_RATE);
	const td_ev_result *iops = result(run, "fio:seq-write:write_iops");
	assert_true(fabs(iops->value - 3555.555556) < 1e-6);
	assert_string_equal(iops->unit.text, "ops/s");
	assert_false(has_result(run, "fio:seq-write:read_bw"));
	assert_string_equal(bw->path, "jobs[0].write");
	free(text);
}

static void test_fio_numjobs_add_up(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/fio-randrw-numjobs2.json");
	td_ev_run *run = parse_ok(f, "fio.json", text);
	assert_string_equal(run->suite, "fio:rand-rw");
	assert_int_equal(run->nresults, 4);
	assert_true(result(run, "fio:rand-rw:read_bw")->value == 67857066.0 + 66341770.0);
	assert_true(result(run, "fio:rand-rw:write_bw")->value == 71953066.0 + 71176393.0);
	assert_true(fabs(result(run, "fio:rand-rw:write_iops")->value - (17566.666667 + 17377.04918)) < 1e-6);
	free(text);
}

static void test_fio_two_jobs(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/fio-two-jobs.json");
	td_ev_run *run = parse_ok(f, "fio.json", text);
	assert_string_equal(run->suite, "fio:seqread,seqwrite");
	assert_int_equal(run->nresults, 4);
	assert_true(result(run, "fio:seqread:read_bw")->value == 1398101333.0);
	assert_true(result(run, "fio:seqwrite:write_bw")->value == 2097152000.0);
	assert_false(has_result(run, "fio:seqread:write_bw"));
	free(text);
}

static void test_fio_client_server(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/fio-client.json");
	td_ev_run *run = parse_ok(f, "fio.json", text);
	assert_int_equal(run->shape, TD_EV_FIO);
	assert_string_equal(run->suite, "fio:client-write");
	assert_true(result(run, "fio:client-write:write_bw")->value == 3355443200.0);
	assert_string_equal(result(run, "fio:client-write:write_bw")->path, "client_stats[0].write");
	free(text);
}

static void test_hyperfine(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/hyperfine-two.json");
	td_ev_run *run = parse_ok(f, "hf.json", text);
	assert_int_equal(run->shape, TD_EV_HYPERFINE);
	assert_false(run->run_at.known); /* dated by git, not by the file */
	assert_string_equal(run->suite, "hyperfine:sha256, wc -c /tmp/evid/testfile");
	assert_int_equal(run->nresults, 2);
	const td_ev_result *r = result(run, "hyperfine:sha256");
	assert_true(r->value == 0.2111221178);
	assert_string_equal(r->unit.text, "s");
	assert_true(result(run, "hyperfine:wc -c /tmp/evid/testfile")->value > 0);
	free(text);
}

static const char VALIDATION[] =
    "{\"kind\": \"validation\", \"suite\": \"test-container-registry\",\n"
    " \"run_at\": \"2025-11-05T14:03:00Z\", \"commit\": \"abc1234\",\n"
    " \"checks\": [{\"name\": \"container-registry-access\", \"status\": \"pass\",\n"
    "             \"duration_s\": 3.2, \"task\": \"TASK-040\", \"message\": \"ok\"},\n"
    "            {\"name\": \"registry-tls\", \"status\": \"fail\"},\n"
    "            {\"name\": \"registry-gc\", \"status\": \"skip\", \"duration_s\": null},\n"
    "            {\"name\": \"registry-quota\", \"status\": \"error\", \"message\": \"timeout\"}]}\n";

static const char BENCHMARK[] =
    "{\"kind\": \"benchmark\", \"suite\": \"beegfs-performance\",\n"
    " \"run_at\": \"2025-11-06T09:00:00Z\",\n"
    " \"results\": [{\"name\": \"beegfs-seq-write\", \"value\": 1.21e9, \"unit\": \"B/s\",\n"
    "              \"task\": \"TASK-041\"},\n"
    "             {\"name\": \"files\", \"value\": 12}]}\n";

static void test_taskdoc_validation(void **state)
{
	fx *f = *state;
	td_ev_run *run = parse_ok(f, "v.json", VALIDATION);
	assert_int_equal(run->shape, TD_EV_VALIDATION);
	assert_string_equal(run->suite, "test-container-registry");
	assert_string_equal(run->commit, "abc1234");
	assert_int_equal(run->run_at.epoch, 1762351380);
	assert_int_equal(run->nchecks, 4);
	assert_string_equal(run->checks[0].name, "container-registry-access");
	assert_int_equal(run->checks[0].status, TD_CHECK_PASS);
	assert_true(run->checks[0].duration_s == 3.2);
	assert_string_equal(run->checks[0].task, "TASK-040");
	assert_string_equal(run->checks[0].message, "ok");
	assert_int_equal(run->checks[1].status, TD_CHECK_FAIL);
	assert_null(run->checks[1].task);
	assert_true(isnan(run->checks[1].duration_s));
	assert_int_equal(run->checks[2].status, TD_CHECK_SKIP);
	assert_true(isnan(run->checks[2].duration_s));
	assert_int_equal(run->checks[3].status, TD_CHECK_ERROR);
	assert_string_equal(run->checks[3].path, "checks[3]");
	assert_ptr_equal(run->checks[3].run, run);
}

static void test_taskdoc_benchmark(void **state)
{
	fx *f = *state;
	td_ev_run *run = parse_ok(f, "b.json", BENCHMARK);
	assert_int_equal(run->shape, TD_EV_BENCHMARK);
	assert_int_equal(run->nresults, 2);
	assert_true(run->results[0].value == 1.21e9);
	assert_int_equal(run->results[0].unit.family, TD_UNIT_BYTE_RATE);
	assert_string_equal(run->results[0].task, "TASK-041");
	assert_int_equal(run->results[1].unit.family, TD_UNIT_NONE);
	/* the bundled sample's own files load too */
	char *text = fixture("content/evidence/benchmark/beegfs-performance-2025-11-07.json");
	run = parse_ok(f, "sample.json", text);
	assert_int_equal(run->run_at.offset, 60);
	free(text);
}

static void test_bom_and_big_integers(void **state)
{
	fx *f = *state;
	char *bom = replace(BENCHMARK, "{", "\xEF\xBB\xBF{");
	parse_ok(f, "b.json", bom);
	free(bom);
	/* an integer beyond 64 bits is read as a (large) real, as fio may write one */
	char *big = replace(BENCHMARK, "1.21e9", "123456789012345678901234567890");
	td_ev_run *run = parse_ok(f, "b.json", big);
	assert_true(run->results[0].value > 1.2e29);
	free(big);
}

/* ---- broken ---- */

static void test_truncated(void **state)
{
	fx *f = *state;
	char *text = fixture("tests/fixtures/evidence/fio-seq-write.json");
	size_t cut = strlen(text) / 2;
	while (text[cut] != '\n')
		cut++;
	text[cut] = '\0';
	int lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	td_ev_run *run = parse(f, "bad.json", text);
	assert_null(run);
	assert_int_equal(f->diags.len, 1);
	const td_diag *d = &f->diags.items[0];
	assert_non_null(strstr(d->message, "invalid JSON: "));
	assert_non_null(strstr(d->message, "end of"));
	assert_int_equal(d->line, lines);
	assert_true(d->col >= 1);
	free(text);
}

static void test_syntax_positions(void **state)
{
	fx *f = *state;
	/* jansson's line and column, moved to the start of the token */
	parse_bad(f, "{\"kind\": \"benchmark\",\n \"value\": NaN}",
	          "invalid token near 'NaN' (JSON has no NaN", 2, 11);
	parse_bad(f, "{\n  \"x\": 1e400\n}", "real number overflow near '1e400'", 2, 8);
	parse_bad(f, "{\"a\": 1,}", "invalid JSON: string or '}' expected", 1, 9);
	parse_bad(f, "", "invalid JSON: '[' or '{' expected near end of file", 1, 1);
	parse_bad(f, "{\"a\": \"\xff\"}", "invalid JSON: unable to decode byte 0xff", 1, 7);
	parse_bad(f, "{\"kind\": \"validation\", \"kind\": \"validation\"}",
	          "duplicate object key near '\"kind\"'", 1, 24);
	char *two = fixture("tests/fixtures/evidence/fio-two-jobs.json");
	char *nan = replace(two, "\"bw_bytes\" : 1398101333", "\"bw_bytes\" : -nan");
	free(two);
	td_ev_run *run = parse(f, "bad.json", nan);
	assert_null(run);
	assert_non_null(strstr(f->diags.items[0].message, "JSON has no NaN or Infinity"));
	assert_true(f->diags.items[0].line > 1);
	free(nan);
}

static void test_wrong_types(void **state)
{
	fx *f = *state;
	char *fio = fixture("tests/fixtures/evidence/fio-seq-write.json");
	char *t = replace(fio, "\"bw_bytes\" : 3728270222", "\"bw_bytes\" : \"3728270222\"");
	parse_bad(f, t, "jobs[0].write.bw_bytes: expected a number, got a string", 0, 0);
	free(t);
	t = replace(fio, "\"jobname\" : \"seq-write\"", "\"jobname\" : 7");
	parse_bad(f, t, "jobs[0].jobname: expected a string, got a number", 0, 0);
	free(t);
	t = replace(fio, "\"timestamp\" : 1795918276", "\"timestamp\" : \"yesterday\"");
	parse_bad(f, t, "timestamp: expected a number, got a string", 0, 0);
	free(t);
	free(fio);
	char *hf = fixture("tests/fixtures/evidence/hyperfine-two.json");
	t = replace(hf, "\"mean\": 0.2111221178", "\"mean\": [0.2111221178]");
	parse_bad(f, t, "results[0].mean: expected a number, got an array", 0, 0);
	free(t);
	free(hf);
	t = replace(VALIDATION, "\"status\": \"fail\"", "\"status\": false");
	parse_bad(f, t, "checks[1].status: expected a string, got false", 0, 0);
	free(t);
	t = replace(BENCHMARK, "1.21e9", "\"1.21e9\"");
	parse_bad(f, t, "results[0].value: expected a number, got a string", 0, 0);
	free(t);
	char *t1 = replace(VALIDATION, "\"checks\": [", "\"checks\": {\"x\": [");
	t = replace(t1, "}]}\n", "}]}}\n");
	free(t1);
	parse_bad(f, t, "checks: expected a non-empty array of checks, got an object", 0, 0);
	free(t);
	parse_bad(f, "[1, 2]", "not a known evidence shape: the top is an array", 0, 0);
}

static void test_missing_fields(void **state)
{
	fx *f = *state;
	char *t = replace(BENCHMARK, "\"value\": 1.21e9, ", "");
	parse_bad(f, t, "results[0]: missing 'value' (expected a number)", 0, 0);
	free(t);
	t = replace(VALIDATION, " \"run_at\": \"2025-11-05T14:03:00Z\",", "");
	parse_bad(f, t, "missing 'run_at' (expected a string)", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"run_at\": \"2025-11-05T14:03:00Z\"", "\"run_at\": \"2025-11-05\"");
	parse_bad(f, t,
	          "run_at: expected an RFC 3339 timestamp such as 2025-11-05T14:03:00Z, got '2025-11-05'", 0,
	          0);
	free(t);
	t = replace(VALIDATION, "\"suite\": \"test-container-registry\",", "\"suite\": \"\",");
	parse_bad(f, t, "suite: expected a name, got an empty string", 0, 0);
	free(t);
	char *hf = fixture("tests/fixtures/evidence/hyperfine-two.json");
	t = replace(hf, "\"command\": \"sha256\",", "");
	parse_bad(f, t, "results[0]: missing 'command' (expected a string)", 0, 0);
	free(t);
	free(hf);
	char *fio = fixture("tests/fixtures/evidence/fio-seq-write.json");
	t = replace(fio, "\"io_bytes\" : 33554432", "\"io_bites\" : 33554432");
	parse_bad(f, t, "jobs[0].write: missing 'io_bytes' (expected a number)", 0, 0);
	free(t);
	t = replace(fio, "\"io_bytes\" : 33554432", "\"io_bytes\" : 0");
	parse_bad(f, t, "jobs: no job did any reads or writes", 0, 0);
	free(t);
	free(fio);
}

static void test_empty_arrays(void **state)
{
	fx *f = *state;
	parse_bad(f,
	          "{\"kind\": \"validation\", \"suite\": \"s\", \"run_at\": \"2025-11-05T14:03:00Z\", "
	          "\"checks\": []}",
	          "checks: is empty (expected a non-empty array of checks)", 0, 0);
	parse_bad(f,
	          "{\"kind\": \"benchmark\", \"suite\": \"s\", \"run_at\": \"2025-11-05T14:03:00Z\", "
	          "\"results\": []}",
	          "results: is empty (expected a non-empty array of results)", 0, 0);
	parse_bad(f, "{\"fio version\": \"fio-3.33\", \"timestamp\": 1, \"jobs\": []}",
	          "jobs: is empty (expected a non-empty array of fio jobs)", 0, 0);
	parse_bad(f, "{\"results\": []}",
	          "results: is empty (expected a non-empty array of hyperfine results)", 0, 0);
}

static void test_duplicate_names(void **state)
{
	fx *f = *state;
	char *t = replace(VALIDATION, "\"registry-gc\"", "\"container-registry-access\"");
	parse_bad(f, t, "checks[2].name: duplicate check 'container-registry-access' (also checks[0])", 0, 0);
	free(t);
	t = replace(BENCHMARK, "\"files\"", "\"beegfs-seq-write\"");
	parse_bad(f, t, "results[1].name: duplicate result 'beegfs-seq-write' (also results[0])", 0, 0);
	free(t);
	char *hf = fixture("tests/fixtures/evidence/hyperfine-two.json");
	t = replace(hf, "\"command\": \"wc -c /tmp/evid/testfile\"", "\"command\": \"sha256\"");
	parse_bad(f, t, "results[1].command: duplicate command 'sha256' (also results[0])", 0, 0);
	free(t);
	free(hf);
}

static void test_shapes_and_keys(void **state)
{
	fx *f = *state;
	parse_bad(f, "{\"name\": \"x\"}", "not a known evidence shape; expected a taskdoc validation", 0, 0);
	char *t = replace(VALIDATION, "\"kind\": \"validation\"", "\"kind\": \"validaton\"");
	parse_bad(f, t, "kind: unknown kind 'validaton' (did you mean 'validation'?)", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"kind\": \"validation\", ", "");
	parse_bad(f, t, "missing 'kind' (expected \"validation\" for a taskdoc validation file)", 0, 0);
	free(t);
	t = replace(BENCHMARK, "\"kind\": \"benchmark\", ", "");
	parse_bad(f, t, "missing 'kind' (expected \"benchmark\" for a taskdoc benchmark file)", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"duration_s\": 3.2", "\"durration_s\": 3.2");
	parse_bad(f, t, "checks[0].durration_s: unknown key 'durration_s' (did you mean 'duration_s'?)", 0,
	          0);
	free(t);
	t = replace(VALIDATION, "\"commit\": \"abc1234\"", "\"host\": \"node1\"");
	parse_bad(f, t, "host: unknown key 'host' (expected kind, suite, run_at, commit, checks)", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"status\": \"pass\"", "\"status\": \"passed\"");
	parse_bad(f, t, "checks[0].status: bad status 'passed' (did you mean 'pass'?)", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"duration_s\": 3.2", "\"duration_s\": -1");
	parse_bad(f, t, "checks[0].duration_s: expected a duration of 0 or more seconds", 0, 0);
	free(t);
	t = replace(BENCHMARK, "\"unit\": \"B/s\"",
	            "\"unit\": \"a unit name that is longer than thirty-nine bytes\"");
	parse_bad(f, t, "results[0].unit: unit 'a unit name", 0, 0);
	free(t);
	t = replace(VALIDATION, "\"registry-tls\"", "\"registry\\ttls\"");
	parse_bad(f, t, "checks[1].name: control character", 0, 0);
	free(t);
}

static void test_fio_job_error_warns(void **state)
{
	fx *f = *state;
	char *fio = fixture("tests/fixtures/evidence/fio-seq-write.json");
	char *t = replace(fio, "\"error\" : 0", "\"error\" : 5");
	td_ev_run *run = parse_ok(f, "fio.json", t);
	assert_non_null(run);
	assert_int_equal(f->diags.warnings, 1);
	assert_string_equal(
	    f->diags.items[0].message,
	    "jobs[0].error: fio job 'seq-write' ended with error 5; its figures may be incomplete");
	free(t);
	free(fio);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fio_seq_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_numjobs_add_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_two_jobs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_client_server, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hyperfine, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_taskdoc_validation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_taskdoc_benchmark, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bom_and_big_integers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_syntax_positions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_fields, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_arrays, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shapes_and_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_job_error_warns, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
