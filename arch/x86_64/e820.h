/*
 * arch/x86_64/e820.h - the firmware's physical memory map (arch/x86_64/e820.c;
 * Linux's asm/e820/api.h and asm/e820/types.h).
 *
 * "e820" is the BIOS call (INT 15h, AX=E820h) that reports which physical
 * address ranges are RAM and which are reserved; Linux kept the name for the
 * memory map whatever its source.  Pagoda's comes from the multiboot2 memory
 * map tag (arch/x86_64/multiboot2.c), whose memory types are the e820 ones.
 *
 * setup_arch() copies the boot loader's map into e820_table with
 * e820__memory_setup(); memblock (mm/memblock.c) then reads it with
 * for_each_e820_entry() and adds every E820_TYPE_RAM range.  The table is
 * written only during setup_arch(), on one CPU, so it needs no lock.
 */
#ifndef ARCH_X86_64_E820_H
#define ARCH_X86_64_E820_H

#include "kernel/types.h"

#define E820_MAX_ENTRIES	128

/* Range types: the same numbers as the BIOS call and multiboot2's map. */
enum e820_type {
	E820_TYPE_RAM		= 1,	/* usable RAM */
	E820_TYPE_RESERVED	= 2,	/* firmware, devices: never touch */
	E820_TYPE_ACPI		= 3,	/* ACPI tables: reusable once they are read */
	E820_TYPE_NVS		= 4,	/* ACPI non-volatile storage: keep across sleep */
	E820_TYPE_UNUSABLE	= 5,	/* RAM found to be bad */
};

/* One range of the map.  Other type numbers are kept and printed as "type N". */
struct e820_entry {
	u64 addr;		/* first byte */
	u64 size;		/* length in bytes, > 0; addr + size does not overflow */
	u32 type;		/* enum e820_type */
};

struct e820_table {
	u32 nr_entries;		/* entries[0..nr_entries) are in use */
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The kernel's memory map (Linux's name); filled by e820__memory_setup(). */
extern struct e820_table *e820_table;

/* for_each_e820_entry(entry) - walk e820_table in its order (the firmware's). */
#define for_each_e820_entry(entry)					\
	for ((entry) = e820_table->entries;				\
	     (entry) < e820_table->entries + e820_table->nr_entries;	\
	     (entry)++)

/* e820__table - the memory map, read-only, for code outside arch/ (memblock). */
const struct e820_table *e820__table(void);

/*
 * e820__range_add - append [start, start + size) of the given type.  Returns
 * 0, -EINVAL for an empty or overflowing range, -ENOSPC if the table is full
 * (the range is then dropped with a warning).
 */
int e820__range_add(u64 start, u64 size, enum e820_type type);

/*
 * e820__memory_setup - replace e820_table with the nr boot-loader entries of
 * map and print it ("BIOS-provided physical RAM map:").  Called once, from
 * setup_arch().
 */
void e820__memory_setup(const struct e820_entry *map, u32 nr);

/* e820__print_table - one line per entry, Linux's format, prefixed by who. */
void e820__print_table(const char *who);

/* e820_type_name - "usable", "reserved", ... as Linux prints them; NULL if unknown. */
const char *e820_type_name(u32 type);

#endif /* ARCH_X86_64_E820_H */
