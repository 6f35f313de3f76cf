#include "view/view.h"
#include "view/view_evidence.h"
#include "view/view_history.h"
#include "view/sitemap.h"
#include "view/sink.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strlist(const td_strlist *l)
{
	if (!l->len)
		return td_view_empty_array();
	json_t *arr = json_array();
	for (size_t i = 0; i < l->len; i++)
		json_array_append_new(arr, json_string(l->items[i].s));
	return arr;
}

static json_t *anchor_of(const char *id)
{
	td_buf b = TD_BUF_INIT;
	td_view_anchor(&b, id);
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

/* The canonical place of an id: its workstream page, at its anchor. */
static void put_url(td_buf *b, const char *ws, const char *id)
{
	td_buf a = TD_BUF_INIT;
	td_workstream_page(b, ws);
	if (strcmp(ws, id) != 0) {
		td_view_anchor(&a, id);
		td_buf_putc(b, '#');
		td_buf_put(b, a.ptr, a.len);
	}
	td_buf_free(&a);
}

/* The place of an id of archived phase ph: its round on the archive page. */
static void put_archived_url(td_buf *b, const td_phase *ph)
{
	td_buf a = TD_BUF_INIT;
	td_view_anchor(&a, ph->id);
	td_buf_puts(b, "archive/index.md#");
	td_buf_put(b, a.ptr, a.len);
	td_buf_free(&a);
}

static json_t *json_of_buf(td_buf *b)
{
	json_t *j = json_stringn(b->ptr ? b->ptr : "", b->len);
	td_buf_free(b);
	return j;
}

static json_t *url_of(const char *ws, const char *id)
{
	td_buf b = TD_BUF_INIT;
	put_url(&b, ws, id);
	return json_of_buf(&b);
}

static json_t *archived_url_of(const td_phase *ph)
{
	td_buf b = TD_BUF_INIT;
	put_archived_url(&b, ph);
	return json_of_buf(&b);
}

/* A node's url: its archived round's, or its workstream page's. */
static void put_node_url(td_buf *b, const td_phase *in, const char *ws, const char *id)
{
	if (in && in->archived)
		put_archived_url(b, in);
	else
		put_url(b, ws, id);
}

/* The figures of totals as the pages write them (format.h). */
static void add_totals_text(json_t *o, const td_totals *t, const td_plan *p)
{
	td_buf b = TD_BUF_INIT;
	td_view_remaining_text(&b, t->remaining, t->unestimated, t->deferred, t->remaining_expected);
	json_object_set_new_nocheck(o, "remaining_text", json_string(td_buf_cstr(&b)));
	json_object_set_new_nocheck(o, "estimated", json_boolean(t->remaining > t->unestimated));
	/* the same for a table cell */
	td_buf_clear(&b);
	if (!t->remaining)
		td_buf_puts(&b, t->deferred ? "deferred" : "\xe2\x80\x94");
	else if (t->unestimated == t->remaining)
		td_buf_puts(&b, "unknown");
	else
		td_view_hours_text(&b, t->remaining_expected);
	if (t->remaining && t->unestimated)
		td_buf_printf(&b, " (%d of %d unestimated)", t->unestimated, t->remaining);
	json_object_set_new_nocheck(o, "remaining_short", json_string(td_buf_cstr(&b)));
	json_t *ht = json_object(), *dt = json_object();
	const double hours[3] = {t->remaining_min, t->remaining_expected, t->remaining_max};
	static const char *const names[3] = {"min", "expected", "max"};
	for (int k = 0; k < 3; k++) {
		json_object_set_new(ht, names[k], td_view_hours_json(hours[k]));
		td_buf_clear(&b);
		td_view_days_text(&b, hours[k] / p->hours_per_day);
		json_object_set_new(dt, names[k], json_string(td_buf_cstr(&b)));
	}
	/* "1 h to 2 h", or null when both ends round to the same text ("1 h (1 h to 1 h)" says nothing) */
	const char *lo = json_string_value(json_object_get(ht, "min")), *hi = json_string_value(json_object_get(ht, "max"));
	if (lo && hi && strcmp(lo, hi) != 0) {
		td_buf_clear(&b);
		td_buf_printf(&b, "%s to %s", lo, hi);
		json_object_set_new_nocheck(ht, "range", json_string(td_buf_cstr(&b)));
	} else {
		json_object_set_new_nocheck(ht, "range", json_null());
	}
	json_object_set_new_nocheck(o, "hours_text", ht);
	json_object_set_new_nocheck(o, "days_text", dt);
	td_buf_free(&b);
}

static json_t *totals(const td_totals *t, const td_plan *p)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "tasks", json_integer(t->tasks));
	json_object_set_new_nocheck(o, "done", json_integer(t->done));
	json_object_set_new_nocheck(o, "dropped", json_integer(t->dropped));
	json_object_set_new_nocheck(o, "deferred", json_integer(t->deferred));
	json_object_set_new_nocheck(o, "active", json_integer(t->active));
	json_object_set_new_nocheck(o, "live", json_integer(t->tasks - t->dropped));
	json_object_set_new_nocheck(o, "percent", json_real(t->percent));
	json_object_set_new_nocheck(o, "remaining", json_integer(t->remaining));
	json_t *rh = json_object();
	json_object_set_new_nocheck(rh, "min", td_view_hours(t->remaining_min));
	json_object_set_new_nocheck(rh, "expected", td_view_hours(t->remaining_expected));
	json_object_set_new_nocheck(rh, "max", td_view_hours(t->remaining_max));
	json_object_set_new_nocheck(o, "remaining_hours", rh);
	json_t *rd = json_object();
	json_object_set_new_nocheck(rd, "min", td_view_hours(t->remaining_min / p->hours_per_day));
	json_object_set_new_nocheck(rd, "expected", td_view_hours(t->remaining_expected / p->hours_per_day));
	json_object_set_new_nocheck(rd, "max", td_view_hours(t->remaining_max / p->hours_per_day));
	json_object_set_new_nocheck(o, "remaining_days", rd);
	json_object_set_new_nocheck(o, "unestimated", json_integer(t->unestimated));
	add_totals_text(o, t, p);
	json_t *bs = json_object();
	for (int s = 0; s < TD_STATE_COUNT; s++)
		json_object_set_new(bs, td_state_name((td_state)s), json_integer(t->by_state[s]));
	json_object_set_new_nocheck(o, "by_state", bs);
	return o;
}

static json_t *estimate(const td_estimate *e)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "known", json_boolean(e->known));
	if (!e->known) {
		json_object_set_new_nocheck(o, "text", json_null());
		json_object_set_new_nocheck(o, "display", json_null());
		json_object_set_new_nocheck(o, "min_hours", json_null());
		json_object_set_new_nocheck(o, "expected_hours", json_null());
		json_object_set_new_nocheck(o, "max_hours", json_null());
		json_object_set_new_nocheck(o, "expected_text", json_null());
		return o;
	}
	td_buf b = TD_BUF_INIT;
	td_view_estimate_display(&b, e->lo, e->hi, e->unit);
	json_object_set_new_nocheck(o, "text", json_string(e->text));
	json_object_set_new_nocheck(o, "display", json_string(td_buf_cstr(&b)));
	json_object_set_new_nocheck(o, "min_hours", td_view_hours(e->min_hours));
	json_object_set_new_nocheck(o, "expected_hours", td_view_hours(e->expected_hours));
	json_object_set_new_nocheck(o, "max_hours", td_view_hours(e->max_hours));
	json_object_set_new_nocheck(o, "expected_text", td_view_hours_json(e->expected_hours));
	td_buf_free(&b);
	return o;
}

/* A list of criteria with their verdicts and evidence (view_evidence.c). */
static json_t *criteria(const td_analysis *a, const td_criteria *c)
{
	return td_view_criteria_list(a, c);
}

