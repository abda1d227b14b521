/*
 * arch/x86_64/syscall_test.c - ktest suite "syscall": the SYSCALL MSRs as
 * syscall_init() programs them, the table's Linux numbers and names, the
 * -ENOSYS fallback for syscalls nobody has written, and the check that
 * keeps IRET from faulting in ring 0 (valid_user_frame).  The path through
 * entry_64.asm itself needs a user program: the user tests (user/tests/)
 * exercise it on every system call.
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/syscall.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

/* syscall_init() has run (start_kernel calls it before the tests). */
static void syscall_init_programs_msrs(struct ktest *t)
{
	u64 star = rdmsr(MSR_STAR);

	KTEST_EXPECT_TRUE(t, rdmsr(MSR_EFER) & EFER_SCE);
	KTEST_EXPECT_EQ(t, rdmsr(MSR_LSTAR), (u64)entry_SYSCALL_64);
	KTEST_EXPECT_EQ(t, (star >> 32) & 0xffff, __KERNEL_CS);
	KTEST_EXPECT_EQ(t, star >> 48, __USER32_CS);
	/* SYSRET's selectors: STAR[63:48] + 16 and + 8 */
	KTEST_EXPECT_EQ(t, (star >> 48) + 16, __USER_CS);
	KTEST_EXPECT_EQ(t, (star >> 48) + 8, __USER_DS);
	KTEST_EXPECT_TRUE(t, rdmsr(MSR_SYSCALL_MASK) & X86_EFLAGS_IF);
	KTEST_EXPECT_TRUE(t, rdmsr(MSR_SYSCALL_MASK) & X86_EFLAGS_AC);
	KTEST_EXPECT_TRUE(t, rdmsr(MSR_SYSCALL_MASK) & X86_EFLAGS_DF);
}

static void syscall_table_has_linux_numbers(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, syscall_names[0], "read");
	KTEST_EXPECT_STREQ(t, syscall_names[15], "rt_sigreturn");
	KTEST_EXPECT_STREQ(t, syscall_names[60], "exit");
	KTEST_EXPECT_STREQ(t, syscall_names[62], "kill");
	KTEST_EXPECT_STREQ(t, syscall_names[231], "exit_group");
	KTEST_EXPECT_STREQ(t, syscall_names[262], "newfstatat");
	KTEST_EXPECT_STREQ(t, syscall_names[334], "rseq");
	KTEST_EXPECT_STREQ(t, syscall_names[435], "clone3");
	KTEST_EXPECT_STREQ(t, syscall_names[439], "faccessat2");
	KTEST_EXPECT_NULL(t, syscall_names[335]);
	KTEST_EXPECT_NULL(t, sys_call_table[400]);
	/* Written here: the table points at signal.c's strong definitions. */
	KTEST_EXPECT_TRUE(t, sys_call_table[62] != __x64_sys_ni_syscall);
	KTEST_EXPECT_TRUE(t, sys_call_table[13] != __x64_sys_ni_syscall);
	/* Written by nobody: the weak fallback. */
	KTEST_EXPECT_TRUE(t, sys_call_table[334] == __x64_sys_ni_syscall);
}

static void ni_syscall_returns_enosys(struct ktest *t)
{
	struct pt_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.orig_rax = 334;		/* rseq: logged once */
	KTEST_EXPECT_EQ(t, sys_call_table[334](&regs), -ENOSYS);
	KTEST_EXPECT_EQ(t, __x64_sys_ni_syscall(&regs), -ENOSYS);
}

static void valid_user_frame_rejects_kernel_state(struct ktest *t)
{
	struct pt_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.cs = __USER_CS;
	regs.ss = __USER_DS;
	regs.rip = 0x401000;
	regs.rsp = 0x7ffffffde000;
	regs.rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	KTEST_EXPECT_TRUE(t, valid_user_frame(&regs));
	regs.rip = 0x0000800000000000ULL;	/* non-canonical */
	KTEST_EXPECT_FALSE(t, valid_user_frame(&regs));
	regs.rip = 0x401000;
	regs.cs = __KERNEL_CS;
	KTEST_EXPECT_FALSE(t, valid_user_frame(&regs));
	regs.cs = __USER_CS;
	regs.rflags |= X86_EFLAGS_IOPL;
	KTEST_EXPECT_FALSE(t, valid_user_frame(&regs));
	regs.rflags = X86_EFLAGS_FIXED;		/* interrupts off in user mode */
	KTEST_EXPECT_FALSE(t, valid_user_frame(&regs));
}

static struct ktest_case syscall_cases[] = {
	KTEST_CASE(syscall_init_programs_msrs),
	KTEST_CASE(syscall_table_has_linux_numbers),
	KTEST_CASE(ni_syscall_returns_enosys),
	KTEST_CASE(valid_user_frame_rejects_kernel_state),
	{}
};
KTEST_SUITE(syscall, syscall_cases);
