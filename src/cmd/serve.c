/* serve.c - `taskdoc serve`: build, serve the HTML site, rebuild on change.
 * A composition of the build (build.c) with serve/ (HTTP + inotify). */
#include "cmd/cmd.h"
#include "load/load.h"
#include "serve/serve.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: taskdoc serve [--port N] [--bind ADDR] [--open]\n"
    "Builds, then serves the HTML site (out.html) at http://127.0.0.1:8000/ and\n"
    "rebuilds whenever the plan (content/), the templates or taskdoc.yaml change;\n"
    "open pages reload by themselves. While the plan has errors, every page shows\n"
    "them instead of the site, until the next good save. Only files below the\n"
    "output folder are served, never through a symbolic link.\n"
    "  --port N      the port (default 8000; 0: any free port, printed at start)\n"
    "  --bind ADDR   the address to listen on (default 127.0.0.1: this machine only;\n"
    "                0.0.0.0 or :: lets others on the network see the plan)\n"
    "  --open        open the site in the browser (xdg-open)\n"
    "Ctrl-C (SIGINT) or SIGTERM stops it.\n"
    "\n"
    "Example:\n"
    "  taskdoc serve --open\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* What serve watches and serves, from the configuration as it is now. */
typedef struct places {
	td_arena *arena;
	td_config cfg;
	const char *config_file;
} places;

static void places_load(places *p, const td_global *g)
{
	p->arena = td_arena_new();
	td_diags d = {0};
	td_config_load_opts(&p->cfg, p->arena, g->config_path, g->config_path != NULL, g->allow_outside, &d);
	td_diags_free(&d); /* the build reports them */
	p->config_file = g->config_path ? g->config_path : "taskdoc.yaml";
}

static td_watch *watch_places(const places *p)
{
	td_watch *w = td_watch_new();
	if (!w)
		return NULL;
	td_watch_add_tree(w, p->cfg.content);
	if (p->cfg.templates)
		td_watch_add_tree(w, p->cfg.templates);
	td_watch_add_file(w, p->config_file);
	return w;
}

/* One build; the server gets the site or the errors. */
static void rebuild(td_server *srv, const places *p, const td_global *g)
{
	td_buf errors = TD_BUF_INIT;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = td_build_run(g, true, false, &errors);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	if (rc == TD_EXIT_OK)
		fprintf(stderr, "taskdoc: serve: built in %.0f ms\n", ms);
	else
		fprintf(stderr, "taskdoc: serve: the plan has errors; the pages show them until the next good save\n");
	if (srv)
		td_server_publish(srv, p->cfg.out_html, rc == TD_EXIT_OK ? NULL : td_buf_cstr(&errors));
	td_buf_free(&errors);
}

static void open_browser(const char *url)
{
	char *argv[] = {(char *)"xdg-open", (char *)url, NULL};
	extern char **environ;
	pid_t pid;
	signal(SIGCHLD, SIG_IGN); /* no zombie */
	if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0)
		fprintf(stderr, "taskdoc: serve: cannot run xdg-open; open %s yourself\n", url);
}

static int parse(int argc, char **argv, unsigned *port, const char **bind_addr, bool *open)
{
	static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
	                                     {"bind", required_argument, NULL, 'b'},
	                                     {"open", no_argument, NULL, 'o'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:b:h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'p':
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || errno || v > 65535 || !*optarg) {
				td_usage_error("serve: bad port '%s' (expected 0 to 65535)", optarg);
				return TD_EXIT_USAGE;
			}
			*port = (unsigned)v;
			break;
		case 'b':
			*bind_addr = optarg;
			break;
		case 'o':
			*open = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		td_usage_error("serve: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	return TD_EXIT_OK;
}

int td_cmd_serve(int argc, char **argv, const td_global *g)
{
	unsigned port = 8000;
	const char *bind_addr = "127.0.0.1";
	bool open = false;
	int rc = parse(argc, argv, &port, &bind_addr, &open);
	if (rc != TD_EXIT_OK)
		return rc < 0 ? TD_EXIT_OK : rc;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	places p;
	places_load(&p, g);
	td_watch *w = watch_places(&p);
	if (!w) {
		td_usage_error("serve: cannot watch files (inotify): %s", strerror(errno));
		td_arena_free(p.arena);
		return TD_EXIT_FAIL;
	}
	char *err = NULL;
	td_server *srv = td_server_start(bind_addr, port, p.cfg.out_html, &err);
	if (!srv) {
		td_usage_error("serve: %s", err);
		free(err);
		td_watch_free(w);
		td_arena_free(p.arena);
		return TD_EXIT_FAIL;
	}
	rebuild(srv, &p, g);
	char url[128];
	snprintf(url, sizeof url, strchr(bind_addr, ':') ? "http://[%s]:%u/" : "http://%s:%u/", bind_addr,
	         td_server_port(srv));
	fprintf(stderr, "taskdoc: serving %s at %s (watching %s, %s%s%s; Ctrl-C stops)\n", p.cfg.out_html, url,
	        p.cfg.content, p.config_file, p.cfg.templates ? ", " : "", p.cfg.templates ? p.cfg.templates : "");
	if (open)
		open_browser(url);
	while (!stop) {
		int r = td_watch_wait(w, 500, 150);
		if (r < 0 || stop)
			break;
		if (r == 0)
			continue;
		/* watch the places as configured now (taskdoc.yaml may have moved them), then build */
		td_watch_free(w);
		td_arena_free(p.arena);
		places_load(&p, g);
		w = watch_places(&p);
		if (!w)
			break;
		rebuild(srv, &p, g);
	}
	fprintf(stderr, "taskdoc: serve: stopped\n");
	td_server_stop(srv);
	td_watch_free(w);
	td_arena_free(p.arena);
	return TD_EXIT_OK;
}
