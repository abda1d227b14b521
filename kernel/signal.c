/*
 * kernel/signal.c - sending signals, choosing what to do with them, and the
 * signal system calls (Linux's kernel/signal.c).  The overview - a
 * signal's life, the default actions, the locks - is in kernel/signal.h;
 * the user-stack frame and rt_sigreturn are arch/x86_64/signal.c.
 *
 * Data: each task has
 *   t->pending    the signals sent and not yet delivered (a bit each, and
 *                 the siginfo of the first sending: standard signals do not
 *                 queue), delivered lowest number first, synchronous fault
 *                 signals before all others (Linux's SYNCHRONOUS_MASK);
 *   t->blocked    the mask (rt_sigprocmask); never contains SIGKILL/SIGSTOP;
 *   t->sighand    the handler table (rt_sigaction), NULL for kernel threads,
 *                 which ignore every signal, as Linux's kthreads do.
 *
 * Invariants: a signal whose action is "ignore" is dropped when sent (if
 * not blocked: a blocked signal stays pending, because its handler may
 * change before it is unblocked); so anything pending and unblocked has
 * work to do, and signal_pending_current() can wake sleepers without false
 * alarms.
 *
 * Permissions: Pagoda has one user (root), so kill(2) never fails with
 * EPERM; the checks are where Linux has them, with that answer.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/gfp.h"
#include "mm/slab.h"

/* The fault signals, delivered before any other pending one (Linux's). */
#define SYNCHRONOUS_MASK \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
	 sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))

/* Default action "ignore". */
#define SIG_KERNEL_IGNORE_MASK \
	(sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG))
/* Default action "stop" (ignored: no job control yet). */
#define SIG_KERNEL_STOP_MASK \
	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
/* Default action "core" (terminate; no core file is written). */
#define SIG_KERNEL_COREDUMP_MASK \
	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGABRT) | \
	 sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGSYS) | \
	 sigmask(SIGXCPU) | sigmask(SIGXFSZ))

static bool sig_in_mask(int sig, unsigned long mask)
{
	return sig < SIGRTMIN && (sigmask(sig) & mask);
}

#define sig_kernel_ignore(sig)	sig_in_mask(sig, SIG_KERNEL_IGNORE_MASK)
#define sig_kernel_stop(sig)	sig_in_mask(sig, SIG_KERNEL_STOP_MASK)

/* Would delivering sig with this handler do nothing at all? */
static bool sig_handler_ignored(void *handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/* Drop sig at sending time?  t's siglock held. */
static bool sig_ignored(struct task_struct *t, int sig)
{
	if (sigismember(&t->blocked, sig))
		return false;
	return sig_handler_ignored(t->sighand->action[sig - 1].sa.sa_handler, sig);
}

/* ---- sending ---- */

/* Fill a siginfo for a signal the kernel sends on its own behalf. */
static void kernel_info(kernel_siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
}

/*
 * Mark sig pending in t with info and wake t if it sleeps interruptibly.
 * t's siglock held.
 */
static void __send_signal_locked(int sig, const kernel_siginfo_t *info, struct task_struct *t)
{
	if (t->exit_state || sig_ignored(t, sig))
		return;
	if (!sigismember(&t->pending.signal, sig)) {
		sigaddset(&t->pending.signal, sig);
		t->pending.info[sig - 1] = *info;	/* standard signals: the first one's details */
	}
	if (!sigismember(&t->blocked, sig))
		wake_up_state(t, TASK_INTERRUPTIBLE);	/* signal_wake_up() */
}

/* send_sig_info - see signal.h. */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *t)
{
	kernel_siginfo_t kinfo;
	unsigned long flags;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!info) {
		kernel_info(&kinfo, sig, SI_KERNEL);
		info = &kinfo;
	}
	if (!t->sighand || (t->flags & PF_KTHREAD))
		return 0;		/* kernel threads ignore signals */
	spin_lock_irqsave(&t->sighand->siglock, flags);
	__send_signal_locked(sig, info, t);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return 0;
}

/* send_sig - see signal.h. */
int send_sig(int sig, struct task_struct *t, int priv)
{
	kernel_siginfo_t info;

	kernel_info(&info, sig, priv ? SI_KERNEL : SI_USER);
	if (!priv) {
		info.si_pid = current->tgid;
		info.si_uid = 0;
	}
	return send_sig_info(sig, &info, t);
}

