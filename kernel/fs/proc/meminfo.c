/*
 * kernel/fs/proc/meminfo.c - /proc/meminfo (Linux's fs/proc/meminfo.c).
 *
 * One "Name:" line per figure, the name padded to 16 columns, the value in
 * kB right-aligned in 8 (Linux's show_val_kb), in Linux's order.  Every
 * number is read from the counter that owns it:
 *
 *   MemTotal      totalram_pages (what the buddy allocator was given)
 *   MemFree       nr_free_pages(): pages on the buddy free lists
 *   MemAvailable  Linux's si_mem_available: free - the zones' high
 *                 watermarks + the file LRU and reclaimable slab that could
 *                 be dropped (each less what the low watermarks keep)
 *   Buffers, Dirty, Writeback, Shmem, Bounce ...   0: Pagoda has no
 *                 buffer cache, writeback or tmpfs page accounting
 *   Cached        the file LRU lists (Linux: page cache - swap cache - buffers)
 *   SwapCached    NR_SWAPCACHE (mm/swap_state.c)
 *   Active/Inactive(anon/file), Unevictable   the lruvec's list sizes
 *   Mlocked       the unevictable list: Pagoda makes pages unevictable
 *                 only by mlock (mm/vmscan.c page_lru)
 *   SwapTotal/SwapFree   total_swap_pages / nr_swap_pages (mm/swapfile.c)
 *   AnonPages, Mapped    NR_ANON_MAPPED, NR_FILE_MAPPED
 *   Slab, SReclaimable, SUnreclaim   SLUB's slabs (slabinfo), by
 *                 SLAB_RECLAIM_ACCOUNT; KReclaimable = SReclaimable
 *   KernelStack   tasks with a stack * THREAD_SIZE
 *   PageTables    NR_PAGETABLE (user page tables below the pgd)
 *   CommitLimit   overcommit_ratio% of RAM + swap (mm/util.c)
 *   Committed_AS  vm_committed_as
 *   VmallocTotal/Used   the vmalloc range and its pages in use
 *   DirectMap4k/2M/1G   the direct map's pages by size (arch/x86_64/mm)
 */
#include "kernel/fs/proc/internal.h"
#include "arch/x86_64/mm/init.h"
#include "arch/x86_64/pgtable_types.h"
#include "kernel/sched.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/vmalloc.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* "Name:" padded to 16, the value in kB in 8 columns (Linux's show_val_kb). */
static void show_val_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

struct slab_pages {
	unsigned long reclaimable;	/* pages of SLAB_RECLAIM_ACCOUNT caches */
	unsigned long unreclaimable;	/* the others */
};

static int count_slab_pages(struct kmem_cache *s, void *arg)
{
	struct slab_pages *sp = arg;
	struct slabinfo info;
	unsigned long pages;

	get_slabinfo(s, &info);
	pages = info.num_slabs << info.cache_order;
	if (info.flags & SLAB_RECLAIM_ACCOUNT)
		sp->reclaimable += pages;
	else
		sp->unreclaimable += pages;
	return 0;
}

/* Pages of kernel stacks: every task that has one. */
static unsigned long nr_kernel_stack_pages(void)
{
	struct task_struct *p;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (p->stack)
			n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n * (THREAD_SIZE >> PAGE_SHIFT);
}

/* Linux's si_mem_available. */
static unsigned long si_mem_available(unsigned long free, const unsigned long *lru,
				      unsigned long reclaimable)
{
	unsigned long wmark_low = 0, reserve = 0, pagecache;
	struct zone *zone;
	long available;

	for_each_populated_zone(zone) {
		wmark_low += low_wmark_pages(zone);
		reserve += high_wmark_pages(zone);
	}
	available = (long)free - (long)reserve;
	pagecache = lru[LRU_ACTIVE_FILE] + lru[LRU_INACTIVE_FILE];
	available += pagecache - min(pagecache / 2, wmark_low);
	available += reclaimable - min(reclaimable / 2, wmark_low);
	return available < 0 ? 0 : available;
}

/* Active ... Mlocked: the LRU lists' sizes. */
static void show_lru_lists(struct seq_file *m, const unsigned long *lru)
{
	show_val_kb(m, "Active:", lru[LRU_ACTIVE_ANON] + lru[LRU_ACTIVE_FILE]);
	show_val_kb(m, "Inactive:", lru[LRU_INACTIVE_ANON] + lru[LRU_INACTIVE_FILE]);
	show_val_kb(m, "Active(anon):", lru[LRU_ACTIVE_ANON]);
	show_val_kb(m, "Inactive(anon):", lru[LRU_INACTIVE_ANON]);
	show_val_kb(m, "Active(file):", lru[LRU_ACTIVE_FILE]);
	show_val_kb(m, "Inactive(file):", lru[LRU_INACTIVE_FILE]);
	show_val_kb(m, "Unevictable:", lru[LRU_UNEVICTABLE]);
	show_val_kb(m, "Mlocked:", lru[LRU_UNEVICTABLE]);
}

