/*
 * drivers/virtio/virtio_pci.c - virtio over PCI, the modern (virtio 1.x)
 * interface (Linux's drivers/virtio/virtio_pci_modern.c and
 * virtio_pci_modern_dev.c, plus the device/driver matching of
 * drivers/virtio/virtio.c).
 *
 * Spec: virtio 1.1, 4.1 "Virtio Over PCI Bus"; 2.1 "Device Status Field";
 * 2.2 "Feature Bits"; 3.1.1 "Driver Requirements: Device Initialization";
 * 4.1.5.1.3 "Virtqueue Configuration".  (virtio 1.0 has the same numbers
 * for 4.1 and 3.1.)
 *
 * Finding the device: vendor 0x1af4 (Red Hat / Qumranet); device 0x1040 +
 * virtio id for a modern-only device (0x1042: block), or 0x1000-0x103f for
 * a transitional one, whose virtio id is then the PCI subsystem device id
 * (4.1.2).  QEMU's `-drive if=virtio` gives a transitional virtio-blk
 * (1af4:1001): it has the legacy I/O BAR *and* the modern capabilities, and
 * Pagoda uses only the latter.  (Legacy virtio 0.9 puts everything in one
 * I/O BAR in guest-endian layout and has no FEATURES_OK step; modern is the
 * interface the spec requires new drivers to use.)
 *
 * The modern interface is four structures in memory BARs, each found
 * through a vendor-specific PCI capability (4.1.4):
 *
 *	cap: [0x09, next, cap_len, cfg_type, bar, pad[3], offset(le32), length(le32)]
 *	cfg_type 1  COMMON  the device-independent registers below
 *	         2  NOTIFY  queue doorbells; the cap adds notify_off_multiplier
 *	         3  ISR     one byte, read-to-clear (used without MSI-X only)
 *	         4  DEVICE  the device-specific configuration (virtio_blk_config)
 *
 * Common configuration (4.1.4.3; all little-endian):
 *	0x00 device_feature_select  0x04 device_feature   (32 bits at a time)
 *	0x08 driver_feature_select  0x0c driver_feature
 *	0x10 msix_config (MSI-X entry of config changes)  0x12 num_queues
 *	0x14 device_status          0x15 config_generation
 *	0x16 queue_select           0x18 queue_size       0x1a queue_msix_vector
 *	0x1c queue_enable           0x1e queue_notify_off
 *	0x20 queue_desc (64)        0x28 queue_driver (avail, 64)   0x30 queue_device (used, 64)
 *
 * Bring-up (3.1.1), in this order: reset (write 0 to device_status, wait
 * until it reads 0); ACKNOWLEDGE; DRIVER; read the device's features,
 * write the subset we understand (VIRTIO_F_VERSION_1 is required: without
 * it the device would be legacy-only); set FEATURES_OK and read it back -
 * a device that refuses our subset clears it; set up the queues and MSI-X
 * vectors (the driver's probe); DRIVER_OK.  Any failure: FAILED.
 *
 * Interrupts: MSI-X entry 0 for configuration changes (msix_config),
 * entry 1 for every queue (queue_msix_vector), each on its own IDT vector
 * (drivers/pci/msi.c).  A device that needs a reset sets NEEDS_RESET and
 * raises the config interrupt; the driver's config_changed sees it.
 *
 * Kicking queue q: write q to notify_base + queue_notify_off(q) *
 * notify_off_multiplier (4.1.4.4).  The write is to uncached MMIO, which
 * x86 keeps ordered after the ring stores before it.
 *
 * Linux's names for what is here: struct virtio_device, vp_modern_*,
 * vp_find_vqs, vp_notify, vp_interrupt/vp_vring_interrupt,
 * vp_config_changed, virtio_device_ready, virtio_break_device.
 */
#include "drivers/virtio/virtio.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/ioremap.h"
#include "drivers/pci/pci.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define PCI_VENDOR_ID_REDHAT_QUMRANET	0x1af4

/* Vendor capability layout (4.1.4) */
#define VIRTIO_PCI_CAP_CFG_TYPE		3
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16
#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4

