#include "load/load.h"
#include "load/plan_keys.h"
#include "load/yaml_doc.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const STATUS_WORDS =
    "todo, in-progress, review, blocked, deferred, done, dropped "
    "(aliases: pending, planned, active, validation-pending, code-complete, complete, completed, deprecated)";

/* "bad status 'x' (expected one of: ...)", or with a near miss
 * "bad status 'in-progres' (did you mean 'in-progress'?); expected one of: ...". */
static void bad_word(ydoc *y, yaml_node_t *n, const char *what, const char *s, const char *near,
                     const char *words)
{
	if (near)
		ydoc_error(y, n, "bad %s '%s' (did you mean '%s'?); expected one of: %s", what, s, near, words);
	else
		ydoc_error(y, n, "bad %s '%s' (expected one of: %s)", what, s, words);
}

/* ids: a letter or digit, then letters, digits, '.', '_' or '-' */
static bool valid_id(const char *s, bool lower_only)
{
	if (!s || !*s || strlen(s) > TD_ID_MAX)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          (!lower_only && c >= 'A' && c <= 'Z');
		if (p != s)
			ok = ok || c == '.' || c == '-' || (!lower_only && c == '_');
		if (!ok)
			return false;
	}
	return true;
}

static const char *get_id(ydoc *y, yaml_node_t *map, const char *what, bool lower_only, td_loc *loc)
{
	const char *id = yget_str(y, map, "id", loc);
	if (!id)
		return NULL;
	if (!valid_id(id, lower_only)) {
		if (strlen(id) > TD_ID_MAX)
			ydoc_error(y, ymap_get(y, map, "id"), "%s id '%.40s...' is too long (%zu bytes; at most %d)",
			           what, id, strlen(id), TD_ID_MAX);
		else
			ydoc_error(y, ymap_get(y, map, "id"),
			           lower_only ? "bad %s id '%s' (expected [a-z0-9][a-z0-9.-]*)"
			                      : "bad %s id '%s' (expected a letter or digit, then letters, digits, '.', '_' or '-')",
			           what, id);
		return NULL;
	}
	return id;
}

static void add_id(td_plan *plan, ydoc *y, yaml_node_t *map, const char *id, td_loc loc,
                   td_node_kind kind, void *ptr)
{
	const td_loc *prev = td_plan_add_id(plan, id, loc, kind, ptr);
	if (!prev)
		return;
	td_loc here = ydoc_loc(y, ymap_get(y, map, "id"));
	if (prev->file == here.file && prev->line == here.line && prev->col == here.col) {
		/* the same mapping again: repeated through a YAML alias */
		size_t k = 0;
		while (k < y->nrepeats && y->repeats[k].node != map)
			k++;
		if (k == y->nrepeats) {
			td_grow((void **)&y->repeats, &y->repeats_cap, k + 1, sizeof *y->repeats);
			y->repeats[k].node = map;
			y->repeats[k].count = 0;
			y->nrepeats++;
		}
		here = ydoc_alias_loc(y, map, ++y->repeats[k].count);
	}
	td_diag_add(y->diags, TD_SEV_ERROR, here, "duplicate id '%s' (first defined at %s:%d:%d)", id, prev->file,
	            prev->line, prev->col);
	y->nerrors++;
}

static void load_criteria(ydoc *y, yaml_node_t *map, td_criteria *out)
{
	static const char *const req[] = {"title", NULL};
	size_t n;
	yaml_node_item_t *items = yget_seq(y, map, "criteria", &n);
	out->items = td_arena_alloc(y->arena, (n ? n : 1) * sizeof(td_criterion));
	out->len = 0;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *c = ynode(y, items[i]);
		if (!ymap_check(y, c, "criterion", td_criterion_keys, req))
			continue;
		td_criterion *cr = &out->items[out->len++];
		cr->loc = ydoc_loc(y, c);
		cr->id = yget_str(y, c, "id", NULL);
		cr->title = yget_text(y, c, "title");
		cr->owner = yget_text(y, c, "owner");
		cr->benchmark = yget_str(y, c, "benchmark", NULL);
		cr->check = yget_str(y, c, "check", NULL);
		cr->min = yget_str(y, c, "min", NULL);
		cr->max = yget_str(y, c, "max", NULL);
		cr->unit = yget_str(y, c, "unit", NULL);
		bool b;
		cr->done = yget_bool(y, c, "done", &b) ? b : -1;
		int kinds = (cr->benchmark != NULL) + (cr->check != NULL) + (cr->done >= 0);
		if (kinds > 1)
			ydoc_error(y, c, "a criterion takes one of 'benchmark', 'check' or 'done', not several");
		if ((cr->min || cr->max) && !cr->benchmark)
			ydoc_error(y, c, "'min' and 'max' need a 'benchmark' to compare with");
		if (cr->benchmark && !cr->min && !cr->max)
			ydoc_error(y, c, "a 'benchmark' criterion needs 'min' or 'max' (e.g. min: 1 GB/s)");
	}
}

