/* deps.c - resolves depends_on, focus and affects; builds the dependency
 * graph; finds cycles. */
#include "analyze/depgraph.h"

#include <stdlib.h>
#include <string.h>

const char *td_depgraph_node_id(const td_plan *p, const td_depgraph *g, size_t node)
{
	if (node < g->ntask)
		return p->tasks[node]->id;
	if (node < g->ntask + g->nphase)
		return p->phases[node - g->ntask]->id;
	if (node >= g->ntask + g->nphase + g->nws)
		return p->externals[node - g->ntask - g->nphase - g->nws]->id;
	return p->workstreams[node - g->ntask - g->nphase]->id;
}

void td_depgraph_free(td_depgraph *g)
{
	if (!g)
		return;
	free(g->start);
	free(g->pre);
	free(g->sstart);
	free(g->succ);
	free(g->topo);
	free(g);
}

/* Candidates for "did you mean": every id of the plan (bounded). */
static void unknown_id(const td_plan *p, td_diags *diags, td_loc loc, const char *id, const char *where)
{
	if (td_plan_unparsed_id(p, id))
		return; /* defined in a file that did not parse: its syntax error is the one mistake */
	const char *best = NULL;
	size_t wl = strlen(id);
	int cap = wl <= 3 ? 1 : wl <= 8 ? 2 : 3, bestd = cap + 1;
	size_t nws = p->ntasks + p->nphases + p->nworkstreams;
	for (size_t i = 0; i < nws + p->nexternals; i++) {
		const char *c = i < p->ntasks                ? p->tasks[i]->id
		                : i < p->ntasks + p->nphases ? p->phases[i - p->ntasks]->id
		                : i < nws                    ? p->workstreams[i - p->ntasks - p->nphases]->id
		                                             : p->externals[i - nws]->id;
		int d = td_edit_distance(id, c, cap);
		/* ties: the longer common start, then the smaller id */
		size_t pc = best ? td_common_prefix(id, c) : 0, pb = best ? td_common_prefix(id, best) : 0;
		if (d < bestd || (d == bestd && best && (pc > pb || (pc == pb && td_natcmp(c, best) < 0)))) {
			bestd = d;
			best = c;
		}
	}
	if (best)
		td_diag_add(diags, TD_SEV_ERROR, loc, "unknown id '%s' in %s (did you mean '%s'?)", id, where, best);
	else
		td_diag_add(diags, TD_SEV_ERROR, loc, "unknown id '%s' in %s (expected a task, phase, workstream or external item id)",
		            id, where);
}

bool td_dep_satisfied(const td_node_ref *ref)
{
	if (ref->kind == TD_NODE_TASK) {
		const td_task *t = ref->ptr;
		return t->status == TD_STATUS_DONE || t->status == TD_STATUS_DROPPED;
	}
	if (ref->kind == TD_NODE_EXTERNAL)
		return ((const td_external *)ref->ptr)->status == TD_EXT_ARRIVED;
	if (ref->kind == TD_NODE_PHASE) {
		const td_phase *ph = ref->ptr;
		for (size_t i = 0; i < ph->ntasks; i++)
			if (ph->tasks[i]->status != TD_STATUS_DONE && ph->tasks[i]->status != TD_STATUS_DROPPED)
				return false;
		return true;
	}
	const td_workstream *ws = ref->ptr;
	for (size_t k = 0; k < ws->nphases; k++) {
		td_node_ref r = {TD_NODE_PHASE, ws->phases[k]};
		if (!td_dep_satisfied(&r))
			return false;
	}
	return true;
}

static void resolve_list(td_analysis *a, const td_strlist *l, td_dep *out, size_t *n, bool from_phase,
                         const char *where, td_diags *diags, bool report)
{
	for (size_t i = 0; i < l->len; i++) {
		td_node_ref r;
		if (!td_plan_lookup(a->plan, l->items[i].s, &r)) {
			if (report)
				unknown_id(a->plan, diags, l->items[i].loc, l->items[i].s, where);
			continue;
		}
		td_dep *d = &out[(*n)++];
		d->id = l->items[i].s;
		d->ref = r;
		d->satisfied = td_dep_satisfied(&r);
		d->from_phase = from_phase;
		d->loc = l->items[i].loc;
	}
}

