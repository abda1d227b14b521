/*
 * arch/x86_64/tsc.h - time from the CPU's time-stamp counter (arch/x86_64/tsc.c).
 */
#ifndef ARCH_X86_64_TSC_H
#define ARCH_X86_64_TSC_H

#include "kernel/types.h"

extern u64 tsc_khz;		/* TSC ticks per millisecond; 0 until tsc_init() */
extern u64 tsc_at_boot;		/* the TSC when start_kernel() began */

void tsc_mark_boot(void);
void tsc_init(void);
/* Nanoseconds since start_kernel() began (0 before tsc_init). */
u64 local_clock(void);
/* Converts a TSC difference to nanoseconds. */
u64 cycles_to_ns(u64 cycles);

#endif /* ARCH_X86_64_TSC_H */
