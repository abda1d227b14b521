/*
 * kernel/fs/proc/cmdline.c - /proc/cmdline (Linux's fs/proc/cmdline.c):
 * the kernel command line GRUB passed, and a newline.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/params.h"

/* cmdline_proc_show - see internal.h. */
int cmdline_proc_show(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	seq_printf(m, "%s\n", boot_command_line);
	return 0;
}