/* Pushes the cycle through start (inside SCC comp) as "A -> B -> A". */
static void report_cycle(td_analysis *a, td_depgraph *g, const int *comp, size_t start, td_diags *diags)
{
	/* BFS from start over prerequisites inside the component, back to start. */
	size_t n = g->n;
	size_t *prev = td_xmalloc(n * sizeof *prev);
	td_loc *via = td_xmalloc(n * sizeof *via);
	size_t *queue = td_xmalloc(n * sizeof *queue);
	for (size_t i = 0; i < n; i++)
		prev[i] = SIZE_MAX;
	size_t qh = 0, qt = 0, last = SIZE_MAX;
	td_loc last_loc = {0};
	queue[qt++] = start;
	while (qh < qt && last == SIZE_MAX) {
		size_t u = queue[qh++];
		for (size_t e = g->start[u]; e < g->start[u + 1]; e++) {
			size_t v = g->pre[e].node;
			if (comp[v] != comp[start])
				continue;
			if (v == start) {
				last = u;
				last_loc = g->pre[e].loc;
				break;
			}
			if (prev[v] == SIZE_MAX) {
				prev[v] = u;
				via[v] = g->pre[e].loc;
				queue[qt++] = v;
			}
		}
	}
	/* path start -> ... -> last -> start, in depends-on order */
	size_t *path = td_xmalloc((n + 1) * sizeof *path);
	size_t len = 0;
	for (size_t v = last; v != start && v != SIZE_MAX; v = prev[v])
		path[len++] = v;
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, td_depgraph_node_id(a->plan, g, start));
	for (size_t i = len; i-- > 0;) {
		td_buf_puts(&b, " -> ");
		td_buf_puts(&b, td_depgraph_node_id(a->plan, g, path[i]));
	}
	td_buf_puts(&b, " -> ");
	td_buf_puts(&b, td_depgraph_node_id(a->plan, g, start));
	/* The location: the first written dependency on the cycle. */
	td_loc loc = len ? via[path[len - 1]] : last_loc;
	if (!loc.file)
		for (size_t i = len; i-- > 0;)
			if (i > 0 && via[path[i - 1]].file) {
				loc = via[path[i - 1]];
				break;
			}
	if (!loc.file)
		loc = last_loc;
	if (!loc.file && start < g->ntask)
		loc = a->plan->tasks[start]->loc;
	td_diag_add(diags, TD_SEV_ERROR, loc, "dependency cycle: %s", td_buf_cstr(&b));
	td_buf_free(&b);
	free(path);
	free(prev);
	free(via);
	free(queue);
}

