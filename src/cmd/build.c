/* build.c - `taskdoc build`: every stage; pages into out.markdown, the HTML site into out.html. */
#include "analyze/graph.h"
#include "cmd/cmd.h"
#include "load/load.h"
#include "render/html.h"
#include "render/nav.h"
#include "render/render.h"
#include "render/svg/burndown.h"
#include "render/svg/graph.h"
#include "render/svg/trend.h"
#include "site/site.h"
#include "view/view.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int td_cmd_build(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs("usage: taskdoc build [--quiet]\n"
			      "Renders every page of the plan into out.markdown (default docs/planning),\n"
			      "the standalone HTML site into out.html (default site),\n"
			      "and updates the MkDocs navigation when mkdocs.config is set.\n"
			      "Dependency graphs go into graphs/ of both (docs/graphs.md).\n"
			      "Nothing is written when the plan has errors.\n"
			      "TASKDOC_PROFILE=1 prints how long each stage took on standard error.\n",
			      stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		td_usage_error("build: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	td_prof prof;
	td_prof_start(&prof);
	td_run run;
	td_run_load(&run, g);
	td_prof_mark(&prof, "load+analyze");
	td_graphset *graphs = NULL;
	td_graph_stats gst = {0};
	td_tmpl_set overrides = {0};
	td_pages pages = {0};
	td_outset out = TD_OUTSET_INIT;
	td_pages html = {0};
	td_outset hout = TD_OUTSET_INIT;
	json_t *view = NULL;
	int rc = TD_EXIT_FAIL;
	const td_config *cfg = &run.plan->config;
	if (run.diags.errors)
		goto out;
	if (td_templates_load(&overrides, run.plan->arena, cfg->templates, &run.diags) != 0)
		goto out;
	graphs = td_graphset_build(run.analysis, cfg->graph_node_limit);
	view = td_view_build(run.plan, run.analysis, &run.diags);
	td_view_add_graphs(view, graphs, cfg->graph_links, cfg->graph_node_limit);
	td_prof_mark(&prof, "view");
	if (td_render_markdown(&pages, view, &overrides, &run.diags) != 0)
		goto out;
	/* the burn-down charts the pages show, in the Markdown tree; the HTML
	 * site copies them from it as it copies every file but the pages */
	td_render_burndown_charts(&pages, view);
	td_prof_mark(&prof, "markdown");
	if (td_render_graphs(&pages, graphs, cfg->graph_links, &gst, &run.diags) != 0)
		goto out;
	td_prof_mark(&prof, "graphs");
	/* benchmark trends (render/svg/trend.c), for the Markdown tree and the HTML
	 * site (which renders its pages again from the view) */
	td_render_trend_charts(&pages, view);
	td_render_trend_charts(&html, view);
	td_prof_note(&prof, "build", gst.build_seconds);
	td_prof_note(&prof, "layout", gst.layout_seconds);
	td_prof_note(&prof, "svg", gst.render_seconds);
	if (td_render_html_site(&html, &pages, view, cfg, &overrides, run.plan->arena, &run.diags) != 0)
		goto out;
	td_prof_mark(&prof, "html");
	for (size_t i = 0; i < pages.len; i++)
		td_outset_add_buf(&out, pages.items[i].path, &pages.items[i].body);
	td_site_stats st = {0};
	if (td_site_write(cfg->out_markdown, &out, &st, &run.diags) != 0)
		goto out;
	td_prof_mark(&prof, "write");
	if (!quiet)
		fprintf(stderr, "taskdoc: %s: %zu files written, %zu unchanged, %zu removed\n", cfg->out_markdown,
		        st.written, st.unchanged, st.removed);
	for (size_t i = 0; i < html.len; i++)
		td_outset_add_buf(&hout, html.items[i].path, &html.items[i].body);
	td_site_stats hst = {0};
	if (td_site_write(cfg->out_html, &hout, &hst, &run.diags) != 0)
		goto out;
	if (!quiet)
		fprintf(stderr, "taskdoc: %s: %zu files written, %zu unchanged, %zu removed\n", cfg->out_html,
		        hst.written, hst.unchanged, hst.removed);
	if (cfg->mkdocs_config) {
		size_t nnav;
		td_nav *nav = td_nav_build(&nnav, view, run.plan->arena);
		bool changed = false;
		const char *why = NULL;
		if (td_mkdocs_update_nav(cfg->mkdocs_config, cfg->out_markdown, cfg->mkdocs_section, nav, nnav,
		                         &changed, &why, &run.diags) != 0)
			goto out;
		if (!quiet && changed)
			fprintf(stderr, "taskdoc: %s: navigation section '%s' updated\n", cfg->mkdocs_config,
			        cfg->mkdocs_section);
		else if (!quiet && why)
			fprintf(stderr, "taskdoc: %s: %s\n", cfg->mkdocs_config, why);
	}
	rc = TD_EXIT_OK;
out:
	td_diags_sort(&run.diags);
	td_run_print_diags(&run.diags);
	json_decref(view);
	td_graphset_free(graphs);
	td_prof_total(&prof);
	td_outset_free(&out);
	td_pages_free(&pages);
	td_outset_free(&hout);
	td_pages_free(&html);
	td_templates_free(&overrides);
	td_run_free(&run);
	return rc;
}
