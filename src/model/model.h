/*
 * model.h - the plan as loaded: workstreams > phases > tasks, sprints, risks,
 * free sections and configuration. Every string and struct lives in the
 * plan's arena; td_plan_free releases all of it. No I/O here.
 */
#ifndef TD_MODEL_H
#define TD_MODEL_H

#include "core/core.h"

/* The longest id (workstream, phase, task, risk) in bytes: ids name files
 * (workstreams/ID.md, charts/burndown-ID.svg), and file systems allow 255. */
#define TD_ID_MAX 100

typedef enum {
	TD_STATUS_TODO,
	TD_STATUS_IN_PROGRESS,
	TD_STATUS_REVIEW,
	TD_STATUS_BLOCKED,
	TD_STATUS_DEFERRED,
	TD_STATUS_DONE,
	TD_STATUS_DROPPED,
	TD_STATUS_COUNT
} td_status;

typedef enum { TD_PRIO_CRITICAL, TD_PRIO_HIGH, TD_PRIO_MEDIUM, TD_PRIO_LOW, TD_PRIO_NONE } td_priority;

typedef enum { TD_LEVEL_LOW, TD_LEVEL_MEDIUM, TD_LEVEL_HIGH, TD_LEVEL_CRITICAL } td_level;

/* mitigating is last so that the older values keep their numbers */
typedef enum { TD_RISK_OPEN, TD_RISK_MITIGATED, TD_RISK_CLOSED, TD_RISK_MITIGATING } td_risk_status;

/* An external item (hardware, a vendor release, another team's delivery)
 * is not a task: it shares the id namespace so that tasks can depend on it. */
typedef enum { TD_NODE_TASK, TD_NODE_PHASE, TD_NODE_WORKSTREAM, TD_NODE_EXTERNAL } td_node_kind;

/* The status of an external item: only arrived satisfies a dependency. */
typedef enum { TD_EXT_EXPECTED, TD_EXT_AT_RISK, TD_EXT_LATE, TD_EXT_ARRIVED, TD_EXT_COUNT } td_ext_status;

/* A string with where it was written. */
typedef struct td_str {
	const char *s;
	td_loc loc;
} td_str;

typedef struct td_strlist {
	td_str *items;
	size_t len;
} td_strlist;

/* Estimate as written: "4h", "2-3d". Hours use the plan's calendar. */
typedef struct td_estimate {
	bool known;
	const char *text;
	double lo, hi; /* in the author's unit */
	char unit;     /* 'h', 'd' or 'w' */
	double min_hours, expected_hours, max_hours;
} td_estimate;

typedef struct td_criterion {
	const char *id;
	const char *title;
	const char *owner;
	const char *benchmark;
	const char *check;
	const char *min; /* "1 GB/s" as written */
	const char *max;
	const char *unit;
	int done; /* -1 unset, 0 false, 1 true */
	td_loc loc;
} td_criterion;

typedef struct td_criteria {
	td_criterion *items;
	size_t len;
} td_criteria;

struct td_phase;
struct td_workstream;

typedef struct td_task {
	const char *id;
	td_loc loc; /* of the id value */
	const char *title;
	td_priority priority;
	td_estimate estimate;
	td_status status;
	td_loc status_loc;
	td_strlist depends_on;
	td_strlist blockers;
	const char *owner;
	td_date done_on; /* as written; TD_DATE_NONE if not (history's date: td_analysis.done_on) */
	td_date added_on; /* as written; TD_DATE_NONE if not (history derives its own) */
	td_strlist validation;
	td_criteria criteria;
	td_strlist deliverables;
	const char *notes;
	struct td_phase *phase;
	size_t index; /* position in td_plan.tasks */
} td_task;

typedef struct td_phase {
	const char *id;
	td_loc loc;
	const char *title;
	const char *objective;
	td_strlist outcome;
	td_strlist validation;
	td_strlist depends_on;
	td_criteria criteria;
	td_task **tasks; /* natural id order */
	size_t ntasks;
	struct td_workstream *workstream;
	size_t index;
	bool archived;    /* read from content/archive/: finished work, off the active pages */
	const char *file; /* the file it was read from (the workstream's, or an archive file) */
} td_phase;

/* Something the plan waits for that is not work of its own: an entry of a
 * workstream's external list (docs/schema.md). */
