/*
 * import_md.c - hand-kept Markdown task pages into a plan (taskdoc import).
 *
 * Each page goes through cmark-gfm (tables, strikethrough, task lists) and
 * its top-level blocks are read in order, with a context: the workstream
 * ("## Workstream N: Title"), the phase ("### Phase N: ...", "Category N",
 * or any heading over a task table), the task a heading or a bold paragraph
 * names ("### Next Task: CLOUD-2.2 ..."), a "Completed" section, or a free
 * section. Bold labels ("**Objective:**", "**Validation:**") say what the
 * next text or block is. Whatever is not mapped to a field is kept as
 * Markdown where it stood (free section, summary, objective, task notes)
 * and named by a note; figures taskdoc computes (percentages, counts,
 * "Last Updated") are named by a note and left out.
 */
#include "load/import.h"
#include "load/load.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- small builders ---- */

typedef struct slist {
	td_str *items;
	size_t len, cap;
} slist;

typedef struct clist {
	td_criterion *items;
	size_t len, cap;
} clist;

typedef struct dep {
	const char *text; /* as written, cleaned */
	const char *phase_key; /* "3a" for "Phase 3a", or NULL */
	int kind;             /* 0 id, 1 phase/category, 2 free text */
	td_loc loc;
} dep;

typedef struct itask {
	td_task *t;
	struct iws *ws;
	td_buf notes;
	bool has_status;
	bool has_title;
	td_loc first; /* where it was first met */
	dep *deps;
	size_t ndeps, depcap;
	slist blockers, validation, deliverables;
} itask;

typedef struct iphase {
	td_phase *ph;
	const char *key; /* "3a" of "Phase 3a", "1" of "Category 1", or NULL */
	bool category;
	td_task **tasks;
	size_t ntasks, cap;
	td_buf objective;
	int default_status; /* -1: todo */
	slist outcome, validation;
	clist criteria;
} iphase;

typedef struct iws {
	td_workstream *ws;
	int number; /* N of "Workstream N", 0 */
	td_buf summary;
	iphase **phases;
	size_t nphases, cap;
	clist criteria;
	iphase *loose; /* "Tasks": tasks met outside any phase */
} iws;

typedef struct isection {
	const char *title;
	td_loc loc;
	td_buf body;
	bool summary; /* "Overview": the project's summary */
} isection;

struct td_import {
	td_plan *plan;
	const char *name;
	const char *title;
	td_buf summary;
	iws **ws;
	size_t nws, wscap;
	itask **tasks;
	size_t ntasks, taskcap;
	td_risk *risks;
	size_t nrisks, riskcap;
	isection **sections;
	size_t nsections, seccap;
	bool finished;
};

static void slist_add(td_arena *a, slist *l, const char *s, td_loc loc)
{
	td_grow((void **)&l->items, &l->cap, l->len + 1, sizeof *l->items);
	l->items[l->len].s = td_arena_strdup(a, s);
	l->items[l->len].loc = loc;
	l->len++;
}

static void slist_to(td_arena *a, const slist *l, td_strlist *out)
{
	out->len = l->len;
	out->items = td_arena_alloc(a, (l->len ? l->len : 1) * sizeof *out->items);
	if (l->len)
		memcpy(out->items, l->items, l->len * sizeof *l->items);
}

static void crit_add(td_arena *a, clist *l, const char *title, bool done, td_loc loc)
{
	td_grow((void **)&l->items, &l->cap, l->len + 1, sizeof *l->items);
	td_criterion *c = &l->items[l->len++];
	memset(c, 0, sizeof *c);
	c->title = td_arena_strdup(a, title);
	c->done = done;
	c->loc = loc;
}

static void clist_to(td_arena *a, const clist *l, td_criteria *out)
{
	out->len = l->len;
	out->items = td_arena_alloc(a, (l->len ? l->len : 1) * sizeof *out->items);
	if (l->len)
		memcpy(out->items, l->items, l->len * sizeof *l->items);
}

/* ---- text helpers ---- */

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* Does s contain word w (case-insensitive, not inside a longer word)? */
static bool has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = s; *p; p++) {
		if (p > s && isalnum((unsigned char)p[-1]))
			continue;
		size_t i = 0;
		while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)w[i]))
			i++;
		if (i == n && !isalnum((unsigned char)p[n]))
			return true;
	}
	return false;
}

static bool starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)w[i]))
			return false;
	return !isalnum((unsigned char)s[n]);
}

/* Decodes the UTF-8 character at p; its length in *len (1 for a bad byte). */
static unsigned utf8_at(const char *p, size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
		*len = 2;
		return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	}
	if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*len = 3;
		return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	}
	if ((u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 && (u[3] & 0xC0) == 0x80) {
		*len = 4;
		return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
	}
	*len = 1;
	return 0xFFFD;
}

/* Status glyphs and emoji: decoration, not words. */
static bool is_glyph(unsigned c)
{
	return (c >= 0x2300 && c <= 0x23FF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF) ||
	       c >= 0x1F000 || c == 0xFE0F || c == 0x200D || c == 0x2705;
}

/* s without glyphs, '*' and '_' emphasis marks left in plain text, blanks
 * collapsed and trimmed (arena copy). */
static char *clean(td_arena *a, const char *s)
{
	td_buf b = TD_BUF_INIT;
	bool space = false;
	for (const char *p = s; *p;) {
		size_t n;
		unsigned c = utf8_at(p, &n);
		if (is_glyph(c)) {
			p += n;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == 0xA0) {
			space = b.len > 0;
			p += n;
			continue;
		}
		if (space)
			td_buf_putc(&b, ' ');
		space = false;
		td_buf_put(&b, p, n);
		p += n;
	}
	char *r = td_arena_strdup(a, td_buf_cstr(&b));
	td_buf_free(&b);
	return r;
}

/* Lower-case slug: letters and digits, '-' between words. */
static char *slug(td_arena *a, const char *s, size_t max_words)
{
	td_buf b = TD_BUF_INIT;
	size_t words = 0;
	bool dash = false;
	for (const char *p = s; *p && words < max_words; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c)) {
			if (dash && b.len)
				td_buf_putc(&b, '-');
			dash = false;
			td_buf_putc(&b, (char)tolower(c));
			if (!isalnum((unsigned char)p[1]))
				words++;
		} else if (c == '.' && b.len && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])) {
			td_buf_putc(&b, '.');
		} else {
			dash = true;
		}
	}
	char *r = td_arena_strdup(a, b.len ? td_buf_cstr(&b) : "x");
	td_buf_free(&b);
	return r;
}

/* A task id at p ("TASK-028.1", "CLOUD-2.1"): its length, or 0. */
static size_t task_id_at(const char *s, const char *p)
{
	if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '.'))
		return 0;
	const char *q = p;
	if (!isupper((unsigned char)*q))
		return 0;
	while (isupper((unsigned char)*q) || isdigit((unsigned char)*q))
		q++;
	if (*q != '-' || !isdigit((unsigned char)q[1]))
		return 0;
	q++;
	while (isdigit((unsigned char)*q))
		q++;
	while (*q == '.' && isalnum((unsigned char)q[1])) {
		q++;
		while (isalnum((unsigned char)*q))
			q++;
	}
	if (isalnum((unsigned char)*q) || *q == '_')
		return 0;
	if ((size_t)(q - p) > TD_ID_MAX)
		return 0; /* longer than the loader takes: text, not an id to write */
	return (size_t)(q - p);
}

/* The first task id in s: its start and length, or NULL. */
static const char *find_task_id(const char *s, size_t *n)
{
	for (const char *p = s; *p; p++)
		if ((*n = task_id_at(s, p)))
			return p;
	return NULL;
}

static bool valid_task_id(const char *s)
{
	if (!*s || !isalnum((unsigned char)*s) || strlen(s) > TD_ID_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return false;
	return true;
}

/* Dates as pages write them: 2025-10-29, Oct 29, 2025, October 29 2025,
 * 29 Oct 2025. The first one found in s. */
static bool find_date(const char *s, td_date *out)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec"};
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]))) {
			char buf[11];
			if (strlen(p) >= 10) {
				memcpy(buf, p, 10);
				buf[10] = '\0';
				if (!isdigit((unsigned char)p[10]) && td_date_parse(buf, out) == 0)
					return true;
			}
		}
		if (!isalpha((unsigned char)*p) || (p > s && isalpha((unsigned char)p[-1])))
			continue;
		for (int m = 0; m < 12; m++) {
			if (tolower((unsigned char)p[0]) != months[m][0] || tolower((unsigned char)p[1]) != months[m][1] ||
			    tolower((unsigned char)p[2]) != months[m][2])
				continue;
			const char *q = p + 3;
			while (isalpha((unsigned char)*q))
				q++;
			if (*q == '.')
				q++;
			int day = 0, year = 0;
			char *end;
			while (*q == ' ')
				q++;
			day = (int)strtol(q, &end, 10);
			if (end == q)
				break;
			q = end;
			if (*q == ',')
				q++;
			while (*q == ' ')
				q++;
			year = (int)strtol(q, &end, 10);
			if (end == q || year < 1900 || year > 2999)
				break;
			td_date d = td_date_from_ymd(year, m + 1, day);
			int yy, mm, dd;
			td_date_to_ymd(d, &yy, &mm, &dd);
			if (yy == year && mm == m + 1 && dd == day) {
				*out = d;
				return true;
			}
			break;
		}
	}
	return false;
}

/* ---- the import ---- */

td_import *td_import_new(const char *name)
{
	td_import *im = td_xcalloc(1, sizeof *im);
	im->plan = td_plan_new();
	if (name)
		im->name = td_arena_strdup(im->plan->arena, name);
	return im;
}

void td_import_free(td_import *im)
{
	if (!im)
		return;
	for (size_t i = 0; i < im->ntasks; i++) {
		itask *t = im->tasks[i];
		td_buf_free(&t->notes);
		free(t->deps);
		free(t->blockers.items);
		free(t->validation.items);
		free(t->deliverables.items);
		free(t);
	}
	free(im->tasks);
	for (size_t w = 0; w < im->nws; w++) {
		iws *ws = im->ws[w];
		for (size_t k = 0; k < ws->nphases; k++) {
			iphase *ph = ws->phases[k];
			free(ph->tasks);
			td_buf_free(&ph->objective);
			free(ph->outcome.items);
			free(ph->validation.items);
			free(ph->criteria.items);
			free(ph);
		}
		free(ws->phases);
		td_buf_free(&ws->summary);
		free(ws->criteria.items);
		free(ws);
	}
	free(im->ws);
	for (size_t i = 0; i < im->nsections; i++) {
		td_buf_free(&im->sections[i]->body);
		free(im->sections[i]);
	}
	free(im->sections);
	free(im->risks);
	td_buf_free(&im->summary);
	td_plan_free(im->plan);
	free(im);
}

