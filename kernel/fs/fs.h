/*
 * kernel/fs/fs.h - the virtual file system in miniature (Linux's
 * include/linux/fs.h, dcache.h, fdtable.h and fs_struct.h, cut down).
 *
 * What a process sees as "a file" is three layers of objects:
 *
 *   fd (an int)  ->  struct file  ->  struct dentry  ->  struct inode
 *   files_struct     open file:        a name in a      the object itself:
 *   (file.c)         f_pos, f_flags,   directory:       mode, size, data
 *                    f_op, f_count     d_parent, d_name (inode.c, ramfs.c)
 *                    (file.c)          (dcache.c)
 *
 * - An inode is a file system object: a regular file, a directory, a
 *   symlink, a device node, a pipe.  Its i_op says how to create and remove
 *   names in it (directories), its i_fop what an open file of it does.
 * - A dentry names an inode inside its parent directory.  The root file
 *   system is a RAM one (ramfs.c), and, as in Linux's ramfs, the tree of
 *   dentries *is* that file system: a name that is not in the tree does
 *   not exist.  ".." is d_parent.  procfs (kernel/fs/proc/) computes most
 *   of its names: its directories have an i_op->lookup that the path walk
 *   asks when d_lookup misses (lookup_one, namei.c).  Other file systems
 *   are mounted on directories (namespace.c): a walk that reaches a mount
 *   point continues in the mounted root.
 * - A struct file is one open() of an inode: its position and flags.  It
 *   is shared by every fd that dup() or fork() made from the same open().
 * - A process's fd table (files_struct) maps small integers to files; its
 *   fs_struct holds the root, the cwd and the umask.
 *
 * Reference counts (each object is freed when its count drops to 0):
 *   inode.i_count   one per dentry naming it, plus one per pipe file
 *                   (iput(): an inode with i_nlink 0 is freed on the last one)
 *   dentry.d_count  one for being in the tree (dropped by unlink/rmdir),
 *                   one per child (d_parent), per open file, per cwd/root
 *                   and per path walk in progress (dget/dput)
 *   file.f_count    one per fd pointing at it, plus temporary ones (fget/fput)
 *   files_struct.count, fs_struct.users   one per task sharing it
 *
 * Locks (order: fs_struct.lock / files_struct.file_lock, then dcache_lock,
 * then inode.i_lock):
 *   dcache_lock     the shape of the tree: every d_subdirs list, d_parent,
 *                   d_name (dcache.c); never held across a sleep
 *   inode.i_lock    an inode's size and page array (ramfs.c)
 * Pagoda runs the kernel without preemption (PREEMPT_NONE) and, for now,
 * on one CPU: a read or write of a ramfs file runs from start to end
 * without another task in between, except where it sleeps (allocation).
 * Linux serialises writers with the inode's i_rwsem; Pagoda will add that
 * when it has sleeping locks (SMP issue).
 *
 * The user-visible numbers and layouts (O_*, S_IF*, AT_*, struct stat,
 * struct linux_dirent64) are Linux x86-64's ABI: musl passes them as is.
 */
#ifndef KERNEL_FS_FS_H
#define KERNEL_FS_FS_H

#include "kernel/compiler.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/syscalls.h"
#include "kernel/types.h"
#include "kernel/wait.h"

/* Kernel-internal: "this ioctl is not mine" (a driver to do_vfs_ioctl; never seen by users). */
#define ENOIOCTLCMD	515

/* An ERR_PTR of one pointer type as another. */
#ifndef ERR_CAST
#define ERR_CAST(ptr)	((void *)(ptr))
#endif

struct task_struct;
struct page;
struct pipe_inode_info;
struct poll_table_struct;

/* ---- basic types (Linux's) ---- */
typedef long long loff_t;	/* a file offset or size */
typedef unsigned short umode_t;	/* file type and permission bits */
typedef u32 dev_t;		/* a device number: major << 20 | minor (kernel form) */
typedef unsigned int fmode_t;	/* FMODE_* below */
typedef unsigned int __poll_t;	/* POLL* event bits (kernel/fs/poll.h) */

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	((dev_t)(((ma) << MINORBITS) | (mi)))

