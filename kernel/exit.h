/*
 * kernel/exit.h - ending tasks and waiting for them (kernel/exit.c; Linux's
 * include/linux/sched/task.h and uapi/linux/wait.h, resource.h).
 * do_exit() itself is declared in kernel/sched.h.
 *
 * Exit codes are wait statuses, as Linux keeps them in task->exit_code:
 *   exit(n)              (n & 0xff) << 8
 *   killed by signal s   s            (| 0x80 if a core was dumped: never)
 * so that wait4() hands them to user space unchanged.
 */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include "kernel/compiler.h"
#include "kernel/time_types.h"
#include "kernel/types.h"

struct task_struct;

/* wait4 options (Linux's values) */
#define WNOHANG		0x00000001	/* do not sleep: 0 if no child has changed state */
#define WUNTRACED	0x00000002	/* stopped children too (no job control: never) */
#define WCONTINUED	0x00000008	/* continued children too (never) */
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000	/* any child, whatever its exit signal */
#define __WCLONE	0x80000000	/* only children whose exit signal is not SIGCHLD */

/* getrusage who */
#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_BOTH	(-2)		/* kernel-internal: self + reaped children */
#define RUSAGE_THREAD	1

/* struct rusage, Linux's x86-64 layout (144 bytes). */
struct rusage {
	struct __kernel_old_timeval ru_utime;	/* user time */
	struct __kernel_old_timeval ru_stime;	/* system time */
	long ru_maxrss;		/* KiB */
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;		/* minor page faults */
	long ru_majflt;		/* major page faults */
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

/* do_group_exit - exit_group(2): every thread of the process (one, today) exits with code. */
__noreturn void do_group_exit(int code);
/*
 * kernel_wait4 - wait4(2) for kernel callers: wait for a child of current
 * selected by pid (>0 that pid, -1 any, 0 current's process group, <-1 that
 * group), reap it, store its wait status in *status and its resource use
 * in *ru (either may be NULL).  Returns its pid, 0 (WNOHANG, none ready),
 * -ECHILD, -EINVAL, or -ERESTARTSYS (a signal arrived).
 */
long kernel_wait4(int pid, int *status, int options, struct rusage *ru);
/* getrusage - fill *r for t with who = RUSAGE_SELF/CHILDREN/BOTH. */
void getrusage(struct task_struct *t, int who, struct rusage *r);
/*
 * release_task - the end of a reaped (or self-reaping) task: unlink it from
 * the task list and its parent, give back its pid and signal handlers,
 * drop the reaper's reference.  The task's own reference goes when it has
 * switched away for the last time (finish_task_switch), so its stack is
 * never freed under it.
 */
void release_task(struct task_struct *p);

#endif /* KERNEL_EXIT_H */
