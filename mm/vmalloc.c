/*
 * mm/vmalloc.c - virtually contiguous kernel memory (Linux's mm/vmalloc.c,
 * much simplified).
 *
 * The buddy allocator hands out physically contiguous blocks, which get hard
 * to find as memory fragments.  vmalloc() instead takes single pages from
 * anywhere and maps them side by side in the vmalloc area
 * [VMALLOC_START, VMALLOC_END) of the kernel's page tables.
 *
 * The address space: a list of struct vm_struct (mm/vmalloc.h), sorted by
 * address and never overlapping (vmap_area_list).  A new area goes in the
 * first gap big enough (first fit, from VMALLOC_START up).  Each area's size
 * includes one guard page at its end that is never mapped: an access just
 * past the area faults, and the oops names it (vmalloc_guard_page()).
 * Linux keeps the free space in an augmented rb-tree to find gaps in
 * O(log n); a list is O(n) but easy to read, and Pagoda has few areas.
 *
 * The page tables: the vmalloc area's pud tables are allocated once, by
 * vmalloc_init(), for every pgd entry the area spans (Linux's
 * preallocate_vmalloc_pages()), so the kernel half of the pgd never changes
 * and a process's copy of it stays right.  pmd and pte tables are allocated
 * on demand from the buddy allocator and never freed, as Linux does with
 * kernel page tables: once the area has been used, mapping there again is
 * cheaper, and the tables cost one page per 2 MiB of area used.
 *
 * Mapping: vmap_pages_range() writes one pte per page (4 KiB pages only).
 * Unmapping: vunmap_range() clears the ptes, then flushes the TLB for the
 * range (flush_tlb_kernel_range(), arch/x86_64/tlbflush.h) BEFORE the pages
 * go back to the buddy allocator or the range can be handed out again, so
 * no CPU can still reach a freed page through a stale translation.
 *
 * Locks (lock order: vmap_area_lock, then init_mm_pgtable_lock; neither is
 * held while calling the page allocator or kmalloc):
 *   vmap_area_lock        the area list
 *   init_mm_pgtable_lock  installing a pmd/pte table in the vmalloc area
 *                         (Linux: init_mm.page_table_lock)
 * Areas do not overlap, so ptes inside one area are written only by whoever
 * owns that area, without a lock.  Nothing here sleeps; none of it may be
 * called from an interrupt handler (the locks are not irqsave).
 */
#include "mm/vmalloc.h"
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

static LIST_HEAD(vmap_area_list);
static DEFINE_SPINLOCK(vmap_area_lock);
static DEFINE_SPINLOCK(init_mm_pgtable_lock);
/* Pages of pmd/pte tables installed in the vmalloc area (never freed). */
static unsigned long vmap_table_pages;
static unsigned long nr_vmap_areas;	/* areas on vmap_area_list (vmap_area_lock) */
static bool vmalloc_initialized;

/* ------------------------------------------------------------------------
 * Page tables of the vmalloc area
 * ------------------------------------------------------------------------ */

/*
 * Makes *entry point to a fresh zeroed table if it is still empty.  The
 * table is allocated outside the lock; if someone else installed one in the
 * meantime, ours goes back.  Returns false if no page was available.
 */
static bool vmap_table_populate(u64 *entry)
{
	unsigned long table;

	if (READ_ONCE(*entry))
		return true;
	table = get_zeroed_page(GFP_KERNEL);
	if (!table)
		return false;
	spin_lock(&init_mm_pgtable_lock);
	if (!*entry) {
		WRITE_ONCE(*entry, __pa(table) | _KERNPG_TABLE);
		vmap_table_pages++;
		table = 0;
	}
	spin_unlock(&init_mm_pgtable_lock);
	if (table)
		free_page(table);
	return true;
}

/* The pte for va in the vmalloc area, allocating its pmd and pte tables; NULL if out of memory. */
static pte_t *vmap_pte_alloc(unsigned long va)
{
	pgd_t *pgd = pgd_offset_k(va);
	pud_t *pud;
	pmd_t *pmd;

	BUG_ON(pgd_none(*pgd));		/* vmalloc_init() preallocated it */
	pud = pud_offset(pgd, va);
	if (!vmap_table_populate(&pud->pud))
		return NULL;
	pmd = pmd_offset(pud, va);
	if (!vmap_table_populate(&pmd->pmd))
		return NULL;
	return pte_offset_kernel(pmd, va);
}

