/*
 * evidence_json.c - content/evidence/ ** / *.json into the model (jansson).
 * Four shapes, told apart by content (SCHEMA 4, docs/evidence.md). A
 * problem is reported with the file and either the line and column (JSON
 * syntax, from jansson) or the JSON path of the value (`results[0].value`).
 */
#include "load/evidence.h"
#include "load/plan_keys.h"

#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16

typedef struct jp {
	td_arena *arena;
	td_diags *diags;
	const char *file;
	int errors;
} jp;

static void TD_PRINTF(4, 0) report(jp *c, td_severity sev, const char *path, const char *fmt, va_list ap)
{
	td_buf b = TD_BUF_INIT;
	if (path && *path)
		td_buf_printf(&b, "%s: ", path);
	td_buf_vprintf(&b, fmt, ap);
	td_diag_add(c->diags, sev, (td_loc){c->file, 0, 0}, "%s", td_buf_cstr(&b));
	td_buf_free(&b);
}

static void TD_PRINTF(3, 4) jerr(jp *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(c, TD_SEV_ERROR, path, fmt, ap);
	va_end(ap);
	c->errors++;
}

static void TD_PRINTF(3, 4) jwarn(jp *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(c, TD_SEV_WARNING, path, fmt, ap);
	va_end(ap);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

/* "path.key", or "key" at the top; in the arena (paths are kept by runs). */
static const char *sub(jp *c, const char *path, const char *key)
{
	return *path ? td_arena_printf(c->arena, "%s.%s", path, key) : td_arena_strdup(c->arena, key);
}

static const char *idx(jp *c, const char *path, size_t i)
{
	return td_arena_printf(c->arena, "%s[%zu]", path, i);
}

/* obj[key]: NULL when missing or null (an error when required, what
 * saying what was expected). */
static json_t *member(jp *c, json_t *obj, const char *path, const char *key, bool required, const char *what)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_null(v))
		v = NULL;
	if (!v && required)
		jerr(c, path, "missing '%s' (expected %s)", key, what);
	return v;
}

static const char *jstr(jp *c, json_t *obj, const char *path, const char *key, bool required)
{
	json_t *v = member(c, obj, path, key, required, "a string");
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		jerr(c, sub(c, path, key), "expected a string, got %s", type_name(v));
		return NULL;
	}
	return td_arena_strndup(c->arena, json_string_value(v), json_string_length(v));
}

/* A non-empty string without control characters (a name). */
static const char *jname(jp *c, json_t *obj, const char *path, const char *key)
{
	const char *s = jstr(c, obj, path, key, true);
	if (!s)
		return NULL;
	if (!*s) {
		jerr(c, sub(c, path, key), "expected a name, got an empty string");
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			jerr(c, sub(c, path, key), "control character in '%s'", s);
			return NULL;
		}
	return s;
}

static bool jnum(jp *c, json_t *obj, const char *path, const char *key, bool required, double *out)
{
	json_t *v = member(c, obj, path, key, required, "a number");
	if (!v)
		return false;
	if (!json_is_number(v)) {
		jerr(c, sub(c, path, key), "expected a number, got %s", type_name(v));
		return false;
	}
	*out = json_number_value(v);
	return true;
}

static json_t *jarr(jp *c, json_t *obj, const char *path, const char *key, const char *what)
{
	json_t *v = member(c, obj, path, key, true, what);
	if (!v)
		return NULL;
	if (!json_is_array(v)) {
		jerr(c, sub(c, path, key), "expected %s, got %s", what, type_name(v));
		return NULL;
	}
	if (!json_array_size(v)) {
		jerr(c, sub(c, path, key), "is empty (expected %s)", what);
		return NULL;
	}
	return v;
}

static bool is_obj(jp *c, json_t *v, const char *path, const char *what)
{
	if (json_is_object(v))
		return true;
	jerr(c, path, "expected %s, got %s", what, type_name(v));
	return false;
}

