/* digest.c - a value of the view tree folded into 128 bits (digest.h). */
#include "view/digest.h"

#include "core/core.h"

#include <stdlib.h>
#include <string.h>

#define P1 0x9E3779B97F4A7C15ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0xA0761D6478BD642Full

__extension__ typedef unsigned __int128 u128;

/* The product's two halves folded (wyhash's "mum"): every bit of x and y
 * reaches every bit of the result. */
static uint64_t mum(uint64_t x, uint64_t y)
{
	u128 r = (u128)x * y;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Two lanes that fold every word with different constants: two values
 * that differ collide only if both lanes do. */
void td_digest_word(td_digest *d, uint64_t w)
{
	d->a = mum(d->a ^ w, P1);
	d->b = mum(d->b ^ w ^ P3, P2);
}

/* The n < 8 bytes at p as one little-endian word, zero above them, in
 * at most three loads. */
static uint64_t tail_word(const unsigned char *p, size_t n)
{
	if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		return (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
	}
	return (uint64_t)p[0] | (uint64_t)p[n / 2] << (8 * (n / 2)) | (uint64_t)p[n - 1] << (8 * (n - 1));
}

void td_digest_bytes(td_digest *d, const void *s, size_t n)
{
	/* td_digest_word's steps, the two lanes kept in registers */
	const unsigned char *p = s;
	uint64_t a = d->a, b = d->b;
	a = mum(a ^ n, P1);
	b = mum(b ^ n ^ P3, P2);
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		a = mum(a ^ w, P1);
		b = mum(b ^ w ^ P3, P2);
	}
	if (n) {
		uint64_t w = tail_word(p, n);
		a = mum(a ^ w, P1);
		b = mum(b ^ w ^ P3, P2);
	}
	d->a = a;
	d->b = b;
}

/* Open addressing by address: the digests of the containers walked that
 * more than one holder shares. */
typedef struct slot {
	const json_t *v;
	td_digest d;
	size_t values; /* a seed's: how many values walking it took */
} slot;

struct td_digester {
	slot *tab;
	size_t cap, used;
	const td_digest_seeds *seeds; /* or NULL */
};

/* How many members of a list's items the paths must read for an item's
 * seed to stand for them (a workstream page reads 21 of a task's, the
 * archive's list of undated tasks 3). */
#define SEED_NAMES 8

/* Open addressing by address too, filled once and then only read (by
 * both processes of the Markdown stage). */
struct td_digest_seeds {
	slot *tab;
	size_t cap;
};

td_digester *td_digester_new(void)
{
	td_digester *g = td_xcalloc(1, sizeof *g);
	g->cap = 1024;
	g->tab = td_xcalloc(g->cap, sizeof *g->tab);
	return g;
}

td_digester *td_digester_new_seeded(const td_digest_seeds *s)
{
	td_digester *g = td_digester_new();
	g->seeds = s;
	return g;
}

void td_digester_free(td_digester *g)
{
	if (!g)
		return;
	free(g->tab);
	free(g);
}

static size_t slot_of(const td_digester *g, const json_t *v)
{
	size_t i = (size_t)(((uintptr_t)v >> 4) * P1 >> 17) & (g->cap - 1);
	while (g->tab[i].v && g->tab[i].v != v)
		i = (i + 1) & (g->cap - 1);
	return i;
}

static size_t seed_slot(const td_digest_seeds *s, const json_t *v)
{
	size_t i = (size_t)(((uintptr_t)v >> 4) * P1 >> 17) & (s->cap - 1);
	while (s->tab[i].v && s->tab[i].v != v)
		i = (i + 1) & (s->cap - 1);
	return i;
}

td_digest_seeds *td_digest_seeds_new(size_t n)
{
	td_digest_seeds *s = td_xcalloc(1, sizeof *s);
	s->cap = 16;
	while (s->cap < 2 * n + 2)
		s->cap *= 2;
	s->tab = td_xcalloc(s->cap, sizeof *s->tab);
	return s;
}

