/* check_import.c - load/import_md.c: hand-kept Markdown pages into a plan
 * (issue 11). The seed page table by table, then small pages for each
 * column, status and duration variant, and malformed tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/import.h"
#include "load/load.h"
#include "render/yaml/emit.h"

typedef struct fx {
	td_import *im;
	td_plan *plan;
	td_diags diags;
} fx;

static void import_fixture(fx *f, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/import/%s", TD_SOURCE_DIR, name);
	char *text;
	size_t len;
	if (td_file_read(path, &text, &len) != 0)
		fail_msg("cannot read %s", path);
	memset(f, 0, sizeof *f);
	f->im = td_import_new(NULL);
	assert_int_equal(td_import_page(f->im, name, text, len, &f->diags), 0);
	free(text);
	f->plan = td_import_plan(f->im, &f->diags);
	assert_non_null(f->plan);
	td_diags_sort(&f->diags);
}

static void fx_free(fx *f)
{
	td_import_free(f->im);
	td_diags_free(&f->diags);
}

static const td_task *task(fx *f, const char *id)
{
	td_node_ref r;
	if (!td_plan_lookup(f->plan, id, &r) || r.kind != TD_NODE_TASK)
		fail_msg("no task %s", id);
	return r.ptr;
}

static bool has_diag(fx *f, td_severity sev, int line, const char *part)
{
	for (size_t i = 0; i < f->diags.len; i++)
		if (f->diags.items[i].severity == sev && (line == 0 || f->diags.items[i].line == line) &&
		    strstr(f->diags.items[i].message, part))
			return true;
	return false;
}

/* One row as the seed's table says it: phase, status, priority, estimate. */
typedef struct row {
	const char *id, *phase;
	int status, priority;
	double lo, hi;
	char unit; /* 0: no estimate */
	const char *deps; /* space-separated, "" for none */
} row;

static void check_rows(fx *f, const row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const row *r = &rows[i];
		const td_task *t = task(f, r->id);
		if (strcmp(t->phase->id, r->phase))
			fail_msg("%s: phase %s, expected %s", r->id, t->phase->id, r->phase);
		if ((int)t->status != r->status)
			fail_msg("%s: status %s, expected %s", r->id, td_status_name(t->status), td_status_name((td_status)r->status));
		if ((int)t->priority != r->priority)
			fail_msg("%s: priority %s, expected %s", r->id, td_priority_name(t->priority),
			         td_priority_name((td_priority)r->priority));
		if (!r->unit) {
			if (t->estimate.known)
				fail_msg("%s: has an estimate", r->id);
		} else if (!t->estimate.known || t->estimate.lo != r->lo || t->estimate.hi != r->hi ||
		           t->estimate.unit != r->unit) {
			fail_msg("%s: estimate %g-%g%c, expected %g-%g%c", r->id, t->estimate.lo, t->estimate.hi,
			         t->estimate.unit ? t->estimate.unit : '-', r->lo, r->hi, r->unit);
		}
		char deps[256] = "";
		for (size_t k = 0; k < t->depends_on.len; k++) {
			strcat(deps, k ? " " : "");
			strcat(deps, t->depends_on.items[k].s);
		}
		if (strcmp(deps, r->deps))
			fail_msg("%s: depends on '%s', expected '%s'", r->id, deps, r->deps);
	}
}

enum { TODO = TD_STATUS_TODO, REVIEW = TD_STATUS_REVIEW, DONE = TD_STATUS_DONE, DROPPED = TD_STATUS_DROPPED,
       DEFERRED = TD_STATUS_DEFERRED, INPROG = TD_STATUS_IN_PROGRESS, BLOCKED = TD_STATUS_BLOCKED };
enum { CRIT = TD_PRIO_CRITICAL, HIGH = TD_PRIO_HIGH, MED = TD_PRIO_MEDIUM, LOW = TD_PRIO_LOW, NONE = TD_PRIO_NONE };

