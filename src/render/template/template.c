/*
 * template.c - the logic-less template engine. It knows no output format:
 * the escaper of {{variables}} and every filter come from the caller's
 * dialect (template.h), as one table of {name, argument, function}.
 *
 * Parsing happens in three steps: the source becomes a list of tokens (text
 * cut after every newline, one token per tag); lines that hold only section,
 * comment or partial tags and blanks lose their text (the standalone rule);
 * the tokens become a tree of nodes. Rendering walks the tree with a stack of
 * json_t frames. The language is described in docs/templates.md.
 */
#include "render/template/template.h"
#include "view/digest.h" /* td_json_member: the digests of reads follow names as this does */

#include <assert.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tree ---- */

enum nkind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL };
enum special { SP_NONE, SP_DOT, SP_INDEX, SP_NUMBER, SP_FIRST, SP_LAST };
static const char *const special_names[] = {"@index", "@number", "@first", "@last"};

struct filter {
	const td_filter *def; /* the dialect's entry */
	char *arg;            /* the argument, unquoted, or NULL */
	size_t arglen;
};

struct node {
	enum nkind kind;
	int line, col; /* of the tag (or of the text's first character) */
	char *text;    /* N_TEXT: the text; else the name as written (NULL if bad) */
	size_t len;    /* length of text */
	char **path;   /* a.b.c split at the dots (SP_NONE only) */
	size_t *pathlen; /* their lengths */
	size_t npath;
	enum special special;
	const td_escaper *esc;  /* N_VAR: forced by {{{ }}}, & or an escaping filter; NULL: the template's */
	struct filter *filters; /* N_VAR */
	size_t nfilters;
	struct node *kids; /* N_SECTION, N_INVERTED */
	size_t nkids, capkids;
	char *indent; /* N_PARTIAL on a standalone line: its indentation */
};

struct pentry {
	char *name;
	td_template *t;
};

struct td_template {
	char *name;
	const td_dialect *dialect;
	struct node root;        /* N_SECTION holding the top-level nodes */
	struct pentry *partials; /* cache, filled while rendering */
	size_t npartials, cappartials;
};

static void node_clear(struct node *nd)
{
	free(nd->text);
	for (size_t i = 0; i < nd->npath; i++)
		free(nd->path[i]);
	free(nd->path);
	free(nd->pathlen);
	for (size_t i = 0; i < nd->nfilters; i++)
		free(nd->filters[i].arg);
	free(nd->filters);
	for (size_t i = 0; i < nd->nkids; i++)
		node_clear(&nd->kids[i]);
	free(nd->kids);
	free(nd->indent);
	memset(nd, 0, sizeof *nd);
}

static void node_free(struct node *nd)
{
	if (!nd)
		return;
	node_clear(nd);
	free(nd);
}

/* Appends a copy of *kid to parent's children and returns it. */
static struct node *add_kid(struct node *parent, const struct node *kid)
{
	td_grow((void **)&parent->kids, &parent->capkids, parent->nkids + 1, sizeof(struct node));
	parent->kids[parent->nkids] = *kid;
	return &parent->kids[parent->nkids++];
}

/* ---- parsing: tokens ---- */

enum tkind { TK_TEXT, TK_VAR, TK_OPEN, TK_CLOSE, TK_PARTIAL, TK_COMMENT, TK_ERROR };

struct tok {
	enum tkind kind;
	int line, col;
	const char *s; /* TK_TEXT: points into the source */
	size_t len;
	struct node *node; /* TK_VAR, TK_OPEN, TK_PARTIAL: owned until moved into the tree */
	char *name;        /* TK_CLOSE: the name, NULL if it was bad */
	bool removed;      /* TK_TEXT on a standalone line */
};

struct parser {
	const char *file;
	const char *src;
	size_t pos;
	int line, col;
	td_diags *diags;
	const td_dialect *dialect;
	size_t errors;
	struct tok *toks;
	size_t ntoks, captoks;
};

static void perr(struct parser *p, int line, int col, const char *fmt, ...) TD_PRINTF(4, 5);

static void perr(struct parser *p, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_diag_addv(p->diags, TD_SEV_ERROR, (td_loc){p->file, line, col}, fmt, ap);
	va_end(ap);
	p->errors++;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* UTF-8 continuation bytes do not start a character (columns count characters). */
static bool is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Moves the cursor to src[to], keeping line and column. */
static void advance(struct parser *p, size_t to)
{
	for (size_t i = p->pos; i < to; i++) {
		if (p->src[i] == '\n') {
			p->line++;
			p->col = 1;
		} else if (!is_cont(p->src[i])) {
			p->col++;
		}
	}
	p->pos = to;
}

/* The column of src[at], on the line of a tag that starts at src[start], column col. */
static int col_at(const struct parser *p, size_t start, int col, size_t at)
{
	for (size_t i = start; i < at; i++)
		if (!is_cont(p->src[i]))
			col++;
	return col;
}

static struct tok *push_tok(struct parser *p, enum tkind kind, int line, int col)
{
	td_grow((void **)&p->toks, &p->captoks, p->ntoks + 1, sizeof(struct tok));
	struct tok *t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->line = line;
	t->col = col;
	return t;
}

/* Adds src[pos..end) as text tokens, each ending after a newline or at end. */
static void add_text(struct parser *p, size_t end)
{
	while (p->pos < end) {
		const char *s = p->src + p->pos;
		const char *nl = memchr(s, '\n', end - p->pos);
		size_t n = nl ? (size_t)(nl - s) + 1 : end - p->pos;
		struct tok *t = push_tok(p, TK_TEXT, p->line, p->col);
		t->s = s;
		t->len = n;
		advance(p, p->pos + n);
	}
}

/* Checks a variable or section name; sets *sp. Reports and returns false if bad. */
static bool check_name(struct parser *p, const char *nm, size_t n, int line, int col, enum special *sp)
{
	*sp = SP_NONE;
	if (n == 1 && nm[0] == '.') {
		*sp = SP_DOT;
		return true;
	}
	if (nm[0] == '@') {
		for (size_t i = 0; i < TD_ARRAY_LEN(special_names); i++) {
			if (strlen(special_names[i]) == n && memcmp(special_names[i], nm, n) == 0) {
				*sp = (enum special)(SP_INDEX + i);
				return true;
			}
		}
		perr(p, line, col, "unknown name '%.*s' (known: @index, @number, @first, @last)", (int)n, nm);
		return false;
	}
	bool part_empty = true;
	for (size_t i = 0; i < n; i++) {
		char c = nm[i];
		if (c == '.') {
			if (part_empty)
				goto bad;
			part_empty = true;
		} else if (is_alnum(c) || c == '_' || c == '-' || (unsigned char)c >= 0x80) {
			part_empty = false;
		} else {
			goto bad;
		}
	}
	if (!part_empty)
		return true;
bad:
	perr(p, line, col, "invalid name '%.*s' (use letters, digits, '_' and '-', with '.' between parts)",
	     (int)n, nm);
	return false;
}

static void split_path(struct node *nd)
{
	size_t n = 1;
	for (size_t i = 0; i < nd->len; i++)
		n += nd->text[i] == '.';
	nd->path = td_xcalloc(n, sizeof(char *));
	nd->pathlen = td_xcalloc(n, sizeof(size_t));
	const char *s = nd->text;
	for (size_t k = 0; k < n; k++) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);
		nd->path[k] = td_xstrndup(s, len);
		nd->pathlen[k] = len;
		s += len + 1;
	}
	nd->npath = n;
}

static void skip_blanks(const char *s, size_t *i, size_t e)
{
	while (*i < e && is_blank(s[*i]))
		(*i)++;
}

/* Reports "unexpected 'WORD' in tag" for the word at s[i]. */
static void unexpected(struct parser *p, size_t start, int line, int col, size_t i, size_t e)
{
	const char *s = p->src;
	size_t j = i + 1;
	while (j < e && !is_blank(s[j]) && s[j] != '|')
		j++;
	perr(p, line, col_at(p, start, col, i), "unexpected '%.*s' in tag", (int)(j - i), s + i);
}

const td_escaper td_escape_none = {td_buf_put, false};

