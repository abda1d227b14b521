/*
 * mm/mm_types.h - struct page: one for every physical page frame.
 *
 * The kernel keeps a struct page for each 4 KiB frame of RAM in the
 * vmemmap array (VMEMMAP_START, DESIGN.md §2), so pfn_to_page(pfn) is
 * just vmemmap + pfn.  What a page is used for decides which fields mean
 * something, hence the union (Linux's struct page works the same way):
 *
 *   free, in the buddy allocator   PG_buddy set; lru links it into
 *                                  zone->free_area[order].free_list[mt];
 *                                  private = order (first page of the block)
 *   on a per-CPU free list         lru links it into pcp->lists[mt]
 *   a slab (SLUB)                  PG_slab set; slab_list, slab_cache,
 *                                  freelist, inuse/objects/frozen
 *   a large kmalloc or other       PG_head on the first page, private =
 *   multi-page allocation          order (so kfree knows how much to free)
 *   anonymous / file memory        (next issues) lru on an LRU list,
 *                                  mapping, index, _mapcount
 *
 * Invariants: _refcount is 0 when the page is free (in the buddy or a
 * per-CPU list) - and, as in Linux, on the tail pages of an allocated
 * multi-page block, whose count lives in the first page; PG_buddy only on
 * the first page of a free block;
 * the zone a page belongs to never changes (page_zonenum, in flags).
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include "kernel/list.h"
#include "kernel/types.h"

struct kmem_cache;

struct page {
	unsigned long flags;		/* PG_* bits below; zone index in the top bits */
	union {
		struct {	/* buddy, per-CPU lists, LRU, page cache */
			struct list_head lru;	/* free list or LRU list link */
			void *mapping;		/* later: anon_vma or address_space */
			unsigned long index;	/* later: offset within mapping */
			unsigned long private;	/* buddy/compound: order */
		};
		struct {	/* SLUB (mm/slub.c) */
			struct list_head slab_list;	/* node partial list link */
			struct kmem_cache *slab_cache;	/* the cache this slab serves */
			void *freelist;		/* first free object, or NULL */
			unsigned int inuse:16;	/* objects handed out */
			unsigned int objects:15; /* objects in the slab */
			unsigned int frozen:1;	/* owned by a CPU as its current slab */
		};
	};
	int _mapcount;			/* page-table mappings - 1 (-1: unmapped) */
	int _refcount;			/* users; 0 = free */
	unsigned long __pad;		/* keep sizeof(struct page) == 64 */
};

/* ---- page flags (Linux's names, include/linux/page-flags.h) ---- */
enum pageflags {
	PG_locked,		/* page is locked for I/O */
	PG_referenced,		/* recently referenced (LRU second chance) */
	PG_uptodate,		/* contents are valid */
	PG_dirty,		/* must be written before reuse */
	PG_lru,			/* on an LRU list */
	PG_active,		/* on the active LRU list */
	PG_slab,		/* a SLUB slab */
	PG_reserved,		/* never handed to the buddy (holes, kernel image) */
	PG_private,
	PG_writeback,		/* being written out */
	PG_head,		/* first page of a multi-page allocation */
	PG_swapcache,		/* in the swap cache */
	PG_swapbacked,		/* anonymous: backed by swap */
	PG_unevictable,
	PG_mlocked,
	PG_buddy,		/* first page of a free buddy block */
	__NR_PAGEFLAGS,
};

#define ZONES_SHIFT	2
#define ZONES_PGSHIFT	(64 - ZONES_SHIFT)	/* zone index in the top bits */
#define ZONES_MASK	((1UL << ZONES_SHIFT) - 1)

#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *p) { return p->flags & (1UL << PG_##bit); } \
static inline void SetPage##name(struct page *p) { p->flags |= 1UL << PG_##bit; } \
static inline void ClearPage##name(struct page *p) { p->flags &= ~(1UL << PG_##bit); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Slab, slab)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Head, head)
PAGEFLAG(SwapCache, swapcache)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)
PAGEFLAG(Buddy, buddy)
#undef PAGEFLAG

/* Flags that must be clear on a page entering or leaving the allocator. */
#define PAGE_FLAGS_CHECK_AT_FREE					\
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_active) |	\
	 (1UL << PG_slab) | (1UL << PG_reserved) | (1UL << PG_writeback) | \
	 (1UL << PG_swapcache) | (1UL << PG_mlocked) | (1UL << PG_buddy))

#endif /* MM_MM_TYPES_H */
