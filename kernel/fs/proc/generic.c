/*
 * kernel/fs/proc/generic.c - the proc inode and the operations every proc
 * file shares (Linux's fs/proc/generic.c, inode.c and the proc_reg_* /
 * single_open parts of fs/seq_file.c).  See internal.h for the model.
 *
 * A regular proc file, open: file->private_data is a struct proc_file
 * holding the text of the last generation.  read_iter regenerates it when
 * the read starts at offset 0 (so `lseek(fd, 0, SEEK_SET); read()` sees
 * fresh numbers, as top and free do) or when there is none yet, then
 * copies from it.  write_iter copies the user's bytes into a page and
 * hands them to the entry's write.  i_size is 0, as on Linux.
 *
 * Directories made from a table (/proc/<pid>/) look their names up in the
 * table (proc_lookup_table) and list it (proc_readdir_table).
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"

/* One open regular proc file. */
struct proc_file {
	struct seq_file seq;		/* the text of the last generation */
	bool generated;			/* seq holds a text */
};

/* get_proc_task - see internal.h. */
struct task_struct *get_proc_task(const struct inode *inode)
{
	return get_proc_task_by_pid(proc_inode_pid(inode));
}

/* get_proc_task_by_pid - see internal.h. */
struct task_struct *get_proc_task_by_pid(int pid)
{
	struct task_struct *task;
	unsigned long flags;

	if (!pid)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	task = find_task_by_pid(pid);
	if (task && task->exit_state == EXIT_DEAD)
		task = NULL;
	if (task)
		get_task_struct(task);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return task;
}

/*
 * get_task_mm - see internal.h.  Safe without a lock on one CPU without
 * preemption: exit_mm clears task->mm before its mmput, and nothing here
 * sleeps between reading the pointer and taking the reference.
 */
struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	if (!mm || (task->flags & PF_KTHREAD) || !__atomic_load_n(&mm->mm_users, __ATOMIC_RELAXED))
		return NULL;
	mmget(mm);
	return mm;
}

/* ---- regular files ---- */

/*
 * Opening for an access the file does not have is -EACCES, even for root:
 * Linux's proc_sys_permission checks a sysctl's mode bits for everyone, so
 * the write-only drop_caches (0200) cannot be opened for reading and
 * `sysctl -a` skips it.  Here a file without show or read_iter is such a
 * file, and one without write is read-only.
 */
static int proc_file_open(struct inode *inode, struct file *file)
{
	const struct proc_entry *pe = inode->i_private;
	struct proc_file *pf;

	if ((file->f_mode & FMODE_WRITE) && !pe->write)
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && !pe->show && !pe->read_iter)
		return -EACCES;
	if (!pe->show)
		return 0;
	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->seq.private = (void *)pe;
	file->private_data = pf;
	return 0;
}

static int proc_file_release(struct inode *inode, struct file *file)
{
	struct proc_file *pf = file->private_data;

	(void)inode;
	if (pf) {
		seq_release(&pf->seq);
		kfree(pf);
	}
	return 0;
}

/* seq_generate's callback: the entry's show with the task of the file. */
static int proc_show_one(struct seq_file *m, void *arg)
{
	const struct proc_entry *pe = m->private;

	return pe->show(m, arg);
}

/* Prints the file's text anew; -ESRCH if its process is gone. */
static int proc_file_generate(struct file *file, struct proc_file *pf)
{
	const struct proc_entry *pe = pf->seq.private;
	struct task_struct *task = NULL;
	int err;

	if (proc_inode_pid(file->f_inode)) {
		task = get_proc_task(file->f_inode);
		if (!task)
			return -ESRCH;
	}
	err = seq_generate(&pf->seq, proc_show_one, task);
	pf->seq.private = (void *)pe;
	if (task)
		put_task_struct(task);
	pf->generated = !err;
	return err;
}

