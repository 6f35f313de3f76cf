/* analyze.c - states, totals, the ready list, risks, and the driver. */
#include "analyze/burndown.h"
#include "analyze/criteria.h"
#include "analyze/depgraph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = {"ready", "waiting", "blocked", "in-progress",
                                          "review", "done", "deferred", "dropped"};

const char *td_state_name(td_state s)
{
	return state_names[s];
}

int td_risk_score_of(td_level impact, td_level probability)
{
	return ((int)impact + 1) * ((int)probability + 1);
}

int td_risk_score(const td_risk *r)
{
	return td_risk_score_of(r->impact, r->probability);
}

void td_analyze_states(td_analysis *a)
{
	const td_plan *p = a->plan;
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		td_task_info *ti = &a->tasks[i];
		switch (t->status) {
		case TD_STATUS_DONE:
			ti->state = TD_STATE_DONE;
			break;
		case TD_STATUS_DROPPED:
			ti->state = TD_STATE_DROPPED;
			break;
		case TD_STATUS_DEFERRED:
			ti->state = TD_STATE_DEFERRED;
			break;
		case TD_STATUS_IN_PROGRESS:
			ti->state = TD_STATE_IN_PROGRESS;
			break;
		case TD_STATUS_REVIEW:
			ti->state = TD_STATE_REVIEW;
			break;
		case TD_STATUS_BLOCKED:
			ti->state = TD_STATE_BLOCKED;
			break;
		case TD_STATUS_TODO:
		default: {
			bool ok = t->blockers.len == 0;
			for (size_t k = 0; ok && k < ti->ndeps; k++)
				ok = ti->deps[k].satisfied;
			ti->state = ok ? TD_STATE_READY : TD_STATE_WAITING;
			break;
		}
		}
		ti->remaining = t->status != TD_STATUS_DONE && t->status != TD_STATUS_DROPPED &&
		                t->status != TD_STATUS_DEFERRED;
	}
}

static void add_task(td_totals *tot, const td_task *t, const td_task_info *ti)
{
	tot->tasks++;
	tot->by_state[ti->state]++;
	if (t->status == TD_STATUS_DONE)
		tot->done++;
	else if (t->status == TD_STATUS_DROPPED)
		tot->dropped++;
	else if (t->status == TD_STATUS_DEFERRED)
		tot->deferred++;
	else
		tot->active++;
	if (ti->remaining) {
		tot->remaining++;
		if (t->estimate.known) {
			tot->remaining_min += t->estimate.min_hours;
			tot->remaining_expected += t->estimate.expected_hours;
			tot->remaining_max += t->estimate.max_hours;
		} else {
			tot->unestimated++;
		}
	}
}

static void add_totals(td_totals *into, const td_totals *from)
{
	into->tasks += from->tasks;
	into->done += from->done;
	into->dropped += from->dropped;
	into->deferred += from->deferred;
	into->active += from->active;
	into->remaining += from->remaining;
	into->unestimated += from->unestimated;
	into->remaining_min += from->remaining_min;
	into->remaining_expected += from->remaining_expected;
	into->remaining_max += from->remaining_max;
	for (int s = 0; s < TD_STATE_COUNT; s++)
		into->by_state[s] += from->by_state[s];
}

static void finish_percent(td_totals *t)
{
	int live = t->tasks - t->dropped;
	t->percent = live > 0 ? round((double)t->done * 1000.0 / live) / 10.0 : 0;
}

void td_analyze_totals(td_analysis *a)
{
	const td_plan *p = a->plan;
	for (size_t i = 0; i < p->nphases; i++) {
		const td_phase *ph = p->phases[i];
		td_totals *pt = &a->phase_totals[i];
		for (size_t k = 0; k < ph->ntasks; k++)
			add_task(pt, ph->tasks[k], &a->tasks[ph->tasks[k]->index]);
		finish_percent(pt);
		add_totals(&a->ws_totals[ph->workstream->index], pt);
	}
	for (size_t w = 0; w < p->nworkstreams; w++) {
		finish_percent(&a->ws_totals[w]);
		add_totals(&a->totals, &a->ws_totals[w]);
	}
	finish_percent(&a->totals);
}

static const td_analysis *sort_ctx;

/* The order the pages state: the critical path first, then by priority,
 * then the least slack, then natural id order. */
