/*
 * drivers/pci/pci.c - PCI configuration space and bus enumeration
 * (Linux's arch/x86/pci/direct.c, drivers/pci/probe.c, drivers/pci/pci.c,
 * much cut down).
 *
 * Configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the CPU
 * writes an address to I/O port 0xcf8 (CONFIG_ADDRESS)
 *
 *	bit 31     enable
 *	bits 23-16 bus      bits 15-11 device      bits 10-8 function
 *	bits 7-2   dword register number
 *
 * and then reads or writes the dword at port 0xcfc (CONFIG_DATA; a byte or
 * word at 0xcfc + (where & 3)).  The pair of accesses must not be split by
 * another configuration access, so pci_config_lock (irqsave) covers both.
 *
 * Enumeration (Linux's pci_scan_bus): on bus 0, every device 0-31; a
 * vendor id of 0xffff means nothing answers.  Function 0 is always there if
 * the device is; functions 1-7 only if function 0's header type has the
 * multi-function bit.  A PCI-to-PCI bridge (class 0x0604) leads to its
 * secondary bus, scanned the same way (the firmware numbered the buses).
 * Each function found is printed like Linux's boot log (and `lspci -n`):
 *
 *	pci 0000:00:04.0: [1af4:1001] type 00 class 0x010000
 *	pci 0000:00:04.0: reg 0x10: [io  0xc000-0xc07f]
 *	pci 0000:00:04.0: reg 0x20: [mem 0xfebf0000-0xfebf3fff 64bit pref]
 *
 * BAR sizing: write all ones to the BAR, read back - the device hardwires
 * the bits below its size to zero - then restore.  Decoding is off
 * meanwhile (PCI_COMMAND), so the briefly-bogus address decodes nothing.
 * SeaBIOS, QEMU's firmware, has assigned every BAR already; Pagoda keeps
 * the assignment.
 *
 * The capability list (PCI_STATUS_CAP_LIST): a byte at 0x34 points to the
 * first capability; each starts [id, next].  pci_find_capability() walks
 * it, at most 48 steps so that a looping list cannot hang the boot.
 *
 * Devices live on pci_devices for good (no hot-plug).  Drivers are matched
 * by vendor:device (pci_register_driver); the only one built in is
 * virtio-pci (drivers/virtio/virtio_pci.c).
 */
#include "drivers/pci/pci.h"
#include "arch/x86_64/io.h"
#include "drivers/virtio/virtio.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define PCI_CONF1_ADDRESS	0xcf8
#define PCI_CONF1_DATA		0xcfc
#define PCI_FIND_CAP_TTL	48	/* Linux's bound on capability-list walks */

static DEFINE_SPINLOCK(pci_config_lock);
static LIST_HEAD(pci_devices);

/* The CONFIG_ADDRESS value for (bus, devfn, where). */
static u32 pci_conf1_address(u8 bus, u8 devfn, int where)
{
	return 0x80000000U | ((u32)bus << 16) | ((u32)devfn << 8) | (where & 0xfc);
}

/* Reads size (1, 2 or 4) bytes at where of bus:devfn. */
static u32 pci_conf1_read(u8 bus, u8 devfn, int where, int size)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(pci_conf1_address(bus, devfn, where), PCI_CONF1_ADDRESS);
	if (size == 1)
		v = inb(PCI_CONF1_DATA + (where & 3));
	else if (size == 2)
		v = inw(PCI_CONF1_DATA + (where & 2));
	else
		v = inl(PCI_CONF1_DATA);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

/* Writes size (1, 2 or 4) bytes at where of bus:devfn. */
static void pci_conf1_write(u8 bus, u8 devfn, int where, int size, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(pci_conf1_address(bus, devfn, where), PCI_CONF1_ADDRESS);
	if (size == 1)
		outb(v, PCI_CONF1_DATA + (where & 3));
	else if (size == 2)
		outw(v, PCI_CONF1_DATA + (where & 2));
	else
		outl(v, PCI_CONF1_DATA);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

/* pci_read_config_byte - see pci.h. */
u8 pci_read_config_byte(const struct pci_dev *dev, int where)
{
	return pci_conf1_read(dev->bus, dev->devfn, where, 1);
}

/* pci_read_config_word - see pci.h. */
u16 pci_read_config_word(const struct pci_dev *dev, int where)
{
	return pci_conf1_read(dev->bus, dev->devfn, where, 2);
}

/* pci_read_config_dword - see pci.h. */
u32 pci_read_config_dword(const struct pci_dev *dev, int where)
{
	return pci_conf1_read(dev->bus, dev->devfn, where, 4);
}

/* pci_write_config_byte - see pci.h. */
void pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	pci_conf1_write(dev->bus, dev->devfn, where, 1, val);
}