/* A page being read. */
typedef struct page {
	td_import *im;
	td_arena *a;
	const char *file;
	const char *text;
	size_t len;
	size_t *line_at; /* byte offset of each line (1-based index) */
	int nlines;
	td_diags *diags;
	bool has_ws_headings;
	int ws_level;
	iws *ws;
	iphase *ph;
	int ph_level;
	itask *task;
	int task_level;
	bool done_ctx;
	isection *sec;
	int sec_level;
	bool metrics;  /* under "Success Metrics" */
	iws *crit_ws;  /* a metrics sub-heading naming a workstream */
	bool crit_here; /* a metrics sub-heading that names none: kept */
	const char *label; /* the last bold label that waits for its block */
	int label_line;
} page;

static void note(page *pg, int line, const char *fmt, ...) TD_PRINTF(3, 4);
static void note(page *pg, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_diag_addv(pg->diags, TD_SEV_NOTE, (td_loc){pg->file, line, 0}, fmt, ap);
	va_end(ap);
}

static void warn(page *pg, int line, const char *fmt, ...) TD_PRINTF(3, 4);
static void warn(page *pg, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_diag_addv(pg->diags, TD_SEV_WARNING, (td_loc){pg->file, line, 0}, fmt, ap);
	va_end(ap);
}

/* The source text of lines [from, to], as written. */
static void raw_lines(page *pg, td_buf *out, int from, int to)
{
	if (from < 1)
		from = 1;
	if (to > pg->nlines)
		to = pg->nlines;
	if (from > to)
		return;
	size_t s = pg->line_at[from], e = to < pg->nlines ? pg->line_at[to + 1] : pg->len;
	while (e > s && (pg->text[e - 1] == '\n' || pg->text[e - 1] == '\r'))
		e--;
	td_buf_put(out, pg->text + s, e - s);
}

/* The text of source line `line` (without its line break): *len bytes
 * from the return value. cmark counts a lone CR as a line break and the
 * page's line table does not, so cmark's line numbers may run past it:
 * such a line is empty. */
static const char *line_text(const page *pg, int line, size_t *len)
{
	if (line < 1 || line > pg->nlines) {
		*len = 0;
		return pg->text + pg->len;
	}
	size_t s = pg->line_at[line], e = line < pg->nlines ? pg->line_at[line + 1] : pg->len;
	*len = e - s;
	return pg->text + s;
}

/* Whether the len bytes at s hold U+23F3 (hourglass, "pending"). */
static bool has_hourglass(const char *s, size_t len)
{
	for (size_t i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "\xE2\x8F\xB3", 3) == 0)
			return true;
	return false;
}

/* Plain text of an inline tree: text and code, breaks as spaces. *struck
 * (may be NULL) tells whether any of it is struck through. */
static void plain(cmark_node *n, td_buf *out, bool *struck)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
			td_buf_puts(out, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			td_buf_putc(out, ' ');
		else {
			if (struck && !strcmp(cmark_node_get_type_string(c), "strikethrough"))
				*struck = true;
			plain(c, out, struck);
		}
	}
}

static char *plain_text(page *pg, cmark_node *n, bool *struck)
{
	td_buf b = TD_BUF_INIT;
	if (struck)
		*struck = false;
	plain(n, &b, struck);
	char *r = clean(pg->a, td_buf_cstr(&b));
	td_buf_free(&b);
	return r;
}

static int line_of(cmark_node *n)
{
	return cmark_node_get_start_line(n);
}

/* ---- model objects ---- */

/* id cut to leave room for a "-N" suffix within TD_ID_MAX bytes (ids
 * name files, and the loader refuses longer ones). */
static const char *short_id(td_arena *a, const char *id)
{
	size_t n = strlen(id), max = TD_ID_MAX - 8;
	if (n <= max)
		return id;
	while (max > 1 && id[max - 1] == '-')
		max--;
	return td_arena_strndup(a, id, max);
}

static const char *unique_id(page *pg, const char *base)
{
	base = short_id(pg->a, base);
	const char *id = base;
	for (int k = 2; td_plan_lookup(pg->im->plan, id, NULL); k++)
		id = td_arena_printf(pg->a, "%s-%d", base, k);
	return id;
}

static iws *new_ws(page *pg, const char *title, int number, int line)
{
	td_import *im = pg->im;
	td_arena *a = pg->a;
	iws *w = td_xcalloc(1, sizeof *w);
	td_workstream *ws = td_arena_alloc(a, sizeof *ws);
	w->ws = ws;
	w->number = number;
	ws->title = td_arena_strdup(a, title);
	ws->file = pg->file;
	ws->loc = (td_loc){pg->file, line, 1};
	/* the id: the first word of the title, more when it is taken */
	for (size_t words = 1;; words++) {
		const char *id = short_id(a, slug(a, title, words));
		if (!strcmp(id, "x"))
			id = td_arena_printf(a, "ws-%zu", im->nws + 1);
		td_node_ref r;
		if (!td_plan_lookup(im->plan, id, &r)) {
			ws->id = id;
			break;
		}
		if (words > 12) { /* "ID-N", made unique too: a phase may already be called that */
			ws->id = unique_id(pg, td_arena_printf(a, "%s-%zu", id, im->nws + 1));
			break;
		}
	}
	td_plan_add_id(im->plan, ws->id, ws->loc, TD_NODE_WORKSTREAM, ws);
	ws->order = (int)im->nws + 1;
	td_grow((void **)&im->ws, &im->wscap, im->nws + 1, sizeof *im->ws);
	im->ws[im->nws++] = w;
	return w;
}

static iphase *new_phase(page *pg, iws *w, const char *title, int line)
{
	td_arena *a = pg->a;
	iphase *p = td_xcalloc(1, sizeof *p);
	td_phase *ph = td_arena_alloc(a, sizeof *ph);
	p->ph = ph;
	p->default_status = -1;
	ph->workstream = w->ws;
	ph->title = td_arena_strdup(a, title);
	ph->loc = (td_loc){pg->file, line, 1};
	const char *base;
	if (starts_with_word(title, "phase") || starts_with_word(title, "category") || starts_with_word(title, "stage")) {
		const char *k = strchr(title, ' ');
		size_t n = 0;
		if (k) {
			k++;
			while (isalnum((unsigned char)k[n]) || k[n] == '.')
				n++;
		}
		p->category = starts_with_word(title, "category");
		if (n) {
			p->key = td_arena_strndup(a, k, n);
			base = td_arena_printf(a, "%s-%s-%s", w->ws->id,
			                       p->category ? "cat" : starts_with_word(title, "stage") ? "stage" : "phase",
			                       slug(a, p->key, 1));
		} else {
			base = td_arena_printf(a, "%s-%s", w->ws->id, slug(a, title, 4));
		}
	} else {
		base = td_arena_printf(a, "%s-%s", w->ws->id, slug(a, title, 4));
	}
	ph->id = unique_id(pg, base);
	td_plan_add_id(pg->im->plan, ph->id, ph->loc, TD_NODE_PHASE, ph);
	td_grow((void **)&w->phases, &w->cap, w->nphases + 1, sizeof *w->phases);
	w->phases[w->nphases++] = p;
	return p;
}

/* The workstream of the page when it has no "Workstream N" headings. */
static iws *page_ws(page *pg, int line)
{
	if (!pg->ws) {
		const char *title = pg->im->title ? pg->im->title : pg->file;
		const char *base = strrchr(pg->file, '/');
		base = base ? base + 1 : pg->file;
		if (pg->im->nws && pg->im->title) /* a second page: its own title came first */
			title = base;
		pg->ws = new_ws(pg, title, 0, line);
	}
	return pg->ws;
}

/* The phase tasks go to: the current one, or the workstream's "Tasks". */
static iphase *task_phase(page *pg, int line)
{
	if (pg->ph)
		return pg->ph;
	iws *w = pg->ws ? pg->ws : page_ws(pg, line);
	if (!w->loose)
		w->loose = new_phase(pg, w, "Tasks", line);
	return w->loose;
}

/* The task with id (created in phase ph when new). */
static itask *get_task(page *pg, const char *id, iphase *ph, int line)
{
	td_import *im = pg->im;
	td_node_ref r;
	if (td_plan_lookup(im->plan, id, &r)) {
		if (r.kind == TD_NODE_TASK)
			return im->tasks[((td_task *)r.ptr)->index];
		warn(pg, line, "'%s' is a task id here but names a %s elsewhere: the row is kept in notes", id,
		     td_node_kind_name(r.kind));
		return NULL;
	}
	itask *t = td_xcalloc(1, sizeof *t);
	td_task *task = td_arena_alloc(pg->a, sizeof *task);
	t->t = task;
	task->id = td_arena_strdup(pg->a, id);
	task->title = task->id;
	task->priority = TD_PRIO_NONE;
	task->done_on = task->added_on = TD_DATE_NONE;
	task->loc = (td_loc){pg->file, line, 1};
	task->phase = ph->ph;
	task->index = im->ntasks;
	t->first = task->loc;
	t->ws = NULL;
	for (size_t w = 0; w < im->nws; w++)
		if (im->ws[w]->ws == ph->ph->workstream)
			t->ws = im->ws[w];
	td_plan_add_id(im->plan, task->id, task->loc, TD_NODE_TASK, task);
	td_grow((void **)&im->tasks, &im->taskcap, im->ntasks + 1, sizeof *im->tasks);
	im->tasks[im->ntasks++] = t;
	td_grow((void **)&ph->tasks, &ph->cap, ph->ntasks + 1, sizeof *ph->tasks);
	ph->tasks[ph->ntasks++] = task;
	return t;
}

/* Field conflicts: the first value stays, the other is reported and kept in notes. */
static void conflict(page *pg, itask *t, int line, const char *field, const char *had, const char *now)
{
	warn(pg, line, "%s: %s '%s' here, '%s' at %s:%d: kept '%s' (the other is in the task's notes)", t->t->id,
	     field, now, had, t->first.file, t->first.line, had);
	td_buf_printf(&t->notes, "%sImport: %s:%d also says %s '%s'.", t->notes.len ? "\n\n" : "", pg->file, line,
	              field, now);
}

static void set_title(page *pg, itask *t, const char *title, int line)
{
	if (!*title)
		return;
	if (t->has_title && strcmp(t->t->title, title))
		conflict(pg, t, line, "title", t->t->title, title);
	else if (!t->has_title) {
		t->t->title = td_arena_strdup(pg->a, title);
		t->has_title = true;
	}
}

