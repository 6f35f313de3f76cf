/* graph.c - the dependency graphs as data (see graph.h): nodes, clusters,
 * edges and critical-path marks at task, phase or workstream level. */
#include "view/graph.h"
#include "analyze/depgraph.h"

#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = {"task", "phase", "workstream", "auto"};

const char *td_glevel_name(td_glevel l)
{
	return level_names[l];
}

int td_glevel_parse(const char *s)
{
	for (size_t i = 0; i < TD_ARRAY_LEN(level_names); i++)
		if (!strcmp(s, level_names[i]))
			return (int)i;
	return -1;
}

/* Something an edge starts or ends at, before it is made a node. */
typedef struct endpoint {
	td_node_kind kind; /* of the graph node it maps to at this level */
	size_t index;      /* task, phase or workstream index */
	bool valid;        /* false: nothing to draw (a dropped task, a self-reference) */
	bool in_scope;
} endpoint;

/* What every graph of one plan shares, computed once (a graph set draws
 * a few graphs per workstream: nothing here may cost a pass over the whole
 * plan per graph), and the node maps, all TD_GNONE between graphs. */
typedef struct gctx {
	const td_analysis *a;
	size_t *crit_pred;  /* by task: the task before it on the critical path, or TD_GNONE */
	size_t *topo_pos;   /* by depgraph node: position in topological order */
	bool *shown;        /* by task: drawn in a focused graph (focus_tasks), or NULL until asked */
	size_t **ws_tasks;  /* by workstream: ascending indices of the tasks in it or depending on it */
	size_t *ws_ntasks, *ws_cap;
	size_t **ws_phases; /* by workstream: ascending indices of the phases with a depends_on
	                       that are in it or name something in it */
	size_t *ws_nphases, *ws_pcap;
	size_t *ws_live;    /* by workstream: tasks not dropped */
	size_t plan_live;
	size_t *task_node, *phase_node, *ws_node; /* node of each, or TD_GNONE */
	size_t *ext_node;                         /* node of each external item, or TD_GNONE */
	size_t *phase_cluster, *ws_cluster;       /* cluster of each, or TD_GNONE */
	size_t *phase_first, *phase_last;         /* nodes that stand for a phase cluster as head/tail */
	size_t *ws_first, *ws_last;
} gctx;

typedef struct builder {
	const gctx *cx;
	const td_analysis *a;
	const td_plan *p;
	const td_workstream *scope;
	td_glevel level;
	td_graph *g;
	size_t ncap, ccap, ecap;
	size_t *task_node, *phase_node, *ws_node; /* node of each, or TD_GNONE */
	size_t *ext_node;                         /* node of each external item, or TD_GNONE */
	size_t *phase_cluster, *ws_cluster;       /* cluster of each, or TD_GNONE */
	size_t *phase_first, *phase_last;         /* nodes that stand for a phase cluster as head/tail */
	size_t *ws_first, *ws_last;
	const size_t *crit_pred; /* by task: the task before it on the critical path, or TD_GNONE */
	const size_t *topo_pos;  /* by depgraph node: position in topological order */
	const bool *shown; /* by task: drawn as a node (a focused graph), or NULL: every task */
	struct made {
		td_node_kind kind;
		size_t index;
	} *made; /* the phase, workstream and external nodes made, for ctx_reset */
	size_t nmade, mcap;
} builder;

static bool in_scope(const builder *b, const td_workstream *ws)
{
	return !b->scope || b->scope == ws;
}

/* The state of a group of tasks: done when nothing is left (deferred when
 * what is left is deferred), in progress once any task started or is
 * done, else ready, blocked or waiting by the first that applies. */
static td_state group_state(const td_analysis *a, td_task *const *tasks, size_t n)
{
	int count[TD_STATE_COUNT] = {0};
	for (size_t i = 0; i < n; i++)
		count[a->tasks[tasks[i]->index].state]++;
	int left = count[TD_STATE_READY] + count[TD_STATE_WAITING] + count[TD_STATE_BLOCKED] +
	           count[TD_STATE_IN_PROGRESS] + count[TD_STATE_REVIEW];
	if (!left)
		return count[TD_STATE_DEFERRED] ? TD_STATE_DEFERRED : TD_STATE_DONE;
	if (count[TD_STATE_IN_PROGRESS] || count[TD_STATE_REVIEW] || count[TD_STATE_DONE])
		return TD_STATE_IN_PROGRESS;
	if (count[TD_STATE_READY])
		return TD_STATE_READY;
	if (count[TD_STATE_BLOCKED])
		return TD_STATE_BLOCKED;
	return TD_STATE_WAITING;
}

static size_t add_cluster(builder *b, td_node_kind kind, const char *id, const char *title,
                          const td_workstream *ws, size_t parent)
{
	td_graph *g = b->g;
	td_grow((void **)&g->clusters, &b->ccap, g->nclusters + 1, sizeof *g->clusters);
	g->clusters[g->nclusters] = (td_gcluster){kind, id, title, ws, parent, 0, 0, 0};
	return g->nclusters++;
}

