/*
 * drivers/block/blkdev.h - a small block layer (drivers/block/blkdev.c;
 * Linux's include/linux/blkdev.h and block/, reduced to what a swap device
 * and /dev/vda need).
 *
 * A block device is an array of nr_sectors 512-byte sectors.  Callers read
 * and write whole sectors, synchronously: blkdev_read() returns when the
 * data is in buf (or the I/O failed).  Under the calls, the block layer
 * checks the range, splits it into requests of at most max_sectors and
 * hands each to the driver's submit function, which sleeps until the
 * device is done.  Linux queues struct bio / struct request and completes
 * them asynchronously (submit_bio, blk-mq); Pagoda's one caller at a time
 * per task keeps it to a function call.
 *
 * Vectored I/O (blkdev_readv/blkdev_writev) moves consecutive sectors to
 * or from several separate buffers - swap's pages, which are scattered in
 * RAM but whose slots are neighbours on the disk - in as few requests as
 * the device takes (the scatter-gather list the device reads is built from
 * the pieces, nothing is copied).  Each request costs a round trip to the
 * device whatever its size, so one request of 32 pages is far cheaper than
 * 32 requests of one.  Linux gets the same by merging the bios of a plug
 * (blk_start_plug) into one request.
 *
 * Devices are registered by name ("vda") and device number (254:0, the
 * virtblk major Linux usually ends up with) and get a /dev node
 * (add_disk).  They are never removed.
 */
#ifndef DRIVERS_BLOCK_BLKDEV_H
#define DRIVERS_BLOCK_BLKDEV_H

#include "kernel/list.h"
#include "kernel/types.h"

#define SECTOR_SHIFT		9
#define SECTOR_SIZE		(1 << SECTOR_SHIFT)
#define BDEVNAME_SIZE		16

/* The operations (Linux's REQ_OP_*). */
enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,
};

struct block_device;
struct kvec;			/* kernel/fs/fs.h: { iov_base, iov_len } */
/*
 * submit - do one request synchronously: op on the nr_vecs pieces of vec,
 * in order, at sector on (a flush: no pieces).  Each piece is kernel
 * memory (any mapping) and whole sectors; together at most max_sectors
 * sectors, touching at most max_segments pages.  Returns 0 or -EIO
 * (-errno).  Process context: sleeps.
 */
typedef int (*blk_submit_t)(struct block_device *bdev, enum req_op op, u64 sector,
			    const struct kvec *vec, unsigned int nr_vecs);

struct block_device {
	struct list_head list;		/* in the registry (all_bdevs) */
	char name[BDEVNAME_SIZE];	/* "vda" */
	u32 dev;			/* device number: MKDEV(major, minor) */
	u64 nr_sectors;			/* capacity in 512-byte sectors */
	unsigned int logical_block_size;	/* 512 */
	unsigned int max_sectors;	/* the largest request submit takes */
	unsigned int max_segments;	/* the most pages one request may touch */
	bool read_only;			/* writes get -EROFS */
	blk_submit_t submit;		/* the driver's */
	void *private_data;		/* the driver's (struct virtio_blk) */
	/* Counters (Linux's /sys/block/vda/stat): requests done and failed. */
	unsigned long nr_reads, nr_writes, nr_flushes, nr_errors;
};

/*
 * blkdev_read - read len bytes (a multiple of 512) from sector on into
 * buf.  Returns 0, -EINVAL (len not whole sectors, or past the end) or
 * -EIO.  Sleeps until done.
 */
int blkdev_read(struct block_device *bdev, u64 sector, void *buf, size_t len);
/* blkdev_write - the same, buf to the device; -EROFS if read-only. */
int blkdev_write(struct block_device *bdev, u64 sector, const void *buf, size_t len);
/*
 * blkdev_readv - read consecutive sectors from sector on into the nr_vecs
 * pieces of vec in turn.  Each piece is whole sectors and lies inside one
 * page (a page of swap, say).  As few requests as max_sectors and
 * max_segments allow; the first failure ends the call.  Returns 0, -EINVAL
 * (a piece that breaks the rules, or past the end) or -EIO.  Sleeps.
 */
int blkdev_readv(struct block_device *bdev, u64 sector, const struct kvec *vec,
		 unsigned int nr_vecs);
/* blkdev_writev - the same, the pieces to the device; -EROFS if read-only. */
int blkdev_writev(struct block_device *bdev, u64 sector, const struct kvec *vec,
		  unsigned int nr_vecs);
/* blkdev_flush - make every completed write durable (the device's cache flushed). */
int blkdev_flush(struct block_device *bdev);
/* blkdev_flush_all - blkdev_flush every registered device (sync(2)); 0 or the first error. Sleeps. */
int blkdev_flush_all(void);

/* blkdev_get_by_name - the registered device called name ("vda", or "/dev/vda"), or NULL. */
struct block_device *blkdev_get_by_name(const char *name);
/* blkdev_get_by_dev - the registered device numbered dev, or NULL. */
struct block_device *blkdev_get_by_dev(u32 dev);
/*
 * add_disk - register bdev (name, dev, nr_sectors, submit... filled in)
 * and make its /dev node.  Returns 0 or -EEXIST.
 */
int add_disk(struct block_device *bdev);
/* bdev_nr_bytes - the capacity in bytes. */
static inline u64 bdev_nr_bytes(const struct block_device *bdev)
{
	return bdev->nr_sectors << SECTOR_SHIFT;
}

#endif /* DRIVERS_BLOCK_BLKDEV_H */
