/*
 * user/tests/efault.c - a bad pointer gives EFAULT, on every syscall that
 * takes one.
 *
 * Every syscall of the processes issue that takes a user pointer is called
 * through syscall(2) (no libc wrapper checks anything first) with each of
 * these in place of one pointer, the others being valid:
 *
 *	low       (void *)1: the never-mapped page 0
 *	kernel    0xffff800000000000: the kernel half (access_ok fails)
 *	unmapped  a page that was mmap'ed and then munmap'ed
 *	rodata    a read-only page of this program (for pointers the kernel
 *	          writes through only: copy_to_user must fault)
 *
 * and must fail with EFAULT (Linux's answer in every one of these cases;
 * this program passes natively).  A kernel that oopses instead fails the
 * boot; one that returns anything else fails the check.  execve runs in a
 * child (in case it wrongly succeeds); wait4 gets a fresh zombie each time.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define ARCH_GET_FS 0x1003

static const char ro_page[8192] __attribute__((aligned(4096))) = { 1 };

static int pipe_r, pipe_w;		/* a pipe with data to read */
static int file_fd;			/* a regular file, read/write, with data */
static int dir_fd;			/* a directory */
static char dir_path[128], file_path[192], link_path[192];
static int tty;				/* fd 0 is a terminal (on Pagoda: the console) */

static char good_buf[4096];
static struct iovec good_iov = { good_buf, 1 };

static long sc(long nr, long a, long b, long c, long d)
{
	return syscall(nr, a, b, c, d);
}
#define P(x) ((long)(x))

