/*
 * mm/memblock.c - the early boot memory allocator (Linux's mm/memblock.c).
 *
 * DOC: memblock overview
 *
 * Memblock manages physical memory during early boot, before the buddy
 * allocator (mm/page_alloc.c) exists.  It sees memory as a collection of
 * contiguous regions of two types:
 *
 *   memblock.memory    the physical memory the kernel may use: the usable
 *                      RAM of the e820 map, capped by mem=;
 *   memblock.reserved  what is already in use: the first 1 MiB, the kernel
 *                      image, the multiboot2 information, the modules, the
 *                      early page tables, and every memblock allocation.
 *
 * Each type is a struct memblock_type: an array of struct memblock_region
 * {base, size}.  Free memory is memory minus reserved.  The invariants, after
 * every call:
 *   - the regions of a type are sorted by base, do not overlap, and are never
 *     empty;
 *   - they are merged: no region ends where the next one begins (adding
 *     [0x1000, 0x2000) next to [0x2000, 0x3000) leaves one [0x1000, 0x3000));
 *   - total_size is the sum of the sizes.
 *
 * The arrays are static, INIT_MEMBLOCK_REGIONS (128) entries each.  Linux
 * doubles a full array with memory memblock allocates from itself; Pagoda
 * does not (128 is far more than a boot needs): an add that needs more
 * entries than are left fails with -ENOMEM and a pr_err, and leaves the table
 * as it was.  As in Linux, the entries are counted before neighbours merge,
 * so a full table refuses even an add that would only grow a region (Linux
 * would double the array there).  A removal needs room only for the splits it really makes (Linux
 * asks for two spare entries whatever happens), so a full table can shrink.
 *
 * The API has two families, as Linux's does:
 *   memblock_add, memblock_remove, memblock_reserve, memblock_phys_free
 *     edit the tables: memblock_add_range() inserts the parts of a range that
 *     no region covers yet, then merges neighbours; memblock_remove_range()
 *     first isolates the range (memblock_isolate_range() splits the regions
 *     that straddle its ends), then deletes the regions inside it;
 *   memblock_phys_alloc*, memblock_alloc
 *     find a free range and reserve it.  memblock_find_in_range() walks the
 *     free ranges from the top down (the default, like Linux, which keeps low
 *     memory for the devices that need it) or from the bottom up
 *     (memblock.bottom_up), within [start, end) and below
 *     memblock.current_limit.  memblock_alloc() also zeroes the memory
 *     through the direct map (__va()).
 *
 * Every function here has a form that works on any struct memblock (or
 * struct memblock_type) and a public form that works on the global
 * `memblock`; the tests build scratch instances with their own arrays.
 *
 * The hand-off: memblock_free_all() gives every free page to the buddy
 * allocator (memblock_free_pages(), mm/internal.h) in the largest naturally
 * aligned blocks, then sets memblock_handed_off.  Nothing allocates from
 * memblock after that: memblock_alloc, memblock_phys_alloc* and
 * memblock_reserve BUG().
 *
 * Command line: `memblock=debug` logs every add, remove, reserve, free and
 * allocation with its caller, and memblock_free_all() prints the final
 * tables (memblock_dump_all()).  `mem=SIZE` is only recorded here; the e820
 * glue (arch/x86_64/mm/init.c) applies it, once all RAM has been added, with
 * memblock_enforce_memory_limit(memblock_mem_limit()).
 *
 * Locking: none.  memblock runs on the boot CPU before interrupts are on.
 */
#include "mm/memblock.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mmzone.h"

#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
#define SMP_CACHE_BYTES		64	/* the alignment of a request that gives none */
#define _RET_IP_		((u64)__builtin_return_address(0))

static struct memblock_region memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region memblock_reserved_init_regions[INIT_MEMBLOCK_REGIONS];

struct memblock memblock = {
	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_memory_init_regions,
		.name = "memory",
	},
	.reserved = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_reserved_init_regions,
		.name = "reserved",
	},
};

