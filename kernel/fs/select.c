/*
 * kernel/fs/select.c - waiting for one of several files: poll(2), ppoll(2),
 * select(2) and pselect6(2) (Linux's fs/select.c).
 *
 * One core, do_poll(), serves all four: select's three fd_sets are turned
 * into an array of struct pollfd (events POLLIN_SET/POLLOUT_SET/POLLEX_SET
 * for the sets an fd is in) and back.  The core makes passes over the
 * array, asking each file's ->poll (vfs_poll, kernel/fs/poll.h) what is
 * ready:
 *
 *   pass 1   with a poll table: each ->poll calls poll_wait() on the wait
 *            queues it would wake, and __pollwait() puts one
 *            struct poll_table_entry per queue (the task, a reference to the
 *            file) on it.  Entries live in the table itself
 *            (N_INLINE_POLL_ENTRIES) and then in kmalloc'd pages.
 *   then     until something is ready, a signal is pending or the deadline
 *            passes: set TASK_INTERRUPTIBLE, look again without a table
 *            (this pass allocates nothing and does not sleep), and
 *            schedule_timeout() if still nothing.  Any wake_up() on a queue
 *            we are on makes us runnable again, even one that came between
 *            the look and the sleep (the state was set before the look), so
 *            no wake-up is lost.
 *   end      every entry leaves its queue and drops its file reference
 *            (poll_freewait).
 *
 * Timeouts: an absolute deadline in local_clock() nanoseconds, slept out in
 * jiffies rounded up, so a wait is never shorter than asked.  select,
 * pselect6 and ppoll write the time left back, as Linux does.  A signal
 * ends the wait with -ERESTARTNOHAND: -EINTR after a handler, a restart if
 * the signal had none (poll(2) then starts its timeout again: Linux keeps
 * the time left in a restart block, Pagoda has none).
 *
 * ppoll and pselect6 install their signal mask for the wait
 * (set_user_sigmask, kernel/signal.h) and restore it unless interrupted.
 *
 * Invariant: a poll table entry holds its file and is on its queue from
 * __pollwait to poll_freewait, so a wake_up never meets a freed entry.
 */
#include "arch/x86_64/page.h"
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/time_types.h"
#include "mm/slab.h"

#define NSEC_PER_MSEC		1000000ULL
#define NSEC_PER_JIFFY		(NSEC_PER_SEC / HZ)
#define POLL_NO_DEADLINE	(~0ULL)		/* wait for ever */

/* select's classes of events (Linux's) */
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)

#define N_INLINE_POLL_ENTRIES	8
#define FD_SETSIZE		1024		/* glibc's fd_set: 1024 bits */

/* struct pollfd, Linux's layout */
struct pollfd {
	int fd;				/* negative: ignored (revents 0) */
	short events;			/* asked for */
	short revents;			/* happened (plus POLLERR/HUP/NVAL always, for poll) */
};

/* One queue the poller waits on. */
struct poll_table_entry {
	struct file *filp;		/* the file whose ->poll asked (a reference) */
	struct wait_queue_head *wq;	/* the queue */
	struct wait_queue_entry wait;	/* current, on wq */
};

/* A page of entries past the inline ones. */
struct poll_table_page {
	struct poll_table_page *next;	/* the next page, older */
	unsigned int nr;		/* entries used */
	struct poll_table_entry entries[];
};
#define POLL_PAGE_ENTRIES \
	((PAGE_SIZE - sizeof(struct poll_table_page)) / sizeof(struct poll_table_entry))

/* The poll table of one poll/select call (Linux's struct poll_wqueues). */
struct poll_wqueues {
	poll_table pt;			/* what ->poll sees; _qproc = __pollwait */
	struct poll_table_page *table;	/* the pages, newest first */
	int error;			/* -ENOMEM if an entry could not be had */
	unsigned int inline_index;	/* inline entries used */
	struct poll_table_entry inline_entries[N_INLINE_POLL_ENTRIES];
};

/* vfs_poll - see poll.h. */
__poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op || !file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* A free entry of the table: inline first, then from a page; NULL and error set if none. */
static struct poll_table_entry *poll_get_entry(struct poll_wqueues *p)
{
	struct poll_table_page *page = p->table;

	if (p->inline_index < N_INLINE_POLL_ENTRIES)
		return &p->inline_entries[p->inline_index++];
	if (!page || page->nr == POLL_PAGE_ENTRIES) {
		page = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!page) {
			p->error = -ENOMEM;
			return NULL;
		}
		page->nr = 0;
		page->next = p->table;
		p->table = page;
	}
	return &page->entries[page->nr++];
}