/* Unknown keys are errors in taskdoc's own shapes, so that typos never pass. */
static void jkeys(jp *c, json_t *obj, const char *path, const char *const *known, const char *list)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = !strcmp(key, known[i]);
		if (ok)
			continue;
		const char *near = td_did_you_mean(key, known);
		if (near)
			jerr(c, sub(c, path, key), "unknown key '%s' (did you mean '%s'?)", key, near);
		else
			jerr(c, sub(c, path, key), "unknown key '%s' (expected %s)", key, list);
	}
}

static bool jtimestamp(jp *c, json_t *obj, const char *path, const char *key, td_timestamp *out)
{
	const char *s = jstr(c, obj, path, key, true);
	if (!s)
		return false;
	if (td_timestamp_parse(s, out) != 0) {
		jerr(c, sub(c, path, key),
		     "expected an RFC 3339 timestamp such as 2025-11-05T14:03:00Z, got '%s'", s);
		return false;
	}
	return true;
}

static void junit(jp *c, json_t *obj, const char *path, td_unit *out)
{
	const char *s = jstr(c, obj, path, "unit", false);
	if (td_unit_parse(s ? s : "", out) != 0)
		jerr(c, sub(c, path, "unit"), "unit '%s' is too long (at most 39 bytes)", s);
}

typedef struct named {
	const char *name;
	const char *path;
	size_t i;
} named;

static int cmp_named(const void *pa, const void *pb)
{
	const named *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);
	return r ? r : a->i < b->i ? -1 : a->i > b->i;
}

/* Two checks (or results) of one run with the same name: which would count? */
static void no_duplicates(jp *c, named *v, size_t n, const char *what, const char *key)
{
	qsort(v, n, sizeof *v, cmp_named);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(v[i].name, v[i - 1].name)) {
			size_t first = i - 1;
			while (first > 0 && !strcmp(v[first - 1].name, v[i].name))
				first--;
			jerr(c, sub(c, v[i].path, key), "duplicate %s '%s' (also %s)", what, v[i].name,
			     v[first].path);
		}
}

#define STATUSES td_check_status_names

static void parse_validation(jp *c, json_t *root, td_ev_run *run)
{
	jkeys(c, root, "", td_validation_keys, "kind, suite, run_at, commit, checks");
	run->suite = jname(c, root, "", "suite");
	jtimestamp(c, root, "", "run_at", &run->run_at);
	run->commit = jstr(c, root, "", "commit", false);
	json_t *arr = jarr(c, root, "", "checks", "a non-empty array of checks");
	if (!arr)
		return;
	size_t n = json_array_size(arr);
	run->checks = td_arena_alloc(c->arena, n * sizeof *run->checks);
	named *names = td_xcalloc(n, sizeof *names);
	size_t nn = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = idx(c, "checks", i);
		json_t *o = json_array_get(arr, i);
		if (!is_obj(c, o, path, "a check object {name, status}"))
			continue;
		jkeys(c, o, path, td_check_keys, "name, status, duration_s, task, message");
		td_ev_check *ck = &run->checks[run->nchecks];
		ck->path = path;
		ck->run = run;
		ck->duration_s = NAN;
		ck->name = jname(c, o, path, "name");
		const char *st = jstr(c, o, path, "status", true);
		int status = -1;
		for (int k = 0; st && STATUSES[k]; k++)
			if (!strcmp(st, STATUSES[k]))
				status = k;
		if (st && status < 0) {
			const char *near = td_did_you_mean(st, STATUSES);
			if (near)
				jerr(c, sub(c, path, "status"), "bad status '%s' (did you mean '%s'?)", st,
				     near);
			else
				jerr(c, sub(c, path, "status"),
				     "bad status '%s' (expected pass, fail, skip or error)", st);
		}
		double d;
		if (jnum(c, o, path, "duration_s", false, &d)) {
			if (d < 0)
				jerr(c, sub(c, path, "duration_s"),
				     "expected a duration of 0 or more seconds, got %g", d);
			ck->duration_s = d;
		}
		ck->task = jstr(c, o, path, "task", false);
		ck->message = jstr(c, o, path, "message", false);
		if (!ck->name || status < 0)
			continue;
		ck->status = (td_check_status)status;
		names[nn++] = (named){ck->name, path, i};
		run->nchecks++;
	}
	no_duplicates(c, names, nn, "check", "name");
	free(names);
}

