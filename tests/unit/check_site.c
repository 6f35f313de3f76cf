/*
 * check_site.c - the write stage: output folder (only changed files, stale
 * files removed, links never followed, bad paths refused) and the MkDocs
 * nav rewrite (exact bytes). Every file is written below a mkdtemp folder
 * in /tmp.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <yaml.h>

#include "site/site.h"
#include "site/written.h"

/* ---- fixture: a fresh folder under /tmp ---- */

typedef struct fx {
	char root[64];
	char cwd[4096];
	td_diags diags;
} fx;

static void rm_rf(const char *path)
{
	struct stat st;
	assert_true(strncmp(path, "/tmp/td-site-", 13) == 0);
	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			td_buf b = TD_BUF_INIT;
			td_buf_printf(&b, "%s/%s", path, e->d_name);
			rm_rf(td_buf_cstr(&b));
			td_buf_free(&b);
		}
		closedir(d);
	}
	rmdir(path);
}

static int setup(void **state)
{
	fx *f = td_xcalloc(1, sizeof *f);
	strcpy(f->root, "/tmp/td-site-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	if (!getcwd(f->cwd, sizeof f->cwd))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	if (chdir(f->cwd) < 0)
		return -1;
	rm_rf(f->root);
	td_diags_free(&f->diags);
	free(f);
	return 0;
}

/* f->root + "/" + rel, in a static ring of buffers (enough for one test line). */
static const char *P(fx *f, const char *rel)
{
	static char ring[8][4096];
	static int k;
	char *b = ring[k++ % 8];
	snprintf(b, 4096, "%s/%s", f->root, rel);
	return b;
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(text, 1, strlen(text), fp);
	assert_int_equal(fclose(fp), 0);
}

/* The file's text (caller frees), or NULL when it cannot be read. */
static char *get(const char *path)
{
	char *t = NULL;
	size_t n;
	if (td_file_read(path, &t, &n) < 0)
		return NULL;
	return t;
}

static void assert_file(const char *path, const char *want)
{
	char *t = get(path);
	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void mkdirs(fx *f, const char *rel)
{
	assert_int_equal(mkdir(P(f, rel), 0777), 0);
}

static bool has_diag(const td_diags *d, td_severity sev, const char *file_part, const char *msg_part)
{
	for (size_t i = 0; i < d->len; i++) {
		const td_diag *g = &d->items[i];
		if (g->severity != sev)
			continue;
		if (file_part && (!g->file || !strstr(g->file, file_part)))
			continue;
		if (msg_part && !strstr(g->message, msg_part))
			continue;
		return true;
	}
	return false;
}

static void set_old_mtime(const char *path)
{
	struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static time_t mtime_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mtim.tv_sec;
}

static size_t count_entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void add(td_outset *s, const char *path, const char *text)
{
	td_outset_add(s, path, text, strlen(text));
}

/* ---- the set ---- */

static void test_outset_basics(void **state)
{
	(void)state;
	td_outset s = TD_OUTSET_INIT;
	char data[] = "hello";
	td_outset_add(&s, "a.md", data, 5);
	data[0] = 'J';
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, "<svg/>");
	char *mem = b.ptr;
	td_outset_add_buf(&s, "charts/c.svg", &b);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(s.len, 2);
	const td_outfile *a = td_outset_find(&s, "a.md");
	assert_non_null(a);
	assert_int_equal(a->len, 5);
	assert_memory_equal(a->data, "hello", 5);
	const td_outfile *c = td_outset_find(&s, "charts/c.svg");
	assert_non_null(c);
	assert_ptr_equal(c->data, mem);
	assert_int_equal(c->len, 6);
	assert_null(td_outset_find(&s, "missing.md"));
	td_outset_free(&s);
	assert_int_equal(s.len, 0);
	td_outset_free(&s);
}

/* The spool: bytes put come back NUL-terminated at their offsets, also
 * after more puts (a second view of the file); the file has no name in its
 * folder; a set spilled into it and loaded again writes the same files. */
static void test_spool_and_spilled_outset(void **state)
{
	fx *f = *state;
	td_spool *sp = td_spool_open(P(f, "cache/taskdoc"));
	assert_non_null(sp);
	size_t o1, o2, o3;
	assert_true(td_spool_put(sp, "first", 5, &o1));
	assert_true(td_spool_put(sp, NULL, 0, &o2));
	const char *a = td_spool_at(sp, o1, 5);
	assert_string_equal(a, "first");
	assert_string_equal(td_spool_at(sp, o2, 0), "");
	assert_null(td_spool_at(sp, o2, 1)); /* past what was put */
	assert_null(td_spool_at(sp, 1000, 0));
	char big[10000];
	memset(big, 'x', sizeof big);
	assert_true(td_spool_put(sp, big, sizeof big, &o3));
	const char *c = td_spool_at(sp, o3, sizeof big);
	assert_non_null(c);
	assert_memory_equal(c, big, sizeof big);
	assert_int_equal(c[sizeof big], '\0');
	assert_string_equal(a, "first"); /* the first view stays valid */
	DIR *d = opendir(P(f, "cache/taskdoc"));
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		assert_true(!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."));
	closedir(d);

	td_outset s = TD_OUTSET_INIT, plain = TD_OUTSET_INIT;
	add(&s, "index.md", "# Index\n");
	add(&s, "empty.md", "");
	add(&plain, "index.md", "# Index\n");
	add(&plain, "empty.md", "");
	add(&plain, "late.md", "late\n");
	td_outset_spill(&s, sp);
	assert_null(s.items[0].data);
	assert_ptr_equal(s.items[1].spool, sp);
	size_t o4;
	assert_true(td_spool_put(sp, "late\n", 5, &o4));
	td_outset_add_spooled(&s, "late.md", sp, o4, 5);
	assert_int_equal(td_outset_load(&s), 0);
	assert_string_equal(td_outset_find(&s, "index.md")->data, "# Index\n");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 3);
	assert_int_equal(td_site_write(P(f, "out"), &plain, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 0);
	assert_int_equal(st.unchanged, 3);
	td_outset_free(&s);
	/* a set with a spool sends each file there as it is added */
	td_outset live = TD_OUTSET_INIT;
	live.spool = sp;
	add(&live, "index.md", "# Index\n");
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, "late\n");
	td_outset_add_buf(&live, "late.md", &b);
	add(&live, "empty.md", "");
	assert_null(live.items[0].data);
	assert_null(live.items[1].data);
	live.spool = NULL;
	add(&live, "kept.md", "kept"); /* no spool: kept in memory */
	assert_non_null(live.items[3].data);
	assert_int_equal(td_outset_load(&live), 0);
	assert_string_equal(td_outset_find(&live, "late.md")->data, "late\n");
	assert_string_equal(td_outset_find(&live, "empty.md")->data, "");
	td_outset_free(&live);
	td_outset_free(&plain);
	td_spool_free(sp);
	td_spool_free(NULL);
	/* no folder can be made there: no spool, and the caller keeps its bytes */
	put(P(f, "file"), "x");
	assert_null(td_spool_open(P(f, "file/sub")));
	assert_null(td_spool_open(""));
}

/* ---- writing ---- */

static void test_write_new_files(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "index.md", "# Index\n");
	add(&s, "a/b/c.md", "deep\n");
	add(&s, "charts/x.svg", "<svg/>");
	add(&s, "empty.md", "");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out/site"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(f->diags.len, 0);
	assert_int_equal(st.written, 4);
	assert_int_equal(st.unchanged, 0);
	assert_int_equal(st.removed, 0);
	assert_file(P(f, "out/site/index.md"), "# Index\n");
	assert_file(P(f, "out/site/a/b/c.md"), "deep\n");
	assert_file(P(f, "out/site/charts/x.svg"), "<svg/>");
	assert_file(P(f, "out/site/empty.md"), "");
	td_outset_free(&s);
}

static void test_manifest_content(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "z.md", "z");
	add(&s, "index.md", "i");
	add(&s, "a/b/c.md", "c");
	add(&s, "a-b.md", "ab");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	/* byte order: '-' (0x2d) sorts before '/' (0x2f) */
	assert_file(P(f, "out/.taskdoc-manifest"), "a-b.md\na/b/c.md\nindex.md\nz.md\n");
	td_outset_free(&s);
}

