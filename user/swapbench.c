/*
 * user/swapbench.c - swap and OOM benchmarks, printed as BENCH lines
 * (DESIGN.md §7).  A benchmark: nothing here is judged; the exit status is
 * 0 unless an operation failed or a page came back wrong.
 *
 *	swapbench [MiB]		default: 3x RAM on Pagoda (sysinfo), 64 MiB elsewhere
 *
 *	BENCH name=swap_out_mbps unit=MB/s value=N iterations=PAGES size_mib=M swap_used_mib=U
 *	    a stream of writes over a fresh anonymous mapping of M MiB, one
 *	    pattern per page: with M = 3x RAM, reclaim writes the older pages
 *	    out while the newer ones are written (U: swap in use at the end);
 *	    value = M MiB / the stream's time, in MB/s (10^6 bytes)
 *	BENCH name=swap_in_mbps unit=MB/s value=N iterations=PAGES size_mib=M
 *	    the same pages read back in address order, each verified: the
 *	    early ones come in from swap (with readahead) while the later ones
 *	    go out
 *	BENCH name=major_fault_us unit=us value=N iterations=MAJFLT size_mib=M
 *	    the first word read from every 64th page of the first half of the
 *	    mapping - out on swap after the read-back stream - timed, divided
 *	    by the major faults getrusage counted meanwhile (each reads its
 *	    slot and its readahead neighbours)
 *	BENCH name=oom_kill_latency_ms unit=ms value=N hog_lifetime_ms=L pages=P
 *	    a hog (user/tests/oom_util.h) allocates until the OOM killer kills
 *	    it: value is the time from its last successful allocation (it
 *	    records it in a shared page) to this process seeing its death in
 *	    waitpid; L is from fork to death - RAM and all of swap filled
 *	    first.  Pagoda only (natively a hog would meet the host's own OOM
 *	    killer): elsewhere a "swapbench: ... skipped" line instead.
 *
 * With /proc/vmstat readable, a "swapbench: vmstat during ...:" line after
 * each stream gives the kernel's event counts over it (pswpout, pswpin,
 * pgscan_kswapd against pgscan_direct: who reclaimed, allocstall...).
 *
 * Natively (or on Pagoda without swap, with a size that fits) the first
 * three lines measure plain RAM: swap_used_mib=0 and few major faults say
 * so.  Issue 6's figures for scale: Debian's Linux 6.1 under QEMU TCG
 * (128 MiB, 256 MiB virtio swap) streams 1.5x RAM at about 44 MB/s out and
 * 27 MB/s in, and kills a hog about 5.5 s after it starts.
 */
#include <sys/resource.h>

#include "tests/swap_util.h"

static void report(const char *name, const char *unit, double value, const char *extra)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "BENCH name=%s unit=%s value=%.3f %s\n",
			 name, unit, value, extra);

	if (write(1, line, (size_t)n) != n)
		exit(1);
}

static long majflt(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_majflt;
}

static double mbps(unsigned long bytes, int64_t ns)
{
	return ns > 0 ? (double)bytes / 1e6 / ((double)ns / 1e9) : 0;
}

/* The /proc/vmstat events the stream is reported with (those the kernel has). */
static const char *const events[] = {
	"pgfault", "pgmajfault", "pswpin", "pswpout", "pgscan_kswapd", "pgscan_direct",
	"pgsteal_kswapd", "pgsteal_direct", "allocstall", "kswapd_wakeup", "oom_kill",
};
#define NR_EVENTS	(sizeof(events) / sizeof(events[0]))

/* vals[i] := /proc/vmstat's events[i], -1 if absent; 0, or -1 without /proc/vmstat. */
static int read_vmstat(long *vals)
{
	char name[64];
	long v;
	FILE *f = fopen("/proc/vmstat", "r");

	for (unsigned int i = 0; i < NR_EVENTS; i++)
		vals[i] = -1;
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2)
		for (unsigned int i = 0; i < NR_EVENTS; i++)
			if (!strcmp(name, events[i]))
				vals[i] = v;
	fclose(f);
	return 0;
}

/* "swapbench: vmstat <what>: name=delta ..." for the events present both times. */
static void print_vmstat_delta(const char *what, const long *before)
{
	char line[512];
	long after[NR_EVENTS];
	int n;

	if (read_vmstat(after))
		return;
	n = snprintf(line, sizeof(line), "swapbench: vmstat %s:", what);
	for (unsigned int i = 0; i < NR_EVENTS && n < (int)sizeof(line) - 40; i++)
		if (before[i] >= 0 && after[i] >= 0)
			n += snprintf(line + n, sizeof(line) - n, " %s=%ld", events[i],
				      after[i] - before[i]);
	printf("%s\n", line);
}

