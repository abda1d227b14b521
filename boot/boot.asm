; boot/boot.asm - from GRUB's 32-bit hand-off to start_kernel() in the
; higher half.
;
; GRUB 2 loads the kernel ELF at its physical load address (1 MiB) and jumps
; to _start in 32-bit protected mode with paging off, EAX = the multiboot2
; magic and EBX = the physical address of the multiboot2 information.  This
; file then, one commented step at a time:
;
;   1. checks that it really was a multiboot2 loader (the magic in EAX),
;   2. checks that the CPU has CPUID, long mode and NX; if any is missing it
;      prints a readable message on the VGA screen and COM1 and halts,
;   3. builds the early page tables: the first 1 GiB mapped three times with
;      2 MiB pages - identity (so the next instruction after enabling paging
;      still exists), at the direct map PAGE_OFFSET (0xffff888000000000, so
;      C code can read the multiboot2 information through __va()), and at
;      the kernel image address __START_KERNEL_map (0xffffffff80000000),
;   4. turns on PAE, EFER.LME and EFER.NXE, then paging (CR0.PG and CR0.WP),
;   5. loads a 64-bit GDT and far-jumps into 64-bit code,
;   6. jumps to the higher half, switches to the kernel's boot stack (which
;      has a guard page below it) and calls start_kernel(mb2_info_phys).
;
; This code and its data live in the .boot sections, linked at their
; physical addresses (linker.ld), because they run before paging exists.
; setup_arch() later replaces the early tables and drops the identity map.

%define KERNEL_VIRT		0xffffffff80000000	; __START_KERNEL_map
%define MB2_BOOTLOADER_MAGIC	0x36d76289
%define COM1			0x3f8

%define PTE_PRESENT		(1 << 0)
%define PTE_WRITE		(1 << 1)
%define PTE_HUGE		(1 << 7)		; PS: a 2 MiB page in a PD entry

%define PML4_IDX_DIRECT_MAP	273			; 0xffff888000000000 >> 39 & 511
%define PML4_IDX_KERNEL		511			; 0xffffffff80000000 >> 39 & 511
%define PDPT_IDX_KERNEL		510			; 0xffffffff80000000 >> 30 & 511

extern start_kernel
global boot_stack_guard
global boot_stack
global boot_stack_top
global _start
global early_pml4
global early_page_tables_start
global early_page_tables_end

; ---------------------------------------------------------------------------
; The multiboot2 header: must sit in the first 32 KiB of the image, 8-byte
; aligned (multiboot2 spec §3.1).  linker.ld puts .multiboot first.
; ---------------------------------------------------------------------------
%define MB2_HEADER_MAGIC	0xe85250d6
%define MB2_ARCH_I386		0

section .multiboot
align 8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	; Entry address tag (type 3): the ELF's e_entry is a higher-half
	; address GRUB cannot jump to in 32-bit mode, so name the physical one.
	align 8
	dw 3, 0
	dd 12
	dd _start

	; Information request tag (type 1): we need the memory map (6) and
	; the command line (1); ask for the ACPI RSDPs (14, 15) as well.
	align 8
	dw 1, 0
	dd 8 + 4 * 4
	dd 1, 6, 14, 15

	; Module alignment tag (type 6): page-align modules (the initramfs).
	align 8
	dw 6, 0
	dd 8

	; End tag.
	align 8
	dw 0, 0
	dd 8
mb2_header_end:

; ---------------------------------------------------------------------------
; 32-bit entry.
; ---------------------------------------------------------------------------
section .boot.text
bits 32
_start:
	cli
	cld
	mov esp, early_stack_top	; a small stack for the 32-bit part
	mov edi, ebx			; keep the multiboot2 info pointer in EDI

	call early_serial_init

	; Step 1: the boot loader must be multiboot2.
	cmp eax, MB2_BOOTLOADER_MAGIC
	jne .no_multiboot

	; Step 2a: CPUID exists if EFLAGS.ID (bit 21) can be flipped.
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx			; restore the original flags
	popfd
	cmp eax, ecx
	je .no_cpuid

	; Step 2b: extended leaf 0x80000001 must exist ...
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	; ... and report long mode (EDX bit 29) and NX (EDX bit 20).
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode
	test edx, 1 << 20
	jz .no_nx

	; Step 3: early page tables (all in .boot.bss, so already zero).
	; PML4[0], PML4[273] -> pdpt_low;  PML4[511] -> pdpt_high.
	mov eax, early_pdpt_low
	or eax, PTE_PRESENT | PTE_WRITE
	mov [early_pml4 + 0 * 8], eax
	mov [early_pml4 + PML4_IDX_DIRECT_MAP * 8], eax
	mov eax, early_pdpt_high
	or eax, PTE_PRESENT | PTE_WRITE
	mov [early_pml4 + PML4_IDX_KERNEL * 8], eax
	; pdpt_low[0] and pdpt_high[510] -> the one page directory.
	mov eax, early_pd
	or eax, PTE_PRESENT | PTE_WRITE
	mov [early_pdpt_low + 0 * 8], eax
	mov [early_pdpt_high + PDPT_IDX_KERNEL * 8], eax
	; The page directory: 512 entries of 2 MiB covering physical 0..1 GiB.
	mov ecx, 0
