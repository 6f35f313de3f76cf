/* export.c - `taskdoc export`: load + analyze + view, printed as JSON. */
#include "view/graph.h"
#include "cmd/cmd.h"
#include "view/view.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int td_cmd_export(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *format = "json";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			fputs("usage: taskdoc export [--format json]\n"
			      "Prints the whole model with every derived figure as JSON (docs/export.md).\n"
			      "\n"
			      "Example:\n"
			      "  taskdoc export | jq '.tasks[] | select(.state == \"ready\") | .id'\n",
			      stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (strcmp(format, "json")) {
		td_usage_error("export: bad --format '%s' (expected json)", format);
		return TD_EXIT_USAGE;
	}
	if (optind < argc) {
		td_usage_error("export: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	td_run run;
	td_run_load(&run, g);
	td_run_print_diags(&run.diags);
	int rc = TD_EXIT_OK;
	if (run.diags.errors) {
		rc = TD_EXIT_FAIL;
	} else {
		json_t *root = td_view_build(run.plan, run.analysis, &run.diags);
		td_graphset *graphs = td_graphset_build(run.analysis, run.plan->config.graph_node_limit);
		td_view_add_graphs(root, graphs, run.plan->config.graph_links, run.plan->config.graph_node_limit);
		td_graphset_free(graphs);
		/* streamed: a 10,000-task plan is 80 MB of JSON, not worth a copy */
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		fputc('\n', stdout);
		json_decref(root);
	}
	td_run_free(&run);
	return rc;
}
