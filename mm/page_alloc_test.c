/*
 * mm/page_alloc_test.c - ktest suite `buddy` for the page allocator
 * (mm/page_alloc.c), the manual suite `buddy_selftest` (a double free that
 * must stop the kernel with "BUG: Bad page state"), and the buddy's kbench
 * benchmarks.
 *
 * The suite runs on the live allocator, after boot, with whatever the rest
 * of the kernel already holds.  Every case is leak-checked in the manner of
 * xv6's countfree: drain this CPU's lists, count the free pages, run, drain,
 * count again - the counts must match.  Cases that need memory a small
 * machine lacks (no ZONE_DMA32 pages at 16 MiB) skip with the reason.
 */
#include "mm/internal.h"
#include "mm/mmzone.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"

/* The free pages in the buddy lists, with this CPU's lists drained into them. */
static unsigned long free_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* Each case's leak check: the free count at the start and at the end match. */
#define LEAK_CHECK_BEGIN(t)	unsigned long __free_before = free_now()
#define LEAK_CHECK_END(t)	KTEST_EXPECT_EQ(t, free_now(), __free_before)

/* The gfp that makes zone the first (for DMA: the only) zone tried. */
static gfp_t zone_gfp(const struct zone *zone)
{
	static const gfp_t gfp[MAX_NR_ZONES] = { GFP_DMA, GFP_DMA32, 0 };

	return gfp[zone_idx(zone)];
}

/* The populated zone with the most free pages. */
static struct zone *roomiest_zone(void)
{
	struct zone *zone, *best = NULL;

	for_each_populated_zone(zone)
		if (!best || zone_page_state(zone, NR_FREE_PAGES) > zone_page_state(best, NR_FREE_PAGES))
			best = zone;
	return best;
}

static void alloc_pages_every_order_is_aligned(struct ktest *t)
{
	LEAK_CHECK_BEGIN(t);

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		if (!page) {
			ktest_info(t, "order %u: no free block (small machine)", order);
			continue;
		}
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & ((1UL << order) - 1), 0);
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		KTEST_EXPECT_FALSE(t, PageBuddy(page));
		__free_pages(page, order);
	}
	LEAK_CHECK_END(t);
}

/* Allocates with gfp at a few orders and checks every block ends below limit_pfn. */
static void check_zone_limit(struct ktest *t, enum zone_type z, gfp_t gfp, unsigned long limit_pfn)
{
	LEAK_CHECK_BEGIN(t);

	if (!managed_zone(&contig_page_data.node_zones[z]))
		ktest_skip(t, "this machine has no memory in the zone");
	for (unsigned int order = 0; order < 4; order++) {
		struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_LE(t, page_to_pfn(page) + (1UL << order), limit_pfn);
		KTEST_EXPECT_LE(t, page_zonenum(page), z);
		__free_pages(page, order);
	}
	LEAK_CHECK_END(t);
}

static void gfp_dma_is_below_16m(struct ktest *t)
{
	check_zone_limit(t, ZONE_DMA, GFP_DMA, (16UL << 20) >> PAGE_SHIFT);
}

static void gfp_dma32_is_below_4g(struct ktest *t)
{
	check_zone_limit(t, ZONE_DMA32, GFP_DMA32, (4UL << 30) >> PAGE_SHIFT);
}

static bool on_list(const struct list_head *list, const struct page *page)
{
	const struct page *p;

	list_for_each_entry(p, list, lru)
		if (p == page)
			return true;
	return false;
}

static void pcp_free_then_drain_returns_to_buddy(struct ktest *t)
{
	LEAK_CHECK_BEGIN(t);
	struct page *page = alloc_page(GFP_KERNEL);
	struct zone *zone;
	struct per_cpu_pages *pcp;
	unsigned long buddy_before;
	int count_before;

	KTEST_ASSERT_NOT_NULL(t, page);
	zone = page_zone(page);
	pcp = &zone->per_cpu_pageset[smp_processor_id()];
	buddy_before = zone_page_state(zone, NR_FREE_PAGES);
	count_before = pcp->count;
	if (count_before + 1 >= pcp->high) {
		__free_page(page);
		ktest_skip(t, "the pcp list is at its high mark");
	}
	__free_page(page);
	KTEST_EXPECT_EQ(t, pcp->count, count_before + 1);
	KTEST_EXPECT_TRUE(t, on_list(&pcp->lists[get_pageblock_migratetype(page)], page));
	KTEST_EXPECT_EQ(t, zone_page_state(zone, NR_FREE_PAGES), buddy_before);
	KTEST_EXPECT_EQ(t, page_count(page), 0);

	drain_local_pages();
	KTEST_EXPECT_EQ(t, pcp->count, 0);
	KTEST_EXPECT_EQ(t, zone_page_state(zone, NR_FREE_PAGES), buddy_before + count_before + 1);
	LEAK_CHECK_END(t);
}

