/*
 * import_git.c - the past of imported pages: every first-parent version of
 * them in git (libgit2, as history_git.c walks the plan's own history), each
 * imported again, gives each task the date it was first listed and the
 * date it turned done for good.
 */
#include "load/history.h"
#include "load/import.h"
#include "model/history.h"

#include "load/gitlib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct trec {
	td_date added;
	bool added_known;
	td_date done_since;
	bool done; /* in the last version that listed it */
	bool seen;
} trec;

typedef struct walked {
	git_oid oid;
	td_date date;
	bool graft;
} walked;

/* path relative to the work tree, or NULL */
static char *rel_path(const char *work, const char *path)
{
	char *abs = realpath(path, NULL), *w = realpath(work, NULL), *r = NULL;
	if (abs && w) {
		size_t wl = strlen(w);
		if (!strcmp(w, "/"))
			wl = 0;
		if (!strncmp(abs, w, wl) && abs[wl] == '/')
			r = td_xstrdup(abs + wl + 1);
	}
	free(abs);
	free(w);
	return r;
}

/* What the walk over the pages' past carries from one version to the next. */
typedef struct hwalk {
	git_repository *repo;
	const char *const *pages;
	char **rel; /* each page's path in the work tree, or NULL */
	size_t npages;
	git_oid *prev; /* each page's blob in the last version read (zero: absent) */
	td_date last;  /* the date of the last version read */
	td_strtab ids; /* task id -> index in recs */
	trec *recs;
	size_t nrecs, reccap;
	size_t versions, skipped;
	td_diags *diags;
	td_loc where; /* where the walk's own diagnostics point: the first page */
} hwalk;

/* Opens the repository that holds the page first (searching up from its
 * folder) into *out. Returns 0, or the libgit2 error. */
static int open_repo(git_repository **out, const char *first)
{
	char *dir = td_xstrdup(first);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	int err = git_repository_open_ext(out, dir, 0, NULL);
	free(dir);
	return err;
}

/* Fills hw->rel with each page's path in the work tree; a page outside it
 * (or a bare repository) gets NULL and a warning. */
static void page_paths(hwalk *hw)
{
	const char *work = git_repository_workdir(hw->repo);
	for (size_t i = 0; i < hw->npages; i++)
		if (!work || !(hw->rel[i] = rel_path(work, hw->pages[i]))) {
			td_diag_add(hw->diags, TD_SEV_WARNING, (td_loc){hw->pages[i], 0, 0},
			            "--history: the page is not in the work tree of the repository: its past is not read");
		}
}

/* The first-parent chain from c back to the root, newest first, in *out
 * (the caller frees it); frees c and every commit it walks. A commit whose
 * parent is missing, or the root of a shallow clone, is a graft: what it
 * lists has no known date. Returns the number of commits. */
static size_t first_parents(walked **out, git_commit *c, bool shallow)
{
	walked *walk = NULL;
	size_t nwalk = 0, walkcap = 0;
	while (c) {
		td_grow((void **)&walk, &walkcap, nwalk + 1, sizeof *walk);
		walked *w = &walk[nwalk++];
		git_oid_cpy(&w->oid, git_commit_id(c));
		w->date = td_date_from_epoch((int64_t)git_commit_time(c), git_commit_time_offset(c));
		w->graft = false;
		git_commit *parent = NULL;
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) != 0) {
			w->graft = true;
			parent = NULL;
		}
		if (shallow && git_commit_parentcount(c) == 0)
			w->graft = true;
		git_commit_free(c);
		c = parent;
	}
	*out = walk;
	return nwalk;
}

/* The blob of each page in commit oid, in now[] (zero where the page is
 * absent); hw->prev becomes now. Returns -1 when the commit or its tree
 * cannot be read (prev unchanged), 1 when some page is there and some page
 * changed since the last version read, else 0. */
static int page_blobs(hwalk *hw, const git_oid *oid, git_oid *now)
{
	git_commit *cc = NULL;
	git_tree *tree = NULL;
	if (git_commit_lookup(&cc, hw->repo, oid) != 0 || git_commit_tree(&tree, cc) != 0) {
		git_commit_free(cc);
		return -1;
	}
	bool changed = false, any = false;
	for (size_t i = 0; i < hw->npages; i++) {
		git_tree_entry *e = NULL;
		if (hw->rel[i] && git_tree_entry_bypath(&e, tree, hw->rel[i]) == 0 &&
		    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(&now[i], git_tree_entry_id(e));
			any = true;
		}
		git_tree_entry_free(e);
		changed |= git_oid_cmp(&now[i], &hw->prev[i]) != 0;
	}
	memcpy(hw->prev, now, hw->npages * sizeof *now);
	git_tree_free(tree);
	git_commit_free(cc);
	return changed && any;
}

