/*
 * user/tests/vm_util.h - helpers for the virtual-memory test programs
 * (user/tests/vm_*.c), on top of tap.h and util.h.
 *
 * The vm tests judge the kernel's memory management from user space only,
 * with what Linux and Pagoda both report:
 *
 *	minflt()            getrusage(RUSAGE_SELF).ru_minflt: page faults served
 *	                    without I/O - every demand-zero, zero-page,
 *	                    copy-on-write and reuse fault counts one
 *	maxrss_kib()        getrusage(RUSAGE_SELF).ru_maxrss: the high-water
 *	                    mark of this process's resident set, in KiB
 *	ram_total()         sysinfo totalram in bytes (to scale sizes: the same
 *	                    program runs on a 64 MiB guest and a 24 GiB host)
 *	map_anon(len, prot, flags)   mmap of anonymous memory, MAP_PRIVATE
 *	                    unless flags says MAP_SHARED; bails on failure.
 *	                    MADV_NOHUGEPAGE is asked for (result ignored: Pagoda
 *	                    has no huge pages), so that a host with transparent
 *	                    huge pages faults 4 KiB at a time like Pagoda does
 *	probe(addr, write)  touch one byte in a child: PROBE_OK, PROBE_MAPERR
 *	                    (SIGSEGV, SEGV_MAPERR: no VMA), PROBE_ACCERR
 *	                    (SIGSEGV, SEGV_ACCERR: the VMA forbids it),
 *	                    PROBE_BUS (SIGBUS), PROBE_OTHER (anything else,
 *	                    including a wrong si_addr)
 *	probe_name(r)       "ok", "SEGV_MAPERR", ... for diag()
 *	errno_of(ret)       errno if ret signals failure (-1 or MAP_FAILED), else 0
 *	errno_is / probe_is  is() for an errno / a probe result, naming both
 *	sys_mmap, sys_munmap, sys_mprotect, sys_mremap   the raw system calls:
 *	                    musl's wrappers check or round some arguments
 *	                    themselves (mprotect rounds the address down, mmap
 *	                    refuses huge lengths, mremap checks sizes) and the
 *	                    errno tests are about the kernel's answers
 *	fresh_rss_process() continue in a forked child, so that ru_maxrss
 *	                    starts from this program's own pages (see below)
 *
 * Why fresh_rss_process: ru_maxrss is a high-water mark, and Linux carries
 * the peak of the image a process replaced at execve() into it (exec_mmap
 * saves the old mm's hiwater_rss in signal->maxrss).  Run natively from
 * pytest, a test would start with python's peak - tens of MiB - and could
 * not see its own growth.  A forked child starts with a fresh signal
 * struct and its parent's (small) mm peak on Linux, and with a fresh mm on
 * Pagoda, so both measure the same thing.
 *
 * Memory sizes are in bytes, PAGE is 4 KiB on both systems.
 */
#ifndef USER_TESTS_VM_UTIL_H
#define USER_TESTS_VM_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>

#include "tap.h"
#include "util.h"

#define PAGE	4096UL
#define KiB	1024UL
#define MiB	(1024UL * 1024)
#define GiB	(1024UL * MiB)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

static inline long minflt(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		bail("getrusage: %s", strerror(errno));
	return ru.ru_minflt;
}

static inline long maxrss_kib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		bail("getrusage: %s", strerror(errno));
	return ru.ru_maxrss;
}

static inline unsigned long ram_total(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		bail("sysinfo: %s", strerror(errno));
	return si.totalram * (si.mem_unit ? si.mem_unit : 1);
}

static inline unsigned long swap_total(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		bail("sysinfo: %s", strerror(errno));
	return si.totalswap * (si.mem_unit ? si.mem_unit : 1);
}

static inline unsigned char *map_anon(size_t len, int prot, int flags)
{
	if (!(flags & MAP_SHARED))
		flags |= MAP_PRIVATE;
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bail("mmap of %zu KiB: %s", len / KiB, strerror(errno));
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static inline int errno_of(long ret)
{
	return ret == -1 ? errno : 0;
}

static inline void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

static inline long sys_munmap(void *addr, size_t len)
{
	return syscall(SYS_munmap, addr, len);
}

static inline long sys_mprotect(void *addr, size_t len, int prot)
{
	return syscall(SYS_mprotect, addr, len, prot);
}

static inline void *sys_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

enum probe_result { PROBE_OK, PROBE_MAPERR, PROBE_ACCERR, PROBE_BUS, PROBE_OTHER };

static volatile unsigned char *probe_addr;

static void probe_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if ((void *)si->si_addr != (void *)probe_addr)
		_exit(PROBE_OTHER);
	if (sig == SIGBUS)
		_exit(PROBE_BUS);
	_exit(si->si_code == SEGV_MAPERR ? PROBE_MAPERR :
	      si->si_code == SEGV_ACCERR ? PROBE_ACCERR : PROBE_OTHER);
}

/* Touches *addr (reads it, or writes to it) in a child; says what happened. */
static inline enum probe_result probe(void *addr, int write)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		struct sigaction sa = { .sa_sigaction = probe_handler, .sa_flags = SA_SIGINFO };

		probe_addr = addr;
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		if (write)
			*probe_addr = 1;
		else
			(void)*probe_addr;
		_exit(PROBE_OK);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return PROBE_OTHER;
	return (enum probe_result)WEXITSTATUS(status);
}

static inline const char *probe_name(enum probe_result r)
{
	static const char *const names[] = { "ok", "SEGV_MAPERR", "SEGV_ACCERR", "SIGBUS", "other" };

	return r <= PROBE_OTHER ? names[r] : "?";
}

/* is() for a probe: reports the names on failure. */
__attribute__((format(printf, 3, 4)))
static inline int probe_is(enum probe_result got, enum probe_result want, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!ok(got == want, "%s", text))
		diag("    got %s, expected %s", probe_name(got), probe_name(want));
	return got == want;
}

/* is() for an errno: reports both names on failure. */
__attribute__((format(printf, 3, 4)))
static inline int errno_is(int got, int want, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!ok(got == want, "%s", text))
		diag("    got errno %d (%s), expected %d (%s)", got, got ? strerror(got) : "success",
		     want, want ? strerror(want) : "success");
	return got == want;
}

/*
 * Continues in a forked child; the parent waits and exits with the child's
 * status (1 if it was killed), printing nothing else.  Call before plan().
 */
static inline void fresh_rss_process(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0)
		return;
	if (waitpid(pid, &status, 0) != pid)
		bail("waitpid: %s", strerror(errno));
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	diag("the test process was %s", status_str(status));
	_exit(1);
}

#endif /* USER_TESTS_VM_UTIL_H */
