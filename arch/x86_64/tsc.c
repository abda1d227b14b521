/*
 * arch/x86_64/tsc.c - calibrate the time-stamp counter against the PIT.
 *
 * The TSC counts CPU cycles (on modern CPUs, at a constant rate) but nothing
 * tells us that rate directly on every machine, so we measure it, the way
 * Linux's pit_calibrate_tsc() does: the 8254 PIT ticks at a known 1.193182
 * MHz.  We load PIT channel 2 (the one whose gate software controls through
 * port 0x61) with a count worth CAL_MS milliseconds in mode 0 ("interrupt on
 * terminal count"), read the TSC, wait until the channel's output bit in
 * port 0x61 goes high, and read the TSC again.  The difference over CAL_MS is
 * tsc_khz.  local_clock() then turns TSC readings into nanoseconds since
 * start_kernel(): printk's timestamps and the BENCH figures use it.
 *
 * Under QEMU's TCG the TSC follows the host clock, so these times are wall
 * times of the emulated machine.
 */
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/io.h"
#include "kernel/printk.h"

#define PIT_TICK_RATE	1193182UL	/* Hz */
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_61		0x61		/* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 out */
#define CAL_MS		20

u64 tsc_khz;
u64 tsc_at_boot;

/* tsc_mark_boot - remember the TSC at the start of start_kernel(). */
void tsc_mark_boot(void)
{
	tsc_at_boot = rdtsc();
}

static u64 pit_calibrate_tsc(void)
{
	u32 latch = PIT_TICK_RATE * CAL_MS / 1000;
	u64 t1, t2;

	/* Gate high, speaker off. */
	outb((inb(PORT_61) & ~0x02) | 0x01, PORT_61);
	/* Channel 2, access lobyte/hibyte, mode 0, binary. */
	outb(0xb0, PIT_MODE);
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);
	t1 = rdtsc();
	while (!(inb(PORT_61) & 0x20))
		cpu_relax();
	t2 = rdtsc();
	return (t2 - t1) / CAL_MS;
}

/* tsc_init - measure tsc_khz; printk timestamps are 0 until this runs. */
void tsc_init(void)
{
	tsc_khz = pit_calibrate_tsc();
	if (!tsc_khz)
		tsc_khz = 1;		/* never divide by zero below */
	pr_info("tsc: Detected %llu.%03llu MHz processor\n",
		tsc_khz / 1000, tsc_khz % 1000);
}

u64 cycles_to_ns(u64 cycles)
{
	if (!tsc_khz)
		return 0;
	/* cycles * 1e6 / khz, split to avoid overflow for long uptimes. */
	return cycles / tsc_khz * 1000000ULL + (cycles % tsc_khz) * 1000000ULL / tsc_khz;
}

u64 local_clock(void)
{
	return cycles_to_ns(rdtsc() - tsc_at_boot);
}
