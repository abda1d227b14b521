/*
 * kernel/fs/read_write.c - read, write, their vectored and positioned
 * forms, and lseek (Linux's fs/read_write.c, with the iov_iter helpers of
 * lib/iov_iter.c).
 *
 * Every read and write goes through the file's read_iter / write_iter
 * with a struct iov_iter describing the buffers:
 *
 *	read(fd, buf, n)        one user segment   (ITER_IOVEC)
 *	readv(fd, iov, cnt)     cnt user segments  (ITER_IOVEC)
 *	kernel_read(f, buf, n)  one kernel segment (ITER_KVEC): exec, tests
 *
 * so a driver copies with copy_to_iter()/copy_from_iter() and never cares
 * where the bytes go.  User segments are copied with copy_to_user /
 * copy_from_user: a bad pointer makes the copy come up short, and the
 * syscall returns what was transferred before it, or -EFAULT if nothing.
 *
 * The position: read/write use and advance f_pos (shared by every fd that
 * dup/fork made from the same open); pread/pwrite use their own offset and
 * leave f_pos alone; O_APPEND writes go to the end whatever f_pos says.
 * Pipes and ttys have no position: lseek/pread/pwrite give -ESPIPE.
 *
 * sendfile(out, in, offset, count) copies in the kernel, through a page
 * of bounce buffer: kernel_read from in, kernel_write to out, a page at a
 * time (Linux splices page references instead; the result is the same).
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "arch/x86_64/page.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define UIO_MAXIOV	1024		/* Linux's limit on readv/writev segments */

/* ---- iov_iter ---- */

/* iov_iter_init - an iterator over user segments. */
void iov_iter_init(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_IOVEC, .iov = iov, .nr_segs = nr_segs, .count = count };
}

/* iov_iter_kvec - an iterator over kernel segments. */
void iov_iter_kvec(struct iov_iter *i, const struct kvec *kvec, unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_KVEC, .kvec = kvec, .nr_segs = nr_segs, .count = count };
}

/*
 * The heart of the three copiers: walk the segments, moving at most bytes.
 * step(seg_base + offset, addr, n) copies n bytes and returns how many it
 * could NOT copy (the copy_*_user convention); addr advances by what moved.
 */
enum iter_dir { TO_ITER, FROM_ITER, ZERO_ITER };

static size_t iterate(struct iov_iter *i, void *addr, size_t bytes, enum iter_dir dir)
{
	size_t done = 0;

	bytes = min(bytes, i->count);
	while (bytes && i->nr_segs) {
		bool user = i->iter_type == ITER_IOVEC;
		char *base = user ? (char *)i->iov->iov_base : (char *)i->kvec->iov_base;
		size_t seg_len = user ? i->iov->iov_len : i->kvec->iov_len;
		size_t n = min(bytes, seg_len - i->iov_offset), left = 0;
		char *seg = base + i->iov_offset;

		if (dir == TO_ITER)
			left = user ? copy_to_user(seg, (char *)addr + done, n) : (memcpy(seg, (char *)addr + done, n), 0);
		else if (dir == FROM_ITER)
			left = user ? copy_from_user((char *)addr + done, seg, n) : (memcpy((char *)addr + done, seg, n), 0);
		else
			left = user ? clear_user(seg, n) : (memset(seg, 0, n), 0);
		n -= left;
		done += n;
		bytes -= n;
		i->count -= n;
		i->iov_offset += n;
		if (left)
			break;			/* a fault: stop short */
		if (i->iov_offset == seg_len) {
			i->iov_offset = 0;
			i->nr_segs--;
			if (user)
				i->iov++;
			else
				i->kvec++;
		}
	}
	return done;
}

/* copy_to_iter - see fs.h. */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate(i, (void *)addr, bytes, TO_ITER);
}

/* copy_from_iter - see fs.h. */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate(i, addr, bytes, FROM_ITER);
}

/* iov_iter_zero - see fs.h. */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	return iterate(i, NULL, bytes, ZERO_ITER);
}

/* ---- lseek ---- */

/* fixed_size_llseek - see fs.h. */
loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, offset, &base) || base < 0)
		return -EINVAL;
	file->f_pos = base;
	return base;
}

/* generic_file_llseek - see fs.h. */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, file->f_inode->i_size);
}

