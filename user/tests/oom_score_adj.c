/*
 * oom_score_adj - /proc/self/oom_score_adj as proc(5) describes it: reads
 * "N\n", takes "-1000".."1000" (a trailing newline is fine), refuses
 * anything else with EINVAL, and is inherited by a fork child.  Safe to run
 * natively (nothing is killed; all changes happen in a child).
 */
#include "proc_util.h"

#define PATH "/proc/self/oom_score_adj"

/* Writes s to the file in one write(2): 0, or -errno. */
static int write_adj(const char *s)
{
	return write_file(PATH, s);
}

/* Reads the file as a number; -99999 if it cannot (it must end in a newline). */
static int read_adj(void)
{
	char buf[32];
	long n = read_file(PATH, buf, sizeof(buf));

	if (n <= 0 || buf[n - 1] != '\n')
		return -99999;
	return atoi(buf);
}

static int child(void *arg)
{
	int fails = 0;

	(void)arg;
	fails += write_adj("500\n") != 0;
	fails += read_adj() != 500;
	fails += write_adj("1001") != -EINVAL;
	fails += write_adj("-1001") != -EINVAL;
	fails += write_adj("abc") != -EINVAL;
	fails += read_adj() != 500;		/* a refused write changes nothing */
	fails += write_adj("1000") != 0;
	fails += read_adj() != 1000;
	/* Inherited by fork. */
	{
		pid_t pid = fork();
		int st;

		if (pid == 0)
			_exit(read_adj() == 1000 ? 0 : 1);
		fails += waitpid(pid, &st, 0) != pid || !exited_with(st, 0);
	}
	return fails;
}

int main(void)
{
	int st;

	plan(2);
	ok(read_adj() != -99999, "reading " PATH " gives a number and a newline");
	st = run_child(child, NULL);
	ok(exited_with(st, 0), "500/1000 accepted and read back, 1001/-1001/abc EINVAL, fork inherits (%s)",
	   exited_with(st, 0) ? "ok" : "some check failed");
	return done_testing();
}
