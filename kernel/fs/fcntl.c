/*
 * kernel/fs/fcntl.c - fcntl(2) (Linux's fs/fcntl.c): duplicating fds and
 * the two kinds of flags.
 *
 *   fd flags    FD_CLOEXEC only: per fd slot, in files->close_on_exec
 *               (F_GETFD/F_SETFD).  dup() clears it; F_DUPFD_CLOEXEC sets it.
 *   file flags  f_flags of the struct file, shared by every fd that
 *               refers to it (F_GETFL/F_SETFL); F_SETFL may change only
 *               O_APPEND, O_NONBLOCK and the cache hints (SETFL_MASK).
 *
 * Record locks (F_GETLK...) and the signal-driven I/O commands are not
 * implemented: -EINVAL, as Linux answers an unknown command.
 */
#include "kernel/fs/fs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"

/* F_DUPFD: the lowest free fd >= from, pointing at file. */
static long f_dupfd(unsigned long from, struct file *file, unsigned int flags)
{
	unsigned long limit = current->rlim[RLIMIT_NOFILE].rlim_cur;
	int fd;

	if (!limit)
		limit = 1024;
	if (from >= limit)
		return -EINVAL;
	fd = alloc_fd(from, flags);
	if (fd >= 0)
		fd_install(fd, get_file(file));
	return fd;
}

static long setfl(struct file *filp, unsigned long arg)
{
	spin_lock(&filp->f_lock);
	filp->f_flags = (arg & SETFL_MASK) | (filp->f_flags & ~SETFL_MASK);
	spin_unlock(&filp->f_lock);
	return 0;
}

/* do_fcntl - one command on an open file; fd is the slot it came from. */
static long do_fcntl(int fd, unsigned int cmd, unsigned long arg, struct file *filp)
{
	switch (cmd) {
	case F_DUPFD:
		return f_dupfd(arg, filp, 0);
	case F_DUPFD_CLOEXEC:
		return f_dupfd(arg, filp, O_CLOEXEC);
	case F_GETFD:
		return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return filp->f_flags;
	case F_SETFL:
		return (filp->f_mode & FMODE_PATH) ? -EBADF : setfl(filp, arg);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return err;
}
