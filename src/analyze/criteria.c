/*
 * criteria.c - a verdict for every criterion (pass, fail, pending) from the
 * newest evidence by run_at, units converted within their family; the
 * evidence page's summaries; and the findings about criteria and evidence.
 */
#include "analyze/criteria.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct td_crit_key {
	uintptr_t items; /* td_criteria.items */
	size_t base;     /* index of its first verdict */
};

const char *td_verdict_name(td_verdict_kind v)
{
	static const char *const names[] = {"pending", "pass", "fail"};
	return names[v];
}

/* ---- the evidence, indexed by name ---- */

typedef struct ev_index {
	const td_ev_check **checks; /* by name, then run_at (undated first), then file */
	size_t nchecks;
	const td_ev_result **results;
	size_t nresults;
	const char **check_names; /* distinct, NULL-terminated */
	const char **result_names;
} ev_index;

static int cmp_run(const td_ev_run *a, const td_ev_run *b)
{
	int r = td_timestamp_cmp(&a->run_at, &b->run_at);
	return r ? r : strcmp(a->file, b->file);
}

static int cmp_check(const void *pa, const void *pb)
{
	const td_ev_check *a = *(const td_ev_check *const *)pa, *b = *(const td_ev_check *const *)pb;
	int r = strcmp(a->name, b->name);
	return r ? r : cmp_run(a->run, b->run);
}

static int cmp_result(const void *pa, const void *pb)
{
	const td_ev_result *a = *(const td_ev_result *const *)pa, *b = *(const td_ev_result *const *)pb;
	int r = strcmp(a->name, b->name);
	return r ? r : cmp_run(a->run, b->run);
}

static void build_index(ev_index *ix, const td_evidence *ev, td_arena *arena)
{
	memset(ix, 0, sizeof *ix);
	size_t nc = 0, nr = 0;
	for (size_t i = 0; ev && i < ev->nruns; i++) {
		nc += ev->runs[i]->nchecks;
		nr += ev->runs[i]->nresults;
	}
	ix->checks = td_arena_alloc(arena, (nc + 1) * sizeof *ix->checks);
	ix->results = td_arena_alloc(arena, (nr + 1) * sizeof *ix->results);
	for (size_t i = 0; ev && i < ev->nruns; i++) {
		const td_ev_run *run = ev->runs[i];
		for (size_t k = 0; k < run->nchecks; k++)
			ix->checks[ix->nchecks++] = &run->checks[k];
		for (size_t k = 0; k < run->nresults; k++)
			ix->results[ix->nresults++] = &run->results[k];
	}
	qsort(ix->checks, ix->nchecks, sizeof *ix->checks, cmp_check);
	qsort(ix->results, ix->nresults, sizeof *ix->results, cmp_result);
	ix->check_names = td_arena_alloc(arena, (nc + 1) * sizeof *ix->check_names);
	ix->result_names = td_arena_alloc(arena, (nr + 1) * sizeof *ix->result_names);
	size_t n = 0;
	for (size_t i = 0; i < ix->nchecks; i++)
		if (!n || strcmp(ix->check_names[n - 1], ix->checks[i]->name))
			ix->check_names[n++] = ix->checks[i]->name;
	n = 0;
	for (size_t i = 0; i < ix->nresults; i++)
		if (!n || strcmp(ix->result_names[n - 1], ix->results[i]->name))
			ix->result_names[n++] = ix->results[i]->name;
}