static void parse_benchmark(jp *c, json_t *root, td_ev_run *run)
{
	jkeys(c, root, "", td_benchmark_keys, "kind, suite, run_at, commit, results");
	run->suite = jname(c, root, "", "suite");
	jtimestamp(c, root, "", "run_at", &run->run_at);
	run->commit = jstr(c, root, "", "commit", false);
	json_t *arr = jarr(c, root, "", "results", "a non-empty array of results");
	if (!arr)
		return;
	size_t n = json_array_size(arr);
	run->results = td_arena_alloc(c->arena, n * sizeof *run->results);
	named *names = td_xcalloc(n, sizeof *names);
	size_t nn = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = idx(c, "results", i);
		json_t *o = json_array_get(arr, i);
		if (!is_obj(c, o, path, "a result object {name, value, unit}"))
			continue;
		jkeys(c, o, path, td_result_keys, "name, value, unit, task");
		td_ev_result *r = &run->results[run->nresults];
		r->path = path;
		r->run = run;
		r->name = jname(c, o, path, "name");
		bool have = jnum(c, o, path, "value", true, &r->value);
		junit(c, o, path, &r->unit);
		r->task = jstr(c, o, path, "task", false);
		if (!r->name || !have)
			continue;
		names[nn++] = (named){r->name, path, i};
		run->nresults++;
	}
	no_duplicates(c, names, nn, "result", "name");
	free(names);
}

static td_ev_result *fio_result(jp *c, td_ev_run *run, const char *name, const char *path, bool *is_new)
{
	for (size_t i = 0; i < run->nresults; i++)
		if (!strcmp(run->results[i].name, name)) {
			*is_new = false;
			return &run->results[i];
		}
	td_ev_result *r = &run->results[run->nresults++];
	r->name = td_arena_strdup(c->arena, name);
	r->path = path;
	r->run = run;
	*is_new = true;
	return r;
}

/* fio: each job gives fio:JOB:read_bw and :write_bw (B/s, bw_bytes) and
 * :read_iops, :write_iops (ops/s), for the directions it did I/O in; jobs
 * of the same name (numjobs without group_reporting, or client/server
 * runs) add up. */
