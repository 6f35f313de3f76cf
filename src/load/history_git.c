/* history_git.c - what the repository holding the content knows (libgit2). */
#include "load/history.h"
#include "load/gitlib.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "SECONDS OFFSET" of a commit, as the cache keeps its date: true with
 * them when val is exactly that. */
static bool cached_time(const td_buf *val, long long *t, int *off)
{
	int n = -1;
	return val->len < 64 && sscanf(td_buf_cstr((td_buf *)val), "%lld %d%n", t, off, &n) == 2 && n >= 0 &&
	       (size_t)n == val->len && *off > -24 * 60 && *off < 24 * 60;
}

int td_history_rev_date(const char *content_dir, const char *rev, const td_kv *cache, td_date *out)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	int rc = -1;
	char spec[512];
	/* HEAD's date is kept in the cache under the commit HEAD is */
	td_gitref ref;
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	bool keyed = !rev && cache && td_gitref_head(&ref, content_dir);
	if (keyed) {
		td_buf_puts(&key, "taskdoc commit date 1\n");
		td_gitref_key(&key, &ref);
		long long t;
		int off;
		if (cache->get(cache->ud, "git", &key, &val) && cached_time(&val, &t, &off)) {
			*out = td_date_from_epoch((int64_t)t, off);
			td_gitref_free(&ref); /* and libgit2 not even loaded */
			td_buf_free(&key);
			td_buf_free(&val);
			return 0;
		}
	}
	if (!td_git_start() || td_git_open(&repo, content_dir) != 0)
		goto out;
	snprintf(spec, sizeof spec, "%s^{commit}", rev ? rev : "HEAD");
	if (git_revparse_single(&obj, repo, spec) != 0)
		goto out;
	const git_commit *c = (const git_commit *)obj;
	*out = td_date_from_epoch((int64_t)git_commit_time(c), git_commit_time_offset(c));
	rc = 0;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	if (keyed && td_gitref_same(&ref, git_repository_path(repo), hex)) {
		td_buf_clear(&val);
		td_buf_printf(&val, "%lld %d", (long long)git_commit_time(c), git_commit_time_offset(c));
		cache->put(cache->ud, "git", &key, &val);
	}
out:
	if (obj)
		git_object_free(obj);
	if (keyed)
		td_gitref_free(&ref);
	td_buf_free(&key);
	td_buf_free(&val);
	return rc;
}

/* ---- the walk ---- */

/* One first-parent commit while walking, newest first. */
typedef struct walked {
	git_oid oid;
	int64_t time;
	int offset;
	git_oid content; /* tree id of the content folder */
	bool graft;
} walked;

/* A blob to read: which file, which commit first needs it. */
typedef struct want {
	git_oid oid;
	uint32_t name;
	size_t order; /* position in the walk, newest first */
	td_snap *snap;
} want;

/* blob id -> snapshot (open addressing over want indices) */
typedef struct blobmap {
	size_t *slots; /* index + 1 */
	size_t nslots;
} blobmap;

static size_t oid_hash(const git_oid *o)
{
	size_t h;
	memcpy(&h, o->id, sizeof h);
	return h;
}

static size_t *blobmap_slot(blobmap *m, const want *wants, const git_oid *oid)
{
	size_t k = oid_hash(oid) & (m->nslots - 1);
	while (m->slots[k] && git_oid_cmp(&wants[m->slots[k] - 1].oid, oid))
		k = (k + 1) & (m->nslots - 1);
	return &m->slots[k];
}

