/*
 * kernel/fs/namei_test.c - ktest suite "namei": the path walk ("." "..",
 * trailing slashes, symlinks and ELOOP, relative and dfd walks), getname,
 * and the name operations (mkdir, rmdir, unlink, symlink, readlink,
 * rename) with Linux's errors.  Works under /ktest-namei.
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define DIR "/ktest-namei"

static int namei_test_init(void)
{
	int err = kt_mkdir(DIR, 0755);

	err = err ?: kt_mkdir(DIR "/a", 0755);
	err = err ?: kt_mkdir(DIR "/a/b", 0755);
	err = err ?: kt_write_file(DIR "/a/b/file", "hi", 2);
	return err;
}

static void namei_test_exit(void)
{
	kt_remove_tree(DIR);
}

/* The inode number a path resolves to (following), or -errno. */
static long ino_of(const char *path)
{
	struct dentry *d;
	long ret;
	int err = kern_path(path, LOOKUP_FOLLOW, &d);

	if (err)
		return err;
	ret = d->d_inode->i_ino;
	dput(d);
	return ret;
}

static void dot_and_dotdot_are_walked(struct ktest *t)
{
	long file = ino_of(DIR "/a/b/file");

	KTEST_ASSERT_GT(t, file, 0);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/../b/./file"), file);
	KTEST_EXPECT_EQ(t, ino_of(DIR "//a///b/file"), file);
	KTEST_EXPECT_EQ(t, ino_of("/.."), ino_of("/"));		/* the root is its own parent */
	KTEST_EXPECT_EQ(t, ino_of("/../../" "ktest-namei/a/b/file"), file);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/.."), ino_of(DIR "/a"));
}

static void missing_and_non_directory_components(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ino_of(DIR "/missing"), -ENOENT);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/missing/x"), -ENOENT);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/file/x"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/file/"), -ENOTDIR);	/* a trailing slash wants a dir */
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/file/."), -ENOTDIR);
	KTEST_EXPECT_GT(t, ino_of(DIR "/a/b/"), 0);
	KTEST_EXPECT_EQ(t, ino_of(""), -ENOENT);
}

static void long_names_are_refused(struct ktest *t)
{
	char *p = kmalloc(PATH_MAX + 10, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 'x', PATH_MAX + 9);
	p[0] = '/';
	p[PATH_MAX + 9] = '\0';
	KTEST_EXPECT_EQ(t, PTR_ERR(getname_kernel(p)), -ENAMETOOLONG);
	p[PATH_MAX - 1] = '\0';				/* 4095 bytes + NUL: fits... */
	for (int i = 100; i < PATH_MAX - 1; i += 100)
		p[i] = '/';
	KTEST_EXPECT_EQ(t, ino_of(p), -ENOENT);		/* ...and is walked */
	memset(p + 1, 'y', NAME_MAX + 1);		/* a 256-byte component */
	p[NAME_MAX + 2] = '\0';
	KTEST_EXPECT_EQ(t, ino_of(p), -ENAMETOOLONG);
	p[NAME_MAX + 1] = '\0';				/* 255 bytes: just a missing name */
	KTEST_EXPECT_EQ(t, ino_of(p), -ENOENT);
	kfree(p);
}

static void getname_rejects_bad_user_pointers(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, PTR_ERR(getname(NULL)), -EFAULT);
	KTEST_EXPECT_EQ(t, PTR_ERR(getname((const char __user *)DIR)), -EFAULT);	/* kernel half */
	KTEST_EXPECT_EQ(t, PTR_ERR(getname((const char __user *)0x7ffffffff000UL)), -EFAULT);
}

