/*
 * arch/x86_64/processor-flags.h - the RFLAGS bits and the SYSCALL MSRs
 * (Linux's asm/processor-flags.h and asm/msr-index.h, the parts Pagoda uses).
 *
 * The entry code (arch/x86_64/syscall.c, arch/x86_64/signal.c) decides which
 * RFLAGS bits SYSCALL clears on entry and which bits a user may change
 * through rt_sigreturn: never IF (interrupts) or IOPL (port I/O from ring 3).
 */
#ifndef ARCH_X86_64_PROCESSOR_FLAGS_H
#define ARCH_X86_64_PROCESSOR_FLAGS_H

#define X86_EFLAGS_CF		(1UL << 0)	/* carry */
#define X86_EFLAGS_FIXED	(1UL << 1)	/* always 1 */
#define X86_EFLAGS_PF		(1UL << 2)	/* parity */
#define X86_EFLAGS_AF		(1UL << 4)	/* auxiliary carry */
#define X86_EFLAGS_ZF		(1UL << 6)	/* zero */
#define X86_EFLAGS_SF		(1UL << 7)	/* sign */
#define X86_EFLAGS_TF		(1UL << 8)	/* trap (single step) */
#define X86_EFLAGS_IF		(1UL << 9)	/* interrupts enabled */
#define X86_EFLAGS_DF		(1UL << 10)	/* direction */
#define X86_EFLAGS_OF		(1UL << 11)	/* overflow */
#define X86_EFLAGS_IOPL		(3UL << 12)	/* I/O privilege level */
#define X86_EFLAGS_NT		(1UL << 14)	/* nested task */
#define X86_EFLAGS_RF		(1UL << 16)	/* resume (after a debug fault) */
#define X86_EFLAGS_VM		(1UL << 17)	/* virtual 8086 */
#define X86_EFLAGS_AC		(1UL << 18)	/* alignment check; with SMAP: user access allowed */
#define X86_EFLAGS_ID		(1UL << 21)	/* CPUID available */

/* SYSCALL/SYSRET (AMD64 APM vol. 2, 6.1.1; Intel SDM vol. 3, 5.8.8). */
#define MSR_STAR		0xc0000081	/* CS/SS selectors: [47:32] SYSCALL, [63:48] SYSRET */
#define MSR_LSTAR		0xc0000082	/* 64-bit SYSCALL entry point */
#define MSR_CSTAR		0xc0000083	/* compatibility-mode SYSCALL entry point */
#define MSR_SYSCALL_MASK	0xc0000084	/* RFLAGS bits SYSCALL clears (FMASK) */
#define MSR_IA32_SYSENTER_CS	0x00000174	/* SYSENTER's CS: 0 makes SYSENTER #GP */

#endif /* ARCH_X86_64_PROCESSOR_FLAGS_H */