/* The existing pte for va in the vmalloc area, or NULL if no table maps it. */
static pte_t *vmap_pte_lookup(unsigned long va)
{
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);

	return pte && level == PG_LEVEL_4K ? pte : NULL;
}

/*
 * vmap_pages_range - map pages[0..] at [va, end) with prot.  The ptes must
 * be empty (the range belongs to the caller's new area).  Returns 0 or
 * -ENOMEM (what was mapped stays mapped: the caller unmaps the range).
 */
static int vmap_pages_range(unsigned long va, unsigned long end, pgprot_t prot,
			    struct page **pages)
{
	for (unsigned int i = 0; va < end; va += PAGE_SIZE, i++) {
		pte_t *pte = vmap_pte_alloc(va);

		if (!pte)
			return -ENOMEM;
		BUG_ON(!pte_none(*pte));
		set_pte(pte, pfn_pte(page_to_pfn(pages[i]), prot));
	}
	return 0;
}

/* vunmap_range - clear the ptes of [va, end) and flush them from the TLB. */
static void vunmap_range(unsigned long va, unsigned long end)
{
	for (unsigned long a = va; a < end; a += PAGE_SIZE) {
		pte_t *pte = vmap_pte_lookup(a);

		if (pte)
			pte_clear(pte);
	}
	flush_tlb_kernel_range(va, end);
}

/* ------------------------------------------------------------------------
 * The area list
 * ------------------------------------------------------------------------ */

/*
 * Finds the first gap of size bytes in [VMALLOC_START, VMALLOC_END) and
 * links area into the list there.  Returns false if there is none.
 * Enter with vmap_area_lock held.
 */
static bool __insert_vmap_area(struct vm_struct *area, unsigned long size)
{
	unsigned long addr = VMALLOC_START;
	struct vm_struct *next;

	list_for_each_entry(next, &vmap_area_list, list) {
		if (addr + size <= next->addr)
			break;
		addr = next->addr + next->size;
	}
	/* &next->list is the list head if every area lies below addr. */
	if (addr + size < addr || addr + size - 1 > VMALLOC_END)
		return false;
	area->addr = addr;
	area->size = size;
	list_add_tail(&area->list, &next->list);
	nr_vmap_areas++;
	return true;
}

/*
 * get_vm_area_caller - a new area with room for size bytes (rounded up to
 * pages) plus a guard page, or NULL.  Nothing is mapped yet.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
					    const void *caller)
{
	struct vm_struct *area;
	bool ok;

	if (!size || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	area->flags = flags;
	area->caller = caller;
	spin_lock(&vmap_area_lock);
	ok = __insert_vmap_area(area, PAGE_ALIGN(size) + PAGE_SIZE);
	spin_unlock(&vmap_area_lock);
	if (!ok) {
		kfree(area);
		return NULL;
	}
	return area;
}

/* The area starting at addr; enter with vmap_area_lock held. */
static struct vm_struct *__find_vm_area(unsigned long addr)
{
	struct vm_struct *area;

	list_for_each_entry(area, &vmap_area_list, list)
		if (area->addr == addr)
			return area;
	return NULL;
}

/* find_vm_area - the area that starts at addr, or NULL. */
struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *area;

	spin_lock(&vmap_area_lock);
	area = __find_vm_area((unsigned long)addr);
	spin_unlock(&vmap_area_lock);
	return area;
}

/*
 * remove_vm_area - unmap area and take it off the list (its struct and pages
 * stay the caller's).  The TLB is flushed before the range is given up, so
 * the next owner of the range cannot meet our translations.
 */
static void remove_vm_area(struct vm_struct *area)
{
	vunmap_range(area->addr, area->addr + get_vm_area_size(area));
	spin_lock(&vmap_area_lock);
	list_del(&area->list);
	nr_vmap_areas--;
	spin_unlock(&vmap_area_lock);
}

/* free_vm_area - remove_vm_area() and free the struct (vmalloc.h). */
void free_vm_area(struct vm_struct *area)
{
	remove_vm_area(area);
	kfree(area);
}

/*
 * ioremap_page_range - map [addr, end) to phys_addr.. with prot (vmalloc.h).
 * Device memory has no struct page: the ptes are made from pfns directly.
 */
int ioremap_page_range(unsigned long addr, unsigned long end, phys_addr_t phys_addr,
		       pgprot_t prot)
{
	for (; addr < end; addr += PAGE_SIZE, phys_addr += PAGE_SIZE) {
		pte_t *pte = vmap_pte_alloc(addr);

		if (!pte)
			return -ENOMEM;
		BUG_ON(!pte_none(*pte));
		set_pte(pte, pfn_pte(phys_addr >> PAGE_SHIFT, prot));
	}
	return 0;
}