/* Iterative Tarjan over prerequisite edges; reports one cycle per SCC. */
static void find_cycles(td_analysis *a, td_depgraph *g, td_diags *diags)
{
	size_t n = g->n;
	int *index = td_xmalloc(n * sizeof *index), *low = td_xmalloc(n * sizeof *low);
	int *comp = td_xmalloc(n * sizeof *comp);
	bool *on = td_xcalloc(n, sizeof *on);
	size_t *stack = td_xmalloc(n * sizeof *stack), sp = 0;
	size_t *cs_node = td_xmalloc(n * sizeof *cs_node), *cs_edge = td_xmalloc(n * sizeof *cs_edge);
	for (size_t i = 0; i < n; i++)
		index[i] = -1, comp[i] = -1;
	int counter = 0, ncomp = 0;
	for (size_t root = 0; root < n; root++) {
		if (index[root] >= 0)
			continue;
		size_t depth = 0;
		cs_node[0] = root;
		cs_edge[0] = g->start[root];
		index[root] = low[root] = counter++;
		stack[sp++] = root;
		on[root] = true;
		depth = 1;
		while (depth) {
			size_t u = cs_node[depth - 1];
			if (cs_edge[depth - 1] < g->start[u + 1]) {
				size_t v = g->pre[cs_edge[depth - 1]++].node;
				if (index[v] < 0) {
					index[v] = low[v] = counter++;
					stack[sp++] = v;
					on[v] = true;
					cs_node[depth] = v;
					cs_edge[depth] = g->start[v];
					depth++;
				} else if (on[v] && index[v] < low[u]) {
					low[u] = index[v];
				}
				continue;
			}
			if (low[u] == index[u]) {
				size_t size = 0, first = SIZE_MAX;
				bool self = false;
				size_t v;
				do {
					v = stack[--sp];
					on[v] = false;
					comp[v] = ncomp;
					size++;
					/* start the message at the task with the smallest id */
					if (v < g->ntask) {
						if (first == SIZE_MAX || first >= g->ntask || v < first)
							first = v;
					} else if (first == SIZE_MAX || (first >= g->ntask && v < first)) {
						first = v;
					}
				} while (v != u);
				for (size_t e = g->start[u]; e < g->start[u + 1]; e++)
					if (g->pre[e].node == u)
						self = true;
				if (size > 1 || self) {
					a->has_cycle = true;
					report_cycle(a, g, comp, first, diags);
				}
				ncomp++;
			}
			depth--;
			if (depth) {
				size_t parent = cs_node[depth - 1];
				if (low[u] < low[parent])
					low[parent] = low[u];
			}
		}
	}
	free(index);
	free(low);
	free(comp);
	free(on);
	free(stack);
	free(cs_node);
	free(cs_edge);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static void add_edge(td_edge **pre, size_t *cnt, size_t *cap, size_t *from, size_t node, size_t prereq, td_loc loc)
{
	td_grow((void **)pre, cap, *cnt + 1, sizeof **pre);
	(*pre)[*cnt].node = (uint32_t)prereq;
	(*pre)[*cnt].loc = loc;
	from[*cnt] = node;
	(*cnt)++;
}

/* Resolves every depends_on (a phase's once, then inherited by its tasks),
 * sprint focus and risk affects; unknown ids are errors. */
static void resolve_deps(td_analysis *a, td_diags *diags)
{
	const td_plan *p = a->plan;
	/* phase-level dependencies, resolved once per phase */
	td_dep **phase_deps = td_xcalloc(p->nphases ? p->nphases : 1, sizeof *phase_deps);
	size_t *nphase_deps = td_xcalloc(p->nphases ? p->nphases : 1, sizeof *nphase_deps);
	for (size_t i = 0; i < p->nphases; i++) {
		const td_phase *ph = p->phases[i];
		phase_deps[i] = td_arena_alloc(a->arena, (ph->depends_on.len + 1) * sizeof(td_dep));
		resolve_list(a, &ph->depends_on, phase_deps[i], &nphase_deps[i], true, "depends_on", diags,
		             !a->quiet);
	}
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		td_task_info *ti = &a->tasks[i];
		size_t pi = t->phase->index;
		ti->deps = td_arena_alloc(a->arena, (t->depends_on.len + nphase_deps[pi] + 1) * sizeof(td_dep));
		resolve_list(a, &t->depends_on, ti->deps, &ti->ndeps, false, "depends_on", diags, !a->quiet);
		for (size_t k = 0; k < nphase_deps[pi]; k++)
			ti->deps[ti->ndeps++] = phase_deps[pi][k];
	}
	free(phase_deps);
	free(nphase_deps);
	if (a->quiet)
		return;
	for (size_t i = 0; i < p->nsprints; i++)
		for (size_t k = 0; k < p->sprints[i].focus.len; k++)
			if (!td_plan_lookup(p, p->sprints[i].focus.items[k].s, NULL))
				unknown_id(p, diags, p->sprints[i].focus.items[k].loc, p->sprints[i].focus.items[k].s,
				           "sprint focus");
	for (size_t i = 0; i < p->nrisks; i++)
		for (size_t k = 0; k < p->risks[i].affects.len; k++)
			if (!td_plan_lookup(p, p->risks[i].affects.items[k].s, NULL))
				unknown_id(p, diags, p->risks[i].affects.items[k].loc, p->risks[i].affects.items[k].s,
				           "risk affects");
}

/* The graph's edges: each task's prerequisites, each phase's tasks (but
 * dropped ones), each workstream's phases; as prerequisites and successors
 * (CSR). */
