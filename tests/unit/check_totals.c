/* check_totals.c - analyze/analyze.c (+ lint.c): derived task states, totals
 * per phase, workstream and plan (counts, progress, remaining hours,
 * unestimated tasks), the ready list order, and lint warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_plan.h"
#include "view/format.h"

/* Asserts the count fields of a totals record. */
#define check_counts(t, tasks_, done_, dropped_, deferred_, active_, remaining_, unestimated_, percent_)     \
	check_counts_at((t), (tasks_), (done_), (dropped_), (deferred_), (active_), (remaining_),            \
	                (unestimated_), (percent_), __LINE__)
static void check_counts_at(const td_totals *t, int tasks, int done, int dropped, int deferred, int active,
                            int remaining, int unestimated, double percent, int line)
{
	if (t->tasks != tasks || t->done != done || t->dropped != dropped || t->deferred != deferred ||
	    t->active != active || t->remaining != remaining || t->unestimated != unestimated ||
	    fabs(t->percent - percent) > 1e-9)
		fail_msg(
		    "line %d: tasks %d done %d dropped %d deferred %d active %d remaining %d unestimated %d "
		    "percent %.10g; expected %d %d %d %d %d %d %d %.10g",
		    line, t->tasks, t->done, t->dropped, t->deferred, t->active, t->remaining, t->unestimated,
		    t->percent, tasks, done, dropped, deferred, active, remaining, unestimated, percent);
	int sum = 0;
	for (int s = 0; s < TD_STATE_COUNT; s++)
		sum += t->by_state[s];
	assert_int_equal(sum, t->tasks);
}

#define check_hours(t, lo, exp, hi) check_hours_at((t), (lo), (exp), (hi), __LINE__)
static void check_hours_at(const td_totals *t, double lo, double exp, double hi, int line)
{
	if (fabs(t->remaining_min - lo) > 1e-9 || fabs(t->remaining_expected - exp) > 1e-9 ||
	    fabs(t->remaining_max - hi) > 1e-9)
		fail_msg("line %d: remaining %g / %g / %g h, expected %g / %g / %g", line, t->remaining_min,
		         t->remaining_expected, t->remaining_max, lo, exp, hi);
}

static const char ALL_STATUSES_WS[] =
    "id: ws\ntitle: W\nphases:\n"
    "  - id: p1\n    title: P1\n    tasks:\n"
    "      - {id: T1, title: a, estimate: 2-3d}\n"
    "      - {id: T2, title: a, estimate: 4h, status: in-progress}\n"
    "      - {id: T3, title: a, estimate: 1-2h, status: review, validation: [make test]}\n"
    "      - {id: T4, title: a, estimate: 1w, status: blocked, blockers: [vendor]}\n"
    "      - {id: T5, title: a, estimate: 10w, status: deferred}\n"
    "      - {id: T6, title: a, estimate: 5h, status: done}\n"
    "      - {id: T7, title: a, estimate: 3h, status: dropped}\n"
    "      - {id: T8, title: a}\n"
    "      - {id: T9, title: a, status: deferred}\n"
    "      - {id: T10, title: a, status: done}\n";

static void test_totals_every_status(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, ALL_STATUSES_WS, NULL);
	const td_totals *pt = up_phase_totals(f, "p1");
	/* 2 done of 9 live (10 - 1 dropped) = 22.2 % */
	check_counts(pt, 10, 2, 1, 2, 5, 5, 1, 22.2);
	/* remaining: T1 16/20/24 + T2 4 + T3 1/1.5/2 + T4 40; T8 unestimated;
	 * deferred T5 and the done and dropped ones are not remaining */
	check_hours(pt, 61, 65.5, 70);
	assert_int_equal(pt->by_state[TD_STATE_READY], 2);
	assert_int_equal(pt->by_state[TD_STATE_WAITING], 0);
	assert_int_equal(pt->by_state[TD_STATE_BLOCKED], 1);
	assert_int_equal(pt->by_state[TD_STATE_IN_PROGRESS], 1);
	assert_int_equal(pt->by_state[TD_STATE_REVIEW], 1);
	assert_int_equal(pt->by_state[TD_STATE_DONE], 2);
	assert_int_equal(pt->by_state[TD_STATE_DEFERRED], 2);
	assert_int_equal(pt->by_state[TD_STATE_DROPPED], 1);
	/* one workstream, one phase: the same figures all the way up */
	check_counts(up_ws_totals(f, "ws"), 10, 2, 1, 2, 5, 5, 1, 22.2);
	check_hours(up_ws_totals(f, "ws"), 61, 65.5, 70);
	check_counts(&f->an->totals, 10, 2, 1, 2, 5, 5, 1, 22.2);
	check_hours(&f->an->totals, 61, 65.5, 70);
	assert_int_equal(f->an->totals.by_state[TD_STATE_DEFERRED], 2);
	up_free(f);
}

