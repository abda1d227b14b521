/*
 * kernel/fs/namei.c - from a path name to a dentry (Linux's fs/namei.c),
 * and the operations that make and remove names: mkdir, mknod, symlink,
 * link, unlink, rmdir, rename.
 *
 * A path is walked one component at a time, as xv6's namex() does, with
 * the state in a struct nameidata:
 *
 *   1. path_init: where the walk starts.  "/..." starts at the process's
 *      root (fs_struct.root); anything else at the cwd (dfd == AT_FDCWD)
 *      or at the directory open as dfd (the *at() syscalls).
 *   2. link_path_walk: repeatedly
 *        - skip slashes; cut the next component (up to '/' or the end);
 *          longer than NAME_MAX (255): -ENAMETOOLONG;
 *        - the directory we stand in must be a directory (-ENOTDIR);
 *        - "."  : stay;  ".." : go to d_parent, but never above the root
 *          (from a mounted root: the mount point's parent);
 *          a name: lookup_one() it among the directory's children, asking
 *          the directory's i_op->lookup on a miss (procfs) (-ENOENT);
 *          a directory something is mounted on (DCACHE_MOUNTED) is left
 *          for the root of what is mounted there (follow_mount);
 *        - a symlink met on the way is followed: its target is walked
 *          in place of the component ("/" in front restarts at the root),
 *          and then the rest of the original path resumes.  Bodies being
 *          walked are kept on a small stack (nd->stack) rather than by
 *          recursion, so the kernel stack does not grow with the links.
 *          More than MAXSYMLINKS (40) links in one walk: -ELOOP.
 *   3. the last component: a lookup (stat, open) walks it too, following
 *      a final symlink only with LOOKUP_FOLLOW; a creation (mkdir, O_CREAT,
 *      unlink, rename) stops before it and gets its name in nd->last
 *      (filename_parentat) so the caller can add or remove it.
 *      A trailing slash ("dir/") means the result must be a directory and
 *      that a final symlink is followed.
 *
 * References: nd->path always holds one on the dentry we stand in; each
 * step takes the next one before dropping the last.  nd->root holds one.
 *
 * User paths come in through getname(): copied with strncpy_from_user
 * (-EFAULT for a bad pointer), at most PATH_MAX bytes with the NUL
 * (-ENAMETOOLONG), "" is -ENOENT unless AT_EMPTY_PATH allows it.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/slab.h"

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct saved_link {
	const char *name;		/* the rest of the path to resume after the body */
	struct dentry *link;		/* the symlink whose body is walked (referenced) */
};

struct nameidata {
	struct dentry *path;		/* where the walk stands (referenced) */
	struct dentry *root;		/* the process's root (referenced) */
	struct qstr last;		/* the last component (parent walks) */
	int last_type;			/* LAST_* of it */
	unsigned int flags;		/* LOOKUP_* */
	int total_link_count;		/* symlinks followed so far */
	int depth;			/* bodies on the stack */
	struct saved_link stack[MAXSYMLINKS];
};

/* ---- getname ---- */

/* getname_flags - see fs.h. */
struct filename *getname_flags(const char __user *filename, unsigned int flags)
{
	struct filename *result;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(buf, filename, PATH_MAX);
	if (len < 0) {
		kfree(buf);
		return ERR_PTR(len);
	}
	if (len == PATH_MAX) {
		kfree(buf);
		return ERR_PTR(-ENAMETOOLONG);
	}
	if (len == 0 && !(flags & LOOKUP_EMPTY)) {
		kfree(buf);
		return ERR_PTR(-ENOENT);
	}
	result = kmalloc(sizeof(*result) + len + 1, GFP_KERNEL);
	if (result) {
		memcpy(result->iname, buf, len + 1);
		result->name = result->iname;
	}
	kfree(buf);
	return result ? result : ERR_PTR(-ENOMEM);
}

