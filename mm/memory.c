/*
 * mm/memory.c - page faults, copy-on-write, and the page tables under user
 * VMAs: building them on demand, copying them at fork, tearing them down
 * (Linux's mm/memory.c).
 *
 * Memory is demand-paged.  A new VMA has no pte at all; the first access
 * to each page traps, and arch/x86_64/mm/fault.c, having found the VMA and
 * checked the access against it, calls handle_mm_fault():
 *
 *   handle_mm_fault           count the fault (PGFAULT, min_flt/maj_flt)
 *    __handle_mm_fault        allocate the pud and pmd tables on the way down
 *     handle_pte_fault        look at the pte:
 *      empty, anonymous VMA     do_anonymous_page: read -> the zero page,
 *                               read-only; write -> a zeroed page of its own
 *      empty, file/shmem VMA    do_fault: do_read_fault maps the file's page
 *                               (read-only if private), do_cow_fault maps a
 *                               private copy, do_shared_fault the page itself
 *      present, write, not writable   do_wp_page: copy-on-write
 *        wp_page_reuse          the page is ours alone: make the pte writable
 *        wp_page_copy           else: a copy (zeroed for the zero page) replaces it
 *      a swap entry             do_swap_page: the page from the swap cache or
 *                               read from disk (swapin_readahead), mapped again
 *
 * Copy-on-write fork: copy_page_range gives the child the parent's ptes;
 * every private writable one is write-protected in BOTH, and the page gets
 * one more map count and reference.  Whoever writes first faults into
 * do_wp_page and gets a copy; the last one left finds the page mapped once
 * and reuses it (counted as PGREUSE: no copy).  VM_SHARED mappings are never
 * write-protected: writes go to the one page every mapper sees.
 *
 * A private writable VMA's vm_page_prot is read-only (PAGE_COPY): a pte is
 * made writable (maybe_mkwrite) only for a page the mapping owns alone -
 * never for the zero page, a page-cache page or a page shared after fork.
 *
 * Swap (mm/swap.h tells the whole life of a swapped page).  Reclaim turns
 * the ptes of an anonymous page into its swap entry (mm/rmap.c); here:
 *   do_swap_page     the entry's page from the swap cache, or read with its
 *                    neighbours (VM_FAULT_MAJOR); mapped read-only unless
 *                    this pte was the slot's last user and the fault is a
 *                    write: then the page leaves the swap cache, the slot is
 *                    freed (try_to_free_swap) and the pte is writable -
 *                    Linux's reuse.  A page still shared with a forked
 *                    relative's swap pte stays in the cache, so the relative
 *                    finds the same page: written once, read once.  A read
 *                    error is SIGBUS.
 *   copy_page_range  a swap pte is copied as it is: one more swap count
 *                    (swap_duplicate), MM_SWAPENTS in the child
 *   zap_pte          free_swap_and_cache; a present page in the swap cache
 *                    that nobody maps any more leaves it (free_swap_cache,
 *                    after the TLB flush), so slots are freed on exit
 *   do_wp_page       a swap-cache page mapped once may still be reused: if
 *                    no swap pte refers to its slot, it leaves the cache
 * Anything that may sleep - a page allocation (direct reclaim writes pages
 * out) or a swap read - can let reclaim change the ptes meanwhile, so after
 * one the pte is compared with the one the fault saw (pte_same), and a
 * page in use across one holds a reference.
 *
 * Page accounting (struct page, mm/mm_types.h):
 *   _refcount   one per pte mapping the page, plus the page cache's own for a
 *               file or shmem page; the last put_page frees it
 *   _mapcount   ptes mapping it, minus 1 (-1: none)
 *   mapping     PAGE_MAPPING_ANON for an anonymous page (PageAnon), NULL for
 *               page cache; cleared when the last pte of an anon page goes,
 *               since the allocator wants it NULL at free
 *   PG_swapbacked   anonymous and shmem pages (swap-backed, as in Linux)
 * The zero page is never counted: vm_normal_page() hides it.
 * Per mm: rss_stat[MM_ANONPAGES/MM_FILEPAGES/MM_SHMEMPAGES], hiwater_rss,
 * pgtables_bytes; globally (mm/vmstat.h): NR_ANON_MAPPED, NR_FILE_MAPPED,
 * NR_PAGETABLE, and the PGFAULT/PGMAJFAULT/PGREUSE events.
 *
 * Page tables: four levels below mm->pgd (arch/x86_64/pgtable.h).  Upper
 * entries get _PAGE_TABLE (user, writable), so the leaf pte alone decides
 * what user mode may do.  Every table page is a zeroed buddy page counted
 * in pgtables_bytes and NR_PAGETABLE, freed by free_pgtables() once empty.
 *
 * TLB: a pte that loses a page or its write permission is cleared or
 * changed first, the TLB flushed (flush_tlb_mm_range), and only then is the
 * page freed, so no CPU - and no copy_to_user of this task - can reach a
 * page after it was reused.  struct mmu_gather batches the pages in between,
 * as Linux's does; page-table pages are gathered the same way.  Making a pte
 * MORE permissive (RO -> RW, none -> present) needs no flush on x86: the CPU
 * drops a translation when it faults on it.
 *
 * The kernel's own fault-ins (MAP_POPULATE, mlock, exec writing a new
 * stack: populate_vma_page_range, access_remote_vm) are in mm/gup.c.
 *
 * Locking: an mm is changed only by the task running on it, or by exec,
 * fork and tests on an mm nobody runs yet; one CPU, no kernel preemption
 * (mm/mmap.h).  Where Linux says "mmap_lock held for read, pte lock taken
 * here", Pagoda says "the mm stable"; the SMP issue adds the locks.
 */
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/shmem.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* empty_zero_page - see memory.h: a page of zeros in the kernel's bss. */
unsigned long empty_zero_page[PAGE_SIZE / sizeof(unsigned long)] __aligned(PAGE_SIZE);

