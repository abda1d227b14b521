/*
 * mm/memblock_test.c - ktest suite "memblock": the algorithms of
 * mm/memblock.c.
 *
 * By the time ktests run, memblock has usually handed its memory to the
 * buddy allocator, and the global instance must not allocate any more.  So
 * each case builds a scratch struct memblock with small region arrays of its
 * own (struct scratch) and drives the instance-level functions that the
 * public API wraps (memblock_add_range, memblock_remove_range,
 * memblock_alloc_range, __memblock_enforce_memory_limit, __next_mem_range):
 * the same code, on private tables.  Addresses are only numbers here; no
 * memory is touched.  One case reads the global tables to check their
 * invariants without changing them; one feeds malformed mem= and memblock=
 * values to the real early_param handlers, which must leave them as they
 * were.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/params.h"
#include "mm/memblock.h"

extern const struct obs_kernel_param __setup_start[], __setup_end[];

#define SCRATCH_REGIONS	8

struct scratch {
	struct memblock mb;
	struct memblock_region memory[SCRATCH_REGIONS];
	struct memblock_region reserved[SCRATCH_REGIONS];
};

/* An empty instance, top-down, no current limit, max regions per table. */
static void scratch_init(struct scratch *s, unsigned long max)
{
	memset(s, 0, sizeof(*s));
	s->mb.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	s->mb.memory = (struct memblock_type){
		.max = max, .regions = s->memory, .name = "memory" };
	s->mb.reserved = (struct memblock_type){
		.max = max, .regions = s->reserved, .name = "reserved" };
}

#define R(b, e)	{ .base = (b), .size = (e) - (b) }

/* Fails the case unless type holds exactly want[0..n), with the right total. */
static void expect_regions(struct ktest *t, int line, const struct memblock_type *type,
			   const struct memblock_region *want, unsigned long n)
{
	phys_addr_t total = 0;
	unsigned long i;

	if (type->cnt != n)
		ktest_fail(t, __FILE__, line, "%s.cnt == %lu, expected %lu",
			   type->name, type->cnt, n);
	for (i = 0; i < n && i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		total += want[i].size;
		if (r->base != want[i].base || r->size != want[i].size)
			ktest_fail(t, __FILE__, line,
				   "%s[%lu] == [0x%llx-0x%llx), expected [0x%llx-0x%llx)",
				   type->name, i, r->base, r->base + r->size,
				   want[i].base, want[i].base + want[i].size);
	}
	if (type->cnt == n && type->total_size != total)
		ktest_fail(t, __FILE__, line, "%s.total_size == 0x%llx, expected 0x%llx",
			   type->name, type->total_size, total);
}

#define EXPECT_REGIONS(t, type, ...) do {					\
	static const struct memblock_region __want[] = { __VA_ARGS__ };	\
	expect_regions(t, __LINE__, type, __want, ARRAY_SIZE(__want));	\
} while (0)
#define EXPECT_EMPTY(t, type)	expect_regions(t, __LINE__, type, NULL, 0)

static void memblock_add_merges_adjacent(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x1000, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x3000, 0x1000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x2000), R(0x3000, 0x4000));
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x2000, 0x1000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x4000));
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x4000, 0x1000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x5000));
}

static void memblock_add_overlapping_fills_gaps_only(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x2000, 0x1000);
	memblock_add_range(&s.mb.memory, 0x5000, 0x2000);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x1000, 0x8000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x9000));
	/* Inside what is there already: nothing changes. */
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x3000, 0x1000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x9000));
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x8000, 0x0), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x9000));
}

static void memblock_reserve_across_boundaries(struct ktest *t)
{
	struct scratch s;
	phys_addr_t start, end;
	u64 i = 0;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x1000, 0x4000);	/* [1000, 5000) */
	memblock_add_range(&s.mb.memory, 0x8000, 0x4000);	/* [8000, c000) */
	/* Reservations may cover holes and overlap each other. */
	memblock_add_range(&s.mb.reserved, 0x4000, 0x5000);	/* [4000, 9000) */
	memblock_add_range(&s.mb.reserved, 0x0, 0x2000);	/* [0, 2000) */
	memblock_add_range(&s.mb.reserved, 0x8800, 0x800);	/* inside */
	EXPECT_REGIONS(t, &s.mb.reserved, R(0x0, 0x2000), R(0x4000, 0x9000));

	__next_mem_range(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, start, 0x2000);
	KTEST_EXPECT_EQ(t, end, 0x4000);
	__next_mem_range(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, start, 0x9000);
	KTEST_EXPECT_EQ(t, end, 0xc000);
	__next_mem_range(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, i, MEMBLOCK_ITER_END);
}

