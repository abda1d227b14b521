/*
 * kernel/main.c - start_kernel(): the order in which Pagoda comes up.
 *
 * boot/boot.asm calls start_kernel(mb2_info_phys) on the boot stack, in the
 * higher half, with the early page tables, interrupts off.  From here:
 *
 *   serial console      so that every later step can print
 *   tsc_init()          TSC calibrated against the PIT: real timestamps
 *   trap_init()         GDT, TSS with IST stacks, IDT: from now on a fault
 *                       is an oops with a symbolized call trace, not a reset
 *   setup_arch()        multiboot2 tags -> memory map, command line, modules,
 *                       ACPI RSDP; early_param() handlers (loglevel=, ...);
 *                       memblock, the kernel's page tables, struct pages, zones
 *   parse_args()        the remaining (__setup) command-line parameters
 *   mm_init()           memblock hands every free page to the buddy
 *                       allocator; watermarks; SLUB and kmalloc; vmalloc
 *   ktest_run()         with ktest=...: run in-kernel test suites (and
 *                       kbench=... benchmarks), power off
 *   kbench_run()        with only kbench=...: run the benchmarks, power off
 *
 * Later issues add the scheduler and init, each at the place Linux's
 * start_kernel() has it.
 */
#include "arch/x86_64/power.h"
#include "arch/x86_64/setup.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/tsc.h"
#include "drivers/tty/serial.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/errno.h"
#include "kernel/version.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

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

/*
 * mm_init - from boot memory to the real allocators: after this, nothing
 * allocates from memblock (a later call is a BUG), and alloc_pages,
 * kmalloc and vmalloc work.
 */
static void mm_init(void)
{
	memblock_free_all();
	init_per_zone_wmark_min();
	mem_init_print_info();
	kmem_cache_init();
	vmalloc_init();
}

/* start_kernel - bring the kernel up; called once from boot.asm, never returns. */
void start_kernel(u64 mb2_info_phys)
{
	tsc_mark_boot();
	serial_console_init();
	pr_notice("%s\n", pagoda_banner);
	tsc_init();
	trap_init();
	setup_arch(mb2_info_phys);
	pr_info("Kernel command line: %s\n", boot_command_line);
	parse_args();
	mm_init();

	printk("BENCH name=boot_to_start_kernel unit=ms value=%llu.%03llu\n",
	       cycles_to_ns(tsc_at_boot) / 1000000, cycles_to_ns(tsc_at_boot) / 1000 % 1000);

	ktest_run();
	if (kbench_run())
		machine_power_off(QEMU_EXIT_PASS);

	pr_info("Pagoda is up; nothing else to run yet: powering off.\n");
	machine_power_off(QEMU_EXIT_PASS);
}
