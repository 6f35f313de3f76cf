/*
 * history_snap.c - a light snapshot of one workstream file (ids, titles,
 * owners, phases, statuses, priorities, estimates, depends_on, whether a
 * task has blockers) for the history walk.
 *
 * A history of 2,000 commits holds thousands of versions of the workstream
 * files; libyaml reads about 35 MB/s, far too slow to read them all. So a
 * fast reader handles the plain block YAML that plans are written in, line
 * by line, and reads only the keys a snapshot needs. Whenever it meets
 * anything it does not fully understand (anchors, tags, flow mappings,
 * multi-line scalars, an unknown or repeated key, a value that would be an
 * error, ...) it gives up and the file goes through the full loader
 * (td_plan_load_workstream_text), which is the reference: it also gives the
 * message when the file does not load. The fast reader never accepts a
 * snapshot the loader would read differently; tests/unit/check_history_snap.c
 * compares the two.
 */
#include "load/history.h"
#include "load/load.h"
#include "load/plan_keys.h"

#include <stdlib.h>
#include <string.h>

enum kind { K_WS, K_PHASE, K_TASK, K_ANY /* a mapping history does not read: only checked */ };

/* What the snapshot does with a key's value. */
enum role {
	R_SKIP,
	R_ID,
	R_TITLE,
	R_OWNER,
	R_STATUS,
	R_PRIORITY,
	R_ESTIMATE,
	R_DONE_ON,
	R_SEQ,
	R_DEPS,
	R_BLOCKERS,
	R_LOADER
};

/* the role of each key of the lists in plan_keys.h (R_SKIP unless named) */
static const unsigned char ws_roles[TD_WS_NKEYS] = {
    [TD_KEY_ID] = R_ID, [TD_KEY_TITLE] = R_TITLE, [TD_WS_KEY_PHASES] = R_SEQ,
    /* external items share the id namespace (duplicates) but are not in a
     * snapshot: the full loader reads such a file, and skips them too */
    [TD_WS_KEY_EXTERNAL] = R_LOADER};
static const unsigned char phase_roles[TD_PHASE_NKEYS] = {[TD_KEY_ID] = R_ID,
                                                          [TD_KEY_TITLE] = R_TITLE,
                                                          [TD_PHASE_KEY_TASKS] = R_SEQ,
                                                          [TD_PHASE_KEY_DEPENDS_ON] = R_DEPS};
static const unsigned char task_roles[TD_TASK_NKEYS] = {
    [TD_KEY_ID] = R_ID,
    [TD_KEY_TITLE] = R_TITLE,
    [TD_TASK_KEY_PRIORITY] = R_PRIORITY,
    [TD_TASK_KEY_ESTIMATE] = R_ESTIMATE,
    [TD_TASK_KEY_STATUS] = R_STATUS,
    [TD_TASK_KEY_DONE_ON] = R_DONE_ON,
    [TD_TASK_KEY_OWNER] = R_OWNER,
    [TD_TASK_KEY_ADDED_ON] = R_DONE_ON, /* a date: only checked */
    [TD_TASK_KEY_DEPENDS_ON] = R_DEPS,
    [TD_TASK_KEY_BLOCKERS] = R_BLOCKERS,
};

/* The last estimates read, so that each text is parsed once per file. */
#define EST_CACHE 16

typedef struct scan {
	const char *text, *end;
	/* the current line: [line, eol), its indentation, and where to go next */
	const char *line, *eol;
	int indent;
	bool at_end;
	bool comment; /* next_line passed a comment line on its way */
	bool bad;     /* give up: use the full loader */
	td_strtab *strs;
	td_buf tmp;
	/* results */
	uint32_t ws;
	bool ws_title;
	uint32_t *ids; /* every id of the file, for duplicates */
	size_t nids, idcap;
	td_snap_task *tasks;
	size_t ntasks, taskcap;
	uint32_t phase; /* id of the phase being read */
	/* every depends_on item of the file; a task's or phase's deps are an
	 * offset into it until the snapshot is made */
	uint32_t *pool;
	size_t npool, poolcap;
	td_snap_phase *phases;
	size_t nphases, phasecap;
	struct {
		char text[16];
		size_t n;
		char unit;
		double lo, hi;
	} est[EST_CACHE];
	size_t nest;
} scan;

/* Moves to the next line that is neither blank nor a comment. */
static void next_line(scan *s)
{
	const char *p = s->text;
	if (s->line)
		p = s->eol < s->end ? s->eol + 1 : s->end;
	s->comment = false;
	for (;;) {
		if (p >= s->end) {
			s->at_end = true;
			s->line = s->eol = s->end;
			s->indent = -1;
			return;
		}
		const char *nl = memchr(p, '\n', (size_t)(s->end - p));
		const char *eol = nl ? nl : s->end;
		const char *q = p;
		while (q < eol && *q == ' ')
			q++;
		if (q < eol && *q == '\t') {
			s->bad = true; /* tabs: let libyaml say what it thinks */
			s->at_end = true;
			s->indent = -1;
			return;
		}
		if (q == eol || *q == '#') {
			s->comment |= q < eol;
			p = eol + (eol < s->end);
			continue;
		}
		s->line = p;
		s->eol = eol;
		s->indent = (int)(q - p);
		return;
	}
}

