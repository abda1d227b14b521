/*
 * arch/x86_64/signal.c - running a signal handler in user mode and coming
 * back from it (Linux's arch/x86/kernel/signal.c and signal_64.c).
 *
 * arch_do_signal_or_restart() is called by exit_to_user_mode() when an
 * unblocked signal is pending.  It asks get_signal() (kernel/signal.c) for
 * a signal with a handler - default actions happen inside get_signal - and
 *   1. settles the system call the task was in, if any: a -ERESTART*
 *      result becomes -EINTR, or RIP is moved back over the 2-byte SYSCALL
 *      instruction and rax reloaded with the number so that the call runs
 *      again after the handler (SA_RESTART) or right away (no handler);
 *   2. builds a struct rt_sigframe (arch/x86_64/sigframe.h) on the user
 *      stack with every user register, the FPU state and the old mask;
 *   3. points the registers at the handler: rip = handler,
 *      rdi/rsi/rdx = sig, &info, &uc, rsp = the frame.
 * The handler returns into sa_restorer (libc's __restore_rt: mov $15, %eax;
 * syscall), and rt_sigreturn reads the frame back - trusting nothing in it:
 * the user may have changed it, so CS/SS are forced to the user segments
 * and only the arithmetic/direction/trap RFLAGS bits are taken (never IF
 * or IOPL).
 *
 * Frame writes go through copy_to_user: a bad stack pointer makes the
 * delivery fail, and the task gets SIGSEGV instead (with the default
 * action if the failing signal was SIGSEGV itself) - never an oops.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

/* The RFLAGS bits a user may set through rt_sigreturn (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | \
			 X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | \
			 X86_EFLAGS_CF | X86_EFLAGS_RF)

#define SYSCALL_INSN_LEN	2	/* 0f 05 */
#define RED_ZONE		128	/* the x86-64 ABI's, below the user rsp */

/* ---- restarting an interrupted system call ---- */

/* A handler is about to run: -ERESTART* becomes -EINTR or a restart. */
static void restart_for_handler(struct pt_regs *regs, const struct ksignal *ksig)
{
	if (syscall_get_nr(regs) < 0)
		return;
	switch ((long)regs->rax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		regs->rax = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
			regs->rax = -EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		regs->rax = regs->orig_rax;
		regs->rip -= SYSCALL_INSN_LEN;
		break;
	}
}

/*
 * No handler runs (the signal was ignored or had no effect): the call
 * restarts at once.  Pagoda has no restart_syscall(2), so a
 * -ERESTART_RESTARTBLOCK call (a sleep with a deadline) returns -EINTR.
 */
static void restart_without_handler(struct pt_regs *regs)
{
	if (syscall_get_nr(regs) < 0)
		return;
	switch ((long)regs->rax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		regs->rax = regs->orig_rax;
		regs->rip -= SYSCALL_INSN_LEN;
		break;
	case -ERESTART_RESTARTBLOCK:
		regs->rax = -EINTR;
		break;
	}
}

/* ---- building the frame ---- */

/*
 * Where the frame goes: below the red zone of the interrupted stack, or at
 * the top of the sigaltstack for an SA_ONSTACK handler not already on it.
 * Returns the frame address (fpstate above it in *fpstate), or 0 if the
 * frame would overflow the alternate stack.
 */
static unsigned long get_sigframe(const struct ksignal *ksig, const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = regs->rsp - RED_ZONE;
	bool onstack = false;

	if ((ksig->ka.sa.sa_flags & SA_ONSTACK) && sas_ss_flags(sp) == 0) {
		sp = current->sas_ss_sp + current->sas_ss_size;
		onstack = true;
	}
	sp = (sp - sizeof(struct _fpstate_64)) & ~63UL;	/* Linux aligns it to 64 */
	*fpstate = sp;
	sp -= sizeof(struct rt_sigframe);
	sp = ((sp + 8) & ~15UL) - 8;		/* rsp + 8 16-byte aligned at entry */
	if (onstack && !on_sig_stack(sp))
		return 0;
	if (sp > regs->rsp && !onstack)
		return 0;			/* wrapped below address 0 */
	return sp;
}

/* The user registers into a sigcontext (Linux's setup_sigcontext). */
static void setup_sigcontext(struct sigcontext_64 *sc, const struct pt_regs *regs,
			     unsigned long fpstate, const sigset_t *mask)
{
	struct task_struct *t = current;

	sc->r8 = regs->r8;   sc->r9 = regs->r9;   sc->r10 = regs->r10; sc->r11 = regs->r11;
	sc->r12 = regs->r12; sc->r13 = regs->r13; sc->r14 = regs->r14; sc->r15 = regs->r15;
	sc->di = regs->rdi;  sc->si = regs->rsi;  sc->bp = regs->rbp;  sc->bx = regs->rbx;
	sc->dx = regs->rdx;  sc->ax = regs->rax;  sc->cx = regs->rcx;
	sc->sp = regs->rsp;
	sc->ip = regs->rip;
	sc->flags = regs->rflags;
	sc->cs = regs->cs;
	sc->ss = regs->ss;
	sc->gs = sc->fs = 0;
	sc->err = t->thread.error_code;
	sc->trapno = t->thread.trap_nr;
	sc->cr2 = t->thread.cr2;
	sc->oldmask = mask->sig[0];
	sc->fpstate = fpstate;
}

/*
 * Build the rt_sigframe for ksig on the user stack and aim regs at the
 * handler.  Returns 0 or -EFAULT (the frame could not be written).
 */
