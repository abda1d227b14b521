/*
 * kernel/sched/loadavg.h - the load averages (Linux's kernel/sched/loadavg.c
 * and include/linux/sched/loadavg.h): exponentially damped averages of the
 * number of runnable tasks over 1, 5 and 15 minutes, sampled every
 * LOAD_FREQ ticks, in fixed point with FSHIFT fractional bits.
 * /proc/loadavg and sysinfo(2) show them.
 */
#ifndef KERNEL_SCHED_LOADAVG_H
#define KERNEL_SCHED_LOADAVG_H

#define FSHIFT		11			/* bits of precision */
#define FIXED_1		(1UL << FSHIFT)		/* 1.0 as fixed point */
#define LOAD_FREQ	(5 * HZ + 1)		/* 5 sec intervals */
#define EXP_1		1884			/* 1/exp(5sec/1min) as fixed point */
#define EXP_5		2014			/* 1/exp(5sec/5min) */
#define EXP_15		2037			/* 1/exp(5sec/15min) */
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

/* avenrun - the 1, 5 and 15 minute load averages (FSHIFT fixed point). */
extern unsigned long avenrun[3];
/* get_avenrun - the averages plus offset, shifted left by shift (sysinfo uses 16 - FSHIFT). */
void get_avenrun(unsigned long *loads, unsigned long offset, int shift);
/* calc_global_load_tick - the tick's hook: every LOAD_FREQ ticks, fold in the runnable count. */
void calc_global_load_tick(void);

#endif /* KERNEL_SCHED_LOADAVG_H */
