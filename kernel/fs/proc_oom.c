/*
 * kernel/fs/proc_oom.c - /proc/self/oom_score_adj before there is a /proc
 * (Linux's oom_score_adj_read/oom_score_adj_write of fs/proc/base.c).
 *
 * What it is.  The OOM killer (mm/oom_kill.c) weighs each process by its
 * oom_score_adj, -1000..1000.  User space sets it, as on Linux, by writing
 * a decimal number to /proc/self/oom_score_adj; reading gives "N\n".  The
 * proc file system arrives with issue 7; until then this file is a TEST
 * HOOK with Linux's path and semantics (so the same program runs on both):
 *
 *   /proc/self/oom_score_adj   a character device node (major
 *                              PROC_OOM_MAJOR, from the local/experimental
 *                              range 240-254), made at boot in the
 *                              initramfs's /proc; its read and write act on
 *                              the task that makes the call - which is what
 *                              /proc/self means.  Only "self" exists:
 *                              /proc/PID/ is issue 7's.
 *   write   "-1000".."1000" with optional surrounding white space (a
 *           trailing newline from echo): sets current->oom_score_adj;
 *           anything else, or out of range: -EINVAL (proc(5)).  Returns
 *           the bytes written.  No privilege check (Linux requires
 *           CAP_SYS_RESOURCE to go below the value last set; Pagoda runs
 *           everything as root).
 *   read    "%d\n" of current->oom_score_adj, from the file position.
 *
 * Fork copies oom_score_adj (kernel/fork.c), exec keeps it, as Linux.
 * Issue 7 replaces the device node with the real procfs entry and deletes
 * this file; nothing else depends on it.
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/oom.h"

#define PROC_OOM_MAJOR	240
#define PROC_NUMBUF	13		/* Linux's: "-1000\n" and then some */

/* read: "N\n" from ki_pos on. */
static ssize_t oom_score_adj_read(struct kiocb *iocb, struct iov_iter *to)
{
	char buf[PROC_NUMBUF];
	int len = snprintf(buf, sizeof(buf), "%d\n", current->oom_score_adj);
	size_t n, want = iov_iter_count(to);

	if (iocb->ki_pos >= len)
		return 0;
	n = min((size_t)(len - iocb->ki_pos), want);
	if (copy_to_iter(buf + iocb->ki_pos, n, to) != n)
		return -EFAULT;
	iocb->ki_pos += n;
	return n;
}

/* The number in buf with surrounding white space removed: 0 or -EINVAL. */
static int parse_oom_score_adj(char *buf, int *val)
{
	char *end;

	while (*buf == ' ' || *buf == '\t' || *buf == '\n')
		buf++;
	end = buf + strlen(buf);
	while (end > buf && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = '\0';
	if (kstrtoint(buf, 0, val))
		return -EINVAL;
	if (*val < OOM_SCORE_ADJ_MIN || *val > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	return 0;
}

/* write: set current's oom_score_adj (see the top). */
static ssize_t oom_score_adj_write(struct kiocb *iocb, struct iov_iter *from)
{
	char buf[PROC_NUMBUF];
	size_t count = iov_iter_count(from);
	int val, err;

	memset(buf, 0, sizeof(buf));
	if (count > sizeof(buf) - 1)
		count = sizeof(buf) - 1;
	if (copy_from_iter(buf, count, from) != count)
		return -EFAULT;
	err = parse_oom_score_adj(buf, &val);
	if (err)
		return err;
	current->oom_score_adj = val;
	return iov_iter_count(from) + count;
}

static const struct file_operations proc_oom_score_adj_operations = {
	.read_iter = oom_score_adj_read,
	.write_iter = oom_score_adj_write,
};

/* proc_oom_score_adj_init - see mm/oom.h: register the major, make /proc/self/oom_score_adj. */
void proc_oom_score_adj_init(void)
{
	int err = register_chrdev(PROC_OOM_MAJOR, "proc_oom", &proc_oom_score_adj_operations);

	if (err) {
		pr_err("proc: cannot register oom_score_adj (%d)\n", err);
		return;
	}
	err = do_mkdirat(AT_FDCWD, getname_kernel("/proc"), 0555);
	if (err && err != -EEXIST)
		goto fail;
	err = do_mkdirat(AT_FDCWD, getname_kernel("/proc/self"), 0555);
	if (err && err != -EEXIST)
		goto fail;
	err = do_mknodat(AT_FDCWD, getname_kernel("/proc/self/oom_score_adj"), S_IFCHR | 0644,
			 MKDEV(PROC_OOM_MAJOR, 0));
	if (err && err != -EEXIST)
		goto fail;
	return;
fail:
	pr_err("proc: cannot make /proc/self/oom_score_adj (%d)\n", err);
}