/* Common configuration offsets (4.1.4.3) */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00
#define VIRTIO_PCI_COMMON_DF		0x04
#define VIRTIO_PCI_COMMON_GFSELECT	0x08
#define VIRTIO_PCI_COMMON_GF		0x0c
#define VIRTIO_PCI_COMMON_MSIX		0x10
#define VIRTIO_PCI_COMMON_NUMQ		0x12
#define VIRTIO_PCI_COMMON_STATUS	0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18
#define VIRTIO_PCI_COMMON_Q_MSIX	0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO	0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI	0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO	0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI	0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO	0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI	0x34
#define VIRTIO_MSI_NO_VECTOR		0xffff

#define VP_MSIX_CONFIG_VECTOR		0	/* MSI-X entry for config changes */
#define VP_MSIX_VQ_VECTOR		1	/* MSI-X entry for every queue */

static struct virtio_driver *virtio_drivers[4];
static unsigned int nr_virtio_drivers;
static int virtio_index;

/* register_virtio_driver - see virtio.h. */
int register_virtio_driver(struct virtio_driver *drv)
{
	if (nr_virtio_drivers == ARRAY_SIZE(virtio_drivers))
		return -ENOSPC;
	virtio_drivers[nr_virtio_drivers++] = drv;
	return 0;
}

/* Accessors of the common configuration. */
static u8 vp_read8(struct virtio_device *vdev, unsigned int off)
{
	return readb((u8 __iomem *)vdev->common + off);
}
static u16 vp_read16(struct virtio_device *vdev, unsigned int off)
{
	return readw((u8 __iomem *)vdev->common + off);
}
static u32 vp_read32(struct virtio_device *vdev, unsigned int off)
{
	return readl((u8 __iomem *)vdev->common + off);
}
static void vp_write8(struct virtio_device *vdev, unsigned int off, u8 v)
{
	writeb(v, (u8 __iomem *)vdev->common + off);
}
static void vp_write16(struct virtio_device *vdev, unsigned int off, u16 v)
{
	writew(v, (u8 __iomem *)vdev->common + off);
}
static void vp_write32(struct virtio_device *vdev, unsigned int off, u32 v)
{
	writel(v, (u8 __iomem *)vdev->common + off);
}
/* A 64-bit field as two 32-bit writes, low half first (4.1.3.1). */
static void vp_write64(struct virtio_device *vdev, unsigned int off, u64 v)
{
	vp_write32(vdev, off, (u32)v);
	vp_write32(vdev, off + 4, v >> 32);
}

/* virtio_get_status - see virtio.h. */
u8 virtio_get_status(struct virtio_device *vdev)
{
	return vp_read8(vdev, VIRTIO_PCI_COMMON_STATUS);
}

/* Adds status bits (the driver only ever adds, until a reset). */
static void virtio_add_status(struct virtio_device *vdev, u8 bits)
{
	vp_write8(vdev, VIRTIO_PCI_COMMON_STATUS, virtio_get_status(vdev) | bits);
}

/*
 * Resets the device: write 0, then wait until it reads back 0, which is
 * when the reset is complete (4.1.4.3.2).  Bounded: a device that never
 * finishes is reported, not waited for forever.
 */
static int vp_reset(struct virtio_device *vdev)
{
	vp_write8(vdev, VIRTIO_PCI_COMMON_STATUS, 0);
	for (int i = 0; i < 1000000; i++) {
		if (!virtio_get_status(vdev))
			return 0;
		cpu_relax();
	}
	pr_err("virtio-pci %s: reset did not complete\n", vdev->pci_dev->name);
	return -EIO;
}

/* virtio_cread8 - see virtio.h. */
u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset)
{
	return readb((u8 __iomem *)vdev->device + offset);
}

/* virtio_cread16 - see virtio.h. */
u16 virtio_cread16(struct virtio_device *vdev, unsigned int offset)
{
	return readw((u8 __iomem *)vdev->device + offset);
}

/* virtio_cread32 - see virtio.h. */
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset)
{
	return readl((u8 __iomem *)vdev->device + offset);
}