static td_task *load_task(td_plan *plan, ydoc *y, yaml_node_t *t, td_phase *ph)
{
	static const char *const req[] = {"id", "title", NULL};
	if (!ymap_check(y, t, "task", td_task_keys, req))
		return NULL;
	td_task *task = td_arena_alloc(plan->arena, sizeof *task);
	task->phase = ph;
	task->done_on = TD_DATE_NONE;
	task->added_on = TD_DATE_NONE;
	task->priority = TD_PRIO_NONE;
	task->id = get_id(y, t, "task", false, &task->loc);
	if (task->id)
		add_id(plan, y, t, task->id, task->loc, TD_NODE_TASK, task);
	else
		task->id = td_arena_printf(plan->arena, "?%d:%d", (int)t->start_mark.line + 1,
		                           (int)t->start_mark.column + 1);
	task->title = yget_text(y, t, "title");
	if (!task->title)
		task->title = "";
	const char *s;
	yaml_node_t *v;
	if ((s = yget_str(y, t, "priority", NULL))) {
		int p = td_priority_parse(s);
		if (p < 0)
			bad_word(y, ymap_get(y, t, "priority"), "priority", s, td_priority_suggest(s),
			         "critical, high, medium, low (aliases: P0, P1, P2, P3)");
		else
			task->priority = (td_priority)p;
	}
	if ((s = yget_str(y, t, "status", &task->status_loc))) {
		int st = td_status_parse(s);
		if (st < 0)
			bad_word(y, ymap_get(y, t, "status"), "status", s, td_status_suggest(s), STATUS_WORDS);
		else
			task->status = (td_status)st;
	} else {
		task->status_loc = task->loc;
	}
	if ((s = yget_str(y, t, "estimate", NULL))) {
		int erc = td_estimate_parse(s, plan->hours_per_day, plan->days_per_week, &task->estimate);
		if (erc == TD_ESTIMATE_REVERSED)
			ydoc_error(y, ymap_get(y, t, "estimate"),
			           "bad estimate '%s' (the range is reversed: write the smaller number first, e.g. 2-3d)", s);
		else if (erc == TD_ESTIMATE_ZERO)
			ydoc_error(y, ymap_get(y, t, "estimate"),
			           "bad estimate '%s' (an estimate must be more than 0; leave 'estimate' out when it is unknown)",
			           s);
		else if (erc != 0)
			ydoc_error(y, ymap_get(y, t, "estimate"),
			           "bad estimate '%s' (expected a number and a unit h, d or w, or a range: "
			           "4h, 0.5h, 2d, 2-3d, 10w)",
			           s);
	}
	yget_strlist(y, t, "depends_on", &task->depends_on, false);
	yget_strlist(y, t, "blockers", &task->blockers, true);
	task->owner = yget_text(y, t, "owner");
	if ((v = ymap_get(y, t, "done_on")) && !ynode_is_null(v))
		yget_date(y, t, "done_on", &task->done_on);
	if ((v = ymap_get(y, t, "added_on")) && !ynode_is_null(v))
		yget_date(y, t, "added_on", &task->added_on);
	if (task->added_on != TD_DATE_NONE && task->done_on != TD_DATE_NONE && task->added_on > task->done_on)
		ydoc_error(y, ymap_get(y, t, "added_on"), "added_on is after done_on (a task is added before it is done)");
	yget_strlist(y, t, "validation", &task->validation, true);
	load_criteria(y, t, &task->criteria);
	yget_strlist(y, t, "deliverables", &task->deliverables, true);
	task->notes = yget_text(y, t, "notes");
	return task;
}

static void push_task(td_plan *plan, td_task *t, size_t *cap)
{
	td_grow((void **)&plan->tasks, cap, plan->ntasks + 1, sizeof *plan->tasks);
	plan->tasks[plan->ntasks++] = t;
}

static size_t task_cap(const td_plan *plan)
{
	/* capacity is always the next power of two >= 8 that holds ntasks */
	size_t c = 8;
	while (c < plan->ntasks)
		c *= 2;
	return plan->ntasks ? c : 0;
}

static td_phase *load_phase(td_plan *plan, ydoc *y, yaml_node_t *p, td_workstream *ws)
{
	static const char *const req[] = {"id", "title", NULL};
	if (!ymap_check(y, p, "phase", td_phase_keys, req))
		return NULL;
	td_phase *ph = td_arena_alloc(plan->arena, sizeof *ph);
	ph->workstream = ws;
	ph->id = get_id(y, p, "phase", false, &ph->loc);
	if (ph->id)
		add_id(plan, y, p, ph->id, ph->loc, TD_NODE_PHASE, ph);
	else
		ph->id = td_arena_printf(plan->arena, "?%d:%d", (int)p->start_mark.line + 1,
		                         (int)p->start_mark.column + 1);
	ph->title = yget_text(y, p, "title");
	if (!ph->title)
		ph->title = "";
	ph->objective = yget_text(y, p, "objective");
	yget_strlist(y, p, "outcome", &ph->outcome, true);
	yget_strlist(y, p, "validation", &ph->validation, true);
	yget_strlist(y, p, "depends_on", &ph->depends_on, false);
	load_criteria(y, p, &ph->criteria);
	size_t n;
	yaml_node_item_t *items = yget_seq(y, p, "tasks", &n);
	ph->tasks = td_arena_alloc(plan->arena, (n ? n : 1) * sizeof(td_task *));
	size_t cap = task_cap(plan);
	for (size_t i = 0; i < n; i++) {
		td_task *t = load_task(plan, y, ynode(y, items[i]), ph);
		if (!t)
			continue;
		ph->tasks[ph->ntasks++] = t;
		push_task(plan, t, &cap);
	}
	return ph;
}

