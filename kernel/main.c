/*
 * kernel/main.c - start_kernel(): the order in which Pagoda comes up.
 *
 * boot/boot.asm calls start_kernel(mb2_info_phys) on the boot stack, in the
 * higher half, with the early page tables, interrupts off.  From here:
 *
 *   setup_per_cpu_areas()  GS base -> this CPU's pcpu_hot: `current` works
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
 *   sched_init()        the boot flow becomes CPU 0's idle task (pid 0)
 *   init_IRQ(), time_init()  local APIC, the timer tick at HZ; interrupts on
 *   syscall_init()      the SYSCALL entry point (MSRs)
 *   vfs_init()          the root ramfs, /dev, the initramfs unpacked into it
 *   pci_subsys_init()   PCI bus scan (one line per function), virtio-pci with
 *                       MSI-X, virtio-blk: /dev/vda (drivers/pci/pci.c)
 *   rest_init()         starts pid 1 (kernel/init.c): it runs ktest=/kbench=
 *                       if given, else execs /init; this flow idles
 */
#include "arch/x86_64/irq.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/setup.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/time.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/tsc.h"
#include "drivers/pci/pci.h"
#include "drivers/tty/serial.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/init.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/fs/fs.h"
#include "kernel/string.h"
#include "kernel/errno.h"
#include "kernel/version.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/swap.h"
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
	swap_init();			/* swap areas come later: swapon(2) */
}

/* start_kernel - bring the kernel up; called once from boot.asm, never returns. */
void start_kernel(u64 mb2_info_phys)
{
	setup_per_cpu_areas();		/* `current` works from here on */
	tsc_mark_boot();
	serial_console_init();
	pr_notice("%s\n", pagoda_banner);
	tsc_init();
	trap_init();
	setup_arch(mb2_info_phys);
	pr_info("Kernel command line: %s\n", boot_command_line);
	parse_args();
	mm_init();
	sched_init();			/* the boot flow becomes the idle task */
	init_IRQ();			/* PIC masked, local APIC, vectors 32-255 */
	time_init();			/* the APIC timer at HZ */
	local_irq_enable();

	printk("BENCH name=boot_to_start_kernel unit=ms value=%llu.%03llu\n",
	       cycles_to_ns(tsc_at_boot) / 1000000, cycles_to_ns(tsc_at_boot) / 1000 % 1000);

	syscall_init();			/* SYSCALL/SYSRET MSRs: user programs can call in */
	vfs_init();			/* root ramfs, /dev, the initramfs unpacked */
	pci_subsys_init();		/* PCI devices, virtio-blk: /dev/vda */
	rest_init();			/* pid 1 runs the tests or /init; we become idle */
}