/* getname - see fs.h. */
struct filename *getname(const char __user *filename)
{
	return getname_flags(filename, 0);
}

/* getname_kernel - see fs.h ("" is allowed: the callers decide). */
struct filename *getname_kernel(const char *filename)
{
	size_t len = strnlen(filename, PATH_MAX);
	struct filename *result;

	if (len == PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	result = kmalloc(sizeof(*result) + len + 1, GFP_KERNEL);
	if (!result)
		return ERR_PTR(-ENOMEM);
	memcpy(result->iname, filename, len + 1);
	result->name = result->iname;
	return result;
}

/* putname - free what getname*() returned (ERR_PTRs and NULL are ignored). */
void putname(struct filename *name)
{
	if (!IS_ERR(name))
		kfree(name);
}

/* ---- the walk ---- */

static void set_nd_path(struct nameidata *nd, struct dentry *d)
{
	dput(nd->path);
	nd->path = d;
}

static void terminate_walk(struct nameidata *nd)
{
	while (nd->depth)
		dput(nd->stack[--nd->depth].link);
	dput(nd->path);
	dput(nd->root);
	nd->path = nd->root = NULL;
}

/* Step 1: nd->root and nd->path from dfd and the first character of name. */
static int path_init(struct nameidata *nd, int dfd, const char *name, unsigned int flags)
{
	struct file *f;

	nd->flags = flags;
	nd->total_link_count = nd->depth = 0;
	nd->root = get_fs_root();
	if (*name == '/') {
		nd->path = dget(nd->root);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		nd->path = get_fs_pwd();
		return 0;
	}
	f = fget_raw(dfd);
	if (!f) {
		nd->path = NULL;
		return -EBADF;
	}
	nd->path = dget(f->f_dentry);
	fput(f);
	if (!nd->path)
		return -ENOTDIR;		/* a pipe: no directory there */
	if (*name && !S_ISDIR(nd->path->d_inode->i_mode))
		return -ENOTDIR;
	return 0;
}

static int component_type(const char *name, int len)
{
	if (name[0] == '.' && len == 1)
		return LAST_DOT;
	if (name[0] == '.' && name[1] == '.' && len == 2)
		return LAST_DOTDOT;
	return LAST_NORM;
}

/*
 * "..": the parent, but the root is its own parent (and so is a chroot's).
 * From the root of a mounted file system, ".." is the parent of the
 * directory it is mounted on (Linux's follow_dotdot crossing up a mount).
 */
static void follow_dotdot(struct nameidata *nd)
{
	struct dentry *parent, *mp;

	while (nd->path != nd->root && nd->path->d_parent == nd->path) {
		mp = mnt_mountpoint(nd->path);
		if (!mp)
			return;
		set_nd_path(nd, dget(mp));
	}
	if (nd->path == nd->root)
		return;
	spin_lock(&dcache_lock);
	parent = dget(nd->path->d_parent);
	spin_unlock(&dcache_lock);
	set_nd_path(nd, parent);
}

/*
 * lookup_one - see fs.h.  Names of a file system that keeps them all in
 * the tree (ramfs) are found by d_lookup alone; a directory with an
 * i_op->lookup (procfs) is asked on a miss.
 */
struct dentry *lookup_one(struct dentry *dir, const struct qstr *name)
{
	struct dentry *d = d_lookup(dir, name);
	struct inode *inode = dir->d_inode;

