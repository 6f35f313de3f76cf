/*
 * cmd.h - subcommands. Each is a thin driver over the stages and returns
 * the process exit status: 0 ok, 1 findings or failure, 2 usage error.
 */
#ifndef TD_CMD_H
#define TD_CMD_H

#include "analyze/analyze.h"
#include "model/model.h"

enum { TD_EXIT_OK = 0, TD_EXIT_FAIL = 1, TD_EXIT_USAGE = 2 };

typedef struct td_global {
	const char *config_path; /* --config */
	const char *as_of;       /* --as-of */
	const char *rev;         /* --rev: walk this commit's history, not HEAD's */
	bool no_history;         /* the command needs no git history (check) */
	bool no_week_plans;      /* the command shows no weekly report: past weeks' plans are not rebuilt */
	bool allow_outside;      /* --allow-outside: output folders may lie outside the project */
	bool color;
	bool cache_write; /* build: the run may write into the cache folder (others only read it) */
} td_global;

/* A loaded and analysed plan, shared by the subcommands. */
typedef struct td_run {
	td_plan *plan;
	td_analysis *analysis;
	td_diags diags;
	bool load_failed;    /* an error kept the plan from loading completely */
	struct td_filecache *cache; /* the cache folder (written only with cache_write), or NULL */
} td_run;

/* Loads config and plan, settles the as-of date, analyses. Always fills
 * run (free with td_run_free); diagnostics are in run->diags, sorted. */
void td_run_load(td_run *run, const td_global *g);
void td_run_free(td_run *run);
/* Whether td_run_print_diags colours "error" and "warning" (main decides). */
void td_color_set(bool on);
/* Prints diagnostics as "file:line:col: severity: message" to stderr. */
void td_run_print_diags(const td_diags *d);
/* Prints "taskdoc: message" to stderr. */
void td_usage_error(const char *fmt, ...) TD_PRINTF(1, 2);
/* Options of a command whose only option is --help: prints usage and
 * returns the exit status when there is an option (TD_EXIT_OK for --help,
 * TD_EXIT_USAGE else), or -1 to go on with the arguments from optind. */
int td_cmd_options_help_only(int argc, char **argv, const char *usage);

/* TASKDOC_PROFILE=1 (set and not "0"): stage timings on stderr. */
typedef struct td_prof {
	bool on;
	double start, last;
	double user, sys; /* processor seconds at the last mark */
} td_prof;
void td_prof_start(td_prof *p);
/* "taskdoc: profile: STAGE  S s": the time since the last mark. */
void td_prof_mark(td_prof *p, const char *stage);
/* An indented line with a part of the last stage measured elsewhere. */
void td_prof_note(td_prof *p, const char *stage, double secs);
void td_prof_total(td_prof *p);
/* An indented line with a size in MB. */
void td_prof_note_mb(td_prof *p, const char *what, double mb);
/* A line on the HTML pages: how many were rendered, by the second process, from the cache, and the
 * HTML files taken whole. */
struct td_html_stats;
void td_prof_pages(td_prof *p, const struct td_html_stats *s);
/* The plan's files parsed ahead on two processes, and of those by the second. */
void td_prof_files(td_prof *p, size_t ahead, size_t second);
/* The Markdown pages kept from the build before, of all. */
void td_prof_kept(td_prof *p, size_t kept, size_t pages);

int td_cmd_check(int argc, char **argv, const td_global *g);
int td_cmd_export(int argc, char **argv, const td_global *g);
int td_cmd_build(int argc, char **argv, const td_global *g);
/* One build (or, with check, one --check) as `taskdoc build` runs it:
 * diagnostics go to stderr, and the errors also to diag_text (may be
 * NULL). Returns the exit status. */
int td_build_run(const td_global *g, bool quiet, bool check, td_buf *diag_text);
int td_cmd_serve(int argc, char **argv, const td_global *g);
int td_cmd_graph(int argc, char **argv, const td_global *g);
int td_cmd_burndown(int argc, char **argv, const td_global *g);
int td_cmd_report(int argc, char **argv, const td_global *g);
int td_cmd_import(int argc, char **argv, const td_global *g);
int td_cmd_archive(int argc, char **argv, const td_global *g);
int td_cmd_schema(int argc, char **argv, const td_global *g);
int td_cmd_init(int argc, char **argv, const td_global *g);

#endif