static void test_unchanged_keeps_mtime(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "index.md", "# Index\n");
	add(&s, "sub/page.md", "page\n");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	set_old_mtime(P(f, "out/index.md"));
	set_old_mtime(P(f, "out/sub/page.md"));
	set_old_mtime(P(f, "out/.taskdoc-manifest"));
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 0);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(st.removed, 0);
	assert_int_equal(mtime_of(P(f, "out/index.md")), 1000000000);
	assert_int_equal(mtime_of(P(f, "out/sub/page.md")), 1000000000);
	assert_int_equal(mtime_of(P(f, "out/.taskdoc-manifest")), 1000000000);
	td_outset_free(&s);
}

static void test_changed_file_replaced(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "index.md", "old\n");
	add(&s, "same.md", "same\n");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	struct stat before, after;
	assert_int_equal(stat(P(f, "out/index.md"), &before), 0);
	set_old_mtime(P(f, "out/same.md"));
	td_outset_free(&s);
	add(&s, "index.md", "new and longer\n");
	add(&s, "same.md", "same\n");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 1);
	assert_int_equal(st.unchanged, 1);
	assert_file(P(f, "out/index.md"), "new and longer\n");
	assert_int_equal(stat(P(f, "out/index.md"), &after), 0);
	assert_true(before.st_ino != after.st_ino); /* renamed over, not rewritten in place */
	assert_int_equal(mtime_of(P(f, "out/same.md")), 1000000000);
	td_outset_free(&s);
}

/* td_replace_at: over a file, the two change places and the old bytes are
 * gone (no file is left under the temporary name); onto nothing, a rename;
 * over a folder, refused, the folder untouched; a hard link to the old
 * file keeps the old bytes, as after a rename. */
static void test_replace_at(void **state)
{
	fx *f = *state;
	put(P(f, "a"), "old\n");
	assert_int_equal(link(P(f, "a"), P(f, "a-link")), 0);
	put(P(f, "t1"), "new\n");
	assert_int_equal(td_replace_at(AT_FDCWD, P(f, "t1"), P(f, "a")), 0);
	assert_file(P(f, "a"), "new\n");
	assert_file(P(f, "a-link"), "old\n");
	assert_int_equal(access(P(f, "t1"), F_OK), -1);
	put(P(f, "t2"), "fresh\n");
	assert_int_equal(td_replace_at(AT_FDCWD, P(f, "t2"), P(f, "b")), 0);
	assert_file(P(f, "b"), "fresh\n");
	assert_int_equal(access(P(f, "t2"), F_OK), -1);
	assert_int_equal(mkdir(P(f, "d"), 0777), 0);
	put(P(f, "d/inside"), "x\n");
	put(P(f, "t3"), "file\n");
	assert_int_equal(td_replace_at(AT_FDCWD, P(f, "t3"), P(f, "d")), -1);
	assert_file(P(f, "d/inside"), "x\n");
	assert_file(P(f, "t3"), "file\n");
	/* in a folder given by descriptor */
	int dfd = open(f->root, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	put(P(f, "t4"), "by fd\n");
	assert_int_equal(td_replace_at(dfd, "t4", "a"), 0);
	close(dfd);
	assert_file(P(f, "a"), "by fd\n");
	assert_int_equal(access(P(f, "t4"), F_OK), -1);
}

static void test_same_size_changed(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "aaaa");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	td_outset_free(&s);
	add(&s, "a.md", "bbbb");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 1);
	assert_file(P(f, "out/a.md"), "bbbb");
	td_outset_free(&s);
}

/* ---- files known unchanged from the last build's records (written.c) ---- */

static struct stat fake_stat(long ino, long size, long mtime, long ctime)
{
	struct stat st;
	memset(&st, 0, sizeof st);
	st.st_dev = 7;
	st.st_ino = (ino_t)ino;
	st.st_size = size;
	st.st_mtim.tv_sec = mtime;
	st.st_mtim.tv_nsec = 5;
	st.st_ctim.tv_sec = ctime;
	st.st_ctim.tv_nsec = 9;
	return st;
}

static void test_written_records(void **state)
{
	fx *f = *state;
	td_filecache *fc = td_filecache_open(P(f, "cache"), false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	td_written *w = td_written_load(&kv, "out"); /* none yet */
	struct stat a = fake_stat(1, 10, 100, 100), b = fake_stat(2, 20, 200, 200),
	            c = fake_stat(3, 30, 300, 300);
	assert_false(td_written_same(w, "a.md", "KA", &a));
	/* settled: changed two seconds or more before the stat */
	td_written_note(w, "a.md", "KA", &a, &(struct timespec){102, 0});
	td_written_note(w, "b.md", "KB", &b, &(struct timespec){201, 999999999}); /* too fresh */
	td_written_note(w, "c.md", "KC", &c, NULL);                               /* a record found again */
	td_written_note(w, "d.md", NULL, &c, NULL);                               /* no key: nothing */
	struct stat zero = fake_stat(4, 1, 0, 0);
	td_written_note(w, "e.md", "KE", &zero, NULL); /* no change time kept: nothing */
	td_written_store(w, &kv, "out");
	td_written_free(w);
	w = td_written_load(&kv, "out");
	assert_true(td_written_same(w, "a.md", "KA", &a));
	assert_true(td_written_same(w, "c.md", "KC", &c));
	assert_false(td_written_same(w, "b.md", "KB", &b));
	assert_false(td_written_same(w, "d.md", NULL, &c));
	assert_false(td_written_same(w, "e.md", "KE", &zero));
	/* anything else differs: other bytes, another file, a change */
	assert_false(td_written_same(w, "a.md", "KB", &a));
	assert_false(td_written_same(w, "a.md", NULL, &a));
	assert_false(td_written_same(w, "c.md", "KA", &a));
	struct stat t = a;
	t.st_ino = 9;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	t = a;
	t.st_dev = 8;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	t = a;
	t.st_size = 11;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	t = a;
	t.st_mtim.tv_nsec = 6;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	t = a;
	t.st_ctim.tv_sec = 101;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	t = a;
	t.st_ctim.tv_nsec = 10;
	assert_false(td_written_same(w, "a.md", "KA", &t));
	td_written_free(w);
	/* another folder has records of its own */
	w = td_written_load(&kv, "site");
	assert_false(td_written_same(w, "a.md", "KA", &a));
	td_written_free(w);
	td_filecache_free(fc);
	/* a damaged entry is as none */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "for e in %s/cache/written/*; do printf x >> \"$e\"; done", f->root);
	assert_int_equal(system(cmd), 0);
	fc = td_filecache_open(P(f, "cache"), false);
	td_filecache_kv(fc, &kv);
	w = td_written_load(&kv, "out");
	assert_false(td_written_same(w, "a.md", "KA", &a));
	td_written_free(w);
	td_filecache_free(fc);
}

/* A file of the set, with a key naming its bytes (td_outfile). */
static void add_keyed(td_outset *s, const char *path, const char *text, const char *key)
{
	add(s, path, text);
	td_outset_key_last(s, key);
}

static void ignore_change(void *ud, td_site_change what, const char *path)
{
	(void)ud, (void)what, (void)path;
}

/* A cache of one entry, for records written by hand. */
typedef struct onekv {
	const char *val;
} onekv;

static bool one_get(void *ud, const char *ns, const td_buf *key, td_buf *val)
{
	(void)ns, (void)key;
	td_buf_puts(val, ((onekv *)ud)->val);
	return true;
}

/* Whether records of triples (path, key, numbers; NULL ends them) say
 * a.md (with the stat fake_stat(1, 10, 100, 100) gives) holds the bytes
 * of KA. */
static bool records_say(const char *const *t)
{
	td_buf v = TD_BUF_INIT;
	for (; *t; t++)
		td_part_put(&v, *t, strlen(*t));
	onekv one = {td_buf_cstr(&v)};
	td_kv kv = {.get = one_get, .ud = &one};
	td_written *w = td_written_load(&kv, "out");
	struct stat a = fake_stat(1, 10, 100, 100);
	bool same = td_written_same(w, "a.md", "KA", &a);
	td_written_free(w);
	td_buf_free(&v);
	return same;
}

#define RECORDS(...) records_say((const char *const[]){__VA_ARGS__, NULL})

