/* watch.c - files and folders watched with inotify (serve.h). */
#include "serve/serve.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A watched folder: all of it (tree), or only the names in files. */
typedef struct wdir {
	int wd;
	char *path;
	bool tree;
	char **files;
	size_t nfiles;
} wdir;

struct td_watch {
	int fd;
	wdir *dirs;
	size_t ndirs, cap;
};

#define MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF)

td_watch *td_watch_new(void)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return NULL;
	td_watch *w = td_xcalloc(1, sizeof *w);
	w->fd = fd;
	return w;
}

static wdir *add_dir(td_watch *w, const char *dir)
{
	int wd = inotify_add_watch(w->fd, dir, MASK | IN_ONLYDIR);
	if (wd < 0)
		return NULL;
	for (size_t i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	td_grow((void **)&w->dirs, &w->cap, w->ndirs + 1, sizeof *w->dirs);
	wdir *d = &w->dirs[w->ndirs++];
	*d = (wdir){wd, td_xstrdup(dir), false, NULL, 0};
	return d;
}

void td_watch_add_tree(td_watch *w, const char *dir)
{
	wdir *d = add_dir(w, dir);
	if (!d)
		return;
	d->tree = true;
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		struct stat st;
		snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			td_watch_add_tree(w, sub);
	}
	closedir(dh);
}

void td_watch_add_file(td_watch *w, const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		strcpy(dir, ".");
	wdir *d = add_dir(w, slash == path ? "/" : dir);
	if (!d)
		return;
	d->files = realloc(d->files, (d->nfiles + 1) * sizeof *d->files);
	if (!d->files)
		abort();
	d->files[d->nfiles++] = td_xstrdup(slash ? slash + 1 : path);
}

/* Whether one event is a change we care about (and keeps trees whole). */
static bool relevant(td_watch *w, const struct inotify_event *ev)
{
	for (size_t i = 0; i < w->ndirs; i++) {
		wdir *d = &w->dirs[i];
		if (d->wd != ev->wd)
			continue;
		if (d->tree) {
			if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && (ev->mask & IN_ISDIR) && ev->len) {
				char sub[PATH_MAX];
				snprintf(sub, sizeof sub, "%s/%s", d->path, ev->name);
				td_watch_add_tree(w, sub);
			}
			return true;
		}
		for (size_t k = 0; ev->len && k < d->nfiles; k++)
			if (!strcmp(d->files[k], ev->name))
				return true;
		return false;
	}
	return false;
}

/* Reads what is there; 1 if a relevant event was among it. */
static int drain(td_watch *w)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int hit = 0;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n < 0)
			return errno == EAGAIN ? hit : -1;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW || relevant(w, ev))
				hit = 1;
			p += sizeof *ev + ev->len;
		}
	}
}

int td_watch_wait(td_watch *w, int timeout_ms, int quiet_ms)
{
	struct pollfd pfd = {w->fd, POLLIN, 0};
	int r = poll(&pfd, 1, timeout_ms);
	if (r <= 0)
		return r < 0 && errno != EINTR ? -1 : 0;
	int hit = drain(w);
	if (hit <= 0)
		return hit;
	/* a burst of saves (an editor's temporary file and rename, a script) is one change */
	for (int rounds = 0; rounds < 50; rounds++) {
		if (poll(&pfd, 1, quiet_ms) <= 0)
			break;
		if (drain(w) < 0)
			return -1;
	}
	return 1;
}

void td_watch_free(td_watch *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->ndirs; i++) {
		free(w->dirs[i].path);
		for (size_t k = 0; k < w->dirs[i].nfiles; k++)
			free(w->dirs[i].files[k]);
		free(w->dirs[i].files);
	}
	free(w->dirs);
	close(w->fd);
	free(w);
}
