/* pages.c - the Markdown pages: one template per kind of page, the view
 * tree plus a `page` object as context, then task ids linked. */
#include "render/dialect.h"
#include "render/markdown/links.h"
#include "render/markdown/markdown.h"
#include "render/template/source.h"
#include "view/digest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A plan with fewer pages is rendered in one process: forking costs more
 * than it saves. */
#define SPLIT_PAGES 24

/* Every task id with its canonical url (both the view's): from the list
 * the view was made with, if there is one (10,000 objects looked up cost
 * 8 ms of a rebuild: their members are far apart in memory). */
static void link_targets(td_link_targets *t, json_t *view, const td_md_opts *o)
{
	size_t i;
	json_t *task;
	td_link_targets_init(t);
	if (o->task_fields) {
		td_link_targets_reserve(t, o->ntask_fields);
		for (i = 0; i < o->ntask_fields; i++) {
			const char *id = json_string_value(o->task_fields[i].id);
			const char *url = json_string_value(o->task_fields[i].url);
			if (id && url)
				td_link_targets_add(t, id, url);
		}
		return;
	}
	json_array_foreach(json_object_get(view, "tasks"), i, task)
	{
		const char *id = json_string_value(json_object_get(task, "id"));
		json_t *url = json_object_get(task, "url");
		if (id && url)
			td_link_targets_add(t, id,
			                    json_string_value(url)); /* a url that is no string: not linked */
	}
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
	td_digest global; /* what every page is made with besides its context (kept_begin) */
	td_digest_seeds *seeds; /* every task object's digest, as the view took it (NULL: none) */
} renderer;

static void renderer_init(renderer *r, json_t *view, const td_md_opts *o, td_diags *diags)
{
	*r = (renderer){.view = view,
	                .o = o,
	                .dopts = {o->html_unsafe},
	                .pc = {o->overrides, ".md.tmpl", TD_BUF_INIT},
	                .diags = diags};
	link_targets(&r->targets, view, o);
	td_dialect_markdown(&r->dialect, &r->dopts);
	if (o->task_fields && o->cache) {
		r->seeds = td_digest_seeds_new(o->ntask_fields);
		for (size_t i = 0; i < o->ntask_fields; i++)
			if (o->task_fields[i].object && o->task_fields[i].digested)
				td_digest_seeds_add(r->seeds, o->task_fields[i].object,
				                    o->task_fields[i].digest, o->task_fields[i].values);
	}
}