/* new_encode_dev - the form user space sees in st_dev/st_rdev (glibc's makedev). */
static inline u32 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* new_decode_dev - the reverse: a user-space device number to dev_t (cpio's rdev). */
static inline dev_t new_decode_dev(u32 dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

/* ---- file type and permission bits (st_mode) ---- */
#define S_IFMT		00170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000

#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define S_IRWXU		00700
#define S_IRUSR		00400
#define S_IWUSR		00200
#define S_IXUSR		00100
#define S_IRWXG		00070
#define S_IXGRP		00010
#define S_IRWXO		00007
#define S_IXOTH		00001
#define S_IRWXUGO	(S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)
#define S_IXUGO		(S_IXUSR | S_IXGRP | S_IXOTH)

/* ---- open(2) flags (Linux x86-64, octal as in asm-generic/fcntl.h) ---- */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_PATH		010000000
/* The flags F_SETFL may change (the rest of f_flags is fixed at open). */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_DSYNC | O_DIRECT | O_NOATIME)

/* ---- *at() syscalls ---- */
#define AT_FDCWD		-100	/* relative paths start at the cwd */
#define AT_SYMLINK_NOFOLLOW	0x100	/* stat the link itself */
#define AT_EACCESS		0x200	/* faccessat: effective ids (we are root anyway) */
#define AT_REMOVEDIR		0x200	/* unlinkat: rmdir instead */
#define AT_SYMLINK_FOLLOW	0x400
#define AT_EMPTY_PATH		0x1000	/* "" means the dirfd itself */

/* ---- lseek, access, fcntl ---- */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

/* ---- limits ---- */
#define PATH_MAX	4096	/* bytes in a path, the NUL included */
#define NAME_MAX	255	/* bytes in one component */
#define MAXSYMLINKS	40	/* symlinks followed in one walk before ELOOP */
#define NR_OPEN_DEFAULT	64	/* fds in the table embedded in files_struct */
#define NR_OPEN_MAX	1048576	/* Linux's default fs.nr_open: the hard ceiling */
#define PIPE_BUF	4096	/* writes up to this size to a pipe are atomic */
#define MAX_RW_COUNT	(0x7ffff000L)	/* Linux's cap on one read/write */

/* ---- struct file's f_mode ---- */
#define FMODE_READ	0x1	/* read() allowed */
#define FMODE_WRITE	0x2	/* write() allowed */
#define FMODE_LSEEK	0x4	/* lseek() allowed */
#define FMODE_PREAD	0x8	/* pread() allowed */
#define FMODE_PWRITE	0x10	/* pwrite() allowed */
#define FMODE_PATH	0x4000	/* an O_PATH file: only fd-level operations */

/* ---- timestamps and struct stat (Linux x86-64 ABI, 144 bytes) ---- */
struct timespec64 {
	s64 tv_sec;		/* seconds */
	long tv_nsec;		/* nanoseconds, 0..999999999 */
};

struct stat {
	unsigned long st_dev;		/* device of the file system (new_encode_dev) */
	unsigned long st_ino;		/* inode number */
	unsigned long st_nlink;		/* number of names */
	unsigned int st_mode;		/* S_IF* type and permission bits */
	unsigned int st_uid;		/* owner */
	unsigned int st_gid;		/* group */
	unsigned int __pad0;
	unsigned long st_rdev;		/* device number of a device node */
	long st_size;			/* bytes (target length for a symlink) */
	long st_blksize;		/* preferred I/O size */
	long st_blocks;			/* 512-byte blocks allocated */
	struct timespec64 st_atim;	/* last access */
	struct timespec64 st_mtim;	/* last modification of the data */
	struct timespec64 st_ctim;	/* last change of the inode */
	long __reserved[3];		/* Linux: __unused */
};

/* getdents64's record (Linux's struct linux_dirent64), 8-byte aligned. */
struct linux_dirent64 {
	u64 d_ino;			/* inode number */
	s64 d_off;			/* f_pos value that resumes after this entry */
	unsigned short d_reclen;	/* bytes of this record, padding included */
	unsigned char d_type;		/* DT_* */
	char d_name[];			/* NUL-terminated name */
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* fs_umode_to_dtype - the DT_* for an inode's mode. */
static inline unsigned char fs_umode_to_dtype(umode_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IF* bits shifted down */
}

/* ---- I/O vectors (Linux's struct iovec and iov_iter, cut down) ---- */
struct iovec {
	void __user *iov_base;		/* a user buffer */
	size_t iov_len;			/* its length */
};

struct kvec {
	void *iov_base;			/* a kernel buffer */
	size_t iov_len;
};

enum iter_type {
	ITER_IOVEC,			/* segments in user memory: copy_*_user */
	ITER_KVEC,			/* segments in kernel memory: memcpy */
};

/*
 * An iov_iter walks a list of buffer segments, so that one read_iter can
 * fill a user buffer (read), several (readv) or a kernel buffer
 * (kernel_read, exec) with the same code.  copy_to_iter / copy_from_iter
 * (read_write.c) advance it.
 */
struct iov_iter {
	u8 iter_type;			/* ITER_IOVEC or ITER_KVEC */
	size_t iov_offset;		/* bytes already used of the current segment */
	size_t count;			/* bytes left in all segments */
	union {
		const struct iovec *iov;	/* ITER_IOVEC: the current segment */
		const struct kvec *kvec;	/* ITER_KVEC */
	};
	unsigned long nr_segs;		/* segments left, the current one included */
};

void iov_iter_init(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count);
void iov_iter_kvec(struct iov_iter *i, const struct kvec *kvec, unsigned long nr_segs, size_t count);
/* iov_iter_count - bytes left to fill or drain. */
static inline size_t iov_iter_count(const struct iov_iter *i) { return i->count; }
/* copy_to_iter - copy up to bytes from addr into the iterator; returns bytes copied (short on a fault). */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
/* copy_from_iter - copy up to bytes from the iterator into addr; returns bytes copied. */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
/* iov_iter_zero - write bytes zero bytes into the iterator (holes, /dev/zero); returns bytes written. */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i);

/* One I/O request (Linux's struct kiocb): the file and where to start. */
struct kiocb {
	struct file *ki_filp;		/* the open file */
	loff_t ki_pos;			/* position; read_iter/write_iter advance it */
	int ki_flags;			/* IOCB_* */
};
#define IOCB_APPEND	0x1		/* write at the end of the file */
#define IOCB_NOWAIT	0x2		/* O_NONBLOCK: -EAGAIN rather than sleep */

/* ---- names ---- */
struct qstr {
	const char *name;		/* not NUL-terminated in a path walk */
	unsigned int len;
};

/* A path copied in from user space (getname(), namei.c). */
struct filename {
	const char *name;		/* = iname */
	char iname[];			/* the NUL-terminated path */
};

/* ---- the page array of a ramfs file (Linux's struct address_space, cut down) ---- */
struct address_space {
	struct page **pages;		/* pages[index]: bytes [index*4K, +4K), or NULL (a hole) */
	unsigned long nr_slots;		/* entries in pages[] (grows as the file does) */
	unsigned long nrpages;		/* non-NULL entries */
};

/* ---- super block: one per file system instance ---- */
struct super_block {
	dev_t s_dev;			/* st_dev of every inode in it */
	const char *s_type;		/* "rootfs", "pipefs" */
	unsigned long s_next_ino;	/* next inode number to hand out */
	struct dentry *s_root;		/* its root directory (NULL for pipefs) */
	spinlock_t s_lock;		/* s_next_ino */
};

/* ---- inode ---- */
struct inode {
	umode_t i_mode;			/* S_IF* type and permission bits */
	unsigned int i_uid;		/* owner (always 0: everyone is root) */
	unsigned int i_gid;
	unsigned int i_nlink;		/* names in the tree (directories: 2 + subdirs) */
	dev_t i_rdev;			/* device nodes: the device */
	unsigned long i_ino;		/* inode number, unique within i_sb */
	loff_t i_size;			/* bytes of data (symlink: target length) */
	struct timespec64 i_atime;	/* last access */
	struct timespec64 i_mtime;	/* last data change */
	struct timespec64 i_ctime;	/* last inode change */
	int i_count;			/* references (atomic): see the top comment */
	spinlock_t i_lock;		/* i_size and i_data */
	const struct inode_operations *i_op;	/* names in a directory, links */
	const struct file_operations *i_fop;	/* what an open file of it does */
	struct super_block *i_sb;	/* the file system it belongs to */
	struct address_space i_data;	/* regular files: the data pages */
	char *i_link;			/* symlinks: the target (kmalloc'd, NUL-terminated) */
	struct pipe_inode_info *i_pipe;	/* FIFOs and pipes: the ring buffer */
	void *i_private;		/* for the owner of the inode */
};

/* ---- dentry ---- */
#define DCACHE_UNHASHED	0x1		/* removed from its parent (unlink/rmdir/rename over) */
#define DCACHE_MOUNTED	0x2		/* a file system is mounted on this directory (namespace.c) */
#define DCACHE_DYNAMIC	0x4		/* made by an i_op->lookup, never in d_subdirs: gone on the last dput */

struct dentry {
	int d_count;			/* references (atomic): see the top comment */
	unsigned int d_flags;		/* DCACHE_* */
	struct dentry *d_parent;	/* the directory it is in (the root: itself); holds a ref */
	struct qstr d_name;		/* its name in d_parent (NUL-terminated here) */
	char *d_name_ext;		/* d_name.name if it did not fit d_iname, else NULL */
	struct inode *d_inode;		/* the object it names (never NULL: no negative dentries) */
	struct super_block *d_sb;	/* the file system */
	struct list_head d_child;	/* link in d_parent->d_subdirs */
	struct list_head d_subdirs;	/* directories: the children, oldest first */
	loff_t d_offset;		/* its readdir position in d_parent (increasing along d_subdirs) */
	loff_t d_next_offset;		/* directories: the d_offset the next child gets (from 2) */
	char d_iname[40];		/* short names live here */
};

extern spinlock_t dcache_lock;

/* ---- open files ---- */
struct file {
	struct dentry *f_dentry;	/* what it opened (Linux: f_path.dentry); holds a ref */
	struct inode *f_inode;		/* = f_dentry->d_inode (or the pipe's inode) */
	const struct file_operations *f_op;	/* the inode's i_fop, or a device's */
	loff_t f_pos;			/* read/write position; a directory's readdir cursor */
	unsigned int f_flags;		/* O_* given to open (without O_CREAT/EXCL/TRUNC/CLOEXEC) */
	fmode_t f_mode;			/* FMODE_* derived from the access mode */
	long f_count;			/* references (atomic): fds and fget()s */
	spinlock_t f_lock;		/* f_flags (F_SETFL) */
	void *private_data;		/* for the driver: the tty, the pipe */
};

/*
 * filldir_t - readdir's callback: one entry (name, namlen, the offset that
 * resumes after it, ino, DT_*).  Returns true to go on, false when full.
 */
struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, int namlen,
			  loff_t offset, u64 ino, unsigned int d_type);
