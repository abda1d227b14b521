/*
 * swap_onoff - swapon(2) and swapoff(2) from user space (Pagoda only, with
 * swap on: it turns the system's swap off and on again; elsewhere every
 * check is skipped, saying why).
 *
 *	swap_onoff [device]	default /dev/vda (what init turned on)
 *
 *   1  swapon of the area that is already on: EBUSY
 *   2  swapoff of a path that is no swap area: EINVAL
 *   3  swapoff while a holder keeps 3/2 x RAM of patterned pages (most of
 *      them on the disk): they cannot all come back, so ENOMEM...
 *   4  ... and the area is still on (sysinfo: same total swap)
 *   5  ... and the holder's pages are all intact
 *   6  a second holder with 1/4 x RAM, pushed out to swap by a passing
 *      1 x RAM child: swap is in use
 *   7  swapoff succeeds: every page comes back into memory
 *   8  sysinfo: no swap left
 *   9  the holder's pages are all intact
 *  10  swapon again: 0, and sysinfo shows the same total as at the start
 * The holders' pages carry swap_util.h's patterns.
 */
#include <sys/swap.h>

#include "swap_util.h"

#define CHECKS	10

/* What a page holder's child holds: npages pages of swap_util.h's pattern(seed). */
struct page_hold {
	unsigned long npages;
	uint64_t seed;
	char *mem;		/* the child's mapping */
};

static int page_hold_fill(void *arg)
{
	struct page_hold *p = arg;

	p->mem = map_anon(p->npages * PAGE);
	if (!p->mem)
		return -1;
	for (unsigned long i = 0; i < p->npages; i++)
		page_fill(p->mem + i * PAGE, p->seed);
	return 0;
}

/* The pages that lost their pattern (0: intact). */
static int page_hold_check(void *arg)
{
	struct page_hold *p = arg;
	unsigned long bad = 0;

	for (unsigned long i = 0; i < p->npages; i++)
		bad += page_bad_words(p->mem + i * PAGE, p->seed) != 0;
	return bad != 0;
}

/* A child holding npages patterned pages; returns once they are written. */
static struct holder start_pholder(unsigned long npages, uint64_t seed)
{
	struct page_hold p = { npages, seed, NULL };

	return start_holder_with(page_hold_fill, page_hold_check, &p);
}

/* A child that writes npages and exits: pressure that pushes idle pages out. */
static int pass_by(unsigned long npages)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *mem = map_anon(npages * PAGE);

		if (!mem)
			_exit(3);
		for (unsigned long i = 0; i < npages; i++)
			page_fill(mem + i * PAGE, 9);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/vda";
	struct mem_pages start = mem_info(), m;
	struct holder big, small;
	int ret, err, st;

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(CHECKS);
	if (!swap_on_here()) {
		for (int i = 0; i < CHECKS; i++)
			skip(on_pagoda() ? "no swap on: boot with a mkswap'ed disk and swap=/dev/vda"
				: "Pagoda only: it turns the system's swap off and on");
		return done_testing();
	}
	diag("%s: RAM %ld pages, swap %ld pages (%ld free)", dev, start.ram, start.swap,
	     start.free_swap);
	ret = swapon(dev, 0);
	err = errno;
	ok(ret == -1 && err == EBUSY, "swapon of the area that is on: EBUSY (%d, %s)", ret,
	   strerror(err));
	ret = swapoff("/bin");
	err = errno;
	ok(ret == -1 && err == EINVAL, "swapoff of no swap area: EINVAL (%d, %s)", ret,
	   strerror(err));

	big = start_pholder((unsigned long)start.ram * 3 / 2, 41);
	ret = swapoff(dev);
	err = errno;
	ok(ret == -1 && err == ENOMEM, "swapoff with 3/2 x RAM out on it: ENOMEM (%d, %s)", ret,
	   strerror(err));
	m = mem_info();
	ok(m.swap == start.swap, "... the area is still on: %ld swap pages", m.swap);
	st = holder_check(&big);
	ok(exited_with(st, 0), "... the holder's pages are intact (%s)", status_str(st));

	small = start_pholder((unsigned long)start.ram / 4, 42);
	st = pass_by((unsigned long)start.ram);
	m = mem_info();
	ok(exited_with(st, 0) && m.free_swap < m.swap, "a holder pushed out: %ld swap pages in use "
	   "(%s)", m.swap - m.free_swap, status_str(st));
	ret = swapoff(dev);
	err = errno;
	ok(ret == 0, "swapoff: every page back in memory (%d, %s)", ret, ret ? strerror(err) : "ok");
	m = mem_info();
	ok(m.swap == 0 && m.free_swap == 0, "no swap left (%ld total, %ld free)", m.swap,
	   m.free_swap);
	st = holder_check(&small);
	ok(exited_with(st, 0), "the holder's pages are intact (%s)", status_str(st));
	ret = swapon(dev, 0);
	err = errno;
	m = mem_info();
	ok(ret == 0 && m.swap == start.swap, "swapon again: %ld swap pages (%d, %s)", m.swap, ret,
	   ret ? strerror(err) : "ok");
	return done_testing();
}
