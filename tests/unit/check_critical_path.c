/* check_critical_path.c - analyze/critical_path.c: the longest chain of
 * remaining work by expected hours (unestimated tasks weigh 0 h; done,
 * dropped and deferred tasks take no part), earliest start/finish, slack,
 * phase and workstream dependencies, and deterministic tie-breaks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_plan.h"

#define ASSERT_PATH(f, ...) UP_ASSERT_IDS((f), (f)->an->critical_path, (f)->an->ncritical, __VA_ARGS__)

/* Asserts a remaining task's earliest start, earliest finish, slack and
 * whether it is on the path. */
#define check_task(f, id, es, ef, slack, critical)                                                           \
	check_task_at((f), (id), (es), (ef), (slack), (critical), __LINE__)
static void check_task_at(const up_fixture *f, const char *id, double es, double ef, double slack,
                          bool critical, int line)
{
	const td_task_info *ti = up_info(f, id);
	if (!ti->remaining)
		fail_msg("%s should be remaining", id);
	if (fabs(ti->earliest_start - es) > 1e-9 || fabs(ti->earliest_finish - ef) > 1e-9 ||
	    fabs(ti->slack - slack) > 1e-9 || ti->critical != critical)
		fail_msg("line %d: %s: es %g ef %g slack %g critical %d; expected %g %g %g %d", line, id,
		         ti->earliest_start, ti->earliest_finish, ti->slack, ti->critical, es, ef, slack,
		         critical);
}

/* Every task on the path is flagged critical and no other. */
static void check_flags_match_path(const up_fixture *f)
{
	size_t flagged = 0;
	for (size_t i = 0; i < f->plan->ntasks; i++)
		flagged += f->an->tasks[i].critical;
	assert_int_equal(flagged, f->an->ncritical);
	for (size_t k = 0; k < f->an->ncritical; k++)
		assert_true(f->an->tasks[f->an->critical_path[k]].critical);
}

static void test_simple_chain(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 4h}\n"
	           "      - {id: B, title: b, estimate: 2d, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 1h, depends_on: [B]}\n"
	           "      - {id: D, title: d, estimate: 3h}\n",
	           NULL);
	ASSERT_PATH(f, "A", "B", "C");
	UP_ASSERT_NEAR(f->an->critical_hours, 21);
	check_task(f, "A", 0, 4, 0, true);
	check_task(f, "B", 4, 20, 0, true);
	check_task(f, "C", 20, 21, 0, true);
	check_task(f, "D", 0, 3, 18, false);
	check_flags_match_path(f);
	up_free(f);
}

static void test_expected_hours_of_ranges(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 2-4h}\n"                  /* expected 3 */
	           "      - {id: B, title: b, estimate: 1-2d, depends_on: [A]}\n" /* 12 */
	           "      - {id: C, title: c, estimate: 14h}\n"
	           "      - {id: D, title: d, estimate: 0.5h, depends_on: [C]}\n",
	           NULL);
	/* A+B = 15 h beats C+D = 14.5 h although C's max (14) is above A's (4) */
	ASSERT_PATH(f, "A", "B");
	UP_ASSERT_NEAR(f->an->critical_hours, 15);
	check_task(f, "A", 0, 3, 0, true);
	check_task(f, "B", 3, 15, 0, true);
	check_task(f, "C", 0, 14, 0.5, false);
	check_task(f, "D", 14, 14.5, 0.5, false);
	up_free(f);
}

static void test_unestimated_weighs_zero(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 4h}\n"
	           "      - {id: B, title: b, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 2h, depends_on: [B]}\n"
	           "      - {id: X, title: x}\n",
	           NULL);
	ASSERT_PATH(f, "A", "B", "C");
	UP_ASSERT_NEAR(f->an->critical_hours, 6);
	check_task(f, "B", 4, 4, 0, true);
	check_task(f, "X", 0, 0, 6, false);
	up_free(f);
}