/* The poll table's _qproc: put current on wq for as long as the call lasts. */
static void __pollwait(struct file *filp, struct wait_queue_head *wq, poll_table *pt)
{
	struct poll_wqueues *p = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *entry = poll_get_entry(p);

	if (!entry)
		return;
	entry->filp = get_file(filp);
	entry->wq = wq;
	entry->wait.task = current;
	INIT_LIST_HEAD(&entry->wait.entry);
	add_wait_queue(wq, &entry->wait);
}

static void poll_initwait(struct poll_wqueues *p)
{
	p->pt._qproc = __pollwait;
	p->table = NULL;
	p->error = 0;
	p->inline_index = 0;
}

static void free_poll_entry(struct poll_table_entry *entry)
{
	remove_wait_queue(entry->wq, &entry->wait);
	fput(entry->filp);
}

/* Every entry off its queue, every file reference dropped, the pages freed. */
static void poll_freewait(struct poll_wqueues *p)
{
	struct poll_table_page *page = p->table;

	for (unsigned int i = 0; i < p->inline_index; i++)
		free_poll_entry(&p->inline_entries[i]);
	while (page) {
		struct poll_table_page *next = page->next;

		for (unsigned int i = 0; i < page->nr; i++)
			free_poll_entry(&page->entries[i]);
		kfree(page);
		page = next;
	}
}

/*
 * One fd's revents.  poll reports POLLERR/POLLHUP whether asked or not,
 * and POLLNVAL for an fd that is not open; select asks exactly (its
 * callers turn POLLNVAL into -EBADF).
 */
static short do_pollfd(struct pollfd *pfd, poll_table *pt, bool select_mode)
{
	struct file *f;
	__poll_t mask, filter;

	if (pfd->fd < 0)
		return 0;
	f = fget(pfd->fd);
	if (!f)
		return POLLNVAL;
	mask = vfs_poll(f, pt);
	fput(f);
	filter = (unsigned short)pfd->events;
	if (!select_mode)
		filter |= POLLERR | POLLHUP;
	return (short)(mask & filter);
}

/* One pass over the array: sets every revents, returns how many are non-zero. */
static int poll_pass(struct pollfd *fds, unsigned int nfds, poll_table *pt, bool select_mode)
{
	int count = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		fds[i].revents = do_pollfd(&fds[i], pt, select_mode);
		if (fds[i].revents)
			count++;
	}
	return count;
}

/* Jiffies from now to deadline, rounded up; 0 if it has passed. */
static long poll_jiffies_left(u64 deadline)
{
	u64 now = local_clock();

	if (deadline == POLL_NO_DEADLINE)
		return MAX_SCHEDULE_TIMEOUT;
	if (now >= deadline)
		return 0;
	return (long)((deadline - now + NSEC_PER_JIFFY - 1) / NSEC_PER_JIFFY);
}

/*
 * do_poll - the core (see the top): fills every revents and returns the
 * number of ready entries, 0 at the deadline, -ERESTARTNOHAND if a signal
 * came first, -ENOMEM if nothing was ready and waiting needed memory.
 */
static int do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline, bool select_mode)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	int count;

	poll_initwait(&table);
	if (deadline != POLL_NO_DEADLINE && deadline <= local_clock())
		pt = NULL;			/* a timeout of 0: just look */
	for (;;) {
		long left;

		count = poll_pass(fds, nfds, pt, select_mode);
		pt = NULL;
		if (count || table.error || signal_pending_current())
			break;
		left = poll_jiffies_left(deadline);
		if (!left)
			break;
		set_current_state(TASK_INTERRUPTIBLE);
		count = poll_pass(fds, nfds, NULL, select_mode);
		if (count || signal_pending_current()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule_timeout(left);
	}
	poll_freewait(&table);
	if (count)
		return count;
	if (table.error)
		return table.error;
	return signal_pending_current() ? -ERESTARTNOHAND : 0;
}

/* A deadline timeout_ns from now (saturating). */
static u64 deadline_after(u64 timeout_ns)
{
	u64 now = local_clock();

	return timeout_ns >= POLL_NO_DEADLINE - now ? POLL_NO_DEADLINE : now + timeout_ns;
}

/* The time left until deadline, 0 if passed. */
static u64 time_left(u64 deadline)
{
	u64 now = local_clock();

	return deadline > now ? deadline - now : 0;
}

