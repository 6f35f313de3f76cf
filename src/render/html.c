/*
 * html.c - the standalone HTML site: each Markdown page through cmark-gfm
 * (tables, strikethrough, autolinks, task lists), its syntax tree adjusted
 * (heading ids from attribute lists, links to .md pages made .html, unsafe
 * links dropped, raw HTML cleaned), then the page template with the
 * navigation, the table of contents and the search box. The stylesheet and
 * the search script are built in (templates/style.css, templates/search.js).
 */
#include "render/html.h"
#include "render/links.h"
#include "render/nav.h"
#include "render/template.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/* ---- small helpers ---- */

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && !memcmp(s + n - l, suffix, l);
}

/* A URL with no scheme and no leading '/': relative to the page. */
static bool is_relative(const char *u)
{
	if (!u[0] || u[0] == '/' || u[0] == '#' || u[0] == '?')
		return false;
	for (const char *p = u; *p; p++) {
		if (*p == ':')
			return false;
		if (*p == '/' || *p == '?' || *p == '#')
			break;
	}
	return true;
}

/* Appends u with a path ending in ".md" turned into ".html" (the query and
 * fragment kept); returns whether it changed. */
static bool md_to_html_url(td_buf *out, const char *u)
{
	size_t plen = strcspn(u, "?#");
	if (!is_relative(u) || !ends_with(u, plen, ".md")) {
		td_buf_puts(out, u);
		return false;
	}
	td_buf_put(out, u, plen - 3);
	td_buf_puts(out, ".html");
	td_buf_puts(out, u + plen);
	return true;
}

/* The page path with ".md" replaced by ".html". */
static void html_path(td_buf *out, const char *md_path)
{
	size_t n = strlen(md_path);
	if (ends_with(md_path, n, ".md")) {
		td_buf_put(out, md_path, n - 3);
		td_buf_puts(out, ".html");
	} else {
		td_buf_puts(out, md_path);
	}
}

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

/* A slug of text as Python-Markdown's toc makes it: lower case, only
 * letters, digits, '_' and '-', runs of blanks and '-' as one '-'. */
static void slugify(td_buf *out, const char *text)
{
	td_buf_clear(out);
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			if (dash && out->len)
				td_buf_putc(out, '-');
			dash = false;
			td_buf_putc(out, (char)c);
		} else if (c == ' ' || c == '-' || c == '\t') {
			dash = true;
		}
	}
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
	cmark_node *cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
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
	cmark_node *o = cmark_node_new(CMARK_NODE_HTML_INLINE);
	cmark_node_set_literal(o, td_buf_cstr(&h));
	cmark_node_insert_before(img, o);
	cmark_node_unlink(img);
	nodelist_add(dead, img);
	td_buf_free(&alt);
	td_buf_free(&h);
}

void td_html_render_page(td_html_page *out, const char *md, size_t len, bool html_unsafe)
{
	memset(out, 0, sizeof *out);
	cmark_gfm_core_extensions_ensure_registered();
	td_buf pre = TD_BUF_INIT, tmp = TD_BUF_INIT;
	td_md_admonitions(&pre, md, len);
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_UNSAFE);
	for (size_t i = 0; i < TD_ARRAY_LEN(extensions); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, pre.ptr ? pre.ptr : "", pre.len);
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_consolidate_text_nodes(doc);

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

	if (!html_unsafe) {
		for (size_t i = 0; i < raw.len; i++) {
			const char *lit = cmark_node_get_literal(raw.items[i]);
			td_buf_clear(&tmp);
			td_html_clean(&tmp, lit ? lit : "", lit ? strlen(lit) : 0);
			cmark_node_set_literal(raw.items[i], td_buf_cstr(&tmp));
		}
	}
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
		bool changed = md_to_html_url(&tmp, url);
		size_t plen = strcspn(url, "?#");
		if (image && is_relative(url) && ends_with(url, plen, ".svg")) {
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

	char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
	td_buf_puts(&out->body, html);
	td_buf_cstr(&out->body);
	free(html);

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
	size_t i = 0;
	td_buf url = TD_BUF_INIT;
	while (i < n) {
		if (s[i] == '<' && i + 2 < n && s[i + 1] == 'a' && (s[i + 2] == ' ' || s[i + 2] == '\n')) {
			const char *gt = memchr(s + i, '>', n - i);
			size_t tl = gt ? (size_t)(gt - (s + i)) : n - i;
			bool has_target = false;
			for (size_t k = i; k + 7 < i + tl && !has_target; k++)
				if (!memcmp(s + k, " target=", 8))
					has_target = true;
			td_buf_puts(out, "<a");
			if (!has_target)
				td_buf_puts(out, " target=\"_top\"");
			i += 2;
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
				td_buf_put(out, s + i, 6);
				if (!dir_links || !dir_to_html_url(out, td_buf_cstr(&url)))
					md_to_html_url(out, td_buf_cstr(&url));
				td_buf_putc(out, q);
				i = (size_t)(e - s) + 1;
				continue;
			}
		}
		td_buf_putc(out, s[i]);
		i++;
	}
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
	html_path(&hp, page);
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
			html_path(&target, it->path);
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

