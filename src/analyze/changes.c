/*
 * changes.c - replays the content's history (a td_hist_log) commit by
 * commit: task dates (added_on, done_on), one burn-down point per day for
 * the plan, each workstream and each sprint, and each ISO week's changes.
 * No I/O.
 *
 * State is kept per task id (interned string index). A commit replaces the
 * tasks of the files it changed; a commit whose files do not load, or that
 * has a task id twice, is skipped whole. Hours are summed as integers
 * (micro-hours) so that adding and removing a task leaves no rounding.
 * The plan the pages show is applied last, as of the as-of date, so that the
 * last point of a series always matches the totals on the pages.
 */
#include "analyze/burndown.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct agg {
	int rem_tasks, done_tasks, unest;
	int64_t rem_exp, rem_min, rem_max, done_exp; /* micro-hours */
} agg;

/* Per task id. */
typedef struct rec {
	const td_snap_task *cur; /* NULL: not in the plan */
	uint32_t ws;             /* workstream id of cur's file */
	bool arch;               /* cur's file is in archive/ */
	td_date added_on;
	bool added_unknown;
	td_date done_since;
	bool done_unknown;
	td_date started_on;   /* last moved to in-progress or review; NONE when unknown */
	uint32_t started_wk;  /* week (1 + index) of that move, 0 when none */
	/* this commit */
	uint32_t stamp, leave, seen;
	const td_snap_task *before;
	uint32_t ws_before;
	bool arch_before;
	/* this week */
	uint32_t wk;
	const td_snap_task *wk_start;
	uint32_t wk_ws;
	bool wk_arch;
	td_date wk_date;
} rec;

typedef struct replay {
	const td_plan *plan;
	td_hist_log *log;
	td_timeline *tl;
	td_diags *diags;
	double hpd, dpw;
	rec *recs;
	size_t nrecs;
	/* buckets: 0 the plan, 1..nws the workstreams, then the sprints as
	 * any version of project.yaml defined them (defs: the plan's first) */
	size_t nbuckets, nws, nsprints;
	const td_sprint **defs;
	const td_plan *project; /* project.yaml of the last commit applied; NULL: none */
	/* the natural order of every task id (by strtab index), for the plan
	 * rebuilt at a week's end; and the last one rebuilt */
	uint32_t *rank;
	size_t nstrs, nrank;
	const td_hist_file *asof_files;
	const td_plan *asof_project;
	td_week_asof asof_last;
	bool week_plans; /* rebuild past weeks' plans */
	agg *aggs;
	uint32_t *ws_bucket; /* strid -> bucket (0: none) for workstream ids */
	uint32_t **focus;    /* per sprint: focus ids (strids) */
	size_t *nfocus;
	/* days */
	td_date day0;      /* the first day with a point (known_from) */
	size_t ndays;      /* day0 .. as_of */
	td_date emitted;   /* points are written up to this day */
	td_series *series; /* per bucket, ndays points each */
	/* applied files */
	const td_hist_file *files;
	size_t nfiles;
	/* commit stamps and touched ids */
	uint32_t stamp;
	uint32_t *touched;
	size_t ntouched, touchcap;
	/* weeks */
	td_date week0; /* Monday of the first week */
	uint32_t wk;   /* 1 + index of the current week */
	uint32_t *wk_touched;
	size_t nwk, wkcap;
	bool baseline_done;
	bool *sprint_done;  /* by sprint: its open focus tasks are recorded */
	td_date graft_date; /* NONE unless shallow */
	td_snap *wt_snaps;  /* the working tree, by file */
	td_hist_file *wt_files;
	size_t nwt;
	/* the commits to replay: log->commits[0..ncommits), with their
	 * effective dates */
	td_date *eff;
	size_t ncommits;
	uint32_t *ws_name; /* by workstream index: its file's name (strid) */
	/* skipped commits: distinct reasons */
	struct skip {
		const char *why;
		const char *commit;
		td_date date;
		size_t count;
	} * skips;
	size_t nskips, skipcap;
} replay;

static int64_t micro(double h)
{
	return llround(h * 1e6);
}

static double hours_of(int64_t m)
{
	return (double)m / 1e6;
}

static bool is_remaining(uint8_t st)
{
	return st == TD_STATUS_TODO || st == TD_STATUS_IN_PROGRESS || st == TD_STATUS_REVIEW ||
	       st == TD_STATUS_BLOCKED;
}

static void contribute(agg *g, const replay *r, const td_snap_task *t, int sign)
{
	if (is_remaining(t->status)) {
		g->rem_tasks += sign;
		if (t->unit) {
			g->rem_min += sign * micro(td_snap_hours(t->unit, t->lo, r->hpd, r->dpw));
			g->rem_max += sign * micro(td_snap_hours(t->unit, t->hi, r->hpd, r->dpw));
			g->rem_exp +=
			    sign * micro(td_snap_hours(t->unit, (t->lo + t->hi) / 2, r->hpd, r->dpw));
		} else {
			g->unest += sign;
		}
	} else if (t->status == TD_STATUS_DONE) {
		g->done_tasks += sign;
		if (t->unit)
			g->done_exp +=
			    sign * micro(td_snap_hours(t->unit, (t->lo + t->hi) / 2, r->hpd, r->dpw));
	}
}

static bool is_wip(uint8_t st)
{
	return st == TD_STATUS_IN_PROGRESS || st == TD_STATUS_REVIEW;
}

static bool in_focus(const replay *r, size_t sprint, const td_snap_task *t, uint32_t ws)
{
	for (size_t i = 0; i < r->nfocus[sprint]; i++) {
		uint32_t f = r->focus[sprint][i];
		if (f == t->id || f == t->phase || f == ws)
			return true;
	}
	return false;
}

/* Adds (sign 1) or removes (-1) t's share of every bucket it belongs to. */
static void account(replay *r, const td_snap_task *t, uint32_t ws, int sign)
{
	contribute(&r->aggs[0], r, t, sign);
	if (ws != TD_STR_NONE && ws < r->log->strs.len && r->ws_bucket[ws])
		contribute(&r->aggs[r->ws_bucket[ws]], r, t, sign);
	for (size_t s = 0; s < r->nsprints; s++)
		if (in_focus(r, s, t, ws))
			contribute(&r->aggs[1 + r->nws + s], r, t, sign);
}

static void point_of(td_bpoint *p, td_date d, const agg *g)
{
	p->date = d;
	p->remaining_tasks = g->rem_tasks;
	p->done_tasks = g->done_tasks;
	p->unestimated = g->unest;
	p->remaining_hours = hours_of(g->rem_exp);
	p->remaining_min = hours_of(g->rem_min);
	p->remaining_max = hours_of(g->rem_max);
	p->done_hours = hours_of(g->done_exp);
}

/* Writes the current state as the points of every day up to d (inclusive). */
static void emit_until(replay *r, td_date d)
{
	if (r->day0 == TD_DATE_NONE)
		return;
	td_date last = r->day0 + (td_date)r->ndays - 1;
	if (d > last)
		d = last;
	td_date from = r->emitted == TD_DATE_NONE ? r->day0 : r->emitted + 1;
	if (from < r->day0)
		from = r->day0;
	for (td_date day = from; day <= d; day++)
		for (size_t b = 0; b < r->nbuckets; b++)
			point_of(&r->series[b].points[day - r->day0], day, &r->aggs[b]);
	if (d >= from)
		r->emitted = d;
}

static bool same_task(const td_snap_task *a, uint32_t wa, const td_snap_task *b, uint32_t wb)
{
	if (!a || !b)
		return a == b;
	return a->status == b->status && a->priority == b->priority && a->unit == b->unit && a->lo == b->lo &&
	       a->hi == b->hi && a->title == b->title && a->phase == b->phase && a->owner == b->owner &&
	       wa == wb && a->blocked == b->blocked && a->ndeps == b->ndeps &&
	       (!a->ndeps || !memcmp(a->deps, b->deps, a->ndeps * sizeof *a->deps));
}

static bool same_snap(const td_snap *a, const td_snap *b)
{
	if (a == b)
		return true;
	if (a->workstream != b->workstream || a->ntasks != b->ntasks || a->nphases != b->nphases ||
	    (a->error != NULL) != (b->error != NULL))
		return false;
	for (size_t i = 0; i < a->nphases; i++)
		if (a->phases[i].id != b->phases[i].id || a->phases[i].ndeps != b->phases[i].ndeps ||
		    (a->phases[i].ndeps && memcmp(a->phases[i].deps, b->phases[i].deps,
		                                  a->phases[i].ndeps * sizeof *a->phases[i].deps)))
			return false;
	for (size_t i = 0; i < a->ntasks; i++)
		if (a->tasks[i].id != b->tasks[i].id ||
		    !same_task(&a->tasks[i], a->workstream, &b->tasks[i], b->workstream))
			return false;
	return true;
}

