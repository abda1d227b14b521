/*
 * kernel/fs/ramfs_test.c - ktest suite "ramfs": regular files, their pages,
 * open flags, lseek, readdir and the device nodes, through the kernel API
 * (filp_open, kernel_read/kernel_write, vfs_llseek, iterate_dir).
 *
 * Everything happens under /ktest-ramfs, made by the suite's init and
 * removed by its exit.  Each case checks that the inodes, dentries and
 * files it made are gone at its end (kt_counts before and after).
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/slab.h"

#define DIR "/ktest-ramfs"

static int ramfs_test_init(void)
{
	return kt_mkdir(DIR, 0755);
}

static void ramfs_test_exit(void)
{
	kt_remove_tree(DIR);
}

#define EXPECT_NO_LEAK(t, before) do {					\
	struct kt_counts __after;					\
	kt_get_counts(&__after);					\
	KTEST_EXPECT_EQ(t, __after.inodes, (before).inodes);		\
	KTEST_EXPECT_EQ(t, __after.dentries, (before).dentries);	\
	KTEST_EXPECT_EQ(t, __after.files, (before).files);		\
} while (0)

static void create_write_read_roundtrip(struct ktest *t)
{
	struct kt_counts before;
	struct file *f;
	struct stat st;
	char buf[16] = { 0 };
	loff_t pos = 0;

	kt_get_counts(&before);
	f = filp_open(DIR "/a", O_RDWR | O_CREAT | O_EXCL, 0644);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_write(f, "0123456789", 10, &f->f_pos), 10);
	KTEST_EXPECT_EQ(t, f->f_pos, 10);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), &f->f_pos), 0);	/* at the end */
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), &pos), 10);
	KTEST_EXPECT_EQ(t, memcmp(buf, "0123456789", 10), 0);
	fput(f);
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/a", &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_size, 10);
	KTEST_EXPECT_TRUE(t, S_ISREG(st.st_mode));
	KTEST_EXPECT_EQ(t, st.st_mode & 0777, 0644 & ~0022);
	KTEST_EXPECT_EQ(t, st.st_nlink, 1);
	KTEST_EXPECT_EQ(t, st.st_blocks, 8);			/* one 4 KiB page */
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/a"), 0);
	EXPECT_NO_LEAK(t, before);
}

static void writes_past_the_end_leave_zero_holes(struct ktest *t)
{
	char *buf = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	struct file *f;
	loff_t pos = 2 * PAGE_SIZE + 100;

	KTEST_ASSERT_NOT_NULL(t, buf);
	f = filp_open(DIR "/holes", O_RDWR | O_CREAT, 0644);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_write(f, "xyz", 3, &pos), 3);
	KTEST_EXPECT_EQ(t, f->f_inode->i_size, 2 * PAGE_SIZE + 103);
	KTEST_EXPECT_EQ(t, ramfs_nr_pages(f->f_inode), 1);	/* the holes take no page */
	memset(buf, 0x55, 3 * PAGE_SIZE);
	pos = 0;
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 3 * PAGE_SIZE, &pos), 2 * PAGE_SIZE + 103);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, 2 * PAGE_SIZE + 100));
	KTEST_EXPECT_EQ(t, memcmp(buf + 2 * PAGE_SIZE + 100, "xyz", 3), 0);
	pos = PAGE_SIZE - 1;				/* a write across a page boundary */
	KTEST_EXPECT_EQ(t, kernel_write(f, "ab", 2, &pos), 2);
	KTEST_EXPECT_EQ(t, ramfs_nr_pages(f->f_inode), 3);
	fput(f);
	kfree(buf);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/holes"), 0);
}

static void truncate_frees_pages_and_zeroes_the_tail(struct ktest *t)
{
	char *buf = kmalloc(5000, GFP_KERNEL);
	struct dentry *d;
	loff_t pos = 0;

	KTEST_ASSERT_NOT_NULL(t, buf);
	memset(buf, 'x', 5000);
	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/t", buf, 5000), 0);
	KTEST_ASSERT_EQ(t, kern_path(DIR "/t", 0, &d), 0);
	KTEST_EXPECT_EQ(t, ramfs_nr_pages(d->d_inode), 2);
	KTEST_EXPECT_EQ(t, do_truncate(d, 10), 0);
	KTEST_EXPECT_EQ(t, ramfs_nr_pages(d->d_inode), 1);
	KTEST_EXPECT_EQ(t, do_truncate(d, 5000), 0);		/* grow again: zeros */
	KTEST_EXPECT_EQ(t, do_truncate(d, -1), -EINVAL);
	dput(d);
	KTEST_EXPECT_EQ(t, kt_read_file(DIR "/t", buf, 5000), 5000);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 'x', 10));
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 10, 0, 4990));
	(void)pos;
	kfree(buf);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/t"), 0);
}

