/*
 * drivers/block/virtio_blk.c - the virtio block device (Linux's
 * drivers/block/virtio_blk.c, synchronous and single-queue).
 *
 * Spec: virtio 1.1, 5.2 "Block Device": 5.2.4 "Device configuration
 * layout", 5.2.5 "Device Initialization", 5.2.6 "Device Operation".
 *
 * The device: one request queue (queue 0, "req.0"); the configuration
 * space starts with le64 capacity in 512-byte sectors (whatever the
 * device's blk_size), then size_max, seg_max, geometry, blk_size...
 *
 * A request is a descriptor chain (drivers/virtio/virtio_ring.c):
 *
 *	struct virtio_blk_outhdr { le32 type; le32 ioprio; le64 sector; }  device reads
 *	data buffers, one descriptor per physically contiguous piece:        device reads (OUT)
 *	                                                                     or writes (IN)
 *	u8 status: VIRTIO_BLK_S_OK 0, _IOERR 1, _UNSUPP 2                    device writes
 *
 * type VIRTIO_BLK_T_IN (read) / T_OUT (write) / T_FLUSH (no data: the
 * device's write cache to stable storage; offered as VIRTIO_BLK_F_FLUSH).
 *
 * Life of a request (virtblk_submit, called by the block layer):
 *   1. the header and status live on the submitter's stack (32-byte
 *      aligned, so never split across pages); the data is the caller's
 *      pieces (a vector: one buffer, or the scattered pages of a swap
 *      batch), each translated page by page to physical addresses through
 *      the kernel page tables (it may be in the direct map, vmalloc space
 *      or a kernel stack), one data descriptor per page touched.  Nothing
 *      is allocated: swap-out under memory pressure can always issue I/O.
 *   2. under vblk->lock (irqsave): virtqueue_add_sgs() (if the ring is
 *      full, sleep on vblk->wq until a completion frees descriptors),
 *      virtqueue_kick().  Linux: virtio_queue_rq -> virtblk_add_req.
 *   3. the submitter sleeps TASK_UNINTERRUPTIBLE on vblk->wq, at most
 *      VIRTBLK_TIMEOUT (30 s, Linux's default block timeout).
 *   4. the device does the I/O, writes status, puts the chain on the used
 *      ring and sends MSI-X entry 1: virtblk_done() (interrupt context)
 *      takes every finished chain with virtqueue_get_buf(), marks its
 *      request done and wakes vblk->wq.  Linux: virtblk_done.
 *   5. the submitter wakes, reads status: OK -> 0; IOERR or UNSUPP -> a
 *      Linux-style "I/O error, dev vda, sector N op 0x0:(READ) ..." line
 *      and -EIO.
 *
 * Failures never hang the caller.  A request not done in VIRTBLK_TIMEOUT,
 * or a device that sets DEVICE_NEEDS_RESET (seen by the config interrupt,
 * virtblk_config_changed), breaks the device: it is reset - after which it
 * touches none of our memory - every request in flight is taken back with
 * virtqueue_detach_unused_buf() and completed with -EIO, and every later
 * request fails at once with -EIO.
 *
 * Lock: vblk->lock (irqsave) covers the virtqueue, req->done and broken.
 */
#include "drivers/block/blkdev.h"
#include "drivers/virtio/virtio.h"
#include "arch/x86_64/page.h"
#include "arch/x86_64/pgtable.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/wait.h"
#include "mm/slab.h"

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* Configuration offsets (5.2.4) */
#define VIRTIO_BLK_CFG_CAPACITY	0
#define VIRTIO_BLK_CFG_SEG_MAX	12
#define VIRTIO_BLK_CFG_BLK_SIZE	20

/* Request types and status (5.2.6) */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VIRTBLK_MAJOR		254	/* Linux's virtblk major (dynamic there; usually this) */
#define VIRTBLK_MINORS		16	/* minors per disk: vda 254:0, vdb 254:16 */
#define VIRTBLK_QUEUE_SIZE	128
#define VIRTBLK_MAX_DATA_SEGS	33	/* 128 KiB, misaligned: 33 pages touched */
#define VIRTBLK_TIMEOUT		(30 * HZ)

struct virtio_blk_outhdr {
	u32 type;			/* VIRTIO_BLK_T_* */
	u32 ioprio;			/* 0 */
	u64 sector;			/* first 512-byte sector */
};

