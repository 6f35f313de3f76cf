/* cache.c - the build cache in files: a td_kv below the cache folder. */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "site/site.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct td_filecache {
	char *dir;
	bool readonly;
	char **used; /* "NS/NAME" of every entry found or stored in this run */
	size_t nused, cap;
	/* used is the one thing two threads share: the plan's documents are
	 * decoded ahead of their load on a second one (load/plan_yaml.c) */
	pthread_mutex_t lock;
};

/* The file name of key: its SHA-256 in hex. The entry keeps only the
 * value: a key (a page's whole Markdown, say) is found by its digest. */
static void entry_name(td_buf *name, const td_buf *key)
{
	char hex[65];
	td_sha256_hex(hex, key->ptr ? key->ptr : "", key->len);
	td_buf_puts(name, hex);
}

static void mark_used(td_filecache *c, const char *ns, const td_buf *name)
{
	td_buf u = TD_BUF_INIT;
	td_buf_printf(&u, "%s/%s", ns, td_buf_cstr((td_buf *)name));
	pthread_mutex_lock(&c->lock);
	td_grow((void **)&c->used, &c->cap, c->nused + 1, sizeof *c->used);
	c->used[c->nused++] = td_buf_detach(&u);
	pthread_mutex_unlock(&c->lock);
}

/* The entry's file mapped (read-only, no copy through a buffer; with
 * populate, read in at once), or NULL when it is not a regular file that
 * can be mapped. */
static const char *map_entry(const char *path, size_t *n, bool populate)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *m = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX)
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return NULL;
	*n = (size_t)st.st_size;
	return m;
}

static bool cache_get(void *ud, const char *ns, const td_buf *key, td_buf *val)
{
	td_filecache *c = ud;
	td_buf path = TD_BUF_INIT, name = TD_BUF_INIT;
	entry_name(&name, key);
	td_buf_printf(&path, "%s/%s/%s", c->dir, ns, td_buf_cstr(&name));
	size_t n = 0, pos = 0, vlen = 0;
	const char *v = NULL;
	const char *s = map_entry(td_buf_cstr(&path), &n, true);
	bool hit = s && td_part_get(s, n, &pos, &v, &vlen) && pos == n;
	if (hit) {
		td_grow((void **)&val->ptr, &val->cap, val->len + vlen + 1, 1);
		td_buf_put(val, v, vlen);
		td_buf_cstr(val);
		mark_used(c, ns, &name);
	}
	if (s)
		munmap((void *)s, n);
	td_buf_free(&path);
	td_buf_free(&name);
	return hit;
}

typedef struct mapping {
	const char *base;
	size_t n;
} mapping;

static bool cache_map(void *ud, const char *ns, const td_buf *key, const char **data, size_t *len, void **token)
{
	td_filecache *c = ud;
	td_buf path = TD_BUF_INIT, name = TD_BUF_INIT;
	entry_name(&name, key);
	td_buf_printf(&path, "%s/%s/%s", c->dir, ns, td_buf_cstr(&name));
	size_t n = 0, pos = 0;
	const char *s = map_entry(td_buf_cstr(&path), &n, false); /* an entry replaced meanwhile is a new file */
	bool hit = s && td_part_get(s, n, &pos, data, len) && pos == n;
	if (hit) {
		mark_used(c, ns, &name);
		mapping *m = td_xmalloc(sizeof *m);
		*m = (mapping){s, n};
		*token = m;
	} else if (s) {
		munmap((void *)s, n);
	}
	td_buf_free(&path);
	td_buf_free(&name);
	return hit;
}

static void cache_unmap(void *ud, void *token)
{
	(void)ud;
	mapping *m = token;
	munmap((void *)m->base, m->n);
	free(m);
}

