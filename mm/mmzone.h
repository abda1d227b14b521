/*
 * mm/mmzone.h - zones, free areas, migrate types and per-CPU page lists:
 * the data structures of the buddy allocator (mm/page_alloc.c, mm/mm_init.c;
 * Linux's include/linux/mmzone.h).
 *
 * Physical memory is one node (pg_data_t contig_page_data) cut into zones by
 * what devices can reach:
 *
 *   ZONE_DMA     [0, 16 MiB)      ISA DMA (GFP_DMA)
 *   ZONE_DMA32   [16 MiB, 4 GiB)  32-bit DMA (GFP_DMA32)
 *   ZONE_NORMAL  [4 GiB, ...)     everything else
 *
 * A request names the highest zone it may use (gfp_zone()); the allocator
 * walks the node's zonelist, highest zone first (Normal -> DMA32 -> DMA), and
 * skips zones above that limit, so GFP_KERNEL falls back to the low zones but
 * GFP_DMA never climbs out of ZONE_DMA.
 *
 * Inside a zone, free memory is kept by the buddy system: free_area[order]
 * holds free blocks of 2^order pages (order 0 = 4 KiB ... MAX_ORDER-1 = 4 MiB),
 * each block naturally aligned (its first pfn is a multiple of 2^order), one
 * list per migrate type.  The zone is also cut into pageblocks of
 * 2^pageblock_order pages (2 MiB), each owned by one migrate type (the
 * pageblock_flags bitmap): unmovable allocations are kept together in
 * pageblocks of their own so that they do not scatter across all of memory
 * (Linux's anti-fragmentation; "mobility grouping").
 *
 * Order-0 pages are cached per CPU (struct per_cpu_pages) so that the common
 * single-page allocation and free take no lock but interrupts-off.
 *
 * Invariants:
 *  - zone boundaries (16 MiB, 4 GiB) are MAX_ORDER-aligned, so no buddy block
 *    crosses a zone;
 *  - the struct pages of every MAX_ORDER block (4 MiB) that holds any RAM
 *    exist and are initialised (holes as PG_reserved), so the merge loop may
 *    look at any buddy inside such a block: paging_init() populates the
 *    vmemmap for RAM rounded out to MAX_ORDER_NR_PAGES;
 *  - zone->vm_stat[NR_FREE_PAGES] counts pages in the free_area lists, not
 *    pages on per-CPU lists (those count as allocated, as in Linux).
 *
 * Lock order: local_irq_save (per-CPU lists) -> zone->lock.
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include "kernel/list.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "mm/gfp.h"
#include "mm/mm.h"

/* ---- orders and pageblocks ---- */
#define MAX_ORDER		11	/* free_area[0 .. MAX_ORDER-1]; order 10 = 4 MiB */
#define MAX_ORDER_NR_PAGES	(1UL << (MAX_ORDER - 1))
#define PAGE_ALLOC_COSTLY_ORDER	3	/* above this, allocations are "costly" */

/* A pageblock is 2 MiB (a huge page), or the largest block if that is smaller. */
#define pageblock_order		(9 < MAX_ORDER - 1 ? 9 : MAX_ORDER - 1)
#define pageblock_nr_pages	(1UL << pageblock_order)
#define pageblock_start_pfn(pfn) ALIGN_DOWN((unsigned long)(pfn), pageblock_nr_pages)
#define pageblock_end_pfn(pfn)	ALIGN((unsigned long)(pfn) + 1, pageblock_nr_pages)
#define NR_PAGEBLOCK_BITS	4	/* bits per pageblock in pageblock_flags */
#define MIGRATETYPE_MASK	((1UL << 3) - 1)	/* the low 3 of them: the migrate type */

/*
 * How movable a page's contents are (Linux's order).  Free lists and
 * pageblocks are kept per type; an allocation that finds its own type empty
 * steals from another (__rmqueue_fallback, the fallbacks[] table).
 */
enum migratetype {
	MIGRATE_UNMOVABLE,	/* kernel data: page tables, slabs (GFP_KERNEL) */
	MIGRATE_MOVABLE,	/* user pages: could be migrated (__GFP_MOVABLE) */
	MIGRATE_RECLAIMABLE,	/* caches a shrinker can drop (__GFP_RECLAIMABLE) */
	MIGRATE_PCPTYPES,	/* the number of types on the per-CPU lists */
	/* Linux adds MIGRATE_HIGHATOMIC, MIGRATE_CMA and MIGRATE_ISOLATE here. */
	MIGRATE_TYPES = MIGRATE_PCPTYPES,
};

