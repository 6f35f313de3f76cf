/*
 * plan_keys.h - the keys each mapping of the plan's YAML (and of
 * taskdoc.yaml and taskdoc's evidence JSON) may hold, in one place: the
 * loader (plan_yaml.c, config.c, evidence_json.c), the history's fast
 * reader (history_snap.c) and the JSON Schema (schema.c) all read these
 * tables, so that they never disagree on what a file may say.
 *
 * Each mapping is one X-macro list in plan_keys.c; from it come a
 * NULL-terminated list of names (td_task_keys, ..., in the order messages
 * show them: "allowed keys: ...") and a td_keyinfo table (td_task_info,
 * ...) with what the schema needs: the type, whether it is required, the
 * allowed words (the model's enum name tables), a description. The
 * workstream, phase and task lists are also indexed by the enums below,
 * which the fast reader uses to give each key a role.
 */
#ifndef TD_LOAD_PLAN_KEYS_H
#define TD_LOAD_PLAN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Every indexed list starts with id and title. */
enum { TD_KEY_ID, TD_KEY_TITLE };

enum {
	TD_WS_KEY_ORDER = TD_KEY_TITLE + 1,
	TD_WS_KEY_REFERENCE,
	TD_WS_KEY_SUMMARY,
	TD_WS_KEY_CRITERIA,
	TD_WS_KEY_PHASES,
	TD_WS_KEY_EXTERNAL,
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

/* What a key's value is, as the loader reads it. */
typedef enum {
	TD_KT_STRING,   /* a string (YAML: any scalar the loader reads as text) */
	TD_KT_MARKDOWN, /* a string of CommonMark */
	TD_KT_ID,       /* a task or phase id: a letter or digit, then letters, digits, . _ - */
	TD_KT_WS_ID,    /* a workstream id: [a-z0-9][a-z0-9.-]* */
	TD_KT_STRINGS,  /* a list of strings, or one string */
	TD_KT_IDS,      /* a list of ids, or one id */
	TD_KT_INT,      /* a whole number */
	TD_KT_NUMBER,   /* a number */
	TD_KT_BOOL,     /* true or false */
	TD_KT_DATE,     /* YYYY-MM-DD */
	TD_KT_TIME,     /* an RFC 3339 timestamp */
	TD_KT_ESTIMATE, /* 4h, 0.5h, 2d, 2-3d, 10w */
	TD_KT_QUANTITY, /* a number, or a number with a unit: 1 GB/s */
	TD_KT_ENUM,     /* one of values (and aliases) */
	TD_KT_MAP,      /* a mapping of the keys of child */
	TD_KT_LIST,     /* a list of mappings of the keys of child */
} td_keytype;

typedef struct td_keyinfo {
	const char *name; /* NULL ends a table */
	td_keytype type;
	bool required;
	const char *const *values;  /* TD_KT_ENUM: the words, NULL-terminated */
	size_t nvalues;             /* how many of them (0: all) */
	const char *const *aliases; /* TD_KT_ENUM: other accepted words, or NULL */
	const struct td_keyinfo *child; /* TD_KT_MAP, TD_KT_LIST */
	const char *desc;
} td_keyinfo;

/* a workstream file's root */
extern const char *const td_workstream_keys[TD_WS_NKEYS + 1];
extern const char *const td_phase_keys[TD_PHASE_NKEYS + 1];
extern const char *const td_task_keys[TD_TASK_NKEYS + 1];
/* of a workstream, phase or task */
extern const char *const td_criterion_keys[];
/* an entry of a workstream's external list */
extern const char *const td_external_keys[];
/* project.yaml's root, and what it holds */
extern const char *const td_project_keys[];
extern const char *const td_calendar_keys[];
extern const char *const td_sprint_keys[];
extern const char *const td_risk_keys[];
extern const char *const td_section_keys[];
/* taskdoc.yaml */
extern const char *const td_config_keys[];
extern const char *const td_config_out_keys[];
extern const char *const td_config_mkdocs_keys[];
extern const char *const td_config_graph_keys[];
extern const char *const td_config_forecast_keys[];
extern const char *const td_config_repo_keys[];
/* taskdoc's evidence JSON (evidence.md): a validation run and its checks,
 * a benchmark run and its results */
extern const char *const td_validation_keys[];
extern const char *const td_check_keys[];
extern const char *const td_benchmark_keys[];
extern const char *const td_result_keys[];
/* the words of a check's status */
extern const char *const td_check_status_names[];

/* The same tables with their types (NULL-name terminated). */
extern const td_keyinfo td_workstream_info[], td_phase_info[], td_task_info[], td_criterion_info[],
    td_external_info[];
extern const td_keyinfo td_project_info[], td_calendar_info[], td_sprint_info[], td_risk_info[],
    td_section_info[];
extern const td_keyinfo td_config_info[], td_config_out_info[], td_config_mkdocs_info[], td_config_graph_info[],
    td_config_forecast_info[], td_config_repo_info[];
extern const td_keyinfo td_validation_info[], td_check_info[], td_benchmark_info[], td_result_info[];

#endif