/* The dialect's filter named s[0..n), or NULL. */
static const td_filter *find_filter(const td_dialect *d, const char *s, size_t n)
{
	for (size_t f = 0; f < d->nfilters; f++)
		if (strlen(d->filters[f].name) == n && memcmp(d->filters[f].name, s, n) == 0)
			return &d->filters[f];
	return NULL;
}

/* "unknown filter 'WORD' (did you mean ...?); known filters: a, b, c:"arg"" */
static void unknown_filter(struct parser *p, int line, int col, const char *s, size_t n)
{
	const td_dialect *d = p->dialect;
	char *word = td_xstrndup(s, n);
	const char **names = td_xcalloc(d->nfilters + 1, sizeof *names);
	td_buf known = TD_BUF_INIT;
	for (size_t f = 0; f < d->nfilters; f++) {
		names[f] = d->filters[f].name;
		td_buf_printf(&known, "%s%s", f ? ", " : "", d->filters[f].name);
		if (d->filters[f].arg)
			td_buf_printf(&known, ":\"%s\"", d->filters[f].arg);
	}
	const char *dym = td_did_you_mean(word, names);
	if (dym)
		perr(p, line, col, "unknown filter '%s' (did you mean '%s'?); known filters: %s", word, dym,
		     td_buf_cstr(&known));
	else
		perr(p, line, col, "unknown filter '%s'; known filters: %s", word, td_buf_cstr(&known));
	td_buf_free(&known);
	free(names);
	free(word);
}

/* Reads the quoted argument at s[*ip] into arg. Reports and returns false if bad. */
static bool filter_arg(struct parser *p, size_t start, int line, int col, size_t *ip, size_t e,
                       const td_filter *f, int fcol, td_buf *arg)
{
	const char *s = p->src;
	size_t i = *ip;
	if (!f->arg) {
		perr(p, line, fcol, "filter '%s' takes no argument", f->name);
		return false;
	}
	if (i >= e || (s[i] != '"' && s[i] != '\'')) {
		perr(p, line, col_at(p, start, col, i), "argument of filter '%s' must be a quoted string, e.g. %s",
		     f->name, f->example);
		return false;
	}
	char q = s[i];
	size_t qpos = i++;
	while (i < e && s[i] != q) {
		if (s[i] == '\\' && i + 1 < e) {
			i++;
			td_buf_putc(arg, s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i]);
		} else {
			td_buf_putc(arg, s[i]);
		}
		i++;
	}
	if (i >= e) {
		perr(p, line, col_at(p, start, col, qpos), "unterminated string in tag");
		return false;
	}
	*ip = i + 1;
	return true;
}

/*
 * Parses the filters of a tag from s[*i] to s[e] into *out; an escaping
 * filter sets *esc instead. Reports the first problem and returns false.
 */
static bool parse_filters(struct parser *p, size_t start, int line, int col, size_t *ip, size_t e,
                          enum tkind kind, const td_escaper **esc, struct filter **out, size_t *nout)
{
	const char *s = p->src;
	size_t i = *ip, cap = 0;
	bool ok = false;
	td_buf arg = TD_BUF_INIT;
	while (i < e) {
		if (s[i] != '|') {
			unexpected(p, start, line, col, i, e);
			goto out;
		}
		if (kind != TK_VAR) {
			perr(p, line, col_at(p, start, col, i), "filters are only allowed on variables");
			goto out;
		}
		i++;
		skip_blanks(s, &i, e);
		size_t fb = i;
		while (i < e && (is_alnum(s[i]) || s[i] == '_'))
			i++;
		int fcol = col_at(p, start, col, fb);
		if (i == fb) {
			if (i < e && !is_blank(s[i]) && s[i] != '|')
				unexpected(p, start, line, col, i, e);
			else
				perr(p, line, fcol, "missing filter name after '|'");
			goto out;
		}
		const td_filter *f = find_filter(p->dialect, s + fb, i - fb);
		if (!f) {
			unknown_filter(p, line, fcol, s + fb, i - fb);
			goto out;
		}
		skip_blanks(s, &i, e);
		td_buf_clear(&arg);
		bool has_arg = false;
		if (i < e && s[i] == ':') {
			i++;
			skip_blanks(s, &i, e);
			if (!filter_arg(p, start, line, col, &i, e, f, fcol, &arg))
				goto out;
			has_arg = true;
		} else if (f->arg) {
			perr(p, line, fcol, "filter '%s' needs an argument, e.g. %s", f->name, f->example);
			goto out;
		}
		skip_blanks(s, &i, e);
		if (f->escape) {
			*esc = f->escape;
		} else {
			td_grow((void **)out, &cap, *nout + 1, sizeof(struct filter));
			struct filter *nf = &(*out)[(*nout)++];
			nf->def = f;
			nf->arglen = arg.len;
			nf->arg = has_arg ? td_xstrndup(td_buf_cstr(&arg), arg.len) : NULL;
		}
	}
	ok = true;
out:
	td_buf_free(&arg);
	*ip = i;
	return ok;
}

/* Parses the tag at src[start] (line, col) whose inside is src[b..e). */
static void parse_tag(struct parser *p, size_t start, int line, int col, size_t b, size_t e, bool triple)
{
	const char *s = p->src;
	size_t i = b;
	enum tkind kind = TK_VAR;
	enum nkind nk = N_VAR;
	const td_escaper *esc = triple ? &td_escape_none : NULL;
	struct filter *filters = NULL;
	size_t nfilters = 0;
	enum special sp = SP_NONE;

	skip_blanks(s, &i, e);
	if (!triple && i < e) {
		char c = s[i];
		if (c == '=') {
			perr(p, line, col, "set-delimiter tags ('{{=...=}}') are not supported");
			push_tok(p, TK_ERROR, line, col);
			return;
		}
		if (c == '#' || c == '^' || c == '/' || c == '>' || c == '&') {
			kind = c == '#' || c == '^' ? TK_OPEN
			       : c == '/'           ? TK_CLOSE
			       : c == '>'           ? TK_PARTIAL
			                            : TK_VAR;
			nk = c == '#' ? N_SECTION : c == '^' ? N_INVERTED : c == '>' ? N_PARTIAL : N_VAR;
			if (c == '&')
				esc = &td_escape_none;
			i++;
			skip_blanks(s, &i, e);
		}
	}
	size_t nb = i;
	while (i < e && !is_blank(s[i]) && (kind == TK_PARTIAL || s[i] != '|'))
		i++;
	size_t ne = i;
	bool name_ok = false;
	if (nb == ne)
		perr(p, line, col, "empty tag name");
	else if (kind == TK_PARTIAL)
		name_ok = true;
	else
		name_ok = check_name(p, s + nb, ne - nb, line, col, &sp);
	bool ok = name_ok;
	if (name_ok) {
		skip_blanks(s, &i, e);
		ok = parse_filters(p, start, line, col, &i, e, kind, &esc, &filters, &nfilters);
	}

	if (kind == TK_CLOSE) {
		struct tok *t = push_tok(p, TK_CLOSE, line, col);
		t->name = name_ok ? td_xstrndup(s + nb, ne - nb) : NULL;
		goto out;
	}
	if (!ok && kind != TK_OPEN) {
		push_tok(p, TK_ERROR, line, col);
		goto out;
	}
	struct node *nd = td_xcalloc(1, sizeof *nd);
	nd->kind = nk;
	nd->line = line;
	nd->col = col;
	nd->esc = esc;
	nd->special = sp;
	if (name_ok) {
		nd->text = td_xstrndup(s + nb, ne - nb);
		nd->len = ne - nb;
		if (kind != TK_PARTIAL && sp == SP_NONE)
			split_path(nd);
	}
	nd->filters = filters;
	nd->nfilters = nfilters;
	filters = NULL;
	nfilters = 0;
	push_tok(p, kind, line, col)->node = nd;
out:
	for (size_t k = 0; k < nfilters; k++)
		free(filters[k].arg);
	free(filters);
}