static int cmp_want(const void *pa, const void *pb)
{
	const want *a = pa, *b = pb;
	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool workstream_name(const char *n)
{
	size_t l = strlen(n);
	if (n[0] == '.')
		return false;
	return (l > 5 && !strcmp(n + l - 5, ".yaml")) || (l > 4 && !strcmp(n + l - 4, ".yml"));
}

static const char *git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

/* The content folder's path inside the work tree ("" for the root), or NULL. */
static char *content_path(git_repository *repo, const char *content)
{
	const char *wd = git_repository_workdir(repo);
	if (!wd)
		return NULL;
	char *work = realpath(wd, NULL), *abs = realpath(content, NULL), *rel = NULL;
	if (!work || !abs)
		goto out;
	size_t wl = strlen(work);
	if (!strcmp(work, "/"))
		wl = 0;
	if (strncmp(abs, work, wl) || (abs[wl] != '/' && abs[wl] != '\0'))
		goto out;
	rel = td_xstrdup(abs[wl] == '/' ? abs + wl + 1 : abs + wl);
out:
	free(work);
	free(abs);
	return rel;
}

/* The id of the tree at path in commit c (path "" = the root tree): 1,
 * 0 when the commit has no such folder, -1 when a tree object on the way is
 * missing from the repository (git_message() says which). */
static int tree_at(git_commit *c, const char *path, git_oid *out)
{
	if (!*path) {
		git_oid_cpy(out, git_commit_tree_id(c));
		return 1;
	}
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	int ok = 0;
	git_error_clear();
	if (git_commit_tree(&root, c) != 0) {
		ok = -1;
	} else if (git_tree_entry_bypath(&e, root, path) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_oid_cpy(out, git_tree_entry_id(e));
			ok = 1;
		}
	} else {
		const git_error *ge = git_error_last();
		ok = ge && ge->klass == GIT_ERROR_ODB ? -1 : 0;
	}
	git_tree_entry_free(e);
	git_tree_free(root);
	return ok;
}

static void progress_at(td_hist_progress_fn fn, void *ud, const char *what, size_t done, size_t total)
{
	if (fn && (done % 64 == 0 || done == total))
		fn(ud, what, done, total);
}

/* The state of one read of the history. */
typedef struct reader {
	git_repository *repo;
	char *rel;       /* the content folder inside the work tree ("" for the root) */
	const char *rev; /* as given, or NULL for HEAD */
	td_hist_log *log;
	walked *walk; /* first parents, newest first */
	size_t nwalk, walkcap;
	want *wants; /* blobs to read; a file's snap is a want index + 1 until they are */
	size_t nwants, wantcap;
	td_hist_progress_fn progress;
	void *ud;
	td_diags *diags;     /* warnings about a broken repository */
	const char *content; /* names them */
	const td_kv *cache;  /* snapshots by blob id, or NULL */
} reader;

/* Opens the repository holding content. Returns a log: TD_HIST_OK, or one
 * that says why there is no history to read. */
static td_hist_log *open_content(reader *rd, const char *content)
{
	int err = td_git_open(&rd->repo, content);
	if (err == GIT_ENOTFOUND)
		return td_hist_log_new(TD_HIST_NO_REPO, "not in a git repository");
	if (err) {
		td_hist_log *log = td_hist_log_new(TD_HIST_FAILED, NULL);
		log->reason = td_arena_printf(log->arena, "cannot open the repository: %s", git_message());
		return log;
	}
	if (git_repository_is_bare(rd->repo) || !(rd->rel = content_path(rd->repo, content)))
		return td_hist_log_new(TD_HIST_NO_REPO, "not in the work tree of a git repository");
	td_hist_log *log = td_hist_log_new(TD_HIST_OK, NULL);
	log->shallow = git_repository_is_shallow(rd->repo) == 1;
	log->detached = git_repository_head_detached(rd->repo) == 1;
	if (rd->rev)
		log->rev = td_arena_strdup(log->arena, rd->rev);
	return log;
}

/* The commit rev (or HEAD) names, or NULL when there is none: the log says
 * so, and a rev that was given is an error (*rc = -1). */
static git_commit *start_commit(reader *rd, int *rc, td_diags *diags)
{
	git_object *obj = NULL;
	char spec[1024];
	snprintf(spec, sizeof spec, "%s^{commit}", rd->rev ? rd->rev : "HEAD");
	if (git_revparse_single(&obj, rd->repo, spec) == 0)
		return (git_commit *)obj;
	if (rd->rev) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){"--rev", 0, 0}, "'%s' names no commit: %s", rd->rev,
		            git_message());
		*rc = -1;
	}
	rd->log->status = TD_HIST_EMPTY;
	rd->log->reason = "the repository has no commit yet";
	return NULL;
}

