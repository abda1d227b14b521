/*
 * swap_eio - swap over a failing disk (Pagoda only, booted by
 * tests/test_swap.py with QEMU's blkdebug injecting I/O errors into some
 * slots of the swap disk, past its mkswap header).
 *
 *	swap_eio read [MiB]	reads of some slots fail
 *	swap_eio write [MiB]	writes of some slots fail (once each)
 *
 * Without an argument (the generic user-test loops), or without swap on,
 * every check is skipped, saying why.  A child writes MiB (default 2x RAM)
 * of patterned pages (swap_util.h), so that most go out to swap, and reads
 * them all back, verifying each; it exits 0 if every page was intact.
 *   read:  a page whose slot cannot be read back cannot be given to the
 *          process: the child must die of SIGBUS (Linux's do_swap_page ->
 *          VM_FAULT_SIGBUS), not see wrong data and not hang
 *   write: a page whose write failed stays dirty and resident (in the swap
 *          cache, tried again later): the child must find everything intact
 * then, both modes: the system goes on - a second child with 1 MiB of
 * patterned memory runs and verifies it, and this process's own 1 MiB is
 * intact.  The test checks the kernel's "Read-error on swap-device" /
 * "Write-error on swap-device" lines.
 */
#include "swap_util.h"

#define CHECKS	3
#define MINE	256UL			/* pages */

static char mine[MINE * PAGE] __attribute__((aligned(4096)));

static int child(unsigned long npages)
{
	char *mem = map_anon(npages * PAGE);
	unsigned long bad = 0;

	if (!mem)
		return 3;
	for (unsigned long i = 0; i < npages; i++)
		page_fill(mem + i * PAGE, 21);
	for (unsigned long i = 0; i < npages; i++)
		if (page_bad_words(mem + i * PAGE, 21)) {
			if (!bad)
				diag("child: page %lu is wrong", i);
			bad++;
		}
	return bad ? 1 : 0;
}

static int run_child_pages(unsigned long npages)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(child(npages));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

int main(int argc, char **argv)
{
	struct mem_pages m = mem_info();
	const char *mode = argc > 1 ? argv[1] : "";
	unsigned long mib = argc > 2 ? strtoul(argv[2], NULL, 0)
				     : (unsigned long)m.ram * 2 * PAGE / MiB;
	unsigned long bad = 0;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	plan(CHECKS);
	if (!swap_on_here() || (strcmp(mode, "read") && strcmp(mode, "write"))) {
		for (int i = 0; i < CHECKS; i++)
			skip("needs tests/test_swap.py's failing swap disk: run as swap_eio read|write "
			     "on Pagoda with swap on");
		return done_testing();
	}
	for (unsigned long i = 0; i < MINE; i++)
		page_fill(mine + i * PAGE, 31);
	diag("%s errors: a child writes and reads back %lu MiB", mode, mib);
	st = run_child_pages(mib * MiB / PAGE);
	if (!strcmp(mode, "read"))
		ok(killed_by(st, SIGBUS), "a page whose slot cannot be read: the child dies of "
		   "SIGBUS (%s)", status_str(st));
	else
		ok(exited_with(st, 0), "pages whose writes failed stayed resident: the child's "
		   "%lu MiB are intact (%s)", mib, status_str(st));
	st = run_child_pages(256);
	ok(exited_with(st, 0), "the system goes on: another child's 1 MiB is intact (%s)",
	   status_str(st));
	for (unsigned long i = 0; i < MINE; i++)
		bad += page_bad_words(mine + i * PAGE, 31) != 0;
	ok(bad == 0, "this process's 1 MiB is intact (%lu pages wrong)", bad);
	return done_testing();
}
