/* libFuzzer harness: any bytes through the HTML cleaner (td_html_clean)
 * and, as the Markdown of a page, through the HTML site's page renderer
 * (td_html_render_page: cmark-gfm, admonitions, links, raw HTML cleaned).
 * The page is rendered in sections (html.h), its tables and lists cut
 * into pieces of a few rows: it must be the very page rendered as one
 * part, byte for byte, with the same table of contents.
 * The oracle (html_oracle.c, a tokenizer after the WHATWG one) aborts when
 * a <script>, an event handler or a javascript:/data: URL survives; the
 * cleaner's output must also hold none of the elements that load, embed or
 * submit things, and no style attribute.
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_oracle.h"
#include "render/html/escape.h"
#include "render/html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	td_oracle_selftest();
	/* tables and lists cut into pieces of a few rows: small inputs are
	 * cut as a big page's long table is (page.c) */
	td_html_set_chunking(16, 64, 2);
	return 0;
}

/* page, rendered in sections, against in rendered as one part. */
static void same_as_one_part(const td_html_page *page, const char *in, size_t size)
{
	td_buf pre = TD_BUF_INIT;
	td_md_admonitions(&pre, in, size);
	const char *text = pre.ptr ? pre.ptr : "";
	td_html_job job = {.md = text,
	                   .len = pre.len,
	                   .path = "ws/page.md",
	                   .direct = memchr(text, TD_HTML_MARK, pre.len) != NULL};
	td_html_part one;
	td_html_render_part(&one, &job, TD_LINKS_DIRECTORY, false);
	td_html_page whole;
	td_html_assemble(&whole, &one, 1);
	if (whole.body.len != page->body.len || memcmp(whole.body.ptr, page->body.ptr, whole.body.len) != 0 ||
	    whole.ntoc != page->ntoc || !whole.title != !page->title ||
	    (whole.title && strcmp(whole.title, page->title) != 0))
		abort(); /* the sections changed the page */
	for (size_t i = 0; i < whole.ntoc; i++)
		if (whole.toc[i].level != page->toc[i].level || strcmp(whole.toc[i].id, page->toc[i].id) != 0 ||
		    strcmp(whole.toc[i].text, page->toc[i].text) != 0)
			abort();
	td_html_page_free(&whole);
	td_html_part_free(&one);
	td_buf_free(&pre);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	td_buf out = TD_BUF_INIT;
	td_html_clean(&out, in, size);
	td_oracle_assert("td_html_clean", in, size, out.ptr ? out.ptr : "", out.len,
	                 TD_ORACLE_STRICT | TD_ORACLE_IMG_DATA);
	td_buf_free(&out);

	td_html_page page;
	td_html_render_page(&page, in, size, "ws/page.md", TD_LINKS_DIRECTORY, false);
	td_oracle_assert("td_html_render_page", in, size, page.body.ptr ? page.body.ptr : "", page.body.len,
	                 TD_ORACLE_IMG_DATA);
	same_as_one_part(&page, in, size);
	td_html_page_free(&page);
	return 0;
}
