/*
 * arch/x86_64/time.h - the periodic tick (arch/x86_64/time.c).
 */
#ifndef ARCH_X86_64_TIME_H
#define ARCH_X86_64_TIME_H

/* time_init - the tick handler and the APIC timer at HZ; after init_IRQ(). */
void time_init(void);

#endif /* ARCH_X86_64_TIME_H */
