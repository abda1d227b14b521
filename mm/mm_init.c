/*
 * mm/mm_init.c - setting up the zones and the struct page array at boot
 * (Linux's free_area_init() and memmap_init(), which Linux 6.3 moved from
 * mm/page_alloc.c into mm/mm_init.c).
 *
 * paging_init() has backed the vmemmap for RAM and calls
 * free_area_init(max_zone_pfn) with the zone limits (16 MiB, 4 GiB, max_pfn).
 * From memblock.memory (all RAM, reserved or not) this file:
 *   1. sizes the node and each zone: a zone spans the part of its limits
 *      that lies between the first and last RAM pfn (spanned_pages, holes
 *      included) and holds present_pages of RAM;
 *   2. gives each zone its pageblock bitmap (from memblock), every pageblock
 *      MIGRATE_MOVABLE (as Linux at boot), empty free lists and boot-time
 *      per-CPU lists (high 0, batch 1: every free goes straight to the buddy
 *      until init_per_zone_wmark_min() sizes them);
 *   3. initialises every struct page of RAM: zone in flags, PG_reserved,
 *      _refcount 1, _mapcount -1, an empty lru.  Pages in holes inside a
 *      MAX_ORDER block that holds RAM get the same (reserved, never freed),
 *      so the buddy merge loop can look at them (mm/mmzone.h invariant);
 *   4. builds the zonelist: populated zones, highest first.
 * Nothing is free yet: memblock_free_all() frees what memblock does not
 * keep, page by page, through memblock_free_pages() (mm/page_alloc.c).
 *
 * Everything here runs once, on the boot CPU, before the buddy is live.
 */
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* The kernel image's sections (linker.ld; Linux's asm/sections.h). */
extern char _text[], _etext[], __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[];

struct pglist_data contig_page_data;

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
};

/* Each zone's pfn limits as the architecture gave them, clamped to RAM. */
static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];

/* RAM pfns of memblock region r. */
static void region_pfns(const struct memblock_region *r, unsigned long *start,
			unsigned long *end)
{
	*start = PFN_UP(r->base);
	*end = PFN_DOWN(r->base + r->size);
}

/* The RAM pages in [start_pfn, end_pfn). */
static unsigned long present_pages_in_range(unsigned long start_pfn, unsigned long end_pfn)
{
	struct memblock_region *r;
	unsigned long s, e, n = 0;

	for_each_mem_region(r) {
		region_pfns(r, &s, &e);
		s = max(s, start_pfn);
		e = min(e, end_pfn);
		if (s < e)
			n += e - s;
	}
	return n;
}

/* Does the MAX_ORDER block holding pfn contain any RAM (so its struct pages exist)? */
static bool max_order_block_has_ram(unsigned long pfn)
{
	unsigned long start = ALIGN_DOWN(pfn, MAX_ORDER_NR_PAGES);

	return present_pages_in_range(start, start + MAX_ORDER_NR_PAGES) != 0;
}

/*
 * Which zone the arch limits put pfn in; a hole pfn past the end of RAM
 * goes with the highest non-empty zone, one before RAM with ZONE_DMA.
 */
static enum zone_type pfn_zone(unsigned long pfn)
{
	for (int z = MAX_NR_ZONES - 1; z > 0; z--)
		if (arch_zone_lowest_possible_pfn[z] < arch_zone_highest_possible_pfn[z] &&
		    pfn >= arch_zone_lowest_possible_pfn[z])
			return z;
	return ZONE_DMA;
}

/* ------------------------------------------------------------------------
 * struct page initialisation
 * ------------------------------------------------------------------------ */

/* A struct page as it starts life: reserved, one reference (memblock's). */
static void __init_single_page(struct page *page, unsigned long zone)
{
	memset(page, 0, sizeof(*page));
	set_page_zone(page, zone);
	set_page_count(page, 1);
	page->_mapcount = -1;
	INIT_LIST_HEAD(&page->lru);
	SetPageReserved(page);
}

/* RAM pages [start_pfn, end_pfn) of one zone. */
static void memmap_init_range(unsigned long start_pfn, unsigned long end_pfn,
			      enum zone_type zone)
{
	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++)
		__init_single_page(pfn_to_page(pfn), zone);
}