struct dir_context {
	filldir_t actor;		/* called for each entry */
	loff_t pos;			/* the cursor: iterate_shared starts here and advances it */
};

struct file_operations {
	/* lseek: -ESPIPE if absent and FMODE_LSEEK is not set */
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* read from iocb->ki_pos into to; returns bytes or -errno, advances ki_pos */
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
	/* write from 'from' at iocb->ki_pos (the end with IOCB_APPEND) */
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *from);
	/* directories: emit entries from ctx->pos on through ctx->actor */
	int (*iterate_shared)(struct file *file, struct dir_context *ctx);
	/* ioctl(2) after the generic commands; -ENOTTY if absent */
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* called by open (may replace file->f_op: device nodes) */
	int (*open)(struct inode *inode, struct file *file);
	/* called when the last reference to the file goes */
	int (*release)(struct inode *inode, struct file *file);
	/* poll/select: the POLL* events ready now, and poll_wait() on each queue
	 * that a change would be woken on (kernel/fs/poll.h); absent: always
	 * readable and writable (DEFAULT_POLLMASK), as regular files are */
	__poll_t (*poll)(struct file *file, struct poll_table_struct *pt);
};

/* Attribute changes (Linux's struct iattr): only the size for now. */
#define ATTR_SIZE	0x8
struct iattr {
	unsigned int ia_valid;		/* ATTR_* bits saying which fields are set */
	loff_t ia_size;			/* new size (truncate) */
};

