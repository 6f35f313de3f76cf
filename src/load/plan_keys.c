/* plan_keys.c - the keys of the plan's YAML mappings, taskdoc.yaml and the
 * evidence JSON (see plan_keys.h). Each list is written once, as an
 * X-macro: X(index, name, type, required, values, nvalues, aliases, child, description). */
#include "load/plan_keys.h"
#include "model/model.h"

/* (the variadic step lets NONE expand into its four fields first) */
#define NAME(e, n, ...) [e] = n,
#define INFO(...) INFO1(__VA_ARGS__)
#define INFO1(e, n, t, r, v, nv, a, c, d) [e] = {n, t, r, v, nv, a, c, d},
/* unindexed lists are in the order they are written */
#define NAME_(n, ...) n,
#define INFO_(...) INFO_1(__VA_ARGS__)
#define INFO_1(n, t, r, v, nv, a, c, d) {n, t, r, v, nv, a, c, d},
#define TABLES(list, names, info)                                                                             \
	const char *const names[] = {list(NAME_) NULL};                                                    \
	const td_keyinfo info[] = {list(INFO_){NULL, TD_KT_STRING, false, NULL, 0, NULL, NULL, NULL}};

#define S TD_KT_STRING
#define MD TD_KT_MARKDOWN
#define NONE NULL, 0, NULL, NULL

const char *const td_check_status_names[] = {"pass", "fail", "skip", "error", NULL};

#define CRITERION_KEYS(X)                                                                                      \
	X("id", TD_KT_ID, false, NONE, "an id for the criterion")                                              \
	X("title", S, true, NONE, "what must be true")                                                         \
	X("owner", S, false, NONE, "who checks it")                                                            \
	X("benchmark", S, false, NONE, "the benchmark result that decides it (with min and/or max)")           \
	X("check", S, false, NONE, "the validation check that decides it")                                     \
	X("min", TD_KT_QUANTITY, false, NONE, "the smallest passing value, e.g. 1 GB/s")                      \
	X("max", TD_KT_QUANTITY, false, NONE, "the largest passing value")                                     \
	X("unit", S, false, NONE, "the unit of a bare number in min or max")                                   \
	X("done", TD_KT_BOOL, false, NONE, "decided by hand")
TABLES(CRITERION_KEYS, td_criterion_keys, td_criterion_info)

#define TASK_KEYS(X)                                                                                           \
	X(TD_KEY_ID, "id", TD_KT_ID, true, NONE, "the task's id, unique in the plan")                          \
	X(TD_KEY_TITLE, "title", S, true, NONE, "what the task is")                                            \
	X(TD_TASK_KEY_PRIORITY, "priority", TD_KT_ENUM, false, td_priority_names, 0, NULL, NULL, "priority")  \
	X(TD_TASK_KEY_ESTIMATE, "estimate", TD_KT_ESTIMATE, false, NONE,                                       \
	  "<number><unit> or <min>-<max><unit>, unit h, d or w: 4h, 2-3d, 10w")                                \
	X(TD_TASK_KEY_STATUS, "status", TD_KT_ENUM, false, td_status_names, 0, td_status_aliases, NULL,       \
	  "the task's status (default todo)")                                                                  \
	X(TD_TASK_KEY_DEPENDS_ON, "depends_on", TD_KT_IDS, false, NONE, "task, phase or workstream ids")       \
	X(TD_TASK_KEY_BLOCKERS, "blockers", TD_KT_STRINGS, false, NONE, "why the task cannot start")           \
	X(TD_TASK_KEY_OWNER, "owner", S, false, NONE, "who does it")                                           \
	X(TD_TASK_KEY_DONE_ON, "done_on", TD_KT_DATE, false, NONE, "when it was done (else from git history)") \
	X(TD_TASK_KEY_ADDED_ON, "added_on", TD_KT_DATE, false, NONE, "when it entered the plan (else from git history)") \
	X(TD_TASK_KEY_VALIDATION, "validation", TD_KT_STRINGS, false, NONE, "shell lines that validate it")    \
	X(TD_TASK_KEY_CRITERIA, "criteria", TD_KT_LIST, false, NULL, 0, NULL, td_criterion_info,               \
	  "success criteria")                                                                                  \
	X(TD_TASK_KEY_DELIVERABLES, "deliverables", TD_KT_STRINGS, false, NONE, "what it delivers")            \
	X(TD_TASK_KEY_NOTES, "notes", MD, false, NONE, "notes (Markdown)")
