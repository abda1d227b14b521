/*
 * arch/x86_64/tlbflush.h - TLB flushing: the ONE place through which every
 * TLB flush in Pagoda goes (DESIGN.md §8; Linux's asm/tlbflush.h and
 * arch/x86/mm/tlb.c).  The functions live in arch/x86_64/mm/tlb.c.
 *
 * The TLB caches translations.  After a present page-table entry is cleared
 * or made stricter (RW or X taken away, a different frame), the CPU may go
 * on using the old translation until it is flushed:
 *
 *   __flush_tlb_one_kernel(va)   invlpg: drops the translation of the page
 *                                holding va (any page size), global or not
 *   flush_tlb_kernel_range(s, e) every page of [s, e): one invlpg each, or
 *                                a full flush if the range is long
 *   flush_tlb_all()              everything, global entries included
 *   flush_tlb_local()            everything but global entries (CR3 reload)
 *
 * Global entries: with CR4.PGE on, entries marked _PAGE_GLOBAL (every kernel
 * mapping) survive a CR3 reload, which is why switching address spaces does
 * not throw the kernel's translations away.  The only way to drop all of
 * them at once is to toggle CR4.PGE off and on again (Intel SDM vol. 3,
 * 4.10.4.1), which is what flush_tlb_all() does.
 *
 * Adding an entry where there was none (not present -> present) needs no
 * flush: x86 does not cache not-present entries.
 *
 * SMP: today there is one CPU, so flushing this CPU's TLB is enough.  When
 * the SMP issue brings up the others, flush_tlb_kernel_range() and
 * flush_tlb_all() are where the shootdown IPIs go (every other CPU flushes
 * the same range, the caller waits for them), without any caller changing.
 */
#ifndef ARCH_X86_64_TLBFLUSH_H
#define ARCH_X86_64_TLBFLUSH_H

#include "kernel/types.h"

/* Control register 4 bits (Linux's asm/processor-flags.h). */
#define X86_CR4_PGE		(1UL << 7)	/* global pages */
#define X86_CR4_SMEP		(1UL << 20)	/* supervisor-mode execution prevention */
#define X86_CR4_SMAP		(1UL << 21)	/* supervisor-mode access prevention */

/*
 * Above this many pages flush_tlb_kernel_range() flushes everything instead
 * of one invlpg per page (Linux's tlb_single_page_flush_ceiling, 33).
 */
#define TLB_SINGLE_PAGE_FLUSH_CEILING	33

/* __flush_tlb_one_kernel - drop this CPU's translation of the page holding va (invlpg). */
static inline void __flush_tlb_one_kernel(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

/* flush_tlb_local - drop this CPU's non-global translations (reload CR3). */
void flush_tlb_local(void);
/* flush_tlb_all - drop every translation, global ones too, on every CPU. */
void flush_tlb_all(void);
/*
 * flush_tlb_kernel_range - drop the translations of every page in the
 * kernel range [start, end) on every CPU.  Call after clearing or
 * downgrading kernel page-table entries, before the memory they mapped is
 * reused.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

struct mm_struct;

/*
 * flush_tlb_mm_range - drop the translations of the user range [start, end)
 * of mm, on every CPU that may hold them (Linux's name and arguments).
 * User pages are never global, so a CPU that is not running on mm's page
 * tables holds none of them: it reloads CR3 when it switches to mm.  On
 * this CPU: nothing unless mm's pgd is the one in CR3; then one invlpg per
 * (1 << stride_shift) bytes, or a CR3 reload for long ranges.
 * freed_tables says page-table pages were freed too (invlpg drops the
 * paging-structure caches for the address as well, so nothing more is
 * needed on x86; the argument is kept for the SMP shootdown).  Call after
 * clearing or downgrading user ptes and before freeing what they mapped.
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned int stride_shift, bool freed_tables);
/* flush_tlb_mm - every user translation of mm (Linux's name). */
#define flush_tlb_mm(mm)	flush_tlb_mm_range(mm, 0UL, ~0UL, 12, true)

#endif /* ARCH_X86_64_TLBFLUSH_H */
