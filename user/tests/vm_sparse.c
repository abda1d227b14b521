/*
 * user/tests/vm_sparse.c - demand paging: a 1 GiB anonymous mapping touched
 * sparsely, untouched memory read as zeros, and the overcommit heuristic.
 *
 * Checks (Linux's behaviour; Pagoda runs it on a 64 MiB guest, where only
 * demand paging can pass):
 *  1. mmap of 1 GiB, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, succeeds
 *     even when RAM is far smaller (NORESERVE: not charged to overcommit).
 *  2. One 8-byte write every 4 MiB (256 pages, at varied offsets): each is
 *     one page fault (ru_minflt grows by at least 256) and the resident set
 *     (ru_maxrss) grows by about 256 pages, not by 1 GiB; every value reads
 *     back, and pages between the touched ones read as zero.
 *  3. The zero page: reading every page of a fresh region (16 MiB, or a
 *     quarter of RAM if smaller) gives zeros and a fault per page, but the
 *     resident set does not grow (a read fault maps the shared zero page);
 *     writing the same pages then does grow it by (nearly) the region - the
 *     proof that the RSS measure could have seen an allocation.
 *  4. munmap of the 1 GiB: a touched address is gone (SEGV_MAPERR).
 *  5. Overcommit (Linux's heuristic, overcommit_memory=0): one request
 *     larger than RAM + swap fails with ENOMEM; the same with
 *     MAP_NORESERVE succeeds (nothing is charged, nothing touched).
 *
 * Sizes come from sysinfo; the test runs in a fresh child so that ru_maxrss
 * is this program's own (vm_util.h, fresh_rss_process).  RSS slack: Linux
 * counts RSS per CPU in batches (and libc, stack and page faults of the
 * program itself add a little), so "does not grow" allows 1 MiB.
 */
#include <fcntl.h>

#include "vm_util.h"

#define BIG		(1 * GiB)
#define STRIDE		(4 * MiB)
#define NTOUCH		(BIG / STRIDE)
#define RSS_SLACK_KIB	1024L

/* The address of the i-th touch: a different page and byte in each 4 MiB. */
static uint64_t *touch_addr(unsigned char *base, unsigned long i)
{
	unsigned long page = (i * 7919) % (STRIDE / PAGE);
	unsigned long byte = (i * 64) % (PAGE - 8);

	return (uint64_t *)(base + i * STRIDE + page * PAGE + (byte & ~7UL));
}

static uint64_t touch_value(unsigned long i)
{
	return i * 0x9e3779b97f4a7c15ULL + 1;
}

static void sparse_checks(unsigned char *big)
{
	long f0 = minflt(), r0 = maxrss_kib();
	unsigned long i, bad = 0, nonzero = 0;

	for (i = 0; i < NTOUCH; i++)
		*touch_addr(big, i) = touch_value(i);
	long faults = minflt() - f0, grew = maxrss_kib() - r0;

	diag("%lu sparse writes: %ld faults, ru_maxrss +%ld KiB", NTOUCH, faults, grew);
	ok(faults >= (long)NTOUCH, "each sparse write faulted a page in (%ld faults)", faults);
	ok(grew <= (long)(NTOUCH * PAGE / KiB) + RSS_SLACK_KIB,
	   "RSS grew by about the pages touched, not the 1 GiB mapped (+%ld KiB)", grew);
	for (i = 0; i < NTOUCH; i++)
		bad += *touch_addr(big, i) != touch_value(i);
	is(bad, 0, "all %lu values read back", NTOUCH);
	/* pages between the touched ones: the middle of each stride's other half */
	for (i = 0; i < NTOUCH; i++) {
		unsigned char *p = (unsigned char *)touch_addr(big, i);
		unsigned char *q = big + i * STRIDE + ((p - big - i * STRIDE + STRIDE / 2) % STRIDE);

		nonzero += *(volatile uint64_t *)((uintptr_t)q & ~7UL) != 0;
	}
	is(nonzero, 0, "untouched pages between them read as zero");
}

static void zero_page_checks(size_t len)
{
	unsigned char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	unsigned long pages = len / PAGE, nonzero = 0;
	long f0 = minflt(), r0 = maxrss_kib();

	for (unsigned long i = 0; i < pages; i++)
		nonzero += *(volatile uint64_t *)(p + i * PAGE + (i * 8) % PAGE) != 0;
	long faults = minflt() - f0, grew = maxrss_kib() - r0;

	diag("read %lu untouched pages: %ld faults, ru_maxrss +%ld KiB", pages, faults, grew);
	is(nonzero, 0, "%zu MiB of untouched memory reads as zeros", len / MiB);
	ok(faults >= (long)pages, "each first read was a fault (%ld for %lu pages)", faults, pages);
	ok(grew <= RSS_SLACK_KIB, "reading did not raise the RSS (+%ld KiB): the zero page", grew);

	f0 = minflt();
	for (unsigned long i = 0; i < pages; i++)
		p[i * PAGE + 100] = (unsigned char)i;
	faults = minflt() - f0;
	grew = maxrss_kib() - r0;
	diag("wrote the same pages: %ld faults, ru_maxrss +%ld KiB", faults, grew);
	ok(faults >= (long)pages, "each first write after the read faulted (%ld)", faults);
	ok(grew >= (long)(len / KiB) * 3 / 4,
	   "writing them raised the RSS by nearly %zu KiB (+%ld KiB): the measure works",
	   len / KiB, grew);
	munmap(p, len);
}

/* Linux's overcommit_memory, or 0 (the heuristic) where there is no /proc/sys. */
static int overcommit_policy(void)
{
	char c = '0';
	int fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c - '0';
}

static void overcommit_checks(void)
{
	size_t len = (ram_total() + swap_total() + 256 * MiB) & ~(PAGE - 1);
	void *p;

	if (overcommit_policy() != 0) {
		skip("overcommit_memory is %d here, not the heuristic", overcommit_policy());
		skip("(the same)");
		return;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno_is(p == MAP_FAILED ? errno : 0, ENOMEM,
		 "mmap of RAM + swap + 256 MiB (%zu MiB) fails with ENOMEM", len / MiB);
	if (p != MAP_FAILED)
		munmap(p, len);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	ok(p != MAP_FAILED, "the same with MAP_NORESERVE succeeds");
	if (p != MAP_FAILED)
		munmap(p, len);
}

int main(void)
{
	unsigned long ram;
	size_t zlen;

	fresh_rss_process();
	plan(14);
	ram = ram_total();
	zlen = ram / 4 < 16 * MiB ? (ram / 4) & ~(PAGE - 1) : 16 * MiB;
	diag("RAM %lu MiB, swap %lu MiB", ram / MiB, swap_total() / MiB);

	unsigned char *big = mmap(NULL, BIG, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (!ok(big != MAP_FAILED, "mmap of 1 GiB with MAP_NORESERVE (%p)", (void *)big))
		bail("mmap: %s", strerror(errno));
	madvise(big, BIG, MADV_NOHUGEPAGE);
	sparse_checks(big);
	zero_page_checks(zlen);
	is(munmap(big, BIG), 0, "munmap of the 1 GiB");
	probe_is(probe(touch_addr(big, 3), 0), PROBE_MAPERR, "a touched address is gone after munmap");

	overcommit_checks();
	return done_testing();
}
