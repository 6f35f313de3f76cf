/*
 * region.c - a region: many small allocations served from aligned blocks
 * and given back all at once. A build makes millions of small objects
 * (the view's json_t values, cmark-gfm's nodes) that die together; malloc
 * and free were a quarter of a 10,000-task build's cycles, and the blocks
 * keep them packed (no header per object, fewer pages touched).
 *
 * Every block is BLOCK bytes aligned to BLOCK, so whether a pointer is the
 * region's is one look-up of its block address in a small hash set: a
 * library's free hook (td_region_release) can then hand anything else to
 * free(). A request too big for a block comes from malloc and goes into a
 * second set, so that the region owns all it made: dropping a tree made in
 * it is ending the region, without visiting the tree.
 *
 * The kernel gives fresh memory a page fault and a zeroed page at a time,
 * and on these virtual machines that is most of what a big region costs
 * (the 100,000-task view: 1.2 s of system time for 700 MB). A region told
 * how much it will take (td_region_prefault) has a helper thread map and
 * touch that many blocks on the other processor while the build does
 * something else; the region takes them as it fills, without a lock.
 * The thread is joined by td_region_prefault_end or when the region ends.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "core/core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BLOCK ((size_t)2 << 20) /* 2 MiB: one huge page where the kernel gives them */
#define BIG (BLOCK / 16)        /* larger requests go to malloc */

struct td_region {
	char **blocks; /* every block, in the order made */
	size_t nblocks, cap;
	size_t cur;       /* index of the block being filled */
	size_t used;      /* bytes used in it */
	uintptr_t *set;   /* block addresses, open addressing; 0 = empty */
	size_t set_cap;   /* a power of two, at least 2 * nblocks */
	uintptr_t *big;   /* big allocations, open addressing; 0 = empty, 1 = deleted */
	size_t big_cap;   /* a power of two, at least 2 * big_used */
	size_t big_used;  /* slots not empty (deleted ones included) */
	size_t align;     /* of every allocation: a power of two, at least 8 */
	/* blocks made ready ahead (td_region_prefault) */
	bool helping; /* the helper thread runs, or ran: its blocks may be taken */
	bool joined;  /* it ran and is joined (td_region_prefault_stop) */
	pthread_t helper;
	char **ready;          /* touched blocks, want of them: ready[taken..nready) wait */
	atomic_size_t nready;  /* set by the helper once ready[nready - 1] is written */
	size_t want;
	atomic_size_t taken; /* by this region and those that draw on it (td_region_draw_on) */
	atomic_bool stop;
	td_region *pool; /* whose ready blocks this one takes first, or NULL */
};

td_region *td_region_new_aligned(size_t align)
{
	td_region *r = td_xcalloc(1, sizeof(td_region));
	r->align = align < 8 ? 8 : align;
	return r;
}

td_region *td_region_new(void)
{
	return td_region_new_aligned(16);
}

static size_t slot(uintptr_t addr, size_t cap)
{
	uint64_t h = (uint64_t)(addr / BLOCK) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32) & (cap - 1);
}

static void set_add(td_region *r, uintptr_t addr)
{
	for (size_t i = slot(addr, r->set_cap);; i = (i + 1) & (r->set_cap - 1))
		if (!r->set[i]) {
			r->set[i] = addr;
			return;
		}
}

/* A block straight from the kernel: BLOCK bytes aligned to BLOCK (mapped
 * twice as large, the ends given back), so that freeing the region gives
 * its memory back too (malloc would keep 2 MiB chunks in its heap once its
 * mmap threshold had grown past them). */
static void *map_block(void)
{
	size_t span = 2 * BLOCK;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return td_xmalloc(SIZE_MAX); /* reports the failure and exits */
	uintptr_t a = ((uintptr_t)p + BLOCK - 1) & ~(uintptr_t)(BLOCK - 1);
	size_t head = a - (uintptr_t)p, tail = span - head - BLOCK;
	if (head)
		munmap(p, head);
	if (tail)
		munmap((char *)a + BLOCK, tail);
	return (void *)a;
}

static void *new_block(void)
{
	void *b = map_block();
#ifdef MADV_HUGEPAGE
	/* a page fault per 2 MiB instead of per 4 KiB (transparent huge pages
	 * in "madvise" mode, as Debian ships them); a hint, so no error */
	(void)madvise(b, BLOCK, MADV_HUGEPAGE);
#endif
	return b;
}

