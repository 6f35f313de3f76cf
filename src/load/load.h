/*
 * load.h - reads taskdoc.yaml and the plan's YAML into the model.
 * Every problem becomes a diagnostic with file, line and column; loading
 * goes on past errors so that one run reports all of them.
 */
#ifndef TD_LOAD_H
#define TD_LOAD_H

#include <jansson.h>

#include "model/model.h"

/* Fills cfg with defaults, then with path's settings. path may be NULL
 * (use "taskdoc.yaml" when it exists) and explicit (then it must exist).
 * Strings live in arena. Returns 0, or -1 after adding diagnostics. */
int td_config_load(td_config *cfg, td_arena *arena, const char *path, bool explicit_path, td_diags *diags);
/* td_config_load, and with allow_outside output folders may lie outside
 * the project (the folder of taskdoc.yaml; --allow-outside). Output folders
 * that are, hold or lie in one another, the plan folder or the project are
 * refused either way (docs/output.md). */
int td_config_load_opts(td_config *cfg, td_arena *arena, const char *path, bool explicit_path,
                        bool allow_outside, td_diags *diags);

/* Loads content/project.yaml, content/workstreams/ *.yaml and (when the
 * folder exists) content/archive/ *.yaml (per cfg) into plan.
 * Returns 0 when no error was found, -1 otherwise (diagnostics added). */
int td_plan_load(td_plan *plan, td_diags *diags);
/* td_plan_load with the workstream and archive files' parsed documents
 * kept in cache (NULL: none; docs/output.md "The build cache"), and with
 * processes 2 the files of a big plan parsed on two processes
 * (td_processes()). */
int td_plan_load_cached(td_plan *plan, const td_kv *cache, int processes, td_diags *diags);

/* Parses one file's text, as read from disk or from a git blob. */
int td_plan_load_project_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags);
int td_plan_load_workstream_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags);
/* A file of content/archive/: a workstream file whose phases are archived.
 * They join the workstream of the same id when one was loaded before (its
 * other keys are then not used); else the file makes that workstream. */
int td_plan_load_archive_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags);
/* Orders workstreams and tasks once every file is in (see td_plan_finish). */
void td_plan_load_finish(td_plan *plan);

/* Reads every file of dir (NULL: none) as a template override. Strings
 * live in arena; free the list with td_templates_free. Returns 0 or -1. */
int td_templates_load(td_tmpl_set *out, td_arena *arena, const char *dir, td_diags *diags);
void td_templates_free(td_tmpl_set *set);

/* The JSON Schema (draft 2020-12) of one kind of input file, "project",
 * "workstream", "config" or "evidence" (td_schema_names), generated from
 * the loader's key tables. Returns a new reference, or NULL for an unknown
 * name. */
json_t *td_schema_build(const char *which);
extern const char *const td_schema_names[];

#endif
