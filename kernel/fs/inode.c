/*
 * kernel/fs/inode.c - inodes: allocation, reference counting, freeing
 * (Linux's fs/inode.c).
 *
 * An inode is a file system object.  It lives as long as something refers
 * to it (i_count: the dentry naming it, a pipe's files) *and*, for objects
 * with names, as long as it has a name (i_nlink).  ramfs keeps every named
 * inode pinned by its dentry, so the only way an inode dies is:
 *
 *	unlink/rmdir: i_nlink -> 0, the dentry leaves the tree, its ref goes
 *	the last open file or cwd lets go of the dentry -> dput -> iput
 *	iput: i_count -> 0 and i_nlink == 0 -> evict(): data pages, symlink
 *	      target, pipe buffer, and the inode itself are freed.
 *
 * That is Linux's "an unlinked file lives on while it is open".
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/tsc.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/slab.h"

static struct kmem_cache *inode_cachep;
static long inodes_alive;		/* atomic: for leak checks */

/* inode_init - the inode cache; vfs_init calls it once. */
void inode_init(void)
{
	inode_cachep = kmem_cache_create("inode_cache", sizeof(struct inode), 0, 0, NULL);
	BUG_ON(!inode_cachep);
}

/* current_time - seconds since boot (Pagoda has no wall clock in the VFS yet). */
struct timespec64 current_time(void)
{
	u64 ns = local_clock();

	return (struct timespec64){ .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
}

static unsigned long get_next_ino(struct super_block *sb)
{
	unsigned long ino;

	spin_lock(&sb->s_lock);
	ino = sb->s_next_ino++;
	spin_unlock(&sb->s_lock);
	return ino;
}

/* new_inode - see fs.h.  The caller sets i_mode, i_op and i_fop. */
struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kmem_cache_zalloc(inode_cachep, GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = get_next_ino(sb);
	inode->i_nlink = 1;
	inode->i_count = 1;
	spin_lock_init(&inode->i_lock);
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	__atomic_add_fetch(&inodes_alive, 1, __ATOMIC_RELAXED);
	return inode;
}

/* ihold - see fs.h. */
void ihold(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
}

static void evict(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		ramfs_evict_inode(inode);
	if (inode->i_pipe)
		free_pipe_info_inode(inode);
	kfree(inode->i_link);
	kmem_cache_free(inode_cachep, inode);
	__atomic_sub_fetch(&inodes_alive, 1, __ATOMIC_RELAXED);
}

/*
 * iput - see fs.h.  An inode with names left (i_nlink > 0) but no
 * references would be a cache entry in Linux; ramfs never has one (its
 * dentries pin their inodes), so a zero count with names is a bug.
 */
void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (__atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL))
		return;
	WARN_ON_ONCE(inode->i_nlink && inode->i_sb->s_root);
	evict(inode);
}

/* nr_inodes - see fs.h. */
long nr_inodes(void)
{
	return __atomic_load_n(&inodes_alive, __ATOMIC_RELAXED);
}

/*
 * init_special_inode - see fs.h.  Device nodes open through def_chr_fops
 * (char_dev.c), which finds the driver by i_rdev; FIFOs through the pipe
 * code; block devices through def_blk_fops (block_dev.c), which finds the
 * disk by i_rdev.  Sockets have no driver yet: opening one gives -ENXIO.
 */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &pipefifo_fops;
	} else if (S_ISBLK(mode)) {
		inode->i_fop = &def_blk_fops;
		inode->i_rdev = rdev;
	}
}
