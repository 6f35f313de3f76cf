/* graph.c - `taskdoc graph`: one dependency graph (the plan's or a
 * workstream's) as SVG or as Graphviz input, to stdout or a file. */
#include "view/graph.h"
#include "cmd/cmd.h"
#include "render/svg/graph.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char graph_usage[] =
    "usage: taskdoc graph [--workstream ID] [--level task|phase|workstream] [--full]\n"
    "                     [--format svg|dot] [--links html|directory|markdown] [--node-limit N]\n"
    "                     [-o FILE]\n"
    "Draws one dependency graph: the whole plan, or with --workstream one workstream\n"
    "with the tasks of other workstreams it depends on or that depend on it.\n"
    "Without --level the level is chosen as on the pages: tasks, or phases (then\n"
    "workstreams) when the graph would have more than --node-limit nodes (default\n"
    "graph.node_limit of taskdoc.yaml), and at task level only the live work is\n"
    "drawn (live tasks, the done tasks they wait on, finished phases as one node);\n"
    "--full, or a --level, draws every task. --format svg (default) lays it out with dot;\n"
    "dot prints the Graphviz input. Node links point from graphs/ of the output tree\n"
    "to each task's page (default graph.links). Writes to standard output or FILE.\n"
    "\n"
    "Example:\n"
    "  taskdoc graph --workstream hpc --level phase -o hpc.svg\n";

static int parse_links(const char *s, td_link_style *out)
{
	int style = td_link_style_parse(s);
	if (style <= TD_LINKS_AUTO)
		return -1;
	*out = (td_link_style)style;
	return 0;
}

static int write_file(const char *path, const td_buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = b->len ? fwrite(b->ptr, 1, b->len, f) : 0;
	int bad = n != b->len;
	if (fclose(f) != 0)
		bad = 1;
	return bad ? -1 : 0;
}

typedef struct graph_args {
	const char *ws_id, *format, *output, *links_arg;
	td_glevel level;
	int limit;
	bool full;
} graph_args;

/* Reads the options into ga. Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, graph_args *ga)
{
	static const struct option opts[] = {{"workstream", required_argument, NULL, 'w'},
	                                     {"level", required_argument, NULL, 'l'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"links", required_argument, NULL, 'L'},
	                                     {"node-limit", required_argument, NULL, 'n'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {"full", no_argument, NULL, 'F'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:l:f:n:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			ga->ws_id = optarg;
			break;
		case 'l': {
			int l = td_glevel_parse(optarg);
			if (l < 0) {
				td_usage_error("graph: bad --level '%s' (expected task, phase or workstream)",
				               optarg);
				return TD_EXIT_USAGE;
			}
			ga->level = (td_glevel)l;
			break;
		}
		case 'f':
			ga->format = optarg;
			if (strcmp(ga->format, "svg") && strcmp(ga->format, "dot")) {
				td_usage_error("graph: bad --format '%s' (expected svg or dot)", optarg);
				return TD_EXIT_USAGE;
			}
			break;
		case 'L':
			ga->links_arg = optarg;
			break;
		case 'n': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || v < 1 || v > 1000000) {
				td_usage_error(
				    "graph: bad --node-limit '%s' (expected a whole number from 1)", optarg);
				return TD_EXIT_USAGE;
			}
			ga->limit = (int)v;
			break;
		}
		case 'o':
			ga->output = optarg;
			break;
		case 'F':
			ga->full = true;
			break;
		case 'h':
			fputs(graph_usage, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		td_usage_error("graph: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	return -1;
}

/* The workstream named ws_id, or NULL after a usage message (with a "did
 * you mean", else the first few ids). */
static const td_workstream *find_workstream(const td_plan *p, const char *ws_id)
{
	const td_workstream *scope = NULL;
	const char **ids = td_xcalloc(p->nworkstreams + 1, sizeof *ids);
	for (size_t w = 0; w < p->nworkstreams; w++) {
		ids[w] = p->workstreams[w]->id;
		if (!strcmp(ids[w], ws_id))
			scope = p->workstreams[w];
	}
	const char *near = scope ? NULL : td_did_you_mean(ws_id, ids);
	td_buf list = TD_BUF_INIT;
	for (size_t w = 0; !scope && !near && w < p->nworkstreams; w++) {
		if (w == 8) {
			td_buf_printf(&list, ", ... (%zu in all)", p->nworkstreams);
			break;
		}
		td_buf_printf(&list, "%s%s", w ? ", " : "", ids[w]);
	}
	if (!scope && near)
		td_usage_error("graph: unknown workstream '%s' (did you mean '%s'?)", ws_id, near);
	else if (!scope)
		td_usage_error("graph: unknown workstream '%s' (expected one of: %s)", ws_id, td_buf_cstr(&list));
	td_buf_free(&list);
	free(ids);
	return scope;
}

