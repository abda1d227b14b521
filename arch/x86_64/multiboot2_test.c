/*
 * arch/x86_64/multiboot2_test.c - ktest suite "multiboot2": mb2_parse() on
 * synthetic boot information blocks, good and malformed.
 *
 * Each case builds a block tag by tag in mbb (a small builder: mb_begin,
 * mb_string, mb_mmap, mb_module, ..., mb_end), then mb_parse() copies it to
 * the end of an arena so that it is immediately followed by a canary region
 * full of well-formed module tags named "canary".  A parser that read past
 * the bytes it was given would pick those up, so every case checks the exact
 * number of modules (and entries) found as well as the returned problem
 * count.  Where the exact warning text matters, EXPECT_LOG() looks for it in
 * the kernel log written since the case began (skipped, with a note, if the
 * 64 KiB log ring has wrapped).
 *
 * Also: e820__range_add() against a private table swapped in for the
 * global one (and swapped back: the live map is never touched).
 */
#include "arch/x86_64/e820.h"
#include "arch/x86_64/multiboot2.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define MBB_SIZE	8192	/* the largest block a case builds */
#define CANARY_SIZE	240	/* ten 24-byte "canary" module tags */

/* The block being built. */
static struct {
	u8 buf[MBB_SIZE] __aligned(8);
	u32 len;		/* bytes used; the next tag goes here */
	bool overflow;		/* a case tried to build more than MBB_SIZE */
	u32 rsdp_off;		/* offset of the last RSDP copy written */
} mbb;

/* The block followed by the canary, and what mb2_parse() made of it. */
static u8 arena[MBB_SIZE + CANARY_SIZE] __aligned(8);
static struct boot_params bp;

static void put_u32(u8 *p, u32 v) { memcpy(p, &v, sizeof(v)); }
static void put_u64(u8 *p, u64 v) { memcpy(p, &v, sizeof(v)); }

static void mb_begin(void)
{
	memset(&mbb, 0, sizeof(mbb));
	mbb.len = 8;
}

/*
 * Appends a tag header claiming 'size' bytes but reserving 'reserve' (both
 * rounded as the format does); returns where its data goes.
 */
static u8 *mb_tag_raw(u32 type, u32 size, u32 reserve)
{
	static u8 scratch[MBB_SIZE];
	u8 *tag = mbb.buf + mbb.len;

	reserve = ALIGN(max(reserve, 8u), 8u);
	if (mbb.len + reserve > MBB_SIZE) {
		mbb.overflow = true;
		return scratch;
	}
	put_u32(tag, type);
	put_u32(tag + 4, size);
	mbb.len += reserve;
	return tag + 8;
}

static u8 *mb_tag(u32 type, u32 size)
{
	return mb_tag_raw(type, size, size);
}

/* A string tag; with_nul false leaves the terminating NUL out of the tag. */
static void mb_string_n(u32 type, const char *s, bool with_nul)
{
	u32 n = strlen(s) + (with_nul ? 1 : 0);

	memcpy(mb_tag(type, 8 + n), s, n);
}

static void mb_string(u32 type, const char *s)
{
	mb_string_n(type, s, true);
}

static void mb_module(u32 start, u32 end, const char *cmdline)
{
	u32 n = strlen(cmdline) + 1;
	u8 *d = mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 16 + n);

	put_u32(d, start);
	put_u32(d + 4, end);
	memcpy(d + 8, cmdline, n);
}

static void mb_meminfo(u32 lower, u32 upper)
{
	u8 *d = mb_tag(MULTIBOOT_TAG_TYPE_BASIC_MEMINFO, 16);

	put_u32(d, lower);
	put_u32(d + 4, upper);
}

/*
 * A memory map tag with n entries laid out entry_size apart; extra bytes
 * of tag size beyond the entries (a partial entry) come from 'tail'.
 */
static void mb_mmap_tail(u32 entry_size, const struct e820_entry *e, u32 n, u32 tail)
{
	u8 *d = mb_tag(MULTIBOOT_TAG_TYPE_MMAP, 16 + n * entry_size + tail);

	if (mbb.overflow)
		return;
	put_u32(d, entry_size);
	put_u32(d + 4, 0);
	for (u32 i = 0; i < n; i++) {
		u8 *p = d + 8 + i * entry_size;

		put_u64(p, e[i].addr);
		if (entry_size >= 16)
			put_u64(p + 8, e[i].size);
		if (entry_size >= 24)
			put_u32(p + 16, e[i].type);
	}
}

