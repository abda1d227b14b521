/*
 * arch/x86_64/setjmp.h - a minimal setjmp/longjmp for the kernel
 * (arch/x86_64/setjmp.asm).
 *
 * setjmp(env) saves the registers the SysV x86-64 ABI says a called function
 * must preserve (rbx, rbp, r12-r15), the stack pointer and the return address
 * into env, and returns 0.  longjmp(env, val) restores them and so "returns
 * from setjmp a second time", now with val (1 if val is 0, as in C).  The
 * caller-saved registers need no saving: the compiler already assumes a call
 * to setjmp clobbers them.
 *
 * ktest uses this to end a test case at a failed KTEST_ASSERT_* from any
 * depth of calls (kernel/ktest.c), as Linux's powerpc xmon uses its own
 * setjmp to recover from faults.
 *
 * Rules, as for C's setjmp: longjmp only to a setjmp whose function has not
 * returned yet; locals of that function changed after setjmp must be
 * volatile to have a defined value after the jump.  No FPU/SSE state is
 * saved (the kernel is built with -mgeneral-regs-only), and nothing is
 * unwound: a lock taken between setjmp and longjmp stays taken.
 */
#ifndef ARCH_X86_64_SETJMP_H
#define ARCH_X86_64_SETJMP_H

#include "kernel/compiler.h"

/* Slots of a jmp_buf, in the order setjmp.asm stores them. */
#define JB_RBX	0
#define JB_RBP	1
#define JB_R12	2
#define JB_R13	3
#define JB_R14	4
#define JB_R15	5
#define JB_RSP	6	/* the stack pointer of setjmp's caller (after the return) */
#define JB_RIP	7	/* where setjmp returns to */
#define JB_LEN	8

typedef unsigned long jmp_buf[JB_LEN];

/* setjmp - save the calling context in env; returns 0, or longjmp's val later. */
__attribute__((returns_twice)) int setjmp(jmp_buf env);
/* longjmp - resume at env's setjmp, making it return val (1 if val is 0). */
__noreturn void longjmp(jmp_buf env, int val);

#endif /* ARCH_X86_64_SETJMP_H */
