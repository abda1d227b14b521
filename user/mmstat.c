/*
 * user/mmstat.c - one line of memory-management counters per interval, read
 * from /proc the way `vmstat 1` reads them.
 *
 *	mmstat              one line: memory now, events since boot
 *	mmstat 1            a line every second until killed (^C)
 *	mmstat 2 10         a line every 2 seconds, 10 lines
 *
 *	 ------------memory (kB)------------ -----faults--- -swap (pages) ------reclaim (pages)------  oom
 *	     free     anon     swpd  swcache   minor  major     in    out  kscan ksteal  dscan dsteal kill
 *	    41236     9876        0        0    5123      0      0      0      0      0      0      0    0
 *
 * The columns and where each comes from (proc(5)):
 *   free     MemFree of /proc/meminfo: pages on the buddy allocator's free lists
 *   anon     AnonPages: anonymous pages mapped by some process
 *   swpd     SwapTotal - SwapFree: swap in use
 *   swcache  SwapCached: pages that are both in RAM and in swap
 *   minor    pgfault - pgmajfault of /proc/vmstat: faults served without I/O
 *   major    pgmajfault: faults that waited for a read (a swap-in)
 *   in, out  pswpin, pswpout: pages read from and written to swap
 *   kscan, ksteal   pgscan_kswapd, pgsteal_kswapd: pages kswapd looked at
 *                   and reclaimed, in the background
 *   dscan, dsteal   pgscan_direct, pgsteal_direct: the same by allocating
 *                   processes themselves (direct reclaim: memory is short)
 *   oom kill        oom_kill: processes the OOM killer chose
 *
 * The memory columns are the state at the moment of the line.  The event
 * columns count since boot on the first line (as vmstat's first line does)
 * and during the last interval on every later one.  A counter this kernel
 * does not have prints as "-".
 *
 * Exit status: 0, 1 when /proc cannot be read (is it mounted?), 2 bad
 * arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MISSING		(-1LL)		/* a field the file did not have */

/* One value to pick out of a "name value" file. */
struct field {
	const char *name;		/* as in the file, without the ':' */
	long long value;		/* MISSING until read */
};

/* /proc/meminfo, in kB. */
enum { MEM_FREE, MEM_ANON, MEM_SWAP_TOTAL, MEM_SWAP_FREE, MEM_SWAP_CACHED, NR_MEM };
static struct field meminfo[NR_MEM] = {
	[MEM_FREE]		= { "MemFree", MISSING },
	[MEM_ANON]		= { "AnonPages", MISSING },
	[MEM_SWAP_TOTAL]	= { "SwapTotal", MISSING },
	[MEM_SWAP_FREE]		= { "SwapFree", MISSING },
	[MEM_SWAP_CACHED]	= { "SwapCached", MISSING },
};

/* /proc/vmstat event counters, in the order of the columns after "minor". */
enum { EV_FAULT, EV_MAJFAULT, EV_SWPIN, EV_SWPOUT, EV_KSCAN, EV_KSTEAL, EV_DSCAN, EV_DSTEAL,
       EV_OOM, NR_EV };
static const char *const event_names[NR_EV] = {
	"pgfault", "pgmajfault", "pswpin", "pswpout", "pgscan_kswapd", "pgsteal_kswapd",
	"pgscan_direct", "pgsteal_direct", "oom_kill",
};

static const char usage_text[] =
	"usage: mmstat [DELAY [COUNT]]\n"
	"Print memory-management counters from /proc/meminfo and /proc/vmstat,\n"
	"like `vmstat`: one line, or one every DELAY seconds (COUNT lines, or\n"
	"until killed).  Memory columns are in kB; fault, swap and reclaim columns\n"
	"count events: since boot on the first line, during the interval after.\n"
	"\n"
	"  free     MemFree            anon     AnonPages\n"
	"  swpd     SwapTotal-SwapFree swcache  SwapCached\n"
	"  minor    pgfault-pgmajfault major    pgmajfault\n"
	"  in, out  pswpin, pswpout    kscan, ksteal  pgscan/pgsteal_kswapd\n"
	"  dscan, dsteal  pgscan/pgsteal_direct      oom kill  oom_kill\n"
	"\n"
	"  -h, --help   show this help and exit\n";

__attribute__((noreturn))
static void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "mmstat: %s '%s'\nTry 'mmstat --help' for more information.\n", what,
		arg);
	exit(2);
}

/* A whole number of at least 1 and at most max, or a usage error. */
static long parse_count(const char *s, long max, const char *what)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 1 || n > max)
		usage_error(what, s);
	return n;
}

