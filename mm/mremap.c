/*
 * mm/mremap.c - mremap(2): grow, shrink or move a mapping (Linux's
 * mm/mremap.c).
 *
 * Three ways, tried in this order:
 *
 *   shrink      new_len <= old_len: unmap the tail [addr + new_len,
 *               addr + old_len) with do_munmap; the address stays.
 *
 *   grow in     the range ends where its VMA ends and the next
 *   place       new_len - old_len bytes are free: vma_merge stretches the
 *               VMA over them (and into the next VMA, if that one is
 *               compatible and now touches it).  No page moves.
 *
 *               [ vma: addr .. old end )[ free ........ ][ next ]
 *               [ vma: addr ............ new end )     ][ next ]
 *
 *   move        (MREMAP_MAYMOVE, or MREMAP_FIXED to a chosen address) a
 *               new VMA (copy_vma: a copy of the old one with the new
 *               bounds and the same file offset) gets the old range's
 *               page-table entries, moved one by one by move_page_tables -
 *               the pages themselves are not copied, and stay resident -
 *               then the old range is unmapped (nothing left to free in
 *               it) unless MREMAP_DONTUNMAP asked to keep it, empty.
 *
 *               old: [ A B C ]          new: [ A B C . . ]
 *                    ptes move ------------>  (. faults in later)
 *
 * Errnos (Linux's): unknown flags, MREMAP_FIXED without MREMAP_MAYMOVE,
 * MREMAP_DONTUNMAP resizing, unaligned addr, new_len 0, an overlapping
 * MREMAP_FIXED target, old_len 0: -EINVAL; addr not mapped or the old
 * range crossing the end of its VMA: -EFAULT; no room to grow in place
 * and no MREMAP_MAYMOVE, or out of memory: -ENOMEM.
 *
 * Accounting: a moved VMA is charged for new_len and the old range gives
 * its charge back when it is unmapped; growing in place charges the growth.
 */
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

#define MREMAP_FLAGS	(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)

/* Count n pages (negative: remove) of a VMA with flags, locked_vm included. */
static void mremap_account(struct mm_struct *mm, vm_flags_t flags, long n)
{
	vm_stat_account(mm, flags, n);
	if (flags & VM_LOCKED)
		mm->locked_vm += n;
}

/* The end of the pte table covering addr, clamped to end. */
static unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

/* Move one pte table's worth: [old, next) to new_addr on.  false if out of memory. */
static bool move_ptes(struct mm_struct *mm, pte_t *old_pte, unsigned long old_addr,
		      unsigned long next, unsigned long new_addr, unsigned long *moved)
{
	for (; old_addr < next; old_addr += PAGE_SIZE, new_addr += PAGE_SIZE, old_pte++) {
		pte_t *new_pte;

		if (!pte_none(*old_pte)) {
			new_pte = pte_alloc_map(mm, new_addr);
			if (!new_pte)
				return false;
			set_pte(new_pte, ptep_get_and_clear(old_pte));
		}
		*moved += PAGE_SIZE;
	}
	return true;
}

/*
 * move_page_tables - move the entries of [old_addr, old_addr + len) of
 * vma to new_addr in new_vma (same mm), allocating tables there; the old
 * range's TLB entries are flushed.  Returns the bytes done: len, or less
 * if a table could not be allocated.
 */
static unsigned long move_page_tables(struct vm_area_struct *vma, unsigned long old_addr,
				      struct vm_area_struct *new_vma, unsigned long new_addr,
				      unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long moved = 0, end = old_addr + len, addr, next;

	(void)new_vma;
	for (addr = old_addr; addr < end; addr = next) {
		pte_t *old_pte = follow_pte(mm, addr);

		next = pmd_addr_end(addr, end);
		if (!old_pte) {
			moved += next - addr;
			continue;
		}
		if (!move_ptes(mm, old_pte, addr, next, new_addr + (addr - old_addr), &moved))
			break;
	}
	flush_tlb_mm_range(mm, old_addr, end, PAGE_SHIFT, false);
	return moved;
}

/*
 * copy_vma - a VMA for [addr, addr + len) like *vma, at file offset pgoff:
 * a neighbour stretched over it (vma_merge) or a linked copy.  Not counted
 * yet.  NULL if out of memory.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma, unsigned long addr,
				       unsigned long len, unsigned long pgoff)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new, *prev;

	find_vma_prev(mm, addr, &prev);
	new = vma_merge(mm, prev, addr, addr + len, vma->vm_flags, vma->vm_file,
			vma->vm_private_data, pgoff);
	if (new)
		return new;
	new = vm_area_dup(vma);
	if (!new)
		return NULL;
	new->vm_start = addr;
	new->vm_end = addr + len;
	new->vm_pgoff = pgoff;
	vma_link(mm, new);		/* the caller made the room */
	return new;
}

/* Charge a move or growth: the increase is checked, new_pages - old_pages in all charged. */
static int mremap_charge(struct mm_struct *mm, struct vm_area_struct *vma, long old_pages,
			 long new_pages)
{
	if (!(vma->vm_flags & VM_ACCOUNT))
		return 0;
	if (__vm_enough_memory(mm, new_pages - old_pages))
		return -ENOMEM;
	vm_acct_memory(old_pages);
	return 0;
}

