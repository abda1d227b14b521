/*
 * user/tests/util.h - helpers shared by Pagoda's user test programs.
 *
 * Checks that can kill or confuse the process that runs them (a fault, an
 * exec, a signal) run in a child; the parent judges the child's wait status
 * and reports the TAP line (tap.h: only the parent prints checks).
 *
 *	run_child(fn, arg)    fork, run fn(arg) in the child, _exit with its
 *	                      return value; wait4 for it and return the raw
 *	                      wait status (or -1 if fork/wait4 failed)
 *	exited_with(st, code) the status says "exited with code"
 *	killed_by(st, sig)    the status says "killed by signal sig"
 *	status_str(st)        "exited 3" / "killed by signal 11" for diag()
 *	self_path()           this program's path, from AT_EXECFN (the path
 *	                      execve was given), to re-exec ourselves
 *	make_tmpdir(tag)      a fresh directory /tmp/<tag>.XXXXXX (exists on
 *	                      the host and on Pagoda's RAM file system)
 *	remove_tree(path)     rm -r, best effort, for the end of a test
 *	on_pagoda()           running on Pagoda (uname), not the host's Linux:
 *	                      for checks that only one of the two can make
 */
#ifndef USER_TESTS_UTIL_H
#define USER_TESTS_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

/* on_pagoda - are we on Pagoda (uname's sysname), not the host's Linux? */
static inline int on_pagoda(void)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.sysname, "Pagoda") == 0;
}

static inline int run_child(int (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static inline int exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static inline int killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static inline const char *status_str(int status)
{
	static char buf[64];

	if (status == -1)
		snprintf(buf, sizeof(buf), "fork or wait failed");
	else if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, sizeof(buf), "status %#x", status);
	return buf;
}

static inline const char *self_path(void)
{
	const char *p = (const char *)getauxval(AT_EXECFN);

	return p ? p : "/proc/self/exe";
}

static inline char *make_tmpdir(const char *tag)
{
	static char path[128];

	snprintf(path, sizeof(path), "/tmp/%s.XXXXXX", tag);
	if (!mkdtemp(path))
		bail("mkdtemp(%s): %s", path, strerror(errno));
	return path;
}

static inline void remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[512];

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= (int)sizeof(sub))
			continue;
		remove_tree(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

#endif /* USER_TESTS_UTIL_H */
