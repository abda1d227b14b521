/*
 * arch/x86_64/multiboot2.h - the multiboot2 boot information and what the
 * kernel keeps of it (arch/x86_64/multiboot2.c).
 *
 * GRUB hands the kernel (EBX in boot/boot.asm, then start_kernel's argument)
 * the physical address of a block laid out as in the Multiboot2
 * Specification, §3.6 "Boot information format":
 *
 *	u32 total_size		bytes in the whole block, this header included
 *	u32 reserved
 *	tags...			each: u32 type, u32 size (header included,
 *				padding not), then its data; each tag starts
 *				8-byte aligned; the last is type 0, size 8.
 *
 * mb2_parse() reads that block, checking every size against the bytes it
 * was given, into a struct boot_params: Linux's name for "what the boot
 * loader told us" (arch/x86/include/uapi/asm/bootparam.h), which setup_arch()
 * then hands out to e820, the command line and (later) memblock and the
 * initramfs code.  Nothing in boot_params points into the multiboot2 block:
 * strings are copied, so the block may be freed once setup is done.
 */
#ifndef ARCH_X86_64_MULTIBOOT2_H
#define ARCH_X86_64_MULTIBOOT2_H

#include "arch/x86_64/e820.h"
#include "kernel/compiler.h"
#include "kernel/params.h"
#include "kernel/types.h"

/* ---- the multiboot2 format (spec §3.6) ---- */
#define MULTIBOOT2_BOOTLOADER_MAGIC	0x36d76289	/* in EAX at entry */
#define MULTIBOOT_TAG_ALIGN		8

#define MULTIBOOT_TAG_TYPE_END			0
#define MULTIBOOT_TAG_TYPE_CMDLINE		1
#define MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME	2
#define MULTIBOOT_TAG_TYPE_MODULE		3
#define MULTIBOOT_TAG_TYPE_BASIC_MEMINFO	4
#define MULTIBOOT_TAG_TYPE_BOOTDEV		5
#define MULTIBOOT_TAG_TYPE_MMAP			6
#define MULTIBOOT_TAG_TYPE_ACPI_OLD		14
#define MULTIBOOT_TAG_TYPE_ACPI_NEW		15

/* Tag layouts, as GRUB's multiboot2.h names them.  Used for sizes and in tests. */
struct multiboot_tag {
	u32 type;
	u32 size;		/* header included, padding to 8 bytes not */
};

struct multiboot_tag_string {	/* types 1 (command line) and 2 (boot loader name) */
	u32 type;
	u32 size;
	char string[];		/* NUL-terminated inside the tag */
};

struct multiboot_tag_module {	/* type 3, one per module */
	u32 type;
	u32 size;
	u32 mod_start;		/* physical address of the first byte */
	u32 mod_end;		/* physical address one past the last byte */
	char cmdline[];		/* the module's "command line" (GRUB: module2 args) */
};

struct multiboot_tag_basic_meminfo {	/* type 4 */
	u32 type;
	u32 size;
	u32 mem_lower;		/* KiB of RAM from 0 */
	u32 mem_upper;		/* KiB of RAM from 1 MiB up to the first hole */
};

struct multiboot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;		/* 1 available, 3 ACPI, 4 NVS, 5 bad; other: reserved */
	u32 zero;
};

struct multiboot_tag_mmap {	/* type 6 */
	u32 type;
	u32 size;
	u32 entry_size;		/* stride of entries[]: >= 24 and a multiple of 8 */
	u32 entry_version;	/* 0 */
	struct multiboot_mmap_entry entries[];
};

struct multiboot_tag_old_acpi {	/* type 14: a copy of the ACPI 1.0 RSDP (20 bytes) */
	u32 type;
	u32 size;
	u8 rsdp[];
};

struct multiboot_tag_new_acpi {	/* type 15: a copy of the ACPI 2.0+ RSDP (36 bytes) */
	u32 type;
	u32 size;
	u8 rsdp[];
};

