/*
 * kernel/fs/readdir.c - reading directories: getdents64 (Linux's
 * fs/readdir.c, and dcache_readdir from fs/libfs.c).
 *
 * A directory is read in pieces: each getdents64 call fills the user's
 * buffer with as many struct linux_dirent64 records as fit and returns
 * the bytes used; 0 means the end.  Where the next call resumes is the
 * open file's f_pos, a cursor whose values are the file system's to
 * choose.  ramfs (dcache_readdir) uses:
 *
 *	0      "."            1  ".."
 *	n >= 2 the child whose d_offset is n: every new name in a directory
 *	       gets the next d_offset (dentry.d_offset, dcache.c), so the
 *	       children list is in increasing d_offset order.
 *
 * The cursor is the next d_offset to show, not an index: removing or
 * adding names between two calls never makes a later name be skipped or
 * shown twice (a name added during the walk shows up, as POSIX allows).
 * Each record's d_off is the cursor value that resumes after it, so
 * lseek(fd, d_off, SEEK_SET) (telldir/seekdir) works.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/string.h"

/* iterate_dir - see fs.h.  Updates file->f_pos from ctx->pos afterwards. */
int iterate_dir(struct file *file, struct dir_context *ctx)
{
	int err;

	if (!file->f_op || !file->f_op->iterate_shared)
		return -ENOTDIR;
	if (d_unhashed(file->f_dentry))
		return -ENOENT;			/* a removed directory reads as empty */
	ctx->pos = file->f_pos;
	err = file->f_op->iterate_shared(file, ctx);
	file->f_pos = ctx->pos;
	return err;
}

/* The first child of dir with d_offset >= pos, referenced, or NULL. */
static struct dentry *next_child(struct dentry *dir, loff_t pos)
{
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (d->d_offset >= pos) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

/*
 * dcache_readdir - see fs.h and the top comment.  The lock is not held
 * while the actor copies to user memory: each child is found afresh.
 */
int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry, *child;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent;

		spin_lock(&dcache_lock);
		parent = dget(dir->d_parent);
		spin_unlock(&dcache_lock);
		if (!ctx->actor(ctx, "..", 2, 2, parent->d_inode->i_ino, DT_DIR)) {
			dput(parent);
			return 0;
		}
		dput(parent);
		ctx->pos = 2;
	}
	while ((child = next_child(dir, ctx->pos))) {
		struct inode *inode = child->d_inode;
		bool more = ctx->actor(ctx, child->d_name.name, child->d_name.len,
				       child->d_offset + 1, inode->i_ino,
				       fs_umode_to_dtype(inode->i_mode));

		if (more)
			ctx->pos = child->d_offset + 1;
		dput(child);
		if (!more)
			break;
	}
	return 0;
}

/* getdents64's buffer state. */
struct getdents_callback64 {
	struct dir_context ctx;
	struct linux_dirent64 __user *current_dir;	/* where the next record goes */
	int count;					/* bytes left in the user buffer */
	int error;					/* -EINVAL (too small) or -EFAULT */
	bool wrote;					/* at least one record written */
};

/* One record: built in a kernel buffer, copied out whole. */
static bool filldir64(struct dir_context *ctx, const char *name, int namlen,
		      loff_t offset, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *buf = container_of(ctx, struct getdents_callback64, ctx);
	int reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + namlen + 1, 8);
	union {
		struct linux_dirent64 d;
		char bytes[offsetof(struct linux_dirent64, d_name) + NAME_MAX + 8];
	} rec;

	if (reclen > buf->count) {
		buf->error = -EINVAL;		/* the buffer is too small for even one */
		return false;
	}
	memset(&rec, 0, reclen);
	rec.d.d_ino = ino;
	rec.d.d_off = offset;
	rec.d.d_reclen = reclen;
	rec.d.d_type = d_type;
	memcpy(rec.d.d_name, name, namlen);
	if (copy_to_user(buf->current_dir, &rec, reclen)) {
		buf->error = -EFAULT;
		return false;
	}
	buf->current_dir = (void __user *)((char __user *)buf->current_dir + reclen);
	buf->count -= reclen;
	buf->wrote = true;
	return true;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, struct linux_dirent64 __user *, dirent,
		unsigned int, count)
{
	int size = count > MAX_RW_COUNT ? MAX_RW_COUNT : count;
	struct getdents_callback64 buf = {
		.ctx.actor = filldir64,
		.current_dir = dirent,
		.count = size,
	};
	struct file *f;
	int err;

	if (!access_ok(dirent, buf.count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = iterate_dir(f, &buf.ctx);
	fput(f);
	if (buf.wrote)
		return size - buf.count;	/* bytes used; an error after a record is dropped */
	if (err)
		return err;
	return buf.error;
}
