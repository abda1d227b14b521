"""tests/test_gdb.py - the gdb helpers of tools/gdb/pagoda.py, driven the way
`make debug` runs them, checked against what the kernel itself printed or
what is known for sure.

One session (a module fixture) runs tools/debug.sh - QEMU halted with -S,
gdb with tools/gdb/pagoda.gdb, which loads pagoda.py - booting with
run=true, and stops it at machine_power_off: init has run /bin/true, called
reboot(2), and kernel/sys.c has just printed

    reboot: memory: free=F slab=S pgtables=P init_rss=R init_pgtables=T ...

after draining the per-CPU page lists, and nothing has allocated since.  The
CPU is in init's reboot syscall, so CR3 is init's page table.  A gdb Python
script (written by the fixture) runs every command, prints each output
between markers, and reads physical memory through QEMU's stub for the
addresses pagoda-pte translated.  The checks:

  pagoda-ps         pid 0 is [swapper], pid 1 is init and is the running task;
                    its RSS equals the pages pagoda-vmas found mapped
  pagoda-dmesg      every line the console printed is in the buffer, in order,
                    the last being "reboot: Power down"
  pagoda-buddyinfo  the free blocks add up to free=F; the lists agree with
                    nr_free and NR_FREE_PAGES (-v walks them)
  pagoda-slabinfo   the caches' pages add up to slab=S; task_struct has one
                    active object per task but the static swapper
  pagoda-vmas 1     init's VMAs cover the PT_LOAD segments of the ELF the
                    initramfs holds, with their permissions; the stack ends
                    at 0x7ffffffff000; the walked page tables number T, the
                    counters give R anonymous pages
  pagoda-pte        start_kernel: present, read-only, kernel, executable at
                    phys = virt - __START_KERNEL_map, bytes as in kernel.elf;
                    jiffies: writable, NX; the direct map; address 0 unmapped;
                    init's entry point: present, user, read-only, executable,
                    and the frame holds the bytes of the file
A second session boots a 64 MiB guest with a mkswap'ed disk and
swap=/dev/vda, runs `memhog --hold 1 64` and stops in its nanosleep: every
page of its 64 MiB mapping is present or a swap entry in pagoda-vmas, the
walk agrees with the mm's counters (MM_SWAPENTS included), and pagoda-pte
of its first swapped-out page decodes a swap entry whose slot on the disk
image holds that page's memhog signature.

A test can fail: each compares with a number or byte the kernel, the
program or the build produced independently of the command under test.
The sessions take about 5 and 10 seconds under TCG.
"""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess

import pytest

import boot as pagoda

TIMEOUT = 120			# seconds for the whole session, times PAGODA_TIMEOUT_SCALE
START_KERNEL_MAP = 0xffffffff80000000
PAGE_OFFSET = 0xffff888000000000
STACK_TOP = 0x7ffffffff000	# DESIGN.md §2: the stack ends just below here
DIRECT_MAP_PROBE = 0x100000	# physical 1 MiB: the kernel image's first page
HOG_MIB = 64			# memhog's size in a 64 MiB guest: some of it must go to swap
PAGE_MAGIC = 0x6d656d686f670000	# user/memhog.c: page i's first word is PAGE_MAGIC ^ i

# Run inside gdb: COMMANDS and SWAP_PROBE are filled in by run_session().
CHECK_SCRIPT = r'''
import re
import gdb

def run(cmd, key=None):
    print("@@@ BEGIN " + (key or cmd))
    try:
        out = gdb.execute(cmd, to_string=True)
    except gdb.error as e:
        out = "ERROR: %s\n" % e
    print(out, end="")
    print("@@@ END " + (key or cmd))
    return out

phys = []
for cmd in COMMANDS:
    out = run(cmd)
    m = re.search(r"-> phys (0x[0-9a-f]+)", out)
    if cmd.startswith("pagoda-pte") and m:
        phys.append(int(m.group(1), 16))
if SWAP_PROBE:
    # The running task's largest anonymous VMA: its first swapped-out page.
    pid = re.search(r"^>\s*(\d+)", run("pagoda-ps", "ps-probe"), re.M).group(1)
    vmas = re.findall(r"^([0-9a-f]{16})-([0-9a-f]{16}) rw-p .* $",
                      run("pagoda-vmas " + pid, "vmas-probe"), re.M)
    start, end = max(vmas, key=lambda v: int(v[1], 16) - int(v[0], 16))
    for addr in range(int(start, 16), min(int(end, 16), int(start, 16) + 512 * 4096), 4096):
        out = gdb.execute("pagoda-pte 0x%x %s" % (addr, pid), to_string=True)
        if "swap entry" in out:
            run("pagoda-pte 0x%x %s" % (addr, pid), "swap-probe")
            break
gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
for p in phys:
    print("@@@ PHYS 0x%x %s" % (p, bytes(gdb.selected_inferior().read_memory(p, 32)).hex()))
gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)
'''


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def elf_segments(path):
    """(e_entry, [(p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz)])."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, f"{path}: not an ELF64 file"
    entry, phoff = struct.unpack_from("<QQ", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    segs = [struct.unpack_from("<IIQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]
    return entry, segs


def elf_bytes(path, addr, n, physical=False):
    """n bytes of the loaded image of ELF 'path' at addr (p_vaddr, or p_paddr
    if physical), from its PT_LOAD segments' file contents."""
    data = path.read_bytes()
    for ptype, _, off, vaddr, paddr, filesz, _ in elf_segments(path)[1]:
        base = paddr if physical else vaddr
        if ptype == 1 and base <= addr and addr + n <= base + filesz:
            return data[off + addr - base:off + addr - base + n]
    raise AssertionError(f"{path}: 0x{addr:x} is not in a loaded segment")


