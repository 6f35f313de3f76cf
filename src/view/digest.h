/*
 * digest.h - a 128-bit digest of a value of the view tree: what a page
 * kept from the build before was made from (render/markdown/pages.c). Two
 * values with the same digest are taken as equal, so the digest covers the
 * whole value: every type, every key and member in order, every byte of a
 * string, every bit of a number. Not cryptographic: the view is the
 * user's own plan, and a stale page needs two different values of one
 * name on one page to collide in 128 bits.
 */
#ifndef TD_VIEW_DIGEST_H
#define TD_VIEW_DIGEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct td_digest {
	uint64_t a, b;
} td_digest;

#define TD_DIGEST_INIT                                                                                       \
	{                                                                                                    \
		0x243F6A8885A308D3ull, 0x13198A2E03707344ull                                                 \
	}

/* Folds n bytes (their length first) into d. */
void td_digest_bytes(td_digest *d, const void *s, size_t n);
/* Folds one 64-bit word into d. */
void td_digest_word(td_digest *d, uint64_t w);

/* How a value folds into d, for one who folds values without making them
 * (view.c): a string, a number, true or false, null, a container's own
 * digest; and a container's digest itself: open (from TD_DIGEST_INIT),
 * each object member's key then its value (each array element's value),
 * close with the count of members or elements. td_digest_json folds the
 * same value the same way. */
void td_digest_fold_string(td_digest *d, const char *s, size_t n);
void td_digest_fold_int(td_digest *d, long long i);
void td_digest_fold_real(td_digest *d, double r);
void td_digest_fold_bool(td_digest *d, bool b);
void td_digest_fold_null(td_digest *d);
void td_digest_fold_container(td_digest *d, const td_digest *c);
void td_digest_open(td_digest *d, bool array);
void td_digest_key(td_digest *d, const char *k, size_t n);
void td_digest_close(td_digest *d, size_t n);
/* A container's shape, as a read of its shape folds it: whether it is an
 * array, and then its length (a scalar's shape is its value). */
void td_digest_fold_shape(td_digest *d, bool array, size_t n);

/* What digests of one context share: the objects and arrays met more than
 * once (a task's shared estimate, a reference object) are walked once. Its
 * values must all outlive it: make one per context, not per build. */
typedef struct td_digester td_digester;
td_digester *td_digester_new(void);
void td_digester_free(td_digester *g); /* accepts NULL */

/* A view whose task objects are made when first read (view.c,
 * td_view_build_lazy) lends the readers of the tree these, while it lives
 * (td_digest_lazy; NULL: none), so that what walks the tree needs not know
 * the view: member, v's member k[0..n) (made, when v is such an object
 * and k one of a task object's names, alone: v stays as it is);
 * digest_of, the digest of such an object and the values walking it
 * would take (false for any other value); fold_member, member k of such
 * an object folded into d as td_digest_json folds its value (with shape,
 * as a read of its shape does: a container's type and length), without
 * making it, *values what that took from a budget (false for any other
 * value or name); realize, such an object made whole, in place. */
typedef struct td_lazy_view {
	json_t *(*member)(json_t *v, const char *k, size_t n);
	bool (*digest_of)(const json_t *v, td_digest *d, size_t *values);
	bool (*fold_member)(td_digester *g, td_digest *d, const json_t *v, const char *k, size_t n,
	                    bool shape, size_t *values);
	void (*realize)(json_t *v);
} td_lazy_view;
void td_digest_lazy(const td_lazy_view *l);
/* v made whole if it is a task object left to be made (any other value is
 * left as it is); and with every value inside it: before v is copied or
 * printed whole. */
void td_json_realize(json_t *v);
void td_json_realize_deep(json_t *v);

/* Digests known before they are needed: each value's digest as
 * td_digest_container gives it, by the value's address (values that
 * outlive every digester made with them), with the number of values
 * that walk took from its budget. */
typedef struct td_digest_seeds td_digest_seeds;
td_digest_seeds *td_digest_seeds_new(size_t n); /* room for n values */
void td_digest_seeds_add(td_digest_seeds *s, const json_t *v, td_digest d, size_t values);
void td_digest_seeds_free(td_digest_seeds *s); /* accepts NULL */
/* v's seed into *d; false when s (or NULL) has none. */
bool td_digest_seeds_get(const td_digest_seeds *s, const json_t *v, td_digest *d);

/* A digester that takes the digest of a value the seeds hold from them
 * instead of walking it (the same digest), and walks a path through an
 * array item they hold as that item's whole digest (td_digest_paths). */
td_digester *td_digester_new_seeded(const td_digest_seeds *s);

/* The digest of the object or array v itself into *out (from
 * TD_DIGEST_INIT), as td_digest_json folds it into its holder's: what a
 * seed is. false when v is no container or holds more than *budget values. */
bool td_digest_container(td_digester *g, td_digest *out, const json_t *v, size_t *budget);

/* Folds the digest of v (NULL: a missing value, unlike null) into d.
 * Walks at most *budget values, taking those it walks from *budget;
 * false when v has more (d is then of no use). */
bool td_digest_json(td_digester *g, td_digest *d, const json_t *v, size_t *budget);

/* v's member named s[0..n): an object's by key, an array's by a decimal
 * index; NULL for none. How a template finds the parts of a name after
 * the first (a.b.0), and so how a digest follows a path. */
json_t *td_json_member(const json_t *v, const char *s, size_t n);

/* A path from a value to some of the values inside it: parts between
 * dots, each a member's name (an array's: its index) or "*" for every
 * element of an array; and what is read at its end: the value whole, or
 * with shape only its type, an array's length and a scalar's value. */
typedef struct td_digest_read {
	const char *path;
	size_t len;
	bool shape;
} td_digest_read;

/* Folds into d the values of root that the n reads reach (the patterns of
 * td_template_render_reads), each part shared by several paths walked
 * once; where a path breaks (a missing member, a "*" on what is not an
 * array), that it broke. Values that agree at every path give the same
 * digest for the same reads. An item of an array reached by "*" that g's
 * seeds hold, of which the paths read many members (8), counts whole
 * instead of being walked: its digest changes
 * with any value in it, read or not (coarser, never stale), and it takes
 * from the budget as many values as walking it whole would, so that
 * what is past the budget does not depend on the seeds. Walks at most
 * *budget values; false past it. */
bool td_digest_paths(td_digester *g, td_digest *d, const json_t *root, const td_digest_read *reads, size_t n,
                     size_t *budget);

#endif