/* virtio_cread64 - see virtio.h. */
u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset)
{
	u8 gen;
	u64 v;

	do {
		gen = vp_read8(vdev, VIRTIO_PCI_COMMON_CFGGENERATION);
		v = virtio_cread32(vdev, offset) | (u64)virtio_cread32(vdev, offset + 4) << 32;
	} while (gen != vp_read8(vdev, VIRTIO_PCI_COMMON_CFGGENERATION));
	return v;
}

/* The kick: the queue's index to its notify register. */
static bool vp_notify(struct virtqueue *vq)
{
	writew(vq->index, vq->priv);
	return true;
}

/* virtio_find_vq - see virtio.h.  4.1.5.1.3's steps. */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int num, vq_callback_t callback, const char *name)
{
	struct virtqueue *vq;
	u16 size, off;

	if (index >= VIRTIO_MAX_VQS || index >= vp_read16(vdev, VIRTIO_PCI_COMMON_NUMQ))
		return NULL;
	vp_write16(vdev, VIRTIO_PCI_COMMON_Q_SELECT, index);
	size = vp_read16(vdev, VIRTIO_PCI_COMMON_Q_SIZE);
	if (!size || vp_read16(vdev, VIRTIO_PCI_COMMON_Q_ENABLE))
		return NULL;
	while (num > size || num > VRING_MAX_NUM)	/* a smaller power of two is allowed */
		num /= 2;
	vq = vring_create_virtqueue(index, num, vdev, vp_notify, callback, name);
	if (!vq)
		return NULL;
	vp_write16(vdev, VIRTIO_PCI_COMMON_Q_SIZE, num);
	vp_write16(vdev, VIRTIO_PCI_COMMON_Q_MSIX, VP_MSIX_VQ_VECTOR);
	if (vp_read16(vdev, VIRTIO_PCI_COMMON_Q_MSIX) == VIRTIO_MSI_NO_VECTOR)
		goto out_del;
	vp_write64(vdev, VIRTIO_PCI_COMMON_Q_DESCLO, virtqueue_get_desc_addr(vq));
	vp_write64(vdev, VIRTIO_PCI_COMMON_Q_AVAILLO, virtqueue_get_avail_addr(vq));
	vp_write64(vdev, VIRTIO_PCI_COMMON_Q_USEDLO, virtqueue_get_used_addr(vq));
	off = vp_read16(vdev, VIRTIO_PCI_COMMON_Q_NOFF);
	vq->priv = (u8 __iomem *)vdev->notify_base + off * vdev->notify_off_multiplier;
	vp_write16(vdev, VIRTIO_PCI_COMMON_Q_ENABLE, 1);
	vdev->vqs[index] = vq;
	return vq;

out_del:
	pr_err("virtio-pci %s: queue %u refused MSI-X vector\n", vdev->pci_dev->name, index);
	vring_del_virtqueue(vq);
	return NULL;
}

