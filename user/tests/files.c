/*
 * user/tests/files.c - files and directories through the syscalls.
 *
 * Everything happens in a fresh directory under /tmp (mkdtemp), which
 * exists on the host and on Pagoda's RAM file system, and is removed at the
 * end.  Checks, with Linux's semantics and errnos:
 *  - mkdir/open with O_CREAT, O_EXCL (EEXIST), O_TRUNC, O_APPEND, O_CLOEXEC;
 *    read/write/lseek (SEEK_SET/CUR/END, EINVAL for a negative offset, a
 *    hole reads as zeros), pread64/pwrite64 leave f_pos alone, readv/writev;
 *  - stat/fstat/lstat/newfstatat: type, permission bits after umask, size,
 *    link count; ENOENT, ENOTDIR, EISDIR;
 *  - f_pos shared by dup and across fork; dup2, dup3, F_DUPFD; FD_CLOEXEC
 *    (not inherited by dup; a close-on-exec fd is gone after execve and
 *    the others stay: checked by re-executing this program);
 *  - getcwd/chdir (ERANGE, ENOTDIR, ENOENT), "." and ".." in paths, openat
 *    relative to a directory fd, access/faccessat;
 *  - unlink (an open file stays readable; EISDIR on a directory), rmdir
 *    (ENOTEMPTY, ENOTDIR);
 *  - a symlink: readlink (also truncated, EINVAL on a non-link), lstat vs
 *    stat, a path through it, ELOOP on a loop.  Where symlink(2) is not
 *    implemented (ENOSYS: it is not in the processes issue's list), the
 *    initramfs's /sbin/init -> ../init link is used for the readlink checks.
 *  - /dev/null and /dev/zero.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static char dir[128];		/* the test directory, absolute */

/* "dir/name" in a static buffer (one at a time). */
static const char *in_dir(const char *name)
{
	static char buf[2][256];
	static int which;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", dir, name);
	return buf[which];
}

/* Checks that call failed with the errno wanted. */
#define FAILS(call, err, ...) do {					\
	errno = 0;							\
	long _r = (long)(call);						\
	int _e = errno;							\
	ok(_r == -1 && _e == (err), __VA_ARGS__);			\
	if (!(_r == -1 && _e == (err)))					\
		diag("    returned %ld, errno %d (%s)", _r, _e, strerror(_e)); \
} while (0)

