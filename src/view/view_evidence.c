/*
 * view_evidence.c - criteria with their verdicts, and the evidence
 * summaries, as JSON for export and templates. Only shapes what
 * analyze/criteria.c computed.
 */
#include "view/format.h"
#include "view/view_evidence.h"
#include "view/sitemap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Numbers keep 12 significant digits: no float noise from unit conversion. */
static json_t *number(double v)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.12g", v);
	return json_real(strtod(tmp, NULL));
}

static json_t *quantity_text(double v, const td_unit *u)
{
	td_buf b = TD_BUF_INIT;
	td_quantity_format(&b, v, u);
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

/* v in a unit that reads well ("541 MB/s" rather than "541200516 B/s"). */
static json_t *readable_text(double v, const td_unit *u)
{
	td_unit r;
	td_unit_readable(&r, u, v);
	return quantity_text(td_unit_convert(v, u, &r), &r);
}

static json_t *timestamp(const td_timestamp *ts)
{
	char buf[32];
	if (!ts->known)
		return json_null();
	td_timestamp_format(ts, buf);
	return json_string(buf);
}

static json_t *date(const td_timestamp *ts)
{
	char buf[11];
	if (!ts->known)
		return json_null();
	td_date_format(ts->date, buf);
	return json_string(buf);
}

static json_t *run_ref(const td_ev_run *run)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "file", json_string(run->file));
	json_object_set_new_nocheck(o, "run_at", timestamp(&run->run_at));
	json_object_set_new_nocheck(o, "date", date(&run->run_at));
	json_object_set_new_nocheck(o, "suite", json_string(run->suite));
	json_object_set_new_nocheck(o, "kind", json_string(td_ev_shape_name(run->shape)));
	json_object_set_new_nocheck(o, "commit", str_or_null(run->commit));
	return o;
}

