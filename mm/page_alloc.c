/*
 * mm/page_alloc.c - the zoned buddy allocator: Linux's mm/page_alloc.c,
 * cut to one node.  Below the low watermark it wakes kswapd, below min it
 * reclaims itself (mm/vmscan.c), and when that makes no progress it calls
 * the OOM killer (mm/oom_kill.c).
 *
 * What it manages.  Every page of RAM that memblock did not keep is handed
 * over at boot (memblock_free_pages(), in the largest aligned blocks) and
 * from then on belongs to exactly one of:
 *   - a free block on zone->free_area[order].free_list[migratetype]
 *     (first page: PG_buddy, private = order, _refcount 0);
 *   - a per-CPU list, zone->per_cpu_pageset[cpu].lists[migratetype]
 *     (order 0 only, _refcount 0, no PG_buddy, index = migrate type);
 *   - an allocation (first page: _refcount >= 1).
 *
 * Allocating (alloc_pages -> __alloc_pages):
 *   1. the fast path, get_page_from_freelist(), walks the zonelist (Normal,
 *      DMA32, DMA, skipping zones above gfp_zone()) and takes from the first
 *      zone still above its low watermark after the allocation;
 *   2. the slow path, __alloc_pages_slowpath(), wakes kswapd, tries again
 *      down to the min watermark (further with __GFP_HIGH/__GFP_ATOMIC),
 *      drains the per-CPU lists, reclaims directly (if it may sleep) and
 *      retries while that makes progress, then calls the OOM killer and
 *      retries while that makes progress; it fails with Linux's "page
 *      allocation failure" warning and a free-memory dump.
 *   Inside a zone (rmqueue): order 0 comes from this CPU's list, refilled
 *   batch pages at a time (rmqueue_pcplist); larger orders from the buddy
 *   lists under zone->lock (__rmqueue: own migrate type first, then
 *   stealing from another type's pageblock, __rmqueue_fallback).
 *
 * Freeing (__free_pages, put_page - which first takes a user page off its
 * LRU list): order 0 goes onto this CPU's list
 * (free_unref_page) and only reaches the buddy lists when the list grows
 * past pcp->high (free_pcppages_bulk) or is drained; larger blocks go
 * straight to __free_one_page(), which merges buddies.
 *
 * Checking: a page that enters or leaves the allocator in a bad state
 * (a reference, a mapping, a flag still set: a double free, a use after
 * free) stops the kernel with Linux's "BUG: Bad page state" report.
 *
 * Locking: zone->lock (a spinlock taken with interrupts off) protects the
 * free lists, nr_free, NR_FREE_PAGES and the pageblock bitmap.  A per-CPU
 * list is only touched by its CPU with interrupts off (local_irq_save); it
 * takes zone->lock inside that to refill or drain.  Order: irq-off -> zone->lock.
 *
 * Zone set-up (free_area_init) is in mm/mm_init.c, the free-memory dump and
 * GFP names in mm/show_mem.c; tests in mm/page_alloc_test.c and
 * tests/host/buddy_test.c.
 */
#include "mm/internal.h"
#include "mm/mmzone.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/tsc.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/oom.h"
#include "mm/vmscan.h"

/* Free pages for the whole zone's per-page flags check at allocation. */
#define PAGE_FLAGS_CHECK_AT_PREP	((1UL << __NR_PAGEFLAGS) - 1)
#define BITS_PER_LONG			(8 * sizeof(unsigned long))

/* Free-page-internal flags (Linux's fpi_t). */
typedef unsigned int fpi_t;
#define FPI_NONE	0x0
#define FPI_TO_TAIL	0x2	/* put the freed block at the tail of its list */

unsigned long totalram_pages;	/* pages handed to the buddy allocator */
int min_free_kbytes = 1024;	/* set by init_per_zone_wmark_min() */
/* low = min + max(min/4, managed * watermark_scale_factor / 10000): Linux 6.1. */
static int watermark_scale_factor = 10;

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable",
	"Movable",
	"Reclaimable",
};

/*
 * When a migrate type's own lists are empty, the types it may steal from,
 * in order (Linux's table).  MIGRATE_TYPES ends a row.
 */
static const int fallbacks[MIGRATE_TYPES][MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_TYPES },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_TYPES },
};

/*
 * The name of the task for warnings.  Still fixed: this file is also
 * compiled for the host unit tests, where there is no `current`.
 */
static inline const char *current_comm(void)
{
	return "swapper";
}

/* ------------------------------------------------------------------------
 * Pageblock migrate types
 * ------------------------------------------------------------------------ */

/* The bit index of pfn's pageblock in its zone's pageblock_flags. */
static unsigned long pfn_to_bitidx(const struct zone *zone, unsigned long pfn)
{
	pfn -= pageblock_start_pfn(zone->zone_start_pfn);
	return (pfn >> pageblock_order) * NR_PAGEBLOCK_BITS;
}