/*
 * read_fields - reads a /proc file of "name value" or "name: value kB"
 * lines and sets the value of every field whose name it finds (the others
 * become MISSING).  /proc files are generated as they are read: the whole
 * file is read up to EOF first, then parsed.  Returns 0, or -1 with errno if it cannot be read.
 */
static int read_fields(const char *path, struct field *fields, int nr_fields)
{
	static char buf[16384];
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)	/* until EOF */
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return -1;
	buf[len] = '\0';
	for (int i = 0; i < nr_fields; i++)
		fields[i].value = MISSING;
	for (char *line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t name_len = strcspn(line, ": \n");

		const char *value = line + name_len + strspn(line + name_len, ": ");

		for (int i = 0; i < nr_fields; i++)
			if (strlen(fields[i].name) == name_len &&
			    !strncmp(line, fields[i].name, name_len))
				fields[i].value = strtoll(value, NULL, 10);
	}
	return 0;
}

/* Reads both files into meminfo[] and events[]; exits 1 if /proc is not there. */
static void sample(long long events[NR_EV])
{
	struct field ev[NR_EV];
	const char *path = "/proc/meminfo";

	for (int i = 0; i < NR_EV; i++)
		ev[i] = (struct field){ event_names[i], MISSING };
	if (read_fields(path, meminfo, NR_MEM) == 0) {
		path = "/proc/vmstat";
		if (read_fields(path, ev, NR_EV) == 0) {
			for (int i = 0; i < NR_EV; i++)
				events[i] = ev[i].value;
			return;
		}
	}
	fprintf(stderr, "mmstat: %s: %s (is /proc mounted? mount -t proc proc /proc)\n", path,
		strerror(errno));
	exit(1);
}

/* Appends one right-aligned column: the number, or "-" if it is unknown. */
static int column(char *out, size_t size, int width, long long v)
{
	if (v == MISSING)
		return snprintf(out, size, " %*s", width, "-");
	return snprintf(out, size, " %*lld", width, v);
}

static long long diff(long long now, long long before)
{
	return now == MISSING || before == MISSING ? MISSING : now - before;
}

/* Prints one line: memory now, events as now - before (before all 0 at first). */
static void print_line(const long long now[NR_EV], const long long before[NR_EV])
{
	static const int widths[NR_EV] = { 7, 6, 6, 6, 6, 6, 6, 6, 4 };
	long long total = meminfo[MEM_SWAP_TOTAL].value, free = meminfo[MEM_SWAP_FREE].value;
	long long ev[NR_EV];
	char line[256];
	int n = 0;

	for (int i = 0; i < NR_EV; i++)
		ev[i] = diff(now[i], before[i]);
	n += column(line + n, sizeof(line) - n, 8, meminfo[MEM_FREE].value);
	n += column(line + n, sizeof(line) - n, 8, meminfo[MEM_ANON].value);
	n += column(line + n, sizeof(line) - n, 8, diff(total, free));
	n += column(line + n, sizeof(line) - n, 8, meminfo[MEM_SWAP_CACHED].value);
	/* the first event column is pgfault - pgmajfault: the minor faults */
	n += column(line + n, sizeof(line) - n, widths[0], diff(ev[EV_FAULT], ev[EV_MAJFAULT]));
	for (int i = EV_MAJFAULT; i < NR_EV && n < (int)sizeof(line); i++)
		n += column(line + n, sizeof(line) - n, widths[i], ev[i]);
	printf("%s\n", line);
}

static void sleep_s(long s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	long long before[NR_EV] = { 0 }, now[NR_EV];
	long delay = 0, count = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc > 3)
		usage_error("too many arguments, from", argv[3]);
	if (argc > 1) {
		delay = parse_count(argv[1], 3600, "invalid DELAY (whole seconds, 1-3600):");
		count = -1;		/* forever */
		if (argc > 2)
			count = parse_count(argv[2], 1000000000, "invalid COUNT (1 or more):");
	}
	sample(now);
	printf(" ------------memory (kB)------------ -----faults--- -swap (pages)"
	       " ------reclaim (pages)------  oom\n");
	printf("     free     anon     swpd  swcache   minor  major     in    out"
	       "  kscan ksteal  dscan dsteal kill\n");
	for (long i = 0;; i++) {
		print_line(now, before);
		if (count > 0 && i + 1 >= count)
			break;
		memcpy(before, now, sizeof(before));
		sleep_s(delay);
		sample(now);
	}
	return 0;
}
