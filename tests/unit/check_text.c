/* check_text.c - core/text.c: natural id order, UTF-8 validation, mojibake
 * detection, edit distance and "did you mean". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "view/format.h"

static int sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

/* Asserts a < b and b > a. */
static void check_less(const char *a, const char *b)
{
	int ab = sign(td_natcmp(a, b)), ba = sign(td_natcmp(b, a));
	if (ab != -1 || ba != 1)
		fail_msg("expected '%s' < '%s' (got %d / %d)", a, b, ab, ba);
}

static int cmp_natural(const void *x, const void *y)
{
	return td_natcmp(*(const char *const *)x, *(const char *const *)y);
}

static void test_natcmp_schema_examples(void **state)
{
	(void)state;
	check_less("TASK-046", "TASK-046.1");
	check_less("TASK-046.1", "TASK-047");
	check_less("TASK-046", "TASK-047");
	check_less("CLOUD-1.9", "CLOUD-1.10");
	check_less("TASK-9", "TASK-10");
	check_less("TASK-028", "TASK-028.1");
	check_less("TASK-028.1", "TASK-028.2");
	check_less("TASK-028.9", "TASK-028.10");
	check_less("hpc-phase-2", "hpc-phase-10");
	assert_int_equal(td_natcmp("TASK-046", "TASK-046"), 0);
	assert_int_equal(td_natcmp("", ""), 0);
}

static void test_natcmp_non_digits_and_prefixes(void **state)
{
	(void)state;
	check_less("", "a");
	check_less("a", "b");
	check_less("TASK", "TASK-1");
	check_less("A-1", "B-0");
	check_less("B", "a");   /* bytes: upper case first */
	check_less("x1", "xa"); /* '1' < 'a' */
	check_less("a1b", "a1c");
	check_less("a2", "a10b");
	check_less("v1.2.9", "v1.2.10");
	check_less("v1.10.0", "v2.0.0");
}

static void test_natcmp_leading_zeros_and_big_numbers(void **state)
{
	(void)state;
	/* equal value: still a total order, by bytes */
	check_less("007", "7");
	check_less("TASK-01", "TASK-1");
	check_less("TASK-1", "TASK-002");
	check_less("TASK-002", "TASK-3");
	check_less("TASK-099", "TASK-100");
	/* runs longer than any integer type */
	check_less("x99999999999999999999999", "x100000000000000000000000");
	check_less("x123456789012345678901234567890", "x123456789012345678901234567891");
	assert_int_equal(td_natcmp("x00000000000000000000001", "x00000000000000000000001"), 0);
}

static void test_natcmp_sorts_ids(void **state)
{
	(void)state;
	const char *ids[] = {"TASK-047", "CLOUD-1.10", "TASK-046.1",  "TASK-100",   "CLOUD-1.9", "TASK-046",
	                     "CLOUD-2",  "TASK-5",     "TASK-046.10", "TASK-046.2", "CLOUD-1"};
	static const char *const want[] = {"CLOUD-1",     "CLOUD-1.9", "CLOUD-1.10", "CLOUD-2",
	                                   "TASK-5",      "TASK-046",  "TASK-046.1", "TASK-046.2",
	                                   "TASK-046.10", "TASK-047",  "TASK-100"};
	qsort(ids, TD_ARRAY_LEN(ids), sizeof ids[0], cmp_natural);
	for (size_t i = 0; i < TD_ARRAY_LEN(want); i++)
		assert_string_equal(ids[i], want[i]);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	static const char *const ok[] = {
	    "",
	    "plain ASCII",
	    "caf\xC3\xA9",       /* é */
	    "\xE2\x9C\x85 done", /* ✅ */
	    "\xF0\x9F\x98\x80",  /* 😀 */
	    "\xC2\x80",          /* U+0080, smallest 2-byte */
	    "\xDF\xBF",          /* U+07FF */
	    "\xE0\xA0\x80",      /* U+0800, smallest 3-byte */
	    "\xED\x9F\xBF",      /* U+D7FF, just below surrogates */
	    "\xEE\x80\x80",      /* U+E000, just above */
	    "\xEF\xBF\xBF",      /* U+FFFF */
	    "\xF0\x90\x80\x80",  /* U+10000 */
	    "\xF4\x8F\xBF\xBF",  /* U+10FFFF, the last code point */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(ok); i++)
		assert_int_equal(td_utf8_invalid_at(ok[i], strlen(ok[i])), 0);
	/* an embedded NUL is valid UTF-8 */
	assert_int_equal(td_utf8_invalid_at("a\0b", 3), 0);
	/* n bounds the check */
	assert_int_equal(td_utf8_invalid_at("ab\xFF", 2), 0);
}

