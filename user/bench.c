/*
 * user/bench.c - process micro-benchmarks, printed as BENCH lines
 * (DESIGN.md §7): the same static binary runs natively on the host and on
 * Pagoda, so the figures compare directly.
 *
 *	BENCH name=getppid unit=ns value=N iterations=I
 *	    a null syscall: SYSCALL, dispatch, SYSRET
 *	BENCH name=fork_exit_wait4 unit=us value=N iterations=I
 *	    fork, the child _exit(0)s, the parent wait4s: copying and tearing
 *	    down an address space, two context switches
 *	BENCH name=fork_execve_wait4 unit=us value=N iterations=I
 *	    the same, the child execve'ing /bin/true (the `true` program next to
 *	    this one: AT_EXECFN's directory): ELF loading on top
 *	BENCH name=pipe_pingpong unit=us value=N iterations=I
 *	    one byte to a child through a pipe and one back: a round trip with
 *	    two blocking reads and two context switches
 *
 * value is the mean per operation over the iterations, after one warm-up
 * round.  `bench [scale]` multiplies the iteration counts (default 1; the
 * counts suit QEMU TCG, where a fork takes a millisecond or so).
 * Exit status 0 unless an operation failed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char true_path[PATH_MAX];

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void report(const char *name, const char *unit, double value, long iterations)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "BENCH name=%s unit=%s value=%.3f iterations=%ld\n",
			 name, unit, value, iterations);

	write(1, line, (size_t)n);
}

static int bench_getppid(long n)
{
	for (long i = 0; i < n / 10; i++)	/* warm-up */
		getppid();
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		getppid();
	report("getppid", "ns", (now_ns() - t0) / (double)n, n);
	return 0;
}

static int fork_once(int do_exec)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (do_exec) {
			char *argv[] = { "true", NULL };
			char *envp[] = { NULL };

			execve(true_path, argv, envp);
			_exit(127);
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static int bench_fork(const char *name, long n, int do_exec)
{
	if (fork_once(do_exec) < 0) {
		fprintf(stderr, "bench: %s failed (%s)\n", name, do_exec ? true_path : "fork");
		return 1;
	}
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		if (fork_once(do_exec) < 0)
			return 1;
	report(name, "us", (now_ns() - t0) / (double)n / 1e3, n);
	return 0;
}

static int bench_pingpong(long n)
{
	int to_child[2], to_parent[2], status;
	char c = 'x';

	if (pipe(to_child) < 0 || pipe(to_parent) < 0)
		return 1;
	pid_t pid = fork();

	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		while (read(to_child[0], &c, 1) == 1)
			if (write(to_parent[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	double t0 = 0;

	for (long i = -n / 10 - 1; i < n; i++) {	/* the negative ones warm up */
		if (i == 0)
			t0 = now_ns();
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			return 1;
	}
	double t = now_ns() - t0;

	close(to_child[1]);
	waitpid(pid, &status, 0);
	close(to_parent[0]);
	report("pipe_pingpong", "us", t / (double)n / 1e3, n);
	return 0;
}

int main(int argc, char **argv)
{
	long scale = argc > 1 ? atol(argv[1]) : 1;
	const char *self = (const char *)getauxval(AT_EXECFN);
	const char *slash = self ? strrchr(self, '/') : NULL;
	int failed = 0;

	if (scale < 1)
		scale = 1;
	if (slash)
		snprintf(true_path, sizeof(true_path), "%.*s/true", (int)(slash - self), self);
	else
		snprintf(true_path, sizeof(true_path), "/bin/true");
	failed |= bench_getppid(20000 * scale);
	failed |= bench_fork("fork_exit_wait4", 100 * scale, 0);
	failed |= bench_fork("fork_execve_wait4", 100 * scale, 1);
	failed |= bench_pingpong(1000 * scale);
	return failed;
}
