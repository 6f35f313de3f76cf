/* outset.c - the set of rendered files (outset.h). */
#include "render/outset.h"

#include <stdlib.h>
#include <string.h>

/* f's bytes into spool, when there is one and it takes them. */
static void spill(td_outfile *f, td_spool *spool)
{
	if (!spool || f->spool || f->unmap || !td_spool_put(spool, f->data, f->len, &f->off))
		return;
	free(f->data);
	f->data = NULL;
	f->spool = spool;
}

/* The file just added goes into the set's spool, if it has one. */
static void spill_last(td_outset *s)
{
	spill(&s->items[s->len - 1], s->spool);
}

void td_outset_add(td_outset *s, const char *path, const char *data, size_t len)
{
	td_grow((void **)&s->items, &s->cap, s->len + 1, sizeof(td_outfile));
	td_outfile *f = &s->items[s->len++];
	*f = (td_outfile){.path = td_xstrdup(path),
	                  .data = td_xstrndup(data ? data : "", data ? len : 0),
	                  .len = data ? len : 0};
	spill_last(s);
}

void td_outset_add_buf(td_outset *s, const char *path, td_buf *b)
{
	td_grow((void **)&s->items, &s->cap, s->len + 1, sizeof(td_outfile));
	td_outfile *f = &s->items[s->len++];
	*f = (td_outfile){.path = td_xstrdup(path), .len = b->len};
	f->data = td_buf_detach(b);
	spill_last(s);
}

void td_outset_add_spooled(td_outset *s, const char *path, td_spool *spool, size_t off, size_t len)
{
	td_grow((void **)&s->items, &s->cap, s->len + 1, sizeof(td_outfile));
	td_outfile *f = &s->items[s->len++];
	*f = (td_outfile){.path = td_xstrdup(path), .len = len, .spool = spool, .off = off};
}

void td_outset_add_mapped(td_outset *s, const char *path, const char *data, size_t len,
                          void (*unmap)(void *ud, void *token), void *ud, void *token)
{
	td_grow((void **)&s->items, &s->cap, s->len + 1, sizeof(td_outfile));
	td_outfile *f = &s->items[s->len++];
	*f = (td_outfile){.path = td_xstrdup(path),
	                  .data = (char *)data,
	                  .len = len,
	                  .unmap = unmap,
	                  .unmap_ud = ud,
	                  .token = token};
}

void td_outset_key_last(td_outset *s, const char *key)
{
	if (!s->len)
		return;
	free(s->items[s->len - 1].key);
	s->items[s->len - 1].key = key ? td_xstrdup(key) : NULL;
}

void td_outset_spill(td_outset *s, td_spool *spool)
{
	for (size_t i = 0; i < s->len; i++)
		spill(&s->items[i], spool);
}

int td_outset_load(td_outset *s)
{
	int rc = 0;
	for (size_t i = 0; i < s->len; i++) {
		td_outfile *f = &s->items[i];
		if (f->spool && !f->data && !(f->data = (char *)td_spool_at(f->spool, f->off, f->len)))
			rc = -1;
	}
	return rc;
}

void td_outset_move(td_outset *to, td_outset *from)
{
	if (from->len) {
		td_grow((void **)&to->items, &to->cap, to->len + from->len, sizeof(td_outfile));
		memcpy(to->items + to->len, from->items, from->len * sizeof(td_outfile));
		to->len += from->len;
	}
	free(from->items);
	from->items = NULL;
	from->len = from->cap = 0;
}

const td_outfile *td_outset_find(const td_outset *s, const char *path)
{
	for (size_t i = 0; i < s->len; i++)
		if (strcmp(s->items[i].path, path) == 0)
			return &s->items[i];
	return NULL;
}

void td_outset_free(td_outset *s)
{
	for (size_t i = 0; i < s->len; i++) {
		td_outfile *f = &s->items[i];
		free(f->path);
		free(f->key);
		if (f->unmap)
			f->unmap(f->unmap_ud, f->token);
		else if (!f->spool)
			free(f->data);
	}
	free(s->items);
	s->items = NULL;
	s->len = s->cap = 0;
}

