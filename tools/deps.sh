#!/bin/sh
# tools/deps.sh check|install - the Debian packages Pagoda's build and tests use.
#
#   check    (run by every make target that builds): if a tool is missing,
#            install its package when we are root, else print the one
#            `apt-get install` line to run and fail.
#   install  (make deps): install them all, as root.
set -eu

# tool-or-file:package pairs.  A path is checked with -e, a name with PATH.
NEEDS="
gcc:gcc
ld:binutils
make:make
nasm:nasm
grub-mkrescue:grub-common
/usr/lib/grub/i386-pc/multiboot2.mod:grub-pc-bin
xorriso:xorriso
mformat:mtools
qemu-system-x86_64:qemu-system-x86
/usr/bin/python3:python3
/usr/lib/python3/dist-packages/pytest:python3-pytest
/usr/lib/python3/dist-packages/xdist:python3-pytest-xdist
gdb:gdb
musl-gcc:musl-tools
cpio:cpio
mkswap:util-linux
/bin/busybox:busybox-static
"

missing=""
for pair in $NEEDS; do
	tool=${pair%%:*} pkg=${pair#*:}
	case $tool in
	/*) [ -e "$tool" ] && continue ;;
	*) command -v "$tool" >/dev/null 2>&1 && continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done

all=$(for pair in $NEEDS; do echo "${pair#*:}"; done | sort -u | tr '\n' ' ')
mode=${1:-check}
if [ "$mode" = install ]; then
	missing=" $all"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
else
	echo "deps: missing packages. Run, as root:" >&2
	echo "    apt-get install -y$missing" >&2
	exit 1
fi
