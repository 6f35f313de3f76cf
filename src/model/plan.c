#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Open addressing hash of ids -> node refs. */
struct idslot {
	const char *id;
	td_node_ref ref;
	td_loc loc;
};

struct td_idmap {
	struct idslot *slots;
	size_t cap, len;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct idslot *find_slot(struct idslot *slots, size_t cap, const char *id)
{
	size_t i = (size_t)hash_str(id) & (cap - 1);
	while (slots[i].id && strcmp(slots[i].id, id) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void idmap_grow(struct td_idmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 256;
	struct idslot *ns = td_xcalloc(ncap, sizeof *ns);
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].id)
			*find_slot(ns, ncap, m->slots[i].id) = m->slots[i];
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

td_plan *td_plan_new(void)
{
	td_plan *p = td_xcalloc(1, sizeof *p);
	p->arena = td_arena_new();
	p->ids = td_xcalloc(1, sizeof *p->ids);
	p->hours_per_day = 8;
	p->days_per_week = 5;
	p->as_of = TD_DATE_NONE;
	p->target = TD_DATE_NONE;
	return p;
}

void td_plan_free(td_plan *p)
{
	if (!p)
		return;
	if (p->ids)
		free(p->ids->slots);
	free(p->ids);
	free(p->workstreams);
	free(p->phases);
	free(p->tasks);
	free(p->externals);
	free(p->unparsed_ids);
	td_arena_free(p->arena);
	free(p);
}

void td_plan_reserve_ids(td_plan *p, size_t n)
{
	struct td_idmap *m = p->ids;
	while ((m->len + n) * 2 > m->cap)
		idmap_grow(m);
}

const td_loc *td_plan_add_id(td_plan *p, const char *id, td_loc loc, td_node_kind kind, void *ptr)
{
	struct td_idmap *m = p->ids;
	if ((m->len + 1) * 2 > m->cap)
		idmap_grow(m);
	struct idslot *s = find_slot(m->slots, m->cap, id);
	if (s->id)
		return &s->loc;
	s->id = id;
	s->ref.kind = kind;
	s->ref.ptr = ptr;
	s->loc = loc;
	m->len++;
	return NULL;
}

void td_plan_add_unparsed_id(td_plan *p, const char *id, size_t len)
{
	td_grow((void **)&p->unparsed_ids, &p->unparsed_cap, p->nunparsed_ids + 1, sizeof(char *));
	p->unparsed_ids[p->nunparsed_ids++] = td_arena_strndup(p->arena, id, len);
}

bool td_plan_unparsed_id(const td_plan *p, const char *id)
{
	if (p->unread_file)
		return true;
	for (size_t i = 0; i < p->nunparsed_ids; i++)
		if (!strcmp(p->unparsed_ids[i], id))
			return true;
	return false;
}

bool td_plan_lookup(const td_plan *p, const char *id, td_node_ref *out)
{
	const struct td_idmap *m = p->ids;
	if (!m->cap)
		return false;
	struct idslot *s = find_slot(m->slots, m->cap, id);
	if (!s->id)
		return false;
	if (out)
		*out = s->ref;
	return true;
}

static int cmp_task_ptr(const void *a, const void *b)
{
	const td_task *x = *(td_task *const *)a, *y = *(td_task *const *)b;
	return td_natcmp(x->id, y->id);
}

static int cmp_ext_ptr(const void *a, const void *b)
{
	const td_external *x = *(td_external *const *)a, *y = *(td_external *const *)b;
	return td_natcmp(x->id, y->id);
}

/* Sorts the n pointers at v by cmp, unless they are in order already (a
 * plan's files list their ids in order more often than not: a pass of n
 * comparisons instead of n log n). */
static void sort_ptrs(void *v, size_t n, int (*cmp)(const void *, const void *))
{
	void **a = v;
	size_t i = 1;
	while (i < n && cmp(&a[i - 1], &a[i]) <= 0)
		i++;
	if (i < n)
		qsort(a, n, sizeof *a, cmp);
}

void td_plan_finish(td_plan *p)
{
	sort_ptrs(p->externals, p->nexternals, cmp_ext_ptr);
	for (size_t i = 0; i < p->nexternals; i++)
		p->externals[i]->index = i;
	sort_ptrs(p->tasks, p->ntasks, cmp_task_ptr);
	for (size_t i = 0; i < p->ntasks; i++)
		p->tasks[i]->index = i;
	size_t np = 0;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		td_workstream *ws = p->workstreams[w];
		ws->index = w;
		sort_ptrs(ws->externals, ws->nexternals, cmp_ext_ptr);
		for (size_t k = 0; k < ws->nphases; k++) {
			td_phase *ph = ws->phases[k];
			sort_ptrs(ph->tasks, ph->ntasks, cmp_task_ptr);
			np++;
		}
	}
	free(p->phases);
	p->phases = td_xcalloc(np ? np : 1, sizeof *p->phases);
	p->nphases = 0;
	for (size_t w = 0; w < p->nworkstreams; w++)
		for (size_t k = 0; k < p->workstreams[w]->nphases; k++) {
			td_phase *ph = p->workstreams[w]->phases[k];
			ph->index = p->nphases;
			p->phases[p->nphases++] = ph;
		}
}

const char *const td_status_names[TD_STATUS_COUNT + 1] = {"todo",     "in-progress", "review", "blocked",
                                                       "deferred", "done",        "dropped", NULL};

const char *td_status_name(td_status s)
{
	return td_status_names[s];
}

/* A word as matched: ASCII lower case, ' ' and '_' read as '-' ("In
 * Progress" is "in-progress"). Returns false when it does not fit out. */
static bool enum_word(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s);
	if (n + 1 > cap)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ' || c == '_')
			c = '-';
		out[i] = c;
	}
	return true;
}

