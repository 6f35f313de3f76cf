/* sitemap.c - the site map (sitemap.h). */
#include "view/sitemap.h"

#include <stdlib.h>
#include <string.h>

void td_workstream_page(td_buf *out, const char *ws_id)
{
	td_buf_puts(out, "workstreams/");
	td_buf_puts(out, ws_id);
	td_buf_puts(out, ".md");
}

void td_page_url(td_buf *out, const char *md_path, td_link_style links)
{
	size_t n = strlen(md_path);
	if (links == TD_LINKS_MARKDOWN || n < 3 || strcmp(md_path + n - 3, ".md") != 0) {
		td_buf_puts(out, md_path);
		return;
	}
	n -= 3;
	if (links == TD_LINKS_HTML) {
		td_buf_put(out, md_path, n);
		td_buf_puts(out, ".html");
		return;
	}
	const char *base = strrchr(md_path, '/');
	base = base ? base + 1 : md_path;
	if (!strcmp(base, "index.md")) {
		td_buf_put(out, md_path, (size_t)(base - md_path));
		return;
	}
	td_buf_put(out, md_path, n);
	td_buf_putc(out, '/');
}

typedef struct builder {
	td_sitemap *m;
	size_t cap;
} builder;

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void add(builder *b, td_sitepage pg)
{
	td_grow((void **)&b->m->pages, &b->cap, b->m->npages + 1, sizeof pg);
	td_arena *ar = b->m->arena;
	pg.path = td_arena_strdup(ar, pg.path ? pg.path : "");
	pg.title = pg.title ? td_arena_strdup(ar, pg.title) : NULL;
	pg.nav_title = pg.nav_title ? td_arena_strdup(ar, pg.nav_title) : NULL;
	b->m->pages[b->m->npages++] = pg;
}

/* The navigation: pages at the top in their order, a section where its first page is. */
static bool listed(const td_sitepage *pg, bool undated)
{
	return pg->in_nav && !(undated && pg->dated);
}

static size_t build_nav(td_sitemap *m, td_nav **out, bool undated)
{
	td_nav *nav = td_arena_alloc(m->arena, (m->npages + 1) * sizeof *nav);
	size_t nnav = 0;
	for (size_t i = 0; i < m->npages; i++) {
		const td_sitepage *pg = &m->pages[i];
		if (!listed(pg, undated))
			continue;
		td_nav item = {pg->nav_title, pg->path, NULL, 0};
		if (!pg->section) {
			nav[nnav++] = item;
			continue;
		}
		td_nav *sec = NULL;
		for (size_t k = 0; k < nnav && !sec; k++)
			if (!nav[k].path && !strcmp(nav[k].title, pg->section))
				sec = &nav[k];
		if (!sec) {
			size_t room = 0;
			for (size_t k = i; k < m->npages; k++)
				room += listed(&m->pages[k], undated) && m->pages[k].section &&
				        !strcmp(m->pages[k].section, pg->section);
			sec = &nav[nnav++];
			*sec = (td_nav){pg->section, NULL, td_arena_alloc(m->arena, room * sizeof *sec), 0};
		}
		sec->children[sec->nchildren++] = item;
	}
	/* a section of one page is that page, under the section's title */
	for (size_t k = 0; undated && k < nnav; k++)
		if (!nav[k].path && nav[k].nchildren == 1 && !nav[k].children[0].children)
			nav[k] = (td_nav){nav[k].title, nav[k].children[0].path, NULL, 0};
	*out = nav;
	return nnav;
}

td_sitemap *td_sitemap_build(json_t *view)
{
	td_sitemap *m = td_xcalloc(1, sizeof *m);
	m->arena = td_arena_new();
	builder b = {m, 0};
	const char *ptitle = str(json_object_get(view, "project"), "title");
	add(&b, (td_sitepage){"index.md", "index.md.tmpl", "Task list index", NULL, NULL, NULL, "Overview", true, false});
	add(&b, (td_sitepage){"active-workstreams.md", "active-workstreams.md.tmpl",
	                      ptitle ? ptitle : "Active Workstreams", NULL, NULL, NULL, "Active workstreams", true, false});
	size_t i;
	json_t *o;
	td_buf path = TD_BUF_INIT;
	json_array_foreach(json_object_get(view, "workstreams"), i, o)
	{
		td_buf_clear(&path);
		td_workstream_page(&path, str(o, "id"));
		add(&b, (td_sitepage){td_buf_cstr(&path), "workstream.md.tmpl", str(o, "title"), "workstream", o,
		                      "Workstreams", str(o, "title"), true, false});
	}
	td_buf_free(&path);
	add(&b, (td_sitepage){"risks.md", "risks.md.tmpl", "Risks", NULL, NULL, NULL, "Risks", true, false});
	add(&b, (td_sitepage){"evidence.md", "evidence.md.tmpl", "Evidence", NULL, NULL, NULL, "Evidence", true, false});
	add(&b, (td_sitepage){"archive/index.md", "archive-index.md.tmpl", "Archive", NULL, NULL, "Archive", "Archive",
	                      true, false});
	json_array_foreach(json_object_get(json_object_get(view, "archive"), "months"), i, o)
	add(&b, (td_sitepage){str(o, "path"), "archive-month.md.tmpl", str(o, "title"), "month", o, "Archive",
	                      str(o, "title"), true, true});
	/* weekly reports (SCHEMA 6.1), newest first: the index lists them all,
	 * the navigation the latest TD_NAV_WEEKS */
	add(&b, (td_sitepage){"reports/weekly/index.md", "weekly-index.md.tmpl", "Weekly reports", NULL, NULL,
	                      "Weekly reports", "Weekly reports", true, false});
	json_array_foreach(json_object_get(json_object_get(view, "weekly"), "reports"), i, o)
	add(&b, (td_sitepage){str(o, "path"), "weekly.md.tmpl", str(o, "title"), "week", o, "Weekly reports",
	                      str(o, "id"), i < TD_NAV_WEEKS, true});
	m->nnav = build_nav(m, &m->nav, false);
	m->nmkdocs_nav = build_nav(m, &m->mkdocs_nav, true);
	return m;
}

void td_sitemap_free(td_sitemap *m)
{
	if (!m)
		return;
	free(m->pages);
	td_arena_free(m->arena);
	free(m);
}
