/*
 * kernel/sched/sched.h - the scheduler's private structures (Linux's
 * kernel/sched/sched.h): the per-CPU run queue and the sleepers of
 * schedule_timeout().  Only kernel/sched/ and arch/x86_64/time.c use them.
 */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

/*
 * Ticks a task may run before the tick asks it to give up the CPU (at its
 * next cond_resched() or return to user mode: PREEMPT_NONE).  10 ticks at
 * HZ=100 is 100 ms, Linux's old O(1) scheduler's default time slice.
 */
#define RR_TIMESLICE		10

/* Nanoseconds per tick. */
#define TICK_NSEC		(1000000000ULL / HZ)

/*
 * One CPU's run queue: round robin over a FIFO list.
 *
 * Invariants (rq->lock held, interrupts off):
 *   - queue holds every runnable task of this CPU except the one running
 *     (curr) and the idle task, in the order they will run;
 *   - p->on_rq is 1 while p is queued or running, 0 once schedule() has
 *     taken a sleeping p off the CPU; wake_up_process() requeues only
 *     tasks with on_rq == 0 (a task woken between set_current_state() and
 *     schedule() simply keeps running);
 *   - the idle task is never queued: it runs when the queue is empty;
 *   - nr_running counts the queued tasks plus curr unless curr is idle.
 */
struct rq {
	spinlock_t lock;		/* irqsave: the tick takes it */
	struct list_head queue;		/* task_struct.run_list, FIFO */
	unsigned int nr_running;	/* see above */
	struct task_struct *curr;	/* the running task */
	struct task_struct *idle;	/* this CPU's idle task */
	struct list_head timers;	/* struct sched_timer.entry: schedule_timeout() sleepers */
	u64 nr_switches;		/* context switches (for tests and /proc/stat) */
	u64 idle_halts;			/* times the idle loop halted the CPU */
};

/*
 * A schedule_timeout() sleeper, on its own stack (Linux's timer_list with
 * process_timeout): the tick wakes task once jiffies reaches expires.
 */
struct sched_timer {
	struct list_head entry;		/* in rq->timers while pending */
	unsigned long expires;		/* jiffies */
	struct task_struct *task;	/* whom to wake */
};

extern struct rq runqueues[NR_CPUS];

/* this_rq - this CPU's run queue. */
static inline struct rq *this_rq(void)
{
	return &runqueues[smp_processor_id()];
}

/* time_after_eq(a, b) - jiffies a is at or after b, across wrap-around. */
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_after(a, b)	((long)((b) - (a)) < 0)

/* task_cache_init - the "task_struct" cache (task_stack.c); from sched_init(). */
void task_cache_init(void);

#endif /* KERNEL_SCHED_SCHED_H */