static int get_pfnblock_migratetype(const struct page *page, unsigned long pfn)
{
	const struct zone *zone = page_zone(page);
	unsigned long bitidx = pfn_to_bitidx(zone, pfn);
	unsigned long word = READ_ONCE(zone->pageblock_flags[bitidx / BITS_PER_LONG]);

	return (word >> (bitidx % BITS_PER_LONG)) & MIGRATETYPE_MASK;
}

/* get_pageblock_migratetype - see mm/mmzone.h. */
int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

/*
 * set_pageblock_migratetype - see mm/mmzone.h.  Enter with zone->lock held
 * (or at boot): the bitmap words are shared between pageblocks.
 */
void set_pageblock_migratetype(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	unsigned long bitidx = pfn_to_bitidx(zone, page_to_pfn(page));
	unsigned long *word = &zone->pageblock_flags[bitidx / BITS_PER_LONG];
	unsigned int shift = bitidx % BITS_PER_LONG;

	*word = (*word & ~(MIGRATETYPE_MASK << shift)) |
		((unsigned long)migratetype << shift);
}

/* Gives every pageblock of the 2^order block at page to migratetype. */
static void change_pageblock_range(struct page *page, unsigned int order, int migratetype)
{
	unsigned long nr = (1UL << order) / pageblock_nr_pages;

	while (nr--) {
		set_pageblock_migratetype(page, migratetype);
		page += pageblock_nr_pages;
	}
}

/* ------------------------------------------------------------------------
 * Free lists (zone->lock held)
 * ------------------------------------------------------------------------ */

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static inline unsigned int buddy_order(const struct page *page)
{
	return page->private;
}

/* The migrate type a page on a per-CPU list came from (kept in index, as Linux). */
static inline void set_pcppage_migratetype(struct page *page, int migratetype)
{
	page->index = migratetype;
}

static inline int get_pcppage_migratetype(const struct page *page)
{
	return page->index;
}

static inline void add_to_free_list(struct page *page, struct zone *zone,
				    unsigned int order, int migratetype)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
}

/* At the tail: used for blocks less likely to be merged or reused soon. */
static inline void add_to_free_list_tail(struct page *page, struct zone *zone,
					 unsigned int order, int migratetype)
{
	struct free_area *area = &zone->free_area[order];

	list_add_tail(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
}

static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int migratetype)
{
	list_move_tail(&page->lru, &zone->free_area[order].free_list[migratetype]);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

static inline struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	return list_first_entry_or_null(&area->free_list[migratetype], struct page, lru);
}

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

/* ------------------------------------------------------------------------
 * Freeing: merging buddies
 * ------------------------------------------------------------------------ */

/*
 * Is buddy the first page of a free block of the same order, in the same
 * zone as page?  Then page's block and buddy's can merge.
 */
static inline bool page_is_buddy(const struct page *page, const struct page *buddy,
				 unsigned int order)
{
	if (!PageBuddy(buddy) || buddy_order(buddy) != order)
		return false;
	return page_zonenum(page) == page_zonenum(buddy);
}

/*
 * The buddy of the 2^order block at pfn is the other half of the 2^(order+1)
 * block containing it: the pfn with bit 'order' flipped.  Returns its page
 * if it is free (page_is_buddy), else NULL; *buddy_pfn gets its pfn.
 */
static struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn,
					unsigned int order, unsigned long *buddy_pfn)
{
	unsigned long __buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy = page + (__buddy_pfn - pfn);

	if (buddy_pfn)
		*buddy_pfn = __buddy_pfn;
	return page_is_buddy(page, buddy, order) ? buddy : NULL;
}

/*
 * If the block just freed did not merge all the way, its buddy may be freed
 * soon; and if the merged block's own buddy is free, the pair is likely to
 * merge further.  Such blocks go to the tail of the free list so that
 * allocations take other blocks first and the merge can still happen.
 */
static bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn,
			       struct page *page, unsigned int order)
{
	unsigned long higher_page_pfn;
	struct page *higher_page;

	if (order >= MAX_ORDER - 2)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	higher_page = page + (higher_page_pfn - pfn);
	return find_buddy_page_pfn(higher_page, higher_page_pfn, order + 1, NULL) != NULL;
}

/*
 * Freeing function for a buddy system allocator.
 *
 * The concept of a buddy system is to maintain direct-mapped table
 * (containing bit values) for memory blocks of various "orders".  The bottom
 * level table contains the map for the smallest allocatable units of memory
 * (here, pages), and each level above it describes pairs of units from the
 * levels below, hence, "buddies".  At a high level, all that happens here is
 * marking the table entry at the bottom level available, and propagating the
 * changes upward as necessary, plus some accounting needed to play nicely
 * with other parts of the VM system.  (Linux's comment.)
 *
 * Concretely: a block of 2^order pages at pfn (pfn a multiple of 2^order)
 * has exactly one buddy, the block at pfn ^ (1 << order).  While that buddy
 * is free - PG_buddy on its first page, the same order, the same zone - take
 * it off its free list and continue with the combined block at
 * pfn & buddy_pfn, one order up.  Stop at MAX_ORDER - 1 or at the first
 * buddy that is in use, and put the (possibly merged) block on the free
 * list of 'migratetype' (the pageblock's type when it was freed).
 *
 * The buddy's struct page always exists: a buddy lies in the same MAX_ORDER
 * block, whose struct pages are all initialised (mm/mmzone.h).
 * Enter with zone->lock held.
 */
