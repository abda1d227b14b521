/*
 * user/tests/vm_shared.c - MAP_SHARED | MAP_ANONYMOUS memory across fork.
 *
 * Shared anonymous memory is one object (Linux's shmem; Pagoda's
 * mm/shmem.c) whose pages every mapping of it sees, in every process that
 * inherited the mapping - unlike MAP_PRIVATE memory, which fork shares
 * copy-on-write.  Checks:
 *  - a fresh shared mapping reads as zeros;
 *  - a child sees what the parent wrote before the fork, and the parent
 *    sees what the child wrote before exiting;
 *  - pages that nobody touched before the fork: whoever faults one in
 *    first, the other process sees the same page (the object holds it);
 *  - while both run: a ping-pong over a pipe, each side writing a page the
 *    other then reads;
 *  - a grandchild's writes reach the grandparent;
 *  - a MAP_PRIVATE mapping beside it stays private (the child's write is
 *    not seen by the parent);
 *  - the child unmapping its copy leaves the parent's mapping intact.
 */
#include "vm_util.h"

#define NPAGES	256		/* 1 MiB */

static unsigned char *shared, *private_map;

static uint64_t *word(unsigned char *base, unsigned long page)
{
	return (uint64_t *)(base + page * PAGE + (page * 24) % PAGE);
}

static bool range_holds(unsigned char *base, unsigned long from, unsigned long to, uint64_t salt)
{
	for (unsigned long i = from; i < to; i++)
		if (*(volatile uint64_t *)word(base, i) != (salt ^ i))
			return false;
	return true;
}

static void range_fill(unsigned char *base, unsigned long from, unsigned long to, uint64_t salt)
{
	for (unsigned long i = from; i < to; i++)
		*word(base, i) = salt ^ i;
}

/* Child: checks the parent's pre-fork data in [0, 64), then writes [64, 128). */
static int child_sees_and_writes(void *unused)
{
	(void)unused;
	if (!range_holds(shared, 0, 64, 0xa))
		return 1;
	range_fill(shared, 64, 128, 0xb);
	range_fill(private_map, 0, NPAGES, 0xbad);
	return 0;
}

/* Child: faults in untouched pages [128, 192) first, by writing them. */
static int child_faults_first(void *unused)
{
	(void)unused;
	range_fill(shared, 128, 192, 0xc);
	return 0;
}

static int grandchild_writes(void *unused)
{
	(void)unused;
	range_fill(shared, 192, 224, 0xe);
	return 0;
}

static int child_forks_grandchild(void *unused)
{
	(void)unused;
	return exited_with(run_child(grandchild_writes, NULL), 0) ? 0 : 1;
}

static int child_unmaps(void *unused)
{
	(void)unused;
	return munmap(shared, NPAGES * PAGE) == 0 ? 0 : 1;
}

/* Ping-pong: the child reads what the parent wrote and answers on another page. */
static void ping_pong(void)
{
	int to_child[2], to_parent[2], status, rounds = 16, good = 0;

	if (pipe(to_child) < 0 || pipe(to_parent) < 0)
		bail("pipe: %s", strerror(errno));
	pid_t pid = fork();

	if (pid < 0)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		char c;

		for (int r = 0; r < rounds; r++) {
			if (read(to_child[0], &c, 1) != 1)
				_exit(2);
			if (*word(shared, 224 + r) != (uint64_t)(0x100 + r))
				_exit(1);
			*word(shared, 240 + r) = 0x200 + r;
			if (write(to_parent[1], "c", 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	for (int r = 0; r < rounds; r++) {
		char c;

		*word(shared, 224 + r) = 0x100 + r;
		if (write(to_child[1], "p", 1) != 1 || read(to_parent[0], &c, 1) != 1)
			break;
		good += *word(shared, 240 + r) == (uint64_t)(0x200 + r);
	}
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0) && good == rounds,
	   "ping-pong while both run: %d of %d rounds seen both ways (child %s)", good, rounds,
	   status_str(status));
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

int main(void)
{
	unsigned long nonzero = 0;
	int status;

	plan(9);
	shared = map_anon(NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	private_map = map_anon(NPAGES * PAGE, PROT_READ | PROT_WRITE, 0);
	for (unsigned long i = 0; i < NPAGES * PAGE; i += 512)
		nonzero += shared[i] != 0;
	is(nonzero, 0, "a fresh MAP_SHARED | MAP_ANONYMOUS mapping reads as zeros");

	range_fill(shared, 0, 64, 0xa);
	range_fill(private_map, 0, NPAGES, 0x9);
	status = run_child(child_sees_and_writes, NULL);
	ok(exited_with(status, 0), "the child sees the parent's writes from before the fork (%s)",
	   status_str(status));
	ok(range_holds(shared, 64, 128, 0xb), "the parent sees the child's writes");
	ok(range_holds(private_map, 0, NPAGES, 0x9),
	   "the MAP_PRIVATE mapping beside it stayed private");

	status = run_child(child_faults_first, NULL);
	ok(exited_with(status, 0) && range_holds(shared, 128, 192, 0xc),
	   "pages first touched by the child after the fork are the parent's too");

	ping_pong();

	status = run_child(child_forks_grandchild, NULL);
	ok(exited_with(status, 0) && range_holds(shared, 192, 224, 0xe),
	   "a grandchild's writes reach the grandparent");

	status = run_child(child_unmaps, NULL);
	ok(exited_with(status, 0) && range_holds(shared, 0, 64, 0xa) &&
	   range_holds(shared, 64, 128, 0xb),
	   "the child's munmap of its copy leaves the parent's mapping intact");
	is(munmap(shared, NPAGES * PAGE), 0, "munmap in the parent");
	munmap(private_map, NPAGES * PAGE);
	return done_testing();
}