class Session:
    """The parsed output of one gdb session."""

    def __init__(self, out, serial, kernel, init):
        self.out = out
        self.serial = serial
        self.kernel = kernel
        self.init = init
        self.sections = dict(re.findall(r"@@@ BEGIN (.*?)\n(.*?)@@@ END \1\n", out, re.S))
        self.phys = {int(a, 16): bytes.fromhex(h)
                     for a, h in re.findall(r"@@@ PHYS (0x[0-9a-f]+) ([0-9a-f]+)", out)}

    @property
    def reboot(self):
        """The fields of kernel/sys.c's "reboot: memory:" line."""
        m = re.search(r"reboot: memory: (.*)", self.serial)
        assert m, "the kernel did not print its reboot memory line:\n" + self.serial[-2000:]
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(1))}

    def __getitem__(self, cmd):
        assert cmd in self.sections, f"no output for {cmd!r}:\n{self.out[-3000:]}"
        text = self.sections[cmd]
        assert not text.startswith("ERROR:") and "Traceback" not in text, f"{cmd}: {text}"
        return text


def build():
    """kernel.elf's path, built now (conftest's pagoda_kernel is per test)."""
    try:
        kernel = pagoda.build_kernel()
    except pagoda.BootError as e:
        kernel, error = None, "\n".join(str(e).splitlines()[-30:])
    if kernel is None:
        pytest.fail(error, pytrace=False)
    return kernel


def run_session(tmp, ram, cmdline, breaks, commands, swap_probe=False, disk=None, cond=""):
    """Runs tools/debug.sh (`make debug`) in gdb batch mode: stop at the first
    of the functions 'breaks' hit after start_kernel (where gdb expression
    cond holds, if given), run the check script with these commands;
    returns (gdb's output, the serial log)."""
    script = tmp / "check.py"
    script.write_text(f"COMMANDS = {commands!r}\nSWAP_PROBE = {swap_probe!r}\n" + CHECK_SCRIPT)
    serial = tmp / "serial.log"
    env = dict(os.environ, GDB_PORT=str(free_port()), PAGODA_NO_BUILD="1",
               PAGODA_SERIAL_LOG=str(serial), PAGODA_BUILD=str(pagoda.build_dir()))
    if disk:
        env["PAGODA_DISK"] = str(disk)
    gdb_args = ["-batch"] + [a for b in breaks
                             for a in ("-ex", f"break {b}" + (f" if {cond}" if cond else ""))]
    gdb_args += ["-ex", "continue", "-x", str(script)]
    # Its own process group: on a timeout, gdb and QEMU go too, not just the shell.
    p = subprocess.Popen([str(pagoda.ROOT / "tools/debug.sh"), ram, cmdline] + gdb_args,
                         cwd=pagoda.ROOT, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=TIMEOUT * pagoda.timeout_scale())
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        pytest.fail("the gdb session timed out:\n" + out[-3000:], pytrace=False)
    log = pagoda.clean_serial(serial.read_text(errors="replace")) if serial.exists() else ""
    assert p.returncode == 0, out + "\nserial:\n" + log[-2000:]
    assert re.search(r"Breakpoint \d+, (%s) " % "|".join(breaks), out), \
        out + "\nserial:\n" + log[-2000:]
    return out, log


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    kernel = build()
    init = pagoda.build_dir() / "user" / "init"
    entry = elf_segments(init)[0]
    commands = ["pagoda-ps", "pagoda-dmesg", "pagoda-dmesg 3", "pagoda-buddyinfo",
                "pagoda-buddyinfo -v", "pagoda-slabinfo", "pagoda-vmas 1", "pagoda-vmas 0",
                "pagoda-pte &start_kernel", "pagoda-pte &jiffies",
                f"pagoda-pte 0x{PAGE_OFFSET + DIRECT_MAP_PROBE:x}", "pagoda-pte 0",
                f"pagoda-pte 0x{entry:x}", f"pagoda-pte 0x{entry:x} 1",
                "info address start_kernel"]
    out, log = run_session(tmp_path_factory.mktemp("gdb"), "128M", "run=true",
                           ["machine_power_off"], commands)
    return Session(out, log, kernel, init)


