/* check_gitcache.c - what git told a run, kept for the next (docs/history.md):
 * load/gitref.c must read HEAD as git does or say it cannot, and a history
 * log must read back from its bytes exactly as it was walked, and any
 * other bytes must be refused. Every repository is made here by git, in a
 * mkdtemp folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "load/history.h"
#include "site/site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char root[64];

/* Runs a shell command in root; its first line of output into out (may be NULL). */
static void sh(char *out, size_t n, const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	int len = snprintf(cmd, sizeof cmd, "cd '%s' && (", root);
	len += vsnprintf(cmd + len, sizeof cmd - (size_t)len, fmt, ap);
	va_end(ap);
	snprintf(cmd + len, sizeof cmd - (size_t)len, ") 2>/dev/null");
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[512] = "";
	if (!fgets(line, sizeof line, p))
		line[0] = '\0';
	while (fgetc(p) != EOF)
		;
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	if (out)
		snprintf(out, n, "%s", line);
}

#define GIT "git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main "

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/check_gitcache.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd);
}

static void commit(const char *file, const char *text, const char *date)
{
	sh(NULL, 0,
	   "mkdir -p \"$(dirname '%s')\" && printf '%%s' '%s' > '%s' && " GIT "-C repo add -A && "
	   "GIT_COMMITTER_DATE='%s' GIT_AUTHOR_DATE='%s' " GIT "-C repo commit -q -m change",
	   file, text, file, date, date);
}

static void assert_head(const char *path, const char *want_oid, bool detached)
{
	td_gitref r;
	char p[256];
	snprintf(p, sizeof p, "%s/%s", root, path);
	assert_true(td_gitref_head(&r, p));
	assert_string_equal(r.oid, want_oid);
	assert_int_equal(r.detached, detached);
	char want[256];
	snprintf(want, sizeof want, "%s/repo/.git", root);
	assert_string_equal(r.gitdir, want);
	assert_true(td_gitref_same(&r, want, want_oid));
	assert_false(td_gitref_same(&r, want, "0000000000000000000000000000000000000000"));
	td_gitref_free(&r);
}

static void assert_no_head(const char *path)
{
	td_gitref r;
	char p[256];
	snprintf(p, sizeof p, "%s/%s", root, path);
	assert_false(td_gitref_head(&r, p));
	assert_null(r.gitdir);
}

static void test_gitref(void **state)
{
	(void)state;
	char oid[128], first[128];
	sh(NULL, 0, "mkdir -p plain/sub repo");
	assert_no_head("plain/sub"); /* no repository above (mkdtemp is below /tmp) */
	sh(NULL, 0, GIT "init -q repo");
	assert_no_head("repo"); /* no commit yet */
	commit("repo/content/project.yaml", "project: {name: x}\n", "2025-01-01T10:00:00Z");
	sh(first, sizeof first, "git -C repo rev-parse HEAD");
	assert_head("repo", first, false);
	assert_head("repo/content", first, false);
	assert_head("repo/content/project.yaml", first, false); /* a file: its folder */
	commit("repo/content/a.yaml", "a\n", "2025-01-02T10:00:00Z");
	sh(oid, sizeof oid, "git -C repo rev-parse HEAD");
	assert_head("repo/content", oid, false);
	/* the branch only in packed-refs */
	sh(NULL, 0, "git -C repo pack-refs --all && test ! -e repo/.git/refs/heads/main");
	assert_head("repo/content", oid, false);
	/* a loose ref wins over packed-refs */
	sh(NULL, 0, "git -C repo update-ref refs/heads/main %s", first);
	assert_head("repo/content", first, false);
	sh(NULL, 0, "git -C repo update-ref refs/heads/main %s", oid);
	/* detached */
	sh(NULL, 0, "git -C repo checkout -q --detach %s", first);
	assert_head("repo/content", first, true);
	sh(NULL, 0, "git -C repo checkout -q main");
	assert_head("repo", oid, false);
	/* a shallow clone is told apart by its grafts */
	td_gitref r;
	char p[256];
	snprintf(p, sizeof p, "%s/repo", root);
	assert_true(td_gitref_head(&r, p));
	assert_string_equal(r.shallow, "");
	td_gitref_free(&r);
	sh(NULL, 0, "echo %s > repo/.git/shallow", first);
	assert_true(td_gitref_head(&r, p));
	assert_int_equal(strlen(r.shallow), 64);
	td_gitref_free(&r);
	sh(NULL, 0, "rm repo/.git/shallow");
	/* what is not read: a linked work tree (.git is a file), a ref name
	 * that leaves refs/, a symbolic ref chain, a branch that does not exist */
	sh(NULL, 0, "git -C repo worktree add -q ../wt");
	assert_no_head("wt");
	sh(NULL, 0, "cp repo/.git/HEAD head.bak && echo 'ref: refs/../../x' > repo/.git/HEAD");
	assert_no_head("repo");
	sh(NULL, 0, "echo 'ref: refs/heads/other' > repo/.git/HEAD && echo 'ref: refs/heads/main' > "
	            "repo/.git/refs/heads/other");
	assert_no_head("repo");
	sh(NULL, 0, "rm repo/.git/refs/heads/other");
	assert_no_head("repo"); /* unborn */
	sh(NULL, 0, "cp head.bak repo/.git/HEAD");
	assert_head("repo", oid, false);
}