.fill_pd:
	mov eax, ecx
	shl eax, 21			; physical address = index * 2 MiB
	or eax, PTE_PRESENT | PTE_WRITE | PTE_HUGE
	mov [early_pd + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jne .fill_pd

	; Step 4: CR4.PAE (bit 5) - long mode requires PAE paging.
	mov eax, cr4
	or eax, 1 << 5
	mov cr4, eax
	; CR3 <- the PML4.
	mov eax, early_pml4
	mov cr3, eax
	; EFER (MSR 0xc0000080): LME (bit 8) asks for long mode, NXE (bit 11)
	; makes the NX bit of page-table entries mean something.
	mov ecx, 0xc0000080
	rdmsr
	or eax, (1 << 8) | (1 << 11)
	wrmsr
	; CR0.PG (bit 31) turns paging on - and with LME, long mode (in
	; 32-bit compatibility mode until CS is a 64-bit segment).  CR0.WP
	; (bit 16) makes read-only pages read-only for the kernel too.
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16)
	mov cr0, eax

	; Step 5: a GDT with a 64-bit code segment, and a far jump into it.
	lgdt [early_gdt_ptr]
	jmp 0x08:long_mode_entry

; Failure paths: print a readable reason and halt forever.
.no_multiboot:
	mov esi, msg_no_multiboot
	jmp early_fail
.no_cpuid:
	mov esi, msg_no_cpuid
	jmp early_fail
.no_long_mode:
	mov esi, msg_no_long_mode
	jmp early_fail
.no_nx:
	mov esi, msg_no_nx
	jmp early_fail

; early_fail: ESI = NUL-terminated message.  Writes it to the VGA text
; screen (white on red, top line) and to COM1, then halts.
early_fail:
	mov edi, 0xb8000
	mov ebx, esi
.vga:
	lodsb
	test al, al
	jz .serial
	mov ah, 0x4f
	stosw
	jmp .vga
.serial:
	mov esi, ebx
.serial_loop:
	lodsb
	test al, al
	jz .halt
	call early_serial_putc
	jmp .serial_loop
.halt:
	hlt
	jmp .halt

; early_serial_init: COM1 at 115200 8N1, FIFOs on (the same settings the
; C driver uses, so a failure message is readable in `make run`).
early_serial_init:
	push eax
	push edx
	mov dx, COM1 + 1		; IER: no interrupts
	mov al, 0
	out dx, al
	mov dx, COM1 + 3		; LCR: DLAB on to set the divisor
	mov al, 0x80
	out dx, al
	mov dx, COM1 + 0		; divisor low: 115200 / 115200 = 1
	mov al, 1
	out dx, al
	mov dx, COM1 + 1		; divisor high
	mov al, 0
	out dx, al
	mov dx, COM1 + 3		; LCR: 8 bits, no parity, 1 stop, DLAB off
	mov al, 0x03
	out dx, al
	mov dx, COM1 + 2		; FCR: enable and clear FIFOs
	mov al, 0xc7
	out dx, al
	pop edx
	pop eax
	ret

; early_serial_putc: AL = the byte.  Waits for THR empty (LSR bit 5).
early_serial_putc:
	push edx
	push eax
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	pop eax
	mov dx, COM1
	out dx, al
	pop edx
	ret

; ---------------------------------------------------------------------------
; 64-bit entry, still running at the physical (identity-mapped) address.
; ---------------------------------------------------------------------------
bits 64
long_mode_entry:
	; Data segment registers are ignored in long mode but must hold a
	; valid selector (or null); SS too.
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax

	; Step 6: to the higher half.  An absolute jump: RIP-relative would
	; stay in the identity map.
	mov rax, higher_half_entry
	jmp rax

section .text
higher_half_entry:
	mov rsp, boot_stack_top		; the kernel's boot stack (bss, high)
	xor ebp, ebp			; a zero frame pointer ends every backtrace
	push rbp			; fake return address 0 for the unwinder
	mov ebx, edi			; zero-extend the mb2 info physical address
	mov rdi, rbx
	call start_kernel
	; start_kernel never returns; if it does, stop here.
.hang:
	cli
	hlt
	jmp .hang

; ---------------------------------------------------------------------------
; Data used before paging: messages, the early GDT, early page tables.
; ---------------------------------------------------------------------------
section .boot.data
msg_no_multiboot:
	db "Pagoda: not loaded by a multiboot2 boot loader (bad magic in EAX). Halting.", 13, 10, 0
msg_no_cpuid:
	db "Pagoda: this CPU has no CPUID instruction; a 64-bit CPU is required. Halting.", 13, 10, 0
msg_no_long_mode:
	db "Pagoda: this CPU does not support long mode (x86-64); a 64-bit CPU is required. Halting.", 13, 10, 0
msg_no_nx:
	db "Pagoda: this CPU has no NX (no-execute) bit; W^X needs it. Try qemu -cpu max. Halting.", 13, 10, 0

align 16
early_gdt:
	dq 0				; 0x00: the null descriptor
	dq 0x00af9a000000ffff		; 0x08: kernel code: present, DPL 0, L=1 (64-bit)
	dq 0x00cf92000000ffff		; 0x10: kernel data: present, DPL 0, writable
early_gdt_end:
early_gdt_ptr:
	dw early_gdt_end - early_gdt - 1
	dd early_gdt

section .boot.bss nobits
align 4096
early_page_tables_start:
early_pml4:	resb 4096
early_pdpt_low:	resb 4096
early_pdpt_high: resb 4096
early_pd:	resb 4096
early_page_tables_end:
early_stack:	resb 4096
early_stack_top:

; The kernel's boot stack (the init task's stack later), 16 KiB in .bss with
; one guard page below it: setup_arch() leaves the guard page unmapped, so a
; stack overflow faults at once (a double fault, on its own IST stack)
; instead of silently corrupting whatever lies below.
section .bss
align 4096
boot_stack_guard:	resb 4096
boot_stack:		resb 16384
boot_stack_top:
