/*
 * mm/mmap.h - address spaces and their VMAs: the public API of mm/mmap.c
 * (VMAs, mmap/munmap/brk) and of the mm_struct life cycle in kernel/fork.c
 * (Linux spreads this over include/linux/mm.h, mman.h and sched/mm.h).
 *
 * The types are in mm/mm_types.h; the page tables under a VMA are
 * mm/memory.h's business.
 *
 * Where Linux works on current->mm implicitly, the __-prefixed functions
 * here take the mm: execve builds a whole new address space before the
 * point of no return (kernel/exec.c), while current still runs on the old
 * one.  The unprefixed Linux names work on current->mm.
 *
 * Locking: one CPU and no kernel preemption today, and an mm is only ever
 * changed by a task using it (or by exec/fork/tests on an mm nobody runs
 * yet); a vfork parent sleeps while its child uses the shared mm.  So there
 * is no mmap_lock yet - the SMP issue adds Linux's (an rwsem).
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable_types.h"
#include "mm/mm_types.h"

struct task_struct;

/* ---- the user address-space layout (DESIGN.md §2; Linux's values) ---- */
#define TASK_SIZE		TASK_SIZE_MAX		/* 0x00007ffffffff000 */
#define STACK_TOP		TASK_SIZE		/* the stack ends right below */
#define STACK_TOP_MAX		TASK_SIZE
/* mmap never hands out (and MAP_FIXED refuses) addresses below this (Debian's vm.mmap_min_addr). */
#define mmap_min_addr		65536UL
/* The stack gap below STACK_TOP that mmap_base keeps free: RLIMIT_STACK clamped to these. */
#define MIN_GAP			(128UL << 20)
#define MAX_GAP			(TASK_SIZE / 6 * 5)
/* Default RLIMIT_STACK (8 MiB) and the stack execve maps beyond the arguments (Linux: 128 KiB). */
#define _STK_LIM		(8UL << 20)
#define STACK_INIT_SIZE		(128UL << 10)

/* ---- mmap(2) arguments (Linux's uapi values) ---- */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_32BIT		0x40
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000

/* ---- the life cycle of an mm (kernel/fork.c, as in Linux) ---- */
/* mm_alloc - a new empty address space (pgd with the kernel half, no VMA), mm_users 1; NULL if out of memory. */
struct mm_struct *mm_alloc(void);
/* mmget - one more user (CLONE_VM/vfork). */
static inline void mmget(struct mm_struct *mm) { __atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED); }
/* mmgrab - one more reference to the struct alone (it stays allocated, its mappings may go). */
static inline void mmgrab(struct mm_struct *mm) { __atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED); }
/* mmput - drop a user; the last one unmaps everything (exit_mmap) and drops the users' mmgrab. */
void mmput(struct mm_struct *mm);
/* mmdrop - drop a struct reference; the last one frees the pgd and the struct. */
void mmdrop(struct mm_struct *mm);
/* dup_mm - the address space fork gives the child: a copy of oldmm (dup_mmap). NULL if out of memory. */
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm);

/* ---- mremap(2), madvise(2), mlockall(2) arguments (Linux's uapi values) ---- */
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11
#define MADV_MERGEABLE		12
#define MADV_UNMERGEABLE	13
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21

#define MCL_CURRENT		1
#define MCL_FUTURE		2
#define MCL_ONFAULT		4

/* ---- mm/vma.c: the VMA set (list + augmented rbtree + cache) ---- */
/* stack_guard_gap - bytes kept free below a VM_GROWSDOWN VMA (Linux: 256 pages). */
extern unsigned long stack_guard_gap;
/* sysctl_max_map_count - the most VMAs one mm may have (Linux's default 65530). */
extern int sysctl_max_map_count;