/* pci_write_config_word - see pci.h. */
void pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	pci_conf1_write(dev->bus, dev->devfn, where, 2, val);
}

/* pci_write_config_dword - see pci.h. */
void pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	pci_conf1_write(dev->bus, dev->devfn, where, 4, val);
}

/* pci_find_next_capability - see pci.h. */
u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, int cap)
{
	int ttl = PCI_FIND_CAP_TTL;

	pos = pci_read_config_byte(dev, pos + PCI_CAP_LIST_NEXT);
	while (ttl-- && pos >= 0x40) {
		pos &= ~3;
		if (pci_read_config_byte(dev, pos + PCI_CAP_LIST_ID) == cap)
			return pos;
		pos = pci_read_config_byte(dev, pos + PCI_CAP_LIST_NEXT);
	}
	return 0;
}

/* pci_find_capability - see pci.h. */
u8 pci_find_capability(const struct pci_dev *dev, int cap)
{
	if (!(pci_read_config_word(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	/* PCI_CAPABILITY_LIST - PCI_CAP_LIST_NEXT: start as if from a capability there. */
	return pci_find_next_capability(dev, PCI_CAPABILITY_LIST - PCI_CAP_LIST_NEXT, cap);
}

/* pci_enable_device - see pci.h. */
int pci_enable_device(struct pci_dev *dev)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	pci_write_config_word(dev, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	return 0;
}

/* pci_set_master - see pci.h. */
void pci_set_master(struct pci_dev *dev)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	pci_write_config_word(dev, PCI_COMMAND, cmd | PCI_COMMAND_MASTER);
}

/* ------------------------------------------------------------------------
 * BARs
 * ------------------------------------------------------------------------ */

/* Writes ~0 to the 32-bit BAR at reg and returns what sticks; restores it. */
static u32 pci_size_bar32(struct pci_dev *dev, int reg, u32 orig)
{
	u32 sz;

	pci_write_config_dword(dev, reg, ~0U);
	sz = pci_read_config_dword(dev, reg);
	pci_write_config_dword(dev, reg, orig);
	return sz;
}

/* Prints a BAR as Linux does: "reg 0x10: [mem 0x...-0x... 64bit pref]". */
static void pci_print_bar(struct pci_dev *dev, int reg, const struct resource *r)
{
	pr_info("pci %s: reg 0x%x: [%s %#llx-%#llx%s%s]\n", dev->name, reg,
		r->flags & IORESOURCE_IO ? "io " : "mem", r->start, r->end,
		r->flags & IORESOURCE_MEM_64 ? " 64bit" : "",
		r->flags & IORESOURCE_PREFETCH ? " pref" : "");
}

/*
 * Reads and sizes BAR i (at reg); a 64-bit memory BAR takes two slots.
 * Returns how many slots it used (1 or 2).  Decoding must be off.
 */
static int pci_read_bar(struct pci_dev *dev, int i)
{
	int reg = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo = pci_read_config_dword(dev, reg), hi = 0;
	u64 addr, mask, sz;
	struct resource *r = &dev->resource[i];
	bool is64 = !(lo & PCI_BASE_ADDRESS_SPACE_IO) && (lo & PCI_BASE_ADDRESS_MEM_TYPE_64);

	sz = pci_size_bar32(dev, reg, lo);
	if (is64 && i + 1 < PCI_STD_NUM_BARS) {
		hi = pci_read_config_dword(dev, reg + 4);
		sz |= (u64)pci_size_bar32(dev, reg + 4, hi) << 32;
	} else {
		sz |= is64 ? 0 : 0xffffffff00000000ULL;
	}
	if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
		mask = PCI_BASE_ADDRESS_IO_MASK & 0xffff;
		addr = lo & mask;
		sz = (sz | ~0xffffULL) & PCI_BASE_ADDRESS_IO_MASK;
		r->flags = IORESOURCE_IO;
	} else {
		addr = ((u64)hi << 32 | lo) & PCI_BASE_ADDRESS_MEM_MASK;
		sz &= PCI_BASE_ADDRESS_MEM_MASK;
		r->flags = IORESOURCE_MEM | (is64 ? IORESOURCE_MEM_64 : 0) |
			   (lo & PCI_BASE_ADDRESS_MEM_PREFETCH ? IORESOURCE_PREFETCH : 0);
	}
	sz = ~sz + 1;			/* the lowest writable bit is the size */
	if (sz && (lo & ~0xfU || hi)) {
		r->start = addr;
		r->end = addr + sz - 1;
		pci_print_bar(dev, reg, r);
	} else {
		r->flags = 0;
	}
	return is64 ? 2 : 1;
}

/* Sizes every BAR of a type 0 header, with decoding turned off meanwhile. */
static void pci_read_bases(struct pci_dev *dev)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	pci_write_config_word(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int i = 0; i < PCI_STD_NUM_BARS; )
		i += pci_read_bar(dev, i);
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

/* ------------------------------------------------------------------------
 * Enumeration
 * ------------------------------------------------------------------------ */

static void pci_scan_bus(u8 bus, int depth);

/* Makes, prints and lists the pci_dev of bus:devfn (which answered). */
static struct pci_dev *pci_scan_device(u8 bus, u8 devfn)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u32 v;

	if (!dev)
		return NULL;
	dev->bus = bus;
	dev->devfn = devfn;
	v = pci_read_config_dword(dev, PCI_VENDOR_ID);
	dev->vendor = v & 0xffff;
	dev->device = v >> 16;
	v = pci_read_config_dword(dev, PCI_CLASS_REVISION);
	dev->class = v >> 8;
	dev->revision = v & 0xff;
	dev->hdr_type = pci_read_config_byte(dev, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	snprintf(dev->name, sizeof(dev->name), "0000:%02x:%02x.%d", bus, PCI_SLOT(devfn),
		 PCI_FUNC(devfn));
	pr_info("pci %s: [%04x:%04x] type %02x class %#08x\n", dev->name, dev->vendor,
		dev->device, dev->hdr_type, dev->class);
	if (dev->hdr_type == 0) {
		dev->subsystem_vendor = pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID);
		dev->subsystem_device = pci_read_config_word(dev, PCI_SUBSYSTEM_ID);
		pci_read_bases(dev);
	}
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	list_add_tail(&dev->bus_list, &pci_devices);
	return dev;
}