static int cmp_ready(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	const td_analysis *a = sort_ctx;
	const td_task_info *tx = &a->tasks[x], *ty = &a->tasks[y];
	if (tx->critical != ty->critical)
		return tx->critical ? -1 : 1;
	const td_task *px = a->plan->tasks[x], *py = a->plan->tasks[y];
	if (px->priority != py->priority)
		return px->priority < py->priority ? -1 : 1;
	if (fabs(tx->slack - ty->slack) > 1e-9)
		return tx->slack < ty->slack ? -1 : 1;
	return x < y ? -1 : x > y; /* tasks are in natural id order */
}

void td_analyze_ready(td_analysis *a)
{
	const td_plan *p = a->plan;
	a->ready = td_arena_alloc(a->arena, (p->ntasks ? p->ntasks : 1) * sizeof(size_t));
	for (size_t i = 0; i < p->ntasks; i++)
		if (a->tasks[i].state == TD_STATE_READY)
			a->ready[a->nready++] = i;
	sort_ctx = a;
	qsort(a->ready, a->nready, sizeof(size_t), cmp_ready);
	sort_ctx = NULL;
}

static int cmp_recent(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	td_date dx = sort_ctx->done_on[x], dy = sort_ctx->done_on[y];
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return x < y ? -1 : x > y;
}

void td_analyze_recent(td_analysis *a)
{
	const td_plan *p = a->plan;
	a->recent = td_arena_alloc(a->arena, (p->ntasks ? p->ntasks : 1) * sizeof(size_t));
	if (p->as_of == TD_DATE_NONE)
		return;
	for (size_t i = 0; i < p->ntasks; i++) {
		td_date d = a->done_on[i];
		/* archived work is off the active page */
		if (p->tasks[i]->status == TD_STATUS_DONE && !p->tasks[i]->phase->archived && d != TD_DATE_NONE &&
		    d <= p->as_of && d > p->as_of - TD_RECENT_DAYS)
			a->recent[a->nrecent++] = i;
	}
	sort_ctx = a;
	qsort(a->recent, a->nrecent, sizeof(size_t), cmp_recent);
	sort_ctx = NULL;
}

static int cmp_risk(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	const td_risk *rx = &sort_ctx->plan->risks[x], *ry = &sort_ctx->plan->risks[y];
	int sx = td_risk_score(rx), sy = td_risk_score(ry);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	if (rx->impact != ry->impact)
		return rx->impact > ry->impact ? -1 : 1;
	return td_natcmp(rx->id, ry->id);
}

static void order_risks(td_analysis *a)
{
	const td_plan *p = a->plan;
	a->risk_order = td_arena_alloc(a->arena, (p->nrisks ? p->nrisks : 1) * sizeof(size_t));
	for (size_t i = 0; i < p->nrisks; i++)
		a->risk_order[i] = i;
	sort_ctx = a;
	qsort(a->risk_order, p->nrisks, sizeof(size_t), cmp_risk);
	sort_ctx = NULL;
}

static int cmp_done(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	td_date dx = sort_ctx->done_on[x], dy = sort_ctx->done_on[y];
	if (dx != dy)
		return dx > dy ? -1 : 1; /* newest first */
	return x < y ? -1 : x > y;
}

