/*
 * arch/x86_64/fixmap.h - compile-time fixed virtual addresses for device
 * registers (arch/x86_64/mm/fixmap.c; Linux's asm/fixmap.h).
 *
 * Some devices' registers live at physical addresses that are not RAM,
 * hence not in the direct map: the local APIC at 0xfee00000 is the first.
 * Linux gives such pages a "fixmap" slot: a virtual address fixed at compile
 * time, counted down from FIXADDR_TOP, just under the legacy vsyscall page
 * at the top of the address space:
 *
 *   FIXADDR_TOP                       ffffffffff7ff000 (slot 0, unused)
 *   fix_to_virt(FIX_APIC_BASE)        ffffffffff7fe000
 *   ...
 *
 * This is the simplest correct way to map MMIO while Pagoda has no
 * ioremap(): no allocator, the address is a constant, and the mapping lives
 * in the kernel half that every page table shares (the page-table pages
 * below the kernel image's pgd entry 511 are allocated on the first
 * __set_fixmap()).  A slot is mapped once and never unmapped.
 */
#ifndef ARCH_X86_64_FIXMAP_H
#define ARCH_X86_64_FIXMAP_H

#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable_types.h"
#include "kernel/types.h"

#define FIXADDR_TOP		0xffffffffff7ff000UL

enum fixed_addresses {
	FIX_HOLE,		/* slot 0: left unmapped */
	FIX_APIC_BASE,		/* the local APIC's registers (arch/x86_64/apic.c) */
	__end_of_fixed_addresses
};

#define FIXADDR_SIZE		((unsigned long)__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START		(FIXADDR_TOP - FIXADDR_SIZE)

/* fix_to_virt - the virtual address of slot idx. */
static inline unsigned long fix_to_virt(enum fixed_addresses idx)
{
	return FIXADDR_TOP - ((unsigned long)idx << PAGE_SHIFT);
}

/*
 * __set_fixmap - map the page at physical phys at slot idx with prot (e.g.
 * PAGE_KERNEL_NOCACHE for device registers).  After mm_init() (it may
 * allocate page-table pages); panics if it cannot.
 */
void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot);

/* set_fixmap_nocache - map device registers at slot idx, uncached (PCD|PWT). */
static inline void set_fixmap_nocache(enum fixed_addresses idx, phys_addr_t phys)
{
	__set_fixmap(idx, phys, PAGE_KERNEL_NOCACHE);
}

#endif /* ARCH_X86_64_FIXMAP_H */
