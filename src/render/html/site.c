/*
 * site.c - the standalone HTML site: every Markdown page of the site map
 * through page.c, then the page template with the navigation, the table of
 * contents and the search box; the SVG files with links for the site; the
 * search index; the stylesheet and the search script (templates/style.css,
 * templates/search.js, built in).
 */
#include "render/dialect.h"
#include "render/html/escape.h"
#include "render/html/html.h"
#include "render/template/source.h"
#include "render/url.h"
#include "view/view.h"

#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && !memcmp(s + n - l, suffix, l);
}

/* ---- SVG files ---- */

/* A graph node's link in MkDocs' directory layout, "../workstreams/ID/"
 * or "../workstreams/ID/#anchor" (td_graph_node_url), as in the HTML site:
 * "../workstreams/ID.html#anchor". Appends and returns true, or returns
 * false for any other URL. */
static bool dir_to_html_url(td_buf *out, const char *u)
{
	static const char pre[] = "../workstreams/";
	if (strncmp(u, pre, sizeof pre - 1) != 0)
		return false;
	const char *id = u + sizeof pre - 1;
	size_t l = strcspn(id, "/#?");
	if (!l || id[l] != '/' || (id[l + 1] && id[l + 1] != '#'))
		return false;
	td_buf_puts(out, pre);
	td_buf_put(out, id, l);
	td_buf_puts(out, ".html");
	td_buf_puts(out, id + l + 1);
	return true;
}

/* Copies an SVG for the HTML site: links to ".md" pages (and with
 * dir_links the graphs' directory URLs) point to ".html", and every link
 * opens in the whole window (the SVG sits in an <object>). */
static void svg_for_html(td_buf *out, const char *s, size_t n, bool dir_links)
{
	size_t i = 0, from = 0; /* s[from..i) is copied as it is */
	td_buf url = TD_BUF_INIT;
	while (i < n) {
		if (s[i] != '<' && s[i] != 'h') {
			i++;
			continue;
		}
		if (s[i] == '<' && i + 2 < n && s[i + 1] == 'a' && (s[i + 2] == ' ' || s[i + 2] == '\n')) {
			const char *gt = memchr(s + i, '>', n - i);
			size_t tl = gt ? (size_t)(gt - (s + i)) : n - i;
			bool has_target = false;
			for (size_t k = i; k + 7 < i + tl && !has_target; k++)
				if (!memcmp(s + k, " target=", 8))
					has_target = true;
			td_buf_put(out, s + from, i - from);
			td_buf_puts(out, "<a");
			if (!has_target)
				td_buf_puts(out, " target=\"_top\"");
			i += 2;
			from = i;
			continue;
		}
		if (s[i] == 'h' && i + 5 < n && !memcmp(s + i, "href=", 5) &&
		    (s[i + 5] == '"' || s[i + 5] == '\'') &&
		    (i == 0 || s[i - 1] == ' ' || s[i - 1] == ':' || s[i - 1] == '\n')) {
			char q = s[i + 5];
			const char *e = memchr(s + i + 6, q, n - i - 6);
			if (e) {
				td_buf_clear(&url);
				td_buf_put(&url, s + i + 6, (size_t)(e - (s + i + 6)));
				td_buf_put(out, s + from, i - from);
				td_buf_put(out, s + i, 6);
				if (!dir_links || !dir_to_html_url(out, td_buf_cstr(&url)))
					td_url_md_to_html(out, td_buf_cstr(&url));
				td_buf_putc(out, q);
				i = from = (size_t)(e - s) + 1;
				continue;
			}
		}
		i++;
	}
	td_buf_put(out, s + from, n - from);
	td_buf_free(&url);
}

/* ---- the site ---- */


static bool nav_has(const td_nav *n, const char *path)
{
	if (n->path && !strcmp(n->path, path))
		return true;
	for (size_t i = 0; i < n->nchildren; i++)
		if (nav_has(&n->children[i], path))
			return true;
	return false;
}

/* The navigation as seen from page (a Markdown path): every entry has
 * title, url (relative, or null for a section), active, open, section and
 * children (possibly empty, so that a template never finds an outer one). */
static json_t *nav_json(const td_nav *items, size_t n, const char *page, json_t *titles)
{
	json_t *arr = json_array();
	td_buf target = TD_BUF_INIT, rel = TD_BUF_INIT, hp = TD_BUF_INIT;
	td_page_url(&hp, page, TD_LINKS_HTML);
	for (size_t i = 0; i < n; i++) {
		const td_nav *it = &items[i];
		json_t *o = json_object();
		const char *title = it->title;
		if (!title && it->path)
			title = json_string_value(json_object_get(titles, it->path));
		json_object_set_new(o, "title", json_string(title ? title : it->path ? it->path : ""));
		if (it->path) {
			td_buf_clear(&target);
			td_buf_clear(&rel);
			td_page_url(&target, it->path, TD_LINKS_HTML);
			if (!strcmp(td_buf_cstr(&target), td_buf_cstr(&hp))) {
				const char *slash = strrchr(td_buf_cstr(&hp), '/');
				td_buf_puts(&rel, slash ? slash + 1 : td_buf_cstr(&hp));
			} else {
				td_relative_url(&rel, td_buf_cstr(&hp), td_buf_cstr(&target));
			}
			json_object_set_new(o, "url", json_string(td_buf_cstr(&rel)));
		} else {
			json_object_set_new(o, "url", json_null());
		}
		json_object_set_new(o, "active", json_boolean(it->path && !strcmp(it->path, page)));
		json_object_set_new(o, "open", json_boolean(nav_has(it, page)));
		json_object_set_new(o, "section", json_boolean(it->nchildren > 0 || !it->path));
		json_object_set_new(o, "children", nav_json(it->children, it->nchildren, page, titles));
		json_array_append_new(arr, o);
	}
	td_buf_free(&target);
	td_buf_free(&rel);
	td_buf_free(&hp);
	return arr;
}