/* Scans the tag that starts at src[pos] ("{{") and moves past it. */
static void scan_tag(struct parser *p)
{
	const char *s = p->src;
	size_t start = p->pos;
	int line = p->line, col = p->col;
	size_t q = start + 2;

	if (s[q] == '!') {
		const char *close = strstr(s + q, "}}");
		if (!close) {
			perr(p, line, col, "unclosed comment: '{{!' has no matching '}}'");
			push_tok(p, TK_ERROR, line, col);
			advance(p, start + strlen(s + start));
			return;
		}
		push_tok(p, TK_COMMENT, line, col);
		advance(p, (size_t)(close - s) + 2);
		return;
	}
	bool triple = s[q] == '{';
	if (triple)
		q++;
	/* The tag ends at "}}" on the same line; a quoted filter argument may hold braces. */
	size_t i = q, close = 0;
	bool found = false;
	char prev = 0; /* last non-blank character: a quote after ':' opens a string */
	while (s[i] && s[i] != '\n') {
		char c = s[i];
		if ((c == '"' || c == '\'') && prev == ':') {
			size_t qpos = i++;
			while (s[i] && s[i] != '\n' && s[i] != c) {
				if (s[i] == '\\' && s[i + 1] && s[i + 1] != '\n')
					i++;
				i++;
			}
			if (s[i] != c) {
				perr(p, line, col_at(p, start, col, qpos), "unterminated string in tag");
				push_tok(p, TK_ERROR, line, col);
				advance(p, i);
				return;
			}
			i++;
			prev = c;
			continue;
		}
		if (c == '}' && s[i + 1] == '}') {
			close = i;
			found = true;
			break;
		}
		if (c == '{' && s[i + 1] == '{')
			break;
		if (c != ' ' && c != '\t')
			prev = c;
		i++;
	}
	if (found && triple && s[close + 2] != '}')
		found = false;
	if (!found) {
		if (triple)
			perr(p, line, col, "unclosed tag: '{{{' has no matching '}}}'");
		else
			perr(p, line, col, "unclosed tag: '{{' has no matching '}}'");
		push_tok(p, TK_ERROR, line, col);
		advance(p, q); /* what follows is scanned again, for more tags */
		return;
	}
	parse_tag(p, start, line, col, q, close, triple);
	advance(p, close + (triple ? 3 : 2));
}

/* ---- parsing: standalone lines ---- */

static bool all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank(s[i]))
			return false;
	return true;
}

/*
 * A line whose tokens are blanks and at least one section, inverted, close,
 * comment or partial tag (at most one partial, no variable) is standalone: its
 * text, newline included, is dropped. A partial on such a line keeps the
 * line's leading blanks as its indentation.
 */
static void mark_standalone(struct parser *p)
{
	size_t i = 0;
	while (i < p->ntoks) {
		size_t end = i;
		while (end < p->ntoks) {
			const struct tok *t = &p->toks[end++];
			if (t->kind == TK_TEXT && t->s[t->len - 1] == '\n')
				break;
		}
		size_t tags = 0, partials = 0, partial_at = 0;
		bool ok = true;
		for (size_t k = i; k < end && ok; k++) {
			const struct tok *t = &p->toks[k];
			if (t->kind == TK_TEXT) {
				ok = all_blank(t->s, t->len);
			} else if (t->kind == TK_VAR) {
				ok = false;
			} else {
				tags++;
				if (t->kind == TK_PARTIAL) {
					partials++;
					partial_at = k;
				}
			}
		}
		if (ok && tags > 0 && partials <= 1) {
			for (size_t k = i; k < end; k++)
				if (p->toks[k].kind == TK_TEXT)
					p->toks[k].removed = true;
			if (partials) {
				const struct tok *first = &p->toks[i];
				struct node *nd = p->toks[partial_at].node;
				if (first->kind == TK_TEXT && i < partial_at)
					nd->indent = td_xstrndup(first->s, first->len);
				else
					nd->indent = td_xstrdup("");
			}
		}
		i = end;
	}
}

/* ---- parsing: the tree ---- */

static char sigil(const struct node *nd)
{
	return nd->kind == N_INVERTED ? '^' : '#';
}

static void flush_text(td_buf *pend, struct node *parent, int line, int col)
{
	if (!pend->len)
		return;
	struct node nd = {0};
	nd.kind = N_TEXT;
	nd.line = line;
	nd.col = col;
	nd.len = pend->len;
	nd.text = td_buf_detach(pend);
	add_kid(parent, &nd);
}

static void build(struct parser *p, struct node *root)
{
	struct node **stack = NULL;
	size_t depth = 0, cap = 0;
	td_buf pend = TD_BUF_INIT;
	int tline = 1, tcol = 1;

	td_grow((void **)&stack, &cap, 1, sizeof *stack);
	stack[depth++] = root;
	for (size_t i = 0; i < p->ntoks; i++) {
		struct tok *t = &p->toks[i];
		struct node *top = stack[depth - 1];
		if (t->kind == TK_TEXT) {
			if (t->removed)
				continue;
			if (!pend.len) {
				tline = t->line;
				tcol = t->col;
			}
			td_buf_put(&pend, t->s, t->len);
			continue;
		}
		if (t->kind == TK_COMMENT || t->kind == TK_ERROR)
			continue;
		flush_text(&pend, top, tline, tcol);
		if (t->kind == TK_VAR || t->kind == TK_PARTIAL || t->kind == TK_OPEN) {
			struct node *nd = add_kid(top, t->node);
			free(t->node);
			t->node = NULL;
			if (nd->kind == N_SECTION || nd->kind == N_INVERTED) {
				td_grow((void **)&stack, &cap, depth + 1, sizeof *stack);
				stack[depth++] = nd;
			}
			continue;
		}
		/* TK_CLOSE */
		if (depth == 1) {
			if (t->name)
				perr(p, t->line, t->col, "'{{/%s}}' has no open section to close", t->name);
			continue;
		}
		if (!t->name || !top->text || strcmp(top->text, t->name) == 0) {
			depth--;
			continue;
		}
		perr(p, t->line, t->col, "'{{/%s}}' does not match '{{%c%s}}' opened at %d:%d", t->name,
		     sigil(top), top->text, top->line, top->col);
		/* close up to a section of that name, else take it for a misspelt close of top */
		size_t k = depth - 1;
		while (k > 1 && !(stack[k - 1]->text && strcmp(stack[k - 1]->text, t->name) == 0))
			k--;
		depth = k > 1 ? k - 1 : depth - 1;
	}
	flush_text(&pend, stack[depth - 1], tline, tcol);
	for (size_t k = 1; k < depth; k++) {
		const struct node *nd = stack[k];
		if (nd->text)
			perr(p, nd->line, nd->col,
			     "unclosed section '%s': '{{%c%s}}' has no matching '{{/%s}}'", nd->text,
			     sigil(nd), nd->text, nd->text);
	}
	free(stack);
	td_buf_free(&pend);
}

td_template *td_template_parse(const char *name, const char *src, const td_dialect *dialect, td_diags *diags)
{
	assert(src && dialect && diags);
	struct parser p = {0};
	p.dialect = dialect;
	p.file = name ? name : "<template>";
	p.src = src;
	p.line = 1;
	p.col = 1;
	p.diags = diags;

	size_t n = strlen(src);
	while (p.pos < n) {
		const char *open = strstr(src + p.pos, "{{");
		size_t end = open ? (size_t)(open - src) : n;
		add_text(&p, end);
		if (!open)
			break;
		scan_tag(&p);
	}
	mark_standalone(&p);

	td_template *t = td_xcalloc(1, sizeof *t);
	t->name = td_xstrdup(p.file);
	t->dialect = dialect;
	t->root.kind = N_SECTION;
	build(&p, &t->root);

	for (size_t i = 0; i < p.ntoks; i++) {
		node_free(p.toks[i].node);
		free(p.toks[i].name);
	}
	free(p.toks);
	if (p.errors) {
		td_template_free(t);
		return NULL;
	}
	return t;
}

void td_template_free(td_template *t)
{
	if (!t)
		return;
	node_clear(&t->root);
	for (size_t i = 0; i < t->npartials; i++) {
		free(t->partials[i].name);
		td_template_free(t->partials[i].t);
	}
	free(t->partials);
	free(t->name);
	free(t);
}

const char *td_template_name(const td_template *t)
{
	return t->name;
}

/* ---- rendering: values ---- */

/* A looked-up value: a JSON node, or a loop figure (@index and friends). */
struct val {
	enum { V_MISSING, V_JSON, V_INT, V_BOOL } k;
	json_t *j;
	long long i;
	uint32_t pat; /* with reads: the pattern of j (where it was found) */
};