static const char *node_title(const td_node_ref *r)
{
	switch (r->kind) {
	case TD_NODE_TASK:
		return ((const td_task *)r->ptr)->title;
	case TD_NODE_PHASE:
		return ((const td_phase *)r->ptr)->title;
	case TD_NODE_EXTERNAL:
		return ((const td_external *)r->ptr)->title;
	default:
		return ((const td_workstream *)r->ptr)->title;
	}
}

/* Is r a path inside the repository: relative, no '..' step, no scheme? */
static bool repository_path(const char *r)
{
	if (!*r || r[0] == '/' || r[0] == '#' || strstr(r, "://") || strchr(r, ':'))
		return false;
	for (const char *s = r; *s;) {
		size_t n = strcspn(s, "/#");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return false;
		if (s[n] != '/')
			break;
		s += n + 1;
	}
	return true;
}

/* Objects made once per td_view_build and shared (json_incref) wherever
 * the same thing appears: a task's estimate and the reference objects of
 * the nodes that tasks, phases, risks and sprints name. A 10,000-task plan
 * names each task about three times, and the shared objects are a third
 * of the view's memory. Nothing changes one of them once made. Each
 * thread that makes task objects has its own (td_view_build). */
static _Thread_local struct {
	json_t *estimates; /* estimate key -> estimate object, NULL outside td_view_build */
	json_t *refs;      /* "ID\nVARIANT" -> reference object */
} shared;

/* Appends the bits of v as 16 hex digits: a key part that tells every
 * double apart (printf's %a made a sixth of the view's instructions). */
static void put_double_key(td_buf *key, double v)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t u;
	char d[17];
	memcpy(&u, &v, sizeof u);
	d[0] = ' ';
	for (int i = 16; i >= 1; i--, u >>= 4)
		d[i] = hex[u & 15];
	td_buf_put(key, d, sizeof d);
}

/* A task's estimate object: one per distinct estimate, since most plans
 * use a handful of sizes ("2h", "1d"...) across thousands of tasks. */
static json_t *task_estimate(const td_task *t)
{
	const td_estimate *e = &t->estimate;
	if (!shared.estimates)
		return estimate(e);
	td_buf key = TD_BUF_INIT;
	if (e->known) {
		td_buf_puts(&key, e->text ? e->text : "");
		td_buf_putc(&key, '\n');
		td_buf_putc(&key, e->unit);
		put_double_key(&key, e->lo);
		put_double_key(&key, e->hi);
		put_double_key(&key, e->min_hours);
		put_double_key(&key, e->expected_hours);
		put_double_key(&key, e->max_hours);
	}
	json_t *o = json_object_get(shared.estimates, td_buf_cstr(&key));
	if (!o) {
		o = estimate(e);
		json_object_set_new(shared.estimates, td_buf_cstr(&key), o);
	}
	td_buf_free(&key);
	return json_incref(o);
}

/* A reference (a workstream's or an external item's) as a link target, or
 * null (shown as code): an http(s) URL; a repository path ("docs/x.md",
 * "src/a.c#L10") when the repository is browsable (repo.url, else MkDocs'
 * repo_url): <repo_url>/blob/<branch>/<path>. Never a relative link, which
 * would point outside MkDocs' docs_dir. Characters that would end a
 * Markdown link make it text. */
static json_t *reference_url(const td_plan *p, const char *r)
{
	if (!r)
		return json_null();
	for (const char *c = r; *c; c++)
		if ((unsigned char)*c <= ' ' || strchr("<>()\"`\\", *c))
			return json_null();
	if (!strncmp(r, "https://", 8) || !strncmp(r, "http://", 7))
		return json_string(r);
	if (!p->config.repo_url || !repository_path(r))
		return json_null();
	while (r[0] == '.' && r[1] == '/')
		r += 2;
	td_buf b = TD_BUF_INIT;
	td_buf_printf(&b, "%s/blob/%s/%s", p->config.repo_url, p->config.repo_branch, r);
	json_t *j = json_string(td_buf_cstr(&b));
	td_buf_free(&b);
	return j;
}

/* The digests of values a thread has folded without making them, by a
 * digest of what makes them: open addressing. */
typedef struct seen {
	td_digest key, d;
	size_t values;
	bool used;
} seen;

typedef struct seen_tab {
	seen *tab;
	size_t cap, used;
} seen_tab;

static _Thread_local seen_tab refs_seen, estimates_seen;

static seen *seen_slot(seen_tab *t, const td_digest *key)
{
	if (2 * (t->used + 1) > t->cap) {
		seen *old = t->tab;
		size_t n = t->cap;
		t->cap = n ? 2 * n : 1024;
		t->tab = td_xcalloc(t->cap, sizeof *t->tab);
		t->used = 0;
		for (size_t i = 0; i < n; i++)
			if (old[i].used) {
				*seen_slot(t, &old[i].key) = old[i];
				t->used++;
			}
		free(old);
	}
	size_t i = (size_t)key->a & (t->cap - 1);
	while (t->tab[i].used && (t->tab[i].key.a != key->a || t->tab[i].key.b != key->b))
		i = (i + 1) & (t->cap - 1);
	return &t->tab[i];
}

static void seen_end(seen_tab *t)
{
	free(t->tab);
	*t = (seen_tab){NULL, 0, 0};
}

static void refs_seen_end(void)
{
	seen_end(&refs_seen);
	seen_end(&estimates_seen);
}

/* A known digest of an object into s as member k (NULL: an element). */
static void s_seen(sink *s, const char *k, const seen *e)
{
	s_key(s, k);
	if (s->shape) {
		td_digest_fold_shape(&s->d, false, 0);
		s->values--; /* a shape takes nothing from a budget */
		return;
	}
	td_digest_fold_container(&s->d, &e->d);
	s->values += e->values;
}

/* A task's estimate (task_estimate's shared object) as member k: hashed,
 * its digest folded once per distinct estimate, found by the fields that
 * make it, without the text key task_estimate builds. */
static void s_estimate(sink *s, const char *k, const td_task *t)
{
	if (!s_hash(s)) {
		s_json(s, k, task_estimate(t));
		return;
	}
	const td_estimate *e = &t->estimate;
	td_digest key = TD_DIGEST_INIT;
	td_digest_word(&key, e->known);
	if (e->known) {
		const char *text = e->text ? e->text : "";
		td_digest_bytes(&key, text, strlen(text));
		td_digest_word(&key, (uint64_t)(unsigned char)e->unit);
		const double d[] = {e->lo, e->hi, e->min_hours, e->expected_hours, e->max_hours};
		for (size_t i = 0; i < TD_ARRAY_LEN(d); i++) {
			uint64_t u;
			memcpy(&u, &d[i], sizeof u);
			td_digest_word(&key, u);
		}
	}
	seen *m = seen_slot(&estimates_seen, &key);
	if (!m->used) {
		json_t *o = task_estimate(t);
		size_t budget = SIZE_MAX;
		td_digest c = TD_DIGEST_INIT;
		td_digest_container(s->g, &c, o, &budget);
		json_decref(o);
		*m = (seen){key, c, SIZE_MAX - budget, true};
		estimates_seen.used++;
	}
	s_seen(s, k, m);
}

/* The members of a reference object: what a page shows of the node id
 * names where something depends on it. */