/* 1 + index of d's week in tl->weeks; 0 before the first week. */
static uint32_t week_no(const replay *r, td_date d)
{
	td_date m = td_date_week_start(d);
	if (m < r->week0)
		return 0;
	return (uint32_t)((m - r->week0) / 7) + 1;
}

static void add_change(td_week *w, td_arena *arena, size_t *cap, td_change_kind k, uint32_t id, const rec *rc)
{
	if (w->nchanges == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		td_change *n = td_arena_alloc(arena, ncap * sizeof *n);
		if (w->nchanges)
			memcpy(n, w->changes, w->nchanges * sizeof *n);
		w->changes = n;
		*cap = ncap;
	}
	td_change *c = &w->changes[w->nchanges++];
	memset(c, 0, sizeof *c);
	c->kind = k;
	c->id = id;
	c->before.id = c->after.id = TD_STR_NONE;
	if (rc->wk_start)
		c->before = *rc->wk_start;
	if (rc->cur)
		c->after = *rc->cur;
	c->ws_before = rc->wk_ws;
	c->ws_after = rc->ws;
	c->date = rc->wk_date;
}

static const td_strtab *sort_strs;

static int cmp_change(const void *pa, const void *pb)
{
	const td_change *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return td_natcmp(sort_strs->strs[a->id], sort_strs->strs[b->id]);
}

/* Closes the current week: every task it changed, by kind. */
static void close_week(replay *r)
{
	if (!r->wk)
		return;
	td_timeline *tl = r->tl;
	size_t idx = r->wk - 1;
	td_week *w = idx < tl->nweeks ? &tl->weeks[idx] : NULL;
	size_t cap = 0;
	for (size_t i = 0; i < r->nwk; i++) {
		uint32_t id = r->wk_touched[i];
		rec *rc = &r->recs[id];
		rc->wk = 0;
		const td_snap_task *a = rc->wk_start, *b = rc->cur;
		if (!w || (same_task(a, rc->wk_ws, b, rc->ws) && rc->wk_arch == rc->arch))
			continue;
		if (!a) {
			add_change(w, tl->arena, &cap, TD_CH_ADDED, id, rc);
			if (b->status == TD_STATUS_DONE)
				add_change(w, tl->arena, &cap, TD_CH_DONE, id, rc);
			continue;
		}
		if (!b) {
			add_change(w, tl->arena, &cap, TD_CH_REMOVED, id, rc);
			continue;
		}
		/* moved into content/archive/: the same task, archived */
		if (rc->arch && !rc->wk_arch)
			add_change(w, tl->arena, &cap, TD_CH_ARCHIVED, id, rc);
		if (a->status != b->status) {
			if (b->status == TD_STATUS_DONE) {
				add_change(w, tl->arena, &cap, TD_CH_DONE, id, rc);
				/* started and finished within the week */
				if (rc->started_wk == r->wk && !is_wip(a->status))
					add_change(w, tl->arena, &cap, TD_CH_STARTED, id, rc);
			} else if (b->status == TD_STATUS_DROPPED)
				add_change(w, tl->arena, &cap, TD_CH_DROPPED, id, rc);
			else if (b->status == TD_STATUS_DEFERRED)
				add_change(w, tl->arena, &cap, TD_CH_DEFERRED, id, rc);
			else if (a->status == TD_STATUS_DONE)
				add_change(w, tl->arena, &cap, TD_CH_REOPENED, id, rc);
			else if ((b->status == TD_STATUS_IN_PROGRESS || b->status == TD_STATUS_REVIEW) &&
			         (a->status == TD_STATUS_TODO || a->status == TD_STATUS_BLOCKED ||
			          a->status == TD_STATUS_DEFERRED || a->status == TD_STATUS_DROPPED))
				add_change(w, tl->arena, &cap, TD_CH_STARTED, id, rc);
		}
		if (a->unit != b->unit || a->lo != b->lo || a->hi != b->hi)
			add_change(w, tl->arena, &cap, TD_CH_REESTIMATED, id, rc);
		if (a->priority != b->priority)
			add_change(w, tl->arena, &cap, TD_CH_REPRIORITISED, id, rc);
	}
	r->nwk = 0;
	if (w && w->nchanges > 1) {
		sort_strs = &r->log->strs;
		qsort(w->changes, w->nchanges, sizeof *w->changes, cmp_change);
		sort_strs = NULL;
	}
}

static void touch_week(replay *r, uint32_t id, td_date d)
{
	rec *rc = &r->recs[id];
	if (rc->wk != r->wk) {
		rc->wk = r->wk;
		rc->wk_start = rc->before;
		rc->wk_ws = rc->ws_before;
		rc->wk_arch = rc->arch_before;
		td_grow((void **)&r->wk_touched, &r->wkcap, r->nwk + 1, sizeof *r->wk_touched);
		r->wk_touched[r->nwk++] = id;
	}
	rc->wk_date = d;
}

static void touch(replay *r, uint32_t id)
{
	rec *rc = &r->recs[id];
	if (rc->stamp == r->stamp)
		return;
	rc->stamp = r->stamp;
	rc->before = rc->cur;
	rc->ws_before = rc->ws;
	rc->arch_before = rc->arch;
	td_grow((void **)&r->touched, &r->touchcap, r->ntouched + 1, sizeof *r->touched);
	r->touched[r->ntouched++] = id;
}

static void note_skip(replay *r, const char *why, const char *commit, td_date d)
{
	for (size_t i = 0; i < r->nskips; i++)
		if (!strcmp(r->skips[i].why, why)) {
			r->skips[i].count++;
			return;
		}
	td_grow((void **)&r->skips, &r->skipcap, r->nskips + 1, sizeof *r->skips);
	r->skips[r->nskips++] = (struct skip){why, commit, d, 1};
}

/*
 * The snapshots that change between the applied files (r->files) and a
 * commit's files, both sorted by name as git trees are: walking the two lists
 * side by side, WALK_LEAVING yields the applied snapshot of every file that
 * is gone or replaced, WALK_ENTERING the commit's snapshot of every file that
 * is new or replaced. A file whose snapshot is the same is neither.
 */
typedef enum { WALK_LEAVING, WALK_ENTERING } walk_side;

typedef struct file_walk {
	const td_strtab *st;
	const td_hist_file *old, *new;
	size_t nold, nnew, i, j;
	walk_side side;
	const td_hist_file *at; /* the file of the snapshot walk_next returned */
} file_walk;

static file_walk walk_files(const replay *r, const td_hist_file *files, size_t nfiles, walk_side side)
{
	return (file_walk){&r->log->strs, r->files, files, r->nfiles, nfiles, 0, 0, side, NULL};
}

/* The next snapshot of the walk's side, or NULL at the end. */
static const td_snap *walk_next(file_walk *w)
{
	while (w->i < w->nold || w->j < w->nnew) {
		const td_hist_file *a = w->i < w->nold ? &w->old[w->i] : NULL;
		const td_hist_file *b = w->j < w->nnew ? &w->new[w->j] : NULL;
		int c = !a ? 1 : !b ? -1 : strcmp(w->st->strs[a->name], w->st->strs[b->name]);
		w->i += c <= 0;
		w->j += c >= 0;
		bool replaced = c == 0 && a->snap != b->snap;
		if (w->side == WALK_LEAVING && (c < 0 || replaced)) {
			w->at = a;
			return a->snap;
		}
		if (w->side == WALK_ENTERING && (c > 0 || replaced)) {
			w->at = b;
			return b->snap;
		}
	}
	return NULL;
}

/* Why the commit cannot be applied, or NULL. */
static const char *check_commit(replay *r, const td_hist_file *files, size_t nfiles)
{
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].snap->error)
			return files[i].snap->error;
	/* a task id twice: in two new files, or in a new file and one that stays */
	const td_strtab *st = &r->log->strs;
	const td_snap *s;
	file_walk out = walk_files(r, files, nfiles, WALK_LEAVING);
	while ((s = walk_next(&out)))
		for (size_t k = 0; k < s->ntasks; k++)
			r->recs[s->tasks[k].id].leave = r->stamp;
	file_walk in = walk_files(r, files, nfiles, WALK_ENTERING);
	while ((s = walk_next(&in)))
		for (size_t k = 0; k < s->ntasks; k++) {
			rec *rc = &r->recs[s->tasks[k].id];
			if (rc->seen == r->stamp || (rc->cur && rc->leave != r->stamp))
				return td_arena_printf(r->tl->arena,
				                       "task id '%s' is in two workstream files",
				                       st->strs[s->tasks[k].id]);
			rc->seen = r->stamp;
		}
	return NULL;
}

