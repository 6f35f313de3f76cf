/* check_view.c - view/view.c's task objects made when first read
 * (td_view_build_lazy): each task's digest, folded from its members
 * without making them, is the digest of the object td_view_build makes;
 * a member read alone is that object's member; an object made whole is
 * that object, members in the same order; and the tree, every task made
 * whole, prints as td_view_build's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_plan.h"
#include "view/view.h"

/* Every kind of member a task object has: estimates of each shape or
 * none, shared and not; dependencies on tasks, phases (inherited too),
 * workstreams and external items, satisfied or not, some unknown; lists
 * empty and not; criteria of each kind; notes; every status. */
static const char WS1[] =
    "id: ws1\ntitle: One\nphases:\n"
    "  - id: p0\n    title: Zero\n    objective: first\n    tasks:\n"
    "      - {id: A, title: 'a \"quoted\" task', status: done, done_on: 2025-10-01, estimate: 4h}\n"
    "      - {id: B, title: b, status: in-progress, estimate: 2-3d, priority: high, owner: Kim,\n"
    "         depends_on: [A, EXT-1], notes: \"some *notes*\\n\\nwith lines\"}\n"
    "  - id: p1\n    title: One\n    depends_on: [p0, ws2]\n    tasks:\n"
    "      - id: C\n        title: c\n        estimate: 1w\n        depends_on: [B, D2]\n"
    "        blockers: [waiting on legal]\n        status: blocked\n"
    "        validation: [make test, make check]\n        deliverables: [a report]\n"
    "        criteria:\n"
    "          - {title: throughput, benchmark: seq-write, min: 1 GB/s}\n"
    "          - {title: reachable, check: ping}\n"
    "          - {title: signed off, done: true, owner: Lee}\n"
    "      - {id: D, title: d, estimate: 4h, status: review}\n"
    "      - {id: E, title: e, status: deferred}\n"
    "      - {id: F, title: f, status: dropped, estimate: 0.5h, depends_on: [A]}\n"
    "      - {id: G, title: g, estimate: 4h, priority: low, depends_on: [C, D, E]}\n";
static const char WS2[] = "id: ws2\ntitle: Two\n"
                          "external:\n"
                          "  - {id: EXT-1, title: hardware, expected_on: 2025-12-01, status: late}\n"
                          "phases:\n"
                          "  - id: q1\n    title: Q1\n    tasks:\n"
                          "      - {id: D2, title: d2, estimate: 2h, depends_on: [ws1]}\n"
                          "      - {id: H, title: h, depends_on: [q1, G]}\n";

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT); /* members in their order */
}

static void assert_same_json(const json_t *have, const json_t *want)
{
	char *h = dump(have), *w = dump(want);
	assert_string_equal(h, w);
	free(h);
	free(w);
}

/* The plan above as td_view_build makes it, and as td_view_build_lazy does. */
typedef struct views {
	json_t *eager, *lazy;
	td_view_task_fields *ef, *lf;
} views;

static views views_of(up_fixture *f)
{
	up_analyze(f, NULL, WS1, WS2, NULL);
	size_t n = f->plan->ntasks;
	assert_int_equal(n, 9);
	views v = {.ef = calloc(n, sizeof *v.ef), .lf = calloc(n, sizeof *v.lf)};
	v.eager = td_view_build_fields(f->plan, f->an, &f->diags, v.ef);
	v.lazy = td_view_build_lazy(f->plan, f->an, &f->diags, v.lf);
	return v;
}

static void views_free(views *v, up_fixture *f)
{
	td_view_lazy_end();
	json_decref(v->lazy);
	json_decref(v->eager);
	free(v->ef);
	free(v->lf);
	up_free(f);
}

