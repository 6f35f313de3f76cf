#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "taskdoc: out of memory (%zu bytes)\n", n);
	abort();
}

void *td_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *td_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *td_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *td_xstrdup(const char *s)
{
	return td_xstrndup(s, strlen(s));
}

char *td_xstrndup(const char *s, size_t n)
{
	char *p = td_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void td_grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	*arr = td_xrealloc(*arr, ncap * elsize);
	*cap = ncap;
}
