/*
 * drivers/block/blkdev.c - the block layer: range checks, splitting into
 * requests, the registry of disks and their /dev nodes (Linux's
 * block/blk-core.c, block/genhd.c, cut down to synchronous calls; see
 * blkdev.h).
 *
 * A request never crosses the device's end and never exceeds max_sectors
 * (nor, for vectored I/O, max_segments pieces); a longer read or write
 * becomes several requests in order, and the first failure ends the call
 * with its error (what came before it is done).  What the driver gets is
 * always a vector (struct kvec pieces): a plain read or write is a vector
 * of one piece per request.
 * Errors are logged in Linux's words ("I/O error, dev vda, sector N op
 * 0x0:(READ)") by the driver, which knows the cause.
 *
 * Locking: bdevs_lock covers the registry list; devices are never removed,
 * so a pointer from blkdev_get_by_*() stays valid.  The counters are
 * updated without a lock (statistics only).
 */
#include "drivers/block/blkdev.h"
#include "arch/x86_64/page.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

static LIST_HEAD(all_bdevs);
static DEFINE_SPINLOCK(bdevs_lock);

/* Checks [sector, +len) lies inside bdev and is whole sectors. */
static int blk_check_range(struct block_device *bdev, u64 sector, size_t len)
{
	u64 nr = len >> SECTOR_SHIFT;

	if (len & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (sector > bdev->nr_sectors || nr > bdev->nr_sectors - sector)
		return -EINVAL;
	return 0;
}

/* One request through the driver, counted. */
static int blk_submit(struct block_device *bdev, enum req_op op, u64 sector,
		      const struct kvec *vec, unsigned int nr_vecs)
{
	int err = bdev->submit(bdev, op, sector, vec, nr_vecs);

	if (err)
		bdev->nr_errors++;
	else if (op == REQ_OP_READ)
		bdev->nr_reads++;
	else if (op == REQ_OP_WRITE)
		bdev->nr_writes++;
	else
		bdev->nr_flushes++;
	return err;
}

/* Splits [sector, +len) into requests of at most max_sectors; 0 or the first error. */
static int blk_do_io(struct block_device *bdev, enum req_op op, u64 sector, void *buf,
		     size_t len)
{
	int err = blk_check_range(bdev, sector, len);

	if (err)
		return err;
	while (len) {
		struct kvec piece = { buf, min(len, (size_t)bdev->max_sectors << SECTOR_SHIFT) };

		err = blk_submit(bdev, op, sector, &piece, 1);
		if (err)
			return err;
		sector += piece.iov_len >> SECTOR_SHIFT;
		buf = (u8 *)buf + piece.iov_len;
		len -= piece.iov_len;
	}
	return 0;
}

/* A piece of vectored I/O must be whole sectors inside one page (one segment). */
static bool blk_kvec_ok(const struct kvec *piece)
{
	unsigned long in_page = (unsigned long)piece->iov_base & (PAGE_SIZE - 1);

	return piece->iov_len && !(piece->iov_len & (SECTOR_SIZE - 1)) &&
	       in_page + piece->iov_len <= PAGE_SIZE;
}

/*
 * Groups the pieces of vec into requests of at most max_segments pieces
 * and max_sectors sectors, each request starting where the last ended.
 * 0 or the first error.
 */
static int blk_do_iov(struct block_device *bdev, enum req_op op, u64 sector,
		      const struct kvec *vec, unsigned int nr_vecs)
{
	size_t total = 0;
	int err;

	for (unsigned int i = 0; i < nr_vecs; i++) {
		if (!blk_kvec_ok(&vec[i]))
			return -EINVAL;
		total += vec[i].iov_len;
	}
	err = blk_check_range(bdev, sector, total);
	while (!err && nr_vecs) {
		unsigned int n = 0;
		u64 sectors = 0;

		while (n < nr_vecs && n < bdev->max_segments &&
		       sectors + (vec[n].iov_len >> SECTOR_SHIFT) <= bdev->max_sectors)
			sectors += vec[n++].iov_len >> SECTOR_SHIFT;
		if (!n)
			return -EINVAL;		/* a device that takes less than a page */
		err = blk_submit(bdev, op, sector, vec, n);
		sector += sectors;
		vec += n;
		nr_vecs -= n;
	}
	return err;
}

/* blkdev_read - see blkdev.h. */
int blkdev_read(struct block_device *bdev, u64 sector, void *buf, size_t len)
{
	return blk_do_io(bdev, REQ_OP_READ, sector, buf, len);
}

/* blkdev_write - see blkdev.h. */
int blkdev_write(struct block_device *bdev, u64 sector, const void *buf, size_t len)
{
	if (bdev->read_only)
		return -EROFS;
	return blk_do_io(bdev, REQ_OP_WRITE, sector, (void *)buf, len);
}

/* blkdev_readv - see blkdev.h. */
int blkdev_readv(struct block_device *bdev, u64 sector, const struct kvec *vec,
		 unsigned int nr_vecs)
{
	return blk_do_iov(bdev, REQ_OP_READ, sector, vec, nr_vecs);
}

/* blkdev_writev - see blkdev.h. */
int blkdev_writev(struct block_device *bdev, u64 sector, const struct kvec *vec,
		  unsigned int nr_vecs)
{
	if (bdev->read_only)
		return -EROFS;
	return blk_do_iov(bdev, REQ_OP_WRITE, sector, vec, nr_vecs);
}

/* blkdev_flush - see blkdev.h. */
int blkdev_flush(struct block_device *bdev)
{
	return blk_submit(bdev, REQ_OP_FLUSH, 0, NULL, 0);
}

/* blkdev_flush_all - see blkdev.h. */
int blkdev_flush_all(void)
{
	struct block_device *bdev;
	int ret = 0;

	/* Devices are never removed: an entry stays valid with the lock dropped. */
	spin_lock(&bdevs_lock);
	list_for_each_entry(bdev, &all_bdevs, list) {
		int err;

		spin_unlock(&bdevs_lock);
		err = blkdev_flush(bdev);
		if (err && !ret)
			ret = err;
		spin_lock(&bdevs_lock);
	}
	spin_unlock(&bdevs_lock);
	return ret;
}

/* The registered device matching name or dev (name NULL: by dev). */
static struct block_device *blkdev_lookup(const char *name, u32 dev)
{
	struct block_device *bdev, *found = NULL;

	spin_lock(&bdevs_lock);
	list_for_each_entry(bdev, &all_bdevs, list) {
		if (name ? !strcmp(bdev->name, name) : bdev->dev == dev) {
			found = bdev;
			break;
		}
	}
	spin_unlock(&bdevs_lock);
	return found;
}

/* blkdev_get_by_name - see blkdev.h. */
struct block_device *blkdev_get_by_name(const char *name)
{
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	return blkdev_lookup(name, 0);
}

/* blkdev_get_by_dev - see blkdev.h. */
struct block_device *blkdev_get_by_dev(u32 dev)
{
	return blkdev_lookup(NULL, dev);
}

/* Makes /dev/<name> (devtmpfs's job in Linux); an existing node is fine. */
static void blk_create_node(struct block_device *bdev)
{
	char path[8 + BDEVNAME_SIZE];
	int err;

	snprintf(path, sizeof(path), "/dev/%s", bdev->name);
	err = do_mknodat(AT_FDCWD, getname_kernel(path), S_IFBLK | 0660, bdev->dev);
	if (err && err != -EEXIST)
		pr_err("%s: cannot create %s: error %d\n", bdev->name, path, err);
}

/* add_disk - see blkdev.h. */
int add_disk(struct block_device *bdev)
{
	if (blkdev_get_by_name(bdev->name) || blkdev_get_by_dev(bdev->dev))
		return -EEXIST;
	spin_lock(&bdevs_lock);
	list_add_tail(&bdev->list, &all_bdevs);
	spin_unlock(&bdevs_lock);
	blk_create_node(bdev);
	return 0;
}
