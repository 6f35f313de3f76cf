/* check_deps.c - analyze/deps.c (+ the dependency parts of lint.c):
 * resolution of task, phase and workstream ids, inherited phase
 * dependencies, when a dependency is satisfied (SCHEMA 3.1), unknown ids
 * with "did you mean", cycles, and the dependents lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_plan.h"

/* ---- resolution ---- */

static const char RESOLVE_WS1[] = "id: ws1\ntitle: One\nphases:\n"
                                  "  - id: p0\n    title: P0\n    tasks:\n"
                                  "      - {id: Z, title: z}\n"
                                  "  - id: p1\n    title: P1\n    tasks:\n"
                                  "      - {id: A, title: a}\n"
                                  "      - {id: B, title: b, depends_on: [A, p0, ws2]}\n"
                                  "  - id: p1x\n    title: P1x\n    depends_on: [A, q1]\n    tasks:\n"
                                  "      - {id: C, title: c, depends_on: B}\n"
                                  "      - {id: D, title: d}\n";
static const char RESOLVE_WS2[] = "id: ws2\ntitle: Two\nphases:\n"
                                  "  - id: q1\n    title: Q1\n    tasks:\n"
                                  "      - {id: E, title: e}\n";

static void test_resolve_kinds_and_order(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, RESOLVE_WS1, RESOLVE_WS2, NULL);
	/* B: A (task), p0 (phase), ws2 (workstream), in written order */
	const td_task_info *b = up_info(f, "B");
	assert_int_equal(b->ndeps, 3);
	assert_string_equal(b->deps[0].id, "A");
	assert_int_equal(b->deps[0].ref.kind, TD_NODE_TASK);
	assert_ptr_equal(b->deps[0].ref.ptr, f->plan->tasks[up_task(f, "A")]);
	assert_string_equal(b->deps[1].id, "p0");
	assert_int_equal(b->deps[1].ref.kind, TD_NODE_PHASE);
	assert_ptr_equal(b->deps[1].ref.ptr, up_phase(f, "p0"));
	assert_string_equal(b->deps[2].id, "ws2");
	assert_int_equal(b->deps[2].ref.kind, TD_NODE_WORKSTREAM);
	assert_ptr_equal(b->deps[2].ref.ptr, up_ws(f, "ws2"));
	for (size_t k = 0; k < 3; k++)
		assert_false(b->deps[k].from_phase);
	/* A has none */
	assert_int_equal(up_info(f, "A")->ndeps, 0);
	/* the written dependency has a location */
	assert_string_equal(b->deps[0].loc.file, "ws1.yaml");
	assert_int_equal(b->deps[0].loc.line, 12);
	assert_int_equal(b->deps[0].loc.col, 40);
	assert_int_equal(b->deps[2].loc.line, 12);
	assert_int_equal(b->deps[2].loc.col, 47);
	up_free(f);
}

static void test_resolve_phase_dependencies_inherited(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, RESOLVE_WS1, RESOLVE_WS2, NULL);
	/* C: its own B (a bare string, not a list), then the phase's A and q1 */
	const td_task_info *c = up_info(f, "C");
	assert_int_equal(c->ndeps, 3);
	assert_string_equal(c->deps[0].id, "B");
	assert_false(c->deps[0].from_phase);
	assert_string_equal(c->deps[1].id, "A");
	assert_true(c->deps[1].from_phase);
	assert_int_equal(c->deps[1].ref.kind, TD_NODE_TASK);
	assert_string_equal(c->deps[2].id, "q1");
	assert_true(c->deps[2].from_phase);
	assert_int_equal(c->deps[2].ref.kind, TD_NODE_PHASE);
	/* inherited deps point at the phase's depends_on */
	assert_string_equal(c->deps[1].loc.file, "ws1.yaml");
	assert_int_equal(c->deps[1].loc.line, 15);
	assert_int_equal(c->deps[1].loc.col, 18);
	assert_int_equal(c->deps[2].loc.line, 15);
	assert_int_equal(c->deps[2].loc.col, 21);
	/* D has only the phase's */
	const td_task_info *d = up_info(f, "D");
	assert_int_equal(d->ndeps, 2);
	assert_string_equal(d->deps[0].id, "A");
	assert_string_equal(d->deps[1].id, "q1");
	assert_true(d->deps[0].from_phase && d->deps[1].from_phase);
	assert_int_equal(f->diags.errors, 0);
	assert_false(f->an->has_cycle);
	up_free(f);
}

