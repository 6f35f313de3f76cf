/*
 * archive.c - `taskdoc archive`: moves finished phases out of the
 * workstream files into content/archive/ (docs/schema.md#archive). The
 * YAML is not re-emitted: libyaml finds where each phase is written
 * (load/splice.c) and its lines, with the comment lines above it, are cut
 * from the workstream file and pasted into the archive file, so every
 * comment stays. Before anything is written the new files are loaded and
 * analysed: the plan must load without error and every total must be the
 * same; then each file is replaced atomically (site/replace.c).
 */
#include "cmd/cmd.h"
#include "load/load.h"
#include "load/splice.h"
#include "site/folder.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char archive_usage[] =
    "usage: taskdoc archive [--workstream ID] [--phase ID] [--before DATE] [--dry-run]\n"
    "Moves finished phases (every task done or dropped) out of the workstream\n"
    "files into content/archive/NAME.yaml (same schema; phases are appended when\n"
    "archived again). Archived work stays in the plan: its ids resolve, its tasks\n"
    "count in every total and in history; it leaves the active pages for the\n"
    "archive's record of each round of work. Comments move with their phase.\n"
    "With no option every finished phase moves; the options narrow that down:\n"
    "  --workstream ID  only the phases of this workstream\n"
    "  --phase ID       only this phase (it must be finished)\n"
    "  --before DATE    only phases whose last task was done before DATE (YYYY-MM-DD)\n"
    "  -n, --dry-run    print what would move, change nothing\n"
    "The new files are checked (the plan loads, every total is the same) before\n"
    "any is replaced, each atomically. See docs/schema.md.\n";

typedef struct opts {
	const char *ws, *phase;
	td_date before;
	bool dry_run;
} opts;

/* Every task done or dropped, and at least one task. */
static bool finished(const td_phase *ph)
{
	for (size_t k = 0; k < ph->ntasks; k++)
		if (ph->tasks[k]->status != TD_STATUS_DONE && ph->tasks[k]->status != TD_STATUS_DROPPED)
			return false;
	return ph->ntasks > 0;
}

/* The day its last done task was done; TD_DATE_NONE when a date is unknown. */
static td_date finish_date(const td_analysis *a, const td_phase *ph)
{
	td_date last = TD_DATE_NONE;
	for (size_t k = 0; k < ph->ntasks; k++) {
		const td_task *t = ph->tasks[k];
		if (t->status != TD_STATUS_DONE)
			continue;
		td_date d = a->done_on[t->index];
		if (d == TD_DATE_NONE)
			return TD_DATE_NONE;
		if (last == TD_DATE_NONE || d > last)
			last = d;
	}
	return last;
}

/* Marks sel[phase index] for each phase to move. Returns how many, or
 * after a message -2 (an id that is not what the option wants) or -1 (the
 * phase asked for cannot move). */
static int select_phases(const td_plan *p, const td_analysis *a, const opts *o, bool *sel)
{
	td_node_ref ref;
	if (o->ws && (!td_plan_lookup(p, o->ws, &ref) || ref.kind != TD_NODE_WORKSTREAM)) {
		td_usage_error("archive: '%s' is not a workstream id", o->ws);
		return -2;
	}
	if (o->phase) {
		if (!td_plan_lookup(p, o->phase, &ref) || ref.kind != TD_NODE_PHASE) {
			td_usage_error("archive: '%s' is not a phase id", o->phase);
			return -2;
		}
		const td_phase *ph = ref.ptr;
		if (ph->archived) {
			fprintf(stderr, "taskdoc: archive: phase %s is archived already (%s)\n", ph->id, ph->file);
			return -1;
		}
		if (!finished(ph)) {
			fprintf(stderr, "taskdoc: archive: phase %s is not finished: %s", ph->id,
			        ph->ntasks ? "" : "it has no task\n");
			for (size_t k = 0, n = 0; k < ph->ntasks; k++)
				if (ph->tasks[k]->status != TD_STATUS_DONE && ph->tasks[k]->status != TD_STATUS_DROPPED)
					fprintf(stderr, "%s%s is %s", n++ ? ", " : "", ph->tasks[k]->id,
					        td_status_name(ph->tasks[k]->status));
			if (ph->ntasks)
				fputs(" (only done or dropped work is archived)\n", stderr);
			return -1;
		}
	}
	int n = 0;
	for (size_t i = 0; i < p->nphases; i++) {
		const td_phase *ph = p->phases[i];
		sel[i] = !ph->archived && finished(ph) && (!o->ws || !strcmp(ph->workstream->id, o->ws)) &&
		         (!o->phase || !strcmp(ph->id, o->phase));
		if (sel[i] && o->before != TD_DATE_NONE) {
			td_date d = finish_date(a, ph);
			sel[i] = d != TD_DATE_NONE && d < o->before;
		}
		n += sel[i];
	}
	return n;
}

