/*
 * mm/memory.h - the page tables under a process's VMAs: the API of
 * mm/memory.c (Linux's include/linux/mm.h, the parts about user page
 * tables).
 *
 * These helpers build, copy, walk and tear down the user half (pgd entries
 * 0..255) of an mm's page tables.  The kernel half is init_top_pgt's and is
 * never touched here.  Protections come from the VMA: vma->vm_page_prot,
 * made writable for a page the mapping owns alone (maybe_mkwrite), as
 * Linux's fault handlers do - so the virtual-memory issue can turn the
 * eager population below into demand faults and copy-on-write without
 * changing a name.
 */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include "arch/x86_64/pgtable.h"
#include "mm/mm_types.h"

struct page;

/* gup/foll flags (Linux's FOLL_*) for follow_page and access_remote_vm */
#define FOLL_WRITE	0x01	/* the caller will write the page */
#define FOLL_FORCE	0x10	/* ... even if the VMA does not allow it (exec, ptrace) */

/* RSS counters of an mm (mm->rss_stat), MM_FILEPAGES etc. */
static inline void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	mm->rss_stat[member] += value;
}

/* maybe_mkwrite - pte writable if the VMA allows writing (Linux's name). */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte);
	return pte;
}

/* mk_pte - the pte mapping page with prot. */
pte_t mk_pte(struct page *page, pgprot_t prot);

/*
 * pte_alloc_map - the pte slot for addr in mm, allocating missing pud, pmd
 * and pte tables (zeroed, counted in mm->pgtables_bytes).  NULL if out of
 * memory.  addr must be a user address.
 */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr);
/* follow_pte - the pte slot for addr in mm, or NULL if a table above it is missing. */
pte_t *follow_pte(struct mm_struct *mm, unsigned long addr);
/*
 * follow_page - the page mapped at addr in vma, or NULL (nothing there, or
 * FOLL_WRITE on a pte that is not writable and no FOLL_FORCE).
 */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr, unsigned int foll_flags);
/*
 * insert_page - map page at addr of vma with the VMA's protection
 * (maybe_mkwrite: writable if VM_WRITE), taking over the caller's reference.
 * -ENOMEM if a table could not be allocated, -EBUSY if something is already
 * mapped there.  Counts the page in the mm's RSS.
 */
int insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
/*
 * populate_vma_page_range - the eager population of [start, end) in vma
 * (Linux's name, in mm/gup.c): each unmapped page gets a zeroed page, or a
 * copy of the file's contents for a file-backed VMA (the part past the end
 * of the file reads as zeros).  0 or -ENOMEM/-EIO (what was mapped stays:
 * the caller unmaps the VMA).
 */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/*
 * copy_page_range - fork: give dst_vma (the child's copy of src_vma) the
 * pages of src_vma: copies of private pages, the same pages for VM_SHARED.
 * 0 or -ENOMEM.
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
/*
 * zap_page_range - unmap the pages of [start, start + size) in vma, dropping
 * their references (freeing them when it was the last) and flushing the
 * TLB.  Page tables stay: free_pgtables.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long size);
/*
 * free_pgtables - free the page-table pages of mm that translate only
 * addresses inside [floor, ceiling) and map nothing any more.  Call after
 * zapping; the TLB is flushed for the range.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling);
/*
 * access_remote_vm - copy len bytes between buf and addr of mm (FOLL_WRITE:
 * into mm), mm need not be the current one: each page is reached through
 * the direct map.  Returns the bytes copied (short if a page is missing).
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags);

#endif /* MM_MEMORY_H */
