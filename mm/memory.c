/*
 * mm/memory.c - the page tables under user VMAs: building them, mapping
 * pages, copying them at fork, tearing them down (Linux's mm/memory.c, and
 * the population part of mm/gup.c).
 *
 * A process's page tables are four levels below mm->pgd (arch/x86_64/
 * pgtable.h).  Only the user half - pgd entries 0..255 - is built here;
 * upper-level entries get _PAGE_TABLE (user, writable), so the leaf pte
 * alone decides what user mode may do.  Every table page is a zeroed buddy
 * page counted in mm->pgtables_bytes, and is freed by free_pgtables() once
 * it maps nothing.
 *
 * Processes issue: memory is populated eagerly.  mmap_region() calls
 * populate_vma_page_range() for the whole VMA, fork copies every present
 * page (copy_page_range), and a pte is present exactly where a VMA with
 * some access has a page.  The names, and the protection rule - a pte gets
 * vma->vm_page_prot, made writable only for a page this mapping owns
 * (maybe_mkwrite) - are Linux's, so the virtual-memory issue turns
 * population into handle_mm_fault() and copies into copy-on-write here,
 * without renaming anything.
 *
 * Page references: a mapped page holds one reference per pte mapping it
 * (_refcount) and _mapcount counts the ptes (-1: none).  Unmapping drops
 * both; the last reference frees the page.
 *
 * TLB: a pte is cleared first, the TLB flushed (flush_tlb_mm_range), and
 * only then is the page freed, so no CPU - and no copy_to_user of this
 * task - can reach a page after it was reused.  struct mmu_gather batches
 * the pages in between, as Linux's does.  Page-table pages are gathered
 * the same way.
 *
 * Locking: see mm/mmap.h (no mmap_lock yet: an mm is changed only by the
 * task running on it, or before anyone runs on it).
 */
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

/*
 * copy_page / clear_page - one whole page, 8 bytes at a time (Linux's
 * arch/x86/lib/copy_page_64.S and clear_page_64.S use rep movsq/stosq too).
 * Byte-wise string instructions cost one emulated iteration per byte
 * under QEMU's TCG: eight times the work for a fork's copies.
 */
static void copy_page(void *to, const void *from)
{
	unsigned long n = PAGE_SIZE / 8;

	__asm__ volatile("rep movsq" : "+D"(to), "+S"(from), "+c"(n) :: "memory");
}

static void clear_page(void *page)
{
	unsigned long n = PAGE_SIZE / 8;

	__asm__ volatile("rep stosq" : "+D"(page), "+c"(n) : "a"(0UL) : "memory");
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

/* The RSS counter a page of vma belongs to (Linux's mm_counter). */
static int mm_counter(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		return MM_FILEPAGES;
	return vma->vm_flags & VM_SHARED ? MM_SHMEMPAGES : MM_ANONPAGES;
}

static void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = get_mm_rss(mm);

	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
}

/* ==== building tables ==== */

/* A zeroed page-table page for mm, counted in pgtables_bytes; its physical address or 0. */
static phys_addr_t pgtable_alloc(struct mm_struct *mm)
{
	unsigned long va = __get_free_page(GFP_KERNEL);

	if (!va)
		return 0;
	clear_page((void *)va);
	mm->pgtables_bytes += PAGE_SIZE;
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
	if (!pmd)
		return NULL;
	if (pmd_none(*pmd)) {
		phys_addr_t pa = pgtable_alloc(mm);

		if (!pa)
			return NULL;
		pmd_populate(pmd, pa);
	}
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

/* follow_page - the page mapped at addr, or NULL (see memory.h). */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr, unsigned int foll_flags)
{
	pte_t *ptep = follow_pte(vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return NULL;
	pte = *ptep;
	if (!pte_present(pte))
		return NULL;
	if ((foll_flags & FOLL_WRITE) && !pte_write(pte) && !(foll_flags & FOLL_FORCE))
		return NULL;
	return pfn_to_page(pte_pfn(pte));
}

/* insert_page - map page at addr with the VMA's protection (see memory.h). */
int insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *ptep = pte_alloc_map(mm, addr);
	pte_t entry;

	if (!ptep)
		return -ENOMEM;
	if (!pte_none(*ptep))
		return -EBUSY;
	entry = mk_pte(page, vma->vm_page_prot);
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkdirty(entry);
	__atomic_add_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED);
	add_mm_counter(mm, mm_counter(vma), 1);
	set_pte(ptep, maybe_mkwrite(entry, vma));
	update_hiwater_rss(mm);
	return 0;
}

/*
 * A fresh page for addr of vma: zeroed, or holding the file's bytes for
 * that address (zeros past the end of the file).  NULL or an ERR_PTR.
 */
static struct page *alloc_populate_page(struct vm_area_struct *vma, unsigned long addr)
{
	struct page *page;
	loff_t pos;
	ssize_t n;

