/*
 * burndown.h - what the git history says about the plan (SCHEMA 6): task
 * dates, burn-down series, forecasts and the weekly change log. Built by
 * replaying a td_hist_log (changes.c) and computed from the series
 * (burndown.c). No I/O.
 */
#ifndef TD_BURNDOWN_H
#define TD_BURNDOWN_H

#include "model/history.h"

/* One day of a burn-down: the state after the day's last commit. */
typedef struct td_bpoint {
	td_date date;
	int remaining_tasks; /* todo, in-progress, review, blocked */
	int done_tasks;
	int unestimated;                                      /* remaining tasks without an estimate */
	double remaining_hours, remaining_min, remaining_max; /* expected, min, max */
	double done_hours;                                    /* expected hours of done tasks */
} td_bpoint;

typedef struct td_series {
	td_bpoint *points; /* one per calendar day, oldest first */
	size_t n;
} td_series;

typedef enum {
	TD_FC_NO_HISTORY,  /* no series to forecast from */
	TD_FC_DONE,        /* nothing remains */
	TD_FC_UNESTIMATED, /* work remains, but none of it has an estimate */
	TD_FC_NO_VELOCITY, /* nothing was done in the window */
	TD_FC_TOO_FAR,     /* the expected finish is more than TD_FC_MAX_DAYS away */
	TD_FC_OK
} td_fc_status;

/* The forecast against a target date: on track when even the pessimistic
 * finish is in time, at risk when only the expected one is, late when the
 * expected finish is after it; unknown without a forecast. */
typedef enum { TD_VERDICT_NONE, TD_VERDICT_UNKNOWN, TD_VERDICT_ON_TRACK, TD_VERDICT_AT_RISK, TD_VERDICT_LATE } td_fc_verdict;

#define TD_FC_MAX_DAYS 3650 /* ten years: beyond that a date means nothing */
/* The longest span of git history, from its first commit to the as-of
 * date, that taskdoc follows day by day (20 years); a longer one (a commit
 * or --as-of centuries ahead) leaves history out, with a warning. */
#define TD_HISTORY_MAX_DAYS 7305

typedef struct td_forecast {
	td_fc_status status;
	td_date as_of;        /* the day it is made on (the series' last day used) */
	double velocity;      /* expected hours done per week in the window */
	int window_days;      /* length of the window actually used */
	td_date window_start; /* the window: (start, as_of] */
	double remaining_min, remaining_expected, remaining_max;
	int remaining_tasks, unestimated;
	td_date finish_optimistic, finish_expected, finish_pessimistic; /* TD_DATE_NONE when unknown */
	td_date finished_on; /* TD_FC_DONE: the first day of the last run with nothing left */
	/* the pace band: the slowest and fastest of the window's full weeks
	 * that saw work done (hours done per week); the optimistic finish is
	 * the estimates' minimum at the faster of the fastest week and the
	 * velocity, the pessimistic one their maximum at the slower of the
	 * slowest week and the velocity */
	int pace_weeks;              /* full weeks in the window; < 2: thin data */
	int idle_weeks;              /* of those, weeks with nothing done */
	double pace_slow, pace_fast; /* no week with work: both the velocity */
	/* the plan's target date (td_forecast_judge) */
	td_date target;     /* TD_DATE_NONE: none */
	td_fc_verdict verdict;
	int margin_days;    /* target minus the expected finish (or the day it finished) */
} td_forecast;

typedef enum {
	TD_CH_DONE,
	TD_CH_STARTED,
	TD_CH_ADDED,
	TD_CH_DROPPED,
	TD_CH_REMOVED, /* no longer in the plan */
	TD_CH_REOPENED,
	TD_CH_DEFERRED,
	TD_CH_REESTIMATED,
	TD_CH_REPRIORITISED,
	TD_CH_ARCHIVED, /* moved from a workstream file into content/archive/ */
	TD_CH_COUNT
} td_change_kind;

/* A task's change over one week: its state at the week's start and end. */
typedef struct td_change {
	td_change_kind kind;
	uint32_t id;                /* td_strtab index */
	td_snap_task before, after; /* before.id or after.id is TD_STR_NONE when absent */
	uint32_t ws_before, ws_after;
	td_date date; /* the last commit of the week that changed it */
} td_change;

/* A task in progress or in review at a week's end, or a sprint's focus task
 * left open at the sprint's end. */
typedef struct td_wip {
	uint32_t id, ws; /* td_strtab indices */
	td_snap_task task;
	td_date since; /* the day it was last started; TD_DATE_NONE when history does not say */
	int age_days;  /* days from since to the week's last day; -1 when unknown */
} td_wip;

/* A sprint as one week saw it (its focus tasks, from its burn-down). */
typedef struct td_week_sprint {
	const td_sprint *sprint; /* as project.yaml had it at the week's end */
	bool known;     /* history has the figures below */
	int committed_tasks, done_tasks, open_tasks;
	double committed_hours, done_hours, open_hours;
	bool ended;             /* it ended in or before the week (up to the as-of date) */
	const td_wip *carried;  /* ended: its focus tasks still open at its end */
	size_t ncarried;
} td_week_sprint;

/* How many ready tasks a week keeps (and its report lists). */
#define TD_WEEK_READY_MAX 20

/* A task of a week's ready list or critical path, as history has it then. */
typedef struct td_asof_task {
	uint32_t ws; /* td_strtab index of its workstream */
	bool critical;
	const td_snap_task *task;
} td_asof_task;

/* The figures of the plan as a past week's last commit left it, computed
 * by the plan's own analysis over history's snapshots (asof.c): the ready
 * list, the critical path and the open risks. */