static void ref_members(sink *s, const td_plan *p, const td_analysis *a, const char *id)
{
	td_node_ref r;
	td_buf b = TD_BUF_INIT;
	s_str(s, "id", id, false);
	td_view_anchor(&b, id);
	s_buf(s, "anchor", &b);
	if (!td_plan_lookup(p, id, &r)) {
		s_null(s, "kind");
		td_buf_free(&b);
		return;
	}
	s_str(s, "kind", td_node_kind_name(r.kind), false);
	s_bool(s, "is_task", r.kind == TD_NODE_TASK);
	s_bool(s, "is_phase", r.kind == TD_NODE_PHASE);
	s_bool(s, "is_workstream", r.kind == TD_NODE_WORKSTREAM);
	s_bool(s, "is_external", r.kind == TD_NODE_EXTERNAL);
	s_str(s, "title", node_title(&r), false);
	const char *ws_id = r.kind == TD_NODE_TASK       ? ((const td_task *)r.ptr)->phase->workstream->id
	                    : r.kind == TD_NODE_PHASE    ? ((const td_phase *)r.ptr)->workstream->id
	                    : r.kind == TD_NODE_EXTERNAL ? ((const td_external *)r.ptr)->workstream->id
	                                                 : ((const td_workstream *)r.ptr)->id;
	const td_phase *in = r.kind == TD_NODE_TASK    ? ((const td_task *)r.ptr)->phase
	                     : r.kind == TD_NODE_PHASE ? (const td_phase *)r.ptr
	                                               : NULL;
	td_buf_clear(&b);
	put_node_url(&b, in, ws_id, id);
	s_buf(s, "url", &b);
	td_buf_free(&b);
	s_bool(s, "archived", in && in->archived);
	s_bool(s, "satisfied", td_dep_satisfied(&r));
	if (r.kind == TD_NODE_TASK) {
		const td_task *t = r.ptr;
		s_str(s, "state", td_state_name(a->tasks[t->index].state), false);
		s_str(s, "workstream", t->phase->workstream->id, false);
		s_str(s, "priority", t->priority == TD_PRIO_NONE ? NULL : td_priority_name(t->priority),
		      false);
		s_estimate(s, "estimate", t);
	} else if (r.kind == TD_NODE_EXTERNAL) {
		const td_external *x = r.ptr;
		s_str(s, "workstream", x->workstream->id, false);
		s_str(s, "status", td_ext_status_name(x->status), false);
		s_date(s, "expected_on", x->expected_on);
		s_bool(s, "overdue", a->externals[x->index].overdue);
	} else {
		const td_totals *tt = r.kind == TD_NODE_PHASE
		                          ? &a->phase_totals[((const td_phase *)r.ptr)->index]
		                          : &a->ws_totals[((const td_workstream *)r.ptr)->index];
		s_str(s, "workstream", ws_id, false);
		if (!s_hash(s)) {
			s_json(s, "percent", json_real(tt->percent));
		} else {
			s_key(s, "percent");
			td_digest_fold_real(&s->d, tt->percent);
		}
		s_int(s, "active", tt->active);
		s_int(s, "tasks", tt->tasks);
		s_hours(s, "remaining_hours", tt->remaining_expected);
		td_buf rt = TD_BUF_INIT;
		td_view_remaining_text(&rt, tt->remaining, tt->unestimated, tt->deferred,
		                       tt->remaining_expected);
		s_buf(s, "remaining_text", &rt);
		td_buf_free(&rt);
	}
}

/* The reference object of id (variant 0), or of a task's dependency on
 * id with "inherited" ('i' from its phase, 'd' its own), into s as an
 * element: shared when made, its digest folded once when hashed. */
static void s_ref(sink *s, const td_plan *p, const td_analysis *a, const char *id, char variant)
{
	td_buf key = TD_BUF_INIT;
	td_buf_puts(&key, id);
	td_buf_putc(&key, '\n');
	td_buf_putc(&key, variant ? variant : '-');
	if (!s_hash(s)) {
		json_t *o = shared.refs ? json_object_get(shared.refs, td_buf_cstr(&key)) : NULL;
		if (o) {
			json_incref(o);
		} else {
			o = json_object();
			sink os = {.j = o};
			ref_members(&os, p, a, id);
			if (variant)
				s_bool(&os, "inherited", variant == 'i');
			if (shared.refs)
				json_object_set(shared.refs, td_buf_cstr(&key), o);
		}
		td_buf_free(&key);
		s_json(s, NULL, o);
		return;
	}
	td_digest kd = TD_DIGEST_INIT;
	td_digest_bytes(&kd, key.ptr, key.len);
	td_buf_free(&key);
	seen *e = seen_slot(&refs_seen, &kd);
	if (!e->used) {
		sink c = s_open(s, false);
		ref_members(&c, p, a, id);
		if (variant)
			s_bool(&c, "inherited", variant == 'i');
		td_digest_close(&c.d, c.n);
		*e = (seen){kd, c.d, c.values, true};
		refs_seen.used++;
	}
	s_seen(s, NULL, e);
}

/* The reference object of id (shared); a new reference. */
static json_t *ref_object(const td_plan *p, const td_analysis *a, const char *id)
{
	json_t *o = NULL;
	sink s = {.one = &o};
	s_ref(&s, p, a, id, 0);
	return o;
}

/* A task's eager values (td_view_task_fields): its id, url, title, state
 * and workstream's title, made whether or not its object is. */
static void task_fields(const td_analysis *a, const td_task *t, td_view_task_fields *f)
{
	td_buf b = TD_BUF_INIT;
	put_node_url(&b, t->phase, t->phase->workstream->id, t->id);
	*f = (td_view_task_fields){.id = json_string(t->id),
	                           .url = json_of_buf(&b),
	                           .title = json_string(t->title),
	                           .state = td_view_str(td_state_name(a->tasks[t->index].state)),
	                           .workstream_title = td_view_str(t->phase->workstream->title)};
}

/* The members of a task's object, in their order (docs/export.md). */
enum {
	M_ID,
	M_ANCHOR,
	M_URL,
	M_ARCHIVED,
	M_TITLE,
	M_WORKSTREAM,
	M_WORKSTREAM_TITLE,
	M_PHASE,
	M_PHASE_TITLE,
	M_STATUS,
	M_STATE,
	M_PRIORITY,
	M_ESTIMATE,
	M_DEPENDS_ON,
	M_DEPENDENTS,
	M_BLOCKERS,
	M_OWNER,
	M_DONE_ON,
	M_VALIDATION,
	M_CRITERIA,
	M_DELIVERABLES,
	M_NOTES,
	M_REMAINING,
	M_SLACK_HOURS,
	M_SLACK_TEXT,
	M_CRITICAL,
	M_FILE,
	M_LINE,
	M_ADDED_ON,
	M_DONE_ON_SOURCE,
	M_COUNT
};

static const char *const member_names[M_COUNT] = {"id",
                                                  "anchor",
                                                  "url",
                                                  "archived",
                                                  "title",
                                                  "workstream",
                                                  "workstream_title",
                                                  "phase",
                                                  "phase_title",
                                                  "status",
                                                  "state",
                                                  "priority",
                                                  "estimate",
                                                  "depends_on",
                                                  "dependents",
                                                  "blockers",
                                                  "owner",
                                                  "done_on",
                                                  "validation",
                                                  "criteria",
                                                  "deliverables",
                                                  "notes",
                                                  "remaining",
                                                  "slack_hours",
                                                  "slack_text",
                                                  "critical",
                                                  "file",
                                                  "line",
                                                  "added_on",
                                                  "done_on_source"};

/* An eager value (f's) as member k of s. */
static void s_eager(sink *s, const char *k, const json_t *v)
{
	if (s_hash(s))
		s_strn(s, k, json_string_value(v), json_string_length(v));
	else
		s_json(s, k, json_incref((json_t *)v));
}

/* A task's lists of the nodes it depends on and of the tasks that
 * depend on it (member m) into s. */
static void task_links(sink *s, const td_plan *p, const td_analysis *a, const td_task *t, int m)
{
	const td_task_info *ti = &a->tasks[t->index];
	const char *k = member_names[m];
	size_t n = m == M_DEPENDS_ON ? ti->ndeps : ti->ndependents;
	if (!s_hash(s) && !n) {
		s_json(s, k, td_view_empty_array());
		return;
	}
	sink c = s_open(s, true);
	for (size_t d = 0; d < n; d++)
		if (m == M_DEPENDS_ON)
			s_ref(&c, p, a, ti->deps[d].id, ti->deps[d].from_phase ? 'i' : 'd');
		else
			s_str(&c, NULL, p->tasks[ti->dependents[d]]->id, false);
	s_close(s, k, &c);
}

/* Member m of a task's object into s; f holds the task's eager values,
 * taken as they are. */
