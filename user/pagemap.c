/*
 * user/pagemap.c - a process's memory areas (VMAs), each with how much of it
 * is resident in RAM and how much is swapped out.
 *
 *	pagemap 42              process 42's areas, from /proc/42/smaps
 *	pagemap --pagemap 42    the same counted page by page from
 *	                        /proc/42/maps and /proc/42/pagemap
 *	pagemap -p -v 42        ... with a map of every area's first pages
 *	                        and the frame (pfn) of its first resident one
 *	pagemap --compare 42    both ways, and check that they agree
 *	pagemap --demo          this process itself, after it mapped 1 MiB
 *	                        and wrote to every other page of it
 *
 *	START            END              PERM      SIZE       RSS      SWAP  NAME
 *	0000000000400000-0000000000401000 r--p      4 kB      4 kB      0 kB  /bin/pagemap
 *	...
 *	00007f0a5c3d2000-00007f0a5c4d2000 rw-p   1024 kB    512 kB      0 kB  [ anon ]
 *	...
 *	total                                     940 kB    220 kB      0 kB
 *
 * A VMA (struct vm_area_struct) is a range of a process's addresses with one
 * set of permissions and one backing: the program's file, the heap, a
 * mapping, the stack.  The kernel describes them in two ways (proc(5)):
 *
 *  - /proc/PID/smaps: for each VMA its /proc/PID/maps line, followed by
 *    "Name:  value kB" lines that the kernel counts for you: Size (the
 *    range), Rss (resident), Swap (swapped out), and more.  This is what
 *    `pagemap PID` reads.
 *  - /proc/PID/pagemap: a binary file with one 64-bit entry per virtual
 *    page, at offset (address / 4096) * 8: bit 63 "present in RAM" (bits
 *    0-54 then hold the page frame number, shown to root only), bit 62
 *    "swapped" (bits 0-4 the swap type, 5-54 the offset in the swap area).
 *    `pagemap --pagemap` reads the VMAs from /proc/PID/maps and every
 *    VMA's entries from here, and counts the bits itself.  The two methods
 *    must agree, which is a check on the kernel: `pagemap --compare` reads
 *    both and reports every area where they differ (exit status 1).  On a
 *    process that is running, pages may come and go between the two
 *    readings; compare a process that sleeps, or this one: pagemap faults in
 *    its own buffers and stack before it reads anything, so that reading
 *    does not change what it reads.
 *
 * A page of an area counts as resident only once it was touched: mmap
 * reserves addresses, the first access faults the page in.  `--demo` shows
 * exactly that: its 1 MiB area has 256 pages, 128 of them resident.  The
 * area sits between two PROT_NONE guard pages, so that the kernel cannot
 * merge it with a neighbouring anonymous VMA of the same permissions.
 * Transparent huge pages are declined for it (MADV_NOHUGEPAGE), so that the
 * host Linux, like Pagoda, faults in one 4 KiB page at a time.
 *
 * Exit status: 0, 1 if the process or its /proc files cannot be read, 2 bad
 * arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE		4096UL
#define PM_PRESENT	(1ULL << 63)	/* /proc/PID/pagemap: page in RAM */
#define PM_SWAP		(1ULL << 62)	/* ... page in a swap area */
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define DEMO_PAGES	256		/* --demo: 1 MiB */
#define VERBOSE_PAGES	64		/* -v: pages drawn per VMA */
#define MAX_VMAS	512
#define FILE_BUF	(256 * 1024)	/* the largest /proc file read */
#define STACK_PREFAULT	(32 * 1024)	/* stack faulted in before reading */

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

/* One VMA as printed: its maps line's fields and the counts, in kB. */
struct vma {
	unsigned long start, end;	/* [start, end) */
	char perms[5];			/* "r-xp" */
	char name[128];			/* file, [heap], [stack]..., or "" */
	long long size_kb, rss_kb, swap_kb;	/* -1: not known */
	char map[VERBOSE_PAGES + 1];	/* -p: its first pages drawn, '#', 's', '.' */
	long long first_pfn;		/* -p: page frame of its first resident page, or -1 */
};

static const char usage_text[] =
	"usage: pagemap [options] [PID]\n"
	"Show each memory area (VMA) of process PID (default: pagemap itself) with\n"
	"its size and how much of it is resident in RAM and swapped out, in kB.\n"
	"\n"
	"  -p, --pagemap   count the pages from /proc/PID/maps and /proc/PID/pagemap\n"
	"                  (bit 63 present, bit 62 swapped) instead of reading the\n"
	"                  Rss: and Swap: lines of /proc/PID/smaps\n"
	"  -v, --verbose   with -p: draw each area's first pages, one character\n"
	"                  each: '#' resident, 's' swapped, '.' neither, and give\n"
	"                  the page frame number of its first resident page\n"
	"                  (0 unless root: Linux hides frame numbers)\n"
	"  -c, --compare   read both ways and report the areas where smaps and\n"
	"                  pagemap disagree (exit status 1 if any)\n"
	"  -d, --demo      map 1 MiB, write to every other page, then show this\n"
	"                  process (the area shows 512 kB resident of 1024 kB)\n"
	"  -h, --help      show this help and exit\n";

