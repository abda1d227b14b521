/*
 * kernel/fs/sync.c - sync(2), fsync(2) and fdatasync(2) (Linux's fs/sync.c).
 *
 * What there is to make durable on Pagoda: its file systems (the initramfs's
 * ramfs, proc) live in memory and have no backing store, so no file has
 * dirty data waiting for write-back; block devices (drivers/block/) are
 * written synchronously - a write returns when the device has it - but the
 * device may keep it in a volatile cache, which a flush request empties.
 * So:
 *
 *	sync()          flushes every block device's cache (blkdev_flush_all)
 *	fsync(fd)       a block device node: flushes that device; a regular
 *	fdatasync(fd)   file or directory: nothing to write, 0 (Linux's
 *	                noop_fsync of ramfs); pipes, ttys and other special
 *	                files: -EINVAL, as Linux (they have no fsync)
 *
 * Busybox's halt/poweroff/reboot call sync() before they signal init.
 */
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/syscalls.h"

/* sync(2): always succeeds (Linux's sync ignores write-back errors too). */
SYSCALL_DEFINE0(sync)
{
	blkdev_flush_all();
	return 0;
}

/* The body of fsync and fdatasync (Pagoda has no metadata to leave out). */
static long do_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	struct inode *inode;
	long ret = 0;

	if (!f)
		return -EBADF;
	inode = f->f_inode;
	if (S_ISBLK(inode->i_mode)) {
		struct block_device *bdev = blkdev_get_by_dev(inode->i_rdev);

		ret = bdev ? blkdev_flush(bdev) : -ENXIO;
	} else if (!S_ISREG(inode->i_mode) && !S_ISDIR(inode->i_mode)) {
		ret = -EINVAL;
	}
	fput(f);
	return ret;
}

/* fsync(2): see the top. */
SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd);
}

/* fdatasync(2): the same as fsync here. */
SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd);
}
