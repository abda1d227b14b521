/*
 * kernel/fs/poll.h - what a file tells poll(2) and select(2) (Linux's
 * include/linux/poll.h and uapi/asm-generic/poll.h).
 *
 * A file's ->poll(file, pt) method (struct file_operations, fs.h) does two
 * things, and must not sleep while doing them:
 *   1. for each wait queue that is woken when its readiness changes, it
 *      calls poll_wait(file, &queue, pt): the poll core (kernel/fs/select.c)
 *      puts the caller on that queue, so that the next wake_up() there ends
 *      its sleep (pt is NULL on the core's later passes: poll_wait then does
 *      nothing);
 *   2. it returns the POLL* bits that are true right now.
 * A file without ->poll is always ready for reading and writing
 * (DEFAULT_POLLMASK), as regular files and directories are in Linux.
 *
 * The waker side is just the file's existing wake_up(&queue) calls: the
 * core re-polls every file after each wake-up, so a spurious wake-up only
 * costs a pass.
 */
#ifndef KERNEL_FS_POLL_H
#define KERNEL_FS_POLL_H

#include "kernel/fs/fs.h"
#include "kernel/wait.h"

/* Event bits, Linux's values (struct pollfd.events/revents). */
#define POLLIN		0x0001		/* data to read */
#define POLLPRI		0x0002		/* urgent data */
#define POLLOUT		0x0004		/* writing will not block */
#define POLLERR		0x0008		/* an error (always reported) */
#define POLLHUP		0x0010		/* hung up: the other end is gone (always reported) */
#define POLLNVAL	0x0020		/* the fd is not open (always reported) */
#define POLLRDNORM	0x0040		/* = POLLIN for Linux's files */
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100		/* = POLLOUT */
#define POLLWRBAND	0x0200

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_table_struct;
/* The core's callback for poll_wait (select.c: __pollwait). */
typedef void (*poll_queue_proc)(struct file *file, struct wait_queue_head *wq,
				struct poll_table_struct *pt);

typedef struct poll_table_struct {
	poll_queue_proc _qproc;		/* queues the caller on wq; NULL: do not queue */
} poll_table;

/* poll_wait - called by ->poll for each queue a readiness change is woken on. */
static inline void poll_wait(struct file *file, struct wait_queue_head *wq, poll_table *pt)
{
	if (pt && pt->_qproc && wq)
		pt->_qproc(file, wq, pt);
}

/*
 * vfs_poll - file's ready events: ->poll(file, pt), or DEFAULT_POLLMASK for
 * a file without one.  pt may be NULL (just look).  Never sleeps.
 */
__poll_t vfs_poll(struct file *file, poll_table *pt);

#endif /* KERNEL_FS_POLL_H */