/* "Unmovable", "Movable", "Reclaimable" (for dumps and tests). */
extern const char *const migratetype_names[MIGRATE_TYPES];

#define GFP_MOVABLE_SHIFT	3
/* gfp_migratetype - the migrate type a request's __GFP_MOVABLE/RECLAIMABLE bits ask for. */
static inline int gfp_migratetype(gfp_t gfp)
{
	return (gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT;
}

/* ---- zones ---- */
enum zone_type {
	ZONE_DMA,	/* below 16 MiB: ISA DMA */
	ZONE_DMA32,	/* below 4 GiB: 32-bit DMA */
	ZONE_NORMAL,	/* the rest */
	MAX_NR_ZONES
};

/* One free list per migrate type for blocks of one order. */
struct free_area {
	struct list_head free_list[MIGRATE_TYPES];	/* first pages of free blocks */
	unsigned long nr_free;				/* blocks on all the lists */
};

/* Watermarks: how many free pages a zone keeps back (setup_per_zone_wmarks). */
enum zone_watermarks {
	WMARK_MIN,	/* only __GFP_HIGH/atomic may go below; the slow path's limit */
	WMARK_LOW,	/* the fast path's limit; kswapd wakes below it (later issue) */
	WMARK_HIGH,	/* kswapd reclaims until this many are free (later issue) */
	NR_WMARK
};

/* Per-zone counters (Linux's zone_stat_item, cut to what Pagoda counts). */
enum zone_stat_item {
	NR_FREE_PAGES,		/* pages in free_area[] (not on per-CPU lists) */
	NR_VM_ZONE_STAT_ITEMS
};

/*
 * The per-CPU cache of order-0 pages of one zone.  Touched only by its own
 * CPU with interrupts off; refilled from and drained to the buddy lists
 * batch pages at a time under zone->lock.
 */
struct per_cpu_pages {
	int count;		/* pages on all the lists */
	int high;		/* above this many, free batch back to the buddy */
	int batch;		/* pages moved per refill or drain */
	struct list_head lists[MIGRATE_PCPTYPES];	/* free pages, by migrate type */
};

struct pglist_data;

struct zone {
	/* Free pages to keep back, in pages, by enum zone_watermarks. */
	unsigned long _watermark[NR_WMARK];
	/* The node this zone is part of. */
	struct pglist_data *zone_pgdat;
	/* This zone's order-0 cache on each CPU (index: smp_processor_id()). */
	struct per_cpu_pages per_cpu_pageset[NR_CPUS];
	/* NR_PAGEBLOCK_BITS per pageblock: its migrate type (memblock memory). */
	unsigned long *pageblock_flags;
	/* The first pfn of the zone (zone_start_pfn == zone_start_paddr >> PAGE_SHIFT). */
	unsigned long zone_start_pfn;
	/* Pages the buddy allocator was given (RAM minus what stayed reserved). */
	unsigned long managed_pages;
	/* The zone's pfn range [zone_start_pfn, +spanned_pages), holes included. */
	unsigned long spanned_pages;
	/* RAM pages in that range (spanned minus holes). */
	unsigned long present_pages;
	/* "DMA", "DMA32", "Normal". */
	const char *name;
	/* Protects free_area[] and pageblock_flags; taken with interrupts off. */
	spinlock_t lock;
	/* The buddy free lists, by order. */
	struct free_area free_area[MAX_ORDER];
	/* Counters, by enum zone_stat_item (updated under lock, read without). */
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

/* A zone in a zonelist, with its index so the walk can skip zones too high. */
struct zoneref {
	struct zone *zone;	/* NULL ends the list */
	int zone_idx;		/* zone_idx(zone) */
};

/* The zones to try, in order: populated zones, highest first. */
struct zonelist {
	struct zoneref _zonerefs[MAX_NR_ZONES + 1];
};

/* A memory node: Pagoda has one (no NUMA). */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];	/* by enum zone_type */
	struct zonelist node_zonelists[1];	/* ZONELIST_FALLBACK: Normal, DMA32, DMA */
	int nr_zones;				/* zones up to the highest populated one */
	unsigned long node_start_pfn;		/* the first pfn of RAM */
	unsigned long node_present_pages;	/* RAM pages */
	unsigned long node_spanned_pages;	/* pfns from first to last RAM page */
	int node_id;				/* 0 */
} pg_data_t;

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid)		(&contig_page_data)
#define first_online_pgdat()	(&contig_page_data)