/* [*first, end) of the entries named name in a sorted array; *first == end when none. */
static size_t name_range(const void *const *arr, size_t n, const char *name, bool checks, size_t *first)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *m =
		    checks ? ((const td_ev_check *)arr[mid])->name : ((const td_ev_result *)arr[mid])->name;
		if (strcmp(m, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	size_t end = lo;
	while (end < n && !strcmp(checks ? ((const td_ev_check *)arr[end])->name
	                                 : ((const td_ev_result *)arr[end])->name,
	                          name))
		end++;
	return end;
}

static const td_ev_check *newest_check(const ev_index *ix, const char *name)
{
	size_t first, end = name_range((const void *const *)ix->checks, ix->nchecks, name, true, &first);
	return end > first ? ix->checks[end - 1] : NULL;
}

static const td_ev_result *newest_result(const ev_index *ix, const char *name)
{
	size_t first, end = name_range((const void *const *)ix->results, ix->nresults, name, false, &first);
	return end > first ? ix->results[end - 1] : NULL;
}

/* ---- thresholds ---- */

static bool same_unit_text(const td_unit *a, const td_unit *b)
{
	return !strcmp(a->text, b->text);
}

/* Parses min or max of cr (text) into *v and *u; false after an error. */
static bool parse_bound(const td_criterion *cr, const char *key, const char *text, double *v, td_unit *u,
                        td_diags *diags)
{
	if (td_quantity_parse(text, v, u) != 0) {
		td_diag_add(
		    diags, TD_SEV_ERROR, cr->loc,
		    "criterion '%s': bad %s '%s' (expected a number with an optional unit, e.g. 1 GB/s)",
		    cr->title, key, text);
		return false;
	}
	if (!cr->unit)
		return true;
	td_unit cu;
	if (td_unit_parse(cr->unit, &cu) != 0) {
		td_diag_add(diags, TD_SEV_ERROR, cr->loc, "criterion '%s': unit '%s' is too long", cr->title,
		            cr->unit);
		return false;
	}
	if (u->family == TD_UNIT_NONE) {
		*u = cu;
	} else if (!same_unit_text(u, &cu)) {
		td_diag_add(diags, TD_SEV_ERROR, cr->loc,
		            "criterion '%s': '%s: %s' has its own unit, which differs from 'unit: %s' (unit "
		            "is for bare "
		            "numbers)",
		            cr->title, key, text, cr->unit);
		return false;
	}
	return true;
}

static void warn_unknown_unit(const td_criterion *cr, const td_unit *u, td_diags *diags)
{
	if (u->family != TD_UNIT_OTHER)
		return;
	const char *near = td_did_you_mean(u->text, td_unit_names());
	if (near)
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "criterion '%s': unknown unit '%s' (did you mean '%s'?); it is compared only "
		            "with evidence in "
		            "the very same unit",
		            cr->title, u->text, near);
}

/* " (did you mean 'GB/s'?)" when an unknown unit is close to one that
 * compares with the evidence's; else "". Static storage. */
static const char *unit_hint(const td_unit *u, const td_unit *evidence)
{
	static char hint[96];
	const char *const *all = td_unit_names();
	const char *fit[64];
	size_t n = 0;
	for (size_t i = 0; all[i] && n + 1 < TD_ARRAY_LEN(fit); i++) {
		td_unit c;
		if (td_unit_parse(all[i], &c) == 0 && td_unit_compatible(&c, evidence))
			fit[n++] = all[i];
	}
	fit[n] = NULL;
	const char *near = u->family == TD_UNIT_OTHER ? td_did_you_mean(u->text, fit) : NULL;
	if (!near)
		return "";
	snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
	return hint;
}

/* The thresholds of a benchmark criterion into v; false after an error. */
static bool thresholds(td_verdict *v, td_diags *diags)
{
	const td_criterion *cr = v->crit;
	td_unit umin, umax;
	bool ok = true;
	if (cr->min) {
		v->has_min = parse_bound(cr, "min", cr->min, &v->min, &umin, diags);
		ok = v->has_min;
	}
	if (cr->max) {
		v->has_max = parse_bound(cr, "max", cr->max, &v->max, &umax, diags);
		ok = ok && v->has_max;
	}
	if (!ok)
		return false;
	if (v->has_min && v->has_max) {
		if (!td_unit_compatible(&umin, &umax)) {
			td_diag_add(
			    diags, TD_SEV_ERROR, cr->loc,
			    "criterion '%s': min '%s' and max '%s' are not in comparable units (%s vs %s)",
			    cr->title, cr->min, cr->max, td_unit_family_name(umin.family),
			    td_unit_family_name(umax.family));
			return false;
		}
		v->max = td_unit_convert(v->max, &umax, &umin);
		if (v->min > v->max) {
			td_diag_add(diags, TD_SEV_ERROR, cr->loc,
			            "criterion '%s': min '%s' is above max '%s'", cr->title, cr->min,
			            cr->max);
			return false;
		}
	}
	v->unit = v->has_min ? umin : umax;
	return true;
}