/* search-index.json and search-index.js: every task's id, title,
 * workstream title, state and page. */
static void search_index(td_pages *out, json_t *view)
{
	json_t *arr = json_array();
	size_t i;
	json_t *t;
	td_buf url = TD_BUF_INIT, b = TD_BUF_INIT;
	json_array_foreach(json_object_get(view, "tasks"), i, t)
	{
		td_buf_clear(&url);
		const char *u = json_string_value(json_object_get(t, "url"));
		md_to_html_url(&url, u ? u : "");
		json_array_append_new(arr, json_pack("{sOsOsOsOss}", "id", json_object_get(t, "id"), "title",
		                                     json_object_get(t, "title"), "workstream",
		                                     json_object_get(t, "workstream_title"), "state",
		                                     json_object_get(t, "state"), "url", td_buf_cstr(&url)));
	}
	char *s = json_dumps(arr, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	td_buf_puts(&b, s);
	td_buf_putc(&b, '\n');
	td_pages_add(out, "search-index.json", &b);
	td_buf_puts(&b, "/* generated by taskdoc: the tasks for the search box (a script, so that it loads "
	                "from file://) */\n"
	                "window.TD_SEARCH_INDEX = ");
	td_buf_puts(&b, s);
	td_buf_puts(&b, ";\n");
	td_pages_add(out, "search-index.js", &b);
	free(s);
	json_decref(arr);
	td_buf_free(&url);
	td_buf_free(&b);
}

static bool has_page(const td_pages *p, const char *path)
{
	for (size_t i = 0; i < p->len; i++)
		if (!strcmp(p->items[i].path, path))
			return true;
	return false;
}

/* An asset from the templates (override or built-in) as path. */
static int asset(td_pages *out, const td_tmpl_set *overrides, const char *name, const char *path,
                 td_diags *diags)
{
	const char *text = td_tmpl_lookup(overrides, name, NULL);
	if (!text) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){name, 0, 0}, "template not found");
		return -1;
	}
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, text);
	td_pages_add(out, path, &b);
	return 0;
}

