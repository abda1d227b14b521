/*
 * kernel/fs/file.c - open files and the fd table (Linux's fs/file_table.c
 * and fs/file.c).
 *
 * A struct file is made by open() (alloc_file) with f_count 1 and lives
 * until its last reference goes (fput): then ->release runs and the dentry
 * is let go.  References come from fd table slots and from temporary
 * fget()s while a syscall works on the file.  Since fork() copies the fd
 * table with a reference to each file, and dup() adds a slot for the same
 * file, both share one f_pos and one set of f_flags: that is why
 * "(echo a; echo b) > f" writes "a\nb\n".
 *
 * The fd table (struct files_struct, fs.h) is an array of struct file
 * pointers with two bitmaps, open_fds and close_on_exec, one bit per slot.
 * It starts as the 64 slots embedded in files_struct and doubles
 * (expand_files) as needed, up to the task's RLIMIT_NOFILE (1024 by
 * default): past that, open() and dup() fail with -EMFILE.
 * Allocation takes the lowest free fd, as POSIX requires, helped by
 * next_fd (no fd below it is free).  An fd is first reserved in open_fds
 * (get_unused_fd_flags), then published (fd_install), so that open()
 * never exposes a half-made file.
 *
 * Locks: files->file_lock covers the table (fd[], the bitmaps, max_fds,
 * next_fd); fput() and ->release are never called under it.
 */
#include "kernel/fs/fs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/slab.h"

#define BITS_PER_LONG	64

struct kmem_cache *filp_cachep;
static struct kmem_cache *files_cachep;
static long files_alive;

struct files_struct init_files = {
	.count = 1,
	.file_lock = __SPIN_LOCK_UNLOCKED,
	.max_fds = NR_OPEN_DEFAULT,
	.fd = init_files.fd_array,
	.open_fds = init_files.open_fds_init,
	.close_on_exec = init_files.close_on_exec_init,
};

/* files_init - the file and files_struct caches; vfs_init calls it once. */
void files_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0, 0, NULL);
	files_cachep = kmem_cache_create("files_cache", sizeof(struct files_struct), 0, 0, NULL);
	BUG_ON(!filp_cachep || !files_cachep);
}

/* ---- struct file ---- */

/*
 * alloc_file - see fs.h.  flags are open's O_* flags; f_mode follows from
 * the access mode.  Takes its own references to dentry (if any) and inode.
 */
