/*
 * mm/mprotect.c - mprotect(2): change the protection of a range of an
 * address space (Linux's mm/mprotect.c).
 *
 * Two layers change, in this order:
 *
 * 1. The VMAs.  Protection is a property of a whole VMA, so the range
 *    [start, end) must become whole VMAs first.  For each VMA it touches,
 *    mprotect_fixup asks vma_merge whether a neighbour that already has the
 *    new flags can simply grow over the part that changes; if not, the VMA
 *    is split at start and/or end (mm/vma.c).  Read-only in the middle of
 *    a read-write VMA gives three VMAs; making it read-write again merges
 *    them back into one:
 *
 *      [ rw .................................. ]     one VMA
 *      mprotect(middle, PROT_READ)
 *      [ rw ..... ][ r ....... ][ rw ......... ]     split twice
 *      mprotect(middle, PROT_READ | PROT_WRITE)
 *      [ rw .................................. ]     merged (case 6)
 *
 * 2. The ptes.  change_protection rewrites every pte of the range that
 *    maps a page with the VMA's new vm_page_prot (pte_modify keeps the
 *    frame, accessed and dirty bits), then flushes the TLB.  PROT_NONE
 *    keeps the pages mapped, but not present to the MMU (_PAGE_PROTNONE):
 *    the data survives a later mprotect back.
 *
 * Copy-on-write stays safe: a private writable VMA's vm_page_prot is
 * PAGE_COPY, read-only.  change_protection makes a private page writable
 * only when can_change_pte_writable (mm/memory.c) says it is this
 * mapping's own - anonymous and mapped once (Linux 6's shortcut, saving
 * a fault); a page still shared after fork, the zero page or a file's page
 * stays read-only, so the next write faults and do_wp_page copies it.
 * Shared mappings get PAGE_SHARED, writable, as their pages are
 * everybody's anyway.
 *
 * Errnos (Linux's): start not page-aligned, unknown PROT_* bits, or both
 * PROT_GROWSDOWN and PROT_GROWSUP: -EINVAL; part of the range not mapped:
 * -ENOMEM (the VMAs before the hole are changed all the same, as in
 * Linux); a protection the VMA may not have (PROT_WRITE on a read-only
 * shared file mapping: no VM_MAYWRITE): -EACCES.
 *
 * Accounting: a private VMA made writable for the first time is charged
 * to the overcommit accounting (VM_ACCOUNT); total_vm is unchanged, but
 * data_vm/exec_vm follow the flags.
 */
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

#define PROT_SEM	0x8		/* accepted and ignored, as on x86 */

/* The end of the pte table covering addr, clamped to end. */
static unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

/*
 * Rewrite the mapped ptes of one pte table, [addr, end); returns how many.
 * A private page becomes writable only if can_change_pte_writable says it
 * is this mapping's alone (mm/memory.c); else it stays read-only for COW.
 */
static unsigned long change_pte_range(struct vm_area_struct *vma, pte_t *ptep,
				      unsigned long addr, unsigned long end, pgprot_t newprot)
{
	bool private_write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	unsigned long pages = 0;

	for (; addr < end; addr += PAGE_SIZE, ptep++) {
		pte_t pte = *ptep;

		if (!pte_present(pte))
			continue;		/* empty (or, later, a swap entry) */
		pte = pte_modify(ptep_get_and_clear(ptep), newprot);
		if (private_write && can_change_pte_writable(vma, addr, pte))
			pte = pte_mkwrite(pte);
		set_pte(ptep, pte);
		pages++;
	}
	return pages;
}

/* change_protection - new protection for the ptes of [start, end) (see mmap.h). */
unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
				unsigned long end, pgprot_t newprot)
{
	unsigned long addr, next, pages = 0;

	for (addr = start; addr < end; addr = next) {
		pte_t *ptep = follow_pte(vma->vm_mm, addr);

		next = pmd_addr_end(addr, end);
		if (ptep)
			pages += change_pte_range(vma, ptep, addr, next, newprot);
	}
	if (pages)
		flush_tlb_mm_range(vma->vm_mm, start, end, PAGE_SHIFT, false);
	return pages;
}