/* ---- verdicts ---- */

static void benchmark_verdict(td_verdict *v, const ev_index *ix, td_diags *diags)
{
	const td_criterion *cr = v->crit;
	if (!thresholds(v, diags)) {
		v->bad = true;
		v->reason = "bad threshold";
		return;
	}
	const td_ev_result *r = newest_result(ix, cr->benchmark);
	if (!r) {
		warn_unknown_unit(cr, &v->unit, diags);
		v->reason = "no evidence yet";
		return;
	}
	v->run = r->run;
	v->result = r;
	if (!td_unit_compatible(&r->unit, &v->unit)) {
		const char *bound = v->has_min ? cr->min : cr->max;
		if (v->unit.family == TD_UNIT_NONE)
			td_diag_add(diags, TD_SEV_ERROR, cr->loc,
			            "criterion '%s': threshold '%s' has no unit but '%s' is reported in %s "
			            "(%s); write the "
			            "unit (e.g. %s: %s %s) or add 'unit: %s'",
			            cr->title, bound, cr->benchmark, r->unit.text, r->run->file,
			            v->has_min ? "min" : "max", bound, r->unit.text, r->unit.text);
		else if (r->unit.family == TD_UNIT_NONE)
			td_diag_add(diags, TD_SEV_ERROR, cr->loc,
			            "criterion '%s': threshold '%s' is %s but '%s' is reported as a plain "
			            "number, without a "
			            "unit (%s)",
			            cr->title, bound, td_unit_family_name(v->unit.family), cr->benchmark,
			            r->run->file);
		else if (v->unit.family == TD_UNIT_COUNT_RATE && r->unit.family == TD_UNIT_COUNT_RATE)
			td_diag_add(diags, TD_SEV_ERROR, cr->loc,
			            "criterion '%s': threshold '%s' counts '%s' but '%s' is reported in %s "
			            "(%s); a count per "
			            "time compares only with a count of the same thing",
			            cr->title, bound, v->unit.noun, cr->benchmark, r->unit.text,
			            r->run->file);
		else
			td_diag_add(diags, TD_SEV_ERROR, cr->loc,
			            "criterion '%s': threshold '%s' is in %s, %s, but '%s' is reported in "
			            "%s, %s (%s); they "
			            "cannot be compared%s",
			            cr->title, bound, v->unit.text, td_unit_family_name(v->unit.family),
			            cr->benchmark, r->unit.text, td_unit_family_name(r->unit.family),
			            r->run->file, unit_hint(&v->unit, &r->unit));
		v->bad = true;
		v->reason = "units cannot be compared";
		return;
	}
	double val = td_unit_convert(r->value, &r->unit, &v->unit);
	if (!isfinite(val)) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){r->run->file, 0, 0},
		            "%s.value: %g %s is out of range in %s (criterion '%s')", r->path, r->value,
		            r->unit.text, v->unit.text, cr->title);
		v->bad = true;
		v->reason = "value out of range";
		return;
	}
	v->has_value = true;
	v->value = val;
	/* a hair of tolerance: 1000 MB/s is 1 GB/s even after the conversion */
	double eps = 1e-12 * fmax(fabs(val), 1e-300);
	bool ok = (!v->has_min || val >= v->min - eps) && (!v->has_max || val <= v->max + eps);
	v->verdict = ok ? TD_VERDICT_PASS : TD_VERDICT_FAIL;
	v->reason = ok ? "" : v->has_min && val < v->min - eps ? "below min" : "above max";
}

