/*
 * check_digest.c - unit tests of the view tree's digests (src/view/digest.c):
 * what decides that a Markdown page kept from the build before is the page
 * of this build (render/markdown/pages.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "render/dialect.h"
#include "render/template/template.h"
#include "view/digest.h"

static json_t *js(const char *text)
{
	char s[512];
	size_t n = strlen(text);
	assert_true(n < sizeof s);
	for (size_t i = 0; i <= n; i++)
		s[i] = text[i] == '\'' ? '"' : text[i];
	json_error_t e;
	json_t *j = json_loads(s, JSON_DECODE_ANY, &e);
	assert_non_null(j);
	return j;
}

static td_digest digest(const json_t *v)
{
	td_digester *g = td_digester_new();
	td_digest d = TD_DIGEST_INIT;
	size_t budget = 1000;
	assert_true(td_digest_json(g, &d, v, &budget));
	td_digester_free(g);
	return d;
}

static bool same(const char *a, const char *b)
{
	json_t *x = js(a), *y = js(b);
	td_digest p = digest(x), q = digest(y);
	json_decref(x);
	json_decref(y);
	return p.a == q.a && p.b == q.b;
}

static void test_equal_values_equal_digests(void **state)
{
	(void)state;
	assert_true(same("{'a':[1,2.5,'x',true,null],'b':{}}", "{'a':[1,2.5,'x',true,null],'b':{}}"));
	assert_true(same("''", "''"));
}

/* Every difference a template could show makes another digest. */
static void test_any_difference_shows(void **state)
{
	(void)state;
	static const char *const values[] = {
	    "{'a':1,'b':2}",
	    "{'b':2,'a':1}", /* key order: a loop over an object shows it */
	    "{'a':1}",
	    "{'a':1,'b':null}",
	    "{'b':1}",
	    "{'ab':1}",
	    "[1]",
	    "[1,1]",
	    "[[1]]",
	    "[]",
	    "{}",
	    "1",
	    "1.0",
	    "-1",
	    "0",
	    "0.0",
	    "-0.0",
	    "2",
	    "true",
	    "false",
	    "null",
	    "'1'",
	    "''",
	    "' '",
	    "'a'",
	    "'a\\n'",
	    "'abcdefgh'",
	    "'abcdefghi'",
	    "['a','b']",
	    "['ab']",
	    "['a b']",
	    "{'a':'b'}",
	    "{'a':['b']}",
	    "[{'a':1},{'a':1}]",
	    "[{'a':1},{'a':2}]",
	};
	size_t n = sizeof values / sizeof *values;
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (same(values[i], values[k]))
				fail_msg("%s and %s have one digest", values[i], values[k]);
}

/* td_digest_bytes is td_digest_word of its length, then of each 8 bytes
 * and of the zero-padded rest: at every length and alignment. */
static void test_bytes_are_words(void **state)
{
	(void)state;
	unsigned char buf[80];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 40; n++) {
			td_digest d = TD_DIGEST_INIT, r = TD_DIGEST_INIT;
			td_digest_bytes(&d, buf + off, n);
			const unsigned char *p = buf + off;
			size_t m = n;
			td_digest_word(&r, m);
			for (; m >= 8; p += 8, m -= 8) {
				uint64_t w;
				memcpy(&w, p, 8);
				td_digest_word(&r, w);
			}
			if (m) {
				uint64_t w = 0;
				memcpy(&w, p, m);
				td_digest_word(&r, w);
			}
			assert_true(d.a == r.a && d.b == r.b);
		}
}

/* A value missing is not a null one; a value shared (walked once) has
 * the digest it has alone. */