/*
 * Making a private VMA writable charges it (once: VM_ACCOUNT stays), and
 * RLIMIT_DATA may refuse it.  0 or -ENOMEM; *charged is what was charged.
 */
static int mprotect_charge(struct mm_struct *mm, vm_flags_t oldflags, vm_flags_t *newflags,
			   unsigned long nrpages, unsigned long *charged)
{
	*charged = 0;
	if (!(*newflags & VM_WRITE))
		return 0;
	if (!may_expand_vm(mm, *newflags, nrpages) && may_expand_vm(mm, oldflags, nrpages))
		return -ENOMEM;
	if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
		if (__vm_enough_memory(mm, nrpages))
			return -ENOMEM;
		*charged = nrpages;
		*newflags |= VM_ACCOUNT;
	}
	return 0;
}

/* mprotect_fixup - give [start, end) of vma newflags (see mmap.h). */
int mprotect_fixup(struct vm_area_struct *vma, struct vm_area_struct **pprev,
		   unsigned long start, unsigned long end, vm_flags_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t oldflags = vma->vm_flags;
	unsigned long nrpages = (end - start) >> PAGE_SHIFT, charged;
	int err;

	if (newflags == oldflags) {
		*pprev = vma;
		return 0;
	}
	err = mprotect_charge(mm, oldflags, &newflags, nrpages, &charged);
	if (err)
		return err;
	vma = vma_modify_flags(mm, vma, start, end, newflags);
	if (IS_ERR(vma)) {
		vm_unacct_memory(charged);
		return PTR_ERR(vma);
	}
	*pprev = vma;
	vma->vm_page_prot = vm_get_page_prot(newflags);
	change_protection(vma, start, end, vma->vm_page_prot);
	vm_stat_account(mm, oldflags, -(long)nrpages);
	vm_stat_account(mm, newflags, nrpages);
	if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED && (newflags & VM_WRITE))
		populate_vma_page_range(vma, start, end);	/* a locked page is always there */
	return 0;
}

/* The VMA flags prot asks for on vma; -EACCES if vma may not have them. */
static long mprotect_newflags(const struct vm_area_struct *vma, unsigned long prot)
{
	vm_flags_t newflags = calc_vm_prot_bits(prot) | (vma->vm_flags & ~VM_ACCESS_FLAGS);

	/* VM_MAY* sit 4 bits above VM_*: every access asked for needs its MAY. */
	if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
		return -EACCES;
	return newflags;
}

/*
 * The first VMA of [*start, end) - for PROT_GROWSDOWN, the stack VMA
 * holding end, with *start moved down to its start.  NULL: -ENOMEM (or
 * *err = -EINVAL: PROT_GROWSDOWN on a VMA that is not a stack).
 */
static struct vm_area_struct *mprotect_first_vma(struct mm_struct *mm, unsigned long *start,
						 unsigned long end, bool growsdown, int *err)
{
	struct vm_area_struct *vma = find_vma(mm, *start);

	*err = -ENOMEM;
	if (!vma)
		return NULL;
	if (growsdown) {
		if (vma->vm_start >= end)
			return NULL;
		*start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN)) {
			*err = -EINVAL;
			return NULL;
		}
		return vma;
	}
	return vma->vm_start > *start ? NULL : vma;
}

/* do_mprotect - mprotect(2) on mm (see mmap.h and the top comment). */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot)
{
	bool growsdown = prot & PROT_GROWSDOWN;
	struct vm_area_struct *vma, *prev;
	unsigned long end, tmp;
	long newflags;
	int err;

	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;			/* Linux's arch_validate_prot, after the length */
	vma = mprotect_first_vma(mm, &start, end, growsdown, &err);
	if (!vma)
		return err;
	for (;;) {
		newflags = mprotect_newflags(vma, prot);
		if (newflags < 0)
			return newflags;
		tmp = min(vma->vm_end, end);
		err = mprotect_fixup(vma, &prev, max(start, vma->vm_start), tmp, newflags);
		if (err)
			return err;
		start = max(tmp, prev->vm_end);
		if (start >= end)
			return 0;
		vma = prev->vm_next;
		if (!vma || vma->vm_start != start)
			return -ENOMEM;		/* a hole */
	}
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	return do_mprotect(current->mm, start, len, prot);
}