struct inode_operations {
	/* make a regular file named by dentry (not yet in the tree) in dir */
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	/* device nodes, FIFOs */
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	/* a second name, dentry (not yet in the tree) in dir, for old_dentry's inode */
	int (*link)(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry);
	/* remove a non-directory / an empty directory named by dentry from dir */
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/* symlinks: the target */
	const char *(*get_link)(struct dentry *dentry);
	/* change attributes (truncate) */
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
	/*
	 * Directories whose names are not all in the tree (procfs): called
	 * when d_lookup misses; returns a referenced dentry (made with
	 * d_alloc_dynamic), NULL if there is no such name, or an ERR_PTR.
	 */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *parent, const struct qstr *name);
};

/* ---- per-process state ---- */
/*
 * The fd table.  fd[] starts as the embedded fd_array (NR_OPEN_DEFAULT
 * slots) and grows by doubling (expand_files, file.c) up to
 * RLIMIT_NOFILE.  open_fds and close_on_exec have one bit per slot.
 */
struct files_struct {
	int count;			/* tasks sharing it (atomic) */
	spinlock_t file_lock;		/* everything below */
	unsigned int max_fds;		/* slots in fd[] */
	unsigned int next_fd;		/* no free fd below this (a search hint) */
	struct file **fd;		/* fd[n]: the open file, or NULL */
	unsigned long *open_fds;	/* bit n: fd n is allocated (maybe not installed yet) */
	unsigned long *close_on_exec;	/* bit n: FD_CLOEXEC */
	struct file *fd_array[NR_OPEN_DEFAULT];
	unsigned long open_fds_init[NR_OPEN_DEFAULT / 64];
	unsigned long close_on_exec_init[NR_OPEN_DEFAULT / 64];
};

