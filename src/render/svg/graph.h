/*
 * graph.h - draws the dependency graphs of view/graph.h: each becomes
 * an Agraph_t (libcgraph), is laid out in-process with dot (libgvc, no
 * subprocess) and written as SVG into a buffer. Node styles, the legend,
 * the critical path marks and the links are described in docs/graphs.md.
 */
#ifndef TD_SVG_GRAPH_H
#define TD_SVG_GRAPH_H

#include "view/graph.h"
#include "render/outset.h"

/* Where the SVGs go, below the output root. */
#define TD_GRAPH_DIR "graphs"

typedef struct td_graph_stats {
	size_t graphs, nodes, edges; /* drawn (the legend not counted) */
	double build_seconds;        /* making the Agraph_t */
	double layout_seconds;       /* gvLayout (dot) */
	double layout_max_seconds;   /* the longest single gvLayout */
	double render_seconds;       /* writing the SVG */
	size_t second;               /* laid out by a second process */
} td_graph_stats;

/* The link of node n, relative to the folder graphs/ of an output tree
 * whose pages are addressed as links says ("../workstreams/hpc.html#task-040",
 * "../workstreams/hpc/#task-040", "../workstreams/hpc.md#task-040");
 * a workstream links to its page. Appends to out. */
void td_graph_node_url(td_buf *out, const td_gnode *n, td_link_style links);

/* Renders g into out (cleared first): format "svg" lays it out with dot
 * and writes SVG (deterministic: no version comment), "dot" writes the
 * graph as Graphviz input, not laid out. Links are relative to graphs/
 * (see td_graph_node_url). stats (may be NULL) is added to. Returns 0, or
 * -1 with an error diagnostic naming graphs/<name>.svg; messages Graphviz
 * prints become warnings. */
int td_graph_render(td_buf *out, const td_graph *g, const char *format, td_link_style links,
                    td_graph_stats *stats, td_diags *diags);

/* Renders every graph of s as SVG and appends it to pages as
 * "graphs/<name>.svg" (plan, its full graph, overview, then each workstream
 * and its full graph; a full graph only where the set has one). Use
 * TD_LINKS_HTML for the HTML site. cache (may be NULL) keeps each SVG, in
 * its part "layouts", by the DOT text it was drawn from (docs/output.md,
 * "The build cache"): an unchanged graph is not laid out again. With
 * processes 2 and many nodes to lay out, a forked second process lays out
 * about half of the graphs the cache does not have (core/split.c); the SVGs
 * are the same. stats may be NULL. Returns 0 or -1 (diagnostics added). */
int td_render_graphs(td_outset *pages, const td_graphset *s, td_link_style links, const td_kv *cache,
                     int processes, td_graph_stats *stats, td_diags *diags);

/* As td_render_graphs, and when html is not NULL the same graphs again
 * with TD_LINKS_HTML links into html (for the HTML site), from the same
 * layout: dot runs once per graph. */
int td_render_graphs_both(td_outset *pages, td_link_style links, td_outset *html, const td_graphset *s,
                          const td_kv *cache, int processes, td_graph_stats *stats, td_diags *diags);


#endif
