/* graph.c - dependency graphs as SVG: td_graph -> Agraph_t -> dot layout
 * -> SVG in memory, all in-process. Graphviz gets only the plugins it
 * needs (dot layout, core renderers, and taskdoc's own text metrics),
 * linked in, so the output does not depend on which fonts or plugins a
 * machine has: text is measured with the widths of the font the SVG names
 * (font_metrics.c). The escaping of labels sits next to them. */
#define _GNU_SOURCE /* qsort_r */
#include "render/svg/graph.h"
#include "render/svg/font_metrics.h"
#include "view/sitemap.h"
#include "view/view.h"

#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;

static lt_symlist_t builtins[] = {{"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
                                  {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
                                  {"gvplugin_taskdoc_text_LTX_library", &gvplugin_taskdoc_text_LTX_library},
                                  {NULL, NULL}};

#if defined(__SANITIZE_ADDRESS__)
/* Graphviz 2.42's dot layout leaks the virtual nodes and edges it makes
 * for clusters (`dot` itself does, on the same input; valgrind shows the
 * whole stack: dot_init_node_edge, class2, expand_cluster). Graphviz is
 * built without frame pointers, so LeakSanitizer's stacks stop at its
 * allocators: those are what is suppressed. taskdoc's own memory, and
 * cgraph's (Agraph_t, freed by agclose), are still checked. Read by LSan
 * at start-up. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvplugin_dot_layout.so\n"
	       "leak:gmalloc\n"
	       "leak:grealloc\n"
	       "leak:zmalloc\n";
}

/* ... and without a table of the suppressed leaks after every run. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

/* ---- style ---- */

#define FONT TD_GRAPH_FONT
#define CRITICAL_COLOR "#e8590c"
#define EDGE_COLOR "#868e96"

typedef struct state_style {
	const char *label; /* in the legend */
	const char *fill, *border, *font;
	const char *style; /* Graphviz style of a task node */
} state_style;

/* by td_state: ready, waiting, blocked, in-progress, review, done, deferred, dropped */
static const state_style styles[TD_STATE_COUNT] = {
    {"ready", "#d0ebff", "#1c7ed6", "#1b1b1b", "rounded,filled"},
    {"waiting", "#f8f9fa", "#868e96", "#1b1b1b", "rounded,filled"},
    {"blocked", "#ffe3e3", "#e03131", "#1b1b1b", "rounded,filled"},
    {"in progress", "#fff3bf", "#f59f00", "#1b1b1b", "rounded,filled"},
    {"review", "#e5dbff", "#7048e8", "#1b1b1b", "rounded,filled"},
    {"done", "#d3f9d8", "#37b24d", "#495057", "rounded,filled"},
    {"deferred", "#f1f3f5", "#adb5bd", "#868e96", "rounded,filled,dotted"},
    {"dropped", "#f1f3f5", "#adb5bd", "#868e96", "rounded,filled,dotted"},
};

/* ---- text: escaping and short labels ---- */

/* Appends s[0..n) for Graphviz: '\' would start an escape (\N, \G, \n),
 * so each becomes `backslashes` of them, and '&' would start an entity;
 * control characters become spaces. The SVG writer escapes <, >, " and &
 * itself. */
static void put_escaped_n(td_buf *out, const char *s, size_t n, int backslashes)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\')
			for (int k = 0; k < backslashes; k++)
				td_buf_putc(out, '\\');
		else if (c == '&')
			td_buf_putsl(out, "&amp;");
		else if (c < 0x20 || c == 0x7f)
			td_buf_putc(out, ' ');
		else
			td_buf_putc(out, (char)c);
	}
}

/* For a label: "\\N" shows as "\N". */
static void put_escaped(td_buf *out, const char *s, size_t n)
{
	put_escaped_n(out, s, n, 2);
}

static void put_escaped_str(td_buf *out, const char *s)
{
	if (s)
		put_escaped(out, s, strlen(s));
}

/* For a tooltip, whose escapes Graphviz (2.42) expands twice:
 * "\\\\N" shows as "\N". */
static void put_tooltip(td_buf *out, const char *s)
{
	if (s)
		put_escaped_n(out, s, strlen(s), 4);
}

/* Characters (UTF-8 code points) in s[0..n). */
static size_t width_of(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Bytes of the first max characters of s[0..n). */
static size_t cut_at(const char *s, size_t n, size_t max)
{
	size_t w = 0, i = 0;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (w == max)
				break;
			w++;
		}
	}
	return i;
}

/* Appends text word-wrapped to lines of at most width characters, at most
 * maxlines of them (joined by the label escape "\n"); what does not fit is
 * cut and ends in "…". */
static void put_wrapped(td_buf *out, const char *text, size_t width, int maxlines)
{
	const char *s = text ? text : "";
	size_t n = strlen(s);
	int line = 0;
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	while (i < n && line < maxlines) {
		/* the longest run of whole words that fits */
		size_t end = i, last_fit = i;
		while (end < n) {
			size_t w = end;
			while (w < n && s[w] == ' ')
				w++;
			size_t we = w;
			while (we < n && s[we] != ' ')
				we++;
			if (width_of(s + i, we - i) > width)
				break;
			last_fit = we;
			end = we;
			if (we == n)
				break;
		}
		if (last_fit == i) /* one word longer than a line: cut it */
			last_fit = i + cut_at(s + i, n - i, width);
		size_t next = last_fit;
		while (next < n && s[next] == ' ')
			next++;
		if (line)
			td_buf_putsl(out, "\\n");
		line++;
		if (line == maxlines && next < n) {
			/* the last line: as much as fits, then the ellipsis */
			size_t room = width > 1 ? width - 1 : 1;
			size_t take = cut_at(s + i, n - i, room);
			while (take > 0 && s[i + take - 1] == ' ')
				take--;
			put_escaped(out, s + i, take);
			td_buf_puts(out, "\xe2\x80\xa6");
			return;
		}
		put_escaped(out, s + i, last_fit - i);
		i = next;
	}
}

/* ---- links ---- */

/* The archived phase the node stands for or is in, or NULL. */
static const td_phase *archived_phase(const td_gnode *n)
{
	if (n->task)
		return n->task->phase->archived ? n->task->phase : NULL;
	if (n->kind != TD_NODE_PHASE)
		return NULL;
	for (size_t k = 0; k < n->ws->nphases; k++)
		if (n->ws->phases[k]->archived && !strcmp(n->ws->phases[k]->id, n->id))
			return n->ws->phases[k];
	return NULL;
}

void td_graph_node_url(td_buf *out, const td_gnode *n, td_link_style links)
{
	td_buf page = TD_BUF_INIT;
	const td_phase *arch = archived_phase(n);
	if (arch) { /* its round on the archive page */
		td_buf a = TD_BUF_INIT;
		td_buf_puts(out, "../");
		td_page_url(out, "archive/index.md", links);
		td_view_anchor(&a, arch->id);
		td_buf_printf(out, "#%s", td_buf_cstr(&a));
		td_buf_free(&a);
		return;
	}
	td_workstream_page(&page, n->ws->id);
	td_buf_puts(out, "../");
	td_page_url(out, td_buf_cstr(&page), links);
	td_buf_free(&page);
	if (n->kind == TD_NODE_WORKSTREAM)
		return;
	td_buf a = TD_BUF_INIT;
	td_view_anchor(&a, n->id);
	td_buf_putc(out, '#');
	td_buf_puts(out, td_buf_cstr(&a));
	td_buf_free(&a);
}

/* ---- Graphviz messages become diagnostics ---- */

static td_buf gv_messages = TD_BUF_INIT;