static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	struct rt_sigframe frame;
	unsigned long addr, fpstate;
	struct rt_sigframe __user *uframe;

	/* x86-64 programs always supply sa_restorer (Linux refuses otherwise). */
	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;
	addr = get_sigframe(ksig, regs, &fpstate);
	if (!addr)
		return -EFAULT;
	uframe = (struct rt_sigframe __user *)addr;

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = ksig->ka.sa.sa_restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_sp = (void __user *)current->sas_ss_sp;
	frame.uc.uc_stack.ss_flags = sas_ss_flags(regs->rsp) | (current->sas_ss_flags & SS_AUTODISARM);
	frame.uc.uc_stack.ss_size = current->sas_ss_size;
	setup_sigcontext(&frame.uc.uc_mcontext, regs, fpstate, sigmask_to_save());
	frame.uc.uc_sigmask = *sigmask_to_save();	/* sigsuspend's saved mask, if any */
	frame.info = ksig->info;

	fpu_save_current();
	if (copy_to_user((void __user *)fpstate, current->thread.fxsave, FXSAVE_SIZE) ||
	    copy_to_user(uframe, &frame, sizeof(frame)))
		return -EFAULT;

	if (current->sas_ss_flags & SS_AUTODISARM) {	/* uc_stack brings it back */
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
	}
	fpu_flush_thread();			/* the handler starts with a clean FPU */
	regs->rdi = ksig->sig;
	regs->rax = 0;				/* no vector registers used (varargs ABI) */
	regs->rsi = (unsigned long)&uframe->info;
	regs->rdx = (unsigned long)&uframe->uc;
	regs->rip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->rsp = addr;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	return 0;
}

/* arch_do_signal_or_restart - see kernel/signal.h. */
void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		restart_for_handler(regs, &ksig);
		signal_setup_done(setup_rt_frame(&ksig, regs), &ksig);
		current->flags &= ~PF_RESTORE_SIGMASK;	/* the frame holds the saved mask */
		syscall_set_nr_none(regs);	/* restart decisions are made */
		return;
	}
	restart_without_handler(regs);
	restore_saved_sigmask();	/* rt_sigsuspend/ppoll's mask ends here */
	syscall_set_nr_none(regs);
}

/* ---- rt_sigreturn ---- */

/* The MXCSR bits this CPU accepts (FXSAVE's mxcsr_mask; 0 means 0xffbf). */
static u32 mxcsr_feature_mask(void)
{
	const struct _fpstate_64 *fx = (const struct _fpstate_64 *)init_fpstate;

	return fx->mxcsr_mask ? fx->mxcsr_mask : 0xffbf;
}

/*
 * Load the FPU state from the user's fpstate area (0: a clean state).
 * MXCSR bits the CPU does not have would make fxrstor #GP: masked off.
 */
static int restore_fpstate(unsigned long fpstate)
{
	struct _fpstate_64 *fx = (struct _fpstate_64 *)current->thread.fxsave;

	BUILD_BUG_ON(sizeof(struct _fpstate_64) != FXSAVE_SIZE);
	if (!fpstate) {
		fpu_flush_thread();
		return 0;
	}
	if (copy_from_user(fx, (const void __user *)fpstate, FXSAVE_SIZE)) {
		fpu_flush_thread();
		return -EFAULT;
	}
	fx->mxcsr &= mxcsr_feature_mask();
	fpu_restore_current();
	return 0;
}

/* Registers back from a sigcontext the user may have edited (Linux's restore_sigcontext). */
static int restore_sigcontext(struct pt_regs *regs, const struct sigcontext_64 *sc)
{
	regs->r8 = sc->r8;   regs->r9 = sc->r9;   regs->r10 = sc->r10; regs->r11 = sc->r11;
	regs->r12 = sc->r12; regs->r13 = sc->r13; regs->r14 = sc->r14; regs->r15 = sc->r15;
	regs->rdi = sc->di;  regs->rsi = sc->si;  regs->rbp = sc->bp;  regs->rbx = sc->bx;
	regs->rdx = sc->dx;  regs->rax = sc->ax;  regs->rcx = sc->cx;
	regs->rsp = sc->sp;
	regs->rip = sc->ip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	/*
	 * Linux takes cs and ss from the frame with RPL forced to 3; Pagoda
	 * runs 64-bit code only, so they are simply the 64-bit user segments
	 * (an edited cs could otherwise make the IRET fault in ring 0).
	 */
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	return restore_fpstate(sc->fpstate);
}

/*
 * rt_sigreturn: the handler returned into sa_restorer, which popped
 * pretcode, so the frame is at rsp - 8.  Restores registers, mask, FPU
 * state and sigaltstack; returns the restored rax (the syscall return path
 * stores the result in rax, so it must be the restored value itself).  A
 * frame that cannot be read is SIGSEGV.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe __user *frame;
	struct ucontext uc;
	sigset_t set;

	frame = (struct rt_sigframe __user *)(regs->rsp - sizeof(char *));
	if (copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto badframe;
	set = uc.uc_sigmask;
	set_current_blocked(&set);
	if (restore_sigcontext(regs, &uc.uc_mcontext))
		goto badframe;
	do_sigaltstack(&uc.uc_stack, NULL, regs->rsp);	/* errors ignored, as Linux */
	syscall_set_nr_none(regs);	/* rax is the user's value, not a -ERESTART* */
	return regs->rax;

badframe:
	force_sig(SIGSEGV);
	return 0;
}
