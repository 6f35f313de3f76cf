/*
 * yaml_emit.h - the plan as taskdoc's own YAML input (docs/schema.md),
 * written with libyaml's emitter: the output format of `taskdoc import`.
 * Renders into memory; site/ writes the files.
 */
#ifndef TD_YAML_EMIT_H
#define TD_YAML_EMIT_H

#include "model/model.h"

typedef struct td_yaml_file {
	char *name; /* "project.yaml", "workstreams/hpc.yaml" */
	char *text; /* malloc'd, NUL-terminated */
	size_t len;
} td_yaml_file;

/*
 * Renders plan into one file per workstream plus project.yaml, in that
 * order (project.yaml first). Keys in the order of docs/schema.md, so the
 * same plan gives the same bytes; a comment names the page and line each
 * workstream and phase comes from (their loc). *out is malloc'd: free with
 * td_yaml_files_free. Returns 0, or -1 when libyaml failed (nothing out).
 */
int td_yaml_emit_plan(td_yaml_file **out, size_t *n, const td_plan *plan);
void td_yaml_files_free(td_yaml_file *files, size_t n);

#endif