/* A block the helper made ready, or NULL (none yet, or no helper). One
 * writer and no lock: readers (r and the regions that draw on it, each on
 * its own thread) claim a block by moving taken on. A process forked
 * meanwhile (whose copy of the region has no helper) can still take what
 * was ready. */
static void *take_ready(td_region *r)
{
	if (!r || !r->helping)
		return NULL;
	size_t t = atomic_load(&r->taken);
	do {
		if (t >= atomic_load_explicit(&r->nready, memory_order_acquire))
			return NULL;
	} while (!atomic_compare_exchange_weak(&r->taken, &t, t + 1));
	return r->ready[t];
}

static void add_block(td_region *r)
{
	void *b = take_ready(r->pool ? r->pool : r);
	if (!b)
		b = new_block();
	td_grow((void **)&r->blocks, &r->cap, r->nblocks + 1, sizeof *r->blocks);
	r->blocks[r->nblocks++] = b;
	if (2 * r->nblocks > r->set_cap) {
		free(r->set);
		r->set_cap = r->set_cap ? 2 * r->set_cap : 64;
		r->set = td_xcalloc(r->set_cap, sizeof *r->set);
		for (size_t i = 0; i < r->nblocks; i++)
			set_add(r, (uintptr_t)r->blocks[i]);
	} else {
		set_add(r, (uintptr_t)b);
	}
}

/* ---- blocks made ready ahead ---- */

static void *prefault(void *arg)
{
	td_region *r = arg;
	long page = sysconf(_SC_PAGESIZE);
	size_t step = page > 0 ? (size_t)page : 4096;
	for (size_t i = 0; i < r->want && !atomic_load(&r->stop); i++) {
		volatile char *b = new_block();
		for (size_t off = 0; off < BLOCK; off += step)
			b[off] = 0; /* the fault, and the kernel's zeroing, happen here */
		r->ready[i] = (char *)b;
		atomic_store_explicit(&r->nready, i + 1, memory_order_release);
	}
	return NULL;
}

void td_region_prefault(td_region *r, size_t bytes)
{
	if (!r || r->helping || bytes < 4 * BLOCK)
		return;
	r->want = bytes / BLOCK;
	r->ready = td_xcalloc(r->want, sizeof *r->ready);
	atomic_store(&r->nready, 0);
	atomic_store(&r->taken, 0);
	atomic_store(&r->stop, false);
	if (pthread_create(&r->helper, NULL, prefault, r) != 0) {
		free(r->ready);
		r->ready = NULL;
		return; /* no helper: blocks are made as they are needed */
	}
	r->helping = true;
}

void td_region_prefault_stop(td_region *r)
{
	if (!r || !r->helping || r->joined)
		return;
	atomic_store(&r->stop, true);
	pthread_join(r->helper, NULL);
	r->joined = true;
}

void td_region_prefault_end(td_region *r)
{
	if (!r || !r->helping)
		return;
	td_region_prefault_stop(r);
	r->joined = false;
	size_t made = atomic_load(&r->nready);
	for (size_t i = atomic_load(&r->taken); i < made; i++)
		munmap(r->ready[i], BLOCK); /* made for nothing: given back */
	free(r->ready);
	r->ready = NULL;
	atomic_store(&r->nready, 0);
	atomic_store(&r->taken, 0);
	r->want = 0;
	r->helping = false;
}

/* ---- big allocations ---- */

static size_t big_slot(uintptr_t p, size_t cap)
{
	uint64_t h = (uint64_t)(p >> 4) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32) & (cap - 1);
}

static void big_put(uintptr_t *set, size_t cap, uintptr_t p)
{
	size_t i = big_slot(p, cap);
	while (set[i] > 1)
		i = (i + 1) & (cap - 1);
	set[i] = p;
}

static void big_add(td_region *r, void *p)
{
	if (2 * (r->big_used + 1) > r->big_cap) {
		size_t live = 0;
		for (size_t i = 0; i < r->big_cap; i++)
			live += r->big[i] > 1;
		size_t cap = 64;
		while (cap < 4 * (live + 1))
			cap *= 2;
		uintptr_t *set = td_xcalloc(cap, sizeof *set);
		for (size_t i = 0; i < r->big_cap; i++)
			if (r->big[i] > 1)
				big_put(set, cap, r->big[i]);
		free(r->big);
		r->big = set;
		r->big_cap = cap;
		r->big_used = live;
	}
	big_put(r->big, r->big_cap, (uintptr_t)p);
	r->big_used++;
}

