/*
 * drivers/virtio/virtio_ring.h - the split virtqueue (drivers/virtio/
 * virtio_ring.c; Linux's include/uapi/linux/virtio_ring.h for the layout
 * and include/linux/virtio.h for the API).  The layout is the virtio
 * spec's (1.1, 2.6 "Split Virtqueues"); the picture is in virtio_ring.c.
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_RING_H
#define DRIVERS_VIRTIO_VIRTIO_RING_H

#include "kernel/types.h"

/* ---- the ring in memory: shared with the device, little-endian ---- */
#define VRING_DESC_F_NEXT	1	/* the chain goes on at .next */
#define VRING_DESC_F_WRITE	2	/* the device writes this buffer (else reads it) */
#define VRING_USED_F_NO_NOTIFY	1	/* device to driver: no need to kick */
#define VRING_AVAIL_F_NO_INTERRUPT 1	/* driver to device: no need to interrupt */

/* 2.6.5: one buffer: 16 bytes, 16-byte aligned table. */
struct vring_desc {
	u64 addr;			/* guest-physical address of the buffer */
	u32 len;			/* its length in bytes */
	u16 flags;			/* VRING_DESC_F_* */
	u16 next;			/* the next descriptor of the chain, with F_NEXT */
};

/* 2.6.6: the driver's ring of chain heads, 2-byte aligned. */
struct vring_avail {
	u16 flags;			/* VRING_AVAIL_F_* */
	u16 idx;			/* where the driver will put the next head (free-running) */
	u16 ring[];			/* heads; then u16 used_event (VIRTIO_F_EVENT_IDX only) */
};

/* 2.6.8: one completed chain. */
struct vring_used_elem {
	u32 id;				/* the head of the chain */
	u32 len;			/* bytes the device wrote into it */
};

/* 2.6.8: the device's ring of completions, 4-byte aligned. */
struct vring_used {
	u16 flags;			/* VRING_USED_F_* */
	u16 idx;			/* where the device will put the next one (free-running) */
	struct vring_used_elem ring[];	/* then u16 avail_event (EVENT_IDX only) */
};

/* One physically contiguous piece of a buffer (Linux's scatterlist, cut down). */
struct scatterlist {
	u64 dma_address;		/* physical address */
	unsigned int length;		/* bytes */
};

/* ---- the driver's side ---- */
struct virtqueue;
struct virtio_device;
/* Called from the interrupt handler when the device has used buffers. */
typedef void (*vq_callback_t)(struct virtqueue *vq);
/* Tells the device the queue has new buffers (the transport's notify). */
typedef bool (*vq_notify_t)(struct virtqueue *vq);

struct virtqueue {
	struct virtio_device *vdev;	/* the device it belongs to */
	unsigned int index;		/* queue number on the device */
	unsigned int num_free;		/* descriptors on the free list */
	const char *name;		/* "req.0" */
	vq_callback_t callback;		/* completions (interrupt context) */
	vq_notify_t notify;		/* the kick */
	void *priv;			/* the transport's (its notify address) */
	/* The ring itself, one zeroed page: desc[num], then avail, then used. */
	unsigned int num;		/* entries: a power of two, <= VRING_MAX_NUM */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	u16 free_head;			/* first free descriptor; free ones chain by .next */
	u16 avail_idx_shadow;		/* our copy of avail->idx (only we write it) */
	u16 last_used_idx;		/* the next used->ring entry we have not consumed */
	bool broken;			/* the device failed: nothing more goes in */
	void *desc_data[];		/* by head: the caller's token of an in-flight chain */
};

/* The largest queue one page holds: 128 * 16 + (6 + 2 * 128) + pad + (6 + 8 * 128) < 4096. */
#define VRING_MAX_NUM		128

/*
 * vring_create_virtqueue - a queue of num entries (a power of two, at most
 * VRING_MAX_NUM) with its ring in one fresh zeroed page.  Returns it or
 * NULL.  The transport tells the device the ring's addresses
 * (virtqueue_get_desc_addr/...).
 */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev, vq_notify_t notify,
					 vq_callback_t callback, const char *name);
/* vring_del_virtqueue - free a queue the device no longer uses (after a reset). */
void vring_del_virtqueue(struct virtqueue *vq);

/*
 * virtqueue_add_sgs - expose one request to the device: out_sgs buffers it
 * reads, then in_sgs buffers it writes, chained; data (not NULL) comes
 * back from virtqueue_get_buf() when the device is done.  Returns 0,
 * -ENOSPC (not enough free descriptors: retry after a completion) or -EIO
 * (the queue is broken).  Caller serialises all calls on vq.
 */
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[], unsigned int out_sgs,
		      unsigned int in_sgs, void *data);
/* virtqueue_kick - notify the device of new buffers unless it said not to.  Returns false if broken. */
bool virtqueue_kick(struct virtqueue *vq);
/*
 * virtqueue_get_buf - the token of the next chain the device has used (its
 * descriptors back on the free list), *len = bytes it wrote; NULL if none.
 */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);
/*
 * virtqueue_detach_unused_buf - after a device reset: take back one chain
 * still in flight and return its token (NULL when none is left).
 */
void *virtqueue_detach_unused_buf(struct virtqueue *vq);
/* vring_interrupt - the queue's interrupt: runs its callback. */
void vring_interrupt(struct virtqueue *vq);

/* Physical addresses of the three parts, for the transport. */
u64 virtqueue_get_desc_addr(const struct virtqueue *vq);
u64 virtqueue_get_avail_addr(const struct virtqueue *vq);
u64 virtqueue_get_used_addr(const struct virtqueue *vq);

#endif /* DRIVERS_VIRTIO_VIRTIO_RING_H */
