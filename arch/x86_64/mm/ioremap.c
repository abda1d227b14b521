/*
 * arch/x86_64/mm/ioremap.c - mapping device memory (Linux's
 * arch/x86/mm/ioremap.c, reduced to its core).
 *
 * ioremap(phys, size) reserves an area of the vmalloc address space
 * (get_vm_area_caller with VM_IOREMAP, mm/vmalloc.c), fills its ptes with
 * the physical pages of [phys, phys + size) - device memory has no struct
 * page, so they are made from pfns (ioremap_page_range) - with
 * PAGE_KERNEL_NOCACHE: present, writable, global, NX, and PCD|PWT, which
 * with the default PAT select the UC (uncached) memory type.  UC is what
 * device registers need: no speculative reads, no caching, no write
 * combining; each access reaches the device once, in program order.
 *
 * The area keeps its guard page, so running off the end of a BAR faults
 * instead of touching whatever is mapped next.  iounmap() unmaps and
 * flushes the TLB (free_vm_area) before the range can be reused.
 *
 * Invariant: an ioremap area is VM_IOREMAP and never has pages[] (vfree
 * and vunmap refuse it).  RAM must not be ioremap'ed: the direct map
 * already maps it write-back, and two mappings with different memory types
 * are undefined behaviour on x86 (Linux refuses that too).
 */
#include "arch/x86_64/ioremap.h"
#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "mm/vmalloc.h"

/* ioremap - see arch/x86_64/ioremap.h. */
void __iomem *ioremap(phys_addr_t phys_addr, unsigned long size)
{
	phys_addr_t base = phys_addr & PAGE_MASK;
	unsigned long offset = phys_addr - base;
	unsigned long len = PAGE_ALIGN(offset + size);
	struct vm_struct *area;

	if (!size || phys_addr + size - 1 < phys_addr) {
		pr_err("ioremap: bad range %#llx+%#lx\n", (u64)phys_addr, size);
		return NULL;
	}
	area = get_vm_area_caller(len, VM_IOREMAP, __builtin_return_address(0));
	if (!area)
		return NULL;
	if (ioremap_page_range(area->addr, area->addr + len, base, PAGE_KERNEL_NOCACHE)) {
		free_vm_area(area);
		return NULL;
	}
	area->nr_pages = len >> PAGE_SHIFT;
	return (void __iomem *)(area->addr + offset);
}

/* iounmap - see arch/x86_64/ioremap.h. */
void iounmap(volatile void __iomem *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;
	struct vm_struct *area;

	if (!addr)
		return;
	area = find_vm_area((void *)va);
	if (!area || !(area->flags & VM_IOREMAP)) {
		pr_err("iounmap: bad address %p\n", (void *)addr);
		return;
	}
	free_vm_area(area);
}
