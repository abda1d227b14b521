/*
 * user/tests/argv_envp_auxv.c - what execve puts on the new stack.
 *
 * Linux's x86-64 process entry (System V ABI, fs/binfmt_elf.c
 * create_elf_tables): at _start, %rsp is 16-byte aligned and points at
 *
 *	argc | argv[0..argc-1] | NULL | envp[0..] | NULL | auxv (type, value)... AT_NULL
 *
 * with the strings above.  The parent re-executes this program with a known
 * argv and envp ("--child" mode); the child checks what it received and
 * exits with the number of the first check that failed (0: all good), so the
 * parent can report it.  The parent also checks its own auxiliary vector:
 * every entry the issue names is present, AT_PAGESZ is 4096, AT_RANDOM points
 * at 16 readable bytes, AT_EXECFN is the path given to execve, AT_PHDR/PHENT/
 * PHNUM/ENTRY agree with this binary's own ELF header (__ehdr_start), the
 * ids agree with getuid() and friends.  And E2BIG for a single argument over
 * MAX_ARG_STRLEN (32 pages), with the caller intact.
 */
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

extern char **environ;
extern const Elf64_Ehdr __ehdr_start;	/* the linker's symbol for our own ELF header */

static const char *const child_argv[] = { "--child", "one", "two words", "", "three=3", NULL };
static const char *const child_envp[] = { "A=1", "PAGODA_TEST=xyz", "EMPTY=", NULL };

static const unsigned long wanted_aux[] = {
	AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_ENTRY, AT_UID, AT_EUID,
	AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP, AT_CLKTCK, AT_EXECFN,
};
#define NR_WANTED (sizeof(wanted_aux) / sizeof(wanted_aux[0]))

/* The auxiliary vector: just past envp's terminating NULL. */
static Elf64_auxv_t *find_auxv(char **envp)
{
	while (*envp)
		envp++;
	return (Elf64_auxv_t *)(envp + 1);
}

/* Child mode: returns 0 if argv/envp/auxv are as the parent sent them. */
static int child_checks(int argc, char **argv, char **envp)
{
	int n = 0;

	if (argc != 6)
		return 1;
	if (strcmp(argv[0], self_path()))
		return 2;
	for (int i = 0; child_argv[i]; i++)
		if (strcmp(argv[i + 1], child_argv[i]))
			return 3;
	if (argv[argc] != NULL)
		return 4;
	if (envp != argv + argc + 1 || environ != envp)
		return 5;
	for (n = 0; envp[n]; n++)
		if (!child_envp[n] || strcmp(envp[n], child_envp[n]))
			return 6;
	if (n != 3)
		return 7;
	if (strcmp(getenv("PAGODA_TEST") ?: "", "xyz"))
		return 8;
	if (((uintptr_t)argv & 15) != 8)	/* argv = the entry %rsp + 8 */
		return 9;
	if ((uintptr_t)argv[0] < (uintptr_t)find_auxv(envp))	/* strings above the vectors */
		return 10;
	if (strcmp((const char *)getauxval(AT_EXECFN), self_path()))
		return 11;
	return 0;
}

static void exec_child(void)
{
	char *argv[8];
	int status = -1, i;

	argv[0] = (char *)self_path();
	for (i = 0; child_argv[i]; i++)
		argv[i + 1] = (char *)child_argv[i];
	argv[i + 1] = NULL;
	pid_t pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, (char **)child_envp);
		_exit(100);
	}
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0),
	   "argc, argv, envp, their layout and the stack alignment arrive intact (%s%s)",
	   status_str(status), WIFEXITED(status) && WEXITSTATUS(status) ? ": see the source" : "");
}

