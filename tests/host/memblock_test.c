/*
 * tests/host/memblock_test.c - mm/memblock.c on the host, against a model.
 *
 * "Physical memory" is a host arena of NPAGES pages of 4 KiB; the shim
 * page.h makes __va(p) = arena + p, so memblock_alloc()'s zeroing lands in
 * the arena.  The model of a struct memblock is two bitmaps, one bit per
 * page: in memory, and reserved.  Every memblock table is equal to its bitmap
 * exactly when its regions are sorted, non-empty, do not overlap or touch
 * (merged), sum to total_size, and cover exactly the set bits.
 *
 * Cases:
 *  - exact-state tests on the global instance: merging, reservations across
 *    region boundaries, a removal splitting a region, mem= across holes,
 *    alignment and top-down/bottom-up placement, a full table, the dump
 *    format, the hand-off to the buddy (block sizes, counts, the BUG after);
 *  - a model-based stress of random add/remove/reserve/free/alloc/mem=
 *    operations (100k by default, HOST_TEST_ITERATIONS scales it), once on
 *    the global instance through the public API (128-entry tables) and once
 *    on a scratch instance with 32-entry tables, where -ENOMEM is common.
 *    The model predicts every result, including which calls fail for lack
 *    of table entries; allocations must be the highest (top-down) or lowest
 *    (bottom-up) aligned free fit, and the free-range iterators must list the
 *    free runs of the bitmap, in both directions.
 *
 * The rest of the kernel that mm/memblock.c calls (printk, BUG, kallsyms,
 * the buddy's memblock_free_pages) is stubbed below: printk output is kept
 * for the format tests, BUG() longjmps back into the case that expects it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "mm/memblock.h"

#define HPAGE		4096ULL		/* PAGE_SIZE */
#define NPAGES		4096		/* the arena: 16 MiB */
#define ANY		MEMBLOCK_ALLOC_ANYWHERE
#define PHYS_MAX	(~0ULL)

struct page;

/* ---- the kernel around mm/memblock.c ---- */

unsigned long host_page_offset;		/* shim page.h: __va(0) */
unsigned long host_vmemmap_start;	/* shim pgtable_types.h: pfn_to_page(0) */
static unsigned char *arena;

static char log_text[64 * 1024];	/* printk output since log_clear() */
static size_t log_len;

static void log_clear(void)
{
	log_len = 0;
	log_text[0] = '\0';
}

/* printk: strip the KERN_<level> prefix and append to log_text. */
int printk(const char *fmt, ...);
int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	va_start(args, fmt);
	n = vsnprintf(log_text + log_len, sizeof(log_text) - log_len, fmt, args);
	va_end(args);
	if (n > 0)
		log_len = log_len + n < sizeof(log_text) ? log_len + n : sizeof(log_text) - 1;
	return n;
}

static jmp_buf *bug_jmp;		/* where BUG() goes, when a case expects one */
static int warnings;

void __bug(const char *file, int line);
void __bug(const char *file, int line)
{
	if (bug_jmp)
		longjmp(*bug_jmp, 1);
	fprintf(stderr, "kernel BUG at %s:%d!\n", file, line);
	abort();
}

void __warn(const char *file, int line, const char *func);
void __warn(const char *file, int line, const char *func)
{
	warnings++;
}

void panic(const char *fmt, ...);
void panic(const char *fmt, ...)
{
	fprintf(stderr, "Kernel panic - not syncing: %s\n", fmt);
	abort();
}

int sprint_symbol(char *buf, size_t size, u64 addr);
int sprint_symbol(char *buf, size_t size, u64 addr)
{
	return snprintf(buf, size, "0x%llx", addr);
}

/* The buddy side of the hand-off: record every block. */
#define MAX_BLOCKS	(NPAGES + 16)
static struct { unsigned long pfn; unsigned int order; } blocks[MAX_BLOCKS];
static int nr_blocks;

void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order);
void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order)
{
	CHECK((unsigned long)page == host_vmemmap_start + pfn * 64,
	      "pfn %lu: page %p is not pfn_to_page(pfn)", pfn, (void *)page);
	if (nr_blocks < MAX_BLOCKS)
		blocks[nr_blocks++] = (typeof(blocks[0])){ pfn, order };
}

/* ---- helpers ---- */

static void arena_init(void)
{
	if (!arena) {
		arena = aligned_alloc(HPAGE, NPAGES * HPAGE);
		host_page_offset = (unsigned long)arena;
		host_vmemmap_start = 0x100000000000UL;	/* never dereferenced */
	}
	memset(arena, 0xa5, NPAGES * HPAGE);
}

