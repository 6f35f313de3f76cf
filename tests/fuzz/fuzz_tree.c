/* libFuzzer harness: a whole plan tree, then everything `taskdoc build`
 * makes of it in memory (analysis, view, site map, Markdown pages, HTML
 * site, the mkdocs.yml nav). The input is content/project.yaml, then each
 * workstream file after a line "#--" (workstreams/ws0.yaml, ws1.yaml, ...).
 * Graphviz layouts are left out (slow, and fuzzed by nobody's input but
 * ids); the date is fixed (as --as-of).
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "load/load.h"
#include "render/html/html.h"
#include "render/markdown/markdown.h"
#include "render/svg/burndown.h"
#include "render/svg/trend.h"
#include "site/site.h"
#include "view/sitemap.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n#--\n"

static void render(td_plan *plan, td_analysis *a, td_diags *diags)
{
	json_t *view = td_view_build(plan, a, diags);
	td_sitemap *map = td_sitemap_build(view);
	td_outset md = TD_OUTSET_INIT, html = TD_OUTSET_INIT;
	td_md_opts mo = {.links = TD_LINKS_DIRECTORY, .processes = 1};
	if (td_markdown_pages(&md, view, map, &mo, diags) == 0) {
		td_render_burndown_charts(&md, view);
		td_render_trend_charts(&md, view);
		td_html_opts ho = {false, map, NULL, TD_LINKS_DIRECTORY, NULL, 1, NULL};
		td_html_search_index(&html, view);
		json_t *frame = td_html_frame_view(view, &ho);
		td_render_html(&html, &md, frame, &ho, diags);
		json_decref(frame);
	}
	static const char yml[] = "site_name: x\nnav:\n  - Home: index.md\n  - Planning: old.md\n";
	td_buf nav = TD_BUF_INIT;
	td_mkdocs_nav_rewrite(&nav, "mkdocs.yml", yml, sizeof yml - 1, "planning", "Planning", map->mkdocs_nav,
	                      map->nmkdocs_nav, diags);
	td_buf_free(&nav);
	td_outset_free(&md);
	td_outset_free(&html);
	td_sitemap_free(map);
	json_decref(view);
}

/* The first SEP in s[0..n), or s + n. */
static const char *find_sep(const char *s, size_t n)
{
	for (size_t i = 0; i + sizeof SEP - 1 <= n; i++)
		if (!memcmp(s + i, SEP, sizeof SEP - 1))
			return s + i;
	return s + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_plan *plan = td_plan_new();
	td_diags diags = {0};
	const char *s = (const char *)data, *end = s + size;
	int nfile = -1;
	while (s <= end && nfile < 16) {
		const char *e = find_sep(s, (size_t)(end - s));
		if (nfile < 0) {
			td_plan_load_project_text(plan, "content/project.yaml", s, (size_t)(e - s), &diags);
		} else {
			char name[64];
			snprintf(name, sizeof name, "content/workstreams/ws%d.yaml", nfile);
			td_plan_load_workstream_text(plan, name, s, (size_t)(e - s), &diags);
		}
		nfile++;
		s = e + sizeof SEP - 1;
	}
	td_plan_load_finish(plan);
	plan->as_of = td_date_from_ymd(2026, 3, 4);
	td_analysis *a = td_analyze(plan, NULL, &diags);
	if (!diags.errors)
		render(plan, a, &diags);
	td_diags_sort(&diags);
	td_analysis_free(a);
	td_plan_free(plan);
	td_diags_free(&diags);
	return 0;
}