/* Each case: one syscall with p in place of one of its pointers. */
static long c_read(void *p)       { return sc(SYS_read, pipe_r, P(p), 1, 0); }
static long c_write(void *p)      { return sc(SYS_write, pipe_w, P(p), 1, 0); }
static long c_pread(void *p)      { return sc(SYS_pread64, file_fd, P(p), 4, 0); }
static long c_pwrite(void *p)     { return sc(SYS_pwrite64, file_fd, P(p), 4, 0); }
static long c_readv_iov(void *p)  { return sc(SYS_readv, pipe_r, P(p), 1, 0); }
static long c_writev_iov(void *p) { return sc(SYS_writev, pipe_w, P(p), 1, 0); }
static long c_readv_base(void *p)
{
	struct iovec iov = { p, 1 };

	return sc(SYS_readv, pipe_r, P(&iov), 1, 0);
}
static long c_writev_base(void *p)
{
	struct iovec iov = { p, 1 };

	return sc(SYS_writev, pipe_w, P(&iov), 1, 0);
}
static long c_open(void *p)       { return sc(SYS_open, P(p), O_RDONLY, 0, 0); }
static long c_openat(void *p)     { return sc(SYS_openat, AT_FDCWD, P(p), O_RDONLY, 0); }
static long c_stat_path(void *p)  { return sc(SYS_stat, P(p), P(good_buf), 0, 0); }
static long c_stat_buf(void *p)   { return sc(SYS_stat, P(file_path), P(p), 0, 0); }
static long c_lstat_path(void *p) { return sc(SYS_lstat, P(p), P(good_buf), 0, 0); }
static long c_lstat_buf(void *p)  { return sc(SYS_lstat, P(file_path), P(p), 0, 0); }
static long c_fstat(void *p)      { return sc(SYS_fstat, file_fd, P(p), 0, 0); }
static long c_fstatat_path(void *p) { return sc(SYS_newfstatat, AT_FDCWD, P(p), P(good_buf), 0); }
static long c_fstatat_buf(void *p)  { return sc(SYS_newfstatat, AT_FDCWD, P(file_path), P(p), 0); }
static long c_getdents64(void *p) { lseek(dir_fd, 0, SEEK_SET); return sc(SYS_getdents64, dir_fd, P(p), 4096, 0); }
static long c_getcwd(void *p)     { return sc(SYS_getcwd, P(p), 4096, 0, 0); }
static long c_chdir(void *p)      { return sc(SYS_chdir, P(p), 0, 0, 0); }
static long c_mkdir(void *p)      { return sc(SYS_mkdir, P(p), 0755, 0, 0); }
static long c_rmdir(void *p)      { return sc(SYS_rmdir, P(p), 0, 0, 0); }
static long c_unlink(void *p)     { return sc(SYS_unlink, P(p), 0, 0, 0); }
static long c_access(void *p)     { return sc(SYS_access, P(p), F_OK, 0, 0); }
static long c_faccessat(void *p)  { return sc(SYS_faccessat, AT_FDCWD, P(p), F_OK, 0); }
static long c_readlink_path(void *p) { return sc(SYS_readlink, P(p), P(good_buf), 64, 0); }
static long c_readlink_buf(void *p)  { return sc(SYS_readlink, P(link_path), P(p), 64, 0); }
static long c_pipe(void *p)       { return sc(SYS_pipe, P(p), 0, 0, 0); }
static long c_pipe2(void *p)      { return sc(SYS_pipe2, P(p), O_CLOEXEC, 0, 0); }
static long c_ioctl_tcgets(void *p)   { return sc(SYS_ioctl, 0, TCGETS, P(p), 0); }
static long c_ioctl_tcsets(void *p)   { return sc(SYS_ioctl, 0, TCSETS, P(p), 0); }
static long c_ioctl_winsz(void *p)    { return sc(SYS_ioctl, 0, TIOCGWINSZ, P(p), 0); }
static long c_ioctl_getpgrp(void *p)  { return sc(SYS_ioctl, 0, TIOCGPGRP, P(p), 0); }
static long c_ioctl_setpgrp(void *p)  { return sc(SYS_ioctl, 0, TIOCSPGRP, P(p), 0); }
static long c_uname(void *p)      { return sc(SYS_uname, P(p), 0, 0, 0); }
static long c_clock_gettime(void *p) { return sc(SYS_clock_gettime, CLOCK_MONOTONIC, P(p), 0, 0); }
static long c_gettimeofday(void *p)  { return sc(SYS_gettimeofday, P(p), 0, 0, 0); }
static long c_nanosleep(void *p)  { return sc(SYS_nanosleep, P(p), 0, 0, 0); }
static long c_sigaction_act(void *p) { return sc(SYS_rt_sigaction, SIGUSR1, P(p), 0, 8); }
static long c_sigaction_old(void *p) { return sc(SYS_rt_sigaction, SIGUSR1, 0, P(p), 8); }
static long c_sigprocmask_set(void *p) { return sc(SYS_rt_sigprocmask, SIG_BLOCK, P(p), 0, 8); }
static long c_sigprocmask_old(void *p) { return sc(SYS_rt_sigprocmask, SIG_BLOCK, 0, P(p), 8); }
static long c_sigaltstack_new(void *p) { return sc(SYS_sigaltstack, P(p), 0, 0, 0); }
static long c_sigaltstack_old(void *p) { return sc(SYS_sigaltstack, 0, P(p), 0, 0); }
static long c_sysinfo(void *p)    { return sc(SYS_sysinfo, P(p), 0, 0, 0); }
static long c_getrusage(void *p)  { return sc(SYS_getrusage, RUSAGE_SELF, P(p), 0, 0); }
static long c_getrlimit(void *p)  { return sc(SYS_getrlimit, RLIMIT_NOFILE, P(p), 0, 0); }
static long c_setrlimit(void *p)  { return sc(SYS_setrlimit, RLIMIT_NOFILE, P(p), 0, 0); }
static long c_prlimit_new(void *p) { return sc(SYS_prlimit64, 0, RLIMIT_NOFILE, P(p), 0); }
static long c_prlimit_old(void *p) { return sc(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, P(p)); }
static long c_getrandom(void *p)  { return sc(SYS_getrandom, P(p), 16, 0, 0); }
static long c_arch_prctl(void *p) { return sc(SYS_arch_prctl, ARCH_GET_FS, P(p), 0, 0); }