static int put_cb(const char *s, size_t n, void *ud)
{
	td_buf_put(ud, s, n);
	return 0;
}

/* Whether s[0..n) is printable ASCII that JSON writes as it is. */
static bool json_plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return false;
	return true;
}

/* Appends v as JSON (ASCII only, as jansson's JSON_ENSURE_ASCII writes
 * it), null when it is missing. */
static void put_json(td_buf *b, const json_t *v)
{
	if (json_is_string(v) && json_plain(json_string_value(v), json_string_length(v))) {
		td_buf_putc(b, '"');
		td_buf_put(b, json_string_value(v), json_string_length(v));
		td_buf_putc(b, '"');
	} else if (!v) {
		td_buf_puts(b, "null");
	} else {
		td_json_realize_deep((json_t *)v);
		json_dump_callback(v, put_cb, b, JSON_ENCODE_ANY | JSON_COMPACT | JSON_ENSURE_ASCII);
	}
}

/* search-index.json and search-index.js: every task's id, title,
 * workstream title, state and page, as compact JSON with sorted keys,
 * written straight from the view's values (no copy of them is made, so
 * the view can be freed once this is done). */
void td_html_search_text_of(td_buf *s, const td_view_task_fields *tasks, size_t n)
{
	td_buf url = TD_BUF_INIT;
	td_buf_putc(s, '[');
	for (size_t i = 0; i < n; i++) {
		const td_view_task_fields *t = &tasks[i];
		td_buf_clear(&url);
		const char *u = json_string_value(t->url);
		td_url_md_to_html(&url, u ? u : "");
		bool plain = json_plain(url.ptr ? url.ptr : "", url.len);
		json_t *uj = plain ? NULL : json_stringn(url.ptr ? url.ptr : "", url.len); /* NULL: not UTF-8 */
		td_buf_puts(s, i ? ",{\"id\":" : "{\"id\":");
		put_json(s, t->id);
		td_buf_puts(s, ",\"state\":");
		put_json(s, t->state);
		td_buf_puts(s, ",\"title\":");
		put_json(s, t->title);
		td_buf_puts(s, ",\"url\":");
		if (!plain) {
			put_json(s, uj);
		} else {
			td_buf_putc(s, '"');
			td_buf_put(s, url.ptr ? url.ptr : "", url.len);
			td_buf_putc(s, '"');
		}
		td_buf_puts(s, ",\"workstream\":");
		put_json(s, t->workstream_title);
		td_buf_putc(s, '}');
		json_decref(uj);
	}
	td_buf_putc(s, ']');
	td_buf_free(&url);
}

void td_html_search_text(td_buf *s, json_t *view)
{
	json_t *tasks = json_object_get(view, "tasks"), *t;
	size_t n = json_array_size(tasks), i;
	td_view_task_fields *v = td_xcalloc(n ? n : 1, sizeof *v);
	json_array_foreach(tasks, i, t)
	{
		v[i] = (td_view_task_fields){.id = json_object_get(t, "id"),
		                             .url = json_object_get(t, "url"),
		                             .title = json_object_get(t, "title"),
		                             .state = json_object_get(t, "state"),
		                             .workstream_title = json_object_get(t, "workstream_title")};
	}
	td_html_search_text_of(s, v, n);
	free(v);
}

void td_html_search_files(td_outset *out, const td_buf *text)
{
	td_buf b = TD_BUF_INIT;
	const char *s = text->ptr ? text->ptr : "";
	td_buf_put(&b, s, text->len);
	td_buf_putc(&b, '\n');
	td_outset_add_buf(out, "search-index.json", &b);
	td_buf_puts(&b, "/* generated by taskdoc: the tasks for the search box (a script, so that it loads "
	                "from file://) */\n"
	                "window.TD_SEARCH_INDEX = ");
	td_buf_put(&b, s, text->len);
	td_buf_puts(&b, ";\n");
	td_outset_add_buf(out, "search-index.js", &b);
	td_buf_free(&b);
}

void td_html_search_index(td_outset *out, json_t *view)
{
	td_buf s = TD_BUF_INIT;
	td_html_search_text(&s, view);
	td_html_search_files(out, &s);
	td_buf_free(&s);
}

/* An asset from the templates (override or built-in) as path. */
static int asset(td_outset *out, const td_tmpl_set *overrides, const char *name, const char *path,
                 td_diags *diags)
{
	const char *text = td_tmpl_lookup(overrides, name, NULL);
	if (!text) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){name, 0, 0}, "template not found");
		return -1;
	}
	td_outset_add(out, path, text, strlen(text));
	return 0;
}