/* The workstream an archive file's phases join: the one of the same id
 * when the plan has it already, else NULL. */
static td_workstream *archived_into(const td_plan *plan, const char *id)
{
	td_node_ref ref;
	if (id && td_plan_lookup(plan, id, &ref) && ref.kind == TD_NODE_WORKSTREAM)
		return ref.ptr;
	return NULL;
}

/* Appends the phases of items (n of them) to ws, each from file y. */
static void load_phases(td_plan *plan, ydoc *y, td_workstream *ws, yaml_node_item_t *items, size_t n,
                        bool archived)
{
	td_phase **all = td_arena_alloc(plan->arena, (ws->nphases + n ? ws->nphases + n : 1) * sizeof *all);
	if (ws->nphases)
		memcpy(all, ws->phases, ws->nphases * sizeof *all);
	ws->phases = all;
	for (size_t i = 0; i < n; i++) {
		td_phase *ph = load_phase(plan, y, ynode(y, items[i]), ws);
		if (!ph)
			continue;
		ph->archived = archived;
		ph->file = y->file;
		ws->phases[ws->nphases++] = ph;
		ws->narchived += archived;
	}
}

static const char *const EXT_STATUS_WORDS =
    "expected, at-risk, late, arrived (aliases: pending, ordered, delayed, delivered, received, done)";

/* One entry of a workstream's external list, or NULL when it is not a
 * mapping of the allowed keys (reported). */
static td_external *load_external(td_plan *plan, ydoc *y, yaml_node_t *m, td_workstream *ws)
{
	static const char *const req[] = {"id", "title", "expected_on", NULL};
	if (!ymap_check(y, m, "external item", td_external_keys, req))
		return NULL;
	td_external *x = td_arena_alloc(plan->arena, sizeof *x);
	x->workstream = ws;
	x->expected_on = TD_DATE_NONE;
	x->id = get_id(y, m, "external item", false, &x->loc);
	if (x->id)
		add_id(plan, y, m, x->id, x->loc, TD_NODE_EXTERNAL, x);
	else
		x->id = td_arena_printf(plan->arena, "?%d:%d", (int)m->start_mark.line + 1,
		                        (int)m->start_mark.column + 1);
	x->title = yget_text(y, m, "title");
	if (!x->title)
		x->title = "";
	const char *s;
	if ((s = yget_str(y, m, "status", &x->status_loc))) {
		int st = td_ext_status_parse(s);
		if (st < 0)
			bad_word(y, ymap_get(y, m, "status"), "external status", s, td_ext_status_suggest(s),
			         EXT_STATUS_WORDS);
		else
			x->status = (td_ext_status)st;
	} else {
		x->status_loc = x->loc;
	}
	yget_date(y, m, "expected_on", &x->expected_on);
	x->expected_loc = ydoc_loc(y, ymap_get(y, m, "expected_on"));
	x->owner = yget_text(y, m, "owner");
	x->contact = yget_text(y, m, "contact");
	x->notes = yget_text(y, m, "notes");
	x->reference = yget_str(y, m, "reference", NULL);
	return x;
}

static void load_externals(td_plan *plan, ydoc *y, yaml_node_t *root, td_workstream *ws)
{
	size_t n;
	yaml_node_item_t *items = yget_seq(y, root, "external", &n);
	ws->externals = td_arena_alloc(plan->arena, (n ? n : 1) * sizeof(td_external *));
	size_t cap = 8;
	while (cap < plan->nexternals)
		cap *= 2;
	if (!plan->nexternals)
		cap = 0;
	for (size_t i = 0; i < n; i++) {
		td_external *x = load_external(plan, y, ynode(y, items[i]), ws);
		if (!x)
			continue;
		ws->externals[ws->nexternals++] = x;
		td_grow((void **)&plan->externals, &cap, plan->nexternals + 1, sizeof *plan->externals);
		plan->externals[plan->nexternals++] = x;
	}
}

/* The ids a workstream file that does not parse seems to define: the value
 * of every line "id: X" (after spaces and list dashes), recorded in the plan
 * so that references to them are not reported as mistakes of their own. */
static void scan_unparsed_ids(td_plan *plan, const char *text, size_t len)
{
	for (size_t p = 0; p < len;) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t i = p;
		while (i < e && (text[i] == ' ' || text[i] == '\t' || (text[i] == '-' && i + 1 < e && text[i + 1] == ' ')))
			i++;
		if (e - i > 3 && memcmp(text + i, "id:", 3) == 0) {
			i += 3;
			while (i < e && (text[i] == ' ' || text[i] == '\t'))
				i++;
			char q = i < e && (text[i] == '"' || text[i] == '\'') ? text[i++] : 0;
			size_t b = i;
			while (i < e && text[i] != q && (q || (text[i] != ' ' && text[i] != '#' && text[i] != '\r')))
				i++;
			if (i > b && i - b <= TD_ID_MAX)
				td_plan_add_unparsed_id(plan, text + b, i - b);
		}
		p = e + 1;
	}
}

/* A workstream file (archived: a file of content/archive/, whose phases
 * join the workstream of the same id when there is one). */
