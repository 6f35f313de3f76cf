/* check_burndown.c - analyze/burndown.c and analyze/changes.c: forecasts,
 * and the replay of a hand-made history (series, task dates, weekly changes,
 * skipped commits, shallow clones, the working tree). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "analyze/burndown.h"
#include "load/history.h"
#include "unit_plan.h"

static td_date D(const char *s)
{
	td_date d;
	assert_int_equal(td_date_parse(s, &d), 0);
	return d;
}

/* ---- forecasts ---- */

/* n days from first: remaining and done hours as given by the callbacks. */
static td_series make_series(td_bpoint *buf, size_t n, const char *first, double rem0, double per_day_done,
                             double spread)
{
	td_date d0 = D(first);
	for (size_t i = 0; i < n; i++) {
		td_bpoint *p = &buf[i];
		memset(p, 0, sizeof *p);
		p->date = d0 + (td_date)i;
		p->done_hours = per_day_done * (double)i;
		p->remaining_hours = rem0 - p->done_hours;
		p->remaining_min = p->remaining_hours - spread;
		p->remaining_max = p->remaining_hours + spread;
		p->remaining_tasks = p->remaining_hours > 0 ? 10 : 0;
	}
	return (td_series){buf, n};
}

static void test_forecast_ok(void **state)
{
	(void)state;
	td_bpoint pts[57];
	/* 2 hours a day = 14 a week; 56 days; 100 h left at the end */
	td_series s = make_series(pts, 57, "2025-09-01", 100 + 112, 2, 14);
	td_forecast f;
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_OK);
	assert_int_equal(f.as_of, D("2025-10-27"));
	assert_int_equal(f.window_days, 28);
	assert_int_equal(f.window_start, D("2025-09-29"));
	assert_true(fabs(f.velocity - 14) < 1e-9);
	/* 100 h at 14 h/week: 50 days; 86 h: 43 days; 114 h: 57 days */
	assert_int_equal(f.finish_expected, D("2025-10-27") + 50);
	assert_int_equal(f.finish_optimistic, D("2025-10-27") + 43);
	assert_int_equal(f.finish_pessimistic, D("2025-10-27") + 57);
	/* as of an earlier day: the window and the remaining work of that day */
	td_forecast_compute(&f, &s, D("2025-09-10"), 4);
	assert_int_equal(f.status, TD_FC_OK);
	assert_int_equal(f.as_of, D("2025-09-10"));
	assert_int_equal(f.window_days, 9); /* the history is shorter than the window */
	assert_true(fabs(f.velocity - 14) < 1e-9);
	assert_int_equal(f.finish_expected, D("2025-09-10") + 97); /* 194 h: 13.86 weeks */
	/* before the first day: nothing */
	td_forecast_compute(&f, &s, D("2025-08-01"), 4);
	assert_int_equal(f.status, TD_FC_NO_HISTORY);
	assert_int_equal(f.finish_expected, TD_DATE_NONE);
}

static void test_forecast_degenerate(void **state)
{
	(void)state;
	td_bpoint pts[30];
	td_forecast f;
	td_series empty = {NULL, 0};
	td_forecast_compute(&f, &empty, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_NO_HISTORY);
	assert_int_equal(f.velocity, 0);
	/* no progress: no forecast, no division by zero */
	td_series s = make_series(pts, 30, "2025-01-01", 500, 0, 0);
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_NO_VELOCITY);
	assert_int_equal(f.finish_expected, TD_DATE_NONE);
	/* one day of history: no window */
	td_forecast_compute(&f, &s, D("2025-01-01"), 4);
	assert_int_equal(f.status, TD_FC_NO_VELOCITY);
	assert_int_equal(f.window_days, 0);
	/* a crawl: more than ten years, never a date in year 9999 */
	s = make_series(pts, 30, "2025-01-01", 1e7, 0.01, 0);
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_TOO_FAR);
	assert_int_equal(f.finish_expected, TD_DATE_NONE);
	assert_int_equal(f.finish_pessimistic, TD_DATE_NONE);
	/* work left but none estimated */
	s = make_series(pts, 30, "2025-01-01", 0, 0, 0);
	for (size_t i = 0; i < 30; i++)
		pts[i].remaining_tasks = 3, pts[i].unestimated = 3;
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_UNESTIMATED);
	/* done: since the first day of the last run with nothing left */
	s = make_series(pts, 30, "2025-01-01", 40, 2, 0);
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_DONE);
	assert_int_equal(f.finished_on, D("2025-01-21"));
	/* work done, then undone: a negative pace is no pace */
	s = make_series(pts, 30, "2025-01-01", 100, -1, 0);
	td_forecast_compute(&f, &s, TD_DATE_NONE, 4);
	assert_int_equal(f.status, TD_FC_NO_VELOCITY);
	assert_int_equal(f.velocity, 0);
}

