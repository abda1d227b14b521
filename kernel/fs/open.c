/*
 * kernel/fs/open.c - open, creat, truncate, access, chdir (Linux's
 * fs/open.c, with the O_CREAT path of fs/namei.c's do_last/open_last_lookups).
 *
 * Opening is three steps:
 *   1. find the dentry: a plain lookup (filename_lookup), or for O_CREAT a
 *      parent walk, then either the existing name (-EEXIST with O_EXCL) or
 *      a new regular file made with mode & ~umask;
 *   2. check the result against the flags: O_DIRECTORY wants a directory
 *      (-ENOTDIR), a directory cannot be opened for writing (-EISDIR),
 *      O_NOFOLLOW refuses a final symlink (-ELOOP) unless O_PATH;
 *   3. make the struct file (f_op = the inode's i_fop; a device's ->open
 *      swaps in its driver's operations) and, with O_TRUNC on a regular
 *      file opened for writing, cut it to 0 bytes.
 * open(2) then reserves the lowest free fd first (so a full table fails
 * before any work is done) and installs the file in it last.
 *
 * Pagoda runs everything as root (uid 0): permission bits are not
 * enforced, except that X_OK needs an x bit on a non-directory, as for
 * Linux's root.
 *
 * chmod, fchmod and fchmodat set the permission bits (S_IALLUGO) of the
 * inode (busybox's chmod, and ls -l shows them) and stamp its ctime.
 */
#include "kernel/fs/fs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"

/* Operations of an O_PATH file: nothing but close, fstat, fchdir and *at(). */
static const struct file_operations empty_fops = { 0 };

/* do_truncate - see fs.h. */
int do_truncate(struct dentry *dentry, loff_t length)
{
	struct inode *inode = dentry->d_inode;
	struct iattr attr = { .ia_valid = ATTR_SIZE, .ia_size = length };

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (!inode->i_op || !inode->i_op->setattr)
		return -EPERM;
	return inode->i_op->setattr(dentry, &attr);
}

/* vfs_access - see fs.h. */
int vfs_access(struct inode *inode, int mode)
{
	if ((mode & X_OK) && !S_ISDIR(inode->i_mode) && !(inode->i_mode & S_IXUGO))
		return -EACCES;
	return 0;
}

/* Step 3: the struct file for dentry, its ->open run, O_TRUNC done. */
static struct file *vfs_open(struct dentry *dentry, int flags)
{
	struct inode *inode = dentry->d_inode;
	const struct file_operations *fop = (flags & O_PATH) ? &empty_fops : inode->i_fop;
	struct file *f;
	int err;

