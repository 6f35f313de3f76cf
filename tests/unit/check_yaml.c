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

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* Every document of text, both ways; returns how many were read. */
static int same_as_libyaml(const char *name, const char *text, size_t len)
{
	yaml_parser_t a, b;
	assert_true(yaml_parser_initialize(&a));
	assert_true(yaml_parser_initialize(&b));
	yaml_parser_set_input_string(&a, (const unsigned char *)text, len);
	yaml_parser_set_input_string(&b, (const unsigned char *)text, len);
	int docs = 0;
	for (;;) {
		yaml_document_t da, db;
		td_arena *mem = td_arena_new();
		int ra = yaml_parser_load(&a, &da), rb = ydoc_compose(&b, &db, mem);
		if (ra != rb)
			fail_msg("%s: yaml_parser_load %d, ydoc_compose %d", name, ra, rb);
		if (!ra) {
			if (a.error != b.error || !same_str(a.problem, b.problem) || !same_mark(a.problem_mark, b.problem_mark) ||
			    !same_str(a.context, b.context) || !same_mark(a.context_mark, b.context_mark))
				fail_msg("%s: errors differ: '%s' / '%s'", name, a.problem ? a.problem : "",
				         b.problem ? b.problem : "");
			td_arena_free(mem);
			break;
		}
		td_buf ea = TD_BUF_INIT, eb = TD_BUF_INIT;
		ydoc_encode(&ea, &da);
		ydoc_encode(&eb, &db);
		if (ea.len != eb.len || memcmp(ea.ptr, eb.ptr, ea.len))
			fail_msg("%s: document %d differs", name, docs + 1);
		bool end = !yaml_document_get_root_node(&da);
		assert_int_equal(end, !yaml_document_get_root_node(&db));
		td_buf_free(&ea);
		td_buf_free(&eb);
		yaml_document_delete(&da);
		td_arena_free(mem);
		if (end)
			break;
		docs++;
	}
	yaml_parser_delete(&a);
	yaml_parser_delete(&b);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_streams),
	    cmocka_unit_test(test_repository_files),
	    cmocka_unit_test(test_nesting_limit_after_any_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
