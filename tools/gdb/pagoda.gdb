# tools/gdb/pagoda.gdb - attach gdb to a Pagoda kernel halted in QEMU.
#
# Used by `make debug` (tools/debug.sh), which starts QEMU with its gdb stub
# halted (-S) and then runs
#     gdb -ex 'set $pagoda_port = PORT' -x tools/gdb/pagoda.gdb build/kernel.elf
# By hand, with QEMU started as `qemu-system-x86_64 ... -s -S` elsewhere:
#     gdb -x tools/gdb/pagoda.gdb build/kernel.elf          (port 1234)
#
# Two traps of debugging a multiboot kernel, and how this script avoids them:
#  - The CPU starts in real mode, GRUB runs in 32-bit protected mode, and
#    the kernel switches to long mode.  If gdb guesses the architecture from
#    the CPU's current mode it later fails with "Remote 'g' packet reply is
#    too long".  So the architecture is fixed to x86-64 before connecting
#    (QEMU's x86_64 stub always sends the 64-bit register set).
#  - A software breakpoint set before GRUB has loaded the kernel writes an
#    int3 into memory that GRUB then overwrites with the kernel image, so it
#    never fires.  A hardware breakpoint (hbreak) lives in the debug
#    registers, not in memory, and survives the load.
# Once stopped in start_kernel, ordinary `break`s work: the image is in place.
#
# It also loads tools/gdb/pagoda.py, whose commands print the kernel's memory
# state (tasks, log, buddy lists, slab caches, VMAs, page-table walks): stop
# somewhere later (`break machine_power_off`, or Ctrl-C) and try `pagoda-ps`.

set pagination off
set confirm off
set architecture i386:x86-64
# The tree's sources are named relative to the repo root (kernel/main.c).
directory .
# The pagoda-* commands (tools/gdb/pagoda.py: pagoda-ps, pagoda-dmesg,
# pagoda-buddyinfo, pagoda-slabinfo, pagoda-vmas PID, pagoda-pte ADDR);
# `help pagoda-pte` explains each.  Paths are relative to the repo root.
source tools/gdb/pagoda.py

if $_isvoid($pagoda_port)
  set $pagoda_port = 1234
end
# QEMU may take a moment to open its stub: keep retrying for 15 s.
set tcp auto-retry on
set tcp connect-timeout 15
eval "target remote localhost:%d", $pagoda_port

hbreak start_kernel
continue
# Only one hardware breakpoint slot is needed from here on.
delete
echo pagoda.gdb: stopped in start_kernel; `pagoda` lists the pagoda-* commands.\n
