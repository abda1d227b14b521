/*
 * kernel/fs/char_dev.c - character device nodes (Linux's fs/char_dev.c)
 * and the memory devices /dev/null, /dev/zero, /dev/full (Linux's
 * drivers/char/mem.c), /dev/random and /dev/urandom (drivers/char/random.c:
 * both read get_random_bytes(), kernel/random.h, and never block; what is
 * written to them is accepted and dropped - Pagoda has no entropy pool to
 * mix it into).
 *
 * A device node is an inode with S_IFCHR and a device number i_rdev
 * (major:minor); it has no data of its own.  Opening one goes through
 * def_chr_fops, whose open (chrdev_open) looks the major up in chrdevs[]
 * (register_chrdev), replaces the file's f_op with the driver's, and
 * calls the driver's own open, which may look at the minor.  From then on
 * read/write/ioctl on the file are the driver's.  A major nobody
 * registered: -ENXIO.
 *
 * Majors registered: 1 (mem: 3 null, 5 zero, 7 full, 8 random, 9 urandom), 4 (ttyS: 64 ttyS0),
 * 5 (0 tty, 1 console); the tty ones by drivers/tty/tty.c.
 */
#include "kernel/fs/fs.h"
#include "drivers/tty/tty.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

#define CHRDEV_MAJOR_MAX	256
#define MEM_MAJOR		1

struct char_device_struct {
	const char *name;			/* for logs (Linux: /proc/devices) */
	const struct file_operations *fops;	/* NULL: free */
};

static struct char_device_struct chrdevs[CHRDEV_MAJOR_MAX];
static DEFINE_SPINLOCK(chrdevs_lock);

/* register_chrdev - see fs.h.  0, -EINVAL for a bad major, -EBUSY if taken. */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	int err = 0;

	if (major == 0 || major >= CHRDEV_MAJOR_MAX)
		return -EINVAL;
	spin_lock(&chrdevs_lock);
	if (chrdevs[major].fops)
		err = -EBUSY;
	else
		chrdevs[major] = (struct char_device_struct){ .name = name, .fops = fops };
	spin_unlock(&chrdevs_lock);
	return err;
}

/* The open of every character device node: hand the file to its driver. */
static int chrdev_open(struct inode *inode, struct file *filp)
{
	unsigned int major = MAJOR(inode->i_rdev);
	const struct file_operations *fops = NULL;

	spin_lock(&chrdevs_lock);
	if (major < CHRDEV_MAJOR_MAX)
		fops = chrdevs[major].fops;
	spin_unlock(&chrdevs_lock);
	if (!fops)
		return -ENXIO;
	filp->f_op = fops;
	return fops->open ? fops->open(inode, filp) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

/* ---- the memory devices ---- */

/* /dev/null and /dev/zero seek to 0 whatever is asked (Linux's null_lseek). */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos = 0;
}

/* /dev/null: end of file at once. */
static ssize_t read_null(struct kiocb *iocb, struct iov_iter *to)
{
	return 0;
}

/* /dev/null and /dev/zero: every byte accepted (and dropped), without reading it. */
static ssize_t write_null(struct kiocb *iocb, struct iov_iter *from)
{
	size_t n = iov_iter_count(from);

	from->count = 0;
	return n;
}

/* /dev/zero and /dev/full: as many zero bytes as asked. */
static ssize_t read_zero(struct kiocb *iocb, struct iov_iter *to)
{
	size_t want = iov_iter_count(to);
	size_t n = iov_iter_zero(want, to);

	return n ? (ssize_t)n : -EFAULT;
}

/* /dev/full: no space left, ever. */
static ssize_t write_full(struct kiocb *iocb, struct iov_iter *from)
{
	return -ENOSPC;
}

/*
 * /dev/random and /dev/urandom: random bytes, a chunk at a time; a pending
 * signal ends a long read with what was copied so far.
 */
static ssize_t read_random(struct kiocb *iocb, struct iov_iter *to)
{
	char chunk[256];
	ssize_t done = 0;

	while (iov_iter_count(to)) {
		size_t n = min(iov_iter_count(to), sizeof(chunk));
		size_t copied;

		get_random_bytes(chunk, n);
		copied = copy_to_iter(chunk, n, to);
		done += copied;
		if (copied < n)
			return done ? done : -EFAULT;
		if (signal_pending_current())	/* a huge read stops early, as Linux's */
			break;
		cond_resched();
	}
	return done;
}

static const struct file_operations random_fops = {
	.llseek = null_lseek, .read_iter = read_random, .write_iter = write_null,
};

static const struct file_operations null_fops = {
	.llseek = null_lseek, .read_iter = read_null, .write_iter = write_null,
};
static const struct file_operations zero_fops = {
	.llseek = null_lseek, .read_iter = read_zero, .write_iter = write_null,
};
static const struct file_operations full_fops = {
	.llseek = null_lseek, .read_iter = read_zero, .write_iter = write_full,
};

/* Major 1: pick the device by minor (Linux's memory_open). */
static int memory_open(struct inode *inode, struct file *filp)
{
	switch (MINOR(inode->i_rdev)) {
	case 3:
		filp->f_op = &null_fops;
		return 0;
	case 5:
		filp->f_op = &zero_fops;
		return 0;
	case 7:
		filp->f_op = &full_fops;
		return 0;
	case 8:
	case 9:
		filp->f_op = &random_fops;
		return 0;
	default:
		return -ENXIO;
	}
}

static const struct file_operations memory_fops = {
	.open = memory_open,
};

/* chrdev_init - see fs.h. */
void chrdev_init(void)
{
	BUG_ON(register_chrdev(MEM_MAJOR, "mem", &memory_fops));
	tty_init();
}
