/*
 * dialect.h - the template dialects of the output formats: the one table
 * of filters every page template may use (the format-blind ones of
 * template/filters.c, the escapers `raw`, `md`, `html`, and the Markdown
 * filters `usermd`, `codeblock` and `codespan`), with the Markdown or the HTML escaper
 * for {{variables}}. The rooms of render/ parse their templates in these.
 */
#ifndef TD_RENDER_DIALECT_H
#define TD_RENDER_DIALECT_H

#include "render/template/template.h"

/* What the filters need to know; must outlive the templates parsed with it. */
typedef struct td_dialect_opts {
	bool allow_html; /* `usermd` keeps raw HTML (taskdoc.yaml `html: unsafe`) */
} td_dialect_opts;

/* Fills d: every variable escaped as Markdown text (td_md_escape). */
void td_dialect_markdown(td_dialect *d, const td_dialect_opts *o);
/* Fills d: every variable escaped as HTML text (td_html_escape). */
void td_dialect_html(td_dialect *d, const td_dialect_opts *o);

#endif