/* The part of a request the device reads and writes: never crosses a page. */
struct virtblk_cmd {
	struct virtio_blk_outhdr out_hdr;
	u8 status;			/* VIRTIO_BLK_S_*, written by the device */
} __aligned(32);

/* One request in flight (the token the virtqueue gives back). */
struct virtblk_req {
	struct virtblk_cmd cmd;
	bool done;			/* the device finished it, or it was taken back */
	int error;			/* set when taken back: -EIO */
};

struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;		/* queue 0 */
	spinlock_t lock;		/* vq, requests' done, broken */
	struct wait_queue_head wq;	/* submitters: completions and free descriptors */
	struct block_device disk;	/* what the block layer sees: "vda" */
	unsigned int max_data_segs;	/* data descriptors per request */
	bool broken;			/* failed: everything gets -EIO */
};

static int virtblk_index;

/*
 * The physical address of kernel virtual address p, whatever maps it (the
 * direct map, the kernel image, vmalloc space, a kernel stack); 0 if
 * nothing does.
 */
static phys_addr_t virtblk_virt_to_phys(const void *p)
{
	unsigned long va = (unsigned long)p;
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);
	u64 size;

	if (!pte || !pte_present(*pte))
		return 0;
	size = level == PG_LEVEL_1G ? 1ULL << 30 : level == PG_LEVEL_2M ? 1ULL << 21 : PAGE_SIZE;
	return (pte_val(*pte) & PTE_PFN_MASK & ~(size - 1)) | (va & (size - 1));
}

/*
 * Fills sg[] with the pieces of [buf, +len), one per page touched.
 * Returns how many, or -EFAULT (unmapped) / -EINVAL (more than max).
 */
static int virtblk_map_buf(struct scatterlist *sg, unsigned int max, void *buf, size_t len)
{
	unsigned int n = 0;

	while (len) {
		size_t in_page = PAGE_SIZE - ((unsigned long)buf & (PAGE_SIZE - 1));
		size_t chunk = min(len, in_page);
		phys_addr_t pa = virtblk_virt_to_phys(buf);

		if (!pa)
			return -EFAULT;
		if (n == max)
			return -EINVAL;
		sg[n].dma_address = pa;
		sg[n].length = chunk;
		n++;
		buf = (u8 *)buf + chunk;
		len -= chunk;
	}
	return n;
}

/*
 * Fills sg[] with the data of the nr_vecs pieces of vec, in order.
 * Returns the descriptors used, or -EFAULT / -EINVAL (more than max).
 */
static int virtblk_map_data(struct scatterlist *sg, unsigned int max, const struct kvec *vec,
			    unsigned int nr_vecs)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_vecs; i++) {
		int got = virtblk_map_buf(&sg[n], max - n, vec[i].iov_base, vec[i].iov_len);

		if (got < 0)
			return got;
		n += got;
	}
	return n;
}

/*
 * Breaks the device (see the top): reset, take back every request in
 * flight with -EIO, wake their submitters.  Any context.
 */
static void virtblk_fail(struct virtio_blk *vblk, const char *why)
{
	struct virtblk_req *req;
	unsigned long flags;

	spin_lock_irqsave(&vblk->lock, flags);
	if (!vblk->broken) {
		pr_err("virtio_blk %s: %s: %s; device reset, I/O fails with -EIO from now on\n",
		       vblk->vdev->name, vblk->disk.name, why);
		vblk->broken = true;
		virtio_break_device(vblk->vdev);
		while ((req = virtqueue_detach_unused_buf(vblk->vq))) {
			req->error = -EIO;
			WRITE_ONCE(req->done, true);
		}
	}
	spin_unlock_irqrestore(&vblk->lock, flags);
	wake_up(&vblk->wq);
}

/* The queue's interrupt: complete every finished request (Linux's virtblk_done). */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->vdev->priv;
	struct virtblk_req *req;
	unsigned long flags;
	unsigned int len;

	spin_lock_irqsave(&vblk->lock, flags);
	while ((req = virtqueue_get_buf(vq, &len)))
		WRITE_ONCE(req->done, true);
	spin_unlock_irqrestore(&vblk->lock, flags);
	wake_up(&vblk->wq);
}