static void test_missing_and_shared(void **state)
{
	(void)state;
	td_digester *g = td_digester_new();
	td_digest m = TD_DIGEST_INIT, n = TD_DIGEST_INIT;
	size_t budget = 100;
	json_t *null = json_null();
	assert_true(td_digest_json(g, &m, NULL, &budget));
	assert_true(td_digest_json(g, &n, null, &budget));
	assert_false(m.a == n.a && m.b == n.b);
	json_t *shared = js("{'id':'T-1','n':[1,2]}");
	json_t *holder = json_array();
	json_array_append(holder, shared);
	json_array_append(holder, shared);
	json_t *copies = js("[{'id':'T-1','n':[1,2]},{'id':'T-1','n':[1,2]}]");
	td_digest a = TD_DIGEST_INIT, b = TD_DIGEST_INIT;
	budget = 100;
	assert_true(td_digest_json(g, &a, holder, &budget));
	assert_true(td_digest_json(g, &a, holder, &budget)); /* again, from the memo */
	assert_true(td_digest_json(g, &b, copies, &budget));
	assert_true(td_digest_json(g, &b, copies, &budget));
	assert_true(a.a == b.a && a.b == b.b);
	td_digester_free(g);
	json_decref(shared);
	json_decref(holder);
	json_decref(copies);
}

/* The budget counts values: a value of more fails, one of as many passes. */
static void test_budget(void **state)
{
	(void)state;
	json_t *v = js("{'a':[1,2,3],'b':'x'}"); /* 6 values */
	td_digester *g = td_digester_new();
	td_digest d = TD_DIGEST_INIT;
	size_t budget = 6;
	assert_true(td_digest_json(g, &d, v, &budget));
	assert_int_equal(budget, 0);
	td_digester_free(g);
	g = td_digester_new();
	budget = 5;
	assert_false(td_digest_json(g, &d, v, &budget));
	td_digester_free(g);
	json_decref(v);
}

/* A shared value walked once takes from the budget, each time it is met,
 * what walking it takes: what is past the budget does not depend on what
 * the digester met before. */
static void test_budget_of_shared(void **state)
{
	(void)state;
	json_t *shared = js("{'a':[1,2,3],'b':'x'}"); /* 6 values */
	json_t *holder = json_array();
	json_array_append(holder, shared);
	json_array_append(holder, shared);
	td_digester *g = td_digester_new();
	td_digest d = TD_DIGEST_INIT;
	size_t budget = 100;
	assert_true(td_digest_json(g, &d, holder, &budget));
	assert_int_equal(100 - budget, 1 + 2 * 6);
	budget = 100; /* again, every container from the memo */
	assert_true(td_digest_json(g, &d, holder, &budget));
	assert_int_equal(100 - budget, 1 + 2 * 6);
	budget = 1 + 6 + 5; /* one short of the second */
	assert_false(td_digest_json(g, &d, holder, &budget));
	td_digester_free(g);
	json_decref(shared);
	json_decref(holder);
}

/* Many shared containers: the memo grows and keeps every digest. */
static void test_many_shared(void **state)
{
	(void)state;
	json_t *list = json_array(), *again = json_array();
	for (int i = 0; i < 5000; i++) {
		json_t *o = json_pack("{s:i}", "i", i);
		json_array_append(list, o);
		json_array_append_new(again, o);
	}
	td_digester *g = td_digester_new();
	td_digest a = TD_DIGEST_INIT, b = TD_DIGEST_INIT;
	size_t budget = 100000;
	assert_true(td_digest_json(g, &a, list, &budget));
	td_digester_free(g);
	g = td_digester_new();
	assert_true(td_digest_json(g, &b, again, &budget));
	assert_true(td_digest_json(g, &b, NULL, &budget));
	td_digester_free(g);
	td_digest c = TD_DIGEST_INIT;
	g = td_digester_new();
	assert_true(td_digest_json(g, &c, list, &budget));
	assert_true(td_digest_json(g, &c, NULL, &budget));
	td_digester_free(g);
	assert_true(b.a == c.a && b.b == c.b);
	json_decref(list);
	json_decref(again);
}

/* ---- td_digest_paths: the values a render read ---- */

static td_digest digest_at(const char *json, const char *const *paths)
{
	json_t *v = js(json);
	td_digest_read rd[16];
	size_t n = 0;
	for (; paths[n]; n++)
		rd[n] = (td_digest_read){paths[n] + 1, strlen(paths[n] + 1), paths[n][0] == '#'};
	td_digester *g = td_digester_new();
	td_digest d = TD_DIGEST_INIT;
	size_t budget = 1000;
	assert_true(td_digest_paths(g, &d, v, rd, n, &budget));
	td_digester_free(g);
	json_decref(v);
	return d;
}

