/*
 * mm/memory.h - page faults and the page tables under a process's VMAs:
 * the API of mm/memory.c and mm/gup.c (Linux's include/linux/mm.h, the parts about
 * faults and user page tables, and the fault types of mm_types.h).
 *
 * The arch fault handler (arch/x86_64/mm/fault.c) finds the VMA and calls
 * handle_mm_fault() with FAULT_FLAG_* bits; what comes back is VM_FAULT_*
 * bits saying what went wrong, if anything.  The rest builds, copies (fork),
 * walks and tears down the user half (pgd entries 0..255) of an mm's page
 * tables; the kernel half is init_top_pgt's and is never touched here.
 *
 * Protections come from the VMA: vma->vm_page_prot, which for a private
 * writable VMA is read-only (PAGE_COPY), made writable for a page the
 * mapping owns alone (maybe_mkwrite) - so a write to a page still shared
 * with a fork relative, the zero page or the page cache faults, and
 * do_wp_page() copies it.
 */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include "arch/x86_64/pgtable.h"
#include "mm/mm.h"
#include "mm/mm_types.h"

struct page;
struct pt_regs;

/* gup/foll flags (Linux's FOLL_*) for follow_page and access_remote_vm */
#define FOLL_WRITE	0x01	/* the caller will write the page */
#define FOLL_FORCE	0x10	/* ... even if the VMA does not allow it (exec, ptrace): COW */

/* ---- faults (Linux's enum fault_flag and vm_fault_t) ---- */
#define FAULT_FLAG_WRITE	(1U << 0)	/* a write access */
#define FAULT_FLAG_USER		(1U << 6)	/* from user mode */
#define FAULT_FLAG_REMOTE	(1U << 7)	/* for another mm, or the kernel on the task's behalf (gup) */
#define FAULT_FLAG_INSTRUCTION	(1U << 8)	/* an instruction fetch */

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x0001	/* no memory for a page or a table */
#define VM_FAULT_SIGBUS		0x0002	/* past the end of the backing file */
#define VM_FAULT_MAJOR		0x0004	/* had to wait for I/O (swap-in: the swap issue) */
#define VM_FAULT_SIGSEGV	0x0040	/* nothing can be mapped there */
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/*
 * struct vm_fault - one fault on its way through mm/memory.c (Linux's):
 * built by __handle_mm_fault, filled in as the handlers learn more.
 */
struct vm_fault {
	struct vm_area_struct *vma;	/* the VMA the address is in */
	unsigned long address;		/* the faulting address, page-aligned */
	unsigned long real_address;	/* ... as the CPU reported it */
	unsigned int flags;		/* FAULT_FLAG_* */
	unsigned long pgoff;		/* the page's index in the backing object (linear_page_index) */
	pmd_t *pmd;			/* the pmd entry above the pte (its table exists) */
	pte_t *pte;			/* the pte slot, or NULL while its table is missing */
	pte_t orig_pte;			/* the pte when the fault was taken */
	struct page *page;		/* the file/shmem page found by __do_fault (a reference) */
	int swap_err;			/* swapin_readahead gave NULL: why (-ENOMEM, -ENOENT, -EIO) */
};

/* ---- anonymous pages and the zero page ---- */
/*
 * PAGE_MAPPING_ANON - the low bit of page->mapping marks an anonymous page
 * (Linux's).  In Linux the rest of the word points at the anon_vma of the
 * reverse map; Pagoda's reverse map scans page tables instead (mm/rmap.c),
 * so the rest is 0.
 */
#define PAGE_MAPPING_ANON	0x1UL

/* PageAnon - page is anonymous memory (a private page of a process), not page cache. */
static inline bool PageAnon(const struct page *page)
{
	return (unsigned long)page->mapping & PAGE_MAPPING_ANON;
}

/*
 * page_is_exclusive_anon - is page this mapping's own private copy:
 * anonymous, mapped by one pte and referenced by it alone?  Then a write
 * fault may reuse it (wp_page_reuse) and mprotect may make it writable.
 */
static inline bool page_is_exclusive_anon(struct page *page)
{
	return page && PageAnon(page) && page_mapcount(page) == 1 && page_count(page) == 1;
}

/*
 * empty_zero_page - one page of zeros, in the kernel's bss, mapped
 * read-only wherever an anonymous page is read before it is written.  It
 * has no reference or map count: ptes to it are not "normal" (vm_normal_page).
 */
extern unsigned long empty_zero_page[];
#define ZERO_PAGE(vaddr)	virt_to_page(empty_zero_page)
/* my_zero_pfn / is_zero_pfn - the zero page's frame number, and whether pfn is it. */
static inline unsigned long my_zero_pfn(unsigned long addr)
{
	(void)addr;
	return page_to_pfn(ZERO_PAGE(addr));
}
static inline bool is_zero_pfn(unsigned long pfn)
{
	return pfn == my_zero_pfn(0);
}

/* ---- small helpers ---- */
/* RSS counters of an mm (mm->rss_stat), MM_FILEPAGES etc. */
static inline void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	mm->rss_stat[member] += value;
}

/* get_mm_counter - resident pages of one kind. */
static inline unsigned long get_mm_counter(struct mm_struct *mm, int member)
{
	return mm->rss_stat[member];
}