	if (!fop)
		return ERR_PTR(-ENXIO);		/* a block device or socket: no driver */
	f = alloc_file(dentry, inode, flags, fop);
	if (IS_ERR(f) || (flags & O_PATH))
		return f;
	if (fop->open) {
		err = fop->open(inode, f);
		if (err) {
			f->f_op = NULL;		/* ->open failed: no ->release */
			fput(f);
			return ERR_PTR(err);
		}
	}
	if ((flags & O_TRUNC) && (f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode)) {
		err = do_truncate(dentry, 0);
		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/*
 * Step 1 for O_CREAT: the existing file, or a new one.  The final symlink
 * of an existing name is followed (unless O_NOFOLLOW) by a full lookup; a
 * symlink whose target does not exist is not created through (-ENOENT),
 * which is simpler than Linux.
 */
static int open_create(int dfd, struct filename *name, int flags, umode_t mode,
		       struct dentry **res)
{
	struct dentry *dir, *d;
	int err;

	d = filename_create(dfd, name, &dir, 0);
	if (!IS_ERR(d)) {
		err = vfs_create(dir->d_inode, d, (mode & S_IALLUGO & ~current_umask()) | S_IFREG);
		if (!err)
			*res = dget(d);
		done_path_create(dir, d);
		return err;
	}
	err = PTR_ERR(d);
	if (err != -EEXIST)
		return err == -ENOENT && name->name[strlen(name->name) - 1] == '/' ? -EISDIR : err;
	if (flags & O_EXCL)
		return -EEXIST;
	err = filename_lookup(dfd, name, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, res);
	if (!err && S_ISDIR((*res)->d_inode->i_mode)) {
		dput(*res);
		return -EISDIR;
	}
	return err;
}

/* do_filp_open - see fs.h. */
struct file *do_filp_open(int dfd, struct filename *name, int flags, umode_t mode)
{
	unsigned int lookup = 0;
	struct dentry *d;
	struct inode *inode;
	struct file *f;
	int err;

	if (IS_ERR(name))
		return ERR_CAST(name);
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (!(flags & O_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	if (flags & O_CREAT)
		err = open_create(dfd, name, flags, mode, &d);
	else
		err = filename_lookup(dfd, name, lookup, &d);
	if (err)
		return ERR_PTR(err);
	inode = d->d_inode;
	err = 0;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		err = -ENOTDIR;
	else if (S_ISLNK(inode->i_mode) && !(flags & O_PATH))
		err = -ELOOP;
	else if (S_ISDIR(inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
		err = -EISDIR;
	else if ((flags & O_ACCMODE) == 3 && !(flags & O_PATH))
		err = -EINVAL;
	f = err ? ERR_PTR(err) : vfs_open(d, flags);
	dput(d);
	return f;
}

/* filp_open - see fs.h. */
struct file *filp_open(const char *path, int flags, umode_t mode)
{
	struct filename *name = getname_kernel(path);
	struct file *f;

	if (IS_ERR(name))
		return ERR_CAST(name);
	if (!*name->name)
		f = ERR_PTR(-ENOENT);
	else
		f = do_filp_open(AT_FDCWD, name, flags, mode);
	putname(name);
	return f;
}

/* do_sys_open - see fs.h. */
long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode)
{
	struct filename *name = getname(filename);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_filp_open(dfd, name, flags, mode);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	putname(name);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags | O_LARGEFILE, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(dfd, filename, flags | O_LARGEFILE, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, pathname, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC | O_LARGEFILE, mode);
}

/* ---- truncate ---- */

SYSCALL_DEFINE2(truncate, const char __user *, path, long, length)
{
	struct filename *name = getname(path);
	struct dentry *d;
	int err = filename_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &d);

	putname(name);
	if (err)
		return err;
	err = do_truncate(d, length);
	dput(d);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, long, length)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_WRITE) || !f->f_dentry || !S_ISREG(f->f_inode->i_mode))
		err = -EINVAL;
	else
		err = do_truncate(f->f_dentry, length);
	fput(f);
	return err;
}

/* ---- access ---- */

/* do_faccessat - access(2)'s core: mode F_OK or R/W/X_OK bits; flags AT_*. */
static long do_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct filename *name;
	struct dentry *d;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup &= ~LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	name = getname_flags(filename, lookup);
	err = filename_lookup(dfd, name, lookup, &d);
	putname(name);
	if (err)
		return err;
	err = vfs_access(d->d_inode, mode);
	dput(d);
	return err;
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename, int, mode, int, flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

/* ---- chdir, fchdir, chroot ---- */

/*
 * Looks up a user path that must be a directory and hands it to set (the
 * cwd or the root of the current task's fs_struct).  0 or -errno.
 */
static int set_fs_dir(const char __user *filename,
		      void (*set)(struct fs_struct *fs, struct dentry *d))
{
	struct filename *name = getname(filename);
	struct dentry *d;
	int err = filename_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d);

	putname(name);
	if (err)
		return err;
	if (current->fs)
		set(current->fs, d);
	dput(d);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	return set_fs_dir(filename, set_fs_pwd);
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct file *f = fget_raw(fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (!f->f_dentry || !S_ISDIR(f->f_inode->i_mode))
		err = -ENOTDIR;
	else if (current->fs)
		set_fs_pwd(current->fs, f->f_dentry);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(chroot, const char __user *, filename)
{
	return set_fs_dir(filename, set_fs_root);
}

/* ---- chmod ---- */

/* The new permission bits of inode (its type kept), ctime now. */
static int chmod_common(struct inode *inode, umode_t mode)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	inode->i_ctime = current_time();
	return 0;
}

/* fchmodat(2): the file dfd/filename names (a final symlink is followed). */
static long do_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	struct filename *name = getname(filename);
	struct dentry *d;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = filename_lookup(dfd, name, LOOKUP_FOLLOW, &d);
	putname(name);
	if (err)
		return err;
	err = chmod_common(d->d_inode, mode);
	dput(d);
	return err;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, umode_t, mode)
{
	return do_fchmodat(dfd, filename, mode);
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	return do_fchmodat(AT_FDCWD, filename, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = chmod_common(f->f_inode, mode);
	fput(f);
	return err;
}
