/*
 * user/tests/vm_cow.c - copy-on-write isolation: a parent, three children
 * and a grandchild sharing a private anonymous region larger than half of
 * RAM.
 *
 * The region is 9/16 of RAM (sysinfo totalram; capped at 256 MiB on hosts
 * with more than 2 GiB, where only the logic is being proved).  The parent
 * writes a tag into the first and last word of every page, then forks three
 * children.  Had fork copied the region, the first child alone would not fit
 * in RAM beside it: on a 64 MiB guest only copy-on-write can pass.
 *
 *	parent      P tags everywhere -> fork C1, C2, C3 -> waits until each
 *	            child has written -> rewrites two sets of pages (P2 tags):
 *	            ones no child wrote, and ones C1 wrote -> tells the
 *	            children to check -> checks its own view
 *	child c     checks it sees P tags everywhere; writes C tags on its own
 *	            pages (every 64th page, offset c); C1 also forks:
 *	grandchild  G checks it sees C1's tags on C1's pages and P tags
 *	            elsewhere, writes G tags on its own pages and over some of
 *	            C1's, checks them, exits; C1 checks G changed nothing
 *	            of its view
 *	            then (after the parent's rewrite) each child checks: its own
 *	            tags on its pages, the ORIGINAL P tags everywhere else - no
 *	            P2 tag, no other child's tag
 *
 * Each child exits 0 if all its checks passed, or with the number of the
 * first failed check (see enum child_check); the parent turns that into
 * TAP.  Every write after the fork is a copy-on-write break in the writer
 * only: nobody else may ever see it.
 */
#include "vm_util.h"

#define NCHILD		3
#define SET		64		/* child c writes pages i with i % SET == c */
#define PARENT_SET	7		/* the parent rewrites i % SET == 7 ... */
#define GRAND_SET	5		/* the grandchild writes i % SET == 5 ... */
#define SHARED_SET	1		/* ... and both write some of C1's pages */

enum who { WHO_P = 1, WHO_P2, WHO_C1, WHO_C2, WHO_C3, WHO_G };

enum child_check {
	CHECK_OK,
	CHECK_SEES_PARENT = 10,		/* after fork: P tags everywhere */
	CHECK_GRANDCHILD_VIEW,		/* grandchild: C1's tags and P's */
	CHECK_GRANDCHILD_OWN,		/* grandchild: its own writes */
	CHECK_GRANDCHILD_EXIT,		/* C1: the grandchild exited 0 */
	CHECK_AFTER_GRANDCHILD,		/* C1: G's writes not visible */
	CHECK_FINAL_VIEW,		/* after the parent's rewrite */
	CHECK_PIPE,			/* synchronisation failed */
};

static unsigned char *region;
static unsigned long npages;

static uint64_t tag(enum who who, unsigned long i)
{
	return (uint64_t)who << 56 | (i * 2654435761UL & 0xffffffffffffUL);
}

static uint64_t *first_word(unsigned long i)
{
	return (uint64_t *)(region + i * PAGE);
}

static uint64_t *last_word(unsigned long i)
{
	return (uint64_t *)(region + i * PAGE + PAGE - 8);
}

static void write_page(unsigned long i, enum who who)
{
	*first_word(i) = tag(who, i);
	*last_word(i) = tag(who, i);
}

static bool page_is(unsigned long i, enum who who)
{
	return *first_word(i) == tag(who, i) && *last_word(i) == tag(who, i);
}

/* Writes the set i % SET == set (with who's tags). */
static void write_set(unsigned int set, enum who who)
{
	for (unsigned long i = set; i < npages; i += SET)
		write_page(i, who);
}

/*
 * Does the region read as: expect(i) for every page?  expect returns the
 * tag owner of page i in the caller's view.
 */
static bool view_is(enum who (*expect)(unsigned long i))
{
	for (unsigned long i = 0; i < npages; i++)
		if (!page_is(i, expect(i)))
			return false;
	return true;
}

static enum who all_parent(unsigned long i)
{
	(void)i;
	return WHO_P;
}

static enum who me;		/* in a child: WHO_C1 + c */

static enum who child_view(unsigned long i)
{
	return i % SET == (unsigned long)(me - WHO_C1 + SHARED_SET) ? me : WHO_P;
}

static enum who grandchild_view(unsigned long i)
{
	if (i % SET == GRAND_SET || (i % SET == SHARED_SET && i % (2 * SET) == SHARED_SET))
		return WHO_G;
	return child_view(i);		/* me is still WHO_C1 */
}

static enum who parent_view(unsigned long i)
{
	return i % SET == PARENT_SET || i % SET == SHARED_SET ? WHO_P2 : WHO_P;
}

