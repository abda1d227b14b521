/*
 * proc_sysctl - /proc's system files and /proc/sys/vm:
 *   - formats: loadavg "a.bc d.ef g.hi r/t pid", uptime "s.cc i.cc",
 *     stat's "cpu  " line, version, mounts listing proc on /proc,
 *     filesystems listing "nodev\tproc", vmstat's "name value" lines,
 *     buddyinfo's "Node 0, zone" lines, zoneinfo, swaps' header;
 *   - the 1-minute load average rises above 0 while a process spins;
 *   - each /proc/sys/vm file reads as "N\n"; drop_caches is write-only
 *     (mode 0200) and opening it for reading is EACCES even for root, as
 *     on Linux - what `sysctl -a` relies on to skip it;
 *   - on Pagoda only (natively these would change the host): writes are
 *     validated - out of range, negative or not a number is EINVAL and
 *     changes nothing; a valid value is taken and read back; min_free_kbytes
 *     moves the zones' min watermark (zoneinfo); overcommit_memory=2 makes a
 *     mapping larger than CommitLimit fail with ENOMEM and 1 lets it through;
 *     drop_caches takes 1..4 only.  Every value is restored.
 */
#include <sys/mman.h>
#include <time.h>

#include "proc_util.h"

static char buf[65536];

static const char *const vm_files[] = {
	"swappiness", "min_free_kbytes", "overcommit_memory", "page-cluster",
};

/* Is the file "N\n" with N a (possibly negative) integer?  *val gets it. */
static int read_int_file(const char *path, long *val)
{
	char *end;
	long len = read_file(path, buf, sizeof(buf));

	if (len < 2 || buf[len - 1] != '\n')
		return 0;
	*val = strtol(buf, &end, 10);
	return end == buf + len - 1;
}

static int sysctl_path(char *path, size_t size, const char *name)
{
	return snprintf(path, size, "/proc/sys/vm/%s", name);
}

/* Writing each bad value gives EINVAL and leaves the file as it was. */
static int refuses(const char *name, const char *const *bad, int n)
{
	char path[64];
	long before, after;

	sysctl_path(path, sizeof(path), name);
	if (!read_int_file(path, &before))
		return 0;
	for (int i = 0; i < n; i++) {
		int err = write_file(path, bad[i]);

		if (err != -EINVAL) {
			diag("%s <- \"%s\": %s", name, bad[i], err ? strerror(-err) : "accepted");
			return 0;
		}
	}
	return read_int_file(path, &after) && after == before;
}

/* Writes val, reads it back, restores the old value. */
static int takes(const char *name, long val)
{
	char path[64], s[32];
	long before, got = -12345;

	sysctl_path(path, sizeof(path), name);
	if (!read_int_file(path, &before))
		return 0;
	snprintf(s, sizeof(s), "%ld\n", val);
	if (write_file(path, s) || !read_int_file(path, &got))
		return 0;
	snprintf(s, sizeof(s), "%ld", before);
	write_file(path, s);
	return got == val;
}

static long zone_min_sum(void)
{
	long sum = 0;

	if (read_file("/proc/zoneinfo", buf, sizeof(buf)) <= 0)
		return -1;
	for (char *p = strstr(buf, "\n        min "); p; p = strstr(p + 1, "\n        min "))
		sum += atol(p + 14);
	return sum;
}