static bool is_space_or_end(const char *p, const char *eol)
{
	return p >= eol || *p == ' ' || *p == '\t';
}

/* Rest of a value after a scalar or a closing bracket: blanks, maybe a comment. */
static bool only_comment(const char *p, const char *eol)
{
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	return p >= eol || *p == '#';
}

/* A quoted scalar at p, closed on this line: its text in [*val, *val + *n)
 * (in the source, or unescaped into s->tmp). */
static bool read_quoted(scan *s, const char *p, const char *eol, const char **after, const char **val,
                        size_t *n)
{
	char q = *p++;
	/* the usual case: no escape, no doubled quote */
	const char *close = memchr(p, q, (size_t)(eol - p));
	if (close &&
	    (q == '"' ? !memchr(p, '\\', (size_t)(close - p)) : !(close + 1 < eol && close[1] == '\''))) {
		for (const char *c = p; c < close; c++)
			if ((unsigned char)*c < 0x20 && *c != '\t')
				return false;
		*val = p;
		*n = (size_t)(close - p);
		*after = close + 1;
		return true;
	}
	td_buf_clear(&s->tmp);
	*val = NULL;
	*n = 0;
	while (p < eol) {
		char c = *p;
		if (q == '\'' && c == '\'') {
			if (p + 1 < eol && p[1] == '\'') {
				td_buf_putc(&s->tmp, '\'');
				p += 2;
				continue;
			}
			*after = p + 1;
			*val = td_buf_cstr(&s->tmp);
			*n = s->tmp.len;
			return true;
		}
		if (q == '"' && c == '"') {
			*after = p + 1;
			*val = td_buf_cstr(&s->tmp);
			*n = s->tmp.len;
			return true;
		}
		if (q == '"' && c == '\\') {
			if (p + 1 >= eol)
				return false;
			switch (p[1]) {
			case '\\':
			case '"':
			case '/':
				td_buf_putc(&s->tmp, p[1]);
				break;
			case 't':
				td_buf_putc(&s->tmp, '\t');
				break;
			case 'n':
				td_buf_putc(&s->tmp, '\n');
				break;
			default:
				return false; /* \x, \u, line continuations: libyaml's job */
			}
			p += 2;
			continue;
		}
		if ((unsigned char)c < 0x20 && c != '\t')
			return false;
		td_buf_putc(&s->tmp, c);
		p++;
	}
	return false; /* continues on the next line */
}

/* A flow sequence at p, closed on this line, of quoted or simple plain
 * items (anything else: libyaml's job). */
static bool skip_flow(const char *p, const char *eol, const char **after)
{
	int depth = 0;
	bool quoted_item = false; /* just after a closing quote: only ',' or ']' may follow */
	bool item_start = false;  /* after '[' or ',' and blanks: a quote may open an item */
	while (p < eol) {
		char c = *p;
		if (quoted_item && c != ' ' && c != ',' && c != ']')
			return false;
		if ((c == '"' || c == '\'') && !item_start)
			return false; /* a quote inside a plain item: libyaml's job */
		if (c != ' ')
			item_start = c == '[' || c == ',';
		if (c == '"' || c == '\'') {
			char q = c;
			p++;
			while (p < eol && *p != q) {
				/* only the escapes read_quoted knows: libyaml refuses
				 * unknown ones, and the rest are its job */
				if (q == '"' && *p == '\\') {
					if (p + 1 >= eol || !p[1] || !strchr("\\\"/tn", p[1]))
						return false;
					p++;
				}
				if ((unsigned char)*p < 0x20 && *p != '\t')
					return false;
				p++;
			}
			if (p >= eol)
				return false;
			quoted_item = true;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			quoted_item = false;
			if (--depth == 0) {
				*after = p + 1;
				return true;
			}
		} else if (c == ',') {
			quoted_item = false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		             c == ' ' || c == '-' || c == '_' || c == '.' || c == '/' || c == '+' ||
		             c == '(' || c == ')' || (unsigned char)c >= 0x80)) {
			return false;
		}
		p++;
	}
	return false;
}

typedef struct scalar {
	const char *s; /* not NUL-terminated */
	size_t n;
	bool null;
} scalar;