static void mb_mmap(u32 entry_size, const struct e820_entry *e, u32 n)
{
	mb_mmap_tail(entry_size, e, n, 0);
}

/* An RSDP copy (tag 14: 20 bytes, revision 0; tag 15: 36 bytes, revision 2). */
static void mb_rsdp(u32 type, const char *oem, u32 rsdt, bool good_checksum)
{
	struct acpi_table_rsdp r;
	u32 len = type == MULTIBOOT_TAG_TYPE_ACPI_NEW ? 36 : 20;
	u8 sum = 0;
	u8 *d;

	memset(&r, 0, sizeof(r));
	memcpy(r.signature, ACPI_RSDP_SIG, 8);
	memcpy(r.oem_id, oem, 6);
	r.revision = len == 36 ? 2 : 0;
	r.rsdt_physical_address = rsdt;
	if (len == 36) {
		r.length = 36;
		r.xsdt_physical_address = 0x7fe1234;
	}
	for (u32 i = 0; i < 20; i++)
		sum += ((u8 *)&r)[i];
	r.checksum = -sum + (good_checksum ? 0 : 1);
	if (len == 36) {
		sum = 0;
		for (u32 i = 0; i < 36; i++)
			sum += ((u8 *)&r)[i];
		r.extended_checksum = -sum;
	}
	d = mb_tag(type, 8 + len);
	mbb.rsdp_off = (u32)(d - mbb.buf);
	memcpy(d, &r, len);
}

/* Writes total_size; with_end_tag adds the end tag first. */
static void mb_finish(bool with_end_tag)
{
	if (with_end_tag)
		mb_tag(MULTIBOOT_TAG_TYPE_END, 8);
	put_u32(mbb.buf, mbb.len);
}

static void mb_end(void)
{
	mb_finish(true);
}

/* Copies the block to the end of the arena, canary after it, and parses 'avail' bytes. */
static int mb_parse_avail(struct ktest *t, size_t avail)
{
	u8 *block = arena + MBB_SIZE - mbb.len;

	KTEST_ASSERT_FALSE(t, mbb.overflow);
	memset(arena, 0xee, sizeof(arena));
	memcpy(block, mbb.buf, mbb.len);
	for (u32 off = 0; off + 24 <= CANARY_SIZE; off += 24) {
		u8 *tag = arena + MBB_SIZE + off;

		put_u32(tag, MULTIBOOT_TAG_TYPE_MODULE);
		put_u32(tag + 4, 23);
		put_u32(tag + 8, 0x1000);
		put_u32(tag + 12, 0x2000);
		memcpy(tag + 16, "canary", 7);
	}
	return mb2_parse(block, avail, &bp);
}

static int mb_parse(struct ktest *t)
{
	return mb_parse_avail(t, mbb.len);
}

/* ---- checking the log ---- */

/* Where the log ends now; pass to EXPECT_LOG. */
static size_t log_mark(void)
{
	return log_buf_len();
}

static void expect_log(struct ktest *t, int line, size_t mark, const char *needle)
{
	static char text[8192];
	size_t now = log_buf_len(), n;

	if (now >= LOG_BUF_SIZE) {
		ktest_info(t, "log ring full; not checking for \"%s\"", needle);
		return;
	}
	n = log_buf_read(text, mark, min(now - mark, sizeof(text) - 1));
	text[n] = '\0';
	if (!strstr(text, needle))
		ktest_fail(t, __FILE__, line, "Expected the log to contain \"%s\"", needle);
}

#define EXPECT_LOG(t, mark, needle)	expect_log(t, __LINE__, mark, needle)

/* ---- the good block ---- */

static const struct e820_entry good_map[] = {
	{ 0x0, 0x9fc00, E820_TYPE_RAM },
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
	{ 0x100000, 0x7ee0000, E820_TYPE_RAM },
};

static void expect_good_map(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, bp.e820_entries, 3);
	for (u32 i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(t, bp.e820_table[i].addr, good_map[i].addr);
		KTEST_EXPECT_EQ(t, bp.e820_table[i].size, good_map[i].size);
		KTEST_EXPECT_EQ(t, bp.e820_table[i].type, good_map[i].type);
	}
}

