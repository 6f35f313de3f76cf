/*
 * plan_keys.h - the keys each mapping of the plan's YAML may hold, in one
 * place for the loader (plan_yaml.c) and the history's fast reader
 * (history_snap.c), so that the two never disagree on what a file may say.
 * Each list is NULL-terminated, in the order messages show it ("allowed
 * keys: ..."). The workstream, phase and task lists are also indexed by
 * the enums below, which the fast reader uses to give each key a role.
 */
#ifndef TD_LOAD_PLAN_KEYS_H
#define TD_LOAD_PLAN_KEYS_H

/* Every indexed list starts with id and title. */
enum { TD_KEY_ID, TD_KEY_TITLE };

enum {
	TD_WS_KEY_ORDER = TD_KEY_TITLE + 1,
	TD_WS_KEY_REFERENCE,
	TD_WS_KEY_SUMMARY,
	TD_WS_KEY_CRITERIA,
	TD_WS_KEY_PHASES,
	TD_WS_NKEYS
};

enum {
	TD_PHASE_KEY_OBJECTIVE = TD_KEY_TITLE + 1,
	TD_PHASE_KEY_OUTCOME,
	TD_PHASE_KEY_VALIDATION,
	TD_PHASE_KEY_DEPENDS_ON,
	TD_PHASE_KEY_CRITERIA,
	TD_PHASE_KEY_TASKS,
	TD_PHASE_NKEYS
};

enum {
	TD_TASK_KEY_PRIORITY = TD_KEY_TITLE + 1,
	TD_TASK_KEY_ESTIMATE,
	TD_TASK_KEY_STATUS,
	TD_TASK_KEY_DEPENDS_ON,
	TD_TASK_KEY_BLOCKERS,
	TD_TASK_KEY_OWNER,
	TD_TASK_KEY_DONE_ON,
	TD_TASK_KEY_ADDED_ON,
	TD_TASK_KEY_VALIDATION,
	TD_TASK_KEY_CRITERIA,
	TD_TASK_KEY_DELIVERABLES,
	TD_TASK_KEY_NOTES,
	TD_TASK_NKEYS
};

/* a workstream file's root */
extern const char *const td_workstream_keys[TD_WS_NKEYS + 1];
extern const char *const td_phase_keys[TD_PHASE_NKEYS + 1];
extern const char *const td_task_keys[TD_TASK_NKEYS + 1];
/* of a workstream, phase or task */
extern const char *const td_criterion_keys[];
/* project.yaml's root, and what it holds */
extern const char *const td_project_keys[];
extern const char *const td_calendar_keys[];
extern const char *const td_sprint_keys[];
extern const char *const td_risk_keys[];
extern const char *const td_section_keys[];

#endif
