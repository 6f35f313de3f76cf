/*
 * markdown.h - the Markdown room: the pages of the site map rendered for
 * MkDocs, each from its template (templates/ *.md.tmpl, compiled in,
 * overridable file by file) with the view tree plus a `page` object as
 * context, then every task id linked to its one anchor (links.h).
 * Renderers fill buffers; they never open a file (site/ writes).
 */
#ifndef TD_MARKDOWN_H
#define TD_MARKDOWN_H

#include <jansson.h>

#include "core/core.h"
#include "model/model.h"
#include "render/outset.h"
#include "view/sitemap.h"
#include "view/view.h"

typedef struct td_md_opts {
	const td_tmpl_set *overrides; /* the templates: folder, or NULL */
	td_link_style links;          /* how the site serves the pages: gives page.url_root */
	bool html_unsafe;             /* taskdoc.yaml `html: unsafe`: the usermd filter keeps raw HTML */
	int processes;                /* 2: a second process renders some of the pages (core/split.c) */
	td_spool *spool;              /* each page waits there once rendered (td_outset_load); NULL: memory */
	/* One more piece of work to share with the pages between the two
	 * processes (NULL: none): extra(extra_ud, out) appends its bytes to
	 * out, only reading the view; they end in *extra_out. */
	void (*extra)(void *ud, td_buf *out);
	void *extra_ud;
	td_buf *extra_out;
	/* The pages kept between builds (NULL, or no map: none): a page whose
	 * template reads the same values as when it was last rendered is not
	 * rendered again (pages.c). *kept_pages (if set) counts them. What the
	 * entries of the pages rendered are to say is appended to *keep (NULL:
	 * they are not stored), for td_markdown_keep. */
	const td_kv *cache;
	size_t *kept_pages;
	td_buf *keep;
	/* every task's id and url, as the view holds them (NULL: read from
	 * the view's tasks) */
	const td_view_task_fields *task_fields;
	size_t ntask_fields;
} td_md_opts;

/* Renders every page of map from view into out. Returns 0, or -1 with
 * diagnostics naming the template file, line and column. view is only read
 * (a page's own keys are added to a shallow copy). */
int td_markdown_pages(td_outset *out, json_t *view, const td_sitemap *map, const td_md_opts *o, td_diags *diags);

/* Stores in cache the entries td_markdown_pages appended to keep, each
 * with its page's bytes as md (the same outset) holds them, and empties
 * keep. Called once those bytes may be read: after the view is gone. */
void td_markdown_keep(td_buf *keep, const td_outset *md, const td_kv *cache);

/* Renders the one page pg as td_markdown_pages does and appends it to out
 * (for commands that print one page: taskdoc report). Returns 0, or -1
 * with diagnostics. */
int td_markdown_page(td_buf *out, json_t *view, const td_sitepage *pg, const td_md_opts *o, td_diags *diags);

#endif
