/*
 * swap_rounds - ten rounds of swap pressure, with free pages AND free swap
 * slots back at the baseline after each (Pagoda only, with swap on; else
 * every check is skipped, saying why).
 *
 *	swap_rounds [rounds [MiB]]	default 10 rounds of 3/2 x RAM
 *
 * Each round a child writes MiB of patterned pages (swap_util.h) - more
 * than RAM, so they go out to swap - and verifies them all.  Odd rounds the
 * child then exits; even rounds it waits and this process kills it with
 * SIGKILL while its pages are still out (the slots must be freed by the
 * unmap at exit either way).  After each round, per round:
 *   - the child found every page intact (and exited 0 / was killed)
 *   - free RAM is back at the baseline (sysinfo; tolerance 1/32 of RAM,
 *     oom_rounds' rule: per-CPU lists and slab caches keep some pages)
 *   - free swap is back at the baseline (same tolerance: pages of this
 *     process and of init that reclaim pushed out stay in swap)
 * tests/test_swap.py checks the swap counters once more at the reboot.
 */
#include "swap_util.h"

static int child(unsigned long npages, int wait_for_kill, int fd)
{
	char *mem = map_anon(npages * PAGE);
	unsigned long bad = 0;

	if (!mem)
		return 3;
	for (unsigned long i = 0; i < npages; i++)
		page_fill(mem + i * PAGE, i ^ 0xabc);
	for (unsigned long i = 0; i < npages; i++)
		bad += page_bad_words(mem + i * PAGE, i ^ 0xabc) != 0;
	if (wait_for_kill) {
		if (write(fd, bad ? "b" : "r", 1) != 1)
			return 4;
		for (;;)
			pause();
	}
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10;
	struct mem_pages base = mem_info();
	unsigned long mib = argc > 2 ? strtoul(argv[2], NULL, 0)
				     : (unsigned long)base.ram * 3 / 2 * PAGE / MiB;
	long tol = base.ram / 32;

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(3 * rounds);
	if (!swap_on_here()) {
		for (int i = 0; i < 3 * rounds; i++)
			skip(on_pagoda() ? "no swap on: boot with a mkswap'ed disk and swap=/dev/vda"
				: "Pagoda only: it fills more than RAM, round after round");
		return done_testing();
	}
	diag("%d rounds of %lu MiB; baseline: free RAM %ld pages, free swap %ld of %ld "
	     "(tolerance %ld)", rounds, mib, base.free_ram, base.free_swap, base.swap, tol);
	for (int r = 1; r <= rounds; r++) {
		int kill_it = r % 2 == 0, st = -1, fds[2];
		struct mem_pages now;
		char c = 0;
		pid_t pid;

		if (pipe(fds))
			bail("pipe: %s", strerror(errno));
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			_exit(child(mib * MiB / PAGE, kill_it, fds[1]));
		}
		close(fds[1]);
		if (kill_it) {
			if (read(fds[0], &c, 1) == 1)
				kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			ok(c == 'r' && killed_by(st, SIGKILL),
			   "round %d: the child's %lu MiB intact, then killed with its pages out (%c, %s)",
			   r, mib, c ? c : '-', status_str(st));
		} else {
			waitpid(pid, &st, 0);
			ok(exited_with(st, 0), "round %d: the child's %lu MiB intact, it exited (%s)",
			   r, mib, status_str(st));
		}
		close(fds[0]);
		usleep(50000);
		now = mem_info();
		ok(now.free_ram >= base.free_ram - tol,
		   "round %d: free RAM back at the baseline (%ld pages, was %ld)", r, now.free_ram,
		   base.free_ram);
		ok(now.free_swap >= base.free_swap - tol,
		   "round %d: free swap back at the baseline (%ld pages, was %ld)", r,
		   now.free_swap, base.free_swap);
	}
	return done_testing();
}