static bool same_at(const char *a, const char *b, const char *const *paths)
{
	td_digest p = digest_at(a, paths), q = digest_at(b, paths);
	return p.a == q.a && p.b == q.b;
}

static void test_paths(void **state)
{
	(void)state;
	static const char *const names[] = {"#l", "=l.*.n", "=t", NULL};
	/* what is not read does not count; what is read does */
	assert_true(
	    same_at("{'l':[{'n':1,'x':1}],'t':'a','u':1}", "{'l':[{'n':1,'x':2}],'t':'a','u':2}", names));
	assert_false(same_at("{'l':[{'n':1}],'t':'a'}", "{'l':[{'n':2}],'t':'a'}", names));
	assert_false(same_at("{'l':[{'n':1}],'t':'a'}", "{'l':[{'n':1}],'t':'b'}", names));
	/* a member gone, one more item, a list that is not one */
	assert_false(same_at("{'l':[{'n':1}],'t':'a'}", "{'l':[{}],'t':'a'}", names));
	assert_false(same_at("{'l':[{'n':1}],'t':'a'}", "{'l':[{'n':1},{'n':1}],'t':'a'}", names));
	assert_false(same_at("{'l':[{'n':1}],'t':'a'}", "{'l':{'n':1},'t':'a'}", names));
	assert_false(same_at("{'l':[{'n':1}]}", "{'l':[{'n':1}],'t':null}", names));
	/* a shape: the type, a list's length, a scalar's value; not an
	 * object's members nor a list's items */
	static const char *const shape[] = {"#o", "#l", "#s", NULL};
	assert_true(same_at("{'o':{'a':1},'l':[1],'s':'x'}", "{'o':{'b':2},'l':[2],'s':'x'}", shape));
	assert_false(same_at("{'o':{},'l':[1],'s':'x'}", "{'o':[],'l':[1],'s':'x'}", shape));
	assert_false(same_at("{'o':{},'l':[1],'s':'x'}", "{'o':{},'l':[1,1],'s':'x'}", shape));
	assert_false(same_at("{'o':{},'l':[1],'s':'x'}", "{'o':{},'l':[1],'s':'y'}", shape));
	/* an index, a path that breaks early or late */
	static const char *const deep[] = {"=a.b.1", "=c.d.e", NULL};
	assert_true(same_at("{'a':{'b':[0,5]},'c':{}}", "{'a':{'b':[9,5]},'c':{}}", deep));
	assert_false(same_at("{'a':{'b':[0,5]},'c':{}}", "{'a':{'b':[0,5]}}", deep));
	assert_false(same_at("{'a':{'b':[0,5]},'c':{'d':{}}}", "{'a':{'b':[0,5]},'c':{}}", deep));
}

/* A small random value: objects of the names a..d, lists, scalars. */
static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static json_t *rnd_value(int depth)
{
	switch (depth > 0 ? rnd(8) : 4 + rnd(4)) {
	case 0:
	case 1: {
		json_t *o = json_object();
		static const char *const keys[] = {"a", "b", "c", "d"};
		for (size_t i = 0; i < 4; i++)
			if (rnd(3))
				json_object_set_new(o, keys[i], rnd_value(depth - 1));
		return o;
	}
	case 2:
	case 3: {
		json_t *a = json_array();
		for (unsigned i = rnd(4); i > 0; i--)
			json_array_append_new(a, rnd_value(depth - 1));
		return a;
	}
	case 4:
		return json_integer(rnd(3));
	case 5:
		return json_string(rnd(2) ? "x" : "");
	case 6:
		return rnd(2) ? json_true() : json_false();
	default:
		return json_null();
	}
}

/* v with one value somewhere in it replaced by a random one (or a
 * member dropped); v itself is kept. */
