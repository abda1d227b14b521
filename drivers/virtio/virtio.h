/*
 * drivers/virtio/virtio.h - virtio devices and drivers (Linux's
 * include/linux/virtio.h and include/uapi/linux/virtio_config.h, cut
 * down).  The transport is PCI (drivers/virtio/virtio_pci.c); the queues
 * are split rings (drivers/virtio/virtio_ring.h); the one driver is
 * virtio-blk (drivers/block/virtio_blk.c).
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_H
#define DRIVERS_VIRTIO_VIRTIO_H

#include "arch/x86_64/ioremap.h"
#include "drivers/virtio/virtio_ring.h"
#include "kernel/types.h"

struct pci_dev;

/* Device status bits (virtio 1.1, 2.1): the driver's progress, written by the driver. */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	1	/* we noticed the device */
#define VIRTIO_CONFIG_S_DRIVER		2	/* we know how to drive it */
#define VIRTIO_CONFIG_S_DRIVER_OK	4	/* ready: the device may start */
#define VIRTIO_CONFIG_S_FEATURES_OK	8	/* feature negotiation done */
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40	/* (device) it hit an error it cannot recover from */
#define VIRTIO_CONFIG_S_FAILED		0x80	/* we gave up on it */

/* Transport-independent feature bits (virtio 1.1, 6). */
#define VIRTIO_F_VERSION_1		32	/* a virtio 1.x (modern) device */

/* Device ids (virtio 1.1, 5). */
#define VIRTIO_ID_BLOCK			2

#define VIRTIO_MAX_VQS			4

struct virtio_driver;

/* One virtio device (Linux's struct virtio_device and virtio_pci_device, merged). */
struct virtio_device {
	int index;			/* virtio0, virtio1... in probe order */
	char name[12];			/* "virtio0" */
	u32 id;				/* VIRTIO_ID_* */
	u64 features;			/* negotiated: the device's AND the driver's */
	bool broken;			/* failed: every request gets -EIO */
	struct pci_dev *pci_dev;	/* its PCI function */
	/* The four structures the vendor capabilities point at (4.1.4), ioremap'ed. */
	void __iomem *common;		/* struct virtio_pci_common_cfg */
	void __iomem *isr;		/* ISR status byte */
	void __iomem *device;		/* device-specific configuration (virtio_blk_config) */
	void __iomem *notify_base;	/* notification area */
	u32 notify_off_multiplier;	/* queue q's notify register: notify_base + off(q) * this */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];	/* queues set up by virtio_find_vq */
	struct virtio_driver *driver;	/* the driver bound to it */
	void *priv;			/* the driver's (struct virtio_blk) */
};

/* A driver for one device type (Linux's struct virtio_driver). */
struct virtio_driver {
	const char *name;
	u32 device_id;			/* VIRTIO_ID_* */
	const unsigned int *feature_table;	/* feature bits it can use */
	unsigned int feature_table_size;
	/* probe - set up queues, then virtio_device_ready(); 0 or -errno. */
	int (*probe)(struct virtio_device *vdev);
	/* config_changed - the device's configuration or status changed (interrupt context). */
	void (*config_changed)(struct virtio_device *vdev);
};

/* virtio_has_feature - was bit (a VIRTIO_*_F_* number) negotiated? */
static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return vdev->features & (1ULL << bit);
}

/* register_virtio_driver - drv drives devices of its id found from now on. */
int register_virtio_driver(struct virtio_driver *drv);
/*
 * virtio_find_vq - set up queue index with up to num entries (the device
 * may offer fewer), its interrupts going to callback.  Returns the queue or
 * NULL.  From probe, before virtio_device_ready().
 */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int num, vq_callback_t callback, const char *name);
/* virtio_device_ready - set DRIVER_OK: the device may use the queues. */
void virtio_device_ready(struct virtio_device *vdev);
/*
 * virtio_break_device - the device failed: reset it (after which it
 * touches none of our memory: 2.1.2, 4.1.4.3.2), mark it and its queues
 * broken.  The driver then takes back what was in flight
 * (virtqueue_detach_unused_buf).
 */
void virtio_break_device(struct virtio_device *vdev);
/* virtio_get_status - the device status byte (VIRTIO_CONFIG_S_*). */
u8 virtio_get_status(struct virtio_device *vdev);

/*
 * virtio_cread8/16/32/64 - a field of the device-specific configuration at
 * offset.  virtio_cread64 retries until config_generation is stable, so
 * the two halves belong together (4.1.4.3, 2.4.1).
 */
u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset);
u16 virtio_cread16(struct virtio_device *vdev, unsigned int offset);
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset);
u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset);

/* virtio_pci_driver_init - register virtio-pci and the virtio drivers; pci_subsys_init calls it. */
void virtio_pci_driver_init(void);
/* virtio_blk_init - register the virtio-blk driver (drivers/block/virtio_blk.c). */
void virtio_blk_init(void);

#endif /* DRIVERS_VIRTIO_VIRTIO_H */
