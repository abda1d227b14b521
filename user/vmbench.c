/*
 * user/vmbench.c - virtual-memory micro-benchmarks, printed as BENCH lines
 * (DESIGN.md §7).  The same static binary runs natively on the host and on
 * Pagoda, so the figures compare directly.  A benchmark: nothing here is
 * judged, and the exit status is 0 unless an operation failed.
 *
 *	BENCH name=anon_fault unit=us value=N iterations=PAGES size_mib=32
 *	    first write to each page of a fresh 32 MiB anonymous mapping: one
 *	    demand-zero fault per page (do_anonymous_page), mean per page
 *	BENCH name=anon_touch_nofault unit=ns value=N iterations=PAGES size_mib=32
 *	    the same writes again: the pages are mapped, no fault - the loop's
 *	    own cost, to subtract from the line above
 *	BENCH name=fork_16m unit=us value=N iterations=I size_mib=16
 *	BENCH name=fork_64m unit=us value=N iterations=I size_mib=64 fork_over_copy=R
 *	    fork of a process with 16 / 64 MiB of anonymous memory touched,
 *	    the child _exit(0)s at once, the parent wait4s: copy_page_range
 *	    write-protecting the ptes (copy-on-write), and the teardown
 *	BENCH name=copy_64m unit=us value=N iterations=I size_mib=64
 *	    memcpy of the same 64 MiB in user space, through a 4 MiB buffer
 *	    touched beforehand: what a fork that copied the memory would at
 *	    least cost.  fork_over_copy = fork_64m / copy_64m.
 *	BENCH name=cow_break_child unit=us value=N iterations=PAGES
 *	    after fork, the child writes one byte to each of 4096 pages (16 MiB)
 *	    of the 64 MiB: one copy-on-write fault each (wp_page_copy), mean per
 *	    page, timed in the child
 *	BENCH name=mmap_touch_munmap_1m unit=us value=N iterations=I
 *	    mmap 1 MiB anonymous, write one byte per page, munmap: 256 faults,
 *	    the VMA's life and the pages' teardown, per round
 *
 * Sizes shrink on a machine with less than 112 MiB of RAM (sysinfo): the
 * size_mib keys say what was measured.  `vmbench [scale]` multiplies the
 * iteration counts (default 1: they suit QEMU TCG).  Transparent huge pages
 * are declined with MADV_NOHUGEPAGE so that the host faults 4 KiB at a time
 * as Pagoda does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define MiB		(1024UL * 1024)

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

static long scale = 1;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One BENCH line, written at once; extra is "" or " key=value...". */
static void report(const char *name, const char *unit, double value, long iterations,
		   const char *extra)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "BENCH name=%s unit=%s value=%.3f iterations=%ld%s\n",
			 name, unit, value, iterations, extra);

	write(1, line, (size_t)n);
}

static void fail(const char *what)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "vmbench: %s: %s\n", what, strerror(errno));

	write(2, line, (size_t)n);
	exit(1);
}

static unsigned char *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fail("mmap");
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

/* Writes one byte per page; returns the time it took in ns. */
static double touch(unsigned char *p, size_t len, unsigned char v)
{
	double t0 = now_ns();

	for (size_t i = 0; i < len; i += PAGE)
		((volatile unsigned char *)p)[i] = v;
	return now_ns() - t0;
}

static void bench_anon_fault(size_t len)
{
	long rounds = 3 * scale, pages = (long)(len / PAGE);
	double fault = 0, nofault = 0;
	char extra[64];

	for (long r = 0; r < rounds; r++) {
		unsigned char *p = map(len);

		fault += touch(p, len, 1);
		nofault += touch(p, len, 2);
		munmap(p, len);
	}
	snprintf(extra, sizeof(extra), " size_mib=%zu", len / MiB);
	report("anon_fault", "us", fault / (double)(rounds * pages) / 1e3, rounds * pages, extra);
	report("anon_touch_nofault", "ns", nofault / (double)(rounds * pages), rounds * pages, extra);
}