/* The archive file of ws: where its archived phases are, else
 * CONTENT/archive/ + the name of its workstream file. */
static char *archive_path(const td_plan *p, const td_workstream *ws)
{
	for (size_t k = 0; k < ws->nphases; k++)
		if (ws->phases[k]->archived)
			return td_arena_printf(p->arena, "%s", ws->phases[k]->file);
	const char *slash = strrchr(ws->file, '/');
	return td_arena_printf(p->arena, "%s/archive/%s", p->config.content, slash ? slash + 1 : ws->file);
}

/* A YAML double-quoted scalar of s. */
static void quoted(td_buf *b, const char *s)
{
	td_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			td_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			td_buf_printf(b, "\\x%02x", c);
		else
			td_buf_putc(b, (char)c);
	}
	td_buf_putc(b, '"');
}

/* The text of a new archive file for ws, up to its "phases:" line. */
static void new_archive_head(td_buf *b, const td_workstream *ws, const char *active_text)
{
	static const char modeline[] = "# yaml-language-server:";
	if (!strncmp(active_text, modeline, sizeof modeline - 1)) {
		const char *nl = strchr(active_text, '\n');
		td_buf_put(b, active_text, nl ? (size_t)(nl - active_text) + 1 : strlen(active_text));
	}
	td_buf_printf(b, "# Finished phases of workstream %s, moved here by taskdoc archive: still part\n"
	                 "# of the plan (ids, totals, history), off the active pages.\n", ws->id);
	td_buf_printf(b, "id: %s\ntitle: ", ws->id);
	quoted(b, ws->title);
	td_buf_puts(b, "\nphases:\n");
}

/* Appends the moved items (text[l->begin[i]..l->begin[i+1]) for sel_item[i])
 * to out at column col. */
static void put_items(td_buf *out, const char *text, const td_yaml_list *l, const bool *sel_item, int col)
{
	for (size_t i = 0; i < l->n; i++)
		if (sel_item[i])
			td_yaml_reindent(out, text, l->begin[i], l->begin[i + 1], l->indent, col);
}

