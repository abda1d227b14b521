/*
 * arch/x86_64/multiboot2.c - reading the multiboot2 boot information.
 *
 * The boot loader leaves a block of tags in memory (format: multiboot2.h
 * and the Multiboot2 Specification §3.6).  mb2_parse() walks it once and
 * copies what the kernel needs into a struct boot_params:
 *
 *	tag 1  command line      -> bp->cmdline
 *	tag 2  boot loader name  -> bp->loader_name
 *	tag 3  module (each)     -> bp->modules[]
 *	tag 4  basic meminfo     -> bp->mem_{lower,upper}_kb (a fallback map)
 *	tag 6  memory map        -> bp->e820_table[] (types map 1:1 to e820's)
 *	tag 14/15 ACPI RSDP copy -> bp->acpi_rsdp (15, ACPI 2.0+, wins over 14)
 *	tag 0  end
 * Other tags (framebuffer, ELF sections, load base, ...) are ignored.
 *
 * The block comes from outside the kernel, so nothing in it is trusted:
 *  - no byte outside [info, info + min(avail, total_size)) is ever read;
 *    every size is checked against what is left before it is used, and
 *    fields are read with memcpy so alignment does not matter either;
 *  - a malformed tag (or entry, or string) is skipped with one warning
 *    "multiboot2: tag T (name): problem, skipped" and the walk goes on;
 *  - only a tag whose own size is impossible (< 8, or past the end) ends
 *    the walk, because the tags after it can no longer be found;
 *  - only an unusable 8-byte header makes mb2_parse() fail (-EINVAL).
 * mb2_parse() returns the number of warnings it printed, which is what the
 * multiboot2 ktest suite (multiboot2_test.c) checks along with the result.
 *
 * Runs once, from setup_arch(), before anything else reads boot_params: no
 * locking.
 */
#include "arch/x86_64/multiboot2.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define MB2_TAG_HEADER_SIZE	8	/* u32 type, u32 size */
#define MB2_MMAP_HEADER_SIZE	8	/* entry_size, entry_version (after the tag header) */
#define MB2_MMAP_ENTRY_MIN	24	/* u64 addr, u64 len, u32 type, u32 zero */

/* The walk's state: the bytes it may read, and what it has seen so far. */
struct mb2_state {
	const u8 *info;		/* the block */
	u32 len;		/* readable bytes: min(avail, total_size) */
	struct boot_params *bp;	/* the result */
	int problems;		/* warnings printed */
	bool seen_cmdline;	/* a command line tag was used */
	bool seen_loader_name;	/* a boot loader name tag was used */
	bool seen_mmap;		/* a memory map tag was used */
	u32 rsdp_tag;		/* 14 or 15: the tag bp->acpi_rsdp came from; 0: none */
};

static const char *const mb2_tag_names[] = {
	[0] = "end",			[1] = "command line",
	[2] = "boot loader name",	[3] = "module",
	[4] = "basic meminfo",		[5] = "BIOS boot device",
	[6] = "memory map",		[7] = "VBE info",
	[8] = "framebuffer info",	[9] = "ELF sections",
	[10] = "APM table",		[11] = "EFI32 system table",
	[12] = "EFI64 system table",	[13] = "SMBIOS tables",
	[14] = "ACPI old RSDP",		[15] = "ACPI new RSDP",
	[16] = "networking",		[17] = "EFI memory map",
	[18] = "EFI boot services not terminated", [19] = "EFI32 image handle",
	[20] = "EFI64 image handle",	[21] = "image load base address",
};

/* mb2_tag_name - the spec's name for a tag type, or "unknown". */
const char *mb2_tag_name(u32 type)
{
	if (type < ARRAY_SIZE(mb2_tag_names) && mb2_tag_names[type])
		return mb2_tag_names[type];
	return "unknown";
}

/* Prints "multiboot2: tag T (name): <message>" and counts the problem. */
static __printf(3, 4) void mb2_warn(struct mb2_state *s, u32 type, const char *fmt, ...)
{
	char msg[200];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_warn("multiboot2: tag %u (%s): %s\n", type, mb2_tag_name(type), msg);
	s->problems++;
}