static int collect_message(char *msg)
{
	td_buf_puts(&gv_messages, msg);
	return 0;
}

static void report_messages(const td_graph *g, td_diags *diags)
{
	if (!gv_messages.len)
		return;
	td_buf path = TD_BUF_INIT;
	td_buf_printf(&path, TD_GRAPH_DIR "/%s.svg", g->name);
	const char *s = td_buf_cstr(&gv_messages);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len)
			td_diag_add(diags, TD_SEV_WARNING, (td_loc){td_buf_cstr(&path), 0, 0},
			            "Graphviz: %.*s", (int)len, s);
		s += len + (nl ? 1 : 0);
	}
	td_buf_free(&path);
	td_buf_clear(&gv_messages);
}

/* ---- ids in creation order ----
 * cgraph's default id discipline makes a name's id the address of its
 * interned string, and Graphviz visits subgraphs in id order: the order
 * of the clusters, and so the layout, would depend on malloc. Here a name
 * gets the next even id when first seen (odd ids are anonymous objects,
 * as in the default). */

typedef struct idstate {
	Agraph_t *g;
	char **names; /* id 2k + 2 is names[k], interned in g (agwrite needs that) */
	size_t len, cap;
	size_t *slots; /* open addressing: index + 1, 0 empty */
	size_t nslots;
	IDTYPE anon;
} idstate;

static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
	(void)disc;
	idstate *st = td_xcalloc(1, sizeof *st);
	st->g = g;
	st->nslots = 64;
	st->slots = td_xcalloc(st->nslots, sizeof *st->slots);
	st->anon = 1;
	return st;
}

static size_t *ids_slot(idstate *st, const char *name)
{
	size_t i = name_hash(name) & (st->nslots - 1);
	while (st->slots[i] && strcmp(st->names[st->slots[i] - 1], name) != 0)
		i = (i + 1) & (st->nslots - 1);
	return &st->slots[i];
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	(void)objtype;
	idstate *st = state;
	if (!str) {
		*id = st->anon;
		st->anon += 2;
		return 1;
	}
	size_t *slot = ids_slot(st, str);
	if (*slot) {
		*id = (IDTYPE)(*slot) * 2;
		return 1;
	}
	if (!createflag)
		return 0;
	td_grow((void **)&st->names, &st->cap, st->len + 1, sizeof *st->names);
	st->names[st->len++] = agstrdup(st->g, str);
	*slot = st->len;
	*id = (IDTYPE)st->len * 2;
	if (st->len * 2 > st->nslots) { /* keep it at most half full */
		free(st->slots);
		st->nslots *= 2;
		st->slots = td_xcalloc(st->nslots, sizeof *st->slots);
		for (size_t k = 0; k < st->len; k++)
			*ids_slot(st, st->names[k]) = k + 1;
	}
	return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE request)
{
	(void)state;
	(void)objtype;
	(void)request;
	return 0; /* no ids chosen by the caller, as in the default */
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id; /* names live until the graph is closed */
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
	(void)objtype;
	idstate *st = state;
	if (id % 2 || id / 2 == 0 || id / 2 > st->len)
		return NULL;
	return st->names[id / 2 - 1];
}

static void ids_close(void *state)
{
	idstate *st = state; /* the names go with the graph's string table */
	free(st->names);
	free(st->slots);
	free(st);
}

static void ids_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t ordered_ids = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register};

/* ---- DOT text through a cgraph I/O discipline ---- */

static int put_to_buf(void *chan, const char *str)
{
	td_buf_puts(chan, str);
	return 0;
}

static int flush_nothing(void *chan)
{
	(void)chan;
	return 0;
}

/* ---- building the Agraph_t ---- */

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the cgraph graph, or only its key ----
 * Every call that makes the graph goes through a gbuild: with a graph it
 * makes it; without one it writes the call into a text, the graph's key in
 * the layout cache. A graph the cache holds is thus found without being
 * made (cgraph's nodes and attributes, and agwrite, were most of the graph
 * stage of a rebuild), and the key is the very sequence of calls that
 * makes the graph: nothing reaches the layout that the key does not say. */
typedef struct gbuild {
	Agraph_t *ag; /* the graph, or NULL: the calls are written into rec */
	td_buf *rec;
	uintptr_t made; /* objects written so far: each object's number (the graph is 1) */
} gbuild;

/* What gb stands for: the graph, or its number */
static void *gb_root(const gbuild *gb)
{
	return gb->ag ? (void *)gb->ag : (void *)(uintptr_t)1;
}

/* " LEN:s" (the key is written without printf: it is most of what a
 * rebuild's graph stage does) */
static void rec_str(td_buf *b, const char *s)
{
	size_t n = strlen(s);
	td_buf_putc(b, ' ');
	td_buf_put_num(b, n);
	td_buf_putc(b, ':');
	td_buf_put(b, s, n);
}

/* "W N" (what, an object's number) */
static void rec_what(td_buf *b, char what, size_t n)
{
	td_buf_putc(b, what);
	td_buf_putc(b, ' ');
	td_buf_put_num(b, n);
}

static void *rec_obj(gbuild *gb, char what, const void *parent, const void *other, const char *name)
{
	void *obj = (void *)(uintptr_t)++gb->made;
	rec_what(gb->rec, what, (size_t)(uintptr_t)parent);
	td_buf_putc(gb->rec, ' ');
	td_buf_put_num(gb->rec, (size_t)(uintptr_t)other);
	rec_str(gb->rec, name ? name : "");
	td_buf_putc(gb->rec, '\n');
	return obj;
}

/* agattr: the default of attribute name of kind's objects */
static void gb_default(gbuild *gb, int kind, const char *name, const char *value)
{
	if (gb->ag) {
		agattr(gb->ag, kind, (char *)name, (char *)value);
		return;
	}
	rec_what(gb->rec, 'D', (size_t)kind); /* AGRAPH, AGNODE or AGEDGE: 0 to 2 */
	rec_str(gb->rec, name);
	rec_str(gb->rec, value);
	td_buf_putc(gb->rec, '\n');
}

static void *gb_subg(gbuild *gb, void *parent, const char *name)
{
	return gb->ag ? (void *)agsubg(parent, (char *)name, 1) : rec_obj(gb, 'S', parent, NULL, name);
}

static void *gb_node(gbuild *gb, void *parent, const char *name)
{
	return gb->ag ? (void *)agnode(parent, (char *)name, 1) : rec_obj(gb, 'N', parent, NULL, name);
}

static void *gb_edge(gbuild *gb, void *tail, void *head)
{
	return gb->ag ? (void *)agedge(gb->ag, tail, head, NULL, 1) : rec_obj(gb, 'E', tail, head, NULL);
}

static void put_attr(gbuild *gb, char what, void *obj, const char *name, const char *value)
{
	rec_what(gb->rec, what, (size_t)(uintptr_t)obj);
	rec_str(gb->rec, name);
	rec_str(gb->rec, value);
	td_buf_putc(gb->rec, '\n');
}

static void set(gbuild *gb, void *obj, const char *name, const char *value)
{
	if (gb->ag)
		agsafeset(obj, (char *)name, (char *)value, "");
	else
		put_attr(gb, 'A', obj, name, value);
}

/* An attribute that is an HTML-like label (<...> in DOT) */
static void set_html(gbuild *gb, void *obj, const char *name, const char *html)
{
	if (gb->ag)
		agsafeset(obj, (char *)name, agstrdup_html(gb->ag, (char *)html), "");
	else
		put_attr(gb, 'H', obj, name, html);
}