static void parse_fio(jp *c, json_t *root, td_ev_run *run)
{
	double ts;
	if (jnum(c, root, "", "timestamp", true, &ts)) {
		if (ts != floor(ts) || td_timestamp_from_epoch(&run->run_at, (int64_t)ts, 0) != 0)
			jerr(c, "timestamp", "expected seconds since 1970-01-01, got %g", ts);
	}
	const char *key =
	    json_object_get(root, "jobs") || !json_object_get(root, "client_stats") ? "jobs" : "client_stats";
	json_t *jobs = jarr(c, root, "", key, "a non-empty array of fio jobs");
	if (!jobs)
		return;
	size_t n = json_array_size(jobs);
	run->results = td_arena_alloc(c->arena, 4 * n * sizeof *run->results);
	td_buf suite = TD_BUF_INIT, name = TD_BUF_INIT;
	td_buf_puts(&suite, "fio:");
	size_t njobnames = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = idx(c, key, i);
		json_t *job = json_array_get(jobs, i);
		if (!is_obj(c, job, path, "a fio job object"))
			continue;
		const char *jobname = jname(c, job, path, "jobname");
		if (!jobname)
			continue;
		double err;
		if (jnum(c, job, path, "error", false, &err) && err != 0)
			jwarn(c, sub(c, path, "error"),
			      "fio job '%s' ended with error %g; its figures may be incomplete", jobname,
			      err);
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			const char *other =
			    json_string_value(json_object_get(json_array_get(jobs, k), "jobname"));
			seen = other && !strcmp(other, jobname);
		}
		if (!seen) {
			if (njobnames++)
				td_buf_putc(&suite, ',');
			td_buf_puts(&suite, jobname);
		}
		static const char *const dirs[] = {"read", "write"};
		bool any_dir = false;
		for (int d = 0; d < 2; d++) {
			json_t *io = json_object_get(job, dirs[d]);
			if (!io)
				continue;
			any_dir = true;
			const char *dpath = sub(c, path, dirs[d]);
			if (!is_obj(c, io, dpath, "an object with bw_bytes, iops and io_bytes"))
				continue;
			double bw, iops, bytes;
			bool ok = jnum(c, io, dpath, "bw_bytes", true, &bw);
			ok = jnum(c, io, dpath, "iops", true, &iops) && ok;
			ok = jnum(c, io, dpath, "io_bytes", true, &bytes) && ok;
			if (!ok || bytes <= 0)
				continue; /* no I/O in this direction: nothing to report */
			static const char *const what[] = {"bw", "iops"};
			double val[] = {bw, iops};
			for (int w = 0; w < 2; w++) {
				td_buf_clear(&name);
				td_buf_printf(&name, "fio:%s:%s_%s", jobname, dirs[d], what[w]);
				bool is_new;
				td_ev_result *r = fio_result(c, run, td_buf_cstr(&name), dpath, &is_new);
				r->value += val[w];
				if (is_new)
					td_unit_parse(w == 0 ? "B/s" : "ops/s", &r->unit);
			}
		}
		if (!any_dir)
			jerr(c, path, "missing 'read' and 'write' (expected fio's per-direction figures)");
	}
	if (!c->errors && !run->nresults)
		jerr(c, key, "no job did any reads or writes (io_bytes is 0 everywhere)");
	run->suite = td_arena_strdup(c->arena, td_buf_cstr(&suite));
	td_buf_free(&suite);
	td_buf_free(&name);
}

/* hyperfine: each result gives hyperfine:COMMAND, its mean in seconds. */
static void parse_hyperfine(jp *c, json_t *root, td_ev_run *run)
{
	json_t *arr = jarr(c, root, "", "results", "a non-empty array of hyperfine results");
	if (!arr)
		return;
	size_t n = json_array_size(arr);
	run->results = td_arena_alloc(c->arena, n * sizeof *run->results);
	named *names = td_xcalloc(n, sizeof *names);
	size_t nn = 0;
	td_buf suite = TD_BUF_INIT;
	td_buf_puts(&suite, "hyperfine:");
	for (size_t i = 0; i < n; i++) {
		const char *path = idx(c, "results", i);
		json_t *o = json_array_get(arr, i);
		if (!is_obj(c, o, path, "a hyperfine result object {command, mean, ...}"))
			continue;
		const char *cmd = jname(c, o, path, "command");
		double mean;
		bool have = jnum(c, o, path, "mean", true, &mean);
		if (have && mean < 0) {
			jerr(c, sub(c, path, "mean"), "expected a time of 0 or more seconds, got %g", mean);
			have = false;
		}
		if (!cmd || !have)
			continue;
		td_ev_result *r = &run->results[run->nresults++];
		r->name = td_arena_printf(c->arena, "hyperfine:%s", cmd);
		r->value = mean;
		td_unit_parse("s", &r->unit);
		r->path = path;
		r->run = run;
		names[nn++] = (named){cmd, path, i};
		if (nn > 1)
			td_buf_puts(&suite, ", ");
		td_buf_puts(&suite, cmd);
	}
	no_duplicates(c, names, nn, "command", "command");
	free(names);
	run->suite = td_arena_strdup(c->arena, td_buf_cstr(&suite));
	td_buf_free(&suite);
}

