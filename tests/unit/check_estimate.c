/* check_estimate.c - model/plan.c: estimates (SCHEMA 3.2) and the words of
 * status (3.1, with aliases), priority, risk level and risk status, directly
 * and through the YAML loader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_plan.h"

/* Parses s with the default calendar (8 h/day, 5 days/week), asserting success. */
static td_estimate est_ok(const char *s, double hpd, double dpw)
{
	td_estimate e;
	memset(&e, 0, sizeof e);
	if (td_estimate_parse(s, hpd, dpw, &e) != 0)
		fail_msg("estimate '%s' should parse", s);
	assert_true(e.known);
	assert_ptr_equal(e.text, s);
	return e;
}

static void check_est(const char *s, double hpd, double dpw, double lo, double hi, char unit, double min_h,
                      double exp_h, double max_h)
{
	td_estimate e = est_ok(s, hpd, dpw);
	UP_ASSERT_NEAR(e.lo, lo);
	UP_ASSERT_NEAR(e.hi, hi);
	assert_int_equal(e.unit, unit);
	UP_ASSERT_NEAR(e.min_hours, min_h);
	UP_ASSERT_NEAR(e.expected_hours, exp_h);
	UP_ASSERT_NEAR(e.max_hours, max_h);
}

static void test_estimate_single_values(void **state)
{
	(void)state;
	check_est("4h", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("0.5h", 8, 5, 0.5, 0.5, 'h', 0.5, 0.5, 0.5);
	check_est("1.25h", 8, 5, 1.25, 1.25, 'h', 1.25, 1.25, 1.25);
	check_est("2d", 8, 5, 2, 2, 'd', 16, 16, 16);
	check_est("0.5d", 8, 5, 0.5, 0.5, 'd', 4, 4, 4);
	check_est("10w", 8, 5, 10, 10, 'w', 400, 400, 400);
	check_est("1w", 8, 5, 1, 1, 'w', 40, 40, 40);
	check_est("999999h", 8, 5, 999999, 999999, 'h', 999999, 999999, 999999);
}

static void test_estimate_ranges(void **state)
{
	(void)state;
	check_est("2-3d", 8, 5, 2, 3, 'd', 16, 20, 24);
	check_est("1-2h", 8, 5, 1, 2, 'h', 1, 1.5, 2);
	check_est("4-4h", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("2-3.5d", 8, 5, 2, 3.5, 'd', 16, 22, 28);
	check_est("1-2w", 8, 5, 1, 2, 'w', 40, 60, 80);
	check_est("0.5-1.5h", 8, 5, 0.5, 1.5, 'h', 0.5, 1, 1.5);
}

static void test_estimate_calendar(void **state)
{
	(void)state;
	/* a day is hours_per_day hours, a week days_per_week days */
	check_est("2d", 6, 4, 2, 2, 'd', 12, 12, 12);
	check_est("1w", 6, 4, 1, 1, 'w', 24, 24, 24);
	check_est("1.5d", 6, 4, 1.5, 1.5, 'd', 9, 9, 9);
	check_est("1-2w", 6, 4, 1, 2, 'w', 24, 36, 48);
	check_est("3h", 6, 4, 3, 3, 'h', 3, 3, 3); /* hours are hours */
	check_est("1w", 7.5, 4.5, 1, 1, 'w', 33.75, 33.75, 33.75);
}

static void test_estimate_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {"",     "h",    "4",      " 4h",    "4h ",  "4m",      "-4h",  "3-2d",
	                                  "0h",   "0.0h", "0-0h",   "1.h",    ".h",   "4-h",     "-3h",  "2d-3d",
	                                  "1,5h", "1e3h", "1234567h", "2--3d", "4hh", "4-5-6h",  "2-3",  "d",
	                                  "4h\n", "four hours", "4-2.5h", "~", "~h", "4 months", "0 min", "4 h s"};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_estimate e;
		memset(&e, 0, sizeof e);
		if (td_estimate_parse(bad[i], 8, 5, &e) >= 0)
			fail_msg("estimate '%s' should be rejected", bad[i]);
		assert_false(e.known);
	}
}

/* Issue 11: the words taskdoc's own pages print ("4 hrs", "2-3 days") and
 * what hand-kept pages say are read; the unit stays h, d or w. */
