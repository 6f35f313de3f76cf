/*
 * evidence.h - reads content/evidence/ ** / *.json (jansson) into the
 * plan's evidence (model/evidence.h). The shape of a file is recognised
 * by its content: taskdoc validation or benchmark results, fio
 * --output-format=json, hyperfine --export-json. docs/evidence.md has the
 * rules; every problem is a diagnostic naming the file and the line and
 * column (JSON syntax) or the JSON path (`results[0].value`).
 */
#ifndef TD_LOAD_EVIDENCE_H
#define TD_LOAD_EVIDENCE_H

#include "model/evidence.h"
#include "model/model.h"

/* Loads every *.json below <plan->config.content>/evidence (sorted, dot
 * files skipped; a missing folder is no evidence) into plan->evidence,
 * which lives in the plan's arena. hyperfine runs get their run_at from
 * git (td_evidence_git_date, kept in cache, may be NULL) when
 * plan->config.history is on.
 * Returns 0, or -1 after adding error diagnostics (every file is read, so
 * one run reports every broken file). */
int td_evidence_load(td_plan *plan, const td_kv *cache, td_diags *diags);

/* Parses one file's text; file names it in messages and in the run.
 * Returns the run (strings and all in arena), or NULL after adding error
 * diagnostics. A hyperfine run's run_at is left unknown. */
td_ev_run *td_evidence_parse_text(td_arena *arena, const char *file, const char *text, size_t len,
                                  td_diags *diags);

/* The date of the newest commit (first-parent history of HEAD) that
 * changed path, a file inside a git working tree, in the commit's own
 * offset. Returns 0, or -1 (out unknown) outside git, for a file that HEAD
 * does not hold or whose working copy differs from it, and in a shallow
 * clone when the change is older than the clone's history. text[0..len)
 * is the file's content: with it, the answer is kept in cache (NULL: none;
 * the "git" part) under HEAD's commit, the file and its bytes. */
int td_evidence_git_date(const char *path, const char *text, size_t len, const td_kv *cache, td_timestamp *out);

#endif
