/* check_graph.c - view/graph.c and render/svg/graph.c: which nodes, edges
 * and clusters a dependency graph has (dropped tasks hidden, phase
 * dependencies as one cluster edge, external nodes for other workstreams),
 * the critical path marks, the switch to phase and workstream level above
 * the node limit, node links, and the SVG and DOT output (escaping,
 * determinism). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "view/graph.h"
#include "render/svg/graph.h"
#include "site/site.h"
#include "unit_plan.h"

/* Index of the node with this id, or TD_GNONE. */
static size_t node_of(const td_graph *g, const char *id)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (!strcmp(g->nodes[i].id, id))
			return i;
	return TD_GNONE;
}

static const td_gnode *must_node(const td_graph *g, const char *id)
{
	size_t i = node_of(g, id);
	if (i == TD_GNONE)
		fail_msg("graph %s has no node '%s'", g->name, id);
	return &g->nodes[i];
}

/* The edge tail -> head (by node ids), or NULL. */
static const td_gedge *edge_of(const td_graph *g, const char *tail, const char *head)
{
	size_t t = node_of(g, tail), h = node_of(g, head);
	for (size_t k = 0; k < g->nedges; k++)
		if (g->edges[k].tail == t && g->edges[k].head == h)
			return &g->edges[k];
	return NULL;
}

static const td_gedge *must_edge(const td_graph *g, const char *tail, const char *head)
{
	const td_gedge *e = edge_of(g, tail, head);
	if (!e)
		fail_msg("graph %s has no edge %s -> %s", g->name, tail, head);
	return e;
}

static size_t cluster_of(const td_graph *g, const char *id)
{
	for (size_t c = 0; c < g->nclusters; c++)
		if (!strcmp(g->clusters[c].id, id))
			return c;
	fail_msg("graph %s has no cluster '%s'", g->name, id);
	return TD_GNONE;
}

static td_graph *build(const up_fixture *f, const char *ws, td_glevel level, int limit)
{
	return td_graph_build(f->an, ws ? up_ws(f, ws) : NULL, level, limit, "g", "G");
}

static const char *const two_phases = "id: w\ntitle: W\nphases:\n"
                                      "  - id: p1\n    title: P1\n    tasks:\n"
                                      "      - {id: A, title: a, estimate: 4h, status: done}\n"
                                      "      - {id: B, title: b, estimate: 8h, depends_on: [A]}\n"
                                      "      - {id: C, title: c, estimate: 1h, status: dropped}\n"
                                      "      - {id: D, title: d, estimate: 1h, depends_on: [C]}\n"
                                      "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
                                      "      - {id: E, title: e, estimate: 2h}\n"
                                      "      - {id: F, title: f, estimate: 1h, depends_on: [E]}\n";

static void test_task_level(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, two_phases, NULL);
	td_graph *g = build(f, NULL, TD_GLEVEL_TASK, 0);
	/* C is dropped: no node, and D's dependency on it is not drawn */
	assert_int_equal(g->nnodes, 5);
	assert_int_equal(g->tasks, 5);
	assert_int_equal(node_of(g, "C"), TD_GNONE);
	assert_int_equal(must_node(g, "A")->state, TD_STATE_DONE);
	assert_int_equal(must_node(g, "B")->state, TD_STATE_READY);
	assert_int_equal(must_node(g, "E")->state, TD_STATE_WAITING);
	/* clusters: the workstream, its phases inside */
	assert_int_equal(g->nclusters, 3);
	size_t w = cluster_of(g, "w"), p1 = cluster_of(g, "p1"), p2 = cluster_of(g, "p2");
	assert_int_equal(g->clusters[p1].parent, w);
	assert_int_equal(g->clusters[p2].parent, w);
	assert_int_equal(must_node(g, "B")->cluster, p1);
	assert_int_equal(must_node(g, "F")->cluster, p2);
	/* A -> B, E -> F, and p2's depends_on as one edge between the clusters,
	 * from p1's last task to p2's first */
	assert_int_equal(g->nedges, 3);
	const td_gedge *ab = must_edge(g, "A", "B");
	assert_int_equal(ab->ltail, TD_GNONE);
	assert_int_equal(ab->lhead, TD_GNONE);
	must_edge(g, "E", "F");
	const td_gedge *ph = NULL;
	for (size_t k = 0; k < g->nedges; k++)
		if (g->edges[k].ltail == p1)
			ph = &g->edges[k];
	assert_non_null(ph);
	assert_int_equal(ph->lhead, p2);
	assert_int_equal(g->nodes[ph->head].cluster, p2);
	assert_string_equal(g->nodes[ph->head].id, "E");
	assert_int_equal(g->nodes[ph->tail].cluster, p1);
	assert_int_equal(g->nexternal, 0);
	td_graph_free(g);
}

