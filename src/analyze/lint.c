/* lint.c - warnings about a plan that loads but says something odd. */
#include "analyze/analyze.h"

void td_analyze_lint(td_analysis *a, td_diags *diags)
{
	const td_plan *p = a->plan;
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		const td_task_info *ti = &a->tasks[i];
		if (t->phase->archived && t->status != TD_STATUS_DONE && t->status != TD_STATUS_DROPPED)
			td_diag_add(diags, TD_SEV_WARNING, t->status_loc.line ? t->status_loc : t->loc,
			            "task %s is archived but %s (the archive is for finished work: move its phase "
			            "back to workstreams/)",
			            t->id, td_status_name(t->status));
		if (t->status == TD_STATUS_DONE && t->blockers.len)
			td_diag_add(diags, TD_SEV_WARNING, t->blockers.items[0].loc,
			            "task %s is done but still lists blockers; remove them", t->id);
		if (t->status == TD_STATUS_BLOCKED && !t->blockers.len)
			td_diag_add(diags, TD_SEV_WARNING, t->status_loc,
			            "task %s is blocked but lists no blockers; say why in 'blockers'", t->id);
		if (t->status == TD_STATUS_REVIEW && !t->validation.len && !t->criteria.len &&
		    !t->phase->validation.len && !t->phase->criteria.len)
			td_diag_add(diags, TD_SEV_WARNING, t->status_loc,
			            "task %s is in review but has no validation commands or criteria "
			            "(on the task or its phase)",
			            t->id);
		for (size_t k = 0; k < ti->ndeps; k++) {
			const td_dep *d = &ti->deps[k];
			if (d->ref.kind == TD_NODE_TASK &&
			    ((const td_task *)d->ref.ptr)->status == TD_STATUS_DROPPED && !d->from_phase &&
			    t->status != TD_STATUS_DROPPED)
				td_diag_add(diags, TD_SEV_WARNING, d->loc,
				            "task %s depends on %s, which is dropped (the dependency counts as met)",
				            t->id, d->id);
		}
	}
	for (size_t i = 0; i < p->nphases; i++) {
		const td_phase *ph = p->phases[i];
		for (size_t k = 0; k < ph->depends_on.len; k++) {
			td_node_ref r;
			if (td_plan_lookup(p, ph->depends_on.items[k].s, &r) && r.kind == TD_NODE_TASK &&
			    ((const td_task *)r.ptr)->status == TD_STATUS_DROPPED)
				td_diag_add(diags, TD_SEV_WARNING, ph->depends_on.items[k].loc,
				            "phase %s depends on %s, which is dropped (the dependency counts as met)",
				            ph->id, ph->depends_on.items[k].s);
		}
	}
	for (size_t x = 0; x < p->nexternals; x++) {
		const td_external *e = p->externals[x];
		if (!a->externals[x].overdue)
			continue;
		char d[11];
		td_date_format(e->expected_on, d);
		td_diag_add(diags, TD_SEV_WARNING, e->expected_loc,
		            "external item %s was expected on %s and has not arrived (status %s): set its new "
		            "expected_on, or status arrived",
		            e->id, d, td_ext_status_name(e->status));
	}
	for (size_t i = 0; i < p->nsprints; i++) {
		const td_sprint *s = &p->sprints[i];
		/* a sprint that ended is a record: what it focused on is history */
		bool ended = p->as_of != TD_DATE_NONE && s->end < p->as_of;
		for (size_t k = 0; k < s->focus.len; k++) {
			td_node_ref r;
			if (td_plan_lookup(p, s->focus.items[k].s, &r) && r.kind == TD_NODE_TASK &&
			    ((const td_task *)r.ptr)->status == TD_STATUS_DONE)
				td_diag_add(diags, ended ? TD_SEV_PAST : TD_SEV_WARNING, s->focus.items[k].loc,
				            "sprint '%s' focuses on %s, which is already done", s->name,
				            s->focus.items[k].s);
		}
	}
}
