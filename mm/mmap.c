/*
 * mm/mmap.c - virtual memory areas and the system calls that make them:
 * mmap, munmap, brk (Linux's mm/mmap.c, before the maple tree).
 *
 * An address space (struct mm_struct, mm/mm_types.h) is a sorted,
 * non-overlapping list of VMAs, mm->mmap, linked through vm_next/vm_prev.
 * Lookups walk the list: O(n), fine for the few dozen VMAs a static program
 * has; the virtual-memory issue puts a tree beside the list (Linux's
 * mm_rb) without changing these functions' names or contracts.
 *
 * The pieces:
 *   find_vma / find_vma_intersection      lookups
 *   insert_vm_struct / __split_vma         linking and splitting
 *   __get_unmapped_area                    top-down search below mmap_base
 *   mmap_region                            make a VMA and populate it
 *   __do_mmap / do_mmap / sys_mmap         mmap(2)'s checks, then mmap_region
 *   do_munmap / sys_munmap                 split at the edges, zap, free
 *   vm_brk_flags / sys_brk                 the heap
 *   dup_mmap / exit_mmap                   fork and the last mmput
 *
 * Eager allocation (allowed for this issue): mmap_region populates every
 * page of a VMA that allows any access (mm/memory.c), reading file-backed
 * private mappings in with kernel_read.  PROT_NONE VMAs are not populated;
 * nothing can touch them.  MAP_SHARED anonymous memory stays shared across
 * fork (copy_page_range maps the same pages); MAP_SHARED writable file
 * mappings need a page cache and are refused (-ENODEV) until there is one.
 *
 * Invariants (checked by mm/mmap_test.c): VMAs sorted, page-aligned, not
 * overlapping, map_count == list length, total_vm == the sum of their
 * pages; a pte is present only inside a VMA.
 *
 * Locking: see mm/mmap.h.
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"

/* Most VMAs one mm may have (Linux's sysctl_max_map_count default). */
#define MAX_MAP_COUNT	65530

/* init_mm - the kernel's own address space (Linux's mm/init-mm.c). */
struct mm_struct init_mm = {
	.pgd		= init_top_pgt,
	.mm_users	= 2,
	.mm_count	= 1,
	.page_table_lock = __SPIN_LOCK_UNLOCKED,
	.mmap_base	= TASK_SIZE,
	.task_size	= TASK_SIZE,
};

/* ==== protections ==== */

/*
 * protection_map - pte bits for each combination of VM_READ, VM_WRITE,
 * VM_EXEC and VM_SHARED (Linux's arch/x86/mm/pgprot.c).  Private writable
 * is PAGE_COPY - read-only - because a private page is writable only once
 * it is this mapping's own copy (maybe_mkwrite, mm/memory.h).
 */
static const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};

/* vm_get_page_prot - pte protection for vm_flags (see mmap.h). */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	return protection_map[vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)];
}

/* calc_vm_prot_bits - PROT_* as VM_*. */
vm_flags_t calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* calc_vm_flag_bits - the MAP_* flags that become VM_* flags. */
vm_flags_t calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	       ((flags & MAP_NORESERVE) ? VM_NORESERVE : 0);
}

/* ==== VMAs ==== */

/* vm_area_alloc - see mmap.h. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

/* vm_area_dup - see mmap.h. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	*vma = *orig;
	vma->vm_next = vma->vm_prev = NULL;
	if (vma->vm_file)
		get_file(vma->vm_file);
	return vma;
}

/* vm_area_free - see mmap.h. */
void vm_area_free(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

static unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* vm_stat_account - count npages of a mapping with flags in mm's totals (Linux's). */
static void vm_stat_account(struct mm_struct *mm, vm_flags_t flags, long npages)
{
	mm->total_vm += npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += npages;
	else if (flags & VM_STACK)
		mm->stack_vm += npages;
	else if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		mm->data_vm += npages;
}

