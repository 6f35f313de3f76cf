/*
 * evidence_git.c - when a result file was committed (libgit2): hyperfine
 * writes no date, so its run_at is the date of the last commit that
 * changed the file (SCHEMA 4.3).
 */
#include "load/evidence.h"
#include "load/history.h"

#include <git2.h>
#include <limits.h>
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

int td_evidence_git_date(const char *path, td_timestamp *out)
{
	git_repository *repo = NULL;
	git_commit *c = NULL, *parent = NULL;
	char *abs = NULL, *work = NULL;
	int rc = -1;
	memset(out, 0, sizeof *out);
	out->date = TD_DATE_NONE;
	td_git_start();
	abs = realpath(path, NULL);
	if (!abs)
		goto out;
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
	if (!blob_at(c, rel, &blob))
		goto out; /* not committed */
	/* a working copy that differs from HEAD was not run at any commit's date */
	if (git_repository_hashfile(&working, repo, abs, GIT_OBJECT_BLOB, NULL) != 0 ||
	    !git_oid_equal(&working, &blob))
		goto out;
	bool shallow = git_repository_is_shallow(repo) == 1;
	for (;;) {
		if (git_commit_parentcount(c) == 0) {
			if (shallow)
				goto out; /* the graft's date is not when the file changed */
			break;
		}
		if (git_commit_parent(&parent, c, 0) != 0)
			goto out;
		if (!blob_at(parent, rel, &prev) || !git_oid_equal(&prev, &blob))
			break;
		git_commit_free(c);
		c = parent;
		parent = NULL;
	}
	if (td_timestamp_from_epoch(out, (int64_t)git_commit_time(c), git_commit_time_offset(c)) == 0)
		rc = 0;
out:
	git_commit_free(parent);
	git_commit_free(c);
	free(work);
	free(abs);
	return rc;
}
