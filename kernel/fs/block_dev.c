/*
 * kernel/fs/block_dev.c - block device nodes: /dev/vda as a file (Linux's
 * block/fops.c, the old fs/block_dev.c; buffered through a bounce buffer
 * instead of the page cache).
 *
 * A block device node is an inode with S_IFBLK and i_rdev (major:minor),
 * made by add_disk() (drivers/block/blkdev.c) or mknod.  init_special_inode
 * gives it def_blk_fops, whose open finds the registered block_device by
 * i_rdev (-ENXIO if none) and keeps it in file->private_data.
 *
 * read/write work at any byte offset and length, as on Linux: the range is
 * widened to whole 512-byte sectors, moved through a bounce buffer of up to
 * 64 KiB (the user's buffer is never handed to the device), and a partial
 * sector at either end of a write is read first (read-modify-write).  The
 * file is the device's size: reads at or past the end return 0, writes
 * there -ENOSPC, and lseek(SEEK_END) is relative to it.  Each call is
 * synchronous: when write() returns the data is on the device (in its
 * cache; fsync is not wired yet: blkdev_flush() is the kernel's way).
 *
 * No lock here: two writers to one sector race as they would on Linux
 * without O_DIRECT coordination; the block layer keeps each request whole.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/page.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "mm/gfp.h"

#define BLK_BOUNCE_ORDER	4	/* 64 KiB */

/*
 * A bounce buffer for a transfer of want bytes (sector-widened): the
 * smallest power-of-two number of pages that holds it, at most 64 KiB;
 * one page if that much is not free.  *size says what was given.
 */
static void *blk_bounce_alloc(size_t want, size_t *size)
{
	unsigned int order = 0;
	unsigned long buf;

	while (order < BLK_BOUNCE_ORDER && (PAGE_SIZE << order) < want)
		order++;
	buf = __get_free_pages(GFP_KERNEL | __GFP_NOWARN, order);
	*size = PAGE_SIZE << order;
	if (!buf && order) {
		buf = __get_free_pages(GFP_KERNEL, 0);
		*size = PAGE_SIZE;
	}
	return (void *)buf;
}

static void blk_bounce_free(void *buf, size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	free_pages((unsigned long)buf, order);
}

/* Bytes of the whole sectors that [pos, pos + count) touches. */
static size_t blk_span(loff_t pos, size_t count)
{
	return ALIGN((size_t)(pos & (SECTOR_SIZE - 1)) + count, (size_t)SECTOR_SIZE);
}

/* open: find the device by number (Linux's blkdev_open). */
static int blkdev_open(struct inode *inode, struct file *filp)
{
	struct block_device *bdev = blkdev_get_by_dev(inode->i_rdev);

	if (!bdev)
		return -ENXIO;
	if ((filp->f_mode & FMODE_WRITE) && bdev->read_only)
		return -EROFS;
	filp->private_data = bdev;
	return 0;
}

/* lseek against the device's size (Linux's blkdev_llseek). */
static loff_t blkdev_llseek(struct file *file, loff_t offset, int whence)
{
	struct block_device *bdev = file->private_data;

	return fixed_size_llseek(file, offset, whence, bdev_nr_bytes(bdev));
}

/* read: whole sectors into the bounce buffer, the asked bytes out of it. */
static ssize_t blkdev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct block_device *bdev = iocb->ki_filp->private_data;
	loff_t size = bdev_nr_bytes(bdev), pos = iocb->ki_pos;
	size_t count = iov_iter_count(to), done = 0, bsize;
	ssize_t err = 0;
	u8 *bounce;

	if (pos >= size || !count)
		return 0;
	count = min(count, (size_t)(size - pos));
	bounce = blk_bounce_alloc(blk_span(pos, count), &bsize);
	if (!bounce)
		return -ENOMEM;
	while (count) {
		size_t off = pos & (SECTOR_SIZE - 1);
		size_t n = min(bsize, ALIGN(off + count, (size_t)SECTOR_SIZE));
		size_t c = min(n - off, count), copied;

		err = blkdev_read(bdev, pos >> SECTOR_SHIFT, bounce, n);
		if (err)
			break;
		copied = copy_to_iter(bounce + off, c, to);
		done += copied;
		pos += copied;
		count -= copied;
		if (copied < c) {
			err = -EFAULT;
			break;
		}
	}
	blk_bounce_free(bounce, bsize);
	iocb->ki_pos = pos;
	return done ? (ssize_t)done : err;
}

/* write: read-modify-write of partial sectors at either end, then whole sectors out. */
static ssize_t blkdev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct block_device *bdev = iocb->ki_filp->private_data;
	loff_t size = bdev_nr_bytes(bdev), pos = iocb->ki_pos;
	size_t count = iov_iter_count(from), done = 0, bsize;
	ssize_t err = 0;
	u8 *bounce;

	if (!count)
		return 0;
	if (pos >= size)
		return -ENOSPC;
	count = min(count, (size_t)(size - pos));
	bounce = blk_bounce_alloc(blk_span(pos, count), &bsize);
	if (!bounce)
		return -ENOMEM;
	while (count) {
		size_t off = pos & (SECTOR_SIZE - 1);
		size_t n = min(bsize, ALIGN(off + count, (size_t)SECTOR_SIZE));
		size_t c = min(n - off, count);
		u64 sector = pos >> SECTOR_SHIFT;

		if ((off || c < n - off) && (err = blkdev_read(bdev, sector, bounce, n)))
			break;
		if (copy_from_iter(bounce + off, c, from) < c) {
			err = -EFAULT;
			break;
		}
		err = blkdev_write(bdev, sector, bounce, n);
		if (err)
			break;
		done += c;
		pos += c;
		count -= c;
	}
	blk_bounce_free(bounce, bsize);
	iocb->ki_pos = pos;
	return done ? (ssize_t)done : err;
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.llseek = blkdev_llseek,
	.read_iter = blkdev_read_iter,
	.write_iter = blkdev_write_iter,
};