static long wait_with(void *status, void *ru)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	long r = sc(SYS_wait4, pid, P(status), 0, P(ru));
	int e = errno;

	waitpid(pid, NULL, 0);		/* in case it was not reaped */
	errno = e;
	return r;
}
static long c_wait4_status(void *p) { return wait_with(p, NULL); }
static long c_wait4_rusage(void *p) { int st; return wait_with(&st, p); }

/* execve in a child: it must fail, and the child reports errno. */
static long exec_in_child(const char *path, char *const *argv, char *const *envp)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		sc(SYS_execve, P(path), P(argv), P(envp), 0);
		_exit(errno & 0xff);
	}
	waitpid(pid, &status, 0);
	errno = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	return -1;
}
static char *good_argv[] = { "x", NULL };
static long c_execve_path(void *p) { return exec_in_child(p, good_argv, good_argv + 1); }
static long c_execve_argv(void *p) { return exec_in_child(self_path(), p, good_argv + 1); }
static long c_execve_envp(void *p) { return exec_in_child(self_path(), good_argv, p); }
static long c_execve_arg0(void *p)
{
	char *argv[] = { p, NULL };

	return exec_in_child(self_path(), argv, good_argv + 1);
}
static long c_execve_env0(void *p)
{
	char *envp[] = { p, NULL };

	return exec_in_child(self_path(), good_argv, envp);
}

enum { IN, OUT, TTY_IN, TTY_OUT };	/* the kernel reads or writes through it; on a tty */

static const struct efault_case {
	const char *name;
	long (*fn)(void *p);
	int dir;
} cases[] = {
	{ "read buf", c_read, OUT },
	{ "write buf", c_write, IN },
	{ "pread64 buf", c_pread, OUT },
	{ "pwrite64 buf", c_pwrite, IN },
	{ "readv iov", c_readv_iov, IN },
	{ "readv iov_base", c_readv_base, OUT },
	{ "writev iov", c_writev_iov, IN },
	{ "writev iov_base", c_writev_base, IN },
	{ "open path", c_open, IN },
	{ "openat path", c_openat, IN },
	{ "stat path", c_stat_path, IN },
	{ "stat buf", c_stat_buf, OUT },
	{ "lstat path", c_lstat_path, IN },
	{ "lstat buf", c_lstat_buf, OUT },
	{ "fstat buf", c_fstat, OUT },
	{ "newfstatat path", c_fstatat_path, IN },
	{ "newfstatat buf", c_fstatat_buf, OUT },
	{ "getdents64 buf", c_getdents64, OUT },
	{ "getcwd buf", c_getcwd, OUT },
	{ "chdir path", c_chdir, IN },
	{ "mkdir path", c_mkdir, IN },
	{ "rmdir path", c_rmdir, IN },
	{ "unlink path", c_unlink, IN },
	{ "access path", c_access, IN },
	{ "faccessat path", c_faccessat, IN },
	{ "readlink path", c_readlink_path, IN },
	{ "readlink buf", c_readlink_buf, OUT },
	{ "pipe fds", c_pipe, OUT },
	{ "pipe2 fds", c_pipe2, OUT },
	{ "ioctl TCGETS", c_ioctl_tcgets, TTY_OUT },
	{ "ioctl TCSETS", c_ioctl_tcsets, TTY_IN },
	{ "ioctl TIOCGWINSZ", c_ioctl_winsz, TTY_OUT },
	{ "ioctl TIOCGPGRP", c_ioctl_getpgrp, TTY_OUT },
	{ "ioctl TIOCSPGRP", c_ioctl_setpgrp, TTY_IN },
	{ "wait4 status", c_wait4_status, OUT },
	{ "wait4 rusage", c_wait4_rusage, OUT },
	{ "execve path", c_execve_path, IN },
	{ "execve argv", c_execve_argv, IN },
	{ "execve argv[0]", c_execve_arg0, IN },
	{ "execve envp", c_execve_envp, IN },
	{ "execve envp[0]", c_execve_env0, IN },
	{ "uname buf", c_uname, OUT },
	{ "clock_gettime tp", c_clock_gettime, OUT },
	{ "gettimeofday tv", c_gettimeofday, OUT },
	{ "nanosleep req", c_nanosleep, IN },
	{ "rt_sigaction act", c_sigaction_act, IN },
	{ "rt_sigaction oldact", c_sigaction_old, OUT },
	{ "rt_sigprocmask set", c_sigprocmask_set, IN },
	{ "rt_sigprocmask oldset", c_sigprocmask_old, OUT },
	{ "sigaltstack ss", c_sigaltstack_new, IN },
	{ "sigaltstack old_ss", c_sigaltstack_old, OUT },
	{ "sysinfo info", c_sysinfo, OUT },
	{ "getrusage usage", c_getrusage, OUT },
	{ "getrlimit rlim", c_getrlimit, OUT },
	{ "setrlimit rlim", c_setrlimit, IN },
	{ "prlimit64 new", c_prlimit_new, IN },
	{ "prlimit64 old", c_prlimit_old, OUT },
	{ "getrandom buf", c_getrandom, OUT },
	{ "arch_prctl ARCH_GET_FS addr", c_arch_prctl, OUT },
};
#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

