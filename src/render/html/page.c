/*
 * page.c - one Markdown page as HTML: through cmark-gfm (tables,
 * strikethrough, autolinks, task lists), its syntax tree adjusted (heading
 * ids from attribute lists, links to .md pages made .html, unsafe links
 * dropped, raw HTML cleaned and its URLs rebased), admonitions as boxes.
 */
#define _GNU_SOURCE /* memmem */
#include "render/html/escape.h"
#include "render/html/html.h"
#include "render/mdlines.h"
#include "render/url.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * permalink; h goes to dead. With id NULL, TD_HTML_MARK stands where the
 * id goes, twice (td_html_assemble puts the page's id there). */
static void heading_block(cmark_node *h, const char *id, nodelist *dead)
{
	int level = cmark_node_get_heading_level(h);
	td_buf enter = TD_BUF_INIT, exit_ = TD_BUF_INIT;
	td_buf_printf(&enter, "<h%d id=\"", level);
	if (id)
		td_escape_html(&enter, id);
	else
		td_buf_putc(&enter, TD_HTML_MARK);
	td_buf_puts(&enter, "\">");
	td_buf_puts(&exit_, "<a class=\"headerlink\" href=\"#");
	if (id)
		td_escape_html(&exit_, id);
	else
		td_buf_putc(&exit_, TD_HTML_MARK);
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

/* Gives every heading of toc[0..n) without an id (NULL) one: a slug of
 * its text, made unique against the page template's ids, every explicit
 * id and every id given before it (as Python-Markdown's toc does). */
static void assign_ids(td_toc_entry *toc, size_t n)
{
	idset used = {0};
	/* ids of the page template: a slug never takes one */
	static const char *const reserved[] = {"td-content", "td-search", "td-search-results"};
	for (size_t i = 0; i < TD_ARRAY_LEN(reserved); i++)
		idset_add(&used, reserved[i]);
	for (size_t i = 0; i < n; i++) /* explicit ids first, so that a slug never takes one */
		if (toc[i].id)
			idset_add(&used, toc[i].id);
	td_buf id = TD_BUF_INIT, base = TD_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (toc[i].id)
			continue;
		slugify(&id, toc[i].text);
		td_buf_clear(&base);
		td_buf_puts(&base, td_buf_cstr(&id));
		for (int k = 1; idset_has(&used, td_buf_cstr(&id)); k++) {
			td_buf_clear(&id);
			td_buf_printf(&id, "%s_%d", td_buf_cstr(&base), k);
		}
		toc[i].id = td_xstrdup(td_buf_cstr(&id));
		idset_add(&used, toc[i].id);
	}
	idset_free(&used);
	td_buf_free(&id);
	td_buf_free(&base);
}

/* Reads every heading's explicit id and text into out->heads and turns it
 * into a heading block: with its id when direct (the part is the whole
 * page), else with TD_HTML_MARK for it. */
static void do_headings(td_html_part *out, nodelist *heads, nodelist *dead, const srclines *sl, bool direct)
{
	out->heads = td_xcalloc(heads->len ? heads->len : 1, sizeof *out->heads);
	out->nheads = heads->len;
	td_buf id = TD_BUF_INIT, text = TD_BUF_INIT;
	for (size_t i = 0; i < heads->len; i++) {
		cmark_node *h = heads->items[i];
		cmark_node *last = cmark_node_last_child(h);
		if (last && cmark_node_get_type(last) == CMARK_NODE_TEXT && !attr_brace_escaped(sl, h)) {
			const char *lit = cmark_node_get_literal(last);
			size_t at = attr_list(lit, &id);
			if (at != SIZE_MAX) {
				char *keep = td_xstrndup(lit, at);
				cmark_node_set_literal(last, keep);
				free(keep);
				if (id.len)
					out->heads[i].id = td_xstrdup(td_buf_cstr(&id));
			}
		}
		td_buf_clear(&text);
		plain_text(&text, h);
		/* trim */
		while (text.len && (text.ptr[text.len - 1] == ' ' || text.ptr[text.len - 1] == '\t'))
			text.ptr[--text.len] = '\0';
		const char *t = td_buf_cstr(&text);
		while (*t == ' ' || *t == '\t')
			t++;
		out->heads[i].level = cmark_node_get_heading_level(h);
		out->heads[i].text = td_xstrdup(t);
	}
	if (direct)
		assign_ids(out->heads, out->nheads);
	for (size_t i = 0; i < heads->len; i++)
		heading_block(heads->items[i], direct ? out->heads[i].id : NULL, dead);
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

/* ---- where a section ends: was it a place to cut? ---- */

/* Line k (1-based) of sl, without its line end. */
static bool src_line(const srclines *sl, int k, const char **s, size_t *n)
{
	if (k < 1 || (size_t)k > sl->n)
		return false;
	size_t b = sl->start[k - 1], e = (size_t)k < sl->n ? sl->start[k] : sl->len;
	while (e > b && (sl->text[e - 1] == '\n' || sl->text[e - 1] == '\r'))
		e--;
	*s = sl->text + b;
	*n = e - b;
	return true;
}

static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;
	while (k < n && s[k] == c)
		k++;
	return k;
}

/* Up to three spaces of s[0..n) skipped (more: SIZE_MAX, not a block start). */
static size_t block_indent(const char *s, size_t n)
{
	size_t k = run_of(s, n, ' ');
	return k > 3 || (k < n && s[k] == '\t') ? SIZE_MAX : k;
}

static bool has_ci(const char *s, size_t n, const char *needle)
{
	size_t l = strlen(needle);
	for (size_t i = 0; i + l <= n; i++)
		if (!strncasecmp(s + i, needle, l))
			return true;
	return false;
}

/* The end condition of the raw HTML block (CommonMark kinds 1 to 5) whose
 * first line is s[0..n), or NULL: kinds 6 and 7 end at a blank line. */
static const char *html_block_end(const char *s, size_t n)
{
	size_t k = block_indent(s, n);
	if (k == SIZE_MAX || k >= n || s[k] != '<')
		return NULL;
	s += k;
	n -= k;
	static const char *const kind1[] = {"script", "pre", "style", "textarea"};
	static const char *const end1[] = {"</script>", "</pre>", "</style>", "</textarea>"};
	for (size_t i = 0; i < TD_ARRAY_LEN(kind1); i++) {
		size_t l = strlen(kind1[i]);
		if (n >= l + 1 && !strncasecmp(s + 1, kind1[i], l) &&
		    (n == l + 1 || s[l + 1] == ' ' || s[l + 1] == '\t' || s[l + 1] == '>' || s[l + 1] == '\r'))
			return end1[i];
	}
	/* "<!" as any of kinds 2, 4 and 5 would begin it, whatever its case
	 * and what follows: a guess too many only leaves a cut out */
	if (n >= 4 && !memcmp(s, "<!--", 4))
		return "-->";
	if (n >= 2 && s[1] == '?')
		return "?>";
	if (n >= 3 && !memcmp(s, "<![", 3))
		return "]]>";
	if (n >= 2 && s[1] == '!')
		return ">";
	return NULL;
}

/* Does the part end inside a block that a blank line does not end (a
 * fenced code block with no closing fence, raw HTML of kinds 1 to 5 with
 * no end)? Then the heading after it, in the whole page, is that block's
 * text and not a place to cut (td_html_close_parts). Only the last block
 * at the top matters: the heading at the cut ends every container. Such a
 * block, closed, ends on its closing line; left open, it takes the blank
 * line before the cut: either sign is enough. */
static bool ends_open(cmark_node *doc, const srclines *sl)
{
	cmark_node *last = cmark_node_last_child(doc);
	if (!last)
		return false;
	cmark_node_type type = cmark_node_get_type(last);
	int flen = 0, off = 0;
	char ch = 0;
	if (type == CMARK_NODE_CODE_BLOCK ? !cmark_node_get_fenced(last, &flen, &off, &ch) : type != CMARK_NODE_HTML_BLOCK)
		return false; /* an indented code block ends at the heading */
	int first = cmark_node_get_start_line(last), end = cmark_node_get_end_line(last);
	const char *s, *e;
	size_t n, en;
	if (!src_line(sl, first, &s, &n) || !src_line(sl, end, &e, &en))
		return true; /* cannot tell: do not cut */
	if (td_md_blank_line(e, en))
		return true;
	if (type == CMARK_NODE_CODE_BLOCK) {
		if (end == first)
			return true;
		size_t k = block_indent(e, en);
		if (k == SIZE_MAX)
			return true;
		size_t r = run_of(e + k, en - k, ch);
		if (r < (size_t)flen)
			return true;
		for (size_t i = k + r; i < en; i++)
			if (e[i] != ' ' && e[i] != '\t')
				return true;
		return false;
	}
	const char *want = html_block_end(s, n);
	return want && !has_ci(e, en, want);
}

/* ---- a part of a page ---- */

/* Renders pre[0..len) (admonitions already boxes) as a part of the page
 * path; see html.h. */
static void trim_cut(td_html_part *out, unsigned cut);

static void render_part(td_html_part *out, const char *pre, size_t len, const char *path,
                        td_link_style md_links, bool html_unsafe, bool direct, unsigned cut);

/* job's part: its text after its head, if it has one. */
static void render_job(td_html_part *out, const td_html_job *job, td_link_style md_links, bool html_unsafe)
{
	if (!job->head) {
		render_part(out, job->md, job->len, job->path, md_links, html_unsafe, job->direct, job->cut);
		return;
	}
	td_buf text = TD_BUF_INIT; /* for as long as the part renders */
	td_buf_put(&text, job->head, job->head_len);
	td_buf_put(&text, job->md, job->len);
	render_part(out, text.ptr, text.len, job->path, md_links, html_unsafe, job->direct, job->cut);
	td_buf_free(&text);
}

static void render_part(td_html_part *out, const char *pre, size_t len, const char *path,
                        td_link_style md_links, bool html_unsafe, bool direct, unsigned cut)
{
	memset(out, 0, sizeof *out);
	cmark_gfm_core_extensions_ensure_registered();
	td_html_pages_begin();
	td_buf tmp = TD_BUF_INIT;
	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_UNSAFE, &cm_mem);
	for (size_t i = 0; i < TD_ARRAY_LEN(extensions); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, pre ? pre : "", len);
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
	srclines sl;
	srclines_init(&sl, pre ? pre : "", len);
	out->open_end = ends_open(doc, &sl);

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
	do_headings(out, &heads, &dead, &sl, direct);
	out->direct = direct;
	free(sl.start);

	char *html = cmark_render_html_with_mem(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser), &cm_mem);
	td_buf_puts(&out->body, html);
	td_buf_cstr(&out->body);
	cm_free(html);
	if (cut)
		trim_cut(out, cut);

	for (size_t i = 0; i < dead.len; i++)
		cmark_node_free(dead.items[i]);
	free(heads.items);
	free(links.items);
	free(raw.items);
	free(dead.items);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	td_buf_free(&tmp);
	td_region_reset(cm_region); /* the part's tree is gone, and no part renders inside another */
	td_html_pages_end();
}