/*
 * Holes [spfn, epfn): struct pages exist only in MAX_ORDER blocks that hold
 * RAM; give those pages a reserved, never-free state.  Returns how many.
 */
static unsigned long init_unavailable_range(unsigned long spfn, unsigned long epfn)
{
	unsigned long pfn, pgcnt = 0;

	for (pfn = spfn; pfn < epfn; pfn++) {
		if (!max_order_block_has_ram(pfn)) {
			pfn = ALIGN(pfn + 1, MAX_ORDER_NR_PAGES) - 1;
			continue;
		}
		__init_single_page(pfn_to_page(pfn), pfn_zone(pfn));
		pgcnt++;
	}
	return pgcnt;
}

/*
 * memmap_init - every RAM page, zone by zone, and the holes between them
 * (within RAM's MAX_ORDER blocks), lowest pfn first.
 */
static void memmap_init(void)
{
	unsigned long hole_pfn = 0, start, end, holes = 0;
	struct memblock_region *r;

	for_each_mem_region(r) {
		region_pfns(r, &start, &end);
		if (start >= end)
			continue;
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &contig_page_data.node_zones[j];
			unsigned long s = max(start, zone->zone_start_pfn);
			unsigned long e = min(end, zone_end_pfn(zone));

			if (s >= e)
				continue;
			memmap_init_range(s, e, j);
			if (hole_pfn < s)
				holes += init_unavailable_range(hole_pfn, s);
			hole_pfn = e;
		}
	}
	holes += init_unavailable_range(hole_pfn, ALIGN(hole_pfn, MAX_ORDER_NR_PAGES));
	if (holes)
		pr_info("On node 0, %lu pages in unavailable ranges\n", holes);
}

/* ------------------------------------------------------------------------
 * Zones
 * ------------------------------------------------------------------------ */

/* The bytes of pageblock bitmap a zone of zonesize pages from zone_start_pfn needs. */
static unsigned long usemap_size(unsigned long zone_start_pfn, unsigned long zonesize)
{
	unsigned long bits_per_long = 8 * sizeof(unsigned long), usemapsize;

	zonesize += zone_start_pfn & (pageblock_nr_pages - 1);
	usemapsize = ALIGN(zonesize, pageblock_nr_pages) >> pageblock_order;
	usemapsize *= NR_PAGEBLOCK_BITS;
	return ALIGN(usemapsize, bits_per_long) / 8;
}

/*
 * The zone's pageblock bitmap, every pageblock MIGRATE_MOVABLE: each
 * NR_PAGEBLOCK_BITS-wide field of every word holds that value.
 */
static void setup_usemap(struct zone *zone)
{
	unsigned long size = usemap_size(zone->zone_start_pfn, zone->spanned_pages);
	unsigned long pattern = 0;

	zone->pageblock_flags = memblock_alloc(size, sizeof(unsigned long));
	if (!zone->pageblock_flags)
		panic("free_area_init: out of memory for the %s pageblock bitmap", zone->name);
	for (unsigned int shift = 0; shift < 8 * sizeof(unsigned long); shift += NR_PAGEBLOCK_BITS)
		pattern |= (unsigned long)MIGRATE_MOVABLE << shift;
	for (unsigned long i = 0; i < size / sizeof(unsigned long); i++)
		zone->pageblock_flags[i] = pattern;
}

/* Empty free lists, boot-time per-CPU lists, the lock. */
static void zone_init_internals(struct zone *zone, enum zone_type idx)
{
	zone->name = zone_names[idx];
	zone->zone_pgdat = &contig_page_data;
	spin_lock_init(&zone->lock);
	for (int order = 0; order < MAX_ORDER; order++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[mt]);
		zone->free_area[order].nr_free = 0;
	}
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pcp->count = 0;
		pcp->high = 0;
		pcp->batch = 1;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			INIT_LIST_HEAD(&pcp->lists[mt]);
	}
}

/*
 * Sizes every zone from the arch limits and RAM: zone j spans
 * [arch_zone_lowest_possible_pfn[j], arch_zone_highest_possible_pfn[j])
 * clamped to the node's [first RAM pfn, last RAM pfn + 1).
 */
