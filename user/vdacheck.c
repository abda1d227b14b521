/*
 * user/vdacheck.c - checks and measures /dev/vda from user space (the
 * virtio-blk driver through the VFS: kernel/fs/block_dev.c ->
 * drivers/block/blkdev.c -> drivers/block/virtio_blk.c).  Used by
 * tests/test_blk.py; it is not in user/tests/ on purpose: run natively it
 * would write to the host's own /dev/vda.  It refuses to run on anything
 * but Pagoda (uname -s) unless given -f.
 *
 *	vdacheck pattern SECTORS   the disk must hold the harness's pattern:
 *	                           every 8-byte word of sector s is s (LE);
 *	                           read with aligned, unaligned and large reads
 *	vdacheck write             writes known bytes (aligned, and unaligned
 *	                           across sector boundaries) at sector 1000+,
 *	                           reads them back; the harness then checks
 *	                           the image file on the host
 *	vdacheck concurrent        4 processes write and verify their own
 *	                           regions at once (requests in flight together)
 *	vdacheck eio RSECTOR WSECTOR  a read at RSECTOR and a write at WSECTOR
 *	                           must fail with EIO; other I/O still works
 *	vdacheck bench MIB [KIB]   BENCH lines: sequential write and read
 *	                           throughput of MIB MiB from the start, in
 *	                           KIB-KiB calls (default 128; 4 is a swap page)
 *
 * Prints "vdacheck: ok ..." / "vdacheck: FAIL ..." lines; exit 0 if all ok.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(int cond, const char *what)
{
	printf("vdacheck: %s %s\n", cond ? "ok" : "FAIL", what);
	fflush(stdout);
	if (!cond)
		failures++;
}

static int open_vda(int flags)
{
	int fd = open("/dev/vda", flags);

	if (fd < 0) {
		printf("vdacheck: FAIL open /dev/vda: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

/* Does buf (len bytes at disk offset off) hold the sector-number pattern? */
static int pattern_ok(const unsigned char *buf, size_t len, uint64_t off)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t pos = off + i, word = pos / 512;

		if (buf[i] != (unsigned char)(word >> (8 * (pos % 8))))
			return 0;
	}
	return 1;
}

static int do_pattern(uint64_t sectors)
{
	int fd = open_vda(O_RDONLY);
	size_t big = 200 * 1024;
	unsigned char *buf = malloc(big);
	off_t end = lseek(fd, 0, SEEK_END);
	int good = 1;

	check(end == (off_t)(sectors * 512), "lseek(SEEK_END) is the disk's size");
	for (uint64_t s = 0; s < sectors && s < 64; s++)
		good &= pread(fd, buf, 512, s * 512) == 512 && pattern_ok(buf, 512, s * 512);
	check(good, "sector-sized reads of sectors 0-63");
	good = pread(fd, buf, 1000, 777) == 1000 && pattern_ok(buf, 1000, 777);
	check(good, "an unaligned read (1000 bytes at offset 777)");
	good = 1;
	for (uint64_t off = 0; off < sectors * 512; off += big) {
		size_t want = off + big > sectors * 512 ? sectors * 512 - off : big;

		good &= pread(fd, buf, want, off) == (ssize_t)want && pattern_ok(buf, want, off);
	}
	check(good, "the whole disk in 200 KiB reads");
	check(pread(fd, buf, 4096, sectors * 512 - 100) == 100, "a read across the end is short");
	check(pread(fd, buf, 512, sectors * 512) == 0, "a read at the end returns 0");
	free(buf);
	close(fd);
	return failures;
}

static void fill(unsigned char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 13 + seed);
}

static int do_write(void)
{
	int fd = open_vda(O_RDWR);
	unsigned char a[8192], b[8192], c[8192];

	fill(a, sizeof(a), 7);
	check(pwrite(fd, a, sizeof(a), 1000 * 512) == sizeof(a), "write 16 sectors at sector 1000");
	fill(b, 1000, 99);
	check(pwrite(fd, b, 1000, 1100 * 512 + 300) == 1000, "write 1000 bytes at sector 1100 + 300");
	memset(c, 0, sizeof(c));
	check(pread(fd, c, sizeof(a), 1000 * 512) == sizeof(a) && !memcmp(a, c, sizeof(a)),
	      "read back the 16 sectors");
	check(pread(fd, c, 1000, 1100 * 512 + 300) == 1000 && !memcmp(b, c, 1000),
	      "read back the unaligned write");
	check(pwrite(fd, a, 512, lseek(fd, 0, SEEK_END)) < 0 && errno == ENOSPC,
	      "a write at the end fails with ENOSPC");
	check(fsync(fd) == 0 || errno == EINVAL || errno == ENOSYS, "fsync");
	close(fd);
	return failures;
}