const char *const td_task_keys[TD_TASK_NKEYS + 1] = {TASK_KEYS(NAME)[TD_TASK_NKEYS] = NULL};
const td_keyinfo td_task_info[TD_TASK_NKEYS + 1] = {TASK_KEYS(INFO)};

#define PHASE_KEYS(X)                                                                                          \
	X(TD_KEY_ID, "id", TD_KT_ID, true, NONE, "the phase's id, unique in the plan")                         \
	X(TD_KEY_TITLE, "title", S, true, NONE, "the phase's title")                                           \
	X(TD_PHASE_KEY_OBJECTIVE, "objective", MD, false, NONE, "what the phase is for (Markdown)")            \
	X(TD_PHASE_KEY_OUTCOME, "outcome", TD_KT_STRINGS, false, NONE, "what it leaves behind")                \
	X(TD_PHASE_KEY_VALIDATION, "validation", TD_KT_STRINGS, false, NONE, "shell lines that validate it")   \
	X(TD_PHASE_KEY_DEPENDS_ON, "depends_on", TD_KT_IDS, false, NONE,                                       \
	  "ids every task of the phase depends on")                                                            \
	X(TD_PHASE_KEY_CRITERIA, "criteria", TD_KT_LIST, false, NULL, 0, NULL, td_criterion_info,              \
	  "success criteria")                                                                                  \
	X(TD_PHASE_KEY_TASKS, "tasks", TD_KT_LIST, false, NULL, 0, NULL, td_task_info, "the phase's tasks")
const char *const td_phase_keys[TD_PHASE_NKEYS + 1] = {PHASE_KEYS(NAME)[TD_PHASE_NKEYS] = NULL};
const td_keyinfo td_phase_info[TD_PHASE_NKEYS + 1] = {PHASE_KEYS(INFO)};

#define EXTERNAL_KEYS(X)                                                                                       \
	X("id", TD_KT_ID, true, NONE, "the item's id, unique in the plan: tasks may depend on it")             \
	X("title", S, true, NONE, "what is awaited: hardware, a vendor release, another team's delivery")     \
	X("status", TD_KT_ENUM, false, td_ext_status_names, 0, td_ext_status_aliases, NULL,                    \
	  "default expected; only arrived lets the tasks that wait on it go ahead")                            \
	X("expected_on", TD_KT_DATE, true, NONE, "when it is expected (or arrived)")                           \
	X("owner", S, false, NONE, "who chases it")                                                            \
	X("contact", S, false, NONE, "who to ask on the other side")                                           \
	X("notes", MD, false, NONE, "notes (Markdown)")                                                        \
	X("reference", S, false, NONE, "an order, ticket or page: a URL or a repository path")
TABLES(EXTERNAL_KEYS, td_external_keys, td_external_info)

#define WORKSTREAM_KEYS(X)                                                                                     \
	X(TD_KEY_ID, "id", TD_KT_WS_ID, true, NONE, "the workstream's id; its page is workstreams/<id>.md")    \
	X(TD_KEY_TITLE, "title", S, true, NONE, "the workstream's title")                                      \
	X(TD_WS_KEY_ORDER, "order", TD_KT_INT, false, NONE, "workstreams are listed by order, then file name") \
	X(TD_WS_KEY_REFERENCE, "reference", S, false, NONE, "a related document: a URL or a repository path")               \
	X(TD_WS_KEY_SUMMARY, "summary", MD, false, NONE, "summary (Markdown)")                                 \
	X(TD_WS_KEY_CRITERIA, "criteria", TD_KT_LIST, false, NULL, 0, NULL, td_criterion_info,                 \
	  "success metrics")                                                                                   \
	X(TD_WS_KEY_PHASES, "phases", TD_KT_LIST, false, NULL, 0, NULL, td_phase_info, "the phases")          \
	X(TD_WS_KEY_EXTERNAL, "external", TD_KT_LIST, false, NULL, 0, NULL, td_external_info,                  \
	  "what the workstream waits for that is not a task")
const char *const td_workstream_keys[TD_WS_NKEYS + 1] = {WORKSTREAM_KEYS(NAME)[TD_WS_NKEYS] = NULL};
const td_keyinfo td_workstream_info[TD_WS_NKEYS + 1] = {WORKSTREAM_KEYS(INFO)};