/* no_seek_end_llseek - see fs.h. */
loff_t no_seek_end_llseek(struct file *file, loff_t offset, int whence)
{
	if (whence == SEEK_CUR)
		offset += file->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

/* no_llseek - see fs.h. */
loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

/* vfs_llseek - see fs.h. */
loff_t vfs_llseek(struct file *file, loff_t offset, int whence)
{
	if (!(file->f_mode & FMODE_LSEEK) || !file->f_op->llseek)
		return -ESPIPE;
	return file->f_op->llseek(file, offset, whence);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = whence <= SEEK_END ? vfs_llseek(f, offset, whence) : -EINVAL;
	fput(f);
	return ret;
}

/* ---- the read and write cores ---- */

/* Runs read_iter at *pos and advances *pos; checks the file can be read. */
static ssize_t do_iter_read(struct file *file, struct iov_iter *iter, loff_t *pos)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = pos ? *pos : 0 };
	ssize_t ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op->read_iter)
		return S_ISDIR(file->f_inode->i_mode) ? -EISDIR : -EINVAL;
	if (file->f_flags & O_NONBLOCK)
		kiocb.ki_flags |= IOCB_NOWAIT;
	if (!iov_iter_count(iter))
		return 0;
	ret = file->f_op->read_iter(&kiocb, iter);
	if (pos && ret > 0)
		*pos = kiocb.ki_pos;
	return ret;
}

/* Runs write_iter at *pos (or at the end for O_APPEND) and advances *pos. */
static ssize_t do_iter_write(struct file *file, struct iov_iter *iter, loff_t *pos)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = pos ? *pos : 0 };
	ssize_t ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op->write_iter)
		return -EINVAL;
	if (file->f_flags & O_APPEND)
		kiocb.ki_flags |= IOCB_APPEND;
	if (file->f_flags & O_NONBLOCK)
		kiocb.ki_flags |= IOCB_NOWAIT;
	if (!iov_iter_count(iter))
		return 0;
	ret = file->f_op->write_iter(&kiocb, iter);
	if (pos && ret > 0)
		*pos = kiocb.ki_pos;
	return ret;
}

/* vfs_read - read(2) on an open file into a user buffer; see the top comment. */
ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct iovec iov = { .iov_base = buf, .iov_len = min(count, (size_t)MAX_RW_COUNT) };
	struct iov_iter iter;

	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	iov_iter_init(&iter, &iov, 1, iov.iov_len);
	return do_iter_read(file, &iter, pos);
}

/* vfs_write - write(2) on an open file from a user buffer. */
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	struct iovec iov = { .iov_base = (void __user *)buf, .iov_len = min(count, (size_t)MAX_RW_COUNT) };
	struct iov_iter iter;

	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	iov_iter_init(&iter, &iov, 1, iov.iov_len);
	return do_iter_write(file, &iter, pos);
}

/* kernel_read - see fs.h. */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos)
{
	struct kvec kv = { .iov_base = buf, .iov_len = min(count, (size_t)MAX_RW_COUNT) };
	struct iov_iter iter;

	iov_iter_kvec(&iter, &kv, 1, kv.iov_len);
	return do_iter_read(file, &iter, pos);
}

/* kernel_write - the same for writing a kernel buffer. */
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = min(count, (size_t)MAX_RW_COUNT) };
	struct iov_iter iter;

	iov_iter_kvec(&iter, &kv, 1, kv.iov_len);
	return do_iter_write(file, &iter, pos);
}

/* The f_pos to use for a read/write: NULL for a stream (pipe, tty: no position). */
static loff_t *file_ppos(struct file *file)
{
	return (file->f_mode & FMODE_LSEEK) ? &file->f_pos : NULL;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, buf, count, file_ppos(f));
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, file_ppos(f));
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = (f->f_mode & FMODE_PREAD) ? vfs_read(f, buf, count, &pos) : -ESPIPE;
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t, count, loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = (f->f_mode & FMODE_PWRITE) ? vfs_write(f, buf, count, &pos) : -ESPIPE;
	fput(f);
	return ret;
}

/*
 * Copies the iovec array in and checks it as Linux's import_iovec does:
 * at most UIO_MAXIOV segments (-EINVAL), each readable/writable user
 * memory (-EFAULT), the total capped at MAX_RW_COUNT.  Returns the total
 * or -errno; *out is kmalloc'd (kfree it).
 */
