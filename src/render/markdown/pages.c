/* pages.c - the Markdown pages: one template per kind of page, the view
 * tree plus a `page` object as context, then task ids linked. */
#include "render/dialect.h"
#include "render/markdown/links.h"
#include "render/markdown/markdown.h"
#include "render/template/source.h"

#include <stdlib.h>
#include <string.h>

/* A plan with fewer pages is rendered in one process: forking costs more
 * than it saves. */
#define SPLIT_PAGES 24

/* Every task id -> its canonical url. */
static json_t *link_targets(json_t *view)
{
	json_t *map = json_object();
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(view, "tasks"), i, t)
		json_object_set(map, json_string_value(json_object_get(t, "id")), json_object_get(t, "url"));
	return map;
}

/* A template parsed once for all the pages that use it (with the partials
 * it met, which it keeps): the 50 workstream pages of a plan share one. */
typedef struct parsed {
	const char *name; /* the site map's */
	td_template *t;   /* NULL: it did not parse (said once) */
} parsed;

typedef struct renderer {
	json_t *view;
	td_link_targets targets;
	const td_md_opts *o;
	td_dialect_opts dopts;
	td_dialect dialect;
	td_partials pc;
	td_diags *diags;
	parsed *tmpls;
	size_t ntmpls, cap;
} renderer;

static void renderer_init(renderer *r, json_t *view, const td_md_opts *o, td_diags *diags)
{
	*r = (renderer){view, {0}, o, {o->html_unsafe}, {0}, {o->overrides, ".md.tmpl", TD_BUF_INIT}, diags, NULL, 0, 0};
	td_link_targets_init(&r->targets, link_targets(view));
	td_dialect_markdown(&r->dialect, &r->dopts);
}

static void renderer_free(renderer *r)
{
	json_decref(r->targets.map);
	td_buf_free(&r->pc.name);
	for (size_t i = 0; i < r->ntmpls; i++)
		td_template_free(r->tmpls[i].t);
	free(r->tmpls);
}

/* The template name, parsed (once), or NULL with a diagnostic (the first time). */
static td_template *template_of(renderer *r, const char *name)
{
	for (size_t i = 0; i < r->ntmpls; i++)
		if (!strcmp(r->tmpls[i].name, name))
			return r->tmpls[i].t;
	const char *file = NULL;
	const char *src = td_tmpl_lookup(r->o->overrides, name, &file);
	td_template *t = NULL;
	if (!src)
		td_diag_add(r->diags, TD_SEV_ERROR, (td_loc){name, 0, 0}, "template not found");
	else
		t = td_template_parse(file, src, &r->dialect, r->diags);
	td_grow((void **)&r->tmpls, &r->cap, r->ntmpls + 1, sizeof *r->tmpls);
	r->tmpls[r->ntmpls++] = (parsed){name, t};
	return t;
}

/* The page object of a template's context: path, title, root (the way up
 * to the root from the page's file, for Markdown links) and url_root (the
 * same from the page's URL, for raw HTML such as <object data> that MkDocs
 * does not rewrite: with directory URLs a.md is served as a/). */
static json_t *page_object(const td_sitepage *pg, td_link_style links)
{
	json_t *o = json_object();
	td_buf root = TD_BUF_INIT, url = TD_BUF_INIT;
	for (const char *p = pg->path; *p; p++)
		if (*p == '/')
			td_buf_puts(&root, "../");
	json_object_set_new(o, "path", json_string(pg->path));
	json_object_set_new(o, "root", json_string(td_buf_cstr(&root)));
	td_page_url(&url, pg->path, links);
	td_buf_clear(&root);
	for (const char *p = td_buf_cstr(&url); *p; p++)
		if (*p == '/')
			td_buf_puts(&root, "../");
	json_object_set_new(o, "url_root", json_string(td_buf_cstr(&root)));
	json_object_set_new(o, "title", json_string(pg->title));
	td_buf_free(&root);
	td_buf_free(&url);
	return o;
}

