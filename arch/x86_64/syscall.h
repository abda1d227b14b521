/*
 * arch/x86_64/syscall.h - the SYSCALL instruction's way into the kernel
 * (Linux's asm/syscall.h, asm/entry-common.h).
 *
 * A user program executes SYSCALL with the number in rax and up to six
 * arguments in rdi, rsi, rdx, r10, r8, r9 (the x86-64 Linux ABI: r10, not
 * rcx, because SYSCALL itself overwrites rcx with the return address and
 * r11 with RFLAGS).  The path through the kernel:
 *
 *   entry_SYSCALL_64 (entry_64.asm)   swapgs, switch to the task's kernel
 *                                     stack, push a struct pt_regs
 *   do_syscall_64 (syscall.c)         interrupts on, sys_call_table[nr](regs),
 *                                     result into regs->rax, then
 *                                     syscall_exit_to_user_mode() (signals,
 *                                     rescheduling: kernel/entry.c)
 *   back in entry_64.asm              SYSRET if the registers allow it
 *                                     (do_syscall_64's return value), else IRET
 *
 * The table (syscall_64.c) has Linux's numbers; an entry nobody has
 * written yet falls back to sys_ni_syscall: -ENOSYS, logged once per
 * number with its name.
 */
#ifndef ARCH_X86_64_SYSCALL_H
#define ARCH_X86_64_SYSCALL_H

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/traps.h"
#include "kernel/syscalls.h"
#include "kernel/types.h"

/* One past the highest number in the table (450: set_mempolicy_home_node). */
#define NR_syscalls		451

/* Linux's numbers the kernel itself needs. */
#define __NR_rt_sigreturn	15
#define __NR_restart_syscall	219

/* ---- syscall_64.c ---- */
/* sys_call_table[nr] - the handler of syscall nr; NULL for numbers Linux does not use. */
extern const sys_call_ptr_t sys_call_table[NR_syscalls];
/* syscall_names[nr] - Linux's name for syscall nr ("rseq"), or NULL. */
extern const char *const syscall_names[NR_syscalls];
/*
 * __x64_sys_ni_syscall - every unimplemented syscall: logs "comm[pid]:
 * unimplemented syscall N (name)" the first time N is seen, returns -ENOSYS.
 */
long __x64_sys_ni_syscall(const struct pt_regs *regs);

/* ---- syscall.c ---- */
/*
 * syscall_init - program this CPU for SYSCALL: EFER.SCE, STAR (the
 * selectors), LSTAR (entry_SYSCALL_64), FMASK (RFLAGS bits cleared on
 * entry).  Once per CPU at boot, after trap_init() and before user mode.
 */
void syscall_init(void);
/*
 * do_syscall_64 - run syscall nr for the pt_regs entry_SYSCALL_64 built;
 * called with interrupts off, returns with them off, the result in
 * regs->rax and any pending work done.  Returns true if the return to user
 * may use SYSRET (rcx == rip, r11 == rflags, a user rip SYSRET can load
 * safely), false if it must use IRET.
 */
bool do_syscall_64(struct pt_regs *regs, int nr);

/*
 * syscall_get_nr - the syscall this pt_regs is in, or -1 if it is not in a
 * syscall (an exception or interrupt frame, or rt_sigreturn's, which sets
 * it to -1 so that the restored rax is not mistaken for -ERESTART*).
 * Exception frames hold the vector in orig_rax, so the syscall path keeps
 * its own mark: error_code == SYSCALL_MARK (see entry_64.asm).
 */
#define SYSCALL_MARK		0x5ca11ULL	/* "scall": error_code of a syscall frame */
static inline long syscall_get_nr(const struct pt_regs *regs)
{
	return regs->error_code == SYSCALL_MARK ? (long)regs->orig_rax : -1;
}
/* syscall_set_nr_none - this frame is no longer a syscall (rt_sigreturn). */
static inline void syscall_set_nr_none(struct pt_regs *regs)
{
	regs->orig_rax = -1;
	regs->error_code = 0;
}

/*
 * valid_user_frame - can IRET load this user frame without faulting in
 * ring 0?  64-bit user CS and SS, a canonical lower-half RIP, interrupts
 * enabled, IOPL 0, and NT clear (IRET with NT set is #GP in long mode).
 */
static inline bool valid_user_frame(const struct pt_regs *regs)
{
	return regs->cs == __USER_CS && regs->ss == __USER_DS &&
	       regs->rip < (1ULL << 47) && regs->rsp < (1ULL << 47) &&
	       (regs->rflags & X86_EFLAGS_IF) &&
	       !(regs->rflags & (X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM));
}

/* ---- entry_64.asm ---- */
/* The SYSCALL entry point (MSR_LSTAR); never called from C. */
void entry_SYSCALL_64(void);
/* Compatibility-mode SYSCALL (MSR_CSTAR): returns -ENOSYS to 32-bit code. */
void ignore_sysret(void);
/*
 * ret_to_user - the common way back to user mode: with rsp pointing at a
 * struct pt_regs at the top of the kernel stack (task_pt_regs(current)),
 * disable interrupts, run exit_to_user_mode(regs), restore the registers,
 * swapgs and iretq.  Jumped to (never called) by ret_from_fork for a new
 * user task, by kernel_execve to start the first program, and by
 * entry.asm when an exception or interrupt came from user mode.
 */
void ret_to_user(void);

#endif /* ARCH_X86_64_SYSCALL_H */
