/*
 * kernel/sched/loadavg.c - the load averages (Linux's kernel/sched/
 * loadavg.c, for one CPU): see loadavg.h.
 *
 * Every LOAD_FREQ ticks (5 seconds) the tick samples "active", the tasks
 * that are runnable (Linux also counts those in uninterruptible sleep;
 * Pagoda's run queue knows only the runnable ones), and folds it into each
 * average a with a = a * e + active * (1 - e), e = exp(-5s / period), in
 * fixed point - so a steady load of n converges to n.
 *
 * Runs in the timer interrupt: it reads the run queue's count through
 * nr_running() and takes no other lock (not tasklist_lock, which the
 * interrupted code may hold).
 */
#include "kernel/sched.h"
#include "kernel/sched/loadavg.h"

unsigned long avenrun[3];
static unsigned long calc_load_update = LOAD_FREQ;	/* jiffies of the next sample */

/* Linux's calc_load: one step of the damped average, rounding up while it climbs. */
static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/* get_avenrun - see loadavg.h. */
void get_avenrun(unsigned long *loads, unsigned long offset, int shift)
{
	for (int i = 0; i < 3; i++)
		loads[i] = (READ_ONCE(avenrun[i]) + offset) << shift;
}

/* calc_global_load_tick - see loadavg.h.  Tick context. */
void calc_global_load_tick(void)
{
	unsigned long active;

	if ((long)(jiffies - calc_load_update) < 0)
		return;
	active = (unsigned long)nr_running() * FIXED_1;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
	calc_load_update += LOAD_FREQ;
	if ((long)(jiffies - calc_load_update) >= 0)	/* ticks were missed: catch up once */
		calc_load_update = jiffies + LOAD_FREQ;
}
