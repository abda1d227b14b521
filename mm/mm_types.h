/*
 * mm/mm_types.h - struct page: one for every physical page frame.
 *
 * The kernel keeps a struct page for each 4 KiB frame of RAM in the
 * vmemmap array (VMEMMAP_START, DESIGN.md §2), so pfn_to_page(pfn) is
 * just vmemmap + pfn.  What a page is used for decides which fields mean
 * something, hence the union (Linux's struct page works the same way):
 *
 *   free, in the buddy allocator   PG_buddy set; lru links it into
 *                                  zone->free_area[order].free_list[mt];
 *                                  private = order (first page of the block)
 *   on a per-CPU free list         lru links it into pcp->lists[mt]
 *   a slab (SLUB)                  PG_slab set; slab_list, slab_cache,
 *                                  freelist, inuse/objects/frozen
 *   a large kmalloc or other       PG_head on the first page, private =
 *   multi-page allocation          order (so kfree knows how much to free)
 *   anonymous / file memory        (next issues) lru on an LRU list,
 *                                  mapping, index, _mapcount
 *
 * Invariants: _refcount is 0 when the page is free (in the buddy or a
 * per-CPU list) - and, as in Linux, on the tail pages of an allocated
 * multi-page block, whose count lives in the first page; PG_buddy only on
 * the first page of a free block;
 * the zone a page belongs to never changes (page_zonenum, in flags).
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include "arch/x86_64/pgtable_types.h"
#include "kernel/lib/rbtree.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

struct kmem_cache;

struct page {
	unsigned long flags;		/* PG_* bits below; zone index in the top bits */
	union {
		struct {	/* buddy, per-CPU lists, LRU, page cache */
			struct list_head lru;	/* free list or LRU list link */
			void *mapping;		/* later: anon_vma or address_space */
			unsigned long index;	/* later: offset within mapping */
			unsigned long private;	/* buddy/compound: order */
		};
		struct {	/* SLUB (mm/slub.c) */
			struct list_head slab_list;	/* node partial list link */
			struct kmem_cache *slab_cache;	/* the cache this slab serves */
			void *freelist;		/* first free object, or NULL */
			unsigned int inuse:16;	/* objects handed out */
			unsigned int objects:15; /* objects in the slab */
			unsigned int frozen:1;	/* owned by a CPU as its current slab */
		};
	};
	int _mapcount;			/* page-table mappings - 1 (-1: unmapped) */
	int _refcount;			/* users; 0 = free */
	struct page *swap_next;		/* swap-cache hash chain (mm/swap_state.c); sizeof == 64 */
};

/* ---- page flags (Linux's names, include/linux/page-flags.h) ---- */
enum pageflags {
	PG_locked,		/* page is locked for I/O */
	PG_referenced,		/* recently referenced (LRU second chance) */
	PG_uptodate,		/* contents are valid */
	PG_dirty,		/* must be written before reuse */
	PG_lru,			/* on an LRU list */
	PG_active,		/* on the active LRU list */
	PG_slab,		/* a SLUB slab */
	PG_reserved,		/* never handed to the buddy (holes, kernel image) */
	PG_private,
	PG_writeback,		/* being written out */
	PG_head,		/* first page of a multi-page allocation */
	PG_swapcache,		/* in the swap cache */
	PG_swapbacked,		/* anonymous: backed by swap */
	PG_unevictable,
	PG_mlocked,
	PG_buddy,		/* first page of a free buddy block */
	__NR_PAGEFLAGS,
};

#define ZONES_SHIFT	2
#define ZONES_PGSHIFT	(64 - ZONES_SHIFT)	/* zone index in the top bits */
#define ZONES_MASK	((1UL << ZONES_SHIFT) - 1)

#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *p) { return p->flags & (1UL << PG_##bit); } \
static inline void SetPage##name(struct page *p) { p->flags |= 1UL << PG_##bit; } \
static inline void ClearPage##name(struct page *p) { p->flags &= ~(1UL << PG_##bit); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Slab, slab)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Head, head)
PAGEFLAG(SwapCache, swapcache)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)
PAGEFLAG(Buddy, buddy)
#undef PAGEFLAG

/* Flags that must be clear on a page entering or leaving the allocator. */
#define PAGE_FLAGS_CHECK_AT_FREE					\
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_active) |	\
	 (1UL << PG_slab) | (1UL << PG_reserved) | (1UL << PG_writeback) | \
	 (1UL << PG_swapcache) | (1UL << PG_mlocked) | (1UL << PG_buddy))

