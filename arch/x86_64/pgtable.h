/*
 * arch/x86_64/pgtable.h - the page-table API in Linux's shape (Linux's
 * asm/pgtable.h, asm/pgtable_64.h), on top of the formats and layout in
 * arch/x86_64/pgtable_types.h.
 *
 * A virtual address is translated by four tables, each one 4 KiB page of 512
 * 8-byte entries (Pagoda folds Linux's p4d away: 4-level paging only):
 *
 *   CR3 -> pgd[pgd_index(va)] -> pud[pud_index(va)] -> pmd[pmd_index(va)]
 *       -> pte[pte_index(va)] -> the 4 KiB page
 *
 * A pud entry with _PAGE_PSE (pud_large) maps 1 GiB itself, a pmd entry
 * with _PAGE_PSE (pmd_large) maps 2 MiB.  An entry that points to a lower
 * table holds that table's physical address; the kernel reaches the table
 * through the direct map (__va), so these helpers work only once the
 * table's page is in the direct map (always true after init_mem_mapping(),
 * and for boot.asm's tables below 1 GiB before).
 *
 * The walkers:  pgd_offset(pgd_base, va), pgd_offset_k(va) (the kernel's
 * init_top_pgt), pud_offset(pgd, va), pmd_offset(pud, va),
 * pte_offset_kernel(pmd, va).  Each expects the entry it is given to be
 * present and not large.
 *
 * Writers (set_pte/set_pmd/set_pud/set_pgd, pte_clear) store the entry with
 * one 8-byte write, so the MMU never sees half an entry.  They do NOT flush
 * the TLB: clearing or downgrading a present entry must be followed by a
 * flush from arch/x86_64/tlbflush.h (DESIGN.md §8).
 *
 * The kernel half of every page global directory (entries
 * KERNEL_PGD_BOUNDARY..511) is shared: it is init_top_pgt's, and those pgd
 * entries never change after boot (vmalloc_init() preallocates the vmalloc
 * area's pud pages, as Linux's preallocate_vmalloc_pages() does), so a
 * process's pgd can copy them once.
 */
#ifndef ARCH_X86_64_PGTABLE_H
#define ARCH_X86_64_PGTABLE_H

#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable_types.h"
#include "kernel/compiler.h"
#include "kernel/types.h"

/* The kernel's top-level table (arch/x86_64/mm/init.c), loaded in CR3. */
extern pgd_t init_top_pgt[PTRS_PER_PGD];
#define swapper_pg_dir		init_top_pgt

/* ---- entry values ---- */
static inline u64 pgd_val(pgd_t pgd) { return pgd.pgd; }
static inline u64 pud_val(pud_t pud) { return pud.pud; }
static inline u64 pmd_val(pmd_t pmd) { return pmd.pmd; }
static inline u64 pte_val(pte_t pte) { return pte.pte; }
static inline u64 pgprot_val(pgprot_t p) { return p.pgprot; }
static inline pgd_t __pgd(u64 v) { return (pgd_t){ v }; }
static inline pud_t __pud(u64 v) { return (pud_t){ v }; }
static inline pmd_t __pmd(u64 v) { return (pmd_t){ v }; }
static inline pte_t __pte(u64 v) { return (pte_t){ v }; }
static inline pgprot_t __pgprot(u64 v) { return (pgprot_t){ v }; }

/* ---- pgprot helpers ---- */
static inline pgprot_t pgprot_nx(pgprot_t p) { return __pgprot(pgprot_val(p) | _PAGE_NX); }
static inline pgprot_t pgprot_noncached(pgprot_t p) { return __pgprot(pgprot_val(p) | _PAGE_PCD | _PAGE_PWT); }
/* pgprot_large - the same protection for a pud/pmd leaf: PSE set. */
static inline pgprot_t pgprot_large(pgprot_t p) { return __pgprot(pgprot_val(p) | _PAGE_PSE); }
/* pte_pgprot - the flag bits of an entry (everything but the frame number). */
static inline pgprot_t pte_pgprot(pte_t pte) { return __pgprot(pte_val(pte) & ~PTE_PFN_MASK); }
static inline u64 pte_flags(pte_t pte) { return pte_val(pte) & ~PTE_PFN_MASK; }

