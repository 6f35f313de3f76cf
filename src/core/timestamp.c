/*
 * timestamp.c - RFC 3339 timestamps ("2025-11-05T14:03:00Z"), kept as
 * seconds since the epoch plus the writer's own offset, with no libc time
 * functions (see dates.c).
 */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int td_timestamp_parse(const char *s, td_timestamp *out)
{
	memset(out, 0, sizeof *out);
	out->date = TD_DATE_NONE;
	int y, mo, d, h, mi, sec;
	if (strlen(s) < 20)
		return -1;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return -1;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if (!digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return -1;
	char ymd[11];
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	td_date day;
	if (td_date_parse(ymd, &day) != 0 || h > 23 || mi > 59 || sec > 60)
		return -1;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int offset;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
	} else {
		return -1;
	}
	int64_t local = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec;
	return td_timestamp_from_epoch(out, local - (int64_t)offset * 60, offset);
}

int td_timestamp_from_epoch(td_timestamp *out, int64_t epoch, int offset_minutes)
{
	memset(out, 0, sizeof *out);
	out->date = TD_DATE_NONE;
	/* years 0000-9999 only, so that every timestamp prints as RFC 3339 */
	if (epoch < -62167219200LL + 86400 || epoch > 253402300799LL - 86400)
		return -1;
	out->known = true;
	out->epoch = epoch;
	out->offset = offset_minutes;
	out->date = td_date_from_epoch(epoch, offset_minutes);
	return 0;
}

void td_timestamp_format(const td_timestamp *ts, char out[32])
{
	if (!ts->known) {
		out[0] = '\0';
		return;
	}
	int64_t local = ts->epoch + (int64_t)ts->offset * 60;
	int64_t secs = local - (int64_t)ts->date * 86400;
	int y, m, d;
	td_date_to_ymd(ts->date, &y, &m, &d);
	int n = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, (int)(secs / 3600),
	                 (int)(secs / 60 % 60), (int)(secs % 60));
	if (ts->offset == 0) {
		snprintf(out + n, (size_t)(32 - n), "Z");
	} else {
		int o = ts->offset < 0 ? -ts->offset : ts->offset;
		snprintf(out + n, (size_t)(32 - n), "%c%02d:%02d", ts->offset < 0 ? '-' : '+', o / 60,
		         o % 60);
	}
}

int td_timestamp_cmp(const td_timestamp *a, const td_timestamp *b)
{
	if (a->known != b->known)
		return a->known ? 1 : -1;
	if (!a->known || a->epoch == b->epoch)
		return 0;
	return a->epoch < b->epoch ? -1 : 1;
}