/* out: the archive file's text with the moved items appended to its list. */
static int archive_text(td_buf *out, const char *path, const td_workstream *ws, const char *src,
                        const td_yaml_list *from, const bool *sel_item, td_diags *diags)
{
	char *text = NULL;
	size_t len = 0;
	if (td_file_read(path, &text, &len) != 0) {
		if (errno != ENOENT) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "cannot read: %s", strerror(errno));
			return -1;
		}
		new_archive_head(out, ws, src);
		put_items(out, src, from, sel_item, 2);
		return 0;
	}
	td_yaml_list l;
	int rc = td_yaml_list_find(&l, path, text, len, "phases", diags);
	if (rc != 0)
		goto out;
	if (l.n) { /* after the last item */
		td_buf_put(out, text, l.end);
		if (l.end && text[l.end - 1] != '\n')
			td_buf_putc(out, '\n');
		put_items(out, src, from, sel_item, l.indent);
		td_buf_put(out, text + l.end, len - l.end);
	} else if (l.has_key) { /* "phases:" or "phases: []": the items go below the key */
		const char *nl = memchr(text + l.key_colon, '\n', len - l.key_colon);
		size_t eol = nl ? (size_t)(nl - text) : len;
		td_buf_put(out, text, l.key_colon);
		const char *rest = text + l.key_colon;
		while (rest < text + eol && (*rest == ' ' || *rest == '['))
			rest++;
		if (rest < text + eol && *rest == ']')
			rest++;
		else
			rest = text + l.key_colon;
		td_buf_put(out, rest, (size_t)(text + eol - rest));
		td_buf_putc(out, '\n');
		put_items(out, src, from, sel_item, 2);
		if (nl)
			td_buf_put(out, nl + 1, len - eol - 1);
	} else {
		td_buf_put(out, text, len);
		if (len && text[len - 1] != '\n')
			td_buf_putc(out, '\n');
		td_buf_puts(out, "phases:\n");
		put_items(out, src, from, sel_item, 2);
	}
out:
	td_yaml_list_free(&l);
	free(text);
	return rc;
}

/* out: the workstream file's text without the moved items; "phases: []"
 * when none is left. */
static void active_text(td_buf *out, const char *text, size_t len, const td_yaml_list *l, const bool *sel_item)
{
	size_t kept = 0;
	for (size_t i = 0; i < l->n; i++)
		kept += !sel_item[i];
	if (kept) {
		td_buf_put(out, text, l->begin[0]);
	} else {
		td_buf_put(out, text, l->key_colon);
		td_buf_puts(out, " []");
		td_buf_put(out, text + l->key_colon, l->begin[0] - l->key_colon);
	}
	for (size_t i = 0; i < l->n; i++)
		if (!sel_item[i])
			td_buf_put(out, text + l->begin[i], l->begin[i + 1] - l->begin[i]);
	td_buf_put(out, text + l->begin[l->n], len - l->begin[l->n]);
}

/* Adds to files the new texts of ws's workstream file and archive file,
 * moving its selected phases, and prints what moves. Returns 0 or -1. */
static int move_ws(td_outset *files, const td_plan *p, const td_workstream *ws, const bool *sel, bool dry_run,
                   td_diags *diags)
{
	char *text = NULL;
	size_t len = 0;
	bool *sel_item = NULL;
	td_buf act = TD_BUF_INIT, arch = TD_BUF_INIT;
	td_yaml_list l = {0};
	int rc = -1;
	if (td_file_read(ws->file, &text, &len) != 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){ws->file, 0, 0}, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (td_yaml_list_find(&l, ws->file, text, len, "phases", diags) != 0)
		goto out;
	/* the file's items are the workstream's live phases, in order */
	if (l.n != ws->nphases - ws->narchived) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){ws->file, 0, 0},
		            "cannot match the %zu items of 'phases' with the %zu phases loaded", l.n,
		            ws->nphases - ws->narchived);
		goto out;
	}
	sel_item = td_xcalloc(l.n ? l.n : 1, sizeof *sel_item);
	const char *dest = archive_path(p, ws);
	for (size_t i = 0, k = 0; k < ws->nphases; k++) {
		const td_phase *ph = ws->phases[k];
		if (ph->archived)
			continue;
		sel_item[i] = sel[ph->index];
		if (sel_item[i])
			printf("%s phase %s (%s, %zu task%s) from %s to %s\n", dry_run ? "would move" : "moving", ph->id,
			       ph->title, ph->ntasks, ph->ntasks == 1 ? "" : "s", ws->file, dest);
		i++;
	}
	active_text(&act, text, len, &l, sel_item);
	if (archive_text(&arch, dest, ws, text, &l, sel_item, diags) != 0)
		goto out;
	/* the archive first: a failure between the two renames leaves the
	 * phases in both files (check says so), never in neither */
	td_outset_add_buf(files, dest, &arch);
	td_outset_add_buf(files, ws->file, &act);
	rc = 0;
