/*
 * tests/host/slub_bench.c - SLUB's fast path against glibc malloc/free, in
 * one process on the same sizes (a benchmark, not a test: it asserts
 * nothing).  Build and run with `make -C tests/host bench` (optimised, no
 * sanitizers).
 *
 * SLUB runs on the host page allocator shim (tests/host/shim/
 * page_alloc_host.c), so once its slabs exist the measured paths are
 * SLUB's own: kmem_cache_alloc/kmem_cache_free and kmalloc/kfree.  Two
 * patterns per size:
 *   pair   alloc then free at once, repeated (the per-CPU freelist's best
 *          case, and malloc's tcache's)
 *   batch  allocate BATCH objects, then free them all (walks through
 *          several slabs: the slow paths run once per slab)
 * Prints one BENCH line per figure (ns per alloc+free) and the ratio
 * slub/glibc (below 1: SLUB is faster).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shim/page_alloc_host.h"
#include "mm/slab.h"

#define ROUNDS	2000000L
#define BATCH	1000
#define BATCH_ROUNDS	2000L

static void *volatile sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

enum which { SLUB_CACHE, SLUB_KMALLOC, GLIBC };

static void *do_alloc(enum which w, struct kmem_cache *s, size_t size)
{
	switch (w) {
	case SLUB_CACHE:	return kmem_cache_alloc(s, GFP_KERNEL);
	case SLUB_KMALLOC:	return kmalloc(size, GFP_KERNEL);
	default:		return malloc(size);
	}
}

static void do_free(enum which w, struct kmem_cache *s, void *p)
{
	switch (w) {
	case SLUB_CACHE:	kmem_cache_free(s, p); break;
	case SLUB_KMALLOC:	kfree(p); break;
	default:		free(p);
	}
}

/* ns per alloc+free pair, alloc and free back to back. */
static double bench_pair(enum which w, struct kmem_cache *s, size_t size)
{
	double t0 = now_ns();

	for (long i = 0; i < ROUNDS; i++) {
		void *p = do_alloc(w, s, size);

		*(volatile char *)p = 1;
		sink = p;
		do_free(w, s, p);
	}
	return (now_ns() - t0) / ROUNDS;
}

/* ns per alloc+free, BATCH allocations then BATCH frees. */
static double bench_batch(enum which w, struct kmem_cache *s, size_t size)
{
	static void *objs[BATCH];
	double t0 = now_ns();

	for (long r = 0; r < BATCH_ROUNDS; r++) {
		for (int i = 0; i < BATCH; i++) {
			objs[i] = do_alloc(w, s, size);
			*(volatile char *)objs[i] = 1;
		}
		for (int i = 0; i < BATCH; i++)
			do_free(w, s, objs[i]);
	}
	return (now_ns() - t0) / ((double)BATCH_ROUNDS * BATCH);
}

static void report(const char *pattern, size_t size, double cache, double km, double glibc)
{
	printf("BENCH name=slub_cache_%s_%zu unit=ns value=%.2f\n", pattern, size, cache);
	printf("BENCH name=slub_kmalloc_%s_%zu unit=ns value=%.2f\n", pattern, size, km);
	printf("BENCH name=glibc_malloc_%s_%zu unit=ns value=%.2f\n", pattern, size, glibc);
	printf("BENCH name=slub_vs_glibc_%s_%zu unit=ratio value=%.2f kmalloc_ratio=%.2f\n",
	       pattern, size, cache / glibc, km / glibc);
}

int main(void)
{
	static const size_t sizes[] = { 16, 64, 256, 1024 };

	host_mm_init(16384);
	kmem_cache_init();
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];
		struct kmem_cache *s = kmem_cache_create("bench", (unsigned int)size, 0, 0, NULL);
		double c, k, g;

		/* warm up: slabs and glibc's arenas exist before timing */
		bench_batch(SLUB_CACHE, s, size);
		bench_batch(SLUB_KMALLOC, s, size);
		bench_batch(GLIBC, s, size);
		c = bench_pair(SLUB_CACHE, s, size);
		k = bench_pair(SLUB_KMALLOC, s, size);
		g = bench_pair(GLIBC, s, size);
		report("pair", size, c, k, g);
		c = bench_batch(SLUB_CACHE, s, size);
		k = bench_batch(SLUB_KMALLOC, s, size);
		g = bench_batch(GLIBC, s, size);
		report("batch", size, c, k, g);
		kmem_cache_destroy(s);
	}
	return 0;
}