static void set_status(page *pg, itask *t, int st, int line)
{
	if (t->has_status && (int)t->t->status != st)
		conflict(pg, t, line, "status", td_status_name(t->t->status), td_status_name((td_status)st));
	else {
		t->t->status = (td_status)st;
		t->t->status_loc = (td_loc){pg->file, line, 0};
		t->has_status = true;
	}
}

static void set_priority(page *pg, itask *t, int pr, int line)
{
	if (t->t->priority != TD_PRIO_NONE && (int)t->t->priority != pr)
		conflict(pg, t, line, "priority", td_priority_name(t->t->priority), td_priority_name((td_priority)pr));
	else
		t->t->priority = (td_priority)pr;
}

static void set_estimate(page *pg, itask *t, const char *text, const td_estimate *e, int line)
{
	if (t->t->estimate.known && (t->t->estimate.lo != e->lo || t->t->estimate.hi != e->hi ||
	                             t->t->estimate.unit != e->unit))
		conflict(pg, t, line, "estimate", t->t->estimate.text, text);
	else if (!t->t->estimate.known) {
		t->t->estimate = *e;
		t->t->estimate.text = td_arena_strdup(pg->a, text);
	}
}

static void set_done_on(page *pg, itask *t, td_date d, int line)
{
	char a[11], b[11];
	if (t->t->done_on != TD_DATE_NONE && t->t->done_on != d) {
		td_date_format(t->t->done_on, a);
		td_date_format(d, b);
		conflict(pg, t, line, "done_on", a, b);
	} else {
		t->t->done_on = d;
	}
}

static void add_note(itask *t, const char *md)
{
	if (!*md)
		return;
	td_buf_printf(&t->notes, "%s%s", t->notes.len ? "\n\n" : "", md);
}

/* ---- reading cells ---- */

/* A status from words, glyphs and markup; -1 when none is said. */
static int status_of(const char *raw, bool struck)
{
	if (strstr(raw, "\xE2\x9C\x85") && (has_word(raw, "validation pending") || has_word(raw, "code complete")))
		return TD_STATUS_REVIEW;
	if (has_word(raw, "code complete") || has_word(raw, "validation pending") || has_word(raw, "in review") ||
	    has_word(raw, "review"))
		return TD_STATUS_REVIEW;
	if (has_word(raw, "deprecated") || has_word(raw, "dropped") || has_word(raw, "cancelled") ||
	    has_word(raw, "canceled") || has_word(raw, "obsolete") || strstr(raw, "\xE2\x9D\x8C"))
		return TD_STATUS_DROPPED;
	if (has_word(raw, "blocked") || has_word(raw, "blocking") || strstr(raw, "\xE2\x9A\xA0") ||
	    strstr(raw, "\xF0\x9F\x9A\xAB"))
		return TD_STATUS_BLOCKED;
	if (has_word(raw, "in progress") || has_word(raw, "in-progress") || has_word(raw, "active") ||
	    has_word(raw, "wip") || has_word(raw, "started") || strstr(raw, "\xF0\x9F\x94\x84") ||
	    strstr(raw, "\xF0\x9F\x9A\xA7"))
		return TD_STATUS_IN_PROGRESS;
	if (has_word(raw, "deferred") || has_word(raw, "postponed") || has_word(raw, "on hold"))
		return TD_STATUS_DEFERRED;
	if (has_word(raw, "complete") || has_word(raw, "completed") || has_word(raw, "done") ||
	    has_word(raw, "finished") || strstr(raw, "\xE2\x9C\x85") || strstr(raw, "\xE2\x9C\x94") ||
	    strstr(raw, "[x]"))
		return TD_STATUS_DONE;
	if (has_word(raw, "pending") || has_word(raw, "todo") || has_word(raw, "to do") || has_word(raw, "planned") ||
	    has_word(raw, "not started") || has_word(raw, "open") || strstr(raw, "\xE2\x8F\xB3") ||
	    strstr(raw, "\xE2\xAC\x9C") || strstr(raw, "[ ]"))
		return TD_STATUS_TODO;
	if (struck)
		return TD_STATUS_DONE;
	return -1;
}

/* A priority word anywhere in s ("🟢 Low Priority"); -1 when none. */
static int priority_in(const char *s)
{
	static const char *const w[] = {"critical", "high", "medium", "low", "p0", "p1", "p2", "p3"};
	for (size_t i = 0; i < TD_ARRAY_LEN(w); i++)
		if (has_word(s, w[i]))
			return td_priority_parse(w[i]);
	return -1;
}

/* An estimate in s as a whole, or in parentheses within it ("(~30 min)"). */
static bool estimate_in(page *pg, const char *s, td_estimate *e, const char **text)
{
	td_plan *p = pg->im->plan;
	if (td_estimate_parse(s, p->hours_per_day, p->days_per_week, e) == 0) {
		*text = s;
		return true;
	}
	for (const char *o = strchr(s, '('); o; o = strchr(o + 1, '(')) {
		const char *c = strchr(o, ')');
		if (!c)
			break;
		char *in = clean(pg->a, td_arena_strndup(pg->a, o + 1, (size_t)(c - o - 1)));
		if (td_estimate_parse(in, p->hours_per_day, p->days_per_week, e) == 0) {
			*text = in;
			return true;
		}
	}
	return false;
}

static bool is_none(const char *s)
{
	return !*s || ieq(s, "none") || ieq(s, "-") || ieq(s, "n/a") || ieq(s, "\xE2\x80\x94") || ieq(s, "tbd") ||
	       ieq(s, "no") || ieq(s, "nothing");
}

/* Words that say "finished" after a dependency: "Category 1 complete". */
static void strip_done_words(char *s)
{
	static const char *const tail[] = {" complete", " completed", " done", " finished", " ready", " deployed"};
	size_t n = strlen(s);
	for (size_t i = 0; i < TD_ARRAY_LEN(tail); i++) {
		size_t l = strlen(tail[i]);
		if (n > l && ieq(s + n - l, tail[i])) {
			s[n - l] = '\0';
			return;
		}
	}
}

static void add_dep(itask *t, const char *text, const char *key, int kind, td_loc loc)
{
	td_grow((void **)&t->deps, &t->depcap, t->ndeps + 1, sizeof *t->deps);
	t->deps[t->ndeps++] = (dep){text, key, kind, loc};
}

/* "TASK-046 ✅", "Phase 3a ✅", "None", "Category 1 complete", "Categories
 * 1-3 complete", "TASK-028.1, HPC operational". */
static void read_deps(page *pg, itask *t, const char *cell, int line)
{
	td_loc loc = {pg->file, line, 0};
	char *s = td_arena_strdup(pg->a, cell);
	for (char *part = s; part && *part;) {
		char *next = strpbrk(part, ",;");
		if (next)
			*next++ = '\0';
		char *c = clean(pg->a, part);
		/* "and", "&" also separate ids */
		size_t n;
		const char *id = find_task_id(c, &n);
		if (id) {
			for (const char *p = c; (id = find_task_id(p, &n)); p = id + n)
				add_dep(t, td_arena_strndup(pg->a, id, n), NULL, 0, loc);
		} else {
			const char *as_written = td_arena_strdup(pg->a, c);
			strip_done_words(c);
			if (is_none(c)) {
				/* nothing */
			} else if (starts_with_word(c, "phase") || starts_with_word(c, "category") ||
			           starts_with_word(c, "categories") || starts_with_word(c, "phases") ||
			           starts_with_word(c, "stage")) {
				const char *k = strchr(c, ' ');
				k = k ? k + 1 : "";
				int lo, hi;
				char dash;
				if (sscanf(k, "%d%c%d", &lo, &dash, &hi) == 3 && dash == '-' && lo <= hi && hi - lo < 50) {
					for (int i = lo; i <= hi; i++)
						add_dep(t, c, td_arena_printf(pg->a, "%d", i), 1, loc);
				} else {
					size_t kl = 0;
					while (isalnum((unsigned char)k[kl]) || k[kl] == '.')
						kl++;
					add_dep(t, c, td_arena_strndup(pg->a, k, kl), 1, loc);
				}
			} else {
				add_dep(t, as_written, NULL, 2, loc);
			}
		}
		part = next;
	}
}

/* ---- tables ---- */

enum col {
	C_OTHER, C_ID, C_TITLE, C_PRIORITY, C_ESTIMATE, C_STATUS, C_DEPS, C_BLOCKERS, C_OWNER, C_DONE_ON
};

static enum col column_kind(const char *h)
{
	static const struct {
		const char *w;
		enum col c;
	} names[] = {
	    {"task id", C_ID},         {"task", C_ID},           {"id", C_ID},
	    {"task-id", C_ID},         {"ticket", C_ID},         {"description", C_TITLE},
	    {"title", C_TITLE},        {"name", C_TITLE},        {"summary", C_TITLE},
	    {"task name", C_TITLE},    {"priority", C_PRIORITY}, {"prio", C_PRIORITY},
	    {"duration", C_ESTIMATE},  {"estimate", C_ESTIMATE}, {"effort", C_ESTIMATE},
	    {"time", C_ESTIMATE},      {"est", C_ESTIMATE},      {"estimated time", C_ESTIMATE},
	    {"status", C_STATUS},      {"state", C_STATUS},      {"dependencies", C_DEPS},
	    {"depends on", C_DEPS},    {"prerequisites", C_DEPS}, {"dependency", C_DEPS},
	    {"deps", C_DEPS},          {"blockers", C_BLOCKERS}, {"blocker", C_BLOCKERS},
	    {"blocked by", C_BLOCKERS}, {"owner", C_OWNER},       {"assignee", C_OWNER},
	    {"completed", C_DONE_ON},  {"done on", C_DONE_ON},   {"completed on", C_DONE_ON},
	    {"done", C_DONE_ON},       {"date completed", C_DONE_ON},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(names); i++)
		if (ieq(h, names[i].w))
			return names[i].c;
	return C_OTHER;
}

static bool is_row(cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);
	return !strcmp(t, "table_row") || !strcmp(t, "table_header");
}

/* Cells in a source line of a table row (unescaped '|' outside code). */
static int raw_cells(page *pg, int line)
{
	if (line < 1 || line > pg->nlines)
		return 0;
	const char *p = pg->text + pg->line_at[line];
	const char *e = line < pg->nlines ? pg->text + pg->line_at[line + 1] : pg->text + pg->len;
	while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		e--;
	while (p < e && *p == ' ')
		p++;
	int pipes = 0;
	bool code = false;
	for (const char *q = p; q < e; q++) {
		if (*q == '\\') {
			q++;
			continue;
		}
		if (*q == '`')
			code = !code;
		else if (*q == '|' && !code)
			pipes++;
	}
	int cells = pipes + 1;
	if (p < e && *p == '|')
		cells--;
	if (e > p && e[-1] == '|' && !(e - 1 > p && e[-2] == '\\'))
		cells--;
	return cells;
}

