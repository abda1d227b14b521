/*
 * kernel/fs/initramfs_test.c - ktest suite "initramfs": unpack_to_rootfs()
 * on cpio newc archives built in memory: a good one (directories, files
 * across pages, symlinks, device nodes, FIFOs, modes, mtimes, "./" names,
 * concatenated archives), every truncation of it, and malformed headers.
 * A bad archive must give its message, never an oops, and keep what was
 * unpacked before the problem.  Everything lands under /ktest-initrd.
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define TOP	"ktest-initrd"
#define BIG	10000

struct cpio_buf {
	char *buf;
	size_t len;
	size_t cap;
};

static void put(struct cpio_buf *c, const void *p, size_t n)
{
	if (c->len + n <= c->cap)
		memcpy(c->buf + c->len, p, n);
	c->len += n;
}

static void pad4(struct cpio_buf *c)
{
	while (c->len % 4)
		put(c, "", 1);
}

/* Appends one newc entry; returns the offset of its header. */
static size_t cpio_add(struct cpio_buf *c, const char *name, unsigned int mode,
		       const void *data, size_t size, unsigned int rmaj, unsigned int rmin)
{
	char hdr[112];
	size_t at = c->len;

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1, mode, 0, 0, 1, 1234, (unsigned int)size, 0, 0, rmaj, rmin,
		 (unsigned int)strlen(name) + 1, 0);
	put(c, hdr, 110);
	put(c, name, strlen(name) + 1);
	pad4(c);
	put(c, data, size);
	pad4(c);
	return at;
}

