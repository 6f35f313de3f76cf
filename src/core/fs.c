/* fs.c - the file system, for loaders: a folder's entries, sorted, so that
 * files are read in a stable order, and a whole file read into memory. */
#define _GNU_SOURCE /* renameat2 */
#include "core/core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool td_has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

int td_dir_names(const char *dir, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		td_grow((void **)out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = td_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, cmp_name);
	return 0;
}

void td_dir_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int td_make_dirs(const char *dir)
{
	td_buf p = TD_BUF_INIT;
	td_buf_puts(&p, dir);
	char *s = (char *)td_buf_cstr(&p);
	int rc = 0;
	for (char *c = s + 1; *c && rc == 0; c++) {
		if (*c != '/')
			continue;
		*c = 0;
		if (mkdir(s, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*c = '/';
	}
	if (rc == 0 && mkdir(s, 0777) != 0 && errno != EEXIST)
		rc = -1;
	td_buf_free(&p);
	return rc;
}

/* Where a regular file is in the way, tmp and it exchange places
 * (renameat2 RENAME_EXCHANGE, as atomic for a reader as a rename) and
 * the old bytes, now under tmp, are unlinked: ext4 writes a file renamed
 * over another out at once (its auto_da_alloc guard for programs that do
 * not fsync), which made replacing a 3 MB page cost 3.5 ms against 0.8 ms
 * (docs/output.md). Anything else, or an exchange the file system does
 * not do: a plain rename. */
int td_replace_at(int dirfd, const char *tmp, const char *name)
{
	struct stat st;
#ifdef RENAME_EXCHANGE
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) == 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return 0;
	}
#else
	(void)st;
#endif
	return renameat(dirfd, tmp, dirfd, name);
}

int td_file_put(const char *dir, const char *name, const char *head, size_t hlen, const char *data, size_t len)
{
	if (td_make_dirs(dir) != 0)
		return -1;
	td_buf path = TD_BUF_INIT, tmp = TD_BUF_INIT;
	td_buf_printf(&path, "%s/%s", dir, name);
	td_buf_printf(&tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	int rc = -1;
	FILE *f = fopen(td_buf_cstr(&tmp), "wb");
	if (f) {
		bool ok = fwrite(head ? head : "", 1, hlen, f) == hlen && fwrite(data ? data : "", 1, len, f) == len;
		if (fclose(f) == 0 && ok &&
		    td_replace_at(AT_FDCWD, td_buf_cstr(&tmp), td_buf_cstr(&path)) == 0)
			rc = 0;
		else
			remove(td_buf_cstr(&tmp));
	}
	td_buf_free(&path);
	td_buf_free(&tmp);
	return rc;
}

int td_file_read(const char *path, char **out, size_t *len)
{
	return td_file_read_max(path, SIZE_MAX, out, len);
}

int td_file_read_max(const char *path, size_t max, char **out, size_t *len)
{
	/* stat before reading: a named pipe would block, a device never end */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = err;
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		if (len)
			*len = (size_t)st.st_size;
		errno = EFBIG;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	/* straight into a buffer of the file's size (and a byte more, to see
	 * whether it grew), not through stdio and a doubling buffer: the cache
	 * reads megabytes of pages per build */
	td_buf b = TD_BUF_INIT;
	td_grow((void **)&b.ptr, &b.cap, (size_t)st.st_size + 2, 1);
	for (;;) {
		if (b.len + 1 >= b.cap)
			td_grow((void **)&b.ptr, &b.cap, b.cap + 65536, 1);
		ssize_t r = read(fd, b.ptr + b.len, b.cap - 1 - b.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			td_buf_free(&b);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		if (b.len > max) { /* it grew while read */
			close(fd);
			if (len)
				*len = b.len;
			td_buf_free(&b);
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	b.ptr[b.len] = '\0'; /* read() wrote past what td_buf keeps terminated */
	if (len)
		*len = b.len;
	*out = td_buf_detach(&b);
	return 0;
}
