/*
 * oom_rounds - ten rounds of memory pressure (Pagoda only: see
 * oom_util.h): each round a hog runs until the OOM killer kills it, and
 * afterwards free memory must be back where it was before the first round
 * (within what the per-CPU page lists and slab caches may keep: up to
 * pcp->high pages, the zone's low watermark or more, so 1/32 of RAM).  tests/test_oom.py also checks at the reboot that every page came
 * back exactly (the leak check of kernel/init.c and kernel/sys.c).
 * An argument gives another number of rounds.
 */
#include "oom_util.h"

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10;
	struct sysinfo si;
	long base, tolerance;

	plan(2 * rounds);
	if (!on_pagoda()) {
		for (int i = 0; i < 2 * rounds; i++)
			skip("Pagoda only: a memory hog would push the host into its own OOM killer");
		return done_testing();
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	sysinfo(&si);
	tolerance = (long)(si.totalram * si.mem_unit / PAGE) / 32;
	base = free_pages_now();
	diag("free before the first round: %ld pages (tolerance %ld)", base, tolerance);
	for (int r = 1; r <= rounds; r++) {
		pid_t hog = start_hog(0);
		int st = -1;
		long now;

		diag("hog pid %d", hog);
		waitpid(hog, &st, 0);
		ok(killed_by(st, SIGKILL), "round %d: the hog is killed by SIGKILL (%s)", r,
		   status_str(st));
		usleep(50000);		/* the oom_reaper forgets the victim within a tick */
		now = free_pages_now();
		ok(now >= base - tolerance, "round %d: free memory back at baseline (%ld pages, was %ld)",
		   r, now, base);
	}
	return done_testing();
}