static void node_label(td_buf *b, const td_graph *g, const td_gnode *n)
{
	if (n->empty) {
		td_buf_puts(b, n->kind == TD_NODE_PHASE ? "no tasks" : "no phases");
		return;
	}
	if (n->kind == TD_NODE_TASK) {
		put_escaped_str(b, n->id);
		td_buf_putsl(b, "\\n");
		put_wrapped(b, n->title, 24, 2);
	} else if (n->kind == TD_NODE_EXTERNAL) {
		put_escaped_str(b, n->id);
		td_buf_putsl(b, "\\n");
		put_wrapped(b, n->title, 24, 2);
		char d[11];
		td_date_format(n->item->expected_on, d);
		if (n->item->status == TD_EXT_ARRIVED)
			td_buf_puts(b, "\\narrived");
		else
			td_buf_printf(b, "\\n%s %s", n->state == TD_STATE_BLOCKED ? "late, was due" : "expected", d);
	} else if (n->collapsed) {
		put_wrapped(b, n->title, 26, 2);
		td_buf_printf(b, " \xc2\xb7 %d/%d done", n->done, n->live);
	} else {
		put_wrapped(b, n->title, 26, 2);
		td_buf_printf(b, "\\n%d of %d done", n->done, n->live);
	}
	if (n->external && n->kind != TD_NODE_WORKSTREAM) {
		td_buf_putsl(b, "\\n(");
		put_wrapped(b, n->ws->title, 24, 1);
		td_buf_putc(b, ')');
	}
}

static void node_tooltip(td_buf *b, const td_gnode *n)
{
	if (n->kind == TD_NODE_TASK) {
		put_tooltip(b, n->id);
		td_buf_puts(b, ": ");
		put_tooltip(b, n->title);
		td_buf_printf(b, " (%s", td_state_name(n->state));
		if (n->task->estimate.known) {
			td_buf_puts(b, ", ");
			put_tooltip(b, n->task->estimate.text);
		}
		td_buf_puts(b, n->critical ? ", critical path)" : ")");
	} else if (n->kind == TD_NODE_EXTERNAL) {
		char d[11];
		td_date_format(n->item->expected_on, d);
		put_tooltip(b, n->id);
		td_buf_puts(b, ": ");
		put_tooltip(b, n->title);
		td_buf_printf(b, " (external, %s, expected %s%s)", td_ext_status_name(n->item->status), d,
		              n->critical ? ", critical path" : "");
	} else {
		put_tooltip(b, n->title);
		td_buf_printf(b, " (%d of %d tasks done%s)", n->done, n->live,
		              n->critical ? ", critical path" : "");
	}
	if (n->external && n->kind != TD_NODE_WORKSTREAM) {
		td_buf_puts(b, ", workstream ");
		put_tooltip(b, n->ws->title);
	}
}

static const char *kind_class(td_node_kind k)
{
	return k == TD_NODE_TASK        ? "task"
	       : k == TD_NODE_PHASE     ? "phase"
	       : k == TD_NODE_EXTERNAL ? "item"
	                                : "workstream";
}

static void add_legend(gbuild *gb, const td_graph *g)
{
	/* a name no node of the plan has */
	td_buf name = TD_BUF_INIT;
	td_buf_puts(&name, "legend");
	for (;;) {
		bool taken = false;
		for (size_t i = 0; i < g->nnodes && !taken; i++)
			taken = !strcmp(g->nodes[i].id, td_buf_cstr(&name));
		if (!taken)
			break;
		td_buf_putc(&name, '_');
	}
	static const td_state order[] = {TD_STATE_DONE,    TD_STATE_IN_PROGRESS, TD_STATE_REVIEW,
	                                 TD_STATE_READY,   TD_STATE_WAITING,     TD_STATE_BLOCKED,
	                                 TD_STATE_DEFERRED};
	td_buf h = TD_BUF_INIT;
	td_buf_puts(&h, "<table border=\"0\" cellborder=\"1\" cellspacing=\"3\" cellpadding=\"3\">"
	                "<tr><td border=\"0\" align=\"left\"><b>Legend</b></td>");
	for (size_t i = 0; i < TD_ARRAY_LEN(order); i++) {
		const state_style *st = &styles[order[i]];
		if (i == 4)
			td_buf_puts(&h, "</tr><tr><td border=\"0\"></td>");
		td_buf_printf(&h, "<td bgcolor=\"%s\" color=\"%s\"%s><font color=\"%s\">%s</font></td>",
		              st->fill, st->border, order[i] == TD_STATE_DEFERRED ? " style=\"dotted\"" : "",
		              st->font, st->label);
	}
	td_buf_puts(&h, "</tr><tr><td border=\"0\"></td>"
	                "<td border=\"3\" color=\"" CRITICAL_COLOR "\" colspan=\"2\">critical path</td>"
	                "<td style=\"dashed\" colspan=\"2\">other workstream</td>");
	/* the 3-D box of an external item, only where the graph has one */
	bool items = false;
	for (size_t i = 0; i < g->nnodes && !items; i++)
		items = g->nodes[i].kind == TD_NODE_EXTERNAL;
	if (items)
		td_buf_puts(&h, "<td colspan=\"3\">&#9635; external item (3-D box)</td>");
	td_buf_puts(&h, "</tr></table>");
	void *ln = gb_node(gb, gb_root(gb), td_buf_cstr(&name));
	set_html(gb, ln, "label", td_buf_cstr(&h));
	set(gb, ln, "shape", "plain");
	set(gb, ln, "class", "legend");
	set(gb, ln, "fontsize", "10"); /* no text below the nodes' size (docs/graphs.md) */
	set(gb, ln, "style", "");
	td_buf_free(&h);
	td_buf_free(&name);
}

/* ---- keeping graphs narrow ----
 * dot puts nodes without a dependency between them side by side, so a
 * phase of twenty independent tasks would be twenty nodes wide and the
 * picture too wide for a page. As Graphviz's `unflatten` does: nodes with
 * no edge at all are stacked in a few columns per cluster (invisible edges,
 * class "layout"), and the edges to many leaves of one node get staggered
 * lengths. */

#define STACK_MAX_NODES 300

static size_t columns_for(size_t n)
{
	size_t c = 1;
	while (c * c * 2 < n)
		c++;
	return c;
}

/* minlen of each edge: 1, or staggered for a node's leaves. Caller frees. */
static size_t *stagger(const td_graph *g)
{
	size_t *minlen = td_xmalloc((g->nedges ? g->nedges : 1) * sizeof *minlen);
	size_t *in = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *in);
	size_t *out = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *out);
	for (size_t k = 0; k < g->nedges; k++) {
		minlen[k] = 1;
		out[g->edges[k].tail]++;
		in[g->edges[k].head]++;
	}
	/* edges are sorted by head: count each tail's leaf edges first */
	size_t *leaves = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *leaves);
	size_t *seen = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *seen);
	for (size_t k = 0; k < g->nedges; k++) {
		const td_gedge *e = &g->edges[k];
		if (!out[e->head] && in[e->head] == 1 && e->lhead == TD_GNONE)
			leaves[e->tail]++;
	}
	for (size_t k = 0; k < g->nedges; k++) {
		const td_gedge *e = &g->edges[k];
		if (out[e->head] || in[e->head] != 1 || e->lhead != TD_GNONE || leaves[e->tail] < 4)
			continue;
		minlen[k] = 1 + seen[e->tail]++ % columns_for(leaves[e->tail]);
	}
	free(in);
	free(out);
	free(leaves);
	free(seen);
	return minlen;
}

/* Chains the first nodes of each cluster (no predecessor in the same
 * cluster) into a few columns, so that they do not all share one row. */
