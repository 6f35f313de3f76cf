/*
 * asof.c - the plan as a past week left it (issue 12): history's snapshots
 * of that moment made into a td_plan and analysed by the plan's own code
 * (td_analyze_figures: dependencies, states, critical path, ready list,
 * risk order), so that a past week's ready list, critical path and open
 * risks are the figures its report would have shown on its last day.
 *
 * The rebuilt plan differs from a loaded one only where history reads less:
 * workstreams are in file-name order (history does not read `order`), and a
 * task's blockers are one item when it has any. Estimates are converted to
 * hours with the calendar of the plan as it is now, as the burn-down is.
 *
 * For speed it leaves out done and dropped tasks, which changes none of
 * these figures: a dependency on such a task is met, and so is one on a
 * phase or workstream that has only such tasks; neither kind is remaining
 * work, and the others keep their natural order. (Only a dependency cycle
 * through a done task, an error the plan cannot be built with, is no
 * longer seen.)
 */
#include "analyze/analyze.h"
#include "analyze/burndown.h"

#include <stdlib.h>
#include <string.h>

/* The ids of deps as a td_strlist (no location), its items taken from *pool. */
static td_strlist id_list(td_str **pool, const td_strtab *strs, const uint32_t *deps, uint32_t n)
{
	td_strlist l = {*pool, 0};
	for (uint32_t i = 0; i < n; i++)
		l.items[l.len++].s = strs->strs[deps[i]];
	*pool += n;
	return l;
}

/* Whether a task goes into the rebuilt plan (see the top of the file). */
static bool kept(const td_asof_input *in, const td_snap_task *st)
{
	return st->id < in->nstrs && in->rank[st->id] != UINT32_MAX && st->status != TD_STATUS_DONE &&
	       st->status != TD_STATUS_DROPPED;
}

static void set_estimate(td_estimate *e, const td_snap_task *st, const td_plan *now)
{
	if (!st->unit)
		return;
	double f = td_snap_hours(st->unit, 1, now->hours_per_day, now->days_per_week);
	e->known = true;
	e->unit = st->unit;
	e->lo = st->lo;
	e->hi = st->hi;
	e->min_hours = st->lo * f;
	e->max_hours = st->hi * f;
	e->expected_hours = (st->lo + st->hi) / 2 * f;
}

/* One workstream file's snapshot as a workstream with its phases; its tasks
 * go to slots[] by their natural rank, with their snapshot in src[]. */
static void add_file(td_plan *p, const td_asof_input *in, const td_hist_file *f, td_task **slots,
                     const td_snap_task **src)
{
	static const td_str blocker = {"(blocked)", {NULL, 0, 0}};
	const td_strtab *strs = in->strs;
	const td_snap *sn = f->snap;
	if (sn->workstream == TD_STR_NONE)
		return;
	/* one block for the file's tasks, one for their and its phases' depends_on */
	size_t ntasks = 0, ndeps = 0;
	for (size_t i = 0; i < sn->ntasks; i++)
		if (kept(in, &sn->tasks[i])) {
			ntasks++;
			ndeps += sn->tasks[i].ndeps;
		}
	for (size_t k = 0; k < sn->nphases; k++)
		ndeps += sn->phases[k].ndeps;
	td_task *tv = td_arena_alloc(p->arena, (ntasks ? ntasks : 1) * sizeof *tv);
	td_str *pool = td_arena_alloc(p->arena, (ndeps ? ndeps : 1) * sizeof *pool);
	/* an archive file ("archive/NAME") adds its phases to the workstream
	 * of the same id when a file of it came first */
	td_node_ref known;
	bool joined = td_plan_lookup(p, strs->strs[sn->workstream], &known) &&
	              known.kind == TD_NODE_WORKSTREAM;
	td_workstream *ws = joined ? known.ptr : td_arena_alloc(p->arena, sizeof *ws);
	td_phase **had = joined ? ws->phases : NULL;
	if (!joined) {
		ws->id = strs->strs[sn->workstream];
		ws->file = strs->strs[f->name];
		ws->order = INT32_MAX;
		ws->title = "";
		td_plan_add_id(p, ws->id, (td_loc){0}, TD_NODE_WORKSTREAM, ws);
	}
	ws->phases = td_arena_alloc(p->arena, (ws->nphases + sn->nphases + 1) * sizeof *ws->phases);
	if (had)
		memcpy(ws->phases, had, ws->nphases * sizeof *ws->phases);
	size_t first = ws->nphases;
	for (size_t k = 0; k < sn->nphases; k++) {
		td_phase *ph = td_arena_alloc(p->arena, sizeof *ph);
		ph->id = strs->strs[sn->phases[k].id];
		ph->title = "";
		ph->workstream = ws;
		ph->depends_on = id_list(&pool, strs, sn->phases[k].deps, sn->phases[k].ndeps);
		ws->phases[ws->nphases++] = ph;
		td_plan_add_id(p, ph->id, (td_loc){0}, TD_NODE_PHASE, ph);
	}
	for (size_t i = 0; i < sn->ntasks; i++) {
		const td_snap_task *st = &sn->tasks[i];
		td_phase *ph = NULL;
		for (size_t k = 0; k < sn->nphases && !ph && kept(in, st); k++)
			if (sn->phases[k].id == st->phase)
				ph = ws->phases[first + k];
		if (!ph)
			continue;
		td_task *t = tv++;
		t->id = strs->strs[st->id];
		t->title = strs->strs[st->title];
		t->owner = st->owner != TD_STR_NONE ? strs->strs[st->owner] : NULL;
		t->status = (td_status)st->status;
		t->priority = (td_priority)st->priority;
		t->done_on = t->added_on = TD_DATE_NONE;
		set_estimate(&t->estimate, st, in->now);
		t->depends_on = id_list(&pool, strs, st->deps, st->ndeps);
		if (st->blocked) {
			t->blockers.items = (td_str *)&blocker;
			t->blockers.len = 1;
		}
		t->phase = ph;
		ph->ntasks++; /* counted now, filled in natural order */
		td_plan_add_id(p, t->id, (td_loc){0}, TD_NODE_TASK, t);
		slots[in->rank[st->id]] = t;
		src[in->rank[st->id]] = st;
	}
	if (!joined)
		p->workstreams[p->nworkstreams++] = ws;
}

