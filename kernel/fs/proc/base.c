/*
 * kernel/fs/proc/base.c - the per-process directories /proc/<pid>/ and
 * their simple files (Linux's fs/proc/base.c).
 *
 * /proc/<pid>/ lists proc_tgid_base below, in Linux's order: fd/, environ,
 * auxv, status, comm, cmdline, stat, statm, maps, cwd, root, exe, mounts,
 * smaps, smaps_rollup, pagemap, oom_score, oom_score_adj.  Each name is
 * made on lookup (generic.c's proc_lookup_table) with the pid in its inode
 * number, and each read finds the task again (-ESRCH once it is reaped).
 *
 * Here: cmdline and environ (the argv/envp bytes read out of the process's
 * own memory with access_remote_vm, as Linux's proc_pid_cmdline_read),
 * auxv, comm (writable by the process itself), the exe/cwd/root symlinks,
 * fd/ (a symlink per open fd to the file's path, "pipe:[ino]" for pipes,
 * "anon_inode:..." never), oom_score (Linux's 0..2000 scale of
 * oom_badness) and oom_score_adj (writable: -1000..1000, else -EINVAL;
 * fork copies it and exec keeps it, see kernel/fork.c).  status and stat
 * are in array.c, the memory files in task_mmu.c.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "mm/slab.h"

#ifndef LONG_MIN
#define LONG_MIN		(-__LONG_MAX__ - 1)
#endif

/* ---- cmdline, environ, auxv ---- */

/* Copies task's argv (or, with env, envp) strings into m, a page at a time. */
static int proc_print_user_range(struct seq_file *m, struct task_struct *task, bool env)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long addr, end;
	char *page;

	if (!mm)
		return 0;			/* a kernel thread or a zombie: empty */
	addr = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page) {
		mmput(mm);
		return -ENOMEM;
	}
	while (addr < end && !seq_has_overflowed(m)) {
		int len = min(end - addr, (unsigned long)PAGE_SIZE);
		int got = access_remote_vm(mm, addr, page, len, 0);

		if (got <= 0)
			break;
		seq_write(m, page, got);
		addr += got;
	}
	kfree(page);
	mmput(mm);
	return 0;
}

/* /proc/<pid>/cmdline - the argv strings, each with its NUL. */
static int proc_pid_cmdline(struct seq_file *m, struct task_struct *task)
{
	return proc_print_user_range(m, task, false);
}

/* /proc/<pid>/environ - the envp strings as exec left them. */
static int proc_pid_environ(struct seq_file *m, struct task_struct *task)
{
	return proc_print_user_range(m, task, true);
}

/* /proc/<pid>/auxv - the auxiliary vector given at exec, AT_NULL included (binary). */
static int proc_pid_auxv(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned int n = 0;

	if (!mm)
		return 0;
	while (n + 2 <= AT_VECTOR_SIZE && mm->saved_auxv[n])
		n += 2;
	if (n + 2 <= AT_VECTOR_SIZE)
		n += 2;				/* the AT_NULL pair */
	seq_write(m, mm->saved_auxv, n * sizeof(unsigned long));
	mmput(mm);
	return 0;
}

/* ---- comm ---- */

static int proc_pid_comm(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%.*s\n", TASK_COMM_LEN, task->comm);
	return 0;
}

/* A process may rename itself (Linux: any thread of its group); others get -EINVAL. */
static int proc_pid_comm_write(const struct proc_entry *pe, struct task_struct *task, char *buf,
			       size_t len)
{
	char name[TASK_COMM_LEN];

	(void)pe;
	if (task != current)
		return -EINVAL;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	strscpy(name, buf, sizeof(name));
	memcpy(task->comm, name, sizeof(name));
	return 0;
}

/* ---- oom_score, oom_score_adj ---- */

/*
 * /proc/<pid>/oom_score - Linux's: oom_badness scaled to 0..2000 against
 * RAM + swap (0 for a task the OOM killer never chooses).
 */
