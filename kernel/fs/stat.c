/*
 * kernel/fs/stat.c - stat, lstat, fstat, newfstatat and readlink (Linux's
 * fs/stat.c).
 *
 * vfs_getattr() fills a struct stat - exactly Linux x86-64's 144-byte
 * layout (fs.h), since musl's stat() hands the syscall its own buffer -
 * from the inode; the syscalls only find the inode and copy the result
 * out with copy_to_user.
 *   stat      follows a final symlink      lstat  does not
 *   fstat     an open fd                   newfstatat  dfd + path + flags:
 *             AT_SYMLINK_NOFOLLOW (lstat), AT_EMPTY_PATH ("" = dfd itself)
 * readlink gives the target of a symlink, not NUL-terminated, truncated
 * to the buffer; a non-symlink is -EINVAL.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/page.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/string.h"

/* vfs_getattr - see fs.h. */
void vfs_getattr(struct inode *inode, struct stat *stat)
{
	BUILD_BUG_ON(sizeof(struct stat) != 144);
	BUILD_BUG_ON(offsetof(struct stat, st_rdev) != 40);
	BUILD_BUG_ON(offsetof(struct stat, st_atim) != 72);

	memset(stat, 0, sizeof(*stat));
	stat->st_dev = new_encode_dev(inode->i_sb->s_dev);
	stat->st_ino = inode->i_ino;
	stat->st_nlink = inode->i_nlink;
	stat->st_mode = inode->i_mode;
	stat->st_uid = inode->i_uid;
	stat->st_gid = inode->i_gid;
	stat->st_rdev = new_encode_dev(inode->i_rdev);
	stat->st_size = inode->i_size;
	stat->st_blksize = PAGE_SIZE;
	stat->st_blocks = S_ISREG(inode->i_mode) ? ramfs_nr_pages(inode) * (PAGE_SIZE / 512) : 0;
	stat->st_atim = inode->i_atime;
	stat->st_mtim = inode->i_mtime;
	stat->st_ctim = inode->i_ctime;
}

/*
 * Fills *stat for what a *at() call names: the file open as dfd itself
 * for AT_EMPTY_PATH with "" (a pipe too), else the result of a lookup.
 */
static int vfs_statx(int dfd, struct filename *name, int flags, struct stat *stat)
{
	unsigned int lookup = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct dentry *d;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name->name && (flags & AT_EMPTY_PATH) && dfd != AT_FDCWD) {
		struct file *f = fget_raw(dfd);

		if (!f)
			return -EBADF;
		vfs_getattr(f->f_inode, stat);
		fput(f);
		return 0;
	}
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = filename_lookup(dfd, name, lookup, &d);
	if (err)
		return err;
	vfs_getattr(d->d_inode, stat);
	dput(d);
	return 0;
}

/* vfs_fstatat_kernel - see fs.h. */
int vfs_fstatat_kernel(int dfd, const char *path, struct stat *stat, int flags)
{
	struct filename *name = getname_kernel(path);
	int err = vfs_statx(dfd, name, flags, stat);

	putname(name);
	return err;
}

static long do_newfstatat(int dfd, const char __user *filename, struct stat __user *statbuf, int flags)
{
	struct filename *name = getname_flags(filename, (flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
	struct stat st;
	int err = vfs_statx(dfd, name, flags, &st);

	putname(name);
	if (err)
		return err;
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct stat __user *, statbuf)
{
	return do_newfstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return do_newfstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	return do_newfstatat(dfd, filename, statbuf, flag);
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct file *f = fget_raw(fd);
	struct stat st;

	if (!f)
		return -EBADF;
	vfs_getattr(f->f_inode, &st);
	fput(f);
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* ---- readlink ---- */

/* The symlink at dfd/name (not followed), referenced; -EINVAL for a non-symlink. */
static int lookup_symlink(int dfd, struct filename *name, struct dentry **res)
{
	int err = filename_lookup(dfd, name, LOOKUP_EMPTY, res);

	if (!err && !S_ISLNK((*res)->d_inode->i_mode)) {
		dput(*res);
		err = -EINVAL;
	}
	return err;
}

/* do_readlinkat_kernel - see fs.h: the length copied (no NUL added). */
int do_readlinkat_kernel(int dfd, const char *path, char *buf, int bufsiz)
{
	struct filename *name = getname_kernel(path);
	struct dentry *d;
	int err = lookup_symlink(dfd, name, &d);
	const char *target;

	putname(name);
	if (err)
		return err;
	target = d->d_inode->i_op->get_link(d);
	err = min((int)strlen(target), bufsiz);
	memcpy(buf, target, err);
	dput(d);
	return err;
}

static long do_readlinkat(int dfd, const char __user *pathname, char __user *buf, int bufsiz)
{
	struct filename *name;
	struct dentry *d;
	const char *target;
	int err, len;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname_flags(pathname, LOOKUP_EMPTY);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name->name && dfd == AT_FDCWD)
		err = -ENOENT;
	else
		err = lookup_symlink(dfd, name, &d);
	putname(name);
	if (err)
		return err;
	target = d->d_inode->i_op->get_link(d);
	len = min((int)strlen(target), bufsiz);
	err = copy_to_user(buf, target, len) ? -EFAULT : len;
	dput(d);
	return err;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf, int, bufsiz)
{
	return do_readlinkat(dfd, pathname, buf, bufsiz);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	return do_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