static void mb2_parse_good_block_exactly(struct ktest *t)
{
	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "console=ttyS0 ktest=\"a b\"");
	mb_string(MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME, "GRUB 2.06-13+deb12u1");
	mb_module(0x200000, 0x280000, "initramfs");
	mb_meminfo(639, 130048);
	mb_tag(21, 12);				/* load base address: ignored */
	mb_mmap(24, good_map, 3);
	mb_module(0x300000, 0x300800, "extra arg");
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_NEW, "BOCHS ", 0x7fe2000, true);
	mb_end();

	KTEST_ASSERT_EQ(t, mb_parse(t), 0);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "console=ttyS0 ktest=\"a b\"");
	KTEST_EXPECT_STREQ(t, bp.loader_name, "GRUB 2.06-13+deb12u1");
	expect_good_map(t);
	KTEST_EXPECT_TRUE(t, bp.have_meminfo);
	KTEST_EXPECT_EQ(t, bp.mem_lower_kb, 639);
	KTEST_EXPECT_EQ(t, bp.mem_upper_kb, 130048);
	KTEST_ASSERT_EQ(t, bp.nr_modules, 2);
	KTEST_EXPECT_EQ(t, bp.modules[0].start, 0x200000);
	KTEST_EXPECT_EQ(t, bp.modules[0].end, 0x280000);
	KTEST_EXPECT_STREQ(t, bp.modules[0].cmdline, "initramfs");
	KTEST_EXPECT_EQ(t, bp.modules[1].start, 0x300000);
	KTEST_EXPECT_EQ(t, bp.modules[1].end, 0x300800);
	KTEST_EXPECT_STREQ(t, bp.modules[1].cmdline, "extra arg");
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_len, 36);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.revision, 2);
	KTEST_EXPECT_EQ(t, memcmp(bp.acpi_rsdp.oem_id, "BOCHS ", 6), 0);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.rsdt_physical_address, 0x7fe2000);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.xsdt_physical_address, 0x7fe1234);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_offset, mbb.rsdp_off);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_phys, 0);
	KTEST_EXPECT_EQ(t, bp.info_size, mbb.len);
}

/* Fields are read with memcpy: a block at an odd address parses the same. */
static void mb2_parse_unaligned_block(struct ktest *t)
{
	static u8 odd[1024] __aligned(8);

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_mmap(24, good_map, 3);
	mb_module(0x200000, 0x280000, "initramfs");
	mb_end();
	KTEST_ASSERT_LT(t, mbb.len, sizeof(odd) - 1);
	memcpy(odd + 1, mbb.buf, mbb.len);

	KTEST_ASSERT_EQ(t, mb2_parse(odd + 1, mbb.len, &bp), 0);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	expect_good_map(t);
	KTEST_EXPECT_EQ(t, bp.nr_modules, 1);
}

/* ---- the header ---- */

static void mb2_parse_rejects_unusable_header(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_end();
	KTEST_EXPECT_EQ(t, mb_parse_avail(t, 4), -EINVAL);
	KTEST_EXPECT_EQ(t, mb_parse_avail(t, 0), -EINVAL);

	put_u32(mbb.buf, 4);			/* total_size below the header */
	KTEST_EXPECT_EQ(t, mb_parse(t), -EINVAL);
	EXPECT_LOG(t, mark, "multiboot2: total_size 4 too small");
	KTEST_EXPECT_STREQ(t, bp.cmdline, "");	/* *bp cleared even on failure */
	put_u32(mbb.buf, 0);
	KTEST_EXPECT_EQ(t, mb_parse(t), -EINVAL);
}

/* total_size beyond avail: only avail bytes are read; the module after them is not. */
static void mb2_parse_total_size_past_avail(struct ktest *t)
{
	size_t mark = log_mark();
	u32 avail;

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_mmap(24, good_map, 3);
	avail = mbb.len;
	mb_module(0x200000, 0x280000, "beyond avail");
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse_avail(t, avail), 2);	/* clamped; no end tag */
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	expect_good_map(t);
	KTEST_EXPECT_EQ(t, bp.nr_modules, 0);
	KTEST_EXPECT_EQ(t, bp.info_size, avail);
	EXPECT_LOG(t, mark, "runs past the");
	EXPECT_LOG(t, mark, "multiboot2: tag 0 (end): missing");
}

/* ---- tag sizes ---- */

