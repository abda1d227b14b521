/*
 * user/swapdemo.c - stream more anonymous memory than the machine has RAM,
 * and check that every word comes back: swap at work.
 *
 *	swapdemo                  1.5 x RAM (less if swap is small), 2 passes
 *	swapdemo --size 32        32 MiB: fits in RAM, runs without swap too
 *	swapdemo --passes 4       verify 4 times: forward, backward, forward...
 *
 * What happens:
 *  1. sysinfo(2) says how much RAM and swap there is (totalram, freeram,
 *     totalswap, freeswap).  Without --size, the size is 1.5 x RAM, kept
 *     below free RAM + free swap (minus a margin for the kernel): streaming
 *     more than fits would only wake the OOM killer.  Without swap there is
 *     no default: name a --size that fits in RAM.
 *  2. One mmap'ed area of that size is written from start to end, every
 *     64-bit word with its own address XOR a seed.  Once RAM runs low the
 *     kernel reclaims: kswapd (and the writing process itself, in direct
 *     reclaim) picks the least recently used pages - the start of the area -
 *     writes them to swap (pswpout) and reuses their frames.
 *  3. Each pass then reads every word back and compares: forward on odd
 *     passes, backward on even ones.  A swapped-out page faults (a major
 *     fault, pgmajfault) and is read back from swap (pswpin), pushing other
 *     pages out.  Any word that differs is reported with its address.
 *
 * After the write and after the last pass, the area's own Rss: and Swap:
 * lines of /proc/self/smaps say where its pages are: they add up to the size.
 * After the write, /proc/self/pagemap's present and swapped bits say the
 * same page by page.
 *
 * Each step prints how long it took and what /proc/vmstat's pswpin,
 * pswpout and pgmajfault counters did meanwhile, and how much swap is in
 * use (sysinfo).  Without /proc the counters are left out; the check still
 * runs.  Watch the same from another shell with `mmstat 1`.
 *
 * --inject-error flips one bit after the write, to show that the check
 * catches a wrong word (it is how the test of this program fails it).
 *
 * Exit status: 0 every word verified, 1 a word was wrong or the memory could
 * not be had, 2 bad arguments.  (A swap read error kills it with SIGBUS.)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define MiB		(1024ULL * 1024)
#define WORDS_PER_PAGE	(PAGE / sizeof(uint64_t))
#define SEED		0x5a17d3a0c0ffee00ULL
#define MAX_REPORTS	5		/* mismatches printed in full */

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

/* The /proc/vmstat counters shown for each step. */
enum { PSWPIN, PSWPOUT, PGMAJFAULT, NR_COUNTERS };
static const char *const counter_names[NR_COUNTERS] = { "pswpin", "pswpout", "pgmajfault" };

static const char usage_text[] =
	"usage: swapdemo [options]\n"
	"Write more anonymous memory than there is RAM, then read it back and\n"
	"verify every word: the kernel has to swap pages out and in.\n"
	"\n"
	"  -s, --size MIB    stream MIB mebibytes (default: 1.5 x RAM, kept below\n"
	"                    free RAM + free swap; needs swap)\n"
	"  -p, --passes N    verify N times, forward then backward... (1-100)  [2]\n"
	"  -f, --force       run even if SIZE does not fit in free RAM + free swap\n"
	"                    (expect the OOM killer)\n"
	"  -i, --inject-error  flip one bit after writing, to see the check fail\n"
	"  -h, --help        show this help and exit\n"
	"\n"
	"Watch it from another shell with `mmstat 1` or `cat /proc/swaps`.\n";

__attribute__((noreturn))
static void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "swapdemo: %s '%s'\nTry 'swapdemo --help' for more information.\n",
		what, arg);
	exit(2);
}

/* A whole number in [min, max], or a usage error. */
static long parse_long(const char *s, long min, long max, const char *what)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		usage_error(what, s);
	return n;
}

/* sysinfo's figures, in MiB. */
struct mem_mib {
	unsigned long long ram, free_ram, swap, free_swap;
};

static struct mem_mib memory_now(void)
{
	struct sysinfo si;
	struct mem_mib m = { 0, 0, 0, 0 };

	if (sysinfo(&si) == 0) {
		m.ram = (unsigned long long)si.totalram * si.mem_unit / MiB;
		m.free_ram = (unsigned long long)si.freeram * si.mem_unit / MiB;
		m.swap = (unsigned long long)si.totalswap * si.mem_unit / MiB;
		m.free_swap = (unsigned long long)si.freeswap * si.mem_unit / MiB;
	}
	return m;
}

/*
 * read_counters - pswpin, pswpout and pgmajfault from /proc/vmstat into
 * c[].  Returns 0, or -1 without /proc/vmstat (or without one of them).
 */
