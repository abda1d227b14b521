/*
 * kernel/fs/proc/proc_fs.h - what the rest of the kernel sees of procfs
 * (Linux's include/linux/proc_fs.h): the hooks namespace.c's mount(2) and
 * umount2(2) call.  Everything else lives in kernel/fs/proc/internal.h.
 */
#ifndef KERNEL_FS_PROC_PROC_FS_H
#define KERNEL_FS_PROC_PROC_FS_H

#include "kernel/types.h"

struct dentry;

/*
 * proc_root_init - build the proc file system: its root and the tree of
 * system files (Pagoda has one proc instance, as Linux has one per pid
 * namespace).  vfs_init calls it at boot; later calls return the first
 * one's result.  0 or -ENOMEM.
 */
int proc_root_init(void);
/* proc_mount - the root of the proc file system, referenced, or ERR_PTR(-ENOMEM). */
struct dentry *proc_mount(void);
/* proc_busy - is anything of /proc open or a cwd besides held references to its root? */
bool proc_busy(struct dentry *root, int held);
/* proc_kill_sb - unmounted: drop the mount's reference (the instance stays for the next mount). */
void proc_kill_sb(struct dentry *root);

#endif /* KERNEL_FS_PROC_PROC_FS_H */
