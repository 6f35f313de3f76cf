/*
 * page.c - one Markdown page as HTML: through cmark-gfm (tables,
 * strikethrough, autolinks, task lists), its syntax tree adjusted (heading
 * ids from attribute lists, links to .md pages made .html, unsafe links
 * dropped, raw HTML cleaned and its URLs rebased), admonitions as boxes.
 */
#include "render/html/escape.h"
#include "render/html/html.h"
#include "render/url.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/* ---- cmark-gfm's memory: a region reused page after page ----
 *
 * A page's syntax tree is hundreds of thousands of small nodes and
 * strings that die together; they come from one region (core/region.c),
 * emptied after each page, so its blocks are touched once per build
 * instead of malloc'd and freed node by node. cmark-gfm's realloc needs
 * the old size: each allocation keeps it in the 16 bytes before it. */

#define HDR 16

static td_region *cm_region;
static int cm_depth;

static void *cm_alloc(size_t n, bool zero)
{
	if (n > SIZE_MAX - HDR)
		n = SIZE_MAX - HDR; /* td_region_alloc's malloc reports it */
	char *p = td_region_alloc(cm_region, n + HDR);
	memcpy(p, &n, sizeof n);
	if (zero)
		memset(p + HDR, 0, n);
	return p + HDR;
}

static void cm_free(void *q)
{
	if (q)
		td_region_release(cm_region, (char *)q - HDR);
}

static void *cm_calloc(size_t n, size_t size)
{
	return cm_alloc(size && n > SIZE_MAX / size ? SIZE_MAX : n * size, true);
}

static void *cm_realloc(void *q, size_t n)
{
	if (!q)
		return cm_alloc(n, false);
	size_t old;
	memcpy(&old, (char *)q - HDR, sizeof old);
	if (n <= old)
		return q;
	void *r = cm_alloc(n, false);
	memcpy(r, q, old);
	cm_free(q);
	return r;
}

static cmark_mem cm_mem = {cm_calloc, cm_realloc, cm_free};

void td_html_pages_begin(void)
{
	if (cm_depth++ == 0)
		cm_region = td_region_new();
}

void td_html_pages_end(void)
{
	if (cm_depth > 0 && --cm_depth == 0) {
		td_region_free(cm_region);
		cm_region = NULL;
	}
}

/* ---- small helpers ---- */

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && !memcmp(s + n - l, suffix, l);
}

/* A URL with no scheme and no leading '/': relative to the page. */
/* The text of node's inlines, without markup. */
static void plain_text(td_buf *out, cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			td_buf_puts(out, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			td_buf_putc(out, ' ');
		else
			plain_text(out, c);
	}
}

/* ---- headings ---- */

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.' || c == ':';
}

/*
 * An attribute list `{: #id .class key=value }` or `{#id}` at the end of s
 * (trailing blanks allowed): returns where it starts (its '{', blanks before
 * it included) and puts the id (if any) into id, or returns SIZE_MAX.
 */
static size_t attr_list(const char *s, td_buf *id)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || s[n - 1] != '}')
		return SIZE_MAX;
	size_t open = n - 1;
	while (open > 0 && s[open] != '{')
		open--;
	/* as MkDocs' attr_list reads a heading: a blank before the '{' */
	if (s[open] != '{' || open == 0 || (s[open - 1] != ' ' && s[open - 1] != '\t'))
		return SIZE_MAX;
	size_t i = open + 1;
	if (i < n - 1 && s[i] == ':')
		i++;
	td_buf found = TD_BUF_INIT;
	bool ok = true, any = false;
	while (ok && i < n - 1) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		char lead = s[i];
		if (lead == '#' || lead == '.')
			i++;
		size_t nb = i;
		while (i < n - 1 && (is_id_char(s[i]) || (lead != '#' && lead != '.' && s[i] == '=')))
			i++;
		if (lead != '#' && lead != '.' && i < n - 1 && s[i] == '"') { /* key="value" */
			const char *q = memchr(s + i + 1, '"', n - 1 - (i + 1));
			i = q ? (size_t)(q - s) + 1 : n;
		}
		if (i == nb || (i < n - 1 && s[i] != ' ' && s[i] != '\t')) {
			ok = false;
			break;
		}
		any = true;
		if (lead == '#') {
			td_buf_clear(&found);
			td_buf_put(&found, s + nb, i - nb);
		}
	}
	if (!ok || !any || i > n - 1) {
		td_buf_free(&found);
		return SIZE_MAX;
	}
	td_buf_clear(id);
	td_buf_put(id, found.ptr ? found.ptr : "", found.len);
	td_buf_free(&found);
	while (open > 0 && (s[open - 1] == ' ' || s[open - 1] == '\t'))
		open--;
	return open;
}