/* Says on standard error when the graph was drawn coarser than asked, or is big. */
static void note_size(const td_graph *graph, const graph_args *ga)
{
	if (graph->level != graph->asked)
		fprintf(
		    stderr,
		    "taskdoc: graph: %zu nodes at %s level are more than the node limit (%d): drawn by %s\n",
		    graph->asked_nodes, td_glevel_name(graph->asked), ga->limit, td_glevel_name(graph->level));
	else if (ga->level != TD_GLEVEL_AUTO && graph->nnodes > (size_t)ga->limit && !strcmp(ga->format, "svg"))
		fprintf(
		    stderr,
		    "taskdoc: graph: %zu nodes are more than the node limit (%d): the layout may take long\n",
		    graph->nnodes, ga->limit);
}

/* Writes out to the file output, or to standard output ("-" or NULL). */
static int emit(const td_buf *out, const char *output, td_diags *diags)
{
	if (output && strcmp(output, "-")) {
		if (write_file(output, out) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){output, 0, 0}, "cannot write the graph: %s",
			            strerror(errno));
			return -1;
		}
	} else {
		fwrite(out->ptr ? out->ptr : "", 1, out->len, stdout);
		fflush(stdout);
	}
	return 0;
}

int td_cmd_graph(int argc, char **argv, const td_global *g)
{
	graph_args ga = {NULL, "svg", NULL, NULL, TD_GLEVEL_AUTO, 0, false};
	int early = parse_args(argc, argv, &ga);
	if (early >= 0)
		return early;
	td_link_style links = TD_LINKS_AUTO;
	if (ga.links_arg && parse_links(ga.links_arg, &links) != 0) {
		td_usage_error("graph: bad --links '%s' (expected html, directory or markdown)", ga.links_arg);
		return TD_EXIT_USAGE;
	}

	td_prof prof;
	td_prof_start(&prof);
	td_run run;
	td_global gg = *g;
	gg.no_history = true; /* a graph shows the plan as it is, not its history */
	td_run_load(&run, &gg);
	td_prof_mark(&prof, "load+analyze");
	td_graph_stats st = {0};
	int rc = TD_EXIT_FAIL;
	td_graph *graph = NULL;
	td_buf out = TD_BUF_INIT, name = TD_BUF_INIT;
	const td_plan *p = run.plan;
	if (run.diags.errors)
		goto out;
	if (!ga.limit)
		ga.limit = p->config.graph_node_limit;
	if (links == TD_LINKS_AUTO)
		links = p->config.graph_links;
	const td_workstream *scope = NULL;
	if (ga.ws_id) {
		if (!(scope = find_workstream(p, ga.ws_id))) {
			rc = TD_EXIT_USAGE;
			goto out;
		}
		td_buf_printf(&name, "ws-%s", scope->id);
	} else {
		td_buf_puts(&name, ga.level == TD_GLEVEL_PHASE || ga.level == TD_GLEVEL_WORKSTREAM ? "overview" : "plan");
	}
	const char *title = scope ? scope->title : p->name ? p->name : "plan";
	if (ga.level == TD_GLEVEL_AUTO && !ga.full)
		graph = td_graph_focus(run.analysis, scope, ga.limit, td_buf_cstr(&name), title);
	else if (ga.full && ga.level == TD_GLEVEL_AUTO) {
		/* named as the pages' full graph, so that the SVG is the same */
		td_buf full = TD_BUF_INIT;
		td_buf_printf(&full, "full-%s", td_buf_cstr(&name));
		graph = td_graph_build(run.analysis, scope, ga.level, ga.limit, td_buf_cstr(&full), title);
		td_buf_free(&full);
	} else
		graph = td_graph_build(run.analysis, scope, ga.level, ga.limit, td_buf_cstr(&name), title);
	note_size(graph, &ga);
	td_prof_mark(&prof, "graph model");
	if (td_graph_render(&out, graph, ga.format, links, &st, &run.diags) != 0)
		goto out;
	td_prof_mark(&prof, "graph");
	td_prof_note(&prof, "build", st.build_seconds);
	td_prof_note(&prof, "layout", st.layout_seconds);
	td_prof_note(&prof, "svg", st.render_seconds);
	if (emit(&out, ga.output, &run.diags) != 0)
		goto out;
	rc = TD_EXIT_OK;
out:
	td_diags_sort(&run.diags);
	td_run_print_diags(&run.diags);
	td_graph_free(graph);
	td_buf_free(&out);
	td_buf_free(&name);
	td_run_free(&run);
	td_prof_total(&prof);
	return rc;
}