/* 1. first parents of c (taken over), newest first, while the content
 * folder exists */
static void walk_first_parents(reader *rd, git_commit *c)
{
	while (c) {
		git_oid content;
		rd->log->commits_read++;
		int has = tree_at(c, rd->rel, &content);
		if (has < 0) {
			char id[GIT_OID_HEXSZ + 1];
			git_oid_tostr(id, sizeof id, git_commit_id(c));
			td_diag_add(rd->diags, TD_SEV_WARNING, (td_loc){rd->content, 0, 0},
			            "git history: commit %.7s cannot be read (a tree object is missing from the "
			            "repository: %s); history before it is left out",
			            id, git_message());
		}
		if (has <= 0)
			break;
		td_grow((void **)&rd->walk, &rd->walkcap, rd->nwalk + 1, sizeof *rd->walk);
		walked *w = &rd->walk[rd->nwalk++];
		memset(w, 0, sizeof *w);
		git_oid_cpy(&w->oid, git_commit_id(c));
		git_oid_cpy(&w->content, &content);
		w->time = (int64_t)git_commit_time(c);
		w->offset = git_commit_time_offset(c);
		progress_at(rd->progress, rd->ud, "commits", rd->nwalk, 0);
		git_commit *parent = NULL;
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) != 0) {
			/* the parent is not here: the graft of a shallow clone, or a
			 * repository that lost an object */
			w->graft = rd->log->shallow;
			if (!rd->log->shallow) {
				char id[GIT_OID_HEXSZ + 1];
				git_oid_tostr(id, sizeof id, git_commit_id(c));
				td_diag_add(rd->diags, TD_SEV_WARNING, (td_loc){rd->content, 0, 0},
				            "git history: the parent of commit %.7s is missing from the repository "
				            "(%s; not a shallow clone); history before it is left out",
				            id, git_message());
			}
			parent = NULL;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
}

/* The id of the workstreams folder (at wsdir) in commit w; false when the
 * commit has none. */
static bool workstreams_at(reader *rd, const walked *w, const char *wsdir, git_oid *out)
{
	git_commit *cc = NULL;
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	bool has = false;
	git_error_clear();
	if (git_commit_lookup(&cc, rd->repo, &w->oid) == 0 && git_commit_tree(&root, cc) == 0 &&
	    git_tree_entry_bypath(&e, root, wsdir) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(out, git_tree_entry_id(e));
		has = true;
	} else {
		/* no workstreams folder, or a tree object on the way is missing: never silent */
		const git_error *ge = git_error_last();
		if (ge && ge->klass == GIT_ERROR_ODB) {
			char id[GIT_OID_HEXSZ + 1];
			git_oid_tostr(id, sizeof id, &w->oid);
			td_diag_add(rd->diags, TD_SEV_WARNING, (td_loc){rd->content, 0, 0},
			            "git history: commit %.7s cannot be read (a tree object is missing from the "
			            "repository: %s); it is taken to have no workstream files",
			            id, ge->message);
		}
	}
	git_tree_entry_free(e);
	git_tree_free(root);
	git_commit_free(cc);
	return has;
}

/* Appends to hc's files those of folder tree (not NULL), each name behind
 * prefix ("" or "archive/"): a file whose blob is the one of the same name
 * in prev keeps its want, any other is a new want. order: the commit's
 * position in the walk, newest first. */