/*
 * ==== Address spaces: struct mm_struct and struct vm_area_struct ====
 * (mm/mmap.c, mm/memory.c, kernel/fork.c; Linux's include/linux/mm_types.h)
 *
 * A process's user address space is a struct mm_struct: its page tables
 * (pgd, whose kernel half 256..511 is init_top_pgt's, shared by all) and
 * the list of its virtual memory areas.  A struct vm_area_struct is one
 * contiguous range [vm_start, vm_end) of user addresses with one set of
 * permissions (vm_flags, and the pte bits they translate to, vm_page_prot)
 * and one backing: anonymous memory (vm_file NULL) or a file from page
 * vm_pgoff on.
 *
 * Invariants:
 *   - VMAs never overlap; mm->mmap lists them sorted by address through
 *     vm_next/vm_prev; map_count is the list's length; mm->mm_rb holds
 *     the same VMAs in a red-black tree, each node with its subtree's
 *     largest free gap (mm/vma.c, which checks all this: vma_tree_validate).
 *   - vm_start and vm_end are page-aligned, vm_start < vm_end <= TASK_SIZE.
 *   - Processes issue (eager): every page of a VMA with any of
 *     VM_READ|VM_WRITE|VM_EXEC is allocated and mapped from the moment the
 *     VMA exists, and a pte is present only inside a VMA.  The virtual-memory
 *     issue drops the first half (demand paging), not the second.
 *   - mm_users counts the tasks using the address space (fork with
 *     CLONE_VM, vfork); when it drops to 0 the mappings go (exit_mmap).
 *     mm_count counts references to the struct itself (one for all the
 *     users together, plus lazy borrowers later); at 0 it is freed (mmdrop).
 */
struct file;
struct mm_struct;
struct vm_area_struct;

typedef unsigned long vm_flags_t;

/* vm_flags (Linux's values, include/linux/mm.h) */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL	/* may be read: PROT_READ */
#define VM_WRITE	0x00000002UL	/* may be written: PROT_WRITE */
#define VM_EXEC		0x00000004UL	/* may be executed: PROT_EXEC */
#define VM_SHARED	0x00000008UL	/* MAP_SHARED: writes are seen by every mapper */
#define VM_MAYREAD	0x00000010UL	/* mprotect may add VM_READ */
#define VM_MAYWRITE	0x00000020UL	/* ... VM_WRITE */
#define VM_MAYEXEC	0x00000040UL	/* ... VM_EXEC */
#define VM_MAYSHARE	0x00000080UL	/* created with MAP_SHARED */
#define VM_GROWSDOWN	0x00000100UL	/* the stack: may grow down (VM issue) */
#define VM_LOCKED	0x00002000UL	/* mlock: never reclaimed */
#define VM_DONTCOPY	0x00020000UL	/* madvise(MADV_DONTFORK): not inherited by fork */
#define VM_ACCOUNT	0x00100000UL	/* charged to the overcommit accounting */
#define VM_NORESERVE	0x00200000UL	/* MAP_NORESERVE: not charged */
#define VM_WIPEONFORK	0x02000000UL	/* madvise(MADV_WIPEONFORK): the child gets it empty */
#define VM_DONTDUMP	0x04000000UL	/* madvise(MADV_DONTDUMP): left out of core dumps */

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_MAY_FLAGS	(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
/* Heap (brk) and bss: Linux x86's VM_DATA_DEFAULT_FLAGS without READ_IMPLIES_EXEC. */
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAY_FLAGS)
#define VM_STACK		VM_GROWSDOWN
#define VM_STACK_FLAGS		(VM_STACK | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT)

/*
 * vm_operations_struct - what a VMA's backing object does when a VMA is
 * copied or dropped (Linux's, cut down).  Each VMA holds one reference to
 * its object (vm_private_data, e.g. a shmem object): mm/mmap.c calls open
 * on every new copy of a VMA (split, fork, mremap) and close on every VMA
 * it frees, including one absorbed by a merge.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);	/* a copy of the VMA was made */
	void (*close)(struct vm_area_struct *vma);	/* the VMA is being freed */
};