static void symlinks_are_followed_where_they_should_be(struct ktest *t)
{
	long file = ino_of(DIR "/a/b/file");
	struct dentry *d;
	struct stat st;
	char buf[64];

	KTEST_ASSERT_EQ(t, kt_symlink("a/b", DIR "/rel"), 0);
	KTEST_ASSERT_EQ(t, kt_symlink(DIR "/a/b/file", DIR "/abs"), 0);
	KTEST_ASSERT_EQ(t, kt_symlink("../../a", DIR "/a/b/up"), 0);
	KTEST_ASSERT_EQ(t, kt_symlink("nowhere", DIR "/dangling"), 0);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/rel/file"), file);	/* in the middle */
	KTEST_EXPECT_EQ(t, ino_of(DIR "/abs"), file);		/* at the end */
	KTEST_EXPECT_EQ(t, ino_of(DIR "/a/b/up/b/file"), file);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/rel/"), ino_of(DIR "/a/b"));
	KTEST_EXPECT_EQ(t, ino_of(DIR "/dangling"), -ENOENT);
	/* Without LOOKUP_FOLLOW the final link itself is the result. */
	KTEST_ASSERT_EQ(t, kern_path(DIR "/abs", 0, &d), 0);
	KTEST_EXPECT_TRUE(t, S_ISLNK(d->d_inode->i_mode));
	dput(d);
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/abs", &st, false), 0);
	KTEST_EXPECT_TRUE(t, S_ISLNK(st.st_mode));
	KTEST_EXPECT_EQ(t, st.st_size, strlen(DIR "/a/b/file"));
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/abs", &st, true), 0);
	KTEST_EXPECT_TRUE(t, S_ISREG(st.st_mode));
	KTEST_EXPECT_EQ(t, do_readlinkat_kernel(AT_FDCWD, DIR "/rel", buf, sizeof(buf)), 3);
	KTEST_EXPECT_EQ(t, memcmp(buf, "a/b", 3), 0);
	KTEST_EXPECT_EQ(t, do_readlinkat_kernel(AT_FDCWD, DIR "/rel", buf, 2), 2);	/* truncated */
	KTEST_EXPECT_EQ(t, do_readlinkat_kernel(AT_FDCWD, DIR "/a", buf, sizeof(buf)), -EINVAL);
	/* O_NOFOLLOW on a final symlink: ELOOP; O_PATH|O_NOFOLLOW opens the link. */
	KTEST_EXPECT_EQ(t, PTR_ERR(filp_open(DIR "/abs", O_RDONLY | O_NOFOLLOW, 0)), -ELOOP);
	KTEST_EXPECT_EQ(t, kt_symlink("x", DIR "/abs"), -EEXIST);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/rel") | kt_unlink(DIR "/abs") |
			   kt_unlink(DIR "/a/b/up") | kt_unlink(DIR "/dangling"), 0);
}

static void symlink_loops_end_in_eloop(struct ktest *t)
{
	char path[64], target[64];
	int i;

	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/loop", 0755), 0);
	KTEST_ASSERT_EQ(t, kt_symlink("l2", DIR "/loop/l1"), 0);
	KTEST_ASSERT_EQ(t, kt_symlink("l1", DIR "/loop/l2"), 0);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/loop/l1"), -ELOOP);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/loop/l1/x"), -ELOOP);
	KTEST_ASSERT_EQ(t, kt_symlink("self/x", DIR "/loop/self"), 0);
	KTEST_EXPECT_EQ(t, ino_of(DIR "/loop/self"), -ELOOP);
	/* A chain c0 -> c1 -> ... -> c40 -> file: 40 links are allowed, 41 are not. */
	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/loop/c41", "", 0), 0);
	for (i = 40; i >= 0; i--) {
		snprintf(path, sizeof(path), DIR "/loop/c%d", i);
		snprintf(target, sizeof(target), "c%d", i + 1);
		KTEST_ASSERT_EQ(t, kt_symlink(target, path), 0);
	}
	KTEST_EXPECT_GT(t, ino_of(DIR "/loop/c1"), 0);		/* 40 links */
	KTEST_EXPECT_EQ(t, ino_of(DIR "/loop/c0"), -ELOOP);	/* 41 links */
	KTEST_EXPECT_EQ(t, kt_remove_tree(DIR "/loop"), 0);
}

