/*
 * kernel/fs/proc/root.c - the proc file system itself: its super block,
 * its root directory /proc, and mounting it (Linux's fs/proc/root.c and
 * the root parts of fs/proc/base.c).
 *
 * /proc holds three kinds of names:
 *   - the system files of proc_root_table below (meminfo, stat, sys/, ...),
 *     made once at boot (proc_root_init, from vfs_init, as Linux's
 *     start_kernel calls it), as a tree of pinned dentries (like a
 *     ramfs directory), so the walk finds them with d_lookup and
 *     /proc/sys/vm lists with dcache_readdir;
 *   - "self", a symlink to the caller's own pid, computed on each lookup;
 *   - one directory per process, "<pid>", computed on each lookup
 *     (proc_root_lookup) - Linux's proc_pid_lookup.
 * readdir of /proc gives ".", "..", the system files, "self", then the
 * pids in increasing order; a pid p is at position PROC_FIRST_PID_POS + p
 * so that a listing interrupted between two getdents64 calls resumes at
 * the next pid even if processes came and went meanwhile.
 *
 * Lifetime: the proc instance is built once and never freed; mount(2)
 * takes a reference to its root and umount2(2) gives it back.  It is
 * busy (proc_busy) while any dentry of it is referenced beyond what the
 * tree itself holds: an open file, a cwd, a process directory in use.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"

#define PROC_FIRST_PID_POS	256	/* readdir position of pid 0 (Linux's FIRST_PROCESS_ENTRY) */

struct super_block proc_sb = {
	.s_type = "proc",
	.s_dev = MKDEV(0, 22),
	.s_next_ino = 1,
	.s_lock = __SPIN_LOCK_UNLOCKED,
};

static struct proc_entry proc_sys_table[] = {
	{ .name = "vm", .mode = S_IFDIR | 0555, .children = proc_sys_vm_table },
};

/* /proc's system files, in the order readdir lists them. */
static struct proc_entry proc_root_table[] = {
	{ .name = "buddyinfo", .mode = S_IFREG | 0444, .show = buddyinfo_proc_show },
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = cmdline_proc_show },
	{ .name = "filesystems", .mode = S_IFREG | 0444, .show = filesystems_proc_show },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = loadavg_proc_show },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = meminfo_proc_show },
	{ .name = "mounts", .mode = S_IFREG | 0444, .show = mounts_proc_show },
	{ .name = "pagetypeinfo", .mode = S_IFREG | 0400, .show = pagetypeinfo_proc_show },
	{ .name = "slabinfo", .mode = S_IFREG | 0400, .show = slabinfo_proc_show },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = stat_proc_show },
	{ .name = "swaps", .mode = S_IFREG | 0444, .show = swaps_proc_show },
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_table,
	  .nr_children = PROC_ENTRY_COUNT(proc_sys_table) },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = uptime_proc_show },
	{ .name = "version", .mode = S_IFREG | 0444, .show = version_proc_show },
	{ .name = "vmstat", .mode = S_IFREG | 0444, .show = vmstat_proc_show },
	{ .name = "zoneinfo", .mode = S_IFREG | 0444, .show = zoneinfo_proc_show },
};

static const struct proc_entry proc_root_entry = {
	.name = "/", .mode = S_IFDIR | 0555, .children = proc_root_table,
	.nr_children = PROC_ENTRY_COUNT(proc_root_table),
};

static struct dentry *proc_root;		/* /proc's root dentry, once built */
static unsigned long proc_self_ino;		/* "self"'s inode number (stable) */

/* ---- building the tree of system files ---- */

/*
 * Adds table[0..n) under parent as pinned dentries (the tree holds the
 * d_alloc reference), subdirectories recursively.  0 or -ENOMEM (what was
 * added stays: the caller gives up on proc altogether).
 */
static int proc_add_table(struct dentry *parent, const struct proc_entry *table, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct proc_entry *pe = &table[i];
		struct qstr name = { pe->name, strlen(pe->name) };
		struct inode *inode = proc_get_inode(pe, 0);
		struct dentry *d;
		int err;

		if (!inode)
			return -ENOMEM;
		d = d_alloc(parent, &name);
		if (!d) {
			iput(inode);
			return -ENOMEM;
		}
		d_instantiate(d, inode);
		if (S_ISDIR(pe->mode)) {
			parent->d_inode->i_nlink++;
			err = proc_add_table(d, pe->children, pe->nr_children);
			if (err)
				return err;
		}
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.llseek = no_seek_end_llseek,
	.iterate_shared = proc_root_readdir,
};

static int proc_root_status = -EAGAIN;	/* proc_root_init's result; -EAGAIN: not run yet */

/* Builds the root directory and the system files: 0 or -ENOMEM. */
static int __proc_root_init(void)
{
	struct inode *inode = new_inode(&proc_sb);

	if (!inode)
		return -ENOMEM;
	/* The sys/vm table's size is only known at run time (another file's array). */
	proc_sys_table[0].nr_children = proc_sys_vm_count;
	inode->i_mode = S_IFDIR | 0555;
	inode->i_nlink = 2;
	inode->i_op = &proc_root_inode_operations;
	inode->i_fop = &proc_root_operations;
	inode->i_private = (void *)&proc_root_entry;
	proc_root = d_make_root(inode);
	if (!proc_root)
		return -ENOMEM;
	proc_self_ino = proc_sb.s_next_ino++;
	return proc_add_table(proc_root, proc_root_table, PROC_ENTRY_COUNT(proc_root_table));
}