/* maybe_mkwrite - pte writable if the VMA allows writing (Linux's name). */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte);
	return pte;
}

/* is_cow_mapping - private and may become writable: its ptes are copy-on-write. */
static inline bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/*
 * vma_is_anonymous - no backing object (no file, no vm_ops such as
 * shmem's): faults get zeroed pages and the zero page.
 */
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_file && !vma->vm_ops;
}

/* linear_page_index - index of address's page in the VMA's backing object. */
static inline unsigned long linear_page_index(const struct vm_area_struct *vma,
					      unsigned long address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* mk_pte - the pte mapping page with prot. */
pte_t mk_pte(struct page *page, pgprot_t prot);

/* ==== the reverse map's counts (Linux's, in mm/rmap.c) ==== */
/*
 * page_add_anon_rmap - one more pte maps page, a swap-cache page mapped
 * again (do_swap_page, swapoff's unuse_pte; it is on the LRU already):
 * the first mapping makes it anonymous memory of vma at address (mm/rmap.c
 * finds it from page->index), later ones only count.
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);
/*
 * page_remove_rmap - one pte less maps page.  When it was the last, the
 * page leaves NR_ANON_MAPPED / NR_FILE_MAPPED, and an anonymous page drops
 * its PAGE_MAPPING_ANON: nothing can find it any more, and the allocator
 * wants mapping NULL at free (Linux clears it in free_pages_prepare).
 * The caller still holds the pte's page reference.
 */
void page_remove_rmap(struct page *page);

/* ==== faults ==== */
/*
 * handle_mm_fault - resolve a fault at address inside vma (the caller
 * checked that the access is allowed: arch fault.c's access_error, or gup's
 * FOLL_FORCE rules).  Allocates missing page tables, then maps a zeroed
 * page, the zero page, a file page or a copy of one, or makes a COW page
 * writable.  Counts the fault (PGFAULT; current's min_flt/maj_flt).
 * regs: the user registers, or NULL for a fault the kernel takes on a
 * task's behalf.  Returns 0 or VM_FAULT_* bits (VM_FAULT_ERROR: failed).
 * Enter with the mm stable (mm/mmap.h: no mmap_lock yet).
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);

/* ==== page tables ==== */
/*
 * pte_alloc_map - the pte slot for addr in mm, allocating missing pud, pmd
 * and pte tables (zeroed, counted in mm->pgtables_bytes and NR_PAGETABLE).
 * NULL if out of memory.  addr must be a user address.
 */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr);
/* follow_pte - the pte slot for addr in mm, or NULL if a table above it is missing. */
pte_t *follow_pte(struct mm_struct *mm, unsigned long addr);
/*
 * vm_normal_page - the struct page a present (pte_present: PROT_NONE too) pte of vma
 * maps, or NULL for the zero page, which is never counted (Linux's).
 */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
/*
 * follow_page - the page mapped at addr in vma, or NULL: nothing there, or
 * FOLL_WRITE on a pte that is not writable - unless FOLL_FORCE and the page
 * is already this mapping's own private copy (anonymous, mapped once).
 */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr, unsigned int foll_flags);
/*
 * can_change_pte_writable - may mprotect make this present pte of vma
 * writable?  Only in a VM_WRITE VMA, and for a private VMA only if the page
 * is anonymous and mapped by this pte alone: a page shared after fork, the
 * zero page or a page-cache page must stay read-only so that a write
 * still faults and copies it (Linux's, in mm/mprotect.c).
 */
bool can_change_pte_writable(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
/*
 * populate_vma_page_range - fault in every page of [start, end) in vma now
 * (Linux's, in mm/gup.c: MAP_POPULATE, mlock): write faults for a private
 * writable VMA (its own zeroed pages or copies), read faults otherwise.
 * Pages already mapped are left alone.  0, -ENOMEM, or -EFAULT (a page
 * past the end of the file).  What was mapped stays.
 */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/*
 * copy_page_range - fork: give dst_vma (the child's copy of src_vma) the
 * ptes of src_vma.  Copy-on-write: a private writable pte is made read-only
 * in BOTH mms and the page gets one more map count and reference; the first
 * write on either side faults and copies (do_wp_page).  VM_SHARED mappings
 * with a backing object copy nothing - their faults find the same pages.
 * Flushes the parent's TLB.  0 or -ENOMEM.
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
/*
 * zap_page_range - unmap the pages of [start, start + size) in vma, dropping
 * their map counts and references (freeing them when it was the last) and
 * flushing the TLB first.  Page tables stay: free_pgtables.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long size);
/*
 * free_pgtables - free the page-table pages of mm below the pgd that lie in
 * [floor, ceiling) and map nothing any more.  Call after zapping; the TLB
 * is flushed for the range before a table page is reused.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling);
/*
 * access_remote_vm - copy len bytes between buf and addr of mm (FOLL_WRITE:
 * into mm), mm need not be the current one: each page is faulted in if
 * needed (FOLL_FORCE: even into a read-only private mapping, on a private
 * copy) and reached through the direct map.  Returns the bytes copied
 * (short at the first page that cannot be had).
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags);

#endif /* MM_MEMORY_H */
