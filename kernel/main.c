/*
 * kernel/main.c - start_kernel(): the order in which Pagoda comes up.
 *
 * boot/boot.asm calls start_kernel(mb2_info_phys) on the boot stack, in the
 * higher half, with the early page tables, interrupts off.  From here:
 *
 *   serial console      so that every later step can print
 *   setup_arch()        multiboot2 tags -> memory map, command line, modules,
 *                       ACPI RSDP; early_param() handlers (loglevel=, ...)
 *   trap_init()         GDT, TSS with IST stacks, IDT: from now on a fault
 *                       is an oops with a symbolized call trace, not a reset
 *   tsc_init()          TSC calibrated against the PIT: real timestamps
 *   parse_args()        the remaining (__setup) command-line parameters
 *   ktest_run()         with ktest=...: run in-kernel test suites, power off
 *
 * Later issues add mm_init() (memblock -> buddy -> SLUB), the scheduler and
 * init, each at the place Linux's start_kernel() has it.
 */
#include "arch/x86_64/power.h"
#include "arch/x86_64/setup.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/tsc.h"
#include "drivers/tty/serial.h"
#include "kernel/ktest.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/errno.h"
#include "kernel/version.h"

void start_kernel(u64 mb2_info_phys);

static int parse_loglevel(char *arg)
{
	int level;

	if (kstrtoint(arg, 0, &level) || level < 0 || level > 15)
		return -EINVAL;
	console_loglevel = level;
	return 0;
}
early_param("loglevel", parse_loglevel);

/* start_kernel - bring the kernel up; called once from boot.asm, never returns. */
void start_kernel(u64 mb2_info_phys)
{
	tsc_mark_boot();
	serial_console_init();
	pr_notice("%s\n", pagoda_banner);

	setup_arch(mb2_info_phys);
	trap_init();
	tsc_init();
	pr_info("Kernel command line: %s\n", boot_command_line);
	parse_args();

	printk("BENCH name=boot_to_start_kernel unit=ms value=%llu.%03llu\n",
	       cycles_to_ns(tsc_at_boot) / 1000000, cycles_to_ns(tsc_at_boot) / 1000 % 1000);

	ktest_run();

	pr_info("Pagoda is up; nothing else to run yet: powering off.\n");
	machine_power_off(QEMU_EXIT_PASS);
}
