/*
 * output.c - writes an output set into a folder: only changed files, each
 * through a temporary sibling and rename(), stale generated files removed
 * by the manifest, never following a symbolic link below the folder (every
 * step goes through openat/mkdirat/renameat with O_NOFOLLOW).
 */
#include "site/site.h"
#include "site/written.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_DEPTH 64

/* ---- paths ---- */

/* NULL if path is a valid relative output path, else why not. */
static const char *path_problem(const char *path)
{
	if (!path || !*path)
		return "is empty";
	if (path[0] == '/')
		return "is absolute";
	if (strchr(path, '\\'))
		return "contains a backslash";
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "contains a control character";
	const char *c = path;
	for (;;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 0)
			return "has an empty component";
		if (n == 1 && c[0] == '.')
			return "has a '.' component";
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return "has a '..' component";
		if (c == path && n == strlen(TD_SITE_MANIFEST) && memcmp(c, TD_SITE_MANIFEST, n) == 0)
			return "is the name of taskdoc's manifest";
		if (!e)
			break;
		if (e - path >= MAX_DEPTH * 256)
			return "is too long";
		c = e + 1;
	}
	size_t depth = 1;
	for (const char *p = path; *p; p++)
		depth += *p == '/';
	if (depth > MAX_DEPTH)
		return "is nested too deep";
	return NULL;
}

/* True when dir names the current folder or the root ("", ".", "./.", "/"...). */
static bool dir_is_forbidden(const char *dir)
{
	const char *c = dir;
	for (;;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (!(n == 0 || (n == 1 && c[0] == '.')))
			break;
		if (!e)
			return true;
		c = e + 1;
	}
	struct stat d, cwd, root;
	if (stat(dir, &d) < 0)
		return false;
	if (stat(".", &cwd) == 0 && d.st_dev == cwd.st_dev && d.st_ino == cwd.st_ino)
		return true;
	return stat("/", &root) == 0 && d.st_dev == root.st_dev && d.st_ino == root.st_ino;
}

/* "dir/rel", without doubled slashes; caller frees. */
static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	td_buf b = TD_BUF_INIT;
	td_buf_put(&b, dir, n);
	if (n > 0 && dir[n - 1] != '/')
		td_buf_putc(&b, '/');
	td_buf_puts(&b, rel);
	return td_buf_detach(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp((*(const td_outfile *const *)a)->path, (*(const td_outfile *const *)b)->path);
}

static bool sorted_has(char **v, size_t n, const char *s)
{
	return n > 0 && bsearch(&s, v, n, sizeof(char *), cmp_str) != NULL;
}

/* True when some path in the sorted v lies below the folder prefix. */
static bool sorted_has_below(char **v, size_t n, const char *prefix)
{
	char *key = join(prefix, "");
	size_t klen = strlen(key), lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool found = lo < n && strncmp(v[lo], key, klen) == 0;
	free(key);
	return found;
}

static void io_error(td_diags *diags, const char *dir, const char *rel, const char *what, int err)
{
	char *full = join(dir, rel);
	td_loc loc = {full, 0, 0};
	td_diag_add(diags, TD_SEV_ERROR, loc, "%s: %s", what, strerror(err));
	free(full);
}

/* ---- low level, all relative to an open folder ---- */

static int read_all_fd(int fd, td_buf *b)
{
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		td_buf_put(b, chunk, (size_t)n);
	}
}