static void task_member(sink *s, const td_plan *p, const td_analysis *a, const td_task *t,
                        const td_view_task_fields *f, int m)
{
	const td_task_info *ti = &a->tasks[t->index];
	const char *k = member_names[m];
	switch (m) {
	case M_ID:
		s_eager(s, k, f->id);
		break;
	case M_ANCHOR: {
		td_buf b = TD_BUF_INIT;
		td_view_anchor(&b, t->id);
		s_buf(s, k, &b);
		td_buf_free(&b);
		break;
	}
	case M_URL:
		s_eager(s, k, f->url);
		break;
	case M_ARCHIVED:
		s_bool(s, k, t->phase->archived);
		break;
	case M_TITLE:
		s_eager(s, k, f->title);
		break;
	case M_WORKSTREAM:
		s_str(s, k, t->phase->workstream->id, true);
		break;
	case M_WORKSTREAM_TITLE:
		s_eager(s, k, f->workstream_title);
		break;
	case M_PHASE:
		s_str(s, k, t->phase->id, true);
		break;
	case M_PHASE_TITLE:
		s_str(s, k, t->phase->title, true);
		break;
	case M_STATUS:
		s_str(s, k, td_status_name(t->status), true);
		break;
	case M_STATE:
		s_eager(s, k, f->state);
		break;
	case M_PRIORITY:
		s_str(s, k, t->priority == TD_PRIO_NONE ? NULL : td_priority_name(t->priority), true);
		break;
	case M_ESTIMATE:
		s_estimate(s, k, t);
		break;
	case M_DEPENDS_ON:
	case M_DEPENDENTS:
		task_links(s, p, a, t, m);
		break;
	case M_BLOCKERS:
		s_strlist(s, k, &t->blockers);
		break;
	case M_OWNER:
		s_str(s, k, t->owner, true);
		break;
	case M_DONE_ON:
		s_date(s, k, a->done_on[t->index]);
		break;
	case M_VALIDATION:
		s_strlist(s, k, &t->validation);
		break;
	case M_CRITERIA:
		td_view_criteria_sink(s, k, a, &t->criteria);
		break;
	case M_DELIVERABLES:
		s_strlist(s, k, &t->deliverables);
		break;
	case M_NOTES:
		s_str(s, k, t->notes, false);
		break;
	case M_REMAINING:
		s_bool(s, k, ti->remaining);
		break;
	case M_SLACK_HOURS:
		if (ti->remaining && !a->has_cycle)
			s_hours(s, k, ti->slack);
		else
			s_null(s, k);
		break;
	case M_SLACK_TEXT:
		if (ti->remaining && !a->has_cycle)
			s_hours_text(s, k, ti->slack);
		else
			s_null(s, k);
		break;
	case M_CRITICAL:
		s_bool(s, k, ti->critical);
		break;
	case M_FILE:
		s_str(s, k, t->loc.file, true);
		break;
	case M_LINE:
		s_int(s, k, t->loc.line);
		break;
	default: {
		td_date added_on;
		const char *source;
		td_view_task_date_values(a, t, &added_on, &source); /* history's (view_history.c) */
		if (m == M_ADDED_ON)
			s_date(s, k, added_on);
		else
			s_str(s, k, source, false);
		break;
	}
	}
}

static void task_members(sink *s, const td_plan *p, const td_analysis *a, const td_task *t,
                         const td_view_task_fields *f)
{
	for (int m = 0; m < M_COUNT; m++)
		task_member(s, p, a, t, f, m);
}

/* A task's object, made whole; its eager values into *fields. */
static json_t *task_object(const td_plan *p, const td_analysis *a, const td_task *t,
                           td_view_task_fields *fields)
{
	task_fields(a, t, fields);
	sink s = {.j = json_object()};
	task_members(&s, p, a, t, fields);
	/* the object holds the eager values now; fields borrows them */
	json_decref((json_t *)fields->id);
	json_decref((json_t *)fields->url);
	json_decref((json_t *)fields->title);
	json_decref((json_t *)fields->state);
	json_decref((json_t *)fields->workstream_title);
	return s.j;
}

/* An external item as export and the templates see it (docs/export.md). */
static json_t *external_object(const td_plan *p, const td_analysis *a, const td_external *x)
{
	const td_external_info *xi = &a->externals[x->index];
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_string(x->id));
	json_object_set_new_nocheck(o, "anchor", anchor_of(x->id));
	json_object_set_new_nocheck(o, "url", url_of(x->workstream->id, x->id));
	json_object_set_new_nocheck(o, "title", json_string(x->title));
	json_object_set_new_nocheck(o, "workstream", td_view_str(x->workstream->id));
	json_object_set_new_nocheck(o, "workstream_title", td_view_str(x->workstream->title));
	json_object_set_new_nocheck(o, "status", td_view_str(td_ext_status_name(x->status)));
	json_object_set_new_nocheck(o, "arrived", json_boolean(x->status == TD_EXT_ARRIVED));
	json_object_set_new_nocheck(o, "overdue", json_boolean(xi->overdue));
	json_object_set_new_nocheck(o, "expected_on", td_view_date(x->expected_on));
	json_object_set_new_nocheck(o, "wait_hours", td_view_hours(xi->wait_hours));
	json_object_set_new_nocheck(o, "owner", td_view_str(x->owner));
	json_object_set_new_nocheck(o, "contact", str_or_null(x->contact));
	json_object_set_new_nocheck(o, "notes", str_or_null(x->notes));
	json_object_set_new_nocheck(o, "reference", str_or_null(x->reference));
	json_object_set_new_nocheck(o, "reference_url", reference_url(p, x->reference));
	json_t *w = json_array();
	for (size_t k = 0; k < xi->nwaiting; k++)
		json_array_append_new(w, json_string(p->tasks[xi->waiting[k]]->id));
	json_object_set_new_nocheck(o, "waiting", w);
	json_object_set_new_nocheck(o, "blocks_live_work",
	                            json_boolean(xi->nwaiting && x->status != TD_EXT_ARRIVED));
	json_object_set_new_nocheck(o, "file", td_view_str(x->loc.file));
	json_object_set_new_nocheck(o, "line", json_integer(x->loc.line));
	return o;
}

/* The items of list[0..n) (all: n items; else only those that keep live work waiting). */
static json_t *external_list(const td_plan *p, const td_analysis *a, td_external *const *list, size_t n,
                             bool blocking_only)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (!blocking_only || (a->externals[list[i]->index].nwaiting && list[i]->status != TD_EXT_ARRIVED))
			json_array_append_new(arr, external_object(p, a, list[i]));
	return arr;
}

static json_t *project_object(const td_plan *p)
{
	json_t *proj = json_object();
	json_object_set_new_nocheck(proj, "name", str_or_null(p->name));
	json_object_set_new_nocheck(proj, "title", str_or_null(p->title));
	json_object_set_new_nocheck(proj, "summary", str_or_null(p->summary));
	json_object_set_new_nocheck(proj, "hours_per_day", json_real(p->hours_per_day));
	json_object_set_new_nocheck(proj, "days_per_week", json_real(p->days_per_week));
	return proj;
}

/* A phase with its tasks (task_json: every task's object, by index). */
static json_t *phase_object(const td_plan *p, const td_analysis *a, const td_workstream *ws, const td_phase *ph,
                            json_t **task_json)
{
	json_t *po = json_object();
	json_object_set_new_nocheck(po, "id", json_string(ph->id));
	json_object_set_new_nocheck(po, "anchor", anchor_of(ph->id));
	json_object_set_new_nocheck(po, "url", ph->archived ? archived_url_of(ph) : url_of(ws->id, ph->id));
	json_object_set_new_nocheck(po, "archived", json_boolean(ph->archived));
	json_object_set_new_nocheck(po, "title", json_string(ph->title));
	json_object_set_new_nocheck(po, "workstream", json_string(ws->id));
	json_object_set_new_nocheck(po, "workstream_title", json_string(ws->title));
	json_object_set_new_nocheck(po, "objective", str_or_null(ph->objective));
	json_object_set_new_nocheck(po, "outcome", strlist(&ph->outcome));
	json_object_set_new_nocheck(po, "validation", strlist(&ph->validation));
	json_t *pd = json_array();
	for (size_t d = 0; d < ph->depends_on.len; d++)
		json_array_append_new(pd, ref_object(p, a, ph->depends_on.items[d].s));
	json_object_set_new_nocheck(po, "depends_on", pd);
	json_object_set_new_nocheck(po, "criteria", criteria(a, &ph->criteria));
	json_object_set_new_nocheck(po, "totals", totals(&a->phase_totals[ph->index], p));
	json_t *pt = json_array();
	json_t *active = json_array();
	for (size_t t = 0; t < ph->ntasks; t++) {
		json_array_append(pt, task_json[ph->tasks[t]->index]);
		if (a->tasks[ph->tasks[t]->index].remaining)
			json_array_append(active, task_json[ph->tasks[t]->index]);
	}
	json_object_set_new_nocheck(po, "tasks", pt);
	json_object_set_new_nocheck(po, "active_tasks", active);
	return po;
}

