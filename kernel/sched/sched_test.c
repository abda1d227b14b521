/*
 * kernel/sched/sched_test.c - ktest suites for the scheduler, kernel
 * threads, wait queues and the tick; the sched_switch benchmark.
 *
 *   sched            (ktest=sched) kthreads alternate round robin, wake-ups,
 *                    wait queues, msleep and the idle loop, kthread_stop's
 *                    value, the tick's rate
 *   sched_selftest   (manual: ktest=sched_selftest.stack_overflow) a kernel
 *                    thread recursing without end must hit the guard page
 *                    below its vmalloc'ed stack: an oops ("stack guard
 *                    page"), not silent corruption
 *   kbench sched_switch   cycles per context switch, two kthreads
 *                    ping-ponging through wait queues
 *
 * The cases must run in a task that may sleep (not the idle task): pid 1 or
 * the boot's ktest thread.  Threads the cases start are stopped before the
 * case ends, so ktest's leak check sees their stacks and task_structs freed.
 */
#include "arch/x86_64/tsc.h"
#include "kernel/kbench.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/sched.h"
#include "kernel/sched/sched.h"
#include "kernel/wait.h"

/* Gives the CPU to the other runnable tasks until cond holds (bounded). */
#define yield_until(cond) do {						\
	for (int __i = 0; __i < 10000 && !(cond); __i++)		\
		schedule();						\
} while (0)

