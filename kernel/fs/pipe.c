/*
 * kernel/fs/pipe.c - pipes and FIFOs (Linux's fs/pipe.c).
 *
 * A pipe is an inode on the internal "pipefs" with a ring buffer
 * (struct pipe_inode_info) and two open files on it: the read end and the
 * write end.  pipe2() puts them in two fds; a FIFO (mknod S_IFIFO) is the
 * same buffer reached by open()ing a name.
 *
 * The buffer is 16 pages, 64 KiB as in Linux, allocated on first use (a
 * pipe that only ever carries a few bytes costs one page).  Bytes are
 * numbered by two free-running counters: head (next byte to write) and
 * tail (next byte to read); head - tail bytes are waiting, byte i lives in
 * page (i / 4096) % 16 at offset i % 4096.
 *
 * Blocking, with two wait queues:
 *   read   empty and writers left: sleep on rd_wait (O_NONBLOCK: -EAGAIN);
 *          empty and no writers: 0, end of file.  Returns what is there,
 *          never waits for more once it has something.
 *   write  no readers: SIGPIPE to the writer and -EPIPE.  A write of at
 *          most PIPE_BUF (4096) bytes is atomic: it waits until all of it
 *          fits, so it is never interleaved with another writer's bytes.
 *          A bigger one writes what fits and sleeps on wr_wait for room.
 *          O_NONBLOCK: -EAGAIN rather than sleep (after a partial write,
 *          the count so far).
 *   A signal while sleeping ends the call: the bytes moved so far, or
 *   -ERESTARTSYS if none (the signal code makes that -EINTR, or restarts
 *   the call for an SA_RESTART handler, as Linux).
 *   Each side wakes the other's queue after moving bytes, and release()
 *   wakes both (a reader must see EOF, a writer EPIPE).
 *
 * Locking: pipe->lock guards head, tail, readers, writers and the page
 * slots; the copies to and from user memory run without it (a copy may
 * fault).  Two readers of one pipe therefore rely on Pagoda's
 * non-preemptive kernel on one CPU not to interleave (Linux holds the
 * sleeping pipe->mutex across the copy; Pagoda will when it has mutexes).
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fs/poll.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/slab.h"
#if __has_include("kernel/signal.h")
#include "kernel/signal.h"
#define HAVE_SEND_SIG 1
#endif

#define PIPE_DEF_BUFFERS	16
#define PIPE_SIZE		(PIPE_DEF_BUFFERS * PAGE_SIZE)
#define FIONREAD		0x541B

struct pipe_inode_info {
	spinlock_t lock;		/* everything below */
	struct wait_queue_head rd_wait;	/* readers waiting for bytes (or EOF) */
	struct wait_queue_head wr_wait;	/* writers waiting for room (or EPIPE) */
	unsigned int head;		/* free-running count of bytes written */
	unsigned int tail;		/* free-running count of bytes read */
	unsigned int readers;		/* open files that can read */
	unsigned int writers;		/* open files that can write */
	unsigned int r_counter;		/* FIFO opens for reading so far (open waits on it) */
	unsigned int w_counter;		/* FIFO opens for writing so far */
	struct page *bufs[PIPE_DEF_BUFFERS];	/* the ring's pages, NULL until used */
};

static struct super_block pipefs_sb = {
	.s_type = "pipefs",
	.s_dev = MKDEV(0, 12),
	.s_next_ino = 1,
	.s_lock = __SPIN_LOCK_UNLOCKED,
};

/* pipe_init - nothing to set up beyond the static pipefs_sb (kept for symmetry with Linux). */
void pipe_init(void)
{
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	spin_lock_init(&pipe->lock);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	return pipe;
}

/* free_pipe_info_inode - see fs.h. */
void free_pipe_info_inode(struct inode *inode)
{
	struct pipe_inode_info *pipe = inode->i_pipe;

	for (int i = 0; i < PIPE_DEF_BUFFERS; i++)
		if (pipe->bufs[i])
			__free_page(pipe->bufs[i]);
	kfree(pipe);
	inode->i_pipe = NULL;
}

static unsigned int pipe_occupancy(struct pipe_inode_info *pipe)
{
	return READ_ONCE(pipe->head) - READ_ONCE(pipe->tail);
}

/* The address of byte i in the ring (its page must exist). */
static char *pipe_byte(struct pipe_inode_info *pipe, unsigned int i)
{
	return (char *)page_address(pipe->bufs[(i / PAGE_SIZE) % PIPE_DEF_BUFFERS]) + i % PAGE_SIZE;
}

static bool pipe_readable(struct pipe_inode_info *pipe)
{
	return pipe_occupancy(pipe) || !READ_ONCE(pipe->writers);
}

