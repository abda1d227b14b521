/*
 * user/poweroff.c - powers the machine off: reboot(LINUX_REBOOT_CMD_POWER_OFF).
 *
 * On Pagoda this ends the QEMU run with the pass status (QEMU exits 33,
 * DESIGN.md §6); the interactive-shell scenario ends its boot with it.
 * `poweroff --fail` halts instead (LINUX_REBOOT_CMD_HALT: the fail status,
 * QEMU exits 35).
 *
 * Safety: the same static binary runs on the host, where root calling
 * reboot(2) would really power the machine off.  So it refuses to act
 * unless uname(2) says the kernel is Pagoda (sysname, release or version
 * contains "Pagoda"), or -f is given.
 */
#define _GNU_SOURCE		/* strcasestr */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <unistd.h>

static int on_pagoda(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return 0;
	return strcasestr(u.sysname, "pagoda") || strcasestr(u.release, "pagoda") ||
	       strcasestr(u.version, "pagoda");
}

int main(int argc, char **argv)
{
	int fail = 0, force = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--fail"))
			fail = 1;
		else if (!strcmp(argv[i], "-f"))
			force = 1;
		else {
			fprintf(stderr, "usage: poweroff [--fail] [-f]\n");
			return 2;
		}
	}
	if (!force && !on_pagoda()) {
		fprintf(stderr, "poweroff: this is not Pagoda (uname); -f to insist\n");
		return 1;
	}
	reboot(fail ? RB_HALT_SYSTEM : RB_POWER_OFF);
	fprintf(stderr, "poweroff: reboot: %s\n", strerror(errno));
	return 1;
}
