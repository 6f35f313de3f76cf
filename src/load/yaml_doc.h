/* yaml_doc.h - private to load/: a libyaml document with checked accessors. */
#ifndef TD_YAML_DOC_H
#define TD_YAML_DOC_H

#include <yaml.h>

#include "model/model.h"

typedef struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *file; /* arena copy */
	td_arena *arena;
	td_diags *diags;
	size_t nerrors; /* errors added through this document */
	const char *text; /* the source, valid while the caller holds it */
	size_t len;
	struct {
		const yaml_node_t *node;
		int count;
	} *repeats; /* mappings met again through aliases */
	size_t nrepeats, repeats_cap;
	/* From the cache, which keeps only documents whose whole file loaded
	 * into the model without a message (ydoc_keep_clean): the checks that
	 * only report and depend on nothing but the document (unknown and
	 * missing keys, mojibake) found nothing then and are not made again. */
	bool clean;
	td_arena *doc_arena; /* the document's memory, composed or decoded */
	const td_kv *cache; /* where ydoc_keep_clean stores it (NULL: nowhere) */
	td_buf key;         /* its key there */
	size_t diags_before; /* messages before it was loaded */
} ydoc;

/* Parses text; checks UTF-8 first. Returns 0 when a document was read
 * (it may still have had errors: duplicate keys, a second document; see
 * nerrors), -1 when nothing could be read (diagnostic added). Call
 * ydoc_free in both cases. text must outlive the ydoc. */
int ydoc_load(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags);
void ydoc_free(ydoc *y);
/* ydoc_load, with the document kept in cache (NULL: none; namespace
 * "yaml") under the SHA-256 of the text: a text whose file loaded cleanly
 * before (no message at all, ydoc_keep_clean) is not parsed again
 * (yaml_cache.c), and comes back clean. */
int ydoc_load_cached(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags,
                     const td_kv *cache);
/* For parsing ahead, perhaps in another process (plan_yaml.c): text
 * parsed as ydoc_load would, into out the SHA-256 of text (64 hex digits)
 * and its document (ydoc_encode), when it is not in cache already and
 * parses without any message; out is left empty otherwise, and the file
 * is then loaded as usual. */
void ydoc_preparse(td_buf *out, const char *file, const char *text, size_t len, const td_kv *cache);
/* Whether cache holds text's document already (ydoc_load_cached would
 * decode it, not parse it). */
bool ydoc_cached(const char *text, size_t len, const td_kv *cache);
/* ydoc_load_cached for a text that ydoc_preparse gave enc for: the same
 * ydoc (not clean: the model's checks are still to be made), its document
 * decoded instead of parsed; when enc is of another text (the file
 * changed in between) or damaged, text is loaded as usual. */
int ydoc_load_parsed(ydoc *y, td_arena *arena, const char *file, const char *text, size_t len, td_diags *diags,
                     const td_kv *cache, const char *enc, size_t enclen);
/* What a second thread made of one file ahead of its load, when the
 * cache held the document of its text: that text and the document,
 * decoded into mem (plan_yaml.c). */
typedef struct ydoc_ahead {
	char *text; /* NULL: nothing was made (not cached, or unreadable) */
	size_t len;
	yaml_document_t doc;
	td_arena *mem;
} ydoc_ahead;
/* Fills a for text (taken: a owns it) when cache holds its document;
 * else frees text and leaves a empty. Touches nothing shared but the
 * cache (whose get is safe on two threads). */
void ydoc_decode_ahead(ydoc_ahead *a, char *text, size_t len, const td_kv *cache);
/* ydoc_load_cached for text by what a holds: when a is of the same text,
 * y is that clean document (a keeps nothing) and true; else false, and y
 * is untouched. */
bool ydoc_take_ahead(ydoc *y, ydoc_ahead *a, td_arena *arena, const char *file, const char *text, size_t len,
                     td_diags *diags);
void ydoc_ahead_free(ydoc_ahead *a);
/* Once the caller made the model of y's file: stores the document in the
 * cache ydoc_load_cached was given when no message at all was added since
 * it began loading (and it did not come from there). */
void ydoc_keep_clean(ydoc *y);
/* A document as bytes, and back: false (doc empty) for any bytes that
 * ydoc_encode did not write. The decoded document's memory comes from
 * arena (freed with it, not by yaml_document_delete), or with arena NULL
 * from malloc (yaml_document_delete frees it). */
void ydoc_encode(td_buf *out, const yaml_document_t *doc);
bool ydoc_decode(yaml_document_t *doc, td_arena *arena, const char *s, size_t len);
/* The next document of parser's stream, as yaml_parser_load makes it, with
 * all its memory from arena (yaml_compose.c): 1, or 0 with the parser's
 * error fields set (doc empty). */
int ydoc_compose(yaml_parser_t *parser, yaml_document_t *doc, td_arena *arena);
/* Where the occurrence-th alias (1-based) of node n is written; n's own
 * place when there is no such alias. */
td_loc ydoc_alias_loc(ydoc *y, const yaml_node_t *n, int occurrence);
yaml_node_t *ydoc_root(ydoc *y);

td_loc ydoc_loc(ydoc *y, const yaml_node_t *n);
void ydoc_error(ydoc *y, const yaml_node_t *n, const char *fmt, ...) TD_PRINTF(3, 4);
void ydoc_warn(ydoc *y, const yaml_node_t *n, const char *fmt, ...) TD_PRINTF(3, 4);

/* A short name of the node's kind: "a mapping", "a list", "a string", "null". */
const char *ynode_kind(const yaml_node_t *n);
bool ynode_is_null(const yaml_node_t *n);

/* Checks a mapping's keys: unknown keys (with "did you mean") and missing
 * required ones (what names the mapping: "task"). NULL-terminated lists.
 * Returns false if n is not a mapping (error added). */
bool ymap_check(ydoc *y, yaml_node_t *n, const char *what, const char *const *allowed,
                const char *const *required);
/* The value node for key, or NULL. */
yaml_node_t *ymap_get(ydoc *y, yaml_node_t *map, const char *key);
/* The key node for key (for locations), or NULL. */
yaml_node_t *ymap_key(ydoc *y, yaml_node_t *map, const char *key);

/* Scalar accessors; each adds an error naming key and returns failure. */
const char *yget_str(ydoc *y, yaml_node_t *map, const char *key, td_loc *loc);
const char *yget_text(ydoc *y, yaml_node_t *map, const char *key); /* free text: checked for mojibake */
bool yget_strlist(ydoc *y, yaml_node_t *map, const char *key, td_strlist *out, bool text);
bool yget_bool(ydoc *y, yaml_node_t *map, const char *key, bool *out);
bool yget_int(ydoc *y, yaml_node_t *map, const char *key, int *out);
bool yget_number(ydoc *y, yaml_node_t *map, const char *key, double *out);
bool yget_date(ydoc *y, yaml_node_t *map, const char *key, td_date *out);
/* Items of a sequence value (NULL + 0 if absent; error if not a list). */
yaml_node_item_t *yget_seq(ydoc *y, yaml_node_t *map, const char *key, size_t *n);
yaml_node_t *ynode(ydoc *y, yaml_node_item_t item);
/* Warns when a text looks like mojibake. */
void ycheck_text(ydoc *y, const yaml_node_t *n, const char *s);

#endif
