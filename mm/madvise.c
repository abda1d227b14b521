/*
 * mm/madvise.c - madvise(2): advice about how a range will be used
 * (Linux's mm/madvise.c).
 *
 * Each piece of advice is applied VMA by VMA over [start, end), as Linux's
 * madvise_walk_vmas does: holes in the range are skipped, and the call
 * then fails with -ENOMEM after advising everything that is mapped.
 *
 *   MADV_DONTNEED        drop the pages (zap_page_range): private memory
 *                        reads back as zeros afterwards (a fresh fault),
 *                        shared and file memory reads back its contents.
 *                        -EINVAL on a VM_LOCKED VMA (MADV_DONTNEED_LOCKED
 *                        allows it).
 *   MADV_FREE            the pages may go lazily; Pagoda drops them at
 *                        once, which the contract allows.  Private
 *                        anonymous memory only (-EINVAL otherwise).
 *   MADV_DONTFORK /      VM_DONTCOPY set / cleared: fork leaves the VMA out
 *   MADV_DOFORK
 *   MADV_WIPEONFORK /    VM_WIPEONFORK set / cleared: the child gets the VMA
 *   MADV_KEEPONFORK      with no pages (private anonymous only)
 *   MADV_DONTDUMP /      VM_DONTDUMP set / cleared
 *   MADV_DODUMP
 *   MADV_POPULATE_READ / fault the pages in (-EFAULT if the VMA does not
 *   MADV_POPULATE_WRITE  allow reading / writing)
 *   MADV_NORMAL, RANDOM, SEQUENTIAL, WILLNEED, COLD, PAGEOUT, MERGEABLE,
 *   UNMERGEABLE, HUGEPAGE, NOHUGEPAGE
 *                        accepted, nothing to do yet (hints for readahead,
 *                        reclaim, KSM and huge pages, which Pagoda does not
 *                        have; COLD and PAGEOUT still refuse locked VMAs)
 *   MADV_REMOVE          needs a shared writable file mapping, which
 *                        Pagoda cannot make: -EINVAL / -EACCES
 *   anything else        -EINVAL
 *
 * Flag changes go through vma_modify_flags (mm/vma.c): the VMA is split
 * at the range's edges, or merged with a neighbour that has the flags.
 * Errnos (Linux's): start unaligned, len negative: -EINVAL.
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#define MADV_DONTNEED_LOCKED	24

/* The flag a madvise sets (or, *clear, clears), or 0 if it changes no flag. */
static vm_flags_t madvise_flag(int behavior, bool *clear)
{
	*clear = behavior == MADV_DOFORK || behavior == MADV_KEEPONFORK ||
		 behavior == MADV_DODUMP;
	switch (behavior) {
	case MADV_DONTFORK:
	case MADV_DOFORK:
		return VM_DONTCOPY;
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return VM_WIPEONFORK;
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		return VM_DONTDUMP;
	default:
		return 0;
	}
}

/* Set or clear one flag on [start, end) of vma; *pprev = the VMA covering end. */
static int madvise_update_vma(struct vm_area_struct *vma, struct vm_area_struct **pprev,
			      unsigned long start, unsigned long end, int behavior)
{
	bool clear;
	vm_flags_t flag = madvise_flag(behavior, &clear);
	vm_flags_t newflags = clear ? vma->vm_flags & ~flag : vma->vm_flags | flag;

	if (flag == VM_WIPEONFORK && (vma->vm_file || (vma->vm_flags & VM_SHARED)))
		return -EINVAL;
	vma = vma_modify_flags(vma->vm_mm, vma, start, end, newflags);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	*pprev = vma;
	return 0;
}

/* MADV_DONTNEED / MADV_FREE: drop the pages of [start, end). */
static int madvise_dontneed(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			    int behavior)
{
	if ((vma->vm_flags & VM_LOCKED) && behavior != MADV_DONTNEED_LOCKED)
		return -EINVAL;
	if (behavior == MADV_FREE && (vma->vm_file || (vma->vm_flags & VM_SHARED)))
		return -EINVAL;
	zap_page_range(vma, start, end - start);
	return 0;
}

/* MADV_POPULATE_READ / _WRITE: fault [start, end) in. */
static int madvise_populate(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			    int behavior)
{
	vm_flags_t need = behavior == MADV_POPULATE_WRITE ? VM_WRITE : VM_READ;

	if (!(vma->vm_flags & need))
		return -EFAULT;
	return populate_vma_page_range(vma, start, end) ? -ENOMEM : 0;
}

/* Apply behavior to [start, end) of vma; *pprev is left at the VMA covering end. */
static int madvise_vma(struct vm_area_struct *vma, struct vm_area_struct **pprev,
		       unsigned long start, unsigned long end, int behavior)
{
	*pprev = vma;
	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_FREE:
		return madvise_dontneed(vma, start, end, behavior);
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return madvise_populate(vma, start, end, behavior);
	case MADV_REMOVE:
		return vma->vm_file ? -EACCES : -EINVAL;
	case MADV_COLD:
	case MADV_PAGEOUT:
		return (vma->vm_flags & VM_LOCKED) ? -EINVAL : 0;
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		return madvise_update_vma(vma, pprev, start, end, behavior);
	default:
		return 0;		/* a hint with nothing to do */
	}
}

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT: case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE: case MADV_DONTNEED_LOCKED:
		return true;
	default:
		return false;
	}
}

/* do_madvise - madvise(2) on mm (see the top comment). */
static int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in, int behavior)
{
	struct vm_area_struct *vma, *prev;
	unsigned long len, end, tmp;
	int unmapped_error = 0, err;

	if (!madvise_behavior_valid(behavior) || (start & ~PAGE_MASK))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	for (vma = find_vma(mm, start); start < end; vma = prev->vm_next) {
		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;	/* a hole: go on after it */
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		tmp = min(vma->vm_end, end);
		err = madvise_vma(vma, &prev, start, tmp, behavior);
		if (err)
			return err;
		start = max(tmp, prev->vm_end);
	}
	return unmapped_error;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len, int, behavior)
{
	return do_madvise(current->mm, start, len, behavior);
}