/* Copies out what is there, one page-contiguous run at a time. */
static ssize_t pipe_copy_out(struct pipe_inode_info *pipe, struct iov_iter *to)
{
	ssize_t done = 0;

	while (iov_iter_count(to) && pipe_occupancy(pipe)) {
		unsigned int tail = pipe->tail;
		size_t n = min((size_t)(PAGE_SIZE - tail % PAGE_SIZE), (size_t)pipe_occupancy(pipe));
		size_t copied;

		n = min(n, iov_iter_count(to));
		copied = copy_to_iter(pipe_byte(pipe, tail), n, to);
		spin_lock(&pipe->lock);
		pipe->tail += copied;
		spin_unlock(&pipe->lock);
		done += copied;
		if (copied < n)
			return done ? done : -EFAULT;
	}
	return done;
}

static ssize_t pipe_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct pipe_inode_info *pipe = iocb->ki_filp->private_data;
	ssize_t ret;

	while (!pipe_occupancy(pipe)) {
		if (!READ_ONCE(pipe->writers))
			return 0;			/* end of file */
		if (iocb->ki_flags & IOCB_NOWAIT)
			return -EAGAIN;
		if (wait_event_interruptible(pipe->rd_wait, pipe_readable(pipe)))
			return -ERESTARTSYS;
	}
	ret = pipe_copy_out(pipe, to);
	wake_up(&pipe->wr_wait);
	return ret;
}

/* Room for n more bytes, allocating the pages they need: 0 or -ENOMEM. */
static int pipe_prepare_room(struct pipe_inode_info *pipe, unsigned int n)
{
	for (unsigned int i = pipe->head; i != pipe->head + n; ) {
		unsigned int slot = (i / PAGE_SIZE) % PIPE_DEF_BUFFERS;
		unsigned int step = PAGE_SIZE - i % PAGE_SIZE;

		if (!pipe->bufs[slot]) {
			struct page *page = alloc_page(GFP_KERNEL);

			if (!page)
				return -ENOMEM;
			pipe->bufs[slot] = page;
		}
		i += min(step, pipe->head + n - i);
	}
	return 0;
}

/* Copies up to the free room in, one page-contiguous run at a time. */
static ssize_t pipe_copy_in(struct pipe_inode_info *pipe, struct iov_iter *from)
{
	ssize_t done = 0;

	while (iov_iter_count(from) && pipe_occupancy(pipe) < PIPE_SIZE) {
		unsigned int head = pipe->head;
		size_t n = min((size_t)(PAGE_SIZE - head % PAGE_SIZE),
			       (size_t)(PIPE_SIZE - pipe_occupancy(pipe)));
		size_t copied;

		n = min(n, iov_iter_count(from));
		if (pipe_prepare_room(pipe, n))
			return done ? done : -ENOMEM;
		copied = copy_from_iter(pipe_byte(pipe, head), n, from);
		spin_lock(&pipe->lock);
		pipe->head += copied;
		spin_unlock(&pipe->lock);
		done += copied;
		if (copied < n)
			return done ? done : -EFAULT;
	}
	return done;
}

/* SIGPIPE to the writer (kernel/signal.c); the write itself fails with -EPIPE. */
static void pipe_send_sigpipe(void)
{
#ifdef HAVE_SEND_SIG
	send_sig(SIGPIPE, current, 0);
#else
	/* TODO(entry): kernel/signal.h not there yet: no SIGPIPE, only -EPIPE. */
#endif
}

static bool pipe_writable(struct pipe_inode_info *pipe, size_t want)
{
	return PIPE_SIZE - pipe_occupancy(pipe) >= want || !READ_ONCE(pipe->readers);
}

static ssize_t pipe_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct pipe_inode_info *pipe = iocb->ki_filp->private_data;
	size_t total = iov_iter_count(from);
	ssize_t done = 0;

	for (;;) {
		/* An atomic write (<= PIPE_BUF) needs all its room at once. */
		size_t want = total <= PIPE_BUF ? total : 1;
		ssize_t n;

		if (!READ_ONCE(pipe->readers)) {
			pipe_send_sigpipe();
			return done ? done : -EPIPE;
		}
		if (pipe_writable(pipe, want)) {
			n = pipe_copy_in(pipe, from);
			if (n < 0)
				return done ? done : n;
			done += n;
			wake_up(&pipe->rd_wait);
			if (!iov_iter_count(from))
				return done;
		}
		if (iocb->ki_flags & IOCB_NOWAIT)
			return done ? done : -EAGAIN;
		if (wait_event_interruptible(pipe->wr_wait, pipe_writable(pipe, want)))
			return done ? done : -ERESTARTSYS;
	}
}

/*
 * poll/select on one end (kernel/fs/poll.h): the read end is readable when
 * bytes wait and hung up (POLLHUP) when no writer is left; the write end is
 * writable when PIPE_BUF bytes fit, and POLLERR when no reader is left.
 * rd_wait and wr_wait are already woken on each of those changes.
 */
