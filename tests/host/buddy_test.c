/*
 * tests/host/buddy_test.c - the buddy allocator (mm/page_alloc.c, mm/mm_init.c)
 * on the host, under ASan and UBSan.
 *
 * The real allocator runs over a fake machine: "physical memory" is a 4 GiB+
 * mmap(PROT_NONE) reservation in which only the RAM ranges below are made
 * readable and writable, and the vmemmap is another PROT_NONE reservation in
 * which only the struct pages the kernel promises exist (those of every
 * MAX_ORDER block holding RAM, mm/mmzone.h) are accessible - so a stray
 * access to a page or struct page that should not be touched faults.
 *
 *   pfn [0x1, 0x9f)           RAM   ZONE_DMA   (the first MiB is reserved)
 *   pfn [0x100, 0x2820)       RAM   DMA + DMA32 (the "kernel image" reserved)
 *   pfn [0xffa00, 0x100000)   RAM   DMA32, below 4 GiB (top MiB reserved)
 *   pfn [0x100000, 0x101403)  RAM   ZONE_NORMAL (ends off a block boundary)
 *
 * Each case boots afresh: free_area_init(), a memblock_free_all() of its
 * own (the free pfns in the largest aligned blocks, as mm/memblock.c does),
 * init_per_zone_wmark_min().  The model for the random stress is a per-pfn
 * owner array: a page handed out twice, a block misaligned or outside the
 * zone asked for, or counts that do not add up fail the case.  Exact-state
 * cases compare every free list of every order and migrate type, as sets of
 * pfns, before and after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host_test.h"
/* glibc and kernel/compiler.h both define this one. */
#undef __always_inline
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/oom.h"
#include "mm/vmscan.h"
#include "kernel/printk.h"

#define GIB		(1UL << 30)
#define MIB		(1UL << 20)
#define SPAN_PFNS	0x101800UL		/* pfns the fake machine spans */
#define DMA_LIMIT	0x1000UL		/* 16 MiB */
#define DMA32_LIMIT	0x100000UL		/* 4 GiB */

static const unsigned long ram[][2] = {		/* pfn ranges of RAM */
	{ 0x1, 0x9f }, { 0x100, 0x2820 }, { 0xffa00, 0x100000 }, { 0x100000, 0x101403 },
};
static const unsigned long reserved[][2] = {	/* pfn ranges memblock keeps */
	{ 0x0, 0x100 }, { 0x100, 0x301 }, { 0xfff00, 0x100000 },
};
#define NR_RAM		(sizeof(ram) / sizeof(ram[0]))
#define NR_RESERVED	(sizeof(reserved) / sizeof(reserved[0]))

/* ------------------------------------------------------------------------
 * What the kernel objects need from their surroundings
 * ------------------------------------------------------------------------ */

unsigned long host_page_offset;		/* "physical" 0 (shim page.h) */
unsigned long host_vmemmap_start;	/* pfn 0's struct page (shim pgtable_types.h) */
unsigned long max_pfn;
/* The image bounds mem_init_print_info() prints; ld defines _etext, _edata, __bss_start. */
char _text[1], __start_rodata[1], __end_rodata[1], _sdata[1], __bss_stop[1];

static struct memblock_region memory_regions[NR_RAM];
struct memblock memblock = {
	.memory = { .cnt = NR_RAM, .max = NR_RAM, .regions = memory_regions, .name = "memory" },
};

/* memblock_alloc: the pageblock bitmaps; freed at the next boot. */
static void *memblock_allocs[16];
static int nr_memblock_allocs;

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	void *p = calloc(1, size);

	if (nr_memblock_allocs < 16)
		memblock_allocs[nr_memblock_allocs++] = p;
	return p;
}

/* Kernel output: kept in a buffer (for cases that check it), echoed if verbose. */
static char log_buf[1 << 16];
static size_t log_len;
static bool verbose;

int printk(const char *fmt, ...)
{
	char line[1024];
	const char *p = line;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	while (p[0] == '\001' && p[1])
		p += 2;
	if (log_len + strlen(p) + 1 < sizeof(log_buf))
		log_len += snprintf(log_buf + log_len, sizeof(log_buf) - log_len, "%s", p);
	if (verbose)
		printf("# %s", p);
	return n;
}

static void log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

static jmp_buf *bug_jmp;	/* where __bug() goes in a case that expects one */