struct frame {
	json_t *v;
	bool loop; /* an element of an array section: index and count are set */
	size_t index, count;
	uint32_t pat, stack; /* with reads: the pattern of v, and of the frames up to this one */
};

/* A table from two keys to a number, by open addressing: the patterns,
 * stacks and look-ups a render with reads has met. */
struct mslot {
	uint64_t k1, k2;
	uint32_t val;
	bool used;
};

struct memo {
	struct mslot *tab;
	size_t cap, used;
};

static size_t mslot_of(const struct memo *m, uint64_t k1, uint64_t k2)
{
	uint64_t h = (k1 * 0x9E3779B97F4A7C15ull) ^ (k2 * 0xC2B2AE3D27D4EB4Full);
	size_t i = (size_t)(h ^ (h >> 29)) & (m->cap - 1);
	while (m->tab[i].used && (m->tab[i].k1 != k1 || m->tab[i].k2 != k2))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The entry of (k1, k2); *fresh when it was not there (its val is 0). */
static struct mslot *memo_at(struct memo *m, uint64_t k1, uint64_t k2, bool *fresh)
{
	if (2 * (m->used + 1) > m->cap) {
		struct mslot *old = m->tab;
		size_t n = m->cap;
		m->cap = n ? 2 * n : 256;
		m->tab = td_xcalloc(m->cap, sizeof *m->tab);
		for (size_t i = 0; i < n; i++)
			if (old[i].used)
				m->tab[mslot_of(m, old[i].k1, old[i].k2)] = old[i];
		free(old);
	}
	struct mslot *e = &m->tab[mslot_of(m, k1, k2)];
	*fresh = !e->used;
	if (!e->used) {
		*e = (struct mslot){k1, k2, 0, true};
		m->used++;
	}
	return e;
}

/* A pattern: the path from the context to a value a render reached, each
 * part a name as written ("a.b") or "*" for every element of an array. */
struct pattern {
	uint32_t parent; /* 0: the context itself (pattern 0, "") */
	const char *part;
};

struct rstate {
	td_buf *out;
	td_template *root; /* owns the partial cache */
	td_partial_fn fn;
	void *ud;
	td_diags *diags;
	struct frame *frames;
	size_t nframes, capframes;
	int depth;     /* partials being rendered */
	td_buf a, b;   /* scratch for filters */
	td_buf indent; /* indentation of the standalone partials being rendered */
	bool pending;  /* at the start of a line: the indentation is still to write */
	td_tmpl_reads *reads; /* NULL: not noted */
	/* with reads: the patterns met (0 the context), each by its parent
	 * and part; the stacks of frames, each by the stack below and the
	 * top's pattern; the look-ups done, each by its node, its stack and
	 * the frame it found its value in (a row of a thousand-row table
	 * looks the same names up in the same frames, and is noted once);
	 * and the reads noted, by their text */
	struct pattern *pats;
	size_t npats, cappats;
	struct memo child, stacks, looked, noted;
	uint32_t nstacks;
	td_buf text;
	/* with a memo (td_template_render_memo): the entries of the render
	 * before, by key; the iteration being written, if one is; the
	 * digest of the outer names an entry lists, for the last list met in
	 * the last loop (a table's rows list the same names) */
	td_tmpl_memo *memo;
	struct memo old_ix; /* key -> 1 + index in olds */
	struct oentry *olds;
	size_t nolds, capolds;
	struct irec *rec;
	td_digester *g;
	const char *last_names;
	size_t last_names_len, last_frame;
	const json_t *last_loop;
	td_digest last_outer;
	bool last_ok;
};

/* The pattern part under parent (part points into the template: two
 * nodes with the same text are two patterns of the same text). */
static uint32_t pattern_child(struct rstate *st, uint32_t parent, const char *part)
{
	bool fresh;
	struct mslot *e = memo_at(&st->child, parent, (uint64_t)(uintptr_t)part, &fresh);
	if (fresh) {
		td_grow((void **)&st->pats, &st->cappats, st->npats + 1, sizeof *st->pats);
		st->pats[st->npats] = (struct pattern){parent, part};
		e->val = (uint32_t)st->npats++;
	}
	return e->val;
}

static void pattern_text(const struct rstate *st, td_buf *b, uint32_t p)
{
	if (!p)
		return;
	const struct pattern *pt = &st->pats[p];
	pattern_text(st, b, pt->parent);
	if (pt->parent)
		td_buf_putc(b, '.');
	td_buf_puts(b, pt->part);
}

/* Notes that the render read the value at pattern p whole (kind '='), or
 * its shape (kind '#': its type, an array's length, a scalar's value),
 * unless it did already. */
static void note_read(struct rstate *st, char kind, uint32_t p)
{
	td_buf *b = &st->text;
	td_buf_clear(b);
	td_buf_putc(b, kind);
	pattern_text(st, b, p);
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < b->len; i++)
		h = (h ^ (unsigned char)b->ptr[i]) * 0x100000001b3ull;
	/* the text is the key: two patterns of the same text are one read */
	for (uint64_t k2 = 0;; k2++) {
		bool fresh;
		struct mslot *e = memo_at(&st->noted, h, k2, &fresh);
		if (!fresh && !strcmp(st->reads->names[e->val], b->ptr))
			return;
		if (!fresh)
			continue;
		td_tmpl_reads *r = st->reads;
		td_grow((void **)&r->names, &r->cap, r->len + 1, sizeof *r->names);
		r->names[r->len] = td_xstrdup(b->ptr);
		e->val = (uint32_t)r->len++;
		return;
	}
}

static void push_frame(struct rstate *st, json_t *v, bool loop, size_t index, size_t count, uint32_t pat)
{
	td_grow((void **)&st->frames, &st->capframes, st->nframes + 1, sizeof(struct frame));
	uint32_t stack = 0;
	if (st->reads) {
		uint32_t below = st->nframes ? st->frames[st->nframes - 1].stack : 0;
		bool fresh;
		struct mslot *e = memo_at(&st->stacks, below, pat, &fresh);
		if (fresh)
			e->val = ++st->nstacks;
		stack = e->val;
	}
	st->frames[st->nframes++] = (struct frame){v, loop, index, count, pat, stack};
}

/* A look-up of nd from the top frame down that found its first part in
 * frame at (or, at nframes, nowhere): the frames above at lack it, and
 * the value found is read whole (=) or for its shape (#, a section's);
 * the pattern of that value. Each (node, stack, at) is noted once. */
static uint32_t note_lookup(struct rstate *st, const struct node *nd, size_t at)
{
	const struct frame *top = &st->frames[st->nframes - 1];
	bool fresh;
	struct mslot *e = memo_at(&st->looked, ((uint64_t)top->stack << 32) | (uint32_t)at,
	                          (uint64_t)(uintptr_t)nd, &fresh);
	if (!fresh)
		return e->val;
	size_t stop = at < st->nframes ? at + 1 : 0;
	for (size_t f = st->nframes; f > stop; f--) /* the frames that lack it, by their first part's shape */
		note_read(st, '#', pattern_child(st, st->frames[f - 1].pat, nd->path[0]));
	uint32_t p = 0;
	if (at < st->nframes) {
		p = pattern_child(st, st->frames[at].pat, nd->text);
		note_read(st, nd->kind == N_VAR ? '=' : '#', p);
	}
	e->val = p; /* the notes above grew other tables than this one */
	return p;
}

/* ---- iterations kept between renders (td_tmpl_memo) ----
 * An entry: its key (the digest of the memo's salt, the node, the
 * element's digest and the indentation), a flag byte (ENTRY_PENDING: it
 * ended at a line's start still to indent; the loop figures of its own
 * loop it read) with its index and the loop's count, where its text
 * holds its @index or @number as written (a list's rows number
 * themselves: a row that moved is taken with its number written anew),
 * the names it found outside its element, a line each, the digest of
 * their values then, and its text; each a td_part_put part. */
#define ENTRY_PENDING 1
#define ENTRY_FIRST 2 /* @first: the same only where it is the same */
#define ENTRY_LAST 4  /* @last */
#define ENTRY_INDEX 8 /* @index or @number: at the same index */
/* the values an entry's outer names may hold, at most, to be digested */
#define OUTER_BUDGET 100000

