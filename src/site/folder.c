/* folder.c - a new folder written whole through a temporary sibling. */
#include "site/folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int td_folder_is_empty(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 1 : -1;
	if (!S_ISDIR(st.st_mode))
		return -1;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Removes path and, for a folder, what it holds (symbolic links are removed, not followed). */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				td_buf p = TD_BUF_INIT;
				td_buf_printf(&p, "%s/%s", path, e->d_name);
				remove_tree(td_buf_cstr(&p));
				td_buf_free(&p);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static bool valid_name(const char *n)
{
	if (!*n || *n == '/' || strchr(n, '\\'))
		return false;
	for (const char *p = n; *p;) {
		const char *s = strchr(p, '/');
		size_t l = s ? (size_t)(s - p) : strlen(p);
		if (l == 0 || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p = s ? s + 1 : p + l;
	}
	return true;
}

static int write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	return close(fd);
}

/* mkdir -p for the folders of rel below root. */
static int make_parents(const char *root, const char *rel)
{
	td_buf p = TD_BUF_INIT;
	int rc = 0;
	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		td_buf_clear(&p);
		td_buf_printf(&p, "%s/%.*s", root, (int)(s - rel), rel);
		if (mkdir(td_buf_cstr(&p), 0777) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
	}
	td_buf_free(&p);
	return rc;
}

int td_folder_write(const char *dir, const td_outset *files, bool replace, td_diags *diags)
{
	int rc = -1;
	td_buf tmp = TD_BUF_INIT, p = TD_BUF_INIT, q = TD_BUF_INIT;
	size_t n = files->len;
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (!dl || (dl == 1 && dir[0] == '.') || (dl == 1 && dir[0] == '/')) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "not a folder to write into (give a sub-folder)");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!valid_name(files->items[i].path)) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){files->items[i].path, 0, 0}, "not a name inside the output folder");
			return -1;
		}
	int empty = td_folder_is_empty(dir);
	if (empty < 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "exists and is not a folder");
		return -1;
	}
	if (!empty && !replace) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0},
		            "the output folder is not empty (--force replaces its project.yaml and workstreams/)");
		return -1;
	}
	/* the sibling: "content" -> ".content.import-PID" next to it */
	const char *slash = NULL;
	for (size_t i = 0; i < dl; i++)
		if (dir[i] == '/')
			slash = dir + i;
	if (slash)
		td_buf_printf(&tmp, "%.*s/.%.*s.import-%ld", (int)(slash - dir), dir, (int)(dl - (size_t)(slash - dir) - 1),
		              slash + 1, (long)getpid());
	else
		td_buf_printf(&tmp, ".%.*s.import-%ld", (int)dl, dir, (long)getpid());
	const char *t = td_buf_cstr(&tmp);
	if (slash) { /* the folder's parents, as mkdir -p makes them */
		td_buf par = TD_BUF_INIT;
		td_buf_printf(&par, "%.*s/", (int)(slash - dir), dir);
		int prc = 0;
		for (char *s2 = strchr(par.ptr + 1, '/'); s2; s2 = strchr(s2 + 1, '/')) {
			*s2 = '\0';
			if (mkdir(par.ptr, 0777) != 0 && errno != EEXIST)
				prc = -1;
			*s2 = '/';
		}
		td_buf_free(&par);
		if (prc) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot create its parent folders: %s",
			            strerror(errno));
			goto out;
		}
	}
	remove_tree(t);
	if (mkdir(t, 0777) != 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){t, 0, 0}, "cannot create the temporary folder: %s",
		            strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		td_buf_clear(&p);
		td_buf_printf(&p, "%s/%s", t, files->items[i].path);
		if (make_parents(t, files->items[i].path) != 0 || write_file(td_buf_cstr(&p), files->items[i].data, files->items[i].len) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){td_buf_cstr(&p), 0, 0}, "cannot write: %s", strerror(errno));
			goto out;
		}
	}
	if (empty) {
		rmdir(dir); /* an empty folder: rename replaces nothing else */
		if (rename(t, dir) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot rename the new folder into place: %s",
			            strerror(errno));
			goto out;
		}
		rc = 0;
		goto out;
	}
	/* replace: each top-level entry of the new set by one rename */
	DIR *d = opendir(t);
	struct dirent *e;
	rc = 0;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strncmp(e->d_name, "old-", 4))
			continue; /* old-*: what was replaced, removed with the temporary folder */
		td_buf_clear(&p);
		td_buf_printf(&p, "%s/%s", t, e->d_name);
		td_buf_clear(&q);
		td_buf_printf(&q, "%.*s/%s", (int)dl, dir, e->d_name);
		struct stat st;
		td_buf old = TD_BUF_INIT;
		td_buf_printf(&old, "%s/old-%s", t, e->d_name);
		bool had = lstat(td_buf_cstr(&q), &st) == 0;
		if (had && S_ISDIR(st.st_mode) && rename(td_buf_cstr(&q), td_buf_cstr(&old)) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){td_buf_cstr(&q), 0, 0}, "cannot move the old one aside: %s",
			            strerror(errno));
			rc = -1;
		} else if (rename(td_buf_cstr(&p), td_buf_cstr(&q)) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){td_buf_cstr(&q), 0, 0}, "cannot rename into place: %s",
			            strerror(errno));
			rc = -1;
		}
		td_buf_free(&old);
		if (rc)
			break;
		rewinddir(d); /* the folder changed under readdir */
	}
	if (d)
		closedir(d);
out:
	if (tmp.len)
		remove_tree(td_buf_cstr(&tmp));
	td_buf_free(&tmp);
	td_buf_free(&p);
	td_buf_free(&q);
	return rc;
}