/* ---- indexes: which entry of each level translates va ---- */
static inline unsigned long pgd_index(unsigned long va) { return (va >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static inline unsigned long pud_index(unsigned long va) { return (va >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static inline unsigned long pmd_index(unsigned long va) { return (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static inline unsigned long pte_index(unsigned long va) { return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* ---- upper levels: none / present / large ---- */
static inline bool pgd_none(pgd_t pgd) { return pgd_val(pgd) == 0; }
static inline bool pgd_present(pgd_t pgd) { return pgd_val(pgd) & _PAGE_PRESENT; }
static inline bool pud_none(pud_t pud) { return pud_val(pud) == 0; }
static inline bool pud_present(pud_t pud) { return pud_val(pud) & _PAGE_PRESENT; }
/* pud_large - the entry maps a 1 GiB page itself (no pmd table below). */
static inline bool pud_large(pud_t pud) { return (pud_val(pud) & (_PAGE_PSE | _PAGE_PRESENT)) == (_PAGE_PSE | _PAGE_PRESENT); }
static inline bool pmd_none(pmd_t pmd) { return pmd_val(pmd) == 0; }
static inline bool pmd_present(pmd_t pmd) { return pmd_val(pmd) & _PAGE_PRESENT; }
/* pmd_large - the entry maps a 2 MiB page itself (no pte table below). */
static inline bool pmd_large(pmd_t pmd) { return (pmd_val(pmd) & (_PAGE_PSE | _PAGE_PRESENT)) == (_PAGE_PSE | _PAGE_PRESENT); }

/* ---- ptes ---- */
static inline bool pte_none(pte_t pte) { return pte_val(pte) == 0; }
/*
 * pte_present - the entry maps a page: present, or PROT_NONE (_PAGE_PROTNONE,
 * defined below: not present to the MMU, so every access faults, but the
 * page is still this mapping's - Linux's definition).
 */
static inline bool pte_present(pte_t pte) { return pte_val(pte) & (_PAGE_PRESENT | _PAGE_GLOBAL); }
static inline bool pte_write(pte_t pte) { return pte_val(pte) & _PAGE_RW; }
static inline bool pte_exec(pte_t pte) { return !(pte_val(pte) & _PAGE_NX); }
static inline bool pte_global(pte_t pte) { return pte_val(pte) & _PAGE_GLOBAL; }
static inline bool pte_user(pte_t pte) { return pte_val(pte) & _PAGE_USER; }
static inline bool pte_dirty(pte_t pte) { return pte_val(pte) & _PAGE_DIRTY; }
static inline bool pte_young(pte_t pte) { return pte_val(pte) & _PAGE_ACCESSED; }
static inline unsigned long pte_pfn(pte_t pte) { return (pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((u64)pfn << PAGE_SHIFT) | pgprot_val(prot));
}
/* pfn_pmd/pfn_pud - a 2 MiB / 1 GiB leaf; prot must include _PAGE_PSE (pgprot_large). */
static inline pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot)
{
	return __pmd(((u64)pfn << PAGE_SHIFT) | pgprot_val(prot));
}
static inline pud_t pfn_pud(unsigned long pfn, pgprot_t prot)
{
	return __pud(((u64)pfn << PAGE_SHIFT) | pgprot_val(prot));
}
static inline unsigned long pmd_pfn(pmd_t pmd) { return (pmd_val(pmd) & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline unsigned long pud_pfn(pud_t pud) { return (pud_val(pud) & PTE_PFN_MASK) >> PAGE_SHIFT; }

/* ---- the table an entry points to, in the direct map ---- */
static inline pud_t *pgd_pgtable(pgd_t pgd) { return (pud_t *)__va(pgd_val(pgd) & PTE_PFN_MASK); }
static inline pmd_t *pud_pgtable(pud_t pud) { return (pmd_t *)__va(pud_val(pud) & PTE_PFN_MASK); }
static inline pte_t *pmd_page_vaddr(pmd_t pmd) { return (pte_t *)__va(pmd_val(pmd) & PTE_PFN_MASK); }

/* ---- walking: the entry translating va at each level ---- */
/* pgd_offset - va's entry in the top-level table pgd_base (Linux: pgd_offset(mm, va)). */
static inline pgd_t *pgd_offset(pgd_t *pgd_base, unsigned long va) { return pgd_base + pgd_index(va); }
/* pgd_offset_k - va's entry in the kernel's table, init_top_pgt. */
static inline pgd_t *pgd_offset_k(unsigned long va) { return pgd_offset(init_top_pgt, va); }
/* pud_offset - va's entry in the pud table *pgd points to (*pgd must be present). */
static inline pud_t *pud_offset(pgd_t *pgd, unsigned long va) { return pgd_pgtable(*pgd) + pud_index(va); }
/* pmd_offset - va's entry in the pmd table *pud points to (present, not large). */
static inline pmd_t *pmd_offset(pud_t *pud, unsigned long va) { return pud_pgtable(*pud) + pmd_index(va); }
/* pte_offset_kernel - va's entry in the pte table *pmd points to (present, not large). */
static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long va) { return pmd_page_vaddr(*pmd) + pte_index(va); }

/* ---- writing entries (no TLB flush: see arch/x86_64/tlbflush.h) ---- */
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd) { WRITE_ONCE(pgdp->pgd, pgd_val(pgd)); }
static inline void set_pud(pud_t *pudp, pud_t pud) { WRITE_ONCE(pudp->pud, pud_val(pud)); }
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd) { WRITE_ONCE(pmdp->pmd, pmd_val(pmd)); }
static inline void set_pte(pte_t *ptep, pte_t pte) { WRITE_ONCE(ptep->pte, pte_val(pte)); }
/* pte_clear - empty the entry (Linux's takes mm and va too; Pagoda has no mm_struct yet). */
static inline void pte_clear(pte_t *ptep) { set_pte(ptep, __pte(0)); }
static inline void pmd_clear(pmd_t *pmdp) { set_pmd(pmdp, __pmd(0)); }
static inline void pud_clear(pud_t *pudp) { set_pud(pudp, __pud(0)); }

/* Point an upper-level entry at a lower table (physical address pa) for kernel use. */
static inline void pgd_populate(pgd_t *pgdp, phys_addr_t pa) { set_pgd(pgdp, __pgd(pa | _KERNPG_TABLE)); }
static inline void pud_populate(pud_t *pudp, phys_addr_t pa) { set_pud(pudp, __pud(pa | _KERNPG_TABLE)); }
static inline void pmd_populate_kernel(pmd_t *pmdp, phys_addr_t pa) { set_pmd(pmdp, __pmd(pa | _KERNPG_TABLE)); }

/* ---- arch/x86_64/mm/pgtable.c ---- */
/* The size a leaf entry maps (Linux's enum pg_level). */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
	PG_LEVEL_NUM,
};

/*
 * lookup_address_in_pgd - walk pgd_base for va: returns the leaf entry that
 * maps it (a pte, or a pmd/pud entry cast to pte_t * for a large page) and
 * its size in *level; NULL if an upper level is not present (*level then
 * says where the walk stopped).  The returned entry may itself be not
 * present.  The caller must keep the tables from being freed.
 */
pte_t *lookup_address_in_pgd(pgd_t *pgd_base, unsigned long va, unsigned int *level);
/* lookup_address - lookup_address_in_pgd() on the kernel's init_top_pgt. */
pte_t *lookup_address(unsigned long va, unsigned int *level);
/*
 * slow_virt_to_phys - the physical address the kernel page tables translate
 * va to, found by walking them (Linux's name); (phys_addr_t)-1 if va is not
 * mapped.  For any kernel address, not just the direct map.
 */
phys_addr_t slow_virt_to_phys(unsigned long va);
/* page_level_size - bytes mapped by one leaf entry of that level. */
unsigned long page_level_size(unsigned int level);

/*
 * ---- user page tables (the processes issue; used by mm/memory.c) ----
 *
 * A process's pgd is a page of its own whose entries KERNEL_PGD_BOUNDARY..511
 * are copies of init_top_pgt's (pgd_alloc): the kernel half is the same
 * tables in every address space, and it never changes after boot
 * (vmalloc_init() preallocated every kernel pud), so the copies never go
 * stale.  Entries 0..255 and everything below them belong to the process.
 *
 * Upper-level entries of user tables carry _PAGE_TABLE (present, RW, USER):
 * the x86 MMU ANDs the permissions of all four levels, so the leaf pte
 * alone decides what user mode may do with a page.
 */
struct mm_struct;
struct page;

/* User protections (Linux's asm/pgtable_types.h).  PAGE_COPY is read-only:
 * a private writable page is made writable only while it is the
 * mapping's own copy (maybe_mkwrite in mm/memory.c). */
#define _PAGE_PROTNONE		_PAGE_GLOBAL	/* PROT_NONE: not present, yet mapped (VM issue) */
#define PAGE_NONE		((pgprot_t){ _PAGE_PROTNONE | _PAGE_ACCESSED })
#define PAGE_SHARED		((pgprot_t){ _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX })
#define PAGE_SHARED_EXEC	((pgprot_t){ _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED })
#define PAGE_COPY		((pgprot_t){ _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX })
#define PAGE_COPY_EXEC		((pgprot_t){ _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED })
#define PAGE_READONLY		((pgprot_t){ _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX })
#define PAGE_READONLY_EXEC	((pgprot_t){ _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED })

/* Point an upper-level entry of a user table at a lower table (physical address pa). */
static inline void pgd_populate_user(pgd_t *pgdp, phys_addr_t pa) { set_pgd(pgdp, __pgd(pa | _PAGE_TABLE)); }
static inline void pud_populate_user(pud_t *pudp, phys_addr_t pa) { set_pud(pudp, __pud(pa | _PAGE_TABLE)); }
/* pmd_populate - a user pte table under *pmdp (Linux's takes mm and the table's page). */
static inline void pmd_populate(pmd_t *pmdp, phys_addr_t pa) { set_pmd(pmdp, __pmd(pa | _PAGE_TABLE)); }

/* ---- pte modifiers (Linux's names) ---- */
static inline pte_t pte_mkwrite(pte_t pte) { return __pte(pte_val(pte) | _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t pte) { return __pte(pte_val(pte) & ~_PAGE_RW); }
static inline pte_t pte_mkdirty(pte_t pte) { return __pte(pte_val(pte) | _PAGE_DIRTY); }
static inline pte_t pte_mkclean(pte_t pte) { return __pte(pte_val(pte) & ~_PAGE_DIRTY); }
static inline pte_t pte_mkyoung(pte_t pte) { return __pte(pte_val(pte) | _PAGE_ACCESSED); }
/* pte_protnone - a PROT_NONE entry: mapped, but the MMU sees it not present. */
static inline bool pte_protnone(pte_t pte)
{
	return (pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE;
}
/* The bits pte_modify keeps: the frame, caching, accessed and dirty (Linux's _PAGE_CHG_MASK). */
#define _PAGE_CHG_MASK		(PTE_PFN_MASK | _PAGE_PCD | _PAGE_PWT | _PAGE_ACCESSED | _PAGE_DIRTY)
/* pte_modify - pte with its protection replaced by newprot (mprotect's change_protection). */
static inline pte_t pte_modify(pte_t pte, pgprot_t newprot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) | (pgprot_val(newprot) & ~_PAGE_CHG_MASK));
}
/* ptep_get_and_clear - read and empty an entry in one atomic exchange (the MMU may set A/D meanwhile). */
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	return __pte(__atomic_exchange_n(&ptep->pte, 0ULL, __ATOMIC_SEQ_CST));
}

/* ---- arch/x86_64/mm/pgtable.c ---- */
/*
 * pgd_alloc - a new top-level table for mm: a zeroed page whose kernel half
 * (entries KERNEL_PGD_BOUNDARY..511) is copied from init_top_pgt.  Returns
 * its direct-map address, or NULL when out of memory.
 */
pgd_t *pgd_alloc(struct mm_struct *mm);
/* pgd_free - give back a pgd_alloc() page (its user half must be empty). */
void pgd_free(struct mm_struct *mm, pgd_t *pgd);

#endif /* ARCH_X86_64_PGTABLE_H */