/* ---- the log ---- */

static void assert_same_snap(const td_hist_log *a, const td_snap *x, const td_hist_log *b, const td_snap *y)
{
	assert_int_equal(x->workstream == TD_STR_NONE, y->workstream == TD_STR_NONE);
	if (x->workstream != TD_STR_NONE)
		assert_string_equal(a->strs.strs[x->workstream], b->strs.strs[y->workstream]);
	assert_int_equal(x->error != NULL, y->error != NULL);
	if (x->error)
		assert_string_equal(x->error, y->error);
	assert_int_equal(x->nphases, y->nphases);
	assert_int_equal(x->ntasks, y->ntasks);
	for (size_t i = 0; i < x->ntasks; i++) {
		const td_snap_task *s = &x->tasks[i], *t = &y->tasks[i];
		/* the same indices: the tables are equal */
		assert_int_equal(s->id, t->id);
		assert_int_equal(s->title, t->title);
		assert_int_equal(s->owner, t->owner);
		assert_int_equal(s->status, t->status);
		assert_int_equal(s->unit, t->unit);
		assert_true(s->lo == t->lo && s->hi == t->hi);
		assert_int_equal(s->ndeps, t->ndeps);
		for (uint32_t k = 0; k < s->ndeps; k++)
			assert_int_equal(s->deps[k], t->deps[k]);
	}
}

static void assert_same_log(const td_hist_log *a, const td_hist_log *b)
{
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->commits_read, b->commits_read);
	assert_int_equal(a->shallow, b->shallow);
	assert_int_equal(a->strs.len, b->strs.len);
	for (size_t i = 0; i < a->strs.len; i++)
		assert_string_equal(a->strs.strs[i], b->strs.strs[i]);
	assert_int_equal(a->ncommits, b->ncommits);
	for (size_t k = 0; k < a->ncommits; k++) {
		const td_hist_commit *x = &a->commits[k], *y = &b->commits[k];
		assert_string_equal(x->id, y->id);
		assert_int_equal(x->time, y->time);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->changed, y->changed);
		assert_int_equal(x->content_changed, y->content_changed);
		assert_int_equal(x->nfiles, y->nfiles);
		assert_int_equal(k > 0 && x->files == a->commits[k - 1].files, k > 0 && y->files == b->commits[k - 1].files);
		for (size_t i = 0; i < x->nfiles; i++) {
			assert_int_equal(x->files[i].name, y->files[i].name);
			assert_same_snap(a, x->files[i].snap, b, y->files[i].snap);
		}
		assert_int_equal(x->project != NULL, y->project != NULL);
		if (x->project) {
			assert_int_equal(x->project->plan != NULL, y->project->plan != NULL);
			if (x->project->error)
				assert_string_equal(x->project->error, y->project->error);
			if (x->project->plan)
				assert_int_equal(x->project->plan->nsprints, y->project->plan->nsprints);
		}
	}
}

#define WS "workstream: {id: a, title: A}\nphases:\n  - id: p1\n    title: P\n    tasks:\n"