typedef struct td_external {
	const char *id;
	td_loc loc; /* of the id value */
	const char *title;
	td_ext_status status;
	td_loc status_loc;
	td_date expected_on; /* when it is expected (required; TD_DATE_NONE only after a load error) */
	td_loc expected_loc;
	const char *owner;     /* who chases it */
	const char *contact;   /* who to ask on the other side */
	const char *notes;     /* markdown */
	const char *reference; /* a URL or repository path, as a task's workstream reference */
	struct td_workstream *workstream;
	size_t index; /* position in td_plan.externals */
} td_external;

typedef struct td_workstream {
	const char *id;
	td_loc loc;
	const char *file; /* path as given to the loader */
	const char *title;
	int order; /* INT32_MAX when absent */
	const char *reference;
	const char *summary;
	td_criteria criteria;
	td_phase **phases; /* file order, the archived ones (content/archive/) after the active ones */
	size_t nphases;
	size_t narchived;  /* of the phases, how many are archived */
	bool archive_only; /* no file under workstreams/: file is an archive file */
	td_external **externals; /* natural id order once td_plan_finish ran */
	size_t nexternals;
	size_t index;
} td_workstream;

typedef struct td_sprint {
	const char *name;
	td_loc loc;
	td_date start, end;
	td_strlist focus;
	const char *notes;
} td_sprint;

typedef struct td_risk {
	const char *id;
	td_loc loc;
	const char *title;
	td_level impact;
	td_level probability;
	const char *mitigation;
	td_strlist affects;
	td_risk_status status;
	const char *description; /* markdown */
	const char *owner;
	td_strlist indicators; /* early signs that the risk is happening */
	const char *contingency; /* markdown: what to do if it happens */
	td_date review_on;       /* next review, or TD_DATE_NONE */
} td_risk;

typedef struct td_section {
	const char *title;
	const char *body;
} td_section;

/* How a dependency graph (SVG) links to the pages it shows (graph.links). */
typedef enum {
	TD_LINKS_AUTO,      /* from the MkDocs config's use_directory_urls (resolved at load) */
	TD_LINKS_HTML,      /* ../workstreams/hpc.html#anchor (HTML site; MkDocs use_directory_urls: false) */
	TD_LINKS_DIRECTORY, /* ../workstreams/hpc/#anchor (MkDocs use_directory_urls: true) */
	TD_LINKS_MARKDOWN   /* ../workstreams/hpc.md#anchor (the Markdown files themselves) */
} td_link_style;
/* "auto", "html", "directory", "markdown" (links.c). */
const char *td_link_style_name(td_link_style links);
/* The style named s, or -1. */
int td_link_style_parse(const char *s);

typedef struct td_config {
	const char *file; /* NULL when taskdoc.yaml is absent */
	const char *content;
	const char *templates;
	const char *out_markdown;
	const char *out_html;
	const char *mkdocs_config;
	const char *mkdocs_section;
	const char *cache; /* the build cache folder (docs/output.md, "Cache") */
	bool history;
	bool html_unsafe;
	int graph_node_limit;
	td_link_style graph_links; /* never TD_LINKS_AUTO once td_config_load returned */
	int forecast_weeks;
	/* where the repository is browsable (repo.url, else MkDocs' repo_url): a
	 * repository path becomes <repo_url>/blob/<repo_branch>/<path>; NULL: not known */
	const char *repo_url;
	const char *repo_branch;
} td_config;

/* One id of the shared task/phase/workstream namespace. */
typedef struct td_node_ref {
	td_node_kind kind;
	void *ptr; /* td_task, td_phase, td_workstream or td_external */
} td_node_ref;