static void keep(page *pg, cmark_node *n, const char *what);

static bool is_risk_table(char **heads, int ncols)
{
	bool risk = false, level = false;
	for (int i = 0; i < ncols; i++) {
		if (has_word(heads[i], "risk"))
			risk = true;
		if (ieq(heads[i], "impact") || ieq(heads[i], "probability") || ieq(heads[i], "likelihood"))
			level = true;
	}
	return risk && level;
}

static void risk_table(page *pg, cmark_node *table, char **heads, int ncols)
{
	td_import *im = pg->im;
	for (cmark_node *row = cmark_node_next(cmark_node_first_child(table)); row; row = cmark_node_next(row)) {
		if (!is_row(row))
			continue;
		int line = line_of(row);
		td_grow((void **)&im->risks, &im->riskcap, im->nrisks + 1, sizeof *im->risks);
		td_risk *r = &im->risks[im->nrisks];
		memset(r, 0, sizeof *r);
		r->impact = TD_LEVEL_MEDIUM;
		r->probability = TD_LEVEL_MEDIUM;
		r->loc = (td_loc){pg->file, line, 1};
		td_buf mit = TD_BUF_INIT;
		int i = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && i < ncols; c = cmark_node_next(c), i++) {
			char *v = plain_text(pg, c, NULL);
			if (has_word(heads[i], "risk") || ieq(heads[i], "title") || ieq(heads[i], "description")) {
				r->title = v;
			} else if (ieq(heads[i], "impact") || ieq(heads[i], "probability") || ieq(heads[i], "likelihood")) {
				bool imp = ieq(heads[i], "impact");
				int l = td_level_parse(v, imp);
				if (l < 0) {
					note(pg, line, "risk %s '%s' is not low, medium, high%s: medium assumed", heads[i], v,
					     imp ? " or critical" : "");
					td_buf_printf(&mit, "%s%s: %s", mit.len ? "; " : "", heads[i], v);
				} else if (imp) {
					r->impact = (td_level)l;
				} else {
					r->probability = (td_level)l;
				}
			} else if (has_word(heads[i], "mitigation") || has_word(heads[i], "response")) {
				td_buf_printf(&mit, "%s%s", mit.len ? "; " : "", v);
			} else if (ieq(heads[i], "status")) {
				int st = td_risk_status_parse(v);
				if (st >= 0)
					r->status = (td_risk_status)st;
				else if (*v)
					td_buf_printf(&mit, "%sStatus: %s", mit.len ? "; " : "", v);
			} else if (*v) {
				td_buf_printf(&mit, "%s%s: %s", mit.len ? "; " : "", heads[i], v);
			}
		}
		if (!r->title || !*r->title) {
			note(pg, line, "risk row without a title: left out");
			td_buf_free(&mit);
			continue;
		}
		const char *base = short_id(pg->a, td_arena_printf(pg->a, "R-%s", slug(pg->a, r->title, 3)));
		const char *id = base;
		for (int k = 2;; k++) {
			bool taken = false;
			for (size_t j = 0; j < im->nrisks; j++)
				taken |= !strcmp(im->risks[j].id, id);
			if (!taken)
				break;
			id = td_arena_printf(pg->a, "%s-%d", base, k);
		}
		r->id = id;
		r->mitigation = mit.len ? td_arena_strdup(pg->a, td_buf_cstr(&mit)) : NULL;
		td_buf_free(&mit);
		im->nrisks++;
	}
}

/* The header row of a table: each column's text and kind, and which is the id. */
typedef struct thead {
	char **heads;
	enum col *kinds;
	int ncols;
	int idcol; /* -1 when no column holds ids */
} thead;

/* Reads the header row of a table into out (arrays in the page's arena). A
 * second id column ("Task" after "Task ID") is the title; missing header
 * cells are empty and of no kind. */
static void read_head(page *pg, cmark_node *table, thead *out)
{
	cmark_node *head = cmark_node_first_child(table);
	int ncols = cmark_gfm_extensions_get_table_columns(table);
	char **heads = td_arena_alloc(pg->a, (size_t)(ncols ? ncols : 1) * sizeof *heads);
	enum col *kinds = td_arena_alloc(pg->a, (size_t)(ncols ? ncols : 1) * sizeof *kinds);
	int idcol = -1, i = 0;
	for (cmark_node *c = cmark_node_first_child(head); c && i < ncols; c = cmark_node_next(c), i++) {
		heads[i] = plain_text(pg, c, NULL);
		kinds[i] = column_kind(heads[i]);
		if (kinds[i] == C_ID && idcol < 0)
			idcol = i;
		else if (kinds[i] == C_ID) /* a second "Task" column: its title */
			kinds[i] = C_TITLE;
	}
	for (; i < ncols; i++)
		heads[i] = "", kinds[i] = C_OTHER;
	*out = (thead){heads, kinds, ncols, idcol};
}

/* The plain text of each cell of a row (ncols of them, missing ones empty),
 * and in *struck_out whether each was struck through; both in the arena. */
static char **row_cells(page *pg, cmark_node *row, int ncols, bool **struck_out)
{
	char **cells = td_arena_alloc(pg->a, (size_t)(ncols ? ncols : 1) * sizeof *cells);
	bool *struck = td_arena_alloc(pg->a, (size_t)(ncols ? ncols : 1) * sizeof *struck);
	int i = 0;
	for (cmark_node *c = cmark_node_first_child(row); c && i < ncols; c = cmark_node_next(c), i++) {
		td_buf b = TD_BUF_INIT;
		plain(c, &b, &struck[i]);
		cells[i] = td_arena_strdup(pg->a, td_buf_cstr(&b));
		td_buf_free(&b);
	}
	for (; i < ncols; i++)
		cells[i] = "";
	*struck_out = struck;
	return cells;
}

/* Keeps source line rl as written in the objective of phase ph. */
static void row_to_objective(page *pg, iphase *ph, int rl)
{
	td_buf rawc = TD_BUF_INIT;
	raw_lines(pg, &rawc, rl, rl);
	td_buf_printf(&ph->objective, "%s%s", ph->objective.len ? "\n\n" : "", td_buf_cstr(&rawc));
	td_buf_free(&rawc);
}

/* The task a row names in its id cell, created in phase ph or found again;
 * *id_out is its id. Returns NULL when the row names no valid id or no task
 * can be made of it: the row is then kept in the phase's objective. A row
 * with more cells than the header is also kept whole in the task's notes. */
static itask *row_task(page *pg, iphase *ph, int ncols, const char *idcell, int rl, const char **id_out)
{
	int have = raw_cells(pg, rl);
	char *id = clean(pg->a, idcell);
	/* bold or linked ids are plain text by now; an id inside words */
	if (!valid_task_id(id)) {
		size_t n;
		const char *p = find_task_id(id, &n);
		id = p ? td_arena_strndup(pg->a, p, n) : id;
	}
	if (!*id || !valid_task_id(id)) {
		if (!*id)
			note(pg, rl, "row without an id: kept in the objective of phase '%s'", ph->ph->id);
		else
			note(pg, rl, "row id '%s' is not an id (letters, digits, '.', '_', '-', at most 100 bytes): kept in the objective of phase '%s'",
			     id, ph->ph->id);
		row_to_objective(pg, ph, rl);
		return NULL;
	}
	if (have > ncols) {
		note(pg, rl, "row has %d cells, the header %d: the row is kept whole in the notes of %s", have, ncols,
		     id);
	} else if (have < ncols && have > 0) {
		note(pg, rl, "row has %d cells, the header %d: the missing cells are empty", have, ncols);
	}
	bool existed = td_plan_lookup(pg->im->plan, id, NULL);
	itask *t = get_task(pg, id, ph, rl);
	if (!t) {
		row_to_objective(pg, ph, rl);
		return NULL;
	}
	if (existed)
		note(pg, rl, "%s is listed again (first at %s:%d): the rows are merged", id, t->first.file,
		     t->first.line);
	if (have > ncols) {
		td_buf rawc = TD_BUF_INIT;
		raw_lines(pg, &rawc, rl, rl);
		add_note(t, td_arena_printf(pg->a, "Row as written: `%s`", td_buf_cstr(&rawc)));
		td_buf_free(&rawc);
	}
	*id_out = id;
	return t;
}

/* A priority cell: sets t's priority, or keeps what is not one in notes. */
static void cell_priority(page *pg, itask *t, const char *id, const char *v, int rl)
{
	if (is_none(v))
		return;
	int pr = td_priority_parse(v);
	if (pr < 0)
		pr = priority_in(v);
	if (pr < 0) {
		note(pg, rl, "%s: priority '%s' is not critical, high, medium or low: kept in notes", id, v);
		add_note(t, td_arena_printf(pg->a, "Priority: %s", v));
	} else {
		set_priority(pg, t, pr, rl);
	}
}

/* An estimate cell: sets t's estimate, or keeps what is not one in notes. */
static void cell_estimate(page *pg, itask *t, const char *id, const char *v, int rl)
{
	if (is_none(v))
		return;
	td_estimate e;
	const char *text;
	if (estimate_in(pg, v, &e, &text)) {
		set_estimate(pg, t, text, &e, rl);
	} else {
		note(pg, rl, "%s: duration '%s' is not an estimate (4 hrs, 2-3 days, ~10 weeks): kept in notes",
		     id, v);
		add_note(t, td_arena_printf(pg->a, "Duration: %s", v));
	}
}

/* A status cell v that names no status: the priority or estimate it gives
 * where t has none yet, else the cell in t's notes. */
static void status_without_status(page *pg, itask *t, const char *id, const char *v, int rl)
{
	/* "🟢 Low Priority (~30 min)": not a status, but it says things */
	int pr = priority_in(v);
	td_estimate e;
	const char *text;
	bool used = false;
	if (pr >= 0 && t->t->priority == TD_PRIO_NONE) {
		set_priority(pg, t, pr, rl);
		used = true;
	}
	if (estimate_in(pg, v, &e, &text) && !t->t->estimate.known) {
		set_estimate(pg, t, text, &e, rl);
		used = true;
	}
	if (!used) {
		note(pg, rl, "%s: status '%s' says none of todo, in progress, review, blocked, deferred, done, dropped: kept in notes",
		     id, v);
		add_note(t, td_arena_printf(pg->a, "Status: %s", v));
	}
}

/* What a status cell v with status st says besides it: an estimate or a
 * note in parentheses, and a priority for a task still to do. */
