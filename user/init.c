/*
 * user/init.c - Pagoda's first user process (PID 1): /init in the initramfs.
 *
 * The kernel (kernel/init.c, kernel_init) executes /init as PID 1.  Like
 * Linux, it passes the command-line parameters it does not know itself to
 * init: "name=value" ones in init's environment, bare words in its argv.
 * So `run=` arrives as the environment string "run=a:x:y,b" (an argv word
 * "run=..." is accepted too).
 *
 * With run= (DESIGN.md §5), init runs each program of the comma-separated
 * list in turn, arguments after colons ("run=cow_fork:48,bench" runs
 * `cow_fork 48`, then `bench`; a name without '/' is looked up in /bin),
 * with fork + execve + wait4, and prints, for each:
 *
 *	init: running <prog> [args]
 *	init: <prog> exited with status N
 *	init: <prog> killed by signal N (SIGSEGV)
 *
 * and at the end "init: all N programs passed" or "init: K of N programs
 * failed" (a program passes when it exits with status 0).  Then it ends the
 * boot with reboot(2) (DESIGN.md §6):
 *
 *	all passed   reboot(LINUX_REBOOT_CMD_POWER_OFF): the kernel powers off
 *	             with the pass status, QEMU exits 33;
 *	any failed   reboot(LINUX_REBOOT_CMD_HALT): the kernel halts with the
 *	             fail status, QEMU exits 35 (kernel/sys.c maps HALT to
 *	             QEMU_EXIT_FAIL: a halted test machine is a failed run).
 *	             If HALT is refused, init exits, and the kernel panics
 *	             ("Attempted to kill init!", QEMU exits 37): still a failure.
 *
 * Before either, as PID 1, init sets the machine up (setup_system): it
 * mounts the proc file system on /proc (mount(2), as Linux's init scripts
 * do), and with `swap=/dev/vda` on the command line (DESIGN.md §5, in
 * init's environment like run=) it turns that disk on as swap with
 * swapon(2), printing
 *
 *	init: swapon /dev/vda: ok
 *	init: swapon /dev/vda: <strerror>	(the boot goes on without swap)
 *
 * Without run=, init starts the interactive shell (/bin/sh: busybox's ash,
 * packed by tools/mkinitramfs.sh) on the console, in its own session whose
 * controlling terminal the console is (TIOCSCTTY), and starts it again
 * whenever it exits (after a second's pause if it lasted less than that);
 * `poweroff` ends such a boot.
 *
 * Like busybox's init, PID 1 obeys the signals busybox's halt, poweroff
 * and reboot applets send it (they signal PID 1 rather than call reboot(2)
 * themselves, unless given -f):
 *
 *	SIGUSR2  poweroff	reboot(LINUX_REBOOT_CMD_POWER_OFF): the pass status
 *	SIGTERM  reboot		reboot(LINUX_REBOOT_CMD_RESTART): the same for Pagoda
 *	SIGUSR1  halt		reboot(LINUX_REBOOT_CMD_HALT): the fail status
 *
 * printing "init: <signal> received: powering off" (or rebooting, halting).
 * Pagoda's own /bin/poweroff (user/poweroff.c) calls reboot(2) directly.
 *
 * Not running as PID 1 (say, natively on the host, for a test), init exits
 * with 0 or 1 instead of calling reboot(2).
 *
 * In both modes init is the reaper of orphans: every process whose parent
 * dies is reparented to PID 1, and init's wait4(-1) loop collects them
 * (a zombie nobody reaps would stay forever).
 *
 * fds 0, 1 and 2 are /dev/console: opened here unless the kernel already
 * opened them (Linux's kernel_init does; both are fine).  Output goes
 * through write(2) directly, one line per call, so that it never sits in a
 * stdio buffer when a child is forked or the machine powers off.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROGS 64
#define MAX_ARGS 32
#define SHELL "/bin/sh"

extern char **environ;

static const char *const signal_names[32] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
};

/* One program of the run= list: its path and argv (argv[0] is the name as written). */
struct prog {
	char *path;
	char *argv[MAX_ARGS + 1];
};

/* Prints one line on the console with a single write(2). */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	write(1, buf, (size_t)n);
}

static const char *signal_name(int sig)
{
	return sig > 0 && sig < 32 && signal_names[sig] ? signal_names[sig] : "unknown";
}

