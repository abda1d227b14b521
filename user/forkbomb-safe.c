/*
 * user/forkbomb-safe.c - a fork bomb with a fuse: a bounded tree of
 * processes, every one of them reaped.
 *
 *	forkbomb-safe                    depth 3, width 3: 3 + 9 + 27 = 39 forks
 *	forkbomb-safe -d 4 -w 2 -H 2000  16 leaves that sleep 2 s: watch them
 *	                                 with `ps` or `mmstat 1` meanwhile
 *
 * The first process is the root, at depth 0.  Every process above the
 * bottom level forks --width children, which do the same one level down,
 * until --depth levels of children exist: width + width^2 + ... +
 * width^depth processes.  Then every parent waits for each of its children
 * (wait4 by pid), so no zombie is left behind; a child's exit status tells
 * its parent whether its own subtree went right (0) or not (1).  The tree is
 * refused before the first fork if it would have more than --max processes:
 * unlike a real fork bomb, it cannot grow without bound.
 *
 * What to watch: each fork copies the parent's page tables and marks its
 * private pages copy-on-write (copy_page_range), so each process costs a
 * kernel stack, a task_struct, page tables and little else; `free` shows it.
 * A fork that fails (EAGAIN, ENOMEM) is reported and that process forks no
 * more siblings, but still reaps the children it has.
 *
 * The processes count themselves in one page of MAP_SHARED | MAP_ANONYMOUS
 * memory that all of them inherit (shared, unlike their private memory) with
 * atomic additions: forked, reaped, alive now and at most, per level.  The
 * root checks at the end that the counts are exactly what the shape says and
 * that wait() finds no child left (ECHILD).  Output lines are written whole
 * with one write(2) each, so that lines from many processes never mix.
 *
 * Exit status: 0 the tree was built and reaped exactly, 1 something failed
 * (a fork, a child killed, a count off), 2 bad arguments.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH	10
#define MAX_WIDTH	64
#define MAX_TOTAL	10000		/* --max may not exceed this */

/* The counters every process of the tree shares (one MAP_SHARED page). */
struct tree_counts {
	long forked;			/* successful fork() calls */
	long reaped;			/* children collected by wait4 with status 0 or not */
	long alive;			/* processes of the tree running now, root included */
	long max_alive;			/* the most that were running at once */
	long per_level[MAX_DEPTH + 1];	/* processes started at each depth */
};

/* The tree's shape, from the command line. */
static int depth = 3, width = 3;
static long hold_ms, max_total = 1000;
static int verbose;
static struct tree_counts *counts;

static const char usage_text[] =
	"usage: forkbomb-safe [options]\n"
	"Fork a bounded tree of processes and reap every one of them.\n"
	"\n"
	"  -d, --depth D     levels of children below the first process (1-10)  [3]\n"
	"  -w, --width W     children of each process above the last level (1-64)  [3]\n"
	"  -m, --max N       refuse a tree of more than N processes (1-10000)  [1000]\n"
	"  -H, --hold MS     each leaf sleeps MS milliseconds before it exits  [0]\n"
	"  -v, --verbose     one line per process: its pid, parent and depth\n"
	"  -h, --help        show this help and exit\n"
	"\n"
	"A tree of depth D and width W has W + W^2 + ... + W^D processes.\n";

/* Formats one line and writes it with a single write(2). */
__attribute__((format(printf, 2, 3)))
static void say(int fd, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(fd, line, (size_t)n) < 0)
		return;
}

__attribute__((noreturn))
static void usage_error(const char *what, const char *arg)
{
	say(2, "forkbomb-safe: %s%s%s", what, arg ? " " : "", arg ? arg : "");
	say(2, "Try 'forkbomb-safe --help' for more information.");
	exit(2);
}

/* A decimal number within [min, max]; anything else is a usage error. */
static long parse_long(const char *s, long min, long max, const char *what)
{
	char *end, msg[96];
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max) {
		snprintf(msg, sizeof(msg), "invalid %s (a whole number from %ld to %ld):", what,
			 min, max);
		usage_error(msg, s);
	}
	return n;
}

/* width + width^2 + ... + width^depth, or -1 once it passes limit. */
static long tree_size(long limit)
{
	long level = 1, total = 0;

	for (int d = 1; d <= depth; d++) {
		level *= width;
		total += level;
		if (total > limit)
			return -1;
	}
	return total;
}

static void count_add(long *counter, long n)
{
	__atomic_add_fetch(counter, n, __ATOMIC_SEQ_CST);
}

