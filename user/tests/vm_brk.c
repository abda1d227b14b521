/*
 * user/tests/vm_brk.c - the heap: brk grows and shrinks a VMA, on demand.
 *
 * The raw brk system call returns the new break, or the old one when it
 * refuses (it has no errno), so every check compares breaks.  Checks:
 *  - growing by 1 MiB maps nothing yet: the pages come in one fault each
 *    when first written, and read as zeros;
 *  - an unaligned break is kept as given, the page it ends in is usable,
 *    the next page is not (SEGV_MAPERR);
 *  - shrinking unmaps the pages above the new break (SEGV_MAPERR), and
 *    growing again gives zeroed pages, not the old data: the pages were
 *    freed;
 *  - refused, the break unchanged: below the start of the heap; into an
 *    existing mapping; past RLIMIT_DATA (in a child).
 */
#include "vm_util.h"

static uintptr_t sys_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

static int rlimit_child(void *arg)
{
	uintptr_t start = *(uintptr_t *)arg;
	struct rlimit rl = { 1 * MiB, 1 * MiB };

	if (setrlimit(RLIMIT_DATA, &rl) < 0)
		return 2;
	return sys_brk(start + 64 * MiB) == start ? 0 : 1;
}

int main(void)
{
	uintptr_t start, cur;
	unsigned char *heap;
	unsigned long pages = 256, nonzero = 0;

	plan(13);
	start = sys_brk(0);
	cur = (start + PAGE - 1) & ~(PAGE - 1);
	if (cur != start && sys_brk(cur) != cur)
		bail("cannot align the break");
	start = cur;
	heap = (unsigned char *)start;

	ok(sys_brk(start + pages * PAGE) == start + pages * PAGE, "brk grows the heap by 1 MiB");
	long f0 = minflt();

	for (unsigned long i = 0; i < pages; i++) {
		nonzero += heap[i * PAGE + 8] != 0;
		heap[i * PAGE + 8] = 0xb0;
	}
	long faults = minflt() - f0;

	is(nonzero, 0, "the new heap reads as zeros");
	ok(faults >= (long)pages, "its pages came in on first touch (%ld faults for %lu pages)",
	   faults, pages);

	ok(sys_brk(start + 100) == start + 100, "an unaligned break is kept as given");
	probe_is(probe(heap + PAGE - 1, 1), PROBE_OK, "the page it ends in is usable");
	probe_is(probe(heap + PAGE, 0), PROBE_MAPERR, "the next page is gone");
	ok(sys_brk(start + pages * PAGE) == start + pages * PAGE, "grow back to 1 MiB");
	nonzero = 0;
	for (unsigned long i = 1; i < pages; i++)
		nonzero += heap[i * PAGE + 8] != 0;
	is(nonzero, 0, "the pages above the old break are zero again: they had been freed");
	ok(heap[8] == 0xb0, "the page below it kept its data");

	ok(sys_brk(start - 64 * MiB) == start + pages * PAGE, "a break below the heap's start is refused");
	void *m = mmap(heap + 512 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (m == MAP_FAILED)
		skip("cannot map above the heap here (%s)", strerror(errno));
	else
		ok(sys_brk(start + 1024 * PAGE) == start + pages * PAGE,
		   "a break reaching into another mapping is refused");
	if (m != MAP_FAILED)
		munmap(m, PAGE);
	is(sys_brk(start), start, "shrink to the start");
	int status = run_child(rlimit_child, &start);

	ok(exited_with(status, 0), "past RLIMIT_DATA (1 MiB) the break is refused (%s)",
	   status_str(status));
	return done_testing();
}
