/*
 * drivers/virtio/virtio_ring.c - the split virtqueue (Linux's
 * drivers/virtio/virtio_ring.c, split rings only, no indirect descriptors,
 * no event index).  Virtio spec 1.1, 2.6 "Split Virtqueues"; 2.6.13
 * "Supplying Buffers to The Device"; 2.6.14 "Receiving Used Buffers From
 * The Device".  (Virtio 1.0 numbers the same text 2.4 and 3.2.)
 *
 * A virtqueue is three arrays in guest memory that the driver and the
 * device share.  The device reads and writes them directly (DMA, or in
 * QEMU's case the host process touching guest RAM):
 *
 *   descriptor table (driver writes, device reads)     16 bytes each
 *   +-----+--------+-----+-------+------+
 *   |  i  | addr   | len | flags | next |   a request = a chain of
 *   +-----+--------+-----+-------+------+   descriptors linked by next
 *   |  0  | hdr pa | 16  | NEXT  |  1   |   (F_NEXT), each one buffer;
 *   |  1  | data pa| 4096| NEXT|W|  2   |   F_WRITE: the device writes it
 *   |  2  | stat pa| 1   | W     |  -   |   (else it reads it)
 *   +-----+--------+-----+-------+------+
 *
 *   available ring (driver writes, device reads)
 *   +-------+-----+---------------------------+
 *   | flags | idx | ring[num]: chain heads    |   idx counts up forever
 *   +-------+-----+---------------------------+   (mod 2^16); entry
 *                                                   idx % num is next
 *   used ring (device writes, driver reads)
 *   +-------+-----+---------------------------+
 *   | flags | idx | ring[num]: {id, len}      |   id = head of a finished
 *   +-------+-----+---------------------------+   chain, len = bytes written
 *
 * Giving a request (virtqueue_add_sgs; 2.6.13): take descriptors off the
 * free list (the free ones chain through their own next fields, from
 * free_head), fill them, write the head into avail->ring[avail->idx % num],
 * then publish it by incrementing avail->idx.  The device may look at
 * avail->idx at any moment, so the ring entry and the descriptors must be
 * visible BEFORE the new idx: a write barrier in between (virtio_wmb).
 * Then the kick (virtqueue_kick; 2.6.13.4): unless the device set
 * VRING_USED_F_NO_NOTIFY in used->flags, write the queue number to its
 * notify register.  Reading used->flags must not happen before the store
 * to avail->idx is visible, or the device could have gone to sleep with
 * the flag set just after we read it and miss our buffer: a full barrier
 * (virtio_mb; x86 may let a later load pass an earlier store).
 *
 * Taking completions (virtqueue_get_buf; 2.6.14): while last_used_idx !=
 * used->idx, read used->ring[last_used_idx % num] - AFTER reading idx
 * (virtio_rmb: the device wrote the entry before bumping idx) - and put the
 * chain back on the free list.
 *
 * Barriers on x86: ordinary (write-back) memory is TSO - stores are seen
 * in order, loads are not reordered with loads - so virtio_wmb and
 * virtio_rmb only need to stop the compiler (barrier()); virtio_mb needs a
 * real fence, a locked instruction.  These are Linux's virt_wmb/virt_rmb/
 * virt_mb with weak_barriers on x86.
 *
 * The ring lives in one zeroed page (VRING_MAX_NUM entries at most):
 * descriptor table at offset 0 (16-byte aligned), avail right after (2),
 * used after that rounded up to 4 (2.6 alignment table).  Its physical
 * address is __pa(page): the direct map is physically contiguous.
 *
 * Locking: none here; the driver serialises every call on a queue with its
 * own lock, taken irqsave because the interrupt handler calls
 * virtqueue_get_buf (Linux's contract is the same).
 */
#include "drivers/virtio/virtio_ring.h"
#include "arch/x86_64/page.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/gfp.h"
#include "mm/slab.h"

#define virtio_wmb()	barrier()
#define virtio_rmb()	barrier()
#define virtio_mb()	__asm__ volatile("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")

