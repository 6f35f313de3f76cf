/* dialect.c - the filter table and the two dialects of the page templates. */
#include "render/dialect.h"
#include "render/html/escape.h"
#include "render/markdown/escape.h"

static const td_escaper escape_markdown = {td_md_escape, true};
static const td_escaper escape_html = {td_html_escape, false};

static void filter_usermd(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	const td_dialect_opts *o = ud;
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_md_neutralize(td_pipe_begin(p), s, n, o && o->allow_html);
	td_pipe_end(p, false);
}

/* usermd for a place that holds one line: a table cell or a list item.
 * Line breaks become spaces and a '|' that is not escaped becomes "\|"
 * (GitHub tables split cells there, even inside code spans). */
static void filter_usermd_cell(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	const td_dialect_opts *o = ud;
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_buf md = TD_BUF_INIT;
	td_md_neutralize(&md, s, n, o && o->allow_html);
	td_buf *b = td_pipe_begin(p);
	const char *m = td_buf_cstr(&md);
	size_t len = md.len;
	while (len && (m[len - 1] == '\n' || m[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < len; i++) {
		if (m[i] == '\n' || m[i] == '\r') {
			if (b->len && b->ptr[b->len - 1] != ' ')
				td_buf_putc(b, ' ');
		} else if (m[i] == '|' && (i == 0 || m[i - 1] != '\\')) {
			td_buf_putsl(b, "\\|");
		} else {
			td_buf_putc(b, m[i]);
		}
	}
	td_buf_free(&md);
	td_pipe_end(p, false);
}

static void filter_codeblock(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_md_codeblock(td_pipe_begin(p), s, n);
	td_pipe_end(p, false);
}

static void filter_codespan(td_pipe *p, const char *arg, size_t arglen, void *ud)
{
	size_t n;
	const char *s = td_pipe_text(p, &n);
	td_md_codespan(td_pipe_begin(p), s, n);
	td_pipe_end(p, false);
}

/* In the order the messages list them (docs/templates.md). */
static const td_filter filters[] = {
    {"upper", NULL, NULL, td_filter_upper, NULL},
    {"lower", NULL, NULL, td_filter_lower, NULL},
    {"fixed0", NULL, NULL, td_filter_fixed0, NULL},
    {"fixed1", NULL, NULL, td_filter_fixed1, NULL},
    {"fixed2", NULL, NULL, td_filter_fixed2, NULL},
    {"raw", NULL, NULL, NULL, &td_escape_none},
    {"md", NULL, NULL, NULL, &escape_markdown},
    {"html", NULL, NULL, NULL, &escape_html},
    {"url", NULL, NULL, td_filter_url, NULL},
    {"json", NULL, NULL, td_filter_json, NULL},
    {"anchor", NULL, NULL, td_filter_anchor, NULL},
    {"default", "text", "default:\"n/a\"", td_filter_default, NULL},
    {"join", "separator", "join:\", \"", td_filter_join, NULL},
    {"plural", "noun", "plural:\"task\"", td_filter_plural, NULL},
    {"usermd", NULL, NULL, filter_usermd, NULL},
    {"usermd_cell", NULL, NULL, filter_usermd_cell, NULL},
    {"codeblock", NULL, NULL, filter_codeblock, NULL},
    {"codespan", NULL, NULL, filter_codespan, NULL},
};

void td_dialect_markdown(td_dialect *d, const td_dialect_opts *o)
{
	*d = (td_dialect){&escape_markdown, filters, TD_ARRAY_LEN(filters), (void *)o};
}

void td_dialect_html(td_dialect *d, const td_dialect_opts *o)
{
	*d = (td_dialect){&escape_html, filters, TD_ARRAY_LEN(filters), (void *)o};
}
