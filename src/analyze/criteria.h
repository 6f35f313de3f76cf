/*
 * criteria.h - verdicts of the plan's criteria (SCHEMA 3.3) from the
 * evidence (SCHEMA 4), and what the evidence page shows: the latest run of
 * every suite, the checks that failed in their last run, and every
 * benchmark's values over runs. Computed once by td_analyze; everything
 * lives in the analysis' arena.
 */
#ifndef TD_ANALYZE_CRITERIA_H
#define TD_ANALYZE_CRITERIA_H

#include "analyze/analyze.h"
#include "model/evidence.h"

/* Most distinct benchmark names the evidence may hold: each gets a trend
 * chart, two files (Markdown and HTML sites); more is an error. */
#define TD_BENCH_MAX 5000

typedef enum { TD_VERDICT_PENDING, TD_VERDICT_PASS, TD_VERDICT_FAIL } td_verdict_kind;

typedef struct td_verdict {
	const td_criterion *crit;
	td_node_kind on_kind; /* the task, phase or workstream the criterion is on */
	const void *on;       /* td_task, td_phase or td_workstream */
	const char *on_id;
	td_verdict_kind verdict;
	const char *reason; /* static text: why it is pending or failed, or "" */
	/* the evidence that decided (newest by run_at), or all NULL */
	const td_ev_run *run;
	const td_ev_check *check;
	const td_ev_result *result;
	/* benchmarks: the value and the thresholds, all in unit */
	bool has_value;
	double value;
	td_unit unit;
	bool has_min, has_max;
	double min, max;
	bool bad; /* an error was reported about this criterion */
} td_verdict;

typedef struct td_bench_point {
	const td_ev_result *result;
	double value; /* in the series' unit */
} td_bench_point;

typedef struct td_bench_threshold {
	bool is_min;  /* else a max */
	double value; /* in the series' unit */
} td_bench_threshold;

/* One benchmark name over every run that reports it. */
typedef struct td_bench_series {
	const char *name;
	td_unit unit;           /* the first criterion's that names it, else readable for the newest value */
	td_bench_point *points; /* oldest first; undated runs first of all */
	size_t npoints;
	td_bench_threshold *thresholds; /* of the criteria that name it, distinct */
	size_t nthresholds;
	size_t ncriteria; /* criteria naming it */
} td_bench_series;

typedef struct td_suite_latest {
	const char *suite;
	const td_ev_run *run; /* its newest run */
	size_t nruns;
} td_suite_latest;

struct td_crit_key;

typedef struct td_criteria_info {
	/* every criterion of the plan: per workstream its own, then per phase
	 * the phase's, then those of the phase's tasks */
	td_verdict *items;
	size_t len;
	int pass, fail, pending;
	td_bench_series *benchmarks; /* by name */
	size_t nbenchmarks;
	td_suite_latest *suites; /* by suite name */
	size_t nsuites;
	const td_ev_check **failed; /* checks whose newest run failed or erred, by name */
	size_t nfailed;
	const td_ev_run **runs; /* every run, newest first (undated last), then by file */
	size_t nruns;
	size_t nchecks, nresults; /* in all runs */
	struct td_crit_key *keys; /* private: td_criteria -> its first verdict */
	size_t nkeys;
} td_criteria_info;

/* Verdicts, summaries and findings: errors for thresholds that do not
 * parse and for units that cannot be compared; warnings for a done task
 * whose criterion fails or has no evidence, for evidence naming an
 * unknown task, and for a criterion naming what no evidence reports while
 * a similar name is reported. Sets a->criteria. */
void td_analyze_criteria(td_analysis *a, td_diags *diags);

/* The verdicts of c->items[0..c->len), in that order; c must be a list of
 * the analysed plan. NULL when c is empty. The analysis owns them. */
const td_verdict *td_criteria_verdicts(const td_analysis *a, const td_criteria *c);

const char *td_verdict_name(td_verdict_kind v);

#endif