def test_ps_shows_init_running(session):
    rows = {}
    for line in session["pagoda-ps"].splitlines()[1:]:
        m = re.match(r"([> ])\s*(\d+)\s+(\d+) (\S)\s+(\d+)\s+(\d+) (0x[0-9a-f]+) (.*)$", line)
        assert m, f"bad ps line: {line!r}"
        rows[int(m.group(2))] = m.groups()
    assert rows[0][7] == "[swapper]" and rows[0][0] == " "
    running, _, ppid, state, vsz, rss, _, comm = rows[1]
    assert (running, comm, state, ppid) == (">", "init", "R", "0"), rows[1]
    assert [r for r in rows.values() if r[0] == ">"] == [rows[1]]
    # RSS (KiB) from the counters = the pages the page-table walk found.
    walked = re.search(r"walked: (\d+) present", session["pagoda-vmas 1"])
    assert int(rss) == int(walked.group(1)) * 4 and int(rss) > 0
    assert int(vsz) == int(re.search(r"total_vm (\d+)", session["pagoda-vmas 1"]).group(1)) * 4
    # Kernel threads: no mm, shown in brackets.
    assert any(r[7] == "[kswapd0]" and r[5] == "0" for r in rows.values()), rows


def stamp(line):
    """The seconds of a printk line's '[    0.123456] ' prefix."""
    return float(line[1:line.index("]")])


def test_dmesg_holds_what_the_console_printed(session):
    dmesg = session["pagoda-dmesg"].splitlines()
    console = [line for line in session.serial.splitlines() if pagoda.PRINTK_PREFIX.match(line)]
    assert len(console) > 20, session.serial
    # The ring keeps the newest 64 KiB: if it wrapped, its first line is cut.
    stamps = [stamp(line) for line in dmesg[1:] if pagoda.PRINTK_PREFIX.match(line)]
    if not pagoda.PRINTK_PREFIX.match(dmesg[0]):
        console = [line for line in console if stamp(line) >= stamps[0]]
    it = iter(dmesg)
    missing = [line for line in console if line not in it]
    assert not missing, f"console lines not in pagoda-dmesg, in order: {missing[:5]}"
    assert dmesg[-1].endswith("] reboot: Power down"), dmesg[-3:]
    assert session["pagoda-dmesg 3"].splitlines() == dmesg[-3:]


def test_buddyinfo_matches_the_kernels_free_count(session):
    out = session["pagoda-buddyinfo"]
    zones = re.findall(r"^Node 0, zone\s+(\S+) ((?:\s*\d+ ){11})$", out, re.M)
    assert [z for z, _ in zones][:2] == ["DMA", "DMA32"], out
    free = sum(int(c) << order for _, counts in zones for order, c in enumerate(counts.split()))
    assert free == session.reboot["free"], (free, session.reboot)
    assert f"total: {free} free pages ({free * 4} kB)" in out
    for pages, counter, pcp in re.findall(
            r"zone\s+\S+: (\d+) free pages \(NR_FREE_PAGES (\d+)\), (\d+) on per-CPU", out):
        assert pages == counter and pcp == "0", out	# drained by the reboot line
    verbose = session["pagoda-buddyinfo -v"]
    assert "free lists: consistent with nr_free" in verbose, verbose
    assert "MISMATCH" not in verbose
    by_type = re.findall(r"^Node\s+0, zone\s+\S+, type\s+\S+ ((?:\s*\d+ ){11})$", verbose, re.M)
    assert len(by_type) == 3 * len(zones)
    assert sum(int(c) << o for counts in by_type for o, c in enumerate(counts.split())) == free


