/*
 * template.h - the logic-less template engine of the render stage: a
 * mustache-like language (docs/templates.md) rendered over a jansson tree.
 * It knows no output format: how a {{variable}} is escaped and which
 * filters exist come from a dialect that the caller (a room of render/)
 * gives, as one table of {name, argument, function}. No I/O and no global
 * state: partials come through a callback, output goes into a td_buf,
 * errors into td_diags.
 */
#ifndef TD_TEMPLATE_H
#define TD_TEMPLATE_H

#include <jansson.h>

#include "core/core.h"
#include "view/digest.h"

/* How deep partials may include partials before rendering fails. */
#define TD_TEMPLATE_MAX_DEPTH 32

typedef struct td_template td_template;

/* An escaper: put appends s[0..n) so that the output format shows it as
 * text. pass_plain: text a filter marked plain (td_pipe_end) is written as
 * it is (Markdown: a URL or an anchor needs no backslashes). */
typedef struct td_escaper {
	void (*put)(td_buf *out, const char *s, size_t n);
	bool pass_plain;
} td_escaper;

/* Writes text as it is: {{{x}}}, {{&x}} and the `raw` filter. */
extern const td_escaper td_escape_none;

/*
 * The value going through a variable's filters, as a filter function sees
 * it: first the looked-up value, then the text the previous filter made.
 */
typedef struct td_pipe td_pipe;
/* The value while it is still a JSON value (NULL once it is text, or for a
 * loop figure such as @index). Borrowed. */
const json_t *td_pipe_value(const td_pipe *p);
/* The value as JSON (text as a string); new reference. */
json_t *td_pipe_json(const td_pipe *p);
/* Missing, null or "" */
bool td_pipe_empty(const td_pipe *p);
/* The value as a number (a number, or text that is one). */
bool td_pipe_number(const td_pipe *p, double *d);
/* The value as text (a scalar as {{x}} writes it; objects and arrays give ""). */
const char *td_pipe_text(td_pipe *p, size_t *len);
/* Whether the text was marked plain by the filter that made it. */
bool td_pipe_plain(const td_pipe *p);
/* Appends a scalar JSON value as {{x}} would write it. */
void td_pipe_put_value(td_buf *b, const json_t *v);
/* A filter writes its result into td_pipe_begin's (empty) buffer, then
 * td_pipe_end makes it the value; plain: made of URL characters only. The
 * text of td_pipe_text stays readable until td_pipe_end. */
td_buf *td_pipe_begin(td_pipe *p);
void td_pipe_end(td_pipe *p, bool plain);

/* A filter function: arg[0..arglen) is the filter's argument (NULL when it
 * takes none), ud the dialect's. */
typedef void (*td_filter_fn)(td_pipe *p, const char *arg, size_t arglen, void *ud);

/* One filter of a dialect: a function that changes the value, or an
 * escaper that writes the variable instead of the template's own. */
typedef struct td_filter {
	const char *name;
	const char *arg;     /* NULL: takes no argument; else what it is ("text"), as in name:"text" */
	const char *example; /* with arg: the whole filter as an example for messages, default:"n/a" */
	td_filter_fn fn;
	const td_escaper *escape;
} td_filter;

/* What a template is written in: its escaper (NULL: none) and its filters. */
typedef struct td_dialect {
	const td_escaper *escape;
	const td_filter *filters;
	size_t nfilters;
	void *ud; /* given to every filter function */
} td_dialect;

/*
 * Looks up a partial by name; returns its source text or NULL when there is
 * none. The text must stay valid until td_template_render returns (it is
 * parsed at once and not kept). May set *file_out to the file name used in
 * messages about the partial (default: the partial's name).
 */
typedef const char *(*td_partial_fn)(void *ud, const char *name, const char **file_out);

/*
 * Parses src in dialect d (which must outlive the template); name is the
 * file name used in messages (NULL: "<template>"). Returns the template,
 * which the caller frees with td_template_free, or NULL after adding one
 * diagnostic per problem found ("NAME:LINE:COL: error: ...") to diags. src
 * is not referenced after the call.
 */
td_template *td_template_parse(const char *name, const char *src, const td_dialect *d, td_diags *diags);