static json_t *workstream_object(const td_plan *p, const td_analysis *a, size_t w, json_t **task_json)
{
	const td_workstream *ws = p->workstreams[w];
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_string(ws->id));
	json_object_set_new_nocheck(o, "anchor", anchor_of(ws->id));
	json_object_set_new_nocheck(o, "title", json_string(ws->title));
	json_object_set_new_nocheck(o, "number", json_integer((json_int_t)w + 1));
	json_object_set_new_nocheck(o, "url", url_of(ws->id, ws->id));
	json_object_set_new_nocheck(o, "file", json_string(ws->file));
	json_object_set_new_nocheck(o, "reference", str_or_null(ws->reference));
	json_object_set_new_nocheck(o, "reference_url", reference_url(p, ws->reference));
	json_object_set_new_nocheck(o, "summary", str_or_null(ws->summary));
	json_object_set_new_nocheck(o, "criteria", criteria(a, &ws->criteria));
	json_object_set_new_nocheck(o, "totals", totals(&a->ws_totals[w], p));
	/* the live phases; the archived ones (content/archive/) apart */
	json_t *phases = json_array(), *archived = json_array();
	for (size_t k = 0; k < ws->nphases; k++)
		json_array_append_new(ws->phases[k]->archived ? archived : phases,
		                      phase_object(p, a, ws, ws->phases[k], task_json));
	json_object_set_new_nocheck(o, "phases", phases);
	json_object_set_new_nocheck(o, "archived_phases", archived);
	json_object_set_new_nocheck(o, "all_archived",
	                            json_boolean(ws->nphases && ws->narchived == ws->nphases));
	json_object_set_new_nocheck(o, "externals",
	                            external_list(p, a, ws->externals, ws->nexternals, false));
	/* its tasks finished in the last TD_RECENT_DAYS days, newest first */
	json_t *recent = json_array();
	for (size_t i = 0; i < a->nrecent; i++)
		if (p->tasks[a->recent[i]]->phase->workstream == ws)
			json_array_append(recent, task_json[a->recent[i]]);
	json_object_set_new_nocheck(o, "recently_completed", recent);
	json_object_set_new_nocheck(o, "recent_days", json_integer(TD_RECENT_DAYS));
	/* the next task: its first ready task in the ready list's order, with
	 * its phase's objective */
	const td_task *next = NULL;
	for (size_t i = 0; i < a->nready && !next; i++)
		if (p->tasks[a->ready[i]]->phase->workstream == ws)
			next = p->tasks[a->ready[i]];
	json_object_set_new_nocheck(o, "next_task", next ? json_incref(task_json[next->index]) : json_null());
	json_object_set_new_nocheck(o, "next_task_objective",
	                            next ? str_or_null(next->phase->objective) : json_null());
	return o;
}

/* An array of the task objects of idx[0..n). */
static json_t *task_list(json_t **task_json, const size_t *idx, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(arr, task_json[idx[i]]);
	return arr;
}

/* ready, waiting, critical_path */
static void add_task_lists(json_t *root, const td_plan *p, const td_analysis *a, json_t **task_json)
{
	json_object_set_new_nocheck(root, "ready", task_list(task_json, a->ready, a->nready));
	json_t *waiting = json_array();
	for (size_t i = 0; i < p->ntasks; i++)
		if (a->tasks[i].state == TD_STATE_WAITING || a->tasks[i].state == TD_STATE_BLOCKED)
			json_array_append(waiting, task_json[i]);
	json_object_set_new_nocheck(root, "waiting", waiting);
	json_object_set_new_nocheck(root, "workstreams_count", json_integer((json_int_t)p->nworkstreams));
	json_t *cp = json_object();
	json_object_set_new_nocheck(cp, "tasks", task_list(task_json, a->critical_path, a->ncritical));
	json_object_set_new_nocheck(cp, "count", json_integer((json_int_t)a->ncritical));
	json_object_set_new_nocheck(cp, "hours",
	                            a->has_cycle ? json_null() : td_view_hours(a->critical_hours));
	json_object_set_new_nocheck(
	    cp, "days", a->has_cycle ? json_null() : td_view_hours(a->critical_hours / p->hours_per_day));
	json_object_set_new_nocheck(cp, "hours_text",
	                            a->has_cycle ? json_null() : td_view_hours_json(a->critical_hours));
	if (a->has_cycle) {
		json_object_set_new_nocheck(cp, "days_text", json_null());
	} else {
		td_buf dt = TD_BUF_INIT;
		td_view_days_text(&dt, a->critical_hours / p->hours_per_day);
		json_object_set_new_nocheck(cp, "days_text", json_string(td_buf_cstr(&dt)));
		td_buf_free(&dt);
	}
	json_object_set_new_nocheck(cp, "finish_on",
	                            a->has_cycle ? json_null() : td_view_date(a->critical_finish_on));
	json_object_set_new_nocheck(cp, "waits_for",
	                            a->critical_external == SIZE_MAX
	                                ? json_null()
	                                : external_object(p, a, p->externals[a->critical_external]));
	json_object_set_new_nocheck(root, "critical_path", cp);
}

static json_t *risk_list(const td_plan *p, const td_analysis *a)
{
	json_t *risks = json_array();
	for (size_t k = 0; k < p->nrisks; k++) {
		const td_risk *r = &p->risks[a->risk_order[k]];
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "id", json_string(r->id));
		json_object_set_new_nocheck(o, "anchor", anchor_of(r->id));
		json_object_set_new_nocheck(o, "title", json_string(r->title));
		json_object_set_new_nocheck(o, "impact", json_string(td_level_name(r->impact)));
		json_object_set_new_nocheck(o, "probability", json_string(td_level_name(r->probability)));
		json_object_set_new_nocheck(o, "score", json_integer(td_risk_score(r)));
		json_object_set_new_nocheck(o, "mitigation", str_or_null(r->mitigation));
		json_t *aff = json_array();
		for (size_t i = 0; i < r->affects.len; i++)
			json_array_append_new(aff, ref_object(p, a, r->affects.items[i].s));
		json_object_set_new_nocheck(o, "affects", aff);
		json_object_set_new_nocheck(o, "status", json_string(td_risk_status_name(r->status)));
		json_object_set_new_nocheck(o, "description", str_or_null(r->description));
		json_object_set_new_nocheck(o, "owner", str_or_null(r->owner));
		json_t *ind = json_array();
		for (size_t i = 0; i < r->indicators.len; i++)
			json_array_append_new(ind, json_string(r->indicators.items[i].s));
		json_object_set_new_nocheck(o, "indicators", ind);
		json_object_set_new_nocheck(o, "contingency", str_or_null(r->contingency));
		json_object_set_new_nocheck(o, "review_on", td_view_date(r->review_on));
		json_array_append_new(risks, o);
	}
	return risks;
}