/* The scalar value of a key that the snapshot reads, from v to eol. */
static bool read_scalar(scan *s, const char *v, const char *eol, scalar *out)
{
	memset(out, 0, sizeof *out);
	if (v >= eol || *v == '#') {
		out->null = true;
		return true;
	}
	if (*v == '"' || *v == '\'') {
		const char *after;
		if (!read_quoted(s, v, eol, &after, &out->s, &out->n) || !only_comment(after, eol))
			return false;
		return true;
	}
	/* "- ", "? ", ": " (a tab is a blank there too) start structure, not text */
	if (strchr("[]{},&*!|>%@`?-:", *v) && !(*v == '-' && !is_space_or_end(v + 1, eol)) &&
	    !(*v == '?' && !is_space_or_end(v + 1, eol)) && !(*v == ':' && !is_space_or_end(v + 1, eol)))
		return false;
	/* plain: up to " #" or the end; ": " inside would be a mapping */
	const char *p = v, *stop = eol;
	for (; p < eol; p++) {
		if (*p == '#' && (p[-1] == ' ' || p[-1] == '\t')) {
			stop = p;
			break;
		}
		if (*p == ':' && (p + 1 >= eol || p[1] == ' ' || p[1] == '\t'))
			return false;
	}
	while (stop > v && (stop[-1] == ' ' || stop[-1] == '\t'))
		stop--;
	out->s = v;
	out->n = (size_t)(stop - v);
	out->null =
	    (out->n == 1 && *v == '~') ||
	    (out->n == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) || !memcmp(v, "NULL", 4)));
	return true;
}

/* Is the current line a list item ("- x" or "-")? */
static bool is_item(const scan *s)
{
	const char *p = s->line + s->indent;
	return *p == '-' && is_space_or_end(p + 1, s->eol);
}

/* Does the current line start with a plain key ("key:")? */
static bool is_key(const scan *s)
{
	const char *p = s->line + s->indent;
	while (p < s->eol && *p != ':' && *p != ' ' && *p != '#' && *p != '"' && *p != '\'' && *p != '[' &&
	       *p != '{' && *p != '&' && *p != '*' && *p != '!' && *p != '?')
		p++;
	return p > s->line + s->indent && p < s->eol && *p == ':' && is_space_or_end(p + 1, s->eol);
}

/* The lines of a block scalar whose header ends at eol, under a key at
 * key_indent: the first line with text sets the indentation, and every
 * following line that is blank or at least that indented belongs to it,
 * even one that starts with '#'. Leaves the scan on the line after it. */
static void skip_block_scalar(scan *s, const char *eol, int key_indent)
{
	const char *p = eol < s->end ? eol + 1 : s->end;
	int ci = -1, maxblank = 0;
	while (p < s->end) {
		const char *nl = memchr(p, '\n', (size_t)(s->end - p));
		const char *le = nl ? nl : s->end;
		const char *q = p;
		while (q < le && *q == ' ')
			q++;
		int ind = (int)(q - p);
		if (q < le && *q == '\t' && (ci < 0 || ind < ci)) {
			s->bad = true; /* a tab in the indentation */
			return;
		}
		if (q == le) { /* blank */
			if (ci < 0 && ind > maxblank)
				maxblank = ind;
		} else if (ci < 0) {
			if (ind <= key_indent)
				break; /* an empty scalar */
			ci = ind;
			if (maxblank > ci) {
				s->bad = true; /* a leading blank line longer than the text's indentation */
				return;
			}
		} else if (ind < ci) {
			if (ind > key_indent) {
				s->bad = true;
				return;
			}
			break;
		}
		p = le < s->end ? le + 1 : s->end;
	}
	s->eol = p < s->end ? p - 1 : s->end;
	next_line(s);
}

/* A plain scalar from v to eol: no ": " inside (that would be a mapping). */
static bool plain_ok(const char *v, const char *eol)
{
	for (const char *p = v; p < eol; p++) {
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t'))
			return true; /* a comment */
		if (*p == ':' && (p + 1 >= eol || p[1] == ' ' || p[1] == '\t'))
			return false;
	}
	return true;
}

/* Whether a comment (" #") ends the plain text from v to eol: nothing may
 * continue the scalar on the next lines then (found by fuzz_history). */
static bool has_comment(const char *v, const char *eol)
{
	for (const char *c = v; c + 1 < eol; c++)
		if ((*c == ' ' || *c == '\t') && c[1] == '#')
			return true;
	return false;
}

static void read_map(scan *s, enum kind kind, int col, const char *first);
static void read_seq(scan *s, int key_indent, enum kind kind);

/* Skips the value of a key the snapshot does not read, checking that it is
 * plain block YAML. v: the text after "key:" (or "-") on the line;
 * key_indent: the column of the key (or dash). Leaves the scan on the next
 * line that is not part of the value. */