struct oentry {
	td_digest key;
	unsigned flags;
	uint64_t index, count;
	const char *figs; /* FIG_BYTES each: where its text holds its @index or @number */
	size_t figs_len;
	const char *names;
	size_t names_len;
	td_digest outer;
	const char *text;
	size_t text_len;
	const char *raw; /* the whole entry, as it is copied on */
	size_t raw_len;
};

/* A loop figure written as it is into an iteration's text: its offset
 * there (8 bytes) and whether it is @number (1 byte) rather than @index. */
#define FIG_BYTES 9

/* The iteration being written: its frame, the loop figures of its own
 * loop it read (ENTRY_FIRST...), and what it read from outside. */
struct irec {
	size_t frame, start; /* start: where its text begins in the output */
	unsigned figures;
	td_buf figs; /* FIG_BYTES each */
	const struct node **outer;
	size_t nouter, cap;
};

static void rec_outer(struct irec *r, const struct node *nd)
{
	for (size_t i = 0; i < r->nouter; i++)
		if (r->outer[i] == nd || !strcmp(r->outer[i]->text, nd->text))
			return;
	td_grow((void **)&r->outer, &r->cap, r->nouter + 1, sizeof *r->outer);
	r->outer[r->nouter++] = nd;
}

static bool get_digest(const char *s, size_t n, size_t *pos, td_digest *d)
{
	const char *p;
	size_t l;
	if (!td_part_get(s, n, pos, &p, &l) || l != sizeof *d)
		return false;
	memcpy(d, p, sizeof *d);
	return true;
}

/* The entries of the render before, indexed by key (a damaged list: as
 * many as could be read). */
static void memo_open(struct rstate *st)
{
	const char *s = st->memo->old;
	size_t n = st->memo->old_len, pos = 0;
	while (s && pos < n) {
		struct oentry e = {0};
		size_t start = pos, ml = 0;
		const char *meta = NULL;
		if (!get_digest(s, n, &pos, &e.key) || !td_part_get(s, n, &pos, &meta, &ml) || ml != 17 ||
		    !td_part_get(s, n, &pos, &e.figs, &e.figs_len) || e.figs_len % FIG_BYTES ||
		    !td_part_get(s, n, &pos, &e.names, &e.names_len) || !get_digest(s, n, &pos, &e.outer) ||
		    !td_part_get(s, n, &pos, &e.text, &e.text_len))
			break;
		e.flags = (unsigned char)meta[0];
		memcpy(&e.index, meta + 1, 8);
		memcpy(&e.count, meta + 9, 8);
		e.raw = s + start;
		e.raw_len = pos - start;
		bool fresh;
		struct mslot *m = memo_at(&st->old_ix, e.key.a, e.key.b, &fresh);
		if (!fresh)
			continue; /* the first of two with one key */
		td_grow((void **)&st->olds, &st->capolds, st->nolds + 1, sizeof *st->olds);
		st->olds[st->nolds] = e;
		m->val = (uint32_t)++st->nolds;
	}
}

/* Folds into d how a look-up of the name text[0..len) that passed every
 * frame from at up resolves below at: which of those frames lack its
 * first part, top down, and the whole value of that part where it is
 * found (or that it is nowhere). What the name reaches, and where, both
 * follow. false past the budget. */
static bool outer_fold(struct rstate *st, td_digest *d, size_t at, const char *text, size_t len,
                       size_t *budget)
{
	const char *dot = memchr(text, '.', len);
	size_t n = dot ? (size_t)(dot - text) : len;
	for (size_t f = at; f > 0; f--) {
		json_t *v = st->frames[f - 1].v, *x = json_is_object(v) ? td_json_member(v, text, n) : NULL;
		td_digest_word(d, x ? 'F' : json_is_object(v) ? 'L' : 'N');
		if (x)
			return td_digest_json(st->g, d, x, budget);
	}
	td_digest_word(d, 'm');
	return true;
}

/* The digest of how the names (a line each) resolve below frame at;
 * false when they hold too many values. */
static bool outer_digest(struct rstate *st, size_t at, const char *names, size_t len, td_digest *out)
{
	td_digest d = TD_DIGEST_INIT;
	size_t budget = OUTER_BUDGET;
	for (const char *p = names, *e = names + len; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);
		td_digest_bytes(&d, p, l);
		if (!outer_fold(st, &d, at, p, l, &budget))
			return false;
		p += l + 1;
	}
	*out = d;
	return true;
}

static td_digest iteration_key(const struct rstate *st, const td_template *t, const struct node *nd,
                               const td_digest *item)
{
	td_digest k = st->memo->salt;
	td_digest_bytes(&k, t->name, strlen(t->name));
	td_digest_word(&k, (uint64_t)nd->line);
	td_digest_word(&k, (uint64_t)nd->col);
	td_digest_word(&k, item->a);
	td_digest_word(&k, item->b);
	td_digest_bytes(&k, st->indent.ptr ? st->indent.ptr : "", st->indent.len);
	td_digest_word(&k, st->pending);
	return k;
}

/* The decimal figure of an iteration at index (@number: counting from 1). */
static int fig_text(char buf[24], size_t index, bool number)
{
	return snprintf(buf, 24, "%zu", index + (number ? 1 : 0));
}

/* The entry of the render before that this iteration (the frame on top,
 * element index of count, of loop) may take as it is, or NULL. */
static const struct oentry *kept_iteration(struct rstate *st, const json_t *loop, const td_digest *key,
                                           size_t index, size_t count)
{
	if (!st->old_ix.cap)
		return NULL;
	bool fresh;
	size_t i = mslot_of(&st->old_ix, key->a, key->b);
	fresh = !st->old_ix.tab[i].used;
	if (fresh)
		return NULL;
	const struct oentry *e = &st->olds[st->old_ix.tab[i].val - 1];
	/* each figure where the text holds it, after the one before */
	for (size_t f = 0, end = 0; f < e->figs_len; f += FIG_BYTES) {
		uint64_t at;
		memcpy(&at, e->figs + f, 8);
		char was[24];
		size_t wl = (size_t)fig_text(was, e->index, e->figs[f + 8] != 0);
		if (at < end || at > e->text_len || e->text_len - at < wl || memcmp(e->text + at, was, wl))
			return NULL;
		end = at + wl;
	}
	if (((e->flags & ENTRY_INDEX) && e->index != index) ||
	    ((e->flags & ENTRY_FIRST) && (e->index == 0) != (index == 0)) ||
	    ((e->flags & ENTRY_LAST) && (e->index + 1 == e->count) != (index + 1 == count)))
		return NULL;
	if (!e->names_len)
		return e;
	size_t at = st->nframes - 1; /* the outer names are found below the element's frame */
	if (!(st->last_loop == loop && st->last_frame == at && st->last_names_len == e->names_len &&
	      !memcmp(st->last_names, e->names, e->names_len))) {
		st->last_loop = loop;
		st->last_frame = at;
		st->last_names = e->names;
		st->last_names_len = e->names_len;
		st->last_ok = outer_digest(st, at, e->names, e->names_len, &st->last_outer);
	}
	if (!st->last_ok || memcmp(&st->last_outer, &e->outer, sizeof e->outer))
		return NULL;
	return e;
}

static void put_entry(struct rstate *st, const td_digest *key, unsigned flags, size_t index, size_t count,
                      const char *figs, size_t figs_len, const char *names, size_t names_len,
                      const td_digest *outer, const char *text, size_t text_len)
{
	char meta[17];
	meta[0] = (char)flags;
	uint64_t ix = index, ct = count;
	memcpy(meta + 1, &ix, 8);
	memcpy(meta + 9, &ct, 8);
	td_buf *o = st->memo->out;
	td_part_put(o, (const char *)key, sizeof *key);
	td_part_put(o, meta, sizeof meta);
	td_part_put(o, figs ? figs : "", figs_len);
	td_part_put(o, names, names_len);
	td_part_put(o, (const char *)outer, sizeof *outer);
	td_part_put(o, text, text_len);
}

/* Takes entry e for the element at index of count: its text, its figures
 * written anew where it moved, into the output and the memo's entries. */