/* The good archive; *trailer_name_end: where the trailer's name ends. */
static void build_archive(struct cpio_buf *c, const char *big, size_t *trailer_name_end)
{
	size_t at;

	cpio_add(c, ".", S_IFDIR | 0755, NULL, 0, 0, 0);
	cpio_add(c, TOP, S_IFDIR | 0755, NULL, 0, 0, 0);
	cpio_add(c, TOP "/bin", S_IFDIR | 0700, NULL, 0, 0, 0);
	cpio_add(c, TOP "/bin/hello", S_IFREG | 0755, "hello world\n", 12, 0, 0);
	cpio_add(c, "./" TOP "/big", S_IFREG | 0644, big, BIG, 0, 0);
	cpio_add(c, "/" TOP "/link", S_IFLNK | 0777, "bin/hello", 9, 0, 0);
	cpio_add(c, TOP "/null", S_IFCHR | 0666, NULL, 0, 1, 3);
	cpio_add(c, TOP "/fifo", S_IFIFO | 0600, NULL, 0, 0, 0);
	at = cpio_add(c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	*trailer_name_end = at + 110 + sizeof("TRAILER!!!");
}

static char *make_big(void)
{
	char *big = kmalloc(BIG, GFP_KERNEL);

	for (int i = 0; big && i < BIG; i++)
		big[i] = (char)(i * 31 + 7);
	return big;
}

static void check_tree(struct ktest *t, const char *big)
{
	char *buf = kmalloc(BIG + 1, GFP_KERNEL);
	struct stat st;

	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_EXPECT_EQ(t, kt_read_file("/" TOP "/bin/hello", buf, BIG), 12);
	KTEST_EXPECT_EQ(t, memcmp(buf, "hello world\n", 12), 0);
	KTEST_EXPECT_EQ(t, kt_read_file("/" TOP "/big", buf, BIG + 1), BIG);
	KTEST_EXPECT_EQ(t, memcmp(buf, big, BIG), 0);
	KTEST_EXPECT_EQ(t, kt_stat("/" TOP "/bin/hello", &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_mode, S_IFREG | 0755);
	KTEST_EXPECT_EQ(t, st.st_mtim.tv_sec, 1234);
	KTEST_EXPECT_EQ(t, kt_stat("/" TOP "/bin", &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_mode, S_IFDIR | 0700);
	KTEST_EXPECT_EQ(t, do_readlinkat_kernel(AT_FDCWD, "/" TOP "/link", buf, BIG), 9);
	KTEST_EXPECT_EQ(t, memcmp(buf, "bin/hello", 9), 0);
	KTEST_EXPECT_EQ(t, kt_read_file("/" TOP "/link", buf, BIG), 12);
	KTEST_EXPECT_EQ(t, kt_stat("/" TOP "/null", &st, true), 0);
	KTEST_EXPECT_TRUE(t, S_ISCHR(st.st_mode));
	KTEST_EXPECT_EQ(t, st.st_rdev, 0x103);
	KTEST_EXPECT_EQ(t, kt_stat("/" TOP "/fifo", &st, true), 0);
	KTEST_EXPECT_TRUE(t, S_ISFIFO(st.st_mode));
	kfree(buf);
}

static void unpacks_dirs_files_symlinks_and_nodes(struct ktest *t)
{
	struct cpio_buf c = { .cap = 16384 };
	struct kt_counts before, after;
	char *big = make_big();
	size_t end;

	kt_get_counts(&before);
	c.buf = kmalloc(c.cap, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, c.buf && big);
	build_archive(&c, big, &end);
	KTEST_ASSERT_LE(t, c.len, c.cap);
	KTEST_EXPECT_NULL(t, unpack_to_rootfs(c.buf, c.len));
	check_tree(t, big);
	KTEST_EXPECT_EQ(t, kt_remove_tree("/" TOP), 0);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.inodes, before.inodes);
	KTEST_EXPECT_EQ(t, after.dentries, before.dentries);
	kfree(c.buf);
	kfree(big);
}

static void concatenated_archives_and_padding(struct ktest *t)
{
	struct cpio_buf c = { .cap = 4096 };
	struct stat st;

	c.buf = kzalloc(c.cap, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, c.buf);
	cpio_add(&c, TOP, S_IFDIR | 0755, NULL, 0, 0, 0);
	cpio_add(&c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	c.len += 512;					/* NUL padding, as cpio writes */
	cpio_add(&c, TOP "/second", S_IFREG | 0644, "2", 1, 0, 0);
	cpio_add(&c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	c.len += 100;
	KTEST_ASSERT_LE(t, c.len, c.cap);
	KTEST_EXPECT_NULL(t, unpack_to_rootfs(c.buf, c.len));
	KTEST_EXPECT_EQ(t, kt_stat("/" TOP "/second", &st, true), 0);
	KTEST_EXPECT_EQ(t, kt_remove_tree("/" TOP), 0);
	KTEST_EXPECT_NULL(t, unpack_to_rootfs(c.buf, 0));	/* empty: nothing to do */
	kfree(c.buf);
}

static void every_truncation_is_an_error(struct ktest *t)
{
	struct cpio_buf c = { .cap = 16384 };
	struct kt_counts before, after;
	char *big = make_big();
	size_t end;
	int bad = 0;

	c.buf = kmalloc(c.cap, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, c.buf && big);
	build_archive(&c, big, &end);
	kt_get_counts(&before);
	for (size_t len = 1; len < end; len += (len > 600 && len < 600 + BIG - 16) ? 97 : 1) {
		if (!unpack_to_rootfs(c.buf, len)) {
			if (!bad++)
				ktest_info(t, "a cut at %zu bytes was accepted", len);
		}
		kt_remove_tree("/" TOP);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.inodes, before.inodes);
	kfree(c.buf);
	kfree(big);
}

/* One good file entry, then a patch at offset 'at' of 'len' bytes: the message. */
static const char *unpack_patched(char *buf, size_t at, const char *patch, size_t len)
{
	struct cpio_buf c = { .buf = buf, .cap = 1024 };
	const char *err;

	cpio_add(&c, TOP "-f", S_IFREG | 0644, "abc", 3, 0, 0);
	cpio_add(&c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	memcpy(buf + at, patch, len);
	err = unpack_to_rootfs(buf, c.len);
	kt_unlink("/" TOP "-f");
	return err;
}

#define NAMESIZE_AT	(6 + 8 * 11)
#define FILESIZE_AT	(6 + 8 * 6)

static void malformed_headers_give_their_message(struct ktest *t)
{
	char *buf = kmalloc(1024, GFP_KERNEL);
	const char *err;

	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_EXPECT_NULL(t, unpack_patched(buf, 0, "070701", 6));	/* unpatched: fine */
	err = unpack_patched(buf, 0, "070707", 6);			/* the old binary format */
	KTEST_EXPECT_STREQ(t, err, "no cpio magic");
	err = unpack_patched(buf, 6 + 3, "g", 1);
	KTEST_EXPECT_STREQ(t, err, "bad hex field in header");
	err = unpack_patched(buf, NAMESIZE_AT, "00000000", 8);
	KTEST_EXPECT_STREQ(t, err, "bad name size");
	err = unpack_patched(buf, NAMESIZE_AT, "FFFFFFFF", 8);
	KTEST_EXPECT_STREQ(t, err, "bad name size");
	err = unpack_patched(buf, NAMESIZE_AT, "00000005", 8);		/* "ktest" without NUL */
	KTEST_EXPECT_STREQ(t, err, "name not NUL-terminated");
	err = unpack_patched(buf, FILESIZE_AT, "FFFFFFF0", 8);
	KTEST_EXPECT_STREQ(t, err, "truncated file data");
	err = unpack_patched(buf, 0, "junk!!", 6);
	KTEST_EXPECT_STREQ(t, err, "no cpio magic");
	kfree(buf);
}

static struct ktest_case initramfs_cases[] = {
	KTEST_CASE(unpacks_dirs_files_symlinks_and_nodes),
	KTEST_CASE(concatenated_archives_and_padding),
	KTEST_CASE(every_truncation_is_an_error),
	KTEST_CASE(malformed_headers_give_their_message),
	{}
};
KTEST_SUITE(initramfs, initramfs_cases);
