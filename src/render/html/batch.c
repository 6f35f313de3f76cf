/*
 * batch.c - many parts of pages through td_html_render_part, and a part
 * as bytes (the HTML cache's values and what the second process
 * hands back).
 *
 * The parts are shared with a second process (core/split.c says why a
 * process and not a thread), taken largest first by whichever process is
 * free; a batch whose parts but its largest are under SPLIT_MIN bytes
 * stays in one process (forking costs more than the second process could
 * take off: on a small site, or a rebuild of one big part). Every part goes through its bytes,
 * whoever rendered it, so both sides give the same part.
 */
#define _GNU_SOURCE /* qsort_r */
#include "render/html/html.h"

#include <stdlib.h>
#include <string.h>

/* bytes of Markdown for the second process to render before it pays (about
 * 5 ms of cmark-gfm; forking a build's process takes about 1 ms) */
#define SPLIT_MIN (128 * 1024)

/* ---- a part as bytes (the cache's values and the child's stream) ---- */

/* The part at *pos as a new string (NULL if it is not one). */
static char *get_part(const char *s, size_t n, size_t *pos)
{
	const char *p;
	size_t l;
	if (!td_part_get(s, n, pos, &p, &l))
		return NULL;
	return td_xstrndup(p, l);
}

void td_html_part_save(td_buf *b, const td_html_part *p)
{
	char flags[2] = {p->direct ? 'd' : '-', p->open_end ? 'o' : '-'};
	td_part_put(b, flags, 2);
	td_part_put(b, p->body.ptr, p->body.len);
	td_buf_put_line_num(b, p->nheads);
	for (size_t i = 0; i < p->nheads; i++) {
		td_buf_put_line_num(b, (size_t)(p->heads[i].level > 0 ? p->heads[i].level : 0));
		td_part_put(b, p->heads[i].id ? "i" : "-", 1);
		td_part_put(b, p->heads[i].id, p->heads[i].id ? strlen(p->heads[i].id) : 0);
		td_part_put(b, p->heads[i].text, strlen(p->heads[i].text));
	}
}

size_t td_html_part_load(td_html_part *p, const char *s, size_t n)
{
	memset(p, 0, sizeof *p);
	size_t pos = 0, len = 0, nh = 0;
	const char *flags = NULL, *body = NULL;
	bool ok = td_part_get(s, n, &pos, &flags, &len) && len == 2 && td_part_get(s, n, &pos, &body, &len);
	if (ok) {
		p->direct = flags[0] == 'd';
		p->open_end = flags[1] == 'o';
		td_grow((void **)&p->body.ptr, &p->body.cap, len + 1, 1);
		td_buf_put(&p->body, body, len);
		td_buf_cstr(&p->body);
		ok = td_num_get(s, n, &pos, &nh) && nh <= n;
	}
	if (ok && nh) {
		p->heads = td_xcalloc(nh, sizeof *p->heads);
		for (size_t i = 0; ok && i < nh; i++) {
			size_t lv = 0;
			char *has = NULL;
			ok = td_num_get(s, n, &pos, &lv) && lv >= 1 && lv <= 6 && (has = get_part(s, n, &pos));
			p->heads[i].level = (int)lv;
			char *id = ok ? get_part(s, n, &pos) : NULL;
			p->heads[i].text = id ? get_part(s, n, &pos) : NULL;
			if (has && has[0] == 'i')
				p->heads[i].id = id;
			else
				free(id);
			ok = p->heads[i].text != NULL && (!p->direct || p->heads[i].id);
			free(has);
			p->nheads = i + 1;
		}
	}
	if (!ok) {
		td_html_part_free(p);
		return 0;
	}
	return pos;
}

/* ---- many parts ---- */

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
	td_html_part *out;
	bool keep; /* the bytes are the caller's (saved): not freed once read */
} batch;

static bool render_one(void *ud, size_t i, td_buf *out)
{
	const batch *b = ud;
	td_html_part p;
	td_html_render_part(&p, &b->jobs[i], b->o->md_links, b->o->html_unsafe);
	td_html_part_save(out, &p);
	td_html_part_free(&p);
	return true;
}

/* A part's bytes read into its part as soon as they are made or handed
 * back, and let go (unless saved): the bytes of every part and every part
 * are not all held at once, nor the whole of what the second process
 * handed back (td_split_run gives those pages back as it reads them). */
static void part_done(void *ud, size_t i, td_buf *bytes)
{
	batch *b = ud;
	size_t used = td_html_part_load(&b->out[i], bytes->ptr ? bytes->ptr : "", bytes->len);
	if (used != bytes->len || !used) /* cannot happen: made just now, by this program */
		td_html_part_free(&b->out[i]);
	else if (!b->keep)
		td_buf_free(bytes);
}

void td_html_render_batch(td_html_part *out, td_buf *saved, const td_html_job *jobs, size_t n,
                          const td_html_batch_opts *o)
{
	size_t *order = td_xcalloc(n ? n : 1, sizeof *order), total = 0, largest = 0;
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		total += jobs[i].len;
		largest = jobs[i].len > largest ? jobs[i].len : largest;
	}
	qsort_r(order, n, sizeof *order, by_size_desc, (void *)jobs);
	td_buf *bytes = saved ? saved : td_xcalloc(n ? n : 1, sizeof *bytes);
	batch b = {jobs, o, out, saved != NULL};
	bool ok;
	td_html_pages_begin();
	memset(out, 0, n * sizeof *out);
	size_t second = td_split_run(n, order, o->processes > 1 && total - largest >= SPLIT_MIN, render_one,
	                             part_done, &b, bytes, &ok);
	for (size_t i = 0; i < n; i++) {
		if (!out[i].body.ptr) /* cannot happen: a part read back has a body */
			td_html_render_part(&out[i], &jobs[i], o->md_links, o->html_unsafe);
		if (!saved)
			td_buf_free(&bytes[i]);
	}
	td_html_pages_end();
	if (!saved)
		free(bytes);
	free(order);
	if (o->second)
		*o->second = second;
}