static void test_written_damaged(void **state)
{
	(void)state;
	assert_true(RECORDS("a.md", "KA", "7 1 10 100 5 100 9"));
	assert_true(RECORDS("b.md", "KB", "7 2 10 100 5 100 9", "a.md", "KA", "7 1 10 100 5 100 9"));
	assert_false(
	    RECORDS("a.md", "KA", "7 1 10 100 5 100 9", "a.md", "KB", "7 2 10 100 5 100 9")); /* twice */
	assert_false(RECORDS("a.md", "KA", "7 1 10 100 5 100 9 "));
	assert_false(RECORDS("a.md", "KA", "7 1 10 100 5 100 +9"));
	assert_false(RECORDS("a.md", "KA", "7  1 10 100 5 100 9"));
	assert_false(RECORDS("a.md", "KA", "7 1 10 100 5 100"));
	assert_false(RECORDS("a.md", "KA", "7 1 10 100 5 100 99999999999999999999"));
	assert_false(RECORDS("a.md", "KA", "-7 1 10 100 5 100 9")); /* unsigned */
	assert_false(RECORDS("a.md", "KA", "7 1 10 100 5 100 9x"));
	assert_false(RECORDS("a.md", "KA")); /* cut */
	assert_false(
	    RECORDS("b.md", "KB", "7 2 10 100 5 100 9", "a.md", "KA", "7 1 10")); /* all or nothing */
}

/* A keyed file as the last build left it is not read: the test gives new
 * bytes under the old key (which the key says cannot happen) to see it. */
static void test_write_known_unchanged(void **state)
{
	fx *f = *state;
	td_filecache *fc = td_filecache_open(P(f, "cache"), false);
	td_kv kv;
	td_filecache_kv(fc, &kv);
	td_outset s = TD_OUTSET_INIT;
	add_keyed(&s, "a.md", "aaaa", "K1");
	add_keyed(&s, "d/b.md", "bbbb", "K2");
	add(&s, "c.md", "cccc"); /* no key: always compared */
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, &kv, &st, &f->diags), 0);
	assert_int_equal(st.written, 3);
	td_outset_free(&s);
	/* just written: not settled, so compared (and found changed) */
	add_keyed(&s, "a.md", "AAAA", "K1");
	add_keyed(&s, "d/b.md", "bbbb", "K2");
	add(&s, "c.md", "cccc");
	assert_int_equal(td_site_write(P(f, "out"), &s, &kv, &st, &f->diags), 0);
	assert_int_equal(st.written, 1);
	assert_file(P(f, "out/a.md"), "AAAA");
	/* settled: compared once more (the same), and recorded */
	sleep(TD_WRITTEN_SETTLED + 1);
	assert_int_equal(td_site_write(P(f, "out"), &s, &kv, &st, &f->diags), 0);
	assert_int_equal(st.unchanged, 3);
	td_outset_free(&s);
	/* from the records: other bytes under the same keys are not looked at */
	add_keyed(&s, "a.md", "xxxx", "K1");
	add_keyed(&s, "d/b.md", "yyyy", "K2");
	add(&s, "c.md", "zzzz");
	assert_int_equal(td_site_write(P(f, "out"), &s, &kv, &st, &f->diags), 0);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(st.written, 1);
	assert_file(P(f, "out/a.md"), "AAAA");
	assert_file(P(f, "out/d/b.md"), "bbbb");
	assert_file(P(f, "out/c.md"), "zzzz");
	/* --check trusts the same records */
	assert_int_equal(td_site_check(P(f, "out"), &s, &kv, ignore_change, NULL, &f->diags), 0);
	td_outset_free(&s);
	/* a file changed by hand, same size: the records no longer hold */
	put(P(f, "out/a.md"), "hand");
	add_keyed(&s, "a.md", "AAAA", "K1");
	add(&s, "d/b.md", "bbbb");
	td_outset_key_last(&s, "K3"); /* another key: compared, the same */
	add(&s, "c.md", "zzzz");
	assert_int_equal(td_site_check(P(f, "out"), &s, &kv, ignore_change, NULL, &f->diags), 1);
	assert_int_equal(td_site_write(P(f, "out"), &s, &kv, &st, &f->diags), 0);
	assert_int_equal(st.written, 1);
	assert_int_equal(st.unchanged, 2);
	assert_file(P(f, "out/a.md"), "AAAA");
	/* without the cache, every file is read */
	td_outset_free(&s);
	add(&s, "a.md", "AAAA");
	add_keyed(&s, "d/b.md", "yyyy", "K3");
	add(&s, "c.md", "zzzz");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written, 1);
	assert_file(P(f, "out/d/b.md"), "yyyy");
	td_outset_free(&s);
	td_filecache_free(fc);
}

static void test_mode_kept(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "one\n");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	assert_int_equal(chmod(P(f, "out/a.md"), 0640), 0);
	td_outset_free(&s);
	add(&s, "a.md", "two\n");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	struct stat st;
	assert_int_equal(stat(P(f, "out/a.md"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	td_outset_free(&s);
}

static void test_stale_removed_user_file_kept(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "a");
	add(&s, "b.md", "b");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	put(P(f, "out/user.md"), "mine");
	td_outset_free(&s);
	add(&s, "a.md", "a");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.removed, 1);
	assert_int_equal(st.unchanged, 1);
	assert_false(exists(P(f, "out/b.md")));
	assert_file(P(f, "out/user.md"), "mine");
	assert_file(P(f, "out/.taskdoc-manifest"), "a.md\n");
	td_outset_free(&s);
}

static void test_empty_folders_removed(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "x/y/z.md", "z");
	add(&s, "keep/k.md", "k");
	add(&s, "keep/g/h.md", "h");
	add(&s, "d/a.md", "a");
	add(&s, "d/b.md", "b");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	put(P(f, "out/keep/mine.txt"), "user");
	td_outset_free(&s);
	add(&s, "top.md", "t");
	add(&s, "d/b.md", "b");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(f->diags.len, 0);
	assert_int_equal(st.removed, 4);
	assert_false(exists(P(f, "out/x")));
	assert_false(exists(P(f, "out/keep/g")));
	assert_false(exists(P(f, "out/keep/k.md")));
	assert_file(P(f, "out/keep/mine.txt"), "user");
	assert_file(P(f, "out/d/b.md"), "b");
	assert_false(exists(P(f, "out/d/a.md")));
	assert_int_equal(count_entries(P(f, "out")), 4); /* .taskdoc-manifest d keep top.md */
	td_outset_free(&s);
}

static void test_file_and_folder_swap(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a", "file a");
	add(&s, "b/c.md", "c");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	td_outset_free(&s);
	add(&s, "a/x.md", "x");
	add(&s, "b", "file b");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	assert_int_equal(f->diags.len, 0);
	assert_file(P(f, "out/a/x.md"), "x");
	assert_file(P(f, "out/b"), "file b");
	assert_file(P(f, "out/.taskdoc-manifest"), "a/x.md\nb\n");
	td_outset_free(&s);
}

static void test_no_temp_files_left(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "1");
	add(&s, "b.md", "2");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	td_outset_free(&s);
	add(&s, "a.md", "changed");
	add(&s, "b.md", "changed too");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	assert_int_equal(count_entries(P(f, "out")), 3);
	td_outset_free(&s);
}

static void test_empty_set(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "new"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.written + st.unchanged + st.removed, 0);
	assert_file(P(f, "new/.taskdoc-manifest"), "");
}

static void test_refuse_dotdot(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "ok.md", "fine");
	add(&s, "../evil.md", "bad");
	add(&s, "a/../../evil2.md", "bad");
	td_site_stats st = {9, 9, 9};
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "../evil.md", "'..'"));
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "a/../../evil2.md", "'..'"));
	assert_int_equal(st.written, 0);
	assert_false(exists(P(f, "out"))); /* nothing written, not even the folder */
	assert_false(exists(P(f, "evil.md")));
	td_outset_free(&s);
}

static void test_refuse_absolute(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, P(f, "abs.md"), "bad");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "abs.md", "absolute"));
	assert_false(exists(P(f, "abs.md")));
	assert_false(exists(P(f, "out")));
	td_outset_free(&s);
}

static void test_refuse_bad_components(void **state)
{
	fx *f = *state;
	static const char *const bad[] = {"a//b.md", "a/", "./a.md", "a/./b.md", "", "a\\b.md",
	                                  "x/.taskdoc-manifest/..", ".taskdoc-manifest", "a\nb.md"};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_outset s = TD_OUTSET_INIT;
		add(&s, bad[i], "bad");
		td_diags d = {0};
		assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &d), -1);
		assert_true(d.errors > 0);
		assert_non_null(strstr(d.items[0].message, "refusing output path"));
		td_diags_free(&d);
		td_outset_free(&s);
	}
	assert_false(exists(P(f, "out")));
}

static void test_refuse_duplicates_and_conflicts(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "1");
	add(&s, "a.md", "2");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "a.md", "twice"));
	td_outset_free(&s);
	add(&s, "x", "file");
	add(&s, "x-y.md", "other");
	add(&s, "x/y.md", "inside");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "x", "both a file and a folder"));
	assert_false(exists(P(f, "out")));
	td_outset_free(&s);
}