/* Renders pg into out (cleared first). Returns 0 or -1 (diagnostics added). */
static int render(renderer *r, const td_sitepage *pg, td_buf *out)
{
	td_template *t = template_of(r, pg->tmpl);
	if (!t)
		return -1;
	json_t *ctx = json_copy(r->view); /* shallow: shares the big arrays */
	json_object_set_new(ctx, "page", page_object(pg, r->o->links));
	if (pg->key)
		json_object_set(ctx, pg->key, pg->object);
	td_buf md = TD_BUF_INIT;
	int rc = td_template_render(&md, t, ctx, td_tmpl_partial, &r->pc, r->diags);
	td_buf_clear(out);
	if (rc == 0)
		td_link_ids(out, md.ptr ? md.ptr : "", md.len, pg->path, &r->targets);
	td_buf_free(&md);
	json_decref(ctx);
	return rc;
}

typedef struct split_ctx {
	renderer *r;
	const td_sitemap *map;
	struct kept {
		bool spooled; /* the page went into the spool, at off */
		size_t off, len;
	} *kept; /* by page */
} split_ctx;

/* One page for td_split_run: false when it added any diagnostic, so that
 * the calling process renders it again and keeps what it says. */
static bool render_one(void *ud, size_t i, td_buf *out)
{
	split_ctx *c = ud;
	if (i == c->map->npages) { /* the extra piece */
		c->r->o->extra(c->r->o->extra_ud, out);
		return true;
	}
	size_t before = c->r->diags->len;
	return render(c->r, &c->map->pages[i], out) == 0 && c->r->diags->len == before;
}

/* A page is done: into the spool, if there is one and it takes it. */
static void page_done(void *ud, size_t i, td_buf *out)
{
	split_ctx *c = ud;
	if (i == c->map->npages) { /* the extra piece's bytes, moved */
		td_buf_free(c->r->o->extra_out);
		*c->r->o->extra_out = *out;
		*out = (td_buf)TD_BUF_INIT;
		return;
	}
	struct kept *k = &c->kept[i];
	if (c->r->o->spool && td_spool_put(c->r->o->spool, out->ptr, out->len, &k->off)) {
		k->spooled = true;
		k->len = out->len;
		td_buf_free(out);
	}
}

int td_markdown_pages(td_outset *out, json_t *view, const td_sitemap *map, const td_md_opts *o, td_diags *diags)
{
	renderer r;
	renderer_init(&r, view, o, diags);
	/* pages of the whole plan (no key: the index, the active page, the
	 * evidence...) are the big ones: first, for the two processes' sake */
	/* the extra piece after them (the search index: as long as a big
	 * page), before the pages of one workstream each */
	size_t n = map->npages + (o->extra != NULL);
	size_t *order = td_xcalloc(n + 1, sizeof *order), k = 0;
	for (size_t i = 0; i < map->npages; i++)
		if (!map->pages[i].key)
			order[k++] = i;
	if (o->extra)
		order[k++] = map->npages;
	for (size_t i = 0; i < map->npages; i++)
		if (map->pages[i].key)
			order[k++] = i;
	td_buf *pages = td_xcalloc(n + 1, sizeof *pages);
	split_ctx c = {&r, map, td_xcalloc(map->npages + 1, sizeof *c.kept)};
	bool ok = true;
	size_t before = diags->len;
	td_split_run(n, order, o->processes > 1 && map->npages >= SPLIT_PAGES, render_one, page_done, &c,
	             pages, &ok);
	int rc = ok && diags->len == before ? 0 : -1;
	td_buf_free(&pages[map->npages]); /* the extra piece's: taken by page_done */
	for (size_t i = 0; i < map->npages; i++) {
		if (rc == 0 && c.kept[i].spooled)
			td_outset_add_spooled(out, map->pages[i].path, o->spool, c.kept[i].off, c.kept[i].len);
		else if (rc == 0)
			td_outset_add_buf(out, map->pages[i].path, &pages[i]);
		td_buf_free(&pages[i]);
	}
	free(c.kept);
	free(pages);
	free(order);
	renderer_free(&r);
	return rc;
}

int td_markdown_page(td_buf *out, json_t *view, const td_sitepage *pg, const td_md_opts *o, td_diags *diags)
{
	renderer r;
	renderer_init(&r, view, o, diags);
	td_buf b = TD_BUF_INIT;
	int rc = render(&r, pg, &b);
	if (rc == 0)
		td_buf_put(out, b.ptr ? b.ptr : "", b.len);
	td_buf_free(&b);
	renderer_free(&r);
	return rc;
}
