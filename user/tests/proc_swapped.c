/*
 * proc_swapped - what /proc shows of a process that is partly swapped out
 * (needs swap: without any - natively, or a Pagoda boot without swap= -
 * every check is skipped):
 *   - a mapping of MemTotal bytes, each page written with its own pattern,
 *     cannot all stay in RAM: afterwards pagemap marks some of its pages
 *     swapped (bit 62, never with bit 63) and every page is either present
 *     or swapped;
 *   - smaps' Swap: for the mapping and status's VmSwap agree with the
 *     pagemap count (within 1 MiB: kswapd may still be at work);
 *   - reading every page back gives its pattern (the swapped ones come in).
 */
#include <stdint.h>
#include <sys/mman.h>

#include "proc_util.h"

#define NCHECKS	5

static char buf[1 << 20];

/* Counts the mapping's present and swapped pages from /proc/self/pagemap. */
static int count_pagemap(const char *mem, long pages, long *present, long *swapped, long *both)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e[512];

	*present = *swapped = *both = 0;
	if (fd < 0)
		return -errno;
	for (long i = 0; i < pages; i += 512) {
		long n = pages - i < 512 ? pages - i : 512;

		if (pread(fd, e, n * 8, ((uintptr_t)mem / 4096 + i) * 8) != n * 8) {
			close(fd);
			return -EIO;
		}
		for (long j = 0; j < n; j++) {
			*present += (e[j] >> 63) & 1;
			*swapped += (e[j] >> 62) & 1;
			*both += (e[j] >> 63) & (e[j] >> 62) & 1;
		}
	}
	close(fd);
	return 0;
}

/* The Swap: of the smaps block of the VMA starting at addr, in kB; -1 if not found. */
static long smaps_swap_kb(const char *mem)
{
	char head[32], *p;

	snprintf(head, sizeof(head), "%08lx-", (unsigned long)(uintptr_t)mem);
	if (read_file("/proc/self/smaps", buf, sizeof(buf)) <= 0 || !(p = strstr(buf, head)))
		return -1;
	p = strstr(p, "\nSwap:");
	return p ? atol(p + 6) : -1;
}

int main(void)
{
	long total_kb, swap_kb, pages, present, swapped, both, smaps_kb, vmswap_kb, bad = 0;
	char *mem;

	plan(NCHECKS);
	read_file("/proc/meminfo", buf, sizeof(buf));
	total_kb = key_value(buf, "MemTotal:");
	swap_kb = key_value(buf, "SwapFree:");
	if (swap_kb < total_kb / 2 || !on_pagoda()) {
		for (int i = 0; i < NCHECKS; i++)
			skip("needs Pagoda with at least MemTotal/2 of free swap (SwapFree %ld kB)", swap_kb);
		return done_testing();
	}
	pages = total_kb / 4;
	mem = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		bail("mmap %ld kB: %s", total_kb, strerror(errno));
	for (long i = 0; i < pages; i++)
		*(long *)(mem + i * 4096) = i ^ 0x5a5a5a5a;
	ok(count_pagemap(mem, pages, &present, &swapped, &both) == 0 && swapped > 0 && !both,
	   "pagemap: some pages swapped (bit 62), none also present");
	ok(present + swapped == pages, "pagemap: every page present or swapped (%ld + %ld of %ld)",
	   present, swapped, pages);
	smaps_kb = smaps_swap_kb(mem);
	read_file("/proc/self/status", buf, sizeof(buf));
	vmswap_kb = key_value(buf, "VmSwap:");
	diag("pagemap: %ld present, %ld swapped (%ld kB); smaps Swap %ld kB; VmSwap %ld kB", present,
	     swapped, swapped * 4, smaps_kb, vmswap_kb);
	ok(labs(smaps_kb - swapped * 4) <= 1024, "smaps Swap: matches pagemap's count");
	ok(vmswap_kb >= smaps_kb - 1024 && vmswap_kb <= smaps_kb + 1024, "status VmSwap matches smaps");
	for (long i = 0; i < pages; i++)
		bad += *(long *)(mem + i * 4096) != (i ^ 0x5a5a5a5a);
	ok(bad == 0, "every page reads back its pattern (%ld bad)", bad);
	return done_testing();
}