static void add_source_columns(gbuild *gb, const td_graph *g, void **an)
{
	bool *linked = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *linked);
	for (size_t k = 0; k < g->nedges; k++)
		if (g->nodes[g->edges[k].tail].cluster == g->nodes[g->edges[k].head].cluster &&
		    g->edges[k].lhead == TD_GNONE && g->edges[k].ltail == TD_GNONE)
			linked[g->edges[k].head] = true;
	size_t *group = td_xmalloc((g->nnodes ? g->nnodes : 1) * sizeof *group);
	bool *done = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *done);
	for (size_t i = 0; i < g->nnodes; i++) {
		if (linked[i] || done[i])
			continue;
		size_t n = 0;
		for (size_t j = i; j < g->nnodes; j++)
			if (!linked[j] && !done[j] && g->nodes[j].cluster == g->nodes[i].cluster) {
				group[n++] = j;
				done[j] = true;
			}
		size_t cols = columns_for(n);
		for (size_t j = 0; j + cols < n; j++) {
			void *ed = gb_edge(gb, an[group[j]], an[group[j + cols]]);
			set(gb, ed, "style", "invis");
			set(gb, ed, "class", "layout");
		}
	}
	free(linked);
	free(group);
	free(done);
}

static bool inside(const td_graph *g, size_t node, size_t cluster)
{
	for (size_t c = g->nodes[node].cluster; c != TD_GNONE; c = g->clusters[c].parent)
		if (c == cluster)
			return true;
	return false;
}

/* Is a node of cluster `to` reachable from a node of cluster `from`?
 * Nodes n.. are the anchors added so far; adj is CSR over all of them. */
static bool reaches(const td_graph *g, size_t total, size_t from, size_t to, const size_t *start,
                    const size_t *adj, size_t *queue, bool *seen)
{
	size_t qh = 0, qt = 0;
	memset(seen, 0, total * sizeof *seen);
	for (size_t i = 0; i < g->nnodes; i++)
		if (inside(g, i, from))
			seen[i] = true, queue[qt++] = i;
	while (qh < qt) {
		size_t u = queue[qh++];
		for (size_t k = start[u]; k < start[u + 1]; k++) {
			size_t v = adj[k];
			if (seen[v])
				continue;
			if (v < g->nnodes && inside(g, v, to))
				return true;
			seen[v] = true;
			queue[qt++] = v;
		}
	}
	return false;
}

/* Stacks sibling clusters (phases of a workstream, workstreams of the
 * plan) in plan order, one below the other: side by side they would make
 * the picture as wide as all of them together. Between two siblings goes
 * an invisible node that every node of the first points to and that points
 * to every node of the second (invisible edges, class "layout"; Graphviz
 * writes nothing for them). Skipped where the later cluster leads to the
 * earlier one (that would make a cycle). */
static void stack_clusters(gbuild *gb, const td_graph *g, void **an, void **sub)
{
	size_t n = g->nnodes, nc = g->nclusters;
	/* a graph this big is drawn only on request (--level); the anchors'
	 * edges would make its layout several times slower */
	if (nc < 2 || !n || n > STACK_MAX_NODES)
		return;
	/* edges between node indices; anchors are n, n + 1, ... */
	size_t cap = g->nedges + 2 * n + 16, m = 0, nanchor = 0;
	size_t *from = td_xmalloc(cap * sizeof *from), *to = td_xmalloc(cap * sizeof *to);
	for (size_t k = 0; k < g->nedges; k++)
		from[m] = g->edges[k].tail, to[m++] = g->edges[k].head;
	size_t total_cap = n + nc + 1;
	size_t *start = td_xmalloc((total_cap + 1) * sizeof *start), *adj = NULL;
	size_t *fill = td_xmalloc((total_cap + 1) * sizeof *fill);
	size_t *queue = td_xmalloc(total_cap * sizeof *queue);
	bool *seen = td_xmalloc(total_cap * sizeof *seen);
	td_buf name = TD_BUF_INIT;
	for (size_t c = 0; c < nc; c++) {
		size_t d = c + 1;
		while (d < nc && g->clusters[d].parent != g->clusters[c].parent)
			d++;
		if (d >= nc)
			continue;
		size_t total = n + nanchor;
		memset(start, 0, (total + 1) * sizeof *start);
		for (size_t k = 0; k < m; k++)
			start[from[k] + 1]++;
		for (size_t i = 0; i < total; i++)
			start[i + 1] += start[i];
		memcpy(fill, start, (total + 1) * sizeof *fill);
		adj = td_xrealloc(adj, (m ? m : 1) * sizeof *adj);
		for (size_t k = 0; k < m; k++)
			adj[fill[from[k]]++] = to[k];
		if (reaches(g, total, d, c, start, adj, queue, seen))
			continue;
		/* the anchor: a node of the clusters' parent, drawn as nothing */
		td_buf_clear(&name);
		td_buf_printf(&name, "%s -> %s", g->clusters[c].id, g->clusters[d].id);
		void *parent = g->clusters[c].parent == TD_GNONE ? gb_root(gb) : sub[g->clusters[c].parent];
		void *anchor = gb_node(gb, parent, td_buf_cstr(&name));
		set(gb, anchor, "style", "invis");
		set(gb, anchor, "class", "layout");
		set(gb, anchor, "label", "");
		set(gb, anchor, "width", "0.01");
		set(gb, anchor, "height", "0.01");
		size_t ai = n + nanchor++;
		for (size_t i = 0; i < n; i++) {
			bool ic = inside(g, i, c), id = inside(g, i, d);
			if (!ic && !id)
				continue;
			void *ed = ic ? gb_edge(gb, an[i], anchor) : gb_edge(gb, anchor, an[i]);
			set(gb, ed, "style", "invis");
			set(gb, ed, "class", "layout");
			if (m == cap) {
				cap *= 2;
				from = td_xrealloc(from, cap * sizeof *from);
				to = td_xrealloc(to, cap * sizeof *to);
			}
			from[m] = ic ? i : ai;
			to[m++] = ic ? ai : i;
		}
	}
	td_buf_free(&name);
	free(from);
	free(to);
	free(start);
	free(fill);
	free(adj);
	free(queue);
	free(seen);
}

/* The link of a cluster box: its phase's heading or its workstream's page. */
static void cluster_url(td_buf *out, const td_gcluster *cl, td_link_style links)
{
	td_gnode fake = {0};
	fake.kind = cl->kind == TD_NODE_PHASE ? TD_NODE_PHASE : TD_NODE_WORKSTREAM;
	fake.id = cl->id;
	fake.ws = cl->ws;
	td_graph_node_url(out, &fake, links);
}

/* Points the links of every node and cluster to pages addressed as links
 * says (changes no layout). */
static void set_urls(gbuild *gb, const td_graph *g, void **an, void **sub, td_link_style links)
{
	td_buf b = TD_BUF_INIT;
	for (size_t c = 0; c < g->nclusters; c++) {
		td_buf_clear(&b);
		cluster_url(&b, &g->clusters[c], links);
		set(gb, sub[c], "URL", td_buf_cstr(&b));
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		td_buf_clear(&b);
		td_graph_node_url(&b, &g->nodes[i], links);
		set(gb, an[i], "URL", td_buf_cstr(&b));
	}
	td_buf_free(&b);
}

/* Graphs with more nodes than this (the node limit keeps most graphs far
 * below it; a plan of hundreds of workstreams has such an overview) get
 * a cheaper layout. */
#define BIG_GRAPH 300