/*
 * copy_page / clear_page - one whole page, eight 8-byte words per loop
 * (Linux's arch/x86/lib/copy_page_64.S unrolls the same way).  Plain moves,
 * not rep movsq/stosq: QEMU's TCG turns each into an inline host store,
 * while a rep string instruction goes through a helper call per iteration
 * - several times slower for a fault that must zero or copy a whole page.
 * The empty asm stops GCC from turning the loop back into memset/memcpy.
 */
static void copy_page(void *to, const void *from)
{
	u64 *d = to;
	const u64 *s = from;

	for (unsigned long i = 0; i < PAGE_SIZE / 8; i += 8) {
		u64 a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];

		d[i] = a; d[i + 1] = b; d[i + 2] = c; d[i + 3] = e;
		a = s[i + 4]; b = s[i + 5]; c = s[i + 6]; e = s[i + 7];
		d[i + 4] = a; d[i + 5] = b; d[i + 6] = c; d[i + 7] = e;
		__asm__ volatile("" ::: "memory");
	}
}

static void clear_page(void *page)
{
	u64 *p = page;

	for (unsigned long i = 0; i < PAGE_SIZE / 8; i += 8) {
		p[i] = 0; p[i + 1] = 0; p[i + 2] = 0; p[i + 3] = 0;
		p[i + 4] = 0; p[i + 5] = 0; p[i + 6] = 0; p[i + 7] = 0;
		__asm__ volatile("" ::: "memory");
	}
}

/* A page for user memory, zeroed with clear_page; NULL if out of memory. */
static struct page *alloc_zeroed_user_page(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);

	if (page)
		clear_page(page_address(page));
	return page;
}

/* mk_pte - the pte mapping page with prot. */
pte_t mk_pte(struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

/* The end of the table entry covering addr at a level of size sz, clamped to end. */
static unsigned long level_addr_end(unsigned long addr, unsigned long end, unsigned long sz)
{
	unsigned long boundary = (addr + sz) & ~(sz - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

/* ==== counting pages ==== */

/* The RSS counter of a page-cache page: shmem (swap-backed) or file (Linux's mm_counter_file). */
static int mm_counter_file(struct page *page)
{
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* The RSS counter a mapped page belongs to (Linux's mm_counter). */
static int mm_counter(struct page *page)
{
	return PageAnon(page) ? MM_ANONPAGES : mm_counter_file(page);
}

static void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = get_mm_rss(mm);

	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
}

/*
 * The map-count side of Linux's mm/rmap.c; the reverse map itself (finding
 * the ptes from the page: a page-table scan, no anon_vma) is mm/rmap.c's.
 * Each pte that maps a page is one
 * _mapcount; NR_ANON_MAPPED / NR_FILE_MAPPED count pages mapped at least once.
 */

/*
 * page_add_new_anon_rmap - page (fresh, ours alone) becomes anonymous
 * memory of vma at address, and enters the LRU (Linux's callers do that
 * right after; mm/rmap.c finds the page's ptes from index).
 */
static void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
				   unsigned long address)
{
	SetPageSwapBacked(page);
	page->mapping = (void *)PAGE_MAPPING_ANON;
	page->index = linear_page_index(vma, address);
	__atomic_store_n(&page->_mapcount, 0, __ATOMIC_RELAXED);
	inc_node_page_state(page, NR_ANON_MAPPED);
	lru_cache_add(page);		/* onto the inactive anon list (mm/vmscan.c) */
}

/* page_add_anon_rmap - see memory.h. */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long address)
{
	if (__atomic_add_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED) > 0)
		return;
	SetPageSwapBacked(page);
	page->mapping = (void *)PAGE_MAPPING_ANON;
	page->index = linear_page_index(vma, address);
	inc_node_page_state(page, NR_ANON_MAPPED);
}

/* page_add_file_rmap - one more pte maps the page-cache page. */
static void page_add_file_rmap(struct page *page)
{
	if (__atomic_add_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED) == 0)
		inc_node_page_state(page, NR_FILE_MAPPED);
}

/* page_dup_rmap - fork: the child's pte maps the page too. */
static void page_dup_rmap(struct page *page)
{
	__atomic_add_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED);
}

/* page_remove_rmap - see memory.h. */
void page_remove_rmap(struct page *page)
{
	if (__atomic_sub_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED) >= 0)
		return;
	if (PageAnon(page)) {
		dec_node_page_state(page, NR_ANON_MAPPED);
		page->mapping = NULL;
	} else {
		dec_node_page_state(page, NR_FILE_MAPPED);
	}
}

/* ==== building and walking tables ==== */