static int write_all_fd(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The components of a valid path: writes pointers into copy (a modified
 * strdup of path, caller frees) and returns their number. */
static size_t split(const char *path, char **copy, char *parts[MAX_DEPTH])
{
	*copy = td_xstrdup(path);
	size_t n = 0;
	char *c = *copy;
	for (;;) {
		parts[n++] = c;
		char *e = strchr(c, '/');
		if (!e)
			break;
		*e = '\0';
		c = e + 1;
	}
	return n;
}

static void close_dirs(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
}

/* Opens (creating if create) the folders of parts[0..n) below dfd without
 * following links; fds[i] is the folder parts[i]. Returns 0, or -1 with errno
 * and *failed = the index of the component that failed; already opened fds
 * are closed on failure. */
static int open_dirs(int dfd, char **parts, size_t n, bool create, int *fds, size_t *failed)
{
	int cur = dfd;
	for (size_t i = 0; i < n; i++) {
		int fd = -1;
		if (!create || mkdirat(cur, parts[i], 0777) == 0 || errno == EEXIST)
			fd = openat(cur, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			int err = errno;
			struct stat st;
			/* Linux says ENOTDIR for a link opened with O_DIRECTORY | O_NOFOLLOW */
			if ((err == ENOTDIR || err == ELOOP) &&
			    fstatat(cur, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
				err = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			*failed = i;
			close_dirs(fds, i);
			errno = err;
			return -1;
		}
		fds[i] = fd;
		cur = fd;
	}
	return 0;
}

/* The first k components of a split path joined by "/" (caller frees). */
static char *prefix_of(char **parts, size_t k)
{
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; i < k; i++) {
		if (i)
			td_buf_putc(&b, '/');
		td_buf_puts(&b, parts[i]);
	}
	return td_buf_detach(&b);
}

/* Why a missing/failed folder component cannot be used. */
static const char *dir_errno_text(int err)
{
	if (err == ELOOP)
		return "is a symbolic link; taskdoc does not follow links in its output folder";
	if (err == ENOTDIR)
		return "is not a folder";
	return NULL;
}

enum { W_FAILED = -1, W_UNCHANGED = 0, W_WRITTEN = 1 };

static unsigned tmp_counter;

/* What put_file knows of the files the last build left: the records read
 * (old) and those taken now (now); NULL, none. */
typedef struct known {
	const td_written *old;
	td_written *now;
} known;

/* Writes data as name in the open folder fd, unless it already holds exactly
 * that: known from the records when the file is as the last build left it
 * with the bytes of key (the file is then not read), else by reading it.
 * Returns W_WRITTEN, W_UNCHANGED or W_FAILED (with a diagnostic). */
static int put_file(int fd, const char *name, const char *data, size_t len, const char *key, const known *kn,
                    const char *dir, const char *rel, td_diags *diags)
{
	struct stat st;
	bool exists = false;
	int ret = W_FAILED;
	char tmp[64] = "";
	int tfd = -1;

	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			td_loc loc = {NULL, 0, 0};
			char *full = join(dir, rel);
			loc.file = full;
			td_diag_add(diags, TD_SEV_ERROR, loc,
			            "is a symbolic link; taskdoc does not follow links in its output folder");
			free(full);
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			char *full = join(dir, rel);
			td_loc loc = {full, 0, 0};
			td_diag_add(diags, TD_SEV_ERROR, loc, "cannot write: %s",
			            S_ISDIR(st.st_mode) ? "a folder is in the way" : "not a regular file");
			free(full);
			goto out;
		}
		exists = true;
	} else if (errno != ENOENT) {
		io_error(diags, dir, rel, "cannot check", errno);
		goto out;
	}

	if (exists && (size_t)st.st_size == len && kn && td_written_same(kn->old, rel, key, &st)) {
		td_written_note(kn->now, rel, key, &st, NULL); /* as recorded */
		ret = W_UNCHANGED;
		goto out;
	}
	if (exists && (size_t)st.st_size == len) {
		int rfd = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (rfd >= 0) {
			struct timespec before;
			struct stat rst;
			clock_gettime(CLOCK_REALTIME, &before);
			bool stated = fstat(rfd, &rst) == 0;
			td_buf old = TD_BUF_INIT;
			int r = read_all_fd(rfd, &old);
			close(rfd);
			bool same = r == 0 && old.len == len && (len == 0 || memcmp(old.ptr, data, len) == 0);
			td_buf_free(&old);
			if (same) {
				if (kn && stated)
					td_written_note(kn->now, rel, key, &rst, &before);
				ret = W_UNCHANGED;
				goto out;
			}
		}
	}

	for (int tries = 0;; tries++) {
		snprintf(tmp, sizeof tmp, TD_SITE_TMP_PREFIX "%ld.%u", (long)getpid(), tmp_counter++);
		tfd = openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (tfd >= 0 || errno != EEXIST || tries > 100)
			break;
	}
	if (tfd < 0) {
		tmp[0] = '\0';
		io_error(diags, dir, rel, "cannot create a temporary file next to it", errno);
		goto out;
	}
	if (exists && fchmod(tfd, st.st_mode & 07777) < 0) {
		io_error(diags, dir, rel, "cannot keep its permissions", errno);
		goto out;
	}
	if (write_all_fd(tfd, data, len) < 0) {
		io_error(diags, dir, rel, "cannot write", errno);
		goto out;
	}
	int c = close(tfd);
	tfd = -1;
	if (c < 0) {
		io_error(diags, dir, rel, "cannot write", errno);
		goto out;
	}
	if (td_replace_at(fd, tmp, name) < 0) {
		io_error(diags, dir, rel, "cannot replace", errno);
		goto out;
	}
	tmp[0] = '\0';
	ret = W_WRITTEN;
out:
	if (tfd >= 0)
		close(tfd);
	if (tmp[0])
		unlinkat(fd, tmp, 0);
	return ret;
}

