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

#if defined(__SANITIZE_ADDRESS__)
#define TD_REGION_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TD_REGION_OFF 1
#endif
#endif

#ifndef TD_REGION_OFF
static td_region *region;
static int depth;

static void *region_malloc(size_t n)
{
	return td_region_alloc(region, n);
}

static void region_free(void *p)
{
	td_region_release(region, p);
}

void td_json_region_begin(void)
{
	if (depth++ == 0) {
		region = td_region_new();
		json_set_alloc_funcs(region_malloc, region_free);
	}
}

void td_json_region_seal(void)
{
	if (depth > 0)
		json_set_alloc_funcs(malloc, region_free);
}

size_t td_json_region_bytes(void)
{
	return td_region_bytes(region);
}

void td_json_region_drop(json_t *v)
{
	(void)v; /* made in the region, it goes with it unvisited */
	td_json_region_end();
}

void td_json_region_end(void)
{
	if (depth > 0 && --depth == 0) {
		json_set_alloc_funcs(malloc, free);
		td_region_free(region);
		region = NULL;
	}
}
#else
void td_json_region_begin(void)
{
}

void td_json_region_seal(void)
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
	json_dump_callback(j, dump_cb, out, flags);
}
