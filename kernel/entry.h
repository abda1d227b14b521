/*
 * kernel/entry.h - the work done on every return to user mode (Linux's
 * include/linux/entry-common.h; the code is kernel/entry.c).
 *
 * Pagoda's kernel is not preemptible (PREEMPT_NONE, like a Linux server
 * build): a task gives up the CPU only when it sleeps, at cond_resched(),
 * or on its way back to user mode.  That last point is here: the timer tick
 * sets current->need_resched, and exit_to_user_mode() calls schedule().
 * It is also where signals are delivered (kernel/signal.c), because a
 * handler can only be started by rewriting the user registers that the
 * return is about to restore.
 *
 * Callers: do_syscall_64() (arch/x86_64/syscall.c) through
 * syscall_exit_to_user_mode(), and ret_to_user (arch/x86_64/entry_64.asm)
 * for everything else that returns to user mode: exceptions and interrupts
 * from user mode, a new task's first return, the first exec.
 */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H

#include "arch/x86_64/traps.h"

/*
 * exit_to_user_mode - with interrupts off and regs the user registers about
 * to be restored: until there is nothing left to do, reschedule if asked
 * and deliver pending signals (either may turn interrupts on for a while).
 * Returns with interrupts off, ready for SYSRET/IRET.
 */
void exit_to_user_mode(struct pt_regs *regs);
/* syscall_exit_to_user_mode - the end of a syscall: interrupts off, then exit_to_user_mode(). */
void syscall_exit_to_user_mode(struct pt_regs *regs);

#endif /* KERNEL_ENTRY_H */
