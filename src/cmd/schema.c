/* schema.c - `taskdoc schema KIND`: the JSON Schema of one kind of input file. */
#include "cmd/cmd.h"
#include "load/load.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: taskdoc schema project|workstream|config|evidence\n"
    "Prints the JSON Schema (draft 2020-12) of one kind of input file, made from\n"
    "the tables the loader checks: project.yaml, a workstream file, taskdoc.yaml,\n"
    "or an evidence JSON file. Editors that speak the YAML language server read\n"
    "it through a modeline at the top of a file (taskdoc init writes one):\n"
    "  # yaml-language-server: $schema=../.taskdoc/schema/project.json\n"
    "\n"
    "Example:\n"
    "  taskdoc schema workstream > .taskdoc/schema/workstream.json\n";

int td_cmd_schema(int argc, char **argv, const td_global *g)
{
	int early = td_cmd_options_help_only(argc, argv, usage);
	if (early >= 0)
		return early;
	if (optind + 1 != argc) {
		td_usage_error("schema: expected one of: project, workstream, config, evidence");
		return TD_EXIT_USAGE;
	}
	json_t *s = td_schema_build(argv[optind]);
	if (!s) {
		const char *near = td_did_you_mean(argv[optind], td_schema_names);
		td_usage_error("schema: unknown kind '%s'%s%s%s (expected project, workstream, config or evidence)",
		               argv[optind], near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		return TD_EXIT_USAGE;
	}
	json_dumpf(s, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(s);
	return TD_EXIT_OK;
}