	if (!d && inode->i_op && inode->i_op->lookup)
		d = inode->i_op->lookup(inode, dir, name);
	return d;
}

/* A mount point stands for the root of what is mounted on it: swap d (consumed) for that root. */
static struct dentry *follow_mount(struct dentry *d)
{
	while (d->d_flags & DCACHE_MOUNTED) {
		struct dentry *root = lookup_mnt(d);

		if (!root)
			break;
		dput(d);
		d = root;
	}
	return d;
}

/*
 * One component: move nd->path to it.  If it is a symlink that should be
 * followed, nd->path stays and *link gets the symlink (referenced) for the
 * caller to walk.
 */
static int walk_component(struct nameidata *nd, const struct qstr *name, int type,
			  bool follow, struct dentry **link)
{
	struct dentry *child;

	*link = NULL;
	if (!S_ISDIR(nd->path->d_inode->i_mode))
		return -ENOTDIR;
	if (type == LAST_DOT)
		return 0;
	if (type == LAST_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	child = lookup_one(nd->path, name);
	if (IS_ERR(child))
		return PTR_ERR(child);
	if (!child)
		return -ENOENT;
	child = follow_mount(child);
	if (follow && S_ISLNK(child->d_inode->i_mode)) {
		*link = child;
		return 0;
	}
	set_nd_path(nd, child);
	return 0;
}

/*
 * Starts walking the body of link: pushes the rest of the current path,
 * and returns the body to walk (its leading '/' moves nd->path to the
 * root), or an ERR_PTR: -ELOOP past MAXSYMLINKS, -ENOENT for an empty body.
 */
static const char *pick_link(struct nameidata *nd, struct dentry *link, const char *rest)
{
	const char *body;

	if (++nd->total_link_count > MAXSYMLINKS || nd->depth >= MAXSYMLINKS) {
		dput(link);
		return ERR_PTR(-ELOOP);
	}
	nd->stack[nd->depth].name = rest;
	nd->stack[nd->depth].link = link;
	nd->depth++;
	body = link->d_inode->i_op->get_link ? link->d_inode->i_op->get_link(link) : NULL;
	if (!body || !*body)
		return ERR_PTR(-ENOENT);
	if (*body == '/')
		set_nd_path(nd, dget(nd->root));
	return body;
}

/*
 * Step 2 (and 3 for a lookup): walk name from nd->path.  With walk_last
 * false, stops before the last component of the original path and leaves
 * it in nd->last/last_type (LAST_ROOT if the path ended in the directory
 * itself: "/", "a/.."-style endings are walked).  See the top comment.
 */
static int link_path_walk(const char *name, struct nameidata *nd, bool walk_last)
{
	for (;;) {
		struct qstr comp;
		struct dentry *link;
		bool last, follow;
		int type, err;

		while (*name == '/')
			name++;
		if (!*name) {
			if (!nd->depth) {
				nd->last_type = LAST_ROOT;
				return 0;
			}
			/* The end of a symlink body: resume the path it was met in. */
			nd->depth--;
			dput(nd->stack[nd->depth].link);
			name = nd->stack[nd->depth].name;
			continue;
		}
		comp.name = name;
		while (*name && *name != '/')
			name++;
		comp.len = name - comp.name;
		if (comp.len > NAME_MAX)
			return -ENAMETOOLONG;
		type = component_type(comp.name, comp.len);
		last = true;
		for (const char *p = name; *p; p++)
			if (*p != '/') {
				last = false;
				break;
			}
		if (last && !nd->depth) {
			if (*name == '/')	/* a trailing slash: a directory is meant */
				nd->flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
			if (!walk_last) {
				nd->last = comp;
				nd->last_type = type;
				return 0;
			}
		}
		follow = !last || nd->depth || (nd->flags & LOOKUP_FOLLOW);
		err = walk_component(nd, &comp, type, follow, &link);
		if (err)
			return err;
		if (link) {
			name = pick_link(nd, link, name);
			if (IS_ERR(name))
				return PTR_ERR(name);
		}
	}
}

/* path_lookupat - the whole walk for a lookup; *res gets the result. */
static int path_lookupat(int dfd, const char *name, unsigned int flags, struct dentry **res)
{
	struct nameidata nd;
	int err = path_init(&nd, dfd, name, flags);

	if (!err)
		err = link_path_walk(name, &nd, true);
	if (!err && (nd.flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd.path->d_inode->i_mode))
		err = -ENOTDIR;
	if (!err) {
		*res = nd.path;
		nd.path = NULL;
	}
	terminate_walk(&nd);
	return err;
}

/* filename_lookup - see fs.h. */
int filename_lookup(int dfd, struct filename *name, unsigned int flags, struct dentry **res)
{
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name->name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	return path_lookupat(dfd, name->name, flags, res);
}

/* kern_path - see fs.h. */
int kern_path(const char *name, unsigned int flags, struct dentry **res)
{
	struct filename *f = getname_kernel(name);
	int err = filename_lookup(AT_FDCWD, f, flags, res);

	putname(f);
	return err;
}

/*
 * filename_parentat - walk all but the last component of name: *parent
 * gets the directory (referenced), *last the final name (pointing into
 * name, valid while name lives) and *type its LAST_* kind.
 */
static int filename_parentat(int dfd, struct filename *name, unsigned int flags,
			     struct dentry **parent, struct qstr *last, int *type)
{
	struct nameidata nd;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name->name)
		return -ENOENT;
	err = path_init(&nd, dfd, name->name, flags);
	if (!err)
		err = link_path_walk(name->name, &nd, false);
	if (!err && !S_ISDIR(nd.path->d_inode->i_mode))
		err = -ENOTDIR;
	if (!err) {
		*parent = nd.path;
		*last = nd.last;
		*type = nd.last_type;
		nd.path = NULL;
	}
	terminate_walk(&nd);
	return err;
}

/* filename_create - see fs.h. */
struct dentry *filename_create(int dfd, struct filename *name, struct dentry **parent,
			       unsigned int lookup_flags)
{
	struct dentry *dir = NULL, *d;
	struct qstr last = { 0 };
	int type = LAST_ROOT, err;

	err = filename_parentat(dfd, name, 0, &dir, &last, &type);
	if (err)
		return ERR_PTR(err);
	if (type != LAST_NORM) {
		dput(dir);
		return ERR_PTR(-EEXIST);
	}
	/* "a/" names a directory: only mkdir may create it. */
	if (last.name[last.len] && !(lookup_flags & LOOKUP_DIRECTORY)) {
		d = lookup_one(dir, &last);
		dput(dir);
		if (IS_ERR(d))
			return d;
		dput(d);
		return ERR_PTR(d ? -EEXIST : -ENOENT);
	}
	d = lookup_one(dir, &last);
	if (IS_ERR(d)) {
		dput(dir);
		return d;
	}
	if (d) {
		dput(d);
		dput(dir);
		return ERR_PTR(-EEXIST);
	}
	if (d_unhashed(dir)) {
		dput(dir);
		return ERR_PTR(-ENOENT);	/* a removed directory takes no new names */
	}
	d = d_alloc(dir, &last);
	if (!d) {
		dput(dir);
		return ERR_PTR(-ENOMEM);
	}
	*parent = dir;
	return d;
}

/* done_path_create - drop what filename_create returned. */
void done_path_create(struct dentry *parent, struct dentry *dentry)
{
	dput(dentry);
	dput(parent);
}

/* ---- vfs_* operations ---- */

/* vfs_create - make a regular file; the dentry comes from filename_create. */
int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;
	return dir->i_op->create(dir, dentry, mode);
}

