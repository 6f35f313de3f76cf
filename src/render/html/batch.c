/*
 * batch.c - every page of a site through td_html_render_page: first from
 * the cache (a td_kv, keyed by everything a page's HTML depends on), then
 * the pages not found, split between this process and a second one.
 *
 * Why a process and not a thread: cmark-gfm 0.29 (Debian 12) keeps the
 * inline parser's table of special characters in a global that every
 * parser sets and clears around its inline pass (github/cmark-gfm#176,
 * unmerged), so two threads can parse with each other's table half
 * cleared. A forked child has its own copy of the library. It renders its
 * share into an anonymous memory file (memfd) in the format the cache
 * uses, and the parent reads it back after waiting for it. The child
 * touches nothing else: no output, no cache, no stdio (it leaves with
 * _exit). If anything about it fails (no fork, no memfd, a signal, a short
 * or damaged stream), the parent renders those pages itself, so the
 * output never depends on whether the second process ran.
 *
 * Pages are split by size, largest first, each to the side with less
 * Markdown so far; a batch under SPLIT_MIN bytes stays in one process
 * (forking costs more than it saves on a small site).
 */
#define _GNU_SOURCE /* memfd_create */
#include "render/html/html.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPLIT_MIN (512 * 1024) /* bytes of Markdown to render before a second process pays */

/* ---- a page as bytes (the cache's values and the child's stream) ---- */

/* A decimal number and its '\n' at *pos, within s[0..n). */
static bool get_num(const char *s, size_t n, size_t *pos, unsigned long long *out)
{
	size_t i = *pos;
	unsigned long long v = 0;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return false;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (i >= n || s[i] != '\n')
		return false;
	*pos = i + 1;
	*out = v;
	return true;
}

/* The part at *pos as a new string (NULL if it is not one). */
static char *get_part(const char *s, size_t n, size_t *pos, size_t *len)
{
	const char *p;
	size_t l;
	if (!td_part_get(s, n, pos, &p, &l))
		return NULL;
	if (len)
		*len = l;
	return td_xstrndup(p, l);
}

void td_html_page_save(td_buf *b, const td_html_page *p)
{
	td_part_put(b, p->title ? "t" : "-", 1);
	td_part_put(b, p->title, p->title ? strlen(p->title) : 0);
	td_part_put(b, p->body.ptr, p->body.len);
	td_buf_printf(b, "%zu\n", p->ntoc);
	for (size_t i = 0; i < p->ntoc; i++) {
		td_buf_printf(b, "%d\n", p->toc[i].level);
		td_part_put(b, p->toc[i].id, strlen(p->toc[i].id));
		td_part_put(b, p->toc[i].text, strlen(p->toc[i].text));
	}
}

size_t td_html_page_load(td_html_page *p, const char *s, size_t n)
{
	memset(p, 0, sizeof *p);
	size_t pos = 0, len = 0;
	char *has = get_part(s, n, &pos, NULL), *title = get_part(s, n, &pos, NULL), *body = get_part(s, n, &pos, &len);
	bool ok = has && title && body;
	if (ok) {
		p->title = has[0] == 't' ? title : NULL;
		if (!p->title)
			free(title);
		td_buf_put(&p->body, body, len);
		td_buf_cstr(&p->body);
		unsigned long long nt = 0;
		ok = get_num(s, n, &pos, &nt) && nt <= n;
		if (ok && nt) {
			p->toc = td_xcalloc((size_t)nt, sizeof *p->toc);
			for (size_t i = 0; ok && i < nt; i++) {
				unsigned long long lv = 0;
				ok = get_num(s, n, &pos, &lv) && lv >= 1 && lv <= 6;
				p->toc[i].level = (int)lv;
				p->toc[i].id = ok ? get_part(s, n, &pos, NULL) : NULL;
				p->toc[i].text = p->toc[i].id ? get_part(s, n, &pos, NULL) : NULL;
				ok = p->toc[i].text != NULL;
				p->ntoc = i + 1;
			}
		}
	} else {
		free(title);
	}
	free(has);
	free(body);
	if (!ok) {
		td_html_page_free(p); /* frees what was read; NULLs are fine */
		return 0;
	}
	return pos;
}