void td_digest_seeds_add(td_digest_seeds *s, const json_t *v, td_digest d, size_t values)
{
	size_t i = seed_slot(s, v);
	s->tab[i] = (slot){v, d, values};
}

void td_digest_seeds_free(td_digest_seeds *s)
{
	if (!s)
		return;
	free(s->tab);
	free(s);
}

bool td_digest_seeds_get(const td_digest_seeds *s, const json_t *v, td_digest *d)
{
	if (!s)
		return false;
	const slot *e = &s->tab[seed_slot(s, v)];
	if (!e->v)
		return false;
	*d = e->d;
	return true;
}

/* v's seed, or NULL. */
static const slot *seed_of(const td_digester *g, const json_t *v)
{
	if (!g->seeds)
		return NULL;
	const slot *e = &g->seeds->tab[seed_slot(g->seeds, v)];
	return e->v ? e : NULL;
}

static void remember(td_digester *g, const json_t *v, td_digest d, size_t values)
{
	if (2 * (g->used + 1) > g->cap) {
		slot *old = g->tab;
		size_t n = g->cap;
		g->cap *= 2;
		g->tab = td_xcalloc(g->cap, sizeof *g->tab);
		for (size_t i = 0; i < n; i++)
			if (old[i].v)
				g->tab[slot_of(g, old[i].v)] = old[i];
		free(old);
	}
	size_t i = slot_of(g, v);
	g->used += !g->tab[i].v;
	g->tab[i] = (slot){.v = v, .d = d, .values = values};
}

/* Folds v into d: a scalar as its type and bytes, a container as its own
 * digest (container_of), so that a container shared between holders has
 * one digest however it is reached. false past the budget. */
static bool fold(td_digester *g, td_digest *d, const json_t *v, size_t *budget);

static const td_lazy_view *lazy; /* the view lending its hooks, or NULL */

void td_digest_lazy(const td_lazy_view *l)
{
	lazy = l;
}

void td_json_realize(json_t *v)
{
	if (lazy)
		lazy->realize(v);
}

void td_json_realize_deep(json_t *v)
{
	if (!lazy)
		return;
	if (json_is_object(v)) {
		lazy->realize(v);
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) td_json_realize_deep(x);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) td_json_realize_deep(x);
	}
}

/* How values fold, written once: container_of and whoever folds a value
 * without making it (view.c's task objects) both go through these. */
void td_digest_fold_string(td_digest *d, const char *s, size_t n)
{
	td_digest_word(d, 's');
	td_digest_bytes(d, s, n);
}

void td_digest_fold_int(td_digest *d, long long i)
{
	td_digest_word(d, 'i');
	td_digest_word(d, (uint64_t)i);
}

void td_digest_fold_real(td_digest *d, double r)
{
	uint64_t u;
	memcpy(&u, &r, sizeof u);
	td_digest_word(d, 'r');
	td_digest_word(d, u);
}

void td_digest_fold_bool(td_digest *d, bool b)
{
	td_digest_word(d, b ? 't' : 'f');
}

void td_digest_fold_null(td_digest *d)
{
	td_digest_word(d, 'n');
}

void td_digest_fold_container(td_digest *d, const td_digest *c)
{
	td_digest_word(d, 'c');
	td_digest_word(d, c->a);
	td_digest_word(d, c->b);
}

void td_digest_open(td_digest *d, bool array)
{
	*d = (td_digest)TD_DIGEST_INIT;
	td_digest_word(d, array ? 'a' : 'o');
}

void td_digest_key(td_digest *d, const char *k, size_t n)
{
	td_digest_bytes(d, k, n);
}

void td_digest_close(td_digest *d, size_t n)
{
	td_digest_word(d, n); /* the count last: a value folded as it is made knows it only then */
}

