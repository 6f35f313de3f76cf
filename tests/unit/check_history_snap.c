/* check_history_snap.c - load/history_snap.c: the fast reader of workstream
 * files for the history walk must read exactly what the full loader reads,
 * or give up and let the loader read it. Checked on the bundled plan, on
 * hand-written YAML, and on thousands of random mutations of a file.
 * Environment (for digging into a failure): SNAP_MUTATIONS=N mutations of
 * each file (default 3000); SNAP_SHOW_LENIENT=1 (2: with the text) lists the
 * files the fast reader read although the loader rejects them; SNAP_DUMP=FILE
 * writes the text of a failing mutation there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "load/history.h"
#include "unit_plan.h"

typedef struct both {
	td_strtab strs;
	td_arena *arena;
	td_snap fast, full;
	bool slow;
} both;

static void parse_both(both *b, const char *text, size_t len)
{
	memset(b, 0, sizeof *b);
	b->arena = td_arena_new();
	td_snap_parse(&b->fast, &b->strs, b->arena, "ws.yaml", text, len, &b->slow);
	td_snap_parse_full(&b->full, &b->strs, b->arena, "ws.yaml", text, len);
}

static void free_both(both *b)
{
	td_strtab_free(&b->strs);
	td_arena_free(b->arena);
}

static bool same_ids(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	return na == nb && (!na || !memcmp(a, b, na * sizeof *a));
}

/* Same snapshot: same tasks with the same fields (depends_on and whether
 * it has blockers too), the same phases with their depends_on, or both an
 * error. */
static bool same(const both *b, char *why, size_t n)
{
	const td_snap *x = &b->fast, *y = &b->full;
	if ((x->error != NULL) != (y->error != NULL)) {
		snprintf(why, n, "error: fast %s, full %s", x->error ? x->error : "none",
		         y->error ? y->error : "none");
		return false;
	}
	if (x->error)
		return true;
	if (x->workstream != y->workstream || x->ntasks != y->ntasks) {
		snprintf(why, n, "workstream or task count differ (%zu vs %zu)", x->ntasks, y->ntasks);
		return false;
	}
	for (size_t i = 0; i < x->ntasks; i++) {
		const td_snap_task *a = &x->tasks[i], *c = &y->tasks[i];
		if (a->id != c->id || a->title != c->title || a->phase != c->phase || a->owner != c->owner ||
		    a->status != c->status || a->priority != c->priority || a->unit != c->unit ||
		    a->lo != c->lo || a->hi != c->hi || a->blocked != c->blocked ||
		    !same_ids(a->deps, a->ndeps, c->deps, c->ndeps)) {
			snprintf(why, n,
			         "task %s differs: title '%s'/'%s' phase %s/%s status %d/%d prio %d/%d est "
			         "%c%g-%g/%c%g-%g blocked %d/%d deps %u/%u",
			         b->strs.strs[a->id], b->strs.strs[a->title], b->strs.strs[c->title],
			         b->strs.strs[a->phase], b->strs.strs[c->phase], a->status, c->status,
			         a->priority, c->priority, a->unit ? a->unit : '-', a->lo, a->hi,
			         c->unit ? c->unit : '-', c->lo, c->hi, a->blocked, c->blocked, a->ndeps,
			         c->ndeps);
			return false;
		}
	}
	if (x->nphases != y->nphases) {
		snprintf(why, n, "phase count differs (%zu vs %zu)", x->nphases, y->nphases);
		return false;
	}
	for (size_t i = 0; i < x->nphases; i++)
		if (x->phases[i].id != y->phases[i].id ||
		    !same_ids(x->phases[i].deps, x->phases[i].ndeps, y->phases[i].deps, y->phases[i].ndeps)) {
			snprintf(why, n, "phase %s differs (depends_on: %u vs %u)",
			         b->strs.strs[x->phases[i].id], x->phases[i].ndeps, y->phases[i].ndeps);
			return false;
		}
	return true;
}