/*
 * Send a synchronous signal to current that it may not escape: a blocked
 * or ignored sig is unblocked and reset to SIG_DFL (a fault that returned
 * to the faulting instruction would fault forever).
 */
static int force_sig_info(kernel_siginfo_t *info)
{
	struct task_struct *t = current;
	struct k_sigaction *action;
	unsigned long flags;
	int sig = info->si_signo;

	if (!t->sighand)
		return 0;
	spin_lock_irqsave(&t->sighand->siglock, flags);
	action = &t->sighand->action[sig - 1];
	if (action->sa.sa_handler == SIG_IGN || sigismember(&t->blocked, sig)) {
		action->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, sig);
	}
	__send_signal_locked(sig, info, t);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return 0;
}

/* force_sig_fault - see signal.h. */
int force_sig_fault(int sig, int code, void __user *addr)
{
	kernel_siginfo_t info;

	kernel_info(&info, sig, code);
	info.si_addr = addr;
	return force_sig_info(&info);
}

/* force_sig - see signal.h. */
void force_sig(int sig)
{
	kernel_siginfo_t info;

	kernel_info(&info, sig, SI_KERNEL);
	force_sig_info(&info);
}

/* force_sigsegv - see signal.h; a SIGSEGV handler that cannot run is reset first. */
void force_sigsegv(int sig)
{
	struct task_struct *t = current;
	unsigned long flags;

	if (sig == SIGSEGV && t->sighand) {
		spin_lock_irqsave(&t->sighand->siglock, flags);
		t->sighand->action[SIGSEGV - 1].sa.sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&t->sighand->siglock, flags);
	}
	force_sig(SIGSEGV);
}

/* Is p a process kill(2) may address (not the idle task, not a kernel thread)? */
static bool kill_target(struct task_struct *p)
{
	return p->pid > 0 && !(p->flags & PF_KTHREAD) && !p->exit_state;
}

/*
 * Send info's signal to every process for which match(p, arg) is true.
 * Returns 0 if at least one matched (delivered or not), else -ESRCH.
 * Takes tasklist_lock (irqsave: kill_pgrp may run from the timer tick).
 */
static int kill_matching(kernel_siginfo_t *info, bool (*match)(struct task_struct *, long),
			 long arg)
{
	struct task_struct *p;
	unsigned long flags;
	int count = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!kill_target(p) || !match(p, arg))
			continue;
		count++;
		if (info->si_signo)
			send_sig_info(info->si_signo, info, p);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return count ? 0 : -ESRCH;
}

static bool match_pgrp(struct task_struct *p, long pgrp)
{
	return p->pgid == pgrp;
}

/* kill -1: everyone but init and the caller. */
static bool match_all_but_init_and_me(struct task_struct *p, long unused)
{
	return p->pid > 1 && p != current;
}

/* kill_pgrp - see signal.h. */
int kill_pgrp(int pgrp, int sig, int priv)
{
	kernel_siginfo_t info;

	kernel_info(&info, sig, priv ? SI_KERNEL : SI_USER);
	if (!priv)
		info.si_pid = current->tgid;
	return kill_matching(&info, match_pgrp, pgrp);
}

/*
 * kill one process by pid: -ESRCH if there is none (a zombie still
 * counts: the signal is dropped, kill succeeds, as in Linux).
 */
