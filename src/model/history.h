/*
 * history.h - the content's git history as read by load/history_git.c and
 * replayed by analyze/changes.c: for each first-parent commit, its date and
 * (when the content changed) a light snapshot of every workstream file.
 * Snapshots are shared between commits (one per blob id). No I/O here.
 */
#ifndef TD_MODEL_HISTORY_H
#define TD_MODEL_HISTORY_H

#include "model/model.h"

/* Interned strings: equal strings have equal indices. */
typedef struct td_strtab {
	char **strs;
	uint32_t *hashes, *lens; /* of each string */
	size_t len, cap;
	uint32_t *slots; /* open addressing: index + 1, 0 = empty */
	size_t nslots;
	/* while trace_on: every index td_strtab_intern returns, in order (the
	 * snapshot cache replays a parse's interning with them) */
	bool trace_on;
	uint32_t *trace;
	size_t ntrace, tracecap;
} td_strtab;

#define TD_STR_NONE UINT32_MAX

/* Index of s[0..n) in t, adding it when new. */
uint32_t td_strtab_intern(td_strtab *t, const char *s, size_t n);
/* Index of s, or TD_STR_NONE when t does not hold it. */
uint32_t td_strtab_find(const td_strtab *t, const char *s);
void td_strtab_free(td_strtab *t);

/* A task as one commit has it: what burn-down, change logs and the week's
 * ready list and critical path need. */
typedef struct td_snap_task {
	uint32_t id, title, phase; /* td_strtab indices */
	uint32_t owner;            /* td_strtab index, TD_STR_NONE when none */
	uint8_t status;            /* td_status */
	uint8_t priority;          /* td_priority */
	char unit;                 /* 0 when the estimate is missing, else 'h', 'd' or 'w' */
	bool blocked;              /* its blockers list is not empty */
	uint32_t ndeps;
	const uint32_t *deps; /* its own depends_on, as written (td_strtab indices) */
	double lo, hi;        /* estimate in the author's unit */
} td_snap_task;

/* A phase as one commit has it: its id and its own depends_on. */
typedef struct td_snap_phase {
	uint32_t id;
	uint32_t ndeps;
	const uint32_t *deps;
} td_snap_phase;

/* One workstream file at one blob id. */
typedef struct td_snap {
	uint32_t workstream; /* id, TD_STR_NONE when the file did not load */
	td_snap_task *tasks; /* ascending by id index */
	size_t ntasks;
	td_snap_phase *phases; /* file order */
	size_t nphases;
	const char *error; /* NULL, or why the file does not load ("file:line:col: message") */
} td_snap;

/* A workstream file in a commit: its name below workstreams/ ("hpc.yaml")
 * or "archive/" and its name below archive/ ("archive/hpc.yaml"), and its
 * snapshot. */
typedef struct td_hist_file {
	uint32_t name; /* "hpc.yaml" */
	const td_snap *snap;
} td_hist_file;

/* project.yaml at one blob id, read by the full loader: what history reads
 * of it is the sprints, the risks and the target. */
typedef struct td_hist_project {
	const td_plan *plan; /* only project.yaml's fields are set; NULL when it does not load */
	const char *error;   /* NULL, or why it does not load ("file:line:col: message") */
	/* what it was read from, kept for the build cache (load/history.h); text
	 * NULL when the blob could not be read, or no cache was given */
	const char *file, *text;
	size_t len;
} td_hist_project;

typedef struct td_hist_commit {
	char id[12];          /* abbreviated id, 7 hex digits */
	int64_t time;         /* committer time, seconds since the epoch */
	td_date date;         /* committer date in the commit's own time zone */
	bool content_changed; /* the content folder differs from the previous commit's */
	bool changed;         /* the workstream files differ from the previous commit's */
	bool graft;           /* shallow clone: the oldest commit, whose parent is missing */
	td_hist_file *files;  /* when changed: every workstream file, by name (bytewise) */
	size_t nfiles;
	const td_hist_project *project; /* project.yaml; NULL when the commit has none */
} td_hist_commit;

typedef enum {
	TD_HIST_OK,        /* commits[] holds the history */
	TD_HIST_DISABLED,  /* history: false */
	TD_HIST_NO_REPO,   /* the content is not inside a git repository */
	TD_HIST_EMPTY,     /* the repository has no commit (or REV names none) */
	TD_HIST_UNTRACKED, /* no commit of the walk holds the content folder */
	TD_HIST_FAILED     /* the repository could not be read */
} td_hist_status;

typedef struct td_hist_log {
	td_hist_status status;
	const char *reason;      /* one line for the user when status != OK (arena) */
	const char *rev;         /* what was walked: "HEAD" or --rev */
	bool shallow;            /* the repository is a shallow clone */
	bool detached;           /* HEAD is detached */
	size_t commits_read;     /* first-parent commits read, with or without content */
	td_hist_commit *commits; /* oldest first, from the first that holds the content */
	size_t ncommits;
	size_t blobs_parsed; /* distinct workstream blobs parsed */
	size_t blobs_slow;   /* of those, parsed by the full YAML loader */
	td_plan **plans;     /* the projects' plans (owned) */
	size_t nplans, plancap;
	td_strtab strs;
	td_arena *arena;
} td_hist_log;

/* An empty log with the given status and reason (copied). Free with td_hist_log_free. */
td_hist_log *td_hist_log_new(td_hist_status status, const char *reason);
void td_hist_log_free(td_hist_log *log); /* accepts NULL */

/* Hours of an estimate in the author's unit with the plan's calendar. */
double td_snap_hours(char unit, double v, double hours_per_day, double days_per_week);

#endif