static void tree_files(reader *rd, td_hist_commit *hc, git_tree *tree, const char *prefix,
                       const td_hist_file *prev, size_t nprev, size_t order)
{
	td_hist_log *log = rd->log;
	size_t n = git_tree_entrycount(tree);
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
		    git_tree_entry_filemode(te) == GIT_FILEMODE_LINK || !workstream_name(name))
			continue;
		td_hist_file *f = &hc->files[hc->nfiles++];
		char *full = td_arena_printf(log->arena, "%s%s", prefix, name);
		f->name = td_strtab_intern(&log->strs, full, strlen(full));
		size_t j = 0; /* the same name in the commit before */
		while (j < nprev && prev[j].name != f->name)
			j++;
		if (j < nprev && !git_oid_cmp(&rd->wants[(uintptr_t)prev[j].snap - 1].oid, git_tree_entry_id(te))) {
			f->snap = prev[j].snap; /* unchanged: the same want */
			continue;
		}
		td_grow((void **)&rd->wants, &rd->wantcap, rd->nwants + 1, sizeof *rd->wants);
		want *wt = &rd->wants[rd->nwants++];
		git_oid_cpy(&wt->oid, git_tree_entry_id(te));
		wt->name = f->name;
		wt->order = order;
		wt->snap = NULL;
		f->snap = (const td_snap *)(uintptr_t)rd->nwants; /* want index + 1, resolved by read_blobs */
	}
}

static const td_strtab *name_strs;

static int cmp_file_name(const void *pa, const void *pb)
{
	const td_hist_file *a = pa, *b = pb;
	return strcmp(name_strs->strs[a->name], name_strs->strs[b->name]);
}

/* hc's list of workstream files: those of folder ws (when has_ws) and of
 * the archive folder ar ("archive/NAME", when has_ar), by name bytewise. */
static void commit_files(reader *rd, td_hist_commit *hc, const git_oid *ws, bool has_ws, const git_oid *ar,
                         bool has_ar, const td_hist_file *prev, size_t nprev, size_t order)
{
	td_hist_log *log = rd->log;
	git_tree *wtree = NULL, *atree = NULL;
	size_t n = 0;
	if (has_ws && git_tree_lookup(&wtree, rd->repo, ws) == 0)
		n += git_tree_entrycount(wtree);
	if (has_ar && git_tree_lookup(&atree, rd->repo, ar) == 0)
		n += git_tree_entrycount(atree);
	hc->files = td_arena_alloc(log->arena, (n ? n : 1) * sizeof *hc->files);
	if (wtree)
		tree_files(rd, hc, wtree, "", prev, nprev, order);
	if (atree)
		tree_files(rd, hc, atree, "archive/", prev, nprev, order);
	name_strs = &log->strs;
	qsort(hc->files, hc->nfiles, sizeof *hc->files, cmp_file_name);
	name_strs = NULL;
	git_tree_free(wtree);
	git_tree_free(atree);
}

/* 2. oldest first; for each commit whose workstream files changed, the list
 * of files (name, blob id) */
static void list_files(reader *rd)
{
	td_hist_log *log = rd->log;
	size_t nwalk = rd->nwalk;
	log->ncommits = nwalk;
	log->commits = td_arena_alloc(log->arena, nwalk * sizeof *log->commits);
	git_oid prev_ws = {{0}}, prev_ar = {{0}};
	bool have_prev = false;
	td_hist_file *prev_files = NULL;
	size_t prev_nfiles = 0;
	const char *rel = rd->rel;
	char *wsdir = *rel ? td_arena_printf(log->arena, "%s/workstreams", rel) : "workstreams";
	char *ardir = *rel ? td_arena_printf(log->arena, "%s/archive", rel) : "archive";
	for (size_t k = 0; k < nwalk; k++) {
		const walked *w = &rd->walk[nwalk - 1 - k];
		td_hist_commit *hc = &log->commits[k];
		git_oid_tostr(hc->id, 8, &w->oid);
		hc->time = w->time;
		hc->date = td_date_from_epoch(w->time, w->offset);
		hc->graft = w->graft;
		hc->content_changed = k == 0 || git_oid_cmp(&w->content, &rd->walk[nwalk - k].content) != 0;
		if (!hc->content_changed) {
			hc->files = prev_files;
			hc->nfiles = prev_nfiles;
			continue;
		}
		git_oid ws = {{0}}, ar = {{0}};
		bool has_ws = workstreams_at(rd, w, wsdir, &ws);
		bool has_ar = workstreams_at(rd, w, ardir, &ar);
		if (have_prev && !git_oid_cmp(&ws, &prev_ws) && !git_oid_cmp(&ar, &prev_ar)) {
			hc->files = prev_files; /* project.yaml or evidence changed */
			hc->nfiles = prev_nfiles;
			continue;
		}
		hc->changed = true;
		have_prev = true;
		git_oid_cpy(&prev_ws, &ws);
		git_oid_cpy(&prev_ar, &ar);
		commit_files(rd, hc, &ws, has_ws, &ar, has_ar, prev_files, prev_nfiles, nwalk - 1 - k);
		prev_files = hc->files;
		prev_nfiles = hc->nfiles;
	}
}