/*
 * The buffers are static and faulted in at the start (prefault): reading
 * pagemap's own /proc files must not change its own resident pages.
 */
static char file_buf[FILE_BUF];
static struct vma smaps_vmas[MAX_VMAS], pagemap_vmas[MAX_VMAS];

/*
 * read_file - reads a whole file into file_buf, as a string: a /proc file
 * is generated as it is read, up to EOF.  Returns file_buf, or NULL with
 * errno set (EFBIG if it does not fit).
 */
static char *read_file(const char *path)
{
	size_t len = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while (len < FILE_BUF - 1 && (n = read(fd, file_buf + len, FILE_BUF - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return NULL;
	if (len == FILE_BUF - 1) {
		errno = EFBIG;
		return NULL;
	}
	file_buf[len] = '\0';
	return file_buf;
}

/*
 * parse_maps_line - a /proc/PID/maps line, "START-END PERM OFFSET MAJ:MIN
 * INODE   NAME", into v (counts unknown).  Returns 0, or -1 if the line is
 * not one (an smaps "Name: value" line, for instance).
 */
static int parse_maps_line(const char *line, struct vma *v)
{
	unsigned long long offset, inode;
	unsigned int major, minor;
	int name_at = 0;
	size_t len;

	if (sscanf(line, "%lx-%lx %4s %llx %x:%x %llu%n", &v->start, &v->end, v->perms, &offset,
		   &major, &minor, &inode, &name_at) < 7 || name_at == 0)
		return -1;
	name_at += (int)strspn(line + name_at, " \t");	/* not "%n ": it would eat the '\n' */
	len = strcspn(line + name_at, "\n");
	if (len >= sizeof(v->name))
		len = sizeof(v->name) - 1;
	memcpy(v->name, line + name_at, len);
	v->name[len] = '\0';
	v->size_kb = (long long)((v->end - v->start) / 1024);
	v->rss_kb = v->swap_kb = -1;
	return 0;
}

/* The line after this one, or NULL at the end. */
static char *next_line(char *line)
{
	char *nl = strchr(line, '\n');

	return nl && nl[1] ? nl + 1 : NULL;
}

/*
 * vmas_from_smaps - every VMA of the smaps text, with the Size:, Rss: and
 * Swap: lines that follow its maps line.  Returns the number found (at most
 * max).
 */
static int vmas_from_smaps(char *text, struct vma *vmas, int max)
{
	int n = -1;

	for (char *line = text; line; line = next_line(line)) {
		long long kb;

		if (n + 1 < max && parse_maps_line(line, &vmas[n + 1]) == 0)
			n++;
		else if (n >= 0 && sscanf(line, "Size: %lld kB", &kb) == 1)
			vmas[n].size_kb = kb;
		else if (n >= 0 && sscanf(line, "Rss: %lld kB", &kb) == 1)
			vmas[n].rss_kb = kb;
		else if (n >= 0 && sscanf(line, "Swap: %lld kB", &kb) == 1)
			vmas[n].swap_kb = kb;
	}
	return n + 1;
}

/* Draws a page's state as the -v map does. */
static char page_char(uint64_t entry)
{
	return entry & PM_PRESENT ? '#' : entry & PM_SWAP ? 's' : '.';
}

/*
 * count_pages - reads v's entries from the open pagemap file and counts the
 * present and swapped bits into v's rss_kb and swap_kb, and draws its first
 * VERBOSE_PAGES pages into v->map.  An area that pagemap does not cover
 * ([vsyscall], above the user address space) reads short: its counts stay
 * unknown.
 */
static void count_pages(int fd, struct vma *v)
{
	uint64_t entries[512];
	unsigned long pages = (v->end - v->start) / PAGE, done = 0;
	long long present = 0, swapped = 0;

	v->first_pfn = -1;
	while (done < pages) {
		size_t want = pages - done < 512 ? pages - done : 512;
		off_t at = (off_t)((v->start / PAGE + done) * sizeof(uint64_t));
		ssize_t got = pread(fd, entries, want * sizeof(uint64_t), at);

		if (got < (ssize_t)(want * sizeof(uint64_t)))
			return;
		for (size_t i = 0; i < want; i++) {
			present += !!(entries[i] & PM_PRESENT);
			swapped += !!(entries[i] & PM_SWAP);
			if (done + i < VERBOSE_PAGES)
				v->map[done + i] = page_char(entries[i]);
			if (v->first_pfn < 0 && entries[i] & PM_PRESENT)
				v->first_pfn = (long long)(entries[i] & PM_PFN_MASK);
		}
		done += want;
	}
	v->rss_kb = present * (long long)(PAGE / 1024);
	v->swap_kb = swapped * (long long)(PAGE / 1024);
}

/* Prints one row, and with verbose its map; an unknown count prints as "-". */
static void print_vma(const struct vma *v, int verbose)
{
	char rss[24] = "-", swap[24] = "-";

	if (v->rss_kb >= 0)
		snprintf(rss, sizeof(rss), "%lld kB", v->rss_kb);
	if (v->swap_kb >= 0)
		snprintf(swap, sizeof(swap), "%lld kB", v->swap_kb);
	printf("%016lx-%016lx %s %6lld kB %9s %9s  %s\n", v->start, v->end, v->perms, v->size_kb,
	       rss, swap, v->name[0] ? v->name : "[ anon ]");
	if (verbose && v->map[0] && v->first_pfn >= 0)
		printf("    %s%s  (first resident page: pfn %#llx)\n", v->map,
		       v->end - v->start > VERBOSE_PAGES * PAGE ? " ..." : "", v->first_pfn);
	else if (verbose && v->map[0])
		printf("    %s%s\n", v->map, v->end - v->start > VERBOSE_PAGES * PAGE ? " ..." : "");
}

static void print_total(const struct vma *vmas, int n)
{
	long long size = 0, rss = 0, swap = 0;

	for (int i = 0; i < n; i++) {
		size += vmas[i].size_kb;
		rss += vmas[i].rss_kb > 0 ? vmas[i].rss_kb : 0;
		swap += vmas[i].swap_kb > 0 ? vmas[i].swap_kb : 0;
	}
	printf("%-38s %6lld kB %6lld kB %6lld kB\n", "total", size, rss, swap);
}

/* Reads pid's VMAs from smaps, or from maps + pagemap; returns their number or -1. */
static int read_vmas(const char *pid, int use_pagemap, struct vma *vmas, int max)
{
	char path[64];
	char *text;
	int n, fd;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, use_pagemap ? "maps" : "smaps");
	text = read_file(path);
	if (!text)
		goto fail;
	n = vmas_from_smaps(text, vmas, max);	/* a maps file is an smaps without counts */
	if (!use_pagemap)
		return n;
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		goto fail;
	for (int i = 0; i < n; i++)
		count_pages(fd, &vmas[i]);
	close(fd);
	return n;
fail:
	fprintf(stderr, "pagemap: %s: %s\n", path, strerror(errno));
	if (errno == ENOENT)
		fprintf(stderr, "pagemap: no process %s, or /proc is not mounted\n", pid);
	return -1;
}

/* The process's name from /proc/PID/comm, or "?". */
static void read_comm(const char *pid, char *comm, size_t size)
{
	char path[64], *text;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	text = read_file(path);
	snprintf(comm, size, "%s", text ? text : "?");
	comm[strcspn(comm, "\n")] = '\0';
}

/*
 * prefault - faults in what pagemap itself will touch while it reads its
 * own /proc files, so that reading them does not change them: the buffers
 * above and STACK_PREFAULT of stack (written), and every page of its
 * program file's mappings - code that runs for the first time between two
 * readings would otherwise fault in then (Linux maps 16 file pages around
 * each fault, Pagoda one).  The file pages are only read.
 */
__attribute__((noinline))
static void prefault(void)
{
	volatile char stack[STACK_PREFAULT];
	char *maps;
	int n;

	for (size_t i = 0; i < sizeof(stack); i += PAGE)
		stack[i] = 0;
	memset(file_buf, 0, sizeof(file_buf));
	memset(smaps_vmas, 0, sizeof(smaps_vmas));
	memset(pagemap_vmas, 0, sizeof(pagemap_vmas));
	maps = read_file("/proc/self/maps");
	n = maps ? vmas_from_smaps(maps, pagemap_vmas, MAX_VMAS) : 0;
	for (int i = 0; i < n; i++) {
		const struct vma *v = &pagemap_vmas[i];

		if (v->perms[0] == 'r' && v->name[0] == '/')
			for (unsigned long a = v->start; a < v->end; a += PAGE)
				(void)*(volatile const char *)a;
	}
}

/*
 * demo_setup - --demo: reserves DEMO_PAGES + 2 pages PROT_NONE, opens the
 * middle DEMO_PAGES for reading and writing (the outer two stay guard
 * pages) and writes to every other one.  Returns 0 or -1.
 */
static int demo_setup(void)
{
	size_t len = DEMO_PAGES * PAGE;
	unsigned char *p = mmap(NULL, len + 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);

	if (p == MAP_FAILED || mprotect(p + PAGE, len, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, "pagemap: mmap/mprotect: %s\n", strerror(errno));
		return -1;
	}
	p += PAGE;
	madvise(p, len, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < DEMO_PAGES; i += 2)
		p[i * PAGE] = 1;
	printf("pagemap: demo area %016lx-%016lx: %d pages, every other one written\n",
	       (unsigned long)p, (unsigned long)(p + len), DEMO_PAGES);
	return 0;
}

/*
 * compare - the areas of smaps (a, na) against those counted from pagemap
 * (b, nb): the same ranges, the same Rss and Swap (where pagemap covers the
 * area).  Prints each difference; returns how many there were.
 */
static int compare(const struct vma *a, int na, const struct vma *b, int nb)
{
	int differ = 0;

	if (na != nb) {
		printf("pagemap: DIFFER: smaps has %d areas, maps %d\n", na, nb);
		return 1;
	}
	for (int i = 0; i < na; i++) {
		if (a[i].start != b[i].start || a[i].end != b[i].end) {
			printf("pagemap: DIFFER: area %d is %lx-%lx in smaps, %lx-%lx in maps\n", i,
			       a[i].start, a[i].end, b[i].start, b[i].end);
			differ++;
		} else if (b[i].rss_kb >= 0 && (a[i].rss_kb != b[i].rss_kb ||
						a[i].swap_kb != b[i].swap_kb)) {
			printf("pagemap: DIFFER: %lx-%lx %s: smaps Rss %lld kB Swap %lld kB,"
			       " pagemap Rss %lld kB Swap %lld kB\n", a[i].start, a[i].end,
			       a[i].name, a[i].rss_kb, a[i].swap_kb, b[i].rss_kb, b[i].swap_kb);
			differ++;
		}
	}
	if (!differ)
		printf("pagemap: smaps and pagemap agree on all %d areas\n", na);
	return differ;
}

/* A PID argument: digits only, or a usage error. */
static const char *check_pid(const char *arg)
{
	if (!*arg || strspn(arg, "0123456789") != strlen(arg) || strlen(arg) > 10) {
		fprintf(stderr, "pagemap: invalid PID '%s' (a process number)\n"
			"Try 'pagemap --help' for more information.\n", arg);
		exit(2);
	}
	return arg;
}

/* The command line. */
struct options {
	int use_pagemap;		/* -p: count from maps + pagemap */
	int verbose;			/* -v: draw the pages */
	int demo;			/* -d: map the demo area first */
	int compare;			/* -c: both ways, and compare */
	const char *pid;		/* "self" or digits */
};

static void parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "pagemap", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "demo", no_argument, NULL, 'd' },
		{ "compare", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "pvdch", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->use_pagemap = 1; break;
		case 'v': o->verbose = 1; break;
		case 'd': o->demo = 1; break;
		case 'c': o->compare = 1; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default:
			fprintf(stderr, "Try 'pagemap --help' for more information.\n");
			exit(2);
		}
	}
	if (argc - optind > 1 || (o->demo && optind < argc)) {
		fprintf(stderr, "pagemap: %s\nTry 'pagemap --help' for more information.\n",
			o->demo ? "--demo shows this process: no PID" : "one PID at most");
		exit(2);
	}
	o->pid = optind < argc ? check_pid(argv[optind]) : "self";
}