static const char ROLLUP_A[] = "id: a\ntitle: A\norder: 2\nphases:\n"
                               "  - id: a1\n    title: A1\n    tasks:\n"
                               "      - {id: A-1, title: x, status: done}\n"
                               "      - {id: A-2, title: x, estimate: 2h}\n"
                               "  - id: a2\n    title: A2\n    tasks:\n"
                               "      - {id: A-3, title: x, status: done, estimate: 8h}\n"
                               "      - {id: A-4, title: x, estimate: 1-2h}\n"
                               "      - {id: A-5, title: x}\n"
                               "      - {id: A-6, title: x, status: dropped, estimate: 1w}\n";
static const char ROLLUP_B[] = "id: b\ntitle: B\norder: 1\nphases:\n"
                               "  - id: b1\n    title: B1\n    tasks:\n"
                               "      - {id: B-1, title: x, status: done}\n"
                               "      - {id: B-2, title: x, status: completed}\n"
                               "      - {id: B-3, title: x, status: complete}\n"
                               "  - id: b2\n    title: B2\n    tasks:\n"
                               "      - {id: B-4, title: x, status: dropped}\n"
                               "  - id: b3\n    title: nothing yet\n";

static void test_totals_roll_up(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, ROLLUP_A, ROLLUP_B, NULL);
	/* workstreams by order */
	assert_int_equal(f->plan->nworkstreams, 2);
	assert_string_equal(f->plan->workstreams[0]->id, "b");
	assert_string_equal(f->plan->workstreams[1]->id, "a");
	check_counts(up_phase_totals(f, "a1"), 2, 1, 0, 0, 1, 1, 0, 50.0);
	check_hours(up_phase_totals(f, "a1"), 2, 2, 2);
	check_counts(up_phase_totals(f, "a2"), 4, 1, 1, 0, 2, 2, 1, 33.3);
	check_hours(up_phase_totals(f, "a2"), 1, 1.5, 2);
	/* the workstream's percent comes from its counts (2 of 5), not from the
	 * phases' percents */
	check_counts(up_ws_totals(f, "a"), 6, 2, 1, 0, 3, 3, 1, 40.0);
	check_hours(up_ws_totals(f, "a"), 3, 3.5, 4);
	check_counts(up_phase_totals(f, "b1"), 3, 3, 0, 0, 0, 0, 0, 100.0);
	/* only dropped tasks: nothing counts, 0 % */
	check_counts(up_phase_totals(f, "b2"), 1, 0, 1, 0, 0, 0, 0, 0.0);
	check_counts(up_phase_totals(f, "b3"), 0, 0, 0, 0, 0, 0, 0, 0.0);
	check_counts(up_ws_totals(f, "b"), 4, 3, 1, 0, 0, 0, 0, 100.0);
	check_hours(up_ws_totals(f, "b"), 0, 0, 0);
	/* the plan: 5 done of 8 live */
	check_counts(&f->an->totals, 10, 5, 2, 0, 3, 3, 1, 62.5);
	check_hours(&f->an->totals, 3, 3.5, 4);
	up_free(f);
}

/* Builds a one-phase plan with the given numbers of done, todo and dropped
 * tasks and returns its plan percent. */