/* Forgets p as a big allocation of r; false if it is none. */
static bool big_del(td_region *r, const void *p)
{
	if (!r->big_cap)
		return false;
	for (size_t i = big_slot((uintptr_t)p, r->big_cap); r->big[i]; i = (i + 1) & (r->big_cap - 1))
		if (r->big[i] == (uintptr_t)p) {
			r->big[i] = 1;
			return true;
		}
	return false;
}

static void big_free_all(td_region *r)
{
	for (size_t i = 0; i < r->big_cap; i++)
		if (r->big[i] > 1)
			free((void *)r->big[i]);
	if (r->big_cap)
		memset(r->big, 0, r->big_cap * sizeof *r->big);
	r->big_used = 0;
}

void *td_region_alloc(td_region *r, size_t n)
{
	if (n > BIG) {
		void *p = td_xmalloc(n);
		big_add(r, p);
		return p;
	}
	n = n ? (n + r->align - 1) & ~(r->align - 1) : r->align;
	if (!r->nblocks || r->used + n > BLOCK) {
		if (r->nblocks && r->cur + 1 < r->nblocks) {
			r->cur++; /* a block kept by td_region_reset */
		} else {
			add_block(r);
			r->cur = r->nblocks - 1;
		}
		r->used = 0;
	}
	void *p = r->blocks[r->cur] + r->used;
	r->used += n;
	return p;
}

bool td_region_owns(const td_region *r, const void *p)
{
	if (!r || !r->set_cap || !p)
		return false;
	uintptr_t addr = (uintptr_t)p & ~(uintptr_t)(BLOCK - 1);
	for (size_t i = slot(addr, r->set_cap); r->set[i]; i = (i + 1) & (r->set_cap - 1))
		if (r->set[i] == addr)
			return true;
	return false;
}

void td_region_release(td_region *r, void *p)
{
	if (!p || td_region_owns(r, p))
		return;
	if (r)
		big_del(r, p);
	free(p);
}

size_t td_region_bytes(const td_region *r)
{
	return r ? r->nblocks * BLOCK : 0;
}

void td_region_reset(td_region *r)
{
	/* keep a few blocks for the next use; give back what one big use
	 * (a page of a 100,000-task plan) took beyond them */
	enum { KEEP = 8 };
	big_free_all(r);
	if (r->nblocks > KEEP) {
		for (size_t i = KEEP; i < r->nblocks; i++)
			munmap(r->blocks[i], BLOCK);
		r->nblocks = KEEP;
		memset(r->set, 0, r->set_cap * sizeof *r->set);
		for (size_t i = 0; i < r->nblocks; i++)
			set_add(r, (uintptr_t)r->blocks[i]);
	}
	r->cur = 0;
	r->used = 0;
}

void td_region_draw_on(td_region *r, td_region *pool)
{
	r->pool = pool;
}

void td_region_merge(td_region *into, td_region *from)
{
	if (!from)
		return;
	/* from's blocks go before the one into is filling: the blocks after
	 * it are spares td_region_reset kept, which are taken as empty */
	size_t n = from->nblocks, before = into->nblocks, at = before ? into->cur : 0;
	td_grow((void **)&into->blocks, &into->cap, before + n, sizeof *into->blocks);
	memmove(into->blocks + at + n, into->blocks + at, (before - at) * sizeof *into->blocks);
	memcpy(into->blocks + at, from->blocks, n * sizeof *into->blocks);
	into->nblocks += n;
	if (before) {
		into->cur += n;
	} else if (n) { /* every block is from's: the next allocation takes a new one */
		into->cur = n - 1;
		into->used = BLOCK;
	}
	free(into->set);
	into->set_cap = 64;
	while (into->set_cap < 2 * into->nblocks)
		into->set_cap *= 2;
	into->set = td_xcalloc(into->set_cap, sizeof *into->set);
	for (size_t i = 0; i < into->nblocks; i++)
		set_add(into, (uintptr_t)into->blocks[i]);
	for (size_t i = 0; i < from->big_cap; i++)
		if (from->big[i] > 1)
			big_add(into, (void *)from->big[i]);
	free(from->blocks);
	free(from->set);
	free(from->big);
	free(from);
}

void td_region_free(td_region *r)
{
	if (!r)
		return;
	td_region_prefault_end(r);
	big_free_all(r);
	for (size_t i = 0; i < r->nblocks; i++)
		munmap(r->blocks[i], BLOCK);
	free(r->blocks);
	free(r->set);
	free(r->big);
	free(r);
}