static void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
			    unsigned int order, int migratetype, fpi_t fpi_flags)
{
	unsigned long buddy_pfn = 0, combined_pfn;
	struct page *buddy;
	bool to_tail;

	VM_BUG_ON(pfn & ((1UL << order) - 1));
	VM_BUG_ON(!zone_spans_pfn(zone, pfn));
	__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << order);

	while (order < MAX_ORDER - 1) {
		buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		del_page_from_free_list(buddy, zone, order);
		combined_pfn = buddy_pfn & pfn;
		page = page + (combined_pfn - pfn);
		pfn = combined_pfn;
		order++;
	}

	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(pfn, buddy_pfn, page, order);
	if (to_tail)
		add_to_free_list_tail(page, zone, order, migratetype);
	else
		add_to_free_list(page, zone, order, migratetype);
}

/* ------------------------------------------------------------------------
 * Bad page reports
 * ------------------------------------------------------------------------ */

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked", [PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate", [PG_dirty] = "dirty", [PG_lru] = "lru",
	[PG_active] = "active", [PG_slab] = "slab", [PG_reserved] = "reserved",
	[PG_private] = "private", [PG_writeback] = "writeback", [PG_head] = "head",
	[PG_swapcache] = "swapcache", [PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable", [PG_mlocked] = "mlocked", [PG_buddy] = "buddy",
};

/* dump_page - print a struct page as Linux's dump_page() does. */
static void dump_page(const struct page *page, const char *reason)
{
	char names[256];
	int len = 0;

	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (page->flags & (1UL << i))
			len += scnprintf(names + len, sizeof(names) - len, "%s|", pageflag_names[i]);
	scnprintf(names + len, sizeof(names) - len, "zone=%u", page_zonenum(page));

	pr_warn("page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
		page, page_count(page), page_mapcount(page), page->mapping,
		page->index, page_to_pfn(page));
	pr_warn("flags: %#lx(%s)\n", page->flags, names);
	pr_warn("page dumped because: %s\n", reason);
}

/*
 * bad_page - a page entered or left the allocator in a state that means
 * memory corruption (a double free, a freed page still mapped or in use):
 * report it in Linux's words and stop (Linux taints and goes on; a teaching
 * kernel would rather stop where the evidence is).
 */
static __noreturn void bad_page(const struct page *page, const char *reason)
{
	printk(KERN_ALERT "BUG: Bad page state in process %s  pfn:%05lx\n",
		 current_comm(), page_to_pfn(page));
	dump_page(page, reason);
	BUG();
}

/* Why page is not fit to be freed (flags: the ones that must be clear), or NULL. */
static const char *page_bad_reason(const struct page *page, unsigned long flags)
{
	const char *bad_reason = NULL;

	if (unlikely(page->_mapcount != -1))
		bad_reason = "nonzero mapcount";
	if (unlikely(page->mapping != NULL))
		bad_reason = "non-NULL mapping";
	if (unlikely(page_count(page) != 0))
		bad_reason = "nonzero _refcount";
	if (unlikely(page->flags & flags)) {
		if (flags == PAGE_FLAGS_CHECK_AT_PREP)
			bad_reason = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else
			bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	}
	return bad_reason;
}

/* check_new_pages - BUG unless every page of a block just taken off a list is clean. */
static void check_new_pages(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		const char *reason = page_bad_reason(page + i, PAGE_FLAGS_CHECK_AT_PREP);

		if (unlikely(reason))
			bad_page(page + i, reason);
	}
}

/*
 * free_pages_prepare - check every page of a block being freed (refcount
 * already 0) and wipe what its user left: flags but the zone, private, index.
 */
static void free_pages_prepare(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;
		const char *reason = page_bad_reason(p, PAGE_FLAGS_CHECK_AT_FREE);

		if (unlikely(reason))
			bad_page(p, reason);
		p->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		p->private = 0;
		p->index = 0;
	}
}

/* ------------------------------------------------------------------------
 * Freeing to the buddy lists and to the per-CPU lists
 * ------------------------------------------------------------------------ */

static void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
			  unsigned int order, int migratetype, fpi_t fpi_flags)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, pfn, zone, order, migratetype, fpi_flags);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Frees a block of any order straight to the buddy lists (refcount already 0). */
static void __free_pages_ok(struct page *page, unsigned int order, fpi_t fpi_flags)
{
	unsigned long pfn = page_to_pfn(page);

	free_pages_prepare(page, order);
	free_one_page(page_zone(page), page, pfn, order,
		      get_pfnblock_migratetype(page, pfn), fpi_flags);
}