/* ---- satisfied ---- */

static void test_satisfied_by_task_status(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: S-todo, title: a}\n"
	           "      - {id: S-prog, title: a, status: in-progress}\n"
	           "      - {id: S-review, title: a, status: review}\n"
	           "      - {id: S-blocked, title: a, status: blocked, blockers: [x]}\n"
	           "      - {id: S-deferred, title: a, status: deferred}\n"
	           "      - {id: S-done, title: a, status: done}\n"
	           "      - {id: S-dropped, title: a, status: dropped}\n"
	           "  - id: p2\n    title: P2\n    tasks:\n"
	           "      - {id: T-todo, title: t, depends_on: [S-todo]}\n"
	           "      - {id: T-prog, title: t, depends_on: [S-prog]}\n"
	           "      - {id: T-review, title: t, depends_on: [S-review]}\n"
	           "      - {id: T-blocked, title: t, depends_on: [S-blocked]}\n"
	           "      - {id: T-deferred, title: t, depends_on: [S-deferred]}\n"
	           "      - {id: T-done, title: t, depends_on: [S-done]}\n"
	           "      - {id: T-dropped, title: t, depends_on: [S-dropped]}\n",
	           NULL);
	static const struct {
		const char *id;
		bool sat;
	} want[] = {{"T-todo", false},     {"T-prog", false}, {"T-review", false}, {"T-blocked", false},
	            {"T-deferred", false}, {"T-done", true},  {"T-dropped", true}};
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++) {
		const td_task_info *ti = up_info(f, want[i].id);
		assert_int_equal(ti->ndeps, 1);
		if (ti->deps[0].satisfied != want[i].sat)
			fail_msg("%s: satisfied %d, expected %d", want[i].id, ti->deps[0].satisfied,
			         want[i].sat);
		assert_int_equal(ti->state, want[i].sat ? TD_STATE_READY : TD_STATE_WAITING);
		assert_int_equal(td_dep_satisfied(&ti->deps[0].ref), want[i].sat);
	}
	up_free(f);
}

static const char SAT_WS1[] = "id: ws1\ntitle: One\nphases:\n"
                              "  - id: p-done\n    title: all done or dropped\n    tasks:\n"
                              "      - {id: A1, title: a, status: done}\n"
                              "      - {id: A2, title: a, status: dropped}\n"
                              "      - {id: A3, title: a, status: completed}\n"
                              "  - id: p-open\n    title: one in review\n    tasks:\n"
                              "      - {id: B1, title: b, status: done}\n"
                              "      - {id: B2, title: b, status: review}\n"
                              "  - id: p-dropped\n    title: all dropped\n    tasks:\n"
                              "      - {id: C1, title: c, status: dropped}\n"
                              "  - id: p-empty\n    title: no tasks\n"
                              "  - id: p-deferred\n    title: deferred is not done\n    tasks:\n"
                              "      - {id: D1, title: d, status: deferred}\n";
static const char SAT_WS2[] = "id: ws2\ntitle: Two, all done\nphases:\n"
                              "  - id: r1\n    title: R1\n    tasks:\n"
                              "      - {id: E1, title: e, status: done}\n"
                              "      - {id: E2, title: e, status: deprecated}\n"
                              "  - id: r2\n    title: R2\n    tasks:\n"
                              "      - {id: E3, title: e, status: done}\n";
static const char SAT_WS3[] = "id: ws3\ntitle: Three\nphases:\n"
                              "  - id: z\n    title: Z\n    tasks:\n"
                              "      - {id: X-p-done, title: x, depends_on: [p-done]}\n"
                              "      - {id: X-p-open, title: x, depends_on: [p-open]}\n"
                              "      - {id: X-p-dropped, title: x, depends_on: [p-dropped]}\n"
                              "      - {id: X-p-empty, title: x, depends_on: [p-empty]}\n"
                              "      - {id: X-p-deferred, title: x, depends_on: [p-deferred]}\n"
                              "      - {id: X-ws1, title: x, depends_on: [ws1]}\n"
                              "      - {id: X-ws2, title: x, depends_on: [ws2]}\n"
                              "      - {id: X-mixed, title: x, depends_on: [ws2, p-done, A2, B2]}\n";