/* in's snapshots as a plan, numbered as td_plan_finish numbers a loaded one
 * (tasks in natural id order); *srcp (xmalloc'd) the snapshot of each task. */
static td_plan *rebuild(const td_asof_input *in, const td_snap_task ***srcp)
{
	td_plan *p = td_plan_new();
	p->hours_per_day = in->now->hours_per_day;
	p->days_per_week = in->now->days_per_week;
	if (in->project) {
		p->risks = in->project->risks;
		p->nrisks = in->project->nrisks;
		p->target = in->project->target;
	}
	td_task **slots = td_xcalloc(in->nrank ? in->nrank : 1, sizeof *slots);
	const td_snap_task **src = td_xcalloc(in->nrank ? in->nrank : 1, sizeof *src);
	p->workstreams = td_xcalloc(in->nfiles ? in->nfiles : 1, sizeof *p->workstreams);
	size_t nphases = 0, nids = in->nfiles;
	for (size_t f = 0; f < in->nfiles; f++)
		nids += in->files[f].snap->ntasks + in->files[f].snap->nphases;
	td_plan_reserve_ids(p, nids);
	for (size_t f = 0; f < in->nfiles; f++) {
		add_file(p, in, &in->files[f], slots, src);
		nphases += in->files[f].snap->nphases;
	}
	p->phases = td_xcalloc(nphases ? nphases : 1, sizeof *p->phases);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		td_workstream *ws = p->workstreams[w];
		ws->index = w;
		for (size_t k = 0; k < ws->nphases; k++) {
			td_phase *ph = ws->phases[k];
			ph->index = p->nphases;
			p->phases[p->nphases++] = ph;
			ph->tasks =
			    td_arena_alloc(p->arena, (ph->ntasks ? ph->ntasks : 1) * sizeof *ph->tasks);
			ph->ntasks = 0;
		}
	}
	p->tasks = td_xcalloc(in->nrank ? in->nrank : 1, sizeof *p->tasks);
	size_t n = 0;
	for (size_t r = 0; r < in->nrank; r++) {
		if (!slots[r])
			continue;
		td_task *t = slots[r];
		t->index = n;
		src[n] = src[r];
		p->tasks[n++] = t;
		t->phase->tasks[t->phase->ntasks++] = t;
	}
	p->ntasks = n;
	free(slots);
	*srcp = src;
	return p;
}

static td_asof_task asof_task(const td_analysis *a, const td_strtab *strs, const td_snap_task *const *src,
                              size_t i)
{
	const td_task *t = a->plan->tasks[i];
	return (td_asof_task){td_strtab_find(strs, t->phase->workstream->id), a->tasks[i].critical, src[i]};
}

void td_asof_compute(td_week_asof *out, td_arena *arena, const td_asof_input *in)
{
	const td_snap_task **src = NULL;
	td_plan *p = rebuild(in, &src);
	td_analysis *a = td_analyze_figures(p);
	memset(out, 0, sizeof *out);
	out->known = true;
	out->ready_total = a->nready;
	out->nready = a->nready < TD_WEEK_READY_MAX ? a->nready : TD_WEEK_READY_MAX;
	out->ready = td_arena_alloc(arena, (out->nready ? out->nready : 1) * sizeof *out->ready);
	for (size_t i = 0; i < out->nready; i++)
		out->ready[i] = asof_task(a, in->strs, src, a->ready[i]);
	out->ncritical = a->ncritical;
	out->critical = td_arena_alloc(arena, (a->ncritical ? a->ncritical : 1) * sizeof *out->critical);
	for (size_t i = 0; i < a->ncritical; i++)
		out->critical[i] = asof_task(a, in->strs, src, a->critical_path[i]);
	out->critical_hours = a->critical_hours;
	out->cycle = a->has_cycle;
	out->risks = td_arena_alloc(arena, (p->nrisks ? p->nrisks : 1) * sizeof *out->risks);
	for (size_t k = 0; k < p->nrisks; k++) {
		const td_risk *r = &p->risks[a->risk_order[k]];
		if (r->status == TD_RISK_OPEN)
			out->risks[out->nrisks++] = r;
	}
	td_analysis_free(a);
	free(src);
	td_plan_free(p);
}
