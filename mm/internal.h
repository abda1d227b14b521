/*
 * mm/internal.h - helpers shared inside mm/ only (Linux's mm/internal.h).
 * Nothing outside mm/ and its tests may include this.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mm.h"

/*
 * memblock_free_pages - the memblock -> buddy hand-off for one naturally
 * aligned block of 2^order pages starting at pfn (mm/page_alloc.c).  Called
 * only by memblock_free_all(); counts the pages as managed by their zone.
 */
void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order);

/*
 * alloc_flags: how far below its watermarks an allocation may take a zone
 * (Linux's ALLOC_*; gfp_to_alloc_flags() in mm/page_alloc.c).  The low bits
 * name the watermark to check (enum zone_watermarks).
 */
#define ALLOC_WMARK_MIN		0x00	/* WMARK_MIN: the slow path */
#define ALLOC_WMARK_LOW		0x01	/* WMARK_LOW: the fast path */
#define ALLOC_WMARK_HIGH	0x02	/* WMARK_HIGH */
#define ALLOC_NO_WATERMARKS	0x04	/* don't check watermarks at all */
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER		0x10	/* __GFP_ATOMIC: a quarter below the mark */
#define ALLOC_HIGH		0x20	/* __GFP_HIGH: half below the mark */

struct zone;
/*
 * __rmqueue_smallest - take the smallest free block of at least 2^order
 * pages from migratetype's lists of zone, split it down to 2^order (the rest
 * goes back on the free lists) and return its first page, or NULL.  Does
 * not update NR_FREE_PAGES.  Enter with zone->lock held.  (Static in Linux;
 * here also for mm/page_alloc_test.c.)
 */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype);

#endif /* MM_INTERNAL_H */