static int load_workstream_text(td_plan *plan, const char *file, const char *text, size_t len,
                                td_diags *diags, bool archived, const td_kv *cache, const td_buf *parsed,
                                ydoc_ahead *ahead)
{
	ydoc y;
	int rc = ahead && ydoc_take_ahead(&y, ahead, plan->arena, file, text, len, diags) ? 0
	         : parsed ? ydoc_load_parsed(&y, plan->arena, file, text, len, diags, cache, parsed->ptr,
	                                     parsed->len)
	                  : ydoc_load_cached(&y, plan->arena, file, text, len, diags, cache);
	yaml_node_t *root = ydoc_root(&y);
	static const char *const req[] = {"id", "title", NULL};
	if (rc != 0) {
		scan_unparsed_ids(plan, text, len);
		goto out;
	}
	if (!root || ynode_is_null(root)) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y.file, 1, 1},
		            "empty file (expected a workstream: a mapping with id, title and phases)");
		rc = -1;
		goto out;
	}
	if (!ymap_check(&y, root, "workstream", td_workstream_keys, req))
		goto out;
	td_loc idloc = {0};
	const char *id = get_id(&y, root, "workstream", true, &idloc);
	td_workstream *into = archived ? archived_into(plan, id) : NULL;
	if (into) {
		size_t n;
		yaml_node_item_t *items = yget_seq(&y, root, "phases", &n);
		load_phases(plan, &y, into, items, n, true);
		goto out;
	}
	td_workstream *ws = td_arena_alloc(plan->arena, sizeof *ws);
	ws->file = y.file;
	ws->order = INT32_MAX;
	ws->archive_only = archived;
	ws->id = id;
	ws->loc = idloc;
	if (ws->id)
		add_id(plan, &y, root, ws->id, ws->loc, TD_NODE_WORKSTREAM, ws);
	else
		ws->id = td_arena_printf(plan->arena, "?%s", file);
	ws->title = yget_text(&y, root, "title");
	if (!ws->title)
		ws->title = "";
	int order;
	if (yget_int(&y, root, "order", &order))
		ws->order = order;
	ws->reference = yget_str(&y, root, "reference", NULL);
	ws->summary = yget_text(&y, root, "summary");
	load_criteria(&y, root, &ws->criteria);
	/* in the order they are written, so that a duplicate id is reported
	 * at its second place */
	yaml_node_t *xn = ymap_get(&y, root, "external"), *pn = ymap_get(&y, root, "phases");
	bool externals_first = xn && (!pn || xn->start_mark.index < pn->start_mark.index);
	if (externals_first)
		load_externals(plan, &y, root, ws);
	size_t n;
	yaml_node_item_t *items = yget_seq(&y, root, "phases", &n);
	load_phases(plan, &y, ws, items, n, archived);
	if (!externals_first)
		load_externals(plan, &y, root, ws);
	size_t wcap = 8;
	while (wcap < plan->nworkstreams)
		wcap *= 2;
	if (!plan->nworkstreams)
		wcap = 0;
	td_grow((void **)&plan->workstreams, &wcap, plan->nworkstreams + 1, sizeof *plan->workstreams);
	plan->workstreams[plan->nworkstreams++] = ws;
out:
	if (y.nerrors)
		rc = -1;
	ydoc_keep_clean(&y);
	ydoc_free(&y);
	return rc;
}

int td_plan_load_workstream_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags)
{
	return load_workstream_text(plan, file, text, len, diags, false, NULL, NULL, NULL);
}

int td_plan_load_archive_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags)
{
	return load_workstream_text(plan, file, text, len, diags, true, NULL, NULL, NULL);
}

static void load_sprints(td_plan *plan, ydoc *y, yaml_node_t *root)
{
	static const char *const req[] = {"name", "start", NULL};
	size_t n;
	yaml_node_item_t *items = yget_seq(y, root, "sprints", &n);
	plan->sprints = td_arena_alloc(plan->arena, (n ? n : 1) * sizeof(td_sprint));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *s = ynode(y, items[i]);
		if (!ymap_check(y, s, "sprint", td_sprint_keys, req))
			continue;
		td_sprint *sp = &plan->sprints[plan->nsprints++];
		sp->loc = ydoc_loc(y, s);
		sp->name = yget_text(y, s, "name");
		if (!sp->name)
			sp->name = "";
		sp->start = sp->end = TD_DATE_NONE;
		yget_date(y, s, "start", &sp->start);
		if (!yget_date(y, s, "end", &sp->end) && sp->start != TD_DATE_NONE)
			sp->end = sp->start + 6;
		if (sp->start != TD_DATE_NONE && sp->end != TD_DATE_NONE && sp->end < sp->start)
			ydoc_error(y, ymap_get(y, s, "end"), "sprint ends before it starts");
		yget_strlist(y, s, "focus", &sp->focus, false);
		sp->notes = yget_text(y, s, "notes");
	}
}

/* What teams keep about a risk beyond its score (docs/schema.md). */
static void load_risk_details(td_plan *plan, ydoc *y, yaml_node_t *r, td_risk *rk)
{
	(void)plan;
	yaml_node_t *v;
	rk->description = yget_text(y, r, "description");
	rk->owner = yget_text(y, r, "owner");
	rk->contingency = yget_text(y, r, "contingency");
	yget_strlist(y, r, "indicators", &rk->indicators, false);
	rk->review_on = TD_DATE_NONE;
	if ((v = ymap_get(y, r, "review_on")) && !ynode_is_null(v))
		yget_date(y, r, "review_on", &rk->review_on);
}

