/*
 * import.c - `taskdoc import PAGE.md... [-o DIR]`: hand-kept Markdown task
 * pages (load/import_md.c), with --history their git past
 * (load/import_git.c), written as taskdoc YAML (render/yaml_emit.c) into a
 * new folder (site/folder.c). Before anything is written the YAML is read
 * back by the plan loader and analysed, so what import writes is what
 * `taskdoc check` accepts.
 */
#include "cmd/cmd.h"
#include "load/import.h"
#include "load/load.h"
#include "render/yaml/emit.h"
#include "site/folder.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
    "usage: taskdoc import [-o DIR] [--force] [--history] [--name NAME] PAGE.md...\n"
    "Reads hand-kept Markdown task pages (GFM tables under Workstream and Phase\n"
    "headings) and writes the plan as taskdoc YAML: DIR/project.yaml and one\n"
    "DIR/workstreams/ID.yaml per workstream (DIR: content). Every part of a page\n"
    "that is not a plan field is kept and named by a note (PAGE:LINE: note: ...).\n"
    "  -o, --output DIR  the folder to create (must be missing or empty)\n"
    "  --force           write into a folder that is not empty: replaces its\n"
    "                    project.yaml and workstreams/, keeps the rest\n"
    "  --history         walk the pages' git history (first parents) for each\n"
    "                    task's added_on and done_on\n"
    "  --name NAME       the project's short name (default: the first page's title)\n"
    "See docs/import.md.\n";

/* Reads the YAML back as `taskdoc check` would: load, then analyse. */
static void check_back(const td_outset *files, const char *dir, td_diags *out)
{
	td_plan *p = td_plan_new();
	td_diags d = {0};
	for (size_t i = 0; i < files->len; i++) {
		const td_outfile *f = &files->items[i];
		char *path = td_arena_printf(p->arena, "%s/%s", dir, f->path);
		if (i == 0)
			td_plan_load_project_text(p, path, f->data, f->len, &d);
		else
			td_plan_load_workstream_text(p, path, f->data, f->len, &d);
	}
	td_plan_load_finish(p);
	if (!d.errors) {
		td_analysis *a = td_analyze(p, NULL, &d);
		td_analysis_free(a);
	}
	for (size_t i = 0; i < d.len; i++) {
		td_diag *dg = &d.items[i];
		if (dg->severity == TD_SEV_ERROR)
			td_diag_add(out, TD_SEV_ERROR, (td_loc){dg->file, dg->line, dg->col},
			            "%s (the import wrote what check refuses: please report it)", dg->message);
		else
			td_diag_add(out, dg->severity, (td_loc){dg->file, dg->line, dg->col}, "%s", dg->message);
	}
	td_diags_free(&d);
	td_plan_free(p);
}

int td_cmd_import(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
	                                     {"force", no_argument, NULL, 'f'},
	                                     {"history", no_argument, NULL, 'H'},
	                                     {"name", required_argument, NULL, 'n'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *dir = "content", *name = NULL;
	bool force = false, history = false;
	int c;
	(void)g;
	optind = 0; /* GNU: start over, options may follow the pages */
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'H':
			history = true;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			fputs(import_usage, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		td_usage_error("import: no page given (taskdoc import PAGE.md... [-o DIR])");
		return TD_EXIT_USAGE;
	}
	td_diags diags = {0};
	td_import *im = NULL;
	td_outset files = TD_OUTSET_INIT;
	int rc = TD_EXIT_FAIL;
	int empty = td_folder_is_empty(dir);
	if (empty < 0 || (!empty && !force)) {
		td_diag_add(&diags, TD_SEV_ERROR, (td_loc){dir, 0, 0},
		            empty < 0 ? "exists and is not a folder"
		                      : "the output folder is not empty (--force replaces its project.yaml and workstreams/)");
		goto out;
	}
	im = td_import_new(name);
	const char **pages = (const char **)argv + optind;
	size_t npages = (size_t)(argc - optind);
	for (size_t i = 0; i < npages; i++) {
		char *text;
		size_t len;
		if (td_file_read(pages[i], &text, &len) != 0) {
			td_diag_add(&diags, TD_SEV_ERROR, (td_loc){pages[i], 0, 0}, "cannot read: %s", strerror(errno));
			continue;
		}
		td_import_page(im, pages[i], text, len, &diags);
		free(text);
	}
	if (diags.errors)
		goto out;
	td_plan *plan = td_import_plan(im, &diags);
	if (history)
		td_import_history(plan, pages, npages, &diags);
	if (diags.errors)
		goto out;
	if (td_yaml_emit_plan(&files, plan) != 0) {
		td_diag_add(&diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot write YAML (libyaml's emitter failed)");
		goto out;
	}
	check_back(&files, dir, &diags);
	if (diags.errors)
		goto out;
	int wrc = td_folder_write(dir, &files, force, &diags);
	if (wrc != 0)
		goto out;
	size_t nphases = 0;
	for (size_t w = 0; w < plan->nworkstreams; w++)
		nphases += plan->workstreams[w]->nphases;
	td_diags_sort(&diags);
	td_run_print_diags(&diags);
	fprintf(stderr,
	        "taskdoc: imported %zu page%s into %s: %zu workstream%s, %zu phase%s, %zu task%s, %zu risk%s; %zu note%s, "
	        "%zu warning%s\n",
	        npages, npages == 1 ? "" : "s", dir, plan->nworkstreams, plan->nworkstreams == 1 ? "" : "s", nphases,
	        nphases == 1 ? "" : "s", plan->ntasks, plan->ntasks == 1 ? "" : "s", plan->nrisks,
	        plan->nrisks == 1 ? "" : "s", diags.notes, diags.notes == 1 ? "" : "s", diags.warnings,
	        diags.warnings == 1 ? "" : "s");
	rc = TD_EXIT_OK;
	goto done;
out:
	td_diags_sort(&diags);
	td_run_print_diags(&diags);
	fprintf(stderr, "taskdoc: import: %zu error%s, nothing written\n", diags.errors, diags.errors == 1 ? "" : "s");
done:
	td_outset_free(&files);
	td_import_free(im);
	td_diags_free(&diags);
	return rc;
}
