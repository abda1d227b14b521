/*
 * kernel/wait.h - wait queues: sleeping until something happens
 * (Linux's include/linux/wait.h; the code is in kernel/sched/wait.c).
 *
 * A wait queue head is a locked list of sleepers.  The sleeping side:
 *
 *	wait_event_interruptible(wq, condition);   // 0, or -ERESTARTSYS on a signal
 *
 * adds the task to wq, sets TASK_INTERRUPTIBLE, re-checks condition (so a
 * wake-up between the check and the sleep is never lost), and schedules
 * until condition is true.  The waking side makes the condition true and
 * calls wake_up(&wq), which makes every sleeper runnable again.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/list.h"
#include "kernel/spinlock.h"

struct task_struct;

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;		/* struct wait_queue_entry.entry */
};
typedef struct wait_queue_head wait_queue_head_t;

struct wait_queue_entry {
	struct task_struct *task;	/* the sleeper */
	struct list_head entry;		/* link in wait_queue_head.head */
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ .lock = __SPIN_LOCK_UNLOCKED, .head = LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
/* prepare_to_wait - enqueue wait (once) and set the task state; then test, then schedule(). */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait, long state);
/* finish_wait - back to TASK_RUNNING and off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);
/* wake_up - make every task sleeping on wq runnable. */
void wake_up(struct wait_queue_head *wq);
/* [sched] additions, Linux's: */
/* wake_up_interruptible - wake only the TASK_INTERRUPTIBLE sleepers of wq. */
void wake_up_interruptible(struct wait_queue_head *wq);
/* add_wait_queue / remove_wait_queue - queue and dequeue an entry by hand (no state change). */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait);
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait);
/* signal_pending - a signal is waiting for the current task (kernel/signal.c). */
bool signal_pending_current(void);

#define wait_event(wq, condition) do {					\
	struct wait_queue_entry __wait = { .task = current };		\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		schedule();						\
	}								\
	finish_wait(&(wq), &__wait);					\
} while (0)

/*
 * Returns 0 when condition became true, -ERESTARTSYS if a signal arrived
 * first: a system call returns that as it is, and the signal code turns it
 * into a restart (SA_RESTART) or -EINTR for user space, as in Linux.
 */
#define wait_event_interruptible(wq, condition) ({			\
	struct wait_queue_entry __wait = { .task = current };		\
	int __ret = 0;							\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		if (signal_pending_current()) {				\
			__ret = -ERESTARTSYS;					\
			break;						\
		}							\
		schedule();						\
	}								\
	finish_wait(&(wq), &__wait);					\
	__ret;								\
})

#endif /* KERNEL_WAIT_H */