/* Configuration interrupt: a device that needs a reset has failed. */
static void virtblk_config_changed(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = vdev->priv;

	if (vblk && (virtio_get_status(vdev) & VIRTIO_CONFIG_S_NEEDS_RESET))
		virtblk_fail(vblk, "device needs reset");
}

/*
 * Sleeps on vblk->wq until cond(vblk, arg) or the timeout.  Returns the
 * jiffies left (0: timed out).  Process context.
 */
static long virtblk_sleep(struct virtio_blk *vblk, bool (*cond)(struct virtio_blk *, void *),
			  void *arg, long timeout)
{
	struct wait_queue_entry wait = { .task = current };

	for (;;) {
		prepare_to_wait(&vblk->wq, &wait, TASK_UNINTERRUPTIBLE);
		if (cond(vblk, arg) || !timeout)
			break;
		timeout = schedule_timeout(timeout);
	}
	finish_wait(&vblk->wq, &wait);
	return cond(vblk, arg) ? (timeout ? timeout : 1) : 0;
}

static bool virtblk_req_done(struct virtio_blk *vblk, void *req)
{
	return READ_ONCE(((struct virtblk_req *)req)->done);
}

static bool virtblk_has_room(struct virtio_blk *vblk, void *nr)
{
	return READ_ONCE(vblk->broken) || READ_ONCE(vblk->vq->num_free) >= *(unsigned int *)nr;
}

/*
 * Puts req's chain on the ring and kicks, sleeping while the ring is full.
 * Returns 0 or -EIO (broken, or no room for VIRTBLK_TIMEOUT).
 */
static int virtblk_add_req(struct virtio_blk *vblk, struct virtblk_req *req,
			   struct scatterlist *sgs[], unsigned int out, unsigned int in)
{
	unsigned int total = out + in;
	unsigned long flags;
	int err;

	for (;;) {
		spin_lock_irqsave(&vblk->lock, flags);
		err = vblk->broken ? -EIO : virtqueue_add_sgs(vblk->vq, sgs, out, in, req);
		if (!err)
			virtqueue_kick(vblk->vq);
		spin_unlock_irqrestore(&vblk->lock, flags);
		if (err != -ENOSPC)
			return err;
		if (!virtblk_sleep(vblk, virtblk_has_room, &total, VIRTBLK_TIMEOUT))
			return -EIO;
	}
}

static const char *const virtblk_op_names[] = { "READ", "WRITE", "FLUSH" };

/* Linux's blk_print_req_error line, then -EIO. */
static int virtblk_req_error(struct virtio_blk *vblk, enum req_op op, u64 sector,
			     unsigned int nseg, u8 status)
{
	static const unsigned int linux_op[] = { 0x0, 0x1, 0x2 };

	pr_err("%s error, dev %s, sector %llu op 0x%x:(%s) flags 0x0 phys_seg %u prio class 0\n",
	       status == VIRTIO_BLK_S_UNSUPP ? "operation not supported" : "I/O",
	       vblk->disk.name, sector, linux_op[op], virtblk_op_names[op], nseg);
	return -EIO;
}