void __bug(const char *file, int line)
{
	printk("kernel BUG at %s:%d!\n", file, line);
	if (bug_jmp)
		longjmp(*bug_jmp, 1);
	printf("%s", log_buf);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	abort();
}

void __warn(const char *file, int line, const char *func)
{
	printk("WARNING: at %s:%d %s\n", file, line, func);
}

void dump_stack(void)
{
	printk("Call Trace:\n");
}

/* The OOM killer (mm/oom_kill.c) is not part of the host build: nothing to kill. */
bool out_of_memory(struct oom_control *oc)
{
	(void)oc;
	return false;
}

bool oom_current_dying(void)
{
	return false;
}

/* Neither is reclaim (mm/vmscan.c): no LRU, nothing to free. */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask)
{
	(void)zonelist;
	(void)order;
	(void)gfp_mask;
	return 0;
}

void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order, int highest_zoneidx)
{
	(void)zone;
	(void)gfp_flags;
	(void)order;
	(void)highest_zoneidx;
}

void __page_cache_release(struct page *page)
{
	(void)page;
}

u64 local_clock(void)
{
	static u64 now = 1;

	return now += 1000;
}

/* ------------------------------------------------------------------------
 * The fake machine
 * ------------------------------------------------------------------------ */

static void *reserve(size_t size)
{
	void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void make_accessible(unsigned long base, size_t size)
{
	if (mprotect((void *)base, size, PROT_READ | PROT_WRITE)) {
		perror("mprotect");
		exit(1);
	}
}

/* Maps the fake RAM and the struct pages of its MAX_ORDER blocks, once. */
static void machine_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	host_page_offset = (unsigned long)reserve(SPAN_PFNS * PAGE_SIZE);
	host_vmemmap_start = (unsigned long)reserve(SPAN_PFNS * sizeof(struct page));
	for (unsigned i = 0; i < NR_RAM; i++) {
		unsigned long s = ALIGN_DOWN(ram[i][0], MAX_ORDER_NR_PAGES);
		unsigned long e = ALIGN(ram[i][1], MAX_ORDER_NR_PAGES);

		make_accessible(host_page_offset + ram[i][0] * PAGE_SIZE,
				(ram[i][1] - ram[i][0]) * PAGE_SIZE);
		make_accessible(host_vmemmap_start + s * sizeof(struct page),
				(e - s) * sizeof(struct page));
		memory_regions[i].base = PFN_PHYS(ram[i][0]);
		memory_regions[i].size = PFN_PHYS(ram[i][1] - ram[i][0]);
	}
	max_pfn = ram[NR_RAM - 1][1];
}

static bool pfn_is_ram(unsigned long pfn)
{
	for (unsigned i = 0; i < NR_RAM; i++)
		if (pfn >= ram[i][0] && pfn < ram[i][1])
			return true;
	return false;
}

static bool pfn_is_reserved(unsigned long pfn)
{
	for (unsigned i = 0; i < NR_RESERVED; i++)
		if (pfn >= reserved[i][0] && pfn < reserved[i][1])
			return true;
	return false;
}

static unsigned long expected_free;	/* RAM pfns not reserved */

/* memblock_free_all as mm/memblock.c does it: free runs in the largest aligned blocks. */
static void free_all(void)
{
	unsigned long pfn = 0;

	expected_free = 0;
	while (pfn < SPAN_PFNS) {
		unsigned long end = pfn;

		if (!pfn_is_ram(pfn) || pfn_is_reserved(pfn)) {
			pfn++;
			continue;
		}
		while (end < SPAN_PFNS && pfn_is_ram(end) && !pfn_is_reserved(end))
			end++;
		expected_free += end - pfn;
		while (pfn < end) {
			unsigned int order = MAX_ORDER - 1;

			if (pfn)
				order = min(order, (unsigned int)__builtin_ctzl(pfn));
			while (pfn + (1UL << order) > end)
				order--;
			memblock_free_pages(pfn_to_page(pfn), pfn, order);
			pfn += 1UL << order;
		}
	}
}