/* vfs_mkdir - make a directory. */
int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (!dir->i_op || !dir->i_op->mkdir)
		return -EPERM;
	return dir->i_op->mkdir(dir, dentry, mode);
}

/* vfs_mknod - make a device node, FIFO or (mode S_IFREG or 0) regular file. */
int vfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	if (!dir->i_op || !dir->i_op->mknod)
		return -EPERM;
	return dir->i_op->mknod(dir, dentry, mode, dev);
}

/* vfs_symlink - make a symlink to target. */
int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	if (!dir->i_op || !dir->i_op->symlink)
		return -EPERM;
	return dir->i_op->symlink(dir, dentry, target);
}

/* vfs_link - see fs.h.  -EXDEV across file systems, -ENOENT for an unlinked inode. */
int vfs_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old_dentry->d_inode;

	if (inode->i_sb != dir->i_sb)
		return -EXDEV;
	if (S_ISDIR(inode->i_mode))
		return -EPERM;
	if (!dir->i_op || !dir->i_op->link)
		return -EPERM;
	if (!inode->i_nlink)
		return -ENOENT;
	return dir->i_op->link(old_dentry, dir, dentry);
}

/* vfs_unlink - remove a non-directory name: -EISDIR for a directory. */
int vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (S_ISDIR(dentry->d_inode->i_mode))
		return -EISDIR;
	if (!dir->i_op || !dir->i_op->unlink)
		return -EPERM;
	err = dir->i_op->unlink(dir, dentry);
	if (!err)
		d_delete(dentry);
	return err;
}