/* Other words for an enum's values: names[i] means values[i]. */
struct enum_aliases {
	const char *const *names; /* NULL-terminated */
	const int *values;
};

/* Other words for a status (SCHEMA 3.1). */
const char *const td_status_aliases[] = {"pending",       "planned",  "active",    "validation-pending",
                                         "code-complete", "complete", "completed", "deprecated",
                                         NULL};
static const int status_alias_values[] = {TD_STATUS_TODO,   TD_STATUS_TODO, TD_STATUS_IN_PROGRESS,
                                          TD_STATUS_REVIEW, TD_STATUS_REVIEW, TD_STATUS_DONE,
                                          TD_STATUS_DONE,   TD_STATUS_DROPPED};
static const struct enum_aliases status_aliases = {td_status_aliases, status_alias_values};

const char *const td_priority_names[] = {"critical", "high", "medium", "low", NULL};

/* P0 is the most urgent, as in most trackers that number priorities. */
static const char *const prio_alias_names[] = {"p0", "p1", "p2", "p3", NULL};
static const int prio_alias_values[] = {TD_PRIO_CRITICAL, TD_PRIO_HIGH, TD_PRIO_MEDIUM, TD_PRIO_LOW};
static const struct enum_aliases prio_aliases = {prio_alias_names, prio_alias_values};

static int enum_parse(const char *s, const char *const *names, int nnames, const struct enum_aliases *aliases)
{
	char w[32];
	if (!enum_word(s, w, sizeof w))
		return -1;
	for (int i = 0; i < nnames; i++)
		if (strcmp(w, names[i]) == 0)
			return i;
	for (size_t i = 0; aliases && aliases->names[i]; i++)
		if (strcmp(w, aliases->names[i]) == 0)
			return aliases->values[i];
	return -1;
}

/* The name or alias closest to s, or NULL. */
static const char *enum_suggest(const char *s, const char *const *names, int nnames,
                                const struct enum_aliases *aliases)
{
	char w[64];
	const char *cand[32];
	size_t n = 0;
	if (!enum_word(s, w, sizeof w))
		return NULL;
	for (int i = 0; i < nnames && n + 1 < TD_ARRAY_LEN(cand); i++)
		cand[n++] = names[i];
	for (size_t i = 0; aliases && aliases->names[i] && n + 1 < TD_ARRAY_LEN(cand); i++)
		cand[n++] = aliases->names[i];
	cand[n] = NULL;
	const char *best = td_did_you_mean(w, cand);
	if (!best)
		return NULL;
	/* enum words are short: "nope" is two letters from "done" but means
	 * nothing of the kind. Close is a third of the letters, or two swapped. */
	size_t wl = strlen(w);
	int cap = wl / 3 > 1 ? (int)(wl / 3) : 1;
	if (td_edit_distance(w, best, cap) <= cap)
		return best;
	if (strlen(best) == wl) {
		size_t i = 0;
		while (i < wl && w[i] == best[i])
			i++;
		if (i + 1 < wl && w[i] == best[i + 1] && w[i + 1] == best[i] && !strcmp(w + i + 2, best + i + 2))
			return best;
	}
	return NULL;
}

int td_status_parse(const char *s)
{
	return enum_parse(s, td_status_names, TD_STATUS_COUNT, &status_aliases);
}

const char *td_status_suggest(const char *s)
{
	return enum_suggest(s, td_status_names, TD_STATUS_COUNT, &status_aliases);
}

const char *td_priority_name(td_priority p)
{
	return p == TD_PRIO_NONE ? "none" : td_priority_names[p];
}

int td_priority_parse(const char *s)
{
	return enum_parse(s, td_priority_names, TD_PRIO_NONE, &prio_aliases);
}

const char *td_priority_suggest(const char *s)
{
	return enum_suggest(s, td_priority_names, TD_PRIO_NONE, &prio_aliases);
}

const char *const td_level_names[] = {"low", "medium", "high", "critical", NULL};

const char *td_level_name(td_level l)
{
	return td_level_names[l];
}

int td_level_parse(const char *s, bool allow_critical)
{
	return enum_parse(s, td_level_names, allow_critical ? 4 : 3, NULL);
}

const char *td_level_suggest(const char *s, bool allow_critical)
{
	return enum_suggest(s, td_level_names, allow_critical ? 4 : 3, NULL);
}

const char *const td_risk_status_names[] = {"open", "mitigated", "closed", "mitigating", NULL};

