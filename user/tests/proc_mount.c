/*
 * proc_mount - mount(2) and umount2(2) as Linux's (Pagoda only: natively
 * it would change the host's mounts, so every check is skipped there):
 *   - proc is mounted on /proc by init; mounting it again is EBUSY;
 *   - an unknown type is ENODEV, a target that is a file ENOTDIR, a
 *     missing target ENOENT, MS_BIND (unsupported) EINVAL, "/" EBUSY;
 *   - a tmpfs mounted on a fresh directory hides what was there, takes
 *     files, shows in /proc/mounts, and ".." from its root is the parent;
 *   - umount2 of a tmpfs with a file in it is EBUSY; emptied, it unmounts
 *     and the directory's own contents are back;
 *   - umount2 of a directory that is not a mount point is EINVAL;
 *   - umount2("/proc") while a /proc file is open is EBUSY, and /proc
 *     still works.
 */
#include <sys/mount.h>

#include "proc_util.h"

static char buf[8192];

static void pagoda_checks(void)
{
	char *dir = make_tmpdir("procmnt"), path[256];
	struct stat st;
	int fd;

	ok(mount("proc", "/proc", "proc", 0, NULL) == -1 && errno == EBUSY, "proc again on /proc: EBUSY");
	ok(mount("x", dir, "nosuchfs", 0, NULL) == -1 && errno == ENODEV, "an unknown type: ENODEV");
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	close(fd);
	ok(mount("tmpfs", path, "tmpfs", 0, NULL) == -1 && errno == ENOTDIR, "a file as target: ENOTDIR");
	ok(mount("tmpfs", "/no/such/dir", "tmpfs", 0, NULL) == -1 && errno == ENOENT,
	   "a missing target: ENOENT");
	ok(mount("/proc", dir, NULL, MS_BIND, NULL) == -1 && errno == EINVAL, "MS_BIND: EINVAL");
	ok(mount("tmpfs", "/", "tmpfs", 0, NULL) == -1 && errno == EBUSY, "on / itself: EBUSY");

	ok(mount("tmpfs", dir, "tmpfs", 0, NULL) == 0, "tmpfs mounts on %s", dir);
	ok(stat(path, &st) == -1 && errno == ENOENT, "the mount hides the directory's own file");
	snprintf(path, sizeof(path), "%s/new", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	ok(fd >= 0 && write(fd, "hi", 2) == 2, "a file can be made in the tmpfs");
	close(fd);
	read_file("/proc/mounts", buf, sizeof(buf));
	snprintf(path, sizeof(path), "tmpfs %s tmpfs rw,relatime 0 0\n", dir);
	ok(strstr(buf, path) != NULL, "/proc/mounts lists it");
	{
		struct stat a, b;
		char up[256];

		snprintf(up, sizeof(up), "%s/..", dir);
		ok(stat(up, &a) == 0 && stat("/tmp", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
		   "\"..\" from the tmpfs root is /tmp");
	}
	ok(umount2(dir, 0) == -1 && errno == EBUSY, "umount of a tmpfs with a file in it: EBUSY");
	snprintf(path, sizeof(path), "%s/new", dir);
	unlink(path);
	ok(umount2(dir, 0) == 0, "emptied, it unmounts");
	snprintf(path, sizeof(path), "%s/file", dir);
	ok(stat(path, &st) == 0, "the directory's own file is back");
	ok(umount2(dir, 0) == -1 && errno == EINVAL, "umount of a non-mount point: EINVAL");

	fd = open("/proc/self/status", O_RDONLY);
	ok(umount2("/proc", 0) == -1 && errno == EBUSY, "umount /proc with a file open: EBUSY");
	close(fd);
	ok(read_file("/proc/self/stat", buf, sizeof(buf)) > 0 && atoi(buf) == getpid(), "/proc still works");
	remove_tree(dir);
}

int main(void)
{
	plan(17);
	if (on_pagoda()) {
		pagoda_checks();
	} else {
		for (int i = 0; i < 17; i++)
			skip("mount(2) changes the host: Pagoda only");
	}
	return done_testing();
}