/* The digest of the object or array v, from a fresh state. */
static bool container_of(td_digester *g, const json_t *v, size_t *budget, td_digest *out)
{
	td_digest d;
	size_t values;
	if (lazy && json_is_object(v) && lazy->digest_of(v, out, &values)) {
		if (*budget < values)
			return false;
		*budget -= values;
		return true;
	}
	if (json_is_object(v)) {
		td_digest_open(&d, false);
		for (void *it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			td_digest_key(&d, json_object_iter_key(it), json_object_iter_key_len(it));
			if (!fold(g, &d, json_object_iter_value(it), budget))
				return false;
		}
		td_digest_close(&d, json_object_size(v));
	} else {
		size_t n = json_array_size(v);
		td_digest_open(&d, true);
		for (size_t i = 0; i < n; i++)
			if (!fold(g, &d, json_array_get(v, i), budget))
				return false;
		td_digest_close(&d, n);
	}
	*out = d;
	return true;
}

static bool fold(td_digester *g, td_digest *d, const json_t *v, size_t *budget)
{
	if (!*budget)
		return false;
	--*budget;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY: {
		td_digest c;
		bool shared = v->refcount > 1;
		size_t i = shared ? slot_of(g, v) : 0;
		/* a digest known (seeded, or a shared value walked before)
		 * takes from the budget what walking it would: what is past
		 * the budget does not depend on what was walked before */
		const slot *sd = seed_of(g, v);
		if (!sd && shared && g->tab[i].v)
			sd = &g->tab[i];
		if (sd) {
			if (*budget < sd->values)
				return false;
			*budget -= sd->values;
			c = sd->d;
		} else {
			size_t before = *budget;
			if (!container_of(g, v, budget, &c))
				return false;
			if (shared)
				remember(g, v, c, before - *budget);
		}
		td_digest_fold_container(d, &c);
		return true;
	}
	case JSON_STRING:
		td_digest_fold_string(d, json_string_value(v), json_string_length(v));
		return true;
	case JSON_INTEGER:
		td_digest_fold_int(d, (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		td_digest_fold_real(d, json_real_value(v));
		return true;
	case JSON_TRUE:
	case JSON_FALSE:
		td_digest_fold_bool(d, json_is_true(v));
		return true;
	default:
		td_digest_fold_null(d);
		return true;
	}
}

bool td_digest_container(td_digester *g, td_digest *out, const json_t *v, size_t *budget)
{
	if (!json_is_object(v) && !json_is_array(v))
		return false;
	return container_of(g, v, budget, out);
}

bool td_digest_json(td_digester *g, td_digest *d, const json_t *v, size_t *budget)
{
	if (!v) {
		td_digest_word(d, 'm');
		return true;
	}
	return fold(g, d, v, budget);
}

/* The shape of v: its type, an array's length, a scalar's value. */
void td_digest_fold_shape(td_digest *d, bool array, size_t n)
{
	td_digest_word(d, array ? 'A' : 'O');
	if (array)
		td_digest_word(d, n);
}

static bool fold_shape(td_digester *g, td_digest *d, const json_t *v, size_t *budget)
{
	if (json_is_object(v) || json_is_array(v)) {
		td_digest_fold_shape(d, json_is_array(v), json_array_size(v));
		return true;
	}
	return fold(g, d, v, budget);
}

json_t *td_json_member(const json_t *v, const char *s, size_t n)
{
	if (json_is_object(v))
		return lazy ? lazy->member((json_t *)v, s, n) : json_object_getn(v, s, n);
	if (!json_is_array(v) || !n)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || k > (SIZE_MAX - 9) / 10)
			return NULL;
		k = k * 10 + (size_t)(s[i] - '0');
	}
	return json_array_get(v, k);
}

/* The paths as a tree: a part met by several paths is walked once (a
 * list's items once for all the names read of them). */
typedef struct tnode {
	const char *part;
	size_t len;
	size_t kid, next; /* first child, next sibling: 0 none (node 0 is the root) */
	bool whole, shape;
} tnode;