static void test_seed_page(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "seed-active-workstreams.md");
	assert_int_equal(f.diags.errors, 0);
	assert_int_equal(f.diags.warnings, 0);
	assert_int_equal(f.plan->nworkstreams, 4);
	assert_int_equal(f.plan->nphases, 15);
	assert_int_equal(f.plan->ntasks, 40);
	assert_int_equal(f.plan->nrisks, 4);
	static const char *const ws[] = {"hpc", "code", "cloud", "mlops"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(f.plan->workstreams[i]->id, ws[i]);
	assert_string_equal(f.plan->workstreams[0]->title, "HPC Infrastructure Completion");
	assert_string_equal(f.plan->workstreams[0]->reference, "hpc-slurm-task-list.md");
	assert_int_equal(f.plan->workstreams[0]->loc.line, 28);
	assert_string_equal(f.plan->workstreams[3]->title, "MLOps Validation");

	/* Workstream 1, Phase 3 (line 37): one task, code complete and validation pending */
	static const row p3[] = {{"TASK-028.1", "hpc-phase-3", REVIEW, CRIT, 4, 4, 'h', ""}};
	check_rows(&f, p3, 1);
	assert_int_equal(task(&f, "TASK-028.1")->blockers.len, 1);
	assert_string_equal(task(&f, "TASK-028.1")->blockers.items[0].s, "Image rebuild + cluster validation");
	/* its Validation block */
	const td_phase *ph3 = task(&f, "TASK-028.1")->phase;
	assert_int_equal(ph3->validation.len, 3);
	assert_string_equal(ph3->validation.items[1].s, "make validate-hpc-cluster");
	/* Phase 4: TASK-046 is not on the page, so it is a note, not a dependency */
	static const row p4[] = {{"TASK-047", "hpc-phase-4", TODO, LOW, 2, 2, 'h', ""},
	                         {"TASK-047.1", "hpc-phase-4", TODO, LOW, 0.5, 0.5, 'h', "TASK-047"},
	                         {"TASK-048", "hpc-phase-4", TODO, MED, 2, 2, 'h', "TASK-047"}};
	check_rows(&f, p4, 3);
	assert_true(has_diag(&f, TD_SEV_NOTE, 59, "dependency 'TASK-046' names nothing the pages list"));
	assert_int_equal(task(&f, "TASK-047")->phase->outcome.len, 3);
	assert_string_equal(task(&f, "TASK-047")->phase->objective, "Complete Ansible role consolidation");
	/* Phase 6: five tasks (the heading says four) */
	static const row p6[] = {{"TASK-040", "hpc-phase-6", TODO, HIGH, 1, 1, 'h', "TASK-048"},
	                         {"TASK-041", "hpc-phase-6", TODO, HIGH, 2, 2, 'h', "TASK-040"},
	                         {"TASK-042", "hpc-phase-6", TODO, HIGH, 2, 2, 'h', "TASK-041"},
	                         {"TASK-043", "hpc-phase-6", TODO, HIGH, 2, 2, 'h', "TASK-042"},
	                         {"TASK-044", "hpc-phase-6", TODO, HIGH, 3, 3, 'h', "TASK-043"}};
	check_rows(&f, p6, 5);
	assert_int_equal(task(&f, "TASK-040")->phase->criteria.len, 5);
	assert_int_equal(task(&f, "TASK-040")->phase->validation.len, 10);
	/* Phase 4 & 6 Test Consolidation: "Phase 3a ✅" names no phase */
	static const row tc[] = {{"TASK-035", "hpc-phase-4-2", TODO, HIGH, 2, 2, 'h', ""},
	                         {"TASK-036", "hpc-phase-4-2", TODO, HIGH, 5, 5, 'h', "TASK-035"},
	                         {"TASK-037", "hpc-phase-4-2", TODO, HIGH, 2, 2, 'h', "TASK-036"}};
	check_rows(&f, tc, 3);
	assert_non_null(strstr(task(&f, "TASK-035")->notes, "Phase 3a"));

	/* Workstream 2: statuses as glyphs and words */
	static const row cq[] = {{"TASK-001", "code-phase-1", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-002", "code-phase-1", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-003", "code-phase-1", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-004", "code-phase-2", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-005", "code-phase-2", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-006", "code-phase-2", TODO, LOW, 0.5, 0.5, 'h', ""},
	                         {"TASK-007", "code-phase-2", TODO, LOW, 0.33, 0.33, 'h', ""},
	                         {"TASK-008", "code-phase-3", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-009", "code-phase-3", DONE, NONE, 0, 0, 0, ""},
	                         {"TASK-010", "code-phase-4", TODO, LOW, 0.17, 0.17, 'h', ""},
	                         {"TASK-011", "code-phase-4", DROPPED, NONE, 0, 0, 0, ""},
	                         {"TASK-012", "code-phase-4", DROPPED, NONE, 0, 0, 0, ""}};
	check_rows(&f, cq, 12);
	assert_non_null(strstr(task(&f, "TASK-011")->notes, "covered by existing workflows"));
	assert_non_null(strstr(task(&f, "TASK-011")->notes, "make build-docker")); /* "Why Deprecated" */
	assert_int_equal(task(&f, "TASK-001")->phase->outcome.len, 5); /* "Completed Changes" */
	/* its success metrics: four ticked, two struck through and left out */
	const td_workstream *cqw = f.plan->workstreams[1];
	assert_int_equal(cqw->criteria.len, 4);
	for (size_t i = 0; i < cqw->criteria.len; i++)
		assert_int_equal(cqw->criteria.items[i].done, 1);
	assert_true(has_diag(&f, TD_SEV_NOTE, 488, "struck-through criterion"));
	assert_int_equal(f.plan->workstreams[0]->criteria.len, 7);

	/* Workstream 3: a bold "Recently Completed" task with its date, a "Next Task" section, a table */
	static const row cl[] = {{"CLOUD-2.1", "cloud-tasks", DONE, NONE, 0, 0, 0, ""},
	                         {"CLOUD-2.2", "cloud-tasks", TODO, HIGH, 2, 3, 'd', "CLOUD-2.1"},
	                         {"CLOUD-3.1", "cloud-upcoming-tasks-phase-2", TODO, HIGH, 2, 2, 'd', ""},
	                         {"CLOUD-3.2", "cloud-upcoming-tasks-phase-2", TODO, HIGH, 1, 1, 'd', ""},
	                         {"CLOUD-3.3", "cloud-upcoming-tasks-phase-2", TODO, HIGH, 2, 2, 'd', ""},
	                         {"CLOUD-3.4", "cloud-upcoming-tasks-phase-2", TODO, HIGH, 3, 3, 'd', ""}};
	check_rows(&f, cl, 6);
	td_date d;
	td_date_parse("2025-10-29", &d);
	assert_int_equal(task(&f, "CLOUD-2.1")->done_on, d);
	assert_int_equal(task(&f, "CLOUD-2.1")->deliverables.len, 7);
	assert_int_equal(task(&f, "CLOUD-2.2")->deliverables.len, 4);

	/* Workstream 4: categories, prerequisites, a deferred category */
	static const row ml[] = {{"MLOPS-1.1", "mlops-cat-1", TODO, CRIT, 1, 1, 'd', "TASK-028.1"},
	                         {"MLOPS-1.2", "mlops-cat-1", TODO, HIGH, 2, 2, 'd', "MLOPS-1.1"},
	                         {"MLOPS-2.1", "mlops-cat-2", TODO, HIGH, 2, 2, 'd', "mlops-cat-1"},
	                         {"MLOPS-2.2", "mlops-cat-2", TODO, HIGH, 2, 2, 'd', "MLOPS-2.1"},
	                         {"MLOPS-3.1", "mlops-cat-3", TODO, CRIT, 2, 2, 'd', "mlops-cat-2"},
	                         {"MLOPS-3.2", "mlops-cat-3", TODO, MED, 1, 1, 'd', "MLOPS-3.1"},
	                         {"MLOPS-4.1", "mlops-cat-4", DEFERRED, HIGH, 1, 1, 'd', ""},
	                         {"MLOPS-4.2", "mlops-cat-4", DEFERRED, HIGH, 2, 2, 'd', "MLOPS-4.1"},
	                         {"MLOPS-5.1", "mlops-cat-5", TODO, CRIT, 3, 3, 'd', "mlops-cat-1 mlops-cat-2 mlops-cat-3"},
	                         {"MLOPS-5.2", "mlops-cat-5", TODO, MED, 2, 2, 'd', "MLOPS-5.1"}};
	check_rows(&f, ml, 10);
	assert_non_null(strstr(task(&f, "MLOPS-1.1")->notes, "HPC operational"));

	/* risks and free sections */
	assert_string_equal(f.plan->risks[0].title, "BeeGFS kernel module continues to fail");
	assert_int_equal(f.plan->risks[0].impact, TD_LEVEL_HIGH);
	assert_int_equal(f.plan->risks[0].probability, TD_LEVEL_MEDIUM);
	assert_int_equal(f.plan->risks[3].probability, TD_LEVEL_HIGH);
	bool quick = false;
	for (size_t i = 0; i < f.plan->nsections; i++)
		quick |= !strcmp(f.plan->sections[i].title, "Quick Reference");
	assert_true(quick);
	/* figures taskdoc computes are named, not imported */
	assert_true(has_diag(&f, TD_SEV_NOTE, 30, "'Status: 60% Complete (29/48 tasks)' is a figure taskdoc computes"));
	fx_free(&f);
}

static void test_columns(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "columns.md");
	static const row rows[] = {{"A-1", "columns-phase-1", DONE, NONE, 4, 4, 'h', ""},
	                           {"A-2", "columns-phase-1", INPROG, NONE, 2, 3, 'd', "A-1"},
	                           {"A-3", "columns-phase-1", TODO, NONE, 0.5, 0.5, 'h', "A-1 A-2"},
	                           {"B-1", "columns-phase-2", TODO, HIGH, 1, 1, 'w', "columns-phase-1"},
	                           {"B-2", "columns-phase-2", TODO, CRIT, 3, 3, 'd', "B-1"}};
	check_rows(&f, rows, 5);
	assert_string_equal(task(&f, "A-1")->owner, "ana");
	td_date d;
	td_date_parse("2025-10-02", &d);
	assert_int_equal(task(&f, "A-1")->done_on, d);
	assert_string_equal(task(&f, "A-2")->blockers.items[0].s, "Waiting for hardware");
	assert_string_equal(task(&f, "A-2")->notes, "Team: blue");
	assert_string_equal(task(&f, "B-2")->notes, "Prerequisite: cluster ready");
	assert_true(has_diag(&f, TD_SEV_NOTE, 7, "column 'Team' is not a task field"));
	fx_free(&f);
}

static void test_statuses(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "statuses.md");
	static const struct {
		const char *id;
		int st;
	} want[] = {{"S-1", DONE},    {"S-2", TODO},   {"S-3", DROPPED}, {"S-4", BLOCKED},
	            {"S-5", REVIEW},  {"S-6", DONE},   {"S-7", INPROG},  {"S-8", DEFERRED},
	            {"S-9", DONE},    {"S-10", TODO},  {"S-11", DONE},   {"S-12", TODO}};
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++)
		if ((int)task(&f, want[i].id)->status != want[i].st)
			fail_msg("%s: %s", want[i].id, td_status_name(task(&f, want[i].id)->status));
	td_date d;
	td_date_parse("2025-10-29", &d);
	assert_int_equal(task(&f, "S-9")->done_on, d);
	assert_int_equal(task(&f, "S-10")->priority, TD_PRIO_LOW);
	assert_true(task(&f, "S-10")->estimate.known);
	assert_string_equal(task(&f, "S-3")->notes, "dropped: covered elsewhere");
	assert_true(has_diag(&f, TD_SEV_NOTE, 18, "status 'maybe'"));
	fx_free(&f);
}