static ssize_t proc_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *file = iocb->ki_filp;
	struct proc_file *pf = file->private_data;
	size_t n, copied;
	int err;

	if (!pf)
		return -EINVAL;
	if (iocb->ki_pos == 0 || !pf->generated) {
		err = proc_file_generate(file, pf);
		if (err)
			return err;
	}
	if (iocb->ki_pos >= (loff_t)pf->seq.count)
		return 0;
	n = min((size_t)(pf->seq.count - iocb->ki_pos), iov_iter_count(to));
	copied = copy_to_iter(pf->seq.buf + iocb->ki_pos, n, to);
	if (!copied && n)
		return -EFAULT;
	iocb->ki_pos += copied;
	return copied;
}

/*
 * A write: the whole buffer at once, NUL-terminated, from offset 0 only
 * (Linux's proc writes ignore the offset too).  Returns the bytes taken.
 */
static ssize_t proc_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	const struct proc_entry *pe = file->f_inode->i_private;
	size_t count = iov_iter_count(from);
	struct task_struct *task = NULL;
	char *buf;
	int err;

	if (!pe->write)
		return -EIO;
	if (count >= PAGE_SIZE)
		return -EINVAL;
	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_iter(buf, count, from) != count) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';
	if (proc_inode_pid(file->f_inode)) {
		task = get_proc_task(file->f_inode);
		if (!task) {
			kfree(buf);
			return -ESRCH;
		}
	}
	err = pe->write(pe, task, buf, count);
	if (task)
		put_task_struct(task);
	kfree(buf);
	if (err)
		return err;
	iocb->ki_pos += count;
	return count;
}

/* Binary files (pagemap) bring their own read; writes are refused. */
static ssize_t proc_raw_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	const struct proc_entry *pe = iocb->ki_filp->f_inode->i_private;

	return pe->read_iter(iocb, to);
}

static const struct file_operations proc_file_operations = {
	.llseek = no_seek_end_llseek,
	.read_iter = proc_file_read_iter,
	.write_iter = proc_file_write_iter,
	.open = proc_file_open,
	.release = proc_file_release,
};

static const struct file_operations proc_raw_file_operations = {
	.llseek = no_seek_end_llseek,
	.read_iter = proc_raw_read_iter,
	.open = proc_file_open,
};

/* O_TRUNC on a proc file changes nothing (Linux's proc_setattr ignores the size). */
static int proc_setattr(struct dentry *dentry, struct iattr *attr)
{
	(void)dentry;
	(void)attr;
	return 0;
}

static const struct inode_operations proc_file_inode_operations = {
	.setattr = proc_setattr,
};

/* ---- symlinks ---- */

static const struct inode_operations proc_link_inode_operations = {
	.get_link = simple_get_link,
};

/* proc_link_inode - see internal.h.  evict() frees i_link with the inode. */
struct inode *proc_link_inode(const char *link, unsigned long ino)
{
	size_t len = strlen(link);
	struct inode *inode = new_inode(&proc_sb);

	if (!inode)
		return NULL;
	inode->i_link = kmalloc(len + 1, GFP_KERNEL);
	if (!inode->i_link) {
		iput(inode);
		return NULL;
	}
	memcpy(inode->i_link, link, len + 1);
	inode->i_mode = S_IFLNK | 0777;
	inode->i_size = len;
	inode->i_op = &proc_link_inode_operations;
	inode->i_ino = ino;
	return inode;
}

/* proc_dentry_path - see internal.h. */
char *proc_dentry_path(struct dentry *d, char *buf, int size)
{
	struct dentry *root = get_fs_root();
	char *p = d_path(d, root, buf, size);

	dput(root);
	return p;
}

/* ---- directories made from a table ---- */

/* A table directory's lookup: its entries (the pid comes from its inode). */
static struct dentry *proc_table_lookup(struct inode *dir, struct dentry *parent,
					const struct qstr *name)
{
	const struct proc_entry *pe = dir->i_private;

	if (pe->lookup)
		return pe->lookup(dir, parent, name);
	return proc_lookup_table(parent, name, pe->children, pe->nr_children,
				 proc_inode_pid(dir));
}

static int proc_table_readdir(struct file *file, struct dir_context *ctx)
{
	const struct proc_entry *pe = file->f_inode->i_private;

	if (pe->iterate)
		return pe->iterate(file, ctx);
	return proc_readdir_table(file, ctx, pe->children, pe->nr_children,
				  proc_inode_pid(file->f_inode));
}