/* find_vma - the first VMA with vm_end > addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

/* find_vma_intersection - the first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < end)
		return vma;
	return NULL;
}

/* The last VMA that starts below addr (the one insert would put a new VMA after), or NULL. */
static struct vm_area_struct *find_vma_prev_start(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma, *prev = NULL;

	for (vma = mm->mmap; vma && vma->vm_start < addr; vma = vma->vm_next)
		prev = vma;
	return prev;
}

/* Link vma into the list after prev (NULL: first). */
static void __vma_link_list(struct mm_struct *mm, struct vm_area_struct *vma,
			    struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	mm->map_count++;
}

/* Unlink vma from mm's list (it is not freed). */
static void __vma_unlink_list(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_prev)
		vma->vm_prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	if (vma->vm_next)
		vma->vm_next->vm_prev = vma->vm_prev;
	vma->vm_next = vma->vm_prev = NULL;
	mm->map_count--;
}

/* insert_vm_struct - link vma in order; -ENOMEM on overlap (see mmap.h). */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;

	if (vma->vm_start >= vma->vm_end || (vma->vm_start | vma->vm_end) & ~PAGE_MASK ||
	    vma->vm_end > TASK_SIZE)
		return -EINVAL;
	if (find_vma_intersection(mm, vma->vm_start, vma->vm_end))
		return -ENOMEM;
	prev = find_vma_prev_start(mm, vma->vm_start);
	vma->vm_mm = mm;
	__vma_link_list(mm, vma, prev);
	vm_stat_account(mm, vma->vm_flags, vma_pages(vma));
	return 0;
}

/*
 * __split_vma - cut vma in two at addr (page-aligned, strictly inside).
 * new_below: the new VMA is the lower part [vm_start, addr), else the upper
 * part.  The pages stay mapped where they are; only the bookkeeping
 * changes.  0 or -ENOMEM.
 */
static int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		       int new_below)
{
	struct vm_area_struct *new = vm_area_dup(vma);

	if (!new)
		return -ENOMEM;
	if (new_below) {
		new->vm_end = addr;
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
		__vma_link_list(mm, new, vma->vm_prev);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
		__vma_link_list(mm, new, vma);
	}
	return 0;
}

/* Unlink vma, drop its pages and free it (page tables: the caller's free_pgtables). */
static void remove_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	__vma_unlink_list(mm, vma);
	vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
	zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	vm_area_free(vma);
}

/* ==== layout ==== */

/* arch_pick_mmap_layout - mmap_base below the stack gap (see mmap.h). */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlimit)
{
	unsigned long gap = stack_rlimit;

	if (gap < MIN_GAP)
		gap = MIN_GAP;
	if (gap > MAX_GAP)
		gap = MAX_GAP;
	mm->task_size = TASK_SIZE;
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE - gap);
}

/* Is [addr, addr + len) free of VMAs and inside [mmap_min_addr, TASK_SIZE)? */
static bool range_is_free(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	return addr >= mmap_min_addr && addr <= TASK_SIZE - len &&
	       !find_vma_intersection(mm, addr, addr + len);
}

/*
 * The highest hole of len bytes below mmap_base: walk the VMAs from the
 * top down, keeping `high` the lowest start seen (Linux's
 * unmapped_area_topdown, on a list instead of an augmented tree).
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len)
{
	unsigned long high = mm->mmap_base;
	struct vm_area_struct *vma = mm->mmap;

	while (vma && vma->vm_next)
		vma = vma->vm_next;
	for (; vma; vma = vma->vm_prev) {
		if (vma->vm_start >= high)
			continue;
		if (vma->vm_end <= high && high - vma->vm_end >= len)
			return high - len;
		high = vma->vm_start;
	}
	if (high >= mmap_min_addr + len)
		return high - len;
	return -ENOMEM;
}

/* __get_unmapped_area - where a new mapping of len bytes goes (see mmap.h). */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				  unsigned long len, unsigned long pgoff, unsigned long flags)
{
	(void)file;
	(void)pgoff;
	if (len > TASK_SIZE - mmap_min_addr)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		return addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (range_is_free(mm, addr, len))
			return addr;
	}
	return unmapped_area_topdown(mm, len);
}

