/* libFuzzer harness: any bytes through the HTML cleaner (td_html_clean)
 * and, as the Markdown of a page, through the HTML site's page renderer
 * (td_html_render_page: cmark-gfm, admonitions, links, raw HTML cleaned).
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
	return 0;
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
	td_html_page_free(&page);
	return 0;
}
