/*
 * kernel/fs/ramfs.c - the RAM file system (Linux's fs/ramfs/ and the
 * simple_* helpers of fs/libfs.c).
 *
 * ramfs keeps everything in memory and nothing anywhere else:
 *   - the names are the dentry tree itself (dcache.c): a directory's
 *     entries are its d_subdirs, and each new name is pinned there by an
 *     extra dget() until unlink/rmdir takes it out;
 *   - a regular file's bytes live in whole pages, one struct page per 4 KiB
 *     of file, in inode->i_data.pages[index] (index = offset / PAGE_SIZE):
 *     Linux's page cache in its simplest form.  A NULL slot is a hole that
 *     reads as zeros (a write past the end, or ftruncate up, makes holes).
 *     Pages come from alloc_page(), so that a later issue can map them into
 *     a process (mmap of a file) without copying;
 *   - a symlink's target is a kmalloc'd string in i_link.
 *
 * Invariants: i_size is the file's length; no page lies wholly past
 * i_size (truncate frees them); the bytes of the last page past i_size are
 * zero (truncate clears them, so growing the file again shows zeros).
 *
 * Locking: i_lock covers i_size and the page array's slots; allocation is
 * done outside it.  Reads and writes copy to and from user memory without
 * it (a copy may fault and, later, sleep): they rely on Pagoda's
 * non-preemptive kernel on one CPU for atomicity, see fs.h.
 */
#include "kernel/fs/fs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define MAX_LFS_FILESIZE	((loff_t)0x7fffffffffffffffLL)
/* ramfs files are limited by RAM: cap a file at 1 GiB so a bad offset cannot ask for 2^51 slots. */
#define RAMFS_MAX_FILESIZE	((loff_t)1 << 30)

struct super_block rootfs_sb = {
	.s_type = "rootfs",
	.s_dev = MKDEV(0, 1),
	.s_next_ino = 1,
	.s_lock = __SPIN_LOCK_UNLOCKED,
};

static const struct inode_operations ramfs_dir_inode_operations;
static const struct inode_operations ramfs_file_inode_operations;
static const struct inode_operations ramfs_symlink_inode_operations;
static const struct file_operations ramfs_file_operations;
static const struct file_operations simple_dir_operations;

/* ---- the page array ---- */

/* Makes room for slot index in mapping->pages; 0 or -ENOMEM. */
static int ramfs_grow_slots(struct address_space *mapping, unsigned long index)
{
	unsigned long n = mapping->nr_slots ? mapping->nr_slots : 4;
	struct page **pages;

	while (n <= index)
		n *= 2;
	if (n == mapping->nr_slots)
		return 0;
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (mapping->pages)
		memcpy(pages, mapping->pages, mapping->nr_slots * sizeof(*pages));
	kfree(mapping->pages);
	mapping->pages = pages;
	mapping->nr_slots = n;
	return 0;
}

/* find_get_page - the page at index of mapping, or NULL (a hole). */
static struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	return index < mapping->nr_slots ? mapping->pages[index] : NULL;
}

/*
 * ramfs_get_page - see fs.h: the page at index, allocated (zeroed) if it is
 * a hole; NULL if out of memory.  Also the page a file mapping's fault maps
 * (mm/memory.c, mm/shmem.c).
 */
struct page *ramfs_get_page(struct inode *inode, unsigned long index)
{
	struct address_space *mapping = &inode->i_data;
	struct page *page = find_get_page(mapping, index);

	if (page)
		return page;
	if (index >= mapping->nr_slots && ramfs_grow_slots(mapping, index))
		return NULL;
	page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	if (!page)
		return NULL;
	spin_lock(&inode->i_lock);
	mapping->pages[index] = page;
	mapping->nrpages++;
	spin_unlock(&inode->i_lock);
	return page;
}

/* Frees every page at or after index 'from'. */
static void ramfs_free_pages_from(struct inode *inode, unsigned long from)
{
	struct address_space *mapping = &inode->i_data;

	for (unsigned long i = from; i < mapping->nr_slots; i++) {
		if (mapping->pages[i]) {
			__free_page(mapping->pages[i]);
			mapping->pages[i] = NULL;
			mapping->nrpages--;
		}
	}
}

/* ramfs_evict_inode - see fs.h. */
void ramfs_evict_inode(struct inode *inode)
{
	ramfs_free_pages_from(inode, 0);
	kfree(inode->i_data.pages);
	inode->i_data.pages = NULL;
	inode->i_data.nr_slots = 0;
}

/* ramfs_nr_pages - see fs.h. */
unsigned long ramfs_nr_pages(struct inode *inode)
{
	return inode->i_data.nrpages;
}

/*
 * Sets the size.  Shrinking frees the pages past the new end and zeroes the
 * tail of the new last page, so that growing again reads zeros there.
 */
