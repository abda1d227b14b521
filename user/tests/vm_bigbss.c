/*
 * user/tests/vm_bigbss.c - exec of a program with a 16 MiB bss allocates
 * nothing for it until it is touched; its data segment is a private copy
 * of the file's pages.
 *
 * This program has a 16 MiB bss array and an initialised data array.  It
 * writes to its own data array, then execs itself (self_path(), argument
 * "--measure") in a child whose stdout is a pipe.  The exec'd copy
 * measures itself and prints one line back:
 *
 *	bigbss r0=<KiB> r1=<KiB> r2=<KiB> zero=<0|1> data=<0|1> cow=<0|1>
 *
 *  r0    ru_maxrss at entry: must be far below 16 MiB - exec mapped the bss
 *        (and the file's pages) without allocating or reading them;
 *  r1    after reading one byte of every bss page (all zero: zero=1): still
 *        about r0 (the read faults map the shared zero page);
 *  r2    after writing every bss page: r0 + nearly 16 MiB, which proves
 *        the measure could see an allocation;
 *  data  the data array holds the values in the file - not the parent's
 *        writes to its own copy (a private write never reaches the file);
 *  cow   a write to the data array sticks.
 *
 * ru_maxrss right after execve: Linux carries the peak of the replaced
 * image into it (exec_mmap), which is why the exec is done from this small
 * process and not judged in the first one (started by init or pytest).
 */
#include "vm_util.h"

#define BSS_SIZE	(16 * MiB)

static unsigned char bss[BSS_SIZE];
static int data[2048] = { [0] = 11, [1000] = 12, [2047] = 13 };

static int measure(void)
{
	long r0 = maxrss_kib(), r1, r2;
	int zero = 1, data_ok, cow;

	for (unsigned long i = 0; i < BSS_SIZE; i += PAGE)
		zero &= ((volatile unsigned char *)bss)[i + (i / PAGE) % PAGE] == 0;
	r1 = maxrss_kib();
	for (unsigned long i = 0; i < BSS_SIZE; i += PAGE)
		bss[i] = 1;
	r2 = maxrss_kib();
	data_ok = data[0] == 11 && data[1000] == 12 && data[2047] == 13 && data[1] == 0;
	data[1000] = 99;
	cow = ((volatile int *)data)[1000] == 99;
	printf("bigbss r0=%ld r1=%ld r2=%ld zero=%d data=%d cow=%d\n", r0, r1, r2, zero, data_ok,
	       cow);
	return 0;
}

int main(int argc, char **argv)
{
	int fds[2], status;
	long r0 = -1, r1 = -1, r2 = -1;
	int zero = -1, data_ok = -1, cow = -1;
	char line[256] = "";

	if (argc > 1 && !strcmp(argv[1], "--measure"))
		return measure();

	plan(6);
	data[0] = 21;			/* our copy only */
	data[1000] = 22;
	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		char *args[] = { (char *)"vm_bigbss", (char *)"--measure", NULL };
		extern char **environ;

		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execve(self_path(), args, environ);
		_exit(127);
	}
	close(fds[1]);
	ssize_t n = read(fds[0], line, sizeof(line) - 1);

	if (n > 0)
		line[n] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0) &&
	   sscanf(line, "bigbss r0=%ld r1=%ld r2=%ld zero=%d data=%d cow=%d", &r0, &r1, &r2, &zero,
		  &data_ok, &cow) == 6,
	   "exec of a program with a 16 MiB bss (%s)", status_str(status));
	diag("ru_maxrss: %ld KiB at entry, %ld after reading the bss, %ld after writing it",
	     r0, r1, r2);
	ok(r0 >= 0 && r0 < 8 * 1024, "at entry the RSS is far below 16 MiB (%ld KiB)", r0);
	ok(zero == 1 && r1 - r0 <= 1024, "the bss reads as zeros without raising the RSS (+%ld KiB)",
	   r1 - r0);
	ok(r2 - r0 >= 12 * 1024, "writing it raises the RSS by nearly 16 MiB (+%ld KiB)", r2 - r0);
	ok(data_ok == 1, "the exec'd data segment holds the file's values, not our private writes");
	ok(cow == 1, "a write to it sticks (a private copy of the file's page)");
	return done_testing();
}