static void mkdir_rmdir_unlink_errors_and_nlink(struct ktest *t)
{
	struct stat st;
	unsigned long nlink;

	KTEST_ASSERT_EQ(t, kt_stat(DIR, &st, true), 0);
	nlink = st.st_nlink;
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/m", 0755), 0);
	KTEST_EXPECT_EQ(t, kt_stat(DIR, &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_nlink, nlink + 1);
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/m", &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_nlink, 2);
	KTEST_EXPECT_EQ(t, st.st_mode, S_IFDIR | 0755);
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/m", 0755), -EEXIST);
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/m/", 0755), -EEXIST);
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/m/.", 0755), -EEXIST);
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/nope/m", 0755), -ENOENT);
	KTEST_EXPECT_EQ(t, kt_mkdir(DIR "/m/n/", 0755), 0);	/* mkdir takes a trailing slash */
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/m"), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/m"), -EISDIR);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/m/n/."), -EINVAL);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/m/n/.."), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, kt_rmdir("/"), -EBUSY);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/a/b/file"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/a/b/file/"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, kt_unlink(DIR "/m/missing"), -ENOENT);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/m/n"), 0);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/m/"), 0);
	KTEST_EXPECT_EQ(t, kt_stat(DIR, &st, true), 0);
	KTEST_EXPECT_EQ(t, st.st_nlink, nlink);
}

static void cwd_relative_walks_and_d_path(struct ktest *t)
{
	struct dentry *old = get_fs_pwd(), *d;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct dentry *root = get_fs_root();
	char *p;

	if (!current->fs) {
		dput(old);
		dput(root);
		kfree(buf);
		ktest_skip(t, "the test task has no fs_struct");
	}
	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_ASSERT_EQ(t, kern_path(DIR "/a", LOOKUP_DIRECTORY, &d), 0);
	set_fs_pwd(current->fs, d);
	dput(d);
	KTEST_EXPECT_EQ(t, ino_of("b/file"), ino_of(DIR "/a/b/file"));
	KTEST_EXPECT_EQ(t, ino_of("./b/../b/file"), ino_of(DIR "/a/b/file"));
	KTEST_EXPECT_EQ(t, ino_of(".."), ino_of(DIR));
	d = get_fs_pwd();
	p = d_path(d, root, buf, PATH_MAX);
	KTEST_EXPECT_STREQ(t, IS_ERR(p) ? "(err)" : p, DIR "/a");
	KTEST_EXPECT_EQ(t, PTR_ERR(d_path(d, root, buf, 5)), -ENAMETOOLONG);
	p = d_path(root, root, buf, PATH_MAX);
	KTEST_EXPECT_STREQ(t, IS_ERR(p) ? "(err)" : p, "/");
	dput(d);
	/* A removed cwd: its path is gone, and nothing can be made in it. */
	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/gone", 0755), 0);
	KTEST_ASSERT_EQ(t, kern_path(DIR "/gone", 0, &d), 0);
	set_fs_pwd(current->fs, d);
	KTEST_EXPECT_EQ(t, kt_rmdir(DIR "/gone"), 0);
	KTEST_EXPECT_EQ(t, PTR_ERR(d_path(d, root, buf, PATH_MAX)), -ENOENT);
	KTEST_EXPECT_EQ(t, kt_write_file("x", "", 0), -ENOENT);
	dput(d);
	set_fs_pwd(current->fs, old);
	dput(old);
	dput(root);
	kfree(buf);
}

static void dfd_relative_walks(struct ktest *t)
{
	struct filename *name;
	struct dentry *d;
	struct file *f;
	int fd;

	if (!current->files)
		ktest_skip(t, "the test task has no fd table");
	f = filp_open(DIR "/a", O_RDONLY | O_DIRECTORY, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(f));
	fd = get_unused_fd_flags(0);
	KTEST_ASSERT_GE(t, fd, 0);
	fd_install(fd, f);
	name = getname_kernel("b/file");
	KTEST_EXPECT_EQ(t, filename_lookup(fd, name, 0, &d), 0);
	if (!IS_ERR(name))
		KTEST_EXPECT_EQ(t, (long)d->d_inode->i_ino, ino_of(DIR "/a/b/file"));
	dput(d);
	KTEST_EXPECT_EQ(t, filename_lookup(fd + 1, name, 0, &d), -EBADF);
	putname(name);
	name = getname_kernel("");
	KTEST_EXPECT_EQ(t, filename_lookup(fd, name, LOOKUP_EMPTY, &d), 0);	/* AT_EMPTY_PATH */
	KTEST_EXPECT_EQ(t, (long)d->d_inode->i_ino, ino_of(DIR "/a"));
	dput(d);
	putname(name);
	KTEST_EXPECT_EQ(t, close_fd(fd), 0);
	KTEST_EXPECT_EQ(t, close_fd(fd), -EBADF);
}