/* jansson reports the column where it stopped, at the end of the token;
 * point at the token's start instead ("near 'NaN'"). */
static int token_start(const json_error_t *e)
{
	const char *near = strstr(e->text, "near '");
	if (e->column <= 0 || !near)
		return e->column > 0 ? e->column : 1;
	near += 6;
	const char *end = strrchr(near, '\'');
	if (!end || end <= near)
		return e->column;
	int chars = 0;
	for (const char *p = near; p < end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	int col = e->column - chars + 1;
	return col > 0 ? col : 1;
}

static bool near_is(const json_error_t *e, const char *tok)
{
	const char *near = strstr(e->text, "near '");
	if (!near)
		return false;
	size_t n = strlen(tok);
	return !strncmp(near + 6, tok, n) && near[6 + n] == '\'';
}

static const char *SHAPES =
    "a taskdoc validation or benchmark file (with \"kind\"), fio --output-format=json "
    "output (with \"fio version\" and \"jobs\") or hyperfine --export-json output "
    "(with \"results\")";

td_ev_run *td_evidence_parse_text(td_arena *arena, const char *file, const char *text, size_t len,
                                  td_diags *diags)
{
	jp c = {arena, diags, file, 0};
	td_ev_run *run = NULL;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a byte order mark, as some tools write */
		text += 3;
		len -= 3;
	}
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_DECODE_INT_AS_REAL, &e);
	if (!root) {
		const char *hint = "";
		/* jansson stops at the '-' of "-nan", "-Infinity" */
		bool minus = near_is(&e, "-") && e.position >= 0 && (size_t)e.position < len &&
		             text[e.position] && strchr("nNiI", text[e.position]);
		if (minus || near_is(&e, "NaN") || near_is(&e, "nan") || near_is(&e, "Infinity") ||
		    near_is(&e, "inf"))
			hint = " (JSON has no NaN or Infinity: write a number or null)";
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){file, e.line > 0 ? e.line : 1, token_start(&e)},
		            "invalid JSON: %s%s", e.text, hint);
		return NULL;
	}
	run = td_arena_alloc(arena, sizeof *run);
	run->file = td_arena_strdup(arena, file);
	if (!json_is_object(root)) {
		jerr(&c, "", "not a known evidence shape: the top is %s; expected %s", type_name(root),
		     SHAPES);
		goto out;
	}
	json_t *kind = json_object_get(root, "kind");
	if (kind) {
		/* taskdoc's own shapes: duplicate keys are mistakes too */
		json_t *strict = json_loadb(text, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &e);
		if (!strict) {
			td_diag_add(diags, TD_SEV_ERROR,
			            (td_loc){file, e.line > 0 ? e.line : 1, token_start(&e)},
			            "invalid JSON: %s", e.text);
			c.errors++;
			goto out;
		}
		json_decref(strict);
		const char *k = json_string_value(kind);
		if (k && !strcmp(k, "validation")) {
			run->shape = TD_EV_VALIDATION;
			parse_validation(&c, root, run);
		} else if (k && !strcmp(k, "benchmark")) {
			run->shape = TD_EV_BENCHMARK;
			parse_benchmark(&c, root, run);
		} else if (k) {
			static const char *const kinds[] = {"validation", "benchmark", NULL};
			const char *near = td_did_you_mean(k, kinds);
			if (near)
				jerr(&c, "kind", "unknown kind '%s' (did you mean '%s'?)", k, near);
			else
				jerr(&c, "kind", "unknown kind '%s' (expected validation or benchmark)", k);
		} else {
			jerr(&c, "kind", "expected a string (validation or benchmark), got %s",
			     type_name(kind));
		}
	} else if (json_object_get(root, "fio version") || json_object_get(root, "jobs") ||
	           json_object_get(root, "client_stats")) {
		run->shape = TD_EV_FIO;
		parse_fio(&c, root, run);
	} else if (json_object_get(root, "checks") ||
	           ((json_object_get(root, "suite") || json_object_get(root, "run_at")) &&
	            json_object_get(root, "results"))) {
		bool checks = json_object_get(root, "checks") != NULL;
		jerr(&c, "", "missing 'kind' (expected \"%s\" for a taskdoc %s file)",
		     checks ? "validation" : "benchmark", checks ? "validation" : "benchmark");
	} else if (json_object_get(root, "results")) {
		run->shape = TD_EV_HYPERFINE;
		parse_hyperfine(&c, root, run);
	} else {
		jerr(&c, "", "not a known evidence shape; expected %s", SHAPES);
	}
