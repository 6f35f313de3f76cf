/* build.c - `taskdoc build`: every stage; pages into out.markdown, the HTML site into out.html. */
#include "cmd/cmd.h"
#include "load/load.h"
#include "render/html/html.h"
#include "render/markdown/markdown.h"
#include "render/svg/burndown.h"
#include "render/svg/graph.h"
#include "render/svg/trend.h"
#include "site/site.h"
#include "view/graph.h"
#include "view/sitemap.h"
#include "view/view.h"

#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: taskdoc build [--quiet] [--check]\n"
    "Renders every page of the plan into out.markdown (default docs/planning),\n"
    "the standalone HTML site into out.html (default site),\n"
    "and updates the MkDocs navigation when mkdocs.config is set.\n"
    "Dependency graphs go into graphs/ of both (docs/graphs.md). Their layouts,\n"
    "the parsed plan files, unchanged pages' HTML and what git said of HEAD's\n"
    "commit are kept in the cache folder (taskdoc.yaml cache:, default\n"
    ".cache/taskdoc; safe to delete).\n"
    "Nothing is written when the plan has errors.\n"
    "  --check   render into memory, write nothing; list every file that would be\n"
    "            created, changed or removed (mkdocs.yml included) and exit 1 if any\n"
    "            would: for CI when the generated pages are committed (docs/ci.md)\n"
    "  --quiet   no summary lines\n"
    "TASKDOC_PROFILE=1 prints how long each stage took on standard error.\n"
    "TASKDOC_JOBS=1 parses the plan, renders the pages and lays out the graphs in\n"
    "one process and starts no helper thread (default: two processes when the\n"
    "machine has two processors and the plan's YAML, the pages or the graphs are\n"
    "many, a thread that readies a large view's memory, two threads that make\n"
    "the task objects of a plan of 2,000 tasks or more, and on a rebuild of a\n"
    "plan of over 2 MB a thread that decodes the cached documents ahead of the\n"
    "load; the output is the same).\n"
    "TASKDOC_EAGER_VIEW=1 makes every task object at once instead of each when a\n"
    "page first reads it (the output is the same).\n"
    "\n"
    "Example:\n"
    "  taskdoc build --check || { taskdoc build; git add docs/planning; }\n";

/* What one build makes, freed together. */
typedef struct build {
	td_tmpl_set overrides;
	td_graphset *graphs;
	json_t *view;
	td_sitemap *map;
	td_outset md, html;
	td_buf search;       /* the HTML site's search index, made with the Markdown pages */
	td_buf mdkeep;       /* the Markdown pages' cache entries, stored after the HTML stage */
	bool check;          /* build --check: nothing is written */
	td_filecache *cache; /* the run's cache folder (borrowed), or NULL */
	td_kv kv;
	td_spool *spool; /* the Markdown tree while the view is alive (the cache folder), or NULL */
	bool region;     /* the JSON region (view/jsonmem.c) is open */
} build;

static void build_free(build *b)
{
	td_view_lazy_end();
	json_decref(b->view);
	td_graphset_free(b->graphs);
	td_sitemap_free(b->map);
	td_outset_free(&b->md);
	td_outset_free(&b->html);
	td_buf_free(&b->search);
	td_buf_free(&b->mdkeep);
	td_spool_free(b->spool);
	td_templates_free(&b->overrides);
}

/* Memory freed by a stage that what follows will not reuse goes back:
 * main keeps freed memory for reuse otherwise (tune_malloc). */