static void test_durations(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "durations.md");
	static const row rows[] = {
	    {"D-1", "durations-phase-1", TODO, NONE, 4, 4, 'h', ""},    {"D-2", "durations-phase-1", TODO, NONE, 0.5, 0.5, 'h', ""},
	    {"D-3", "durations-phase-1", TODO, NONE, 2, 2, 'd', ""},    {"D-4", "durations-phase-1", TODO, NONE, 2, 3, 'd', ""},
	    {"D-5", "durations-phase-1", TODO, NONE, 10, 10, 'w', ""},  {"D-6", "durations-phase-1", TODO, NONE, 0.5, 0.5, 'h', ""},
	    {"D-7", "durations-phase-1", TODO, NONE, 0.5, 0.5, 'h', ""}, {"D-8", "durations-phase-1", TODO, NONE, 3, 3, 'd', ""},
	    {"D-9", "durations-phase-1", TODO, NONE, 1, 1, 'w', ""},    {"D-10", "durations-phase-1", TODO, NONE, 2, 3, 'd', ""},
	    {"D-11", "durations-phase-1", TODO, NONE, 0, 0, 0, ""}};
	check_rows(&f, rows, TD_ARRAY_LEN(rows));
	assert_true(has_diag(&f, TD_SEV_NOTE, 17, "duration 'soon' is not an estimate"));
	assert_string_equal(task(&f, "D-11")->notes, "Duration: soon");
	fx_free(&f);
}