out:
	td_buf_free(&act);
	td_buf_free(&arch);
	td_yaml_list_free(&l);
	free(sel_item);
	free(text);
	return rc;
}

/* Loads the plan files of dir (archive or not), each from files when it
 * is there, else from disk. */
static void load_dir_with(td_plan *np, const char *dir, bool archive, const td_outset *files, td_diags *d)
{
	char **names = NULL;
	size_t n = 0;
	if (td_dir_names(dir, &names, &n) != 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (!td_has_suffix(names[i], ".yaml") && !td_has_suffix(names[i], ".yml"))
			continue;
		char *path = td_arena_printf(np->arena, "%s/%s", dir, names[i]);
		const td_outfile *f = td_outset_find(files, path);
		char *text = NULL;
		size_t len = 0;
		if (!f && td_file_read(path, &text, &len) != 0) {
			td_diag_add(d, TD_SEV_ERROR, (td_loc){path, 0, 0}, "cannot read: %s", strerror(errno));
			continue;
		}
		if (archive)
			td_plan_load_archive_text(np, path, f ? f->data : text, f ? f->len : len, d);
		else
			td_plan_load_workstream_text(np, path, f ? f->data : text, f ? f->len : len, d);
		free(text);
	}
	td_dir_names_free(names, n);
	if (!archive)
		return;
	/* new archive files: not on disk yet */
	size_t dl = strlen(dir);
	for (size_t i = 0; i < files->len; i++) {
		const td_outfile *f = &files->items[i];
		if (!strncmp(f->path, dir, dl) && f->path[dl] == '/' && !strchr(f->path + dl + 1, '/') &&
		    access(f->path, F_OK) != 0)
			td_plan_load_archive_text(np, f->path, f->data, f->len, d);
	}
}

static bool same_totals(const td_totals *x, const td_totals *y)
{
	return x->tasks == y->tasks && x->done == y->done && x->dropped == y->dropped && x->deferred == y->deferred &&
	       x->active == y->active && x->remaining == y->remaining && x->unestimated == y->unestimated &&
	       x->percent == y->percent && fabs(x->remaining_min - y->remaining_min) < 1e-6 &&
	       fabs(x->remaining_expected - y->remaining_expected) < 1e-6 &&
	       fabs(x->remaining_max - y->remaining_max) < 1e-6;
}

/* Loads the plan with the new texts of files and analyses it: it must
 * load without error, give the same totals (the plan's and each
 * workstream's), and hold each selected phase as archived. Returns 0 or
 * -1 with an error diagnostic. */
static int verify(const td_plan *p, const td_analysis *a, const bool *sel, const td_outset *files, td_diags *out)
{
	td_plan *np = td_plan_new();
	td_diags d = {0};
	np->config = p->config;
	char *text = NULL;
	size_t len = 0;
	if (td_file_read(p->project_file, &text, &len) == 0)
		td_plan_load_project_text(np, p->project_file, text, len, &d);
	free(text);
	load_dir_with(np, td_arena_printf(np->arena, "%s/workstreams", p->config.content), false, files, &d);
	load_dir_with(np, td_arena_printf(np->arena, "%s/archive", p->config.content), true, files, &d);
	td_plan_load_finish(np);
	np->as_of = p->as_of;
	td_analysis *na = td_analyze(np, NULL, &d);
	const char *why = NULL;
	if (d.errors)
		why = "the plan would not load";
	else if (!same_totals(&a->totals, &na->totals))
		why = "the plan's totals would change";
	for (size_t w = 0; w < p->nworkstreams && !why; w++) {
		td_node_ref r;
		if (!td_plan_lookup(np, p->workstreams[w]->id, &r) || r.kind != TD_NODE_WORKSTREAM ||
		    !same_totals(&a->ws_totals[w], &na->ws_totals[((td_workstream *)r.ptr)->index]))
			why = td_arena_printf(np->arena, "workstream %s's totals would change", p->workstreams[w]->id);
	}
	for (size_t i = 0; i < p->nphases && !why; i++) {
		td_node_ref r;
		if (sel[i] && (!td_plan_lookup(np, p->phases[i]->id, &r) || r.kind != TD_NODE_PHASE ||
		               !((td_phase *)r.ptr)->archived))
			why = td_arena_printf(np->arena, "phase %s would not be archived", p->phases[i]->id);
	}
	for (size_t i = 0; i < d.len; i++)
		if (d.items[i].severity == TD_SEV_ERROR)
			td_diag_add(out, TD_SEV_ERROR, (td_loc){d.items[i].file, d.items[i].line, d.items[i].col},
			            "%s (in the files taskdoc archive would write)", d.items[i].message);
	if (why)
		td_diag_add(out, TD_SEV_ERROR, (td_loc){p->config.content, 0, 0},
		            "archive refused: %s; nothing was changed (please report it, with the files)", why);
	td_analysis_free(na);
	td_diags_free(&d);
	td_plan_free(np);
	return why ? -1 : 0;
}