void td_html_render_part(td_html_part *out, const td_html_job *job, td_link_style md_links, bool html_unsafe)
{
	render_job(out, job, md_links, html_unsafe);
}

void td_html_part_free(td_html_part *p)
{
	if (!p)
		return;
	td_buf_free(&p->body);
	for (size_t i = 0; i < p->nheads; i++) {
		free(p->heads[i].id);
		free(p->heads[i].text);
	}
	free(p->heads);
	memset(p, 0, sizeof *p);
}

/* ---- sections: where a page may be cut ---- */

/* An ATX heading at the line's very start ("# ", "###\n", ...). */
static bool atx_at_start(const char *s, size_t n)
{
	size_t k = run_of(s, n, '#');
	return k >= 1 && k <= 6 && (k == n || s[k] == ' ' || s[k] == '\t' || s[k] == '\r');
}

/* Whether a line that starts with c may be blank, a heading, a fence or
 * raw HTML: any other line is text, which opens nothing a blank line
 * would not end. */
static bool may_open(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '#' || c == '`' || c == '~' || c == '<';
}

/* ---- cuts inside a long table or list ----
 *
 * A GFM table's rows are each parsed alone against its header and
 * delimiter rows, and the items of a tight list whose items are one line
 * each alone too: so a piece of the rows rendered after the table's
 * header (or a piece of the items numbered from 1) gives the HTML those
 * rows have in the whole table, between its opening (up to <tbody>, or
 * <ol>/<ul>) and its closing. Only blocks that cannot be read otherwise
 * are cut: a blank line (or the section's start) before and after, every
 * line a row starting with "|" under a header whose delimiter row has as
 * many cells, or every line an item of one kind whose text does not start
 * another block or a task box. The HTML of each piece is checked to open
 * and close as a table or list does (trim_cut); the fuzzer and check_html
 * hold a page cut so against the page rendered whole. */