static void mb2_parse_tag_size_too_small_ends_walk(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_mmap(24, good_map, 3);
	mb_tag_raw(MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME, 4, 8);
	mb_module(0x200000, 0x280000, "after the bad tag");
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	expect_good_map(t);
	KTEST_EXPECT_STREQ(t, bp.loader_name, "");
	KTEST_EXPECT_EQ(t, bp.nr_modules, 0);
	EXPECT_LOG(t, mark, "multiboot2: tag 2 (boot loader name): size 4 too small");
}

static void mb2_parse_tag_size_zero_ends_walk(struct ktest *t)
{
	mb_begin();
	mb_mmap(24, good_map, 3);
	mb_tag_raw(MULTIBOOT_TAG_TYPE_MODULE, 0, 8);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_good_map(t);
	KTEST_EXPECT_EQ(t, bp.nr_modules, 0);
}

static void mb2_parse_tag_past_end(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_mmap(24, good_map, 3);
	mb_tag_raw(MULTIBOOT_TAG_TYPE_MODULE, 4000, 24);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	expect_good_map(t);
	KTEST_EXPECT_EQ(t, bp.nr_modules, 0);
	EXPECT_LOG(t, mark, "multiboot2: tag 3 (module): size 4000 runs past the end");
}

static void mb2_parse_missing_end_tag(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_mmap(24, good_map, 3);
	mb_module(0x200000, 0x280000, "last");
	mb_finish(false);

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	expect_good_map(t);
	KTEST_ASSERT_EQ(t, bp.nr_modules, 1);
	KTEST_EXPECT_STREQ(t, bp.modules[0].cmdline, "last");
	EXPECT_LOG(t, mark, "multiboot2: tag 0 (end): missing");
}

/* Tags after the end tag (inside total_size) are not looked at. */
static void mb2_parse_stops_at_end_tag(struct ktest *t)
{
	mb_begin();
	mb_mmap(24, good_map, 3);
	mb_tag(MULTIBOOT_TAG_TYPE_END, 8);
	mb_module(0x200000, 0x280000, "after end");
	mb_finish(false);

	KTEST_EXPECT_EQ(t, mb_parse(t), 0);
	KTEST_EXPECT_EQ(t, bp.nr_modules, 0);
}

/* ---- the memory map ---- */

/* A block: command line, then the memory map under test, then a module. */
static void mb_around_mmap_begin(void)
{
	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "before");
}

static void mb_around_mmap_end(void)
{
	mb_module(0x200000, 0x280000, "after");
	mb_end();
}

static void expect_around_mmap(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, bp.cmdline, "before");
	KTEST_ASSERT_EQ(t, bp.nr_modules, 1);
	KTEST_EXPECT_STREQ(t, bp.modules[0].cmdline, "after");
}

static void mb2_parse_mmap_entry_size_too_small(struct ktest *t)
{
	size_t mark = log_mark();

	mb_around_mmap_begin();
	mb_mmap(12, good_map, 3);
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);		/* the tag; then "no usable memory map" */
	expect_around_mmap(t);
	KTEST_EXPECT_EQ(t, bp.e820_entries, 0);
	EXPECT_LOG(t, mark, "multiboot2: tag 6 (memory map): entry_size 12 too small, skipped");
	EXPECT_LOG(t, mark, "multiboot2: tag 6 (memory map): no usable memory map");
}

static void mb2_parse_mmap_entry_size_not_multiple_of_8(struct ktest *t)
{
	size_t mark = log_mark();

	mb_around_mmap_begin();
	mb_mmap(28, good_map, 3);
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	expect_around_mmap(t);
	KTEST_EXPECT_EQ(t, bp.e820_entries, 0);
	EXPECT_LOG(t, mark, "entry_size 28 not a multiple of 8, skipped");
}

/* A larger entry_size (a future entry_version) is a stride: still parsed. */
static void mb2_parse_mmap_larger_entry_size(struct ktest *t)
{
	mb_around_mmap_begin();
	mb_mmap(40, good_map, 3);
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 0);
	expect_around_mmap(t);
	expect_good_map(t);
}

static void mb2_parse_mmap_partial_entry(struct ktest *t)
{
	size_t mark = log_mark();

	mb_around_mmap_begin();
	mb_mmap_tail(24, good_map, 3, 12);
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_around_mmap(t);
	expect_good_map(t);
	EXPECT_LOG(t, mark, "last 12 bytes are not a whole entry");
}

