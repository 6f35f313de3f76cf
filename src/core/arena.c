#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A chain of blocks; big requests get a block of their own. */
struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct td_arena {
	struct block *head;
};

#define BLOCK_SIZE (64 * 1024)

td_arena *td_arena_new(void)
{
	return td_xcalloc(1, sizeof(td_arena));
}

void td_arena_free(td_arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *td_arena_alloc(td_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	struct block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
		struct block *nb = td_xmalloc(sizeof(struct block) + size);
		nb->used = 0;
		nb->size = size;
		if (size == n && b) { /* keep the current block for small requests */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *td_arena_strndup(td_arena *a, const char *s, size_t n)
{
	char *p = td_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *td_arena_strdup(td_arena *a, const char *s)
{
	return s ? td_arena_strndup(a, s, strlen(s)) : NULL;
}

char *td_arena_printf(td_arena *a, const char *fmt, ...)
{
	td_buf b = TD_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	td_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *p = td_arena_strndup(a, td_buf_cstr(&b), b.len);
	td_buf_free(&b);
	return p;
}
