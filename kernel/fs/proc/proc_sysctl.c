/*
 * kernel/fs/proc/proc_sysctl.c - /proc/sys/vm/: the memory manager's
 * tunables (Linux's fs/proc/proc_sysctl.c with the vm_table entries of
 * kernel/sysctl.c and mm/).
 *
 * Each file shows one integer ("60\n") and takes one: a decimal number
 * with optional white space around it; anything else, or a value outside
 * the file's [min, max], is -EINVAL and changes nothing (Linux's
 * proc_dointvec_minmax).
 *
 *   swappiness         vm_swappiness (mm/vmscan.c), 0..200
 *   min_free_kbytes    min_free_kbytes (mm/page_alloc.c), 0..(RAM/4 in kB);
 *                      a write recomputes every zone's watermarks
 *                      (setup_per_zone_wmarks), as Linux's handler does
 *   overcommit_memory  0 heuristic, 1 always, 2 never (mm/util.c)
 *   overcommit_ratio   % of RAM counted in CommitLimit for mode 2, >= 0
 *   page-cluster       page_cluster (mm/swap_state.c): swap-in readahead
 *                      of 2^n pages, 0..31
 *   drop_caches        write-only, 1..4 (Linux's bits: 1 page cache, 2 slab
 *                      objects, 4 quiet).  What Pagoda can honestly drop:
 *                      with 2, every slab cache's empty slabs go back to the
 *                      buddy allocator (kmem_cache_shrink).  With 1 nothing
 *                      is dropped: Pagoda's only page cache is ramfs file
 *                      data, which lives nowhere else, and the swap cache,
 *                      which reclaim frees as it needs (mm/vmscan.c).
 *                      Unless 4 is set, it logs Linux's line
 *                      "comm (pid): drop_caches: N".
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/vmscan.h"

#define INT_MAX		0x7fffffff

static int sysctl_drop_caches;

/* A sysctl file's text: its int. */
static int proc_dointvec_show(struct seq_file *m, struct task_struct *task)
{
	const struct proc_entry *pe = m->private;

	(void)task;
	seq_printf(m, "%d\n", READ_ONCE(*(int *)pe->data));
	return 0;
}

/* Parses one int in [pe->min, pe->max] with white space around it: 0 or -EINVAL. */
static int proc_parse_minmax(const struct proc_entry *pe, char *buf, int *val)
{
	char *end;

	while (*buf == ' ' || *buf == '\t' || *buf == '\n')
		buf++;
	end = buf + strlen(buf);
	while (end > buf && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = '\0';
	if (kstrtoint(buf, 10, val))
		return -EINVAL;
	if (*val < pe->min || *val > pe->max)
		return -EINVAL;
	return 0;
}

/* proc_dointvec_minmax: store a valid value. */
static int proc_dointvec_minmax(const struct proc_entry *pe, struct task_struct *task, char *buf,
				size_t len)
{
	int val, err = proc_parse_minmax(pe, buf, &val);

	(void)task;
	(void)len;
	if (!err)
		WRITE_ONCE(*(int *)pe->data, val);
	return err;
}

/* min_free_kbytes: store it and set the zones' watermarks from it (Linux's min_free_kbytes_sysctl_handler). */
static int min_free_kbytes_write(const struct proc_entry *pe, struct task_struct *task, char *buf,
				 size_t len)
{
	int err = proc_dointvec_minmax(pe, task, buf, len);

	if (!err)
		setup_per_zone_wmarks();
	return err;
}

/* min_free_kbytes may not exceed a quarter of RAM (checked at write time: RAM is known then). */
static int min_free_kbytes_check(const struct proc_entry *pe, struct task_struct *task, char *buf,
				 size_t len)
{
	int val, err = proc_parse_minmax(pe, buf, &val);

	if (err)
		return err;
	if ((unsigned long)val > (totalram_pages << (PAGE_SHIFT - 10)) / 4)
		return -EINVAL;
	snprintf(buf, len + 1, "%d", val);
	return min_free_kbytes_write(pe, task, buf, len);
}

/* Empties every slab cache's empty slabs (drop_caches bit 2). */
static int shrink_one_cache(struct kmem_cache *s, void *arg)
{
	(void)arg;
	kmem_cache_shrink(s);
	return 0;
}

static int drop_caches_write(const struct proc_entry *pe, struct task_struct *task, char *buf,
			     size_t len)
{
	int val, err = proc_parse_minmax(pe, buf, &val);

	(void)task;
	(void)len;
	if (err)
		return err;
	sysctl_drop_caches = val;
	if (val & 2)
		slab_caches_for_each(shrink_one_cache, NULL);
	if (!(val & 4))
		pr_info("%s (%d): drop_caches: %d\n", current->comm, current->pid, val);
	return 0;
}

const struct proc_entry proc_sys_vm_table[] = {
	{ .name = "drop_caches", .mode = S_IFREG | 0200, .write = drop_caches_write,
	  .data = &sysctl_drop_caches, .min = 1, .max = 4 },
	{ .name = "min_free_kbytes", .mode = S_IFREG | 0644, .show = proc_dointvec_show,
	  .write = min_free_kbytes_check, .data = &min_free_kbytes, .min = 0, .max = INT_MAX },
	{ .name = "overcommit_memory", .mode = S_IFREG | 0644, .show = proc_dointvec_show,
	  .write = proc_dointvec_minmax, .data = &sysctl_overcommit_memory, .min = 0, .max = 2 },
	{ .name = "overcommit_ratio", .mode = S_IFREG | 0644, .show = proc_dointvec_show,
	  .write = proc_dointvec_minmax, .data = &sysctl_overcommit_ratio, .min = 0,
	  .max = INT_MAX },
	{ .name = "page-cluster", .mode = S_IFREG | 0644, .show = proc_dointvec_show,
	  .write = proc_dointvec_minmax, .data = &page_cluster, .min = 0, .max = 31 },
	{ .name = "swappiness", .mode = S_IFREG | 0644, .show = proc_dointvec_show,
	  .write = proc_dointvec_minmax, .data = &vm_swappiness, .min = 0, .max = 200 },
};

const unsigned int proc_sys_vm_count = ARRAY_SIZE(proc_sys_vm_table);