/* Scans the functions of slot on bus; follows bridges. */
static void pci_scan_slot(u8 bus, int slot, int depth)
{
	for (int fn = 0; fn < 8; fn++) {
		u8 devfn = PCI_DEVFN(slot, fn);
		struct pci_dev *dev;

		if ((pci_conf1_read(bus, devfn, PCI_VENDOR_ID, 2) & 0xffff) == 0xffff) {
			if (fn == 0)
				return;
			continue;
		}
		dev = pci_scan_device(bus, devfn);
		if (dev && dev->hdr_type == 1 && (dev->class >> 8) == PCI_CLASS_BRIDGE_PCI)
			pci_scan_bus(pci_read_config_byte(dev, PCI_SECONDARY_BUS), depth + 1);
		if (fn == 0 && !(pci_conf1_read(bus, devfn, PCI_HEADER_TYPE, 1) & PCI_HEADER_TYPE_MFD))
			return;
	}
}

/* Scans the 32 slots of bus (bridges nest at most 8 deep here). */
static void pci_scan_bus(u8 bus, int depth)
{
	if (depth > 8 || (depth > 0 && bus == 0))
		return;
	for (int slot = 0; slot < 32; slot++)
		pci_scan_slot(bus, slot, depth);
}

/* Does dev match id (PCI_ANY_ID matches anything)? */
static bool pci_match_one(const struct pci_device_id *id, const struct pci_dev *dev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == dev->device);
}

/* pci_register_driver - see pci.h. */
int pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	list_for_each_entry(dev, &pci_devices, bus_list) {
		if (dev->driver)
			continue;
		for (const struct pci_device_id *id = drv->id_table; id->vendor; id++) {
			if (!pci_match_one(id, dev))
				continue;
			if (!drv->probe(dev, id))
				dev->driver = drv;
			break;
		}
	}
	return 0;
}

/* pci_get_device - see pci.h. */
struct pci_dev *pci_get_device(u32 vendor, u32 device, struct pci_dev *from)
{
	struct pci_device_id id = { vendor, device };
	struct list_head *pos = from ? from->bus_list.next : pci_devices.next;

	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *dev = list_entry(pos, struct pci_dev, bus_list);

		if (pci_match_one(&id, dev))
			return dev;
	}
	return NULL;
}

/* pci_subsys_init - see pci.h. */
void pci_subsys_init(void)
{
	pr_info("PCI: Using configuration type 1 for base access\n");
	pr_info("PCI: Probing PCI hardware (bus 00)\n");
	pci_scan_bus(0, 0);
	virtio_pci_driver_init();
}