/* A slug of text as Python-Markdown's toc makes it. */
static void slugify(td_buf *out, const char *text)
{
	td_buf_clear(out);
	td_slug(out, text, strlen(text), TD_SLUG_TOC);
	if (!out->len)
		td_buf_puts(out, "section");
}

typedef struct idset {
	char **items;
	size_t len, cap;
} idset;

static bool idset_has(const idset *s, const char *id)
{
	for (size_t i = 0; i < s->len; i++)
		if (!strcmp(s->items[i], id))
			return true;
	return false;
}

static void idset_add(idset *s, const char *id)
{
	td_grow((void **)&s->items, &s->cap, s->len + 1, sizeof *s->items);
	s->items[s->len++] = td_xstrdup(id);
}

static void idset_free(idset *s)
{
	for (size_t i = 0; i < s->len; i++)
		free(s->items[i]);
	free(s->items);
}

/* ---- one page ---- */

typedef struct nodelist {
	cmark_node **items;
	size_t len, cap;
} nodelist;

static void nodelist_add(nodelist *l, cmark_node *n)
{
	td_grow((void **)&l->items, &l->cap, l->len + 1, sizeof *l->items);
	l->items[l->len++] = n;
}

/* Replaces node by its children (an unsafe link keeps its text). The node
 * goes to dead: its children's text may still live in its memory. */
static void unwrap(cmark_node *node, nodelist *dead)
{
	cmark_node *c;
	while ((c = cmark_node_first_child(node)))
		cmark_node_insert_before(node, c);
	cmark_node_unlink(node);
	nodelist_add(dead, node);
}

/* Turns heading h into a custom block that writes <hN id="..."> and a
 * permalink; h goes to dead. */
static void heading_block(cmark_node *h, const char *id, nodelist *dead)
{
	int level = cmark_node_get_heading_level(h);
	td_buf enter = TD_BUF_INIT, exit_ = TD_BUF_INIT;
	td_buf_printf(&enter, "<h%d id=\"", level);
	td_escape_html(&enter, id);
	td_buf_puts(&enter, "\">");
	td_buf_puts(&exit_, "<a class=\"headerlink\" href=\"#");
	td_escape_html(&exit_, id);
	td_buf_printf(&exit_,
	              "\" title=\"Link to this section\" aria-label=\"Link to this section\">¶</a></h%d>",
	              level);
	cmark_node *cb = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, &cm_mem);
	cmark_node_set_on_enter(cb, td_buf_cstr(&enter));
	cmark_node_set_on_exit(cb, td_buf_cstr(&exit_));
	cmark_node *c;
	while ((c = cmark_node_first_child(h)))
		cmark_node_append_child(cb, c);
	cmark_node_insert_before(h, cb);
	cmark_node_unlink(h);
	nodelist_add(dead, h);
	td_buf_free(&enter);
	td_buf_free(&exit_);
}

/* The source text and where its lines start, to look at what cmark read. */
typedef struct srclines {
	const char *text;
	size_t len;
	size_t *start; /* start[k]: offset of line k + 1 */
	size_t n;
} srclines;

static void srclines_init(srclines *sl, const char *text, size_t len)
{
	size_t cap = 0;
	sl->text = text;
	sl->len = len;
	sl->start = NULL;
	sl->n = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == 0 || text[i - 1] == '\n') {
			td_grow((void **)&sl->start, &cap, sl->n + 1, sizeof *sl->start);
			sl->start[sl->n++] = i;
		}
	}
}