const char *td_risk_status_name(td_risk_status s)
{
	return td_risk_status_names[s];
}

int td_risk_status_parse(const char *s)
{
	return enum_parse(s, td_risk_status_names, 4, NULL);
}

const char *td_risk_status_suggest(const char *s)
{
	return enum_suggest(s, td_risk_status_names, 4, NULL);
}

const char *const td_ext_status_names[TD_EXT_COUNT + 1] = {"expected", "at-risk", "late", "arrived", NULL};

/* Other words for an external item's status: what vendors and teams say. */
const char *const td_ext_status_aliases[] = {"pending", "ordered", "delayed", "delivered", "received", "done",
                                             NULL};
static const int ext_alias_values[] = {TD_EXT_EXPECTED, TD_EXT_EXPECTED, TD_EXT_LATE,
                                       TD_EXT_ARRIVED,  TD_EXT_ARRIVED,  TD_EXT_ARRIVED};
static const struct enum_aliases ext_aliases = {td_ext_status_aliases, ext_alias_values};

const char *td_ext_status_name(td_ext_status s)
{
	return td_ext_status_names[s];
}

int td_ext_status_parse(const char *s)
{
	return enum_parse(s, td_ext_status_names, TD_EXT_COUNT, &ext_aliases);
}

const char *td_ext_status_suggest(const char *s)
{
	return enum_suggest(s, td_ext_status_names, TD_EXT_COUNT, &ext_aliases);
}

const char *td_node_kind_name(td_node_kind k)
{
	return k == TD_NODE_TASK    ? "task"
	       : k == TD_NODE_PHASE ? "phase"
	       : k == TD_NODE_EXTERNAL ? "external"
	                            : "workstream";
}

/* Reads a non-negative decimal number; returns the end or NULL. */
static const char *read_number(const char *s, double *out)
{
	const char *p = s;
	double v = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		p++, digits++;
	}
	if (*p == '.') {
		p++;
		double scale = 0.1;
		int frac = 0;
		while (*p >= '0' && *p <= '9') {
			v += (*p - '0') * scale;
			scale /= 10;
			p++, frac++;
		}
		if (!frac)
			return NULL;
	}
	if (!digits && p == s)
		return NULL;
	if (digits > 6)
		return NULL;
	*out = v;
	return p;
}

/* Unit words of an estimate, matched without regard to case. Minutes are
 * read as hours (rounded to 0.01 h): the canonical units stay h, d and w. */
static const struct {
	const char *word;
	char unit;
	double per; /* author's numbers per unit */
} unit_words[] = {
    {"h", 'h', 1},      {"hr", 'h', 1},     {"hrs", 'h', 1},      {"hour", 'h', 1},   {"hours", 'h', 1},
    {"d", 'd', 1},      {"day", 'd', 1},    {"days", 'd', 1},     {"w", 'w', 1},      {"wk", 'w', 1},
    {"wks", 'w', 1},    {"week", 'w', 1},   {"weeks", 'w', 1},    {"min", 'h', 60},   {"mins", 'h', 60},
    {"minute", 'h', 60}, {"minutes", 'h', 60},
};

static bool unit_word(const char *p, char *unit, double *per)
{
	char w[8];
	size_t n = strlen(p);
	if (n == 0 || n >= sizeof w)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		w[i] = c;
	}
	for (size_t i = 0; i < TD_ARRAY_LEN(unit_words); i++)
		if (!strcmp(w, unit_words[i].word)) {
			*unit = unit_words[i].unit;
			*per = unit_words[i].per;
			return true;
		}
	return false;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

int td_estimate_parse(const char *s, double hours_per_day, double days_per_week, td_estimate *out)
{
	double lo, hi, per;
	const char *p = s;
	if (*p == '~') /* "about": the number is read as it is */
		p = skip_blanks(p + 1);
	p = read_number(p, &lo);
	if (!p)
		return -1;
	hi = lo;
	const char *q = skip_blanks(p);
	if (*q == '-' || !strncmp(q, "\xE2\x80\x93", 3)) { /* '-' or an en dash */
		q = skip_blanks(q + (*q == '-' ? 1 : 3));
		p = read_number(q, &hi);
		if (!p)
			return TD_ESTIMATE_BAD;
	}
	p = skip_blanks(p);
	char unit;
	if (!unit_word(p, &unit, &per))
		return TD_ESTIMATE_BAD;
	if (per != 1) {
		lo = round(lo / per * 100) / 100;
		hi = round(hi / per * 100) / 100;
	}
	if (hi < lo)
		return TD_ESTIMATE_REVERSED;
	if (hi <= 0)
		return TD_ESTIMATE_ZERO;
	double f = unit == 'h' ? 1 : unit == 'd' ? hours_per_day : hours_per_day * days_per_week;
	memset(out, 0, sizeof *out);
	out->known = true;
	out->text = s;
	out->lo = lo;
	out->hi = hi;
	out->unit = unit;
	out->min_hours = lo * f;
	out->max_hours = hi * f;
	out->expected_hours = (lo + hi) / 2 * f;
	return 0;
}