typedef struct td_plan {
	td_arena *arena;
	td_config config;
	const char *project_file;
	const char *name;
	const char *title;
	const char *summary;
	double hours_per_day;
	double days_per_week;
	td_workstream **workstreams; /* by order, then file name */
	size_t nworkstreams;
	td_phase **phases; /* plan order */
	size_t nphases;
	td_task **tasks; /* natural id order once td_plan_finish ran */
	size_t ntasks;
	td_external **externals; /* natural id order once td_plan_finish ran */
	size_t nexternals;
	td_sprint *sprints;
	size_t nsprints;
	td_risk *risks;
	size_t nrisks;
	td_section *sections;
	size_t nsections;
	td_date as_of;  /* TD_DATE_NONE when unknown */
	td_date target; /* project.yaml target: the day the plan should be done; TD_DATE_NONE: none */
	struct td_idmap *ids;
	struct td_evidence *evidence; /* model/evidence.h; NULL until loaded (= none) */
	/* ids that files which failed to parse seem to define (a lenient scan of
	 * their text): references to them are consequences, not mistakes */
	const char **unparsed_ids;
	size_t nunparsed_ids, unparsed_cap;
	bool unread_file; /* a plan file could not be read at all: any id may be one of its */
	/* how the loader read the plan's files (TASKDOC_PROFILE): documents
	 * parsed ahead on two processes and taken, and the files the second
	 * process looked at (those the cache held included) */
	size_t parsed_ahead, parsed_second;
} td_plan;

td_plan *td_plan_new(void);
void td_plan_free(td_plan *p); /* accepts NULL */

/* Adds id to the shared namespace. Returns NULL on success, else the
 * location of the earlier definition. */
const td_loc *td_plan_add_id(td_plan *p, const char *id, td_loc loc, td_node_kind kind, void *ptr);
/* Makes room for n more ids, so that adding them never rehashes. */
void td_plan_reserve_ids(td_plan *p, size_t n);
/* Records id (copied into the arena) as defined by a file that did not parse. */
void td_plan_add_unparsed_id(td_plan *p, const char *id, size_t len);
/* Whether a file that did not parse seems to define id (any id, when a
 * file could not be read at all). */
bool td_plan_unparsed_id(const td_plan *p, const char *id);
/* Looks an id up; returns false if unknown. */
bool td_plan_lookup(const td_plan *p, const char *id, td_node_ref *out);
/* Sorts tasks naturally, numbers everything; call once after loading. */
void td_plan_finish(td_plan *p);

/* The words of each enum, NULL-terminated, for the loader's messages and
 * the JSON Schema (load/plan_keys.c). td_status_aliases are the other
 * words td_status_parse accepts; td_level_names' last is "critical",
 * which only impact accepts. */
extern const char *const td_status_names[TD_STATUS_COUNT + 1];
extern const char *const td_status_aliases[];
extern const char *const td_priority_names[];
extern const char *const td_level_names[];
extern const char *const td_risk_status_names[];
extern const char *const td_ext_status_names[TD_EXT_COUNT + 1];
extern const char *const td_ext_status_aliases[];
extern const char *const td_link_style_names[];

const char *td_status_name(td_status s);
/* Accepts names and aliases (SCHEMA 3.1) in any case, ' ' or '_' for '-'
 * ("In Progress", "Completed"); -1 when unknown. */
int td_status_parse(const char *s);
const char *td_priority_name(td_priority p);
/* critical, high, medium, low, or P0..P3 (P0 = critical), in any case. */
int td_priority_parse(const char *s);
const char *td_level_name(td_level l);
int td_level_parse(const char *s, bool allow_critical);
const char *td_risk_status_name(td_risk_status s);
int td_risk_status_parse(const char *s);
/* For a word the parser above rejected: the closest name or alias (a
 * static string), or NULL when none is close. */
const char *td_status_suggest(const char *s);
const char *td_priority_suggest(const char *s);
const char *td_level_suggest(const char *s, bool allow_critical);
const char *td_risk_status_suggest(const char *s);
const char *td_ext_status_name(td_ext_status s);
/* expected, at-risk, late, arrived, or an alias (td_ext_status_aliases), in
 * any case; -1 when unknown. */
int td_ext_status_parse(const char *s);
const char *td_ext_status_suggest(const char *s);
const char *td_node_kind_name(td_node_kind k);

enum { TD_ESTIMATE_BAD = -1, TD_ESTIMATE_REVERSED = -2, TD_ESTIMATE_ZERO = -3 };
/* Parses an estimate ("4h", "2-3d", "0.5h", "10w", and as pages print or
 * people type them: "4 hrs", "2-3 days", "~10 weeks", "30 min", "1 w");
 * 0, or TD_ESTIMATE_BAD
 * (not of that form), TD_ESTIMATE_REVERSED (max < min), TD_ESTIMATE_ZERO. */
int td_estimate_parse(const char *s, double hours_per_day, double days_per_week, td_estimate *out);

#endif
