/*
 * user/tests/vm_mmap.c - mmap's flags, munmap's ranges, madvise, mincore,
 * mlock: Linux's semantics and errnos (checked natively first).
 *
 *  mmap     length 0, neither MAP_PRIVATE nor MAP_SHARED, an unaligned
 *           MAP_FIXED address or file offset -> EINVAL; a length that
 *           wraps, or MAP_FIXED past the user half -> ENOMEM; a file
 *           mapping without a file -> EBADF; MAP_SHARED + PROT_WRITE of a
 *           read-only file -> EACCES; MAP_FIXED_NOREPLACE over a mapping ->
 *           EEXIST, on a free range -> there; MAP_FIXED over a mapping
 *           replaces it (zeros); a free hint is honoured; without one,
 *           mappings go top-down; PROT_NONE faults (SEGV_ACCERR);
 *           MAP_POPULATE maps every page at once (no fault afterwards,
 *           mincore says resident); a private file mapping shows the file,
 *           keeps writes private, and a page wholly past the end of the
 *           file raises SIGBUS.
 *  munmap   unaligned or zero length -> EINVAL; a range with nothing in it
 *           -> 0; a range over two mappings and the hole between them
 *           removes exactly that range (the ends of both stay).
 *  madvise  MADV_DONTNEED: private anonymous pages read as zeros again,
 *           shared ones keep their data (it lives in the shared object);
 *           unaligned -> EINVAL, unknown advice -> EINVAL, unmapped ->
 *           ENOMEM; MADV_NORMAL/RANDOM/SEQUENTIAL/WILLNEED -> 0.
 *  mincore  untouched anonymous pages are not resident, written ones are;
 *           unaligned -> EINVAL; unmapped -> ENOMEM.
 *  mlock    makes every page resident at once; munlock; mlock of unmapped
 *           memory -> ENOMEM; mlockall(MCL_FUTURE) populates later
 *           mappings; munlockall.
 */
#include <fcntl.h>

#include "vm_util.h"

#define TASK_SIZE_MAX	0x00007ffffffff000UL	/* Linux x86-64's TASK_SIZE */

static int mmap_errno(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = sys_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		return errno;
	sys_munmap(p, len);
	return 0;
}

static const char *tmpdir;
static char file_path[256];

/* A file of 2.5 pages: bytes i % 251, made in a fresh tmp directory. */
static int make_file(void)
{
	static unsigned char buf[PAGE * 5 / 2];
	int fd;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i % 251);
	snprintf(file_path, sizeof(file_path), "%s/file", tmpdir);
	fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		bail("cannot make %s: %s", file_path, strerror(errno));
	return fd;
}

