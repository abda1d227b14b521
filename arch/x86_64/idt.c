/*
 * arch/x86_64/idt.c - the interrupt descriptor table.
 *
 * The IDT has a 16-byte gate per vector (256).  A gate names the entry
 * point (a stub in entry.asm), the code segment to run it in (__KERNEL_CS),
 * an IST number (0 = stay on the current stack, n = switch to the TSS's
 * ISTn stack), the lowest privilege allowed to raise the vector with an
 * `int n` instruction (DPL), and the gate type.  Every gate is an interrupt
 * gate (type 0xe), as in Linux: the CPU clears RFLAGS.IF on entry, so a
 * handler cannot be interrupted before it has looked at its state (CR2!).
 *
 *   vectors 0-31    the CPU's exceptions: all 32 present, stubs from
 *                   entry.asm's exception_stub_table.  #DF runs on IST1,
 *                   NMI on IST2, #MC on IST3 (gdt.h): they can arrive when
 *                   RSP is unusable (a stack overflow, an NMI anywhere).
 *                   int3 and into have DPL 3 so that user programs may
 *                   execute them (Linux's SYSG gates); the rest DPL 0.
 *   vectors 32-255  external interrupts and IPIs: init_IRQ() (irq.c) points
 *                   them at entry.asm's irq_stub_table with set_intr_gate()
 *                   (interrupt gates, DPL 0, no IST).
 *
 * Invariant: the table is filled before lidt and then only gains gates.
 * One table serves every CPU (Linux shares idt_table too).
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/traps.h"

/* A 64-bit IDT gate (Intel SDM vol. 3, 6.14.1; Linux's struct gate_struct). */
struct gate_struct {
	u16 offset_low;		/* handler bits 0-15 */
	u16 segment;		/* code segment selector */
	u16 bits;		/* IST (0-2), type (8-11), DPL (13-14), P (15) */
	u16 offset_middle;	/* handler bits 16-31 */
	u32 offset_high;	/* handler bits 32-63 */
	u32 reserved;
} __packed;

#define GATE_INTERRUPT		0xe
#define GATE_BITS(ist, type, dpl)	((ist) | ((type) << 8) | ((dpl) << 13) | (1 << 15))
#define GATE_PRESENT		(1 << 15)

static struct gate_struct idt_table[NR_VECTORS] __aligned(PAGE_SIZE);

/* Builds the gate for handler at vector n. */
static void set_gate(unsigned int n, u64 handler, unsigned int ist, unsigned int dpl)
{
	struct gate_struct *g = &idt_table[n];

	g->offset_low = handler & 0xffff;
	g->segment = __KERNEL_CS;
	g->bits = GATE_BITS(ist, GATE_INTERRUPT, dpl);
	g->offset_middle = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

/* The IST number for an exception vector: 0 for "the current stack". */
static unsigned int exception_ist(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
		return IST_INDEX_DF + 1;
	case X86_TRAP_NMI:
		return IST_INDEX_NMI + 1;
	case X86_TRAP_MC:
		return IST_INDEX_MCE + 1;
	default:
		return 0;
	}
}

/* idt_setup_traps - install the 32 exception gates and load the IDT. */
void idt_setup_traps(void)
{
	struct desc_ptr idt_descr = {
		.size = sizeof(idt_table) - 1,
		.address = (u64)idt_table,
	};

	BUILD_BUG_ON(sizeof(struct gate_struct) != 16);

	for (unsigned int v = 0; v < NR_EXCEPTION_VECTORS; v++) {
		unsigned int dpl = (v == X86_TRAP_BP || v == X86_TRAP_OF) ? 3 : 0;

		set_gate(v, exception_stub_table[v], exception_ist(v), dpl);
	}
	__asm__ volatile("lidt %0" :: "m"(idt_descr) : "memory");
}

/*
 * [sched] set_intr_gate - point vector n (32-255) at handler: an interrupt
 * gate, DPL 0, no IST.  The IDT is live: call with interrupts off.
 */
void set_intr_gate(unsigned int n, u64 handler)
{
	set_gate(n, handler, 0, 0);
}

/* idt_gate_info - decode the live IDT's gate for vector (see traps.h). */
bool idt_gate_info(unsigned int vector, u64 *handler, unsigned int *ist)
{
	struct desc_ptr dtr;
	const struct gate_struct *g;

	__asm__ volatile("sidt %0" : "=m"(dtr));
	if ((vector + 1) * sizeof(*g) - 1 > dtr.size)
		return false;
	g = (const struct gate_struct *)dtr.address + vector;
	if (!(g->bits & GATE_PRESENT))
		return false;
	*handler = g->offset_low | ((u64)g->offset_middle << 16) | ((u64)g->offset_high << 32);
	*ist = g->bits & 7;
	return true;
}
