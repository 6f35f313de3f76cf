/*
 * template.h - the logic-less template engine of the render stage: a
 * mustache-like language (docs/templates.md) rendered over a jansson tree,
 * and the Markdown and HTML escapers. No I/O and no global state: partials
 * come through a callback, output goes into a td_buf, errors into td_diags.
 */
#ifndef TD_TEMPLATE_H
#define TD_TEMPLATE_H

#include <jansson.h>

#include "core/core.h"

/* How deep partials may include partials before rendering fails. */
#define TD_TEMPLATE_MAX_DEPTH 32

typedef struct td_template td_template;

/* The escape applied to every {{variable}} of a template (unless forced). */
typedef enum { TD_ESCAPE_NONE, TD_ESCAPE_MARKDOWN, TD_ESCAPE_HTML } td_escape;

/*
 * Looks up a partial by name; returns its source text or NULL when there is
 * none. The text must stay valid until td_template_render returns (it is
 * parsed at once and not kept). May set *file_out to the file name used in
 * messages about the partial (default: the partial's name).
 */
typedef const char *(*td_partial_fn)(void *ud, const char *name, const char **file_out);

/*
 * Parses src; name is the file name used in messages (NULL: "<template>").
 * Returns the template, which the caller frees with td_template_free, or
 * NULL after adding one diagnostic per problem found ("NAME:LINE:COL: error:
 * ...") to diags. src is not referenced after the call.
 */
td_template *td_template_parse(const char *name, const char *src, td_escape esc, td_diags *diags);

/* Frees t, the partials it has cached and everything it owns; accepts NULL. */
void td_template_free(td_template *t);

/* The file name t was parsed with. The template keeps ownership. */
const char *td_template_name(const td_template *t);

/* Whether the `usermd` filter keeps raw HTML in user Markdown (taskdoc.yaml
 * `html: unsafe`); default false: it is shown as text. Partials follow the
 * template they are rendered from. */
void td_template_allow_html(td_template *t, bool allow);

/*
 * Renders t with ctx (a json_t tree, usually an object; NULL renders as if
 * empty) and appends the text to out. Partials are fetched through fn the
 * first time each name is used, parsed with t's escape and cached in t for
 * later renders, so fn must give the same text for a name during t's life.
 * Returns 0, or -1 after adding a diagnostic naming the file, line and
 * column of the offending tag (missing partial, partials nested deeper than
 * TD_TEMPLATE_MAX_DEPTH, a partial that does not parse); out then holds a
 * partial result that the caller should discard. ctx is only read; t is
 * written (its partial cache), so one template is rendered by one thread at
 * a time.
 */
int td_template_render(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud, td_diags *diags);

/*
 * Appends s escaped as inline Markdown text, so that GFM renders the literal
 * text, also inside a table cell: backslash before \ ` * _ [ ] # | ~, entities
 * for < > and for an & that would start an entity, a backslash before a list,
 * heading or rule marker at the start of s and before a { that opens
 * `{...=...}` (a MkDocs attribute list); newlines become spaces.
 */
void td_escape_markdown(td_buf *out, const char *s);

/* Appends s with & < > " ' replaced by HTML entities. */
void td_escape_html(td_buf *out, const char *s);

#endif