static void test_utf8_invalid_offsets(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t want; /* offset of the bad byte + 1 */
	} cases[] = {
	    {"\xFF", 1},
	    {"ab\xFF"
	     "cd",
	     3},
	    {"\x80", 1},             /* lone continuation byte */
	    {"caf\xE9", 4},          /* Latin-1 é */
	    {"\xC0\x80", 1},         /* overlong NUL */
	    {"\xC1\xBF", 1},         /* overlong */
	    {"\xE0\x80\x80", 1},     /* overlong 3-byte */
	    {"\xE0\x9F\xBF", 1},     /* overlong U+07FF */
	    {"\xF0\x80\x80\x80", 1}, /* overlong 4-byte */
	    {"\xF0\x8F\xBF\xBF", 1}, /* overlong U+FFFF */
	    {"\xED\xA0\x80", 1},     /* surrogate U+D800 */
	    {"\xED\xBF\xBF", 1},     /* surrogate U+DFFF */
	    {"\xF4\x90\x80\x80", 1}, /* U+110000 */
	    {"\xF5\x80\x80\x80", 1}, /* lead byte past F4 */
	    {"ok \xE2\x9C", 4},      /* truncated at the end */
	    {"\xE2\x9C"
	     "x",
	     1},                             /* continuation missing */
	    {"\xC3\xA9\xC3", 3},             /* good é, then a cut one */
	    {"\xE2\x9C\x85\xE2\x28\xA1", 4}, /* second sequence broken */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		size_t got = td_utf8_invalid_at(cases[i].s, strlen(cases[i].s));
		if (got != cases[i].want)
			fail_msg("case %zu: got %zu, expected %zu", i, got, cases[i].want);
	}
	/* a sequence cut by n is invalid even if the bytes after n would complete it */
	assert_int_equal(td_utf8_invalid_at("\xE2\x9C\x85", 2), 1);
}

/* A bad byte, or a good multi-byte character, at every place in and around
 * the ASCII runs that td_utf8_invalid_at takes eight bytes at a time. */
static void test_utf8_invalid_every_offset(void **state)
{
	(void)state;
	for (size_t len = 1; len <= 40; len++)
		for (size_t at = 0; at < len; at++) {
			char s[48];
			memset(s, 'a', len);
			s[at] = '\xFF';
			assert_int_equal(td_utf8_invalid_at(s, len), at + 1);
			if (at + 2 <= len) {
				s[at] = '\xC3'; /* é, whole */
				s[at + 1] = '\xA9';
				assert_int_equal(td_utf8_invalid_at(s, len), 0);
				assert_int_equal(td_utf8_invalid_at(s, at + 1), at + 1); /* cut off by n */
			}
		}
}

/* Mojibake is found wherever it starts, after any run of ASCII. */
static void test_mojibake_after_ascii(void **state)
{
	(void)state;
	for (size_t pre = 0; pre < 20; pre++) {
		char s[64];
		memset(s, 'x', pre);
		strcpy(s + pre, "\xC3\xA2\xC5\x93\xE2\x80\xA6 done"); /* "âœ…" */
		const char *where = NULL;
		assert_true(td_text_is_mojibake(s, &where));
		assert_ptr_equal(where, s + pre);
		strcpy(s + pre, "\xE2\x9C\x85 done"); /* the real ✅ */
		assert_false(td_text_is_mojibake(s, NULL));
	}
}

