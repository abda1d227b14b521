/*
 * drivers/pci/pci.h - PCI devices: configuration space, enumeration,
 * BARs, capabilities and MSI-X (drivers/pci/pci.c, drivers/pci/msi.c;
 * Linux's include/linux/pci.h and include/uapi/linux/pci_regs.h, cut down).
 *
 * Every PCI function has 256 bytes of configuration space (the type 0
 * header below, then capabilities); pci.c reads it through configuration
 * mechanism #1 (I/O ports 0xcf8/0xcfc), scans the buses at boot, prints one
 * line per function ("pci 0000:00:04.0: [1af4:1001] class 0x010000"), sizes
 * its BARs and keeps a struct pci_dev for each on pci_devices.  A driver
 * registers a struct pci_driver with an id table; pci_register_driver()
 * calls its probe() for every device that matches.
 */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include "arch/x86_64/ioremap.h"
#include "arch/x86_64/irq.h"
#include "kernel/list.h"
#include "kernel/types.h"

/* ---- configuration space: the type 0 header (PCI Local Bus 3.0, 6.1) ---- */
#define PCI_VENDOR_ID		0x00	/* 16 bits; 0xffff: no function here */
#define PCI_DEVICE_ID		0x02	/* 16 bits */
#define PCI_COMMAND		0x04	/* 16 bits */
#define  PCI_COMMAND_IO		0x1	/* respond to I/O space */
#define  PCI_COMMAND_MEMORY	0x2	/* respond to memory space */
#define  PCI_COMMAND_MASTER	0x4	/* may start bus cycles: DMA, MSI writes */
#define  PCI_COMMAND_INTX_DISABLE 0x400	/* no INTx pin interrupts */
#define PCI_STATUS		0x06	/* 16 bits */
#define  PCI_STATUS_CAP_LIST	0x10	/* a capability list at PCI_CAPABILITY_LIST */
#define PCI_CLASS_REVISION	0x08	/* class code (24 bits) << 8 | revision */
#define PCI_HEADER_TYPE		0x0e	/* 8 bits */
#define  PCI_HEADER_TYPE_MASK	0x7f	/* 0 device, 1 PCI-PCI bridge */
#define  PCI_HEADER_TYPE_MFD	0x80	/* functions 1-7 may exist */
#define PCI_BASE_ADDRESS_0	0x10	/* six 32-bit BARs, 0x10..0x24 */
#define  PCI_BASE_ADDRESS_SPACE_IO	0x1
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x4
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x8
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0xfULL)
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x3ULL)
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34	/* 8 bits: offset of the first capability */
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_SECONDARY_BUS	0x19	/* bridges: the bus behind them */

#define PCI_CLASS_BRIDGE_PCI	0x0604

/* Capabilities: [id, next, ...] linked from PCI_CAPABILITY_LIST. */
#define PCI_CAP_LIST_ID		0
#define PCI_CAP_LIST_NEXT	1
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09	/* vendor specific: virtio's structures */
#define PCI_CAP_ID_MSIX		0x11

/* MSI-X capability (PCI Local Bus 3.0, 6.8.2) */
#define PCI_MSIX_FLAGS		2	/* message control, 16 bits */
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff	/* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL	0x4000	/* function mask */
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		4	/* table offset | BIR (BAR indicator, bits 2:0) */
#define PCI_MSIX_PBA		8	/* pending bit array offset | BIR */
#define  PCI_MSIX_BIR_MASK	0x7
/* one MSI-X table entry: 16 bytes in the BAR */
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0
#define PCI_MSIX_ENTRY_UPPER_ADDR	4
#define PCI_MSIX_ENTRY_DATA		8
#define PCI_MSIX_ENTRY_VECTOR_CTRL	12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT	0x1

#define PCI_STD_NUM_BARS	6
#define PCI_ANY_ID		(~0U)

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

struct pci_driver;

/* One BAR as the firmware assigned it. */
struct resource {
	u64 start;			/* first address (0: not assigned / absent) */
	u64 end;			/* last address */
	unsigned long flags;		/* IORESOURCE_* */
};
#define IORESOURCE_IO		0x100
#define IORESOURCE_MEM		0x200
#define IORESOURCE_PREFETCH	0x2000
#define IORESOURCE_MEM_64	0x100000

