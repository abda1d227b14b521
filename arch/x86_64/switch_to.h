/*
 * arch/x86_64/switch_to.h - the context switch and the first steps of a new
 * task (arch/x86_64/switch_to.asm, arch/x86_64/process.c; Linux's
 * asm/switch_to.h).
 *
 * A task that is not running has, on its own kernel stack, the callee-saved
 * registers of the moment it called __switch_to_asm() (the System V ABI
 * lets the caller assume the others are clobbered by any call), topped by
 * the address to return to: struct inactive_task_frame.  thread.sp points
 * at it.  Switching is therefore: push them on the old stack, store RSP in
 * prev->thread.sp, load RSP from next->thread.sp, pop them, and return -
 * into wherever next called __switch_to_asm() from, i.e. back into its
 * schedule().
 *
 * A new task has never called __switch_to_asm(), so copy_thread() builds a
 * struct fork_frame for it by hand: an inactive_task_frame whose return
 * address is ret_from_fork_asm, and above it the task's struct pt_regs at
 * the very top of the stack (task_pt_regs()):
 *
 *   thread.sp0 (stack top) ------------------------------+
 *   struct pt_regs      user registers (user fork) or 0  |  fork_frame
 *   ret_addr            ret_from_fork_asm                |
 *   bp, bx, r12..r15    bx = fn, r12 = arg (kthread)     |
 *   thread.sp ------------------------------------------+
 *
 * Invariant: thread.sp is only meaningful while the task is not running.
 */
#ifndef ARCH_X86_64_SWITCH_TO_H
#define ARCH_X86_64_SWITCH_TO_H

#include "arch/x86_64/traps.h"
#include "kernel/types.h"

struct task_struct;

/* What __switch_to_asm() leaves on a stack it switches away from (Linux's). */
struct inactive_task_frame {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bx;		/* a new kernel thread: its function */
	unsigned long bp;		/* 0 for a new task: the unwinder stops */
	unsigned long ret_addr;		/* where __switch_to() returns to */
};

/* The stack of a task that has never run (copy_thread()). */
struct fork_frame {
	struct inactive_task_frame frame;
	struct pt_regs regs;
};

/*
 * offsetof(struct task_struct, thread.sp), for switch_to.asm (which has no
 * C structures); checked by BUILD_BUG_ON in process.c.
 */
#define TASK_threadsp		64

/* ---- switch_to.asm ---- */
/*
 * __switch_to_asm - save prev's callee-saved registers and stack pointer,
 * load next's, then tail-call __switch_to(prev, next).  Returns prev, on
 * next's stack.  Interrupts off, the run queue lock not held.
 */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);
/* ret_from_fork_asm - where a new task's first __switch_to() returns to. */
void ret_from_fork_asm(void);

/* ---- process.c ---- */
/*
 * __switch_to - the part of a switch that is not the stack: the kernel
 * stack the CPU enters on from user mode (TSS.RSP0, pcpu top_of_stack),
 * `current`, the user FS and GS bases, the user FPU state.  Returns prev.
 */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
/*
 * ret_from_fork - a new task's first C code, on its own stack: finish the
 * switch (schedule_tail), then run a kernel thread's fn(arg) - which ends
 * it with do_exit() if fn returns, unless fn turned it into a user process
 * (kernel_execve) - or return to user mode through regs.
 */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs,
		   int (*fn)(void *), void *fn_arg);

struct mm_struct;
/*
 * switch_mm - load next's page tables (CR3) if they are not prev's.  NULL
 * means the kernel's own, init_top_pgt.  Interrupts off.
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

#endif /* ARCH_X86_64_SWITCH_TO_H */