/*
 * proc_root_init - see proc_fs.h.  Once: a failure (out of memory at
 * boot) is final, and mount(2) of proc then fails with it.
 */
int proc_root_init(void)
{
	if (proc_root_status == -EAGAIN) {
		proc_root_status = __proc_root_init();
		if (proc_root_status)
			pr_err("proc: cannot build /proc (%d)\n", proc_root_status);
	}
	return proc_root_status;
}

/* proc_mount - see proc_fs.h. */
struct dentry *proc_mount(void)
{
	int err = proc_root_init();

	return err ? ERR_PTR(err) : dget(proc_root);
}

/* Is a dentry of the static tree below (and including) d referenced beyond the tree's own pins? */
static bool proc_tree_busy(struct dentry *d, int extra)
{
	struct dentry *child;
	int children = 0;
	bool busy = false;

	spin_lock(&dcache_lock);
	list_for_each_entry(child, &d->d_subdirs, d_child)
		children++;
	spin_unlock(&dcache_lock);
	if (__atomic_load_n(&d->d_count, __ATOMIC_RELAXED) > 1 + children + extra)
		return true;
	/* The static tree never changes after proc_root_init, so walking it unlocked is safe. */
	list_for_each_entry(child, &d->d_subdirs, d_child) {
		if (S_ISDIR(child->d_inode->i_mode))
			busy = busy || proc_tree_busy(child, 0);
		else
			busy = busy || __atomic_load_n(&child->d_count, __ATOMIC_RELAXED) > 1;
	}
	return busy;
}

/* proc_busy - see proc_fs.h.  The root is held by the tree, the mount and the caller. */
bool proc_busy(struct dentry *root, int held)
{
	return proc_tree_busy(root, 1 + held);
}

/* proc_kill_sb - see proc_fs.h. */
void proc_kill_sb(struct dentry *root)
{
	dput(root);
}

/* ---- /proc's lookup: "self" and the pids ---- */

/* A pid as /proc names it: decimal, no sign, no leading zero; -1 otherwise. */
static int name_to_int(const struct qstr *name)
{
	int pid = 0;

	if (!name->len || name->len > 9 || (name->name[0] == '0' && name->len > 1))
		return -1;
	for (unsigned int i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return -1;
		pid = pid * 10 + (name->name[i] - '0');
	}
	return pid;
}

static struct dentry *proc_self_lookup(struct dentry *parent, const struct qstr *name)
{
	char buf[16];
	struct inode *inode;
	struct dentry *d;

	snprintf(buf, sizeof(buf), "%d", current->tgid);
	inode = proc_link_inode(buf, proc_self_ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	d = d_alloc_dynamic(parent, name, inode);
	return d ? d : ERR_PTR(-ENOMEM);
}

/* proc_root_lookup - see internal.h. */
struct dentry *proc_root_lookup(struct inode *dir, struct dentry *parent, const struct qstr *name)
{
	struct task_struct *task;
	struct inode *inode;
	struct dentry *d;
	int pid;

	(void)dir;
	if (name->len == 4 && !memcmp(name->name, "self", 4))
		return proc_self_lookup(parent, name);
	pid = name_to_int(name);
	if (pid <= 0)
		return NULL;
	task = get_proc_task_by_pid(pid);
	if (!task)
		return NULL;
	put_task_struct(task);
	inode = proc_get_inode(&proc_pid_dir_entry, proc_pid_ino(pid, 0));
	if (!inode)
		return ERR_PTR(-ENOMEM);
	d = d_alloc_dynamic(parent, name, inode);
	return d ? d : ERR_PTR(-ENOMEM);
}

/* The smallest pid >= from of a task /proc shows (not pid 0, not being freed), or -1. */
static int next_tgid(int from)
{
	struct task_struct *p;
	unsigned long flags;
	int best = -1;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid < from || p->pid <= 0 || p->exit_state == EXIT_DEAD || p->pid != p->tgid)
			continue;
		if (best < 0 || p->pid < best)
			best = p->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

/* proc_root_readdir - see internal.h and the top comment. */
int proc_root_readdir(struct file *file, struct dir_context *ctx)
{
	unsigned int n = PROC_ENTRY_COUNT(proc_root_table);
	loff_t self_pos = 2 + n;
	char buf[16];
	int pid;

	if (ctx->pos < self_pos) {
		proc_readdir_table(file, ctx, proc_root_table, n, 0);
		if (ctx->pos < self_pos)
			return 0;		/* the buffer is full */
	}
	if (ctx->pos == self_pos) {
		if (!ctx->actor(ctx, "self", 4, PROC_FIRST_PID_POS, proc_self_ino, DT_LNK))
			return 0;
		ctx->pos = PROC_FIRST_PID_POS;
	}
	if (ctx->pos < PROC_FIRST_PID_POS)
		ctx->pos = PROC_FIRST_PID_POS;
	while ((pid = next_tgid(ctx->pos - PROC_FIRST_PID_POS)) > 0) {
		int len = snprintf(buf, sizeof(buf), "%d", pid);

		if (!ctx->actor(ctx, buf, len, PROC_FIRST_PID_POS + pid + 1, proc_pid_ino(pid, 0),
				DT_DIR))
			break;
		ctx->pos = PROC_FIRST_PID_POS + pid + 1;
	}
	return 0;
}