/* nr_free of every order of every zone. */
static void free_area_counts(unsigned long counts[MAX_NR_ZONES][MAX_ORDER])
{
	struct zone *zone;

	drain_local_pages();
	for_each_zone(zone)
		for (int o = 0; o < MAX_ORDER; o++)
			counts[zone_idx(zone)][o] = zone->free_area[o].nr_free;
}

static void freeing_merges_back_to_the_same_free_areas(struct ktest *t)
{
	static unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	struct page *pages[64];
	LEAK_CHECK_BEGIN(t);

	free_area_counts(before);
	for (int i = 0; i < 64; i++)
		pages[i] = alloc_pages(GFP_KERNEL | __GFP_MOVABLE | __GFP_NOWARN, i % 4);
	/* Free odd ones first, then even: buddies come back out of order. */
	for (int pass = 1; pass >= 0; pass--)
		for (int i = pass; i < 64; i += 2)
			if (pages[i])
				__free_pages(pages[i], i % 4);
	free_area_counts(after);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			KTEST_EXPECT_EQ(t, after[z][o], before[z][o]);
	LEAK_CHECK_END(t);
}

/*
 * Takes every free block of the unmovable and reclaimable lists of zone off
 * the lists (onto 'hidden', order in private), so that only movable free
 * blocks remain.  Returns the pages hidden.
 */
static unsigned long hide_unmovable_free_blocks(struct zone *zone, struct list_head *hidden)
{
	static const int types[] = { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE };
	unsigned long flags, n = 0;
	struct page *page;

	spin_lock_irqsave(&zone->lock, flags);
	for (int order = MAX_ORDER - 1; order >= 0; order--)
		for (int i = 0; i < 2; i++)
			while ((page = __rmqueue_smallest(zone, order, types[i]))) {
				page->private = order;
				list_add(&page->lru, hidden);
				__mod_zone_page_state(zone, NR_FREE_PAGES, -(1L << order));
				n += 1UL << order;
			}
	spin_unlock_irqrestore(&zone->lock, flags);
	return n;
}

/* Gives the hidden blocks back through the ordinary free path. */
static void unhide_free_blocks(struct list_head *hidden)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, hidden, lru) {
		unsigned int order = page->private;

		list_del(&page->lru);
		page->index = 0;
		set_page_count(page, 1);
		__free_pages(page, order);
	}
}

static void unmovable_steals_a_movable_pageblock(struct ktest *t)
{
	struct zone *zone = roomiest_zone();
	gfp_t gfp = zone_gfp(zone) | __GFP_HIGH | __GFP_NOWARN;
	struct page *movable, *unmovable;
	unsigned long unmovable_free = 0;
	LIST_HEAD(hidden);
	LEAK_CHECK_BEGIN(t);

	ktest_info(t, "zone %s: %lu unmovable/reclaimable free pages set aside", zone->name,
		   hide_unmovable_free_blocks(zone, &hidden));
	movable = alloc_page(gfp | __GFP_MOVABLE);
	unmovable = alloc_page(gfp);
	if (movable) {
		KTEST_EXPECT_EQ(t, get_pageblock_migratetype(movable), MIGRATE_MOVABLE);
		__free_page(movable);
	}
	if (unmovable) {
		KTEST_EXPECT_TRUE(t, page_zone(unmovable) == zone);
		KTEST_EXPECT_EQ(t, get_pageblock_migratetype(unmovable), MIGRATE_UNMOVABLE);
		for (int o = 0; o < MAX_ORDER; o++)
			unmovable_free += list_count_nodes(&zone->free_area[o].free_list[MIGRATE_UNMOVABLE]) << o;
		/* The rest of the stolen pageblock moved to the unmovable lists. */
		KTEST_EXPECT_GE(t, unmovable_free, pageblock_nr_pages / 2 - 64);
		__free_page(unmovable);
	}
	unhide_free_blocks(&hidden);
	KTEST_EXPECT_NOT_NULL(t, movable);
	KTEST_EXPECT_NOT_NULL(t, unmovable);
	LEAK_CHECK_END(t);
}

static void allocating_until_failure_stops_at_min_watermark(struct ktest *t)
{
	LIST_HEAD(held);
	struct page *page, *next;
	struct zone *zone;
	unsigned long n = 0;
	LEAK_CHECK_BEGIN(t);

	for (int order = MAX_ORDER - 1; order >= 0; order--)
		while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order))) {
			page->private = order;	/* ours until freed: remember the order */
			list_add(&page->lru, &held);
			n += 1UL << order;
		}
	ktest_info(t, "allocated %lu pages before failing", n);
	for_each_populated_zone(zone) {
		KTEST_EXPECT_LE(t, zone_page_state(zone, NR_FREE_PAGES), min_wmark_pages(zone));
		KTEST_EXPECT_FALSE(t, zone_watermark_ok(zone, 0, min_wmark_pages(zone), 0));
	}
	list_for_each_entry_safe(page, next, &held, lru) {
		unsigned int order = page->private;

		list_del(&page->lru);
		page->private = 0;
		__free_pages(page, order);
	}
	LEAK_CHECK_END(t);
}