static void test_done_dropped_deferred_excluded(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 10h, status: done}\n"
	           "      - {id: B, title: b, estimate: 2h, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 3h, depends_on: [B]}\n"
	           "      - {id: D, title: d, estimate: 4h}\n"
	           "      - {id: E, title: e, estimate: 100h, status: deferred}\n"
	           "      - {id: F, title: f, estimate: 100h, status: dropped}\n"
	           "      - {id: G, title: g, estimate: 1h, depends_on: [E, F]}\n"
	           "      - {id: H, title: h, estimate: 1h, status: in-progress, depends_on: [C]}\n",
	           NULL);
	/* done A's 10 h are history: B starts at 0 */
	ASSERT_PATH(f, "B", "C", "H");
	UP_ASSERT_NEAR(f->an->critical_hours, 6);
	check_task(f, "B", 0, 2, 0, true);
	check_task(f, "C", 2, 5, 0, true);
	check_task(f, "H", 5, 6, 0, true); /* in progress still counts */
	check_task(f, "D", 0, 4, 2, false);
	check_task(f, "G", 0, 1, 5, false); /* deferred and dropped prerequisites weigh nothing */
	assert_false(up_info(f, "A")->remaining);
	assert_false(up_info(f, "A")->critical);
	assert_false(up_info(f, "E")->remaining);
	assert_false(up_info(f, "E")->critical);
	assert_false(up_info(f, "F")->remaining);
	assert_false(up_info(f, "F")->critical);
	check_flags_match_path(f);
	up_free(f);
}

static void test_diamond(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 4h}\n"
	           "      - {id: B, title: b, estimate: 2h, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 6h, depends_on: [A]}\n"
	           "      - {id: D, title: d, estimate: 1h, depends_on: [B, C]}\n",
	           NULL);
	ASSERT_PATH(f, "A", "C", "D");
	UP_ASSERT_NEAR(f->an->critical_hours, 11);
	check_task(f, "A", 0, 4, 0, true);
	check_task(f, "B", 4, 6, 4, false);
	check_task(f, "C", 4, 10, 0, true);
	check_task(f, "D", 10, 11, 0, true);
	check_flags_match_path(f);
	up_free(f);
}

static void test_parallel_chains(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: X1, title: x, estimate: 3h}\n"
	           "      - {id: X2, title: x, estimate: 5h, depends_on: [X1]}\n"
	           "      - {id: Y1, title: y, estimate: 2h}\n"
	           "      - {id: Y2, title: y, estimate: 2h, depends_on: [Y1]}\n"
	           "      - {id: Z1, title: z, estimate: 7.5h}\n",
	           NULL);
	ASSERT_PATH(f, "X1", "X2");
	UP_ASSERT_NEAR(f->an->critical_hours, 8);
	check_task(f, "X1", 0, 3, 0, true);
	check_task(f, "X2", 3, 8, 0, true);
	check_task(f, "Y1", 0, 2, 4, false);
	check_task(f, "Y2", 2, 4, 4, false);
	check_task(f, "Z1", 0, 7.5, 0.5, false);
	up_free(f);
}

static const char PHASE_WS1[] = "id: ws1\ntitle: One\nphases:\n"
                                "  - id: p1\n    title: P1\n    tasks:\n"
                                "      - {id: A, title: a, estimate: 4h}\n"
                                "      - {id: B, title: b, estimate: 6h}\n"
                                "      - {id: B0, title: b, estimate: 50h, status: done}\n"
                                "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
                                "      - {id: C, title: c, estimate: 2h}\n"
                                "  - id: p3\n    title: P3\n    tasks:\n"
                                "      - {id: D, title: d, estimate: 1h, depends_on: [p1]}\n";
static const char PHASE_WS2[] = "id: ws2\ntitle: Two\nphases:\n"
                                "  - id: q1\n    title: Q1\n    tasks:\n"
                                "      - {id: W, title: w, estimate: 3h, depends_on: [ws1]}\n"
                                "      - {id: V, title: v, estimate: 1h}\n";