static double percent_of(up_fixture *f, int done, int todo, int dropped)
{
	td_buf b = TD_BUF_INIT; /* freed before any assertion */
	td_buf_puts(&b, "id: ws\ntitle: W\nphases:\n  - id: p1\n    title: P1\n    tasks:\n");
	int n = 0;
	for (int i = 0; i < done; i++)
		td_buf_printf(&b, "      - {id: T%d, title: t, status: done}\n", ++n);
	for (int i = 0; i < todo; i++)
		td_buf_printf(&b, "      - {id: T%d, title: t}\n", ++n);
	for (int i = 0; i < dropped; i++)
		td_buf_printf(&b, "      - {id: T%d, title: t, status: dropped}\n", ++n);
	up_analyze(f, NULL, td_buf_cstr(&b), NULL);
	td_buf_free(&b);
	assert_int_equal(f->an->totals.tasks, done + todo + dropped);
	/* the phase and the workstream agree with the plan */
	assert_true(f->an->phase_totals[0].percent == f->an->totals.percent);
	assert_true(f->an->ws_totals[0].percent == f->an->totals.percent);
	double p = f->an->totals.percent;
	up_free(f);
	return p;
}

static void test_percent_rounding(void **state)
{
	static const struct {
		int done, todo, dropped;
		double want;
	} cases[] = {
	    {1, 2, 0, 33.3},     {2, 1, 0, 66.7},   {1, 7, 0, 12.5},   {1, 15, 0, 6.3}, /* 6.25 rounds up */
	    {1, 5, 0, 16.7},     {5, 1, 0, 83.3},   {1, 6, 0, 14.3},   {0, 3, 0, 0.0},  {3, 0, 0, 100.0},
	    {0, 0, 2, 0.0},      {2, 0, 5, 100.0},  {2, 1, 1, 66.7},   {7, 3, 1, 70.0}, /* the seed page's
	                                                                                   "80% (8 of 10)":
	                                                                                   really 7 of 10 live
	                                                                                 */
	    {1, 999, 0, 0.1},    {1, 1999, 0, 0.1}, {1, 2000, 0, 0.0}, {0, 0, 0, 0.0},  {199, 1, 0, 99.5},
	    {1999, 1, 0, 100.0}, /* 99.95 rounds to 100.0 */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		double got = percent_of(*state, cases[i].done, cases[i].todo, cases[i].dropped);
		if (fabs(got - cases[i].want) > 1e-9)
			fail_msg("%d done, %d todo, %d dropped: %.10g %%, expected %.10g", cases[i].done,
			         cases[i].todo, cases[i].dropped, got, cases[i].want);
	}
}

static void test_empty_plan_totals(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, NULL);
	check_counts(&f->an->totals, 0, 0, 0, 0, 0, 0, 0, 0.0);
	check_hours(&f->an->totals, 0, 0, 0);
	assert_int_equal(f->an->nready, 0);
	assert_int_equal(f->diags.errors, 0);
	up_free(f);
}

static void test_unestimated_counted_only_when_remaining(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: U1, title: u}\n"
	           "      - {id: U2, title: u, status: in-progress}\n"
	           "      - {id: U3, title: u, status: review, validation: [x]}\n"
	           "      - {id: U4, title: u, status: blocked, blockers: [y]}\n"
	           "      - {id: U5, title: u, status: done}\n"
	           "      - {id: U6, title: u, status: dropped}\n"
	           "      - {id: U7, title: u, status: deferred}\n"
	           "      - {id: E1, title: e, estimate: 0.5h}\n",
	           NULL);
	/* U1-U4 have no estimate and are still to do: counted, never taken as 0 silently */
	check_counts(&f->an->totals, 8, 1, 1, 1, 5, 5, 4, 14.3);
	check_hours(&f->an->totals, 0.5, 0.5, 0.5);
	up_free(f);
}

static void test_calendar_in_remaining_hours(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, "name: T\ncalendar:\n  hours_per_day: 6\n  days_per_week: 4\n",
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 2-3d}\n"
	           "      - {id: B, title: b, estimate: 1w}\n"
	           "      - {id: C, title: c, estimate: 0.5d, status: done}\n",
	           NULL);
	/* a day is 6 h, a week 4 days: A 12-18 h (15 expected), B 24 h */
	check_counts(&f->an->totals, 3, 1, 0, 0, 2, 2, 0, 33.3);
	check_hours(&f->an->totals, 36, 39, 42);
	UP_ASSERT_NEAR(f->an->critical_hours, 24);
	up_free(f);
}

