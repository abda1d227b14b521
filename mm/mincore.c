/*
 * mm/mincore.c - mincore(2): which pages of a range are resident (Linux's
 * mm/mincore.c).
 *
 * One byte per page goes to the user's vector, bit 0 set if the page is
 * in memory.  The answer comes from the page tables and, for a file, from
 * the file itself:
 *   - a pte that maps a page (present, or PROT_NONE) -> 1;
 *   - a swap entry -> whether its page is still in the swap cache (swapped
 *     out but not yet dropped, or already read back in): 1, else 0;
 *   - no pte, anonymous memory -> 0: never touched (or dropped), the
 *     first access will fault a page in;
 *   - no pte, a file mapping -> whether the file's page is in the page
 *     cache: every byte of a ramfs file lives in memory, so 1 for a page
 *     that holds file data (below i_size), 0 past the end of the file.
 * The page tables are walked one pte table at a time (follow_pte), a
 * missing table answering for its whole 2 MiB.  The vector is filled a
 * page of bytes at a time in a kernel buffer and copied out.
 *
 * Errnos (Linux's): start not page-aligned: -EINVAL; part of the range
 * not mapped, or outside user space: -ENOMEM; vec not writable: -EFAULT.
 */
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/gfp.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/swap.h"

/* Is the page at addr of vma, with no pte, in memory anyway (a file's page)? */
static unsigned char mincore_unmapped(struct vm_area_struct *vma, unsigned long addr)
{
	loff_t pos;

	if (!vma->vm_file || !vma->vm_file->f_inode)
		return 0;
	pos = ((loff_t)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
	return pos < vma->vm_file->f_inode->i_size;
}

/* Is the page of a swap pte in memory: in the swap cache (Linux's mincore_page)? */
static unsigned char mincore_swap(pte_t pte)
{
	struct page *page = find_get_swap_page(pte_to_swp_entry(pte));

	if (!page)
		return 0;
	put_page(page);
	return 1;
}

/* Fill vec for [addr, end) of vma, a pte table at a time; returns the pages done. */
static unsigned long mincore_vma(struct vm_area_struct *vma, unsigned long addr,
				 unsigned long end, unsigned char *vec)
{
	unsigned long n = 0;

	while (addr < end) {
		unsigned long first = addr, next = min((addr + PMD_SIZE) & PMD_MASK, end);
		pte_t *ptep = follow_pte(vma->vm_mm, addr);

		for (; addr < next; addr += PAGE_SIZE, n++) {
			pte_t pte = ptep ? ptep[(addr - first) >> PAGE_SHIFT] : __pte(0);

			if (pte_present(pte))
				vec[n] = 1;
			else if (is_swap_pte(pte))
				vec[n] = mincore_swap(pte);
			else
				vec[n] = mincore_unmapped(vma, addr);
		}
	}
	return n;
}

/* Up to pages pages from addr (inside one VMA) into vec; the count, or -ENOMEM. */
static long do_mincore(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		       unsigned char *vec)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned long end;

	if (!vma || vma->vm_start > addr)
		return -ENOMEM;
	end = min(vma->vm_end, addr + (pages << PAGE_SHIFT));
	return mincore_vma(vma, addr, end, vec);
}

SYSCALL_DEFINE3(mincore, unsigned long, start, size_t, len, unsigned char __user *, vec)
{
	unsigned long pages;
	unsigned char *tmp;
	long ret = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok((void __user *)start, len))
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	if (!access_ok(vec, pages))
		return -EFAULT;
	tmp = (unsigned char *)__get_free_page(GFP_KERNEL);
	if (!tmp)
		return -EAGAIN;
	while (pages) {
		ret = do_mincore(current->mm, start, min(pages, PAGE_SIZE), tmp);
		if (ret <= 0)
			break;
		if (copy_to_user(vec, tmp, ret)) {
			ret = -EFAULT;
			break;
		}
		pages -= ret;
		vec += ret;
		start += ret << PAGE_SHIFT;
		ret = 0;
	}
	free_page((unsigned long)tmp);
	return ret;
}