static void skip_value(scan *s, const char *v, const char *eol, int key_indent)
{
	while (v < eol && (*v == ' ' || *v == '\t'))
		v++;
	if (v >= eol || *v == '#') {
		/* a nested block, or null */
		next_line(s);
		if (s->at_end)
			return;
		int ci = s->indent;
		bool item = is_item(s);
		if (ci < key_indent || (ci == key_indent && !item))
			return; /* null */
		if (item) {
			s->indent = ci;
			read_seq(s, key_indent, K_ANY);
		} else if (!is_key(s)) {
			s->bad = true;
		} else {
			read_map(s, K_ANY, ci, s->line + ci);
		}
		return;
	}
	if (*v == '|' || *v == '>') {
		/* header: a chomping indicator, then maybe a comment (an explicit
		 * indentation is libyaml's job) */
		const char *p = v + 1;
		if (p < eol && (*p == '-' || *p == '+'))
			p++;
		if (!only_comment(p, eol)) {
			s->bad = true;
			return;
		}
		skip_block_scalar(s, eol, key_indent);
		return;
	}
	bool plain = false;
	if (*v == '"' || *v == '\'') {
		const char *after, *val;
		size_t n;
		if (!read_quoted(s, v, eol, &after, &val, &n) || !only_comment(after, eol)) {
			s->bad = true;
			return;
		}
	} else if (*v == '[' || *v == '{') {
		const char *after;
		if (!skip_flow(v, eol, &after) || !only_comment(after, eol)) {
			s->bad = true;
			return;
		}
	} else if (strchr("]},&*!%@`|>", *v) ||
	           ((*v == '-' || *v == '?' || *v == ':') && is_space_or_end(v + 1, eol)) ||
	           !plain_ok(v, eol)) {
		s->bad = true; /* anchors, tags, aliases, reserved: libyaml's job */
		return;
	} else {
		plain = !has_comment(v, eol);
	}
	next_line(s);
	/* more indented lines continue a plain scalar; after anything else they
	 * are a mistake, as after a line that ends in a comment */
	while (!s->at_end && s->indent > key_indent) {
		if (!plain || s->comment || !plain_ok(s->line + s->indent, s->eol)) {
			s->bad = true;
			return;
		}
		plain = !has_comment(s->line + s->indent, s->eol);
		next_line(s);
	}
}

static bool valid_id(const char *str, size_t n, bool lower_only)
{
	if (n == 0 || n > TD_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = str[i];
		bool ok =
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!lower_only && c >= 'A' && c <= 'Z');
		if (i)
			ok = ok || c == '.' || c == '-' || (!lower_only && c == '_');
		if (!ok)
			return false;
	}
	return true;
}

static int key_index(const char *const *keys, const char *k, size_t n)
{
	for (int i = 0; keys[i]; i++)
		if (keys[i][0] == k[0] && !strncmp(keys[i], k, n) && keys[i][n] == '\0')
			return i;
	return -1;
}

static void add_id(scan *s, uint32_t id)
{
	td_grow((void **)&s->ids, &s->idcap, s->nids + 1, sizeof *s->ids);
	s->ids[s->nids++] = id;
}

static bool parse_estimate(scan *s, const char *v, size_t n, td_snap_task *task)
{
	for (size_t i = 0; i < s->nest; i++)
		if (s->est[i].n == n && !memcmp(s->est[i].text, v, n)) {
			task->unit = s->est[i].unit;
			task->lo = s->est[i].lo;
			task->hi = s->est[i].hi;
			return true;
		}
	char buf[64];
	if (n >= sizeof buf)
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	td_estimate e;
	if (td_estimate_parse(buf, 8, 5, &e) != 0)
		return false;
	task->unit = e.unit;
	task->lo = e.lo;
	task->hi = e.hi;
	if (n < sizeof s->est[0].text) {
		size_t k = s->nest < EST_CACHE ? s->nest++ : (size_t)(v[0] & (EST_CACHE - 1));
		memcpy(s->est[k].text, v, n);
		s->est[k].n = n;
		s->est[k].unit = e.unit;
		s->est[k].lo = e.lo;
		s->est[k].hi = e.hi;
	}
	return true;
}

/* A status or priority word (short: no aliases are longer than 20). */
static int parse_word(const char *v, size_t n, int (*fn)(const char *))
{
	char buf[24];
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return fn(buf);
}

/* One item of a list as the loader reads it (a scalar that is not null):
 * depends_on's are kept, blockers' only counted. */
static bool list_item(scan *s, int role, const scalar *sc, td_snap_task *task)
{
	if (sc->null)
		return false; /* the loader: "expected a string in the list" */
	if (role == R_BLOCKERS) {
		task->blocked = true;
		return true;
	}
	td_grow((void **)&s->pool, &s->poolcap, s->npool + 1, sizeof *s->pool);
	s->pool[s->npool++] = td_strtab_intern(s->strs, sc->s, sc->n);
	task->ndeps++;
	return true;
}

/* A flow list closed on this line ("[A-1, 'A-2']"): items of id characters
 * or quoted (anything else: libyaml's job). */
static bool read_flow_list(scan *s, int role, const char *v, const char *eol, td_snap_task *task)
{
	const char *p = v + 1;
	for (bool first = true;; first = false) {
		while (p < eol && *p == ' ')
			p++;
		if (first && p < eol && *p == ']') {
			p++;
			break;
		}
		scalar sc = {0};
		if (p < eol && (*p == '"' || *p == '\'')) {
			if (!read_quoted(s, p, eol, &p, &sc.s, &sc.n))
				return false;
		} else {
			const char *q = p;
			while (q < eol && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			                   (*q >= '0' && *q <= '9') || *q == '.' || *q == '_' || *q == '-'))
				q++;
			if (q == p || *p == '-')
				return false;
			sc.s = p;
			sc.n = (size_t)(q - p);
			sc.null = sc.n == 4 &&
			          (!memcmp(p, "null", 4) || !memcmp(p, "Null", 4) || !memcmp(p, "NULL", 4));
			p = q;
		}
		if (!list_item(s, role, &sc, task))
			return false;
		while (p < eol && *p == ' ')
			p++;
		if (p < eol && *p == ',') {
			p++;
			continue;
		}
		if (p < eol && *p == ']') {
			p++;
			break;
		}
		return false;
	}
	return only_comment(p, eol);
}

