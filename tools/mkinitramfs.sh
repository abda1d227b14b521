#!/bin/sh
# tools/mkinitramfs.sh OUT.cpio STAGE USERBIN [EXTRA]
#
# Makes Pagoda's initramfs: a cpio archive in the "newc" format (what
# Linux's initramfs uses, and kernel/fs/initramfs.c unpacks), written with
# `cpio -o -H newc` from the staging directory STAGE, which is made afresh:
#
#   /init             USERBIN/init (user/init.c: PID 1)
#   /bin/<name>       every program in USERBIN (user/*.c and user/tests/*.c;
#                     /bin/sh is user/sh.c)
#   /bin/<file>       every regular file of the directory EXTRA, if given
#                     (`make EXTRA=dir`, `tests/boot.py --extra dir`)
#   /sbin/init        a symlink to ../init
#   /dev /proc /tmp   empty directories (the kernel fills /dev; /tmp is 1777)
#
# The archive is reproducible: names sorted, every mtime 0, owner root,
# inode numbers renumbered (--reproducible).  OUT is replaced only when its
# bytes change, so that make does not remake the ISOs for nothing.
set -eu
out=$1 stage=$2 userbin=$3 extra=${4:-}

[ -x "$userbin/init" ] || { echo "mkinitramfs: $userbin/init is missing" >&2; exit 1; }
[ -z "$extra" ] || [ -d "$extra" ] || { echo "mkinitramfs: EXTRA=$extra is not a directory" >&2; exit 1; }

rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/tmp"
chmod 755 "$stage" "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc"
chmod 1777 "$stage/tmp"
# Pagoda's own programs go in without their debug info (build/user keeps
# it for gdb): GRUB reads the whole archive through BIOS calls, and under
# TCG every megabyte costs a noticeable part of the boot.  EXTRA files are
# the user's and go in untouched.
for f in "$userbin"/*; do
	[ -f "$f" ] && strip --strip-debug -o "$stage/bin/${f##*/}" "$f"
done
cp "$stage/bin/init" "$stage/init"
ln -s ../init "$stage/sbin/init"
if [ -n "$extra" ]; then
	for f in "$extra"/* "$extra"/.[!.]*; do
		[ -f "$f" ] && cp "$f" "$stage/bin/"
	done
fi
find "$stage" -exec touch -h -d @0 {} +

tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' |
	cpio -o -H newc --reproducible -R 0:0 --quiet) > "$tmp"
if cmp -s "$tmp" "$out" 2>/dev/null; then
	rm -f "$tmp"
else
	mv "$tmp" "$out"
fi
