/*
 * kernel/fs/proc/vmstat.c - the allocator's own view of memory:
 * /proc/vmstat, /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo
 * (Linux's mm/vmstat.c: vmstat_show, frag_show, pagetypeinfo_show,
 * zoneinfo_show - same layouts).
 *
 * vmstat       "name value" lines: the zone counter (nr_free_pages), the
 *              node counters (LRU list sizes, then mm/vmstat.h's node
 *              states by their Linux names), then every vm event.
 * buddyinfo    per populated zone, free blocks of each order 0..10.
 * pagetypeinfo the same split by migrate type, then how many pageblocks
 *              each migrate type owns.
 * zoneinfo     per zone: the node counters (first populated zone only),
 *              free pages and watermarks, sizes, the per-CPU list state.
 *              Pagoda has no lowmem reserve ("protection" is all 0), no
 *              watermark boost and no promotion watermark (promo = high).
 *
 * The free lists are walked under zone->lock with interrupts off, so a
 * line is one zone's consistent snapshot.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/smp.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* The CPUs that are up (Linux's for_each_online_cpu): Pagoda runs on CPU 0 alone (kernel/smp.h). */
#define NR_ONLINE_CPUS	1

/* The LRU sizes, the first node counters of Linux's vmstat and zoneinfo. */
static const char *const lru_stat_names[NR_LRU_LISTS] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable",
};

static unsigned long lru_pages(int lru)
{
	return READ_ONCE(pgdat_lruvec(NODE_DATA(0))->nr_pages[lru]);
}

/* vmstat_proc_show - see internal.h. */
int vmstat_proc_show(struct seq_file *m, struct task_struct *task)
{
	unsigned long events[NR_VM_EVENT_ITEMS];

	(void)task;
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	for (int i = 0; i < NR_LRU_LISTS; i++)
		seq_printf(m, "%s %lu\n", lru_stat_names[i], lru_pages(i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", node_stat_name(i), global_node_page_state(i));
	all_vm_events(events);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", vm_event_name(i), events[i]);
	return 0;
}

/* buddyinfo_proc_show - see internal.h (Linux's frag_show_print). */
int buddyinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct zone *zone;

	(void)task;
	for_each_populated_zone(zone) {
		unsigned long nr_free[MAX_ORDER], flags;

		spin_lock_irqsave(&zone->lock, flags);
		for (int order = 0; order < MAX_ORDER; order++)
			nr_free[order] = zone->free_area[order].nr_free;
		spin_unlock_irqrestore(&zone->lock, flags);
		seq_printf(m, "Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
		for (int order = 0; order < MAX_ORDER; order++)
			seq_printf(m, "%6lu ", nr_free[order]);
		seq_putc(m, '\n');
	}
	return 0;
}

/* The free blocks of each order and migrate type of zone (Linux's pagetypeinfo_showfree_print). */
static void pagetypeinfo_showfree_print(struct seq_file *m, struct zone *zone)
{
	for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++) {
		unsigned long count[MAX_ORDER], flags;

		spin_lock_irqsave(&zone->lock, flags);
		for (int order = 0; order < MAX_ORDER; order++) {
			struct list_head *pos;

			count[order] = 0;
			list_for_each(pos, &zone->free_area[order].free_list[mtype])
				count[order]++;
		}
		spin_unlock_irqrestore(&zone->lock, flags);
		seq_printf(m, "Node %4d, zone %8s, type %12s ", zone->zone_pgdat->node_id,
			   zone->name, migratetype_names[mtype]);
		for (int order = 0; order < MAX_ORDER; order++)
			seq_printf(m, "%6lu ", count[order]);
		seq_putc(m, '\n');
	}
}

/* Pageblocks of zone by migrate type (Linux's pagetypeinfo_showblockcount_print). */
static void pagetypeinfo_showblockcount_print(struct seq_file *m, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		struct page *page;
		int mtype;

		/* Holes may have no struct page: only look at blocks that start in RAM. */
		if (!memblock_is_memory(PFN_PHYS(pfn)))
			continue;
		page = pfn_to_page(pfn);
		if (page_zone(page) != zone)
			continue;
		mtype = get_pageblock_migratetype(page);
		if (mtype >= 0 && mtype < MIGRATE_TYPES)
			count[mtype]++;
	}
	seq_printf(m, "Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
	for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		seq_printf(m, "%12lu ", count[mtype]);
	seq_putc(m, '\n');
}

/* pagetypeinfo_proc_show - see internal.h. */
int pagetypeinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct zone *zone;

	(void)task;
	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n\n", pageblock_nr_pages);
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < MAX_ORDER; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	for_each_populated_zone(zone)
		pagetypeinfo_showfree_print(m, zone);
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		seq_printf(m, "%12s ", migratetype_names[mtype]);
	seq_putc(m, '\n');
	for_each_populated_zone(zone)
		pagetypeinfo_showblockcount_print(m, zone);
	return 0;
}

/* The node counters, printed under the node's first populated zone. */
static void zoneinfo_show_node_stats(struct seq_file *m)
{
	seq_puts(m, "\n  per-node stats");
	for (int i = 0; i < NR_LRU_LISTS; i++)
		seq_printf(m, "\n      %-12s %lu", lru_stat_names[i], lru_pages(i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		seq_printf(m, "\n      %-12s %lu", node_stat_name(i), global_node_page_state(i));
}

/* One zone (Linux's zoneinfo_show_print). */
static void zoneinfo_show_print(struct seq_file *m, struct zone *zone, bool first)
{
	seq_printf(m, "Node %d, zone %8s", zone->zone_pgdat->node_id, zone->name);
	if (first)
		zoneinfo_show_node_stats(m);
	seq_printf(m, "\n  pages free     %lu\n        boost    0\n        min      %lu"
		   "\n        low      %lu\n        high     %lu\n        promo    %lu",
		   zone_page_state(zone, NR_FREE_PAGES), min_wmark_pages(zone),
		   low_wmark_pages(zone), high_wmark_pages(zone), high_wmark_pages(zone));
	seq_printf(m, "\n        spanned  %lu\n        present  %lu\n        managed  %lu"
		   "\n        cma      0", zone->spanned_pages, zone->present_pages,
		   zone->managed_pages);
	seq_puts(m, "\n        protection: (0");
	for (int i = 1; i < MAX_NR_ZONES; i++)
		seq_puts(m, ", 0");
	seq_putc(m, ')');
	if (!populated_zone(zone)) {
		seq_putc(m, '\n');
		return;
	}
	seq_printf(m, "\n      %-12s %lu", "nr_free_pages", zone_page_state(zone, NR_FREE_PAGES));
	seq_puts(m, "\n  pagesets");
	for (int cpu = 0; cpu < NR_ONLINE_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		seq_printf(m, "\n    cpu: %i\n              count:    %i\n              high:     %i"
			   "\n              batch:    %i", cpu, pcp->count, pcp->high, pcp->batch);
		seq_puts(m, "\n  vm stats threshold: 0");
	}
	seq_printf(m, "\n  node_unreclaimable:  0\n  start_pfn:           %lu\n",
		   zone->zone_start_pfn);
}

/* zoneinfo_proc_show - see internal.h: every zone, populated or not. */
int zoneinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct zone *zone;
	bool first = true;

	(void)task;
	for_each_zone(zone) {
		zoneinfo_show_print(m, zone, first && populated_zone(zone));
		if (populated_zone(zone))
			first = false;
	}
	return 0;
}
