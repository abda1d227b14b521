; arch/x86_64/entry_64.asm - the SYSCALL entry point and the way back to user
; mode (Linux's arch/x86/entry/entry_64.S: entry_SYSCALL_64 and
; swapgs_restore_regs_and_return_to_usermode).
;
; SYSCALL (AMD64 APM vol. 2, 6.1.1) is a jump, not an interrupt: the CPU
;   - saves the user RIP in RCX and RFLAGS in R11,
;   - loads CS/SS from MSR_STAR (__KERNEL_CS, __KERNEL_DS) and RIP from
;     MSR_LSTAR (entry_SYSCALL_64),
;   - clears the RFLAGS bits in MSR_SYSCALL_MASK (IF among them: we start
;     with interrupts off),
; and nothing else: RSP is still the USER stack pointer and GS still holds
; the user's base.  So the first instructions, before anything may touch
; the stack:
;   swapgs                              GS base := this CPU's pcpu_hot
;   mov [gs:user_rsp], rsp              park the user RSP in per-CPU scratch
;   mov rsp, [gs:top_of_stack]          the running task's kernel stack top
; then push a struct pt_regs (arch/x86_64/traps.h) exactly as an
; exception from user mode would have left it, so that every later piece
; of code (signals, fork, exec, oopses) sees one format:
;
;   high  ss=__USER_DS rsp=user rsp rflags=r11 cs=__USER_CS rip=rcx
;         error_code=SYSCALL_MARK   (tells syscall_get_nr() this is a syscall)
;         orig_rax=rax (the number)
;         rdi rsi rdx rcx rax=-ENOSYS r8 r9 r10 r11 rbx rbp r12 r13 r14 r15
;   low                                 <- RSP = &pt_regs = task_pt_regs(current)
;
; and call do_syscall_64(regs, nr) (arch/x86_64/syscall.c).
;
; Going back.  SYSRET is the fast way: RIP := RCX, RFLAGS := R11, CS/SS :=
; MSR_STAR[63:48] + 16 / + 8 (__USER_CS / __USER_DS).  It can only restore
; what fits in those registers, and (Intel) it raises #GP *in ring 0, on the
; user stack* if RCX is not canonical, so do_syscall_64 allows it only
; when regs->rcx == regs->rip, regs->r11 == regs->rflags and rip is a
; user address; anything else (execve, rt_sigreturn, a signal frame) goes
; through IRET, which restores the whole frame.
;
; ret_to_user is the common IRET exit, used by the syscall slow path, by
; ret_from_fork for a new user task, by kernel_execve for the first
; program, and by entry.asm for an exception or interrupt from user mode:
;   cli; exit_to_user_mode(regs) (kernel/entry.c: reschedule, deliver
;   signals); pop the registers; swapgs (GS base := the user's); iretq.
;
; Invariants:
;   - interrupts are off from SYSCALL until the C code turns them on, and
;     again from syscall_exit_to_user_mode() to SYSRET/IRET: an interrupt
;     may never see the half-swapped GS state;
;   - on entry from user mode the kernel GS base is in MSR_KERNEL_GS_BASE
;     and the user's in MSR_GS_BASE; while in the kernel it is the other
;     way round (so the user's GS base lives in MSR_KERNEL_GS_BASE: the
;     context switch must save and load it there);
;   - the pt_regs of a task that entered from user mode is always at the
;     top of its kernel stack (task_pt_regs), because both SYSCALL (via
;     top_of_stack) and the CPU on an exception from ring 3 (via TSS.RSP0)
;     start from there; __switch_to keeps both equal to the task's sp0.
;   - RBP is zeroed before calling C, so a stack trace stops at the entry
;     instead of following a user frame pointer.
;
; Not handled (known gaps, as in early Linux ports): an NMI or #MC that
; hits between the final swapgs and SYSRET/IRET runs with the user GS base
; (Linux's paranoid entry reads MSR_GS_BASE to tell); a fault on the IRET
; itself (a bad user CS/SS/RIP) is prevented by validating the frame
; (exit_to_user_mode, rt_sigreturn) rather than fixed up.

bits 64
default rel

extern do_syscall_64
extern exit_to_user_mode

%define PCPU_HOT_top_of_stack	8	; arch/x86_64/percpu.h
%define PCPU_HOT_user_rsp	16
%define __USER_DS		0x2b	; arch/x86_64/gdt.h
%define __USER_CS		0x33
%define ENOSYS			38
%define SYSCALL_MARK		0x5ca11	; arch/x86_64/syscall.h

%include "arch/x86_64/calling.inc"	; PT_* offsets, PUSH_REGS, POP_REGS

section .text

; ---------------------------------------------------------------------------
; entry_SYSCALL_64: MSR_LSTAR points here.
; ---------------------------------------------------------------------------
align 16
global entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs					; GS base := this CPU's pcpu_hot
	mov [gs:PCPU_HOT_user_rsp], rsp		; the user stack pointer, for a moment
	mov rsp, [gs:PCPU_HOT_top_of_stack]	; this task's kernel stack

	; The frame the CPU would have pushed on an interrupt from user mode.
	push __USER_DS				; ss
	push qword [gs:PCPU_HOT_user_rsp]	; rsp
	push r11				; rflags (SYSCALL saved them in r11)
	push __USER_CS				; cs
	push rcx				; rip (SYSCALL saved it in rcx)
	push SYSCALL_MARK			; error_code: "this frame is a syscall"
	push rax				; orig_rax: the syscall number

	; The general registers, in struct pt_regs order.
	PUSH_REGS -ENOSYS			; rax saved as -ENOSYS: the result until there is one
	xor ebp, ebp				; end of the kernel's frame chain

	mov rdi, rsp				; do_syscall_64(regs, nr)
	movsxd rsi, eax				; nr is an int, as in Linux
	call do_syscall_64			; 22 words pushed: RSP 16-byte aligned
	test al, al
	jz swapgs_restore_regs_and_return_to_usermode	; IRET: work already done

	; SYSRET.  rcx and r11 in the frame equal rip and rflags (checked).
	POP_REGS				; r11 = rflags, rcx = rip, rax = the result
	mov rsp, [rsp + PT_RSP - PT_ORIG_RAX]	; the user stack; kernel stack done with
	swapgs					; GS base := the user's again
	o64 sysret				; to __USER_CS:rcx, rflags = r11

; ---------------------------------------------------------------------------
; ret_to_user: RSP = the struct pt_regs at the top of the kernel stack.
; ---------------------------------------------------------------------------
align 16
global ret_to_user
ret_to_user:
	cli					; no interrupt between the checks and iretq
	xor ebp, ebp
	mov rdi, rsp
	call exit_to_user_mode			; signals, schedule(); returns with IF=0
global swapgs_restore_regs_and_return_to_usermode
swapgs_restore_regs_and_return_to_usermode:
	POP_REGS
	add rsp, 16				; orig_rax and error_code
	swapgs					; GS base := the user's
	iretq					; rip, cs, rflags, rsp, ss
global ret_to_user_end
ret_to_user_end:

; ---------------------------------------------------------------------------
; ignore_sysret: MSR_CSTAR, SYSCALL from 32-bit compatibility mode (only
; AMD CPUs have it; Pagoda runs no 32-bit code).  Linux's answer: -ENOSYS,
; straight back, touching nothing else.
; ---------------------------------------------------------------------------
align 16
global ignore_sysret
ignore_sysret:
	mov eax, -ENOSYS
	sysret					; 32-bit form: back to compatibility mode
