; arch/x86_64/entry.asm - the way into the kernel from an exception.
;
; An IDT gate (arch/x86_64/idt.c) sends vector n to stub n below.  By then
; the CPU has (Intel SDM vol. 3, 6.14.2):
;   - switched to the gate's IST stack if it names one (#DF, NMI, #MC),
;     otherwise stayed on the current stack (the kernel never runs in ring 3
;     yet; from ring 3 it would switch to the TSS's RSP0),
;   - aligned RSP down to 16 bytes,
;   - pushed SS, RSP, RFLAGS, CS, RIP, and for some vectors an error code,
;   - cleared RFLAGS.IF (every gate is an interrupt gate).
;
; Each stub makes the frame uniform: it pushes a dummy error code 0 where
; the CPU pushed none, then the vector (the orig_rax slot), and jumps to
; exception_common, which pushes the general registers so that the stack
; holds a struct pt_regs (arch/x86_64/traps.h) - the pushes are in the
; reverse of the struct's order, since the stack grows down:
;
;   high  ss rsp rflags cs rip          <- CPU
;         error_code orig_rax           <- stub
;         rdi rsi rdx rcx rax r8 r9 r10 r11 rbx rbp r12 r13 r14 r15
;   low                                 <- exception_common; RSP = &pt_regs
;
; exception_common then calls exc_dispatch(regs) (arch/x86_64/traps.c).  If
; it returns, the registers are popped back - including any change the
; handler made to *regs - and iretq resumes the interrupted code.
;
; Unwinding: exception_common pushes one extra frame record, {the
; interrupted RBP, the interrupted RIP}, and points RBP at it before the
; call.  A frame-pointer walk that starts inside a handler (dump_stack(),
; a WARN) therefore passes exception_common and carries straight on into
; the interrupted function and its callers, as Linux's traces do.
;
; Stack alignment: 5 CPU words + error code + vector + 15 registers = 22
; words (176 bytes), plus the 16-byte frame record: RSP is 16-byte aligned
; at the call, as the ABI requires.
;
; From user mode ([entry]): exception_common runs swapgs first when the
; saved CS has RPL 3, and returns through entry_64.asm's ret_to_user
; (exit_to_user_mode(), swapgs, iretq) instead of its own iretq.  An NMI or
; #MC that hits the kernel between a swapgs and the SYSRET/IRET after it
; would run with the user's GS base: Linux's "paranoid" entry (reading
; MSR_GS_BASE) is not implemented.
;
; Not yet: nested-NMI protection.  Vectors 32-255 (external interrupts) have
; their own stubs, irq_stub_table below, on the same common path ([sched]).

bits 64
default rel

extern exc_dispatch
extern ret_to_user		; [entry] arch/x86_64/entry_64.asm

%include "arch/x86_64/calling.inc"	; PT_* offsets, PUSH_REGS, POP_REGS

; The vectors for which the CPU pushes an error code: #DF 8, #TS 10, #NP 11,
; #SS 12, #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30.
%define ERRCODE_VECTORS	((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | \
			 (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30))

; ---------------------------------------------------------------------------
; exception_stub_table: the address of each vector's stub, for the IDT.
; IDTENTRY appends to it as it emits each stub.
; ---------------------------------------------------------------------------
section .rodata
align 8
global exception_stub_table
exception_stub_table:

; IDTENTRY vector: one 16-byte stub in .text and its entry in the table.
%macro IDTENTRY 1
section .text
align 16
%%stub:
%if ((ERRCODE_VECTORS >> (%1)) & 1) == 0
	push 0				; dummy error code
%endif
	push %1				; the vector, into orig_rax
	jmp exception_common
section .rodata
	dq %%stub
%endmacro

section .text
align 16
global asm_exc_entries
asm_exc_entries:			; the 32 stubs (a name for the call trace)
%assign vec 0
%rep 32
	IDTENTRY vec
%assign vec vec + 1
%endrep

; ---------------------------------------------------------------------------
; [sched] irq_stub_table: vectors 32-255, external interrupts and IPIs
; (arch/x86_64/irq.c sets their IDT gates).  The CPU pushes no error code
; for them, so every stub pushes the dummy 0 and the vector, exactly like an
; exception stub, and takes the same exception_common path: exc_dispatch()
; hands vectors >= 32 to do_IRQ().
; ---------------------------------------------------------------------------
section .rodata
align 8
global irq_stub_table
irq_stub_table:

%macro IRQENTRY 1
section .text
align 16
%%stub:
	push 0				; no error code
	push %1				; the vector, into orig_rax
	jmp exception_common
section .rodata
	dq %%stub
%endmacro

section .text
align 16
global asm_irq_entries
asm_irq_entries:			; the 224 stubs (a name for the call trace)
%rep 224
	IRQENTRY vec
%assign vec vec + 1
%endrep

; ---------------------------------------------------------------------------
; exception_common: build the pt_regs, call exc_dispatch(regs), restore,
; iretq.
; ---------------------------------------------------------------------------
section .text
align 16
global exception_common
exception_common:
	; [entry] From user mode (the saved CS has RPL 3) the GS base is still
	; the user's: swapgs makes it this CPU's pcpu_hot, as SYSCALL entry
	; does (arch/x86_64/entry_64.asm).  CS is at [rsp + 24]: above the
	; vector, the error code and RIP.
	test byte [rsp + 24], 3
	jz .gs_ok
	swapgs
.gs_ok:
	cld				; the C ABI wants DF clear
	PUSH_REGS
	; RSP = the struct pt_regs.  A frame record for the unwinder:
	; [RBP] = the interrupted RBP, [RBP + 8] = the interrupted RIP.
	; (push [rsp + x] computes the address before RSP moves.)
	push qword [rsp + PT_RIP]
	push rbp
	mov rbp, rsp
	lea rdi, [rsp + 16]		; exc_dispatch(struct pt_regs *regs)
	call exc_dispatch
	add rsp, 16			; drop the frame record
	; [entry] Back to user mode: take the common exit in entry_64.asm,
	; ret_to_user, which runs exit_to_user_mode() (signals, rescheduling),
	; restores the registers, swapgs and irets.
	test byte [rsp + PT_CS], 3
	jnz ret_to_user
	POP_REGS
	add rsp, 16			; orig_rax and error_code
	iretq
global exception_common_end
exception_common_end:			; for the unwinder: [exception_common, here)
