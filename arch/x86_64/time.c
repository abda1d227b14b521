/*
 * arch/x86_64/time.c - the tick (Linux's arch/x86/kernel/time.c and
 * kernel/time/tick-common.c's tick_periodic, folded together).
 *
 * The local APIC timer interrupts HZ times a second (apic.c) on
 * LOCAL_TIMER_VECTOR; each tick:
 *   jiffies++                    the kernel's coarse clock
 *   account_process_tick()       the tick goes to current's utime or stime,
 *                                by whether it interrupted user mode
 *   scheduler_tick()             sleepers whose time came, time slices
 *   tty_poll()                   console input, polled (no UART interrupt)
 * Runs with interrupts off, on the interrupted task's stack.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/time.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

unsigned long volatile jiffies;

/*
 * The console's input side (drivers/tty/tty.c).  A weak reference: a
 * kernel built without a tty layer still links, and the tick then polls
 * nothing.
 */
extern void tty_poll(void) __weak;

/* One tick (see the top of the file). */
static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	struct pt_regs *regs = get_irq_regs();

	jiffies++;
	account_process_tick(current, user_mode(regs));
	scheduler_tick();
	if (tty_poll)
		tty_poll();
	return IRQ_HANDLED;
}

/*
 * time_init - install the tick handler and start the APIC timer at HZ.
 * After init_IRQ(); the first tick comes once interrupts are enabled.
 */
void time_init(void)
{
	if (request_irq(LOCAL_TIMER_VECTOR, timer_interrupt, 0, "timer", NULL))
		panic("time_init: cannot install the timer interrupt");
	setup_boot_APIC_clock();
}