static json_t *threshold_text(const td_verdict *v)
{
	td_buf b = TD_BUF_INIT;
	if (v->has_min) {
		td_buf_puts(&b, "≥ ");
		td_quantity_format(&b, v->min, &v->unit);
	}
	if (v->has_max) {
		td_buf_puts(&b, v->has_min ? " and ≤ " : "≤ ");
		td_quantity_format(&b, v->max, &v->unit);
	}
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

json_t *td_view_criterion(const td_analysis *a, const td_verdict *v)
{
	(void)a;
	const td_criterion *cr = v->crit;
	bool bench = cr->benchmark != NULL;
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", str_or_null(cr->id));
	json_object_set_new_nocheck(o, "title", td_view_str(cr->title ? cr->title : ""));
	json_object_set_new_nocheck(o, "owner", td_view_str(cr->owner));
	json_object_set_new_nocheck(o, "kind",
	                            td_view_str(bench       ? "benchmark"
	                                        : cr->check ? "check"
	                                                    : "manual"));
	json_object_set_new_nocheck(o, "benchmark", td_view_str(cr->benchmark));
	json_object_set_new_nocheck(o, "check", td_view_str(cr->check));
	json_object_set_new_nocheck(o, "min", td_view_str(cr->min));
	json_object_set_new_nocheck(o, "max", td_view_str(cr->max));
	json_object_set_new_nocheck(o, "done", cr->done < 0 ? json_null() : json_boolean(cr->done));
	json_object_set_new_nocheck(o, "verdict", td_view_str(td_verdict_name(v->verdict)));
	json_object_set_new_nocheck(o, "passed", json_boolean(v->verdict == TD_VERDICT_PASS));
	json_object_set_new_nocheck(o, "failed", json_boolean(v->verdict == TD_VERDICT_FAIL));
	json_object_set_new_nocheck(o, "pending", json_boolean(v->verdict == TD_VERDICT_PENDING));
	json_object_set_new_nocheck(o, "reason", td_view_str(v->reason ? v->reason : ""));
	bool units = bench && (v->has_min || v->has_max);
	json_object_set_new_nocheck(o, "value", v->has_value ? number(v->value) : json_null());
	json_object_set_new(
	    o, "unit", units && v->unit.family != TD_UNIT_NONE ? td_view_str(v->unit.text) : json_null());
	json_object_set_new_nocheck(o, "threshold",
	                            !units ? json_null() : number(v->has_min ? v->min : v->max));
	json_object_set_new_nocheck(o, "threshold_min", units && v->has_min ? number(v->min) : json_null());
	json_object_set_new_nocheck(o, "threshold_max", units && v->has_max ? number(v->max) : json_null());
	json_object_set_new_nocheck(o, "value_text",
	                            v->has_value ? quantity_text(v->value, &v->unit) : json_null());
	json_object_set_new_nocheck(o, "threshold_text", units ? threshold_text(v) : json_null());
	json_object_set_new_nocheck(
	    o, "status", v->check ? td_view_str(td_check_status_name(v->check->status)) : json_null());
	json_object_set_new_nocheck(o, "message", str_or_null(v->check ? v->check->message : NULL));
	json_object_set_new_nocheck(o, "evidence", v->run ? run_ref(v->run) : json_null());
	json_object_set_new_nocheck(o, "file", td_view_str(cr->loc.file));
	json_object_set_new_nocheck(o, "line", json_integer(cr->loc.line));
	return o;
}

json_t *td_view_criteria_list(const td_analysis *a, const td_criteria *c)
{
	const td_verdict *v = td_criteria_verdicts(a, c);
	if (!v || !c->len)
		return td_view_empty_array();
	json_t *arr = json_array();
	for (size_t i = 0; v && i < c->len; i++)
		json_array_append_new(arr, td_view_criterion(a, &v[i]));
	return arr;
}

static json_t *on_object(const td_verdict *v)
{
	const char *title, *ws;
	switch (v->on_kind) {
	case TD_NODE_TASK:
		title = ((const td_task *)v->on)->title;
		ws = ((const td_task *)v->on)->phase->workstream->id;
		break;
	case TD_NODE_PHASE:
		title = ((const td_phase *)v->on)->title;
		ws = ((const td_phase *)v->on)->workstream->id;
		break;
	default:
		title = ((const td_workstream *)v->on)->title;
		ws = ((const td_workstream *)v->on)->id;
		break;
	}
	json_t *o = json_object();
	td_buf anchor = TD_BUF_INIT, url = TD_BUF_INIT;
	td_view_anchor(&anchor, v->on_id);
	td_workstream_page(&url, ws);
	if (v->on_kind != TD_NODE_WORKSTREAM)
		td_buf_printf(&url, "#%s", td_buf_cstr(&anchor));
	json_object_set_new_nocheck(o, "kind", json_string(td_node_kind_name(v->on_kind)));
	json_object_set_new_nocheck(o, "id", json_string(v->on_id));
	json_object_set_new_nocheck(o, "anchor", json_string(td_buf_cstr(&anchor)));
	json_object_set_new_nocheck(o, "title", json_string(title));
	json_object_set_new_nocheck(o, "url", json_string(td_buf_cstr(&url)));
	json_object_set_new_nocheck(o, "workstream", json_string(ws));
	json_object_set_new_nocheck(o, "is_task", json_boolean(v->on_kind == TD_NODE_TASK));
	td_buf_free(&anchor);
	td_buf_free(&url);
	return o;
}

json_t *td_view_criteria_all(const td_analysis *a)
{
	json_t *arr = json_array();
	const td_criteria_info *ci = a->criteria;
	for (size_t i = 0; ci && i < ci->len; i++) {
		json_t *o = td_view_criterion(a, &ci->items[i]);
		json_object_set_new_nocheck(o, "on", on_object(&ci->items[i]));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *check_object(const td_ev_check *c)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "name", json_string(c->name));
	json_object_set_new_nocheck(o, "status", json_string(td_check_status_name(c->status)));
	json_object_set_new_nocheck(o, "passed", json_boolean(c->status == TD_CHECK_PASS));
	json_object_set_new_nocheck(o, "failed",
	                            json_boolean(c->status == TD_CHECK_FAIL || c->status == TD_CHECK_ERROR));
	json_object_set_new_nocheck(o, "duration_s",
	                            isnan(c->duration_s) ? json_null() : number(c->duration_s));
	json_object_set_new_nocheck(o, "task", str_or_null(c->task));
	json_object_set_new_nocheck(o, "message", str_or_null(c->message));
	return o;
}

static json_t *result_object(const td_ev_result *r)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "name", json_string(r->name));
	json_object_set_new_nocheck(o, "value", number(r->value));
	json_object_set_new_nocheck(o, "unit",
	                            r->unit.family == TD_UNIT_NONE ? json_null() : json_string(r->unit.text));
	json_object_set_new_nocheck(o, "text", readable_text(r->value, &r->unit));
	json_object_set_new_nocheck(o, "task", str_or_null(r->task));
	return o;
}