typedef struct tree {
	tnode *n;
	size_t len, cap;
} tree;

static size_t tree_kid(tree *t, size_t at, const char *part, size_t len)
{
	size_t last = 0;
	for (size_t k = t->n[at].kid; k; last = k, k = t->n[k].next)
		if (t->n[k].len == len && !memcmp(t->n[k].part, part, len))
			return k;
	td_grow((void **)&t->n, &t->cap, t->len + 1, sizeof *t->n);
	t->n[t->len] = (tnode){part, len, 0, 0, false, false};
	if (last)
		t->n[last].next = t->len;
	else
		t->n[at].kid = t->len;
	return t->len++;
}

static bool walk(td_digester *g, td_digest *d, const tree *t, size_t at, const json_t *v, size_t *budget)
{
	if (!*budget)
		return false;
	--*budget;
	const tnode *nd = &t->n[at];
	if (!v) { /* missing: nothing under it is walked, and where it broke counts */
		td_digest_word(d, 'm');
		td_digest_word(d, at);
		return true;
	}
	if (nd->whole && !fold(g, d, v, budget))
		return false;
	if (nd->shape && !fold_shape(g, d, v, budget))
		return false;
	for (size_t k = nd->kid; k; k = t->n[k].next) {
		const tnode *kid = &t->n[k];
		if (kid->len == 1 && kid->part[0] == '*') {
			if (!json_is_array(v)) {
				td_digest_word(d, 'x');
				td_digest_word(d, k);
				continue;
			}
			size_t n = json_array_size(v);
			td_digest_word(d, 'A');
			td_digest_word(d, n);
			size_t names = 0;
			for (size_t m = kid->kid; m; m = t->n[m].next)
				names++;
			for (size_t i = 0; i < n; i++) {
				const json_t *item = json_array_get(v, i);
				/* an item with a seed, of which the paths read many
				 * members: its whole value, which holds whatever they
				 * read, taking from the budget what walking it whole
				 * would (a list of which a few members are read is
				 * walked: its digest then changes only with them) */
				const slot *sd = names >= SEED_NAMES ? seed_of(g, item) : NULL;
				if (sd) {
					if (*budget < sd->values + 1)
						return false;
					*budget -= sd->values + 1;
					td_digest_word(d, 'S');
					td_digest_word(d, sd->d.a);
					td_digest_word(d, sd->d.b);
					continue;
				}
				if (!walk(g, d, t, k, item, budget))
					return false;
			}
			continue;
		}
		size_t values;
		if (lazy && !kid->kid && kid->whole != kid->shape && *budget &&
		    lazy->fold_member(g, d, v, kid->part, kid->len, kid->shape, &values)) {
			/* a member of a task object not made: folded, not made */
			if (*budget < values + 1)
				return false;
			*budget -= values + 1;
			continue;
		}
		if (!walk(g, d, t, k, td_json_member(v, kid->part, kid->len), budget))
			return false;
	}
	return true;
}

bool td_digest_paths(td_digester *g, td_digest *d, const json_t *root, const td_digest_read *reads, size_t n,
                     size_t *budget)
{
	tree t = {0};
	td_grow((void **)&t.n, &t.cap, 1, sizeof *t.n);
	t.n[0] = (tnode){"", 0, 0, 0, false, false};
	t.len = 1;
	for (size_t i = 0; i < n; i++) {
		size_t at = 0;
		const char *s = reads[i].path, *e = s + reads[i].len;
		while (s < e) {
			const char *dot = memchr(s, '.', (size_t)(e - s));
			const char *end = dot ? dot : e;
			at = tree_kid(&t, at, s, (size_t)(end - s));
			s = dot ? dot + 1 : e;
		}
		if (reads[i].shape)
			t.n[at].shape = true;
		else
			t.n[at].whole = true;
	}
	bool ok = walk(g, d, &t, 0, root, budget);
	free(t.n);
	return ok;
}