/* The items of a block list after "key:" at column col (maybe indentless);
 * none when the next line is not one. Leaves the scan after the list. */
static void read_block_list(scan *s, int role, int col, td_snap_task *task)
{
	next_line(s);
	if (s->at_end || s->indent < col || (s->indent == col && !is_item(s)))
		return; /* null: no items */
	if (!is_item(s)) {
		s->bad = true; /* a mapping or a scalar on two lines */
		return;
	}
	int si = s->indent;
	for (;;) {
		const char *q = s->line + si + 1;
		while (q < s->eol && *q == ' ')
			q++;
		scalar sc;
		if (q >= s->eol || *q == '#' || *q == '\t' || (*q == '-' && is_space_or_end(q + 1, s->eol)) ||
		    !read_scalar(s, q, s->eol, &sc) || !list_item(s, role, &sc, task)) {
			s->bad = true; /* "-" alone, a list in a list, a mapping, a null item */
			return;
		}
		next_line(s);
		if (s->at_end || s->indent < si)
			return;
		if (s->indent > si || !is_item(s)) {
			if (s->indent == si && si == col)
				return; /* an indentless list ended by the next key */
			s->bad = true;
			return;
		}
	}
}

/* depends_on or blockers: one scalar, a flow list or a block list. */
static void read_list(scan *s, int role, const char *v, const char *eol, int col, td_snap_task *task)
{
	if (role == R_DEPS) {
		task->deps = (const uint32_t *)(uintptr_t)s->npool; /* an offset until the snapshot is made */
		task->ndeps = 0;
	}
	if (v >= eol || *v == '#') {
		read_block_list(s, role, col, task);
		return;
	}
	scalar sc;
	if (*v == '[') {
		if (!read_flow_list(s, role, v, eol, task)) {
			s->bad = true;
			return;
		}
	} else if (!read_scalar(s, v, eol, &sc) || (!sc.null && !list_item(s, role, &sc, task))) {
		s->bad = true;
		return;
	}
	next_line(s);
	if (!s->at_end && s->indent > col)
		s->bad = true; /* a scalar going on */
}

/* The value of a key with role role at column col; v is the rest of the
 * key's line. */
static void read_value(scan *s, enum kind kind, int role, const char *v, const char *eol, int col,
                       td_snap_task *task)
{
	while (v < eol && (*v == ' ' || *v == '\t'))
		v++;
	if (role == R_SEQ) {
		if (v < eol && *v != '#') {
			const char *after;
			/* only an empty flow list is read here */
			if (*v != '[' || !skip_flow(v, eol, &after) || after != v + 2 ||
			    !only_comment(after, eol)) {
				s->bad = true;
				return;
			}
			next_line(s);
			return;
		}
		read_seq(s, col, kind == K_WS ? K_PHASE : K_TASK);
		return;
	}
	if (role == R_DEPS || role == R_BLOCKERS) {
		read_list(s, role, v, eol, col, task);
		return;
	}
	if (role == R_SKIP) {
		skip_value(s, v, eol, col);
		return;
	}
	if (role == R_LOADER) {
		s->bad = true;
		return;
	}
	scalar sc;
	if (!read_scalar(s, v, eol, &sc)) {
		s->bad = true;
		return;
	}
	if (sc.null && (role == R_ID || role == R_TITLE)) {
		s->bad = true;
		return;
	}
	bool ok = true;
	if (!sc.null) {
		switch (role) {
		case R_ID:
			if (!valid_id(sc.s, sc.n, kind == K_WS)) {
				ok = false;
				break;
			}
			uint32_t id = td_strtab_intern(s->strs, sc.s, sc.n);
			add_id(s, id);
			if (kind == K_WS)
				s->ws = id;
			else if (kind == K_PHASE)
				s->phase = id;
			else
				task->id = id;
			break;
		case R_TITLE:
		case R_OWNER: {
			size_t n = sc.n;
			while (n && (sc.s[n - 1] == ' ' || sc.s[n - 1] == '\t' || sc.s[n - 1] == '\n'))
				n--;
			if (kind == K_TASK && role == R_TITLE)
				task->title = td_strtab_intern(s->strs, sc.s, n);
			else if (kind == K_TASK)
				task->owner = td_strtab_intern(s->strs, sc.s, n);
			break;
		}
		case R_STATUS: {
			int st = parse_word(sc.s, sc.n, td_status_parse);
			ok = st >= 0;
			if (ok)
				task->status = (uint8_t)st;
			break;
		}
		case R_PRIORITY: {
			int pr = parse_word(sc.s, sc.n, td_priority_parse);
			ok = pr >= 0;
			if (ok)
				task->priority = (uint8_t)pr;
			break;
		}
		case R_ESTIMATE:
			ok = parse_estimate(s, sc.s, sc.n, task);
			break;
		default: { /* done_on, added_on: only checked */
			char buf[16];
			td_date d;
			ok = sc.n < sizeof buf;
			if (ok) {
				memcpy(buf, sc.s, sc.n);
				buf[sc.n] = '\0';
				ok = td_date_parse(buf, &d) == 0;
			}
			break;
		}
		}
	}
	if (!ok) {
		s->bad = true;
		return;
	}
	next_line(s);
	/* a more indented line now would continue the scalar */
	if (!s->at_end && s->indent > col)
		s->bad = true;
}

