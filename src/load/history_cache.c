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

static bool put_ids(td_buf *out, const idmap *m, const uint32_t *ids, size_t nids)
{
	for (size_t i = 0; i < nids; i++) {
		long l = local_of(m, ids[i]);
		if (l < 0)
			return false;
		td_buf_printf(out, " %ld", l);
	}
	return true;
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
	long ws = local_of(&m, s->workstream);
	ok = ok && ws >= -1;
	td_buf_printf(out, "\n%ld\n", ws);
	if (s->error) {
		td_buf_puts(out, "1\n");
		td_part_put(out, s->error, strlen(s->error));
		td_buf_putc(out, '\n');
	} else {
		td_buf_puts(out, "0\n");
	}
	td_buf_printf(out, "%zu\n", s->nphases);
	for (size_t i = 0; ok && i < s->nphases; i++) {
		long id = local_of(&m, s->phases[i].id);
		ok = id >= 0;
		td_buf_printf(out, "%ld %u", id, s->phases[i].ndeps);
		ok = ok && put_ids(out, &m, s->phases[i].deps, s->phases[i].ndeps);
		td_buf_putc(out, '\n');
	}
	td_buf_printf(out, "%zu\n", s->ntasks);
	for (size_t i = 0; ok && i < s->ntasks; i++) {
		const td_snap_task *t = &s->tasks[i];
		long id = local_of(&m, t->id), title = local_of(&m, t->title), phase = local_of(&m, t->phase),
		     owner = local_of(&m, t->owner);
		ok = id >= 0 && title >= 0 && phase >= 0 && owner >= -1;
		td_buf_printf(out, "%ld %ld %ld %ld %u %u %d %d %a %a %u", id, title, phase, owner, t->status, t->priority,
		              (int)(unsigned char)t->unit, t->blocked, t->lo, t->hi, t->ndeps);
		ok = ok && put_ids(out, &m, t->deps, t->ndeps);
		td_buf_putc(out, '\n');
	}
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

static double real(cursor *c, char sep)
{
	const char *t;
	size_t n;
	char tmp[72];
	if (!token(c, sep, &t, &n, NULL))
		return 0;
	memcpy(tmp, t, n);
	tmp[n] = '\0';
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
	newline(&c);
	long ws = field(&c, -1, nstr - 1, '\n');
	const char *err = NULL;
	size_t errlen = 0;
	if (field(&c, 0, 1, '\n') == 1 && !c.bad && (!td_part_get(c.s, c.len, &c.pos, &err, &errlen) || !newline(&c)))
		c.bad = true;
	/* the arrays go into the arena even when the bytes turn out bad: the
	 * log's arena is freed with it, and a bad entry is rare */
	size_t nph = (size_t)field(&c, 0, (long)(len - c.pos), '\n');
	td_snap_phase *ph = td_arena_alloc(arena, (nph ? nph : 1) * sizeof *ph);
	for (size_t i = 0; i < nph && !c.bad; i++) {
		ph[i].id = (uint32_t)field(&c, 0, nstr - 1, ' ');
		size_t nd = dep_count(&c);
		ph[i].ndeps = (uint32_t)nd;
		ph[i].deps = id_list(&c, arena, nd, nstr);
	}
	size_t nt = (size_t)field(&c, 0, (long)(len - c.pos), '\n');
	td_snap_task *tk = td_arena_alloc(arena, (nt ? nt : 1) * sizeof *tk);
	for (size_t i = 0; i < nt && !c.bad; i++) {
		td_snap_task *t = &tk[i];
		memset(t, 0, sizeof *t);
		t->id = (uint32_t)field(&c, 0, nstr - 1, ' ');
		t->title = (uint32_t)field(&c, 0, nstr - 1, ' ');
		t->phase = (uint32_t)field(&c, 0, nstr - 1, ' ');
		long owner = field(&c, -1, nstr - 1, ' ');
		t->owner = owner < 0 ? TD_STR_NONE : (uint32_t)owner;
		t->status = (uint8_t)field(&c, 0, TD_STATUS_COUNT - 1, ' ');
		t->priority = (uint8_t)field(&c, 0, TD_PRIO_NONE, ' ');
		long unit = field(&c, 0, 255, ' ');
		if (unit != 0 && unit != 'h' && unit != 'd' && unit != 'w')
			c.bad = true;
		t->unit = (char)unit;
		t->blocked = field(&c, 0, 1, ' ') == 1;
		t->lo = real(&c, ' ');
		t->hi = real(&c, ' ');
		size_t nd = dep_count(&c);
		t->ndeps = (uint32_t)nd;
		t->deps = id_list(&c, arena, nd, nstr);
	}
	bool ok = !c.bad && c.pos == len;
	if (ok) {
		/* now, and only now, the strings go into the table, in the
		 * parse's order; local numbers become the table's */
		uint32_t *g = td_xmalloc(((size_t)nstr + 1) * sizeof *g);
		for (long i = 0; i < nstr; i++)
			g[i] = td_strtab_intern(strs, sv[i], sl[i]);
		memset(out, 0, sizeof *out);
		out->workstream = ws < 0 ? TD_STR_NONE : g[ws];
		out->error = err ? td_arena_strndup(arena, err, errlen) : NULL;
		for (size_t i = 0; i < nph; i++) {
			ph[i].id = g[ph[i].id];
			for (size_t k = 0; k < ph[i].ndeps; k++)
				((uint32_t *)ph[i].deps)[k] = g[ph[i].deps[k]];
		}
		for (size_t i = 0; i < nt; i++) {
			td_snap_task *t = &tk[i];
			t->id = g[t->id];
			t->title = g[t->title];
			t->phase = g[t->phase];
			if (t->owner != TD_STR_NONE)
				t->owner = g[t->owner];
			for (size_t k = 0; k < t->ndeps; k++)
				((uint32_t *)t->deps)[k] = g[t->deps[k]];
		}
		out->phases = ph;
		out->nphases = nph;
		out->tasks = tk;
		out->ntasks = nt;
		td_snap_sort_tasks(out);
		free(g);
	}
	free(sv);
	free(sl);
	return ok;
}