static int read_counters(long long c[NR_COUNTERS])
{
	char buf[16384], *line;
	int fd = open("/proc/vmstat", O_RDONLY), found = 0;
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)	/* until EOF */
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return -1;
	buf[len] = '\0';
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		for (int i = 0; i < NR_COUNTERS; i++) {
			size_t n = strlen(counter_names[i]);

			if (!strncmp(line, counter_names[i], n) && line[n] == ' ') {
				c[i] = strtoll(line + n + 1, NULL, 10);
				found++;
			}
		}
	return found == NR_COUNTERS ? 0 : -1;
}

/*
 * report_area - the area's own Rss: and Swap: lines from /proc/self/smaps:
 * how much of it is in RAM and how much in swap right now.  Says so when
 * /proc/self/smaps cannot be read.
 */
static void report_area(const void *area, const char *when)
{
	static char buf[65536];
	long long rss = -1, swap = -1;
	unsigned long start, end;
	char perms[5];
	int fd = open("/proc/self/smaps", O_RDONLY), in_area = 0;
	ssize_t len = 0, n;

	if (fd < 0) {
		printf("swapdemo: %s: no /proc/self/smaps (%s)\n", when, strerror(errno));
		return;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	for (char *line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3) {
			/* a VMA's first line: is it the area's? */
			in_area = start == (unsigned long)(uintptr_t)area;
		} else if (in_area) {
			sscanf(line, "Rss: %lld kB", &rss);
			sscanf(line, "Swap: %lld kB", &swap);
		}
	}
	printf("swapdemo: %s: the area has Rss %lld kB, Swap %lld kB (/proc/self/smaps)\n", when,
	       rss, swap);
}

/*
 * report_pagemap - the area's pages counted from /proc/self/pagemap: one
 * 64-bit entry per page, bit 63 "present", bit 62 "swapped".  Every page
 * was written, so each is one or the other (present + swapped = pages),
 * whatever kswapd is doing meanwhile.
 */
