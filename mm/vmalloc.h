/*
 * mm/vmalloc.h - virtually contiguous kernel memory (mm/vmalloc.c; Linux's
 * include/linux/vmalloc.h).
 *
 * vmalloc(size) gives size bytes that are contiguous in virtual memory but
 * made of single pages from anywhere in RAM, mapped one by one in the
 * vmalloc area [VMALLOC_START, VMALLOC_END) (DESIGN.md §2).  Use it for big
 * buffers that need not be physically contiguous; kmalloc() for the rest.
 * vmap() maps pages the caller already has.  Every area is followed by an
 * unmapped guard page, so running off its end faults instead of silently
 * scribbling on the next area.
 */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable_types.h"
#include "kernel/list.h"
#include "kernel/types.h"

struct page;

/* vm_struct.flags: what kind of area (Linux's VM_* values). */
#define VM_IOREMAP	0x00000001	/* ioremap(): device memory, no struct pages */
#define VM_ALLOC	0x00000002	/* vmalloc(): the pages are the area's own */
#define VM_MAP		0x00000004	/* vmap(): the pages belong to the caller */

/*
 * One area of the vmalloc address space.  Areas are kept on a list sorted
 * by address (mm/vmalloc.c), never overlapping.
 */
struct vm_struct {
	struct list_head list;		/* in vmap_area_list, by addr */
	unsigned long addr;		/* first byte (page-aligned) */
	unsigned long size;		/* bytes, INCLUDING the guard page at the end */
	unsigned long flags;		/* VM_ALLOC or VM_MAP */
	struct page **pages;		/* VM_ALLOC: the nr_pages pages mapped, in order */
	unsigned int nr_pages;		/* pages mapped (size / PAGE_SIZE - 1) */
	const void *caller;		/* return address of whoever asked, for reports */
};

/* get_vm_area_size - the usable bytes of an area: its size without the guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

/* ---- setting up ---- */
/*
 * vmalloc_init - get the vmalloc area ready: preallocates the pud tables of
 * every pgd entry it spans, so that the kernel half of the pgd never changes
 * afterwards.  After the page allocator and kmalloc are up (mm_init()).
 */
void vmalloc_init(void);

/* ---- allocating: NULL on failure (with a warning) ---- */
/* vmalloc - size bytes (rounded up to pages), virtually contiguous, uninitialised. */
void *vmalloc(unsigned long size);
/* vzalloc - vmalloc, zeroed. */
void *vzalloc(unsigned long size);
/*
 * vfree - unmap and free what vmalloc gave; NULL is a no-op.  The TLB is
 * flushed before the pages go back to the buddy allocator.  A pointer that
 * is not the start of a vmalloc() area warns and does nothing.
 */
void vfree(const void *addr);
/*
 * vmap - map count pages (the caller's; they are not freed by vunmap) at
 * consecutive addresses of a new area with protection prot (PAGE_KERNEL,
 * ...).  flags: VM_MAP.  Returns the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
/* vunmap - remove a vmap() mapping (the pages stay the caller's). */
void vunmap(const void *addr);

/* ---- the area API under ioremap() (arch/x86_64/mm/ioremap.c) ---- */
/*
 * get_vm_area_caller - reserve a new area of size bytes (rounded up to
 * pages, plus the guard page) with flags (VM_IOREMAP...), nothing mapped
 * yet; caller is kept for reports.  Returns the area or NULL.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller);
/*
 * ioremap_page_range - map [addr, end) of an area the caller reserved to
 * the physical range starting at phys_addr, one 4 KiB pte each, with prot.
 * Returns 0 or -ENOMEM (the caller frees the area, which unmaps it).
 */
int ioremap_page_range(unsigned long addr, unsigned long end, phys_addr_t phys_addr,
		       pgprot_t prot);
/* free_vm_area - unmap area (TLB flushed), take it off the list, free the struct. */
void free_vm_area(struct vm_struct *area);

/* ---- questions ---- */
/* is_vmalloc_addr - does x lie in the vmalloc area (allocated or not)? */
bool is_vmalloc_addr(const void *x);
/* vmalloc_to_page - the page mapped at vmalloc address addr, or NULL. */
struct page *vmalloc_to_page(const void *addr);
/*
 * find_vm_area - the area that starts at addr, or NULL.  The area may be
 * freed by its owner at any time; use the result only for what you own.
 */
struct vm_struct *find_vm_area(const void *addr);
/*
 * vmalloc_guard_page - is addr in the guard page after a vmalloc area?  If
 * so, writes a description ("vmalloc guard page of area [start-end] (N
 * pages) allocated at caller+0x1c/0x80") into buf (len bytes) and returns
 * true.  For the oops printer: takes no lock it could deadlock on.
 */
bool vmalloc_guard_page(unsigned long addr, char *buf, size_t len);
/* vmalloc_nr_areas - how many areas are allocated now (for tests). */
unsigned long vmalloc_nr_areas(void);
/* vmalloc_nr_pages - pages vmalloc has allocated and not freed (/proc/meminfo's VmallocUsed). */
unsigned long vmalloc_nr_pages(void);
/* vmalloc_nr_table_pages - page-table pages the vmalloc area has taken (never freed). */
unsigned long vmalloc_nr_table_pages(void);

#endif /* MM_VMALLOC_H */
