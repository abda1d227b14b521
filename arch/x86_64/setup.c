/*
 * arch/x86_64/setup.c - setup_arch(): what the machine and the boot loader
 * tell the kernel, before memory management exists.
 *
 * start_kernel() calls setup_arch(mb2_info_phys) once, on the boot CPU, with
 * interrupts off and boot/boot.asm's early page tables, which map physical
 * 0..1 GiB (EARLY_DIRECT_MAP_END) at PAGE_OFFSET.  In order:
 *
 *   1. mb2_parse() reads the multiboot2 information, through __va(), into
 *      boot_params (arch/x86_64/multiboot2.c).  An information block beyond
 *      the early direct map cannot be read yet: it is refused with a warning
 *      and the boot goes on without it (no command line, no memory map).
 *      The RSDP copy is matched to the firmware's original in the BIOS areas.
 *   2. The command line goes to boot_command_line and parse_early_param()
 *      runs the early_param() handlers (loglevel=, ...), so that everything
 *      printed from here on obeys them.
 *   3. The findings are printed, in Linux's words where Linux has them:
 *      "Command line:", the e820 map (e820__memory_setup() also makes it
 *      the kernel's e820_table), the modules, "ACPI: RSDP ...".
 *
 * The multiboot2 block, the modules and the RSDP's physical location must
 * stay untouched until memblock reserves them (x86_memblock_setup(), next).
 */
#include "arch/x86_64/setup.h"
#include "arch/x86_64/e820.h"
#include "arch/x86_64/mm/init.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/page.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct boot_params boot_params;

/*
 * The BIOS areas ACPI says to search for the RSDP (ACPI 6.x §5.2.5.1): the
 * first KiB of the EBDA, whose segment is the 16-bit word at 0x40e, and the
 * read-only BIOS area 0xe0000-0xfffff, on 16-byte boundaries.
 */
#define ACPI_EBDA_PTR_LOCATION	0x40e
#define ACPI_EBDA_WINDOW_SIZE	1024
#define ACPI_HI_RSDP_WINDOW_BASE 0xe0000
#define ACPI_HI_RSDP_WINDOW_SIZE 0x20000

/* Looks for the 20-byte RSDP 'copy' in [start, start + len) of physical memory. */
static phys_addr_t acpi_scan_rsdp(phys_addr_t start, u32 len, const void *copy)
{
	for (u32 off = 0; off + ACPI_RSDP_CHECKSUM_LENGTH <= len; off += 16)
		if (!memcmp(__va(start + off), copy, ACPI_RSDP_CHECKSUM_LENGTH))
			return start + off;
	return 0;
}

/*
 * The loader gives only a copy of the RSDP; Linux reports (and ACPI code
 * wants) the firmware's own.  On a BIOS machine it is in one of the search
 * areas above; otherwise (UEFI) the copy inside the multiboot2 block will
 * do, as long as that block stays reserved.
 */
static phys_addr_t acpi_find_rsdp(const struct boot_params *bp, phys_addr_t info_phys)
{
	phys_addr_t ebda, found;

	ebda = (phys_addr_t)*(const u16 *)__va(ACPI_EBDA_PTR_LOCATION) << 4;
	found = 0;
	if (ebda >= 0x400 && ebda < ACPI_HI_RSDP_WINDOW_BASE)
		found = acpi_scan_rsdp(ebda, ACPI_EBDA_WINDOW_SIZE, &bp->acpi_rsdp);
	if (!found)
		found = acpi_scan_rsdp(ACPI_HI_RSDP_WINDOW_BASE, ACPI_HI_RSDP_WINDOW_SIZE,
				       &bp->acpi_rsdp);
	return found ? found : info_phys + bp->acpi_rsdp_offset;
}

/* Reads the multiboot2 block into boot_params, if it lies in the early direct map. */
static void setup_boot_params(u64 mb2_info_phys)
{
	if (!mb2_info_phys || mb2_info_phys > EARLY_DIRECT_MAP_END - 8) {
		pr_warn("multiboot2: information at 0x%llx is outside the early direct map (below 0x%lx), ignored\n",
			mb2_info_phys, EARLY_DIRECT_MAP_END);
		memset(&boot_params, 0, sizeof(boot_params));
		return;
	}
	if (mb2_parse(__va(mb2_info_phys), EARLY_DIRECT_MAP_END - mb2_info_phys, &boot_params) < 0)
		return;
	boot_params.info_phys = mb2_info_phys;
	if (boot_params.acpi_rsdp_len)
		boot_params.acpi_rsdp_phys = acpi_find_rsdp(&boot_params, mb2_info_phys);
}

/* ACPICA's acpi_tb_fix_string(): an OEM id may hold anything; print only ASCII. */
static void acpi_fix_oem_id(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= ' ' && src[i] <= '~' ? src[i] : '?';
	dst[n] = '\0';
}

/* Prints the modules and the RSDP (the RSDP as ACPICA prints it). */
static void print_boot_params(const struct boot_params *bp)
{
	for (u32 i = 0; i < bp->nr_modules; i++) {
		const struct boot_module *mod = &bp->modules[i];

		if (mod->end > mod->start)
			pr_info("multiboot2: module %u: [mem 0x%016llx-0x%016llx] '%s'\n",
				i, mod->start, mod->end - 1, mod->cmdline);
		else
			pr_info("multiboot2: module %u: [mem 0x%016llx] empty '%s'\n",
				i, mod->start, mod->cmdline);
	}
	if (bp->acpi_rsdp_len) {
		const struct acpi_table_rsdp *rsdp = &bp->acpi_rsdp;
		char oem_id[sizeof(rsdp->oem_id) + 1];

		acpi_fix_oem_id(oem_id, rsdp->oem_id, sizeof(rsdp->oem_id));
		pr_info("ACPI: RSDP 0x%016llX %06X (v%02d %-6.6s)\n", bp->acpi_rsdp_phys,
			rsdp->revision > 0 ? rsdp->length : ACPI_RSDP_CHECKSUM_LENGTH,
			rsdp->revision, oem_id);
	} else {
		pr_info("ACPI: no RSDP from the boot loader\n");
	}
}

/* setup_arch - read the multiboot2 information and set up the machine. */
void setup_arch(u64 mb2_info_phys)
{
	setup_boot_params(mb2_info_phys);

	strscpy(boot_command_line, boot_params.cmdline, sizeof(boot_command_line));
	parse_early_param();
	pr_info("Command line: %s\n", boot_command_line);
	if (boot_params.loader_name[0])
		pr_info("Boot loader: %s\n", boot_params.loader_name);

	e820__memory_setup(boot_params.e820_table, boot_params.e820_entries);
	print_boot_params(&boot_params);

	/*
	 * Memory (arch/x86_64/mm/init.c): e820 RAM into memblock (capped by
	 * mem=) with the first MiB, the kernel image, the multiboot2 block and
	 * the modules reserved; then the kernel's own page tables (the boot
	 * identity map goes); then a struct page for every frame, and the zones.
	 */
	x86_memblock_setup();
	init_mem_mapping();
	paging_init();
}