def test_slabinfo_matches_the_kernels_slab_pages(session):
    out = session["pagoda-slabinfo"]
    lines = out.splitlines()
    assert lines[0] == "slabinfo - version: 2.1" and lines[1].startswith("# name ")
    caches = {}
    for line in lines[2:-1]:
        m = re.match(r"(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) : tunables\s+0\s+0\s+0 : "
                     r"slabdata\s+(\d+)\s+(\d+)\s+0$", line)
        assert m, f"bad slabinfo line: {line!r}"
        name, *nums = m.groups()
        caches[name] = [int(n) for n in nums]
    pages = sum(c[6] * c[4] for c in caches.values())
    assert pages == session.reboot["slab"], (pages, session.reboot)
    assert lines[-1] == f"total: {pages} slab pages ({pages * 4} kB)"
    for name in ("kmem_cache", "kmalloc-64", "task_struct"):
        assert name in caches, caches.keys()
    for active, total, _, per_slab, _, active_slabs, slabs in caches.values():
        assert active <= total == slabs * per_slab and active_slabs <= slabs
    tasks = len(session["pagoda-ps"].splitlines()) - 2	# header, static swapper
    assert caches["task_struct"][0] == tasks, (caches["task_struct"], tasks)


def test_vmas_of_init_match_its_elf(session):
    out = session["pagoda-vmas 1"]
    vmas = [(int(s, 16), int(e, 16), perm, name) for s, e, perm, name in re.findall(
        r"^([0-9a-f]{16})-([0-9a-f]{16}) (\S{4}) [0-9a-f]{8}\s+\d+\s+\d+\s+[0-9a-f]+ ?(.*)$",
        out, re.M)]
    assert vmas, out
    entry, segs = elf_segments(session.init)
    for ptype, flags, _, vaddr, _, _, memsz in segs:
        if ptype != 1:
            continue
        want = ("r" if flags & 4 else "-") + ("w" if flags & 2 else "-") + \
               ("x" if flags & 1 else "-")
        start, end = vaddr & ~0xfff, (vaddr + memsz + 0xfff) & ~0xfff
        covering = [v for v in vmas if v[0] < end and v[1] > start]
        assert covering and covering[0][0] <= start, (hex(vaddr), vmas)
        assert all(v[2][:3] == want for v in covering if v[3] == "/init"), (want, covering)
    assert any(s <= entry < e and p == "r-xp" and n == "/init" for s, e, p, n in vmas), vmas
    assert any(e == STACK_TOP and n == "[stack]" for _, e, _, n in vmas), vmas
    counters = re.search(r"rss file (\d+) anon (\d+) shmem (\d+) swapents (\d+), "
                         r"page tables (\d+) pages", out)
    file_, anon, shmem, swap, tables = map(int, counters.groups())
    assert anon + shmem == session.reboot["init_rss"] and swap == 0
    assert tables == session.reboot["init_pgtables"]
    walked = re.search(r"walked: (\d+) present, (\d+) swapped, (\d+) outside every VMA, "
                       r"(\d+) page-table pages", out)
    assert walked, out
    assert walked.groups() == (str(file_ + anon + shmem), "0", "0", str(tables)), out
    assert "a kernel thread, no user address space" in session["pagoda-vmas 0"]


def pte_result(out):
    m = re.search(r"-> phys (0x[0-9a-f]+) \((\S+ \S+) page\): present, (\S+), (\S+), (\S+)$",
                  out, re.M)
    assert m, out
    return int(m.group(1), 16), m.group(2), m.group(3), m.group(4), m.group(5)


def test_pte_of_kernel_text_data_and_direct_map(session):
    addr = int(re.search(r"at address (0x[0-9a-f]+)", session["info address start_kernel"])
               .group(1), 16)
    out = session["pagoda-pte &start_kernel"]
    assert len(re.findall(r"^  (PGD|PUD|PMD|PTE)\[", out, re.M)) == 4, out
    phys, size, rw, who, nx = pte_result(out)
    assert phys == addr - START_KERNEL_MAP
    assert (size, rw, who, nx) == ("4 KiB", "read-only", "kernel", "executable"), out
    assert session.phys[phys] == elf_bytes(session.kernel, addr, 32)
    _, _, rw, who, nx = pte_result(session["pagoda-pte &jiffies"])
    assert (rw, who, nx) == ("writable", "kernel", "NX")
    out = session[f"pagoda-pte 0x{PAGE_OFFSET + DIRECT_MAP_PROBE:x}"]
    phys, _, rw, who, nx = pte_result(out)
    assert (phys, rw, who, nx) == (DIRECT_MAP_PROBE, "writable", "kernel", "NX"), out
    assert session.phys[phys] == elf_bytes(session.kernel, DIRECT_MAP_PROBE, 32, physical=True)
    assert re.search(r"^0x0{16} -> not mapped: \S+ entry empty$", session["pagoda-pte 0"], re.M)