static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->per_cpu_pageset[smp_processor_id()];
}

/*
 * free_pcppages_bulk - give count pages from a per-CPU list back to the
 * buddy lists, taking from each migrate type's list in turn (so none is
 * starved) and from its tail: the pages freed longest ago, whose cache lines
 * are coldest.  Enter with interrupts off.
 */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	int mt = MIGRATE_PCPTYPES - 1;

	count = min(count, pcp->count);
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;

		do {
			mt = (mt + 1) % MIGRATE_PCPTYPES;
			list = &pcp->lists[mt];
		} while (list_empty(list));

		do {
			struct page *page = list_last_entry(list, struct page, lru);

			list_del(&page->lru);
			pcp->count--;
			count--;
			__free_one_page(page, page_to_pfn(page), zone, 0,
					get_pcppage_migratetype(page), FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/*
 * free_unref_page - free an order-0 page whose last reference is gone onto
 * this CPU's list for its pageblock's migrate type: no zone->lock taken.
 * A list grown past pcp->high hands batch pages back to the buddy.
 */
static void free_unref_page(struct page *page)
{
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp;
	unsigned long flags;
	int mt;

	free_pages_prepare(page, 0);
	mt = get_pfnblock_migratetype(page, page_to_pfn(page));
	set_pcppage_migratetype(page, mt);

	flags = arch_local_irq_save();
	pcp = this_cpu_pcp(zone);
	list_add(&page->lru, &pcp->lists[mt]);
	pcp->count++;
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, max(pcp->batch, 1), pcp);
	arch_local_irq_restore(flags);
}

static void free_the_page(struct page *page, unsigned int order)
{
	if (order == 0)
		free_unref_page(page);
	else
		__free_pages_ok(page, order, FPI_NONE);
}

/*
 * __free_pages - drop the caller's reference to a block alloc_pages gave;
 * the last reference frees all 2^order pages.  If someone else still holds
 * the first page of a non-compound block, only the rest is freed (as Linux).
 * Freeing a page that is already free is a "Bad page state" BUG.
 */
void __free_pages(struct page *page, unsigned int order)
{
	bool head = PageHead(page);

	if (unlikely(page_count(page) <= 0))
		bad_page(page, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	if (page_ref_dec_and_test(page))
		free_the_page(page, order);
	else if (!head)
		while (order-- > 0)
			free_the_page(page + (1UL << order), order);
}

/* free_pages - __free_pages by direct-map address; 0 is ignored. */
void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

/* put_page - see mm/mm.h: a __GFP_COMP block goes back whole (its order is in private). */
void put_page(struct page *page)
{
	if (unlikely(page_count(page) <= 0))
		bad_page(page, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	if (page_ref_dec_and_test(page)) {
		if (PageLRU(page))
			__page_cache_release(page);	/* off its LRU list (mm/vmscan.c) */
		free_the_page(page, compound_order(page));
	}
}

/*
 * __free_pages_core - a page that memblock held goes to the buddy: clear
 * PG_reserved, drop the boot reference, count it as managed.  Fresh blocks
 * go to the tail of the lists and skip the per-CPU lists (as Linux).
 */
static void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long nr_pages = 1UL << order;

	for (unsigned long i = 0; i < nr_pages; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	__atomic_add_fetch(&page_zone(page)->managed_pages, nr_pages, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totalram_pages, nr_pages, __ATOMIC_RELAXED);
	__free_pages_ok(page, order, FPI_TO_TAIL);
}

/* memblock_free_pages - see mm/internal.h.  Orders above MAX_ORDER-1 are split. */
void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order)
{
	if (order >= MAX_ORDER) {
		for (unsigned long i = 0; i < (1UL << order); i += MAX_ORDER_NR_PAGES)
			memblock_free_pages(page + i, pfn + i, MAX_ORDER - 1);
		return;
	}
	VM_BUG_ON(pfn & ((1UL << order) - 1));
	VM_BUG_ON(!zone_spans_pfn(page_zone(page), pfn + (1UL << order) - 1));
	__free_pages_core(page, order);
}

/*
 * free_reserved_area - see mm/mm.h.  [vfs] Added for the initramfs (Linux's
 * free_initrd_mem -> free_reserved_area): each whole page of [start, end)
 * still held from boot goes to the buddy as memblock_free_all() would
 * have sent it, counted as managed.
 */
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s)
{
	unsigned long pos = PAGE_ALIGN((unsigned long)start);
	unsigned long last = (unsigned long)end & PAGE_MASK;
	unsigned long pages = 0;

	for (; pos < last; pos += PAGE_SIZE) {
		struct page *page = virt_to_page((void *)pos);

		if (WARN_ON_ONCE(!PageReserved(page)))
			continue;		/* not boot memory: never free it twice */
		if (poison >= 0)
			memset((void *)pos, poison, PAGE_SIZE);
		__free_pages_core(page, 0);
		pages++;
	}
	if (pages && s)
		pr_info("Freeing %s memory: %luK\n", s, pages << (PAGE_SHIFT - 10));
	return pages;
}

/*
 * drain_local_pages - give every page on this CPU's per-CPU lists, in every
 * zone, back to the buddy lists (see mm/gfp.h).
 */
void drain_local_pages(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long flags = arch_local_irq_save();
		struct per_cpu_pages *pcp = this_cpu_pcp(zone);

		if (pcp->count)
			free_pcppages_bulk(zone, pcp->count, pcp);
		arch_local_irq_restore(flags);
	}
}