/* Is the attribute list at the end of heading h written with an escaped
 * brace (`\{: #x }`, from the Markdown escaping of a value)? Then it is
 * text, as MkDocs reads it too. */
static bool attr_brace_escaped(const srclines *sl, cmark_node *h)
{
	int first = cmark_node_get_start_line(h), last = cmark_node_get_end_line(h);
	bool setext = last > first;
	int line = setext ? last - 1 : first;
	if (line < 1 || (size_t)line > sl->n)
		return false;
	size_t b = sl->start[line - 1];
	size_t e = (size_t)line < sl->n ? sl->start[line] : sl->len;
	while (e > b && (sl->text[e - 1] == '\n' || sl->text[e - 1] == '\r' || sl->text[e - 1] == ' ' ||
	                 sl->text[e - 1] == '\t'))
		e--;
	if (!setext) { /* a closing sequence of '#' */
		size_t k = e;
		while (k > b && sl->text[k - 1] == '#')
			k--;
		if (k < e && k > b && (sl->text[k - 1] == ' ' || sl->text[k - 1] == '\t')) {
			e = k;
			while (e > b && (sl->text[e - 1] == ' ' || sl->text[e - 1] == '\t'))
				e--;
		}
	}
	if (e == b || sl->text[e - 1] != '}')
		return false;
	size_t open = e - 1;
	while (open > b && sl->text[open] != '{')
		open--;
	size_t bs = 0;
	while (open - bs > b && sl->text[open - bs - 1] == '\\')
		bs++;
	return bs % 2 == 1;
}

/* Sets the ids of every heading and fills the table of contents. */
static void do_headings(td_html_page *out, nodelist *heads, nodelist *dead, const srclines *sl)
{
	idset used = {0};
	/* ids of the page template: a slug never takes one */
	static const char *const reserved[] = {"td-content", "td-search", "td-search-results"};
	for (size_t i = 0; i < TD_ARRAY_LEN(reserved); i++)
		idset_add(&used, reserved[i]);
	char **ids = td_xcalloc(heads->len ? heads->len : 1, sizeof *ids);
	td_buf id = TD_BUF_INIT, text = TD_BUF_INIT;
	/* explicit ids first, so that a slug never takes one */
	for (size_t i = 0; i < heads->len; i++) {
		cmark_node *last = cmark_node_last_child(heads->items[i]);
		if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT ||
		    attr_brace_escaped(sl, heads->items[i]))
			continue;
		const char *lit = cmark_node_get_literal(last);
		size_t at = attr_list(lit, &id);
		if (at == SIZE_MAX)
			continue;
		char *keep = td_xstrndup(lit, at);
		cmark_node_set_literal(last, keep);
		free(keep);
		if (id.len) {
			ids[i] = td_xstrdup(td_buf_cstr(&id));
			idset_add(&used, ids[i]);
		}
	}
	out->toc = td_xcalloc(heads->len ? heads->len : 1, sizeof *out->toc);
	for (size_t i = 0; i < heads->len; i++) {
		cmark_node *h = heads->items[i];
		td_buf_clear(&text);
		plain_text(&text, h);
		/* trim */
		while (text.len && (text.ptr[text.len - 1] == ' ' || text.ptr[text.len - 1] == '\t'))
			text.ptr[--text.len] = '\0';
		const char *t = td_buf_cstr(&text);
		while (*t == ' ' || *t == '\t')
			t++;
		if (!ids[i]) {
			slugify(&id, t);
			td_buf base = TD_BUF_INIT;
			td_buf_puts(&base, td_buf_cstr(&id));
			for (int k = 1; idset_has(&used, td_buf_cstr(&id)); k++) {
				td_buf_clear(&id);
				td_buf_printf(&id, "%s_%d", td_buf_cstr(&base), k);
			}
			td_buf_free(&base);
			ids[i] = td_xstrdup(td_buf_cstr(&id));
			idset_add(&used, ids[i]);
		}
		int level = cmark_node_get_heading_level(h);
		if (level == 1 && !out->title)
			out->title = td_xstrdup(t);
		out->toc[out->ntoc++] = (td_toc_entry){level, ids[i], td_xstrdup(t)};
		heading_block(h, ids[i], dead);
	}
	free(ids);
	idset_free(&used);
	td_buf_free(&id);
	td_buf_free(&text);
}