bool memblock_handed_off;		/* memblock_free_all() has run */
static bool memblock_debug;		/* memblock=debug */
static phys_addr_t memory_limit;	/* mem=, in bytes; 0 = no limit */

/* ---- debugging output (memblock=debug) ---- */

#define memblock_dbg(fmt, ...)						\
	do {								\
		if (memblock_debug)					\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* "func: [first-last] caller+0xoff/0xsize", as Linux prints every call. */
static void memblock_dbg_range(const char *func, phys_addr_t base,
			       phys_addr_t size, u64 ip)
{
	char sym[KSYM_SYMBOL_LEN];

	if (!memblock_debug)
		return;
	sprint_symbol(sym, sizeof(sym), ip);
	pr_info("%s: [0x%016llx-0x%016llx] %s\n", func, base, base + size - 1, sym);
}

/* "func: N bytes align=... from=... max_addr=... caller", for allocations. */
static void memblock_dbg_alloc(const char *func, phys_addr_t size, phys_addr_t align,
			       phys_addr_t start, phys_addr_t end, u64 ip)
{
	char sym[KSYM_SYMBOL_LEN];

	if (!memblock_debug)
		return;
	sprint_symbol(sym, sizeof(sym), ip);
	pr_info("%s: %llu bytes align=0x%llx from=0x%016llx max_addr=0x%016llx %s\n",
		func, size, align, start, end, sym);
}

/* ---- editing one table ---- */

/* Shrinks *size so that base + *size does not wrap; returns the new size. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = min(*size, PHYS_ADDR_MAX - base);
}

/* Inserts [base, base+size) as entry idx, moving the later entries up; needs a free entry. */
static void memblock_insert_region(struct memblock_type *type, unsigned long idx,
				   phys_addr_t base, phys_addr_t size)
{
	struct memblock_region *rgn = &type->regions[idx];

	BUG_ON(type->cnt >= type->max);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	type->cnt++;
	type->total_size += size;
}

/* Deletes entry r, moving the later entries down. */
static void memblock_remove_region(struct memblock_type *type, unsigned long r)
{
	struct memblock_region *rgn = &type->regions[r];

	type->total_size -= rgn->size;
	memmove(rgn, rgn + 1, (type->cnt - (r + 1)) * sizeof(*rgn));
	type->cnt--;
}

/* Merges every pair of neighbouring regions that touch; BUGs on an overlap. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		if (this->base + this->size != next->base) {
			BUG_ON(this->base + this->size > next->base);
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/*
 * memblock_fill_gaps - the parts of [base, end) that no region of type covers
 * yet: counts them, and with insert also inserts each one as a new region.
 * Returns the number of parts.  The regions stay sorted but are not merged.
 */
static unsigned long memblock_fill_gaps(struct memblock_type *type, phys_addr_t base,
					phys_addr_t end, bool insert)
{
	unsigned long idx, nr_new = 0;

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		/* rgn overlaps; if it leaves a gap below itself, fill that. */
		if (rbase > base) {
			nr_new++;
			if (insert)
				memblock_insert_region(type, idx++, base, rbase - base);
		}
		/* Everything below rend is dealt with. */
		base = min(rend, end);
	}
	if (base < end) {
		nr_new++;
		if (insert)
			memblock_insert_region(type, idx, base, end - base);
	}
	return nr_new;
}

/*
 * memblock_add_range - add [base, base+size) to type: the parts already
 * covered stay as they are, the rest is inserted, then neighbours merge.
 * Like Linux, it makes two passes: the first counts the regions needed, so
 * that a table without room is left untouched.  Returns 0, or -ENOMEM when
 * the table has too few free entries.
 */
int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long nr_new;

	if (!size)
		return 0;
	nr_new = memblock_fill_gaps(type, base, end, false);
	if (!nr_new)
		return 0;
	if (type->cnt + nr_new > type->max) {
		pr_err("memblock: %s array full (%lu of %lu entries), cannot add [0x%016llx-0x%016llx]\n",
		       type->name, type->cnt, type->max, base, end - 1);
		return -ENOMEM;
	}
	memblock_fill_gaps(type, base, end, true);
	memblock_merge_regions(type);
	return 0;
}

