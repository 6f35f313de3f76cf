/*
 * gitref.c - which commit HEAD is, read from the files of .git without
 * libgit2 (load/history.h): the key under which the build cache keeps what
 * git told an earlier run (the history walk, the date of HEAD, the dates of
 * result files), so that a build of an unchanged repository neither loads
 * libgit2 nor walks a commit.
 *
 * It reads the common layout only: a work tree with a .git folder, HEAD
 * naming a branch (a loose ref or one in packed-refs) or a commit. Anything
 * else (a .git file of a linked work tree or a submodule, a reftable, a
 * bare repository, a symbolic ref chain) is "cannot tell", and the caller
 * asks libgit2 as before. A wrong answer here can cost nothing but a cache
 * miss: a run stores a fact only when libgit2 found the same repository
 * and the same HEAD (td_gitref_same).
 */
#include "load/history.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REF_MAX 4096 /* a loose ref or HEAD: a line */

void td_gitref_free(td_gitref *r)
{
	if (!r)
		return;
	free(r->gitdir);
	memset(r, 0, sizeof *r);
}

/* The hex object id at the start of s (40 or 64 digits, then a newline or
 * the end), into out; false when s is not one. */
static bool object_id(const char *s, size_t n, char out[65])
{
	size_t k = 0;
	while (k < n && k < 64 && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
		k++;
	if ((k != 40 && k != 64) || (k < n && s[k] != '\n'))
		return false;
	memcpy(out, s, k);
	out[k] = '\0';
	return true;
}

/* A small file's text (at most REF_MAX bytes) into buf; its length, or -1. */
static long read_small(const char *dir, const char *name, char *buf)
{
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return -1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1; /* errno says why */
	size_t n = fread(buf, 1, REF_MAX, f);
	bool whole = n < REF_MAX && !ferror(f);
	fclose(f);
	if (!whole) {
		errno = EIO;
		return -1;
	}
	buf[n] = '\0';
	return (long)n;
}

/* A ref name as git writes them under refs/: no "..", no empty or hidden
 * component, nothing a path could escape with. */
static bool ref_name(const char *s, size_t n)
{
	if (n < 6 || n > 1024 || strncmp(s, "refs/", 5) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '\\' || c == ':' || c == '?' || c == '*' || c == '[' || c == '~' ||
		    c == '^')
			return false;
		if (c == '/' && (i + 1 == n || s[i + 1] == '/' || s[i + 1] == '.'))
			return false;
		if (c == '.' && i + 1 < n && s[i + 1] == '.')
			return false;
	}
	return true;
}

/* The id packed-refs gives name, into out. */
static bool packed_ref(const char *gitdir, const char *name, char out[65])
{
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof path, "%s/packed-refs", gitdir) >= sizeof path)
		return false;
	char *text = NULL;
	size_t len = 0;
	if (td_file_read_max(path, (size_t)64 << 20, &text, &len) != 0)
		return false;
	size_t nl = strlen(name);
	bool found = false;
	for (size_t at = 0; at < len && !found;) {
		const char *line = text + at;
		const char *end = memchr(line, '\n', len - at);
		size_t ll = end ? (size_t)(end - line) : len - at;
		at += ll + 1;
		/* "<id> <name>"; '#' starts the header, '^' a peeled tag's target */
		if (ll == 41 + nl || ll == 65 + nl) {
			size_t idl = ll - nl - 1;
			if (line[idl] == ' ' && !memcmp(line + idl + 1, name, nl)) {
				char tmp[66];
				memcpy(tmp, line, idl);
				tmp[idl] = '\n';
				found = object_id(tmp, idl + 1, out);
				if (!found)
					break;
			}
		}
	}
	free(text);
	return found;
}