/* A zeroed page-table page for mm, counted in pgtables_bytes; its physical address or 0. */
static phys_addr_t pgtable_alloc(struct mm_struct *mm)
{
	unsigned long va = __get_free_page(GFP_KERNEL);

	if (!va)
		return 0;
	clear_page((void *)va);
	mm->pgtables_bytes += PAGE_SIZE;
	inc_node_page_state(virt_to_page((void *)va), NR_PAGETABLE);
	return __pa(va);
}

/* pud_alloc / pmd_alloc - the entry for addr one level down, allocating that table if missing. */
static pud_t *pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	if (pgd_none(*pgd)) {
		phys_addr_t pa = pgtable_alloc(mm);

		if (!pa)
			return NULL;
		pgd_populate_user(pgd, pa);
	}
	return pud_offset(pgd, addr);
}

static pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	if (pud_none(*pud)) {
		phys_addr_t pa = pgtable_alloc(mm);

		if (!pa)
			return NULL;
		pud_populate_user(pud, pa);
	}
	return pmd_offset(pud, addr);
}

/* pte_alloc - give *pmd a pte table if it has none; 0 or -ENOMEM (Linux's). */
static int pte_alloc(struct mm_struct *mm, pmd_t *pmd)
{
	phys_addr_t pa;

	if (!pmd_none(*pmd))
		return 0;
	pa = pgtable_alloc(mm);
	if (!pa)
		return -ENOMEM;
	pmd_populate(pmd, pa);
	return 0;
}

/* pte_alloc_map - the pte slot for addr, allocating missing tables (see memory.h). */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud;
	pmd_t *pmd;

	if (WARN_ON_ONCE(addr >= TASK_SIZE))
		return NULL;
	pud = pud_alloc(mm, pgd_offset(mm->pgd, addr), addr);
	if (!pud)
		return NULL;
	pmd = pmd_alloc(mm, pud, addr);
	if (!pmd || pte_alloc(mm, pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* follow_pte - the pte slot for addr, or NULL if a table above it is missing. */
pte_t *follow_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd;
	pud_t *pud;
	pmd_t *pmd;

	if (addr >= TASK_SIZE)
		return NULL;
	pgd = pgd_offset(mm->pgd, addr);
	if (!pgd_present(*pgd))
		return NULL;
	pud = pud_offset(pgd, addr);
	if (!pud_present(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* vm_normal_page - the counted page behind pte, NULL for the zero page (see memory.h). */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);

	(void)vma;
	(void)addr;
	if (is_zero_pfn(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

/* can_change_pte_writable - may mprotect make pte writable (see memory.h)?  The mm stable. */
bool can_change_pte_writable(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	if (!(vma->vm_flags & VM_WRITE) || !pte_present(pte))
		return false;
	if (vma->vm_flags & VM_SHARED)
		return true;
	return page_is_exclusive_anon(vm_normal_page(vma, addr, pte));
}

/* ==== faults ==== */

/* Drop a pte that maps another page now, and the TLB's copy of it (Linux's ptep_clear_flush). */
static void ptep_clear_flush(struct vm_area_struct *vma, unsigned long address, pte_t *ptep)
{
	pte_clear(ptep);
	flush_tlb_mm_range(vma->vm_mm, address, address + PAGE_SIZE, PAGE_SHIFT, false);
}

/*
 * vmf_pte_unchanged - is the pte still the one the fault saw?  After
 * anything that may sleep (an allocation can enter reclaim, which may
 * unmap the page; a swap read) the answer may be no: then the fault is
 * simply retried (Linux's pte_same).
 */
static bool vmf_pte_unchanged(struct vm_fault *vmf)
{
	return pte_val(*vmf->pte) == pte_val(vmf->orig_pte);
}

/*
 * vmf->pte for vmf->address, giving the pmd a pte table first if it has
 * none.  0 or VM_FAULT_OOM.
 */
static vm_fault_t vmf_pte_alloc(struct vm_fault *vmf)
{
	if (pte_alloc(vmf->vma->vm_mm, vmf->pmd))
		return VM_FAULT_OOM;
	vmf->pte = pte_offset_kernel(vmf->pmd, vmf->address);
	return 0;
}

/*
 * do_anonymous_page - first touch of a page of an anonymous VMA: a read
 * maps the shared zero page read-only (no memory spent until a write); a
 * write maps a zeroed page of its own, writable if the VMA is.  A
 * VM_SHARED VMA always gets a real page (do_mmap normally gives it a shmem
 * object instead: shmem_zero_setup).  The mm stable; vmf->pte may be NULL.
 * 0 or VM_FAULT_OOM.
 */
static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	pte_t entry;

	if (vmf_pte_alloc(vmf))
		return VM_FAULT_OOM;
	if (!pte_none(*vmf->pte))
		return 0;		/* mapped meanwhile (populate racing a fault): nothing to do */
	if (!(vmf->flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_SHARED)) {
		entry = pte_wrprotect(pfn_pte(my_zero_pfn(vmf->address), vma->vm_page_prot));
		set_pte(vmf->pte, entry);
		return 0;
	}
	page = alloc_zeroed_user_page();
	if (!page)
		return VM_FAULT_OOM;
	if (!pte_none(*vmf->pte)) {	/* mapped while the allocation slept */
		__free_page(page);
		return 0;
	}
	entry = mk_pte(page, vma->vm_page_prot);
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));
	add_mm_counter(mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(page, vma, vmf->address);
	set_pte(vmf->pte, entry);
	update_hiwater_rss(mm);
	return 0;
}

/*
 * filemap_fault - a regular file's page at vmf->pgoff: from the RAM file
 * system's page array (kernel/fs/ramfs.c: always in memory, so never a
 * major fault; a hole gets a zeroed page), with a reference in vmf->page.
 * A page wholly past the end of the file is SIGBUS, as in Linux.
 */
static vm_fault_t filemap_fault(struct vm_fault *vmf)
{
	struct inode *inode = vmf->vma->vm_file->f_inode;
	struct page *page;

	if (vmf->pgoff >= DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	page = ramfs_get_page(inode, vmf->pgoff);
	if (!page)
		return VM_FAULT_OOM;
	get_page(page);
	vmf->page = page;
	return 0;
}

/* __do_fault - the backing object's page for the fault (Linux's vma->vm_ops->fault). */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	if (vma_is_shmem(vmf->vma))
		return shmem_fault(vmf);
	return filemap_fault(vmf);
}

/*
 * finish_fault - map vmf->page (a page-cache page with a reference for
 * this pte) at vmf->address with the VMA's protection: read-only for a
 * private mapping, writable for a shared writable one.  The mm stable.
 * 0 or VM_FAULT_OOM (the reference is dropped then).
 */
static vm_fault_t finish_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page = vmf->page;
	pte_t entry;

	if (vmf_pte_alloc(vmf)) {
		put_page(page);
		return VM_FAULT_OOM;
	}
	if (!pte_none(*vmf->pte)) {
		put_page(page);		/* mapped meanwhile */
		return 0;
	}
	entry = mk_pte(page, vma->vm_page_prot);
	if ((vmf->flags & FAULT_FLAG_WRITE) && (vma->vm_flags & VM_SHARED))
		entry = pte_mkdirty(entry);
	add_mm_counter(vma->vm_mm, mm_counter_file(page), 1);
	page_add_file_rmap(page);
	set_pte(vmf->pte, entry);
	update_hiwater_rss(vma->vm_mm);
	return 0;
}

/* do_read_fault - a read of a file-backed page: map the page-cache page itself. */
static vm_fault_t do_read_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf);

	if (ret)
		return ret;
	return finish_fault(vmf);
}

