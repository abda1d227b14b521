/*
 * kernel/entry.c - the last thing the kernel does before every return to
 * user mode (Linux's kernel/entry/common.c, exit_to_user_mode_loop()).
 * See kernel/entry.h for who calls it and why the work is done here.
 *
 * The loop: with interrupts off, look at the work flags; if there is work,
 * turn interrupts on, do it, and look again - a signal handler's frame may
 * take a fault, schedule() may come back with a new signal pending.  Only
 * when a check with interrupts off finds nothing to do is it safe to
 * return: an interrupt arriving after that check would set its flags too
 * late, so the entry code keeps interrupts off from here to SYSRET/IRET
 * (the interrupt is taken in user mode instead, and comes back here).
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/syscall.h"
#include "kernel/entry.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

/*
 * The frame must be something IRET can load in ring 0 without faulting:
 * a #GP on the IRET itself would be a kernel-mode fault with the user's GS
 * base.  Every path that sets user registers validates them (exec,
 * rt_sigreturn, signal delivery); this is the last line of defence.
 */
static void check_user_frame(struct pt_regs *regs)
{
	if (likely(valid_user_frame(regs)))
		return;
	pr_info("%s[%d]: bad user frame: cs %llx ss %llx rip %llx rflags %llx\n",
		current->comm, current->pid, regs->cs, regs->ss, regs->rip, regs->rflags);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rip = 0;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	force_sig(SIGSEGV);
}

/* exit_to_user_mode - see kernel/entry.h. */
void exit_to_user_mode(struct pt_regs *regs)
{
	struct task_struct *tsk = current;

	/*
	 * An NMI from user mode runs on its IST stack, not at the top of the
	 * task's kernel stack: it must not sleep or rewrite the task's user
	 * frame.  Only a frame at task_pt_regs() is the task's own.
	 */
	if (regs != task_pt_regs(tsk))
		return;

	for (;;) {
		local_irq_disable();
		check_user_frame(regs);
		if (READ_ONCE(tsk->need_resched)) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (signal_pending_current()) {
			local_irq_enable();
			arch_do_signal_or_restart(regs);
			continue;
		}
		return;		/* interrupts stay off until SYSRET/IRET */
	}
}

/* syscall_exit_to_user_mode - see kernel/entry.h. */
void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	local_irq_disable();
	exit_to_user_mode(regs);
}
