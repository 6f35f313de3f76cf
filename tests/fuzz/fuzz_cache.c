/* libFuzzer harness: any bytes as a value of the HTML page cache (and of
 * the second process's stream, which uses the same format): read back as
 * a page, then as a run of length-prefixed parts. The bytes are given in
 * a buffer of exactly their size, as a mapped file gives them.
 * Fails besides a crash: a read that claims more bytes than it had, or a
 * page that does not read back the same after it is written again.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_cache -max_total_time=60 tests/fuzz/corpus-cache */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_page(const td_html_page *a, const td_html_page *b)
{
	if (a->body.len != b->body.len || (a->body.len && memcmp(a->body.ptr, b->body.ptr, a->body.len)) ||
	    !a->title != !b->title || (a->title && strcmp(a->title, b->title)) || a->ntoc != b->ntoc)
		abort();
	for (size_t i = 0; i < a->ntoc; i++)
		if (a->toc[i].level != b->toc[i].level || strcmp(a->toc[i].id, b->toc[i].id) ||
		    strcmp(a->toc[i].text, b->toc[i].text))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1); /* no NUL after the bytes */
	if (size)
		memcpy(s, data, size);
	td_html_page p, q;
	size_t used = td_html_page_load(&p, s, size);
	if (used > size)
		abort();
	if (used) {
		td_buf b = TD_BUF_INIT;
		td_html_page_save(&b, &p);
		if (td_html_page_load(&q, b.ptr, b.len) != b.len)
			abort();
		same_page(&p, &q);
		td_html_page_free(&q);
		td_buf_free(&b);
		td_html_page_free(&p);
	}
	size_t pos = 0, len = 0;
	const char *part = NULL;
	while (td_part_get(s, size, &pos, &part, &len))
		if (pos > size || part < s || part + len > s + size)
			abort();
	free(s);
	return 0;
}
