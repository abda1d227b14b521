/*
 * user/tests/vm_mprotect.c - mprotect: splitting and merging protections,
 * errnos, copy-on-write kept across it, and the kernel's own accesses to
 * user memory (copy_to_user / copy_from_user) against protections and
 * pages not yet faulted in.
 *
 *  errnos   unaligned address -> EINVAL; unknown prot bits -> EINVAL;
 *           length 0 -> 0; a range with a hole, or nothing mapped ->
 *           ENOMEM; PROT_WRITE on a MAP_SHARED mapping of a read-only fd
 *           -> EACCES.
 *  split    8 RW pages, the middle two made PROT_READ: writes there fault
 *           (SEGV_ACCERR), the neighbours stay writable, all data stays;
 *           back to RW: writable again, data intact; PROT_NONE: reads
 *           fault (SEGV_ACCERR); back: data intact.
 *  COW      a private page shared with a child after fork must stay
 *           read-only in the page table even when mprotect makes its VMA
 *           writable again: the parent's write after mprotect(RW) is a
 *           copy, and the child still sees the old data (both ways).
 *  uaccess  read(2) into untouched anonymous memory works (the kernel
 *           faults the page in), write(2) from untouched memory sends
 *           zeros; read(2) into PROT_READ or PROT_NONE memory and write(2)
 *           from PROT_NONE memory -> EFAULT; read(2) into a page shared
 *           copy-on-write with a child breaks the sharing (the child keeps
 *           its data).
 */
#include <fcntl.h>

#include "vm_util.h"

static void errnos(void)
{
	unsigned char *p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);
	char path[200];
	int fd;

	errno_is(errno_of(sys_mprotect(p + 1, PAGE, PROT_READ)), EINVAL,
		 "mprotect: unaligned address -> EINVAL");
	errno_is(errno_of(sys_mprotect(p, PAGE, 0x10)), EINVAL, "mprotect: unknown prot bits -> EINVAL");
	errno_is(errno_of(sys_mprotect(p, 0, PROT_READ)), 0, "mprotect: length 0 -> 0");
	munmap(p + 2 * PAGE, PAGE);
	errno_is(errno_of(sys_mprotect(p, 4 * PAGE, PROT_READ)), ENOMEM,
		 "mprotect over a hole -> ENOMEM");
	errno_is(errno_of(sys_mprotect(p + 2 * PAGE, PAGE, PROT_READ)), ENOMEM,
		 "mprotect of an unmapped page -> ENOMEM");
	munmap(p, 4 * PAGE);

	const char *dir = make_tmpdir("vm_mprotect");

	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || ftruncate(fd, PAGE) < 0)
		bail("%s: %s", path, strerror(errno));
	close(fd);
	fd = open(path, O_RDONLY);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		skip("MAP_SHARED of a file is not supported here (%s)", strerror(errno));
	} else {
		errno_is(errno_of(sys_mprotect(p, PAGE, PROT_READ | PROT_WRITE)), EACCES,
			 "mprotect: PROT_WRITE on a shared mapping of a read-only fd -> EACCES");
		munmap(p, PAGE);
	}
	close(fd);
	remove_tree(dir);
}

static void split_and_merge(void)
{
	unsigned char *p = map_anon(8 * PAGE, PROT_READ | PROT_WRITE, 0);
	int intact = 1;

	memset(p, 0x5c, 8 * PAGE);
	is(mprotect(p + 3 * PAGE, 2 * PAGE, PROT_READ), 0, "mprotect the middle 2 of 8 pages PROT_READ");
	probe_is(probe(p + 3 * PAGE, 1), PROBE_ACCERR, "a write to the first of them: SEGV_ACCERR");
	probe_is(probe(p + 5 * PAGE - 1, 1), PROBE_ACCERR, "a write to the last byte: SEGV_ACCERR");
	ok(probe(p + 3 * PAGE - 1, 1) == PROBE_OK && probe(p + 5 * PAGE, 1) == PROBE_OK,
	   "the neighbours stay writable");
	for (unsigned long i = 0; i < 8 * PAGE; i += 64)
		intact &= p[i] == 0x5c;
	ok(intact, "every byte still reads as before");
	is(mprotect(p, 8 * PAGE, PROT_READ | PROT_WRITE), 0, "back to PROT_READ | PROT_WRITE");
	p[3 * PAGE] = 1;
	p[5 * PAGE - 1] = 2;
	ok(p[3 * PAGE] == 1 && p[5 * PAGE - 1] == 2 && p[4 * PAGE] == 0x5c,
	   "the middle is writable again, its data intact");
	is(mprotect(p + PAGE, PAGE, PROT_NONE), 0, "mprotect one page PROT_NONE");
	probe_is(probe(p + PAGE, 0), PROBE_ACCERR, "a read of it: SEGV_ACCERR");
	mprotect(p + PAGE, PAGE, PROT_READ);
	ok(p[PAGE] == 0x5c && p[2 * PAGE - 1] == 0x5c, "made readable again, its data is there");
	munmap(p, 8 * PAGE);
}