/* One PCI function (Linux's struct pci_dev). */
struct pci_dev {
	struct list_head bus_list;	/* link in pci_devices */
	u8 bus;				/* bus number */
	u8 devfn;			/* PCI_DEVFN(slot, function) */
	u16 vendor;			/* PCI_VENDOR_ID */
	u16 device;			/* PCI_DEVICE_ID */
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class;			/* base class << 16 | subclass << 8 | prog-if */
	u8 revision;
	u8 hdr_type;			/* PCI_HEADER_TYPE_MASK bits */
	u8 msix_cap;			/* offset of the MSI-X capability, 0: none */
	bool msix_enabled;		/* pci_enable_msix() succeeded */
	void __iomem *msix_base;	/* the MSI-X table, ioremap'ed */
	unsigned int msix_nvec;		/* entries enabled */
	unsigned int msix_vectors[8];	/* the IDT vector of each enabled entry */
	struct resource resource[PCI_STD_NUM_BARS];	/* the BARs */
	struct pci_driver *driver;	/* who claimed it, or NULL */
	void *driver_data;		/* the driver's (pci_set_drvdata) */
	char name[16];			/* "0000:00:04.0" */
};

/* Which devices a driver takes (Linux's struct pci_device_id). */
struct pci_device_id {
	u32 vendor, device;		/* or PCI_ANY_ID */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* ends with a zero vendor */
	/* probe - take dev; 0, or -errno to leave it alone. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
};

/* ---- configuration space (pci.c) ---- */
/* pci_read_config_byte/word/dword - read where (naturally aligned) of dev's config space. */
u8 pci_read_config_byte(const struct pci_dev *dev, int where);
u16 pci_read_config_word(const struct pci_dev *dev, int where);
u32 pci_read_config_dword(const struct pci_dev *dev, int where);
/* pci_write_config_byte/word/dword - write where of dev's config space. */
void pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
void pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
void pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

/*
 * pci_find_capability - the config-space offset of dev's first capability
 * with id cap (PCI_CAP_ID_*), or 0.  pci_find_next_capability - the next
 * one after the capability at pos.
 */
u8 pci_find_capability(const struct pci_dev *dev, int cap);
u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, int cap);

/* pci_resource_start / _len - BAR bar's physical address and size (0: none). */
static inline u64 pci_resource_start(const struct pci_dev *dev, int bar)
{
	return dev->resource[bar].start;
}
static inline u64 pci_resource_len(const struct pci_dev *dev, int bar)
{
	const struct resource *r = &dev->resource[bar];

	return r->start || r->end ? r->end - r->start + 1 : 0;
}

/* pci_set_master - let dev start DMA (and MSI writes): PCI_COMMAND_MASTER. */
void pci_set_master(struct pci_dev *dev);
/* pci_enable_device - memory and I/O decoding on.  Returns 0. */
int pci_enable_device(struct pci_dev *dev);

static inline void pci_set_drvdata(struct pci_dev *dev, void *data) { dev->driver_data = data; }
static inline void *pci_get_drvdata(struct pci_dev *dev) { return dev->driver_data; }

/* pci_register_driver - probe drv on every matching unclaimed device; returns 0. */
int pci_register_driver(struct pci_driver *drv);
/* pci_get_device - the first device vendor:device after from (NULL: from the start), or NULL. */
struct pci_dev *pci_get_device(u32 vendor, u32 device, struct pci_dev *from);

/*
 * pci_subsys_init - scan every bus (printing each function), then probe
 * the built-in drivers (virtio-pci).  Once at boot, after init_IRQ() and
 * vfs_init() (drivers create their /dev nodes).
 */
void pci_subsys_init(void);

/* ---- MSI-X (msi.c) ---- */
/*
 * pci_enable_msix - enable MSI-X entries 0..nvec-1 of dev: entry i gets a
 * free IDT vector (dev->msix_vectors[i]) whose handler is
 * handlers[i](vector, dev_id), named names[i].  Linux splits this into
 * pci_alloc_irq_vectors(PCI_IRQ_MSIX) + request_irq(pci_irq_vector(dev, i));
 * with no vector allocator under request_irq yet, the two are one call
 * here.  Returns 0, -EINVAL (no MSI-X, or fewer than nvec entries), -ENOSPC
 * (no free vector) or -ENOMEM.  Process context.
 */
int pci_enable_msix(struct pci_dev *dev, unsigned int nvec, const irq_handler_t *handlers,
		    void *dev_id, const char *const *names);
/* pci_disable_msix - mask and disable every entry, free the vectors. */
void pci_disable_msix(struct pci_dev *dev, void *dev_id);

#endif /* DRIVERS_PCI_PCI_H */
