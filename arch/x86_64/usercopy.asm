; arch/x86_64/usercopy.asm - the only kernel instructions that touch user
; memory (Linux's arch/x86/lib/copy_user_64.S, getuser.S, putuser.S,
; usercopy_64.c).  The C API around them is arch/x86_64/uaccess.h, which
; checks access_ok() first: these routines trust that the user range lies
; below TASK_SIZE_MAX, and only have to survive it being unmapped or
; read-only.
;
; Two hardware facts shape every routine:
;   - SMAP (CR4.SMAP, on when the CPU has it): a supervisor access to a user
;     page faults unless RFLAGS.AC is set.  STAC sets AC just before the user
;     access, CLAC clears it right after, so the window in which a stray
;     kernel pointer into user space would go unnoticed is a few
;     instructions wide.  (Without SMAP in CPUID, stac/clac are #UD:
;     Pagoda requires SMAP; QEMU's -cpu max has it.)
;   - A faulting instruction with an __ex_table entry (arch/x86_64/extable.h)
;     resumes at its fixup, with every register as it was at the fault; the
;     CPU restored RFLAGS from the exception frame, so AC is still set and
;     the fixup must CLAC.  For `rep movsb`/`rep stosb` the registers show
;     the progress made: RCX is the count of bytes not yet done.
;
; Calling convention: the SysV C ABI (rdi, rsi, rdx; result in rax), so the
; routines are ordinary C functions (Linux's getuser.S uses a private
; register convention to save a few instructions; we do not need them).
;
;   unsigned long copy_user_generic(void *to, const void *from, unsigned long n)
;	either side may be the user one; returns the bytes NOT copied (0 = all)
;   unsigned long __clear_user(void __user *to, unsigned long n)
;	returns the bytes NOT cleared
;   long __strncpy_from_user(char *dst, const char __user *src, long count)
;	copies up to count bytes, stopping after a NUL; returns the string's
;	length (without the NUL) if a NUL was copied, count if none was found,
;	-EFAULT (-14) on a fault
;   long __strnlen_user(const char __user *s, long n)
;	returns strlen(s) + 1 if the NUL is within the first n bytes, n + 1 if
;	not, 0 on a fault (Linux's strnlen_user contract)
;   int __get_user_{1,2,4,8}(const void __user *p, u64 *val)
;	*val = the zero-extended value; returns 0, or -EFAULT with *val = 0
;   int __put_user_{1,2,4,8}(void __user *p, u64 val)
;	stores the low 1/2/4/8 bytes of val; returns 0 or -EFAULT

bits 64
default rel

%define EFAULT	14

; EX_ENTRY insn, fixup: the exception-table entry for one instruction.
%macro EX_ENTRY 2
section __ex_table progbits alloc noexec nowrite align=8
	dq %1, %2
section .text
%endmacro

section .text

; ---------------------------------------------------------------------------
; copy_user_generic(to=rdi, from=rsi, n=rdx) -> bytes not copied
; ---------------------------------------------------------------------------
align 16
global copy_user_generic
copy_user_generic:
	mov rcx, rdx
	stac
.copy:	rep movsb			; may fault: RCX = bytes left
	clac
	mov rax, rcx			; 0 after a whole copy
	ret
.fault:
	clac
	mov rax, rcx			; what was left when it faulted
	ret
	EX_ENTRY copy_user_generic.copy, copy_user_generic.fault

; ---------------------------------------------------------------------------
; __clear_user(to=rdi, n=rsi) -> bytes not cleared
; ---------------------------------------------------------------------------
align 16
global __clear_user
__clear_user:
	mov rcx, rsi
	xor eax, eax
	stac
.clear:	rep stosb			; may fault: RCX = bytes left
	clac
	mov rax, rcx
	ret
.fault:
	clac
	mov rax, rcx
	ret
	EX_ENTRY __clear_user.clear, __clear_user.fault

; ---------------------------------------------------------------------------
; __strncpy_from_user(dst=rdi, src=rsi, count=rdx) -> length, count, -EFAULT
; A byte at a time: strings from user space are short (paths, argv).
; ---------------------------------------------------------------------------
align 16
global __strncpy_from_user
__strncpy_from_user:
	xor eax, eax			; rax = bytes copied so far
	stac
.loop:
	cmp rax, rdx
	jae .done			; count bytes and no NUL: return count
.load:	movzx ecx, byte [rsi + rax]	; may fault
	mov [rdi + rax], cl
	test cl, cl
	jz .done			; copied the NUL: return the length
	inc rax
	jmp .loop
.done:
	clac
	ret
.fault:
	clac
	mov rax, -EFAULT
	ret
	EX_ENTRY __strncpy_from_user.load, __strncpy_from_user.fault

; ---------------------------------------------------------------------------
; __strnlen_user(s=rdi, n=rsi) -> strlen + 1, n + 1 if too long, 0 on fault
; ---------------------------------------------------------------------------
align 16
global __strnlen_user
__strnlen_user:
	xor eax, eax			; rax = bytes looked at
	stac
.loop:
	cmp rax, rsi
	jae .toolong
.load:	movzx ecx, byte [rdi + rax]	; may fault
	inc rax
	test cl, cl
	jnz .loop
	clac				; found the NUL: rax = strlen + 1
	ret
.toolong:
	clac
	lea rax, [rsi + 1]
	ret
.fault:
	clac
	xor eax, eax
	ret
	EX_ENTRY __strnlen_user.load, __strnlen_user.fault

; ---------------------------------------------------------------------------
; __get_user_N(p=rdi, val=rsi) -> 0 / -EFAULT; *val = the value / 0
; ---------------------------------------------------------------------------
%macro GET_USER 2			; size in bytes, the load instruction
align 16
global __get_user_%1
__get_user_%1:
	stac
.load:	%2				; may fault
	clac
	mov [rsi], rax
	xor eax, eax
	ret
.fault:
	clac
	mov qword [rsi], 0
	mov rax, -EFAULT
	ret
	EX_ENTRY __get_user_%1.load, __get_user_%1.fault
%endmacro

GET_USER 1, {movzx eax, byte [rdi]}
GET_USER 2, {movzx eax, word [rdi]}
GET_USER 4, {mov eax, dword [rdi]}	; writing eax zero-extends into rax
GET_USER 8, {mov rax, qword [rdi]}

; ---------------------------------------------------------------------------
; __put_user_N(p=rdi, val=rsi) -> 0 / -EFAULT
; ---------------------------------------------------------------------------
%macro PUT_USER 2			; size in bytes, the store instruction
align 16
global __put_user_%1
__put_user_%1:
	stac
.store:	%2				; may fault
	clac
	xor eax, eax
	ret
.fault:
	clac
	mov rax, -EFAULT
	ret
	EX_ENTRY __put_user_%1.store, __put_user_%1.fault
%endmacro

PUT_USER 1, {mov byte [rdi], sil}
PUT_USER 2, {mov word [rdi], si}
PUT_USER 4, {mov dword [rdi], esi}
PUT_USER 8, {mov qword [rdi], rsi}