static void test_satisfied_phase_and_workstream(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, SAT_WS1, SAT_WS2, SAT_WS3, NULL);
	static const struct {
		const char *id;
		bool sat;
	} want[] = {
	    {"X-p-done", true},      /* all non-dropped tasks done */
	    {"X-p-open", false},     /* one in review */
	    {"X-p-dropped", true},   /* nothing left to do */
	    {"X-p-empty", true},     /* no tasks at all */
	    {"X-p-deferred", false}, /* deferred is not done */
	    {"X-ws1", false},        {"X-ws2", true},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++) {
		const td_task_info *ti = up_info(f, want[i].id);
		assert_int_equal(ti->ndeps, 1);
		if (ti->deps[0].satisfied != want[i].sat)
			fail_msg("%s: satisfied %d, expected %d", want[i].id, ti->deps[0].satisfied,
			         want[i].sat);
		assert_int_equal(ti->state, want[i].sat ? TD_STATE_READY : TD_STATE_WAITING);
	}
	/* one unmet dependency among met ones keeps the task waiting */
	const td_task_info *m = up_info(f, "X-mixed");
	assert_int_equal(m->ndeps, 4);
	assert_true(m->deps[0].satisfied);
	assert_true(m->deps[1].satisfied);
	assert_true(m->deps[2].satisfied);
	assert_false(m->deps[3].satisfied);
	assert_int_equal(m->state, TD_STATE_WAITING);
	up_free(f);
}

static void test_dep_satisfied_direct(void **state)
{
	up_fixture *f = *state;
	up_load(f, NULL, SAT_WS1, SAT_WS2, SAT_WS3, NULL);
	td_node_ref r;
	static const struct {
		const char *id;
		bool sat;
	} want[] = {{"A1", true},          {"A2", true},      {"B2", false},     {"D1", false},
	            {"p-done", true},      {"p-open", false}, {"p-empty", true}, {"p-dropped", true},
	            {"p-deferred", false}, {"ws1", false},    {"ws2", true},     {"ws3", false}};
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++) {
		assert_true(td_plan_lookup(f->plan, want[i].id, &r));
		if (td_dep_satisfied(&r) != want[i].sat)
			fail_msg("%s: expected %d", want[i].id, want[i].sat);
	}
	up_free(f);
}

/* ---- dropped dependencies: met, with a warning ---- */

static const char DROP_WS[] = "id: ws\ntitle: W\nphases:\n"
                              "  - id: p1\n    title: P1\n    tasks:\n"
                              "      - {id: A, title: a, status: dropped}\n"
                              "      - {id: B, title: b, depends_on: [A]}\n"
                              "      - {id: C, title: c, status: dropped, depends_on: [A ]}\n"
                              "  - id: p2\n    title: P2\n    depends_on: [ A]\n    tasks:\n"
                              "      - {id: D, title: d}\n"
                              "      - {id: E, title: e}\n";

static void test_dropped_dependency_met_with_warning(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, DROP_WS, NULL);
	assert_int_equal(f->diags.errors, 0);
	/* B: met, ready, one warning at the written id */
	assert_true(up_info(f, "B")->deps[0].satisfied);
	assert_int_equal(up_info(f, "B")->state, TD_STATE_READY);
	const td_diag *d =
	    up_find_diag(f, "task B depends on A, which is dropped (the dependency counts as met)");
	assert_int_equal(d->severity, TD_SEV_WARNING);
	up_assert_at(d, "ws1.yaml", DROP_WS, "A]}\n      - {id: C");
	/* the phase's dependency on a dropped task: one warning for the phase,
	 * none per inheriting task */
	d = up_find_diag(f, "phase p2 depends on A, which is dropped (the dependency counts as met)");
	assert_int_equal(d->severity, TD_SEV_WARNING);
	up_assert_at(d, "ws1.yaml", DROP_WS, "A]\n");
	assert_int_equal(
	    up_count_diag(f, TD_SEV_WARNING,
	                  "task D depends on A, which is dropped (the dependency counts as met)"),
	    0);
	assert_int_equal(up_info(f, "D")->state, TD_STATE_READY);
	assert_int_equal(up_info(f, "E")->state, TD_STATE_READY);
	/* a dropped task depending on a dropped one is not worth a warning */
	assert_int_equal(
	    up_count_diag(f, TD_SEV_WARNING,
	                  "task C depends on A, which is dropped (the dependency counts as met)"),
	    0);
	assert_int_equal(f->diags.warnings, 2);
	up_free(f);
}

