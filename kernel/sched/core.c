/*
 * kernel/sched/core.c - the scheduler: who runs on this CPU, and when.
 *
 * Pagoda's scheduler is round robin, one run queue per CPU (struct rq,
 * kernel/sched/sched.h), with Linux's names and entry points:
 *
 *   schedule()          give up the CPU: if current is still TASK_RUNNING it
 *                       goes to the back of the queue, otherwise it leaves
 *                       the run queue until wake_up_process(); the task at
 *                       the head of the queue runs next, or the idle task
 *   wake_up_process()   a sleeping task becomes TASK_RUNNING and is queued
 *   scheduler_tick()    the timer interrupt (HZ times a second): wakes the
 *                       schedule_timeout() sleepers whose time has come,
 *                       counts down current's time slice (RR_TIMESLICE
 *                       ticks = 100 ms) and, when it runs out while others
 *                       wait, sets current->need_resched
 *
 * Preemption model: PREEMPT_NONE, Linux's "server" model.  The tick never
 * switches tasks by itself; a task switches when it sleeps, at a voluntary
 * cond_resched(), or on its way back to user mode (exit_to_user_mode()
 * checks need_resched).  So kernel code between those points never sees
 * another task run on this CPU, only interrupt handlers.
 *
 * The switch itself (context_switch): CR3 (a kernel thread keeps the page
 * tables of whoever ran before it: Linux's lazy TLB), then the registers and
 * stack (arch/x86_64/switch_to.asm), then TSS.RSP0, FS/GS bases and FPU
 * state (arch/x86_64/process.c).  The run queue lock is taken in schedule()
 * by the task going out and released by the task coming in
 * (finish_task_switch), interrupts off across the switch; a task that
 * never ran releases it in schedule_tail(), from ret_from_fork.
 *
 * The idle task of CPU 0 is init_task (pid 0, "swapper"): the boot flow
 * itself, on the boot stack.  It is never queued; it runs when nothing else
 * can, in cpu_idle(): hlt until an interrupt, look again.
 *
 * Per-CPU state (DESIGN.md §8): `current` and the kernel stack top live in
 * struct pcpu_hot, reached through the GS base (arch/x86_64/percpu.h);
 * setup_per_cpu_areas() points GS at CPU 0's.  The run queue is
 * runqueues[smp_processor_id()].
 *
 * Locks: tasklist_lock before rq->lock (kernel/sched.h).  rq->lock is
 * taken with interrupts off (the tick takes it).  A dead task (TASK_DEAD)
 * is freed only after it has switched away for the last time, by whoever
 * runs next (finish_task_switch): nothing can free the stack it runs on.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/switch_to.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched/loadavg.h"
#include "kernel/sched.h"
#include "kernel/sched/sched.h"
#include "kernel/syscalls.h"

extern char boot_stack[], boot_stack_top[];	/* boot/boot.asm */

struct pcpu_hot pcpu_hot_area[NR_CPUS];
struct rq runqueues[NR_CPUS];
DEFINE_SPINLOCK(tasklist_lock);

#define _STK_LIM		(8UL * 1024 * 1024)
#define INR_OPEN_CUR		1024
#define INR_OPEN_MAX		4096
#define MQ_BYTES_MAX		819200
#define RLIM_INF2		{ RLIM_INFINITY, RLIM_INFINITY }

/*
 * Linux's INIT_RLIMITS (include/asm-generic/resource.h), inherited by every
 * task; RLIMIT_NPROC and RLIMIT_SIGPENDING, which Linux sizes from memory
 * at boot, are unlimited.
 */
#define INIT_RLIMITS {							\
	[RLIMIT_CPU]		= RLIM_INF2,				\
	[RLIMIT_FSIZE]		= RLIM_INF2,				\
	[RLIMIT_DATA]		= RLIM_INF2,				\
	[RLIMIT_STACK]		= { _STK_LIM, RLIM_INFINITY },		\
	[RLIMIT_CORE]		= { 0, RLIM_INFINITY },			\
	[RLIMIT_RSS]		= RLIM_INF2,				\
	[RLIMIT_NPROC]		= RLIM_INF2,				\
	[RLIMIT_NOFILE]		= { INR_OPEN_CUR, INR_OPEN_MAX },	\
	[RLIMIT_MEMLOCK]	= { _STK_LIM, _STK_LIM },		\
	[RLIMIT_AS]		= RLIM_INF2,				\
	[10 /* LOCKS */]	= RLIM_INF2,				\
	[11 /* SIGPENDING */]	= RLIM_INF2,				\
	[12 /* MSGQUEUE */]	= { MQ_BYTES_MAX, MQ_BYTES_MAX },	\
	[13 /* NICE */]		= { 0, 0 },				\
	[14 /* RTPRIO */]	= { 0, 0 },				\
	[15 /* RTTIME */]	= RLIM_INF2,				\
}