/* The attributes every graph, node and edge starts with. */
static void set_defaults(gbuild *gb)
{
	static const struct {
		int kind;
		const char *name, *value;
	} defaults[] = {
	    {AGRAPH, "compound", "true"},
	    {AGRAPH, "rankdir", "TB"},
	    {AGRAPH, "nodesep", "0.18"},
	    {AGRAPH, "ranksep", "0.3"},
	    {AGRAPH, "fontname", FONT},
	    {AGRAPH, "fontsize", "10"},
	    {AGRAPH, "bgcolor", "white"},
	    {AGRAPH, "pad", "0.1"},
	    {AGNODE, "shape", "box"},
	    {AGNODE, "style", "rounded,filled"},
	    {AGNODE, "fontname", FONT},
	    {AGNODE, "fontsize", "10"},
	    {AGNODE, "margin", "0.08,0.03"},
	    {AGNODE, "penwidth", "1"},
	    {AGEDGE, "color", EDGE_COLOR},
	    {AGEDGE, "arrowsize", "0.6"},
	    {AGEDGE, "penwidth", "1"},
	};
	for (size_t i = 0; i < TD_ARRAY_LEN(defaults); i++)
		gb_default(gb, defaults[i].kind, defaults[i].name, defaults[i].value);
}

/* The subgraph of each cluster (parents come before their children).
 * Caller frees the array; the subgraphs go with ag. */
static void **add_clusters(gbuild *gb, const td_graph *g, td_link_style links)
{
	td_buf b = TD_BUF_INIT;
	void **sub = td_xcalloc(g->nclusters ? g->nclusters : 1, sizeof *sub);
	for (size_t c = 0; c < g->nclusters; c++) {
		const td_gcluster *cl = &g->clusters[c];
		td_buf_clear(&b);
		td_buf_printf(&b, "cluster_%s", cl->id);
		void *parent = cl->parent == TD_GNONE ? gb_root(gb) : sub[cl->parent];
		void *s = sub[c] = gb_subg(gb, parent, td_buf_cstr(&b));
		td_buf_clear(&b);
		put_wrapped(&b, cl->title, 48, 1);
		if (cl->hidden) /* a focused graph leaves out some of its done tasks */
			td_buf_printf(&b, " \xc2\xb7 %d/%d done", cl->done, cl->live);
		set(gb, s, "label", td_buf_cstr(&b));
		set(gb, s, "class", cl->kind == TD_NODE_PHASE ? "phase" : "workstream");
		set(gb, s, "labeljust", "l");
		set(gb, s, "style", "rounded,filled");
		set(gb, s, "fontcolor", "#343a40");
		if (cl->kind == TD_NODE_WORKSTREAM) {
			set(gb, s, "fillcolor", "#f1f3f5");
			set(gb, s, "color", "#adb5bd");
			set(gb, s, "fontsize", "12");
		} else {
			set(gb, s, "fillcolor", cl->parent != TD_GNONE ? "#ffffff" : "#f8f9fa");
			set(gb, s, "color", "#ced4da");
		}
		td_buf_clear(&b);
		cluster_url(&b, cl, links);
		set(gb, s, "URL", td_buf_cstr(&b));
		set(gb, s, "target", "_top");
		td_buf_clear(&b);
		put_tooltip(&b, cl->title);
		set(gb, s, "tooltip", td_buf_cstr(&b));
	}
	td_buf_free(&b);
	return sub;
}

/* The node of each td_gnode, in its cluster, styled by its state. Caller
 * frees the array; the nodes go with ag. */
static void **add_nodes(gbuild *gb, const td_graph *g, void **sub, td_link_style links)
{
	td_buf b = TD_BUF_INIT;
	void **an = td_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *an);
	for (size_t i = 0; i < g->nnodes; i++) {
		const td_gnode *n = &g->nodes[i];
		void *parent = n->cluster == TD_GNONE ? gb_root(gb) : sub[n->cluster];
		void *v = an[i] = gb_node(gb, parent, n->id);
		const state_style *st = &styles[n->state];
		td_buf_clear(&b);
		node_label(&b, g, n);
		set(gb, v, "label", td_buf_cstr(&b));
		td_buf_clear(&b);
		node_tooltip(&b, n);
		set(gb, v, "tooltip", td_buf_cstr(&b));
		td_buf_clear(&b);
		td_graph_node_url(&b, n, links);
		set(gb, v, "URL", td_buf_cstr(&b));
		set(gb, v, "target", "_top");
		td_buf_clear(&b);
		td_buf_printf(&b, "%s %s%s%s%s%s", kind_class(n->kind), td_state_name(n->state),
		              n->critical ? " critical" : "", n->external ? " external" : "",
		              n->empty ? " empty" : "", n->collapsed ? " collapsed" : "");
		set(gb, v, "class", td_buf_cstr(&b));
		if (n->empty) {
			set(gb, v, "style", "rounded,dashed");
			set(gb, v, "color", "#adb5bd");
			set(gb, v, "fontcolor", "#868e96");
			continue;
		}
		set(gb, v, "fillcolor", st->fill);
		set(gb, v, "fontcolor", st->font);
		set(gb, v, "style",
		    n->external ? (n->state == TD_STATE_DEFERRED ? "filled,dotted" : "filled,dashed")
		                : st->style);
		if (n->kind == TD_NODE_EXTERNAL) {
			/* not work of the plan: a delivery box, its corners square */
			set(gb, v, "shape", "box3d");
			set(gb, v, "style", n->external ? "filled,dashed" : "filled");
			set(gb, v, "margin", "0.14,0.05"); /* the box's depth takes room from the text */
		}
		if (n->critical) {
			set(gb, v, "color", CRITICAL_COLOR);
			set(gb, v, "penwidth", "3");
		} else {
			set(gb, v, "color", st->border);
		}
	}
	td_buf_free(&b);
	return an;
}

/* An edge per dependency (to or from a cluster's edge where it stands for
 * one), staggered below many leaves, the critical path thick and orange. */
static void add_edges(gbuild *gb, const td_graph *g, void **an)
{
	td_buf b = TD_BUF_INIT;
	size_t *minlen = stagger(g);
	for (size_t k = 0; k < g->nedges; k++) {
		const td_gedge *e = &g->edges[k];
		void *ed = gb_edge(gb, an[e->tail], an[e->head]);
		if (minlen[k] > 1) {
			td_buf_clear(&b);
			td_buf_printf(&b, "%zu", minlen[k]);
			set(gb, ed, "minlen", td_buf_cstr(&b));
		}
		if (e->ltail != TD_GNONE) {
			td_buf_clear(&b);
			td_buf_printf(&b, "cluster_%s", g->clusters[e->ltail].id); /* its subgraph's name */
			set(gb, ed, "ltail", td_buf_cstr(&b));
		}
		if (e->lhead != TD_GNONE) {
			td_buf_clear(&b);
			td_buf_printf(&b, "cluster_%s", g->clusters[e->lhead].id);
			set(gb, ed, "lhead", td_buf_cstr(&b));
		}
		if (e->critical) {
			set(gb, ed, "class", "critical");
			set(gb, ed, "color", CRITICAL_COLOR);
			set(gb, ed, "penwidth", "2.5");
			set(gb, ed, "arrowsize", "0.8");
		}
	}
	free(minlen);
	td_buf_free(&b);
}

/* Makes the graph of g named name through gb (gb->ag is the open graph, or
 * NULL to write its key); *an_out is the node of each td_gnode and
 * *sub_out the subgraph of each cluster, both for the caller to free. */