/* ---- unknown ids ---- */

static const char UNKNOWN_WS[] =
    "id: hpc\ntitle: HPC\nphases:\n"
    "  - id: hpc-phase-1\n    title: P1\n    depends_on: [hpc-phase-9]\n    tasks:\n"
    "      - {id: TASK-001, title: a}\n"
    "      - {id: TASK-10, title: a}\n"
    "      - {id: TASK-9, title: a}\n"
    "  - id: hpc-phase-2\n    title: P2\n    tasks:\n"
    "      - {id: TASK-010, title: b, depends_on: [TASK-00l, TASK-19, zzz-unrelated, TASK-9, TASK-0471]}\n"
    "      - {id: TASK-047, title: c}\n"
    "      - {id: TASK-041, title: d}\n";

static void test_unknown_ids_did_you_mean(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, UNKNOWN_WS, NULL);
	assert_int_equal(f->diags.errors, 5);
	const td_diag *d = up_find_diag(f, "unknown id 'TASK-00l' in depends_on (did you mean 'TASK-001'?)");
	assert_int_equal(d->severity, TD_SEV_ERROR);
	up_assert_at(d, "ws1.yaml", UNKNOWN_WS, "TASK-00l");
	/* equally close to TASK-10 and TASK-9: the one sharing the longer start
	 * (typos sit more often at the end) */
	d = up_find_diag(f, "unknown id 'TASK-19' in depends_on (did you mean 'TASK-10'?)");
	up_assert_at(d, "ws1.yaml", UNKNOWN_WS, "TASK-19");
	/* TASK-047 and TASK-041 are both one edit away: the common start decides */
	d = up_find_diag(f, "unknown id 'TASK-0471' in depends_on (did you mean 'TASK-047'?)");
	up_assert_at(d, "ws1.yaml", UNKNOWN_WS, "TASK-0471");
	d = up_find_diag(
	    f, "unknown id 'zzz-unrelated' in depends_on (expected a task, phase, workstream or external item id)");
	up_assert_at(d, "ws1.yaml", UNKNOWN_WS, "zzz-unrelated");
	/* a phase's depends_on is checked once, not per task */
	d = up_find_diag(f, "unknown id 'hpc-phase-9' in depends_on (did you mean 'hpc-phase-1'?)");
	up_assert_at(d, "ws1.yaml", UNKNOWN_WS, "hpc-phase-9");
	/* unknown entries are left out; the known one stays */
	const td_task_info *t = up_info(f, "TASK-010");
	assert_int_equal(t->ndeps, 1);
	assert_string_equal(t->deps[0].id, "TASK-9");
	assert_int_equal(up_info(f, "TASK-001")->ndeps, 0);
	up_free(f);
}

static void test_unknown_ids_in_focus_and_affects(void **state)
{
	static const char project[] =
	    "name: T\n"
	    "sprints:\n"
	    "  - name: S1\n    start: 2025-10-28\n    focus: [TASK-01, hpc, nope-nope-nope]\n"
	    "risks:\n"
	    "  - id: R1\n    title: r\n    impact: high\n    probability: low\n"
	    "    affects: [TASK-002]\n";
	up_fixture *f = *state;
	up_analyze(f, project,
	           "id: hpc\ntitle: HPC\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: TASK-001, title: a}\n",
	           NULL);
	assert_int_equal(f->diags.errors, 3);
	const td_diag *d = up_find_diag(f, "unknown id 'TASK-01' in sprint focus (did you mean 'TASK-001'?)");
	up_assert_at(d, "project.yaml", project, "TASK-01,");
	d = up_find_diag(
	    f, "unknown id 'nope-nope-nope' in sprint focus (expected a task, phase, workstream or external item id)");
	up_assert_at(d, "project.yaml", project, "nope-nope-nope");
	d = up_find_diag(f, "unknown id 'TASK-002' in risk affects (did you mean 'TASK-001'?)");
	up_assert_at(d, "project.yaml", project, "TASK-002");
	up_free(f);
}

/* ---- cycles ---- */

static void check_one_cycle(up_fixture *f, const char *msg)
{
	assert_true(f->an->has_cycle);
	assert_int_equal(f->diags.errors, 1);
	const td_diag *d = up_find_diag(f, msg);
	assert_int_equal(d->severity, TD_SEV_ERROR);
	/* no critical path through a cycle */
	assert_int_equal(f->an->ncritical, 0);
	UP_ASSERT_NEAR(f->an->critical_hours, 0);
}