static int kill_pid_info(kernel_siginfo_t *info, int pid)
{
	struct task_struct *p;
	unsigned long flags;
	int ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p && p->pid > 0 && !(p->flags & PF_KTHREAD)) {
		ret = 0;
		if (info->si_signo)
			send_sig_info(info->si_signo, info, p);
	} else if (p) {
		ret = 0;		/* a kernel thread: exists, ignores signals */
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* do_notify_parent - see signal.h. */
void do_notify_parent(struct task_struct *tsk, int sig)
{
	kernel_siginfo_t info;
	int status = tsk->exit_code;

	if (!tsk->parent || sig <= 0)
		return;
	kernel_info(&info, sig, SI_KERNEL);
	info.chld_pid = tsk->tgid;
	info.chld_uid = 0;
	if (status & 0x7f) {
		info.si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.si_status = status & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.si_status = (status >> 8) & 0xff;
	}
	send_sig_info(sig, &info, tsk->parent);
}

/* ---- state ---- */

/* signal_pending - see signal.h. */
bool signal_pending(struct task_struct *t)
{
	return (READ_ONCE(t->pending.signal.sig[0]) & ~READ_ONCE(t->blocked.sig[0])) != 0;
}

/* signal_pending_current - an unblocked signal waits for current (kernel/wait.h). */
bool signal_pending_current(void)
{
	return signal_pending(current);
}

/* fatal_signal_pending - see signal.h. */
bool fatal_signal_pending(struct task_struct *t)
{
	return sigismember(&t->pending.signal, SIGKILL);
}

/* flush_signals - see signal.h. */
void flush_signals(struct task_struct *t)
{
	sigemptyset(&t->pending.signal);
}

/* flush_signal_handlers - see signal.h. */
void flush_signal_handlers(struct task_struct *t, int force_default)
{
	struct k_sigaction *ka;
	int i;

	if (!t->sighand)
		return;
	for (i = 0; i < _NSIG; i++) {
		ka = &t->sighand->action[i];
		if (force_default || ka->sa.sa_handler != SIG_IGN)
			ka->sa.sa_handler = SIG_DFL;
		ka->sa.sa_flags = 0;
		ka->sa.sa_restorer = NULL;
		sigemptyset(&ka->sa.sa_mask);
	}
}

/* sighand_alloc - see signal.h. */
struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sh = kmalloc(sizeof(*sh), GFP_KERNEL);

	if (!sh)
		return NULL;
	memset(sh, 0, sizeof(*sh));
	sh->count = 1;
	spin_lock_init(&sh->siglock);
	return sh;
}

/* sighand_dup - see signal.h. */
struct sighand_struct *sighand_dup(const struct sighand_struct *old)
{
	struct sighand_struct *sh = sighand_alloc();

	if (sh && old)
		memcpy(sh->action, old->action, sizeof(sh->action));
	return sh;
}

/* sighand_put - see signal.h. */
void sighand_put(struct sighand_struct *sh)
{
	if (sh && __atomic_sub_fetch(&sh->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

/* set_current_blocked - see signal.h. */
void set_current_blocked(sigset_t *newset)
{
	struct task_struct *t = current;
	unsigned long flags;

	sigdelsetmask(newset, SIG_KERNEL_ONLY_MASK);
	if (!t->sighand) {
		t->blocked = *newset;
		return;
	}
	spin_lock_irqsave(&t->sighand->siglock, flags);
	t->blocked = *newset;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

/* set_user_sigmask - see signal.h. */
int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize)
{
	sigset_t kmask;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&kmask, umask, sizeof(kmask)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->flags |= PF_RESTORE_SIGMASK;
	set_current_blocked(&kmask);
	return 0;
}

/* restore_saved_sigmask - see signal.h. */
void restore_saved_sigmask(void)
{
	if (!(current->flags & PF_RESTORE_SIGMASK))
		return;
	current->flags &= ~PF_RESTORE_SIGMASK;
	set_current_blocked(&current->saved_sigmask);
}

/* restore_saved_sigmask_unless - see signal.h. */
void restore_saved_sigmask_unless(bool interrupted)
{
	if (!interrupted)
		restore_saved_sigmask();
}

/* sigmask_to_save - see signal.h. */
sigset_t *sigmask_to_save(void)
{
	if (current->flags & PF_RESTORE_SIGMASK)
		return &current->saved_sigmask;
	return &current->blocked;
}

/* on_sig_stack - see signal.h (the stack grows down: sp == top is "off" it). */
bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	return t->sas_ss_size && sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

/* sas_ss_flags - see signal.h. */
int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/* ---- delivery ---- */

/*
 * Take the next signal off current's pending set: a fault signal first,
 * else the lowest number.  siglock held.  Returns 0 if none is deliverable.
 */
static int dequeue_signal(struct task_struct *t, kernel_siginfo_t *info)
{
	sigset_t sync = { { t->pending.signal.sig[0] & SYNCHRONOUS_MASK } };
	int sig = next_signal(&sync, &t->blocked);

	if (!sig)
		sig = next_signal(&t->pending.signal, &t->blocked);
	if (!sig)
		return 0;
	sigdelset(&t->pending.signal, sig);
	*info = t->pending.info[sig - 1];
	return sig;
}

/*
 * Pid 1 is not killed by signals it did not ask for (Linux's
 * SIGNAL_UNKILLABLE): only a fault the kernel raised in it (si_code > 0)
 * takes the default action.
 */
static bool init_ignores(struct task_struct *t, const kernel_siginfo_t *info)
{
	return t->pid == 1 && info->si_code <= 0;
}

/* The default action of sig for current: returns if it is "ignore". */
static void do_default_action(int sig, const kernel_siginfo_t *info)
{
	static bool stop_logged;

	if (sig_kernel_ignore(sig))
		return;
	if (sig_kernel_stop(sig)) {
		if (!stop_logged) {
			stop_logged = true;
			pr_notice("%s[%d]: signal %d would stop the process: job control is not implemented, ignored\n",
				  current->comm, current->pid, sig);
		}
		return;
	}
	if (init_ignores(current, info))
		return;
	/*
	 * Terminate.  For the "core" signals Linux adds 0x80 to the status
	 * only when it actually wrote a core file; Pagoda writes none.
	 */
	do_exit(sig);
}

/* get_signal - see signal.h. */
bool get_signal(struct ksignal *ksig)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;
	struct k_sigaction *ka;
	unsigned long flags;
	int sig;

	if (!sh) {
		flush_signals(t);
		return false;
	}
	for (;;) {
		spin_lock_irqsave(&sh->siglock, flags);
		sig = dequeue_signal(t, &ksig->info);
		if (!sig) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			return false;
		}
		ka = &sh->action[sig - 1];
		if (ka->sa.sa_handler == SIG_IGN) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			continue;
		}
		if (ka->sa.sa_handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->sa.sa_flags & SA_RESETHAND)
				ka->sa.sa_handler = SIG_DFL;
			spin_unlock_irqrestore(&sh->siglock, flags);
			return true;
		}
		spin_unlock_irqrestore(&sh->siglock, flags);
		do_default_action(sig, &ksig->info);
	}
}