static void build_graph(gbuild *gb, const td_graph *g, const char *name, td_link_style links, void ***an_out,
                        void ***sub_out)
{
	if (!gb->ag)
		td_buf_printf(gb->rec, "G directed %zu:%s\n", strlen(name), name);
	set_defaults(gb);
	if (g->nnodes > BIG_GRAPH) {
		/* a bounded effort for the ranking's search, the crossing
		 * minimisation and the network simplex that places nodes
		 * across (most of the time): a 500-workstream overview takes
		 * a quarter of the unbounded time, no wider, with 0.3% more
		 * crossings (docs/graphs.md) */
		gb_default(gb, AGRAPH, "searchsize", "10");
		gb_default(gb, AGRAPH, "mclimit", "0.25");
		gb_default(gb, AGRAPH, "nslimit", "1");
	}
	void **sub = add_clusters(gb, g, links);
	void **an = add_nodes(gb, g, sub, links);
	add_edges(gb, g, an);
	add_source_columns(gb, g, an);
	stack_clusters(gb, g, an, sub);
	add_legend(gb, g);
	*an_out = an;
	*sub_out = sub;
}

/* The cgraph graph of g (open; the caller agclose()s it and frees
 * *an_out, the node of each td_gnode, and *sub_out, the subgraph of each
 * cluster). */
static Agraph_t *make_agraph(const td_graph *g, const char *name, td_link_style links, Agdisc_t *disc,
                             void ***an_out, void ***sub_out)
{
	gbuild gb = {agopen((char *)name, Agdirected, disc), NULL, 0};
	build_graph(&gb, g, name, links, an_out, sub_out);
	return gb.ag;
}

/* Drops the "<!-- Generated by graphviz version ... -->" comment, the one
 * part of the SVG that changes with the Graphviz version and not with the
 * plan. */
static void strip_version_comment(td_buf *svg)
{
	const char *s = td_buf_cstr(svg);
	const char *start = strstr(s, "<!-- Generated by graphviz");
	if (!start)
		return;
	const char *end = strstr(start, "-->");
	if (!end)
		return;
	end += 3;
	if (*end == '\n')
		end++;
	size_t from = (size_t)(start - s), to = (size_t)(end - s);
	memmove(svg->ptr + from, svg->ptr + to, svg->len - to + 1);
	svg->len -= to - from;
}

/* ---- the layout cache: SVG by the DOT text it was drawn from ---- */

/* A graph's name shows in its SVG only where Graphviz writes the graph's
 * title, before any node's. A graph with a plain name is laid out under
 * this one and given its own afterwards, so that graphs alike but for
 * their names share one layout and one cache entry: the overview and the
 * plan-wide graph of a plan drawn at workstream level, a second each on
 * 500 workstreams. */
#define NEUTRAL_NAME "taskdoc_graph"

static bool plain_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-' || *s == '.'))
			return false;
	return true;
}

/* The first "<pre>NEUTRAL_NAME<post>" of svg becomes "<pre>name<post>". */
static void put_name(td_buf *svg, const char *pre, const char *post, const char *name)
{
	td_buf find = TD_BUF_INIT, rep = TD_BUF_INIT;
	td_buf_printf(&find, "%s" NEUTRAL_NAME "%s", pre, post);
	td_buf_printf(&rep, "%s%s%s", pre, name, post);
	const char *at = svg->ptr ? strstr(svg->ptr, td_buf_cstr(&find)) : NULL;
	if (at) {
		size_t from = (size_t)(at - svg->ptr), to = from + find.len;
		td_buf out = TD_BUF_INIT;
		td_buf_put(&out, svg->ptr, from);
		td_buf_put(&out, rep.ptr, rep.len);
		td_buf_put(&out, svg->ptr + to, svg->len - to);
		td_buf_free(svg);
		*svg = out;
	}
	td_buf_free(&find);
	td_buf_free(&rep);
}

/* name as Graphviz writes it there: of a plain name's characters, only
 * '-' is escaped (a comment cannot hold "--") */
static void name_svg(td_buf *svg, const char *name)
{
	td_buf esc = TD_BUF_INIT;
	for (const char *c = name; *c; c++)
		*c == '-' ? td_buf_puts(&esc, "&#45;") : td_buf_putc(&esc, *c);
	put_name(svg, "<!-- Title: ", " Pages: 1 -->", td_buf_cstr(&esc));
	put_name(svg, "<title>", "</title>", td_buf_cstr(&esc));
	td_buf_free(&esc);
}

/* The key of g's SVGs, drawn under name: the Graphviz version and the
 * calls that make the graph (gbuild) with links and, when links2 is not
 * NULL, its links as links2 says. */
static void layout_key(td_buf *key, GVC_t *gvc, const td_graph *g, const char *name, td_link_style links,
                       const td_link_style *links2)
{
	td_buf_printf(key, "taskdoc layout cache 3, Graphviz %s\n", gvcVersion(gvc));
	gbuild gb = {NULL, key, 1};
	void **an = NULL, **sub = NULL;
	build_graph(&gb, g, name, links, &an, &sub);
	if (links2) {
		td_buf_puts(key, "-- the same with the second links --\n");
		set_urls(&gb, g, an, sub, *links2);
	}
	free(an);
	free(sub);
}

/* The cached value: the SVG, then the second one (may be empty), as parts. */
static void put_svgs(td_buf *val, const td_buf *out, const td_buf *out2)
{
	td_part_put(val, out->ptr, out->len);
	td_part_put(val, out2 ? out2->ptr : NULL, out2 ? out2->len : 0);
}

/* The SVGs cached under key into out (and out2): true on a hit. */
static bool cache_get(const td_kv *cache, const td_buf *key, td_buf *out, td_buf *out2)
{
	td_buf val = TD_BUF_INIT;
	size_t pos = 0, l1 = 0, l2 = 0;
	const char *p1 = NULL, *p2 = NULL;
	bool hit = cache->get(cache->ud, "layouts", key, &val) && td_part_get(val.ptr, val.len, &pos, &p1, &l1) &&
	           td_part_get(val.ptr, val.len, &pos, &p2, &l2) && pos == val.len;
	if (hit) {
		td_buf_put(out, p1, l1);
		if (out2)
			td_buf_put(out2, p2, l2);
	}
	td_buf_free(&val);
	return hit;
}

/* What render_with does with the cache and the graph's name. */
typedef enum {
	DRAW_ALL,   /* the cache's SVG, else a layout (then stored); the graph's name put in */
	DRAW_PROBE, /* the cache's SVG, else nothing (returns 1) */
	DRAW_ONLY,  /* a layout, no cache, the neutral name left (for DRAW_STORE) */
	DRAW_STORE, /* out and out2 come from DRAW_ONLY: stored under DRAW_PROBE's key, named */
} draw_mode;

/* The SVG of laid-out ag into out and, if out2 is not NULL, into out2 with
 * links2; the layout is freed. 0, or -1 with a diagnostic. */
static int write_svgs(GVC_t *gvc, Agraph_t *ag, const td_graph *g, void **an, void **sub, td_buf *out,
                      td_buf *out2, td_link_style links2, td_diags *diags)
{
	int rc = 0;
	for (int pass = 0; pass < (out2 ? 2 : 1) && !rc; pass++) {
		td_buf *dest = pass ? out2 : out;
		gbuild gb = {ag, NULL, 0};
		if (pass)
			set_urls(&gb, g, an, sub, links2);
		char *data = NULL;
		unsigned int len = 0;
		rc = gvRenderData(gvc, ag, "svg", &data, &len);
		if (rc == 0 && data)
			td_buf_put(dest, data, len);
		if (data)
			gvFreeRenderData(data);
		if (rc != 0)
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){TD_GRAPH_DIR, 0, 0}, "%s.svg: writing the SVG failed",
			            g->name);
		else
			strip_version_comment(dest);
	}
	gvFreeLayout(gvc, ag);
	return rc ? -1 : 0;
}

