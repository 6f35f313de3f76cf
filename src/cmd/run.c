#include "cmd/cmd.h"
#include "load/evidence.h"
#include "load/history.h"
#include "load/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void td_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("taskdoc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
}

static void settle_as_of(td_run *run, const td_global *g)
{
	td_plan *p = run->plan;
	if (g->as_of) {
		if (td_date_parse(g->as_of, &p->as_of) != 0) {
			td_diag_add(&run->diags, TD_SEV_ERROR, (td_loc){"--as-of", 0, 0},
			            "bad date '%s' (expected YYYY-MM-DD)", g->as_of);
			p->as_of = TD_DATE_NONE;
		}
		return;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (*end || errno || v < 0) {
			td_diag_add(&run->diags, TD_SEV_ERROR, (td_loc){"SOURCE_DATE_EPOCH", 0, 0},
			            "bad value '%s' (expected seconds since 1970-01-01)", sde);
			return;
		}
		p->as_of = td_date_from_epoch(v, 0);
		return;
	}
	if (!p->config.history)
		return;
	bool shallow;
	td_date d;
	if (td_history_head_date(p->config.content, &d, &shallow) == 0)
		p->as_of = d;
}

void td_run_load(td_run *run, const td_global *g)
{
	memset(run, 0, sizeof *run);
	run->plan = td_plan_new();
	td_plan *p = run->plan;
	/* a mistake in the configuration leaves its defaults in place: the plan
	 * is still read so that its own mistakes are reported in the same run */
	if (td_config_load(&p->config, p->arena, g->config_path, g->config_path != NULL, &run->diags) != 0)
		run->load_failed = true;
	if (td_plan_load(p, &run->diags) != 0)
		run->load_failed = true;
	if (td_evidence_load(p, &run->diags) != 0)
		run->load_failed = true;
	settle_as_of(run, g);
	run->analysis = td_analyze(p, &run->diags);
	td_diags_sort(&run->diags);
}

void td_run_free(td_run *run)
{
	td_analysis_free(run->analysis);
	td_plan_free(run->plan);
	td_diags_free(&run->diags);
}

void td_run_print_diags(const td_diags *d)
{
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; i < d->len; i++) {
		td_buf_clear(&b);
		td_diag_format(&b, &d->items[i]);
		td_buf_putc(&b, '\n');
		fputs(td_buf_cstr(&b), stderr);
	}
	td_buf_free(&b);
}