static void test_refuse_dir(void **state)
{
	fx *f = *state;
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "x");
	/* run from inside the temporary folder, so a mistake could only write there */
	assert_int_equal(chdir(f->root), 0);
	static const char *const bad[] = {".", "", "/", "./", "//", "./."};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_diags d = {0};
		assert_int_equal(td_site_write(bad[i], &s, NULL, NULL, &d), -1);
		assert_int_equal(d.errors, 1);
		assert_non_null(strstr(d.items[0].message, "refusing to write into"));
		td_diags_free(&d);
	}
	td_diags d = {0};
	assert_int_equal(td_site_write(f->root, &s, NULL, NULL, &d), -1); /* the current folder by name */
	td_diags_free(&d);
	assert_int_equal(td_site_write(NULL, &s, NULL, NULL, &f->diags), -1);
	assert_int_equal(count_entries(f->root), 0);
	td_outset_free(&s);
}

static void test_symlink_folder_refused(void **state)
{
	fx *f = *state;
	mkdirs(f, "target");
	mkdirs(f, "out");
	assert_int_equal(symlink(P(f, "target"), P(f, "out/sub")), 0);
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "a");
	add(&s, "sub/x.md", "through the link");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/sub", "symbolic link"));
	assert_int_equal(count_entries(P(f, "target")), 0); /* nothing written through the link */
	assert_false(exists(P(f, "out/a.md")));             /* checked before anything is written */
	assert_false(exists(P(f, "out/.taskdoc-manifest")));
	td_outset_free(&s);
}

static void test_symlink_file_refused(void **state)
{
	fx *f = *state;
	put(P(f, "secret.txt"), "secret");
	mkdirs(f, "out");
	assert_int_equal(symlink(P(f, "secret.txt"), P(f, "out/a.md")), 0);
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "overwrite?");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/a.md", "symbolic link"));
	assert_file(P(f, "secret.txt"), "secret");
	struct stat st;
	assert_int_equal(lstat(P(f, "out/a.md"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	td_outset_free(&s);
}

static void test_symlink_manifest_refused(void **state)
{
	fx *f = *state;
	put(P(f, "list"), "../victim\n");
	put(P(f, "victim"), "keep");
	mkdirs(f, "out");
	assert_int_equal(symlink(P(f, "list"), P(f, "out/.taskdoc-manifest")), 0);
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "a");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, ".taskdoc-manifest", "symbolic link"));
	assert_file(P(f, "list"), "../victim\n");
	assert_file(P(f, "victim"), "keep");
	td_outset_free(&s);
}

static void test_stale_symlink_left_alone(void **state)
{
	fx *f = *state;
	put(P(f, "target.md"), "user's");
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "a");
	add(&s, "b.md", "b");
	add(&s, "d/c.md", "c");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	/* the user replaced two generated things with links */
	assert_int_equal(unlink(P(f, "out/b.md")), 0);
	assert_int_equal(symlink(P(f, "target.md"), P(f, "out/b.md")), 0);
	assert_int_equal(rename(P(f, "out/d"), P(f, "d-moved")), 0);
	assert_int_equal(symlink(P(f, "d-moved"), P(f, "out/d")), 0);
	td_outset_free(&s);
	add(&s, "a.md", "a");
	td_site_stats st;
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, &st, &f->diags), 0);
	assert_int_equal(st.removed, 0);
	assert_true(has_diag(&f->diags, TD_SEV_WARNING, "out/b.md", "left alone"));
	assert_true(has_diag(&f->diags, TD_SEV_WARNING, "out/d/c.md", "symbolic link"));
	assert_file(P(f, "target.md"), "user's");
	assert_file(P(f, "d-moved/c.md"), "c");
	assert_file(P(f, "out/.taskdoc-manifest"), "a.md\n");
	td_outset_free(&s);
}

static void test_user_file_in_the_way(void **state)
{
	fx *f = *state;
	mkdirs(f, "out");
	put(P(f, "out/x"), "user file");
	mkdirs(f, "out/y.md");
	td_outset s = TD_OUTSET_INIT;
	add(&s, "x/y.md", "needs x as a folder");
	add(&s, "y.md", "a folder is there");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/x", "not a folder"));
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/y.md", "folder is in the way"));
	assert_file(P(f, "out/x"), "user file");
	assert_false(exists(P(f, "out/.taskdoc-manifest")));
	td_outset_free(&s);
}

/* A file taskdoc did not write (not in the manifest) is never replaced
 * (issue 15: a hand-written docs/index.md was): the build is refused with
 * an error naming it, and nothing is written. A file that already holds
 * the new bytes, or an HTML page with taskdoc's generator marker (a site
 * whose manifest was lost), is taken over. */
static void test_foreign_file_refused(void **state)
{
	fx *f = *state;
	mkdirs(f, "out");
	put(P(f, "out/index.md"), "# My own home page\n");
	put(P(f, "out/same.md"), "same\n");
	put(P(f, "out/page.html"), "<html><meta name=\"generator\" content=\"taskdoc\"> old</html>");
	td_outset s = TD_OUTSET_INIT;
	add(&s, "index.md", "# Generated\n");
	add(&s, "same.md", "same\n");
	add(&s, "page.html", "new");
	add(&s, "new.md", "new");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/index.md", "did not write is in the way"));
	assert_int_equal(f->diags.errors, 1);
	assert_file(P(f, "out/index.md"), "# My own home page\n");
	assert_false(exists(P(f, "out/new.md")));
	assert_false(exists(P(f, "out/.taskdoc-manifest")));
	/* the same with a manifest that does not list it */
	td_diags_free(&f->diags);
	memset(&f->diags, 0, sizeof f->diags);
	put(P(f, "out/.taskdoc-manifest"), "other.md\n");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/index.md", "did not write is in the way"));
	assert_file(P(f, "out/index.md"), "# My own home page\n");
	/* moved away: the build goes through and takes the others over */
	td_diags_free(&f->diags);
	memset(&f->diags, 0, sizeof f->diags);
	assert_int_equal(unlink(P(f, "out/index.md")), 0);
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), 0);
	assert_file(P(f, "out/page.html"), "new");
	assert_file(P(f, "out/.taskdoc-manifest"), "index.md\nnew.md\npage.html\nsame.md\n");
	td_outset_free(&s);
}

static void test_io_error_message(void **state)
{
	fx *f = *state;
	/* a manifest that is a folder cannot be read: the message names it and says why */
	mkdirs(f, "out");
	mkdirs(f, "out/.taskdoc-manifest");
	td_outset s = TD_OUTSET_INIT;
	add(&s, "a.md", "a");
	assert_int_equal(td_site_write(P(f, "out"), &s, NULL, NULL, &f->diags), -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "out/.taskdoc-manifest", "not a regular file"));
	td_buf m = TD_BUF_INIT;
	td_diag_format(&m, &f->diags.items[0]);
	assert_non_null(strstr(td_buf_cstr(&m), "out/.taskdoc-manifest: error: "));
	td_buf_free(&m);
	td_outset_free(&s);
}

/* ---- nav rewrite ---- */

static td_nav ws_children[] = {
	{"Alpha", "workstreams/alpha.md", NULL, 0},
	{"Beta: risky", "workstreams/beta.md", NULL, 0},
};
static td_nav pages[] = {
	{"Overview", "index.md", NULL, 0},
	{"Workstreams", NULL, ws_children, 2},
	{"Risks", "risks.md", NULL, 0},
};

/* Rewrites in with the pages above under "Planning" and prefix "planning";
 * checks the result (and that a second rewrite gives the same bytes). */
static void check_rewrite(const char *in, const char *want)
{
	td_buf out = TD_BUF_INIT, again = TD_BUF_INIT;
	td_diags d = {0};
	int r = td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "planning", "Planning", pages,
	                              TD_ARRAY_LEN(pages), &d);
	if (r != 0 && d.len) {
		td_buf m = TD_BUF_INIT;
		td_diag_format(&m, &d.items[0]);
		print_error("%s\n", td_buf_cstr(&m));
		td_buf_free(&m);
	}
	assert_int_equal(r, 0);
	assert_string_equal(td_buf_cstr(&out), want);
	r = td_mkdocs_nav_rewrite(&again, "mkdocs.yml", out.ptr, out.len, "planning", "Planning", pages,
	                          TD_ARRAY_LEN(pages), &d);
	assert_int_equal(r, 0);
	assert_string_equal(td_buf_cstr(&again), want);
	assert_int_equal(d.len, 0);
	td_buf_free(&out);
	td_buf_free(&again);
	td_diags_free(&d);
}

