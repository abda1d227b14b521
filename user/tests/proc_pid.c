/*
 * proc_pid - a process's own directory, /proc/self/ (= /proc/<pid>/), in
 * Linux's formats (proc(5), fs/proc/array.c and task_mmu.c):
 *   - /proc/self is a symlink to "<pid>", and /proc lists the pid;
 *   - status has the fields in Linux's order, "Key:\tvalue",
 *     memory as "%8lu kB", and Name/Pid/PPid are ours;
 *   - stat is 52 fields: pid, (comm), state, ppid ..., vsize and rss agree
 *     with status's VmSize and VmRSS (rss only roughly natively: Linux's
 *     per-CPU RSS counters); statm's size agrees too;
 *   - cmdline is argv with its NULs; comm is the program's name;
 *   - maps lines have Linux's columns: start-end perms offset dev inode,
 *     a name padded to column 73, an anonymous mapping ends in "0 ";
 *     the stack is [stack], our code maps our executable;
 *   - smaps of a 4-page anonymous mapping with 2 pages touched says Size
 *     16 kB, Rss 8 kB, Anonymous 8 kB, Private_Dirty 8 kB, with the fields
 *     in Linux's order; smaps_rollup starts with a [rollup] line;
 *   - pagemap: the touched pages are present (bit 63), the others are
 *     neither present nor swapped; a misaligned read is EINVAL;
 *   - exe names our executable; oom_score is 0..2000;
 *   - /proc/<ppid>/stat is our parent's; a pid that does not exist is ENOENT;
 *   - an exited child is "Z" until reaped, then /proc/<pid> is gone;
 *   - fd/N names what fd N has open, /proc's own files and directories
 *     too: "/proc/<pid>/status", "/proc/sys/vm", "/proc/<pid>/fd" (the
 *     fd/ directory itself, open); its mode is r-x for an fd open for
 *     reading, -wx for writing (ls -l shows lr-x------ / l-wx------);
 *   - kernel threads (PF_KTHREAD in stat's flags) sleep as "S" when idle,
 *     in stat and in status (Pagoda only: a busy host's may be D or I).
 */
#include <limits.h>
#include <sys/mman.h>
#include <stdint.h>

#include "proc_util.h"

static char buf[65536], buf2[65536];

static const char *const status_fields[] = {
	"Name", "State", "Pid", "PPid", "VmPeak", "VmSize", "VmLck", "VmHWM", "VmRSS", "RssAnon",
	"RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmPTE", "VmSwap", "Threads",
};

static const char *const smaps_fields[] = {
	"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Shared_Clean", "Shared_Dirty",
	"Private_Clean", "Private_Dirty", "Referenced", "Anonymous", "Swap", "SwapPss", "Locked",
	"VmFlags",
};

/* Splits stat's text into fields (the comm may hold spaces: it is cut at the last ')'). */
static int stat_fields(char *text, char **f, int max)
{
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	int n = 0;

	if (!open || !close)
		return 0;
	*close = '\0';
	f[n++] = text;
	f[n++] = open + 1;
	open[-1] = '\0';
	for (char *p = strtok(close + 1, " \n"); p && n < max; p = strtok(NULL, " \n"))
		f[n++] = p;
	return n;
}

/* readlink of /proc/self/fd/<fd>, NUL-terminated, into out; "" on failure. */
static void fd_link(int fd, char *out, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, out, size - 1);
	out[n > 0 ? n : 0] = '\0';
}

/* Open path with flags; is fd/N's link target want (with %d for our pid)? */
static void check_fd_link(const char *path, int flags, const char *want_fmt, const char *what)
{
	char want[128], got[256];
	int fd = open(path, flags);

	snprintf(want, sizeof(want), want_fmt, getpid());
	fd_link(fd, got, sizeof(got));
	ok(fd >= 0 && !strcmp(got, want), "fd/N of %s names it (%s)", what, got);
	if (fd >= 0)
		close(fd);
}

/* fd/N's permission bits (lstat) for path opened with flags; -1 on failure. */
static int fd_link_perm(const char *path, int flags)
{
	char link[64];
	struct stat st;
	int fd = open(path, flags), err;

	if (fd < 0)
		return -1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	err = lstat(link, &st);
	close(fd);
	return err || !S_ISLNK(st.st_mode) ? -1 : (int)(st.st_mode & 0777);
}