static void test_series_at(void **state)
{
	(void)state;
	td_bpoint pts[5];
	td_series s = make_series(pts, 5, "2025-03-01", 10, 1, 0);
	assert_null(td_series_at(&s, D("2025-02-28")));
	assert_ptr_equal(td_series_at(&s, D("2025-03-01")), &pts[0]);
	assert_ptr_equal(td_series_at(&s, D("2025-03-05")), &pts[4]);
	assert_null(td_series_at(&s, D("2025-03-06")));
	assert_null(td_series_at(&s, TD_DATE_NONE));
}

/* ---- replay ---- */

#define WS_HEAD "id: a\ntitle: Alpha\nphases:\n  - id: a-1\n    title: One\n    tasks:\n"

static const char *const versions[] = {
    /* c1 2025-10-06 */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n"
            "      - id: A-2\n        title: Second\n        estimate: 2d\n        priority: high\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: in-progress\n",
    /* c2 2025-10-08: A-1 done */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
            "      - id: A-2\n        title: Second\n        estimate: 2d\n        priority: high\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: in-progress\n",
    /* c3 2025-10-09 09:00: A-4 added */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
            "      - id: A-2\n        title: Second\n        estimate: 2d\n        priority: high\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: in-progress\n"
            "      - id: A-4\n        title: Fourth\n        estimate: 4h\n",
    /* c4 2025-10-09 17:00: A-2 re-estimated */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
            "      - id: A-2\n        title: Second\n        estimate: 3d\n        priority: high\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: in-progress\n"
            "      - id: A-4\n        title: Fourth\n        estimate: 4h\n",
    /* c5 2025-10-14: A-3 done, A-2 critical */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
            "      - id: A-2\n        title: Second\n        estimate: 3d\n        priority: critical\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: done\n"
            "      - id: A-4\n        title: Fourth\n        estimate: 4h\n",
    /* c6 2025-10-15: broken */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: finished\n",
    /* c7 2025-10-17: A-4 dropped */
    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
            "      - id: A-2\n        title: Second\n        estimate: 3d\n        priority: critical\n"
            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: done\n"
            "      - id: A-4\n        title: Fourth\n        estimate: 4h\n        status: dropped\n",
};
static const char *const dates[] = {"2025-10-06", "2025-10-08", "2025-10-09", "2025-10-09",
                                    "2025-10-14", "2025-10-15", "2025-10-17"};
static const char *const ids[] = {"c000001", "c000002", "c000003", "c000004",
                                  "c000005", "c000006", "c000007"};