/* The block layer's submit (blkdev.h): one request, synchronously. */
static int virtblk_submit(struct block_device *bdev, enum req_op op, u64 sector,
			  const struct kvec *vec, unsigned int nr_vecs)
{
	struct virtio_blk *vblk = bdev->private_data;
	struct scatterlist sg[VIRTBLK_MAX_DATA_SEGS + 2], *sgs[VIRTBLK_MAX_DATA_SEGS + 2];
	struct virtblk_req req = { 0 };
	int nseg = 0, err;
	unsigned int i;

	if (op == REQ_OP_FLUSH && !virtio_has_feature(vblk->vdev, VIRTIO_BLK_F_FLUSH))
		return READ_ONCE(vblk->broken) ? -EIO : 0;	/* no volatile cache to flush */
	req.cmd.out_hdr.type = op == REQ_OP_READ ? VIRTIO_BLK_T_IN :
			       op == REQ_OP_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	req.cmd.out_hdr.sector = op == REQ_OP_FLUSH ? 0 : sector;
	req.cmd.status = 0xff;
	sg[0] = (struct scatterlist){ virtblk_virt_to_phys(&req.cmd.out_hdr),
				      sizeof(req.cmd.out_hdr) };
	if (nr_vecs) {
		nseg = virtblk_map_data(&sg[1], vblk->max_data_segs, vec, nr_vecs);
		if (nseg < 0)
			return nseg;
	}
	sg[nseg + 1] = (struct scatterlist){ virtblk_virt_to_phys(&req.cmd.status), 1 };
	for (i = 0; i < (unsigned int)nseg + 2; i++)
		sgs[i] = &sg[i];
	/* out: the header (+ data for a write); in: (data for a read +) status. */
	err = virtblk_add_req(vblk, &req, sgs, op == REQ_OP_WRITE ? nseg + 1 : 1,
			      op == REQ_OP_WRITE ? 1 : nseg + 1);
	if (err)
		return err;
	if (!virtblk_sleep(vblk, virtblk_req_done, &req, VIRTBLK_TIMEOUT))
		virtblk_fail(vblk, "request timed out");
	if (req.error)
		return req.error;
	if (READ_ONCE(req.cmd.status) != VIRTIO_BLK_S_OK)
		return virtblk_req_error(vblk, op, sector, nseg, req.cmd.status);
	return 0;
}

/* Fills vblk->disk from the device's configuration; prints Linux's size line. */
static void virtblk_setup_disk(struct virtio_blk *vblk)
{
	struct virtio_device *vdev = vblk->vdev;
	struct block_device *disk = &vblk->disk;
	int index = virtblk_index++;
	u64 bytes;

	snprintf(disk->name, sizeof(disk->name), "vd%c", 'a' + index % 26);
	disk->dev = MKDEV(VIRTBLK_MAJOR, index * VIRTBLK_MINORS);
	disk->nr_sectors = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	disk->logical_block_size = SECTOR_SIZE;
	disk->read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	/* A buffer of max_sectors touches at most max_data_segs pages however it is aligned. */
	disk->max_sectors = (vblk->max_data_segs - 1) * (PAGE_SIZE >> SECTOR_SHIFT);
	disk->max_segments = vblk->max_data_segs;
	disk->submit = virtblk_submit;
	disk->private_data = vblk;
	bytes = bdev_nr_bytes(disk);
	pr_info("virtio_blk %s: [%s] %llu 512-byte logical blocks (%llu.%02llu MB/%llu.%02llu MiB)%s\n",
		vdev->name, disk->name, disk->nr_sectors, bytes / 1000000, bytes / 10000 % 100,
		bytes >> 20, (bytes & ((1 << 20) - 1)) * 100 >> 20,
		disk->read_only ? " read-only" : "");
}

/* The probe (5.2.5): one queue, capacity, DRIVER_OK, then /dev/vdX. */
static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	unsigned int seg_max = VIRTBLK_MAX_DATA_SEGS;

	if (!vblk)
		return -ENOMEM;
	vblk->vdev = vdev;
	spin_lock_init(&vblk->lock);
	init_waitqueue_head(&vblk->wq);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX))
		seg_max = virtio_cread32(vdev, VIRTIO_BLK_CFG_SEG_MAX);
	vblk->max_data_segs = min(seg_max, (unsigned int)VIRTBLK_MAX_DATA_SEGS);
	if (vblk->max_data_segs < 2) {
		kfree(vblk);
		return -EINVAL;
	}
	vdev->priv = vblk;
	vblk->vq = virtio_find_vq(vdev, 0, VIRTBLK_QUEUE_SIZE, virtblk_done, "req.0");
	if (!vblk->vq) {
		pr_err("virtio_blk %s: cannot set up queue 0\n", vdev->name);
		vdev->priv = NULL;
		kfree(vblk);
		return -ENODEV;
	}
	virtblk_setup_disk(vblk);
	virtio_device_ready(vdev);
	return add_disk(&vblk->disk);
}

static const unsigned int virtblk_features[] = {
	VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_RO, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH,
};

static struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.feature_table = virtblk_features,
	.feature_table_size = ARRAY_SIZE(virtblk_features),
	.probe = virtblk_probe,
	.config_changed = virtblk_config_changed,
};

/* virtio_blk_init - see drivers/virtio/virtio.h. */
void virtio_blk_init(void)
{
	register_virtio_driver(&virtio_blk_driver);
}
