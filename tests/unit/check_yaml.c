/* check_yaml.c - load/yaml_compose.c: the document made from libyaml's
 * events is the one yaml_parser_load makes, node for node (the same bytes
 * once encoded for the cache: types, tags, marks, styles, values, items,
 * pairs, directives), and a stream it cannot read fails with the same
 * error fields; over hand-made streams and every YAML file of the
 * repository (plans, fixtures, the bad-input corpus). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/yaml_doc.h"
#include "yaml_same.h"

/* The cache's bytes of a document read back (into an arena, and into
 * libyaml's own memory, which yaml_document_delete frees node by node)
 * are the same document: written again, the same bytes. */
static void same_read_back(const char *name, const td_buf *enc)
{
	for (int own = 0; own < 2; own++) {
		yaml_document_t d;
		td_arena *mem = own ? NULL : td_arena_new();
		if (!ydoc_decode(&d, mem, enc->ptr, enc->len))
			fail_msg("%s: its cache bytes do not read back", name);
		td_buf again = TD_BUF_INIT;
		ydoc_encode(&again, &d);
		if (again.len != enc->len || memcmp(again.ptr, enc->ptr, enc->len))
			fail_msg("%s: read back, it is another document", name);
		td_buf_free(&again);
		if (own)
			yaml_document_delete(&d);
		td_arena_free(mem);
	}
}

static void read_back(const td_buf *enc, void *ud)
{
	same_read_back(ud, enc);
}

/* Every document of text, both ways; returns how many were read. */
static int same_as_libyaml(const char *name, const char *text, size_t len)
{
	int docs;
	const char *why = yaml_same_as_libyaml(text, len, 1000, &docs, read_back, (void *)name);
	if (why)
		fail_msg("%s: %s (document %d)", name, why, docs + 1);
	return docs;
}

static void test_streams(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int docs;
	} cases[] = {
	    {"", 0},
	    {"# only a comment\n", 0},
	    {"a: 1\n", 1},
	    {"a: 1\n---\nb: 2\n...\n---\n- c\n", 3},
	    {"%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !e!thing\nx: !!int 3\ny: ! 'z'\n", 1},
	    {"base: &b {x: 1, y: [1, 2, {z: 3}]}\nuse: *b\nmore: [*b, *b]\n", 1},
	    {"&r [a, *r]\n", 1},                       /* an alias inside its own anchor */
	    {"a: &x 1\nb: &x 2\nc: *x\n", 0},          /* an anchor named again: an error to libyaml */
	    {"a: *nowhere\n", 0},                      /* undefined alias */
	    {"? [complex, key]\n: value\n? lone\n", 1},
	    {"a:\n  - b: |\n      literal\n      text\n    c: >-\n      folded\n  - \"quoted\\n\"\n", 1},
	    {"a: [1, 2\n", 0}, /* a syntax error */
	    {"a: 1\n b: 2\n", 0},
	    {"- a\n- b\n---\n{unclosed\n", 1},
	    {"{}\n", 1},
	    {"[]\n", 1},
	    {"a: 1\na: 2\n", 1},
	    {"\xEF\xBB\xBFkey: value\n", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[32];
		snprintf(name, sizeof name, "case %zu", i);
		int docs = same_as_libyaml(name, cases[i].text, strlen(cases[i].text));
		if (docs != cases[i].docs)
			fail_msg("%s: %d documents, expected %d", name, docs, cases[i].docs);
	}
}

static size_t files_compared;

static void each_yaml(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			each_yaml(path);
			continue;
		}
		size_t n = strlen(e->d_name);
		if (!(n > 5 && !strcmp(e->d_name + n - 5, ".yaml")) && !(n > 4 && !strcmp(e->d_name + n - 4, ".yml")))
			continue;
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		char *buf = malloc((size_t)st.st_size + 1);
		size_t got = fread(buf, 1, (size_t)st.st_size, f);
		fclose(f);
		same_as_libyaml(path, buf, got);
		free(buf);
		files_compared++;
	}
	closedir(d);
}

static void test_repository_files(void **state)
{
	(void)state;
	each_yaml(TD_SOURCE_DIR "/content");
	each_yaml(TD_SOURCE_DIR "/tests");
	each_yaml(TD_SOURCE_DIR "/examples");
	assert_true(files_compared > 100);
}

/* The flow nesting limit holds wherever the brackets start: the scan for
 * them takes eight bytes at a time. */
