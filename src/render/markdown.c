/* markdown.c - the Markdown pages: one template per kind of page, the view
 * tree plus a `page` object as context, then task ids linked. */
#include "render/links.h"
#include "render/render.h"
#include "render/template.h"

#include <stdlib.h>
#include <string.h>

struct td_embedded_file {
	const char *name;
	const char *data;
	size_t size;
};
extern const struct td_embedded_file td_embedded[];

const char *td_tmpl_lookup(const td_tmpl_set *overrides, const char *name, const char **path_out)
{
	for (size_t i = 0; overrides && i < overrides->len; i++)
		if (!strcmp(overrides->items[i].name, name)) {
			if (path_out)
				*path_out = overrides->items[i].path;
			return overrides->items[i].text;
		}
	for (size_t i = 0; td_embedded[i].name; i++)
		if (!strcmp(td_embedded[i].name, name)) {
			if (path_out)
				*path_out = td_embedded[i].name;
			return td_embedded[i].data;
		}
	return NULL;
}

bool td_tmpl_is_builtin(const char *name)
{
	for (size_t i = 0; td_embedded[i].name; i++)
		if (!strcmp(td_embedded[i].name, name))
			return true;
	return false;
}

void td_pages_add(td_pages *pages, const char *path, td_buf *body)
{
	td_grow((void **)&pages->items, &pages->cap, pages->len + 1, sizeof *pages->items);
	td_page *pg = &pages->items[pages->len++];
	pg->path = td_xstrdup(path);
	pg->body = *body;
	memset(body, 0, sizeof *body);
}

void td_pages_free(td_pages *pages)
{
	for (size_t i = 0; i < pages->len; i++) {
		free(pages->items[i].path);
		td_buf_free(&pages->items[i].body);
	}
	free(pages->items);
	memset(pages, 0, sizeof *pages);
}

const char *td_tmpl_partial(void *partials, const char *name, const char **file_out)
{
	td_partials *pc = partials;
	td_buf_clear(&pc->name);
	td_buf_printf(&pc->name, "%s%s", name, pc->suffix);
	return td_tmpl_lookup(pc->overrides, td_buf_cstr(&pc->name), file_out);
}

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

typedef struct renderer {
	json_t *view;
	json_t *targets;
	const td_tmpl_set *overrides;
	td_diags *diags;
	td_pages *pages;
	td_partials pc;
	int failed;
} renderer;

/* Renders template name as page path; extra keys (a borrowed object) are
 * added to the context next to the view's. */
static void page(renderer *r, const char *tmpl_name, const char *path, const char *title, json_t *extra)
{
	const char *file = NULL;
	const char *src = td_tmpl_lookup(r->overrides, tmpl_name, &file);
	if (!src) {
		td_diag_add(r->diags, TD_SEV_ERROR, (td_loc){tmpl_name, 0, 0}, "template not found");
		r->failed = 1;
		return;
	}
	td_template *t = td_template_parse(file, src, TD_ESCAPE_MARKDOWN, r->diags);
	if (!t) {
		r->failed = 1;
		return;
	}
	td_template_allow_html(t, json_is_true(json_object_get(json_object_get(r->view, "config"), "html_unsafe")));
	json_t *ctx = json_copy(r->view); /* shallow: shares the big arrays */
	json_t *pg = json_object();
	json_object_set_new(pg, "path", json_string(path));
	td_buf root = TD_BUF_INIT;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			td_buf_puts(&root, "../");
	json_object_set_new(pg, "root", json_string(td_buf_cstr(&root)));
	/* url_root: the same from the page's URL, for raw HTML (<object data>)
	 * that MkDocs does not rewrite; with directory URLs a.md is served as a/ */
	const char *links = json_string_value(json_object_get(json_object_get(r->view, "graphs"), "links"));
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (links && !strcmp(links, "directory") && strcmp(base, "index.md") != 0)
		td_buf_puts(&root, "../");
	json_object_set_new(pg, "url_root", json_string(td_buf_cstr(&root)));
	json_object_set_new(pg, "title", json_string(title));
	td_buf_free(&root);
	json_object_set_new(ctx, "page", pg);
	if (extra)
		json_object_update(ctx, extra);
	td_buf md = TD_BUF_INIT, linked = TD_BUF_INIT;
	if (td_template_render(&md, t, ctx, td_tmpl_partial, &r->pc, r->diags) != 0) {
		r->failed = 1;
	} else {
		td_link_ids(&linked, md.ptr ? md.ptr : "", md.len, path, r->targets);
		td_pages_add(r->pages, path, &linked);
	}
	td_buf_free(&md);
	td_buf_free(&linked);
	json_decref(ctx);
	td_template_free(t);
}