static void create_and_rw(void)
{
	char buf[128];

	is(mkdir(in_dir("sub"), 0755), 0, "mkdir");
	FAILS(mkdir(in_dir("sub"), 0755), EEXIST, "mkdir of an existing name: EEXIST");
	int fd = open(in_dir("f"), O_CREAT | O_EXCL | O_WRONLY, 0666);

	ok(fd >= 0, "open(O_CREAT|O_EXCL) creates a file (fd %d)", fd);
	FAILS(open(in_dir("f"), O_CREAT | O_EXCL | O_WRONLY, 0666), EEXIST,
	      "O_EXCL on an existing file: EEXIST");
	is(write(fd, "hello world\n", 12), 12, "write 12 bytes");
	is(lseek(fd, 0, SEEK_CUR), 12, "f_pos is 12 after the write");
	is(lseek(fd, 6, SEEK_SET), 6, "lseek(6, SEEK_SET)");
	is(write(fd, "WORLD", 5), 5, "overwrite in the middle");
	FAILS(read(fd, buf, 1), EBADF, "read on an O_WRONLY fd: EBADF");
	FAILS(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to a negative offset: EINVAL");
	is(close(fd), 0, "close");
	FAILS(close(fd), EBADF, "close it again: EBADF");

	fd = open(in_dir("f"), O_RDONLY);
	memset(buf, 0, sizeof(buf));
	ok(read(fd, buf, sizeof(buf)) == 12 && !memcmp(buf, "hello WORLD\n", 12),
	   "read back what was written");
	is(read(fd, buf, sizeof(buf)), 0, "read at EOF returns 0");
	is(lseek(fd, -6, SEEK_END), 6, "lseek(-6, SEEK_END)");
	ok(read(fd, buf, 5) == 5 && !memcmp(buf, "WORLD", 5), "read 5 bytes from there");
	FAILS(write(fd, "x", 1), EBADF, "write on an O_RDONLY fd: EBADF");
	close(fd);

	/* A hole: write past the end. */
	fd = open(in_dir("f"), O_RDWR);
	lseek(fd, 100, SEEK_SET);
	write(fd, "!", 1);
	lseek(fd, 12, SEEK_SET);
	memset(buf, 'q', sizeof(buf));
	ssize_t n = read(fd, buf, sizeof(buf));
	int zeros = 1;

	for (int i = 0; i < 88 && n == 89; i++)
		zeros &= buf[i] == 0;
	ok(n == 89 && zeros && buf[88] == '!', "a hole after the old end reads as zeros");
	close(fd);
}

static void stat_checks(void)
{
	struct stat st;
	int fd = open(in_dir("f"), O_RDONLY);
	int r = fstat(fd, &st);

	ok(r == 0 && S_ISREG(st.st_mode) && st.st_size == 101,
	   "fstat: a regular file of 101 bytes (size %lld)", (long long)st.st_size);
	is(st.st_mode & 07777, 0644, "mode 0666 & ~umask 022 gives 0644");
	is(st.st_nlink, 1, "one link");
	close(fd);
	ok(stat(in_dir("sub"), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0755,
	   "stat of a directory: S_ISDIR, 0755");
	FAILS(stat(in_dir("missing"), &st), ENOENT, "stat of a missing name: ENOENT");
	FAILS(stat(in_dir("f/x"), &st), ENOTDIR, "a regular file used as a directory: ENOTDIR");
	FAILS(open(in_dir("f/"), O_RDONLY), ENOTDIR, "a trailing slash on a regular file: ENOTDIR");
	FAILS(open(in_dir("sub"), O_WRONLY), EISDIR, "open a directory for writing: EISDIR");
	FAILS(open(in_dir("missing"), O_RDONLY), ENOENT, "open a missing file: ENOENT");
	ok(syscall(SYS_newfstatat, AT_FDCWD, in_dir("f"), &st, 0) == 0 && st.st_size == 101,
	   "newfstatat(AT_FDCWD, path)");
}

static void flags_checks(void)
{
	struct stat st;
	char buf[16];
	int fd = open(in_dir("f"), O_WRONLY | O_APPEND);

	lseek(fd, 0, SEEK_SET);
	write(fd, "A", 1);
	fstat(fd, &st);
	ok(st.st_size == 102 && lseek(fd, 0, SEEK_CUR) == 102, "O_APPEND writes at the end");
	ok((fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) == (O_WRONLY | O_APPEND),
	   "F_GETFL shows O_WRONLY|O_APPEND");
	close(fd);

	fd = open(in_dir("f"), O_RDWR);
	is(pwrite(fd, "PP", 2, 3), 2, "pwrite64 at offset 3");
	ok(pread(fd, buf, 5, 1) == 5 && !memcmp(buf, "elPP ", 5), "pread64 sees it");
	is(lseek(fd, 0, SEEK_CUR), 0, "pread64/pwrite64 leave f_pos alone");

	struct iovec iov[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };

	is(writev(fd, iov, 3), 5, "writev of 2+0+3 bytes");
	char a[2], b[4];
	struct iovec riov[2] = { { a, 2 }, { b, 4 } };

	lseek(fd, 0, SEEK_SET);
	ok(readv(fd, riov, 2) == 6 && !memcmp(a, "ab", 2) && !memcmp(b, "cde ", 4),
	   "readv scatters into two buffers");
	close(fd);

	fd = open(in_dir("f"), O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	is(st.st_size, 0, "O_TRUNC empties the file");
	write(fd, "0123456789", 10);
	close(fd);
}

static void dup_checks(void)
{
	char c;
	int fd = open(in_dir("f"), O_RDONLY);
	int fd2 = dup(fd);

	ok(fd2 > fd, "dup returns a new fd (%d)", fd2);
	read(fd, &c, 1);
	is(lseek(fd2, 0, SEEK_CUR), 1, "dup'ed fds share f_pos");
	is(dup2(fd, 100), 100, "dup2 onto 100");
	is(dup2(fd, fd), fd, "dup2 onto itself returns the fd");
	FAILS(dup3(fd, fd, 0), EINVAL, "dup3 onto itself: EINVAL");
	is(dup3(fd, 101, O_CLOEXEC), 101, "dup3(O_CLOEXEC) onto 101");
	is(fcntl(101, F_GETFD), FD_CLOEXEC, "... which is close-on-exec");
	is(fcntl(100, F_GETFD), 0, "dup2 does not copy FD_CLOEXEC");
	int fd3 = fcntl(fd, F_DUPFD, 50);

	ok(fd3 >= 50, "F_DUPFD 50 gives the lowest free fd >= 50 (%d)", fd3);
	FAILS(dup2(fd, -1), EBADF, "dup2 to -1: EBADF");
	FAILS(dup(1000), EBADF, "dup of a closed fd: EBADF");

	/* f_pos is shared with a child too. */
	lseek(fd, 0, SEEK_SET);
	pid_t pid = fork();

	if (pid == 0) {
		char b[3];

		_exit(read(fd, b, 3) == 3 ? 0 : 1);
	}
	int status;

	waitpid(pid, &status, 0);
	is(lseek(fd, 0, SEEK_CUR), 3, "a child's read moves the parent's f_pos");

	/* close-on-exec across execve. */
	int keep = open(in_dir("f"), O_RDONLY);
	int gone = open(in_dir("f"), O_RDONLY | O_CLOEXEC);

	ok(keep >= 0 && gone >= 0 && fcntl(gone, F_GETFD) == FD_CLOEXEC,
	   "open(O_CLOEXEC) sets FD_CLOEXEC");
	is(fcntl(keep, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	is(fcntl(keep, F_SETFD, 0), 0, "F_SETFD 0");
	pid = fork();
	if (pid == 0) {
		char k[16], g[16];
		char *argv[] = { (char *)self_path(), "--check-fds", k, g, NULL };
		char *envp[] = { NULL };

		snprintf(k, sizeof(k), "%d", keep);
		snprintf(g, sizeof(g), "%d", gone);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0), "after execve the close-on-exec fd is gone, the other open (%s)",
	   status_str(status));
	close(keep);
	close(gone);
	close(fd3);
	close(100);
	close(101);
	close(fd2);
	close(fd);
}

static void cwd_checks(void)
{
	char buf[256], small[4];
	struct stat st;

	is(chdir(dir), 0, "chdir to the test directory");
	ok(getcwd(buf, sizeof(buf)) && !strcmp(buf, dir), "getcwd gives it back (%s)", buf);
	FAILS(syscall(SYS_getcwd, small, sizeof(small)), ERANGE, "getcwd into 4 bytes: ERANGE");
	ok(stat("f", &st) == 0 && st.st_size == 10, "a relative path resolves from the cwd");
	ok(stat("./sub/../f", &st) == 0 && st.st_size == 10, "'.' and '..' components resolve");
	ok(stat("/..", &st) == 0 && S_ISDIR(st.st_mode), "'/..' is the root");
	is(chdir("sub"), 0, "chdir to a relative path");
	ok(getcwd(buf, sizeof(buf)) && !strcmp(buf, in_dir("sub")), "getcwd follows (%s)", buf);
	is(chdir(".."), 0, "chdir ..");
	FAILS(chdir("f"), ENOTDIR, "chdir to a file: ENOTDIR");
	FAILS(chdir("missing"), ENOENT, "chdir to a missing name: ENOENT");

	int dfd = open("sub", O_RDONLY | O_DIRECTORY);
	int fd = openat(dfd, "g", O_CREAT | O_WRONLY, 0600);

	ok(dfd >= 0 && fd >= 0 && stat("sub/g", &st) == 0 && (st.st_mode & 0777) == 0600,
	   "openat(dirfd, name, O_CREAT) creates in that directory, mode 0600");
	close(fd);
	close(dfd);
	is(access("sub/g", F_OK), 0, "access(F_OK)");
	FAILS(access("sub/nothere", F_OK), ENOENT, "access of a missing name: ENOENT");
	is(faccessat(AT_FDCWD, "sub/g", R_OK, 0), 0, "faccessat(R_OK)");
	chdir("/");
}

static void unlink_checks(void)
{
	char buf[16];
	int fd = open(in_dir("f"), O_RDONLY);

	is(unlink(in_dir("f")), 0, "unlink an open file");
	FAILS(open(in_dir("f"), O_RDONLY), ENOENT, "its name is gone");
	ok(read(fd, buf, 10) == 10 && !memcmp(buf, "0123456789", 10),
	   "the open file is still readable");
	close(fd);
	FAILS(unlink(in_dir("sub")), EISDIR, "unlink a directory: EISDIR");
	FAILS(rmdir(in_dir("sub")), ENOTEMPTY, "rmdir a non-empty directory: ENOTEMPTY");
	is(unlink(in_dir("sub/g")), 0, "unlink the file in it");
	int fd2 = open(in_dir("file2"), O_CREAT | O_WRONLY, 0644);

	close(fd2);
	FAILS(rmdir(in_dir("file2")), ENOTDIR, "rmdir a file: ENOTDIR");
	is(rmdir(in_dir("sub")), 0, "rmdir the empty directory");
	FAILS(rmdir(in_dir("sub")), ENOENT, "rmdir it again: ENOENT");
}

static void symlink_checks(void)
{
	char buf[256];
	struct stat st, lst;
	const char *link, *target;
	int have = symlink("file2", in_dir("ln")) == 0;

	if (have) {
		link = in_dir("ln");
		target = "file2";
	} else {
		diag("symlink(2): %s; using /sbin/init", strerror(errno));
		link = "/sbin/init";
		target = "../init";
	}
	ssize_t n = readlink(link, buf, sizeof(buf));

	ok(n == (ssize_t)strlen(target) && !memcmp(buf, target, (size_t)n),
	   "readlink gives the target (%.*s)", n > 0 ? (int)n : 0, buf);
	is(readlink(link, buf, 3), 3, "readlink into 3 bytes truncates to 3");
	ok(lstat(link, &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == (off_t)strlen(target),
	   "lstat: S_ISLNK, st_size is the target's length");
	ok(stat(link, &st) == 0 && S_ISREG(st.st_mode), "stat follows the link to a file");
	FAILS(readlink(have ? in_dir("file2") : "/init", buf, sizeof(buf)), EINVAL,
	      "readlink of a non-link: EINVAL");
	if (have) {
		symlink(".", in_dir("dot"));
		ok(stat(in_dir("dot/dot/dot/file2"), &st) == 0, "a path through symlinks");
		symlink("loop", in_dir("loop"));
		FAILS(stat(in_dir("loop"), &st), ELOOP, "a symlink to itself: ELOOP");
		ok(syscall(SYS_newfstatat, AT_FDCWD, link, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		   S_ISLNK(st.st_mode), "newfstatat(AT_SYMLINK_NOFOLLOW) sees the link");
	} else {
		skip("no symlink(2): path through symlinks");
		skip("no symlink(2): ELOOP");
		skip("no symlink(2): AT_SYMLINK_NOFOLLOW");
	}
}

static void dev_checks(void)
{
	char buf[64];
	int fd = open("/dev/null", O_RDWR);

	ok(fd >= 0 && write(fd, "abc", 3) == 3 && read(fd, buf, sizeof(buf)) == 0,
	   "/dev/null swallows writes and reads EOF");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	int zeros = read(fd, buf, sizeof(buf)) == sizeof(buf);

	for (unsigned i = 0; i < sizeof(buf); i++)
		zeros &= buf[i] == 0;
	ok(fd >= 0 && zeros, "/dev/zero reads zeros");
	close(fd);
}

/* After execve: fd argv[2] must be open, fd argv[3] closed. */
static int check_fds(char **argv)
{
	int keep = atoi(argv[2]), gone = atoi(argv[3]);

	if (fcntl(keep, F_GETFD) != 0)
		return 1;
	if (fcntl(gone, F_GETFD) != -1 || errno != EBADF)
		return 2;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--check-fds"))
		return check_fds(argv);

	umask(022);
	snprintf(dir, sizeof(dir), "%s", make_tmpdir("files"));
	plan(86);
	create_and_rw();
	stat_checks();
	flags_checks();
	dup_checks();
	cwd_checks();
	unlink_checks();
	symlink_checks();
	dev_checks();
	remove_tree(dir);
	return done_testing();
}
