/* libFuzzer harness: any bytes as a part of a page in the HTML cache (and
 * in the second process's stream, which uses the same format): read back
 * as a part, then as a run of length-prefixed parts; and as a parsed YAML
 * document of the cache's yaml/ part (load/yaml_cache.c), whose every node
 * is then visited as the loader would, and written and read again; and as
 * an output folder's records (site/written.c), stored again and read back
 * the same. The bytes are given in
 * a buffer of exactly their size, as a mapped file gives them.
 * Fails besides a crash: a read that claims more bytes than it had, or a
 * part that does not read back the same after it is written again.
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DBUILD_TESTING=OFF
 * Run:   build-fuzz/fuzz_cache -max_total_time=60 tests/fuzz/corpus-cache */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/yaml_doc.h"
#include "render/html/html.h"
#include "site/written.h"

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

/* A document read from the cache: every node and every id it names is
 * there; written again, it reads back as the same bytes. */
static void check_document(const char *s, size_t size)
{
	yaml_document_t doc;
	if (!ydoc_decode(&doc, NULL, s, size))
		return;
	size_t sum = 0;
	for (yaml_node_t *n = doc.nodes.start; n < doc.nodes.top; n++) {
		sum += n->tag ? strlen((const char *)n->tag) : 0;
		if (n->type == YAML_SCALAR_NODE) {
			sum += n->data.scalar.length + strlen((const char *)n->data.scalar.value);
		} else if (n->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++)
				if (!yaml_document_get_node(&doc, *i))
					abort();
		} else {
			for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
				if (!yaml_document_get_node(&doc, p->key) || !yaml_document_get_node(&doc, p->value))
					abort();
		}
	}
	td_buf a = TD_BUF_INIT, b = TD_BUF_INIT;
	ydoc_encode(&a, &doc);
	yaml_document_t again;
	td_arena *mem = td_arena_new(); /* the way a build reads it */
	if (!ydoc_decode(&again, mem, a.ptr, a.len))
		abort();
	ydoc_encode(&b, &again);
	if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0 || (sum && !doc.nodes.start))
		abort();
	td_arena_free(mem);
	yaml_document_delete(&doc);
	td_buf_free(&a);
	td_buf_free(&b);
}

/* A cache of one entry: get gives val, put keeps what it is given. */
typedef struct onekv {
	const char *val;
	size_t len;
	td_buf put;
} onekv;

static bool one_get(void *ud, const char *ns, const td_buf *key, td_buf *val)
{
	(void)ns, (void)key;
	onekv *k = ud;
	td_buf_put(val, k->val, k->len);
	return true;
}

static void one_put(void *ud, const char *ns, const td_buf *key, const td_buf *val)
{
	(void)ns, (void)key;
	onekv *k = ud;
	td_buf_clear(&k->put);
	td_buf_put(&k->put, val->ptr ? val->ptr : "", val->len);
}

/* Records read from any bytes, stored again: they read back as the very
 * bytes stored. */
static void check_written(const char *s, size_t size)
{
	onekv one = {s, size, TD_BUF_INIT}, two = {NULL, 0, TD_BUF_INIT};
	td_kv kv = {.get = one_get, .put = one_put, .ud = &one};
	td_written *w = td_written_load(&kv, "out");
	struct stat st;
	memset(&st, 0, sizeof st);
	td_written_same(w, "a.md", "k", &st);
	/* every record read is kept: stored through td_written_note */
	td_written_store(w, &kv, "out");
	two.val = one.put.ptr ? one.put.ptr : "";
	two.len = one.put.len;
	td_kv kv2 = {.get = one_get, .put = one_put, .ud = &two};
	td_written *again = td_written_load(&kv2, "out");
	td_written_store(again, &kv2, "out");
	if (two.put.len != one.put.len || (one.put.len && memcmp(two.put.ptr, one.put.ptr, one.put.len)))
		abort();
	td_written_free(w);
	td_written_free(again);
	td_buf_free(&one.put);
	td_buf_free(&two.put);
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
	check_document(s, size);
	check_written(s, size);
	size_t pos = 0, len = 0;
	const char *part = NULL;
	while (td_part_get(s, size, &pos, &part, &len))
		if (pos > size || part < s || part + len > s + size)
			abort();
	free(s);
	return 0;
}