static void check_fd_links(void)
{
	check_fd_link("/proc/self/status", O_RDONLY, "/proc/%d/status", "a proc file");
	check_fd_link("/proc/sys/vm", O_RDONLY | O_DIRECTORY, "/proc/sys/vm", "a proc directory");
	check_fd_link("/proc/self/fd", O_RDONLY | O_DIRECTORY, "/proc/%d/fd", "the open fd/ itself");
	is(fd_link_perm("/proc/self/status", O_RDONLY), 0500, "fd/N of an fd open for reading: r-x");
	is(fd_link_perm("/dev/null", O_WRONLY), 0300, "fd/N of an fd open for writing: -wx");
}

/*
 * Every kernel thread (stat's flags has PF_KTHREAD, 0x00200000) is idle
 * in an interruptible sleep: "S" in stat, "S (sleeping)" in status.
 */
static void check_kthreads_sleep(void)
{
	static const char want[] = "State:\tS (sleeping)\n";
	char path[64], *f[64], *status_state;
	int kthreads = 0, bad = 0, nf;
	struct dirent *e;
	DIR *d;

	if (!on_pagoda()) {
		skip("kernel threads' state: the host's may be busy (D, I)");
		return;
	}
	d = opendir("/proc");
	while (d && (e = readdir(d))) {
		if (atoi(e->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", atoi(e->d_name));
		if (read_file(path, buf, sizeof(buf)) <= 0 || (nf = stat_fields(buf, f, 64)) < 9 ||
		    !(strtoul(f[8], NULL, 10) & 0x00200000))
			continue;
		kthreads++;
		snprintf(path, sizeof(path), "/proc/%d/status", atoi(e->d_name));
		status_state = read_file(path, buf2, sizeof(buf2)) > 0 ? strstr(buf2, "State:\t") : NULL;
		if (strcmp(f[2], "S") || !status_state ||
		    strncmp(status_state, want, strlen(want))) {
			diag("%s (%s): stat state %s, status %.24s", e->d_name, f[1], f[2],
			     status_state ? status_state : "(none)");
			bad++;
		}
	}
	if (d)
		closedir(d);
	ok(kthreads >= 2 && !bad, "%d kernel threads, all S in stat and status", kthreads);
}

/* The "Vm...:\t%8lu kB" lines of status are in Linux's layout. */
static int status_vm_layout_ok(const char *text)
{
	for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');

		if (!nl)
			return 0;
		if (!strncmp(p, "Vm", 2) || !strncmp(p, "Rss", 3)) {
			if (!tab || tab > nl || nl - tab != 12 || strncmp(nl - 3, " kB", 3))
				return 0;
		}
	}
	return 1;
}

/* Is this maps line in Linux's layout?  *name gets the name's column (0: none). */
static int maps_line_ok(const char *line, int len, int *name_col)
{
	unsigned long start, end, ino;
	char perms[5], copy[512];
	unsigned int off, maj, min;
	int pos = 0;

	*name_col = 0;
	if (len >= (int)sizeof(copy))
		return 0;
	memcpy(copy, line, len);
	copy[len] = '\0';
	if (sscanf(copy, "%lx-%lx %4s %8x %2x:%2x %lu%n", &start, &end, perms, &off, &maj, &min,
		   &ino, &pos) != 7 || !pos || pos >= len || line[pos] != ' ')
		return 0;
	pos++;
	if (strspn(perms, "rwxps-") != 4 || (perms[3] != 'p' && perms[3] != 's') || start >= end)
		return 0;
	if (pos == len)
		return 1;		/* anonymous: ends in "0 " */
	while (pos < len && line[pos] == ' ')
		pos++;
	*name_col = pos;
	return pos == 73 || (pos > 73 && line[pos - 1] == ' ' && line[pos - 2] != ' ');
}

/* Checks every maps line; finds the lines holding addr_stack, addr_code, anon. */
static int check_maps(char *text, unsigned long stack, unsigned long code, unsigned long anon,
		      const char *exe, int *stack_ok, int *code_ok, int *anon_ok)
{
	int lines = 0;

	*stack_ok = *code_ok = *anon_ok = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		unsigned long s, e;
		int col;

		if (!nl || !maps_line_ok(p, nl - p, &col)) {
			diag("bad maps line: %.*s", nl ? (int)(nl - p) : 60, p);
			return 0;
		}
		sscanf(p, "%lx-%lx", &s, &e);
		*nl = '\0';
		if (s <= stack && stack < e)
			*stack_ok = col && !strcmp(p + col, "[stack]");
		if (s <= code && code < e)
			*code_ok = col && !strcmp(p + col, exe);
		if (s <= anon && anon < e)
			*anon_ok = !col && nl[-1] == ' ' && nl[-2] == '0';
		*nl = '\n';
		lines++;
		p = nl + 1;
	}
	return lines > 3;
}

