/* depgraph.h - the dependency graph of the analysis over tasks,
 * phases, workstreams and external items (phases and workstreams are
 * zero-hour nodes that finish when their tasks do; an external item that
 * has not arrived finishes on its expected date). */
#ifndef TD_DEPGRAPH_H
#define TD_DEPGRAPH_H

#include "analyze/analyze.h"

typedef struct td_edge {
	uint32_t node; /* the prerequisite */
	td_loc loc;    /* where the dependency was written (file NULL: containment) */
} td_edge;

typedef struct td_depgraph {
	size_t ntask, nphase, nws, next, n;
	/* prerequisites of node i: pre[start[i] .. start[i+1]) */
	size_t *start;
	td_edge *pre;
	/* successors (CSR as well, built from pre) */
	size_t *sstart;
	uint32_t *succ;
	uint32_t *topo; /* topological order (prerequisites first); ntopo < n on a cycle */
	size_t ntopo;
} td_depgraph;

static inline size_t td_node_index(const td_depgraph *g, const td_node_ref *r)
{
	if (r->kind == TD_NODE_TASK)
		return ((const td_task *)r->ptr)->index;
	if (r->kind == TD_NODE_PHASE)
		return g->ntask + ((const td_phase *)r->ptr)->index;
	if (r->kind == TD_NODE_EXTERNAL)
		return g->ntask + g->nphase + g->nws + ((const td_external *)r->ptr)->index;
	return g->ntask + g->nphase + ((const td_workstream *)r->ptr)->index;
}

const char *td_depgraph_node_id(const td_plan *p, const td_depgraph *g, size_t node);
void td_depgraph_free(td_depgraph *g);

#endif
