/* schema.c - JSON Schema (draft 2020-12) of the input files, generated
 * from the key tables the loader checks (plan_keys.c), so that an editor's
 * idea of a valid file and taskdoc's cannot drift apart. */
#include "load/load.h"
#include "load/plan_keys.h"

#include <string.h>

#define ID_PATTERN "^[A-Za-z0-9][A-Za-z0-9._-]*$"
#define NUM "([0-9]+(\\.[0-9]+)?|\\.[0-9]+)"

static json_t *object_of(const td_keyinfo *keys, const char *title);

static json_t *str_pattern(const char *pattern)
{
	return json_pack("{s:s, s:s}", "type", "string", "pattern", pattern);
}

static json_t *one_or_list(json_t *item)
{
	return json_pack("{s:[o, {s:s, s:O}]}", "anyOf", item, "type", "array", "items", item);
}

static json_t *enum_of(const td_keyinfo *k)
{
	json_t *words = json_array();
	for (size_t i = 0; k->values[i] && (!k->nvalues || i < k->nvalues); i++)
		json_array_append_new(words, json_string(k->values[i]));
	for (size_t i = 0; k->aliases && k->aliases[i]; i++)
		json_array_append_new(words, json_string(k->aliases[i]));
	return json_pack("{s:s, s:o}", "type", "string", "enum", words);
}

/* The schema of one key's value; a new reference. */
static json_t *value_of(const td_keyinfo *k)
{
	switch (k->type) {
	case TD_KT_STRING:
	case TD_KT_MARKDOWN:
		return json_pack("{s:s}", "type", "string");
	case TD_KT_ID:
		return str_pattern(ID_PATTERN);
	case TD_KT_WS_ID:
		return str_pattern("^[a-z0-9][a-z0-9.-]*$");
	case TD_KT_STRINGS:
		return one_or_list(json_pack("{s:s}", "type", "string"));
	case TD_KT_IDS:
		return one_or_list(str_pattern(ID_PATTERN));
	case TD_KT_INT:
		return json_pack("{s:s}", "type", "integer");
	case TD_KT_NUMBER:
		return json_pack("{s:s}", "type", "number");
	case TD_KT_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case TD_KT_DATE:
		return json_pack("{s:s, s:s, s:s}", "type", "string", "format", "date", "pattern",
		                 "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
	case TD_KT_TIME:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date-time");
	case TD_KT_ESTIMATE:
		return str_pattern("^" NUM "(-" NUM ")?[hdw]$");
	case TD_KT_QUANTITY:
		return json_pack("{s:[s, s]}", "type", "number", "string");
	case TD_KT_ENUM:
		return enum_of(k);
	case TD_KT_MAP:
		return object_of(k->child, NULL);
	case TD_KT_LIST:
		return json_pack("{s:s, s:o}", "type", "array", "items", object_of(k->child, NULL));
	}
	return json_object();
}

/* A mapping of the keys of one table: no other key, the required ones required. */
static json_t *object_of(const td_keyinfo *keys, const char *title)
{
	json_t *props = json_object(), *req = json_array();
	for (const td_keyinfo *k = keys; k->name; k++) {
		json_t *v = value_of(k);
		if (k->desc)
			json_object_set_new(v, "description", json_string(k->desc));
		json_object_set_new(props, k->name, v);
		if (k->required)
			json_array_append_new(req, json_string(k->name));
	}
	json_t *o = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props, "additionalProperties", 0);
	if (title)
		json_object_set_new(o, "title", json_string(title));
	if (json_array_size(req))
		json_object_set_new(o, "required", req);
	else
		json_decref(req);
	return o;
}

static const struct {
	const char *name, *title;
	const td_keyinfo *keys, *alt;
} schemas[] = {
    {"project", "taskdoc project.yaml", td_project_info, NULL},
    {"workstream", "taskdoc workstream file (content/workstreams/*.yaml)", td_workstream_info, NULL},
    {"config", "taskdoc.yaml", td_config_info, NULL},
    {"evidence", "taskdoc evidence JSON (a validation or a benchmark run)", td_validation_info,
     td_benchmark_info},
};

const char *const td_schema_names[] = {"project", "workstream", "config", "evidence", NULL};

json_t *td_schema_build(const char *which)
{
	for (size_t i = 0; i < TD_ARRAY_LEN(schemas); i++) {
		if (strcmp(which, schemas[i].name) != 0)
			continue;
		json_t *s;
		if (schemas[i].alt) {
			s = json_pack("{s:s, s:[o, o]}", "title", schemas[i].title, "oneOf",
			              object_of(schemas[i].keys, "validation run"),
			              object_of(schemas[i].alt, "benchmark run"));
		} else {
			s = object_of(schemas[i].keys, schemas[i].title);
		}
		json_t *root = json_pack("{s:s}", "$schema", "https://json-schema.org/draft/2020-12/schema");
		json_object_update(root, s);
		json_decref(s);
		return root;
	}
	return NULL;
}