/* Moves the first day of every series to d (when the commits before the
 * first one that loads were skipped). */
static void start_at(replay *r, td_date d)
{
	size_t shift = (size_t)(d - r->day0);
	if (shift >= r->ndays) {
		r->day0 = r->tl->known_from = TD_DATE_NONE;
		r->ndays = 0;
		for (size_t b = 0; b < r->nbuckets; b++)
			r->series[b].n = 0;
		return;
	}
	for (size_t b = 0; b < r->nbuckets; b++) {
		r->series[b].points += shift;
		r->series[b].n -= shift;
	}
	r->ndays -= shift;
	r->day0 = r->tl->known_from = d;
}

/* Longest in progress first (unknown start first), then natural id order. */
static int cmp_wip(const void *pa, const void *pb)
{
	const td_wip *a = pa, *b = pb;
	if (a->since != b->since) {
		if (a->since == TD_DATE_NONE || b->since == TD_DATE_NONE)
			return a->since == TD_DATE_NONE ? -1 : 1;
		return a->since < b->since ? -1 : 1;
	}
	return td_natcmp(sort_strs->strs[a->id], sort_strs->strs[b->id]);
}

static int cmp_wip_id(const void *pa, const void *pb)
{
	const td_wip *a = pa, *b = pb;
	return td_natcmp(sort_strs->strs[a->id], sort_strs->strs[b->id]);
}

/*
 * The tasks of the plan as it stands: in progress or in review (sprint
 * SIZE_MAX, longest first), or the open focus tasks of a sprint (by id),
 * copied into the timeline's arena with their age on day upto.
 */
static td_wip *collect_open(replay *r, size_t sprint, td_date upto, size_t *n)
{
	td_wip *v = NULL;
	size_t cnt = 0, cap = 0;
	for (size_t id = 0; id < r->nrecs; id++) {
		const rec *rc = &r->recs[id];
		if (!rc->cur)
			continue;
		bool keep = sprint == SIZE_MAX ? is_wip(rc->cur->status)
		                               : is_remaining(rc->cur->status) && in_focus(r, sprint, rc->cur, rc->ws);
		if (!keep)
			continue;
		td_grow((void **)&v, &cap, cnt + 1, sizeof *v);
		v[cnt++] = (td_wip){(uint32_t)id, rc->ws, *rc->cur, rc->started_on, -1};
	}
	sort_strs = &r->log->strs;
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, sprint == SIZE_MAX ? cmp_wip : cmp_wip_id);
	sort_strs = NULL;
	td_wip *out = td_arena_alloc(r->tl->arena, (cnt ? cnt : 1) * sizeof *out);
	for (size_t i = 0; i < cnt; i++) {
		out[i] = v[i];
		if (v[i].since != TD_DATE_NONE && upto >= v[i].since)
			out[i].age_days = (int)(upto - v[i].since);
	}
	free(v);
	*n = cnt;
	return out;
}

/* The ready list, critical path and open risks of the plan as it stands
 * (the files and project.yaml applied last), computed once per state. */
static td_week_asof asof_now(replay *r)
{
	if (r->asof_last.known && r->asof_files == r->files && r->asof_project == r->project)
		return r->asof_last;
	td_asof_input in = {&r->log->strs, r->files, r->nfiles, r->project,
	                    r->plan,       r->rank,  r->nstrs,  r->nrank};
	td_asof_compute(&r->asof_last, r->tl->arena, &in);
	r->asof_files = r->files;
	r->asof_project = r->project;
	return r->asof_last;
}

/* The end of weeks [from_wk, to_wk) (1 + index): the plan stays as it is
 * until the commit of week to_wk. Its work in progress, project.yaml, and
 * for a past week, the figures of the plan as it stood. */
static void record_wip(replay *r, uint32_t from_wk, uint32_t to_wk)
{
	td_timeline *tl = r->tl;
	for (uint32_t k = from_wk; k && k < to_wk && k - 1 < tl->nweeks; k++) {
		td_week *w = &tl->weeks[k - 1];
		td_date upto = w->end < tl->as_of ? w->end : tl->as_of;
		w->wip = collect_open(r, SIZE_MAX, upto, &w->nwip);
		w->project = r->project;
		if (w->end < tl->as_of && r->week_plans)
			w->asof = asof_now(r);
	}
}

/* Moves the week's log to day d's week when it is another. */
static void next_week(replay *r, td_date d)
{
	uint32_t w = week_no(r, d);
	if (w != r->wk) {
		record_wip(r, r->wk, w);
		close_week(r);
		r->wk = w;
	}
}

/* The open focus tasks of every sprint that ended by day upto, once, when
 * history knows that day. */
static void record_sprints(replay *r, td_date upto)
{
	if (!r->baseline_done || r->day0 == TD_DATE_NONE)
		return;
	for (size_t s = 0; s < r->nsprints; s++) {
		const td_sprint *sp = r->defs[s];
		if (r->sprint_done[s] || sp->end > upto || sp->end < r->day0)
			continue;
		r->tl->sprint_open[s] = collect_open(r, s, sp->end, &r->tl->sprint_nopen[s]);
		r->sprint_done[s] = true;
	}
}

/* Applies one commit's files as of day d. Returns false when skipped. */
static bool apply(replay *r, const td_hist_file *files, size_t nfiles, td_date d, const char *commit)
{
	r->stamp++;
	const char *why = check_commit(r, files, nfiles);
	if (why) {
		note_skip(r, why, commit, d);
		return false;
	}
	bool baseline = !r->baseline_done;
	/* in a shallow clone, what the first commit read holds happened at
	 * unknown times, even when the graft itself did not load */
	bool unknown = r->graft_date != TD_DATE_NONE && (d <= r->graft_date || baseline);
	if (baseline && r->day0 != TD_DATE_NONE && d > r->day0)
		start_at(r, d); /* before the first commit that loads, nothing is known */
	emit_until(r, d - 1);
	record_sprints(r, d - 1);
	if (!baseline && !unknown)
		next_week(r, d);
	r->ntouched = 0;
	/* out with the old versions, in with the new */
	const td_snap *s;
	file_walk out = walk_files(r, files, nfiles, WALK_LEAVING);
	while ((s = walk_next(&out)))
		for (size_t k = 0; k < s->ntasks; k++) {
			rec *rc = &r->recs[s->tasks[k].id];
			if (rc->cur != &s->tasks[k])
				continue;
			touch(r, s->tasks[k].id);
			account(r, rc->cur, rc->ws, -1);
			rc->cur = NULL;
			rc->ws = TD_STR_NONE;
			rc->arch = false;
		}
	file_walk in = walk_files(r, files, nfiles, WALK_ENTERING);
	while ((s = walk_next(&in))) {
		bool arch = !strncmp(r->log->strs.strs[in.at->name], "archive/", 8);
		for (size_t k = 0; k < s->ntasks; k++) {
			rec *rc = &r->recs[s->tasks[k].id];
			touch(r, s->tasks[k].id);
			rc->cur = &s->tasks[k];
			rc->ws = s->workstream;
			rc->arch = arch;
			account(r, rc->cur, rc->ws, 1);
		}
	}
	/* dates and the week's log */
	int present = 0;
	for (size_t t = 0; t < r->ntouched; t++) {
		uint32_t id = r->touched[t];
		rec *rc = &r->recs[id];
		if (same_task(rc->before, rc->ws_before, rc->cur, rc->ws) && rc->arch_before == rc->arch)
			continue;
		if (rc->cur && !rc->before && rc->added_on == TD_DATE_NONE && !rc->added_unknown) {
			rc->added_on = unknown ? TD_DATE_NONE : d;
			rc->added_unknown = unknown;
		}
		bool was_done = rc->before && rc->before->status == TD_STATUS_DONE;
		bool is_done = rc->cur && rc->cur->status == TD_STATUS_DONE;
		if (is_done && !was_done) {
			/* a task that enters the plan already done was finished
			 * before anything recorded it: its date is unknown */
			bool before_plan = !rc->before;
			rc->done_since = unknown || before_plan ? TD_DATE_NONE : d;
			rc->done_unknown = unknown || before_plan;
		} else if (!is_done) {
			rc->done_since = TD_DATE_NONE;
			rc->done_unknown = false;
		}
		if (rc->cur && is_wip(rc->cur->status) && !(rc->before && is_wip(rc->before->status))) {
			rc->started_on = unknown || baseline ? TD_DATE_NONE : d;
			rc->started_wk = unknown || baseline ? 0 : week_no(r, d);
		}
		if (!baseline && !unknown)
			touch_week(r, id, d);
		present += rc->cur != NULL;
	}
	if (baseline) {
		r->baseline_done = true;
		if (!unknown) {
			/* the week the plan was created in: no change log, a count */
			r->wk = week_no(r, d);
			size_t idx = r->wk - 1;
			if (idx < r->tl->nweeks)
				r->tl->weeks[idx].created = present;
		}
	}
	r->files = files;
	r->nfiles = nfiles;
	return true;
}

