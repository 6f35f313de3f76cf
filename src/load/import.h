/*
 * import.h - reads hand-kept Markdown task pages (GFM tables, headings,
 * checklists) into a plan model, for `taskdoc import` (docs/import.md).
 * Public to cmd/ and the tests, like load.h.
 *
 * What could not be mapped to a plan field is kept (free sections, summary,
 * objective or task notes) and named by a note diagnostic
 * ("PAGE:LINE: note: ..."), so an import can be reviewed line by line.
 */
#ifndef TD_IMPORT_H
#define TD_IMPORT_H

#include "model/model.h"

typedef struct td_import td_import;

/* A new import; name (may be NULL) is the project's name, else the first
 * page's title. Free with td_import_free. */
td_import *td_import_new(const char *name);
void td_import_free(td_import *im); /* accepts NULL */

/* Reads one page (file names it in messages and comments). Adds notes,
 * warnings (conflicts between pages or tables) and errors (text that is
 * not UTF-8) to diags. Returns 0, or -1 when the page could not be read. */
int td_import_page(td_import *im, const char *file, const char *text, size_t len, td_diags *diags);

/*
 * The plan made of every page read so far, finished (td_plan_finish): owned
 * by im (freed with it); NULL when no page was read. Workstreams and phases
 * carry the page and line they come from in loc. Dependencies that name
 * nothing on the pages are left out of depends_on (kept in the task's
 * notes, with a note).
 */
td_plan *td_import_plan(td_import *im, td_diags *diags);

/*
 * Reads the git history of the pages (the repository holding the first
 * one, first parents of HEAD, with libgit2), imports every version of them
 * (each commit where a page changed) and sets in plan, where the pages do
 * not say it: each task's added_on (the date of the first commit that lists
 * it) and each done task's done_on (the date of the commit from which it
 * has stayed done; unknown when it was already done in the version that
 * first listed it). Commit dates are committer dates in their own time
 * zone. Adds one note with what was read, warnings for what could not be
 * (no repository, a shallow clone, a version that does not read). Returns
 * 0, or -1 when the repository could not be read at all (a warning says why).
 */
int td_import_history(td_plan *plan, const char *const *pages, size_t npages, td_diags *diags);

#endif
