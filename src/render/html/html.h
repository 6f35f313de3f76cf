/*
 * html.h - the HTML room: the standalone HTML site (docs/html.md), every
 * Markdown page of the site map through cmark-gfm and the page template
 * (templates/page.html.tmpl), with navigation, table of contents, heading
 * anchors, admonitions, search and the stylesheet. Its escapers are in
 * escape.h. Renderers fill buffers; they never open a file (site/ writes).
 */
#ifndef TD_HTML_H
#define TD_HTML_H

#include <jansson.h>

#include "core/core.h"
#include "model/model.h"
#include "render/outset.h"
#include "view/sitemap.h"
#include "view/view.h"

/* ---- the site ---- */

typedef struct td_html_opts {
	bool html_unsafe;             /* taskdoc.yaml `html: unsafe`: raw HTML is kept as written */
	const td_sitemap *map;        /* the pages' navigation */
	const td_tmpl_set *overrides; /* page.html.tmpl, nav-item.html.tmpl, style.css, search.js */
	td_link_style md_links;       /* how the Markdown tree addresses its pages (its graphs' links,
	                                 its pages' raw HTML URLs): the site rebases them */
	const td_kv *cache;           /* each page's rendered parts by their Markdown (NULL: none): a
	                                 section whose text did not change is not parsed again */
	int processes;                /* 1, or 2 to let a second process render about half the
	                                 parts (td_html_render_batch) */
	struct td_html_stats *stats;  /* filled when not NULL */
} td_html_opts;

/* What td_render_html did with the pages' sections, for TASKDOC_PROFILE. */
typedef struct td_html_stats {
	size_t files;    /* HTML files taken whole from the cache (their page and frame unchanged) */
	size_t whole;    /* other pages whose content came whole from the cache (their Markdown unchanged) */
	size_t cached;   /* parts taken from the cache */
	size_t rendered; /* parts made through cmark-gfm */
	size_t second;   /* of those, by the second process */
} td_html_stats;

/*
 * Renders the HTML site from md, the Markdown tree as it was rendered for
 * md_links (td_markdown_pages, the graphs and charts), into out: each
 * ".md" page becomes ".html" through the page template; every other file
 * is copied, SVG files with their links to pages made ".html" (also
 * MkDocs' directory URLs) and opening in the whole window; then
 * assets/style.css, assets/search.js, assets/graph.js. No page is
 * rendered twice: what the link style changed in a page (raw HTML URLs
 * written for a directory URL) is rebased here. view is what the page
 * template sees besides page, site and nav: the view, or what
 * td_html_frame_view took of it. Returns 0, or -1 with
 * diagnostics (a page template that does not parse or render). Output
 * depends only on the inputs.
 */
/* search-index.json and search-index.js of view into out: every task's
 * id, title, workstream title, state and page, copied (the view may be
 * freed afterwards). */
void td_html_search_index(td_outset *out, json_t *view);
/* The same in two steps: the index's JSON text from view (only read: a
 * second process may make it, td_md_opts.extra), then the two files from
 * that text. */
void td_html_search_text(td_buf *text, json_t *view);
/* td_html_search_text from the n tasks' values the view was made with
 * (td_view_build_fields), in the order of its tasks. */
void td_html_search_text_of(td_buf *text, const td_view_task_fields *tasks, size_t n);
void td_html_search_files(td_outset *out, const td_buf *text);

/* What td_render_html's page template (with its partials) can read of
 * view, so that the view can be freed before the pages are rendered: a new
 * object holding copies of the view's names the template looks up, or the
 * view itself (a new reference) when it looks up the whole context
 * ({{.}}), a big part of it, or cannot be parsed (td_render_html reports
 * that). */
json_t *td_html_frame_view(json_t *view, const td_html_opts *opts);

/* The HTML site of the Markdown pages md into out. With a cache, each
 * page of md gets the SHA-256 of its Markdown as its key, and each HTML
 * page a key of its Markdown's and its frame's digests (td_outfile). */
int td_render_html(td_outset *out, td_outset *md, json_t *view, const td_html_opts *opts, td_diags *diags);

/* ---- one page ---- */

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

/* Between begin and end, td_html_render_page keeps cmark-gfm's memory
 * for the next page instead of giving it back (nested pairs count). */
void td_html_pages_begin(void);
void td_html_pages_end(void);
/*
 * Renders the Markdown text md of the page path (below the root,
 * '/'-separated, used to make relative links right) into out: admonitions
 * become boxes, headings get ids, relative links to ".md" files point to
 * ".html", links and images with a scheme other than http, https, mailto,
 * ftp or tel (e.g. javascript:) are replaced by their text, and raw HTML
 * is cleaned by td_html_clean unless html_unsafe; relative URLs in raw
 * HTML, written for the page's URL under md_links (MkDocs serves a.md as
 * a/), are rebased to the page's file. out is cleared first; free it
 * with td_html_page_free.
 */
void td_html_render_page(td_html_page *out, const char *md, size_t len, const char *path, td_link_style md_links,
                         bool html_unsafe);
void td_html_page_free(td_html_page *p);

/* ---- a page in parts (page.c) ----
 *
 * A page is rendered in sections, each cut before a heading that starts a
 * line after a blank one, so that a rebuild parses again only the sections
 * whose text changed (the HTML cache keeps each page's parts, docs/output.md).
 * A heading there ends every block but a fenced code block or raw HTML
 * (CommonMark kinds 1 to 5) left open, and a part that ends in one is
 * joined with the next; a page with a link reference definition is one
 * section. The ids of headings are the page's (a slug is unique on the
 * page): a part holds TD_HTML_MARK where each goes, and td_html_assemble
 * writes them. A page whose text holds that byte is one direct part. */

