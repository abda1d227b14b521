/*
 * kernel/fs/select_test.c - ktest suite "poll": the ->poll contract that
 * poll(2)/select(2) (kernel/fs/select.c) rely on, checked on pipes and a
 * device without a poll method, through vfs_poll and a counting poll table.
 *
 *   - a pipe's read end is ready only with bytes in the ring or no writer
 *     left (POLLHUP); its write end is writable while PIPE_BUF bytes fit,
 *     and POLLERR once no reader is left;
 *   - ->poll queues the caller on the one wait queue its end is woken on
 *     (poll_wait is called once, with a non-NULL queue), and only when
 *     given a table;
 *   - a file without ->poll (/dev/null) is always readable and writable;
 *   - no inode or file is left behind.
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/fs/poll.h"
#include "kernel/ktest.h"

/* A poll table that counts poll_wait calls and remembers the last queue. */
struct counting_table {
	poll_table pt;
	int calls;
	struct wait_queue_head *last;
};

static void count_pollwait(struct file *file, struct wait_queue_head *wq, poll_table *pt)
{
	struct counting_table *c = container_of(pt, struct counting_table, pt);

	c->calls++;
	c->last = wq;
}

static void pipe_ends_report_readiness(struct ktest *t)
{
	struct kt_counts before, after;
	struct file *p[2];

	kt_get_counts(&before);
	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	KTEST_EXPECT_EQ(t, vfs_poll(p[0], NULL), 0);
	KTEST_EXPECT_EQ(t, vfs_poll(p[1], NULL), POLLOUT | POLLWRNORM);
	KTEST_EXPECT_EQ(t, kernel_write(p[1], "x", 1, NULL), 1);
	KTEST_EXPECT_EQ(t, vfs_poll(p[0], NULL), POLLIN | POLLRDNORM);
	fput(p[1]);
	KTEST_EXPECT_EQ(t, vfs_poll(p[0], NULL), POLLIN | POLLRDNORM | POLLHUP);
	fput(p[0]);

	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	fput(p[0]);
	KTEST_EXPECT_EQ(t, vfs_poll(p[1], NULL), POLLOUT | POLLWRNORM | POLLERR);
	fput(p[1]);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.inodes, before.inodes);
	KTEST_EXPECT_EQ(t, after.files, before.files);
}

static void full_pipe_is_not_writable(struct ktest *t)
{
	static char page[4096];
	struct file *p[2];
	int writes = 0;

	KTEST_ASSERT_EQ(t, create_pipe_files(p, O_NONBLOCK), 0);
	while (kernel_write(p[1], page, sizeof(page), NULL) == sizeof(page) && writes < 64)
		writes++;
	KTEST_EXPECT_TRUE(t, writes > 0 && writes < 64);
	KTEST_EXPECT_EQ(t, vfs_poll(p[1], NULL) & POLLOUT, 0);
	KTEST_EXPECT_EQ(t, kernel_read(p[0], page, sizeof(page), NULL), (ssize_t)sizeof(page));
	KTEST_EXPECT_EQ(t, vfs_poll(p[1], NULL), POLLOUT | POLLWRNORM);
	fput(p[0]);
	fput(p[1]);
}

static void poll_waits_on_the_end_s_queue(struct ktest *t)
{
	struct counting_table rd = { .pt = { ._qproc = count_pollwait } };
	struct counting_table wr = { .pt = { ._qproc = count_pollwait } };
	struct file *p[2];

	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	vfs_poll(p[0], &rd.pt);
	vfs_poll(p[1], &wr.pt);
	KTEST_EXPECT_EQ(t, rd.calls, 1);
	KTEST_EXPECT_EQ(t, wr.calls, 1);
	KTEST_EXPECT_TRUE(t, rd.last && wr.last && rd.last != wr.last);
	rd.pt._qproc = NULL;		/* a table that does not queue: poll_wait skips it */
	vfs_poll(p[0], &rd.pt);
	KTEST_EXPECT_EQ(t, rd.calls, 1);
	fput(p[0]);
	fput(p[1]);
}

static void file_without_poll_is_always_ready(struct ktest *t)
{
	struct file *f = filp_open("/dev/null", O_RDWR, 0);

	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, vfs_poll(f, NULL), DEFAULT_POLLMASK);
	fput(f);
}

static struct ktest_case poll_cases[] = {
	KTEST_CASE(pipe_ends_report_readiness),
	KTEST_CASE(full_pipe_is_not_writable),
	KTEST_CASE(poll_waits_on_the_end_s_queue),
	KTEST_CASE(file_without_poll_is_always_ready),
	{}
};
KTEST_SUITE(poll, poll_cases);