static void mb2_parse_mmap_header_too_small(struct ktest *t)
{
	mb_around_mmap_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_MMAP, 12);		/* entry_size, no entry_version */
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	expect_around_mmap(t);
	KTEST_EXPECT_EQ(t, bp.e820_entries, 0);
}

/* Empty entries are dropped quietly; wrapping ones with a warning. */
static void mb2_parse_mmap_bad_entries(struct ktest *t)
{
	const struct e820_entry map[] = {
		{ 0x0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0, E820_TYPE_RESERVED },
		{ 0xfffffffffffff000ULL, 0x2000, E820_TYPE_RESERVED },
		{ 0x100000, 0x100000, 7 },		/* persistent memory: kept as is */
	};
	size_t mark = log_mark();

	mb_around_mmap_begin();
	mb_mmap(24, map, ARRAY_SIZE(map));
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_around_mmap(t);
	KTEST_ASSERT_EQ(t, bp.e820_entries, 2);
	KTEST_EXPECT_EQ(t, bp.e820_table[0].size, 0x9fc00);
	KTEST_EXPECT_EQ(t, bp.e820_table[1].addr, 0x100000);
	KTEST_EXPECT_EQ(t, bp.e820_table[1].type, 7);
	EXPECT_LOG(t, mark, "entry 2 [0xfffffffffffff000 + 0x2000] wraps around, skipped");
}

static void mb2_parse_too_many_mmap_entries(struct ktest *t)
{
	static struct e820_entry map[E820_MAX_ENTRIES + 2];
	size_t mark = log_mark();

	for (u32 i = 0; i < ARRAY_SIZE(map); i++)
		map[i] = (struct e820_entry){ (u64)i << 20, 1 << 20, 1 + i % 2 };
	mb_around_mmap_begin();
	mb_mmap(24, map, ARRAY_SIZE(map));
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_around_mmap(t);
	KTEST_ASSERT_EQ(t, bp.e820_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, bp.e820_table[E820_MAX_ENTRIES - 1].addr,
			(u64)(E820_MAX_ENTRIES - 1) << 20);
	EXPECT_LOG(t, mark, "more than 128 entries, last 2 dropped");
}

static void mb2_parse_duplicate_mmap(struct ktest *t)
{
	const struct e820_entry other = { 0, 0x1000, E820_TYPE_RAM };

	mb_around_mmap_begin();
	mb_mmap(24, good_map, 3);
	mb_mmap(24, &other, 1);
	mb_around_mmap_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_around_mmap(t);
	expect_good_map(t);
}

static void mb2_parse_falls_back_on_basic_meminfo(struct ktest *t)
{
	mb_begin();
	mb_meminfo(639, 31744);
	mb_mmap(8, good_map, 3);			/* unusable */
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	KTEST_ASSERT_EQ(t, bp.e820_entries, 2);
	KTEST_EXPECT_EQ(t, bp.e820_table[0].addr, 0);
	KTEST_EXPECT_EQ(t, bp.e820_table[0].size, 639 * 1024);
	KTEST_EXPECT_EQ(t, bp.e820_table[1].addr, 0x100000);
	KTEST_EXPECT_EQ(t, bp.e820_table[1].size, 31744 * 1024);
	KTEST_EXPECT_EQ(t, bp.e820_table[1].type, E820_TYPE_RAM);
}

/* ---- strings ---- */

static void mb2_parse_cmdline_without_nul(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string_n(MULTIBOOT_TAG_TYPE_CMDLINE, "loglevel=3", false);
	mb_string(MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME, "GRUB");
	mb_mmap(24, good_map, 3);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "");
	KTEST_EXPECT_STREQ(t, bp.loader_name, "GRUB");
	expect_good_map(t);
	EXPECT_LOG(t, mark, "multiboot2: tag 1 (command line): string not NUL-terminated");
}

static void mb2_parse_loader_name_without_nul(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "x=1");
	mb_string_n(MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME, "GRUB 2.06", false);
	mb_mmap(24, good_map, 3);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	KTEST_EXPECT_STREQ(t, bp.cmdline, "x=1");
	KTEST_EXPECT_STREQ(t, bp.loader_name, "");
	expect_good_map(t);
	EXPECT_LOG(t, mark, "multiboot2: tag 2 (boot loader name): string not NUL-terminated");
}

