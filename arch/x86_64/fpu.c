/*
 * arch/x86_64/fpu.c - turning the FPU on, and the clean state new programs
 * get (Linux's arch/x86/kernel/fpu/init.c and core.c, much simplified).
 *
 * After reset the x87 is usable but SSE is not: without CR4.OSFXSR an SSE
 * instruction is #UD, and without CR4.OSXMMEXCPT an unmasked SIMD exception
 * is #UD too instead of #XM.  CR0.EM would make every x87/SSE instruction
 * #NM (it means "no FPU, emulate"), CR0.TS makes the next one #NM (lazy
 * switching, which Pagoda does not do), CR0.MP makes WAIT honour TS, and
 * CR0.NE reports x87 errors as #MF instead of the PC's IRQ 13.
 *
 * How the state follows tasks (eager switching) is described in fpu.h.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/io.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"

#define X86_CR0_MP		(1UL << 1)	/* monitor coprocessor */
#define X86_CR0_EM		(1UL << 2)	/* emulation: no FPU */
#define X86_CR0_TS		(1UL << 3)	/* task switched: lazy FPU */
#define X86_CR0_NE		(1UL << 5)	/* native x87 error reporting */
#define X86_CR4_OSFXSR		(1UL << 9)	/* fxsave/fxrstor and SSE */
#define X86_CR4_OSXMMEXCPT	(1UL << 10)	/* unmasked SIMD exceptions: #XM */

u8 init_fpstate[FXSAVE_SIZE] __aligned(16);

/* fpu_init - enable x87/SSE for user code and record the clean state (fpu.h). */
void fpu_init(void)
{
	u32 mxcsr = MXCSR_DEFAULT;

	write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS));
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ volatile("fninit\n\tldmxcsr %0" :: "m"(mxcsr));
	fxsave(init_fpstate);
	memcpy(init_task.thread.fxsave, init_fpstate, FXSAVE_SIZE);
	pr_info("x86/fpu: x87 and SSE enabled, fxsave: %d bytes, eager switching\n",
		FXSAVE_SIZE);
}

/* fpu_save_current - current->thread.fxsave := the registers. */
void fpu_save_current(void)
{
	fxsave(current->thread.fxsave);
}

/* fpu_restore_current - the registers := current->thread.fxsave. */
void fpu_restore_current(void)
{
	fxrstor(current->thread.fxsave);
}

/* fpu_flush_thread - current starts over with init_fpstate. */
void fpu_flush_thread(void)
{
	memcpy(current->thread.fxsave, init_fpstate, FXSAVE_SIZE);
	fxrstor(init_fpstate);
}