#define PLANNING_2                                                                                         \
	"  - Planning:\n"                                                                                  \
	"    - Overview: planning/index.md\n"                                                              \
	"    - Workstreams:\n"                                                                             \
	"      - Alpha: planning/workstreams/alpha.md\n"                                                   \
	"      - \"Beta: risky\": planning/workstreams/beta.md\n"                                          \
	"    - Risks: planning/risks.md\n"

static void test_nav_append(void **state)
{
	(void)state;
	check_rewrite("site_name: Demo\n"
	              "nav:\n"
	              "  - Home: index.md\n"
	              "  - About: about.md\n"
	              "theme:\n"
	              "  name: material\n",
	              "site_name: Demo\n"
	              "nav:\n"
	              "  - Home: index.md\n"
	              "  - About: about.md\n" PLANNING_2 "theme:\n"
	              "  name: material\n");
}

static void test_nav_replace(void **state)
{
	(void)state;
	check_rewrite("site_name: Demo   # comment\n"
	              "nav:\n"
	              "  - Home: index.md\n"
	              "  # the generated pages\n"
	              "  - Planning:\n"
	              "    - Old: planning/old.md   # stale\n"
	              "    - Gone:\n"
	              "      - x: planning/x.md\n"
	              "\n"
	              "  - About: about.md   # keep me\n"
	              "theme:\n"
	              "  name: material\n",
	              "site_name: Demo   # comment\n"
	              "nav:\n"
	              "  - Home: index.md\n"
	              "  # the generated pages\n" PLANNING_2 "\n"
	              "  - About: about.md   # keep me\n"
	              "theme:\n"
	              "  name: material\n");
}

static void test_nav_replace_quoted_key_and_flow_value(void **state)
{
	(void)state;
	check_rewrite("nav:\n"
	              "  - 'Planning': [planning/a.md,\n"
	              "       planning/b.md]  # old\n"
	              "  - Home: index.md\n",
	              "nav:\n" PLANNING_2 "  - Home: index.md\n");
}

static void test_nav_nested_sections(void **state)
{
	(void)state;
	td_nav weeks[] = {{"2024-W01", "reports/weekly/2024-W01.md", NULL, 0},
	                  {"2024-W02", "reports/weekly/2024-W02.md", NULL, 0}};
	td_nav reports[] = {{"Weekly", NULL, weeks, 2}, {"Empty", NULL, NULL, 0}};
	td_nav top[] = {{NULL, "index.md", NULL, 0}, {"Reports", NULL, reports, 2}};
	const char *in = "nav:\n"
	                 "    - Home: index.md\n";
	const char *want = "nav:\n"
	                   "    - Home: index.md\n"
	                   "    - Planning:\n"
	                   "        - planning/index.md\n"
	                   "        - Reports:\n"
	                   "            - Weekly:\n"
	                   "                - \"2024-W01\": planning/reports/weekly/2024-W01.md\n"
	                   "                - \"2024-W02\": planning/reports/weekly/2024-W02.md\n"
	                   "            - Empty: []\n";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", in, strlen(in), "planning", "Planning", top, 2, &d),
	                 0);
	assert_string_equal(td_buf_cstr(&out), want);
	td_buf_free(&out);
	td_diags_free(&d);
}

static void test_nav_indentless(void **state)
{
	(void)state;
	check_rewrite("nav:\n"
	              "- Home: index.md\n"
	              "-   About: about.md\n"
	              "plugins: [search]\n",
	              "nav:\n"
	              "- Home: index.md\n"
	              "-   About: about.md\n"
	              "- Planning:\n"
	              "  - Overview: planning/index.md\n"
	              "  - Workstreams:\n"
	              "    - Alpha: planning/workstreams/alpha.md\n"
	              "    - \"Beta: risky\": planning/workstreams/beta.md\n"
	              "  - Risks: planning/risks.md\n"
	              "plugins: [search]\n");
}

static void test_nav_none(void **state)
{
	(void)state;
	static const char *const texts[] = {"site_name: Demo\ntheme: material\n", "site_name: Demo\nnav:\n",
	                                    "nav: ~\n", "", "# only a comment\n"};
	for (size_t i = 0; i < TD_ARRAY_LEN(texts); i++) {
		td_buf out = TD_BUF_INIT;
		td_diags d = {0};
		assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", texts[i], strlen(texts[i]), "planning",
		                                       "Planning", pages, 3, &d),
		                 TD_MKDOCS_NONAV);
		assert_string_equal(td_buf_cstr(&out), texts[i]);
		assert_int_equal(d.len, 0);
		td_buf_free(&out);
	}
}

static void test_nav_flow_refused(void **state)
{
	(void)state;
	const char *in = "site_name: x\nnav: [index.md, about.md]\n";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "p", "Planning", pages, 3, &d),
	                 -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, "mkdocs.yml");
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].col, 6);
	assert_non_null(strstr(d.items[0].message, "flow style"));
	td_buf_free(&out);
	td_diags_free(&d);
}

/* issue 15: the edit is checked by parsing it again; one the line edit
 * gets wrong is refused, not written. A literal block scalar as the last
 * item of a file without a final newline would gain one in its value. */
static void test_nav_edit_checked(void **state)
{
	(void)state;
	const char *in = "site_name: x\nnav:\n- index.md\n- |\n  odd.md";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "p", "Planning", pages, 3, &d),
	                 -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 1);
	assert_non_null(strstr(d.items[0].message, "cannot add its 'Planning' section to this nav without changing "
	                                           "the file (the rest of the file would read differently)"));
	td_buf_free(&out);
	td_diags_free(&d);

	/* an anchor set inside the replaced section and used elsewhere (found
	 * by fuzz_mkdocs in CI: the edit left an alias to nothing) */
	in = "nav:\n  - Home: index.md\n  - Planning:\n      - old.md: &b {a: 1}\nextra: *b\n";
	td_diags d2 = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "p", "Planning", pages, 3, &d2),
	                 -1);
	assert_int_equal(d2.errors, 1);
	assert_non_null(strstr(d2.items[0].message, "(an alias in the file names an anchor set inside the section it "
	                                            "replaces)"));
	td_buf_free(&out);
	td_diags_free(&d2);
}

/* issue 15 (found by tests/fuzz/fuzz_mkdocs.c): a title that is not
 * well-formed UTF-8 (an overlong form, a lone continuation byte, a byte
 * no UTF-8 has) still gives a mkdocs.yml that is UTF-8, as YAML must be */
static void test_nav_title_not_utf8(void **state)
{
	(void)state;
	const char *in = "site_name: x\nnav:\n  - Home: index.md\n";
	static const char *const titles[] = {"a\xE0\x96\x91z", "a\xA9z", "\xA9", "a\xF8\x88\x80\x80\x80z",
	                                     "a\xED\xA0\x80z", "a\xF4\x90\x80\x80z", "a\xC1\xBFz"};
	for (size_t i = 0; i < TD_ARRAY_LEN(titles); i++) {
		td_nav nav[] = {{titles[i], "a.md", NULL, 0}};
		td_buf out = TD_BUF_INIT;
		td_diags d = {0};
		assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", in, strlen(in), "p", "Planning", nav, 1, &d), 0);
		if (td_utf8_invalid_at(out.ptr, out.len))
			fail_msg("title %zu: the result is not UTF-8:\n%s", i, out.ptr);
		td_buf_free(&out);
		td_diags_free(&d);
	}
}

/* issue 15 (found by tests/fuzz/fuzz_mkdocs.c): an item whose last lines
 * hold only empty values ("-", "key:") ends after them, so the new entry
 * goes after it and a replaced entry leaves nothing behind */
static void test_nav_item_ending_empty(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"nav:\n- -\n   -\n", "nav:\n- -\n   -\n- Planning:\n  - p/a.md\n"},
	    {"nav:\n  - Home: index.md\n  - x:\n      -\n# c\nextra: 1\n",
	     "nav:\n  - Home: index.md\n  - x:\n      -\n  - Planning:\n    - p/a.md\n# c\nextra: 1\n"},
	    {"nav:\n  - Planning:\n    - old.md\n    -\n\n    -\nextra: 1\n",
	     "nav:\n  - Planning:\n    - p/a.md\nextra: 1\n"},
	};
	td_nav nav[] = {{NULL, "a.md", NULL, 0}};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		td_buf out = TD_BUF_INIT;
		td_diags d = {0};
		assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", cases[i].in, strlen(cases[i].in), "p", "Planning",
		                                       nav, 1, &d),
		                 0);
		assert_string_equal(out.ptr, cases[i].want);
		td_buf_free(&out);
		td_diags_free(&d);
	}
}

