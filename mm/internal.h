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

#endif /* MM_INTERNAL_H */