static size_t add_node(builder *b, td_node_kind kind, size_t index, bool external, size_t cluster)
{
	td_graph *g = b->g;
	const td_plan *p = b->p;
	td_grow((void **)&g->nodes, &b->ncap, g->nnodes + 1, sizeof *g->nodes);
	td_gnode *n = &g->nodes[g->nnodes];
	memset(n, 0, sizeof *n);
	if (kind != TD_NODE_TASK) {
		td_grow((void **)&b->made, &b->mcap, b->nmade + 1, sizeof *b->made);
		b->made[b->nmade++] = (struct made){kind, index};
	}
	n->kind = kind;
	n->external = external;
	n->cluster = cluster;
	if (kind == TD_NODE_TASK) {
		const td_task *t = p->tasks[index];
		n->id = t->id;
		n->title = t->title;
		n->ws = t->phase->workstream;
		n->task = t;
		n->state = b->a->tasks[index].state;
		n->critical = b->a->tasks[index].critical;
	} else if (kind == TD_NODE_PHASE) {
		const td_phase *ph = p->phases[index];
		const td_totals *tt = &b->a->phase_totals[index];
		n->id = ph->id;
		n->title = ph->title;
		n->ws = ph->workstream;
		n->state = group_state(b->a, ph->tasks, ph->ntasks);
		n->done = tt->done;
		n->live = tt->tasks - tt->dropped;
		for (size_t k = 0; k < ph->ntasks && !n->critical; k++)
			n->critical = b->a->tasks[ph->tasks[k]->index].critical;
	} else if (kind == TD_NODE_EXTERNAL) {
		const td_external *x = p->externals[index];
		n->id = x->id;
		n->title = x->title;
		n->ws = x->workstream;
		n->item = x;
		n->state = x->status == TD_EXT_ARRIVED                                          ? TD_STATE_DONE
		           : x->status == TD_EXT_LATE || b->a->externals[index].overdue ? TD_STATE_BLOCKED
		                                                                           : TD_STATE_WAITING;
		n->critical = b->a->critical_external == index;
	} else {
		const td_workstream *ws = p->workstreams[index];
		const td_totals *tt = &b->a->ws_totals[index];
		n->id = ws->id;
		n->title = ws->title;
		n->ws = ws;
		n->done = tt->done;
		n->live = tt->tasks - tt->dropped;
		/* the state of all its tasks together */
		size_t cnt = 0;
		for (size_t k = 0; k < ws->nphases; k++)
			cnt += ws->phases[k]->ntasks;
		td_task **all = td_xmalloc((cnt ? cnt : 1) * sizeof *all);
		cnt = 0;
		for (size_t k = 0; k < ws->nphases; k++)
			for (size_t i = 0; i < ws->phases[k]->ntasks; i++) {
				all[cnt++] = ws->phases[k]->tasks[i];
				if (b->a->tasks[ws->phases[k]->tasks[i]->index].critical)
					n->critical = true;
			}
		n->state = group_state(b->a, all, cnt);
		free(all);
	}
	if (external)
		g->nexternal++;
	if (n->critical)
		g->ncritical++;
	return g->nnodes++;
}

/* ---- endpoints: what a dependency names, mapped to the graph's level ---- */

static endpoint ep_task(const builder *b, size_t ti);
static endpoint ep_phase(const builder *b, size_t pi);

static endpoint ep_ws(const builder *b, size_t wi)
{
	/* below workstream level, the graph's own workstream is left from its
	 * last node and entered at its first (materialize) */
	return (endpoint){TD_NODE_WORKSTREAM, wi, true, in_scope(b, b->p->workstreams[wi])};
}

static endpoint ep_phase(const builder *b, size_t pi)
{
	const td_phase *ph = b->p->phases[pi];
	/* at phase level another workstream is one node, not one per phase:
	 * the graph is drawn coarse because it has many nodes already */
	if (b->level == TD_GLEVEL_WORKSTREAM || (b->level == TD_GLEVEL_PHASE && !in_scope(b, ph->workstream)))
		return ep_ws(b, ph->workstream->index);
	return (endpoint){TD_NODE_PHASE, pi, true, in_scope(b, ph->workstream)};
}

static endpoint ep_task(const builder *b, size_t ti)
{
	const td_task *t = b->p->tasks[ti];
	if (t->status == TD_STATUS_DROPPED)
		return (endpoint){TD_NODE_TASK, ti, false, false};
	if (b->level != TD_GLEVEL_TASK)
		return ep_phase(b, t->phase->index);
	bool own = in_scope(b, t->phase->workstream);
	if (b->shown && !b->shown[ti]) {
		/* a done task a focused graph leaves out: its phase's node when
		 * the phase is collapsed, else nothing (the dependency is met) */
		bool collapsed = own && b->phase_node[t->phase->index] != TD_GNONE;
		return (endpoint){TD_NODE_PHASE, t->phase->index, collapsed, own};
	}
	return (endpoint){TD_NODE_TASK, ti, true, own};
}

static endpoint ep_ext(const builder *b, const td_external *x)
{
	return (endpoint){TD_NODE_EXTERNAL, x->index, true, in_scope(b, x->workstream)};
}

static endpoint ep_ref(const builder *b, const td_node_ref *r)
{
	if (r->kind == TD_NODE_EXTERNAL)
		return ep_ext(b, r->ptr);
	if (r->kind == TD_NODE_TASK)
		return ep_task(b, ((const td_task *)r->ptr)->index);
	if (r->kind == TD_NODE_PHASE)
		return ep_phase(b, ((const td_phase *)r->ptr)->index);
	return ep_ws(b, ((const td_workstream *)r->ptr)->index);
}