/* ==== mapping ==== */

/* Total swap pages (the swap issue fills this in). */
static unsigned long total_swap_pages;

/* __vm_enough_memory - Linux's OVERCOMMIT_GUESS: more than RAM + swap can never fit. */
int __vm_enough_memory(struct mm_struct *mm, long pages)
{
	(void)mm;
	if (pages > 0 && (unsigned long)pages > totalram_pages + total_swap_pages)
		return -ENOMEM;
	return 0;
}

/*
 * An anonymous private mapping [addr, addr + len) right after prev with the
 * same flags can simply extend prev (Linux's vma_merge, the common case:
 * the heap growing with brk).  Returns prev extended, or NULL.
 */
static struct vm_area_struct *vma_merge_after(struct mm_struct *mm, unsigned long addr,
					      unsigned long len, vm_flags_t vm_flags,
					      struct file *file)
{
	struct vm_area_struct *prev = find_vma_prev_start(mm, addr);

	if (file || !prev || prev->vm_file || prev->vm_end != addr || prev->vm_flags != vm_flags ||
	    (vm_flags & (VM_SHARED | VM_GROWSDOWN)))
		return NULL;
	if (prev->vm_next && prev->vm_next->vm_start < addr + len)
		return NULL;
	prev->vm_end = addr + len;
	vm_stat_account(mm, vm_flags, len >> PAGE_SHIFT);
	return prev;
}

/* mmap_region - create (or extend) the VMA and populate it (see mmap.h). */
unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, vm_flags_t vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma;
	int err;

	if (!(vm_flags & VM_NORESERVE) && __vm_enough_memory(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	err = do_munmap(mm, addr, len);		/* MAP_FIXED replaces what was there */
	if (err)
		return err;
	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	vma = vma_merge_after(mm, addr, len, vm_flags, file);
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma)
			return -ENOMEM;
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_flags = vm_flags;
		vma->vm_page_prot = vm_get_page_prot(vm_flags);
		vma->vm_pgoff = file ? pgoff : addr >> PAGE_SHIFT;
		if (file)
			vma->vm_file = get_file(file);
		err = insert_vm_struct(mm, vma);
		if (err) {
			vm_area_free(vma);
			return err;
		}
	}
	if (vm_flags & VM_ACCESS_FLAGS) {
		err = populate_vma_page_range(vma, addr, addr + len);
		if (err) {
			do_munmap(mm, addr, len);
			return err == -EIO ? -EIO : -ENOMEM;
		}
	}
	return addr;
}

/*
 * The VM_* flags a file mapping of type MAP_SHARED/PRIVATE adds, or -errno.
 * Only regular files can be mapped (read into the pages eagerly); a device
 * or a pipe is -ENODEV.
 */
static long file_mmap_flags(struct file *file, unsigned long prot, unsigned long flags)
{
	if (!file->f_inode || !S_ISREG(file->f_inode->i_mode))
		return -ENODEV;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		/* No page cache yet: a read-only shared mapping is a private copy. */
		if (prot & PROT_WRITE)
			return -ENODEV;
		return VM_MAYSHARE;
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		return 0;
	default:
		return -EINVAL;
	}
}

/* __do_mmap - mmap(2) for mm (see mmap.h). */
unsigned long __do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long prot, unsigned long flags,
			vm_flags_t vm_flags, unsigned long pgoff)
{
	long extra;

	if (!len)
		return -EINVAL;
	if (!(flags & MAP_FIXED) && addr < mmap_min_addr)
		addr = 0;			/* round_hint_to_min */
	if ((flags & MAP_FIXED) && addr < mmap_min_addr)
		return -EPERM;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (file) {
		extra = file_mmap_flags(file, prot, flags);
		if (extra < 0)
			return extra;
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
		case MAP_SHARED_VALIDATE:
			extra = VM_SHARED | VM_MAYSHARE;
			pgoff = 0;
			break;
		case MAP_PRIVATE:
			extra = 0;
			break;
		default:
			return -EINVAL;
		}
	}
	addr = __get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags |= calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | VM_MAY_FLAGS | extra;
	return mmap_region(mm, file, addr, len, vm_flags, pgoff);
}

