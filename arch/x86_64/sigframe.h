/*
 * arch/x86_64/sigframe.h - the signal frame on the user stack, in Linux's
 * x86-64 layout (uapi asm/sigcontext.h, asm/ucontext.h, asm/sigframe.h).
 *
 * To run a handler the kernel pushes this onto the user stack (or the
 * sigaltstack) and starts the handler as if called from sa_restorer:
 *
 *   higher addresses
 *     [128-byte red zone of the interrupted code, left alone]
 *     struct _fpstate_64   the x87/SSE registers (FXSAVE format), 64-aligned
 *     struct rt_sigframe:
 *       info               siginfo (128 bytes)                    +312
 *       uc                 struct ucontext: uc_flags, uc_link,    +8
 *                          uc_stack, uc_mcontext (the registers,
 *                          uc_mcontext.fpstate -> the area above),
 *                          uc_sigmask (the mask to restore)
 *       pretcode           sa_restorer: the handler "returns" into it,  <- rsp
 *                          and it calls rt_sigreturn
 *   lower addresses
 *
 *   handler(sig, &frame->info, &frame->uc) with rsp = &frame->pretcode,
 *   and rsp + 8 16-byte aligned, as at any function entry.
 *
 * musl and glibc read and write these structures directly (ucontext_t in
 * user space has uc_mcontext at the same offset 40), and rt_sigreturn finds
 * the frame again at rsp - 8 - so the layout is ABI, and sigframe's test
 * (kernel/signal_test.c) checks every offset against Linux's.
 */
#ifndef ARCH_X86_64_SIGFRAME_H
#define ARCH_X86_64_SIGFRAME_H

#include "kernel/signal.h"
#include "kernel/signal_types.h"
#include "kernel/types.h"

/* uc_flags (Linux's asm/ucontext.h) */
#define UC_FP_XSTATE		0x1	/* fpstate is an XSAVE area (never: Pagoda uses FXSAVE) */
#define UC_SIGCONTEXT_SS	0x2	/* uc_mcontext.ss is meaningful */
#define UC_STRICT_RESTORE_SS	0x4	/* rt_sigreturn restores ss from it */

/* The FXSAVE image (Linux's struct _fpstate_64): 512 bytes. */
struct _fpstate_64 {
	u16 cwd;		/* x87 control word */
	u16 swd;		/* x87 status word */
	u16 twd;		/* abridged tag word */
	u16 fop;		/* last x87 opcode */
	u64 rip;		/* last x87 instruction pointer */
	u64 rdp;		/* last x87 data pointer */
	u32 mxcsr;		/* SSE control/status */
	u32 mxcsr_mask;		/* which MXCSR bits the CPU supports */
	u32 st_space[32];	/* 8 x87 registers, 16 bytes each */
	u32 xmm_space[64];	/* 16 XMM registers, 16 bytes each */
	u32 reserved2[12];
	u32 sw_reserved[12];	/* Linux's _fpx_sw_bytes (zero: no XSAVE) */
};

/* The saved user registers (Linux's struct sigcontext_64), 256 bytes. */
struct sigcontext_64 {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 di, si, bp, bx, dx, ax, cx, sp, ip;
	u64 flags;		/* RFLAGS */
	u16 cs, gs, fs;
	u16 ss;			/* valid with UC_SIGCONTEXT_SS */
	u64 err;		/* the fault's error code */
	u64 trapno;		/* the fault's vector */
	u64 oldmask;		/* the blocked mask (also in uc_sigmask) */
	u64 cr2;		/* the faulting address of a #PF */
	u64 fpstate;		/* user address of the struct _fpstate_64, or 0 */
	u64 reserved1[8];
};

/* Linux's struct ucontext (asm-generic/ucontext.h), 304 bytes. */
struct ucontext {
	unsigned long uc_flags;		/* UC_* */
	struct ucontext *uc_link;	/* unused: 0 */
	stack_t uc_stack;		/* the sigaltstack at delivery */
	struct sigcontext_64 uc_mcontext;
	sigset_t uc_sigmask;		/* the blocked mask to restore */
};

/* Linux's x86-64 struct rt_sigframe, 440 bytes; the fpstate follows it. */
struct rt_sigframe {
	char __user *pretcode;		/* sa_restorer */
	struct ucontext uc;
	kernel_siginfo_t info;
};

#endif /* ARCH_X86_64_SIGFRAME_H */