/* The context of the page template for page (a Markdown path) of the site. */
static json_t *page_context(json_t *view, const td_html_opts *opts, const char *page, const td_html_page *hp,
                            json_t *titles)
{
	td_buf path = TD_BUF_INIT, root = TD_BUF_INIT, b = TD_BUF_INIT;
	td_page_url(&path, page, TD_LINKS_HTML);
	for (const char *p = page; *p; p++)
		if (*p == '/')
			td_buf_puts(&root, "../");
	json_t *toc = json_array();
	for (size_t k = 0; k < hp->ntoc; k++)
		if (hp->toc[k].level >= 2 && hp->toc[k].level <= 3)
			json_array_append_new(toc, json_pack("{sissss}", "level", hp->toc[k].level, "id", hp->toc[k].id,
			                                     "text", hp->toc[k].text));
	json_t *pg = json_pack("{sssssssssoso}", "path", td_buf_cstr(&path), "source", page, "root",
	                       td_buf_cstr(&root), "title", hp->title ? hp->title : page, "toc", toc, "is_index",
	                       json_boolean(!strcmp(page, "index.md")));
	/* cmark-gfm's HTML of UTF-8 Markdown: not checked again, byte by byte */
	json_object_set_new(pg, "content", json_stringn_nocheck(hp->body.ptr ? hp->body.ptr : "", hp->body.len));
	const char *site_name = json_string_value(json_object_get(json_object_get(view, "project"), "name"));
	json_t *site = json_object();
	json_object_set_new(site, "name", json_string(site_name ? site_name : "taskdoc"));
	static const char *const links[][2] = {{"home", "index.html"},
	                                       {"css", "assets/style.css"},
	                                       {"search_js", "assets/search.js"},
	                                       {"graph_js", "assets/graph.js"},
	                                       {"search_index", "search-index.js"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(links); i++) {
		td_buf_clear(&b);
		td_buf_printf(&b, "%s%s", td_buf_cstr(&root), links[i][1]);
		json_object_set_new(site, links[i][0], json_string(td_buf_cstr(&b)));
	}
	json_object_set_new(site, "html_unsafe", json_boolean(opts->html_unsafe));
	json_t *ctx = json_copy(view); /* shallow: shares the big arrays */
	json_object_set_new(ctx, "page", pg);
	json_object_set_new(ctx, "site", site);
	json_object_set_new(ctx, "nav", nav_json(opts->map->nav, opts->map->nnav, page, titles));
	td_buf_free(&path);
	td_buf_free(&root);
	td_buf_free(&b);
	return ctx;
}

/* Every file of md that is not a page, for the site: SVG files with their
 * links made right. An SVG with a key (the SHA-256 of its bytes, as the
 * graph stage gives it) is made once: its copy for the site is kept in
 * the cache ("svg") under that key and the link style, and handed on
 * mapped with a key of its own, so that a rebuild neither rewrites nor
 * reads back the graphs that did not change. */
static void copy_files(td_outset *out, const td_outset *md, td_link_style md_links, const td_kv *cache)
{
	td_buf b = TD_BUF_INIT, key = TD_BUF_INIT;
	for (size_t i = 0; i < md->len; i++) {
		const td_outfile *f = &md->items[i];
		size_t plen = strlen(f->path);
		if (ends_with(f->path, plen, ".md"))
			continue;
		if (!ends_with(f->path, plen, ".svg")) {
			td_outset_add(out, f->path, f->data, f->len);
			continue;
		}
		bool keyed = cache && cache->map && f->key;
		char named[65] = ""; /* what names the copy: this build, the link style, the bytes */
		if (keyed) {
			td_buf_clear(&key);
			td_buf_printf(&key, "taskdoc html svg 1\n%s\nlinks %d\n%s", td_build_id(),
			              (int)md_links, f->key);
			td_sha256_hex(named, key.ptr, key.len);
			const char *v = NULL;
			size_t n = 0;
			void *token = NULL;
			if (cache->map(cache->ud, "svg", &key, &v, &n, &token)) {
				td_outset_add_mapped(out, f->path, v, n, cache->unmap, cache->ud, token);
				td_outset_key_last(out, named);
				continue;
			}
		}
		svg_for_html(&b, f->data, f->len, md_links == TD_LINKS_DIRECTORY);
		if (keyed)
			cache->put(cache->ud, "svg", &key, &b);
		td_outset_add_buf(out, f->path, &b);
		if (keyed)
			td_outset_key_last(out, named);
	}
	td_buf_free(&b);
	td_buf_free(&key);
}

/* ---- what the page template reads of the view ---- */

typedef struct named {
	json_t *view, *frame;
	bool all; /* {{.}}, or a big part: the view itself */
	size_t budget;
} named;

/* The number of values in v, counting up to limit; a task object made
 * when first read is made whole as it is counted (a part counted whole
 * is copied or printed next). */
static size_t values_upto(json_t *v, size_t limit)
{
	size_t n = 1;
	const char *k;
	json_t *x;
	size_t i;
	td_json_realize(v);
	if (json_is_object(v))
		json_object_foreach(v, k, x)
		{
			if (n >= limit)
				break;
			n += values_upto(x, limit - n);
		}
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
		{
			if (n >= limit)
				break;
			n += values_upto(x, limit - n);
		}
	return n;
}

static void take_name(void *ud, const char *name)
{
	named *nm = ud;
	json_t *v;
	if (nm->all || json_object_get(nm->frame, name))
		return;
	if (!strcmp(name, ".")) {
		nm->all = true;
		return;
	}
	if (!(v = json_object_get(nm->view, name)))
		return;
	size_t n = values_upto(v, nm->budget + 1);
	if (n > nm->budget) { /* a copy would cost what freeing the view saves */
		nm->all = true;
		return;
	}
	nm->budget -= n;
	json_object_set_new(nm->frame, name, json_deep_copy(v));
}

json_t *td_html_frame_view(json_t *view, const td_html_opts *opts)
{
	const char *file = NULL;
	const char *src = td_tmpl_lookup(opts->overrides, "page.html.tmpl", &file);
	td_dialect_opts dopts = {opts->html_unsafe};
	td_dialect dialect;
	td_dialect_html(&dialect, &dopts);
	td_diags scratch = {0};
	td_template *t = src ? td_template_parse(file, src, &dialect, &scratch) : NULL;
	td_diags_free(&scratch);
	td_partials pc = {opts->overrides, ".html.tmpl", TD_BUF_INIT};
	named nm = {view, json_object(), !t, 100000};
	take_name(&nm, "project"); /* page_context reads the site's name */
	if (t && td_template_names(t, td_tmpl_partial, &pc, take_name, &nm) != 0)
		nm.all = true;
	td_buf_free(&pc.name);
	td_template_free(t);
	if (nm.all) {
		json_decref(nm.frame);
		return json_incref(view);
	}
	return nm.frame;
}

/* ---- rendered pages in the cache, part by part ---- */

/* The cache key of the parts of page path: everything their HTML depends
 * on but their text (each part is found by the digest of its text). */
static void page_key(td_buf *key, const char *path, const td_html_opts *opts)
{
	td_buf_printf(key, "taskdoc html parts 4\n%s\nlinks %d unsafe %d\n%s\n", td_build_id(),
	              (int)opts->md_links, (int)opts->html_unsafe, path);
}

/* One ".md" page on its way: its sections, and the parts found or made. */
typedef struct pagework {
	size_t file;          /* index in md */
	td_buf boxed;         /* the Markdown with admonitions as boxes, if it has any */
	const char *text;     /* what is cut: boxed, or the page's own Markdown (not copied) */
	size_t len;
	size_t *starts, n;    /* the sections */
	td_html_job *job;     /* by section: what it is rendered from (part_jobs) */
	char (*hash)[65];     /* by section: SHA-256 of what names its HTML (td_html_part_key) */
	td_html_part *parts;  /* by section */
	bool direct;          /* the text holds TD_HTML_MARK */
	bool whole;           /* the page came whole from the cache: no sections */
	char page_hash[65];   /* SHA-256 of the page's Markdown */
	td_buf key;
} pagework;

/* What each section is rendered from (td_html_part_job). */
static void part_jobs(pagework *w, const char *path)
{
	free(w->job);
	w->job = td_xcalloc(w->n, sizeof *w->job);
	for (size_t k = 0; k < w->n; k++) {
		w->job[k] = (td_html_job){.path = path, .direct = w->direct};
		td_html_part_job(&w->job[k], w->text, w->len, w->starts, w->n, k, k ? &w->job[k - 1] : NULL);
	}
}

static void section_hashes(pagework *w)
{
	free(w->hash);
	w->hash = td_xcalloc(w->n, sizeof *w->hash);
	td_buf key = TD_BUF_INIT;
	for (size_t k = 0; k < w->n; k++) {
		if (!w->job[k].cut) { /* most sections: their text */
			td_sha256_hex(w->hash[k], w->job[k].md, w->job[k].len);
			continue;
		}
		td_buf_clear(&key);
		td_html_part_key(&key, &w->job[k]);
		td_sha256_hex(w->hash[k], key.ptr, key.len);
	}
	td_buf_free(&key);
}

/* The parts of w stored in val (as store_parts writes them) whose digest
 * is a section's: loaded into w->parts; false for the sections to render.
 * Stored parts are mostly in the same order: each search starts after the
 * last found. */
static void load_parts(pagework *w, const td_buf *val, size_t pos, bool *have, size_t *found)
{
	size_t count = 0;
	const char *v = val->ptr ? val->ptr : "";
	if (!td_num_get(v, val->len, &pos, &count) || count > val->len)
		return;
	struct stored {
		const char *hash, *bytes;
		size_t len;
	} *st = td_xcalloc(count ? count : 1, sizeof *st);
	size_t ns = 0;
	for (; ns < count; ns++) {
		size_t hl = 0;
		if (!td_part_get(v, val->len, &pos, &st[ns].hash, &hl) || hl != 64 ||
		    !td_part_get(v, val->len, &pos, &st[ns].bytes, &st[ns].len))
			break;
	}
	bool whole = ns == count && pos == val->len;
	for (size_t k = 0, next = 0; whole && k < w->n; k++) {
		for (size_t t = 0; t < ns; t++) {
			size_t j = (next + t) % ns;
			if (memcmp(st[j].hash, w->hash[k], 64) != 0)
				continue;
			const td_html_job *jb = &w->job[k];
			bool numbered =
			    (jb->cut & TD_CUT_CONT) && jb->head && td_html_numbered_rows(jb->md, jb->len);
			if (td_html_part_load(&w->parts[k], st[j].bytes, st[j].len) == st[j].len &&
			    st[j].len &&
			    (!numbered || td_html_renumber(&w->parts[k].body, jb->md, jb->len))) {
				have[k] = true;
				(*found)++;
				next = j + 1;
			} else {
				td_html_part_free(&w->parts[k]);
			}
			break;
		}
	}
	free(st);
}

/* The page's entry: the SHA-256 of its Markdown (a build of the same
 * Markdown takes the parts in order, without cutting or hashing the
 * page), then its parts by the digests of their text (what a build after a
 * change looks up). */
static void store_parts(const pagework *w, const td_kv *cache)
{
	td_buf val = TD_BUF_INIT;
	size_t size = 64;
	for (size_t k = 0; k < w->n; k++)
		size += w->parts[k].body.len + 256;
	td_buf_room(&val, size); /* a page's parts are megabytes: grown once, not copied as it doubles */
	td_part_put(&val, w->page_hash, 64);
	td_buf_printf(&val, "%zu\n", w->n);
	for (size_t k = 0; k < w->n; k++) {
		td_part_put(&val, w->hash[k], 64);
		/* the part saved in place, after a length of fixed width (as
		 * td_part_get reads it: leading zeros) written once it is known */
		size_t at = val.len;
		td_buf_puts(&val, "00000000000000000000\n");
		td_html_part_save(&val, &w->parts[k]);
		char digits[24];
		snprintf(digits, sizeof digits, "%020zu", val.len - at - 21);
		memcpy(val.ptr + at, digits, 20);
	}
	cache->put(cache->ud, "html", &w->key, &val);
	td_buf_free(&val);
}

/* The page from its entry val when the entry is of the same Markdown
 * (hash): its parts in order, assembled; true with page made. *after is
 * where the entry's parts start (0 when val is not an entry). */
static bool whole_page(td_html_page *page, const td_buf *val, const char *hash, size_t *after)
{
	size_t pos = 0, hl = 0, n = 0;
	const char *h = NULL, *v = val->ptr ? val->ptr : "";
	if (!td_part_get(v, val->len, &pos, &h, &hl) || hl != 64)
		return false;
	*after = pos;
	if (memcmp(h, hash, 64) != 0 || !td_num_get(v, val->len, &pos, &n) || n > val->len)
		return false;
	td_html_part *parts = td_xcalloc(n ? n : 1, sizeof *parts);
	bool ok = true;
	size_t k = 0;
	for (; k < n && ok; k++) {
		const char *b = NULL;
		size_t bl = 0;
		ok = td_part_get(v, val->len, &pos, &h, &hl) && hl == 64 && td_part_get(v, val->len, &pos, &b, &bl) &&
		     bl && td_html_part_load(&parts[k], b, bl) == bl;
	}
	ok = ok && pos == val->len;
	if (ok)
		td_html_assemble(page, parts, n);
	for (size_t i = 0; i < k; i++)
		td_html_part_free(&parts[i]);
	free(parts);
	return ok;
}

/* Every ".md" file of md that skip does not name into hp (by index in md),
 * in sections: each section's part from the cache when the page's entry
 * holds its text's digest, the others through td_html_render_batch (both
 * processes share the parts of every page), then each page assembled and
 * its parts stored if they changed. hash[i] is the SHA-256 of page i's
 * Markdown (with a cache). */
static void render_pages(td_html_page *hp, const td_outset *md, const td_html_opts *opts, char (*hash)[65],
                         const bool *skip)
{
	pagework *pw = td_xcalloc(md->len ? md->len : 1, sizeof *pw);
	size_t npw = 0, njobs = 0, jcap = 0, found = 0, wholes = 0;
	td_html_job *jobs = NULL;
	struct at {
		size_t page, part;
	} *at = NULL;
	size_t acap = 0;
	td_buf val = TD_BUF_INIT;
	for (size_t i = 0; i < md->len; i++) {
		const td_outfile *f = &md->items[i];
		if (!ends_with(f->path, strlen(f->path), ".md") || skip[i])
			continue;
		pagework *w = &pw[npw++];
		w->file = i;
		const char *data = f->data ? f->data : "";
		size_t after = 0; /* where the entry's parts start */
		td_buf_clear(&val);
		void *token = NULL; /* the entry mapped, not copied (megabytes for a big page) */
		td_buf entry = TD_BUF_INIT;
		if (opts->cache) {
			memcpy(w->page_hash, hash[i], sizeof w->page_hash);
			page_key(&w->key, f->path, opts);
			const char *v = NULL;
			size_t vl = 0;
			if (opts->cache->map
			        ? opts->cache->map(opts->cache->ud, "html", &w->key, &v, &vl, &token)
			        : opts->cache->get(opts->cache->ud, "html", &w->key, &val) &&
			              (v = val.ptr, vl = val.len, true))
				entry = (td_buf){.ptr = (char *)v, .len = vl};
			if (entry.ptr && (w->whole = whole_page(&hp[i], &entry, w->page_hash, &after))) {
				if (token)
					opts->cache->unmap(opts->cache->ud, token);
				wholes++;
				continue;
			}
		}
		if (td_md_has_admonitions(data, f->len)) {
			td_md_admonitions(&w->boxed, data, f->len);
			w->text = td_buf_cstr(&w->boxed);
			w->len = w->boxed.len;
		} else {
			w->text = data; /* most pages have no box */
			w->len = f->len;
		}
		w->n = td_html_sections(w->text, w->len, &w->starts);
		w->direct = memchr(w->text, TD_HTML_MARK, w->len) != NULL;
		part_jobs(w, f->path);
		w->parts = td_xcalloc(w->n, sizeof *w->parts);
		bool *have = td_xcalloc(w->n, sizeof *have);
		if (opts->cache) {
			section_hashes(w);
			if (after)
				load_parts(w, &entry, after, have, &found);
		}
		if (token)
			opts->cache->unmap(opts->cache->ud, token);
		for (size_t k = 0; k < w->n; k++) {
			if (have[k])
				continue;
			td_grow((void **)&jobs, &jcap, njobs + 1, sizeof *jobs);
			td_grow((void **)&at, &acap, njobs + 1, sizeof *at);
			jobs[njobs] = w->job[k];
			at[njobs++] = (struct at){npw - 1, k};
		}
		free(have);
	}
	td_buf_free(&val);
	td_html_part *out = td_xcalloc(njobs ? njobs : 1, sizeof *out);
	size_t second = 0;
	td_html_batch_opts bo = {opts->md_links, opts->html_unsafe, opts->processes, &second};
	td_html_render_batch(out, NULL, jobs, njobs, &bo);
	for (size_t j = 0; j < njobs; j++)
		pw[at[j].page].parts[at[j].part] = out[j];
	if (opts->stats) {
		opts->stats->rendered += njobs;
		opts->stats->second += second;
		opts->stats->cached += found;
		opts->stats->whole += wholes;
	}
	for (size_t p = 0; p < npw; p++) {
		pagework *w = &pw[p];
		const td_outfile *f = &md->items[w->file];
		if (w->whole) {
			td_buf_free(&w->key);
			continue;
		}
		size_t n = td_html_close_parts(w->parts, w->starts, w->n, w->text, w->len, f->path, opts->md_links,
		                               opts->html_unsafe);
		if (n != w->n) {
			w->n = n;
			part_jobs(w, f->path);
			if (opts->cache)
				section_hashes(w);
		}
		td_html_assemble(&hp[w->file], w->parts, w->n);
		if (opts->cache)
			store_parts(w, opts->cache);
		for (size_t k = 0; k < w->n; k++)
			td_html_part_free(&w->parts[k]);
		free(w->parts);
		free(w->starts);
		free(w->hash);
		free(w->job);
		td_buf_free(&w->boxed);
		td_buf_free(&w->key);
	}
	free(out);
	free(jobs);
	free(at);
	free(pw);
}

/* ---- whole HTML files in the cache ---- */

/* A page's HTML file is its content inside the page template's frame, and
 * the frame depends on the page (its Markdown: its title and headings; its
 * path) and on what every page shares: this build of taskdoc, the options,
 * the template overrides, what the page template reads of the view (the
 * copy td_html_frame_view made), the navigation and every page's title.
 * With the cache, each page's file is kept under its path with the
 * digest of its Markdown and of the shared part; a page whose two digests
 * are the last build's is that file, taken whole: neither its parts nor
 * the template are loaded or rendered (docs/output.md "The build cache").
 * A view the frame reads more of than this many values is not digested
 * (the whole view: most of the plan), and then no file is kept. */
#define FILE_VIEW_MAX 20000

static void put_sized(td_buf *b, const char *s)
{
	if (!s) {
		td_buf_puts(b, "-\n");
		return;
	}
	td_buf_printf(b, "%zu:", strlen(s));
	td_buf_puts(b, s);
}

static void put_nav(td_buf *b, const td_nav *items, size_t n)
{
	td_buf_printf(b, "[%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		put_sized(b, items[i].title);
		put_sized(b, items[i].path);
		put_nav(b, items[i].children, items[i].nchildren);
	}
	td_buf_puts(b, "]\n");
}

/* The shared part's text but the titles into b; false when the files are
 * not kept (no cache, or a view too big to digest). */
static bool shared_begin(td_buf *b, json_t *view, const td_html_opts *opts)
{
	if (!opts->cache || values_upto(view, FILE_VIEW_MAX + 1) > FILE_VIEW_MAX)
		return false;
	td_buf_printf(b, "taskdoc html files 1\n%s\nlinks %d unsafe %d\n", td_build_id(), (int)opts->md_links,
	              (int)opts->html_unsafe);
	for (size_t i = 0; opts->overrides && i < opts->overrides->len; i++) {
		put_sized(b, opts->overrides->items[i].name);
		put_sized(b, opts->overrides->items[i].text);
	}
	td_json_dump(b, view, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	td_buf_putc(b, '\n');
	put_nav(b, opts->map->nav, opts->map->nnav);
	return true;
}

static void file_key(td_buf *key, const char *path)
{
	td_buf_printf(key, "taskdoc html file\n%s", path);
}

/* A page's kept file, as read: the digests it was made under, its title
 * (as the navigation shows it) and its bytes, pointing into where the
 * cache holds the entry (mapped, or copied into val); kept_done gives
 * that back. */
typedef struct keptfile {
	const char *page_hash, *shared, *title, *html;
	size_t title_len, html_len;
	const td_kv *cache;
	void *token; /* the mapping, or NULL */
	td_buf val;  /* the copy, without one */
} keptfile;

static void kept_done(keptfile *k)
{
	if (k->token)
		k->cache->unmap(k->cache->ud, k->token);
	k->token = NULL;
	td_buf_free(&k->val);
}

/* The entry of path into k: true when it is whole and of the page's
 * Markdown (page_hash) and, if shared is not NULL, of that frame; call
 * kept_done either way. */
static bool kept_read(keptfile *k, const td_kv *cache, const char *path, const char *page_hash, const char *shared)
{
	*k = (keptfile){.cache = cache};
	td_buf key = TD_BUF_INIT;
	file_key(&key, path);
	const char *v = NULL;
	size_t n = 0, pos = 0, l1 = 0, l2 = 0;
	bool found = cache->map ? cache->map(cache->ud, "pages", &key, &v, &n, &k->token)
	                        : cache->get(cache->ud, "pages", &key, &k->val) && (v = k->val.ptr, n = k->val.len, v);
	td_buf_free(&key);
	return found && td_part_get(v, n, &pos, &k->page_hash, &l1) && l1 == 64 &&
	       td_part_get(v, n, &pos, &k->shared, &l2) && l2 == 64 &&
	       td_part_get(v, n, &pos, &k->title, &k->title_len) && td_part_get(v, n, &pos, &k->html, &k->html_len) &&
	       pos == n && !memcmp(k->page_hash, page_hash, 64) && (!shared || !memcmp(k->shared, shared, 64));
}

static void kept_store(const td_kv *cache, const char *path, const char *page_hash, const char *shared,
                       const char *title, const td_buf *html)
{
	td_buf key = TD_BUF_INIT, val = TD_BUF_INIT;
	file_key(&key, path);
	td_part_put(&val, page_hash, 64);
	td_part_put(&val, shared, 64);
	td_part_put(&val, title, strlen(title));
	if (cache->put2) { /* the file not copied after its head */
		td_buf_printf(&val, "%zu\n", html->len);
		cache->put2(cache->ud, "pages", &key, val.ptr, val.len, html->ptr ? html->ptr : "",
		            html->len);
	} else {
		td_part_put(&val, html->ptr, html->len);
		cache->put(cache->ud, "pages", &key, &val);
	}
	td_buf_free(&key);
	td_buf_free(&val);
}

/* For each page of md: the SHA-256 of its Markdown into hash; skip set
 * when its file is kept for that Markdown, with the file's frame digest
 * and title (the file itself is read again when it is written out:
 * holding them all would take as much memory as the site). The parts of
 * such a page stay in the cache for when it changes. */
static void find_kept(td_outset *md, const td_html_opts *opts, char (*hash)[65], bool *skip,
                      char (*kshared)[65], char **ktitle)
{
	td_buf key = TD_BUF_INIT;
	for (size_t i = 0; i < md->len; i++) {
		td_outfile *f = &md->items[i];
		if (!ends_with(f->path, strlen(f->path), ".md"))
			continue;
		if (f->key && strlen(f->key) == 64) { /* the Markdown stage's: the SHA-256 of the page */
			memcpy(hash[i], f->key, 65);
		} else {
			td_sha256_hex(hash[i], f->data ? f->data : "", f->len);
			free(f->key);
			f->key = td_xstrdup(hash[i]); /* the page's bytes, for the write stage */
		}
		keptfile k;
		if ((skip[i] = kept_read(&k, opts->cache, f->path, hash[i], NULL))) {
			memcpy(kshared[i], k.shared, 64);
			ktitle[i] = td_xstrndup(k.title, k.title_len);
			td_buf_clear(&key);
			page_key(&key, f->path, opts);
			opts->cache->keep(opts->cache->ud, "html", &key);
		}
		kept_done(&k);
	}
	td_buf_free(&key);
}

/* Every page's title (the kept file's, else its first heading's, else its
 * path) into titles, and the digest of what every frame shares into
 * shared: false when the files are not kept (shared_begin). */
static bool shared_digest(char shared[65], json_t *titles, json_t *view, const td_html_opts *opts,
                          const td_outset *md, const td_html_page *hp, char **ktitle)
{
	td_buf text = TD_BUF_INIT;
	bool keep = shared_begin(&text, view, opts);
	for (size_t i = 0; i < md->len; i++) {
		const td_outfile *f = &md->items[i];
		if (!ends_with(f->path, strlen(f->path), ".md"))
			continue;
		json_t *title = ktitle[i] ? json_string(ktitle[i]) : json_string(hp[i].title ? hp[i].title : f->path);
		if (keep) {
			put_sized(&text, f->path);
			put_sized(&text, json_string_value(title));
		}
		json_object_set_new(titles, f->path, title);
	}
	if (keep)
		td_sha256_hex(shared, text.ptr, text.len);
	td_buf_free(&text);
	return keep;
}

int td_render_html(td_outset *out, td_outset *md, json_t *view, const td_html_opts *opts, td_diags *diags)
{
	const char *file = NULL;
	const char *src = td_tmpl_lookup(opts->overrides, "page.html.tmpl", &file);
	if (!src) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){"page.html.tmpl", 0, 0}, "template not found");
		return -1;
	}
	td_dialect_opts dopts = {opts->html_unsafe};
	td_dialect dialect;
	td_dialect_html(&dialect, &dopts);
	td_template *t = td_template_parse(file, src, &dialect, diags);
	if (!t)
		return -1;
	int rc = 0;
	size_t n = md->len ? md->len : 1, files = 0;
	td_partials pc = {opts->overrides, ".html.tmpl", TD_BUF_INIT};
	json_t *titles = json_object();
	td_html_page *hp = td_xcalloc(n, sizeof *hp);
	char(*hash)[65] = td_xcalloc(n, sizeof *hash);
	bool *skip = td_xcalloc(n, sizeof *skip);
	char(*kshared)[65] = td_xcalloc(n, sizeof *kshared);
	char **ktitle = td_xcalloc(n, sizeof *ktitle);
	if (opts->cache)
		find_kept(md, opts, hash, skip, kshared, ktitle);
	/* first every page not kept, for the titles the navigation may need */
	render_pages(hp, md, opts, hash, skip);
	char shared[65] = "";
	bool keep = shared_digest(shared, titles, view, opts, md, hp, ktitle);
	/* a kept file whose frame changed: its page, for the template */
	bool again = false;
	bool *one = td_xcalloc(n, sizeof *one); /* the pages render_pages leaves alone */
	for (size_t i = 0; i < md->len; i++) {
		bool whole = ktitle[i] && keep && !memcmp(kshared[i], shared, 64);
		one[i] = !ktitle[i] || whole; /* rendered above, or taken whole */
		again |= !one[i];
		skip[i] = whole;
	}
	if (again)
		render_pages(hp, md, opts, hash, one);
	td_buf path = TD_BUF_INIT, body = TD_BUF_INIT;
	for (size_t i = 0; i < md->len && !rc; i++) {
		const td_outfile *f = &md->items[i];
		if (!ends_with(f->path, strlen(f->path), ".md"))
			continue;
		td_buf_clear(&path);
		td_page_url(&path, f->path, TD_LINKS_HTML);
		/* what the file is made from: its Markdown and its frame */
		char fkey[130] = "";
		if (keep)
			snprintf(fkey, sizeof fkey, "%s%s", hash[i], shared);
		keptfile k = {0};
		bool whole = skip[i] && kept_read(&k, opts->cache, f->path, hash[i], shared);
		/* a file the cache maps is not copied, nor read unless it is written */
		if (whole && k.token) {
			td_outset_add_mapped(out, td_buf_cstr(&path), k.html, k.html_len, opts->cache->unmap,
			                     opts->cache->ud, k.token);
			k.token = NULL;
		} else if (whole) {
			td_outset_add(out, td_buf_cstr(&path), k.html, k.html_len);
		}
		if (whole) {
			td_outset_key_last(out, fkey);
			files++;
		}
		kept_done(&k);
		if (whole)
			continue;
		if (skip[i]) { /* the entry changed since it was read (the cache was damaged): the page */
			memset(one, 1, n * sizeof *one);
			one[i] = false;
			render_pages(hp, md, opts, hash, one);
		}
		json_t *ctx = page_context(view, opts, f->path, &hp[i], titles);
		td_buf_clear(&body);
		if (td_template_render(&body, t, ctx, td_tmpl_partial, &pc, diags) != 0) {
			rc = -1;
		} else {
			if (keep)
				kept_store(opts->cache, f->path, hash[i], shared,
				           json_string_value(json_object_get(titles, f->path)), &body);
			td_outset_add_buf(out, td_buf_cstr(&path), &body);
			if (keep)
				td_outset_key_last(out, fkey);
		}
		json_decref(ctx);
		td_html_page_free(&hp[i]); /* its title is in titles: the body is done with */
	}
	if (opts->stats)
		opts->stats->files += files;
	if (!rc) {
		copy_files(out, md, opts->md_links, opts->cache);
	}
	if (!rc && (asset(out, opts->overrides, "style.css", "assets/style.css", diags) != 0 ||
	            asset(out, opts->overrides, "search.js", "assets/search.js", diags) != 0 ||
	            asset(out, opts->overrides, "graph.js", "assets/graph.js", diags) != 0))
		rc = -1;
	for (size_t i = 0; i < md->len; i++) {
		td_html_page_free(&hp[i]);
		free(ktitle[i]);
	}
	free(hp);
	free(hash);
	free(skip);
	free(one);
	free(kshared);
	free(ktitle);
	json_decref(titles);
	td_buf_free(&path);
	td_buf_free(&body);
	td_buf_free(&pc.name);
	td_template_free(t);
	return rc;
}