/* A fresh boot of the allocator. */
static void boot(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { DMA_LIMIT, DMA32_LIMIT, 0 };

	machine_init();
	max_zone_pfn[ZONE_NORMAL] = max_pfn;
	for (int i = 0; i < nr_memblock_allocs; i++)
		free(memblock_allocs[i]);
	nr_memblock_allocs = 0;
	totalram_pages = 0;
	log_clear();
	free_area_init(max_zone_pfn);
	free_all();
	init_per_zone_wmark_min();
	mem_init_print_info();
}

/* ------------------------------------------------------------------------
 * Looking at the allocator's state
 * ------------------------------------------------------------------------ */

struct free_block {
	unsigned long pfn;
	int zone, order, mt;
};

struct state {
	struct free_block *blocks;
	size_t n;
};

static int cmp_block(const void *a, const void *b)
{
	const struct free_block *x = a, *y = b;

	if (x->pfn != y->pfn)
		return x->pfn < y->pfn ? -1 : 1;
	if (x->order != y->order)
		return x->order - y->order;
	return x->mt - y->mt;
}

/* Every free block on every list (after draining the per-CPU lists), sorted. */
static struct state snapshot(bool with_mt)
{
	struct state s = { malloc(sizeof(struct free_block) * SPAN_PFNS / 2), 0 };
	struct zone *zone;
	struct page *page;

	drain_local_pages();
	for_each_zone(zone)
		for (int order = 0; order < MAX_ORDER; order++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				list_for_each_entry(page, &zone->free_area[order].free_list[mt], lru)
					s.blocks[s.n++] = (struct free_block){
						page_to_pfn(page), zone_idx(zone), order,
						with_mt ? mt : 0 };
	qsort(s.blocks, s.n, sizeof(*s.blocks), cmp_block);
	return s;
}

/* Fails the case unless a and b hold the same blocks; frees both. */
static void check_same_state(struct state a, struct state b, const char *what)
{
	size_t i;

	CHECK(a.n == b.n, "%s: %zu free blocks before, %zu after", what, a.n, b.n);
	for (i = 0; i < a.n && i < b.n; i++)
		if (cmp_block(&a.blocks[i], &b.blocks[i]) || a.blocks[i].zone != b.blocks[i].zone)
			break;
	CHECK(i == min(a.n, b.n), "%s: first difference: pfn %#lx order %d mt %d vs pfn %#lx order %d mt %d",
	      what, i < a.n ? a.blocks[i].pfn : 0, i < a.n ? a.blocks[i].order : -1,
	      i < a.n ? a.blocks[i].mt : -1, i < b.n ? b.blocks[i].pfn : 0,
	      i < b.n ? b.blocks[i].order : -1, i < b.n ? b.blocks[i].mt : -1);
	free(a.blocks);
	free(b.blocks);
}

static unsigned long pcp_pages(void)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_zone(zone)
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			n += zone->per_cpu_pageset[cpu].count;
	return n;
}

static unsigned long managed_pages(void)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_zone(zone)
		n += zone->managed_pages;
	return n;
}

/*
 * Walks every free list and per-CPU list: blocks aligned, in their zone,
 * marked right, not overlapping, not owned by anyone in the model (owner
 * may be NULL), and adding up to each zone's NR_FREE_PAGES.
 */
static void check_free_lists(const int *owner)
{
	static unsigned char seen[SPAN_PFNS];
	struct zone *zone;
	struct page *page;

	memset(seen, 0, sizeof(seen));
	for_each_zone(zone) {
		unsigned long sum = 0;

		for (int order = 0; order < MAX_ORDER; order++) {
			unsigned long nr = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				list_for_each_entry(page, &zone->free_area[order].free_list[mt], lru) {
					unsigned long pfn = page_to_pfn(page);

					nr++;
					CHECK(PageBuddy(page) && page->private == (unsigned long)order,
					      "free block %#lx: PG_buddy %d order %lu on the order-%d list",
					      pfn, PageBuddy(page), page->private, order);
					CHECK(pfn % (1UL << order) == 0, "free block %#lx misaligned for order %d", pfn, order);
					CHECK(zone_spans_pfn(zone, pfn) && zone_spans_pfn(zone, pfn + (1UL << order) - 1),
					      "free block %#lx order %d outside zone %s", pfn, order, zone->name);
					for (unsigned long i = 0; i < (1UL << order); i++) {
						CHECK(!seen[pfn + i], "pfn %#lx on two free lists", pfn + i);
						CHECK(!owner || !owner[pfn + i], "pfn %#lx free and allocated", pfn + i);
						CHECK(pfn_is_ram(pfn + i) && !pfn_is_reserved(pfn + i),
						      "pfn %#lx is free but not free RAM", pfn + i);
						seen[pfn + i] = 1;
					}
				}
			}
			CHECK(nr == zone->free_area[order].nr_free, "zone %s order %d: %lu blocks, nr_free %lu",
			      zone->name, order, nr, zone->free_area[order].nr_free);
			sum += nr << order;
		}
		CHECK(sum == zone_page_state(zone, NR_FREE_PAGES), "zone %s: %lu pages on lists, NR_FREE_PAGES %lu",
		      zone->name, sum, zone_page_state(zone, NR_FREE_PAGES));
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			list_for_each_entry(page, &zone->per_cpu_pageset[0].lists[mt], lru) {
				unsigned long pfn = page_to_pfn(page);

				CHECK(!seen[pfn] && (!owner || !owner[pfn]), "pcp page %#lx also free or owned", pfn);
				seen[pfn] = 1;
			}
	}
}