static void test_critical_marks(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: w\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, estimate: 4h}\n"
	           "      - {id: B, title: b, estimate: 2d, depends_on: [A]}\n"
	           "      - {id: D, title: d, estimate: 3h, depends_on: [A]}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
	           "      - {id: C, title: c, estimate: 1h}\n",
	           NULL);
	UP_ASSERT_IDS(f, f->an->critical_path, f->an->ncritical, "A", "B", "C");
	td_graph *g = build(f, NULL, TD_GLEVEL_TASK, 0);
	assert_true(must_node(g, "A")->critical);
	assert_true(must_node(g, "B")->critical);
	assert_true(must_node(g, "C")->critical);
	assert_false(must_node(g, "D")->critical);
	assert_int_equal(g->ncritical, 3);
	assert_true(must_edge(g, "A", "B")->critical);
	assert_false(must_edge(g, "A", "D")->critical);
	/* B -> C runs through p2's dependency on p1: the cluster edge is marked */
	size_t p1 = cluster_of(g, "p1");
	bool found = false;
	for (size_t k = 0; k < g->nedges; k++)
		if (g->edges[k].ltail == p1) {
			assert_true(g->edges[k].critical);
			found = true;
		}
	assert_true(found);
	size_t crit_edges = 0;
	for (size_t k = 0; k < g->nedges; k++)
		crit_edges += g->edges[k].critical;
	assert_int_equal(crit_edges, 2);
	td_graph_free(g);

	/* at phase level: both phases critical, the edge between them too */
	g = build(f, NULL, TD_GLEVEL_PHASE, 0);
	assert_int_equal(g->nnodes, 2);
	assert_true(must_node(g, "p1")->critical);
	assert_true(must_edge(g, "p1", "p2")->critical);
	assert_int_equal(g->nedges, 1);
	td_graph_free(g);
}

static const char *const ws_one = "id: one\ntitle: One\nphases:\n"
                                  "  - id: one-1\n    title: One 1\n    tasks:\n"
                                  "      - {id: K, title: k, estimate: 4h}\n"
                                  "      - {id: L, title: l, estimate: 1h, depends_on: [two-1]}\n";
static const char *const ws_two = "id: two\ntitle: Two\nphases:\n"
                                  "  - id: two-1\n    title: Two 1\n    tasks:\n"
                                  "      - {id: X, title: x, estimate: 2h, depends_on: [K]}\n"
                                  "      - {id: Y, title: y, estimate: 2h}\n"
                                  "  - id: two-2\n    title: Two 2\n    tasks:\n"
                                  "      - {id: Z, title: z, estimate: 2h, depends_on: [one]}\n";

static void test_external_nodes(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, ws_one, ws_two, NULL);
	td_graph *g = build(f, "one", TD_GLEVEL_TASK, 0);
	/* its own tasks, then X (depends on A), phase two-1 (B depends on it),
	 * Z (depends on the whole workstream) */
	assert_int_equal(g->nnodes, 5);
	assert_int_equal(g->nexternal, 3);
	assert_int_equal(g->tasks, 2);
	assert_false(must_node(g, "K")->external);
	const td_gnode *x = must_node(g, "X");
	assert_true(x->external);
	assert_int_equal(x->kind, TD_NODE_TASK);
	assert_string_equal(x->ws->id, "two");
	assert_int_equal(x->cluster, TD_GNONE);
	const td_gnode *q = must_node(g, "two-1");
	assert_true(q->external);
	assert_int_equal(q->kind, TD_NODE_PHASE);
	assert_int_equal(q->done, 0);
	assert_int_equal(q->live, 2);
	must_edge(g, "K", "X");
	must_edge(g, "two-1", "L");
	/* Z depends on the whole workstream "one": an edge from its last task */
	assert_true(must_node(g, "Z")->external);
	assert_true(edge_of(g, "K", "Z") || edge_of(g, "L", "Z"));
	assert_int_equal(g->nedges, 3);
	/* no Y: nothing links it to "one" */
	assert_int_equal(node_of(g, "Y"), TD_GNONE);
	td_graph_free(g);

	g = build(f, "two", TD_GLEVEL_TASK, 0);
	assert_true(must_node(g, "K")->external);
	assert_true(must_node(g, "L")->external);
	assert_true(must_node(g, "one")->external);
	assert_int_equal(must_node(g, "one")->kind, TD_NODE_WORKSTREAM);
	must_edge(g, "K", "X");
	must_edge(g, "one", "Z");
	/* L depends on the phase two-1: an edge from its cluster */
	const td_gedge *e = NULL;
	for (size_t k = 0; k < g->nedges; k++)
		if (g->edges[k].head == node_of(g, "L"))
			e = &g->edges[k];
	assert_non_null(e);
	assert_int_equal(e->ltail, cluster_of(g, "two-1"));
	td_graph_free(g);
}

