/* view_history.c - the git-history parts of the view tree: shapes what
 * analyze/changes.c and burndown.c computed, computes nothing. */
#include "view/view_history.h"
#include "view/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A chart needs at least two days. */
#define MIN_CHART_POINTS 2

json_t *td_view_series(const td_series *s)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const td_bpoint *pt = &s->points[i];
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "date", td_view_date(pt->date));
		json_object_set_new_nocheck(o, "remaining_tasks", json_integer(pt->remaining_tasks));
		json_object_set_new_nocheck(o, "remaining_hours", td_view_hours(pt->remaining_hours));
		json_object_set_new_nocheck(o, "scope_hours",
		                            td_view_hours(pt->remaining_hours + pt->done_hours));
		json_object_set_new_nocheck(o, "done_hours", td_view_hours(pt->done_hours));
		json_object_set_new_nocheck(o, "done_tasks", json_integer(pt->done_tasks));
		json_object_set_new_nocheck(o, "scope_tasks",
		                            json_integer(pt->remaining_tasks + pt->done_tasks));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *td_view_forecast(const td_forecast *f, int weeks)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "status", json_string(td_fc_status_name(f->status)));
	json_object_set_new_nocheck(o, "ok", json_boolean(f->status == TD_FC_OK));
	json_object_set_new_nocheck(o, "done", json_boolean(f->status == TD_FC_DONE));
	json_object_set_new_nocheck(o, "no_history", json_boolean(f->status == TD_FC_NO_HISTORY));
	json_object_set_new_nocheck(o, "no_velocity", json_boolean(f->status == TD_FC_NO_VELOCITY));
	json_object_set_new_nocheck(o, "too_far", json_boolean(f->status == TD_FC_TOO_FAR));
	json_object_set_new_nocheck(o, "unestimated_only", json_boolean(f->status == TD_FC_UNESTIMATED));
	bool known = f->status != TD_FC_NO_HISTORY;
	json_object_set_new_nocheck(o, "as_of", td_view_date(f->as_of));
	json_object_set_new_nocheck(o, "weeks", json_integer(weeks));
	json_object_set_new_nocheck(o, "window_start", known ? td_view_date(f->window_start) : json_null());
	json_object_set_new_nocheck(o, "window_days", known ? json_integer(f->window_days) : json_null());
	json_object_set_new_nocheck(o, "velocity_hours_per_week",
	                            known ? td_view_hours(f->velocity) : json_null());
	json_object_set_new_nocheck(o, "remaining_tasks",
	                            known ? json_integer(f->remaining_tasks) : json_null());
	json_t *rh = json_object();
	json_object_set_new_nocheck(rh, "min", known ? td_view_hours(f->remaining_min) : json_null());
	json_object_set_new_nocheck(rh, "expected",
	                            known ? td_view_hours(f->remaining_expected) : json_null());
	json_object_set_new_nocheck(rh, "max", known ? td_view_hours(f->remaining_max) : json_null());
	json_object_set_new_nocheck(o, "remaining_hours", rh);
	json_object_set_new_nocheck(o, "unestimated", known ? json_integer(f->unestimated) : json_null());
	json_t *fin = json_object();
	json_object_set_new_nocheck(fin, "optimistic", td_view_date(f->finish_optimistic));
	json_object_set_new_nocheck(fin, "expected", td_view_date(f->finish_expected));
	json_object_set_new_nocheck(fin, "pessimistic", td_view_date(f->finish_pessimistic));
	json_object_set_new_nocheck(o, "finish", fin);
	json_object_set_new_nocheck(o, "finished_on", td_view_date(f->finished_on));
	json_t *pc = json_object();
	json_object_set_new_nocheck(pc, "weeks", json_integer(known ? f->pace_weeks : 0));
	json_object_set_new_nocheck(pc, "slowest", known ? td_view_hours(f->pace_slow) : json_null());
	json_object_set_new_nocheck(pc, "fastest", known ? td_view_hours(f->pace_fast) : json_null());
	json_object_set_new_nocheck(pc, "thin", json_boolean(known && f->pace_weeks < 2));
	json_object_set_new_nocheck(pc, "idle_weeks", json_integer(known ? f->idle_weeks : 0));
	json_object_set_new_nocheck(o, "pace", pc);
	const char *verdict = td_fc_verdict_name(f->verdict);
	json_object_set_new_nocheck(o, "target", td_view_date(f->target));
	json_object_set_new_nocheck(o, "verdict", verdict ? json_string(verdict) : json_null());
	json_object_set_new_nocheck(o, "on_track", json_boolean(f->verdict == TD_VERDICT_ON_TRACK));
	json_object_set_new_nocheck(o, "at_risk", json_boolean(f->verdict == TD_VERDICT_AT_RISK));
	json_object_set_new_nocheck(o, "late", json_boolean(f->verdict == TD_VERDICT_LATE));
	json_object_set_new_nocheck(o, "verdict_unknown", json_boolean(f->verdict == TD_VERDICT_UNKNOWN));
	bool judged = f->verdict >= TD_VERDICT_ON_TRACK;
	json_object_set_new_nocheck(o, "margin_days", judged ? json_integer(f->margin_days) : json_null());
	json_object_set_new_nocheck(
	    o, "late_by_days", judged && f->margin_days < 0 ? json_integer(-f->margin_days) : json_null());
	return o;
}