static json_t *rnd_change(json_t *v)
{
	json_t *c = json_deep_copy(v), *at = c;
	for (int d = 0; d < 4; d++) {
		json_t *next = NULL;
		if (json_is_object(at) && json_object_size(at)) {
			const char *k;
			json_t *x;
			unsigned pick = rnd((unsigned)json_object_size(at)), i = 0;
			json_object_foreach(at, k, x)
			{
				if (i++ != pick)
					continue;
				if (rnd(3) == 0) {
					json_object_set_new(at, k, rnd_value(2));
					return c;
				}
				if (rnd(6) == 0) {
					json_object_del(at, k);
					return c;
				}
				next = x;
				break;
			}
		} else if (json_is_array(at) && json_array_size(at)) {
			size_t i = rnd((unsigned)json_array_size(at));
			if (rnd(3) == 0) {
				json_array_set_new(at, i, rnd_value(2));
				return c;
			}
			next = json_array_get(at, i);
		}
		if (!next)
			break;
		at = next;
	}
	if (json_is_object(at))
		json_object_set_new(at, rnd(2) ? "a" : "d", rnd_value(1));
	else if (json_is_array(at))
		json_array_append_new(at, rnd_value(1));
	return c;
}

/* Templates of nested sections, fall-backs to outer frames, paths and
 * loop figures, which both random tests render. */
#define COMMON_TEMPLATES                                                                                     \
	"{{a}}|{{#b}}[{{a}}{{c.d}}{{@index}}]{{/b}}|{{^c}}none{{/c}}",                                       \
	    "{{#a}}{{#b}}{{c}}{{.}}{{/b}}{{d}}{{/a}}",                                                       \
	    "{{#b}}{{#c}}{{a}}{{d.a}}{{/c}}{{@last}}{{/b}}{{a.b.0}}",                                        \
	    "{{#d}}{{#a}}{{b}}{{#c}}{{d}}{{/c}}{{/a}}{{/d}}{{^a}}{{b.c}}{{/a}}"

/* Markdown's filters, no escaping: the texts compared as they are. */
static void plain_dialect(td_dialect *d)
{
	static const td_dialect_opts opts = {false};
	td_dialect_markdown(d, &opts);
	d->escape = NULL;
}

/* The claim pages.c keeps pages by: two contexts whose values at the
 * reads of a render have one digest render the same text. Random
 * contexts, each changed at random; every template's reads of the first
 * are digested in both. */
static void test_reads_decide_the_text(void **state)
{
	(void)state;
	static const char *const tmpls[] = {
	    COMMON_TEMPLATES,
	    "{{#a}}{{.}}{{/a}}{{#c}}{{#.}}{{a}}{{/.}}{{/c}}",
	    "{{#b}}{{a.b}}{{c.a}}{{/b}}{{#d}}{{#c}}{{b.a.c}}{{/c}}{{/d}}",
	};
	td_diags diags = {0};
	td_dialect dialect;
	plain_dialect(&dialect);
	size_t agreed = 0, differed = 0;
	rnd_state = 0x9E3779B97F4A7C15ull;
	for (size_t ti = 0; ti < sizeof tmpls / sizeof *tmpls; ti++) {
		td_template *t = td_template_parse("t", tmpls[ti], &dialect, &diags);
		assert_non_null(t);
		for (int round = 0; round < 5000; round++) {
			json_t *a = rnd_value(3);
			if (!json_is_object(a)) { /* the context is an object */
				json_t *o = json_object();
				json_object_set_new(o, "a", a);
				a = o;
			}
			json_t *b = rnd_change(a);
			td_buf ta = TD_BUF_INIT, tb = TD_BUF_INIT;
			td_tmpl_reads r = {0};
			assert_int_equal(td_template_render_reads(&ta, t, a, NULL, NULL, &diags, &r), 0);
			assert_int_equal(td_template_render(&tb, t, b, NULL, NULL, &diags), 0);
			td_digest_read rd[64];
			assert_true(r.len < 64);
			for (size_t i = 0; i < r.len; i++)
				rd[i] = (td_digest_read){r.names[i] + 1, strlen(r.names[i] + 1),
				                         r.names[i][0] == '#'};
			td_digester *g = td_digester_new();
			td_digest da = TD_DIGEST_INIT, db = TD_DIGEST_INIT;
			size_t budget = 100000;
			assert_true(td_digest_paths(g, &da, a, rd, r.len, &budget));
			td_digester_free(g);
			g = td_digester_new();
			assert_true(td_digest_paths(g, &db, b, rd, r.len, &budget));
			td_digester_free(g);
			bool texts = ta.len == tb.len && (!ta.len || !memcmp(ta.ptr, tb.ptr, ta.len));
			if (da.a == db.a && da.b == db.b && !r.whole) {
				if (!texts)
					fail_msg("template %zu: the same digest, another text: '%s' and '%s'",
					         ti, ta.ptr ? ta.ptr : "", tb.ptr ? tb.ptr : "");
				agreed += !json_equal(a, b);
			} else {
				differed++;
			}
			td_tmpl_reads_free(&r);
			td_buf_free(&ta);
			td_buf_free(&tb);
			json_decref(a);
			json_decref(b);
		}
		td_template_free(t);
	}
	/* both kinds were met: changes the reads did not see, and changes they did */
	assert_true(agreed > 100);
	assert_true(differed > 100);
	td_diags_free(&diags);
}