/*
 * init_task - pid 0, "swapper": the boot flow, and from sched_init() on
 * CPU 0's idle task (Linux's init/init_task.c).  Its stack is the boot
 * stack; it is the ancestor of every task (the head of the task list).
 */
struct task_struct init_task __aligned(64) = {
	.__state	= TASK_RUNNING,
	.flags		= PF_KTHREAD | PF_IDLE,
	.run_list	= LIST_HEAD_INIT(init_task.run_list),
	.on_rq		= 1,		/* never queued, but "on the CPU" for good */
	.time_slice	= RR_TIMESLICE,
	.stack		= boot_stack,
	.thread		= { .sp0 = (unsigned long)boot_stack_top },
	.pid		= 0,
	.comm		= "swapper",
	.real_parent	= &init_task,
	.parent		= &init_task,
	.children	= LIST_HEAD_INIT(init_task.children),
	.sibling	= LIST_HEAD_INIT(init_task.sibling),
	.tasks		= LIST_HEAD_INIT(init_task.tasks),
	.wait_chldexit	= __WAIT_QUEUE_HEAD_INITIALIZER(init_task.wait_chldexit),
	.rlim		= INIT_RLIMITS,
	.usage		= 2,		/* never freed */
};

/* ------------------------------------------------------------------------
 * Per-CPU areas
 * ------------------------------------------------------------------------ */

/*
 * setup_per_cpu_areas - GS base := CPU 0's pcpu_hot, current := init_task
 * (arch/x86_64/percpu.h).  MSR_KERNEL_GS_BASE := 0: the user GS base that
 * the first swapgs into user mode will install.  First thing in
 * start_kernel().
 */
void setup_per_cpu_areas(void)
{
	BUILD_BUG_ON(offsetof(struct pcpu_hot, current_task) != PCPU_HOT_current_task);
	BUILD_BUG_ON(offsetof(struct pcpu_hot, top_of_stack) != PCPU_HOT_top_of_stack);
	BUILD_BUG_ON(offsetof(struct pcpu_hot, user_rsp) != PCPU_HOT_user_rsp);
	BUILD_BUG_ON(offsetof(struct pcpu_hot, cpu_number) != PCPU_HOT_cpu_number);
	BUILD_BUG_ON(offsetof(struct pcpu_hot, self) != PCPU_HOT_self);

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		pcpu_hot_area[cpu].self = &pcpu_hot_area[cpu];
		pcpu_hot_area[cpu].cpu_number = cpu;
	}
	pcpu_hot_area[0].current_task = &init_task;
	pcpu_hot_area[0].top_of_stack = (unsigned long)boot_stack_top;
	wrmsr(MSR_GS_BASE, (u64)&pcpu_hot_area[0]);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* ------------------------------------------------------------------------
 * The run queue (rq->lock held, interrupts off)
 * ------------------------------------------------------------------------ */

/* Puts p at the back of the queue: it becomes runnable. */
static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	p->on_rq = 1;
	p->cpu = smp_processor_id();
	rq->nr_running++;
}

/* The running task prev sleeps (or died): it leaves the run queue. */
static void deactivate_task(struct rq *rq, struct task_struct *prev)
{
	prev->on_rq = 0;
	rq->nr_running--;
}

/* The task to run next: the head of the queue (taken off it), else idle. */
static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *next;

	if (list_empty(&rq->queue))
		return rq->idle;
	next = list_first_entry(&rq->queue, struct task_struct, run_list);
	list_del_init(&next->run_list);
	return next;
}

/*
 * Makes p runnable if it sleeps in one of the states in 'state'; returns
 * whether it did.  A p still on the CPU (it set its state but has not
 * reached schedule() yet) only gets TASK_RUNNING back: its schedule() will
 * then keep it runnable.
 */
static bool try_to_wake_up_locked(struct rq *rq, struct task_struct *p, unsigned int state)
{
	if (!(READ_ONCE(p->__state) & state))
		return false;
	WRITE_ONCE(p->__state, TASK_RUNNING);
	if (!p->on_rq)
		enqueue_task(rq, p);
	if (rq->curr == rq->idle)
		rq->idle->need_resched = true;
	return true;
}

/* ------------------------------------------------------------------------
 * Waking and starting tasks
 * ------------------------------------------------------------------------ */

/* wake_up_state - wake p if it sleeps in one of 'state'; true if it did. */
bool wake_up_state(struct task_struct *p, unsigned int state)
{
	struct rq *rq = this_rq();
	unsigned long flags;
	bool woken;

	spin_lock_irqsave(&rq->lock, flags);
	woken = try_to_wake_up_locked(rq, p, state);
	spin_unlock_irqrestore(&rq->lock, flags);
	return woken;
}

