/*
 * arch/x86_64/traps.h - exceptions, the oops printer and stack traces
 * (arch/x86_64/traps.c, arch/x86_64/entry.asm, arch/x86_64/dumpstack.c).
 */
#ifndef ARCH_X86_64_TRAPS_H
#define ARCH_X86_64_TRAPS_H

#include "kernel/types.h"

/*
 * The registers saved on kernel entry, in Linux's order (lowest address
 * first): what entry.asm pushes, then what the CPU pushed.
 */
struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx;
	u64 r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 orig_rax;		/* the vector number for exceptions; syscall nr later */
	u64 error_code;		/* the CPU's error code, or 0 */
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

/* trap_init - load the GDT/TSS (with IST stacks) and the IDT. */
void trap_init(void);
/* dump_stack - print "Call Trace:" for the caller, symbolized. */
void dump_stack(void);
/* show_regs - print the registers of an oops in Linux's layout. */
void show_regs(const struct pt_regs *regs);
/* show_trace - print a "Call Trace:" walking frame pointers from rbp. */
void show_trace(u64 rip, u64 rbp);
/* die - print an oops for regs and panic; never returns. */
__attribute__((noreturn)) void die(const char *str, struct pt_regs *regs, u64 err);

#endif /* ARCH_X86_64_TRAPS_H */