static const char CYCLE2_WS[] = "id: ws\ntitle: W\nphases:\n"
                                "  - id: p1\n    title: P1\n    tasks:\n"
                                "      - {id: TASK-2, title: b, estimate: 2h, depends_on: [TASK-1]}\n"
                                "      - {id: TASK-1, title: a, estimate: 1h, depends_on: [TASK-2]}\n"
                                "      - {id: TASK-3, title: c, estimate: 1h}\n";

static void test_cycle_two_tasks(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, CYCLE2_WS, NULL);
	/* the message starts at the smallest id and follows depends_on */
	check_one_cycle(f, "dependency cycle: TASK-1 -> TASK-2 -> TASK-1");
	/* at the first written dependency of the cycle: TASK-1's "TASK-2" */
	up_assert_at(up_find_diag(f, "dependency cycle: TASK-1 -> TASK-2 -> TASK-1"), "ws1.yaml", CYCLE2_WS,
	             "TASK-2]");
	/* the rest of the analysis is still there */
	assert_int_equal(f->an->totals.tasks, 3);
	assert_int_equal(up_info(f, "TASK-3")->state, TD_STATE_READY);
	assert_int_equal(up_info(f, "TASK-1")->state, TD_STATE_WAITING);
	up_free(f);
}

static void test_cycle_three_tasks(void **state)
{
	static const char ws[] = "id: ws\ntitle: W\nphases:\n"
	                         "  - id: p1\n    title: P1\n    tasks:\n"
	                         "      - {id: T1, title: a, depends_on: [T3]}\n"
	                         "      - {id: T2, title: b, depends_on: [T1]}\n"
	                         "      - {id: T3, title: c, depends_on: [T2]}\n"
	                         "      - {id: T4, title: d, depends_on: [T3]}\n";
	up_fixture *f = *state;
	up_analyze(f, NULL, ws, NULL);
	check_one_cycle(f, "dependency cycle: T1 -> T3 -> T2 -> T1");
	up_assert_at(up_find_diag(f, "dependency cycle: T1 -> T3 -> T2 -> T1"), "ws1.yaml", ws,
	             "T3]}\n      - {id: T2");
	up_free(f);
}

static void test_cycle_self(void **state)
{
	static const char ws[] = "id: ws\ntitle: W\nphases:\n"
	                         "  - id: p1\n    title: P1\n    tasks:\n"
	                         "      - {id: A, title: a}\n"
	                         "      - {id: SELF, title: s, depends_on: [A, SELF]}\n";
	up_fixture *f = *state;
	up_analyze(f, NULL, ws, NULL);
	check_one_cycle(f, "dependency cycle: SELF -> SELF");
	up_assert_at(up_find_diag(f, "dependency cycle: SELF -> SELF"), "ws1.yaml", ws, "SELF]");
	up_free(f);
}

static const char CYCLE_PHASE_WS[] = "id: ws\ntitle: W\nphases:\n"
                                     "  - id: p1\n    title: P1\n    tasks:\n"
                                     "      - {id: A, title: a, depends_on: [B]}\n"
                                     "      - {id: A2, title: a}\n"
                                     "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
                                     "      - {id: B, title: b}\n";

static void test_cycle_through_phase(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, CYCLE_PHASE_WS, NULL);
	/* B inherits p2's dependency on p1, which finishes when A does */
	check_one_cycle(f, "dependency cycle: A -> B -> p1 -> A");
	up_assert_at(up_find_diag(f, "dependency cycle: A -> B -> p1 -> A"), "ws1.yaml", CYCLE_PHASE_WS,
	             "B]");
	up_free(f);
}

static void test_cycle_task_on_own_phase_and_workstream(void **state)
{
	static const char ws[] = "id: ws\ntitle: W\nphases:\n"
	                         "  - id: p1\n    title: P1\n    tasks:\n"
	                         "      - {id: A, title: a, depends_on: [p1]}\n"
	                         "  - id: p2\n    title: P2\n    tasks:\n"
	                         "      - {id: B, title: b, depends_on: [ws]}\n";
	up_fixture *f = *state;
	up_analyze(f, NULL, ws, NULL);
	assert_true(f->an->has_cycle);
	assert_int_equal(f->diags.errors, 2);
	up_assert_at(up_find_diag(f, "dependency cycle: A -> p1 -> A"), "ws1.yaml", ws, "p1]");
	up_assert_at(up_find_diag(f, "dependency cycle: B -> ws -> p2 -> B"), "ws1.yaml", ws, "ws]");
	up_free(f);
}