static void take_iteration(struct rstate *st, const struct oentry *e, size_t index, size_t count)
{
	if (!e->figs_len || e->index == index) {
		td_buf_put(st->out, e->text, e->text_len);
		td_buf_put(st->memo->out, e->raw, e->raw_len);
		return;
	}
	td_buf text = TD_BUF_INIT, figs = TD_BUF_INIT;
	size_t from = 0;
	for (size_t f = 0; f < e->figs_len; f += FIG_BYTES) {
		uint64_t at;
		memcpy(&at, e->figs + f, 8);
		bool number = e->figs[f + 8] != 0;
		char was[24], now[24];
		size_t wl = (size_t)fig_text(was, e->index, number),
		       nl = (size_t)fig_text(now, index, number);
		td_buf_put(&text, e->text + from, at - from);
		uint64_t where = text.len;
		td_buf_put(&figs, (const char *)&where, 8);
		td_buf_putc(&figs, number);
		td_buf_put(&text, now, nl);
		from = at + wl;
	}
	td_buf_put(&text, e->text + from, e->text_len - from);
	td_buf_put(st->out, text.ptr, text.len);
	put_entry(st, &e->key, e->flags, index, count, figs.ptr, figs.len, e->names, e->names_len, &e->outer,
	          text.ptr ? text.ptr : "", text.len);
	td_buf_free(&text);
	td_buf_free(&figs);
}

/* Appends the entry of the iteration just written: text out[start..]. */
static void put_iteration(struct rstate *st, const td_digest *key, const struct irec *r, size_t start,
                          size_t index, size_t count)
{
	td_buf names = TD_BUF_INIT;
	for (size_t i = 0; i < r->nouter; i++) {
		td_buf_puts(&names, r->outer[i]->text);
		td_buf_putc(&names, '\n');
	}
	td_digest outer = TD_DIGEST_INIT;
	if (names.len && !outer_digest(st, r->frame, names.ptr, names.len, &outer)) {
		td_buf_free(&names);
		return;
	}
	put_entry(st, key, r->figures | (st->pending ? ENTRY_PENDING : 0), index, count, r->figs.ptr,
	          r->figs.len, names.ptr ? names.ptr : "", names.len, &outer, st->out->ptr + start,
	          st->out->len - start);
	st->memo->made++;
	td_buf_free(&names);
}

static int render_nodes(struct rstate *st, td_template *t, const struct node *kids, size_t n);

/* Element k of cnt of the array section nd over loop: taken from the
 * render before, or rendered (and, with a memo, kept for the next). */
static int render_element(struct rstate *st, td_template *t, const struct node *nd, json_t *loop, size_t k,
                          size_t cnt, uint32_t each)
{
	json_t *item = json_array_get(loop, k);
	td_digest dg, key;
	bool keep = st->memo && !st->rec && json_is_object(item) && st->memo->item(st->memo->ud, item, &dg);
	if (keep) {
		key = iteration_key(st, t, nd, &dg);
		push_frame(st, item, true, k, cnt, each);
		/* a render noting its reads takes none: it must read them */
		const struct oentry *e = st->reads ? NULL : kept_iteration(st, loop, &key, k, cnt);
		st->nframes--;
		if (e) {
			take_iteration(st, e, k, cnt);
			if (e->text_len)
				st->pending = (e->flags & ENTRY_PENDING) != 0;
			st->memo->hits++;
			return 0;
		}
	}
	push_frame(st, item, true, k, cnt, each);
	size_t start = st->out->len, ndiags = st->diags->len;
	struct irec r = {.frame = st->nframes - 1, .start = start};
	struct irec *outer = st->rec; /* an iteration inside one being written: that one's still */
	if (keep)
		st->rec = &r;
	int rc = render_nodes(st, t, nd->kids, nd->nkids);
	st->rec = outer;
	if (keep && rc == 0 && st->diags->len == ndiags)
		put_iteration(st, &key, &r, start, k, cnt);
	st->nframes--;
	free(r.outer);
	td_buf_free(&r.figs);
	return rc;
}

/* The first part of a name is looked up from the innermost frame outwards, the rest inside it. */
static struct val lookup(struct rstate *st, const struct node *nd)
{
	struct val v = {V_MISSING, NULL, 0, 0};
	if (nd->special == SP_DOT) {
		if (st->nframes) {
			v.k = V_JSON;
			v.j = st->frames[st->nframes - 1].v;
			v.pat = st->frames[st->nframes - 1].pat;
		}
		if (st->reads && st->nframes == 1)
			st->reads->whole = true;
		else if (st->reads && st->nframes) {
			const struct frame *top = &st->frames[st->nframes - 1];
			bool fresh;
			memo_at(&st->looked, (uint64_t)top->stack << 32, (uint64_t)(uintptr_t)nd, &fresh);
			if (fresh)
				note_read(st, nd->kind == N_VAR ? '=' : '#', top->pat);
		}
		return v;
	}
	if (nd->special != SP_NONE) {
		size_t f = st->nframes;
		while (f > 0 && !st->frames[f - 1].loop)
			f--;
		if (!f)
			return v;
		if (st->rec && f - 1 == st->rec->frame) /* a loop figure of the iteration's own loop */
			st->rec->figures |= nd->special == SP_FIRST  ? ENTRY_FIRST
			                    : nd->special == SP_LAST ? ENTRY_LAST
			                                             : ENTRY_INDEX;
		const struct frame *fr = &st->frames[f - 1];
		switch (nd->special) {
		case SP_INDEX:
			v.k = V_INT;
			v.i = (long long)fr->index;
			break;
		case SP_NUMBER:
			v.k = V_INT;
			v.i = (long long)fr->index + 1;
			break;
		case SP_FIRST:
			v.k = V_BOOL;
			v.i = fr->index == 0;
			break;
		default:
			v.k = V_BOOL;
			v.i = fr->index + 1 == fr->count;
			break;
		}
		return v;
	}
	json_t *x = NULL;
	size_t f = st->nframes;
	for (; f > 0 && !x; f--) {
		json_t *fv = st->frames[f - 1].v;
		if (json_is_object(fv))
			x = td_json_member(fv, nd->path[0], nd->pathlen[0]);
	}
	if (st->reads)
		v.pat = note_lookup(st, nd, x ? f : st->nframes);
	if (st->rec && (!x || f < st->rec->frame))
		rec_outer(st->rec, nd);
	for (size_t k = 1; k < nd->npath && x; k++)
		x = td_json_member(x, nd->path[k], nd->pathlen[k]);
	if (x) {
		v.k = V_JSON;
		v.j = x;
	}
	return v;
}

json_t *td_template_value(json_t *ctx, const char *name, size_t len)
{
	if (!json_is_object(ctx)) /* the first part is looked up in the context object */
		return NULL;
	json_t *x = ctx;
	const char *s = name, *e = name + len;
	for (bool first = true; x; first = false) {
		const char *dot = memchr(s, '.', (size_t)(e - s));
		size_t n = (size_t)((dot ? dot : e) - s);
		x = td_json_member(first ? ctx : x, s, n);
		if (!dot)
			break;
		s = dot + 1;
	}
	return x;
}

static bool truthy(struct val v)
{
	switch (v.k) {
	case V_MISSING:
		return false;
	case V_INT:
	case V_BOOL:
		return v.i != 0;
	case V_JSON:
		break;
	}
	switch (json_typeof(v.j)) {
	case JSON_OBJECT:
		return true;
	case JSON_ARRAY:
		return json_array_size(v.j) > 0;
	case JSON_STRING:
		return json_string_length(v.j) > 0;
	case JSON_INTEGER:
		return json_integer_value(v.j) != 0;
	case JSON_REAL:
		return json_real_value(v.j) != 0.0;
	case JSON_TRUE:
		return true;
	default:
		return false;
	}
}