static void cache_put(void *ud, const char *ns, const td_buf *key, const td_buf *val)
{
	td_filecache *c = ud;
	if (c->readonly)
		return;
	/* the entry is the value as one part ("LEN\n" and its bytes), written
	 * from the value itself: a walk's entry is tens of megabytes */
	char head[32];
	int hl = snprintf(head, sizeof head, "%zu\n", val->len);
	td_buf dir = TD_BUF_INIT, name = TD_BUF_INIT;
	td_buf_printf(&dir, "%s/%s", c->dir, ns);
	entry_name(&name, key);
	if (td_file_put(td_buf_cstr(&dir), td_buf_cstr(&name), head, (size_t)hl, val->ptr, val->len) == 0)
		mark_used(c, ns, &name);
	td_buf_free(&dir);
	td_buf_free(&name);
}

static void cache_put2(void *ud, const char *ns, const td_buf *key, const char *head, size_t hlen,
                       const char *data, size_t len)
{
	td_filecache *c = ud;
	if (c->readonly)
		return;
	td_buf h = TD_BUF_INIT, dir = TD_BUF_INIT, name = TD_BUF_INIT;
	td_buf_printf(&h, "%zu\n", hlen + len); /* as cache_put: the value as one part */
	td_buf_put(&h, head, hlen);
	td_buf_printf(&dir, "%s/%s", c->dir, ns);
	entry_name(&name, key);
	if (td_file_put(td_buf_cstr(&dir), td_buf_cstr(&name), h.ptr, h.len, data, len) == 0)
		mark_used(c, ns, &name);
	td_buf_free(&h);
	td_buf_free(&dir);
	td_buf_free(&name);
}

static void cache_keep(void *ud, const char *ns, const td_buf *key)
{
	td_buf name = TD_BUF_INIT;
	entry_name(&name, key);
	mark_used(ud, ns, &name);
	td_buf_free(&name);
}

td_filecache *td_filecache_open(const char *dir, bool readonly)
{
	if (!dir || !*dir)
		return NULL;
	td_filecache *c = td_xcalloc(1, sizeof *c);
	c->dir = td_xstrdup(dir);
	c->readonly = readonly;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void td_filecache_kv(td_filecache *c, td_kv *kv)
{
	kv->get = cache_get;
	kv->put = cache_put;
	kv->keep = cache_keep;
	kv->map = cache_map;
	kv->unmap = cache_unmap;
	kv->put2 = cache_put2;
	kv->ud = c;
	kv->readonly = c->readonly;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void td_filecache_sweep(td_filecache *c, const char *ns)
{
	if (!c || c->readonly)
		return;
	/* a part this run did not use at all is left as it is: a build whose
	 * history came whole from "history" read no snapshot, and the next
	 * commit's walk wants them */
	size_t nl = strlen(ns);
	bool any = false;
	for (size_t i = 0; i < c->nused && !any; i++)
		any = !strncmp(c->used[i], ns, nl) && c->used[i][nl] == '/';
	if (!any)
		return;
	if (c->nused)
		qsort(c->used, c->nused, sizeof *c->used, cmp_str);
	td_buf path = TD_BUF_INIT, rel = TD_BUF_INIT;
	td_buf_printf(&path, "%s/%s", c->dir, ns);
	DIR *d = opendir(td_buf_cstr(&path));
	struct dirent *e;
	while (d && (e = readdir(d))) {
		/* entries are 64 hex digits; anything else is not the cache's */
		if (strlen(e->d_name) != 64 || strspn(e->d_name, "0123456789abcdef") != 64)
			continue;
		td_buf_clear(&rel);
		td_buf_printf(&rel, "%s/%s", ns, e->d_name);
		const char *k = td_buf_cstr(&rel);
		if (c->nused && bsearch(&k, c->used, c->nused, sizeof *c->used, cmp_str))
			continue;
		td_buf_clear(&path);
		td_buf_printf(&path, "%s/%s/%s", c->dir, ns, e->d_name);
		(void)unlink(td_buf_cstr(&path));
	}
	if (d)
		closedir(d);
	td_buf_free(&path);
	td_buf_free(&rel);
}

void td_filecache_free(td_filecache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nused; i++)
		free(c->used[i]);
	free(c->used);
	free(c->dir);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