/* virtio_device_ready - see virtio.h. */
void virtio_device_ready(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* virtio_break_device - see virtio.h. */
void virtio_break_device(struct virtio_device *vdev)
{
	vdev->broken = true;
	vp_reset(vdev);
	for (int i = 0; i < VIRTIO_MAX_VQS; i++)
		if (vdev->vqs[i])
			vdev->vqs[i]->broken = true;
}

/* MSI-X entry 1: some queue has used buffers (vp_vring_interrupt). */
static irqreturn_t vp_vring_interrupt(int irq, void *dev_id)
{
	struct virtio_device *vdev = dev_id;

	for (int i = 0; i < VIRTIO_MAX_VQS; i++)
		if (vdev->vqs[i])
			vring_interrupt(vdev->vqs[i]);
	return IRQ_HANDLED;
}

/* MSI-X entry 0: configuration or status changed (vp_config_changed). */
static irqreturn_t vp_config_changed(int irq, void *dev_id)
{
	struct virtio_device *vdev = dev_id;

	if (vdev->driver && vdev->driver->config_changed)
		vdev->driver->config_changed(vdev);
	return IRQ_HANDLED;
}

/*
 * Maps the structure of cfg_type from the first vendor capability that
 * describes it in a memory BAR (4.1.4.1: use the first one understood).
 * *cap_out = the capability's config-space offset.  NULL if none.
 */
static void __iomem *vp_map_capability(struct pci_dev *pci, u8 cfg_type, u8 *cap_out)
{
	for (u8 pos = pci_find_capability(pci, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pci, pos, PCI_CAP_ID_VNDR)) {
		u8 bar = pci_read_config_byte(pci, pos + VIRTIO_PCI_CAP_BAR);
		u32 off = pci_read_config_dword(pci, pos + VIRTIO_PCI_CAP_OFFSET);
		u32 len = pci_read_config_dword(pci, pos + VIRTIO_PCI_CAP_LENGTH);

		if (pci_read_config_byte(pci, pos + VIRTIO_PCI_CAP_CFG_TYPE) != cfg_type)
			continue;
		if (bar >= PCI_STD_NUM_BARS || !(pci->resource[bar].flags & IORESOURCE_MEM) ||
		    !len || (u64)off + len > pci_resource_len(pci, bar))
			continue;
		*cap_out = pos;
		return ioremap(pci_resource_start(pci, bar) + off, len);
	}
	return NULL;
}

/* Maps the four structures; 0 or -ENODEV (not a modern device). */
static int vp_modern_map(struct virtio_device *vdev)
{
	struct pci_dev *pci = vdev->pci_dev;
	u8 cap = 0;

	vdev->common = vp_map_capability(pci, VIRTIO_PCI_CAP_COMMON_CFG, &cap);
	vdev->isr = vp_map_capability(pci, VIRTIO_PCI_CAP_ISR_CFG, &cap);
	vdev->device = vp_map_capability(pci, VIRTIO_PCI_CAP_DEVICE_CFG, &cap);
	vdev->notify_base = vp_map_capability(pci, VIRTIO_PCI_CAP_NOTIFY_CFG, &cap);
	if (vdev->notify_base)
		vdev->notify_off_multiplier =
			pci_read_config_dword(pci, cap + VIRTIO_PCI_NOTIFY_CAP_MULT);
	if (vdev->common && vdev->isr && vdev->device && vdev->notify_base)
		return 0;
	pr_err("virtio-pci %s: no modern virtio capabilities (legacy-only device)\n", pci->name);
	iounmap(vdev->common);
	iounmap(vdev->isr);
	iounmap(vdev->device);
	iounmap(vdev->notify_base);
	return -ENODEV;
}

/* The device's 64 feature bits. */
static u64 vp_get_features(struct virtio_device *vdev)
{
	u64 f;

	vp_write32(vdev, VIRTIO_PCI_COMMON_DFSELECT, 0);
	f = vp_read32(vdev, VIRTIO_PCI_COMMON_DF);
	vp_write32(vdev, VIRTIO_PCI_COMMON_DFSELECT, 1);
	return f | (u64)vp_read32(vdev, VIRTIO_PCI_COMMON_DF) << 32;
}

/*
 * Feature negotiation (2.2, 3.1.1 steps 4-6): accept the driver's bits
 * the device offers, plus VERSION_1 (required), then FEATURES_OK, read back.
 */
static int vp_finalize_features(struct virtio_device *vdev, struct virtio_driver *drv)
{
	u64 device = vp_get_features(vdev), want = 1ULL << VIRTIO_F_VERSION_1;

	for (unsigned int i = 0; i < drv->feature_table_size; i++)
		want |= 1ULL << drv->feature_table[i];
	if (!(device & (1ULL << VIRTIO_F_VERSION_1))) {
		pr_err("virtio-pci %s: device does not offer VIRTIO_F_VERSION_1\n",
		       vdev->pci_dev->name);
		return -ENODEV;
	}
	vdev->features = device & want;
	vp_write32(vdev, VIRTIO_PCI_COMMON_GFSELECT, 0);
	vp_write32(vdev, VIRTIO_PCI_COMMON_GF, (u32)vdev->features);
	vp_write32(vdev, VIRTIO_PCI_COMMON_GFSELECT, 1);
	vp_write32(vdev, VIRTIO_PCI_COMMON_GF, vdev->features >> 32);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(virtio_get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		pr_err("virtio-pci %s: device refused features %#llx\n", vdev->pci_dev->name,
		       vdev->features);
		return -ENODEV;
	}
	return 0;
}

/* The virtio driver for device id, or NULL. */
static struct virtio_driver *virtio_find_driver(u32 id)
{
	for (unsigned int i = 0; i < nr_virtio_drivers; i++)
		if (virtio_drivers[i]->device_id == id)
			return virtio_drivers[i];
	return NULL;
}

/* MSI-X: entry 0 config, entry 1 queues (see the top). */
static int vp_request_msix_vectors(struct virtio_device *vdev)
{
	static const irq_handler_t handlers[] = { vp_config_changed, vp_vring_interrupt };
	static const char *const names[] = { "virtio-config", "virtio-req" };
	int err = pci_enable_msix(vdev->pci_dev, 2, handlers, vdev, names);

	if (err)
		return err;
	vp_write16(vdev, VIRTIO_PCI_COMMON_MSIX, VP_MSIX_CONFIG_VECTOR);
	if (vp_read16(vdev, VIRTIO_PCI_COMMON_MSIX) == VIRTIO_MSI_NO_VECTOR)
		return -EBUSY;
	return 0;
}

/* 3.1.1, steps 1-6; the driver's probe does the rest and sets DRIVER_OK. */
static int vp_init_device(struct virtio_device *vdev, struct virtio_driver *drv)
{
	int err = vp_reset(vdev);

	if (err)
		return err;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = vp_finalize_features(vdev, drv);
	if (err)
		return err;
	err = vp_request_msix_vectors(vdev);
	if (err) {
		pr_err("virtio-pci %s: MSI-X setup failed (%d)\n", vdev->pci_dev->name, err);
		return err;
	}
	pr_info("virtio-pci %s: %s: virtio 1.0 device id %u, features %#llx, MSI-X vectors %#x %#x\n",
		vdev->pci_dev->name, vdev->name, vdev->id, vdev->features,
		vdev->pci_dev->msix_vectors[0], vdev->pci_dev->msix_vectors[1]);
	vdev->driver = drv;
	err = drv->probe(vdev);
	if (err) {
		vdev->driver = NULL;
		pci_disable_msix(vdev->pci_dev, vdev);
	}
	return err;
}

/* The PCI probe: a virtio function (Linux's virtio_pci_probe). */
static int virtio_pci_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_device *vdev;
	struct virtio_driver *drv;
	int err;

	if (pci->device < 0x1000 || pci->device > 0x107f)
		return -ENODEV;
	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	vdev->pci_dev = pci;
	vdev->id = pci->device >= 0x1040 ? pci->device - 0x1040u : pci->subsystem_device;
	drv = virtio_find_driver(vdev->id);
	if (!drv) {
		kfree(vdev);
		return -ENODEV;
	}
	pci_enable_device(pci);
	pci_set_master(pci);
	err = vp_modern_map(vdev);
	if (err)
		goto out_free;
	vdev->index = virtio_index++;
	snprintf(vdev->name, sizeof(vdev->name), "virtio%d", vdev->index);
	err = vp_init_device(vdev, drv);
	if (err) {
		virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
		goto out_free;
	}
	pci_set_drvdata(pci, vdev);
	return 0;

out_free:
	kfree(vdev);
	return err;
}

static const struct pci_device_id virtio_pci_id_table[] = {
	{ PCI_VENDOR_ID_REDHAT_QUMRANET, PCI_ANY_ID },
	{ 0, 0 },
};

static struct pci_driver virtio_pci_driver = {
	.name = "virtio-pci",
	.id_table = virtio_pci_id_table,
	.probe = virtio_pci_probe,
};

/*
 * virtio_pci_driver_init - see virtio.h.  Linux registers each driver from
 * its own initcall; Pagoda calls them here, drivers before the transport
 * so that the transport's probe finds them.
 */
void virtio_pci_driver_init(void)
{
	virtio_blk_init();
	pci_register_driver(&virtio_pci_driver);
}