/* Unaligned-safe little-endian reads (x86 is little-endian, as is the format). */
static u32 get_u32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static u64 get_u64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Copies the NUL-terminated string at data (len bytes of tag data) into
 * dst.  Returns -EINVAL (after a warning) if there is no NUL inside the tag;
 * a string too long for dst is truncated, with a warning, and still used.
 */
static int mb2_copy_string(struct mb2_state *s, u32 type, const u8 *data, u32 len,
			   char *dst, size_t dsize)
{
	if (!memchr(data, '\0', len)) {
		mb2_warn(s, type, "string not NUL-terminated inside the tag, skipped");
		return -EINVAL;
	}
	if (strscpy(dst, (const char *)data, dsize) < 0)
		mb2_warn(s, type, "string of %zu bytes truncated to %zu",
			 strlen((const char *)data), dsize - 1);
	return 0;
}

/* Tags 1 and 2: the command line and the boot loader's name; the first of each wins. */
static void mb2_parse_string(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	bool *seen = type == MULTIBOOT_TAG_TYPE_CMDLINE ? &s->seen_cmdline : &s->seen_loader_name;
	char *dst = type == MULTIBOOT_TAG_TYPE_CMDLINE ? s->bp->cmdline : s->bp->loader_name;
	size_t dsize = type == MULTIBOOT_TAG_TYPE_CMDLINE ? sizeof(s->bp->cmdline)
							 : sizeof(s->bp->loader_name);

	if (*seen) {
		mb2_warn(s, type, "duplicate, skipped");
		return;
	}
	if (mb2_copy_string(s, type, data, len, dst, dsize) == 0)
		*seen = true;
}

/* Tag 3: one module (mod_start, mod_end, then its command line). */
static void mb2_parse_module(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	struct boot_params *bp = s->bp;
	struct boot_module *mod;
	u32 start, end;

	if (len < 8) {
		mb2_warn(s, type, "size %u too small, skipped", len + MB2_TAG_HEADER_SIZE);
		return;
	}
	start = get_u32(data);
	end = get_u32(data + 4);
	if (end < start) {
		mb2_warn(s, type, "end 0x%x below start 0x%x, skipped", end, start);
		return;
	}
	if (bp->nr_modules >= BOOT_MAX_MODULES) {
		mb2_warn(s, type, "more than %d modules, the one at 0x%x skipped",
			 BOOT_MAX_MODULES, start);
		return;
	}
	mod = &bp->modules[bp->nr_modules];
	if (mb2_copy_string(s, type, data + 8, len - 8, mod->cmdline, sizeof(mod->cmdline)))
		return;
	mod->start = start;
	mod->end = end;
	bp->nr_modules++;
}

/* Tag 4: RAM below 640 KiB and above 1 MiB, in KiB. */
static void mb2_parse_meminfo(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	if (len < 8) {
		mb2_warn(s, type, "size %u too small, skipped", len + MB2_TAG_HEADER_SIZE);
		return;
	}
	s->bp->have_meminfo = true;
	s->bp->mem_lower_kb = get_u32(data);
	s->bp->mem_upper_kb = get_u32(data + 4);
}

/* Appends one memory-map entry to bp->e820_table; false if it was dropped. */
static bool mb2_add_mmap_entry(struct mb2_state *s, u32 type, u32 i, const u8 *e)
{
	struct boot_params *bp = s->bp;
	u64 addr = get_u64(e), size = get_u64(e + 8);

	if (size == 0)
		return true;		/* nothing to record: not a problem */
	if (addr + size < addr) {
		mb2_warn(s, type, "entry %u [0x%llx + 0x%llx] wraps around, skipped", i, addr, size);
		return true;
	}
	if (bp->e820_entries >= E820_MAX_ENTRIES)
		return false;
	bp->e820_table[bp->e820_entries].addr = addr;
	bp->e820_table[bp->e820_entries].size = size;
	bp->e820_table[bp->e820_entries].type = get_u32(e + 16);
	bp->e820_entries++;
	return true;
}