/* Empties the global instance and its settings. */
static void global_reset(void)
{
	memblock.memory.cnt = memblock.reserved.cnt = 0;
	memblock.memory.total_size = memblock.reserved.total_size = 0;
	memblock.bottom_up = false;
	memblock.current_limit = ANY;
	memblock_handed_off = false;
	arena_init();
	log_clear();
}

/* Checks that type holds exactly want[0..n) (as [base, end) pairs). */
static void check_regions(int line, const struct memblock_type *type,
			  const phys_addr_t (*want)[2], unsigned long n)
{
	phys_addr_t total = 0;

	CHECK(type->cnt == n, "line %d: %s.cnt %lu, expected %lu", line, type->name,
	      type->cnt, n);
	for (unsigned long i = 0; i < n && i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		total += want[i][1] - want[i][0];
		CHECK(r->base == want[i][0] && r->base + r->size == want[i][1],
		      "line %d: %s[%lu] [%#llx-%#llx), expected [%#llx-%#llx)", line,
		      type->name, i, r->base, r->base + r->size, want[i][0], want[i][1]);
	}
	if (type->cnt == n)
		CHECK(type->total_size == total, "line %d: %s.total_size %#llx, expected %#llx",
		      line, type->name, type->total_size, total);
}

#define REGIONS(type, ...) do {						\
	static const phys_addr_t __want[][2] = { __VA_ARGS__ };		\
	check_regions(__LINE__, type, __want, sizeof(__want) / sizeof(__want[0])); \
} while (0)
#define NO_REGIONS(type)	check_regions(__LINE__, type, NULL, 0)

/* ---- exact-state tests ---- */

static void add_merges_overlapping_and_adjacent(void)
{
	global_reset();
	CHECK(memblock_add(0x5000, 0x1000) == 0, "add");
	CHECK(memblock_add(0x1000, 0x1000) == 0, "add");
	CHECK(memblock_add(0x9000, 0x2000) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0x2000}, {0x5000, 0x6000}, {0x9000, 0xb000});
	/* Adjacent on both sides: three become one. */
	CHECK(memblock_add(0x2000, 0x3000) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0x6000}, {0x9000, 0xb000});
	/* Overlapping both, covering the hole between. */
	CHECK(memblock_add(0x4000, 0x8000) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0xc000});
	/* Contained, and empty: no change. */
	CHECK(memblock_add(0x3000, 0x10) == 0, "add");
	CHECK(memblock_add(0x20000, 0) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0xc000});
	/* Byte granularity is kept. */
	CHECK(memblock_add(0xc000, 0x123) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0xc123});
	/* A size that would wrap is capped at the top of the address space. */
	CHECK(memblock_add(PHYS_MAX - 0xfff, 0x10000) == 0, "add");
	REGIONS(&memblock.memory, {0x1000, 0xc123}, {PHYS_MAX - 0xfff, PHYS_MAX});
	CHECK(memblock_phys_mem_size() == 0xb123 + 0xfff, "size %#llx", memblock_phys_mem_size());
}

static void reserve_across_boundaries(void)
{
	global_reset();
	memblock_add(0x1000, 0x9e000);			/* [1000, 9f000) */
	memblock_add(0x100000, 0x700000);		/* [100000, 800000) */
	/* The first MiB, holes included, and a range across the second region's start. */
	CHECK(memblock_reserve(0, 0x100000) == 0, "reserve");
	CHECK(memblock_reserve(0xf0000, 0x20000) == 0, "reserve");
	CHECK(memblock_reserve(0x400000, 0x1000) == 0, "reserve");
	REGIONS(&memblock.reserved, {0, 0x110000}, {0x400000, 0x401000});
	CHECK(memblock_reserved_size() == 0x111000, "reserved size");
	CHECK(memblock_is_reserved(0x10ffff) && !memblock_is_reserved(0x110000), "is_reserved");
	CHECK(memblock_is_region_reserved(0x3ff000, 0x1001), "overlap by one byte");
	CHECK(!memblock_is_region_reserved(0x3ff000, 0x1000), "touching is not overlapping");
	CHECK(memblock_is_memory(0x1000) && !memblock_is_memory(0x9f000) &&
	      !memblock_is_memory(0), "is_memory");
	CHECK(memblock_start_of_DRAM() == 0x1000 && memblock_end_of_DRAM() == 0x800000, "DRAM");

	phys_addr_t start, end, want[][2] = { {0x110000, 0x400000}, {0x401000, 0x800000} };
	int n = 0;
	u64 i;

	for_each_free_mem_range(i, &start, &end) {
		CHECK(n < 2 && start == want[n][0] && end == want[n][1],
		      "free range %d [%#llx-%#llx)", n, start, end);
		n++;
	}
	CHECK(n == 2, "%d free ranges", n);
}

