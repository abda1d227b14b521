/*
 * mm/show_mem.c - printing the page allocator's state: the free-memory dump
 * a failed allocation prints (Linux's show_free_areas(), which Linux 6.4
 * moved from mm/page_alloc.c to mm/show_mem.c) and GFP masks by name
 * (Linux's %pGg).
 *
 * The dump, per populated zone:
 *
 *   Node 0 DMA32 free:1234kB min:1256kB low:1568kB high:1880kB managed:112468kB ...
 *   Node 0 DMA32: 3*4kB (UM) 1*8kB (M) 0*16kB ... 1*4096kB (M) = 4120kB
 *
 * the second line counting the free blocks of each order and, in brackets,
 * which migrate types' lists hold them (U unmovable, M movable, E
 * reclaimable).  The counts are read under zone->lock and printed after it
 * is dropped.
 */
#include "mm/mmzone.h"
#include "kernel/printk.h"

#define K(pages)	((pages) << (PAGE_SHIFT - 10))

/* Composite names first, then single bits: Linux's __def_gfpflag_names order. */
static const struct { gfp_t mask; const char *name; } gfpflag_names[] = {
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_USER | __GFP_HIGHMEM, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ __GFP_RECLAIM | __GFP_IO, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_ATOMIC, "__GFP_ATOMIC" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
};

/*
 * format_gfp_flags - see mm/gfp.h: names joined by '|', each name used when
 * all its bits are left, unknown bits last in hex (Linux's %pGg).  Returns
 * the length written.
 */
int format_gfp_flags(char *buf, size_t size, gfp_t gfp)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfpflag_names) && gfp; i++) {
		gfp_t mask = gfpflag_names[i].mask;

		if ((gfp & mask) != mask)
			continue;
		gfp &= ~mask;
		len += scnprintf(buf + len, size - len, "%s%s", len ? "|" : "",
				 gfpflag_names[i].name);
	}
	if (gfp)
		len += scnprintf(buf + len, size - len, "%s%#x", len ? "|" : "", gfp);
	return len;
}

/* Appends " (UME)"-style letters for the migrate types in the mask 'types'. */
static int format_migration_types(char *buf, size_t size, unsigned int types)
{
	static const char letters[MIGRATE_TYPES] = {
		[MIGRATE_UNMOVABLE] = 'U', [MIGRATE_MOVABLE] = 'M',
		[MIGRATE_RECLAIMABLE] = 'E',
	};
	char tmp[MIGRATE_TYPES + 1];
	int n = 0;

	for (int i = 0; i < MIGRATE_TYPES; i++)
		if (types & (1U << i))
			tmp[n++] = letters[i];
	tmp[n] = '\0';
	return scnprintf(buf, size, "(%s) ", tmp);
}

/* One zone's "Node 0 DMA32: 3*4kB (UM) 1*8kB (M) ... = 1234kB" line. */
static void show_zone_free_area(struct zone *zone)
{
	unsigned long nr[MAX_ORDER], flags, total = 0;
	unsigned int types[MAX_ORDER];
	char line[512];
	int len;

	spin_lock_irqsave(&zone->lock, flags);
	for (int order = 0; order < MAX_ORDER; order++) {
		struct free_area *area = &zone->free_area[order];

		nr[order] = area->nr_free;
		total += nr[order] << order;
		types[order] = 0;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				types[order] |= 1U << mt;
	}
	spin_unlock_irqrestore(&zone->lock, flags);

	len = scnprintf(line, sizeof(line), "Node 0 %s: ", zone->name);
	for (int order = 0; order < MAX_ORDER; order++) {
		len += scnprintf(line + len, sizeof(line) - len, "%lu*%lukB ",
				 nr[order], K(1UL) << order);
		if (nr[order])
			len += format_migration_types(line + len, sizeof(line) - len, types[order]);
	}
	pr_warn("%s= %lukB\n", line, K(total));
}

/* show_free_areas - see mm/mmzone.h. */
void show_free_areas(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long free_pcp = 0;

		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			free_pcp += zone->per_cpu_pageset[cpu].count;
		pr_warn("Node 0 %s free:%lukB min:%lukB low:%lukB high:%lukB managed:%lukB present:%lukB free_pcp:%lukB local_pcp:%lukB\n",
			zone->name, K(zone_page_state(zone, NR_FREE_PAGES)),
			K(min_wmark_pages(zone)), K(low_wmark_pages(zone)),
			K(high_wmark_pages(zone)), K(zone->managed_pages),
			K(zone->present_pages), K(free_pcp),
			K((unsigned long)zone->per_cpu_pageset[smp_processor_id()].count));
	}
	for_each_populated_zone(zone)
		show_zone_free_area(zone);
}