/* The smaps block of the VMA starting at addr (its text up to the next VMA), or NULL. */
static char *smaps_block(char *text, unsigned long addr)
{
	char head[32];
	char *p, *next;

	snprintf(head, sizeof(head), "%08lx-", addr);
	p = strstr(text, head);
	if (!p)
		return NULL;
	next = strstr(p, "VmFlags:");
	if (next && strchr(next, '\n'))
		strchr(next, '\n')[1] = '\0';
	return p;
}

static int pagemap_entries(unsigned long addr, int n, uint64_t *out)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t got;

	if (fd < 0)
		return -errno;
	got = pread(fd, out, n * 8, (off_t)(addr / 4096) * 8);
	close(fd);
	return got == n * 8 ? 0 : -EIO;
}

static int pagemap_misaligned(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e;
	ssize_t got;

	if (fd < 0)
		return -errno;
	got = pread(fd, &e, 8, 4);
	close(fd);
	return got < 0 ? -errno : 0;
}

/* A child that exited shows as a zombie (state Z) until reaped, then its directory is gone. */
static void check_dead_child(void)
{
	char path[64], state = '?';
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	if (pid < 0)
		bail("fork: %s", strerror(errno));
	/* Let it run to its exit without reaping it (no waitid(WNOWAIT): Pagoda lacks it). */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 1000 && state != 'Z'; i++) {
		if (read_file(path, buf, sizeof(buf)) > 0 && strrchr(buf, ')'))
			state = strrchr(buf, ')')[2];
		if (state != 'Z')
			usleep(10000);
	}
	is(state, 'Z', "an exited child is a zombie (state Z) in /proc/<pid>/stat");
	waitpid(pid, NULL, 0);
	is(read_file(path, buf, sizeof(buf)), -ENOENT, "reaped, its /proc/<pid> is gone");
}