static void setup(void)
{
	const char *dir = make_tmpdir("efault");
	int fds[2];

	snprintf(dir_path, sizeof(dir_path), "%s", dir);
	snprintf(file_path, sizeof(file_path), "%s/file", dir);
	snprintf(link_path, sizeof(link_path), "%s/link", dir);
	file_fd = open(file_path, O_CREAT | O_RDWR, 0644);
	if (file_fd < 0 || write(file_fd, "0123456789", 10) != 10)
		bail("creating %s: %s", file_path, strerror(errno));
	if (symlink("file", link_path) < 0)
		snprintf(link_path, sizeof(link_path), "/sbin/init");	/* no symlink(2) */
	dir_fd = open(dir_path, O_RDONLY | O_DIRECTORY);
	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	pipe_r = fds[0];
	pipe_w = fds[1];
	memset(good_buf, 'd', sizeof(good_buf));
	if (write(pipe_w, good_buf, sizeof(good_buf)) != sizeof(good_buf))
		bail("filling the pipe: %s", strerror(errno));
	tty = isatty(0);
	signal(SIGPIPE, SIG_IGN);
	(void)good_iov;
}

int main(void)
{
	void *unmapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct { const char *name; void *p; } kinds[] = {
		{ "(void *)1", (void *)1 },
		{ "a kernel address", (void *)0xffff800000000000UL },
		{ "an unmapped page", unmapped },
		{ "a read-only page", (void *)ro_page },
	};
	int total = 0;

	if (unmapped == MAP_FAILED || munmap(unmapped, 4096) < 0)
		bail("mmap/munmap: %s", strerror(errno));
	for (unsigned i = 0; i < NR_CASES; i++)
		total += (cases[i].dir == OUT || cases[i].dir == TTY_OUT) ? 4 : 3;
	setup();
	plan(total);
	for (unsigned i = 0; i < NR_CASES; i++) {
		const struct efault_case *c = &cases[i];
		int out = c->dir == OUT || c->dir == TTY_OUT;

		for (int k = 0; k < (out ? 4 : 3); k++) {
			if ((c->dir == TTY_IN || c->dir == TTY_OUT) && !tty) {
				skip("%s with %s: fd 0 is not a terminal", c->name, kinds[k].name);
				continue;
			}
			errno = 0;
			long r = c->fn(kinds[k].p);
			int e = errno;

			ok(r == -1 && e == EFAULT, "%s = %s: EFAULT", c->name, kinds[k].name);
			if (r != -1 || e != EFAULT)
				diag("    returned %ld, errno %d (%s)", r, e, strerror(e));
		}
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	close(file_fd);
	close(dir_fd);
	remove_tree(dir_path);
	return done_testing();
}