static void test_cycle_between_phases(void **state)
{
	static const char ws[] = "id: ws\ntitle: W\nphases:\n"
	                         "  - id: p1\n    title: P1\n    depends_on: [p2]\n    tasks:\n"
	                         "      - {id: A, title: a}\n"
	                         "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
	                         "      - {id: B, title: b}\n";
	up_fixture *f = *state;
	up_analyze(f, NULL, ws, NULL);
	check_one_cycle(f, "dependency cycle: A -> p2 -> B -> p1 -> A");
	up_assert_at(up_find_diag(f, "dependency cycle: A -> p2 -> B -> p1 -> A"), "ws1.yaml", ws, "p2]");
	up_free(f);
}

static void test_two_separate_cycles(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, depends_on: [B]}\n"
	           "      - {id: B, title: b, depends_on: [A]}\n"
	           "      - {id: C, title: c, depends_on: [D]}\n"
	           "      - {id: D, title: d, depends_on: [E]}\n"
	           "      - {id: E, title: e, depends_on: [C]}\n"
	           "      - {id: F, title: f, depends_on: [A, C]}\n",
	           NULL);
	assert_true(f->an->has_cycle);
	assert_int_equal(f->diags.errors, 2);
	assert_int_equal(up_count_diag(f, TD_SEV_ERROR, "dependency cycle: A -> B -> A"), 1);
	assert_int_equal(up_count_diag(f, TD_SEV_ERROR, "dependency cycle: C -> D -> E -> C"), 1);
	up_free(f);
}

static void test_no_cycle_in_a_long_chain(void **state)
{
	/* a diamond and a chain written backwards are not cycles */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, depends_on: [B, C]}\n"
	           "      - {id: B, title: b, depends_on: [D]}\n"
	           "      - {id: C, title: c, depends_on: [D]}\n"
	           "      - {id: D, title: d, depends_on: [p0]}\n"
	           "  - id: p0\n    title: P0\n    tasks:\n"
	           "      - {id: Z, title: z}\n",
	           NULL);
	assert_false(f->an->has_cycle);
	assert_int_equal(f->diags.errors, 0);
	assert_int_equal(f->diags.warnings, 0);
	up_free(f);
}

/* ---- dependents ---- */

static void test_dependents(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a}\n"
	           "      - {id: B, title: b, depends_on: [A]}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [A]\n    tasks:\n"
	           "      - {id: C, title: c}\n"
	           "      - {id: D, title: d}\n"
	           "  - id: p3\n    title: P3\n    tasks:\n"
	           "      - {id: E, title: e, depends_on: [p1]}\n",
	           NULL);
	const td_task_info *a = up_info(f, "A");
	/* named by B directly and by C and D through their phase; E names the phase, not A */
	UP_ASSERT_IDS(f, a->dependents, a->ndependents, "B", "C", "D");
	assert_int_equal(up_info(f, "B")->ndependents, 0);
	assert_int_equal(up_info(f, "E")->ndependents, 0);
	up_free(f);
}

static void test_dependents_listed_once(void **state)
{
	/* B names A itself and inherits A from its phase: still one dependent */
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: ws\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [A]\n    tasks:\n"
	           "      - {id: B, title: b, depends_on: [A]}\n"
	           "      - {id: C, title: c}\n",
	           NULL);
	const td_task_info *a = up_info(f, "A");
	UP_ASSERT_IDS(f, a->dependents, a->ndependents, "B", "C");
	up_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_resolve_kinds_and_order, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_phase_dependencies_inherited, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_satisfied_by_task_status, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_satisfied_phase_and_workstream, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_dep_satisfied_direct, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_dropped_dependency_met_with_warning, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_ids_did_you_mean, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_ids_in_focus_and_affects, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_two_tasks, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_three_tasks, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_self, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_through_phase, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_task_on_own_phase_and_workstream, up_setup,
	                                    up_teardown),
	    cmocka_unit_test_setup_teardown(test_cycle_between_phases, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_two_separate_cycles, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_no_cycle_in_a_long_chain, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_dependents, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_dependents_listed_once, up_setup, up_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