static void test_log_roundtrip(void **state)
{
	(void)state;
	sh(NULL, 0, GIT "init -q log");
	const char *dates[] = {"2025-03-03T09:00:00Z", "2025-03-04T09:00:00Z", "2025-03-05T09:00:00Z",
	                       "2025-03-06T09:00:00Z", "2025-03-07T09:00:00Z"};
	sh(NULL, 0,
	   "mkdir -p log/content/workstreams && printf 'project: {name: x}\\nsprints:\\n  - {id: s1, start: "
	   "2025-03-03, end: 2025-03-14}\\n' > log/content/project.yaml");
	const char *ws[] = {
	    WS "      - {id: a-1, title: One, status: todo, estimate: 2h}\n",
	    WS "      - {id: a-1, title: One, status: in-progress, estimate: 2h}\n"
	       "      - {id: a-2, title: Two, status: todo, estimate: 1d, depends_on: [a-1], owner: kim}\n",
	    WS "      - {id: a-1, title: One, status: done, estimate: 2h}\n"
	       "      - {id: a-2, title: Two, status: todo, estimate: 1d, depends_on: [a-1], owner: kim}\n",
	    "workstream: [broken\n",
	    WS "      - {id: a-1, title: One, status: done, estimate: 2h}\n"};
	for (int i = 0; i < 5; i++) {
		char f[64];
		snprintf(f, sizeof f, "log/content/workstreams/%s.yaml", i == 2 ? "b" : "a");
		sh(NULL, 0, "printf '%%s' '%s' > log/content/workstreams/a.yaml", ws[i]);
		if (i == 2)
			sh(NULL, 0, "cp log/content/workstreams/a.yaml log/content/workstreams/b.yaml");
		sh(NULL, 0, GIT "-C log add -A && GIT_COMMITTER_DATE='%s' " GIT "-C log commit -q -m c%d", dates[i], i);
		if (i == 3) /* a commit outside the content */
			sh(NULL, 0, "echo x > log/README && " GIT "-C log add -A && " GIT "-C log commit -q -m readme");
	}
	char content[256], cache[256];
	snprintf(content, sizeof content, "%s/log/content", root);
	snprintf(cache, sizeof cache, "%s/cache", root);
	td_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.history = true;
	cfg.content = content;
	td_filecache *fc = td_filecache_open(cache, false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	td_diags d = {0};
	td_hist_log *walked = NULL, *again = NULL;
	assert_int_equal(td_history_read(&walked, &cfg, NULL, &kv, NULL, NULL, &d), 0);
	assert_int_equal(walked->status, TD_HIST_OK);
	assert_int_equal(walked->ncommits, 6);
	td_buf bytes = TD_BUF_INIT;
	assert_true(td_hist_log_encode(&bytes, walked));
	td_hist_log *decoded = td_hist_log_decode(bytes.ptr, bytes.len);
	assert_non_null(decoded);
	assert_same_log(walked, decoded);
	/* the second read comes from the cache entry the first stored: the same */
	sh(NULL, 0, "test \"$(ls cache/history | wc -l)\" = 1");
	assert_int_equal(td_history_read(&again, &cfg, NULL, &kv, NULL, NULL, &d), 0);
	assert_same_log(walked, again);
	td_buf re = TD_BUF_INIT;
	assert_true(td_hist_log_encode(&re, again));
	assert_int_equal(re.len, bytes.len);
	assert_memory_equal(re.ptr, bytes.ptr, bytes.len);
	/* every cut is refused; changed bytes are read or refused, never past their end */
	for (size_t n = 0; n < bytes.len; n++)
		assert_null(td_hist_log_decode(bytes.ptr, n));
	char *m = malloc(bytes.len);
	for (size_t i = 0; i < bytes.len; i++) {
		memcpy(m, bytes.ptr, bytes.len);
		m[i] = (char)(m[i] == '1' ? '9' : m[i] == ' ' ? '\n' : '1');
		td_hist_log_free(td_hist_log_decode(m, bytes.len));
	}
	free(m);
	/* a new commit is a new key: walked again, and it shows */
	sh(NULL, 0, "printf '%%s' '%s' > log/content/workstreams/a.yaml && " GIT "-C log commit -qam more",
	   ws[1]);
	td_hist_log *moved = NULL;
	assert_int_equal(td_history_read(&moved, &cfg, NULL, &kv, NULL, NULL, &d), 0);
	assert_int_equal(moved->ncommits, 7);
	assert_int_equal(d.len, 0);
	td_hist_log_free(moved);
	td_buf_free(&re);
	td_buf_free(&bytes);
	td_hist_log_free(decoded);
	td_hist_log_free(again);
	td_hist_log_free(walked);
	td_diags_free(&d);
	td_filecache_free(fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gitref),
	    cmocka_unit_test(test_log_roundtrip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