static void test_states(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: BASE, title: b}\n"
	           "      - {id: FIN, title: f, status: done}\n"
	           "      - {id: W1, title: w, depends_on: [BASE]}\n"
	           "      - {id: W2, title: w, blockers: [waiting for hardware]}\n"
	           "      - {id: W3, title: w, depends_on: [FIN]}\n"
	           "      - {id: W4, title: w, status: in-progress, depends_on: [BASE]}\n"
	           "      - {id: W5, title: w, status: blocked, blockers: [x]}\n"
	           "      - {id: W6, title: w, status: review, validation: [v], depends_on: [BASE]}\n"
	           "      - {id: W7, title: w, status: deferred}\n"
	           "      - {id: W8, title: w, status: dropped, depends_on: [BASE]}\n"
	           "      - {id: W9, title: w, status: pending, depends_on: [FIN], blockers: [b]}\n",
	           NULL);
	static const struct {
		const char *id;
		td_state st;
	} want[] = {
	    {"BASE", TD_STATE_READY}, {"FIN", TD_STATE_DONE},   {"W1", TD_STATE_WAITING},
	    {"W2", TD_STATE_WAITING}, {"W3", TD_STATE_READY},   {"W4", TD_STATE_IN_PROGRESS},
	    {"W5", TD_STATE_BLOCKED}, {"W6", TD_STATE_REVIEW},  {"W7", TD_STATE_DEFERRED},
	    {"W8", TD_STATE_DROPPED}, {"W9", TD_STATE_WAITING},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++) {
		td_state got = up_info(f, want[i].id)->state;
		if (got != want[i].st)
			fail_msg("%s: %s, expected %s", want[i].id, td_state_name(got),
			         td_state_name(want[i].st));
	}
	assert_true(up_info(f, "W4")->remaining);
	assert_true(up_info(f, "W5")->remaining);
	assert_false(up_info(f, "W7")->remaining);
	assert_false(up_info(f, "W8")->remaining);
	assert_false(up_info(f, "FIN")->remaining);
	const td_totals *t = &f->an->totals;
	assert_int_equal(t->by_state[TD_STATE_READY], 2);
	assert_int_equal(t->by_state[TD_STATE_WAITING], 3);
	up_free(f);
}

static void test_state_names(void **state)
{
	(void)state;
	static const char *const names[] = {"ready",  "waiting", "blocked",  "in-progress",
	                                    "review", "done",    "deferred", "dropped"};
	assert_int_equal(TD_ARRAY_LEN(names), TD_STATE_COUNT);
	for (int s = 0; s < TD_STATE_COUNT; s++)
		assert_string_equal(td_state_name((td_state)s), names[s]);
}

static const char READY_WS[] = "id: ws\ntitle: W\nphases:\n"
                               "  - id: p1\n    title: P1\n    tasks:\n"
                               "      - {id: A, title: a, estimate: 4h}\n"
                               "      - {id: B, title: b, estimate: 4h, depends_on: [A]}\n"
                               "      - {id: Z, title: z, estimate: 9h, status: done}\n"
                               "      - {id: S, title: s, estimate: 3h, depends_on: [Z]}\n"
                               "      - {id: G, title: g, estimate: 7h, priority: low}\n"
                               "      - {id: E, title: e, estimate: 2h}\n"
                               "      - {id: D, title: d, estimate: 2h, priority: low}\n"
                               "      - {id: R-10, title: r, estimate: 2h, priority: high}\n"
                               "      - {id: F, title: f, estimate: 2h, priority: critical}\n"
                               "      - {id: R-9, title: r, estimate: 2h, priority: high}\n"
                               "      - {id: C, title: c, estimate: 2h, priority: critical}\n"
                               "      - {id: I, title: i, estimate: 1h, status: in-progress}\n"
                               "      - {id: K, title: k, estimate: 1h, blockers: [license]}\n"
                               "      - {id: L, title: l, estimate: 1h, status: deferred}\n";