static void test_lazy_is_the_view(void **state)
{
	up_fixture *f = *state;
	views vs = views_of(f);
	json_t *eager = vs.eager, *lazy = vs.lazy;
	td_view_task_fields *ef = vs.ef, *lf = vs.lf;
	size_t n = f->plan->ntasks;
	for (size_t i = 0; i < n; i++) {
		/* the digest, and the values a walk of the object takes */
		assert_true(ef[i].digested && lf[i].digested);
		assert_memory_equal(&ef[i].digest, &lf[i].digest, sizeof ef[i].digest);
		assert_int_equal(ef[i].values, lf[i].values);
		td_digest d;
		size_t values;
		assert_true(td_view_digest_of(lf[i].object, &d, &values));
		assert_memory_equal(&d, &ef[i].digest, sizeof d);
		/* the eager values, made whether or not the object is */
		assert_string_equal(json_string_value(lf[i].id), json_string_value(ef[i].id));
		assert_string_equal(json_string_value(lf[i].url), json_string_value(ef[i].url));
		assert_string_equal(json_string_value(lf[i].state), json_string_value(ef[i].state));
		/* each member read alone (the object stays as it is) */
		const char *k;
		json_t *want;
		json_object_foreach((json_t *)ef[i].object, k, want)
		{
			json_t *have = td_json_member(lf[i].object, k, strlen(k));
			assert_non_null(have);
			assert_same_json(have, want);
		}
		assert_null(td_json_member(lf[i].object, "no_such_member", 14));
		assert_true(td_view_digest_of(lf[i].object, &d, &values)); /* not made whole by reads */
	}
	/* every other task made whole; then the whole tree, which makes the rest */
	for (size_t i = 0; i < n; i += 2) {
		td_json_realize((json_t *)lf[i].object);
		td_digest d;
		size_t values;
		assert_false(td_view_digest_of(lf[i].object, &d, &values));
		assert_same_json(lf[i].object, ef[i].object);
		/* a digest walks it now, to the same digest */
		td_digester *g = td_digester_new();
		size_t budget = 100000;
		d = (td_digest)TD_DIGEST_INIT;
		assert_true(td_digest_container(g, &d, lf[i].object, &budget));
		assert_memory_equal(&d, &ef[i].digest, sizeof d);
		td_digester_free(g);
	}
	td_buf a = TD_BUF_INIT, b = TD_BUF_INIT;
	td_json_dump(&a, lazy, JSON_COMPACT);
	td_json_dump(&b, eager, JSON_COMPACT);
	assert_string_equal(td_buf_cstr(&a), td_buf_cstr(&b));
	td_buf_free(&a);
	td_buf_free(&b);
	views_free(&vs, f);
}

/* A digest of a page's reads through a lazy view is the digest through
 * the view made whole: seeded or not, whole or by a few names. */
static void test_lazy_digests_of_reads(void **state)
{
	up_fixture *f = *state;
	views vs = views_of(f);
	static const td_digest_read reads[][4] = {
	    {{"tasks", 5, false}},
	    {{"tasks.*.title", 13, false}, {"tasks.*.estimate.display", 24, false}},
	    {{"tasks.*.depends_on", 18, false}, {"ready", 5, true}, {"tasks.3.notes", 13, false}},
	    {{"workstreams.*.phases.*.tasks.*.slack_text", 41, false}, {"archive.undated.*.id", 20, false}},
	    /* shapes: a container's type and length, a scalar's value */
	    {{"tasks.*.depends_on", 18, true},
	     {"tasks.*.priority", 16, true},
	     {"tasks.*.estimate", 16, true},
	     {"tasks.*.criteria", 16, true}},
	    {{"tasks.*.blockers", 16, true}, {"tasks.*.blockers", 16, false}, {"tasks.*.owner", 13, true}},
	};
	static const size_t nreads[] = {1, 2, 3, 2, 4, 3};
	for (size_t r = 0; r < TD_ARRAY_LEN(nreads); r++) {
		td_digest want = TD_DIGEST_INIT, have = TD_DIGEST_INIT;
		td_digester *ge = td_digester_new(), *gl = td_digester_new();
		size_t be = 100000, bl = 100000;
		assert_true(td_digest_paths(ge, &want, vs.eager, reads[r], nreads[r], &be));
		assert_true(td_digest_paths(gl, &have, vs.lazy, reads[r], nreads[r], &bl));
		assert_memory_equal(&have, &want, sizeof want);
		assert_int_equal(be, bl);
		td_digester_free(ge);
		td_digester_free(gl);
	}
	views_free(&vs, f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lazy_is_the_view, up_setup, up_teardown),
	    cmocka_unit_test_setup_teardown(test_lazy_digests_of_reads, up_setup, up_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