/* Up to 12 significant digits, no trailing zeros, no exponent for everyday sizes, no "-0". */
static void put_real(td_buf *b, double d)
{
	char tmp[64], digits[16];
	size_t m = 0;
	if (d == 0)
		d = 0; /* -0 */
	snprintf(tmp, sizeof tmp, "%.12g", d);
	char *e = strchr(tmp, 'e');
	int x = e ? atoi(e + 1) : 0;
	if (!e || x < -9 || x > 20) {
		td_buf_puts(b, tmp);
		return;
	}
	/* spell d.ddde+x out: the same digits, zeros where the exponent was */
	const char *p = tmp;
	if (*p == '-')
		td_buf_putc(b, *p++);
	for (; p < e && m < sizeof digits; p++)
		if (*p >= '0' && *p <= '9')
			digits[m++] = *p;
	if (x < 0) {
		td_buf_putsl(b, "0.");
		for (int k = 0; k < -x - 1; k++)
			td_buf_putc(b, '0');
		td_buf_put(b, digits, m);
		return;
	}
	for (size_t k = 0; k <= (size_t)x; k++)
		td_buf_putc(b, k < m ? digits[k] : '0');
	if (m > (size_t)x + 1) {
		td_buf_putc(b, '.');
		td_buf_put(b, digits + x + 1, m - (size_t)x - 1);
	}
}

static void put_int(td_buf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	td_buf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Appends a scalar as text; null, objects and arrays add nothing. */
static void put_val(td_buf *b, struct val v)
{
	switch (v.k) {
	case V_MISSING:
		return;
	case V_INT:
		put_int(b, v.i);
		return;
	case V_BOOL:
		td_buf_puts(b, v.i ? "true" : "false");
		return;
	case V_JSON:
		break;
	}
	switch (json_typeof(v.j)) {
	case JSON_STRING:
		td_buf_put(b, json_string_value(v.j), json_string_length(v.j));
		break;
	case JSON_INTEGER:
		put_int(b, (long long)json_integer_value(v.j));
		break;
	case JSON_REAL:
		put_real(b, json_real_value(v.j));
		break;
	case JSON_TRUE:
		td_buf_putsl(b, "true");
		break;
	case JSON_FALSE:
		td_buf_putsl(b, "false");
		break;
	default:
		break;
	}
}

/* ---- rendering: output ---- */

static void pre_emit(struct rstate *st)
{
	if (st->pending) {
		if (st->indent.len)
			td_buf_put(st->out, st->indent.ptr, st->indent.len);
		st->pending = false;
	}
}

/* Writes template text; inside an indented partial, every line but a blank one is indented. */
static void emit_text(struct rstate *st, const char *s, size_t n)
{
	if (!n)
		return;
	if (!st->indent.len) {
		td_buf_put(st->out, s, n);
		st->pending = s[n - 1] == '\n';
		return;
	}
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		bool blank = nl && (k == 1 || (k == 2 && s[0] == '\r'));
		if (!blank)
			pre_emit(st);
		td_buf_put(st->out, s, k);
		if (nl)
			st->pending = true;
		s += k;
		n -= k;
	}
}

static void emit_escaped(struct rstate *st, const td_escaper *esc, const char *s, size_t n)
{
	if (!n)
		return;
	pre_emit(st);
	st->pending = false;
	esc->put(st->out, s, n);
}

/* ---- rendering: filters ---- */

/* The value going through a variable's filters: still a value, or already text. */
struct td_pipe {
	struct val v;
	bool str;   /* the text in *cur is the value */
	bool plain; /* made of URL characters only (td_pipe_end) */
	td_buf *cur, *oth;
};

static void pipe_str(td_pipe *pp)
{
	if (pp->str)
		return;
	td_buf_clear(pp->cur);
	put_val(pp->cur, pp->v);
	pp->str = true;
}

static bool parse_number(const char *s, size_t n, double *d)
{
	if (!n || n > 300)
		return false;
	char tmp[320];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	*d = strtod(tmp, &end);
	while (is_blank(*end))
		end++;
	return end != tmp && !*end && !is_blank(tmp[0]);
}

bool td_pipe_number(const td_pipe *pp, double *d)
{
	if (pp->str)
		return parse_number(pp->cur->ptr, pp->cur->len, d);
	if (pp->v.k == V_INT) {
		*d = (double)pp->v.i;
		return true;
	}
	if (pp->v.k != V_JSON)
		return false;
	if (json_is_number(pp->v.j)) {
		*d = json_number_value(pp->v.j);
		return true;
	}
	if (json_is_string(pp->v.j))
		return parse_number(json_string_value(pp->v.j), json_string_length(pp->v.j), d);
	return false;
}

bool td_pipe_empty(const td_pipe *pp)
{
	if (pp->str)
		return pp->cur->len == 0;
	if (pp->v.k == V_MISSING)
		return true;
	if (pp->v.k != V_JSON)
		return false;
	return json_is_null(pp->v.j) || (json_is_string(pp->v.j) && json_string_length(pp->v.j) == 0);
}

const json_t *td_pipe_value(const td_pipe *pp)
{
	return !pp->str && pp->v.k == V_JSON ? pp->v.j : NULL;
}

json_t *td_pipe_json(const td_pipe *pp)
{
	if (pp->str)
		return json_stringn_nocheck(pp->cur->ptr ? pp->cur->ptr : "", pp->cur->len);
	if (pp->v.k == V_JSON)
		return json_incref(pp->v.j);
	if (pp->v.k == V_INT)
		return json_integer(pp->v.i);
	if (pp->v.k == V_BOOL)
		return json_boolean(pp->v.i);
	return json_null();
}

const char *td_pipe_text(td_pipe *pp, size_t *len)
{
	pipe_str(pp);
	*len = pp->cur->len;
	return pp->cur->ptr ? pp->cur->ptr : "";
}

bool td_pipe_plain(const td_pipe *pp)
{
	return pp->plain;
}

void td_pipe_put_value(td_buf *b, const json_t *v)
{
	put_val(b, (struct val){V_JSON, (json_t *)v, 0, 0});
}

td_buf *td_pipe_begin(td_pipe *pp)
{
	td_buf_clear(pp->oth);
	return pp->oth;
}

void td_pipe_end(td_pipe *pp, bool plain)
{
	td_buf *t = pp->cur;
	pp->cur = pp->oth;
	pp->oth = t;
	pp->str = true;
	pp->plain = plain;
}

/* The frame of the innermost loop, plus one (0: none). */
static size_t loop_frame(const struct rstate *st)
{
	size_t f = st->nframes;
	while (f > 0 && !st->frames[f - 1].loop)
		f--;
	return f;
}

/* {{@index}} or {{@number}} of the iteration being written, as it is:
 * written with where it went (take_iteration writes it anew); true when
 * it was. */
static bool render_figure(struct rstate *st, const td_escaper *esc, const struct node *nd)
{
	size_t f = loop_frame(st);
	if (!f || f - 1 != st->rec->frame)
		return false;
	char dig[24];
	size_t n = (size_t)fig_text(dig, st->frames[f - 1].index, nd->special == SP_NUMBER);
	pre_emit(st);
	st->pending = false;
	size_t at = st->out->len;
	esc->put(st->out, dig, n);
	if (st->out->len - at == n && !memcmp(st->out->ptr + at, dig, n)) {
		uint64_t off = at - st->rec->start;
		td_buf_put(&st->rec->figs, (const char *)&off, 8);
		td_buf_putc(&st->rec->figs, nd->special == SP_NUMBER);
	} else {
		st->rec->figures |= ENTRY_INDEX; /* escaped: taken only where it is the same */
	}
	return true;
}

static void render_var(struct rstate *st, const td_template *t, const struct node *nd)
{
	if (st->rec && !nd->nfilters && (nd->special == SP_INDEX || nd->special == SP_NUMBER)) {
		const td_dialect *dl = st->root->dialect;
		if (render_figure(st, nd->esc ? nd->esc : dl->escape ? dl->escape : &td_escape_none, nd))
			return;
	}
	struct val v = lookup(st, nd);
	const td_dialect *d = st->root->dialect;
	const td_escaper *esc = nd->esc ? nd->esc : d->escape ? d->escape : &td_escape_none;
	if (!nd->nfilters) {
		if (v.k == V_JSON && json_is_string(v.j)) {
			emit_escaped(st, esc, json_string_value(v.j), json_string_length(v.j));
			return;
		}
		td_buf_clear(&st->a);
		put_val(&st->a, v);
		emit_escaped(st, esc, st->a.ptr, st->a.len);
		return;
	}
	td_pipe pp = {v, false, false, &st->a, &st->b};
	for (size_t i = 0; i < nd->nfilters; i++)
		nd->filters[i].def->fn(&pp, nd->filters[i].arg, nd->filters[i].arglen, d->ud);
	pipe_str(&pp);
	if (pp.plain && esc->pass_plain)
		esc = &td_escape_none;
	emit_escaped(st, esc, pp.cur->ptr, pp.cur->len);
}

