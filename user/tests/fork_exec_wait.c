/*
 * user/tests/fork_exec_wait.c - fork, execve, wait4 and the wait status.
 *
 * Checks, against Linux's behaviour (this same binary passes natively):
 *  - fork returns the child's pid in the parent and 0 in the child, whose
 *    getppid() is the parent;
 *  - wait4 returns the pid and Linux's status encoding: WIFEXITED and
 *    WEXITSTATUS for exit(0), exit(42), exit(255) and exit(256) (only the
 *    low 8 bits survive); WIFSIGNALED and WTERMSIG for SIGKILL, SIGTERM;
 *  - WNOHANG on a live child returns 0; wait4 for one pid among several;
 *    wait4(-1) collects the rest; ECHILD when there is no child left;
 *  - rusage from wait4 is filled in;
 *  - execve replaces the child (we re-exec this program with
 *    "--exit N" and see N), ENOENT for a missing file, the caller survives;
 *  - vfork + _exit and vfork + execve;
 *  - an orphan: a grandchild whose parent exits is reparented (to init on
 *    Pagoda; on the host possibly to a sub-reaper), and is no longer our
 *    child (wait4 on it gives ECHILD).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static pid_t wait_pid(pid_t pid, int *status, int options)
{
	pid_t r;

	do
		r = wait4(pid, status, options, NULL);
	while (r < 0 && errno == EINTR);
	return r;
}

static void fork_basics(void)
{
	pid_t parent = getpid();
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(getppid() == parent ? 42 : 1);
	ok(pid > 0, "fork returns the child's pid (%d) in the parent", pid);
	is(wait_pid(pid, &status, 0), pid, "wait4 returns the child's pid");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 42,
	   "child saw getppid() == parent and exit(42) gives WEXITSTATUS 42 (%s)",
	   status_str(status));
}

static void exit_codes(void)
{
	static const int codes[] = { 0, 1, 255, 256, 257 };

	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		int status = -1;
		pid_t pid = fork();

		if (pid == 0)
			exit(codes[i]);
		wait_pid(pid, &status, 0);
		ok(exited_with(status, codes[i] & 0xff), "exit(%d) gives WIFEXITED, WEXITSTATUS %d (%s)",
		   codes[i], codes[i] & 0xff, status_str(status));
	}
}

static void killed_by_signals(void)
{
	static const int sigs[] = { SIGKILL, SIGTERM, SIGUSR1 };

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int status = -1;
		pid_t pid = fork();

		if (pid == 0) {
			kill(getpid(), sigs[i]);
			_exit(99);
		}
		wait_pid(pid, &status, 0);
		ok(killed_by(status, sigs[i]) && !WIFEXITED(status),
		   "kill(self, %d) gives WIFSIGNALED, WTERMSIG %d (%s)", sigs[i], sigs[i],
		   status_str(status));
	}
	/* Killed by the parent while it sleeps. */
	int status = -1;
	int fds[2];

	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(fds[1]);
		read(fds[0], &c, 1);	/* blocks: nobody writes */
		_exit(98);
	}
	close(fds[0]);
	kill(pid, SIGKILL);
	wait_pid(pid, &status, 0);
	close(fds[1]);
	ok(killed_by(status, SIGKILL), "SIGKILL from the parent ends a blocked child (%s)",
	   status_str(status));
}

static void wnohang_and_order(void)
{
	int fds[2], status = -1;
	pid_t a, b, c;

	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	a = fork();
	if (a == 0) {
		char ch;

		close(fds[1]);
		_exit(read(fds[0], &ch, 1) == 0 ? 11 : 1);	/* EOF when the parent closes */
	}
	close(fds[0]);
	is(wait_pid(a, &status, WNOHANG), 0, "wait4(WNOHANG) on a running child returns 0");
	b = fork();
	if (b == 0)
		_exit(12);
	c = fork();
	if (c == 0)
		_exit(13);
	is(wait_pid(c, &status, 0), c, "wait4(pid) picks that child among several");
	ok(exited_with(status, 13), "... and gets its status (%s)", status_str(status));
	close(fds[1]);		/* a reads EOF and exits */
	int seen = 0;

	for (int i = 0; i < 2; i++) {
		pid_t p = wait_pid(-1, &status, 0);

		if (p == a && exited_with(status, 11))
			seen |= 1;
		if (p == b && exited_with(status, 12))
			seen |= 2;
	}
	is(seen, 3, "wait4(-1) collects the two remaining children with their statuses");
	errno = 0;
	ok(wait_pid(-1, &status, 0) == -1 && errno == ECHILD, "wait4 with no child left: ECHILD");
	errno = 0;
	ok(wait_pid(1, &status, WNOHANG) == -1 && errno == ECHILD,
	   "wait4 for a process that is not our child: ECHILD");
}