/* The strings of l, interned, in arena; *n of them. */
static const uint32_t *intern_list(td_strtab *st, td_arena *a, const td_strlist *l, uint32_t *n)
{
	uint32_t *v = td_arena_alloc(a, (l->len ? l->len : 1) * sizeof *v);
	for (size_t i = 0; i < l->len; i++)
		v[i] = td_strtab_intern(st, l->items[i].s, strlen(l->items[i].s));
	*n = (uint32_t)l->len;
	return v;
}

/* The name history gives the file: "hpc.yaml" below workstreams/,
 * "archive/hpc.yaml" below archive/ (strid, interned). */
static uint32_t file_name(td_strtab *st, const char *file, bool archived)
{
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	td_buf b = TD_BUF_INIT;
	td_buf_printf(&b, "%s%s", archived ? "archive/" : "", base);
	uint32_t id = td_strtab_intern(st, td_buf_cstr(&b), b.len);
	td_buf_free(&b);
	return id;
}

/* s: the tasks of ws's phases read from file, by id index. */
static void file_snap(replay *r, td_snap *s, const td_workstream *ws, const char *file)
{
	td_strtab *st = &r->log->strs;
	size_t n = 0;
	s->workstream = td_strtab_intern(st, ws->id, strlen(ws->id));
	for (size_t k = 0; k < ws->nphases; k++)
		n += ws->phases[k]->ntasks;
	s->tasks = td_arena_alloc(r->tl->arena, (n ? n : 1) * sizeof *s->tasks);
	for (size_t k = 0; k < ws->nphases; k++) {
		if (strcmp(ws->phases[k]->file, file) != 0)
			continue;
		for (size_t i = 0; i < ws->phases[k]->ntasks; i++) {
			const td_task *t = ws->phases[k]->tasks[i];
			td_snap_task *x = &s->tasks[s->ntasks++];
			x->id = td_strtab_intern(st, t->id, strlen(t->id));
			x->title = td_strtab_intern(st, t->title, strlen(t->title));
			x->owner = t->owner ? td_strtab_intern(st, t->owner, strlen(t->owner)) : TD_STR_NONE;
			x->phase = td_strtab_intern(st, ws->phases[k]->id, strlen(ws->phases[k]->id));
			x->status = (uint8_t)t->status;
			x->priority = (uint8_t)t->priority;
			x->blocked = t->blockers.len > 0;
			x->deps = intern_list(st, r->tl->arena, &t->depends_on, &x->ndeps);
			if (t->estimate.known) {
				x->unit = t->estimate.unit;
				x->lo = t->estimate.lo;
				x->hi = t->estimate.hi;
			}
		}
	}
	s->phases = td_arena_alloc(r->tl->arena, (ws->nphases ? ws->nphases : 1) * sizeof *s->phases);
	for (size_t k = 0; k < ws->nphases; k++) {
		if (strcmp(ws->phases[k]->file, file) != 0)
			continue;
		td_snap_phase *ph = &s->phases[s->nphases++];
		ph->id = td_strtab_intern(st, ws->phases[k]->id, strlen(ws->phases[k]->id));
		ph->deps = intern_list(st, r->tl->arena, &ws->phases[k]->depends_on, &ph->ndeps);
	}
	/* by id index, as the history's snapshots are */
	for (size_t i = 1; i < s->ntasks; i++) {
		td_snap_task x = s->tasks[i];
		size_t j = i;
		while (j > 0 && s->tasks[j - 1].id > x.id) {
			s->tasks[j] = s->tasks[j - 1];
			j--;
		}
		s->tasks[j] = x;
	}
}

/* The plan the pages show, as workstream-file snapshots: one per file a
 * workstream was read from (its own, and the archive files its archived
 * phases came from), named as history names them. */
static void working_tree(replay *r)
{
	const td_plan *p = r->plan;
	td_strtab *st = &r->log->strs;
	td_arena *a = r->tl->arena;
	size_t cap = p->nworkstreams + p->nphases;
	r->nwt = 0;
	r->wt_snaps = td_arena_alloc(a, (cap ? cap : 1) * sizeof *r->wt_snaps);
	r->wt_files = td_arena_alloc(a, (cap ? cap : 1) * sizeof *r->wt_files);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		size_t first = r->nwt;
		for (size_t k = 0; k <= ws->nphases; k++) {
			/* the workstream's file, then each other file of its phases */
			const char *file = k == 0 ? ws->file : ws->phases[k - 1]->file;
			bool archived = k == 0 ? ws->archive_only : ws->phases[k - 1]->archived;
			uint32_t name = file_name(st, file, archived);
			size_t f = first;
			while (f < r->nwt && r->wt_files[f].name != name)
				f++;
			if (f < r->nwt)
				continue;
			td_snap *s = &r->wt_snaps[r->nwt];
			memset(s, 0, sizeof *s);
			file_snap(r, s, ws, file);
			r->wt_files[r->nwt].name = name;
			r->wt_files[r->nwt++].snap = s;
		}
	}
	/* by name, bytewise, as git trees are */
	for (size_t i = 1; i < r->nwt; i++) {
		td_hist_file x = r->wt_files[i];
		size_t j = i;
		while (j > 0 && strcmp(st->strs[r->wt_files[j - 1].name], st->strs[x.name]) > 0) {
			r->wt_files[j] = r->wt_files[j - 1];
			j--;
		}
		r->wt_files[j] = x;
	}
}

static int cmp_date(const void *a, const void *b)
{
	td_date x = *(const td_date *)a, y = *(const td_date *)b;
	return x < y ? -1 : x > y;
}

/* The plan as its dates say it was on day d: the tasks added by then (with
 * every_task, also those without added_on), as the plan has them now but
 * for a done task with a later done_on, which is todo until that day. A
 * file whose tasks are the same as in prev (the commit before, or NULL)
 * keeps prev's snapshot, so that its page is not dated that day. */
static void dated_commit(replay *r, td_hist_commit *c, td_date d, bool every_task, const td_hist_commit *prev)
{
	const td_plan *p = r->plan;
	td_strtab *st = &r->log->strs;
	td_arena *a = r->log->arena;
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "written");
	c->date = d;
	c->time = (int64_t)d * 86400;
	c->content_changed = c->changed = true;
	td_hist_project *pr = td_arena_alloc(a, sizeof *pr);
	pr->plan = p; /* the dates are the plan's: so are its sprints and risks */
	c->project = pr;
	c->files = td_arena_alloc(a, (r->nwt ? r->nwt : 1) * sizeof *c->files);
	c->nfiles = r->nwt;
	for (size_t f = 0; f < r->nwt; f++) {
		const td_snap *ws = r->wt_files[f].snap;
		td_snap *s = td_arena_alloc(a, sizeof *s);
		s->workstream = ws->workstream;
		s->phases = ws->phases;
		s->nphases = ws->nphases;
		s->tasks = td_arena_alloc(a, (ws->ntasks ? ws->ntasks : 1) * sizeof *s->tasks);
		for (size_t i = 0; i < ws->ntasks; i++) {
			td_node_ref ref;
			if (!td_plan_lookup(p, st->strs[ws->tasks[i].id], &ref) || ref.kind != TD_NODE_TASK)
				continue;
			const td_task *t = ref.ptr;
			if (t->added_on == TD_DATE_NONE ? !every_task : t->added_on > d)
				continue;
			td_snap_task x = ws->tasks[i];
			if (t->status == TD_STATUS_DONE && t->done_on != TD_DATE_NONE && t->done_on > d)
				x.status = TD_STATUS_TODO;
			s->tasks[s->ntasks++] = x;
		}
		c->files[f].name = r->wt_files[f].name;
		c->files[f].snap = prev && same_snap(prev->files[f].snap, s) ? prev->files[f].snap : s;
	}
}

/* The distinct days (sorted) of the plan's added_on, and done_on of its
 * done tasks, before `before`; with from_start also the day before the
 * first of them, so that what happened on it shows. xmalloc'd; *n days. */
