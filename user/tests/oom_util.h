/*
 * user/tests/oom_util.h - helpers of the OOM test programs (oom_kill.c,
 * oom_rounds.c).
 *
 * These programs run a memory hog on purpose: run natively they would
 * push the host into its own OOM killer, so they only run on Pagoda
 * (on_pagoda(): uname's sysname) and report every check as SKIP elsewhere.
 *
 *	start_hog(adj)        fork a child that sets its oom_score_adj and
 *	                      then touches fresh anonymous memory, 4 MiB at a
 *	                      time, until it is killed; it records in a shared
 *	                      page the time of its latest allocation
 *	start_holder(kib, adj, seed)  fork a child that fills kib KiB with a
 *	                      pattern, reports ready, and waits; holder_check()
 *	                      then makes it verify the pattern and exit 0 if
 *	                      intact (1 if not)
 *	set_oom_score_adj(n)  write n to /proc/self/oom_score_adj
 *	now_ns()              CLOCK_MONOTONIC in ns
 */
#ifndef USER_TESTS_OOM_UTIL_H
#define USER_TESTS_OOM_UTIL_H

#include <stdint.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

#include "util.h"

#define HOG_CHUNK	(4UL << 20)
#define PAGE		4096UL

/* Shared with the hog: when it last got a page, and how many it got. */
struct hog_shared {
	volatile int64_t last_alloc_ns;
	volatile long pages;
	volatile int resume;	/* the parent lets a paused hog go on */
};

static struct hog_shared *hog_sh;
/*
 * hog_pause_fd - if >= 0 when start_hog forks, the read end of a pipe
 * (O_NONBLOCK) whose write end another process holds: when that process
 * dies (end of file), the hog stops allocating until hog_sh->resume.  So a
 * test can look at the OOM killer's first choice before a second OOM.
 */
static int hog_pause_fd = -1;
static int hog_pause_wr = -1;	/* ... the write end, closed in the hog */

struct holder {
	pid_t pid;
	int go_fd;		/* write a byte: verify and exit */
};

static inline int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline int set_oom_score_adj(int adj)
{
	char buf[16];
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	int n, ret;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d\n", adj);
	ret = write(fd, buf, n) == n ? 0 : -1;
	close(fd);
	return ret;
}

/* The shared page the hog reports to (made once, inherited by every hog). */
static inline void hog_shared_init(void)
{
	if (!hog_sh) {
		hog_sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (hog_sh == MAP_FAILED)
			bail("mmap of the shared page: %s", strerror(errno));
	}
	hog_sh->last_alloc_ns = 0;
	hog_sh->pages = 0;
	hog_sh->resume = 0;
}

/* The hog's check, every few pages: has the watched process died?  Then wait. */
static inline void hog_maybe_pause(void)
{
	char c;

	if (hog_pause_fd < 0 || read(hog_pause_fd, &c, 1) != 0)
		return;
	while (!hog_sh->resume)
		usleep(1000);
	close(hog_pause_fd);
	hog_pause_fd = -1;
}

static inline void hog_loop(void)
{
	for (;;) {
		char *p = mmap(NULL, HOG_CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			usleep(1000);
			continue;
		}
		for (unsigned long off = 0; off < HOG_CHUNK; off += PAGE) {
			p[off] = 1;			/* a page fault: a new page */
			hog_sh->pages++;
			if ((off / PAGE) % 8 == 0) {
				hog_sh->last_alloc_ns = now_ns();
				hog_maybe_pause();
			}
		}
	}
}

static inline pid_t start_hog(int adj)
{
	pid_t pid;

	hog_shared_init();
	pid = fork();
	if (pid == 0) {
		if (hog_pause_wr >= 0)
			close(hog_pause_wr);
		if (adj && set_oom_score_adj(adj))
			_exit(3);
		hog_loop();
	}
	return pid;
}

static inline unsigned char pattern(unsigned long i, int seed)
{
	return (unsigned char)(i * 7 + seed + (i >> 12));
}

/*
 * start_holder_with - fork a holder: the child runs fill(arg) (nonzero:
 * it gives up, exit 3), says it is ready, waits for holder_check's word,
 * then exits with 0 if check(arg) found its memory intact, else 1.
 * Returns once the child is ready; bails if it cannot start.
 */
static inline struct holder start_holder_with(int (*fill)(void *arg), int (*check)(void *arg),
					      void *arg)
{
	struct holder h = { -1, -1 };
	int ready[2], go[2];
	char c;

	if (pipe(ready) || pipe(go))
		bail("pipe: %s", strerror(errno));
	h.pid = fork();
	if (h.pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (fill(arg))
			_exit(3);
		if (write(ready[1], "r", 1) != 1)
			_exit(4);
		if (read(go[0], &c, 1) != 1)
			_exit(5);
		_exit(check(arg) ? 1 : 0);
	}
	close(ready[1]);
	close(go[0]);
	if (h.pid < 0 || read(ready[0], &c, 1) != 1)
		bail("holder did not start");
	close(ready[0]);
	h.go_fd = go[1];
	return h;
}

/* What start_holder's child holds: kib KiB of pattern(seed), at oom_score_adj adj. */
struct byte_hold {
	unsigned long kib;
	int adj, seed;
	unsigned char *m;	/* the child's malloc'ed copy */
};

static inline int byte_hold_fill(void *arg)
{
	struct byte_hold *b = arg;
	unsigned long n = b->kib * 1024;

	b->m = malloc(n);
	if (!b->m || (b->adj && set_oom_score_adj(b->adj)))
		return -1;
	for (unsigned long i = 0; i < n; i++)
		b->m[i] = pattern(i, b->seed);
	return 0;
}

/* The bytes that lost their pattern (0: intact). */
static inline int byte_hold_check(void *arg)
{
	struct byte_hold *b = arg;

	for (unsigned long i = 0; i < b->kib * 1024; i++)
		if (b->m[i] != pattern(i, b->seed))
			return 1;
	return 0;
}

/* A child holding kib KiB of patterned memory; returns once it is ready. */
static inline struct holder start_holder(unsigned long kib, int adj, int seed)
{
	struct byte_hold b = { kib, adj, seed, NULL };

	return start_holder_with(byte_hold_fill, byte_hold_check, &b);
}

/* Tell the holder to verify its memory; its wait status. */
static inline int holder_check(struct holder *h)
{
	int st;

	if (write(h->go_fd, "g", 1) != 1)
		return -1;
	close(h->go_fd);
	if (waitpid(h->pid, &st, 0) != h->pid)
		return -1;
	return st;
}

/* Free RAM now (sysinfo), in pages. */
static inline long free_pages_now(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		return -1;
	return (long)(si.freeram * si.mem_unit / PAGE);
}

#endif /* USER_TESTS_OOM_UTIL_H */