/* Writes one file of the set, creating its folders. */
static int write_one(int dfd, const char *dir, const char *rel, const td_outfile *f, const known *kn,
                     td_diags *diags)
{
	char *copy, *parts[MAX_DEPTH];
	int fds[MAX_DEPTH];
	size_t n = split(rel, &copy, parts), failed = 0;
	int ret = W_FAILED;
	if (open_dirs(dfd, parts, n - 1, true, fds, &failed) < 0) {
		int err = errno;
		char *pre = prefix_of(parts, failed + 1);
		const char *why = dir_errno_text(err);
		if (why) {
			char *full = join(dir, pre);
			td_loc loc = {full, 0, 0};
			td_diag_add(diags, TD_SEV_ERROR, loc, "cannot write '%s': this %s", rel, why);
			free(full);
		} else {
			io_error(diags, dir, pre, "cannot create folder", err);
		}
		free(pre);
		goto out;
	}
	ret = put_file(n > 1 ? fds[n - 2] : dfd, parts[n - 1], f->data, f->len, f->key, kn, dir, rel, diags);
	close_dirs(fds, n - 1);
out:
	free(copy);
	return ret;
}

enum { R_GONE, R_REMOVED, R_KEPT, R_FAILED };

/* Removes the stale generated file rel (a regular file only) and the folders
 * that become empty, except those still needed by the sorted paths keep. */
static int remove_one(int dfd, const char *dir, const char *rel, char **keep, size_t nkeep, td_diags *diags)
{
	char *copy, *parts[MAX_DEPTH];
	int fds[MAX_DEPTH];
	size_t n = split(rel, &copy, parts), failed = 0;
	int ret = R_GONE;
	struct stat st;
	if (open_dirs(dfd, parts, n - 1, false, fds, &failed) < 0) {
		int err = errno;
		if (err != ENOENT) {
			char *pre = prefix_of(parts, failed + 1);
			char *full = join(dir, rel);
			td_loc loc = {full, 0, 0};
			const char *why = dir_errno_text(err);
			td_diag_add(diags, TD_SEV_WARNING, loc, "stale generated file left alone: '%s' %s",
			            pre, why ? why : strerror(err));
			free(full);
			free(pre);
			ret = R_KEPT;
		}
		goto out;
	}
	int pfd = n > 1 ? fds[n - 2] : dfd;
	if (fstatat(pfd, parts[n - 1], &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) {
			io_error(diags, dir, rel, "cannot check stale generated file", errno);
			ret = R_FAILED;
		}
	} else if (!S_ISREG(st.st_mode)) {
		char *full = join(dir, rel);
		td_loc loc = {full, 0, 0};
		td_diag_add(diags, TD_SEV_WARNING, loc, "stale generated file left alone: it is now a %s",
		            S_ISLNK(st.st_mode)   ? "symbolic link"
		            : S_ISDIR(st.st_mode) ? "folder"
		                                  : "special file");
		free(full);
		ret = R_KEPT;
	} else if (unlinkat(pfd, parts[n - 1], 0) < 0) {
		io_error(diags, dir, rel, "cannot remove stale generated file", errno);
		ret = R_FAILED;
	} else {
		ret = R_REMOVED;
		/* folders left empty, deepest first; stop at the first that is not */
		for (size_t k = n - 1; k > 0; k--) {
			char *pre = prefix_of(parts, k);
			bool needed = sorted_has_below(keep, nkeep, pre);
			free(pre);
			if (needed)
				break;
			int parent = k >= 2 ? fds[k - 2] : dfd;
			if (unlinkat(parent, parts[k - 1], AT_REMOVEDIR) < 0)
				break;
		}
	}
	close_dirs(fds, n - 1);
out:
	free(copy);
	return ret;
}