/* wake_up_process - make a sleeping p runnable; true if it was asleep. */
bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/* sched_fork - a new task's scheduler fields: TASK_NEW, off the queue, a full slice. */
void sched_fork(struct task_struct *p)
{
	WRITE_ONCE(p->__state, TASK_NEW);
	INIT_LIST_HEAD(&p->run_list);
	p->on_rq = 0;
	p->cpu = smp_processor_id();
	p->time_slice = RR_TIMESLICE;
	p->need_resched = false;
	p->utime_ns = 0;
	p->stime_ns = 0;
}

/* wake_up_new_task - queue a task copy_process() has finished; it runs when its turn comes. */
void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq = this_rq();
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	if (!p->time_slice)
		p->time_slice = RR_TIMESLICE;
	enqueue_task(rq, p);
	if (rq->curr == rq->idle)
		rq->idle->need_resched = true;
	spin_unlock_irqrestore(&rq->lock, flags);
}

/* ------------------------------------------------------------------------
 * schedule()
 * ------------------------------------------------------------------------ */

/*
 * The second half of every switch, run by the task coming in: release the
 * run queue lock the task going out took, and free prev if it died (its
 * stack is no longer in use now).  Interrupts still off.
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	long prev_state = READ_ONCE(prev->__state);

	spin_unlock(&rq->lock);
	if (prev_state == TASK_DEAD)
		put_task_struct(prev);		/* the reference the task held on itself */
}

/*
 * Switches this CPU from prev to next: page tables, then stack and
 * registers.  Returns (in next's context) once some later switch comes back
 * to prev: the rq lock is then held, and finish_task_switch() releases it.
 */
static void context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	if (next->mm) {
		switch_mm(prev->active_mm, next->mm);
		next->active_mm = next->mm;
	} else {
		next->active_mm = prev->active_mm;	/* lazy TLB: borrow */
	}
	rq->curr = next;
	rq->nr_switches++;
	prev = __switch_to_asm(prev, next);
	finish_task_switch(prev);
}

/*
 * The idle task "sleeps" (the boot flow waiting for something before
 * rest_init) and nothing else can run: it cannot leave the CPU, so wait for
 * the next interrupt here and let the caller look at its condition again.
 */
static void idle_wait(struct rq *rq, unsigned long flags)
{
	spin_unlock(&rq->lock);
	if (flags & (1UL << 9))			/* interrupts were on: safe to halt */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

/*
 * schedule - give the CPU to the next runnable task (see the top of the
 * file).  Returns when this task is chosen again.  Not from an interrupt
 * handler; no spinlock held.
 */
void schedule(void)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = current, *next;
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	prev->need_resched = false;
	if (prev != rq->idle) {
		if (task_is_running(prev))
			list_add_tail(&prev->run_list, &rq->queue);	/* round robin */
		else
			deactivate_task(rq, prev);
	}
	next = pick_next_task(rq);
	if (next == prev) {
		if (!task_is_running(prev))
			idle_wait(rq, flags);
		else
			spin_unlock(&rq->lock);
	} else {
		context_switch(rq, prev, next);
	}
	arch_local_irq_restore(flags);
}

/* schedule_tail - a new task's first step (ret_from_fork): finish the switch, interrupts on. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

/* cond_resched - switch if the tick said current's time is up (PREEMPT_NONE's preemption point). */
void cond_resched(void)
{
	if (READ_ONCE(current->need_resched))
		schedule();
}

/* ------------------------------------------------------------------------
 * Sleeping with a timeout
 * ------------------------------------------------------------------------ */

/*
 * schedule_timeout - schedule() for at most 'timeout' jiffies; the caller
 * has set its state (TASK_INTERRUPTIBLE: a wake_up also ends the sleep;
 * TASK_UNINTERRUPTIBLE: only the timeout or wake_up_process).  Returns the
 * jiffies left, 0 if the time ran out.  MAX_SCHEDULE_TIMEOUT sleeps
 * without a timer.
 */
long schedule_timeout(long timeout)
{
	struct rq *rq = this_rq();
	struct sched_timer timer;
	unsigned long flags;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (WARN_ON(timeout < 0)) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	timer.expires = jiffies + timeout;
	timer.task = current;
	current->sleep_until = timer.expires;
	spin_lock_irqsave(&rq->lock, flags);
	list_add_tail(&timer.entry, &rq->timers);
	spin_unlock_irqrestore(&rq->lock, flags);

	schedule();

	spin_lock_irqsave(&rq->lock, flags);
	if (!list_empty(&timer.entry))		/* woken early: the timer is still pending */
		list_del(&timer.entry);
	spin_unlock_irqrestore(&rq->lock, flags);
	left = (long)(timer.expires - jiffies);
	return left < 0 ? 0 : left;
}

