/*
 * arch/x86_64/irq.h - external interrupts: vectors 32-255 and their
 * handlers (arch/x86_64/irq.c; Linux's asm/irq_vectors.h and
 * linux/interrupt.h, cut down).
 *
 * Pagoda numbers interrupts by IDT vector: "irq" in request_irq() IS the
 * vector (Linux maps device IRQ numbers to vectors dynamically; with only
 * the local APIC's own interrupts there is nothing to map yet).
 *
 * Vector layout (Linux's):
 *   0x00-0x1f   CPU exceptions (arch/x86_64/traps.c)
 *   0x20-0x2f   the 8259 PIC after remapping: all masked, never delivered
 *               (a spurious PIC interrupt, IRQ 7 or 15, may still show up
 *               here: counted and ignored)
 *   0xec        LOCAL_TIMER_VECTOR: the local APIC timer (the tick)
 *   0xfe        ERROR_APIC_VECTOR: local APIC errors
 *   0xff        SPURIOUS_APIC_VECTOR: no EOI
 */
#ifndef ARCH_X86_64_IRQ_H
#define ARCH_X86_64_IRQ_H

#include "arch/x86_64/traps.h"
#include "kernel/types.h"

#define FIRST_EXTERNAL_VECTOR	0x20
#define ISA_IRQ_VECTOR(irq)	(FIRST_EXTERNAL_VECTOR + (irq))	/* the remapped PIC */
#define LOCAL_TIMER_VECTOR	0xec
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff
#define NR_EXTERNAL_VECTORS	(NR_VECTORS - FIRST_EXTERNAL_VECTOR)

typedef enum irqreturn {
	IRQ_NONE = 0,		/* not this handler's device */
	IRQ_HANDLED = 1,
} irqreturn_t;

/* A handler: runs with interrupts off, must not sleep. */
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/*
 * request_irq - run handler(irq, dev) for every interrupt on vector irq
 * (FIRST_EXTERNAL_VECTOR..254).  flags: none yet (0).  name is kept for
 * messages.  Returns 0, -EINVAL (bad vector) or -EBUSY (taken).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev);
/* free_irq - the vector has no handler any more. */
void free_irq(unsigned int irq, void *dev);

/*
 * get_irq_regs - inside a handler: the registers of the interrupted code
 * (user_mode(get_irq_regs()) says whether the tick hit user mode).
 */
struct pt_regs *get_irq_regs(void);

/*
 * do_IRQ - every interrupt, from entry.asm through exc_dispatch(): call the
 * vector's handler, then EOI the local APIC.  Interrupts off throughout.
 */
void do_IRQ(struct pt_regs *regs);

/*
 * init_IRQ - remap and mask the 8259 PIC, enable the local APIC, and point
 * IDT vectors 32-255 at the stubs.  After mm_init() (the APIC's registers
 * are mapped through the fixmap); interrupts stay off.
 */
void init_IRQ(void);

/* irq_count - how many times vector has been taken (for tests and /proc/interrupts). */
u64 irq_count(unsigned int vector);

/* entry.asm: the stubs of vectors 32-255, by vector - FIRST_EXTERNAL_VECTOR. */
extern const u64 irq_stub_table[NR_EXTERNAL_VECTORS];

#endif /* ARCH_X86_64_IRQ_H */