/* ------------------------------------------------------------------------
 * The cases
 * ------------------------------------------------------------------------ */

static void boot_hands_every_free_page_to_the_buddy(void)
{
	boot();
	check_free_lists(NULL);
	CHECK(nr_free_pages() == expected_free, "nr_free_pages %lu, expected %lu", nr_free_pages(), expected_free);
	CHECK(managed_pages() == expected_free && totalram_pages == expected_free,
	      "managed %lu totalram %lu, expected %lu", managed_pages(), totalram_pages, expected_free);
	CHECK(strstr(log_buf, "Zone ranges:\n  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
			      "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
			      "  Normal   [mem 0x0000000100000000-0x0000000101402fff]\n"),
	      "zone ranges not printed as expected:\n%s", log_buf);
	CHECK(strstr(log_buf, "zone DMA32: free "), "no zone summary:\n%s", log_buf);
	CHECK(strstr(log_buf, "Memory: "), "no Memory: line");
	/* Every pageblock starts MOVABLE; all free pages are on MOVABLE lists. */
	for (int o = 0; o < MAX_ORDER; o++)
		CHECK(list_empty(&contig_page_data.node_zones[ZONE_DMA32].free_area[o].free_list[MIGRATE_UNMOVABLE]),
		      "unmovable free pages at boot");
}

static void min_free_kbytes_follows_linux(void)
{
	unsigned long lowmem_kb = expected_free * 4, want = 0;

	boot();
	while ((want + 1) * (want + 1) <= lowmem_kb * 16)
		want++;
	want = min(max(want, 128UL), 262144UL);
	CHECK((unsigned long)min_free_kbytes == want, "min_free_kbytes %d, want %lu", min_free_kbytes, want);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &contig_page_data.node_zones[z];
		unsigned long min = (min_free_kbytes / 4) * zone->managed_pages / expected_free;
		unsigned long step = max(min / 4, zone->managed_pages * 10 / 10000);

		CHECK(min_wmark_pages(zone) == min && low_wmark_pages(zone) == min + step &&
		      high_wmark_pages(zone) == min + 2 * step,
		      "zone %s: min/low/high %lu/%lu/%lu, want %lu/%lu/%lu", zone->name,
		      min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
		      min, min + step, min + 2 * step);
	}
}

static void every_order_allocates_aligned_and_frees(void)
{
	struct state before;

	boot();
	before = snapshot(true);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, order);

		CHECK(page, "order %u: NULL", order);
		if (!page)
			continue;
		CHECK(page_to_pfn(page) % (1UL << order) == 0, "order %u: pfn %#lx misaligned", order, page_to_pfn(page));
		CHECK(page_count(page) == 1, "order %u: refcount %d", order, page_count(page));
		__free_pages(page, order);
	}
	check_same_state(before, snapshot(true), "after every order");
	check_free_lists(NULL);
}

