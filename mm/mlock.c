/*
 * mm/mlock.c - mlock(2), munlock(2), mlockall(2), munlockall(2): keep
 * pages in memory (Linux's mm/mlock.c).
 *
 * Locking is a VMA flag, VM_LOCKED.  mlock(addr, len) makes [addr, end)
 * whole VMAs with VM_LOCKED set - merging with locked neighbours or
 * splitting, like mprotect (vma_modify_flags, mm/vma.c) - then faults
 * every page of it in (mm_populate), so that a locked range never takes a
 * page fault for a missing page.  From then on:
 *   - reclaim never swaps a page a VM_LOCKED VMA maps (mm/vmscan.c keeps it
 *     active, mm/rmap.c's try_to_unmap refuses it), and a page swapped out
 *     before mlock is read back in by mm_populate's faults (do_swap_page)
 *     and gives up its swap slot there;
 *   - a new VMA inherits VM_LOCKED from mm->def_flags after
 *     mlockall(MCL_FUTURE), and is populated when it is made
 *     (__do_mmap, vm_brk_flags, mremap);
 *   - fork does not inherit locks (dup_mmap clears VM_LOCKED and
 *     def_flags), as POSIX says.
 * munlock clears the flag (and merges back); the pages stay, they are just
 * ordinary pages again.
 *
 *   mlock(b..c)       [ a ........ d ]  ->  [ a..b ][ b..c L ][ c..d ]
 *   munlock(b..c)                       ->  [ a ........ d ]   (merged)
 *
 * Accounting: mm->locked_vm counts the pages of VM_LOCKED VMAs (each page
 * once, however often it is locked).  RLIMIT_MEMLOCK is not enforced:
 * every Pagoda process is root, and root has CAP_IPC_LOCK.
 *
 * Errnos (Linux's): part of the range not mapped: -ENOMEM (the mapped part
 * before the hole is locked all the same); pages that cannot be faulted in
 * for lack of memory: -EAGAIN; mlockall with no flag, an unknown flag, or
 * MCL_ONFAULT alone: -EINVAL.
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"
#include "mm/mmap.h"

/* Set or clear VM_LOCKED on [start, end) of vma; *pprev = the VMA covering end. */
static int mlock_fixup(struct vm_area_struct *vma, struct vm_area_struct **pprev,
		       unsigned long start, unsigned long end, vm_flags_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t oldflags = vma->vm_flags;
	long nr_pages = (end - start) >> PAGE_SHIFT;

	*pprev = vma;
	if (newflags == oldflags)
		return 0;
	vma = vma_modify_flags(mm, vma, start, end, newflags);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	*pprev = vma;
	mm->locked_vm += (newflags & VM_LOCKED) ? nr_pages : -nr_pages;
	return 0;
}

/* Lock (flags VM_LOCKED) or unlock (0) every VMA of [start, start + len); 0 or -ENOMEM. */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start, size_t len,
				vm_flags_t flags)
{
	unsigned long end = start + len, tmp;
	struct vm_area_struct *vma, *prev;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (;;) {
		tmp = min(vma->vm_end, end);
		err = mlock_fixup(vma, &prev, max(start, vma->vm_start), tmp,
				  (vma->vm_flags & ~VM_LOCKED) | flags);
		if (err)
			return err;
		start = max(tmp, prev->vm_end);
		if (start >= end)
			return 0;
		vma = prev->vm_next;
		if (!vma || vma->vm_start != start)
			return -ENOMEM;
	}
}

/* mlock(2): lock, then fault everything in (ENOMEM there is POSIX's EAGAIN). */
static int do_mlock(struct mm_struct *mm, unsigned long start, size_t len)
{
	int err;

	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	err = apply_vma_lock_flags(mm, start, len, VM_LOCKED);
	if (err)
		return err;
	err = mm_populate(mm, start, len);
	return err == -ENOMEM ? -EAGAIN : err;
}

/* MCL_FUTURE sets def_flags; MCL_CURRENT (or munlockall, flags 0) every VMA. */
static void apply_mlockall_flags(struct mm_struct *mm, int flags)
{
	struct vm_area_struct *vma, *prev;

	mm->def_flags &= ~VM_LOCKED;
	if (flags & MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED;
		if (!(flags & MCL_CURRENT))
			return;
	}
	for (vma = mm->mmap; vma; vma = prev->vm_next) {
		vm_flags_t newflags = (vma->vm_flags & ~VM_LOCKED) |
				      ((flags & MCL_CURRENT) ? VM_LOCKED : 0);

		if (mlock_fixup(vma, &prev, vma->vm_start, vma->vm_end, newflags))
			prev = vma;		/* errors are ignored, as in Linux */
	}
}

SYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)
{
	return do_mlock(current->mm, start, len);
}

SYSCALL_DEFINE2(munlock, unsigned long, start, size_t, len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	return apply_vma_lock_flags(current->mm, start & PAGE_MASK, len, 0);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	struct mm_struct *mm = current->mm;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	apply_mlockall_flags(mm, flags);
	if ((flags & MCL_CURRENT) && !(flags & MCL_ONFAULT))
		mm_populate(mm, 0, TASK_SIZE);	/* best effort */
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	apply_mlockall_flags(current->mm, 0);
	return 0;
}