static void test_estimate_words(void **state)
{
	(void)state;
	check_est("4 hrs", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("0.5 hrs", 8, 5, 0.5, 0.5, 'h', 0.5, 0.5, 0.5);
	check_est("1 hr", 8, 5, 1, 1, 'h', 1, 1, 1);
	check_est("4 hours", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("4hours", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("4 h", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("4H", 8, 5, 4, 4, 'h', 4, 4, 4);
	check_est("2 days", 8, 5, 2, 2, 'd', 16, 16, 16);
	check_est("1 day", 8, 5, 1, 1, 'd', 8, 8, 8);
	check_est("2-3 days", 8, 5, 2, 3, 'd', 16, 20, 24);
	check_est("2 - 3 days", 8, 5, 2, 3, 'd', 16, 20, 24);
	check_est("2\xE2\x80\x93" "3 days", 8, 5, 2, 3, 'd', 16, 20, 24); /* en dash */
	check_est("3 d", 8, 5, 3, 3, 'd', 24, 24, 24);
	check_est("3D", 8, 5, 3, 3, 'd', 24, 24, 24);
	check_est("~10 weeks", 8, 5, 10, 10, 'w', 400, 400, 400);
	check_est("~ 10 weeks", 8, 5, 10, 10, 'w', 400, 400, 400);
	check_est("1 w", 8, 5, 1, 1, 'w', 40, 40, 40);
	check_est("1 week", 8, 5, 1, 1, 'w', 40, 40, 40);
	check_est("3-4 wks", 8, 5, 3, 4, 'w', 120, 140, 160);
	check_est("~1 hour", 8, 5, 1, 1, 'h', 1, 1, 1);
	/* minutes become hours, rounded to 0.01 h */
	check_est("30 min", 8, 5, 0.5, 0.5, 'h', 0.5, 0.5, 0.5);
	check_est("~30 min", 8, 5, 0.5, 0.5, 'h', 0.5, 0.5, 0.5);
	check_est("20 min", 8, 5, 0.33, 0.33, 'h', 0.33, 0.33, 0.33);
	check_est("10 minutes", 8, 5, 0.17, 0.17, 'h', 0.17, 0.17, 0.17);
	check_est("90 mins", 8, 5, 1.5, 1.5, 'h', 1.5, 1.5, 1.5);
}

static void test_estimate_reject_reasons(void **state)
{
	(void)state;
	td_estimate e;
	assert_int_equal(td_estimate_parse("3-2d", 8, 5, &e), TD_ESTIMATE_REVERSED);
	assert_int_equal(td_estimate_parse("4-2.5h", 8, 5, &e), TD_ESTIMATE_REVERSED);
	assert_int_equal(td_estimate_parse("0h", 8, 5, &e), TD_ESTIMATE_ZERO);
	assert_int_equal(td_estimate_parse("0-0h", 8, 5, &e), TD_ESTIMATE_ZERO);
	assert_int_equal(td_estimate_parse("four hours", 8, 5, &e), TD_ESTIMATE_BAD);
	assert_int_equal(td_estimate_parse("3-2 days", 8, 5, &e), TD_ESTIMATE_REVERSED);
	assert_int_equal(td_estimate_parse("0 min", 8, 5, &e), TD_ESTIMATE_ZERO);
}

static void test_estimate_through_loader(void **state)
{
	up_fixture *f = *state;
	up_load(f, "name: T\ncalendar:\n  hours_per_day: 6\n  days_per_week: 4\n",
	        "id: ws\ntitle: W\nphases:\n"
	        "  - id: p1\n    title: P1\n    tasks:\n"
	        "      - {id: A, title: A, estimate: 2d}\n"
	        "      - {id: B, title: B, estimate: 2-3w}\n"
	        "      - {id: C, title: C, estimate: 0.5h}\n"
	        "      - {id: D, title: D}\n"
	        "      - {id: E, title: E, estimate: ~}\n",
	        NULL);
	UP_ASSERT_NEAR(f->plan->hours_per_day, 6);
	UP_ASSERT_NEAR(f->plan->days_per_week, 4);
	const td_task *a = f->plan->tasks[up_task(f, "A")];
	assert_true(a->estimate.known);
	assert_string_equal(a->estimate.text, "2d");
	UP_ASSERT_NEAR(a->estimate.expected_hours, 12);
	const td_task *b = f->plan->tasks[up_task(f, "B")];
	UP_ASSERT_NEAR(b->estimate.min_hours, 48);
	UP_ASSERT_NEAR(b->estimate.expected_hours, 60);
	UP_ASSERT_NEAR(b->estimate.max_hours, 72);
	assert_int_equal(b->estimate.unit, 'w');
	UP_ASSERT_NEAR(f->plan->tasks[up_task(f, "C")]->estimate.expected_hours, 0.5);
	/* missing or null: unknown, not 0 */
	assert_false(f->plan->tasks[up_task(f, "D")]->estimate.known);
	assert_null(f->plan->tasks[up_task(f, "D")]->estimate.text);
	assert_false(f->plan->tasks[up_task(f, "E")]->estimate.known);
	up_free(f);
}

static void test_estimate_loader_errors(void **state)
{
	up_fixture *f = *state;
	assert_int_equal(up_load_try(f, NULL,
	                             "id: ws\ntitle: W\nphases:\n"
	                             "  - id: p1\n    title: P1\n    tasks:\n"
	                             "      - id: A\n        title: A\n        estimate: four hours\n"
	                             "      - id: B\n        title: B\n        estimate: 4\n",
	                             NULL),
	                 -1);
	assert_int_equal(f->diags.errors, 2);
	const td_diag *d = up_find_diag(f, "bad estimate 'four hours' (expected a number and a unit h, d or w, "
	                                   "or a range: 4h, 0.5h, 2d, 2-3d, 10w)");
	assert_int_equal(d->severity, TD_SEV_ERROR);
	assert_string_equal(d->file, "ws1.yaml");
	assert_int_equal(d->line, 9);
	assert_int_equal(d->col, 19);
	d = up_find_diag(f, "bad estimate '4' (expected a number and a unit h, d or w, "
	                    "or a range: 4h, 0.5h, 2d, 2-3d, 10w)");
	assert_int_equal(d->line, 12);
	assert_int_equal(d->col, 19);
	assert_false(f->plan->tasks[up_task(f, "A")]->estimate.known);
	up_free(f);
}

static void test_status_names_and_aliases(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		int want;
	} cases[] = {
	    {"todo", TD_STATUS_TODO},
	    {"pending", TD_STATUS_TODO},
	    {"planned", TD_STATUS_TODO},
	    {"in-progress", TD_STATUS_IN_PROGRESS},
	    {"active", TD_STATUS_IN_PROGRESS},
	    {"review", TD_STATUS_REVIEW},
	    {"validation-pending", TD_STATUS_REVIEW},
	    {"code-complete", TD_STATUS_REVIEW},
	    {"blocked", TD_STATUS_BLOCKED},
	    {"deferred", TD_STATUS_DEFERRED},
	    {"done", TD_STATUS_DONE},
	    {"complete", TD_STATUS_DONE},
	    {"completed", TD_STATUS_DONE},
	    {"dropped", TD_STATUS_DROPPED},
	    {"deprecated", TD_STATUS_DROPPED},
	    {"", -1},
	    /* any case, ' ' or '_' for '-' (issue 11) */
	    {"Done", TD_STATUS_DONE},
	    {"DONE", TD_STATUS_DONE},
	    {"Completed", TD_STATUS_DONE},
	    {"in progress", TD_STATUS_IN_PROGRESS},
	    {"In Progress", TD_STATUS_IN_PROGRESS},
	    {"in_progress", TD_STATUS_IN_PROGRESS},
	    {"Validation Pending", TD_STATUS_REVIEW},
	    {"CODE COMPLETE", TD_STATUS_REVIEW},
	    {"inprogress", -1},
	    {"finished", -1},
	    {"wip", -1},
	    {"done ", -1},
	    {"ready", -1}, /* derived, never written */
	    {"waiting", -1},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		int got = td_status_parse(cases[i].word);
		if (got != cases[i].want)
			fail_msg("status '%s': got %d, expected %d", cases[i].word, got, cases[i].want);
	}
	static const char *const names[] = {"todo",     "in-progress", "review", "blocked",
	                                    "deferred", "done",        "dropped"};
	assert_int_equal(TD_ARRAY_LEN(names), TD_STATUS_COUNT);
	for (int s = 0; s < TD_STATUS_COUNT; s++) {
		assert_string_equal(td_status_name((td_status)s), names[s]);
		assert_int_equal(td_status_parse(td_status_name((td_status)s)), s);
	}
}

static void test_status_through_loader(void **state)
{
	up_fixture *f = *state;
	up_load(f, NULL,
	        "id: ws\ntitle: W\nphases:\n"
	        "  - id: p1\n    title: P1\n    tasks:\n"
	        "      - {id: T1, title: a}\n"
	        "      - {id: T2, title: b, status: completed}\n"
	        "      - {id: T3, title: c, status: validation-pending}\n"
	        "      - {id: T4, title: d, status: deprecated}\n"
	        "      - {id: T5, title: e, status: active}\n"
	        "      - {id: T6, title: f, status: planned}\n",
	        NULL);
	assert_int_equal(f->plan->tasks[up_task(f, "T1")]->status, TD_STATUS_TODO); /* default */
	assert_int_equal(f->plan->tasks[up_task(f, "T2")]->status, TD_STATUS_DONE);
	assert_int_equal(f->plan->tasks[up_task(f, "T3")]->status, TD_STATUS_REVIEW);
	assert_int_equal(f->plan->tasks[up_task(f, "T4")]->status, TD_STATUS_DROPPED);
	assert_int_equal(f->plan->tasks[up_task(f, "T5")]->status, TD_STATUS_IN_PROGRESS);
	assert_int_equal(f->plan->tasks[up_task(f, "T6")]->status, TD_STATUS_TODO);
	up_free(f);
}

static void test_status_loader_error(void **state)
{
	up_fixture *f = *state;
	assert_int_equal(up_load_try(f, NULL,
	                             "id: ws\ntitle: W\nphases:\n"
	                             "  - id: p1\n    title: P1\n    tasks:\n"
	                             "      - {id: T1, title: a, status: finished}\n",
	                             NULL),
	                 -1);
	assert_int_equal(f->diags.errors, 1);
	const td_diag *d = up_find_diag(
	    f, "bad status 'finished' (expected one of: todo, in-progress, review, blocked, deferred, done, "
	       "dropped (aliases: pending, planned, active, validation-pending, code-complete, complete, "
	       "completed, deprecated))");
	assert_string_equal(d->file, "ws1.yaml");
	assert_int_equal(d->line, 7);
	assert_int_equal(d->col, 36);
	/* the task keeps the default status */
	assert_int_equal(f->plan->tasks[up_task(f, "T1")]->status, TD_STATUS_TODO);
	up_free(f);
}

static void test_priority_words(void **state)
{
	(void)state;
	assert_int_equal(td_priority_parse("critical"), TD_PRIO_CRITICAL);
	assert_int_equal(td_priority_parse("high"), TD_PRIO_HIGH);
	assert_int_equal(td_priority_parse("medium"), TD_PRIO_MEDIUM);
	assert_int_equal(td_priority_parse("low"), TD_PRIO_LOW);
	assert_int_equal(td_priority_parse("none"), -1); /* the default, not a word one writes */
	assert_int_equal(td_priority_parse("High"), TD_PRIO_HIGH);
	assert_int_equal(td_priority_parse("CRITICAL"), TD_PRIO_CRITICAL);
	assert_int_equal(td_priority_parse("urgent"), -1);
	assert_int_equal(td_priority_parse("p1"), TD_PRIO_HIGH);
	assert_int_equal(td_priority_parse("P0"), TD_PRIO_CRITICAL);
	assert_int_equal(td_priority_parse("P2"), TD_PRIO_MEDIUM);
	assert_int_equal(td_priority_parse("P3"), TD_PRIO_LOW);
	assert_int_equal(td_priority_parse("P4"), -1);
	/* near misses */
	assert_string_equal(td_priority_suggest("hihg"), "high");
	assert_null(td_priority_suggest("urgent"));
	assert_string_equal(td_status_suggest("in-progres"), "in-progress");
	assert_string_equal(td_status_suggest("In Progres"), "in-progress");
	assert_string_equal(td_status_suggest("complet"), "complete");
	assert_null(td_status_suggest("finished"));
	assert_string_equal(td_level_suggest("hgh", false), "high");
	assert_string_equal(td_risk_status_suggest("mitigate"), "mitigated");
	assert_int_equal(td_priority_parse(""), -1);
	assert_string_equal(td_priority_name(TD_PRIO_CRITICAL), "critical");
	assert_string_equal(td_priority_name(TD_PRIO_HIGH), "high");
	assert_string_equal(td_priority_name(TD_PRIO_MEDIUM), "medium");
	assert_string_equal(td_priority_name(TD_PRIO_LOW), "low");
	assert_string_equal(td_priority_name(TD_PRIO_NONE), "none");
	/* the enum orders by urgency, as the ready list relies on */
	assert_true(TD_PRIO_CRITICAL < TD_PRIO_HIGH && TD_PRIO_HIGH < TD_PRIO_MEDIUM &&
	            TD_PRIO_MEDIUM < TD_PRIO_LOW && TD_PRIO_LOW < TD_PRIO_NONE);
}

static void test_priority_through_loader(void **state)
{
	up_fixture *f = *state;
	assert_int_equal(up_load_try(f, NULL,
	                             "id: ws\ntitle: W\nphases:\n"
	                             "  - id: p1\n    title: P1\n    tasks:\n"
	                             "      - {id: T1, title: a, priority: high}\n"
	                             "      - {id: T2, title: b}\n"
	                             "      - {id: T3, title: c, priority: urgent}\n",
	                             NULL),
	                 -1);
	assert_int_equal(f->diags.errors, 1);
	const td_diag *d =
	    up_find_diag(f, "bad priority 'urgent' (expected one of: critical, high, medium, low (aliases: P0, P1, P2, P3))");
	assert_int_equal(d->line, 9);
	assert_int_equal(d->col, 38);
	assert_int_equal(f->plan->tasks[up_task(f, "T1")]->priority, TD_PRIO_HIGH);
	assert_int_equal(f->plan->tasks[up_task(f, "T2")]->priority, TD_PRIO_NONE);
	assert_int_equal(f->plan->tasks[up_task(f, "T3")]->priority, TD_PRIO_NONE);
	up_free(f);
}

static void test_level_and_risk_status_words(void **state)
{
	(void)state;
	assert_int_equal(td_level_parse("low", false), TD_LEVEL_LOW);
	assert_int_equal(td_level_parse("medium", false), TD_LEVEL_MEDIUM);
	assert_int_equal(td_level_parse("high", false), TD_LEVEL_HIGH);
	assert_int_equal(td_level_parse("critical", false), -1); /* probability has no critical */
	assert_int_equal(td_level_parse("critical", true), TD_LEVEL_CRITICAL);
	assert_int_equal(td_level_parse("severe", true), -1);
	assert_int_equal(td_level_parse("High", false), TD_LEVEL_HIGH);
	assert_string_equal(td_level_name(TD_LEVEL_CRITICAL), "critical");
	assert_int_equal(td_risk_status_parse("open"), TD_RISK_OPEN);
	assert_int_equal(td_risk_status_parse("mitigated"), TD_RISK_MITIGATED);
	assert_int_equal(td_risk_status_parse("closed"), TD_RISK_CLOSED);
	assert_int_equal(td_risk_status_parse("resolved"), -1);
	assert_string_equal(td_risk_status_name(TD_RISK_MITIGATED), "mitigated");
	assert_string_equal(td_node_kind_name(TD_NODE_TASK), "task");
	assert_string_equal(td_node_kind_name(TD_NODE_PHASE), "phase");
	assert_string_equal(td_node_kind_name(TD_NODE_WORKSTREAM), "workstream");
}

static void test_calendar_bounds(void **state)
{
	up_fixture *f = *state;
	assert_int_equal(up_load_try(f, "name: T\ncalendar:\n  hours_per_day: 0\n  days_per_week: 8\n", NULL),
	                 -1);
	assert_int_equal(f->diags.errors, 2);
	const td_diag *d = up_find_diag(f, "hours_per_day must be more than 0 and at most 24");
	assert_string_equal(d->file, "project.yaml");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 18);
	d = up_find_diag(f, "days_per_week must be more than 0 and at most 7");
	assert_int_equal(d->line, 4);
	/* the defaults stay */
	UP_ASSERT_NEAR(f->plan->hours_per_day, 8);
	UP_ASSERT_NEAR(f->plan->days_per_week, 5);
	up_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_estimate_single_values),
	    cmocka_unit_test(test_estimate_ranges),
	    cmocka_unit_test(test_estimate_calendar),
	    cmocka_unit_test(test_estimate_rejects),
	    cmocka_unit_test(test_estimate_words),
	    cmocka_unit_test(test_estimate_reject_reasons),
	    cmocka_unit_test_setup_teardown(test_estimate_through_loader, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_estimate_loader_errors, up_setup, up_teardown),
	    cmocka_unit_test(test_status_names_and_aliases),
	    cmocka_unit_test_setup_teardown(test_status_through_loader, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_status_loader_error, up_setup, up_teardown),
	    cmocka_unit_test(test_priority_words),
	    cmocka_unit_test_setup_teardown(test_priority_through_loader, up_setup, up_teardown),
	    cmocka_unit_test(test_level_and_risk_status_words),
	    cmocka_unit_test_setup_teardown(test_calendar_bounds, up_setup, up_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
