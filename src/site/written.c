/* written.c - an output folder's files as the last build left them
 * (written.h). */
#include "site/written.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct record {
	char *path, *key;
	uintmax_t dev, ino, size;
	intmax_t msec, mnsec, csec, cnsec;
} record;

struct td_written {
	record *items;
	size_t len, cap;
	bool sorted;
};

static int cmp_record(const void *a, const void *b)
{
	return strcmp(((const record *)a)->path, ((const record *)b)->path);
}

static void entry_key(td_buf *key, const char *dir)
{
	td_buf_printf(key, "taskdoc written 1\n%s", dir);
}

static record from_stat(const char *rel, const char *key, const struct stat *st)
{
	return (record){td_xstrdup(rel),
	                td_xstrdup(key),
	                (uintmax_t)st->st_dev,
	                (uintmax_t)st->st_ino,
	                (uintmax_t)st->st_size,
	                (intmax_t)st->st_mtim.tv_sec,
	                (intmax_t)st->st_mtim.tv_nsec,
	                (intmax_t)st->st_ctim.tv_sec,
	                (intmax_t)st->st_ctim.tv_nsec};
}

static void add(td_written *w, record r)
{
	td_grow((void **)&w->items, &w->cap, w->len + 1, sizeof *w->items);
	w->items[w->len++] = r;
}

/* One number of a record at *p (before end): digits, a '-' first for a
 * signed one, no overflow; *p moves past it. */
static bool parse_num(const char **p, const char *end, bool sign, uintmax_t *u, intmax_t *v)
{
	bool neg = sign && *p < end && **p == '-';
	const char *s = *p + neg;
	uintmax_t n = 0, max = sign ? (uintmax_t)INTMAX_MAX : UINTMAX_MAX;
	if (s >= end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (max - (uintmax_t)(*s - '0')) / 10)
			return false;
		n = n * 10 + (uintmax_t)(*s - '0');
	}
	*p = s;
	if (sign)
		*v = neg ? -(intmax_t)n : (intmax_t)n;
	else
		*u = n;
	return true;
}

/* A record's numbers, as stored: "DEV INO SIZE MSEC MNSEC CSEC CNSEC". */
static bool parse_numbers(const char *s, size_t n, record *r)
{
	const char *p = s, *end = s + n;
	uintmax_t *u[] = {&r->dev, &r->ino, &r->size};
	intmax_t *v[] = {&r->msec, &r->mnsec, &r->csec, &r->cnsec};
	for (size_t i = 0; i < 7; i++) {
		if (i && (p >= end || *p++ != ' '))
			return false;
		if (!parse_num(&p, end, i >= 3, i < 3 ? u[i] : NULL, i >= 3 ? v[i - 3] : NULL))
			return false;
	}
	return p == end;
}

td_written *td_written_load(const td_kv *cache, const char *dir)
{
	td_written *w = td_xcalloc(1, sizeof *w);
	w->sorted = true;
	if (!cache)
		return w;
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	entry_key(&key, dir);
	if (cache->get(cache->ud, "written", &key, &val)) {
		const char *v = val.ptr ? val.ptr : "";
		size_t pos = 0;
		while (pos < val.len) {
			const char *path, *k, *nums;
			size_t lp, lk, ln;
			record r = {0};
			if (!td_part_get(v, val.len, &pos, &path, &lp) ||
			    !td_part_get(v, val.len, &pos, &k, &lk) ||
			    !td_part_get(v, val.len, &pos, &nums, &ln) || !parse_numbers(nums, ln, &r) ||
			    memchr(path, '\0', lp) || memchr(k, '\0', lk)) {
				td_written_free(w); /* damaged: as if there were none */
				w = td_xcalloc(1, sizeof *w);
				break;
			}
			r.path = td_xstrndup(path, lp);
			r.key = td_xstrndup(k, lk);
			add(w, r);
		}
		if (w->len > 1)
			qsort(w->items, w->len, sizeof *w->items, cmp_record);
		for (size_t i = 1; i < w->len; i++)
			if (!strcmp(w->items[i - 1].path, w->items[i].path)) { /* a path twice: damaged */
				td_written_free(w);
				w = td_xcalloc(1, sizeof *w);
				break;
			}
	}
	w->sorted = true;
	td_buf_free(&key);
	td_buf_free(&val);
	return w;
}

bool td_written_same(const td_written *w, const char *rel, const char *key, const struct stat *st)
{
	if (!key || !w->len)
		return false;
	record probe = {.path = (char *)rel};
	const record *r = bsearch(&probe, w->items, w->len, sizeof *w->items, cmp_record);
	record now = {.dev = (uintmax_t)st->st_dev,
	              .ino = (uintmax_t)st->st_ino,
	              .size = (uintmax_t)st->st_size,
	              .msec = (intmax_t)st->st_mtim.tv_sec,
	              .mnsec = (intmax_t)st->st_mtim.tv_nsec,
	              .csec = (intmax_t)st->st_ctim.tv_sec,
	              .cnsec = (intmax_t)st->st_ctim.tv_nsec};
	return r && !strcmp(r->key, key) && r->dev == now.dev && r->ino == now.ino && r->size == now.size &&
	       r->msec == now.msec && r->mnsec == now.mnsec && r->csec == now.csec && r->cnsec == now.cnsec;
}

void td_written_note(td_written *w, const char *rel, const char *key, const struct stat *st,
                     const struct timespec *before)
{
	/* settled: changed TD_WRITTEN_SETTLED seconds or more before the stat;
	 * a change time of 0 is a file system that keeps none */
	if (!key || st->st_ctim.tv_sec <= 0 ||
	    (before && (intmax_t)st->st_ctim.tv_sec > (intmax_t)before->tv_sec - TD_WRITTEN_SETTLED))
		return;
	add(w, from_stat(rel, key, st));
	w->sorted = false;
}

void td_written_store(td_written *w, const td_kv *cache, const char *dir)
{
	if (!cache || cache->readonly)
		return;
	if (!w->sorted && w->len > 1)
		qsort(w->items, w->len, sizeof *w->items, cmp_record);
	w->sorted = true;
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT, nums = TD_BUF_INIT;
	entry_key(&key, dir);
	for (size_t i = 0; i < w->len; i++) {
		const record *r = &w->items[i];
		td_part_put(&val, r->path, strlen(r->path));
		td_part_put(&val, r->key, strlen(r->key));
		td_buf_clear(&nums);
		td_buf_printf(&nums, "%ju %ju %ju %jd %jd %jd %jd", r->dev, r->ino, r->size, r->msec,
		              r->mnsec, r->csec, r->cnsec);
		td_part_put(&val, nums.ptr, nums.len);
	}
	cache->put(cache->ud, "written", &key, &val);
	td_buf_free(&key);
	td_buf_free(&val);
	td_buf_free(&nums);
}

void td_written_free(td_written *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->len; i++) {
		free(w->items[i].path);
		free(w->items[i].key);
	}
	free(w->items);
	free(w);
}