static void check_verdict(td_verdict *v, const ev_index *ix)
{
	const td_ev_check *c = newest_check(ix, v->crit->check);
	if (!c) {
		v->reason = "no evidence yet";
		return;
	}
	v->run = c->run;
	v->check = c;
	switch (c->status) {
	case TD_CHECK_PASS:
		v->verdict = TD_VERDICT_PASS;
		v->reason = "";
		break;
	case TD_CHECK_SKIP:
		v->reason = "skipped in its last run";
		break;
	case TD_CHECK_ERROR:
		v->verdict = TD_VERDICT_FAIL;
		v->reason = "error in its last run";
		break;
	default:
		v->verdict = TD_VERDICT_FAIL;
		v->reason = "failed in its last run";
		break;
	}
}

static void decide(td_verdict *v, const ev_index *ix, td_diags *diags)
{
	const td_criterion *cr = v->crit;
	v->verdict = TD_VERDICT_PENDING;
	if (cr->benchmark)
		benchmark_verdict(v, ix, diags);
	else if (cr->check)
		check_verdict(v, ix);
	else if (cr->done == 1) {
		v->verdict = TD_VERDICT_PASS;
		v->reason = "";
	} else {
		v->reason = "not marked done";
	}
}

/* ---- findings ---- */

/* A criterion naming what no evidence reports, while a near name is. */
static void warn_near_names(const td_verdict *v, const ev_index *ix, td_diags *diags)
{
	const td_criterion *cr = v->crit;
	if (v->run || v->bad || (!cr->benchmark && !cr->check))
		return;
	const char *name = cr->benchmark ? cr->benchmark : cr->check;
	const char *what = cr->benchmark ? "benchmark" : "check";
	if (cr->benchmark ? newest_check(ix, name) != NULL : newest_result(ix, name) != NULL) {
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "criterion '%s': '%s' is reported as a %s, not a %s (use '%s: %s')", cr->title,
		            name, cr->benchmark ? "check" : "benchmark result", what,
		            cr->benchmark ? "check" : "benchmark", name);
		return;
	}
	const char *near = td_did_you_mean(name, cr->benchmark ? ix->result_names : ix->check_names);
	if (near)
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "criterion '%s': no evidence reports %s '%s' (did you mean '%s'?)", cr->title,
		            what, name, near);
}

static void detail(td_buf *b, const td_verdict *v)
{
	if (v->has_value) {
		td_quantity_format(b, v->value, &v->unit);
		td_buf_puts(b, ", needs ");
		if (v->has_min && v->has_max) {
			td_quantity_format(b, v->min, &v->unit);
			td_buf_puts(b, " to ");
			td_quantity_format(b, v->max, &v->unit);
		} else {
			td_buf_puts(b, v->has_min ? "at least " : "at most ");
			td_quantity_format(b, v->has_min ? v->min : v->max, &v->unit);
		}
	} else if (v->check) {
		td_buf_printf(b, "check '%s' is %s", v->check->name, td_check_status_name(v->check->status));
	}
	if (v->run)
		td_buf_printf(b, "; %s", v->run->file);
}

/* A done task whose criterion fails or has no evidence. */
static void warn_done_task(const td_verdict *v, td_diags *diags)
{
	if (v->on_kind != TD_NODE_TASK || v->bad || v->verdict == TD_VERDICT_PASS)
		return;
	const td_task *t = v->on;
	if (t->status != TD_STATUS_DONE)
		return;
	const td_criterion *cr = v->crit;
	td_buf b = TD_BUF_INIT;
	if (v->verdict == TD_VERDICT_FAIL) {
		detail(&b, v);
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "task %s is done but its criterion '%s' fails (%s)", t->id, cr->title,
		            td_buf_cstr(&b));
	} else if (!cr->benchmark && !cr->check) {
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "task %s is done but its criterion '%s' is not marked done (done: true)", t->id,
		            cr->title);
	} else if (v->check) {
		detail(&b, v);
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "task %s is done but its criterion '%s' is pending (%s)", t->id, cr->title,
		            td_buf_cstr(&b));
	} else {
		td_diag_add(diags, TD_SEV_WARNING, cr->loc,
		            "task %s is done but its criterion '%s' has no evidence (no run reports %s '%s')",
		            t->id, cr->title, cr->benchmark ? "benchmark" : "check",
		            cr->benchmark ? cr->benchmark : cr->check);
	}
	td_buf_free(&b);
}