/* The node (and the cluster to clip at) for e; external nodes are made
 * on first use. as_tail picks the node a cluster is left from. */
static void materialize(builder *b, endpoint e, bool as_tail, size_t *node, size_t *cluster)
{
	*cluster = TD_GNONE;
	size_t *slot = e.kind == TD_NODE_TASK       ? &b->task_node[e.index]
	               : e.kind == TD_NODE_PHASE    ? &b->phase_node[e.index]
	               : e.kind == TD_NODE_EXTERNAL ? &b->ext_node[e.index]
	                                            : &b->ws_node[e.index];
	if (*slot != TD_GNONE) {
		*node = *slot;
		return;
	}
	if (e.kind == TD_NODE_EXTERNAL) {
		/* made on first use, outside every cluster; dashed when another
		 * workstream's */
		*slot = add_node(b, e.kind, e.index, !e.in_scope, TD_GNONE);
		*node = *slot;
		return;
	}
	if (e.in_scope) {
		/* a phase or workstream of a finer graph: its cluster */
		if (e.kind == TD_NODE_PHASE) {
			*node = as_tail ? b->phase_last[e.index] : b->phase_first[e.index];
			*cluster = b->phase_cluster[e.index];
		} else {
			*node = as_tail ? b->ws_last[e.index] : b->ws_first[e.index];
			*cluster = b->ws_cluster[e.index];
		}
		return;
	}
	*slot = add_node(b, e.kind, e.index, true, TD_GNONE);
	*node = *slot;
}

/* Does what ref names hold task u? */
static bool covers(const td_node_ref *r, const td_task *u)
{
	if (r->kind == TD_NODE_TASK)
		return r->ptr == u;
	if (r->kind == TD_NODE_PHASE)
		return r->ptr == u->phase;
	if (r->kind == TD_NODE_EXTERNAL)
		return false;
	return r->ptr == u->phase->workstream;
}

static void add_edge(builder *b, endpoint tail, endpoint head, bool critical)
{
	if (!tail.valid || !head.valid || (!tail.in_scope && !head.in_scope))
		return;
	if (tail.kind == head.kind && tail.index == head.index)
		return; /* inside one node at this level */
	td_gedge e = {0};
	materialize(b, tail, true, &e.tail, &e.ltail);
	materialize(b, head, false, &e.head, &e.lhead);
	if (e.tail == e.head)
		return;
	/* never clip at a cluster that holds the other end (Graphviz refuses) */
	td_graph *g = b->g;
	for (size_t c = g->nodes[e.head].cluster; e.ltail != TD_GNONE && c != TD_GNONE;
	     c = g->clusters[c].parent)
		if (c == e.ltail)
			e.ltail = TD_GNONE;
	for (size_t c = g->nodes[e.tail].cluster; e.lhead != TD_GNONE && c != TD_GNONE;
	     c = g->clusters[c].parent)
		if (c == e.lhead)
			e.lhead = TD_GNONE;
	e.critical = critical;
	td_grow((void **)&g->edges, &b->ecap, g->nedges + 1, sizeof *g->edges);
	g->edges[g->nedges++] = e;
}

static int edge_cmp(const void *x, const void *y)
{
	const td_gedge *a = x, *b = y;
	if (a->head != b->head)
		return a->head < b->head ? -1 : 1;
	if (a->tail != b->tail)
		return a->tail < b->tail ? -1 : 1;
	if (a->lhead != b->lhead)
		return a->lhead < b->lhead ? -1 : 1;
	if (a->ltail != b->ltail)
		return a->ltail < b->ltail ? -1 : 1;
	return 0;
}

/* Sorts g's edges by edge_cmp: by head into buckets (a count of each of
 * the graph's nodes), then each bucket, a node's few edges, in place
 * (a plan's task graph: 20,000 edges, a comparison sort of them the most
 * of building the graph set). */
