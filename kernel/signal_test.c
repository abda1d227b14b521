/*
 * kernel/signal_test.c - ktest suite "signal": the sigset helpers, the
 * sending rules of kernel/signal.c (merging, ignoring, blocking), and the
 * user-visible layouts - struct sigaction, siginfo, stack_t and the x86-64
 * rt_sigframe - checked offset by offset against Linux's uapi headers
 * (asm/sigcontext.h, asm/ucontext.h, asm-generic/siginfo.h), since musl
 * and glibc read them directly.
 *
 * Sending is tested on a private task_struct that is in no list and never
 * runs (TASK_RUNNING, so no wake-up touches the run queue); delivery needs
 * a user process and is covered by the user tests (user/tests/).
 */
#include "arch/x86_64/sigframe.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/slab.h"

/* ---- layouts (Linux x86-64 ABI) ---- */

static void sigframe_layout_matches_linux(struct ktest *t)
{
	/* struct sigcontext_64 */
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, r8), 0);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, di), 64);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, ax), 104);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, sp), 120);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, ip), 128);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, flags), 136);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, cs), 144);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, ss), 150);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, err), 152);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, trapno), 160);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, oldmask), 168);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, cr2), 176);
	KTEST_EXPECT_EQ(t, offsetof(struct sigcontext_64, fpstate), 184);
	KTEST_EXPECT_EQ(t, sizeof(struct sigcontext_64), 256);
	/* struct ucontext: uc_mcontext at 40, as ucontext_t in libc */
	KTEST_EXPECT_EQ(t, offsetof(struct ucontext, uc_link), 8);
	KTEST_EXPECT_EQ(t, offsetof(struct ucontext, uc_stack), 16);
	KTEST_EXPECT_EQ(t, offsetof(struct ucontext, uc_mcontext), 40);
	KTEST_EXPECT_EQ(t, offsetof(struct ucontext, uc_sigmask), 296);
	KTEST_EXPECT_EQ(t, sizeof(struct ucontext), 304);
	/* struct rt_sigframe */
	KTEST_EXPECT_EQ(t, offsetof(struct rt_sigframe, pretcode), 0);
	KTEST_EXPECT_EQ(t, offsetof(struct rt_sigframe, uc), 8);
	KTEST_EXPECT_EQ(t, offsetof(struct rt_sigframe, info), 312);
	KTEST_EXPECT_EQ(t, sizeof(struct rt_sigframe), 440);
	/* struct _fpstate_64: FXSAVE's image */
	KTEST_EXPECT_EQ(t, offsetof(struct _fpstate_64, mxcsr), 24);
	KTEST_EXPECT_EQ(t, offsetof(struct _fpstate_64, st_space), 32);
	KTEST_EXPECT_EQ(t, offsetof(struct _fpstate_64, xmm_space), 160);
	KTEST_EXPECT_EQ(t, offsetof(struct _fpstate_64, sw_reserved), 464);
	KTEST_EXPECT_EQ(t, sizeof(struct _fpstate_64), 512);
}

static void signal_abi_structs_match_linux(struct ktest *t)
{
	kernel_siginfo_t info;

	/* struct sigaction as rt_sigaction(2) takes it (the kernel's, not libc's) */
	KTEST_EXPECT_EQ(t, offsetof(struct sigaction, sa_handler), 0);
	KTEST_EXPECT_EQ(t, offsetof(struct sigaction, sa_flags), 8);
	KTEST_EXPECT_EQ(t, offsetof(struct sigaction, sa_restorer), 16);
	KTEST_EXPECT_EQ(t, offsetof(struct sigaction, sa_mask), 24);
	KTEST_EXPECT_EQ(t, sizeof(struct sigaction), 32);
	KTEST_EXPECT_EQ(t, sizeof(sigset_t), 8);
	/* siginfo_t: 128 bytes, the union at 16 */
	KTEST_EXPECT_EQ(t, sizeof(kernel_siginfo_t), 128);
	KTEST_EXPECT_EQ(t, offsetof(kernel_siginfo_t, si_code), 8);
	KTEST_EXPECT_EQ(t, (char *)&info.si_addr - (char *)&info, 16);
	KTEST_EXPECT_EQ(t, (char *)&info.si_pid - (char *)&info, 16);
	KTEST_EXPECT_EQ(t, (char *)&info.si_uid - (char *)&info, 20);
	KTEST_EXPECT_EQ(t, (char *)&info.si_status - (char *)&info, 24);
	/* stack_t */
	KTEST_EXPECT_EQ(t, offsetof(stack_t, ss_flags), 8);
	KTEST_EXPECT_EQ(t, offsetof(stack_t, ss_size), 16);
	KTEST_EXPECT_EQ(t, sizeof(stack_t), 24);
}

