#!/bin/sh
# tools/debug.sh RAM CMDLINE [GDB ARGS...] - `make debug`: Pagoda under gdb.
#
# Builds the kernel and an ISO for CMDLINE, starts QEMU in the background,
# halted before the first instruction (-S) with its gdb stub on
# localhost:$GDB_PORT (default 1234, as -s), then runs gdb in the foreground
# with the kernel's symbols and tools/gdb/pagoda.gdb, which connects and
# stops at start_kernel.  The serial console goes to
# <builddir>/debug-serial.log (`tail -f` it in another terminal).  When gdb
# exits, QEMU is killed.
#
# Extra arguments go to gdb after the script: the harness runs
#     tools/debug.sh 128M "" -batch -ex bt
# to print a backtrace and quit.  Env: PAGODA_BUILD (build dir, default
# build), PAGODA_NO_BUILD (set: use the last build), GDB_PORT, ACCEL (tcg
# or kvm), QEMU, GDB, PAGODA_SERIAL_LOG (the serial log's path, so that
# concurrent runs do not share one), PAGODA_DISK (a raw image attached as
# the virtio disk /dev/vda, e.g. a swap disk made by mkswap: with CMDLINE
# "swap=/dev/vda", swapped-out pages show in pagoda-vmas and pagoda-pte).
set -eu
ram=${1:-128M} cmdline=${2:-}
[ $# -ge 2 ] && shift 2 || shift $#
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
b=${PAGODA_BUILD:-build}
port=${GDB_PORT:-1234}
qemu=${QEMU:-qemu-system-x86_64}
gdb=${GDB:-gdb}

[ -n "${PAGODA_NO_BUILD:-}" ] || make -s B="$b" kernel initramfs >&2
mkdir -p "$b/isos"
iso="$b/isos/debug.$$.iso"
initramfs=""
[ -f "$b/initramfs.cpio" ] && initramfs="$b/initramfs.cpio"
tools/mkiso.sh "$iso" "$b/kernel.elf" "$cmdline" $initramfs

serial=${PAGODA_SERIAL_LOG:-$b/debug-serial.log}
qemu_err=${PAGODA_SERIAL_LOG:+$PAGODA_SERIAL_LOG.qemu-err}
qemu_err=${qemu_err:-$b/debug-qemu.err}
# start_qemu [QEMU ARGS...] - QEMU in the background, halted, stub on $port.
start_qemu() {
	"$qemu" -accel "${ACCEL:-tcg}" -cpu max -m "$ram" -no-reboot -boot d \
		-cdrom "$iso" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-display none -serial "file:$serial" -monitor none \
		-gdb "tcp:localhost:$port" -S "$@" </dev/null 2>"$qemu_err" &
}
if [ -n "${PAGODA_DISK:-}" ]; then
	start_qemu -drive "file=$PAGODA_DISK,if=virtio,format=raw"
else
	start_qemu
fi
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null || true; wait $qemu_pid 2>/dev/null || true; rm -f "$iso"' EXIT
# Ctrl-C belongs to gdb (it stops the guest): the shell just waits.  QEMU,
# started in the background, ignores it anyway.
trap ':' INT
trap 'exit 143' TERM

# A QEMU that cannot start (say, the port is taken) dies at once: say why
# now rather than after gdb's 15 s of connection retries.
sleep 0.3
if ! kill -0 $qemu_pid 2>/dev/null; then
	echo "debug.sh: QEMU did not start:" >&2
	cat "$qemu_err" >&2
	exit 1
fi
echo "debug.sh: QEMU halted with its gdb stub on localhost:$port;" \
	"serial console in $serial" >&2
status=0
"$gdb" -q -ex "set \$pagoda_port = $port" -x tools/gdb/pagoda.gdb "$@" "$b/kernel.elf" ||
	status=$?
if ! kill -0 $qemu_pid 2>/dev/null && [ -s "$qemu_err" ]; then
	echo "debug.sh: QEMU stopped:" >&2
	cat "$qemu_err" >&2
	[ $status = 0 ] && status=1
fi
exit $status