static void status_besides(page *pg, itask *t, const char *v, int st, int rl)
{
	/* what the cell says besides the status: "(covered by existing workflows)" */
	const char *o = strchr(v, '(');
	const char *c = o ? strrchr(o, ')') : NULL;
	if (o && c && c > o + 1) {
		char *in = td_arena_strndup(pg->a, o + 1, (size_t)(c - o - 1));
		td_estimate e;
		const char *text;
		if (estimate_in(pg, in, &e, &text) && !t->t->estimate.known)
			set_estimate(pg, t, text, &e, rl);
		else
			add_note(t, td_arena_printf(pg->a, "%s: %s", td_status_name((td_status)st), in));
	}
	int pr = priority_in(v);
	if (pr >= 0 && t->t->priority == TD_PRIO_NONE && st != TD_STATUS_DONE && st != TD_STATUS_DROPPED)
		set_priority(pg, t, pr, rl);
}

/* A status cell (raw as written, v cleaned): returns the status it names, or
 * -1. A done status with a date sets done_on. */
static int cell_status(page *pg, itask *t, const char *id, const char *raw, const char *v, bool struck,
                       int rl)
{
	int st = status_of(raw, struck);
	td_date d;
	if (st < 0 && *v)
		status_without_status(pg, t, id, v, rl);
	else if (st >= 0)
		status_besides(pg, t, v, st, rl);
	if (find_date(v, &d) && st == TD_STATUS_DONE)
		set_done_on(pg, t, d, rl);
	return st;
}

/* A completion-date cell under header head: returns true when it set t's
 * done_on; what is not a date is kept in notes. */
static bool cell_done_on(page *pg, itask *t, const char *id, const char *head, const char *v, int rl)
{
	td_date d;
	if (find_date(v, &d)) {
		set_done_on(pg, t, d, rl);
		return true;
	}
	if (!is_none(v)) {
		note(pg, rl, "%s: '%s' is not a date: kept in notes", id, v);
		add_note(t, td_arena_printf(pg->a, "%s: %s", head, v));
	}
	return false;
}

/* Sets t's fields from the cells of its row, each by its column's kind.
 * Returns the status the row gives (a done date, or a struck-through id or
 * title, means done), or -1 when it gives none. */
static int row_fields(page *pg, itask *t, const char *id, const thead *th, char **cells, const bool *struck,
                      int rl)
{
	bool struck_id = struck[th->idcol];
	int status = -1;
	for (int k = 0; k < th->ncols; k++) {
		const char *raw = cells[k];
		char *v = clean(pg->a, raw);
		switch (th->kinds[k]) {
		case C_ID:
			break;
		case C_TITLE:
			set_title(pg, t, v, rl);
			if (struck[k])
				struck_id = true;
			break;
		case C_PRIORITY:
			cell_priority(pg, t, id, v, rl);
			break;
		case C_ESTIMATE:
			cell_estimate(pg, t, id, v, rl);
			break;
		case C_STATUS: {
			int st = cell_status(pg, t, id, raw, v, struck[k], rl);
			if (st >= 0)
				status = st;
			break;
		}
		case C_DEPS:
			read_deps(pg, t, raw, rl);
			break;
		case C_BLOCKERS:
			if (!is_none(v))
				slist_add(pg->a, &t->blockers, v, (td_loc){pg->file, rl, 0});
			break;
		case C_OWNER:
			if (!is_none(v) && !t->t->owner)
				t->t->owner = v;
			break;
		case C_DONE_ON:
			if (cell_done_on(pg, t, id, th->heads[k], v, rl) && status < 0)
				status = TD_STATUS_DONE;
			break;
		default:
			if (!is_none(v))
				add_note(t, td_arena_printf(pg->a, "%s: %s", th->heads[k], v));
			break;
		}
	}
	if (status < 0 && struck_id)
		status = TD_STATUS_DONE;
	return status;
}

/* One body row of a task table in phase ph: its task and its fields. Under
 * a "completed" heading a row without a status is done. */
static void task_row(page *pg, iphase *ph, const thead *th, cmark_node *row)
{
	int rl = line_of(row);
	bool *struck;
	char **cells = row_cells(pg, row, th->ncols, &struck);
	const char *id;
	itask *t = row_task(pg, ph, th->ncols, cells[th->idcol], rl, &id);
	if (!t)
		return;
	int status = row_fields(pg, t, id, th, cells, struck, rl);
	if (status < 0 && pg->done_ctx)
		status = TD_STATUS_DONE;
	if (status >= 0)
		set_status(pg, t, status, rl);
}

/* A table: with an id column, a task table whose rows become tasks of the
 * current phase; else a risk table, or kept as written. */
static void task_table(page *pg, cmark_node *table)
{
	thead th;
	read_head(pg, table, &th);
	int line = line_of(table);
	if (th.idcol < 0) {
		if (is_risk_table(th.heads, th.ncols)) {
			risk_table(pg, table, th.heads, th.ncols);
			return;
		}
		keep(pg, table, "table without an id column (Task ID, Task or ID)");
		return;
	}
	if (pg->has_ws_headings && !pg->ws) {
		keep(pg, table, "task table outside any workstream");
		return;
	}
	for (int k = 0; k < th.ncols; k++)
		if (th.kinds[k] == C_OTHER)
			note(pg, line, "column '%s' is not a task field: its cells are kept in the tasks' notes", th.heads[k]);
	iphase *ph = task_phase(pg, line);
	cmark_node *head = cmark_node_first_child(table);
	for (cmark_node *row = cmark_node_next(head); row; row = cmark_node_next(row))
		if (is_row(row))
			task_row(pg, ph, &th, row);
}

/* ---- blocks ---- */

static td_buf *container(page *pg, const char **what)
{
	if (pg->task) {
		*what = td_arena_printf(pg->a, "the notes of %s", pg->task->t->id);
		return &pg->task->notes;
	}
	if (pg->ph) {
		*what = td_arena_printf(pg->a, "the objective of phase '%s'", pg->ph->ph->id);
		return &pg->ph->objective;
	}
	if (pg->ws) {
		*what = td_arena_printf(pg->a, "the summary of workstream '%s'", pg->ws->ws->id);
		return &pg->ws->summary;
	}
	if (pg->sec) {
		if (pg->sec->summary) {
			*what = NULL; /* mapped: the overview is the summary */
			return &pg->im->summary;
		}
		*what = td_arena_printf(pg->a, "the free section '%s'", pg->sec->title);
		return &pg->sec->body;
	}
	*what = NULL;
	return &pg->im->summary;
}

/* Keeps n's source (and the label that announced it) where the context is. */
static void keep(page *pg, cmark_node *n, const char *what)
{
	const char *where;
	td_buf *b = container(pg, &where);
	int from = line_of(n), to = cmark_node_get_end_line(n);
	if (pg->label && pg->label_line < from)
		from = pg->label_line;
	if (b->len)
		td_buf_puts(b, "\n\n");
	raw_lines(pg, b, from, to);
	if (where)
		note(pg, from, "%s: kept in %s", what, where);
	pg->label = NULL;
}

static bool is_computed_label(const char *l)
{
	static const char *const w[] = {"last updated", "active tasks", "estimated completion", "remaining",
	                                "estimated time", "estimated remaining", "progress", "next review",
	                                "total"};
	for (size_t i = 0; i < TD_ARRAY_LEN(w); i++)
		if (ieq(l, w[i]))
			return true;
	return false;
}

/* Label lines of a paragraph: "**Label:** value" per line. Returns the
 * number found; a paragraph whose lines are not all labels gives 0. */
typedef struct lv {
	const char *label;
	const char *value;
	const char *url; /* the first link in the value */
	int line;
} lv;

static size_t labels_of(page *pg, cmark_node *para, lv *out, size_t max)
{
	size_t n = 0;
	cmark_node *c = cmark_node_first_child(para);
	int line = line_of(para);
	while (c) {
		if (cmark_node_get_type(c) != CMARK_NODE_STRONG || n == max)
			return 0;
		td_buf lb = TD_BUF_INIT;
		plain(c, &lb, NULL);
		char *label = clean(pg->a, td_buf_cstr(&lb));
		td_buf_free(&lb);
		c = cmark_node_next(c);
		size_t ll = strlen(label);
		bool colon_in = ll && label[ll - 1] == ':';
		td_buf vb = TD_BUF_INIT;
		const char *url = NULL;
		bool first = true;
		for (; c && cmark_node_get_type(c) != CMARK_NODE_SOFTBREAK && cmark_node_get_type(c) != CMARK_NODE_LINEBREAK;
		     c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_TEXT || cmark_node_get_type(c) == CMARK_NODE_CODE) {
				const char *s = cmark_node_get_literal(c);
				if (first && !colon_in) {
					if (*s != ':') {
						td_buf_free(&vb);
						return 0;
					}
					s++;
					colon_in = true;
				}
				td_buf_puts(&vb, s);
			} else {
				if (first && !colon_in) {
					td_buf_free(&vb);
					return 0;
				}
				if (cmark_node_get_type(c) == CMARK_NODE_LINK && !url)
					url = cmark_node_get_url(c);
				plain(c, &vb, NULL);
			}
			first = false;
		}
		if (!colon_in) {
			td_buf_free(&vb);
			return 0;
		}
		if (ll && label[ll - 1] == ':')
			label[ll - 1] = '\0';
		out[n].label = clean(pg->a, label);
		out[n].value = clean(pg->a, td_buf_cstr(&vb));
		out[n].url = url ? td_arena_strdup(pg->a, url) : NULL;
		out[n].line = line;
		n++;
		td_buf_free(&vb);
		if (c) {
			c = cmark_node_next(c);
			line++;
		}
	}
	return n;
}

static bool label_is(const char *l, const char *w)
{
	return has_word(l, w);
}

/* A "**Label:** value" line in the task section. */
static bool task_label(page *pg, itask *t, const lv *x)
{
	int line = x->line;
	const char *v = x->value;
	if (label_is(x->label, "duration") || label_is(x->label, "estimate") || label_is(x->label, "effort")) {
		td_estimate e;
		const char *text;
		if (estimate_in(pg, v, &e, &text)) {
			set_estimate(pg, t, text, &e, line);
			return true;
		}
		return false;
	}
	if (label_is(x->label, "priority")) {
		int pr = td_priority_parse(v);
		if (pr < 0)
			pr = priority_in(v);
		if (pr >= 0)
			set_priority(pg, t, pr, line);
		return pr >= 0;
	}
	if (label_is(x->label, "dependencies") || label_is(x->label, "prerequisites") ||
	    label_is(x->label, "depends on")) {
		read_deps(pg, t, v, line);
		return true;
	}
	if (ieq(x->label, "status")) {
		int st = status_of(v, false);
		if (st >= 0)
			set_status(pg, t, st, line);
		return st >= 0;
	}
	if (ieq(x->label, "owner")) {
		t->t->owner = v;
		return true;
	}
	if (label_is(x->label, "blockers") || label_is(x->label, "blocker")) {
		if (!is_none(v))
			slist_add(pg->a, &t->blockers, v, (td_loc){pg->file, line, 0});
		return true;
	}
	if (label_is(x->label, "completed") || ieq(x->label, "done on")) {
		td_date d;
		if (find_date(v, &d)) {
			set_done_on(pg, t, d, line);
			set_status(pg, t, TD_STATUS_DONE, line);
			return true;
		}
	}
	return false;
}

