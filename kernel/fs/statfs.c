/*
 * kernel/fs/statfs.c - statfs(2) and fstatfs(2): what a file system says
 * about itself (Linux's fs/statfs.c; busybox's df and stat -f use them).
 *
 * Pagoda's file systems are all in memory and have no size of their own:
 * like Linux's ramfs (simple_statfs), they report their magic number, a
 * block size of PAGE_SIZE, the longest name (NAME_MAX) and zero blocks and
 * inodes - which is why df, like Linux's for rootfs and proc, lists none
 * of them unless asked with -a.  The magic comes from the super block's
 * type name (struct super_block has no s_magic field):
 *
 *	rootfs    RAMFS_MAGIC      0x858458f6
 *	tmpfs     TMPFS_MAGIC      0x01021994
 *	proc      PROC_SUPER_MAGIC 0x9fa0
 *	pipefs    PIPEFS_MAGIC     0x50495045
 *
 * f_flags is ST_VALID (Linux's sign that the field is filled in); no mount
 * flags exist yet.
 */
#include "arch/x86_64/page.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

#define RAMFS_MAGIC		0x858458f6
#define TMPFS_MAGIC		0x01021994
#define PROC_SUPER_MAGIC	0x9fa0
#define PIPEFS_MAGIC		0x50495045
#define ST_VALID		0x0020
#define STATFS_NAME_MAX		255

/* struct statfs, Linux's x86-64 layout (120 bytes). */
struct statfs {
	long f_type;			/* the magic number */
	long f_bsize;			/* the block size */
	unsigned long f_blocks;		/* size in blocks */
	unsigned long f_bfree;		/* free blocks */
	unsigned long f_bavail;		/* free blocks for non-root */
	unsigned long f_files;		/* inodes */
	unsigned long f_ffree;		/* free inodes */
	int f_fsid[2];			/* file system id */
	long f_namelen;			/* the longest name */
	long f_frsize;			/* the fragment size */
	long f_flags;			/* ST_* */
	long f_spare[4];
};

static const struct {
	const char *type;
	long magic;
} fs_magics[] = {
	{ "rootfs", RAMFS_MAGIC },
	{ "ramfs", RAMFS_MAGIC },
	{ "tmpfs", TMPFS_MAGIC },
	{ "proc", PROC_SUPER_MAGIC },
	{ "pipefs", PIPEFS_MAGIC },
};

/* Fills *buf for the file system sb (see the top). */
static void simple_statfs(const struct super_block *sb, struct statfs *buf)
{
	memset(buf, 0, sizeof(*buf));
	for (unsigned int i = 0; i < sizeof(fs_magics) / sizeof(fs_magics[0]); i++)
		if (sb->s_type && !strcmp(sb->s_type, fs_magics[i].type))
			buf->f_type = fs_magics[i].magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = STATFS_NAME_MAX;
	buf->f_flags = ST_VALID;
}

static long put_statfs(const struct super_block *sb, struct statfs __user *ubuf)
{
	struct statfs st;

	simple_statfs(sb, &st);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* statfs(2): the file system that pathname (followed if a symlink) is on. */
SYSCALL_DEFINE2(statfs, const char __user *, pathname, struct statfs __user *, buf)
{
	struct filename *name = getname_flags(pathname, 0);
	struct dentry *d;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = filename_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &d);
	putname(name);
	if (err)
		return err;
	err = put_statfs(d->d_inode->i_sb, buf);
	dput(d);
	return err;
}

/* fstatfs(2): the file system of an open file. */
SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs __user *, buf)
{
	struct file *f = fget_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = put_statfs(f->f_inode->i_sb, buf);
	fput(f);
	return err;
}
