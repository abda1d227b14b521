/*
 * user/tests/signals.c - signal delivery, handlers and rt_sigreturn.
 *
 * Checks, with Linux's semantics (musl and busybox rely on them):
 *  - rt_sigaction installs a handler; kill(getpid()) runs it before kill
 *    returns; SA_SIGINFO gives si_signo, si_code SI_USER, si_pid, si_uid;
 *  - the handler runs with the signal blocked (unless SA_NODEFER) plus
 *    sa_mask, and rt_sigreturn restores the old mask;
 *  - rt_sigreturn restores every register: general-purpose registers and
 *    the SSE registers hold known values across a signal taken on the
 *    syscall's way back to user mode (the handler clobbers them all);
 *  - rt_sigprocmask blocks a signal (it stays pending) and unblocking it
 *    delivers it at once; SIG_SETMASK returns the old set;
 *  - SIG_IGN discards; SIG_DFL of SIGUSR1 terminates; SIGKILL cannot be
 *    caught (EINVAL);
 *  - SIGCHLD reaches the parent when a child exits;
 *  - a handler interrupts a blocking read: EINTR;
 *  - sigaltstack + SA_ONSTACK: the handler's stack is the alternate one;
 *  - tgkill to ourselves; kill with signal 0 probes; EINVAL, ESRCH.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static volatile sig_atomic_t hits, last_sig;
static volatile int si_ok;
static volatile int blocked_inside;	/* the signal was blocked in its own handler */
static volatile int other_blocked_inside;
static volatile uintptr_t handler_sp;

static void on_signal(int sig)
{
	sigset_t cur;

	hits++;
	last_sig = sig;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	blocked_inside = sigismember(&cur, sig);
	other_blocked_inside = sigismember(&cur, SIGUSR2);
	handler_sp = (uintptr_t)&cur;
}

static void on_siginfo(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	si_ok = si->si_signo == sig && si->si_code == SI_USER && si->si_pid == getpid() &&
		si->si_uid == getuid();
}

static void install(int sig, void (*fn)(int), int flags, int also_block)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (also_block)
		sigaddset(&sa.sa_mask, also_block);
	if (sigaction(sig, &sa, NULL) < 0)
		bail("sigaction(%d): %s", sig, strerror(errno));
}

static void handler_basics(void)
{
	sigset_t cur;

	install(SIGUSR1, on_signal, 0, SIGUSR2);
	hits = 0;
	kill(getpid(), SIGUSR1);
	ok(hits == 1 && last_sig == SIGUSR1, "kill(getpid(), SIGUSR1) runs the handler once");
	ok(blocked_inside, "the signal is blocked while its handler runs");
	ok(other_blocked_inside, "sa_mask (SIGUSR2) is blocked too");
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ok(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2),
	   "rt_sigreturn restores the mask");

	install(SIGUSR1, on_signal, SA_NODEFER, 0);
	kill(getpid(), SIGUSR1);
	ok(!blocked_inside, "SA_NODEFER: not blocked inside its handler");

	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	hits = 0;
	si_ok = 0;
	kill(getpid(), SIGUSR2);
	ok(hits == 1 && si_ok, "SA_SIGINFO: si_signo, si_code SI_USER, si_pid, si_uid");
	ok(sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_sigaction == on_siginfo &&
	   (old.sa_flags & SA_SIGINFO), "rt_sigaction returns the installed action");
	errno = 0;
	ok(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "SIGKILL cannot be caught: EINVAL");
	errno = 0;
	ok(sigaction(65, &sa, NULL) == -1 && errno == EINVAL, "signal 65: EINVAL");
	hits = 0;
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
	ok(hits == 1, "tgkill(getpid(), gettid()) delivers");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/*
 * Registers across a signal: load known values into the callee- and
 * caller-saved registers and xmm0-xmm15, make the kill syscall by hand (the
 * signal is delivered on its way back to user mode), and compare.  rax is
 * the syscall's result, rcx and r11 are clobbered by SYSCALL itself.
 */