/* A log of n commits, each with one file a.yaml holding texts[i]. */
static td_hist_log *make_log(size_t n, const char *const *texts, const char *const *days)
{
	td_hist_log *log = td_hist_log_new(TD_HIST_OK, NULL);
	log->commits = td_arena_alloc(log->arena, n * sizeof *log->commits);
	log->ncommits = n;
	log->commits_read = n;
	uint32_t name = td_strtab_intern(&log->strs, "a.yaml", 6);
	for (size_t i = 0; i < n; i++) {
		td_hist_commit *c = &log->commits[i];
		snprintf(c->id, sizeof c->id, "%s", ids[i]);
		c->date = D(days[i]);
		c->changed = c->content_changed = true;
		td_snap *s = td_arena_alloc(log->arena, sizeof *s);
		td_snap_parse(s, &log->strs, log->arena, "content/workstreams/a.yaml", texts[i],
		              strlen(texts[i]), NULL);
		c->files = td_arena_alloc(log->arena, sizeof *c->files);
		c->files[0] = (td_hist_file){name, s};
		c->nfiles = 1;
	}
	return log;
}

static const char project[] = "name: T\n"
                              "sprints:\n"
                              "  - name: S1\n"
                              "    start: 2025-10-13\n"
                              "    end: 2025-10-19\n"
                              "    focus: [A-2, A-4]\n";

static void load_plan(up_fixture *f, const char *ws, const char *as_of)
{
	memset(f, 0, sizeof *f);
	f->plan = td_plan_new();
	assert_int_equal(
	    td_plan_load_project_text(f->plan, "content/project.yaml", project, strlen(project), &f->diags),
	    0);
	assert_int_equal(
	    td_plan_load_workstream_text(f->plan, "content/workstreams/a.yaml", ws, strlen(ws), &f->diags),
	    0);
	td_plan_load_finish(f->plan);
	f->plan->config.content = "content";
	f->plan->as_of = D(as_of);
}

static size_t task_index(const td_plan *p, const char *id)
{
	for (size_t i = 0; i < p->ntasks; i++)
		if (!strcmp(p->tasks[i]->id, id))
			return i;
	fail_msg("no task %s", id);
	return 0;
}

#define check_point(s, day, rt, rh, sh, dh) check_point_at((s), (day), (rt), (rh), (sh), (dh), __LINE__)
static void check_point_at(const td_series *s, const char *day, int rt, double rh, double sh, double dh,
                           int line)
{
	const td_bpoint *p = td_series_at(s, D(day));
	if (!p)
		fail_msg("line %d: no point on %s", line, day);
	if (p->remaining_tasks != rt || fabs(p->remaining_hours - rh) > 1e-9 ||
	    fabs(p->remaining_hours + p->done_hours - sh) > 1e-9 || fabs(p->done_hours - dh) > 1e-9)
		fail_msg("line %d: %s: %d tasks, %g h left, scope %g h, done %g h; expected %d, %g, %g, %g",
		         line, day, p->remaining_tasks, p->remaining_hours,
		         p->remaining_hours + p->done_hours, p->done_hours, rt, rh, sh, dh);
}

static const td_change *find_change(const td_week *w, const td_timeline *tl, td_change_kind k, const char *id)
{
	for (size_t i = 0; i < w->nchanges; i++)
		if (w->changes[i].kind == k && !strcmp(tl->log->strs.strs[w->changes[i].id], id))
			return &w->changes[i];
	return NULL;
}

static bool has_warning(const td_diags *d, const char *needle)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == TD_SEV_WARNING && strstr(d->items[i].message, needle))
			return true;
	return false;
}

