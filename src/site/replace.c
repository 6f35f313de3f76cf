/* replace.c - replaces a few files in place, each atomically (folder.h). */
#include "site/folder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ".NAME.taskdoc-tmp" beside path; free with free(). */
static char *tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	td_buf b = TD_BUF_INIT;
	td_buf_put(&b, path, dir);
	td_buf_printf(&b, ".%s.taskdoc-tmp", path + dir);
	return td_buf_detach(&b);
}

/* Creates path's folder when it is missing (one level). */
static int parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	char *dir = td_xmalloc((size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	int rc = mkdir(dir, 0777) == 0 || errno == EEXIST ? 0 : -1;
	free(dir);
	return rc;
}

static int write_tmp(const char *tmp, const td_outfile *f)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < f->len) {
		ssize_t w = write(fd, f->data + off, f->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

int td_files_replace(const td_outset *files, td_diags *diags)
{
	char **tmps = td_xcalloc(files->len ? files->len : 1, sizeof *tmps);
	int rc = 0;
	size_t i;
	for (i = 0; i < files->len; i++) {
		const td_outfile *f = &files->items[i];
		tmps[i] = tmp_name(f->path);
		if (parent_dir(f->path) != 0 || write_tmp(tmps[i], f) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){f->path, 0, 0}, "cannot write: %s (nothing was changed)",
			            strerror(errno));
			rc = -1;
			i++;
			goto out;
		}
	}
	for (size_t k = 0; k < files->len; k++)
		if (rename(tmps[k], files->items[k].path) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){files->items[k].path, 0, 0},
			            "cannot replace: %s (%zu of %zu files were replaced)", strerror(errno), k,
			            files->len);
			rc = -1;
			goto out;
		}
out:
	for (size_t k = 0; k < files->len; k++) {
		if (rc != 0 && tmps[k] && k < i)
			unlink(tmps[k]);
		free(tmps[k]);
	}
	free(tmps);
	return rc;
}