static void put_byte(int fd)
{
	char c = 1;

	if (write(fd, &c, 1) != 1)
		_exit(CHECK_PIPE);
}

static void get_byte(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(CHECK_PIPE);
}

/* C1's grandchild: see the top. */
static int grandchild(void *unused)
{
	(void)unused;
	if (!view_is(child_view))
		return CHECK_GRANDCHILD_VIEW;
	write_set(GRAND_SET, WHO_G);
	for (unsigned long i = SHARED_SET; i < npages; i += 2 * SET)
		write_page(i, WHO_G);
	return view_is(grandchild_view) ? CHECK_OK : CHECK_GRANDCHILD_OWN;
}

/* Child c: writes its set, tells the parent (done_fd), waits for go_fd. */
static int child(int c, int done_fd, int go_fd)
{
	int status;

	me = WHO_C1 + c;
	if (!view_is(all_parent))
		return CHECK_SEES_PARENT;
	write_set(SHARED_SET + c, me);
	if (c == 0) {
		status = run_child(grandchild, NULL);
		if (!exited_with(status, CHECK_OK))
			return WIFEXITED(status) ? WEXITSTATUS(status) : CHECK_GRANDCHILD_EXIT;
		if (!view_is(child_view))
			return CHECK_AFTER_GRANDCHILD;
	}
	put_byte(done_fd);
	close(done_fd);		/* the parent's read sees EOF once every child is done or dead */
	get_byte(go_fd);
	return view_is(child_view) ? CHECK_OK : CHECK_FINAL_VIEW;
}

static const char *check_name(int code)
{
	switch (code) {
	case CHECK_OK: return "all passed";
	case CHECK_SEES_PARENT: return "did not see the parent's data after fork";
	case CHECK_GRANDCHILD_VIEW: return "the grandchild did not see C1's view";
	case CHECK_GRANDCHILD_OWN: return "the grandchild's writes did not stick";
	case CHECK_GRANDCHILD_EXIT: return "the grandchild died";
	case CHECK_AFTER_GRANDCHILD: return "C1 saw the grandchild's writes";
	case CHECK_FINAL_VIEW: return "saw someone else's writes (or lost its own)";
	case CHECK_PIPE: return "pipe synchronisation failed";
	default: return "?";
	}
}

int main(void)
{
	unsigned long ram = ram_total(), len;
	int done[2], go[2], status;
	pid_t pids[NCHILD];

	plan(4 + NCHILD);
	len = ram <= 2 * GiB ? ram / 16 * 9 : 256 * MiB;
	len &= ~(PAGE - 1);
	npages = len / PAGE;
	diag("RAM %lu MiB; the region is %lu MiB (%lu pages)%s", ram / MiB, len / MiB, npages,
	     ram > 2 * GiB ? ", capped on a large host" : "");
	region = map_anon(len, PROT_READ | PROT_WRITE, 0);
	for (unsigned long i = 0; i < npages; i++)
		write_page(i, WHO_P);
	ok(view_is(all_parent), "the parent filled %lu MiB (more than half of RAM on a guest)",
	   len / MiB);

	if (pipe(done) < 0 || pipe(go) < 0)
		bail("pipe: %s", strerror(errno));
	for (int c = 0; c < NCHILD; c++) {
		pids[c] = fork();
		if (pids[c] < 0)
			bail("fork %d: %s", c, strerror(errno));
		if (pids[c] == 0) {
			close(done[0]);
			close(go[1]);
			_exit(child(c, done[1], go[0]));
		}
	}
	close(done[1]);
	close(go[0]);
	ok(1, "forked %d children sharing it", NCHILD);

	int written = 0;
	char c;

	while (written < NCHILD && read(done[0], &c, 1) == 1)
		written++;
	is(written, NCHILD, "every child wrote its pages (and C1's grandchild its own)");
	write_set(PARENT_SET, WHO_P2);
	write_set(SHARED_SET, WHO_P2);
	for (int i = 0; i < NCHILD; i++)
		if (write(go[1], "g", 1) != 1)
			bail("write: %s", strerror(errno));
	ok(view_is(parent_view), "the parent sees its own rewrites and no child's writes");

	for (int i = 0; i < NCHILD; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i])
			status = -1;
		if (!ok(exited_with(status, CHECK_OK),
			"child %d: %s", i + 1, WIFEXITED(status) ?
			check_name(WEXITSTATUS(status)) : "killed"))
			diag("    child %d %s", i + 1, status_str(status));
	}
	munmap(region, len);
	return done_testing();
}