int main(int argc, char **argv)
{
	struct options o = { 0, 0, 0, 0, "self" };
	struct vma *vmas;
	char comm[64], self[32] = "";
	int n, n2 = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_args(argc, argv, &o);
	prefault();
	if (o.demo && demo_setup())
		return 1;
	vmas = o.use_pagemap && !o.compare ? pagemap_vmas : smaps_vmas;
	n = read_vmas(o.pid, o.use_pagemap && !o.compare, vmas, MAX_VMAS);
	if (n >= 0 && o.compare)
		n2 = read_vmas(o.pid, 1, pagemap_vmas, MAX_VMAS);
	if (n < 0 || n2 < 0)
		return 1;
	read_comm(o.pid, comm, sizeof(comm));
	if (!strcmp(o.pid, "self"))
		snprintf(self, sizeof(self), "%d, self", (int)getpid());
	printf("pagemap: pid %s (%s), from /proc/%s/%s\n", self[0] ? self : o.pid, comm, o.pid,
	       o.compare ? "smaps, maps and pagemap" : o.use_pagemap ? "maps and pagemap" : "smaps");
	printf("%-16s %-16s PERM %9s %9s %9s  NAME\n", "START", "END", "SIZE", "RSS", "SWAP");
	for (int i = 0; i < n; i++)
		print_vma(&vmas[i], o.verbose);
	print_total(vmas, n);
	if (o.compare && compare(smaps_vmas, n, pagemap_vmas, n2))
		return 1;
	return 0;
}
