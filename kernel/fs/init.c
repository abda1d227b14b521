/*
 * kernel/fs/init.c - vfs_init(): bringing the file system up at boot
 * (Linux spreads this over vfs_caches_init, init_rootfs, chrdev_init and
 * populate_rootfs).
 *
 *   1. the object caches: inodes, dentries, files, fd tables
 *   2. the root ramfs, and init_fs (pid 0's root and cwd) pointing at it;
 *      pid 0 gets init_files / init_fs if it has none, so that every task
 *      forked from it inherits them (Linux's INIT_TASK does the same)
 *   3. the character device drivers (mem, tty)
 *   4. the initramfs module unpacked into "/"
 *   5. /dev and its nodes, if the archive did not make them:
 *        /dev/console 5:1  /dev/tty 5:0  /dev/null 1:3  /dev/zero 1:5
 *        /dev/full 1:7  /dev/random 1:8  /dev/urandom 1:9
 *      (Linux's own rootfs gets /dev/console from the kernel too, when the
 *      archive lacks it: init must have a console to open.)
 *   6. the proc file system's tree (proc_root_init), which init mounts on
 *      /proc with mount(2)
 */
#include "kernel/fs/fs.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

static const struct {
	const char *path;
	unsigned int major, minor;
} default_devs[] = {
	{ "/dev/console", 5, 1 },
	{ "/dev/tty", 5, 0 },
	{ "/dev/null", 1, 3 },
	{ "/dev/zero", 1, 5 },
	{ "/dev/full", 1, 7 },
	{ "/dev/random", 1, 8 },
	{ "/dev/urandom", 1, 9 },
};

/* Makes /dev and each default node that is missing ("exists" is fine). */
static void create_default_devs(void)
{
	int err = do_mkdirat(AT_FDCWD, getname_kernel("/dev"), 0755);

	if (err && err != -EEXIST)
		pr_err("vfs: cannot create /dev: error %d\n", err);
	for (size_t i = 0; i < ARRAY_SIZE(default_devs); i++) {
		err = do_mknodat(AT_FDCWD, getname_kernel(default_devs[i].path), S_IFCHR | 0666,
				 MKDEV(default_devs[i].major, default_devs[i].minor));
		if (err && err != -EEXIST)
			pr_err("vfs: cannot create %s: error %d\n", default_devs[i].path, err);
	}
}

/* vfs_init - see fs.h. */
void vfs_init(void)
{
	inode_init();
	dcache_init();
	files_init();
	pipe_init();
	if (init_rootfs())
		panic("vfs_init: cannot make the root file system");
	set_fs_root(&init_fs, rootfs_sb.s_root);
	set_fs_pwd(&init_fs, rootfs_sb.s_root);
	if (!init_task.fs)
		init_task.fs = &init_fs;
	if (!init_task.files)
		init_task.files = &init_files;
	chrdev_init();
	/* Modes are the archive's (and 0666 for the device nodes), not umask'd. */
	init_fs.umask = 0;
	populate_rootfs();
	create_default_devs();
	init_fs.umask = 0022;
	proc_root_init();	/* /proc's tree, for init's mount(2) (kernel/fs/proc/root.c) */
}