static ssize_t import_iovec(const struct iovec __user *uvec, unsigned long nr_segs,
			    struct iovec **out)
{
	struct iovec *iov;
	size_t total = 0;

	*out = NULL;
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (!nr_segs)
		return 0;
	iov = kmalloc_array(nr_segs, sizeof(*iov), GFP_KERNEL);
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uvec, nr_segs * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (unsigned long n = 0; n < nr_segs; n++) {
		if ((ssize_t)iov[n].iov_len < 0) {
			kfree(iov);
			return -EINVAL;
		}
		if (iov[n].iov_len > MAX_RW_COUNT - total)
			iov[n].iov_len = MAX_RW_COUNT - total;
		if (!access_ok(iov[n].iov_base, iov[n].iov_len)) {
			kfree(iov);
			return -EFAULT;
		}
		total += iov[n].iov_len;
	}
	*out = iov;
	return total;
}

static ssize_t do_readv_writev(unsigned long fd, const struct iovec __user *vec,
			       unsigned long vlen, bool write)
{
	struct file *f = fget(fd);
	struct iovec *iov;
	struct iov_iter iter;
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = import_iovec(vec, vlen, &iov);
	if (ret >= 0) {
		iov_iter_init(&iter, iov, vlen, ret);
		if (write)
			ret = do_iter_write(f, &iter, file_ppos(f));
		else
			ret = do_iter_read(f, &iter, file_ppos(f));
	}
	kfree(iov);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_readv_writev(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_readv_writev(fd, vec, vlen, true);
}

/* ---- sendfile ---- */

/*
 * Writes all n bytes of buf to out (looping over short writes).  Returns
 * n, the part written before an error, or the error if nothing was.
 */
static ssize_t write_all(struct file *out, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = kernel_write(out, buf + done, n - done, file_ppos(out));

		if (w <= 0)
			return done ? (ssize_t)done : (w ? w : -EIO);
		done += (size_t)w;
	}
	return (ssize_t)done;
}

/*
 * do_sendfile - copy up to count bytes from in at *pos (NULL: a stream)
 * to out, a page at a time.  Stops at end of file, at a short read (what
 * a pipe or tty had; the caller may call again), or when a signal is
 * pending after some progress.  *pos ends after the bytes written.
 * Returns bytes copied, or -errno if none were.
 */
static ssize_t do_sendfile(struct file *out, struct file *in, loff_t *pos, size_t count)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t done = 0;
	ssize_t ret = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t want = min(count - done, (size_t)PAGE_SIZE);
		ssize_t r = kernel_read(in, buf, want, pos);

		if (r <= 0) {
			ret = r;
			break;
		}
		ret = write_all(out, buf, (size_t)r);
		if (ret > 0)
			done += (size_t)ret;
		if (ret < r) {		/* a short write: give the unwritten part back */
			if (pos)
				*pos -= r - (ret > 0 ? ret : 0);
			break;
		}
		if ((size_t)r < want || signal_pending_current())
			break;
	}
	kfree(buf);
	return done ? (ssize_t)done : ret;
}

/*
 * sendfile(2): count bytes from in_fd to out_fd.  With offset, in_fd is
 * read from *offset (which is updated; in_fd's position is left alone: it
 * must be seekable, else -ESPIPE); without, from in_fd's position.  As in
 * Linux: -EBADF if in is not open for reading or out for writing, -EINVAL
 * if out is O_APPEND or *offset is negative.
 */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset, size_t, count)
{
	struct file *in = fget(in_fd), *out = fget(out_fd);
	loff_t pos = 0, *ppos;
	ssize_t ret;

	ret = -EBADF;
	if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		goto out_put;
	ret = -EINVAL;
	if (out->f_flags & O_APPEND)
		goto out_put;
	ppos = file_ppos(in);
	if (offset) {
		ret = -EFAULT;
		if (copy_from_user(&pos, offset, sizeof(pos)))
			goto out_put;
		ret = -EINVAL;
		if (pos < 0)
			goto out_put;
		ret = -ESPIPE;
		if (!(in->f_mode & FMODE_PREAD))
			goto out_put;
		ppos = &pos;
	}
	ret = do_sendfile(out, in, ppos, min(count, (size_t)MAX_RW_COUNT));
	if (offset && put_user(pos, offset))
		ret = -EFAULT;
out_put:
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}
