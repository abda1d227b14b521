/*
 * oom_kill - the OOM killer without swap (Pagoda only: see oom_util.h).
 *
 *  1. A hog touches anonymous memory until the OOM killer kills it with
 *     SIGKILL; a bystander process holding 4 MiB of patterned memory and
 *     this process's own 1 MiB come through intact.  Prints the time from
 *     the hog's last recorded allocation to this process seeing its death
 *     (a BENCH line, not judged).
 *  2. oom_score_adj steers the choice: a small process with
 *     oom_score_adj=1000 is killed first, while the much bigger hog is
 *     still alive (the hog goes at the next OOM).
 *  3. oom_score_adj=-1000 protects: a holder of more than half of free RAM,
 *     the biggest process when memory runs out, survives with its memory
 *     intact; the hog is killed instead.
 * The hogs' pids are printed as "# hog pid N" so that tests/test_oom.py can
 * match them with the kernel's "Out of memory: Killed process N" lines.
 */
#include "oom_util.h"

#define CHECKS	9

static unsigned char mine[1 << 20];

static void hog_is_killed_bystander_intact(void)
{
	struct holder by;
	pid_t hog;
	int st, intact = 1;
	int64_t died;

	for (unsigned long i = 0; i < sizeof(mine); i++)
		mine[i] = pattern(i, 1);
	by = start_holder(4096, 0, 2);
	hog = start_hog(0);
	diag("hog pid %d", hog);
	st = -1;
	waitpid(hog, &st, 0);
	died = now_ns();
	ok(killed_by(st, SIGKILL), "the hog is killed by SIGKILL (%s)", status_str(st));
	printf("BENCH name=oom_kill_latency unit=us value=%lld pages=%ld\n",
	       (long long)(died - hog_sh->last_alloc_ns) / 1000, hog_sh->pages);
	st = holder_check(&by);
	ok(exited_with(st, 0), "the bystander's 4 MiB are intact (%s)", status_str(st));
	for (unsigned long i = 0; i < sizeof(mine); i++)
		if (mine[i] != pattern(i, 1))
			intact = 0;
	ok(intact, "this process's own 1 MiB is intact");
}

/*
 * The small adj=1000 process goes first.  Once it is dead the hog would go
 * on to a second OOM, racing with our look at it: the hog watches a pipe
 * whose only write end the small process holds, and stops allocating when
 * it closes (hog_pause_fd), until we let it go on.
 */
static void oom_score_adj_1000_goes_first(void)
{
	int fds[2], st = -1, hog_alive;
	struct holder small;
	pid_t hog;

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC))
		bail("pipe2: %s", strerror(errno));
	small = start_holder(256, 1000, 3);	/* inherits the write end */
	hog_pause_fd = fds[0];
	hog_pause_wr = fds[1];
	hog = start_hog(0);
	close(fds[0]);
	close(fds[1]);
	hog_pause_fd = hog_pause_wr = -1;
	diag("hog pid %d, oom_score_adj=1000 pid %d", hog, small.pid);
	waitpid(small.pid, &st, 0);
	hog_alive = waitpid(hog, NULL, WNOHANG) == 0;
	ok(killed_by(st, SIGKILL), "the oom_score_adj=1000 process is killed (%s)", status_str(st));
	ok(hog_alive, "... while the bigger hog is still alive");
	close(small.go_fd);
	hog_sh->resume = 1;
	st = -1;
	waitpid(hog, &st, 0);
	ok(killed_by(st, SIGKILL), "then the hog is killed (%s)", status_str(st));
}

static void oom_score_adj_minus_1000_protects(void)
{
	long half = free_pages_now() / 2 + free_pages_now() / 16;
	struct holder big = start_holder(half * 4, -1000, 4);
	pid_t hog = start_hog(0);
	int st = -1;

	diag("hog pid %d, oom_score_adj=-1000 pid %d holds %ld KiB", hog, big.pid, half * 4);
	waitpid(hog, &st, 0);
	ok(killed_by(st, SIGKILL), "the hog is killed (%s)", status_str(st));
	diag("the hog had %ld pages when it died", hog_sh->pages);
	ok(waitpid(big.pid, NULL, WNOHANG) == 0, "the protected holder is alive");
	st = holder_check(&big);
	ok(exited_with(st, 0), "... and its memory is intact (%s)", status_str(st));
}

int main(void)
{
	plan(CHECKS);
	if (!on_pagoda()) {
		for (int i = 0; i < CHECKS; i++)
			skip("Pagoda only: a memory hog would push the host into its own OOM killer");
		return done_testing();
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	hog_is_killed_bystander_intact();
	oom_score_adj_1000_goes_first();
	oom_score_adj_minus_1000_protects();
	return done_testing();
}