/* Tag 6: the memory map.  Checks the entry layout, then takes every whole entry. */
static void mb2_parse_mmap(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	u32 entry_size, n, rest, dropped = 0;

	if (len < MB2_MMAP_HEADER_SIZE) {
		mb2_warn(s, type, "size %u too small, skipped", len + MB2_TAG_HEADER_SIZE);
		return;
	}
	entry_size = get_u32(data);
	if (entry_size < MB2_MMAP_ENTRY_MIN) {
		mb2_warn(s, type, "entry_size %u too small, skipped", entry_size);
		return;
	}
	if (entry_size % 8) {
		mb2_warn(s, type, "entry_size %u not a multiple of 8, skipped", entry_size);
		return;
	}
	if (s->seen_mmap) {
		mb2_warn(s, type, "duplicate, skipped");
		return;
	}
	s->seen_mmap = true;
	data += MB2_MMAP_HEADER_SIZE;
	len -= MB2_MMAP_HEADER_SIZE;
	n = len / entry_size;
	rest = len % entry_size;
	for (u32 i = 0; i < n; i++)
		if (!mb2_add_mmap_entry(s, type, i, data + (size_t)i * entry_size))
			dropped++;
	if (rest)
		mb2_warn(s, type, "last %u bytes are not a whole entry (entry_size %u), ignored",
			 rest, entry_size);
	if (dropped)
		mb2_warn(s, type, "more than %d entries, last %u dropped", E820_MAX_ENTRIES, dropped);
}