static void remove_splits_region(void)
{
	global_reset();
	memblock_add(0x100000, 0x100000);
	CHECK(memblock_remove(0x140000, 0x10000) == 0, "remove");
	REGIONS(&memblock.memory, {0x100000, 0x140000}, {0x150000, 0x200000});
	/* Across the hole, cutting into both. */
	CHECK(memblock_remove(0x13f000, 0x12000) == 0, "remove");
	REGIONS(&memblock.memory, {0x100000, 0x13f000}, {0x151000, 0x200000});
	/* Everything above an address (size capped). */
	CHECK(memblock_remove(0x180000, PHYS_MAX) == 0, "remove");
	REGIONS(&memblock.memory, {0x100000, 0x13f000}, {0x151000, 0x180000});
	/* Free splits reservations the same way. */
	memblock_reserve(0x100000, 0x10000);
	CHECK(memblock_phys_free(0x104000, 0x1000) == 0, "free");
	REGIONS(&memblock.reserved, {0x100000, 0x104000}, {0x105000, 0x110000});
	CHECK(memblock_phys_free(0, PHYS_MAX) == 0, "free all");
	NO_REGIONS(&memblock.reserved);
}

static void mem_limit_across_holes(void)
{
	global_reset();
	memblock_add(0x1000, 0x9e000);			/* 0x9e000 bytes */
	memblock_add(0x100000, 0x100000);		/* 1 MiB */
	memblock_add(0x400000, 0x400000);		/* 4 MiB */
	memblock_reserve(0x0, 0x1000);
	memblock_reserve(0x1ff000, 0x2000);		/* across the hole at 2 MiB */
	memblock_reserve(0x500000, 0x1000);		/* stays */
	memblock_reserve(0x600000, 0x1000);		/* goes */
	/* 2 MiB of RAM: 0x9e000 + 0x100000 below 2 MiB, 0x62000 from 4 MiB. */
	memblock_enforce_memory_limit(0x200000);
	REGIONS(&memblock.memory, {0x1000, 0x9f000}, {0x100000, 0x200000}, {0x400000, 0x462000});
	REGIONS(&memblock.reserved, {0x0, 0x1000}, {0x1ff000, 0x201000});
	CHECK(memblock_phys_mem_size() == 0x200000, "mem size %#llx", memblock_phys_mem_size());
	/* Exactly all, more than all, and 0: no change. */
	memblock_enforce_memory_limit(0x200000);
	memblock_enforce_memory_limit(0x10000000);
	memblock_enforce_memory_limit(0);
	REGIONS(&memblock.memory, {0x1000, 0x9f000}, {0x100000, 0x200000}, {0x400000, 0x462000});
	/* A limit inside the first region. */
	memblock_enforce_memory_limit(0x2000);
	REGIONS(&memblock.memory, {0x1000, 0x3000});
	REGIONS(&memblock.reserved, {0x0, 0x1000});
	CHECK(memblock_mem_limit() == 0, "no mem= given");
}