struct fs_struct {
	int users;			/* tasks sharing it (atomic) */
	spinlock_t lock;		/* root, pwd */
	int umask;			/* cleared from the mode of files and dirs made */
	struct dentry *root;		/* "/" for this process (holds a ref) */
	struct dentry *pwd;		/* the current directory (holds a ref) */
};

extern struct files_struct init_files;	/* pid 0's (and so, by copying, pid 1's) */
extern struct fs_struct init_fs;

/* ====================================================================
 * The kernel API, file by file.
 * ==================================================================== */

/* ---- inode.c ---- */
/* new_inode - a fresh inode of sb (i_count 1, i_nlink 1, a new i_ino), or NULL. */
struct inode *new_inode(struct super_block *sb);
/* ihold - take another reference to an inode. */
void ihold(struct inode *inode);
/* iput - drop a reference; the last one frees an inode with no names left. */
void iput(struct inode *inode);
/* current_time - the time to stamp an inode with (seconds since boot for now). */
struct timespec64 current_time(void);
/* init_special_inode - set i_mode, i_fop and i_rdev for a special file (FIFO, device). */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
/* The number of inodes alive (for leak checks in tests). */
long nr_inodes(void);

/* ---- dcache.c ---- */
/* d_alloc - a new child of parent named name (not in the tree, no inode), or NULL. */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
/* d_make_root - the root dentry for inode root (consumes the inode ref), or NULL. */
struct dentry *d_make_root(struct inode *root);
/*
 * d_instantiate - attach inode (its ref moves in) and link dentry into its
 * parent.  Takes no dentry reference: the file system pins a new name with
 * dget() (ramfs_mknod), as Linux's ramfs does.
 */
void d_instantiate(struct dentry *dentry, struct inode *inode);
/*
 * d_alloc_dynamic - a child of parent named name for inode (its ref moves
 * in) that is not linked into the tree: an i_op->lookup's answer (procfs).
 * It lives while referenced.  NULL if out of memory (the inode ref dropped).
 */
struct dentry *d_alloc_dynamic(struct dentry *parent, const struct qstr *name, struct inode *inode);
/* d_lookup - parent's child called name with a reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
/* d_delete - take dentry out of its parent (unlink/rmdir); drops the tree's ref. */
void d_delete(struct dentry *dentry);
/* d_move - rename: move dentry under new_parent as new_name.  0 or -ENOMEM. */
int d_move(struct dentry *dentry, struct dentry *new_parent, const struct qstr *new_name);
struct dentry *dget(struct dentry *dentry);
/* dput - drop a reference; the last one frees the dentry, its inode ref and parent ref. */
void dput(struct dentry *dentry);
/* d_unhashed - was dentry removed from the tree? */
static inline bool d_unhashed(const struct dentry *d) { return d->d_flags & DCACHE_UNHASHED; }
/* is_subdir - is d inside (or equal to) ancestor? */
bool is_subdir(struct dentry *d, struct dentry *ancestor);
/*
 * d_path - the absolute path of d as seen from root, written at the end of
 * buf[0..buflen); returns a pointer into buf, or ERR_PTR(-ENAMETOOLONG),
 * or ERR_PTR(-ENOENT) if d was removed.
 */
char *d_path(struct dentry *d, struct dentry *root, char *buf, int buflen);
long nr_dentries(void);

/* ---- namei.c ---- */
/* Lookup flags (Linux's LOOKUP_*). */
#define LOOKUP_FOLLOW		0x0001	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY	0x0002	/* the result must be a directory */
#define LOOKUP_EMPTY		0x4000	/* "" is allowed (AT_EMPTY_PATH) */

