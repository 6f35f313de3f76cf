/* libFuzzer harness: the history walk's fast reader of workstream files
 * (load/history_snap.c, td_snap_parse) against the full loader
 * (td_snap_parse_full), which docs/history.md calls the reference: both
 * must give the same snapshot (workstream, tasks and every field history
 * reads), or both reject the file. The one difference the docs allow: a
 * file the loader rejects for a mistake in a part history does not read
 * (criteria, and keys such as order, validation or outcome) may be read by
 * the fast reader. Any other disagreement aborts.
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The keys of a workstream, phase or task that a snapshot holds. */
static bool read_by_history(const char *key, size_t n)
{
	static const char *const keys[] = {"id",       "title",    "owner",    "status", "priority",
	                                   "estimate", "done_on", "added_on", "phases", "tasks"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (strlen(keys[k]) == n && !memcmp(keys[k], key, n))
			return true;
	return false;
}

/* Whether line (1-based) of text lies inside a `criteria:` block: one of
 * the lines above it with less indentation, each less than the last, is
 * the key criteria (an error there may name 'title', which a criterion has
 * as a task does). */
static bool in_criteria(const char *text, size_t len, long line)
{
	const char *starts[4096];
	size_t n = 0;
	for (size_t i = 0; i < len && n < 4096; i++)
		if (i == 0 || text[i - 1] == '\n')
			starts[n++] = text + i;
	if (line < 1 || (size_t)line > n)
		return false;
	const char *end = text + len;
	size_t indent = SIZE_MAX;
	for (long l = line - 1; l >= 0; l--) {
		const char *p = starts[l], *q = p;
		while (q < end && (*q == ' ' || *q == '-'))
			q++;
		if (q >= end || *q == '\n' || *q == '#' || *q == '\r')
			continue;
		size_t ind = (size_t)(q - p);
		if (ind >= indent)
			continue;
		indent = ind;
		if ((size_t)(end - q) >= 9 && !memcmp(q, "criteria:", 9))
			return true;
	}
	return false;
}

/* Whether the loader's error err is about a part history does not read. */
static bool outside_history(const char *err, const char *text, size_t len)
{
	if (strstr(err, "criterion") || strstr(err, "'benchmark'"))
		return true;
	const char *colon = strchr(err, ':');
	if (colon && in_criteria(text, len, strtol(colon + 1, NULL, 10)))
		return true;
	static const char *const pats[] = {" for '", " list '", " key '"};
	for (size_t k = 0; k < sizeof pats / sizeof *pats; k++) {
		const char *p = strstr(err, pats[k]);
		if (!p)
			continue;
		p += strlen(pats[k]);
		const char *q = strchr(p, '\'');
		if (q)
			return !read_by_history(p, (size_t)(q - p));
	}
	return false;
}

static void fail(const char *why, const td_strtab *strs, const td_snap *fast, const td_snap *full, const char *text,
                 size_t len)
{
	fprintf(stderr, "fast reader and loader disagree: %s\nfast: %s, %zu tasks\nfull: %s, %zu tasks\n", why,
	        fast->error ? fast->error : "ok", fast->ntasks, full->error ? full->error : "ok", full->ntasks);
	(void)strs;
	fprintf(stderr, "--- text ---\n%.*s\n---\n", (int)len, text);
	abort();
}

static const char *str(const td_strtab *t, uint32_t i)
{
	return i == TD_STR_NONE ? "(none)" : t->strs[i];
}

/* magic then text[0..size) in enc, and a malloc'd copy of it of exactly
 * its length (so that ASan sees a read past the end). */
static char *damaged_entry(const char *magic, const char *text, size_t size, td_buf *enc)
{
	td_buf_clear(enc);
	td_buf_puts(enc, magic);
	td_buf_put(enc, text, size);
	char *copy = malloc(enc->len);
	memcpy(copy, enc->ptr, enc->len);
	return copy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	td_strtab strs = {0};
	td_arena *arena = td_arena_new();
	td_snap fast, full;
	bool slow = false;
	td_snap_parse(&fast, &strs, arena, "ws.yaml", text, size, &slow);
	td_snap_parse_full(&full, &strs, arena, "ws.yaml", text, size);
	char why[1024];
	if (!fast.error != !full.error) {
		if (!(full.error && outside_history(full.error, text, size)))
			fail("one rejects the file", &strs, &fast, &full, text, size);
	} else if (!fast.error) {
		if (fast.workstream != full.workstream || fast.ntasks != full.ntasks)
			fail("workstream or number of tasks", &strs, &fast, &full, text, size);
		for (size_t i = 0; i < fast.ntasks; i++) {
			const td_snap_task *a = &fast.tasks[i], *b = &full.tasks[i];
			if (a->id != b->id || a->title != b->title || a->phase != b->phase || a->owner != b->owner ||
			    a->status != b->status || a->priority != b->priority || a->unit != b->unit ||
			    !(a->lo == b->lo || (a->lo != a->lo && b->lo != b->lo)) ||
			    !(a->hi == b->hi || (a->hi != a->hi && b->hi != b->hi))) {
				snprintf(why, sizeof why,
				         "task '%s'/'%s': title '%s'/'%s' phase '%s'/'%s' owner '%s'/'%s' status %d/%d "
				         "priority %d/%d estimate %c%g-%g/%c%g-%g",
				         str(&strs, a->id), str(&strs, b->id), str(&strs, a->title), str(&strs, b->title),
				         str(&strs, a->phase), str(&strs, b->phase), str(&strs, a->owner),
				         str(&strs, b->owner), a->status, b->status, a->priority, b->priority,
				         a->unit ? a->unit : '-', a->lo, a->hi, b->unit ? b->unit : '-', b->lo, b->hi);
				fail(why, &strs, &fast, &full, text, size);
			}
		}
	}
	/* the snapshot cache (history_cache.c): the parse, encoded, reads back
	 * into an empty table as the parse fills one; and the same input as a
	 * damaged entry (after the magic line) is read or refused, never past
	 * its bytes, which have no NUL after them */
	td_strtab traced = {0}, back = {0}, raw = {0};
	td_snap t, b;
	traced.trace_on = true;
	td_snap_parse(&t, &traced, arena, "ws.yaml", text, size, &slow);
	traced.trace_on = false;
	td_buf enc = TD_BUF_INIT;
	if (!td_snap_encode(&enc, &t, &traced, traced.trace, traced.ntrace))
		fail("the snapshot does not encode", &strs, &fast, &full, text, size);
	char *copy = malloc(enc.len ? enc.len : 1);
	memcpy(copy, enc.ptr ? enc.ptr : "", enc.len);
	if (!td_snap_decode(&b, &back, arena, copy, enc.len) || back.len != traced.len || b.ntasks != t.ntasks ||
	    b.nphases != t.nphases || !b.error != !t.error)
		fail("the encoded snapshot does not read back the same", &strs, &fast, &full, text, size);
	free(copy);
	/* the input as a damaged cache entry: of a snapshot, of a whole log */
	copy = damaged_entry("taskdoc snapshot 1\n", text, size, &enc);
	(void)td_snap_decode(&b, &raw, arena, copy, enc.len);
	free(copy);
	copy = damaged_entry("taskdoc history log 1\n", text, size, &enc);
	td_hist_log_free(td_hist_log_decode(copy, enc.len));
	free(copy);
	td_buf_free(&enc);
	td_strtab_free(&traced);
	td_strtab_free(&back);
	td_strtab_free(&raw);
	td_strtab_free(&strs);
	td_arena_free(arena);
	return 0;
}
