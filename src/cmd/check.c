/* check.c - `taskdoc check`: load + analyze + print findings. */
#include "cmd/cmd.h"
#include "view/view.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* GitHub workflow commands need %, CR and LF escaped (and , : in properties). */
static void gh_escape(td_buf *b, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			td_buf_puts(b, "%25");
		else if (*s == '\r')
			td_buf_puts(b, "%0D");
		else if (*s == '\n')
			td_buf_puts(b, "%0A");
		else if (property && *s == ':')
			td_buf_puts(b, "%3A");
		else if (property && *s == ',')
			td_buf_puts(b, "%2C");
		else
			td_buf_putc(b, *s);
	}
}

static void print_github(const td_diags *d)
{
	td_buf b = TD_BUF_INIT;
	for (size_t i = 0; i < d->len; i++) {
		const td_diag *dg = &d->items[i];
		if (dg->severity == TD_SEV_PAST)
			continue; /* over: no annotation, the export keeps it */
		td_buf_clear(&b);
		td_buf_puts(&b, dg->severity == TD_SEV_ERROR ? "::error" : "::warning");
		if (dg->file) {
			td_buf_puts(&b, " file=");
			gh_escape(&b, dg->file, true);
			if (dg->line)
				td_buf_printf(&b, ",line=%d", dg->line);
			if (dg->col)
				td_buf_printf(&b, ",col=%d", dg->col);
		}
		td_buf_puts(&b, "::");
		gh_escape(&b, dg->message, false);
		td_buf_putc(&b, '\n');
		fputs(td_buf_cstr(&b), stdout);
	}
	td_buf_free(&b);
}

static void print_json(const td_diags *d)
{
	json_t *root = json_object();
	json_t *arr = json_array();
	for (size_t i = 0; i < d->len; i++) {
		const td_diag *dg = &d->items[i];
		if (dg->severity == TD_SEV_PAST)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "severity", json_string(dg->severity == TD_SEV_ERROR ? "error" : "warning"));
		json_object_set_new(o, "file", dg->file ? json_string(dg->file) : json_null());
		json_object_set_new(o, "line", dg->line ? json_integer(dg->line) : json_null());
		json_object_set_new(o, "column", dg->col ? json_integer(dg->col) : json_null());
		json_object_set_new(o, "message", json_string(dg->message));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "errors", json_integer((json_int_t)d->errors));
	json_object_set_new(root, "warnings", json_integer((json_int_t)d->warnings));
	json_object_set_new(root, "findings", arr);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

int td_cmd_check(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			fputs("usage: taskdoc check [--format text|github|json]\n"
			      "Loads and analyses the plan and prints every finding.\n"
			      "  --format text     file:line:col: error: message (default; coloured on a terminal\n"
			      "                    unless NO_COLOR is set)\n"
			      "  --format github   GitHub Actions annotations (::error file=...)\n"
			      "  --format json     one JSON array of findings, for tools\n"
			      "Exit status: 0 when there is no error (warnings allowed), 1 otherwise.\n"
			      "\n"
			      "Example:\n"
			      "  taskdoc check --format github   # in a GitHub Actions step\n",
			      stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "github") && strcmp(format, "json")) {
		td_usage_error("check: bad --format '%s' (expected text, github or json)", format);
		return TD_EXIT_USAGE;
	}
	if (optind < argc) {
		td_usage_error("check: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	td_run run;
	td_global gc = *g;
	gc.no_history = true; /* findings come from the plan, not from its history */
	td_run_load(&run, &gc);
	if (!strcmp(format, "github")) {
		print_github(&run.diags);
	} else if (!strcmp(format, "json")) {
		print_json(&run.diags);
	} else {
		td_run_print_diags(&run.diags);
		if (run.diags.len)
			fprintf(stderr, "taskdoc: %zu error%s, %zu warning%s\n", run.diags.errors,
			        run.diags.errors == 1 ? "" : "s", run.diags.warnings,
			        run.diags.warnings == 1 ? "" : "s");
	}
	int rc = run.diags.errors ? TD_EXIT_FAIL : TD_EXIT_OK;
	td_run_free(&run);
	return rc;
}