/* getname - copy a user path in: ERR_PTR(-EFAULT/-ENAMETOOLONG/-ENOENT for ""). */
struct filename *getname(const char __user *filename);
/* getname_flags - as getname; with LOOKUP_EMPTY, "" is returned rather than -ENOENT. */
struct filename *getname_flags(const char __user *filename, unsigned int flags);
/* getname_kernel - the same for a path already in kernel memory. */
struct filename *getname_kernel(const char *filename);
void putname(struct filename *name);

/*
 * filename_lookup - walk name from dfd (AT_FDCWD: the cwd; an absolute path:
 * the root) to a dentry, returned with a reference in *res.  flags:
 * LOOKUP_*.  Returns 0 or -ENOENT/-ENOTDIR/-ELOOP/-ENAMETOOLONG/-EBADF.
 */
int filename_lookup(int dfd, struct filename *name, unsigned int flags, struct dentry **res);
/* kern_path - filename_lookup for a kernel string, from the cwd. */
int kern_path(const char *name, unsigned int flags, struct dentry **res);
/*
 * filename_create - resolve all but the last component of name, check
 * that the last one does not exist, and return a new unattached dentry for
 * it (*parent gets the directory, referenced).  ERR_PTR(-EEXIST) if it
 * exists, -ENOENT/-ENOTDIR on the way.  Release with done_path_create().
 */
struct dentry *filename_create(int dfd, struct filename *name, struct dentry **parent,
			       unsigned int lookup_flags);
void done_path_create(struct dentry *parent, struct dentry *dentry);

/* The vfs_* operations: checks common to every file system, then the i_op. */
int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target);
int vfs_unlink(struct inode *dir, struct dentry *dentry);
int vfs_rmdir(struct inode *dir, struct dentry *dentry);
int vfs_rename(struct dentry *old, struct dentry *new_dir, struct dentry *new, const struct qstr *new_name);

/* The do_* forms of the syscalls, on kernel strings (for init and tests). */
int do_mkdirat(int dfd, struct filename *name, umode_t mode);
int do_mknodat(int dfd, struct filename *name, umode_t mode, dev_t dev);
int do_symlinkat(struct filename *from, int newdfd, struct filename *to);
/* vfs_link - give old_dentry's inode the new name dentry in dir: -EPERM for a directory. */
int vfs_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry);
int do_unlinkat(int dfd, struct filename *name);
int do_rmdir(int dfd, struct filename *name);
int do_renameat2(int olddfd, struct filename *from, int newdfd, struct filename *to, unsigned int flags);
/* vfs_readlink-style: the target of the symlink at dfd/name into a kernel buffer. */
int do_readlinkat_kernel(int dfd, const char *name, char *buf, int bufsiz);

/* lookup_one - d_lookup, then the directory's i_op->lookup: a referenced dentry, NULL or ERR_PTR. */
struct dentry *lookup_one(struct dentry *dir, const struct qstr *name);

/* ---- namespace.c: mounts ---- */
/*
 * lookup_mnt - the root of the file system mounted on mountpoint (a
 * DCACHE_MOUNTED dentry), referenced, or NULL.
 */
struct dentry *lookup_mnt(struct dentry *mountpoint);
/*
 * mnt_mountpoint - the directory the file system whose root is root is
 * mounted on (not referenced: valid while the mount is), or NULL for the
 * root file system or an unmounted root.  Takes only mount_lock, so it may
 * be called under dcache_lock.
 */
struct dentry *mnt_mountpoint(struct dentry *root);
/* for_each_mount - call fn for each mount, oldest first (rootfs first): /proc/mounts. */
struct mount_info {
	const char *devname;		/* mount(2)'s source ("proc") */
	struct dentry *mountpoint;	/* where (rootfs: its own root) */
	struct dentry *root;		/* the mounted root */
	const char *fstype;		/* "rootfs", "proc", "tmpfs" */
	unsigned long flags;		/* MS_* given to mount(2) */
};
int for_each_mount(int (*fn)(const struct mount_info *mi, void *arg), void *arg);
/* for_each_filesystem - call fn with each known file system type and whether it needs a device. */
void for_each_filesystem(void (*fn)(const char *name, bool requires_dev, void *arg), void *arg);

/* ---- file.c: struct file and the fd table ---- */
/* alloc_file - a struct file for dentry (or inode, for a pipe), f_count 1; ERR_PTR(-ENOMEM/-ENFILE). */
struct file *alloc_file(struct dentry *dentry, struct inode *inode, unsigned int flags,
			const struct file_operations *fop);
