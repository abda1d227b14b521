/*
 * kernel/fs/namespace.c - mounting file systems on directories: mount(2)
 * and umount2(2) (Linux's fs/namespace.c and fs/filesystems.c, cut down to
 * one mount namespace and a handful of file system types).
 *
 * The tree of names starts as one file system, the root ramfs ("rootfs").
 * mount("proc", "/proc", "proc", 0, NULL) attaches another file system's
 * root directory on top of an existing directory, the mount point: from
 * then on a path walk that reaches /proc continues in proc's root instead
 * (namei.c's follow_mount), ".." from proc's root goes to the parent of
 * /proc (follow_dotdot), and d_path names proc's dentries through the
 * mount point (dcache.c).  The mount point's own contents are hidden until
 * umount2 takes the file system away again.
 *
 * Data structures:
 *   mounts[]       the mount table (Linux's struct mount, one per
 *                  mount): source name, mount point (referenced), mounted
 *                  root (referenced), type, MS_* flags.  Slot 0 is rootfs,
 *                  which is never unmounted.  /proc/mounts lists it in order.
 *   DCACHE_MOUNTED set on a mount point dentry while something is mounted
 *                  on it, so that a walk checks the table only there.
 *   file_systems[] the known types (Linux's register_filesystem list):
 *                  "proc" (kernel/fs/proc/root.c: one instance, mounted at
 *                  most once), "tmpfs" and "ramfs" (a fresh ramfs instance
 *                  per mount).  /proc/filesystems lists them.
 *
 * Rules (Linux's errors):
 *   mount: unknown type -ENODEV; the target must be a directory
 *   (-ENOTDIR); a directory that already has something mounted on it, "/"
 *   itself (Pagoda cannot replace the root), or proc when it is already
 *   mounted, -EBUSY; MS_REMOUNT changes the flags
 *   of an existing mount; MS_BIND, MS_MOVE, propagation changes and
 *   MS_RDONLY are not supported (-EINVAL).  The data string (mount
 *   options such as tmpfs's size=) is not interpreted.
 *   umount2: the path must be the root of a mount (-EINVAL), not rootfs
 *   (-EBUSY); a file system still in use (an open file, a cwd, a tmpfs
 *   with files in it) is -EBUSY.  MNT_DETACH (lazy unmount) detaches a
 *   busy proc anyway (its dentries live on until their last reference);
 *   a busy tmpfs is never detached (Pagoda would have to keep its super
 *   block alive with no owner).
 *
 * Locking: mount_lock (a spinlock) guards mounts[]; the DCACHE_MOUNTED
 * bits are changed under dcache_lock (which guards d_flags) and mount_lock
 * both.  Order: dcache_lock, then mount_lock - d_path calls
 * mnt_mountpoint under dcache_lock - so nothing here takes dcache_lock
 * while holding mount_lock alone.
 */
#include "kernel/fs/fs.h"
#include "kernel/fs/proc/proc_fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/slab.h"

/* mount(2) flags (Linux's include/uapi/linux/mount.h). */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_MANDLOCK	64
#define MS_DIRSYNC	128
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_BIND		4096
#define MS_MOVE		8192
#define MS_REC		16384
#define MS_SILENT	32768
#define MS_UNBINDABLE	(1 << 17)
#define MS_PRIVATE	(1 << 18)
#define MS_SLAVE	(1 << 19)
#define MS_SHARED	(1 << 20)
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_MGC_VAL	0xC0ED0000UL	/* old magic in the top 16 bits: ignored */
#define MS_MGC_MSK	0xffff0000UL
/* The flags Pagoda keeps and shows in /proc/mounts. */
#define MS_KEPT		(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC | \
			 MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_MANDLOCK)
#define MS_UNSUPPORTED	(MS_RDONLY | MS_BIND | MS_MOVE | MS_REC | MS_UNBINDABLE | MS_PRIVATE | \
			 MS_SLAVE | MS_SHARED)

/* umount2(2) flags. */
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

#define MAX_MOUNTS	16
#define MNT_DEVNAME_LEN	64