typedef struct ctx {
	const td_plan *p;
	const td_analysis *a;
	const td_timeline *tl;
	json_t *root;
	json_t *tasks;      /* root.tasks */
	json_t *task_by_id; /* id -> task object (borrowed values), filled when first asked */
	json_t *ws_by_id;   /* id -> workstream object */
	bool *filled;       /* whether they are */
	json_t **strs;      /* by index in the history log's strings: shared */
	json_t *memo;       /* text -> a shared string of it */
} ctx;

/* The id maps, made the first time a week asks (a plan without history
 * has no week). */
static void fill_maps(const ctx *c)
{
	if (*c->filled)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(c->tasks, i, v)
	    json_object_set(c->task_by_id, json_string_value(json_object_get(v, "id")), v);
	json_array_foreach(json_object_get(c->root, "workstreams"), i, v)
	    json_object_set(c->ws_by_id, json_string_value(json_object_get(v, "id")), v);
	*c->filled = true;
}

/* The task object of id now (NULL: not in the plan). */
static json_t *task_now(const ctx *c, const char *id)
{
	fill_maps(c);
	return json_object_get(c->task_by_id, id);
}

/* The workstream object of wsid now (NULL: none). */
static json_t *ws_now(const ctx *c, const char *wsid)
{
	fill_maps(c);
	return json_object_get(c->ws_by_id, wsid);
}

void td_view_task_date_values(const td_analysis *a, const td_task *t, td_date *added_on,
                              const char **done_source)
{
	const td_timeline *tl = a->timeline;
	*added_on = tl ? tl->added_on[t->index] : t->added_on;
	td_done_source src = tl                           ? tl->done_source[t->index]
	                     : t->done_on != TD_DATE_NONE ? TD_DONE_PLAN
	                                                  : TD_DONE_NONE;
	*done_source = src == TD_DONE_PLAN ? "plan" : src == TD_DONE_HISTORY ? "history" : NULL;
}

/* Strings of the history log, dates, statuses and estimates are made once
 * and shared (json_incref): the weekly reports list the same tasks week
 * after week. No view object is changed once made. */
static json_t *log_str(const ctx *c, uint32_t i)
{
	if (i == TD_STR_NONE)
		return json_null();
	if (!c->strs[i])
		c->strs[i] = json_string(c->tl->log->strs.strs[i]);
	return json_incref(c->strs[i]);
}

static json_t *memo_str(const ctx *c, const char *text)
{
	json_t *s = json_object_get(c->memo, text);
	if (!s) {
		s = json_string(text);
		json_object_set_new(c->memo, text, s);
	}
	return json_incref(s);
}

static json_t *memo_date(const ctx *c, td_date d)
{
	if (d == TD_DATE_NONE)
		return json_null();
	char b[16];
	td_date_format(d, b);
	return memo_str(c, b);
}