static void load_risks(td_plan *plan, ydoc *y, yaml_node_t *root)
{
	static const char *const req[] = {"id", "title", "impact", "probability", NULL};
	size_t n;
	yaml_node_item_t *items = yget_seq(y, root, "risks", &n);
	plan->risks = td_arena_alloc(plan->arena, (n ? n : 1) * sizeof(td_risk));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *r = ynode(y, items[i]);
		if (!ymap_check(y, r, "risk", td_risk_keys, req))
			continue;
		td_risk *rk = &plan->risks[plan->nrisks];
		rk->id = get_id(y, r, "risk", false, &rk->loc);
		if (!rk->id) { /* reported; read the rest so its mistakes are reported too */
			rk->loc = ydoc_loc(y, r);
			rk->id = td_arena_printf(plan->arena, "?%d:%d", rk->loc.line, rk->loc.col);
		}
		for (size_t k = 0; k < plan->nrisks; k++)
			if (!strcmp(plan->risks[k].id, rk->id)) {
				ydoc_error(y, ymap_get(y, r, "id"), "duplicate risk id '%s' (first defined at %s:%d:%d)",
				           rk->id, plan->risks[k].loc.file, plan->risks[k].loc.line,
				           plan->risks[k].loc.col);
				break;
			}
		plan->nrisks++;
		rk->title = yget_text(y, r, "title");
		if (!rk->title)
			rk->title = "";
		const char *s;
		if ((s = yget_str(y, r, "impact", NULL))) {
			int l = td_level_parse(s, true);
			if (l < 0)
				bad_word(y, ymap_get(y, r, "impact"), "impact", s, td_level_suggest(s, true),
				         "low, medium, high, critical");
			else
				rk->impact = (td_level)l;
		}
		if ((s = yget_str(y, r, "probability", NULL))) {
			int l = td_level_parse(s, false);
			if (l < 0)
				bad_word(y, ymap_get(y, r, "probability"), "probability", s, td_level_suggest(s, false),
				         "low, medium, high");
			else
				rk->probability = (td_level)l;
		}
		rk->mitigation = yget_text(y, r, "mitigation");
		yget_strlist(y, r, "affects", &rk->affects, false);
		if ((s = yget_str(y, r, "status", NULL))) {
			int st = td_risk_status_parse(s);
			if (st < 0)
				bad_word(y, ymap_get(y, r, "status"), "risk status", s, td_risk_status_suggest(s),
				         "open, mitigating, mitigated, closed");
			else
				rk->status = (td_risk_status)st;
		}
		load_risk_details(plan, y, r, rk);
	}
}

static void load_sections(td_plan *plan, ydoc *y, yaml_node_t *root)
{
	static const char *const req[] = {"title", NULL};
	size_t n;
	yaml_node_item_t *items = yget_seq(y, root, "sections", &n);
	plan->sections = td_arena_alloc(plan->arena, (n ? n : 1) * sizeof(td_section));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *s = ynode(y, items[i]);
		if (!ymap_check(y, s, "section", td_section_keys, req))
			continue;
		td_section *sec = &plan->sections[plan->nsections++];
		sec->title = yget_text(y, s, "title");
		if (!sec->title)
			sec->title = "";
		sec->body = yget_text(y, s, "body");
	}
}

int td_plan_load_project_text(td_plan *plan, const char *file, const char *text, size_t len, td_diags *diags)
{
	ydoc y;
	int rc = ydoc_load(&y, plan->arena, file, text, len, diags);
	plan->project_file = y.file;
	yaml_node_t *root = ydoc_root(&y);
	static const char *const req[] = {"name", NULL};
	if (rc != 0)
		goto out;
	if (!root || ynode_is_null(root)) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){y.file, 1, 1},
		            "empty file (expected the project: a mapping with at least 'name')");
		rc = -1;
		goto out;
	}
	if (!ymap_check(&y, root, "project", td_project_keys, req))
		goto out;
	plan->name = yget_text(&y, root, "name");
	plan->title = yget_text(&y, root, "title");
	plan->summary = yget_text(&y, root, "summary");
	yget_date(&y, root, "target", &plan->target);
	yaml_node_t *cal = ymap_get(&y, root, "calendar");
	if (!ynode_is_null(cal)) {
		if (ymap_check(&y, cal, "calendar", td_calendar_keys, NULL)) {
			double v;
			if (yget_number(&y, cal, "hours_per_day", &v)) {
				if (v <= 0 || v > 24)
					ydoc_error(&y, ymap_get(&y, cal, "hours_per_day"),
					           "hours_per_day must be more than 0 and at most 24");
				else
					plan->hours_per_day = v;
			}
			if (yget_number(&y, cal, "days_per_week", &v)) {
				if (v <= 0 || v > 7)
					ydoc_error(&y, ymap_get(&y, cal, "days_per_week"),
					           "days_per_week must be more than 0 and at most 7");
				else
					plan->days_per_week = v;
			}
		}
	}
	load_sprints(plan, &y, root);
	load_risks(plan, &y, root);
	load_sections(plan, &y, root);
out:
	if (y.nerrors)
		rc = -1;
	ydoc_free(&y);
	return rc;
}