/* An image of a local SVG becomes an <object>, so that the links inside
 * (graph nodes) work; the alt text is its fallback. */
static void svg_object(cmark_node *img, const char *url, nodelist *dead)
{
	td_buf alt = TD_BUF_INIT, h = TD_BUF_INIT;
	plain_text(&alt, img);
	td_buf_puts(&h, "<object class=\"td-svg\" type=\"image/svg+xml\" data=\"");
	td_escape_html(&h, url);
	td_buf_puts(&h, "\" aria-label=\"");
	td_escape_html(&h, td_buf_cstr(&alt));
	td_buf_puts(&h, "\">");
	td_escape_html(&h, td_buf_cstr(&alt));
	td_buf_puts(&h, "</object>");
	cmark_node *o = cmark_node_new_with_mem(CMARK_NODE_HTML_INLINE, &cm_mem);
	cmark_node_set_literal(o, td_buf_cstr(&h));
	cmark_node_insert_before(img, o);
	cmark_node_unlink(img);
	nodelist_add(dead, img);
	td_buf_free(&alt);
	td_buf_free(&h);
}

/* ---- raw HTML written for the page's URL ---- */

/* Appends url, relative to the folder from (ending in '/', or ""), as a URL
 * relative to page (a file below the root). */
static void rebase_url(td_buf *out, const char *url, const char *from, const char *page)
{
	td_buf abs = TD_BUF_INIT;
	td_buf_puts(&abs, from);
	const char *u = url;
	while (!strncmp(u, "../", 3)) {
		u += 3;
		if (abs.len) { /* drop the last folder */
			abs.len--;
			while (abs.len && abs.ptr[abs.len - 1] != '/')
				abs.len--;
		}
	}
	if (!strncmp(u, "./", 2))
		u += 2;
	td_buf_puts(&abs, u);
	td_relative_url(out, page, td_buf_cstr(&abs));
	td_buf_free(&abs);
}

/* Appends the HTML fragment s[0..n) with every relative URL of an href,
 * src or data attribute rebased from the folder from to page. */
static void rebase_raw(td_buf *out, const char *s, size_t n, const char *from, const char *page)
{
	static const char *const attrs[] = {" href=", " src=", " data=", "\nhref=", "\nsrc=", "\ndata="};
	td_buf url = TD_BUF_INIT;
	size_t i = 0;
	while (i < n) {
		size_t al = 0;
		for (size_t k = 0; k < TD_ARRAY_LEN(attrs) && !al; k++) {
			size_t l = strlen(attrs[k]);
			if (i + l < n && !memcmp(s + i, attrs[k], l) && (s[i + l] == '"' || s[i + l] == '\''))
				al = l;
		}
		const char *e = al ? memchr(s + i + al + 1, s[i + al], n - i - al - 1) : NULL;
		if (!e) {
			td_buf_putc(out, s[i++]);
			continue;
		}
		td_buf_clear(&url);
		td_buf_put(&url, s + i + al + 1, (size_t)(e - (s + i + al + 1)));
		td_buf_put(out, s + i, al + 1);
		if (td_url_is_relative(td_buf_cstr(&url)))
			rebase_url(out, td_buf_cstr(&url), from, page);
		else
			td_buf_puts(out, td_buf_cstr(&url));
		td_buf_putc(out, *e);
		i = (size_t)(e - s) + 1;
	}
	td_buf_free(&url);
}

/* The folder of the page's URL under links ("a/b/" for a/b.md in MkDocs'
 * directory layout) when it is not the folder of its file, else NULL. */