/* ---- seeds: digests taken before they are needed ---- */

/* Seeds every object that is an element of an array in v, at any depth. */
static void seed_all(td_digest_seeds *s, json_t *v)
{
	size_t i;
	json_t *x;
	const char *k;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			if (json_is_object(x)) {
				td_digester *g = td_digester_new();
				td_digest d = TD_DIGEST_INIT;
				size_t budget = 100000;
				assert_true(td_digest_container(g, &d, x, &budget));
				td_digest_seeds_add(s, x, d, 100000 - budget);
				td_digester_free(g);
			}
			seed_all(s, x);
		}
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x) seed_all(s, x);
	}
}

static size_t count_values(json_t *v)
{
	size_t n = 1, i;
	json_t *x;
	const char *k;
	if (json_is_array(v))
		json_array_foreach(v, i, x) n += count_values(x);
	else if (json_is_object(v))
		json_object_foreach(v, k, x) n += count_values(x);
	return n;
}

/* A value seeded is the value walked: td_digest_json gives the same
 * digest either way; a path through a seeded element counts all of it
 * (an unread member changes the digest) and takes from the budget what
 * walking it whole would. */
static void test_seeds(void **state)
{
	(void)state;
	json_t *a = js("{'l':[{'n':1,'x':1},{'n':2,'x':[1,2]}],'t':'a'}");
	json_t *b = js("{'l':[{'n':1,'x':9},{'n':2,'x':[1,2]}],'t':'a'}");
	td_digest_seeds *sa = td_digest_seeds_new(4), *sb = td_digest_seeds_new(4);
	seed_all(sa, a);
	seed_all(sb, b);
	td_digest d;
	assert_true(td_digest_seeds_get(sa, json_array_get(json_object_get(a, "l"), 0), &d));
	assert_false(td_digest_seeds_get(sa, a, &d));
	assert_false(td_digest_seeds_get(NULL, a, &d));
	/* whole: the same digest with seeds or without */
	td_digester *g = td_digester_new_seeded(sa);
	td_digest w = TD_DIGEST_INIT, plain = digest(a);
	size_t budget = 1000;
	assert_true(td_digest_json(g, &w, a, &budget));
	td_digester_free(g);
	assert_true(w.a == plain.a && w.b == plain.b);
	/* paths: without seeds only what is read counts; with them, an
	 * element of which 8 members or more are read counts whole, one of
	 * which fewer are read only as read */
	static const char *const names[] = {"#l", "=l.*.n", NULL};
	assert_true(same_at("{'l':[{'n':1,'x':1}]}", "{'l':[{'n':1,'x':9}]}", names));
	td_digest_read few[] = {{"l", 1, true}, {"l.*.n", 5, false}};
	td_digest_read many[] = {{"l", 1, true},       {"l.*.n", 5, false},  {"l.*.m1", 6, false},
	                         {"l.*.m2", 6, false}, {"l.*.m3", 6, false}, {"l.*.m4", 6, false},
	                         {"l.*.m5", 6, false}, {"l.*.m6", 6, false}, {"l.*.m7", 6, false}};
	size_t nmany = sizeof many / sizeof *many;
	td_digest da = TD_DIGEST_INIT, db = TD_DIGEST_INIT;
	size_t ba = 1000, bb = 1000;
	g = td_digester_new_seeded(sa);
	assert_true(td_digest_paths(g, &da, a, few, 2, &ba));
	td_digester_free(g);
	g = td_digester_new_seeded(sb);
	assert_true(td_digest_paths(g, &db, b, few, 2, &bb));
	td_digester_free(g);
	assert_true(da.a == db.a && da.b == db.b);
	da = db = (td_digest)TD_DIGEST_INIT;
	ba = bb = 1000;
	g = td_digester_new_seeded(sa);
	assert_true(td_digest_paths(g, &da, a, many, nmany, &ba));
	td_digester_free(g);
	g = td_digester_new_seeded(sb);
	assert_true(td_digest_paths(g, &db, b, many, nmany, &bb));
	td_digester_free(g);
	assert_false(da.a == db.a && da.b == db.b);
	/* without seeds, the same many reads do not see x */
	da = db = (td_digest)TD_DIGEST_INIT;
	g = td_digester_new();
	assert_true(td_digest_paths(g, &da, a, many, nmany, &ba));
	td_digester_free(g);
	g = td_digester_new();
	assert_true(td_digest_paths(g, &db, b, many, nmany, &bb));
	td_digester_free(g);
	assert_true(da.a == db.a && da.b == db.b);
	/* the budget: the root and l, then each element as many values as
	 * it holds and one for itself */
	size_t held = count_values(json_object_get(a, "l")) - 1;
	ba = 1000;
	g = td_digester_new_seeded(sa);
	assert_true(td_digest_paths(g, &da, a, many, nmany, &ba));
	td_digester_free(g);
	assert_int_equal(1000 - ba, 2 + held);
	ba = 2 + held - 1; /* one short */
	g = td_digester_new_seeded(sa);
	assert_false(td_digest_paths(g, &da, a, many, nmany, &ba));
	td_digester_free(g);
	td_digest_seeds_free(sa);
	td_digest_seeds_free(sb);
	json_decref(a);
	json_decref(b);
}

