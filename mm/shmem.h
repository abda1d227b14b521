/*
 * mm/shmem.h - shared anonymous memory (Linux's include/linux/shmem_fs.h,
 * the part mmap needs).
 *
 * A MAP_SHARED | MAP_ANONYMOUS mapping is backed by a shmem object: an
 * unnamed in-memory inode whose pages, by index, are the memory itself.
 * Every VMA that maps the object - the original, its fork copies, the
 * halves of a split - finds the same page at the same index, so a write
 * through one is seen through all.  mm/shmem.c has the details.
 */
#ifndef MM_SHMEM_H
#define MM_SHMEM_H

#include "kernel/fs/fs.h"
#include "mm/memory.h"

/*
 * shmem_zero_setup - back vma (a new MAP_SHARED | MAP_ANONYMOUS VMA, not
 * linked yet) with a fresh shmem object of the VMA's size: vm_private_data
 * becomes the object, vm_ops its open/close (a reference per VMA), vm_pgoff
 * 0.  Called by mmap_region.  0 or -ENOMEM.
 */
int shmem_zero_setup(struct vm_area_struct *vma);
/* vma_is_shmem - vma is backed by a shmem object (shmem_zero_setup). */
bool vma_is_shmem(const struct vm_area_struct *vma);
/*
 * shmem_fault - find (or allocate, zeroed) the object's page at vmf->pgoff
 * and put a reference to it in vmf->page.  0, VM_FAULT_SIGBUS past the
 * object's end, VM_FAULT_OOM.  The mm stable.
 */
vm_fault_t shmem_fault(struct vm_fault *vmf);
/*
 * shmem_file_setup - an open, unnamed in-memory file of size bytes on the
 * shmem super block (Linux's; memfd_create's and SysV shm's object), e.g.
 * to map MAP_PRIVATE in tests.  ERR_PTR(-ENOMEM) on failure.
 */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned long flags);

#endif /* MM_SHMEM_H */