/* issue 15 (found by tests/fuzz/fuzz_mkdocs.c): YAML breaks lines at NEL,
 * LS and PS too; the line-based edit cannot, so such a file is refused */
static void test_nav_unicode_line_break(void **state)
{
	(void)state;
	const char *in = "site_name: x\nnav:\n-\xE2\x80\xA8g:\n";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", in, strlen(in), "p", "Planning", pages, 3, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 2);
	assert_non_null(strstr(d.items[0].message, "U+2028"));
	td_buf_free(&out);
	td_diags_free(&d);
}

static void test_nav_not_a_list(void **state)
{
	(void)state;
	const char *in = "nav:\n  Home: index.md\n";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "p", "Planning", pages, 3, &d),
	                 -1);
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].col, 3);
	assert_non_null(strstr(d.items[0].message, "must be a list"));
	td_buf_free(&out);
	td_diags_free(&d);
}

static void test_nav_syntax_error(void **state)
{
	(void)state;
	const char *in = "site_name: x\nnav:\n  - Home: index.md\n   bad: [\n";
	td_buf out = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "mkdocs.yml", in, strlen(in), "p", "Planning", pages, 3, &d),
	                 -1);
	assert_int_equal(d.errors, 1);
	assert_true(d.items[0].line >= 3);
	assert_true(d.items[0].col > 0);
	assert_non_null(strstr(d.items[0].message, "cannot parse"));
	td_buf_free(&out);
	td_diags_free(&d);
}

/* Collects every scalar of a YAML text, '\x1f'-separated. */
static void scalars_of(const char *text, td_buf *out)
{
	yaml_parser_t p;
	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	for (;;) {
		yaml_event_t e;
		assert_true(yaml_parser_parse(&p, &e));
		if (e.type == YAML_SCALAR_EVENT) {
			td_buf_put(out, (const char *)e.data.scalar.value, e.data.scalar.length);
			td_buf_putc(out, '\x1f');
			/* implicit plain scalars that YAML 1.1 would read as non-strings must be quoted */
			if (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
				assert_true(strcmp((const char *)e.data.scalar.value, "yes") != 0);
		}
		bool end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
}

static void test_nav_titles_quoted(void **state)
{
	(void)state;
	td_nav list[] = {
	        {"Plan: Q1", "a.md", NULL, 0},        {"C# notes", "b.md", NULL, 0},
	        {"yes", "c.md", NULL, 0},             {"2024", "d.md", NULL, 0},
	        {"- dash", "e.md", NULL, 0},          {"He said \"hi\" \\o/", "f.md", NULL, 0},
	        {"Ünïcödé — fine", "g.md", NULL, 0}, {"trailing ", "h.md", NULL, 0},
	        {"*star", "i.md", NULL, 0},           {"tab\there", "j.md", NULL, 0},
	        {"[x] {y}", "k.md", NULL, 0},         {"", "l.md", NULL, 0},
	        {"Null", "my file#1.md", NULL, 0},    {"bad \xFF byte", "m.md", NULL, 0},
	};
	const char *in = "nav:\n  - Home: index.md\n";
	const char *want = "nav:\n"
	                   "  - Home: index.md\n"
	                   "  - \"Plan: Q1\":\n"
	                   "    - \"Plan: Q1\": docs/a.md\n"
	                   "    - \"C# notes\": docs/b.md\n"
	                   "    - \"yes\": docs/c.md\n"
	                   "    - \"2024\": docs/d.md\n"
	                   "    - \"- dash\": docs/e.md\n"
	                   "    - \"He said &quot;hi&quot; \\\\o/\": docs/f.md\n"
	                   "    - Ünïcödé — fine: docs/g.md\n"
	                   "    - \"trailing \": docs/h.md\n"
	                   "    - \"*star\": docs/i.md\n"
	                   "    - \"tab&#9;here\": docs/j.md\n"
	                   "    - \"[x] {y}\": docs/k.md\n"
	                   "    - \"\": docs/l.md\n"
	                   "    - \"Null\": \"docs/my file#1.md\"\n"
	                   "    - \"bad &#65533; byte\": docs/m.md\n";
	td_buf out = TD_BUF_INIT, sc = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", in, strlen(in), "docs/", "Plan: Q1", list,
	                                       TD_ARRAY_LEN(list), &d),
	                 0);
	assert_string_equal(td_buf_cstr(&out), want);
	/* and it reads back as the same strings */
	scalars_of(td_buf_cstr(&out), &sc);
	for (size_t i = 0; i + 1 < TD_ARRAY_LEN(list); i++) {
		if (strchr(list[i].title, '"') || strchr(list[i].title, '\t'))
			continue; /* HTML-escaped: test_nav_titles_html */
		td_buf one = TD_BUF_INIT;
		td_buf_printf(&one, "\x1f%s\x1f", list[i].title);
		assert_non_null(strstr(td_buf_cstr(&sc), td_buf_cstr(&one)));
		td_buf_free(&one);
	}
	/* the section is found again by its (quoted) title */
	td_buf again = TD_BUF_INIT;
	assert_int_equal(td_mkdocs_nav_rewrite(&again, "m.yml", out.ptr, out.len, "docs/", "Plan: Q1", list,
	                                       TD_ARRAY_LEN(list), &d),
	                 0);
	assert_string_equal(td_buf_cstr(&again), want);
	td_buf_free(&again);
	td_buf_free(&sc);
	td_buf_free(&out);
	td_diags_free(&d);
}

/* MkDocs prints nav titles unescaped (and Material unescapes them once
 * more into <title>): titles are HTML-escaped, `</` broken by a zero-width
 * space, YAML line breaks (LS, PS, NEL) written as references, and long
 * titles cut so that the key stays under YAML's 1024 characters. */
static void test_nav_titles_html(void **state)
{
	(void)state;
	char *longt = td_xmalloc(3001);
	memset(longt, 'x', 3000);
	longt[3000] = '\0';
	td_nav list[] = {
	        {"<img src=x onerror=alert(1)> & 'q'", "a.md", NULL, 0},
	        {"</title><script>x</script>", "b.md", NULL, 0},
	        {"line\xE2\x80\xA8sep\xE2\x80\xA9par\xC2\x85nel\rcr", "c.md", NULL, 0},
	        {longt, "d.md", NULL, 0},
	};
	const char *in = "nav:\n  - Home: index.md\n";
	td_buf out = TD_BUF_INIT, sc = TD_BUF_INIT;
	td_diags d = {0};
	assert_int_equal(td_mkdocs_nav_rewrite(&out, "m.yml", in, strlen(in), "", "A <b>", list,
	                                       TD_ARRAY_LEN(list), &d),
	                 0);
	const char *t = td_buf_cstr(&out);
	assert_non_null(strstr(t, "  - A &lt;b&gt;:\n"));
	assert_non_null(strstr(t, "    - \"&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;\": a.md\n"));
	assert_non_null(strstr(t, "&lt;&#8203;/title&gt;&lt;script&gt;x&lt;&#8203;/script&gt;"));
	assert_non_null(strstr(t, "line&#8232;sep&#8233;par&#133;nel&#13;cr"));
	assert_null(strstr(t, "\xE2\x80\xA8"));
	assert_non_null(strstr(t, "x\xE2\x80\xA6\": d.md\n"));
	scalars_of(t, &sc); /* parses (asserts inside) */
	/* the section is found again by its escaped title */
	td_buf again = TD_BUF_INIT;
	assert_int_equal(td_mkdocs_nav_rewrite(&again, "m.yml", out.ptr, out.len, "", "A <b>", list,
	                                       TD_ARRAY_LEN(list), &d),
	                 0);
	assert_string_equal(td_buf_cstr(&again), t);
	assert_int_equal(d.len, 0);
	td_buf_free(&again);
	td_buf_free(&sc);
	td_buf_free(&out);
	free(longt);
}

/* Every emitted file parses, whatever the nav ends with (an empty item,
 * a comment, no final break) and whatever the line breaks (LF, CRLF, CR). */