/* A focused graph: live tasks, the done tasks they wait on, a finished
 * phase as one node; the node limit counts these nodes. */
static const char *const mostly_done = "id: w\ntitle: W\nphases:\n"
                                       "  - id: p0\n    title: P0\n    tasks:\n"
                                       "      - {id: A0, title: a, estimate: 1h, status: done}\n"
                                       "      - {id: A1, title: a, estimate: 1h, status: done, depends_on: [A0]}\n"
                                       "  - id: p1\n    title: P1\n    depends_on: [p0]\n    tasks:\n"
                                       "      - {id: B0, title: b, estimate: 1h, status: done}\n"
                                       "      - {id: B1, title: b, estimate: 1h, status: done, depends_on: [B0]}\n"
                                       "      - {id: B2, title: b, estimate: 1h, depends_on: [B1]}\n"
                                       "      - {id: B3, title: b, estimate: 1h, status: dropped}\n";

static void test_focus(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, mostly_done, NULL);
	td_graph *g = td_graph_focus(f->an, NULL, 100, "plan", "P");
	assert_true(g->focused);
	assert_int_equal(g->level, TD_GLEVEL_TASK);
	/* B2 (live), B1 (done, B2 waits on it), p0 collapsed */
	assert_int_equal(g->nnodes, 3);
	assert_int_equal(g->hidden, 3); /* A0, A1, B0 */
	assert_true(must_node(g, "p0")->collapsed);
	assert_int_equal(must_node(g, "p0")->done, 2);
	assert_int_equal(node_of(g, "B0"), TD_GNONE);
	must_edge(g, "B1", "B2");
	/* p1 depends on p0: from the collapsed node into p1's box */
	const td_gedge *e = must_edge(g, "p0", "B1");
	assert_int_equal(e->lhead, cluster_of(g, "p1"));
	assert_int_equal(g->clusters[cluster_of(g, "p1")].hidden, 1);
	td_graph_free(g);
	/* the limit counts the drawn nodes: 3 fit, 2 do not */
	g = td_graph_focus(f->an, NULL, 3, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_TASK);
	td_graph_free(g);
	g = td_graph_focus(f->an, NULL, 2, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_PHASE);
	assert_int_equal(g->asked_nodes, 3);
	td_graph_free(g);
	/* the set keeps the full graph beside it */
	td_graphset *s = td_graphset_build(f->an, 100);
	assert_non_null(s->plan_full);
	assert_string_equal(s->plan_full->name, "full-plan");
	assert_int_equal(s->plan_full->nnodes, 5);
	assert_non_null(s->ws_full[0]);
	assert_string_equal(s->ws_full[0]->name, "full-ws-w");
	td_graphset_free(s);
}