/* Makes fds 0, 1, 2 the console unless they are already open. */
static void open_console(void)
{
	if (fcntl(0, F_GETFD) != -1 && fcntl(1, F_GETFD) != -1 && fcntl(2, F_GETFD) != -1)
		return;
	int fd = open("/dev/console", O_RDWR);

	if (fd < 0)
		return;		/* nowhere to complain: carry on silently */
	for (int i = 0; i < 3; i++)
		if (fd != i && fcntl(i, F_GETFD) == -1)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* The run= list, from the environment or from argv; NULL if none. */
static char *find_run(int argc, char **argv)
{
	char *run = getenv("run");

	for (int i = 1; !run && i < argc; i++)
		if (!strncmp(argv[i], "run=", 4))
			run = argv[i] + 4;
	return run;
}

/*
 * Splits "a:x:y,b" into programs (in place).  A name with no '/' is
 * looked up in /bin.  Returns the number of programs, or -1 if the list
 * is malformed (an empty name, too many programs or arguments).
 */
static int parse_run(char *list, struct prog *progs)
{
	int n = 0;

	for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
		struct prog *p = &progs[n];
		int argc = 0;
		char *save = item, *arg;

		if (n == MAX_PROGS)
			return -1;
		while ((arg = strsep(&save, ":")) != NULL) {
			if (argc == MAX_ARGS)
				return -1;
			p->argv[argc++] = arg;
		}
		p->argv[argc] = NULL;
		if (!p->argv[0][0])
			return -1;
		if (strchr(p->argv[0], '/')) {
			p->path = p->argv[0];
		} else {
			p->path = malloc(strlen(p->argv[0]) + 6);
			if (!p->path)
				return -1;
			strcpy(p->path, "/bin/");
			strcat(p->path, p->argv[0]);
		}
		n++;
	}
	return n;
}

/* The environment for the programs: ours without run=, plus PATH and HOME. */
static char **child_env(void)
{
	static char *env[64];
	int n = 0;

	env[n++] = "PATH=/bin";
	env[n++] = "HOME=/";
	for (char **e = environ; *e && n < 62; e++)
		if (strncmp(*e, "run=", 4) && strncmp(*e, "PATH=", 5) && strncmp(*e, "HOME=", 5))
			env[n++] = *e;
	env[n] = NULL;
	return env;
}

/* In the child: the signals init ignores are back to default, then exec. */
static void exec_child(const char *path, char **argv, char **envp)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	execve(path, argv, envp);
	say("init: cannot run %s: %s", path, strerror(errno));
	_exit(127);
}

/* The shutdown signal received (busybox's halt/poweroff/reboot), or 0. */
static volatile sig_atomic_t shutdown_signal;

static void shutdown_handler(int sig)
{
	shutdown_signal = sig;
}

static void shutdown_if_asked(void);

/*
 * Waits for pid, reaping (silently) any orphan that exits meanwhile, and
 * obeying a shutdown signal that arrives meanwhile.
 * Returns pid's wait status, or -1 if wait4 fails (no such child).
 */
static int wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t r = wait4(-1, &status, 0, NULL);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		shutdown_if_asked();
	}
}

/* Reaps the zombies there are now, without blocking. */
static void reap_orphans(void)
{
	while (wait4(-1, NULL, WNOHANG, NULL) > 0)
		;
}

/* Prints how prog ended; returns 1 if it passed (exit status 0). */
static int report(const char *name, int status)
{
	if (status == -1) {
		say("init: %s: wait4 failed: %s", name, strerror(errno));
		return 0;
	}
	if (WIFEXITED(status)) {
		say("init: %s exited with status %d", name, WEXITSTATUS(status));
		return WEXITSTATUS(status) == 0;
	}
	if (WIFSIGNALED(status)) {
		say("init: %s killed by signal %d (%s)", name, WTERMSIG(status),
		    signal_name(WTERMSIG(status)));
		return 0;
	}
	say("init: %s: unexpected wait status %#x", name, status);
	return 0;
}

static void say_command(const struct prog *p)
{
	char line[400];
	size_t used = 0;

	line[0] = '\0';
	for (int i = 1; p->argv[i] && used < sizeof(line) - 2; i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, " %s", p->argv[i]);
	say("init: running %s%s", p->path, line);
}

/* Powers off: pass or fail (see the top).  Does not return. */
static void power_off(int passed)
{
	reap_orphans();
	if (getpid() != 1)	/* a test run on the host: never power the host off */
		exit(passed ? 0 : 1);
	if (passed) {
		reboot(RB_POWER_OFF);
		say("init: reboot(LINUX_REBOOT_CMD_POWER_OFF) failed: %s", strerror(errno));
	} else {
		reboot(RB_HALT_SYSTEM);
		say("init: reboot(LINUX_REBOOT_CMD_HALT) failed: %s", strerror(errno));
	}
	exit(1);	/* the kernel panics when init exits: the run still ends */
}

