/*
 * arch/x86_64/ioremap.h - device registers in memory space: ioremap() and
 * the MMIO accessors (arch/x86_64/mm/ioremap.c; Linux's asm/io.h).
 *
 * A PCI device's memory BAR is a range of physical addresses that are not
 * RAM: loads and stores there reach the device's registers.  The kernel
 * reaches RAM through the direct map, which does not cover device memory,
 * so ioremap() maps a BAR into the vmalloc area, uncached (PCD|PWT in the
 * ptes: every access goes to the device, in program order, never to a
 * cache line or a write-combining buffer).
 *
 * readb/readw/readl/readq and writeb/... are single volatile accesses of
 * the given width: a device register must be accessed exactly once, at
 * exactly its size (a 32-bit register read as four bytes is four reads,
 * and some registers have side effects on read).  On x86, uncached (UC)
 * accesses are strongly ordered with each other and with locked
 * instructions, so no fences are needed between them; the "memory" clobber
 * stops the compiler from moving ordinary memory accesses across them
 * (Linux's x86 readl/writel are the same).
 */
#ifndef ARCH_X86_64_IOREMAP_H
#define ARCH_X86_64_IOREMAP_H

#include "kernel/types.h"

#define __iomem

/*
 * ioremap - map size bytes of device memory at physical phys_addr
 * uncached into the vmalloc area.  Returns the virtual address of
 * phys_addr (any offset within the page is kept), or NULL.  Sleeps not,
 * but allocates: process context, after vmalloc_init().
 */
void __iomem *ioremap(phys_addr_t phys_addr, unsigned long size);
/* iounmap - undo ioremap (addr as ioremap returned it); NULL is a no-op. */
void iounmap(volatile void __iomem *addr);

#define __BUILD_MMIO(bwl, type)						\
static inline type read##bwl(const volatile void __iomem *addr)		\
{									\
	type v;								\
	__asm__ volatile("mov %1, %0" : "=r"(v)				\
			 : "m"(*(const volatile type *)addr) : "memory");\
	return v;							\
}									\
static inline void write##bwl(type v, volatile void __iomem *addr)	\
{									\
	__asm__ volatile("mov %0, %1" : : "r"(v),			\
			 "m"(*(volatile type *)addr) : "memory");	\
}
__BUILD_MMIO(b, u8)
__BUILD_MMIO(w, u16)
__BUILD_MMIO(l, u32)
__BUILD_MMIO(q, u64)
#undef __BUILD_MMIO

#endif /* ARCH_X86_64_IOREMAP_H */