/* HEAD of the repository at gitdir: a commit id, or the branch it names. */
static bool read_head(td_gitref *r)
{
	char buf[REF_MAX + 1];
	long n = read_small(r->gitdir, "HEAD", buf);
	if (n < 0)
		return false;
	if (object_id(buf, (size_t)n, r->oid)) {
		r->detached = true;
		return true;
	}
	if (n < 6 || strncmp(buf, "ref: ", 5) != 0)
		return false;
	char name[REF_MAX + 1];
	size_t nl = (size_t)n - 5;
	if (nl && buf[5 + nl - 1] == '\n')
		nl--;
	memcpy(name, buf + 5, nl);
	name[nl] = '\0';
	if (!ref_name(name, nl))
		return false;
	long m = read_small(r->gitdir, name, buf);
	if (m >= 0)
		return object_id(buf, (size_t)m, r->oid); /* a loose ref naming another: not read here */
	if (errno != ENOENT)
		return false; /* there, but not readable: not what packed-refs says */
	return packed_ref(r->gitdir, name, r->oid);
}

/* Whether dir is itself a git folder (bare, or one being searched from
 * inside .git): libgit2 would open it as such. */
static bool looks_like_gitdir(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	if ((size_t)snprintf(path, sizeof path, "%s/HEAD", dir) >= sizeof path || stat(path, &st) != 0)
		return false;
	snprintf(path, sizeof path, "%s/objects", dir);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool td_gitref_head(td_gitref *out, const char *path)
{
	memset(out, 0, sizeof *out);
	char *start = realpath(path, NULL);
	if (!start)
		return false;
	struct stat st;
	if (stat(start, &st) != 0) {
		free(start);
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		char *slash = strrchr(start, '/');
		if (!slash) {
			free(start);
			return false;
		}
		slash[slash == start] = '\0';
		if (stat(start, &st) != 0) {
			free(start);
			return false;
		}
	}
	dev_t dev = st.st_dev;
	td_buf dot = TD_BUF_INIT;
	bool ok = false;
	/* upwards, as libgit2 searches: not across a file system boundary */
	for (;;) {
		if (looks_like_gitdir(start))
			break;
		td_buf_clear(&dot);
		td_buf_printf(&dot, "%s%s.git", start, strcmp(start, "/") ? "/" : "");
		if (lstat(td_buf_cstr(&dot), &st) == 0) {
			if (S_ISDIR(st.st_mode) && looks_like_gitdir(td_buf_cstr(&dot))) {
				out->gitdir = td_buf_detach(&dot);
				ok = true;
			}
			break; /* a .git file (a linked work tree), a link, or no repository */
		}
		char *slash = strrchr(start, '/');
		if (!slash || slash == start)
			break;
		*slash = '\0';
		if (stat(start, &st) != 0 || st.st_dev != dev)
			break;
	}
	free(start);
	td_buf_free(&dot);
	if (ok && !read_head(out))
		ok = false;
	if (ok) {
		/* the grafts of a shallow clone change what the history holds */
		td_buf sp = TD_BUF_INIT;
		td_buf_printf(&sp, "%s/shallow", out->gitdir);
		char *text = NULL;
		size_t len = 0;
		if (td_file_read_max(td_buf_cstr(&sp), (size_t)64 << 20, &text, &len) == 0) {
			td_sha256_hex(out->shallow, text, len);
			free(text);
		} else if (access(td_buf_cstr(&sp), F_OK) == 0) {
			ok = false;
		}
		td_buf_free(&sp);
	}
	if (!ok)
		td_gitref_free(out);
	return ok;
}

void td_gitref_key(td_buf *key, const td_gitref *r)
{
	td_buf_printf(key, "uid %lu\ngit %s\nhead %s\nshallow %s\n", (unsigned long)geteuid(), r->gitdir, r->oid,
	              r->shallow[0] ? r->shallow : "no");
}

bool td_gitref_same(const td_gitref *r, const char *gitdir, const char *head)
{
	if (!r->gitdir || !gitdir || !head || strcmp(r->oid, head) != 0)
		return false;
	char *real = realpath(gitdir, NULL);
	bool same = real && !strcmp(real, r->gitdir);
	free(real);
	return same;
}