static void alloc_alignment_and_direction(void)
{
	global_reset();
	memblock_add(0x0, 0x1000000);
	memblock_reserve(0xff0000, 0x10000);
	/* Top-down: the highest aligned fit. */
	CHECK(memblock_phys_alloc(0x1000, 0x1000) == 0xfef000, "top-down");
	CHECK(memblock_phys_alloc(0x1000, 0x100000) == 0xf00000, "1 MiB aligned");
	CHECK(memblock_phys_alloc(0x18, 0x8) == 0xfeefe8, "8-byte aligned");
	CHECK(memblock_phys_alloc(0x10, 0) == 0xfeefc0, "align 0 means 64");
	CHECK(memblock_phys_alloc_range(0x1000, 0x1000, 0x200000, 0x300000) == 0x2ff000, "range");
	CHECK(memblock_phys_alloc_range(0x2000, 0x1000, 0x200000, 0x201000) == 0, "too small");
	/* current_limit caps every allocation. */
	memblock_set_current_limit(0x800000);
	CHECK(memblock_phys_alloc(0x1000, 0x1000) == 0x7ff000, "limit");
	memblock_set_current_limit(ANY);
	/* Bottom-up: the lowest fit; page 0 is never handed out. */
	memblock.bottom_up = true;
	CHECK(memblock_phys_alloc(0x1000, 0x1000) == 0x1000, "bottom-up");
	CHECK(memblock_phys_alloc(0x1000, 0x10000) == 0x10000, "bottom-up aligned");
	CHECK(memblock_phys_alloc(0x1000, 0x1000) == 0x2000, "bottom-up fills below");
	CHECK(memblock_phys_alloc(0x2000000, 0x1000) == 0, "too big");
	CHECK(memblock_phys_alloc(0x1000, 0x3000) == 0 && warnings, "align not a power of two");
	REGIONS(&memblock.reserved, {0x1000, 0x3000}, {0x10000, 0x11000}, {0x2ff000, 0x300000},
		{0x7ff000, 0x800000}, {0xf00000, 0xf01000}, {0xfeefc0, 0xfeefd0},
		{0xfeefe8, 0x1000000});
}

static void alloc_zeroes_through_va(void)
{
	void *p;

	global_reset();
	memblock_add(0x100000, 0x100000);
	p = memblock_alloc(0x3000, 0x1000);
	CHECK(p == arena + 0x1fd000, "memblock_alloc %p, arena %p", p, (void *)arena);
	for (int i = 0; p && i < 0x3000; i++)
		if (((unsigned char *)p)[i]) {
			CHECK(0, "byte %d not zeroed", i);
			break;
		}
	CHECK(arena[0x1fcfff] == 0xa5, "zeroing stays inside the allocation");
	CHECK(memblock_alloc(0x200000, 0x1000) == NULL, "failure is NULL");
	REGIONS(&memblock.reserved, {0x1fd000, 0x200000});
}

static void table_full_is_enomem(void)
{
	global_reset();
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		CHECK(memblock_add(0x2000 * i, 0x1000) == 0, "add %d", i);
	log_clear();
	CHECK(memblock_add(0x2000 * INIT_MEMBLOCK_REGIONS, 0x1000) == -ENOMEM, "one too many");
	CHECK(strstr(log_text, "memblock: memory array full"), "pr_err: %s", log_text);
	/* Linux counts before merging: even filling a hole needs a free entry. */
	CHECK(memblock_add(0x1000, 0x1000) == -ENOMEM, "hole");
	/* A split needs one too, and the table is left untouched. */
	CHECK(memblock_remove(0x400, 0x10) == -ENOMEM, "split");
	CHECK(memblock.memory.cnt == INIT_MEMBLOCK_REGIONS &&
	      memblock.memory.total_size == INIT_MEMBLOCK_REGIONS * 0x1000ULL, "unchanged");
	/* Whole regions go without one, and make room. */
	CHECK(memblock_remove(0, 0x1000) == 0, "remove whole");
	CHECK(memblock_add(0x1000, 0x1000) == 0, "now it fits");
	CHECK(memblock.memory.cnt == INIT_MEMBLOCK_REGIONS - 1, "merged");
	/* Allocation fails (0) when the reserved table is full. */
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(0x2000 * i + 0x1000, 0x800);
	CHECK(memblock_phys_alloc(0x100, 0x100) == 0, "reserved table full");
}

static void dump_prints_linux_format(void)
{
	global_reset();
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7ee0000);
	memblock_reserve(0x0, 0x1000);
	memblock_reserve(0x9f000, 0x61000);
	memblock_reserve(0x100000, 0x4d0000);
	log_clear();
	memblock_dump_all();
	CHECK(log_len == 0, "memblock_dump_all prints only with memblock=debug");
	__memblock_dump_all(&memblock);
	CHECK(!strcmp(log_text,
		"MEMBLOCK configuration:\n"
		" memory size = 0x0000000007f7e000 reserved size = 0x0000000000532000\n"
		" memory.cnt  = 0x2\n"
		" memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes\n"
		" memory[0x1]\t[0x0000000000100000-0x0000000007fdffff], 0x0000000007ee0000 bytes\n"
		" reserved.cnt  = 0x2\n"
		" reserved[0x0]\t[0x0000000000000000-0x0000000000000fff], 0x0000000000001000 bytes\n"
		" reserved[0x1]\t[0x000000000009f000-0x00000000005cffff], 0x0000000000531000 bytes\n"),
	      "dump:\n%s", log_text);
}