static void test_phase_and_workstream_dependencies(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, PHASE_WS1, PHASE_WS2, NULL);
	/* p1 ends when its last remaining task does (B at 6 h; done B0 does not count);
	 * ws1 ends when C does (8 h); W follows it */
	ASSERT_PATH(f, "B", "C", "W");
	UP_ASSERT_NEAR(f->an->critical_hours, 11);
	check_task(f, "A", 0, 4, 2, false);
	check_task(f, "B", 0, 6, 0, true);
	check_task(f, "C", 6, 8, 0, true);
	check_task(f, "D", 6, 7, 1, false);
	check_task(f, "W", 8, 11, 0, true);
	check_task(f, "V", 0, 1, 10, false);
	check_flags_match_path(f);
	up_free(f);
}

static void test_phase_of_done_tasks_passes_zero(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 40h, status: done}\n"
	           "      - {id: A2, title: a, estimate: 40h, status: dropped}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
	           "      - {id: B, title: b, estimate: 2h}\n"
	           "      - {id: C, title: c, estimate: 3h, depends_on: [B]}\n",
	           NULL);
	ASSERT_PATH(f, "B", "C");
	UP_ASSERT_NEAR(f->an->critical_hours, 5);
	check_task(f, "B", 0, 2, 0, true);
	check_task(f, "C", 2, 5, 0, true);
	up_free(f);
}

static void test_tie_break_end_by_natural_id(void **state)
{
	/* two 4 h chains end in TASK-10 and TASK-9: the path ends at the
	 * first in natural order (TASK-9), not in byte order (TASK-10) */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: TASK-10, title: a, estimate: 2h, depends_on: [TASK-1]}\n"
	           "      - {id: TASK-1, title: a, estimate: 2h}\n"
	           "      - {id: TASK-9, title: b, estimate: 2h, depends_on: [TASK-2]}\n"
	           "      - {id: TASK-2, title: b, estimate: 2h}\n",
	           NULL);
	ASSERT_PATH(f, "TASK-2", "TASK-9");
	UP_ASSERT_NEAR(f->an->critical_hours, 4);
	/* the other chain is just as long: no slack, but not on the path */
	check_task(f, "TASK-1", 0, 2, 0, false);
	check_task(f, "TASK-10", 2, 4, 0, false);
	up_free(f);
}

static void test_tie_break_predecessor_by_natural_id(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: X-10, title: a, estimate: 2h}\n"
	           "      - {id: X-9, title: a, estimate: 2h}\n"
	           "      - {id: X-8, title: a, estimate: 1h}\n"
	           "      - {id: Y, title: y, estimate: 1h, depends_on: [X-10, X-8, X-9]}\n",
	           NULL);
	ASSERT_PATH(f, "X-9", "Y");
	check_task(f, "X-10", 0, 2, 0, false);
	check_task(f, "X-8", 0, 1, 1, false);
	up_free(f);
}

static void test_tie_break_prefers_task_over_phase(void **state)
{
	/* E waits for phase p1 (A: 3 h) and for task T (3 h): the walk back
	 * follows the task */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 3h}\n"
	           "  - id: p2\n    title: P2\n    tasks:\n"
	           "      - {id: T, title: t, estimate: 3h}\n"
	           "      - {id: E, title: e, estimate: 1h, depends_on: [p1, T]}\n",
	           NULL);
	ASSERT_PATH(f, "T", "E");
	check_task(f, "A", 0, 3, 0, false);
	up_free(f);
}

static const char ORDER_A[] = "id: ws1\ntitle: One\nphases:\n"
                              "  - id: p1\n    title: P1\n    tasks:\n"
                              "      - {id: K-1, title: a, estimate: 2h}\n"
                              "      - {id: K-2, title: a, estimate: 2h}\n"
                              "      - {id: K-3, title: a, estimate: 1h, depends_on: [K-1, K-2]}\n";
static const char ORDER_B[] = "id: ws2\ntitle: Two\nphases:\n"
                              "  - id: q1\n    title: Q1\n    depends_on: [p1]\n    tasks:\n"
                              "      - {id: M-2, title: m, estimate: 4h}\n"
                              "      - {id: M-1, title: m, estimate: 4h}\n";