/* Frees t, the partials it has cached and everything it owns; accepts NULL. */
void td_template_free(td_template *t);

/* The file name t was parsed with. The template keeps ownership. */
const char *td_template_name(const td_template *t);

/*
 * Renders t with ctx (a json_t tree, usually an object; NULL renders as if
 * empty) and appends the text to out. Partials are fetched through fn the
 * first time each name is used, parsed in t's dialect and cached in t for
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
 * What a render read of its context, as patterns: paths from the context
 * to the values the render reached, each part a name as written or "*"
 * for every element of an array ("workstreams.*.phases.*.tasks.*.title").
 * Each is a line of its own, in the order first met (partials included),
 * after a character saying what was read of the values there: '=' the
 * whole value (a variable's), '#' its shape (a section's: its type, an
 * array's length, a scalar's value; an object's members are read through
 * patterns of their own). A look-up that went past frames lacking its
 * first part notes that part's shape in each of them (were one to gain
 * it, the text would change). whole: {{.}} took the whole context. A
 * render of the same template with a context whose values at these
 * patterns are the same (td_digest_path) writes the same text. Free with
 * td_tmpl_reads_free.
 */
typedef struct td_tmpl_reads {
	char **names;
	size_t len, cap;
	bool whole;
} td_tmpl_reads;

void td_tmpl_reads_free(td_tmpl_reads *r);

/* td_template_render, noting into reads (which it appends to) what it read. */
int td_template_render_reads(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud,
                             td_diags *diags, td_tmpl_reads *reads);

/*
 * Iterations kept from the render before. An element of an array section
 * for which item() gives a digest (one that changes with any value in
 * the element) is not rendered again when the render before wrote an
 * iteration of the same node (template, line, column) over an element of
 * that digest, with the same indentation, the same values of the names
 * that iteration found outside its element (in the frames below it, or
 * nowhere) and the same loop figures of its own loop that it read (its
 * @index or @number, whether it is @first, whether @last): its text is
 * taken as it was. Each iteration written here or taken is appended to
 * *out as an entry (the entries old points to are the *out of the render
 * before, kept by the caller: bytes, not pointers). Iterations inside an
 * iteration being written are rendered. A render that notes its reads
 * (td_template_render_reads) takes no iteration, since it must read what
 * they read, but writes their entries for the render after.
 */
typedef struct td_tmpl_memo {
	bool (*item)(void *ud, const json_t *item, td_digest *d);
	void *ud;
	td_digest salt; /* everything else the text depends on: the templates, the options */
	const char *old;
	size_t old_len;
	td_buf *out;
	size_t hits, made; /* iterations taken, and written */
} td_tmpl_memo;

/* td_template_render, noting its reads into reads (NULL: not) and
 * keeping iterations through memo (NULL: none). */
int td_template_render_memo(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud,
                            td_diags *diags, td_tmpl_reads *reads, td_tmpl_memo *memo);

/* The value of name[0..len) (a.b.c) in the context object ctx, as a
 * render that looks it up there finds it, or NULL (missing). */
json_t *td_template_value(json_t *ctx, const char *name, size_t len);

/*
 * Calls name(name_ud, x) for the first part x of every name that t, and
 * the partials it includes, may look up in a context: "a" for {{a.b}} or
 * {{#a}}, "." for {{.}} (the context itself at the top); loop figures
 * (@index...) are not names, and filters read no names. Partials are
 * fetched through fn and cached in t as td_template_render does. Returns
 * 0, or -1 when a partial cannot be had or parsed (any name may then be
 * looked up; td_template_render reports it).
 */
int td_template_names(td_template *t, td_partial_fn fn, void *ud, void (*name)(void *ud, const char *name),
                      void *name_ud);

/* ---- the format-blind filters (filters.c): upper, lower, fixed0-2, url,
 * json, anchor, default, join; a room lists them in its dialect ---- */
void td_filter_upper(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_lower(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_fixed0(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_fixed1(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_fixed2(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_plural(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_url(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_json(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_anchor(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_default(td_pipe *p, const char *arg, size_t arglen, void *ud);
void td_filter_join(td_pipe *p, const char *arg, size_t arglen, void *ud);

#endif