/* How many regions of type straddle base or end (each needs one split). */
static unsigned long memblock_count_splits(const struct memblock_type *type,
					   phys_addr_t base, phys_addr_t end)
{
	unsigned long idx, n = 0;

	for (idx = 0; idx < type->cnt; idx++) {
		phys_addr_t rbase = type->regions[idx].base;
		phys_addr_t rend = rbase + type->regions[idx].size;

		n += rbase < base && base < rend;
		n += rbase < end && end < rend;
	}
	return n;
}

/*
 * memblock_isolate_range - split the regions of type that straddle base or
 * base+size, so that the range is covered by whole regions only.  Sets
 * [*start_rgn, *end_rgn) to the indices of the regions inside the range
 * (empty if none).  Returns 0, or -ENOMEM if the splits do not fit.
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	if (type->cnt + memblock_count_splits(type, base, end) > type->max) {
		pr_err("memblock: %s array full (%lu of %lu entries), cannot split at [0x%016llx-0x%016llx]\n",
		       type->name, type->cnt, type->max, base, end - 1);
		return -ENOMEM;
	}
	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* rgn starts below: split off [rbase, base); the top half comes next. */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase);
			continue;
		}
		if (rend > end) {
			/* rgn ends above: split off [end, rend); the bottom half stays at idx. */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx, rbase, end - rbase);
		}
		if (!*end_rgn)
			*start_rgn = idx;
		*end_rgn = idx + 1;
	}
	return 0;
}

/*
 * memblock_remove_range - take [base, base+size) out of type, splitting the
 * regions at its ends.  Returns 0, or -ENOMEM (table unchanged) if a split
 * does not fit.
 */
int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	while (end_rgn > start_rgn)
		memblock_remove_region(type, --end_rgn);
	return 0;
}

/* Whether [base, base+size) overlaps any region of type. */
static bool memblock_overlaps_region(const struct memblock_type *type,
				     phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long i;

	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (base < r->base + r->size && r->base < end)
			return true;
	}
	return false;
}

/* Whether addr lies in a region of type (a binary search: they are sorted). */
static bool memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long left = 0, right = type->cnt;

	while (left < right) {
		unsigned long mid = left + (right - left) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			right = mid;
		else if (addr >= r->base + r->size)
			left = mid + 1;
		else
			return true;
	}
	return false;
}

/* ---- iterating over free memory ---- */

/*
 * The gaps of a type are numbered 0..cnt: gap idx runs from the end of
 * region idx-1 (or 0) to the base of region idx (or the top of the address
 * space).  Free memory is where a region of memory meets a gap of reserved.
 */
static void memblock_gap(const struct memblock_type *type, unsigned long idx,
			 phys_addr_t *start, phys_addr_t *end)
{
	const struct memblock_region *r = type->regions;

	*start = idx ? r[idx - 1].base + r[idx - 1].size : 0;
	*end = idx < type->cnt ? r[idx].base : PHYS_ADDR_MAX;
}

/* Packs the two cursors of an iteration into *idx (Linux's encoding). */
static void memblock_set_idx(u64 *idx, long idx_a, long idx_b)
{
	*idx = (u32)idx_a | (u64)(u32)idx_b << 32;
}

/*
 * __next_mem_range - the next range, in ascending order, that is in a region
 * of type_a and in no region of type_b.  *idx holds the position (start it
 * at 0); it becomes MEMBLOCK_ITER_END when there is none left.  A merge walk:
 * region a and gap b advance in turn, whichever ends first.
 */