static void paragraph(page *pg, cmark_node *n)
{
	int line = line_of(n);
	lv labels[16];
	size_t nl = labels_of(pg, n, labels, TD_ARRAY_LEN(labels));
	if (nl == 1 && !*labels[0].value) {
		/* "**Validation:**": says what the next block is */
		pg->label = labels[0].label;
		pg->label_line = line;
		return;
	}
	/* "**CLOUD-2.1: Integrate and Configure Kubespray** (Oct 29, 2025)" */
	cmark_node *first = cmark_node_first_child(n);
	if (!nl && first && cmark_node_get_type(first) == CMARK_NODE_STRONG && (pg->ws || pg->done_ctx)) {
		char *s = plain_text(pg, first, NULL);
		size_t idn;
		if (task_id_at(s, s) && (idn = task_id_at(s, s))) {
			char *id = td_arena_strndup(pg->a, s, idn);
			const char *title = s + idn;
			while (*title == ':' || *title == ' ' || *title == '-')
				title++;
			itask *t = get_task(pg, id, task_phase(pg, line), line);
			if (t) {
				pg->task = t;
				pg->task_level = 99;
				set_title(pg, t, title, line);
				char *rest = plain_text(pg, n, NULL);
				td_date d;
				if (pg->done_ctx) {
					set_status(pg, t, TD_STATUS_DONE, line);
					if (find_date(rest + strlen(s), &d))
						set_done_on(pg, t, d, line);
				}
				pg->label = NULL;
				return;
			}
		}
	}
	size_t used = 0;
	td_buf rest = TD_BUF_INIT;
	for (size_t i = 0; i < nl; i++) {
		lv *x = &labels[i];
		bool ok = false;
		if (pg->task) {
			ok = task_label(pg, pg->task, x);
		} else if (is_computed_label(x->label) || (ieq(x->label, "status") && strchr(x->value, '%'))) {
			note(pg, x->line, "'%s: %s' is a figure taskdoc computes: not imported", x->label, x->value);
			ok = true;
		} else if (pg->ph && (ieq(x->label, "objective") || ieq(x->label, "goal"))) {
			td_buf_printf(&pg->ph->objective, "%s%s", pg->ph->objective.len ? "\n\n" : "", x->value);
			ok = true;
		} else if (pg->ph && ieq(x->label, "status")) {
			int st = status_of(x->value, false);
			if (st >= 0) {
				pg->ph->default_status = st;
				note(pg, x->line, "phase '%s' says '%s': its tasks without a status are %s", pg->ph->ph->id,
				     x->value, td_status_name((td_status)st));
				td_buf_printf(&pg->ph->objective, "%s%s", pg->ph->objective.len ? "\n\n" : "", x->value);
				ok = true;
			}
		} else if (pg->ws && !pg->ph && ieq(x->label, "reference")) {
			const char *ref = x->url ? x->url : x->value;
			if (!strncmp(ref, "./", 2))
				ref += 2;
			pg->ws->ws->reference = ref;
			ok = true;
		}
		if (ok) {
			used++;
		} else {
			if (rest.len)
				td_buf_puts(&rest, "  \n");
			raw_lines(pg, &rest, x->line, x->line);
			while (rest.len && rest.ptr[rest.len - 1] == ' ')
				rest.len--;
		}
	}
	if (nl && used == nl) {
		td_buf_free(&rest);
		pg->label = NULL;
		return;
	}
	if (nl && used) {
		const char *where;
		td_buf *b = container(pg, &where);
		if (b->len)
			td_buf_puts(b, "\n\n");
		td_buf_puts(b, td_buf_cstr(&rest));
		if (where)
			note(pg, line, "labelled lines that are not plan fields: kept in %s", where);
		td_buf_free(&rest);
		return;
	}
	td_buf_free(&rest);
	keep(pg, n, "paragraph");
}

/* The text of a list item: its first paragraph's source, without the
 * marker or the task box. *checked: -1 no box, 0 [ ], 1 [x]. */
static char *item_text(page *pg, cmark_node *item, int *checked, bool *struck, char **plain_out)
{
	cmark_node *para = cmark_node_first_child(item);
	*checked = -1;
	if (!strcmp(cmark_node_get_type_string(item), "tasklist"))
		*checked = cmark_gfm_extensions_get_tasklist_item_checked(item) ? 1 : 0;
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) {
		*plain_out = "";
		*struck = false;
		return "";
	}
	*plain_out = plain_text(pg, para, struck);
	/* the source of the paragraph from its column */
	int l = line_of(para), col = cmark_node_get_start_column(para), e = cmark_node_get_end_line(para);
	td_buf b = TD_BUF_INIT;
	raw_lines(pg, &b, l, e);
	const char *s = td_buf_cstr(&b);
	/* the paragraph's column counts bytes from the line start */
	size_t skip = col > 1 ? (size_t)(col - 1) : 0;
	if (skip > strlen(s))
		skip = 0;
	/* never inside a character: a column past a lazy or tab-indented line
	 * can fall there, and cutting "✅" left bytes that are not UTF-8
	 * (found by fuzz_import: libyaml then refused to write the plan) */
	while (skip > 0 && ((unsigned char)s[skip] & 0xC0) == 0x80)
		skip--;
	const char *t = s + skip;
	if (!strncmp(t, "[ ] ", 4) || !strncmp(t, "[x] ", 4) || !strncmp(t, "[X] ", 4))
		t += 4;
	td_buf o = TD_BUF_INIT;
	for (; *t; t++) {
		if (*t == '\n') {
			td_buf_putc(&o, ' ');
			while (t[1] == ' ')
				t++;
		} else {
			td_buf_putc(&o, *t);
		}
	}
	/* drop a leading status glyph: "✅ Project name: ..." */
	char *r = td_arena_strdup(pg->a, td_buf_cstr(&o));
	for (;;) {
		size_t n;
		unsigned c = utf8_at(r, &n);
		if (*r && is_glyph(c))
			r += n;
		else if (*r == ' ')
			r++;
		else
			break;
	}
	td_buf_free(&o);
	td_buf_free(&b);
	return r;
}

static void list(page *pg, cmark_node *n)
{
	const char *label = pg->label;
	bool crit = label && (label_is(label, "criteria") || label_is(label, "metrics"));
	bool in_metrics = pg->metrics && !pg->ws && (pg->crit_ws || !pg->crit_here);
	if ((crit && (pg->ph || pg->ws || pg->task)) || (pg->metrics && pg->crit_ws)) {
		clist *cl = pg->crit_ws ? &pg->crit_ws->criteria : pg->ph && !pg->task ? &pg->ph->criteria
		                                                                        : &pg->ws->criteria;
		for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
			int checked;
			bool struck;
			char *pl;
			char *md = item_text(pg, it, &checked, &struck, &pl);
			int il = line_of(it);
			if (struck) {
				note(pg, il, "struck-through criterion '%s': left out (a criterion has no dropped state)", pl);
				continue;
			}
			size_t raw_len;
			const char *raw = line_text(pg, il, &raw_len);
			bool done = checked == 1 ||
			            (checked < 0 && status_of(td_arena_strndup(pg->a, raw, il < pg->nlines ? raw_len : 0),
			                                      false) == TD_STATUS_DONE);
			crit_add(pg->a, cl, md, done, (td_loc){pg->file, il, 0});
		}
		pg->label = NULL;
		return;
	}
	(void)in_metrics;
	slist *target = NULL;
	itask *t = pg->task;
	bool notes_list = false;
	if (label && t && (label_is(label, "deliverables") || label_is(label, "deliverable")))
		target = &t->deliverables;
	else if (label && pg->ph && !t &&
	         (label_is(label, "outcome") || label_is(label, "outcomes") || label_is(label, "changes") ||
	          label_is(label, "deliverables")))
		target = &pg->ph->outcome;
	else if (t && !label)
		target = &t->deliverables, notes_list = false;
	else if (t && label)
		notes_list = true;
	if (notes_list) {
		td_buf b = TD_BUF_INIT;
		td_buf_printf(&b, "%s:\n\n", label);
		raw_lines(pg, &b, line_of(n), cmark_node_get_end_line(n));
		add_note(t, td_buf_cstr(&b));
		td_buf_free(&b);
		pg->label = NULL;
		return;
	}
	if (target) {
		for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
			int checked;
			bool struck;
			char *pl;
			char *md = item_text(pg, it, &checked, &struck, &pl);
			int il = line_of(it);
			/* "⏳ Pending: cluster deployment testing" is not a deliverable */
			size_t ll;
			const char *lt = line_text(pg, il, &ll);
			if (t && target == &t->deliverables && has_hourglass(lt, ll)) {
				add_note(t, md);
				continue;
			}
			if (*md)
				slist_add(pg->a, target, md, (td_loc){pg->file, il, 0});
		}
		pg->label = NULL;
		return;
	}
	/* items that start with a task id: that task's notes ("TASK-011: covered by ...") */
	bool all_ids = pg->ws != NULL;
	for (cmark_node *it = cmark_node_first_child(n); it && all_ids; it = cmark_node_next(it)) {
		int checked;
		bool struck;
		char *pl;
		char *md = item_text(pg, it, &checked, &struck, &pl);
		size_t idn = task_id_at(md, md);
		all_ids = idn && md[idn] == ':' && td_plan_lookup(pg->im->plan, td_arena_strndup(pg->a, md, idn), NULL);
	}
	if (all_ids && cmark_node_first_child(n)) {
		for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
			int checked;
			bool struck;
			char *pl;
			char *md = item_text(pg, it, &checked, &struck, &pl);
			size_t idn = task_id_at(md, md);
			td_node_ref r;
			if (td_plan_lookup(pg->im->plan, td_arena_strndup(pg->a, md, idn), &r) && r.kind == TD_NODE_TASK) {
				itask *x = pg->im->tasks[((td_task *)r.ptr)->index];
				const char *s = md + idn + 1;
				while (*s == ' ')
					s++;
				add_note(x, label ? td_arena_printf(pg->a, "%s: %s", label, s) : s);
			}
		}
		note(pg, line_of(n), "list of task notes: each item kept in the notes of the task it names");
		pg->label = NULL;
		return;
	}
	keep(pg, n, "list");
}