static void calculate_node_totalpages(pg_data_t *pgdat, unsigned long node_start,
				      unsigned long node_end)
{
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long s = min(max(arch_zone_lowest_possible_pfn[j], node_start), node_end);
		unsigned long e = min(max(arch_zone_highest_possible_pfn[j], node_start), node_end);

		zone_init_internals(zone, j);
		zone->zone_start_pfn = s;
		zone->spanned_pages = e - s;
		zone->present_pages = present_pages_in_range(s, e);
		pgdat->node_present_pages += zone->present_pages;
		if (zone->present_pages) {
			pgdat->nr_zones = j + 1;
			setup_usemap(zone);
		}
	}
	pgdat->node_start_pfn = node_start;
	pgdat->node_spanned_pages = node_end - node_start;
}

/* The fallback zonelist: populated zones, highest first (Normal, DMA32, DMA). */
static void build_zonelists(pg_data_t *pgdat)
{
	struct zoneref *zref = pgdat->node_zonelists[0]._zonerefs;

	for (int j = MAX_NR_ZONES - 1; j >= 0; j--) {
		if (!populated_zone(&pgdat->node_zones[j]))
			continue;
		zref->zone = &pgdat->node_zones[j];
		zref->zone_idx = j;
		zref++;
	}
	zref->zone = NULL;
	zref->zone_idx = 0;
	pr_info("Built 1 zonelists, mobility grouping on.  Total pages: %lu\n",
		pgdat->node_present_pages);
}

/* Linux's "Zone ranges:" / "Early memory node ranges" boot lines. */
static void print_zone_ranges(unsigned long node_start, unsigned long node_end)
{
	struct memblock_region *r;
	unsigned long s, e;

	pr_info("Zone ranges:\n");
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		s = arch_zone_lowest_possible_pfn[j];
		e = arch_zone_highest_possible_pfn[j];
		if (s >= e)
			pr_info("  %-8s empty\n", zone_names[j]);
		else
			pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", zone_names[j],
				(u64)PFN_PHYS(s), (u64)PFN_PHYS(e) - 1);
	}
	pr_info("Early memory node ranges\n");
	for_each_mem_region(r) {
		region_pfns(r, &s, &e);
		if (s < e)
			pr_info("  node   0: [mem 0x%016llx-0x%016llx]\n",
				(u64)PFN_PHYS(s), (u64)PFN_PHYS(e) - 1);
	}
	pr_info("Initmem setup node 0 [mem 0x%016llx-0x%016llx]\n",
		(u64)PFN_PHYS(node_start), (u64)PFN_PHYS(node_end) - 1);
}

/* free_area_init - see mm/mmzone.h. */
void free_area_init(unsigned long *max_zone_pfn)
{
	unsigned long node_start = ~0UL, node_end = 0, start, end;
	struct memblock_region *r;

	for_each_mem_region(r) {
		region_pfns(r, &start, &end);
		if (start >= end)
			continue;
		node_start = min(node_start, start);
		node_end = max(node_end, end);
	}
	if (node_end == 0)
		panic("free_area_init: no memory");

	/* Each zone starts where the one below it ends (Linux's arch_zone_*_possible_pfn). */
	start = node_start;
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		end = min(max(max_zone_pfn[j], start), node_end);
		arch_zone_lowest_possible_pfn[j] = start;
		arch_zone_highest_possible_pfn[j] = end;
		start = end;
	}
	print_zone_ranges(node_start, node_end);

	memset(&contig_page_data, 0, sizeof(contig_page_data));
	calculate_node_totalpages(&contig_page_data, node_start, node_end);
	memmap_init();
	build_zonelists(&contig_page_data);
}

/* mem_init_print_info - see mm/mmzone.h (Linux's line, without init/cma). */
void mem_init_print_info(void)
{
	unsigned long physpages = contig_page_data.node_present_pages;
	unsigned long codesize = _etext - _text;
	unsigned long datasize = _edata - _sdata;
	unsigned long rosize = __end_rodata - __start_rodata;
	unsigned long bss_size = __bss_stop - __bss_start;

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK bss, %luK reserved)\n",
		nr_free_pages() << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		codesize >> 10, datasize >> 10, rosize >> 10, bss_size >> 10,
		(physpages - totalram_pages) << (PAGE_SHIFT - 10));
}