static void pagoda_writes(void)
{
	static const char *const bad_swappiness[] = { "201", "-1", "abc", "60x" };
	static const char *const bad_overcommit[] = { "3", "-1", "one" };
	static const char *const bad_cluster[] = { "32", "-1" };
	static const char *const bad_drop[] = { "0", "5", "x" };
	char s[32];
	long mfk, min0, min1, limit_kb;
	void *p;

	ok(refuses("swappiness", bad_swappiness, 4), "swappiness: 201, -1, abc, 60x are EINVAL");
	ok(takes("swappiness", 100) && takes("swappiness", 0) && takes("swappiness", 200),
	   "swappiness takes 0, 100, 200");
	ok(refuses("overcommit_memory", bad_overcommit, 3), "overcommit_memory: 3, -1, one are EINVAL");
	ok(refuses("page-cluster", bad_cluster, 2), "page-cluster: 32, -1 are EINVAL");
	ok(takes("page-cluster", 0), "page-cluster takes 0");
	ok(write_file("/proc/sys/vm/drop_caches", bad_drop[0]) == -EINVAL &&
	   write_file("/proc/sys/vm/drop_caches", bad_drop[1]) == -EINVAL &&
	   write_file("/proc/sys/vm/drop_caches", bad_drop[2]) == -EINVAL &&
	   write_file("/proc/sys/vm/drop_caches", "3\n") == 0, "drop_caches: 0, 5, x are EINVAL, 3 is taken");

	read_int_file("/proc/sys/vm/min_free_kbytes", &mfk);
	min0 = zone_min_sum();
	snprintf(s, sizeof(s), "%ld", mfk * 2);
	ok(write_file("/proc/sys/vm/min_free_kbytes", s) == 0, "min_free_kbytes takes %s", s);
	min1 = zone_min_sum();
	snprintf(s, sizeof(s), "%ld", mfk);
	write_file("/proc/sys/vm/min_free_kbytes", s);
	diag("min_free_kbytes %ld -> %ld: zones' min %ld -> %ld pages, back to %ld", mfk, mfk * 2,
	     min0, min1, zone_min_sum());
	ok(min1 >= min0 * 2 - 4 && min1 <= min0 * 2 + 4 && zone_min_sum() == min0,
	   "min_free_kbytes sets the zones' min watermarks (zoneinfo), and back");
	ok(write_file("/proc/sys/vm/min_free_kbytes", "-5") == -EINVAL, "min_free_kbytes: -5 is EINVAL");

	/* overcommit_memory: 2 refuses more than CommitLimit, 1 allows it. */
	read_file("/proc/meminfo", buf, sizeof(buf));
	limit_kb = key_value(buf, "CommitLimit:");
	ok(write_file("/proc/sys/vm/overcommit_memory", "2") == 0, "overcommit_memory takes 2");
	p = mmap(NULL, (size_t)(limit_kb + 1024) << 10, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p == MAP_FAILED && errno == ENOMEM, "mode 2: a mapping past CommitLimit is ENOMEM");
	if (p != MAP_FAILED)
		munmap(p, (size_t)(limit_kb + 1024) << 10);
	write_file("/proc/sys/vm/overcommit_memory", "1");
	p = mmap(NULL, (size_t)(limit_kb + 1024) << 10, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p != MAP_FAILED, "mode 1: the same mapping is allowed");
	if (p != MAP_FAILED)
		munmap(p, (size_t)(limit_kb + 1024) << 10);
	write_file("/proc/sys/vm/overcommit_memory", "0");
	ok(read_int_file("/proc/sys/vm/overcommit_memory", &mfk) && mfk == 0, "overcommit_memory back to 0");
}

