/* check_units.c - units and quantities (core/units.c) and RFC 3339
 * timestamps (core/timestamp.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/core.h"

static td_unit unit(const char *s)
{
	td_unit u;
	assert_int_equal(td_unit_parse(s, &u), 0);
	return u;
}

static double conv(double v, const char *from, const char *to)
{
	td_unit a = unit(from), b = unit(to);
	assert_true(td_unit_compatible(&a, &b));
	return td_unit_convert(v, &a, &b);
}

static void near(double have, double want)
{
	if (fabs(have - want) > 1e-9 * fmax(fabs(want), 1))
		fail_msg("have %.17g, want %.17g", have, want);
}

static void test_families(void **state)
{
	(void)state;
	struct {
		const char *s;
		td_unit_family f;
		const char *text;
	} cases[] = {
	    {"", TD_UNIT_NONE, ""},
	    {"B", TD_UNIT_BYTES, "B"},
	    {"GiB", TD_UNIT_BYTES, "GiB"},
	    {"GB/s", TD_UNIT_BYTE_RATE, "GB/s"},
	    {"KiB/s", TD_UNIT_BYTE_RATE, "KiB/s"},
	    {" MB/s ", TD_UNIT_BYTE_RATE, "MB/s"},
	    {"ms", TD_UNIT_TIME, "ms"},
	    {"\xC2\xB5s", TD_UNIT_TIME, "us"},
	    {"\xCE\xBCs", TD_UNIT_TIME, "us"},
	    {"min", TD_UNIT_TIME, "min"},
	    {"%", TD_UNIT_PERCENT, "%"},
	    {"req/s", TD_UNIT_COUNT_RATE, "req/s"},
	    {"ops/min", TD_UNIT_COUNT_RATE, "ops/min"},
	    {"IOPS", TD_UNIT_COUNT_RATE, "ops/s"},
	    {"/s", TD_UNIT_COUNT_RATE, "/s"},
	    {"widgets", TD_UNIT_OTHER, "widgets"},
	    {"GBs", TD_UNIT_OTHER, "GBs"},
	    {"gb/s", TD_UNIT_OTHER, "gb/s"},
	    {"Gb/s", TD_UNIT_OTHER, "Gb/s"},
	    {"KB", TD_UNIT_OTHER, "KB"},
	    {"GB/min", TD_UNIT_OTHER, "GB/min"},
	    {"Gbit/s", TD_UNIT_OTHER, "Gbit/s"},
	    {"MB", TD_UNIT_BYTES, "MB"},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		td_unit u = unit(cases[i].s);
		if (u.family != cases[i].f || strcmp(u.text, cases[i].text))
			fail_msg("'%s': family %d text '%s', want %d '%s'", cases[i].s, u.family, u.text,
			         cases[i].f, cases[i].text);
	}
	td_unit u;
	assert_int_equal(td_unit_parse("a-unit-name-that-is-far-too-long-to-keep-around", &u), -1);
}

static void test_conversions(void **state)
{
	(void)state;
	near(conv(1.21e9, "B/s", "GB/s"), 1.21);
	near(conv(1, "GiB/s", "B/s"), 1073741824.0);
	near(conv(1, "GiB/s", "GB/s"), 1.073741824);
	near(conv(1000, "MB/s", "GB/s"), 1);
	near(conv(1024, "MiB", "GiB"), 1);
	near(conv(1, "TB", "GB"), 1000);
	near(conv(1, "KiB/s", "kB/s"), 1.024);
	near(conv(250, "ms", "s"), 0.25);
	near(conv(1.5, "s", "us"), 1.5e6);
	near(conv(2, "min", "s"), 120);
	near(conv(1, "h", "min"), 60);
	near(conv(600, "req/min", "req/s"), 10);
	near(conv(3000, "IOPS", "ops/s"), 3000);
	near(conv(95, "%", "%"), 95);
	near(conv(7, "widgets", "widgets"), 7);
	/* exactly equal quantities stay equal through the conversion */
	assert_true(conv(1000, "MB/s", "GB/s") >= 1);
}

static void test_incompatible(void **state)
{
	(void)state;
	const char *pairs[][2] = {{"GB/s", "GB"},    {"GB/s", "s"}, {"ms", "%"},           {"req/s", "ops/s"},
	                          {"req/s", "MB/s"}, {"", "B/s"},   {"widgets", "gizmos"}, {"GBs", "GB/s"},
	                          {"%", ""},         {"ops/s", "s"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(pairs); i++) {
		td_unit a = unit(pairs[i][0]), b = unit(pairs[i][1]);
		if (td_unit_compatible(&a, &b) || td_unit_compatible(&b, &a))
			fail_msg("'%s' and '%s' should not compare", pairs[i][0], pairs[i][1]);
	}
}

static void test_quantities(void **state)
{
	(void)state;
	struct {
		const char *s;
		double v;
		const char *unit;
	} ok[] = {{"1 GB/s", 1, "GB/s"},    {"1GB/s", 1, "GB/s"},       {"1.5e9 B/s", 1.5e9, "B/s"},
	          {"  200 ms ", 200, "ms"}, {"95%", 95, "%"},           {"95 %", 95, "%"},
	          {"1000", 1000, ""},       {"-3 s", -3, "s"},          {".5 h", 0.5, "h"},
	          {"+2 min", 2, "min"},     {"10 \xC2\xB5s", 10, "us"}, {"3 /s", 3, "/s"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(ok); i++) {
		double v;
		td_unit u;
		if (td_quantity_parse(ok[i].s, &v, &u) != 0)
			fail_msg("'%s' should parse", ok[i].s);
		near(v, ok[i].v);
		assert_string_equal(u.text, ok[i].unit);
	}
	const char *bad[] = {"",           "GB/s",      "nan", "NaN GB/s", "inf",   "-inf s", "0x10 B",
	                     "1,000 MB/s", "1e999 B/s", "abc", "1.2.3 s",  "- 1 s", "1e400"};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		double v;
		td_unit u;
		if (td_quantity_parse(bad[i], &v, &u) == 0)
			fail_msg("'%s' should not parse", bad[i]);
	}
}

static void test_format(void **state)
{
	(void)state;
	struct {
		double v;
		const char *unit, *want;
	} cases[] = {{1.21, "GB/s", "1.21 GB/s"}, {0.3103, "GB/s", "0.31 GB/s"}, {541.2, "MB/s", "541 MB/s"},
	             {12.345, "s", "12.3 s"},     {1, "GB/s", "1 GB/s"},         {95, "%", "95%"},
	             {1000, "", "1000"},          {-0.0001, "s", "-0.0001 s"},   {0, "B", "0 B"},
	             {2.5e17, "B", "2.5e+17 B"},  {-0.001, "s", "0 s"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		td_buf b = TD_BUF_INIT;
		td_unit u = unit(cases[i].unit);
		td_quantity_format(&b, cases[i].v, &u);
		if (strcmp(td_buf_cstr(&b), cases[i].want))
			fail_msg("%g %s: '%s', want '%s'", cases[i].v, cases[i].unit, td_buf_cstr(&b),
			         cases[i].want);
		td_buf_free(&b);
	}
}

static void test_readable(void **state)
{
	(void)state;
	struct {
		double v;
		const char *unit, *want;
	} cases[] = {{541200516, "B/s", "MB/s"},
	             {1.21e9, "B/s", "GB/s"},
	             {999, "B/s", "B/s"},
	             {0, "B/s", "B/s"},
	             {3 * 1073741824.0, "B", "GB"},
	             {0.5, "GiB", "MiB"},
	             {3, "GiB", "GiB"},
	             {2048, "KiB/s", "MiB/s"},
	             {0.0013, "s", "ms"},
	             {5400, "s", "s"},
	             {2e-7, "s", "ns"},
	             {12, "ops/s", "ops/s"},
	             {0.5, "GB/s", "MB/s"},
	             {95, "%", "%"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
		td_unit u = unit(cases[i].unit), r;
		td_unit_readable(&r, &u, cases[i].v);
		if (strcmp(r.text, cases[i].want))
			fail_msg("%g %s reads best in '%s', want '%s'", cases[i].v, cases[i].unit, r.text,
			         cases[i].want);
	}
}

static void test_timestamps(void **state)
{
	(void)state;
	struct {
		const char *in, *out, *date;
		int64_t epoch;
	} ok[] = {
	    {"2025-11-05T14:03:00Z", "2025-11-05T14:03:00Z", "2025-11-05", 1762351380},
	    {"2025-11-05t14:03:00z", "2025-11-05T14:03:00Z", "2025-11-05", 1762351380},
	    {"2025-11-05 14:03:00Z", "2025-11-05T14:03:00Z", "2025-11-05", 1762351380},
	    {"2025-11-05T14:03:00.123456Z", "2025-11-05T14:03:00Z", "2025-11-05", 1762351380},
	    {"2025-11-05T16:03:00+02:00", "2025-11-05T16:03:00+02:00", "2025-11-05", 1762351380},
	    {"2025-11-05T23:30:00-05:00", "2025-11-05T23:30:00-05:00", "2025-11-05", 1762403400},
	    {"2025-11-06T00:30:00+01:00", "2025-11-06T00:30:00+01:00", "2025-11-06", 1762385400},
	    {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1970-01-01", 0},
	    {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z", "2024-02-29", 1709208000},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(ok); i++) {
		td_timestamp ts;
		if (td_timestamp_parse(ok[i].in, &ts) != 0)
			fail_msg("'%s' should parse", ok[i].in);
		assert_true(ts.known);
		assert_int_equal(ts.epoch, ok[i].epoch);
		char buf[32], day[11];
		td_timestamp_format(&ts, buf);
		assert_string_equal(buf, ok[i].out);
		td_date_format(ts.date, day);
		assert_string_equal(day, ok[i].date);
	}
	const char *bad[] = {"",
	                     "2025-11-05",
	                     "2025-11-05T14:03:00",
	                     "2025-11-05T14:03Z",
	                     "2025-13-05T14:03:00Z",
	                     "2025-02-29T14:03:00Z",
	                     "2025-11-05T24:00:00Z",
	                     "2025-11-05T14:60:00Z",
	                     "2025-11-05T14:03:00+2:00",
	                     "2025-11-05T14:03:00+0200",
	                     "2025-11-05T14:03:00.Z",
	                     "2025-11-05T14:03:00Z junk",
	                     "11/05/2025 14:03"};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_timestamp ts;
		if (td_timestamp_parse(bad[i], &ts) == 0)
			fail_msg("'%s' should not parse", bad[i]);
		assert_false(ts.known);
	}
	/* ordering: by instant, whatever the offset; unknown first */
	td_timestamp a, b, u = {0};
	assert_int_equal(td_timestamp_parse("2025-11-05T16:03:00+02:00", &a), 0);
	assert_int_equal(td_timestamp_parse("2025-11-05T14:03:01Z", &b), 0);
	assert_true(td_timestamp_cmp(&a, &b) < 0);
	assert_true(td_timestamp_cmp(&b, &a) > 0);
	assert_true(td_timestamp_cmp(&u, &a) < 0);
	assert_int_equal(td_timestamp_cmp(&u, &u), 0);
	assert_int_equal(td_timestamp_from_epoch(&a, INT64_MAX / 2, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_families),     cmocka_unit_test(test_conversions),
	    cmocka_unit_test(test_incompatible), cmocka_unit_test(test_quantities),
	    cmocka_unit_test(test_format),       cmocka_unit_test(test_readable),
	    cmocka_unit_test(test_timestamps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