/* The wants' indices in reading order: one file's versions after another
 * (newest first). Free with free(). */
static size_t *blob_order(const want *wants, size_t nwants)
{
	size_t *order = td_xmalloc((nwants ? nwants : 1) * sizeof *order);
	/* sort a copy, keep wants[] indices stable for the files' references */
	want *sorted = td_xmalloc((nwants ? nwants : 1) * sizeof *sorted);
	if (nwants)
		memcpy(sorted, wants, nwants * sizeof *wants);
	for (size_t i = 0; i < nwants; i++)
		sorted[i].snap = (td_snap *)(uintptr_t)i; /* original index */
	qsort(sorted, nwants, sizeof *sorted, cmp_want);
	for (size_t i = 0; i < nwants; i++)
		order[i] = (size_t)(uintptr_t)sorted[i].snap;
	free(sorted);
	return order;
}

/* The error for a blob over the plan file limit (as the loader says it
 * for a file on disk), or NULL. */
static const char *too_big(td_hist_log *log, const char *file, const git_blob *blob)
{
	size_t n = (size_t)git_blob_rawsize(blob);
	if (n <= TD_PLAN_FILE_MAX)
		return NULL;
	return td_arena_printf(log->arena, "%s: is %.1f MB; taskdoc reads plan files of up to %zu MB", file,
	                       (double)n / (1 << 20), TD_PLAN_FILE_MAX >> 20);
}

/* Reads wt's blob into a new snapshot; a blob that cannot be read becomes
 * a snapshot with an error. */
static void read_snapshot(reader *rd, want *wt)
{
	td_hist_log *log = rd->log;
	td_snap *snap = td_arena_alloc(log->arena, sizeof *snap);
	wt->snap = snap;
	git_blob *blob = NULL;
	const char *name = log->strs.strs[wt->name];
	const char *dir = strncmp(name, "archive/", 8) ? "workstreams/" : ""; /* archive files: "archive/NAME" */
	char *file = *rd->rel ? td_arena_printf(log->arena, "%s/%s%s", rd->rel, dir, name)
	                      : td_arena_printf(log->arena, "%s%s", dir, name);
	/* the cache: by this taskdoc, the file's path (errors name it) and the blob */
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	if (rd->cache) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &wt->oid);
		td_buf_printf(&key, "taskdoc snapshot 1\n%s\n%s\n%s\n", td_build_id(), file, hex);
		if (rd->cache->get(rd->cache->ud, "snapshots", &key, &val) &&
		    td_snap_decode(snap, &log->strs, log->arena, val.ptr, val.len)) {
			td_buf_free(&key);
			td_buf_free(&val);
			return;
		}
	}
	if (git_blob_lookup(&blob, rd->repo, &wt->oid) != 0) {
		memset(snap, 0, sizeof *snap);
		snap->workstream = TD_STR_NONE;
		snap->error = td_arena_printf(log->arena, "%s: cannot read: %s", file, git_message());
		goto out;
	}
	const char *big = too_big(log, file, blob);
	if (big) {
		memset(snap, 0, sizeof *snap);
		snap->workstream = TD_STR_NONE;
		snap->error = big;
		git_blob_free(blob);
		goto out;
	}
	bool slow = false;
	bool store = rd->cache && !rd->cache->readonly;
	log->strs.trace_on = store;
	log->strs.ntrace = 0;
	td_snap_parse(snap, &log->strs, log->arena, file, git_blob_rawcontent(blob),
	              (size_t)git_blob_rawsize(blob), &slow);
	log->strs.trace_on = false;
	git_blob_free(blob);
	log->blobs_parsed++;
	log->blobs_slow += slow;
	if (store && td_snap_encode(&val, snap, &log->strs, log->strs.trace, log->strs.ntrace))
		rd->cache->put(rd->cache->ud, "snapshots", &key, &val);