static void test_nav_odd_endings(void **state)
{
	(void)state;
	const char *inputs[] = {
	        "nav:\n  - Home: index.md\n  -\n",        "nav:\n  - Home: index.md\n  -",
	        "nav:\n  - Home: index.md\n  - # c\n",    "nav:\n- Home: index.md\n-\nfoo: 1\n",
	        "nav:\r  - Home: index.md\r  -\r",        "nav:\r\n  - Home: index.md\r\n  -\r\n",
	        "nav:\n  - Home: index.md\r  - A: a.md\r", "nav:\n  -\n  - Planning:\n    -\n  -\n",
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(inputs); i++) {
		td_buf out = TD_BUF_INIT, sc = TD_BUF_INIT;
		td_diags d = {0};
		assert_int_equal(td_mkdocs_nav_rewrite(&out, "m", inputs[i], strlen(inputs[i]), "p", "Planning",
		                                       pages, 3, &d),
		                 0);
		scalars_of(td_buf_cstr(&out), &sc);
		assert_non_null(strstr(td_buf_cstr(&sc), "\x1fPlanning\x1f"));
		assert_non_null(strstr(td_buf_cstr(&sc), "\x1fp/risks.md\x1f"));
		td_buf_free(&out);
		td_buf_free(&sc);
		td_diags_free(&d);
	}
}

static void test_nav_custom_tags_and_comments(void **state)
{
	(void)state;
	const char *in = "# MkDocs config\n"
	                 "site_name: !ENV [SITE_NAME, 'Demo site']\n"
	                 "markdown_extensions:\n"
	                 "  - pymdownx.emoji:\n"
	                 "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
	                 "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
	                 "  - pymdownx.superfences:\n"
	                 "      custom_fences:\n"
	                 "        - name: mermaid\n"
	                 "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
	                 "nav:  # the site map\n"
	                 "  - Home: index.md\n"
	                 "  - Planning: !relative planning/index.md  # replaced\n"
	                 "  # a comment between items\n"
	                 "  - Extra: !ENV [EXTRA_PAGE, extra.md]\n"
	                 "extra:\n"
	                 "  analytics: !ENV GA\n";
	const char *want = "# MkDocs config\n"
	                   "site_name: !ENV [SITE_NAME, 'Demo site']\n"
	                   "markdown_extensions:\n"
	                   "  - pymdownx.emoji:\n"
	                   "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
	                   "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
	                   "  - pymdownx.superfences:\n"
	                   "      custom_fences:\n"
	                   "        - name: mermaid\n"
	                   "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
	                   "nav:  # the site map\n"
	                   "  - Home: index.md\n" PLANNING_2 "  # a comment between items\n"
	                   "  - Extra: !ENV [EXTRA_PAGE, extra.md]\n"
	                   "extra:\n"
	                   "  analytics: !ENV GA\n";
	check_rewrite(in, want);
}

static void test_nav_utf8_columns(void **state)
{
	(void)state;
	/* multi-byte characters, and U+2028 / U+0085 inside a quoted scalar
	 * (libyaml counts those as line breaks) before the nav */
	const char *in = "site_name: \"Ünïcödé ✓ plan\"\n"
	                 "site_description: \"line\xE2\x80\xA8sep and next\xC2\x85line\"\n"
	                 "nav:\n"
	                 "  - Ärger & Übel: ä.md\n"
	                 "  - {Planning: [old.md]}\n"
	                 "  - 日本語: { 日本: x.md }\n"
	                 "  - Ωmega: ω.md\n"
	                 "copyright: © 2024\n";
	const char *want = "site_name: \"Ünïcödé ✓ plan\"\n"
	                   "site_description: \"line\xE2\x80\xA8sep and next\xC2\x85line\"\n"
	                   "nav:\n"
	                   "  - Ärger & Übel: ä.md\n" PLANNING_2 "  - 日本語: { 日本: x.md }\n"
	                   "  - Ωmega: ω.md\n"
	                   "copyright: © 2024\n";
	check_rewrite(in, want);
	/* a byte order mark is not counted by libyaml and stays */
	check_rewrite("\xEF\xBB\xBFnav:\n  - Home: index.md\n", "\xEF\xBB\xBFnav:\n  - Home: index.md\n" PLANNING_2);
	/* appended after a last item whose line is full of multi-byte characters */
	check_rewrite("nav:\n  - 日本語: { 日本: x.md }   # ✓✓✓\n",
	              "nav:\n  - 日本語: { 日本: x.md }   # ✓✓✓\n" PLANNING_2);
}

static void test_nav_crlf(void **state)
{
	(void)state;
	check_rewrite("site_name: Demo\r\n"
	              "nav:\r\n"
	              "  - Home: index.md\r\n"
	              "  - Planning:\r\n"
	              "    - x.md\r\n"
	              "  - About: about.md\r\n",
	              "site_name: Demo\r\n"
	              "nav:\r\n"
	              "  - Home: index.md\r\n"
	              "  - Planning:\r\n"
	              "    - Overview: planning/index.md\r\n"
	              "    - Workstreams:\r\n"
	              "      - Alpha: planning/workstreams/alpha.md\r\n"
	              "      - \"Beta: risky\": planning/workstreams/beta.md\r\n"
	              "    - Risks: planning/risks.md\r\n"
	              "  - About: about.md\r\n");
	check_rewrite("nav:\r\n  - Home: index.md\r\n",
	              "nav:\r\n  - Home: index.md\r\n"
	              "  - Planning:\r\n"
	              "    - Overview: planning/index.md\r\n"
	              "    - Workstreams:\r\n"
	              "      - Alpha: planning/workstreams/alpha.md\r\n"
	              "      - \"Beta: risky\": planning/workstreams/beta.md\r\n"
	              "    - Risks: planning/risks.md\r\n");
}

static void test_nav_no_final_newline(void **state)
{
	(void)state;
	check_rewrite("nav:\n  - Home: index.md",
	              "nav:\n  - Home: index.md\n"
	              "  - Planning:\n"
	              "    - Overview: planning/index.md\n"
	              "    - Workstreams:\n"
	              "      - Alpha: planning/workstreams/alpha.md\n"
	              "      - \"Beta: risky\": planning/workstreams/beta.md\n"
	              "    - Risks: planning/risks.md");
}

static void test_nav_block_scalar_item(void **state)
{
	(void)state;
	check_rewrite("nav:\n"
	              "  - Home: index.md\n"
	              "  - Planning: |\n"
	              "      odd but valid\n"
	              "  - About: about.md\n",
	              "nav:\n"
	              "  - Home: index.md\n" PLANNING_2 "  - About: about.md\n");
}

static void test_nav_idempotent(void **state)
{
	(void)state;
	static const char *const inputs[] = {
	        "nav:\n  - Home: index.md\n",
	        "nav:\n  - Home: index.md",
	        "nav:\n- a.md\nextra: 1\n",
	        "a: 1\r\nnav:\r\n    - Home: index.md\r\n    # trailing comment\r\n",
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(inputs); i++) {
		td_buf one = TD_BUF_INIT, two = TD_BUF_INIT;
		td_diags d = {0};
		assert_int_equal(td_mkdocs_nav_rewrite(&one, "m", inputs[i], strlen(inputs[i]), "p", "Planning",
		                                       pages, 3, &d),
		                 0);
		assert_int_equal(td_mkdocs_nav_rewrite(&two, "m", one.ptr, one.len, "p", "Planning", pages, 3, &d), 0);
		assert_int_equal(one.len, two.len);
		assert_memory_equal(one.ptr, two.ptr, one.len);
		/* and a different page list replaces the block again, leaving the rest */
		td_nav fewer[] = {{"Only", "only.md", NULL, 0}};
		td_buf three = TD_BUF_INIT, four = TD_BUF_INIT;
		assert_int_equal(td_mkdocs_nav_rewrite(&three, "m", two.ptr, two.len, "p", "Planning", fewer, 1, &d),
		                 0);
		assert_int_equal(td_mkdocs_nav_rewrite(&four, "m", inputs[i], strlen(inputs[i]), "p", "Planning",
		                                       fewer, 1, &d),
		                 0);
		assert_string_equal(td_buf_cstr(&three), td_buf_cstr(&four));
		assert_int_equal(d.len, 0);
		td_buf_free(&one);
		td_buf_free(&two);
		td_buf_free(&three);
		td_buf_free(&four);
		td_diags_free(&d);
	}
}

/* ---- nav update on a file ---- */