/* "2-3 days", as the task objects' estimate.display. */
static json_t *estimate_text(const ctx *c, const td_snap_task *t)
{
	if (t->id == TD_STR_NONE || !t->unit)
		return json_null();
	td_buf b = TD_BUF_INIT;
	td_view_estimate_display(&b, t->lo, t->hi, t->unit);
	json_t *j = memo_str(c, td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

static json_t *change_item(const ctx *c, const td_change *ch)
{
	const td_strtab *st = &c->tl->log->strs;
	const td_snap_task *b = &ch->before, *a = &ch->after;
	bool hb = b->id != TD_STR_NONE, ha = a->id != TD_STR_NONE;
	const td_snap_task *last = ha ? a : b;
	uint32_t ws = ha ? ch->ws_after : ch->ws_before;
	const char *id = st->strs[ch->id];
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", log_str(c, ch->id));
	json_t *now = task_now(c, id);
	json_object_set_new_nocheck(o, "title", log_str(c, last->title));
	json_object_set_new_nocheck(o, "in_plan", json_boolean(now != NULL));
	json_object_set_new_nocheck(o, "url", now ? json_incref(json_object_get(now, "url")) : json_null());
	const char *wsid = ws != TD_STR_NONE ? st->strs[ws] : NULL;
	json_object_set_new_nocheck(o, "workstream", log_str(c, ws));
	json_t *wso = wsid ? ws_now(c, wsid) : NULL;
	json_object_set_new_nocheck(o, "workstream_title",
	                            wso ? json_incref(json_object_get(wso, "title")) : log_str(c, ws));
	json_object_set_new_nocheck(o, "status_before",
	                            hb ? memo_str(c, td_status_name((td_status)b->status)) : json_null());
	json_object_set_new_nocheck(o, "status_after",
	                            ha ? memo_str(c, td_status_name((td_status)a->status)) : json_null());
	json_object_set_new_nocheck(o, "estimate_before", hb ? estimate_text(c, b) : json_null());
	json_object_set_new_nocheck(o, "estimate_after", ha ? estimate_text(c, a) : json_null());
	double hpd = c->p->hours_per_day, dpw = c->p->days_per_week;
	json_object_set_new_nocheck(o, "hours_before",
	                            hb && b->unit
	                                ? td_view_hours(td_snap_hours(b->unit, (b->lo + b->hi) / 2, hpd, dpw))
	                                : json_null());
	json_object_set_new_nocheck(o, "hours_after",
	                            ha && a->unit
	                                ? td_view_hours(td_snap_hours(a->unit, (a->lo + a->hi) / 2, hpd, dpw))
	                                : json_null());
	json_object_set_new_nocheck(o, "priority_before",
	                            hb && b->priority != TD_PRIO_NONE
	                                ? json_string(td_priority_name((td_priority)b->priority))
	                                : json_null());
	json_object_set_new_nocheck(o, "priority_after",
	                            ha && a->priority != TD_PRIO_NONE
	                                ? json_string(td_priority_name((td_priority)a->priority))
	                                : json_null());
	json_object_set_new_nocheck(o, "date", memo_date(c, ch->date));
	return o;
}

static json_t *signed_text(double v)
{
	v = round(v * 100.0) / 100.0;
	td_buf b = TD_BUF_INIT;
	if (v > 0)
		td_buf_putc(&b, '+');
	if (v < 0) {
		td_buf_putc(&b, '-');
		v = -v;
	}
	td_view_number_text(&b, v);
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

static json_t *remaining_at(const td_series *s, td_date d)
{
	const td_bpoint *pt = td_series_at(s, d);
	if (!pt)
		return json_null();
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "date", td_view_date(d));
	json_object_set_new_nocheck(o, "tasks", json_integer(pt->remaining_tasks));
	json_object_set_new_nocheck(o, "hours", td_view_hours(pt->remaining_hours));
	json_object_set_new_nocheck(o, "scope_hours", td_view_hours(pt->remaining_hours + pt->done_hours));
	json_object_set_new_nocheck(o, "done_hours", td_view_hours(pt->done_hours));
	return o;
}

/* A task of a week's work in progress or a sprint's open focus, as its
 * history has it (title, owner, status of that time; url of the plan now). */
static json_t *wip_item(const ctx *c, const td_wip *x)
{
	const td_strtab *st = &c->tl->log->strs;
	const char *id = st->strs[x->id];
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", log_str(c, x->id));
	json_object_set_new_nocheck(o, "title", log_str(c, x->task.title));
	json_t *now = task_now(c, id);
	json_object_set_new_nocheck(o, "in_plan", json_boolean(now != NULL));
	json_object_set_new_nocheck(o, "url", now ? json_incref(json_object_get(now, "url")) : json_null());
	const char *wsid = x->ws != TD_STR_NONE ? st->strs[x->ws] : NULL;
	json_t *wso = wsid ? ws_now(c, wsid) : NULL;
	json_object_set_new_nocheck(o, "workstream", log_str(c, x->ws));
	json_object_set_new_nocheck(o, "workstream_title",
	                            wso ? json_incref(json_object_get(wso, "title")) : log_str(c, x->ws));
	json_object_set_new_nocheck(o, "owner", log_str(c, x->task.owner));
	json_object_set_new_nocheck(o, "status", memo_str(c, td_status_name((td_status)x->task.status)));
	json_object_set_new_nocheck(o, "estimate", estimate_text(c, &x->task));
	json_object_set_new_nocheck(o, "since", memo_date(c, x->since));
	json_object_set_new_nocheck(o, "age_days",
	                            x->age_days >= 0 ? json_integer(x->age_days) : json_null());
	return o;
}

/* How many weeks the velocity table of a weekly report shows. */
#define WEEKLY_VELOCITY_WEEKS 8

/* The velocity of the report's week and the weeks before it, oldest first. */
static json_t *week_velocity(const ctx *c, size_t k)
{
	json_t *arr = json_array();
	size_t from = k + 1 > WEEKLY_VELOCITY_WEEKS ? k + 1 - WEEKLY_VELOCITY_WEEKS : 0;
	for (size_t i = from; i <= k; i++) {
		const td_week *w = &c->tl->weeks[i];
		char id[16];
		td_iso_week_format(w->year, w->week, id);
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "id", json_string(id));
		json_object_set_new_nocheck(o, "start", td_view_date(w->start));
		json_object_set_new_nocheck(o, "counted", json_boolean(w->counted));
		json_object_set_new_nocheck(o, "done_tasks",
		                            w->counted ? json_integer(w->done_tasks) : json_null());
		json_object_set_new_nocheck(o, "done_hours",
		                            w->counted ? td_view_hours(w->done_hours) : json_null());
		json_object_set_new_nocheck(o, "this_week", json_boolean(i == k));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* What the planning meeting runs from: the sprints of the week with what
 * they committed and carried over, what slipped, the work in progress and
 * the velocity of the last weeks. All from history: a past week keeps it. */
static void week_meeting(const ctx *c, json_t *o, const td_week *w)
{
	json_t *sprints = json_array(), *slipped = json_array(), *wip = json_array();
	for (size_t i = 0; i < w->nsprints; i++) {
		const td_week_sprint *ws = &w->sprints[i];
		const td_sprint *sp = ws->sprint;
		json_t *so = json_object();
		json_object_set_new_nocheck(so, "name", json_string(sp->name));
		json_object_set_new_nocheck(so, "start", td_view_date(sp->start));
		json_object_set_new_nocheck(so, "end", td_view_date(sp->end));
		json_object_set_new_nocheck(so, "known", json_boolean(ws->known));
		json_object_set_new_nocheck(so, "ended", json_boolean(ws->ended));
		json_object_set_new_nocheck(so, "committed_tasks", json_integer(ws->committed_tasks));
		json_object_set_new_nocheck(so, "committed_hours", td_view_hours(ws->committed_hours));
		json_object_set_new_nocheck(so, "done_tasks", json_integer(ws->done_tasks));
		json_object_set_new_nocheck(so, "done_hours", td_view_hours(ws->done_hours));
		json_object_set_new_nocheck(so, "open_tasks", json_integer(ws->open_tasks));
		json_object_set_new_nocheck(so, "open_hours", td_view_hours(ws->open_hours));
		json_t *carried = json_array();
		bool ended_here = ws->ended && sp->end >= w->start;
		for (size_t j = 0; j < ws->ncarried; j++) {
			json_array_append_new(carried, wip_item(c, &ws->carried[j]));
			if (ended_here) {
				json_t *it = wip_item(c, &ws->carried[j]);
				json_object_set_new_nocheck(it, "sprint", json_string(sp->name));
				json_object_set_new_nocheck(it, "due", td_view_date(sp->end));
				json_array_append_new(slipped, it);
			}
		}
		json_object_set_new_nocheck(so, "carried_over", carried);
		json_object_set_new_nocheck(so, "carried_over_count", json_integer((json_int_t)ws->ncarried));
		json_object_set_new_nocheck(so, "carried_over_known",
		                            json_boolean(!ws->ended || ws->carried != NULL));
		json_array_append_new(sprints, so);
	}
	for (size_t i = 0; i < w->nwip; i++)
		json_array_append_new(wip, wip_item(c, &w->wip[i]));
	json_object_set_new_nocheck(o, "sprints", sprints);
	json_object_set_new_nocheck(o, "slipped", slipped);
	json_object_set_new_nocheck(o, "in_progress", wip);
	json_object_set_new_nocheck(o, "velocity", week_velocity(c, (size_t)(w - c->tl->weeks)));
}

/* How many ready tasks a weekly report lists. */
#define WEEKLY_READY_MAX TD_WEEK_READY_MAX

/* A task of a past week's ready list or critical path, as history has it
 * then (url and workstream title of the plan now), with the fields of a
 * task object the report reads. */
static json_t *asof_item(const ctx *c, const td_asof_task *x)
{
	td_wip w = {x->task->id, x->ws, *x->task, TD_DATE_NONE, -1};
	json_t *o = wip_item(c, &w);
	json_object_del(o, "since");
	json_object_del(o, "age_days");
	json_t *est = json_object();
	json_object_set(est, "display", json_object_get(o, "estimate"));
	json_object_set_new_nocheck(o, "estimate", est);
	json_object_set_new_nocheck(o, "priority",
	                            x->task->priority != TD_PRIO_NONE
	                                ? json_string(td_priority_name((td_priority)x->task->priority))
	                                : json_null());
	json_object_set_new_nocheck(o, "critical", json_boolean(x->critical));
	return o;
}

/* A critical path object (as the plan's critical_path) of a past week. */
static json_t *asof_critical(const ctx *c, const td_week_asof *as)
{
	json_t *cp = json_object(), *tasks = json_array();
	for (size_t i = 0; i < as->ncritical; i++)
		json_array_append_new(tasks, asof_item(c, &as->critical[i]));
	json_object_set_new_nocheck(cp, "tasks", tasks);
	json_object_set_new_nocheck(cp, "count", json_integer((json_int_t)as->ncritical));
	json_object_set_new_nocheck(cp, "hours", as->cycle ? json_null() : td_view_hours(as->critical_hours));
	json_object_set_new(
	    cp, "days", as->cycle ? json_null() : td_view_hours(as->critical_hours / c->p->hours_per_day));
	json_object_set_new_nocheck(cp, "hours_text",
	                            as->cycle ? json_null() : td_view_hours_json(as->critical_hours));
	td_buf dt = TD_BUF_INIT;
	td_view_days_text(&dt, as->critical_hours / c->p->hours_per_day);
	json_object_set_new_nocheck(cp, "days_text", as->cycle ? json_null() : json_string(td_buf_cstr(&dt)));
	td_buf_free(&dt);
	return cp;
}

/* An open risk of a past week, as project.yaml had it then. */
static json_t *asof_risk(const td_risk *r)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_string(r->id));
	json_object_set_new_nocheck(o, "title", json_string(r->title));
	json_object_set_new_nocheck(o, "impact", json_string(td_level_name(r->impact)));
	json_object_set_new_nocheck(o, "probability", json_string(td_level_name(r->probability)));
	json_object_set_new_nocheck(o, "score", json_integer(td_risk_score(r)));
	json_object_set_new_nocheck(o, "mitigation",
	                            r->mitigation ? json_string(r->mitigation) : json_null());
	json_object_set_new_nocheck(o, "status", json_string(td_risk_status_name(r->status)));
	return o;
}

/* The plan as it stood at the week's end: its ready list (the first
 * WEEKLY_READY_MAX), open risks and critical path; the current week's from
 * the plan itself, a past week's from history (td_week_asof). */
static void week_plan(const ctx *c, json_t *o, const td_week *w, bool current)
{
	json_t *ready = json_array(), *risks = json_array(), *cp = json_null();
	size_t nready = 0;
	bool known = current || w->asof.known;
	if (current) {
		for (size_t i = 0; i < c->a->nready && i < WEEKLY_READY_MAX; i++)
			json_array_append(ready, json_array_get(c->tasks, c->a->ready[i]));
		nready = c->a->nready;
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(c->root, "risks"), i, r)
		{
			if (!strcmp(json_string_value(json_object_get(r, "status")), "open"))
				json_array_append(risks, r);
		}
		cp = json_incref(json_object_get(c->root, "critical_path"));
	} else if (known) {
		const td_week_asof *as = &w->asof;
		for (size_t i = 0; i < as->nready; i++)
			json_array_append_new(ready, asof_item(c, &as->ready[i]));
		nready = as->ready_total;
		for (size_t i = 0; i < as->nrisks; i++)
			json_array_append_new(risks, asof_risk(as->risks[i]));
		cp = asof_critical(c, as);
	}
	json_object_set_new_nocheck(o, "plan_known", json_boolean(known));
	json_object_set_new_nocheck(o, "ready", ready);
	json_object_set_new_nocheck(o, "ready_total", json_integer((json_int_t)nready));
	json_object_set_new(
	    o, "ready_more",
	    json_integer((json_int_t)(nready > WEEKLY_READY_MAX ? nready - WEEKLY_READY_MAX : 0)));
	json_object_set_new_nocheck(o, "open_risks", risks);
	json_object_set_new_nocheck(o, "critical_path", cp);
}