/* vfs_rmdir - remove an empty directory: -ENOTDIR, -ENOTEMPTY, -EBUSY for a root. */
int vfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	bool empty;
	int err;

	if (!S_ISDIR(dentry->d_inode->i_mode))
		return -ENOTDIR;
	if (dentry->d_parent == dentry || (dentry->d_flags & DCACHE_MOUNTED))
		return -EBUSY;
	spin_lock(&dcache_lock);
	empty = list_empty(&dentry->d_subdirs);
	spin_unlock(&dcache_lock);
	if (!empty)
		return -ENOTEMPTY;
	if (!dir->i_op || !dir->i_op->rmdir)
		return -EPERM;
	err = dir->i_op->rmdir(dir, dentry);
	if (!err)
		d_delete(dentry);
	return err;
}

/* ---- the do_* cores of the syscalls ---- */

/* do_mknodat - mknodat(2) on a filename (consumed). */
int do_mknodat(int dfd, struct filename *name, umode_t mode, dev_t dev)
{
	struct dentry *dir, *d;
	int err;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		err = -EPERM;
		goto out;
	default:
		err = -EINVAL;
		goto out;
	}
	d = filename_create(dfd, name, &dir, 0);
	err = PTR_ERR(d);
	if (IS_ERR(d))
		goto out;
	mode = (mode & ~S_IALLUGO) | (mode & S_IALLUGO & ~current_umask());
	if (S_ISREG(mode))
		err = vfs_create(dir->d_inode, d, mode);
	else
		err = vfs_mknod(dir->d_inode, d, mode, dev);
	done_path_create(dir, d);
out:
	putname(name);
	return err;
}

/* do_mkdirat - mkdirat(2) on a filename (consumed). */
int do_mkdirat(int dfd, struct filename *name, umode_t mode)
{
	struct dentry *dir, *d = filename_create(dfd, name, &dir, LOOKUP_DIRECTORY);
	int err = PTR_ERR(d);

	if (!IS_ERR(d)) {
		err = vfs_mkdir(dir->d_inode, d, mode & ~current_umask() & 01777);
		done_path_create(dir, d);
	}
	putname(name);
	return err;
}

/* do_symlinkat - symlinkat(2): a link called 'to' holding 'from' (both consumed). */
int do_symlinkat(struct filename *from, int newdfd, struct filename *to)
{
	struct dentry *dir, *d;
	int err;

	if (IS_ERR(from)) {
		err = PTR_ERR(from);
		goto out;
	}
	d = filename_create(newdfd, to, &dir, 0);
	err = PTR_ERR(d);
	if (!IS_ERR(d)) {
		err = vfs_symlink(dir->d_inode, d, from->name);
		done_path_create(dir, d);
	}
out:
	putname(to);
	putname(from);
	return err;
}

/* Looks up the last component a parent walk left; -ENOENT if it is not there. */
static int lookup_last_name(struct dentry *dir, const struct qstr *last, struct dentry **res)
{
	*res = lookup_one(dir, last);
	if (IS_ERR(*res)) {
		int err = PTR_ERR(*res);

		*res = NULL;
		return err;
	}
	return *res ? 0 : -ENOENT;
}