/* Expects BUG() from the statement. */
#define EXPECT_BUG(stmt) do {						\
	jmp_buf __jb;							\
	if (!setjmp(__jb)) {						\
		bug_jmp = &__jb;					\
		stmt;							\
		CHECK(0, "%s did not BUG", #stmt);			\
	}								\
	bug_jmp = NULL;							\
} while (0)

static void free_all_largest_aligned_blocks(void)
{
	unsigned long want = 0, got = 0, pages;
	static bool seen[NPAGES];

	global_reset();
	nr_blocks = 0;
	memset(seen, 0, sizeof(seen));
	memblock_add(0x0, 0x1000000);			/* 16 MiB */
	memblock_reserve(0x0, 0x3800);			/* free from pfn 4 (0x3800 rounded up) */
	memblock_reserve(0x400000, 0x1);		/* pfn 0x400 is partly used: not freed */
	memblock_reserve(0xc00000, 0x400000);		/* the top 4 MiB */
	pages = memblock_free_all();
	want = (0x400 - 4) + (0xc00 - 0x401);
	CHECK(pages == want, "freed %lu pages, expected %lu", pages, want);
	for (int i = 0; i < nr_blocks; i++) {
		unsigned long pfn = blocks[i].pfn, n = 1UL << blocks[i].order;

		CHECK(blocks[i].order <= 10, "order %u", blocks[i].order);
		CHECK(pfn % n == 0, "pfn %#lx not aligned to order %u", pfn, blocks[i].order);
		for (unsigned long p = pfn; p < pfn + n && p < NPAGES; p++) {
			CHECK(!seen[p], "pfn %#lx freed twice", p);
			seen[p] = true;
		}
		got += n;
	}
	CHECK(got == pages, "blocks hold %lu pages", got);
	CHECK(!seen[3] && seen[4] && !seen[0x400] && seen[0x401] && !seen[0xc00], "edges");
	/* [4, 0x400): orders 2..9; [0x401, 0xc00): 0, 1, ..., 9, one order-10 at 0x800. */
	CHECK(nr_blocks == 8 + 10 + 1, "%d blocks", nr_blocks);
	CHECK(memblock_handed_off, "handed off");
	EXPECT_BUG(memblock_alloc(0x1000, 0x1000));
	EXPECT_BUG(memblock_phys_alloc(0x1000, 0x1000));
	EXPECT_BUG(memblock_reserve(0x1000, 0x1000));
	EXPECT_BUG(memblock_free_all());
	global_reset();
}

/* ---- the model-based stress ---- */

struct model {
	bool mem[NPAGES];
	bool res[NPAGES];
};

struct stress {
	struct memblock *mb;
	bool global;		/* drive the public API (on the global instance) */
	struct model m;
	unsigned long enomem, allocs, alloc_fails;
	char op[160];		/* the operation being checked, for messages */
};

/* Maximal runs of set pages. */
static unsigned long count_runs(const bool *bm)
{
	unsigned long n = 0;

	for (int p = 0; p < NPAGES; p++)
		n += bm[p] && (p == 0 || !bm[p - 1]);
	return n;
}

/* Maximal runs of clear pages within [b, e). */
static unsigned long count_gaps(const bool *bm, long b, long e)
{
	unsigned long n = 0;

	for (long p = b; p < e; p++)
		n += !bm[p] && (p == b || bm[p - 1]);
	return n;
}

/* Regions that straddle page boundary p (pages p-1 and p in the same run). */
static unsigned long straddles(const bool *bm, long p)
{
	return p > 0 && p < NPAGES && bm[p - 1] && bm[p];
}

static void set_pages(bool *bm, long b, long e, bool v)
{
	for (long p = b; p < e && p < NPAGES; p++)
		bm[p] = v;
}

/* Whether type is canonical and equal to bm; reports the first difference. */
static bool check_type(struct stress *s, const struct memblock_type *type, const bool *bm)
{
	static bool seen[NPAGES];
	phys_addr_t total = 0;

	memset(seen, 0, sizeof(seen));
	if (type->cnt > type->max)
		goto bad;
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (!r->size || r->base % HPAGE || r->size % HPAGE ||
		    r->base + r->size > NPAGES * HPAGE)
			goto bad;
		if (i && r[-1].base + r[-1].size >= r->base)
			goto bad;
		set_pages(seen, r->base / HPAGE, (r->base + r->size) / HPAGE, true);
		total += r->size;
	}
	if (total != type->total_size || memcmp(seen, bm, sizeof(seen)))
		goto bad;
	return true;