/* A kthread's way of idling until kthread_stop() (Linux's usual loop). */
static void wait_for_stop(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* ---- two kthreads alternate ---- */

#define INTERLEAVE_ROUNDS	8

static struct {
	struct wait_queue_head go_wq;	/* the threads wait for `go` here */
	bool go;
	char log[2 * INTERLEAVE_ROUNDS];
	int pos;
} il;

static int interleave_fn(void *arg)
{
	char id = (char)(unsigned long)arg;

	wait_event(il.go_wq, READ_ONCE(il.go));
	for (int i = 0; i < INTERLEAVE_ROUNDS; i++) {
		il.log[il.pos++] = id;
		schedule();			/* still runnable: to the back of the queue */
	}
	wait_for_stop();
	return id;
}

static void kthreads_alternate_round_robin(struct ktest *t)
{
	struct task_struct *a, *b;
	int switches = 0;

	il.go = false;
	il.pos = 0;
	init_waitqueue_head(&il.go_wq);
	a = kthread_run(interleave_fn, (void *)'A', "ktest_a");
	KTEST_ASSERT_FALSE(t, IS_ERR(a));
	b = kthread_run(interleave_fn, (void *)'B', "ktest_b");
	KTEST_ASSERT_FALSE(t, IS_ERR(b));
	KTEST_EXPECT_STREQ(t, a->comm, "ktest_a");
	KTEST_EXPECT_TRUE(t, a->flags & PF_KTHREAD);
	KTEST_EXPECT_NULL(t, a->mm);

	WRITE_ONCE(il.go, true);
	wake_up(&il.go_wq);
	yield_until(il.pos == 2 * INTERLEAVE_ROUNDS);
	KTEST_EXPECT_EQ(t, il.pos, 2 * INTERLEAVE_ROUNDS);
	for (int i = 1; i < il.pos; i++)
		switches += il.log[i] != il.log[i - 1];
	/* Round robin: A B A B ... - every step changes thread. */
	KTEST_EXPECT_EQ(t, switches, 2 * INTERLEAVE_ROUNDS - 1);
	KTEST_EXPECT_EQ(t, kthread_stop(a), 'A');
	KTEST_EXPECT_EQ(t, kthread_stop(b), 'B');
}

/* ---- wake_up_process ---- */

static struct {
	bool asleep;
	bool woke;
} sl;

static int sleeper_fn(void *arg)
{
	set_current_state(TASK_INTERRUPTIBLE);
	WRITE_ONCE(sl.asleep, true);
	schedule();				/* until wake_up_process() */
	WRITE_ONCE(sl.woke, true);
	wait_for_stop();
	return 0;
}

static void wake_up_process_wakes_a_sleeper(struct ktest *t)
{
	struct task_struct *k;

	sl.asleep = sl.woke = false;
	k = kthread_run(sleeper_fn, NULL, "ktest_sleeper");
	KTEST_ASSERT_FALSE(t, IS_ERR(k));
	yield_until(READ_ONCE(sl.asleep));
	yield_until(false);			/* let it run on if it could: it must not */
	KTEST_EXPECT_TRUE(t, sl.asleep);
	KTEST_EXPECT_FALSE(t, sl.woke);
	KTEST_EXPECT_EQ(t, READ_ONCE(k->__state), TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(t, k->on_rq, 0);

	KTEST_EXPECT_TRUE(t, wake_up_process(k));
	KTEST_EXPECT_FALSE(t, wake_up_process(k));	/* already runnable */
	yield_until(READ_ONCE(sl.woke));
	KTEST_EXPECT_TRUE(t, sl.woke);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 0);
}

/* ---- wait_event_interruptible ---- */

static struct {
	struct wait_queue_head wq;
	bool cond;
	bool returned;
	int ret;
} we;

static int waiter_fn(void *arg)
{
	we.ret = wait_event_interruptible(we.wq, READ_ONCE(we.cond));
	WRITE_ONCE(we.returned, true);
	wait_for_stop();
	return 0;
}

static void wait_event_interruptible_wakes_on_condition(struct ktest *t)
{
	struct task_struct *k;

	init_waitqueue_head(&we.wq);
	we.cond = we.returned = false;
	we.ret = -1;
	k = kthread_run(waiter_fn, NULL, "ktest_waiter");
	KTEST_ASSERT_FALSE(t, IS_ERR(k));
	yield_until(READ_ONCE(k->__state) == TASK_INTERRUPTIBLE);

	wake_up(&we.wq);			/* condition still false: back to sleep */
	yield_until(READ_ONCE(we.returned));
	KTEST_EXPECT_FALSE(t, we.returned);
	KTEST_EXPECT_EQ(t, READ_ONCE(k->__state), TASK_INTERRUPTIBLE);

	WRITE_ONCE(we.cond, true);
	wake_up(&we.wq);
	yield_until(READ_ONCE(we.returned));
	KTEST_EXPECT_TRUE(t, we.returned);
	KTEST_EXPECT_EQ(t, we.ret, 0);
	KTEST_EXPECT_TRUE(t, list_empty(&we.wq.head));	/* finish_wait took it off */
	kthread_stop(k);
}

/* ---- msleep and the idle loop ---- */

static void msleep_sleeps_at_least_its_time_while_idle_runs(struct ktest *t)
{
	unsigned long j0 = jiffies;
	u64 halts0 = READ_ONCE(this_rq()->idle_halts);

	KTEST_ASSERT_TRUE(t, current != &init_task);	/* the idle task cannot sleep */
	msleep(50);
	ktest_info(t, "msleep(50): %lu jiffies, %llu idle halts", jiffies - j0,
		   READ_ONCE(this_rq()->idle_halts) - halts0);
	KTEST_EXPECT_GE(t, jiffies - j0, 5);
	KTEST_EXPECT_GT(t, READ_ONCE(this_rq()->idle_halts), halts0);
}

/* ---- kthread_stop ---- */

static int returns_42_fn(void *arg)
{
	wait_for_stop();
	return 42;
}

static int never_runs_fn(void *arg)
{
	return 1;
}

static void kthread_stop_returns_the_thread_value(struct ktest *t)
{
	struct task_struct *k = kthread_run(returns_42_fn, NULL, "ktest_42");

	KTEST_ASSERT_FALSE(t, IS_ERR(k));
	yield_until(READ_ONCE(k->__state) == TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);

	/* Created, never woken: threadfn never runs, kthread_stop says -EINTR. */
	k = kthread_create(never_runs_fn, NULL, "ktest_never");
	KTEST_ASSERT_FALSE(t, IS_ERR(k));
	KTEST_EXPECT_EQ(t, READ_ONCE(k->__state), TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
}

/* ---- schedule_timeout ---- */

static void schedule_timeout_returns_the_time_left(struct ktest *t)
{
	long left;

	set_current_state(TASK_INTERRUPTIBLE);
	left = schedule_timeout(2);		/* nobody wakes us: the full time */
	KTEST_EXPECT_EQ(t, left, 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(current->__state), TASK_RUNNING);

	set_current_state(TASK_RUNNING);	/* runnable: schedule() comes straight back */
	left = schedule_timeout(HZ);
	KTEST_EXPECT_GT(t, left, HZ / 2);
	KTEST_EXPECT_TRUE(t, list_empty(&this_rq()->timers));	/* the timer was removed */
}

/* ---- the tick ---- */

/*
 * The tick is alive and programmed as calibrated.  No timing assertion: a
 * loaded host may delay or drop emulated timer interrupts, so the test only
 * asks that ticks arrive at all within a very generous 10 s of TSC time (a
 * dead timer never gets there), and checks the rate deterministically in
 * the hardware registers instead: periodic mode on the timer vector, the
 * divider and the initial count that time_init() computed.
 */
static void timer_is_alive_and_programmed(struct ktest *t)
{
	u64 start = rdtsc(), limit = tsc_khz * 10000;	/* 10 s of TSC */
	unsigned long j0 = jiffies;
	u64 stime0 = current->stime_ns;
	u32 lvtt = apic_read(APIC_LVTT);

	while (jiffies - j0 < 5 && rdtsc() - start < limit)
		cpu_relax();
	KTEST_EXPECT_GE(t, jiffies - j0, 5);
	KTEST_EXPECT_GT(t, current->stime_ns, stime0);	/* the ticks were charged to us */
	KTEST_EXPECT_EQ(t, lvtt & 0xff, LOCAL_TIMER_VECTOR);
	KTEST_EXPECT_TRUE(t, lvtt & APIC_LVT_TIMER_PERIODIC);
	KTEST_EXPECT_FALSE(t, lvtt & APIC_LVT_MASKED);
	KTEST_EXPECT_EQ(t, apic_read(APIC_TDCR), APIC_TDR_DIV_16);
	KTEST_EXPECT_EQ(t, apic_read(APIC_TMICT), lapic_timer_period);
}

static struct ktest_case sched_cases[] = {
	KTEST_CASE(kthreads_alternate_round_robin),
	KTEST_CASE(wake_up_process_wakes_a_sleeper),
	KTEST_CASE(wait_event_interruptible_wakes_on_condition),
	KTEST_CASE(msleep_sleeps_at_least_its_time_while_idle_runs),
	KTEST_CASE(kthread_stop_returns_the_thread_value),
	KTEST_CASE(schedule_timeout_returns_the_time_left),
	KTEST_CASE(timer_is_alive_and_programmed),
	{}
};
KTEST_SUITE(sched, sched_cases);

/* ================= sched_selftest (manual: it oopses) ================= */

static volatile int recurse_limit = 1 << 30;

/* 256 bytes of stack a call, and a use after the call: no tail call, no loop. */
static __noinline int recurse(int depth)
{
	volatile char buf[256];

	buf[0] = (char)depth;
	if (depth < recurse_limit)
		return recurse(depth + 1) + buf[0];
	return buf[0];
}

static int overflow_fn(void *arg)
{
	return recurse(0);
}

static void stack_overflow(struct ktest *t)
{
	struct task_struct *k = kthread_run(overflow_fn, NULL, "ktest_overflow");

	KTEST_ASSERT_FALSE(t, IS_ERR(k));
	msleep(1000);				/* the oops comes first */
	ktest_fail(t, __FILE__, __LINE__, "the recursion did not hit the stack guard page");
}

static struct ktest_case sched_selftest_cases[] = {
	KTEST_CASE(stack_overflow),
	{}
};
KTEST_SUITE_MANUAL(sched_selftest, sched_selftest_cases);

/* ================= kbench sched_switch ================= */

#define PINGPONG_ROUNDS		5000

static struct {
	struct wait_queue_head wq[2];
	int turn;			/* whose turn: 0 or 1 */
	int finished;
	struct wait_queue_head done_wq;
} pp;

/* Thread `me` waits for its turn, hands it over, PINGPONG_ROUNDS times. */
static int pingpong_fn(void *arg)
{
	int me = (int)(unsigned long)arg;

	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		wait_event(pp.wq[me], READ_ONCE(pp.turn) == me);
		WRITE_ONCE(pp.turn, !me);
		wake_up(&pp.wq[!me]);
	}
	pp.finished++;
	wake_up(&pp.done_wq);
	wait_for_stop();
	return 0;
}

/* Each hand-over is one switch (the other thread is the only one runnable). */
static void bench_sched_switch(void)
{
	struct task_struct *k[2];
	u64 start, cycles;

	init_waitqueue_head(&pp.wq[0]);
	init_waitqueue_head(&pp.wq[1]);
	init_waitqueue_head(&pp.done_wq);
	pp.turn = 0;
	pp.finished = 0;
	k[0] = kthread_create(pingpong_fn, (void *)0UL, "ping");
	k[1] = kthread_create(pingpong_fn, (void *)1UL, "pong");
	if (IS_ERR(k[0]) || IS_ERR(k[1]))
		return;
	start = kbench_cycles();
	wake_up_process(k[0]);
	wake_up_process(k[1]);
	wait_event(pp.done_wq, READ_ONCE(pp.finished) == 2);
	cycles = kbench_cycles() - start;
	kthread_stop(k[0]);
	kthread_stop(k[1]);
	kbench_report("sched_switch", cycles, 2 * PINGPONG_ROUNDS);
}
KBENCH(sched_switch, bench_sched_switch);
