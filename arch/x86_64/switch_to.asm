; arch/x86_64/switch_to.asm - the context switch and a new task's first
; instructions (Linux's arch/x86/entry/entry_64.S: __switch_to_asm,
; ret_from_fork_asm).  See arch/x86_64/switch_to.h for the stack layouts.
;
; __switch_to_asm(prev = rdi, next = rsi) is called from context_switch()
; (kernel/sched/core.c) with interrupts off.  The System V ABI says a
; called function must preserve rbx, rbp, r12-r15 and rsp; everything else
; the caller already assumes lost.  So those six and the return address are
; the whole state of a task that sits in schedule(): we push them on prev's
; stack (struct inactive_task_frame), swap stack pointers through
; task->thread.sp, pop next's, and tail-jump to __switch_to() (C), whose
; `ret` consumes next's return address: back into next's schedule(), or, for
; a task that never ran, into ret_from_fork_asm.  rax = prev all the way
; through (__switch_to returns it), which is how the new side learns which
; task it came from.

bits 64
default rel

; offsetof(struct task_struct, thread.sp): switch_to.h's TASK_threadsp,
; checked against the C layout in process.c.
%define TASK_threadsp	64

extern __switch_to
extern ret_from_fork
; The entry code's return-to-user path (arch/x86_64/entry_64.asm):
; exit_to_user_mode(), then restores the struct pt_regs at rsp and irets.
extern ret_to_user

section .text
align 16
global __switch_to_asm
__switch_to_asm:
	; The callee-saved registers onto prev's stack (inactive_task_frame,
	; lowest address first: r15 r14 r13 r12 rbx rbp, then the return address
	; our caller's `call` pushed).
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi + TASK_threadsp], rsp	; prev->thread.sp
	mov rsp, [rsi + TASK_threadsp]	; next->thread.sp: from here on, next's stack
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	jmp __switch_to			; (prev, next) still in rdi, rsi; returns prev

; A new task's first __switch_to() returns here (copy_thread() put this
; address in its frame): rax = prev, rbx = fn (0 for a user fork),
; r12 = fn's argument, rsp = the task's struct pt_regs (16-byte aligned, so
; the call below is ABI-aligned), rbp = 0 (ends the unwinder's walk).
align 16
global ret_from_fork_asm
ret_from_fork_asm:
	mov rdi, rax			; ret_from_fork(prev, regs, fn, fn_arg)
	mov rsi, rsp
	mov rdx, rbx
	mov rcx, r12
	call ret_from_fork
	; A user task (or a kernel thread that exec'd): to ring 3 through the
	; pt_regs at rsp.
	jmp ret_to_user