struct vm_area_struct {
	unsigned long vm_start;		/* first address inside */
	unsigned long vm_end;		/* first address after */
	struct vm_area_struct *vm_next;	/* the next VMA up, or NULL */
	struct vm_area_struct *vm_prev;	/* the next VMA down, or NULL */
	struct mm_struct *vm_mm;	/* the address space it belongs to */
	pgprot_t vm_page_prot;		/* pte bits for its pages: vm_get_page_prot(vm_flags) */
	vm_flags_t vm_flags;		/* VM_* above */
	unsigned long vm_pgoff;		/* file offset of vm_start, in pages (anon: vm_start >> PAGE_SHIFT) */
	struct file *vm_file;		/* backing file (a reference), or NULL: anonymous */
	const struct vm_operations_struct *vm_ops;	/* backing object's hooks, or NULL */
	void *vm_private_data;		/* backing object (shmem), or NULL; VMAs merge only if equal */
	struct rb_node vm_rb;		/* node in mm->mm_rb, keyed by address (mm/vma.c) */
	/*
	 * The largest free gap below a VMA of this rb subtree: max over its
	 * VMAs v of vm_start_gap(v) - vm_end_gap(v->vm_prev) (augmented rbtree,
	 * so get_unmapped_area finds a hole in O(log n)).
	 */
	unsigned long rb_subtree_gap;
};

/* RSS counters, by kind of page (Linux's enum in mm_types_task.h). */
enum {
	MM_FILEPAGES,			/* pages of file-backed mappings */
	MM_ANONPAGES,			/* anonymous pages */
	MM_SWAPENTS,			/* swapped-out anonymous pages (swap issue) */
	MM_SHMEMPAGES,			/* shared anonymous pages */
	NR_MM_COUNTERS
};

/* auxv saved for /proc/PID/auxv: AT_* pairs, AT_NULL-terminated (Linux: 2 * (2 + 20 + 1)). */
#define AT_VECTOR_SIZE	46

/* find_vma's per-mm cache of recent hits, indexed by page number (mm/vma.c). */
#define VMACACHE_BITS	2
#define VMACACHE_SIZE	(1U << VMACACHE_BITS)

struct mm_struct {
	struct vm_area_struct *mmap;	/* the VMAs, sorted by address (lowest first) */
	struct rb_root mm_rb;		/* the same VMAs in a red-black tree (find_vma) */
	struct vm_area_struct *vmacache[VMACACHE_SIZE];	/* recent find_vma hits */
	unsigned long highest_vm_end;	/* vm_end of the highest VMA: the gap above starts here */
	int map_count;			/* how many */
	pgd_t *pgd;			/* top-level page table (direct-map address) */
	int mm_users;			/* tasks using this address space (atomic) */
	int mm_count;			/* references to this struct (atomic); mm_users count as one */
	spinlock_t page_table_lock;	/* page-table pages and the RSS counters */

	unsigned long mmap_base;	/* top-down get_unmapped_area starts below this */
	unsigned long task_size;	/* end of the user address space (TASK_SIZE) */
	unsigned long total_vm;		/* pages mapped by all VMAs */
	unsigned long data_vm;		/* ... private writable, not stack */
	unsigned long exec_vm;		/* ... executable, not writable */
	unsigned long stack_vm;		/* ... VM_GROWSDOWN */
	unsigned long locked_vm;	/* pages of VM_LOCKED VMAs (mlock) */
	vm_flags_t def_flags;		/* added to every new VMA: VM_LOCKED after mlockall(MCL_FUTURE) */
	unsigned long hiwater_rss;	/* the most resident pages ever (getrusage ru_maxrss) */
	unsigned long pgtables_bytes;	/* bytes of page-table pages below the pgd */
	unsigned long rss_stat[NR_MM_COUNTERS];	/* resident pages by kind */

	unsigned long start_code, end_code;	/* the executable's text */
	unsigned long start_data, end_data;	/* ... and data */
	unsigned long start_brk, brk;		/* the heap: [start_brk, brk) */
	unsigned long start_stack;		/* the initial user rsp (argc) */
	unsigned long arg_start, arg_end;	/* argv strings on the stack */
	unsigned long env_start, env_end;	/* envp strings on the stack */
	unsigned long saved_auxv[AT_VECTOR_SIZE];	/* the auxv given to the program */
	struct file *exe_file;		/* the executable (a reference), or NULL */
};

#endif /* MM_MM_TYPES_H */
