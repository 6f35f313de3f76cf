/*
 * html.h - the standalone HTML site (docs/html.md): every Markdown page
 * through cmark-gfm and the page template (templates/page.html.tmpl), with
 * navigation, table of contents, heading anchors, admonitions, search and
 * the stylesheet; and the escapers that keep text from the plan from
 * injecting markup, in the HTML site and in the Markdown pages alike.
 * Renderers fill buffers; they never open a file (site/ writes).
 */
#ifndef TD_HTML_H
#define TD_HTML_H

#include <jansson.h>

#include "core/core.h"
#include "model/model.h"
#include "render/render.h"
#include "site/site.h"

/* ---- the site ---- */

typedef struct td_html_opts {
	bool html_unsafe;  /* taskdoc.yaml `html: unsafe`: raw HTML is kept as written */
	const td_nav *nav; /* the navigation (td_nav_build), paths of Markdown pages */
	size_t nnav;
	const td_tmpl_set *overrides; /* page.html.tmpl, nav-item.html.tmpl, style.css, search.js */
	bool svg_dir_links;           /* graph SVGs link as MkDocs directory URLs (../workstreams/x/#a) */
} td_html_opts;

/*
 * Renders the HTML site from the Markdown pages md (paths ending in ".md"
 * become ".html"; every other file, e.g. graphs/x.svg, is copied, with
 * links to ".md" pages inside SVG files turned to ".html", and with
 * svg_dir_links the graphs' "../workstreams/ID/" too) and adds every
 * file to out (a set of pages like td_render_markdown's): the pages,
 * assets/style.css, search-index.js. view gives
 * the site's name, the as-of date and the tasks of the search index.
 * Returns 0, or -1 with diagnostics (a page template that does not parse
 * or render). Output depends only on the inputs.
 */
int td_render_html(td_pages *out, const td_pages *md, json_t *view, const td_html_opts *opts,
                   td_diags *diags);

/*
 * The whole HTML site of a build: md is the Markdown tree just rendered
 * (pages and graph SVGs); when the graphs link for another layout
 * (graph.links not html), the pages are rendered once more for the HTML
 * site (their raw <object data> paths depend on it) and the graphs' links
 * are rewritten (no second layout); the navigation is td_nav_build's.
 * Refuses out.html equal to out.markdown. Returns 0 or -1 (diagnostics
 * added); arena holds the navigation.
 */
int td_render_html_site(td_pages *out, const td_pages *md, json_t *view, const td_config *cfg,
                        const td_tmpl_set *overrides, td_arena *arena, td_diags *diags);

/* One heading of a page, for its table of contents. */
typedef struct td_toc_entry {
	int level;  /* 1..6 */
	char *id;   /* the anchor: from `{: #id }` / `{#id}` at its end, else a slug of its text */
	char *text; /* plain text, attribute list removed */
} td_toc_entry;

typedef struct td_html_page {
	td_buf body;       /* the page's content as HTML (no <html>, no template) */
	char *title;       /* text of the first level-1 heading, or NULL */
	td_toc_entry *toc; /* every heading in order */
	size_t ntoc;
} td_html_page;

/*
 * Renders the Markdown text md (of the page path, '/'-separated, used to
 * make relative links right) into out: admonitions become boxes, headings
 * get ids, relative links to ".md" files point to ".html", links and
 * images with a scheme other than http, https, mailto, ftp or tel (e.g.
 * javascript:) are replaced by their text, and raw HTML is cleaned by
 * td_html_clean unless html_unsafe. out is cleared first; free it with
 * td_html_page_free.
 */
void td_html_render_page(td_html_page *out, const char *md, size_t len, bool html_unsafe);
void td_html_page_free(td_html_page *p);

/* ---- escapers ---- */

/*
 * Appends the HTML fragment s[0..len) to out, keeping only tags from a
 * fixed list of harmless ones (formatting, lists, tables, links, images,
 * details) with harmless attributes (no event handlers, no style, URLs
 * only when td_url_is_safe), rewritten in a canonical form; any other tag,
 * comment or stray '<' is written as text. The result cannot run script
 * whatever the input.
 */
void td_html_clean(td_buf *out, const char *s, size_t len);

/*
 * True when the URL u may be a link or image target: relative, or with
 * one of the schemes http, https, mailto, ftp, tel (blanks and control
 * characters, which browsers ignore, do not hide a scheme). for_image
 * also allows data:image/png, gif, jpeg and webp.
 */
bool td_url_is_safe(const char *u, bool for_image);

/*
 * Appends the user Markdown md[0..len) to out so that it renders as its
 * author meant, minus the dangerous parts: outside code spans and fenced
 * code blocks, every '<' that does not start an autolink with a safe
 * scheme becomes "&lt;" (unless allow_html), and inline links, images and
 * link reference definitions whose destination is not td_url_is_safe lose
 * their link syntax (shown as text), and so does an attribute list
 * (`{: #id }`, `{onclick=...}`, which MkDocs' attr_list would apply) unless
 * allow_html. Used by the `usermd` template filter.
 * A fence on the first line gets a line break before it (the value may
 * follow text on its line); indented code is not recognised: a '<' there
 * shows as "&lt;".
 */
void td_md_neutralize(td_buf *out, const char *md, size_t len, bool allow_html);

/*
 * Appends s to out as lines safe inside a fenced code block: a line that
 * could close the fence (``` or ~~~ after up to three blanks) is indented
 * by four more spaces. Used by the `codeblock` template filter.
 */
void td_md_codeblock(td_buf *out, const char *s, size_t len);

/*
 * Appends md[0..len) to out with MkDocs admonitions (`!!! type "Title"`,
 * and the collapsible `??? type` / `???+ type` of pymdownx.details, each
 * followed by a body indented by four spaces) turned into HTML boxes:
 * <div class="admonition type"><p class="admonition-title">Title</p>,
 * the body as Markdown, </div> (or <details>/<summary>). Nested ones too;
 * fenced code blocks are left alone.
 */
void td_md_admonitions(td_buf *out, const char *md, size_t len);

#endif