static void sort_edges(td_graph *g)
{
	size_t n = g->nedges, nn = g->nnodes;
	bool heads_ok = true;
	for (size_t i = 0; i < n && heads_ok; i++)
		heads_ok = g->edges[i].head < nn;
	if (!heads_ok || n < 64) {
		qsort(g->edges, n, sizeof *g->edges, edge_cmp);
		return;
	}
	size_t *at = td_xcalloc(nn + 1, sizeof *at);
	for (size_t i = 0; i < n; i++)
		at[g->edges[i].head + 1]++;
	for (size_t h = 0; h < nn; h++)
		at[h + 1] += at[h];
	td_gedge *out = td_xmalloc(n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[at[g->edges[i].head]++] = g->edges[i];
	for (size_t i = 1; i < n; i++) { /* insertion sort: each head's edges, already apart */
		td_gedge e = out[i];
		size_t j = i;
		while (j > 0 && edge_cmp(&out[j - 1], &e) > 0) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = e;
	}
	memcpy(g->edges, out, n * sizeof *out);
	free(out);
	free(at);
}

/* Sorts the edges and merges duplicates (critical if any of them is). */
static void dedupe_edges(td_graph *g)
{
	if (!g->nedges)
		return;
	sort_edges(g);
	size_t n = 1;
	for (size_t i = 1; i < g->nedges; i++) {
		if (edge_cmp(&g->edges[n - 1], &g->edges[i]) == 0)
			g->edges[n - 1].critical |= g->edges[i].critical;
		else
			g->edges[n++] = g->edges[i];
	}
	g->nedges = n;
}

/* In a focused graph, a phase none of whose tasks is drawn but that has
 * some (all done) is one node in the workstream's cluster wc. Returns
 * whether phase pi is drawn so. */
static bool collapse_phase(builder *b, size_t pi, size_t wc)
{
	if (!b->shown)
		return false;
	const td_phase *ph = b->p->phases[pi];
	int live = 0;
	for (size_t i = 0; i < ph->ntasks; i++) {
		const td_task *t = ph->tasks[i];
		if (t->status == TD_STATUS_DROPPED)
			continue;
		if (b->shown[t->index])
			return false;
		live++;
	}
	if (!live)
		return false; /* drawn as "no tasks", as in a full graph */
	size_t n = b->phase_node[pi] = add_node(b, TD_NODE_PHASE, pi, false, wc);
	b->phase_first[pi] = b->phase_last[pi] = n;
	b->g->nodes[n].collapsed = true;
	b->g->hidden += (size_t)live;
	return true;
}

/* Nodes and clusters of the scope, in plan order. */
static void add_scope_nodes(builder *b)
{
	const td_plan *p = b->p;
	const td_depgraph *dg = b->a->graph;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		if (!in_scope(b, ws))
			continue;
		if (b->level == TD_GLEVEL_WORKSTREAM) {
			b->ws_node[w] = add_node(b, TD_NODE_WORKSTREAM, w, false, TD_GNONE);
			continue;
		}
		size_t wc = TD_GNONE;
		if (!b->scope)
			wc = b->ws_cluster[w] =
			    add_cluster(b, TD_NODE_WORKSTREAM, ws->id, ws->title, ws, TD_GNONE);
		size_t wfirst = TD_GNONE, wlast = TD_GNONE, wmin = SIZE_MAX, wmax = 0;
		for (size_t k = 0; k < ws->nphases; k++) {
			const td_phase *ph = ws->phases[k];
			size_t pi = ph->index;
			size_t ppos = b->topo_pos[dg->ntask + pi];
			if (b->level == TD_GLEVEL_PHASE) {
				size_t n = b->phase_node[pi] = add_node(b, TD_NODE_PHASE, pi, false, wc);
				b->phase_first[pi] = b->phase_last[pi] = n;
				if (ppos < wmin || wfirst == TD_GNONE)
					wmin = ppos, wfirst = n;
				if (ppos >= wmax || wlast == TD_GNONE)
					wmax = ppos, wlast = n;
				continue;
			}
			if (collapse_phase(b, pi, wc)) {
				size_t n = b->phase_node[pi];
				if (wfirst == TD_GNONE || ppos < wmin)
					wmin = ppos, wfirst = n;
				if (wlast == TD_GNONE || ppos >= wmax)
					wmax = ppos, wlast = n;
				continue;
			}
			size_t pc = b->phase_cluster[pi] =
			    add_cluster(b, TD_NODE_PHASE, ph->id, ph->title, ws, wc);
			const td_totals *tt = &b->a->phase_totals[pi];
			b->g->clusters[pc].done = tt->done;
			b->g->clusters[pc].live = tt->tasks - tt->dropped;
			size_t first = TD_GNONE, last = TD_GNONE, pmin = SIZE_MAX, pmax = 0;
			for (size_t i = 0; i < ph->ntasks; i++) {
				const td_task *t = ph->tasks[i];
				if (t->status == TD_STATUS_DROPPED)
					continue;
				if (b->shown && !b->shown[t->index]) {
					b->g->clusters[pc].hidden++;
					b->g->hidden++;
					continue;
				}
				size_t n = b->task_node[t->index] =
				    add_node(b, TD_NODE_TASK, t->index, false, pc);
				size_t pos = b->topo_pos[t->index];
				if (first == TD_GNONE || pos < pmin)
					pmin = pos, first = n;
				if (last == TD_GNONE || pos >= pmax)
					pmax = pos, last = n;
			}
			if (first == TD_GNONE) {
				/* nothing to show: the phase itself stands in its cluster */
				first = last = b->phase_node[pi] = add_node(b, TD_NODE_PHASE, pi, false, pc);
				b->g->nodes[first].empty = true;
				pmin = pmax = ppos;
			}
			b->phase_first[pi] = first;
			b->phase_last[pi] = last;
			if (wfirst == TD_GNONE || pmin < wmin)
				wmin = pmin, wfirst = first;
			if (wlast == TD_GNONE || pmax >= wmax)
				wmax = pmax, wlast = last;
		}
		if (wfirst == TD_GNONE) /* a workstream without phases */
			wfirst = wlast = b->ws_node[w] = add_node(b, TD_NODE_WORKSTREAM, w, false, wc);
		b->ws_first[w] = wfirst;
		b->ws_last[w] = wlast;
	}
}

/* Every dependency as an edge, at the graph's level. A phase's own
 * depends_on gives one edge for the whole phase, not one per task. */
