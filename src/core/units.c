/*
 * units.c - quantities with units (SCHEMA 3.3): "1 GB/s", "200 ms", "95 %".
 * Units convert within their family: bytes, byte rates, time, counts per
 * time and percent; any other unit only equals itself.
 */
#include "core/core.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct unit_def {
	const char *name;
	td_unit_family family;
	double factor;
	bool binary;
} unit_def;

/* Canonical spellings first: td_unit_canonical names these. */
static const unit_def units[] = {
    {"B", TD_UNIT_BYTES, 1, false},
    {"kB", TD_UNIT_BYTES, 1e3, false},
    {"MB", TD_UNIT_BYTES, 1e6, false},
    {"GB", TD_UNIT_BYTES, 1e9, false},
    {"TB", TD_UNIT_BYTES, 1e12, false},
    {"PB", TD_UNIT_BYTES, 1e15, false},
    {"KiB", TD_UNIT_BYTES, 1024.0, true},
    {"MiB", TD_UNIT_BYTES, 1048576.0, true},
    {"GiB", TD_UNIT_BYTES, 1073741824.0, true},
    {"TiB", TD_UNIT_BYTES, 1099511627776.0, true},
    {"PiB", TD_UNIT_BYTES, 1125899906842624.0, true},
    {"ns", TD_UNIT_TIME, 1e-9, false},
    {"us", TD_UNIT_TIME, 1e-6, false},
    {"ms", TD_UNIT_TIME, 1e-3, false},
    {"s", TD_UNIT_TIME, 1, false},
    {"min", TD_UNIT_TIME, 60, false},
    {"h", TD_UNIT_TIME, 3600, false},
    {"%", TD_UNIT_PERCENT, 1, false},
};

/* Spellings that mean one of the above. */
static const struct {
	const char *alias, *name;
} aliases[] = {
    {"\xC2\xB5s", "us"}, /* MICRO SIGN */
    {"\xCE\xBCs", "us"}, /* GREEK SMALL LETTER MU */
    {"sec", "s"},
    {"IOPS", "ops/s"},
};

static const unit_def *find_unit(const char *s, size_t n)
{
	for (size_t i = 0; i < TD_ARRAY_LEN(units); i++)
		if (strlen(units[i].name) == n && !strncmp(units[i].name, s, n))
			return &units[i];
	return NULL;
}

/* "gb", "Mb", "Gbit": a byte unit in the wrong case, or bits, is not a
 * count of things; it stays an unknown unit so that "did you mean" helps. */
static bool looks_like_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < TD_ARRAY_LEN(units); i++)
		if (units[i].family == TD_UNIT_BYTES && strlen(units[i].name) == n &&
		    !strncasecmp(units[i].name, s, n))
			return true;
	return (n >= 3 && !strncasecmp(s + n - 3, "bit", 3)) ||
	       (n >= 4 && !strncasecmp(s + n - 4, "bits", 4));
}

static bool is_noun(const char *s, size_t n)
{
	if (n == 0)
		return true; /* "/s": a count per second of nothing named */
	if (looks_like_bytes(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalpha(c) && !(i > 0 && (c == '_' || c == '-' || isdigit(c))))
			return false;
	}
	return true;
}

int td_unit_parse(const char *s, td_unit *out)
{
	memset(out, 0, sizeof *out);
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= sizeof out->text)
		return -1;
	for (size_t i = 0; i < TD_ARRAY_LEN(aliases); i++)
		if (strlen(aliases[i].alias) == n && !strncmp(aliases[i].alias, s, n)) {
			s = aliases[i].name;
			n = strlen(s);
			break;
		}
	memcpy(out->text, s, n);
	out->text[n] = '\0';
	out->factor = 1;
	if (n == 0) {
		out->family = TD_UNIT_NONE;
		return 0;
	}
	const unit_def *u = find_unit(s, n);
	if (u) {
		out->family = u->family;
		out->factor = u->factor;
		out->binary = u->binary;
		return 0;
	}
	const char *slash = memchr(s, '/', n);
	if (slash && slash == s + n - 2 && slash[1] == 's' && find_unit(s, (size_t)(slash - s)) &&
	    find_unit(s, (size_t)(slash - s))->family == TD_UNIT_BYTES) {
		u = find_unit(s, (size_t)(slash - s));
		out->family = TD_UNIT_BYTE_RATE;
		out->factor = u->factor;
		out->binary = u->binary;
		return 0;
	}
	if (slash && is_noun(s, (size_t)(slash - s)) && !find_unit(s, (size_t)(slash - s))) {
		const char *per = slash + 1;
		size_t pn = n - (size_t)(per - s);
		double f = 0;
		if (pn == 1 && *per == 's')
			f = 1;
		else if (pn == 3 && !strncmp(per, "min", 3))
			f = 1.0 / 60;
		else if (pn == 1 && *per == 'h')
			f = 1.0 / 3600;
		if (f > 0) {
			out->family = TD_UNIT_COUNT_RATE;
			out->factor = f;
			memcpy(out->noun, s, (size_t)(slash - s));
			out->noun[slash - s] = '\0';
			return 0;
		}
	}
	out->family = TD_UNIT_OTHER;
	return 0;
}