static void memblock_free_ranges_reverse_match_forward(struct ktest *t)
{
	struct scratch s;
	phys_addr_t start, end;
	u64 i = MEMBLOCK_ITER_END;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x1000, 0x4000);
	memblock_add_range(&s.mb.memory, 0x8000, 0x4000);
	memblock_add_range(&s.mb.reserved, 0x4000, 0x5000);
	__next_mem_range_rev(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, start, 0x9000);
	KTEST_EXPECT_EQ(t, end, 0xc000);
	__next_mem_range_rev(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, start, 0x1000);
	KTEST_EXPECT_EQ(t, end, 0x4000);
	__next_mem_range_rev(&i, &s.mb.memory, &s.mb.reserved, &start, &end);
	KTEST_EXPECT_EQ(t, i, MEMBLOCK_ITER_END);
}

static void memblock_remove_splits_region(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x1000, 0x8000);
	KTEST_EXPECT_EQ(t, memblock_remove_range(&s.mb.memory, 0x3000, 0x2000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x3000), R(0x5000, 0x9000));
	/* Across the hole: trims both sides. */
	KTEST_EXPECT_EQ(t, memblock_remove_range(&s.mb.memory, 0x2000, 0x4000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x2000), R(0x6000, 0x9000));
	KTEST_EXPECT_EQ(t, memblock_remove_range(&s.mb.memory, 0x0, 0x10000), 0);
	EXPECT_EMPTY(t, &s.mb.memory);
}

static void memblock_table_full_returns_enomem(struct ktest *t)
{
	struct scratch s;
	int i;

	scratch_init(&s, 4);
	for (i = 0; i < 4; i++)
		KTEST_ASSERT_EQ(t, memblock_add_range(&s.mb.memory, 0x10000 * i, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x50000, 0x1000), -ENOMEM);
	/* A split needs an entry too; the table is left as it was. */
	KTEST_EXPECT_EQ(t, memblock_remove_range(&s.mb.memory, 0x10400, 0x100), -ENOMEM);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x0, 0x1000), R(0x10000, 0x11000),
		       R(0x20000, 0x21000), R(0x30000, 0x31000));
	/* As in Linux, entries are counted before merging: even this needs one. */
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x1000, 0x1000), -ENOMEM);
	/* Removing whole regions needs no entry, and makes room. */
	KTEST_EXPECT_EQ(t, memblock_remove_range(&s.mb.memory, 0x30000, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x1000, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_add_range(&s.mb.memory, 0x50000, 0x1000), 0);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x0, 0x2000), R(0x10000, 0x11000),
		       R(0x20000, 0x21000), R(0x50000, 0x51000));
}

static void memblock_alloc_top_down_takes_highest_fit(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x0, 0x100000);
	memblock_add_range(&s.mb.reserved, 0xf0000, 0x10000);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x1000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0xef000);
	/* 64 KiB alignment: the highest aligned base whose range fits. */
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x10000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0xe0000);
	EXPECT_REGIONS(t, &s.mb.reserved, R(0xe0000, 0xe1000), R(0xef000, 0x100000));
	/* Unaligned sizes keep their size; the base is still aligned. */
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x10, 0x8, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0xeeff0);
}

static void memblock_alloc_bottom_up_skips_page_zero(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	s.mb.bottom_up = true;
	memblock_add_range(&s.mb.memory, 0x0, 0x100000);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x1000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0x1000);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x4000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0x4000);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x1000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0x2000);
}

