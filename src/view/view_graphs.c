/* view_graphs.c - the dependency graphs in the view: where each SVG is,
 * at which level it is drawn and why (docs/export.md, "graphs"). */
#include "view/graph.h"
#include "view/view.h"

static const char *level_plural(td_glevel l)
{
	return l == TD_GLEVEL_TASK ? "tasks" : l == TD_GLEVEL_PHASE ? "phases" : "workstreams";
}

static json_t *graph_object(const td_graph *g, const td_graph *full)
{
	json_t *o = json_object();
	td_buf path = TD_BUF_INIT;
	td_buf_printf(&path, "graphs/%s.svg", g->name);
	json_object_set_new_nocheck(o, "name", json_string(g->name));
	json_object_set_new_nocheck(o, "path", json_string(td_buf_cstr(&path)));
	json_object_set_new_nocheck(o, "title", json_string(g->title));
	json_object_set_new_nocheck(o, "level", json_string(td_glevel_name(g->level)));
	json_object_set_new_nocheck(o, "level_plural", json_string(level_plural(g->level)));
	json_object_set_new_nocheck(o, "asked_level", json_string(td_glevel_name(g->asked)));
	json_object_set_new_nocheck(o, "asked_level_plural", json_string(level_plural(g->asked)));
	json_object_set_new_nocheck(o, "switched", json_boolean(g->level != g->asked));
	json_object_set_new_nocheck(o, "asked_nodes", json_integer((json_int_t)g->asked_nodes));
	json_object_set_new_nocheck(o, "tasks", json_integer((json_int_t)g->tasks));
	json_object_set_new_nocheck(o, "nodes", json_integer((json_int_t)g->nnodes));
	json_object_set_new_nocheck(o, "edges", json_integer((json_int_t)g->nedges));
	json_object_set_new_nocheck(o, "external", json_integer((json_int_t)g->nexternal));
	json_object_set_new_nocheck(o, "critical", json_integer((json_int_t)g->ncritical));
	json_object_set_new_nocheck(o, "focused", json_boolean(g->focused));
	json_object_set_new_nocheck(o, "hidden_tasks", json_integer((json_int_t)g->hidden));
	json_object_set_new_nocheck(o, "full", full ? graph_object(full, NULL) : json_null());
	json_object_set_new_nocheck(
	    o, "full_path",
	    full ? json_string(json_string_value(json_object_get(json_object_get(o, "full"), "path")))
	         : json_null());
	td_buf_free(&path);
	return o;
}

void td_view_add_graphs(json_t *view, const td_graphset *s, td_link_style links, int node_limit)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "links", json_string(td_link_style_name(links)));
	json_object_set_new_nocheck(o, "node_limit", json_integer(node_limit));
	json_object_set_new_nocheck(o, "plan", graph_object(s->plan, s->plan_full));
	json_object_set_new_nocheck(o, "overview", graph_object(s->overview, NULL));
	json_object_set_new_nocheck(view, "graphs", o);
	json_t *wss = json_object_get(view, "workstreams");
	for (size_t w = 0; w < s->nworkstreams && w < json_array_size(wss); w++)
		json_object_set_new(json_array_get(wss, w), "graph", graph_object(s->workstreams[w], s->ws_full[w]));
}