/* A run with its counts of checks by status. */
static json_t *run_object(const td_ev_run *run, bool details)
{
	json_t *o = run_ref(run);
	int counts[4] = {0, 0, 0, 0};
	json_t *checks = json_array();
	for (size_t i = 0; i < run->nchecks; i++) {
		counts[run->checks[i].status]++;
		if (details)
			json_array_append_new(checks, check_object(&run->checks[i]));
	}
	json_t *results = json_array();
	for (size_t i = 0; details && i < run->nresults; i++)
		json_array_append_new(results, result_object(&run->results[i]));
	if (details) {
		json_object_set_new_nocheck(o, "checks", checks);
		json_object_set_new_nocheck(o, "results", results);
	} else {
		json_decref(checks);
		json_decref(results);
		json_object_set_new_nocheck(o, "checks", json_integer((json_int_t)run->nchecks));
		json_object_set_new_nocheck(o, "results", json_integer((json_int_t)run->nresults));
	}
	json_object_set_new_nocheck(o, "passed", json_integer(counts[TD_CHECK_PASS]));
	json_object_set_new_nocheck(o, "failed", json_integer(counts[TD_CHECK_FAIL]));
	json_object_set_new_nocheck(o, "skipped", json_integer(counts[TD_CHECK_SKIP]));
	json_object_set_new_nocheck(o, "errors", json_integer(counts[TD_CHECK_ERROR]));
	return o;
}

static json_t *suite_object(const td_suite_latest *s)
{
	json_t *o = run_object(s->run, true);
	json_object_set_new_nocheck(o, "runs", json_integer((json_int_t)s->nruns));
	return o;
}