static int proc_oom_score(struct seq_file *m, struct task_struct *task)
{
	unsigned long totalpages = totalram_pages + total_swap_pages;
	unsigned long points = 0;
	long badness = oom_badness(task, totalpages);

	if (badness != LONG_MIN)
		points = (1000 + badness * 1000 / (long)totalpages) * 2 / 3;
	seq_printf(m, "%lu\n", points);
	return 0;
}

static int proc_oom_score_adj(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%d\n", task->oom_score_adj);
	return 0;
}

/* Removes white space around s (Linux's strstrip); returns the start. */
static char *strstrip(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

/* A decimal (or 0x/0 prefixed) integer with white space around: -EINVAL otherwise or out of range. */
static int oom_score_adj_write(const struct proc_entry *pe, struct task_struct *task, char *buf,
			       size_t len)
{
	int val;

	(void)pe;
	(void)len;
	if (kstrtoint(strstrip(buf), 0, &val))
		return -EINVAL;
	if (val < OOM_SCORE_ADJ_MIN || val > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	task->oom_score_adj = val;
	return 0;
}

/* ---- symlinks: exe, cwd, root ---- */

static int path_to_buf(struct dentry *d, char *buf, int size)
{
	char *p = proc_dentry_path(d, buf, size);

	if (IS_ERR(p))
		return PTR_ERR(p);
	memmove(buf, p, strlen(p) + 1);
	return 0;
}

static int proc_exe_link(struct task_struct *task, char *buf, int size)
{
	struct mm_struct *mm = get_task_mm(task);
	int err = -ENOENT;

	if (!mm)
		return -ENOENT;
	if (mm->exe_file && mm->exe_file->f_dentry)
		err = path_to_buf(mm->exe_file->f_dentry, buf, size);
	mmput(mm);
	return err;
}

/* cwd or root of task's fs_struct, as a path. */
static int proc_fs_link(struct task_struct *task, char *buf, int size, bool root)
{
	struct fs_struct *fs = task->fs;
	struct dentry *d;
	int err;

	if (!fs)
		return -ENOENT;
	spin_lock(&fs->lock);
	d = dget(root ? fs->root : fs->pwd);
	spin_unlock(&fs->lock);
	err = path_to_buf(d, buf, size);
	dput(d);
	return err;
}

static int proc_cwd_link(struct task_struct *task, char *buf, int size)
{
	return proc_fs_link(task, buf, size, false);
}

static int proc_root_link(struct task_struct *task, char *buf, int size)
{
	return proc_fs_link(task, buf, size, true);
}

/* ---- fd/ ---- */

/* The file at fd of task, referenced, or NULL. */
static struct file *task_fget(struct task_struct *task, unsigned int fd)
{
	struct files_struct *files = task->files;
	struct file *f = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

/* What readlink of /proc/<pid>/fd/N says: the path, or "pipe:[ino]" (Linux's). */
static int file_link_name(struct file *f, char *buf, int size)
{
	if (!f->f_dentry) {
		snprintf(buf, size, "pipe:[%lu]", f->f_inode->i_ino);
		return 0;
	}
	return path_to_buf(f->f_dentry, buf, size);
}

/*
 * The mode of fd/N: r-x for a file open for reading, -wx for writing
 * (Linux's proc_fd_instantiate), so `ls -l /proc/self/fd` shows how each
 * fd is open.
 */
static umode_t proc_fd_link_mode(const struct file *f)
{
	umode_t mode = S_IFLNK;

	if (f->f_mode & FMODE_READ)
		mode |= S_IRUSR | S_IXUSR;
	if (f->f_mode & FMODE_WRITE)
		mode |= S_IWUSR | S_IXUSR;
	return mode;
}

static struct dentry *proc_fd_lookup(struct inode *dir, struct dentry *parent,
				     const struct qstr *name)
{
	int pid = proc_inode_pid(dir), fd = 0;
	struct task_struct *task;
	struct inode *inode = NULL;
	struct file *f = NULL;
	struct dentry *d;
	char *buf;

	if (!name->len || name->len > 7 || (name->name[0] == '0' && name->len > 1))
		return NULL;
	for (unsigned int i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return NULL;
		fd = fd * 10 + (name->name[i] - '0');
	}
	task = get_proc_task_by_pid(pid);
	if (!task)
		return ERR_PTR(-ESRCH);
	f = task_fget(task, fd);
	put_task_struct(task);
	if (!f)
		return NULL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (buf && !file_link_name(f, buf, PATH_MAX))
		inode = proc_link_inode(buf, proc_pid_ino(pid, PROC_FD_INO_BASE + fd));
	kfree(buf);
	if (inode)
		inode->i_mode = proc_fd_link_mode(f);
	fput(f);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	d = d_alloc_dynamic(parent, name, inode);
	return d ? d : ERR_PTR(-ENOMEM);
}

/* The lowest open fd >= from of task, or -1. */
static int task_next_fd(struct task_struct *task, unsigned int from)
{
	struct files_struct *files = task->files;
	int fd = -1;

	if (!files)
		return -1;
	spin_lock(&files->file_lock);
	for (unsigned int i = from; i < files->max_fds; i++) {
		if (files->fd[i]) {
			fd = i;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return fd;
}

/* fd/: ".", "..", then each open fd (position 2 + fd). */
static int proc_fd_iterate(struct file *file, struct dir_context *ctx)
{
	int pid = proc_inode_pid(file->f_inode);
	struct task_struct *task = get_proc_task_by_pid(pid);
	char name[16];
	int fd;

	if (!task)
		return -ENOENT;
	proc_readdir_table(file, ctx, NULL, 0, pid);
	while (ctx->pos >= 2 && (fd = task_next_fd(task, ctx->pos - 2)) >= 0) {
		int len = snprintf(name, sizeof(name), "%d", fd);

		if (!ctx->actor(ctx, name, len, fd + 3, proc_pid_ino(pid, PROC_FD_INO_BASE + fd),
				DT_LNK))
			break;
		ctx->pos = fd + 3;
	}
	put_task_struct(task);
	return 0;
}

/* ---- mounts: the same list as /proc/mounts ---- */

static int proc_pid_mounts(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	return mounts_proc_show(m, NULL);
}

/* ---- the directory ---- */

static const struct proc_entry proc_tgid_base[] = {
	{ .name = "fd", .mode = S_IFDIR | 0500, .lookup = proc_fd_lookup,
	  .iterate = proc_fd_iterate },
	{ .name = "environ", .mode = S_IFREG | 0400, .show = proc_pid_environ },
	{ .name = "auxv", .mode = S_IFREG | 0400, .show = proc_pid_auxv },
	{ .name = "status", .mode = S_IFREG | 0444, .show = proc_pid_status },
	{ .name = "comm", .mode = S_IFREG | 0644, .show = proc_pid_comm,
	  .write = proc_pid_comm_write },
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = proc_pid_cmdline },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_tgid_stat },
	{ .name = "statm", .mode = S_IFREG | 0444, .show = proc_pid_statm },
	{ .name = "maps", .mode = S_IFREG | 0444, .show = show_maps },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .get_link = proc_cwd_link },
	{ .name = "root", .mode = S_IFLNK | 0777, .get_link = proc_root_link },
	{ .name = "exe", .mode = S_IFLNK | 0777, .get_link = proc_exe_link },
	{ .name = "mounts", .mode = S_IFREG | 0444, .show = proc_pid_mounts },
	{ .name = "smaps", .mode = S_IFREG | 0444, .show = show_smaps },
	{ .name = "smaps_rollup", .mode = S_IFREG | 0444, .show = show_smaps_rollup },
	{ .name = "pagemap", .mode = S_IFREG | 0400, .read_iter = pagemap_read },
	{ .name = "oom_score", .mode = S_IFREG | 0444, .show = proc_oom_score },
	{ .name = "oom_score_adj", .mode = S_IFREG | 0644, .show = proc_oom_score_adj,
	  .write = oom_score_adj_write },
};

/* /proc/<pid>/ itself (root.c's lookup makes its inode). */
const struct proc_entry proc_pid_dir_entry = {
	.name = "<pid>", .mode = S_IFDIR | 0555, .children = proc_tgid_base,
	.nr_children = PROC_ENTRY_COUNT(proc_tgid_base),
};