static void test_malformed(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "malformed.md");
	assert_int_equal(f.diags.errors, 0);
	assert_int_equal(f.plan->ntasks, 2);
	assert_true(has_diag(&f, TD_SEV_NOTE, 7, "row has 5 cells, the header 3"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 8, "row has 2 cells, the header 3"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 9, "row without an id"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 10, "M-1 is listed again"));
	assert_true(has_diag(&f, TD_SEV_WARNING, 10, "M-1: estimate '3 hrs' here, '1 hr'"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 11, "row id 'not an id!' is not an id"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 15, "table without an id column"));
	assert_true(has_diag(&f, TD_SEV_NOTE, 19, "paragraph"));
	/* the first value stays, the other is kept */
	assert_true(task(&f, "M-1")->estimate.lo == 1);
	assert_non_null(strstr(task(&f, "M-1")->notes, "3 hrs"));
	assert_non_null(strstr(task(&f, "M-1")->notes, "| extra | more |"));
	/* nothing dropped: the rows without an id and the table are in the objectives */
	assert_non_null(strstr(f.plan->phases[0]->objective, "no id"));
	assert_non_null(strstr(f.plan->phases[0]->objective, "not an id!"));
	assert_non_null(strstr(f.plan->phases[1]->objective, "| Name | Value |"));
	assert_non_null(strstr(f.plan->phases[1]->objective, "Some paragraph nobody can map."));
	fx_free(&f);
}

