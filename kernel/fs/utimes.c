/*
 * kernel/fs/utimes.c - utimensat(2): setting a file's access and
 * modification times (Linux's fs/utimes.c; busybox's touch uses it, glibc's
 * utimes/futimens too).
 *
 *	utimensat(dfd, path, times, flags)
 *	    times NULL              both become now
 *	    times[i].tv_nsec        UTIME_NOW: now; UTIME_OMIT: left alone;
 *	                            else 0..999999999 (-EINVAL otherwise)
 *	    path NULL               the file open as dfd itself (futimens)
 *	    AT_SYMLINK_NOFOLLOW     a final symlink itself
 *
 * ctime becomes now whenever something changed.  "Now" is current_time()
 * (kernel/fs/inode.c), the clock every Pagoda inode is stamped with.
 */
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/syscalls.h"
#include "kernel/time_types.h"

#define UTIME_NOW	((1L << 30) - 1L)
#define UTIME_OMIT	((1L << 30) - 2L)

static bool nsec_valid(long long nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW || (nsec >= 0 && nsec < (long long)NSEC_PER_SEC);
}

/* One time from the user's: now, or as given; false for UTIME_OMIT. */
static bool new_time(const struct __kernel_timespec *t, struct timespec64 now,
		     struct timespec64 *out)
{
	if (t->tv_nsec == UTIME_OMIT)
		return false;
	if (t->tv_nsec == UTIME_NOW)
		*out = now;
	else
		*out = (struct timespec64){ .tv_sec = t->tv_sec, .tv_nsec = t->tv_nsec };
	return true;
}

/* Applies times (NULL: now, now) to inode. */
static void utimes_common(struct inode *inode, const struct __kernel_timespec *times)
{
	static const struct __kernel_timespec now_now = { 0, UTIME_NOW };
	struct timespec64 now = current_time();
	bool changed = false;

	changed |= new_time(times ? &times[0] : &now_now, now, &inode->i_atime);
	changed |= new_time(times ? &times[1] : &now_now, now, &inode->i_mtime);
	if (changed)
		inode->i_ctime = now;
}

/* The path case: look the file up, then set its times. */
static long do_utimes_path(int dfd, const char __user *filename,
			   const struct __kernel_timespec *times, int flags)
{
	unsigned int lookup = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct filename *name = getname_flags(filename, (flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
	struct dentry *d;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = filename_lookup(dfd, name, lookup, &d);
	putname(name);
	if (err)
		return err;
	utimes_common(d->d_inode, times);
	dput(d);
	return 0;
}

/* utimensat(2): see the top.  0, -EINVAL, -EFAULT, -EBADF, -ENOENT... */
SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		struct __kernel_timespec __user *, utimes, int, flags)
{
	struct __kernel_timespec t[2];
	struct file *f;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(t, utimes, sizeof(t)))
			return -EFAULT;
		if (!nsec_valid(t[0].tv_nsec) || !nsec_valid(t[1].tv_nsec))
			return -EINVAL;
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	if (filename)
		return do_utimes_path(dfd, filename, utimes ? t : NULL, flags);
	if (flags & AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	f = fget_raw(dfd);
	if (!f)
		return -EBADF;
	utimes_common(f->f_inode, utimes ? t : NULL);
	fput(f);
	return 0;
}
