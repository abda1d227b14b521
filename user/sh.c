/*
 * user/sh.c - Pagoda's small shell, until busybox's replaces it.
 *
 *	sh              interactive: prompt "$ ", one command per line
 *	sh FILE         the commands in FILE (so "#!/bin/sh" scripts work)
 *	sh -c COMMAND   one command
 *
 * A line is split into words at spaces and tabs; '...' and "..." group a
 * word (no escapes, no variables, no pipes or redirections).  A line that
 * starts with '#' is a comment.  Builtins:
 *
 *	cd [DIR]      change directory (default /)
 *	pwd           print the working directory
 *	exit [N]      leave the shell with status N (default: the last status)
 *
 * Anything else is a program: a name without '/' is looked up in /bin.  It
 * runs with fork + execve + wait4, in its own process group, which is made
 * the terminal's foreground group while it runs (TIOCSPGRP, so that ^C
 * reaches it and not the shell; errors there are ignored: the console may
 * not be a controlling terminal).  A program killed by a signal is reported
 * as "killed by signal N (NAME)", as the kernel's log line names it.
 * End of input (^D on an empty line) leaves the shell.
 *
 * The shell ignores SIGINT, SIGQUIT and SIGTTOU itself; its children get
 * the default actions back before execve (an ignored signal would stay
 * ignored across execve).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINE 1024
#define MAX_WORDS 64

extern char **environ;

static int last_status;		/* of the last command, for `exit` */

/* Prints one line to fd with a single write(2). */
__attribute__((format(printf, 2, 3)))
static void out(int fd, const char *fmt, ...)
{
	char buf[MAX_LINE + 128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		write(fd, buf, (size_t)n);
}

/*
 * Reads one line (without its '\n') from fd into line; returns its length,
 * or -1 at end of input.  Bytes past the newline stay buffered for the next
 * call (a pipe or file can deliver several lines at once; a terminal in
 * canonical mode delivers one).
 */
static int read_line(int fd, char *line, size_t size)
{
	static char buf[MAX_LINE];
	static size_t have;
	size_t len = 0;

	for (;;) {
		for (size_t i = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			size_t n = i < size - 1 ? i : size - 1;

			memcpy(line, buf, n);
			line[n] = '\0';
			memmove(buf, buf + i + 1, have - i - 1);
			have -= i + 1;
			return (int)n;
		}
		if (have == sizeof(buf))	/* an over-long line: cut it */
			have = 0;
		ssize_t r = read(fd, buf + have, sizeof(buf) - have);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (have == 0)
				return -1;
			len = have < size - 1 ? have : size - 1;	/* a last line without '\n' */
			memcpy(line, buf, len);
			line[len] = '\0';
			have = 0;
			return (int)len;
		}
		have += (size_t)r;
	}
}

/* Splits line into words (in place); returns their number, -1 on a bad quote. */
static int split(char *line, char **words)
{
	int n = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == MAX_WORDS)
			return -1;
		char *w = p, *dst = p;

		words[n++] = w;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'' || *p == '"') {
				char q = *p++;

				while (*p && *p != q)
					*dst++ = *p++;
				if (*p != q)
					return -1;
				p++;
			} else {
				*dst++ = *p++;
			}
		}
		if (*p)
			p++;
		*dst = '\0';
	}
	words[n] = NULL;
	return n;
}

static const char *signal_name(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
		[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
		[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
		[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	};

	if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) && names[sig])
		return names[sig];
	return "?";
}

/* In the child: own process group, default signals, execve. */
static void child(char **argv)
{
	char path[MAX_LINE + 8];

	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	if (strchr(argv[0], '/'))
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	execve(path, argv, environ);
	out(2, "sh: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* Runs a program and waits for it; returns its status like $?. */
static int run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		out(2, "sh: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		child(argv);
	setpgid(pid, pid);		/* both sides do it: whoever runs first */
	tcsetpgrp(0, pid);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0x100;	/* as if it exited 1 */
			break;
		}
	tcsetpgrp(0, getpgrp());
	if (WIFSIGNALED(status)) {
		out(2, "sh: %s: killed by signal %d (%s)\n", argv[0], WTERMSIG(status),
		    signal_name(WTERMSIG(status)));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

/* Runs one line; returns 1 if the shell must exit. */
static int execute(char *line)
{
	char *argv[MAX_WORDS + 1];
	int argc = split(line, argv);

	if (argc < 0) {
		out(2, "sh: syntax error (quotes, or more than %d words)\n", MAX_WORDS);
		last_status = 2;
		return 0;
	}
	if (argc == 0 || argv[0][0] == '#')
		return 0;
	if (!strcmp(argv[0], "exit")) {
		if (argc > 1)
			last_status = atoi(argv[1]);
		return 1;
	}
	if (!strcmp(argv[0], "cd")) {
		const char *dir = argc > 1 ? argv[1] : "/";

		last_status = chdir(dir) < 0;
		if (last_status)
			out(2, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 0;
	}
	if (!strcmp(argv[0], "pwd")) {
		char cwd[MAX_LINE];

		last_status = getcwd(cwd, sizeof(cwd)) == NULL;
		if (last_status)
			out(2, "sh: pwd: %s\n", strerror(errno));
		else
			out(1, "%s\n", cwd);
		return 0;
	}
	last_status = run(argv);
	return 0;
}

int main(int argc, char **argv)
{
	char line[MAX_LINE];
	int fd = 0, interactive;

	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);	/* tcsetpgrp from the background */
	if (argc == 3 && !strcmp(argv[1], "-c")) {
		snprintf(line, sizeof(line), "%s", argv[2]);
		execute(line);
		return last_status;
	}
	if (argc == 2) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			out(2, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
	}
	interactive = fd == 0 && isatty(0);
	for (;;) {
		if (interactive || fd == 0)
			out(1, "$ ");
		if (read_line(fd, line, sizeof(line)) < 0) {
			if (fd == 0)
				out(1, "\n");
			break;
		}
		if (execute(line))
			break;
	}
	return last_status;
}