int main(int argc, char **argv)
{
	char path[64], exe[PATH_MAX], *f[64], *mem, *blk;
	const char *missing = "";
	int nf, stack_ok = 0, code_ok = 0, anon_ok = 0, local = 0;
	long len, vmsize, vmrss;
	uint64_t pm[4] = { 0 };
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	plan(33);
	/* Touch the buffers now: a first touch while reading would change the RSS being compared. */
	memset(buf, 0, sizeof(buf));
	memset(buf2, 0, sizeof(buf2));
	len = readlink("/proc/self", path, sizeof(path) - 1);
	path[len > 0 ? len : 0] = '\0';
	is(len > 0 ? atoi(path) : -1, getpid(), "/proc/self is a symlink to our pid");
	{
		DIR *d = opendir("/proc");
		struct dirent *e;
		int found = 0;

		while (d && (e = readdir(d)))
			found |= e->d_type == DT_DIR && atoi(e->d_name) == getpid();
		if (d)
			closedir(d);
		ok(found, "/proc lists our pid as a directory");
	}

	len = read_file("/proc/self/status", buf, sizeof(buf));
	ok(len > 0 && keys_in_order(buf, status_fields, sizeof(status_fields) / sizeof(*status_fields),
				    &missing), "status has the issue's fields in Linux's order");
	if (*missing)
		diag("missing or out of order: %s", missing);
	ok(status_vm_layout_ok(buf), "status's memory lines read \"Key:\\t%%8lu kB\"");
	ok(key_value(buf, "Pid:\t") == getpid() && key_value(buf, "PPid:\t") == getppid() &&
	   !strncmp(find_line(buf, "Name:\t") + 6, base, strlen(base) > 15 ? 15 : strlen(base)),
	   "status's Name, Pid, PPid are ours");
	vmsize = key_value(buf, "VmSize:\t");
	vmrss = key_value(buf, "VmRSS:\t");

	len = read_file("/proc/self/stat", buf2, sizeof(buf2));
	nf = len > 0 ? stat_fields(buf2, f, 64) : 0;
	is(nf, 52, "stat has 52 fields");
	ok(nf >= 24 && atoi(f[0]) == getpid() && !strncmp(f[1], base, 15) && strchr("RSD", f[2][0]) &&
	   atoi(f[3]) == getppid(), "stat: pid (comm) state ppid");
	ok(nf >= 24 && strtoll(f[22], NULL, 10) == vmsize * 1024, "stat's vsize is status's VmSize");
	/*
	 * Linux 6.2+ keeps RSS in per-CPU counters: stat reads the approximate
	 * sum, status the exact one, so natively they only roughly agree.
	 */
	if (!ok(nf >= 24 && strtoll(f[23], NULL, 10) > 0 &&
		(!on_pagoda() || llabs(strtoll(f[23], NULL, 10) * 4 - vmrss) <= 32),
		"stat's rss is status's VmRSS (pages; exact on Pagoda)") && nf >= 24)
		diag("stat rss %s pages, VmRSS %ld kB", f[23], vmrss);
	len = read_file("/proc/self/statm", buf2, sizeof(buf2));
	ok(len > 0 && atol(buf2) * 4 == vmsize && sscanf(buf2, "%*d %*d %*d %*d %*d %*d %*d") == 0,
	   "statm: 7 numbers, size = VmSize");

	len = read_file("/proc/self/cmdline", buf2, sizeof(buf2));
	{
		long want = 0;

		for (int i = 0; i < argc; i++) {
			if (want + (long)strlen(argv[i]) + 1 > (long)sizeof(buf))
				break;
			memcpy(buf + want, argv[i], strlen(argv[i]) + 1);
			want += strlen(argv[i]) + 1;
		}
		ok(len == want && !memcmp(buf, buf2, want), "cmdline is argv with its NULs");
	}
	len = read_file("/proc/self/comm", buf2, sizeof(buf2));
	ok(len > 1 && buf2[len - 1] == '\n' && !strncmp(buf2, base, len - 1), "comm is our name");

	/* A 4-page anonymous mapping, pages 0 and 2 touched. */
	mem = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	mem[0] = 1;
	mem[2 * 4096] = 1;
	if (!realpath(self_path(), exe))
		strcpy(exe, "?");
	len = read_file("/proc/self/maps", buf, sizeof(buf));
	ok(len > 0 && check_maps(buf, (unsigned long)&local, (unsigned long)main,
				 (unsigned long)mem, exe, &stack_ok, &code_ok, &anon_ok),
	   "every maps line has Linux's columns (names at column 73)");
	ok(stack_ok, "the stack's line says [stack]");
	ok(code_ok, "our code's line names our executable (%s)", exe);
	ok(anon_ok, "an anonymous mapping's line ends in \"0 \"");

	len = read_file("/proc/self/smaps", buf, sizeof(buf));
	blk = len > 0 ? smaps_block(buf, (unsigned long)mem) : NULL;
	missing = "";
	ok(blk && keys_in_order(strchr(blk, '\n') + 1, smaps_fields,
				sizeof(smaps_fields) / sizeof(*smaps_fields), &missing),
	   "smaps lists Linux's fields in order");
	if (*missing)
		diag("missing or out of order: %s", missing);
	ok(blk && key_value(blk, "Size:") == 16 && key_value(strstr(blk, "\nRss:") + 1, "Rss:") == 8 &&
	   key_value(strstr(blk, "\nAnonymous:") + 1, "Anonymous:") == 8 &&
	   key_value(strstr(blk, "\nPrivate_Dirty:") + 1, "Private_Dirty:") == 8,
	   "smaps: Size 16 kB, Rss 8 kB, Anonymous 8 kB, Private_Dirty 8 kB");
	if (blk && !(key_value(blk, "Size:") == 16))
		diag("%.300s", blk);
	len = read_file("/proc/self/smaps_rollup", buf, sizeof(buf));
	ok(len > 0 && strstr(buf, "[rollup]\n") && strchr(buf, '\n') == strstr(buf, "[rollup]\n") + 8 &&
	   key_value(strchr(buf, '\n') + 1, "Rss:") > 0, "smaps_rollup: a [rollup] line, then Rss");

	ok(pagemap_entries((unsigned long)mem, 4, pm) == 0 && (pm[0] >> 63) && (pm[2] >> 63) &&
	   !(pm[1] >> 62) && !(pm[3] >> 62), "pagemap: touched pages present, the others not");
	is(pagemap_misaligned(), -EINVAL, "pagemap: a misaligned read is EINVAL");

	len = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[len > 0 ? len : 0] = '\0';
	ok(len > 0 && !strcmp(buf, exe), "exe names our executable (%s)", buf);
	len = read_file("/proc/self/oom_score", buf, sizeof(buf));
	ok(len > 1 && buf[len - 1] == '\n' && atoi(buf) >= 0 && atoi(buf) <= 2000,
	   "oom_score is 0..2000");
	snprintf(path, sizeof(path), "/proc/%d/stat", getppid());
	len = read_file(path, buf, sizeof(buf));
	ok(len > 0 && atoi(buf) == getppid(), "/proc/<ppid>/stat is our parent's");
	is(read_file("/proc/99999999/stat", buf, sizeof(buf)), -ENOENT, "a pid that is not there: ENOENT");
	check_dead_child();
	check_fd_links();
	check_kthreads_sleep();
	return done_testing();
}