static const char ORDER_B_SHUFFLED[] = "id: ws2\ntitle: Two\nphases:\n"
                                       "  - id: q1\n    title: Q1\n    depends_on: [p1]\n    tasks:\n"
                                       "      - {id: M-1, title: m, estimate: 4h}\n"
                                       "      - {id: M-2, title: m, estimate: 4h}\n";
static const char ORDER_A_SHUFFLED[] = "id: ws1\ntitle: One\nphases:\n"
                                       "  - id: p1\n    title: P1\n    tasks:\n"
                                       "      - {id: K-3, title: a, estimate: 1h, depends_on: [K-2, K-1]}\n"
                                       "      - {id: K-2, title: a, estimate: 2h}\n"
                                       "      - {id: K-1, title: a, estimate: 2h}\n";

static void test_deterministic_whatever_the_file_order(void **state)
{
	const char *variants[][2] = {{ORDER_A, ORDER_B},
	                             {ORDER_B, ORDER_A},
	                             {ORDER_A_SHUFFLED, ORDER_B_SHUFFLED},
	                             {ORDER_B_SHUFFLED, ORDER_A_SHUFFLED}};
	for (size_t v = 0; v < TD_ARRAY_LEN(variants); v++) {
		up_fixture *f = *state;
		up_analyze(f, NULL, variants[v][0], variants[v][1], NULL);
		ASSERT_PATH(f, "K-1", "K-3", "M-1");
		UP_ASSERT_NEAR(f->an->critical_hours, 7);
		check_task(f, "K-2", 0, 2, 0, false);
		check_task(f, "M-2", 3, 7, 0, false);
		up_free(f);
	}
}

static void test_zero_hour_tail_stays_on_path(void **state)
{
	/* An unestimated task that follows the longest chain finishes with it
	 * (slack 0); the path runs to it whatever the ids are. */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: TASK-1, title: a, estimate: 2h}\n"
	           "      - {id: TASK-2, title: b, depends_on: [TASK-1]}\n",
	           NULL);
	ASSERT_PATH(f, "TASK-1", "TASK-2");
	check_task(f, "TASK-2", 2, 2, 0, true);
	up_free(f);
	/* the same plan with the ids swapped */
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: TASK-2, title: a, estimate: 2h}\n"
	           "      - {id: TASK-1, title: b, depends_on: [TASK-2]}\n",
	           NULL);
	ASSERT_PATH(f, "TASK-2", "TASK-1");
	check_task(f, "TASK-1", 2, 2, 0, true);
	up_free(f);
}

static void test_zero_hour_head_on_path(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: U, title: u}\n"
	           "      - {id: A, title: a, estimate: 2h, depends_on: [U]}\n",
	           NULL);
	ASSERT_PATH(f, "U", "A");
	check_task(f, "U", 0, 0, 0, true);
	check_task(f, "A", 0, 2, 0, true);
	up_free(f);
}

static void test_nothing_remaining(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 2h, status: done}\n"
	           "      - {id: B, title: b, estimate: 2h, status: dropped, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 2h, status: deferred}\n",
	           NULL);
	assert_int_equal(f->an->ncritical, 0);
	UP_ASSERT_NEAR(f->an->critical_hours, 0);
	check_flags_match_path(f);
	up_free(f);
	/* a plan without tasks */
	up_analyze(f, NULL, "id: ws\ntitle: W\nphases:\n  - id: p1\n    title: P1\n", NULL);
	assert_int_equal(f->an->ncritical, 0);
	UP_ASSERT_NEAR(f->an->critical_hours, 0);
	up_free(f);
	up_analyze(f, NULL, NULL);
	assert_int_equal(f->an->ncritical, 0);
	up_free(f);
}

static void test_fractional_hours_rounded(void **state)
{
	/* 0.1 h steps accumulate float error; the figures come out clean */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 0.1h}\n"
	           "      - {id: B, title: b, estimate: 0.2h, depends_on: [A]}\n"
	           "      - {id: C, title: c, estimate: 0.1h}\n",
	           NULL);
	ASSERT_PATH(f, "A", "B");
	assert_true(f->an->critical_hours == 0.3);
	assert_true(up_info(f, "C")->slack == 0.2);
	assert_true(up_info(f, "A")->slack == 0);
	up_free(f);
}