static void test_mojibake_detected(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t at; /* byte offset of the garbled run */
	} cases[] = {
	    {"Status: \xC3\xA2\xC5\x93\xE2\x80\xA6 done", 8}, /* "âœ…" = ✅ read as cp1252 */
	    {"caf\xC3\x83\xC2\xA9", 3},                       /* "cafÃ©" = café */
	    {"it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s", 2},       /* "itâ€™s" = it's */
	    {"\xC3\xA2\xE2\x82\xAC\xE2\x80\x9D", 0},          /* "â€”" = em dash */
	    {"\xC3\x83\xC2\xA0 la", 0},                       /* "Ã" + NBSP = à */
	    {"x \xC3\xB0\xC5\xB8\xCB\x9C\xE2\x82\xAC", 2},    /* "ðŸ˜€" = 😀 */
	    {"\xC3\xB0\xC5\xB8\xCB\x9C", 0},                  /* 😀 with its last byte lost */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		const char *where = NULL;
		if (!td_text_is_mojibake(cases[i].s, &where))
			fail_msg("case %zu should be mojibake", i);
		assert_ptr_equal(where, cases[i].s + cases[i].at);
	}
	/* where may be NULL */
	assert_true(td_text_is_mojibake("caf\xC3\x83\xC2\xA9", NULL));
}

static void test_mojibake_clean_text(void **state)
{
	(void)state;
	static const char *const clean[] = {
	    "",
	    "plain ASCII text",
	    "caf\xC3\xA9",                     /* café */
	    "na\xC3\xAFve d\xC3\xA9j\xC3\xA0", /* naïve déjà */
	    "S\xC3\xA3o Paulo",                /* São */
	    "Gr\xC3\xB6\xC3\x9F"
	    "e",                 /* Größe */
	    "\xE2\x9C\x85 done", /* ✅ */
	    "\xF0\x9F\x98\x80",  /* 😀 */
	    "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 dash",
	    "\xC3\xA9\xE2\x80\xA6", /* "é…": one look-alike is not enough */
	    "\xC3\x83",             /* "Ã" alone */
	    "\xC3\xA0\xE2\x82\xAC", /* "à€": à needs two */
	    "\xC2\xA9 2025",        /* © */
	    "1 \xC2\xB0"
	    "C", /* ° */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(clean); i++) {
		const char *where = "untouched";
		if (td_text_is_mojibake(clean[i], &where))
			fail_msg("case %zu ('%s') is not mojibake", i, clean[i]);
		assert_string_equal(where, "untouched");
	}
}