static void renderer_free(renderer *r)
{
	td_link_targets_free(&r->targets);
	td_digest_seeds_free(r->seeds);
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

/* The context of pg's template: the view (a shallow copy: it shares the
 * big arrays), the page object and the page's own object. */
static json_t *context_of(const renderer *r, const td_sitepage *pg)
{
	json_t *ctx = json_copy(r->view);
	json_object_set_new(ctx, "page", page_object(pg, r->o->links));
	if (pg->key)
		json_object_set(ctx, pg->key, pg->object);
	return ctx;
}

static bool seed_of_item(void *ud, const json_t *item, td_digest *d)
{
	return td_digest_seeds_get(ud, item, d);
}

/* Renders pg with ctx into out (cleared first), noting into reads and
 * looked (NULL: not) what it read of ctx and which words the id linker
 * looked up, and keeping iterations through memo (NULL: none). Returns 0
 * or -1 (diagnostics added). */
static int render_ctx(renderer *r, const td_sitepage *pg, json_t *ctx, td_buf *out, td_tmpl_reads *reads,
                      td_buf *looked, td_tmpl_memo *memo)
{
	td_template *t = template_of(r, pg->tmpl);
	if (!t)
		return -1;
	td_buf md = TD_BUF_INIT;
	int rc = td_template_render_memo(&md, t, ctx, td_tmpl_partial, &r->pc, r->diags, reads, memo);
	td_buf_clear(out);
	if (rc == 0)
		td_link_ids_noting(out, md.ptr ? md.ptr : "", md.len, pg->path, &r->targets, looked);
	td_buf_free(&md);
	return rc;
}

static int render(renderer *r, const td_sitepage *pg, td_buf *out)
{
	json_t *ctx = context_of(r, pg);
	int rc = render_ctx(r, pg, ctx, out, NULL, NULL, NULL);
	json_decref(ctx);
	return rc;
}

/* ---- pages kept from the build before (the cache's "markdown") ----
 * A template reads its context only through the look-ups the render notes
 * as patterns (td_tmpl_reads: where each went, down to the items of the
 * lists it walked), and the id linker the targets only through the words
 * it looks up (td_link_ids_noting), so a page is a function of the
 * templates, the options and the ids' lead bytes (renderer.global), its
 * path and template, the values at those patterns and the targets of
 * those words. The cache keeps, by the page's path, the patterns and
 * words of its last render, the digest of their values then
 * (td_digest_paths), the page and its SHA-256. A page whose patterns and
 * words have the same digest now is the same page: it is not rendered
 * again, and its bytes are handed on mapped from the cache, with their
 * SHA-256 as their key (no stage after reads or hashes them unless it
 * must). */
#define KEPT_NS "markdown"
#define KEPT_VERSION "taskdoc markdown page 6"
/* The values a page's digest walks at most (1-2 ms; the 10,000-task
 * plan's biggest workstream page, 210 kB, reads 22,000): a page that reads
 * more (the active page reads every task not done) changes with about any
 * task, so it is rendered every time, and its entry says so. */
#define KEPT_BUDGET 200000

typedef struct kept {
	const char *data; /* the entry, mapped (token) */
	size_t len;
	void *token;
	const char *global; /* 32 hex digits */
	const char *names;  /* each ending in '\n' */
	size_t names_len;
	const char *looked; /* the words the id linker looked up, each ending in '\n' */
	size_t looked_len;
	const char *digest; /* 32 hex digits, or NULL: rendered every time */
	const char *sha;    /* 64 hex digits */
	const char *memo;   /* a page rendered every time: its iterations (td_tmpl_memo), mapped */
	size_t memo_len;
	void *memo_token;
	const char *md;
	size_t md_len;
} kept;

static void kept_key(td_buf *key, const td_sitepage *pg)
{
	td_buf_puts(key, KEPT_VERSION "\n");
	td_buf_puts(key, pg->path);
}

/* The iterations of a page rendered every time are an entry of their own
 * ("iterations"), which the process that rendered the page stores: they
 * are as long as the page, and would otherwise go through the second
 * process's stream, then the page's record, twice more. */
#define ITER_NS "iterations"

static void iter_key(td_buf *key, const td_sitepage *pg)
{
	td_buf_puts(key, "taskdoc markdown iterations 1\n");
	td_buf_puts(key, pg->path);
}

static void hex_of(char *hex, const td_digest *d)
{
	static const char digits[] = "0123456789abcdef";
	uint64_t w[2] = {d->a, d->b};
	for (int i = 0; i < 32; i++)
		hex[i] = digits[(w[i / 16] >> (60 - 4 * (i % 16))) & 15];
	hex[32] = '\0';
}

/* The page's entry, mapped and read, or false (none, or damaged). */
static bool kept_read(kept *k, const td_kv *cache, const td_sitepage *pg)
{
	td_buf key = TD_BUF_INIT;
	kept_key(&key, pg);
	*k = (kept){0};
	bool found = cache->map(cache->ud, KEPT_NS, &key, &k->data, &k->len, &k->token);
	td_buf_free(&key);
	const char *v, *dg = NULL;
	size_t pos = 0, n, gn, dn = 0, sn;
	bool ok = found && td_part_get(k->data, k->len, &pos, &v, &n) && n == strlen(KEPT_VERSION) &&
	          !memcmp(v, KEPT_VERSION, n) && td_part_get(k->data, k->len, &pos, &k->global, &gn) &&
	          gn == 32 && td_part_get(k->data, k->len, &pos, &k->names, &k->names_len) &&
	          (!k->names_len || k->names[k->names_len - 1] == '\n') &&
	          td_part_get(k->data, k->len, &pos, &k->looked, &k->looked_len) &&
	          (!k->looked_len || k->looked[k->looked_len - 1] == '\n') &&
	          td_part_get(k->data, k->len, &pos, &dg, &dn) && (dn == 32 || dn == 0) &&
	          td_part_get(k->data, k->len, &pos, &k->sha, &sn) && sn == 64 &&
	          td_part_get(k->data, k->len, &pos, &k->md, &k->md_len) && pos == k->len;
	k->digest = ok && dn ? dg : NULL;
	if (found && !ok) {
		cache->unmap(cache->ud, k->token);
		*k = (kept){0};
	}
	if (ok && !k->digest) { /* rendered every time: its iterations */
		td_buf ik = TD_BUF_INIT;
		iter_key(&ik, pg);
		if (!cache->map(cache->ud, ITER_NS, &ik, &k->memo, &k->memo_len, &k->memo_token))
			k->memo = NULL, k->memo_len = 0, k->memo_token = NULL;
		td_buf_free(&ik);
	}
	return ok;
}

/* The names a render read of its context and the words its id linker
 * looked up, each list a line a word. */
typedef struct reads_of {
	const char *names;
	size_t names_len;
	const char *looked;
	size_t looked_len;
} reads_of;

/* The digest of what pg's render read, into hex: the values in ctx of
 * its names and the link targets now of its looked-up words; false when
 * the values hold more than KEPT_BUDGET values. */
static bool page_digest(const renderer *r, const td_sitepage *pg, json_t *ctx, const reads_of *ro,
                        char hex[33])
{
	const char *names = ro->names;
	size_t len = ro->names_len;
	td_digester *g = td_digester_new_seeded(r->seeds);
	td_digest d = r->global;
	td_digest_bytes(&d, pg->path, strlen(pg->path));
	td_digest_bytes(&d, pg->tmpl, strlen(pg->tmpl));
	size_t budget = KEPT_BUDGET, nrd = 0, cap = 0;
	td_digest_read *rd = NULL;
	bool ok = true;
	for (const char *s = names, *e = names + len; s < e && ok;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t l = (size_t)(nl - s);
		td_digest_bytes(&d, s, l);
		ok = l && (*s == '=' || *s == '#');
		td_grow((void **)&rd, &cap, nrd + 1, sizeof *rd);
		rd[nrd++] = (td_digest_read){s + 1, l ? l - 1 : 0, *s == '#'};
		s = nl + 1;
	}
	ok = ok && td_digest_paths(g, &d, ctx, rd, nrd, &budget);
	free(rd);
	td_digest_word(&d, 'W'); /* the words after the names */
	for (const char *s = ro->looked, *e = s + ro->looked_len; s < e && ok;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t n = (size_t)(nl - s);
		td_digest_bytes(&d, s, n);
		const td_link_target *t = td_link_target_of(&r->targets, s, n);
		const char *url = t ? t->url : NULL;
		td_digest_word(&d, url ? 'u' : 'n');
		if (url)
			td_digest_bytes(&d, url, strlen(url));
		s = nl + 1;
	}
	td_digester_free(g);
	hex_of(hex, &d);
	return ok;
}

/* What became of a page in td_split_run. */
typedef struct done {
	bool spooled; /* the page went into the spool, at off */
	size_t off, len;
	bool same;  /* its entry's page is this build's */
	td_buf rec; /* else what its entry is to say: names, words, digest, SHA-256 */
} done;

typedef struct split_ctx {
	renderer *r;
	const td_sitemap *map;
	const td_kv *cache; /* NULL: no page is kept */
	kept *entries;      /* by page */
	done *done;         /* by page */
} split_ctx;

/* A page too big to keep the last time is not walked again while the
 * templates and the options stay as they were: neither its values nor
 * the words its linker looks up (a 10k plan's active page: 23,000). */
static bool still_too_big(const renderer *r, const kept *k)
{
	char global[33];
	hex_of(global, &r->global);
	return k->data && !k->digest && !memcmp(k->global, global, 32);
}

/* What a rendered page's entry is to say (page_out), after its bytes in
 * out: the names it read, the words it looked up, their digest (empty:
 * too many values to keep it) and the page's SHA-256, then the length of
 * that and 'R'. Returns whether the digest was taken (false: the page is
 * rendered every time). */
static bool add_record(split_ctx *c, const td_sitepage *pg, const kept *k, json_t *ctx,
                       const td_tmpl_reads *reads, const td_buf *looked, const char *known, td_buf *out)
{
	size_t md_len = out->len;
	td_buf names = TD_BUF_INIT;
	for (size_t i = 0; i < reads->len; i++) {
		td_buf_puts(&names, reads->names[i]);
		td_buf_putc(&names, '\n');
	}
	char digest[33] = "", sha[65] = "";
	bool small = !reads->whole && !still_too_big(c->r, k);
	reads_of ro = {names.ptr ? names.ptr : "", names.len, looked->ptr ? looked->ptr : "", looked->len};
	/* the same reads and words as the entry's: the digest is the one
	 * taken of them before the render (known), not walked again */
	if (small && known && ro.names_len == k->names_len && ro.looked_len == k->looked_len &&
	    !memcmp(ro.names, k->names, ro.names_len) && !memcmp(ro.looked, k->looked, ro.looked_len))
		memcpy(digest, known, sizeof digest);
	else if (!small || !page_digest(c->r, pg, ctx, &ro, digest))
		digest[0] = '\0';
	td_sha256_hex(sha, out->ptr ? out->ptr : "", md_len);
	td_part_put(out, ro.names, ro.names_len);
	td_part_put(out, digest[0] ? ro.looked : "", digest[0] ? ro.looked_len : 0);
	td_part_put(out, digest, strlen(digest));
	td_part_put(out, sha, strlen(sha));
	uint64_t n = out->len - md_len;
	td_buf_put(out, (const char *)&n, sizeof n);
	td_buf_putc(out, 'R');
	td_buf_free(&names);
	return digest[0] != '\0';
}

/* One page for td_split_run: 'K' when its kept page is still right, else
 * the page (and, with a cache, its record): false when it added any
 * diagnostic, so that the calling process renders it again and keeps what
 * it says. */
static bool render_one(void *ud, size_t i, td_buf *out)
{
	split_ctx *c = ud;
	if (i == c->map->npages) { /* the extra piece */
		c->r->o->extra(c->r->o->extra_ud, out);
		return true;
	}
	const td_sitepage *pg = &c->map->pages[i];
	const kept *k = &c->entries[i];
	json_t *ctx = context_of(c->r, pg);
	char digest[33];
	reads_of ro = {k->names, k->names_len, k->looked, k->looked_len};
	bool digested = k->digest && page_digest(c->r, pg, ctx, &ro, digest);
	if (digested && !memcmp(digest, k->digest, 32)) {
		json_decref(ctx);
		td_buf_clear(out);
		td_buf_putc(out, 'K');
		return true;
	}
	size_t before = c->r->diags->len;
	td_tmpl_reads reads = {0};
	td_buf looked = TD_BUF_INIT, memo_out = TD_BUF_INIT;
	bool big = still_too_big(c->r, k);
	bool note_words = c->cache && !big;
	/* a page rendered every time reads nothing worth noting: it keeps
	 * the iterations of its lists instead (the active page's rows); a
	 * page of the whole plan not known to be one (a build from an empty
	 * cache) writes them too, in case it is */
	td_tmpl_memo memo = {.item = seed_of_item, .ud = c->r->seeds, .out = &memo_out};
	bool use_memo = c->cache && (big || (!pg->key && !k->data)) && c->r->seeds;
	if (use_memo) {
		memo.salt = c->r->global;
		td_digest_bytes(&memo.salt, pg->path, strlen(pg->path));
		td_digest_bytes(&memo.salt, pg->tmpl, strlen(pg->tmpl));
		memo.old = k->memo;
		memo.old_len = k->memo_len;
	}
	bool ok = render_ctx(c->r, pg, ctx, out, c->cache && !big ? &reads : NULL,
	                     note_words ? &looked : NULL, use_memo ? &memo : NULL) == 0 &&
	          c->r->diags->len == before;
	if (big)
		reads.whole = true; /* its digest is not taken */
	if (ok && c->cache) {
		/* a page not digested keeps its iterations for the next render
		 * (c->cache is read-only under --check: nothing is stored) */
		if (!add_record(c, pg, k, ctx, &reads, &looked, digested ? digest : NULL, out) && use_memo) {
			td_buf ik = TD_BUF_INIT;
			iter_key(&ik, pg);
			c->cache->put(c->cache->ud, ITER_NS, &ik, &memo_out);
			td_buf_free(&ik);
		}
	} else {
		td_buf_putc(out, 'N');
	}
	td_tmpl_reads_free(&reads);
	td_buf_free(&looked);
	td_buf_free(&memo_out);
	json_decref(ctx);
	return ok;
}

/* A page is done: its record apart, then into the spool, if there is one
 * and it takes it. */
static void page_done(void *ud, size_t i, td_buf *out)
{
	split_ctx *c = ud;
	if (i == c->map->npages) { /* the extra piece's bytes, moved */
		td_buf_free(c->r->o->extra_out);
		*c->r->o->extra_out = *out;
		*out = (td_buf)TD_BUF_INIT;
		return;
	}
	done *d = &c->done[i];
	char tag = out->len ? out->ptr[--out->len] : 'N';
	if (tag == 'K') {
		d->same = true;
		td_buf_free(out);
		return;
	}
	if (tag == 'R') {
		uint64_t n;
		out->len -= sizeof n;
		memcpy(&n, out->ptr + out->len, sizeof n);
		out->len -= (size_t)n;
		td_buf_put(&d->rec, out->ptr + out->len, (size_t)n);
	}
	if (out->ptr)
		out->ptr[out->len] = '\0';
	if (c->r->o->spool && td_spool_put(c->r->o->spool, out->ptr, out->len, &d->off)) {
		d->spooled = true;
		d->len = out->len;
		td_buf_free(out);
	}
}

/* What every page of this build is made with besides its context and its
 * linked words: the program, the templates, the options and which words
 * the id linker looks up at all. */
static void kept_global(renderer *r)
{
	td_digest d = TD_DIGEST_INIT;
	td_digest_bytes(&d, KEPT_VERSION, strlen(KEPT_VERSION));
	td_digest_bytes(&d, td_build_id(), strlen(td_build_id()));
	td_digest_word(&d, (uint64_t)r->o->links);
	td_digest_word(&d, r->o->html_unsafe);
	const td_tmpl_set *ts = r->o->overrides;
	for (size_t i = 0; ts && i < ts->len; i++) {
		td_digest_bytes(&d, ts->items[i].name, strlen(ts->items[i].name));
		td_digest_bytes(&d, ts->items[i].text, strlen(ts->items[i].text));
	}
	/* which words the linker looks up at all: a page's own look-ups are
	 * in its digest, with what each finds */
	td_digest_bytes(&d, (const char *)r->targets.lead, sizeof r->targets.lead);
	r->global = d;
}

/* Page i into out once rendered or kept, and its entry stored for the
 * next build (a kept page's entry is kept as it is). */
static void page_out(td_outset *out, split_ctx *c, size_t i, td_buf *page)
{
	const td_sitepage *pg = &c->map->pages[i];
	const td_md_opts *o = c->r->o;
	done *d = &c->done[i];
	kept *k = &c->entries[i];
	if (d->same) {
		td_outset_add_mapped(out, pg->path, k->md, k->md_len, c->cache->unmap, c->cache->ud,
		                     k->token);
		k->token = NULL;
		char sha[65];
		memcpy(sha, k->sha, 64);
		sha[64] = '\0';
		td_outset_key_last(out, sha);
		return;
	}
	/* what its entry is to say, stored by td_markdown_keep once the page's
	 * bytes may be read: here they would be brought into memory with the
	 * view (at 100,000 tasks, 44 MB more at the build's peak) */
	const char *names, *looked, *digest, *sha;
	size_t pos = 0, nn, ln, dn, sn;
	char h[65] = "";
	if (c->cache && o->keep && td_part_get(d->rec.ptr, d->rec.len, &pos, &names, &nn) &&
	    td_part_get(d->rec.ptr, d->rec.len, &pos, &looked, &ln) &&
	    td_part_get(d->rec.ptr, d->rec.len, &pos, &digest, &dn) &&
	    td_part_get(d->rec.ptr, d->rec.len, &pos, &sha, &sn) && sn == 64) {
		memcpy(h, sha, 64);
		h[64] = '\0';
		char global[33];
		hex_of(global, &c->r->global);
		td_part_put(o->keep, pg->path, strlen(pg->path));
		td_part_put(o->keep, global, 32);
		td_part_put(o->keep, names, nn);
		td_part_put(o->keep, looked, ln);
		td_part_put(o->keep, digest, dn);
		td_part_put(o->keep, sha, sn);
		if (!dn) { /* its iterations, which the process that rendered it stored, are still wanted */
			td_buf ik = TD_BUF_INIT;
			iter_key(&ik, pg);
			c->cache->keep(c->cache->ud, ITER_NS, &ik);
			td_buf_free(&ik);
		}
	}
	if (d->spooled)
		td_outset_add_spooled(out, pg->path, o->spool, d->off, d->len);
	else
		td_outset_add_buf(out, pg->path, page);
	if (h[0])
		td_outset_key_last(out, h); /* the page's SHA-256: the HTML stage's key */
}

void td_markdown_keep(td_buf *keep, const td_outset *md, const td_kv *cache)
{
	const char *p[6];
	size_t n[6], pos = 0;
	td_buf path = TD_BUF_INIT, key = TD_BUF_INIT, val = TD_BUF_INIT;
	for (bool more = true; more && pos < keep->len;) {
		for (int i = 0; i < 6 && more; i++)
			more = td_part_get(keep->ptr, keep->len, &pos, &p[i], &n[i]);
		if (!more)
			break;
		td_buf_clear(&path);
		td_buf_put(&path, p[0], n[0]);
		const td_outfile *f = td_outset_find(md, td_buf_cstr(&path));
		if (!f || (n[4] && !f->data && f->len))
			continue;
		td_buf_clear(&key);
		td_buf_clear(&val);
		td_buf_puts(&key, KEPT_VERSION "\n");
		td_buf_put(&key, p[0], n[0]);
		/* grown once: a page is megabytes */
		td_buf_room(&val, n[2] + n[3] + (n[4] ? f->len : 0) + 256);
		td_part_put(&val, KEPT_VERSION, strlen(KEPT_VERSION));
		for (int i = 1; i < 6; i++)
			td_part_put(&val, p[i], n[i]);
		td_part_put(&val, n[4] && f->data ? f->data : "",
		            n[4] ? f->len : 0); /* the page, if it is kept */
		cache->put(cache->ud, KEPT_NS, &key, &val);
	}
	td_buf_free(&path);
	td_buf_free(&key);
	td_buf_free(&val);
	td_buf_free(keep);
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
	split_ctx c = {&r, map, o->cache && o->cache->map ? o->cache : NULL,
	               td_xcalloc(map->npages + 1, sizeof *c.entries),
	               td_xcalloc(map->npages + 1, sizeof *c.done)};
	if (c.cache) {
		kept_global(&r);
		for (size_t i = 0; i < map->npages; i++)
			kept_read(&c.entries[i], c.cache, &map->pages[i]);
	}
	bool ok = true;
	size_t before = diags->len;
	td_split_run(n, order, o->processes > 1 && map->npages >= SPLIT_PAGES, render_one, page_done, &c,
	             pages, &ok);
	int rc = ok && diags->len == before ? 0 : -1;
	td_buf_free(&pages[map->npages]); /* the extra piece's: taken by page_done */
	for (size_t i = 0; i < map->npages; i++) {
		if (rc == 0)
			page_out(out, &c, i, &pages[i]);
		td_buf_free(&pages[i]);
		td_buf_free(&c.done[i].rec);
		if (c.entries[i].token)
			c.cache->unmap(c.cache->ud, c.entries[i].token);
		if (c.entries[i].memo_token)
			c.cache->unmap(c.cache->ud, c.entries[i].memo_token);
		if (rc == 0 && c.done[i].same && o->kept_pages)
			++*o->kept_pages;
	}
	free(c.entries);
	free(c.done);
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