/* msecs_to_jiffies - rounded up, so a sleep is never shorter than asked. */
static unsigned long msecs_to_jiffies(unsigned int msecs)
{
	return DIV_ROUND_UP((unsigned long)msecs * HZ, 1000);
}

/*
 * msleep - sleep at least msecs milliseconds, uninterruptibly.  One tick
 * more than the rounded-up count, as Linux's: the first tick may come at
 * once.
 */
void msleep(unsigned int msecs)
{
	long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		timeout = schedule_timeout(timeout);
	}
	__set_current_state(TASK_RUNNING);
}

/* ------------------------------------------------------------------------
 * The tick
 * ------------------------------------------------------------------------ */

/* Wakes the schedule_timeout() sleepers whose time has come. */
static void run_expired_timers(struct rq *rq)
{
	struct sched_timer *timer, *tmp;

	list_for_each_entry_safe(timer, tmp, &rq->timers, entry) {
		if (!time_after_eq(jiffies, timer->expires))
			continue;
		list_del_init(&timer->entry);
		try_to_wake_up_locked(rq, timer->task, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
	}
}

/*
 * scheduler_tick - from the timer interrupt, after jiffies moved on:
 * sleepers, then current's time slice.  Interrupts off.
 */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *curr;

	spin_lock(&rq->lock);
	run_expired_timers(rq);
	curr = rq->curr;
	if (curr == rq->idle) {
		if (rq->nr_running)
			curr->need_resched = true;
	} else if (curr->time_slice <= 1) {
		curr->time_slice = RR_TIMESLICE;
		if (rq->nr_running > 1)		/* someone else is waiting */
			curr->need_resched = true;
	} else {
		curr->time_slice--;
	}
	spin_unlock(&rq->lock);
	calc_global_load_tick();	/* the load averages (kernel/sched/loadavg.c) */
}

/* account_process_tick - the tick interrupted p in user mode (user_tick) or in the kernel. */
void account_process_tick(struct task_struct *p, bool user_tick)
{
	if (user_tick)
		p->utime_ns += TICK_NSEC;
	else
		p->stime_ns += TICK_NSEC;
}

/* ------------------------------------------------------------------------
 * Setting up, idling, questions
 * ------------------------------------------------------------------------ */

/*
 * sched_init - CPU 0's run queue with the boot flow (init_task) as its
 * running idle task; the FPU, whose state every switch saves.  After
 * mm_init(), before the first task is created.
 */
void sched_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rq *rq = &runqueues[cpu];

		spin_lock_init(&rq->lock);
		INIT_LIST_HEAD(&rq->queue);
		INIT_LIST_HEAD(&rq->timers);
	}
	this_rq()->idle = &init_task;
	this_rq()->curr = &init_task;
	task_cache_init();
	fpu_init();
	pr_info("sched: round robin, time slice %d ticks (%d ms), HZ=%d, PREEMPT_NONE\n",
		RR_TIMESLICE, RR_TIMESLICE * 1000 / HZ, HZ);
}

/*
 * cpu_idle - the idle task's loop: run whatever is runnable, else halt
 * until an interrupt.  "sti; hlt" is atomic as far as interrupts go (sti
 * takes effect after the next instruction), so a wake-up that arrives after
 * the check still ends the hlt.
 */
void cpu_idle(void)
{
	struct rq *rq = this_rq();

	__set_current_state(TASK_RUNNING);
	for (;;) {
		local_irq_disable();
		if (READ_ONCE(rq->nr_running)) {
			local_irq_enable();
			schedule();
			continue;
		}
		rq->idle_halts++;
		__asm__ volatile("sti; hlt" ::: "memory");
	}
}

/* nr_running - runnable tasks on this CPU besides the idle task. */
unsigned int nr_running(void)
{
	return READ_ONCE(this_rq()->nr_running);
}

/* find_task_by_pid - the task with this pid, or NULL.  tasklist_lock held. */
struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *p;

	for_each_process(p)
		if (p->pid == pid)
			return p;
	return NULL;
}

/*
 * sched_getaffinity(2): the CPUs pid (0: the caller) may run on.  Pagoda
 * schedules on CPU 0 only (kernel/smp.h), so the mask is {0} for every
 * task.  As Linux: len must hold nr_cpu_ids bits and be a multiple of
 * sizeof(long) (-EINVAL), -ESRCH for no such task; returns the bytes
 * written (one long).
 */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len, unsigned long __user *, user_mask_ptr)
{
	unsigned long mask = 1UL;		/* CPU 0 */
	unsigned long flags;
	bool found;

	if (len * 8 < 1 || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (pid < 0)
		return -ESRCH;
	spin_lock_irqsave(&tasklist_lock, flags);
	found = pid == 0 || find_task_by_pid(pid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!found)
		return -ESRCH;
	if (copy_to_user(user_mask_ptr, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}
