/*
 * jsonmem.c - the JSON of one build in a region (core/region.c): the view,
 * the templates' contexts and every page object are made, read and
 * dropped within td_build_run, so jansson's allocations go to a region
 * and freeing them is a no-op until the region ends. A pointer that is not
 * the region's (made before it began, or too big for a block) is freed as
 * usual, so objects loaded earlier, such as evidence, may be released
 * inside it.
 *
 * Under AddressSanitizer the region is off, so that it still sees every
 * json_t's lifetime.
 */
#include "view/view.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define TD_REGION_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TD_REGION_OFF 1
#endif
#endif

#ifndef TD_REGION_OFF
/* Each thread that makes json_t takes from its own regions, without a
 * lock (td_json_thread_begin); the build's thread takes theirs in when
 * they are done (td_json_thread_adopt). */
static _Thread_local td_region *region;
/* the build's thread's regions, whose readied blocks the others draw on */
static td_region *build_region, *build_tables;
static int depth;

/* The arrays of jansson's hash tables (a power of two of 16-byte buckets)
 * are freed each time an object doubles, and a region never reuses what
 * is freed: a tenth of the view was such garbage. Power-of-two requests
 * from 128 bytes to 64 KiB therefore come from a second region with their
 * size class in the 16 bytes before them, and a freed one waits in its
 * class's list for the next request of that size. */
#define TABLE_MIN 7  /* 128 bytes */
#define TABLE_MAX 16 /* 64 KiB: with its header, well inside a block */
static _Thread_local td_region *tables;
static _Thread_local void *table_free[TABLE_MAX + 1];

static int table_class(size_t n)
{
	if (n < ((size_t)1 << TABLE_MIN) || n > ((size_t)1 << TABLE_MAX) || (n & (n - 1)))
		return -1;
	int c = 0;
	while (((size_t)1 << c) < n)
		c++;
	return c;
}

static void *region_malloc(size_t n)
{
	int c = table_class(n);
	if (c < 0)
		return td_region_alloc(region, n);
	void *p = table_free[c];
	if (p) {
		memcpy(&table_free[c], p, sizeof(void *));
		return p;
	}
	char *h = td_region_alloc(tables, n + 16);
	size_t cls = (size_t)c;
	memcpy(h, &cls, sizeof cls);
	return h + 16;
}

static void region_free(void *p)
{
	if (p && td_region_owns(tables, p)) {
		size_t c;
		memcpy(&c, (char *)p - 16, sizeof c);
		memcpy(p, &table_free[c], sizeof(void *));
		table_free[c] = p;
		return;
	}
	td_region_release(region, p);
}

void td_json_region_begin(void)
{
	if (depth++ == 0) {
		/* jansson's values hold pointers, sizes and doubles: 8-byte
		 * alignment, not malloc's 16, saves a twentieth of the view */
		build_region = region = td_region_new_aligned(8);
		build_tables = tables = td_region_new();
		memset(table_free, 0, sizeof table_free);
		json_set_alloc_funcs(region_malloc, region_free);
	}
}

void td_json_threads_start(void)
{
	if (depth > 0) { /* the other processor makes json_t now, not memory */
		td_region_prefault_stop(region);
		td_region_prefault_stop(tables);
	}
}

void td_json_thread_begin(td_json_thread *t)
{
	*t = (td_json_thread){NULL, NULL};
	if (depth > 0) { /* set by the build's thread before this one started */
		t->region = region = td_region_new_aligned(8);
		td_region_draw_on(region, build_region); /* the blocks readied for the view */
		t->tables = tables = td_region_new();
		td_region_draw_on(tables, build_tables);
		memset(table_free, 0, sizeof table_free);
	}
}

void td_json_thread_end(td_json_thread *t)
{
	if (t->region) {
		td_region_draw_on(t->region, NULL);
		td_region_draw_on(t->tables, NULL);
	}
	region = tables = NULL;
}

void td_json_thread_adopt(td_json_thread *t)
{
	if (depth > 0 && t->region) {
		td_region_merge(region, t->region);
		td_region_merge(tables, t->tables);
	}
	*t = (td_json_thread){NULL, NULL};
}

void td_json_region_expect(size_t bytes)
{
	if (depth > 0) { /* the hash tables' arrays are about a sixth of a view */
		td_region_prefault(region, bytes - bytes / 6);
		td_region_prefault(tables, bytes / 6);
	}
}

static bool sealed;

void td_json_region_resume(void)
{
	if (depth > 0 && sealed)
		json_set_alloc_funcs(region_malloc, region_free);
}

void td_json_region_reseal(void)
{
	if (depth > 0 && sealed)
		json_set_alloc_funcs(malloc, region_free);
}

void td_json_region_seal(void)
{
	if (depth > 0) {
		sealed = true;
		json_set_alloc_funcs(malloc, region_free);
		td_region_prefault_end(region); /* the view is made: what it did not take goes back */
		td_region_prefault_end(tables);
	}
}

size_t td_json_region_bytes(void)
{
	return td_region_bytes(region) + td_region_bytes(tables);
}

void td_json_region_drop(json_t *v)
{
	(void)v; /* made in the region, it goes with it unvisited */
	td_json_region_end();
}

void td_json_region_end(void)
{
	if (depth > 0 && --depth == 0) {
		sealed = false;
		json_set_alloc_funcs(malloc, free);
		td_region_free(region);
		td_region_free(tables);
		build_region = build_tables = region = tables = NULL;
		memset(table_free, 0, sizeof table_free);
	}
}
#else
void td_json_region_begin(void)
{
}

void td_json_threads_start(void)
{
}

void td_json_thread_begin(td_json_thread *t)
{
	*t = (td_json_thread){NULL, NULL};
}

void td_json_thread_end(td_json_thread *t)
{
	(void)t;
}

void td_json_thread_adopt(td_json_thread *t)
{
	(void)t;
}

void td_json_region_expect(size_t bytes)
{
	(void)bytes;
}

void td_json_region_seal(void)
{
}

void td_json_region_resume(void)
{
}

void td_json_region_reseal(void)
{
}

size_t td_json_region_bytes(void)
{
	return 0;
}

void td_json_region_drop(json_t *v)
{
	json_decref(v);
	td_json_region_end();
}

void td_json_region_end(void)
{
}
#endif

static int dump_cb(const char *s, size_t n, void *ud)
{
	td_buf_put(ud, s, n);
	return 0;
}

void td_json_dump(td_buf *out, const json_t *j, size_t flags)
{
	td_json_realize_deep((json_t *)j); /* a task object made when first read: whole */
	json_dump_callback(j, dump_cb, out, flags);
}