/* ---- ACPI's Root System Description Pointer (ACPI 6.x §5.2.5.3; ACPICA's name) ---- */
#define ACPI_RSDP_SIG		"RSD PTR "
#define ACPI_RSDP_CHECKSUM_LENGTH	20	/* the ACPI 1.0 part */
#define ACPI_RSDP_XCHECKSUM_LENGTH	36	/* the whole ACPI 2.0 structure */

struct acpi_table_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* bytes 0..19 sum to 0 */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0 (20 bytes); 2: ACPI 2.0+ (36 bytes) */
	u32 rsdt_physical_address;
	/* ACPI 2.0+ only: */
	u32 length;		/* of the whole structure */
	u64 xsdt_physical_address;
	u8 extended_checksum;	/* all 'length' bytes sum to 0 */
	u8 reserved[3];
} __packed;

/* ---- what the kernel keeps ---- */
#define BOOT_MAX_MODULES		16
#define BOOT_MODULE_CMDLINE_SIZE	128
#define BOOT_LOADER_NAME_SIZE		64

struct boot_module {
	phys_addr_t start;			/* first byte */
	phys_addr_t end;			/* one past the last byte (>= start) */
	char cmdline[BOOT_MODULE_CMDLINE_SIZE];	/* "initramfs", ...; may be "" */
};

struct boot_params {
	/* The memory map, in the boot loader's order: see arch/x86_64/e820.h. */
	u32 e820_entries;
	struct e820_entry e820_table[E820_MAX_ENTRIES];

	char cmdline[COMMAND_LINE_SIZE];	/* "" if the loader gave none */
	char loader_name[BOOT_LOADER_NAME_SIZE];	/* "" if none */

	u32 nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];

	bool have_meminfo;		/* tag 4 seen: */
	u32 mem_lower_kb;		/*   KiB of RAM below 640 KiB */
	u32 mem_upper_kb;		/*   KiB of RAM from 1 MiB up */

	/*
	 * The ACPI root pointer.  acpi_rsdp_len is 0 if the loader gave none
	 * (or only broken ones); otherwise acpi_rsdp holds its first
	 * acpi_rsdp_len bytes (20 or 36) and acpi_rsdp_offset says where the
	 * copy lies inside the multiboot2 block.  acpi_rsdp_phys is the
	 * physical address of an RSDP with that content: mb2_parse() leaves it
	 * 0, setup_arch() sets it (the firmware's original if it can find it,
	 * else the copy in the block).
	 */
	struct acpi_table_rsdp acpi_rsdp;
	u32 acpi_rsdp_len;
	u32 acpi_rsdp_offset;
	phys_addr_t acpi_rsdp_phys;

	phys_addr_t info_phys;		/* where the multiboot2 block is: set by setup_arch() */
	u32 info_size;			/* bytes of it that were read (memblock reserves them) */
};

/* Filled by setup_arch() from the multiboot2 information. */
extern struct boot_params boot_params;

/*
 * mb2_parse - read the multiboot2 information at info (at most avail
 * readable bytes there) into *bp, which it clears first.
 *
 * Never reads outside [info, info + min(avail, total_size)).  A malformed
 * tag is skipped with a warning naming the tag and the problem ("multiboot2:
 * tag 6 (memory map): entry_size 12 too small, skipped"); the good tags
 * around it are still used (a tag whose size cannot be trusted ends the walk,
 * since the tags after it cannot be found).  Returns the number of warnings
 * printed (0 for a clean block), or -EINVAL if the 8-byte header itself is
 * unusable (avail < 8 or total_size < 8).
 */
int mb2_parse(const void *info, size_t avail, struct boot_params *bp);

/* mb2_tag_name - "memory map", "command line", ...; "unknown" for others. */
const char *mb2_tag_name(u32 type);

#endif /* ARCH_X86_64_MULTIBOOT2_H */
