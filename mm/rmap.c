/*
 * mm/rmap.c - the reverse map: from a physical page to the ptes that map
 * it (Linux's mm/rmap.c: rmap_walk, page_referenced, try_to_unmap).
 *
 * Reclaim works on pages, but what it must look at (the accessed bit) and
 * undo (the mapping) lives in ptes of any number of address spaces.  Two
 * classic ways to find them:
 *
 *   anon_vma (Linux 2.6.7 on)  each anonymous page points at an anon_vma
 *        that lists exactly the VMAs (of the forking family) that may map
 *        it; file pages point at their address_space, whose interval tree
 *        holds the VMAs mapping the file.  Cost per page: the few candidate
 *        VMAs.  Price: an anon_vma and anon_vma_chain per VMA, linked at
 *        fork, split, merge and mremap - a lot of bookkeeping in mm/mmap.c.
 *   page-table scan (Linux 2.4's swap_out)  walk every process's VMAs and
 *        look at the pte where the page would be.  Nothing to maintain; the
 *        cost is O(all VMAs in the system) per page.
 *
 * Pagoda takes the scan, narrowed by what struct page already records
 * (mm/memory.c): page->index is the page's linear index in its VMA's
 * object (anon: vm_start >> PAGE_SHIFT based, kept by fork and mremap),
 * so in each candidate VMA the only possible address is
 *   vma_address = vm_start + ((index - vm_pgoff) << PAGE_SHIFT),
 * and a pte there maps the page iff its pfn is the page's.  The pfn check
 * makes any wrong guess harmless (a miss, never a wrong pte).  Page-cache
 * pages of the RAM file system do not record their index, so for them
 * every pte of each file VMA is looked at (rmap_walk_vma).  Candidates:
 * for an anonymous page, every private VMA (an anon page can also be the
 * private copy in a file mapping); for a page-cache page, every VMA with a
 * file.  This is Linux's "anon_vma idea simplified" to "every VMA is in the
 * one anon_vma": correct, slower for big systems, and free of bookkeeping.
 * Pages of an mm that no task uses (a test's own mm, an exec half done) are
 * not found: such pages are simply never reclaimed - except fork's child
 * while dup_mmap fills it, which kernel/fork.c registers here
 * (rmap_register_mm): the parent's pages are shared with it more and more
 * as the copy goes on, and a reclaim that saw only the parent's ptes would
 * swap out its half of each and free nothing.
 *
 * Unmapping an anonymous page (try_to_unmap, for reclaim): the page is in
 * the swap cache already (add_to_swap gave it a slot), so each pte becomes
 * the slot's swap entry (swp_entry_to_pte), taking one swap count
 * (swap_duplicate); the mm trades an MM_ANONPAGES for an MM_SWAPENTS; the
 * page loses the pte's map count and reference, and a dirty pte passes its
 * dirt to the page.  The next access faults into do_swap_page
 * (mm/memory.c).  A page that a VM_LOCKED VMA maps (mlock) is never
 * unmapped: the walk stops and reports failure, and page_referenced
 * reports VM_LOCKED so that reclaim keeps such a page active.
 *
 * Locking: tasklist_lock (irqsave) for the walk, so no mm goes away under
 * it; the walk never sleeps (one CPU, no kernel preemption: no page table
 * changes under it).  The page is locked by the caller for try_to_unmap.
 * The SMP issue adds the page-table lock per pte.
 */
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* The mms rmap_register_mm added (struct rmap_mm.list), under tasklist_lock. */
static LIST_HEAD(rmap_extra_mms);

/* Called for each pte that maps the page; returns false to stop the walk. */
typedef bool (*rmap_one_t)(struct page *page, struct vm_area_struct *vma,
			   unsigned long address, pte_t *ptep, void *arg);

/* May vma map page?  Anonymous pages: private VMAs; page cache: VMAs with a file. */
static bool vma_may_map(struct page *page, struct vm_area_struct *vma)
{
	if (PageAnon(page))
		return !(vma->vm_flags & VM_SHARED);
	return vma->vm_file != NULL;
}

/* vma_address - where page would be in vma, or -EFAULT (as an unsigned long) if outside. */
static unsigned long vma_address(struct page *page, struct vm_area_struct *vma)
{
	unsigned long address;

	if (page->index < vma->vm_pgoff)
		return -EFAULT;
	address = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	if (address >= vma->vm_end)
		return -EFAULT;
	return address;
}

/* rmap_one at address of vma if its pte maps page; false if rmap_one stopped the walk. */
static bool rmap_try_address(struct page *page, struct vm_area_struct *vma, unsigned long address,
			     rmap_one_t rmap_one, void *arg)
{
	pte_t *ptep = follow_pte(vma->vm_mm, address);

	if (!ptep || !pte_present(*ptep) || pte_pfn(*ptep) != page_to_pfn(page))
		return true;
	return rmap_one(page, vma, address, ptep, arg);
}

/*
 * rmap_walk_vma - the ptes of vma that may map page: the one address
 * vma_address gives for an anonymous page; every address of the VMA for a
 * page-cache page, whose index the RAM file system does not record
 * (kernel/fs/ramfs.c keeps its pages in an array) - the full 2.4-style scan.
 */
static bool rmap_walk_vma(struct page *page, struct vm_area_struct *vma, rmap_one_t rmap_one,
			  void *arg)
{
	unsigned long address;

	if (PageAnon(page)) {
		address = vma_address(page, vma);
		if (address == (unsigned long)-EFAULT)
			return true;
		return rmap_try_address(page, vma, address, rmap_one, arg);
	}
	for (address = vma->vm_start; address < vma->vm_end; address += PAGE_SIZE)
		if (!rmap_try_address(page, vma, address, rmap_one, arg))
			return false;
	return true;
}

