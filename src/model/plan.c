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
	td_arena_free(p->arena);
	free(p);
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

void td_plan_finish(td_plan *p)
{
	if (p->ntasks > 1)
		qsort(p->tasks, p->ntasks, sizeof *p->tasks, cmp_task_ptr);
	for (size_t i = 0; i < p->ntasks; i++)
		p->tasks[i]->index = i;
	size_t np = 0;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		td_workstream *ws = p->workstreams[w];
		ws->index = w;
		for (size_t k = 0; k < ws->nphases; k++) {
			td_phase *ph = ws->phases[k];
			if (ph->ntasks > 1)
				qsort(ph->tasks, ph->ntasks, sizeof *ph->tasks, cmp_task_ptr);
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
/* Other words for a status (SCHEMA 3.1), each meaning alias_status[i]. */
const char *const td_status_aliases[] = {"pending",       "planned",  "active",    "validation-pending",
                                         "code-complete", "complete", "completed", "deprecated",
                                         NULL};
static const td_status alias_status[] = {TD_STATUS_TODO,   TD_STATUS_TODO, TD_STATUS_IN_PROGRESS,
                                         TD_STATUS_REVIEW, TD_STATUS_REVIEW, TD_STATUS_DONE,
                                         TD_STATUS_DONE,   TD_STATUS_DROPPED};

const char *td_status_name(td_status s)
{
	return td_status_names[s];
}

int td_status_parse(const char *s)
{
	for (int i = 0; i < TD_STATUS_COUNT; i++)
		if (strcmp(s, td_status_names[i]) == 0)
			return i;
	for (size_t i = 0; td_status_aliases[i]; i++)
		if (strcmp(s, td_status_aliases[i]) == 0)
			return (int)alias_status[i];
	return -1;
}

const char *const td_priority_names[] = {"critical", "high", "medium", "low", NULL};

const char *td_priority_name(td_priority p)
{
	return p == TD_PRIO_NONE ? "none" : td_priority_names[p];
}

int td_priority_parse(const char *s)
{
	for (int i = 0; i < TD_PRIO_NONE; i++)
		if (strcmp(s, td_priority_names[i]) == 0)
			return i;
	return -1;
}

const char *const td_level_names[] = {"low", "medium", "high", "critical", NULL};

const char *td_level_name(td_level l)
{
	return td_level_names[l];
}

int td_level_parse(const char *s, bool allow_critical)
{
	int n = allow_critical ? 4 : 3;
	for (int i = 0; i < n; i++)
		if (strcmp(s, td_level_names[i]) == 0)
			return i;
	return -1;
}

const char *const td_risk_status_names[] = {"open", "mitigated", "closed", NULL};

const char *td_risk_status_name(td_risk_status s)
{
	return td_risk_status_names[s];
}

int td_risk_status_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, td_risk_status_names[i]) == 0)
			return i;
	return -1;
}

const char *td_node_kind_name(td_node_kind k)
{
	return k == TD_NODE_TASK ? "task" : k == TD_NODE_PHASE ? "phase" : "workstream";
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

int td_estimate_parse(const char *s, double hours_per_day, double days_per_week, td_estimate *out)
{
	double lo, hi;
	const char *p = read_number(s, &lo);
	if (!p)
		return -1;
	hi = lo;
	if (*p == '-') {
		p = read_number(p + 1, &hi);
		if (!p)
			return TD_ESTIMATE_BAD;
	}
	char unit = *p;
	if ((unit != 'h' && unit != 'd' && unit != 'w') || p[1] != '\0')
		return TD_ESTIMATE_BAD;
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