static void test_mojibake(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "mojibake.md");
	assert_string_equal(task(&f, "G-1")->title, "D\xC3\xA9ploiement \xE2\x80\x94 fini");
	assert_int_equal(task(&f, "G-1")->status, TD_STATUS_DONE); /* "âœ… Complete" */
	assert_true(has_diag(&f, TD_SEV_NOTE, 7, "mojibake repaired: '\xC3\x83\xC2\xA9' is '\xC3\xA9'"));
	fx_free(&f);
}

static void test_not_utf8(void **state)
{
	(void)state;
	td_import *im = td_import_new(NULL);
	td_diags d = {0};
	const char text[] = "# T\n\n| ID | Title |\n|---|---|\n| A-1 | caf\xE9 |\n";
	assert_int_equal(td_import_page(im, "latin1.md", text, sizeof text - 1, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 5);
	assert_int_equal(d.items[0].col, 12);
	td_diags_free(&d);
	td_import_free(im);
}

/* cmark counts a lone CR as a line break and the page's line table does
 * not: list items after one were looked up past the table (a SEGV found by
 * fuzz_import). Under AddressSanitizer any read past it fails this test. */
static void test_lone_cr_lines(void **state)
{
	(void)state;
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, "# W\n\n## Phase 1\n\n| ID | Title | Status |\n|---|---|---|\n| A-1 | Do it | Todo |\n\n"
	                "### A-1\n\n");
	for (int i = 0; i < 200; i++)
		td_buf_puts(&b, "text\r");
	td_buf_puts(&b, "\n\n**Deliverables:**\n\n- \xE2\x8F\xB3 pending one\n- done one\n\n"
	                "**Success Criteria:**\n\n- [ ] works\n- holds\n");
	td_import *im = td_import_new(NULL);
	td_diags d = {0};
	td_import_page(im, "cr.md", td_buf_cstr(&b), b.len, &d);
	assert_non_null(td_import_plan(im, &d)); /* owned by im */
	td_diags_free(&d);
	td_import_free(im);
	td_buf_free(&b);
}