/* ---- td_tmpl_memo: iterations kept between renders ---- */

static const char *memo_partial(void *ud, const char *name, const char **file)
{
	(void)ud;
	*file = name;
	if (!strcmp(name, "p"))
		return "{{#b}}\n{{a}}\n{{#c}}{{d}}{{/c}}\n{{/b}}\n";
	if (!strcmp(name, "q"))
		return "{{#@first}}first {{/@first}}{{a}}{{#@last}} last{{/@last}}";
	return NULL;
}

static bool seed_item(void *ud, const json_t *item, td_digest *d)
{
	return td_digest_seeds_get(ud, item, d);
}

/* A context with one value changed, an element dropped or one added:
 * the lists' elements move. */
static json_t *rnd_edit(json_t *v)
{
	if (rnd(4) == 0) {
		json_t *c = json_deep_copy(v), *l = json_object_get(c, rnd(2) ? "b" : "d");
		if (json_is_array(l) && json_array_size(l)) {
			if (rnd(2))
				json_array_remove(l, rnd((unsigned)json_array_size(l)));
			else
				json_array_insert_new(l, rnd((unsigned)json_array_size(l)), rnd_value(2));
			return c;
		}
		json_decref(c);
	}
	return rnd_change(v);
}

/* Whether a and b note the same reads, in whatever order. */
static bool same_reads(const td_tmpl_reads *a, const td_tmpl_reads *b)
{
	if (a->len != b->len || a->whole != b->whole)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		size_t k = 0;
		while (k < b->len && strcmp(a->names[i], b->names[k]))
			k++;
		if (k == b->len)
			return false;
	}
	return true;
}

/* The claim the memo rests on: a render that takes the iterations the
 * render before kept writes what a render without them writes. Chains
 * of random contexts, each a change of the one before, each rendered with
 * the entries of the render of the one before. */