static void test_ready_list_order(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, READY_WS, NULL);
	/* the order the pages state: the critical path (A) first, then
	 * priority (critical, high, low, none), then slack (G 1 before D 6,
	 * S 5 before E 6), then natural id */
	UP_ASSERT_IDS(f, f->an->ready, f->an->nready, "A", "C", "F", "R-9", "R-10", "G", "D", "S", "E");
	UP_ASSERT_NEAR(up_info(f, "A")->slack, 0);
	UP_ASSERT_NEAR(up_info(f, "G")->slack, 1);
	UP_ASSERT_NEAR(up_info(f, "S")->slack, 5);
	UP_ASSERT_NEAR(up_info(f, "C")->slack, 6);
	UP_ASSERT_NEAR(up_info(f, "E")->slack, 6);
	assert_int_equal(f->an->totals.by_state[TD_STATE_READY], 9);
	up_free(f);
}

static void test_ready_list_waits_for_phase_dependency(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 1h, status: done}\n"
	           "      - {id: B, title: b, estimate: 1h, status: review, validation: [v]}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
	           "      - {id: C, title: c, estimate: 1h}\n"
	           "  - id: p3\n    title: P3\n    depends_on: [A]\n    tasks:\n"
	           "      - {id: D, title: d, estimate: 1h}\n",
	           NULL);
	/* C waits for B (in review) through its phase; D's phase needs only done A */
	assert_int_equal(up_info(f, "C")->state, TD_STATE_WAITING);
	assert_int_equal(up_info(f, "D")->state, TD_STATE_READY);
	UP_ASSERT_IDS(f, f->an->ready, f->an->nready, "D");
	up_free(f);
}

static void test_lint_messages(void **state)
{
	static const char ws[] =
	    "id: ws\ntitle: W\nphases:\n"
	    "  - id: p1\n    title: P1\n    tasks:\n"
	    "      - {id: L1, title: a, status: done, blockers: [old news]}\n"
	    "      - {id: L2, title: a, status: blocked}\n"
	    "      - {id: L3, title: a, status: review}\n"
	    "      - {id: L4, title: a, status: review, criteria: [{title: t, done: true}]}\n"
	    "  - id: p2\n    title: P2\n    validation: [make check]\n    tasks:\n"
	    "      - {id: L5, title: a, status: code-complete}\n";
	static const char project[] = "name: T\nsprints:\n"
	                              "  - name: Week 44\n    start: 2025-10-27\n    focus: [L1, p1]\n";
	up_fixture *f = *state;
	up_analyze(f, project, ws, NULL);
	assert_int_equal(f->diags.errors, 0);
	assert_int_equal(f->diags.warnings, 4);
	const td_diag *d = up_find_diag(f, "task L1 is done but still lists blockers; remove them");
	assert_int_equal(d->severity, TD_SEV_WARNING);
	up_assert_at(d, "ws1.yaml", ws, "old news");
	d = up_find_diag(f, "task L2 is blocked but lists no blockers; say why in 'blockers'");
	up_assert_at(d, "ws1.yaml", ws, "blocked}");
	d = up_find_diag(
	    f, "task L3 is in review but has no validation commands or criteria (on the task or its phase)");
	up_assert_at(d, "ws1.yaml", ws, "review}");
	d = up_find_diag(f, "sprint 'Week 44' focuses on L1, which is already done");
	up_assert_at(d, "project.yaml", project, "L1,");
	up_free(f);
}

/* How the view writes hours and what is left (view/format.c, issue 13.4). */
static void expect_text(void (*fn)(td_buf *, double), double v, const char *want)
{
	td_buf b = TD_BUF_INIT;
	fn(&b, v);
	assert_string_equal(td_buf_cstr(&b), want);
	td_buf_free(&b);
}

static void expect_remaining(int remaining, int unest, int deferred, double h, const char *want)
{
	td_buf b = TD_BUF_INIT;
	td_view_remaining_text(&b, remaining, unest, deferred, h);
	assert_string_equal(td_buf_cstr(&b), want);
	td_buf_free(&b);
}

