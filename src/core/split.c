/*
 * split.c - n independent pieces of work shared by this process and a
 * forked one. Both take the next piece from a counter in shared memory,
 * so the faster side takes more; the child hands each result back as
 * bytes through an anonymous memory file (memfd) and leaves with _exit,
 * touching nothing else. Whatever the child did not hand back (it could
 * not start, was killed, failed a piece, wrote a damaged stream) is done
 * here afterwards, so the results never depend on whether it ran.
 *
 * Processes, not threads: the renderers use cmark-gfm 0.29, whose inline
 * parser keeps its table of special characters in a global that every
 * parser sets and clears (github/cmark-gfm#176), and jansson's reference
 * counts are not atomic.
 */
#define _GNU_SOURCE /* memfd_create */
#include "core/core.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* The next piece to do, in order[], or n when none is left. */
static size_t claim(atomic_size_t *next, size_t n)
{
	size_t k = atomic_fetch_add(next, 1);
	return k < n ? k : n;
}

static void child_main(int fd, atomic_size_t *next, size_t n, const size_t *order, td_split_fn work, void *ud)
{
	td_buf item = TD_BUF_INIT;
	bool ok = true;
	for (size_t k; ok && (k = claim(next, n)) < n;) {
		size_t i = order ? order[k] : k;
		td_buf_clear(&item);
		if (!work(ud, i, &item))
			break; /* the parent does it again, and reports what went wrong */
		/* "i\n" and the piece as td_part_put writes it, without copying
		 * the piece (a page can be tens of megabytes) */
		char head[64];
		int h = snprintf(head, sizeof head, "%zu\n%zu\n", i, item.len);
		ok = write_all(fd, head, (size_t)h) && write_all(fd, item.ptr ? item.ptr : "", item.len);
	}
	_exit(ok ? 0 : 1);
}

/* Reads what child_main wrote into out[], setting done[] and handing each
 * piece to fin (when not NULL); returns how many. */
static size_t read_child(int fd, td_buf *out, bool *done, size_t n, td_split_done_fn fin, void *ud)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0)
		return 0;
	char *s = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (s == MAP_FAILED)
		return 0;
	size_t len = (size_t)size, pos = 0, got = 0;
	while (pos < len) {
		size_t i = 0, l;
		const char *p;
		if (!td_num_get(s, len, &pos, &i) || i >= n || done[i])
			break;
		if (!td_part_get(s, len, &pos, &p, &l))
			break;
		td_buf_put(&out[i], p, l);
		done[i] = true;
		got++;
		if (fin) {
			fin(ud, i, &out[i]);
			/* the pages read so far leave this process's memory: with a
			 * fin that moves each piece out, only one is held at a time */
			size_t page = (size_t)sysconf(_SC_PAGESIZE), read = pos / page * page;
			if (read)
				(void)madvise(s, read, MADV_DONTNEED);
		}
	}
	munmap(s, (size_t)size);
	return got;
}

size_t td_split_run(size_t n, const size_t *order, bool two, td_split_fn work, td_split_done_fn fin, void *ud,
                    td_buf *out, bool *ok)
{
	bool *done = td_xcalloc(n ? n : 1, sizeof *done);
	atomic_size_t *next = NULL;
	pid_t pid = -1;
	int fd = -1;
	size_t got = 0;
	if (two && n > 1) {
		next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (next == MAP_FAILED)
			next = NULL;
		if (next) {
			atomic_init(next, 0);
			fd = memfd_create("taskdoc-split", MFD_CLOEXEC);
		}
		if (fd >= 0) {
			fflush(NULL); /* nothing buffered is written twice */
			pid = fork();
			if (pid == 0)
				child_main(fd, next, n, order, work, ud);
		}
	}
	*ok = true;
	if (pid > 0) {
		for (size_t k; (k = claim(next, n)) < n;) {
			size_t i = order ? order[k] : k;
			done[i] = true;
			if (!work(ud, i, &out[i]))
				*ok = false;
			else if (fin)
				fin(ud, i, &out[i]);
		}
		int status = -1; /* not known (SIGCHLD ignored): as if it failed */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			got = read_child(fd, out, done, n, fin, ud);
	}
	if (fd >= 0)
		close(fd);
	if (next)
		munmap(next, sizeof *next);
	for (size_t k = 0; k < n; k++) { /* what the child did not hand back, or all of it */
		size_t i = order ? order[k] : k;
		if (done[i])
			continue;
		td_buf_clear(&out[i]);
		if (!work(ud, i, &out[i]))
			*ok = false;
		else if (fin)
			fin(ud, i, &out[i]);
	}
	free(done);
	return got;
}

int td_processes(void)
{
	const char *e = getenv("TASKDOC_JOBS");
	if (e && *e)
		return atoi(e) >= 2 ? 2 : 1;
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
}