/* cpu0's ticks so far (user + nice + system + idle ...), from /proc/stat; -1 if unreadable. */
static long long cpu0_ticks(void)
{
	long long v[8] = { 0 }, sum = 0;
	char *p;

	if (read_file("/proc/stat", buf, sizeof(buf)) <= 0 || !(p = strstr(buf, "\ncpu0 ")))
		return -1;
	if (sscanf(p + 6, "%lld %lld %lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7]) < 4)
		return -1;
	for (int i = 0; i < 8; i++)
		sum += v[i];
	return sum;
}

/*
 * A child spins while the parent watches /proc/loadavg: the averages are
 * sampled every 5 s of ticks (LOAD_FREQ), so within a few samples the
 * spinner makes the 1-minute average rise above 0.  Time is counted in
 * cpu0's ticks (/proc/stat), the clock the samples follow, and the watch
 * gives up after 20 s of them.
 */
static double load_while_spinning(void)
{
	long long t0 = cpu0_ticks(), t = t0;
	double one = -1;
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			;
	if (pid < 0)
		bail("fork: %s", strerror(errno));
	while (t >= 0 && t - t0 < 2000) {
		if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0 && sscanf(buf, "%lf", &one) == 1 &&
		    one > 0)
			break;
		usleep(100000);
		t = cpu0_ticks();
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return one;
}

int main(void)
{
	char c;
	double a, b, d;
	unsigned int r, t;
	int pid, n;
	long val;

	plan(29);
	ok(read_file("/proc/loadavg", buf, sizeof(buf)) > 0 &&
	   sscanf(buf, "%lf %lf %lf %u/%u %d%c", &a, &b, &d, &r, &t, &pid, &c) == 7 && c == '\n' &&
	   r <= t && t > 0 && buf[1] == '.' && buf[4] == ' ', "loadavg: \"a.bc d.ef g.hi r/t pid\"");
	ok(read_file("/proc/uptime", buf, sizeof(buf)) > 0 &&
	   sscanf(buf, "%lf %lf%c", &a, &b, &c) == 3 && c == '\n' && a > 0 &&
	   strchr(buf, '.') && strchr(buf, '.')[3] == ' ', "uptime: two numbers with 2 decimals");
	ok(read_file("/proc/stat", buf, sizeof(buf)) > 0 && !strncmp(buf, "cpu  ", 5) &&
	   sscanf(buf + 5, "%*u %*u %*u %*u %*u %*u %*u %*u%n", &n) == 0 && n > 0 &&
	   strstr(buf, "\nctxt ") && strstr(buf, "\nprocs_running "), "stat: a \"cpu  \" line, ctxt, procs_running");
	ok(read_file("/proc/version", buf, sizeof(buf)) > 0 && strstr(buf, " version ") &&
	   buf[strlen(buf) - 1] == '\n', "version: a banner line");
	ok(read_file("/proc/mounts", buf, sizeof(buf)) > 0 && strstr(buf, "proc /proc proc rw"),
	   "mounts: proc on /proc");
	ok(read_file("/proc/filesystems", buf, sizeof(buf)) > 0 && strstr(buf, "nodev\tproc\n"),
	   "filesystems: nodev\\tproc");
	ok(read_file("/proc/vmstat", buf, sizeof(buf)) > 0 && !strncmp(buf, "nr_free_pages ", 14) &&
	   strstr(buf, "\npgfault ") && strstr(buf, "\npswpin ") && strstr(buf, "\noom_kill "),
	   "vmstat: nr_free_pages first, pgfault, pswpin, oom_kill");
	ok(read_file("/proc/buddyinfo", buf, sizeof(buf)) > 0 && !strncmp(buf, "Node 0, zone ", 13) &&
	   sscanf(buf, "Node 0, zone %*s %u %u", &r, &t) == 2, "buddyinfo: Node 0, zone <name> counts");
	ok(read_file("/proc/zoneinfo", buf, sizeof(buf)) > 0 && !strncmp(buf, "Node 0, zone ", 13) &&
	   strstr(buf, "\n  pages free ") && strstr(buf, "\n        min "), "zoneinfo: pages free, min");
	ok(read_file("/proc/swaps", buf, sizeof(buf)) > 0 &&
	   !strncmp(buf, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", 38), "swaps: Linux's header");
	{
		double one = load_while_spinning();

		ok(one > 0, "the 1-minute load average rises while a process spins (%.2f)", one);
	}
	for (int i = 0; i < 4; i++) {
		char path[64];

		sysctl_path(path, sizeof(path), vm_files[i]);
		int good = read_int_file(path, &val) && val >= 0;

		ok(good, "%s reads \"N\\n\" (%ld)", path, good ? val : -1);
	}
	{
		struct stat st;
		long err = read_file("/proc/sys/vm/drop_caches", buf, sizeof(buf));

		ok(stat("/proc/sys/vm/drop_caches", &st) == 0 && (st.st_mode & 07777) == 0200 &&
		   err == -EACCES, "drop_caches: mode 0200, reading it is EACCES (%s)",
		   err < 0 ? strerror((int)-err) : "read");
	}
	if (on_pagoda()) {
		pagoda_writes();
	} else {
		for (int i = 0; i < 13; i++)
			skip("sysctl writes change the host: Pagoda only");
	}
	return done_testing();
}