def test_pte_of_init_text_holds_the_file(session):
    entry = elf_segments(session.init)[0]
    out = session[f"pagoda-pte 0x{entry:x}"]
    cr3 = int(re.search(r"cr3 (0x[0-9a-f]+)", out).group(1), 16)
    pgd = int(re.search(r"pgd (0x[0-9a-f]+) \(phys\)", session["pagoda-vmas 1"]).group(1), 16)
    assert cr3 == pgd		# stopped in init's syscall: its page tables are loaded
    phys, size, rw, who, nx = pte_result(out)
    assert (size, rw, who, nx) == ("4 KiB", "read-only", "user", "executable"), out
    assert session.phys[phys] == elf_bytes(session.init, entry, 32)
    assert re.search(r"page 0x[0-9a-f]+: pfn 0x%x .* _mapcount \d+$" % (phys >> 12), out, re.M)
    by_pid = session[f"pagoda-pte 0x{entry:x} 1"]
    assert pte_result(by_pid) == pte_result(out) and "pid 1's pgd" in by_pid


def mkswap_disk(path, mib=256):
    """A sparse raw image of mib MiB formatted by util-linux's mkswap (skip without it)."""
    mkswap = next((m for m in (shutil.which("mkswap"), "/usr/sbin/mkswap", "/sbin/mkswap")
                   if m and os.access(m, os.X_OK)), None)
    if not mkswap:
        pytest.skip("util-linux's mkswap is missing (Debian: util-linux, /usr/sbin/mkswap)")
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    subprocess.run([mkswap, str(path)], check=True, capture_output=True)


def test_vmas_and_pte_see_swapped_pages(tmp_path):
    """A 64 MiB guest with a swap disk runs memhog, which touches 64 MiB and
    sleeps: gdb stops it in nanosleep.  Every page of its mapping is either
    present or a swap entry in the page tables, the walk agrees with the
    mm's counters, and the swap entry pagoda-pte decodes for its first
    swapped page names the disk slot holding that page's data."""
    build()
    disk = tmp_path / "swap.img"
    mkswap_disk(disk)
    out, log = run_session(tmp_path, "64M", f"swap=/dev/vda run=memhog:--hold:1:{HOG_MIB}",
                           ["__x64_sys_nanosleep", "__x64_sys_clock_nanosleep"], [],
                           swap_probe=True, disk=disk,
                           cond='$_streq(pcpu_hot_area[0].current_task->comm, "memhog")')
    s = Session(out, log, None, None)
    assert "init: swapon /dev/vda: ok" in log, log[-2000:]
    pid = re.search(r"memhog: holding for 1 s \(pid (\d+)\)", log).group(1)
    base = int(re.search(r"memhog: mapped \d+ KiB \(\d+ pages\) at (0x[0-9a-f]+)", log)
               .group(1), 16)
    assert re.search(r"^>\s*%s\s+1 R .* memhog$" % pid, s["ps-probe"], re.M), s["ps-probe"]
    vmas = s["vmas-probe"]
    hog = re.search(r"^%016x-([0-9a-f]{16}) rw-p 0{8}\s+(\d+)\s+(\d+) " % base, vmas, re.M)
    assert hog, vmas
    end, present, swapped = int(hog.group(1), 16), int(hog.group(2)), int(hog.group(3))
    assert end - base == HOG_MIB << 20
    assert present + swapped == HOG_MIB << 8 and swapped > 0, vmas	# every page is somewhere
    file_, anon, shmem, swapents = map(int, re.search(
        r"rss file (\d+) anon (\d+) shmem (\d+) swapents (\d+)", vmas).groups())
    walked_present, walked_swapped = map(int, re.search(
        r"walked: (\d+) present, (\d+) swapped", vmas).groups())
    assert (walked_present, walked_swapped) == (file_ + anon + shmem, swapents), vmas
    probe = s["swap-probe"]
    m = re.search(r"^0x([0-9a-f]{16}) -> not present: swap entry type 0 offset (\d+)$",
                  probe, re.M)
    assert m, probe
    assert re.search(r"^  PTE\[\s*\d+\] @0x[0-9a-f]+ = 0x[0-9a-f]+  (?!P\b)", probe, re.M), probe
    index, slot = (int(m.group(1), 16) - base) >> 12, int(m.group(2))
    with open(disk, "rb") as f:
        f.seek(slot << 12)
        word = int.from_bytes(f.read(8), "little")
    assert word == PAGE_MAGIC ^ index, (hex(word), index, slot)