/* ---- sigset helpers ---- */

static void sigset_helpers_work(struct ktest *t)
{
	sigset_t a, b, r;

	sigemptyset(&a);
	KTEST_EXPECT_TRUE(t, sigisemptyset(&a));
	sigaddset(&a, SIGINT);
	sigaddset(&a, SIGRTMIN);
	sigaddset(&a, _NSIG);
	KTEST_EXPECT_TRUE(t, sigismember(&a, SIGINT));
	KTEST_EXPECT_TRUE(t, sigismember(&a, _NSIG));
	KTEST_EXPECT_FALSE(t, sigismember(&a, SIGQUIT));
	KTEST_EXPECT_EQ(t, a.sig[0], (1UL << 1) | (1UL << 31) | (1UL << 63));
	sigdelset(&a, SIGRTMIN);
	KTEST_EXPECT_FALSE(t, sigismember(&a, SIGRTMIN));

	sigemptyset(&b);
	sigaddset(&b, SIGINT);
	sigaddset(&b, SIGTERM);
	sigorsets(&r, &a, &b);
	KTEST_EXPECT_EQ(t, r.sig[0], sigmask(SIGINT) | sigmask(SIGTERM) | sigmask(_NSIG));
	sigandnsets(&r, &r, &b);
	KTEST_EXPECT_EQ(t, r.sig[0], sigmask(_NSIG));
	sigdelsetmask(&r, sigmask(_NSIG));
	KTEST_EXPECT_TRUE(t, sigisemptyset(&r));
}

static void next_signal_lowest_unblocked(struct ktest *t)
{
	sigset_t pending = { { sigmask(SIGTERM) | sigmask(SIGINT) | sigmask(SIGUSR1) } };
	sigset_t blocked = { { sigmask(SIGINT) } };
	sigset_t none = { { 0 } };

	KTEST_EXPECT_EQ(t, next_signal(&pending, &none), SIGINT);
	KTEST_EXPECT_EQ(t, next_signal(&pending, &blocked), SIGUSR1);
	blocked.sig[0] = ~0UL;
	KTEST_EXPECT_EQ(t, next_signal(&pending, &blocked), 0);
}

/* ---- sending, on a task that never runs ---- */

static struct task_struct *fake_task(void)
{
	struct task_struct *p = kmalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->__state = TASK_RUNNING;
	p->pid = 30000;
	p->tgid = 30000;
	p->pgid = 30000;
	strscpy(p->comm, "fake", sizeof(p->comm));
	p->sighand = sighand_alloc();
	if (!p->sighand) {
		kfree(p);
		return NULL;
	}
	return p;
}

static void fake_task_free(struct task_struct *p)
{
	sighand_put(p->sighand);
	kfree(p);
}