const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_table_lookup,
};

const struct file_operations proc_dir_operations = {
	.llseek = no_seek_end_llseek,
	.iterate_shared = proc_table_readdir,
};

/* Static directories (/proc/sys, /proc/sys/vm): all names are in the tree. */
static const struct file_operations proc_static_dir_operations = {
	.llseek = no_seek_end_llseek,
	.iterate_shared = dcache_readdir,
};

/*
 * proc_get_inode - see internal.h.  Directories of a process (pid != 0)
 * and those with a lookup of their own compute their names; the others
 * (/proc/sys/...) have them all in the tree.
 */
struct inode *proc_get_inode(const struct proc_entry *pe, unsigned long ino)
{
	struct inode *inode = new_inode(&proc_sb);

	if (!inode)
		return NULL;
	inode->i_mode = pe->mode;
	inode->i_private = (void *)pe;
	if (ino)
		inode->i_ino = ino;
	switch (pe->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_nlink = 2;
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = (proc_inode_pid(inode) || pe->lookup) ? &proc_dir_operations
								       : &proc_static_dir_operations;
		break;
	default:
		inode->i_op = &proc_file_inode_operations;
		inode->i_fop = pe->read_iter ? &proc_raw_file_operations : &proc_file_operations;
		break;
	}
	return inode;
}

/* The symlink inode of a per-process link entry (exe, cwd, root); NULL with *err set. */
static struct inode *proc_pid_link_inode(const struct proc_entry *pe, int pid, unsigned long ino,
					 int *err)
{
	struct task_struct *task;
	struct inode *inode = NULL;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);

	*err = -ENOMEM;
	if (!buf)
		return NULL;
	task = pid ? get_proc_task_by_pid(pid) : NULL;
	*err = -ESRCH;
	if (task) {
		*err = pe->get_link(task, buf, PATH_MAX);
		put_task_struct(task);
	}
	if (!*err) {
		inode = proc_link_inode(buf, ino);
		if (!inode)
			*err = -ENOMEM;
	}
	kfree(buf);
	return inode;
}

/* proc_lookup_table - see internal.h. */
struct dentry *proc_lookup_table(struct dentry *parent, const struct qstr *name,
				 const struct proc_entry *table, unsigned int n, int pid)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct proc_entry *pe = &table[i];
		unsigned long ino = pid ? proc_pid_ino(pid, 1 + i) : 0;
		struct inode *inode;
		struct dentry *d;
		int err = -ENOMEM;

		if (strlen(pe->name) != name->len || memcmp(pe->name, name->name, name->len))
			continue;
		if (pe->get_link)
			inode = proc_pid_link_inode(pe, pid, ino, &err);
		else
			inode = proc_get_inode(pe, ino);
		if (!inode)
			return err == -ENOENT ? NULL : ERR_PTR(err);
		d = d_alloc_dynamic(parent, name, inode);
		return d ? d : ERR_PTR(-ENOMEM);
	}
	return NULL;
}

/* proc_readdir_table - see internal.h. */
int proc_readdir_table(struct file *file, struct dir_context *ctx, const struct proc_entry *table,
		       unsigned int n, int pid)
{
	struct dentry *dir = file->f_dentry;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	for (; ctx->pos - 2 < (loff_t)n; ctx->pos++) {
		const struct proc_entry *pe = &table[ctx->pos - 2];
		unsigned long ino = pid ? proc_pid_ino(pid, 1 + (ctx->pos - 2)) : 0;

		if (!pid) {
			/* A system file: its pinned dentry has the inode number. */
			struct qstr q = { pe->name, strlen(pe->name) };
			struct dentry *d = d_lookup(dir, &q);

			ino = d ? d->d_inode->i_ino : 0;
			dput(d);
		}

		if (!ctx->actor(ctx, pe->name, strlen(pe->name), ctx->pos + 1, ino,
				fs_umode_to_dtype(pe->mode)))
			break;
	}
	return 0;
}
