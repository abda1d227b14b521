/*
 * kernel/fs/proc/uptime.c - /proc/uptime (Linux's fs/proc/uptime.c):
 *   "12.34 10.50\n"
 * seconds since boot, and seconds the CPUs spent idle (the idle task's
 * accounted time, summed over CPUs), each to two decimals.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "arch/x86_64/tsc.h"

/* uptime_proc_show - see internal.h. */
int uptime_proc_show(struct seq_file *m, struct task_struct *task)
{
	u64 now = local_clock();
	u64 idle = init_task.utime_ns + init_task.stime_ns;

	(void)task;
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", now / 1000000000ULL,
		   (now % 1000000000ULL) / 10000000ULL, idle / 1000000000ULL,
		   (idle % 1000000000ULL) / 10000000ULL);
	return 0;
}