static const char **task_ids(const td_plan *p, td_arena *arena)
{
	const char **ids = td_arena_alloc(arena, (p->ntasks + 1) * sizeof *ids);
	for (size_t i = 0; i < p->ntasks; i++)
		ids[i] = p->tasks[i]->id;
	return ids;
}

static void warn_task(const td_plan *p, const char *const *ids, const td_ev_run *run, const char *path,
                      const char *task, td_diags *diags)
{
	td_node_ref r;
	if (!task || (td_plan_lookup(p, task, &r) && r.kind == TD_NODE_TASK))
		return;
	if (td_plan_unparsed_id(p, task))
		return; /* defined in a file that did not parse: its syntax error is the one mistake */
	if (td_plan_lookup(p, task, &r)) {
		td_diag_add(diags, TD_SEV_WARNING, (td_loc){run->file, 0, 0},
		            "%s.task: '%s' is a %s, not a task", path, task, td_node_kind_name(r.kind));
		return;
	}
	const char *near = td_did_you_mean(task, ids);
	if (near)
		td_diag_add(diags, TD_SEV_WARNING, (td_loc){run->file, 0, 0},
		            "%s.task: unknown task '%s' (did you mean '%s'?)", path, task, near);
	else
		td_diag_add(diags, TD_SEV_WARNING, (td_loc){run->file, 0, 0}, "%s.task: unknown task '%s'",
		            path, task);
}

/* ---- summaries of the evidence page ---- */

static int cmp_suite(const void *pa, const void *pb)
{
	const td_ev_run *a = *(const td_ev_run *const *)pa, *b = *(const td_ev_run *const *)pb;
	int r = strcmp(a->suite, b->suite);
	return r ? r : cmp_run(a, b);
}

static void summarize_suites(td_criteria_info *ci, const td_evidence *ev, td_arena *arena)
{
	size_t n = ev ? ev->nruns : 0;
	const td_ev_run **runs = td_arena_alloc(arena, (n + 1) * sizeof *runs);
	for (size_t i = 0; i < n; i++)
		runs[i] = ev->runs[i];
	qsort(runs, n, sizeof *runs, cmp_suite);
	ci->suites = td_arena_alloc(arena, (n + 1) * sizeof *ci->suites);
	for (size_t i = 0; i < n; i++) {
		td_suite_latest *s = ci->nsuites ? &ci->suites[ci->nsuites - 1] : NULL;
		if (!s || strcmp(s->suite, runs[i]->suite)) {
			s = &ci->suites[ci->nsuites++];
			s->suite = runs[i]->suite;
		}
		s->run = runs[i]; /* sorted: the last is the newest */
		s->nruns++;
	}
}

static int cmp_newest(const void *pa, const void *pb)
{
	return -cmp_run(*(const td_ev_run *const *)pa, *(const td_ev_run *const *)pb);
}

static void summarize_runs(td_criteria_info *ci, const td_evidence *ev, td_arena *arena)
{
	size_t n = ev ? ev->nruns : 0;
	ci->runs = td_arena_alloc(arena, (n + 1) * sizeof *ci->runs);
	for (size_t i = 0; i < n; i++)
		ci->runs[i] = ev->runs[i];
	ci->nruns = n;
	qsort(ci->runs, n, sizeof *ci->runs, cmp_newest);
}

static void summarize_failed(td_criteria_info *ci, const ev_index *ix, td_arena *arena)
{
	ci->failed = td_arena_alloc(arena, (ix->nchecks + 1) * sizeof *ci->failed);
	for (size_t i = 0; i < ix->nchecks; i++) {
		bool last = i + 1 == ix->nchecks || strcmp(ix->checks[i]->name, ix->checks[i + 1]->name);
		if (last &&
		    (ix->checks[i]->status == TD_CHECK_FAIL || ix->checks[i]->status == TD_CHECK_ERROR))
			ci->failed[ci->nfailed++] = ix->checks[i];
	}
}

