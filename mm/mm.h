/*
 * mm/mm.h - the core memory-management helpers every mm file uses
 * (Linux's include/linux/mm.h, cut to what Pagoda has).
 *
 * Converting between the three names of a page frame:
 *   pfn            its physical frame number (physical address >> PAGE_SHIFT)
 *   struct page *  its descriptor in the vmemmap array: vmemmap + pfn
 *   void *         its address in the direct map: __va(pfn << PAGE_SHIFT)
 * and reference counting (get_page/put_page).
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable_types.h"
#include "mm/gfp.h"
#include "mm/mm_types.h"

#define vmemmap			((struct page *)VMEMMAP_START)
#define PFN_UP(x)		(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)		((phys_addr_t)(x) << PAGE_SHIFT)
#define PAGE_ALIGN(x)		ALIGN((x), PAGE_SIZE)

/* The highest pfn of RAM + 1, and the number of pages the buddy manages. */
extern unsigned long max_pfn;
extern unsigned long totalram_pages;

static inline struct page *pfn_to_page(unsigned long pfn) { return vmemmap + pfn; }
static inline unsigned long page_to_pfn(const struct page *page) { return (unsigned long)(page - vmemmap); }
static inline phys_addr_t page_to_phys(const struct page *page) { return PFN_PHYS(page_to_pfn(page)); }
static inline void *page_address(const struct page *page) { return __va(page_to_phys(page)); }
static inline struct page *virt_to_page(const void *addr) { return pfn_to_page(__pa(addr) >> PAGE_SHIFT); }
static inline struct page *phys_to_page(phys_addr_t pa) { return pfn_to_page(pa >> PAGE_SHIFT); }

static inline unsigned int page_zonenum(const struct page *page)
{
	return (page->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}

static inline void set_page_zone(struct page *page, unsigned int zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (unsigned long)zone << ZONES_PGSHIFT;
}

/* ---- reference counts (atomic: pages are shared between CPUs) ---- */
static inline int page_count(const struct page *page) { return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED); }
static inline void set_page_count(struct page *page, int v) { __atomic_store_n(&page->_refcount, v, __ATOMIC_RELAXED); }
static inline void page_ref_inc(struct page *page) { __atomic_add_fetch(&page->_refcount, 1, __ATOMIC_RELAXED); }
static inline int page_ref_dec_and_test(struct page *page) { return __atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) == 0; }
static inline int page_mapcount(const struct page *page) { return __atomic_load_n(&page->_mapcount, __ATOMIC_RELAXED) + 1; }

/* compound_order - the order of a multi-page allocation made with __GFP_COMP, else 0. */
static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? (unsigned int)page->private : 0;
}

/*
 * free_reserved_area - give the whole pages of [start, end) (direct-map
 * addresses), reserved since boot, to the page allocator; poison >= 0
 * fills them with that byte first; s names them in the log ("Freeing s
 * memory: NK").  Returns the number of pages freed (mm/page_alloc.c).
 */
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s);

static inline void get_page(struct page *page) { page_ref_inc(page); }
/* put_page - drop a reference; the last one frees the page (and its compound tail). */
void put_page(struct page *page);

#endif /* MM_MM_H */
