#include "analyze/burndown.h"
#include "cmd/cmd.h"
#include "load/evidence.h"
#include "load/history.h"
#include "load/load.h"
#include "site/site.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void td_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("taskdoc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
}

static void settle_as_of(td_run *run, const td_global *g, const td_kv *cache)
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
	td_date d;
	if (td_history_rev_date(p->config.content, g->rev, cache, &d) == 0)
		p->as_of = d;
}

/* A progress line for long history walks: only on a terminal, only after a
 * second (the clock is read for that and nothing else). */
struct progress {
	bool tty, shown;
	struct timespec start;
};

static void show_progress(void *ud, const char *what, size_t done, size_t total)
{
	struct progress *pr = ud;
	if (!pr->tty)
		return;
	if (!what) {
		if (pr->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (!pr->shown) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - pr->start.tv_sec) + (now.tv_nsec - pr->start.tv_nsec) / 1e9 < 1.0)
			return;
		pr->shown = true;
	}
	if (total)
		fprintf(stderr, "\rtaskdoc: reading git history: %zu of %zu %s", done, total, what);
	else
		fprintf(stderr, "\rtaskdoc: reading git history: %zu %s", done, what);
	fflush(stderr);
}

/* Walks the content's git history and replays it (SCHEMA 6), for the
 * analysis to take over. NULL when the command does not need it or the plan
 * did not load. */
static td_timeline *load_history(td_run *run, const td_global *g, const td_kv *cache)
{
	td_plan *p = run->plan;
	if (g->no_history || run->load_failed || run->diags.errors)
		return NULL;
	struct progress pr = {isatty(2) == 1, false, {0, 0}};
	clock_gettime(CLOCK_MONOTONIC, &pr.start);
	td_hist_log *log = NULL;
	/* the walk and parsed file versions: only build writes them */
	if (td_history_read(&log, &p->config, g->rev, cache, show_progress, &pr,
	                    &run->diags) != 0) {
		td_hist_log_free(log);
		return NULL;
	}
	return td_timeline_build_for(p, log, p->config.forecast_weeks, !g->no_week_plans, &run->diags);
}

/* A folder with no plan at all gets one line that says what to do, rather
 * than the loader's "cannot read". */
static bool plan_exists(td_plan *p, td_diags *diags)
{
	char *path = td_arena_printf(p->arena, "%s/project.yaml", p->config.content);
	if (access(path, F_OK) == 0 || errno != ENOENT)
		return true;
	td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0},
	            "no plan here (%s); run 'taskdoc init' to write a starter plan", strerror(ENOENT));
	return false;
}

void td_run_load(td_run *run, const td_global *g)
{
	memset(run, 0, sizeof *run);
	run->plan = td_plan_new();
	td_plan *p = run->plan;
	/* a mistake in the configuration leaves its defaults in place: the plan
	 * is still read so that its own mistakes are reported in the same run */
	if (td_config_load_opts(&p->config, p->arena, g->config_path, g->config_path != NULL, g->allow_outside,
	                        &run->diags) != 0)
		run->load_failed = true;
	/* parsed files and what git told an earlier run are kept in the cache
	 * (docs/output.md, docs/history.md) */
	run->cache = td_filecache_open(p->config.cache, !g->cache_write);
	td_kv kv;
	const td_kv *cache = NULL;
	if (run->cache) {
		td_filecache_kv(run->cache, &kv);
		cache = &kv;
	}
	if (!plan_exists(p, &run->diags) || td_plan_load_cached(p, cache, td_processes(), &run->diags) != 0)
		run->load_failed = true;
	if (td_evidence_load(p, cache, &run->diags) != 0)
		run->load_failed = true;
	settle_as_of(run, g, cache);
	td_timeline *tl = load_history(run, g, cache);
	run->analysis = td_analyze(p, tl, &run->diags);
	td_diags_sort(&run->diags);
}

void td_run_free(td_run *run)
{
	td_analysis_free(run->analysis);
	td_plan_free(run->plan);
	td_diags_free(&run->diags);
	td_filecache_free(run->cache);
	td_git_forget();
}

static bool color;

void td_color_set(bool on)
{
	color = on;
}

/* line with its first ": error:" or ": warning:" in bold red or yellow */
static void put_colored(const char *line)
{
	static const struct {
		const char *word, *sgr;
	} sev[] = {{": error:", "\033[1;31m"}, {": warning:", "\033[1;33m"}};
	for (size_t i = 0; i < TD_ARRAY_LEN(sev); i++) {
		const char *at = strstr(line, sev[i].word);
		if (!at)
			continue;
		size_t n = strlen(sev[i].word);
		fprintf(stderr, "%.*s: %s%.*s\033[0m:%s", (int)(at - line), line, sev[i].sgr, (int)(n - 3), at + 2,
		        at + n);
		return;
	}
	fputs(line, stderr);
}

void td_run_print_diags(const td_diags *d)
{
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; i < d->len; i++) {
		if (d->items[i].severity == TD_SEV_PAST)
			continue; /* over: the export keeps it */
		td_buf_clear(&b);
		td_diag_format(&b, &d->items[i]);
		td_buf_putc(&b, '\n');
		if (color)
			put_colored(td_buf_cstr(&b));
		else
			fputs(td_buf_cstr(&b), stderr);
	}
	td_buf_free(&b);
}

int td_cmd_options_help_only(int argc, char **argv, const char *usage)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return TD_EXIT_OK;
		}
		fputs(usage, stderr);
		return TD_EXIT_USAGE;
	}
	return -1;
}