static __poll_t pipe_poll(struct file *filp, poll_table *pt)
{
	struct pipe_inode_info *pipe = filp->private_data;
	unsigned int occupancy = pipe_occupancy(pipe);
	__poll_t mask = 0;

	if (filp->f_mode & FMODE_READ) {
		poll_wait(filp, &pipe->rd_wait, pt);
		if (occupancy)
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= POLLHUP;
	}
	if (filp->f_mode & FMODE_WRITE) {
		poll_wait(filp, &pipe->wr_wait, pt);
		if (PIPE_SIZE - occupancy >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = filp->private_data;

	if (cmd != FIONREAD)
		return -ENOIOCTLCMD;
	return put_user((int)pipe_occupancy(pipe), (int __user *)arg) ? -EFAULT : 0;
}

/* The last reference to one end: fewer readers or writers; wake the other side. */
static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = inode->i_pipe;

	spin_lock(&pipe->lock);
	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	spin_unlock(&pipe->lock);
	wake_up(&pipe->rd_wait);
	wake_up(&pipe->wr_wait);
	return 0;
}

/*
 * fifo_open - open(2) of a FIFO.  As in Linux: a reader waits for a writer
 * and a writer for a reader (unless O_NONBLOCK: a reader goes on, a
 * writer fails with -ENXIO); O_RDWR never waits.
 */
static int fifo_open(struct inode *inode, struct file *filp)
{
	struct pipe_inode_info *pipe = inode->i_pipe;
	bool nonblock = filp->f_flags & O_NONBLOCK;
	unsigned int cur;

	if (!pipe) {
		pipe = alloc_pipe_info();
		if (!pipe)
			return -ENOMEM;
		inode->i_pipe = pipe;
	}
	filp->private_data = pipe;
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	switch (filp->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->readers++;
		cur = pipe->w_counter;
		pipe->r_counter++;
		wake_up(&pipe->wr_wait);
		if (!pipe->writers && !nonblock &&
		    wait_event_interruptible(pipe->rd_wait, pipe->w_counter != cur))
			goto err_rd;
		return 0;
	case FMODE_WRITE:
		if (nonblock && !pipe->readers)
			return -ENXIO;
		pipe->writers++;
		cur = pipe->r_counter;
		pipe->w_counter++;
		wake_up(&pipe->rd_wait);
		if (!pipe->readers &&
		    wait_event_interruptible(pipe->wr_wait, pipe->r_counter != cur))
			goto err_wr;
		return 0;
	default:
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		wake_up(&pipe->rd_wait);
		wake_up(&pipe->wr_wait);
		return 0;
	}
err_rd:
	pipe->readers--;
	return -ERESTARTSYS;
err_wr:
	pipe->writers--;
	wake_up(&pipe->rd_wait);
	return -ERESTARTSYS;
}

/* pipefifo_fops - both ends of a pipe and every FIFO (fs.h). */
const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.llseek = no_llseek,
	.read_iter = pipe_read,
	.write_iter = pipe_write,
	.unlocked_ioctl = pipe_ioctl,
	.release = pipe_release,
	.poll = pipe_poll,
};

/* Makes one end on inode: access mode from flags, no position. */
static struct file *pipe_end(struct inode *inode, int flags)
{
	struct file *f = alloc_file(NULL, inode, flags, &pipefifo_fops);

	if (IS_ERR(f))
		return f;
	f->private_data = inode->i_pipe;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return f;
}

/* create_pipe_files - see fs.h.  Returns 0 or -ENOMEM/-ENFILE. */
int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = new_inode(&pipefs_sb);
	struct pipe_inode_info *pipe = alloc_pipe_info();

	if (!inode || !pipe) {
		kfree(pipe);
		if (inode)
			iput(inode);
		return -ENOMEM;
	}
	inode->i_mode = S_IFIFO | 0600;
	inode->i_fop = &pipefifo_fops;
	inode->i_pipe = pipe;
	pipe->readers = pipe->writers = 1;
	pipe->r_counter = pipe->w_counter = 1;
	res[0] = pipe_end(inode, O_RDONLY | (flags & O_NONBLOCK));
	res[1] = IS_ERR(res[0]) ? res[0] : pipe_end(inode, O_WRONLY | (flags & O_NONBLOCK));
	if (IS_ERR(res[1])) {
		int err = PTR_ERR(res[1]);

		if (!IS_ERR(res[0])) {
			res[0]->f_op = NULL;	/* no release: counts were set by hand */
			fput(res[0]);
		}
		iput(inode);
		return err;
	}
	iput(inode);			/* the two files hold it now */
	return 0;
}

/* do_pipe2 - pipe2(2): two fds copied to fildes[0] (read) and fildes[1] (write). */
static int do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd_flags(flags);
	err = fd[1] < 0 ? fd[1] : 0;
	if (!err && copy_to_user(fildes, fd, sizeof(fd)))
		err = -EFAULT;
	if (err) {
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		if (fd[1] >= 0 && fd[0] >= 0)
			put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return err;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}