/* vma_pages - the VMA's length in pages. */
static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}
/* vm_start_gap - where vma's room starts: a stack's start less the guard gap (0 at worst). */
static inline unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= stack_guard_gap;
		if (start > vma->vm_start)
			start = 0;
	}
	return start;
}
/* vm_end_gap - where vma's room ends (x86 has no VM_GROWSUP: vm_end). */
static inline unsigned long vm_end_gap(const struct vm_area_struct *vma)
{
	return vma->vm_end;
}

/* find_vma - the first VMA with vm_end > addr (it may start above addr), or NULL.  O(log n), cached. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* find_vma_prev - find_vma(mm, addr), and in *pprev the VMA before it (the last VMA if none). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/* find_vma_intersection - the first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
/* vmacache_invalidate - empty mm's find_vma cache (any VMA moved or went away). */
void vmacache_invalidate(struct mm_struct *mm);
/*
 * vma_link - put vma (bounds set, not linked) into mm's list and tree, and
 * count it in map_count; -ENOMEM if it overlaps a VMA (nothing changed).
 * No accounting of total_vm and friends: the callers do that.
 */
int vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
/* vma_unlink - take vma out of mm's list, tree and cache (not freed, pages untouched). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
/*
 * vma_set_range - give a linked vma new bounds and file offset, keeping
 * the tree's gaps right.  The caller makes sure it overlaps no other VMA.
 */
void vma_set_range(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, unsigned long pgoff);
/*
 * __split_vma - cut vma at addr (page-aligned, strictly inside): a new VMA
 * takes [vm_start, addr) if new_below, else [addr, vm_end); vma keeps the
 * rest.  Page tables are untouched.  0, -EINVAL (addr not inside) or
 * -ENOMEM.  split_vma also refuses (-ENOMEM) past sysctl_max_map_count.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		int new_below);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below);
/*
 * vma_merge - [addr, end) (a hole, or part of existing VMAs, right after
 * prev - NULL: at the bottom) is to have vm_flags, file, backing object
 * priv and file offset pgoff: if prev and/or the next VMA can simply
 * cover it, make them do so (freeing VMAs that are swallowed) and return
 * the VMA that now covers it; else NULL, nothing changed.  Accounting is
 * unchanged (the callers account for the flags they change).
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end, vm_flags_t vm_flags,
				 struct file *file, void *priv, unsigned long pgoff);

/*
 * vma_modify_flags - the step mprotect, mlock and madvise share: make
 * [start, end) (inside vma) exactly one VMA
 * with vm_flags = newflags, merging with a neighbour or splitting vma at
 * the edges.  Returns that VMA (vma itself, or the neighbour it merged
 * into: vma may be gone), or ERR_PTR(-ENOMEM).  If vma has newflags
 * already, returns vma untouched (it may be larger than the range).  Nothing else changes: the
 * caller accounts and rewrites vm_page_prot and the ptes.
 */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long start, unsigned long end, vm_flags_t newflags);

/* What get_unmapped_area looks for (Linux's struct vm_unmapped_area_info, no alignment). */
struct vm_unmapped_area_info {
	unsigned long length;		/* bytes */
	unsigned long low_limit;	/* the range must start at or above this */
	unsigned long high_limit;	/* ... and end at or below this */
};
/*
 * unmapped_area_topdown - the highest address a range of info->length
 * bytes can start at, free of VMAs and of stack guard gaps, within the
 * limits: O(log n) on the augmented tree.  -ENOMEM (as an unsigned long)
 * if there is none.
 */
unsigned long unmapped_area_topdown(struct mm_struct *mm, const struct vm_unmapped_area_info *info);
/* vma_tree_validate - NULL if mm's VMA structures hold their invariants, else what is broken. */
const char *vma_tree_validate(struct mm_struct *mm);

/* ---- mm/mmap.c ---- */
/*
 * init_mm - the kernel's address space: init_top_pgt and no VMAs (Linux's
 * name).  Pagoda's scheduler writes it as NULL (switch_mm(prev, NULL)
 * loads init_top_pgt) and lets kernel threads borrow the last user mm.
 */
extern struct mm_struct init_mm;

