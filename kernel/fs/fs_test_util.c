/*
 * kernel/fs/fs_test_util.c - see fs_test_util.h.  Each helper is the
 * matching syscall without the user copy: getname_kernel() instead of
 * getname(), kernel_read/kernel_write on a filp_open()ed file.
 */
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/slab.h"

/* kt_mkdir - mkdir(2) on a kernel string. */
int kt_mkdir(const char *path, umode_t mode)
{
	return do_mkdirat(AT_FDCWD, getname_kernel(path), mode);
}

/* kt_rmdir - rmdir(2) on a kernel string. */
int kt_rmdir(const char *path)
{
	return do_rmdir(AT_FDCWD, getname_kernel(path));
}

/* kt_unlink - unlink(2) on a kernel string. */
int kt_unlink(const char *path)
{
	return do_unlinkat(AT_FDCWD, getname_kernel(path));
}

/* kt_symlink - symlink(2) on kernel strings. */
int kt_symlink(const char *target, const char *path)
{
	return do_symlinkat(getname_kernel(target), AT_FDCWD, getname_kernel(path));
}

/* kt_mknod - mknod(2) on a kernel string. */
int kt_mknod(const char *path, umode_t mode, dev_t dev)
{
	return do_mknodat(AT_FDCWD, getname_kernel(path), mode, dev);
}

/* kt_rename - rename(2) on kernel strings. */
int kt_rename(const char *from, const char *to)
{
	return do_renameat2(AT_FDCWD, getname_kernel(from), AT_FDCWD, getname_kernel(to), 0);
}

/* kt_write_file - see fs_test_util.h. */
int kt_write_file(const char *path, const void *data, size_t len)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, data, len, &pos);
	fput(f);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/* kt_read_file - see fs_test_util.h. */
ssize_t kt_read_file(const char *path, void *buf, size_t len)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len, &pos);
	fput(f);
	return n;
}

/* kt_stat - see fs_test_util.h. */
int kt_stat(const char *path, struct stat *st, bool follow)
{
	return vfs_fstatat_kernel(AT_FDCWD, path, st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
}

struct first_child {
	struct dir_context ctx;
	char name[NAME_MAX + 1];
	bool found;
};

static bool take_first_child(struct dir_context *ctx, const char *name, int namlen,
			     loff_t offset, u64 ino, unsigned int d_type)
{
	struct first_child *fc = container_of(ctx, struct first_child, ctx);

	if ((namlen == 1 && name[0] == '.') || (namlen == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	memcpy(fc->name, name, namlen);
	fc->name[namlen] = '\0';
	fc->found = true;
	return false;
}

/* The first entry of dir other than "." and "..", into fc (fc->found). */
static int first_child(const char *dir, struct first_child *fc)
{
	struct file *f = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	fc->ctx.actor = take_first_child;
	fc->found = false;
	err = iterate_dir(f, &fc->ctx);
	fput(f);
	return err;
}

/* kt_remove_tree - see fs_test_util.h. */
int kt_remove_tree(const char *path)
{
	struct first_child fc;
	struct stat st;
	char *child;
	int err = kt_stat(path, &st, false);

	if (err)
		return err;
	if (!S_ISDIR(st.st_mode))
		return kt_unlink(path);
	child = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!child)
		return -ENOMEM;
	while (!(err = first_child(path, &fc)) && fc.found) {
		snprintf(child, PATH_MAX, "%s/%s", path, fc.name);
		err = kt_remove_tree(child);
		if (err)
			break;
	}
	kfree(child);
	return err ? err : kt_rmdir(path);
}

/* kt_get_counts - see fs_test_util.h. */
void kt_get_counts(struct kt_counts *c)
{
	c->inodes = nr_inodes();
	c->dentries = nr_dentries();
	c->files = nr_files();
}