static void gfp_zone_limits_are_kept(void)
{
	static const struct { gfp_t gfp; unsigned long limit; const char *name; } cases[] = {
		{ GFP_DMA, DMA_LIMIT, "GFP_DMA" },
		{ GFP_DMA32, DMA32_LIMIT, "GFP_DMA32" },
		{ GFP_KERNEL, SPAN_PFNS, "GFP_KERNEL" },
	};

	boot();
	for (unsigned c = 0; c < 3; c++) {
		for (unsigned int order = 0; order < MAX_ORDER; order += 3) {
			struct page *page = alloc_pages(cases[c].gfp, order);

			CHECK(page && page_to_pfn(page) + (1UL << order) <= cases[c].limit,
			      "%s order %u: pfn %#lx", cases[c].name, order, page ? page_to_pfn(page) : 0);
			if (page)
				__free_pages(page, order);
		}
	}
	/* GFP_KERNEL prefers Normal. */
	struct page *page = alloc_page(GFP_KERNEL);

	CHECK(page && page_zonenum(page) == ZONE_NORMAL, "GFP_KERNEL not from Normal");
	if (page)
		__free_page(page);
}

/*
 * GFP_KERNEL pages until none is left: the zones are first used in the
 * zonelist's order, Normal -> DMA32 -> DMA, each only once the zones above
 * it are down to their low watermark (the fast path's limit).
 */
static void zonelist_falls_back_normal_dma32_dma(void)
{
	LIST_HEAD(held);
	struct page *page, *next;
	int lowest_used = MAX_NR_ZONES;

	boot();
	while ((page = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY))) {
		int z = page_zonenum(page);

		list_add(&page->lru, &held);
		if (z >= lowest_used)
			continue;
		CHECK(z == lowest_used - 1, "zone %d used right after zone %d", z, lowest_used);
		for (int above = z + 1; above < MAX_NR_ZONES; above++) {
			struct zone *zone = &contig_page_data.node_zones[above];

			CHECK(zone_page_state(zone, NR_FREE_PAGES) <= low_wmark_pages(zone),
			      "zone %d used while zone %s has %lu free, low %lu", z, zone->name,
			      zone_page_state(zone, NR_FREE_PAGES), low_wmark_pages(zone));
		}
		lowest_used = z;
	}
	CHECK(lowest_used == ZONE_DMA, "DMA never used (lowest zone %d)", lowest_used);
	list_for_each_entry_safe(page, next, &held, lru)
		__free_page(page);
	drain_local_pages();
	CHECK(nr_free_pages() == expected_free, "leak: %lu free, %lu expected", nr_free_pages(), expected_free);
}

static void pcp_free_goes_to_list_and_drain_empties_it(void)
{
	struct zone *zone = &contig_page_data.node_zones[ZONE_NORMAL];
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	unsigned long buddy_before;
	struct page *page, *p;
	bool found = false;

	boot();
	drain_local_pages();
	buddy_before = zone_page_state(zone, NR_FREE_PAGES);
	page = alloc_page(GFP_KERNEL);
	CHECK(page && page_zonenum(page) == ZONE_NORMAL, "no Normal page");
	if (!page)
		return;
	CHECK(pcp->count == pcp->batch - 1, "pcp count %d after a refill of batch %d", pcp->count, pcp->batch);
	CHECK(zone_page_state(zone, NR_FREE_PAGES) == buddy_before - pcp->batch,
	      "buddy lost %lu pages for a batch of %d", buddy_before - zone_page_state(zone, NR_FREE_PAGES), pcp->batch);
	__free_page(page);
	list_for_each_entry(p, &pcp->lists[get_pageblock_migratetype(page)], lru)
		found |= p == page;
	CHECK(found && pcp->count == pcp->batch, "freed page not on the pcp list (count %d)", pcp->count);
	CHECK(page_count(page) == 0 && !PageBuddy(page), "pcp page refcount %d buddy %d", page_count(page), PageBuddy(page));
	drain_local_pages();
	CHECK(pcp->count == 0, "pcp count %d after drain", pcp->count);
	CHECK(zone_page_state(zone, NR_FREE_PAGES) == buddy_before, "buddy %lu after drain, %lu before",
	      zone_page_state(zone, NR_FREE_PAGES), buddy_before);
	/* Past pcp->high, frees go back to the buddy in batches. */
	LIST_HEAD(held);
	for (int i = 0; i < pcp->high + 10; i++) {
		page = alloc_page(GFP_KERNEL);
		if (page)
			list_add(&page->lru, &held);
	}
	list_for_each_entry_safe(page, p, &held, lru) {
		__free_page(page);
		CHECK(pcp->count < pcp->high, "pcp count %d reached high %d", pcp->count, pcp->high);
	}
	drain_local_pages();
	CHECK(nr_free_pages() == expected_free, "leak: %lu free, %lu expected", nr_free_pages(), expected_free);
}