static void test_auto_level(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, two_phases, ws_one, ws_two, NULL);
	/* 11 tasks but C dropped: 10 task nodes */
	td_graph *g = td_graph_build(f->an, NULL, TD_GLEVEL_AUTO, 10, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_TASK);
	assert_int_equal(g->asked, TD_GLEVEL_TASK);
	assert_int_equal(g->nnodes, 10);
	td_graph_free(g);

	g = td_graph_build(f->an, NULL, TD_GLEVEL_AUTO, 9, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_PHASE);
	assert_int_equal(g->asked, TD_GLEVEL_TASK);
	assert_int_equal(g->asked_nodes, 10);
	assert_int_equal(g->nnodes, 5);
	/* phases are clustered by workstream; the dependencies between phases */
	assert_int_equal(g->nclusters, 3);
	must_edge(g, "p1", "p2");
	must_edge(g, "one-1", "two-1");
	must_edge(g, "two-1", "one-1");
	/* two-2 depends on the workstream "one": from its cluster */
	const td_gedge *e = NULL;
	for (size_t k = 0; k < g->nedges; k++)
		if (g->edges[k].head == node_of(g, "two-2"))
			e = &g->edges[k];
	assert_non_null(e);
	assert_int_equal(e->ltail, cluster_of(g, "one"));
	assert_int_equal(must_node(g, "p1")->state, TD_STATE_IN_PROGRESS); /* A done, B ready */
	assert_int_equal(must_node(g, "p1")->done, 1);
	assert_int_equal(must_node(g, "p1")->live, 3);
	assert_int_equal(must_node(g, "p2")->state, TD_STATE_WAITING);
	td_graph_free(g);

	g = td_graph_build(f->an, NULL, TD_GLEVEL_AUTO, 4, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_WORKSTREAM);
	assert_int_equal(g->asked_nodes, 10);
	assert_int_equal(g->nnodes, 3);
	assert_int_equal(g->nclusters, 0);
	must_edge(g, "one", "two");
	must_edge(g, "two", "one");
	assert_null(edge_of(g, "w", "one"));
	td_graph_free(g);

	/* a fixed level ignores the limit */
	g = td_graph_build(f->an, NULL, TD_GLEVEL_TASK, 1, "plan", "P");
	assert_int_equal(g->level, TD_GLEVEL_TASK);
	assert_int_equal(g->nnodes, 10);
	td_graph_free(g);

	/* the set: each workstream on its own, the overview at phase level */
	td_graphset *s = td_graphset_build(f->an, 4);
	assert_int_equal(s->nworkstreams, 3);
	assert_string_equal(s->plan->name, "plan");
	assert_string_equal(s->overview->name, "overview");
	assert_int_equal(s->overview->asked, TD_GLEVEL_PHASE);
	assert_int_equal(s->overview->level, TD_GLEVEL_WORKSTREAM);
	assert_string_equal(s->workstreams[0]->name, "ws-w");
	assert_int_equal(s->workstreams[0]->level, TD_GLEVEL_PHASE); /* 5 tasks > 4 */
	td_graphset_free(s);
}

static void test_empty_phase(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: w\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: P1\n    tasks:\n"
	           "      - {id: A, title: a, status: dropped}\n"
	           "  - id: p2\n    title: P2\n    depends_on: [p1]\n    tasks:\n"
	           "      - {id: B, title: b}\n",
	           NULL);
	td_graph *g = build(f, NULL, TD_GLEVEL_TASK, 0);
	const td_gnode *p1 = must_node(g, "p1");
	assert_true(p1->empty);
	assert_int_equal(p1->kind, TD_NODE_PHASE);
	assert_int_equal(p1->cluster, cluster_of(g, "p1"));
	assert_int_equal(p1->state, TD_STATE_DONE); /* nothing left to do */
	must_edge(g, "p1", "B");
	td_graph_free(g);
}

