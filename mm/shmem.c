/*
 * mm/shmem.c - shared anonymous memory: a minimal shmem (Linux's
 * mm/shmem.c, without tmpfs's names, quotas or swap).
 *
 * The object is an inode of a super block of its own ("tmpfs"), with no
 * name anywhere (i_nlink 0): its data pages are a ramfs page array
 * (kernel/fs/ramfs.c, inode->i_data.pages[index]), "pages by index".
 * shmem_zero_setup() makes one for a MAP_SHARED | MAP_ANONYMOUS VMA and
 * hangs it on the VMA as vm_private_data, with vm_ops = shmem_anon_vm_ops
 * and vm_pgoff 0; from there mm/mmap.c's rules (mm/mm_types.h) do the rest:
 *   - every new copy of a VMA (fork, split, mremap) calls ->open: one more
 *     inode reference (ihold); every VMA freed calls ->close (iput);
 *   - a fork child's VMA maps the same object, and copy_page_range copies
 *     no pte: the child's faults find the same pages by index;
 *   - a split shifts vm_pgoff, so each half still finds its pages at
 *     vm_pgoff + (addr - vm_start) / PAGE_SIZE;
 *   - the last VMA's close drops the last reference: iput evicts the inode
 *     and ramfs_evict_inode frees its pages.
 * Linux hangs a file ("/dev/zero (deleted)") on vm_file instead; the page
 * store and the reference rules are the same.
 *
 * A page of the object has one reference from the object plus one per pte
 * mapping it; PG_swapbacked marks it as shmem (MM_SHMEMPAGES in the RSS),
 * as in Linux.  The object's size is the VMA's at creation: a fault past it
 * (a shared anonymous mapping grown by mremap) is SIGBUS, as in Linux.
 *
 * Locking: the inode's i_lock covers the page array (ramfs.c); i_count
 * is atomic.
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "mm/mm.h"
#include "mm/shmem.h"

/* The super block of every shmem object (Linux's shm_mnt). */
static struct super_block shmem_sb = {
	.s_type = "tmpfs",
	.s_dev = MKDEV(0, 5),
	.s_next_ino = 1,
	.s_lock = __SPIN_LOCK_UNLOCKED,
};

/* A new object of size bytes: an unnamed ramfs-style regular inode (i_count 1), or NULL. */
static struct inode *shmem_get_inode(loff_t size)
{
	struct inode *inode = ramfs_get_inode(&shmem_sb, S_IFREG | 0600, 0);

	if (!inode)
		return NULL;
	inode->i_size = size;
	inode->i_nlink = 0;		/* no name anywhere: it lives while referenced */
	return inode;
}

/* A VMA was copied (fork, split, mremap): the copy holds its own reference. */
static void shmem_vma_open(struct vm_area_struct *vma)
{
	ihold(vma->vm_private_data);
}

/* A VMA is being freed: its reference goes; the last one frees the pages. */
static void shmem_vma_close(struct vm_area_struct *vma)
{
	iput(vma->vm_private_data);
}

static const struct vm_operations_struct shmem_anon_vm_ops = {
	.open = shmem_vma_open,
	.close = shmem_vma_close,
};

/* vma_is_shmem - see shmem.h. */
bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_anon_vm_ops;
}

/* shmem_zero_setup - see shmem.h. */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct inode *inode = shmem_get_inode(vma->vm_end - vma->vm_start);

	if (!inode)
		return -ENOMEM;
	vma->vm_private_data = inode;
	vma->vm_ops = &shmem_anon_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}

/* shmem_fault - see shmem.h. */
vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct inode *inode = vmf->vma->vm_private_data;
	struct page *page;

	if (vmf->pgoff >= DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	page = ramfs_get_page(inode, vmf->pgoff);
	if (!page)
		return VM_FAULT_OOM;
	SetPageSwapBacked(page);
	get_page(page);
	vmf->page = page;
	return 0;
}

/* shmem_file_setup - see shmem.h.  name and flags are Linux's arguments; unused. */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned long flags)
{
	struct inode *inode = shmem_get_inode(size);
	struct file *file;

	(void)name;
	(void)flags;
	if (!inode)
		return ERR_PTR(-ENOMEM);
	file = alloc_file(NULL, inode, O_RDWR, inode->i_fop);
	iput(inode);			/* the file holds its own reference */
	return file;
}