static void gfp_zero_returns_zeroed_memory(struct ktest *t)
{
	struct page *page;
	u8 *p;
	LEAK_CHECK_BEGIN(t);

	page = alloc_pages(GFP_KERNEL, 1);
	KTEST_ASSERT_NOT_NULL(t, page);
	p = page_address(page);
	memset(p, 0xa5, 2 * PAGE_SIZE);
	__free_pages(page, 1);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT_NULL(t, memchr_inv(page_address(page), 0, 2 * PAGE_SIZE));
	__free_pages(page, 1);
	p = (u8 *)get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, PAGE_SIZE));
	free_page((unsigned long)p);
	LEAK_CHECK_END(t);
}

static void put_page_frees_a_compound_block(struct ktest *t)
{
	struct page *page;
	LEAK_CHECK_BEGIN(t);

	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT_TRUE(t, PageHead(page));
	KTEST_EXPECT_EQ(t, compound_order(page), 3);
	get_page(page);
	put_page(page);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	put_page(page);
	KTEST_EXPECT_EQ(t, page_count(page), 0);
	KTEST_EXPECT_FALSE(t, PageHead(page));
	LEAK_CHECK_END(t);
}

static void format_gfp_flags_names_like_linux(struct ktest *t)
{
	char buf[128];

	format_gfp_flags(buf, sizeof(buf), GFP_KERNEL);
	KTEST_EXPECT_STREQ(t, buf, "GFP_KERNEL");
	format_gfp_flags(buf, sizeof(buf), GFP_ATOMIC | __GFP_ZERO);
	KTEST_EXPECT_STREQ(t, buf, "GFP_ATOMIC|__GFP_ZERO");
	format_gfp_flags(buf, sizeof(buf), GFP_USER | __GFP_NOWARN);
	KTEST_EXPECT_STREQ(t, buf, "GFP_USER|__GFP_NOWARN");
}

static struct ktest_case buddy_cases[] = {
	KTEST_CASE(alloc_pages_every_order_is_aligned),
	KTEST_CASE(gfp_dma_is_below_16m),
	KTEST_CASE(gfp_dma32_is_below_4g),
	KTEST_CASE(pcp_free_then_drain_returns_to_buddy),
	KTEST_CASE(freeing_merges_back_to_the_same_free_areas),
	KTEST_CASE(unmovable_steals_a_movable_pageblock),
	KTEST_CASE(allocating_until_failure_stops_at_min_watermark),
	KTEST_CASE(gfp_zero_returns_zeroed_memory),
	KTEST_CASE(put_page_frees_a_compound_block),
	KTEST_CASE(format_gfp_flags_names_like_linux),
	{}
};
KTEST_SUITE(buddy, buddy_cases);

/* ---- buddy_selftest: run by name only; it must stop the kernel ---- */

/* Frees a page twice: "BUG: Bad page state in process swapper  pfn:...". */
static void double_free(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, page);
	__free_page(page);
	__free_page(page);
	ktest_fail(t, __FILE__, __LINE__, "the double free was not caught");
}

static struct ktest_case buddy_selftest_cases[] = {
	KTEST_CASE(double_free),
	{}
};
KTEST_SUITE_MANUAL(buddy_selftest, buddy_selftest_cases);

/* ---- kbench: cycles per operation ---- */

#define BENCH_OPS	100000

/* Order-0 alloc + free of the same page: the per-CPU list's fast path. */
static void bench_buddy_order0(void)
{
	u64 start = kbench_cycles();

	for (int i = 0; i < BENCH_OPS; i++)
		__free_page(alloc_page(GFP_KERNEL));
	kbench_report("buddy_order0_pcp", kbench_cycles() - start, BENCH_OPS);
}
KBENCH(buddy_order0_pcp, bench_buddy_order0);

/* 256 order-0 pages out, then back (an op is one alloc + one free): refills and drains in batches. */
static void bench_buddy_order0_batch(void)
{
	LIST_HEAD(held);
	struct page *page, *next;
	u64 start = kbench_cycles();
	int ops = 0;

	for (int round = 0; round < BENCH_OPS / 256; round++) {
		for (int i = 0; i < 256; i++) {
			page = alloc_page(GFP_KERNEL);
			list_add(&page->lru, &held);
		}
		list_for_each_entry_safe(page, next, &held, lru)
			__free_page(page);
		INIT_LIST_HEAD(&held);
		ops += 256;
	}
	kbench_report("buddy_order0_batch256", kbench_cycles() - start, ops);
}
KBENCH(buddy_order0_batch256, bench_buddy_order0_batch);

/* Order-3 alloc + free: the buddy lists under zone->lock, split and merge. */
static void bench_buddy_order3(void)
{
	u64 start = kbench_cycles();

	for (int i = 0; i < BENCH_OPS; i++)
		__free_pages(alloc_pages(GFP_KERNEL, 3), 3);
	kbench_report("buddy_order3", kbench_cycles() - start, BENCH_OPS);
}
KBENCH(buddy_order3, bench_buddy_order3);