typedef struct td_week_asof {
	bool known;          /* history has the week's end; else the view uses the plan as it is now */
	td_asof_task *ready; /* the first TD_WEEK_READY_MAX, in the ready list's order */
	size_t nready, ready_total;
	td_asof_task *critical; /* the critical path, first to last */
	size_t ncritical;
	double critical_hours;
	bool cycle;            /* a dependency cycle then: no critical path */
	const td_risk **risks; /* the open risks, by score (as the risk page orders them) */
	size_t nrisks;
} td_week_asof;

typedef struct td_week {
	int year, week;     /* ISO 8601 */
	td_date start, end; /* Monday, Sunday */
	td_change *changes; /* by kind, then natural id order */
	size_t nchanges;
	size_t commits;       /* commits of the week that were read */
	int created;          /* > 0: the plan's first commit is in this week, with that many tasks */
	bool partial;         /* history starts inside the week (shallow clone) */
	td_forecast forecast; /* as of the week's end (or the as-of date) */
	/* velocity: the week's done work; counted when history knows both ends */
	bool counted;
	int done_tasks;
	double done_hours;
	td_wip *wip; /* in progress or in review at the week's end, longest first */
	size_t nwip;
	td_week_sprint *sprints; /* the sprints overlapping the week, in plan order */
	size_t nsprints;
	/* project.yaml at the week's end (its sprints, risks and target): the
	 * plan's own in the current week; NULL when the commit had none */
	const td_plan *project;
	td_week_asof asof; /* past weeks: the plan as it stood then */
} td_week;

typedef enum { TD_DONE_NONE, TD_DONE_PLAN, TD_DONE_HISTORY } td_done_source;

typedef struct td_timeline {
	td_hist_log *log; /* owned */
	td_hist_status status;
	const char *message; /* the one line about what history cannot give, or NULL */
	const char *reason;  /* its first part, for the pages ("no git history (not in a git repository)") */
	bool shallow;
	td_date as_of;
	td_date first, last; /* first and last commit read that holds the content, up to as_of */
	td_date known_from;  /* first day whose figures history knows; NONE when none */
	const char *graft;   /* shallow clone: the graft commit's id, else NULL */
	td_date graft_date;
	size_t commits_read, commits_used, skipped;
	bool working_tree_changed; /* the pages' plan differs from the last commit's */
	bool from_plan_dates;      /* no git history: replayed from the plan's added_on and done_on */
	int forecast_weeks;
	/* by td_task.index */
	td_date *added_on;
	td_date *done_on; /* of a done task, derived from history; TD_DATE_NONE when unknown */
	/* where a done task's date comes from: the plan's done_on first, else
	 * history (td_analysis.done_on holds the date to show) */
	td_done_source *done_source;
	/* by td_workstream.index */
	td_date *ws_updated;
	td_series *ws_series;
	td_forecast *ws_forecast;
	td_date content_updated; /* the last change of the content folder */
	td_series series;        /* the whole plan */
	td_forecast forecast;
	td_series *sprint_series; /* by sprint index: the sprint's days that history knows */
	/* by sprint as any version of project.yaml defined it (the plan's own
	 * first, in its order): its focus tasks open at its end (NULL, 0 when
	 * history does not reach its end) */
	td_wip **sprint_open;
	size_t *sprint_nopen;
	td_week *weeks;           /* oldest first, up to the as-of week */
	size_t nweeks;
	td_arena *arena;
} td_timeline;

/*
 * Replays log (taking it over) against plan (the plan the pages show) up to
 * as_of: applies each commit's workstream files, the plan itself last (as of
 * as_of), and derives every date, series, forecast and week. Adds one
 * warning when history is missing or partial, and one per distinct reason a
 * commit was skipped. forecast_weeks: velocity window. Returns a timeline
 * (free with td_timeline_free); never NULL.
 */
td_timeline *td_timeline_build(const td_plan *plan, td_hist_log *log, int forecast_weeks, td_diags *diags);
/* The same; without week_plans, past weeks get no td_week_asof (their plan
 * is not rebuilt: for a command that shows no weekly report). */
td_timeline *td_timeline_build_for(const td_plan *plan, td_hist_log *log, int forecast_weeks, bool week_plans,
                                   td_diags *diags);
void td_timeline_free(td_timeline *tl); /* accepts NULL */

/* The plan as history's snapshots have it at one moment (asof.c). */
typedef struct td_asof_input {
	const td_strtab *strs;
	const td_hist_file *files; /* the workstream files, by name */
	size_t nfiles;
	const td_plan *project; /* project.yaml then; NULL: none */
	const td_plan *now;     /* the plan the pages show: its calendar converts estimates */
	const uint32_t *rank;   /* by td_strtab index (below nstrs): the natural order of task ids */
	size_t nstrs, nrank;    /* ranks are below nrank; UINT32_MAX: not a task id */
} td_asof_input;

/* Makes in's snapshots a td_plan and analyses it as the plan itself is
 * (td_analyze_figures): *out gets its ready list, critical path and open
 * risks, in arena. */
void td_asof_compute(td_week_asof *out, td_arena *arena, const td_asof_input *in);

/* ---- pure helpers (burndown.c) ---- */

/* The forecast from s's points up to day upto (inclusive; TD_DATE_NONE: all),
 * with the velocity of the last weeks weeks. */
void td_forecast_compute(td_forecast *out, const td_series *s, td_date upto, int weeks);
/* Sets f's target, verdict and margin for target (TD_DATE_NONE: none). */
void td_forecast_judge(td_forecast *f, td_date target);
const char *td_fc_verdict_name(td_fc_verdict v); /* NULL for TD_VERDICT_NONE */
/* The point of day d, or NULL when s has none. */
const td_bpoint *td_series_at(const td_series *s, td_date d);
const char *td_fc_status_name(td_fc_status st);
const char *td_change_kind_name(td_change_kind k);

#endif