static size_t chunk_min = 4096, chunk_max = 65536;
static unsigned chunk_every = 128;

void td_html_set_chunking(size_t min, size_t max, unsigned every)
{
	chunk_min = min ? min : 4096;
	chunk_max = max ? max : 65536;
	chunk_every = every ? every : 128;
}

/* The line at *at in pre[0..len): its start and length (no line end);
 * *at moves past it. */
static const char *next_line(const char *pre, size_t len, size_t *at, size_t *l)
{
	const char *s = pre + *at, *nl = memchr(s, '\n', len - *at);
	*l = nl ? (size_t)(nl - s) : len - *at;
	*at += *l + (nl ? 1 : 0);
	while (*l && s[*l - 1] == '\r')
		--*l;
	return s;
}

/* The cells of a table row (its unescaped pipes, leading and trailing
 * ones not counted as separators). */
static size_t row_cells(const char *s, size_t l)
{
	while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
		l--;
	size_t pipes = 0;
	for (size_t i = 0; i < l; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '|')
			pipes++;
	}
	bool lead = l && s[0] == '|', trail = l > 1 && s[l - 1] == '|' && s[l - 2] != '\\';
	return pipes + 1 - lead - trail;
}

/* A delimiter row: cells of spaces, an optional colon, dashes, an
 * optional colon, spaces, between pipes (the first one leading). */