static void report_pagemap(const void *area, size_t pages, const char *when)
{
	static uint64_t entries[512];
	size_t present = 0, swapped = 0, done = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	while (fd >= 0 && done < pages) {
		size_t want = pages - done < 512 ? pages - done : 512;
		off_t at = (off_t)(((uintptr_t)area / PAGE + done) * sizeof(uint64_t));

		if (pread(fd, entries, want * sizeof(uint64_t), at) != (ssize_t)(want * 8))
			break;
		for (size_t i = 0; i < want; i++) {
			present += entries[i] >> 63 & 1;
			swapped += entries[i] >> 62 & 1;
		}
		done += want;
	}
	if (fd >= 0)
		close(fd);
	if (done < pages) {
		printf("swapdemo: %s: cannot read /proc/self/pagemap\n", when);
		return;
	}
	printf("swapdemo: %s: %zu pages present + %zu swapped of %zu (/proc/self/pagemap)\n",
	       when, present, swapped, pages);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A step's start: the time and the counters (have_counters: they exist). */
struct step {
	double t0;
	long long c[NR_COUNTERS];
	int have_counters;
};

static void step_begin(struct step *s)
{
	s->have_counters = read_counters(s->c) == 0;
	s->t0 = now_s();
}

/* One line: what the step did, its time and rate, the counters' growth, swap used. */
static void step_end(const struct step *s, const char *what, unsigned long long mib)
{
	double secs = now_s() - s->t0;
	long long c[NR_COUNTERS];
	struct mem_mib m = memory_now();
	char counters[128] = " (no /proc/vmstat)";

	if (s->have_counters && read_counters(c) == 0)
		snprintf(counters, sizeof(counters), " pswpin +%lld pswpout +%lld pgmajfault +%lld",
			 c[PSWPIN] - s->c[PSWPIN], c[PSWPOUT] - s->c[PSWPOUT],
			 c[PGMAJFAULT] - s->c[PGMAJFAULT]);
	printf("swapdemo: %s: %llu MiB in %.2f s (%.0f MiB/s);%s; swap used %llu MiB\n", what, mib,
	       secs, secs > 0 ? (double)mib / secs : 0.0, counters, m.swap - m.free_swap);
}

/* The value word i of the area holds: its address mixed with the seed. */
static inline uint64_t pattern(const uint64_t *word)
{
	return (uint64_t)(uintptr_t)word ^ SEED;
}

static void write_area(uint64_t *area, size_t words)
{
	for (size_t i = 0; i < words; i++)
		area[i] = pattern(&area[i]);
}

/* Checks one page; prints the first MAX_REPORTS bad words.  Returns the bad count. */
static size_t check_page(const uint64_t *page, size_t index, size_t *reported)
{
	size_t bad = 0;

	for (size_t j = 0; j < WORDS_PER_PAGE; j++) {
		if (page[j] == pattern(&page[j]))
			continue;
		if (bad++ == 0 && (*reported)++ < MAX_REPORTS)
			printf("swapdemo: MISMATCH in page %zu at %p: %#llx, expected %#llx\n",
			       index, (void *)&page[j], (unsigned long long)page[j],
			       (unsigned long long)pattern(&page[j]));
	}
	return bad;
}

/* One verify pass over all pages, forward or backward; returns the bad pages. */
static size_t verify_area(const uint64_t *area, size_t pages, int backward)
{
	size_t bad_pages = 0, reported = 0;

	for (size_t n = 0; n < pages; n++) {
		size_t i = backward ? pages - 1 - n : n;

		if (check_page(area + i * WORDS_PER_PAGE, i, &reported))
			bad_pages++;
	}
	return bad_pages;
}

/*
 * choose_size - the MiB to stream: the request (0: the default), checked
 * against what can fit.  Returns 0 (after saying why) if it should not run.
 */
static unsigned long long choose_size(unsigned long long request, int force,
				      const struct mem_mib *m)
{
	unsigned long long margin = m->ram / 8 + 4;
	unsigned long long fits = m->free_ram + m->free_swap > margin ?
				  m->free_ram + m->free_swap - margin : 0;

	if (request == 0) {
		if (m->swap == 0) {
			printf("swapdemo: no swap is on (sysinfo: totalswap 0): more than RAM"
			       " cannot fit.  Turn swap on (swapon), or give --size MIB"
			       " below the free RAM (%llu MiB).\n", m->free_ram);
			return 0;
		}
		request = m->ram * 3 / 2 < fits ? m->ram * 3 / 2 : fits;
		if (request <= m->ram)
			printf("swapdemo: swap is small: streaming %llu MiB, not more than RAM\n",
			       request);
	}
	if (request > fits && !force) {
		printf("swapdemo: %llu MiB does not fit in free RAM %llu MiB + free swap %llu MiB"
		       " (less a %llu MiB margin): refused; --force runs it anyway\n", request,
		       m->free_ram, m->free_swap, margin);
		return 0;
	}
	return request;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "passes", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'f' },
		{ "inject-error", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long mib = 0;
	long passes = 2;
	int force = 0, inject = 0, c;
	struct mem_mib m;
	struct step st;
	size_t bad = 0, pages;
	uint64_t *area;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "s:p:fih", longopts, NULL)) != -1) {
		switch (c) {
		case 's': mib = (unsigned long long)parse_long(optarg, 1, 1L << 20,
				 "invalid size in MiB (1-1048576):"); break;
		case 'p': passes = parse_long(optarg, 1, 100, "invalid number of passes (1-100):");
			  break;
		case 'f': force = 1; break;
		case 'i': inject = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default:
			fprintf(stderr, "Try 'swapdemo --help' for more information.\n");
			return 2;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument", argv[optind]);

	m = memory_now();
	printf("swapdemo: RAM %llu MiB (free %llu MiB), swap %llu MiB (free %llu MiB)\n", m.ram,
	       m.free_ram, m.swap, m.free_swap);
	mib = choose_size(mib, force, &m);
	if (!mib)
		return 1;
	pages = (size_t)(mib * MiB / PAGE);
	printf("swapdemo: streaming %llu MiB (%zu pages, %.2f x RAM), %ld verify passes\n", mib,
	       pages, m.ram ? (double)mib / (double)m.ram : 0.0, passes);
	area = mmap(NULL, mib * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED) {
		printf("swapdemo: mmap of %llu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	madvise(area, mib * MiB, MADV_NOHUGEPAGE);

	step_begin(&st);
	write_area(area, pages * WORDS_PER_PAGE);
	step_end(&st, "write", mib);
	report_area(area, "after the write");
	report_pagemap(area, pages, "after the write");
	if (inject) {
		area[pages / 2 * WORDS_PER_PAGE + 7] ^= 1ULL << 20;
		printf("swapdemo: flipped bit 20 of the word at %p, as asked\n",
		       (void *)&area[pages / 2 * WORDS_PER_PAGE + 7]);
	}
	for (long p = 1; p <= passes; p++) {
		char what[64];
		size_t bad_pages;

		snprintf(what, sizeof(what), "verify pass %ld (%s)", p,
			 p % 2 ? "forward" : "backward");
		step_begin(&st);
		bad_pages = verify_area(area, pages, p % 2 == 0);
		step_end(&st, what, mib);
		if (bad_pages)
			printf("swapdemo: pass %ld: %zu of %zu pages wrong\n", p, bad_pages, pages);
		bad += bad_pages;
	}
	report_area(area, "after the last pass");
	munmap(area, mib * MiB);
	if (bad) {
		printf("swapdemo: FAILED: %zu bad pages in all\n", bad);
		return 1;
	}
	printf("swapdemo: ok: %zu pages written once and verified %ld times\n", pages, passes);
	return 0;
}
