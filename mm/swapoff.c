/*
 * mm/swapoff.c - swapoff(2): bring every page of a swap area back into
 * memory, then turn the area off (Linux's try_to_unuse and swapoff, in its
 * mm/swapfile.c; the area's slots and counts are mm/swapfile.c's).
 *
 * The steps of do_swapoff, under swapon_mutex (mm/swap_internal.h):
 *
 *   1. disable_swap_info: the area stops handing out slots (SWP_WRITEOK
 *      cleared) and its pages leave nr_swap_pages/total_swap_pages at once;
 *      each slot freed from here on adds one back (swapfile.c's trick).
 *   2. try_to_unuse: every process's mm is collected with a reference
 *      (collect_mms, under tasklist_lock) and its page tables walked with
 *      no lock held - the walk sleeps for I/O.  Each swap pte of the area
 *      (find_swap_pte) is replaced by its page (unuse_one): read into the
 *      swap cache with its neighbours (swapin_readahead, mm/swap_state.c)
 *      and mapped read-only as after fork (unuse_pte), so a write faults
 *      and do_wp_page chooses between reuse and copy.  Then the swap-cache
 *      pages no pte needs are dropped (unuse_swap_cache): their data lives
 *      on in RAM, dirty.
 *   3. the maps are freed and the type released; or, on any error,
 *      reinsert_swap_info turns the area back on and nothing is lost.
 *
 * Invariants and races: whatever changes while we sleep - a fault, munmap,
 * exit, a fork copying swap ptes - is caught by checking the pte again
 * under the page lock (unuse_recheck_pte: the pte must still be exactly
 * the swap entry) and by up to UNUSE_PASSES passes.  A count stuck at
 * SWAP_MAP_MAX that no pte explains after a full pass is let go
 * (unstick_max_counts).  The reads never call the OOM killer (UNUSE_GFP):
 * when memory runs out swapoff fails with -ENOMEM (so does a read error);
 * a signal gives -EINTR; counts nothing explains give -EBUSY.
 *
 * Locks: swapon_mutex for the whole call; tasklist_lock only while
 * collecting mms; si->lock only in unstick_max_counts.  Never sleeps under
 * a spinlock.  Linux's names: try_to_unuse, unuse_mm, unuse_pte;
 * find_swap_by_name is the search by path in Linux's sys_swapoff.
 */
#include "arch/x86_64/pgtable.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"

/* ==== try_to_unuse: bringing everything back ==== */

#define NO_SWAP_PTE	(~0UL)
#define UNUSE_RETRIES	16	/* tries at one pte before giving up on it */
/*
 * swapoff's allocations reclaim but never call the OOM killer: when memory
 * runs out, swapoff fails with -ENOMEM instead of killing someone to make
 * room (Linux makes the swapoff task the OOM killer's first choice).
 */
#define UNUSE_GFP	(GFP_HIGHUSER_MOVABLE | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/* The first address of a (size)-aligned block after addr. */
static unsigned long next_boundary(unsigned long addr, unsigned long size)
{
	return (addr + size) & ~(size - 1);
}

/*
 * The first address in [addr, end) of mm whose pte is a swap entry of area
 * type (in *entry), or NO_SWAP_PTE.  Skips missing tables.  Never sleeps.
 */
static unsigned long find_swap_pte(struct mm_struct *mm, unsigned long addr, unsigned long end,
				   unsigned int type, swp_entry_t *entry)
{
	while (addr < end) {
		pgd_t *pgd = pgd_offset(mm->pgd, addr);
		pud_t *pud;
		pmd_t *pmd;
		pte_t *pte;
		unsigned long table_end;

		if (!pgd_present(*pgd)) {
			addr = next_boundary(addr, PGDIR_SIZE);
			continue;
		}
		pud = pud_offset(pgd, addr);
		if (!pud_present(*pud)) {
			addr = next_boundary(addr, PUD_SIZE);
			continue;
		}
		pmd = pmd_offset(pud, addr);
		if (!pmd_present(*pmd)) {
			addr = next_boundary(addr, PMD_SIZE);
			continue;
		}
		pte = pte_offset_kernel(pmd, addr);
		table_end = min(next_boundary(addr, PMD_SIZE), end);
		for (; addr < table_end; addr += PAGE_SIZE, pte++) {
			if (is_swap_pte(*pte) && swp_type(pte_to_swp_entry(*pte)) == type) {
				*entry = pte_to_swp_entry(*pte);
				return addr;
			}
		}
	}
	return NO_SWAP_PTE;
}

/*
 * unuse_pte - the swap pte at ptep (entry) becomes a read-only mapping of
 * page (locked, in the swap cache, up to date): a write faults and
 * do_wp_page decides between reuse and copy, as after fork.  The pte's
 * swap count is dropped.
 */
