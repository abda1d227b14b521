/*
 * mm/memblock.h - the early boot memory allocator (mm/memblock.c).
 *
 * Before the buddy allocator exists the kernel still needs memory (page
 * tables, the struct page array).  memblock describes physical memory as two
 * sorted arrays of [base, base+size) regions:
 *   memblock.memory    all usable RAM (from the e820 map, capped by mem=)
 *   memblock.reserved  what is already in use (first 1 MiB, kernel image,
 *                      multiboot2 info, modules, early page tables, and every
 *                      memblock allocation)
 * Free memory is memory minus reserved.  memblock_free_all() hands every
 * free page to the buddy allocator; after that, memblock allocations BUG.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "kernel/types.h"

#define INIT_MEMBLOCK_REGIONS	128
#define MEMBLOCK_ALLOC_ANYWHERE	(~(phys_addr_t)0)

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

struct memblock_type {
	unsigned long cnt;		/* regions in use */
	unsigned long max;		/* capacity of regions[] */
	phys_addr_t total_size;		/* sum of the regions' sizes */
	struct memblock_region *regions;
	const char *name;		/* "memory" or "reserved", for debug output */
};

struct memblock {
	bool bottom_up;			/* allocate from low addresses (default: top-down) */
	phys_addr_t current_limit;	/* allocations stay below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* ---- building the tables (0 or -ENOMEM when a table is full) ---- */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* memblock_phys_free - undo a reservation or allocation. */
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
/* memblock_enforce_memory_limit - drop memory above the first 'limit' bytes of RAM (mem=). */
void memblock_enforce_memory_limit(phys_addr_t limit);
void memblock_set_current_limit(phys_addr_t limit);

/* ---- allocating: physical address, or 0 on failure ---- */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* memblock_alloc - zeroed memory through the direct map, or NULL. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);

/* ---- queries ---- */
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);

/*
 * __next_free_mem_range - iterate over free ranges (memory minus reserved),
 * lowest first.  *idx starts at 0; returns false when done.
 */
bool __next_free_mem_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end);
#define for_each_free_mem_range(i, p_start, p_end)			\
	for (i = 0; __next_free_mem_range(&i, p_start, p_end); )

/* for_each_mem_region - every region of memblock.memory. */
#define for_each_mem_region(r)						\
	for (r = memblock.memory.regions;				\
	     r < memblock.memory.regions + memblock.memory.cnt; r++)

/* memblock_dump_all - print both tables (memblock=debug does at hand-off). */
void memblock_dump_all(void);

/*
 * memblock_free_all - give every free page to the buddy allocator in the
 * largest naturally aligned blocks; returns the number of pages freed.
 * Afterwards memblock must not be used (a later allocation is a BUG).
 */
unsigned long memblock_free_all(void);
extern bool memblock_handed_off;

#endif /* MM_MEMBLOCK_H */
