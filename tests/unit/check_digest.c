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

#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal_values_equal_digests),
	    cmocka_unit_test(test_any_difference_shows),
	    cmocka_unit_test(test_missing_and_shared),
	    cmocka_unit_test(test_budget),
	    cmocka_unit_test(test_many_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
