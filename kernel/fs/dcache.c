/*
 * kernel/fs/dcache.c - dentries: the tree of names (Linux's fs/dcache.c).
 *
 * Every directory entry is a struct dentry: a name (d_name), the inode it
 * names (d_inode) and the directory it is in (d_parent, whose d_subdirs
 * list holds it through d_child).  In Linux the dcache is a cache in front
 * of a disk's directories; on ramfs, as here, nothing is behind it, so the
 * tree is the whole truth:
 *
 *	/  (rootfs_sb.s_root, d_parent == itself)
 *	├── bin ── init
 *	└── dev ── console, null, tty, zero
 *
 * Life of a dentry:
 *	d_alloc(parent, name)     d_count 1, holds a ref on parent, not linked
 *	                          (DCACHE_UNHASHED: a failed create just dputs it)
 *	d_instantiate(d, inode)   linked into parent->d_subdirs: visible
 *	... opens, cwds and walks dget/dput it ...
 *	d_delete(d)               unlinked (DCACHE_UNHASHED), the tree's ref dropped
 *	last dput(d)              iput(d_inode), dput(d_parent), freed
 *
 * A file system whose names are computed (procfs: /proc/<pid>/...) does
 * not keep them in the tree: its directory's i_op->lookup answers a miss
 * of d_lookup with d_alloc_dynamic(), a DCACHE_DYNAMIC dentry that points
 * at its parent but is not on the parent's d_subdirs; it is freed on its
 * last dput like any removed name.
 *
 * getcwd(2) is d_path() of the cwd as seen from the process's root; d_path
 * crosses from a mounted root to its mount point (namespace.c).
 *
 * dcache_lock protects the shape of the tree (d_subdirs lists, d_parent,
 * d_name); counts are atomic.  Nothing here sleeps under it.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/slab.h"

DEFINE_SPINLOCK(dcache_lock);
static struct kmem_cache *dentry_cachep;
static long dentries_alive;

/* dcache_init - the dentry cache; vfs_init calls it once. */
void dcache_init(void)
{
	dentry_cachep = kmem_cache_create("dentry", sizeof(struct dentry), 0, 0, NULL);
	BUG_ON(!dentry_cachep);
}

/* Sets d->d_name to a copy of name: in d_iname if it fits, else kmalloc'd. */
static int d_set_name(struct dentry *d, const struct qstr *name)
{
	char *buf = d->d_iname;

	if (name->len >= sizeof(d->d_iname)) {
		buf = kmalloc(name->len + 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	memcpy(buf, name->name, name->len);
	buf[name->len] = '\0';
	kfree(d->d_name_ext);
	d->d_name_ext = buf == d->d_iname ? NULL : buf;
	d->d_name.name = buf;
	d->d_name.len = name->len;
	return 0;
}

static struct dentry *__d_alloc(struct super_block *sb, const struct qstr *name)
{
	struct dentry *d = kmem_cache_zalloc(dentry_cachep, GFP_KERNEL);

	if (!d)
		return NULL;
	if (d_set_name(d, name)) {
		kmem_cache_free(dentry_cachep, d);
		return NULL;
	}
	d->d_count = 1;
	d->d_sb = sb;
	d->d_parent = d;
	d->d_next_offset = 2;		/* 0 and 1 are "." and ".." */
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	__atomic_add_fetch(&dentries_alive, 1, __ATOMIC_RELAXED);
	return d;
}

/* d_alloc - see fs.h. */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d = __d_alloc(parent->d_sb, name);

	if (d) {
		d->d_parent = dget(parent);
		d->d_flags |= DCACHE_UNHASHED;	/* not in the tree until d_instantiate */
	}
	return d;
}

/* d_alloc_dynamic - see fs.h: d_alloc without DCACHE_UNHASHED, never linked. */
struct dentry *d_alloc_dynamic(struct dentry *parent, const struct qstr *name, struct inode *inode)
{
	struct dentry *d = __d_alloc(parent->d_sb, name);

	if (!d) {
		iput(inode);
		return NULL;
	}
	d->d_parent = dget(parent);
	d->d_flags |= DCACHE_DYNAMIC;
	d->d_inode = inode;
	return d;
}

/* d_make_root - see fs.h.  On failure the inode reference is dropped. */
struct dentry *d_make_root(struct inode *root)
{
	static const struct qstr slash = { .name = "/", .len = 1 };
	struct dentry *d = __d_alloc(root->i_sb, &slash);

	if (!d) {
		iput(root);
		return NULL;
	}
	d->d_inode = root;
	return d;
}

/* d_instantiate - see fs.h. */
void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
	spin_lock(&dcache_lock);
	dentry->d_flags &= ~DCACHE_UNHASHED;
	dentry->d_offset = dentry->d_parent->d_next_offset++;
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	spin_unlock(&dcache_lock);
}

/* dget - see fs.h. */
struct dentry *dget(struct dentry *dentry)
{
	if (dentry)
		__atomic_add_fetch(&dentry->d_count, 1, __ATOMIC_RELAXED);
	return dentry;
}

/*
 * dput - see fs.h.  Freeing a dentry drops its parent's reference, which
 * may free the parent too (a removed directory whose last child went):
 * a loop rather than recursion, so a deep tree cannot overflow the stack.
 */
