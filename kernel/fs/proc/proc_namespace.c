/*
 * kernel/fs/proc/proc_namespace.c - /proc/mounts and /proc/filesystems
 * (Linux's fs/proc_namespace.c show_vfsmnt and fs/filesystems.c).
 *
 * mounts: one line per mount, oldest first, fstab's format:
 *   "rootfs / rootfs rw 0 0"
 *   "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0"
 * device, mount point (as seen from the reader's root; spaces and the
 * like escaped as \040 octal, Linux's mangle), type, options (rw, then
 * the MS_* flags given to mount(2)), and the two fstab zeros.
 * filesystems: "nodev\t<name>" for each type (no type needs a device).
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_DIRSYNC	128
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_RELATIME	(1 << 21)

/* Prints s with space, tab, newline and backslash as octal escapes (Linux's seq_escape). */
static void seq_escape_path(struct seq_file *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

static void show_mnt_opts(struct seq_file *m, unsigned long flags)
{
	static const struct { unsigned long flag; const char *str; } opts[] = {
		{ MS_SYNCHRONOUS, ",sync" }, { MS_DIRSYNC, ",dirsync" },
		{ MS_NOSUID, ",nosuid" }, { MS_NODEV, ",nodev" }, { MS_NOEXEC, ",noexec" },
		{ MS_NOATIME, ",noatime" }, { MS_NODIRATIME, ",nodiratime" },
		{ MS_RELATIME, ",relatime" },
	};

	seq_puts(m, "rw");
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (flags & opts[i].flag)
			seq_puts(m, opts[i].str);
}

static int show_vfsmnt(const struct mount_info *mi, void *arg)
{
	struct seq_file *m = arg;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	char *path;

	if (!buf)
		return -ENOMEM;
	path = proc_dentry_path(mi->mountpoint, buf, PATH_MAX);
	seq_escape_path(m, mi->devname[0] ? mi->devname : "none");
	seq_putc(m, ' ');
	seq_escape_path(m, IS_ERR(path) ? "/" : path);
	seq_printf(m, " %s ", mi->fstype);
	show_mnt_opts(m, mi->flags);
	seq_puts(m, " 0 0\n");
	kfree(buf);
	return 0;
}

/* mounts_proc_show - see internal.h. */
int mounts_proc_show(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	return for_each_mount(show_vfsmnt, m);
}

static void show_filesystem(const char *name, bool requires_dev, void *arg)
{
	seq_printf(arg, "%s\t%s\n", requires_dev ? "" : "nodev", name);
}

/* filesystems_proc_show - see internal.h. */
int filesystems_proc_show(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	for_each_filesystem(show_filesystem, m);
	return 0;
}