void td_analyze_archive(td_analysis *a)
{
	const td_plan *p = a->plan;
	size_t *done = td_arena_alloc(a->arena, (p->ntasks ? p->ntasks : 1) * sizeof(size_t));
	size_t ndone = 0;
	a->undated = td_arena_alloc(a->arena, (p->ntasks ? p->ntasks : 1) * sizeof(size_t));
	for (size_t i = 0; i < p->ntasks; i++) {
		if (p->tasks[i]->status != TD_STATUS_DONE)
			continue;
		if (a->done_on[i] == TD_DATE_NONE)
			a->undated[a->nundated++] = i;
		else
			done[ndone++] = i;
	}
	sort_ctx = a;
	qsort(done, ndone, sizeof(size_t), cmp_done);
	sort_ctx = NULL;
	a->months = td_arena_alloc(a->arena, (ndone ? ndone : 1) * sizeof(td_archive_month));
	for (size_t k = 0; k < ndone; k++) {
		const td_task *t = p->tasks[done[k]];
		int y, m, d;
		td_date_to_ymd(a->done_on[done[k]], &y, &m, &d);
		td_archive_month *cur = a->nmonths ? &a->months[a->nmonths - 1] : NULL;
		if (!cur || cur->year != y || cur->month != m) {
			cur = &a->months[a->nmonths++];
			cur->year = y;
			cur->month = m;
			cur->tasks = done + k;
		}
		cur->ntasks++;
		if (t->estimate.known)
			cur->done_hours += t->estimate.expected_hours;
	}
	a->sprint_when = td_arena_alloc(a->arena, (p->nsprints ? p->nsprints : 1) * sizeof(td_sprint_when));
	for (size_t i = 0; i < p->nsprints; i++) {
		const td_sprint *s = &p->sprints[i];
		if (p->as_of == TD_DATE_NONE || s->start == TD_DATE_NONE)
			a->sprint_when[i] = TD_SPRINT_UNKNOWN;
		else if (p->as_of < s->start)
			a->sprint_when[i] = TD_SPRINT_UPCOMING;
		else if (p->as_of > s->end)
			a->sprint_when[i] = TD_SPRINT_PAST;
		else
			a->sprint_when[i] = TD_SPRINT_CURRENT;
	}
}

const char *td_sprint_when_name(td_sprint_when w)
{
	static const char *const names[] = {"unknown", "past", "current", "upcoming"};
	return names[w];
}

void td_analyze_done_on(td_analysis *a)
{
	const td_plan *p = a->plan;
	const td_timeline *tl = a->timeline;
	a->done_on = td_arena_alloc(a->arena, (p->ntasks ? p->ntasks : 1) * sizeof(td_date));
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		a->done_on[i] = t->done_on;
		if (t->done_on == TD_DATE_NONE && t->status == TD_STATUS_DONE && tl)
			a->done_on[i] = tl->done_on[i];
	}
}

static int cmp_round(const void *pa, const void *pb)
{
	const td_archive_round *x = pa, *y = pb;
	if (x->finish != y->finish) {
		if (x->finish == TD_DATE_NONE || y->finish == TD_DATE_NONE)
			return x->finish == TD_DATE_NONE ? 1 : -1;
		return x->finish > y->finish ? -1 : 1;
	}
	return x->phase < y->phase ? -1 : x->phase > y->phase;
}

/* The round of work of archived phase ph. */
static void round_of(const td_analysis *a, const td_phase *ph, td_archive_round *r)
{
	const td_timeline *tl = a->timeline;
	bool start_known = ph->ntasks > 0;
	memset(r, 0, sizeof *r);
	r->phase = ph->index;
	r->start = r->finish = TD_DATE_NONE;
	for (size_t k = 0; k < ph->ntasks; k++) {
		const td_task *t = ph->tasks[k];
		td_date added = t->added_on != TD_DATE_NONE ? t->added_on : tl ? tl->added_on[t->index] : TD_DATE_NONE;
		if (added == TD_DATE_NONE)
			start_known = false;
		else if (r->start == TD_DATE_NONE || added < r->start)
			r->start = added;
		if (t->status == TD_STATUS_DROPPED) {
			r->dropped++;
			continue;
		}
		if (t->status != TD_STATUS_DONE)
			continue;
		r->done++;
		if (t->estimate.known)
			r->done_hours += t->estimate.expected_hours;
		else
			r->unestimated++;
		td_date d = a->done_on[t->index];
		if (d != TD_DATE_NONE && (r->finish == TD_DATE_NONE || d > r->finish))
			r->finish = d;
	}
	if (!start_known)
		r->start = TD_DATE_NONE; /* a task's start is unknown: so is the round's */
	if (r->start != TD_DATE_NONE && r->finish != TD_DATE_NONE && r->finish >= r->start)
		r->elapsed_days = (int)(r->finish - r->start) + 1;
}

void td_analyze_rounds(td_analysis *a)
{
	const td_plan *p = a->plan;
	a->rounds = td_arena_alloc(a->arena, (p->nphases ? p->nphases : 1) * sizeof *a->rounds);
	a->nrounds = 0;
	for (size_t i = 0; i < p->nphases; i++)
		if (p->phases[i]->archived)
			round_of(a, p->phases[i], &a->rounds[a->nrounds++]);
	if (a->nrounds > 1)
		qsort(a->rounds, a->nrounds, sizeof *a->rounds, cmp_round);
}

