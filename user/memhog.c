/*
 * user/memhog.c - allocate and touch N MiB of anonymous memory, then hold it
 * and give it back in steps: a demo for watching `free`, /proc/meminfo or
 * `mmstat 1` from another shell while memory comes and goes.
 *
 *	memhog 64                   touch 64 MiB, then free it at once
 *	memhog --hold 10 64         ... keep it for 10 s first
 *	memhog --hold forever 64    ... keep it until killed (^C, kill PID)
 *	memhog --steps 4 --delay 1000 64
 *	                            free it in 4 slices, one a second
 *
 * What happens, step by step (each step prints one "memhog: " line):
 *  1. mmap(MAP_PRIVATE | MAP_ANONYMOUS) reserves SIZE of address space.  No
 *     page is allocated yet: VmSize grows, VmRSS does not.
 *  2. One write per page: each first write is a page fault, and the kernel
 *     allocates a zeroed page for it (do_anonymous_page).  Now VmRSS has
 *     grown by SIZE, and the system's free memory has fallen by as much.
 *     The value written is the page's number, so step 4 can check that
 *     every page still holds its own data - also after it was swapped out.
 *  3. Optionally hold the memory: sleep, or pause() until a signal.
 *  4. munmap the region in --steps equal slices, checking each slice's
 *     pages first; each munmap gives its pages back to the kernel at once.
 *
 * VmRSS is read from /proc/self/status (the Linux way); without /proc the
 * line says so and the rest still works.  Free RAM comes from sysinfo(2).
 * Transparent huge pages are declined (MADV_NOHUGEPAGE) so that the host
 * Linux faults 4 KiB at a time, as Pagoda does.
 *
 * Exit status: 0 done, 1 the memory could not be had or a page lost its
 * data, 2 bad arguments.  The same static binary runs on the host and in
 * Pagoda (DESIGN.md §4).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define KiB		1024ULL
#define MiB		(1024ULL * 1024)
#define MAX_STEPS	1024

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

/* A page's signature: its number mixed with a constant, in its first word. */
#define PAGE_MAGIC	0x6d656d686f670000ULL	/* "memhog\0\0" */

static const char usage_text[] =
	"usage: memhog [options] SIZE\n"
	"Allocate SIZE of anonymous memory, touch every page, optionally hold it,\n"
	"then free it in steps.  SIZE is in MiB, or with a suffix: 512K, 64M, 1G.\n"
	"\n"
	"  -t, --hold SECS     keep the memory SECS seconds after touching it\n"
	"                      (`forever`: until a signal, e.g. ^C)  [0]\n"
	"  -s, --steps N       free the memory in N equal slices  [1]\n"
	"  -d, --delay MS      wait MS milliseconds before each slice  [0]\n"
	"  -h, --help          show this help and exit\n"
	"\n"
	"Watch it from another shell with `free`, `mmstat 1` or\n"
	"`grep -E 'VmRSS|VmSize' /proc/PID/status`.\n";

/* Says what is wrong with the command line, and how to get help; exits 2. */
__attribute__((format(printf, 1, 2), noreturn))
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "memhog: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'memhog --help' for more information.\n");
	exit(2);
}

/*
 * parse_size - "64" (MiB), "512K", "64M", "1G" to bytes, rounded up to
 * whole pages.  Returns 0 for anything else, zero or absurd.
 */
static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t unit = MiB;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno)
		return 0;
	switch (*end) {
	case 'K': case 'k': unit = KiB; end++; break;
	case 'M': case 'm': unit = MiB; end++; break;
	case 'G': case 'g': unit = 1024 * MiB; end++; break;
	}
	if (*end == 'i' || *end == 'B')		/* accept MiB, MB */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || n == 0 || n > (1ULL << 46) / unit)
		return 0;
	return (n * unit + PAGE - 1) & ~(PAGE - 1);
}

/* A decimal number within [min, max]; anything else is a usage error. */
static long parse_long(const char *s, long min, long max, const char *what)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max) {
		usage_error("invalid %s '%s' (a whole number from %ld to %ld)", what, s, min, max);
	}
	return n;
}

/* This process's resident set in kB, from /proc/self/status; -1 without /proc. */
static long vm_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Free RAM in MiB, from sysinfo(2). */
static unsigned long long free_ram_mib(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		return 0;
	return (unsigned long long)si.freeram * si.mem_unit / MiB;
}