/* do_rmdir - rmdir(2) on a filename (consumed). */
int do_rmdir(int dfd, struct filename *name)
{
	struct dentry *dir = NULL, *d;
	struct qstr last = { 0 };
	int type = LAST_ROOT, err;

	err = filename_parentat(dfd, name, 0, &dir, &last, &type);
	if (err)
		goto out;
	if (type == LAST_DOT)
		err = -EINVAL;
	else if (type == LAST_DOTDOT)
		err = -ENOTEMPTY;
	else if (type == LAST_ROOT)
		err = -EBUSY;
	else if (!(err = lookup_last_name(dir, &last, &d))) {
		err = vfs_rmdir(dir->d_inode, d);
		dput(d);
	}
	dput(dir);
out:
	putname(name);
	return err;
}

/* do_unlinkat - unlink(2) on a filename (consumed). */
int do_unlinkat(int dfd, struct filename *name)
{
	struct dentry *dir = NULL, *d;
	struct qstr last = { 0 };
	int type = LAST_ROOT, err;

	err = filename_parentat(dfd, name, 0, &dir, &last, &type);
	if (err)
		goto out;
	if (type != LAST_NORM) {
		err = -EISDIR;
	} else if (!(err = lookup_last_name(dir, &last, &d))) {
		/* "file/" : the name must be a directory, and unlink refuses those. */
		if (last.name[last.len] && !S_ISDIR(d->d_inode->i_mode))
			err = -ENOTDIR;
		else
			err = vfs_unlink(dir->d_inode, d);
		dput(d);
	}
	dput(dir);
out:
	putname(name);
	return err;
}

/*
 * vfs_rename - move old to the directory new_dir as new_name; new is what
 * is there now (NULL if nothing).  Linux's rules: a directory may replace
 * only an empty directory, a non-directory only a non-directory; a
 * directory cannot move into itself (-EINVAL).
 */
int vfs_rename(struct dentry *old, struct dentry *new_dir, struct dentry *new, const struct qstr *new_name)
{
	struct inode *inode = old->d_inode;
	struct dentry *old_dir = old->d_parent;
	bool is_dir = S_ISDIR(inode->i_mode);
	int err;

	if (old == new)
		return 0;
	if ((old->d_flags & DCACHE_MOUNTED) || (new && (new->d_flags & DCACHE_MOUNTED)))
		return -EBUSY;
	if (is_dir && is_subdir(new_dir, old))
		return -EINVAL;
	if (new) {
		if (is_dir && !S_ISDIR(new->d_inode->i_mode))
			return -ENOTDIR;
		if (!is_dir && S_ISDIR(new->d_inode->i_mode))
			return -EISDIR;
		if (new == new_dir || is_subdir(old, new))
			return -ENOTEMPTY;
		err = is_dir ? vfs_rmdir(new_dir->d_inode, new) : vfs_unlink(new_dir->d_inode, new);
		if (err)
			return err;
	}
	err = d_move(old, new_dir, new_name);
	if (err)
		return err;
	if (is_dir && old_dir != new_dir) {
		old_dir->d_inode->i_nlink--;
		new_dir->d_inode->i_nlink++;
	}
	inode->i_ctime = current_time();
	return 0;
}

#define RENAME_NOREPLACE	(1 << 0)

