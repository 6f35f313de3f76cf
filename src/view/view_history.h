/*
 * view_history.h - the git-history parts of the view tree (docs/export.md:
 * history, burndown, forecast, weekly, and the history fields of tasks,
 * workstreams and sprints). Private to view/ and to the commands that
 * print one part of it (burndown, report).
 */
#ifndef TD_VIEW_HISTORY_H
#define TD_VIEW_HISTORY_H

/* Weekly reports are written for the weeks that have commits and for the
 * last TD_WEEKLY_WINDOW weeks up to the as-of date (docs/history.md). */
#define TD_WEEKLY_WINDOW 12

#include <jansson.h>

#include "analyze/analyze.h"
#include "analyze/burndown.h"

/* Adds the history fields to root, a tree made by td_view_build for the same
 * plan and analysis (its tasks[], workstreams[], sprints[] and risks[] are
 * extended in place). Works without a timeline (history left out). */
void td_view_history(json_t *root, const td_plan *p, const td_analysis *a);

/* A task's added_on and done_on_source ("plan", "history" or NULL), its
 * object's last members (made with it, by whichever thread makes it). */
void td_view_task_date_values(const td_analysis *a, const td_task *t, td_date *added_on,
                              const char **done_source);

/* A series as the export shows it: [{date, remaining_tasks, ...}]; new reference. */
json_t *td_view_series(const td_series *s);
/* A forecast object; new reference. */
json_t *td_view_forecast(const td_forecast *f, int weeks);

#endif
