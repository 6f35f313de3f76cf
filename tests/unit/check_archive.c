/* check_archive.c - load/splice.c (where a block list's items are written,
 * and moving them to another indentation) and the loader's archive files
 * (load/plan_yaml.c): archived phases join their workstream, count in its
 * totals, and an id both active and archived is a duplicate. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "load/splice.h"
#include "unit_plan.h"

static const char ws_text[] = "# head\n"
                              "id: x\n"
                              "title: X\n"
                              "phases:   # the list\n"
                              "  # about p1\n"
                              "  - id: p1\n"
                              "    title: P1\n"
                              "    objective: |\n"
                              "      kept as is\n"
                              "\n"
                              "  # about p2\n"
                              "  -   id: p2\n"
                              "      title: P2\n"
                              "# about summary\n"
                              "summary: after\n";

static void test_items_and_comments(void **state)
{
	(void)state;
	td_diags d = {0};
	td_yaml_list l;
	const char *t = ws_text;
	assert_int_equal(td_yaml_list_find(&l, "x.yaml", t, strlen(t), "phases", &d), 0);
	assert_true(l.has_key);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.indent, 2);
	/* the ':' of "phases:" */
	assert_int_equal(t[l.key_colon - 1], ':');
	assert_memory_equal(t + l.key_colon - 7, "phases:", 7);
	/* the first item owns the comment lines between the key and its '-' */
	assert_true(!strncmp(t + l.begin[0], "  # about p1\n  - id: p1", 23));
	/* an item owns the comment lines right above it, and blank lines after it */
	assert_true(!strncmp(t + l.begin[1], "  # about p2\n", 13));
	/* the list ends where the comment above the next key starts */
	assert_true(!strncmp(t + l.begin[2], "# about summary\n", 16));
	assert_int_equal(l.end, l.begin[2]);
	td_yaml_list_free(&l);
	td_diags_free(&d);
}

static void test_reindent(void **state)
{
	(void)state;
	static const char item[] = "    - id: p\n      notes: |\n        two\n\n          deeper\n";
	td_buf b = TD_BUF_INIT;
	td_yaml_reindent(&b, item, 0, strlen(item), 4, 2);
	assert_string_equal(td_buf_cstr(&b), "  - id: p\n    notes: |\n      two\n\n        deeper\n");
	td_buf_free(&b);
	td_yaml_reindent(&b, item, 0, strlen(item), 4, 6);
	assert_string_equal(td_buf_cstr(&b), "      - id: p\n        notes: |\n          two\n\n            deeper\n");
	td_buf_free(&b);
}

static void test_refused_and_empty(void **state)
{
	(void)state;
	td_diags d = {0};
	td_yaml_list l;
	static const char flow[] = "id: x\ntitle: X\nphases: [{id: p, title: P}]\n";
	assert_int_equal(td_yaml_list_find(&l, "f.yaml", flow, strlen(flow), "phases", &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 9);
	td_yaml_list_free(&l);
	static const char empty[] = "id: x\ntitle: X\nphases: []\n";
	assert_int_equal(td_yaml_list_find(&l, "e.yaml", empty, strlen(empty), "phases", &d), 0);
	assert_true(l.has_key);
	assert_int_equal(l.n, 0);
	td_yaml_list_free(&l);
	static const char none[] = "id: x\ntitle: X\n";
	assert_int_equal(td_yaml_list_find(&l, "n.yaml", none, strlen(none), "phases", &d), 0);
	assert_false(l.has_key);
	assert_int_equal(l.end, strlen(none));
	td_yaml_list_free(&l);
	td_diags_free(&d);
}

static const char active[] = "id: x\ntitle: X\nphases:\n  - id: p2\n    title: P2\n    tasks:\n"
                             "      - {id: T2, title: Two, estimate: 2h, depends_on: T1}\n";
static const char archived[] = "id: x\ntitle: Ignored\nphases:\n  - id: p1\n    title: P1\n    tasks:\n"
                               "      - {id: T1, title: One, estimate: 4h, status: done}\n"
                               "      - {id: T0, title: Zero, estimate: 1h, status: dropped}\n";

static void test_archive_joins_workstream(void **state)
{
	(void)state;
	td_plan *p = td_plan_new();
	td_diags d = {0};
	assert_int_equal(td_plan_load_project_text(p, "project.yaml", "name: T\n", 8, &d), 0);
	assert_int_equal(td_plan_load_workstream_text(p, "workstreams/x.yaml", active, strlen(active), &d), 0);
	assert_int_equal(td_plan_load_archive_text(p, "archive/x.yaml", archived, strlen(archived), &d), 0);
	td_plan_load_finish(p);
	td_analysis *a = td_analyze(p, NULL, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(p->nworkstreams, 1);
	const td_workstream *ws = p->workstreams[0];
	assert_string_equal(ws->title, "X");
	assert_int_equal(ws->nphases, 2);
	assert_int_equal(ws->narchived, 1);
	assert_false(ws->archive_only);
	assert_false(ws->phases[0]->archived);
	assert_true(ws->phases[1]->archived);
	assert_string_equal(ws->phases[1]->file, "archive/x.yaml");
	/* every task counts; T2's dependency on the archived T1 is met */
	assert_int_equal(a->totals.tasks, 3);
	assert_int_equal(a->totals.done, 1);
	assert_int_equal(a->totals.dropped, 1);
	assert_int_equal(a->ws_totals[0].tasks, 3);
	assert_int_equal(a->nready, 1);
	assert_int_equal(a->nrounds, 1);
	assert_int_equal(a->rounds[0].done, 1);
	assert_int_equal(a->rounds[0].dropped, 1);
	assert_true(fabs(a->rounds[0].done_hours - 4) < 1e-9);
	td_analysis_free(a);
	td_diags_free(&d);
	td_plan_free(p);
}

static void test_archive_only_and_duplicate(void **state)
{
	(void)state;
	td_plan *p = td_plan_new();
	td_diags d = {0};
	td_plan_load_project_text(p, "project.yaml", "name: T\n", 8, &d);
	/* no workstream file: the archive file makes the workstream */
	assert_int_equal(td_plan_load_archive_text(p, "archive/x.yaml", archived, strlen(archived), &d), 0);
	assert_int_equal(p->nworkstreams, 1);
	assert_true(p->workstreams[0]->archive_only);
	assert_string_equal(p->workstreams[0]->title, "Ignored");
	/* the same phase again in an active file is a duplicate naming the archive */
	static const char again[] = "id: y\ntitle: Y\nphases:\n  - id: p1\n    title: P1\n";
	assert_int_equal(td_plan_load_workstream_text(p, "workstreams/y.yaml", again, strlen(again), &d), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].message, "duplicate id 'p1' (first defined at archive/x.yaml:4:9)");
	td_diags_free(&d);
	td_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_items_and_comments),
	    cmocka_unit_test(test_reindent),
	    cmocka_unit_test(test_refused_and_empty),
	    cmocka_unit_test(test_archive_joins_workstream),
	    cmocka_unit_test(test_archive_only_and_duplicate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
