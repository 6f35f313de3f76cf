/*
 * graph.h - the dependency graphs the pages show, as data: which nodes
 * (tasks, phases or workstreams, and boxed external ones from other
 * workstreams), which clusters (phases, workstreams), which edges, and
 * which of them lie on the critical path. Built from the analysis (states,
 * resolved dependencies, critical path); render/graph.c lays them out with
 * Graphviz and draws them. No I/O, no Graphviz here.
 */
#ifndef TD_GRAPH_H
#define TD_GRAPH_H

#include "analyze/analyze.h"

#define TD_GNONE SIZE_MAX

typedef enum { TD_GLEVEL_TASK, TD_GLEVEL_PHASE, TD_GLEVEL_WORKSTREAM, TD_GLEVEL_AUTO } td_glevel;

typedef struct td_gnode {
	td_node_kind kind; /* what the node stands for */
	const char *id;    /* its id: the Graphviz node name and the SVG <title> */
	const char *title;
	const td_workstream *ws; /* the workstream whose page holds it (the link target) */
	const td_task *task;     /* kind task: the task, else NULL */
	const td_external *item; /* kind external: the item, else NULL */
	td_state state; /* a task's state; a phase or workstream: the state of its tasks; an external
	                   item: done when arrived, blocked when late or overdue, waiting else (docs/graphs.md) */
	bool external;  /* outside the graph's workstream: drawn as a plain dashed box */
	bool empty;     /* a phase of a task graph with no task to show, drawn as a node */
	bool critical;  /* on the critical path (a phase or workstream: holds a task that is) */
	bool collapsed; /* a focused graph's finished phase, drawn as one node */
	size_t cluster; /* innermost cluster, or TD_GNONE */
	int done, live; /* phase or workstream: done and non-dropped tasks */
} td_gnode;

typedef struct td_gcluster {
	td_node_kind kind; /* phase or workstream */
	const char *id;
	const char *title;
	const td_workstream *ws;
	size_t parent; /* enclosing cluster, or TD_GNONE; parents come first */
	int done, live; /* a phase: done and non-dropped tasks */
	int hidden;     /* a phase of a focused graph: its done tasks not drawn */
} td_gcluster;

typedef struct td_gedge {
	size_t tail, head;   /* node indices: head depends on tail */
	size_t ltail, lhead; /* the edge stands for a whole phase or workstream: clip it at this
	                        cluster (TD_GNONE: at the node) */
	bool critical;       /* joins two consecutive tasks of the critical path */
} td_gedge;

typedef struct td_graph {
	char *name; /* file name without ".svg": "plan", "overview", "ws-<id>" */
	char *title;
	const td_workstream *scope; /* NULL: the whole plan */
	td_glevel level;            /* drawn at */
	td_glevel asked;            /* asked for (TD_GLEVEL_AUTO asks for tasks) */
	size_t asked_nodes; /* nodes the asked level has; more than the node limit when level != asked */
	size_t tasks;       /* tasks of the scope that are not dropped */
	bool focused;       /* at task level: only the live work (td_graph_focus) */
	size_t hidden;      /* focused: done tasks of the scope not drawn as a node of their own */
	td_gnode *nodes;    /* clusters' nodes in plan order, then external nodes */
	size_t nnodes;
	td_gcluster *clusters;
	size_t nclusters;
	td_gedge *edges; /* sorted by head, then tail; no duplicates */
	size_t nedges;
	size_t nexternal, ncritical; /* nodes that are external, critical */
} td_graph;

/* Builds the dependency graph of scope (NULL: the whole plan) at level.
 * Dropped tasks are left out, and so are dependencies on them. A task
 * level graph clusters tasks by phase (and, plan-wide, phases by
 * workstream); a dependency on a phase or workstream is one edge from its
 * cluster. A phase level graph has a node per phase, clustered by
 * workstream when plan-wide; a workstream level graph a node per
 * workstream. A scoped graph adds an external node for each task, phase or
 * workstream of another workstream that it depends on or that depends on
 * it (at phase level: for each such workstream). An external item (td_external) that a
 * task of the scope depends on is a node of its own at every level (in a focused
 * graph only when a task that is not done waits on it). Above task level, edges
 * that others imply are left out (transitive reduction). With TD_GLEVEL_AUTO the first of task, phase and
 * workstream level with at most node_limit nodes is drawn (the workstream level when none is); with a fixed
 * level, node_limit is not used. name and title are copied. Returns a new graph: free it with td_graph_free.
 */
td_graph *td_graph_build(const td_analysis *a, const td_workstream *scope, td_glevel level, int node_limit,
                         const char *name, const char *title);
void td_graph_free(td_graph *g); /* accepts NULL */

/* As td_graph_build with TD_GLEVEL_AUTO, but the task level shows only the
 * live work (docs/graphs.md, "Focused graphs"): tasks not done and not
 * dropped, the done tasks they directly depend on, and each phase of the
 * scope none of whose tasks is drawn as one node. node_limit counts these
 * nodes. Returns a new graph: free it with td_graph_free. */
td_graph *td_graph_focus(const td_analysis *a, const td_workstream *scope, int node_limit, const char *name,
                         const char *title);

/* Every graph the pages show. */
typedef struct td_graphset {
	td_graph *plan;         /* "plan": the plan's live tasks, focused (coarser above the node limit) */
	td_graph *plan_full;    /* "full-plan": every task; NULL when the focused graph hides nothing */
	td_graph *overview;     /* "overview": the plan's phases (workstreams above the limit) */
	td_graph **workstreams; /* "ws-<id>": by workstream index, focused, at task level or coarser */
	td_graph **ws_full;     /* "full-ws-<id>": every task, or NULL as plan_full */
	size_t nworkstreams;
} td_graphset;

/* Builds the set: the focused graphs with td_graph_focus, the others
 * with td_graph_build (level auto). Returns a new set:
 * free it with td_graphset_free. */
td_graphset *td_graphset_build(const td_analysis *a, int node_limit);
void td_graphset_free(td_graphset *s); /* accepts NULL */

/* "task", "phase", "workstream", "auto". */
const char *td_glevel_name(td_glevel l);
/* The level named s, or -1. */
int td_glevel_parse(const char *s);

#endif
