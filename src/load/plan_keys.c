/* plan_keys.c - the keys of the plan's YAML mappings (see plan_keys.h). */
#include "load/plan_keys.h"

#include <stddef.h>

const char *const td_workstream_keys[TD_WS_NKEYS + 1] = {
    [TD_KEY_ID] = "id",
    [TD_KEY_TITLE] = "title",
    [TD_WS_KEY_ORDER] = "order",
    [TD_WS_KEY_REFERENCE] = "reference",
    [TD_WS_KEY_SUMMARY] = "summary",
    [TD_WS_KEY_CRITERIA] = "criteria",
    [TD_WS_KEY_PHASES] = "phases",
    [TD_WS_NKEYS] = NULL,
};

const char *const td_phase_keys[TD_PHASE_NKEYS + 1] = {
    [TD_KEY_ID] = "id",
    [TD_KEY_TITLE] = "title",
    [TD_PHASE_KEY_OBJECTIVE] = "objective",
    [TD_PHASE_KEY_OUTCOME] = "outcome",
    [TD_PHASE_KEY_VALIDATION] = "validation",
    [TD_PHASE_KEY_DEPENDS_ON] = "depends_on",
    [TD_PHASE_KEY_CRITERIA] = "criteria",
    [TD_PHASE_KEY_TASKS] = "tasks",
    [TD_PHASE_NKEYS] = NULL,
};

const char *const td_task_keys[TD_TASK_NKEYS + 1] = {
    [TD_KEY_ID] = "id",
    [TD_KEY_TITLE] = "title",
    [TD_TASK_KEY_PRIORITY] = "priority",
    [TD_TASK_KEY_ESTIMATE] = "estimate",
    [TD_TASK_KEY_STATUS] = "status",
    [TD_TASK_KEY_DEPENDS_ON] = "depends_on",
    [TD_TASK_KEY_BLOCKERS] = "blockers",
    [TD_TASK_KEY_OWNER] = "owner",
    [TD_TASK_KEY_DONE_ON] = "done_on",
    [TD_TASK_KEY_ADDED_ON] = "added_on",
    [TD_TASK_KEY_VALIDATION] = "validation",
    [TD_TASK_KEY_CRITERIA] = "criteria",
    [TD_TASK_KEY_DELIVERABLES] = "deliverables",
    [TD_TASK_KEY_NOTES] = "notes",
    [TD_TASK_NKEYS] = NULL,
};

const char *const td_criterion_keys[] = {"id",  "title", "owner", "benchmark", "check",
                                         "min", "max",   "unit",  "done",      NULL};

const char *const td_project_keys[] = {"name",    "title", "summary",  "calendar",
                                       "sprints", "risks", "sections", NULL};
const char *const td_calendar_keys[] = {"hours_per_day", "days_per_week", NULL};
const char *const td_sprint_keys[] = {"name", "start", "end", "focus", "notes", NULL};
const char *const td_risk_keys[] = {"id",          "title",       "impact",     "probability", "mitigation",
                                    "affects",     "status",      "description", "owner",       "indicators",
                                    "contingency", "review_on",   NULL};
const char *const td_section_keys[] = {"title", "body", NULL};