/* A user timespec as a deadline: 0, -EFAULT, -EINVAL (negative or nsec out of range). */
static int timespec_deadline(const struct __kernel_timespec __user *uts, u64 *deadline)
{
	struct __kernel_timespec ts;

	*deadline = POLL_NO_DEADLINE;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	if ((u64)ts.tv_sec >= POLL_NO_DEADLINE / NSEC_PER_SEC)
		return 0;			/* practically for ever */
	*deadline = deadline_after(timespec_to_ns(&ts));
	return 0;
}

/* Writes the time left into *uts (ppoll, pselect6); a fault there is ignored, as in Linux. */
static void put_time_left_ts(struct __kernel_timespec __user *uts, u64 deadline)
{
	struct __kernel_timespec ts;

	if (!uts || deadline == POLL_NO_DEADLINE)
		return;
	ts = ns_to_timespec(time_left(deadline));
	(void)copy_to_user(uts, &ts, sizeof(ts));
}

/* ---- poll, ppoll ---- */

/* poll's fd count limit: RLIMIT_NOFILE, as Linux's. */
static bool too_many_fds(unsigned long nfds)
{
	return nfds > current->rlim[RLIMIT_NOFILE].rlim_cur;
}

/*
 * The body of poll and ppoll: copy the array in, do_poll, copy revents
 * back.  Returns the ready count, 0, or -errno.
 */
static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds, u64 deadline)
{
	struct pollfd *fds = NULL;
	long ret;

	if (too_many_fds(nfds))
		return -EINVAL;
	if (nfds) {
		fds = kmalloc(nfds * sizeof(*fds), GFP_KERNEL);
		if (!fds)
			return -ENOMEM;
		if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
			ret = -EFAULT;
			goto out_free;
		}
	}
	ret = do_poll(fds, nfds, deadline, false);
	if (ret >= 0 && nfds && copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		ret = -EFAULT;
out_free:
	kfree(fds);
	return ret;
}

/* poll(2): timeout in milliseconds, negative: for ever. */
SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int, timeout_msecs)
{
	u64 deadline = POLL_NO_DEADLINE;

	if (timeout_msecs >= 0)
		deadline = deadline_after((u64)timeout_msecs * NSEC_PER_MSEC);
	return do_sys_poll(ufds, nfds, deadline);
}

/* ppoll(2): a timespec (NULL: for ever) and a signal mask for the wait (NULL: keep). */
SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct __kernel_timespec __user *, tsp, const sigset_t __user *, sigmask,
		size_t, sigsetsize)
{
	u64 deadline;
	long ret;

	ret = timespec_deadline(tsp, &deadline);
	if (ret)
		return ret;
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, deadline);
	restore_saved_sigmask_unless(ret == -ERESTARTNOHAND);
	put_time_left_ts(tsp, deadline);
	return ret;
}

/* ---- select, pselect6 ---- */

/* The three fd_sets of a select call, in the kernel (bits: one unsigned long per 64 fds). */
struct fd_sets {
	unsigned long in[FD_SETSIZE / 64], out[FD_SETSIZE / 64], ex[FD_SETSIZE / 64];
};

static bool fd_isset(const unsigned long *set, int fd)
{
	return set[fd / 64] & (1UL << (fd % 64));
}

/* Copies the first n bits of a user fd_set in (NULL: empty). */
static int get_fd_set(unsigned long *set, const void __user *uset, int n)
{
	memset(set, 0, FD_SETSIZE / 8);
	if (!uset)
		return 0;
	return copy_from_user(set, uset, (size_t)(n + 63) / 64 * 8) ? -EFAULT : 0;
}

/* Copies the first n bits back (if the user gave that set). */
static int put_fd_set(void __user *uset, const unsigned long *set, int n)
{
	if (!uset)
		return 0;
	return copy_to_user(uset, set, (size_t)(n + 63) / 64 * 8) ? -EFAULT : 0;
}

/* The pollfd array for the fds that are in some set; returns how many, or -EBADF. */
static int sets_to_pollfds(const struct fd_sets *s, int n, struct pollfd *fds)
{
	int nfds = 0;

	for (int fd = 0; fd < n; fd++) {
		short events = 0;

		if (fd_isset(s->in, fd))
			events |= POLLIN_SET;
		if (fd_isset(s->out, fd))
			events |= POLLOUT_SET;
		if (fd_isset(s->ex, fd))
			events |= POLLEX_SET;
		if (!events)
			continue;
		fds[nfds++] = (struct pollfd){ .fd = fd, .events = events };
	}
	return nfds;
}

