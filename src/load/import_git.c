/*
 * import_git.c - the past of imported pages: every first-parent version of
 * them in git (libgit2, as history_git.c walks the plan's own history), each
 * imported again, gives each task the date it was first listed and the
 * date it turned done for good.
 */
#include "load/import.h"
#include "model/history.h"

#include <git2.h>
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

int td_import_history(td_plan *plan, const char *const *pages, size_t npages, td_diags *diags)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_commit *c = NULL;
	char **rel = td_xcalloc(npages ? npages : 1, sizeof *rel);
	walked *walk = NULL;
	size_t nwalk = 0, walkcap = 0;
	git_oid *prev = td_xcalloc(npages ? npages : 1, sizeof *prev);
	td_strtab ids = {0};
	trec *recs = NULL;
	size_t nrecs = 0, reccap = 0;
	int rc = -1;
	const char *first = npages ? pages[0] : ".";
	td_loc where = {first, 0, 0};

	git_libgit2_init();
	char *dir = td_xstrdup(first);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	int err = git_repository_open_ext(&repo, dir, 0, NULL);
	free(dir);
	if (err) {
		td_diag_add(diags, TD_SEV_WARNING, where, "--history: not in a git repository: no added_on or done_on from history");
		goto out;
	}
	const char *work = git_repository_workdir(repo);
	for (size_t i = 0; i < npages; i++)
		if (!work || !(rel[i] = rel_path(work, pages[i]))) {
			td_diag_add(diags, TD_SEV_WARNING, (td_loc){pages[i], 0, 0},
			            "--history: the page is not in the work tree of the repository: its past is not read");
		}
	if (git_revparse_single(&obj, repo, "HEAD^{commit}") != 0) {
		td_diag_add(diags, TD_SEV_WARNING, where, "--history: the repository has no commit yet");
		goto out;
	}
	bool shallow = git_repository_is_shallow(repo) == 1;
	c = (git_commit *)obj;
	obj = NULL;
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
	size_t versions = 0, skipped = 0;
	td_date last = TD_DATE_NONE;
	for (size_t k = nwalk; k-- > 0;) {
		walked *w = &walk[k];
		git_commit *cc = NULL;
		git_tree *tree = NULL;
		if (git_commit_lookup(&cc, repo, &w->oid) != 0 || git_commit_tree(&tree, cc) != 0) {
			git_commit_free(cc);
			continue;
		}
		bool changed = false, any = false;
		git_oid *now = td_xcalloc(npages ? npages : 1, sizeof *now);
		for (size_t i = 0; i < npages; i++) {
			git_tree_entry *e = NULL;
			if (rel[i] && git_tree_entry_bypath(&e, tree, rel[i]) == 0 &&
			    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
				git_oid_cpy(&now[i], git_tree_entry_id(e));
				any = true;
			}
			git_tree_entry_free(e);
			changed |= git_oid_cmp(&now[i], &prev[i]) != 0;
		}
		td_date d = w->date;
		if (last != TD_DATE_NONE && d < last)
			d = last; /* time never goes back (a wrong clock, a rebase) */
		last = d;
		if (!changed || !any) {
			memcpy(prev, now, npages * sizeof *now);
			free(now);
			git_tree_free(tree);
			git_commit_free(cc);
			continue;
		}
		memcpy(prev, now, npages * sizeof *now);
		td_import *im = td_import_new(NULL);
		td_diags scratch = {0};
		for (size_t i = 0; i < npages; i++) {
			git_blob *blob = NULL;
			if (git_oid_is_zero(&now[i]) || git_blob_lookup(&blob, repo, &now[i]) != 0)
				continue;
			td_import_page(im, pages[i], git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), &scratch);
			git_blob_free(blob);
		}
		free(now);
		git_tree_free(tree);
		git_commit_free(cc);
		if (scratch.errors) {
			char id[8];
			git_oid_tostr(id, sizeof id, &w->oid);
			td_diags_sort(&scratch);
			const td_diag *e0 = NULL;
			for (size_t i = 0; i < scratch.len && !e0; i++)
				if (scratch.items[i].severity == TD_SEV_ERROR)
					e0 = &scratch.items[i];
			char ds[11];
			td_date_format(w->date, ds);
			td_diag_add(diags, TD_SEV_WARNING, where, "--history: commit %s (%s) skipped, its pages do not read: %s:%d: %s",
			            id, ds, e0 ? e0->file : "?", e0 ? e0->line : 0, e0 ? e0->message : "?");
			td_diags_free(&scratch);
			td_import_free(im);
			skipped++;
			continue;
		}
		td_plan *v = td_import_plan(im, &scratch);
		td_diags_free(&scratch);
		versions++;
		bool unknown = w->graft;
		/* mark, then update */
		for (size_t i = 0; i < nrecs; i++)
			recs[i].seen = false;
		for (size_t i = 0; i < v->ntasks; i++) {
			const td_task *t = v->tasks[i];
			uint32_t id = td_strtab_intern(&ids, t->id, strlen(t->id));
			if (id >= nrecs) {
				td_grow((void **)&recs, &reccap, id + 1, sizeof *recs);
				for (size_t j = nrecs; j <= id; j++) {
					memset(&recs[j], 0, sizeof recs[j]);
					recs[j].added = recs[j].done_since = TD_DATE_NONE;
				}
				nrecs = id + 1;
				recs[id].added = unknown ? TD_DATE_NONE : d;
				recs[id].added_known = !unknown;
				/* listed already done: finished before anything recorded it */
				recs[id].done = t->status == TD_STATUS_DONE;
				recs[id].done_since = TD_DATE_NONE;
				recs[id].seen = true;
				continue;
			}
			trec *r = &recs[id];
			bool is_done = t->status == TD_STATUS_DONE;
			if (is_done && !r->done)
				r->done_since = unknown ? TD_DATE_NONE : d;
			else if (!is_done)
				r->done_since = TD_DATE_NONE;
			r->done = is_done;
			r->seen = true;
		}
		for (size_t i = 0; i < nrecs; i++)
			if (!recs[i].seen)
				recs[i].done = false, recs[i].done_since = TD_DATE_NONE;
		td_import_free(im);
	}
	size_t nadded = 0, ndone = 0;
	for (size_t i = 0; i < plan->ntasks; i++) {
		td_task *t = plan->tasks[i];
		uint32_t id = td_strtab_find(&ids, t->id);
		if (id == TD_STR_NONE || id >= nrecs)
			continue;
		const trec *r = &recs[id];
		if (t->status == TD_STATUS_DONE && t->done_on == TD_DATE_NONE && r->done && r->done_since != TD_DATE_NONE) {
			t->done_on = r->done_since;
			ndone++;
		}
		if (t->added_on == TD_DATE_NONE && r->added_known) {
			if (t->done_on != TD_DATE_NONE && r->added > t->done_on) {
				char a[11], b[11];
				td_date_format(r->added, a);
				td_date_format(t->done_on, b);
				td_diag_add(diags, TD_SEV_NOTE, t->loc,
				            "%s: first listed on %s, after the page's done date %s: added_on left out", t->id, a, b);
			} else {
				t->added_on = r->added;
				nadded++;
			}
		}
	}
	if (shallow)
		td_diag_add(diags, TD_SEV_WARNING, where,
		            "--history: shallow clone: what the oldest commit lists has no added_on or done_on (git fetch --unshallow reads it all)");
	td_diag_add(diags, TD_SEV_NOTE, where,
	            "--history: %zu commit%s walked, %zu version%s of the pages imported%s; %zu added_on and %zu done_on dates from history",
	            nwalk, nwalk == 1 ? "" : "s", versions, versions == 1 ? "" : "s",
	            skipped ? td_arena_printf(plan->arena, " (%zu skipped)", skipped) : "", nadded, ndone);
	rc = 0;
out:
	for (size_t i = 0; i < npages; i++)
		free(rel[i]);
	free(rel);
	free(prev);
	free(walk);
	free(recs);
	td_strtab_free(&ids);
	git_commit_free(c);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