static int do_concurrent(void)
{
	int status, good = 1;

	for (int k = 0; k < 4; k++) {
		if (fork() == 0) {
			int fd = open_vda(O_RDWR);
			unsigned char w[65536], r[65536];
			int ok = 1;

			for (int round = 0; round < 8; round++) {
				off_t off = (off_t)(2048 + k * 256 + round * 16) * 512;

				fill(w, sizeof(w) / 8, k * 31 + round);
				ok &= pwrite(fd, w, sizeof(w) / 8, off) == (ssize_t)sizeof(w) / 8;
				ok &= pread(fd, r, sizeof(w) / 8, off) == (ssize_t)sizeof(w) / 8;
				ok &= !memcmp(w, r, sizeof(w) / 8);
				ok &= pread(fd, r, sizeof(r), 0) == sizeof(r);
			}
			_exit(ok ? 0 : 1);
		}
	}
	for (int k = 0; k < 4; k++)
		good &= wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	check(good, "4 processes writing and reading at once");
	return failures;
}

static int do_eio(long rsec, long wsec)
{
	int fd = open_vda(O_RDWR);
	unsigned char buf[4096];

	memset(buf, 0xab, sizeof(buf));
	errno = 0;
	check(pread(fd, buf, 512, rsec * 512) < 0 && errno == EIO, "a read of the bad sector: EIO");
	errno = 0;
	check(pwrite(fd, buf, 512, wsec * 512) < 0 && errno == EIO, "a write of the bad sector: EIO");
	check(pread(fd, buf, 4096, 0) == 4096, "a read elsewhere still works");
	check(pwrite(fd, buf, 512, 8 * 512) == 512, "a write elsewhere still works");
	close(fd);
	return failures;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int do_bench(long mib, size_t chunk)
{
	int fd = open_vda(O_RDWR);
	unsigned char *buf = malloc(chunk);
	double t0, t1, t2;
	int good = 1;

	fill(buf, chunk, 3);
	t0 = now();
	for (long off = 0; off < mib << 20; off += chunk)
		good &= pwrite(fd, buf, chunk, off) == (ssize_t)chunk;
	t1 = now();
	for (long off = 0; off < mib << 20; off += chunk)
		good &= pread(fd, buf, chunk, off) == (ssize_t)chunk;
	t2 = now();
	check(good, "bench I/O");
	printf("BENCH name=vda_seq_write unit=MB/s value=%.1f bytes=%ld chunk=%zu\n",
	       (mib << 20) / (t1 - t0) / 1e6, mib << 20, chunk);
	printf("BENCH name=vda_seq_read unit=MB/s value=%.1f bytes=%ld chunk=%zu\n",
	       (mib << 20) / (t2 - t1) / 1e6, mib << 20, chunk);
	free(buf);
	close(fd);
	return failures;
}

int main(int argc, char **argv)
{
	struct utsname u;

	if (argc > 1 && !strcmp(argv[1], "-f")) {
		argv++;
		argc--;
	} else if (uname(&u) || strcmp(u.sysname, "Pagoda")) {
		fprintf(stderr, "vdacheck: not on Pagoda; it writes to /dev/vda (-f to insist)\n");
		return 2;
	}
	if (argc == 3 && !strcmp(argv[1], "pattern"))
		return do_pattern(strtoull(argv[2], NULL, 0)) ? 1 : 0;
	if (argc == 2 && !strcmp(argv[1], "write"))
		return do_write() ? 1 : 0;
	if (argc == 2 && !strcmp(argv[1], "concurrent"))
		return do_concurrent() ? 1 : 0;
	if (argc == 4 && !strcmp(argv[1], "eio"))
		return do_eio(atol(argv[2]), atol(argv[3])) ? 1 : 0;
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "bench"))
		return do_bench(atol(argv[2]), argc == 4 ? atol(argv[3]) * 1024 : 128 * 1024) ? 1 : 0;
	fprintf(stderr, "usage: vdacheck [-f] pattern N | write | concurrent | eio R W | bench MIB [KIB]\n");
	return 2;
}