static void send_sig_sets_pending_and_merges(struct ktest *t)
{
	struct task_struct *p = fake_task();
	kernel_siginfo_t info;

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGUSR1;
	info.si_code = SI_USER;
	info.si_pid = 7;
	KTEST_EXPECT_EQ(t, send_sig_info(SIGUSR1, &info, p), 0);
	KTEST_EXPECT_TRUE(t, sigismember(&p->pending.signal, SIGUSR1));
	KTEST_EXPECT_TRUE(t, signal_pending(p));
	/* A second SIGUSR1 while the first is pending merges: the first info stays. */
	info.si_pid = 8;
	send_sig_info(SIGUSR1, &info, p);
	KTEST_EXPECT_EQ(t, p->pending.info[SIGUSR1 - 1].si_pid, 7);
	/* No info: the kernel sent it. */
	send_sig_info(SIGTERM, NULL, p);
	KTEST_EXPECT_EQ(t, p->pending.info[SIGTERM - 1].si_code, SI_KERNEL);
	KTEST_EXPECT_EQ(t, p->pending.info[SIGTERM - 1].si_signo, SIGTERM);
	/* Bad numbers. */
	KTEST_EXPECT_EQ(t, send_sig_info(0, NULL, p), -EINVAL);
	KTEST_EXPECT_EQ(t, send_sig_info(_NSIG + 1, NULL, p), -EINVAL);
	KTEST_EXPECT_FALSE(t, fatal_signal_pending(p));
	send_sig(SIGKILL, p, 1);
	KTEST_EXPECT_TRUE(t, fatal_signal_pending(p));
	fake_task_free(p);
}

static void ignored_signals_are_dropped_unless_blocked(struct ktest *t)
{
	struct task_struct *p = fake_task();

	KTEST_ASSERT_NOT_NULL(t, p);
	/* SIGCHLD's default action is "ignore": dropped at once. */
	send_sig(SIGCHLD, p, 1);
	KTEST_EXPECT_FALSE(t, sigismember(&p->pending.signal, SIGCHLD));
	/* SIG_IGN: dropped. */
	p->sighand->action[SIGUSR2 - 1].sa.sa_handler = SIG_IGN;
	send_sig(SIGUSR2, p, 1);
	KTEST_EXPECT_FALSE(t, sigismember(&p->pending.signal, SIGUSR2));
	/* Blocked: kept, since the handler may change before it is unblocked... */
	sigaddset(&p->blocked, SIGUSR2);
	send_sig(SIGUSR2, p, 1);
	KTEST_EXPECT_TRUE(t, sigismember(&p->pending.signal, SIGUSR2));
	/* ...but not "pending" for wake-up purposes while blocked. */
	KTEST_EXPECT_FALSE(t, signal_pending(p));
	sigdelset(&p->blocked, SIGUSR2);
	KTEST_EXPECT_TRUE(t, signal_pending(p));
	flush_signals(p);
	KTEST_EXPECT_FALSE(t, signal_pending(p));
	fake_task_free(p);
}

static void kernel_threads_ignore_signals(struct ktest *t)
{
	struct task_struct *p = fake_task();

	KTEST_ASSERT_NOT_NULL(t, p);
	p->flags |= PF_KTHREAD;
	KTEST_EXPECT_EQ(t, send_sig(SIGKILL, p, 1), 0);
	KTEST_EXPECT_FALSE(t, signal_pending(p));
	fake_task_free(p);
}

static void flush_signal_handlers_keeps_ignored(struct ktest *t)
{
	struct task_struct *p = fake_task();
	struct sighand_struct *dup;

	KTEST_ASSERT_NOT_NULL(t, p);
	p->sighand->action[SIGINT - 1].sa.sa_handler = SIG_IGN;
	p->sighand->action[SIGTERM - 1].sa.sa_handler = (void *)0x401000;
	p->sighand->action[SIGTERM - 1].sa.sa_flags = SA_RESTART | SA_RESTORER;
	dup = sighand_dup(p->sighand);
	KTEST_ASSERT_NOT_NULL(t, dup);
	KTEST_EXPECT_EQ(t, (unsigned long)dup->action[SIGTERM - 1].sa.sa_handler, 0x401000);
	KTEST_EXPECT_EQ(t, dup->count, 1);
	sighand_put(dup);
	/* exec: caught -> default, ignored stays ignored */
	flush_signal_handlers(p, 0);
	KTEST_EXPECT_TRUE(t, p->sighand->action[SIGINT - 1].sa.sa_handler == SIG_IGN);
	KTEST_EXPECT_TRUE(t, p->sighand->action[SIGTERM - 1].sa.sa_handler == SIG_DFL);
	KTEST_EXPECT_EQ(t, p->sighand->action[SIGTERM - 1].sa.sa_flags, 0);
	fake_task_free(p);
}