/* The child of cow_kept: mprotect RW and write its own value, check the old one first. */
static int cow_child(void *arg)
{
	unsigned char *p = arg;

	if (p[0] != 0x62 || p[PAGE] != 0x61)
		return 1;
	if (mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) < 0)
		return 2;
	p[PAGE] = 0x63;
	return 0;
}

static void cow_kept(void)
{
	unsigned char *p = map_anon(2 * PAGE, PROT_READ | PROT_WRITE, 0);
	int go[2], status;

	memset(p, 0x61, 2 * PAGE);
	mprotect(p, 2 * PAGE, PROT_READ);
	if (pipe(go) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(p[0] == 0x61 ? 0 : 4);
	}
	close(go[0]);
	is(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE), 0,
	   "after fork, the parent makes its copy-on-write pages writable again");
	p[0] = 0x62;
	if (write(go[1], "g", 1) != 1)
		bail("write: %s", strerror(errno));
	close(go[1]);
	waitpid(pid, &status, 0);
	ok(p[0] == 0x62 && exited_with(status, 0),
	   "its write after mprotect is still a copy: the child sees the old data (%s)",
	   status_str(status));
	status = run_child(cow_child, p);
	ok(exited_with(status, 0) && p[PAGE] == 0x61,
	   "the same in a child: its write does not reach the parent (%s)", status_str(status));
	munmap(p, 2 * PAGE);
}

static void uaccess(void)
{
	unsigned char *p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);
	int fds[2], zeros = 1, status;
	unsigned char buf[PAGE];

	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	memset(buf, 0x7e, sizeof(buf));
	ok(write(fds[1], buf, PAGE) == (ssize_t)PAGE && read(fds[0], p, PAGE) == (ssize_t)PAGE &&
	   p[0] == 0x7e && p[PAGE - 1] == 0x7e,
	   "read(2) into an untouched page: the kernel faults it in");
	ok(write(fds[1], p + PAGE, PAGE) == (ssize_t)PAGE && read(fds[0], buf, PAGE) == (ssize_t)PAGE,
	   "write(2) from an untouched page");
	for (unsigned long i = 0; i < PAGE; i++)
		zeros &= buf[i] == 0;
	ok(zeros, "it sent zeros");

	mprotect(p + 2 * PAGE, PAGE, PROT_READ);
	mprotect(p + 3 * PAGE, PAGE, PROT_NONE);
	write(fds[1], buf, 16);
	errno_is(errno_of(read(fds[0], p + 2 * PAGE, 16)), EFAULT,
		 "read(2) into PROT_READ memory -> EFAULT");
	errno_is(errno_of(read(fds[0], p + 3 * PAGE, 16)), EFAULT,
		 "read(2) into PROT_NONE memory -> EFAULT");
	errno_is(errno_of(write(fds[1], p + 3 * PAGE, 16)), EFAULT,
		 "write(2) from PROT_NONE memory -> EFAULT");

	/* p[0] is shared copy-on-write with the child while read(2) writes it */
	int go[2];

	if (pipe(go) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(p[0] == 0x7e ? 0 : 4);
	}
	close(go[0]);
	while (read(fds[0], buf, sizeof(buf)) == 16)	/* drain what is left */
		break;
	memset(buf, 0x2b, 16);
	write(fds[1], buf, 16);
	ok(read(fds[0], p, 16) == 16 && p[0] == 0x2b, "read(2) into a page shared copy-on-write");
	if (write(go[1], "g", 1) != 1)
		bail("write: %s", strerror(errno));
	close(go[1]);
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0), "the child kept its data: the kernel's write was a copy (%s)",
	   status_str(status));
	close(fds[0]);
	close(fds[1]);
	munmap(p, 4 * PAGE);
}

int main(void)
{
	plan(27);
	errnos();
	split_and_merge();
	cow_kept();
	uaccess();
	return done_testing();
}