static void freeing_in_any_order_restores_every_free_list(void)
{
	enum { N = 400 };
	struct page *pages[N];
	unsigned int orders[N];
	struct state before;

	boot();
	before = snapshot(true);
	for (int i = 0; i < N; i++) {
		orders[i] = host_rand_below(4);
		pages[i] = alloc_pages(GFP_KERNEL | __GFP_MOVABLE | __GFP_NOWARN, orders[i]);
	}
	for (int i = N - 1; i > 0; i--) {	/* shuffle */
		int j = host_rand_below(i + 1);
		struct page *tp = pages[i];
		unsigned int to = orders[i];

		pages[i] = pages[j];
		orders[i] = orders[j];
		pages[j] = tp;
		orders[j] = to;
	}
	for (int i = 0; i < N; i++)
		if (pages[i])
			__free_pages(pages[i], orders[i]);
	check_same_state(before, snapshot(true), "after shuffled frees");
}

static void unmovable_steals_a_movable_pageblock(void)
{
	struct zone *zone = &contig_page_data.node_zones[ZONE_DMA];
	struct page *movable, *unmovable;
	struct state before;

	boot();
	before = snapshot(false);
	movable = alloc_page(GFP_DMA | __GFP_MOVABLE);
	CHECK(movable && get_pageblock_migratetype(movable) == MIGRATE_MOVABLE, "movable page");
	unmovable = alloc_page(GFP_DMA);
	CHECK(unmovable, "no unmovable page");
	if (!movable || !unmovable)
		return;
	CHECK(get_pageblock_migratetype(unmovable) == MIGRATE_UNMOVABLE,
	      "the stolen pageblock is %s", migratetype_names[get_pageblock_migratetype(unmovable)]);
	/* The whole stolen block's free pages moved to the unmovable lists. */
	unsigned long unmovable_free = 0;
	for (int o = 0; o < MAX_ORDER; o++)
		unmovable_free += list_count_nodes(&zone->free_area[o].free_list[MIGRATE_UNMOVABLE]) << o;
	CHECK(unmovable_free >= pageblock_nr_pages / 2, "only %lu unmovable free pages", unmovable_free);
	__free_page(movable);
	__free_page(unmovable);
	check_same_state(before, snapshot(false), "after stealing");
	check_free_lists(NULL);
}

static void allocating_until_failure_stops_at_min_watermark(void)
{
	LIST_HEAD(held);
	struct page *page, *next;
	struct zone *zone;

	boot();
	for (int order = MAX_ORDER - 1; order >= 0; order--)
		while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order))) {
			page->private = order;	/* remember the order (we own the page) */
			list_add(&page->lru, &held);
		}
	for_each_populated_zone(zone)
		CHECK(zone_page_state(zone, NR_FREE_PAGES) <= min_wmark_pages(zone),
		      "zone %s: %lu free above min %lu", zone->name,
		      zone_page_state(zone, NR_FREE_PAGES), min_wmark_pages(zone));
	CHECK(!strstr(log_buf, "page allocation failure"), "__GFP_NOWARN warned");
	/* __GFP_HIGH may still dip below min. */
	page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
	CHECK(page, "GFP_ATOMIC failed at the min watermark");
	if (page) {
		page->private = 0;
		list_add(&page->lru, &held);
	}
	/* Without __GFP_NOWARN: Linux's warning and the free-area dump. */
	log_clear();
	CHECK(!alloc_pages(GFP_KERNEL, 3), "order 3 succeeded");
	CHECK(strstr(log_buf, "swapper: page allocation failure: order:3, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n"),
	      "no failure warning:\n%s", log_buf);
	CHECK(strstr(log_buf, "Call Trace:") && strstr(log_buf, "Mem-Info:"), "no trace or Mem-Info");
	CHECK(strstr(log_buf, "Node 0 DMA32 free:") && strstr(log_buf, "Node 0 DMA32: ") &&
	      strstr(log_buf, "*4kB ") && strstr(log_buf, "kB\n"), "no free-area dump:\n%s", log_buf);
	list_for_each_entry_safe(page, next, &held, lru) {
		unsigned int order = page->private;

		page->private = 0;
		__free_pages(page, order);
	}
	drain_local_pages();
	CHECK(nr_free_pages() == expected_free, "leak: %lu free, %lu expected", nr_free_pages(), expected_free);
	check_free_lists(NULL);
}