/* ------------------------------------------------------------------------
 * Allocating from the buddy lists: split, steal
 * ------------------------------------------------------------------------ */

/*
 * The order of the pages we take (low) is smaller than the block we found
 * (high), so split: the block's upper half becomes a free block of order
 * high-1, the lower half is split again, until a block of order low is
 * left - the one we return.  A block of order 3 taken for an order-0 request:
 *
 *     [0 1 2 3 4 5 6 7]  ->  [0 1 2 3] allocating, [4 5 6 7] free (order 2)
 *                        ->  [0 1] allocating, [2 3] free (order 1)
 *                        ->  [0] returned, [1] free (order 0)
 *
 * The halves go on the free lists of the block's migrate type.
 * Enter with zone->lock held.
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high, int migratetype)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		VM_BUG_ON(!zone_spans_pfn(zone, page_to_pfn(&page[size])));
		add_to_free_list(&page[size], zone, high, migratetype);
		set_buddy_order(&page[size], high);
	}
}

/*
 * __rmqueue_smallest - see mm/internal.h.  Walks the orders up from the one
 * asked for and takes the first block on migratetype's list: the smallest
 * block that fits, so large blocks stay whole as long as possible.
 */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = get_page_from_free_area(area, migratetype);

		if (!page)
			continue;
		del_page_from_free_list(page, zone, current_order);
		expand(zone, page, order, current_order, migratetype);
		set_pcppage_migratetype(page, migratetype);
		return page;
	}
	return NULL;
}

/*
 * move_freepages_block - move every free block in page's pageblock to
 * migratetype's lists; returns the free pages moved and counts in
 * *num_movable the pages in use that look movable (on an LRU list: none
 * until the reclaim issue).  0 if the pageblock sticks out of the zone.
 */
static unsigned long move_freepages_block(struct zone *zone, struct page *page,
					  int migratetype, unsigned long *num_movable)
{
	unsigned long start_pfn = pageblock_start_pfn(page_to_pfn(page));
	unsigned long end_pfn = start_pfn + pageblock_nr_pages;
	unsigned long pfn = start_pfn, moved = 0;

	*num_movable = 0;
	if (!zone_spans_pfn(zone, start_pfn) || !zone_spans_pfn(zone, end_pfn - 1))
		return 0;
	while (pfn < end_pfn) {
		struct page *p = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(p)) {
			if (PageLRU(p))
				(*num_movable)++;
			pfn++;
			continue;
		}
		order = buddy_order(p);
		move_to_free_list(p, zone, order, migratetype);
		pfn += 1UL << order;
		moved += 1UL << order;
	}
	return moved;
}

/*
 * May a request of start_mt steal a whole pageblock from another type?
 * Unmovable and reclaimable requests always may (they are the ones that
 * fragment memory if scattered); movable ones only for large orders.
 */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

/*
 * steal_suitable_fallback - page (a free block of current_order on another
 * type's list) is about to serve a start_type request.  A block of a whole
 * pageblock or more simply changes owner.  Otherwise, if stealing is allowed,
 * move all free pages of its pageblock to start_type's lists, and claim the
 * pageblock itself ("pageblock ownership") when at least half of it is free
 * or in use by pages of start_type's kind - in a movable pageblock, pages in
 * use that are not on an LRU list are taken to be unmovable (Linux's rule).
 * Enter with zone->lock held.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page,
				    unsigned int current_order, int start_type,
				    bool whole_block)
{
	int old_block_type = get_pageblock_migratetype(page);
	unsigned long free_pages, movable_pages, alike_pages;

	if (current_order >= pageblock_order) {
		change_pageblock_range(page, current_order, start_type);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;
	free_pages = move_freepages_block(zone, page, start_type, &movable_pages);
	if (!free_pages)
		goto single_page;

	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (old_block_type == MIGRATE_MOVABLE)
		alike_pages = pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1UL << (pageblock_order - 1)))
		set_pageblock_migratetype(page, start_type);
	return;

single_page:
	move_to_free_list(page, zone, current_order, start_type);
}

/*
 * The first type in migratetype's fallbacks[] row with a free block of
 * this order, or -1; *can_steal says whether the whole pageblock may be taken.
 */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
				  int migratetype, bool *can_steal)
{
	*can_steal = false;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; fallbacks[migratetype][i] != MIGRATE_TYPES; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		*can_steal = can_steal_fallback(order, migratetype);
		return fallback_mt;
	}
	return -1;
}