#define TD_HTML_MARK '\x02'

typedef struct td_html_part {
	td_buf body;         /* HTML, TD_HTML_MARK twice per heading where its id goes (unless direct) */
	td_toc_entry *heads; /* every heading: level, explicit id (else NULL), text */
	size_t nheads;
	bool direct;    /* the whole page, its ids written: heads[].id all set */
	bool open_end;  /* ends inside a code block or raw HTML that the next part continues */
	bool bad_start; /* cut inside a table or list, its HTML did not open as one: not a cut
	                   (never stored: td_html_close_parts joins it with the part before) */
} td_html_part;

/* A part cut inside a long table or list (td_html_sections): its HTML
 * continues the table or list of the part before (TD_CUT_CONT: its
 * opening, up to the table's body, is left out) or is continued by the
 * next (TD_CUT_MORE: its closing is left out). */
#define TD_CUT_CONT 1u
#define TD_CUT_MORE 2u

typedef struct td_html_job {
	const char *md; /* the part's Markdown, admonitions already boxes (td_md_admonitions) */
	size_t len;
	const char *path; /* the page's */
	bool direct;      /* the whole page, which holds TD_HTML_MARK */
	unsigned cut;     /* TD_CUT_CONT, TD_CUT_MORE (td_html_part_job) */
	const char *head; /* rendered before md, or NULL: the header and delimiter rows of the
	                     table a TD_CUT_CONT part continues */
	size_t head_len;
} td_html_job;

/* Where the sections of pre[0..len) (a page after td_md_admonitions)
 * start: *starts (malloc'd, starts[0] = 0); returns how many (at least 1).
 * Besides before headings, a long table (rows each a line starting with
 * "|") or list (items each one line), with a blank line before and after
 * it, is cut between rows at places its rows' text chooses (so that a row
 * added or taken out moves no other cut), each piece rendered apart:
 * td_html_part_text. */
size_t td_html_sections(const char *pre, size_t len, size_t **starts);
/* Part k of the n that td_html_sections cut pre into, as a job (its
 * text, the header of the table it continues, its cut; path and direct
 * left alone): pointers into pre. prev, part k - 1's job or NULL, spares
 * looking for the header of a table its piece continues too. */
void td_html_part_job(td_html_job *job, const char *pre, size_t len, const size_t *starts, size_t n, size_t k,
                      const td_html_job *prev);
/* What names the HTML of a job, for the cache (appended to key): its
 * cut, the header it is rendered after and its text, with an ordered
 * list's item numbers left out where the HTML has none (a piece that
 * continues a list: items renumbered above it keep their piece). */
void td_html_part_key(td_buf *key, const td_html_job *job);
/* The sizes the cuts inside tables and lists aim at (bytes of rows: a
 * piece at least min, at most max, ending where a row's hash is 0 modulo
 * every): 0, 0, 0 restores the defaults. For tests, which cut small. */
void td_html_set_chunking(size_t min, size_t max, unsigned every);
void td_html_render_part(td_html_part *out, const td_html_job *job, td_link_style md_links, bool html_unsafe);
void td_html_part_free(td_html_part *p);
/* Joins each part of parts[0..n) (sections of pre at starts) that ends
 * open with the next one, rendered again; returns the new n. */
size_t td_html_close_parts(td_html_part *parts, size_t *starts, size_t n, const char *pre, size_t len,
                           const char *path, td_link_style md_links, bool html_unsafe);
/* The page of parts[0..n): its headings' ids given and written, its table
 * of contents and title. */
void td_html_assemble(td_html_page *out, const td_html_part *parts, size_t n);

/* Whether every line of md[0..len) is a table row whose first cell is
 * a number alone ("| 12 | ..."): a piece of a table numbered so is keyed
 * without its numbers (td_html_part_key), so that a row added above moves
 * no piece below, and its HTML found is given the piece's numbers by
 * td_html_renumber: true when the HTML had a row with a number first for
 * each row of md (then renumbered), else body is left as it was. */
bool td_html_numbered_rows(const char *md, size_t len);
bool td_html_renumber(td_buf *body, const char *md, size_t len);

/* ---- many parts (batch.c) ---- */

/* A part as bytes, for the cache and the second process: save appends to
 * b; load reads one at the start of s[0..n) into p and returns the bytes
 * it took, or 0 (p cleared) if they are not one. */
void td_html_part_save(td_buf *b, const td_html_part *p);
size_t td_html_part_load(td_html_part *p, const char *s, size_t n);

typedef struct td_html_batch_opts {
	td_link_style md_links;
	bool html_unsafe;
	int processes; /* 2: a second process renders about half the parts when they are many */
	size_t *second; /* if not NULL, set to the parts the second process gave back */
} td_html_batch_opts;

/* td_html_render_part for every job, out[i] for jobs[i] (n of each): the
 * same parts whether one process or two render them. saved (NULL, or n
 * empty buffers) receives each part as td_html_part_save writes it. */
void td_html_render_batch(td_html_part *out, td_buf *saved, const td_html_job *jobs, size_t n,
                          const td_html_batch_opts *o);

/*
 * Appends md[0..len) to out with MkDocs admonitions (`!!! type "Title"`,
 * and the collapsible `??? type` / `???+ type` of pymdownx.details, each
 * followed by a body indented by four spaces) turned into HTML boxes:
 * <div class="admonition type"><p class="admonition-title">Title</p>,
 * the body as Markdown, </div> (or <details>/<summary>). Nested ones too;
 * fenced code blocks are left alone.
 */
void td_md_admonitions(td_buf *out, const char *md, size_t len);
/* Whether td_md_admonitions would change md[0..len) (a line starts a box). */
bool td_md_has_admonitions(const char *md, size_t len);

#endif