/* Checks, before anything is written, that no existing component of rel
 * below dfd is a symbolic link or a non-folder where a folder is needed
 * (unless that file is stale and goes first). Returns 0 or -1 (diagnosed). */
static int precheck(int dfd, const char *dir, const char *rel, char **stale, size_t nstale, td_diags *diags)
{
	char *copy, *parts[MAX_DEPTH];
	size_t n = split(rel, &copy, parts);
	int ret = 0;
	struct stat st;
	for (size_t k = 1; k <= n; k++) {
		char *pre = prefix_of(parts, k);
		if (fstatat(dfd, pre, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			int err = errno;
			if (err != ENOENT) {
				io_error(diags, dir, pre, "cannot check", err);
				ret = -1;
			}
			free(pre);
			break;
		}
		char *full = join(dir, pre);
		td_loc loc = {full, 0, 0};
		bool stop = false;
		if (S_ISLNK(st.st_mode)) {
			if (k == n)
				td_diag_add(diags, TD_SEV_ERROR, loc,
				            "is a symbolic link; taskdoc does not "
				            "follow links in its output folder");
			else
				td_diag_add(
				    diags, TD_SEV_ERROR, loc,
				    "cannot write '%s': this is a symbolic link; taskdoc does not follow "
				    "links in its output folder",
				    rel);
			ret = -1;
			stop = true;
		} else if (k == n && S_ISDIR(st.st_mode)) {
			if (!sorted_has_below(stale, nstale, pre)) {
				td_diag_add(diags, TD_SEV_ERROR, loc, "cannot write: a folder is in the way");
				ret = -1;
			}
		} else if (k < n && !S_ISDIR(st.st_mode)) {
			if (!sorted_has(stale, nstale, pre)) {
				td_diag_add(diags, TD_SEV_ERROR, loc,
				            "cannot write '%s': this is not a folder", rel);
				ret = -1;
			}
			stop = true;
		}
		free(full);
		free(pre);
		if (stop)
			break;
	}
	free(copy);
	return ret;
}

/* Whether the file data[0..len) carries the marker of an HTML page taskdoc
 * wrote (its page template's generator meta element). */
static bool has_marker(const char *data, size_t len)
{
	static const char marker[] = "<meta name=\"generator\" content=\"taskdoc\">";
	size_t head = len < 4096 ? len : 4096, m = sizeof marker - 1;
	for (size_t i = 0; i + m <= head; i++)
		if (data[i] == '<' && memcmp(data + i, marker, m) == 0)
			return true;
	return false;
}

/* Checks that the regular file rel below dfd, which the previous run did
 * not write (not in its manifest), may be replaced: only when it already
 * holds the new bytes or carries taskdoc's marker. Returns 0, or -1 with a
 * diagnostic naming the file in the way. */
static int in_the_way(int dfd, const char *dir, const td_outfile *f, char **old, size_t nold, td_diags *diags)
{
	struct stat st;
	if (sorted_has(old, nold, f->path) || fstatat(dfd, f->path, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0; /* ours, missing, or diagnosed by precheck */
	int fd = openat(dfd, f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	td_buf b = TD_BUF_INIT;
	bool ours = fd >= 0 && read_all_fd(fd, &b) == 0 &&
	            ((b.len == f->len && (f->len == 0 || memcmp(b.ptr, f->data, f->len) == 0)) ||
	             has_marker(b.ptr ? b.ptr : "", b.len));
	if (fd >= 0)
		close(fd);
	td_buf_free(&b);
	if (ours)
		return 0;
	char *full = join(dir, f->path);
	td_loc loc = {full, 0, 0};
	td_diag_add(diags, TD_SEV_ERROR, loc,
	            "a file taskdoc did not write is in the way (it is not in %s/%s); taskdoc never "
	            "overwrites it: move or delete it, or choose another output folder",
	            dir, TD_SITE_MANIFEST);
	free(full);
	return -1;
}

/* Removes the temporary files (TD_SITE_TMP_PREFIX, regular files only) a
 * killed build left in the open folder fd. */
static void sweep_folder(int fd)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return;
	}
	struct dirent *e;
	size_t plen = strlen(TD_SITE_TMP_PREFIX);
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (strncmp(e->d_name, TD_SITE_TMP_PREFIX, plen) == 0 &&
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			unlinkat(fd, e->d_name, 0);
	}
	closedir(d);
}

/* Sweeps dfd and every existing folder of the sorted paths (under the
 * build lock, any temporary file there is a killed build's). */
static void sweep_tmp(int dfd, char **paths, size_t n)
{
	sweep_folder(dfd);
	char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		if (!slash)
			continue;
		size_t len = (size_t)(slash - paths[i]);
		if (last && strlen(last) == len && memcmp(last, paths[i], len) == 0)
			continue;
		free(last);
		last = td_xstrndup(paths[i], len);
		char *copy, *parts[MAX_DEPTH];
		int fds[MAX_DEPTH];
		size_t k = split(last, &copy, parts), failed = 0;
		if (open_dirs(dfd, parts, k, false, fds, &failed) == 0) {
			sweep_folder(fds[k - 1]);
			close_dirs(fds, k);
		}
		free(copy);
	}
	free(last);
}

/* Creates dir and its parents (following links: dir is the user's choice). */
static int mkdir_parents(const char *dir)
{
	char *p = td_xstrdup(dir);
	int ret = 0;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			ret = -1;
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		ret = -1;
out:;
	int err = errno;
	free(p);
	errno = err;
	return ret;
}

/* Parses the manifest text into a sorted list of valid paths (caller frees each and the array). */
static char **parse_manifest(const char *text, size_t len, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		size_t e = j;
		if (e > i && text[e - 1] == '\r')
			e--;
		if (e > i && memchr(text + i, '\0', e - i) == NULL) {
			char *line = td_xstrndup(text + i, e - i);
			if (!path_problem(line)) {
				td_grow((void **)&v, &cap, *n + 1, sizeof(char *));
				v[(*n)++] = line;
			} else {
				free(line);
			}
		}
		i = j + 1;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(char *), cmp_str);
	/* drop duplicates */
	size_t w = 0;
	for (size_t r = 0; r < *n; r++) {
		if (w > 0 && strcmp(v[w - 1], v[r]) == 0) {
			free(v[r]);
			continue;
		}
		v[w++] = v[r];
	}
	*n = w;
	return v;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* 1. Sorts the files of set by path into files and paths, and checks
 * every path. Returns 0, or -1 with diagnostics. */
static int validate_set(const char *dir, const td_outset *set, const td_outfile **files, char **paths,
                        td_diags *diags)
{
	size_t errors0 = diags->errors;
	size_t n = set ? set->len : 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = set->items[i].path;
		const char *why = path_problem(p);
		if (why) {
			td_loc loc = {p && *p ? p : NULL, 0, 0};
			td_diag_add(diags, TD_SEV_ERROR, loc, "refusing output path '%s' below '%s': it %s",
			            p ? p : "", dir, why);
		}
		files[i] = &set->items[i];
	}
	if (diags->errors > errors0)
		return -1;
	if (n > 1)
		qsort(files, n, sizeof(*files), cmp_file);
	for (size_t i = 0; i < n; i++)
		paths[i] = files[i]->path;
	for (size_t i = 0; i + 1 < n; i++) {
		if (strcmp(paths[i], paths[i + 1]) == 0) {
			td_loc loc = {paths[i], 0, 0};
			td_diag_add(diags, TD_SEV_ERROR, loc, "output path given twice");
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (sorted_has_below(paths, n, paths[i])) {
			td_loc loc = {paths[i], 0, 0};
			td_diag_add(diags, TD_SEV_ERROR, loc, "output path is both a file and a folder");
		}
	}
	return diags->errors > errors0 ? -1 : 0;
}

/* 2. What the previous run wrote (dfd's manifest) into *old. Returns 0 (no
 * manifest: none), or -1 with a diagnostic. */
static int read_manifest(int dfd, const char *dir, char ***old, size_t *nold, td_diags *diags)
{
	struct stat ms;
	if (fstatat(dfd, TD_SITE_MANIFEST, &ms, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return 0;
		io_error(diags, dir, TD_SITE_MANIFEST, "cannot check", errno);
		return -1;
	}
	if (!S_ISREG(ms.st_mode)) {
		char *full = join(dir, TD_SITE_MANIFEST);
		td_loc loc = {full, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "is not a regular file%s",
		            S_ISLNK(ms.st_mode) ? " but a symbolic link" : "");
		free(full);
		return -1;
	}
	int mfd = openat(dfd, TD_SITE_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	td_buf mb = TD_BUF_INIT;
	if (mfd < 0 || read_all_fd(mfd, &mb) < 0) {
		io_error(diags, dir, TD_SITE_MANIFEST, "cannot read", errno);
		if (mfd >= 0)
			close(mfd);
		td_buf_free(&mb);
		return -1;
	}
	close(mfd);
	*old = parse_manifest(mb.ptr ? mb.ptr : "", mb.len, nold);
	td_buf_free(&mb);
	return 0;
}

/* 3. Opens dir, creating it with its parents. Returns the descriptor or -1. */
static int open_or_create(const char *dir, td_diags *diags)
{
	if (mkdir_parents(dir) < 0) {
		td_loc loc = {dir, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot create output folder: %s", strerror(errno));
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		td_loc loc = {dir, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot open output folder: %s", strerror(errno));
	}
	return dfd;
}

/* 4. Writes the sorted list of the files this run owns. */
static void write_manifest(int dfd, const char *dir, char **manifest, size_t nman, td_diags *diags)
{
	if (nman > 1)
		qsort(manifest, nman, sizeof(char *), cmp_str);
	td_buf mb = TD_BUF_INIT;
	for (size_t i = 0; i < nman; i++) {
		td_buf_puts(&mb, manifest[i]);
		td_buf_putc(&mb, '\n');
	}
	put_file(dfd, TD_SITE_MANIFEST, mb.ptr ? mb.ptr : "", mb.len, NULL, NULL, dir, TD_SITE_MANIFEST,
	         diags);
	td_buf_free(&mb);
}

int td_site_write(const char *dir, const td_outset *set, const td_kv *cache, td_site_stats *stats,
                  td_diags *diags)
{
	td_site_stats st0 = {0, 0, 0};
	int ret = -1;
	int dfd = -1;
	size_t n = set ? set->len : 0;
	const td_outfile **files = td_xcalloc(n ? n : 1, sizeof(*files)); /* sorted by path, borrowed */
	char **paths = td_xcalloc(n ? n : 1, sizeof(char *));             /* their paths */
	char **old = NULL, **stale = NULL, **manifest = NULL;
	size_t nold = 0, nstale = 0, nman = 0;
	size_t errors0 = diags->errors;
	known kn = {NULL, NULL};

	if (!dir || dir_is_forbidden(dir)) {
		td_loc loc = {dir && *dir ? dir : NULL, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc,
		            "refusing to write into '%s': the output folder must be a folder of its own, "
		            "not the current folder or the root",
		            dir ? dir : "");
		goto out;
	}
	if (validate_set(dir, set, files, paths, diags) != 0)
		goto out;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno != ENOENT) {
		td_loc loc = {dir, 0, 0};
		td_diag_add(diags, TD_SEV_ERROR, loc, "cannot open output folder: %s", strerror(errno));
		goto out;
	}
	if (dfd >= 0 && read_manifest(dfd, dir, &old, &nold, diags) != 0)
		goto out;
	stale = td_xcalloc(nold ? nold : 1, sizeof(char *));
	for (size_t i = 0; i < nold; i++)
		if (!sorted_has(paths, n, old[i]))
			stale[nstale++] = old[i]; /* borrowed from old */
	for (size_t i = 0; dfd >= 0 && i < n; i++) {
		size_t e0 = diags->errors;
		precheck(dfd, dir, paths[i], stale, nstale, diags); /* links below dir */
		if (diags->errors == e0)
			in_the_way(dfd, dir, files[i], old, nold, diags); /* files of the user's */
	}
	if (diags->errors > errors0)
		goto out;
	if (dfd < 0 && (dfd = open_or_create(dir, diags)) < 0)
		goto out;
	sweep_tmp(dfd, paths, n);
	kn.old = td_written_load(cache, dir);
	kn.now = td_written_load(NULL, dir);
	manifest = td_xcalloc(n + nstale + 1, sizeof(char *));
	for (size_t i = 0; i < nstale; i++) {
		int r = remove_one(dfd, dir, stale[i], paths, n, diags);
		if (r == R_REMOVED)
			st0.removed++;
		else if (r == R_FAILED)
			manifest[nman++] = stale[i]; /* still there, still ours */
	}
	for (size_t i = 0; i < n; i++) {
		int r = write_one(dfd, dir, paths[i], files[i], &kn, diags);
		if (r == W_WRITTEN)
			st0.written++;
		else if (r == W_UNCHANGED)
			st0.unchanged++;
		if (r != W_FAILED || sorted_has(old, nold, paths[i]))
			manifest[nman++] = paths[i];
	}
	write_manifest(dfd, dir, manifest, nman, diags);
	td_written_store(kn.now, cache, dir);
	ret = diags->errors > errors0 ? -1 : 0;
out:
	if (dfd >= 0)
		close(dfd);
	if (stats)
		*stats = st0;
	td_written_free((td_written *)kn.old);
	td_written_free(kn.now);
	free(manifest);
	free(stale);
	free_strv(old, nold);
	free(files);
	free(paths);
	return ret;
}

/* Whether dir/rel holds exactly data[0..len) (a link or a folder never does). */
static bool same_file(int dfd, const char *rel, const char *data, size_t len)
{
	int fd = openat(dfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	td_buf b = TD_BUF_INIT;
	bool same = read_all_fd(fd, &b) == 0 && b.len == len && (len == 0 || memcmp(b.ptr, data, len) == 0);
	close(fd);
	td_buf_free(&b);
	return same;
}

static void report(void (*fn)(void *, td_site_change, const char *), void *ud, td_site_change what,
                   const char *dir, const char *rel)
{
	char *full = join(dir, rel);
	fn(ud, what, full);
	free(full);
}

int td_site_check(const char *dir, const td_outset *set, const td_kv *cache,
                  void (*fn)(void *ud, td_site_change what, const char *path), void *ud, td_diags *diags)
{
	td_written *w = NULL;
	size_t n = set ? set->len : 0;
	const td_outfile **files = td_xcalloc(n ? n : 1, sizeof(*files));
	char **paths = td_xcalloc(n ? n : 1, sizeof(char *));
	char **old = NULL;
	size_t nold = 0;
	int count = -1;
	int dfd = -1;
	if (validate_set(dir, set, files, paths, diags) != 0)
		goto out;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno != ENOENT) {
		io_error(diags, dir, "", "cannot open output folder", errno);
		goto out;
	}
	if (dfd >= 0 && read_manifest(dfd, dir, &old, &nold, diags) != 0)
		goto out;
	size_t e0 = diags->errors;
	for (size_t i = 0; dfd >= 0 && i < n; i++)
		in_the_way(dfd, dir, files[i], old, nold, diags);
	if (diags->errors > e0)
		goto out;
	count = 0;
	w = td_written_load(cache, dir);
	td_buf man = TD_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		td_buf_puts(&man, paths[i]);
		td_buf_putc(&man, '\n');
	}
	for (size_t i = 0, k = 0; i < n || k < nold;) {
		int c = i == n ? 1 : k == nold ? -1 : strcmp(paths[i], old[k]);
		if (c > 0) { /* in the manifest only: removed if it is still there */
			struct stat st;
			if (fstatat(dfd, old[k], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
				report(fn, ud, TD_SITE_REMOVE, dir, old[k]);
				count++;
			}
			k++;
			continue;
		}
		struct stat st;
		bool exists = dfd >= 0 && fstatat(dfd, paths[i], &st, AT_SYMLINK_NOFOLLOW) == 0;
		bool recorded = exists && S_ISREG(st.st_mode) && (size_t)st.st_size == files[i]->len &&
		                td_written_same(w, paths[i], files[i]->key, &st);
		if (!exists || (!recorded && !same_file(dfd, paths[i], files[i]->data, files[i]->len))) {
			report(fn, ud, exists ? TD_SITE_CHANGE : TD_SITE_CREATE, dir, paths[i]);
			count++;
		}
		i++;
		k += c == 0;
	}
	if (dfd < 0 || !same_file(dfd, TD_SITE_MANIFEST, man.ptr ? man.ptr : "", man.len)) {
		report(fn, ud, dfd < 0 || faccessat(dfd, TD_SITE_MANIFEST, F_OK, AT_SYMLINK_NOFOLLOW) != 0
		                   ? TD_SITE_CREATE
		                   : TD_SITE_CHANGE,
		       dir, TD_SITE_MANIFEST);
		count++;
	}
	td_buf_free(&man);
out:
	if (dfd >= 0)
		close(dfd);
	td_written_free(w);
	free_strv(old, nold);
	free(files);
	free(paths);
	return count;
}
