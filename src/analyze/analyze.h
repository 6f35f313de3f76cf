/*
 * analyze.h - every derived figure of a plan, computed once: task states,
 * resolved dependencies, cycles, totals, remaining hours, the ready list,
 * the critical path with slack, risk scores, and lint findings.
 */
#ifndef TD_ANALYZE_H
#define TD_ANALYZE_H

#include "model/model.h"

typedef enum {
	TD_STATE_READY,
	TD_STATE_WAITING,
	TD_STATE_BLOCKED,
	TD_STATE_IN_PROGRESS,
	TD_STATE_REVIEW,
	TD_STATE_DONE,
	TD_STATE_DEFERRED,
	TD_STATE_DROPPED,
	TD_STATE_COUNT
} td_state;

typedef struct td_totals {
	int tasks, done, dropped, deferred, active;
	double percent; /* done / (tasks - dropped) * 100, rounded to 0.1; 0 when nothing counts */
	double remaining_min, remaining_expected, remaining_max; /* hours */
	int remaining;   /* tasks not done, dropped or deferred */
	int unestimated; /* of those, without an estimate */
	int by_state[TD_STATE_COUNT];
} td_totals;

/* One resolved entry of a depends_on list. */
typedef struct td_dep {
	const char *id;
	td_node_ref ref;
	bool satisfied;
	bool from_phase; /* inherited from the phase's depends_on */
	td_loc loc;
} td_dep;

typedef struct td_task_info {
	td_state state;
	td_dep *deps; /* direct dependencies, task's own first, then the phase's */
	size_t ndeps;
	bool remaining; /* counts toward remaining work and the critical path */
	bool critical;  /* on the critical path */
	double slack;   /* hours; meaningful when remaining */
	double earliest_start, earliest_finish;
	size_t *dependents; /* tasks whose own or phase depends_on names this task */
	size_t ndependents;
} td_task_info;

/* What the analysis knows of an external item (td_external). */
typedef struct td_external_info {
	bool overdue;      /* not arrived, and expected before the as-of date */
	double wait_hours; /* working hours from the as-of date to expected_on (the calendar's share of
	                      each week); 0 when arrived, due or the as-of date is unknown */
	size_t *waiting;   /* remaining tasks whose own or phase's depends_on names it, by task index */
	size_t nwaiting;
} td_external_info;

typedef struct td_archive_month {
	int year, month;
	size_t *tasks; /* task indices by done_on, then id */
	size_t ntasks;
	double done_hours; /* expected hours of those tasks */
} td_archive_month;

/* One archived phase (content/archive/): a finished round of work. */
typedef struct td_archive_round {
	size_t phase;        /* index in td_plan.phases */
	td_date start;       /* earliest added_on of its tasks; TD_DATE_NONE when unknown */
	td_date finish;      /* latest done_on of its done tasks; TD_DATE_NONE when unknown */
	int elapsed_days;    /* finish - start + 1; 0 when either is unknown */
	int done, dropped;   /* tasks */
	double done_hours;   /* expected hours of the done tasks with an estimate */
	int unestimated;     /* done tasks without an estimate */
} td_archive_round;

typedef enum { TD_SPRINT_UNKNOWN, TD_SPRINT_PAST, TD_SPRINT_CURRENT, TD_SPRINT_UPCOMING } td_sprint_when;

typedef struct td_analysis {
	const td_plan *plan;
	/* by td_task.index: the plan's done_on, else (for a done task) the date
	 * history derives; TD_DATE_NONE when neither. The plan is never changed. */
	td_date *done_on;
	td_task_info *tasks;      /* by td_task.index */
	td_totals *phase_totals;  /* by td_phase.index */
	td_totals *ws_totals;     /* by td_workstream.index */
	td_totals totals;
	size_t *ready; /* task indices: critical path, then priority, slack, id */
	size_t nready;
	size_t *critical_path; /* task indices, first to last */
	size_t ncritical;
	double critical_hours; /* from the as-of date: work, and the wait for external items */
	/* the external item the critical path's first task waits for (its
	 * wait is the path's start), or SIZE_MAX */
	size_t critical_external;
	td_date critical_finish_on; /* the as-of date + critical_hours of the calendar; NONE when unknown */
	td_external_info *externals; /* by td_external.index */
	bool has_cycle;
	size_t *risk_order; /* risk indices by score (desc), then id */
	td_archive_month *months; /* done tasks by month of done_on, newest month first */
	size_t nmonths;
	size_t *undated; /* done tasks without a done_on date, natural id order */
	size_t nundated;
	td_archive_round *rounds; /* archived phases, newest finish first (unknown last), then plan order */
	size_t nrounds;
	/* done tasks finished in the TD_RECENT_DAYS up to the as-of date, newest
	 * first (then natural id order) */
	size_t *recent;
	size_t nrecent;
	td_sprint_when *sprint_when; /* by sprint index, relative to the as-of date */
	struct td_depgraph *graph; /* private: see depgraph.h */
	/* arena of the analysis' own arrays */
	td_arena *arena;
	struct td_criteria_info *criteria; /* verdicts and evidence summaries: see criteria.h */
	struct td_timeline *timeline; /* git history: dates, burn-down, weeks (burndown.h); may be NULL */
	bool quiet; /* td_analyze_figures: unknown ids are not looked for a near miss, nor reported */
} td_analysis;

/* Computes everything; adds errors (unknown ids, cycles) and warnings
 * (lint) to diags. timeline (may be NULL: no history) is the plan's git
 * history as td_timeline_build replayed it; the analysis takes it over and
 * reads its dates. Returns a new analysis (free with td_analysis_free); it
 * is complete even when errors were found. */
td_analysis *td_analyze(const td_plan *plan, struct td_timeline *timeline, td_diags *diags);
void td_analysis_free(td_analysis *a);
/* Only the figures of the plan's state (dependencies, states, totals,
 * critical path, ready list, risk order): no dates, criteria or lint, and
 * no diagnostics. For a plan rebuilt from history (asof.c). Free with
 * td_analysis_free. */
td_analysis *td_analyze_figures(const td_plan *plan);

const char *td_state_name(td_state s);
/* Risk score: impact (1-4) x probability (1-3), for a risk or a cell of the
 * risk matrix. */
int td_risk_score_of(td_level impact, td_level probability);
int td_risk_score(const td_risk *r);
/* Is a dependency on ref satisfied (task done or dropped; phase/workstream all done)? */
bool td_dep_satisfied(const td_node_ref *ref);

/* internal steps, in the order td_analyze runs them (exposed for tests) */
void td_analyze_done_on(td_analysis *a);
void td_analyze_deps(td_analysis *a, td_diags *diags);
void td_analyze_states(td_analysis *a);
void td_analyze_totals(td_analysis *a);
void td_analyze_critical_path(td_analysis *a);
void td_analyze_ready(td_analysis *a);
void td_analyze_externals(td_analysis *a);
void td_analyze_lint(td_analysis *a, td_diags *diags);
void td_analyze_archive(td_analysis *a);
void td_analyze_recent(td_analysis *a);
void td_analyze_rounds(td_analysis *a);

/* Working hours in the calendar days from..to (the calendar's
 * days_per_week of every 7 days); 0 when to is not after from. */
double td_calendar_hours(const td_plan *p, td_date from, td_date to);
/* The calendar day by which hours of work from `from` are done. */
td_date td_calendar_add_hours(const td_plan *p, td_date from, double hours);

/* How far back "recently completed" reaches, in days. */
#define TD_RECENT_DAYS 14
const char *td_sprint_when_name(td_sprint_when w);

#endif
