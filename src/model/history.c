/* history.c - interned strings and the history log's lifetime. */
#include "model/history.h"

#include <stdlib.h>
#include <string.h>

/* A multiplicative hash over 8 bytes at a time (ids and titles are short). */
static uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0x94D049BB133111EBull;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

static void rehash(td_strtab *t, size_t nslots)
{
	free(t->slots);
	t->slots = td_xcalloc(nslots, sizeof *t->slots);
	t->nslots = nslots;
	for (size_t i = 0; i < t->len; i++) {
		size_t k = t->hashes[i] & (nslots - 1);
		while (t->slots[k])
			k = (k + 1) & (nslots - 1);
		t->slots[k] = (uint32_t)i + 1;
	}
}

static uint32_t intern(td_strtab *t, const char *s, size_t n);

uint32_t td_strtab_intern(td_strtab *t, const char *s, size_t n)
{
	uint32_t i = intern(t, s, n);
	if (t->trace_on) {
		td_grow((void **)&t->trace, &t->tracecap, t->ntrace + 1, sizeof *t->trace);
		t->trace[t->ntrace++] = i;
	}
	return i;
}

static uint32_t intern(td_strtab *t, const char *s, size_t n)
{
	if ((t->len + 1) * 2 > t->nslots)
		rehash(t, t->nslots ? t->nslots * 2 : 256);
	uint32_t h = hash_bytes(s, n);
	size_t k = h & (t->nslots - 1);
	while (t->slots[k]) {
		uint32_t i = t->slots[k] - 1;
		if (t->hashes[i] == h && t->lens[i] == n && !memcmp(t->strs[i], s, n))
			return i;
		k = (k + 1) & (t->nslots - 1);
	}
	if (t->len == t->cap) {
		size_t cap = t->cap;
		td_grow((void **)&t->strs, &cap, t->len + 1, sizeof *t->strs);
		t->hashes = td_xrealloc(t->hashes, cap * sizeof *t->hashes);
		t->lens = td_xrealloc(t->lens, cap * sizeof *t->lens);
		t->cap = cap;
	}
	t->strs[t->len] = td_xstrndup(s, n);
	t->hashes[t->len] = h;
	t->lens[t->len] = (uint32_t)n;
	t->slots[k] = (uint32_t)t->len + 1;
	return (uint32_t)t->len++;
}

uint32_t td_strtab_find(const td_strtab *t, const char *s)
{
	if (!t->nslots)
		return TD_STR_NONE;
	size_t n = strlen(s);
	uint32_t h = hash_bytes(s, n);
	size_t k = h & (t->nslots - 1);
	while (t->slots[k]) {
		uint32_t i = t->slots[k] - 1;
		if (t->hashes[i] == h && t->lens[i] == n && !memcmp(t->strs[i], s, n))
			return i;
		k = (k + 1) & (t->nslots - 1);
	}
	return TD_STR_NONE;
}

void td_strtab_free(td_strtab *t)
{
	for (size_t i = 0; i < t->len; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->hashes);
	free(t->lens);
	free(t->slots);
	free(t->trace);
	memset(t, 0, sizeof *t);
}

td_hist_log *td_hist_log_new(td_hist_status status, const char *reason)
{
	td_hist_log *log = td_xcalloc(1, sizeof *log);
	log->arena = td_arena_new();
	log->status = status;
	log->reason = reason ? td_arena_strdup(log->arena, reason) : NULL;
	log->rev = "HEAD";
	return log;
}

void td_hist_log_free(td_hist_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->nplans; i++)
		td_plan_free(log->plans[i]);
	free(log->plans);
	td_strtab_free(&log->strs);
	td_arena_free(log->arena);
	free(log);
}

double td_snap_hours(char unit, double v, double hours_per_day, double days_per_week)
{
	switch (unit) {
	case 'h':
		return v;
	case 'd':
		return v * hours_per_day;
	case 'w':
		return v * hours_per_day * days_per_week;
	default:
		return 0;
	}
}