static int cmp_ws(const void *a, const void *b)
{
	const td_workstream *x = *(td_workstream *const *)a, *y = *(td_workstream *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	/* by file name: a workstream known only from content/archive/ keeps
	 * the place its workstream file had */
	const char *xs = strrchr(x->file, '/'), *ys = strrchr(y->file, '/');
	int c = strcmp(xs ? xs + 1 : x->file, ys ? ys + 1 : y->file);
	return c ? c : strcmp(x->file, y->file);
}

void td_plan_load_finish(td_plan *plan)
{
	if (plan->nworkstreams > 1)
		qsort(plan->workstreams, plan->nworkstreams, sizeof *plan->workstreams, cmp_ws);
	td_plan_finish(plan);
}

/* NULL when path may be read as a plan file, else why not: taskdoc reads
 * regular files only (a named pipe would block, a device never end), and
 * follows a symbolic link only to a file inside the project (the current
 * folder), so that a link cannot publish a file from elsewhere. */
static const char *unreadable(const char *path)
{
	struct stat ls, st;
	if (lstat(path, &ls) != 0)
		return NULL; /* td_file_read says why */
	if (S_ISLNK(ls.st_mode)) {
		char *target = realpath(path, NULL), *root = realpath(".", NULL);
		size_t n = root ? strlen(root) : 0;
		bool inside = target && root &&
		              (!strcmp(root, "/") || (!strncmp(target, root, n) && target[n] == '/'));
		const char *why = inside ? NULL
		                         : "is a symbolic link to a file outside the project (the folder taskdoc "
		                           "runs in); taskdoc does not follow it";
		free(target);
		free(root);
		if (why)
			return why;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return S_ISFIFO(st.st_mode) ? "is a named pipe, not a file; taskdoc reads regular files only"
		                            : "is a device or socket, not a file; taskdoc reads regular files only";
	return NULL;
}

typedef enum { FILE_PROJECT, FILE_WORKSTREAM, FILE_ARCHIVE } file_kind;

/* The bytes of the YAML files of dir (0 if it cannot be read); *n counts them. */
static uintmax_t dir_bytes(const char *dir, size_t *n)
{
	char **names;
	size_t k;
	uintmax_t sum = 0;
	if (td_dir_names(dir, &names, &k) != 0)
		return 0;
	td_buf path = TD_BUF_INIT;
	for (size_t i = 0; i < k; i++) {
		struct stat st;
		if (!td_has_suffix(names[i], ".yaml") && !td_has_suffix(names[i], ".yml"))
			continue;
		td_buf_clear(&path);
		td_buf_printf(&path, "%s/%s", dir, names[i]);
		if (stat(td_buf_cstr(&path), &st) == 0 && S_ISREG(st.st_mode)) {
			sum += (uintmax_t)st.st_size;
			(*n)++;
		}
	}
	td_buf_free(&path);
	td_dir_names_free(names, k);
	return sum;
}

/* The plan's files parsed ahead on two processes: by path, each file's
 * document as ydoc_preparse encoded it (empty: not parsed ahead). */
typedef struct preparsed {
	char **paths;
	td_buf *docs;
	size_t n, next; /* files are loaded in the order they were parsed */
	bool ahead;     /* false: none was (too few bytes, or one process) */
	size_t used;    /* documents taken from here */
	const td_kv *cache;
	/* a rebuild's: the documents the cache holds, decoded by a thread
	 * ahead of the load (each ready once done is past it), while the load
	 * makes the model of those before (decoding is half of a 10k plan's
	 * load from the cache) */
	bool decoding;
	ydoc_ahead *dec;
	size_t done;  /* the thread is past this many files */
	size_t asked; /* the load has asked for this many (the furthest it went) */
	bool stop;    /* the load is over: the thread decodes no more */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more;
} preparsed;

/* How many files the decode thread goes ahead of the load at most: a
 * few documents are in memory at once, not the whole plan's. */
#define DECODE_AHEAD 8

/* Plans smaller than this are parsed in one process: forking, and
 * writing and reading back what was parsed, cost about what they save
 * (measured: 0.7 MB of YAML 1.09x the time of one process, 1.5 MB 0.98x,
 * the 3.6 MB of 10,000 tasks 0.84x). */
#define PREPARSE_MIN_BYTES ((uintmax_t)2 << 20)

/* The index of path in pre->paths (pre->n: not there). */
static size_t preparsed_index(preparsed *pre, const char *path)
{
	size_t i = pre->next < pre->n && !strcmp(pre->paths[pre->next], path) ? pre->next : pre->n;
	for (size_t k = 0; i == pre->n && k < pre->n; k++)
		if (!strcmp(pre->paths[k], path))
			i = k;
	if (i < pre->n)
		pre->next = i + 1;
	return i;
}

/* The document parsed ahead for path, or NULL. */
static const td_buf *preparsed_doc(preparsed *pre, const char *path)
{
	if (!pre || !pre->ahead)
		return NULL;
	size_t i = preparsed_index(pre, path);
	if (i == pre->n || !pre->docs[i].len)
		return NULL;
	pre->used++;
	return &pre->docs[i];
}

/* The document decoded ahead for path, once the thread is past it, or
 * NULL. */
static ydoc_ahead *decoded_doc(preparsed *pre, const char *path)
{
	if (!pre || !pre->decoding)
		return NULL;
	size_t i = preparsed_index(pre, path);
	if (i == pre->n)
		return NULL;
	pthread_mutex_lock(&pre->lock);
	if (pre->asked < i + 1) {
		pre->asked = i + 1;
		pthread_cond_broadcast(&pre->more);
	}
	while (pre->done <= i)
		pthread_cond_wait(&pre->more, &pre->lock);
	pthread_mutex_unlock(&pre->lock);
	return &pre->dec[i];
}

static void *decode_thread(void *arg)
{
	preparsed *pre = arg;
	for (size_t i = 0; i < pre->n; i++) {
		pthread_mutex_lock(&pre->lock);
		while (i >= pre->asked + DECODE_AHEAD && !pre->stop)
			pthread_cond_wait(&pre->more, &pre->lock);
		bool stop = pre->stop;
		pthread_mutex_unlock(&pre->lock);
		if (stop)
			break;
		char *text;
		size_t len;
		if (!unreadable(pre->paths[i]) &&
		    td_file_read_max(pre->paths[i], TD_PLAN_FILE_MAX, &text, &len) == 0)
			ydoc_decode_ahead(&pre->dec[i], text, len, pre->cache);
		pthread_mutex_lock(&pre->lock);
		pre->done = i + 1;
		pthread_cond_broadcast(&pre->more);
		pthread_mutex_unlock(&pre->lock);
	}
	return NULL;
}

/* The thread that decodes pre's documents ahead; false if it did not start. */
static bool decode_ahead(preparsed *pre)
{
	pre->dec = td_xcalloc(pre->n, sizeof *pre->dec);
	pthread_mutex_init(&pre->lock, NULL);
	pthread_cond_init(&pre->more, NULL);
	pre->decoding = pthread_create(&pre->thread, NULL, decode_thread, pre) == 0;
	if (!pre->decoding) {
		pthread_mutex_destroy(&pre->lock);
		pthread_cond_destroy(&pre->more);
	}
	return pre->decoding;
}

static bool preparse_one(void *ud, size_t i, td_buf *out)
{
	preparsed *pre = ud;
	char *text;
	size_t len;
	if (unreadable(pre->paths[i]) || td_file_read_max(pre->paths[i], TD_PLAN_FILE_MAX, &text, &len) != 0)
		return true; /* the load says why */
	ydoc_preparse(out, pre->paths[i], text, len, pre->cache);
	free(text);
	return true;
}

/* Whether the cache most likely holds the documents of nearly all of
 * pre's files, as after a build that changed a few: two of the first,
 * middle and last files are there (a build after a change to every file,
 * or with a new cache, finds none of them). The files a rebuild changed
 * are then parsed where they are loaded. */
static bool likely_cached(const preparsed *pre)
{
	if (!pre->cache || pre->n < 3)
		return false;
	const size_t probe[3] = {0, pre->n / 2, pre->n - 1};
	int kept = 0;
	for (size_t k = 0; k < 3; k++) {
		char *text;
		size_t len;
		const char *path = pre->paths[probe[k]];
		if (unreadable(path) || td_file_read_max(path, TD_PLAN_FILE_MAX, &text, &len) != 0)
			continue;
		kept += ydoc_cached(text, len, pre->cache);
		free(text);
	}
	return kept >= 2;
}

/* The YAML files of dirs[0..ndirs), in the order load_dir takes them,
 * parsed on two processes into pre when they are big enough together. */
static void preparse(preparsed *pre, const char *const *dirs, size_t ndirs, const td_kv *cache, size_t *second)
{
	uintmax_t bytes = 0;
	size_t files = 0, cap = 0;
	for (size_t d = 0; d < ndirs; d++)
		bytes += dir_bytes(dirs[d], &files);
	if (files < 2 || bytes < PREPARSE_MIN_BYTES)
		return;
	for (size_t d = 0; d < ndirs; d++) {
		char **names;
		size_t n;
		if (td_dir_names(dirs[d], &names, &n) != 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (!td_has_suffix(names[i], ".yaml") && !td_has_suffix(names[i], ".yml"))
				continue;
			char *p = td_xmalloc(strlen(dirs[d]) + strlen(names[i]) + 2);
			sprintf(p, "%s/%s", dirs[d], names[i]);
			td_grow((void **)&pre->paths, &cap, pre->n + 1, sizeof *pre->paths);
			pre->paths[pre->n++] = p;
		}
		td_dir_names_free(names, n);
	}
	pre->docs = td_xcalloc(pre->n ? pre->n : 1, sizeof *pre->docs);
	pre->cache = cache;
	if (likely_cached(pre)) {
		/* a rebuild: a second process would only hash files for nothing;
		 * a second thread decodes the documents ahead */
		decode_ahead(pre);
		return;
	}
	bool ok;
	*second = td_split_run(pre->n, NULL, true, preparse_one, NULL, pre, pre->docs, &ok);
	pre->ahead = true;
}

static void preparsed_free(preparsed *pre)
{
	if (pre->decoding) {
		pthread_mutex_lock(&pre->lock);
		pre->stop = true; /* the files the load did not ask for are not decoded */
		pthread_cond_broadcast(&pre->more);
		pthread_mutex_unlock(&pre->lock);
		pthread_join(pre->thread, NULL);
		for (size_t i = 0; i < pre->n; i++)
			ydoc_ahead_free(&pre->dec[i]); /* those not taken */
		pthread_mutex_destroy(&pre->lock);
		pthread_cond_destroy(&pre->more);
	}
	free(pre->dec);
	for (size_t i = 0; i < pre->n; i++) {
		free(pre->paths[i]);
		td_buf_free(&pre->docs[i]);
	}
	free(pre->paths);
	free(pre->docs);
}

static int load_file(td_plan *plan, const char *path, file_kind kind, const td_kv *cache, preparsed *pre,
                     td_diags *diags)
{
	char *text;
	size_t len;
	const char *why = unreadable(path);
	if (why) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "%s", why);
		return -1;
	}
	if (td_file_read_max(path, TD_PLAN_FILE_MAX, &text, &len) != 0) {
		plan->unread_file = true; /* its ids are unknown: references to any are consequences */
		if (errno == EFBIG)
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0},
			            "is %.1f MB; taskdoc reads plan files of up to %zu MB (split it: one file per workstream)",
			            (double)len / (1 << 20), TD_PLAN_FILE_MAX >> 20);
		else
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "cannot read: %s", strerror(errno));
		return -1;
	}
	int rc = kind == FILE_PROJECT
	             ? td_plan_load_project_text(plan, path, text, len, diags)
	             : load_workstream_text(plan, path, text, len, diags, kind == FILE_ARCHIVE, cache,
	                                    preparsed_doc(pre, path), decoded_doc(pre, path));
	free(text);
	return rc;
}

