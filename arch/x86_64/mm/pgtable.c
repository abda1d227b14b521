/*
 * arch/x86_64/mm/pgtable.c - walking the kernel's page tables in software
 * (Linux's lookup_address() and slow_virt_to_phys() from
 * arch/x86/mm/pat/set_memory.c).
 *
 * Also a process's top-level table: pgd_alloc() copies the kernel half
 * (entries KERNEL_PGD_BOUNDARY..511) of init_top_pgt into a zeroed page,
 * pgd_free() gives it back (Linux's arch/x86/mm/pgtable.c).
 *
 * The walk follows what the MMU does (arch/x86_64/pgtable.h): pgd, pud,
 * pmd, pte, stopping early at a large (PSE) pud or pmd entry.  It only
 * reads the tables, through the direct map, and takes no lock: callers that
 * walk tables someone else may change (vmalloc area) hold that someone's
 * lock, or, like the tests and the oops printer, accept a snapshot.
 */
#include "arch/x86_64/pgtable.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/gfp.h"

/* page_level_size - bytes mapped by one leaf entry of that level. */
unsigned long page_level_size(unsigned int level)
{
	switch (level) {
	case PG_LEVEL_4K:
		return PAGE_SIZE;
	case PG_LEVEL_2M:
		return PMD_SIZE;
	case PG_LEVEL_1G:
		return PUD_SIZE;
	default:
		return 0;
	}
}

/*
 * lookup_address_in_pgd - the leaf entry mapping va in pgd_base's tables
 * and its level; NULL if an upper level is missing.  See pgtable.h.
 */
pte_t *lookup_address_in_pgd(pgd_t *pgd_base, unsigned long va, unsigned int *level)
{
	pgd_t *pgd = pgd_offset(pgd_base, va);
	pud_t *pud;
	pmd_t *pmd;

	*level = PG_LEVEL_NONE;
	if (!pgd_present(*pgd))
		return NULL;
	pud = pud_offset(pgd, va);
	*level = PG_LEVEL_1G;
	if (pud_large(*pud) || !pud_present(*pud))
		return (pte_t *)pud;
	pmd = pmd_offset(pud, va);
	*level = PG_LEVEL_2M;
	if (pmd_large(*pmd) || !pmd_present(*pmd))
		return (pte_t *)pmd;
	*level = PG_LEVEL_4K;
	return pte_offset_kernel(pmd, va);
}

/* lookup_address - lookup_address_in_pgd() on init_top_pgt. */
pte_t *lookup_address(unsigned long va, unsigned int *level)
{
	return lookup_address_in_pgd(init_top_pgt, va, level);
}

/*
 * slow_virt_to_phys - what the kernel's tables translate va to, or
 * (phys_addr_t)-1.  A large entry's frame number is that of its first 4 KiB
 * page, so the offset inside the large page is added back (bit 12 of a large
 * entry is PAT, not address: masked off with the size).
 */
phys_addr_t slow_virt_to_phys(unsigned long va)
{
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);
	unsigned long size;

	if (!pte || !pte_present(*pte))
		return (phys_addr_t)-1;
	size = page_level_size(level);
	return (((phys_addr_t)pte_pfn(*pte) << PAGE_SHIFT) & ~(phys_addr_t)(size - 1)) |
	       (va & (size - 1));
}

/*
 * pgd_alloc - a process's top-level table: zeroed user half, kernel half
 * copied from init_top_pgt (Linux's pgd_ctor).  The kernel half never
 * changes after vmalloc_init() (see pgtable.h), so the copy stays right.
 */
pgd_t *pgd_alloc(struct mm_struct *mm)
{
	pgd_t *pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);

	(void)mm;
	if (!pgd)
		return NULL;
	memcpy(pgd + KERNEL_PGD_BOUNDARY, init_top_pgt + KERNEL_PGD_BOUNDARY,
	       (PTRS_PER_PGD - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	return pgd;
}

/* pgd_free - free a pgd_alloc() table; the user half must already be empty (free_pgtables). */
void pgd_free(struct mm_struct *mm, pgd_t *pgd)
{
	(void)mm;
	for (int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		WARN_ON_ONCE(!pgd_none(pgd[i]));
	free_page((unsigned long)pgd);
}
