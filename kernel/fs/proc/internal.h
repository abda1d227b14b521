/*
 * kernel/fs/proc/internal.h - the parts of procfs shared by its files
 * (Linux's fs/proc/internal.h).
 *
 * Every file and directory of /proc is described by a struct proc_entry in
 * a constant table: its name, mode and what it does.  There are two kinds
 * of names, as in Linux:
 *
 *   - static ones (/proc/meminfo, /proc/sys/vm/swappiness, ...): made once,
 *     at boot (proc_root_init), as dentries pinned in proc's own tree
 *     (root.c), like ramfs names; the path walk finds them with d_lookup.
 *   - per-process ones (/proc/<pid>/..., /proc/self): computed on every
 *     lookup by the directory's i_op->lookup (root.c, base.c) as
 *     DCACHE_DYNAMIC dentries that vanish on their last dput, so a dead
 *     process leaves nothing behind.  Their inodes carry the pid in the
 *     upper bits of i_ino (proc_pid_ino) and the proc_entry in
 *     i_private; the task is looked up again on each read (get_proc_task),
 *     -ESRCH once it is gone.
 *
 * A regular file's text is printed by its show function into a seq_file
 * (kernel/fs/seq_file.h) when a read starts at offset 0 (or on the first
 * read), and later reads continue from that snapshot, so `cat` sees one
 * consistent text and a reader that seeks back to 0 sees fresh numbers.
 * A write hands the bytes (NUL-terminated, at most PAGE_SIZE - 1) to the
 * entry's write function.  Show functions must not sleep while they look
 * at another task's mm: Pagoda has no mmap_lock yet and relies on the
 * non-preemptive kernel on one CPU (see mm/mmap.h).
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include "kernel/fs/fs.h"
#include "kernel/fs/seq_file.h"
#include "kernel/types.h"

struct task_struct;
struct mm_struct;
struct proc_entry;

/*
 * show: print the file into m (task: the process of a per-pid file, NULL
 * for a system one; m->private is the proc_entry).  0 or -errno.
 */
typedef int (*proc_show_t)(struct seq_file *m, struct task_struct *task);
/* write: buf holds len bytes and a NUL; 0 (all consumed) or -errno. */
typedef int (*proc_write_t)(const struct proc_entry *pe, struct task_struct *task, char *buf,
			    size_t len);
/* get_link: a symlink's target into buf (size bytes): 0 or -errno. */
typedef int (*proc_link_t)(struct task_struct *task, char *buf, int size);

struct proc_entry {
	const char *name;		/* the file name */
	umode_t mode;			/* S_IFREG/S_IFDIR/S_IFLNK and permissions */
	proc_show_t show;		/* regular files: the text */
	proc_write_t write;		/* writable files */
	/* binary files (pagemap): a read of their own, no seq_file */
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
	proc_link_t get_link;		/* symlinks of a process (exe, cwd, root) */
	const struct proc_entry *children;	/* directories: their entries ... */
	unsigned int nr_children;		/* ... and how many */
	/* per-process directories whose names are computed (fd/) */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *parent, const struct qstr *name);
	int (*iterate)(struct file *file, struct dir_context *ctx);
	void *data;			/* sysctl files: the int they show and set */
	int min, max;			/* sysctl files: the values a write may set */
};

#define PROC_ENTRY_COUNT(table)	((unsigned int)ARRAY_SIZE(table))

/* ---- root.c ---- */
extern struct super_block proc_sb;
/* proc_root_lookup - /proc's i_op->lookup: "self" and the pids. */
struct dentry *proc_root_lookup(struct inode *dir, struct dentry *parent, const struct qstr *name);
/* proc_root_readdir - /proc's entries: the static ones, "self", then one per process. */
int proc_root_readdir(struct file *file, struct dir_context *ctx);

/* ---- generic.c ---- */
/*
 * Inode numbers: a system file's comes from proc_sb's counter (small); a
 * per-process one is pid << PROC_PID_INO_SHIFT | (idx + 2), idx < 2^24 - 2
 * (the entry's index, or PROC_FD_INO_BASE + fd for fd/N).
 */
#define PROC_PID_INO_SHIFT	24
#define PROC_FD_INO_BASE	0x1000