/*
 * __rmqueue_fallback - migratetype's own lists are empty: take a block from
 * another type.  Search from the largest order down: a large free block
 * approximates the pageblock with the most free pages, so stealing it mixes
 * types in as few pageblocks as possible.  A movable request that may not
 * steal the whole pageblock takes the smallest block instead: it will not
 * pollute a pageblock for long.  The block found is moved to migratetype's
 * lists (steal_suitable_fallback) so that __rmqueue_smallest can take it.
 * Returns false if no other type has a free block either.
 * Enter with zone->lock held.
 */
static bool __rmqueue_fallback(struct zone *zone, unsigned int order, int start_migratetype)
{
	struct free_area *area;
	int current_order, fallback_mt = -1;
	bool can_steal;

	for (current_order = MAX_ORDER - 1; current_order >= (int)order; current_order--) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, current_order, start_migratetype,
						     &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_migratetype == MIGRATE_MOVABLE &&
		    current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;

find_smallest:
	for (current_order = order; current_order < MAX_ORDER; current_order++) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, current_order, start_migratetype,
						     &can_steal);
		if (fallback_mt != -1)
			break;
	}
	VM_BUG_ON(current_order == MAX_ORDER);

do_steal:
	steal_suitable_fallback(zone, get_page_from_free_area(area, fallback_mt),
				current_order, start_migratetype, can_steal);
	return true;
}

/* __rmqueue - a block of 2^order pages, own type first, then stolen.  zone->lock held. */
static struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page;

	for (;;) {
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page || !__rmqueue_fallback(zone, order, migratetype))
			return page;
	}
}

/*
 * rmqueue_bulk - take up to count blocks of 2^order pages for a per-CPU
 * list under one zone->lock; returns how many.  Interrupts are off.
 */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list, int migratetype)
{
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, migratetype);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	__mod_zone_page_state(zone, NR_FREE_PAGES, -((long)i << order));
	spin_unlock(&zone->lock);
	return i;
}

/* An order-0 page from this CPU's list, refilled by batch when empty; or NULL. */
static struct page *rmqueue_pcplist(struct zone *zone, int migratetype)
{
	unsigned long flags = arch_local_irq_save();
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	struct list_head *list = &pcp->lists[migratetype];
	struct page *page = NULL;

	if (list_empty(list))
		pcp->count += rmqueue_bulk(zone, 0, max(pcp->batch, 1), list, migratetype);
	if (!list_empty(list)) {
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
	}
	arch_local_irq_restore(flags);
	return page;
}

static struct page *rmqueue_buddy(struct zone *zone, unsigned int order, int migratetype)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&zone->lock, flags);
	page = __rmqueue(zone, order, migratetype);
	if (page)
		__mod_zone_page_state(zone, NR_FREE_PAGES, -(1L << order));
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

/* rmqueue - 2^order pages from zone: order 0 through the per-CPU list. */
static struct page *rmqueue(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page;

	if (order == 0) {
		page = rmqueue_pcplist(zone, migratetype);
		if (page)
			return page;
	}
	page = rmqueue_buddy(zone, order, migratetype);
	VM_BUG_ON(page && !zone_spans_pfn(zone, page_to_pfn(page)));
	return page;
}

/* ------------------------------------------------------------------------
 * Watermarks and the allocation paths
 * ------------------------------------------------------------------------ */

/*
 * zone_watermark_ok - see mm/mmzone.h.  After taking 2^order pages the zone
 * must keep more than 'mark' free; __GFP_HIGH may use half of the reserve,
 * __GFP_ATOMIC a quarter more.  Free pages alone are not enough for a
 * higher-order request: a block of at least that order must be free too.
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       unsigned int alloc_flags)
{
	long min = mark;
	long free_pages = zone_page_state(z, NR_FREE_PAGES) - ((1L << order) - 1);

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free_pages <= min)
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
	}
	return false;
}

/* What the allocation asked for, worked out once (Linux's struct alloc_context). */
struct alloc_context {
	struct zonelist *zonelist;	/* the zones to try, highest first */
	int migratetype;		/* gfp_migratetype() */
	enum zone_type highest_zoneidx;	/* gfp_zone(): skip zones above it */
};

/* prep_new_page - make a block just taken off a list ready for its user. */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	check_new_pages(page, order);
	page->private = 0;
	page->index = 0;
	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp & __GFP_COMP)) {
		SetPageHead(page);
		page->private = order;
	}
}

/*
 * get_page_from_freelist - try each zone the request may use, highest
 * first, that stays above the watermark alloc_flags names.
 */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order,
				       wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
				       alloc_flags))
			continue;	/* Linux tries node reclaim here */
		page = rmqueue(zone, order, ac->migratetype);
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

/* The slow path's limits: the min watermark, lower still for __GFP_HIGH/ATOMIC. */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC))
		alloc_flags |= ALLOC_HARDER;
	return alloc_flags;
}