static void add_threshold(td_bench_series *s, bool is_min, double value)
{
	for (size_t k = 0; k < s->nthresholds; k++)
		if (s->thresholds[k].is_min == is_min &&
		    fabs(s->thresholds[k].value - value) <= 1e-12 * fmax(fabs(value), 1e-300))
			return;
	s->thresholds[s->nthresholds++] = (td_bench_threshold){is_min, value};
}

static void summarize_benchmarks(td_criteria_info *ci, const ev_index *ix, td_arena *arena, td_diags *diags)
{
	size_t nnames = 0;
	while (ix->result_names[nnames])
		nnames++;
	if (nnames > TD_BENCH_MAX) {
		/* each name gets a chart (two files): bounded, said at the largest run */
		const td_ev_run *big = ix->results[0]->run;
		for (size_t i = 0; i < ix->nresults; i++)
			if (ix->results[i]->run->nresults > big->nresults)
				big = ix->results[i]->run;
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){big->file, 0, 0},
		            "the evidence holds %zu distinct benchmark names (%zu results in this file); taskdoc draws a "
		            "trend chart for each and takes at most %d",
		            nnames, big->nresults, TD_BENCH_MAX);
		nnames = 0;
	}
	ci->benchmarks = td_arena_alloc(arena, (nnames + 1) * sizeof *ci->benchmarks);
	for (size_t n = 0; n < nnames; n++) {
		td_bench_series *s = &ci->benchmarks[ci->nbenchmarks++];
		s->name = ix->result_names[n];
		size_t first,
		    end = name_range((const void *const *)ix->results, ix->nresults, s->name, false, &first);
		const td_ev_result *newest = ix->results[end - 1];
		/* the unit of the criteria that name it, so that the chart and the
		 * threshold line speak the same unit; else a readable one */
		const td_verdict *named = NULL;
		size_t ncrit = 0;
		for (size_t k = 0; k < ci->len; k++) {
			const td_verdict *v = &ci->items[k];
			if (!v->crit->benchmark || strcmp(v->crit->benchmark, s->name) || v->bad)
				continue;
			ncrit++;
			if (!named && td_unit_compatible(&v->unit, &newest->unit))
				named = v;
		}
		s->ncriteria = ncrit;
		if (named) {
			s->unit = named->unit;
		} else {
			double big = 0;
			for (size_t k = first; k < end; k++)
				if (td_unit_compatible(&ix->results[k]->unit, &newest->unit))
					big = fmax(
					    big, fabs(td_unit_convert(ix->results[k]->value,
					                              &ix->results[k]->unit, &newest->unit)));
			td_unit_readable(&s->unit, &newest->unit, big);
		}
		s->points = td_arena_alloc(arena, (end - first) * sizeof *s->points);
		for (size_t k = first; k < end; k++) {
			const td_ev_result *r = ix->results[k];
			double val = td_unit_compatible(&r->unit, &s->unit)
			                 ? td_unit_convert(r->value, &r->unit, &s->unit)
			                 : NAN;
			if (!isfinite(val)) {
				td_diag_add(diags, TD_SEV_WARNING, (td_loc){r->run->file, 0, 0},
				            "%s: '%s' is reported in %s here but in %s in its newest run "
				            "(%s); this run is left "
				            "out of its trend",
				            r->path, s->name,
				            r->unit.family == TD_UNIT_NONE ? "no unit" : r->unit.text,
				            newest->unit.family == TD_UNIT_NONE ? "no unit"
				                                                : newest->unit.text,
				            newest->run->file);
				continue;
			}
			s->points[s->npoints++] = (td_bench_point){r, val};
		}
		s->thresholds = td_arena_alloc(arena, (2 * ncrit + 1) * sizeof *s->thresholds);
		for (size_t k = 0; k < ci->len; k++) {
			const td_verdict *v = &ci->items[k];
			if (!v->crit->benchmark || strcmp(v->crit->benchmark, s->name) || v->bad ||
			    !td_unit_compatible(&v->unit, &s->unit))
				continue;
			if (v->has_min)
				add_threshold(s, true, td_unit_convert(v->min, &v->unit, &s->unit));
			if (v->has_max)
				add_threshold(s, false, td_unit_convert(v->max, &v->unit, &s->unit));
		}
	}
}