/* A kind of file system (Linux's struct file_system_type, cut down). */
struct file_system_type {
	const char *name;		/* mount(2)'s type argument */
	bool requires_dev;		/* FS_REQUIRES_DEV: "nodev" in /proc/filesystems if not */
	bool mountable;			/* mount(2) may make one */
	/* make (or find) an instance: its root, referenced, or an ERR_PTR */
	struct dentry *(*mount)(void);
	/* is the instance whose root this is in use? (held: references the caller holds) */
	bool (*busy)(struct dentry *root, int held);
	/* the mount went: drop the instance (the mount's root reference is given) */
	void (*kill_sb)(struct dentry *root);
};

/* One mount (Linux's struct mount). */
struct mount {
	bool used;			/* this slot is taken */
	char devname[MNT_DEVNAME_LEN];	/* the source string given to mount(2) */
	struct dentry *mountpoint;	/* where it is mounted (referenced; rootfs: its root) */
	struct dentry *root;		/* the mounted root (referenced) */
	const struct file_system_type *type;
	unsigned long flags;		/* MS_KEPT bits */
};

static DEFINE_SPINLOCK(mount_lock);
static struct mount mounts[MAX_MOUNTS];

/* ---- tmpfs / ramfs: a fresh ramfs per mount ---- */

static unsigned int next_anon_minor = 20;	/* st_dev minors for new instances */

static struct dentry *ramfs_mount(void)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *inode;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_type = "tmpfs";
	sb->s_dev = MKDEV(0, __atomic_fetch_add(&next_anon_minor, 1, __ATOMIC_RELAXED));
	sb->s_next_ino = 1;
	spin_lock_init(&sb->s_lock);
	inode = ramfs_get_inode(sb, S_IFDIR | 01777, 0);
	if (!inode) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_root = d_make_root(inode);
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb->s_root;
}

/* Busy if anything is in it or anyone but the mount and the caller holds the root. */
static bool ramfs_busy(struct dentry *root, int held)
{
	bool empty;

	spin_lock(&dcache_lock);
	empty = list_empty(&root->d_subdirs);
	spin_unlock(&dcache_lock);
	return !empty || __atomic_load_n(&root->d_count, __ATOMIC_RELAXED) > 1 + held;
}

/* The instance is empty and unused: free its root and the super block. */
static void ramfs_kill_sb(struct dentry *root)
{
	struct super_block *sb = root->d_sb;

	root->d_inode->i_nlink = 0;	/* no names left: iput may free it */
	sb->s_root = NULL;
	dput(root);
	kfree(sb);
}

static const struct file_system_type file_systems[] = {
	{ .name = "rootfs" },
	{ .name = "proc", .mountable = true, .mount = proc_mount, .busy = proc_busy,
	  .kill_sb = proc_kill_sb },
	{ .name = "tmpfs", .mountable = true, .mount = ramfs_mount, .busy = ramfs_busy,
	  .kill_sb = ramfs_kill_sb },
	{ .name = "ramfs", .mountable = true, .mount = ramfs_mount, .busy = ramfs_busy,
	  .kill_sb = ramfs_kill_sb },
	{ .name = "pipefs" },
};

static const struct file_system_type *get_fs_type(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(file_systems); i++)
		if (file_systems[i].mountable && !strcmp(file_systems[i].name, name))
			return &file_systems[i];
	return NULL;
}

/* for_each_filesystem - see fs.h (/proc/filesystems). */
void for_each_filesystem(void (*fn)(const char *name, bool requires_dev, void *arg), void *arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(file_systems); i++)
		fn(file_systems[i].name, file_systems[i].requires_dev, arg);
}

/* ---- the table ---- */

/* Slot 0: the root file system, mounted on itself (set up on first use). */
static void init_rootfs_mount(void)
{
	if (mounts[0].used || !rootfs_sb.s_root)
		return;
	mounts[0] = (struct mount){ .used = true, .devname = "rootfs",
		.mountpoint = rootfs_sb.s_root, .root = rootfs_sb.s_root,
		.type = &file_systems[0] };
}

/* lookup_mnt - see fs.h. */
struct dentry *lookup_mnt(struct dentry *mountpoint)
{
	struct dentry *root = NULL;