static json_t *week_object(const ctx *c, const td_week *w)
{
	const td_timeline *tl = c->tl;
	char id[16], buf[64];
	td_iso_week_format(w->year, w->week, id);
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_string(id));
	json_object_set_new_nocheck(o, "year", json_integer(w->year));
	json_object_set_new_nocheck(o, "week", json_integer(w->week));
	json_object_set_new_nocheck(o, "start", td_view_date(w->start));
	json_object_set_new_nocheck(o, "end", td_view_date(w->end));
	snprintf(buf, sizeof buf, "Week %d, %04d", w->week, w->year);
	json_object_set_new_nocheck(o, "title", json_string(buf));
	snprintf(buf, sizeof buf, "reports/weekly/%s.md", id);
	json_object_set_new_nocheck(o, "path", json_string(buf));
	bool current = tl->as_of >= w->start && tl->as_of <= w->end;
	json_object_set_new_nocheck(o, "current", json_boolean(current));
	td_date upto = current ? tl->as_of : w->end;
	json_object_set_new_nocheck(o, "upto", td_view_date(upto));
	const td_bpoint *endpt = td_series_at(&tl->series, upto);
	bool known = endpt != NULL;
	json_object_set_new_nocheck(o, "known", json_boolean(known));
	json_object_set_new_nocheck(o, "partial", json_boolean(w->partial));
	json_object_set_new_nocheck(o, "commits", json_integer((json_int_t)w->commits));
	json_object_set_new_nocheck(o, "created", w->created ? json_integer(w->created) : json_null());
	/* the chart: the plan's burn-down up to the week's end */
	size_t npts = known ? (size_t)(upto - tl->series.points[0].date + 1) : 0;
	if (npts >= MIN_CHART_POINTS) {
		snprintf(buf, sizeof buf, "charts/weekly-%s.svg", id);
		json_object_set_new_nocheck(o, "chart", json_string(buf));
	} else {
		json_object_set_new_nocheck(o, "chart", json_null());
	}
	json_object_set_new_nocheck(o, "remaining_start", remaining_at(&tl->series, w->start - 1));
	json_object_set_new_nocheck(o, "remaining_end", remaining_at(&tl->series, upto));
	const td_bpoint *s0 = td_series_at(&tl->series, w->start - 1);
	if (s0 && endpt) {
		json_t *d = json_object();
		double dt = endpt->remaining_tasks - s0->remaining_tasks,
		       dh = endpt->remaining_hours - s0->remaining_hours;
		double ds = endpt->remaining_hours + endpt->done_hours - s0->remaining_hours - s0->done_hours;
		double dd = endpt->done_hours - s0->done_hours;
		json_object_set_new_nocheck(d, "tasks", json_integer((json_int_t)dt));
		json_object_set_new_nocheck(d, "hours", td_view_hours(dh));
		json_object_set_new_nocheck(d, "scope_hours", td_view_hours(ds));
		json_object_set_new_nocheck(d, "done_hours", td_view_hours(dd));
		/* the same with a sign, for tables: "+3", "-12.5", "0" */
		json_object_set_new_nocheck(d, "tasks_text", signed_text(dt));
		json_object_set_new_nocheck(d, "hours_text", signed_text(dh));
		json_object_set_new_nocheck(d, "scope_hours_text", signed_text(ds));
		json_object_set_new_nocheck(d, "done_hours_text", signed_text(dd));
		json_object_set_new_nocheck(o, "change", d);
	} else {
		json_object_set_new_nocheck(o, "change", json_null());
	}
	json_t *lists[TD_CH_COUNT];
	for (int k = 0; k < TD_CH_COUNT; k++)
		lists[k] = json_array();
	for (size_t i = 0; i < w->nchanges; i++)
		json_array_append_new(lists[w->changes[i].kind], change_item(c, &w->changes[i]));
	json_t *counts = json_object();
	size_t total = 0;
	for (int k = 0; k < TD_CH_COUNT; k++) {
		const char *name = td_change_kind_name((td_change_kind)k);
		json_object_set_new(counts, name, json_integer((json_int_t)json_array_size(lists[k])));
		total += json_array_size(lists[k]);
		json_object_set_new(o, name, lists[k]);
	}
	json_object_set_new_nocheck(counts, "total", json_integer((json_int_t)total));
	json_object_set_new_nocheck(o, "counts", counts);
	json_object_set_new_nocheck(o, "forecast", td_view_forecast(&w->forecast, tl->forecast_weeks));
	week_meeting(c, o, w);
	/* validation and benchmark runs of the week up to upto (SCHEMA 6.1), newest first */
	json_t *runs = json_array();
	char from[11], to[11];
	td_date_format(w->start, from);
	td_date_format(upto, to); /* none after the as-of date */
	size_t ri;
	json_t *run;
	json_array_foreach(json_object_get(json_object_get(c->root, "evidence"), "runs"), ri, run)
	{
		const char *d = json_string_value(json_object_get(run, "date"));
		if (d && strcmp(d, from) >= 0 && strcmp(d, to) <= 0)
			json_array_append(runs, run);
	}
	json_object_set_new_nocheck(o, "runs", runs);
	week_plan(c, o, w, current);
	return o;
}