static void test_node_urls(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, ws_one, ws_two, NULL);
	td_graph *g = build(f, "two", TD_GLEVEL_TASK, 0);
	td_buf b = TD_BUF_INIT;
	td_graph_node_url(&b, must_node(g, "K"), TD_LINKS_HTML);
	assert_string_equal(td_buf_cstr(&b), "../workstreams/one.html#k");
	td_buf_clear(&b);
	td_graph_node_url(&b, must_node(g, "X"), TD_LINKS_DIRECTORY);
	assert_string_equal(td_buf_cstr(&b), "../workstreams/two/#x");
	td_buf_clear(&b);
	td_graph_node_url(&b, must_node(g, "one"), TD_LINKS_MARKDOWN);
	assert_string_equal(td_buf_cstr(&b), "../workstreams/one.md");
	td_buf_free(&b);
	td_graph_free(g);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_svg(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, two_phases, NULL);
	td_graph *g = build(f, NULL, TD_GLEVEL_AUTO, 100);
	td_buf svg = TD_BUF_INIT, again = TD_BUF_INIT;
	td_graph_stats st = {0};
	assert_int_equal(td_graph_render(&svg, g, "svg", TD_LINKS_HTML, &st, &f->diags), 0);
	const char *s = td_buf_cstr(&svg);
	assert_true(!strncmp(s, "<?xml", 5));
	assert_non_null(strstr(s, "</svg>"));
	assert_null(strstr(s, "Generated by graphviz"));
	/* one <title> per node, cluster and edge and the graph's own */
	assert_int_equal(count(s, "class=\"node task "), 5);
	assert_int_equal(count(s, "class=\"node legend\""), 1);
	assert_int_equal(count(s, "<title>"), 1 + 3 + 6 + g->nedges);
	assert_non_null(strstr(s, "<title>B</title>"));
	assert_non_null(strstr(s, "class=\"node task ready critical\""));
	assert_non_null(strstr(s, "class=\"edge critical\""));
	assert_non_null(strstr(s, "xlink:href=\"../workstreams/w.html#b\""));
	assert_non_null(strstr(s, "target=\"_top\""));
	assert_int_equal(st.graphs, 1);
	assert_int_equal(st.nodes, 5);
	/* the same graph gives the same bytes */
	assert_int_equal(td_graph_render(&again, g, "svg", TD_LINKS_HTML, NULL, &f->diags), 0);
	assert_int_equal(svg.len, again.len);
	assert_memory_equal(svg.ptr, again.ptr, svg.len);
	/* Graphviz had nothing to say (the plan's own warning is about C) */
	for (size_t i = 0; i < f->diags.len; i++)
		assert_null(strstr(f->diags.items[i].message, "Graphviz"));
	td_buf_free(&svg);
	td_buf_free(&again);
	td_graph_free(g);
}

static void test_escaping(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL,
	           "id: w\ntitle: W\nphases:\n"
	           "  - id: p1\n    title: \"P <1> & 2\"\n    tasks:\n"
	           "      - {id: A, title: 'Use <b> & \"q\" \\N &amp;'}\n"
	           "      - {id: B, title: A very long title that certainly does not fit on two short lines "
	           "of a node}\n",
	           NULL);
	td_graph *g = build(f, NULL, TD_GLEVEL_TASK, 0);
	td_buf svg = TD_BUF_INIT, dot = TD_BUF_INIT;
	assert_int_equal(td_graph_render(&svg, g, "svg", TD_LINKS_MARKDOWN, NULL, &f->diags), 0);
	const char *s = td_buf_cstr(&svg);
	/* the title as text: markup escaped once, \N not expanded, &amp; kept */
	assert_non_null(strstr(s, "Use &lt;b&gt; &amp; &quot;q&quot; \\N &amp;amp;"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "P &lt;1&gt; &amp; 2"));
	/* long titles are wrapped on two lines and cut with an ellipsis; the
	 * tooltip has all of it */
	assert_non_null(strstr(s, "\xe2\x80\xa6</text>"));
	assert_non_null(strstr(s, "two short lines of a node (ready"));
	assert_int_equal(td_graph_render(&dot, g, "dot", TD_LINKS_MARKDOWN, NULL, &f->diags), 0);
	const char *d = td_buf_cstr(&dot);
	assert_true(!strncmp(d, "digraph g {", 11));
	assert_non_null(strstr(d, "compound=true"));
	assert_non_null(strstr(d, "subgraph cluster_p1"));
	assert_non_null(strstr(d, "URL=\"../workstreams/w.md#a\""));
	td_buf_free(&svg);
	td_buf_free(&dot);
	td_graph_free(g);
}

