/*
 * swap_full - swap runs out, then the OOM killer (Pagoda only, with swap
 * on: a memory hog; elsewhere every check is skipped, saying why).
 *
 * A bystander holds 4 MiB of patterned memory and this process 1 MiB
 * (swap_util.h's page patterns); a hog (oom_util.h) touches anonymous
 * memory until it is killed.  With swap on, reclaim pushes the hog's
 * older pages - and the idle bystander's - out to swap until no slot is
 * left; only then may the OOM killer act.  Checks:
 *   1  the hog is killed by SIGKILL
 *   2  it got more pages than RAM holds: swap was used
 *   3  it got at least 3/4 of RAM + swap: it died because swap was full
 *      (tests/test_swap.py also reads its swapents in the kernel's task dump)
 *   4  the bystander's 4 MiB are intact (swapped out, read back)
 *   5  this process's 1 MiB is intact
 *   6  free swap is back (the dead hog's slots were freed; tolerance 1/32
 *      of RAM for the survivors' own swapped pages)
 * "# hog pid N" names the hog for the test's log checks.
 */
#include "swap_util.h"

#define CHECKS	6
#define MINE	(256UL)			/* pages */

static char mine[MINE * PAGE] __attribute__((aligned(4096)));

int main(void)
{
	struct mem_pages before = mem_info(), after;
	struct holder by;
	pid_t hog;
	int st = -1;
	unsigned long bad = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(CHECKS);
	if (!swap_on_here()) {
		for (int i = 0; i < CHECKS; i++)
			skip(on_pagoda() ? "no swap on: boot with a mkswap'ed disk and swap=/dev/vda"
				: "Pagoda only: a memory hog would push the host into its own OOM killer");
		return done_testing();
	}
	diag("RAM %ld pages, swap %ld pages (%ld free)", before.ram, before.swap, before.free_swap);
	for (unsigned long i = 0; i < MINE; i++)
		page_fill(mine + i * PAGE, 11);
	by = start_holder(4096, 0, 2);
	hog = start_hog(0);
	diag("hog pid %d", hog);
	waitpid(hog, &st, 0);
	ok(killed_by(st, SIGKILL), "the hog is killed by SIGKILL (%s)", status_str(st));
	ok(hog_sh->pages > before.ram, "the hog had %ld pages, more than RAM's %ld: swap was used",
	   hog_sh->pages, before.ram);
	ok(hog_sh->pages >= (before.ram + before.swap) * 3 / 4,
	   "the hog had %ld pages, at least 3/4 of RAM + swap (%ld): swap was full",
	   hog_sh->pages, before.ram + before.swap);
	st = holder_check(&by);
	ok(exited_with(st, 0), "the bystander's 4 MiB are intact (%s)", status_str(st));
	for (unsigned long i = 0; i < MINE; i++)
		bad += page_bad_words(mine + i * PAGE, 11) != 0;
	ok(bad == 0, "this process's 1 MiB is intact (%lu pages wrong)", bad);
	usleep(50000);
	after = mem_info();
	ok(after.free_swap >= before.free_swap - before.ram / 32,
	   "free swap back: %ld pages, was %ld (tolerance %ld)", after.free_swap,
	   before.free_swap, before.ram / 32);
	return done_testing();
}