static td_date *plan_days(const td_plan *p, td_date before, bool from_start, size_t *n)
{
	td_date *dates = td_xmalloc((p->ntasks ? p->ntasks : 1) * 2 * sizeof *dates + sizeof *dates);
	size_t nd = 0;
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		if (t->added_on != TD_DATE_NONE && t->added_on < before)
			dates[nd++] = t->added_on;
		if ((t->added_on != TD_DATE_NONE || from_start) && t->status == TD_STATUS_DONE &&
		    t->done_on != TD_DATE_NONE && t->done_on < before)
			dates[nd++] = t->done_on;
	}
	qsort(dates, nd, sizeof *dates, cmp_date);
	size_t nu = 0;
	for (size_t i = 0; i < nd; i++)
		if (!nu || dates[nu - 1] != dates[i])
			dates[nu++] = dates[i];
	if (from_start && nu) {
		memmove(dates + 1, dates, nu * sizeof *dates);
		dates[0] = dates[1] - 1;
		nu++;
	}
	*n = nu;
	return dates;
}

/*
 * The past a plan writes down before its repository began: a plan imported
 * from pages (taskdoc import --history) carries added_on and done_on older
 * than its first commit. For each such date a commit is put before the
 * first one (dated_commit), so that burn-down and weekly reports reach
 * back to it. Nothing happens without such dates, or in a shallow clone.
 */
static void prehistory(replay *r)
{
	td_hist_log *log = r->log;
	if (!log->ncommits || log->commits[0].graft)
		return;
	size_t nu;
	td_date *dates = plan_days(r->plan, log->commits[0].date, false, &nu);
	if (nu) {
		td_hist_commit *all = td_arena_alloc(log->arena, (nu + log->ncommits) * sizeof *all);
		for (size_t k = 0; k < nu; k++)
			dated_commit(r, &all[k], dates[k], false, k ? &all[k - 1] : NULL);
		memcpy(all + nu, log->commits, log->ncommits * sizeof *all);
		log->commits = all;
		log->ncommits += nu;
	}
	free(dates);
}

/*
 * Without git history, the plan's own dates tell its story: a commit for
 * each day of an added_on or a done task's done_on up to the as-of date,
 * and the day before the first, every task without added_on counted from
 * the start. Returns whether there is any (then log holds them).
 */
static bool plan_dates_history(replay *r)
{
	td_hist_log *log = r->log;
	size_t nu;
	td_date *dates = plan_days(r->plan, r->plan->as_of + 1, true, &nu);
	if (nu) {
		log->commits = td_arena_alloc(log->arena, nu * sizeof *log->commits);
		for (size_t k = 0; k < nu; k++)
			dated_commit(r, &log->commits[k], dates[k], true, k ? &log->commits[k - 1] : NULL);
		log->ncommits = nu;
	}
	free(dates);
	return nu > 0;
}

/* The working tree's files, each replaced by the applied snapshot when equal
 * (so that an unchanged file is not applied again). Returns whether any differs. */
static bool settle_working_tree(replay *r)
{
	const td_strtab *st = &r->log->strs;
	bool differs = r->nwt != r->nfiles;
	size_t i = 0;
	for (size_t j = 0; j < r->nwt; j++) {
		while (i < r->nfiles && strcmp(st->strs[r->files[i].name], st->strs[r->wt_files[j].name]) < 0)
			i++;
		if (i < r->nfiles && r->files[i].name == r->wt_files[j].name &&
		    same_snap(r->files[i].snap, r->wt_files[j].snap))
			r->wt_files[j].snap = r->files[i].snap;
		else
			differs = true;
	}
	return differs;
}

static void slice(td_series *out, const td_series *s, td_date from, td_date to)
{
	out->points = NULL;
	out->n = 0;
	if (!s->n || from == TD_DATE_NONE || to == TD_DATE_NONE)
		return;
	if (from < s->points[0].date)
		from = s->points[0].date;
	if (to > s->points[s->n - 1].date)
		to = s->points[s->n - 1].date;
	if (to < from)
		return;
	out->points = &s->points[from - s->points[0].date];
	out->n = (size_t)(to - from + 1);
}

/* The one line about what history cannot give: reason (for the pages) and
 * what follows from it (for the warning). */
static void set_message(td_timeline *tl, td_diags *diags, const char *content, const char *consequence,
                        const char *fmt, ...) TD_PRINTF(5, 6);

static void set_message(td_timeline *tl, td_diags *diags, const char *content, const char *consequence,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_buf b = TD_BUF_INIT;
	td_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	tl->reason = td_arena_strdup(tl->arena, td_buf_cstr(&b));
	td_buf_puts(&b, consequence);
	tl->message = td_arena_strdup(tl->arena, td_buf_cstr(&b));
	td_diag_add(diags, TD_SEV_WARNING, (td_loc){content, 0, 0}, "%s", tl->message);
	td_buf_free(&b);
}

static const char left_out[] = ": done dates from git, burn-down charts and weekly changes are left out";

/* Weeks from the week of `from` to the week of `to`. */
static void make_weeks(td_timeline *tl, td_date from, td_date to)
{
	if (to == TD_DATE_NONE)
		return;
	if (from == TD_DATE_NONE || from > to)
		from = to;
	td_date m0 = td_date_week_start(from), m1 = td_date_week_start(to);
	tl->nweeks = (size_t)((m1 - m0) / 7 + 1);
	tl->weeks = td_arena_alloc(tl->arena, tl->nweeks * sizeof *tl->weeks);
	for (size_t i = 0; i < tl->nweeks; i++) {
		td_week *w = &tl->weeks[i];
		w->start = m0 + (td_date)i * 7;
		w->end = w->start + 6;
		td_date_iso_week(w->start, &w->year, &w->week);
	}
}

static bool same_sprint(const td_sprint *a, const td_sprint *b)
{
	if (a == b)
		return true;
	if (strcmp(a->name, b->name) || a->start != b->start || a->end != b->end ||
	    a->focus.len != b->focus.len)
		return false;
	for (size_t i = 0; i < a->focus.len; i++)
		if (strcmp(a->focus.items[i].s, b->focus.items[i].s))
			return false;
	return true;
}

/* The index in r->defs of a sprint like sp, or SIZE_MAX. */
static size_t sprint_def(const replay *r, const td_sprint *sp)
{
	for (size_t d = 0; d < r->nsprints; d++)
		if (same_sprint(r->defs[d], sp))
			return d;
	return SIZE_MAX;
}

/* The sprints overlapping week w, as project.yaml had them at its end:
 * committed (open at the start), done and open up to the week's end or the
 * sprint's, and what it left open. */
static void week_sprints(replay *r, td_week *w, td_date upto)
{
	const td_plan *p = w->project;
	td_timeline *tl = r->tl;
	size_t n = p ? p->nsprints : 0;
	w->sprints = td_arena_alloc(tl->arena, (n ? n : 1) * sizeof *w->sprints);
	for (size_t k = 0; k < n; k++) {
		const td_sprint *sp = &p->sprints[k];
		size_t s = sprint_def(r, sp);
		if (s == SIZE_MAX || sp->start > upto || sp->end < w->start)
			continue;
		td_week_sprint *ws = &w->sprints[w->nsprints++];
		ws->sprint = sp;
		ws->ended = sp->end <= upto;
		const td_series *ser = &r->series[1 + r->nws + s];
		const td_bpoint *a = td_series_at(ser, sp->start - 1);
		const td_bpoint *b = td_series_at(ser, sp->end < upto ? sp->end : upto);
		if (!a)
			a = td_series_at(ser, sp->start);
		ws->known = a && b;
		if (ws->known) {
			ws->committed_tasks = a->remaining_tasks;
			ws->committed_hours = a->remaining_hours;
			ws->done_tasks = b->done_tasks - a->done_tasks;
			ws->done_hours = b->done_hours - a->done_hours;
			ws->open_tasks = b->remaining_tasks;
			ws->open_hours = b->remaining_hours;
		}
		if (ws->ended) {
			ws->carried = tl->sprint_open[s];
			ws->ncarried = tl->sprint_nopen[s];
		}
	}
}

/* Each week's done work (its velocity) and its sprints. */
static void week_figures(replay *r)
{
	td_timeline *tl = r->tl;
	for (size_t i = 0; i < tl->nweeks; i++) {
		td_week *w = &tl->weeks[i];
		td_date upto = w->end < tl->as_of ? w->end : tl->as_of;
		const td_bpoint *s0 = td_series_at(&tl->series, w->start - 1);
		const td_bpoint *e = td_series_at(&tl->series, upto);
		w->counted = s0 && e;
		if (w->counted) {
			w->done_tasks = e->done_tasks - s0->done_tasks;
			w->done_hours = e->done_hours - s0->done_hours;
		}
		week_sprints(r, w, upto);
	}
}