struct file *alloc_file(struct dentry *dentry, struct inode *inode, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *f = kmem_cache_zalloc(filp_cachep, GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_count = 1;
	spin_lock_init(&f->f_lock);
	f->f_dentry = dget(dentry);
	f->f_inode = inode;
	if (!dentry)
		ihold(inode);
	f->f_op = fop;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	if (flags & O_PATH) {
		f->f_mode = FMODE_PATH;
	} else {
		if ((flags & O_ACCMODE) != O_WRONLY)
			f->f_mode |= FMODE_READ;
		if ((flags & O_ACCMODE) != O_RDONLY)
			f->f_mode |= FMODE_WRITE;
		f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	}
	__atomic_add_fetch(&files_alive, 1, __ATOMIC_RELAXED);
	return f;
}

/* get_file - see fs.h. */
struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

/* fput - see fs.h. */
void fput(struct file *file)
{
	if (__atomic_sub_fetch(&file->f_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (file->f_op && file->f_op->release && !(file->f_mode & FMODE_PATH))
		file->f_op->release(file->f_inode, file);
	if (file->f_dentry)
		dput(file->f_dentry);
	else
		iput(file->f_inode);
	kmem_cache_free(filp_cachep, file);
	__atomic_sub_fetch(&files_alive, 1, __ATOMIC_RELAXED);
}

/* nr_files - see fs.h. */
long nr_files(void)
{
	return __atomic_load_n(&files_alive, __ATOMIC_RELAXED);
}

/* ---- bitmaps ---- */

static bool fd_test(const unsigned long *map, unsigned int fd)
{
	return map[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *map, unsigned int fd, bool on)
{
	if (on)
		map[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
	else
		map[fd / BITS_PER_LONG] &= ~(1UL << (fd % BITS_PER_LONG));
}

/* The first clear bit in map[0..max) at or after start, or max. */
static unsigned int find_next_zero_fd(const unsigned long *map, unsigned int max, unsigned int start)
{
	for (unsigned int fd = start; fd < max; fd++) {
		if (map[fd / BITS_PER_LONG] == ~0UL && fd % BITS_PER_LONG == 0) {
			fd += BITS_PER_LONG - 1;	/* a full word: skip it */
			continue;
		}
		if (!fd_test(map, fd))
			return fd;
	}
	return max;
}

/* ---- the table ---- */

static unsigned int nofile_limit(void)
{
	unsigned long lim = current->rlim[RLIMIT_NOFILE].rlim_cur;

	if (!lim)			/* a task whose limits were never set */
		lim = 1024;
	return lim > NR_OPEN_MAX ? NR_OPEN_MAX : lim;
}

/*
 * Grows files to at least nr slots (a multiple of 64, doubled).  Called
 * and returns with file_lock held; drops it to allocate.  Returns 0 or
 * -ENOMEM.
 */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	unsigned int n = files->max_fds;
	struct file **fd;
	unsigned long *open, *cloexec;

	while (n < nr)
		n *= 2;
	spin_unlock(&files->file_lock);
	fd = kcalloc(n, sizeof(*fd), GFP_KERNEL);
	open = kcalloc(n / BITS_PER_LONG, sizeof(long), GFP_KERNEL);
	cloexec = kcalloc(n / BITS_PER_LONG, sizeof(long), GFP_KERNEL);
	spin_lock(&files->file_lock);
	if (!fd || !open || !cloexec || files->max_fds >= n) {
		kfree(fd);
		kfree(open);
		kfree(cloexec);
		return files->max_fds >= n ? 0 : -ENOMEM;
	}
	memcpy(fd, files->fd, files->max_fds * sizeof(*fd));
	memcpy(open, files->open_fds, files->max_fds / 8);
	memcpy(cloexec, files->close_on_exec, files->max_fds / 8);
	if (files->fd != files->fd_array) {
		kfree(files->fd);
		kfree(files->open_fds);
		kfree(files->close_on_exec);
	}
	files->fd = fd;
	files->open_fds = open;
	files->close_on_exec = cloexec;
	files->max_fds = n;
	return 0;
}

/* alloc_fd - see fs.h.  flags: O_CLOEXEC. */
int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned int limit = nofile_limit(), fd;
	int err;

	if (!files)
		return -EMFILE;
	spin_lock(&files->file_lock);
	for (;;) {
		unsigned int from = max(start, files->next_fd);

		fd = find_next_zero_fd(files->open_fds, files->max_fds, from);
		if (fd >= files->max_fds)
			fd = max(from, files->max_fds);
		if (fd < files->max_fds || fd >= limit)
			break;
		err = expand_files(files, fd + 1);
		if (err) {
			spin_unlock(&files->file_lock);
			return err;
		}
	}
	if (fd >= limit) {
		spin_unlock(&files->file_lock);
		return -EMFILE;
	}
	fd_set_bit(files->open_fds, fd, true);
	fd_set_bit(files->close_on_exec, fd, flags & O_CLOEXEC);
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	spin_unlock(&files->file_lock);
	return fd;
}

/* get_unused_fd_flags - see fs.h. */
int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	fd_set_bit(files->open_fds, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

/* put_unused_fd - see fs.h. */
void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	__put_unused_fd(files, fd);
	spin_unlock(&files->file_lock);
}

/* fd_install - see fs.h.  The fd must come from get_unused_fd_flags. */
void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	WARN_ON_ONCE(files->fd[fd]);
	files->fd[fd] = file;
	spin_unlock(&files->file_lock);
}

static struct file *__fget(unsigned int fd, bool allow_path)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd]) {
		f = files->fd[fd];
		if (!allow_path && (f->f_mode & FMODE_PATH))
			f = NULL;
		else
			get_file(f);
	}
	spin_unlock(&files->file_lock);
	return f;
}

/* fget - see fs.h: O_PATH files are refused (-EBADF for read, write, ...). */
struct file *fget(unsigned int fd)
{
	return __fget(fd, false);
}

/* fget_raw - see fs.h. */
struct file *fget_raw(unsigned int fd)
{
	return __fget(fd, true);
}

/* Takes fd's file out of the table (its reference now the caller's), or NULL. */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct file *file = NULL;

	if (fd < files->max_fds && files->fd[fd]) {
		file = files->fd[fd];
		files->fd[fd] = NULL;
		fd_set_bit(files->close_on_exec, fd, false);
		__put_unused_fd(files, fd);
	}
	return file;
}

/* close_fd - see fs.h. */
int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file;

	if (!files)
		return -EBADF;
	spin_lock(&files->file_lock);
	file = pick_file(files, fd);
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	fput(file);
	return 0;
}

/*
 * replace_fd - see fs.h.  file's reference is the caller's: the slot takes
 * a new one.  Returns fd or -EBADF/-EMFILE (fd past RLIMIT_NOFILE) or -ENOMEM.
 */
int replace_fd(unsigned int fd, struct file *file, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;
	int err;

	if (fd >= nofile_limit())
		return -EBADF;
	spin_lock(&files->file_lock);
	if (fd >= files->max_fds) {
		err = expand_files(files, fd + 1);
		if (err) {
			spin_unlock(&files->file_lock);
			return err;
		}
	}
	old = files->fd[fd];
	if (!old && fd_test(files->open_fds, fd)) {
		/* Reserved by an open() in progress (another thread, later): Linux says -EBUSY. */
		spin_unlock(&files->file_lock);
		return -EBUSY;
	}
	files->fd[fd] = get_file(file);
	fd_set_bit(files->open_fds, fd, true);
	fd_set_bit(files->close_on_exec, fd, flags & O_CLOEXEC);
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
	return fd;
}