static void test_replay(void **state)
{
	(void)state;
	up_fixture f;
	load_plan(&f, versions[6], "2025-10-20");
	td_timeline *tl = td_timeline_build(f.plan, make_log(7, versions, dates), 4, &f.diags);
	assert_int_equal(tl->status, TD_HIST_OK);
	assert_null(tl->message);
	assert_int_equal(tl->first, D("2025-10-06"));
	assert_int_equal(tl->last, D("2025-10-17"));
	assert_int_equal(tl->known_from, D("2025-10-06"));
	assert_int_equal(tl->skipped, 1);
	assert_false(tl->working_tree_changed);
	/* one warning names the skipped commit and the error */
	assert_true(has_warning(&f.diags, "commit c000006 (2025-10-15) skipped"));
	assert_true(has_warning(&f.diags, "content/workstreams/a.yaml:10:17: bad status 'finished'"));
	assert_int_equal(f.diags.warnings, 1);

	/* one point a day; a day's last commit wins; days without commits carry */
	const td_series *s = &tl->series;
	assert_int_equal(s->n, 15);
	check_point(s, "2025-10-06", 3, 28, 28, 0);
	check_point(s, "2025-10-07", 3, 28, 28, 0);
	check_point(s, "2025-10-08", 2, 24, 28, 4);
	check_point(s, "2025-10-09", 3, 36, 40, 4);
	check_point(s, "2025-10-13", 3, 36, 40, 4);
	check_point(s, "2025-10-14", 2, 28, 40, 12);
	check_point(s, "2025-10-16", 2, 28, 40, 12);
	check_point(s, "2025-10-17", 1, 24, 36, 12);
	check_point(s, "2025-10-20", 1, 24, 36, 12);
	/* the workstream's series is the plan's here; the sprint's only its days
	 * and its focus */
	assert_int_equal(tl->ws_series[0].n, 15);
	check_point(&tl->ws_series[0], "2025-10-09", 3, 36, 40, 4);
	const td_series *sp = &tl->sprint_series[0];
	assert_int_equal(sp->n, 7);
	check_point(sp, "2025-10-13", 2, 28, 28, 0);
	check_point(sp, "2025-10-19", 1, 24, 24, 0);

	/* dates */
	const td_plan *p = f.plan;
	assert_int_equal(tl->added_on[task_index(p, "A-1")], D("2025-10-06"));
	assert_int_equal(tl->added_on[task_index(p, "A-4")], D("2025-10-09"));
	assert_int_equal(tl->done_on[task_index(p, "A-1")], D("2025-10-08"));
	assert_int_equal(tl->done_on[task_index(p, "A-3")], D("2025-10-14"));
	assert_int_equal(tl->done_on[task_index(p, "A-2")], TD_DATE_NONE);
	assert_int_equal(tl->ws_updated[0], D("2025-10-17"));
	assert_int_equal(tl->content_updated, D("2025-10-17"));
	assert_int_equal(tl->done_source[task_index(p, "A-1")], TD_DONE_HISTORY);
	assert_int_equal(tl->done_source[task_index(p, "A-2")], TD_DONE_NONE);

	/* weeks: W41, W42, W43 */
	assert_int_equal(tl->nweeks, 3);
	const td_week *w41 = &tl->weeks[0], *w42 = &tl->weeks[1], *w43 = &tl->weeks[2];
	assert_int_equal(w41->week, 41);
	assert_int_equal(w41->start, D("2025-10-06"));
	assert_int_equal(w41->created, 3);
	assert_int_equal(w41->commits, 4);
	assert_int_equal(w41->nchanges, 3);
	assert_non_null(find_change(w41, tl, TD_CH_DONE, "A-1"));
	assert_non_null(find_change(w41, tl, TD_CH_ADDED, "A-4"));
	const td_change *re = find_change(w41, tl, TD_CH_REESTIMATED, "A-2");
	assert_non_null(re);
	assert_int_equal(re->before.lo, 2);
	assert_int_equal(re->after.lo, 3);
	assert_int_equal(re->date, D("2025-10-09"));
	/* sorted: kinds in order */
	assert_int_equal(w41->changes[0].kind, TD_CH_DONE);
	assert_int_equal(w41->changes[2].kind, TD_CH_REESTIMATED);
	assert_int_equal(w42->created, 0);
	assert_int_equal(w42->commits, 3);
	assert_int_equal(w42->nchanges, 3);
	assert_non_null(find_change(w42, tl, TD_CH_DONE, "A-3"));
	assert_non_null(find_change(w42, tl, TD_CH_DROPPED, "A-4"));
	assert_non_null(find_change(w42, tl, TD_CH_REPRIORITISED, "A-2"));
	assert_int_equal(w43->nchanges, 0);
	assert_int_equal(w43->commits, 0);

	/* forecast: 12 h in two weeks, 24 h left: four weeks */
	assert_int_equal(tl->forecast.status, TD_FC_OK);
	assert_true(fabs(tl->forecast.velocity - 6) < 1e-9);
	assert_int_equal(tl->forecast.finish_expected, D("2025-11-17"));
	assert_int_equal(w41->forecast.as_of, D("2025-10-12"));

	/* the analysis takes the timeline over and shows history's done dates;
	 * the plan keeps what its files say */
	f.an = td_analyze(f.plan, tl, &f.diags);
	assert_ptr_equal(f.an->timeline, tl);
	assert_int_equal(f.an->done_on[task_index(p, "A-1")], D("2025-10-08"));
	assert_int_equal(f.an->done_on[task_index(p, "A-3")], D("2025-10-14"));
	assert_int_equal(f.an->done_on[task_index(p, "A-2")], TD_DATE_NONE);
	assert_int_equal(p->tasks[task_index(p, "A-1")]->done_on, TD_DATE_NONE);
	assert_int_equal(f.an->nundated, 0);
	assert_int_equal(f.an->nmonths, 1);
	assert_int_equal(f.an->months[0].ntasks, 2);
	assert_int_equal(f.an->months[0].tasks[0], task_index(p, "A-3")); /* newest first */
	up_free(&f); /* frees the timeline with the analysis */
}

