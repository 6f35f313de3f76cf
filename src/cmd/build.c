/* build.c - `taskdoc build`: every stage; pages into out.markdown. */
#include "cmd/cmd.h"
#include "load/load.h"
#include "render/render.h"
#include "site/site.h"
#include "view/view.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Planning section of the MkDocs navigation, from the rendered pages. */
static td_nav *make_nav(json_t *view, const td_pages *pages, size_t *n_out, td_arena *arena)
{
	size_t nws = json_array_size(json_object_get(view, "workstreams"));
	json_t *months = json_object_get(json_object_get(view, "archive"), "months");
	td_nav *top = td_arena_alloc(arena, 6 * sizeof *top);
	td_nav *ws = td_arena_alloc(arena, (nws + 1) * sizeof *ws);
	td_nav *arch = td_arena_alloc(arena, (json_array_size(months) + 1) * sizeof *arch);
	size_t n = 0, nw = 0, na = 0;
	top[n++] = (td_nav){"Overview", "index.md", NULL, 0};
	top[n++] = (td_nav){"Active workstreams", "active-workstreams.md", NULL, 0};
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(view, "workstreams"), i, w)
	{
		const char *id = json_string_value(json_object_get(w, "id"));
		ws[nw++] = (td_nav){td_arena_strdup(arena, json_string_value(json_object_get(w, "title"))),
		                    td_arena_printf(arena, "workstreams/%s.md", id), NULL, 0};
	}
	if (nw)
		top[n++] = (td_nav){"Workstreams", NULL, ws, nw};
	top[n++] = (td_nav){"Risks", "risks.md", NULL, 0};
	arch[na++] = (td_nav){"Archive", "archive/index.md", NULL, 0};
	json_t *m;
	json_array_foreach(months, i, m)
	arch[na++] = (td_nav){td_arena_strdup(arena, json_string_value(json_object_get(m, "title"))),
	                      td_arena_strdup(arena, json_string_value(json_object_get(m, "path"))), NULL, 0};
	top[n++] = (td_nav){"Archive", NULL, arch, na};
	(void)pages;
	*n_out = n;
	return top;
}

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
			      "Renders every page of the plan into out.markdown (default docs/planning)\n"
			      "and updates the MkDocs navigation when mkdocs.config is set.\n"
			      "Nothing is written when the plan has errors.\n",
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
	td_run run;
	td_run_load(&run, g);
	td_tmpl_set overrides = {0};
	td_pages pages = {0};
	td_outset out = TD_OUTSET_INIT;
	json_t *view = NULL;
	int rc = TD_EXIT_FAIL;
	const td_config *cfg = &run.plan->config;
	if (run.diags.errors)
		goto out;
	if (td_templates_load(&overrides, run.plan->arena, cfg->templates, &run.diags) != 0)
		goto out;
	view = td_view_build(run.plan, run.analysis, &run.diags);
	if (td_render_markdown(&pages, view, &overrides, &run.diags) != 0)
		goto out;
	for (size_t i = 0; i < pages.len; i++)
		td_outset_add_buf(&out, pages.items[i].path, &pages.items[i].body);
	td_site_stats st = {0};
	if (td_site_write(cfg->out_markdown, &out, &st, &run.diags) != 0)
		goto out;
	if (!quiet)
		fprintf(stderr, "taskdoc: %s: %zu files written, %zu unchanged, %zu removed\n", cfg->out_markdown,
		        st.written, st.unchanged, st.removed);
	if (cfg->mkdocs_config) {
		size_t nnav;
		td_nav *nav = make_nav(view, &pages, &nnav, run.plan->arena);
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
	td_outset_free(&out);
	td_pages_free(&pages);
	td_templates_free(&overrides);
	td_run_free(&run);
	return rc;
}