out:
	json_decref(root);
	return c.errors ? NULL : run;
}

typedef struct collect {
	char **paths;
	size_t len, cap;
} collect;

/* Every *.json below dir, depth first, names sorted in each folder. */
static int walk(collect *out, const char *dir, int depth, td_diags *diags)
{
	char **names;
	size_t n;
	if (td_dir_names(dir, &names, &n) != 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot open the evidence folder: %s",
		            strerror(errno));
		return -1;
	}
	int rc = 0;
	td_buf path = TD_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		td_buf_clear(&path);
		td_buf_printf(&path, "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(td_buf_cstr(&path), &st) != 0) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){td_buf_cstr(&path), 0, 0},
			            "cannot read: %s", strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DEPTH)
				td_diag_add(
				    diags, TD_SEV_WARNING, (td_loc){td_buf_cstr(&path), 0, 0},
				    "evidence folders nested more than %d deep are not read (a link loop?)",
				    MAX_DEPTH);
			else if (walk(out, td_buf_cstr(&path), depth + 1, diags) != 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) && td_has_suffix(names[i], ".json")) {
			td_grow((void **)&out->paths, &out->cap, out->len + 1, sizeof *out->paths);
			out->paths[out->len++] = td_buf_detach(&path);
		}
	}
	td_dir_names_free(names, n);
	td_buf_free(&path);
	return rc;
}

int td_evidence_load(td_plan *plan, const td_kv *cache, td_diags *diags)
{
	td_arena *arena = plan->arena;
	td_evidence *ev = td_arena_alloc(arena, sizeof *ev);
	plan->evidence = ev;
	const char *dir = td_arena_printf(arena, "%s/evidence", plan->config.content);
	struct stat st;
	if (stat(dir, &st) != 0 && errno == ENOENT)
		return 0;
	collect files = {0};
	int rc = walk(&files, dir, 0, diags);
	ev->runs = td_arena_alloc(arena, (files.len ? files.len : 1) * sizeof *ev->runs);
	for (size_t i = 0; i < files.len; i++) {
		char *text = NULL;
		size_t len = 0;
		if (td_file_read_max(files.paths[i], TD_EVIDENCE_FILE_MAX, &text, &len) != 0) {
			if (errno == EFBIG)
				td_diag_add(diags, TD_SEV_ERROR, (td_loc){files.paths[i], 0, 0},
				            "is %.1f MB; taskdoc reads evidence files of up to %zu MB (keep the results "
				            "taskdoc shows; a run's raw samples belong elsewhere)",
				            (double)len / (1 << 20), TD_EVIDENCE_FILE_MAX >> 20);
			else
				td_diag_add(diags, TD_SEV_ERROR, (td_loc){files.paths[i], 0, 0}, "cannot read: %s",
				            strerror(errno));
			rc = -1;
		} else {
			td_ev_run *run = td_evidence_parse_text(arena, files.paths[i], text, len, diags);
			if (!run)
				rc = -1;
			else
				ev->runs[ev->nruns++] = run;
			if (run && run->shape == TD_EV_HYPERFINE && plan->config.history)
				td_evidence_git_date(files.paths[i], text, len, cache, &run->run_at);
		}
		free(text);
		free(files.paths[i]);
	}
	free(files.paths);
	return rc;
}
