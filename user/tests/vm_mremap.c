/*
 * user/tests/vm_mremap.c - mremap: growing in place, moving, shrinking,
 * errnos, and pages moved while shared copy-on-write or MAP_SHARED.
 *
 *  grow     into free space above: the same address, old data kept, the new
 *           pages zero; blocked by another mapping: ENOMEM without
 *           MREMAP_MAYMOVE, a move with it (data kept, the old range gone:
 *           SEGV_MAPERR); MREMAP_FIXED: moved exactly where asked,
 *           replacing what was there.
 *  shrink   the same address, the tail gone.
 *  errnos   unaligned address, new size 0, unknown flags, MREMAP_FIXED
 *           without MREMAP_MAYMOVE -> EINVAL; nothing mapped at the address,
 *           or an old range that runs past its mapping -> EFAULT.
 *  sharing  a private region shared copy-on-write with a child, moved by
 *           the parent: the parent's later writes stay its own, the child
 *           still sees the old data; a MAP_SHARED region moved by the
 *           parent stays shared with the child (writes both ways).
 */
#include "vm_util.h"

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2
#endif

static void grow_and_shrink(void)
{
	unsigned char *a = map_anon(8 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char *r;

	munmap(a + 4 * PAGE, 4 * PAGE);
	memset(a, 0x31, 4 * PAGE);
	r = sys_mremap(a, 4 * PAGE, 6 * PAGE, 0, NULL);
	ok(r == a, "grow 4 -> 6 pages into free space: in place (%p)", (void *)r);
	ok(r == a && a[4 * PAGE - 1] == 0x31 && a[4 * PAGE] == 0 && a[6 * PAGE - 1] == 0,
	   "old data kept, the new pages are zero");
	if (r != a)
		bail("mremap did not grow in place: %s", strerror(errno));
	a[6 * PAGE - 1] = 0x32;

	void *blocker = mmap(a + 6 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			     -1, 0);

	if (blocker == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	r = sys_mremap(a, 6 * PAGE, 8 * PAGE, 0, NULL);
	errno_is(r == MAP_FAILED ? errno : 0, ENOMEM, "grow when blocked, no MREMAP_MAYMOVE -> ENOMEM");
	r = sys_mremap(a, 6 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, NULL);
	ok(r != MAP_FAILED && r != a, "with MREMAP_MAYMOVE it moves (%p -> %p)", (void *)a, (void *)r);
	if (r == MAP_FAILED)
		bail("mremap: %s", strerror(errno));
	ok(r[0] == 0x31 && r[4 * PAGE - 1] == 0x31 && r[6 * PAGE - 1] == 0x32 && r[7 * PAGE] == 0,
	   "the moved mapping has the data, and zeros in its new pages");
	probe_is(probe(a, 0), PROBE_MAPERR, "the old range is gone");
	ok(probe(blocker, 0) == PROBE_OK, "the blocking mapping is untouched");

	unsigned char *s = sys_mremap(r, 8 * PAGE, 2 * PAGE, 0, NULL);

	ok(s == r && s[PAGE] == 0x31, "shrink 8 -> 2 pages: same address, data kept");
	probe_is(probe(r + 2 * PAGE, 0), PROBE_MAPERR, "the tail is gone");

	/* MREMAP_FIXED onto the blocker: replaces it */
	unsigned char *f = sys_mremap(s, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, blocker);

	ok(f == blocker && f[0] == 0x31 && probe(f + PAGE, 1) == PROBE_OK,
	   "MREMAP_FIXED moves exactly there, replacing the read-only page with a writable one");
	munmap(f, 2 * PAGE);
}

static void errnos(void)
{
	unsigned char *a = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, 0);
	unsigned char *b = map_anon(4 * PAGE, PROT_READ, 0);	/* no merging with a */

	errno_is(errno_of((long)sys_mremap(a + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL)), EINVAL,
		 "mremap: unaligned address -> EINVAL");
	errno_is(errno_of((long)sys_mremap(a, PAGE, 0, MREMAP_MAYMOVE, NULL)), EINVAL,
		 "mremap: new size 0 -> EINVAL");
	errno_is(errno_of((long)sys_mremap(a, PAGE, 2 * PAGE, 0x100, NULL)), EINVAL,
		 "mremap: unknown flags -> EINVAL");
	errno_is(errno_of((long)sys_mremap(a, PAGE, PAGE, MREMAP_FIXED, b)), EINVAL,
		 "mremap: MREMAP_FIXED without MREMAP_MAYMOVE -> EINVAL");
	munmap(a + 3 * PAGE, PAGE);
	errno_is(errno_of((long)sys_mremap(a + 3 * PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL)), EFAULT,
		 "mremap: nothing mapped there -> EFAULT");
	errno_is(errno_of((long)sys_mremap(a, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, NULL)), EFAULT,
		 "mremap: an old range running past its mapping -> EFAULT");
	munmap(a, 3 * PAGE);
	munmap(b, 4 * PAGE);
}

/* A child that waits for the go, then checks p[0] (and for shared: writes p[1]). */
static pid_t waiting_child(int go_fd, unsigned char *p, unsigned char want, bool answer)
{
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		char c;

		if (read(go_fd, &c, 1) != 1)
			_exit(3);
		if (p[0] != want)
			_exit(1);
		if (answer)
			p[1] = 0x99;
		_exit(0);
	}
	return pid;
}

static void sharing(void)
{
	for (int shared = 0; shared < 2; shared++) {
		unsigned char *p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : 0);
		int go[2], status;

		memset(p, 0x40, 4 * PAGE);
		if (pipe(go) < 0)
			bail("pipe: %s", strerror(errno));
		pid_t pid = waiting_child(go[0], p, shared ? 0x41 : 0x40, shared);
		unsigned char *q = sys_mremap(p, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE, NULL);

		if (q == MAP_FAILED)
			bail("mremap: %s", strerror(errno));
		q[0] = 0x41;
		if (write(go[1], "g", 1) != 1)
			bail("write: %s", strerror(errno));
		waitpid(pid, &status, 0);
		if (shared)
			ok(exited_with(status, 0) && q[1] == 0x99,
			   "MAP_SHARED moved by the parent: still shared with the child both ways (%s)",
			   status_str(status));
		else
			ok(exited_with(status, 0) && q[0] == 0x41 && q[PAGE] == 0x40,
			   "private and copy-on-write, moved by the parent: the child keeps the old data (%s)",
			   status_str(status));
		close(go[0]);
		close(go[1]);
		munmap(q, 64 * PAGE);
	}
}

int main(void)
{
	plan(18);
	grow_and_shrink();
	errnos();
	sharing();
	return done_testing();
}
