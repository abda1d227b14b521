/*
 * kernel/fs/pipe_test.c - ktest suite "pipe": the ring buffer, EOF,
 * EPIPE + SIGPIPE, O_NONBLOCK, PIPE_BUF atomicity and a reader that sleeps
 * until a writer (a kernel thread) comes, through create_pipe_files and
 * kernel_read/kernel_write.
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define PIPE_SIZE	(16 * 4096)

static ssize_t pread_k(struct file *f, void *buf, size_t n)
{
	return kernel_read(f, buf, n, NULL);
}

static ssize_t pwrite_k(struct file *f, const void *buf, size_t n)
{
	return kernel_write(f, buf, n, NULL);
}

static void write_then_read_in_order(struct ktest *t)
{
	struct kt_counts before, after;
	struct file *p[2];
	char buf[16];

	kt_get_counts(&before);
	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	KTEST_EXPECT_TRUE(t, (p[0]->f_mode & (FMODE_READ | FMODE_WRITE)) == FMODE_READ);
	KTEST_EXPECT_TRUE(t, (p[1]->f_mode & (FMODE_READ | FMODE_WRITE)) == FMODE_WRITE);
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], "hello", 5), 5);
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], " world", 6), 6);
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, 3), 3);
	KTEST_EXPECT_EQ(t, memcmp(buf, "hel", 3), 0);
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, sizeof(buf)), 8);	/* what is there, no more */
	KTEST_EXPECT_EQ(t, memcmp(buf, "lo world", 8), 0);
	KTEST_EXPECT_EQ(t, pread_k(p[1], buf, 1), -EBADF);		/* the write end */
	KTEST_EXPECT_EQ(t, pwrite_k(p[0], "x", 1), -EBADF);
	KTEST_EXPECT_EQ(t, vfs_llseek(p[0], 0, SEEK_SET), -ESPIPE);
	KTEST_EXPECT_TRUE(t, S_ISFIFO(p[0]->f_inode->i_mode));
	fput(p[0]);
	fput(p[1]);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.inodes, before.inodes);
	KTEST_EXPECT_EQ(t, after.files, before.files);
}

static void read_gives_eof_once_writers_are_gone(struct ktest *t)
{
	struct file *p[2];
	char buf[8];

	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], "ab", 2), 2);
	fput(p[1]);
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, sizeof(buf)), 2);	/* the data first */
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, sizeof(buf)), 0);	/* then EOF, without blocking */
	fput(p[0]);
}

/*
 * SIGPIPE goes to the writer; a kernel thread (the test runner) ignores
 * signals, so there the test can only see -EPIPE (user/tests checks the
 * signal from a user process).
 */
static void write_without_readers_is_epipe_and_sigpipe(struct ktest *t)
{
	bool user_task = current->sighand && !(current->flags & PF_KTHREAD);
	struct file *p[2];

	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	fput(p[0]);
	if (user_task)
		flush_signals(current);
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], "x", 1), -EPIPE);
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], "", 0), 0);		/* nothing to write: no EPIPE */
	if (user_task) {
		KTEST_EXPECT_TRUE(t, sigismember(&current->pending.signal, SIGPIPE));
		flush_signals(current);		/* the test runner must not see it */
	} else {
		ktest_info(t, "SIGPIPE not observable: the runner is a kernel thread");
	}
	fput(p[1]);
}

static void nonblocking_ends_say_eagain(struct ktest *t)
{
	char *buf = kmalloc(PIPE_SIZE + 4096, GFP_KERNEL);
	struct file *p[2];

	KTEST_ASSERT_NOT_NULL(t, buf);
	memset(buf, 'z', PIPE_SIZE + 4096);
	KTEST_ASSERT_EQ(t, create_pipe_files(p, O_NONBLOCK), 0);
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, 1), -EAGAIN);	/* empty, writers left */
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], buf, PIPE_SIZE + 4096), PIPE_SIZE);	/* fills up */
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], buf, 1), -EAGAIN);	/* full */
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, 100), 100);
	/* 100 bytes free: an atomic write (<= PIPE_BUF) must not be split ... */
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], buf, 200), -EAGAIN);
	/* ... a bigger one takes what fits. */
	KTEST_EXPECT_EQ(t, pwrite_k(p[1], buf, PIPE_BUF + 1), 100);
	fput(p[0]);
	fput(p[1]);
	kfree(buf);
}

static void ring_wraps_around_without_corruption(struct ktest *t)
{
	unsigned char *out = kmalloc(3001, GFP_KERNEL), *in = kmalloc(3001, GFP_KERNEL);
	struct file *p[2];
	bool same = true;

	KTEST_ASSERT_TRUE(t, out && in);
	KTEST_ASSERT_EQ(t, create_pipe_files(p, O_NONBLOCK), 0);
	for (int round = 0; round < 100 && same; round++) {	/* ~300 KB through 64 KiB */
		for (int i = 0; i < 3001; i++)
			out[i] = (unsigned char)(round * 7 + i);
		KTEST_EXPECT_EQ(t, pwrite_k(p[1], out, 3001), 3001);
		KTEST_EXPECT_EQ(t, pread_k(p[0], in, 3001), 3001);
		same = !memcmp(in, out, 3001);
	}
	KTEST_EXPECT_TRUE(t, same);
	fput(p[0]);
	fput(p[1]);
	kfree(out);
	kfree(in);
}

struct writer_arg {
	struct file *wr;
	int written;
};

static int late_writer(void *data)
{
	struct writer_arg *arg = data;

	msleep(20);			/* the reader is asleep on the empty pipe by now */
	arg->written = pwrite_k(arg->wr, "wake", 4);
	/*
	 * [sched] Stay until kthread_stop(): a kthread that ends on its own is
	 * reaped at once, and kthread_stop() on it would use a freed task
	 * (kernel/kthread.h, as in Linux).
	 */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void blocked_reader_wakes_when_a_writer_writes(struct ktest *t)
{
	struct writer_arg arg = { .written = 0 };
	struct task_struct *k;
	struct file *p[2];
	char buf[8];

	KTEST_ASSERT_EQ(t, create_pipe_files(p, 0), 0);
	arg.wr = p[1];
	k = kthread_run(late_writer, &arg, "pipe_writer");
	if (IS_ERR(k)) {
		fput(p[0]);
		fput(p[1]);
		ktest_skip(t, "no kernel threads");
	}
	KTEST_EXPECT_EQ(t, pread_k(p[0], buf, sizeof(buf)), 4);	/* sleeps until then */
	KTEST_EXPECT_EQ(t, memcmp(buf, "wake", 4), 0);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 0);
	KTEST_EXPECT_EQ(t, arg.written, 4);
	fput(p[0]);
	fput(p[1]);
}

static struct ktest_case pipe_cases[] = {
	KTEST_CASE(write_then_read_in_order),
	KTEST_CASE(read_gives_eof_once_writers_are_gone),
	KTEST_CASE(write_without_readers_is_epipe_and_sigpipe),
	KTEST_CASE(nonblocking_ends_say_eagain),
	KTEST_CASE(ring_wraps_around_without_corruption),
	KTEST_CASE(blocked_reader_wakes_when_a_writer_writes),
	{}
};
KTEST_SUITE(pipe, pipe_cases);
