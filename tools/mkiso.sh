#!/bin/sh
# tools/mkiso.sh OUT.iso KERNEL.elf "CMDLINE" [INITRAMFS]
# Makes a GRUB 2 (BIOS, multiboot2) ISO: iso/ with grub.cfg's @CMDLINE@
# replaced by the command line, the kernel (debug info stripped) as
# /boot/pagoda.elf and, when
# given, the initramfs as /boot/initramfs.cpio.
set -eu
out=$1 kernel=$2 cmdline=${3:-} initramfs=${4:-}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/pagoda-iso.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/pagoda-iso-log.XXXXXX")	# outside $dir: it is packed
trap 'rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/boot/grub"
# GRUB's parser: each word of the command line goes in "...", with \ " and
# $ escaped.  Word by word, because GRUB re-quotes an argument that holds a
# space when it builds the kernel's command line: one "..." around the whole
# line would reach the kernel as a single quoted word.  Words are split as a
# shell would, so name="a b" stays one word (the kernel sees "name=a b").
CMDLINE=$cmdline ${PYTHON:-python3} -c '
import os, shlex, sys
def quote(w):
    for ch in "\\\"$":
        w = w.replace(ch, "\\" + ch)
    return "\"" + w + "\""
c = " ".join(quote(w) for w in shlex.split(os.environ["CMDLINE"]))
sys.stdout.write(sys.stdin.read().replace("@CMDLINE@", c))
' < "$top/iso/boot/grub/grub.cfg" > "$dir/boot/grub/grub.cfg"
# The ISO gets the kernel without its DWARF debug info: GRUB reads the whole
# file, and under TCG the 1.8 MB of debug info cost ~0.4 s of every boot.
# The loaded sections (and the .kallsyms table) are unchanged, so gdb uses
# the full build/kernel.elf against this kernel.
strip --strip-debug -o "$dir/boot/pagoda.elf" "$kernel"
[ -n "$initramfs" ] && cp "$initramfs" "$dir/boot/initramfs.cpio"
grub-mkrescue -o "$out.tmp.$$" "$dir" 2>"$log" || { cat "$log" >&2; exit 1; }
mv "$out.tmp.$$" "$out"