/*
 * do_cow_fault - a write to a page of a private file mapping never touched
 * before: a private copy of the file's page, mapped writable (if the VMA
 * is), becomes anonymous memory.  The file's page stays unmapped.
 */
static vm_fault_t do_cow_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *cow_page;
	pte_t entry;
	vm_fault_t ret;

	ret = __do_fault(vmf);
	if (ret)
		return ret;
	cow_page = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!cow_page || vmf_pte_alloc(vmf)) {
		if (cow_page)
			__free_page(cow_page);
		put_page(vmf->page);
		return VM_FAULT_OOM;
	}
	copy_page(page_address(cow_page), page_address(vmf->page));
	put_page(vmf->page);
	if (!pte_none(*vmf->pte)) {	/* mapped while the allocation slept */
		__free_page(cow_page);
		return 0;
	}
	entry = maybe_mkwrite(pte_mkdirty(mk_pte(cow_page, vma->vm_page_prot)), vma);
	add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(cow_page, vma, vmf->address);
	set_pte(vmf->pte, entry);
	update_hiwater_rss(vma->vm_mm);
	return 0;
}

/* do_shared_fault - a write to a shared (shmem) mapping: the object's page itself, writable. */
static vm_fault_t do_shared_fault(struct vm_fault *vmf)
{
	return do_read_fault(vmf);	/* finish_fault maps it dirty and VM_SHARED-writable */
}

/*
 * do_fault - first touch of a page of a file-backed (or shmem) VMA: pick
 * the handler by access and sharing.  The mm stable.
 */
static vm_fault_t do_fault(struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vmf->vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/*
 * wp_page_reuse - the write-protected page may simply be written: this
 * mapping owns it alone (or it is a shared mapping's).  Make the pte
 * writable (if the VMA is), dirty and young; no flush is needed to add a
 * permission.  Counted as PGREUSE.
 */
static vm_fault_t wp_page_reuse(struct vm_fault *vmf)
{
	pte_t entry = pte_mkyoung(pte_mkdirty(vmf->orig_pte));

	set_pte(vmf->pte, maybe_mkwrite(entry, vmf->vma));
	count_vm_event(PGREUSE);
	return 0;
}

/*
 * wp_page_copy - break COW: a new anonymous page with a copy of the old one
 * (zeros for the zero page) replaces it in the pte, writable if the VMA
 * is.  The old pte is cleared and flushed before the new one is set, and
 * only then is the old page's map count and reference dropped - it may be
 * freed now if the other side had already let go.  The allocation may
 * sleep in reclaim, which may unmap the old page meanwhile: it is held by
 * a reference of its own, and a changed pte means "retry".  0 or
 * VM_FAULT_OOM.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *old_page = vmf->page, *new_page;
	pte_t entry;

	if (old_page)
		get_page(old_page);
	new_page = old_page ? alloc_page(GFP_HIGHUSER_MOVABLE) : alloc_zeroed_user_page();
	if (!new_page || !vmf_pte_unchanged(vmf)) {
		if (new_page)
			__free_page(new_page);
		if (old_page)
			put_page(old_page);
		return new_page ? 0 : VM_FAULT_OOM;
	}
	if (old_page)
		copy_page(page_address(new_page), page_address(old_page));
	entry = maybe_mkwrite(pte_mkdirty(mk_pte(new_page, vma->vm_page_prot)), vma);
	ptep_clear_flush(vma, vmf->address, vmf->pte);
	if (old_page)
		add_mm_counter(mm, mm_counter(old_page), -1);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(new_page, vma, vmf->address);
	set_pte(vmf->pte, entry);
	if (old_page) {
		page_remove_rmap(old_page);
		put_page(old_page);	/* the pte's reference */
		free_swap_cache(old_page);	/* nobody wants its slot either? */
		put_page(old_page);	/* ours */
	}
	update_hiwater_rss(mm);
	return 0;
}