static void test_render_set(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, two_phases, ws_one, ws_two, NULL);
	td_graphset *s = td_graphset_build(f->an, 150);
	td_outset pages = {0};
	td_graph_stats st = {0};
	assert_int_equal(td_render_graphs(&pages, s, TD_LINKS_DIRECTORY, NULL, 1, &st, &f->diags), 0);
	assert_int_equal(pages.len, 5);
	assert_string_equal(pages.items[0].path, "graphs/plan.svg");
	assert_string_equal(pages.items[1].path, "graphs/overview.svg");
	assert_string_equal(pages.items[2].path, "graphs/ws-w.svg");
	assert_string_equal(pages.items[4].path, "graphs/ws-two.svg");
	assert_non_null(strstr(pages.items[3].data, "xlink:href=\"../workstreams/two/#x\""));
	assert_int_equal(st.graphs, 5);

	/* both link styles from one layout: the same bytes as rendering each alone */
	td_outset md = {0}, html = {0}, alone = {0};
	td_graph_stats st2 = {0};
	assert_int_equal(td_render_graphs_both(&md, TD_LINKS_DIRECTORY, &html, s, NULL, 1, &st2, &f->diags), 0);
	assert_int_equal(st2.graphs, 5); /* laid out once each */
	assert_int_equal(td_render_graphs(&alone, s, TD_LINKS_HTML, NULL, 1, NULL, &f->diags), 0);
	assert_int_equal(md.len, 5);
	assert_int_equal(html.len, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(md.items[i].path, pages.items[i].path);
		assert_string_equal(html.items[i].path, alone.items[i].path);
		assert_string_equal(md.items[i].data, pages.items[i].data);
		assert_string_equal(html.items[i].data, alone.items[i].data);
	}
	assert_non_null(strstr(html.items[3].data, "xlink:href=\"../workstreams/two.html#x\""));

	/* the layout cache: the same bytes when it is filled and when it is read */
	char tmpl[] = "/tmp/td-graph-cache-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	td_filecache *fc = td_filecache_open(tmpl, false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	for (int round = 0; round < 2; round++) {
		td_outset cmd = {0}, chtml = {0};
		assert_int_equal(td_render_graphs_both(&cmd, TD_LINKS_DIRECTORY, &chtml, s, &kv, 1, NULL, &f->diags), 0);
		assert_int_equal(cmd.len, 5);
		for (size_t i = 0; i < 5; i++) {
			assert_string_equal(cmd.items[i].data, md.items[i].data);
			assert_string_equal(chtml.items[i].data, html.items[i].data);
		}
		td_outset_free(&cmd);
		td_outset_free(&chtml);
	}
	/* a hit comes from the file: an SVG changed there (same length) is read as it is */
	td_buf cmdline = TD_BUF_INIT;
	td_buf_printf(&cmdline, "for f in %s/layouts/*; do sed -i 's/<svg /<SVG /' \"$f\"; done", tmpl);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_outset hit = {0};
	assert_int_equal(td_render_graphs(&hit, s, TD_LINKS_DIRECTORY, &kv, 1, NULL, &f->diags), 0);
	/* a different key (one link style, not two): not those files */
	assert_null(strstr(hit.items[0].data, "<SVG "));
	td_outset_free(&hit);
	td_outset hit2 = {0}, hit2h = {0};
	assert_int_equal(td_render_graphs_both(&hit2, TD_LINKS_DIRECTORY, &hit2h, s, &kv, 1, NULL, &f->diags), 0);
	assert_non_null(strstr(hit2.items[0].data, "<SVG "));
	assert_non_null(strstr(hit2h.items[0].data, "<SVG "));
	td_outset_free(&hit2);
	td_outset_free(&hit2h);
	td_filecache_free(fc);
	td_buf_clear(&cmdline);
	td_buf_printf(&cmdline, "rm -rf %s", tmpl);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_buf_free(&cmdline);
	td_outset_free(&md);
	td_outset_free(&html);
	td_outset_free(&alone);
	td_outset_free(&pages);
	td_graphset_free(s);
}

/* The layout cache's key is the sequence of calls that make the graph:
 * a plan that changes only what a node's tooltip says (an estimate), a
 * label (a title) or a cluster's (a phase's title) finds no layout of the
 * first plan, and each variant read back from the cache is the SVG made
 * without one. */