/* Mean time of fork + child _exit + wait4, in ns, with p[0..len) touched. */
static double fork_cycle(long n)
{
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			fail("fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid)
			fail("waitpid");
	}
	return (now_ns() - t0) / (double)n;
}

/* memcpy of len bytes from p through a 4 MiB buffer; ns per whole copy. */
static double copy_cycle(const unsigned char *p, size_t len, long n)
{
	size_t chunk = 4 * MiB < len ? 4 * MiB : len;
	unsigned char *buf = map(chunk);
	double t0;

	touch(buf, chunk, 1);
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		for (size_t off = 0; off < len; off += chunk)
			memcpy(buf, p + off, chunk);
	t0 = (now_ns() - t0) / (double)n;
	munmap(buf, chunk);
	return t0;
}

/* Forks once; the child writes to cow_pages pages and sends its time per page. */
static double cow_break(unsigned char *p, long cow_pages)
{
	int fds[2], status;
	double per_page = -1;

	if (pipe(fds) < 0)
		fail("pipe");
	pid_t pid = fork();

	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		double ns = touch(p, (size_t)cow_pages * PAGE, 3) / (double)cow_pages;

		_exit(write(fds[1], &ns, sizeof(ns)) == sizeof(ns) ? 0 : 1);
	}
	if (read(fds[0], &per_page, sizeof(per_page)) != sizeof(per_page))
		fail("read");
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);
	return per_page;
}

static void bench_fork(size_t big)
{
	long forks = 10 * scale, copies = 3 * scale, cows = 3 * scale;
	size_t small = big / 4;
	unsigned char *p = map(big);
	char extra[96];
	double f_small, f_big, copy, cow = 0;
	long cow_pages = (long)(small / PAGE);

	touch(p, small, 1);
	fork_cycle(1);			/* warm-up */
	f_small = fork_cycle(forks);
	snprintf(extra, sizeof(extra), " size_mib=%zu", small / MiB);
	report("fork_16m", "us", f_small / 1e3, forks, extra);

	touch(p, big, 1);
	f_big = fork_cycle(forks);
	copy = copy_cycle(p, big, copies);
	snprintf(extra, sizeof(extra), " size_mib=%zu fork_over_copy=%.4f", big / MiB, f_big / copy);
	report("fork_64m", "us", f_big / 1e3, forks, extra);
	snprintf(extra, sizeof(extra), " size_mib=%zu", big / MiB);
	report("copy_64m", "us", copy / 1e3, copies, extra);

	for (long i = 0; i < cows; i++)
		cow += cow_break(p, cow_pages);
	snprintf(extra, sizeof(extra), " size_mib=%zu", small / MiB);
	report("cow_break_child", "us", cow / (double)cows / 1e3, cows * cow_pages, extra);
	munmap(p, big);
}

static void bench_mmap_touch_munmap(void)
{
	long rounds = 50 * scale;
	double t0;

	munmap(map(MiB), MiB);		/* warm-up */
	t0 = now_ns();
	for (long i = 0; i < rounds; i++) {
		unsigned char *p = map(MiB);

		touch(p, MiB, 1);
		if (munmap(p, MiB) < 0)
			fail("munmap");
	}
	report("mmap_touch_munmap_1m", "us", (now_ns() - t0) / (double)rounds / 1e3, rounds, "");
}

int main(int argc, char **argv)
{
	struct sysinfo si;
	size_t ram, fault_len = 32 * MiB, fork_len = 64 * MiB;

	if (argc > 1)
		scale = atol(argv[1]) > 0 ? atol(argv[1]) : 1;
	if (sysinfo(&si) < 0)
		fail("sysinfo");
	ram = si.totalram * (si.mem_unit ? si.mem_unit : 1);
	if (ram < 112 * MiB) {		/* keep 64 + 16 + 4 MiB well inside RAM */
		fork_len = ram / 3 & ~(4 * MiB - 1);
		fault_len = fork_len / 2;
	}
	bench_anon_fault(fault_len);
	bench_fork(fork_len);
	bench_mmap_touch_munmap();
	return 0;
}
