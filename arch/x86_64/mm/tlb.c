/*
 * arch/x86_64/mm/tlb.c - TLB flushes (Linux's arch/x86/mm/tlb.c).  What each
 * flush does, and why all of them go through here, is explained in
 * arch/x86_64/tlbflush.h.
 *
 * One CPU today: each function flushes the local TLB.  The SMP issue adds
 * the shootdown here: flush locally, send an IPI asking every other online
 * CPU to do the same flush, wait until they all have.
 */
#include "arch/x86_64/tlbflush.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/page.h"
#include "mm/mm_types.h"

/* flush_tlb_local - reload CR3: drops this CPU's non-global translations. */
void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

/*
 * __flush_tlb_global - drop all of this CPU's translations.  Clearing
 * CR4.PGE flushes the whole TLB, global entries included; setting it again
 * turns global pages back on.  Interrupts are off so that nothing runs with
 * PGE off in between.  Without PGE there are no global entries and a CR3
 * reload does the job.
 */
static void __flush_tlb_global(void)
{
	unsigned long flags = arch_local_irq_save();
	u64 cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		flush_tlb_local();
	}
	arch_local_irq_restore(flags);
}

/* flush_tlb_all - drop every translation, global ones too (one CPU: this one). */
void flush_tlb_all(void)
{
	/* SMP: send the shootdown IPI to the other CPUs here. */
	__flush_tlb_global();
}

/*
 * flush_tlb_kernel_range - drop the translations of [start, end): one invlpg
 * per page, or a full flush when that would take more than
 * TLB_SINGLE_PAGE_FLUSH_CEILING invlpgs.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start &= PAGE_MASK;
	if (end <= start)
		return;
	/* SMP: send the shootdown IPI (with start and end) to the other CPUs here. */
	if ((end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		__flush_tlb_global();
		return;
	}
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		__flush_tlb_one_kernel(va);
}

/*
 * flush_tlb_mm_range - user range [start, end) of mm (see tlbflush.h).
 * Whether mm is live on this CPU is read from CR3 itself, so this needs no
 * knowledge of the scheduler's bookkeeping.
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned int stride_shift, bool freed_tables)
{
	unsigned long stride = 1UL << stride_shift;

	(void)freed_tables;
	/* SMP: send the shootdown IPI to the other CPUs running mm here. */
	if ((read_cr3() & PTE_PFN_MASK) != __pa(mm->pgd))
		return;
	start &= ~(stride - 1);
	if (end <= start)
		return;
	if ((end - start) >> stride_shift > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_local();
		return;
	}
	for (unsigned long va = start; va < end; va += stride)
		__flush_tlb_one_kernel(va);
}