static void give_back(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* The graph set is done with once the view is made: its memory goes
 * back before the pages are rendered. The analysis stays while the view
 * does, which makes task objects from it when pages first read them. */
static void free_graphs(build *b)
{
	td_graphset_free(b->graphs);
	b->graphs = NULL;
	give_back();
}

/* The search index's text, a piece of the Markdown stage's work (ud: the
 * tasks' values, td_view_build_fields's). */
typedef struct task_values {
	const td_view_task_fields *fields;
	size_t n;
} task_values;

static void search_piece(void *ud, td_buf *out)
{
	const task_values *tv = ud;
	td_html_search_text_of(out, tv->fields, tv->n);
}

/* The files of set that wait in the spool, given back to be read. */
static int load_spooled(td_outset *set, const td_config *cfg, td_diags *diags)
{
	if (td_outset_load(set) == 0)
		return 0;
	td_diag_add(diags, TD_SEV_ERROR, (td_loc){cfg->cache, 0, 0},
	            "cannot read back the pages kept in the cache folder");
	return -1;
}


/* The view, the Markdown tree (pages, graphs, charts) and the HTML site.
 * The graphs are laid out before the view is made and the view is freed
 * before the HTML pages are rendered (when the page template reads little
 * of it), so that Graphviz, the view and cmark-gfm's trees are never all
 * held at once (docs/design.md). */
static int render_all(build *b, td_run *run, td_prof *prof)
{
	const td_config *cfg = &run->plan->config;
	if (td_templates_load(&b->overrides, run->plan->arena, cfg->templates, &run->diags) != 0)
		return -1;
	b->cache = run->cache; /* read-only for --check (td_build_run) */
	if (b->cache)
		td_filecache_kv(b->cache, &b->kv);
	if (b->cache && !b->check)
		b->spool = td_spool_open(cfg->cache);
	const td_kv *cache = b->cache ? &b->kv : NULL;
	b->graphs = td_graphset_build(run->analysis, cfg->graph_node_limit);
	td_outset graphs = TD_OUTSET_INIT;
	td_graph_stats gst = {0};
	int rc = td_render_graphs(&graphs, b->graphs, cfg->graph_links, cache, td_processes(), &gst, &run->diags);
	td_prof_note(prof, "build", gst.build_seconds);
	td_prof_note(prof, "layout", gst.layout_seconds);
	td_prof_note(prof, "layout_max", gst.layout_max_seconds);
	td_prof_note(prof, "svg", gst.render_seconds);
	td_prof_mark(prof, "graphs");
	if (rc != 0) {
		td_outset_free(&graphs);
		return -1;
	}
	td_outset_spill(&graphs, b->spool);
	if (b->spool)
		give_back(); /* the SVG files, and Graphviz's heap: the view comes from its own region */
	size_t ntasks = run->plan->ntasks;
	td_view_task_fields *fields = td_xcalloc(ntasks ? ntasks : 1, sizeof *fields);
	/* TASKDOC_EAGER_VIEW=1: every task object made at once, as export
	 * does (the tests compare the two sites) */
	const char *eager = getenv("TASKDOC_EAGER_VIEW");
	b->view = eager && *eager && strcmp(eager, "0") != 0
	              ? td_view_build_fields(run->plan, run->analysis, &run->diags, fields)
	              : td_view_build_lazy(run->plan, run->analysis, &run->diags, fields);
	task_values tv = {fields, ntasks};
	td_view_add_graphs(b->view, b->graphs, cfg->graph_links, cfg->graph_node_limit);
	b->map = td_sitemap_build(b->view);
	free_graphs(b);
	td_json_region_seal(); /* what follows is made and dropped page by page */
	td_prof_mark(prof, "view");
	td_prof_note_mb(prof, "view json", (double)td_json_region_bytes() / 1e6);
	/* the HTML site's search index is made with the pages, on whichever
	 * process is free (it only reads the view) */
	size_t kept = 0;
	td_md_opts mo = {.overrides = &b->overrides,
	                 .links = cfg->graph_links,
	                 .html_unsafe = cfg->html_unsafe,
	                 .processes = td_processes(),
	                 .spool = b->spool,
	                 .extra = search_piece,
	                 .extra_ud = &tv,
	                 .extra_out = &b->search,
	                 .cache = cache,
	                 .kept_pages = &kept,
	                 .keep = &b->mdkeep,
	                 .task_fields = fields,
	                 .ntask_fields = ntasks};
	rc = td_markdown_pages(&b->md, b->view, b->map, &mo, &run->diags);
	free(fields);
	td_outset_move(&b->md, &graphs); /* the pages first, as the site lists them */
	if (rc != 0)
		return -1;
	b->html.spool = b->spool; /* each HTML file waits there as soon as it is made */
	td_html_search_files(&b->html, &b->search);
	td_buf_free(&b->search);
	if (load_spooled(&b->md, cfg, &run->diags) != 0) /* mapped: read only after the view is gone */
		return -1;
	td_render_burndown_charts(&b->md, b->view); /* burn-down charts */
	td_render_trend_charts(&b->md, b->view);        /* benchmark trends */
	td_prof_mark(prof, "markdown");
	td_prof_kept(prof, kept, b->map->npages);
	td_html_stats hs = {0};
	td_html_opts ho = {.html_unsafe = cfg->html_unsafe,
	                   .map = b->map,
	                   .overrides = &b->overrides,
	                   .md_links = cfg->graph_links,
	                   .cache = cache,
	                   .processes = td_processes(),
	                   .stats = &hs};
	json_t *frame = td_html_frame_view(b->view, &ho);
	if (frame != b->view) {
		/* nothing reads the view from here on: the site map's page
		 * objects are done with, and its region goes back whole, and
		 * with it what made task objects */
		td_view_lazy_end();
		td_json_region_drop(b->view);
		td_analysis_free(run->analysis);
		run->analysis = NULL;
		b->view = NULL;
		b->region = false;
	}
	rc = td_render_html(&b->html, &b->md, frame, &ho, &run->diags);
	json_decref(frame);
	b->html.spool = NULL;
	if (rc != 0)
		return -1;
	if (cache) /* the Markdown pages rendered, for the next build: the view is gone */
		td_markdown_keep(&b->mdkeep, &b->md, cache);
	if (load_spooled(&b->html, cfg, &run->diags) != 0)
		return -1;
	td_prof_pages(prof, &hs);
	td_prof_mark(prof, "html");
	return 0;
}

static int write_tree(const char *dir, const td_outset *set, const td_kv *cache, bool quiet, td_diags *diags)
{
	td_site_stats st = {0};
	if (td_site_write(dir, set, cache, &st, diags) != 0)
		return -1;
	if (!quiet)
		fprintf(stderr, "taskdoc: %s: %zu files written, %zu unchanged, %zu removed\n", dir, st.written,
		        st.unchanged, st.removed);
	return 0;
}

static void print_change(void *ud, td_site_change what, const char *path)
{
	static const char *const verb[] = {"would be created", "would change", "would be removed"};
	(void)ud;
	printf("%s: %s\n", path, verb[what]);
}

/* --check: what build would write, printed; the number of such files or -1. */
static int check_all(const td_config *cfg, const build *b, td_diags *diags)
{
	const td_kv *cache = b->cache ? &b->kv : NULL;
	int a = td_site_check(cfg->out_markdown, &b->md, cache, print_change, NULL, diags);
	int h = td_site_check(cfg->out_html, &b->html, cache, print_change, NULL, diags);
	if (a < 0 || h < 0)
		return -1;
	bool nav = false;
	if (cfg->mkdocs_config && td_mkdocs_check_nav(cfg->mkdocs_config, cfg->out_markdown, cfg->mkdocs_section,
	                                              b->map->mkdocs_nav, b->map->nmkdocs_nav, &nav, diags) != 0)
		return -1;
	if (nav)
		print_change(NULL, TD_SITE_CHANGE, cfg->mkdocs_config);
	return a + h + nav;
}

static int update_nav(const td_config *cfg, const td_sitemap *map, bool quiet, td_diags *diags)
{
	bool changed = false;
	const char *why = NULL;
	if (td_mkdocs_update_nav(cfg->mkdocs_config, cfg->out_markdown, cfg->mkdocs_section, map->mkdocs_nav, map->nmkdocs_nav,
	                         &changed, &why, diags) != 0)
		return -1;
	if (!quiet && changed)
		fprintf(stderr, "taskdoc: %s: navigation section '%s' updated\n", cfg->mkdocs_config,
		        cfg->mkdocs_section);
	else if (!quiet && why)
		fprintf(stderr, "taskdoc: %s: %s\n", cfg->mkdocs_config, why);
	return 0;
}

int td_cmd_build(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
	                                     {"check", no_argument, NULL, 'k'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	bool quiet = false, check = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'k':
			check = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		td_usage_error("build: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	return td_build_run(g, quiet, check, NULL);
}

int td_build_run(const td_global *g, bool quiet, bool check, td_buf *diag_text)
{
	td_prof prof;
	td_prof_start(&prof);
	td_run run;
	td_global gw = *g;
	gw.cache_write = !check; /* --check writes nothing, not even to the cache */
	td_run_load(&run, &gw);
	td_prof_mark(&prof, "load+analyze");
	td_prof_files(&prof, run.plan->parsed_ahead, run.plan->parsed_second);
	build b = {0};
	b.check = check;
	td_json_region_begin(); /* every json_t of the build, freed at once by build_free */
	b.region = true;
	int rc = TD_EXIT_FAIL, lock = -1;
	const td_config *cfg = &run.plan->config;
	if (!run.diags.errors && td_processes() > 1)
		td_json_region_expect(td_view_bytes_hint(run.plan)); /* while the graphs are laid out */
	if (run.diags.errors || render_all(&b, &run, &prof) != 0)
		goto out;
	if (check) {
		int n = check_all(cfg, &b, &run.diags);
		if (n == 0 && !quiet)
			fprintf(stderr, "taskdoc: the generated files are up to date\n");
		else if (n > 0)
			fprintf(stderr, "taskdoc: %d file%s out of date; run taskdoc build\n", n, n == 1 ? "" : "s");
		rc = n == 0 ? TD_EXIT_OK : TD_EXIT_FAIL;
		goto out;
	}
	/* one build writes at a time; the navigation goes last */
	if ((lock = td_site_lock(&run.diags)) < 0)
		goto out;
	/* a nav taskdoc cannot edit fails the build before any page is written */
	bool nav_stale = false;
	if (cfg->mkdocs_config && td_mkdocs_check_nav(cfg->mkdocs_config, cfg->out_markdown, cfg->mkdocs_section,
	                                              b.map->mkdocs_nav, b.map->nmkdocs_nav, &nav_stale, &run.diags) != 0)
		goto out;
	const td_kv *cache = b.cache ? &b.kv : NULL;
	if (write_tree(cfg->out_markdown, &b.md, cache, quiet, &run.diags) != 0)
		goto out;
	td_prof_mark(&prof, "write");
	if (write_tree(cfg->out_html, &b.html, cache, quiet, &run.diags) != 0)
		goto out;
	if (cfg->mkdocs_config && update_nav(cfg, b.map, quiet, &run.diags) != 0)
		goto out;
	td_filecache_sweep(run.cache, "html"); /* keep what this build used */
	td_filecache_sweep(run.cache, "pages");
	td_filecache_sweep(run.cache, "markdown");
	td_filecache_sweep(run.cache, "iterations");
	td_filecache_sweep(run.cache, "layouts");
	td_filecache_sweep(run.cache, "svg");
	td_filecache_sweep(run.cache, "snapshots");
	td_filecache_sweep(run.cache, "history");
	td_filecache_sweep(run.cache, "git");
	td_filecache_sweep(run.cache, "yaml");
	td_filecache_sweep(run.cache, "written");
	rc = TD_EXIT_OK;
out:
	td_site_unlock(lock);
	td_diags_sort(&run.diags);
	td_run_print_diags(&run.diags);
	for (size_t i = 0; diag_text && i < run.diags.len; i++) {
		if (run.diags.items[i].severity != TD_SEV_ERROR)
			continue;
		td_diag_format(diag_text, &run.diags.items[i]);
		td_buf_putc(diag_text, '\n');
	}
	if (diag_text && rc != TD_EXIT_OK && run.diags.errors == 0)
		td_buf_puts(diag_text, "the build failed (see the terminal)\n");
	build_free(&b);
	if (b.region)
		td_json_region_end();
	td_prof_total(&prof);
	td_run_free(&run);
	return rc;
}