static void test_cache_key_sees_every_call(void **state)
{
	up_fixture *f = *state;
	static const char *const variants[] = {
	    "id: w\ntitle: W\nphases:\n  - id: p1\n    title: P1\n    tasks:\n"
	    "      - {id: A, title: a, estimate: 4h, status: done}\n"
	    "      - {id: B, title: b, estimate: 2h, depends_on: [A]}\n",
	    /* the estimate: B's tooltip only */
	    "id: w\ntitle: W\nphases:\n  - id: p1\n    title: P1\n    tasks:\n"
	    "      - {id: A, title: a, estimate: 4h, status: done}\n"
	    "      - {id: B, title: b, estimate: 3h, depends_on: [A]}\n",
	    /* B's title: its label and tooltip */
	    "id: w\ntitle: W\nphases:\n  - id: p1\n    title: P1\n    tasks:\n"
	    "      - {id: A, title: a, estimate: 4h, status: done}\n"
	    "      - {id: B, title: bb, estimate: 3h, depends_on: [A]}\n",
	    /* the phase's title: a cluster's label */
	    "id: w\ntitle: W\nphases:\n  - id: p1\n    title: P2\n    tasks:\n"
	    "      - {id: A, title: a, estimate: 4h, status: done}\n"
	    "      - {id: B, title: bb, estimate: 3h, depends_on: [A]}\n",
	};
	char tmpl[] = "/tmp/td-graph-key-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	td_filecache *fc = td_filecache_open(tmpl, false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	for (size_t v = 0; v < TD_ARRAY_LEN(variants); v++) {
		up_free(f);
		up_analyze(f, NULL, variants[v], NULL);
		td_graphset *s = td_graphset_build(f->an, 150);
		for (int round = 0; round < 2; round++) { /* filled, then read */
			td_outset plain = {0}, plainh = {0}, cached = {0}, cachedh = {0};
			td_graph_stats st = {0};
			assert_int_equal(td_render_graphs_both(&plain, TD_LINKS_DIRECTORY, &plainh, s, NULL, 1, NULL, &f->diags),
			                 0);
			assert_int_equal(
			    td_render_graphs_both(&cached, TD_LINKS_DIRECTORY, &cachedh, s, &kv, 1, &st, &f->diags), 0);
			if (round == 0 && st.layout_seconds == 0.0)
				fail_msg("variant %zu: a layout of another variant was taken", v);
			if (round == 1 && st.layout_seconds != 0.0)
				fail_msg("variant %zu: laid out again", v);
			assert_int_equal(cached.len, plain.len);
			for (size_t i = 0; i < plain.len; i++) {
				assert_string_equal(cached.items[i].data, plain.items[i].data);
				assert_string_equal(cachedh.items[i].data, plainh.items[i].data);
			}
			td_outset_free(&plain);
			td_outset_free(&plainh);
			td_outset_free(&cached);
			td_outset_free(&cachedh);
		}
		td_graphset_free(s);
	}
	td_filecache_free(fc);
	td_buf cmdline = TD_BUF_INIT;
	td_buf_printf(&cmdline, "rm -rf %s", tmpl);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_buf_free(&cmdline);
}

/* A workstream of n tasks in chains of five, for the graphs of a bigger plan. */
static char *chain_ws(int w, int n)
{
	td_buf b = TD_BUF_INIT;
	td_buf_printf(&b, "id: w%d\ntitle: W %d\nphases:\n  - id: w%d-p\n    title: P\n    tasks:\n", w, w, w);
	for (int t = 0; t < n; t++) {
		td_buf_printf(&b, "      - id: W%d-%d\n        title: Task %d of %d\n        status: %s\n", w, t, t, w,
		              t % 3 ? "todo" : "done");
		if (t % 5)
			td_buf_printf(&b, "        depends_on: [W%d-%d]\n", w, t - 1);
		if (w && t == 0)
			td_buf_printf(&b, "        depends_on: [W%d-4]\n", w - 1);
	}
	return td_buf_detach(&b);
}

/* Enough nodes to lay out that a second process lays out about half of
 * the graphs (a big one, the plan's, by the parent alone): the same SVGs
 * as one process, the same cache entries (one
 * process reads back what two stored, byte for byte). */
static void test_render_set_two_processes(void **state)
{
	up_fixture *f = *state;
	char *ws[8];
	for (int w = 0; w < 8; w++)
		ws[w] = chain_ws(w, 150);
	up_analyze(f, NULL, ws[0], ws[1], ws[2], ws[3], ws[4], ws[5], ws[6], ws[7], NULL);
	td_graphset *s = td_graphset_build(f->an, 2000);
	td_outset one = {0}, two = {0}, from = {0};
	td_graph_stats st1 = {0}, st2 = {0};
	assert_int_equal(td_render_graphs(&one, s, TD_LINKS_DIRECTORY, NULL, 1, &st1, &f->diags), 0);
	if (st1.nodes < 2000)
		fail_msg("%zu nodes in %zu graphs: too few for a second process", st1.nodes, st1.graphs);
	/* the plan's graph is big: laid out alone, the others shared */
	assert_true(s->plan->nnodes > 300);
	char tmpl[] = "/tmp/td-graph-two-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	td_filecache *fc = td_filecache_open(tmpl, false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	assert_int_equal(td_render_graphs(&two, s, TD_LINKS_DIRECTORY, &kv, 2, &st2, &f->diags), 0);
	assert_int_equal(st2.graphs, st1.graphs);
	assert_true(st2.second > 0 && st2.second < st2.graphs);
	assert_int_equal(st1.second, 0);
	assert_int_equal(two.len, one.len);
	for (size_t i = 0; i < one.len; i++) {
		assert_string_equal(two.items[i].path, one.items[i].path);
		assert_string_equal(two.items[i].data, one.items[i].data);
	}
	/* what two processes stored, one reads: nothing laid out again */
	td_graph_stats st3 = {0};
	assert_int_equal(td_render_graphs(&from, s, TD_LINKS_DIRECTORY, &kv, 1, &st3, &f->diags), 0);
	assert_true(st3.layout_seconds == 0.0);
	for (size_t i = 0; i < one.len; i++)
		assert_string_equal(from.items[i].data, one.items[i].data);
	assert_int_equal(f->diags.warnings, 0);
	td_filecache_free(fc);
	td_buf cmdline = TD_BUF_INIT;
	td_buf_printf(&cmdline, "rm -rf %s", tmpl);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_buf_free(&cmdline);
	td_outset_free(&one);
	td_outset_free(&two);
	td_outset_free(&from);
	td_graphset_free(s);
	for (int w = 0; w < 8; w++)
		free(ws[w]);
}

