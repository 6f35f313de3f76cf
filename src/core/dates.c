#include "core/core.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
td_date td_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2u) / 5u + (unsigned)d - 1u;
	const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
	return (td_date)(era * 146097 + (int)doe - 719468);
}

void td_date_to_ymd(td_date z, int *y, int *m, int *d)
{
	int zz = z + 719468;
	const int era = (zz >= 0 ? zz : zz - 146096) / 146097;
	const unsigned doe = (unsigned)(zz - era * 146097);
	const unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
	const unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
	const unsigned mp = (5u * doy + 2u) / 153u;
	*d = (int)(doy - (153u * mp + 2u) / 5u + 1u);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int td_date_parse(const char *s, td_date *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = td_date_from_ymd(y, m, d);
	return 0;
}

void td_date_format(td_date days, char out[11])
{
	int y, m, d;
	td_date_to_ymd(days, &y, &m, &d);
	/* y is always 4 digits for dates that parse; clamp for safety */
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int td_date_weekday(td_date d)
{
	/* 1970-01-01 was a Thursday (4) */
	int w = (int)((d % 7 + 7 + 3) % 7);
	return w + 1;
}

td_date td_date_week_start(td_date d)
{
	return d - (td_date_weekday(d) - 1);
}

void td_date_iso_week(td_date d, int *year, int *week)
{
	/* The Thursday of d's week decides the year. */
	td_date thu = d - td_date_weekday(d) + 4;
	int y, m, dd;
	td_date_to_ymd(thu, &y, &m, &dd);
	td_date jan1 = td_date_from_ymd(y, 1, 1);
	*year = y;
	*week = (int)((thu - jan1) / 7 + 1);
}

td_date td_iso_week_monday(int year, int week)
{
	/* week 1 is the week of 4 January */
	return td_date_week_start(td_date_from_ymd(year, 1, 4)) + (td_date)(week - 1) * 7;
}

int td_iso_weeks_in_year(int year)
{
	/* 28 December is always in the year's last week */
	int y, w;
	td_date_iso_week(td_date_from_ymd(year, 12, 28), &y, &w);
	return w;
}

int td_iso_week_parse(const char *s, int *year, int *week)
{
	if (strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return -1;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int w = (s[6] - '0') * 10 + (s[7] - '0');
	if (y < 1900 || w < 1 || w > td_iso_weeks_in_year(y))
		return -1;
	*year = y;
	*week = w;
	return 0;
}

void td_iso_week_format(int year, int week, char out[16])
{
	snprintf(out, 16, "%04d-W%02d", year, week);
}

td_date td_date_from_epoch(int64_t seconds, int offset_minutes)
{
	int64_t t = seconds + (int64_t)offset_minutes * 60;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	return (td_date)days;
}
