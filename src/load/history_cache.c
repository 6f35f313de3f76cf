/*
 * history_cache.c - a workstream file's snapshot as bytes and back, for
 * the build cache (load/history.h): reading 2,000 commits of a 10,000-task
 * plan parsed 2,000 blobs, a quarter of the build, at every build.
 *
 * What a snapshot holds are indices into the history's string table, whose
 * numbering depends on the order strings were first seen. So the bytes
 * keep the strings the parse interned, in the order it interned them, and
 * reading them back interns them in that order again: the table ends up
 * as the parse would have left it, whatever it held before, and nothing
 * that sorts by index can tell a cached snapshot from a parsed one.
 *
 * Nothing read from the cache is trusted: the bytes are checked whole
 * (counts, indices, statuses) before anything is interned, and anything
 * else is a miss.
 */
#include "load/history.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "taskdoc snapshot 1\n"

/* global index -> local number: open addressing, local + 1 (0 = empty) */
typedef struct {
	uint32_t *key, *val;
	size_t cap;
} idmap;

static uint32_t *slot(const idmap *m, uint32_t g)
{
	size_t k = ((size_t)g * 0x9E3779B1u) & (m->cap - 1);
	while (m->val[k] && m->key[k] != g)
		k = (k + 1) & (m->cap - 1);
	return &m->val[k];
}

/* The local number of global index g: -1 for none, -2 when the parse did not intern it. */
static long local_of(const idmap *m, uint32_t g)
{
	if (g == TD_STR_NONE)
		return -1;
	uint32_t v = *slot(m, g);
	return v ? (long)v - 1 : -2;
}

/* A whole number in decimal after sep (0: none): the hot loops below write
 * hundreds of thousands of them, where printf was most of the cost. */
static void put_int(td_buf *out, char sep, long long v)
{
	char tmp[24];
	size_t n = sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--n] = '-';
	if (sep)
		td_buf_putc(out, sep);
	td_buf_put(out, tmp + n, sizeof tmp - n);
}

/* A number of hours: whole ones in decimal, the others exactly (%a);
 * strtod reads both back to the same double. */
static void put_real(td_buf *out, char sep, double v)
{
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v && !signbit(v))
		put_int(out, sep, (long long)v);
	else {
		if (sep)
			td_buf_putc(out, sep);
		td_buf_printf(out, "%a", v);
	}
}

/* The number s is written as: its local number through m, or (m NULL)
 * the table's index itself; -1 for none. */
static long number(const idmap *m, uint32_t g)
{
	if (!m)
		return g == TD_STR_NONE ? -1 : (long)g;
	return local_of(m, g);
}

static bool put_ids(td_buf *out, const idmap *m, const uint32_t *ids, size_t nids)
{
	for (size_t i = 0; i < nids; i++) {
		long l = number(m, ids[i]);
		if (l < 0)
			return false;
		put_int(out, ' ', l);
	}
	return true;
}

/* A snapshot after its strings: string numbers through m (NULL: the
 * table's own indices). false when an index has no number. */
static bool put_body(td_buf *out, const td_snap *s, const idmap *m)
{
	bool ok = true;
	long ws = number(m, s->workstream);
	ok = ok && ws >= -1;
	td_buf_printf(out, "%ld\n", ws);
	if (s->error) {
		td_buf_puts(out, "1\n");
		td_part_put(out, s->error, strlen(s->error));
		td_buf_putc(out, '\n');
	} else {
		td_buf_puts(out, "0\n");
	}
	td_buf_printf(out, "%zu\n", s->nphases);
	for (size_t i = 0; ok && i < s->nphases; i++) {
		long id = number(m, s->phases[i].id);
		ok = id >= 0;
		put_int(out, 0, id);
		put_int(out, ' ', s->phases[i].ndeps);
		ok = ok && put_ids(out, m, s->phases[i].deps, s->phases[i].ndeps);
		td_buf_putc(out, '\n');
	}
	td_buf_printf(out, "%zu\n", s->ntasks);
	for (size_t i = 0; ok && i < s->ntasks; i++) {
		const td_snap_task *t = &s->tasks[i];
		long id = number(m, t->id), title = number(m, t->title), phase = number(m, t->phase),
		     owner = number(m, t->owner);
		ok = id >= 0 && title >= 0 && phase >= 0 && owner >= -1;
		put_int(out, 0, id);
		put_int(out, ' ', title);
		put_int(out, ' ', phase);
		put_int(out, ' ', owner);
		put_int(out, ' ', t->status);
		put_int(out, ' ', t->priority);
		put_int(out, ' ', (unsigned char)t->unit);
		put_int(out, ' ', t->blocked);
		put_real(out, ' ', t->lo);
		put_real(out, ' ', t->hi);
		put_int(out, ' ', t->ndeps);
		ok = ok && put_ids(out, m, t->deps, t->ndeps);
		td_buf_putc(out, '\n');
	}
	return ok;
}

