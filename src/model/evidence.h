/*
 * evidence.h - validation and benchmark results as loaded from
 * content/evidence/ (SCHEMA 4): one run per file, whatever its shape.
 * Everything lives in the plan's arena (td_plan.evidence); no I/O here.
 */
#ifndef TD_MODEL_EVIDENCE_H
#define TD_MODEL_EVIDENCE_H

#include "core/core.h"

typedef enum {
	TD_EV_VALIDATION, /* taskdoc validation results (SCHEMA 4.1) */
	TD_EV_BENCHMARK,  /* taskdoc benchmark results (SCHEMA 4.2) */
	TD_EV_FIO,        /* fio --output-format=json */
	TD_EV_HYPERFINE   /* hyperfine --export-json */
} td_ev_shape;

typedef enum { TD_CHECK_PASS, TD_CHECK_FAIL, TD_CHECK_SKIP, TD_CHECK_ERROR } td_check_status;

struct td_ev_run;

/* One check of a validation run. */
typedef struct td_ev_check {
	const char *name;
	td_check_status status;
	double duration_s; /* NAN when not given */
	const char *task;  /* NULL when not given */
	const char *message;
	const char *path; /* "checks[2]", for messages */
	const struct td_ev_run *run;
} td_ev_check;

/* One named figure of a benchmark run (fio and hyperfine figures too). */
typedef struct td_ev_result {
	const char *name; /* "beegfs-seq-write", "fio:job:write_bw", "hyperfine:cmd" */
	double value;
	td_unit unit;
	const char *task;
	const char *path; /* "results[0]", "jobs[1].write" */
	const struct td_ev_run *run;
} td_ev_result;

typedef struct td_ev_run {
	const char *file; /* as found: "content/evidence/fio/seq.json" */
	td_ev_shape shape;
	const char *suite;   /* as written; fio: "fio:JOB,...", hyperfine: "hyperfine:CMD, ..." */
	td_timestamp run_at; /* unknown: ranks older than any dated run */
	const char *commit;  /* NULL when not given */
	td_ev_check *checks;
	size_t nchecks;
	td_ev_result *results;
	size_t nresults;
} td_ev_run;

/* Every run, ordered by file path. */
typedef struct td_evidence {
	td_ev_run **runs;
	size_t nruns;
} td_evidence;

const char *td_ev_shape_name(td_ev_shape s);
const char *td_check_status_name(td_check_status s);

#endif
