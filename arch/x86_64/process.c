/*
 * arch/x86_64/process.c - the x86 half of creating and switching tasks
 * (Linux's arch/x86/kernel/process.c and process_64.c).
 *
 *   copy_thread()   builds a new task's kernel stack so that its first
 *                   switch lands in ret_from_fork_asm (layout: switch_to.h)
 *   __switch_to()   everything a switch changes besides the stack pointer
 *                   and callee-saved registers (those: switch_to.asm)
 *   ret_from_fork() a new task's first C code
 *   switch_mm()     CR3
 *
 * What __switch_to() keeps per task, and why this is enough:
 *   - thread.sp0: the top of its kernel stack.  An interrupt or exception
 *     from ring 3 makes the CPU load RSP from TSS.RSP0, and SYSCALL entry
 *     loads it from pcpu_hot.top_of_stack: both must be the running task's.
 *   - thread.fsbase: the user's FS base (musl's thread pointer).  Invariant:
 *     MSR_FS_BASE == current->thread.fsbase at all times (arch_prctl writes
 *     both; CR4.FSGSBASE is off, so user code cannot change it behind our
 *     back), so the MSR is only rewritten when next's value differs.
 *   - thread.gsbase: the user's GS base.  While the CPU is in the kernel the
 *     user value is parked in MSR_KERNEL_GS_BASE (swapgs on entry), so that
 *     is the MSR to load; MSR_GS_BASE holds the kernel's pcpu_hot.
 *   - thread.fxsave: the user FPU state, saved and restored eagerly
 *     (arch/x86_64/fpu.h).
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/switch_to.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm_types.h"

#define X86_EFLAGS_FIXED	(1UL << 1)	/* bit 1 of RFLAGS always reads 1 */

/*
 * Prepares the stack of a kernel thread: ret_from_fork_asm takes fn and arg
 * from rbx and r12.  Its pt_regs are kernel-mode zeros, so that an oops
 * walking past them sees nothing real, and kernel_execve() can fill them.
 */
static void copy_thread_kernel(struct fork_frame *ff, int (*fn)(void *), void *arg)
{
	memset(&ff->regs, 0, sizeof(ff->regs));
	ff->regs.cs = __KERNEL_CS;
	ff->regs.ss = __KERNEL_DS;
	ff->regs.rflags = X86_EFLAGS_FIXED;
	ff->frame.bx = (unsigned long)fn;
	ff->frame.r12 = (unsigned long)arg;
}

/* A user fork: the parent's user registers, except that fork returns 0 in the child. */
static void copy_thread_user(struct fork_frame *ff, unsigned long sp)
{
	ff->regs = *task_pt_regs(current);
	ff->regs.rax = 0;
	if (sp)
		ff->regs.rsp = sp;
	ff->frame.bx = 0;
	ff->frame.r12 = 0;
}

/*
 * copy_thread - give p (whose p->stack is allocated) a fork_frame at the
 * top of its stack and copy the parent's (current's) FS/GS bases and FPU
 * state.  See kernel/sched.h.  Called by copy_process() in the parent.
 */
int copy_thread(struct task_struct *p, unsigned long clone_flags, unsigned long sp,
		int (*fn)(void *), void *arg)
{
	struct fork_frame *ff;

	BUILD_BUG_ON(offsetof(struct task_struct, thread.sp) != TASK_threadsp);
	BUILD_BUG_ON(sizeof(struct pt_regs) % 16);	/* keeps task_pt_regs() 16-byte aligned */

	p->thread.sp0 = (unsigned long)p->stack + THREAD_SIZE;
	ff = container_of(task_pt_regs(p), struct fork_frame, regs);
	ff->frame.r13 = ff->frame.r14 = ff->frame.r15 = 0;
	ff->frame.bp = 0;			/* the unwinder's walk ends here */
	ff->frame.ret_addr = (unsigned long)ret_from_fork_asm;
	p->thread.sp = (unsigned long)ff;

	if (fn)
		copy_thread_kernel(ff, fn, arg);
	else
		copy_thread_user(ff, sp);

	p->thread.fsbase = current->thread.fsbase;
	p->thread.gsbase = current->thread.gsbase;
	fxsave(p->thread.fxsave);		/* the live registers are the parent's */
	return 0;
}

/*
 * __switch_to - called (tail-jumped) from __switch_to_asm on next's stack,
 * interrupts off.  See switch_to.h; returns prev.
 */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next)
{
	fxsave(prev->thread.fxsave);
	fxrstor(next->thread.fxsave);

	if (next->thread.fsbase != prev->thread.fsbase)
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	if (next->thread.gsbase != prev->thread.gsbase)
		wrmsr(MSR_KERNEL_GS_BASE, next->thread.gsbase);

	this_cpu_write(current_task, next);
	this_cpu_write(top_of_stack, next->thread.sp0);
	load_sp0(next->thread.sp0);
	return prev;
}

/*
 * ret_from_fork - see switch_to.h.  When this returns, ret_from_fork_asm
 * goes to user mode through regs.  A kernel thread's fn returning ends
 * the thread with fn's value as its exit status (as main() returning does
 * for a program), unless fn exec'd a program: kernel_execve() clears
 * PF_KTHREAD and fills regs, and the thread returns to user mode into
 * that program (how pid 1 becomes /init, as in Linux).
 */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs,
		   int (*fn)(void *), void *fn_arg)
{
	schedule_tail(prev);
	if (fn) {
		int ret = fn(fn_arg);

		if (current->flags & PF_KTHREAD)
			do_exit((ret & 0xff) << 8);
		regs->rax = 0;
	}
}

/*
 * switch_mm - load next's page tables.  Kernel threads have no mm and run
 * on whatever tables were loaded (Linux's lazy TLB mode: they only touch
 * the kernel half, which every pgd shares), so the scheduler calls this
 * only for a task with an mm of its own.  prev == next: nothing to do (the
 * TLB stays warm).
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	pgd_t *pgd = next ? next->pgd : init_top_pgt;

	if (prev == next)
		return;
	write_cr3(__pa(pgd));
}