static bool delimiter_row(const char *s, size_t l)
{
	if (!l || s[0] != '|')
		return false;
	size_t i = 1, cells = 0;
	while (i < l) {
		while (i < l && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == l)
			break; /* spaces after the last pipe */
		if (s[i] == ':')
			i++;
		size_t dashes = run_of(s + i, l - i, '-');
		if (!dashes)
			return false;
		i += dashes;
		if (i < l && s[i] == ':')
			i++;
		while (i < l && (s[i] == ' ' || s[i] == '\t'))
			i++;
		cells++;
		if (i < l && s[i] != '|')
			return false;
		i++;
	}
	return cells > 0;
}

/* A line cmark-gfm reads as one line of one table row whatever is around
 * it: valid UTF-8 (its cell scanner stops at anything else, and the
 * table with it), no NUL, no carriage return but at its end, and a
 * cell with something in it. */
static bool plain_row(const char *s, size_t l)
{
	if (!l || s[0] != '|' || td_utf8_invalid_at(s, l) != 0 || memchr(s, '\0', l) || memchr(s, '\r', l))
		return false;
	for (size_t i = 1; i < l; i++)
		if (s[i] != '|' && s[i] != ' ' && s[i] != '\t')
			return true;
	return false;
}

/* A list item on one line: the kind of its marker into kind (a bullet
 * character, or '.' or ')' after digits), where its text starts into
 * *text; false for anything else, or text that could start another
 * block, a nested list or a task box. */
static size_t list_marker(const char *s, size_t l, char *kind);

static bool item_line(const char *s, size_t l, char *kind, size_t *text)
{
	size_t k = list_marker(s, l, kind);
	if (!k || k + 1 >= l || s[k] != ' ')
		return false;
	k++;
	*text = k;
	char c = s[k];
	if (strchr(" \t-*+_#>`~<|=", c) || (c >= '0' && c <= '9'))
		return false;
	if (c == '[' && k + 3 < l && (s[k + 1] == ' ' || s[k + 1] == 'x' || s[k + 1] == 'X') &&
	    s[k + 2] == ']')
		return false;
	return true;
}

/* The length of the list marker s starts with (a bullet, or up to nine
 * digits and '.' or ')'), its kind into kind (the bullet, or the
 * delimiter); 0 when it starts with none. */
static size_t list_marker(const char *s, size_t l, char *kind)
{
	if (l && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
		*kind = s[0];
		return 1;
	}
	size_t k = 0;
	while (k < l && k < 9 && s[k] >= '0' && s[k] <= '9')
		k++;
	if (!k || k >= l || (s[k] != '.' && s[k] != ')'))
		return 0;
	*kind = s[k];
	return k + 1;
}

/* Whether a line may belong to a list (or start or continue one): an
 * item of any kind, indented text, a block quote; a blank line does not
 * end a list that such a line comes back to. */
static bool listish(const char *s, size_t l)
{
	if (!l)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '>')
		return true;
	char kind;
	size_t k = list_marker(s, l, &kind);
	return k && (k == l || s[k] == ' ' || s[k] == '\t' || s[k] == '\r');
}

/* A list at pre[at..end) stands alone: the block of lines before the
 * blank line above it (from its first line) and the first line after the
 * blank line below it may not belong to a list, or the list would go on
 * (loose) across the blank line. */