/* The result sets from revents; returns the number of bits set (select's result). */
static int pollfds_to_sets(const struct pollfd *fds, int nfds, struct fd_sets *s)
{
	int count = 0;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < nfds; i++) {
		int fd = fds[i].fd;
		unsigned long bit = 1UL << (fd % 64);

		if (fds[i].revents & POLLIN_SET & fds[i].events) {
			s->in[fd / 64] |= bit;
			count++;
		}
		if (fds[i].revents & POLLOUT_SET & fds[i].events) {
			s->out[fd / 64] |= bit;
			count++;
		}
		if (fds[i].revents & POLLEX_SET & fds[i].events) {
			s->ex[fd / 64] |= bit;
			count++;
		}
	}
	return count;
}

/* Any fd of the array not open?  (select fails with -EBADF then, before waiting.) */
static bool any_bad_fd(const struct pollfd *fds, int nfds)
{
	for (int i = 0; i < nfds; i++) {
		struct file *f = fget(fds[i].fd);

		if (!f)
			return true;
		fput(f);
	}
	return false;
}

/*
 * core_sys_select - select on n fds, the user's three sets read and (on
 * success) rewritten.  Returns the number of bits set, 0 at the deadline,
 * -EBADF, -EINVAL, -EFAULT, -ENOMEM, -ERESTARTNOHAND.
 */
static long core_sys_select(int n, void __user *inp, void __user *outp, void __user *exp,
			    u64 deadline)
{
	struct fd_sets *s;
	struct pollfd *fds;
	long ret;
	int nfds;

	if (n < 0)
		return -EINVAL;
	if (n > FD_SETSIZE)
		n = FD_SETSIZE;		/* Linux: up to the fd table's size */
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	fds = kmalloc(FD_SETSIZE * sizeof(*fds), GFP_KERNEL);
	ret = -ENOMEM;
	if (!s || !fds)
		goto out_free;
	ret = -EFAULT;
	if (get_fd_set(s->in, inp, n) || get_fd_set(s->out, outp, n) || get_fd_set(s->ex, exp, n))
		goto out_free;
	nfds = sets_to_pollfds(s, n, fds);
	ret = -EBADF;
	if (any_bad_fd(fds, nfds))
		goto out_free;
	ret = do_poll(fds, nfds, deadline, true);
	if (ret < 0)
		goto out_free;
	ret = pollfds_to_sets(fds, nfds, s);
	if (put_fd_set(inp, s->in, n) || put_fd_set(outp, s->out, n) || put_fd_set(exp, s->ex, n))
		ret = -EFAULT;
out_free:
	kfree(fds);
	kfree(s);
	return ret;
}

/* select(2): a timeval (NULL: for ever), rewritten with the time left. */
SYSCALL_DEFINE5(select, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
		struct __kernel_old_timeval __user *, tvp)
{
	struct __kernel_old_timeval tv;
	u64 deadline = POLL_NO_DEADLINE;
	long ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		/* Linux folds excess microseconds into seconds. */
		if ((u64)tv.tv_sec + (u64)tv.tv_usec / 1000000 < POLL_NO_DEADLINE / NSEC_PER_SEC)
			deadline = deadline_after(((u64)tv.tv_sec + (u64)tv.tv_usec / 1000000) *
						  NSEC_PER_SEC +
						  (u64)tv.tv_usec % 1000000 * NSEC_PER_USEC);
	}
	ret = core_sys_select(n, inp, outp, exp, deadline);
	if (tvp && deadline != POLL_NO_DEADLINE) {
		u64 left = time_left(deadline);

		tv.tv_sec = (long)(left / NSEC_PER_SEC);
		tv.tv_usec = (long)(left % NSEC_PER_SEC / NSEC_PER_USEC);
		(void)copy_to_user(tvp, &tv, sizeof(tv));
	}
	return ret;
}

/* pselect6's sixth argument: the mask and its size, together (x86-64 has six argument registers). */
struct sigset_argpack {
	const sigset_t __user *p;
	size_t size;
};

/* pselect6(2): a timespec, and a signal mask for the wait. */
SYSCALL_DEFINE6(pselect6, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
		struct __kernel_timespec __user *, tsp, void __user *, sig)
{
	struct sigset_argpack pack = { NULL, 0 };
	u64 deadline;
	long ret;

	ret = timespec_deadline(tsp, &deadline);
	if (ret)
		return ret;
	if (sig && copy_from_user(&pack, sig, sizeof(pack)))
		return -EFAULT;
	ret = set_user_sigmask(pack.p, pack.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, inp, outp, exp, deadline);
	restore_saved_sigmask_unless(ret == -ERESTARTNOHAND);
	put_time_left_ts(tsp, deadline);
	return ret;
}
