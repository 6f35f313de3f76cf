/* profile.c - TASKDOC_PROFILE=1: how long each stage of a command took,
 * on standard error (for bench/run.sh; never part of any output file). */
#include "cmd/cmd.h"
#include "render/html/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The resident memory now and the most it has been, in MB (Linux; 0
 * elsewhere): the peak says which stage held the most, between marks. */
static void rss_mb(double *now_mb, double *peak_mb)
{
	*now_mb = *peak_mb = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	char line[256];
	unsigned long kb;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "VmRSS: %lu kB", &kb) == 1)
			*now_mb = (double)kb * 1024.0 / 1e6;
		else if (sscanf(line, "VmHWM: %lu kB", &kb) == 1)
			*peak_mb = (double)kb * 1024.0 / 1e6;
	}
	fclose(f);
}

/* The processor time this process has had so far, user and system. */
static void cpu_seconds(double *user, double *sys)
{
	struct rusage ru;
	*user = *sys = 0;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return;
	*user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
	*sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void td_prof_start(td_prof *p)
{
	const char *e = getenv("TASKDOC_PROFILE");
	p->on = e && *e && strcmp(e, "0") != 0;
	p->start = p->last = now();
	cpu_seconds(&p->user, &p->sys);
}

void td_prof_mark(td_prof *p, const char *stage)
{
	if (!p->on)
		return;
	double t = now(), rss, peak, user, sys;
	rss_mb(&rss, &peak);
	cpu_seconds(&user, &sys);
	/* user and system time apart: on a virtual machine the kernel's part
	 * (zeroing fresh memory) grows faster than the work */
	fprintf(stderr, "taskdoc: profile: %-14s %8.3f s %8.1f MB resident, %.1f MB peak, %.3f s user, %.3f s system\n",
	        stage, t - p->last, rss, peak, user - p->user, sys - p->sys);
	p->last = t;
	p->user = user;
	p->sys = sys;
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

void td_prof_files(td_prof *p, size_t ahead, size_t second)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   files        %zu parsed ahead (%zu by a second process)\n", ahead,
		        second);
}

void td_prof_kept(td_prof *p, size_t kept, size_t pages)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   pages        %zu of %zu kept from the build before\n",
		        kept, pages);
}

void td_prof_pages(td_prof *p, const td_html_stats *s)
{
	if (p->on)
		fprintf(stderr,
		        "taskdoc: profile:   sections     %zu rendered (%zu by a second process), %zu from the cache; "
		        "%zu pages whole from the cache, %zu HTML files\n",
		        s->rendered, s->second, s->cached, s->whole, s->files);
}

void td_prof_note_mb(td_prof *p, const char *what, double mb)
{
	if (p->on)
		fprintf(stderr, "taskdoc: profile:   %-12s %8.1f MB\n", what, mb);
}
