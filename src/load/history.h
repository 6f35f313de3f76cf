/* history.h - git history of the content (libgit2). */
#ifndef TD_HISTORY_H
#define TD_HISTORY_H

#include "core/core.h"
#include "model/history.h"

/* The repository holding path (as git_repository_open_ext finds it),
 * opened once per run and shared: the caller must not free it. 0, or
 * libgit2's error. td_git_forget closes every one (td_run_free). */
struct git_repository;
int td_git_open(struct git_repository **out, const char *path);
void td_git_forget(void);

/* HEAD of the git repository holding path, read from its .git folder
 * without libgit2 (gitref.c): the key of the git facts the build cache
 * keeps. Only the common layout is read (a .git folder; HEAD a commit, a
 * loose branch or a packed one); anything else is false, and the caller
 * asks libgit2. Free with td_gitref_free. */
typedef struct td_gitref {
	char *gitdir;     /* real path of the .git folder */
	char oid[65];     /* HEAD's commit id in hex */
	bool detached;    /* HEAD names a commit, not a branch */
	char shallow[65]; /* SHA-256 of .git/shallow, "" when the clone is whole */
} td_gitref;
bool td_gitref_head(td_gitref *out, const char *path);
void td_gitref_free(td_gitref *r); /* accepts NULL and a zeroed one */
/* Appends what a cache key needs of r: the user (libgit2 opens only the
 * repositories one owns), the git folder, HEAD and the grafts. */
void td_gitref_key(td_buf *key, const td_gitref *r);
/* Whether libgit2's git folder (as git_repository_path gives it) and the
 * commit it resolved HEAD to (hex) are r's: only then may a run store
 * what libgit2 told it under r's key. */
bool td_gitref_same(const td_gitref *r, const char *gitdir, const char *head);

/* The date of the commit rev names (NULL: HEAD) in the repository holding
 * content_dir, in the commit's own time zone. Returns 0, or -1 when there
 * is no repository or rev names no commit. HEAD's date is kept in cache
 * (NULL: none; the "git" part, by td_gitref_key). */
int td_history_rev_date(const char *content_dir, const char *rev, const td_kv *cache, td_date *out);

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
/* The whole log as bytes for the build cache (history_cache.c): only a
 * log of status OK or UNTRACKED whose projects were read with a cache
 * (their text kept) can be; false (out empty) for any other. */
bool td_hist_log_encode(td_buf *out, const td_hist_log *log);
/* A new log from data[0..len) (free with td_hist_log_free), equal to the
 * one encoded, with the same string indices; NULL when the bytes are not
 * exactly one encoding. */
td_hist_log *td_hist_log_decode(const char *data, size_t len);
/* The same through the full loader only: the reference the fast reader is
 * tested against (tests/unit/check_history_snap.c). */
void td_snap_parse_full(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text,
                        size_t len);

#endif