/*
 * shutdown_if_asked - after busybox's poweroff/reboot/halt signalled us:
 * end the boot the way reboot(2) is asked to (see the top).  Otherwise
 * returns at once.
 */
static void shutdown_if_asked(void)
{
	int sig = shutdown_signal;

	if (!sig)
		return;
	say("init: %s received: %s", signal_name(sig),
	    sig == SIGUSR2 ? "powering off" : sig == SIGTERM ? "rebooting" : "halting");
	reap_orphans();
	sync();
	if (sig == SIGUSR1)
		reboot(RB_HALT_SYSTEM);
	else
		reboot(sig == SIGUSR2 ? RB_POWER_OFF : RB_AUTOBOOT);
	say("init: reboot(2) failed: %s", strerror(errno));
	shutdown_signal = 0;
}

/* Installs shutdown_handler for busybox's three signals (no SA_RESTART: wait4 returns). */
static void catch_shutdown_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = shutdown_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* run= mode: each program in turn, then power off. */
static void run_list(char *list)
{
	static struct prog progs[MAX_PROGS];
	char **envp = child_env();
	int n = parse_run(list, progs), failed = 0;

	if (n <= 0) {
		say("init: malformed run= list");
		power_off(0);
	}
	for (int i = 0; i < n; i++) {
		struct prog *p = &progs[i];

		say_command(p);
		pid_t pid = fork();

		if (pid == 0)
			exec_child(p->path, p->argv, envp);
		if (pid < 0) {
			say("init: fork failed: %s", strerror(errno));
			failed++;
			continue;
		}
		failed += !report(p->argv[0], wait_for(pid));
	}
	if (failed)
		say("init: %d of %d programs failed", failed, n);
	else
		say("init: all %d programs passed", n);
	power_off(!failed);
}

/* No run=: the shell on the console, again and again. */
static void shell_loop(void)
{
	char *argv[] = { SHELL, NULL };
	char **envp = child_env();
	int quick_failures = 0;

	for (;;) {
		struct timespec start, end, second = { 1, 0 };

		clock_gettime(CLOCK_MONOTONIC, &start);
		pid_t pid = fork();

		if (pid == 0) {
			setsid();		/* its own session and process group */
			/*
			 * ...whose controlling terminal is the console, with the
			 * shell's group in the foreground (what getty or busybox's
			 * cttyhack do): ash then turns job control on, and ^C
			 * reaches the job it runs rather than the shell.
			 */
			ioctl(0, TIOCSCTTY, 1);
			exec_child(SHELL, argv, envp);
		}
		if (pid < 0) {
			say("init: fork failed: %s", strerror(errno));
			power_off(0);
		}
		int status = wait_for(pid);

		if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			if (++quick_failures == 3) {
				say("init: cannot start %s, giving up", SHELL);
				power_off(0);
			}
		} else {
			quick_failures = 0;
		}
		report(SHELL, status);
		if (getpid() != 1)	/* on the host: once is enough */
			exit(0);
		clock_gettime(CLOCK_MONOTONIC, &end);
		if (end.tv_sec - start.tv_sec < 1)	/* not in a tight loop */
			nanosleep(&second, NULL);
		shutdown_if_asked();
		say("init: starting %s again", SHELL);
	}
}

/*
 * setup_system - PID 1's one-time setup: /proc mounted, swap= turned on.
 * Failures are reported and the boot goes on (a kernel without procfs or
 * a bad swap disk still runs programs).
 */
static void setup_system(void)
{
	const char *swap = getenv("swap");

	if (mount("proc", "/proc", "proc", 0, NULL) != 0 && errno != EBUSY)
		say("init: mount proc on /proc: %s", strerror(errno));
	if (swap && *swap) {
		if (swapon(swap, 0) == 0)
			say("init: swapon %s: ok", swap);
		else
			say("init: swapon %s: %s", swap, strerror(errno));
	}
}

int main(int argc, char **argv)
{
	char *run;

	open_console();
	signal(SIGINT, SIG_IGN);	/* ^C on the console is for the foreground job */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (getpid() != 1) {
		say("init: warning: running as pid %d, not 1", getpid());
	} else {
		catch_shutdown_signals();
		setup_system();
	}
	run = find_run(argc, argv);
	if (run)
		run_list(run);
	shell_loop();
	return 0;
}
