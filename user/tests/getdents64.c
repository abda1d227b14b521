/*
 * user/tests/getdents64.c - reading a directory with getdents64(2).
 *
 * A fresh directory under /tmp gets 40 files with names of varied length,
 * a subdirectory and (where symlink(2) exists) a symlink.  Checks, against
 * Linux's behaviour:
 *  - listing it with a small buffer (several calls, a few entries each)
 *    returns every name exactly once, "." and ".." included, then 0;
 *  - each record is 8-byte aligned (d_reclen), d_ino is not 0, d_type is
 *    DT_REG / DT_DIR / DT_LNK as appropriate;
 *  - lseek(fd, 0, SEEK_SET) rewinds: a second listing gives the same set;
 *  - an entry unlinked before a new listing is gone from it;
 *  - a buffer too small for one entry: EINVAL; a regular file: ENOTDIR; a
 *    closed fd: EBADF.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define NFILES 40
#define NAMES (NFILES + 4)	/* + ".", "..", "subdir", "link" */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char names[NAMES][64];
static unsigned char types[NAMES];
static int nnames;

static long getdents64(int fd, void *buf, size_t len)
{
	return syscall(SYS_getdents64, fd, buf, len);
}

static int name_index(const char *name)
{
	for (int i = 0; i < nnames; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/*
 * Lists fd with a bufsize-byte buffer; counts how often each expected name
 * was seen in seen[], and the calls, the bad records and unknown names.
 */
struct listing {
	int seen[NAMES];
	int calls, unknown, misaligned, zero_ino, wrong_type;
	long error;
};

static void list(int fd, size_t bufsize, struct listing *l)
{
	_Alignas(8) char buf[512];
	long n;

	memset(l, 0, sizeof(*l));
	while ((n = getdents64(fd, buf, bufsize)) > 0) {
		l->calls++;
		for (long off = 0; off < n; ) {
			struct linux_dirent64 *d = (void *)(buf + off);
			int i = name_index(d->d_name);

			if (d->d_reclen == 0 || d->d_reclen % 8)
				l->misaligned++;
			if (d->d_ino == 0)
				l->zero_ino++;
			if (i < 0) {
				l->unknown++;
			} else {
				l->seen[i]++;
				if (d->d_type != types[i])
					l->wrong_type++;
			}
			if (d->d_reclen == 0)
				break;
			off += d->d_reclen;
		}
	}
	l->error = n;
}

static int all_once(const struct listing *l, int except)
{
	for (int i = 0; i < nnames; i++)
		if (l->seen[i] != (i == except ? 0 : 1))
			return 0;
	return l->unknown == 0;
}

static void add_name(const char *name, unsigned char type)
{
	snprintf(names[nnames], sizeof(names[nnames]), "%s", name);
	types[nnames++] = type;
}

int main(void)
{
	char path[256];
	const char *dir = make_tmpdir("getdents");
	struct listing l;

	plan(15);
	add_name(".", DT_DIR);
	add_name("..", DT_DIR);
	for (int i = 0; i < NFILES; i++) {
		char name[64];
		int fd;

		snprintf(name, sizeof(name), "file-%d-%.*s", i, i % 23, "abcdefghijklmnopqrstuvw");
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			bail("creating %s: %s", path, strerror(errno));
		close(fd);
		add_name(name, DT_REG);
	}
	snprintf(path, sizeof(path), "%s/subdir", dir);
	mkdir(path, 0755);
	add_name("subdir", DT_DIR);
	snprintf(path, sizeof(path), "%s/link", dir);
	if (symlink("file-0-", path) == 0)
		add_name("link", DT_LNK);
	else
		diag("no symlink(2) (%s): no DT_LNK check", strerror(errno));

	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	ok(fd >= 0, "open(O_DIRECTORY) on the directory");
	list(fd, 200, &l);
	ok(all_once(&l, -1), "a 200-byte buffer lists all %d names exactly once", nnames);
	ok(l.calls > 3, "... over several calls (%d)", l.calls);
	is(l.error, 0, "... and then returns 0");
	is(l.misaligned, 0, "every d_reclen is a multiple of 8");
	is(l.zero_ino, 0, "no d_ino is 0");
	is(l.wrong_type, 0, "d_type is DT_DIR, DT_REG or DT_LNK as expected");
	is(getdents64(fd, path, sizeof(path)), 0, "at the end it keeps returning 0");

	is(lseek(fd, 0, SEEK_SET), 0, "lseek(0) rewinds the directory");
	list(fd, sizeof(path), &l);
	ok(all_once(&l, -1), "a second listing (256-byte buffer) gives the same names");

	snprintf(path, sizeof(path), "%s/%s", dir, names[7]);
	unlink(path);
	lseek(fd, 0, SEEK_SET);
	list(fd, 300, &l);
	ok(all_once(&l, 7), "after an unlink the name is gone from a new listing");

	lseek(fd, 0, SEEK_SET);
	errno = 0;
	long r = getdents64(fd, path, 16);

	ok(r == -1 && errno == EINVAL, "a buffer too small for one entry: EINVAL");
	close(fd);
	errno = 0;
	r = getdents64(fd, path, sizeof(path));
	ok(r == -1 && errno == EBADF, "a closed fd: EBADF");

	snprintf(path, sizeof(path), "%s/%s", dir, names[8]);
	fd = open(path, O_RDONLY);
	errno = 0;
	r = getdents64(fd, path, sizeof(path));
	ok(r == -1 && errno == ENOTDIR, "a regular file: ENOTDIR");
	close(fd);

	/* readdir(3) (musl's opendir/readdir on getdents64) agrees. */
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	while (d && (e = readdir(d)))
		count++;
	if (d)
		closedir(d);
	is(count, nnames - 1, "readdir(3) sees the same number of entries");

	remove_tree(dir);
	return done_testing();
}