static void code_block(page *pg, cmark_node *n)
{
	const char *label = pg->label;
	bool validation = label && (label_is(label, "validation") || label_is(label, "commands") ||
	                            label_is(label, "check") || label_is(label, "test") || label_is(label, "tests")) &&
	                  !label_is(label, "criteria");
	slist *target = NULL;
	if (validation && pg->task)
		target = &pg->task->validation;
	else if (validation && pg->ph)
		target = &pg->ph->validation;
	if (!target) {
		keep(pg, n, "code block");
		return;
	}
	const char *s = cmark_node_get_literal(n);
	int line = line_of(n) + 1;
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = td_arena_strndup(pg->a, p, len);
		size_t k = strlen(l);
		while (k && (l[k - 1] == ' ' || l[k - 1] == '\r'))
			l[--k] = '\0';
		if (*l)
			slist_add(pg->a, target, l, (td_loc){pg->file, line, 0});
		line++;
		p = nl ? nl + 1 : NULL;
	}
	pg->label = NULL;
}

/* Does the section after heading h (up to the next heading) hold a task table? */
static bool section_has_task_table(page *pg, cmark_node *h)
{
	for (cmark_node *c = cmark_node_next(h); c && cmark_node_get_type(c) != CMARK_NODE_HEADING; c = cmark_node_next(c)) {
		if (strcmp(cmark_node_get_type_string(c), "table"))
			continue;
		cmark_node *head = cmark_node_first_child(c);
		for (cmark_node *cell = head ? cmark_node_first_child(head) : NULL; cell; cell = cmark_node_next(cell)) {
			char *t = plain_text(pg, cell, NULL);
			if (column_kind(t) == C_ID)
				return true;
		}
	}
	return false;
}

/* "Phase 4: Infrastructure Consolidation (3 tasks pending)" ->
 * "Phase 4: Infrastructure Consolidation"; "Category 1: X (HPC) - 3 days" -> "Category 1: X (HPC)". */
static char *heading_title(page *pg, const char *s)
{
	char *t = td_arena_strdup(pg->a, s);
	for (;;) {
		size_t n = strlen(t);
		while (n && t[n - 1] == ' ')
			t[--n] = '\0';
		char *o = n && t[n - 1] == ')' ? strrchr(t, '(') : NULL;
		if (o && (has_word(o, "task") || has_word(o, "tasks") || has_word(o, "remaining") ||
		          has_word(o, "complete") || has_word(o, "pending"))) {
			*o = '\0';
			continue;
		}
		char *d = strstr(t, " - ");
		char *last = NULL;
		while (d) {
			last = d;
			d = strstr(d + 1, " - ");
		}
		if (last) {
			const char *tail = last + 3;
			td_estimate e;
			bool upper = true;
			for (const char *p = tail; *p; p++)
				if (islower((unsigned char)*p))
					upper = false;
			if (upper || td_estimate_parse(tail, 8, 5, &e) == 0) {
				*last = '\0';
				continue;
			}
		}
		break;
	}
	return t;
}

/* A level-1 heading: the page's title, and the workstream of a page that
 * has no workstream headings. */
static void title_heading(page *pg, char *text, int line)
{
	if (!pg->im->title)
		pg->im->title = text;
	if (!pg->has_ws_headings && !pg->ws)
		pg->ws = new_ws(pg, text, 0, line);
}

/* "Workstream 1: HPC Infrastructure Completion": opens a new workstream
 * (numbered, its title without "(Future)") and closes whatever was open. */
static void workstream_heading(page *pg, const char *text, int level, int line)
{
	const char *p = text + 10;
	while (*p == ' ')
		p++;
	int num = atoi(p);
	while (isalnum((unsigned char)*p))
		p++;
	while (*p == ':' || *p == ' ' || *p == '-')
		p++;
	char *title = heading_title(pg, *p ? p : text);
	/* "MLOps Validation (Future)" */
	size_t tl = strlen(title);
	bool future = tl > 9 && ieq(title + tl - 8, "(future)");
	if (future) {
		title[tl - 8] = '\0';
		while (tl && title[strlen(title) - 1] == ' ')
			title[strlen(title) - 1] = '\0';
	}
	pg->ws = new_ws(pg, title, num, line);
	pg->ws_level = level;
	pg->ph = NULL;
	pg->task = NULL;
	pg->sec = NULL;
	pg->metrics = false;
	pg->done_ctx = false;
}

/* A heading at or above the workstreams' level that is not one: closes the
 * workstream and opens a free section of the page ("Overview" and the like
 * are the summary; "Success Metrics" holds criteria). */
static void free_section(page *pg, char *text, int level, int line)
{
	/* a section of the page, outside the workstreams */
	pg->ws = NULL;
	pg->ph = NULL;
	pg->task = NULL;
	pg->done_ctx = false;
	pg->crit_ws = NULL;
	pg->crit_here = false;
	pg->metrics = ieq(text, "success metrics") || ieq(text, "success criteria");
	isection *s = td_xcalloc(1, sizeof *s);
	s->title = text;
	s->loc = (td_loc){pg->file, line, 0};
	s->summary = ieq(text, "overview") || ieq(text, "summary") || ieq(text, "introduction");
	td_import *im = pg->im;
	td_grow((void **)&im->sections, &im->seccap, im->nsections + 1, sizeof *im->sections);
	im->sections[im->nsections++] = s;
	pg->sec = s;
	pg->sec_level = level;
}

/* A sub-heading of a free section: under success metrics, one naming a
 * workstream sends the checklist below it to that workstream's criteria;
 * any other is kept as written in the section. */
static void section_subheading(page *pg, const char *text, int line)
{
	if (pg->metrics) {
		pg->crit_ws = NULL;
		const char *w = strstr(text, "Workstream ");
		if (!w)
			w = strstr(text, "workstream ");
		if (w) {
			int num = atoi(w + 11);
			for (size_t i = 0; i < pg->im->nws; i++)
				if (pg->im->ws[i]->number == num && num > 0)
					pg->crit_ws = pg->im->ws[i];
		}
		pg->crit_here = !pg->crit_ws;
		if (pg->crit_ws) {
			note(pg, line, "'%s': its checklist becomes criteria of workstream '%s'", text,
			     pg->crit_ws->ws->id);
			return;
		}
	}
	td_buf *b = &pg->sec->body;
	if (b->len)
		td_buf_puts(b, "\n\n");
	raw_lines(pg, b, line, line);
}

/* "Phase 2", "Category 1", "Stage 3", or any heading over a task table:
 * opens a phase of the current workstream. "Future" or "deferred" makes
 * its tasks deferred; "completed" makes the rows below done. */
static void phase_heading(page *pg, const char *text, int level, int line)
{
	pg->ph = new_phase(pg, pg->ws, heading_title(pg, text), line);
	pg->ph_level = level;
	pg->task = NULL;
	if (has_word(text, "future") || has_word(text, "deferred"))
		pg->ph->default_status = TD_STATUS_DEFERRED;
	if (has_word(text, "recently completed") || has_word(text, "completed"))
		pg->done_ctx = !has_word(text, "tasks complete") && !strchr(text, '/');
}

/* "Next Task: CLOUD-2.2 Deploy NVIDIA GPU Operator": the task with the id
 * found at id (idn bytes), titled by the rest of the heading; the blocks
 * below go to its notes. "Completed" or "done" in the heading makes it done. */
static void task_heading(page *pg, const char *text, const char *id, size_t idn, int level, int line)
{
	char *tid = td_arena_strndup(pg->a, id, idn);
	const char *title = id + idn;
	while (*title == ':' || *title == ' ' || *title == '-')
		title++;
	itask *t = get_task(pg, tid, task_phase(pg, line), line);
	if (!t)
		return;
	set_title(pg, t, heading_title(pg, title), line);
	pg->task = t;
	pg->task_level = level;
	td_date d;
	if (has_word(text, "completed") || has_word(text, "done")) {
		set_status(pg, t, TD_STATUS_DONE, line);
		if (find_date(text, &d))
			set_done_on(pg, t, d, line);
	}
}

/* A heading inside a workstream (or on a page without workstream
 * headings): closes the task or phase it ends, then opens a phase or a
 * task, marks what follows done, or is kept as bold text where it is. */
static void workstream_subheading(page *pg, cmark_node *h, const char *text, int level, int line)
{
	if (!pg->ws)
		page_ws(pg, line);
	if (pg->task && level <= pg->task_level)
		pg->task = NULL;
	if (pg->ph && level <= pg->ph_level && !section_has_task_table(pg, h) &&
	    !starts_with_word(text, "phase") && !starts_with_word(text, "category") &&
	    !starts_with_word(text, "stage"))
		pg->ph = NULL;
	pg->done_ctx = false;
	size_t idn;
	const char *id = find_task_id(text, &idn);
	if (starts_with_word(text, "phase") || starts_with_word(text, "category") ||
	    starts_with_word(text, "stage") || section_has_task_table(pg, h)) {
		phase_heading(pg, text, level, line);
		return;
	}
	if (id) {
		task_heading(pg, text, id, idn, level, line);
		return;
	}
	if (has_word(text, "completed") || has_word(text, "done")) {
		pg->done_ctx = true;
		pg->task = NULL;
		return;
	}
	/* a plain sub-heading: kept with what follows */
	const char *where;
	td_buf *b = container(pg, &where);
	if (b->len)
		td_buf_puts(b, "\n\n");
	td_buf_printf(b, "**%s**", text);
	if (where)
		note(pg, line, "heading '%s' is not a phase or a task: kept in %s", text, where);
}

/* A heading: by its level and words, the page title, a workstream, a free
 * section of the page or a sub-heading of one, or a heading inside a
 * workstream. Each opens or closes what the following blocks belong to. */
static void heading(page *pg, cmark_node *h)
{
	int level = cmark_node_get_heading_level(h);
	int line = line_of(h);
	char *text = plain_text(pg, h, NULL);
	pg->label = NULL;
	if (level == 1)
		title_heading(pg, text, line);
	else if (starts_with_word(text, "workstream"))
		workstream_heading(pg, text, level, line);
	else if (pg->has_ws_headings && level <= pg->ws_level)
		free_section(pg, text, level, line);
	else if (!pg->ws && pg->sec)
		section_subheading(pg, text, line);
	else
		workstream_subheading(pg, h, text, level, line);
}