static json_t *sprint_list(const td_plan *p, const td_analysis *a)
{
	json_t *sprints = json_array();
	for (size_t i = 0; i < p->nsprints; i++) {
		const td_sprint *s = &p->sprints[i];
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "name", json_string(s->name));
		json_object_set_new_nocheck(o, "anchor", anchor_of(s->name));
		json_object_set_new_nocheck(o, "start", td_view_date(s->start));
		json_object_set_new_nocheck(o, "end", td_view_date(s->end));
		json_object_set_new_nocheck(o, "when", json_string(td_sprint_when_name(a->sprint_when[i])));
		json_object_set_new_nocheck(o, "current",
		                            json_boolean(a->sprint_when[i] == TD_SPRINT_CURRENT));
		json_object_set_new_nocheck(o, "notes", str_or_null(s->notes));
		json_t *f = json_array();
		for (size_t k = 0; k < s->focus.len; k++)
			json_array_append_new(f, ref_object(p, a, s->focus.items[k].s));
		json_object_set_new_nocheck(o, "focus", f);
		json_array_append_new(sprints, o);
	}
	return sprints;
}

/* The archived phases as rounds of work (td_archive_round), newest first:
 * dates, tasks, what was delivered and the criteria's verdicts. */
static json_t *rounds_list(const td_plan *p, const td_analysis *a, json_t **task_json)
{
	json_t *list = json_array();
	for (size_t i = 0; i < a->nrounds; i++) {
		const td_archive_round *r = &a->rounds[i];
		const td_phase *ph = p->phases[r->phase];
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "id", json_string(ph->id));
		json_object_set_new_nocheck(o, "anchor", anchor_of(ph->id));
		json_object_set_new_nocheck(o, "title", json_string(ph->title));
		json_object_set_new_nocheck(o, "workstream", json_string(ph->workstream->id));
		json_object_set_new_nocheck(o, "workstream_title", json_string(ph->workstream->title));
		json_object_set_new_nocheck(o, "workstream_url",
		                            url_of(ph->workstream->id, ph->workstream->id));
		json_object_set_new_nocheck(o, "file", json_string(ph->file));
		json_object_set_new_nocheck(o, "start", td_view_date(r->start));
		json_object_set_new_nocheck(o, "finish", td_view_date(r->finish));
		json_object_set_new_nocheck(o, "elapsed_days",
		                            r->elapsed_days ? json_integer(r->elapsed_days) : json_null());
		json_object_set_new_nocheck(o, "done", json_integer(r->done));
		json_object_set_new_nocheck(o, "dropped", json_integer(r->dropped));
		json_object_set_new_nocheck(o, "done_hours", td_view_hours(r->done_hours));
		json_object_set_new_nocheck(o, "done_hours_text", td_view_hours_json(r->done_hours));
		json_object_set_new_nocheck(o, "unestimated", json_integer(r->unestimated));
		json_object_set_new_nocheck(o, "objective", str_or_null(ph->objective));
		json_object_set_new_nocheck(o, "outcome", strlist(&ph->outcome));
		json_object_set_new_nocheck(o, "criteria", criteria(a, &ph->criteria));
		json_t *tasks = json_array();
		for (size_t k = 0; k < ph->ntasks; k++)
			json_array_append(tasks, task_json[ph->tasks[k]->index]);
		json_object_set_new_nocheck(o, "tasks", tasks);
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *archive_object(const td_plan *p, const td_analysis *a, json_t **task_json)
{
	static const char *const month_names[] = {"January", "February", "March", "April", "May", "June", "July",
	                                          "August", "September", "October", "November", "December"};
	json_t *archive = json_object();
	json_t *months = json_array();
	for (size_t i = 0; i < a->nmonths; i++) {
		const td_archive_month *m = &a->months[i];
		json_t *o = json_object();
		char key[16];
		snprintf(key, sizeof key, "%04d-%02d", m->year, m->month);
		json_object_set_new_nocheck(o, "month", json_string(key));
		char text[64];
		snprintf(text, sizeof text, "%s %04d", month_names[m->month - 1], m->year);
		json_object_set_new_nocheck(o, "title", json_string(text));
		snprintf(text, sizeof text, "archive/%s.md", key);
		json_object_set_new_nocheck(o, "path", json_string(text));
		json_object_set_new_nocheck(o, "count", json_integer((json_int_t)m->ntasks));
		json_object_set_new_nocheck(o, "done_hours", td_view_hours(m->done_hours));
		json_object_set_new_nocheck(o, "tasks", task_list(task_json, m->tasks, m->ntasks));
		json_array_append_new(months, o);
	}
	json_object_set_new_nocheck(archive, "months", months);
	json_object_set_new_nocheck(archive, "rounds", rounds_list(p, a, task_json));
	json_object_set_new_nocheck(archive, "undated", task_list(task_json, a->undated, a->nundated));
	json_object_set_new_nocheck(archive, "done", json_integer(a->totals.done));
	return archive;
}

/* impact x probability grid, highest impact first */
static json_t *risk_matrix(const td_plan *p, const td_analysis *a)
{
	json_t *matrix = json_object();
	json_t *cols = json_array();
	for (int pr = 0; pr < 3; pr++)
		json_array_append_new(cols, json_string(td_level_name((td_level)pr)));
	json_object_set_new_nocheck(matrix, "probabilities", cols);
	json_t *rows = json_array();
	for (int im = TD_LEVEL_CRITICAL; im >= TD_LEVEL_LOW; im--) {
		json_t *row = json_object();
		json_object_set_new_nocheck(row, "impact", json_string(td_level_name((td_level)im)));
		json_t *cells = json_array();
		for (int pr = 0; pr < 3; pr++) {
			json_t *cell = json_object();
			json_object_set_new_nocheck(cell, "probability",
			                            json_string(td_level_name((td_level)pr)));
			json_object_set_new_nocheck(
			    cell, "score", json_integer(td_risk_score_of((td_level)im, (td_level)pr)));
			json_t *ids = json_array();
			for (size_t k = 0; k < p->nrisks; k++) {
				const td_risk *r = &p->risks[a->risk_order[k]];
				if ((int)r->impact == im && (int)r->probability == pr && r->status != TD_RISK_CLOSED)
					json_array_append_new(ids, json_string(r->id));
			}
			json_object_set_new_nocheck(cell, "risks", ids);
			json_array_append_new(cells, cell);
		}
		json_object_set_new_nocheck(row, "cells", cells);
		json_array_append_new(rows, row);
	}
	json_object_set_new_nocheck(matrix, "rows", rows);
	return matrix;
}

static json_t *section_list(const td_plan *p)
{
	json_t *sections = json_array();
	for (size_t i = 0; i < p->nsections; i++) {
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "title", json_string(p->sections[i].title));
		json_object_set_new_nocheck(o, "anchor", anchor_of(p->sections[i].title));
		json_object_set_new_nocheck(o, "body", str_or_null(p->sections[i].body));
		json_array_append_new(sections, o);
	}
	return sections;
}

static json_t *finding_list(const td_diags *diags)
{
	json_t *findings = json_array();
	for (size_t i = 0; diags && i < diags->len; i++) {
		const td_diag *d = &diags->items[i];
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "severity", json_string(td_severity_name(d->severity)));
		json_object_set_new_nocheck(o, "file", str_or_null(d->file));
		json_object_set_new_nocheck(o, "line", d->line ? json_integer(d->line) : json_null());
		json_object_set_new_nocheck(o, "column", d->col ? json_integer(d->col) : json_null());
		json_object_set_new_nocheck(o, "message", json_string(d->message));
		json_array_append_new(findings, o);
	}
	return findings;
}

/* The task objects of a plan, made by two threads: each takes the next
 * CHUNK tasks until none is left. The second thread first makes the
 * list of every criterion (which needs no task object). Lazily (lazy),
 * each object is made with its eager values only, to be made whole when
 * first read (digest.h, td_lazy_view), and its digest is folded from its
 * members without making them. */
typedef struct task_work {
	const td_plan *p;
	const td_analysis *a;
	json_t **task_json;
	td_view_task_fields *fields;
	bool lazy;
	atomic_size_t next; /* the first task no thread has taken */
	json_t *criteria;   /* root.criteria, made by the second thread */
	td_json_thread mem;
} task_work;

