/*
 * user/tests/swap_util.h - helpers of the swap test programs (swap_*.c)
 * and user/swapbench.c.
 *
 * Every page the programs write carries a pattern derived from the page's
 * own address and a seed: word i of the page at address a holds
 * mix(a + seed) ^ i.  A page that comes back from swap with another page's
 * contents (a wrong slot), stale contents (a lost write), zeros (a fresh
 * page instead of the swapped one) or its words moved fails the check, and
 * so does a COW child's write showing through in its parent (another seed).
 *
 *	page_fill(p, seed)       write the pattern into the page at p
 *	page_bad_words(p, seed)  how many of its 512 words are wrong (0: intact)
 *	order_fill(idx, n, how, seed)  an order to visit n pages in:
 *	                         ORDER_SEQ, ORDER_REVERSE, ORDER_STRIDED (every
 *	                         STRIDE-th page, then the next offset...),
 *	                         ORDER_RANDOM (a seeded shuffle)
 *	verify_pages(base, n, idx, seed, &first_bad)  pages wrong, visited in idx's order
 *	mem_info()               sysinfo in pages: RAM, free RAM, swap, free swap
 *	swap_on_here()           on Pagoda with a swap area on (sysinfo totalswap)
 *	map_anon(bytes)          a private anonymous mapping (no huge pages)
 *
 * on_pagoda() comes from util.h; now_ns(), start_hog()/start_holder() and the hog's shared
 * page come from oom_util.h.
 */
#ifndef USER_TESTS_SWAP_UTIL_H
#define USER_TESTS_SWAP_UTIL_H

#include <stdint.h>

#include "oom_util.h"

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

#define MiB		(1024UL * 1024)
#define PAGE_WORDS	(PAGE / sizeof(uint64_t))
#define STRIDE		61		/* pages: prime, not a multiple of any readahead block */

enum order { ORDER_SEQ, ORDER_REVERSE, ORDER_STRIDED, ORDER_RANDOM };

static inline const char *order_name(enum order how)
{
	switch (how) {
	case ORDER_SEQ:		return "sequential";
	case ORDER_REVERSE:	return "reverse";
	case ORDER_STRIDED:	return "strided";
	default:		return "random";
	}
}

/* splitmix64's finaliser: a cheap, well-mixed function of a 64-bit value. */
static inline uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static inline void page_fill(void *p, uint64_t seed)
{
	uint64_t *w = p, v = mix64((uint64_t)(uintptr_t)p + seed);

	for (unsigned long i = 0; i < PAGE_WORDS; i++)
		w[i] = v ^ i;
}

static inline unsigned long page_bad_words(const void *p, uint64_t seed)
{
	const volatile uint64_t *w = p;
	uint64_t v = mix64((uint64_t)(uintptr_t)p + seed);
	unsigned long bad = 0;

	for (unsigned long i = 0; i < PAGE_WORDS; i++)
		bad += w[i] != (v ^ i);
	return bad;
}

/* idx[0..n) := the pages 0..n-1 in the order how. */
static inline void order_fill(unsigned int *idx, unsigned long n, enum order how, uint64_t seed)
{
	unsigned long k = 0;

	switch (how) {
	case ORDER_SEQ:
		for (unsigned long i = 0; i < n; i++)
			idx[i] = (unsigned int)i;
		break;
	case ORDER_REVERSE:
		for (unsigned long i = 0; i < n; i++)
			idx[i] = (unsigned int)(n - 1 - i);
		break;
	case ORDER_STRIDED:
		for (unsigned long start = 0; start < STRIDE && start < n; start++)
			for (unsigned long i = start; i < n; i += STRIDE)
				idx[k++] = (unsigned int)i;
		break;
	case ORDER_RANDOM:
		for (unsigned long i = 0; i < n; i++)
			idx[i] = (unsigned int)i;
		for (unsigned long i = n - 1; i > 0; i--) {	/* Fisher-Yates */
			unsigned long j = mix64(seed + i) % (i + 1);
			unsigned int t = idx[i];

			idx[i] = idx[j];
			idx[j] = t;
		}
		break;
	}
}

/*
 * The pages of base[0..n) that are wrong, visited in idx's order; the
 * first wrong one's index goes to *first_bad (-1 if none).
 */
static inline unsigned long verify_pages(char *base, unsigned long n, const unsigned int *idx,
					 uint64_t seed, long *first_bad)
{
	unsigned long bad = 0;

	*first_bad = -1;
	for (unsigned long k = 0; k < n; k++) {
		unsigned long i = idx[k];

		if (page_bad_words(base + i * PAGE, seed)) {
			if (!bad)
				*first_bad = (long)i;
			bad++;
		}
	}
	return bad;
}

struct mem_pages {
	long ram, free_ram, swap, free_swap;
};

static inline struct mem_pages mem_info(void)
{
	struct sysinfo si;
	struct mem_pages m = { -1, -1, -1, -1 };

	if (sysinfo(&si) == 0) {
		m.ram = (long)(si.totalram * si.mem_unit / PAGE);
		m.free_ram = (long)(si.freeram * si.mem_unit / PAGE);
		m.swap = (long)(si.totalswap * si.mem_unit / PAGE);
		m.free_swap = (long)(si.freeswap * si.mem_unit / PAGE);
	}
	return m;
}

static inline int swap_on_here(void)
{
	return on_pagoda() && mem_info().swap > 0;
}

static inline char *map_anon(unsigned long bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_NOHUGEPAGE);	/* the host faults 4 KiB at a time, as Pagoda */
	return p;
}

#endif /* USER_TESTS_SWAP_UTIL_H */