/* vm_area_alloc - a zeroed VMA of mm (not inserted yet); NULL if out of memory. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/*
 * vm_area_dup - a copy of orig, not linked anywhere, holding its own
 * references: to the file, and to the backing object (vm_ops->open).
 */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
/* vm_area_free - free a VMA that is not linked (vm_ops->close, drops the file reference). */
void vm_area_free(struct vm_area_struct *vma);
/*
 * insert_vm_struct - link vma into mm and count it in total_vm (and the
 * other counters); -ENOMEM if it overlaps an existing VMA (nothing
 * changed then).  The range is not populated.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/* vm_get_page_prot - the pte protection bits for vm_flags (Linux's protection_map). */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);
/* calc_vm_prot_bits / calc_vm_flag_bits - mmap's prot and flags as VM_* flags. */
vm_flags_t calc_vm_prot_bits(unsigned long prot);
vm_flags_t calc_vm_flag_bits(unsigned long flags);

/*
 * arch_pick_mmap_layout - set mm->mmap_base (and task_size) for a new
 * image: below a gap under STACK_TOP as large as the stack rlimit, clamped
 * to [MIN_GAP, MAX_GAP] (Linux's mmap_base() with randomisation off).
 */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlimit);
/*
 * __get_unmapped_area - a free range of len bytes in mm: addr itself if a
 * hint and free (guard gaps included), else the highest hole below
 * mmap_base (top-down, as Linux's arch_get_unmapped_area_topdown); with
 * MAP_FIXED, addr as it is.  Returns the address, or -ENOMEM / -EINVAL
 * (as an unsigned long: IS_ERR_VALUE).
 */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				  unsigned long len, unsigned long pgoff, unsigned long flags);
/*
 * mmap_region - map [addr, addr + len) of mm with vm_flags, backed by file
 * from page pgoff (file NULL: anonymous; VM_SHARED anonymous gets a shmem
 * object, shmem_zero_setup), replacing whatever was mapped there.  Nothing
 * is populated: pages come on the first fault.  Charges the overcommit
 * accounting for private writable mappings (VM_ACCOUNT), merges with a
 * compatible neighbour when it can.  Returns addr or -errno.
 */
unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, vm_flags_t vm_flags, unsigned long pgoff);
/*
 * __do_mmap / do_mmap - mmap(2) on mm / current->mm: checks prot, flags and
 * length as Linux does (-EINVAL, -ENOMEM, -EACCES, -ENODEV, -EEXIST, -EPERM,
 * -EOVERFLOW), picks the address, calls mmap_region, and populates the
 * range for MAP_POPULATE or VM_LOCKED (mm_populate: best effort, as Linux).
 * vm_flags are added to those derived from prot/flags.  pgoff is in pages.
 * Returns the address or -errno.
 */
unsigned long __do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long prot, unsigned long flags,
			vm_flags_t vm_flags, unsigned long pgoff);
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff);
/*
 * mm_populate - fault in every page of the accessible VMAs in
 * [start, start + len) of mm (populate_vma_page_range).  0, or the first
 * error (-ENOMEM...); callers that populate as a courtesy ignore it.
 */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len);
/*
 * do_munmap - unmap [start, start + len) of mm: VMAs partly inside are split,
 * the pages freed, empty page tables freed, the TLB flushed.  A range with
 * nothing mapped is fine.  0 or -EINVAL (unaligned, empty or outside user
 * space), -ENOMEM (a split could not allocate, or too many VMAs).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
/*
 * vm_brk_flags - an anonymous mapping [addr, addr + len) with flags added to
 * VM_DATA_DEFAULT_FLAGS (the heap, an ELF bss); 0 or -errno.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len, vm_flags_t flags);
/*
 * expand_stack - grow the VM_GROWSDOWN vma down to cover address (a page
 * fault below it).  0, or -ENOMEM past RLIMIT_STACK, into another
 * mapping's guard gap, or out of memory (the fault path then sends
 * SIGSEGV); -EFAULT if vma is not a stack.  Counts the new pages.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address);
/*
 * dup_mmap - fork's copy of oldmm into the empty mm: every VMA (but
 * VM_DONTCOPY ones; VM_LOCKED dropped: locks are not inherited), and the
 * page tables under it (copy_page_range: copy-on-write).  0 or -ENOMEM
 * (mm is then torn down by the caller's mmput).
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
/* exit_mmap - unmap and free every VMA, page and page table of mm (the last mmput). */
void exit_mmap(struct mm_struct *mm);
/* get_mm_rss - resident pages of mm, all kinds. */
unsigned long get_mm_rss(struct mm_struct *mm);