/* Graphs alike but for their names share one layout and one cache entry:
 * with a node limit of 1 the plan-wide graph is drawn at workstream level,
 * as the overview is. Each SVG still carries its own name, as Graphviz
 * writes it ('-' as &#45;), the same bytes as without a cache. */
static void test_shared_layout(void **state)
{
	up_fixture *f = *state;
	up_analyze(f, NULL, two_phases, ws_one, ws_two, NULL);
	td_graphset *s = td_graphset_build(f->an, 1);
	td_outset plain = {0}, cached = {0};
	assert_int_equal(td_render_graphs(&plain, s, TD_LINKS_DIRECTORY, NULL, 1, NULL, &f->diags), 0);
	char tmpl[] = "/tmp/td-graph-share-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	td_filecache *fc = td_filecache_open(tmpl, false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	assert_int_equal(td_render_graphs(&cached, s, TD_LINKS_DIRECTORY, &kv, 1, NULL, &f->diags), 0);
	assert_int_equal(cached.len, plain.len);
	for (size_t i = 0; i < plain.len; i++)
		assert_string_equal(cached.items[i].data, plain.items[i].data);
	const td_outfile *plan = td_outset_find(&cached, "graphs/plan.svg");
	const td_outfile *over = td_outset_find(&cached, "graphs/overview.svg");
	assert_non_null(plan);
	assert_non_null(over);
	assert_non_null(strstr(plan->data, "<title>plan</title>"));
	assert_non_null(strstr(over->data, "<title>overview</title>"));
	assert_null(strstr(over->data, "taskdoc_graph"));
	const td_outfile *ws = td_outset_find(&cached, "graphs/ws-w.svg");
	assert_non_null(ws);
	assert_non_null(strstr(ws->data, "<!-- Title: ws&#45;w Pages: 1 -->"));
	/* one entry fewer than graphs: the two share theirs */
	td_buf cmdline = TD_BUF_INIT;
	td_buf_printf(&cmdline, "test $(ls %s/layouts | wc -l) -eq %zu", tmpl, cached.len - 1);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_buf_clear(&cmdline);
	td_buf_printf(&cmdline, "rm -rf %s", tmpl);
	assert_int_equal(system(td_buf_cstr(&cmdline)), 0);
	td_buf_free(&cmdline);
	td_filecache_free(fc);
	td_outset_free(&plain);
	td_outset_free(&cached);
	td_graphset_free(s);
}

static void test_level_names(void **state)
{
	(void)state;
	assert_int_equal(td_glevel_parse("task"), TD_GLEVEL_TASK);
	assert_int_equal(td_glevel_parse("phase"), TD_GLEVEL_PHASE);
	assert_int_equal(td_glevel_parse("workstream"), TD_GLEVEL_WORKSTREAM);
	assert_int_equal(td_glevel_parse("tasks"), -1);
	assert_string_equal(td_glevel_name(TD_GLEVEL_PHASE), "phase");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_task_level, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_critical_marks, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_external_nodes, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_auto_level, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_empty_phase, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_node_urls, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_svg, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_escaping, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_render_set, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_cache_key_sees_every_call, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_shared_layout, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_render_set_two_processes, up_setup, up_teardown),
	    cmocka_unit_test(test_level_names),
	    cmocka_unit_test_setup_teardown(test_focus, up_setup, up_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