/* Linux's warn_alloc() limit: 10 warnings per 5 seconds. */
static bool nopage_ratelimit(void)
{
	static u64 begin;
	static int printed;
	u64 now = local_clock();

	if (!begin || now - begin > 5000000000ULL) {
		begin = now;
		printed = 0;
	}
	return printed++ < 10;
}

/*
 * warn_alloc - "swapper: page allocation failure: order:3,
 * mode:0xcc0(GFP_KERNEL), nodemask=(null)", a call trace and the free-memory
 * dump; not with __GFP_NOWARN.
 */
static void warn_alloc(gfp_t gfp, unsigned int order)
{
	char names[160];

	if ((gfp & __GFP_NOWARN) || !nopage_ratelimit())
		return;
	format_gfp_flags(names, sizeof(names), gfp);
	pr_warn("%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)\n",
		current_comm(), order, gfp, names);
	dump_stack();
	pr_warn("Mem-Info:\n");
	show_free_areas();
	pr_warn("%lu pages RAM\n", contig_page_data.node_present_pages);
	pr_warn("%lu pages reserved\n", contig_page_data.node_present_pages - totalram_pages);
}

/*
 * __alloc_pages_may_oom - nothing is left to try: call the OOM killer
 * (Linux's).  First one more try at the high watermark, in case a victim
 * of an earlier OOM kill just freed its memory.  No OOM kill for costly
 * orders (an unmovable large block failing says fragmentation, not a
 * lack of memory), __GFP_NORETRY / __GFP_RETRY_MAYFAIL (the caller copes
 * with failure) or a request without __GFP_FS.  *did_some_progress is
 * true when the OOM killer killed or is waiting for a victim: retry.
 */
static struct page *__alloc_pages_may_oom(gfp_t gfp, unsigned int order,
					  const struct alloc_context *ac, bool *did_some_progress)
{
	struct oom_control oc = { .gfp_mask = gfp, .order = order };
	struct page *page;

	*did_some_progress = false;
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_HIGH, ac);
	if (page)
		return page;
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NULL;
	if (gfp & (__GFP_RETRY_MAYFAIL | __GFP_NORETRY))
		return NULL;
	if (!(gfp & __GFP_FS))
		return NULL;
	*did_some_progress = out_of_memory(&oc);
	return NULL;
}

/* wake_all_kswapds - the allocation found its zones below low: wake kswapd (Linux's). */
static void wake_all_kswapds(gfp_t gfp, unsigned int order, const struct alloc_context *ac)
{
	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		wakeup_kswapd(z->zone, gfp, order, ac->highest_zoneidx);
		return;			/* one node, one kswapd */
	}
}

/*
 * __alloc_pages_direct_reclaim - reclaim in the allocating task
 * (try_to_free_pages), then try again; if that still fails although pages
 * were freed, they may sit on the per-CPU lists: drain and try once more.
 * *did_some_progress: pages were freed.
 */
static struct page *__alloc_pages_direct_reclaim(gfp_t gfp, unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 unsigned long *did_some_progress)
{
	struct page *page;

	*did_some_progress = try_to_free_pages(ac->zonelist, order, gfp);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (!page && *did_some_progress) {
		drain_local_pages();
		page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	}
	return page;
}

/*
 * __alloc_pages_slowpath - the fast path found every zone at its low
 * watermark (Linux's, without compaction):
 *
 *   wake kswapd (__GFP_KSWAPD_RECLAIM) -> min watermark ->
 *   retry: drain the per-CPU lists, min again ->
 *          (may not sleep: fail) -> direct reclaim (try_to_free_pages) ->
 *          (__GFP_NORETRY: fail) -> reclaim made progress: retry, up to
 *          MAX_RECLAIM_RETRIES times (should_reclaim_retry) ->
 *          (an OOM victim: one try with no watermark, then fail) ->
 *          __alloc_pages_may_oom -> a victim: retry, else fail.
 *
 * Without swap, reclaim cannot free anonymous memory (mm/vmscan.c), so a
 * process that eats memory ends in the OOM killer.  An OOM victim
 * (SIGKILL pending) never waits here: it gets the reserves below min once
 * (Linux's ALLOC_OOM) and otherwise fails quietly, so that it returns to
 * user mode and dies.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					   const struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	unsigned long progress;
	int reclaim_retries = 0;
	bool did_some_progress;
	struct page *page;

	if (gfp & __GFP_KSWAPD_RECLAIM)
		wake_all_kswapds(gfp, order, ac);
	/* Try down to the min watermark (half of it with __GFP_HIGH). */
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
retry:
	/* Pages may be sitting on the per-CPU lists, where the watermark check does not count them. */
	drain_local_pages();
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		goto nopage;		/* atomic: no reclaim, no OOM kill */
	if (oom_current_dying()) {
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS, ac);
		return page;		/* NULL: the dying task fails quietly */
	}
	page = __alloc_pages_direct_reclaim(gfp, order, alloc_flags, ac, &progress);
	if (page)
		return page;
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (progress && ++reclaim_retries <= MAX_RECLAIM_RETRIES)
		goto retry;		/* should_reclaim_retry */
	page = __alloc_pages_may_oom(gfp, order, ac, &did_some_progress);
	if (page)
		return page;
	if (did_some_progress) {
		reclaim_retries = 0;
		goto retry;
	}