static void gfp_zero_zeroes_and_comp_frees_whole(void)
{
	struct page *page;
	unsigned char *p;
	bool zero = true;

	boot();
	page = alloc_pages(GFP_KERNEL, 2);
	p = page_address(page);
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		p[i] = 0xa5;
	__free_pages(page, 2);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	CHECK(page_address(page) == p, "did not get the same block back");
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		zero &= ((unsigned char *)page_address(page))[i] == 0;
	CHECK(zero, "__GFP_ZERO block not zeroed");
	__free_pages(page, 2);

	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	CHECK(PageHead(page) && compound_order(page) == 3, "no compound head");
	put_page(page);
	CHECK(!PageHead(page), "PG_head left on a freed page");
	drain_local_pages();
	CHECK(nr_free_pages() == expected_free, "put_page leaked: %lu free, %lu expected", nr_free_pages(), expected_free);
	p = (unsigned char *)get_zeroed_page(GFP_KERNEL);
	CHECK(p && p[0] == 0 && p[PAGE_SIZE - 1] == 0, "get_zeroed_page");
	free_page((unsigned long)p);
}

static void double_free_is_a_bad_page_bug(void)
{
	jmp_buf env;
	struct page *page;

	boot();
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	log_clear();
	bug_jmp = &env;
	if (!setjmp(env)) {
		__free_page(page);
		CHECK(false, "double free not caught");
	}
	bug_jmp = NULL;
	CHECK(strstr(log_buf, "BUG: Bad page state in process swapper  pfn:"), "no bad page report:\n%s", log_buf);
	CHECK(strstr(log_buf, "page dumped because: "), "no reason");
	/* A page freed with a flag still set. */
	page = alloc_page(GFP_KERNEL);
	SetPageLRU(page);
	log_clear();
	bug_jmp = &env;
	if (!setjmp(env)) {
		__free_page(page);
		CHECK(false, "PG_lru free not caught");
	}
	bug_jmp = NULL;
	CHECK(strstr(log_buf, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set"), "wrong reason:\n%s", log_buf);
}

static void gfp_flags_format_as_linux(void)
{
	static const struct { gfp_t gfp; const char *want; } cases[] = {
		{ GFP_KERNEL, "GFP_KERNEL" },
		{ GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_USER, "GFP_USER" },
		{ GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, "GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO" },
		{ GFP_DMA32 | __GFP_NORETRY, "GFP_DMA32|__GFP_NORETRY" },
		{ 0x4000000, "0x4000000" },
		{ 0, "" },
	};
	char buf[128];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		format_gfp_flags(buf, sizeof(buf), cases[i].gfp);
		CHECK(!strcmp(buf, cases[i].want), "%#x: \"%s\", want \"%s\"", cases[i].gfp, buf, cases[i].want);
	}
}

/*
 * The model-based stress: random allocations (orders, zones, migrate types,
 * __GFP_COMP, __GFP_ZERO) and frees in random order, checked against a
 * per-pfn owner array.
 */
struct live {
	struct page *page;
	unsigned int order;
	bool comp;
};

static void random_stress_matches_model(void)
{
	static const gfp_t zones[] = { GFP_DMA, GFP_DMA32, GFP_KERNEL };
	static const unsigned long limits[] = { DMA_LIMIT, DMA32_LIMIT, SPAN_PFNS };
	static const gfp_t types[] = { 0, __GFP_MOVABLE, __GFP_RECLAIMABLE };
	enum { MAX_LIVE = 3000 };
	static struct live live[MAX_LIVE];
	static int owner[SPAN_PFNS];
	long ops = host_iterations(150000), failures = 0;
	unsigned long nr_live = 0, live_pages = 0;
	struct state before;
	int next_id = 1;

	boot();
	before = snapshot(false);
	memset(owner, 0, sizeof(owner));
	for (long op = 0; op < ops && !host_test_case_failures; op++) {
		unsigned long r = host_rand_below(100);

		if (r < 55 && nr_live < MAX_LIVE) {
			unsigned int order = host_rand_below(8) ? host_rand_below(4) : host_rand_below(MAX_ORDER);
			int z = host_rand_below(3);
			bool comp = host_rand_below(4) == 0, zero = host_rand_below(8) == 0;
			gfp_t gfp = zones[z] | types[host_rand_below(3)] | __GFP_NOWARN |
				    (comp ? __GFP_COMP : 0) | (zero ? __GFP_ZERO : 0);
			struct page *page = alloc_pages(gfp, order);
			unsigned long pfn, n = 1UL << order;
			unsigned char *mem;

			if (!page) {
				failures++;
				continue;
			}
			pfn = page_to_pfn(page);
			CHECK(pfn % n == 0, "op %ld: order %u block at %#lx", op, order, pfn);
			CHECK(pfn + n <= limits[z], "op %ld: zone %d limit broken by %#lx", op, z, pfn);
			CHECK(page_count(page) == 1, "op %ld: refcount %d", op, page_count(page));
			for (unsigned long i = 0; i < n; i++) {
				CHECK(!owner[pfn + i], "op %ld: pfn %#lx handed out twice (owner %d)", op, pfn + i, owner[pfn + i]);
				owner[pfn + i] = next_id;
			}
			mem = page_address(page);
			if (zero)
				for (unsigned long i = 0; i < n; i++)
					CHECK(mem[i * PAGE_SIZE] == 0 && mem[i * PAGE_SIZE + PAGE_SIZE - 1] == 0,
					      "op %ld: __GFP_ZERO page %#lx not zero", op, pfn + i);
			for (unsigned long i = 0; i < n; i++)	/* dirty it for the next user */
				mem[i * PAGE_SIZE] = mem[i * PAGE_SIZE + PAGE_SIZE - 1] = 0x5a;
			next_id++;
			live[nr_live++] = (struct live){ page, order, comp && order };
			live_pages += n;
		} else if (nr_live) {
			unsigned long i = host_rand_below(nr_live), pfn = page_to_pfn(live[i].page);

			for (unsigned long j = 0; j < (1UL << live[i].order); j++)
				owner[pfn + j] = 0;
			if (live[i].comp)
				put_page(live[i].page);
			else
				__free_pages(live[i].page, live[i].order);
			live_pages -= 1UL << live[i].order;
			live[i] = live[--nr_live];
		}
		if (host_rand_below(500) == 0)
			drain_local_pages();
		CHECK(nr_free_pages() + pcp_pages() + live_pages == managed_pages(),
		      "op %ld: free %lu + pcp %lu + live %lu != managed %lu", op, nr_free_pages(),
		      pcp_pages(), live_pages, managed_pages());
		if (op % 5000 == 0)
			check_free_lists(owner);
	}
	check_free_lists(owner);
	while (nr_live) {
		struct live *l = &live[--nr_live];

		if (l->comp)
			put_page(l->page);
		else
			__free_pages(l->page, l->order);
	}
	check_same_state(before, snapshot(false), "after the stress");
	CHECK(nr_free_pages() == expected_free, "leak: %lu free, %lu expected", nr_free_pages(), expected_free);
	CHECK(failures > 0, "the stress never ran out of memory: the failure path went untested");
	printf("# %ld ops, %ld allocation failures\n", ops, failures);
}

static const struct host_test_case cases[] = {
	HOST_TEST(boot_hands_every_free_page_to_the_buddy),
	HOST_TEST(min_free_kbytes_follows_linux),
	HOST_TEST(every_order_allocates_aligned_and_frees),
	HOST_TEST(gfp_zone_limits_are_kept),
	HOST_TEST(zonelist_falls_back_normal_dma32_dma),
	HOST_TEST(pcp_free_goes_to_list_and_drain_empties_it),
	HOST_TEST(freeing_in_any_order_restores_every_free_list),
	HOST_TEST(unmovable_steals_a_movable_pageblock),
	HOST_TEST(allocating_until_failure_stops_at_min_watermark),
	HOST_TEST(gfp_zero_zeroes_and_comp_frees_whole),
	HOST_TEST(double_free_is_a_bad_page_bug),
	HOST_TEST(gfp_flags_format_as_linux),
	HOST_TEST(random_stress_matches_model),
};

int main(void)
{
	int ret = host_test_main(cases, sizeof(cases) / sizeof(cases[0]));

	for (int i = 0; i < nr_memblock_allocs; i++)
		free(memblock_allocs[i]);
	return ret;
}