void __next_mem_range(u64 *idx, const struct memblock_type *type_a,
		      const struct memblock_type *type_b,
		      phys_addr_t *out_start, phys_addr_t *out_end)
{
	unsigned long idx_a = *idx & 0xffffffff, idx_b = *idx >> 32;

	for (; idx_a < type_a->cnt; idx_a++) {
		const struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		for (; idx_b < type_b->cnt + 1; idx_b++) {
			phys_addr_t r_start, r_end;

			memblock_gap(type_b, idx_b, &r_start, &r_end);
			if (r_start >= m_end)
				break;		/* gap is past m: next m */
			if (m_start < r_end) {
				*out_start = max(m_start, r_start);
				*out_end = min(m_end, r_end);
				if (m_end <= r_end)
					idx_a++;
				else
					idx_b++;
				memblock_set_idx(idx, idx_a, idx_b);
				return;
			}
		}
	}
	*idx = MEMBLOCK_ITER_END;
}

/*
 * __next_mem_range_rev - as __next_mem_range, in descending order.  Start
 * with *idx = MEMBLOCK_ITER_END; it is that again when there is none left.
 */
void __next_mem_range_rev(u64 *idx, const struct memblock_type *type_a,
			  const struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end)
{
	long idx_a = (s32)(*idx & 0xffffffff), idx_b = (s32)(*idx >> 32);

	if (*idx == MEMBLOCK_ITER_END) {
		idx_a = (long)type_a->cnt - 1;
		idx_b = (long)type_b->cnt;
	}
	for (; idx_a >= 0; idx_a--) {
		const struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		for (; idx_b >= 0; idx_b--) {
			phys_addr_t r_start, r_end;

			memblock_gap(type_b, idx_b, &r_start, &r_end);
			if (r_end <= m_start)
				break;		/* gap is below m: next m */
			if (m_end > r_start) {
				*out_start = max(m_start, r_start);
				*out_end = min(m_end, r_end);
				if (m_start >= r_start)
					idx_a--;
				else
					idx_b--;
				memblock_set_idx(idx, idx_a, idx_b);
				return;
			}
		}
	}
	*idx = MEMBLOCK_ITER_END;
}

#define for_each_free_range_reverse(i, mb, p_start, p_end)			\
	for (i = MEMBLOCK_ITER_END,						\
	     __next_mem_range_rev(&i, &(mb)->memory, &(mb)->reserved, p_start, p_end); \
	     i != MEMBLOCK_ITER_END;						\
	     __next_mem_range_rev(&i, &(mb)->memory, &(mb)->reserved, p_start, p_end))

#define for_each_free_range(i, mb, p_start, p_end)				\
	for (i = 0,								\
	     __next_mem_range(&i, &(mb)->memory, &(mb)->reserved, p_start, p_end); \
	     i != MEMBLOCK_ITER_END;						\
	     __next_mem_range(&i, &(mb)->memory, &(mb)->reserved, p_start, p_end))

bool __next_free_mem_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end)
{
	__next_mem_range(idx, &memblock.memory, &memblock.reserved, out_start, out_end);
	return *idx != MEMBLOCK_ITER_END;
}

/* ---- allocating ---- */

static phys_addr_t clamp_addr(phys_addr_t x, phys_addr_t lo, phys_addr_t hi)
{
	return min(max(x, lo), hi);
}

