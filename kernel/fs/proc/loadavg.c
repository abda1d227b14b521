/*
 * kernel/fs/proc/loadavg.c - /proc/loadavg (Linux's fs/proc/loadavg.c):
 *   "0.12 0.05 0.01 1/23 456\n"
 * the 1, 5, 15 minute load averages (kernel/sched/loadavg.c) to two
 * decimals, runnable tasks / all tasks, and the pid of the most recently
 * created process still alive (Linux: the last pid handed out).
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "kernel/sched/loadavg.h"

/* loadavg_proc_show - see internal.h. */
int loadavg_proc_show(struct seq_file *m, struct task_struct *task)
{
	unsigned long avnrun[3], flags;
	unsigned int running = 0, total = 0;
	u64 newest = 0;
	int last_pid = 0;
	struct task_struct *p;

	(void)task;
	get_avenrun(avnrun, FIXED_1 / 200, 0);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid <= 0)
			continue;
		total++;
		if (task_is_running(p) && !p->exit_state)
			running++;
		if (p->start_time_ns >= newest) {
			newest = p->start_time_ns;
			last_pid = p->pid;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
		   LOAD_INT(avnrun[0]), LOAD_FRAC(avnrun[0]), LOAD_INT(avnrun[1]),
		   LOAD_FRAC(avnrun[1]), LOAD_INT(avnrun[2]), LOAD_FRAC(avnrun[2]),
		   running, total, last_pid);
	return 0;
}