/* A date the plan writes wins over history's, and its source says so. */
static void test_replay_plan_done_on(void **state)
{
	(void)state;
	up_fixture f;
	static const char *const texts[] = {
	    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n",
	    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
	            "        done_on: 2025-10-01\n"};
	load_plan(&f, texts[1], "2025-10-20");
	td_timeline *tl = td_timeline_build(f.plan, make_log(2, texts, dates), 4, &f.diags);
	size_t a1 = task_index(f.plan, "A-1");
	assert_int_equal(tl->done_on[a1], D("2025-10-08"));
	assert_int_equal(tl->done_source[a1], TD_DONE_PLAN);
	f.an = td_analyze(f.plan, tl, &f.diags);
	assert_int_equal(f.an->done_on[a1], D("2025-10-01"));
	assert_int_equal(f.plan->tasks[a1]->done_on, D("2025-10-01"));
	up_free(&f);
}

static void test_replay_shallow(void **state)
{
	(void)state;
	up_fixture f;
	load_plan(&f, versions[6], "2025-10-20");
	td_hist_log *log = make_log(7, versions, dates);
	log->shallow = true;
	log->commits[0].graft = true;
	td_timeline *tl = td_timeline_build(f.plan, log, 4, &f.diags);
	/* the graft's day is not a real date: figures start the day after */
	assert_int_equal(tl->known_from, D("2025-10-07"));
	assert_string_equal(tl->graft, "c000001");
	assert_int_equal(tl->series.n, 14);
	assert_null(td_series_at(&tl->series, D("2025-10-06")));
	check_point(&tl->series, "2025-10-07", 3, 28, 28, 0);
	assert_true(
	    has_warning(&f.diags, "shallow clone: history before commit c000001 (2025-10-06) is missing"));
	const td_plan *p = f.plan;
	assert_int_equal(tl->added_on[task_index(p, "A-1")], TD_DATE_NONE);
	assert_int_equal(tl->added_on[task_index(p, "A-4")], D("2025-10-09"));
	assert_int_equal(tl->done_on[task_index(p, "A-1")], D("2025-10-08"));
	/* no "created" week: the plan existed before the graft */
	assert_int_equal(tl->weeks[0].created, 0);
	assert_true(tl->weeks[0].partial);
	td_timeline_free(tl);
	up_free(&f);

	/* a clone of depth 1: the only commit is the graft, nothing is known */
	load_plan(&f, versions[6], "2025-10-17");
	log = make_log(7, versions, dates);
	log->commits += 6;
	log->ncommits = 1;
	log->commits[0].graft = true;
	tl = td_timeline_build(f.plan, log, 4, &f.diags);
	assert_int_equal(tl->known_from, TD_DATE_NONE);
	assert_int_equal(tl->series.n, 0);
	assert_int_equal(tl->forecast.status, TD_FC_NO_HISTORY);
	assert_int_equal(tl->done_on[task_index(f.plan, "A-1")], TD_DATE_NONE);
	assert_int_equal(tl->ws_updated[0], TD_DATE_NONE);
	assert_int_equal(tl->nweeks, 1);
	td_timeline_free(tl);
	up_free(&f);
}