static void add_dependency_edges(builder *b)
{
	const td_plan *p = b->p;
	const td_analysis *a = b->a;
	/* a scoped graph: only the tasks with an end in the scope can give an
	 * edge (add_edge needs one), in the same ascending order */
	const size_t *only = b->scope ? b->cx->ws_tasks[b->scope->index] : NULL;
	size_t nonly = b->scope ? b->cx->ws_ntasks[b->scope->index] : p->ntasks;
	for (size_t j = 0; j < nonly; j++) {
		size_t i = only ? only[j] : j;
		const td_task *t = p->tasks[i];
		const td_task_info *ti = &a->tasks[i];
		endpoint head = ep_task(b, i);
		if (!head.valid)
			continue;
		const td_task *pred =
		    ti->critical && b->crit_pred[i] != TD_GNONE ? p->tasks[b->crit_pred[i]] : NULL;
		for (size_t k = 0; k < ti->ndeps; k++) {
			if (ti->deps[k].from_phase)
				continue;
			const td_node_ref *r = &ti->deps[k].ref;
			bool crit = pred && covers(r, pred);
			if (r->kind == TD_NODE_EXTERNAL) {
				/* a focused graph draws an item only where live work waits on it */
				if (b->shown && !ti->remaining && ti->state != TD_STATE_DEFERRED)
					continue;
				crit = ti->critical && b->crit_pred[i] == TD_GNONE &&
				       a->critical_external == ((const td_external *)r->ptr)->index;
			}
			add_edge(b, ep_ref(b, r), head, crit);
		}
		(void)t;
	}
	/* likewise the phases: in a scoped graph, only those in the scope or
	 * naming something in it */
	const size_t *ponly = b->scope ? b->cx->ws_phases[b->scope->index] : NULL;
	size_t npon = b->scope ? b->cx->ws_nphases[b->scope->index] : p->nphases;
	for (size_t j = 0; j < npon; j++) {
		size_t pi = ponly ? ponly[j] : j;
		const td_phase *ph = p->phases[pi];
		if (!ph->depends_on.len)
			continue;
		endpoint head = ep_phase(b, pi);
		for (size_t k = 0; k < ph->depends_on.len; k++) {
			td_node_ref r;
			if (!td_plan_lookup(p, ph->depends_on.items[k].s, &r))
				continue;
			if (r.kind == TD_NODE_TASK && ((const td_task *)r.ptr)->status == TD_STATUS_DROPPED)
				continue;
			if (r.kind == TD_NODE_EXTERNAL && b->shown && !a->phase_totals[pi].remaining)
				continue;
			bool crit = false;
			for (size_t i = 0; i < ph->ntasks && !crit; i++) {
				size_t v = ph->tasks[i]->index;
				crit = a->tasks[v].critical && b->crit_pred[v] != TD_GNONE &&
				       covers(&r, p->tasks[b->crit_pred[v]]);
			}
			add_edge(b, ep_ref(b, &r), head, crit);
		}
	}
	dedupe_edges(b->g);
}

/* Leaves out the edges that other edges imply (tail -> head when tail
 * already reaches head another way), as Graphviz's tred does; only for an
 * acyclic graph, and never a critical edge or one that stands for a
 * cluster. At phase and workstream level the edges are summaries of many
 * task dependencies, and without this a big plan's workstream graph is a
 * hairball of hundreds of edges that also takes dot seconds to lay out. */
static void reduce_edges(td_graph *g)
{
	size_t n = g->nnodes, m = g->nedges;
	if (n < 3 || m < 2)
		return;
	size_t *start = td_xcalloc(n + 1, sizeof *start), *succ = td_xmalloc(m * sizeof *succ);
	size_t *indeg = td_xcalloc(n, sizeof *indeg), *order = td_xmalloc(n * sizeof *order);
	for (size_t k = 0; k < m; k++) {
		start[g->edges[k].tail + 1]++;
		indeg[g->edges[k].head]++;
	}
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	size_t *fill = td_xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, start, (n + 1) * sizeof *fill);
	for (size_t k = 0; k < m; k++)
		succ[fill[g->edges[k].tail]++] = g->edges[k].head;
	free(fill);
	size_t no = 0, head = 0;
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			order[no++] = i;
	while (head < no) {
		size_t u = order[head++];
		for (size_t k = start[u]; k < start[u + 1]; k++)
			if (--indeg[succ[k]] == 0)
				order[no++] = succ[k];
	}
	if (no == n) {
		/* reach[u]: the nodes reachable from u by one edge or more, as bits */
		size_t words = (n + 63) / 64;
		uint64_t *reach = td_xcalloc(n * words, sizeof *reach);
		for (size_t j = n; j-- > 0;) {
			size_t u = order[j];
			for (size_t k = start[u]; k < start[u + 1]; k++) {
				size_t v = succ[k];
				reach[u * words + v / 64] |= (uint64_t)1 << (v % 64);
				for (size_t w = 0; w < words; w++)
					reach[u * words + w] |= reach[v * words + w];
			}
		}
		size_t kept = 0;
		for (size_t k = 0; k < m; k++) {
			const td_gedge *e = &g->edges[k];
			bool implied = false;
			if (!e->critical && e->ltail == TD_GNONE && e->lhead == TD_GNONE)
				for (size_t q = start[e->tail]; q < start[e->tail + 1] && !implied; q++) {
					size_t w = succ[q];
					implied = w != e->head &&
					          (reach[w * words + e->head / 64] >> (e->head % 64) & 1);
				}
			if (!implied)
				g->edges[kept++] = *e;
		}
		g->nedges = kept;
		free(reach);
	}
	free(start);
	free(succ);
	free(indeg);
	free(order);
}

