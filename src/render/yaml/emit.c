/*
 * yaml_emit.c - the plan as taskdoc YAML through libyaml's emitter.
 *
 * libyaml writes no comments, so a file is put together from fragments,
 * each a complete YAML document emitted on its own: the workstream's keys,
 * then each phase as a one-item block sequence, indented under "phases:",
 * with a comment line before it naming where it came from.
 */
#include "render/yaml/emit.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct em {
	yaml_emitter_t e;
	td_buf out;
	bool failed;
} em;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	td_buf_put((td_buf *)data, (const char *)buffer, size);
	return 1;
}

/* Emits event, which made says was initialized (libyaml refuses text that
 * is not UTF-8 there and leaves the event as it was: emitting it anyway
 * emitted a stale event and freed its text twice, found by fuzz_import).
 * After a failure nothing more is emitted, and each event is freed. */
static void ev(em *m, yaml_event_t *event, int made)
{
	if (!made) {
		m->failed = true;
		return;
	}
	if (m->failed) {
		yaml_event_delete(event);
		return;
	}
	if (!yaml_emitter_emit(&m->e, event)) /* it frees the event, even when it fails */
		m->failed = true;
}

static void begin(em *m)
{
	memset(m, 0, sizeof *m);
	yaml_emitter_initialize(&m->e);
	yaml_emitter_set_output(&m->e, write_handler, &m->out);
	yaml_emitter_set_unicode(&m->e, 1);
	yaml_emitter_set_width(&m->e, -1); /* no folding: one value, one line */
	yaml_emitter_set_indent(&m->e, 2);
	yaml_event_t event;
	ev(m, &event, yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING));
	ev(m, &event, yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1));
}

/* Ends the document; returns its text (malloc'd) or NULL. */
static char *end(em *m)
{
	yaml_event_t event;
	ev(m, &event, yaml_document_end_event_initialize(&event, 1));
	ev(m, &event, yaml_stream_end_event_initialize(&event));
	yaml_emitter_flush(&m->e);
	yaml_emitter_delete(&m->e);
	if (m->failed) {
		td_buf_free(&m->out);
		return NULL;
	}
	/* an open-ended last scalar makes libyaml close the document with "..." */
	const char *s = td_buf_cstr(&m->out);
	size_t n = m->out.len;
	if (n >= 4 && !strcmp(s + n - 4, "...\n"))
		m->out.len -= 4;
	return td_buf_detach(&m->out);
}

/* Words the loader reads as "nothing" must be quoted to stay text. */
static bool looks_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static void scalar_style(em *m, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t event;
	ev(m, &event,
	   yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style));
}

/* Whether s holds a character YAML 1.1 (libyaml) takes for a line break
 * but '\n': '\r', NEL (U+0085), LS (U+2028), PS (U+2029). In a block
 * scalar the parser would break the line there, where the emitter wrote
 * no indentation; double quotes write them as escapes (\r \N \L \P). */