static json_t *benchmark_object(const td_bench_series *s, json_t *used_charts)
{
	json_t *o = json_object();
	td_buf anchor = TD_BUF_INIT, chart = TD_BUF_INIT;
	td_view_anchor(&anchor, s->name);
	/* distinct names may share an anchor ("a:b", "a-b"): number the later ones */
	for (int k = 1;; k++) {
		td_buf_clear(&chart);
		td_buf_puts(&chart, "charts/bench-");
		td_view_file_stem(&chart, td_buf_cstr(&anchor));
		if (k > 1)
			td_buf_printf(&chart, "-%d", k);
		td_buf_puts(&chart, ".svg");
		if (!json_object_get(used_charts, td_buf_cstr(&chart)))
			break;
	}
	json_object_set_new(used_charts, td_buf_cstr(&chart), json_true());
	json_object_set_new_nocheck(o, "name", json_string(s->name));
	json_object_set_new_nocheck(o, "anchor", json_string(td_buf_cstr(&anchor)));
	json_object_set_new_nocheck(o, "unit",
	                            s->unit.family == TD_UNIT_NONE ? json_null() : json_string(s->unit.text));
	json_object_set_new_nocheck(o, "chart", json_string(td_buf_cstr(&chart)));
	json_object_set_new_nocheck(o, "criteria", json_integer((json_int_t)s->ncriteria));
	json_t *th = json_array();
	td_buf text = TD_BUF_INIT;
	for (size_t i = 0; i < s->nthresholds; i++) {
		const td_bench_threshold *t = &s->thresholds[i];
		json_t *to = json_object();
		json_object_set_new_nocheck(to, "kind", json_string(t->is_min ? "min" : "max"));
		json_object_set_new_nocheck(to, "value", number(t->value));
		td_buf_clear(&text);
		td_buf_puts(&text, t->is_min ? "≥ " : "≤ ");
		td_quantity_format(&text, t->value, &s->unit);
		json_object_set_new_nocheck(to, "text", json_string(td_buf_cstr(&text)));
		json_array_append_new(th, to);
	}
	json_object_set_new_nocheck(o, "thresholds", th);
	json_t *pts = json_array();
	for (size_t i = 0; i < s->npoints; i++) {
		const td_bench_point *p = &s->points[i];
		json_t *po = json_object();
		json_object_set_new_nocheck(po, "run_at", timestamp(&p->result->run->run_at));
		json_object_set_new_nocheck(po, "date", date(&p->result->run->run_at));
		json_object_set_new_nocheck(po, "value", number(p->value));
		json_object_set_new_nocheck(po, "text", quantity_text(p->value, &s->unit));
		json_object_set_new_nocheck(po, "file", json_string(p->result->run->file));
		json_object_set_new_nocheck(po, "suite", json_string(p->result->run->suite));
		json_array_append_new(pts, po);
	}
	json_object_set_new_nocheck(o, "points", pts);
	json_object_set_new_nocheck(
	    o, "latest", s->npoints ? json_deep_copy(json_array_get(pts, s->npoints - 1)) : json_null());
	td_buf_free(&text);
	td_buf_free(&anchor);
	td_buf_free(&chart);
	return o;
}

json_t *td_view_evidence(const td_analysis *a)
{
	const td_criteria_info *ci = a->criteria;
	const td_evidence *ev = a->plan->evidence;
	json_t *o = json_object();
	json_t *tot = json_object();
	json_object_set_new_nocheck(tot, "runs", json_integer(ev ? (json_int_t)ev->nruns : 0));
	json_object_set_new_nocheck(tot, "checks", json_integer((json_int_t)ci->nchecks));
	json_object_set_new_nocheck(tot, "results", json_integer((json_int_t)ci->nresults));
	json_object_set_new_nocheck(tot, "failed_checks", json_integer((json_int_t)ci->nfailed));
	json_object_set_new_nocheck(tot, "criteria", json_integer((json_int_t)ci->len));
	json_object_set_new_nocheck(tot, "pass", json_integer(ci->pass));
	json_object_set_new_nocheck(tot, "fail", json_integer(ci->fail));
	json_object_set_new_nocheck(tot, "pending", json_integer(ci->pending));
	json_object_set_new_nocheck(o, "totals", tot);
	json_t *suites = json_array();
	for (size_t i = 0; i < ci->nsuites; i++)
		json_array_append_new(suites, suite_object(&ci->suites[i]));
	json_object_set_new_nocheck(o, "suites", suites);
	json_t *runs = json_array();
	for (size_t i = 0; i < ci->nruns; i++)
		json_array_append_new(runs, run_object(ci->runs[i], false));
	json_object_set_new_nocheck(o, "runs", runs);
	json_t *failed = json_array();
	for (size_t i = 0; i < ci->nfailed; i++) {
		json_t *c = check_object(ci->failed[i]);
		json_t *r = run_ref(ci->failed[i]->run);
		json_object_update(c, r);
		json_decref(r);
		json_array_append_new(failed, c);
	}
	json_object_set_new_nocheck(o, "failed_checks", failed);
	json_t *used = json_object();
	json_t *benches = json_array();
	for (size_t i = 0; i < ci->nbenchmarks; i++)
		json_array_append_new(benches, benchmark_object(&ci->benchmarks[i], used));
	json_decref(used);
	json_object_set_new_nocheck(o, "benchmarks", benches);
	return o;
}
