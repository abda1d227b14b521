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
/*
 * memblock_enforce_memory_limit - keep the first 'limit' bytes of RAM in
 * address order (holes do not count), drop the rest of memblock.memory and
 * every reservation above it.  0 (or more than there is) does nothing.
 */
void memblock_enforce_memory_limit(phys_addr_t limit);
/*
 * memblock_mem_limit - the mem= value in bytes (page-aligned down), or 0 if
 * none was given.  memblock only records it: the e820 glue applies it after
 * adding all RAM: memblock_enforce_memory_limit(memblock_mem_limit()).
 */
phys_addr_t memblock_mem_limit(void);
/*
 * memblock_set_current_limit - allocations stay below limit (default
 * MEMBLOCK_ALLOC_ANYWHERE).  memblock_alloc() writes through __va(), so
 * until the direct map covers all RAM set it to what is mapped
 * (EARLY_DIRECT_MAP_END), as Linux's setup_arch does with max_pfn_mapped.
 */
void memblock_set_current_limit(phys_addr_t limit);

/*
 * ---- allocating: physical address, or 0 on failure ----
 * Top-down (the highest free fit) unless memblock.bottom_up; always below
 * memblock.current_limit and never page 0.  align is a power of two (0 means
 * 64).  After memblock_free_all() these and memblock_reserve() BUG().
 */
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

/*
 * memblock_dump_all - with memblock=debug, print both tables in Linux's
 * "MEMBLOCK configuration:" format (memblock_free_all() calls it first
 * thing); without, print nothing (Linux's rule).
 */
void memblock_dump_all(void);

/*
 * memblock_free_all - give every free page to the buddy allocator in the
 * largest naturally aligned blocks; returns the number of pages freed.
 * Afterwards memblock must not be used (a later allocation is a BUG).
 */
unsigned long memblock_free_all(void);
extern bool memblock_handed_off;

/*
 * ---- the same operations on any instance ----
 * The public functions above work on the global `memblock`; these take the
 * instance (or one of its tables), so that tests can build scratch
 * instances with their own region arrays.  They never log and never check
 * the hand-off.
 */
#define MEMBLOCK_ITER_END	(~0ULL)	/* an iteration's idx when it is over */
/* memblock_add_range - add [base, base+size) to type, merging: 0 or -ENOMEM (type unchanged). */
int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
/* memblock_remove_range - take [base, base+size) out of type: 0 or -ENOMEM (type unchanged). */
int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
/* memblock_find_in_range - find without reserving, as the allocators do: base or 0. */
phys_addr_t memblock_find_in_range(struct memblock *mb, phys_addr_t start,
				   phys_addr_t end, phys_addr_t size, phys_addr_t align);
/* memblock_alloc_range - find and reserve in mb: base or 0. */
phys_addr_t memblock_alloc_range(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				 phys_addr_t start, phys_addr_t end);
/* __memblock_enforce_memory_limit - memblock_enforce_memory_limit on mb. */
void __memblock_enforce_memory_limit(struct memblock *mb, phys_addr_t limit);
/*
 * __next_mem_range / __next_mem_range_rev - the next range in type_a and
 * not in type_b, ascending (start with *idx = 0) or descending (start with
 * *idx = MEMBLOCK_ITER_END); *idx is MEMBLOCK_ITER_END when none is left.
 */
void __next_mem_range(u64 *idx, const struct memblock_type *type_a,
		      const struct memblock_type *type_b,
		      phys_addr_t *out_start, phys_addr_t *out_end);
void __next_mem_range_rev(u64 *idx, const struct memblock_type *type_a,
			  const struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end);
/* __memblock_dump_all - print mb's tables whatever memblock=debug says. */
void __memblock_dump_all(const struct memblock *mb);

#endif /* MM_MEMBLOCK_H */
