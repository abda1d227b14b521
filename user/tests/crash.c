/*
 * user/tests/crash.c - a crashing child per fault kind.
 *
 * Each fault runs in a child process, twice:
 *  1. with the default action: the child must die by the signal Linux sends
 *     for that exception (the parent checks WIFSIGNALED/WTERMSIG), and the
 *     kernel logs one line ("crash[pid]: segfault at ..." or a trap line);
 *  2. with an SA_SIGINFO handler: the handler must run and see si_signo,
 *     si_code and si_addr as Linux fills them in; it reports by _exit().
 *
 *	fault                         exception   signal   si_code       si_addr
 *	read through NULL             #PF         SIGSEGV  SEGV_MAPERR   0
 *	write to a read-only page     #PF         SIGSEGV  SEGV_ACCERR   the address
 *	execute a data page (NX)      #PF         SIGSEGV  SEGV_ACCERR   the address
 *	jump into the kernel half     #PF         SIGSEGV  (any)         -
 *	ud2                           #UD         SIGILL   ILL_ILLOPN    the ud2
 *	load from a non-canonical     #GP         SIGSEGV  SI_KERNEL     0
 *	hlt (privileged)              #GP         SIGSEGV  SI_KERNEL     0
 *	divide by zero                #DE         SIGFPE   FPE_INTDIV    the idiv
 *	int3                          #BP         SIGTRAP  SI_KERNEL     -
 *	stack overflow (recursion)    #PF         SIGSEGV  (default action only)
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define ANY_CODE (-1000)
#define ANY_ADDR ((void *)-1)

/* The faulting instructions, at known addresses for si_addr. */
void fault_ud2(void), fault_ud2_insn(void), fault_div0(void), fault_div0_insn(void);
void fault_gp(void), fault_hlt(void), fault_int3(void);
asm(".text\n"
    ".globl fault_ud2, fault_ud2_insn\n"
    "fault_ud2:\nfault_ud2_insn: ud2\n ret\n"
    ".globl fault_div0, fault_div0_insn\n"
    "fault_div0: xor %ecx, %ecx\n mov $1, %eax\n cltd\n"
    "fault_div0_insn: idiv %ecx\n ret\n"
    ".globl fault_gp\n"
    "fault_gp: movabs $0x8000000000000000, %rax\n mov (%rax), %rax\n ret\n"
    ".globl fault_hlt\n"
    "fault_hlt: hlt\n ret\n"
    ".globl fault_int3\n"
    "fault_int3: int3\n ret\n");

static const int ro_data[1024] __attribute__((aligned(4096))) = { 1 };
static unsigned char nx_code[64] __attribute__((aligned(16))) = { 0xc3 };	/* ret */

static void f_null(void) { (void)*(volatile int *)0; }
static void f_rodata(void) { *(volatile int *)&ro_data[5] = 2; }
static void f_nx(void) { ((void (*)(void))(uintptr_t)nx_code)(); }
static void f_kernel(void) { ((void (*)(void))0xffffffff81000000UL)(); }

static volatile int depth_limit = 1 << 30;	/* volatile: the compiler cannot see the end */
static int depth_sink;
static int f_recurse(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return f_recurse(n + 1) + pad[0] + depth_sink;
}
static void f_stack(void) { depth_sink = f_recurse(0); }

static const struct fault {
	const char *name;
	void (*fn)(void);
	int sig, code;
	const void *addr;	/* expected si_addr, or ANY_ADDR */
	int handler;		/* also check the SA_SIGINFO handler */
} faults[] = {
	{ "a NULL read", f_null, SIGSEGV, SEGV_MAPERR, NULL, 1 },
	{ "a write to a read-only page", f_rodata, SIGSEGV, SEGV_ACCERR, &ro_data[5], 1 },
	{ "executing a data page (NX)", f_nx, SIGSEGV, SEGV_ACCERR, nx_code, 1 },
	{ "a jump into the kernel half", f_kernel, SIGSEGV, ANY_CODE, ANY_ADDR, 1 },
	{ "ud2", fault_ud2, SIGILL, ILL_ILLOPN, (void *)fault_ud2_insn, 1 },
	{ "a non-canonical load (general protection)", fault_gp, SIGSEGV, SI_KERNEL, NULL, 1 },
	{ "hlt in user mode (general protection)", fault_hlt, SIGSEGV, SI_KERNEL, NULL, 1 },
	{ "a divide by zero", fault_div0, SIGFPE, FPE_INTDIV, (void *)fault_div0_insn, 1 },
	{ "int3", fault_int3, SIGTRAP, SI_KERNEL, ANY_ADDR, 1 },
	{ "a stack overflow", f_stack, SIGSEGV, ANY_CODE, ANY_ADDR, 0 },
};
#define NR_FAULTS (sizeof(faults) / sizeof(faults[0]))

static const struct fault *current_fault;

/* Exit codes of the handler: 0 all as expected, else which field was wrong. */
static void handler(int sig, siginfo_t *si, void *uc)
{
	const struct fault *f = current_fault;

	(void)uc;
	if (sig != f->sig || si->si_signo != f->sig)
		_exit(11);
	if (f->code != ANY_CODE && si->si_code != f->code)
		_exit(12);
	if (f->addr != ANY_ADDR && si->si_addr != f->addr)
		_exit(13);
	_exit(0);
}

static int run_default(void *arg)
{
	const struct fault *f = arg;

	f->fn();
	return 50;	/* the fault did not happen */
}

static int run_with_handler(void *arg)
{
	const struct fault *f = arg;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	current_fault = f;
	if (sigaction(f->sig, &sa, NULL) < 0)
		return 51;
	f->fn();
	return 50;
}

int main(void)
{
	int n = 0;

	for (unsigned i = 0; i < NR_FAULTS; i++)
		n += 1 + faults[i].handler;
	plan(n);
	for (unsigned i = 0; i < NR_FAULTS; i++) {
		const struct fault *f = &faults[i];
		int status = run_child(run_default, (void *)f);

		ok(killed_by(status, f->sig), "%s kills the child with signal %d (%s)", f->name,
		   f->sig, status_str(status));
		if (!f->handler)
			continue;
		status = run_child(run_with_handler, (void *)f);
		ok(exited_with(status, 0), "%s: the handler sees si_signo %d%s (%s)", f->name, f->sig,
		   f->code == ANY_CODE ? "" : ", si_code, si_addr", status_str(status));
	}
	return done_testing();
}