#define CALENDAR_KEYS(X)                                                                                       \
	X("hours_per_day", TD_KT_NUMBER, false, NONE, "working hours in a day (default 8, at most 24)")       \
	X("days_per_week", TD_KT_NUMBER, false, NONE, "working days in a week (default 5, at most 7)")
TABLES(CALENDAR_KEYS, td_calendar_keys, td_calendar_info)

#define SPRINT_KEYS(X)                                                                                         \
	X("name", S, true, NONE, "the sprint's name")                                                          \
	X("start", TD_KT_DATE, true, NONE, "its first day")                                                    \
	X("end", TD_KT_DATE, false, NONE, "its last day (default start + 6 days)")                             \
	X("focus", TD_KT_IDS, false, NONE, "task, phase or workstream ids")                                    \
	X("notes", MD, false, NONE, "notes (Markdown)")
TABLES(SPRINT_KEYS, td_sprint_keys, td_sprint_info)

#define RISK_KEYS(X)                                                                                           \
	X("id", TD_KT_ID, true, NONE, "the risk's id, unique among risks")                                     \
	X("title", S, true, NONE, "what could go wrong")                                                       \
	X("impact", TD_KT_ENUM, true, td_level_names, 0, NULL, NULL, "how bad it would be")                    \
	X("probability", TD_KT_ENUM, true, td_level_names, 3, NULL, NULL, "how likely it is")                  \
	X("mitigation", MD, false, NONE, "what is done about it (Markdown)")                                   \
	X("affects", TD_KT_IDS, false, NONE, "task, phase or workstream ids")                                  \
	X("status", TD_KT_ENUM, false, td_risk_status_names, 0, NULL, NULL, "default open")                  \
	X("description", MD, false, NONE, "what the risk is (Markdown)")                                       \
	X("owner", S, false, NONE, "who watches it")                                                           \
	X("indicators", TD_KT_STRINGS, false, NONE, "early signs that it is happening")                        \
	X("contingency", MD, false, NONE, "what to do if it happens (Markdown)")                               \
	X("review_on", TD_KT_DATE, false, NONE, "when it is next reviewed")
TABLES(RISK_KEYS, td_risk_keys, td_risk_info)

#define SECTION_KEYS(X)                                                                                        \
	X("title", S, true, NONE, "the section's heading")                                                     \
	X("body", MD, false, NONE, "its text (Markdown)")
TABLES(SECTION_KEYS, td_section_keys, td_section_info)

#define PROJECT_KEYS(X)                                                                                        \
	X("name", S, true, NONE, "short project name")                                                         \
	X("title", S, false, NONE, "title of the active page (default Active Workstreams)")                   \
	X("summary", MD, false, NONE, "shown on the active page and the index (Markdown)")                     \
	X("calendar", TD_KT_MAP, false, NULL, 0, NULL, td_calendar_info, "the working calendar")               \
	X("sprints", TD_KT_LIST, false, NULL, 0, NULL, td_sprint_info, "sprints")                              \
	X("risks", TD_KT_LIST, false, NULL, 0, NULL, td_risk_info, "risks")                                    \
	X("sections", TD_KT_LIST, false, NULL, 0, NULL, td_section_info, "free sections of the active page")   \
	X("target", TD_KT_DATE, false, NONE, "the date the plan should be done by: the ideal line and a verdict")
TABLES(PROJECT_KEYS, td_project_keys, td_project_info)

static const char *const html_modes[] = {"safe", "unsafe", NULL};

#define CONFIG_OUT_KEYS(X)                                                                                     \
	X("markdown", S, false, NONE, "generated Markdown, inside MkDocs' docs_dir (default docs/planning)")  \
	X("html", S, false, NONE, "the standalone HTML site (default site)")
TABLES(CONFIG_OUT_KEYS, td_config_out_keys, td_config_out_info)

#define CONFIG_MKDOCS_KEYS(X)                                                                                  \
	X("config", S, false, NONE, "the site's mkdocs.yml, whose nav gets a section for the pages")           \
	X("section", S, false, NONE, "the title of that section (default Planning)")
TABLES(CONFIG_MKDOCS_KEYS, td_config_mkdocs_keys, td_config_mkdocs_info)

#define CONFIG_GRAPH_KEYS(X)                                                                                   \
	X("node_limit", TD_KT_INT, false, NONE, "above this many nodes a graph is drawn per phase (default 100)") \
	X("links", TD_KT_ENUM, false, td_link_style_names, 0, NULL, NULL, "how graph nodes link to pages")