static void memblock_alloc_honours_range_and_current_limit(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x0, 0x100000);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x1000, 0x20000, 0x30000),
			0x2f000);
	s.mb.current_limit = 0x80000;
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x1000, 0x1000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0x7f000);
	/* Asking for more than fits below the limit fails with 0. */
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x80000, 0x1000, 0,
						MEMBLOCK_ALLOC_ANYWHERE), 0);
	KTEST_EXPECT_EQ(t, memblock_alloc_range(&s.mb, 0x2000, 0x1000, 0x20000, 0x21000), 0);
	EXPECT_REGIONS(t, &s.mb.reserved, R(0x2f000, 0x30000), R(0x7f000, 0x80000));
}

static void memblock_enforce_limit_counts_ram_not_holes(struct ktest *t)
{
	struct scratch s;

	scratch_init(&s, SCRATCH_REGIONS);
	memblock_add_range(&s.mb.memory, 0x1000, 0x9e000);		/* [1000, 9f000) */
	memblock_add_range(&s.mb.memory, 0x100000, 0x700000);	/* [100000, 800000) */
	memblock_add_range(&s.mb.reserved, 0x200000, 0x1000);
	memblock_add_range(&s.mb.reserved, 0x260000, 0x10000);	/* straddles the cut */
	memblock_add_range(&s.mb.reserved, 0x700000, 0x80000);
	/* 2 MiB of RAM: 0x9e000 below 1 MiB, so 0x162000 above it. */
	__memblock_enforce_memory_limit(&s.mb, 0x200000);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x9f000), R(0x100000, 0x262000));
	EXPECT_REGIONS(t, &s.mb.reserved, R(0x200000, 0x201000), R(0x260000, 0x262000));
	/* More than there is: nothing changes. */
	__memblock_enforce_memory_limit(&s.mb, 0x10000000);
	EXPECT_REGIONS(t, &s.mb.memory, R(0x1000, 0x9f000), R(0x100000, 0x262000));
}

/* Whether type is sorted, non-overlapping, merged, non-empty and summed right. */
static bool type_is_canonical(const struct memblock_type *type)
{
	phys_addr_t total = 0;
	unsigned long i;

	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (!r->size)
			return false;
		if (i && r[-1].base + r[-1].size >= r->base)
			return false;
		total += r->size;
	}
	return type->cnt <= type->max && total == type->total_size;
}

static void memblock_global_tables_are_canonical(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, type_is_canonical(&memblock.memory));
	KTEST_EXPECT_TRUE(t, type_is_canonical(&memblock.reserved));
	KTEST_EXPECT_EQ(t, memblock_phys_mem_size(), memblock.memory.total_size);
	if (memblock.memory.cnt) {
		KTEST_EXPECT_TRUE(t, memblock_is_memory(memblock_start_of_DRAM()));
		KTEST_EXPECT_FALSE(t, memblock_is_memory(memblock_end_of_DRAM()));
	}
}

/* Malformed mem= and memblock= values are warned about and change nothing. */
static void memblock_params_malformed_are_ignored(struct ktest *t)
{
	phys_addr_t limit = memblock_mem_limit();

	KTEST_EXPECT_EQ(t, parse_cmdline("mem=abc mem= mem=12Q mem=100 memblock=foo",
					 __setup_start, __setup_end, true, false), 5);
	KTEST_EXPECT_EQ(t, memblock_mem_limit(), limit);
}

static struct ktest_case memblock_cases[] = {
	KTEST_CASE(memblock_add_merges_adjacent),
	KTEST_CASE(memblock_add_overlapping_fills_gaps_only),
	KTEST_CASE(memblock_reserve_across_boundaries),
	KTEST_CASE(memblock_free_ranges_reverse_match_forward),
	KTEST_CASE(memblock_remove_splits_region),
	KTEST_CASE(memblock_table_full_returns_enomem),
	KTEST_CASE(memblock_alloc_top_down_takes_highest_fit),
	KTEST_CASE(memblock_alloc_bottom_up_skips_page_zero),
	KTEST_CASE(memblock_alloc_honours_range_and_current_limit),
	KTEST_CASE(memblock_enforce_limit_counts_ram_not_holes),
	KTEST_CASE(memblock_global_tables_are_canonical),
	KTEST_CASE(memblock_params_malformed_are_ignored),
	{}
};
KTEST_SUITE(memblock, memblock_cases);
