/*
 * swap_pressure - more anonymous memory than RAM, written with per-page
 * patterns (swap_util.h) and read back in several orders; then the same
 * through a fork: COW-shared pages swapped out and in.  Zero corrupt pages.
 *
 *	swap_pressure [MiB]
 *
 * Size: the argument, else on Pagoda 3x RAM (sysinfo) - which needs swap:
 * without a swap area on, every check is skipped, saying so - and natively
 * 64 MiB (the checks of the orders and the fork still run, swap or not).
 *
 * The checks, in order:
 *   1  the mapping is made and every page written (sequentially)
 *   2  on Pagoda: swap is in use afterwards (the test really swapped)
 *   3-5 all pages intact, read in random, strided and reverse order
 *   6  a child verifies every page (random order) at the same time as the
 *      parent verifies them (sequentially): both fault on the same swap
 *      entries, which the swap cache serves once; the child then writes a
 *      new pattern to every 4th page (COW breaks of swapped-out pages) and
 *      verifies them and the others again: it exits 0 if all was right
 *   7  the parent's concurrent pass was clean
 *   8  the parent's pages after the child is gone: the child's writes did
 *      not show through, nothing was lost
 *   9  after munmap, free swap is back at what it was before (the slots
 *      of the mapping were freed; tolerance 1/32 of RAM for pages of this
 *      process and init that reclaim may have pushed out meanwhile)
 */
#include "swap_util.h"

#define CHECKS	9
#define SEED	0x5eed0001ULL
#define SEED2	0x5eed0002ULL

static char *mem;
static unsigned long npages;
static unsigned int *idx;

static int child_pass(void)
{
	long first;
	unsigned long bad;

	order_fill(idx, npages, ORDER_RANDOM, 77);
	bad = verify_pages(mem, npages, idx, SEED, &first);
	if (bad) {
		diag("child: %lu pages wrong before writing, first %ld", bad, first);
		return 1;
	}
	for (unsigned long i = 0; i < npages; i += 4)
		page_fill(mem + i * PAGE, SEED2);
	for (unsigned long k = 0; k < npages; k++) {
		unsigned long i = idx[k];

		if (page_bad_words(mem + i * PAGE, i % 4 ? SEED : SEED2)) {
			if (!bad)
				diag("child: page %lu wrong after the COW writes", i);
			bad++;
		}
	}
	return bad ? 1 : 0;
}

static void check_order(enum order how)
{
	long first;
	unsigned long bad;

	order_fill(idx, npages, how, 1234 + how);
	bad = verify_pages(mem, npages, idx, SEED, &first);
	ok(bad == 0, "%s order: %lu pages intact (%lu wrong, first %ld)", order_name(how),
	   npages, bad, first);
}

int main(int argc, char **argv)
{
	struct mem_pages before = mem_info(), now;
	unsigned long mib;
	long first;
	pid_t pid;
	int st = -1, pagoda = on_pagoda();

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(CHECKS);
	if (argc > 1)
		mib = strtoul(argv[1], NULL, 0);
	else if (pagoda)
		mib = 3 * (unsigned long)before.ram * PAGE / MiB;
	else
		mib = 64;
	if (pagoda && before.swap <= 0 && argc < 2) {
		for (int i = 0; i < CHECKS; i++)
			skip("no swap on: boot with a mkswap'ed disk and swap=/dev/vda (tests/test_swap.py)");
		return done_testing();
	}
	npages = mib * MiB / PAGE;
	diag("%lu MiB (%lu pages); RAM %ld pages, swap %ld pages (%ld free)", mib, npages,
	     before.ram, before.swap, before.free_swap);
	idx = malloc(npages * sizeof(*idx));
	mem = map_anon(npages * PAGE);
	if (!idx || !mem)
		bail("cannot map %lu MiB: %s", mib, strerror(errno));
	for (unsigned long i = 0; i < npages; i++)
		page_fill(mem + i * PAGE, SEED);
	ok(1, "wrote %lu pages", npages);

	now = mem_info();
	if (pagoda)
		ok(now.swap - now.free_swap >= (long)npages / 4,
		   "swap in use: %ld of %ld pages", now.swap - now.free_swap, now.swap);
	else
		skip("swap use is only checked on Pagoda");

	check_order(ORDER_RANDOM);
	check_order(ORDER_STRIDED);
	check_order(ORDER_REVERSE);

	pid = fork();
	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0)
		_exit(child_pass());
	{
		unsigned int *mine = malloc(npages * sizeof(*mine));
		unsigned long bad;

		if (!mine)
			bail("malloc");
		order_fill(mine, npages, ORDER_SEQ, 0);
		bad = verify_pages(mem, npages, mine, SEED, &first);
		waitpid(pid, &st, 0);
		ok(exited_with(st, 0), "the child read every COW-shared page and wrote a quarter of "
		   "them, all intact (%s)", status_str(st));
		ok(bad == 0, "the parent's pass during the child's: %lu wrong, first %ld", bad, first);
		order_fill(mine, npages, ORDER_RANDOM, 99);
		bad = verify_pages(mem, npages, mine, SEED, &first);
		ok(bad == 0, "after the child: the parent's %lu pages intact (%lu wrong, first %ld)",
		   npages, bad, first);
		free(mine);
	}

	munmap(mem, npages * PAGE);
	usleep(50000);
	now = mem_info();
	if (pagoda) {
		long tol = before.ram / 32;

		ok(now.free_swap >= before.free_swap - tol,
		   "free swap back after munmap: %ld pages, was %ld (tolerance %ld)",
		   now.free_swap, before.free_swap, tol);
	} else {
		skip("free swap is only checked on Pagoda");
	}
	return done_testing();
}