static int ramfs_truncate(struct inode *inode, loff_t size)
{
	struct page *page;
	unsigned long offset = size & (PAGE_SIZE - 1);

	if (size < 0)
		return -EINVAL;
	if (size > RAMFS_MAX_FILESIZE)
		return -EFBIG;
	if (size < inode->i_size) {
		ramfs_free_pages_from(inode, PAGE_ALIGN(size) >> PAGE_SHIFT);
		page = find_get_page(&inode->i_data, size >> PAGE_SHIFT);
		if (page && offset)
			memset((char *)page_address(page) + offset, 0, PAGE_SIZE - offset);
	}
	spin_lock(&inode->i_lock);
	inode->i_size = size;
	spin_unlock(&inode->i_lock);
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

static int ramfs_setattr(struct dentry *dentry, struct iattr *attr)
{
	if (attr->ia_valid & ATTR_SIZE)
		return ramfs_truncate(dentry->d_inode, attr->ia_size);
	return 0;
}

/* ---- regular files ---- */

/*
 * Reads [ki_pos, min(ki_pos + count, i_size)) page by page; a hole reads as
 * zeros.  Returns bytes read, or -EFAULT if the first copy faulted.
 */
static ssize_t ramfs_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = iocb->ki_filp->f_inode;
	loff_t pos = iocb->ki_pos;
	ssize_t done = 0;

	while (iov_iter_count(to) && pos < inode->i_size) {
		unsigned long offset = pos & (PAGE_SIZE - 1);
		size_t n = min((loff_t)(PAGE_SIZE - offset), inode->i_size - pos);
		struct page *page = find_get_page(&inode->i_data, pos >> PAGE_SHIFT);
		size_t copied;

		n = min(n, iov_iter_count(to));
		if (page)
			copied = copy_to_iter((char *)page_address(page) + offset, n, to);
		else
			copied = iov_iter_zero(n, to);
		pos += copied;
		done += copied;
		if (copied < n) {
			if (!done)
				return -EFAULT;
			break;
		}
	}
	iocb->ki_pos = pos;
	inode->i_atime = current_time();
	return done;
}

/*
 * Writes at ki_pos (at i_size with IOCB_APPEND), allocating pages as it
 * goes; the file grows to cover what was written.  Returns bytes written,
 * -EFAULT (nothing copied), -ENOSPC (no memory for the first page) or
 * -EFBIG (past the size limit).
 */
static ssize_t ramfs_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = iocb->ki_filp->f_inode;
	loff_t pos = (iocb->ki_flags & IOCB_APPEND) ? inode->i_size : iocb->ki_pos;
	ssize_t done = 0, err = 0;

	if (pos >= RAMFS_MAX_FILESIZE && iov_iter_count(from))
		return -EFBIG;
	while (iov_iter_count(from) && pos < RAMFS_MAX_FILESIZE) {
		unsigned long offset = pos & (PAGE_SIZE - 1);
		size_t n = min((size_t)(PAGE_SIZE - offset), iov_iter_count(from));
		struct page *page = ramfs_get_page(inode, pos >> PAGE_SHIFT);
		size_t copied;

		if (!page) {
			err = -ENOSPC;
			break;
		}
		copied = copy_from_iter((char *)page_address(page) + offset, n, from);
		pos += copied;
		done += copied;
		spin_lock(&inode->i_lock);
		if (pos > inode->i_size)
			inode->i_size = pos;
		spin_unlock(&inode->i_lock);
		if (copied < n) {
			err = -EFAULT;
			break;
		}
	}
	iocb->ki_pos = pos;
	if (done)
		inode->i_mtime = inode->i_ctime = current_time();
	return done ? done : err;
}

static const struct file_operations ramfs_file_operations = {
	.llseek = generic_file_llseek,
	.read_iter = ramfs_read_iter,
	.write_iter = ramfs_write_iter,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.setattr = ramfs_setattr,
};

/* ---- symlinks ---- */

/* simple_get_link - see fs.h. */
const char *simple_get_link(struct dentry *dentry)
{
	return dentry->d_inode->i_link;
}

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link = simple_get_link,
};

/* ---- directories ---- */

static const struct file_operations simple_dir_operations = {
	.llseek = no_seek_end_llseek,	/* positions readdir gave out (or 0) */
	.iterate_shared = dcache_readdir,
};

/* ramfs_get_inode - see fs.h. */
struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;		/* "." and its name in the parent */
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_inode_operations;
		break;
	default:
		init_special_inode(inode, mode, dev);
		break;
	}
	return inode;
}

/* Every name ramfs makes: a new inode, linked in and pinned (the extra dget). */
static int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOSPC;
	d_instantiate(dentry, inode);
	dget(dentry);
	dir->i_mtime = dir->i_ctime = current_time();
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, (mode & S_IALLUGO) | S_IFREG, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = ramfs_mknod(dir, dentry, (mode & S_IALLUGO) | S_IFDIR, 0);

	if (!err)
		dir->i_nlink++;			/* the new directory's ".." */
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	char *link = kmalloc(len + 1, GFP_KERNEL);

	if (!link)
		return -ENOSPC;
	memcpy(link, target, len + 1);
	inode = ramfs_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode) {
		kfree(link);
		return -ENOSPC;
	}
	inode->i_link = link;
	inode->i_size = len;
	d_instantiate(dentry, inode);
	dget(dentry);
	dir->i_mtime = dir->i_ctime = current_time();
	return 0;
}

/* A hard link: one more name for the inode, which the new dentry references (ihold). */
static int ramfs_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old_dentry->d_inode;

	inode->i_nlink++;
	inode->i_ctime = dir->i_mtime = dir->i_ctime = current_time();
	ihold(inode);
	d_instantiate(dentry, inode);
	dget(dentry);
	return 0;
}

/* The name goes (vfs_unlink then d_delete()s it); the inode lives while referenced. */
static int ramfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	inode->i_nlink--;
	inode->i_ctime = dir->i_mtime = dir->i_ctime = current_time();
	return 0;
}

/* vfs_rmdir checked that the directory is empty. */
static int ramfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	dentry->d_inode->i_nlink = 0;
	dir->i_nlink--;
	dir->i_mtime = dir->i_ctime = current_time();
	return 0;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
};

/*
 * init_rootfs - see fs.h.  The root directory's dentry is its own parent;
 * rootfs_sb.s_root holds the reference that keeps it forever.
 */
int init_rootfs(void)
{
	struct inode *root = ramfs_get_inode(&rootfs_sb, S_IFDIR | 0755, 0);

	if (!root)
		return -ENOMEM;
	rootfs_sb.s_root = d_make_root(root);
	return rootfs_sb.s_root ? 0 : -ENOMEM;
}