static void test_update_nav_file(void **state)
{
	fx *f = *state;
	mkdirs(f, "site");
	mkdirs(f, "site/content-docs");
	const char *yml = P(f, "site/mkdocs.yml");
	put(yml, "site_name: Demo\n"
	         "docs_dir: content-docs\n"
	         "nav:\n"
	         "  - Home: index.md\n");
	assert_int_equal(chmod(yml, 0640), 0);
	bool changed = false;
	const char *why = "x";
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "site/content-docs/plan/ning"), "Planning", pages, 1,
	                                      &changed, &why, &f->diags),
	                 0);
	assert_true(changed);
	assert_null(why);
	assert_file(yml, "site_name: Demo\n"
	                 "docs_dir: content-docs\n"
	                 "nav:\n"
	                 "  - Home: index.md\n"
	                 "  - Planning:\n"
	                 "    - Overview: plan/ning/index.md\n");
	struct stat st;
	assert_int_equal(stat(yml, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(P(f, "site")), 2); /* no temporary file left */
	set_old_mtime(yml);
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "site/content-docs/plan/ning"), "Planning", pages, 1,
	                                      &changed, &why, &f->diags),
	                 0);
	assert_false(changed);
	assert_non_null(why);
	assert_int_equal(mtime_of(yml), 1000000000);
	assert_int_equal(f->diags.len, 0);
}

static void test_update_nav_relative_paths(void **state)
{
	fx *f = *state;
	/* like mkdocs-compat/mkdocs.yml: the config in a subfolder, docs_dir ../docs,
	 * out_markdown relative to the current folder (the repository root) */
	assert_int_equal(chdir(f->root), 0);
	mkdirs(f, "compat");
	mkdirs(f, "docs");
	put(P(f, "compat/mkdocs.yml"), "docs_dir: ../docs\nnav:\n  - Home: index.md\n");
	bool changed = false;
	assert_int_equal(td_mkdocs_update_nav("compat/mkdocs.yml", "docs/planning", "Planning", pages, 1, &changed,
	                                      NULL, &f->diags),
	                 0);
	assert_true(changed);
	assert_file(P(f, "compat/mkdocs.yml"), "docs_dir: ../docs\nnav:\n  - Home: index.md\n"
	                                       "  - Planning:\n    - Overview: planning/index.md\n");
	/* default docs_dir, and the Markdown folder being docs_dir itself */
	put(P(f, "mkdocs.yml"), "nav:\n  - Home: index.md\n");
	assert_int_equal(td_mkdocs_update_nav("mkdocs.yml", "./docs/", "Planning", pages, 1, &changed, NULL,
	                                      &f->diags),
	                 0);
	assert_file(P(f, "mkdocs.yml"), "nav:\n  - Home: index.md\n  - Planning:\n    - Overview: index.md\n");
	assert_int_equal(f->diags.len, 0);
}

static void test_update_nav_env_docs_dir(void **state)
{
	fx *f = *state;
	unsetenv("TD_CHECK_SITE_DOCS");
	put(P(f, "mkdocs.yml"), "docs_dir: !ENV [TD_CHECK_SITE_DOCS, pages]\nnav:\n  - Home: index.md\n");
	bool changed = false;
	assert_int_equal(td_mkdocs_update_nav(P(f, "mkdocs.yml"), P(f, "pages/gen"), "Planning", pages, 1, &changed,
	                                      NULL, &f->diags),
	                 0);
	assert_true(changed);
	assert_file(P(f, "mkdocs.yml"), "docs_dir: !ENV [TD_CHECK_SITE_DOCS, pages]\nnav:\n  - Home: index.md\n"
	                                "  - Planning:\n    - Overview: gen/index.md\n");
	setenv("TD_CHECK_SITE_DOCS", "other", 1);
	assert_int_equal(td_mkdocs_update_nav(P(f, "mkdocs.yml"), P(f, "pages/gen"), "Planning", pages, 1, &changed,
	                                      NULL, &f->diags),
	                 -1);
	unsetenv("TD_CHECK_SITE_DOCS");
}

static void test_update_nav_outside_docs_dir(void **state)
{
	fx *f = *state;
	const char *yml = P(f, "mkdocs.yml");
	const char *text = "docs_dir: docs\nnav:\n  - Home: index.md\n";
	put(yml, text);
	bool changed = true;
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "documentation/planning"), "Planning", pages, 3, &changed,
	                                      NULL, &f->diags),
	                 -1);
	assert_false(changed);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "mkdocs.yml", "not inside docs_dir"));
	/* a sibling whose name merely starts with docs_dir's is outside too */
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "docs-old/planning"), "Planning", pages, 3, &changed, NULL,
	                                      &f->diags),
	                 -1);
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "docs/../elsewhere"), "Planning", pages, 3, &changed, NULL,
	                                      &f->diags),
	                 -1);
	assert_file(yml, text);
}

static void test_update_nav_no_nav(void **state)
{
	fx *f = *state;
	const char *yml = P(f, "mkdocs.yml");
	put(yml, "site_name: Demo\n");
	set_old_mtime(yml);
	bool changed = true;
	const char *why = NULL;
	assert_int_equal(td_mkdocs_update_nav(yml, P(f, "docs/planning"), "Planning", pages, 3, &changed, &why,
	                                      &f->diags),
	                 0);
	assert_false(changed);
	assert_non_null(why);
	assert_non_null(strstr(why, "no nav"));
	assert_int_equal(mtime_of(yml), 1000000000);
	assert_int_equal(f->diags.len, 0);
}

static void test_update_nav_missing_file(void **state)
{
	fx *f = *state;
	bool changed = true;
	assert_int_equal(td_mkdocs_update_nav(P(f, "nope.yml"), P(f, "docs"), "Planning", pages, 3, &changed, NULL,
	                                      &f->diags),
	                 -1);
	assert_true(has_diag(&f->diags, TD_SEV_ERROR, "nope.yml", "No such file"));
}

static void test_update_nav_through_symlink(void **state)
{
	fx *f = *state;
	mkdirs(f, "real");
	put(P(f, "real/mkdocs.yml"), "nav:\n  - Home: index.md\n");
	assert_int_equal(symlink(P(f, "real/mkdocs.yml"), P(f, "mkdocs.yml")), 0);
	bool changed = false;
	assert_int_equal(td_mkdocs_update_nav(P(f, "mkdocs.yml"), P(f, "docs/p"), "Planning", pages, 1, &changed,
	                                      NULL, &f->diags),
	                 0);
	struct stat st;
	assert_int_equal(lstat(P(f, "mkdocs.yml"), &st), 0);
	assert_true(S_ISLNK(st.st_mode)); /* the link stays a link; its target is edited */
	assert_file(P(f, "real/mkdocs.yml"), "nav:\n  - Home: index.md\n  - Planning:\n    - Overview: p/index.md\n");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_outset_basics),
	    T(test_spool_and_spilled_outset),
	    T(test_write_new_files),
	    T(test_manifest_content),
	    T(test_unchanged_keeps_mtime),
	    T(test_changed_file_replaced),
	    T(test_replace_at),
	    T(test_same_size_changed),
	    T(test_written_records),
	    T(test_written_damaged),
	    T(test_write_known_unchanged),
	    T(test_mode_kept),
	    T(test_stale_removed_user_file_kept),
	    T(test_empty_folders_removed),
	    T(test_file_and_folder_swap),
	    T(test_no_temp_files_left),
	    T(test_empty_set),
	    T(test_refuse_dotdot),
	    T(test_refuse_absolute),
	    T(test_refuse_bad_components),
	    T(test_refuse_duplicates_and_conflicts),
	    T(test_refuse_dir),
	    T(test_symlink_folder_refused),
	    T(test_symlink_file_refused),
	    T(test_symlink_manifest_refused),
	    T(test_stale_symlink_left_alone),
	    T(test_user_file_in_the_way),
	    T(test_foreign_file_refused),
	    T(test_io_error_message),
	    T(test_nav_append),
	    T(test_nav_replace),
	    T(test_nav_replace_quoted_key_and_flow_value),
	    T(test_nav_nested_sections),
	    T(test_nav_indentless),
	    T(test_nav_none),
	    T(test_nav_flow_refused),
	    T(test_nav_edit_checked),
	    T(test_nav_title_not_utf8),
	    T(test_nav_item_ending_empty),
	    T(test_nav_unicode_line_break),
	    T(test_nav_not_a_list),
	    T(test_nav_syntax_error),
	    T(test_nav_titles_quoted),
	    T(test_nav_titles_html),
	    T(test_nav_odd_endings),
	    T(test_nav_custom_tags_and_comments),
	    T(test_nav_utf8_columns),
	    T(test_nav_crlf),
	    T(test_nav_no_final_newline),
	    T(test_nav_block_scalar_item),
	    T(test_nav_idempotent),
	    T(test_update_nav_file),
	    T(test_update_nav_relative_paths),
	    T(test_update_nav_env_docs_dir),
	    T(test_update_nav_outside_docs_dir),
	    T(test_update_nav_no_nav),
	    T(test_update_nav_missing_file),
	    T(test_update_nav_through_symlink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