/*
 * wp_can_reuse_swapcache - an anonymous page mapped by this pte alone but
 * still in the swap cache (swapped in by a read fault) is ours to write
 * if no swap pte refers to its slot: then it leaves the cache and the slot
 * is freed (Linux's reuse_swap_page).  A slot another process still names
 * keeps the page in the cache, shared: the write must copy.
 */
static void wp_can_reuse_swapcache(struct page *page)
{
	if (!page || !PageAnon(page) || !PageSwapCache(page))
		return;
	if (page_mapcount(page) != 1 || page_count(page) != 2 || !trylock_page(page))
		return;
	try_to_free_swap(page);
	unlock_page(page);
}

/*
 * do_wp_page - a write to a present pte that is not writable (Linux's):
 * a shared mapping just gets write permission back; a private page is
 * reused when this pte is its only mapping and reference (anonymous, not
 * the zero page, not page cache; out of the swap cache), else copied.
 * The mm stable; vmf->pte and vmf->orig_pte set.
 */
static vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	vmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);
	if (vma->vm_flags & VM_SHARED)
		return wp_page_reuse(vmf);
	wp_can_reuse_swapcache(vmf->page);
	if (page_is_exclusive_anon(vmf->page))
		return wp_page_reuse(vmf);
	return wp_page_copy(vmf);
}

/*
 * swapin_failed - the swap-in of vmf's entry gave no page: retry if the
 * pte changed meanwhile (another path swapped it in or unmapped it) or we
 * lost a race, else the reason decides.  A read error is SIGBUS (Linux's;
 * page_io.c logged it); a slot freed under a pte that still names it is a
 * bug: SIGBUS too, rather than a fault that loops.
 */
static vm_fault_t swapin_failed(struct vm_fault *vmf)
{
	if (!vmf_pte_unchanged(vmf))
		return 0;
	switch (vmf->swap_err) {
	case -ENOMEM:
		return VM_FAULT_OOM;
	case -EEXIST:
		return 0;
	case -ENOENT:
		WARN_ON_ONCE(1);
		return VM_FAULT_SIGBUS;
	default:
		return VM_FAULT_SIGBUS;
	}
}

/* vm_swap_full - more than half the swap slots in use: swapped-in pages give theirs back. */
static bool vm_swap_full(void)
{
	return get_nr_swap_pages() * 2 < (long)total_swap_pages;
}

/*
 * map_swap_page - the pte's swap entry becomes a mapping of page (locked,
 * in the swap cache under entry, up to date, our reference: it becomes the
 * pte's).  The pte's swap count goes; if the fault is a write (or the VMA
 * is mlocked, or swap is getting full) and nothing else holds page or
 * slot, the page leaves the swap cache - ours alone, mapped writable and
 * dirty for a write.  A read fault otherwise keeps the slot: the clean
 * page can be dropped again without a write.  Otherwise it
 * is mapped read-only, still in the cache, and a write goes on into
 * do_wp_page.  Unlocks the page.
 */
static vm_fault_t map_swap_page(struct vm_fault *vmf, struct page *page, swp_entry_t entry,
				vm_fault_t ret)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	bool exclusive = false;
	pte_t pte;

	swap_free(entry);
	if ((write || (vma->vm_flags & VM_LOCKED) || vm_swap_full()) && page_count(page) == 2 &&
	    page_mapcount(page) <= 0)
		exclusive = try_to_free_swap(page);
	pte = mk_pte(page, vma->vm_page_prot);
	if (exclusive && write)
		pte = maybe_mkwrite(pte_mkdirty(pte), vma);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	add_mm_counter(mm, MM_SWAPENTS, -1);
	page_add_anon_rmap(page, vma, vmf->address);
	set_pte(vmf->pte, pte);
	unlock_page(page);
	update_hiwater_rss(mm);
	if (write && !pte_write(pte)) {
		vmf->orig_pte = pte;
		ret |= do_wp_page(vmf);
	}
	return ret;
}

/*
 * do_swap_page - a fault on a swap pte (Linux's): find the entry's page in
 * the swap cache, or read it (and its neighbours: swapin_readahead) -
 * VM_FAULT_MAJOR - then, under the page lock, check that page and pte are
 * still what they were (both may change while we sleep: another fault, a
 * zap, swapoff) and map it.  The mm stable; vmf->pte and vmf->orig_pte
 * set.  0, VM_FAULT_MAJOR, or VM_FAULT_OOM / VM_FAULT_SIGBUS.
 */