/* Two pages: the same task in both is merged; a conflict is reported. */
static void test_two_pages(void **state)
{
	(void)state;
	td_import *im = td_import_new("demo");
	td_diags d = {0};
	const char a[] = "# A\n\n## Phase 1: One\n\n| ID | Title | Status |\n|---|---|---|\n| X-1 | Same | Done |\n";
	const char b[] = "# B\n\n## Phase 1: Two\n\n| ID | Title | Status |\n|---|---|---|\n| X-1 | Same | Pending |\n| X-2 | New | |\n";
	td_import_page(im, "a.md", a, sizeof a - 1, &d);
	td_import_page(im, "b.md", b, sizeof b - 1, &d);
	td_plan *p = td_import_plan(im, &d);
	assert_int_equal(p->ntasks, 2);
	assert_int_equal(p->nworkstreams, 2);
	assert_string_equal(p->name, "demo");
	assert_int_equal(d.warnings, 1);
	assert_non_null(strstr(d.items[d.len - 1].message, "X-1: status 'todo' here, 'done' at a.md:7"));
	td_diags_free(&d);
	td_import_free(im);
}

/* issue 15 (found by fuzz_import): text that is not UTF-8 makes libyaml
 * refuse the event; the emitter then fails cleanly (it emitted the stale
 * event of the previous call and freed its text twice) */
static void test_yaml_not_utf8(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "seed-active-workstreams.md");
	td_task *t = f.plan->tasks[0];
	t->title = "\x9c\x85 cut in the middle of a character";
	td_outset o = TD_OUTSET_INIT;
	assert_int_equal(td_yaml_emit_plan(&o, f.plan), -1);
	td_outset_free(&o);
	fx_free(&f);
}

/* The YAML it writes reads back, the same twice, with comments. */
static void test_yaml_output(void **state)
{
	(void)state;
	fx f;
	import_fixture(&f, "seed-active-workstreams.md");
	td_outset sa = TD_OUTSET_INIT, sb = TD_OUTSET_INIT;
	assert_int_equal(td_yaml_emit_plan(&sa, f.plan), 0);
	assert_int_equal(td_yaml_emit_plan(&sb, f.plan), 0);
	td_outfile *a = sa.items, *b = sb.items;
	size_t na = sa.len, nb = sb.len;
	assert_int_equal(na, 5);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].path, b[i].path);
		assert_string_equal(a[i].data, b[i].data);
	}
	assert_string_equal(a[0].path, "project.yaml");
	assert_string_equal(a[1].path, "workstreams/hpc.yaml");
	assert_non_null(strstr(a[1].data, "# Workstream imported by taskdoc import from seed-active-workstreams.md:28\n"));
	assert_non_null(strstr(a[1].data, "  # from seed-active-workstreams.md:35\n  - id: hpc-phase-3\n"));
	td_plan *p = td_plan_new();
	td_diags d = {0};
	assert_int_equal(td_plan_load_project_text(p, a[0].path, a[0].data, a[0].len, &d), 0);
	for (size_t i = 1; i < na; i++)
		assert_int_equal(td_plan_load_workstream_text(p, a[i].path, a[i].data, a[i].len, &d), 0);
	td_plan_load_finish(p);
	assert_int_equal(d.errors, 0);
	assert_int_equal(p->ntasks, 40);
	td_diags_free(&d);
	td_plan_free(p);
	td_outset_free(&sa);
	td_outset_free(&sb);
	fx_free(&f);
}