static void finish(replay *r)
{
	td_timeline *tl = r->tl;
	const td_plan *p = r->plan;
	/* per task: dates */
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		uint32_t id = td_strtab_find(&r->log->strs, t->id);
		tl->added_on[i] = t->added_on; /* written in the plan wins, as done_on does */
		tl->done_on[i] = TD_DATE_NONE;
		if (id == TD_STR_NONE || id >= r->nrecs)
			continue;
		const rec *rc = &r->recs[id];
		if (t->added_on == TD_DATE_NONE)
			tl->added_on[i] = rc->added_on;
		if (t->status == TD_STATUS_DONE)
			tl->done_on[i] = rc->done_since;
		if (tl->done_source[i] == TD_DONE_NONE && tl->done_on[i] != TD_DATE_NONE)
			tl->done_source[i] = TD_DONE_HISTORY;
	}
	/* series */
	tl->series = r->series[0];
	for (size_t w = 0; w < r->nws; w++)
		tl->ws_series[w] = r->series[1 + w];
	for (size_t s = 0; s < r->nsprints; s++) {
		const td_sprint *sp = &p->sprints[s];
		slice(&tl->sprint_series[s], &r->series[1 + r->nws + s], sp->start, sp->end);
	}
	td_forecast_compute(&tl->forecast, &tl->series, TD_DATE_NONE, tl->forecast_weeks);
	td_forecast_judge(&tl->forecast, p->target);
	for (size_t w = 0; w < r->nws; w++)
		td_forecast_compute(&tl->ws_forecast[w], &tl->ws_series[w], TD_DATE_NONE, tl->forecast_weeks);
	for (size_t i = 0; i < tl->nweeks; i++) {
		td_week *w = &tl->weeks[i];
		td_date upto = w->end < tl->as_of ? w->end : tl->as_of;
		if (w->end >= tl->as_of)
			w->project = p; /* the current week: the plan as it is */
		td_forecast_compute(&w->forecast, &tl->series, upto, tl->forecast_weeks);
		td_forecast_judge(&w->forecast, w->project ? w->project->target : TD_DATE_NONE);
		w->partial = tl->known_from != TD_DATE_NONE && tl->known_from > w->start && tl->graft != NULL;
	}
	week_figures(r);
}

static const char from_dates[] = ": burn-down, dates and weekly changes come from the plan's own dates "
                                 "(added_on, done_on)";

/* consequence: what follows for the pages (left_out or from_dates). */
static void no_history(td_timeline *tl, const td_plan *p, td_diags *diags, const char *consequence)
{
	const char *content = p->config.content;
	const td_hist_log *log = tl->log;
	switch (log->status) {
	case TD_HIST_DISABLED:
		set_message(tl, diags, content, consequence, "history is off (history: false)");
		break;
	case TD_HIST_OK:
		break;
	default:
		set_message(tl, diags, content, consequence, "no git history (%s)",
		            log->reason ? log->reason : "unknown reason");
		break;
	}
}

/* A timeline with nothing read yet: every date unknown, every done task
 * dated by the plan or not at all. */
static td_timeline *timeline_new(const td_plan *p, td_hist_log *log, int forecast_weeks)
{
	td_timeline *tl = td_xcalloc(1, sizeof *tl);
	tl->arena = td_arena_new();
	tl->log = log;
	tl->status = log->status;
	tl->shallow = log->shallow;
	tl->as_of = p->as_of;
	tl->first = tl->last = tl->known_from = tl->content_updated = tl->graft_date = TD_DATE_NONE;
	tl->commits_read = log->commits_read;
	tl->forecast_weeks = forecast_weeks > 0 ? forecast_weeks : 4;
	size_t nt = p->ntasks ? p->ntasks : 1, nw = p->nworkstreams ? p->nworkstreams : 1;
	tl->added_on = td_arena_alloc(tl->arena, nt * sizeof *tl->added_on);
	tl->done_on = td_arena_alloc(tl->arena, nt * sizeof *tl->done_on);
	tl->done_source = td_arena_alloc(tl->arena, nt * sizeof *tl->done_source);
	tl->ws_updated = td_arena_alloc(tl->arena, nw * sizeof *tl->ws_updated);
	tl->ws_series = td_arena_alloc(tl->arena, nw * sizeof *tl->ws_series);
	tl->ws_forecast = td_arena_alloc(tl->arena, nw * sizeof *tl->ws_forecast);
	size_t ns = p->nsprints ? p->nsprints : 1;
	tl->sprint_series = td_arena_alloc(tl->arena, ns * sizeof *tl->sprint_series);
	tl->sprint_open = td_arena_alloc(tl->arena, ns * sizeof *tl->sprint_open);
	tl->sprint_nopen = td_arena_alloc(tl->arena, ns * sizeof *tl->sprint_nopen);
	for (size_t i = 0; i < p->ntasks; i++) {
		tl->added_on[i] = p->tasks[i]->added_on;
		tl->done_on[i] = TD_DATE_NONE;
		tl->done_source[i] = p->tasks[i]->status != TD_STATUS_DONE  ? TD_DONE_NONE
		                     : p->tasks[i]->done_on != TD_DATE_NONE ? TD_DONE_PLAN
		                                                            : TD_DONE_NONE;
	}
	for (size_t w = 0; w < p->nworkstreams; w++)
		tl->ws_updated[w] = TD_DATE_NONE;
	return tl;
}

/* No history to replay (or no as-of date to replay it to): says why, and
 * leaves the weeks and forecasts empty. */
static void timeline_without_history(td_timeline *tl, const td_plan *p, td_diags *diags)
{
	const td_hist_log *log = tl->log;
	if (log->status == TD_HIST_OK)
		set_message(tl, diags, p->config.content, " (give --as-of or SOURCE_DATE_EPOCH)",
		            "no as-of date: history is not read");
	else
		no_history(tl, p, diags, left_out);
	tl->status = log->status == TD_HIST_OK ? TD_HIST_FAILED : log->status;
	make_weeks(tl, TD_DATE_NONE, p->as_of);
	for (size_t i = 0; i < tl->nweeks; i++) {
		tl->weeks[i].project = p;
		td_forecast_compute(&tl->weeks[i].forecast, &tl->series, TD_DATE_NONE, tl->forecast_weeks);
		td_forecast_judge(&tl->weeks[i].forecast, p->target);
	}
	td_forecast_compute(&tl->forecast, &tl->series, TD_DATE_NONE, tl->forecast_weeks);
	td_forecast_judge(&tl->forecast, p->target);
	for (size_t w = 0; w < p->nworkstreams; w++)
		td_forecast_compute(&tl->ws_forecast[w], &tl->ws_series[w], TD_DATE_NONE, tl->forecast_weeks);
}

/* The date history counts each commit on. Commit dates come from the
 * committer's clock: most rise with the history, a few are wrong (a clock
 * set to 1970 or to 2300, a rebase). The commits of the longest run of
 * dates that never fall (oldest to newest) keep their dates; any other
 * commit counts on the date of the kept commit before it (the first kept
 * commit's, for those before it). So one wrong clock moves one commit,
 * never the history after it. A commit moved by more than a day is
 * reported once, with the count. */