static void mmap_errnos(int fd)
{
	int rofd = open(file_path, O_RDONLY);
	unsigned char *p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);

	errno_is(mmap_errno(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL,
		 "mmap: length 0 -> EINVAL");
	errno_is(mmap_errno(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL,
		 "mmap: neither MAP_PRIVATE nor MAP_SHARED -> EINVAL");
	errno_is(mmap_errno(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		 EINVAL, "mmap: unaligned MAP_FIXED address -> EINVAL");
	errno_is(mmap_errno(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL,
		 "mmap: unaligned file offset -> EINVAL");
	errno_is(mmap_errno(NULL, (size_t)-PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		 ENOMEM, "mmap: a length that wraps -> ENOMEM");
	errno_is(mmap_errno((void *)(TASK_SIZE_MAX - PAGE), 2 * PAGE, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		 ENOMEM, "mmap: MAP_FIXED reaching past the user half -> ENOMEM");
	errno_is(mmap_errno(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF,
		 "mmap: a file mapping of fd -1 -> EBADF");
	errno_is(mmap_errno(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rofd, 0), EACCES,
		 "mmap: MAP_SHARED + PROT_WRITE of a read-only fd -> EACCES");
	errno_is(mmap_errno(p + PAGE, PAGE, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
		 EEXIST, "mmap: MAP_FIXED_NOREPLACE over a mapping -> EEXIST");
	close(rofd);
	munmap(p, 4 * PAGE);
}

static void mmap_placement(void)
{
	unsigned char *a = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char *b = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);

	struct rlimit stack;

	getrlimit(RLIMIT_STACK, &stack);
	if (stack.rlim_cur == RLIM_INFINITY)	/* Linux's legacy bottom-up layout (mmap_is_legacy) */
		skip("an unlimited stack rlimit selects the legacy bottom-up layout");
	else
		ok(b < a, "without a hint, mappings go top-down (%p below %p)", (void *)b, (void *)a);
	memset(a, 0x77, 4 * PAGE);
	void *r = mmap(a + PAGE, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	ok(r == a + PAGE && a[PAGE] == 0 && a[PAGE + 4095] == 0 && a[0] == 0x77 && a[2 * PAGE] == 0x77,
	   "MAP_FIXED over a mapping replaces just that page with zeros");
	munmap(a, 4 * PAGE);
	r = mmap(a + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ok(r == a + PAGE, "MAP_FIXED_NOREPLACE on a free range maps exactly there");
	munmap(r, PAGE);
	r = mmap(a + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(r == a + 2 * PAGE, "a free hint is honoured");
	munmap(r, PAGE);
	munmap(b, 4 * PAGE);

	unsigned char *n = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	probe_is(probe(n, 0), PROBE_ACCERR, "PROT_NONE: a read faults with SEGV_ACCERR");
	munmap(n, PAGE);
}

static void mmap_populate(void)
{
	size_t len = 64 * PAGE;
	unsigned char vec[64];
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	int resident = 0;

	if (p == MAP_FAILED)
		bail("mmap MAP_POPULATE: %s", strerror(errno));
	if (mincore(p, len, vec) == 0)
		for (int i = 0; i < 64; i++)
			resident += vec[i] & 1;
	is(resident, 64, "MAP_POPULATE: mincore says every page is resident");
	long f0 = minflt();

	memset(p, 1, len);
	long faults = minflt() - f0;

	ok(faults <= 4, "MAP_POPULATE: writing the pages takes no faults (%ld)", faults);
	munmap(p, len);
}

static void file_mapping(int fd)
{
	unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char byte;
	int good = 1;

	if (p == MAP_FAILED)
		bail("mmap of the file: %s", strerror(errno));
	for (size_t i = 0; i < PAGE * 5 / 2; i += 7)
		good &= p[i] == i % 251;
	ok(good && p[PAGE * 5 / 2] == 0 && p[3 * PAGE - 1] == 0,
	   "a private file mapping shows the file, zeros after its end in the last page");
	p[10] = 0xee;
	ok(pread(fd, &byte, 1, 10) == 1 && byte == 10 && p[10] == 0xee,
	   "a write to it stays private: the file is unchanged");
	probe_is(probe(p + 3 * PAGE, 0), PROBE_BUS,
		 "a page wholly past the end of the file raises SIGBUS");
	munmap(p, 4 * PAGE);
}

static void munmap_ranges(void)
{
	/* a: 4 pages RW, a hole of 2 pages, b: 4 pages R (not merged with a) */
	unsigned char *base = map_anon(10 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char *a = base, *b = base + 6 * PAGE;

	munmap(base + 4 * PAGE, 2 * PAGE);
	mprotect(b, 4 * PAGE, PROT_READ);
	memset(a, 0x11, 4 * PAGE);

	errno_is(errno_of(sys_munmap(a + 1, PAGE)), EINVAL, "munmap: unaligned address -> EINVAL");
	errno_is(errno_of(sys_munmap(a, 0)), EINVAL, "munmap: length 0 -> EINVAL");
	errno_is(errno_of(sys_munmap(base + 4 * PAGE, 2 * PAGE)), 0, "munmap of a hole -> 0");
	errno_is(errno_of(sys_munmap(a + 2 * PAGE, 6 * PAGE)), 0,
		 "munmap over two mappings and the hole between -> 0");
	ok(probe(a + PAGE, 1) == PROBE_OK && a[PAGE] == 0x11 && probe(b + 2 * PAGE, 0) == PROBE_OK,
	   "the ends outside the range stay (a's first two pages, b's last two)");
	ok(probe(a + 2 * PAGE, 0) == PROBE_MAPERR && probe(a + 3 * PAGE, 0) == PROBE_MAPERR &&
	   probe(b, 0) == PROBE_MAPERR && probe(b + PAGE, 0) == PROBE_MAPERR,
	   "every page inside the range is gone (SEGV_MAPERR)");
	munmap(base, 10 * PAGE);
}

static void madvise_checks(void)
{
	unsigned char *p = map_anon(8 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char *s = map_anon(8 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);

	memset(p, 0x33, 8 * PAGE);
	memset(s, 0x44, 8 * PAGE);
	is(madvise(p + 2 * PAGE, 4 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on private memory");
	ok(p[2 * PAGE] == 0 && p[6 * PAGE - 1] == 0 && p[PAGE] == 0x33 && p[6 * PAGE] == 0x33,
	   "its pages read as zeros again, the others keep their data");
	is(madvise(s, 8 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on shared memory");
	ok(s[0] == 0x44 && s[8 * PAGE - 1] == 0x44, "shared pages keep their data (the object has it)");
	errno_is(errno_of(madvise(p + 1, PAGE, MADV_DONTNEED)), EINVAL,
		 "madvise: unaligned address -> EINVAL");
	errno_is(errno_of(madvise(p, PAGE, 12345)), EINVAL, "madvise: unknown advice -> EINVAL");
	munmap(p + 4 * PAGE, PAGE);
	errno_is(errno_of(madvise(p, 8 * PAGE, MADV_DONTNEED)), ENOMEM,
		 "madvise over a hole -> ENOMEM");
	ok(madvise(p, 4 * PAGE, MADV_NORMAL) == 0 && madvise(p, 4 * PAGE, MADV_RANDOM) == 0 &&
	   madvise(p, 4 * PAGE, MADV_SEQUENTIAL) == 0 && madvise(p, 4 * PAGE, MADV_WILLNEED) == 0,
	   "MADV_NORMAL, RANDOM, SEQUENTIAL, WILLNEED -> 0");
	munmap(p, 8 * PAGE);
	munmap(s, 8 * PAGE);
}

static void mincore_mlock_checks(void)
{
	unsigned char *p = map_anon(16 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char vec[16];
	int touched = 1, untouched = 0, resident = 0;

	p[3 * PAGE] = 1;
	p[9 * PAGE] = 1;
	is(mincore(p, 16 * PAGE, vec), 0, "mincore of an anonymous mapping");
	for (int i = 0; i < 16; i++) {
		if (i == 3 || i == 9)
			touched &= vec[i] & 1;
		else
			untouched += vec[i] & 1;
	}
	ok(touched && untouched == 0, "mincore: the two written pages are resident, no other");
	errno_is(errno_of(mincore(p + 1, PAGE, vec)), EINVAL, "mincore: unaligned -> EINVAL");
	munmap(p + 15 * PAGE, PAGE);
	errno_is(errno_of(mincore(p, 16 * PAGE, vec)), ENOMEM, "mincore over a hole -> ENOMEM");

	is(mlock(p, 8 * PAGE), 0, "mlock of 8 pages");
	mincore(p, 8 * PAGE, vec);
	for (int i = 0; i < 8; i++)
		resident += vec[i] & 1;
	is(resident, 8, "mlock made every page resident");
	is(munlock(p, 8 * PAGE), 0, "munlock");
	errno_is(errno_of(mlock(p + 15 * PAGE, PAGE)), ENOMEM, "mlock of unmapped memory -> ENOMEM");
	munmap(p, 16 * PAGE);

	is(mlockall(MCL_CURRENT | MCL_FUTURE), 0, "mlockall(MCL_CURRENT | MCL_FUTURE)");
	unsigned char *q = map_anon(8 * PAGE, PROT_READ | PROT_WRITE, 0);

	resident = 0;
	mincore(q, 8 * PAGE, vec);
	for (int i = 0; i < 8; i++)
		resident += vec[i] & 1;
	is(resident, 8, "after MCL_FUTURE a new mapping is resident at once");
	is(munlockall(), 0, "munlockall");
	munmap(q, 8 * PAGE);
}

int main(void)
{
	int fd;

	plan(44);
	tmpdir = make_tmpdir("vm_mmap");
	fd = make_file();
	mmap_errnos(fd);
	mmap_placement();
	mmap_populate();
	file_mapping(fd);
	munmap_ranges();
	madvise_checks();
	mincore_mlock_checks();
	close(fd);
	remove_tree(tmpdir);
	return done_testing();
}
