/*
 * arch/x86_64/gdt.h - segments, the GDT and the TSS with its exception stacks
 * (arch/x86_64/gdt.c).  Linux spreads this over asm/segment.h, asm/desc.h
 * and asm/processor.h; the names are Linux's.
 *
 * In long mode segmentation is almost gone: bases and limits are ignored
 * (except FS/GS bases, set through MSRs), but the CPU still wants
 *   - a code segment with L=1 in CS, whose DPL is the privilege level,
 *   - a data segment (or null) in SS,
 *   - a TSS, which in 64-bit mode holds no task state at all, only stack
 *     pointers: RSP0 (loaded on a trap from ring 3 to ring 0) and seven IST
 *     ("interrupt stack table") pointers an IDT gate may name to get a
 *     known-good stack whatever RSP was (double fault, NMI, machine check).
 *
 * The GDT layout is Linux's x86-64 one, so that the SYSCALL/SYSRET issue
 * can program MSR_STAR the way Linux does (SYSCALL loads CS = STAR[47:32]
 * and SS = +8; SYSRET to 64-bit loads CS = STAR[63:48] + 16 and SS = +8):
 *
 *   index selector  what
 *     0    0x00     null
 *     1    0x08     __KERNEL32_CS   32-bit kernel code (unused; Linux's slot)
 *     2    0x10     __KERNEL_CS     64-bit kernel code
 *     3    0x18     __KERNEL_DS     kernel data / stack
 *     4    0x23     __USER32_CS     32-bit user code (SYSRET's base, RPL 3)
 *     5    0x2b     __USER_DS       user data / stack
 *     6    0x33     __USER_CS       64-bit user code
 *     7             (unused, as in Linux)
 *   8-9    0x40     the TSS (a 16-byte system descriptor)
 *
 * The boot GDT in boot/boot.asm (code 0x08, data 0x10) is only used until
 * gdt_init(), which reloads CS, DS, ES and SS with the selectors above.
 *
 * IST slots (the TSS's ist[] index is the gate's IST number minus one):
 *   IST1 = double fault, IST2 = NMI, IST3 = machine check.
 * (Linux also gives #DB an IST stack; Pagoda does not use debug traps.)
 * Each exception stack is EXCEPTION_STKSZ bytes in .bss with a guard page
 * below it (struct exception_stacks).  The early page tables map the guard
 * pages like everything else (2 MiB pages); once the kernel is mapped with
 * 4 KiB pages the page-table code should leave them unmapped, so that an
 * overflow faults instead of corrupting the stack below.
 *
 * Invariant: one CPU for now.  The GDT, the TSS and the exception stacks
 * become per-CPU with the SMP issue (Linux: gdt_page, cpu_tss_rw and the
 * cpu_entry_area are all per-CPU).
 */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include "arch/x86_64/page.h"
#include "kernel/compiler.h"
#include "kernel/types.h"

/* ---- GDT slots and selectors (Linux's asm/segment.h) ---- */
#define GDT_ENTRY_KERNEL32_CS		1
#define GDT_ENTRY_KERNEL_CS		2
#define GDT_ENTRY_KERNEL_DS		3
#define GDT_ENTRY_DEFAULT_USER32_CS	4
#define GDT_ENTRY_DEFAULT_USER_DS	5
#define GDT_ENTRY_DEFAULT_USER_CS	6
#define GDT_ENTRY_TSS			8	/* takes two slots */
#define GDT_ENTRIES			10

#define __KERNEL32_CS	(GDT_ENTRY_KERNEL32_CS * 8)		/* 0x08 */
#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)		/* 0x10 */
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)		/* 0x18 */
#define __USER32_CS	(GDT_ENTRY_DEFAULT_USER32_CS * 8 + 3)	/* 0x23 */
#define __USER_DS	(GDT_ENTRY_DEFAULT_USER_DS * 8 + 3)	/* 0x2b */
#define __USER_CS	(GDT_ENTRY_DEFAULT_USER_CS * 8 + 3)	/* 0x33 */
#define GDT_ENTRY_TSS_SEL (GDT_ENTRY_TSS * 8)			/* 0x40 */

/* ---- the TSS (Intel SDM vol. 3, 8.7) ---- */
#define N_EXCEPTION_STACKS	3
#define IST_INDEX_DF		0	/* IST1: double fault */
#define IST_INDEX_NMI		1	/* IST2: NMI */
#define IST_INDEX_MCE		2	/* IST3: machine check */

#define EXCEPTION_STKSZ		(16 * 1024)

/* The hardware's 64-bit TSS: 104 bytes, no alignment padding. */
struct x86_hw_tss {
	u32 reserved1;
	u64 sp0;		/* RSP loaded on entry from ring 3 (the task's kernel stack) */
	u64 sp1;		/* rings 1 and 2: unused */
	u64 sp2;
	u64 reserved2;
	u64 ist[7];		/* IST1..IST7 stack tops; ist[IST_INDEX_*] */
	u32 reserved3;
	u32 reserved4;
	u16 reserved5;
	u16 io_bitmap_base;	/* past the limit: no I/O permission bitmap */
} __packed;

struct tss_struct {
	struct x86_hw_tss x86_tss;
};

/*
 * The IST stacks, each with a guard page below it (Linux's
 * cea_exception_stacks).  Page-aligned, so each guard is a whole page.
 */
struct exception_stacks {
	u8 DF_stack_guard[PAGE_SIZE];
	u8 DF_stack[EXCEPTION_STKSZ];
	u8 NMI_stack_guard[PAGE_SIZE];
	u8 NMI_stack[EXCEPTION_STKSZ];
	u8 MCE_stack_guard[PAGE_SIZE];
	u8 MCE_stack[EXCEPTION_STKSZ];
} __aligned(PAGE_SIZE);

extern struct tss_struct cpu_tss_rw;
extern struct exception_stacks exception_stacks;

/* A descriptor-table register image, for lgdt/lidt/sgdt/sidt. */
struct desc_ptr {
	u16 size;		/* limit: bytes - 1 */
	u64 address;
} __packed;

/* ---- gdt.c ---- */
/*
 * gdt_init - load the kernel's GDT, reload CS/DS/ES/SS from it and load the
 * TSS (RSP0 = the boot stack, IST1-3 = the exception stacks).  Called once,
 * from trap_init(), with interrupts off.
 */
void gdt_init(void);
/* load_sp0 - set the stack the CPU switches to on a trap from user mode. */
void load_sp0(u64 sp0);

static inline void store_gdt(struct desc_ptr *dtr)
{
	__asm__ volatile("sgdt %0" : "=m"(*dtr));
}

/* store_tr - the selector in the task register (str). */
static inline u16 store_tr(void)
{
	u16 tr;

	__asm__ volatile("str %0" : "=r"(tr));
	return tr;
}

#endif /* ARCH_X86_64_GDT_H */
