/* check_dates.c - core/dates.c: civil <-> day numbers, parsing, formatting,
 * weekdays, ISO weeks and epoch conversion. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/core.h"

/* Parses s, asserting success, and returns the day number. */
static td_date parse_ok(const char *s)
{
	td_date d = TD_DATE_NONE;
	if (td_date_parse(s, &d) != 0)
		fail_msg("'%s' should parse", s);
	return d;
}

static void test_from_ymd_known_days(void **state)
{
	(void)state;
	assert_int_equal(td_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(td_date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(td_date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(td_date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(td_date_from_ymd(2024, 2, 29), 19782);
	assert_int_equal(td_date_from_ymd(2025, 10, 28), 20389);
	assert_int_equal(td_date_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(td_date_from_ymd(9999, 12, 31), 2932896);
}

static void test_to_ymd_round_trip(void **state)
{
	(void)state;
	int y, m, d;
	td_date_to_ymd(0, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	td_date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	td_date_to_ymd(19782, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	/* every day from 1900-01-01 to 2100-12-31 survives the round trip and
	 * days are consecutive */
	td_date first = td_date_from_ymd(1900, 1, 1), last = td_date_from_ymd(2100, 12, 31);
	int py = 1899, pm = 12, pd = 31;
	for (td_date z = first; z <= last; z++) {
		td_date_to_ymd(z, &y, &m, &d);
		assert_int_equal(td_date_from_ymd(y, m, d), z);
		bool next_day = y == py && m == pm && d == pd + 1;
		bool next_month = y == py && m == pm + 1 && d == 1;
		bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
		assert_true(next_day || next_month || next_year);
		py = y, pm = m, pd = d;
	}
}

static void test_parse_valid(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1970-01-01"), 0);
	assert_int_equal(parse_ok("2025-10-28"), 20389);
	assert_int_equal(parse_ok("2024-02-29"), 19782);
	assert_int_equal(parse_ok("2000-02-29"), td_date_from_ymd(2000, 2, 29));
	assert_int_equal(parse_ok("1900-01-01"), -25567);
	assert_int_equal(parse_ok("2025-12-31"), td_date_from_ymd(2025, 12, 31));
	assert_int_equal(parse_ok("2025-04-30"), td_date_from_ymd(2025, 4, 30));
}

static void test_parse_rejects_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "2025-1-01",
	    "2025-01-1",
	    "25-01-01",
	    "2025/01/01",
	    "2025-01-01x",
	    " 2025-01-01",
	    "2025-01-01 ",
	    "20250101",
	    "2025-0a-01",
	    "2025--1-01",
	    "+025-01-01",
	    "2025-01-0",
	    "2025_01_01",
	    "2025-1-1",
	    "yyyy-mm-dd",
	    "2025-01-01T00:00:00Z",
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_date d = 12345;
		if (td_date_parse(bad[i], &d) != -1)
			fail_msg("'%s' should not parse", bad[i]);
		assert_int_equal(d, 12345); /* out untouched */
	}
}

static void test_parse_rejects_impossible_days(void **state)
{
	(void)state;
	static const char *const bad[] = {"2025-00-10", "2025-13-01", "2025-01-00", "2025-01-32",
	                                  "2025-04-31", "2025-06-31", "2025-02-29", "2021-02-29",
	                                  "1900-02-29", "2100-02-29", "2024-02-30", "2025-11-31"};
	for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
		td_date d;
		if (td_date_parse(bad[i], &d) != -1)
			fail_msg("'%s' is not a real day", bad[i]);
	}
}

static void test_format(void **state)
{
	(void)state;
	char out[11];
	td_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	td_date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
	td_date_format(20389, out);
	assert_string_equal(out, "2025-10-28");
	td_date_format(td_date_from_ymd(2000, 2, 29), out);
	assert_string_equal(out, "2000-02-29");
	td_date_format(td_date_from_ymd(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
	td_date_format(td_date_from_ymd(1900, 1, 1), out);
	assert_string_equal(out, "1900-01-01");
	/* parse(format(x)) == x */
	for (td_date z = td_date_from_ymd(1999, 12, 1); z < td_date_from_ymd(2001, 3, 1); z++) {
		td_date_format(z, out);
		assert_int_equal(parse_ok(out), z);
	}
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(td_date_weekday(0), 4);                      /* 1970-01-01 Thu */
	assert_int_equal(td_date_weekday(-1), 3);                     /* 1969-12-31 Wed */
	assert_int_equal(td_date_weekday(-3), 1);                     /* 1969-12-29 Mon */
	assert_int_equal(td_date_weekday(-4), 7);                     /* 1969-12-28 Sun */
	assert_int_equal(td_date_weekday(parse_ok("2025-10-28")), 2); /* Tue */
	assert_int_equal(td_date_weekday(parse_ok("2025-12-29")), 1); /* Mon */
	assert_int_equal(td_date_weekday(parse_ok("2021-01-03")), 7); /* Sun */
	assert_int_equal(td_date_weekday(parse_ok("2005-01-01")), 6); /* Sat */
	assert_int_equal(td_date_weekday(parse_ok("1900-01-01")), 1); /* Mon */
	assert_int_equal(td_date_weekday(parse_ok("2027-01-01")), 5); /* Fri */
	/* seven consecutive days cover 1..7 once */
	td_date mon = parse_ok("2025-11-03");
	for (int k = 0; k < 7; k++)
		assert_int_equal(td_date_weekday(mon + k), k + 1);
}

static void check_week(const char *day, int want_year, int want_week)
{
	int y = 0, w = 0;
	td_date_iso_week(parse_ok(day), &y, &w);
	if (y != want_year || w != want_week)
		fail_msg("%s: got %d-W%02d, expected %d-W%02d", day, y, w, want_year, want_week);
}

static void test_iso_week_year_boundaries(void **state)
{
	(void)state;
	check_week("2025-12-29", 2026, 1);
	check_week("2025-12-28", 2025, 52);
	check_week("2021-01-03", 2020, 53);
	check_week("2021-01-04", 2021, 1);
	check_week("2020-12-31", 2020, 53);
	check_week("2024-12-30", 2025, 1);
	check_week("2008-12-29", 2009, 1);
	check_week("2005-01-01", 2004, 53);
	check_week("2026-12-31", 2026, 53);
	check_week("2027-01-01", 2026, 53);
	check_week("2027-01-03", 2026, 53);
	check_week("2027-01-04", 2027, 1);
	check_week("1900-01-01", 1900, 1);
}

static void test_iso_week_mid_year(void **state)
{
	(void)state;
	check_week("2025-01-01", 2025, 1);
	check_week("2025-10-28", 2025, 44);
	check_week("2025-10-27", 2025, 44); /* Monday */
	check_week("2025-11-02", 2025, 44); /* Sunday */
	check_week("2025-11-03", 2025, 45);
	/* a whole week shares its number */
	td_date mon = parse_ok("2026-06-01");
	for (int k = 0; k < 7; k++) {
		int y, w;
		td_date_iso_week(mon + k, &y, &w);
		assert_int_equal(y, 2026);
		assert_int_equal(w, 23);
	}
}

static void test_week_start(void **state)
{
	(void)state;
	/* every day of a week starts on its Monday, across month and year ends */
	td_date mon = parse_ok("2025-12-29");
	for (int k = 0; k < 7; k++)
		assert_int_equal(td_date_week_start(mon + k), mon);
	assert_int_equal(td_date_week_start(mon - 1), parse_ok("2025-12-22"));
	assert_int_equal(td_date_week_start(parse_ok("2025-11-02")), parse_ok("2025-10-27"));
	assert_int_equal(td_date_week_start(parse_ok("2024-03-01")), parse_ok("2024-02-26"));
	/* before 1970 (negative day numbers) */
	assert_int_equal(td_date_week_start(0), -3);
	assert_int_equal(td_date_week_start(-4), -10);
	assert_int_equal(td_date_week_start(parse_ok("1900-01-07")), parse_ok("1900-01-01"));
	/* the start of a week is in that week */
	for (td_date d = parse_ok("2020-12-20"); d < parse_ok("2021-01-20"); d++) {
		int y1, w1, y2, w2;
		td_date_iso_week(d, &y1, &w1);
		td_date_iso_week(td_date_week_start(d), &y2, &w2);
		assert_int_equal(td_date_weekday(td_date_week_start(d)), 1);
		assert_int_equal(y1, y2);
		assert_int_equal(w1, w2);
	}
}

static void test_iso_week_monday(void **state)
{
	(void)state;
	assert_int_equal(td_iso_week_monday(2025, 1), parse_ok("2024-12-30"));
	assert_int_equal(td_iso_week_monday(2025, 45), parse_ok("2025-11-03"));
	assert_int_equal(td_iso_week_monday(2021, 1), parse_ok("2021-01-04"));
	assert_int_equal(td_iso_week_monday(2020, 53), parse_ok("2020-12-28"));
	assert_int_equal(td_iso_week_monday(2026, 1), parse_ok("2025-12-29"));
	/* the Monday and Sunday of every week map back to it */
	for (int wk = 1; wk <= 53; wk++) {
		int y, w;
		td_date mon = td_iso_week_monday(2026, wk);
		assert_int_equal(td_date_weekday(mon), 1);
		td_date_iso_week(mon, &y, &w);
		assert_int_equal(y, 2026);
		assert_int_equal(w, wk);
		td_date_iso_week(mon + 6, &y, &w);
		assert_int_equal(y, 2026);
		assert_int_equal(w, wk);
	}
}

static void test_iso_weeks_in_year(void **state)
{
	(void)state;
	assert_int_equal(td_iso_weeks_in_year(2004), 53); /* starts on a Thursday */
	assert_int_equal(td_iso_weeks_in_year(2015), 53);
	assert_int_equal(td_iso_weeks_in_year(2020), 53); /* leap year starting on a Wednesday */
	assert_int_equal(td_iso_weeks_in_year(2021), 52);
	assert_int_equal(td_iso_weeks_in_year(2024), 52);
	assert_int_equal(td_iso_weeks_in_year(2025), 52);
	assert_int_equal(td_iso_weeks_in_year(2026), 53);
	/* 53 weeks exactly when the week after week 52 still belongs to the year */
	for (int y = 1990; y < 2040; y++) {
		int yy, ww;
		td_date_iso_week(td_iso_week_monday(y, 52) + 7, &yy, &ww);
		assert_int_equal(td_iso_weeks_in_year(y), yy == y ? 53 : 52);
	}
}

static void test_iso_week_parse(void **state)
{
	(void)state;
	int y = 0, w = 0;
	assert_int_equal(td_iso_week_parse("2025-W45", &y, &w), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(w, 45);
	assert_int_equal(td_iso_week_parse("2020-w53", &y, &w), 0);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	assert_int_equal(td_iso_week_parse("2026-W01", &y, &w), 0);
	assert_int_equal(w, 1);
	/* rejected: out of range, malformed; the outputs are left alone */
	y = w = -7;
	assert_int_equal(td_iso_week_parse("2021-W53", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-W00", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-W54", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("1899-W10", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-45", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-W4", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-W450", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-X45", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("2025-W4a", &y, &w), -1);
	assert_int_equal(td_iso_week_parse("", &y, &w), -1);
	assert_int_equal(y, -7);
	assert_int_equal(w, -7);
}

static void test_iso_week_format(void **state)
{
	(void)state;
	char out[16];
	td_iso_week_format(2025, 45, out);
	assert_string_equal(out, "2025-W45");
	td_iso_week_format(2026, 1, out);
	assert_string_equal(out, "2026-W01");
	td_iso_week_format(999, 7, out);
	assert_string_equal(out, "0999-W07");
	/* what it writes, td_iso_week_parse reads back */
	for (int wk = 1; wk <= 53; wk++) {
		int y, w;
		td_iso_week_format(2020, wk, out);
		assert_int_equal(td_iso_week_parse(out, &y, &w), 0);
		assert_int_equal(y, 2020);
		assert_int_equal(w, wk);
	}
}

static void test_from_epoch(void **state)
{
	(void)state;
	assert_int_equal(td_date_from_epoch(0, 0), 0);
	assert_int_equal(td_date_from_epoch(86399, 0), 0);
	assert_int_equal(td_date_from_epoch(86400, 0), 1);
	assert_int_equal(td_date_from_epoch(-1, 0), -1);
	assert_int_equal(td_date_from_epoch(-86400, 0), -1);
	assert_int_equal(td_date_from_epoch(-86401, 0), -2);
	/* 2025-10-28T23:30:00Z */
	int64_t t = 1761694200;
	assert_int_equal(td_date_from_epoch(t, 0), parse_ok("2025-10-28"));
	assert_int_equal(td_date_from_epoch(t, 30), parse_ok("2025-10-29"));   /* 00:00 local */
	assert_int_equal(td_date_from_epoch(t, 29), parse_ok("2025-10-28"));   /* 23:59 local */
	assert_int_equal(td_date_from_epoch(t, -600), parse_ok("2025-10-28")); /* 13:30 local */
	/* 2025-10-28T00:30:00Z seen from UTC-01:00 is still the 27th */
	assert_int_equal(td_date_from_epoch(t - 23 * 3600, -60), parse_ok("2025-10-27"));
	assert_int_equal(td_date_from_epoch(t - 23 * 3600, 0), parse_ok("2025-10-28"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_from_ymd_known_days),
	    cmocka_unit_test(test_to_ymd_round_trip),
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_parse_rejects_malformed),
	    cmocka_unit_test(test_parse_rejects_impossible_days),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_weekday),
	    cmocka_unit_test(test_iso_week_year_boundaries),
	    cmocka_unit_test(test_iso_week_mid_year),
	    cmocka_unit_test(test_week_start),
	    cmocka_unit_test(test_iso_week_monday),
	    cmocka_unit_test(test_iso_weeks_in_year),
	    cmocka_unit_test(test_iso_week_parse),
	    cmocka_unit_test(test_iso_week_format),
	    cmocka_unit_test(test_from_epoch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