/* ---- external items: a task cannot start before the item is expected ---- */

static const char EXT_WS[] = "id: ws\ntitle: W\nexternal:\n"
                             "  - {id: EXT-A, title: GPUs, expected_on: 2026-01-15}\n"
                             "  - {id: EXT-B, title: Licence, status: Arrived, expected_on: 2026-03-01}\n"
                             "phases:\n  - id: p\n    title: P\n    tasks:\n"
                             "      - {id: A, title: a, estimate: 40h}\n"
                             "      - {id: B, title: b, estimate: 8h, depends_on: [EXT-A, EXT-B]}\n"
                             "      - {id: C, title: c, estimate: 4h, depends_on: B}\n";

/* Warnings whose message contains text. */
static int count_warnings(const up_fixture *f, const char *text)
{
	int n = 0;
	for (size_t i = 0; i < f->diags.len; i++)
		n += f->diags.items[i].severity == TD_SEV_WARNING && strstr(f->diags.items[i].message, text);
	return n;
}

static void analyze_as_of(up_fixture *f, const char *date)
{
	up_load(f, NULL, EXT_WS, NULL);
	assert_int_equal(td_date_parse(date, &f->plan->as_of), 0);
	f->an = td_analyze(f->plan, NULL, &f->diags);
}

static void test_external_item_delays_the_path(void **state)
{
	up_fixture *f = *state;
	/* 14 days before EXT-A: 10 working days of 8 h = 80 h of waiting */
	analyze_as_of(f, "2026-01-01");
	const td_analysis *a = f->an;
	UP_ASSERT_IDS(f, a->critical_path, a->ncritical, "B", "C");
	UP_ASSERT_NEAR(a->externals[0].wait_hours, 80);
	UP_ASSERT_NEAR(a->externals[1].wait_hours, 0); /* arrived: no wait, dependency met */
	UP_ASSERT_NEAR(a->critical_hours, 92);
	UP_ASSERT_NEAR(up_info(f, "B")->earliest_start, 80);
	UP_ASSERT_NEAR(up_info(f, "A")->slack, 52);
	assert_int_equal(a->critical_external, 0);
	/* 92 h = 11.5 working days = 16.1 calendar days: done on the 17th day */
	char d[11];
	td_date_format(a->critical_finish_on, d);
	assert_string_equal(d, "2026-01-18");
	assert_int_equal(up_info(f, "B")->state, TD_STATE_WAITING);
	assert_int_equal(a->externals[0].nwaiting, 1);
	assert_int_equal(count_warnings(f, "external item"), 0);
	up_free(f);
}

static void test_external_item_overdue(void **state)
{
	up_fixture *f = *state;
	/* past its date: no wait left, the path is the work, and a warning */
	analyze_as_of(f, "2026-02-01");
	const td_analysis *a = f->an;
	assert_true(a->externals[0].overdue);
	assert_false(a->externals[1].overdue); /* arrived */
	UP_ASSERT_NEAR(a->critical_hours, 40);
	assert_int_equal(a->critical_external, SIZE_MAX);
	assert_int_equal(count_warnings(f, "external item EXT-A was expected on 2026-01-15 and has not arrived"), 1);
	up_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_simple_chain, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_expected_hours_of_ranges, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_unestimated_weighs_zero, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_done_dropped_deferred_excluded, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_diamond, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_parallel_chains, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_phase_and_workstream_dependencies, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_phase_of_done_tasks_passes_zero, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_tie_break_end_by_natural_id, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_tie_break_predecessor_by_natural_id, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_tie_break_prefers_task_over_phase, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_deterministic_whatever_the_file_order, up_setup,
	                                    up_teardown),
	    cmocka_unit_test_setup_teardown(test_zero_hour_tail_stays_on_path, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_zero_hour_head_on_path, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_nothing_remaining, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_fractional_hours_rounded, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_external_item_delays_the_path, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_external_item_overdue, up_setup, up_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
