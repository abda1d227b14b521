/*
 * arch/x86_64/syscall.c - setting up SYSCALL, and the C half of a system
 * call (Linux's arch/x86/kernel/cpu/common.c syscall_init() and
 * arch/x86/entry/common.c do_syscall_64()).  The assembly half and the
 * register conventions are described in arch/x86_64/entry_64.asm; the
 * table in arch/x86_64/syscall_64.c.
 *
 * Invariant: do_syscall_64 is entered and left with interrupts off; the
 * syscall itself runs with them on (it may sleep).
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable_types.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/syscall.h"
#include "kernel/entry.h"
#include "kernel/printk.h"

/*
 * RFLAGS bits SYSCALL clears on entry (Linux's list, minus the arithmetic
 * flags it clears only for tidiness): IF so that we start with interrupts
 * off, TF so that a single-stepping user does not trap in the kernel, DF
 * for the C ABI, AC so that SMAP is in force, NT and IOPL for IRET's sake.
 */
#define SYSCALL_RFLAGS_MASK	(X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_IF | \
				 X86_EFLAGS_AC | X86_EFLAGS_NT | X86_EFLAGS_IOPL)

/* syscall_init - see syscall.h. */
void syscall_init(void)
{
	/* entry_64.asm hard-codes these pt_regs offsets and SYSCALL_MARK. */
	BUILD_BUG_ON(offsetof(struct pt_regs, orig_rax) != 15 * 8);
	BUILD_BUG_ON(offsetof(struct pt_regs, error_code) != 16 * 8);
	BUILD_BUG_ON(offsetof(struct pt_regs, rsp) != 20 * 8);
	BUILD_BUG_ON(SYSCALL_MARK != 0x5ca11);
	/* SYSRET to 64-bit mode loads CS = STAR[63:48] + 16, SS = STAR[63:48] + 8. */
	BUILD_BUG_ON(__USER32_CS + 16 != __USER_CS || __USER32_CS + 8 != __USER_DS);

	/* SYSCALL: CS = __KERNEL_CS, SS = __KERNEL_CS + 8 = __KERNEL_DS. */
	wrmsr(MSR_STAR, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_CSTAR, (u64)ignore_sysret);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_RFLAGS_MASK);
	/* SYSENTER (Intel, from 32-bit code): CS 0 makes it #GP -> SIGSEGV. */
	wrmsr(MSR_IA32_SYSENTER_CS, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/*
 * Can the return to user mode use SYSRET?  SYSRET takes RIP from RCX and
 * RFLAGS from R11, so those must be what the frame says, and RCX must be a
 * canonical user address: on Intel CPUs a non-canonical RCX makes SYSRET
 * raise #GP in ring 0 with the user's RSP (the 2012 "SYSRET bug").  RF and
 * TF cannot be restored safely by SYSRET either (Linux's checks).
 */
static bool syscall_can_sysret(const struct pt_regs *regs)
{
	if (regs->rcx != regs->rip || regs->r11 != regs->rflags)
		return false;
	if (regs->cs != __USER_CS || regs->ss != __USER_DS)
		return false;
	if (regs->rip >= TASK_SIZE_MAX)
		return false;
	if (regs->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF))
		return false;
	return true;
}

/*
 * Run the handler.  nr is treated as unsigned so that a negative number is
 * out of range too; numbers Linux does not use (335-423) have no entry.
 */
static long do_syscall_x64(struct pt_regs *regs, int nr)
{
	unsigned int unr = nr;

	if (likely(unr < NR_syscalls && sys_call_table[unr]))
		return sys_call_table[unr](regs);
	return __x64_sys_ni_syscall(regs);
}

/* do_syscall_64 - see syscall.h. */
bool do_syscall_64(struct pt_regs *regs, int nr)
{
	local_irq_enable();
	regs->rax = do_syscall_x64(regs, nr);
	syscall_exit_to_user_mode(regs);
	return syscall_can_sysret(regs);
}