static void aux_present(char **envp)
{
	unsigned long seen[NR_WANTED] = { 0 };
	int missing = 0, count = 0;

	for (Elf64_auxv_t *a = find_auxv(envp); a->a_type != AT_NULL; a++) {
		count++;
		for (unsigned i = 0; i < NR_WANTED; i++)
			if (a->a_type == wanted_aux[i])
				seen[i]++;
	}
	for (unsigned i = 0; i < NR_WANTED; i++)
		if (seen[i] != 1) {
			diag("auxv type %lu appears %lu times", wanted_aux[i], seen[i]);
			missing++;
		}
	ok(missing == 0, "auxv has each of the %u entries once (%d entries in all)",
	   (unsigned)NR_WANTED, count);
}

static void aux_values(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	int nonzero = 0;

	is(getauxval(AT_PAGESZ), 4096, "AT_PAGESZ is 4096");
	ok(rnd != NULL, "AT_RANDOM is not NULL");
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	ok(nonzero, "AT_RANDOM's 16 bytes are readable and not all zero");
	ok(execfn && execfn[0], "AT_EXECFN is a path (%s)", execfn ? execfn : "(null)");
	is(getauxval(AT_PHENT), sizeof(Elf64_Phdr), "AT_PHENT is sizeof(Elf64_Phdr)");
	is(getauxval(AT_PHNUM), eh->e_phnum, "AT_PHNUM is our ELF header's e_phnum");
	if (eh->e_type == ET_EXEC) {
		is(getauxval(AT_PHDR), (uintptr_t)eh + eh->e_phoff,
		   "AT_PHDR is where our program headers are mapped");
		is(getauxval(AT_ENTRY), eh->e_entry, "AT_ENTRY is e_entry");
	} else {
		is(getauxval(AT_PHDR), (uintptr_t)eh + eh->e_phoff,
		   "AT_PHDR is where our program headers are mapped (PIE)");
		is(getauxval(AT_ENTRY), (uintptr_t)eh + eh->e_entry, "AT_ENTRY is e_entry + load bias");
	}
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	int loads = 0;

	for (int i = 0; ph && i < eh->e_phnum; i++)
		loads += ph[i].p_type == PT_LOAD;
	ok(loads >= 1, "the program headers at AT_PHDR are readable and have %d PT_LOAD", loads);
	is(getauxval(AT_BASE), 0, "AT_BASE is 0 (no interpreter)");
	is(getauxval(AT_UID), getuid(), "AT_UID is getuid()");
	is(getauxval(AT_EUID), geteuid(), "AT_EUID is geteuid()");
	is(getauxval(AT_GID), getgid(), "AT_GID is getgid()");
	is(getauxval(AT_EGID), getegid(), "AT_EGID is getegid()");
	is(getauxval(AT_SECURE), 0, "AT_SECURE is 0");
	is(getauxval(AT_CLKTCK), 100, "AT_CLKTCK is 100 (USER_HZ)");
}

static void too_big(void)
{
	size_t len = 33 * 4096;	/* > MAX_ARG_STRLEN */
	char *big = malloc(len + 1);

	if (!big)
		bail("malloc: %s", strerror(errno));
	memset(big, 'x', len);
	big[len] = '\0';
	char *argv[] = { (char *)self_path(), big, NULL };
	char *envp[] = { NULL };

	int r = execve(argv[0], argv, envp), e = errno;

	ok(r == -1 && e == E2BIG, "an argument of 33 pages: E2BIG (%s), and the caller survives",
	   strerror(e));
	argv[1] = "--child";
	envp[0] = big;
	big[0] = 'X';
	big[1] = '=';
	r = execve(argv[0], argv, envp);
	e = errno;
	ok(r == -1 && e == E2BIG, "an environment string of 33 pages: E2BIG (%s)", strerror(e));
	free(big);
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_checks(argc, argv, envp);

	plan(21);
	ok(argc >= 1 && argv[argc] == NULL, "argv[argc] is NULL (argc %d)", argc);
	exec_child();
	aux_present(envp);
	aux_values();
	too_big();
	return done_testing();
}