void dput(struct dentry *dentry)
{
	while (dentry) {
		struct dentry *parent = dentry->d_parent;

		if (__atomic_sub_fetch(&dentry->d_count, 1, __ATOMIC_ACQ_REL))
			return;
		/* still in the tree? (dynamic dentries never are) */
		WARN_ON_ONCE(!d_unhashed(dentry) && parent != dentry && !(dentry->d_flags & DCACHE_DYNAMIC));
		iput(dentry->d_inode);
		kfree(dentry->d_name_ext);
		kmem_cache_free(dentry_cachep, dentry);
		__atomic_sub_fetch(&dentries_alive, 1, __ATOMIC_RELAXED);
		dentry = parent == dentry ? NULL : parent;
	}
}

/* d_lookup - see fs.h.  A linear search: ramfs directories are small. */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, &parent->d_subdirs, d_child) {
		if (d->d_name.len == name->len && !memcmp(d->d_name.name, name->name, name->len)) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

/* d_delete - see fs.h.  The caller holds its own reference to dentry. */
void d_delete(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	list_del_init(&dentry->d_child);
	dentry->d_flags |= DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
	dput(dentry);			/* the tree's reference */
}

/*
 * d_move - see fs.h.  The dentry keeps its identity (open files and cwds
 * that point at it follow it); only its name and parent change.
 */
int d_move(struct dentry *dentry, struct dentry *new_parent, const struct qstr *new_name)
{
	struct dentry tmp = { 0 }, *old_parent;

	/* Allocate the new name first so that nothing can fail under the lock. */
	if (d_set_name(&tmp, new_name))
		return -ENOMEM;
	dget(new_parent);
	spin_lock(&dcache_lock);
	old_parent = dentry->d_parent;
	list_del(&dentry->d_child);
	kfree(dentry->d_name_ext);
	if (tmp.d_name_ext) {
		dentry->d_name_ext = tmp.d_name_ext;
		dentry->d_name.name = tmp.d_name_ext;
	} else {
		memcpy(dentry->d_iname, tmp.d_iname, new_name->len + 1);
		dentry->d_name_ext = NULL;
		dentry->d_name.name = dentry->d_iname;
	}
	dentry->d_name.len = new_name->len;
	dentry->d_parent = new_parent;
	dentry->d_offset = new_parent->d_next_offset++;
	list_add_tail(&dentry->d_child, &new_parent->d_subdirs);
	spin_unlock(&dcache_lock);
	dput(old_parent);
	return 0;
}

/* is_subdir - see fs.h. */
bool is_subdir(struct dentry *d, struct dentry *ancestor)
{
	bool ret = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (d == ancestor) {
			ret = true;
			break;
		}
		if (d->d_parent == d)
			break;
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	return ret;
}

/*
 * d_path - see fs.h.  Built backwards from the end of buf: each step
 * prepends "/name" and moves to the parent, until root; the root of a
 * mounted file system steps to its mount point (mnt_mountpoint).  A dentry outside
 * root (a chroot escape) is named from the real root.
 */
char *d_path(struct dentry *d, struct dentry *root, char *buf, int buflen)
{
	char *end = buf + buflen;
	char *p = end - 1;

	if (buflen < 2)
		return ERR_PTR(-ENAMETOOLONG);
	*p = '\0';
	spin_lock(&dcache_lock);
	if (d_unhashed(d)) {
		spin_unlock(&dcache_lock);
		return ERR_PTR(-ENOENT);
	}
	for (;;) {
		int len = d->d_name.len;

		if (d == root)
			break;
		if (d->d_parent == d) {
			/* The root of a mounted file system: go on from where it is mounted. */
			struct dentry *mp = mnt_mountpoint(d);

			if (!mp)
				break;
			d = mp;
			continue;
		}

		if (p - buf < len + 1) {
			spin_unlock(&dcache_lock);
			return ERR_PTR(-ENAMETOOLONG);
		}
		p -= len;
		memcpy(p, d->d_name.name, len);
		*--p = '/';
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	if (*p == '\0')
		*--p = '/';
	return p;
}

/* nr_dentries - dentries alive (for leak checks in tests). */
long nr_dentries(void)
{
	return __atomic_load_n(&dentries_alive, __ATOMIC_RELAXED);
}

/*
 * getcwd(2): the cwd's absolute path with its NUL; returns its length (NUL
 * included, as Linux), -ERANGE if size is too small, -ENOENT if the cwd
 * was removed, -EFAULT for a bad buffer.
 */
SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	char *page = kmalloc(PATH_MAX, GFP_KERNEL);
	struct dentry *root, *pwd;
	long len;
	char *p;

	if (!page)
		return -ENOMEM;
	root = get_fs_root();
	pwd = get_fs_pwd();
	p = d_path(pwd, root, page, PATH_MAX);
	if (IS_ERR(p)) {
		len = PTR_ERR(p);
	} else {
		len = page + PATH_MAX - p;
		if ((unsigned long)len > size)
			len = -ERANGE;
		else if (copy_to_user(buf, p, len))
			len = -EFAULT;
	}
	dput(pwd);
	dput(root);
	kfree(page);
	return len;
}