/* Imports the pages' blobs now[] (zero: absent) into a new td_import the
 * caller frees with td_import_free; diagnostics go to scratch. */
static td_import *import_blobs(hwalk *hw, const git_oid *now, td_diags *scratch)
{
	td_import *im = td_import_new(NULL);
	for (size_t i = 0; i < hw->npages; i++) {
		git_blob *blob = NULL;
		if (git_oid_is_zero(&now[i]) || git_blob_lookup(&blob, hw->repo, &now[i]) != 0)
			continue;
		td_import_page(im, hw->pages[i], git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
		               scratch);
		git_blob_free(blob);
	}
	return im;
}

/* Warns that the version of commit w is skipped, with the first error its
 * pages gave (in scratch, which this sorts). */
static void warn_skipped(hwalk *hw, const walked *w, td_diags *scratch)
{
	char id[8];
	git_oid_tostr(id, sizeof id, &w->oid);
	td_diags_sort(scratch);
	const td_diag *e0 = NULL;
	for (size_t i = 0; i < scratch->len && !e0; i++)
		if (scratch->items[i].severity == TD_SEV_ERROR)
			e0 = &scratch->items[i];
	char ds[11];
	td_date_format(w->date, ds);
	td_diag_add(hw->diags, TD_SEV_WARNING, hw->where, "--history: commit %s (%s) skipped, its pages do not read: %s:%d: %s",
	            id, ds, e0 ? e0->file : "?", e0 ? e0->line : 0, e0 ? e0->message : "?");
}

/* Updates the records with version v of the plan, dated d (unknown for a
 * graft): a task seen for the first time is added on d, a task that turns
 * done is done since d, and a task the version no longer lists is not done. */
static void record_version(hwalk *hw, const td_plan *v, td_date d, bool unknown)
{
	/* mark, then update */
	for (size_t i = 0; i < hw->nrecs; i++)
		hw->recs[i].seen = false;
	for (size_t i = 0; i < v->ntasks; i++) {
		const td_task *t = v->tasks[i];
		uint32_t id = td_strtab_intern(&hw->ids, t->id, strlen(t->id));
		if (id >= hw->nrecs) {
			td_grow((void **)&hw->recs, &hw->reccap, id + 1, sizeof *hw->recs);
			for (size_t j = hw->nrecs; j <= id; j++) {
				memset(&hw->recs[j], 0, sizeof hw->recs[j]);
				hw->recs[j].added = hw->recs[j].done_since = TD_DATE_NONE;
			}
			hw->nrecs = id + 1;
			hw->recs[id].added = unknown ? TD_DATE_NONE : d;
			hw->recs[id].added_known = !unknown;
			/* listed already done: finished before anything recorded it */
			hw->recs[id].done = t->status == TD_STATUS_DONE;
			hw->recs[id].done_since = TD_DATE_NONE;
			hw->recs[id].seen = true;
			continue;
		}
		trec *r = &hw->recs[id];
		bool is_done = t->status == TD_STATUS_DONE;
		if (is_done && !r->done)
			r->done_since = unknown ? TD_DATE_NONE : d;
		else if (!is_done)
			r->done_since = TD_DATE_NONE;
		r->done = is_done;
		r->seen = true;
	}
	for (size_t i = 0; i < hw->nrecs; i++)
		if (!hw->recs[i].seen)
			hw->recs[i].done = false, hw->recs[i].done_since = TD_DATE_NONE;
}

/* One commit of the walk, oldest first: when the pages changed in it,
 * imports them again and records what that version lists; a version whose
 * pages do not read is skipped with a warning. */
static void read_version(hwalk *hw, const walked *w)
{
	git_oid *now = td_xcalloc(hw->npages ? hw->npages : 1, sizeof *now);
	int changed = page_blobs(hw, &w->oid, now);
	if (changed < 0) {
		free(now);
		return;
	}
	td_date d = w->date;
	if (hw->last != TD_DATE_NONE && d < hw->last)
		d = hw->last; /* time never goes back (a wrong clock, a rebase) */
	hw->last = d;
	if (!changed) {
		free(now);
		return;
	}
	td_diags scratch = {0};
	td_import *im = import_blobs(hw, now, &scratch);
	free(now);
	if (scratch.errors) {
		warn_skipped(hw, w, &scratch);
		td_diags_free(&scratch);
		td_import_free(im);
		hw->skipped++;
		return;
	}
	td_plan *v = td_import_plan(im, &scratch);
	td_diags_free(&scratch);
	hw->versions++;
	record_version(hw, v, d, w->graft);
	td_import_free(im);
}

