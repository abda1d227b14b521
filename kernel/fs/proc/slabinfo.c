/*
 * kernel/fs/proc/slabinfo.c - /proc/slabinfo, version 2.1 (Linux's
 * mm/slab_common.c slab_show/cache_show with SLUB's numbers):
 *
 *   slabinfo - version: 2.1
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   kmalloc-64           512    512     64   64    1 : tunables    0    0    0 : slabdata      8      8      0
 *
 * objsize is the object's size with its metadata (SLUB's s->size); SLUB
 * has no tunables or shared arrays, so those columns are 0 as on Linux.
 * Caches are listed in creation order (Linux: newest first).
 */
#include "kernel/fs/proc/internal.h"
#include "mm/slab.h"

static int cache_show(struct kmem_cache *s, void *arg)
{
	struct seq_file *m = arg;
	struct slabinfo info;

	get_slabinfo(s, &info);
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d", info.name, info.active_objs, info.num_objs,
		   info.size, info.objects_per_slab, 1 << info.cache_order);
	seq_printf(m, " : tunables %4u %4u %4u", 0U, 0U, 0U);
	seq_printf(m, " : slabdata %6lu %6lu %6lu\n", info.active_slabs, info.num_slabs, 0UL);
	return 0;
}

/* slabinfo_proc_show - see internal.h. */
int slabinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		    "<active_slabs> <num_slabs> <sharedavail>\n");
	return slab_caches_for_each(cache_show, m);
}