static void test_nesting_limit_after_any_prefix(void **state)
{
	(void)state;
	for (size_t pre = 0; pre < 18; pre++)
		for (int depth = 256; depth <= 257; depth++) {
			char text[700];
			size_t n = 0;
			for (size_t i = 0; i < pre; i++) /* flow text can start further in */
				text[n++] = ' ';
			for (int i = 0; i < depth; i++)
				text[n++] = i % 2 ? '{' : '[';
			text[n++] = 'x';
			for (int i = depth; i-- > 0;)
				text[n++] = i % 2 ? '}' : ']';
			text[n++] = '\n';
			td_arena *arena = td_arena_new();
			td_diags diags = {0};
			ydoc y;
			int rc = ydoc_load(&y, arena, "deep.yaml", text, n, &diags);
			bool said = diags.len && strstr(diags.items[0].message, "nested more than 256 levels deep");
			if (depth == 257 && (rc != -1 || !said))
				fail_msg("prefix %zu: 257 levels not refused", pre);
			if (depth == 256 && (rc != 0 || diags.len))
				fail_msg("prefix %zu: 256 levels refused", pre);
			ydoc_free(&y);
			td_diags_free(&diags);
			td_arena_free(arena);
		}
}

/* ydoc_load's document, encoded. */
static void loaded_bytes(td_buf *out, const char *text, td_diags *diags)
{
	td_arena *arena = td_arena_new();
	ydoc y;
	assert_int_equal(ydoc_load(&y, arena, "w.yaml", text, strlen(text), diags), 0);
	ydoc_encode(out, &y.doc);
	ydoc_free(&y);
	td_arena_free(arena);
}

/* The ydoc ydoc_load_parsed makes of text from enc, encoded. */
static void parsed_bytes(td_buf *out, const char *text, const td_buf *enc, td_diags *diags)
{
	td_arena *arena = td_arena_new();
	ydoc y;
	assert_int_equal(ydoc_load_parsed(&y, arena, "w.yaml", text, strlen(text), diags, NULL, enc->ptr, enc->len), 0);
	assert_true(y.loaded);
	assert_false(y.clean); /* the model's checks are still to be made */
	ydoc_encode(out, &y.doc);
	ydoc_free(&y);
	td_arena_free(arena);
}

static bool kv_has_all(void *ud, const char *ns, const td_buf *key, td_buf *val)
{
	(void)ud, (void)ns, (void)key;
	td_buf_puts(val, "anything");
	return true;
}

/* A file parsed ahead is the document ydoc_load makes of it; a file that
 * says anything, is in the cache, or changed before it was loaded is
 * loaded as usual. */
static void test_parsed_ahead(void **state)
{
	(void)state;
	const char *text = "id: ws\ntitle: W\nphases:\n  - id: P1\n    tasks: [{id: T-1, title: One}]\n";
	td_diags diags = {0};
	td_buf enc = TD_BUF_INIT, a = TD_BUF_INIT, b = TD_BUF_INIT;
	ydoc_preparse(&enc, "w.yaml", text, strlen(text), NULL);
	assert_true(enc.len > 64);
	loaded_bytes(&a, text, &diags);
	parsed_bytes(&b, text, &enc, &diags);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	/* the file changed in between: its new text is what is loaded */
	const char *changed = "id: ws\ntitle: Changed\n";
	td_buf_clear(&a);
	td_buf_clear(&b);
	loaded_bytes(&a, changed, &diags);
	parsed_bytes(&b, changed, &enc, &diags);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	/* bytes cut short: parsed as usual */
	enc.len -= 3;
	td_buf_clear(&a);
	td_buf_clear(&b);
	loaded_bytes(&a, text, &diags);
	parsed_bytes(&b, text, &enc, &diags);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	assert_int_equal(diags.len, 0);
	/* not parsed ahead: a duplicate key (the load says it), a kept document */
	td_buf_clear(&enc);
	ydoc_preparse(&enc, "w.yaml", "a: 1\na: 2\n", 10, NULL);
	assert_int_equal(enc.len, 0);
	td_kv cache = {.get = kv_has_all, .readonly = true};
	ydoc_preparse(&enc, "w.yaml", text, strlen(text), &cache);
	assert_int_equal(enc.len, 0);
	td_buf_free(&enc);
	td_buf_free(&a);
	td_buf_free(&b);
	td_diags_free(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_streams),
	    cmocka_unit_test(test_repository_files),
	    cmocka_unit_test(test_nesting_limit_after_any_prefix),
	    cmocka_unit_test(test_parsed_ahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