/* Renders g into out (links as links says) and, if out2 is not NULL, into
 * out2 with links2, from the one layout. With cache (a folder, or NULL) the
 * SVGs come from there when the same graph was drawn before (layout_key:
 * looked up before the graph is made); mode says what else to do. */
static int render_with(GVC_t *gvc, td_buf *out, const td_graph *g, bool svg, td_link_style links,
                       td_buf *out2, td_link_style links2, const td_kv *cache, draw_mode mode,
                       td_buf *probed, td_graph_stats *stats, td_diags *diags)
{
	if (mode == DRAW_STORE) { /* probed: the key DRAW_PROBE gave */
		if (cache && probed->len) {
			td_buf val = TD_BUF_INIT;
			put_svgs(&val, out, out2);
			cache->put(cache->ud, "layouts", probed, &val);
			td_buf_free(&val);
		}
		if (svg && plain_name(g->name)) {
			name_svg(out, g->name);
			if (out2)
				name_svg(out2, g->name);
		}
		return 0;
	}
	int rc = -1;
	td_buf key = TD_BUF_INIT;
	double t0 = seconds();
	Agiodisc_t io = {AgIoDisc.afread, put_to_buf, flush_nothing};
	Agdisc_t disc = {&AgMemDisc, &ordered_ids, &io};
	agusererrf old = agseterrf(collect_message);
	td_buf_clear(out);
	if (out2)
		td_buf_clear(out2);
	void **an = NULL, **sub = NULL;
	Agraph_t *ag = NULL;
	/* DOT keeps the name; an SVG takes it once drawn (NEUTRAL_NAME) */
	bool neutral = svg && plain_name(g->name);
	const char *name = neutral ? NEUTRAL_NAME : g->name;
	double t1 = t0, t2 = t0;
	if (svg && cache && mode != DRAW_ONLY) { /* looked up before the graph is made */
		layout_key(&key, gvc, g, name, links, out2 ? &links2 : NULL);
		if (probed) { /* what the SVGs are made from, for their keys (td_render_graphs_both) */
			td_buf_clear(probed);
			td_buf_put(probed, key.ptr, key.len);
		}
		if (cache_get(cache, &key, out, out2)) {
			rc = 0;
			goto out;
		}
		if (mode == DRAW_PROBE) { /* the key goes with the graph to DRAW_STORE */
			td_buf_free(probed);
			*probed = key;
			key = (td_buf)TD_BUF_INIT;
			rc = 1;
			goto out;
		}
	}
	ag = make_agraph(g, name, links, &disc, &an, &sub);
	t1 = t2 = seconds();
	if (!svg) {
		agwrite(ag, out);
		if (out2) {
			gbuild gb = {ag, NULL, 0};
			set_urls(&gb, g, an, sub, links2);
			agwrite(ag, out2);
		}
		rc = 0;
		goto out;
	}
	if (gvLayout(gvc, ag, "dot") != 0) {
		t2 = seconds();
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){TD_GRAPH_DIR, 0, 0},
		            "%s.svg: the dot layout failed", g->name);
		goto out;
	}
	t2 = seconds();
	if (write_svgs(gvc, ag, g, an, sub, out, out2, links2, diags) != 0)
		goto out;
	if (cache && mode == DRAW_ALL && !gv_messages.len) {
		td_buf val = TD_BUF_INIT;
		put_svgs(&val, out, out2);
		cache->put(cache->ud, "layouts", &key, &val);
		td_buf_free(&val);
	}
	rc = 0;
out:
	if (rc == 0 && neutral && mode != DRAW_ONLY) {
		name_svg(out, g->name);
		if (out2)
			name_svg(out2, g->name);
	}
	td_buf_free(&key);
	if (ag)
		agclose(ag);
	free(an);
	free(sub);
	agseterrf(old);
	report_messages(g, diags);
	td_buf_cstr(out);
	if (stats && rc != 1) {
		double t3 = seconds();
		stats->graphs++;
		stats->nodes += g->nnodes;
		stats->edges += g->nedges;
		stats->build_seconds += t1 - t0;
		stats->layout_seconds += t2 - t1;
		if (t2 - t1 > stats->layout_max_seconds)
			stats->layout_max_seconds = t2 - t1;
		stats->render_seconds += t3 - t2;
	}
	return rc;
}

int td_graph_render(td_buf *out, const td_graph *g, const char *format, td_link_style links,
                    td_graph_stats *stats, td_diags *diags)
{
	bool svg = !strcmp(format, "svg");
	GVC_t *gvc = svg ? gvContextPlugins(builtins, 0) : NULL;
	int rc = render_with(gvc, out, g, svg, links, NULL, links, NULL, DRAW_ALL, NULL, stats, diags);
	if (gvc)
		gvFreeContext(gvc);
	return rc;
}

/* ---- every graph of a set, laid out in two processes ---- */

#define SPLIT_NODES 500 /* nodes to lay out before a second process pays */

static const td_graph *graph_at(const td_graphset *s, size_t i)
{
	return i == 0   ? s->plan
	       : i == 1 ? s->plan_full
	       : i == 2 ? s->overview
	       : i % 2  ? s->workstreams[(i - 3) / 2]
	                : s->ws_full[(i - 3) / 2];
}

typedef struct layouts {
	GVC_t *gvc;
	const td_graph **g; /* the graphs to lay out */
	td_link_style links;
	bool html;
	pid_t parent;
	td_diags *diags; /* the calling process's */
} layouts;

/* One graph for td_split_run, as bytes: a flag ('c' clean: to be cached;
 * 'w' with Graphviz's warnings; 'e' failed), the two SVGs (the neutral
 * name left in) and the times. Warnings and failures are the calling
 * process's to report: the child gives the graph back. */
static bool lay_out_one(void *ud, size_t i, td_buf *out)
{
	layouts *L = ud;
	td_diags d = {0};
	td_graph_stats st = {0};
	td_buf svg = TD_BUF_INIT, svg2 = TD_BUF_INIT;
	int rc = render_with(L->gvc, &svg, L->g[i], true, L->links, L->html ? &svg2 : NULL, TD_LINKS_HTML, NULL,
	                     DRAW_ONLY, NULL, &st, &d);
	bool mine = getpid() == L->parent;
	if (d.len && !mine) {
		td_diags_free(&d);
		td_buf_free(&svg);
		td_buf_free(&svg2);
		return false;
	}
	for (size_t k = 0; k < d.len; k++)
		td_diag_add(L->diags, d.items[k].severity, (td_loc){d.items[k].file, d.items[k].line, d.items[k].col}, "%s",
		            d.items[k].message);
	char flag = rc != 0 ? 'e' : d.len ? 'w' : 'c';
	td_part_put(out, &flag, 1);
	td_part_put(out, svg.ptr, svg.len);
	td_part_put(out, svg2.ptr, svg2.len);
	td_buf_printf(out, "%a %a %a %a\n", st.build_seconds, st.layout_seconds, st.layout_max_seconds,
	              st.render_seconds);
	td_diags_free(&d);
	td_buf_free(&svg);
	td_buf_free(&svg2);
	return true;
}