static void test_replay_working_tree(void **state)
{
	(void)state;
	/* the plan on disk has A-2 done: applied last, on the as-of date */
	static const char now[] =
	    WS_HEAD "      - id: A-1\n        title: First\n        estimate: 4h\n        status: done\n"
	            "      - id: A-2\n        title: Second\n        estimate: 3d\n        status: done\n"
	            "      - id: A-3\n        title: Third\n        estimate: 1d\n        status: done\n"
	            "      - id: A-4\n        title: Fourth\n        estimate: 4h\n        status: dropped\n";
	up_fixture f;
	load_plan(&f, now, "2025-10-20");
	td_timeline *tl = td_timeline_build(f.plan, make_log(7, versions, dates), 4, &f.diags);
	assert_true(tl->working_tree_changed);
	check_point(&tl->series, "2025-10-19", 1, 24, 36, 12);
	check_point(&tl->series, "2025-10-20", 0, 0, 36, 36);
	assert_int_equal(tl->done_on[task_index(f.plan, "A-2")], D("2025-10-20"));
	assert_int_equal(tl->ws_updated[0], D("2025-10-20"));
	assert_int_equal(tl->forecast.status, TD_FC_DONE);
	assert_int_equal(tl->forecast.finished_on, D("2025-10-20"));
	td_timeline_free(tl);
	up_free(&f);
}