out:
	td_buf_free(&key);
	td_buf_free(&val);
}

/* 3. read each distinct blob once, one file's versions after another
 * (newest first): libgit2 keeps the last delta bases it resolved, so
 * reading a file's versions in a row is 15 times faster than in commit
 * order, where other files' objects push them out. Then every file of
 * every commit points at its snapshot. */
static void read_blobs(reader *rd)
{
	td_hist_log *log = rd->log;
	want *wants = rd->wants;
	size_t nwants = rd->nwants;
	size_t *order = blob_order(wants, nwants);
	blobmap map = {0};
	map.nslots = 64;
	while (map.nslots < nwants * 2)
		map.nslots *= 2;
	map.slots = td_xcalloc(map.nslots, sizeof *map.slots);
	for (size_t i = 0; i < nwants; i++) {
		want *wt = &wants[order[i]];
		progress_at(rd->progress, rd->ud, "file versions", i + 1, nwants);
		size_t *slot = blobmap_slot(&map, wants, &wt->oid);
		if (*slot) {
			wt->snap = wants[*slot - 1].snap;
			continue;
		}
		*slot = order[i] + 1;
		read_snapshot(rd, wt);
	}
	free(order);
	free(map.slots);
	for (size_t k = 0; k < rd->nwalk; k++) {
		td_hist_commit *hc = &log->commits[k];
		if (!hc->changed)
			continue;
		for (size_t i = 0; i < hc->nfiles; i++)
			hc->files[i].snap = wants[(uintptr_t)hc->files[i].snap - 1].snap;
	}
	/* unchanged commits share the list of the commit before: fix them up */
	for (size_t k = 1; k < rd->nwalk; k++)
		if (!log->commits[k].changed) {
			log->commits[k].files = log->commits[k - 1].files;
			log->commits[k].nfiles = log->commits[k - 1].nfiles;
		}
}

/* 4. project.yaml of every commit whose content changed (the others keep
 * the one before), each distinct blob read once by the full loader: it is
 * small and rarely changes, so no fast reader is needed. */
static void read_projects(reader *rd)
{
	td_hist_log *log = rd->log;
	git_oid last = {{0}};
	const td_hist_project *cur = NULL;
	char *file = *rd->rel ? td_arena_printf(log->arena, "%s/project.yaml", rd->rel) : "project.yaml";
	for (size_t k = 0; k < log->ncommits; k++) {
		td_hist_commit *hc = &log->commits[k];
		if (!hc->content_changed) {
			hc->project = cur;
			continue;
		}
		const walked *w = &rd->walk[rd->nwalk - 1 - k];
		git_tree *tree = NULL;
		const git_tree_entry *e = NULL;
		git_blob *blob = NULL;
		if (git_tree_lookup(&tree, rd->repo, &w->content) == 0)
			e = git_tree_entry_byname(tree, "project.yaml");
		if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
			cur = NULL; /* no project.yaml: no sprints, risks or target */
		} else if (!cur || git_oid_cmp(&last, git_tree_entry_id(e))) {
			git_oid_cpy(&last, git_tree_entry_id(e));
			td_hist_project *pr = td_arena_alloc(log->arena, sizeof *pr);
			if (git_blob_lookup(&blob, rd->repo, &last) != 0)
				pr->error =
				    td_arena_printf(log->arena, "%s: cannot read: %s", file, git_message());
			else if ((pr->error = too_big(log, file, blob)) == NULL) {
				const char *text = git_blob_rawcontent(blob);
				size_t len = (size_t)git_blob_rawsize(blob);
				td_hist_project_parse(pr, log, file, text, len);
				if (rd->cache && !rd->cache->readonly) { /* the log's cache entry parses it again */
					pr->file = file;
					pr->text = td_arena_strndup(log->arena, text, len);
					pr->len = len;
				}
			}
			cur = pr;
		}
		hc->project = cur;
		git_blob_free(blob);
		git_tree_free(tree);
	}
}

