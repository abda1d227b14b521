/*
 * swap_mlock - mlock(2)ed pages are never swapped out.
 *
 *	swap_mlock [MiB]	the pressure: default 2x RAM on Pagoda, 32 MiB elsewhere
 *
 * This process locks 1 MiB (256 pages, within the host's usual 8 MiB
 * RLIMIT_MEMLOCK) and fills it and 1 MiB of unlocked memory with page
 * patterns (swap_util.h); a child then writes and reads MiB of its own,
 * pushing everything idle out to swap.  Afterwards:
 *   1  mlock succeeded (natively, a refusal under the host's
 *      RLIMIT_MEMLOCK skips checks 1 and 3, saying so)
 *   2  the child ran (its pages intact)
 *   3  reading the locked 1 MiB took no major fault (getrusage: nothing
 *      had to come back from swap) and it is intact
 *   4  on Pagoda with swap: the unlocked 1 MiB did come back from swap
 *      (major faults > 0) - the pressure was real, so check 3 could fail -
 *      and it is intact; natively (no swap to speak of) only intact
 * On Pagoda without swap every check is skipped, saying so.
 */
#include <sys/resource.h>

#include "swap_util.h"

#define CHECKS	4
#define LOCKED	256UL			/* pages */

static long majflt(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_majflt;
}

static unsigned long bad_pages(char *p, unsigned long n, uint64_t seed)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < n; i++)
		bad += page_bad_words(p + i * PAGE, seed) != 0;
	return bad;
}

static int pressure(unsigned long npages)
{
	char *mem = map_anon(npages * PAGE);

	if (!mem)
		return 3;
	for (unsigned long i = 0; i < npages; i++)
		page_fill(mem + i * PAGE, 5);
	return bad_pages(mem, npages, 5) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct mem_pages m = mem_info();
	int pagoda = on_pagoda(), swap = swap_on_here(), st = -1, locked_ok;
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0)
			  : pagoda ? (unsigned long)m.ram * 2 * PAGE / MiB : 32;
	char *locked, *unlocked;
	unsigned long bad;
	long f0, f1;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(CHECKS);
	if (pagoda && !swap) {
		for (int i = 0; i < CHECKS; i++)
			skip("no swap on: boot with a mkswap'ed disk and swap=/dev/vda");
		return done_testing();
	}
	locked = map_anon(LOCKED * PAGE);
	unlocked = map_anon(LOCKED * PAGE);
	if (!locked || !unlocked)
		bail("mmap: %s", strerror(errno));
	for (unsigned long i = 0; i < LOCKED; i++) {
		page_fill(locked + i * PAGE, 3);
		page_fill(unlocked + i * PAGE, 4);
	}
	errno = 0;
	locked_ok = mlock(locked, LOCKED * PAGE) == 0;
	if (!locked_ok && !pagoda)	/* an unprivileged host user under a small RLIMIT_MEMLOCK */
		skip("mlock of 1 MiB refused here (%s): the host's limit", strerror(errno));
	else
		ok(locked_ok, "mlock of 1 MiB (%s)", locked_ok ? "ok" : strerror(errno));
	diag("pressure: a child writes and reads %lu MiB", mib);
	pid = fork();
	if (pid == 0)
		_exit(pressure(mib * MiB / PAGE));
	waitpid(pid, &st, 0);
	ok(exited_with(st, 0), "the child's %lu MiB intact (%s)", mib, status_str(st));

	f0 = majflt();
	bad = bad_pages(locked, LOCKED, 3);
	f1 = majflt();
	if (!locked_ok && !pagoda)
		skip("nothing locked (%lu pages wrong, %ld major faults)", bad, f1 - f0);
	else
		ok(f1 == f0 && bad == 0, "the locked 1 MiB: %ld major faults, %lu pages wrong",
		   f1 - f0, bad);

	f0 = majflt();
	bad = bad_pages(unlocked, LOCKED, 4);
	f1 = majflt();
	if (swap)
		ok(f1 > f0 && bad == 0, "the unlocked 1 MiB came back from swap: %ld major faults, "
		   "%lu pages wrong", f1 - f0, bad);
	else
		ok(bad == 0, "the unlocked 1 MiB is intact (%lu pages wrong; %ld major faults)",
		   bad, f1 - f0);
	return done_testing();
}