static void open_flags_append_trunc_excl_directory(struct ktest *t)
{
	struct file *f;
	char buf[16];
	loff_t pos = 0;

	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/f", "abc", 3), 0);
	f = filp_open(DIR "/f", O_WRONLY | O_APPEND, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_write(f, "de", 2, &pos), 2);	/* pos 0, but O_APPEND */
	KTEST_EXPECT_EQ(t, pos, 5);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 1, &pos), -EBADF);	/* write-only */
	fput(f);
	KTEST_EXPECT_EQ(t, kt_read_file(DIR "/f", buf, sizeof(buf)), 5);
	KTEST_EXPECT_EQ(t, memcmp(buf, "abcde", 5), 0);

	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/f", O_RDWR | O_CREAT | O_EXCL, 0644)), -EEXIST);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/f", O_RDONLY | O_DIRECTORY, 0)), -ENOTDIR);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR, O_WRONLY, 0)), -EISDIR);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR, O_RDWR | O_CREAT, 0644)), -EISDIR);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/nope", O_RDONLY, 0)), -ENOENT);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/nope/x", O_RDWR | O_CREAT, 0644)), -ENOENT);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/f/x", O_RDWR | O_CREAT, 0644)), -ENOTDIR);

	f = filp_open(DIR "/f", O_WRONLY | O_TRUNC, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, f->f_inode->i_size, 0);
	KTEST_EXPECT_EQ(t, ramfs_nr_pages(f->f_inode), 0);
	fput(f);
	f = filp_open(DIR, O_RDONLY, 0);			/* a directory: read is EISDIR */
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	pos = 0;
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 1, &pos), -EISDIR);
	fput(f);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/f"), 0);
}

static void lseek_set_cur_end_and_errors(struct ktest *t)
{
	struct file *f;

	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/s", "0123456789", 10), 0);
	f = filp_open(DIR "/s", O_RDONLY, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, vfs_llseek(f, 3, SEEK_SET), 3);
	KTEST_EXPECT_EQ(t, vfs_llseek(f, 2, SEEK_CUR), 5);
	KTEST_EXPECT_EQ(t, vfs_llseek(f, -1, SEEK_END), 9);
	KTEST_EXPECT_EQ(t, vfs_llseek(f, 100, SEEK_END), 110);	/* past the end is fine */
	KTEST_EXPECT_EQ(t, vfs_llseek(f, -11, SEEK_END), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_llseek(f, -1, SEEK_SET), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_llseek(f, 0, 7), -EINVAL);
	KTEST_EXPECT_EQ(t, f->f_pos, 110);			/* errors leave f_pos alone */
	fput(f);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/s"), 0);
}

static void unlinked_file_lives_while_open(struct ktest *t)
{
	struct kt_counts before, during;
	struct file *f;
	char buf[4];
	loff_t pos = 0;

	kt_get_counts(&before);
	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/u", "data", 4), 0);
	f = filp_open(DIR "/u", O_RDWR, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/u"), 0);
	KTEST_EXPECT_EQ(t, f->f_inode->i_nlink, 0);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/u", O_RDONLY, 0)), -ENOENT);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 4, &pos), 4);
	KTEST_EXPECT_EQ(t, memcmp(buf, "data", 4), 0);
	kt_get_counts(&during);
	KTEST_EXPECT_EQ(t, during.inodes, before.inodes + 1);
	fput(f);						/* the last reference */
	EXPECT_NO_LEAK(t, before);
}

/* Collects names, at most `room` per iterate_dir call. */
struct name_list {
	struct dir_context ctx;
	int room;
	int count;
	char names[16][8];
};

static bool collect(struct dir_context *ctx, const char *name, int namlen,
		    loff_t offset, u64 ino, unsigned int d_type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);

	if (!l->room || l->count == 16 || namlen >= 8)
		return false;
	memcpy(l->names[l->count], name, namlen);
	l->names[l->count][namlen] = '\0';
	l->count++;
	l->room--;
	return true;
}

static int count_name(struct name_list *l, const char *name)
{
	int n = 0;

	for (int i = 0; i < l->count; i++)
		n += !strcmp(l->names[i], name);
	return n;
}

