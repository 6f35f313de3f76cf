/* libFuzzer harness: any bytes as a part of a page in the HTML cache (and
 * in the second process's stream, which uses the same format): read back
 * as a part, then as a run of length-prefixed parts. The bytes are given in
 * a buffer of exactly their size, as a mapped file gives them.
 * Fails besides a crash: a read that claims more bytes than it had, or a
 * part that does not read back the same after it is written again.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_cache -max_total_time=60 tests/fuzz/corpus-cache */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_part(const td_html_part *a, const td_html_part *b)
{
	if (a->body.len != b->body.len || (a->body.len && memcmp(a->body.ptr, b->body.ptr, a->body.len)) ||
	    a->direct != b->direct || a->open_end != b->open_end || a->nheads != b->nheads)
		abort();
	for (size_t i = 0; i < a->nheads; i++)
		if (a->heads[i].level != b->heads[i].level || !a->heads[i].id != !b->heads[i].id ||
		    (a->heads[i].id && strcmp(a->heads[i].id, b->heads[i].id)) || strcmp(a->heads[i].text, b->heads[i].text))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1); /* no NUL after the bytes */
	if (size)
		memcpy(s, data, size);
	td_html_part p, q;
	size_t used = td_html_part_load(&p, s, size);
	if (used > size)
		abort();
	if (used) {
		td_buf b = TD_BUF_INIT;
		td_html_part_save(&b, &p);
		if (td_html_part_load(&q, b.ptr, b.len) != b.len)
			abort();
		same_part(&p, &q);
		td_html_part_free(&q);
		td_buf_free(&b);
		td_html_part_free(&p);
	}
	size_t pos = 0, len = 0;
	const char *part = NULL;
	while (td_part_get(s, size, &pos, &part, &len))
		if (pos > size || part < s || part + len > s + size)
			abort();
	free(s);
	return 0;
}