static void unuse_pte(struct vm_area_struct *vma, pte_t *ptep, unsigned long address,
		      swp_entry_t entry, struct page *page)
{
	struct mm_struct *mm = vma->vm_mm;

	get_page(page);
	page_add_anon_rmap(page, vma, address);
	add_mm_counter(mm, MM_SWAPENTS, -1);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	set_pte(ptep, mk_pte(page, vma->vm_page_prot));
	swap_free(entry);
}

/* Is the pte at address of mm still the swap entry (the VMA still there)?  Its slot or NULL. */
static pte_t *unuse_recheck_pte(struct mm_struct *mm, unsigned long address, swp_entry_t entry,
				struct vm_area_struct **vmap)
{
	struct vm_area_struct *vma = find_vma(mm, address);
	pte_t *ptep;

	if (!vma || vma->vm_start > address)
		return NULL;
	ptep = follow_pte(mm, address);
	if (!ptep || pte_val(*ptep) != pte_val(swp_entry_to_pte(entry)))
		return NULL;
	*vmap = vma;
	return ptep;
}

/*
 * unuse_one - bring the page of the swap pte at address of mm back.  May
 * sleep (I/O, the page lock); the pte is checked again afterwards, and
 * anything that changed it meanwhile (a fault, munmap, exit) wins.  0, or
 * -ENOMEM if the page could not be read (memory or disk).
 */
static int unuse_one(struct mm_struct *mm, unsigned long address, swp_entry_t entry)
{
	struct vm_area_struct *vma;
	struct page *page;
	pte_t *ptep;
	int err = 0;

	page = lookup_swap_cache(entry);
	if (!page)
		page = swapin_readahead(entry, UNUSE_GFP, NULL);
	if (!page) {
		if (!unuse_recheck_pte(mm, address, entry, &vma) || !__swap_count(entry))
			return 0;	/* the pte went away meanwhile (or is stale: see unuse_mm) */
		pr_err("swapoff: cannot bring slot %lu of %s back: out of memory or read error\n",
		       swp_offset(entry), swp_swap_info(entry)->name);
		return -ENOMEM;
	}
	lock_page(page);
	ptep = unuse_recheck_pte(mm, address, entry, &vma);
	if (ptep && PageSwapCache(page) && page->private == entry.val && PageUptodate(page))
		unuse_pte(vma, ptep, address, entry, page);
	else if (ptep && !PageUptodate(page))
		err = -ENOMEM;		/* a read error left in the cache: do not spin on it */
	unlock_page(page);
	put_page(page);
	return err;
}

/* unuse_mm - every swap pte of area type in mm brought back.  0 or -ENOMEM.  Sleeps. */
static int unuse_mm(struct mm_struct *mm, unsigned int type)
{
	unsigned long addr = 0, found, last = NO_SWAP_PTE;
	struct vm_area_struct *vma;
	unsigned int retries = 0;
	swp_entry_t entry;
	int err;

	while ((vma = find_vma(mm, addr)) != NULL) {
		found = find_swap_pte(mm, max(addr, vma->vm_start), vma->vm_end, type, &entry);
		if (found == NO_SWAP_PTE) {
			addr = vma->vm_end;
			continue;
		}
		retries = found == last ? retries + 1 : 0;
		last = found;
		if (retries > UNUSE_RETRIES) {
			/* a swap pte whose slot is free: a bookkeeping bug elsewhere */
			pr_err("swapoff: stale swap pte %08lx at %lx\n", entry.val, found);
			return -EBUSY;
		}
		if (signal_pending_current())
			return -EINTR;
		err = unuse_one(mm, found, entry);
		if (err)
			return err;
		addr = found;	/* look again from here: the pte is a page now, or changed */
		cond_resched();
	}
	return 0;
}

/*
 * The address spaces of every process, each with a user reference
 * (mmget), into a kmalloc'ed array; *nr set.  NULL if out of memory.
 * tasklist_lock is a spinlock: the array is sized first, then filled.
 */
static struct mm_struct **collect_mms(unsigned int *nr)
{
	struct task_struct *p;
	struct mm_struct **mms;
	unsigned long flags;
	unsigned int n = 0, cap = 0, i;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		cap++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	cap += 16;		/* forks while we allocate */
	mms = kmalloc_array(cap, sizeof(*mms), GFP_KERNEL);
	if (!mms)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		struct mm_struct *mm = p->mm;

		if (!mm || n == cap || READ_ONCE(mm->mm_users) <= 0)
			continue;
		for (i = 0; i < n && mms[i] != mm; i++)
			;
		if (i < n)
			continue;	/* a CLONE_VM sharer: already there */
		mmget(mm);
		mms[n++] = mm;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	*nr = n;
	return mms;
}

/*
 * Drop the swap-cache pages of si that no pte refers to any more (their
 * data lives on in RAM, mapped or not); a page we cannot lock now is
 * left for the next pass.
 */
