/*
 * kernel/fs/fs_test_util.h - helpers shared by the VFS ktest suites
 * (kernel/fs/..._test.c): the syscalls' do_* cores on kernel strings, and a
 * leak counter.  Only tests use them.
 */
#ifndef KERNEL_FS_FS_TEST_UTIL_H
#define KERNEL_FS_FS_TEST_UTIL_H

#include "kernel/fs/fs.h"

int kt_mkdir(const char *path, umode_t mode);
int kt_rmdir(const char *path);
int kt_unlink(const char *path);
int kt_symlink(const char *target, const char *path);
int kt_mknod(const char *path, umode_t mode, dev_t dev);
int kt_rename(const char *from, const char *to);
/* kt_write_file - create or truncate path and write len bytes: 0 or -errno. */
int kt_write_file(const char *path, const void *data, size_t len);
/* kt_read_file - up to len bytes of path from offset 0: the count or -errno. */
ssize_t kt_read_file(const char *path, void *buf, size_t len);
/* kt_stat - stat (follow) or lstat: 0 or -errno. */
int kt_stat(const char *path, struct stat *st, bool follow);
/* kt_remove_tree - rm -r path (symlinks not followed): 0 or -errno. */
int kt_remove_tree(const char *path);

/* What the VFS holds: the same before and after a test that cleans up. */
struct kt_counts {
	long inodes;
	long dentries;
	long files;
};
void kt_get_counts(struct kt_counts *c);

#endif /* KERNEL_FS_FS_TEST_UTIL_H */