#define CHUNK 128

/* The values a task object's digest walks at most: far more than any
 * task has (the benchmark plan's: about 80). */
#define TASK_DIGEST_BUDGET 100000

/* The names of a task object's eager values, as a lazy one holds them
 * until it is made whole. */
static const char *const eager_names[] = {"id", "url", "title", "state", "workstream_title"};

static json_t *lazy_object(const td_view_task_fields *f)
{
	json_t *o = json_object();
	const json_t *v[] = {f->id, f->url, f->title, f->state, f->workstream_title};
	for (size_t k = 0; k < TD_ARRAY_LEN(v); k++)
		json_object_set_nocheck(o, eager_names[k], (json_t *)v[k]);
	return o;
}

static void take_tasks(task_work *w)
{
	/* one per thread: the references and estimates a thread's objects
	 * share are digested once */
	td_digester *g = td_digester_new();
	for (;;) {
		size_t from = atomic_fetch_add(&w->next, CHUNK);
		if (from >= w->p->ntasks)
			break;
		size_t to = from + CHUNK < w->p->ntasks ? from + CHUNK : w->p->ntasks;
		for (size_t i = from; i < to; i++) {
			td_view_task_fields *f = &w->fields[i];
			const td_task *t = w->p->tasks[i];
			if (w->lazy) {
				task_fields(w->a, t, f);
				sink s = {.g = g};
				td_digest_open(&s.d, false);
				task_members(&s, w->p, w->a, t, f);
				td_digest_close(&s.d, s.n);
				json_t *o = lazy_object(f);
				json_decref((json_t *)f->id); /* held by o */
				json_decref((json_t *)f->url);
				json_decref((json_t *)f->title);
				json_decref((json_t *)f->state);
				json_decref((json_t *)f->workstream_title);
				w->task_json[i] = o;
				f->object = o;
				f->digest = s.d;
				f->values = s.values;
				f->digested = true;
				continue;
			}
			json_t *o = task_object(w->p, w->a, t, f);
			w->task_json[i] = o;
			f->object = o;
			f->digest = (td_digest)TD_DIGEST_INIT;
			size_t budget = TASK_DIGEST_BUDGET;
			f->digested = td_digest_container(g, &f->digest, o, &budget);
			f->values = TASK_DIGEST_BUDGET - budget;
		}
	}
	td_digester_free(g);
	refs_seen_end();
}

static void *second_thread(void *arg)
{
	task_work *w = arg;
	td_json_thread_begin(&w->mem);
	shared.estimates = json_object();
	shared.refs = json_object();
	td_view_strs_begin();
	w->criteria = td_view_criteria_all(w->a);
	take_tasks(w);
	json_decref(shared.estimates);
	json_decref(shared.refs);
	shared.estimates = shared.refs = NULL;
	td_view_strs_end(); /* the tables; the values stay with the objects that hold them */
	td_json_thread_end(&w->mem);
	return NULL;
}

/* A plan with fewer tasks makes them on one thread: starting one costs
 * more than it saves. */
#define TASKS_SPLIT 2000

/* Every task's object into task_json, and root.criteria: with two
 * processors (td_processes) and many tasks, on two threads, which takes
 * a third of the view's time off a 10,000-task build. The objects are the
 * same either way; each thread shares estimates, references and strings
 * among its own objects only. */
static json_t *make_task_objects(const td_plan *p, const td_analysis *a, json_t **task_json,
                                 td_view_task_fields *fields, bool lazy)
{
	task_work w = {.p = p, .a = a, .task_json = task_json, .fields = fields, .lazy = lazy};
	atomic_init(&w.next, 0);
	pthread_t th;
	bool threaded = p->ntasks >= TASKS_SPLIT && td_processes() > 1;
	if (threaded)
		td_json_threads_start();
	threaded = threaded && pthread_create(&th, NULL, second_thread, &w) == 0;
	take_tasks(&w);
	if (!threaded)
		return td_view_criteria_all(a);
	pthread_join(th, NULL);
	td_json_thread_adopt(&w.mem);
	return w.criteria;
}

/* The 10,000-task benchmark plan's view takes 7.5 kB a task, most of it
 * the task objects and the references they share. What is readied and
 * not taken goes back when the view is made (td_json_region_seal); what
 * is taken and was not readied is zeroed by the view's own threads (a
 * hint of 6 kB left 15 MB of the 10k view to them: 4 ms). */
size_t td_view_bytes_hint(const td_plan *p)
{
	return p->ntasks * (size_t)3072;
}

/* The task objects left to be made when first read: by address, the
 * task's index (open addressing), and whether it is made. One view at a
 * time (td_view_build_lazy to td_view_lazy_end), read and made by one
 * thread of each process. */
static struct {
	const td_plan *p;
	const td_analysis *a;
	const json_t **tab; /* cap slots: an object or NULL */
	size_t *index;      /* the task of each slot */
	size_t cap;
	bool *made;         /* by task */
	json_t *(**vals)[M_COUNT]; /* by task, NULL or its members made alone (member) */
	json_t **made_vals; /* those made, to be released */
	size_t nmade_vals, cap_made_vals;
	td_digest *digest; /* by task: its object's (td_view_task_fields) */
	size_t *values;
	json_t *estimates, *refs; /* shared among the values made */
} lazy;

static size_t lazy_slot(const json_t *v)
{
	size_t i = (size_t)(((uintptr_t)v >> 4) * 0x9E3779B97F4A7C15ull >> 17) & (lazy.cap - 1);
	while (lazy.tab[i] && lazy.tab[i] != v)
		i = (i + 1) & (lazy.cap - 1);
	return i;
}

static void lazy_begin(const td_plan *p, const td_analysis *a, json_t **task_json,
                       const td_view_task_fields *fields)
{
	td_view_lazy_end();
	lazy.p = p;
	lazy.a = a;
	lazy.digest = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *lazy.digest);
	lazy.values = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *lazy.values);
	for (size_t i = 0; i < p->ntasks; i++) {
		lazy.digest[i] = fields[i].digest;
		lazy.values[i] = fields[i].values;
	}
	lazy.vals = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *lazy.vals);
	lazy.cap = 16;
	while (lazy.cap < 2 * p->ntasks + 2)
		lazy.cap *= 2;
	lazy.tab = td_xcalloc(lazy.cap, sizeof *lazy.tab);
	lazy.index = td_xcalloc(lazy.cap, sizeof *lazy.index);
	lazy.made = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *lazy.made);
	for (size_t i = 0; i < p->ntasks; i++) {
		size_t k = lazy_slot(task_json[i]);
		lazy.tab[k] = task_json[i];
		lazy.index[k] = i;
	}
}

void td_view_lazy_end(void)
{
	td_digest_lazy(NULL);
	free(lazy.tab);
	free(lazy.index);
	free(lazy.made);
	for (size_t i = 0; i < lazy.nmade_vals; i++)
		json_decref(lazy.made_vals[i]);
	free(lazy.made_vals);
	for (size_t i = 0; lazy.vals && i < lazy.p->ntasks; i++)
		free(lazy.vals[i]);
	free(lazy.vals);
	free(lazy.digest);
	free(lazy.values);
	json_decref(lazy.estimates);
	json_decref(lazy.refs);
	memset(&lazy, 0, sizeof lazy);
}

/* The task of v when v is a task object not yet made whole, else SIZE_MAX. */
static size_t pending(const json_t *v)
{
	/* such an object holds its eager values only: the size rules out
	 * most objects before a probe */
	if (!lazy.tab || !json_is_object(v) || json_object_size(v) != TD_ARRAY_LEN(eager_names))
		return SIZE_MAX;
	size_t k = lazy_slot(v);
	return lazy.tab[k] && !lazy.made[lazy.index[k]] ? lazy.index[k] : SIZE_MAX;
}

/* What the values made while the view is read share. */
static void shared_begin(void)
{
	td_json_region_resume();
	if (!lazy.estimates) {
		lazy.estimates = json_object();
		lazy.refs = json_object();
	}
	shared.estimates = lazy.estimates;
	shared.refs = lazy.refs;
}