/* fast says: read by the fast reader (1), by the loader (0), either (-1). */
static void check_text(const char *name, const char *text, int fast, bool error)
{
	both b;
	char why[512];
	parse_both(&b, text, strlen(text));
	if (!same(&b, why, sizeof why))
		fail_msg("%s: fast and full readers disagree: %s", name, why);
	if (fast >= 0 && b.slow == (fast == 1))
		fail_msg("%s: expected the %s reader", name, fast ? "fast" : "full");
	if ((b.full.error != NULL) != error)
		fail_msg("%s: expected %s, got %s", name, error ? "an error" : "no error",
		         b.full.error ? b.full.error : "none");
	free_both(&b);
}

/* ---- the bundled plan ---- */

static char *read_repo_file(const char *rel, size_t *len)
{
	/* __FILE__ is tests/unit/check_history_snap.c below the repository */
	char path[4096];
	snprintf(path, sizeof path, "%s", __FILE__);
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(path, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
	size_t l = strlen(path);
	snprintf(path + l, sizeof path - l, "/%s", rel);
	char *text = NULL;
	if (td_file_read(path, &text, len) != 0)
		return NULL;
	return text;
}

static void test_bundled_plan(void **state)
{
	(void)state;
	static const char *const files[] = {"content/workstreams/hpc.yaml", "content/workstreams/cloud.yaml",
	                                    "content/workstreams/mlops.yaml",
	                                    "content/workstreams/code-quality.yaml"};
	for (size_t i = 0; i < TD_ARRAY_LEN(files); i++) {
		size_t len;
		char *text = read_repo_file(files[i], &len);
		if (!text) {
			print_message("skipped %s: not found next to the test's source\n", files[i]);
			continue;
		}
		both b;
		char why[512];
		parse_both(&b, text, len);
		if (!same(&b, why, sizeof why))
			fail_msg("%s: %s", files[i], why);
		assert_null(b.full.error);
		assert_true(b.full.ntasks > 0);
		if (b.slow)
			fail_msg("%s: the fast reader gave up on the bundled plan", files[i]);
		free_both(&b);
		free(text);
	}
}

/* ---- hand-written cases ---- */

#define HEAD "id: ws\ntitle: W\nphases:\n  - id: p1\n    title: P\n    tasks:\n"

static void test_fast_reader_reads(void **state)
{
	(void)state;
	check_text("plain",
	           HEAD
	           "      - id: T-1\n        title: A task\n        status: done\n        estimate: 2-3d\n",
	           1, false);
	check_text(
	    "comments, blank lines and a document marker",
	    "--- # start\n# a comment\nid: ws   # the id\n\ntitle: W\n\nphases:\n# between\n  - id: p1\n"
	    "    title: P\n\n    tasks:\n      # a task follows\n      - id: T-1\n\n        title: A\n",
	    1, false);
	check_text(
	    "indentless sequences",
	    "id: ws\ntitle: W\nphases:\n- id: p1\n  title: P\n  tasks:\n  - id: T-1\n    title: A\n"
	    "    validation:\n    - make x\n    - make y\n    status: active\n  - id: T-2\n    title: B\n"
	    "- id: p2\n  title: Q\n  tasks:\n  - id: T-3\n    title: C\n",
	    1, false);
	check_text("quotes and escapes",
	           HEAD "      - id: T-1\n        title: \"Say \\\"hi\\\" \\\\ now\"\n      - id: T-2\n      "
	                "  title: 'It''s'\n"
	                "      - id: 'T-3'\n        title: \"x # not a comment\"   # a comment\n",
	           1, false);
	check_text("hash inside a plain scalar",
	           HEAD "      - id: T-1\n        title: C# support #1 # comment\n", 1, false);
	check_text("block scalars that look like YAML",
	           HEAD
	           "      - id: T-1\n        title: A\n        notes: |\n          - id: FAKE\n            "
	           "title: no\n"
	           "          status: done\n\n          # not a comment\n        status: review\n"
	           "        validation: [\"a, b\", 'c]']\n        depends_on: [T-2, \"T-3\"]\n"
	           "      - id: T-2\n        title: B\n        notes: >-\n          folded\n          text\n"
	           "      - id: T-3\n        title: C\n",
	           1, false);
	check_text(
	    "keys in any order, tasks before the phase id",
	    "title: W\nphases:\n  - title: P\n    tasks:\n      - title: A\n        status: completed\n"
	    "        id: T-1\n        priority: low\n    id: p1\nid: ws\n",
	    1, false);
	check_text("null values",
	           HEAD "      - id: T-1\n        title: A\n        status: ~\n        estimate: null\n"
	                "        priority:\n        done_on:\n",
	           1, false);
	check_text("empty lists",
	           "id: ws\ntitle: W\nphases:\n  - id: p1\n    title: P\n    tasks: []\n  - id: p2\n"
	           "    title: Q\n    tasks:\n",
	           1, false);
	check_text("no phases", "id: ws\ntitle: W\n", 1, false);
	check_text("criteria and other mappings are skipped",
	           HEAD "      - id: T-1\n        title: A\n        criteria:\n          - title: x\n        "
	                "    min: 1 GB/s\n"
	                "            benchmark: b\n        owner: bob\n        deliverables: [\"a\"]\n",
	           1, false);
	check_text("non-ASCII text", HEAD "      - id: T-1\n        title: Déploiement — ✅ fini\n", 1, false);
	/* issue 15 (found by tests/fuzz/fuzz_history.c): what libyaml's reader
	 * refuses (control characters) or reads as a line break (NEL, LS, PS)
	 * goes to the loader, which gives the error */
	check_text("a control character in a title", HEAD "      - id: T-1\n        title: focus\b\n", 0, true);
	check_text("DEL in a title", HEAD "      - id: T-1\n        title: a\x7f\n", 0, true);
	check_text("C1 control in a title", HEAD "      - id: T-1\n        title: a\xc2\x90" "b\n", 0, true);
	check_text("LS in a title", HEAD "      - id: T-1\n        title: a\xe2\x80\xa8" "b\n", 0, true);
	check_text("NEL in a title", HEAD "      - id: T-1\n        title: a\xc2\x85" "b\n", 0, true);
	check_text("an unknown escape in a list history skips",
	           HEAD "      - id: T-1\n        title: A\n        validation: [\"a\\ib\"]\n", 0, true);
	check_text("a line continuing a skipped value after its comment",
	           "id: y\ntitle: C\norder: 2 #y\n b\n", 0, true);
	check_text("a key written twice in a criterion",
	           HEAD "      - id: T-1\n        title: A\n        criteria:\n          - title: a\n            done: true\n"
	                "            title: b\n",
	           0, true);
	check_text("a quote inside a plain item of a skipped list",
	           "id: s\ntitle: S\ncriteria: [--\"]\"]\n", 0, true);
	check_text("---# is not a document start", "---#\nid: y\ntitle: K\n", 0, true);
	check_text("known escapes in a list history skips",
	           HEAD "      - id: T-1\n        title: A\n        validation: [\"a\\tb \\\"c\\\" \\\\\"]\n", 1, false);
	/* issue 11: the words pages print are read alike by both readers */
	check_text("spoken estimates and words in any case",
	           HEAD "      - id: T-1\n        title: A\n        estimate: 4 hrs\n        status: Completed\n"
	                "        priority: P1\n"
	                "      - id: T-2\n        title: B\n        estimate: ~10 weeks\n        status: In Progress\n"
	                "      - id: T-3\n        title: C\n        estimate: 2-3 days\n        priority: CRITICAL\n"
	                "      - id: T-4\n        title: D\n        estimate: ~30 min\n        status: VALIDATION PENDING\n"
	                "      - id: T-5\n        title: E\n        estimate: 1 w\n        added_on: 2025-10-01\n",
	           1, false);
	/* issue 12: depends_on (task and phase) and blockers, in every form */
	check_text(
	    "depends_on and blockers as history reads them",
	    "id: ws\ntitle: W\nphases:\n  - id: p1\n    title: P\n    depends_on: [p0, 'ws', \"T-9\"]\n"
	    "    tasks:\n      - id: T-1\n        title: A\n        depends_on: T-0   # one id\n"
	    "        blockers:\n          - waiting on the vendor\n          - \"a: quoted one\"\n"
	    "      - id: T-2\n        title: B\n        depends_on:\n        - T-1\n        - 'T-0'\n"
	    "        blockers: []\n        status: todo\n"
	    "      - id: T-3\n        title: C\n        depends_on: [ ]\n        blockers: ~\n"
	    "      - id: T-4\n        title: D\n        depends_on:\n        blockers: one blocker\n"
	    "      - id: T-5\n        title: E\n        depends_on: [T-1,T-2]  # packed\n"
	    "        blockers: [\"x\"]\n"
	    "  - id: p2\n    title: Q\n    depends_on:\n      - p1\n    tasks:\n"
	    "      - id: T-6\n        title: F\n        depends_on: \"\"\n",
	    1, false);
	check_text("a near miss is an error for both",
	           HEAD "      - id: T-1\n        title: A\n        status: in-progres\n", 0, true);
}

static void test_full_loader_reads(void **state)
{
	(void)state;
	/* valid YAML the fast reader leaves to libyaml */
	check_text("anchors and aliases",
	           HEAD "      - &t\n        id: T-1\n        title: A\n      - id: T-2\n        title: *x\n",
	           0, true);
	check_text("a flow mapping task", HEAD "      - {id: T-1, title: A, status: done}\n", 0, false);
	check_text("a title on two lines", HEAD "      - id: T-1\n        title: A long\n          title\n",
	           0, false);
	check_text("a quoted title on two lines",
	           HEAD "      - id: T-1\n        title: \"A long\n          title\"\n", 0, false);
	check_text("an escape libyaml knows", HEAD "      - id: T-1\n        title: \"caf\\u00e9\"\n", 0,
	           false);
	check_text("CRLF", "id: ws\r\ntitle: W\r\n", 0, false);
	check_text("a byte order mark", "\xEF\xBB\xBFid: ws\ntitle: W\n", 0, false);
	check_text("a tab inside a block scalar",
	           HEAD "      - id: T-1\n        title: A\n        notes: |\n          \tcode\n", 0, true);
	check_text("a folded title", HEAD "      - id: T-1\n        title: >\n          folded\n", 0, false);
	/* mistakes: the loader names them, the commit is skipped */
	check_text("unknown key", HEAD "      - id: T-1\n        title: A\n        stauts: done\n", 0, true);
	check_text("duplicate key", HEAD "      - id: T-1\n        title: A\n        title: B\n", 0, true);
	check_text("bad status", HEAD "      - id: T-1\n        title: A\n        status: finished\n", 0,
	           true);
	check_text("bad estimate", HEAD "      - id: T-1\n        title: A\n        estimate: 3x\n", 0, true);
	check_text("bad date", HEAD "      - id: T-1\n        title: A\n        done_on: 2025-02-30\n", 0,
	           true);
	check_text("bad id", HEAD "      - id: T 1\n        title: A\n", 0, true);
	check_text("upper-case workstream id", "id: WS\ntitle: W\n", 0, true);
	check_text("missing title", HEAD "      - id: T-1\n", 0, true);
	check_text("empty title", HEAD "      - id: T-1\n        title:\n", 0, true);
	check_text("an id twice",
	           HEAD "      - id: T-1\n        title: A\n      - id: T-1\n        title: B\n", 0, true);
	/* external items share the id namespace: the loader reads the file
	 * (and leaves the items out of the snapshot, as the fast reader would) */
	check_text("external items",
	           "id: ws\ntitle: W\nexternal:\n  - id: EXT-1\n    title: GPUs\n    expected_on: 2025-12-01\n"
	           "phases:\n  - id: p\n    title: P\n    tasks:\n      - id: T-1\n        title: A\n"
	           "        depends_on: EXT-1\n",
	           0, false);
	check_text("an external item with a task's id",
	           "id: ws\ntitle: W\nexternal:\n  - id: T-1\n    title: GPUs\n    expected_on: 2025-12-01\n"
	           "phases:\n  - id: p\n    title: P\n    tasks:\n      - id: T-1\n        title: A\n",
	           0, true);
	check_text("a bad external status",
	           "id: ws\ntitle: W\nexternal:\n  - id: EXT-1\n    title: GPUs\n    status: lost\n"
	           "    expected_on: 2025-12-01\n",
	           0, true);
	check_text("a phase and a task with one id", HEAD "      - id: p1\n        title: A\n", 0, true);
	check_text("a mapping value in a plain scalar", HEAD "      - id: T-1\n        title: a: b\n", 0,
	           true);
	check_text("tab indentation", "id: ws\ntitle: W\nphases:\n\t- id: p1\n", 0, true);
	/* "-" then a tab is a sequence entry to libyaml, not text (fuzz_history) */
	check_text("a dash and a tab as a title", "id: x\ntitle: -\t\t\tpLn]\n", 0, true);
	check_text("a colon and a tab as a title", "id: x\ntitle: :\tb\n", 0, true);
	check_text("a second document", "id: ws\ntitle: W\n---\nid: x\n", 0, true);
	check_text("empty file", "", 0, true);
	check_text("only comments", "# nothing\n", 0, true);
	check_text("a list at the top", "- id: ws\n", 0, true);
	check_text("a scalar task", HEAD "      - T-1\n", 0, true);
	check_text("bad indentation", HEAD "      - id: T-1\n         title: A\n", 0, true);
	check_text("depends_on: a flow list with a trailing comma",
	           HEAD "      - id: T-1\n        title: A\n        depends_on: [T-0, ]\n", 0, false);
	check_text("depends_on: an item with a space",
	           HEAD "      - id: T-1\n        title: A\n        depends_on: [T 0]\n", 0, false);
	check_text("depends_on: a null item",
	           HEAD "      - id: T-1\n        title: A\n        depends_on:\n          - ~\n", 0, true);
	check_text("depends_on: a null item in a flow list",
	           HEAD "      - id: T-1\n        title: A\n        depends_on: [null]\n", 0, true);
	check_text("depends_on: a mapping",
	           HEAD "      - id: T-1\n        title: A\n        depends_on:\n          id: x\n", 0, true);
	check_text("blockers: a list in a list",
	           HEAD "      - id: T-1\n        title: A\n        blockers:\n          - - x\n", 0, true);
	check_text("blockers: a block scalar",
	           HEAD "      - id: T-1\n        title: A\n        blockers: |\n          x\n", 0, false);
	check_text("invalid UTF-8", HEAD "      - id: T-1\n        title: caf\xE9\n", 0, true);
}

/* ---- random mutations ---- */

static uint64_t rng_state = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const char base[] = "# a workstream\n"
                           "id: ws\n"
                           "title: \"Work stream\"\n"
                           "order: 2\n"
                           "summary: |\n"
                           "  Some text: with - things.\n"
                           "criteria:\n"
                           "  - title: Done right\n"
                           "    done: true\n"
                           "phases:\n"
                           "  - id: ws-p1\n"
                           "    title: \"Phase 1: start\"\n"
                           "    depends_on: [ws-p0]\n"
                           "    tasks:\n"
                           "      - id: T-1\n"
                           "        title: First thing\n"
                           "        priority: high\n"
                           "        estimate: 2-3d\n"
                           "        status: done\n"
                           "        done_on: 2025-10-01\n"
                           "      - id: T-2\n"
                           "        title: 'Second ''thing'''\n"
                           "        estimate: 4h\n"
                           "        status: in-progress\n"
                           "        depends_on: [\"T-1\"]\n"
                           "        notes: |\n"
                           "          - id: T-9\n"
                           "          more\n"
                           "        validation:\n"
                           "          - make test\n"
                           "  - id: ws-p2\n"
                           "    title: Phase 2\n"
                           "    tasks:\n"
                           "      - id: T-3\n"
                           "        title: Third # trailing\n"
                           "        status: todo\n"
                           "        estimate: 1w\n"
                           "        blockers:\n"
                           "          - vendor\n"
                           "      - id: T-4\n"
                           "        title: Fourth\n"
                           "        depends_on:\n"
                           "        - T-3\n"
                           "        - 'T-2'\n";

/* The snapshot cache (history_cache.c): reading an entry back gives what
 * parsing the file gives, and leaves the string table as the parse does,
 * although the entry was made in another history whose table had seen
 * other strings first. Any cut of the bytes, or a changed byte that
 * breaks them, is a miss that interns nothing. */
static void cache_roundtrip(const char *text, size_t len, int iter)
{
	td_arena *arena = td_arena_new();
	td_strtab made = {0}, cached = {0}, parsed = {0};
	td_strtab_intern(&made, "T-2", 3);
	td_strtab_intern(&made, "ws.yaml", 7);
	static const char *const seen[] = {"T-3", "x", "T-1", "Phase"};
	for (size_t i = 0; i < TD_ARRAY_LEN(seen); i++) {
		td_strtab_intern(&cached, seen[i], strlen(seen[i]));
		td_strtab_intern(&parsed, seen[i], strlen(seen[i]));
	}
	td_snap sm, sc, sp;
	bool slow;
	made.trace_on = true;
	td_snap_parse(&sm, &made, arena, "ws.yaml", text, len, &slow);
	made.trace_on = false;
	td_buf enc = TD_BUF_INIT;
	if (!td_snap_encode(&enc, &sm, &made, made.trace, made.ntrace))
		fail_msg("mutation %d: the snapshot does not encode", iter);
	if (!td_snap_decode(&sc, &cached, arena, enc.ptr, enc.len))
		fail_msg("mutation %d: the encoding does not read back\n---\n%.*s---", iter, (int)enc.len, enc.ptr);
	td_snap_parse(&sp, &parsed, arena, "ws.yaml", text, len, &slow);
	assert_int_equal(cached.len, parsed.len);
	for (size_t i = 0; i < parsed.len; i++)
		assert_string_equal(cached.strs[i], parsed.strs[i]);
	both cmp = {parsed, arena, sc, sp, false};
	char why[512];
	if (!same(&cmp, why, sizeof why))
		fail_msg("mutation %d: cached and parsed snapshots differ: %s", iter, why);
	if (sp.error)
		assert_string_equal(sc.error, sp.error);
	size_t before = cached.len;
	td_snap bad;
	for (size_t cut = 0; cut < enc.len; cut += 1 + enc.len / 40)
		assert_false(td_snap_decode(&bad, &cached, arena, enc.ptr, cut));
	for (int k = 0; k < 20 && enc.len; k++) {
		size_t at = rnd((uint32_t)enc.len);
		char was = enc.ptr[at];
		enc.ptr[at] = "x\n 9-"[rnd(5)];
		td_strtab probe = {0}; /* read or refused, never past the bytes (ASan) */
		(void)td_snap_decode(&bad, &probe, arena, enc.ptr, enc.len);
		td_strtab_free(&probe);
		enc.ptr[at] = was;
	}
	assert_int_equal(cached.len, before);
	td_buf_free(&enc);
	td_strtab_free(&made);
	td_strtab_free(&cached);
	td_strtab_free(&parsed);
	td_arena_free(arena);
}

static void mutate_and_compare(const char *base_text, size_t n, int iters)
{
	static const char junk[] = " \n:-#'\"[]{}|>&*!\t0aZ~";
	static const char *const words[] = {
	    "status: done",           "title: X", "- id: T-7", "  ",         "priority: low",
	    "estimate: 1d",           "notes: |", "#",         "---",        "tasks:",
	    "depends_on: [T-1, T-3]", "- T-2",    "blockers:", "depends_on:"};
	char *buf = td_xmalloc(n * 2 + 64);
	int accepted = 0, lenient = 0;
	for (int iter = 0; iter < iters; iter++) {
		memset(buf, 0, n * 2 + 64);
		size_t len = n;
		memcpy(buf, base_text, n);
		int edits = 1 + (int)rnd(3);
		for (int e = 0; e < edits; e++) {
			size_t at = rnd((uint32_t)len);
			switch (rnd(4)) {
			case 0: /* delete a byte */
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
				break;
			case 1: /* insert a byte */
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = junk[rnd(sizeof junk - 1)];
				len++;
				break;
			case 2: /* replace a byte */
				buf[at] = junk[rnd(sizeof junk - 1)];
				break;
			default: { /* insert a word at a line start */
				while (at > 0 && buf[at - 1] != '\n')
					at--;
				const char *w = words[rnd(TD_ARRAY_LEN(words))];
				size_t wl = strlen(w);
				if (len + wl + 12 > n * 2 + 64)
					break;
				size_t ind = rnd(10);
				memmove(buf + at + ind + wl + 1, buf + at, len - at);
				memset(buf + at, ' ', ind);
				memcpy(buf + at + ind, w, wl);
				buf[at + ind + wl] = '\n';
				len += ind + wl + 1;
				break;
			}
			}
		}
		both b;
		char why[512];
		parse_both(&b, buf, len);
		/* a file the loader reads is read the same; a file it rejects may
		 * still be read when the mistake is in a part history does not use
		 * (a criterion's keys, a type): docs/history.md */
		if (!same(&b, why, sizeof why) && !(b.full.error && !b.fast.error))
			fail_msg("mutation %d disagrees: %s\n---\n%.*s---", iter, why, (int)len, buf);
		/* but text that is not YAML is never read */
		if (b.full.error && !b.fast.error && strstr(b.full.error, "YAML syntax error") &&
		    getenv("SNAP_DUMP")) {
			FILE *f = fopen(getenv("SNAP_DUMP"), "wb");
			if (f) {
				fwrite(buf, 1, len, f);
				fclose(f);
			}
		}
		if (b.full.error && !b.fast.error && strstr(b.full.error, "YAML syntax error"))
			fail_msg("mutation %d: the fast reader read what libyaml refuses: %s\n---\n%.*s---",
			         iter, b.full.error, (int)len, buf);
		if (iter % 10 == 0)
			cache_roundtrip(buf, len, iter);
		accepted += !b.slow;
		lenient += b.full.error && !b.fast.error;
		if (getenv("SNAP_SHOW_LENIENT") && b.full.error && !b.fast.error)
			print_message("lenient: %s\n%s", b.full.error,
			              !strcmp(getenv("SNAP_SHOW_LENIENT"), "2") ? buf : "");
		free_both(&b);
	}
	/* most mutations stay readable by the fast reader; some must not */
	print_message("%d of %d mutations read by the fast reader, %d of them rejected by the loader\n",
	              accepted, iters, lenient);
	assert_true(accepted > iters / 20);
	assert_true(accepted < iters);
	free(buf);
}

static void test_mutations(void **state)
{
	(void)state;
	/* SNAP_MUTATIONS=N runs more of each (the suite runs 3000) */
	int iters = getenv("SNAP_MUTATIONS") ? atoi(getenv("SNAP_MUTATIONS")) : 3000;
	mutate_and_compare(base, sizeof base - 1, iters);
	size_t len;
	char *hpc = read_repo_file("content/workstreams/hpc.yaml", &len);
	if (hpc)
		mutate_and_compare(hpc, len, iters);
	free(hpc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bundled_plan),
	    cmocka_unit_test(test_fast_reader_reads),
	    cmocka_unit_test(test_full_loader_reads),
	    cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
