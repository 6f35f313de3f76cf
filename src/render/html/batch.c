/*
 * batch.c - many pages through td_html_render_page, and a page as bytes
 * (the format of the HTML cache's values and of what the second process
 * hands back).
 *
 * The pages are shared with a second process (core/split.c says why a
 * process and not a thread), taken largest first by whichever process is
 * free; a batch under SPLIT_MIN bytes stays in one process (forking costs
 * more than it saves on a small site). Every page goes through its bytes,
 * whoever rendered it, so both sides give the same page.
 */
#define _GNU_SOURCE /* qsort_r */
#include "render/html/html.h"

#include <stdlib.h>
#include <string.h>

#define SPLIT_MIN (512 * 1024) /* bytes of Markdown to render before a second process pays */

/* ---- a page as bytes (the cache's values and the child's stream) ---- */

/* The part at *pos as a new string (NULL if it is not one). */
static char *get_part(const char *s, size_t n, size_t *pos)
{
	const char *p;
	size_t l;
	if (!td_part_get(s, n, pos, &p, &l))
		return NULL;
	return td_xstrndup(p, l);
}

void td_html_page_save(td_buf *b, const td_html_page *p)
{
	td_part_put(b, p->title ? "t" : "-", 1);
	td_part_put(b, p->title, p->title ? strlen(p->title) : 0);
	td_part_put(b, p->body.ptr, p->body.len);
	td_buf_printf(b, "%zu\n", p->ntoc);
	for (size_t i = 0; i < p->ntoc; i++) {
		td_buf_printf(b, "%d\n", p->toc[i].level);
		td_part_put(b, p->toc[i].id, strlen(p->toc[i].id));
		td_part_put(b, p->toc[i].text, strlen(p->toc[i].text));
	}
}

size_t td_html_page_load(td_html_page *p, const char *s, size_t n)
{
	memset(p, 0, sizeof *p);
	size_t pos = 0, len = 0;
	const char *body = NULL; /* copied once, into p->body */
	char *has = get_part(s, n, &pos), *title = get_part(s, n, &pos);
	bool ok = has && title && td_part_get(s, n, &pos, &body, &len);
	if (ok) {
		p->title = has[0] == 't' ? title : NULL;
		if (!p->title)
			free(title);
		td_grow((void **)&p->body.ptr, &p->body.cap, len + 1, 1);
		td_buf_put(&p->body, body, len);
		td_buf_cstr(&p->body);
		size_t nt = 0;
		ok = td_num_get(s, n, &pos, &nt) && nt <= n;
		if (ok && nt) {
			p->toc = td_xcalloc(nt, sizeof *p->toc);
			for (size_t i = 0; ok && i < nt; i++) {
				size_t lv = 0;
				ok = td_num_get(s, n, &pos, &lv) && lv >= 1 && lv <= 6;
				p->toc[i].level = (int)lv;
				p->toc[i].id = ok ? get_part(s, n, &pos) : NULL;
				p->toc[i].text = p->toc[i].id ? get_part(s, n, &pos) : NULL;
				ok = p->toc[i].text != NULL;
				p->ntoc = i + 1;
			}
		}
	} else {
		free(title);
	}
	free(has);
	if (!ok) {
		td_html_page_free(p); /* frees what was read; NULLs are fine */
		return 0;
	}
	return pos;
}

/* ---- many pages ---- */

static int by_size_desc(const void *a, const void *b, void *ud)
{
	const td_html_job *j = ud;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (j[x].len != j[y].len)
		return j[x].len > j[y].len ? -1 : 1;
	return x < y ? -1 : x > y;
}

typedef struct batch {
	const td_html_job *jobs;
	const td_html_batch_opts *o;
} batch;

static bool render_one(void *ud, size_t i, td_buf *out)
{
	const batch *b = ud;
	td_html_page p;
	td_html_render_page(&p, b->jobs[i].md, b->jobs[i].len, b->jobs[i].path, b->o->md_links, b->o->html_unsafe);
	td_html_page_save(out, &p);
	td_html_page_free(&p);
	return true;
}

void td_html_render_batch(td_html_page *out, td_buf *saved, const td_html_job *jobs, size_t n,
                          const td_html_batch_opts *o)
{
	size_t *order = td_xcalloc(n ? n : 1, sizeof *order), total = 0;
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		total += jobs[i].len;
	}
	qsort_r(order, n, sizeof *order, by_size_desc, (void *)jobs);
	td_buf *bytes = saved ? saved : td_xcalloc(n ? n : 1, sizeof *bytes);
	batch b = {jobs, o};
	bool ok;
	td_html_pages_begin();
	size_t second = td_split_run(n, order, o->processes > 1 && total >= SPLIT_MIN, render_one, NULL, &b, bytes, &ok);
	td_html_pages_end();
	for (size_t i = 0; i < n; i++) {
		size_t used = td_html_page_load(&out[i], bytes[i].ptr ? bytes[i].ptr : "", bytes[i].len);
		if (used != bytes[i].len || !used) { /* cannot happen: made just now, by this program */
			td_html_page_free(&out[i]);
			td_html_render_page(&out[i], jobs[i].md, jobs[i].len, jobs[i].path, o->md_links, o->html_unsafe);
		}
		if (!saved)
			td_buf_free(&bytes[i]);
	}
	if (!saved)
		free(bytes);
	free(order);
	if (o->second)
		*o->second = second;
}