/* Too long is truncated (and said), not dropped; a second command line is ignored. */
static void mb2_parse_long_and_duplicate_cmdline(struct ktest *t)
{
	static char longline[COMMAND_LINE_SIZE + 100];

	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	mb_begin();
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, longline);
	mb_string(MULTIBOOT_TAG_TYPE_CMDLINE, "second");
	mb_mmap(24, good_map, 3);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	KTEST_EXPECT_EQ(t, strlen(bp.cmdline), COMMAND_LINE_SIZE - 1);
	KTEST_EXPECT_EQ(t, bp.cmdline[0], 'a');
	expect_good_map(t);
}

/* ---- modules ---- */

static void mb2_parse_module_end_below_start(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_mmap(24, good_map, 3);
	mb_module(0x200000, 0x280000, "first");
	mb_module(0x400000, 0x3ff000, "backwards");
	mb_module(0x500000, 0x500000, "empty");
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 1);
	expect_good_map(t);
	KTEST_ASSERT_EQ(t, bp.nr_modules, 2);
	KTEST_EXPECT_STREQ(t, bp.modules[0].cmdline, "first");
	KTEST_EXPECT_STREQ(t, bp.modules[1].cmdline, "empty");
	KTEST_EXPECT_EQ(t, bp.modules[1].start, bp.modules[1].end);
	EXPECT_LOG(t, mark, "multiboot2: tag 3 (module): end 0x3ff000 below start 0x400000, skipped");
}

static void mb2_parse_module_bad_cmdline_or_size(struct ktest *t)
{
	u8 *d;

	mb_begin();
	mb_mmap(24, good_map, 3);
	d = mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 8 + 8 + 3);	/* "abc", no NUL */
	put_u32(d, 0x200000);
	put_u32(d + 4, 0x201000);
	memcpy(d + 8, "abc", 3);
	mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 8 + 4);		/* no room for mod_end */
	mb_module(0x300000, 0x301000, "good");
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	KTEST_ASSERT_EQ(t, bp.nr_modules, 1);
	KTEST_EXPECT_STREQ(t, bp.modules[0].cmdline, "good");
	KTEST_EXPECT_EQ(t, bp.modules[0].start, 0x300000);
}

static void mb2_parse_too_many_modules(struct ktest *t)
{
	size_t mark = log_mark();

	mb_begin();
	mb_mmap(24, good_map, 3);
	for (u32 i = 0; i < BOOT_MAX_MODULES + 2; i++)
		mb_module(0x200000 + i * 0x1000, 0x201000 + i * 0x1000, "m");
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 2);
	KTEST_ASSERT_EQ(t, bp.nr_modules, BOOT_MAX_MODULES);
	KTEST_EXPECT_EQ(t, bp.modules[BOOT_MAX_MODULES - 1].start,
			0x200000 + (BOOT_MAX_MODULES - 1) * 0x1000);
	EXPECT_LOG(t, mark, "multiboot2: tag 3 (module): more than 16 modules");
}

/* ---- ACPI ---- */

static void mb2_parse_rsdp_old(struct ktest *t)
{
	mb_begin();
	mb_mmap(24, good_map, 3);
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_OLD, "BOCHS ", 0xf5a70, true);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 0);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_len, 20);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.revision, 0);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.rsdt_physical_address, 0xf5a70);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_offset, mbb.rsdp_off);
}

/* The ACPI 2.0 copy wins over the 1.0 one, whichever comes first. */
static void mb2_parse_rsdp_new_wins(struct ktest *t)
{
	u32 new_off;

	mb_begin();
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_NEW, "NEWOEM", 0x2000, true);
	new_off = mbb.rsdp_off;
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_OLD, "OLDOEM", 0x1000, true);
	mb_mmap(24, good_map, 3);
	mb_end();
	KTEST_EXPECT_EQ(t, mb_parse(t), 0);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.rsdt_physical_address, 0x2000);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_offset, new_off);

	mb_begin();
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_OLD, "OLDOEM", 0x1000, true);
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_NEW, "NEWOEM", 0x2000, true);
	mb_mmap(24, good_map, 3);
	mb_end();
	KTEST_EXPECT_EQ(t, mb_parse(t), 0);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp.rsdt_physical_address, 0x2000);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_len, 36);
}