/* zone_idx - a zone's enum zone_type. */
#define zone_idx(zone)		((int)((zone) - (zone)->zone_pgdat->node_zones))

/* for_each_zone - every zone of the node, populated or not, lowest first. */
#define for_each_zone(zone)						\
	for (zone = contig_page_data.node_zones;			\
	     zone < contig_page_data.node_zones + MAX_NR_ZONES; zone++)

/* for_each_populated_zone - the zones that have RAM. */
#define for_each_populated_zone(zone)					\
	for_each_zone(zone)						\
		if (!populated_zone(zone)) {} else

/* page_zone - the zone a page belongs to (from the zone bits in its flags). */
static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = __atomic_load_n(&zone->vm_stat[item], __ATOMIC_RELAXED);

	return x < 0 ? 0 : x;
}

/* __mod_zone_page_state - add delta to a zone counter (zone->lock held for NR_FREE_PAGES). */
static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item,
					 long delta)
{
	__atomic_add_fetch(&zone->vm_stat[item], delta, __ATOMIC_RELAXED);
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w];
}
#define min_wmark_pages(z)	wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)	wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z)	wmark_pages(z, WMARK_HIGH)

/*
 * gfp_zone - the highest zone a request may be served from: __GFP_DMA ->
 * ZONE_DMA, __GFP_DMA32 -> ZONE_DMA32, otherwise ZONE_NORMAL (Linux does
 * this with its GFP_ZONE_TABLE; __GFP_MOVABLE alone would mean ZONE_MOVABLE,
 * which Pagoda does not have).
 */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/* ---- mm/page_alloc.c ---- */
/* The lowmem reserve all watermarks are computed from (init_per_zone_wmark_min). */
extern int min_free_kbytes;

/* nr_free_pages - free pages in every zone's buddy lists (per-CPU lists excluded). */
unsigned long nr_free_pages(void);
/*
 * zone_watermark_ok - may an allocation of 2^order pages with alloc_flags
 * (ALLOC_*, mm/internal.h) take pages from z and leave at least 'mark' free?
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       unsigned int alloc_flags);
/*
 * setup_per_zone_wmarks - share min_free_kbytes out between the zones in
 * proportion to their managed pages, set min/low/high and the per-CPU
 * list sizes.  Call after the buddy has its pages.
 */
void setup_per_zone_wmarks(void);
/*
 * init_per_zone_wmark_min - compute min_free_kbytes from the amount of RAM
 * (Linux's formula), set every zone's watermarks and print a summary line
 * per zone.  mm_init() calls it right after memblock_free_all().
 */
int init_per_zone_wmark_min(void);
/* get_pageblock_migratetype - the migrate type owning page's pageblock. */
int get_pageblock_migratetype(const struct page *page);
/* set_pageblock_migratetype - give page's pageblock to migratetype. */
void set_pageblock_migratetype(struct page *page, int migratetype);

/* ---- mm/show_mem.c ---- */
/*
 * show_free_areas - print Linux's free-memory dump: per zone its free
 * pages and watermarks, then the free blocks of each order with their
 * migrate types ("Node 0 DMA32: 3*4kB (UM) 1*8kB (M) ... = 1234kB").
 */
void show_free_areas(void);

/* ---- mm/mm_init.c ---- */
/*
 * free_area_init - set up the zones from the memblock memory map:
 * zone z covers pfns [max_zone_pfn[z-1], max_zone_pfn[z]) of RAM.  Sizes the
 * zones, allocates their pageblock bitmaps from memblock, initialises every
 * struct page of RAM (reserved, refcount 1: memblock_free_all() then frees
 * the free ones into the buddy) and builds the zonelist.  Prints "Zone
 * ranges:".  Called once from paging_init(), after the vmemmap is backed.
 */
void free_area_init(unsigned long *max_zone_pfn);
/*
 * mem_init_print_info - print "Memory: ...K/...K available (...)": free and
 * present RAM and the kernel image's sections.  After memblock_free_all().
 */
void mem_init_print_info(void);

#endif /* MM_MMZONE_H */
