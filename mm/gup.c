/*
 * mm/gup.c - faulting user pages in on purpose, for the kernel (Linux's
 * mm/gup.c, "get user pages", cut down).
 *
 * Most pages arrive through a fault the program itself takes.  Some the
 * kernel wants before anyone touches them, or in an mm it is not running
 * on:
 *   populate_vma_page_range   MAP_POPULATE and mlock: every page now
 *   access_remote_vm          exec writing the new stack and zeroing the
 *                             bss tail (bprm->mm), fork writing the child's
 *                             tid: bytes in and out of another mm
 * Both walk the range page by page: follow_page() finds the page if its pte
 * already allows the access; if not, faultin_page() calls handle_mm_fault()
 * exactly as a fault from the program would (a write fault for a write),
 * and follow_page() is asked again.  A swapped-out page (a swap pte) is
 * "not there" to follow_page, so the fault swaps it in (do_swap_page): mlock
 * and MAP_POPULATE bring swapped pages back this way.  The page is then reached through the
 * direct map, never through the user address.
 *
 * FOLL_FORCE is the kernel's right to write where the program may not (a
 * read-only ELF segment's bss tail, ptrace later): allowed in a private
 * mapping only, and only ever into a private copy - the write fault copies
 * the page first, and follow_page() accepts a read-only pte only for a page
 * that is this mapping's own (page_is_exclusive_anon), never the page cache
 * or a page shared after fork.
 *
 * Locking: the mm stable (mm/mmap.h).
 */
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

/* follow_page - the page mapped at addr, or NULL (see memory.h).  The mm stable. */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr, unsigned int foll_flags)
{
	pte_t *ptep = follow_pte(vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return NULL;
	pte = *ptep;
	if (!pte_present(pte))
		return NULL;
	if ((foll_flags & FOLL_WRITE) && !pte_write(pte)) {
		/* FOLL_FORCE writes only to a copy that is ours: never the page cache's. */
		if (!(foll_flags & FOLL_FORCE) ||
		    !page_is_exclusive_anon(vm_normal_page(vma, addr, pte)))
			return NULL;
	}
	return pfn_to_page(pte_pfn(pte));
}

/* ==== faulting in ==== */

/* faultin_page - handle_mm_fault for a gup access at addr: 0, -ENOMEM or -EFAULT. */
static int faultin_page(struct vm_area_struct *vma, unsigned long addr, unsigned int gup_flags)
{
	unsigned int flags = FAULT_FLAG_REMOTE;
	vm_fault_t ret;

	if (gup_flags & FOLL_WRITE)
		flags |= FAULT_FLAG_WRITE;
	ret = handle_mm_fault(vma, addr, flags, NULL);
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_ERROR)
		return -EFAULT;
	return 0;
}

/* populate_vma_page_range - fault in [start, end) of vma now (see memory.h).  The mm stable. */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* Break COW up front for a private writable mapping (Linux's FOLL_WRITE rule). */
	unsigned int gup_flags = is_cow_mapping(vma->vm_flags) && (vma->vm_flags & VM_WRITE) ?
				 FOLL_WRITE : 0;

	if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		return 0;		/* PROT_NONE: nothing may touch it, nothing to fault in */
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		int err;

		if (follow_page(vma, addr, gup_flags))
			continue;
		err = faultin_page(vma, addr, gup_flags);
		if (err)
			return err;
	}
	return 0;
}

/*
 * check_vma_flags - may a gup access with gup_flags touch vma at all?
 * FOLL_FORCE lets the kernel (exec, ptrace) read what it may map readable
 * and write a private copy of what it may map writable (Linux's).
 */
static bool check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	vm_flags_t vm_flags = vma->vm_flags;

	if (gup_flags & FOLL_WRITE) {
		if (vm_flags & VM_WRITE)
			return true;
		return (gup_flags & FOLL_FORCE) && is_cow_mapping(vm_flags);
	}
	if (vm_flags & VM_READ)
		return true;
	return (gup_flags & FOLL_FORCE) && (vm_flags & VM_MAYREAD);
}

/*
 * get_user_page_remote - the page at addr of mm for a gup access, faulted
 * in if needed; NULL if there is no VMA, the access is not allowed, or the
 * fault fails.  A write fault leaves a writable pte, or (FOLL_FORCE into a
 * read-only VMA) a private copy that follow_page accepts, so two tries do.
 */
static struct page *get_user_page_remote(struct mm_struct *mm, unsigned long addr,
					 unsigned int gup_flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr || !check_vma_flags(vma, gup_flags))
		return NULL;
	for (int tries = 0; tries < 3; tries++) {
		struct page *page = follow_page(vma, addr, gup_flags);

		if (page)
			return page;
		if (faultin_page(vma, addr, gup_flags))
			return NULL;
	}
	return NULL;
}

/* access_remote_vm - copy between buf and mm's memory at addr (see memory.h).  The mm stable. */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags)
{
	int done = 0;

	while (done < len) {
		unsigned long off = addr & ~PAGE_MASK;
		int chunk = min((unsigned long)(len - done), PAGE_SIZE - off);
		struct page *page = get_user_page_remote(mm, addr, gup_flags);
		char *kaddr;

		if (!page)
			break;
		kaddr = (char *)page_address(page) + off;
		if (gup_flags & FOLL_WRITE)
			memcpy(kaddr, (char *)buf + done, chunk);
		else
			memcpy((char *)buf + done, kaddr, chunk);
		done += chunk;
		addr += chunk;
	}
	return done;
}

