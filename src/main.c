/* main.c - option parsing and dispatch; the only place that picks an exit status. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cmd/cmd.h"

#define TD_VERSION "0.1.0"

static const char usage[] =
    "usage: taskdoc [-C DIR] [--config FILE] [--as-of DATE] [--rev REV] [--allow-outside]\n"
    "               COMMAND [ARGS]\n"
    "\n"
    "Turns a plan kept as YAML (content/) into figures, reports and pages.\n"
    "\n"
    "Commands:\n"
    "  check [--format text|github|json]   report every error and warning; exit 1 on errors\n"
    "  export [--format json]              print the whole model with every derived figure\n"
    "  build [--quiet] [--check]           render the pages into out.markdown (docs/planning)\n"
    "                                      and the standalone HTML site into out.html (site)\n"
    "  graph [--workstream ID] [--level task|phase|workstream] [--format svg|dot] [-o FILE]\n"
    "                                      draw one dependency graph (see taskdoc graph --help)\n"
    "  burndown [--workstream ID] [--by hours|tasks] [--format svg|csv|json]\n"
    "                                      the burn-down from git history, with its forecast\n"
    "  report weekly [--week YYYY-Www]     print one weekly planning report (Markdown)\n"
    "  import [-o DIR] [--force] [--history] PAGE.md...\n"
    "                                      turn hand-kept Markdown task pages into the\n"
    "                                      plan's YAML (DIR: content), notes for review\n"
    "  archive [--workstream ID] [--phase ID] [--before DATE] [--dry-run]\n"
    "                                      move finished phases into content/archive/\n"
    "  init [DIR]                          write a starter plan, taskdoc.yaml and an MkDocs site\n"
    "  serve [--port N] [--bind ADDR] [--open]\n"
    "                                      serve the HTML site, rebuild and reload on every save\n"
    "  schema project|workstream|config|evidence\n"
    "                                      print the JSON Schema of one kind of input file\n"
    "  help [COMMAND]                      this help, or COMMAND's (as COMMAND --help)\n"
    "\n"
    "Options:\n"
    "  -C DIR          run as if started in DIR\n"
    "  --config FILE   configuration file (default: taskdoc.yaml when present)\n"
    "  --as-of DATE    the date reports are as of (default: HEAD's commit date,\n"
    "                  or SOURCE_DATE_EPOCH when set)\n"
    "  --rev REV       read the git history of REV instead of HEAD (first parents)\n"
    "  --allow-outside let out.markdown and out.html lie outside the project (the\n"
    "                  folder of taskdoc.yaml), e.g. an absolute path\n"
    "  -h, --help      this help;  --version  the version\n"
    "\n"
    "Exit status: 0 success, 1 errors in the input or a failed command, 2 usage error.\n"
    "Diagnostics are coloured only on a terminal, and never when NO_COLOR is set.\n"
    "See taskdoc(1) and docs/ for the input schema and the export fields.\n"
    "\n"
    "Example:\n"
    "  taskdoc init plan && cd plan && taskdoc serve --open\n";

/* One row per subcommand (src/cmd/<name>.c). */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const td_global *g);
} commands[] = {
    {"check", td_cmd_check},
    {"export", td_cmd_export},
    {"build", td_cmd_build},
    {"graph", td_cmd_graph},
    {"burndown", td_cmd_burndown},
    {"report", td_cmd_report},
    {"import", td_cmd_import},
    {"archive", td_cmd_archive},
    {"schema", td_cmd_schema},
    {"init", td_cmd_init},
    {"serve", td_cmd_serve},
};

/* glibc's malloc gives memory back to the kernel as soon as a big buffer
 * or the top of the heap is freed, and the next page of Markdown or HTML
 * faults fresh pages in again: on a virtual machine a fault costs
 * microseconds. A build frees and reallocates tens of megabytes, so it
 * keeps what it freed until it exits (measured on the 10,000-task plan:
 * a rebuild 6% faster, the peak 12 MB lower; docs/design.md). */
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 32 << 20); /* buffers up to 32 MB from the heap, reused */
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_TOP_PAD, 64 << 20); /* address space only: untouched pages cost nothing */
#endif
}

int main(int argc, char **argv)
{
	tune_malloc();
	static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
	                                     {"as-of", required_argument, NULL, 'a'},
	                                     {"rev", required_argument, NULL, 'r'},
	                                     {"allow-outside", no_argument, NULL, 'O'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {"version", no_argument, NULL, 'V'},
	                                     {NULL, 0, NULL, 0}};
	td_global g = {0};
	int c;
	while ((c = getopt_long(argc, argv, "+C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (chdir(optarg) != 0) {
				td_usage_error("cannot change to '%s': %s", optarg, strerror(errno));
				return TD_EXIT_USAGE;
			}
			break;
		case 'c':
			g.config_path = optarg;
			break;
		case 'a':
			g.as_of = optarg;
			break;
		case 'r':
			g.rev = optarg;
			break;
		case 'O':
			g.allow_outside = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return TD_EXIT_OK;
		case 'V':
			puts("taskdoc " TD_VERSION);
			return TD_EXIT_OK;
		default:
			fputs(usage, stderr);
			return TD_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return TD_EXIT_USAGE;
	}
	/* colour: only on a terminal, never with NO_COLOR (no-color.org) or TERM=dumb */
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	g.color = isatty(2) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
	td_color_set(g.color);
	if (g.as_of) {
		td_date d;
		if (td_date_parse(g.as_of, &d) != 0) {
			td_usage_error("bad --as-of date '%s' (expected YYYY-MM-DD)", g.as_of);
			return TD_EXIT_USAGE;
		}
	}
	const char *cmd = argv[optind];
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	/* getopt names the program by argv[0] in its messages */
	char prog[64];
	snprintf(prog, sizeof prog, "taskdoc: %s", cmd);
	sub_argv[0] = prog;
	if (!strcmp(cmd, "help")) {
		if (sub_argc < 2) {
			fputs(usage, stdout);
			return TD_EXIT_OK;
		}
		/* taskdoc help COMMAND is COMMAND --help */
		static char help_opt[] = "--help";
		cmd = sub_argv[1];
		snprintf(prog, sizeof prog, "taskdoc: %s", cmd);
		char *hargv[] = {prog, help_opt, NULL};
		if (!strcmp(cmd, "report")) { /* its name comes first */
			static char weekly[] = "weekly";
			char *rargv[] = {prog, weekly, help_opt, NULL};
			return td_cmd_report(3, rargv, &g);
		}
		for (size_t i = 0; i < TD_ARRAY_LEN(commands); i++)
			if (!strcmp(cmd, commands[i].name))
				return commands[i].run(2, hargv, &g);
	}
	for (size_t i = 0; i < TD_ARRAY_LEN(commands); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(sub_argc, sub_argv, &g);
	const char *names[TD_ARRAY_LEN(commands) + 1];
	for (size_t i = 0; i < TD_ARRAY_LEN(commands); i++)
		names[i] = commands[i].name;
	names[TD_ARRAY_LEN(commands)] = NULL;
	const char *near = td_did_you_mean(cmd, names);
	if (near)
		td_usage_error("unknown command '%s' (did you mean '%s'?); see taskdoc --help", cmd, near);
	else
		td_usage_error("unknown command '%s'; see taskdoc --help for the commands", cmd);
	return TD_EXIT_USAGE;
}
