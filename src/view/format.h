/*
 * format.h - how the view writes what it shows: anchors of ids, hours,
 * dates, numbers and estimates. Shared by every file of view/.
 */
#ifndef TD_VIEW_FORMAT_H
#define TD_VIEW_FORMAT_H

#include <jansson.h>

#include "core/core.h"

/* The anchor of an id: lower case, every run of other characters one '-'
 * ("TASK-028.1" -> "task-028-1"). Writes into out (cleared first). */
void td_view_anchor(td_buf *out, const char *id);

/* The longest file name part made from free text (a sprint's or a
 * benchmark's name) in bytes, before ".svg" and a prefix. */
#define TD_VIEW_STEM_MAX 100

/* Appends stem to out as part of a file name: as it is when it has at
 * most TD_VIEW_STEM_MAX bytes, else its first 83 bytes, '-' and 16 hex
 * digits of a hash of the whole (so long names stay distinct and the
 * same name always gives the same file). */
void td_view_file_stem(td_buf *out, const char *stem);

/* Formatting shared by the view's files: a number without needless
 * decimals ("4", "0.5"), and an estimate as the pages show it ("2-3 days",
 * "1 hr"). Both append to b. */
void td_view_number_text(td_buf *b, double v);
/* A string value (a new reference; null for NULL s): while a view is made
 * (between td_view_strs_begin and _end), one shared object per distinct
 * text, for the values many records repeat (a task's workstream, phase,
 * status, file...): a 100,000-task view holds a million of them. Nothing
 * changes a view's string once made, so sharing is safe. */
json_t *td_view_str(const char *s);
/* An empty array (a new reference): while a view is made, one shared by
 * every empty list of every record (a task's blockers, criteria,
 * dependents...: most are empty), else a new one. */
json_t *td_view_empty_array(void);
void td_view_strs_begin(void);
void td_view_strs_end(void);
/* Hours rounded to 0.01 (1/3 h is 0.33, not 0.3333333333), and a date as
 * "YYYY-MM-DD" (a td_view_str) or null when unknown: new references. */
json_t *td_view_hours(double h);
double td_view_hours_value(double h); /* td_view_hours's number */
json_t *td_view_date(td_date d);
void td_view_estimate_display(td_buf *b, double lo, double hi, char unit);
/* Hours as a planner writes them (the exact value stays in the *_hours
 * numbers): whole minutes under an hour ("20 min"), quarter hours under
 * 10 h ("2.25 h"), whole hours above ("233 h"). Appends to b. */
void td_view_hours_text(td_buf *b, double h);
/* The same as a new JSON string. */
json_t *td_view_hours_json(double h);
/* Working days, quarter days under 10, whole days above: "13.5 working
 * days", "1 working day". Appends to b. */
void td_view_days_text(td_buf *b, double d);
/* What is left of a group of tasks, honestly: "233 h", "233 h, plus 3 of
 * 5 tasks unestimated", "unknown (5 of 5 tasks unestimated)", "deferred
 * (3 tasks)" (nothing left but deferred tasks), "none".
 * Appends to b. */
void td_view_remaining_text(td_buf *b, int remaining, int unestimated, int deferred, double hours);

#endif
