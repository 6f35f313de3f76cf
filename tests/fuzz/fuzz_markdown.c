/* libFuzzer harness: any bytes as a plan's text field through the Markdown
 * escapers of the page templates ({{x}} = td_md_escape, usermd,
 * usermd_cell, codespan, codeblock), each in the places templates put them
 * (paragraph, heading, table cell, link text, list item, code fence), the
 * page then rendered by cmark-gfm with the extensions of the HTML site and
 * raw HTML passed through (as MkDocs does). The oracle (html_oracle.c)
 * aborts when the HTML holds any element cmark-gfm does not write itself
 * (raw HTML got through), a <script>, an event handler or a
 * javascript:/data: URL.
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "html_oracle.h"
#include "render/dialect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	td_oracle_selftest();
	return 0;
}

/* where templates put a value, and through which filter */
static const char *const places[] = {
    "{{x}}\n",
    "# {{x}}\n\ntext\n",
    "| a | b |\n|---|---|\n| {{x}} | {{x|usermd_cell}} |\n| c | d |\n",
    "[{{x}}](https://example.org/) and [ref][r]\n\n[r]: https://example.org/\n",
    "Notes:\n\n{{x|usermd}}\n\nafter\n",
    "- {{x|usermd_cell}}\n- [ ] {{x}}\n",
    "text {{x|codespan}} text\n",
    "```\n{{x|codeblock}}\n```\n\nafter\n",
};

static char *to_html(const char *md, size_t len)
{
	static const char *const ext[] = {"table", "strikethrough", "autolink", "tasklist"};
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_UNSAFE);
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(ext[i]));
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return html;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static td_dialect d;
	static td_template *t[sizeof places / sizeof *places];
	static const td_dialect_opts opts = {false};
	if (!t[0]) {
		td_dialect_markdown(&d, &opts);
		for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
			td_diags diags = {0};
			t[i] = td_template_parse("place", places[i], &d, &diags);
			if (!t[i])
				abort();
			td_diags_free(&diags);
		}
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "x", json_stringn_nocheck((const char *)data, size));
	for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
		td_buf md = TD_BUF_INIT;
		td_diags diags = {0};
		if (td_template_render(&md, t[i], ctx, NULL, NULL, &diags) != 0)
			abort();
		char *html = to_html(md.ptr ? md.ptr : "", md.len);
		td_oracle_assert(places[i], (const char *)data, size, html, strlen(html), TD_ORACLE_CMARK_ONLY);
		free(html);
		td_buf_free(&md);
		td_diags_free(&diags);
	}
	json_decref(ctx);
	return 0;
}