/* The stream, the read-back and the major faults; 0, or 1 if a page came back wrong. */
static int stream(unsigned long mib)
{
	unsigned long npages = mib * MiB / PAGE, bad = 0, touched = 0;
	char *mem = map_anon(npages * PAGE), extra[160];
	long vm[NR_EVENTS];
	struct mem_pages m;
	int64_t t0, t1;
	long f0, f1;

	if (!mem) {
		printf("swapbench: cannot map %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	read_vmstat(vm);
	t0 = now_ns();
	for (unsigned long i = 0; i < npages; i++)
		page_fill(mem + i * PAGE, 1);
	t1 = now_ns();
	print_vmstat_delta("during the write stream", vm);
	m = mem_info();
	snprintf(extra, sizeof(extra), "iterations=%lu size_mib=%lu swap_used_mib=%ld", npages, mib,
		 (m.swap - m.free_swap) * (long)PAGE / (long)MiB);
	report("swap_out_mbps", "MB/s", mbps(npages * PAGE, t1 - t0), extra);

	read_vmstat(vm);
	t0 = now_ns();
	for (unsigned long i = 0; i < npages; i++)
		bad += page_bad_words(mem + i * PAGE, 1) != 0;
	t1 = now_ns();
	print_vmstat_delta("during the read-back", vm);
	snprintf(extra, sizeof(extra), "iterations=%lu size_mib=%lu", npages, mib);
	report("swap_in_mbps", "MB/s", mbps(npages * PAGE, t1 - t0), extra);

	f0 = majflt();
	t0 = now_ns();
	for (unsigned long i = 0; i < npages / 2; i += 64, touched++)
		bad += *(volatile uint64_t *)(mem + i * PAGE) !=
		       mix64((uint64_t)(uintptr_t)(mem + i * PAGE) + 1);	/* word 0 */
	t1 = now_ns();
	f1 = majflt();
	snprintf(extra, sizeof(extra), "iterations=%ld size_mib=%lu touched=%lu", f1 - f0, mib,
		 touched);
	report("major_fault_us", "us", f1 > f0 ? (double)(t1 - t0) / 1e3 / (double)(f1 - f0) : 0,
	       extra);
	munmap(mem, npages * PAGE);
	if (bad)
		printf("swapbench: %lu pages came back wrong\n", bad);
	return bad ? 1 : 0;
}

static int oom_latency(void)
{
	int64_t start = now_ns(), died;
	char extra[160];
	int st = -1;
	pid_t hog;

	if (!on_pagoda()) {
		printf("swapbench: oom_kill_latency_ms skipped: not Pagoda (a hog would meet the "
		       "host's OOM killer)\n");
		return 0;
	}
	hog = start_hog(0);
	if (hog < 0 || waitpid(hog, &st, 0) != hog) {
		printf("swapbench: the hog: %s\n", strerror(errno));
		return 1;
	}
	died = now_ns();
	if (!killed_by(st, SIGKILL)) {
		printf("swapbench: the hog was not killed by SIGKILL: %s\n", status_str(st));
		return 1;
	}
	snprintf(extra, sizeof(extra), "hog_lifetime_ms=%.3f pages=%ld",
		 (double)(died - start) / 1e6, hog_sh->pages);
	report("oom_kill_latency_ms", "ms", (double)(died - hog_sh->last_alloc_ns) / 1e6, extra);
	return 0;
}

int main(int argc, char **argv)
{
	struct mem_pages m = mem_info();
	unsigned long mib;
	int ret;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: swapbench [MiB]  (default 3x RAM on Pagoda, 64 elsewhere)\n");
		return 0;
	}
	if (argc > 1)
		mib = strtoul(argv[1], NULL, 0);
	else if (on_pagoda())
		mib = 3 * (unsigned long)m.ram * PAGE / MiB;
	else
		mib = 64;
	printf("swapbench: RAM %ld MiB, swap %ld MiB, stream %lu MiB\n",
	       m.ram * (long)PAGE / (long)MiB, m.swap * (long)PAGE / (long)MiB, mib);
	ret = stream(mib);
	ret |= oom_latency();
	return ret;
}
