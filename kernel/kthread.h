/*
 * kernel/kthread.h - kernel threads (kernel/kthread.c; Linux's
 * include/linux/kthread.h).
 *
 *	struct task_struct *k = kthread_run(fn, data, "name%d", i);
 *	...
 *	int ret = kthread_stop(k);	// k's fn sees kthread_should_stop()
 *
 * A kernel thread runs fn(data) in the kernel, on its own stack, with no
 * user address space (PF_KTHREAD, mm == NULL).  kthread_create() returns it
 * asleep: wake_up_process() (or kthread_run(), which does both) starts fn.
 * fn typically loops until kthread_should_stop(); what it returns is what
 * kthread_stop() returns.  A kernel thread may also end on its own by
 * returning from fn; it is then reaped at once (no one waits for it).
 * kthread_stop() may only be called for a thread that has not ended on its
 * own, or whose task the caller holds a reference to (get_task_struct).
 */
#ifndef KERNEL_KTHREAD_H
#define KERNEL_KTHREAD_H

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/types.h"

struct task_struct;

/*
 * kthread_create - a new kernel thread that will run threadfn(data), named
 * by the printf-style namefmt (its comm, truncated to 15 characters),
 * asleep until woken.  Returns the task, or ERR_PTR(-ENOMEM) (or another
 * -errno from kernel_clone()).  May sleep.
 */
__printf(3, 4) struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
						  const char *namefmt, ...);

/* kthread_run - kthread_create() and wake it up; the task or an ERR_PTR. */
#define kthread_run(threadfn, data, namefmt, ...) ({				\
	struct task_struct *__k = kthread_create(threadfn, data, namefmt, ##__VA_ARGS__); \
	if (!IS_ERR(__k))							\
		wake_up_process(__k);						\
	__k;									\
})

/*
 * kthread_stop - tell k to stop (kthread_should_stop() becomes true), wake
 * it, and wait until it has ended.  Returns what its threadfn returned, or
 * -EINTR if it was stopped before it ever ran threadfn.  May sleep.
 */
int kthread_stop(struct task_struct *k);

/* kthread_should_stop - has kthread_stop() been called for the current kthread? */
bool kthread_should_stop(void);

/*
 * kernel_thread - the bare form: a task running fn(arg) (through
 * kernel_clone(); flags are CLONE_* with the exit signal in the low byte).
 * Returns its pid or -errno.  If fn returns, the task exits with fn's value
 * as exit status, unless fn exec'd a user program (pid 1).
 */
int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);

/* free_kthread_struct - free k's struct kthread, if any (from free_task_struct()). */
void free_kthread_struct(struct task_struct *k);

#endif /* KERNEL_KTHREAD_H */
