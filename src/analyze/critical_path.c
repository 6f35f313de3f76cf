/* critical_path.c - longest chain of remaining work by expected hours, and
 * each remaining task's slack (CPM forward and backward pass). Phase and
 * workstream nodes weigh 0 h and pass their tasks' finish on; an external
 * item that has not arrived finishes when it is expected: the working
 * hours from the as-of date to its expected_on. */
#include "analyze/depgraph.h"

#include <math.h>
#include <stdlib.h>

#define EPS 1e-6

double td_calendar_hours(const td_plan *p, td_date from, td_date to)
{
	if (from == TD_DATE_NONE || to == TD_DATE_NONE || to <= from)
		return 0;
	return round((double)(to - from) * p->days_per_week / 7.0 * p->hours_per_day * 1e6) / 1e6;
}

td_date td_calendar_add_hours(const td_plan *p, td_date from, double hours)
{
	if (from == TD_DATE_NONE)
		return TD_DATE_NONE;
	double days = hours / p->hours_per_day * 7.0 / p->days_per_week;
	return from + (td_date)ceil(round(days * 1e6) / 1e6);
}

static bool is_external(const td_depgraph *g, size_t node)
{
	return node >= g->ntask + g->nphase + g->nws;
}

static double weight(const td_analysis *a, size_t node)
{
	if (is_external(a->graph, node))
		return a->externals[node - (a->graph->n - a->graph->next)].wait_hours;
	if (node >= a->plan->ntasks)
		return 0;
	const td_task *t = a->plan->tasks[node];
	return t->estimate.known ? t->estimate.expected_hours : 0;
}

/* Whether the node takes part: remaining tasks, external items not
 * arrived, and every phase/workstream. */
static bool live(const td_analysis *a, size_t node)
{
	if (is_external(a->graph, node))
		return a->plan->externals[node - (a->graph->n - a->graph->next)]->status != TD_EXT_ARRIVED;
	return node >= a->plan->ntasks || a->tasks[node].remaining;
}

/* The external item that the path's first task (first) waits for: the one
 * whose expected date is the task's earliest start, or SIZE_MAX. */
static size_t first_wait(const td_analysis *a, const double *ef, size_t first)
{
	const td_depgraph *g = a->graph;
	size_t best = SIZE_MAX;
	/* own and phase depends_on are edges of the task itself */
	for (size_t e = g->start[first]; e < g->start[first + 1]; e++) {
		size_t v = g->pre[e].node;
		if (!is_external(g, v) || !live(a, v) || ef[v] <= 0 ||
		    fabs(ef[v] - a->tasks[first].earliest_start) > EPS)
			continue;
		size_t x = v - (g->n - g->next);
		if (best == SIZE_MAX || x < best)
			best = x;
	}
	return best;
}

void td_analyze_critical_path(td_analysis *a)
{
	const td_depgraph *g = a->graph;
	size_t n = g->n;
	a->critical_path = td_arena_alloc(a->arena, (a->plan->ntasks ? a->plan->ntasks : 1) * sizeof(size_t));
	a->critical_external = SIZE_MAX;
	a->critical_finish_on = TD_DATE_NONE;
	if (a->has_cycle || n == 0)
		return;
	double *es = td_xcalloc(n, sizeof *es), *ef = td_xcalloc(n, sizeof *ef);
	double *lf = td_xmalloc(n * sizeof *lf);
	for (size_t k = 0; k < g->ntopo; k++) {
		size_t u = g->topo[k];
		if (!live(a, u))
			continue;
		double start = 0;
		for (size_t e = g->start[u]; e < g->start[u + 1]; e++) {
			size_t v = g->pre[e].node;
			if (live(a, v) && ef[v] > start)
				start = ef[v];
		}
		es[u] = start;
		ef[u] = start + weight(a, u);
	}
	double total = 0;
	size_t end = SIZE_MAX;
	for (size_t i = 0; i < a->plan->ntasks; i++)
		/* the latest finish; on a tie the later start, so that a 0 h task
		 * after the chain's last task is part of it */
		if (a->tasks[i].remaining &&
		    (end == SIZE_MAX || ef[i] > total + EPS || (ef[i] > total - EPS && es[i] > es[end] + EPS))) {
			total = ef[i];
			end = i;
		}
	for (size_t u = 0; u < n; u++)
		lf[u] = total;
	for (size_t k = g->ntopo; k-- > 0;) {
		size_t u = g->topo[k];
		if (!live(a, u))
			continue;
		double ls = lf[u] - weight(a, u);
		for (size_t e = g->start[u]; e < g->start[u + 1]; e++) {
			size_t v = g->pre[e].node;
			if (live(a, v) && ls < lf[v])
				lf[v] = ls;
		}
	}
	for (size_t i = 0; i < a->plan->ntasks; i++) {
		td_task_info *ti = &a->tasks[i];
		if (!ti->remaining)
			continue;
		ti->earliest_start = es[i];
		ti->earliest_finish = ef[i];
		double slack = lf[i] - ef[i];
		ti->slack = fabs(slack) < EPS ? 0 : round(slack * 1e6) / 1e6;
	}
	a->critical_hours = round(total * 1e6) / 1e6;
	/* Walk back from the end through predecessors that finish exactly when
	 * the current node starts; prefer tasks, then the smallest id. */
	size_t *rev = td_xmalloc(a->plan->ntasks * sizeof *rev);
	size_t len = 0, cur = end;
	while (cur != SIZE_MAX) {
		if (cur < a->plan->ntasks)
			rev[len++] = cur;
		size_t next = SIZE_MAX;
		for (size_t e = g->start[cur]; e < g->start[cur + 1]; e++) {
			size_t v = g->pre[e].node;
			if (!live(a, v) || fabs(ef[v] - es[cur]) > EPS)
				continue;
			if (v >= g->ntask + g->nphase + g->nws)
				continue;
			/* a phase/workstream with no live task ends at 0: only follow it if it leads somewhere */
			if (next == SIZE_MAX || (v < g->ntask && (next >= g->ntask || v < next)) ||
			    (v >= g->ntask && next >= g->ntask && v < next))
				next = v;
		}
		cur = next;
	}
	for (size_t k = 0; k < len; k++) {
		a->critical_path[k] = rev[len - 1 - k];
		a->tasks[rev[len - 1 - k]].critical = true;
	}
	a->ncritical = len;
	if (len)
		a->critical_external = first_wait(a, ef, a->critical_path[0]);
	a->critical_finish_on = td_calendar_add_hours(a->plan, a->plan->as_of, a->critical_hours);
	free(rev);
	free(es);
	free(ef);
	free(lf);
}