static void rename_moves_replaces_and_refuses(struct ktest *t)
{
	struct stat st;
	char buf[4];

	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/r", 0755), 0);
	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/r/one", "1", 1), 0);
	KTEST_ASSERT_EQ(t, kt_write_file(DIR "/r/two", "2", 1), 0);
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/one", DIR "/r/two"), 0);	/* replaces */
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/r/one", &st, true), -ENOENT);
	KTEST_EXPECT_EQ(t, kt_read_file(DIR "/r/two", buf, 4), 1);
	KTEST_EXPECT_EQ(t, buf[0], '1');
	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/r/d", 0755), 0);
	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/r/d/sub", 0755), 0);
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/d", DIR "/r/d/sub/x"), -EINVAL);	/* into itself */
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/two", DIR "/r/d"), -EISDIR);
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/d", DIR "/r/two"), -ENOTDIR);
	KTEST_ASSERT_EQ(t, kt_mkdir(DIR "/r/e", 0755), 0);
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/e", DIR "/r/d"), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/d", DIR "/r/e"), 0);		/* over an empty dir */
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/r/e/sub", &st, true), 0);
	/* a long name (past the inline buffer) and a move to another directory */
	KTEST_EXPECT_EQ(t, kt_rename(DIR "/r/e",
				     DIR "/a/a-name-longer-than-forty-bytes-for-the-dentry"), 0);
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/a/a-name-longer-than-forty-bytes-for-the-dentry/sub", &st, true), 0);
	KTEST_EXPECT_EQ(t, kt_remove_tree(DIR "/a/a-name-longer-than-forty-bytes-for-the-dentry"), 0);
	KTEST_EXPECT_EQ(t, kt_remove_tree(DIR "/r"), 0);
}

static void unused_new_dentry_is_freed_quietly(struct ktest *t)
{
	struct filename *name = getname_kernel(DIR "/never");
	struct kt_counts before, after;
	struct dentry *dir, *d;
	struct stat st;

	kt_get_counts(&before);
	d = filename_create(AT_FDCWD, name, &dir, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(d));
	KTEST_EXPECT_TRUE(t, d_unhashed(d));		/* not visible before d_instantiate */
	KTEST_EXPECT_EQ(t, kt_stat(DIR "/never", &st, true), -ENOENT);
	done_path_create(dir, d);			/* as after a failed create */
	putname(name);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.dentries, before.dentries);
	name = getname_kernel(DIR "/a");
	KTEST_EXPECT_EQ(t, PTR_ERR(filename_create(AT_FDCWD, name, &dir, 0)), -EEXIST);
	putname(name);
}

static struct ktest_case namei_cases[] = {
	KTEST_CASE(dot_and_dotdot_are_walked),
	KTEST_CASE(missing_and_non_directory_components),
	KTEST_CASE(long_names_are_refused),
	KTEST_CASE(getname_rejects_bad_user_pointers),
	KTEST_CASE(symlinks_are_followed_where_they_should_be),
	KTEST_CASE(symlink_loops_end_in_eloop),
	KTEST_CASE(mkdir_rmdir_unlink_errors_and_nlink),
	KTEST_CASE(cwd_relative_walks_and_d_path),
	KTEST_CASE(dfd_relative_walks),
	KTEST_CASE(rename_moves_replaces_and_refuses),
	KTEST_CASE(unused_new_dentry_is_freed_quietly),
	{}
};
KTEST_SUITE(namei, namei_cases, .init = namei_test_init, .exit = namei_test_exit);