/* td_view_number_text writes numbers without printf where it can: the
 * same bytes as the printf it stands for ("%.0f" for whole numbers, "%g"
 * else), over whole numbers, quarters, near-whole values, signs and zeros. */
static void expect_as_printf(double v)
{
	char want[512];
	if (fabs(v - round(v)) < 1e-9)
		snprintf(want, sizeof want, "%.0f", v);
	else
		snprintf(want, sizeof want, "%g", v);
	td_buf b = TD_BUF_INIT;
	td_view_number_text(&b, v);
	if (strcmp(td_buf_cstr(&b), want) != 0)
		fail_msg("%a: '%s', printf writes '%s'", v, td_buf_cstr(&b), want);
	td_buf_free(&b);
}

static void test_number_text_as_printf(void **state)
{
	(void)state;
	static const double odd[] = {0.0, -0.0, 1e-10, -1e-10, 0.5, -0.5, 0.25, -0.25, 0.75, -0.75, 2.9999999999,
	                             -2.9999999999, 9999.75, -9999.75, 10000.25, 123456.5, 1e14, 1e15, 1e16, 1e300,
	                             0.1, 1.0 / 3, 2.3333333, 1e-5, 65.4, 4503599627370495.5, -1e15};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
		expect_as_printf(odd[i]);
	for (int q = -4000; q <= 400000; q++)
		expect_as_printf(q / 4.0);
	for (int k = 0; k < 2000; k++)
		expect_as_printf(k * 0.01 + 1e-10 * (k % 3));
}

static void test_planner_figures(void **state)
{
	(void)state;
	expect_text(td_view_hours_text, 0.33, "20 min");
	expect_text(td_view_hours_text, 0.25, "15 min");
	expect_text(td_view_hours_text, 1.08, "1 h");
	expect_text(td_view_hours_text, 2.33, "2.25 h");
	expect_text(td_view_hours_text, 9.9, "10 h");
	expect_text(td_view_hours_text, 27.5, "28 h");
	expect_text(td_view_hours_text, 232.58, "233 h");
	expect_text(td_view_hours_text, 0, "0 h");
	expect_text(td_view_days_text, 29.07, "29 working days");
	expect_text(td_view_days_text, 3.44, "3.5 working days");
	expect_text(td_view_days_text, 1, "1 working day");
	expect_text(td_view_days_text, 0.01, "0.25 working days");
	expect_remaining(5, 3, 0, 12, "12 h, plus 3 of 5 tasks unestimated");
	expect_remaining(5, 5, 0, 0, "unknown (5 of 5 tasks unestimated)");
	expect_remaining(1, 1, 0, 0, "unknown (1 of 1 task unestimated)");
	expect_remaining(0, 0, 3, 0, "deferred (3 tasks)");
	expect_remaining(0, 0, 1, 0, "deferred (1 task)");
	expect_remaining(0, 0, 0, 0, "none");
	td_buf b = TD_BUF_INIT;
	td_view_estimate_display(&b, 1.0 / 3, 1.0 / 3, 'h');
	assert_string_equal(td_buf_cstr(&b), "20 min");
	td_buf_clear(&b);
	td_view_estimate_display(&b, 0.25, 0.5, 'h');
	assert_string_equal(td_buf_cstr(&b), "15-30 min");
	td_buf_clear(&b);
	td_view_estimate_display(&b, 2, 3, 'd');
	assert_string_equal(td_buf_cstr(&b), "2-3 days");
	td_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_planner_figures),
	    cmocka_unit_test_setup_teardown(test_totals_every_status, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_totals_roll_up, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_percent_rounding, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_empty_plan_totals, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_unestimated_counted_only_when_remaining, up_setup,
	                                    up_teardown),
	    cmocka_unit_test_setup_teardown(test_calendar_in_remaining_hours, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_states, up_setup, up_teardown),
	    cmocka_unit_test(test_state_names),
	    cmocka_unit_test_setup_teardown(test_ready_list_order, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_ready_list_waits_for_phase_dependency, up_setup,
	                                    up_teardown),
	    cmocka_unit_test_setup_teardown(test_lint_messages, up_setup, up_teardown),
	    cmocka_unit_test(test_number_text_as_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
