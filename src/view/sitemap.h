/*
 * sitemap.h - the site map: which pages the site has, each with its path,
 * template, title and place in the navigation. The Markdown pages, the
 * HTML site and the MkDocs nav all read this one map (docs/design.md).
 */
#ifndef TD_SITEMAP_H
#define TD_SITEMAP_H

#include <jansson.h>

#include "core/core.h"
#include "model/model.h"

/* An entry of the navigation: a page, or a section of entries. */
typedef struct td_nav {
	const char *title;       /* NULL for a page: "- path" (MkDocs takes the page's title) */
	const char *path;        /* NULL for a section; relative to the Markdown output folder */
	struct td_nav *children; /* of a section */
	size_t nchildren;
} td_nav;

typedef struct td_sitepage {
	const char *path;      /* the Markdown page below the root, '/'-separated ("workstreams/hpc.md") */
	const char *tmpl;      /* its template ("workstream.md.tmpl") */
	const char *title;     /* page.title of its template */
	const char *key;       /* the page's own object in its template's context ("workstream",
	                          "month", "week"), or NULL */
	json_t *object;        /* that object, borrowed from the view */
	const char *section;   /* the navigation section it is listed in, or NULL: at the top */
	const char *nav_title; /* its title there */
	bool in_nav;           /* listed in the navigation at all */
	bool dated;            /* one of a series that grows with time (archive months,
	                          weekly reports): left out of mkdocs_nav */
} td_sitepage;

typedef struct td_sitemap {
	td_sitepage *pages; /* in the order of the navigation */
	size_t npages;
	td_nav *nav; /* built from pages: each section where its first page is */
	size_t nnav;
	/* The navigation mkdocs.yml keeps: nav without dated pages (they are
	 * linked from their index pages), a section left with one page
	 * becoming that page. It changes only when the plan's structure does
	 * (workstreams, their titles), not when a week or month goes by, so a
	 * tracked mkdocs.yml stays clean in CI (docs/output.md). */
	td_nav *mkdocs_nav;
	size_t nmkdocs_nav;
	td_arena *arena; /* owns everything above */
} td_sitemap;

/* How many weekly reports (the latest) the navigation lists after their index. */
#define TD_NAV_WEEKS 12

/* The site map of the pages a view tree (td_view_build) makes: Overview,
 * Active workstreams, Workstreams (one page per workstream), Risks,
 * Evidence, Archive (index and months), Weekly reports (index and every
 * week; the navigation lists the latest TD_NAV_WEEKS). The view must
 * outlive the map. Free it with td_sitemap_free. */
td_sitemap *td_sitemap_build(json_t *view);
void td_sitemap_free(td_sitemap *m); /* accepts NULL */

/* The page of a workstream: "workstreams/ID.md". Appends to out. */
void td_workstream_page(td_buf *out, const char *ws_id);

/* The URL of the Markdown page md_path (below the root) in a tree whose
 * pages are addressed as links says: "a/b.md", "a/b.html", or MkDocs'
 * directory URL "a/b/" ("a/" for "a/index.md"). Appends to out. */
void td_page_url(td_buf *out, const char *md_path, td_link_style links);

#endif