bad:
	CHECK(0, "after %s: %s table (cnt %lu) differs from the model", s->op,
	      type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt && i < 16; i++)
		printf("#   %s[%lu] [%#llx-%#llx)\n", type->name, i, type->regions[i].base,
		       type->regions[i].base + type->regions[i].size);
	return false;
}

/* The free runs of the model, ascending, into runs[][2] (page numbers). */
static int model_free_runs(const struct model *m, long runs[][2])
{
	int n = 0;

	for (long p = 0; p < NPAGES; p++) {
		if (!m->mem[p] || m->res[p])
			continue;
		if (p == 0 || !m->mem[p - 1] || m->res[p - 1])
			runs[n][0] = p;
		if (p + 1 == NPAGES || !m->mem[p + 1] || m->res[p + 1])
			runs[n++][1] = p + 1;
	}
	return n;
}

/* Both iterators list exactly the model's free runs, in their orders. */
static bool check_free_ranges(struct stress *s)
{
	static long runs[NPAGES][2];
	int n = model_free_runs(&s->m, runs), k = 0;
	phys_addr_t start, end;
	u64 i = 0;

	for (;;) {
		__next_mem_range(&i, &s->mb->memory, &s->mb->reserved, &start, &end);
		if (i == MEMBLOCK_ITER_END)
			break;
		if (k >= n || start != runs[k][0] * HPAGE || end != runs[k][1] * HPAGE)
			goto bad;
		k++;
	}
	if (k != n)
		goto bad;
	i = MEMBLOCK_ITER_END;
	for (;;) {
		__next_mem_range_rev(&i, &s->mb->memory, &s->mb->reserved, &start, &end);
		if (i == MEMBLOCK_ITER_END)
			break;
		if (k <= 0 || start != runs[k - 1][0] * HPAGE || end != runs[k - 1][1] * HPAGE)
			goto bad;
		k--;
	}
	if (k == 0)
		return true;
bad:
	CHECK(0, "after %s: free range %d is [%#llx-%#llx), model has %d runs", s->op, k,
	      start, end, n);
	return false;
}

/* The global queries agree with the model at random points. */
static bool check_queries(struct stress *s)
{
	long p = host_rand_below(NPAGES), len = 1 + host_rand_below(64);
	phys_addr_t addr = p * HPAGE + host_rand_below(HPAGE);
	bool any = false;

	for (long q = p; q < p + len && q < NPAGES; q++)
		any |= s->m.res[q];
	if (memblock_is_memory(addr) != s->m.mem[p] || memblock_is_reserved(addr) != s->m.res[p] ||
	    memblock_is_region_reserved(p * HPAGE, len * HPAGE) != any) {
		CHECK(0, "after %s: queries at %#llx disagree with the model", s->op, addr);
		return false;
	}
	return true;
}

/* A random page range [*b, *e), mostly short, inside the arena. */
static void rand_range(long *b, long *e)
{
	long len = host_rand_below(8) ? 1 + host_rand_below(32) : 1 + host_rand_below(NPAGES / 4);

	*b = host_rand_below(NPAGES);
	*e = *b + len < NPAGES ? *b + len : NPAGES;
}

/* add (to memory or reserved): fails iff the new parts do not fit. */
static void op_add(struct stress *s, bool reserved)
{
	struct memblock_type *type = reserved ? &s->mb->reserved : &s->mb->memory;
	bool *bm = reserved ? s->m.res : s->m.mem;
	long b, e;
	unsigned long nr_new;
	int ret, want;

	rand_range(&b, &e);
	snprintf(s->op, sizeof(s->op), "%s [%#lx-%#lx)", reserved ? "reserve" : "add",
		 b * 4096, e * 4096);
	nr_new = count_gaps(bm, b, e);
	want = nr_new && count_runs(bm) + nr_new > type->max ? -ENOMEM : 0;
	if (!s->global)
		ret = memblock_add_range(type, b * HPAGE, (e - b) * HPAGE);
	else if (reserved)
		ret = memblock_reserve(b * HPAGE, (e - b) * HPAGE);
	else
		ret = memblock_add(b * HPAGE, (e - b) * HPAGE);
	CHECK(ret == want, "%s returned %d, expected %d", s->op, ret, want);
	if (ret == 0)
		set_pages(bm, b, e, true);
	s->enomem += ret == -ENOMEM;
}