	spin_lock(&mount_lock);
	for (int i = 1; i < MAX_MOUNTS; i++) {
		if (mounts[i].used && mounts[i].mountpoint == mountpoint) {
			root = dget(mounts[i].root);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return root;
}

/* mnt_mountpoint - see fs.h. */
struct dentry *mnt_mountpoint(struct dentry *root)
{
	struct dentry *mp = NULL;

	spin_lock(&mount_lock);
	for (int i = 1; i < MAX_MOUNTS; i++) {
		if (mounts[i].used && mounts[i].root == root) {
			mp = mounts[i].mountpoint;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return mp;
}

/*
 * for_each_mount - see fs.h.  The table is copied first so that fn runs
 * without mount_lock (it may format text, and takes dcache_lock via d_path);
 * each mount's dentries are referenced for the duration.
 */
int for_each_mount(int (*fn)(const struct mount_info *mi, void *arg), void *arg)
{
	struct mount copy[MAX_MOUNTS];
	int n = 0, ret = 0;

	spin_lock(&mount_lock);
	init_rootfs_mount();
	for (int i = 0; i < MAX_MOUNTS; i++) {
		if (!mounts[i].used)
			continue;
		copy[n] = mounts[i];
		dget(copy[n].mountpoint);
		dget(copy[n].root);
		n++;
	}
	spin_unlock(&mount_lock);
	for (int i = 0; i < n; i++) {
		struct mount_info mi = { copy[i].devname, copy[i].mountpoint, copy[i].root,
					 copy[i].type->name, copy[i].flags };

		if (!ret)
			ret = fn(&mi, arg);
		dput(copy[i].root);
		dput(copy[i].mountpoint);
	}
	return ret;
}

/* Is root mounted anywhere? mount_lock held. */
static bool root_is_mounted(struct dentry *root)
{
	for (int i = 0; i < MAX_MOUNTS; i++)
		if (mounts[i].used && mounts[i].root == root)
			return true;
	return false;
}

/*
 * Puts root (its reference moves into the table) on mp (referenced here).
 * -EBUSY if mp already has something on it or root is mounted elsewhere,
 * -ENOMEM if the table is full.
 */
static int attach_mount(struct dentry *mp, struct dentry *root, const struct file_system_type *type,
			const char *devname, unsigned long flags)
{
	int err = -ENOMEM;

	spin_lock(&dcache_lock);		/* d_flags (lock order: dcache_lock, mount_lock) */
	spin_lock(&mount_lock);
	init_rootfs_mount();
	if ((mp->d_flags & DCACHE_MOUNTED) || root_is_mounted(root)) {
		err = -EBUSY;
		goto out;
	}
	for (int i = 1; i < MAX_MOUNTS; i++) {
		if (mounts[i].used)
			continue;
		mounts[i] = (struct mount){ .used = true, .mountpoint = dget(mp), .root = root,
					    .type = type, .flags = flags };
		strscpy(mounts[i].devname, devname, sizeof(mounts[i].devname));
		mp->d_flags |= DCACHE_MOUNTED;
		err = 0;
		break;
	}
out:
	spin_unlock(&mount_lock);
	spin_unlock(&dcache_lock);
	return err;
}

/* The slot whose root is root, or -1.  mount_lock held. */
static int find_mount_by_root(struct dentry *root)
{
	for (int i = 1; i < MAX_MOUNTS; i++)
		if (mounts[i].used && mounts[i].root == root)
			return i;
	return -1;
}

/* ---- mount(2) ---- */

/* MS_REMOUNT: new flags for the mount whose root target is. */
static int do_remount(struct dentry *target, unsigned long flags)
{
	int i, err = -EINVAL;

	spin_lock(&mount_lock);
	i = find_mount_by_root(target);
	if (i >= 0) {
		mounts[i].flags = flags & MS_KEPT;
		err = 0;
	}
	spin_unlock(&mount_lock);
	return err;
}

/* A new mount of type on the directory target (referenced by the caller). */
static int do_new_mount(struct dentry *target, const char *type_name, const char *devname,
			unsigned long flags)
{
	const struct file_system_type *type = get_fs_type(type_name);
	struct dentry *root;
	int err;

	if (!type)
		return -ENODEV;
	if (!S_ISDIR(target->d_inode->i_mode))
		return -ENOTDIR;
	if (d_unhashed(target))
		return -ENOENT;
	/* Walks start at "/" itself, so something mounted on it would never be seen. */
	if ((target->d_flags & DCACHE_MOUNTED) || target == rootfs_sb.s_root)
		return -EBUSY;
	root = type->mount();
	if (IS_ERR(root))
		return PTR_ERR(root);
	err = attach_mount(target, root, type, devname, flags & MS_KEPT);
	if (err)
		type->kill_sb(root);
	return err;
}

/* Copies a user string of at most len bytes (NUL included); NULL user pointer: "". */
static int copy_mount_string(const char __user *s, char *buf, long len)
{
	long n;

	buf[0] = '\0';
	if (!s)
		return 0;
	n = strncpy_from_user(buf, s, len);
	if (n < 0)
		return n;
	if (n == len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * do_mount - mount(2)'s core on kernel strings: dev_name (the source, kept
 * for /proc/mounts), dir (the mount point path), type and flags.  0 or
 * -errno (see the top comment).
 */
static long do_mount(const char *dev_name, const char *dir, const char *type, unsigned long flags)
{
	struct dentry *target;
	long err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	flags &= ~MS_SILENT;
	if (flags & MS_UNSUPPORTED)
		return -EINVAL;
	/* Linux's default: relatime unless noatime or strictatime is asked for. */
	if (!(flags & (MS_NOATIME | MS_STRICTATIME)))
		flags |= MS_RELATIME;
	err = kern_path(dir, LOOKUP_FOLLOW, &target);
	if (err)
		return err;
	if (flags & MS_REMOUNT)
		err = do_remount(target, flags);
	else
		err = do_new_mount(target, type, dev_name, flags);
	dput(target);
	return err;
}

SYSCALL_DEFINE5(mount, char __user *, dev_name, char __user *, dir_name, char __user *, type,
		unsigned long, flags, void __user *, data)
{
	char *buf = kmalloc(PATH_MAX + 2 * MNT_DEVNAME_LEN, GFP_KERNEL);
	char *dir = buf, *kdev = buf + PATH_MAX, *ktype = kdev + MNT_DEVNAME_LEN;
	long err;

	(void)data;			/* options are not interpreted (see the top) */
	if (!buf)
		return -ENOMEM;
	err = copy_mount_string(dir_name, dir, PATH_MAX);
	if (!err && !dir[0])
		err = -ENOENT;
	if (!err)
		err = copy_mount_string(dev_name, kdev, MNT_DEVNAME_LEN);
	if (!err)
		err = copy_mount_string(type, ktype, MNT_DEVNAME_LEN);
	if (err == -ENAMETOOLONG && dir[0])
		err = -EINVAL;		/* an over-long type or source */
	if (!err && !(flags & MS_REMOUNT) && !ktype[0])
		err = -EINVAL;
	if (!err)
		err = do_mount(kdev, dir, ktype, flags);
	kfree(buf);
	return err;
}

/* ---- umount2(2) ---- */

/*
 * do_umount - take away the mount whose root root is (the caller holds
 * one reference to it).  0, -EINVAL (not a mount), -EBUSY.
 */
static int do_umount(struct dentry *root, int flags)
{
	const struct file_system_type *type;
	struct mount m;
	bool busy;
	int i;

	spin_lock(&mount_lock);
	init_rootfs_mount();
	i = root == mounts[0].root ? -2 : find_mount_by_root(root);
	type = i >= 0 ? mounts[i].type : NULL;
	spin_unlock(&mount_lock);
	if (i == -2)
		return -EBUSY;
	if (i < 0)
		return -EINVAL;
	/* Asked without mount_lock: busy() may take dcache_lock (the lock order). */
	busy = type->busy(root, 1);
	if (busy && (!(flags & MNT_DETACH) || type->kill_sb != proc_kill_sb))
		return -EBUSY;
	spin_lock(&dcache_lock);
	spin_lock(&mount_lock);
	if (!mounts[i].used || mounts[i].root != root) {
		spin_unlock(&mount_lock);
		spin_unlock(&dcache_lock);
		return -EINVAL;		/* someone else unmounted it meanwhile */
	}
	m = mounts[i];
	mounts[i].used = false;
	m.mountpoint->d_flags &= ~DCACHE_MOUNTED;
	spin_unlock(&mount_lock);
	spin_unlock(&dcache_lock);
	dput(m.mountpoint);
	m.type->kill_sb(m.root);
	return 0;
}

SYSCALL_DEFINE2(umount2, char __user *, name, int, flags)
{
	struct filename *f;
	struct dentry *d;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	f = getname(name);
	err = filename_lookup(AT_FDCWD, f, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &d);
	putname(f);
	if (err)
		return err;
	err = do_umount(d, flags);
	dput(d);
	return err;
}
