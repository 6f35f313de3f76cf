/*
 * render.h - pages from the view tree: Markdown through templates
 * (templates/ *.md.tmpl, compiled in, overridable file by file). Renderers
 * fill buffers; they never open a file (site/ writes).
 */
#ifndef TD_RENDER_H
#define TD_RENDER_H

#include <jansson.h>

#include "core/core.h"

/* The text of template name: the override when there is one, else the
 * built-in one, else NULL. *path_out names it in messages. */
const char *td_tmpl_lookup(const td_tmpl_set *overrides, const char *name, const char **path_out);
/* Is name one of the built-in templates? (for warning about stray overrides) */
bool td_tmpl_is_builtin(const char *name);

/* The partial lookup of the template engine over a template set: {{> name}}
 * finds "name" + suffix (".md.tmpl", ".html.tmpl"), overrides first. Pass
 * the struct as the callback's user data; free name with td_buf_free. */
typedef struct td_partials {
	const td_tmpl_set *overrides;
	const char *suffix;
	td_buf name;
} td_partials;
const char *td_tmpl_partial(void *partials, const char *name, const char **file_out);

typedef struct td_page {
	char *path; /* below the output root, '/'-separated */
	td_buf body;
} td_page;

typedef struct td_pages {
	td_page *items;
	size_t len, cap;
} td_pages;

/* Appends a page; takes body's memory. */
void td_pages_add(td_pages *pages, const char *path, td_buf *body);
void td_pages_free(td_pages *pages);

/* Renders every Markdown page of the plan (SCHEMA 7) from view into
 * pages. Returns 0, or -1 with diagnostics naming the template file, line
 * and column. view is only read (a page's own keys are added to a
 * shallow copy). */
int td_render_markdown(td_pages *pages, json_t *view, const td_tmpl_set *overrides, td_diags *diags);

/* Renders one page as td_render_markdown does (template tmpl_name, page
 * path and title, extra keys added to the context; may be NULL) and appends
 * it to out; for commands that print one page (taskdoc report). Returns 0,
 * or -1 with diagnostics. */
int td_render_page(td_buf *out, json_t *view, const td_tmpl_set *overrides, const char *tmpl_name,
                   const char *path, const char *title, json_t *extra, td_diags *diags);

#endif