/* Sets every entry of the node maps that g used back to TD_GNONE. */
/* Every node map back to TD_GNONE after b's graph. A scoped graph set
 * the entries of its nodes and of its workstream's phases only: clearing
 * the plan-sized maps after each of a 500-workstream plan's 2,000 graphs
 * made the graph set grow with the square of the plan. */
static void ctx_reset(gctx *cx, const builder *b)
{
	const td_plan *p = cx->a->plan;
	const td_graph *g = b->g;
	for (size_t i = 0; i < g->nnodes; i++)
		if (g->nodes[i].kind == TD_NODE_TASK)
			cx->task_node[g->nodes[i].task->index] = TD_GNONE;
	if (b->scope) {
		for (size_t i = 0; i < b->nmade; i++) {
			size_t k = b->made[i].index;
			if (b->made[i].kind == TD_NODE_PHASE)
				cx->phase_node[k] = TD_GNONE;
			else if (b->made[i].kind == TD_NODE_WORKSTREAM)
				cx->ws_node[k] = TD_GNONE;
			else
				cx->ext_node[k] = TD_GNONE;
		}
		const td_workstream *ws = b->scope;
		for (size_t k = 0; k < ws->nphases; k++) {
			size_t pi = ws->phases[k]->index;
			cx->phase_node[pi] = cx->phase_cluster[pi] = cx->phase_first[pi] = cx->phase_last[pi] = TD_GNONE;
		}
		cx->ws_node[ws->index] = cx->ws_cluster[ws->index] = cx->ws_first[ws->index] =
		    cx->ws_last[ws->index] = TD_GNONE;
		return;
	}
	size_t np = p->nphases ? p->nphases : 1, nw = p->nworkstreams ? p->nworkstreams : 1;
	memset(cx->phase_node, 0xff, np * sizeof(size_t));
	memset(cx->phase_cluster, 0xff, np * sizeof(size_t));
	memset(cx->phase_first, 0xff, np * sizeof(size_t));
	memset(cx->phase_last, 0xff, np * sizeof(size_t));
	memset(cx->ws_node, 0xff, nw * sizeof(size_t));
	memset(cx->ws_cluster, 0xff, nw * sizeof(size_t));
	memset(cx->ws_first, 0xff, nw * sizeof(size_t));
	memset(cx->ws_last, 0xff, nw * sizeof(size_t));
	memset(cx->ext_node, 0xff, (p->nexternals ? p->nexternals : 1) * sizeof(size_t));
}

static size_t *gnone_array(size_t n)
{
	size_t *a = td_xmalloc(n * sizeof *a);
	memset(a, 0xff, n * sizeof *a);
	return a;
}

static void ws_tasks_add(gctx *cx, size_t w, size_t i)
{
	if (cx->ws_ntasks[w] && cx->ws_tasks[w][cx->ws_ntasks[w] - 1] == i)
		return;
	td_grow((void **)&cx->ws_tasks[w], &cx->ws_cap[w], cx->ws_ntasks[w] + 1, sizeof(size_t));
	cx->ws_tasks[w][cx->ws_ntasks[w]++] = i;
}

static void ws_phases_add(gctx *cx, size_t w, size_t pi)
{
	if (cx->ws_nphases[w] && cx->ws_phases[w][cx->ws_nphases[w] - 1] == pi)
		return;
	td_grow((void **)&cx->ws_phases[w], &cx->ws_pcap[w], cx->ws_nphases[w] + 1, sizeof(size_t));
	cx->ws_phases[w][cx->ws_nphases[w]++] = pi;
}

static size_t ref_ws(const td_node_ref *r)
{
	if (r->kind == TD_NODE_TASK)
		return ((const td_task *)r->ptr)->phase->workstream->index;
	if (r->kind == TD_NODE_PHASE)
		return ((const td_phase *)r->ptr)->workstream->index;
	if (r->kind == TD_NODE_EXTERNAL)
		return ((const td_external *)r->ptr)->workstream->index;
	return ((const td_workstream *)r->ptr)->index;
}

