/* history.h - git history of the content (libgit2). */
#ifndef TD_HISTORY_H
#define TD_HISTORY_H

#include "core/core.h"
#include "model/history.h"

/* Starts libgit2 the first time it is called; later calls do nothing. It
 * stays started until the process exits: starting it parses the system's
 * CA bundle, once per process rather than once per use. */
void td_git_start(void);

/* The repository holding path (as git_repository_open_ext finds it),
 * opened once per run and shared: the caller must not free it. 0, or
 * libgit2's error. td_git_forget closes every one (td_run_free). */
struct git_repository;
int td_git_open(struct git_repository **out, const char *path);
void td_git_forget(void);

/* The date of HEAD's commit in the repository holding content_dir, in the
 * commit's own time zone. Returns 0, or -1 when there is no repository or
 * no commit. *shallow tells whether the clone is shallow. */
int td_history_head_date(const char *content_dir, td_date *out, bool *shallow);

/* The date of the commit rev names (as td_history_head_date does for HEAD).
 * Returns 0, or -1 when there is no repository or rev names no commit. */
int td_history_rev_date(const char *content_dir, const char *rev, td_date *out);

/* Called now and then during a walk: what (a short word), how far; what
 * is NULL once at the end. */
typedef void (*td_hist_progress_fn)(void *ud, const char *what, size_t done, size_t total);

/*
 * Walks the first-parent history of rev (NULL: HEAD) in the repository
 * holding cfg->content and returns it in *out (free with td_hist_log_free),
 * oldest commit first. For each commit whose content folder changed, every
 * workstream file (content/workstreams/ *.yaml, *.yml, and content/archive/'s,
 * named "archive/NAME" in the commit's list) is read as a light
 * snapshot, and project.yaml by the full loader; identical blobs are read
 * once, or taken from cache (NULL: none; the "snapshots" part, by blob id
 * and path) where an earlier walk parsed it. A file that does not load keeps
 * its error in the snapshot (the replay skips that commit).
 * When there is no history to read (history: false, no repository, no
 * commit, content not committed) *out says why in status and reason and 0
 * is returned: that is not an error. Returns -1 with an error diagnostic
 * only when rev was given and names no commit. progress may be NULL.
 */
int td_history_read(td_hist_log **out, const td_config *cfg, const char *rev, const td_kv *cache,
                    td_hist_progress_fn progress, void *ud, td_diags *diags);

/*
 * Parses one workstream file's text into out: a fast reader for plain block
 * YAML, else the full loader (also for the error message when the file does
 * not load). Strings are interned in strs; arrays and the message live in
 * arena. *slow (may be NULL) tells whether the full loader was used.
 */
void td_snap_parse(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text, size_t len,
                   bool *slow);
/* Reads one version of project.yaml through the full loader into out: a
 * plan with only project.yaml's fields (owned by log), or the error. */
void td_hist_project_parse(td_hist_project *out, td_hist_log *log, const char *file, const char *text,
                           size_t len);
/* Sorts s's tasks ascending by id index, as a snapshot keeps them. */
void td_snap_sort_tasks(td_snap *s);
/* A snapshot as bytes for the build cache (history_cache.c): with the
 * strings its parse interned, trace[0..ntrace) as strs->trace recorded
 * them, so that reading it back leaves the table as the parse did. false
 * (out empty) when a snapshot index is not in the trace. */
bool td_snap_encode(td_buf *out, const td_snap *s, const td_strtab *strs, const uint32_t *trace, size_t ntrace);
/* Reads data[0..len) back into out, interning its strings into strs in
 * the parse's order; arrays in arena. false, with nothing interned, when
 * the bytes are not exactly one encoding. */
bool td_snap_decode(td_snap *out, td_strtab *strs, td_arena *arena, const char *data, size_t len);
/* The same through the full loader only: the reference the fast reader is
 * tested against (tests/unit/check_history_snap.c). */
void td_snap_parse_full(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text,
                        size_t len);

#endif