/* proc_pid_ino - the inode number of entry index idx of process pid. */
static inline unsigned long proc_pid_ino(int pid, unsigned long idx)
{
	return ((unsigned long)pid << PROC_PID_INO_SHIFT) |
	       ((idx + 2) & ((1UL << PROC_PID_INO_SHIFT) - 1));
}
/* proc_inode_pid - the process a proc inode belongs to (0: a system file). */
static inline int proc_inode_pid(const struct inode *inode)
{
	return (int)(inode->i_ino >> PROC_PID_INO_SHIFT);
}
/* proc_get_inode - a new proc inode for pe (of process pid, 0 for none) with number ino. */
struct inode *proc_get_inode(const struct proc_entry *pe, unsigned long ino);
/*
 * proc_lookup_table - the dentry for name among table[0..n) in parent
 * (a directory of process pid): dynamic, referenced; NULL if there is no
 * such entry; ERR_PTR(-ENOMEM/-ESRCH).
 */
struct dentry *proc_lookup_table(struct dentry *parent, const struct qstr *name,
				 const struct proc_entry *table, unsigned int n, int pid);
/*
 * proc_readdir_table - ".", "..", then table[0..n) for a directory of
 * process pid (pos: 0 ".", 1 "..", 2 + i entry i).
 */
int proc_readdir_table(struct file *file, struct dir_context *ctx, const struct proc_entry *table,
		       unsigned int n, int pid);
/* get_proc_task - the task of a per-pid inode, referenced (put_task_struct), or NULL if gone. */
struct task_struct *get_proc_task(const struct inode *inode);
/* get_proc_task_by_pid - the live (or zombie) task pid, referenced, or NULL. */
struct task_struct *get_proc_task_by_pid(int pid);
/* proc_link_inode - a new symlink inode whose target is link (copied); NULL if out of memory. */
struct inode *proc_link_inode(const char *link, unsigned long ino);
/*
 * proc_dentry_path - the absolute path of d as seen from the current
 * task's root, into buf (size bytes); returns a pointer into buf or ERR_PTR.
 */
char *proc_dentry_path(struct dentry *d, char *buf, int size);
extern const struct inode_operations proc_dir_inode_operations;
extern const struct file_operations proc_dir_operations;

/* get_task_mm - task's mm with mm_users taken (mmput), or NULL (kernel thread, exited). */
struct mm_struct *get_task_mm(struct task_struct *task);

/* ---- the tables ---- */
extern const struct proc_entry proc_pid_dir_entry;	/* base.c: /proc/<pid>/ itself */
extern const struct proc_entry proc_sys_vm_table[];	/* proc_sysctl.c: /proc/sys/vm/ */
extern const unsigned int proc_sys_vm_count;

/* ---- the show functions of /proc's files, by file ---- */
int meminfo_proc_show(struct seq_file *m, struct task_struct *task);	/* meminfo.c */
int loadavg_proc_show(struct seq_file *m, struct task_struct *task);	/* loadavg.c */
int uptime_proc_show(struct seq_file *m, struct task_struct *task);	/* uptime.c */
int stat_proc_show(struct seq_file *m, struct task_struct *task);	/* stat.c */
int cmdline_proc_show(struct seq_file *m, struct task_struct *task);	/* cmdline.c */
int version_proc_show(struct seq_file *m, struct task_struct *task);	/* version.c */
int filesystems_proc_show(struct seq_file *m, struct task_struct *task);	/* proc_namespace.c */
int mounts_proc_show(struct seq_file *m, struct task_struct *task);	/* proc_namespace.c */
int vmstat_proc_show(struct seq_file *m, struct task_struct *task);	/* vmstat.c */
int buddyinfo_proc_show(struct seq_file *m, struct task_struct *task);	/* vmstat.c */
int pagetypeinfo_proc_show(struct seq_file *m, struct task_struct *task);	/* vmstat.c */
int zoneinfo_proc_show(struct seq_file *m, struct task_struct *task);	/* vmstat.c */
int slabinfo_proc_show(struct seq_file *m, struct task_struct *task);	/* slabinfo.c */
int swaps_proc_show(struct seq_file *m, struct task_struct *task);	/* swaps.c */

/* array.c: /proc/<pid>/status and stat */
int proc_pid_status(struct seq_file *m, struct task_struct *task);
int proc_tgid_stat(struct seq_file *m, struct task_struct *task);
/* task_mmu.c: maps, smaps, smaps_rollup, statm, pagemap */
int show_maps(struct seq_file *m, struct task_struct *task);
int show_smaps(struct seq_file *m, struct task_struct *task);
int show_smaps_rollup(struct seq_file *m, struct task_struct *task);
int proc_pid_statm(struct seq_file *m, struct task_struct *task);
ssize_t pagemap_read(struct kiocb *iocb, struct iov_iter *to);
/* task_mmu.c: the memory numbers status shows (task_mem) */
void task_mem(struct seq_file *m, struct mm_struct *mm);

#endif /* KERNEL_FS_PROC_INTERNAL_H */