bool td_snap_encode(td_buf *out, const td_snap *s, const td_strtab *strs, const uint32_t *trace, size_t ntrace)
{
	/* the distinct indices of the trace, in first-seen order */
	idmap m = {NULL, NULL, 16};
	while (m.cap < 2 * ntrace)
		m.cap *= 2;
	m.key = td_xcalloc(m.cap, sizeof *m.key);
	m.val = td_xcalloc(m.cap, sizeof *m.val);
	uint32_t *order = td_xmalloc((ntrace ? ntrace : 1) * sizeof *order);
	size_t norder = 0;
	for (size_t i = 0; i < ntrace; i++) {
		uint32_t *v = slot(&m, trace[i]);
		if (*v)
			continue;
		m.key[v - m.val] = trace[i];
		*v = (uint32_t)norder + 1;
		order[norder++] = trace[i];
	}
	bool ok = true;
	td_buf_clear(out);
	td_buf_puts(out, MAGIC);
	td_buf_printf(out, "%zu\n", norder);
	for (size_t i = 0; i < norder; i++)
		td_part_put(out, strs->strs[order[i]], strs->lens[order[i]]);
	td_buf_putc(out, '\n');
	ok = put_body(out, s, &m);
	free(m.key);
	free(m.val);
	free(order);
	if (!ok)
		td_buf_clear(out);
	return ok;
}

/* ---- reading back ---- */

typedef struct {
	const char *s;
	size_t len, pos;
	bool bad;
} cursor;

/* The next token, up to a space or a newline, which is consumed and
 * returned in *got; false (c is bad) when there is none or it is not sep
 * (0: either). */
static bool token(cursor *c, char sep, const char **t, size_t *n, char *got)
{
	if (c->bad)
		return false;
	size_t stop = c->pos;
	while (stop < c->len && c->s[stop] != ' ' && c->s[stop] != '\n' && stop - c->pos < 64)
		stop++;
	if (stop >= c->len || (c->s[stop] != ' ' && c->s[stop] != '\n') || (sep && c->s[stop] != sep) ||
	    stop == c->pos) {
		c->bad = true;
		return false;
	}
	*t = c->s + c->pos;
	*n = stop - c->pos;
	if (got)
		*got = c->s[stop];
	c->pos = stop + 1;
	return true;
}

/* A whole number in [min, max] (min is -1 or 0), then sep (0: either,
 * returned in *got). */
static long field_sep(cursor *c, long min, long max, char sep, char *got)
{
	const char *t;
	size_t n;
	if (!token(c, sep, &t, &n, got))
		return 0;
	if (min < 0 && n == 2 && t[0] == '-' && t[1] == '1')
		return -1;
	size_t v = 0;
	if (max < 0) { /* nothing but -1 is in [-1, -1] */
		c->bad = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9' || v > (size_t)max) {
			c->bad = true;
			return 0;
		}
		v = v * 10 + (size_t)(t[i] - '0');
	}
	if (v > (size_t)max) {
		c->bad = true;
		return 0;
	}
	return (long)v;
}

static long field(cursor *c, long min, long max, char sep)
{
	return field_sep(c, min, max, sep, NULL);
}

/* A count of ids that follow on the line: a newline after 0, a space after more. */
static size_t dep_count(cursor *c)
{
	char got = 0;
	size_t n = (size_t)field_sep(c, 0, (long)(c->len - c->pos), 0, &got);
	if (!c->bad && (got == '\n') != (n == 0))
		c->bad = true;
	return c->bad ? 0 : n;
}

/* The next token as a C string in tmp (token keeps it under 65 bytes). */
static bool token_str(cursor *c, char sep, char tmp[72])
{
	const char *t;
	size_t n;
	if (!token(c, sep, &t, &n, NULL))
		return false;
	memcpy(tmp, t, n);
	tmp[n] = '\0';
	return true;
}