nopage:
	warn_alloc(gfp, order);
	return NULL;
}

/*
 * alloc_pages - see mm/gfp.h.  Fast path against the low watermark, then
 * the slow path.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct alloc_context ac = {
		.zonelist = &contig_page_data.node_zonelists[0],
		.migratetype = gfp_migratetype(gfp),
		.highest_zoneidx = gfp_zone(gfp),
	};
	struct page *page;

	if (order >= MAX_ORDER) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, &ac);
	if (likely(page))
		return page;
	return __alloc_pages_slowpath(gfp, order, &ac);
}

/* __get_free_pages - alloc_pages, by direct-map address (0 on failure). */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/* get_zeroed_page - one zeroed page, by direct-map address (0 on failure). */
unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* nr_free_pages - see mm/mmzone.h. */
unsigned long nr_free_pages(void)
{
	struct zone *zone;
	unsigned long sum = 0;

	for_each_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES);
	return sum;
}

/* ------------------------------------------------------------------------
 * Watermarks and per-CPU list sizes
 * ------------------------------------------------------------------------ */

/* int_sqrt - the integer square root, rounded down (Linux's lib/math/int_sqrt.c). */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << ((63 - __builtin_clzl(x)) & ~1UL);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

/*
 * setup_per_zone_wmarks - see mm/mmzone.h.  Each zone's min is its share of
 * min_free_kbytes by managed pages; low and high sit a further
 * max(min/4, 0.1% of the zone) above min and above low (Linux 6.1's
 * watermark_scale_factor = 10, in units of 0.01%).
 */
void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		lowmem_pages += zone->managed_pages;
	if (!lowmem_pages)
		return;
	for_each_zone(zone) {
		unsigned long flags, tmp;

		spin_lock_irqsave(&zone->lock, flags);
		tmp = (u64)pages_min * zone->managed_pages / lowmem_pages;
		zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, (u64)zone->managed_pages * watermark_scale_factor / 10000);
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
		spin_unlock_irqrestore(&zone->lock, flags);
	}
}

/*
 * The per-CPU batch: about a quarter of a thousandth of the zone (at most
 * 64 pages), rounded to 2^n - 1 (Linux: odd sizes spread refills over cache
 * colours).
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, 1024 * 1024 / PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = batch + batch / 2;
	batch = (1UL << (63 - __builtin_clzl(batch))) - 1;
	return max((int)batch, 1);
}

/*
 * zone_pcp_update - size the per-CPU lists: high is the zone's low
 * watermark shared among the CPUs (so that full lists alone never push the
 * zone below it), at least 4 batches (Linux 6.1's zone_highsize, one CPU).
 */
static void zone_pcp_update(struct zone *zone)
{
	int batch = zone_batchsize(zone);
	int high = max((int)low_wmark_pages(zone), batch * 4);

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned long flags = arch_local_irq_save();

		zone->per_cpu_pageset[cpu].batch = batch;
		zone->per_cpu_pageset[cpu].high = high;
		arch_local_irq_restore(flags);
	}
}

/* Pages usable for kernel data, less what the high watermarks keep back. */
static unsigned long nr_free_buffer_pages(void)
{
	struct zone *zone;
	unsigned long sum = 0;

	for_each_zone(zone)
		if (zone->managed_pages > high_wmark_pages(zone))
			sum += zone->managed_pages - high_wmark_pages(zone);
	return sum;
}

/*
 * init_per_zone_wmark_min - see mm/mmzone.h.  Linux's rule: min_free_kbytes
 * grows with the square root of lowmem, sqrt(lowmem_kbytes * 16):
 *     16 MiB -> 512K, 128 MiB -> 1448K, 1 GiB -> 4096K, 16 GiB -> 16384K
 * clamped to [128K, 256M].
 */
int init_per_zone_wmark_min(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	unsigned long new_min = int_sqrt(lowmem_kbytes * 16);
	struct zone *zone;

	min_free_kbytes = min(max(new_min, 128UL), 262144UL);
	setup_per_zone_wmarks();
	for_each_populated_zone(zone) {
		zone_pcp_update(zone);
		pr_info("zone %s: free %lu min %lu low %lu high %lu managed %lu spanned %lu present %lu (pages)\n",
			zone->name, zone_page_state(zone, NR_FREE_PAGES),
			min_wmark_pages(zone), low_wmark_pages(zone),
			high_wmark_pages(zone), zone->managed_pages,
			zone->spanned_pages, zone->present_pages);
	}
	return 0;
}