/* get_file - another reference to an open file; returns it. */
struct file *get_file(struct file *f);
/* fput - drop a reference; the last one calls ->release and frees the file. */
void fput(struct file *file);
/* fget - the file at fd of the current task, with a reference, or NULL. */
struct file *fget(unsigned int fd);
/* fget_raw - the same, O_PATH files included (fget refuses them). */
struct file *fget_raw(unsigned int fd);
/* fdget/fdput - Linux's pair: here always a reference. */
struct fd { struct file *file; };
static inline struct fd fdget(unsigned int fd) { return (struct fd){ fget(fd) }; }
static inline void fdput(struct fd f) { if (f.file) fput(f.file); }

/* get_unused_fd_flags - the lowest free fd (O_CLOEXEC in flags sets FD_CLOEXEC), or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
/* alloc_fd - the lowest free fd >= start; -EMFILE / -EINVAL past RLIMIT_NOFILE. */
int alloc_fd(unsigned int start, unsigned int flags);
/* put_unused_fd - give back an fd that was allocated but never installed. */
void put_unused_fd(unsigned int fd);
/* fd_install - point allocated fd at file (the caller's reference moves in). */
void fd_install(unsigned int fd, struct file *file);
/* close_fd - close fd of the current task: 0 or -EBADF. */
int close_fd(unsigned int fd);
/* replace_fd - dup2's core: make fd point at file (closing what was there); flags: O_CLOEXEC. */
int replace_fd(unsigned int fd, struct file *file, unsigned int flags);
/* set_close_on_exec / get_close_on_exec - FD_CLOEXEC of fd of the current task. */
void set_close_on_exec(unsigned int fd, bool flag);
bool get_close_on_exec(unsigned int fd);
/* dup_fd - a copy of oldf for fork (every file gets a ref), or ERR_PTR(-ENOMEM). */
struct files_struct *dup_fd(struct files_struct *oldf);
/* put_files_struct - drop a reference; the last one closes every fd and frees it. */
void put_files_struct(struct files_struct *files);
/* exit_files - do_exit's part: tsk->files = NULL and put it. */
void exit_files(struct task_struct *tsk);
/* do_close_on_exec - execve's part: close every FD_CLOEXEC fd of files. */
void do_close_on_exec(struct files_struct *files);
/* nr_files - struct files alive (for leak checks in tests). */
long nr_files(void);

/* ---- fs_struct.c ---- */
/* copy_fs_struct - a copy of old (root and pwd referenced, umask kept), or NULL. */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
/* exit_fs - do_exit's part: tsk->fs = NULL and drop it (the last user frees it). */
void exit_fs(struct task_struct *tsk);
void free_fs_struct(struct fs_struct *fs);
/* set_fs_root / set_fs_pwd - replace the root / cwd of fs (takes its own ref on dentry). */
void set_fs_root(struct fs_struct *fs, struct dentry *dentry);
void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry);
/* get_fs_root / get_fs_pwd - a referenced copy of the current task's root / cwd. */
struct dentry *get_fs_root(void);
struct dentry *get_fs_pwd(void);
/* current_umask - the current task's umask (0022 if it has no fs_struct). */
int current_umask(void);

/* ---- open.c ---- */
/*
 * filp_open - open the file at path (kernel string) with O_* flags, as
 * open(2) would but without an fd: the struct file (f_count 1) or ERR_PTR.
 * exec and init use it.  Release with fput().
 */
struct file *filp_open(const char *path, int flags, umode_t mode);
/* do_filp_open - the same for a struct filename relative to dfd (AT_FDCWD: the cwd). */
struct file *do_filp_open(int dfd, struct filename *name, int flags, umode_t mode);
/* do_sys_open - open(2)'s core: an fd or -errno; name is a user pointer. */
long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode);
/* do_truncate - set the size of the file dentry names (O_TRUNC, ftruncate). */
int do_truncate(struct dentry *dentry, loff_t length);
/* vfs_access - the access(2) check on an inode: 0 or -EACCES (root: X needs an x bit). */
int vfs_access(struct inode *inode, int mode);

/* ---- read_write.c ---- */
ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);
/*
 * kernel_read - read up to count bytes into the kernel buffer buf from
 * *pos (advanced): bytes read (0 at the end) or -errno.  exec uses it.
 */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
/* vfs_llseek - lseek on an open file: the new position or -errno. */
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);
/* generic_file_llseek - SEEK_SET/CUR/END against i_size, -EINVAL for a negative result. */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
/*
 * fixed_size_llseek - the same against a size the caller knows (a block
 * device's capacity, Linux's): SEEK_END is relative to size.
 */
loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size);
/*
 * no_seek_end_llseek - SEEK_SET and SEEK_CUR only, -EINVAL for SEEK_END or
 * a negative result: for files with no size to seek from (generated proc
 * text) and directories, whose positions are readdir's cookies (Linux's,
 * and its dcache_dir_lseek / seq_lseek).
 */
loff_t no_seek_end_llseek(struct file *file, loff_t offset, int whence);
/* no_llseek - for pipes and ttys: -ESPIPE. */
loff_t no_llseek(struct file *file, loff_t offset, int whence);

/* ---- stat.c ---- */
/* vfs_getattr - fill *stat for an inode (the kernel's own copy). */
void vfs_getattr(struct inode *inode, struct stat *stat);
/* vfs_fstatat_kernel - stat a kernel path from dfd (flags: AT_SYMLINK_NOFOLLOW); 0 or -errno. */
int vfs_fstatat_kernel(int dfd, const char *name, struct stat *stat, int flags);

/* ---- readdir.c ---- */
/* iterate_dir - the directory's entries from ctx->pos on; 0 or -ENOTDIR. */
int iterate_dir(struct file *file, struct dir_context *ctx);
/* dcache_readdir - ramfs's iterate_shared: ".", "..", then the children in d_subdirs. */
int dcache_readdir(struct file *file, struct dir_context *ctx);

/* ---- ramfs.c ---- */
extern struct super_block rootfs_sb;
/* ramfs_get_inode - a new ramfs inode of mode (and dev for device nodes), or NULL. */
struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev);
/* simple_get_link - ->get_link of a symlink whose target is in i_link (ramfs, proc). */
const char *simple_get_link(struct dentry *dentry);
/* init_rootfs - make the root ramfs: rootfs_sb and its root directory. */
int init_rootfs(void);
/*
 * ramfs_get_page - the data page at index of a ramfs file (or shmem object),
 * allocated zeroed if it is a hole; NULL if out of memory.  The file keeps
 * its reference; a caller that maps the page takes its own (get_page).
 */
struct page *ramfs_get_page(struct inode *inode, unsigned long index);
/* ramfs_nr_pages - data pages a ramfs file holds. */
unsigned long ramfs_nr_pages(struct inode *inode);

/* ---- char_dev.c ---- */
/* register_chrdev - minors [0, 256) of major are served by fops (whose open may look at the minor). */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops);
extern const struct file_operations def_chr_fops;
/* chrdev_init - the memory devices (null, zero) and the tty (tty_init). */
void chrdev_init(void);

/* ---- block_dev.c ---- */
/* def_blk_fops - block device nodes: read/write/lseek go to the block layer (drivers/block/blkdev.h). */
extern const struct file_operations def_blk_fops;

/* ---- pipe.c ---- */
/* create_pipe_files - res[0] the read end, res[1] the write end; flags: O_NONBLOCK. */
int create_pipe_files(struct file **res, int flags);
extern const struct file_operations pipefifo_fops;
void pipe_init(void);

/* ---- initramfs.c ---- */
/*
 * unpack_to_rootfs - unpack a cpio newc archive of len bytes at buf into
 * the root file system.  Returns NULL on success, or a message naming the
 * problem ("junk within archive", "truncated archive", ...): what was
 * unpacked before the problem stays.
 */
const char *unpack_to_rootfs(const char *buf, unsigned long len);
/* populate_rootfs - unpack the multiboot2 module called "initramfs", if any. */
void populate_rootfs(void);

/* ---- init.c ---- */
/*
 * vfs_init - bring the VFS up: caches, the root ramfs (init_fs's root and
 * cwd), the devices, the initramfs, then /dev/{console,tty,null,zero} if
 * the archive did not make them.  Call once, after mm_init and before
 * anything opens a file.
 */
void vfs_init(void);

/* ---- helpers shared by the files of kernel/fs/ ---- */
/* ramfs_evict_inode - free a ramfs file's data pages (inode.c's evict). */
void ramfs_evict_inode(struct inode *inode);
/* free_pipe_info_inode - free a pipe's buffer (inode.c's evict). */
void free_pipe_info_inode(struct inode *inode);
extern struct kmem_cache *filp_cachep;
/* The inode, dentry and file caches (vfs_init, once). */
void inode_init(void);
void dcache_init(void);
void files_init(void);

#endif /* KERNEL_FS_FS_H */
