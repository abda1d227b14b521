/*
 * arch/x86_64/mm/fixmap.c - mapping a fixmap slot (see arch/x86_64/fixmap.h).
 *
 * The slots sit in the kernel's last pgd entry (511), which the kernel image
 * already uses, so the pgd itself never changes (the invariant every
 * process's copy of the kernel half relies on, arch/x86_64/pgtable.h); only
 * the pud, pmd and pte levels below it may gain tables here.  Those tables
 * come from the page allocator and are never freed.
 */
#include "arch/x86_64/fixmap.h"
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "mm/gfp.h"

/* A zeroed page-table page's physical address; there is no going on without one. */
static phys_addr_t fixmap_alloc_table(void)
{
	unsigned long page = get_zeroed_page(GFP_KERNEL);

	if (!page)
		panic("__set_fixmap: out of memory for page tables");
	return __pa(page);
}

/* The pte for va in the kernel's tables, allocating the pmd and pte tables on the way. */
static pte_t *fixmap_pte(unsigned long va)
{
	pgd_t *pgd = pgd_offset_k(va);
	pud_t *pud;
	pmd_t *pmd;

	BUG_ON(!pgd_present(*pgd));		/* the kernel image's entry */
	pud = pud_offset(pgd, va);
	BUG_ON(pud_large(*pud));
	if (pud_none(*pud))
		pud_populate(pud, fixmap_alloc_table());
	pmd = pmd_offset(pud, va);
	BUG_ON(pmd_large(*pmd));
	if (pmd_none(*pmd))
		pmd_populate_kernel(pmd, fixmap_alloc_table());
	return pte_offset_kernel(pmd, va);
}

/* __set_fixmap - map phys at slot idx (fixmap.h). */
void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot)
{
	unsigned long va = fix_to_virt(idx);

	BUILD_BUG_ON(FIXADDR_START < 0xffffffffc0000000UL);	/* within pud 511 */
	BUG_ON(idx == FIX_HOLE || idx >= __end_of_fixed_addresses);
	set_pte(fixmap_pte(va), pfn_pte(phys >> PAGE_SHIFT, prot));
	__flush_tlb_one_kernel(va);
}
