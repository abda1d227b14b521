/*
 * kernel/fs/proc/version.c - /proc/version (Linux's fs/proc/version.c):
 * the banner the kernel printed first at boot, and a newline.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/version.h"

/* version_proc_show - see internal.h. */
int version_proc_show(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	seq_printf(m, "%s\n", pagoda_banner);
	return 0;
}