/* The shared part of every graph of a's plan; free with ctx_free. */
static void ctx_init(gctx *cx, const td_analysis *a)
{
	const td_plan *p = a->plan;
	const td_depgraph *dg = a->graph;
	memset(cx, 0, sizeof *cx);
	cx->a = a;
	size_t nt = p->ntasks ? p->ntasks : 1, np = p->nphases ? p->nphases : 1;
	size_t nw = p->nworkstreams ? p->nworkstreams : 1;
	cx->task_node = gnone_array(nt);
	cx->crit_pred = gnone_array(nt);
	cx->phase_node = gnone_array(np);
	cx->phase_cluster = gnone_array(np);
	cx->phase_first = gnone_array(np);
	cx->phase_last = gnone_array(np);
	cx->ws_node = gnone_array(nw);
	cx->ws_cluster = gnone_array(nw);
	cx->ws_first = gnone_array(nw);
	cx->ws_last = gnone_array(nw);
	cx->ext_node = gnone_array(p->nexternals ? p->nexternals : 1);
	size_t ndg = dg && dg->n ? dg->n : 1;
	cx->topo_pos = td_xmalloc(ndg * sizeof(size_t));
	/* nodes a cycle kept out of the order go last, in index order */
	for (size_t i = 0; i < ndg; i++)
		cx->topo_pos[i] = SIZE_MAX / 2 + i;
	for (size_t k = 0; dg && k < dg->ntopo; k++)
		cx->topo_pos[dg->topo[k]] = k;
	for (size_t k = 1; k < a->ncritical; k++)
		cx->crit_pred[a->critical_path[k]] = a->critical_path[k - 1];
	cx->ws_tasks = td_xcalloc(nw, sizeof *cx->ws_tasks);
	cx->ws_ntasks = td_xcalloc(nw, sizeof *cx->ws_ntasks);
	cx->ws_cap = td_xcalloc(nw, sizeof *cx->ws_cap);
	cx->ws_live = td_xcalloc(nw, sizeof *cx->ws_live);
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		size_t w = t->phase->workstream->index;
		if (t->status != TD_STATUS_DROPPED) {
			cx->ws_live[w]++;
			cx->plan_live++;
		}
		ws_tasks_add(cx, w, i);
		for (size_t k = 0; k < a->tasks[i].ndeps; k++)
			if (!a->tasks[i].deps[k].from_phase)
				ws_tasks_add(cx, ref_ws(&a->tasks[i].deps[k].ref), i);
	}
	cx->ws_phases = td_xcalloc(nw, sizeof *cx->ws_phases);
	cx->ws_nphases = td_xcalloc(nw, sizeof *cx->ws_nphases);
	cx->ws_pcap = td_xcalloc(nw, sizeof *cx->ws_pcap);
	for (size_t pi = 0; pi < p->nphases; pi++) {
		const td_phase *ph = p->phases[pi];
		if (!ph->depends_on.len)
			continue;
		ws_phases_add(cx, ph->workstream->index, pi);
		for (size_t k = 0; k < ph->depends_on.len; k++) {
			td_node_ref r;
			if (td_plan_lookup(p, ph->depends_on.items[k].s, &r))
				ws_phases_add(cx, ref_ws(&r), pi);
		}
	}
}

static void ctx_free(gctx *cx)
{
	size_t nw = cx->a->plan->nworkstreams;
	for (size_t w = 0; w < nw; w++) {
		free(cx->ws_tasks[w]);
		free(cx->ws_phases[w]);
	}
	free(cx->ws_tasks);
	free(cx->ws_phases);
	free(cx->ws_nphases);
	free(cx->ws_pcap);
	free(cx->ws_ntasks);
	free(cx->ws_cap);
	free(cx->ws_live);
	free(cx->shown);
	free(cx->task_node);
	free(cx->crit_pred);
	free(cx->phase_node);
	free(cx->phase_cluster);
	free(cx->phase_first);
	free(cx->phase_last);
	free(cx->ws_node);
	free(cx->ws_cluster);
	free(cx->ws_first);
	free(cx->ws_last);
	free(cx->ext_node);
	free(cx->topo_pos);
}

static td_graph *build_at(gctx *cx, const td_workstream *scope, td_glevel level, const bool *shown)
{
	builder b = {0};
	b.cx = cx;
	b.a = cx->a;
	b.p = cx->a->plan;
	b.scope = scope;
	b.level = level;
	b.shown = level == TD_GLEVEL_TASK ? shown : NULL;
	b.g = td_xcalloc(1, sizeof *b.g);
	b.g->focused = b.shown != NULL;
	b.g->scope = scope;
	b.g->level = b.g->asked = level;
	b.task_node = cx->task_node;
	b.crit_pred = cx->crit_pred;
	b.phase_node = cx->phase_node;
	b.phase_cluster = cx->phase_cluster;
	b.phase_first = cx->phase_first;
	b.phase_last = cx->phase_last;
	b.ws_node = cx->ws_node;
	b.ext_node = cx->ext_node;
	b.ws_cluster = cx->ws_cluster;
	b.ws_first = cx->ws_first;
	b.ws_last = cx->ws_last;
	b.topo_pos = cx->topo_pos;
	b.g->tasks = scope ? cx->ws_live[scope->index] : cx->plan_live;

	add_scope_nodes(&b);
	add_dependency_edges(&b);
	if (level != TD_GLEVEL_TASK)
		reduce_edges(b.g);
	ctx_reset(cx, &b);
	free(b.made);
	return b.g;
}

/* By task: is it drawn in a focused graph? Live (not done, not dropped),
 * or done and named directly in a live task's depends_on (its own or its
 * phase's). Computed once per context; the context frees it. */
static const bool *focus_tasks(gctx *cx)
{
	const td_analysis *a = cx->a;
	const td_plan *p = a->plan;
	if (cx->shown)
		return cx->shown;
	bool *shown = cx->shown = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *shown);
	for (size_t i = 0; i < p->ntasks; i++) {
		td_state st = a->tasks[i].state;
		if (st == TD_STATE_DONE || st == TD_STATE_DROPPED)
			continue;
		shown[i] = true;
		for (size_t k = 0; k < a->tasks[i].ndeps; k++) {
			const td_node_ref *r = &a->tasks[i].deps[k].ref;
			if (r->kind == TD_NODE_TASK && ((const td_task *)r->ptr)->status != TD_STATUS_DROPPED)
				shown[((const td_task *)r->ptr)->index] = true;
		}
	}
	return shown;
}

