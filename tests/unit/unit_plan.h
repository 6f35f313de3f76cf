/*
 * unit_plan.h - shared fixtures of the cmocka unit tests: build a plan from
 * YAML strings through the loader, analyse it, look tasks up, and check
 * diagnostics. Every helper is static inline so that a test file may use
 * any subset of them. Include after <cmocka.h>.
 */
#ifndef TD_UNIT_PLAN_H
#define TD_UNIT_PLAN_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "load/load.h"
#include "model/model.h"

#define UP_DEFAULT_PROJECT "name: Test\n"

typedef struct up_fixture {
	td_plan *plan;
	td_diags diags;
	td_analysis *an;
} up_fixture;

/* Loads project (NULL: a minimal one) and the NULL-terminated workstream
 * texts (named ws1.yaml, ws2.yaml, ...). Returns 0 when every loader call
 * succeeded and no error was reported, else -1. */
static inline int up_load_try_v(up_fixture *f, const char *project, va_list ap)
{
	memset(f, 0, sizeof *f);
	f->plan = td_plan_new();
	const char *pt = project ? project : UP_DEFAULT_PROJECT;
	int rc = td_plan_load_project_text(f->plan, "project.yaml", pt, strlen(pt), &f->diags);
	int k = 1;
	const char *ws;
	while ((ws = va_arg(ap, const char *)) != NULL) {
		char name[32];
		snprintf(name, sizeof name, "ws%d.yaml", k++);
		if (td_plan_load_workstream_text(f->plan, name, ws, strlen(ws), &f->diags) != 0)
			rc = -1;
	}
	td_plan_load_finish(f->plan);
	return rc != 0 || f->diags.errors ? -1 : 0;
}

static inline void up_print_diags(const up_fixture *f)
{
	for (size_t i = 0; i < f->diags.len; i++) {
		td_buf b = TD_BUF_INIT;
		td_diag_format(&b, &f->diags.items[i]);
		print_error("diag: %s\n", td_buf_cstr(&b));
		td_buf_free(&b);
	}
}

/* As up_load_try_v, asserting that loading found no error. */
static inline void up_load_v(up_fixture *f, const char *project, va_list ap)
{
	int rc = up_load_try_v(f, project, ap);
	if (rc != 0)
		up_print_diags(f);
	assert_int_equal(rc, 0);
}

/* Loads without asserting; returns 0 or -1 (see up_load_try_v). */
static inline int up_load_try(up_fixture *f, const char *project, ...)
{
	va_list ap;
	va_start(ap, project);
	int rc = up_load_try_v(f, project, ap);
	va_end(ap);
	return rc;
}

/* Loads (see up_load_v), then runs td_analyze. */
static inline void up_analyze(up_fixture *f, const char *project, ...)
{
	va_list ap;
	va_start(ap, project);
	up_load_v(f, project, ap);
	va_end(ap);
	f->an = td_analyze(f->plan, NULL, &f->diags);
	assert_non_null(f->an);
}

/* Loads only (no analysis). */
static inline void up_load(up_fixture *f, const char *project, ...)
{
	va_list ap;
	va_start(ap, project);
	up_load_v(f, project, ap);
	va_end(ap);
}

static inline void up_free(up_fixture *f)
{
	td_analysis_free(f->an);
	td_plan_free(f->plan);
	td_diags_free(&f->diags);
	memset(f, 0, sizeof *f);
}

/* cmocka setup/teardown: *state is a zeroed up_fixture that the teardown
 * frees even when the test failed half-way. */
static inline int up_setup(void **state)
{
	*state = td_xcalloc(1, sizeof(up_fixture));
	return 0;
}

static inline int up_teardown(void **state)
{
	up_free(*state);
	free(*state);
	return 0;
}

/* Index of the task with this id in plan->tasks; fails the test if unknown. */
static inline size_t up_task(const up_fixture *f, const char *id)
{
	td_node_ref r;
	if (!td_plan_lookup(f->plan, id, &r) || r.kind != TD_NODE_TASK)
		fail_msg("no task '%s'", id);
	return ((const td_task *)r.ptr)->index;
}