/* remove / phys_free: fails iff the splits do not fit.  Sometimes "to the top". */
static void op_remove(struct stress *s, bool reserved)
{
	struct memblock_type *type = reserved ? &s->mb->reserved : &s->mb->memory;
	bool *bm = reserved ? s->m.res : s->m.mem;
	phys_addr_t size;
	long b, e;
	int ret, want;

	rand_range(&b, &e);
	size = (e - b) * HPAGE;
	if (!host_rand_below(16)) {
		size = PHYS_MAX;
		e = NPAGES;
	}
	snprintf(s->op, sizeof(s->op), "%s [%#lx-%#lx)", reserved ? "free" : "remove",
		 b * 4096, e * 4096);
	want = count_runs(bm) + straddles(bm, b) + straddles(bm, e) > type->max ? -ENOMEM : 0;
	if (!s->global)
		ret = memblock_remove_range(type, b * HPAGE, size);
	else if (reserved)
		ret = memblock_phys_free(b * HPAGE, size);
	else
		ret = memblock_remove(b * HPAGE, size);
	CHECK(ret == want, "%s returned %d, expected %d", s->op, ret, want);
	if (ret == 0)
		set_pages(bm, b, e, false);
	s->enomem += ret == -ENOMEM;
}

/*
 * The model's allocation: the highest (or lowest, bottom-up) page p with
 * p aligned, [p, p+n) free and inside [lo, hi).  -1 if none.
 */
static long model_find(const struct stress *s, long n, u64 align, u64 start, u64 end)
{
	static long run[NPAGES + 1];	/* free pages from p on */
	u64 lo = start > HPAGE ? start : HPAGE;
	u64 hi = end < s->mb->current_limit ? end : s->mb->current_limit;
	long lo_p, hi_p, step = align > HPAGE ? align / HPAGE : 1;

	hi = hi > lo ? hi : lo;
	lo_p = lo / HPAGE < NPAGES ? lo / HPAGE : NPAGES;
	hi_p = hi / HPAGE < NPAGES ? hi / HPAGE : NPAGES;
	run[NPAGES] = 0;
	for (long p = NPAGES - 1; p >= 0; p--)
		run[p] = s->m.mem[p] && !s->m.res[p] ? run[p + 1] + 1 : 0;
	if (s->mb->bottom_up) {
		for (long p = (lo_p + step - 1) / step * step; p + n <= hi_p; p += step)
			if (run[p] >= n)
				return p;
	} else if (hi_p - n >= lo_p) {
		for (long p = (hi_p - n) / step * step; p >= lo_p; p -= step)
			if (run[p] >= n)
				return p;
	}
	return -1;
}

static void op_alloc(struct stress *s)
{
	long n = host_rand_below(8) ? 1 + host_rand_below(16) : 1 + host_rand_below(512);
	u64 align = 1ULL << host_rand_below(19), start = 0, end = ANY, got;
	long want;
	bool zeroed = s->global && host_rand_below(2);

	if (!host_rand_below(4)) {
		start = host_rand_below(NPAGES + 16) * HPAGE;
		end = host_rand_below(NPAGES + 16) * HPAGE;
	}
	snprintf(s->op, sizeof(s->op), "alloc %#lx bytes align %#llx in [%#llx-%#llx) %s",
		 n * 4096, align, start, end, s->mb->bottom_up ? "bottom-up" : "top-down");
	want = model_find(s, n, align, start, end);
	if (want >= 0 && count_runs(s->m.res) + 1 > s->mb->reserved.max)
		want = -1;	/* found, but the reservation does not fit */
	if (!s->global) {
		got = memblock_alloc_range(s->mb, n * HPAGE, align, start, end);
	} else if (zeroed && start == 0 && end == ANY) {
		void *p = memblock_alloc(n * HPAGE, align);

		got = p ? (unsigned char *)p - arena : 0;
		for (long i = 0; p && i < n * (long)HPAGE; i += 8)
			if (*(u64 *)((unsigned char *)p + i)) {
				CHECK(0, "%s: not zeroed at +%#lx", s->op, i);
				break;
			}
		if (p)
			memset(p, 0x5a, n * HPAGE);	/* so that reuse must zero again */
	} else {
		got = memblock_phys_alloc_range(n * HPAGE, align, start, end);
	}
	CHECK(got == (want < 0 ? 0 : want * HPAGE), "%s returned %#llx, expected %#llx",
	      s->op, got, want < 0 ? 0ULL : want * HPAGE);
	if (got && got == want * HPAGE)
		set_pages(s->m.res, want, want + n, true);
	s->allocs++;
	s->alloc_fails += !got;
}