TABLES(CONFIG_GRAPH_KEYS, td_config_graph_keys, td_config_graph_info)

#define CONFIG_FORECAST_KEYS(X)                                                                                \
	X("weeks", TD_KT_INT, false, NONE, "weeks of history that make up the velocity (1 to 520, default 4)")
TABLES(CONFIG_FORECAST_KEYS, td_config_forecast_keys, td_config_forecast_info)

#define CONFIG_REPO_KEYS(X)                                                                                    \
	X("url", S, false, NONE, "where the repository is browsable, e.g. https://github.com/org/repo "          \
	  "(default: mkdocs.yml's repo_url)")                                                                  \
	X("branch", S, false, NONE, "the branch repository paths link to (default: edit_uri's, else main)")
TABLES(CONFIG_REPO_KEYS, td_config_repo_keys, td_config_repo_info)

#define CONFIG_KEYS(X)                                                                                         \
	X("content", S, false, NONE, "the plan folder (default content)")                                      \
	X("templates", S, false, NONE, "a folder of template overrides")                                       \
	X("out", TD_KT_MAP, false, NULL, 0, NULL, td_config_out_info, "the output folders")                    \
	X("mkdocs", TD_KT_MAP, false, NULL, 0, NULL, td_config_mkdocs_info, "the MkDocs site")                 \
	X("history", TD_KT_BOOL, false, NONE, "read git history (default true)")                               \
	X("cache", S, false, NONE, "the build cache folder, always safe to delete (default .cache/taskdoc)")     \
	X("html", TD_KT_ENUM, false, html_modes, 0, NULL, NULL, "unsafe lets raw HTML through (default safe)") \
	X("graph", TD_KT_MAP, false, NULL, 0, NULL, td_config_graph_info, "dependency graphs")                 \
	X("forecast", TD_KT_MAP, false, NULL, 0, NULL, td_config_forecast_info, "burn-down forecasts")        \
	X("repo", TD_KT_MAP, false, NULL, 0, NULL, td_config_repo_info,                                         \
	  "where the repository is browsable: repository paths become links")
TABLES(CONFIG_KEYS, td_config_keys, td_config_info)

static const char *const kind_validation[] = {"validation", NULL};
static const char *const kind_benchmark[] = {"benchmark", NULL};

#define CHECK_KEYS(X)                                                                                          \
	X("name", S, true, NONE, "the check's name, unique in the run")                                        \
	X("status", TD_KT_ENUM, true, td_check_status_names, 0, NULL, NULL, "its outcome")                    \
	X("duration_s", TD_KT_NUMBER, false, NONE, "seconds it took")                                          \
	X("task", S, false, NONE, "the task it validates")                                                     \
	X("message", S, false, NONE, "what it said")
TABLES(CHECK_KEYS, td_check_keys, td_check_info)

#define VALIDATION_KEYS(X)                                                                                     \
	X("kind", TD_KT_ENUM, true, kind_validation, 0, NULL, NULL, "validation")                              \
	X("suite", S, true, NONE, "the suite's name")                                                          \
	X("run_at", TD_KT_TIME, true, NONE, "when it ran (RFC 3339)")                                          \
	X("commit", S, false, NONE, "the commit it ran on")                                                    \
	X("checks", TD_KT_LIST, true, NULL, 0, NULL, td_check_info, "the checks")
TABLES(VALIDATION_KEYS, td_validation_keys, td_validation_info)

#define RESULT_KEYS(X)                                                                                         \
	X("name", S, true, NONE, "the result's name, unique in the run")                                       \
	X("value", TD_KT_NUMBER, true, NONE, "the measured value")                                             \
	X("unit", S, false, NONE, "its unit")                                                                   \
	X("task", S, false, NONE, "the task it measures")
TABLES(RESULT_KEYS, td_result_keys, td_result_info)

#define BENCHMARK_KEYS(X)                                                                                      \
	X("kind", TD_KT_ENUM, true, kind_benchmark, 0, NULL, NULL, "benchmark")                                \
	X("suite", S, true, NONE, "the suite's name")                                                          \
	X("run_at", TD_KT_TIME, true, NONE, "when it ran (RFC 3339)")                                          \
	X("commit", S, false, NONE, "the commit it ran on")                                                    \
	X("results", TD_KT_LIST, true, NULL, 0, NULL, td_result_info, "the results")
TABLES(BENCHMARK_KEYS, td_benchmark_keys, td_benchmark_info)