	if (!vma->vm_file)
		return alloc_zeroed_user_page();
	page = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!page)
		return NULL;
	pos = ((loff_t)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
	n = kernel_read(vma->vm_file, page_address(page), PAGE_SIZE, &pos);
	if (n < 0) {
		__free_page(page);
		return ERR_PTR(n);
	}
	memset((char *)page_address(page) + n, 0, PAGE_SIZE - n);
	return page;
}

/* populate_vma_page_range - eager population of [start, end) (see memory.h). */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = follow_pte(vma->vm_mm, addr);
		struct page *page;
		int err;

		if (ptep && !pte_none(*ptep))
			continue;
		page = alloc_populate_page(vma, addr);
		if (!page)
			return -ENOMEM;
		if (IS_ERR(page))
			return PTR_ERR(page);
		err = insert_page(vma, addr, page);
		if (err) {
			__free_page(page);
			return err;
		}
	}
	return 0;
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
};

/*
 * One present pte of the parent: the child maps the same page (VM_SHARED)
 * or a copy of it, with the same pte bits.  Copy-on-write (VM issue)
 * replaces the copy with write-protecting both.
 */
static int copy_one_pte(pte_t *src_pte, unsigned long addr, void *arg)
{
	struct copy_args *ca = arg;
	struct mm_struct *dst_mm = ca->dst_vma->vm_mm;
	pte_t pte = *src_pte;
	struct page *page, *src_page;
	pte_t *dst_pte;

	if (!pte_present(pte))
		return 0;
	src_page = pfn_to_page(pte_pfn(pte));
	dst_pte = pte_alloc_map(dst_mm, addr);
	if (!dst_pte)
		return -ENOMEM;
	if (ca->src_vma->vm_flags & VM_SHARED) {
		page = src_page;
		get_page(page);
	} else {
		page = alloc_page(GFP_HIGHUSER_MOVABLE);
		if (!page)
			return -ENOMEM;
		copy_page(page_address(page), page_address(src_page));
	}
	__atomic_add_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED);
	add_mm_counter(dst_mm, mm_counter(ca->dst_vma), 1);
	set_pte(dst_pte, pfn_pte(page_to_pfn(page), pte_pgprot(pte)));
	return 0;
}

/* copy_page_range - fork's copy of src_vma's pages into dst_vma (see memory.h). */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct copy_args ca = { .dst_vma = dst_vma, .src_vma = src_vma };
	int err;

	err = walk_pte_range(src_vma->vm_mm, src_vma->vm_start, src_vma->vm_end,
			     copy_one_pte, &ca);
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

/* tlb_flush_mmu - flush the gathered range, then drop the gathered pages. */
static void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->end > tlb->start)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end, PAGE_SHIFT, tlb->freed_tables);
	for (unsigned int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->freed_tables = false;
}

/* tlb_remove_page - page was unmapped at [addr, addr + size): drop it after the flush. */
static void tlb_remove_page(struct mmu_gather *tlb, struct page *page, unsigned long addr,
			   unsigned long size)
{
	tlb->start = min(tlb->start, addr);
	tlb->end = max(tlb->end, addr + size);
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

static int zap_one_pte(pte_t *ptep, unsigned long addr, void *arg)
{
	struct zap_args *za = arg;
	pte_t pte = ptep_get_and_clear(ptep);
	struct page *page;

	if (!pte_present(pte))
		return 0;		/* swap entries arrive with the swap issue */
	page = pfn_to_page(pte_pfn(pte));
	__atomic_sub_fetch(&page->_mapcount, 1, __ATOMIC_RELAXED);
	add_mm_counter(za->vma->vm_mm, mm_counter(za->vma), -1);
	tlb_remove_page(za->tlb, page, addr, PAGE_SIZE);
	return 0;
}

/* zap_page_range - unmap and drop the pages of [start, start + size) in vma (see memory.h). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long size)
{
	struct mmu_gather tlb;
	struct zap_args za = { .tlb = &tlb, .vma = vma };

	tlb_gather_mmu(&tlb, vma->vm_mm);
	walk_pte_range(vma->vm_mm, start, start + size, zap_one_pte, &za);
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
 * pte tables all went becomes empty in the same pass.
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

/* access_remote_vm - copy between buf and mm's memory at addr (see memory.h). */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags)
{
	int done = 0;

	while (done < len) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned long off = addr & ~PAGE_MASK;
		int chunk = min((unsigned long)(len - done), PAGE_SIZE - off);
		struct page *page;
		char *kaddr;

		if (!vma || vma->vm_start > addr)
			break;
		page = follow_page(vma, addr, gup_flags);
		if (!page)
			break;
		kaddr = (char *)page_address(page) + off;
		if (gup_flags & FOLL_WRITE)
			memcpy(kaddr, (char *)buf + done, chunk);
		else
			memcpy((char *)buf + done, kaddr, chunk);
		done += chunk;
		addr += chunk;
	}
	return done;
}
