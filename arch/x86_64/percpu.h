/*
 * arch/x86_64/percpu.h - per-CPU data reached through the GS base (DESIGN.md §8).
 *
 * Each CPU has a struct pcpu_hot (Linux's name for the hot per-CPU fields),
 * and while the CPU runs kernel code its GS base points at it, so
 * "mov %gs:0, %rax" reads this CPU's current task with one instruction and
 * no CPU number.  On entry from user mode, SYSCALL and interrupt entry run
 * `swapgs` to exchange the user's GS base (in MSR_GS_BASE) with the kernel's
 * (parked in MSR_KERNEL_GS_BASE), and swap back before returning.
 *
 * The assembly entry code uses the offsets below by number: keep
 * PCPU_HOT_* equal to the offsetof() values (checked by BUILD_BUG_ON in
 * kernel/sched/core.c's setup_per_cpu_areas()).
 */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include "kernel/smp.h"
#include "kernel/types.h"

struct task_struct;

struct pcpu_hot {
	struct task_struct *current_task;	/* the task running on this CPU */
	unsigned long top_of_stack;		/* its kernel stack top: SYSCALL's rsp */
	unsigned long user_rsp;			/* scratch: the user rsp during SYSCALL entry */
	int cpu_number;				/* smp_processor_id() once SMP comes */
	int preempt_count;			/* reserved for kernel preemption */
	struct pcpu_hot *self;			/* this structure's own address */
};

#define PCPU_HOT_current_task	0
#define PCPU_HOT_top_of_stack	8
#define PCPU_HOT_user_rsp	16
#define PCPU_HOT_cpu_number	24
#define PCPU_HOT_self		32

extern struct pcpu_hot pcpu_hot_area[NR_CPUS];

/* this_cpu_read(field) - one field of this CPU's pcpu_hot, through GS. */
#define this_cpu_read(field) ({						\
	__typeof__(((struct pcpu_hot *)0)->field) __v;			\
	__asm__ volatile("mov %%gs:%c1, %0" : "=r"(__v)		\
			 : "i"(__builtin_offsetof(struct pcpu_hot, field)));	\
	__v;								\
})

/* this_cpu_write(field, v) - set one field of this CPU's pcpu_hot. */
#define this_cpu_write(field, v) do {					\
	__typeof__(((struct pcpu_hot *)0)->field) __v = (v);		\
	__asm__ volatile("mov %0, %%gs:%c1" :: "r"(__v),		\
			 "i"(__builtin_offsetof(struct pcpu_hot, field)) : "memory");	\
} while (0)

/*
 * setup_per_cpu_areas - point this CPU's GS base at its pcpu_hot with
 * current = the boot task.  start_kernel() calls it first, before anything
 * that may read `current` (kernel/sched/core.c).
 */
void setup_per_cpu_areas(void);

#endif /* ARCH_X86_64_PERCPU_H */