/* The huge page lines (Pagoda has none) and the direct map's page sizes. */
static void show_hugepages_and_directmap(struct seq_file *m)
{
	show_val_kb(m, "AnonHugePages:", 0);
	show_val_kb(m, "ShmemHugePages:", 0);
	show_val_kb(m, "ShmemPmdMapped:", 0);
	show_val_kb(m, "FileHugePages:", 0);
	show_val_kb(m, "FilePmdMapped:", 0);
	seq_puts(m, "HugePages_Total:       0\nHugePages_Free:        0\n");
	seq_puts(m, "HugePages_Rsvd:        0\nHugePages_Surp:        0\n");
	seq_printf(m, "%-16s%8lu kB\n", "Hugepagesize:", 2048UL);
	show_val_kb(m, "Hugetlb:", 0);
	seq_printf(m, "%-16s%8lu kB\n", "DirectMap4k:", direct_pages_count[PG_LEVEL_4K] << 2);
	seq_printf(m, "%-16s%8lu kB\n", "DirectMap2M:", direct_pages_count[PG_LEVEL_2M] << 11);
	seq_printf(m, "%-16s%8lu kB\n", "DirectMap1G:", direct_pages_count[PG_LEVEL_1G] << 20);
}

/* meminfo_proc_show - see internal.h. */
int meminfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct lruvec *lruvec = pgdat_lruvec(NODE_DATA(0));
	struct slab_pages sp = { 0 };
	unsigned long lru[NR_LRU_LISTS], free = nr_free_pages();
	long swap_free = get_nr_swap_pages();

	(void)task;
	for (int i = 0; i < NR_LRU_LISTS; i++)
		lru[i] = READ_ONCE(lruvec->nr_pages[i]);
	slab_caches_for_each(count_slab_pages, &sp);

	show_val_kb(m, "MemTotal:", totalram_pages);
	show_val_kb(m, "MemFree:", free);
	show_val_kb(m, "MemAvailable:", si_mem_available(free, lru, sp.reclaimable));
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", lru[LRU_ACTIVE_FILE] + lru[LRU_INACTIVE_FILE]);
	show_val_kb(m, "SwapCached:", global_node_page_state(NR_SWAPCACHE));
	show_lru_lists(m, lru);
	show_val_kb(m, "SwapTotal:", total_swap_pages);
	show_val_kb(m, "SwapFree:", swap_free < 0 ? 0 : swap_free);
	show_val_kb(m, "Dirty:", 0);
	show_val_kb(m, "Writeback:", 0);
	show_val_kb(m, "AnonPages:", global_node_page_state(NR_ANON_MAPPED));
	show_val_kb(m, "Mapped:", global_node_page_state(NR_FILE_MAPPED));
	show_val_kb(m, "Shmem:", 0);
	show_val_kb(m, "KReclaimable:", sp.reclaimable);
	show_val_kb(m, "Slab:", sp.reclaimable + sp.unreclaimable);
	show_val_kb(m, "SReclaimable:", sp.reclaimable);
	show_val_kb(m, "SUnreclaim:", sp.unreclaimable);
	show_val_kb(m, "KernelStack:", nr_kernel_stack_pages());
	show_val_kb(m, "PageTables:", global_node_page_state(NR_PAGETABLE));
	show_val_kb(m, "SecPageTables:", 0);
	show_val_kb(m, "NFS_Unstable:", 0);
	show_val_kb(m, "Bounce:", 0);
	show_val_kb(m, "WritebackTmp:", 0);
	show_val_kb(m, "CommitLimit:", vm_commit_limit());
	show_val_kb(m, "Committed_AS:", vm_committed_as < 0 ? 0 : vm_committed_as);
	seq_printf(m, "%-16s%8lu kB\n", "VmallocTotal:",
		   (unsigned long)((VMALLOC_END - VMALLOC_START) >> 10));
	show_val_kb(m, "VmallocUsed:", vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:", 0);
	show_val_kb(m, "Percpu:", 0);
	show_hugepages_and_directmap(m);
	return 0;
}