void td_analyze_externals(td_analysis *a)
{
	const td_plan *p = a->plan;
	a->externals = td_arena_alloc(a->arena, (p->nexternals ? p->nexternals : 1) * sizeof(td_external_info));
	size_t *count = td_xcalloc(p->nexternals ? p->nexternals : 1, sizeof *count);
	/* two passes over the tasks: count, then fill (a task names an item once) */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < p->ntasks; i++) {
			const td_task_info *ti = &a->tasks[i];
			if (!ti->remaining)
				continue;
			for (size_t k = 0; k < ti->ndeps; k++) {
				if (ti->deps[k].ref.kind != TD_NODE_EXTERNAL)
					continue;
				bool again = false;
				for (size_t j = 0; j < k && !again; j++)
					again = ti->deps[j].ref.ptr == ti->deps[k].ref.ptr;
				if (again)
					continue;
				size_t x = ((const td_external *)ti->deps[k].ref.ptr)->index;
				if (pass)
					a->externals[x].waiting[a->externals[x].nwaiting++] = i;
				else
					count[x]++;
			}
		}
		for (size_t x = 0; !pass && x < p->nexternals; x++)
			a->externals[x].waiting = td_arena_alloc(a->arena, (count[x] ? count[x] : 1) * sizeof(size_t));
	}
	free(count);
	for (size_t x = 0; x < p->nexternals; x++) {
		const td_external *e = p->externals[x];
		td_external_info *xi = &a->externals[x];
		if (e->status == TD_EXT_ARRIVED)
			continue;
		xi->overdue = p->as_of != TD_DATE_NONE && e->expected_on != TD_DATE_NONE && e->expected_on < p->as_of;
		xi->wait_hours = td_calendar_hours(p, p->as_of, e->expected_on);
	}
}

td_analysis *td_analyze(const td_plan *plan, struct td_timeline *timeline, td_diags *diags)
{
	td_analysis *a = td_xcalloc(1, sizeof *a);
	a->plan = plan;
	a->timeline = timeline;
	a->arena = td_arena_new();
	a->tasks = td_arena_alloc(a->arena, (plan->ntasks ? plan->ntasks : 1) * sizeof(td_task_info));
	a->phase_totals = td_arena_alloc(a->arena, (plan->nphases ? plan->nphases : 1) * sizeof(td_totals));
	a->ws_totals = td_arena_alloc(a->arena, (plan->nworkstreams ? plan->nworkstreams : 1) * sizeof(td_totals));
	td_analyze_done_on(a);
	td_analyze_deps(a, diags);
	td_analyze_states(a);
	td_analyze_totals(a);
	td_analyze_externals(a);
	td_analyze_critical_path(a);
	td_analyze_ready(a);
	order_risks(a);
	td_analyze_archive(a);
	td_analyze_rounds(a);
	td_analyze_recent(a);
	td_analyze_criteria(a, diags);
	td_analyze_lint(a, diags);
	return a;
}

td_analysis *td_analyze_figures(const td_plan *plan)
{
	td_analysis *a = td_xcalloc(1, sizeof *a);
	td_diags scratch = {0};
	a->plan = plan;
	a->quiet = true;
	a->arena = td_arena_new();
	a->tasks = td_arena_alloc(a->arena, (plan->ntasks ? plan->ntasks : 1) * sizeof(td_task_info));
	a->phase_totals = td_arena_alloc(a->arena, (plan->nphases ? plan->nphases : 1) * sizeof(td_totals));
	a->ws_totals =
	    td_arena_alloc(a->arena, (plan->nworkstreams ? plan->nworkstreams : 1) * sizeof(td_totals));
	td_analyze_deps(a, &scratch);
	td_analyze_states(a);
	td_analyze_totals(a);
	td_analyze_critical_path(a);
	td_analyze_ready(a);
	order_risks(a);
	td_diags_free(&scratch);
	return a;
}

void td_analysis_free(td_analysis *a)
{
	if (!a)
		return;
	td_depgraph_free(a->graph);
	td_timeline_free(a->timeline);
	td_arena_free(a->arena);
	free(a);
}