static double real(cursor *c, char sep)
{
	char tmp[72];
	if (!token_str(c, sep, tmp))
		return 0;
	char *e = NULL;
	double v = strtod(tmp, &e);
	if (*e)
		c->bad = true;
	return v;
}

/* n local string numbers, the last one ending the line. */
static uint32_t *id_list(cursor *c, td_arena *arena, size_t n, long nstr)
{
	uint32_t *v = td_arena_alloc(arena, (n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n && !c->bad; i++)
		v[i] = (uint32_t)field(c, 0, nstr - 1, i + 1 < n ? ' ' : '\n');
	return v;
}

static bool newline(cursor *c)
{
	if (c->bad || c->pos >= c->len || c->s[c->pos] != '\n')
		return c->bad = true, false;
	c->pos++;
	return true;
}

/* A snapshot after its strings (put_body) into *out, with the string
 * numbers as written (each below nstr); arrays in arena, even when the
 * bytes turn out bad (the log's arena is freed with it, and a bad entry is
 * rare). false (c bad) when they are not one. */
static bool get_body(cursor *c, long nstr, td_arena *arena, td_snap *out)
{
	memset(out, 0, sizeof *out);
	long ws = field(c, -1, nstr - 1, '\n');
	const char *err = NULL;
	size_t errlen = 0;
	if (field(c, 0, 1, '\n') == 1 && !c->bad && (!td_part_get(c->s, c->len, &c->pos, &err, &errlen) || !newline(c)))
		c->bad = true;
	size_t nph = (size_t)field(c, 0, (long)(c->len - c->pos), '\n');
	td_snap_phase *ph = td_arena_alloc(arena, (nph ? nph : 1) * sizeof *ph);
	for (size_t i = 0; i < nph && !c->bad; i++) {
		ph[i].id = (uint32_t)field(c, 0, nstr - 1, ' ');
		size_t nd = dep_count(c);
		ph[i].ndeps = (uint32_t)nd;
		ph[i].deps = id_list(c, arena, nd, nstr);
	}
	size_t nt = (size_t)field(c, 0, (long)(c->len - c->pos), '\n');
	td_snap_task *tk = td_arena_alloc(arena, (nt ? nt : 1) * sizeof *tk);
	for (size_t i = 0; i < nt && !c->bad; i++) {
		td_snap_task *t = &tk[i];
		memset(t, 0, sizeof *t);
		t->id = (uint32_t)field(c, 0, nstr - 1, ' ');
		t->title = (uint32_t)field(c, 0, nstr - 1, ' ');
		t->phase = (uint32_t)field(c, 0, nstr - 1, ' ');
		long owner = field(c, -1, nstr - 1, ' ');
		t->owner = owner < 0 ? TD_STR_NONE : (uint32_t)owner;
		t->status = (uint8_t)field(c, 0, TD_STATUS_COUNT - 1, ' ');
		t->priority = (uint8_t)field(c, 0, TD_PRIO_NONE, ' ');
		long unit = field(c, 0, 255, ' ');
		if (unit != 0 && unit != 'h' && unit != 'd' && unit != 'w')
			c->bad = true;
		t->unit = (char)unit;
		t->blocked = field(c, 0, 1, ' ') == 1;
		t->lo = real(c, ' ');
		t->hi = real(c, ' ');
		size_t nd = dep_count(c);
		t->ndeps = (uint32_t)nd;
		t->deps = id_list(c, arena, nd, nstr);
	}
	if (c->bad)
		return false;
	out->workstream = ws < 0 ? TD_STR_NONE : (uint32_t)ws;
	out->error = err ? td_arena_strndup(arena, err, errlen) : NULL;
	out->phases = ph;
	out->nphases = nph;
	out->tasks = tk;
	out->ntasks = nt;
	return true;
}

/* The string numbers of s become the table's indices g[number]. */
static void map_body(td_snap *s, const uint32_t *g)
{
	if (s->workstream != TD_STR_NONE)
		s->workstream = g[s->workstream];
	for (size_t i = 0; i < s->nphases; i++) {
		td_snap_phase *ph = &s->phases[i];
		ph->id = g[ph->id];
		for (size_t k = 0; k < ph->ndeps; k++)
			((uint32_t *)ph->deps)[k] = g[ph->deps[k]];
	}
	for (size_t i = 0; i < s->ntasks; i++) {
		td_snap_task *t = &s->tasks[i];
		t->id = g[t->id];
		t->title = g[t->title];
		t->phase = g[t->phase];
		if (t->owner != TD_STR_NONE)
			t->owner = g[t->owner];
		for (size_t k = 0; k < t->ndeps; k++)
			((uint32_t *)t->deps)[k] = g[t->deps[k]];
	}
}

bool td_snap_decode(td_snap *out, td_strtab *strs, td_arena *arena, const char *data, size_t len)
{
	size_t ml = strlen(MAGIC);
	if (len < ml || memcmp(data, MAGIC, ml) != 0)
		return false;
	cursor c = {data, len, ml, false};
	long nstr = field(&c, 0, (long)(len / 2), '\n');
	const char **sv = td_xcalloc((size_t)nstr + 1, sizeof *sv);
	size_t *sl = td_xcalloc((size_t)nstr + 1, sizeof *sl);
	for (long i = 0; i < nstr && !c.bad; i++)
		if (!td_part_get(c.s, c.len, &c.pos, &sv[i], &sl[i]))
			c.bad = true;
	td_snap tmp;
	newline(&c);
	bool ok = get_body(&c, nstr, arena, &tmp) && c.pos == len;
	if (ok) {
		/* now, and only now, the strings go into the table, in the
		 * parse's order; local numbers become the table's */
		uint32_t *g = td_xmalloc(((size_t)nstr + 1) * sizeof *g);
		for (long i = 0; i < nstr; i++)
			g[i] = td_strtab_intern(strs, sv[i], sl[i]);
		map_body(&tmp, g);
		*out = tmp;
		td_snap_sort_tasks(out);
		free(g);
	}
	free(sv);
	free(sl);
	return ok;
}

/* ---- a whole log ---- */

/* The log's strings are written in table order and interned in that order
 * into the new log's empty table, so every index reads back as it was:
 * snapshots keep the table's own indices. Projects are kept as the text
 * they were read from and parsed again (a few small files). */

#define LOG_MAGIC "taskdoc history log 1\n"

/* pointer -> number, open addressing (number + 1; 0 = empty) */
typedef struct {
	const void **key;
	size_t *val;
	size_t cap, len;
	const void **order; /* by number */
} ptrmap;

static size_t ptr_slot(const void *p, size_t cap)
{
	return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
}

static size_t ptr_number(ptrmap *m, const void *p)
{
	if (2 * (m->len + 1) > m->cap) {
		ptrmap g = {NULL, NULL, m->cap ? 2 * m->cap : 64, 0, m->order};
		g.key = td_xcalloc(g.cap, sizeof *g.key);
		g.val = td_xcalloc(g.cap, sizeof *g.val);
		for (size_t i = 0; i < m->cap; i++)
			if (m->val[i]) {
				size_t k = ptr_slot(m->key[i], g.cap);
				while (g.val[k])
					k = (k + 1) & (g.cap - 1);
				g.key[k] = m->key[i];
				g.val[k] = m->val[i];
			}
		free(m->key);
		free(m->val);
		g.len = m->len;
		*m = g;
	}
	size_t k = ptr_slot(p, m->cap);
	while (m->val[k] && m->key[k] != p)
		k = (k + 1) & (m->cap - 1);
	if (!m->val[k]) {
		m->key[k] = p;
		m->val[k] = ++m->len;
		m->order = td_xrealloc(m->order, m->len * sizeof *m->order);
		m->order[m->len - 1] = p;
	}
	return m->val[k] - 1;
}

static void ptrmap_free(ptrmap *m)
{
	free(m->key);
	free(m->val);
	free(m->order);
}

bool td_hist_log_encode(td_buf *out, const td_hist_log *log)
{
	td_buf_clear(out);
	if (log->status != TD_HIST_OK && log->status != TD_HIST_UNTRACKED)
		return false;
	ptrmap snaps = {0}, projects = {0};
	/* numbers first: the commit lines need them */
	for (size_t k = 0; k < log->ncommits; k++) {
		const td_hist_commit *hc = &log->commits[k];
		for (size_t i = 0; i < hc->nfiles; i++)
			ptr_number(&snaps, hc->files[i].snap);
		if (hc->project)
			ptr_number(&projects, hc->project);
	}
	bool ok = true;
	td_buf_puts(out, LOG_MAGIC);
	td_buf_printf(out, "%d %d %d %zu %zu %zu %d\n", (int)log->status, log->shallow, log->detached, log->commits_read,
	              log->blobs_parsed, log->blobs_slow, log->reason != NULL);
	if (log->reason) {
		td_part_put(out, log->reason, strlen(log->reason));
		td_buf_putc(out, '\n');
	}
	td_buf_printf(out, "%zu\n", log->strs.len);
	for (size_t i = 0; i < log->strs.len; i++)
		td_part_put(out, log->strs.strs[i], log->strs.lens[i]);
	td_buf_printf(out, "\n%zu\n", snaps.len);
	for (size_t i = 0; ok && i < snaps.len; i++)
		ok = put_body(out, snaps.order[i], NULL);
	td_buf_printf(out, "%zu\n", projects.len);
	for (size_t i = 0; ok && i < projects.len; i++) {
		const td_hist_project *pr = projects.order[i];
		if (pr->text && pr->file) {
			td_buf_puts(out, "1\n");
			td_part_put(out, pr->file, strlen(pr->file));
			td_part_put(out, pr->text, pr->len);
		} else if (pr->error && !pr->plan) {
			td_buf_puts(out, "0\n");
			td_part_put(out, pr->error, strlen(pr->error));
		} else {
			ok = false; /* read without a cache: its text is gone */
		}
		td_buf_putc(out, '\n');
	}
	td_buf_printf(out, "%zu\n", log->ncommits);
	for (size_t k = 0; ok && k < log->ncommits; k++) {
		const td_hist_commit *hc = &log->commits[k];
		size_t idl = strnlen(hc->id, sizeof hc->id);
		bool share = k > 0 && hc->files == log->commits[k - 1].files && hc->nfiles == log->commits[k - 1].nfiles;
		ok = idl > 0 && idl < sizeof hc->id && strspn(hc->id, "0123456789abcdef") == idl;
		td_buf_printf(out, "%s %lld %ld %d %d %d %ld %d", hc->id, (long long)hc->time, (long)hc->date,
		              hc->content_changed, hc->changed, hc->graft,
		              hc->project ? (long)ptr_number(&projects, hc->project) : -1L, share);
		if (!share) {
			td_buf_printf(out, " %zu", hc->nfiles);
			for (size_t i = 0; i < hc->nfiles; i++)
			{
				put_int(out, ' ', hc->files[i].name);
				put_int(out, ' ', (long long)ptr_number(&snaps, hc->files[i].snap));
			}
		}
		td_buf_putc(out, '\n');
	}
	ptrmap_free(&snaps);
	ptrmap_free(&projects);
	if (!ok)
		td_buf_clear(out);
	return ok;
}

/* A whole number that may be negative or past a long's digits of a field:
 * the commit's time and date. */
static long long signed_field(cursor *c, long long min, long long max, char sep)
{
	char tmp[72];
	if (!token_str(c, sep, tmp))
		return 0;
	char *e = NULL;
	errno = 0;
	long long v = strtoll(tmp, &e, 10);
	if (*e || errno || v < min || v > max || !(tmp[0] == '-' || (tmp[0] >= '0' && tmp[0] <= '9')))
		c->bad = true;
	return v;
}

td_hist_log *td_hist_log_decode(const char *data, size_t len)
{
	size_t ml = strlen(LOG_MAGIC);
	if (len < ml || memcmp(data, LOG_MAGIC, ml) != 0)
		return NULL;
	cursor c = {data, len, ml, false};
	td_hist_log *log = td_hist_log_new(TD_HIST_OK, NULL);
	long status = field(&c, 0, TD_HIST_FAILED, ' ');
	log->shallow = field(&c, 0, 1, ' ') == 1;
	log->detached = field(&c, 0, 1, ' ') == 1;
	log->commits_read = (size_t)field(&c, 0, LONG_MAX, ' ');
	log->blobs_parsed = (size_t)field(&c, 0, LONG_MAX, ' ');
	log->blobs_slow = (size_t)field(&c, 0, LONG_MAX, ' ');
	const char *s;
	size_t n;
	if (field(&c, 0, 1, '\n') == 1 && !c.bad) {
		if (td_part_get(c.s, c.len, &c.pos, &s, &n) && newline(&c))
			log->reason = td_arena_strndup(log->arena, s, n);
		else
			c.bad = true;
	}
	if (status != TD_HIST_OK && status != TD_HIST_UNTRACKED)
		c.bad = true;
	log->status = (td_hist_status)status;
	long nstr = field(&c, 0, (long)(len / 2), '\n');
	for (long i = 0; i < nstr && !c.bad; i++) {
		/* every string once, in order: each must land at its own index */
		if (!td_part_get(c.s, c.len, &c.pos, &s, &n) || td_strtab_intern(&log->strs, s, n) != (uint32_t)i)
			c.bad = true;
	}
	newline(&c);
	/* counts are bounded by the bytes left (a snapshot takes at least 8,
	 * a project 4, a commit 16), so bad ones cannot ask for much memory */
	size_t nsnap = (size_t)field(&c, 0, (long)(len - c.pos) / 8, '\n');
	td_snap *snaps = td_arena_alloc(log->arena, (nsnap ? nsnap : 1) * sizeof *snaps);
	for (size_t i = 0; i < nsnap && !c.bad; i++)
		get_body(&c, nstr, log->arena, &snaps[i]);
	size_t nproj = (size_t)field(&c, 0, (long)(len - c.pos) / 4, '\n');
	td_hist_project *projects = td_arena_alloc(log->arena, (nproj ? nproj : 1) * sizeof *projects);
	for (size_t i = 0; i < nproj && !c.bad; i++) {
		long kind = field(&c, 0, 1, '\n');
		const char *f = NULL, *t = NULL;
		size_t fl = 0, tl = 0;
		if (c.bad || !td_part_get(c.s, c.len, &c.pos, &f, &fl) ||
		    (kind == 1 && !td_part_get(c.s, c.len, &c.pos, &t, &tl)) || !newline(&c)) {
			c.bad = true;
			break;
		}
		if (kind == 0) {
			projects[i].error = td_arena_strndup(log->arena, f, fl);
		} else {
			char *file = td_arena_strndup(log->arena, f, fl);
			td_hist_project_parse(&projects[i], log, file, t, tl);
			projects[i].file = file;
			projects[i].text = td_arena_strndup(log->arena, t, tl);
			projects[i].len = tl;
		}
	}
	size_t ncommits = (size_t)field(&c, 0, (long)(len - c.pos) / 16, '\n');
	if (!c.bad)
		log->commits = td_arena_alloc(log->arena, (ncommits ? ncommits : 1) * sizeof *log->commits);
	for (size_t k = 0; k < ncommits && !c.bad; k++) {
		td_hist_commit *hc = &log->commits[k];
		const char *t;
		if (!token(&c, ' ', &t, &n, NULL) || n >= sizeof hc->id || strspn(t, "0123456789abcdef") < n) {
			c.bad = true;
			break;
		}
		memcpy(hc->id, t, n);
		hc->time = (int64_t)signed_field(&c, INT64_MIN / 2, INT64_MAX / 2, ' ');
		hc->date = (td_date)signed_field(&c, INT32_MIN, INT32_MAX, ' ');
		hc->content_changed = field(&c, 0, 1, ' ') == 1;
		hc->changed = field(&c, 0, 1, ' ') == 1;
		hc->graft = field(&c, 0, 1, ' ') == 1;
		long pr = field(&c, -1, (long)nproj - 1, ' ');
		hc->project = pr < 0 ? NULL : &projects[pr];
		char got = 0;
		long share = field_sep(&c, 0, k > 0, 0, &got);
		if (share == 1) {
			if (got != '\n')
				c.bad = true;
			hc->files = log->commits[k - 1].files;
			hc->nfiles = log->commits[k - 1].nfiles;
			continue;
		}
		if (got != ' ') {
			c.bad = true;
			break;
		}
		hc->nfiles = dep_count(&c);
		hc->files = td_arena_alloc(log->arena, (hc->nfiles ? hc->nfiles : 1) * sizeof *hc->files);
		for (size_t i = 0; i < hc->nfiles && !c.bad; i++) {
			bool last = i + 1 == hc->nfiles;
			hc->files[i].name = (uint32_t)field(&c, 0, nstr - 1, ' ');
			hc->files[i].snap = &snaps[field(&c, 0, (long)nsnap - 1, last ? '\n' : ' ')];
		}
	}
	log->ncommits = ncommits;
	if (c.bad || c.pos != len) {
		td_hist_log_free(log);
		return NULL;
	}
	return log;
}
