/* profile.c - TASKDOC_PROFILE=1: how long each stage of a command took,
 * on standard error (for bench/run.sh; never part of any output file). */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The resident memory now, in MB (Linux; 0 elsewhere). */
static double rss_mb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, res = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (double)res * 4096.0 / 1e6;
}

void td_prof_start(td_prof *p)
{
	const char *e = getenv("TASKDOC_PROFILE");
	p->on = e && *e && strcmp(e, "0") != 0;
	p->start = p->last = now();
}

void td_prof_mark(td_prof *p, const char *stage)
{
	if (!p->on)
		return;
	double t = now();
	fprintf(stderr, "taskdoc: profile: %-14s %8.3f s %8.1f MB resident\n", stage, t - p->last, rss_mb());
	p->last = t;
}

void td_prof_note(td_prof *p, const char *stage, double secs)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   %-12s %8.3f s\n", stage, secs);
}

void td_prof_total(td_prof *p)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile: %-14s %8.3f s\n", "total", now() - p->start);
}

void td_prof_pages(td_prof *p, size_t rendered, size_t second, size_t cached)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   pages        %zu rendered (%zu by a second process), %zu from the cache\n",
		        rendered, second, cached);
}

void td_prof_note_mb(td_prof *p, const char *what, double mb)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   %-12s %8.1f MB\n", what, mb);
}