int td_render_html(td_pages *out, const td_pages *md, json_t *view, const td_html_opts *opts, td_diags *diags)
{
	const char *file = NULL;
	const char *src = td_tmpl_lookup(opts->overrides, "page.html.tmpl", &file);
	if (!src) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){"page.html.tmpl", 0, 0}, "template not found");
		return -1;
	}
	td_template *t = td_template_parse(file, src, TD_ESCAPE_HTML, diags);
	if (!t)
		return -1;
	td_template_allow_html(t, opts->html_unsafe);
	int rc = 0;
	td_partials pc = {opts->overrides, ".html.tmpl", TD_BUF_INIT};
	json_t *titles = json_object();
	td_html_page *hp = td_xcalloc(md->len ? md->len : 1, sizeof *hp);
	/* first every page, for the titles the navigation may need */
	for (size_t i = 0; i < md->len; i++) {
		const td_page *pg = &md->items[i];
		if (!ends_with(pg->path, strlen(pg->path), ".md"))
			continue;
		td_html_render_page(&hp[i], pg->body.ptr ? pg->body.ptr : "", pg->body.len,
		                    opts->html_unsafe);
		json_object_set_new(titles, pg->path, json_string(hp[i].title ? hp[i].title : pg->path));
	}
	json_t *proj = json_object_get(view, "project");
	const char *site_name = json_string_value(json_object_get(proj, "name"));
	td_buf path = TD_BUF_INIT, root = TD_BUF_INIT, body = TD_BUF_INIT, b = TD_BUF_INIT;
	for (size_t i = 0; i < md->len; i++) {
		const td_page *pg = &md->items[i];
		size_t plen = strlen(pg->path);
		td_buf_clear(&path);
		td_buf_clear(&b);
		if (!ends_with(pg->path, plen, ".md")) {
			if (has_page(out, pg->path))
				continue; /* already made for the HTML site (e.g. graphs with .html links) */
			if (ends_with(pg->path, plen, ".svg"))
				svg_for_html(&b, pg->body.ptr ? pg->body.ptr : "", pg->body.len,
				             opts->svg_dir_links);
			else
				td_buf_put(&b, pg->body.ptr ? pg->body.ptr : "", pg->body.len);
			td_pages_add(out, pg->path, &b);
			continue;
		}
		html_path(&path, pg->path);
		td_buf_clear(&root);
		for (const char *p = pg->path; *p; p++)
			if (*p == '/')
				td_buf_puts(&root, "../");
		json_t *toc = json_array();
		for (size_t k = 0; k < hp[i].ntoc; k++)
			if (hp[i].toc[k].level >= 2 && hp[i].toc[k].level <= 3)
				json_array_append_new(toc,
				                      json_pack("{sissss}", "level", hp[i].toc[k].level, "id",
				                                hp[i].toc[k].id, "text", hp[i].toc[k].text));
		const char *title = hp[i].title ? hp[i].title : pg->path;
		json_t *page =
		    json_pack("{sssssssssssOso}", "path", td_buf_cstr(&path), "source", pg->path, "root",
		              td_buf_cstr(&root), "title", title, "content", td_buf_cstr(&hp[i].body), "toc",
		              toc, "is_index", json_boolean(!strcmp(pg->path, "index.md")));
		json_t *site = json_object();
		json_object_set_new(site, "name", json_string(site_name ? site_name : "taskdoc"));
		td_buf_clear(&b);
		td_buf_printf(&b, "%sindex.html", td_buf_cstr(&root));
		json_object_set_new(site, "home", json_string(td_buf_cstr(&b)));
		td_buf_clear(&b);
		td_buf_printf(&b, "%sassets/style.css", td_buf_cstr(&root));
		json_object_set_new(site, "css", json_string(td_buf_cstr(&b)));
		td_buf_clear(&b);
		td_buf_printf(&b, "%sassets/search.js", td_buf_cstr(&root));
		json_object_set_new(site, "search_js", json_string(td_buf_cstr(&b)));
		td_buf_clear(&b);
		td_buf_printf(&b, "%ssearch-index.js", td_buf_cstr(&root));
		json_object_set_new(site, "search_index", json_string(td_buf_cstr(&b)));
		td_buf_clear(&b);
		json_object_set_new(site, "html_unsafe", json_boolean(opts->html_unsafe));

		json_t *ctx = json_copy(view); /* shallow: shares the big arrays */
		json_object_set_new(ctx, "page", page);
		json_object_set_new(ctx, "site", site);
		json_object_set_new(ctx, "nav", nav_json(opts->nav, opts->nnav, pg->path, titles));
		td_buf_clear(&body);
		if (td_template_render(&body, t, ctx, td_tmpl_partial, &pc, diags) != 0) {
			rc = -1;
		} else {
			td_pages_add(out, td_buf_cstr(&path), &body);
		}
		json_decref(ctx);
		json_decref(toc);
		if (rc)
			break;
	}
	if (!rc)
		search_index(out, view);
	if (!rc && (asset(out, opts->overrides, "style.css", "assets/style.css", diags) != 0 ||
	            asset(out, opts->overrides, "search.js", "assets/search.js", diags) != 0))
		rc = -1;
	for (size_t i = 0; i < md->len; i++)
		td_html_page_free(&hp[i]);
	free(hp);
	json_decref(titles);
	td_buf_free(&path);
	td_buf_free(&root);
	td_buf_free(&body);
	td_buf_free(&b);
	td_buf_free(&pc.name);
	td_template_free(t);
	return rc;
}

int td_render_html_site(td_pages *out, const td_pages *md, json_t *view, const td_config *cfg,
                        const td_tmpl_set *overrides, td_arena *arena, td_diags *diags)
{
	if (cfg->out_html && cfg->out_markdown && !strcmp(cfg->out_html, cfg->out_markdown)) {
		td_diag_add(
		    diags, TD_SEV_ERROR, (td_loc){cfg->file ? cfg->file : "taskdoc.yaml", 0, 0},
		    "out.html and out.markdown are both '%s'; the HTML site needs a folder of its own",
		    cfg->out_html);
		return -1;
	}
	td_pages again = {0};
	const td_pages *src = md;
	json_t *hview = NULL;
	int rc = -1;
	if (cfg->graph_links != TD_LINKS_HTML) {
		/* the pages as they are addressed in an HTML layout (a.md is a.html) */
		hview = json_copy(view);
		json_t *g = json_copy(json_object_get(view, "graphs"));
		if (g) {
			json_object_set_new(g, "links", json_string("html"));
			json_object_set_new(hview, "graphs", g);
		}
		if (td_render_markdown(&again, hview, overrides, diags) != 0)
			goto out;
		/* and every other file (graphs, charts, pages made elsewhere) as it is */
		td_buf b = TD_BUF_INIT;
		size_t rendered = again.len;
		for (size_t i = 0; i < md->len; i++) {
			const td_page *pg = &md->items[i];
			bool have = false;
			for (size_t k = 0; k < rendered && !have; k++)
				have = !strcmp(again.items[k].path, pg->path);
			if (have)
				continue;
			td_buf_put(&b, pg->body.ptr ? pg->body.ptr : "", pg->body.len);
			td_pages_add(&again, pg->path, &b);
		}
		src = &again;
	}
	size_t nnav = 0;
	td_nav *nav = td_nav_build(&nnav, view, arena);
	td_html_opts opts = {cfg->html_unsafe, nav, nnav, overrides, cfg->graph_links == TD_LINKS_DIRECTORY};
	rc = td_render_html(out, src, view, &opts, diags);
out:
	json_decref(hview);
	td_pages_free(&again);
	return rc;
}
