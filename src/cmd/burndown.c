/* burndown.c - `taskdoc burndown`: the plan's (or a workstream's) burn-down
 * from git history, as SVG, CSV or JSON on stdout. */
#include "analyze/burndown.h"
#include "cmd/cmd.h"
#include "render/svg/burndown.h"
#include "view/view_history.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: taskdoc burndown [--workstream ID] [--by hours|tasks] [--format svg|csv|json]\n"
    "Prints the burn-down of the plan (or of one workstream) from its git history:\n"
    "one point per day from the first commit to the as-of date, and the forecast.\n"
    "  --workstream ID  one workstream instead of the whole plan\n"
    "  --by hours|tasks what the chart's main axis counts (default hours; svg only)\n"
    "  --format FORMAT  svg (default), csv or json\n"
    "Exit status 1 when the plan has errors, or for svg when history has fewer than two days.\n"
    "\n"
    "Example:\n"
    "  taskdoc burndown --workstream hpc --format csv > hpc-burndown.csv\n";

static void print_csv(const td_series *s)
{
	fputs("date,remaining_tasks,remaining_hours,scope_hours,done_hours,done_tasks,scope_tasks\n", stdout);
	for (size_t i = 0; i < s->n; i++) {
		const td_bpoint *p = &s->points[i];
		char d[11];
		td_date_format(p->date, d);
		printf("%s,%d,%.2f,%.2f,%.2f,%d,%d\n", d, p->remaining_tasks, p->remaining_hours,
		       p->remaining_hours + p->done_hours, p->done_hours, p->done_tasks,
		       p->remaining_tasks + p->done_tasks);
	}
}

int td_cmd_burndown(int argc, char **argv, const td_global *g)
{
	static const struct option opts[] = {{"workstream", required_argument, NULL, 'w'},
	                                     {"by", required_argument, NULL, 'b'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *ws_id = NULL, *by = "hours", *format = "svg";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:b:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			ws_id = optarg;
			break;
		case 'b':
			by = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return TD_EXIT_OK;
		default:
			return TD_EXIT_USAGE;
		}
	}
	if (strcmp(by, "hours") && strcmp(by, "tasks")) {
		td_usage_error("burndown: bad --by '%s' (expected hours or tasks)", by);
		return TD_EXIT_USAGE;
	}
	if (strcmp(format, "svg") && strcmp(format, "csv") && strcmp(format, "json")) {
		td_usage_error("burndown: bad --format '%s' (expected svg, csv or json)", format);
		return TD_EXIT_USAGE;
	}
	if (optind < argc) {
		td_usage_error("burndown: unexpected argument '%s'", argv[optind]);
		return TD_EXIT_USAGE;
	}
	td_run run;
	td_global gb = *g;
	gb.no_week_plans = true; /* a chart needs no weekly report */
	td_run_load(&run, &gb);
	int rc = TD_EXIT_FAIL;
	json_t *series = NULL, *forecast = NULL;
	td_buf title = TD_BUF_INIT;
	if (run.diags.errors)
		goto out;
	const td_plan *p = run.plan;
	const td_timeline *tl = run.analysis->timeline;
	const td_series *s = &tl->series;
	const td_forecast *fc = &tl->forecast;
	const td_workstream *ws = NULL;
	if (ws_id) {
		td_node_ref ref;
		if (!td_plan_lookup(p, ws_id, &ref) || ref.kind != TD_NODE_WORKSTREAM) {
			const char **names = td_xcalloc(p->nworkstreams + 1, sizeof *names);
			for (size_t i = 0; i < p->nworkstreams; i++)
				names[i] = p->workstreams[i]->id;
			const char *near = td_did_you_mean(ws_id, names);
			if (near)
				td_usage_error("burndown: no workstream '%s' (did you mean '%s'?)", ws_id,
				               near);
			else
				td_usage_error("burndown: no workstream '%s'", ws_id);
			free(names);
			rc = TD_EXIT_USAGE;
			goto out;
		}
		ws = ref.ptr;
		s = &tl->ws_series[ws->index];
		fc = &tl->ws_forecast[ws->index];
	}
	series = td_view_series(s);
	forecast = td_view_forecast(fc, p->config.forecast_weeks);
	if (!strcmp(format, "csv")) {
		print_csv(s);
	} else if (!strcmp(format, "json")) {
		json_t *root = json_object();
		json_object_set_new(root, "workstream", ws ? json_string(ws->id) : json_null());
		char d[11];
		td_date_format(p->as_of, d);
		json_object_set_new(root, "as_of", p->as_of == TD_DATE_NONE ? json_null() : json_string(d));
		json_object_set_new(root, "message", tl->message ? json_string(tl->message) : json_null());
		json_object_set_new(root, "burndown", json_incref(series));
		json_object_set_new(root, "forecast", json_incref(forecast));
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		puts(text);
		free(text);
		json_decref(root);
	} else {
		td_buf_printf(&title, "Burn-down: %s", ws ? ws->title : p->name ? p->name : "the plan");
		/* the plan's chart has the ideal line to the target; a workstream's has none */
		const char *target = ws ? NULL : json_string_value(json_object_get(forecast, "target"));
		td_chart ch = {series, forecast, td_buf_cstr(&title), NULL, NULL, target,
		               !strcmp(by, "tasks") ? TD_CHART_TASKS : TD_CHART_HOURS};
		td_buf svg = TD_BUF_INIT;
		if (td_svg_burndown(&svg, &ch) != 0) {
			td_diag_add(&run.diags, TD_SEV_ERROR, (td_loc){p->config.content, 0, 0},
			            "no burn-down chart: %s",
			            tl->message ? tl->message : "git history holds fewer than two days");
			td_buf_free(&svg);
			goto out;
		}
		fwrite(svg.ptr, 1, svg.len, stdout);
		td_buf_free(&svg);
	}
	rc = TD_EXIT_OK;
out:
	td_diags_sort(&run.diags);
	td_run_print_diags(&run.diags);
	json_decref(series);
	json_decref(forecast);
	td_buf_free(&title);
	td_run_free(&run);
	return rc;
}