/* Loads every *.yaml and *.yml of dir as kind; *nyaml counts them.
 * Returns 0, or -1 (diagnostics added); a missing dir is an error only
 * when required. */
static int load_dir(td_plan *plan, const char *dir, file_kind kind, bool required, size_t *nyaml, const td_kv *cache,
                    preparsed *pre, td_diags *diags)
{
	char **names;
	size_t n;
	*nyaml = 0;
	if (td_dir_names(dir, &names, &n) != 0) {
		if (!required && errno == ENOENT)
			return 0;
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot open the %s folder: %s",
		            kind == FILE_ARCHIVE ? "archive" : "workstreams", strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!td_has_suffix(names[i], ".yaml") && !td_has_suffix(names[i], ".yml"))
			continue;
		(*nyaml)++;
		char *p = td_arena_printf(plan->arena, "%s/%s", dir, names[i]);
		if (load_file(plan, p, kind, cache, pre, diags) != 0)
			rc = -1;
	}
	td_dir_names_free(names, n);
	return rc;
}

/* Whether the plan's files together stay within TD_PLAN_TOTAL_MAX: checked
 * on their sizes, before any is parsed. */
static bool plan_size_ok(td_plan *plan, td_diags *diags)
{
	const char *content = plan->config.content;
	size_t n = 0;
	uintmax_t sum = dir_bytes(td_arena_printf(plan->arena, "%s/workstreams", content), &n) +
	                dir_bytes(td_arena_printf(plan->arena, "%s/archive", content), &n);
	struct stat st;
	if (stat(td_arena_printf(plan->arena, "%s/project.yaml", content), &st) == 0 && S_ISREG(st.st_mode))
		sum += (uintmax_t)st.st_size, n++;
	if (sum <= TD_PLAN_TOTAL_MAX)
		return true;
	td_diag_add(diags, TD_SEV_ERROR, (td_loc){content, 0, 0},
	            "the plan's %zu YAML files hold %.1f MB; taskdoc reads plans of up to %zu MB (a plan of "
	            "100,000 tasks is about 36 MB)",
	            n, (double)sum / (1 << 20), TD_PLAN_TOTAL_MAX >> 20);
	plan->unread_file = true;
	return false;
}