static vm_fault_t do_swap_page(struct vm_fault *vmf)
{
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	vm_fault_t ret = 0;
	struct page *page;

	if (!swp_swap_info(entry)) {
		pr_err("do_swap_page: bad swap entry %#llx at %#lx\n",
		       (u64)pte_val(vmf->orig_pte), vmf->address);
		return VM_FAULT_SIGBUS;
	}
	page = lookup_swap_cache(entry);
	if (!page) {
		vmf->swap_err = 0;
		page = swapin_readahead(entry, GFP_HIGHUSER_MOVABLE, vmf);
		if (!page)
			return swapin_failed(vmf);
		ret = VM_FAULT_MAJOR;
	}
	lock_page(page);
	if (!PageSwapCache(page) || page->private != entry.val || !vmf_pte_unchanged(vmf))
		goto out_release;	/* changed while we slept: retry */
	if (!PageUptodate(page)) {
		ret = VM_FAULT_SIGBUS;
		goto out_release;
	}
	return map_swap_page(vmf, page, entry, ret);

out_release:
	unlock_page(page);
	free_swap_cache(page);		/* no longer wanted by anyone? */
	put_page(page);
	return ret;
}

/*
 * handle_pte_fault - dispatch on the pte (Linux's): none -> the first
 * touch, a swap entry -> swap-in, present and written while read-only ->
 * COW, else the fault was
 * spurious (another path mapped it first) and the access simply retries.
 * The mm stable; vmf->pmd set.
 */
static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	pte_t entry;

	vmf->pte = NULL;
	if (!pmd_none(*vmf->pmd)) {
		vmf->pte = pte_offset_kernel(vmf->pmd, vmf->address);
		vmf->orig_pte = *vmf->pte;
		if (pte_none(vmf->orig_pte))
			vmf->pte = NULL;
	}
	if (!vmf->pte)
		return vma_is_anonymous(vmf->vma) ? do_anonymous_page(vmf) : do_fault(vmf);
	if (is_swap_pte(vmf->orig_pte))
		return do_swap_page(vmf);
	if (pte_protnone(vmf->orig_pte))
		return VM_FAULT_SIGSEGV;	/* mprotect rewrites these: never in an accessible VMA */
	entry = vmf->orig_pte;
	if (vmf->flags & FAULT_FLAG_WRITE) {
		if (!pte_write(entry))
			return do_wp_page(vmf);
		entry = pte_mkdirty(entry);
	}
	entry = pte_mkyoung(entry);
	if (pte_val(entry) != pte_val(vmf->orig_pte))
		set_pte(vmf->pte, entry);
	return 0;
}

/*
 * __handle_mm_fault - walk down to the pte for address, allocating the pud
 * and pmd tables on the way (the pte table is allocated by the handler
 * that maps a page).  The mm stable.  0 or VM_FAULT_* bits.
 */
static vm_fault_t __handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
				    unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
		.pgoff = linear_page_index(vma, address),
	};
	pud_t *pud;

	pud = pud_alloc(mm, pgd_offset(mm->pgd, address), address);
	if (!pud)
		return VM_FAULT_OOM;
	vmf.pmd = pmd_alloc(mm, pud, address);
	if (!vmf.pmd)
		return VM_FAULT_OOM;
	return handle_pte_fault(&vmf);
}

/*
 * mm_account_fault - charge a handled fault to current (getrusage's
 * ru_minflt/ru_majflt) and to PGMAJFAULT; failed faults are not counted
 * (Linux's).  A fault taken on another mm's behalf (exec building the new
 * stack) is still current's work, as in Linux.
 */
static void mm_account_fault(struct pt_regs *regs, vm_fault_t ret)
{
	(void)regs;
	if (ret & VM_FAULT_ERROR)
		return;
	if (ret & VM_FAULT_MAJOR) {
		current->maj_flt++;
		count_vm_event(PGMAJFAULT);
	} else {
		current->min_flt++;
	}
}

/* handle_mm_fault - resolve a fault at address in vma (see memory.h). */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	vm_fault_t ret;

	count_vm_event(PGFAULT);
	ret = __handle_mm_fault(vma, address, flags);
	mm_account_fault(regs, ret);
	return ret;
}

/* ==== walking ==== */

/*
 * walk_pte_range - call fn on every pte slot that is not empty in
 * [start, end) of mm, skipping missing tables.  fn returns 0 to go on, or
 * an error that ends the walk and is returned.
 */
typedef int (*pte_fn_t)(pte_t *ptep, unsigned long addr, void *arg);

static int walk_pmd(pmd_t *pmd, unsigned long addr, unsigned long end, pte_fn_t fn, void *arg)
{
	pte_t *ptep = pte_offset_kernel(pmd, addr);
	int err;

	for (; addr < end; addr += PAGE_SIZE, ptep++) {
		if (pte_none(*ptep))
			continue;
		err = fn(ptep, addr, arg);
		if (err)
			return err;
	}
	return 0;
}

static int walk_pud(pud_t *pud, unsigned long addr, unsigned long end, pte_fn_t fn, void *arg)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;
	int err;

	for (; addr < end; addr = next, pmd++) {
		next = level_addr_end(addr, end, PMD_SIZE);
		if (!pmd_present(*pmd))
			continue;
		err = walk_pmd(pmd, addr, next, fn, arg);
		if (err)
			return err;
	}
	return 0;
}