static bool list_alone(const char *pre, size_t len, size_t at, size_t end)
{
	size_t b = at;
	while (b > 0) { /* back over blank lines */
		size_t ls = b - 1;
		while (ls > 0 && pre[ls - 1] != '\n')
			ls--;
		if (!td_md_blank_line(pre + ls, b - 1 - ls))
			break;
		b = ls;
	}
	while (b > 0) { /* the lines of the block above, to its first */
		size_t ls = b - 1;
		while (ls > 0 && pre[ls - 1] != '\n')
			ls--;
		if (td_md_blank_line(pre + ls, b - 1 - ls))
			break;
		if (listish(pre + ls, b - 1 - ls))
			return false;
		b = ls;
	}
	for (size_t pos = end; pos < len;) { /* the first line below */
		size_t l;
		const char *r = next_line(pre, len, &pos, &l);
		if (!td_md_blank_line(r, l))
			return !listish(r, l);
	}
	return true;
}

/* A row's hash, which says where to cut: eight bytes a step (a table's
 * or list's bytes went through a byte at a time in a third of the time
 * of cutting a page), then mixed down so its low bits change with all. */
static uint64_t fnv_on(uint64_t h, const char *s, size_t n)
{
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	for (; n; s++, n--)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static uint64_t fnv(const char *s, size_t n)
{
	return fnv_on(0xcbf29ce484222325ULL, s, n);
}

static uint64_t row_hash_mix(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static bool row_number(const char *r, size_t l, size_t *at, size_t *n);

/* A table or list that may be cut starting at pre[at] (after a blank line
 * or at the section's start): the cuts between its rows appended to
 * *starts; *end is where the block ends (the blank line after it, or
 * len). False when there is none there. */
static bool block_cuts(const char *pre, size_t len, size_t at, size_t **starts, size_t *n, size_t *cap,
                       size_t *end)
{
	size_t pos = at, l, text = 0;
	const char *s = next_line(pre, len, &pos, &l);
	char kind = 0;
	bool table = l && s[0] == '|';
	size_t body = pos; /* where the rows that may be cut start */
	if (table) {
		size_t hl;
		const char *h = s;
		hl = l;
		if (pos >= len || !plain_row(h, hl))
			return false;
		s = next_line(pre, len, &pos, &l);
		if (!delimiter_row(s, l) || row_cells(h, hl) != row_cells(s, l) || row_cells(h, hl) == 0)
			return false;
		body = pos;
	} else if (!item_line(s, l, &kind, &text)) {
		return false;
	} else {
		body = at;
	}
	/* the rows: up to a blank line or the end; anything else, no cuts */
	size_t rows = body, bytes = 0;
	for (size_t p = body; p < len;) {
		size_t q = p;
		const char *r = next_line(pre, len, &q, &l);
		if (td_md_blank_line(r, l))
			break;
		char k2 = 0;
		size_t t2 = 0;
		if (table ? !plain_row(r, l) : !item_line(r, l, &k2, &t2) || k2 != kind || memchr(r, '\r', l))
			return false;
		bytes += q - p;
		p = rows = q;
	}
	*end = rows;
	if (bytes < 2 * chunk_min || (!table && !list_alone(pre, len, at, rows)))
		return true; /* a block, not to be cut */
	size_t since = 0;
	for (size_t p = body; p < rows;) {
		size_t q = p;
		const char *r = next_line(pre, len, &q, &l);
		size_t t = 0, nat = 0, num = 0;
		char k2 = 0;
		if (!table)
			item_line(r, l, &k2, &t);
		else if (!row_number(r, l, &nat, &num))
			nat = num = 0;
		/* the cuts fall where the rows say, their numbers apart (an
		 * ordered list's, a table's numbered in its first cell): a row
		 * added above moves no cut below */
		since += q - p - num;
		p = q;
		if (p < rows && since >= chunk_min &&
		    (since >= chunk_max ||
		     row_hash_mix(fnv_on(fnv(r + t, nat), r + t + nat + num, l - t - nat - num)) %
		             chunk_every ==
		         0)) {
			td_grow((void **)starts, cap, *n + 1, sizeof **starts);
			(*starts)[(*n)++] = p;
			since = 0;
		}
	}
	return true;
}

/* Whether a part starting at pre[at] was cut inside a block: the line
 * before it is not blank (a heading's cut follows a blank line). */
static bool cut_inside(const char *pre, size_t at)
{
	if (at < 2 || pre[at - 1] != '\n')
		return false;
	size_t b = at - 1;
	while (b > 0 && pre[b - 1] != '\n')
		b--;
	return !td_md_blank_line(pre + b, at - 1 - b);
}

/* Whether text[0..n) holds a blank line. */
static bool has_blank_line(const char *text, size_t n)
{
	for (size_t pos = 0; pos < n;) {
		size_t l;
		const char *r = next_line(text, n, &pos, &l);
		if (td_md_blank_line(r, l))
			return true;
	}
	return false;
}

void td_html_part_job(td_html_job *job, const char *pre, size_t len, const size_t *starts, size_t n, size_t k,
                      const td_html_job *prev)
{
	size_t b = starts[k], e = k + 1 < n ? starts[k + 1] : len;
	job->md = pre + b;
	job->len = e - b;
	job->head = NULL;
	job->head_len = 0;
	job->cut = (k + 1 < n && cut_inside(pre, starts[k + 1])) ? TD_CUT_MORE : 0;
	if (!cut_inside(pre, b))
		return;
	job->cut |= TD_CUT_CONT;
	if (pre[b] != '|')
		return; /* a list's items: the HTML of a piece needs nothing above it */
	if (prev && prev->head && (prev->cut & TD_CUT_CONT) && !has_blank_line(prev->md, prev->len)) {
		job->head = prev->head; /* the part before continues the same table */
		job->head_len = prev->head_len;
		return;
	}
	size_t h = b; /* back to the blank line before the table */
	while (h > 0) {
		size_t ls = h - 1; /* pre[h - 1] ends the line before h */
		while (ls > 0 && pre[ls - 1] != '\n')
			ls--;
		if (td_md_blank_line(pre + ls, h - 1 - ls))
			break;
		h = ls;
	}
	size_t pos = h, l;
	next_line(pre, len, &pos, &l);
	next_line(pre, len, &pos, &l);
	job->head = pre + h;
	job->head_len = pos - h;
}

/* The row's number: the digits its first cell holds alone ("| 12 |"),
 * at *at, *n long; false for a row whose first cell is anything else. */
static bool row_number(const char *r, size_t l, size_t *at, size_t *n)
{
	size_t i = 1;
	if (!l || r[0] != '|')
		return false;
	while (i < l && r[i] == ' ')
		i++;
	size_t d = i;
	while (i < l && r[i] >= '0' && r[i] <= '9')
		i++;
	if (i == d || i - d > 18)
		return false;
	*at = d;
	*n = i - d;
	while (i < l && r[i] == ' ')
		i++;
	return i < l && r[i] == '|';
}

bool td_html_numbered_rows(const char *md, size_t len)
{
	size_t rows = 0;
	for (size_t pos = 0; pos < len;) {
		size_t l, at, n;
		const char *r = next_line(md, len, &pos, &l);
		if (!row_number(r, l, &at, &n))
			return false;
		rows++;
	}
	return rows > 0;
}

bool td_html_renumber(td_buf *body, const char *md, size_t len)
{
	/* cmark-gfm writes each row "<tr>\n<td>N</td>" (or <td align=...>) */
	td_buf out = TD_BUF_INIT;
	const char *h = body->ptr ? body->ptr : "", *e = h + body->len;
	size_t pos = 0;
	bool ok = true;
	while (ok && pos < len) {
		size_t l, at, n;
		const char *r = next_line(md, len, &pos, &l);
		const char *tr = memmem(h, (size_t)(e - h), "<tr>\n<td", 8);
		const char *gt = tr ? memchr(tr + 8, '>', (size_t)(e - tr - 8)) : NULL;
		ok = row_number(r, l, &at, &n) && gt;
		if (!ok)
			break;
		const char *d = gt + 1, *de = d;
		while (de < e && *de >= '0' && *de <= '9')
			de++;
		ok = de > d && (size_t)(e - de) >= 5 && !memcmp(de, "</td>", 5);
		if (!ok)
			break;
		td_buf_put(&out, h, (size_t)(d - h));
		td_buf_put(&out, r + at, n);
		h = de;
	}
	/* every row renumbered, and no row left over */
	ok = ok && !memmem(h, (size_t)(e - h), "<tr>", 4);
	if (ok) {
		td_buf_put(&out, h, (size_t)(e - h));
		td_buf_free(body);
		*body = out;
	} else {
		td_buf_free(&out);
	}
	return ok;
}

void td_html_part_key(td_buf *key, const td_html_job *job)
{
	td_buf_printf(key, "cut %u\n", job->cut);
	td_part_put(key, job->head, job->head_len);
	if ((job->cut & TD_CUT_CONT) && job->head && td_html_numbered_rows(job->md, job->len)) {
		/* a table's rows numbered in their first cell: without the
		 * numbers (td_html_renumber writes them into the HTML found) */
		td_buf_puts(key, "numbered\n");
		for (size_t pos = 0; pos < job->len;) {
			size_t q = pos, l, at = 0, n = 0;
			const char *r = next_line(job->md, job->len, &q, &l);
			row_number(r, l, &at, &n);
			td_buf_put(key, r, at);
			td_buf_put(key, r + at + n, q - pos - at - n);
			pos = q;
		}
		return;
	}
	if (!(job->cut & TD_CUT_CONT) || job->head || !job->len || job->md[0] < '0' || job->md[0] > '9') {
		td_buf_put(key, job->md, job->len);
		return;
	}
	for (size_t pos = 0; pos < job->len;) { /* an ordered list's items, without their numbers */
		size_t q = pos, l, t = 0;
		char kind = 0;
		const char *r = next_line(job->md, job->len, &q, &l);
		if (item_line(r, l, &kind, &t) && (kind == '.' || kind == ')')) {
			td_buf_putc(key, kind);
			td_buf_put(key, r + t, q - pos - t);
		} else {
			td_buf_put(key, r, q - pos);
		}
		pos = q;
	}
}

/* The HTML of a piece of a table or list without what is not its own:
 * the opening (up to and with <tbody>, or the <ol>/<ul> line) when it
 * continues one, the closing when it is continued. HTML that does not
 * open or close so: the cut is no cut (bad_start, open_end). */
static void trim_cut(td_html_part *out, unsigned cut)
{
	td_buf *b = &out->body;
	if (cut & TD_CUT_MORE) {
		static const char *const ends[] = {"</tbody>\n</table>\n", "</ol>\n", "</ul>\n"};
		bool done = false;
		for (size_t i = 0; i < TD_ARRAY_LEN(ends) && !done; i++) {
			size_t el = strlen(ends[i]);
			if (b->len >= el && !memcmp(b->ptr + b->len - el, ends[i], el)) {
				b->len -= el;
				b->ptr[b->len] = '\0';
				done = true;
			}
		}
		if (!done)
			out->open_end = true;
	}
	if (cut & TD_CUT_CONT) {
		const char *s = b->ptr ? b->ptr : "";
		size_t skip = 0;
		if (!strncmp(s, "<table>\n<thead>\n", 16)) {
			const char *t = strstr(s, "</thead>\n<tbody>\n");
			if (t)
				skip = (size_t)(t - s) + 17;
		} else if (!strncmp(s, "<ol>\n", 5) || !strncmp(s, "<ul>\n", 5) ||
		           !strncmp(s, "<ol start=\"", 11)) {
			const char *nl = strchr(s, '\n'); /* a piece numbered from where it starts */
			skip = nl ? (size_t)(nl - s) + 1 : 0;
		}
		if (skip) {
			memmove(b->ptr, b->ptr + skip, b->len - skip + 1);
			b->len -= skip;
		} else {
			out->bad_start = true;
		}
	}
}

/* Whether "]:" is in s[0..n): ':' is the rarer byte of a page's two
 * (every link has a ']'), so it is the one looked for. */
static bool has_ref_mark(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; p < e;) {
		const char *c = memchr(p, ':', (size_t)(e - p));
		if (!c)
			return false;
		if (c > s && c[-1] == ']')
			return true;
		p = c + 1;
	}
	return false;
}

size_t td_html_sections(const char *pre, size_t len, size_t **starts)
{
	size_t n = 0, cap = 0;
	td_grow((void **)starts, &cap, 1, sizeof **starts);
	(*starts)[n++] = 0;
	/* a link reference definition ("[x]: url") counts on the whole page;
	 * TD_HTML_MARK in the text would be read as a heading's id */
	if (!len || has_ref_mark(pre, len) || memchr(pre, TD_HTML_MARK, len))
		return n;
	char fence = 0;
	size_t fence_len = 0;
	const char *html_end = NULL;
	bool prev_blank = false;
	for (size_t at = 0; at < len;) {
		const char *s = pre + at, *nl = memchr(s, '\n', len - at);
		size_t l = nl ? (size_t)(nl - s) : len - at;
		size_t block_end = 0;
		if (l && !fence && !html_end && (prev_blank || at == 0) &&
		    block_cuts(pre, len, at, starts, &n, &cap, &block_end)) {
			prev_blank = false; /* its last row */
			at = block_end;
			continue;
		}
		if (l && !fence && !html_end && !may_open((unsigned char)s[0])) {
			prev_blank = false;
			at += l + (nl ? 1 : 0);
			continue;
		}
		bool blank = td_md_blank_line(s, l);
		if (fence) {
			if (td_md_fence_close(s, l, fence, fence_len, false))
				fence = 0;
		} else if (html_end) {
			if (has_ci(s, l, html_end))
				html_end = NULL;
		} else if (prev_blank && at > 0 && atx_at_start(s, l)) {
			td_grow((void **)starts, &cap, n + 1, sizeof **starts);
			(*starts)[n++] = at;
		} else if (!td_md_fence_open(s, l, &fence, &fence_len)) {
			html_end = html_block_end(s, l);
			if (html_end && has_ci(s, l, html_end))
				html_end = NULL; /* begins and ends on this line */
		}
		prev_blank = blank;
		at += l + (nl ? 1 : 0);
	}
	return n;
}

size_t td_html_close_parts(td_html_part *parts, size_t *starts, size_t n, const char *pre, size_t len,
                           const char *path, td_link_style md_links, bool html_unsafe)
{
	for (size_t i = 0; i + 1 < n;) {
		if (!parts[i].open_end && !parts[i + 1].bad_start) {
			i++;
			continue;
		}
		/* the cut after part i was no cut: i and i + 1 are one part */
		td_html_part_free(&parts[i]);
		td_html_part_free(&parts[i + 1]);
		memmove(&parts[i + 1], &parts[i + 2], (n - i - 2) * sizeof *parts);
		memmove(&starts[i + 1], &starts[i + 2], (n - i - 2) * sizeof *starts);
		n--;
		td_html_job job = {.path = path};
		td_html_part_job(&job, pre, len, starts, n, i, NULL);
		render_job(&parts[i], &job, md_links, html_unsafe);
		if (parts[i].bad_start && i > 0)
			i--; /* the cut before it too */
	}
	if (n == 1 && parts[0].bad_start) /* cannot happen: the first part continues nothing */
		parts[0].bad_start = false;
	return n;
}

void td_html_assemble(td_html_page *out, const td_html_part *parts, size_t n)
{
	memset(out, 0, sizeof *out);
	size_t total = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		total += parts[i].nheads;
		bytes += parts[i].body.len;
	}
	out->toc = td_xcalloc(total ? total : 1, sizeof *out->toc);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < parts[i].nheads; k++) {
			const td_toc_entry *h = &parts[i].heads[k];
			out->toc[out->ntoc++] = (td_toc_entry){h->level, h->id ? td_xstrdup(h->id) : NULL, td_xstrdup(h->text)};
		}
	assign_ids(out->toc, out->ntoc);
	for (size_t i = 0; i < out->ntoc && !out->title; i++)
		if (out->toc[i].level == 1)
			out->title = td_xstrdup(out->toc[i].text);
	td_grow((void **)&out->body.ptr, &out->body.cap, bytes + 1, 1);
	size_t h = 0; /* the heading whose id the next mark stands for */
	bool second = false;
	for (size_t i = 0; i < n; i++) {
		const char *s = parts[i].body.ptr ? parts[i].body.ptr : "", *end = s + parts[i].body.len;
		if (parts[i].direct) { /* its ids are written: the whole page */
			td_buf_put(&out->body, s, parts[i].body.len);
			h += parts[i].nheads;
			continue;
		}
		for (const char *m; s < end && (m = memchr(s, TD_HTML_MARK, (size_t)(end - s)));) {
			td_buf_put(&out->body, s, (size_t)(m - s));
			if (h < out->ntoc)
				td_escape_html(&out->body, out->toc[h].id);
			h += second;
			second = !second;
			s = m + 1;
		}
		td_buf_put(&out->body, s, (size_t)(end - s));
	}
	td_buf_cstr(&out->body);
}

void td_html_render_page(td_html_page *out, const char *md, size_t len, const char *path, td_link_style md_links,
                         bool html_unsafe)
{
	td_buf pre = TD_BUF_INIT;
	td_md_admonitions(&pre, md, len);
	const char *text = pre.ptr ? pre.ptr : "";
	size_t *starts = NULL;
	size_t n = td_html_sections(text, pre.len, &starts);
	bool direct = memchr(text, TD_HTML_MARK, pre.len) != NULL;
	td_html_part *parts = td_xcalloc(n, sizeof *parts);
	td_html_pages_begin();
	td_html_job prev = {0};
	for (size_t i = 0; i < n; i++) {
		td_html_job job = {.path = path, .direct = direct};
		td_html_part_job(&job, text, pre.len, starts, n, i, i ? &prev : NULL);
		render_job(&parts[i], &job, md_links, html_unsafe);
		prev = job;
	}
	n = td_html_close_parts(parts, starts, n, text, pre.len, path, md_links, html_unsafe);
	td_html_pages_end();
	td_html_assemble(out, parts, n);
	for (size_t i = 0; i < n; i++)
		td_html_part_free(&parts[i]);
	free(parts);
	free(starts);
	td_buf_free(&pre);
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