static void test_memo_decides_the_text(void **state)
{
	(void)state;
	static const char *const tmpls[] = {
	    COMMON_TEMPLATES,
	    "{{#b}}{{#@first}}H:{{/@first}}{{#c}}{{a}}{{/c}}{{#@last}}:E{{/@last}}|{{/b}}",
	    "{{#b}}{{@number}}. {{a.b}}{{b}}\n{{/b}}{{#d}}{{> q}}|{{/d}}",
	    "x\n  {{> p}}\ny{{#d}}\n {{> p}}\n{{/d}}",
	    "{{#b}}{{#d}}{{#a}}{{c}}{{/a}}{{/d}}{{/b}}",
	    "{{#b}}{{#c}}x{{/c}}{{a}}|{{#d}}{{b}}{{/d}}{{a.b}}{{/b}}",
	};
	td_diags diags = {0};
	td_dialect dialect;
	plain_dialect(&dialect);
	size_t hits = 0, made = 0;
	rnd_state = 0x2545F4914F6CDD1Dull;
	for (size_t ti = 0; ti < sizeof tmpls / sizeof *tmpls; ti++) {
		td_template *t = td_template_parse("t", tmpls[ti], &dialect, &diags);
		assert_non_null(t);
		for (int chain = 0; chain < 150; chain++) {
			json_t *ctx = json_object();
			json_object_set_new(ctx, "a", rnd_value(2));
			json_object_set_new(ctx, "b", json_array());
			json_object_set_new(ctx, "d", json_array());
			for (unsigned i = rnd(6); i > 0; i--)
				json_array_append_new(json_object_get(ctx, "b"), rnd_value(2));
			for (unsigned i = rnd(4); i > 0; i--)
				json_array_append_new(json_object_get(ctx, "d"), rnd_value(2));
			td_buf old = TD_BUF_INIT;
			for (int step = 0; step < 12; step++) {
				td_digest_seeds *s = td_digest_seeds_new(64);
				seed_all(s, ctx);
				td_buf fresh = TD_BUF_INIT, kept = TD_BUF_INIT, next = TD_BUF_INIT;
				td_tmpl_memo m = {.item = seed_item,
				                  .ud = s,
				                  .old = old.ptr,
				                  .old_len = old.len,
				                  .out = &next};
				m.salt = (td_digest)TD_DIGEST_INIT;
				assert_int_equal(
				    td_template_render(&fresh, t, ctx, memo_partial, NULL, &diags), 0);
				/* every third render notes its reads: it takes nothing
				 * then, but writes the entries all the same */
				td_tmpl_reads rr = {0};
				bool noting = step % 3 == 2;
				assert_int_equal(td_template_render_memo(&kept, t, ctx, memo_partial, NULL,
				                                         &diags, noting ? &rr : NULL, &m),
				                 0);
				if (noting) { /* it takes nothing, and notes what a render notes */
					assert_int_equal(m.hits, 0);
					td_tmpl_reads plain = {0};
					td_buf again = TD_BUF_INIT;
					assert_int_equal(td_template_render_reads(&again, t, ctx,
					                                          memo_partial, NULL, &diags,
					                                          &plain),
					                 0);
					assert_true(same_reads(&rr, &plain));
					td_tmpl_reads_free(&plain);
					td_buf_free(&again);
				}
				td_tmpl_reads_free(&rr);
				if (fresh.len != kept.len ||
				    (fresh.len && memcmp(fresh.ptr, kept.ptr, fresh.len)))
					fail_msg("template %zu, chain %d, step %d: kept '%s', rendered '%s'",
					         ti, chain, step, kept.ptr ? kept.ptr : "",
					         fresh.ptr ? fresh.ptr : "");
				hits += m.hits;
				made += m.made;
				td_buf_free(&old);
				old = next;
				td_buf_free(&fresh);
				td_buf_free(&kept);
				td_digest_seeds_free(s);
				json_t *c = rnd_edit(ctx);
				json_decref(ctx);
				ctx = c;
			}
			td_buf_free(&old);
			json_decref(ctx);
		}
		td_template_free(t);
	}
	/* iterations were both taken and written */
	assert_true(hits > 1000);
	assert_true(made > 1000);
	assert_int_equal(diags.len, 0);
	td_diags_free(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal_values_equal_digests),
	    cmocka_unit_test(test_bytes_are_words),
	    cmocka_unit_test(test_any_difference_shows),
	    cmocka_unit_test(test_missing_and_shared),
	    cmocka_unit_test(test_budget),
	    cmocka_unit_test(test_budget_of_shared),
	    cmocka_unit_test(test_many_shared),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_reads_decide_the_text),
	    cmocka_unit_test(test_seeds),
	    cmocka_unit_test(test_memo_decides_the_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