static void shared_end(void)
{
	shared.estimates = shared.refs = NULL;
	td_json_region_reseal();
}

static td_view_task_fields eager_of(json_t *v)
{
	return (td_view_task_fields){.id = json_object_get(v, "id"),
	                             .url = json_object_get(v, "url"),
	                             .title = json_object_get(v, "title"),
	                             .state = json_object_get(v, "state"),
	                             .workstream_title = json_object_get(v, "workstream_title")};
}

/* Task i's object v made whole, in place. */
static void make_whole(json_t *v, size_t i)
{
	shared_begin();
	td_view_task_fields f = eager_of(v);
	json_incref((json_t *)f.id);
	json_incref((json_t *)f.url);
	json_incref((json_t *)f.title);
	json_incref((json_t *)f.state);
	json_incref((json_t *)f.workstream_title);
	json_object_clear(v); /* the members go in again, in their order */
	sink s = {.j = v};
	task_members(&s, lazy.p, lazy.a, lazy.p->tasks[i], &f);
	json_decref((json_t *)f.id);
	json_decref((json_t *)f.url);
	json_decref((json_t *)f.title);
	json_decref((json_t *)f.state);
	json_decref((json_t *)f.workstream_title);
	shared_end();
}

static void realize(json_t *v)
{
	size_t i = pending(v);
	if (i == SIZE_MAX)
		return;
	lazy.made[i] = true;
	make_whole(v, i);
}

/* Which member of a task object k[0..n) names: M_COUNT for none. */
static int member_of(const char *k, size_t n)
{
	static unsigned char len[M_COUNT];
	if (!len[0])
		for (int m = 0; m < M_COUNT; m++)
			len[m] = (unsigned char)strlen(member_names[m]);
	for (int m = 0; m < M_COUNT; m++)
		if (len[m] == n && member_names[m][0] == k[0] && !memcmp(member_names[m], k, n))
			return m;
	return M_COUNT;
}

/* A task object not yet made whole is not changed when a member of it is
 * read: that member alone is made, kept apart (a page's digest reads three
 * members of each of 1,280 tasks; and the object's memory, written, would
 * be copied into the process of the Markdown stage that wrote it). */
static json_t *member(json_t *v, const char *k, size_t n)
{
	json_t *x = json_object_getn(v, k, n);
	if (x || !lazy.tab)
		return x;
	int m = member_of(k, n);
	size_t i = m == M_COUNT ? SIZE_MAX : pending(v);
	if (i == SIZE_MAX)
		return NULL;
	if (!lazy.vals[i]) /* the few tasks read: a table of all would be 2.4 MB at 10k */
		lazy.vals[i] = td_xcalloc(1, sizeof *lazy.vals[i]);
	json_t **slot = &(*lazy.vals[i])[m];
	if (!*slot) {
		shared_begin();
		td_view_task_fields f = eager_of(v); /* (an eager member is never missing) */
		sink s = {.one = slot};
		task_member(&s, lazy.p, lazy.a, lazy.p->tasks[i], &f, m);
		shared_end();
		td_grow((void **)&lazy.made_vals, &lazy.cap_made_vals, lazy.nmade_vals + 1,
		        sizeof *lazy.made_vals);
		lazy.made_vals[lazy.nmade_vals++] = *slot;
	}
	return *slot;
}

static bool fold_member(td_digester *g, td_digest *d, const json_t *v, const char *k, size_t n, bool shape,
                        size_t *values)
{
	size_t i = pending(v);
	int m = i == SIZE_MAX ? M_COUNT : member_of(k, n);
	if (m == M_COUNT)
		return false;
	td_view_task_fields f = eager_of((json_t *)v);
	sink s = {.d = *d, .g = g, .bare = true, .shape = shape};
	task_member(&s, lazy.p, lazy.a, lazy.p->tasks[i], &f, m);
	if (s.n != 1) /* no member after all (a string json_string refused) */
		return false;
	*d = s.d;
	*values = s.values;
	return true;
}

bool td_view_digest_of(const json_t *v, td_digest *d, size_t *values)
{
	size_t i = pending(v);
	if (i == SIZE_MAX)
		return false;
	*d = lazy.digest[i];
	*values = lazy.values[i];
	return true;
}

static const td_lazy_view hooks = {member, td_view_digest_of, fold_member, realize};

static json_t *view_build(const td_plan *p, const td_analysis *a, const td_diags *diags,
                          td_view_task_fields *fields, bool lazy_tasks);

json_t *td_view_build(const td_plan *p, const td_analysis *a, const td_diags *diags)
{
	td_view_task_fields *fields = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *fields);
	json_t *root = view_build(p, a, diags, fields, false);
	free(fields);
	return root;
}

json_t *td_view_build_fields(const td_plan *p, const td_analysis *a, const td_diags *diags,
                             td_view_task_fields *fields)
{
	return view_build(p, a, diags, fields, false);
}

json_t *td_view_build_lazy(const td_plan *p, const td_analysis *a, const td_diags *diags,
                           td_view_task_fields *fields)
{
	return view_build(p, a, diags, fields, true);
}

static json_t *view_build(const td_plan *p, const td_analysis *a, const td_diags *diags,
                          td_view_task_fields *fields, bool lazy_tasks)
{
	json_t *root = json_object();
	json_object_set_new_nocheck(root, "schema", json_integer(TD_VIEW_SCHEMA_VERSION));
	json_object_set_new_nocheck(root, "as_of", td_view_date(p->as_of));
	json_object_set_new_nocheck(root, "project", project_object(p));
	json_object_set_new_nocheck(root, "config",
	                            json_pack("{sb}", "html_unsafe", (int)p->config.html_unsafe));
	json_object_set_new_nocheck(root, "totals", totals(&a->totals, p));

	shared.estimates = json_object();
	shared.refs = json_object();
	td_view_strs_begin();
	/* every task once; the lists below share these objects */
	json_t **task_json = td_xcalloc(p->ntasks ? p->ntasks : 1, sizeof *task_json);
	json_t *criteria = make_task_objects(p, a, task_json, fields, lazy_tasks);
	if (lazy_tasks) {
		lazy_begin(p, a, task_json, fields);
		td_digest_lazy(&hooks);
	}
	json_t *tasks = json_array();
	for (size_t i = 0; i < p->ntasks; i++)
		json_array_append(tasks, task_json[i]);
	json_t *wss = json_array();
	for (size_t w = 0; w < p->nworkstreams; w++)
		json_array_append_new(wss, workstream_object(p, a, w, task_json));
	json_object_set_new_nocheck(root, "workstreams", wss);
	json_object_set_new_nocheck(root, "tasks", tasks);
	add_task_lists(root, p, a, task_json);
	json_object_set_new_nocheck(root, "externals",
	                            external_list(p, a, p->externals, p->nexternals, false));
	json_object_set_new_nocheck(root, "blocking_externals",
	                            external_list(p, a, p->externals, p->nexternals, true));
	json_object_set_new_nocheck(root, "risks", risk_list(p, a));
	json_object_set_new_nocheck(root, "sprints", sprint_list(p, a));
	json_object_set_new_nocheck(root, "archive", archive_object(p, a, task_json));
	json_object_set_new_nocheck(root, "risk_matrix", risk_matrix(p, a));
	json_object_set_new_nocheck(root, "sections", section_list(p));
	json_object_set_new_nocheck(root, "criteria", criteria);
	json_object_set_new_nocheck(root, "evidence", td_view_evidence(a));
	td_view_history(root, p, a); /* history, burndown, forecast, weekly (view_history.c) */
	json_object_set_new_nocheck(root, "findings", finding_list(diags));

	for (size_t i = 0; i < p->ntasks; i++)
		json_decref(task_json[i]);
	free(task_json);
	json_decref(shared.estimates);
	json_decref(shared.refs);
	shared.estimates = NULL;
	shared.refs = NULL;
	td_view_strs_end();
	return root;
}