static void readdir_resumes_across_calls_and_removals(struct ktest *t)
{
	static const char *const names[] = { "f0", "f1", "f2", "f3", "f4" };
	struct name_list l = { .ctx.actor = collect };
	struct file *f;
	int calls = 0;

	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/d", 0755), 0);
	for (int i = 0; i < 5; i++) {
		char path[32];

		snprintf(path, sizeof(path), DIR "/d/%s", names[i]);
		KTEST_ASSERT_EQ(t, kt_write_file(path, "", 0), 0);
	}
	f = filp_open(DIR "/d", O_RDONLY | O_DIRECTORY, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	for (;;) {
		int had = l.count;

		l.room = 2;
		KTEST_ASSERT_EQ(t, iterate_dir(f, &l.ctx), 0);
		calls++;
		if (calls == 2)		/* remove one already shown and one not yet shown */
			KTEST_EXPECT_EQ(t, kt_unlink(DIR "/d/f0") | kt_unlink(DIR "/d/f4"), 0);
		if (l.count == had || calls > 10)
			break;
	}
	fput(f);
	KTEST_EXPECT_EQ(t, count_name(&l, "."), 1);
	KTEST_EXPECT_EQ(t, count_name(&l, ".."), 1);
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, count_name(&l, names[i]), 1);
	KTEST_EXPECT_EQ(t, count_name(&l, "f4"), 0);	/* removed before it was reached */
	KTEST_EXPECT_EQ(t, l.count, 6);
	KTEST_EXPECT_EQ(t, kt_remove_tree(DIR "/d"), 0);
}

static void dev_null_zero_and_console_nodes(struct ktest *t)
{
	struct file *f;
	struct stat st;
	char buf[8];
	loff_t pos = 0;

	KTEST_ASSERT_EQ(t, kt_stat("/dev/null", &st, true), 0);
	KTEST_EXPECT_TRUE(t, S_ISCHR(st.st_mode));
	KTEST_EXPECT_EQ(t, st.st_rdev, 0x103);			/* makedev(1, 3) */
	KTEST_EXPECT_EQ(t, kt_stat("/dev/console", &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_rdev, 0x501);
	KTEST_EXPECT_EQ(t, kt_stat("/dev/tty", &st, true), 0);
	KTEST_EXPECT_EQ(t, kt_stat("/dev/zero", &st, true), 0);

	f = filp_open("/dev/null", O_RDWR, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_write(f, "abc", 3, &pos), 3);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), &pos), 0);
	fput(f);
	f = filp_open("/dev/zero", O_RDONLY, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	memset(buf, 0x55, sizeof(buf));
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), &pos), 8);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, sizeof(buf)));
	fput(f);
	/* A node whose major has no driver. */
	KTEST_ASSERT_EQ(t, kt_mknod(DIR "/nodev", S_IFCHR | 0600, MKDEV(200, 0)), 0);
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/nodev", O_RDONLY, 0)), -ENXIO);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/nodev"), 0);
}

static void files_and_pages_are_freed(struct ktest *t)
{
	unsigned long free_before, free_after;
	char *buf = kzalloc(4 * PAGE_SIZE, GFP_KERNEL);
	struct kt_counts before;

	KTEST_ASSERT_NOT_NULL(t, buf);
	kt_get_counts(&before);
	drain_local_pages();
	free_before = nr_free_pages();
	for (int round = 0; round < 3; round++) {
		KTEST_ASSERT_EQ(t, kt_write_file(DIR "/big", buf, 4 * PAGE_SIZE), 0);
		KTEST_ASSERT_EQ(t, kt_unlink(DIR "/big"), 0);
	}
	drain_local_pages();
	free_after = nr_free_pages();
	kfree(buf);
	/* Slab pages may come and go a little; the 4 data pages must not stay. */
	KTEST_EXPECT_LE(t, free_before, free_after + 2);
	EXPECT_NO_LEAK(t, before);
}

static struct ktest_case ramfs_cases[] = {
	KTEST_CASE(create_write_read_roundtrip),
	KTEST_CASE(writes_past_the_end_leave_zero_holes),
	KTEST_CASE(truncate_frees_pages_and_zeroes_the_tail),
	KTEST_CASE(open_flags_append_trunc_excl_directory),
	KTEST_CASE(lseek_set_cur_end_and_errors),
	KTEST_CASE(unlinked_file_lives_while_open),
	KTEST_CASE(readdir_resumes_across_calls_and_removals),
	KTEST_CASE(dev_null_zero_and_console_nodes),
	KTEST_CASE(files_and_pages_are_freed),
	{}
};
KTEST_SUITE(ramfs, ramfs_cases, .init = ramfs_test_init, .exit = ramfs_test_exit);
