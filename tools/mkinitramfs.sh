#!/bin/sh
# tools/mkinitramfs.sh OUT.cpio STAGE USERBIN [EXTRA]
#
# Makes Pagoda's initramfs: a cpio archive in the "newc" format (what
# Linux's initramfs uses, and kernel/fs/initramfs.c unpacks), written with
# `cpio -o -H newc` from a staging directory, STAGE.<pid>, made afresh and
# removed at the end (private to this run: two makes of the same build
# directory at once - parallel test boots - must not share one):
#
#   /init             USERBIN/init (user/init.c: PID 1)
#   /bin/<name>       every program in USERBIN (user/*.c and user/tests/*.c),
#                     except sh: user/sh.c goes in as /bin/pagoda-sh
#   /bin/busybox      the host's busybox-static ($BUSYBOX, else /bin/busybox
#                     or /usr/bin/busybox: Debian's package, `make deps`),
#                     copied at every build and never kept in the tree
#   /bin/<applet>     a symlink to busybox for each applet of `busybox --list`
#                     that does not clash with one of Pagoda's programs
#   /bin/<file>       every regular file of the directory EXTRA, if given
#                     (`make EXTRA=dir`, `tests/boot.py --extra dir`)
#   /sbin/init        a symlink to ../init
#   /etc/passwd, /etc/group   root (uid/gid 0, Pagoda's only user), so that
#                     ps, top and ls -l say "root" rather than "0"
#   /dev /proc /tmp   empty directories (the kernel fills /dev; /tmp is 1777)
#
# Name clashes (see also user/init.c): busybox's sh is the shell (it is
# what `make run` must give; Pagoda's small user/sh.c stays as
# /bin/pagoda-sh).  Every other clash - echo, true, poweroff, init - keeps
# Pagoda's program: run= lists name them by path (/bin/echo) and the tests
# judge their exact output and exit statuses.  Busybox sh itself prefers
# its applets to $PATH (FEATURE_SH_STANDALONE), so typed in the shell these
# names still run busybox's; its halt/poweroff/reboot signal PID 1 the way
# busybox init expects (SIGUSR1/SIGUSR2/SIGTERM), which user/init.c obeys.
# Applets that would replace PID 1 or make no sense without their daemons
# (init, linuxrc) get no link.
#
# The archive is reproducible: names sorted, every mtime 0, owner root,
# inode numbers renumbered (--reproducible).  OUT is replaced only when its
# bytes change, so that make does not remake the ISOs for nothing.
set -eu
out=$1 stage=$2 userbin=$3 extra=${4:-}

[ -x "$userbin/init" ] || { echo "mkinitramfs: $userbin/init is missing" >&2; exit 1; }
[ -z "$extra" ] || [ -d "$extra" ] || { echo "mkinitramfs: EXTRA=$extra is not a directory" >&2; exit 1; }

stage=$stage.$$
tmp=$out.tmp.$$
trap 'rm -rf "$tmp" "$stage"' EXIT
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/tmp" "$stage/etc"
chmod 755 "$stage" "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/etc"
echo "root:x:0:0:root:/:/bin/sh" > "$stage/etc/passwd"
echo "root:x:0:" > "$stage/etc/group"
chmod 644 "$stage/etc/passwd" "$stage/etc/group"
chmod 1777 "$stage/tmp"
# Pagoda's own programs go in without their debug info (build/user keeps
# it for gdb): GRUB reads the whole archive through BIOS calls, and under
# TCG every megabyte costs a noticeable part of the boot.  EXTRA files are
# the user's and go in untouched.
for f in "$userbin"/*; do
	[ -f "$f" ] || continue
	name=${f##*/}
	[ "$name" = sh ] && name=pagoda-sh
	strip --strip-debug -o "$stage/bin/$name" "$f"
done
busybox=${BUSYBOX:-}
if [ -z "$busybox" ]; then
	for b in /bin/busybox /usr/bin/busybox; do
		[ -x "$b" ] && { busybox=$b; break; }
	done
fi
[ -n "$busybox" ] && [ -x "$busybox" ] || {
	echo "mkinitramfs: busybox not found: install busybox-static (make deps) or set BUSYBOX=" >&2
	exit 1
}
cp "$busybox" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	case $applet in
	busybox | init | linuxrc | */*) continue ;;
	esac
	[ -e "$stage/bin/$applet" ] && [ "$applet" != sh ] && continue
	rm -f "$stage/bin/$applet"
	ln -s busybox "$stage/bin/$applet"
done
cp "$stage/bin/init" "$stage/init"
ln -s ../init "$stage/sbin/init"
if [ -n "$extra" ]; then
	for f in "$extra"/* "$extra"/.[!.]*; do
		# (a busybox link of the same name gives way: cp would write through it)
		[ -f "$f" ] && rm -f "$stage/bin/${f##*/}" && cp "$f" "$stage/bin/"
	done
fi
find "$stage" -exec touch -h -d @0 {} +

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' |
	cpio -o -H newc --reproducible -R 0:0 --quiet) > "$tmp"
if cmp -s "$tmp" "$out" 2>/dev/null; then
	rm -f "$tmp"
else
	mv "$tmp" "$out"
fi
