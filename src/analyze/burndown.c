/* burndown.c - forecasts from a burn-down series. No I/O. */
#include "analyze/burndown.h"

#include <math.h>
#include <string.h>

const td_bpoint *td_series_at(const td_series *s, td_date d)
{
	if (!s->n || d == TD_DATE_NONE || d < s->points[0].date || d > s->points[s->n - 1].date)
		return NULL;
	return &s->points[d - s->points[0].date];
}

/* as_of + ceil(weeks * 7) days, or NONE beyond TD_FC_MAX_DAYS. */
static td_date finish_date(td_date as_of, double remaining, double velocity)
{
	double days = ceil(remaining / velocity * 7.0 - 1e-9);
	if (days < 0)
		days = 0;
	if (!(days <= TD_FC_MAX_DAYS))
		return TD_DATE_NONE;
	return as_of + (td_date)days;
}

/* The slowest and fastest of the window's full weeks that saw work done,
 * counted back from the last day (hours done per week), and how many saw
 * none. */
static void pace(td_forecast *out, const td_series *s, size_t from, size_t last)
{
	out->pace_slow = out->pace_fast = out->velocity;
	size_t worked = 0;
	for (size_t end = last; end >= from + 7; end -= 7) {
		double v = s->points[end].done_hours - s->points[end - 7].done_hours;
		out->pace_weeks++;
		if (v < 1e-9) {
			out->idle_weeks++;
			continue;
		}
		if (!worked || v < out->pace_slow)
			out->pace_slow = v;
		if (!worked || v > out->pace_fast)
			out->pace_fast = v;
		worked++;
	}
}

void td_forecast_compute(td_forecast *out, const td_series *s, td_date upto, int weeks)
{
	memset(out, 0, sizeof *out);
	out->status = TD_FC_NO_HISTORY;
	out->as_of = out->window_start = TD_DATE_NONE;
	out->finish_optimistic = out->finish_expected = out->finish_pessimistic = TD_DATE_NONE;
	out->finished_on = out->target = TD_DATE_NONE;
	if (!s->n)
		return;
	size_t last = s->n - 1;
	if (upto != TD_DATE_NONE) {
		if (upto < s->points[0].date)
			return;
		if (upto < s->points[last].date)
			last = (size_t)(upto - s->points[0].date);
	}
	const td_bpoint *end = &s->points[last];
	out->as_of = end->date;
	out->remaining_min = end->remaining_min;
	out->remaining_expected = end->remaining_hours;
	out->remaining_max = end->remaining_max;
	out->remaining_tasks = end->remaining_tasks;
	out->unestimated = end->unestimated;
	/* the window: the last `weeks` weeks, or all the history there is */
	if (weeks < 1)
		weeks = 1;
	size_t span = (size_t)weeks * 7;
	size_t from = last > span ? last - span : 0;
	const td_bpoint *start = &s->points[from];
	out->window_start = start->date;
	out->window_days = (int)(last - from);
	if (out->window_days > 0)
		out->velocity = (end->done_hours - start->done_hours) / (out->window_days / 7.0);
	if (out->velocity < 1e-9)
		out->velocity = 0;
	pace(out, s, from, last);
	if (end->remaining_tasks == 0) {
		out->status = TD_FC_DONE;
		size_t k = last;
		while (k > 0 && s->points[k - 1].remaining_tasks == 0)
			k--;
		out->finished_on = s->points[k].date;
		return;
	}
	if (end->remaining_hours <= 1e-9) {
		out->status = TD_FC_UNESTIMATED;
		return;
	}
	if (out->velocity <= 0) {
		out->status = TD_FC_NO_VELOCITY;
		return;
	}
	out->finish_expected = finish_date(end->date, end->remaining_hours, out->velocity);
	if (out->finish_expected == TD_DATE_NONE) {
		out->status = TD_FC_TOO_FAR;
		return;
	}
	out->status = TD_FC_OK;
	/* the band: the estimates' range at the fastest and slowest weeks' pace */
	out->finish_optimistic = finish_date(end->date, end->remaining_min, fmax(out->pace_fast, out->velocity));
	out->finish_pessimistic = finish_date(end->date, end->remaining_max, fmin(out->pace_slow, out->velocity));
}

void td_forecast_judge(td_forecast *f, td_date target)
{
	f->target = target;
	f->verdict = TD_VERDICT_NONE;
	f->margin_days = 0;
	if (target == TD_DATE_NONE)
		return;
	td_date fin = f->status == TD_FC_OK ? f->finish_expected : f->status == TD_FC_DONE ? f->finished_on : TD_DATE_NONE;
	if (fin == TD_DATE_NONE) {
		f->verdict = TD_VERDICT_UNKNOWN;
		return;
	}
	f->margin_days = (int)(target - fin);
	if (fin > target)
		f->verdict = TD_VERDICT_LATE;
	else if (f->status == TD_FC_OK && (f->finish_pessimistic == TD_DATE_NONE || f->finish_pessimistic > target))
		f->verdict = TD_VERDICT_AT_RISK;
	else
		f->verdict = TD_VERDICT_ON_TRACK;
}

const char *td_fc_verdict_name(td_fc_verdict v)
{
	static const char *const names[] = {NULL, "unknown", "on-track", "at-risk", "late"};
	return names[v];
}

const char *td_fc_status_name(td_fc_status st)
{
	static const char *const names[] = {"no-history",  "done",    "unestimated",
	                                    "no-velocity", "too-far", "ok"};
	return names[st];
}

const char *td_change_kind_name(td_change_kind k)
{
	static const char *const names[] = {"done",     "started",  "added",       "dropped",      "removed",
	                                    "reopened", "deferred", "reestimated", "reprioritised", "archived"};
	return names[k];
}