static td_graph *build_auto(gctx *cx, const td_workstream *scope, int node_limit, const bool *shown)
{
	size_t asked_nodes = 0;
	td_graph *g = NULL;
	for (int l = TD_GLEVEL_TASK; l <= TD_GLEVEL_WORKSTREAM; l++) {
		td_graph_free(g);
		g = build_at(cx, scope, (td_glevel)l, shown);
		if (l == TD_GLEVEL_TASK)
			asked_nodes = g->nnodes;
		if (node_limit <= 0 || g->nnodes <= (size_t)node_limit)
			break;
	}
	g->asked = TD_GLEVEL_TASK;
	g->asked_nodes = asked_nodes;
	return g;
}

static void set_names(td_graph *g, const char *name, const char *title)
{
	g->name = td_xstrdup(name ? name : "graph");
	g->title = td_xstrdup(title ? title : g->name);
}

static td_graph *focus_in(gctx *cx, const td_workstream *scope, int node_limit, const char *name,
                          const char *title)
{
	td_graph *g = build_auto(cx, scope, node_limit, focus_tasks(cx));
	set_names(g, name, title);
	return g;
}

static td_graph *build_in(gctx *cx, const td_workstream *scope, td_glevel level, int node_limit,
                          const char *name, const char *title)
{
	td_graph *g;
	if (level != TD_GLEVEL_AUTO) {
		g = build_at(cx, scope, level, NULL);
		g->asked_nodes = g->nnodes;
	} else {
		g = build_auto(cx, scope, node_limit, NULL);
	}
	set_names(g, name, title);
	return g;
}

td_graph *td_graph_focus(const td_analysis *a, const td_workstream *scope, int node_limit, const char *name,
                         const char *title)
{
	gctx cx;
	ctx_init(&cx, a);
	td_graph *g = focus_in(&cx, scope, node_limit, name, title);
	ctx_free(&cx);
	return g;
}

td_graph *td_graph_build(const td_analysis *a, const td_workstream *scope, td_glevel level, int node_limit,
                         const char *name, const char *title)
{
	gctx cx;
	ctx_init(&cx, a);
	td_graph *g = build_in(&cx, scope, level, node_limit, name, title);
	ctx_free(&cx);
	return g;
}

void td_graph_free(td_graph *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->title);
	free(g->nodes);
	free(g->clusters);
	free(g->edges);
	free(g);
}

/* The full graph of focused graph g ("full-<name>": no workstream id can make that name twice), or NULL when g hides nothing. */
static td_graph *full_of(gctx *cx, const td_graph *g, int node_limit)
{
	if (!g->focused || !g->hidden)
		return NULL;
	td_buf name = TD_BUF_INIT;
	td_buf_printf(&name, "full-%s", g->name);
	td_graph *full = build_in(cx, g->scope, TD_GLEVEL_AUTO, node_limit, td_buf_cstr(&name), g->title);
	td_buf_free(&name);
	return full;
}

td_graphset *td_graphset_build(const td_analysis *a, int node_limit)
{
	const td_plan *p = a->plan;
	td_graphset *s = td_xcalloc(1, sizeof *s);
	gctx cx;
	ctx_init(&cx, a);
	td_buf title = TD_BUF_INIT, name = TD_BUF_INIT;
	const char *proj = p->name ? p->name : p->title ? p->title : "the plan";
	td_buf_printf(&title, "Dependencies of %s", proj);
	s->plan = focus_in(&cx, NULL, node_limit, "plan", td_buf_cstr(&title));
	s->plan_full = full_of(&cx, s->plan, node_limit);
	/* the overview asks for phases: tasks are on the plan graph */
	td_buf_clear(&title);
	td_buf_printf(&title, "Phases of %s", proj);
	td_graph *ov = NULL;
	size_t asked_nodes = 0;
	for (int l = TD_GLEVEL_PHASE; l <= TD_GLEVEL_WORKSTREAM; l++) {
		td_graph_free(ov);
		ov = build_in(&cx, NULL, (td_glevel)l, node_limit, "overview", td_buf_cstr(&title));
		if (l == TD_GLEVEL_PHASE)
			asked_nodes = ov->nnodes;
		if (node_limit <= 0 || ov->nnodes <= (size_t)node_limit)
			break;
	}
	ov->asked = TD_GLEVEL_PHASE;
	ov->asked_nodes = asked_nodes;
	s->overview = ov;
	s->nworkstreams = p->nworkstreams;
	s->workstreams = td_xcalloc(p->nworkstreams ? p->nworkstreams : 1, sizeof *s->workstreams);
	s->ws_full = td_xcalloc(p->nworkstreams ? p->nworkstreams : 1, sizeof *s->ws_full);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		td_buf_clear(&name);
		td_buf_printf(&name, "ws-%s", p->workstreams[w]->id);
		s->workstreams[w] =
		    focus_in(&cx, p->workstreams[w], node_limit, td_buf_cstr(&name), p->workstreams[w]->title);
		s->ws_full[w] = full_of(&cx, s->workstreams[w], node_limit);
	}
	ctx_free(&cx);
	td_buf_free(&title);
	td_buf_free(&name);
	return s;
}

void td_graphset_free(td_graphset *s)
{
	if (!s)
		return;
	td_graph_free(s->plan);
	td_graph_free(s->plan_full);
	td_graph_free(s->overview);
	for (size_t w = 0; w < s->nworkstreams; w++) {
		td_graph_free(s->workstreams[w]);
		td_graph_free(s->ws_full[w]);
	}
	free(s->workstreams);
	free(s->ws_full);
	free(s);
}
