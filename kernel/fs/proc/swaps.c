/*
 * kernel/fs/proc/swaps.c - /proc/swaps (Linux's mm/swapfile.c swap_show):
 *
 *   Filename				Type		Size		Used		Priority
 *   /dev/vda                                partition	262140		0		-2
 *
 * one line per swap area that is on (SWP_WRITEOK): its path padded to 40
 * columns, "partition" (Pagoda swaps only to block devices), size and
 * used in kB (usable slots, slots in use), priority; a second tab after a
 * number shorter than 8 digits keeps the columns, as Linux does.  Read
 * under swap_lock.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/string.h"
#include "mm/swap.h"

struct swap_line {
	char name[64];
	unsigned long size_kb, used_kb;
	int prio;
};

/* swaps_proc_show - see internal.h. */
int swaps_proc_show(struct seq_file *m, struct task_struct *task)
{
	struct swap_line lines[MAX_SWAPFILES];
	int n = 0;

	(void)task;
	spin_lock(&swap_lock);
	for (unsigned int i = 0; i < nr_swapfiles && i < MAX_SWAPFILES; i++) {
		struct swap_info_struct *si = swap_info[i];

		if (!si || !(si->flags & SWP_USED) || !(si->flags & SWP_WRITEOK))
			continue;
		memcpy(lines[n].name, si->name, sizeof(lines[n].name));
		lines[n].name[sizeof(lines[n].name) - 1] = '\0';
		lines[n].size_kb = (unsigned long)si->pages << (PAGE_SHIFT - 10);
		lines[n].used_kb = (unsigned long)si->inuse_pages << (PAGE_SHIFT - 10);
		lines[n].prio = si->prio;
		n++;
	}
	spin_unlock(&swap_lock);
	seq_puts(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (int i = 0; i < n; i++) {
		int len = strlen(lines[i].name);

		seq_puts(m, lines[i].name);
		seq_printf(m, "%*s%s\t%lu\t%s%lu\t%s%d\n", len < 40 ? 40 - len : 1, " ", "partition",
			   lines[i].size_kb, lines[i].size_kb < 10000000 ? "\t" : "",
			   lines[i].used_kb, lines[i].used_kb < 10000000 ? "\t" : "", lines[i].prio);
	}
	return 0;
}
