/*
 * spool.c - bytes kept in an unlinked file (core.h). A build of a
 * 100,000-task plan holds its 800 MB view while it renders 120 MB of
 * Markdown and SVG, which the HTML stage reads only after the view is
 * gone: the pages wait here, in the page cache the kernel can write out
 * and take back, instead of in the process's memory.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "core/core.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

typedef struct {
	char *p;
	size_t len;
	bool mapped; /* else read into memory */
} spool_map;

struct td_spool {
	int fd;
	size_t size; /* bytes put */
	spool_map *maps; /* every view made, newest last; each kept to the end */
	size_t nmaps, cap;
};

td_spool *td_spool_open(const char *dir)
{
	if (!dir || !*dir || td_make_dirs(dir) != 0)
		return NULL;
	int fd = -1;
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0) { /* a file system without O_TMPFILE: named for a moment */
		td_buf path = TD_BUF_INIT;
		td_buf_printf(&path, "%s/.taskdoc-spool-XXXXXX", dir);
		fd = mkostemp((char *)td_buf_cstr(&path), O_CLOEXEC);
		if (fd >= 0)
			(void)unlink(td_buf_cstr(&path));
		td_buf_free(&path);
	}
	if (fd < 0)
		return NULL;
	td_spool *s = td_xcalloc(1, sizeof *s);
	s->fd = fd;
	return s;
}

bool td_spool_put(td_spool *s, const char *data, size_t len, size_t *off)
{
	struct iovec iov[2] = {{(void *)(data ? data : ""), data ? len : 0}, {(void *)"", 1}};
	size_t want = iov[0].iov_len + 1, done = 0;
	while (done < want) {
		/* the part not yet written, from where it stopped */
		struct iovec v[2];
		int nv = 0;
		if (done < iov[0].iov_len)
			v[nv++] = (struct iovec){(char *)iov[0].iov_base + done, iov[0].iov_len - done};
		v[nv++] = iov[1];
		ssize_t w = pwritev(s->fd, v, nv, (off_t)(s->size + done));
		if (w <= 0)
			return false; /* what was written past size is overwritten by the next put */
		done += (size_t)w;
	}
	*off = s->size;
	s->size += want;
	return true;
}

const char *td_spool_at(td_spool *s, size_t off, size_t len)
{
	if (off > s->size || len >= s->size - off)
		return NULL;
	spool_map *last = s->nmaps ? &s->maps[s->nmaps - 1] : NULL;
	if (!last || off + len >= last->len) { /* put after the last view was made */
		spool_map m = {NULL, s->size, true};
		void *p = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, s->fd, 0);
		if (p == MAP_FAILED) {
			m.mapped = false;
			m.p = td_xmalloc(s->size);
			for (size_t got = 0; got < s->size;) {
				ssize_t r = pread(s->fd, m.p + got, s->size - got, (off_t)got);
				if (r <= 0) {
					free(m.p);
					return NULL;
				}
				got += (size_t)r;
			}
		} else {
			m.p = p;
		}
		td_grow((void **)&s->maps, &s->cap, s->nmaps + 1, sizeof *s->maps);
		s->maps[s->nmaps++] = m;
		last = &s->maps[s->nmaps - 1];
	}
	return last->p + off;
}

void td_spool_free(td_spool *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmaps; i++) {
		if (s->maps[i].mapped)
			munmap(s->maps[i].p, s->maps[i].len);
		else
			free(s->maps[i].p);
	}
	free(s->maps);
	close(s->fd);
	free(s);
}
