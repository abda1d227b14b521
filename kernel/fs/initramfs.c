/*
 * kernel/fs/initramfs.c - unpacking the initramfs into the root ramfs
 * (Linux's init/initramfs.c).
 *
 * GRUB loads build/initramfs.cpio as a multiboot2 module whose command line
 * is "initramfs" (iso/boot/grub/grub.cfg); setup_arch() recorded it in
 * boot_params.modules and memblock kept its pages reserved.  It is a cpio
 * archive in the "newc" format (cpio -o -H newc), a list of entries:
 *
 *	header   110 ASCII bytes: the magic "070701" (or "070702", the same
 *	         with a checksum we ignore), then 13 fields of 8 hex digits:
 *	         ino mode uid gid nlink mtime filesize devmajor devminor
 *	         rdevmajor rdevminor namesize check
 *	name     namesize bytes, NUL included; header + name padded with
 *	         NULs to a multiple of 4
 *	data     filesize bytes (a file's contents, a symlink's target),
 *	         padded to a multiple of 4
 *
 * ending with an entry named "TRAILER!!!".  Several archives may follow
 * each other (NUL padding between them), as Linux allows.
 *
 * Each entry becomes: a directory (mkdir, "exists" is fine), a regular
 * file (created or truncated, then its data written through the page
 * cache of ramfs.c, so the bytes are copied out of the module), a symlink,
 * or a device node / FIFO (mknod with rdevmajor:rdevminor).  Mode bits,
 * owner and mtime are set afterwards.  Hard links (nlink > 1) are not
 * linked: each name gets its own copy (an empty one for the names that
 * carry no data), which is enough for busybox-style archives made of
 * symlinks.
 *
 * Parsing is strict and never trusts a size: every field must be 8 hex
 * digits, every name NUL-terminated within namesize, and every length
 * must fit what is left of the buffer.  A malformed archive stops the
 * unpacking with a message ("Initramfs unpacking failed: ..."); what was
 * unpacked before stays.  An entry that cannot be created (its directory
 * missing) is warned about and skipped.
 *
 * After unpacking, the module's pages go back to the page allocator
 * (free_initrd_mem()), poisoned with 0xcc as Linux does.
 */
#include "kernel/fs/fs.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/page.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define CPIO_HDR_LEN	110
#define POISON_FREE_INITMEM	0xcc	/* Linux's poison for freed init memory */
#define CPIO_NR_FIELDS	13

enum cpio_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

struct cpio_entry {
	unsigned long field[CPIO_NR_FIELDS];	/* the header's numbers */
	const char *name;			/* NUL-terminated, inside the archive */
	const char *data;			/* filesize bytes, inside the archive */
};

/* Parses 8 hex digits; false if any is not one. */
static bool parse_hex8(const char *s, unsigned long *res)
{
	unsigned long v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*res = v;
	return true;
}

/*
 * Reads the entry at buf[*pos..len): fills *e and advances *pos past its
 * padded data.  Returns NULL or the reason it is malformed.
 */
static const char *parse_entry(const char *buf, unsigned long len, unsigned long *pos,
			       struct cpio_entry *e)
{
	unsigned long p = *pos, namesize, filesize;

	if (len - p < CPIO_HDR_LEN)
		return "truncated header";
	if (memcmp(buf + p, "070701", 6) && memcmp(buf + p, "070702", 6))
		return "no cpio magic";
	for (int i = 0; i < CPIO_NR_FIELDS; i++)
		if (!parse_hex8(buf + p + 6 + 8 * i, &e->field[i]))
			return "bad hex field in header";
	namesize = e->field[F_NAMESIZE];
	filesize = e->field[F_FILESIZE];
	if (namesize == 0 || namesize > PATH_MAX)
		return "bad name size";
	p += CPIO_HDR_LEN;
	if (len - p < namesize)
		return "truncated name";
	e->name = buf + p;
	if (e->name[namesize - 1] != '\0' || strnlen(e->name, namesize) != namesize - 1)
		return "name not NUL-terminated";
	p = ALIGN(p + namesize, 4);
	if (p > len && !filesize)
		p = len;		/* the name's padding cut off at the very end */
	if (p > len || len - p < filesize)
		return "truncated file data";
	e->data = buf + p;
	p = ALIGN(p + filesize, 4);
	*pos = p > len ? len : p;
	return NULL;
}

/* Sets the mode bits, owner and mtime the archive gives (Linux's do_name + do_utime). */
static void set_attrs(const char *path, const struct cpio_entry *e)
{
	struct dentry *d;
	struct inode *inode;

	if (kern_path(path, 0, &d))
		return;
	inode = d->d_inode;
	if (!S_ISLNK(inode->i_mode))
		inode->i_mode = (inode->i_mode & S_IFMT) | (e->field[F_MODE] & S_IALLUGO);
	inode->i_uid = e->field[F_UID];
	inode->i_gid = e->field[F_GID];
	inode->i_mtime = (struct timespec64){ .tv_sec = e->field[F_MTIME] };
	dput(d);
}