static char *url_folder(const char *page, td_link_style links)
{
	td_buf u = TD_BUF_INIT;
	td_page_url(&u, page, links);
	const char *us = td_buf_cstr(&u);
	const char *ue = strrchr(us, '/'), *pe = strrchr(page, '/');
	size_t ul = ue ? (size_t)(ue - us) + 1 : 0, pl = pe ? (size_t)(pe - page) + 1 : 0;
	char *r = NULL;
	if (ul != pl || memcmp(us, page, ul) != 0)
		r = td_xstrndup(us, ul);
	td_buf_free(&u);
	return r;
}

void td_html_render_page(td_html_page *out, const char *md, size_t len, const char *path, td_link_style md_links,
                         bool html_unsafe)
{
	memset(out, 0, sizeof *out);
	cmark_gfm_core_extensions_ensure_registered();
	td_html_pages_begin();
	td_buf pre = TD_BUF_INIT, tmp = TD_BUF_INIT;
	td_md_admonitions(&pre, md, len);
	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_UNSAFE, &cm_mem);
	for (size_t i = 0; i < TD_ARRAY_LEN(extensions); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, pre.ptr ? pre.ptr : "", pre.len);
	cmark_node *doc = cmark_parser_finish(parser); /* which consolidates text nodes */

	nodelist heads = {0}, links = {0}, raw = {0}, dead = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			nodelist_add(&heads, n);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			nodelist_add(&links, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			nodelist_add(&raw, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);

	char *from = url_folder(path, md_links);
	for (size_t i = 0; i < raw.len && (from || !html_unsafe); i++) {
		const char *lit = cmark_node_get_literal(raw.items[i]);
		td_buf_clear(&tmp);
		if (!html_unsafe)
			td_html_clean(&tmp, lit ? lit : "", lit ? strlen(lit) : 0);
		else
			td_buf_puts(&tmp, lit ? lit : "");
		if (from) {
			td_buf re = TD_BUF_INIT;
			rebase_raw(&re, tmp.ptr ? tmp.ptr : "", tmp.len, from, path);
			td_buf_free(&tmp);
			tmp = re;
		}
		cmark_node_set_literal(raw.items[i], td_buf_cstr(&tmp));
	}
	free(from);
	for (size_t i = 0; i < links.len; i++) {
		cmark_node *n = links.items[i];
		bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
		const char *url = cmark_node_get_url(n);
		if (!url)
			url = "";
		if (!td_url_is_safe(url, image)) {
			unwrap(n, &dead);
			continue;
		}
		td_buf_clear(&tmp);
		bool changed = td_url_md_to_html(&tmp, url);
		size_t plen = strcspn(url, "?#");
		if (image && td_url_is_relative(url) && ends_with(url, plen, ".svg")) {
			svg_object(n, url, &dead);
			continue;
		}
		if (changed)
			cmark_node_set_url(n, td_buf_cstr(&tmp));
	}
	srclines sl;
	srclines_init(&sl, pre.ptr ? pre.ptr : "", pre.len);
	do_headings(out, &heads, &dead, &sl);
	free(sl.start);

	char *html = cmark_render_html_with_mem(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser), &cm_mem);
	td_buf_puts(&out->body, html);
	td_buf_cstr(&out->body);
	cm_free(html);

	for (size_t i = 0; i < dead.len; i++)
		cmark_node_free(dead.items[i]);
	free(heads.items);
	free(links.items);
	free(raw.items);
	free(dead.items);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	td_buf_free(&pre);
	td_buf_free(&tmp);
	td_region_reset(cm_region); /* the page's tree is gone, and no page renders inside another */
	td_html_pages_end();
}

void td_html_page_free(td_html_page *p)
{
	if (!p)
		return;
	td_buf_free(&p->body);
	free(p->title);
	for (size_t i = 0; i < p->ntoc; i++) {
		free(p->toc[i].id);
		free(p->toc[i].text);
	}
	free(p->toc);
	memset(p, 0, sizeof *p);
}