static void effective_dates(replay *r, td_date *eff)
{
	const td_hist_log *log = r->log;
	size_t n = log->ncommits, len = 0;
	if (!n)
		return;
	/* run[k]: the length of the longest run of non-falling dates that
	 * starts at commit k; best[l]: the latest start date of such a run of
	 * l + 1 commits among those after k (it falls as l grows) */
	size_t *run = td_xmalloc(n * sizeof *run);
	td_date *best = td_xmalloc(n * sizeof *best);
	for (size_t k = n; k-- > 0;) {
		td_date d = log->commits[k].date;
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (best[mid] >= d)
				lo = mid + 1;
			else
				hi = mid;
		}
		run[k] = lo + 1;
		if (lo == len)
			best[len++] = d;
		else if (best[lo] < d)
			best[lo] = d;
	}
	/* the earliest commits that make a longest run: when two dates
	 * disagree, the later commit is the one moved, as git's parent order says */
	bool *kept = td_xcalloc(n, sizeof *kept);
	td_date last = TD_DATE_NONE, first = TD_DATE_NONE;
	for (size_t k = 0, need = len; k < n && need; k++) {
		if (run[k] == need && (last == TD_DATE_NONE || log->commits[k].date >= last)) {
			kept[k] = true;
			last = log->commits[k].date;
			if (first == TD_DATE_NONE)
				first = last;
			need--;
		}
	}
	last = first;
	size_t moved = 0, worst = 0;
	td_date worst_off = 0;
	for (size_t k = 0; k < n; k++) {
		td_date d = log->commits[k].date;
		if (kept[k])
			last = d;
		eff[k] = last;
		td_date off = d > last ? d - last : last - d;
		if (off > 1) {
			moved++;
			if (off > worst_off) {
				worst_off = off;
				worst = k;
			}
		}
	}
	if (moved) {
		char dd[11], ed[11];
		td_date_format(log->commits[worst].date, dd);
		td_date_format(eff[worst], ed);
		td_diag_add(r->diags, TD_SEV_WARNING, (td_loc){r->plan->config.content, 0, 0},
		            "commit %s is dated %s, out of order with the commits around it (a wrong clock?): history "
		            "counts it on %s%s",
		            log->commits[worst].id, dd, ed,
		            moved > 1 ? td_arena_printf(r->tl->arena, "; %zu commits are moved so", moved) : "");
	}
	free(kept);
	free(best);
	free(run);
}

/* The commits up to the as-of date, their effective dates, the days whose
 * figures history knows, and the weeks; warns when history starts after
 * the as-of date or is a shallow clone. */
static void replay_span(replay *r)
{
	td_timeline *tl = r->tl;
	const td_plan *p = r->plan;
	const td_hist_log *log = r->log;
	r->eff = td_xmalloc((log->ncommits ? log->ncommits : 1) * sizeof *r->eff);
	td_date *eff = r->eff;
	effective_dates(r, eff);
	for (size_t k = 0; k < log->ncommits; k++)
		if (eff[k] <= p->as_of)
			r->ncommits = k + 1;
	/* bounded: figures are kept per day from the first commit to the as-of
	 * date, so a span of centuries (--as-of 9999-12-31) is left out */
	if (r->ncommits && p->as_of - eff[0] >= TD_HISTORY_MAX_DAYS) {
		char fd[11], ad[11];
		td_date_format(eff[0], fd);
		td_date_format(p->as_of, ad);
		set_message(tl, r->diags, p->config.content, left_out,
		            "git history from %s to the as-of date %s spans more than %d days", fd, ad,
		            TD_HISTORY_MAX_DAYS);
		r->ncommits = 0;
		tl->commits_used = 0;
		make_weeks(tl, p->as_of, p->as_of);
		r->week0 = tl->weeks[0].start;
		return;
	}
	tl->commits_used = r->ncommits;
	if (r->ncommits) {
		tl->first = eff[0];
		tl->last = eff[r->ncommits - 1];
	}
	if (log->ncommits && log->commits[0].graft) {
		tl->graft = log->commits[0].id;
		tl->graft_date = r->graft_date = eff[0];
	}
	/* days with known figures */
	td_date day0 = r->ncommits ? (tl->graft ? eff[0] + 1 : eff[0]) : TD_DATE_NONE;
	if (tl->graft && !r->ncommits)
		day0 = TD_DATE_NONE;
	if (day0 != TD_DATE_NONE && day0 <= p->as_of) {
		r->day0 = tl->known_from = day0;
		r->ndays = (size_t)(p->as_of - day0 + 1);
	}
	if (!r->ncommits && log->ncommits) {
		char fd[11], ad[11];
		td_date_format(eff[0], fd);
		td_date_format(p->as_of, ad);
		set_message(tl, r->diags, p->config.content, ": no dates or burn-down from it",
		            "git history starts on %s, after the as-of date %s", fd, ad);
	}
	if (tl->graft) {
		char gd[11];
		td_date_format(tl->graft_date, gd);
		set_message(tl, r->diags, p->config.content,
		            ", so dates and burn-down up to that day are unknown (git fetch --unshallow "
		            "reads it all)",
		            "shallow clone: history before commit %s (%s) is missing", tl->graft, gd);
	}
	make_weeks(tl, tl->known_from != TD_DATE_NONE ? tl->known_from : tl->first, p->as_of);
	if (tl->graft)
		tl->first = TD_DATE_NONE; /* the graft's date is not when anything started */
	r->week0 = tl->nweeks ? tl->weeks[0].start : td_date_week_start(p->as_of);
}

/* The sprints of the plan, then those of every version of project.yaml
 * that the plan does not have (a sprint is its name, dates and focus). */
static void sprint_defs(replay *r)
{
	const td_plan *p = r->plan;
	const td_hist_log *log = r->log;
	size_t cap = p->nsprints;
	for (size_t i = 0; i < log->nplans; i++)
		cap += log->plans[i]->nsprints;
	r->defs = td_xcalloc(cap ? cap : 1, sizeof *r->defs);
	r->nsprints = 0;
	for (size_t s = 0; s < p->nsprints; s++)
		r->defs[r->nsprints++] = &p->sprints[s];
	for (size_t i = 0; i < log->nplans; i++)
		for (size_t s = 0; s < log->plans[i]->nsprints; s++)
			if (sprint_def(r, &log->plans[i]->sprints[s]) == SIZE_MAX)
				r->defs[r->nsprints++] = &log->plans[i]->sprints[s];
	size_t n = r->nsprints ? r->nsprints : 1;
	r->tl->sprint_open = td_arena_alloc(r->tl->arena, n * sizeof *r->tl->sprint_open);
	r->tl->sprint_nopen = td_arena_alloc(r->tl->arena, n * sizeof *r->tl->sprint_nopen);
}

static const td_strtab *rank_strs;

static int cmp_natural(const void *pa, const void *pb)
{
	return td_natcmp(rank_strs->strs[*(const uint32_t *)pa], rank_strs->strs[*(const uint32_t *)pb]);
}

/* The natural order of every task id any commit (or the plan) has, by
 * td_strtab index: a plan rebuilt at a week's end is then in natural order
 * without sorting it. Each snapshot is visited once per commit that brings it. */
static void rank_tasks(replay *r)
{
	const td_hist_log *log = r->log;
	size_t n = log->strs.len;
	uint32_t *rank = td_xmalloc((n ? n : 1) * sizeof *rank);
	memset(rank, 0xff, (n ? n : 1) * sizeof *rank);
	const td_hist_file *prev = NULL;
	size_t nprev = 0, nids = 0;
	for (size_t k = 0; k <= log->ncommits; k++) {
		const td_hist_file *files = k < log->ncommits ? log->commits[k].files : r->wt_files;
		size_t nf = k < log->ncommits ? log->commits[k].nfiles : r->nwt;
		if (k < log->ncommits && !log->commits[k].changed)
			continue;
		for (size_t f = 0; f < nf; f++) {
			const td_snap *sn = files[f].snap;
			if (f < nprev && prev[f].snap == sn)
				continue;
			for (size_t i = 0; i < sn->ntasks; i++)
				if (rank[sn->tasks[i].id] == UINT32_MAX) {
					rank[sn->tasks[i].id] = 0;
					nids++;
				}
		}
		prev = files;
		nprev = nf;
	}
	uint32_t *ids = td_xmalloc((nids ? nids : 1) * sizeof *ids);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (rank[i] != UINT32_MAX)
			ids[m++] = (uint32_t)i;
	rank_strs = &log->strs;
	qsort(ids, m, sizeof *ids, cmp_natural);
	rank_strs = NULL;
	for (size_t i = 0; i < m; i++)
		rank[ids[i]] = (uint32_t)i;
	free(ids);
	r->rank = rank;
	r->nstrs = n;
	r->nrank = m;
}

/* The buckets (the plan, each workstream, each sprint) with their series,
 * and a record per task id. */
