/*
 * kernel/signal.h - sending and delivering signals (kernel/signal.c for the
 * generic part, arch/x86_64/signal.c for the user stack frame).  The data
 * (numbers, sigset_t, struct sigaction, siginfo, sighand_struct) is in
 * kernel/signal_types.h.
 *
 * A signal's life:
 *   send_sig_info() and friends       set the bit in t->pending (standard
 *                                     signals do not queue: a second one
 *                                     while the first is pending is merged)
 *                                     and wake t if it sleeps interruptibly
 *   exit_to_user_mode() (entry.c)     on t's next return to user mode, if an
 *                                     unblocked signal is pending:
 *   arch_do_signal_or_restart()       get_signal() dequeues it and applies a
 *                                     default action (ignore, or kill: do_exit)
 *                                     or returns a handler to run, for which
 *                                     arch code builds an rt_sigframe on the
 *                                     user stack; the handler returns through
 *                                     rt_sigreturn, which restores the frame.
 *
 * Locking: t->sighand->siglock (irqsave: signals are sent from interrupt
 * context, e.g. ^C from the tty poll in the timer tick) protects
 * t->pending, t->blocked and the handler table.  Lock order: tasklist_lock,
 * then siglock, then the run-queue lock (wake_up_process).
 *
 * Default actions (Linux's, with Pagoda's simplifications):
 *   terminate       HUP INT KILL USR1 USR2 PIPE ALRM TERM STKFLT VTALRM PROF
 *                   IO PWR, real-time signals
 *   "core"          QUIT ILL TRAP ABRT BUS FPE SEGV XCPU XFSZ SYS: terminate;
 *                   no core file is written, so the wait status has no 0x80
 *                   bit (Linux sets it only when a core was dumped)
 *   ignore          CHLD URG WINCH CONT
 *   stop            STOP TSTP TTIN TTOU: job control is not implemented, so
 *                   these are ignored (logged once)
 * Pid 1 (init) is not killed by a signal it has no handler for, except a
 * fault it caused itself (Linux's SIGNAL_UNKILLABLE).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/signal_types.h"
#include "kernel/syscalls.h"
#include "kernel/types.h"

struct task_struct;
struct pt_regs;

/* sigprocmask's how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* sigaltstack's ss_flags */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* Linux's stack_t (sigaltstack(2), and uc_stack in the signal frame). */
typedef struct sigaltstack {
	void __user *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* A signal chosen for delivery with its handler (Linux's struct ksignal). */
struct ksignal {
	struct k_sigaction ka;		/* the action as it was when dequeued */
	kernel_siginfo_t info;
	int sig;
};

/* SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
#define sig_kernel_only(sig)	((sig) == SIGKILL || (sig) == SIGSTOP)
#define SIG_KERNEL_ONLY_MASK	(sigmask(SIGKILL) | sigmask(SIGSTOP))
static inline bool valid_signal(unsigned long sig) { return sig <= _NSIG; }

/* ---- sigset helpers beyond signal_types.h's ---- */
static inline void sigorsets(sigset_t *r, const sigset_t *a, const sigset_t *b) { r->sig[0] = a->sig[0] | b->sig[0]; }
static inline void sigandnsets(sigset_t *r, const sigset_t *a, const sigset_t *b) { r->sig[0] = a->sig[0] & ~b->sig[0]; }
static inline void sigdelsetmask(sigset_t *set, unsigned long mask) { set->sig[0] &= ~mask; }
static inline bool sigisemptyset(const sigset_t *set) { return set->sig[0] == 0; }
/* next_signal - the lowest-numbered signal in pending & ~blocked, or 0. */
static inline int next_signal(const sigset_t *pending, const sigset_t *blocked)
{
	unsigned long x = pending->sig[0] & ~blocked->sig[0];

	return x ? __builtin_ctzl(x) + 1 : 0;
}

/* ---- sending (kernel/signal.c) ---- */
/*
 * send_sig_info - send sig with info to t (info may be NULL: SI_KERNEL).
 * Returns 0 (also when t ignores it), or -EINVAL for a bad number.
 * Any context; takes t's siglock.
 */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *t);
/* send_sig - send sig as the kernel (priv) or as if from current (SI_USER). */
int send_sig(int sig, struct task_struct *t, int priv);
/*
 * force_sig_fault - a synchronous fault in current: sig with si_code code
 * and si_addr addr.  If current blocks or ignores sig, it is unblocked and
 * reset to SIG_DFL first, so that a fault can never loop (Linux's
 * force_sig_info_to_task).
 */
int force_sig_fault(int sig, int code, void __user *addr);
/* force_sig - force_sig_fault with si_code SI_KERNEL and no address. */
void force_sig(int sig);
/* force_sigsegv - a signal frame could not be written: kill with SIGSEGV. */
void force_sigsegv(int sig);
/*
 * kill_pgrp - send sig to every process in process group pgrp (the tty's
 * ^C, ^\).  priv: from the kernel.  Returns 0 if any got it, else -ESRCH.
 * Takes tasklist_lock: callable from interrupt context only if every
 * holder of tasklist_lock disables interrupts.
 */
int kill_pgrp(int pgrp, int sig, int priv);
/*
 * do_notify_parent-style helper for the exit path (kernel/exit.c): send
 * tsk->exit_signal (normally SIGCHLD, with CLD_EXITED/KILLED and the
 * status) to tsk's parent.
 */
void do_notify_parent(struct task_struct *tsk, int sig);

/* ---- state ---- */
/* signal_pending_current - declared in kernel/wait.h. */
/* signal_pending - an unblocked signal is pending for t. */
bool signal_pending(struct task_struct *t);
/* fatal_signal_pending - SIGKILL is pending for t. */
bool fatal_signal_pending(struct task_struct *t);
/*
 * flush_signal_handlers - exec: every caught signal goes back to SIG_DFL
 * (ignored ones stay ignored), flags and masks cleared; with force_default
 * the ignored ones too.  Linux's name and meaning.
 */
void flush_signal_handlers(struct task_struct *t, int force_default);
/* flush_signals - forget every pending signal of t (a new task). */
void flush_signals(struct task_struct *t);
/* sighand_alloc - a new handler table, all SIG_DFL, count 1; NULL if out of memory. */
struct sighand_struct *sighand_alloc(void);
/* sighand_dup - fork: a copy of the handler table; NULL if out of memory. */
struct sighand_struct *sighand_dup(const struct sighand_struct *old);
/* sighand_put - drop t's reference (exit); frees the table with the last one. */
void sighand_put(struct sighand_struct *sh);

/* ---- delivery (kernel/signal.c) ---- */
/*
 * get_signal - dequeue the next deliverable signal of current and apply
 * default actions (this may not return: do_exit).  Returns true with *ksig
 * filled if a handler must run.  Interrupts on.
 */
bool get_signal(struct ksignal *ksig);
/*
 * signal_setup_done - after arch code tried to build the frame: on success
 * block sa_mask (and sig unless SA_NODEFER); on failure force SIGSEGV.
 */
void signal_setup_done(int failed, struct ksignal *ksig);
/* set_current_blocked - the new blocked mask, minus SIGKILL and SIGSTOP. */
void set_current_blocked(sigset_t *newset);

/*
 * The temporary masks of rt_sigsuspend, ppoll and pselect6 (Linux's
 * TIF_RESTORE_SIGMASK, include/linux/sched/signal.h): the call saves the
 * mask in current->saved_sigmask, installs its own and sets
 * PF_RESTORE_SIGMASK.  If it is interrupted (-EINTR/-ERESTARTNOHAND), the
 * flag stays: the signal is delivered under the temporary mask, the
 * handler's frame records the saved one (rt_sigreturn puts it back), or
 * with no handler arch_do_signal_or_restart restores it at once.  If it
 * returns otherwise, it restores the mask itself.
 */
/* (the flag, PF_RESTORE_SIGMASK, is defined with the other PF_* in kernel/sched.h) */
/*
 * set_user_sigmask - install the user's temporary mask (umask may be NULL:
 * nothing to do); 0, -EINVAL (sigsetsize is not 8), -EFAULT.
 */
int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize);
/* restore_saved_sigmask - the saved mask back now, if one is saved. */
void restore_saved_sigmask(void);
/* restore_saved_sigmask_unless - the same, unless interrupted (see above). */
void restore_saved_sigmask_unless(bool interrupted);
/* sigmask_to_save - the mask a signal frame must record (the saved one, if any). */
sigset_t *sigmask_to_save(void);
/* on_sig_stack - is sp on current's alternate signal stack? */
bool on_sig_stack(unsigned long sp);
/* sas_ss_flags - what sigaltstack reports for sp: SS_DISABLE, SS_ONSTACK or 0. */
int sas_ss_flags(unsigned long sp);

/*
 * do_sigaltstack - the core of sigaltstack(2) on kernel copies: install ss
 * (if not NULL), report the old setting in oss (if not NULL); sp is the
 * user stack pointer.  0, -EPERM (running on it), -EINVAL, -ENOMEM (small).
 */
int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp);

/* ---- arch/x86_64/signal.c ---- */
/*
 * arch_do_signal_or_restart - from exit_to_user_mode with a signal pending:
 * deliver it (a handler frame, or the default action), and settle an
 * interrupted syscall's -ERESTART* return: -EINTR, or back up RIP to run
 * the SYSCALL again.
 */
void arch_do_signal_or_restart(struct pt_regs *regs);

#endif /* KERNEL_SIGNAL_H */