/* vmalloc_nr_areas - how many areas exist now. */
unsigned long vmalloc_nr_areas(void)
{
	return READ_ONCE(nr_vmap_areas);
}

/* ------------------------------------------------------------------------
 * vmalloc / vfree
 * ------------------------------------------------------------------------ */

/* Pages vmalloc holds now (Linux's nr_vmalloc_pages; /proc/meminfo's VmallocUsed). */
static unsigned long nr_vmalloc_pages;

/* vmalloc_nr_pages - pages allocated by vmalloc and not yet vfreed. */
unsigned long vmalloc_nr_pages(void)
{
	return __atomic_load_n(&nr_vmalloc_pages, __ATOMIC_RELAXED);
}

/* Frees the first nr pages of area->pages and the array itself. */
static void vm_free_pages(struct vm_struct *area, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		__free_page(area->pages[i]);
	__atomic_sub_fetch(&nr_vmalloc_pages, nr, __ATOMIC_RELAXED);
	kfree(area->pages);
	area->pages = NULL;
}

/*
 * Fills area with nr_pages fresh pages and maps them.  Returns 0, or
 * -ENOMEM with everything it did undone (the area itself is still listed).
 */
static int vm_area_alloc_pages(struct vm_struct *area, gfp_t gfp)
{
	unsigned int nr = get_vm_area_size(area) >> PAGE_SHIFT;
	unsigned int i;

	area->pages = kcalloc(nr, sizeof(struct page *), GFP_KERNEL);
	if (!area->pages)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		area->pages[i] = alloc_page(gfp);
		if (!area->pages[i])
			goto out_free_pages;
		__atomic_add_fetch(&nr_vmalloc_pages, 1, __ATOMIC_RELAXED);
	}
	area->nr_pages = nr;
	if (vmap_pages_range(area->addr, area->addr + ((unsigned long)nr << PAGE_SHIFT),
			     PAGE_KERNEL, area->pages))
		goto out_unmap;
	return 0;

out_unmap:
	vunmap_range(area->addr, area->addr + get_vm_area_size(area));
out_free_pages:
	vm_free_pages(area, i);
	area->nr_pages = 0;
	return -ENOMEM;
}

/*
 * __vmalloc_node - size bytes of fresh pages (gfp: GFP_KERNEL, perhaps with
 * __GFP_ZERO) mapped in a new area remembered as allocated by caller.
 * Returns the address or NULL (with a warning unless __GFP_NOWARN).
 */
static void *__vmalloc_node(unsigned long size, gfp_t gfp, const void *caller)
{
	struct vm_struct *area;

	if (WARN_ON_ONCE(!vmalloc_initialized))
		return NULL;
	/* More than all of RAM can never succeed: fail before touching anything. */
	if (!size || PAGE_ALIGN(size) >> PAGE_SHIFT > READ_ONCE(totalram_pages))
		goto fail;
	area = get_vm_area_caller(size, VM_ALLOC, caller);
	if (!area)
		goto fail;
	if (vm_area_alloc_pages(area, gfp)) {
		remove_vm_area(area);
		kfree(area);
		goto fail;
	}
	return (void *)area->addr;

fail:
	if (!(gfp & __GFP_NOWARN))
		pr_warn("vmalloc error: size %lu, failed to allocate pages\n", size);
	return NULL;
}

/* vmalloc - size bytes, virtually contiguous, uninitialised; NULL on failure. */
void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, __builtin_return_address(0));
}

/* vzalloc - size bytes, virtually contiguous, zeroed; NULL on failure. */
void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, __builtin_return_address(0));
}

/*
 * Looks up the area starting at addr and checks it is of the kind the
 * caller (vfree or vunmap, named by func) may release.  Warns and returns
 * NULL if not.
 */
static struct vm_struct *vm_area_to_release(const void *addr, unsigned long flags,
					    const char *func)
{
	struct vm_struct *area;

	if (WARN_ON_ONCE(!IS_ALIGNED((unsigned long)addr, PAGE_SIZE))) {
		pr_err("%s: bad address %p\n", func, addr);
		return NULL;
	}
	area = find_vm_area(addr);
	if (!area || !(area->flags & flags)) {
		pr_err("Trying to %s() nonexistent vm area (%p)\n", func, addr);
		WARN_ON_ONCE(1);
		return NULL;
	}
	return area;
}

