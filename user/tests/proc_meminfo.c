/*
 * proc_meminfo - /proc/meminfo in Linux's format, with numbers that agree
 * with each other and move when memory is used:
 *   - every line is "Name:" padded to 16 columns, the value right-aligned
 *     in 8 columns, then " kB" (or no unit for the HugePages_ counts);
 *   - the fields issue 7 lists appear, in Linux's order;
 *   - MemFree and MemAvailable <= MemTotal, Active = Active(anon) +
 *     Active(file), Inactive likewise, Slab = SReclaimable + SUnreclaim,
 *     SwapFree <= SwapTotal;
 *   - touching N MiB of anonymous memory raises this process's RssAnon
 *     (/proc/self/status) by N MiB, and on Pagoda (a quiet machine) lowers
 *     MemFree by about N MiB and AnonPages rises by about N MiB; munmap
 *     gives it back.  Natively the MemFree checks are skipped: the host's
 *     other processes move it.
 */
#include <sys/mman.h>

#include "proc_util.h"

#define N_MIB	8
#define MIB_KB	1024LL

static char buf[16384];

static const char *const issue_fields[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
	"Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
	"Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages",
	"Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables",
	"CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
};

/* Is line (up to its newline) in show_val_kb's layout, or "Name:" + spaces + number? */
static int line_ok(const char *line, int len)
{
	const char *colon = memchr(line, ':', len);
	int digits = 0, i;

	if (!colon || colon == line)
		return 0;
	for (i = colon - line + 1; i < len && line[i] == ' '; i++)
		;
	while (i + digits < len && line[i + digits] >= '0' && line[i + digits] <= '9')
		digits++;
	if (!digits)
		return 0;
	if (len == i + digits)			/* HugePages_Total:       0 */
		return 1;
	if (len != i + digits + 3 || memcmp(line + i + digits, " kB", 3))
		return 0;
	/* The number ends in column 24 unless it is wider than 8 digits. */
	return digits > 8 ? i == colon - line + 1 || i <= 16 : i + digits == 24;
}

static int check_layout(const char *text)
{
	int lines = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');

		if (!nl || !line_ok(p, nl - p)) {
			diag("bad line: %.*s", nl ? (int)(nl - p) : 40, p);
			return 0;
		}
		lines++;
		p = nl + 1;
	}
	return lines > 20;
}

static long long meminfo(const char *key)
{
	char k[64];

	if (read_file("/proc/meminfo", buf, sizeof(buf)) <= 0)
		return -1;
	snprintf(k, sizeof(k), "%s:", key);
	return key_value(buf, k);
}

static long long rss_anon_kb(void)
{
	static char st[4096];

	if (read_file("/proc/self/status", st, sizeof(st)) <= 0)
		return -1;
	return key_value(st, "RssAnon:");
}

int main(void)
{
	const char *missing = "";
	long long free0, free1, free2, anon0, anon1, rss0, rss1;
	long len;
	char *mem;

	plan(12);
	len = read_file("/proc/meminfo", buf, sizeof(buf));
	if (!ok(len > 0, "/proc/meminfo can be read"))
		diag("read: %s", strerror((int)-len));
	ok(len > 0 && check_layout(buf), "every line is \"Name:\" padded to 16, value in 8, \" kB\"");
	ok(len > 0 && keys_in_order(buf, issue_fields, sizeof(issue_fields) / sizeof(*issue_fields),
				    &missing), "the issue's fields are there in Linux's order");
	if (*missing)
		diag("missing or out of order: %s", missing);
	ok(key_value(buf, "MemFree:") <= key_value(buf, "MemTotal:") &&
	   key_value(buf, "MemAvailable:") <= key_value(buf, "MemTotal:") &&
	   key_value(buf, "MemTotal:") > 0, "MemFree, MemAvailable <= MemTotal");
	ok(key_value(buf, "Active:") == key_value(buf, "Active(anon):") + key_value(buf, "Active(file):") &&
	   key_value(buf, "Inactive:") == key_value(buf, "Inactive(anon):") +
					   key_value(buf, "Inactive(file):"),
	   "Active and Inactive are the sums of their anon and file parts");
	ok(key_value(buf, "Slab:") == key_value(buf, "SReclaimable:") + key_value(buf, "SUnreclaim:"),
	   "Slab = SReclaimable + SUnreclaim");
	ok(key_value(buf, "SwapFree:") <= key_value(buf, "SwapTotal:"), "SwapFree <= SwapTotal");

	rss0 = rss_anon_kb();
	free0 = meminfo("MemFree");
	anon0 = meminfo("AnonPages");
	mem = mmap(NULL, N_MIB << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	for (long i = 0; i < (N_MIB << 20); i += 4096)
		mem[i] = 1;
	rss1 = rss_anon_kb();
	free1 = meminfo("MemFree");
	anon1 = meminfo("AnonPages");
	munmap(mem, N_MIB << 20);
	free2 = meminfo("MemFree");
	diag("RssAnon %lld -> %lld kB; MemFree %lld -> %lld -> %lld kB; AnonPages %lld -> %lld kB",
	     rss0, rss1, free0, free1, free2, anon0, anon1);
	ok(rss1 - rss0 >= N_MIB * MIB_KB && rss1 - rss0 <= N_MIB * MIB_KB + 256,
	   "touching %d MiB raises RssAnon by %d MiB", N_MIB, N_MIB);
	if (on_pagoda()) {
		/* Up to a per-CPU list of pages (pcp->high) is neither free nor used. */
		ok(free0 - free1 >= (N_MIB - 2) * MIB_KB && free0 - free1 <= (N_MIB + 1) * MIB_KB,
		   "MemFree falls by about %d MiB", N_MIB);
		ok(anon1 - anon0 >= N_MIB * MIB_KB && anon1 - anon0 <= N_MIB * MIB_KB + 256,
		   "AnonPages rises by %d MiB", N_MIB);
		ok(free2 - free1 >= (N_MIB - 2) * MIB_KB, "munmap gives the memory back to MemFree");
	} else {
		skip("MemFree falls by about %d MiB (the host is not quiet)", N_MIB);
		skip("AnonPages rises by %d MiB (the host is not quiet)", N_MIB);
		skip("munmap gives the memory back (the host is not quiet)");
	}
	ok(meminfo("MemTotal") == key_value(buf, "MemTotal:"), "MemTotal does not change");
	return done_testing();
}