/*
 * rmap_walk_mm - rmap_one for every pte of mm that maps page; false if it
 * stopped the walk.  Stops at once when the last pte is gone (try_to_unmap
 * also clears an anonymous page's PAGE_MAPPING_ANON then).
 */
static bool rmap_walk_mm(struct page *page, struct mm_struct *mm, rmap_one_t rmap_one, void *arg)
{
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		if (page_mapcount(page) <= 0)
			return false;
		if (vma_may_map(page, vma) && !rmap_walk_vma(page, vma, rmap_one, arg))
			return false;
	}
	return true;
}

/*
 * rmap_walk - rmap_one for every pte, in every process's mm and every
 * registered one (rmap_register_mm), that maps page (an mm shared by
 * several tasks, vfork, is walked once per task:
 * the callbacks are idempotent).  Stops early once no pte can be left
 * (the map count is reached) or rmap_one says so.
 */
static void rmap_walk(struct page *page, rmap_one_t rmap_one, void *arg)
{
	struct rmap_mm *rm;
	struct task_struct *p;
	unsigned long flags;

	if (page_mapcount(page) <= 0)
		return;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!p->mm)
			continue;
		if (!rmap_walk_mm(page, p->mm, rmap_one, arg) || page_mapcount(page) <= 0)
			goto out;
	}
	list_for_each_entry(rm, &rmap_extra_mms, list)
		if (!rmap_walk_mm(page, rm->mm, rmap_one, arg) || page_mapcount(page) <= 0)
			break;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* rmap_register_mm - see vmscan.h. */
void rmap_register_mm(struct rmap_mm *rm, struct mm_struct *mm)
{
	unsigned long flags;

	rm->mm = mm;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_add(&rm->list, &rmap_extra_mms);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* rmap_unregister_mm - see vmscan.h. */
void rmap_unregister_mm(struct rmap_mm *rm)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del(&rm->list);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct referenced_arg {
	int referenced;			/* ptes that had the accessed bit */
	unsigned long vm_flags;		/* the flags of the VMAs whose ptes map the page */
};

/* page_referenced_one - test and clear one pte's accessed bit (Linux's ptep_clear_flush_young). */
static bool page_referenced_one(struct page *page, struct vm_area_struct *vma,
				unsigned long address, pte_t *ptep, void *arg)
{
	struct referenced_arg *ra = arg;
	pte_t pte = *ptep;

	(void)page;
	ra->vm_flags |= vma->vm_flags;
	if (!pte_young(pte))
		return true;
	set_pte(ptep, __pte(pte_val(pte) & ~_PAGE_ACCESSED));
	flush_tlb_mm_range(vma->vm_mm, address, address + PAGE_SIZE, PAGE_SHIFT, false);
	ra->referenced++;
	return true;
}

/* page_referenced_flags - see vmscan.h. */
int page_referenced_flags(struct page *page, unsigned long *vm_flags)
{
	struct referenced_arg ra = { 0, 0 };

	rmap_walk(page, page_referenced_one, &ra);
	*vm_flags = ra.vm_flags;
	return ra.referenced;
}

/* page_referenced - see vmscan.h. */
int page_referenced(struct page *page)
{
	unsigned long vm_flags;

	return page_referenced_flags(page, &vm_flags);
}

/*
 * try_to_unmap_one - clear one pte of page: a page-cache page's pte just
 * goes; an anonymous page's becomes its swap entry, with a swap count of
 * its own (refused - the walk stops - if the slot cannot take one).  The
 * mm's RSS, the page's map count and the pte's reference go, after the TLB
 * flush; a dirty pte passes its dirt to the page.  A VM_LOCKED VMA stops
 * the walk: mlocked memory stays.  (Linux's; mm/memory.c's zap_pte does
 * the same for a whole range.)
 */
static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
			     unsigned long address, pte_t *ptep, void *arg)
{
	bool anon = PageAnon(page);
	bool *failed = arg;
	swp_entry_t entry = { page->private };
	pte_t pte;

	if ((vma->vm_flags & VM_LOCKED) || (anon && swap_duplicate(entry))) {
		*failed = true;
		return false;
	}
	pte = ptep_get_and_clear(ptep);
	flush_tlb_mm_range(vma->vm_mm, address, address + PAGE_SIZE, PAGE_SHIFT, false);
	if (pte_dirty(pte))
		SetPageDirty(page);
	if (anon) {
		set_pte(ptep, swp_entry_to_pte(entry));
		add_mm_counter(vma->vm_mm, MM_ANONPAGES, -1);
		add_mm_counter(vma->vm_mm, MM_SWAPENTS, 1);
	} else {
		add_mm_counter(vma->vm_mm, PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES, -1);
	}
	page_remove_rmap(page);
	put_page(page);
	return true;
}

/*
 * try_to_unmap - see vmscan.h.  An anonymous page needs its swap-cache
 * slot to leave in the ptes: without one it is refused (its contents would
 * be lost).
 */
bool try_to_unmap(struct page *page)
{
	bool failed = false;

	if (page_mapcount(page) <= 0)
		return true;
	if (PageAnon(page) && !PageSwapCache(page))
		return false;
	rmap_walk(page, try_to_unmap_one, &failed);
	return !failed && page_mapcount(page) <= 0;
}
