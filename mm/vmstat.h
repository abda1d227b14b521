/*
 * mm/vmstat.h - system-wide memory counters (Linux's include/linux/
 * vmstat.h and vm_event_item.h, cut to what Pagoda counts).
 *
 * Two kinds, as in Linux:
 *
 *   vm events        things that HAPPENED, only ever counted up: a page
 *                    fault, a swap-in, a page reclaimed.  count_vm_event().
 *                    Linux prints them in /proc/vmstat under the lower-case
 *                    names in vmstat_text (vm_event_name()).
 *   node page state  how many pages ARE in some state right now: mapped
 *                    anonymous pages, page-table pages.  Raised and lowered
 *                    as pages change state; never negative.
 *                    inc_node_page_state() / dec_node_page_state().
 *
 * Each counter is one global atomic word: one CPU today, and a relaxed
 * atomic add stays correct when the SMP issue brings more (Linux keeps
 * per-CPU deltas and folds them; the API would not change).
 *
 * Who counts what:
 *   PGFAULT, PGMAJFAULT, PGREUSE       mm/memory.c (handle_mm_fault, wp_page_reuse)
 *   NR_ANON_MAPPED, NR_FILE_MAPPED     mm/memory.c (the rmap helpers)
 *   NR_PAGETABLE                       mm/memory.c (user page-table pages below the pgd)
 *   PSWPIN ... OOM_KILL                the swap, reclaim and OOM issues
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#include "kernel/types.h"

struct page;

/* Events (Linux's enum vm_event_item names; /proc/vmstat's in vmstat.c). */
enum vm_event_item {
	PGFAULT,		/* page faults handled (handle_mm_fault calls) */
	PGMAJFAULT,		/* ... that had to wait for I/O (VM_FAULT_MAJOR) */
	PGREUSE,		/* write faults on a COW page this mapping owned alone: no copy */
	PSWPIN,			/* pages read in from swap */
	PSWPOUT,		/* pages written out to swap */
	PGSCAN_KSWAPD,		/* pages scanned by kswapd */
	PGSCAN_DIRECT,		/* ... by direct reclaim */
	PGSTEAL_KSWAPD,		/* pages reclaimed by kswapd */
	PGSTEAL_DIRECT,		/* ... by direct reclaim */
	ALLOCSTALL,		/* allocations that entered direct reclaim */
	KSWAPD_WAKEUP,		/* kswapd woken up */
	OOM_KILL,		/* processes killed by the OOM killer */
	NR_VM_EVENT_ITEMS
};

/* Page states (Linux's enum node_stat_item names). */
enum node_stat_item {
	NR_ANON_MAPPED,		/* anonymous pages mapped by at least one pte */
	NR_FILE_MAPPED,		/* page-cache (file and shmem) pages mapped by a pte */
	NR_PAGETABLE,		/* user page-table pages (pud, pmd, pte tables; not the pgd) */
	NR_SWAPCACHE,		/* pages in the swap cache (mm/swap_state.c) */
	NR_VM_NODE_STAT_ITEMS
};

/* ---- events ---- */
/* count_vm_events - item happened delta more times. */
void count_vm_events(enum vm_event_item item, long delta);
/* count_vm_event - item happened once more. */
static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}
/* vm_event_count - how many times item has happened since boot. */
unsigned long vm_event_count(enum vm_event_item item);
/* all_vm_events - every event count into ret[NR_VM_EVENT_ITEMS] (Linux's). */
void all_vm_events(unsigned long *ret);
/* vm_event_name - item's /proc/vmstat name ("pgfault"). */
const char *vm_event_name(enum vm_event_item item);

/* ---- page states ---- */
/* mod_node_page_state - add delta pages to item (page: the one concerned, for per-node counts later). */
void mod_node_page_state(struct page *page, enum node_stat_item item, long delta);
/* inc_node_page_state / dec_node_page_state - one page more / less in state item. */
static inline void inc_node_page_state(struct page *page, enum node_stat_item item)
{
	mod_node_page_state(page, item, 1);
}
static inline void dec_node_page_state(struct page *page, enum node_stat_item item)
{
	mod_node_page_state(page, item, -1);
}
/* global_node_page_state - pages in state item now. */
unsigned long global_node_page_state(enum node_stat_item item);
/* node_stat_name - item's /proc/vmstat name ("nr_page_table_pages"). */
const char *node_stat_name(enum node_stat_item item);

#endif /* MM_VMSTAT_H */
