/*
 * arch/x86_64/irq.c - external interrupts: the handler table and the C
 * side of every interrupt (Linux's arch/x86/kernel/irq.c, with a flat
 * vector-indexed table instead of irq descriptors).
 *
 * An interrupt travels: the local APIC raises vector v -> IDT gate v (an
 * interrupt gate: IF cleared) -> entry.asm's stub v (dummy error code, v,
 * registers: a struct pt_regs) -> exc_dispatch() (traps.c), which sends
 * every v >= 32 here -> do_IRQ(): the handler request_irq() installed for v,
 * then the EOI that lets the local APIC deliver the next interrupt of equal
 * or lower priority -> back through entry.asm's iretq.
 *
 * Handlers run with interrupts off, on the interrupted task's kernel stack
 * (no separate IRQ stack yet), and must not sleep.  PREEMPT_NONE: returning
 * from an interrupt never switches tasks (the tick only sets need_resched).
 *
 * The spurious vector (0xff) gets no EOI: the local APIC did not set an
 * in-service bit for it (Intel SDM vol. 3, 11.9).
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

struct irq_action {
	irq_handler_t handler;	/* NULL: free */
	void *dev_id;
	const char *name;
};

static struct irq_action irq_actions[NR_VECTORS];
static u64 irq_counts[NR_VECTORS];
static bool irq_warned[NR_VECTORS];
static DEFINE_SPINLOCK(irq_actions_lock);
/* The registers of the interrupted code while do_IRQ() runs (one CPU: one slot). */
static struct pt_regs *irq_regs;

/* request_irq - install handler for vector irq (irq.h). */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev)
{
	unsigned long irqflags;
	int ret = 0;

	if (irq < FIRST_EXTERNAL_VECTOR || irq >= SPURIOUS_APIC_VECTOR || !handler)
		return -EINVAL;
	spin_lock_irqsave(&irq_actions_lock, irqflags);
	if (irq_actions[irq].handler)
		ret = -EBUSY;
	else
		irq_actions[irq] = (struct irq_action){ handler, dev, name };
	spin_unlock_irqrestore(&irq_actions_lock, irqflags);
	return ret;
}

/* free_irq - remove vector irq's handler (dev must match). */
void free_irq(unsigned int irq, void *dev)
{
	unsigned long irqflags;

	if (irq >= NR_VECTORS)
		return;
	spin_lock_irqsave(&irq_actions_lock, irqflags);
	if (irq_actions[irq].dev_id == dev)
		irq_actions[irq] = (struct irq_action){ 0 };
	spin_unlock_irqrestore(&irq_actions_lock, irqflags);
}

/* get_irq_regs - the interrupted registers, inside a handler. */
struct pt_regs *get_irq_regs(void)
{
	return irq_regs;
}

/* irq_count - times vector was taken. */
u64 irq_count(unsigned int vector)
{
	return vector < NR_VECTORS ? READ_ONCE(irq_counts[vector]) : 0;
}

/* do_IRQ - one interrupt (irq.h). */
void do_IRQ(struct pt_regs *regs)
{
	unsigned int vector = regs->orig_rax & 0xff;
	struct irq_action *action = &irq_actions[vector];
	struct pt_regs *old_regs = irq_regs;

	irq_counts[vector]++;
	if (vector == SPURIOUS_APIC_VECTOR)
		return;				/* no EOI for the spurious vector */
	irq_regs = regs;
	if (action->handler) {
		action->handler(vector, action->dev_id);
	} else if (!irq_warned[vector]) {	/* Linux's message, once per vector */
		irq_warned[vector] = true;
		pr_warn("do_IRQ: 0.%u No irq handler for vector\n", vector);
	}
	irq_regs = old_regs;
	apic_eoi();
}

/* A local APIC error (ERROR_APIC_VECTOR): Linux's message, then carry on. */
static irqreturn_t apic_error_interrupt(int irq, void *dev)
{
	pr_warn("APIC error on CPU0: %02x\n", apic_read_esr());
	return IRQ_HANDLED;
}

/* init_IRQ - see irq.h. */
void init_IRQ(void)
{
	BUILD_BUG_ON(NR_EXTERNAL_VECTORS != 224);

	legacy_pic_mask_all();
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
		set_intr_gate(v, irq_stub_table[v - FIRST_EXTERNAL_VECTOR]);
	apic_init();
	request_irq(ERROR_APIC_VECTOR, apic_error_interrupt, 0, "error", NULL);
}