static void block(page *pg, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	const char *ts = cmark_node_get_type_string(n);
	if (t == CMARK_NODE_HEADING)
		heading(pg, n);
	else if (t == CMARK_NODE_PARAGRAPH)
		paragraph(pg, n);
	else if (t == CMARK_NODE_LIST)
		list(pg, n);
	else if (t == CMARK_NODE_CODE_BLOCK)
		code_block(pg, n);
	else if (t == CMARK_NODE_THEMATIC_BREAK)
		pg->label = NULL; /* decoration between sections */
	else if (!strcmp(ts, "table"))
		task_table(pg, n), pg->label = NULL;
	else
		keep(pg, n, t == CMARK_NODE_HTML_BLOCK ? "HTML block" : "block");
}

/* Repairs UTF-8 that was read as Windows-1252 ("âœ…" for ✅), with a note
 * per line. Returns the text to parse (malloc'd). */
static char *repair_mojibake(page *pg, const char *text, size_t len, size_t *outlen)
{
	td_buf b = TD_BUF_INIT;
	const char *p = text, *end = text + len;
	int line = 1;
	while (p < end) {
		const char *where;
		/* one line at a time, so that the note names it */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl + 1 : end;
		char *l = td_xstrndup(p, (size_t)(eol - p));
		const char *q = l;
		while (*q && td_text_is_mojibake(q, &where)) {
			size_t n;
			char fixed[8];
			td_buf_put(&b, q, (size_t)(where - q));
			if (td_text_mojibake_repair(where, &n, fixed)) {
				td_buf_puts(&b, fixed);
				note(pg, line, "mojibake repaired: '%.*s' is '%s' read as Windows-1252", (int)n, where, fixed);
			} else {
				td_buf_put(&b, where, n ? n : 1);
				n = n ? n : 1;
			}
			q = where + n;
		}
		td_buf_puts(&b, q);
		free(l);
		p = eol;
		line++;
	}
	*outlen = b.len;
	return td_buf_detach(&b);
}

int td_import_page(td_import *im, const char *file, const char *text, size_t len, td_diags *diags)
{
	assert(!im->finished);
	page pg = {0};
	pg.im = im;
	pg.a = im->plan->arena;
	pg.file = td_arena_strdup(pg.a, file);
	pg.diags = diags;
	size_t bad = td_utf8_invalid_at(text, len);
	if (bad || memchr(text, '\0', len)) {
		size_t off = bad ? bad - 1 : (size_t)((const char *)memchr(text, '\0', len) - text);
		int line = 1, col = 1;
		for (size_t i = 0; i < off; i++) {
			if (text[i] == '\n')
				line++, col = 1;
			else if (((unsigned char)text[i] & 0xC0) != 0x80)
				col++;
		}
		if (bad)
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){pg.file, line, col},
			            "not valid UTF-8 (byte 0x%02x); save the page as UTF-8", (unsigned char)text[off]);
		else
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){pg.file, line, col}, "NUL byte in a text page");
		return -1;
	}
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		text += 3, len -= 3;
	size_t flen;
	char *fixed = repair_mojibake(&pg, text, len, &flen);
	pg.text = fixed;
	pg.len = flen;
	/* line starts */
	size_t cap = 64;
	pg.line_at = td_xmalloc(cap * sizeof *pg.line_at);
	pg.nlines = 0;
	pg.line_at[++pg.nlines] = 0;
	for (size_t i = 0; i < flen; i++)
		if (fixed[i] == '\n' && i + 1 < flen) {
			if ((size_t)pg.nlines + 2 >= cap) {
				cap *= 2;
				pg.line_at = td_xrealloc(pg.line_at, cap * sizeof *pg.line_at);
			}
			pg.line_at[++pg.nlines] = i + 1;
		}
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	static const char *const exts[] = {"table", "strikethrough", "tasklist"};
	for (size_t i = 0; i < TD_ARRAY_LEN(exts); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, fixed, flen);
	cmark_node *doc = cmark_parser_finish(parser);
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING) {
			char *t = plain_text(&pg, c, NULL);
			if (starts_with_word(t, "workstream") && !pg.has_ws_headings) {
				pg.has_ws_headings = true;
				pg.ws_level = cmark_node_get_heading_level(c);
			}
		}
	size_t ntasks_before = im->ntasks;
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
		block(&pg, c);
	if (im->ntasks == ntasks_before)
		td_diag_add(diags, TD_SEV_WARNING, (td_loc){pg.file, 0, 0},
		            "no task found (expected GFM tables with a Task ID, Task or ID column)");
	cmark_node_free(doc);
	cmark_parser_free(parser);
	free(pg.line_at);
	free(fixed);
	return 0;
}

/* ---- the plan ---- */

static char *buf_text(td_arena *a, td_buf *b)
{
	if (!b->len)
		return NULL;
	size_t n = b->len;
	while (n && (b->ptr[n - 1] == '\n' || b->ptr[n - 1] == ' '))
		n--;
	return n ? td_arena_strndup(a, b->ptr, n) : NULL;
}

static iphase *phase_by_key(iws *w, const char *key)
{
	for (size_t k = 0; k < w->nphases; k++)
		if (w->phases[k]->key && ieq(w->phases[k]->key, key))
			return w->phases[k];
	return NULL;
}

td_plan *td_import_plan(td_import *im, td_diags *diags)
{
	td_plan *p = im->plan;
	td_arena *a = p->arena;
	if (im->finished)
		return p;
	im->finished = true;
	p->name = im->name ? im->name : im->title ? im->title : "Imported plan";
	p->title = im->title;
	/* sections: the overview is the summary; empty ones go */
	p->summary = buf_text(a, &im->summary);
	p->sections = td_arena_alloc(a, (im->nsections ? im->nsections : 1) * sizeof *p->sections);
	for (size_t i = 0; i < im->nsections; i++) {
		isection *s = im->sections[i];
		char *body = buf_text(a, &s->body);
		if (!body && !s->summary && !im->nws)
			td_diag_add(diags, TD_SEV_NOTE, s->loc, "heading '%s' has nothing under it: left out", s->title);
		if (!body && !s->summary && im->nws)
			td_diag_add(diags, TD_SEV_NOTE, s->loc, "section '%s': what is under it went to plan fields (or was noted): the heading is left out",
			            s->title);
		if (s->summary || !body)
			continue;
		p->sections[p->nsections].title = s->title;
		p->sections[p->nsections].body = body;
		p->nsections++;
	}
	/* the plan's now, copied into its arena; the array goes even when
	 * every risk row was left out (it was grown for the first of them) */
	p->nrisks = im->nrisks;
	p->risks = NULL;
	if (p->nrisks) {
		p->risks = td_arena_alloc(a, p->nrisks * sizeof *p->risks);
		memcpy(p->risks, im->risks, p->nrisks * sizeof *p->risks);
	}
	free(im->risks);
	im->risks = NULL;
	/* tasks: dependencies, lists, notes, default statuses */
	for (size_t i = 0; i < im->ntasks; i++) {
		itask *t = im->tasks[i];
		td_task *task = t->t;
		slist deps = {0};
		for (size_t k = 0; k < t->ndeps; k++) {
			dep *d = &t->deps[k];
			const char *to = NULL;
			if (d->kind == 0) {
				td_node_ref r;
				if (td_plan_lookup(p, d->text, &r) && strcmp(d->text, task->id))
					to = d->text;
			} else if (d->kind == 1 && t->ws) {
				iphase *ph = phase_by_key(t->ws, d->phase_key);
				if (ph && ph->ph != task->phase)
					to = ph->ph->id;
			}
			bool dup = false;
			for (size_t j = 0; to && j < deps.len; j++)
				dup |= !strcmp(deps.items[j].s, to);
			if (to && !dup) {
				slist_add(a, &deps, to, d->loc);
			} else if (!to && d->kind == 2) {
				td_diag_add(diags, TD_SEV_NOTE, d->loc, "%s: prerequisite '%s' is not a task or phase: kept in notes",
				            task->id, d->text);
				add_note(t, td_arena_printf(a, "Prerequisite: %s", d->text));
			} else if (!to) {
				td_diag_add(diags, TD_SEV_NOTE, d->loc,
				            "%s: dependency '%s' names nothing the pages list: kept in notes", task->id, d->text);
				add_note(t, td_arena_printf(a, "Depends on %s (not on the imported pages).", d->text));
			}
		}
		slist_to(a, &deps, &task->depends_on);
		free(deps.items);
		slist_to(a, &t->blockers, &task->blockers);
		slist_to(a, &t->validation, &task->validation);
		slist_to(a, &t->deliverables, &task->deliverables);
		task->notes = buf_text(a, &t->notes);
		if (!t->has_status) {
			for (size_t w = 0; w < im->nws; w++)
				for (size_t k = 0; k < im->ws[w]->nphases; k++)
					if (im->ws[w]->phases[k]->ph == task->phase && im->ws[w]->phases[k]->default_status >= 0)
						task->status = (td_status)im->ws[w]->phases[k]->default_status;
		}
		if (task->status != TD_STATUS_DONE)
			task->done_on = TD_DATE_NONE;
	}
	/* workstreams and phases; a phase without tasks stays (its text is kept) */
	p->workstreams = td_xcalloc(im->nws ? im->nws : 1, sizeof *p->workstreams);
	for (size_t w = 0; w < im->nws; w++) {
		iws *iw = im->ws[w];
		td_workstream *ws = iw->ws;
		ws->summary = buf_text(a, &iw->summary);
		clist_to(a, &iw->criteria, &ws->criteria);
		ws->phases = td_arena_alloc(a, (iw->nphases ? iw->nphases : 1) * sizeof *ws->phases);
		ws->nphases = 0;
		for (size_t k = 0; k < iw->nphases; k++) {
			iphase *ip = iw->phases[k];
			td_phase *ph = ip->ph;
			ph->objective = buf_text(a, &ip->objective);
			slist_to(a, &ip->outcome, &ph->outcome);
			slist_to(a, &ip->validation, &ph->validation);
			clist_to(a, &ip->criteria, &ph->criteria);
			ph->tasks = td_arena_alloc(a, (ip->ntasks ? ip->ntasks : 1) * sizeof *ph->tasks);
			ph->ntasks = ip->ntasks;
			if (ip->ntasks)
				memcpy(ph->tasks, ip->tasks, ip->ntasks * sizeof *ph->tasks);
			ws->phases[ws->nphases++] = ph;
		}
		p->workstreams[p->nworkstreams++] = ws;
	}
	p->tasks = td_xcalloc(im->ntasks ? im->ntasks : 1, sizeof *p->tasks);
	for (size_t i = 0; i < im->ntasks; i++)
		p->tasks[p->ntasks++] = im->tasks[i]->t;
	/* itask lookups by index end here: td_plan_finish renumbers */
	td_plan_load_finish(p);
	return p;
}
