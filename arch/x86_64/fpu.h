/*
 * arch/x86_64/fpu.h - the user's x87/SSE registers (arch/x86_64/fpu.c;
 * Linux's asm/fpu/api.h, cut to eager FXSAVE switching).
 *
 * The kernel itself never touches the FPU or the SSE registers (it is
 * built with -mgeneral-regs-only), so while a task runs - in user mode or
 * in the kernel - the live x87/SSE registers ARE its user FPU state.  The
 * scheduler saves them into prev->thread.fxsave and loads
 * next->thread.fxsave on every switch (__switch_to, "eager" switching: no
 * lazy #NM tricks).  Hence:
 *
 *   - current->thread.fxsave is stale while current runs; call
 *     fpu_save_current() before reading it (signal frames, fork), and
 *     fpu_restore_current() after writing it (rt_sigreturn; sanitize the
 *     MXCSR first: reserved bits set make fxrstor #GP);
 *   - every other task's thread.fxsave is its state.
 *
 * The area is FXSAVE's 512-byte format (Intel SDM vol. 1, 10.5.1), the same
 * one Linux puts in a signal frame's fpstate (struct _fpstate_64).
 */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include "kernel/compiler.h"
#include "kernel/types.h"

#define FXSAVE_SIZE		512
#define MXCSR_DEFAULT		0x1f80	/* all SIMD exceptions masked, round to nearest */
#define FCW_DEFAULT		0x037f	/* fninit's x87 control word */

/* The clean state a new program starts with (fninit + MXCSR_DEFAULT). */
extern u8 init_fpstate[FXSAVE_SIZE] __aligned(16);

/* fxsave - store the live x87/SSE registers into buf (512 bytes, 16-byte aligned). */
static inline void fxsave(void *buf)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*(u8 (*)[FXSAVE_SIZE])buf));
}

/* fxrstor - load the x87/SSE registers from buf. */
static inline void fxrstor(const void *buf)
{
	__asm__ volatile("fxrstor64 %0" :: "m"(*(const u8 (*)[FXSAVE_SIZE])buf));
}

/*
 * fpu_init - let user code use x87 and SSE: CR0.MP set, CR0.EM and CR0.TS
 * clear, CR0.NE (native x87 errors); CR4.OSFXSR (fxsave/fxrstor, SSE) and
 * CR4.OSXMMEXCPT (SIMD exceptions as #XM).  Records init_fpstate and gives
 * it to init_task.  Once, before the first context switch.
 */
void fpu_init(void);
/* fpu_save_current - bring current->thread.fxsave up to date with the registers. */
void fpu_save_current(void);
/* fpu_restore_current - load the registers from current->thread.fxsave. */
void fpu_restore_current(void);
/*
 * fpu_flush_thread - give current the clean init_fpstate, in its
 * thread.fxsave and in the registers (execve: Linux's fpu_flush_thread).
 */
void fpu_flush_thread(void);

#endif /* ARCH_X86_64_FPU_H */