/* The cache key of HEAD's log for the content at content: by this
 * taskdoc, the repository and its HEAD (gitref), the content folder.
 * false when gitref cannot tell HEAD. */
static bool log_key(td_buf *key, td_gitref *ref, const char *content)
{
	if (!td_gitref_head(ref, content))
		return false;
	char *real = realpath(content, NULL);
	if (!real) {
		td_gitref_free(ref);
		return false;
	}
	td_buf_printf(key, "taskdoc history log 1\n%s\n", td_build_id());
	td_gitref_key(key, ref);
	td_buf_printf(key, "content %s\n", real);
	free(real);
	return true;
}

int td_history_read(td_hist_log **out, const td_config *cfg, const char *rev, const td_kv *cache,
                    td_hist_progress_fn progress, void *ud, td_diags *diags)
{
	*out = NULL;
	if (!cfg->history) {
		*out = td_hist_log_new(TD_HIST_DISABLED, "history: false in the configuration");
		return 0;
	}
	/* HEAD's whole log is kept in the cache, under the commit HEAD is: a
	 * build of an unchanged repository reads no commit */
	td_gitref ref;
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	bool keyed = !rev && cache && log_key(&key, &ref, cfg->content);
	if (keyed && cache->get(cache->ud, "history", &key, &val) &&
	    (*out = td_hist_log_decode(val.ptr, val.len)) != NULL) {
		td_gitref_free(&ref);
		td_buf_free(&key);
		td_buf_free(&val);
		return 0;
	}
	reader rd = {0};
	git_commit *c = NULL;
	rd.rev = rev;
	rd.progress = progress;
	rd.ud = ud;
	rd.diags = diags;
	rd.content = cfg->content;
	rd.cache = cache;
	int rc = 0;
	size_t warned = diags->len;
	char head[GIT_OID_HEXSZ + 1] = "";
	if (!td_git_start()) {
		*out = td_hist_log_new(TD_HIST_FAILED, td_gitlib_error());
		goto done;
	}
	/* Objects are hashed again on every read unless this is off: a third of
	 * the walk's time, and the repository is only read. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	rd.log = open_content(&rd, cfg->content);
	if (rd.log->status != TD_HIST_OK)
		goto out;
	c = start_commit(&rd, &rc, diags);
	if (!c)
		goto out;
	git_oid_tostr(head, sizeof head, git_commit_id(c));
	walk_first_parents(&rd, c);
	if (!rd.nwalk) {
		rd.log->status = TD_HIST_UNTRACKED;
		rd.log->reason = td_arena_printf(rd.log->arena, "%s is not in %s's commit",
		                                 *rd.rel ? rd.rel : "the content", rev ? rev : "HEAD");
		goto out;
	}
	list_files(&rd);
	read_blobs(&rd);
	read_projects(&rd);
	if (progress)
		progress(ud, NULL, 0, 0);
out:
	/* kept only when it is all the repository's answer: no warning about
	 * a damaged repository, the very repository and HEAD gitref read */
	if (keyed && !cache->readonly && diags->len == warned && *head &&
	    td_gitref_same(&ref, git_repository_path(rd.repo), head) && td_hist_log_encode(&val, rd.log))
		cache->put(cache->ud, "history", &key, &val);
	*out = rd.log;
	free(rd.wants);
	free(rd.walk);
	free(rd.rel);
done:
	if (keyed)
		td_gitref_free(&ref);
	td_buf_free(&key);
	td_buf_free(&val);
	return rc;
}
