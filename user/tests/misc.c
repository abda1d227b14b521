/*
 * user/tests/misc.c - the small syscalls: ids, uname, clocks, sleeping,
 * sysinfo, getrusage, resource limits, umask, getrandom, arch_prctl.
 *
 * Checks, with Linux's semantics:
 *  - getpid/gettid (equal: one thread), getppid in a child is our pid;
 *    uid/gid calls agree with each other; setpgid/getpgid, setsid/getsid
 *    in a child (a new session leader owns its group);
 *  - uname: sysname, release, version and machine ("x86_64") filled in;
 *  - CLOCK_MONOTONIC never goes back and advances across nanosleep by at
 *    least the time slept (a lower bound only); CLOCK_REALTIME and
 *    gettimeofday agree to the second; EINVAL for a bad clock or a bad
 *    tv_nsec;
 *  - sysinfo: RAM sizes, mem_unit, at least one process; getrusage of
 *    SELF and CHILDREN; getrlimit/setrlimit/prlimit64 of RLIMIT_NOFILE
 *    (soft <= hard, lowering the soft limit takes effect: EMFILE);
 *  - umask returns the old mask; getrandom fills a buffer (two calls
 *    differ); arch_prctl(ARCH_GET_FS) is musl's thread pointer;
 *    sched_yield returns 0; an unknown syscall number gives ENOSYS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define ARCH_GET_FS 0x1003

static int child_ids(void *arg)
{
	pid_t parent = *(pid_t *)arg;

	if (getppid() != parent)
		return 1;
	if (setpgid(0, 0) != 0 || getpgid(0) != getpid() || getpgrp() != getpid())
		return 2;
	return 0;
}

static int child_session(void *arg)
{
	(void)arg;
	pid_t sid = setsid();

	if (sid != getpid() || getsid(0) != getpid() || getpgid(0) != getpid())
		return 1;
	errno = 0;
	if (setsid() != -1 || errno != EPERM)	/* already a group leader */
		return 2;
	return 0;
}

static void ids(void)
{
	pid_t me = getpid();

	ok(me > 0, "getpid is positive (%d)", me);
	is(syscall(SYS_gettid), me, "gettid == getpid in a single-threaded process");
	ok(getppid() > 0 || me == 1, "getppid is positive (%d)", getppid());
	ok(getuid() == geteuid() && getgid() == getegid(), "uid == euid, gid == egid (%d, %d)",
	   getuid(), getgid());
	int status = run_child(child_ids, &me);

	ok(exited_with(status, 0), "a child sees getppid() == our pid; setpgid(0, 0) makes a group (%s)",
	   status_str(status));
	status = run_child(child_session, NULL);
	ok(exited_with(status, 0), "setsid makes a session and a group; a second setsid: EPERM (%s)",
	   status_str(status));
	/*
	 * Not "> 0": under a container the session leader may live in an
	 * outer pid namespace, and then Linux reports the session as 0.
	 */
	ok(getsid(0) != -1 && getsid(0) == getsid(me) && getpgid(0) == getpgid(me) &&
	   getpgid(0) != -1, "getsid(0), getpgid(0) of ourselves agree with getsid/getpgid(getpid())");
	errno = 0;
	ok(getpgid(999999) == -1 && errno == ESRCH, "getpgid of no process: ESRCH");
}

static void uname_check(void)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	ok(uname(&u) == 0, "uname");
	ok(u.sysname[0] && u.release[0] && u.version[0] && u.nodename[0],
	   "sysname, nodename, release, version are set (%s %s)", u.sysname, u.release);
	ok(!strcmp(u.machine, "x86_64"), "machine is x86_64 (%s)", u.machine);
}

static long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000L + (b->tv_nsec - a->tv_nsec);
}

static void clocks(void)
{
	struct timespec a, b, c, rt;
	struct timeval tv;
	int monotonic = 1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (ns_between(&a, &b) < 0)
			monotonic = 0;
		a = b;
	}
	ok(monotonic && b.tv_nsec >= 0 && b.tv_nsec < 1000000000L,
	   "CLOCK_MONOTONIC never goes back over 1000 reads");
	struct timespec req = { 0, 30 * 1000 * 1000 };

	clock_gettime(CLOCK_MONOTONIC, &a);
	is(nanosleep(&req, NULL), 0, "nanosleep(30 ms) returns 0");
	clock_gettime(CLOCK_MONOTONIC, &c);
	long slept = ns_between(&a, &c);

	ok(slept >= 30 * 1000 * 1000, "CLOCK_MONOTONIC advanced by at least 30 ms (%ld us)",
	   slept / 1000);
	int r1 = clock_gettime(CLOCK_REALTIME, &rt), r2 = gettimeofday(&tv, NULL);
	long diff = (long)tv.tv_sec - (long)rt.tv_sec;

	ok(r1 == 0 && r2 == 0 && diff >= 0 && diff <= 1 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
	   "CLOCK_REALTIME and gettimeofday agree (%ld s)", (long)rt.tv_sec);
	errno = 0;
	ok(syscall(SYS_clock_gettime, 12345, &a) == -1 && errno == EINVAL, "an unknown clock: EINVAL");
	req.tv_nsec = 1000000000L;
	errno = 0;
	ok(nanosleep(&req, NULL) == -1 && errno == EINVAL, "nanosleep with tv_nsec = 1e9: EINVAL");
}

