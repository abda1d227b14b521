/*
 * kernel/fs/fs_struct.c - a process's place in the tree: root, cwd and
 * umask (Linux's fs/fs_struct.c, and umask(2) from kernel/sys.c).
 *
 * struct fs_struct (fs.h) holds a reference to the root and the current
 * directory dentries.  fork() gives the child a copy (copy_fs_struct);
 * CLONE_FS would share it (users > 1).  chdir() swaps pwd under the lock;
 * path walks take their own reference (get_fs_pwd) and never hold the lock
 * while walking.  The last user frees it (exit_fs).
 *
 * A task without an fs_struct (an early kernel thread) walks from the
 * root file system's root, with umask 0022.
 */
#include "kernel/fs/fs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "mm/slab.h"

struct fs_struct init_fs = {
	.users = 1,
	.lock = __SPIN_LOCK_UNLOCKED,
	.umask = 0022,
};

/* set_fs_root - see fs.h. */
void set_fs_root(struct fs_struct *fs, struct dentry *dentry)
{
	struct dentry *old;

	dget(dentry);
	spin_lock(&fs->lock);
	old = fs->root;
	fs->root = dentry;
	spin_unlock(&fs->lock);
	dput(old);
}

/* set_fs_pwd - see fs.h. */
void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry)
{
	struct dentry *old;

	dget(dentry);
	spin_lock(&fs->lock);
	old = fs->pwd;
	fs->pwd = dentry;
	spin_unlock(&fs->lock);
	dput(old);
}

static struct dentry *get_fs_field(bool root)
{
	struct fs_struct *fs = current->fs;
	struct dentry *d;

	if (!fs || !(root ? fs->root : fs->pwd))
		return dget(rootfs_sb.s_root);
	spin_lock(&fs->lock);
	d = dget(root ? fs->root : fs->pwd);
	spin_unlock(&fs->lock);
	return d;
}

/* get_fs_root - see fs.h. */
struct dentry *get_fs_root(void)
{
	return get_fs_field(true);
}

/* get_fs_pwd - see fs.h. */
struct dentry *get_fs_pwd(void)
{
	return get_fs_field(false);
}

/* current_umask - see fs.h. */
int current_umask(void)
{
	return current->fs ? current->fs->umask : 0022;
}

/* copy_fs_struct - see fs.h. */
struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kmalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	spin_lock(&old->lock);
	fs->umask = old->umask;
	fs->root = dget(old->root);
	fs->pwd = dget(old->pwd);
	spin_unlock(&old->lock);
	return fs;
}

/* free_fs_struct - drop root and pwd and free fs (init_fs itself is never freed). */
void free_fs_struct(struct fs_struct *fs)
{
	dput(fs->root);
	dput(fs->pwd);
	if (fs != &init_fs)
		kfree(fs);
	else
		fs->root = fs->pwd = NULL;
}

/* exit_fs - see fs.h. */
void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs = tsk->fs;

	if (!fs)
		return;
	tsk->fs = NULL;
	if (!__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL))
		free_fs_struct(fs);
}

/* umask(2): set the mask, return the old one.  Never fails. */
SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = current->fs;
	int old;

	if (!fs)
		return 0022;
	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & S_IRWXUGO;
	spin_unlock(&fs->lock);
	return old;
}
