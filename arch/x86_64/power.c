/*
 * arch/x86_64/power.c - powering off the (virtual) machine.
 *
 * Test runs start QEMU with -device isa-debug-exit,iobase=0xf4,iosize=0x04:
 * a write of v to port 0xf4 makes QEMU exit with status (v << 1) | 1, which is
 * how a run reports pass (0x10 -> 33), fail (0x11 -> 35) or panic (0x12 -> 37)
 * to its harness (DESIGN.md §6).  Without that device (`make run`) the write
 * does nothing, so machine_power_off() then tries ACPI power-off through the PIIX4 PM port QEMU
 * provides at 0x604 (S5: SLP_TYP=0, SLP_EN), and finally halts.  A panic
 * only calls qemu_debug_exit() and then halts, so that in `make run` the
 * panic message stays on the screen.
 */
#include "arch/x86_64/power.h"
#include "arch/x86_64/io.h"

#define QEMU_DEBUG_EXIT_PORT	0xf4
#define QEMU_ACPI_PM1A_CNT	0x604
#define ACPI_SLP_EN		(1 << 13)

void machine_halt(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

void qemu_debug_exit(int status)
{
	outl((u32)status, QEMU_DEBUG_EXIT_PORT);
}

void machine_power_off(int status)
{
	local_irq_disable();
	qemu_debug_exit(status);
	outw(ACPI_SLP_EN, QEMU_ACPI_PM1A_CNT);
	machine_halt();
}