/* A process of the tree starts: alive++, and max_alive follows it up. */
static void note_started(int level)
{
	long now = __atomic_add_fetch(&counts->alive, 1, __ATOMIC_SEQ_CST);
	long max = __atomic_load_n(&counts->max_alive, __ATOMIC_SEQ_CST);

	while (now > max && !__atomic_compare_exchange_n(&counts->max_alive, &max, now, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	count_add(&counts->per_level[level], 1);
	if (verbose)
		say(1, "forkbomb-safe: pid %d (parent %d) at depth %d", (int)getpid(),
		    (int)getppid(), level);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Waits for one child by pid; returns 0 if it exited with status 0. */
static int reap(pid_t pid)
{
	int status;
	pid_t got;

	do
		got = waitpid(pid, &status, 0);
	while (got < 0 && errno == EINTR);
	if (got != pid) {
		say(1, "forkbomb-safe: waitpid(%d): %s", (int)pid, strerror(errno));
		return -1;
	}
	count_add(&counts->reaped, 1);
	if (WIFSIGNALED(status)) {
		say(1, "forkbomb-safe: child %d killed by signal %d", (int)pid, WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * grow - the work of the process at depth level: fork its children (each
 * runs grow(level + 1) and exits with its result), then reap them all.
 * Returns 0 if every fork and every child's subtree went right, else -1.
 */
static int grow(int level)
{
	pid_t kids[MAX_WIDTH];
	int n = 0, ret = 0;

	if (level == depth) {
		if (hold_ms)
			sleep_ms(hold_ms);
		return 0;
	}
	for (; n < width; n++) {
		pid_t pid = fork();

		if (pid < 0) {
			say(1, "forkbomb-safe: fork at depth %d: %s", level, strerror(errno));
			ret = -1;
			break;
		}
		if (pid == 0) {
			note_started(level + 1);
			int child_ret = grow(level + 1);

			count_add(&counts->alive, -1);
			_exit(child_ret ? 1 : 0);
		}
		count_add(&counts->forked, 1);
		kids[n] = pid;
	}
	for (int i = 0; i < n; i++)
		if (reap(kids[i]))
			ret = -1;
	return ret;
}

/* The expectations of the root, once the tree is gone; returns 0 if all hold. */
static int check_counts(long expected)
{
	long level_size = 1;
	int ret = 0;

	for (int d = 1; d <= depth; d++) {
		level_size *= width;
		say(1, "forkbomb-safe: depth %d: %ld processes (expected %ld)", d,
		    counts->per_level[d], level_size);
		if (counts->per_level[d] != level_size)
			ret = -1;
	}
	say(1, "forkbomb-safe: forked %ld, reaped %ld, at most %ld alive at once (root included)",
	    counts->forked, counts->reaped, counts->max_alive);
	if (counts->forked != expected || counts->reaped != expected || counts->alive != 1)
		ret = -1;
	if (wait(NULL) != -1 || errno != ECHILD) {
		say(1, "forkbomb-safe: a child was left behind");
		ret = -1;
	} else {
		say(1, "forkbomb-safe: no child left (wait: %s)", strerror(ECHILD));
	}
	return ret;
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "depth", required_argument, NULL, 'd' },
		{ "width", required_argument, NULL, 'w' },
		{ "max", required_argument, NULL, 'm' },
		{ "hold", required_argument, NULL, 'H' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:w:m:H:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': depth = (int)parse_long(optarg, 1, MAX_DEPTH, "depth"); break;
		case 'w': width = (int)parse_long(optarg, 1, MAX_WIDTH, "width"); break;
		case 'm': max_total = parse_long(optarg, 1, MAX_TOTAL, "maximum"); break;
		case 'H': hold_ms = parse_long(optarg, 0, 600000, "hold time"); break;
		case 'v': verbose = 1; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default: usage_error("bad option", NULL);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument", argv[optind]);
}

int main(int argc, char **argv)
{
	long total;
	int ret;

	parse_args(argc, argv);
	total = tree_size(max_total);
	if (total < 0) {
		say(2, "forkbomb-safe: a tree of depth %d and width %d has more than %ld processes:"
		    " refused (raise --max, up to %d)", depth, width, max_total, MAX_TOTAL);
		return 2;
	}
	counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (counts == MAP_FAILED) {
		say(1, "forkbomb-safe: mmap of the shared counters: %s", strerror(errno));
		return 1;
	}
	say(1, "forkbomb-safe: a tree of depth %d and width %d: %ld processes to fork", depth,
	    width, total);
	counts->alive = counts->max_alive = 1;
	ret = grow(0);
	if (check_counts(total))
		ret = -1;
	say(1, "forkbomb-safe: %s", ret ? "FAILED" : "every process was forked and reaped");
	return ret ? 1 : 0;
}