static void unuse_swap_cache(struct swap_info_struct *si)
{
	unsigned int off;

	for (off = 1; off < si->max; off++) {
		swp_entry_t entry = swp_entry(si->type, off);
		struct page *page;

		if (READ_ONCE(si->swap_map[off]) != SWAP_HAS_CACHE)
			continue;
		page = lookup_swap_cache(entry);
		if (!page)
			continue;
		lock_page(page);
		if (PageSwapCache(page) && page->private == entry.val)
			try_to_free_swap(page);
		unlock_page(page);
		put_page(page);
		cond_resched();
	}
}

/* Slots of si still referenced by ptes (a stuck SWAP_MAP_MAX count counts too). */
static unsigned int slots_with_ptes(struct swap_info_struct *si)
{
	unsigned int off, n = 0;

	for (off = 1; off < si->max; off++) {
		unsigned char count = si->swap_map[off] & SWAP_COUNT_MASK;

		if (count && count != SWAP_MAP_BAD)
			n++;
	}
	return n;
}

/*
 * A count stuck at SWAP_MAP_MAX after a full pass found no pte left:
 * nothing can refer to it any more.  Let it go (Linux 2.6 did the same).
 */
static void unstick_max_counts(struct swap_info_struct *si)
{
	unsigned int off;

	spin_lock(&si->lock);
	for (off = 1; off < si->max; off++)
		if ((si->swap_map[off] & SWAP_COUNT_MASK) == SWAP_MAP_MAX) {
			si->swap_map[off] -= SWAP_MAP_MAX;
			if (!si->swap_map[off])
				swap_range_free(si, off);
		}
	spin_unlock(&si->lock);
}

#define UNUSE_PASSES	3

/*
 * try_to_unuse - bring every page of area type (SWP_WRITEOK already off)
 * back from the disk: each process's swap ptes become pages again, then
 * the swap cache lets go of the area.  Processes that fork or fault while
 * we sleep are caught by another pass.  0, -ENOMEM, or -EBUSY if counts
 * are left that no process's page tables explain.  Sleeps.
 */
static int try_to_unuse(unsigned int type)
{
	struct swap_info_struct *si = swap_info[type];
	struct mm_struct **mms;
	unsigned int nr, i, pass;
	int err = 0;

	for (pass = 0; pass < UNUSE_PASSES && si->inuse_pages; pass++) {
		mms = collect_mms(&nr);
		if (!mms)
			return -ENOMEM;
		for (i = 0; i < nr; i++) {
			if (!err)
				err = unuse_mm(mms[i], type);
			mmput(mms[i]);
		}
		kfree(mms);
		if (err)
			return err;
		if (pass == UNUSE_PASSES - 2)
			unstick_max_counts(si);
		unuse_swap_cache(si);
	}
	if (si->inuse_pages) {
		pr_err("swapoff: %s: %u slots still in use (%u by ptes nothing maps)\n",
		       si->name, si->inuse_pages, slots_with_ptes(si));
		return -EBUSY;
	}
	return 0;
}

/* ==== swapoff(2) ==== */

/* The area that is on under name, or NULL.  swap_lock held. */
static struct swap_info_struct *find_swap_by_name(const char *name)
{
	unsigned int type;

	for (type = 0; type < nr_swapfiles; type++) {
		struct swap_info_struct *si = swap_info[type];

		if (si && (si->flags & SWP_WRITEOK) && si->bdev && !strcmp(si->name, name))
			return si;
	}
	return NULL;
}

/*
 * do_swapoff - bring every page of the swap area called name back into
 * memory and turn it off.  0; -EINVAL (not a swap area that is on),
 * -ENOMEM (memory ran out or a page could not be read: the area stays on,
 * nothing lost), -EBUSY (slots still referenced by something
 * try_to_unuse cannot reach: the area stays on), -EINTR (a signal: the
 * area stays on).  Sleeps.
 */
int do_swapoff(const char *name)
{
	struct swap_info_struct *si;
	int err;

	swapon_mutex_lock();
	spin_lock(&swap_lock);
	si = find_swap_by_name(name);
	spin_unlock(&swap_lock);
	err = -EINVAL;
	if (!si)
		goto out;
	disable_swap_info(si);
	err = try_to_unuse(si->type);
	if (err) {
		reinsert_swap_info(si);
		goto out;
	}
	swap_free_map(si);
	swap_close_priority_gap(si->prio);
	release_swap_info(si);
out:
	swapon_mutex_unlock();
	return err;
}

/* swapoff(2) - do_swapoff on a path from user space. */
SYSCALL_DEFINE1(swapoff, const char __user *, specialfile)
{
	struct filename *name = getname(specialfile);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_swapoff(name->name);
	putname(name);
	return err;
}
