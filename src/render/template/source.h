/*
 * source.h - where template text comes from: an override from the
 * templates: folder (read by load/), else the built-in one compiled in
 * from templates/ (cmake/embed.cmake). Also the assets (style.css,
 * search.js) that live beside the templates.
 */
#ifndef TD_TEMPLATE_SOURCE_H
#define TD_TEMPLATE_SOURCE_H

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

#endif