/* Found by fuzz_import in the fresh-clone CI: the mojibake repair made
 * "\xE2\x80\xA8" (LS) of "â€¨", written inside a literal block, which
 * libyaml's parser breaks there (YAML 1.1 takes LS, PS, NEL and CR for
 * line breaks): the loader refused the file. Each such text is written in
 * double quotes and read back as it was. */
static void test_yaml_odd_breaks(void **state)
{
	(void)state;
	static const char *const texts[] = {
	    "one\xE2\x80\xA8two",          /* LS */
	    "one\n  two\xE2\x80\xA9three", /* PS, in a text of several lines */
	    "one\xC2\x85two",              /* NEL (a final newline is trimmed: yget_text) */
	    "one\rtwo\nthree",             /* CR */
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		fx f;
		import_fixture(&f, "seed-active-workstreams.md");
		f.plan->tasks[0]->title = texts[k];
		f.plan->phases[0]->objective = texts[k];
		td_outset o = TD_OUTSET_INIT;
		assert_int_equal(td_yaml_emit_plan(&o, f.plan), 0);
		td_plan *p = td_plan_new();
		td_diags d = {0};
		assert_int_equal(
		    td_plan_load_project_text(p, o.items[0].path, o.items[0].data, o.items[0].len, &d), 0);
		for (size_t i = 1; i < o.len; i++)
			assert_int_equal(td_plan_load_workstream_text(p, o.items[i].path, o.items[i].data,
			                                              o.items[i].len, &d),
			                 0);
		td_plan_load_finish(p);
		assert_int_equal(d.errors, 0);
		assert_string_equal(p->phases[0]->objective, texts[k]);
		bool found = false;
		for (size_t i = 0; i < p->ntasks; i++)
			found |= !strcmp(p->tasks[i]->id, f.plan->tasks[0]->id) &&
			         !strcmp(p->tasks[i]->title, texts[k]);
		assert_true(found);
		td_diags_free(&d);
		td_plan_free(p);
		td_outset_free(&o);
		fx_free(&f);
	}
}

/* Found by fuzz_import: a risk table whose every row has no title left
 * its grown array to no one (LeakSanitizer saw it under ASan). */
static void test_risk_rows_untitled(void **state)
{
	(void)state;
	td_import *im = td_import_new(NULL);
	td_diags d = {0};
	const char text[] =
	    "# W\n\n## Risks\n\n| Risk | Impact | Probability |\n|---|---|---|\n| | high | low |\n"
	    "|  | low | low |\n";
	assert_int_equal(td_import_page(im, "r.md", text, sizeof text - 1, &d), 0);
	td_plan *p = td_import_plan(im, &d);
	assert_int_equal(p->nrisks, 0);
	bool noted = false;
	for (size_t i = 0; i < d.len; i++)
		noted |= strstr(d.items[i].message, "risk row without a title") != NULL;
	assert_true(noted);
	td_diags_free(&d);
	td_import_free(im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_risk_rows_untitled), cmocka_unit_test(test_yaml_odd_breaks),
	    cmocka_unit_test(test_seed_page),          cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_statuses),           cmocka_unit_test(test_durations),
	    cmocka_unit_test(test_malformed),          cmocka_unit_test(test_mojibake),
	    cmocka_unit_test(test_not_utf8),           cmocka_unit_test(test_two_pages),
	    cmocka_unit_test(test_yaml_output),        cmocka_unit_test(test_yaml_not_utf8),
	    cmocka_unit_test(test_lone_cr_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
