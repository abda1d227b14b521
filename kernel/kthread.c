/*
 * kernel/kthread.c - kernel threads (Linux's kernel/kthread.c, without
 * kthreadd: any task may create a kernel thread directly).
 *
 * Each thread made by kthread_create() has a struct kthread, reached
 * through task->worker_private, holding what the creator and the thread
 * tell each other:
 *
 *   creator                                thread (in kthread())
 *   kthread_create:
 *     kernel_clone(kthread, self) ------->  self->task = current
 *                                           set TASK_UNINTERRUPTIBLE
 *     wait_event(started) <---------------  started = true; wake_up
 *     name it, return it                    schedule(): asleep
 *   wake_up_process / kthread_run ------->  runs threadfn(data)
 *   kthread_stop:
 *     should_stop = true, wake it ------->  threadfn sees kthread_should_stop(),
 *     wait_event(exited)                    returns ret
 *                         <---------------  result = ret, exited = true; wake_up
 *     return result                         do_exit(0)
 *
 * The thread sets its state before announcing `started`, so a wake-up that
 * follows the announcement is never lost.  The struct kthread lives as long
 * as the task_struct (freed by free_task_struct()), and kthread_stop()
 * holds a reference on the task while it waits, so `result` can be read
 * after the thread is gone.
 *
 * Threads made here are reaped as soon as they exit (exit_signal -1): no
 * one calls wait4() for them.
 */
#include "kernel/fork.h"
#include "kernel/kthread.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/wait.h"
#include "mm/slab.h"

struct kthread {
	int (*threadfn)(void *data);	/* what the thread runs ... */
	void *data;			/* ... with this argument */
	struct task_struct *task;	/* the thread, once it has started */
	int result;			/* threadfn's return value */
	bool started;			/* the thread is asleep, waiting to be woken */
	bool should_stop;		/* kthread_stop() was called */
	bool exited;			/* result is valid; the thread is ending */
	struct wait_queue_head wq;	/* the creator / kthread_stop() waits here */
};

static struct kthread *to_kthread(struct task_struct *k)
{
	return k->worker_private;
}

/* The thread's end: publish the result, then exit (never returns). */
static __noreturn void kthread_exit(struct kthread *self, int result)
{
	self->result = result;
	WRITE_ONCE(self->exited, true);
	wake_up(&self->wq);
	do_exit(0);
}

/* The function every kthread_create() thread starts in (see the diagram above). */
static int kthread(void *arg)
{
	struct kthread *self = arg;
	int ret = -EINTR;

	current->worker_private = self;
	self->task = current;
	set_current_state(TASK_UNINTERRUPTIBLE);
	WRITE_ONCE(self->started, true);
	wake_up(&self->wq);
	schedule();

	if (!READ_ONCE(self->should_stop))
		ret = self->threadfn(self->data);
	kthread_exit(self, ret);
}

/* Starts a task running fn(arg) that is reaped as soon as it exits. */
static int kthread_clone(int (*fn)(void *), void *arg, const char *name)
{
	struct kernel_clone_args args = {
		.name = name,
		.exit_signal = -1,
		.kthread = 1,
		.fn = fn,
		.fn_arg = arg,
	};

	return kernel_clone(&args);
}

/* kthread_create - see kthread.h. */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	char name[TASK_COMM_LEN];
	struct kthread *self;
	va_list ap;
	int pid;

	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);

	self = kzalloc(sizeof(*self), GFP_KERNEL);
	if (!self)
		return ERR_PTR(-ENOMEM);
	self->threadfn = threadfn;
	self->data = data;
	init_waitqueue_head(&self->wq);

	pid = kthread_clone(kthread, self, name);
	if (pid < 0) {
		kfree(self);
		return ERR_PTR(pid);
	}
	wait_event(self->wq, READ_ONCE(self->started));
	strscpy(self->task->comm, name, TASK_COMM_LEN);
	return self->task;
}

/* kthread_stop - see kthread.h. */
int kthread_stop(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);
	int ret;

	get_task_struct(k);
	WRITE_ONCE(kthread->should_stop, true);
	wake_up_process(k);
	wait_event(kthread->wq, READ_ONCE(kthread->exited));
	ret = kthread->result;
	put_task_struct(k);
	return ret;
}

/* kthread_should_stop - true once kthread_stop() has been called for current. */
bool kthread_should_stop(void)
{
	struct kthread *self = to_kthread(current);

	return self && READ_ONCE(self->should_stop);
}

/* kernel_thread - fn(arg) in a new task; flags: CLONE_* | exit signal.  Its pid or -errno. */
int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL,
		.exit_signal = flags & CSIGNAL,
		.kthread = 1,
		.fn = fn,
		.fn_arg = arg,
	};

	return kernel_clone(&args);
}

/* free_kthread_struct - see kthread.h. */
void free_kthread_struct(struct task_struct *k)
{
	kfree(k->worker_private);
	k->worker_private = NULL;
}