static inline const td_task_info *up_info(const up_fixture *f, const char *id)
{
	return &f->an->tasks[up_task(f, id)];
}

static inline const td_phase *up_phase(const up_fixture *f, const char *id)
{
	td_node_ref r;
	if (!td_plan_lookup(f->plan, id, &r) || r.kind != TD_NODE_PHASE)
		fail_msg("no phase '%s'", id);
	return r.ptr;
}

static inline const td_workstream *up_ws(const up_fixture *f, const char *id)
{
	td_node_ref r;
	if (!td_plan_lookup(f->plan, id, &r) || r.kind != TD_NODE_WORKSTREAM)
		fail_msg("no workstream '%s'", id);
	return r.ptr;
}

static inline const td_totals *up_phase_totals(const up_fixture *f, const char *id)
{
	return &f->an->phase_totals[up_phase(f, id)->index];
}

static inline const td_totals *up_ws_totals(const up_fixture *f, const char *id)
{
	return &f->an->ws_totals[up_ws(f, id)->index];
}

/* Number of diagnostics of severity sev whose message is exactly msg. */
static inline int up_count_diag(const up_fixture *f, td_severity sev, const char *msg)
{
	int n = 0;
	for (size_t i = 0; i < f->diags.len; i++)
		if (f->diags.items[i].severity == sev && strcmp(f->diags.items[i].message, msg) == 0)
			n++;
	return n;
}

/* The one diagnostic with message msg (fails the test when absent). */
static inline const td_diag *up_find_diag(const up_fixture *f, const char *msg)
{
	for (size_t i = 0; i < f->diags.len; i++)
		if (strcmp(f->diags.items[i].message, msg) == 0)
			return &f->diags.items[i];
	for (size_t i = 0; i < f->diags.len; i++)
		print_error("have: %s\n", f->diags.items[i].message);
	fail_msg("no diagnostic '%s'", msg);
	return NULL;
}

/* Asserts that dg sits at the first character of the only occurrence of
 * marker in text (1-based line and column; text is ASCII). */
static inline void up_assert_at(const td_diag *dg, const char *file, const char *text, const char *marker)
{
	const char *at = strstr(text, marker);
	if (!at || strstr(at + 1, marker))
		fail_msg("marker '%s' must occur exactly once", marker);
	int line = 1, col = 1;
	for (const char *c = text; c < at; c++) {
		if (*c == '\n')
			line++, col = 1;
		else
			col++;
	}
	assert_non_null(dg->file);
	assert_string_equal(dg->file, file);
	if (dg->line != line || dg->col != col)
		fail_msg("'%s' at %d:%d, expected %d:%d", dg->message, dg->line, dg->col, line, col);
}

/* Asserts the ids of a list of task indices, e.g. the ready list. */
static inline void up_assert_ids(const up_fixture *f, const size_t *idx, size_t n, const char *const *want,
                                 size_t nwant, const char *file, int line)
{
	bool same = n == nwant;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(f->plan->tasks[idx[i]]->id, want[i]) == 0;
	if (same)
		return;
	for (size_t i = 0; i < n; i++)
		print_error("  have[%zu] %s\n", i, f->plan->tasks[idx[i]]->id);
	for (size_t i = 0; i < nwant; i++)
		print_error("  want[%zu] %s\n", i, want[i]);
	fail_msg("%s:%d: id lists differ", file, line);
}

#define UP_ASSERT_IDS(f, idx, n, ...)                                                                        \
	do {                                                                                                 \
		static const char *const up_want_[] = {__VA_ARGS__};                                         \
		up_assert_ids((f), (idx), (n), up_want_, TD_ARRAY_LEN(up_want_), __FILE__, __LINE__);        \
	} while (0)

/* Doubles compared to 1e-9. */
static inline void up_assert_near(double have, double want, const char *expr, const char *file, int line)
{
	if (fabs(have - want) < 1e-9)
		return;
	fail_msg("%s:%d: %s is %.9g, expected %.9g", file, line, expr, have, want);
}
#define UP_ASSERT_NEAR(a, b) up_assert_near((double)(a), (double)(b), #a, __FILE__, __LINE__)

#endif