static void mb2_parse_rsdp_rejects_bad_copies(struct ktest *t)
{
	size_t mark = log_mark();
	u8 *d;

	mb_begin();
	mb_rsdp(MULTIBOOT_TAG_TYPE_ACPI_OLD, "BOCHS ", 0x1000, false);	/* checksum */
	mb_tag(MULTIBOOT_TAG_TYPE_ACPI_NEW, 8 + 20);			/* too short */
	d = mb_tag(MULTIBOOT_TAG_TYPE_ACPI_OLD, 8 + 20);		/* no signature */
	memcpy(d, "RSD PTX ", 8);
	mb_mmap(24, good_map, 3);
	mb_end();

	KTEST_EXPECT_EQ(t, mb_parse(t), 3);
	KTEST_EXPECT_EQ(t, bp.acpi_rsdp_len, 0);
	expect_good_map(t);
	EXPECT_LOG(t, mark, "multiboot2: tag 14 (ACPI old RSDP): bad RSDP checksum, skipped");
	EXPECT_LOG(t, mark, "multiboot2: tag 15 (ACPI new RSDP): size 28 too small");
}

/* ---- e820 ---- */

static void e820_range_add_checks_and_fills(struct ktest *t)
{
	static struct e820_table tmp;
	struct e820_table *saved = e820_table;
	int full = 0, ok = 0;

	memset(&tmp, 0, sizeof(tmp));
	e820_table = &tmp;			/* never touch the live map */
	KTEST_EXPECT_EQ(t, e820__range_add(0x1000, 0, E820_TYPE_RAM), -EINVAL);
	KTEST_EXPECT_EQ(t, e820__range_add(~0ULL - 0xfff, 0x2000, E820_TYPE_RAM), -EINVAL);
	for (u32 i = 0; i < E820_MAX_ENTRIES + 1; i++) {
		int ret = e820__range_add((u64)i << 12, 0x1000, E820_TYPE_RAM);

		ok += ret == 0;
		full += ret == -ENOSPC;
	}
	e820_table = saved;
	KTEST_EXPECT_EQ(t, ok, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, full, 1);
	KTEST_EXPECT_EQ(t, tmp.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_STREQ(t, e820_type_name(E820_TYPE_ACPI), "ACPI data");
	KTEST_EXPECT_NULL(t, e820_type_name(7));
}

static struct ktest_case multiboot2_cases[] = {
	KTEST_CASE(mb2_parse_good_block_exactly),
	KTEST_CASE(mb2_parse_unaligned_block),
	KTEST_CASE(mb2_parse_rejects_unusable_header),
	KTEST_CASE(mb2_parse_total_size_past_avail),
	KTEST_CASE(mb2_parse_tag_size_too_small_ends_walk),
	KTEST_CASE(mb2_parse_tag_size_zero_ends_walk),
	KTEST_CASE(mb2_parse_tag_past_end),
	KTEST_CASE(mb2_parse_missing_end_tag),
	KTEST_CASE(mb2_parse_stops_at_end_tag),
	KTEST_CASE(mb2_parse_mmap_entry_size_too_small),
	KTEST_CASE(mb2_parse_mmap_entry_size_not_multiple_of_8),
	KTEST_CASE(mb2_parse_mmap_larger_entry_size),
	KTEST_CASE(mb2_parse_mmap_partial_entry),
	KTEST_CASE(mb2_parse_mmap_header_too_small),
	KTEST_CASE(mb2_parse_mmap_bad_entries),
	KTEST_CASE(mb2_parse_too_many_mmap_entries),
	KTEST_CASE(mb2_parse_duplicate_mmap),
	KTEST_CASE(mb2_parse_falls_back_on_basic_meminfo),
	KTEST_CASE(mb2_parse_cmdline_without_nul),
	KTEST_CASE(mb2_parse_loader_name_without_nul),
	KTEST_CASE(mb2_parse_long_and_duplicate_cmdline),
	KTEST_CASE(mb2_parse_module_end_below_start),
	KTEST_CASE(mb2_parse_module_bad_cmdline_or_size),
	KTEST_CASE(mb2_parse_too_many_modules),
	KTEST_CASE(mb2_parse_rsdp_old),
	KTEST_CASE(mb2_parse_rsdp_new_wins),
	KTEST_CASE(mb2_parse_rsdp_rejects_bad_copies),
	KTEST_CASE(e820_range_add_checks_and_fills),
	{}
};
KTEST_SUITE(multiboot2, multiboot2_cases);