/* do_mmap - __do_mmap on current->mm. */
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff)
{
	return __do_mmap(current->mm, file, addr, len, prot, flags, vm_flags, pgoff);
}

/* do_munmap - unmap [start, start + len) of mm (see mmap.h). */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *next;
	unsigned long end;
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (len == 0)
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start) {
		err = __split_vma(mm, vma, start, 1);	/* vma becomes [start, ...) */
		if (err)
			return err;
	}
	for (; vma && vma->vm_start < end; vma = next) {
		if (vma->vm_end > end) {
			err = __split_vma(mm, vma, end, 0);	/* vma becomes [..., end) */
			if (err)
				return err;
		}
		next = vma->vm_next;
		remove_vma(mm, vma);
	}
	free_pgtables(mm, start, end);
	return 0;
}

/* vm_brk_flags - an anonymous data mapping (see mmap.h). */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len, vm_flags_t flags)
{
	unsigned long ret;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr < mmap_min_addr || addr > TASK_SIZE - len || (addr & ~PAGE_MASK))
		return -EINVAL;
	ret = mmap_region(mm, NULL, addr, len, flags | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT,
			  addr >> PAGE_SHIFT);
	return IS_ERR_VALUE(ret) ? (int)ret : 0;
}

/* ==== fork and exit ==== */

/* dup_mmap - copy every VMA of oldmm, and its pages, into mm (see mmap.h). */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma, *new, *prev = NULL;
	int err;

	for (vma = oldmm->mmap; vma; vma = vma->vm_next) {
		new = vm_area_dup(vma);
		if (!new)
			return -ENOMEM;
		new->vm_mm = mm;
		__vma_link_list(mm, new, prev);
		vm_stat_account(mm, new->vm_flags, vma_pages(new));
		prev = new;
		err = copy_page_range(new, vma);
		if (err)
			return err;
	}
	return 0;
}

/* exit_mmap - tear down every mapping of mm (see mmap.h). */
void exit_mmap(struct mm_struct *mm)
{
	while (mm->mmap)
		remove_vma(mm, mm->mmap);
	free_pgtables(mm, 0, TASK_SIZE);
	WARN_ON_ONCE(mm->pgtables_bytes || mm->map_count || mm->total_vm);
}

/* get_mm_rss - resident pages of every kind. */
unsigned long get_mm_rss(struct mm_struct *mm)
{
	return mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_ANONPAGES] +
	       mm->rss_stat[MM_SHMEMPAGES];
}

/* ==== system calls ==== */

/*
 * mmap(2): x86-64 passes a byte offset, which must be page-aligned (Linux's
 * arch/x86/kernel/sys_x86_64.c), then ksys_mmap_pgoff.
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	struct file *file = NULL;
	unsigned long ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((unsigned int)fd);
		if (!file)
			return -EBADF;
	}
	ret = do_mmap(file, addr, len, prot, flags & ~MAP_DENYWRITE & ~MAP_EXECUTABLE, 0,
		      off >> PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	return do_munmap(current->mm, addr, len);
}

/*
 * brk(2): move the end of the heap.  Returns the new break, or the old one
 * if it cannot move (Linux's convention: brk never returns an error code).
 * Shrinking frees the pages; growing must not run into the next mapping.
 */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk;
	struct vm_area_struct *next;

	if (!mm || brk < mm->start_brk)
		return mm ? mm->brk : 0;
	if (current->rlim[RLIMIT_DATA].rlim_cur != RLIM_INFINITY &&
	    brk - mm->start_brk + (mm->end_data - mm->start_data) > current->rlim[RLIMIT_DATA].rlim_cur)
		return mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk < mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start)
		return mm->brk;
	if (vm_brk_flags(mm, oldbrk, newbrk - oldbrk, 0))
		return mm->brk;
	mm->brk = brk;
	return brk;
}