static u8 acpi_checksum(const u8 *p, u32 len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * Tags 14 and 15: a copy of the RSDP.  Checked as ACPICA's
 * acpi_tb_validate_rsdp() does (signature, checksum, and for 2.0+ the
 * length and extended checksum).  A tag 15 copy replaces a tag 14 one.
 */
static void mb2_parse_acpi(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	bool is_new = type == MULTIBOOT_TAG_TYPE_ACPI_NEW;
	u32 need = is_new ? ACPI_RSDP_XCHECKSUM_LENGTH : ACPI_RSDP_CHECKSUM_LENGTH;
	u32 rsdp_len = need;

	if (len < need) {
		mb2_warn(s, type, "size %u too small for an RSDP, skipped", len + MB2_TAG_HEADER_SIZE);
		return;
	}
	if (memcmp(data, ACPI_RSDP_SIG, 8)) {
		mb2_warn(s, type, "no \"RSD PTR \" signature, skipped");
		return;
	}
	if (acpi_checksum(data, ACPI_RSDP_CHECKSUM_LENGTH)) {
		mb2_warn(s, type, "bad RSDP checksum, skipped");
		return;
	}
	if (is_new) {
		rsdp_len = get_u32(data + offsetof(struct acpi_table_rsdp, length));
		if (rsdp_len < need || rsdp_len > len) {
			mb2_warn(s, type, "RSDP length %u does not fit the tag, skipped", rsdp_len);
			return;
		}
		if (acpi_checksum(data, rsdp_len)) {
			mb2_warn(s, type, "bad RSDP extended checksum, skipped");
			return;
		}
	}
	if (s->rsdp_tag == type) {
		mb2_warn(s, type, "duplicate, skipped");
		return;
	}
	if (s->rsdp_tag == MULTIBOOT_TAG_TYPE_ACPI_NEW)
		return;			/* the ACPI 2.0 copy is already there: keep it */
	memset(&s->bp->acpi_rsdp, 0, sizeof(s->bp->acpi_rsdp));
	memcpy(&s->bp->acpi_rsdp, data, min(rsdp_len, (u32)sizeof(s->bp->acpi_rsdp)));
	s->bp->acpi_rsdp_len = min(rsdp_len, (u32)sizeof(s->bp->acpi_rsdp));
	s->bp->acpi_rsdp_offset = (u32)(data - s->info);
	s->rsdp_tag = type;
}

/* Hands one tag's data (len bytes after its 8-byte header) to its parser. */
static void mb2_parse_tag(struct mb2_state *s, u32 type, const u8 *data, u32 len)
{
	switch (type) {
	case MULTIBOOT_TAG_TYPE_CMDLINE:
	case MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME:
		mb2_parse_string(s, type, data, len);
		break;
	case MULTIBOOT_TAG_TYPE_MODULE:
		mb2_parse_module(s, type, data, len);
		break;
	case MULTIBOOT_TAG_TYPE_BASIC_MEMINFO:
		mb2_parse_meminfo(s, type, data, len);
		break;
	case MULTIBOOT_TAG_TYPE_MMAP:
		mb2_parse_mmap(s, type, data, len);
		break;
	case MULTIBOOT_TAG_TYPE_ACPI_OLD:
	case MULTIBOOT_TAG_TYPE_ACPI_NEW:
		mb2_parse_acpi(s, type, data, len);
		break;
	default:
		break;			/* not needed by Pagoda */
	}
}

/*
 * Walks the tags from offset 8 until the end tag.  Each tag's size is
 * checked against the bytes left before any of its data is looked at.
 */
static void mb2_walk(struct mb2_state *s)
{
	u64 off = 8;

	for (;;) {
		u32 type, size;

		if (off + MB2_TAG_HEADER_SIZE > s->len) {
			mb2_warn(s, MULTIBOOT_TAG_TYPE_END, "missing at offset %llu of %u bytes",
				 off, s->len);
			return;
		}
		type = get_u32(s->info + off);
		size = get_u32(s->info + off + 4);
		if (size < MB2_TAG_HEADER_SIZE) {
			mb2_warn(s, type, "size %u too small, this and later tags ignored", size);
			return;
		}
		if (size > s->len - off) {
			mb2_warn(s, type, "size %u runs past the end (%llu bytes left), this and later tags ignored",
				 size, s->len - off);
			return;
		}
		if (type == MULTIBOOT_TAG_TYPE_END)
			return;
		mb2_parse_tag(s, type, s->info + off + MB2_TAG_HEADER_SIZE,
			      size - MB2_TAG_HEADER_SIZE);
		off += ALIGN((u64)size, MULTIBOOT_TAG_ALIGN);
	}
}

/*
 * Without a usable memory map, fall back on the basic meminfo tag the way
 * old loaders were used: [0, lower KiB) and [1 MiB, 1 MiB + upper KiB).
 */
static void mb2_fallback_map(struct mb2_state *s)
{
	struct boot_params *bp = s->bp;

	if (bp->e820_entries)
		return;
	if (!bp->have_meminfo) {
		mb2_warn(s, MULTIBOOT_TAG_TYPE_MMAP, "no usable memory map");
		return;
	}
	mb2_warn(s, MULTIBOOT_TAG_TYPE_MMAP,
		 "no usable memory map; using basic meminfo (lower %u KiB, upper %u KiB)",
		 bp->mem_lower_kb, bp->mem_upper_kb);
	if (bp->mem_lower_kb)
		bp->e820_table[bp->e820_entries++] = (struct e820_entry){
			0, (u64)bp->mem_lower_kb << 10, E820_TYPE_RAM };
	if (bp->mem_upper_kb)
		bp->e820_table[bp->e820_entries++] = (struct e820_entry){
			1ULL << 20, (u64)bp->mem_upper_kb << 10, E820_TYPE_RAM };
}

/* mb2_parse - read the multiboot2 information into *bp; see multiboot2.h. */
int mb2_parse(const void *info, size_t avail, struct boot_params *bp)
{
	struct mb2_state s = { .info = info, .bp = bp };
	u32 total;

	memset(bp, 0, sizeof(*bp));
	if (avail < 8) {
		pr_warn("multiboot2: only %zu bytes of boot information readable, ignored\n", avail);
		return -EINVAL;
	}
	total = get_u32(s.info);
	if (total < 8) {
		pr_warn("multiboot2: total_size %u too small, boot information ignored\n", total);
		return -EINVAL;
	}
	s.len = total;
	if (total > avail) {
		s.len = (u32)avail;
		pr_warn("multiboot2: total_size %u runs past the %zu readable bytes, only those used\n",
			total, avail);
		s.problems++;
	}
	bp->info_size = s.len;
	mb2_walk(&s);
	mb2_fallback_map(&s);
	return s.problems;
}