int td_plan_load(td_plan *plan, td_diags *diags)
{
	return td_plan_load_cached(plan, NULL, 1, diags);
}

int td_plan_load_cached(td_plan *plan, const td_kv *cache, int processes, td_diags *diags)
{
	const char *content = plan->config.content;
	int rc = 0;
	if (!plan_size_ok(plan, diags))
		return -1;
	char *path = td_arena_printf(plan->arena, "%s/project.yaml", content);
	if (load_file(plan, path, FILE_PROJECT, NULL, NULL, diags) != 0)
		rc = -1;

	char *wdir = td_arena_printf(plan->arena, "%s/workstreams", content);
	/* after the workstreams: archived phases join them by id */
	char *adir = td_arena_printf(plan->arena, "%s/archive", content);
	preparsed pre = {0};
	if (processes > 1)
		preparse(&pre, (const char *const[]){wdir, adir}, 2, cache, &plan->parsed_second);
	size_t nyaml = 0, narch = 0;
	if (load_dir(plan, wdir, FILE_WORKSTREAM, true, &nyaml, cache, &pre, diags) != 0) {
		if (!nyaml) {
			preparsed_free(&pre);
			return -1;
		}
		rc = -1;
	}
	if (load_dir(plan, adir, FILE_ARCHIVE, false, &narch, cache, &pre, diags) != 0)
		rc = -1;
	plan->parsed_ahead = pre.used;
	preparsed_free(&pre);
	if (nyaml == 0 && narch == 0)
		td_diag_add(diags, TD_SEV_WARNING, (td_loc){wdir, 0, 0}, "no workstream files (*.yaml) here");
	td_plan_load_finish(plan);
	return rc;
}
