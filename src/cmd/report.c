/* report.c - `taskdoc report weekly [--week YYYY-Www]`: one weekly planning
 * report (SCHEMA 6.1) as Markdown on stdout, the same page `build` writes. */
#include "analyze/burndown.h"
#include "cmd/cmd.h"
#include "load/load.h"
#include "render/html/html.h"
#include "render/markdown/markdown.h"
#include "render/share.h"
#include "render/svg/burndown.h"
#include "render/template/source.h"
#include "view/sitemap.h"
#include "view/view.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] = "usage: taskdoc report weekly [--week YYYY-Www] [--format md|html] [--base-url URL]\n"
                           "Prints the weekly planning report of one ISO week (default: the week of the\n"
                           "as-of date) as Markdown: tasks done, started, added, dropped, re-estimated and\n"
                           "re-prioritised, remaining work at the week's start and end, the burn-down and\n"
                           "forecast, validation and benchmark runs, open risks and next week's ready\n"
                           "tasks. `build` writes every week's report to reports/weekly/.\n"
                           "The report is self-contained, to paste into an e-mail, a chat or an issue:\n"
                           "its chart is inline, and with --base-url (the site's URL) every link is\n"
                           "absolute. --format html prints a standalone HTML document.\n"
                           "\n"
                           "Example:\n"
                           "  taskdoc report weekly --week 2025-W45 --base-url https://docs.example.org/planning/ > report.md\n";

/* Makes the page md (of path) self-contained in place: its chart inline,
 * its links absolute against base (when given); as a standalone HTML
 * document for format "html". */
static void shared(td_buf *md, json_t *view, const char *path, const char *format, const char *base,
                   const td_tmpl_set *overrides, const td_plan *p)
{
	td_outset charts = {0};
	td_render_burndown_charts(&charts, view);
	bool html = !strcmp(format, "html");
	td_share_opts so = {path, base, html ? TD_LINKS_HTML : p->config.graph_links, &charts, !html};
	td_buf t = TD_BUF_INIT;
	td_share_markdown(&t, md->ptr ? md->ptr : "", md->len, &so);
	td_buf_clear(md);
	if (!html) {
		td_buf_put(md, t.ptr ? t.ptr : "", t.len);
	} else {
		td_html_page pg;
		td_html_render_page(&pg, t.ptr ? t.ptr : "", t.len, path, p->config.graph_links, p->config.html_unsafe);
		const char *css = td_tmpl_lookup(overrides, "style.css", NULL);
		td_share_html(md, pg.title, css, td_buf_cstr(&pg.body), &so);
		td_html_page_free(&pg);
	}
	td_buf_free(&t);
	td_outset_free(&charts);
}

/* The report of week want ("2025-W45"; NULL: the as-of week) in the view,
 * or NULL with an error that says which weeks there are. */
static json_t *find_report(json_t *view, const char *want, td_diags *diags)
{
	json_t *reports = json_object_get(json_object_get(view, "weekly"), "reports");
	json_t *found = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(reports, i, r)
	{
		if (want ? !strcmp(json_string_value(json_object_get(r, "id")), want)
		         : json_is_true(json_object_get(r, "current")))
			found = r;
	}
	if (found)
		return found;
	size_t n = json_array_size(reports);
	if (!n)
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){"--week", 0, 0},
		            "no weekly report: the as-of date is unknown (give --as-of)");
	else
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){"--week", 0, 0},
		            "no weekly report for %s: the reports cover %s to %s", want ? want : "the as-of week",
		            json_string_value(json_object_get(json_array_get(reports, n - 1), "id")),
		            json_string_value(json_object_get(json_array_get(reports, 0), "id")));
	return NULL;
}

int td_cmd_report(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {
	    {"week", required_argument, NULL, 'w'},     {"format", required_argument, NULL, 'f'},
	    {"base-url", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *week = NULL, *format = "md", *base = NULL;
	/* the report's name comes first: taskdoc report weekly [--week W] */
	const char *kind = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	if (kind) {
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:f:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			week = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'b':
			base = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (!kind && optind < argc)
		kind = argv[optind++];
	if (!kind) {
		td_usage_error("report: which report? (expected: report weekly [--week YYYY-Www])");
		return TD_EXIT_USAGE;
	}
	if (strcmp(kind, "weekly")) {
		td_usage_error("report: unknown report '%s' (expected weekly)", kind);
		return TD_EXIT_USAGE;
	}
	if (optind < argc) {
		td_usage_error("report: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	if (strcmp(format, "md") && strcmp(format, "html")) {
		td_usage_error("report: bad --format '%s' (expected md or html)", format);
		return TD_EXIT_USAGE;
	}
	if (base && strncmp(base, "https://", 8) && strncmp(base, "http://", 7)) {
		td_usage_error("report: bad --base-url '%s' (expected an http:// or https:// URL)", base);
		return TD_EXIT_USAGE;
	}
	char want[16] = "";
	if (week) {
		int y, w;
		if (td_iso_week_parse(week, &y, &w) != 0) {
			td_usage_error("report: bad --week '%s' (expected an ISO week such as 2025-W45)",
			               week);
			return TD_EXIT_USAGE;
		}
		td_iso_week_format(y, w, want);
	}
	td_run run;
	td_run_load(&run, g);
	td_tmpl_set overrides = {0};
	json_t *view = NULL;
	td_sitemap *map = NULL;
	td_buf out = TD_BUF_INIT;
	int rc = TD_EXIT_FAIL;
	if (run.diags.errors)
		goto out;
	if (td_templates_load(&overrides, run.plan->arena, run.plan->config.templates, &run.diags) != 0)
		goto out;
	view = td_view_build(run.plan, run.analysis, &run.diags);
	json_t *found = find_report(view, week ? want : NULL, &run.diags);
	if (!found)
		goto out;
	map = td_sitemap_build(view);
	const td_sitepage *pg = NULL;
	const char *path = json_string_value(json_object_get(found, "path"));
	for (size_t k = 0; k < map->npages && !pg; k++)
		if (!strcmp(map->pages[k].path, path))
			pg = &map->pages[k];
	td_md_opts mo = {.overrides = &overrides,
	                 .links = run.plan->config.graph_links,
	                 .html_unsafe = run.plan->config.html_unsafe,
	                 .processes = 1};
	if (!pg || td_markdown_page(&out, view, pg, &mo, &run.diags) != 0)
		goto out;
	shared(&out, view, path, format, base, &overrides, run.plan);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
	rc = TD_EXIT_OK;
out:
	td_diags_sort(&run.diags);
	td_run_print_diags(&run.diags);
	td_buf_free(&out);
	td_sitemap_free(map);
	json_decref(view);
	td_templates_free(&overrides);
	td_run_free(&run);
	return rc;
}
