/*
 * drivers/pci/msi.c - MSI-X: device interrupts as memory writes (Linux's
 * drivers/pci/msi/, for the x86 local APIC only).
 *
 * With no I/O APIC programmed (the legacy PIC is masked, arch/x86_64/irq.c),
 * a PCI device's INTx pins reach nothing.  MSI-X (PCI Local Bus 3.0, 6.8.2)
 * needs no interrupt controller in between: the device raises entry i by
 * doing a 32-bit DMA write of the entry's Message Data to its Message
 * Address.  On x86 an address in 0xfee00000-0xfeefffff is not memory but
 * the local APICs' message window (Intel SDM vol. 3, 11.11):
 *
 *	address = 0xfee00000 | (destination APIC id << 12)   physical mode,
 *	                                                       no redirection hint
 *	data    = vector                                      fixed delivery, edge
 *
 * so the write arrives at that CPU's local APIC as that vector - exactly
 * as if an I/O APIC had sent it - and do_IRQ() runs request_irq()'s handler.
 *
 * The MSI-X capability in config space says how many entries the device
 * has (message control bits 10:0, plus one) and where the table is: a BAR
 * (BIR, bits 2:0 of the table register) and an offset into it.  The table
 * is MMIO, ioremap'ed here; each entry is 16 bytes: address low, address
 * high, data, vector control (bit 0: masked).
 *
 * Enabling, in the order that keeps a half-programmed entry from firing:
 * set ENABLE together with MASKALL (the function mask), program and unmask
 * each entry, then clear MASKALL.  Bus mastering must be on (the message
 * is a DMA write) and INTx is disabled.
 *
 * Vectors: Pagoda has no vector allocator; request_irq() takes the vector
 * itself.  pci_enable_msix() tries FIRST_DEVICE_VECTOR up, taking the
 * first that request_irq() does not refuse with -EBUSY.
 */
#include "drivers/pci/pci.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/ioremap.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#define FIRST_DEVICE_VECTOR	0x40	/* above the remapped PIC (0x20-0x2f) */
#define LAST_DEVICE_VECTOR	0xdf	/* below the local APIC's own (0xec...) */
#define MSI_ADDR_BASE		0xfee00000U
#define MSI_ADDR_DEST_ID_SHIFT	12

/* The local APIC id of this CPU: the destination of every message for now. */
static u32 msi_dest_apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/* Takes the first free vector for handler; returns it, or -ENOSPC. */
static int msi_request_vector(irq_handler_t handler, const char *name, void *dev_id)
{
	for (unsigned int v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++)
		if (!request_irq(v, handler, 0, name, dev_id))
			return v;
	return -ENOSPC;
}

/* Maps the MSI-X table of dev (nr entries); NULL if its BAR is missing. */
static void __iomem *msix_map_table(struct pci_dev *dev, unsigned int nr)
{
	u32 table = pci_read_config_dword(dev, dev->msix_cap + PCI_MSIX_TABLE);
	int bir = table & PCI_MSIX_BIR_MASK;
	u64 start = pci_resource_start(dev, bir);

	if (bir >= PCI_STD_NUM_BARS || !start || !(dev->resource[bir].flags & IORESOURCE_MEM))
		return NULL;
	return ioremap(start + (table & ~PCI_MSIX_BIR_MASK), nr * PCI_MSIX_ENTRY_SIZE);
}

/* Writes entry i's address and data (vector) and unmasks it. */
static void msix_program_entry(void __iomem *base, unsigned int i, unsigned int vector)
{
	void __iomem *e = (u8 __iomem *)base + i * PCI_MSIX_ENTRY_SIZE;

	writel(MSI_ADDR_BASE | (msi_dest_apic_id() << MSI_ADDR_DEST_ID_SHIFT),
	       (u8 __iomem *)e + PCI_MSIX_ENTRY_LOWER_ADDR);
	writel(0, (u8 __iomem *)e + PCI_MSIX_ENTRY_UPPER_ADDR);
	writel(vector, (u8 __iomem *)e + PCI_MSIX_ENTRY_DATA);
	writel(0, (u8 __iomem *)e + PCI_MSIX_ENTRY_VECTOR_CTRL);
}

/* Frees the first n vectors of dev. */
static void msix_free_vectors(struct pci_dev *dev, unsigned int n, void *dev_id)
{
	for (unsigned int i = 0; i < n; i++)
		free_irq(dev->msix_vectors[i], dev_id);
}

/* pci_enable_msix - see pci.h. */
int pci_enable_msix(struct pci_dev *dev, unsigned int nvec, const irq_handler_t *handlers,
		    void *dev_id, const char *const *names)
{
	u16 ctrl;
	unsigned int i;
	int v;

	if (!dev->msix_cap || !nvec || nvec > ARRAY_SIZE(dev->msix_vectors))
		return -EINVAL;
	ctrl = pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS);
	if ((ctrl & PCI_MSIX_FLAGS_QSIZE) + 1U < nvec)
		return -EINVAL;
	dev->msix_base = msix_map_table(dev, nvec);
	if (!dev->msix_base)
		return -ENOMEM;
	for (i = 0; i < nvec; i++) {
		v = msi_request_vector(handlers[i], names[i], dev_id);
		if (v < 0)
			goto out_free;
		dev->msix_vectors[i] = v;
	}
	pci_write_config_word(dev, PCI_COMMAND, pci_read_config_word(dev, PCI_COMMAND) |
			      PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS,
			      ctrl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	for (i = 0; i < nvec; i++)
		msix_program_entry(dev->msix_base, i, dev->msix_vectors[i]);
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS,
			      (ctrl | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL);
	dev->msix_nvec = nvec;
	dev->msix_enabled = true;
	return 0;

out_free:
	msix_free_vectors(dev, i, dev_id);
	iounmap(dev->msix_base);
	dev->msix_base = NULL;
	return v;
}

/* pci_disable_msix - see pci.h. */
void pci_disable_msix(struct pci_dev *dev, void *dev_id)
{
	u16 ctrl;

	if (!dev->msix_enabled)
		return;
	for (unsigned int i = 0; i < dev->msix_nvec; i++)
		writel(PCI_MSIX_ENTRY_CTRL_MASKBIT, (u8 __iomem *)dev->msix_base +
		       i * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL);
	ctrl = pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS);
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	msix_free_vectors(dev, dev->msix_nvec, dev_id);
	iounmap(dev->msix_base);
	dev->msix_base = NULL;
	dev->msix_enabled = false;
	dev->msix_nvec = 0;
}