/* vfree - free what vmalloc/vzalloc gave; NULL is a no-op. */
void vfree(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = vm_area_to_release(addr, VM_ALLOC, "vfree");
	if (!area)
		return;
	remove_vm_area(area);		/* unmapped and flushed first */
	vm_free_pages(area, area->nr_pages);
	kfree(area);
}

/* ------------------------------------------------------------------------
 * vmap / vunmap
 * ------------------------------------------------------------------------ */

/* vmap - map the caller's count pages contiguously with prot; NULL on failure. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vm_struct *area;
	unsigned long size = (unsigned long)count << PAGE_SHIFT;

	if (WARN_ON_ONCE(!vmalloc_initialized) || !count || count > READ_ONCE(totalram_pages))
		return NULL;
	area = get_vm_area_caller(size, flags | VM_MAP, __builtin_return_address(0));
	if (!area)
		return NULL;
	if (vmap_pages_range(area->addr, area->addr + size, prot, pages)) {
		remove_vm_area(area);
		kfree(area);
		return NULL;
	}
	area->nr_pages = count;
	return (void *)area->addr;
}

/* vunmap - remove a vmap() mapping; the pages stay the caller's.  NULL is a no-op. */
void vunmap(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = vm_area_to_release(addr, VM_MAP, "vunmap");
	if (!area)
		return;
	remove_vm_area(area);
	kfree(area);
}

/* ------------------------------------------------------------------------
 * Questions
 * ------------------------------------------------------------------------ */

/* is_vmalloc_addr - is x inside [VMALLOC_START, VMALLOC_END)? */
bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/* vmalloc_to_page - the page mapped at addr in the vmalloc area, or NULL. */
struct page *vmalloc_to_page(const void *addr)
{
	pte_t *pte;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pte = vmap_pte_lookup((unsigned long)addr);
	if (!pte || !pte_present(*pte))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

/*
 * vmalloc_guard_page - describe addr if it is the guard page of an area.
 * The oops printer calls this, perhaps for a fault taken with
 * vmap_area_lock held: so only a trylock, and no answer if it fails.
 */
bool vmalloc_guard_page(unsigned long addr, char *buf, size_t len)
{
	struct vm_struct *area;
	bool found = false;

	if (!is_vmalloc_addr((void *)addr) || !spin_trylock(&vmap_area_lock))
		return false;
	list_for_each_entry(area, &vmap_area_list, list) {
		unsigned long guard = area->addr + get_vm_area_size(area);

		if (addr >= guard && addr < guard + PAGE_SIZE) {
			char sym[KSYM_SYMBOL_LEN];

			sprint_symbol(sym, sizeof(sym), (u64)(unsigned long)area->caller);
			scnprintf(buf, len, "vmalloc guard page of area [%#lx-%#lx] (%u pages) allocated at %s",
				  area->addr, guard - 1, area->nr_pages, sym);
			found = true;
			break;
		}
	}
	spin_unlock(&vmap_area_lock);
	return found;
}

/* ------------------------------------------------------------------------
 * Setting up
 * ------------------------------------------------------------------------ */

/*
 * vmalloc_init - allocate the pud table of every pgd entry the vmalloc area
 * spans (64 pages for its 32 TiB), so the kernel half of the pgd is final.
 * Panics if the page allocator cannot give them.
 */
void vmalloc_init(void)
{
	unsigned long va;

	for (va = VMALLOC_START; va <= VMALLOC_END; va += PGDIR_SIZE) {
		pgd_t *pgd = pgd_offset_k(va);
		unsigned long table;

		if (!pgd_none(*pgd))
			continue;
		table = get_zeroed_page(GFP_KERNEL);
		if (!table)
			panic("vmalloc_init: no memory for the vmalloc area's page tables");
		pgd_populate(pgd, __pa(table));
	}
	vmalloc_initialized = true;
	pr_info("vmalloc: area [%#llx-%#llx], %llu TiB\n", VMALLOC_START, VMALLOC_END,
		VMALLOC_SIZE_TB);
}

/*
 * vmalloc_nr_table_pages - how many pages of page tables the vmalloc area
 * has taken since boot.  They are kept for good (as Linux keeps kernel page
 * tables), so leak checks count them as accounted for, not lost.
 */
unsigned long vmalloc_nr_table_pages(void)
{
	return READ_ONCE(vmap_table_pages);
}