int td_render_markdown(td_pages *pages, json_t *view, const td_tmpl_set *overrides, td_diags *diags)
{
	renderer r = {view, link_targets(view), overrides, diags, pages, {overrides, ".md.tmpl", TD_BUF_INIT}, 0};
	json_t *proj = json_object_get(view, "project");
	const char *title = json_string_value(json_object_get(proj, "title"));

	page(&r, "index.md.tmpl", "index.md", "Task list index", NULL);
	page(&r, "active-workstreams.md.tmpl", "active-workstreams.md", title ? title : "Active Workstreams", NULL);
	size_t i;
	json_t *ws;
	json_array_foreach(json_object_get(view, "workstreams"), i, ws)
	{
		td_buf path = TD_BUF_INIT;
		td_buf_printf(&path, "workstreams/%s.md", json_string_value(json_object_get(ws, "id")));
		json_t *extra = json_pack("{sO}", "workstream", ws);
		page(&r, "workstream.md.tmpl", td_buf_cstr(&path), json_string_value(json_object_get(ws, "title")), extra);
		json_decref(extra);
		td_buf_free(&path);
	}
	json_t *archive = json_object_get(view, "archive");
	page(&r, "archive-index.md.tmpl", "archive/index.md", "Archive", NULL);
	json_t *m;
	json_array_foreach(json_object_get(archive, "months"), i, m)
	{
		json_t *extra = json_pack("{sO}", "month", m);
		page(&r, "archive-month.md.tmpl", json_string_value(json_object_get(m, "path")),
		     json_string_value(json_object_get(m, "title")), extra);
		json_decref(extra);
	}
	page(&r, "risks.md.tmpl", "risks.md", "Risks", NULL);
	page(&r, "evidence.md.tmpl", "evidence.md", "Evidence", NULL);
	/* weekly reports (SCHEMA 6.1): the index, then one page per ISO week */
	json_t *weekly = json_object_get(view, "weekly");
	page(&r, "weekly-index.md.tmpl", "reports/weekly/index.md", "Weekly reports", NULL);
	json_t *wk;
	json_array_foreach(json_object_get(weekly, "reports"), i, wk)
	{
		json_t *extra = json_pack("{sO}", "week", wk);
		page(&r, "weekly.md.tmpl", json_string_value(json_object_get(wk, "path")),
		     json_string_value(json_object_get(wk, "title")), extra);
		json_decref(extra);
	}
	json_decref(r.targets);
	td_buf_free(&r.pc.name);
	return r.failed ? -1 : 0;
}

int td_render_page(td_buf *out, json_t *view, const td_tmpl_set *overrides, const char *tmpl_name,
                   const char *path, const char *title, json_t *extra, td_diags *diags)
{
	td_pages pages = {0};
	renderer r = {view, link_targets(view), overrides, diags, &pages, {overrides, ".md.tmpl", TD_BUF_INIT}, 0};
	page(&r, tmpl_name, path, title, extra);
	if (!r.failed && pages.len == 1)
		td_buf_put(out, pages.items[0].body.ptr ? pages.items[0].body.ptr : "", pages.items[0].body.len);
	json_decref(r.targets);
	td_buf_free(&r.pc.name);
	td_pages_free(&pages);
	return r.failed ? -1 : 0;
}
