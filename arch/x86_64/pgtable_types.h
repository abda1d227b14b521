/*
 * arch/x86_64/pgtable_types.h - the x86-64 page-table formats and Pagoda's
 * virtual memory layout (DESIGN.md §2; Linux's pgtable_64_types.h and
 * pgtable_types.h).
 *
 * 4-level paging translates a 48-bit virtual address in four steps of 9
 * bits each, then a 12-bit offset:
 *
 *   47      39 38      30 29      21 20      12 11         0
 *   [ pgd idx ][ pud idx ][ pmd idx ][ pte idx ][  offset   ]
 *
 * (Linux calls the top level "pgd" and folds the fifth, "p4d", away when
 * 5-level paging is off; Pagoda simply has no p4d.)  A pud entry with _PAGE_PSE
 * maps 1 GiB directly, a pmd entry with _PAGE_PSE maps 2 MiB.
 *
 * Pagoda's kernel-half layout (user space is below 0x0000800000000000):
 *   PAGE_OFFSET        ffff888000000000  direct map of all RAM, NX
 *   VMALLOC_START      ffffc90000000000  vmalloc/ioremap (32 TiB)
 *   VMEMMAP_START      ffffea0000000000  the struct page array
 *   __START_KERNEL_map ffffffff80000000  the kernel image (phys 0 here)
 */
#ifndef ARCH_X86_64_PGTABLE_TYPES_H
#define ARCH_X86_64_PGTABLE_TYPES_H

#include "kernel/types.h"

/* ---- the layout ---- */
#define VMALLOC_START		0xffffc90000000000ULL
#define VMALLOC_SIZE_TB		32ULL
#define VMALLOC_END		(VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1)
#define VMEMMAP_START		0xffffea0000000000ULL
#define TASK_SIZE_MAX		0x00007ffffffff000ULL	/* top of user space (exclusive) */

/* ---- levels ---- */
#define PGDIR_SHIFT		39
#define PUD_SHIFT		30
#define PMD_SHIFT		21
#define PTRS_PER_PGD		512
#define PTRS_PER_PUD		512
#define PTRS_PER_PMD		512
#define PTRS_PER_PTE		512
#define PGDIR_SIZE		(1ULL << PGDIR_SHIFT)
#define PUD_SIZE		(1ULL << PUD_SHIFT)	/* 1 GiB */
#define PMD_SIZE		(1ULL << PMD_SHIFT)	/* 2 MiB */
#define PGDIR_MASK		(~(PGDIR_SIZE - 1))
#define PUD_MASK		(~(PUD_SIZE - 1))
#define PMD_MASK		(~(PMD_SIZE - 1))
#define KERNEL_PGD_BOUNDARY	256	/* pgd entries 256..511 are the shared kernel half */

/* ---- entry bits (Intel SDM vol. 3, 4.5) ---- */
#define _PAGE_PRESENT		(1ULL << 0)
#define _PAGE_RW		(1ULL << 1)
#define _PAGE_USER		(1ULL << 2)
#define _PAGE_PWT		(1ULL << 3)
#define _PAGE_PCD		(1ULL << 4)
#define _PAGE_ACCESSED		(1ULL << 5)
#define _PAGE_DIRTY		(1ULL << 6)
#define _PAGE_PSE		(1ULL << 7)	/* huge page in a pud/pmd entry */
#define _PAGE_PAT		(1ULL << 7)	/* ... and PAT in a pte */
#define _PAGE_GLOBAL		(1ULL << 8)	/* survives CR3 reloads (CR4.PGE) */
#define _PAGE_SOFTW1		(1ULL << 9)	/* free for software use */
#define _PAGE_NX		(1ULL << 63)	/* no execute (EFER.NXE) */
#define PTE_PFN_MASK		0x000ffffffffff000ULL

/* Kernel mappings, by what they are for. */
#define __PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_RO	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_RX	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define __PAGE_KERNEL_NOCACHE	(__PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)
#define _PAGE_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

typedef struct { u64 pgd; } pgd_t;
typedef struct { u64 pud; } pud_t;
typedef struct { u64 pmd; } pmd_t;
typedef struct { u64 pte; } pte_t;
typedef struct { u64 pgprot; } pgprot_t;

#define PAGE_KERNEL		((pgprot_t){ __PAGE_KERNEL })
#define PAGE_KERNEL_RO		((pgprot_t){ __PAGE_KERNEL_RO })
#define PAGE_KERNEL_RX		((pgprot_t){ __PAGE_KERNEL_RX })
#define PAGE_KERNEL_NOCACHE	((pgprot_t){ __PAGE_KERNEL_NOCACHE })

#endif /* ARCH_X86_64_PGTABLE_TYPES_H */
