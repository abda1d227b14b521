/*
 * arch/x86_64/apic.c - the local APIC: enabling it, its timer, EOI; and
 * silencing the 8259 PIC (Linux's arch/x86/kernel/apic/apic.c and i8259.c).
 * See apic.h for the hardware.
 *
 * The timer.  The APIC timer counts down from an initial count at the bus
 * (or core crystal) clock divided by APIC_DIVISOR, and in periodic mode
 * reloads and interrupts each time it reaches 0.  Nothing tells us that
 * clock's rate, so it is measured as Linux's calibrate_APIC_clock() does:
 * let the timer count down from 0xffffffff while PIT channel 2 (1.193182
 * MHz, a known rate) measures CAL_MS milliseconds, exactly the way tsc.c
 * calibrates the TSC.  The counts that went by in CAL_MS give the counts per
 * tick, 1/HZ s: lapic_timer_period.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/fixmap.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define PIT_TICK_RATE	1193182UL	/* Hz */
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_61		0x61		/* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 out */
#define CAL_MS		20

/* The 8259 pair's ports. */
#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1

u32 lapic_timer_period;

static volatile u32 *apic_base(void)
{
	return (volatile u32 *)fix_to_virt(FIX_APIC_BASE);
}

/* apic_read - a local APIC register. */
u32 apic_read(u32 reg)
{
	return apic_base()[reg / 4];
}

/* apic_write - set a local APIC register. */
void apic_write(u32 reg, u32 v)
{
	apic_base()[reg / 4] = v;
}

/* apic_eoi - signal end of interrupt (any value may be written). */
void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* apic_read_esr - the error status: a write latches the current errors into ESR. */
u32 apic_read_esr(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

/*
 * legacy_pic_mask_all - the 8259 initialisation sequence (ICW1-4), with
 * the master at vector 0x20 and the slave at 0x28 and, at the end, every
 * line masked.  Even masked, a PIC may signal a spurious IRQ 7/15: remapped,
 * it lands on a harmless vector instead of an exception.
 */
void legacy_pic_mask_all(void)
{
	outb(0xff, PIC_MASTER_IMR);		/* mask everything during the setup */
	outb(0xff, PIC_SLAVE_IMR);
	outb(0x11, PIC_MASTER_CMD);		/* ICW1: edge, cascade, ICW4 follows */
	outb(ISA_IRQ_VECTOR(0), PIC_MASTER_IMR);	/* ICW2: vector base */
	outb(1 << 2, PIC_MASTER_IMR);		/* ICW3: slave on IRQ 2 */
	outb(0x01, PIC_MASTER_IMR);		/* ICW4: 8086 mode */
	outb(0x11, PIC_SLAVE_CMD);
	outb(ISA_IRQ_VECTOR(8), PIC_SLAVE_IMR);
	outb(2, PIC_SLAVE_IMR);			/* ICW3: cascade identity */
	outb(0x01, PIC_SLAVE_IMR);
	outb(0xff, PIC_MASTER_IMR);		/* OCW1: all masked */
	outb(0xff, PIC_SLAVE_IMR);
}

/* apic_init - see apic.h. */
void apic_init(void)
{
	u32 a, b, c, d;
	u64 base;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & (1U << 9)))
		panic("apic_init: no local APIC");
	base = rdmsr(MSR_IA32_APICBASE);
	if (base & MSR_IA32_APICBASE_X2APIC)
		panic("apic_init: the local APIC is in x2APIC mode; Pagoda drives xAPIC (MMIO)");
	wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	set_fixmap_nocache(FIX_APIC_BASE, base & MSR_IA32_APICBASE_BASE);

	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);	/* no ExtINT: the PIC is masked anyway */
	apic_write(APIC_LVT1, APIC_DM_NMI);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_read_esr();			/* clear errors from before */
	apic_eoi();				/* in case anything was in service */
	pr_info("APIC: local APIC id %u version 0x%x at 0x%llx, mapped uncached at 0x%lx; 8259 PIC masked\n",
		apic_read(APIC_ID) >> 24, apic_read(APIC_LVR) & 0xff,
		base & MSR_IA32_APICBASE_BASE, fix_to_virt(FIX_APIC_BASE));
}

/* Busy-waits CAL_MS milliseconds on PIT channel 2 (as tsc.c's calibration). */
static void pit_wait_cal_ms(void)
{
	u32 latch = PIT_TICK_RATE * CAL_MS / 1000;

	outb((inb(PORT_61) & ~0x02) | 0x01, PORT_61);	/* gate high, speaker off */
	outb(0xb0, PIT_MODE);			/* channel 2, lobyte/hibyte, mode 0 */
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);		/* counting starts here */
	while (!(inb(PORT_61) & 0x20))		/* OUT2 goes high at terminal count */
		cpu_relax();
}

/* The APIC timer counts (at APIC_DIVISOR) in CAL_MS of the PIT. */
static u32 calibrate_APIC_clock(void)
{
	u32 start, end;

	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);	/* one-shot, silent */
	apic_write(APIC_TMICT, 0xffffffff);
	start = apic_read(APIC_TMCCT);
	pit_wait_cal_ms();
	end = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);		/* stop it */
	return start - end;
}

/* setup_boot_APIC_clock - see apic.h. */
void setup_boot_APIC_clock(void)
{
	u32 delta;
	u64 bus_hz;

	pr_info("APIC timer calibration: counting down against PIT channel 2 for %d ms ...\n",
		CAL_MS);
	delta = calibrate_APIC_clock();
	lapic_timer_period = (u64)delta * 1000 / HZ / CAL_MS;
	bus_hz = (u64)delta * APIC_DIVISOR * 1000 / CAL_MS;
	pr_info("..... delta %u\n", delta);
	pr_info("..... calibration result: %u\n", lapic_timer_period);
	pr_info("..... host bus clock speed is %llu.%04llu MHz.\n",
		bus_hz / 1000000, bus_hz % 1000000 / 100);
	if (lapic_timer_period < 16)
		panic("setup_boot_APIC_clock: APIC timer calibration failed (delta %u)", delta);

	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, lapic_timer_period);
	pr_info("APIC timer: periodic on vector 0x%x, %u counts per tick, HZ=%d\n",
		LOCAL_TIMER_VECTOR, lapic_timer_period, HZ);
}