static void test_replay_edge_cases(void **state)
{
	(void)state;
	up_fixture f;
	/* a commit dated before its parent counts as on its parent's day */
	static const char *const skew[] = {"2025-10-06", "2025-10-08", "2025-10-07", "2025-10-09",
	                                   "2025-10-14", "2025-10-15", "2025-10-17"};
	load_plan(&f, versions[6], "2025-10-20");
	td_timeline *tl = td_timeline_build(f.plan, make_log(7, versions, skew), 4, &f.diags);
	check_point(&tl->series, "2025-10-07", 3, 28, 28, 0);
	check_point(&tl->series, "2025-10-08", 3, 28, 32, 4); /* c2 and c3 on the 8th */
	assert_int_equal(tl->added_on[task_index(f.plan, "A-4")], D("2025-10-08"));
	td_timeline_free(tl);
	up_free(&f);

	/* issue 15: one commit whose clock says 2300 (or 1970) moves alone, to
	 * the day of the commit before it; the commits after it keep theirs */
	static const char *const ahead[] = {"2025-10-06", "2025-10-08", "2300-01-01", "2025-10-09",
	                                    "2025-10-14", "2025-10-15", "2025-10-17"};
	static const char *const behind[] = {"2025-10-06", "2025-10-08", "1970-01-01", "2025-10-09",
	                                     "2025-10-14", "2025-10-15", "2025-10-17"};
	const char *const *wrong[] = {ahead, behind};
	for (size_t i = 0; i < 2; i++) {
		load_plan(&f, versions[6], "2025-10-20");
		tl = td_timeline_build(f.plan, make_log(7, versions, wrong[i]), 4, &f.diags);
		assert_int_equal(tl->commits_used, 7);
		assert_int_equal(tl->first, D("2025-10-06"));
		assert_int_equal(tl->last, D("2025-10-17"));
		assert_int_equal(tl->added_on[task_index(f.plan, "A-4")], D("2025-10-08"));
		check_point(&tl->series, "2025-10-08", 3, 28, 32, 4);
		assert_true(has_warning(&f.diags, i == 0 ? "commit c000003 is dated 2300-01-01, out of order with the "
		                                           "commits around it (a wrong clock?): history counts it on "
		                                           "2025-10-08"
		                                         : "commit c000003 is dated 1970-01-01"));
		td_timeline_free(tl);
		up_free(&f);
	}
	/* the first commit dated 2300: it counts on the day of the next */
	static const char *const first_ahead[] = {"2300-01-01", "2025-10-08", "2025-10-09", "2025-10-09",
	                                          "2025-10-14", "2025-10-15", "2025-10-17"};
	load_plan(&f, versions[6], "2025-10-20");
	tl = td_timeline_build(f.plan, make_log(7, versions, first_ahead), 4, &f.diags);
	assert_int_equal(tl->commits_used, 7);
	assert_int_equal(tl->first, D("2025-10-08"));
	assert_int_equal(tl->nweeks, 3);
	td_timeline_free(tl);
	up_free(&f);

	/* an as-of date before the first commit: nothing from history */
	load_plan(&f, versions[6], "2025-09-01");
	tl = td_timeline_build(f.plan, make_log(7, versions, dates), 4, &f.diags);
	assert_int_equal(tl->series.n, 0);
	assert_int_equal(tl->commits_used, 0);
	assert_int_equal(tl->added_on[0], TD_DATE_NONE);
	assert_false(tl->working_tree_changed);
	assert_true(
	    has_warning(&f.diags, "git history starts on 2025-10-06, after the as-of date 2025-09-01"));
	td_timeline_free(tl);
	up_free(&f);

	/* no repository: one line, the as-of week, no series */
	load_plan(&f, versions[6], "2025-10-20");
	tl = td_timeline_build(f.plan, td_hist_log_new(TD_HIST_NO_REPO, "not in a git repository"), 4,
	                       &f.diags);
	assert_int_equal(tl->series.n, 0);
	assert_int_equal(tl->nweeks, 1);
	assert_int_equal(tl->weeks[0].start, D("2025-10-20"));
	assert_int_equal(f.diags.warnings, 1);
	assert_true(has_warning(&f.diags, "no git history (not in a git repository)"));
	td_timeline_free(tl);
	up_free(&f);
}

static void test_replay_duplicate_ids(void **state)
{
	(void)state;
	/* a second file with A-1 too: that commit is skipped */
	up_fixture f;
	load_plan(&f, versions[0], "2025-10-10");
	td_hist_log *log = make_log(2, versions, dates);
	static const char other[] = "id: b\ntitle: B\nphases:\n  - id: b-1\n    title: B1\n    tasks:\n"
	                            "      - id: A-1\n        title: Again\n";
	td_snap *s = td_arena_alloc(log->arena, sizeof *s);
	td_snap_parse(s, &log->strs, log->arena, "content/workstreams/b.yaml", other, strlen(other), NULL);
	td_hist_file *files = td_arena_alloc(log->arena, 2 * sizeof *files);
	files[0] = log->commits[1].files[0];
	files[1] = (td_hist_file){td_strtab_intern(&log->strs, "b.yaml", 6), s};
	log->commits[1].files = files;
	log->commits[1].nfiles = 2;
	td_timeline *tl = td_timeline_build(f.plan, log, 4, &f.diags);
	assert_int_equal(tl->skipped, 1);
	assert_true(has_warning(&f.diags, "task id 'A-1' is in two workstream files"));
	check_point(&tl->series, "2025-10-09", 3, 28, 28, 0);
	td_timeline_free(tl);
	up_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forecast_ok),
	    cmocka_unit_test(test_forecast_degenerate),
	    cmocka_unit_test(test_series_at),
	    cmocka_unit_test(test_replay),
	    cmocka_unit_test(test_replay_plan_done_on),
	    cmocka_unit_test(test_replay_shallow),
	    cmocka_unit_test(test_replay_working_tree),
	    cmocka_unit_test(test_replay_edge_cases),
	    cmocka_unit_test(test_replay_duplicate_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
