/*
 * kernel/sched/wait.c - wait queues (Linux's kernel/sched/wait.c; the API
 * and the wait_event() macros are in kernel/wait.h).
 *
 * A sleeper puts a struct wait_queue_entry (on its own stack) on the queue
 * and sets its state BEFORE it tests its condition, the waker makes the
 * condition true BEFORE it calls wake_up().  Whatever the interleaving,
 * either the sleeper sees the condition, or the waker finds the entry and
 * sets the sleeper back to TASK_RUNNING (so its schedule() keeps it
 * runnable): a wake-up is never lost.
 *
 * An entry stays on the queue until finish_wait(), across any number of
 * wake-ups and re-checks; wake_up() wakes every sleeper (there is no
 * exclusive wake-up yet).  An entry whose list_head is still zeroed (the
 * wait_event() macros' `{ .task = current }`) counts as not queued.
 *
 * Locks: wq->lock (irqsave: interrupt handlers may call wake_up()), then
 * the run queue lock inside wake_up_process().
 */
#include "kernel/sched.h"
#include "kernel/wait.h"

/* init_waitqueue_head - an empty queue. */
void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

/* Is the entry on a queue?  (Zeroed or list_del_init'ed: no.) */
static bool wait_entry_queued(const struct wait_queue_entry *wait)
{
	return wait->entry.next && !list_empty(&wait->entry);
}

/* add_wait_queue - put wait (whose task is set) on wq; the caller sets its state itself. */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_add_tail(&wait->entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* remove_wait_queue - take wait off wq. */
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* prepare_to_wait - queue wait (once) and set current's state to 'state'. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait, long state)
{
	unsigned long flags;

	wait->task = current;
	spin_lock_irqsave(&wq->lock, flags);
	if (!wait_entry_queued(wait))
		list_add_tail(&wait->entry, &wq->head);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* finish_wait - TASK_RUNNING again, and off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	if (!wait_entry_queued(wait))
		return;
	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Wakes the sleepers of wq that sleep in one of 'state'. */
static void __wake_up(struct wait_queue_head *wq, unsigned int state)
{
	struct wait_queue_entry *wait;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(wait, &wq->head, entry)
		wake_up_state(wait->task, state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* wake_up - make every task sleeping on wq runnable. */
void wake_up(struct wait_queue_head *wq)
{
	__wake_up(wq, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/* wake_up_interruptible - only the TASK_INTERRUPTIBLE sleepers of wq. */
void wake_up_interruptible(struct wait_queue_head *wq)
{
	__wake_up(wq, TASK_INTERRUPTIBLE);
}