/* Gives each task of plan without them the added_on and done_on its
 * history records (an added_on after the done_on is only noted); counts
 * them in *nadded and *ndone. */
static void apply_history(td_plan *plan, const hwalk *hw, size_t *nadded, size_t *ndone)
{
	for (size_t i = 0; i < plan->ntasks; i++) {
		td_task *t = plan->tasks[i];
		uint32_t id = td_strtab_find(&hw->ids, t->id);
		if (id == TD_STR_NONE || id >= hw->nrecs)
			continue;
		const trec *r = &hw->recs[id];
		if (t->status == TD_STATUS_DONE && t->done_on == TD_DATE_NONE && r->done &&
		    r->done_since != TD_DATE_NONE) {
			t->done_on = r->done_since;
			(*ndone)++;
		}
		if (t->added_on == TD_DATE_NONE && r->added_known) {
			if (t->done_on != TD_DATE_NONE && r->added > t->done_on) {
				char a[11], b[11];
				td_date_format(r->added, a);
				td_date_format(t->done_on, b);
				td_diag_add(hw->diags, TD_SEV_NOTE, t->loc,
				            "%s: first listed on %s, after the page's done date %s: added_on left out", t->id, a, b);
			} else {
				t->added_on = r->added;
				(*nadded)++;
			}
		}
	}
}

int td_import_history(td_plan *plan, const char *const *pages, size_t npages, td_diags *diags)
{
	const char *first = npages ? pages[0] : ".";
	hwalk hw = {.pages = pages, .npages = npages, .diags = diags, .where = {first, 0, 0}};
	hw.last = TD_DATE_NONE;
	hw.rel = td_xcalloc(npages ? npages : 1, sizeof *hw.rel);
	hw.prev = td_xcalloc(npages ? npages : 1, sizeof *hw.prev);
	git_object *obj = NULL;
	walked *walk = NULL;
	size_t nwalk = 0;
	int rc = -1;

	if (!td_git_start()) {
		td_diag_add(diags, TD_SEV_WARNING, hw.where, "--history: %s: no added_on or done_on from history",
		            td_gitlib_error());
		goto out;
	}
	if (open_repo(&hw.repo, first) != 0) {
		td_diag_add(diags, TD_SEV_WARNING, hw.where, "--history: not in a git repository: no added_on or done_on from history");
		goto out;
	}
	page_paths(&hw);
	if (git_revparse_single(&obj, hw.repo, "HEAD^{commit}") != 0) {
		td_diag_add(diags, TD_SEV_WARNING, hw.where, "--history: the repository has no commit yet");
		goto out;
	}
	bool shallow = git_repository_is_shallow(hw.repo) == 1;
	nwalk = first_parents(&walk, (git_commit *)obj, shallow);
	obj = NULL;
	for (size_t k = nwalk; k-- > 0;)
		read_version(&hw, &walk[k]);
	size_t nadded = 0, ndone = 0;
	apply_history(plan, &hw, &nadded, &ndone);
	if (shallow)
		td_diag_add(diags, TD_SEV_WARNING, hw.where,
		            "--history: shallow clone: what the oldest commit lists has no added_on or done_on (git fetch --unshallow reads it all)");
	td_diag_add(diags, TD_SEV_NOTE, hw.where,
	            "--history: %zu commit%s walked, %zu version%s of the pages imported%s; %zu added_on and %zu done_on dates from history",
	            nwalk, nwalk == 1 ? "" : "s", hw.versions, hw.versions == 1 ? "" : "s",
	            hw.skipped ? td_arena_printf(plan->arena, " (%zu skipped)", hw.skipped) : "", nadded,
	            ndone);
	rc = 0;
out:
	for (size_t i = 0; i < npages; i++)
		free(hw.rel[i]);
	free(hw.rel);
	free(hw.prev);
	free(walk);
	free(hw.recs);
	td_strtab_free(&hw.ids);
	if (obj)
		git_object_free(obj);
	if (hw.repo)
		git_repository_free(hw.repo);
	return rc;
}
