/*
 * evidence_git.c - when a result file was committed (libgit2): hyperfine
 * writes no date, so its run_at is the date of the last commit that
 * changed the file (SCHEMA 4.3).
 */
#include "load/evidence.h"
#include "load/history.h"

#include "load/gitlib.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The blob id of rel in commit c; false when c does not hold it. */
static bool blob_at(git_commit *c, const char *rel, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	bool ok = false;
	if (git_commit_tree(&tree, c) != 0)
		goto out;
	if (git_tree_entry_bypath(&e, tree, rel) != 0)
		goto out;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		goto out;
	git_oid_cpy(out, git_tree_entry_id(e));
	ok = true;
out:
	git_tree_entry_free(e);
	git_tree_free(tree);
	return ok;
}

/* Whether val is what the cache keeps for a file: "none", or "SECONDS OFFSET". */
static bool cached_date(const td_buf *val, td_timestamp *out, int *rc)
{
	long long t;
	int off, n = -1;
	if (val->len == 4 && !memcmp(val->ptr, "none", 4)) {
		*rc = -1;
		return true;
	}
	if (val->len < 64 && sscanf(td_buf_cstr((td_buf *)val), "%lld %d%n", &t, &off, &n) == 2 && n >= 0 &&
	    (size_t)n == val->len && td_timestamp_from_epoch(out, (int64_t)t, off) == 0) {
		*rc = 0;
		return true;
	}
	memset(out, 0, sizeof *out);
	out->date = TD_DATE_NONE;
	return false;
}

int td_evidence_git_date(const char *path, const char *text, size_t len, const td_kv *cache, td_timestamp *out)
{
	git_repository *repo = NULL;
	git_commit *c = NULL, *parent = NULL;
	char *abs = NULL, *work = NULL;
	int rc = -1;
	bool known = false; /* the answer is the repository's, not a failure to read it */
	memset(out, 0, sizeof *out);
	out->date = TD_DATE_NONE;
	/* the answer is kept in the cache under HEAD, the file and its bytes */
	td_gitref ref;
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	abs = realpath(path, NULL);
	bool keyed = abs && cache && td_gitref_head(&ref, abs);
	if (keyed) {
		char sum[65];
		td_sha256_hex(sum, text ? text : "", len);
		td_buf_puts(&key, "taskdoc file date 1\n");
		td_gitref_key(&key, &ref);
		td_buf_printf(&key, "file %s\nsha256 %s\n", abs, sum);
		if (cache->get(cache->ud, "git", &key, &val) && cached_date(&val, out, &rc)) {
			td_gitref_free(&ref); /* and libgit2 not even loaded */
			td_buf_free(&key);
			td_buf_free(&val);
			free(abs);
			return rc;
		}
	}
	if (!abs || !td_git_start()) {
		free(abs);
		if (keyed)
			td_gitref_free(&ref);
		td_buf_free(&key);
		return -1;
	}
	if (td_git_open(&repo, abs) != 0 || git_repository_is_bare(repo))
		goto out;
	work = realpath(git_repository_workdir(repo), NULL);
	if (!work)
		goto out;
	size_t wl = strlen(work);
	if (strncmp(abs, work, wl) != 0 || abs[wl] != '/')
		goto out;
	const char *rel = abs + wl + 1;

	git_oid head_id, blob, working, prev;
	if (git_reference_name_to_id(&head_id, repo, "HEAD") != 0 ||
	    git_commit_lookup(&c, repo, &head_id) != 0)
		goto out;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, &head_id);
	if (keyed && !td_gitref_same(&ref, git_repository_path(repo), hex)) {
		td_gitref_free(&ref);
		keyed = false; /* not the repository gitref read: nothing to keep */
	}
	known = true;
	if (!blob_at(c, rel, &blob))
		goto out; /* not committed */
	/* a working copy that differs from HEAD was not run at any commit's date */
	if (git_repository_hashfile(&working, repo, abs, GIT_OBJECT_BLOB, NULL) != 0) {
		known = false;
		goto out;
	}
	if (!git_oid_equal(&working, &blob))
		goto out;
	bool shallow = git_repository_is_shallow(repo) == 1;
	for (;;) {
		if (git_commit_parentcount(c) == 0) {
			if (shallow)
				goto out; /* the graft's date is not when the file changed */
			break;
		}
		if (git_commit_parent(&parent, c, 0) != 0) {
			known = false;
			goto out;
		}
		if (!blob_at(parent, rel, &prev) || !git_oid_equal(&prev, &blob))
			break;
		git_commit_free(c);
		c = parent;
		parent = NULL;
	}
	if (td_timestamp_from_epoch(out, (int64_t)git_commit_time(c), git_commit_time_offset(c)) == 0)
		rc = 0;
	else
		known = false;
	if (rc == 0) {
		td_buf_clear(&val);
		td_buf_printf(&val, "%lld %d", (long long)git_commit_time(c), git_commit_time_offset(c));
	}
out:
	if (keyed && known) {
		if (rc != 0) {
			td_buf_clear(&val);
			td_buf_puts(&val, "none");
		}
		cache->put(cache->ud, "git", &key, &val);
	}
	if (keyed)
		td_gitref_free(&ref);
	td_buf_free(&key);
	td_buf_free(&val);
	git_commit_free(parent);
	git_commit_free(c);
	free(work);
	free(abs);
	return rc;
}
