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

void td_digest_bytes(td_digest *d, const void *s, size_t n)
{
	const unsigned char *p = s;
	td_digest_word(d, n);
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		td_digest_word(d, w);
	}
	if (n) {
		uint64_t w = 0;
		memcpy(&w, p, n);
		td_digest_word(d, w);
	}
}

/* Open addressing by address: the digests of the containers walked that
 * more than one holder shares. */
typedef struct slot {
	const json_t *v;
	td_digest d;
} slot;

struct td_digester {
	slot *tab;
	size_t cap, used;
};

td_digester *td_digester_new(void)
{
	td_digester *g = td_xcalloc(1, sizeof *g);
	g->cap = 1024;
	g->tab = td_xcalloc(g->cap, sizeof *g->tab);
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

static void remember(td_digester *g, const json_t *v, td_digest d)
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
	g->tab[i] = (slot){v, d};
}

/* The digest of v alone, from a fresh state; false past the budget. */
static bool digest_of(td_digester *g, const json_t *v, size_t *budget, td_digest *out);

static bool container(td_digester *g, const json_t *v, size_t *budget, td_digest *d)
{
	if (json_is_object(v)) {
		const char *k;
		size_t klen;
		json_t *x;
		void *tmp;
		td_digest_word(d, 'o');
		td_digest_word(d, json_object_size(v));
		json_object_keylen_foreach_safe((json_t *)v, tmp, k, klen, x)
		{
			td_digest c;
			td_digest_bytes(d, k, klen);
			if (!digest_of(g, x, budget, &c))
				return false;
			td_digest_word(d, c.a);
			td_digest_word(d, c.b);
		}
		return true;
	}
	size_t i;
	json_t *x;
	td_digest_word(d, 'a');
	td_digest_word(d, json_array_size(v));
	json_array_foreach((json_t *)v, i, x)
	{
		td_digest c;
		if (!digest_of(g, x, budget, &c))
			return false;
		td_digest_word(d, c.a);
		td_digest_word(d, c.b);
	}
	return true;
}

static bool digest_of(td_digester *g, const json_t *v, size_t *budget, td_digest *out)
{
	td_digest d = TD_DIGEST_INIT;
	if (!*budget)
		return false;
	--*budget;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY: {
		bool shared = v->refcount > 1;
		if (shared) {
			size_t i = slot_of(g, v);
			if (g->tab[i].v) {
				*out = g->tab[i].d;
				return true;
			}
		}
		if (!container(g, v, budget, &d))
			return false;
		if (shared)
			remember(g, v, d);
		break;
	}
	case JSON_STRING:
		td_digest_word(&d, 's');
		td_digest_bytes(&d, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		td_digest_word(&d, 'i');
		td_digest_word(&d, (uint64_t)json_integer_value(v));
		break;
	case JSON_REAL: {
		double r = json_real_value(v);
		uint64_t u;
		memcpy(&u, &r, sizeof u);
		td_digest_word(&d, 'r');
		td_digest_word(&d, u);
		break;
	}
	case JSON_TRUE:
		td_digest_word(&d, 't');
		break;
	case JSON_FALSE:
		td_digest_word(&d, 'f');
		break;
	default:
		td_digest_word(&d, 'n');
		break;
	}
	*out = d;
	return true;
}

bool td_digest_json(td_digester *g, td_digest *d, const json_t *v, size_t *budget)
{
	td_digest c = {0, 0};
	if (!v) {
		td_digest_word(d, 'm');
		return true;
	}
	if (!digest_of(g, v, budget, &c))
		return false;
	td_digest_word(d, c.a);
	td_digest_word(d, c.b);
	return true;
}
