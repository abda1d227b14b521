/*
 * user/tests/vm_stack.c - the stack grows on demand up to RLIMIT_STACK;
 * past it, SIGSEGV.  And MAP_GROWSDOWN mappings with the stack guard gap.
 *
 * The stack is a VM_GROWSDOWN VMA: a fault just below it extends it
 * (expand_stack) as long as its size stays within RLIMIT_STACK and a gap
 * of stack_guard_gap (256 pages, 1 MiB) is left above the next mapping
 * down.  Each check runs in a child, which sets its RLIMIT_STACK first and
 * then recurses through 16 KiB frames, writing every page of each:
 *  - limit 8 MiB (Linux's default), 7 MiB deep: fine, and each new page of
 *    stack was one fault (the stack was not allocated up front);
 *  - limit 8 MiB, 9 MiB deep: killed by SIGSEGV; with a handler on an
 *    alternate signal stack, si_code is SEGV_MAPERR (below the stack there
 *    is no VMA it could grow into);
 *  - setrlimit lowers the limit of a running process: 1 MiB, then 512 KiB
 *    deep is fine and 2 MiB deep is SIGSEGV;
 *  - a MAP_GROWSDOWN mapping grows when the page below it is touched, but
 *    not into the guard gap above another mapping (SIGSEGV, SEGV_MAPERR).
 */
#include "vm_util.h"

#define FRAME	(16 * KiB)

#ifndef MAP_GROWSDOWN
#define MAP_GROWSDOWN 0x100
#endif

static volatile unsigned long sink;

/* Recurses through depth frames of FRAME bytes, writing each page. */
static unsigned long dive(unsigned long depth)
{
	volatile unsigned char buf[FRAME];

	for (unsigned long i = FRAME; i > 0; i -= PAGE)
		buf[i - 1] = (unsigned char)depth;
	if (depth == 0)
		return buf[0];
	return dive(depth - 1) + buf[depth % FRAME];
}

static void set_stack_limit(unsigned long bytes)
{
	struct rlimit rl;

	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = bytes;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < bytes)
		rl.rlim_max = bytes;
	if (setrlimit(RLIMIT_STACK, &rl) < 0)
		_exit(90);
}

struct dive_args {
	unsigned long limit;		/* RLIMIT_STACK to set */
	unsigned long depth;		/* bytes of stack to use */
	bool handler;			/* catch SIGSEGV on an alternate stack */
	bool count_faults;		/* exit 5 unless every new page faulted once */
};

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	_exit(si->si_code == SEGV_MAPERR ? 42 : 43);
}

static int dive_child(void *arg)
{
	const struct dive_args *a = arg;
	static unsigned char altstack[64 * KiB];

	set_stack_limit(a->limit);
	if (a->handler) {
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
		struct sigaction sa = { .sa_sigaction = segv_handler,
					.sa_flags = SA_SIGINFO | SA_ONSTACK };

		if (sigaltstack(&ss, NULL) < 0 || sigaction(SIGSEGV, &sa, NULL) < 0)
			return 91;
	}
	long f0 = minflt();

	sink = dive(a->depth / FRAME);
	long faults = minflt() - f0;

	if (a->count_faults && faults < (long)(a->depth / PAGE) * 9 / 10)
		return 5;
	return 0;
}

static int run_dive(unsigned long limit, unsigned long depth, bool handler, bool count)
{
	struct dive_args a = { limit, depth, handler, count };

	return run_child(dive_child, &a);
}

/* MAP_GROWSDOWN: a page at top with another mapping `gap` pages below it. */
static int growsdown_child(void *arg)
{
	unsigned long gap = *(unsigned long *)arg, below = 16;
	unsigned char *area = map_anon(1024 * PAGE, PROT_NONE, 0);
	unsigned char *low = area, *top = area + (gap + 1) * PAGE;

	/* low: 1 page at the bottom; top: 1 GROWSDOWN page, gap pages above low */
	munmap(area + PAGE, 1023 * PAGE);
	mprotect(low, PAGE, PROT_READ);
	if (mmap(top, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0) != top)
		return 92;
	struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO };

	sigaction(SIGSEGV, &sa, NULL);
	for (unsigned long i = 1; i <= below; i++)
		top[-(long)(i * PAGE)] = 1;	/* grows one page per fault */
	return 0;
}

int main(void)
{
	int st;
	unsigned long gap;

	plan(7);
	st = run_dive(8 * MiB, 7 * MiB, false, true);
	ok(exited_with(st, 0), "RLIMIT_STACK 8 MiB: 7 MiB of stack, one fault per new page (%s)",
	   exited_with(st, 5) ? "too few faults: allocated up front?" : status_str(st));
	st = run_dive(8 * MiB, 9 * MiB, false, false);
	ok(killed_by(st, SIGSEGV), "RLIMIT_STACK 8 MiB: 9 MiB deep is killed by SIGSEGV (%s)",
	   status_str(st));
	st = run_dive(8 * MiB, 9 * MiB, true, false);
	ok(exited_with(st, 42), "a handler on an alternate stack sees SEGV_MAPERR (%s)",
	   status_str(st));
	st = run_dive(1 * MiB, 512 * KiB, false, false);
	ok(exited_with(st, 0), "setrlimit to 1 MiB: 512 KiB deep is fine (%s)", status_str(st));
	st = run_dive(1 * MiB, 2 * MiB, false, false);
	ok(killed_by(st, SIGSEGV), "setrlimit to 1 MiB: 2 MiB deep is SIGSEGV (%s)", status_str(st));

	gap = 600;		/* > 256 + 16 pages: room to grow 16 pages */
	st = run_child(growsdown_child, &gap);
	ok(exited_with(st, 0), "a MAP_GROWSDOWN mapping grows 16 pages down on faults (%s)",
	   status_str(st));
	gap = 200;		/* growing would come within 256 pages of the mapping below */
	st = run_child(growsdown_child, &gap);
	ok(exited_with(st, 42), "... but not into the guard gap above another mapping: "
	   "SEGV_MAPERR (%s)", status_str(st));
	return done_testing();
}