/* The highest align-aligned free [cand, cand+size) inside [start, end), or 0. */
static phys_addr_t __memblock_find_range_top_down(struct memblock *mb, phys_addr_t start,
						  phys_addr_t end, phys_addr_t size,
						  phys_addr_t align)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_range_reverse(i, mb, &this_start, &this_end) {
		this_start = clamp_addr(this_start, start, end);
		this_end = clamp_addr(this_end, start, end);
		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

/* The lowest align-aligned free [cand, cand+size) inside [start, end), or 0. */
static phys_addr_t __memblock_find_range_bottom_up(struct memblock *mb, phys_addr_t start,
						   phys_addr_t end, phys_addr_t size,
						   phys_addr_t align)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_range(i, mb, &this_start, &this_end) {
		this_start = clamp_addr(this_start, start, end);
		this_end = clamp_addr(this_end, start, end);
		cand = ALIGN(this_start, align);
		if (cand >= this_start && cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

/*
 * memblock_find_in_range - find (do not reserve) size free bytes aligned to
 * align (a power of two) inside [start, end) and below mb->current_limit:
 * the highest such range, or the lowest when mb->bottom_up.  Page 0 is never
 * returned, since 0 means failure.  Returns the base, or 0.
 */
phys_addr_t memblock_find_in_range(struct memblock *mb, phys_addr_t start,
				   phys_addr_t end, phys_addr_t size, phys_addr_t align)
{
	end = min(end, mb->current_limit);
	start = max(start, (phys_addr_t)PAGE_SIZE);
	end = max(start, end);
	if (mb->bottom_up)
		return __memblock_find_range_bottom_up(mb, start, end, size, align);
	return __memblock_find_range_top_down(mb, start, end, size, align);
}

/* Reserves what an allocation found; memblock=debug logs it as memblock_reserve. */
static __noinline int memblock_reserve_found(struct memblock *mb, phys_addr_t base,
					     phys_addr_t size)
{
	if (mb == &memblock)
		memblock_dbg_range("memblock_reserve", base, size, _RET_IP_);
	return memblock_add_range(&mb->reserved, base, size);
}

/*
 * memblock_alloc_range - find and reserve size bytes aligned to align within
 * [start, end) of mb (Linux's memblock_alloc_range_nid, without nodes).  An
 * align of 0 means SMP_CACHE_BYTES, as in Linux.  Returns the physical
 * address, or 0 if nothing fits (or the reserved table is full).
 */
phys_addr_t memblock_alloc_range(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				 phys_addr_t start, phys_addr_t end)
{
	phys_addr_t found;

	if (!align)
		align = SMP_CACHE_BYTES;
	if (!size || WARN_ON(align & (align - 1)))
		return 0;
	found = memblock_find_in_range(mb, start, end, size, align);
	if (found && !memblock_reserve_found(mb, found, size))
		return found;
	return 0;
}

/* ---- mem= ---- */

/* The address below which the first limit bytes of memory lie, or PHYS_ADDR_MAX. */
static phys_addr_t __find_max_addr(const struct memblock_type *memory, phys_addr_t limit)
{
	unsigned long i;

	for (i = 0; i < memory->cnt; i++) {
		const struct memblock_region *r = &memory->regions[i];

		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return PHYS_ADDR_MAX;
}

/*
 * __memblock_enforce_memory_limit - keep the first limit bytes of mb's
 * memory (in address order, holes not counted) and drop the rest of memory
 * and every reservation above it.  limit 0, or more than there is, does
 * nothing.
 */
void __memblock_enforce_memory_limit(struct memblock *mb, phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (!limit)
		return;
	max_addr = __find_max_addr(&mb->memory, limit);
	if (max_addr == PHYS_ADDR_MAX)
		return;
	memblock_remove_range(&mb->memory, max_addr, PHYS_ADDR_MAX);
	memblock_remove_range(&mb->reserved, max_addr, PHYS_ADDR_MAX);
}

/* mem=SIZE[KMGT]: use only the first SIZE bytes of RAM (page-aligned down). */
static int early_mem(char *p)
{
	char *end;
	phys_addr_t limit = memparse(p, &end) & PAGE_MASK;

	if (end == p || *end || !limit)
		return -EINVAL;
	memory_limit = limit;
	pr_notice("Memory limited to %lluMB\n", limit >> 20);
	return 0;
}
early_param("mem", early_mem);

/* memblock=debug: log every memblock call and the final tables. */
static int early_memblock(char *p)
{
	if (strcmp(p, "debug"))
		return -EINVAL;
	memblock_debug = true;
	return 0;
}
early_param("memblock", early_memblock);

phys_addr_t memblock_mem_limit(void)
{
	return memory_limit;
}

/* ---- the public API, on the global memblock ---- */

/* Nothing allocates from memblock after the hand-off to the buddy allocator. */
static void memblock_check_handed_off(const char *func)
{
	if (unlikely(memblock_handed_off)) {
		pr_err("%s: memblock used after memblock_free_all()\n", func);
		BUG();
	}
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range(__func__, base, size, _RET_IP_);
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range(__func__, base, size, _RET_IP_);
	return memblock_remove_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	memblock_check_handed_off(__func__);
	memblock_dbg_range(__func__, base, size, _RET_IP_);
	return memblock_add_range(&memblock.reserved, base, size);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range(__func__, base, size, _RET_IP_);
	return memblock_remove_range(&memblock.reserved, base, size);
}

void memblock_enforce_memory_limit(phys_addr_t limit)
{
	__memblock_enforce_memory_limit(&memblock, limit);
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/* The public allocators: check the hand-off, log the request, allocate. */
static phys_addr_t memblock_phys_alloc_try(phys_addr_t size, phys_addr_t align,
					   phys_addr_t start, phys_addr_t end,
					   const char *func, u64 ip)
{
	memblock_check_handed_off(func);
	memblock_dbg_alloc(func, size, align, start, end, ip);
	return memblock_alloc_range(&memblock, size, align, start, end);
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	return memblock_phys_alloc_try(size, align, start, end, __func__, _RET_IP_);
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_try(size, align, 0, MEMBLOCK_ALLOC_ANYWHERE,
				       __func__, _RET_IP_);
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t phys;

	phys = memblock_phys_alloc_try(size, align, 0, MEMBLOCK_ALLOC_ANYWHERE,
				       __func__, _RET_IP_);
	if (!phys)
		return NULL;
	memset(__va(phys), 0, size);
	return __va(phys);
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *m = &memblock.memory;

	if (!m->cnt)
		return 0;
	return m->regions[m->cnt - 1].base + m->regions[m->cnt - 1].size;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr);
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

/* ---- printing the tables ---- */

static void memblock_dump(const struct memblock_type *type)
{
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (idx = 0; idx < type->cnt; idx++) {
		phys_addr_t base = type->regions[idx].base;
		phys_addr_t size = type->regions[idx].size;

		pr_info(" %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes\n",
			type->name, idx, base, base + size - 1, size);
	}
}

void __memblock_dump_all(const struct memblock *mb)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = 0x%016llx reserved size = 0x%016llx\n",
		mb->memory.total_size, mb->reserved.total_size);
	memblock_dump(&mb->memory);
	memblock_dump(&mb->reserved);
}

void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all(&memblock);
}

/* ---- the hand-off to the buddy allocator ---- */

/*
 * Frees pfns [start, end) in the largest blocks whose natural alignment
 * allows: the order of a block at pfn is the number of trailing zero bits of
 * pfn (at most MAX_ORDER - 1), shrunk until the block fits before end.  So
 * [3, 20) goes as 3 (order 0), 4-7 (order 2), 8-15 (order 3), 16-19 (order 2).
 */
static void __free_pages_memory(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order = MAX_ORDER - 1;

		if (start)
			order = min(order, (unsigned int)__builtin_ctzl(start));
		while (start + (1UL << order) > end)
			order--;
		memblock_free_pages(pfn_to_page(start), start, order);
		start += 1UL << order;
	}
}

/* Frees the whole pages of the free range [start, end); returns how many. */
static unsigned long __free_memory_core(phys_addr_t start, phys_addr_t end)
{
	unsigned long start_pfn = PFN_UP(start);
	unsigned long end_pfn = PFN_DOWN(end);

	if (start_pfn >= end_pfn)
		return 0;
	__free_pages_memory(start_pfn, end_pfn);
	return end_pfn - start_pfn;
}

unsigned long memblock_free_all(void)
{
	phys_addr_t start, end;
	unsigned long pages = 0;
	u64 i;

	memblock_check_handed_off(__func__);
	memblock_dump_all();
	for_each_free_mem_range(i, &start, &end)
		pages += __free_memory_core(start, end);
	memblock_handed_off = true;
	memblock_dbg("memblock_free_all: %lu pages to the buddy allocator\n", pages);
	return pages;
}
