/*
 * kernel/fs/ioctl.c - ioctl(2) (Linux's fs/ioctl.c).
 *
 * A few commands mean the same on every file and are answered here:
 *	FIOCLEX / FIONCLEX   set / clear FD_CLOEXEC on the fd
 *	FIONBIO              *(int *)arg != 0: set O_NONBLOCK, else clear it
 *	FIOASYNC             accepted and ignored (no SIGIO yet)
 *	FIONREAD             regular files: bytes between f_pos and the end
 * Everything else goes to the file's unlocked_ioctl (the tty, pipes);
 * a file without one answers -ENOTTY, "not a typewriter", as Linux does.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"

#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIOASYNC	0x5452

static long ioctl_fionbio(struct file *filp, int __user *argp)
{
	int on;

	if (get_user(on, argp))
		return -EFAULT;
	spin_lock(&filp->f_lock);
	if (on)
		filp->f_flags |= O_NONBLOCK;
	else
		filp->f_flags &= ~O_NONBLOCK;
	spin_unlock(&filp->f_lock);
	return 0;
}

/* do_vfs_ioctl - the generic commands; -ENOIOCTLCMD means "ask the driver". */
static long do_vfs_ioctl(struct file *filp, unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct inode *inode = filp->f_inode;

	switch (cmd) {
	case FIOCLEX:
		set_close_on_exec(fd, true);
		return 0;
	case FIONCLEX:
		set_close_on_exec(fd, false);
		return 0;
	case FIONBIO:
		return ioctl_fionbio(filp, (int __user *)arg);
	case FIOASYNC:
		return 0;
	case FIONREAD:
		if (!S_ISREG(inode->i_mode))
			return -ENOIOCTLCMD;
		return put_user((int)max(inode->i_size - filp->f_pos, (loff_t)0),
				(int __user *)arg) ? -EFAULT : 0;
	default:
		return -ENOIOCTLCMD;
	}
}

/* vfs_ioctl - the driver's answer, or -ENOTTY if it has no ioctl or does not know cmd. */
static long vfs_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	long err;

	if (!filp->f_op->unlocked_ioctl)
		return -ENOTTY;
	err = filp->f_op->unlocked_ioctl(filp, cmd, arg);
	return err == -ENOIOCTLCMD ? -ENOTTY : err;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = do_vfs_ioctl(f, fd, cmd, arg);
	if (err == -ENOIOCTLCMD)
		err = vfs_ioctl(f, cmd, arg);
	fput(f);
	return err;
}
