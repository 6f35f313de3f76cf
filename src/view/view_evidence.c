/*
 * view_evidence.c - criteria with their verdicts, and the evidence
 * summaries, as JSON for export and templates. Only shapes what
 * analyze/criteria.c computed.
 */
#include "view/format.h"
#include "view/view_evidence.h"
#include "view/sitemap.h"
#include "view/sink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Numbers keep 12 significant digits: no float noise from unit conversion. */
static double number_value(double v)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.12g", v);
	return strtod(tmp, NULL);
}

static json_t *number(double v)
{
	return json_real(number_value(v));
}

static void s_number(sink *s, const char *k, double v)
{
	if (!s_hash(s))
		s_json(s, k, number(v));
	else
		s_key(s, k), td_digest_fold_real(&s->d, number_value(v));
}

static void s_quantity(sink *s, const char *k, double v, const td_unit *u)
{
	td_buf b = TD_BUF_INIT;
	td_quantity_format(&b, v, u);
	s_buf(s, k, &b);
	td_buf_free(&b);
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

static void run_members(sink *s, const td_ev_run *run)
{
	char buf[32];
	if (run->file) /* json_string(NULL) is no member */
		s_str(s, "file", run->file, false);
	if (run->run_at.known) {
		td_timestamp_format(&run->run_at, buf);
		s_str(s, "run_at", buf, false);
		td_date_format(run->run_at.date, buf);
		s_str(s, "date", buf, false);
	} else {
		s_null(s, "run_at");
		s_null(s, "date");
	}
	if (run->suite)
		s_str(s, "suite", run->suite, false);
	s_str(s, "kind", td_ev_shape_name(run->shape), false);
	s_str(s, "commit", run->commit, false);
}

static json_t *run_ref(const td_ev_run *run)
{
	sink s = {.j = json_object()};
	run_members(&s, run);
	return s.j;
}

static void s_threshold_text(sink *s, const char *k, const td_verdict *v)
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
	s_buf(s, k, &b);
	td_buf_free(&b);
}

/* A number member, or null. */
static void s_number_or_null(sink *s, const char *k, bool known, double v)
{
	if (known)
		s_number(s, k, v);
	else
		s_null(s, k);
}

void td_view_criterion_members(sink *s, const td_analysis *a, const td_verdict *v)
{
	(void)a;
	const td_criterion *cr = v->crit;
	bool bench = cr->benchmark != NULL;
	s_str(s, "id", cr->id, false);
	s_str(s, "title", cr->title ? cr->title : "", true);
	s_str(s, "owner", cr->owner, true);
	s_str(s, "kind", bench ? "benchmark" : cr->check ? "check" : "manual", true);
	s_str(s, "benchmark", cr->benchmark, true);
	s_str(s, "check", cr->check, true);
	s_str(s, "min", cr->min, true);
	s_str(s, "max", cr->max, true);
	if (cr->done < 0)
		s_null(s, "done");
	else
		s_bool(s, "done", cr->done);
	s_str(s, "verdict", td_verdict_name(v->verdict), true);
	s_bool(s, "passed", v->verdict == TD_VERDICT_PASS);
	s_bool(s, "failed", v->verdict == TD_VERDICT_FAIL);
	s_bool(s, "pending", v->verdict == TD_VERDICT_PENDING);
	s_str(s, "reason", v->reason ? v->reason : "", true);
	bool units = bench && (v->has_min || v->has_max);
	s_number_or_null(s, "value", v->has_value, v->value);
	s_str(s, "unit", units && v->unit.family != TD_UNIT_NONE ? v->unit.text : NULL, true);
	s_number_or_null(s, "threshold", units, v->has_min ? v->min : v->max);
	s_number_or_null(s, "threshold_min", units && v->has_min, v->min);
	s_number_or_null(s, "threshold_max", units && v->has_max, v->max);
	if (v->has_value)
		s_quantity(s, "value_text", v->value, &v->unit);
	else
		s_null(s, "value_text");
	if (units)
		s_threshold_text(s, "threshold_text", v);
	else
		s_null(s, "threshold_text");
	s_str(s, "status", v->check ? td_check_status_name(v->check->status) : NULL, true);
	s_str(s, "message", v->check ? v->check->message : NULL, false);
	if (v->run) {
		sink c = s_open(s, false);
		run_members(&c, v->run);
		s_close(s, "evidence", &c);
	} else {
		s_null(s, "evidence");
	}
	s_str(s, "file", cr->loc.file, true);
	s_int(s, "line", cr->loc.line);
}

json_t *td_view_criterion(const td_analysis *a, const td_verdict *v)
{
	sink s = {.j = json_object()};
	td_view_criterion_members(&s, a, v);
	return s.j;
}

void td_view_criteria_sink(sink *s, const char *k, const td_analysis *a, const td_criteria *c)
{
	const td_verdict *v = td_criteria_verdicts(a, c);
	if (!v || !c->len) {
		if (!s_hash(s)) {
			s_json(s, k, td_view_empty_array());
		} else {
			sink e = s_open(s, true);
			s_close(s, k, &e);
		}
		return;
	}
	sink arr = s_open(s, true);
	for (size_t i = 0; i < c->len; i++) {
		sink o = s_open(&arr, false);
		td_view_criterion_members(&o, a, &v[i]);
		s_close(&arr, NULL, &o);
	}
	s_close(s, k, &arr);
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