static void test_mojibake_typography_is_not_mojibake(void **state)
{
	(void)state;
	/* French puts a no-break space inside guillemets, German quotes with
	 * reversed guillemets: correct UTF-8 text that must not be flagged.
	 * ("\xC3\xA9\xC2\xA0\xC2\xBB" re-encoded as cp1252 would be U+983B, and
	 * "\xC3\x9F\xC2\xAB" U+07EB, an NKo combining mark: not what a plan says.) */
	static const char *const clean[] = {
	    "Il a dit \xC2\xAB\xC2\xA0"
	    "caf\xC3\xA9\xC2\xA0\xC2\xBB", /* « café » */
	    "\xC2\xBB"
	    "Fu\xC3\x9F\xC2\xAB", /* »Fuß« */
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(clean); i++)
		if (td_text_is_mojibake(clean[i], NULL))
			fail_msg("case %zu ('%s') is correct UTF-8 typography, not mojibake", i, clean[i]);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(td_edit_distance("", "", 3), 0);
	assert_int_equal(td_edit_distance("abc", "abc", 3), 0);
	assert_int_equal(td_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(td_edit_distance("prority", "priority", 3), 1);
	assert_int_equal(td_edit_distance("priority", "prority", 3), 1);
	assert_int_equal(td_edit_distance("ab", "ba", 3), 2); /* no transpositions */
	assert_int_equal(td_edit_distance("", "abc", 5), 3);
	assert_int_equal(td_edit_distance("abc", "", 5), 3);
	assert_int_equal(td_edit_distance("flaw", "lawn", 5), 2);
	assert_int_equal(td_edit_distance("TASK-046", "TASK-064", 5), 2);
	assert_int_equal(td_edit_distance("depends_on", "depend_on", 3), 1);
}

static void test_edit_distance_cap(void **state)
{
	(void)state;
	/* beyond the cap the answer is cap + 1 */
	assert_int_equal(td_edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(td_edit_distance("kitten", "sitting", 1), 2);
	assert_int_equal(td_edit_distance("kitten", "sitting", 0), 1);
	assert_int_equal(td_edit_distance("kitten", "sitting", 3), 3);
	assert_int_equal(td_edit_distance("", "abcdef", 2), 3); /* length gap alone */
	assert_int_equal(td_edit_distance("abcdef", "uvwxyz", 2), 3);
	assert_int_equal(td_edit_distance("abcdefgh", "abcdefgh", 0), 0);
	assert_int_equal(td_edit_distance("a", "b", 0), 1);
}

static void test_did_you_mean(void **state)
{
	(void)state;
	static const char *const keys[] = {"id",      "title",      "priority", "estimate",
	                                   "status",  "depends_on", "blockers", "owner",
	                                   "done_on", "validation", NULL};
	assert_string_equal(td_did_you_mean("prority", keys), "priority");
	assert_string_equal(td_did_you_mean("Priority", keys), "priority");
	assert_string_equal(td_did_you_mean("titel", keys), "title");
	assert_string_equal(td_did_you_mean("dependson", keys), "depends_on");
	assert_string_equal(td_did_you_mean("depends-on", keys), "depends_on");
	assert_string_equal(td_did_you_mean("blocker", keys), "blockers");
	assert_string_equal(td_did_you_mean("statu", keys), "status");
	assert_string_equal(td_did_you_mean("estimat", keys), "estimate");
	/* two characters allow one edit: "ID" is two away from "id" */
	assert_null(td_did_you_mean("ID", keys));
}

static void test_did_you_mean_none_and_ties(void **state)
{
	(void)state;
	static const char *const keys[] = {"id", "title", "priority", "estimate", "status", NULL};
	static const char *const empty[] = {NULL};
	assert_null(td_did_you_mean("zzzzzzzz", keys));
	assert_null(td_did_you_mean("colour", keys));
	assert_null(td_did_you_mean("prio", keys)); /* 4 deletions away */
	assert_null(td_did_you_mean("anything", empty));
	/* an exact match is its own best */
	assert_string_equal(td_did_you_mean("status", keys), "status");
	/* short words allow one edit only */
	assert_string_equal(td_did_you_mean("ix", keys), "id");
	static const char *const ab[] = {"cat", "car", NULL};
	/* equal distance: the first candidate wins */
	assert_string_equal(td_did_you_mean("cab", ab), "cat");
	static const char *const ba[] = {"car", "cat", NULL};
	assert_string_equal(td_did_you_mean("cab", ba), "car");
	/* the closer candidate wins regardless of order */
	static const char *const st[] = {"status", "state", NULL};
	assert_string_equal(td_did_you_mean("stat", st), "state");
}

/* File names from free text (sprint and benchmark names) stay short enough
 * for any file system: long ones become a prefix and a hash (issue 15). */
static void test_file_stem(void **state)
{
	(void)state;
	td_buf a = TD_BUF_INIT, b = TD_BUF_INIT, c = TD_BUF_INIT;
	td_view_file_stem(&a, "short-name");
	assert_string_equal(td_buf_cstr(&a), "short-name");
	char longer[301], other[301];
	memset(longer, 'x', 300);
	longer[300] = '\0';
	memcpy(other, longer, sizeof other);
	other[299] = 'y';
	td_buf_clear(&a);
	td_view_file_stem(&a, longer);
	td_view_file_stem(&b, longer);
	td_view_file_stem(&c, other);
	assert_int_equal(a.len, TD_VIEW_STEM_MAX);
	assert_string_equal(td_buf_cstr(&a), td_buf_cstr(&b)); /* deterministic */
	assert_string_not_equal(td_buf_cstr(&a), td_buf_cstr(&c)); /* distinct */
	assert_int_equal(strncmp(td_buf_cstr(&a), longer, TD_VIEW_STEM_MAX - 17), 0);
	td_buf_free(&a);
	td_buf_free(&b);
	td_buf_free(&c);
}

/* td_buf_put_line_num writes what "%zu\n" does, and td_num_get reads it;
 * td_buf_put_num what "%zu" does. */
static void test_line_num(void **state)
{
	(void)state;
	static const size_t v[] = {0, 1, 9, 10, 99, 100, 12345, 4294967295u, 4294967296u, SIZE_MAX / 100};
	for (size_t i = 0; i < TD_ARRAY_LEN(v); i++) {
		td_buf a = TD_BUF_INIT, b = TD_BUF_INIT;
		td_buf_put_line_num(&a, v[i]);
		td_buf_printf(&b, "%zu\n", v[i]);
		assert_string_equal(td_buf_cstr(&a), td_buf_cstr(&b));
		size_t pos = 0, got = 0;
		assert_true(td_num_get(a.ptr, a.len, &pos, &got));
		assert_true(got == v[i] && pos == a.len);
		td_buf_clear(&a);
		td_buf_clear(&b);
		td_buf_puts(&a, "x"); /* appended, with no newline */
		td_buf_put_num(&a, v[i]);
		td_buf_printf(&b, "x%zu", v[i]);
		assert_string_equal(td_buf_cstr(&a), td_buf_cstr(&b));
		td_buf_free(&a);
		td_buf_free(&b);
	}
	td_buf c = TD_BUF_INIT;
	td_buf_put_num(&c, SIZE_MAX);
	td_buf d = TD_BUF_INIT;
	td_buf_printf(&d, "%zu", (size_t)SIZE_MAX);
	assert_string_equal(td_buf_cstr(&c), td_buf_cstr(&d));
	td_buf_free(&c);
	td_buf_free(&d);
}

/* The parts of a cache value: what td_part_put writes td_part_get reads
 * back; anything damaged is refused, never read past its end. */
static void test_parts(void **state)
{
	(void)state;
	td_buf b = TD_BUF_INIT;
	td_part_put(&b, "ab", 2);
	td_part_put(&b, NULL, 0);
	td_part_put(&b, "x\ny", 3);
	size_t pos = 0, len = 0;
	const char *p = NULL;
	assert_true(td_part_get(b.ptr, b.len, &pos, &p, &len));
	assert_int_equal(len, 2);
	assert_memory_equal(p, "ab", 2);
	assert_true(td_part_get(b.ptr, b.len, &pos, &p, &len));
	assert_int_equal(len, 0);
	assert_true(td_part_get(b.ptr, b.len, &pos, &p, &len));
	assert_memory_equal(p, "x\ny", 3);
	assert_int_equal(pos, b.len);
	assert_false(td_part_get(b.ptr, b.len, &pos, &p, &len)); /* nothing left */
	td_buf_free(&b);
	static const char *const bad[] = {"5\nab", "x\nab", "\nab", "2ab", "99999999999999999999\nab", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		pos = 0;
		assert_false(td_part_get(bad[i], strlen(bad[i]), &pos, &p, &len));
	}
}

/* SHA-256 against FIPS 180-4's examples, at each padding boundary (55,
 * 56, 63, 64 bytes) against the one-shot digest of a longer run; with the
 * SHA extensions where the processor has them and with the plain code,
 * which must agree on every length and alignment. */
static void sha256_vectors(void)
{
	char h[65];
	td_sha256_hex(h, "", 0);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	td_sha256_hex(h, "abc", 3);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes */
	td_sha256_hex(h, two, strlen(two));
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *m = malloc(1000000);
	memset(m, 'a', 1000000);
	td_sha256_hex(h, m, 1000000);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
	char prev[65] = "";
	for (size_t n = 54; n <= 65; n++) { /* every length near a block: distinct digests */
		td_sha256_hex(h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", n);
		assert_int_equal(strlen(h), 64);
		assert_string_not_equal(h, prev);
		memcpy(prev, h, sizeof h);
	}
}

static void test_sha256(void **state)
{
	(void)state;
	sha256_vectors(); /* the SHA extensions where there are some */
	unsigned char *d = malloc(1000);
	for (int i = 0; i < 1000; i++)
		d[i] = (unsigned char)(i * 131 + 7);
	char fast[65], plain[65];
	for (size_t off = 0; off < 3; off++)
		for (size_t n = 0; n + off <= 1000; n += 37) {
			td_sha256_hex(fast, d + off, n);
			setenv("TD_SHA256_PORTABLE", "1", 1);
			td_sha256_hex(plain, d + off, n);
			unsetenv("TD_SHA256_PORTABLE");
			assert_string_equal(fast, plain);
		}
	free(d);
	setenv("TD_SHA256_PORTABLE", "1", 1);
	sha256_vectors();
	unsetenv("TD_SHA256_PORTABLE");
}

/* A region: what it hands out is aligned, distinct and its own; a big
 * request comes from malloc (not in a block) and goes with the region or
 * td_region_release; reset reuses the same blocks. */
static void test_region(void **state)
{
	(void)state;
	td_region *r = td_region_new();
	assert_false(td_region_owns(r, NULL));
	char *first = td_region_alloc(r, 1);
	char *prev = first;
	for (int i = 0; i < 100000; i++) { /* several blocks' worth */
		char *p = td_region_alloc(r, (size_t)(i % 200));
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(td_region_owns(r, p));
		assert_true(p != prev);
		memset(p, 0x5a, (size_t)(i % 200));
		prev = p;
	}
	/* big ones from malloc: released one by one, or with the region
	 * (ASan and valgrind would see a leak or a double free) */
	char *big = td_region_alloc(r, 1 << 20);
	assert_false(td_region_owns(r, big));
	memset(big, 1, 1 << 20);
	td_region_release(r, big);
	for (int i = 0; i < 300; i++) { /* the set grows and reuses deleted slots */
		char *b = td_region_alloc(r, (size_t)(200 << 10) + (size_t)i);
		if (i % 3)
			td_region_release(r, b);
	}
	td_region_release(r, first); /* in a block: nothing */
	int on_stack = 0;
	char *heap = malloc(16);
	assert_false(td_region_owns(r, &on_stack));
	assert_false(td_region_owns(r, heap));
	td_region_release(r, heap); /* not the region's: free() */
	td_region_release(NULL, malloc(8));
	td_region_reset(r);
	assert_ptr_equal(td_region_alloc(r, 1), first); /* the same memory again */
	(void)td_region_alloc(r, 1 << 18);
	td_region_free(r);
	td_region_free(NULL);
	assert_false(td_region_owns(NULL, first));
	/* 8-byte alignment: packed as tightly as that allows */
	r = td_region_new_aligned(8);
	char *a = td_region_alloc(r, 1), *b = td_region_alloc(r, 9), *c = td_region_alloc(r, 8);
	assert_int_equal((uintptr_t)a % 8, 0);
	assert_ptr_equal(b, a + 8);
	assert_ptr_equal(c, b + 16);
	assert_true(td_region_owns(r, c));
	td_region_free(r);
}

/* Blocks made ready by a helper thread: taken as the region fills (its
 * memory as usable as any), the ones not taken given back when it ends;
 * a small request starts nothing; ending twice, or a region freed while
 * the helper still works, is fine (valgrind and ASan see no leak). */
static void test_region_prefault(void **state)
{
	(void)state;
	td_region *r = td_region_new();
	td_region_prefault(r, 1 << 20); /* under 8 MiB: no helper */
	td_region_prefault_end(r);
	td_region_prefault(r, (size_t)40 << 20);
	td_region_prefault(r, (size_t)40 << 20); /* already helping: nothing more */
	size_t total = 0;
	while (total < ((size_t)24 << 20)) {
		char *p = td_region_alloc(r, 4000);
		assert_true(td_region_owns(r, p));
		memset(p, 0x33, 4000);
		total += 4000;
	}
	assert_true(td_region_bytes(r) >= total);
	td_region_prefault_end(r);
	td_region_prefault_end(r);
	char *after = td_region_alloc(r, 4000); /* blocks made as needed again */
	memset(after, 1, 4000);
	td_region_free(r);
	r = td_region_new();
	td_region_prefault(r, (size_t)64 << 20);
	(void)td_region_alloc(r, 8);
	td_region_free(r); /* stops and joins the helper */
}

/* A region filled by another thread, merged: into owns its blocks and
 * big allocations (freed once, with into: ASan sees no double free or
 * leak), what was in them stays, and into's next allocations overwrite
 * nothing of either, whether into had blocks, spares kept by a reset, or
 * none. */
static void test_region_merge(void **state)
{
	(void)state;
	for (int kind = 0; kind < 3; kind++) {
		td_region *into = td_region_new(), *from = td_region_new();
		char *mine = NULL;
		if (kind >= 1) {
			for (int i = 0; i < 40000; i++) /* several blocks */
				mine = td_region_alloc(into, 100);
			memset(mine, 'm', 100);
		}
		if (kind == 2) { /* spares after the block being filled */
			td_region_reset(into);
			mine = td_region_alloc(into, 100);
			memset(mine, 'm', 100);
		}
		char *theirs[3000];
		for (int i = 0; i < 3000; i++) {
			theirs[i] = td_region_alloc(from, 1000);
			memset(theirs[i], 't', 1000);
		}
		char *big = td_region_alloc(from, 1 << 20), *gone = td_region_alloc(from, 1 << 20);
		memset(big, 'b', 1 << 20);
		td_region_release(from, gone);
		td_region_merge(into, from);
		td_region_merge(into, NULL);
		for (int i = 0; i < 3000; i += 100)
			assert_true(td_region_owns(into, theirs[i]));
		for (int i = 0; i < 60000; i++) { /* into fills on, past its spares */
			char *p = td_region_alloc(into, 100);
			assert_true(td_region_owns(into, p));
			memset(p, 'n', 100);
		}
		for (int i = 0; i < 3000; i++)
			assert_true(theirs[i][0] == 't' && theirs[i][999] == 't');
		assert_true(big[0] == 'b' && big[(1 << 20) - 1] == 'b');
		if (mine)
			assert_true(mine[0] == 'm' && mine[99] == 'm');
		td_region_free(into);
	}
}

/* Work shared with a second process: every piece's bytes whoever made
 * them; what the child fails is done again here; a piece that fails here
 * too is reported. */
static pid_t split_parent;

static bool split_work(void *ud, size_t i, td_buf *out)
{
	int mode = *(int *)ud;
	if (mode == 1 && getpid() != split_parent && i % 3 == 0)
		return false; /* the child fails every third piece it takes */
	if (mode == 2 && i == 7)
		return false;
	for (size_t k = 0; k <= i % 50; k++)
		td_buf_printf(out, "piece %zu line %zu\n", i, k);
	return true;
}

/* fin: takes each piece's bytes, once, in the calling process */
typedef struct {
	int mode;
	td_buf got[200];
	int calls[200];
} split_fin_ctx;

static bool split_work_fin(void *ud, size_t i, td_buf *out)
{
	return split_work(&((split_fin_ctx *)ud)->mode, i, out);
}

static void split_fin(void *ud, size_t i, td_buf *out)
{
	split_fin_ctx *c = ud;
	assert_int_equal(getpid(), split_parent);
	c->calls[i]++;
	td_buf_put(&c->got[i], out->ptr ? out->ptr : "", out->len);
	td_buf_free(out);
}

static void test_split(void **state)
{
	(void)state;
	enum { N = 200 };
	split_parent = getpid();
	size_t order[N];
	for (size_t i = 0; i < N; i++)
		order[i] = N - 1 - i;
	for (int mode = 0; mode < 3; mode++) {
		td_buf one[N] = {{0}}, two[N] = {{0}};
		bool ok1 = false, ok2 = false;
		assert_int_equal(td_split_run(N, NULL, false, split_work, NULL, &mode, one, &ok1), 0);
		size_t by_child = td_split_run(N, order, true, split_work, NULL, &mode, two, &ok2);
		/* a child that fails a piece hands back fewer than all; one that
		 * fails none may do all of them when this process gets no
		 * processor (a loaded machine) */
		assert_true(mode == 0 ? by_child <= N : by_child < N);
		assert_int_equal(ok1, mode != 2);
		assert_int_equal(ok2, mode != 2);
		for (size_t i = 0; i < N; i++) {
			if (mode == 2 && i == 7)
				continue; /* failed: whatever it left */
			assert_int_equal(one[i].len, two[i].len);
			assert_memory_equal(one[i].ptr, two[i].ptr, one[i].len);
			td_buf_free(&one[i]);
			td_buf_free(&two[i]);
		}
		td_buf_free(&one[7]);
		td_buf_free(&two[7]);
	}
	for (int mode = 0; mode < 3; mode++) {
		td_buf one[N] = {{0}}, two[N] = {{0}};
		split_fin_ctx *c = td_xcalloc(1, sizeof *c);
		c->mode = mode;
		bool ok1 = false, ok2 = false;
		assert_int_equal(td_split_run(N, NULL, false, split_work, NULL, &mode, one, &ok1), 0);
		td_split_run(N, order, true, split_work_fin, split_fin, c, two, &ok2);
		assert_int_equal(ok2, mode != 2);
		for (size_t i = 0; i < N; i++) {
			assert_int_equal(two[i].len, 0); /* fin took them all */
			if (mode == 2 && i == 7) {
				assert_int_equal(c->calls[i], 0); /* failed: not handed on */
			} else {
				assert_int_equal(c->calls[i], 1);
				assert_int_equal(one[i].len, c->got[i].len);
				assert_memory_equal(one[i].ptr, c->got[i].ptr, one[i].len);
			}
			td_buf_free(&one[i]);
			td_buf_free(&two[i]);
			td_buf_free(&c->got[i]);
		}
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_natcmp_schema_examples),
	    cmocka_unit_test(test_natcmp_non_digits_and_prefixes),
	    cmocka_unit_test(test_natcmp_leading_zeros_and_big_numbers),
	    cmocka_unit_test(test_natcmp_sorts_ids),
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_utf8_invalid_offsets),
	    cmocka_unit_test(test_utf8_invalid_every_offset),
	    cmocka_unit_test(test_mojibake_after_ascii),
	    cmocka_unit_test(test_mojibake_detected),
	    cmocka_unit_test(test_mojibake_clean_text),
	    cmocka_unit_test(test_mojibake_typography_is_not_mojibake),
	    cmocka_unit_test(test_edit_distance),
	    cmocka_unit_test(test_edit_distance_cap),
	    cmocka_unit_test(test_did_you_mean),
	    cmocka_unit_test(test_did_you_mean_none_and_ties),
	    cmocka_unit_test(test_file_stem),
	    cmocka_unit_test(test_parts),
	    cmocka_unit_test(test_line_num),
	    cmocka_unit_test(test_sha256),
	    cmocka_unit_test(test_region),
	    cmocka_unit_test(test_region_prefault),
	    cmocka_unit_test(test_region_merge),
	    cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