static int walk_pgd(pgd_t *pgd, unsigned long addr, unsigned long end, pte_fn_t fn, void *arg)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;
	int err;

	for (; addr < end; addr = next, pud++) {
		next = level_addr_end(addr, end, PUD_SIZE);
		if (!pud_present(*pud))
			continue;
		err = walk_pud(pud, addr, next, fn, arg);
		if (err)
			return err;
	}
	return 0;
}

static int walk_pte_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			  pte_fn_t fn, void *arg)
{
	pgd_t *pgd = pgd_offset(mm->pgd, start);
	unsigned long addr, next;
	int err;

	if (end > TASK_SIZE)
		end = TASK_SIZE;
	for (addr = start; addr < end; addr = next, pgd++) {
		next = level_addr_end(addr, end, PGDIR_SIZE);
		if (!pgd_present(*pgd))
			continue;
		err = walk_pgd(pgd, addr, next, fn, arg);
		if (err)
			return err;
	}
	return 0;
}

/* ==== fork ==== */

struct copy_args {
	struct vm_area_struct *dst_vma;
	struct vm_area_struct *src_vma;
	unsigned long dst_table_addr;	/* the 2 MiB the cached dst pte table covers */
	pte_t *dst_table;		/* ... or NULL */
	bool wrprotected;		/* a parent pte lost its write bit: flush */
};

/* The child's pte slot for addr: from the cached pte table while in the same 2 MiB. */
static pte_t *copy_dst_pte(struct copy_args *ca, unsigned long addr)
{
	if (!ca->dst_table || (addr & PMD_MASK) != ca->dst_table_addr) {
		pte_t *ptep = pte_alloc_map(ca->dst_vma->vm_mm, addr);

		if (!ptep)
			return NULL;
		ca->dst_table = ptep - pte_index(addr);
		ca->dst_table_addr = addr & PMD_MASK;
	}
	return ca->dst_table + pte_index(addr);
}

/*
 * copy_swap_pte - a swap pte of the parent into the child: the same entry,
 * one more count on its slot (swap_duplicate), one more MM_SWAPENTS.
 */
static int copy_swap_pte(struct copy_args *ca, pte_t *dst_pte, pte_t pte)
{
	if (swap_duplicate(pte_to_swp_entry(pte)))
		return -ENOMEM;
	add_mm_counter(ca->dst_vma->vm_mm, MM_SWAPENTS, 1);
	set_pte(dst_pte, pte);
	return 0;
}

/*
 * copy_pte - one pte of the parent into the child (Linux's
 * copy_present_pte and copy_nonpresent_pte): a swap entry is shared; a page
 * is the same page, one more map count and reference, and in a COW mapping
 * both ptes lose their write bit.  The zero page is copied as it is,
 * uncounted.  The parent's pte is read only after the child's table is
 * there: allocating it may enter reclaim, which may swap the page out.
 */
static int copy_pte(pte_t *src_pte, unsigned long addr, void *arg)
{
	struct copy_args *ca = arg;
	struct page *page;
	pte_t *dst_pte, pte;

	dst_pte = copy_dst_pte(ca, addr);
	if (!dst_pte)
		return -ENOMEM;
	pte = *src_pte;
	if (pte_none(pte))
		return 0;
	if (is_swap_pte(pte))
		return copy_swap_pte(ca, dst_pte, pte);
	page = vm_normal_page(ca->src_vma, addr, pte);
	if (page) {
		get_page(page);
		page_dup_rmap(page);
		add_mm_counter(ca->dst_vma->vm_mm, mm_counter(page), 1);
	}
	if (is_cow_mapping(ca->src_vma->vm_flags) && pte_write(pte)) {
		pte = pte_wrprotect(pte);
		set_pte(src_pte, pte);
		ca->wrprotected = true;
	}
	set_pte(dst_pte, pte);
	return 0;
}

/* copy_page_range - fork's COW copy of src_vma's ptes (see memory.h).  Both mms stable. */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct copy_args ca = { .dst_vma = dst_vma, .src_vma = src_vma };
	struct mm_struct *src_mm = src_vma->vm_mm;
	int err;

	/* Shared file and shmem mappings: the child's faults will find the same pages. */
	if ((src_vma->vm_flags & VM_SHARED) && !vma_is_anonymous(src_vma))
		return 0;
	err = walk_pte_range(src_mm, src_vma->vm_start, src_vma->vm_end, copy_pte, &ca);
	if (ca.wrprotected)
		flush_tlb_mm_range(src_mm, src_vma->vm_start, src_vma->vm_end, PAGE_SHIFT, false);
	update_hiwater_rss(dst_vma->vm_mm);
	return err;
}

/* ==== tearing down ==== */

/*
 * struct mmu_gather - pages (or page-table pages) whose ptes are cleared
 * but which may still sit in a TLB: freed only after the flush (Linux's
 * mmu_gather, a fixed batch here).
 */
#define MMU_GATHER_BATCH	64

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;	/* the range whose translations must go */
	bool freed_tables;		/* page-table pages in the batch */
	unsigned int nr;
	struct page *pages[MMU_GATHER_BATCH];
};

static void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->freed_tables = false;
	tlb->nr = 0;
}

/*
 * tlb_flush_mmu - flush the gathered range, then drop the gathered pages.
 * A page in the swap cache that nothing maps and no swap pte names any
 * more leaves the cache first (Linux's free_pages_and_swap_cache), so that
 * it and its slot are freed now rather than by reclaim some day.
 */