static void report_rss(const char *when)
{
	long kb = vm_rss_kb();

	if (kb < 0)
		printf("memhog: %s: VmRSS unknown (no /proc/self/status: is /proc mounted?)\n",
		       when);
	else
		printf("memhog: %s: VmRSS %ld kB, free RAM %llu MiB\n", when, kb, free_ram_mib());
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void on_signal(int sig)
{
	(void)sig;		/* pause() returns: the hold is over */
}

/* Step 3: sleep for secs seconds, or (secs < 0) until a signal arrives. */
static void hold(long secs)
{
	if (secs == 0)
		return;
	if (secs > 0) {
		printf("memhog: holding for %ld s (pid %d)\n", secs, (int)getpid());
		sleep_ms(secs * 1000);
		return;
	}
	printf("memhog: holding until a signal: kill -INT %d (or ^C)\n", (int)getpid());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	pause();
	printf("memhog: signal received, freeing\n");
}

/* Step 2: one write per page, its number; each first write faults a page in. */
static void touch(uint64_t *base, size_t pages)
{
	for (size_t i = 0; i < pages; i++)
		base[i * (PAGE / sizeof(uint64_t))] = PAGE_MAGIC ^ i;
}

/* The pages [from, to) still hold their numbers?  Reports the first that does not. */
static int verify(const uint64_t *base, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		uint64_t got = base[i * (PAGE / sizeof(uint64_t))];

		if (got != (PAGE_MAGIC ^ i)) {
			printf("memhog: page %zu at %p lost its data: %#llx, expected %#llx\n", i,
			       (void *)&base[i * (PAGE / sizeof(uint64_t))],
			       (unsigned long long)got, (unsigned long long)(PAGE_MAGIC ^ i));
			return -1;
		}
	}
	return 0;
}

/* Step 4: checks and unmaps the region slice by slice; returns 0 or -1. */
static int free_in_steps(uint64_t *base, size_t pages, long steps, long delay_ms)
{
	size_t done = 0;
	int ret = 0;

	for (long s = 1; s <= steps; s++) {
		size_t upto = pages * (size_t)s / (size_t)steps;

		if (delay_ms)
			sleep_ms(delay_ms);
		if (verify(base, done, upto))
			ret = -1;
		if (munmap((char *)base + done * PAGE, (upto - done) * PAGE)) {
			printf("memhog: munmap: %s\n", strerror(errno));
			return -1;
		}
		printf("memhog: freed %llu KiB (step %ld/%ld)\n",
		       (unsigned long long)((upto - done) * PAGE / KiB), s, steps);
		if (steps > 1)
			report_rss("after the step");
		done = upto;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "hold", required_argument, NULL, 't' },
		{ "steps", required_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long hold_secs = 0, steps = 1, delay_ms = 0;
	uint64_t size;
	void *p;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "t:s:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			hold_secs = -1;		/* forever */
			if (strcmp(optarg, "forever"))
				hold_secs = parse_long(optarg, 0, 86400, "hold time");
			break;
		case 's': steps = parse_long(optarg, 1, MAX_STEPS, "number of steps"); break;
		case 'd': delay_ms = parse_long(optarg, 0, 3600000, "delay"); break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: usage_error("bad option");
		}
	}
	if (optind != argc - 1)
		usage_error("%s", optind == argc ? "missing SIZE" : "too many arguments");
	size = parse_size(argv[optind]);
	if (!size)
		usage_error("invalid size '%s' (MiB, or a number with K, M or G)", argv[optind]);
	if ((uint64_t)steps > size / PAGE)
		usage_error("more steps (%ld) than pages", steps);

	report_rss("start");
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("memhog: mmap of %llu KiB: %s\n", (unsigned long long)(size / KiB),
		       strerror(errno));
		return 1;
	}
	madvise(p, size, MADV_NOHUGEPAGE);
	printf("memhog: mapped %llu KiB (%llu pages) at %p\n", (unsigned long long)(size / KiB),
	       (unsigned long long)(size / PAGE), p);
	report_rss("mapped, untouched");
	touch(p, size / PAGE);
	printf("memhog: touched %llu pages\n", (unsigned long long)(size / PAGE));
	report_rss("touched");
	hold(hold_secs);
	if (free_in_steps(p, size / PAGE, steps, delay_ms))
		return 1;
	report_rss("done");
	return 0;
}