/* ---- rendering: the tree ---- */

static int render_nodes(struct rstate *st, td_template *t, const struct node *kids, size_t n);

static void rerr(struct rstate *st, const td_template *t, const struct node *nd, const char *fmt, ...)
    TD_PRINTF(4, 5);

static void rerr(struct rstate *st, const td_template *t, const struct node *nd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	td_diag_addv(st->diags, TD_SEV_ERROR, (td_loc){t->name, nd->line, nd->col}, fmt, ap);
	va_end(ap);
}

/* The partial called name, parsed in root's dialect: from root's cache, else
 * fetched through fn and cached. NULL when fn has none (*found false) or
 * it does not parse (diagnostics in diags). */
static td_template *partial_of(td_template *root, const char *name, td_partial_fn fn, void *ud, td_diags *diags,
                               bool *found)
{
	*found = true;
	for (size_t i = 0; i < root->npartials; i++)
		if (strcmp(root->partials[i].name, name) == 0)
			return root->partials[i].t;
	const char *file = NULL;
	const char *src = fn ? fn(ud, name, &file) : NULL;
	if (!src) {
		*found = false;
		return NULL;
	}
	td_template *pt = td_template_parse(file ? file : name, src, root->dialect, diags);
	if (!pt)
		return NULL;
	td_grow((void **)&root->partials, &root->cappartials, root->npartials + 1, sizeof(struct pentry));
	root->partials[root->npartials++] = (struct pentry){td_xstrdup(name), pt};
	return pt;
}

static int render_partial(struct rstate *st, td_template *t, const struct node *nd)
{
	if (st->depth >= TD_TEMPLATE_MAX_DEPTH) {
		rerr(st, t, nd, "partial '%s' nested too deeply (more than %d levels; recursive partial?)",
		     nd->text, TD_TEMPLATE_MAX_DEPTH);
		return -1;
	}
	bool found = true;
	td_template *pt = partial_of(st->root, nd->text, st->fn, st->ud, st->diags, &found);
	if (!found) {
		rerr(st, t, nd, "partial '%s' not found", nd->text);
		return -1;
	}
	if (!pt)
		return -1;
	size_t old = st->indent.len;
	if (nd->indent) {
		td_buf_puts(&st->indent, nd->indent);
		st->pending = true;
	}
	st->depth++;
	int rc = render_nodes(st, pt, pt->root.kids, pt->root.nkids);
	st->depth--;
	st->indent.len = old;
	if (st->indent.ptr)
		st->indent.ptr[old] = '\0';
	return rc;
}

static int render_nodes(struct rstate *st, td_template *t, const struct node *kids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct node *nd = &kids[i];
		struct val v;
		switch (nd->kind) {
		case N_TEXT:
			emit_text(st, nd->text, nd->len);
			break;
		case N_VAR:
			render_var(st, t, nd);
			break;
		case N_PARTIAL:
			if (render_partial(st, t, nd) < 0)
				return -1;
			break;
		case N_INVERTED:
			v = lookup(st, nd);
			if (!truthy(v) && render_nodes(st, t, nd->kids, nd->nkids) < 0)
				return -1;
			break;
		case N_SECTION:
			v = lookup(st, nd);
			if (!truthy(v))
				break;
			if (v.k == V_JSON && json_is_array(v.j)) {
				size_t cnt = json_array_size(v.j);
				uint32_t each = st->reads ? pattern_child(st, v.pat, "*") : 0;
				for (size_t k = 0; k < cnt; k++)
					if (render_element(st, t, nd, v.j, k, cnt, each) < 0)
						return -1;
			} else if (v.k == V_JSON && json_is_object(v.j)) {
				push_frame(st, v.j, false, 0, 0, v.pat);
				int rc = render_nodes(st, t, nd->kids, nd->nkids);
				st->nframes--;
				if (rc < 0)
					return -1;
			} else if (render_nodes(st, t, nd->kids, nd->nkids) < 0) {
				return -1;
			}
			break;
		}
	}
	return 0;
}

int td_template_render(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud, td_diags *diags)
{
	return td_template_render_reads(out, t, ctx, fn, ud, diags, NULL);
}

void td_tmpl_reads_free(td_tmpl_reads *r)
{
	for (size_t i = 0; i < r->len; i++)
		free(r->names[i]);
	free(r->names);
	*r = (td_tmpl_reads){0};
}

static int render_top(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud, td_diags *diags,
                      td_tmpl_reads *reads, td_tmpl_memo *memo);

int td_template_render_reads(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud,
                             td_diags *diags, td_tmpl_reads *reads)
{
	return render_top(out, t, ctx, fn, ud, diags, reads, NULL);
}

int td_template_render_memo(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud,
                            td_diags *diags, td_tmpl_reads *reads, td_tmpl_memo *memo)
{
	return render_top(out, t, ctx, fn, ud, diags, reads, memo);
}

static int render_top(td_buf *out, td_template *t, json_t *ctx, td_partial_fn fn, void *ud, td_diags *diags,
                      td_tmpl_reads *reads, td_tmpl_memo *memo)
{
	assert(out && t && diags);
	struct rstate st = {0};
	st.reads = reads;
	st.memo = memo;
	if (memo) {
		st.g = td_digester_new();
		memo_open(&st);
	}
	st.out = out;
	st.root = t;
	st.fn = fn;
	st.ud = ud;
	st.diags = diags;
	st.pending = true;
	if (reads) {
		st.pats = td_xcalloc(1, sizeof *st.pats); /* 0: the context */
		st.npats = st.cappats = 1;
	}
	if (ctx)
		push_frame(&st, ctx, false, 0, 0, 0);
	int rc = render_nodes(&st, t, t->root.kids, t->root.nkids);
	free(st.frames);
	free(st.pats);
	free(st.child.tab);
	free(st.stacks.tab);
	free(st.looked.tab);
	free(st.noted.tab);
	free(st.old_ix.tab);
	free(st.olds);
	td_digester_free(st.g);
	td_buf_free(&st.text);
	td_buf_free(&st.a);
	td_buf_free(&st.b);
	td_buf_free(&st.indent);
	return rc;
}

/* ---- the names a template looks up ---- */

struct names_state {
	td_template *root;
	td_partial_fn fn;
	void *ud;
	void (*name)(void *ud, const char *name);
	void *name_ud;
	const char **seen; /* partials already walked */
	size_t nseen, capseen;
	td_diags scratch;
};

static int names_of(struct names_state *ns, const struct node *kids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct node *nd = &kids[i];
		if (nd->kind == N_TEXT)
			continue;
		if (nd->kind == N_PARTIAL) {
			bool walked = false;
			for (size_t k = 0; k < ns->nseen && !walked; k++)
				walked = !strcmp(ns->seen[k], nd->text);
			if (walked)
				continue;
			bool found;
			td_template *pt = partial_of(ns->root, nd->text, ns->fn, ns->ud, &ns->scratch, &found);
			if (!pt)
				return -1;
			td_grow((void **)&ns->seen, &ns->capseen, ns->nseen + 1, sizeof *ns->seen);
			ns->seen[ns->nseen++] = nd->text;
			if (names_of(ns, pt->root.kids, pt->root.nkids) < 0)
				return -1;
			continue;
		}
		if (nd->special == SP_DOT)
			ns->name(ns->name_ud, ".");
		else if (nd->special == SP_NONE && nd->npath)
			ns->name(ns->name_ud, nd->path[0]);
		if (names_of(ns, nd->kids, nd->nkids) < 0)
			return -1;
	}
	return 0;
}

int td_template_names(td_template *t, td_partial_fn fn, void *ud, void (*name)(void *ud, const char *name),
                      void *name_ud)
{
	struct names_state ns = {t, fn, ud, name, name_ud, NULL, 0, 0, {0}};
	int rc = names_of(&ns, t->root.kids, t->root.nkids);
	free(ns.seen);
	td_diags_free(&ns.scratch);
	return rc;
}