static void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->end > tlb->start)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end, PAGE_SHIFT, tlb->freed_tables);
	for (unsigned int i = 0; i < tlb->nr; i++) {
		free_swap_cache(tlb->pages[i]);
		put_page(tlb->pages[i]);
	}
	tlb->nr = 0;
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->freed_tables = false;
}

/* tlb_track_range - [addr, addr + size) lost its translation: flush it before freeing anything. */
static void tlb_track_range(struct mmu_gather *tlb, unsigned long addr, unsigned long size)
{
	tlb->start = min(tlb->start, addr);
	tlb->end = max(tlb->end, addr + size);
}

/* tlb_remove_page - page was unmapped at [addr, addr + size): drop it after the flush. */
static void tlb_remove_page(struct mmu_gather *tlb, struct page *page, unsigned long addr,
			   unsigned long size)
{
	tlb_track_range(tlb, addr, size);
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr == MMU_GATHER_BATCH)
		tlb_flush_mmu(tlb);
}

static void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}

struct zap_args {
	struct mmu_gather *tlb;
	struct vm_area_struct *vma;
};

/*
 * zap_pte - clear one pte: its page loses a map count now and a reference
 * after the flush; a swap entry loses its count on the slot at once
 * (free_swap_and_cache: no TLB holds a non-present pte).
 */
static int zap_pte(pte_t *ptep, unsigned long addr, void *arg)
{
	struct zap_args *za = arg;
	pte_t pte = ptep_get_and_clear(ptep);
	struct page *page;

	if (is_swap_pte(pte)) {
		free_swap_and_cache(pte_to_swp_entry(pte));
		add_mm_counter(za->vma->vm_mm, MM_SWAPENTS, -1);
		return 0;
	}
	page = vm_normal_page(za->vma, addr, pte);
	if (!page) {
		tlb_track_range(za->tlb, addr, PAGE_SIZE);	/* the zero page */
		return 0;
	}
	add_mm_counter(za->vma->vm_mm, mm_counter(page), -1);
	page_remove_rmap(page);
	tlb_remove_page(za->tlb, page, addr, PAGE_SIZE);
	return 0;
}

/* zap_page_range - unmap and drop the pages of a range (see memory.h).  The mm stable. */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long size)
{
	struct mmu_gather tlb;
	struct zap_args za = { .tlb = &tlb, .vma = vma };

	tlb_gather_mmu(&tlb, vma->vm_mm);
	walk_pte_range(vma->vm_mm, start, start + size, zap_pte, &za);
	tlb_finish_mmu(&tlb);
}

static bool table_is_empty(const void *table)
{
	const u64 *e = table;

	for (int i = 0; i < 512; i++)
		if (e[i])
			return false;
	return true;
}

/*
 * Free the lower table an upper-level entry points to if it is empty:
 * clear the entry, gather the table's page (freed after the TLB flush,
 * since the paging-structure caches may still point at it).
 */
static void free_table_if_empty(struct mmu_gather *tlb, u64 *entry, unsigned long addr,
				unsigned long size)
{
	void *table = __va(*entry & PTE_PFN_MASK);

	if (!table_is_empty(table))
		return;
	WRITE_ONCE(*entry, 0);
	tlb->mm->pgtables_bytes -= PAGE_SIZE;
	dec_node_page_state(virt_to_page(table), NR_PAGETABLE);
	tlb->freed_tables = true;
	tlb_remove_page(tlb, virt_to_page(table), addr, size);
}

static void free_pmd_tables(struct mmu_gather *tlb, pud_t *pud, unsigned long addr,
			    unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	for (; addr < end; addr = next, pmd++) {
		next = level_addr_end(addr, end, PMD_SIZE);
		if (pmd_present(*pmd))
			free_table_if_empty(tlb, &pmd->pmd, addr, next - addr);
	}
}

static void free_pud_tables(struct mmu_gather *tlb, pgd_t *pgd, unsigned long addr,
			    unsigned long end)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;

	for (; addr < end; addr = next, pud++) {
		next = level_addr_end(addr, end, PUD_SIZE);
		if (!pud_present(*pud))
			continue;
		free_pmd_tables(tlb, pud, addr, next);
		free_table_if_empty(tlb, &pud->pud, addr, next - addr);
	}
}

/*
 * free_pgtables - free the empty page tables covering [floor, ceiling)
 * (see memory.h).  Bottom-up: pte tables first, so that a pmd table whose
 * pte tables all went becomes empty in the same pass.  Only empty tables
 * go, so a table that also serves addresses outside the range is safe: if
 * it still maps something there, it is not empty.  The mm stable.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling)
{
	struct mmu_gather tlb;
	pgd_t *pgd;
	unsigned long addr, next;

	if (ceiling > TASK_SIZE)
		ceiling = TASK_SIZE;
	tlb_gather_mmu(&tlb, mm);
	pgd = pgd_offset(mm->pgd, floor);
	for (addr = floor; addr < ceiling; addr = next, pgd++) {
		next = level_addr_end(addr, ceiling, PGDIR_SIZE);
		if (!pgd_present(*pgd))
			continue;
		free_pud_tables(&tlb, pgd, addr, next);
		free_table_if_empty(&tlb, &pgd->pgd, addr, next - addr);
	}
	tlb_finish_mmu(&tlb);
}