/* ---- the driver ---- */

static int cmp_key(const void *pa, const void *pb)
{
	const struct td_crit_key *a = pa, *b = pb;
	return a->items < b->items ? -1 : a->items > b->items;
}

static void add_list(td_criteria_info *ci, const td_criteria *c, td_node_kind kind, const void *on,
                     const char *id)
{
	if (!c->len)
		return;
	ci->keys[ci->nkeys++] = (struct td_crit_key){(uintptr_t)c->items, ci->len};
	for (size_t i = 0; i < c->len; i++) {
		td_verdict *v = &ci->items[ci->len++];
		v->crit = &c->items[i];
		v->on_kind = kind;
		v->on = on;
		v->on_id = id;
	}
}

void td_analyze_criteria(td_analysis *a, td_diags *diags)
{
	const td_plan *p = a->plan;
	td_criteria_info *ci = td_arena_alloc(a->arena, sizeof *ci);
	a->criteria = ci;
	size_t n = 0, lists = 0;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		n += ws->criteria.len, lists++;
		for (size_t k = 0; k < ws->nphases; k++) {
			const td_phase *ph = ws->phases[k];
			n += ph->criteria.len, lists++;
			for (size_t t = 0; t < ph->ntasks; t++)
				n += ph->tasks[t]->criteria.len, lists++;
		}
	}
	ci->items = td_arena_alloc(a->arena, (n + 1) * sizeof *ci->items);
	ci->keys = td_arena_alloc(a->arena, (lists + 1) * sizeof *ci->keys);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		add_list(ci, &ws->criteria, TD_NODE_WORKSTREAM, ws, ws->id);
		for (size_t k = 0; k < ws->nphases; k++) {
			const td_phase *ph = ws->phases[k];
			add_list(ci, &ph->criteria, TD_NODE_PHASE, ph, ph->id);
			for (size_t t = 0; t < ph->ntasks; t++)
				add_list(ci, &ph->tasks[t]->criteria, TD_NODE_TASK, ph->tasks[t],
				         ph->tasks[t]->id);
		}
	}
	qsort(ci->keys, ci->nkeys, sizeof *ci->keys, cmp_key);

	ev_index ix;
	build_index(&ix, p->evidence, a->arena);
	ci->nchecks = ix.nchecks;
	ci->nresults = ix.nresults;
	for (size_t i = 0; i < ci->len; i++) {
		td_verdict *v = &ci->items[i];
		decide(v, &ix, diags);
		if (v->verdict == TD_VERDICT_PASS)
			ci->pass++;
		else if (v->verdict == TD_VERDICT_FAIL)
			ci->fail++;
		else
			ci->pending++;
		warn_near_names(v, &ix, diags);
		warn_done_task(v, diags);
	}
	const char **ids = task_ids(p, a->arena);
	const td_evidence *ev = p->evidence;
	for (size_t i = 0; ev && i < ev->nruns; i++) {
		const td_ev_run *run = ev->runs[i];
		for (size_t k = 0; k < run->nchecks; k++)
			warn_task(p, ids, run, run->checks[k].path, run->checks[k].task, diags);
		for (size_t k = 0; k < run->nresults; k++)
			if (run->shape == TD_EV_BENCHMARK)
				warn_task(p, ids, run, run->results[k].path, run->results[k].task, diags);
	}
	summarize_suites(ci, ev, a->arena);
	summarize_runs(ci, ev, a->arena);
	summarize_failed(ci, &ix, a->arena);
	summarize_benchmarks(ci, &ix, a->arena, diags);
}

const td_verdict *td_criteria_verdicts(const td_analysis *a, const td_criteria *c)
{
	if (!c->len || !a->criteria)
		return NULL;
	const td_criteria_info *ci = a->criteria;
	struct td_crit_key key = {(uintptr_t)c->items, 0};
	const struct td_crit_key *k = bsearch(&key, ci->keys, ci->nkeys, sizeof key, cmp_key);
	return k ? &ci->items[k->base] : NULL;
}