/* signal_setup_done - see signal.h. */
void signal_setup_done(int failed, struct ksignal *ksig)
{
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	sigorsets(&blocked, &current->blocked, &ksig->ka.sa.sa_mask);
	if (!(ksig->ka.sa.sa_flags & SA_NODEFER))
		sigaddset(&blocked, ksig->sig);
	set_current_blocked(&blocked);
}

/* ---- system calls ---- */

/*
 * kill(pid, sig): pid > 0 that process; 0 the caller's process group;
 * -1 every process but init and the caller; < -1 process group -pid.
 * sig 0 only checks that the target exists.
 */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	kernel_siginfo_t info;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_USER;
	info.si_pid = current->tgid;
	info.si_uid = 0;

	if (pid > 0)
		return kill_pid_info(&info, pid);
	if (pid == 0)
		return kill_matching(&info, match_pgrp, current->pgid);
	if (pid == -1)
		return kill_matching(&info, match_all_but_init_and_me, 0);
	if (pid == (int)0x80000000)
		return -ESRCH;		/* -INT_MIN does not exist */
	return kill_matching(&info, match_pgrp, -pid);
}

/* tgkill/tkill: signal one thread; tgid must match when given (tgkill). */
static int do_tkill(int tgid, int pid, int sig)
{
	kernel_siginfo_t info;
	struct task_struct *p;
	unsigned long flags;
	int ret = -ESRCH;

	if (pid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_TKILL;
	info.si_pid = current->tgid;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p && p->pid > 0 && (tgid <= 0 || p->tgid == tgid)) {
		ret = 0;
		if (sig)
			send_sig_info(sig, &info, p);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, pid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

SYSCALL_DEFINE2(tkill, int, pid, int, sig)
{
	return do_tkill(0, pid, sig);
}

/*
 * The core of rt_sigaction: set action sig (if act) and return the old
 * one (if oact).  A new "ignore" action discards a pending sig (POSIX).
 */
static int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact)
{
	struct task_struct *t = current;
	struct k_sigaction *k;
	unsigned long flags;

	if (sig < 1 || sig > _NSIG || (act && sig_kernel_only(sig)))
		return -EINVAL;
	if (!t->sighand)
		return -EINVAL;
	k = &t->sighand->action[sig - 1];
	spin_lock_irqsave(&t->sighand->siglock, flags);
	if (oact)
		*oact = *k;
	if (act) {
		*k = *act;
		sigdelsetmask(&k->sa.sa_mask, SIG_KERNEL_ONLY_MASK);
		if (sig_handler_ignored(k->sa.sa_handler, sig))
			sigdelset(&t->pending.signal, sig);
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction new_sa, old_sa;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new_sa.sa, act, sizeof(new_sa.sa)))
		return -EFAULT;
	ret = do_sigaction(sig, act ? &new_sa : NULL, oact ? &old_sa : NULL);
	if (!ret && oact && copy_to_user(oact, &old_sa.sa, sizeof(old_sa.sa)))
		return -EFAULT;
	return ret;
}