/* A regular file: create or truncate, then write the data. */
static int unpack_file(const char *path, const struct cpio_entry *e)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, e->field[F_MODE] & S_IALLUGO);
	unsigned long size = e->field[F_FILESIZE];
	loff_t pos = 0;
	ssize_t n = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (pos < (loff_t)size) {
		n = kernel_write(f, e->data + pos, size - pos, &pos);
		if (n <= 0)
			break;
	}
	fput(f);
	return n < 0 ? n : 0;
}

/* A symlink: the data is the target (not NUL-terminated in the archive). */
static int unpack_symlink(const char *path, const struct cpio_entry *e)
{
	unsigned long size = e->field[F_FILESIZE];
	char *target;
	int err;

	if (size == 0 || size >= PATH_MAX)
		return -EINVAL;
	target = kmalloc(size + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, size);
	target[size] = '\0';
	err = do_symlinkat(getname_kernel(target), AT_FDCWD, getname_kernel(path));
	kfree(target);
	return err;
}

/* One entry into the tree at path ("/name").  0 or -errno (the caller warns). */
static int unpack_entry(const char *path, const struct cpio_entry *e)
{
	umode_t mode = e->field[F_MODE];
	dev_t rdev = MKDEV(e->field[F_RDEVMAJOR], e->field[F_RDEVMINOR]);
	int err;

	switch (mode & S_IFMT) {
	case S_IFDIR:
		err = do_mkdirat(AT_FDCWD, getname_kernel(path), mode & S_IALLUGO);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFREG:
		err = unpack_file(path, e);
		break;
	case S_IFLNK:
		return unpack_symlink(path, e);
	case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		err = do_mknodat(AT_FDCWD, getname_kernel(path), mode, rdev);
		break;
	default:
		return -EINVAL;
	}
	if (!err)
		set_attrs(path, e);
	return err;
}

/* "./a/b", "/a/b", "a/b" -> "a/b"; "." and "" -> "" (the root itself). */
static const char *clean_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '.' && name[1] == '\0')
			name++;
		else
			return name;
	}
}

/* unpack_to_rootfs - see fs.h. */
const char *unpack_to_rootfs(const char *buf, unsigned long len)
{
	char *path = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	unsigned long pos = 0;
	const char *err = NULL;
	bool in_archive = false;

	if (!path)
		return "out of memory";
	while (pos < len) {
		struct cpio_entry e;
		const char *name;
		int ret;

		if (!in_archive && buf[pos] == '\0') {	/* padding between archives */
			pos++;
			continue;
		}
		err = parse_entry(buf, len, &pos, &e);
		if (err)
			break;
		in_archive = true;
		if (!strcmp(e.name, "TRAILER!!!")) {
			in_archive = false;
			continue;
		}
		name = clean_name(e.name);
		if (!*name)
			continue;
		path[0] = '/';
		strscpy(path + 1, name, PATH_MAX);
		ret = unpack_entry(path, &e);
		if (ret)
			pr_warn("initramfs: %s: cannot create (error %d), skipped\n", path, ret);
	}
	if (!err && in_archive)
		err = "no TRAILER!!! at the end";
	kfree(path);
	return err;
}

/*
 * free_initrd_mem - give the module's pages back to the page allocator
 * once its contents live in ramfs pages (Linux does the same).  Only the
 * whole pages inside the module go; a page it shares with something else
 * at either end stays reserved.
 */
static void free_initrd_mem(phys_addr_t start, phys_addr_t end)
{
	free_reserved_area(__va(start), __va(end), POISON_FREE_INITMEM, "initrd");
}

/* populate_rootfs - see fs.h. */
void populate_rootfs(void)
{
	for (u32 i = 0; i < boot_params.nr_modules; i++) {
		const struct boot_module *mod = &boot_params.modules[i];
		const char *err;

		if (strcmp(mod->cmdline, "initramfs"))
			continue;
		pr_info("Unpacking initramfs: %llu bytes at [mem 0x%08llx-0x%08llx]\n",
			(unsigned long long)(mod->end - mod->start),
			(unsigned long long)mod->start, (unsigned long long)mod->end - 1);
		err = unpack_to_rootfs(__va(mod->start), mod->end - mod->start);
		if (err)
			pr_err("Initramfs unpacking failed: %s\n", err);
		free_initrd_mem(mod->start, mod->end);
		return;
	}
	pr_info("initramfs: no module called \"initramfs\": the root file system starts empty\n");
}
