/*
 * arch/x86_64/e820.c - the kernel's copy of the firmware memory map.
 *
 * The boot loader's memory map (parsed from multiboot2 by
 * arch/x86_64/multiboot2.c into boot_params) is copied here, into
 * e820_table, by e820__memory_setup(), which also prints it the way Linux
 * does at boot:
 *
 *	BIOS-provided physical RAM map:
 *	BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
 *	BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
 *
 * (end addresses inclusive).  The entries keep the firmware's order; they
 * are not sorted and overlaps are not resolved (Linux's e820__update_table
 * does both) - QEMU's and real BIOSes' maps are sorted and disjoint, and
 * memblock_add() merges overlapping RAM anyway.
 *
 * Invariants: every entry has size > 0 and addr + size does not overflow;
 * nr_entries <= E820_MAX_ENTRIES.  Written only from setup_arch() on the
 * boot CPU, read-only afterwards: no lock.
 */
#include "arch/x86_64/e820.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

static struct e820_table e820_table_init;
struct e820_table *e820_table = &e820_table_init;

/* e820__table - the memory map, read-only. */
const struct e820_table *e820__table(void)
{
	return e820_table;
}

/* e820_type_name - Linux's word for a range type, or NULL for an unknown one. */
const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:		return "usable";
	case E820_TYPE_RESERVED:	return "reserved";
	case E820_TYPE_ACPI:		return "ACPI data";
	case E820_TYPE_NVS:		return "ACPI NVS";
	case E820_TYPE_UNUSABLE:	return "unusable";
	default:			return NULL;
	}
}

/* e820__range_add - append one range; see e820.h. */
int e820__range_add(u64 start, u64 size, enum e820_type type)
{
	struct e820_entry *e;

	if (size == 0 || start + size < start)
		return -EINVAL;
	if (e820_table->nr_entries >= E820_MAX_ENTRIES) {
		pr_err("e820: too many entries; [mem 0x%016llx-0x%016llx] ignored\n",
		       start, start + size - 1);
		return -ENOSPC;
	}
	e = &e820_table->entries[e820_table->nr_entries++];
	e->addr = start;
	e->size = size;
	e->type = type;
	return 0;
}

/* e820__print_table - print every entry as "who: [mem start-end] type". */
void e820__print_table(const char *who)
{
	const struct e820_entry *e;

	for_each_e820_entry(e) {
		const char *name = e820_type_name(e->type);

		if (name)
			pr_info("%s: [mem 0x%016llx-0x%016llx] %s\n", who,
				e->addr, e->addr + e->size - 1, name);
		else
			pr_info("%s: [mem 0x%016llx-0x%016llx] type %u\n", who,
				e->addr, e->addr + e->size - 1, e->type);
	}
}

/* e820__memory_setup - take the boot loader's map and print it; see e820.h. */
void e820__memory_setup(const struct e820_entry *map, u32 nr)
{
	e820_table->nr_entries = 0;
	for (u32 i = 0; i < nr; i++)
		if (e820__range_add(map[i].addr, map[i].size, map[i].type))
			pr_warn("e820: bad entry %u ([mem 0x%016llx] size 0x%llx) ignored\n",
				i, map[i].addr, map[i].size);

	pr_info("BIOS-provided physical RAM map:\n");
	if (!e820_table->nr_entries)
		pr_warn("e820: the boot loader gave no memory map\n");
	e820__print_table("BIOS-e820");
}
