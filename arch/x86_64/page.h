/*
 * arch/x86_64/page.h - page size and the kernel's two views of physical
 * memory (Linux's asm/page_types.h and asm/page_64.h, cut to what Pagoda has).
 *
 * The kernel reaches physical memory through two linear mappings
 * (DESIGN.md §2):
 *
 *   PAGE_OFFSET        0xffff888000000000  the direct map: physical address p
 *                                          is at virtual PAGE_OFFSET + p.
 *                                          __va(p) and __pa(v) convert.
 *   __START_KERNEL_map 0xffffffff80000000  the kernel image: it is linked at
 *                                          __START_KERNEL_map + its physical
 *                                          load address (1 MiB, linker.ld).
 *                                          __pa_symbol(&sym) converts.
 *
 * Invariant: until setup_arch() builds the real page tables, only physical
 * 0..EARLY_DIRECT_MAP_END (1 GiB) is mapped at PAGE_OFFSET (boot/boot.asm's
 * early tables, 2 MiB pages); anything that __va()s a physical address in
 * that window first must check it against EARLY_DIRECT_MAP_END.
 */
#ifndef ARCH_X86_64_PAGE_H
#define ARCH_X86_64_PAGE_H

#include "kernel/types.h"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		0xffff888000000000UL	/* the direct map */
#define __START_KERNEL_map	0xffffffff80000000UL	/* the kernel image */

/* How much of physical memory boot/boot.asm maps at PAGE_OFFSET (and elsewhere). */
#define EARLY_DIRECT_MAP_END	(1UL << 30)

/*
 * __phys_addr - the physical address behind a kernel virtual address, from
 * either mapping (Linux's __phys_addr()).  The address must be in the direct
 * map or in the kernel image; anything else gives a meaningless result.
 */
static inline phys_addr_t __phys_addr(unsigned long x)
{
	if (x >= __START_KERNEL_map)
		return x - __START_KERNEL_map;
	return x - PAGE_OFFSET;
}

/* __va(phys) - the direct-map address of a physical address. */
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))
/* __pa(virt) - the physical address of a direct-map (or kernel-image) address. */
#define __pa(x)			__phys_addr((unsigned long)(x))
/* __pa_symbol(&sym) - the physical address of a symbol in the kernel image. */
#define __pa_symbol(x)		((phys_addr_t)((unsigned long)(x) - __START_KERNEL_map))

#endif /* ARCH_X86_64_PAGE_H */