/* set_close_on_exec - see fs.h. */
void set_close_on_exec(unsigned int fd, bool flag)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds)
		fd_set_bit(files->close_on_exec, fd, flag);
	spin_unlock(&files->file_lock);
}

/* get_close_on_exec - see fs.h. */
bool get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current->files;
	bool ret;

	spin_lock(&files->file_lock);
	ret = fd < files->max_fds && fd_test(files->close_on_exec, fd);
	spin_unlock(&files->file_lock);
	return ret;
}

/* ---- fork, exec, exit ---- */

static struct files_struct *alloc_files_struct(void)
{
	struct files_struct *f = kmem_cache_zalloc(files_cachep, GFP_KERNEL);

	if (!f)
		return NULL;
	f->count = 1;
	spin_lock_init(&f->file_lock);
	f->max_fds = NR_OPEN_DEFAULT;
	f->fd = f->fd_array;
	f->open_fds = f->open_fds_init;
	f->close_on_exec = f->close_on_exec_init;
	return f;
}

/*
 * dup_fd - see fs.h.  The copy has the same fds, each pointing at the same
 * struct file (so parent and child share offsets) with FD_CLOEXEC kept.
 * A slot reserved but not yet installed is not copied.
 */
struct files_struct *dup_fd(struct files_struct *oldf)
{
	struct files_struct *newf = alloc_files_struct();
	unsigned int n;

	if (!newf)
		return ERR_PTR(-ENOMEM);
	spin_lock(&oldf->file_lock);
	while (newf->max_fds < oldf->max_fds) {
		spin_unlock(&oldf->file_lock);
		spin_lock(&newf->file_lock);
		if (expand_files(newf, oldf->max_fds)) {
			spin_unlock(&newf->file_lock);
			put_files_struct(newf);
			return ERR_PTR(-ENOMEM);
		}
		spin_unlock(&newf->file_lock);
		spin_lock(&oldf->file_lock);
	}
	n = oldf->max_fds;
	for (unsigned int fd = 0; fd < n; fd++) {
		struct file *f = oldf->fd[fd];

		if (!f)
			continue;
		newf->fd[fd] = get_file(f);
		fd_set_bit(newf->open_fds, fd, true);
		fd_set_bit(newf->close_on_exec, fd, fd_test(oldf->close_on_exec, fd));
	}
	spin_unlock(&oldf->file_lock);
	return newf;
}

/* Closes every fd of files (no lock: the last user is going away). */
static void close_files(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < files->max_fds; fd++) {
		struct file *f = files->fd[fd];

		if (f) {
			files->fd[fd] = NULL;
			fput(f);
			cond_resched();
		}
	}
}

/* put_files_struct - see fs.h. */
void put_files_struct(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL))
		return;
	close_files(files);
	if (files->fd != files->fd_array) {
		kfree(files->fd);
		kfree(files->open_fds);
		kfree(files->close_on_exec);
	}
	if (files != &init_files)
		kmem_cache_free(files_cachep, files);
}

/* exit_files - see fs.h. */
void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (files) {
		tsk->files = NULL;
		put_files_struct(files);
	}
}

/*
 * do_close_on_exec - see fs.h.  Each file is picked out under the lock and
 * put outside it, since ->release may sleep.
 */
void do_close_on_exec(struct files_struct *files)
{
	spin_lock(&files->file_lock);
	for (unsigned int fd = 0; fd < files->max_fds; fd++) {
		struct file *f;

		if (!fd_test(files->close_on_exec, fd))
			continue;
		f = pick_file(files, fd);
		if (!f)
			continue;
		spin_unlock(&files->file_lock);
		fput(f);
		spin_lock(&files->file_lock);
	}
	spin_unlock(&files->file_lock);
}

/* ---- syscalls: close, dup, dup2, dup3 ---- */

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}

/* ksys_dup3 - dup3's core: -EINVAL for flags other than O_CLOEXEC or oldfd == newfd. */
static int ksys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *file;
	int ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	file = fget_raw(oldfd);
	if (!file)
		return -EBADF;
	ret = replace_fd(newfd, file, flags);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	return ksys_dup3(oldfd, newfd, flags);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget_raw(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return ksys_dup3(oldfd, newfd, 0);
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct file *file = fget_raw(fildes);
	int fd;

	if (!file)
		return -EBADF;
	fd = get_unused_fd_flags(0);
	if (fd >= 0)
		fd_install(fd, file);
	else
		fput(file);
	return fd;
}
