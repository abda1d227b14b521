; arch/x86_64/setjmp.asm - setjmp() and longjmp() for the kernel
; (declared in arch/x86_64/setjmp.h, used by kernel/ktest.c).
;
; A jmp_buf is 8 quadwords: rbx, rbp, r12, r13, r14, r15 (the registers the
; SysV x86-64 ABI makes callee-saved), then the stack pointer and the
; instruction pointer that setjmp's caller will see after the call returns.
; Restoring exactly these makes longjmp look like a second return from
; setjmp: every other register is caller-saved, so the compiler has already
; assumed that the call to setjmp destroyed it.

bits 64
section .text

%define JB_RBX	0
%define JB_RBP	8
%define JB_R12	16
%define JB_R13	24
%define JB_R14	32
%define JB_R15	40
%define JB_RSP	48
%define JB_RIP	56

global setjmp
global longjmp

; int setjmp(jmp_buf env)			env in rdi; returns 0 in eax
setjmp:
	mov	[rdi + JB_RBX], rbx
	mov	[rdi + JB_RBP], rbp
	mov	[rdi + JB_R12], r12
	mov	[rdi + JB_R13], r13
	mov	[rdi + JB_R14], r14
	mov	[rdi + JB_R15], r15
	lea	rdx, [rsp + 8]			; the caller's rsp once our return address is popped
	mov	[rdi + JB_RSP], rdx
	mov	rdx, [rsp]			; our return address: where the caller goes on
	mov	[rdi + JB_RIP], rdx
	xor	eax, eax			; the first return: 0
	ret

; void longjmp(jmp_buf env, int val)		env in rdi, val in esi; never returns
longjmp:
	mov	eax, esi
	test	eax, eax			; C says longjmp(env, 0) makes setjmp return 1
	jnz	.restore
	inc	eax
.restore:
	mov	rbx, [rdi + JB_RBX]
	mov	rbp, [rdi + JB_RBP]
	mov	r12, [rdi + JB_R12]
	mov	r13, [rdi + JB_R13]
	mov	r14, [rdi + JB_R14]
	mov	r15, [rdi + JB_R15]
	mov	rsp, [rdi + JB_RSP]		; back on setjmp's caller's stack
	jmp	[rdi + JB_RIP]			; ...as if setjmp had just returned eax