/* do_renameat2 - renameat2(2) with flags 0 or RENAME_NOREPLACE (names consumed). */
int do_renameat2(int olddfd, struct filename *from, int newdfd, struct filename *to,
		 unsigned int flags)
{
	struct dentry *old_dir = NULL, *new_dir = NULL, *old = NULL, *new = NULL;
	struct qstr old_last = { 0 }, new_last = { 0 };
	int old_type = LAST_ROOT, new_type = LAST_ROOT, err;

	err = -EINVAL;
	if (flags & ~RENAME_NOREPLACE)
		goto out;
	err = filename_parentat(olddfd, from, 0, &old_dir, &old_last, &old_type);
	if (err)
		goto out;
	err = filename_parentat(newdfd, to, 0, &new_dir, &new_last, &new_type);
	if (err)
		goto out;
	err = -EBUSY;
	if (old_type != LAST_NORM || new_type != LAST_NORM)
		goto out;
	err = lookup_last_name(old_dir, &old_last, &old);
	if (err)
		goto out;
	new = lookup_one(new_dir, &new_last);
	if (IS_ERR(new)) {
		err = PTR_ERR(new);
		new = NULL;
		goto out;
	}
	err = -EEXIST;
	if (new && (flags & RENAME_NOREPLACE))
		goto out;
	err = -ENOTDIR;
	if ((old_last.name[old_last.len] || new_last.name[new_last.len]) &&
	    !S_ISDIR(old->d_inode->i_mode))
		goto out;
	err = -ENOENT;
	if (d_unhashed(new_dir))
		goto out;
	err = vfs_rename(old, new_dir, new, &new_last);
out:
	dput(new);
	dput(old);
	dput(new_dir);
	dput(old_dir);
	putname(to);
	putname(from);
	return err;
}

/* ---- syscalls ---- */

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, filename, umode_t, mode, unsigned int, dev)
{
	return do_mknodat(dfd, getname(filename), mode, new_decode_dev(dev));
}

SYSCALL_DEFINE3(mknod, const char __user *, filename, umode_t, mode, unsigned int, dev)
{
	return do_mknodat(AT_FDCWD, getname(filename), mode, new_decode_dev(dev));
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t, mode)
{
	return do_mkdirat(dfd, getname(pathname), mode);
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	return do_mkdirat(AT_FDCWD, getname(pathname), mode);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return do_rmdir(AT_FDCWD, getname(pathname));
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	if (flag & AT_REMOVEDIR)
		return do_rmdir(dfd, getname(pathname));
	return do_unlinkat(dfd, getname(pathname));
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return do_unlinkat(AT_FDCWD, getname(pathname));
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd, const char __user *, newname)
{
	return do_symlinkat(getname(oldname), newdfd, getname(newname));
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *, newname)
{
	return do_symlinkat(getname(oldname), AT_FDCWD, getname(newname));
}

/*
 * do_linkat - linkat(2): a new name 'to' for the file 'from' names (both
 * consumed).  A final symlink in 'from' is linked itself unless
 * AT_SYMLINK_FOLLOW; AT_EMPTY_PATH with "" links the file open as olddfd.
 */
static int do_linkat(int olddfd, struct filename *from, int newdfd, struct filename *to,
		     int flags)
{
	unsigned int lookup = (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0;
	struct dentry *old, *dir, *d;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) {
		err = -EINVAL;
		goto out;
	}
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = filename_lookup(olddfd, from, lookup, &old);
	if (err)
		goto out;
	d = filename_create(newdfd, to, &dir, 0);
	err = PTR_ERR(d);
	if (!IS_ERR(d)) {
		err = vfs_link(old, dir->d_inode, d);
		done_path_create(dir, d);
	}
	dput(old);
out:
	putname(to);
	putname(from);
	return err;
}

SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, int, flags)
{
	return do_linkat(olddfd, getname_flags(oldname, (flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			 newdfd, getname(newname), flags);
}

SYSCALL_DEFINE2(link, const char __user *, oldname, const char __user *, newname)
{
	return do_linkat(AT_FDCWD, getname(oldname), AT_FDCWD, getname(newname), 0);
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, unsigned int, flags)
{
	return do_renameat2(olddfd, getname(oldname), newdfd, getname(newname), flags);
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return do_renameat2(olddfd, getname(oldname), newdfd, getname(newname), 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return do_renameat2(AT_FDCWD, getname(oldname), AT_FDCWD, getname(newname), 0);
}
