/*
 * kernel/fs/proc/stat.c - /proc/stat (Linux's fs/proc/stat.c):
 *
 *   cpu  user nice system idle iowait irq softirq steal guest guest_nice
 *   cpu0 ...
 *   ctxt N
 *   btime N
 *   processes N
 *   procs_running N
 *   procs_blocked N
 *
 * in USER_HZ ticks (1/100 s).  Linux keeps per-CPU counters of where each
 * tick went; Pagoda charges ticks to tasks (account_process_tick), so the
 * CPU line is summed from them: user = utime of every live task plus what
 * its reaped children used (cutime: a reaped task's time moves into its
 * reaper's), system likewise, idle = the idle task's time.  Tasks that
 * were reaped by nobody (autoreaped kernel threads) are missing from the
 * sums.  Pagoda has one CPU, no nice levels, no interrupt or steal time
 * accounting: those columns are 0.  ctxt is the run queue's switch count;
 * btime is 0 (Pagoda has no wall clock); processes counts the tasks alive
 * (Linux: forks since boot, which Pagoda does not count).  No "intr" and
 * "softirq" lines: Pagoda does not count interrupts.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "kernel/sched/sched.h"

#define NSEC_PER_USER_TICK	10000000ULL	/* USER_HZ = 100 */

struct cpu_times {
	u64 user, system, idle;		/* ns */
	unsigned int running, blocked, tasks;
};

static void sum_task_times(struct cpu_times *t)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t->idle = init_task.utime_ns + init_task.stime_ns;
	for_each_process(p) {
		if (p->pid <= 0)
			continue;
		t->user += p->utime_ns + p->cutime_ns;
		t->system += p->stime_ns + p->cstime_ns;
		t->tasks++;
		if (p->exit_state)
			continue;
		if (task_is_running(p))
			t->running++;
		else if (READ_ONCE(p->__state) & TASK_UNINTERRUPTIBLE)
			t->blocked++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void show_cpu_line(struct seq_file *m, const char *name, const struct cpu_times *t)
{
	seq_printf(m, "%s %llu 0 %llu %llu 0 0 0 0 0 0\n", name, t->user / NSEC_PER_USER_TICK,
		   t->system / NSEC_PER_USER_TICK, t->idle / NSEC_PER_USER_TICK);
}

/* stat_proc_show - see internal.h. */
int stat_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct cpu_times t = { 0 };
	u64 ctxt = 0;

	(void)task;
	sum_task_times(&t);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		ctxt += READ_ONCE(runqueues[cpu].nr_switches);
	show_cpu_line(m, "cpu ", &t);
	show_cpu_line(m, "cpu0", &t);
	seq_printf(m, "ctxt %llu\nbtime 0\nprocesses %u\n", ctxt, t.tasks);
	seq_printf(m, "procs_running %u\nprocs_blocked %u\n", t.running, t.blocked);
	return 0;
}