static void kill_pgrp_without_members_is_esrch(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, kill_pgrp(PID_MAX + 1, SIGTERM, 1), -ESRCH);
}

/*
 * kill(2) and tgkill(2) through their syscall entry points (they take no
 * user pointers), on two fake processes linked into the task list for the
 * duration of the case: pid 30000 and 30001, both in process group 30000.
 */
static long call_sys(long (*fn)(const struct pt_regs *), long a, long b, long c)
{
	struct pt_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.rdi = a;
	regs.rsi = b;
	regs.rdx = c;
	return fn(&regs);
}

long __x64_sys_kill(const struct pt_regs *regs);
long __x64_sys_tgkill(const struct pt_regs *regs);

static void link_task(struct task_struct *p, bool add)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (add)
		list_add_tail(&p->tasks, &init_task.tasks);
	else
		list_del(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void kill_and_tgkill_follow_linux(struct ktest *t)
{
	struct task_struct *a = fake_task(), *b = fake_task();

	if (!a || !b) {
		if (a)
			fake_task_free(a);
		if (b)
			fake_task_free(b);
		KTEST_ASSERT_TRUE(t, false);
	}
	b->pid = b->tgid = 30001;
	link_task(a, true);
	link_task(b, true);

	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 30000, SIGUSR1, 0), 0);
	KTEST_EXPECT_TRUE(t, sigismember(&a->pending.signal, SIGUSR1));
	KTEST_EXPECT_EQ(t, a->pending.info[SIGUSR1 - 1].si_code, SI_USER);
	KTEST_EXPECT_EQ(t, a->pending.info[SIGUSR1 - 1].si_pid, current->tgid);
	KTEST_EXPECT_FALSE(t, sigismember(&b->pending.signal, SIGUSR1));
	/* sig 0: existence only */
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 30001, 0, 0), 0);
	KTEST_EXPECT_FALSE(t, signal_pending(b));
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 31999, SIGTERM, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 30000, _NSIG + 1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 30000, -1, 0), -EINVAL);
	/* a process group: both */
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, -30000, SIGUSR2, 0), 0);
	KTEST_EXPECT_TRUE(t, sigismember(&a->pending.signal, SIGUSR2));
	KTEST_EXPECT_TRUE(t, sigismember(&b->pending.signal, SIGUSR2));
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, -31999, SIGUSR2, 0), -ESRCH);
	/* tgkill: the thread group must match */
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_tgkill, 30000, 30001, SIGTERM), -ESRCH);
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_tgkill, 0, 30001, SIGTERM), -EINVAL);
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_tgkill, 30001, 30001, SIGTERM), 0);
	KTEST_EXPECT_EQ(t, b->pending.info[SIGTERM - 1].si_code, SI_TKILL);
	/* a zombie still exists for kill, but gets nothing */
	b->exit_state = EXIT_ZOMBIE;
	KTEST_EXPECT_EQ(t, call_sys(__x64_sys_kill, 30001, SIGINT, 0), 0);
	KTEST_EXPECT_FALSE(t, sigismember(&b->pending.signal, SIGINT));

	link_task(a, false);
	link_task(b, false);
	fake_task_free(a);
	fake_task_free(b);
}

static struct ktest_case signal_cases[] = {
	KTEST_CASE(sigframe_layout_matches_linux),
	KTEST_CASE(signal_abi_structs_match_linux),
	KTEST_CASE(sigset_helpers_work),
	KTEST_CASE(next_signal_lowest_unblocked),
	KTEST_CASE(send_sig_sets_pending_and_merges),
	KTEST_CASE(ignored_signals_are_dropped_unless_blocked),
	KTEST_CASE(kernel_threads_ignore_signals),
	KTEST_CASE(flush_signal_handlers_keeps_ignored),
	KTEST_CASE(kill_pgrp_without_members_is_esrch),
	KTEST_CASE(kill_and_tgkill_follow_linux),
	{}
};
KTEST_SUITE(signal, signal_cases);