/* mem=: keep the first limit pages of memory; cut memory and reserved above. */
static void op_limit(struct stress *s)
{
	long limit = 1 + host_rand_below(NPAGES), seen = 0, cut = -1;

	snprintf(s->op, sizeof(s->op), "enforce_memory_limit(%#lx)", limit * 4096);
	for (long p = 0; p < NPAGES && cut < 0; p++)
		if (s->m.mem[p] && ++seen == limit)
			cut = p + 1;
	if (cut >= 0) {
		/* Each table is cut unless its split does not fit (then left alone). */
		if (count_runs(s->m.mem) + straddles(s->m.mem, cut) <= s->mb->memory.max)
			set_pages(s->m.mem, cut, NPAGES, false);
		if (count_runs(s->m.res) + straddles(s->m.res, cut) <= s->mb->reserved.max)
			set_pages(s->m.res, cut, NPAGES, false);
	}
	if (s->global)
		memblock_enforce_memory_limit(limit * HPAGE);
	else
		__memblock_enforce_memory_limit(s->mb, limit * HPAGE);
}

/* Changes direction or current_limit (page-aligned, so the model stays in pages). */
static void op_settings(struct stress *s)
{
	snprintf(s->op, sizeof(s->op), "settings");
	if (host_rand_below(2))
		s->mb->bottom_up = !s->mb->bottom_up;
	else
		s->mb->current_limit = host_rand_below(2) ? ANY : host_rand_below(NPAGES + 1) * HPAGE;
}

/* One random operation; false once the tables and the model disagree. */
static bool stress_step(struct stress *s)
{
	unsigned int r = host_rand_below(1000);

	if (r < 250)
		op_add(s, false);
	else if (r < 330)
		op_remove(s, false);
	else if (r < 530)
		op_add(s, true);
	else if (r < 700)
		op_remove(s, true);
	else if (r < 980)
		op_alloc(s);
	else if (r < 985)
		op_limit(s);
	else
		op_settings(s);
	if (!check_type(s, &s->mb->memory, s->m.mem) || !check_type(s, &s->mb->reserved, s->m.res))
		return false;
	if (!host_rand_below(8) && !check_free_ranges(s))
		return false;
	return !s->global || host_rand_below(4) || check_queries(s);
}

static void stress_run(struct stress *s, long ops)
{
	for (long i = 0; i < ops; i++)
		if (!stress_step(s)) {
			printf("# failed at operation %ld\n", i);
			return;
		}
	printf("# %ld ops: %lu allocations (%lu failed), %lu -ENOMEM, final cnt %lu/%lu\n",
	       ops, s->allocs, s->alloc_fails, s->enomem, s->mb->memory.cnt, s->mb->reserved.cnt);
}

static void stress_global_matches_model(void)
{
	static struct stress s;

	global_reset();
	memset(&s, 0, sizeof(s));
	s.mb = &memblock;
	s.global = true;
	stress_run(&s, host_iterations(100000));
	global_reset();
}

static void stress_small_tables_match_model(void)
{
	static struct memblock_region mem[32], res[32];
	static struct memblock mb;
	static struct stress s;

	mb = (struct memblock){
		.current_limit = ANY,
		.memory = { .max = 32, .regions = mem, .name = "memory" },
		.reserved = { .max = 32, .regions = res, .name = "reserved" },
	};
	memset(&s, 0, sizeof(s));
	s.mb = &mb;
	stress_run(&s, host_iterations(100000));
	CHECK(s.enomem > 100, "only %lu -ENOMEM: the full-table path was hardly tested", s.enomem);
}

static const struct host_test_case cases[] = {
	HOST_TEST(add_merges_overlapping_and_adjacent),
	HOST_TEST(reserve_across_boundaries),
	HOST_TEST(remove_splits_region),
	HOST_TEST(mem_limit_across_holes),
	HOST_TEST(alloc_alignment_and_direction),
	HOST_TEST(alloc_zeroes_through_va),
	HOST_TEST(table_full_is_enomem),
	HOST_TEST(dump_prints_linux_format),
	HOST_TEST(free_all_largest_aligned_blocks),
	HOST_TEST(stress_global_matches_model),
	HOST_TEST(stress_small_tables_match_model),
};

HOST_TEST_MAIN(cases)
