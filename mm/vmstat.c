/*
 * mm/vmstat.c - the system-wide memory counters of mm/vmstat.h (Linux's
 * mm/vmstat.c without the per-CPU folding and /proc files).
 *
 * vm_events[] counts what happened (only up); node_page_state[] counts
 * pages in a state now.  Both are plain arrays of longs changed with
 * relaxed atomic adds: a reader may see a count a moment old, never a torn
 * one.  The names are /proc/vmstat's, so that a line printed from here reads
 * like the file a Linux user knows.
 *
 * Invariant: a node page state is never negative - every dec matches an
 * earlier inc (mm/memory.c raises NR_ANON_MAPPED when a page's first pte is
 * set and lowers it when its last one goes).  A negative count is a bug in
 * the caller and is warned about once.
 */
#include "kernel/panic.h"
#include "mm/vmstat.h"

static long vm_events[NR_VM_EVENT_ITEMS];
static long node_page_state[NR_VM_NODE_STAT_ITEMS];

static const char *const vm_event_text[NR_VM_EVENT_ITEMS] = {
	[PGFAULT]		= "pgfault",
	[PGMAJFAULT]		= "pgmajfault",
	[PGREUSE]		= "pgreuse",
	[PSWPIN]		= "pswpin",
	[PSWPOUT]		= "pswpout",
	[PGSCAN_KSWAPD]		= "pgscan_kswapd",
	[PGSCAN_DIRECT]		= "pgscan_direct",
	[PGSTEAL_KSWAPD]	= "pgsteal_kswapd",
	[PGSTEAL_DIRECT]	= "pgsteal_direct",
	[ALLOCSTALL]		= "allocstall",
	[KSWAPD_WAKEUP]		= "kswapd_wakeup",
	[OOM_KILL]		= "oom_kill",
};

static const char *const node_stat_text[NR_VM_NODE_STAT_ITEMS] = {
	[NR_ANON_MAPPED]	= "nr_anon_pages",
	[NR_FILE_MAPPED]	= "nr_mapped",
	[NR_PAGETABLE]		= "nr_page_table_pages",
	[NR_SWAPCACHE]		= "nr_swapcached",
};

/* count_vm_events - see vmstat.h. */
void count_vm_events(enum vm_event_item item, long delta)
{
	__atomic_add_fetch(&vm_events[item], delta, __ATOMIC_RELAXED);
}

/* vm_event_count - see vmstat.h. */
unsigned long vm_event_count(enum vm_event_item item)
{
	return __atomic_load_n(&vm_events[item], __ATOMIC_RELAXED);
}

/* all_vm_events - see vmstat.h. */
void all_vm_events(unsigned long *ret)
{
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		ret[i] = vm_event_count(i);
}

/* vm_event_name - see vmstat.h. */
const char *vm_event_name(enum vm_event_item item)
{
	return item < NR_VM_EVENT_ITEMS ? vm_event_text[item] : "?";
}

/* mod_node_page_state - see vmstat.h.  One node today, so page only documents the caller. */
void mod_node_page_state(struct page *page, enum node_stat_item item, long delta)
{
	long now = __atomic_add_fetch(&node_page_state[item], delta, __ATOMIC_RELAXED);

	(void)page;
	WARN_ON_ONCE(now < 0);
}

/* global_node_page_state - see vmstat.h. */
unsigned long global_node_page_state(enum node_stat_item item)
{
	long v = __atomic_load_n(&node_page_state[item], __ATOMIC_RELAXED);

	return v < 0 ? 0 : v;
}

/* node_stat_name - see vmstat.h. */
const char *node_stat_name(enum node_stat_item item)
{
	return item < NR_VM_NODE_STAT_ITEMS ? node_stat_text[item] : "?";
}