bool td_unit_compatible(const td_unit *a, const td_unit *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == TD_UNIT_COUNT_RATE)
		return !strcmp(a->noun, b->noun);
	if (a->family == TD_UNIT_OTHER)
		return !strcmp(a->text, b->text);
	return true;
}

double td_unit_convert(double v, const td_unit *from, const td_unit *to)
{
	if (from->factor == to->factor)
		return v;
	return v * from->factor / to->factor;
}

const char *td_unit_family_name(td_unit_family f)
{
	static const char *const names[] = {"a plain number",   "bytes",        "a byte rate", "a time",
	                                    "a count per time", "a percentage", "another unit"};
	return names[f];
}

/* Every unit name a user may mean, for "did you mean". */
const char *const *td_unit_names(void)
{
	static const char *const names[] = {
	    "B",   "kB",   "MB",   "GB",   "TB",   "PB",   "KiB",   "MiB",   "GiB",   "TiB",   "PiB",
	    "B/s", "kB/s", "MB/s", "GB/s", "TB/s", "PB/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s", "PiB/s",
	    "ns",  "us",   "ms",   "s",    "min",  "h",    "%",     "ops/s", "req/s", "IOPS",  NULL};
	return names;
}

int td_quantity_parse(const char *s, double *value, td_unit *unit)
{
	while (*s == ' ' || *s == '\t')
		s++;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	/* strtod alone would take "inf", "nan" and hexadecimal */
	if (!(isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))))
		return -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return -1;
	char *end;
	double v = strtod(s, &end);
	if (!isfinite(v))
		return -1;
	const char *u = end;
	while (*u == ' ' || *u == '\t')
		u++;
	/* a unit starts with a letter, '%', '/' or a micro sign */
	unsigned char c = (unsigned char)*u;
	if (c && !isalpha(c) && c != '%' && c != '/' && c != 0xC2 && c != 0xCE)
		return -1;
	if (td_unit_parse(u, unit) != 0)
		return -1;
	*value = v;
	return 0;
}

/* Trailing zeros of a fixed-point number go; "-0" becomes "0". */
static void put_trimmed(td_buf *b, const char *num)
{
	size_t n = strlen(num);
	if (strchr(num, '.')) {
		while (n && num[n - 1] == '0')
			n--;
		if (n && num[n - 1] == '.')
			n--;
	}
	if (n == 2 && num[0] == '-' && num[1] == '0') {
		num++;
		n = 1;
	}
	td_buf_put(b, num, n);
}

void td_number_format(td_buf *b, double v)
{
	char tmp[64];
	double a = fabs(v);
	if (a >= 1e15 || (a > 0 && a < 1e-3))
		snprintf(tmp, sizeof tmp, "%.3g", v);
	else
		snprintf(tmp, sizeof tmp, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
	if (strchr(tmp, 'e'))
		td_buf_puts(b, tmp);
	else
		put_trimmed(b, tmp);
}

void td_quantity_format(td_buf *b, double v, const td_unit *u)
{
	td_number_format(b, v);
	if (u->family == TD_UNIT_NONE)
		return;
	if (u->family != TD_UNIT_PERCENT)
		td_buf_putc(b, ' ');
	td_buf_puts(b, u->text);
}

void td_unit_readable(td_unit *out, const td_unit *u, double v)
{
	*out = *u;
	if (u->family != TD_UNIT_BYTES && u->family != TD_UNIT_BYTE_RATE && u->family != TD_UNIT_TIME)
		return;
	double base = fabs(v * u->factor);
	const unit_def *best = NULL, *smallest = NULL, *one = NULL;
	for (size_t i = 0; i < TD_ARRAY_LEN(units); i++) {
		const unit_def *d = &units[i];
		if (d->family != (u->family == TD_UNIT_BYTE_RATE ? TD_UNIT_BYTES : u->family))
			continue;
		/* "B" is both decimal and binary; the rest keep the kind the author chose */
		if (d->factor != 1 && d->family == TD_UNIT_BYTES && d->binary != u->binary)
			continue;
		/* seconds and below only: "90 min" reads worse than "5400 s" for a benchmark */
		if (d->family == TD_UNIT_TIME && d->factor > 1)
			continue;
		if (d->factor == 1)
			one = d;
		if (!smallest || d->factor < smallest->factor)
			smallest = d;
		if (base >= d->factor && (!best || d->factor > best->factor))
			best = d;
	}
	if (!best)
		best = base == 0 ? one : smallest;
	if (!best)
		return;
	char text[sizeof out->text];
	snprintf(text, sizeof text, "%s%s", best->name, u->family == TD_UNIT_BYTE_RATE ? "/s" : "");
	td_unit_parse(text, out);
}