static void replay_buckets(replay *r)
{
	td_timeline *tl = r->tl;
	const td_plan *p = r->plan;
	r->nws = p->nworkstreams;
	sprint_defs(r);
	r->nbuckets = 1 + r->nws + r->nsprints;
	r->aggs = td_xcalloc(r->nbuckets, sizeof *r->aggs);
	r->series = td_arena_alloc(tl->arena, r->nbuckets * sizeof *r->series);
	for (size_t b = 0; b < r->nbuckets; b++) {
		r->series[b].n = r->ndays;
		r->series[b].points =
		    r->ndays ? td_arena_alloc(tl->arena, r->ndays * sizeof(td_bpoint)) : NULL;
	}
	td_strtab *st = &r->log->strs;
	r->ws_bucket = td_xcalloc(st->len ? st->len : 1, sizeof *r->ws_bucket);
	for (size_t w = 0; w < r->nws; w++) {
		uint32_t id = td_strtab_find(st, p->workstreams[w]->id);
		if (id != TD_STR_NONE)
			r->ws_bucket[id] = (uint32_t)(1 + w);
	}
	r->focus = td_xcalloc(r->nsprints ? r->nsprints : 1, sizeof *r->focus);
	r->sprint_done = td_xcalloc(r->nsprints ? r->nsprints : 1, sizeof *r->sprint_done);
	r->nfocus = td_xcalloc(r->nsprints ? r->nsprints : 1, sizeof *r->nfocus);
	for (size_t s = 0; s < r->nsprints; s++) {
		const td_sprint *sp = r->defs[s];
		r->focus[s] = td_xcalloc(sp->focus.len ? sp->focus.len : 1, sizeof **r->focus);
		for (size_t i = 0; i < sp->focus.len; i++) {
			uint32_t id = td_strtab_find(st, sp->focus.items[i].s);
			if (id != TD_STR_NONE)
				r->focus[s][r->nfocus[s]++] = id;
		}
	}
	r->nrecs = st->len;
	r->recs = td_xcalloc(r->nrecs ? r->nrecs : 1, sizeof *r->recs);
	for (size_t i = 0; i < r->nrecs; i++) {
		r->recs[i].added_on = r->recs[i].done_since = r->recs[i].started_on = TD_DATE_NONE;
		r->recs[i].ws = r->recs[i].ws_before = r->recs[i].wk_ws = TD_STR_NONE;
	}
	/* each workstream's file name, to date its page */
	r->ws_name = td_xcalloc(p->nworkstreams ? p->nworkstreams : 1, sizeof *r->ws_name);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		r->ws_name[w] = file_name(st, ws->file, ws->archive_only);
	}
}

/* The snapshot of the file called name among files, or NULL. */
static const td_snap *snap_named(const td_hist_file *files, size_t n, uint32_t name)
{
	const td_snap *s = NULL;
	for (size_t i = 0; i < n; i++)
		if (files[i].name == name)
			s = files[i].snap;
	return s;
}

/* Applies the commits up to the as-of date, counting each week's commits
 * and dating the content's and each workstream file's last change. */
static void replay_commits(replay *r)
{
	td_timeline *tl = r->tl;
	const td_plan *p = r->plan;
	const td_hist_file *last_files = NULL;
	for (size_t k = 0; k < r->ncommits; k++) {
		const td_hist_commit *c = &r->log->commits[k];
		td_date day = r->eff[k];
		/* in a shallow clone, nothing up to the graft has a known date */
		bool dated = r->graft_date == TD_DATE_NONE || day > r->graft_date;
		uint32_t w = week_no(r, day);
		if (w && w - 1 < tl->nweeks && dated)
			tl->weeks[w - 1].commits++;
		if (c->content_changed)
			tl->content_updated = dated ? day : TD_DATE_NONE;
		const td_plan *proj = c->project ? c->project->plan : NULL;
		if (c->content_changed && c->project && c->project->error) {
			note_skip(r, c->project->error, c->id, day); /* project.yaml does not load */
			tl->skipped++;
			continue;
		}
		if (!c->changed) {
			/* only project.yaml (or evidence) changed: a new week starts
			 * with the project as it was */
			if (proj != r->project && r->baseline_done && dated)
				next_week(r, day);
			if (r->baseline_done)
				r->project = proj;
			continue;
		}
		const td_hist_file *before = r->files;
		size_t nbefore = r->nfiles;
		if (!apply(r, c->files, c->nfiles, day, c->id)) {
			tl->skipped++;
			continue;
		}
		r->project = proj;
		/* which workstream files changed: their pages' last update */
		for (size_t w2 = 0; w2 < p->nworkstreams; w2++) {
			const td_snap *now = snap_named(c->files, c->nfiles, r->ws_name[w2]);
			const td_snap *then = snap_named(before, nbefore, r->ws_name[w2]);
			if (now && (now != then || !last_files))
				tl->ws_updated[w2] = dated ? day : TD_DATE_NONE;
		}
		last_files = c->files;
	}
}

/* Applies the plan the pages show, as of the as-of date: only on top of a
 * history (it is not a commit: it never starts one), and only when it
 * differs from the last commit applied. */
static void replay_working_tree(replay *r)
{
	td_timeline *tl = r->tl;
	const td_plan *p = r->plan;
	tl->working_tree_changed = r->baseline_done && settle_working_tree(r);
	if (!tl->working_tree_changed)
		return;
	const td_hist_file *before = r->files;
	size_t nbefore = r->nfiles;
	if (!apply(r, r->wt_files, r->nwt, p->as_of, "working tree"))
		return;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_snap *now = snap_named(r->wt_files, r->nwt, r->ws_name[w]);
		const td_snap *then = snap_named(before, nbefore, r->ws_name[w]);
		if (now != then)
			tl->ws_updated[w] = p->as_of;
	}
	tl->content_updated = p->as_of;
}

/* One warning per distinct reason commits were skipped. */
static void warn_skips(const replay *r)
{
	const char *content = r->plan->config.content;
	for (size_t i = 0; i < r->nskips; i++) {
		const struct skip *sk = &r->skips[i];
		char date[11];
		td_date_format(sk->date, date);
		if (sk->count > 1)
			td_diag_add(
			    r->diags, TD_SEV_WARNING, (td_loc){content, 0, 0},
			    "history: %zu commits skipped from %s (%s) on, their content does not load: %s",
			    sk->count, sk->commit, date, sk->why);
		else
			td_diag_add(r->diags, TD_SEV_WARNING, (td_loc){content, 0, 0},
			            "history: commit %s (%s) skipped, its content does not load: %s",
			            sk->commit, date, sk->why);
	}
}

static void replay_free(replay *r)
{
	for (size_t s = 0; s < r->nsprints; s++)
		free(r->focus[s]);
	free(r->focus);
	free(r->nfocus);
	free(r->sprint_done);
	free(r->recs);
	free(r->ws_bucket);
	free(r->aggs);
	free(r->touched);
	free(r->wk_touched);
	free(r->skips);
	free(r->ws_name);
	free(r->eff);
	free(r->defs);
	free(r->rank);
}

/* Whether the plan dates anything up to its as-of date. */
static bool plan_has_dates(const td_plan *p)
{
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		if ((t->added_on != TD_DATE_NONE && t->added_on <= p->as_of) ||
		    (t->status == TD_STATUS_DONE && t->done_on != TD_DATE_NONE && t->done_on <= p->as_of))
			return true;
	}
	return false;
}

td_timeline *td_timeline_build(const td_plan *p, td_hist_log *log, int forecast_weeks, td_diags *diags)
{
	return td_timeline_build_for(p, log, forecast_weeks, true, diags);
}

td_timeline *td_timeline_build_for(const td_plan *p, td_hist_log *log, int forecast_weeks, bool week_plans,
                                   td_diags *diags)
{
	if (!log)
		log = td_hist_log_new(TD_HIST_DISABLED, NULL);
	td_timeline *tl = timeline_new(p, log, forecast_weeks);
	if (p->as_of == TD_DATE_NONE || (log->status != TD_HIST_OK && !plan_has_dates(p))) {
		timeline_without_history(tl, p, diags);
		return tl;
	}
	replay r = {0};
	r.plan = p;
	r.log = log;
	r.tl = tl;
	r.diags = diags;
	r.week_plans = week_plans;
	r.hpd = p->hours_per_day;
	r.dpw = p->days_per_week;
	r.graft_date = TD_DATE_NONE;
	r.emitted = TD_DATE_NONE;
	r.day0 = TD_DATE_NONE;
	working_tree(&r);
	if (log->status == TD_HIST_OK) {
		prehistory(&r);
	} else {
		/* no git: the plan's dates are its history */
		plan_dates_history(&r);
		tl->from_plan_dates = true;
		no_history(tl, p, diags, from_dates);
	}
	replay_span(&r);
	replay_buckets(&r);
	rank_tasks(&r);
	/* the commits, then the plan the pages show */
	replay_commits(&r);
	replay_working_tree(&r);
	emit_until(&r, p->as_of);
	record_sprints(&r, p->as_of);
	record_wip(&r, r.wk, (uint32_t)tl->nweeks + 1);
	close_week(&r);
	finish(&r);
	warn_skips(&r);
	replay_free(&r);
	return tl;
}

void td_timeline_free(td_timeline *tl)
{
	if (!tl)
		return;
	td_hist_log_free(tl->log);
	td_arena_free(tl->arena);
	free(tl);
}