static int parse_options(int argc, char **argv, opts *o)
{
	static const struct option lopts[] = {{"workstream", required_argument, NULL, 'w'},
	                                      {"phase", required_argument, NULL, 'p'},
	                                      {"before", required_argument, NULL, 'b'},
	                                      {"dry-run", no_argument, NULL, 'n'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:p:b:nh", lopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			o->ws = optarg;
			break;
		case 'p':
			o->phase = optarg;
			break;
		case 'b':
			if (td_date_parse(optarg, &o->before) != 0) {
				td_usage_error("archive: bad --before date '%s' (expected YYYY-MM-DD)", optarg);
				return TD_EXIT_USAGE;
			}
			break;
		case 'n':
			o->dry_run = true;
			break;
		case 'h':
			fputs(archive_usage, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		td_usage_error("archive: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	return -1;
}

int td_cmd_archive(int argc, char **argv, const td_global *g)
{
	opts o = {NULL, NULL, TD_DATE_NONE, false};
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	td_run run;
	td_run_load(&run, g);
	td_run_print_diags(&run.diags);
	rc = TD_EXIT_FAIL;
	td_outset files = {0};
	td_diags wd = {0};
	const td_plan *p = run.plan;
	bool *sel = td_xcalloc(p->nphases ? p->nphases : 1, sizeof *sel);
	if (run.diags.errors) {
		fputs("taskdoc: archive: the plan has errors (above); nothing was moved\n", stderr);
		goto out;
	}
	int n = select_phases(p, run.analysis, &o, sel);
	if (n < 0) {
		rc = n == -2 ? TD_EXIT_USAGE : TD_EXIT_FAIL;
		goto out;
	}
	if (n == 0) {
		puts("nothing to archive: no live phase that matches is finished");
		rc = TD_EXIT_OK;
		goto out;
	}
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const td_workstream *ws = p->workstreams[w];
		bool any = false;
		for (size_t k = 0; k < ws->nphases; k++)
			any = any || sel[ws->phases[k]->index];
		if (any && move_ws(&files, p, ws, sel, o.dry_run, &wd) != 0)
			goto out;
	}
	if (verify(p, run.analysis, sel, &files, &wd) != 0)
		goto out;
	if (o.dry_run) {
		printf("%d phase%s would move (dry run: nothing was changed)\n", n, n == 1 ? "" : "s");
		rc = TD_EXIT_OK;
		goto out;
	}
	if (td_files_replace(&files, &wd) != 0)
		goto out;
	printf("%d phase%s archived; every total is the same\n", n, n == 1 ? "" : "s");
	rc = TD_EXIT_OK;
out:
	td_diags_sort(&wd);
	td_run_print_diags(&wd);
	td_diags_free(&wd);
	td_outset_free(&files);
	free(sel);
	td_run_free(&run);
	return rc;
}