/* A mapping whose keys are at column col; the first key starts at first
 * (on the current line, maybe after "- "). */
static void read_map(scan *s, enum kind kind, int col, const char *first)
{
	const char *const *keys = kind == K_WS      ? td_workstream_keys
	                          : kind == K_PHASE ? td_phase_keys
	                                            : td_task_keys;
	const unsigned char *roles = kind == K_WS ? ws_roles : kind == K_PHASE ? phase_roles : task_roles;
	unsigned seen = 0;
	struct {
		const char *k;
		size_t n;
	} any[16]; /* the keys of a K_ANY mapping, for duplicates */
	size_t nany = 0;
	td_snap_task task = {0};
	task.priority = TD_PRIO_NONE;
	task.status = TD_STATUS_TODO;
	task.id = task.title = task.owner = TD_STR_NONE;
	const char *p = first;
	for (;;) {
		/* a key: plain characters up to ':' */
		const char *k = p;
		while (p < s->eol && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			p++;
		if (p == k || p >= s->eol || *p != ':' || !is_space_or_end(p + 1, s->eol)) {
			s->bad = true;
			return;
		}
		if (kind == K_ANY) {
			size_t n = (size_t)(p - k);
			for (size_t i = 0; i < nany; i++)
				if (any[i].n == n && !memcmp(any[i].k, k, n)) {
					nany = TD_ARRAY_LEN(any); /* repeated: the loader names it */
					break;
				}
			if (nany == TD_ARRAY_LEN(any)) {
				s->bad = true;
				return;
			}
			any[nany].k = k;
			any[nany++].n = n;
			skip_value(s, p + 1, s->eol, col);
		} else {
			int ki = key_index(keys, k, (size_t)(p - k));
			if (ki < 0 || (seen & (1u << ki))) {
				s->bad = true; /* unknown or repeated key: the loader names it */
				return;
			}
			seen |= 1u << ki;
			read_value(s, kind, roles[ki], p + 1, s->eol, col, &task);
		}
		if (s->bad)
			return;
		if (s->at_end || s->indent < col)
			break;
		if (s->indent > col) {
			s->bad = true;
			return;
		}
		if (s->line[col] == '-' && is_space_or_end(s->line + col + 1, s->eol))
			break; /* the next item of an indentless sequence */
		p = s->line + col;
	}
	if (kind == K_ANY)
		return;
	/* id and title are required */
	if (!(seen & (1u << TD_KEY_ID)) || !(seen & (1u << TD_KEY_TITLE))) {
		s->bad = true;
		return;
	}
	if (kind == K_TASK) {
		td_grow((void **)&s->tasks, &s->taskcap, s->ntasks + 1, sizeof *s->tasks);
		s->tasks[s->ntasks++] = task;
	} else if (kind == K_PHASE) {
		td_grow((void **)&s->phases, &s->phasecap, s->nphases + 1, sizeof *s->phases);
		s->phases[s->nphases++] = (td_snap_phase){s->phase, task.ndeps, task.deps};
	}
}

/* A block sequence after "key:" at key_indent: of mappings of kind, or of
 * anything (K_ANY). For K_ANY the scan is already on the first item. */
static void read_seq(scan *s, int key_indent, enum kind kind)
{
	if (kind != K_ANY)
		next_line(s);
	if (s->at_end || s->indent < key_indent)
		return; /* null: no items */
	int seq_indent = s->indent;
	const char *dash = s->line + seq_indent;
	if (*dash != '-' || !is_space_or_end(dash + 1, s->eol)) {
		if (s->indent > key_indent)
			s->bad = true; /* a mapping or scalar where a list belongs */
		return;
	}
	for (;;) {
		dash = s->line + s->indent;
		const char *q = dash + 1;
		while (q < s->eol && *q == ' ')
			q++;
		if (q >= s->eol || *q == '#' || *q == '\t' || (*q == '-' && is_space_or_end(q + 1, s->eol))) {
			s->bad = true; /* "-" alone, a tab (libyaml's indentation), or a list in a list */
			return;
		}
		int col = (int)(q - s->line);
		size_t first_task = s->ntasks;
		if (kind == K_PHASE)
			s->phase = TD_STR_NONE;
		if (kind != K_ANY) {
			read_map(s, kind, col, q);
		} else {
			/* a mapping item, or a scalar one */
			int save = s->indent;
			s->indent = col;
			bool key = is_key(s);
			s->indent = save;
			if (key)
				read_map(s, K_ANY, col, q);
			else
				skip_value(s, q, s->eol, seq_indent);
		}
		if (s->bad)
			return;
		/* a phase's id may come after its tasks */
		for (size_t i = first_task; kind == K_PHASE && i < s->ntasks; i++)
			s->tasks[i].phase = s->phase;
		if (s->at_end || s->indent < seq_indent)
			return;
		if (s->indent > seq_indent || s->line[seq_indent] != '-' ||
		    !is_space_or_end(s->line + seq_indent + 1, s->eol)) {
			if (s->indent == seq_indent && seq_indent == key_indent)
				return; /* indentless list ended by the next key */
			s->bad = true;
			return;
		}
	}
}

static int cmp_task(const void *a, const void *b)
{
	uint32_t x = ((const td_snap_task *)a)->id, y = ((const td_snap_task *)b)->id;
	return x < y ? -1 : x > y;
}

void td_snap_sort_tasks(td_snap *s)
{
	qsort(s->tasks, s->ntasks, sizeof *s->tasks, cmp_task);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* A byte libyaml's reader refuses ("control characters are not allowed")
 * or that needs more than a line-by-line reading (CR). */
static bool bad_ascii(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

/* A character libyaml refuses or reads as a line break where the fast
 * reader would not: C1 controls and NEL, LS, PS, U+FFFE, U+FFFF, a BOM. */
static bool bad_utf8_at(const unsigned char *u, size_t left)
{
	if (u[0] == 0xC2 && left > 1)
		return u[1] >= 0x80 && u[1] <= 0x9F;
	if (u[0] == 0xE2 && left > 2)
		return u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9);
	if (u[0] == 0xEF && left > 2)
		return (u[1] == 0xBB && u[2] == 0xBF) || (u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF));
	return false;
}

/* No control character (but tab and LF), no CR, no line break other than
 * LF, valid UTF-8: 8 bytes at a time while they are plain ASCII. */
static bool plain_bytes(const char *t, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;
	bool ascii = true;
	for (; i + 8 <= len; i += 8) {
		uint64_t x;
		memcpy(&x, t + i, 8);
		if (x & high) {
			ascii = false;
			break;
		}
		uint64_t del = x ^ (ones * 0x7F);
		/* a byte below 0x20 or a DEL somewhere: look closer */
		if (((x - ones * 0x20) & ~x & high) || ((del - ones) & ~del & high))
			for (size_t k = 0; k < 8; k++)
				if (bad_ascii((unsigned char)t[i + k]))
					return false;
	}
	for (; ascii && i < len; i++) {
		ascii = !((unsigned char)t[i] & 0x80);
		if (ascii && bad_ascii((unsigned char)t[i]))
			return false;
	}
	if (ascii)
		return true;
	const unsigned char *u = (const unsigned char *)t;
	for (size_t k = 0; k < len; k++)
		if (u[k] < 0x80 ? bad_ascii(u[k]) : bad_utf8_at(u + k, len - k))
			return false;
	return !td_utf8_invalid_at(t, len);
}

static bool fast_parse(scan *s)
{
	const char *t = s->text;
	size_t len = (size_t)(s->end - s->text);
	if (len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		return false;
	if (!plain_bytes(t, len))
		return false;
	s->ws = TD_STR_NONE;
	next_line(s);
	if (s->at_end || s->bad)
		return false; /* empty: the loader says so */
	/* "---" then nothing or a blank ("---#" is a plain scalar) */
	if (s->indent == 0 && s->eol - s->line >= 3 && !memcmp(s->line, "---", 3) &&
	    is_space_or_end(s->line + 3, s->eol) && only_comment(s->line + 3, s->eol))
		next_line(s);
	if (s->at_end || s->indent != 0)
		return false;
	if (s->line[0] == '-' || s->line[0] == '%')
		return false;
	const char *first = s->line;
	read_map(s, K_WS, 0, first);
	if (s->bad || !s->at_end)
		return false;
	/* the loader rejects an id written twice in the file */
	qsort(s->ids, s->nids, sizeof *s->ids, cmp_u32);
	for (size_t i = 1; i < s->nids; i++)
		if (s->ids[i] == s->ids[i - 1])
			return false;
	return true;
}

/* The first error of diags as "file:line:col: message". */
static const char *first_error(td_arena *arena, const td_diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		if (d->items[i].severity != TD_SEV_ERROR)
			continue;
		const td_diag *dg = &d->items[i];
		if (dg->line && dg->col)
			return td_arena_printf(arena, "%s:%d:%d: %s", dg->file, dg->line, dg->col,
			                       dg->message);
		if (dg->line)
			return td_arena_printf(arena, "%s:%d: %s", dg->file, dg->line, dg->message);
		return td_arena_printf(arena, "%s: %s", dg->file ? dg->file : "?", dg->message);
	}
	return "does not load";
}

/* The strings of l, interned, in arena; *n of them. */
static const uint32_t *intern_list(td_strtab *strs, td_arena *arena, const td_strlist *l, uint32_t *n)
{
	uint32_t *v = td_arena_alloc(arena, (l->len ? l->len : 1) * sizeof *v);
	for (size_t i = 0; i < l->len; i++)
		v[i] = td_strtab_intern(strs, l->items[i].s, strlen(l->items[i].s));
	*n = (uint32_t)l->len;
	return v;
}

static void slow_parse(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text,
                       size_t len)
{
	td_plan *p = td_plan_new();
	td_diags d = {0};
	td_plan_load_workstream_text(p, file, text, len, &d);
	if (d.errors || p->nworkstreams != 1) {
		td_diags_sort(&d);
		out->error = first_error(arena, &d);
		goto out;
	}
	const td_workstream *ws = p->workstreams[0];
	out->workstream = td_strtab_intern(strs, ws->id, strlen(ws->id));
	out->nphases = ws->nphases;
	out->phases = td_arena_alloc(arena, (ws->nphases ? ws->nphases : 1) * sizeof *out->phases);
	for (size_t i = 0; i < ws->nphases; i++) {
		const td_phase *ph = ws->phases[i];
		out->phases[i].id = td_strtab_intern(strs, ph->id, strlen(ph->id));
		out->phases[i].deps = intern_list(strs, arena, &ph->depends_on, &out->phases[i].ndeps);
	}
	out->ntasks = p->ntasks;
	out->tasks = td_arena_alloc(arena, (p->ntasks ? p->ntasks : 1) * sizeof *out->tasks);
	for (size_t i = 0; i < p->ntasks; i++) {
		const td_task *t = p->tasks[i];
		td_snap_task *st = &out->tasks[i];
		st->id = td_strtab_intern(strs, t->id, strlen(t->id));
		st->title = td_strtab_intern(strs, t->title, strlen(t->title));
		st->phase = td_strtab_intern(strs, t->phase->id, strlen(t->phase->id));
		st->owner = t->owner ? td_strtab_intern(strs, t->owner, strlen(t->owner)) : TD_STR_NONE;
		st->status = (uint8_t)t->status;
		st->priority = (uint8_t)t->priority;
		st->blocked = t->blockers.len > 0;
		st->deps = intern_list(strs, arena, &t->depends_on, &st->ndeps);
		if (t->estimate.known) {
			st->unit = t->estimate.unit;
			st->lo = t->estimate.lo;
			st->hi = t->estimate.hi;
		}
	}
	td_snap_sort_tasks(out);
out:
	td_diags_free(&d);
	td_plan_free(p);
}

void td_hist_project_parse(td_hist_project *out, td_hist_log *log, const char *file, const char *text,
                           size_t len)
{
	td_plan *p = td_plan_new();
	td_diags d = {0};
	memset(out, 0, sizeof *out);
	td_plan_load_project_text(p, file, text, len, &d);
	if (d.errors) {
		td_diags_sort(&d);
		out->error = first_error(log->arena, &d);
		td_plan_free(p);
	} else {
		td_grow((void **)&log->plans, &log->plancap, log->nplans + 1, sizeof *log->plans);
		log->plans[log->nplans++] = p;
		out->plan = p;
	}
	td_diags_free(&d);
}

void td_snap_parse_full(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text,
                        size_t len)
{
	memset(out, 0, sizeof *out);
	out->workstream = TD_STR_NONE;
	slow_parse(out, strs, arena, file, text, len);
}

void td_snap_parse(td_snap *out, td_strtab *strs, td_arena *arena, const char *file, const char *text,
                   size_t len, bool *slow)
{
	memset(out, 0, sizeof *out);
	out->workstream = TD_STR_NONE;
	scan s = {0};
	s.text = text;
	s.end = text + len;
	s.strs = strs;
	s.phase = TD_STR_NONE;
	bool ok = fast_parse(&s);
	if (ok) {
		out->workstream = s.ws;
		out->ntasks = s.ntasks;
		out->tasks = td_arena_alloc(arena, (s.ntasks ? s.ntasks : 1) * sizeof *out->tasks);
		uint32_t *pool = td_arena_alloc(arena, (s.npool ? s.npool : 1) * sizeof *pool);
		if (s.npool)
			memcpy(pool, s.pool, s.npool * sizeof *pool);
		for (size_t i = 0; i < s.ntasks; i++) {
			out->tasks[i] = s.tasks[i];
			out->tasks[i].deps = pool + (uintptr_t)s.tasks[i].deps;
		}
		td_snap_sort_tasks(out);
		out->nphases = s.nphases;
		out->phases = td_arena_alloc(arena, (s.nphases ? s.nphases : 1) * sizeof *out->phases);
		for (size_t i = 0; i < s.nphases; i++) {
			out->phases[i] = s.phases[i];
			out->phases[i].deps = pool + (uintptr_t)s.phases[i].deps;
		}
	}
	free(s.ids);
	free(s.tasks);
	free(s.pool);
	free(s.phases);
	td_buf_free(&s.tmp);
	if (slow)
		*slow = !ok;
	if (!ok)
		slow_parse(out, strs, arena, file, text, len);
}