/* ---- mm/util.c: accounting ---- */
/*
 * vm_committed_as - pages charged by every VM_ACCOUNT mapping (private
 * writable, not MAP_NORESERVE) of every mm: /proc/meminfo's Committed_AS.
 */
extern long vm_committed_as;
/* total_swap_pages - swap space in pages (0 until the swap issue adds swapon). */
extern unsigned long total_swap_pages;
/* /proc/sys/vm/overcommit_memory's policies (Linux's values). */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2
/* sysctl_overcommit_memory - the policy (default GUESS); sysctl_overcommit_ratio - % of RAM (50). */
extern int sysctl_overcommit_memory;
extern int sysctl_overcommit_ratio;
/* vm_commit_limit - /proc/meminfo's CommitLimit: overcommit_ratio% of RAM + swap, in pages. */
unsigned long vm_commit_limit(void);
/*
 * __vm_enough_memory - the overcommit check for sysctl_overcommit_memory:
 * GUESS (Linux's heuristic, the default) refuses a single request for
 * more pages than RAM + swap; ALWAYS never refuses; NEVER refuses once
 * Committed_AS would pass CommitLimit.  -ENOMEM when refused; otherwise
 * 0, and the pages are charged to vm_committed_as.
 */
int __vm_enough_memory(struct mm_struct *mm, long pages);
/* vm_acct_memory - charge pages to vm_committed_as without the check. */
void vm_acct_memory(long pages);
/* vm_unacct_memory - give back pages charged by __vm_enough_memory. */
void vm_unacct_memory(long pages);
/* vm_stat_account - count npages (negative: remove) of a mapping with flags in mm's totals. */
void vm_stat_account(struct mm_struct *mm, vm_flags_t flags, long npages);
/*
 * may_expand_vm - may mm map npages more with flags?  false past
 * RLIMIT_AS (total_vm) or RLIMIT_DATA (data_vm, private writable).
 */
bool may_expand_vm(struct mm_struct *mm, vm_flags_t flags, unsigned long npages);

/* ---- mm/mprotect.c, mm/mremap.c ---- */
/* do_mprotect - mprotect(2) on mm: 0 or -EINVAL/-ENOMEM/-EACCES (Linux's). */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot);
/*
 * do_mremap - mremap(2) on mm: the mapping's (new) address, or -EINVAL,
 * -EFAULT, -ENOMEM as an unsigned long (IS_ERR_VALUE).
 */
unsigned long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags, unsigned long new_addr);
/*
 * change_protection - rewrite the ptes of [start, end) in vma for newprot;
 * a private page becomes writable only if it is this mapping's alone
 * (can_change_pte_writable, mm/memory.c), so a copy-on-write page stays
 * read-only.  Flushes the TLB.  Returns the number of ptes changed.
 */
unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
				unsigned long end, pgprot_t newprot);
/*
 * mprotect_fixup - give [start, end) (inside vma) newflags: merge with a
 * neighbour, or split vma at the edges, then account and rewrite the
 * ptes.  *pprev is set to the VMA now covering the range's end.  0 or -ENOMEM.
 */
int mprotect_fixup(struct vm_area_struct *vma, struct vm_area_struct **pprev,
		   unsigned long start, unsigned long end, vm_flags_t newflags);

#endif /* MM_MMAP_H */