static void clobber_all(int sig)
{
	(void)sig;
	hits++;
	asm volatile("mov $-1, %%rbx\n mov $-1, %%rdx\n mov $-1, %%rsi\n mov $-1, %%rdi\n"
		     "mov $-1, %%r8\n mov $-1, %%r9\n mov $-1, %%r10\n mov $-1, %%r12\n"
		     "mov $-1, %%r13\n mov $-1, %%r14\n mov $-1, %%r15\n"
		     "pcmpeqd %%xmm0, %%xmm0\n pcmpeqd %%xmm1, %%xmm1\n pcmpeqd %%xmm7, %%xmm7\n"
		     "pcmpeqd %%xmm8, %%xmm8\n pcmpeqd %%xmm15, %%xmm15\n"
		     ::: "rbx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r12", "r13", "r14",
		     "r15", "xmm0", "xmm1", "xmm7", "xmm8", "xmm15", "memory");
}

/*
 * struct regs_block's layout is used by sig_regs_test below: in[12] at 0,
 * out[12] at 96, xin[4] at 192, xout[6] at 224.  in/out order: rbx rbp r12
 * r13 r14 r15 rdx r8 r9 r10 rsi rdi; rsi and rdi are kill's arguments.
 */
struct regs_block {
	uint64_t in[12], out[12], xin[4], xout[6];
};
void sig_regs_test(struct regs_block *b);
asm(".text\n"
    ".globl sig_regs_test\n"
    "sig_regs_test:\n"
    " push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    " push %rdi\n"
    " movdqu 192(%rdi), %xmm0\n movdqu 208(%rdi), %xmm1\n"
    " movdqa %xmm0, %xmm7\n movdqa %xmm1, %xmm8\n movdqa %xmm0, %xmm15\n"
    " mov 0(%rdi), %rbx\n mov 8(%rdi), %rbp\n mov 16(%rdi), %r12\n mov 24(%rdi), %r13\n"
    " mov 32(%rdi), %r14\n mov 40(%rdi), %r15\n mov 48(%rdi), %rdx\n mov 56(%rdi), %r8\n"
    " mov 64(%rdi), %r9\n mov 72(%rdi), %r10\n mov 80(%rdi), %rsi\n mov 88(%rdi), %rdi\n"
    " mov $62, %eax\n"		/* kill(rdi, rsi) */
    " syscall\n"
    " mov (%rsp), %rax\n"
    " mov %rbx, 96(%rax)\n mov %rbp, 104(%rax)\n mov %r12, 112(%rax)\n mov %r13, 120(%rax)\n"
    " mov %r14, 128(%rax)\n mov %r15, 136(%rax)\n mov %rdx, 144(%rax)\n mov %r8, 152(%rax)\n"
    " mov %r9, 160(%rax)\n mov %r10, 168(%rax)\n mov %rsi, 176(%rax)\n mov %rdi, 184(%rax)\n"
    " movdqu %xmm7, 224(%rax)\n movdqu %xmm8, 240(%rax)\n movdqu %xmm15, 256(%rax)\n"
    " pop %rdi\n pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    " ret\n");

static void registers_intact(void)
{
	static const char *const names[12] = {
		"rbx", "rbp", "r12", "r13", "r14", "r15", "rdx", "r8", "r9", "r10", "rsi", "rdi",
	};
	struct regs_block b = {
		.xin = { 0x1111222233334444ULL, 0x5555666677778888ULL,
			 0x99990000aaaabbbbULL, 0xccccddddeeeeffffULL },
	};
	int bad = 0;

	for (int i = 0; i < 10; i++)
		b.in[i] = 0x0101010101010101ULL * (uint64_t)(i + 1);
	b.in[10] = SIGUSR1;
	b.in[11] = (uint64_t)getpid();
	install(SIGUSR1, clobber_all, 0, 0);
	hits = 0;
	sig_regs_test(&b);
	for (int i = 0; i < 12; i++)
		if (b.in[i] != b.out[i]) {
			diag("    %s: %#llx, expected %#llx", names[i], (unsigned long long)b.out[i],
			     (unsigned long long)b.in[i]);
			bad++;
		}
	ok(hits == 1, "the handler ran during the kill syscall");
	ok(bad == 0, "rbx rbp rdx rsi rdi r8-r10 r12-r15 survive the handler (rt_sigreturn)");
	ok(!memcmp(b.xout, b.xin, 16) && !memcmp(b.xout + 2, b.xin + 2, 16) &&
	   !memcmp(b.xout + 4, b.xin, 16),
	   "xmm7, xmm8, xmm15 survive the handler (the fpstate in the frame)");
	signal(SIGUSR1, SIG_DFL);
}

static void masking(void)
{
	sigset_t set, old;

	install(SIGUSR1, on_signal, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	hits = 0;
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	ok(hits == 0, "a blocked signal is not delivered");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	ok(hits == 1, "unblocking delivers it, once (standard signals do not queue)");
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigset_t got;

	sigprocmask(SIG_SETMASK, &old, &got);
	ok(sigismember(&got, SIGUSR1) && !sigismember(&got, SIGUSR2),
	   "SIG_SETMASK returns the previous mask");
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &got);
	ok(!sigismember(&got, SIGKILL) && !sigismember(&got, SIGSTOP),
	   "SIGKILL and SIGSTOP cannot be blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = 0;
	ok(sigprocmask(42, &set, NULL) == -1 && errno == EINVAL, "an unknown 'how': EINVAL");

	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	hits = 0;
	install(SIGUSR1, on_signal, 0, 0);
	ok(hits == 0, "SIG_IGN: the signal is discarded, not left pending");
	signal(SIGUSR1, SIG_DFL);
}

static int die_by_usr1(void *arg)
{
	(void)arg;
	kill(getpid(), SIGUSR1);
	return 0;
}

static int ignored_usr1(void *arg)
{
	(void)arg;
	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	return 7;
}

/* The child keeps SIG_IGN across execve (Linux), and handlers are reset. */
static void defaults(void)
{
	int status = run_child(die_by_usr1, NULL);

	ok(killed_by(status, SIGUSR1), "SIG_DFL of SIGUSR1 terminates (%s)", status_str(status));
	status = run_child(ignored_usr1, NULL);
	ok(exited_with(status, 7), "SIG_IGN of SIGUSR1 in a child: it goes on (%s)",
	   status_str(status));
}

static volatile int chld_hits;
static void on_chld(int sig)
{
	(void)sig;
	chld_hits++;
}

static void sigchld(void)
{
	sigset_t set, old;
	int status;

	install(SIGCHLD, on_chld, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	chld_hits = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	ok(chld_hits == 0, "SIGCHLD is held while blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
	ok(chld_hits == 1, "SIGCHLD arrives when the child exits");
	signal(SIGCHLD, SIG_DFL);
}

static void on_usr1_noop(int sig)
{
	(void)sig;
}

/* A child blocked in read on a pipe: the parent signals until it gives up. */
static void eintr(void)
{
	int fds[2], status = -1;

	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	install(SIGUSR1, on_usr1_noop, 0, 0);	/* no SA_RESTART; the child inherits it */
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(fds[1]);
		for (;;) {
			ssize_t n = read(fds[0], &c, 1);

			_exit(n == -1 && errno == EINTR ? 0 : 1);
		}
	}
	signal(SIGUSR1, SIG_DFL);
	close(fds[0]);
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	for (int i = 0; i < 2000 && waitpid(pid, &status, WNOHANG) == 0; i++) {
		kill(pid, SIGUSR1);
		nanosleep(&ts, NULL);
	}
	close(fds[1]);
	ok(exited_with(status, 0), "a handler interrupts a blocking read: EINTR (%s)",
	   status_str(status));
}

static char altstack[65536] __attribute__((aligned(16)));

static void altstack_check(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;

	ok(sigaltstack(&ss, NULL) == 0, "sigaltstack installs an alternate stack");
	install(SIGUSR1, on_signal, SA_ONSTACK, 0);
	handler_sp = 0;
	kill(getpid(), SIGUSR1);
	ok(handler_sp >= (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack),
	   "SA_ONSTACK: the handler runs on it");
	ok(sigaltstack(NULL, &old) == 0 && old.ss_sp == altstack && old.ss_size == sizeof(altstack) &&
	   !(old.ss_flags & SS_ONSTACK), "sigaltstack returns it, not in use now");
	install(SIGUSR1, on_signal, 0, 0);
	kill(getpid(), SIGUSR1);
	ok(handler_sp < (uintptr_t)altstack || handler_sp >= (uintptr_t)altstack + sizeof(altstack),
	   "without SA_ONSTACK: the normal stack");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static void kill_errors(void)
{
	ok(kill(getpid(), 0) == 0, "kill(pid, 0) probes a live process");
	errno = 0;
	ok(kill(getpid(), 65) == -1 && errno == EINVAL, "kill with signal 65: EINVAL");
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	errno = 0;
	ok(kill(pid, 0) == -1 && errno == ESRCH, "kill of a reaped pid: ESRCH");
}

int main(void)
{
	plan(31);
	handler_basics();
	registers_intact();
	masking();
	defaults();
	sigchld();
	eintr();
	altstack_check();
	kill_errors();
	return done_testing();
}
