/* gitlib.c - libgit2 through dlopen (gitlib.h), and the repositories a
 * run opened (td_git_open, load/history.h). */
#define TD_GITLIB_IMPL
#include "load/gitlib.h"

#include "load/history.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct td_gitlib td_gitlib;

static char error[512];

const char *td_gitlib_error(void)
{
	return error;
}

/* The repositories this run opened, each kept for the run's other readers
 * (td_git_forget closes them): opening one reads three configuration files
 * and the pack indexes, and a handle keeps the objects it has read, so the
 * evidence dating walk and the history walk over the same commits read
 * them once. Found again by the git folder that path leads to. */
static struct {
	char *gitdir;
	git_repository *repo;
} opened[8];
static size_t nopened;

int td_git_open(git_repository **out, const char *path)
{
	git_buf dir = {0};
	if (td_gitlib.git_repository_discover(&dir, path, 0, NULL) == 0) {
		for (size_t i = 0; i < nopened; i++)
			if (!strcmp(opened[i].gitdir, dir.ptr)) {
				td_gitlib.git_buf_dispose(&dir);
				*out = opened[i].repo;
				return 0;
			}
	}
	td_gitlib.git_buf_dispose(&dir);
	int err = td_gitlib.git_repository_open_ext(out, path, 0, NULL);
	if (err)
		return err;
	if (nopened == TD_ARRAY_LEN(opened))
		td_git_forget(); /* many repositories: keep the latest */
	opened[nopened].gitdir = td_xstrdup(td_gitlib.git_repository_path(*out));
	opened[nopened++].repo = *out;
	return 0;
}

void td_git_forget(void)
{
	for (size_t i = 0; i < nopened; i++) {
		td_gitlib.git_repository_free(opened[i].repo);
		free(opened[i].gitdir);
	}
	nopened = 0;
}

static void git_stop(void)
{
	td_git_forget();
	td_gitlib.git_libgit2_shutdown();
}

bool td_git_start(void)
{
	static int state; /* 0 not tried, 1 started, -1 cannot load */
	if (state)
		return state > 0;
	state = -1;
	void *h = dlopen(TD_GIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(error, sizeof error, "%s cannot be loaded: %s; install the Debian package libgit2-%s",
		         TD_GIT2_SONAME, dlerror(), &TD_GIT2_SONAME[sizeof "libgit2.so"]);
		return false;
	}
	const char *missing = NULL;
#define X(name)                                                                                                    \
	if (!missing && !(*(void **)&td_gitlib.name = dlsym(h, #name)))                                            \
		missing = #name;
	TD_GIT_FUNCS(X)
#undef X
	if (missing) {
		snprintf(error, sizeof error, "%s has no %s (another libgit2 than taskdoc was built with)",
		         TD_GIT2_SONAME, missing);
		dlclose(h);
		return false;
	}
	state = 1;
	td_gitlib.git_libgit2_init();
	atexit(git_stop);
	return true;
}