static void build_edges(td_analysis *a, td_depgraph *g)
{
	const td_plan *p = a->plan;
	/* edges: (node, prerequisite) pairs, then CSR */
	td_edge *pre = NULL;
	size_t cnt = 0, cap = 0, fcap = 0;
	size_t *from = NULL;
	for (size_t i = 0; i < p->ntasks; i++) {
		td_task_info *ti = &a->tasks[i];
		for (size_t k = 0; k < ti->ndeps; k++) {
			td_grow((void **)&from, &fcap, cnt + 1, sizeof *from);
			add_edge(&pre, &cnt, &cap, from, i, td_node_index(g, &ti->deps[k].ref), ti->deps[k].loc);
		}
		if (p->tasks[i]->status != TD_STATUS_DROPPED) {
			td_grow((void **)&from, &fcap, cnt + 1, sizeof *from);
			add_edge(&pre, &cnt, &cap, from, g->ntask + p->tasks[i]->phase->index, i,
			         (td_loc){NULL, 0, 0});
		}
	}
	for (size_t i = 0; i < p->nphases; i++) {
		td_grow((void **)&from, &fcap, cnt + 1, sizeof *from);
		add_edge(&pre, &cnt, &cap, from, g->ntask + g->nphase + p->phases[i]->workstream->index,
		         g->ntask + i, (td_loc){NULL, 0, 0});
	}
	g->start = td_xcalloc(g->n + 1, sizeof *g->start);
	for (size_t e = 0; e < cnt; e++)
		g->start[from[e] + 1]++;
	for (size_t i = 0; i < g->n; i++)
		g->start[i + 1] += g->start[i];
	g->pre = td_xmalloc((cnt ? cnt : 1) * sizeof *g->pre);
	size_t *fill = td_xmalloc((g->n + 1) * sizeof *fill);
	memcpy(fill, g->start, (g->n + 1) * sizeof *fill);
	for (size_t e = 0; e < cnt; e++)
		g->pre[fill[from[e]]++] = pre[e];
	/* successors */
	g->sstart = td_xcalloc(g->n + 1, sizeof *g->sstart);
	for (size_t e = 0; e < cnt; e++)
		g->sstart[pre[e].node + 1]++;
	for (size_t i = 0; i < g->n; i++)
		g->sstart[i + 1] += g->sstart[i];
	g->succ = td_xmalloc((cnt ? cnt : 1) * sizeof *g->succ);
	memcpy(fill, g->sstart, (g->n + 1) * sizeof *fill);
	for (size_t u = 0; u < g->n; u++)
		for (size_t e = g->start[u]; e < g->start[u + 1]; e++)
			g->succ[fill[g->pre[e].node]++] = (uint32_t)u;
	free(fill);
	free(pre);
	free(from);
}

/* Kahn: topological order; leftovers mean a cycle */
static void order_topologically(td_analysis *a, td_depgraph *g, td_diags *diags)
{
	size_t *indeg = td_xcalloc(g->n ? g->n : 1, sizeof *indeg);
	for (size_t u = 0; u < g->n; u++)
		indeg[u] = g->start[u + 1] - g->start[u];
	g->topo = td_xmalloc((g->n ? g->n : 1) * sizeof *g->topo);
	size_t head = 0;
	for (size_t u = 0; u < g->n; u++)
		if (!indeg[u])
			g->topo[g->ntopo++] = (uint32_t)u;
	while (head < g->ntopo) {
		size_t u = g->topo[head++];
		for (size_t e = g->sstart[u]; e < g->sstart[u + 1]; e++)
			if (--indeg[g->succ[e]] == 0)
				g->topo[g->ntopo++] = g->succ[e];
	}
	free(indeg);
	if (g->ntopo < g->n)
		find_cycles(a, g, diags);
}

/* dependents of each task (direct, or via its phase or workstream) */
static void find_dependents(td_analysis *a, const td_depgraph *g)
{
	const td_plan *p = a->plan;
	for (size_t i = 0; i < p->ntasks; i++) {
		td_task_info *ti = &a->tasks[i];
		size_t cnt = 0, cap = 0;
		size_t *list = NULL;
		for (size_t e = g->sstart[i]; e < g->sstart[i + 1]; e++) {
			size_t s = g->succ[e];
			if (s < g->ntask) {
				td_grow((void **)&list, &cap, cnt + 1, sizeof *list);
				list[cnt++] = s;
			}
		}
		/* one entry per dependent task, even when it names this one twice */
		if (cnt > 1)
			qsort(list, cnt, sizeof *list, cmp_size);
		size_t uniq = 0;
		for (size_t k = 0; k < cnt; k++)
			if (!uniq || list[uniq - 1] != list[k])
				list[uniq++] = list[k];
		cnt = uniq;
		ti->dependents = td_arena_alloc(a->arena, (cnt ? cnt : 1) * sizeof(size_t));
		if (cnt)
			memcpy(ti->dependents, list, cnt * sizeof *list);
		ti->ndependents = cnt;
		free(list);
	}
}

void td_analyze_deps(td_analysis *a, td_diags *diags)
{
	const td_plan *p = a->plan;
	td_depgraph *g = td_xcalloc(1, sizeof *g);
	a->graph = g;
	g->ntask = p->ntasks;
	g->nphase = p->nphases;
	g->nws = p->nworkstreams;
	g->next = p->nexternals;
	g->n = g->ntask + g->nphase + g->nws + g->next;
	resolve_deps(a, diags);
	build_edges(a, g);
	order_topologically(a, g, diags);
	find_dependents(a, g);
}