static int by_nodes_desc(const void *a, const void *b, void *ud)
{
	const td_graph **g = ud;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (g[x]->nnodes != g[y]->nnodes)
		return g[x]->nnodes > g[y]->nnodes ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The graphs at miss[0..n) (indexes into the set) laid out by both
 * processes into svg[] and svg2[], stored in the cache and named; failed[]
 * set for those that could not be (their diagnostics added). */
static void lay_out_split(GVC_t *gvc, const td_graphset *s, const size_t *miss, size_t n, td_buf *svg, td_buf *svg2,
                          td_link_style links, bool html, const td_kv *cache, td_buf *keys, bool *failed,
                          td_graph_stats *stats, td_diags *diags)
{
	layouts L = {gvc, td_xcalloc(n, sizeof *L.g), links, html, getpid(), diags};
	size_t *order = td_xcalloc(n, sizeof *order);
	for (size_t k = 0; k < n; k++) {
		L.g[k] = graph_at(s, miss[k]);
		order[k] = k;
	}
	qsort_r(order, n, sizeof *order, by_nodes_desc, (void *)L.g);
	td_buf *bytes = td_xcalloc(n, sizeof *bytes);
	bool ok = true;
	size_t second = td_split_run(n, order, true, lay_out_one, NULL, &L, bytes, &ok);
	if (stats)
		stats->second += second;
	for (size_t k = 0; k < n; k++) {
		size_t pos = 0, l0 = 0, l1 = 0, l2 = 0;
		const char *f = NULL, *p1 = NULL, *p2 = NULL;
		td_graph_stats st = {0};
		const td_graph *g = L.g[k];
		if (!td_part_get(bytes[k].ptr, bytes[k].len, &pos, &f, &l0) || l0 != 1 ||
		    !td_part_get(bytes[k].ptr, bytes[k].len, &pos, &p1, &l1) ||
		    !td_part_get(bytes[k].ptr, bytes[k].len, &pos, &p2, &l2) ||
		    sscanf(bytes[k].ptr + pos, "%la %la %la %la", &st.build_seconds, &st.layout_seconds,
		           &st.layout_max_seconds, &st.render_seconds) != 4 ||
		    *f == 'e') {
			failed[miss[k]] = true; /* reported by lay_out_one (a stream not read: cannot happen) */
			continue;
		}
		td_buf *o = &svg[miss[k]], *o2 = &svg2[miss[k]];
		td_buf_put(o, p1, l1);
		td_buf_put(o2, p2, l2);
		render_with(gvc, o, g, true, links, html ? o2 : NULL, TD_LINKS_HTML, *f == 'c' ? cache : NULL, DRAW_STORE,
		            &keys[miss[k]], NULL, diags);
		if (stats) {
			stats->graphs++;
			stats->nodes += g->nnodes;
			stats->edges += g->nedges;
			stats->build_seconds += st.build_seconds;
			stats->layout_seconds += st.layout_seconds;
			if (st.layout_max_seconds > stats->layout_max_seconds)
				stats->layout_max_seconds = st.layout_max_seconds;
			stats->render_seconds += st.render_seconds;
		}
	}
	for (size_t k = 0; k < n; k++)
		td_buf_free(&bytes[k]);
	free(bytes);
	free(order);
	free(L.g);
}

/* The key of a graph's SVG file: from what made it (made, the layout
 * key text; empty: none) and its name and variant, else the SHA-256 of
 * its bytes. */
static void file_key(char sha[65], const td_buf *made, const char *name, const char *variant,
                     const td_buf *svg)
{
	if (!made->len) {
		td_sha256_hex(sha, svg->ptr ? svg->ptr : "", svg->len);
		return;
	}
	td_buf k = TD_BUF_INIT;
	td_buf_printf(&k, "taskdoc graph file 1\n%s\n%s\n", variant, name);
	td_buf_put(&k, made->ptr, made->len);
	td_sha256_hex(sha, k.ptr, k.len);
	td_buf_free(&k);
}

int td_render_graphs_both(td_outset *pages, td_link_style links, td_outset *html, const td_graphset *s,
                          const td_kv *cache, int processes, td_graph_stats *stats, td_diags *diags)
{
	GVC_t *gvc = gvContextPlugins(builtins, 0);
	int rc = 0;
	size_t n = 3 + 2 * s->nworkstreams, nodes = 0, nmiss = 0;
	for (size_t i = 0; i < n; i++)
		nodes += graph_at(s, i) ? graph_at(s, i)->nnodes : 0;
	/* with two processes: what the cache has first, then the layouts */
	draw_mode mode = processes > 1 && nodes >= SPLIT_NODES ? DRAW_PROBE : DRAW_ALL;
	td_buf *svg = td_xcalloc(n, sizeof *svg), *svg2 = td_xcalloc(n, sizeof *svg2);
	size_t *miss = td_xcalloc(n, sizeof *miss);
	bool *failed = td_xcalloc(n, sizeof *failed);
	td_buf *keys = td_xcalloc(n, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		const td_graph *g = graph_at(s, i);
		if (!g)
			continue;
		int r = render_with(gvc, &svg[i], g, true, links, html ? &svg2[i] : NULL, TD_LINKS_HTML, cache, mode,
		                    &keys[i], stats, diags);
		if (r == 1)
			miss[nmiss++] = i;
		else if (r != 0)
			failed[i] = true;
	}
	/* a big graph (the overview of hundreds of workstreams) is laid out
	 * alone first: shared, its layout ran 1.7 times as long, with the
	 * other process and the view's memory helper on two processors; so is
	 * a graph left alone */
	size_t kept = 0;
	for (size_t k = 0; k < nmiss; k++)
		if (graph_at(s, miss[k])->nnodes <= BIG_GRAPH)
			miss[kept++] = miss[k];
		else
			failed[miss[k]] = render_with(gvc, &svg[miss[k]], graph_at(s, miss[k]), true, links,
			                              html ? &svg2[miss[k]] : NULL, TD_LINKS_HTML, cache,
			                              DRAW_ALL, &keys[miss[k]], stats, diags) != 0;
	if (kept == 1) /* no second process for one graph */
		failed[miss[0]] = render_with(gvc, &svg[miss[0]], graph_at(s, miss[0]), true, links,
		                              html ? &svg2[miss[0]] : NULL, TD_LINKS_HTML, cache, DRAW_ALL,
		                              &keys[miss[0]], stats, diags) != 0;
	else if (kept > 1)
		lay_out_split(gvc, s, miss, kept, svg, svg2, links, html != NULL, cache, keys, failed, stats, diags);
	td_buf path = TD_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const td_graph *g = graph_at(s, i);
		if (!g)
			continue;
		if (failed[i]) {
			rc = -1;
			continue;
		}
		td_buf_clear(&path);
		td_buf_printf(&path, TD_GRAPH_DIR "/%s.svg", g->name);
		/* each file keyed by what makes its bytes (the layout cache's key:
		 * Graphviz's version and the calls that make the graph, with its
		 * links; and its name), else by the SHA-256 of its bytes: the
		 * write stage then need not read the file it wrote last time to
		 * know it is these bytes, and the HTML site's copy is found by it
		 * (hashing the 2 MB of a 10k plan's two sets of graphs took 3 ms) */
		char sha[65];
		file_key(sha, &keys[i], g->name, "markdown", &svg[i]);
		td_outset_add_buf(pages, td_buf_cstr(&path), &svg[i]);
		td_outset_key_last(pages, sha);
		if (html) {
			file_key(sha, &keys[i], g->name, "html", &svg2[i]);
			td_outset_add_buf(html, td_buf_cstr(&path), &svg2[i]);
			td_outset_key_last(html, sha);
		}
	}
	for (size_t i = 0; i < n; i++) {
		td_buf_free(&svg[i]);
		td_buf_free(&svg2[i]);
		td_buf_free(&keys[i]);
	}
	free(keys);
	free(svg);
	free(svg2);
	free(miss);
	free(failed);
	td_buf_free(&path);
	gvFreeContext(gvc);
	return rc;
}

int td_render_graphs(td_outset *pages, const td_graphset *s, td_link_style links, const td_kv *cache,
                     int processes, td_graph_stats *stats, td_diags *diags)
{
	return td_render_graphs_both(pages, links, NULL, s, cache, processes, stats, diags);
}
