/*
 * kernel/smp.h - which CPU am I, and how many can there be.
 *
 * Per-CPU data (the page allocator's per-CPU lists, SLUB's current slabs)
 * is kept in arrays of NR_CPUS indexed by smp_processor_id(), so that the
 * SMP issue only has to make smp_processor_id() real (it will read the CPU
 * number from the per-CPU area through the GS base, DESIGN.md §8).  Until
 * then there is one CPU, number 0.  Callers must not be migrated between
 * reading it and using the per-CPU data: they disable interrupts
 * (local_irq_save) around such sections, which is also what keeps an
 * interrupt handler on the same CPU from seeing a half-updated list.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#define NR_CPUS	8

static inline unsigned int smp_processor_id(void)
{
	return 0;
}

#endif /* KERNEL_SMP_H */