/* vring_create_virtqueue - see virtio_ring.h. */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev, vq_notify_t notify,
					 vq_callback_t callback, const char *name)
{
	struct virtqueue *vq;
	unsigned long ring, used_off;

	if (!num || num > VRING_MAX_NUM || (num & (num - 1)))
		return NULL;
	vq = kzalloc(sizeof(*vq) + num * sizeof(void *), GFP_KERNEL);
	ring = get_zeroed_page(GFP_KERNEL);
	if (!vq || !ring) {
		kfree(vq);
		if (ring)
			free_page(ring);
		return NULL;
	}
	used_off = ALIGN(num * sizeof(struct vring_desc) + sizeof(struct vring_avail) +
			 (num + 1) * sizeof(u16), 4);
	vq->desc = (struct vring_desc *)ring;
	vq->avail = (struct vring_avail *)(ring + num * sizeof(struct vring_desc));
	vq->used = (struct vring_used *)(ring + used_off);
	vq->num = num;
	vq->index = index;
	vq->vdev = vdev;
	vq->notify = notify;
	vq->callback = callback;
	vq->name = name;
	vq->num_free = num;
	vq->free_head = 0;
	for (unsigned int i = 0; i < num - 1; i++)	/* the free list: 0 -> 1 -> ... */
		vq->desc[i].next = i + 1;
	return vq;
}

/* vring_del_virtqueue - see virtio_ring.h. */
void vring_del_virtqueue(struct virtqueue *vq)
{
	free_page((unsigned long)vq->desc);
	kfree(vq);
}

/* virtqueue_add_sgs - see virtio_ring.h. */
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[], unsigned int out_sgs,
		      unsigned int in_sgs, void *data)
{
	unsigned int total = out_sgs + in_sgs;
	u16 head = vq->free_head, i = head, prev = head;

	if (vq->broken)
		return -EIO;
	if (!total || !data)
		return -EINVAL;
	if (total > vq->num_free)
		return -ENOSPC;
	for (unsigned int n = 0; n < total; n++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = sgs[n]->dma_address;
		d->len = sgs[n]->length;
		d->flags = VRING_DESC_F_NEXT | (n >= out_sgs ? VRING_DESC_F_WRITE : 0);
		prev = i;
		i = d->next;			/* the next free descriptor */
	}
	vq->desc[prev].flags &= ~VRING_DESC_F_NEXT;	/* the chain ends here */
	vq->free_head = i;
	vq->num_free -= total;
	vq->desc_data[head] = data;

	vq->avail->ring[vq->avail_idx_shadow & (vq->num - 1)] = head;
	virtio_wmb();			/* descriptors and ring entry before the new idx */
	vq->avail_idx_shadow++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx_shadow);
	return 0;
}

/* virtqueue_kick - see virtio_ring.h. */
bool virtqueue_kick(struct virtqueue *vq)
{
	if (vq->broken)
		return false;
	virtio_mb();			/* avail->idx visible before we read used->flags */
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return true;
	if (!vq->notify(vq)) {
		vq->broken = true;
		return false;
	}
	return true;
}

/* Puts the chain starting at head back on the free list; returns its token. */
static void *detach_buf(struct virtqueue *vq, unsigned int head)
{
	void *data = vq->desc_data[head];
	unsigned int i = head;

	vq->desc_data[head] = NULL;
	vq->num_free++;
	while (vq->desc[i].flags & VRING_DESC_F_NEXT) {
		i = vq->desc[i].next;
		vq->num_free++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	return data;
}

/* virtqueue_get_buf - see virtio_ring.h. */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *e;
	unsigned int id;

	if (vq->last_used_idx == READ_ONCE(vq->used->idx))
		return NULL;
	virtio_rmb();			/* the entry is read after the idx that covers it */
	e = &vq->used->ring[vq->last_used_idx & (vq->num - 1)];
	id = READ_ONCE(e->id);
	if (len)
		*len = READ_ONCE(e->len);
	if (id >= vq->num || !vq->desc_data[id]) {
		pr_err("virtio: %s: id %u is not a head in flight\n", vq->name, id);
		vq->broken = true;
		return NULL;
	}
	vq->last_used_idx++;
	return detach_buf(vq, id);
}

/* virtqueue_detach_unused_buf - see virtio_ring.h. */
void *virtqueue_detach_unused_buf(struct virtqueue *vq)
{
	for (unsigned int i = 0; i < vq->num; i++)
		if (vq->desc_data[i])
			return detach_buf(vq, i);
	return NULL;
}

/* vring_interrupt - see virtio_ring.h. */
void vring_interrupt(struct virtqueue *vq)
{
	if (vq->callback)
		vq->callback(vq);
}

/* virtqueue_get_desc_addr - see virtio_ring.h. */
u64 virtqueue_get_desc_addr(const struct virtqueue *vq)
{
	return __pa(vq->desc);
}

/* virtqueue_get_avail_addr - see virtio_ring.h. */
u64 virtqueue_get_avail_addr(const struct virtqueue *vq)
{
	return __pa(vq->avail);
}

/* virtqueue_get_used_addr - see virtio_ring.h. */
u64 virtqueue_get_used_addr(const struct virtqueue *vq)
{
	return __pa(vq->used);
}