static void sysinfo_rusage(void)
{
	struct sysinfo si;
	struct rusage ru;

	memset(&si, 0, sizeof(si));
	int r = sysinfo(&si);

	ok(r == 0 && si.totalram > 0 && si.mem_unit >= 1 && si.freeram <= si.totalram,
	   "sysinfo: totalram %lu, freeram %lu (unit %u)", si.totalram, si.freeram, si.mem_unit);
	ok(si.procs >= 1, "sysinfo: %u processes, uptime %ld s", si.procs,
	   si.uptime);
	ok(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec < 1000000 &&
	   ru.ru_stime.tv_usec < 1000000, "getrusage(RUSAGE_SELF)");
	ok(getrusage(RUSAGE_CHILDREN, &ru) == 0, "getrusage(RUSAGE_CHILDREN)");
	errno = 0;
	ok(getrusage(42, &ru) == -1 && errno == EINVAL, "getrusage(42): EINVAL");
}

static void limits(void)
{
	struct rlimit rl, old, got;

	int r = getrlimit(RLIMIT_NOFILE, &old);

	ok(r == 0 && old.rlim_cur <= old.rlim_max && old.rlim_cur >= 20,
	   "getrlimit(RLIMIT_NOFILE): soft %llu <= hard %llu", (unsigned long long)old.rlim_cur,
	   (unsigned long long)old.rlim_max);
	ok(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &got) == 0 && got.rlim_cur == old.rlim_cur &&
	   got.rlim_max == old.rlim_max, "prlimit64(0, RLIMIT_NOFILE) agrees");
	rl.rlim_cur = 10;
	rl.rlim_max = old.rlim_max;
	ok(setrlimit(RLIMIT_NOFILE, &rl) == 0 && getrlimit(RLIMIT_NOFILE, &got) == 0 &&
	   got.rlim_cur == 10, "setrlimit lowers the soft limit to 10");
	int fds[16], n = 0, e = 0;

	for (n = 0; n < 16; n++) {
		fds[n] = open("/dev/null", O_RDONLY);
		if (fds[n] < 0) {
			e = errno;
			break;
		}
	}
	ok(n < 16 && e == EMFILE, "... and open fails with EMFILE past it (after %d opens)", n);
	while (n-- > 0)
		close(fds[n]);
	rl.rlim_max = old.rlim_max + 1;
	rl.rlim_cur = old.rlim_max + 1;
	if (getuid() != 0) {
		errno = 0;
		ok(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EPERM,
		   "raising the hard limit needs privilege: EPERM");
	} else {
		skip("raising the hard limit needs privilege: we are root");
	}
	rl.rlim_cur = old.rlim_max;
	rl.rlim_max = old.rlim_cur - 1;
	errno = 0;
	ok(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL, "soft > hard: EINVAL");
	ok(setrlimit(RLIMIT_NOFILE, &old) == 0, "the old limit is restored");
	r = getrlimit(RLIMIT_STACK, &rl);
	ok(r == 0 && rl.rlim_cur > 0, "getrlimit(RLIMIT_STACK): %llu",
	   (unsigned long long)rl.rlim_cur);
}

static void odds_and_ends(void)
{
	unsigned char a[32], b[32];
	uintptr_t fs = 0;
	mode_t old = umask(027);

	is(umask(old), 027, "umask returns the previous mask");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ok(getrandom(a, sizeof(a), 0) == sizeof(a) && getrandom(b, sizeof(b), GRND_NONBLOCK) == sizeof(b),
	   "getrandom fills 32 bytes");
	ok(memcmp(a, b, sizeof(a)) != 0, "two getrandom calls differ");
	errno = 0;
	ok(getrandom(a, sizeof(a), 0x1234) == -1 && errno == EINVAL, "getrandom with bad flags: EINVAL");
	ok(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0 && fs != 0, "arch_prctl(ARCH_GET_FS)");
	uintptr_t tp;

	asm("mov %%fs:0, %0" : "=r" (tp));	/* musl: the TCB's first word points to itself */
	is(fs, tp, "the FS base is the thread pointer musl set up");
	is(sched_yield(), 0, "sched_yield");
	errno = 0;
	ok(syscall(1000) == -1 && errno == ENOSYS, "syscall 1000: ENOSYS");
}

int main(void)
{
	plan(38);
	ids();
	uname_check();
	clocks();
	sysinfo_rusage();
	limits();
	odds_and_ends();
	return done_testing();
}
