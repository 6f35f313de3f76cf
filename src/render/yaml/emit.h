/*
 * emit.h - the plan as taskdoc's own YAML input (docs/schema.md),
 * written with libyaml's emitter: the output format of `taskdoc import`.
 * Renders into memory; site/ writes the files.
 */
#ifndef TD_YAML_EMIT_H
#define TD_YAML_EMIT_H

#include "model/model.h"
#include "render/outset.h"

/*
 * Adds the plan to out as one file per workstream plus project.yaml, in
 * that order (project.yaml first). Keys in the order of docs/schema.md, so
 * the same plan gives the same bytes; a comment names the page and line
 * each workstream and phase comes from (their loc). Returns 0, or -1 when
 * libyaml failed (nothing added).
 */
int td_yaml_emit_plan(td_outset *out, const td_plan *plan);

#endif
