/*
 * share.h - one page made to travel (a weekly report pasted into an
 * e-mail, a chat or an issue): its relative links made absolute against
 * the site's URL, its images inlined as data: URIs, and as HTML a
 * standalone document. Fills buffers; no I/O.
 */
#ifndef TD_RENDER_SHARE_H
#define TD_RENDER_SHARE_H

#include "core/core.h"
#include "model/model.h"
#include "render/outset.h"

typedef struct td_share_opts {
	const char *page;       /* the page's path below the root: "reports/weekly/2025-W45.md" */
	const char *base_url;   /* the site's URL ("https://x.example/plan/"), or NULL: links stay relative */
	td_link_style style;    /* how the site at base_url addresses a page: .html, directory or .md */
	const td_outset *files; /* rendered files (the charts): an image found here is inlined */
	bool inline_images;     /* Markdown: images become data: URIs (HTML: td_share_html does it) */
} td_share_opts;

/* Appends md[0..len) to out with every relative link and image target of
 * a Markdown link ("](target)") rewritten as o says. */
void td_share_markdown(td_buf *out, const char *md, size_t len, const td_share_opts *o);

/* Appends a standalone HTML document: title, the stylesheet css inline,
 * and body (HTML rendered from the page) with each relative <img src>
 * found in o->files inlined as a data: URI. */
void td_share_html(td_buf *out, const char *title, const char *css, const char *body, const td_share_opts *o);

#endif
