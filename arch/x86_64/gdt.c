/*
 * arch/x86_64/gdt.c - the kernel's GDT and TSS, and the exception stacks.
 *
 * boot/boot.asm runs on a three-entry GDT in the low, identity-mapped .boot
 * section.  gdt_init() replaces it with the kernel's own, in the higher half,
 * laid out as Linux's x86-64 GDT (see arch/x86_64/gdt.h for the table):
 *
 *   1. fill the TSS: RSP0 (the boot stack until there are tasks) and the
 *      three IST pointers, each the top of a 16 KiB stack with a guard page
 *      below it;
 *   2. write the TSS descriptor into GDT slots 8-9;
 *   3. lgdt, then reload CS with a far return (the only way to load CS in
 *      64-bit mode without a far jump through memory) and DS, ES, SS with
 *      __KERNEL_DS; FS and GS already hold the null selector from boot.asm
 *      and are left alone, so that their MSR-set bases survive;
 *   4. ltr: the CPU reads the TSS descriptor and marks it busy.
 *
 * After this nothing refers to boot.asm's GDT any more.
 *
 * Invariants: the GDT and TSS are written once, before the IDT can send an
 * exception anywhere, and then only the TSS's sp0 changes (load_sp0(), from
 * the scheduler, later).  One CPU for now: the SMP issue makes gdt, cpu_tss_rw
 * and exception_stacks per-CPU.
 */
#include "arch/x86_64/gdt.h"

/*
 * A code or data descriptor from Linux's GDT_ENTRY_INIT(flags, base, limit):
 * flags holds the access byte in bits 0-7 (P, DPL, S, type) and the
 * granularity nibble in bits 12-15 (G, D/B, L, AVL).
 */
#define GDT_ENTRY(flags, base, limit)				\
	((((base) & 0xff000000ULL) << (56 - 24)) |		\
	 (((flags) & 0x0000f0ffULL) << 40) |			\
	 (((limit) & 0x000f0000ULL) << (48 - 16)) |		\
	 (((base) & 0x00ffffffULL) << 16) |			\
	 (((limit) & 0x0000ffffULL)))

/* System-descriptor type of an available 64-bit TSS, with P=1. */
#define DESC_TSS_AVAILABLE	0x89

/*
 * The access bytes: 0x9b = present, DPL 0, code, execute/read, accessed;
 * 0x93 = present, DPL 0, data, read/write, accessed; 0xfb/0xf3 the same at
 * DPL 3.  The "accessed" bit is preset so the CPU never writes the GDT.
 * Granularity 0xa = G + L (64-bit code), 0xc = G + D/B (32-bit, 4 GiB).
 */
static u64 gdt[GDT_ENTRIES] __aligned(16) = {
	[GDT_ENTRY_KERNEL32_CS]		= GDT_ENTRY(0xc09b, 0, 0xfffff),
	[GDT_ENTRY_KERNEL_CS]		= GDT_ENTRY(0xa09b, 0, 0xfffff),
	[GDT_ENTRY_KERNEL_DS]		= GDT_ENTRY(0xc093, 0, 0xfffff),
	[GDT_ENTRY_DEFAULT_USER32_CS]	= GDT_ENTRY(0xc0fb, 0, 0xfffff),
	[GDT_ENTRY_DEFAULT_USER_DS]	= GDT_ENTRY(0xc0f3, 0, 0xfffff),
	[GDT_ENTRY_DEFAULT_USER_CS]	= GDT_ENTRY(0xa0fb, 0, 0xfffff),
	/* GDT_ENTRY_TSS, GDT_ENTRY_TSS + 1: filled in by set_tss_desc() */
};

struct tss_struct cpu_tss_rw __aligned(64);
struct exception_stacks exception_stacks;

extern char boot_stack_top[];		/* boot/boot.asm */

/* Writes the 16-byte TSS descriptor for tss into GDT slots 8 and 9. */
static void set_tss_desc(const struct x86_hw_tss *tss)
{
	u64 base = (u64)tss;
	u64 limit = sizeof(*tss) - 1;

	gdt[GDT_ENTRY_TSS] = (limit & 0xffff) |
			     ((base & 0xffffff) << 16) |
			     ((u64)DESC_TSS_AVAILABLE << 40) |
			     ((limit & 0xf0000) << (48 - 16)) |
			     ((base & 0xff000000) << (56 - 24));
	gdt[GDT_ENTRY_TSS + 1] = base >> 32;
}

/* Points RSP0 and the IST slots at their stacks (the top: stacks grow down). */
static void tss_setup_stacks(struct x86_hw_tss *tss)
{
	struct exception_stacks *es = &exception_stacks;

	tss->sp0 = (u64)boot_stack_top;
	tss->ist[IST_INDEX_DF] = (u64)es->DF_stack + sizeof(es->DF_stack);
	tss->ist[IST_INDEX_NMI] = (u64)es->NMI_stack + sizeof(es->NMI_stack);
	tss->ist[IST_INDEX_MCE] = (u64)es->MCE_stack + sizeof(es->MCE_stack);
	/* An offset past the TSS limit: no I/O bitmap, so ring 3 gets no ports. */
	tss->io_bitmap_base = sizeof(*tss);
}

/*
 * Loads the new GDT and the segment registers that still hold boot.asm's
 * selectors.  CS can only change through a far transfer: push the new CS
 * and the address of the next instruction, then lretq "returns" there.
 */
static void load_gdt_and_segments(void)
{
	struct desc_ptr gdt_descr = {
		.size = sizeof(gdt) - 1,
		.address = (u64)gdt,
	};

	__asm__ volatile("lgdt %0" :: "m"(gdt_descr) : "memory");
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:"
			 :: [cs] "i"(__KERNEL_CS) : "rax", "memory");
	__asm__ volatile("movw %w0, %%ds\n\t"
			 "movw %w0, %%es\n\t"
			 "movw %w0, %%ss"
			 :: "r"(__KERNEL_DS) : "memory");
}

/* gdt_init - load the GDT and the TSS, reload the segment registers (gdt.h). */
void gdt_init(void)
{
	BUILD_BUG_ON(sizeof(struct x86_hw_tss) != 104);
	BUILD_BUG_ON(offsetof(struct x86_hw_tss, ist) != 0x24);
	BUILD_BUG_ON(sizeof(struct desc_ptr) != 10);

	tss_setup_stacks(&cpu_tss_rw.x86_tss);
	set_tss_desc(&cpu_tss_rw.x86_tss);
	load_gdt_and_segments();
	/* ltr marks the descriptor busy: loading it twice would #GP. */
	__asm__ volatile("ltr %w0" :: "r"(GDT_ENTRY_TSS_SEL) : "memory");
}

/*
 * load_sp0 - the stack a trap from ring 3 lands on; the scheduler calls it
 * on every switch to a task with a user half.
 */
void load_sp0(u64 sp0)
{
	cpu_tss_rw.x86_tss.sp0 = sp0;
}