static const char *status_name(td_hist_status s, bool have)
{
	if (!have)
		return "not-read";
	static const char *const names[] = {"ok",    "disabled",  "no-repository",
	                                    "empty", "untracked", "failed"};
	return names[s];
}

/* The history object: what the walk found and where the dates come from
 * (docs/export.md). */
static json_t *history_object(const td_plan *p, const td_timeline *tl)
{
	json_t *h = json_object();
	bool avail = tl && tl->series.n > 0;
	json_object_set_new_nocheck(h, "available", json_boolean(avail));
	json_object_set_new_nocheck(h, "status",
	                            json_string(status_name(tl ? tl->status : TD_HIST_FAILED, tl != NULL)));
	json_object_set_new_nocheck(h, "message", tl && tl->message ? json_string(tl->message) : json_null());
	json_object_set_new_nocheck(h, "reason", tl && tl->reason ? json_string(tl->reason) : json_null());
	json_object_set_new_nocheck(h, "rev", tl ? json_string(tl->log->rev) : json_null());
	json_object_set_new_nocheck(h, "commits_read", json_integer(tl ? (json_int_t)tl->commits_read : 0));
	json_object_set_new_nocheck(h, "commits_used", json_integer(tl ? (json_int_t)tl->commits_used : 0));
	json_object_set_new_nocheck(h, "skipped", json_integer(tl ? (json_int_t)tl->skipped : 0));
	json_object_set_new_nocheck(h, "first", td_view_date(tl ? tl->first : TD_DATE_NONE));
	json_object_set_new_nocheck(h, "last", td_view_date(tl ? tl->last : TD_DATE_NONE));
	json_object_set_new_nocheck(h, "shallow", json_boolean(tl && tl->shallow));
	json_object_set_new_nocheck(h, "detached", json_boolean(tl && tl->log->detached));
	json_object_set_new_nocheck(h, "graft", tl && tl->graft ? json_string(tl->graft) : json_null());
	json_object_set_new_nocheck(h, "known_from", td_view_date(tl ? tl->known_from : TD_DATE_NONE));
	json_object_set_new_nocheck(h, "working_tree_changes", json_boolean(tl && tl->working_tree_changed));
	json_object_set_new_nocheck(h, "from_plan_dates", json_boolean(tl && tl->from_plan_dates));
	json_object_set_new_nocheck(h, "content_updated",
	                            td_view_date(tl ? tl->content_updated : TD_DATE_NONE));
	json_object_set_new_nocheck(h, "forecast_weeks", json_integer(p->config.forecast_weeks));
	return h;
}

void td_view_history(json_t *root, const td_plan *p, const td_analysis *a)
{
	const td_timeline *tl = a->timeline;
	static const td_series none = {NULL, 0};
	size_t nstrs = tl && tl->log->strs.len ? tl->log->strs.len : 1;
	bool filled = false;
	ctx c = {p,
	         a,
	         tl,
	         root,
	         json_object_get(root, "tasks"),
	         json_object(),
	         json_object(),
	         &filled,
	         td_xcalloc(nstrs, sizeof(json_t *)),
	         json_object()};
	size_t i;
	json_t *v;

	json_object_set_new_nocheck(root, "history", history_object(p, tl));
	/* the date the plan last changed (the active page's "Last Updated") */
	json_object_set_new_nocheck(root, "last_updated",
	                            td_view_date(tl ? tl->content_updated : TD_DATE_NONE));

	const td_series *series = tl ? &tl->series : &none;
	json_object_set_new_nocheck(root, "burndown", td_view_series(series));
	td_forecast nofc;
	td_forecast_compute(&nofc, &none, TD_DATE_NONE, p->config.forecast_weeks);
	td_forecast_judge(&nofc, p->target);
	json_object_set_new_nocheck(root, "forecast",
	                            td_view_forecast(tl ? &tl->forecast : &nofc, p->config.forecast_weeks));
	json_object_set_new_nocheck(root, "burndown_chart",
	                            series->n >= MIN_CHART_POINTS ? json_string("charts/burndown.svg")
	                                                          : json_null());

	/* the tasks' added_on and done_on_source are their objects' last
	 * members, made with them (td_view_task_dates) */
	/* workstreams */
	json_array_foreach(json_object_get(root, "workstreams"), i, v)
	{
		const td_series *s = tl ? &tl->ws_series[i] : &none;
		json_object_set_new_nocheck(v, "last_updated",
		                            td_view_date(tl ? tl->ws_updated[i] : TD_DATE_NONE));
		json_object_set_new_nocheck(v, "burndown", td_view_series(s));
		json_object_set_new(
		    v, "forecast",
		    td_view_forecast(tl ? &tl->ws_forecast[i] : &nofc, p->config.forecast_weeks));
		char buf[512];
		snprintf(buf, sizeof buf, "charts/burndown-%s.svg", p->workstreams[i]->id);
		json_object_set_new_nocheck(v, "burndown_chart",
		                            s->n >= MIN_CHART_POINTS ? json_string(buf) : json_null());
	}
	/* sprints */
	json_array_foreach(json_object_get(root, "sprints"), i, v)
	{
		const td_series *s = tl ? &tl->sprint_series[i] : &none;
		json_object_set_new_nocheck(v, "burndown", td_view_series(s));
		td_buf path = TD_BUF_INIT, anchor = TD_BUF_INIT;
		td_view_anchor(&anchor, p->sprints[i].name);
		td_buf_puts(&path, "charts/sprint-");
		td_view_file_stem(&path, anchor.len ? td_buf_cstr(&anchor) : "x");
		td_buf_puts(&path, ".svg");
		json_object_set_new_nocheck(v, "burndown_chart",
		                            s->n >= MIN_CHART_POINTS ? json_string(td_buf_cstr(&path))
		                                                     : json_null());
		td_buf_free(&path);
		td_buf_free(&anchor);
	}
	/* weekly reports, newest first */
	json_t *weekly = json_object(), *reports = json_array();
	json_object_set_new_nocheck(weekly, "index", json_string("reports/weekly/index.md"));
	json_t *current = json_null();
	for (size_t k = tl ? tl->nweeks : 0; k-- > 0;) {
		/* bounded: a week gets a report when it has commits or is one of the
		 * last TD_WEEKLY_WINDOW (a commit dated 2300 made 14,349 reports) */
		if (tl->weeks[k].commits == 0 && k + TD_WEEKLY_WINDOW < tl->nweeks)
			continue;
		json_t *w = week_object(&c, &tl->weeks[k]);
		if (json_is_true(json_object_get(w, "current")))
			current = json_incref(w);
		json_array_append_new(reports, w);
	}
	json_object_set_new_nocheck(weekly, "reports", reports);
	json_object_set_new_nocheck(weekly, "count", json_integer((json_int_t)json_array_size(reports)));
	json_object_set_new_nocheck(weekly, "current", current);
	json_object_set_new_nocheck(root, "weekly", weekly);
	json_decref(c.task_by_id);
	json_decref(c.ws_by_id);
	for (size_t k = 0; tl && k < tl->log->strs.len; k++)
		json_decref(c.strs[k]);
	free(c.strs);
	json_decref(c.memo);
}