/* The core of rt_sigprocmask, on a kernel sigset (SIGKILL/SIGSTOP already removed). */
static int sigprocmask(int how, const sigset_t *set)
{
	sigset_t newset = current->blocked;

	switch (how) {
	case SIG_BLOCK:
		sigorsets(&newset, &newset, set);
		break;
	case SIG_UNBLOCK:
		sigandnsets(&newset, &newset, set);
		break;
	case SIG_SETMASK:
		newset = *set;
		break;
	default:
		return -EINVAL;
	}
	set_current_blocked(&newset);
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t old_set = current->blocked, new_set;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&new_set, nset, sizeof(new_set)))
			return -EFAULT;
		sigdelsetmask(&new_set, SIG_KERNEL_ONLY_MASK);
		ret = sigprocmask(how, &new_set);
		if (ret)
			return ret;
	}
	if (oset && copy_to_user(oset, &old_set, sizeof(old_set)))
		return -EFAULT;
	return 0;
}

/* rt_sigpending: the signals pending while blocked. */
SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	sigset_t set;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	set.sig[0] = current->pending.signal.sig[0] & current->blocked.sig[0];
	if (copy_to_user(uset, &set, sigsetsize))
		return -EFAULT;
	return 0;
}

/*
 * sleep_until_signal - sleep interruptibly until a signal is pending
 * (pause, rt_sigsuspend; Linux's sigsuspend loop).  The state is set
 * before the second check, so a signal sent in between still wakes us.
 * Always -ERESTARTNOHAND: -EINTR once the handler has run.
 */
static int sleep_until_signal(void)
{
	while (!signal_pending_current()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending_current()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule();
	}
	return -ERESTARTNOHAND;
}

/* pause: sleep until a signal is delivered; returns -EINTR (after the handler). */
SYSCALL_DEFINE0(pause)
{
	return sleep_until_signal();
}

/*
 * rt_sigsuspend: wait for a signal with the mask temporarily replaced by
 * *unewset (ash's `wait` and job control use it).  Always -ERESTARTNOHAND
 * (-EINTR after the handler): the saved mask comes back through the
 * handler's frame, or at once if the signal had no handler (signal.h).
 */
SYSCALL_DEFINE2(rt_sigsuspend, sigset_t __user *, unewset, size_t, sigsetsize)
{
	int err;

	if (!unewset)
		return -EFAULT;
	err = set_user_sigmask(unewset, sigsetsize);
	if (err)
		return err;
	return sleep_until_signal();
}

/*
 * do_sigaltstack - validate and install ss (if any), report the old one in
 * oss (if any); sp is the user stack pointer (to tell whether we are on
 * the alternate stack now).  Also restores uc_stack at rt_sigreturn.
 * SS_AUTODISARM: the stack is disarmed while a handler runs on it (the
 * signal frame keeps it in uc_stack and rt_sigreturn puts it back).
 */
int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct task_struct *t = current;
	int mode;

	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = (void __user *)t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (t->sas_ss_flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;		/* cannot change the stack we are running on */
	mode = ss->ss_flags & ~SS_AUTODISARM;
	if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sas_ss_sp = 0;
		t->sas_ss_size = 0;
		t->sas_ss_flags = SS_DISABLE;
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	t->sas_ss_sp = (unsigned long)ss->ss_sp;
	t->sas_ss_size = ss->ss_size;
	t->sas_ss_flags = ss->ss_flags;
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *, uoss)
{
	stack_t new, old;
	int ret;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	ret = do_sigaltstack(uss ? &new : NULL, uoss ? &old : NULL,
			     task_pt_regs(current)->rsp);
	if (!ret && uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}
