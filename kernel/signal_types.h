/*
 * kernel/signal_types.h - signal numbers and the signal state a task carries
 * (the data; the code is kernel/signal.c).  Numbers and layouts are Linux's
 * x86-64 ABI, since user programs (musl, busybox) pass these structures to
 * rt_sigaction and rt_sigprocmask directly.
 */
#ifndef KERNEL_SIGNAL_TYPES_H
#define KERNEL_SIGNAL_TYPES_H

#include "kernel/spinlock.h"
#include "kernel/types.h"

#define SIGHUP		 1
#define SIGINT		 2
#define SIGQUIT		 3
#define SIGILL		 4
#define SIGTRAP		 5
#define SIGABRT		 6
#define SIGBUS		 7
#define SIGFPE		 8
#define SIGKILL		 9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define _NSIG		64

/* A set of signals: bit (sig - 1).  The kernel ABI's sigset is 8 bytes. */
typedef struct {
	unsigned long sig[1];
} sigset_t;

#define SIG_DFL		((void *)0)	/* default action */
#define SIG_IGN		((void *)1)	/* ignore */

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

/* The x86-64 kernel's struct sigaction, as rt_sigaction(2) passes it. */
struct sigaction {
	void *sa_handler;		/* SIG_DFL, SIG_IGN or a function */
	unsigned long sa_flags;		/* SA_* */
	void *sa_restorer;		/* libc's trampoline calling rt_sigreturn */
	sigset_t sa_mask;		/* blocked while the handler runs */
};

struct k_sigaction {
	struct sigaction sa;
};

/* A signal's details, as delivered in the handler's siginfo_t (128 bytes). */
typedef struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;			/* SI_USER, SEGV_MAPERR, ... */
	int __pad0;
	union {
		struct {		/* kill, tgkill */
			int si_pid;
			unsigned int si_uid;
		};
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
			void *si_addr;
		};
		struct {		/* SIGCHLD */
			int chld_pid;
			unsigned int chld_uid;
			int si_status;
		};
		u8 __pad[128 - 16];
	};
} kernel_siginfo_t;

/* si_code values used so far */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_TKILL	(-6)
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRERR	2
#define ILL_ILLOPN	2
#define FPE_INTDIV	1
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3

/* Signals sent but not yet delivered: standard signals do not queue. */
struct sigpending {
	sigset_t signal;
	kernel_siginfo_t info[_NSIG];	/* info[sig - 1]: the details of the pending one */
};

/* The handler table, shared by tasks that share handlers (one task for now). */
struct sighand_struct {
	int count;			/* tasks using it */
	spinlock_t siglock;
	struct k_sigaction action[_NSIG];	/* action[sig - 1] */
};

static inline void sigaddset(sigset_t *set, int sig) { set->sig[0] |= 1UL << (sig - 1); }
static inline void sigdelset(sigset_t *set, int sig) { set->sig[0] &= ~(1UL << (sig - 1)); }
static inline bool sigismember(const sigset_t *set, int sig) { return set->sig[0] & (1UL << (sig - 1)); }
static inline void sigemptyset(sigset_t *set) { set->sig[0] = 0; }
#define sigmask(sig)	(1UL << ((sig) - 1))

#endif /* KERNEL_SIGNAL_TYPES_H */