static void rusage_filled(void)
{
	struct rusage ru;
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		volatile unsigned long x = 0;

		for (unsigned long i = 0; i < 1000000; i++)
			x += i;
		_exit(0);
	}
	memset(&ru, 0xa5, sizeof(ru));
	pid_t r = wait4(pid, &status, 0, &ru);

	ok(r == pid && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
	   ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000 && ru.ru_utime.tv_sec >= 0,
	   "wait4 fills in the child's rusage (utime %ld.%06ld)", (long)ru.ru_utime.tv_sec,
	   (long)ru.ru_utime.tv_usec);
}

static void exec_tests(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)self_path(), "--exit", "7", NULL };
		char *envp[] = { NULL };

		execve(argv[0], argv, envp);
		_exit(100 + errno);
	}
	wait_pid(pid, &status, 0);
	ok(exited_with(status, 7), "execve of this program with --exit 7 gives 7 (%s)",
	   status_str(status));

	char *argv[] = { "/nonexistent/program", NULL };
	char *envp[] = { NULL };

	errno = 0;
	ok(execve(argv[0], argv, envp) == -1 && errno == ENOENT,
	   "execve of a missing file returns ENOENT and the caller goes on");
	errno = 0;
	ok(execve("/tmp", argv, envp) == -1 && errno == EACCES,
	   "execve of a directory returns EACCES");
}

static void vfork_tests(void)
{
	int status = -1;
	volatile int touched = 0;
	pid_t pid = vfork();

	if (pid == 0) {
		touched = 1;	/* vfork shares the memory until _exit */
		_exit(21);
	}
	wait_pid(pid, &status, 0);
	ok(exited_with(status, 21), "vfork + _exit(21) (%s)", status_str(status));
	(void)touched;

	pid = vfork();
	if (pid == 0) {
		char *argv[] = { (char *)self_path(), "--exit", "22", NULL };
		char *envp[] = { NULL };

		execve(argv[0], argv, envp);
		_exit(127);
	}
	wait_pid(pid, &status, 0);
	ok(exited_with(status, 22), "vfork + execve (%s)", status_str(status));
}

/*
 * The child forks a grandchild and exits; the grandchild waits until its
 * parent is gone, then writes its new parent pid and exits.
 */
static void orphans(void)
{
	int fds[2], status = -1;
	pid_t grandchild = -1, newppid = -1;

	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t child = fork();

	if (child == 0) {
		pid_t me = getpid();
		pid_t g = fork();

		if (g == 0) {
			struct timespec ts = { 0, 1000000 };
			pid_t pp;

			for (int i = 0; i < 5000 && (pp = getppid()) == me; i++)
				nanosleep(&ts, NULL);
			write(fds[1], &pp, sizeof(pp));
			_exit(0);
		}
		write(fds[1], &g, sizeof(g));
		_exit(5);
	}
	close(fds[1]);
	wait_pid(child, &status, 0);
	ok(exited_with(status, 5), "the orphan's parent exits (%s)", status_str(status));
	ssize_t n1 = read(fds[0], &grandchild, sizeof(grandchild));
	ssize_t n2 = read(fds[0], &newppid, sizeof(newppid));

	ok(n1 == sizeof(grandchild) && grandchild > 0, "the grandchild was forked (pid %d)",
	   grandchild);
	ok(n2 == sizeof(newppid) && newppid != child && newppid > 0,
	   "the orphan is reparented (new parent %d, the old was %d)", newppid, child);
	if (getpid() != 1 && newppid != getpid()) {
		errno = 0;
		ok(wait_pid(grandchild, &status, WNOHANG) == -1 && errno == ECHILD,
		   "the orphan is not our child: wait4 gives ECHILD");
	} else {
		skip("we are the reaper ourselves");
	}
	close(fds[0]);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);

	plan(28);
	fork_basics();
	exit_codes();
	killed_by_signals();
	wnohang_and_order();
	rusage_filled();
	exec_tests();
	vfork_tests();
	orphans();
	return done_testing();
}
