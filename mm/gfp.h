/*
 * mm/gfp.h - "get free pages" flags and the page allocator's API
 * (mm/page_alloc.c).
 *
 * A gfp_t says where an allocation may come from and how hard the
 * allocator may try.  The bit values are Linux 6.1's (include/linux/gfp_types.h),
 * so "mode:0xcc0(GFP_KERNEL)" in a Pagoda warning means what it means in Linux.
 *
 *   zone modifiers   __GFP_DMA (below 16 MiB), __GFP_DMA32 (below 4 GiB);
 *                    neither: ZONE_NORMAL, falling back to lower zones
 *   migrate type     __GFP_MOVABLE, __GFP_RECLAIMABLE; neither: UNMOVABLE
 *   behaviour        __GFP_HIGH (may dip below the min watermark),
 *                    __GFP_ATOMIC (cannot sleep), __GFP_DIRECT_RECLAIM /
 *                    __GFP_KSWAPD_RECLAIM (may reclaim: later issue),
 *                    __GFP_ZERO, __GFP_NOWARN, __GFP_NORETRY, __GFP_COMP
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "kernel/types.h"

typedef unsigned int gfp_t;

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u	/* meaningless on x86-64; kept for the numbers */
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_ATOMIC		0x200u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_WRITE		0x1000u
#define __GFP_NOWARN		0x2000u
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_NORETRY		0x10000u
#define __GFP_MEMALLOC		0x20000u
#define __GFP_COMP		0x40000u
#define __GFP_NOMEMALLOC	0x80000u
#define __GFP_HARDWALL		0x100000u

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)	/* 0xa20 */
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)			/* 0xcc0 */
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_USER		(GFP_KERNEL | __GFP_HARDWALL)				/* 0x100cc0 */
#define GFP_HIGHUSER_MOVABLE	(GFP_USER | __GFP_HIGHMEM | __GFP_MOVABLE)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32

struct page;

/* ---- allocating and freeing pages (mm/page_alloc.c) ----
 * alloc_pages returns the first struct page of 2^order physically
 * contiguous pages, or NULL (after a rate-limited warning unless
 * __GFP_NOWARN).  __free_pages takes back what alloc_pages gave, same order.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
static inline struct page *alloc_page(gfp_t gfp) { return alloc_pages(gfp, 0); }
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)

/* The same, in direct-map addresses: 0 on failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

/* Gives back every page cached on this CPU's per-CPU lists (all zones). */
void drain_local_pages(void);

/* The formatted flag names for a gfp mask, "GFP_KERNEL|__GFP_ZERO" (for warnings). */
int format_gfp_flags(char *buf, size_t size, gfp_t gfp);

#endif /* MM_GFP_H */
