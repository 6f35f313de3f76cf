/* history_git.c - what the repository holding the content knows (libgit2). */
#include "load/history.h"

#include <git2.h>
#include <string.h>

int td_history_head_date(const char *content_dir, td_date *out, bool *shallow)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	int rc = -1;
	*shallow = false;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, content_dir, 0, NULL) != 0)
		goto out;
	if (git_revparse_single(&obj, repo, "HEAD^{commit}") != 0)
		goto out;
	const git_commit *c = (const git_commit *)obj;
	*shallow = git_repository_is_shallow(repo) == 1;
	*out = td_date_from_epoch((int64_t)git_commit_time(c), git_commit_time_offset(c));
	rc = 0;
out:
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