/* ---- the second process ---- */

static int by_size_desc(const void *a, const void *b, void *ud)
{
	const td_html_job *j = ud;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (j[x].len != j[y].len)
		return j[x].len > j[y].len ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void render_job(td_html_page *out, const td_html_job *j, const td_html_batch_opts *o)
{
	td_html_render_page(out, j->md, j->len, j->path, o->md_links, o->html_unsafe);
}

/* Writes all of b to fd; false on any error. */
static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* In the child: renders jobs[idx[0..n)] into fd as "index\n" + page, each. */
static void child_main(int fd, const td_html_job *jobs, const size_t *idx, size_t n, const td_html_batch_opts *o)
{
	td_buf b = TD_BUF_INIT;
	td_html_page p;
	bool ok = true;
	td_html_pages_begin();
	for (size_t k = 0; k < n && ok; k++) {
		render_job(&p, &jobs[idx[k]], o);
		td_buf_clear(&b);
		td_buf_printf(&b, "%zu\n", idx[k]);
		td_html_page_save(&b, &p);
		td_html_page_free(&p);
		ok = write_all(fd, b.ptr, b.len);
	}
	_exit(ok ? 0 : 1);
}

/* Reads what child_main wrote into out, setting done[i] for each page;
 * returns how many. */
static size_t read_child(int fd, td_html_page *out, bool *done, size_t njobs)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0)
		return 0;
	char *s = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (s == MAP_FAILED)
		return 0;
	size_t n = (size_t)size, pos = 0, got = 0;
	while (pos < n) {
		unsigned long long i = 0;
		if (!get_num(s, n, &pos, &i) || i >= njobs || done[i])
			break;
		size_t used = td_html_page_load(&out[i], s + pos, n - pos);
		if (!used)
			break;
		done[i] = true;
		got++;
		pos += used;
	}
	munmap(s, (size_t)size);
	return got;
}

void td_html_render_batch(td_html_page *out, const td_html_job *jobs, size_t n, const td_html_batch_opts *o)
{
	bool *done = td_xcalloc(n ? n : 1, sizeof *done);
	size_t *mine = td_xcalloc(n ? n : 1, sizeof *mine), *theirs = td_xcalloc(n ? n : 1, sizeof *theirs);
	size_t nmine = 0, ntheirs = 0, total = 0;
	for (size_t i = 0; i < n; i++)
		total += jobs[i].len;
	pid_t pid = -1;
	int fd = -1;
	size_t got = 0;
	if (o->processes > 1 && n > 1 && total >= SPLIT_MIN) {
		size_t *order = td_xcalloc(n, sizeof *order);
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		qsort_r(order, n, sizeof *order, by_size_desc, (void *)jobs);
		size_t a = 0, b = 0;
		for (size_t k = 0; k < n; k++) {
			size_t i = order[k];
			if (a <= b) {
				mine[nmine++] = i;
				a += jobs[i].len;
			} else {
				theirs[ntheirs++] = i;
				b += jobs[i].len;
			}
		}
		free(order);
		fd = memfd_create("taskdoc-pages", MFD_CLOEXEC);
		if (fd >= 0) {
			fflush(NULL); /* nothing buffered is written twice */
			pid = fork();
			if (pid == 0)
				child_main(fd, jobs, theirs, ntheirs, o);
		}
	}
	if (pid < 0) { /* one process: every page here */
		nmine = 0;
		for (size_t i = 0; i < n; i++)
			mine[nmine++] = i;
		ntheirs = 0;
	}
	td_html_pages_begin();
	for (size_t k = 0; k < nmine; k++) {
		render_job(&out[mine[k]], &jobs[mine[k]], o);
		done[mine[k]] = true;
	}
	if (pid > 0) {
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			got = read_child(fd, out, done, n);
	}
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < n; i++) /* what the child did not give back */
		if (!done[i]) {
			td_html_page_free(&out[i]);
			render_job(&out[i], &jobs[i], o);
		}
	td_html_pages_end();
	if (o->second)
		*o->second = got;
	free(done);
	free(mine);
	free(theirs);
}
