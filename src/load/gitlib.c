/* gitlib.c - libgit2 through dlopen (gitlib.h). */
#define TD_GITLIB_IMPL
#include "load/gitlib.h"

#include "load/history.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

struct td_gitlib td_gitlib;

static char error[512];

const char *td_gitlib_error(void)
{
	return error;
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
		snprintf(error, sizeof error, "cannot load %s (Debian package libgit2-%s): %s", TD_GIT2_SONAME,
		         &TD_GIT2_SONAME[sizeof "libgit2.so"], dlerror());
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