/* Move [old_addr, old_addr + old_len) of vma to new_addr, new_len long (see the top). */
static unsigned long move_vma(struct vm_area_struct *vma, unsigned long old_addr,
			      unsigned long old_len, unsigned long new_len,
			      unsigned long new_addr, unsigned long flags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	vm_flags_t vm_flags = vma->vm_flags;
	struct vm_area_struct *new_vma;

	if (mm->map_count >= sysctl_max_map_count - 3)
		return -ENOMEM;
	if (mremap_charge(mm, vma, old_len >> PAGE_SHIFT, new_len >> PAGE_SHIFT))
		return -ENOMEM;
	new_vma = copy_vma(vma, new_addr, new_len, pgoff);
	if (!new_vma)
		goto out_unacct;
	mremap_account(mm, vm_flags, new_len >> PAGE_SHIFT);
	if (move_page_tables(vma, old_addr, new_vma, new_addr, old_len) < old_len) {
		move_page_tables(new_vma, new_addr, vma, old_addr, old_len);
		do_munmap(mm, new_addr, new_len);
		return -ENOMEM;
	}
	if (!(flags & MREMAP_DONTUNMAP))
		do_munmap(mm, old_addr, old_len);
	if (vm_flags & VM_LOCKED)
		mm_populate(mm, new_addr + old_len, new_len - min(old_len, new_len));
	return new_addr;
out_unacct:
	if (vm_flags & VM_ACCOUNT)
		vm_unacct_memory(new_len >> PAGE_SHIFT);
	return -ENOMEM;
}

/* The VMA holding [addr, addr + old_len), checked for growing to new_len; ERR_PTR. */
static struct vm_area_struct *vma_to_resize(struct mm_struct *mm, unsigned long addr,
					    unsigned long old_len, unsigned long new_len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned long pgoff;

	if (!vma || vma->vm_start > addr)
		return ERR_PTR(-EFAULT);
	if (!old_len)
		return ERR_PTR(-EINVAL);	/* Linux allows it for shared memory only */
	if (old_len > vma->vm_end - addr)
		return ERR_PTR(-EFAULT);	/* across the end of the VMA */
	if (new_len == old_len)
		return vma;
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return ERR_PTR(-EINVAL);
	if (new_len > old_len && !may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT))
		return ERR_PTR(-ENOMEM);
	return vma;
}

/* Can vma grow by delta bytes where it is? */
static bool vma_expandable(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;

	if (end < vma->vm_end || end > TASK_SIZE)
		return false;
	return !find_vma_intersection(vma->vm_mm, vma->vm_end, end);
}

/* Grow vma (ending at addr + old_len) in place to new_len; addr or -ENOMEM. */
static unsigned long mremap_grow_in_place(struct vm_area_struct *vma, unsigned long addr,
					  unsigned long old_len, unsigned long new_len)
{
	struct mm_struct *mm = vma->vm_mm;
	long pages = (new_len - old_len) >> PAGE_SHIFT;
	vm_flags_t vm_flags = vma->vm_flags;
	unsigned long end = vma->vm_end;

	if (mremap_charge(mm, vma, 0, pages))
		return -ENOMEM;
	if (!vma_merge(mm, vma, end, end + (new_len - old_len), vm_flags, vma->vm_file,
		       vma->vm_private_data, vma->vm_pgoff + vma_pages(vma))) {
		if (vm_flags & VM_ACCOUNT)
			vm_unacct_memory(pages);
		return -ENOMEM;
	}
	mremap_account(mm, vm_flags, pages);
	if (vm_flags & VM_LOCKED)
		mm_populate(mm, addr + old_len, new_len - old_len);
	return addr;
}

/* MREMAP_FIXED / MREMAP_DONTUNMAP: move to new_addr (or anywhere, for DONTUNMAP alone). */
static unsigned long mremap_to(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			       unsigned long new_addr, unsigned long new_len, unsigned long flags)
{
	struct vm_area_struct *vma;
	unsigned long ret;
	int err;

	if ((flags & MREMAP_FIXED) &&
	    ((new_addr & ~PAGE_MASK) || new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;			/* the ranges overlap */
	if (flags & MREMAP_FIXED) {
		err = do_munmap(mm, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	ret = __get_unmapped_area(mm, vma->vm_file, new_addr, new_len, 0,
				  (flags & MREMAP_FIXED) ? MAP_FIXED : 0);
	if (IS_ERR_VALUE(ret))
		return ret;
	return move_vma(vma, addr, old_len, new_len, ret, flags);
}

/* do_mremap - mremap(2) on mm (see mmap.h and the top comment). */
unsigned long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			       unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	struct vm_area_struct *vma;
	unsigned long ret;

	if ((flags & ~MREMAP_FLAGS) || ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, addr, old_len, new_addr, new_len, flags);
	if (old_len >= new_len) {
		int err = old_len > new_len ? do_munmap(mm, addr + new_len, old_len - new_len) : 0;

		return err ? (unsigned long)err : addr;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	if (old_len == vma->vm_end - addr && vma_expandable(vma, new_len - old_len))
		return mremap_grow_in_place(vma, addr, old_len, new_len);
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	ret = __get_unmapped_area(mm, vma->vm_file, 0, new_len, 0, 0);
	if (IS_ERR_VALUE(ret))
		return ret;
	return move_vma(vma, addr, old_len, new_len, ret, flags);
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len,
		unsigned long, flags, unsigned long, new_addr)
{
	return do_mremap(current->mm, addr, old_len, new_len, flags, new_addr);
}
