/*
 * user/tests/mmap_brk.c - brk, mmap and munmap.
 *
 * Checks, with Linux's semantics:
 *  - brk(0) reports the break; growing it gives zeroed, writable memory;
 *    shrinking works; a break below the start is refused (brk returns the
 *    old break, as the raw syscall does);
 *  - anonymous MAP_PRIVATE memory is zeroed and writable, and fork copies
 *    it (the child's writes do not reach the parent);
 *  - PROT_READ memory faults on a write (SIGSEGV in a child); munmap'ed
 *    memory faults on a read; munmap of one page in the middle leaves the
 *    neighbours; MAP_FIXED maps at the address asked for;
 *  - a MAP_PRIVATE file mapping shows the file's bytes, zero past the end
 *    of the file in the last page, and writes to it stay private;
 *  - EINVAL for a zero length, an unaligned munmap, neither MAP_PRIVATE
 *    nor MAP_SHARED; EBADF for a file mapping without a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define PAGE 4096UL

static uintptr_t sys_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

static void brk_checks(void)
{
	uintptr_t start = sys_brk(0);
	uintptr_t want = start + 16 * PAGE;

	ok(start != 0, "brk(0) reports the break (%#lx)", (unsigned long)start);
	is(sys_brk(want), want, "brk grows the heap by 64 KiB");
	unsigned char *p = (unsigned char *)start;
	int zero = 1;

	for (unsigned long i = 0; i < 16 * PAGE; i += 512)
		zero &= p[i] == 0;
	memset(p, 0x5a, 16 * PAGE);
	ok(zero && p[16 * PAGE - 1] == 0x5a, "the new heap is zeroed and writable");
	is(sys_brk(start + PAGE), start + PAGE, "brk shrinks it");
	is(sys_brk(start - 64 * 1024 * 1024), start + PAGE, "a break far below the start is refused");
	sys_brk(start);
}

static int write_to(void *arg)
{
	*(volatile int *)arg = 1;
	return 0;
}

static int read_from(void *arg)
{
	return *(volatile int *)arg == 12345 ? 1 : 2;
}

static void anon_checks(void)
{
	size_t len = 1024 * 1024;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1, status;

	ok(p != MAP_FAILED && (uintptr_t)p % PAGE == 0, "mmap 1 MiB anonymous (%p)", (void *)p);
	if (p == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	for (size_t i = 0; i < len; i += PAGE)
		zero &= p[i] == 0 && p[i + PAGE - 1] == 0;
	memset(p, 0xa5, len);
	ok(zero && p[len - 1] == 0xa5, "it is zeroed and writable");

	pid_t pid = fork();

	if (pid == 0) {
		memset(p, 0x11, len);
		_exit(p[100] == 0x11 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0) && p[100] == 0xa5 && p[len - 1] == 0xa5,
	   "fork copies it: the child's writes stay in the child");

	is(munmap(p + 4 * PAGE, PAGE), 0, "munmap one page in the middle");
	status = run_child(read_from, p + 4 * PAGE);
	ok(killed_by(status, SIGSEGV), "reading the hole: SIGSEGV (%s)", status_str(status));
	ok(p[3 * PAGE] == 0xa5 && p[5 * PAGE] == 0xa5, "its neighbours are still there");
	is(munmap(p, len), 0, "munmap the whole range (hole included)");
	status = run_child(read_from, p);
	ok(killed_by(status, SIGSEGV), "reading unmapped memory: SIGSEGV (%s)", status_str(status));

	int *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	status = run_child(write_to, ro);
	ok(ro != MAP_FAILED && ro[10] == 0 && killed_by(status, SIGSEGV),
	   "writing PROT_READ memory: SIGSEGV (%s)", status_str(status));
	munmap(ro, PAGE);

	void *hint = (void *)0x300000000000UL;
	void *q = mmap(hint, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);

	ok(q == hint, "MAP_FIXED maps at the address given (%p)", q);
	munmap(q, 2 * PAGE);
}

static void file_checks(void)
{
	const char *dir = make_tmpdir("mmap");
	char path[192];
	char data[6000];
	int fd;

	snprintf(path, sizeof(path), "%s/file", dir);
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	if (fd < 0 || write(fd, data, sizeof(data)) != sizeof(data))
		bail("writing %s: %s", path, strerror(errno));
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	ok(p != MAP_FAILED, "mmap a file MAP_PRIVATE");
	if (p == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	ok(!memcmp(p, data, sizeof(data)), "the mapping shows the file's bytes");
	int zero = 1;

	for (unsigned long i = sizeof(data); i < 2 * PAGE; i++)
		zero &= p[i] == 0;
	ok(zero, "the rest of the last page is zero");
	p[0] = 'Z';
	char c = 0;

	pread(fd, &c, 1, 0);
	is(c, 'a', "a write to a MAP_PRIVATE mapping does not reach the file");
	munmap(p, 2 * PAGE);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	ok(p != MAP_FAILED && !memcmp(p, data + PAGE, 100), "a mapping at file offset 4096");
	if (p != MAP_FAILED)
		munmap(p, PAGE);
	close(fd);
	remove_tree(dir);
}

static void errors(void)
{
	void *p;

	errno = 0;
	p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p == MAP_FAILED && errno == EINVAL, "mmap of length 0: EINVAL");
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
	ok(p == MAP_FAILED && errno == EINVAL, "neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0);
	ok(p == MAP_FAILED && errno == EBADF, "a file mapping of fd -1: EBADF");
	errno = 0;
	ok(munmap((void *)0x10001, PAGE) == -1 && errno == EINVAL, "munmap of an unaligned address: EINVAL");
}

int main(void)
{
	plan(24);
	brk_checks();
	anon_checks();
	file_checks();
	errors();
	return done_testing();
}