static bool odd_break(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == '\r' || (p[0] == 0xC2 && p[1] == 0x85) ||
		    (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
			return true;
	return false;
}

static void str(em *m, const char *s)
{
	if (looks_null(s))
		scalar_style(m, s, YAML_SINGLE_QUOTED_SCALAR_STYLE);
	else if (odd_break(s))
		scalar_style(m, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	else if (strchr(s, '\n'))
		scalar_style(m, s, YAML_LITERAL_SCALAR_STYLE);
	else
		scalar_style(m, s, YAML_ANY_SCALAR_STYLE);
}

static void plain(em *m, const char *s)
{
	scalar_style(m, s, YAML_PLAIN_SCALAR_STYLE);
}

static void map_start(em *m)
{
	yaml_event_t event;
	ev(m, &event, yaml_mapping_start_event_initialize(&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(em *m)
{
	yaml_event_t event;
	ev(m, &event, yaml_mapping_end_event_initialize(&event));
}

static void seq_start(em *m, bool flow)
{
	yaml_event_t event;
	ev(m, &event,
	   yaml_sequence_start_event_initialize(&event, NULL, NULL, 1,
	                                        flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(em *m)
{
	yaml_event_t event;
	ev(m, &event, yaml_sequence_end_event_initialize(&event));
}

static void kv(em *m, const char *k, const char *v)
{
	if (!v)
		return;
	plain(m, k);
	str(m, v);
}

static void klist(em *m, const char *k, const td_strlist *l, bool flow)
{
	if (!l->len)
		return;
	plain(m, k);
	seq_start(m, flow);
	for (size_t i = 0; i < l->len; i++)
		str(m, l->items[i].s);
	seq_end(m);
}

static void kdate(em *m, const char *k, td_date d)
{
	if (d == TD_DATE_NONE)
		return;
	char s[11];
	td_date_format(d, s);
	plain(m, k);
	plain(m, s);
}

static void criteria(em *m, const td_criteria *c)
{
	if (!c->len)
		return;
	plain(m, "criteria");
	seq_start(m, false);
	for (size_t i = 0; i < c->len; i++) {
		const td_criterion *cr = &c->items[i];
		map_start(m);
		kv(m, "title", cr->title);
		kv(m, "id", cr->id);
		kv(m, "owner", cr->owner);
		kv(m, "benchmark", cr->benchmark);
		kv(m, "check", cr->check);
		kv(m, "min", cr->min);
		kv(m, "max", cr->max);
		kv(m, "unit", cr->unit);
		if (cr->done >= 0) {
			plain(m, "done");
			plain(m, cr->done ? "true" : "false");
		}
		map_end(m);
	}
	seq_end(m);
}

/* "4h", "2-3d", "0.5h": the canonical form of docs/schema.md. */
static void estimate_text(td_buf *b, const td_estimate *e)
{
	td_buf_printf(b, "%g", e->lo);
	if (e->hi != e->lo)
		td_buf_printf(b, "-%g", e->hi);
	td_buf_putc(b, e->unit);
}

static void task(em *m, const td_task *t)
{
	map_start(m);
	kv(m, "id", t->id);
	kv(m, "title", t->title);
	if (t->priority != TD_PRIO_NONE)
		kv(m, "priority", td_priority_name(t->priority));
	if (t->estimate.known) {
		td_buf b = TD_BUF_INIT;
		estimate_text(&b, &t->estimate);
		plain(m, "estimate");
		plain(m, td_buf_cstr(&b));
		td_buf_free(&b);
	}
	kv(m, "status", td_status_name(t->status));
	klist(m, "depends_on", &t->depends_on, true);
	klist(m, "blockers", &t->blockers, false);
	kv(m, "owner", t->owner);
	kdate(m, "added_on", t->added_on);
	kdate(m, "done_on", t->done_on);
	klist(m, "validation", &t->validation, false);
	criteria(m, &t->criteria);
	klist(m, "deliverables", &t->deliverables, false);
	kv(m, "notes", t->notes);
	map_end(m);
}

/* A comment line naming where x comes from (no newline can break out). */
static void comment(td_buf *b, const char *indent, const char *what, const td_loc *loc)
{
	td_buf_printf(b, "%s# %s", indent, what);
	if (loc->file) {
		td_buf_puts(b, " ");
		for (const char *p = loc->file; *p; p++)
			td_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
		if (loc->line)
			td_buf_printf(b, ":%d", loc->line);
	}
	td_buf_putc(b, '\n');
}

/* Appends text with each non-empty line indented. */
static void indented(td_buf *b, const char *text, const char *indent)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			td_buf_puts(b, indent);
		td_buf_put(b, p, n);
		td_buf_putc(b, '\n');
		p = nl ? nl + 1 : p + n;
	}
}

static char *workstream(const td_workstream *ws)
{
	td_buf b = TD_BUF_INIT;
	em m;
	comment(&b, "", "Workstream imported by taskdoc import from", &ws->loc);
	begin(&m);
	map_start(&m);
	kv(&m, "id", ws->id);
	kv(&m, "title", ws->title);
	if (ws->order != INT32_MAX) {
		char o[16];
		snprintf(o, sizeof o, "%d", ws->order);
		plain(&m, "order");
		plain(&m, o);
	}
	kv(&m, "reference", ws->reference);
	kv(&m, "summary", ws->summary);
	criteria(&m, &ws->criteria);
	map_end(&m);
	char *head = end(&m);
	if (!head)
		goto fail;
	td_buf_puts(&b, head);
	free(head);
	if (ws->nphases)
		td_buf_puts(&b, "phases:\n");
	for (size_t k = 0; k < ws->nphases; k++) {
		const td_phase *ph = ws->phases[k];
		if (k)
			td_buf_putc(&b, '\n');
		comment(&b, "  ", "from", &ph->loc);
		begin(&m);
		seq_start(&m, false);
		map_start(&m);
		kv(&m, "id", ph->id);
		kv(&m, "title", ph->title);
		kv(&m, "objective", ph->objective);
		klist(&m, "outcome", &ph->outcome, false);
		klist(&m, "validation", &ph->validation, false);
		klist(&m, "depends_on", &ph->depends_on, true);
		criteria(&m, &ph->criteria);
		if (ph->ntasks) {
			plain(&m, "tasks");
			seq_start(&m, false);
			for (size_t i = 0; i < ph->ntasks; i++)
				task(&m, ph->tasks[i]);
			seq_end(&m);
		}
		map_end(&m);
		seq_end(&m);
		char *frag = end(&m);
		if (!frag)
			goto fail;
		indented(&b, frag, "  ");
		free(frag);
	}
	return td_buf_detach(&b);
fail:
	td_buf_free(&b);
	return NULL;
}

static char *project(const td_plan *p)
{
	td_buf b = TD_BUF_INIT;
	em m;
	td_buf_puts(&b, "# Imported by taskdoc import from");
	/* the pages, once each, in the order they were read */
	const char **pages = td_xcalloc(p->nworkstreams + 1, sizeof *pages);
	size_t np = 0;
	for (size_t w = 0; w < p->nworkstreams; w++) {
		const char *f = p->workstreams[w]->loc.file;
		bool seen = false;
		for (size_t i = 0; i < np; i++)
			seen |= !strcmp(pages[i], f);
		if (f && !seen)
			pages[np++] = f;
	}
	for (size_t i = 0; i < np; i++) {
		td_buf_puts(&b, i ? ", " : " ");
		for (const char *c = pages[i]; *c; c++)
			td_buf_putc(&b, *c == '\n' || *c == '\r' ? ' ' : *c);
	}
	free(pages);
	td_buf_puts(&b, ".\n# Review the notes it printed; `taskdoc check` reads these files.\n");
	begin(&m);
	map_start(&m);
	kv(&m, "name", p->name ? p->name : "Imported plan");
	kv(&m, "title", p->title);
	kv(&m, "summary", p->summary);
	if (p->nrisks) {
		plain(&m, "risks");
		seq_start(&m, false);
		for (size_t i = 0; i < p->nrisks; i++) {
			const td_risk *r = &p->risks[i];
			map_start(&m);
			kv(&m, "id", r->id);
			kv(&m, "title", r->title);
			kv(&m, "impact", td_level_name(r->impact));
			kv(&m, "probability", td_level_name(r->probability));
			kv(&m, "mitigation", r->mitigation);
			klist(&m, "affects", &r->affects, true);
			kv(&m, "status", td_risk_status_name(r->status));
			map_end(&m);
		}
		seq_end(&m);
	}
	if (p->nsections) {
		plain(&m, "sections");
		seq_start(&m, false);
		for (size_t i = 0; i < p->nsections; i++) {
			map_start(&m);
			kv(&m, "title", p->sections[i].title);
			kv(&m, "body", p->sections[i].body);
			map_end(&m);
		}
		seq_end(&m);
	}
	map_end(&m);
	char *doc = end(&m);
	if (!doc) {
		td_buf_free(&b);
		return NULL;
	}
	td_buf_puts(&b, doc);
	free(doc);
	return td_buf_detach(&b);
}

int td_yaml_emit_plan(td_outset *out, const td_plan *plan)
{
	size_t count = plan->nworkstreams + 1;
	char **text = td_xcalloc(count, sizeof *text);
	text[0] = project(plan);
	for (size_t w = 0; w < plan->nworkstreams; w++)
		text[w + 1] = workstream(plan->workstreams[w]);
	int rc = 0;
	for (size_t i = 0; i < count; i++)
		rc |= text[i] ? 0 : -1;
	td_buf name = TD_BUF_INIT;
	for (size_t i = 0; i < count && rc == 0; i++) {
		td_buf_clear(&name);
		if (i == 0)
			td_buf_puts(&name, "project.yaml");
		else
			td_buf_printf(&name, "workstreams/%s.yaml", plan->workstreams[i - 1]->id);
		td_outset_add(out, td_buf_cstr(&name), text[i], strlen(text[i]));
	}
	for (size_t i = 0; i < count; i++)
		free(text[i]);
	free(text);
	td_buf_free(&name);
	return rc;
}
