"""tests/test_tour.py - docs/tour.md, typed the way a student types it.

The tour's code blocks are marked by their info string:

  ```host-shell     commands for the host's shell, run from the top of the tree
  ```pagoda-shell   commands typed at Pagoda's busybox prompt ("~ # ")
  ```gdb            commands typed at gdb's prompt ("(gdb) ")

(```text blocks are sample output, not run).  test_tour walks every command
of those blocks in document order and runs exactly that text:

  - a host command that starts a boot (`make run ...`, `tests/boot.py
    --interactive ...`) is started with its stdin and stdout on pipes - the
    serial console, as boot.boot_console() drives it - and the pagoda-shell
    lines that follow are typed at its prompt until `poweroff`, which must
    end QEMU with a power-off and the command with status 0;
  - `make debug ...` is started the same way: gdb reads the gdb lines that
    follow from the pipe and prints its "(gdb) " prompt after each, which
    splits the outputs; `quit` must end it with status 0;
  - other host commands run with `sh -c` and must exit 0.

Only two things differ from a student's terminal.  Host commands see
B=<build dir> and PAGODA_BUILD=<build dir> in their environment (make's
`B ?= build` and boot.py take them), and "build/" in a command is the test's
build directory, so that the test works on its own build and never writes
in build/; a free GDB_PORT is in the environment too.  And each shell line
is sent as `LINE; echo "@@N:$?"` (`LINE & echo ...` for a background job):
the marker, which the terminal's echo of the typed line cannot match, ends
the line's output and carries its exit status.  Like the student, the test
waits for what the tour says to wait for (memhog's "holding" line) before
typing on.

CHECKS has one function per distinct command: it checks the key lines the
tour shows, and where it can, their truth against a second source (the
buddy lists against MemFree, memblock's hand-off against the zones'
managed pages, the OOM victim against the task table's scores, a swap
entry against the bytes in the disk image).  A tour command without a
check, or a check without a command, fails test_every_tour_command_is_checked.
The walk boots four times: about two to three minutes under TCG.  Each
session's console (gdb's, for make debug) is kept in
<builddir>/test-logs/test_tour.log: what a student would have seen.
"""
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pytest

import boot as pagoda

TOUR = pagoda.ROOT / "docs" / "tour.md"
BLOCK = re.compile(r"^```(host-shell|pagoda-shell|gdb)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
BOOT_CMD = re.compile(r"(^|\s)make run\b|tests/boot\.py --interactive\b")
DEBUG_CMD = re.compile(r"(^|\s)make debug\b")
START_TIMEOUT = 900	# seconds to a boot's prompt: `make run` may have to rebuild
CMD_TIMEOUT = 180	# seconds per command (OOM with a full swap disk included)
HOST_TIMEOUT = 900	# seconds per plain host command (`make` builds)
PAGE_MAGIC = 0x6d656d686f670000	# user/memhog.c: page i's first word is PAGE_MAGIC ^ i


def tour_steps(text: Optional[str] = None) -> list[tuple[str, str]]:
    """[(kind, command)] of the tour's marked blocks, in order; blank lines skipped."""
    text = TOUR.read_text() if text is None else text
    steps = []
    for m in BLOCK.finditer(text):
        steps += [(m.group(1), line.strip()) for line in m.group(2).splitlines() if line.strip()]
    return steps


# --------------------------------------------------------------------------
# Running the steps.
# --------------------------------------------------------------------------

@dataclass
class Step:
    """One command as run: its output (without the typed line) and status."""
    kind: str
    cmd: str
    out: str
    status: Optional[int]
    since: int = 0		# the session's output position when it was typed


@dataclass
class Tour:
    """State shared by the checks of one walk through the tour."""
    builddir: Path
    con: Optional[pagoda.Console] = None	# the open boot or gdb session
    session: str = ""				# "shell" or "gdb"
    boot_cmd: str = ""
    steps: list[Step] = field(default_factory=list)
    notes: dict = field(default_factory=dict)	# what a check leaves for a later one
    n: int = 0

    @property
    def rel(self) -> str:
        try:
            return os.path.relpath(self.builddir, pagoda.ROOT)
        except ValueError:
            return str(self.builddir)

    def host_text(self, cmd: str) -> str:
        """The command with "build/" meaning the test's build directory."""
        return re.sub(r"(?<![\w./-])build/", self.rel + "/", cmd)

    def output(self) -> str:
        return self.con.output if self.con else ""

    def wait_re(self, pattern: str, since: int, timeout: float = CMD_TIMEOUT) -> re.Match:
        """Waits until pattern (re.M) matches the session's output after since."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout * pagoda.timeout_scale()
        while True:
            m = rx.search(self.con.output, since)
            if m:
                return m
            if time.monotonic() > deadline or self.con.proc.poll() is not None:
                time.sleep(0.5)		# the last bytes of a dead QEMU
                m = rx.search(self.con.output, since)
                if m:
                    return m
                tail = "\n".join(self.con.output[since:].splitlines()[-40:])
                raise AssertionError(f"waited for /{pattern}/ in vain; the session shows:\n{tail}")
            time.sleep(0.1)


def start_session(tour: Tour, cmd: str, kind: str) -> Step:
    """Starts a boot (`make run`) or gdb (`make debug`) session for host command cmd."""
    assert tour.con is None, f"{cmd!r}: the previous session ({tour.boot_cmd!r}) is still open"
    # setsid: the command leads its own process group, which the test can end whole.
    tour.con = pagoda.Console(["setsid", "sh", "-c", tour.host_text(cmd)])
    tour.session, tour.boot_cmd = kind, cmd
    if kind == "shell":
        m = tour.wait_re(r"^BusyBox v.*\n(.*\n)*?~ # ", 0, START_TIMEOUT)
    else:
        m = tour.wait_re(r"pagoda\.gdb: stopped in start_kernel.*\n(\(gdb\) )", 0, START_TIMEOUT)
    tour.notes["prompt_at"] = m.end()
    return Step("host-shell", cmd, tour.con.output[:m.end()], None)


def save_transcript(tour: Tour) -> None:
    """Appends the session's console to <builddir>/test-logs/test_tour.log."""
    log = tour.builddir / "test-logs" / "test_tour.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a") as f:
        f.write(f"===== {tour.boot_cmd}\n{tour.con.output}\n")


def end_session(tour: Tour, step: Step, timeout: float = 60) -> None:
    result = tour.con.wait(timeout=timeout)
    save_transcript(tour)
    step.out = tour.con.output[step.since:]
    step.status = result.exitcode
    tour.notes["session_log"] = tour.con.output
    tour.con = None
    assert not pagoda.oops_lines(result.log), "\n".join(result.log.splitlines()[-40:])


def run_shell(tour: Tour, cmd: str) -> Step:
    """Types cmd at the busybox prompt; returns its output and exit status."""
    assert tour.con and tour.session == "shell", f"{cmd!r}: no Pagoda shell is running"
    con = tour.con
    since = len(con.output)
    if cmd == "poweroff":
        con.send_line(cmd)
        step = Step("pagoda-shell", cmd, "", None, since)
        tour.wait_re(r"init: SIGUSR2 received: powering off", since)
        end_session(tour, step)
        return step
    tour.n += 1
    tag = 1000 + tour.n
    background = cmd.endswith("&")
    con.send_line(f'{cmd}{" " if background else "; "}echo "@@$(({tag}+0)):$?"')
    echoed = tour.wait_re(r':\$\?"\n', since)
    marker = tour.wait_re(rf"@@{tag}:(\d+)\n", echoed.end())
    tour.wait_re(r"# ", marker.end())
    out = con.output[echoed.end():marker.start()]
    return Step("pagoda-shell", cmd, out, None if background else int(marker.group(1)), since)


def run_gdb(tour: Tour, cmd: str) -> Step:
    """Types cmd at gdb's prompt; returns what gdb printed before its next prompt."""
    assert tour.con and tour.session == "gdb", f"{cmd!r}: gdb is not running"
    start = tour.notes["prompt_at"]
    since = len(tour.con.output)
    tour.con.send_line(cmd)
    if cmd == "quit":
        step = Step("gdb", cmd, "", None, since)
        end_session(tour, step)
        return step
    m = tour.wait_re(r"\(gdb\) ", max(start, since))
    tour.notes["prompt_at"] = m.end()
    return Step("gdb", cmd, tour.con.output[max(start, since):m.start()], None, since)


def run_host(tour: Tour, cmd: str) -> Step:
    """Runs a host command (a boot or gdb session starts one)."""
    if BOOT_CMD.search(cmd):
        return start_session(tour, cmd, "shell")
    if DEBUG_CMD.search(cmd):
        return start_session(tour, cmd, "gdb")
    text = tour.host_text(cmd)
    # Another test may be building this directory: take boot.py's lock for a make.
    lock = pagoda._build_lock(tour.builddir) if re.match(r"make\b", text) else None
    try:
        if lock:
            lock.__enter__()
        p = subprocess.run(["sh", "-c", text], cwd=pagoda.ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=HOST_TIMEOUT * pagoda.timeout_scale())
    finally:
        if lock:
            lock.__exit__(None, None, None)
    return Step("host-shell", cmd, p.stdout, p.returncode)


RUNNERS = {"host-shell": run_host, "pagoda-shell": run_shell, "gdb": run_gdb}


# --------------------------------------------------------------------------
# The checks: what the tour says each command shows.
# --------------------------------------------------------------------------

def has(step: Step, *patterns: str) -> list[re.Match]:
    """Each pattern (re.M) is in the step's output; returns the matches."""
    found = []
    for p in patterns:
        m = re.search(p, step.out, re.M)
        assert m, f"{step.cmd!r}: no /{p}/ in its output:\n{step.out[-3000:]}"
        found.append(m)
    return found


def ok(step: Step, status: int = 0) -> None:
    assert step.status == status, \
        f"{step.cmd!r} exited with {step.status}, not {status}:\n{step.out[-3000:]}"


def log_has(tour: Tour, *patterns: str) -> list[re.Match]:
    """Patterns in the current session's whole output (the boot log included)."""
    out = []
    for p in patterns:
        m = re.search(p, tour.output(), re.M)
        assert m, f"no /{p}/ in the boot log:\n{tour.output()[-3000:]}"
        out.append(m)
    return out


def check_make(tour, step):
    ok(step)
    assert (tour.builddir / "pagoda.iso").exists() and (tour.builddir / "kernel.elf").exists()


def check_make_run(tour, step):
    # The memory lines of section 1, each in Linux's words.
    log_has(tour, r"BIOS-e820: \[mem 0x0000000000100000-0x[0-9a-f]{16}\] usable$",
            r"^\[[ \d.]+\] Zone ranges:$", r"^\[[ \d.]+\]   DMA32    \[mem ",
            r"zone DMA32: free \d+ min \d+ low \d+ high \d+ managed \d+",
            r"Memory: \d+K/\d+K available \(", r"Freeing initrd memory: \d+K$",
            r"init: memory baseline: free=\d+ slab=\d+ pgtables=\d+")
    assert "memblock_reserve" not in tour.output(), "memblock talks without memblock=debug"


def check_make_run_memblock(tour, step):
    log_has(tour, r"Command line: memblock=debug$",
            r"memblock_reserve: \[0x[0-9a-f]{16}-0x[0-9a-f]{16}\] \w+\+0x",
            r"memblock_alloc: \d+ bytes align=0x[0-9a-f]+ .* (kernel_pte_alloc|vmemmap_populate)\+")


def check_boot_swap(tour, step):
    log_has(tour, r"Adding 131068k swap on /dev/vda\.  Priority:-2 extents:1 across:131068k",
            r"^init: swapon /dev/vda: ok$")


def check_make_debug(tour, step):
    assert "Breakpoint 1, start_kernel" in step.out, step.out[-2000:]


def check_swapdisk(tour, step):
    ok(step)
    img = tour.builddir / "swap.img"
    assert img.stat().st_size == 128 << 20
    with open(img, "rb") as f:
        page0 = f.read(4096)
    assert page0[-10:] == b"SWAPSPACE2", page0[-10:]
    assert page0[1024] == 1, "mkswap's header: version 1"


def check_dmesg_memory(tour, step):
    ok(step)
    has(step, r"^\[[ \d.]+\] Zone ranges:$", r"^\[[ \d.]+\] zone DMA: free \d+ min",
        r"^\[[ \d.]+\] zone DMA32: free \d+ min \d+ low \d+ high \d+",
        r"^\[[ \d.]+\] Memory: \d+K/\d+K available", r"init: memory baseline: free=\d+")
    # dmesg (syslog(2)) holds the same lines the console printed while booting.
    for line in step.out.splitlines():
        assert line in tour.output()[:step.since], f"{line!r} is not in the boot log"


def buddy_free_pages(text):
    rows = re.findall(r"^Node 0, zone\s+(\S+)((?:\s+\d+){11})\s*$", text, re.M)
    assert [z for z, _ in rows][:2] == ["DMA", "DMA32"], text
    return sum(int(c) << o for _, counts in rows for o, c in enumerate(counts.split()))


def check_buddyinfo(tour, step):
    ok(step)
    tour.notes["buddy_free_kb"] = buddy_free_pages(step.out) * 4
    # Just after boot most free memory is in unsplit order-10 blocks.
    dma32 = re.search(r"zone\s+DMA32((?:\s+\d+){11})", step.out).group(1).split()
    assert int(dma32[10]) << 10 > buddy_free_pages(step.out) // 2, step.out


def check_meminfo_grep(tour, step):
    ok(step)
    total, free, swap = (int(m.group(1)) for m in has(
        step, r"^MemTotal:\s+(\d+) kB$", r"^MemFree:\s+(\d+) kB$", r"^SwapTotal:\s+(\d+) kB$"))
    assert swap == 0 and 100 << 10 < total <= 128 << 10, step.out
    # MemFree is the buddy allocator's count: what buddyinfo's lists held a moment ago.
    assert abs(free - tour.notes["buddy_free_kb"]) <= 1024, (free, tour.notes["buddy_free_kb"])


def check_poweroff(tour, step):
    assert step.status == 0, f"{tour.boot_cmd!r} exited with {step.status}"
    assert re.search(r"reboot: Power down", tour.notes["session_log"]), \
        tour.notes["session_log"][-2000:]


def check_memblock_config(tour, step):
    ok(step)
    has(step, r"MEMBLOCK configuration:$", r"memory\.cnt  = 0x2$",
        r"memory\[0x1\]\s+\[0x0000000000100000-0x[0-9a-f]{16}\]",
        r"reserved\[0x0\]\s+\[0x0000000000000000-0x[0-9a-f]{16}\]",
        r"reserved\[0x2\]\s+\[0x[0-9a-f]{16}-0x0000000007fdffff\]")	# the top of 128 MiB


def check_memblock_free_all(tour, step):
    ok(step)
    pages = int(has(step, r"memblock_free_all: (\d+) pages to the buddy allocator$")[0].group(1))
    # Every page memblock handed over is a page the zones manage.
    managed = sum(int(m) for m in re.findall(r"zone \w+: free \d+ min \d+ low \d+ high \d+ "
                                            r"managed (\d+)", tour.output()))
    assert pages == managed, (pages, managed)


def check_memhog_help(tour, step):
    ok(step)
    has(step, r"^usage: memhog \[options\] SIZE$", r"--hold SECS", r"--steps N", r"--delay MS")


def check_free(tour, step):
    ok(step)
    total, used, free = map(int, has(step, r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)")[0].groups())
    swap_total = int(has(step, r"^Swap:\s+(\d+)\s+\d+\s+\d+")[0].group(1))
    assert swap_total == (131068 if "swap=/dev/vda" in tour.boot_cmd else 0), step.out
    state = tour.notes.get("hog")
    if state == "holding":		# section 3: memhog holds 64 MiB
        assert used >= tour.notes["used_before"] + (60 << 10), (used, tour.notes["used_before"])
        tour.notes["used_holding"] = used
    elif state == "freed":		# and gave it back
        assert used <= tour.notes["used_holding"] - (60 << 10), (used, tour.notes["used_holding"])
        tour.notes["hog"] = None
    else:
        tour.notes["used_before"] = used


def check_memhog_bg64(tour, step):
    m = tour.wait_re(r"^memhog: holding for 10 s \(pid (\d+)\)$", step.since)
    seen = tour.output()[step.since:m.end()]
    assert re.search(r"^memhog: mapped 65536 KiB \(16384 pages\) at 0x[0-9a-f]+$", seen, re.M)
    assert re.search(r"^memhog: touched 16384 pages$", seen, re.M), seen
    tour.notes["hog"] = "holding"


def check_status_rss(tour, step):
    ok(step)
    rss, anon = (int(m.group(1)) for m in has(step, r"^VmRSS:\s+(\d+) kB$",
                                              r"^RssAnon:\s+(\d+) kB$"))
    assert anon >= 65536 and rss >= anon, step.out


def check_wait(tour, step):
    ok(step)
    seen = tour.output()[step.since:]
    for p in (r"memhog: freed 16384 KiB \(step 4/4\)", r"memhog: done: VmRSS \d+ kB"):
        assert re.search(p, seen), seen[-2000:]
    tour.notes["hog"] = "freed"


def check_maps(tour, step):
    ok(step)
    has(step, r"^00400000-[0-9a-f]{8} r--p 00000000 00:\d\d \d+ +/bin/busybox$",
        r"^[0-9a-f]{8}-[0-9a-f]{8} r-xp [0-9a-f]{8} 00:\d\d \d+ +/bin/busybox$",
        r"^[0-9a-f]{8}-[0-9a-f]{8} rw-p 00000000 00:00 0 +\[heap\]$",
        r"^[0-9a-f]+-7ffffffff000 rw-p 00000000 00:00 0 +\[stack\]$")
    # Linux's layout: the name starts in column 74 (73 characters before it).
    for line in step.out.splitlines():
        assert line.index("/" if "/" in line else "[") == 73, repr(line)


def check_pagemap_demo(tour, step):
    ok(step)
    has(step, r"^[0-9a-f]{16}-[0-9a-f]{16} rw-p\s+1024 kB\s+512 kB\s+0 kB  \[ anon \]$")


def check_pagemap_pv(tour, step):
    ok(step)
    has(step, r"from /proc/self/maps and pagemap$",
        r"^[0-9a-f]{16}-[0-9a-f]{16} rw-p\s+1024 kB\s+512 kB\s+0 kB  \[ anon \]\n\s+(#\.){32} ",
        r"^[0-9a-f]{16}-00007ffffffff000 rw-p\s+\d+ kB\s+\d+ kB\s+0 kB  \[stack\]\n\s+\.+#+ ")


def check_proc_swaps(tour, step):
    ok(step)
    has(step, r"^Filename\t+Type\t+Size\t+Used\t+Priority$",
        r"^/dev/vda\s+partition\t131068\t+\d+\t+-2$")


def check_memhog_bg96(tour, step):
    tour.wait_re(r"^memhog: mapped 98304 KiB \(24576 pages\) at 0x[0-9a-f]+$", step.since)
    tour.notes["hog96_since"] = step.since


def check_mmstat(tour, step):
    ok(step)
    has(step, r"^\s+free\s+anon\s+swpd\s+swcache\s+minor\s+major\s+in\s+out\s+kscan\s+ksteal"
              r"\s+dscan\s+dsteal\s+kill$")
    rows = [list(map(int, l.split())) for l in step.out.splitlines()
            if re.fullmatch(r"(\s+\d+){13}", l)]
    assert len(rows) == 6, step.out
    # Swap filled: swpd grew, pages went out, kswapd or direct reclaim stole them.
    assert max(r[2] for r in rows) > 16 << 10, rows
    assert sum(r[7] for r in rows[1:]) > 0 and sum(r[9] + r[11] for r in rows[1:]) > 0, rows
    # free bottoms out near the zones' min watermarks (boot log, in pages), not at zero.
    mins = re.findall(r"zone \w+: free \d+ min (\d+) ", tour.output())
    assert mins and min(r[0] for r in rows) >= sum(int(m) for m in mins) * 4 * 3 // 4, (mins, rows)
    # Like the reader, wait until memhog holds all of its memory.
    tour.wait_re(r"^memhog: holding for 60 s \(pid \d+\)$", tour.notes["hog96_since"])


def check_pagemap_pid(tour, step):
    ok(step)
    has(step, r"^pagemap: pid \d+ \(memhog\), from /proc/\d+/smaps$")
    size, rss, swap = map(int, has(step, r"^[0-9a-f]{16}-[0-9a-f]{16} rw-p\s+(98304) kB"
                                         r"\s+(\d+) kB\s+(\d+) kB  \[ anon \]$")[0].groups())
    assert swap > 0 and rss + swap == size, step.out	# every page is in RAM or on the disk


def check_status_swap(tour, step):
    ok(step)
    rss, swap = (int(m.group(1)) for m in has(step, r"^VmRSS:\s+(\d+) kB$",
                                              r"^VmSwap:\s+(\d+) kB$"))
    assert swap > 16 << 10 and rss + swap >= 98304, step.out


def check_kill(tour, step):
    ok(step)


def check_overcommit(tour, step):
    ok(step)


def check_oom(tour, step):
    ok(step, 137)			# 128 + SIGKILL
    has(step, r"^Killed$",
        r"memhog invoked oom-killer: gfp_mask=0x100cca\(GFP_HIGHUSER_MOVABLE\), order=0, "
        r"oom_score_adj=0$", r"Mem-Info:$", r"Node 0 DMA32 free:\d+kB min:\d+kB low:\d+kB",
        r"Tasks state \(memory values in pages\):$",
        r"\[  pid  \]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name$")
    rows = {int(pid): (int(vm), int(rss), int(pt), int(sw), name) for pid, vm, rss, pt, sw, name in
            re.findall(r"\[\s*(\d+)\]\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+-?\d+ (\S+)$",
                       step.out, re.M)}
    victim = int(has(step, r"oom-kill:constraint=CONSTRAINT_NONE,.*,task=memhog,pid=(\d+),uid=0$")
                 [0].group(1))
    killed = has(step, r"Out of memory: Killed process (\d+) \(memhog\) total-vm:(\d+)kB, "
                       r"anon-rss:(\d+)kB, file-rss:\d+kB, shmem-rss:\d+kB, UID:0 pgtables:(\d+)kB")
    pid, total_vm_kb, _, pgtables_kb = map(int, killed[0].groups())
    assert pid == victim and rows[victim][4] == "memhog", rows
    vm, rss, pt_bytes, swapents, _ = rows[victim]
    assert vm * 4 == total_vm_kb and pt_bytes // 1024 == pgtables_kb, (rows[victim], killed[0][0])
    assert vm >= 65536 and swapents > 0, rows[victim]	# 256 MiB mapped, swap used
    # oom_badness: rss + swapents + page-table pages; the victim scores highest.
    score = {p: r[1] + r[3] + r[2] // 4096 for p, r in rows.items()}
    assert max(score, key=score.get) == victim, score


def check_gdb_pagoda(tour, step):
    has(step, r"^\s+pagoda-ps\s", r"^\s+pagoda-vmas PID\s", r"^\s+pagoda-pte ADDR \[PID\]\s",
        r"^\s+pagoda-buddyinfo", r"^\s+pagoda-dmesg")


def check_gdb_break(tour, step):
    has(step, r"^Breakpoint 2 at 0x[0-9a-f]+: file kernel/time\.c, line \d+\.$")


def check_gdb_continue(tour, step):
    has(step, r"^Breakpoint 2, __x64_sys_nanosleep \(")


def check_gdb_ps(tour, step):
    has(step, r"^\s+PID\s+PPID ST\s+VSZ\s+RSS TASK\s+COMM$", r"^\s+0\s+0 R .* \[swapper\]$",
        r"^\s+1\s+0 \S .* init$", r"^\s+\d+\s+1 \S .* \[kswapd0\]$")
    # memhog is pid 4 and on the CPU, as the tour says (it types `pagoda-vmas 4`).
    has(step, r"^>\s+4\s+1 R\s+\d+\s+\d+ 0x[0-9a-f]+ memhog$")


def check_gdb_vmas(tour, step):
    m = has(step, r"^00007ffff3fff000-00007ffff7fff000 rw-p 0{8}\s+(\d+)\s+(\d+) ")[0]
    present, swapped = int(m.group(1)), int(m.group(2))
    assert present + swapped == 16384 and swapped > 0 and present > 0, step.out
    # The walk agrees with the mm's counters.
    file_, anon, shmem, swapents = map(int, has(
        step, r"^counters: rss file (\d+) anon (\d+) shmem (\d+) swapents (\d+),")[0].groups())
    walked = has(step, r"^walked: (\d+) present, (\d+) swapped, 0 outside every VMA")[0]
    assert (int(walked.group(1)), int(walked.group(2))) == (file_ + anon + shmem, swapents)
    tour.notes["swapped_pages"] = swapped
    serial = (tour.builddir / "debug-serial.log").read_text(errors="replace")
    assert "memhog: mapped 65536 KiB (16384 pages) at 0x7ffff3fff000" in serial, serial[-2000:]
    assert "memhog: holding for 60 s (pid 4)" in serial, serial[-2000:]


PTE_LEVELS = r"^  PGD\[\s*\d+\] .*\n  PUD\[\s*\d+\] .*\n  PMD\[\s*\d+\] .*\n  PTE\[\s*\d+\] @0x[0-9a-f]+ = 0x[0-9a-f]+"


def check_gdb_pte_elf(tour, step):
    has(step, r"^0x0000000000400000: cr3 0x[0-9a-f]+$", PTE_LEVELS,
        r"^0x0000000000400000 -> phys 0x[0-9a-f]+ \(4 KiB page\): present, read-only, user, NX$")


def check_gdb_pte_first(tour, step):
    has(step, r"^0x00007ffff3fff000: cr3 0x[0-9a-f]+$",
        r"^  PGD\[255\] .*\n  PUD\[511\] .*\n  PMD\[415\] .*\n  PTE\[511\] @0x[0-9a-f]+ = 0x")
    m = re.search(r"^  PTE\[511\] @0x[0-9a-f]+ = (0x[0-9a-f]+)\s*\n0x00007ffff3fff000 -> "
                  r"not present: swap entry type 0 offset (\d+)$", step.out, re.M)
    if not m:		# the tour allows it: timing decides which pages went out
        print("tour: memhog's first page is still present")
        has(step, r"^0x00007ffff3fff000 -> phys 0x[0-9a-f]+ \(4 KiB page\): present, writable")
        return
    pte, slot = int(m.group(1), 16), int(m.group(2))
    assert pte & 1 == 0 and pte >> 9 == slot and (pte >> 1) & 31 == 0, hex(pte)
    # The slot on the disk holds memhog's page 0: its first word is PAGE_MAGIC ^ 0.
    with open(tour.builddir / "swap.img", "rb") as f:
        f.seek(slot * 4096)
        assert int.from_bytes(f.read(8), "little") == PAGE_MAGIC, slot


def check_gdb_pte_last(tour, step):
    has(step, PTE_LEVELS,
        r"^0x00007ffff7ffe000 -> phys 0x[0-9a-f]+ \(4 KiB page\): present, writable, user, NX$",
        r"^  page 0x[0-9a-f]+: pfn 0x[0-9a-f]+ flags 0x[0-9a-f]+ \[[^\]]*\blru\b[^\]]*"
        r"\bswapbacked\b[^\]]*\] _refcount \d+ _mapcount 0$")


def check_gdb_buddyinfo(tour, step):
    total = int(has(step, r"^total: (\d+) free pages \(\d+ kB\)$")[0].group(1))
    assert buddy_free_pages(step.out) == total
    assert total < 2048, total		# "almost empty": memhog holds the rest


def check_gdb_dmesg(tour, step):
    lines = step.out.splitlines()
    assert len(lines) == 3 and all(pagoda.PRINTK_PREFIX.match(l) for l in lines), lines


def check_gdb_quit(tour, step):
    assert step.status == 0, f"{tour.boot_cmd!r} exited with {step.status}:\n{step.out[-2000:]}"


Check = Callable[[Tour, Step], None]
CHECKS: dict[tuple[str, str], Check] = {
    ("host-shell", "make"): check_make,
    ("host-shell", "make run"): check_make_run,
    ("host-shell", "make run CMDLINE=memblock=debug"): check_make_run_memblock,
    ("host-shell", "make swapdisk SWAPSIZE=128M"): check_swapdisk,
    ("host-shell", "make run RAM=64M DISK=build/swap.img CMDLINE=swap=/dev/vda"): check_boot_swap,
    ("host-shell", 'make debug RAM=64M DISK=build/swap.img '
                   'CMDLINE="swap=/dev/vda run=memhog:--hold:60:64"'): check_make_debug,
    ("pagoda-shell", "dmesg | grep -E 'Zone|zone|Memory:|baseline'"): check_dmesg_memory,
    ("pagoda-shell", "cat /proc/buddyinfo"): check_buddyinfo,
    ("pagoda-shell", "grep -E 'MemTotal|MemFree|SwapTotal' /proc/meminfo"): check_meminfo_grep,
    ("pagoda-shell", "poweroff"): check_poweroff,
    ("pagoda-shell", "dmesg | grep -A 8 'MEMBLOCK configuration'"): check_memblock_config,
    ("pagoda-shell", "dmesg | grep memblock_free_all"): check_memblock_free_all,
    ("pagoda-shell", "memhog --help"): check_memhog_help,
    ("pagoda-shell", "free"): check_free,
    ("pagoda-shell", "memhog -t 10 -s 4 -d 500 64 &"): check_memhog_bg64,
    ("pagoda-shell", "grep -E 'VmRSS|RssAnon' /proc/$!/status"): check_status_rss,
    ("pagoda-shell", "wait"): check_wait,
    ("pagoda-shell", "cat /proc/self/maps"): check_maps,
    ("pagoda-shell", "pagemap --demo"): check_pagemap_demo,
    ("pagoda-shell", "pagemap --demo -p -v"): check_pagemap_pv,
    ("pagoda-shell", "cat /proc/swaps"): check_proc_swaps,
    ("pagoda-shell", "memhog -t 60 96 &"): check_memhog_bg96,
    ("pagoda-shell", "mmstat 1 6"): check_mmstat,
    ("pagoda-shell", "pagemap $!"): check_pagemap_pid,
    ("pagoda-shell", "grep -E 'VmRSS|VmSwap' /proc/$!/status"): check_status_swap,
    ("pagoda-shell", "kill $!"): check_kill,
    ("pagoda-shell", "echo 1 > /proc/sys/vm/overcommit_memory"): check_overcommit,
    ("pagoda-shell", "memhog 256"): check_oom,
    ("gdb", "pagoda"): check_gdb_pagoda,
    ("gdb", "break __x64_sys_nanosleep"): check_gdb_break,
    ("gdb", "continue"): check_gdb_continue,
    ("gdb", "pagoda-ps"): check_gdb_ps,
    ("gdb", "pagoda-vmas 4"): check_gdb_vmas,
    ("gdb", "pagoda-pte 0x400000"): check_gdb_pte_elf,
    ("gdb", "pagoda-pte 0x7ffff3fff000"): check_gdb_pte_first,
    ("gdb", "pagoda-pte 0x7ffff7ffe000"): check_gdb_pte_last,
    ("gdb", "pagoda-buddyinfo"): check_gdb_buddyinfo,
    ("gdb", "pagoda-dmesg 3"): check_gdb_dmesg,
    ("gdb", "quit"): check_gdb_quit,
}


# --------------------------------------------------------------------------
# The tests.
# --------------------------------------------------------------------------

def test_tour_blocks_parse():
    """The parser finds what a reader types, and only that."""
    sample = ("text\n```host-shell\nmake\n\nmake run\n```\n```text\nnot run\n```\n"
              "```pagoda-shell\nfree\n```\n```gdb \npagoda-ps\n```\n")
    assert tour_steps(sample) == [("host-shell", "make"), ("host-shell", "make run"),
                                  ("pagoda-shell", "free"), ("gdb", "pagoda-ps")]


def test_every_tour_command_is_checked():
    """A command added to the tour needs a check; a check, a command."""
    steps = set(tour_steps())
    assert steps, f"{TOUR}: no marked code blocks"
    assert not steps - CHECKS.keys(), f"tour commands without a check: {steps - CHECKS.keys()}"
    assert not CHECKS.keys() - steps, f"checks of commands not in the tour: {CHECKS.keys() - steps}"
    # Sessions open and close where the tour says: shell lines inside a boot, gdb in make debug.
    open_kind = None
    for kind, cmd in tour_steps():
        if kind == "host-shell" and (BOOT_CMD.search(cmd) or DEBUG_CMD.search(cmd)):
            assert open_kind is None, f"{cmd!r} starts a session while one is open"
            open_kind = "pagoda-shell" if BOOT_CMD.search(cmd) else "gdb"
        elif kind != "host-shell":
            assert kind == open_kind, f"{kind} line {cmd!r} outside its session"
            if cmd in ("poweroff", "quit"):
                open_kind = None
    assert open_kind is None, "the tour ends with a session still open"


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def test_tour(pagoda_kernel, monkeypatch):
    """Every command of docs/tour.md, typed in order, shows what the tour says."""
    builddir = pagoda.build_dir()
    tour = Tour(builddir)
    monkeypatch.chdir(pagoda.ROOT)
    monkeypatch.setenv("B", tour.rel)
    monkeypatch.setenv("PAGODA_BUILD", tour.rel)
    monkeypatch.setenv("GDB_PORT", str(free_port()))
    monkeypatch.delenv("PAGODA_NO_BUILD", raising=False)
    for name in ("RAM", "CMDLINE", "SMP", "EXTRA", "DISK", "SWAPSIZE", "PAGODA_DISK", "PAGODA_SERIAL_LOG"):
        monkeypatch.delenv(name, raising=False)
    (builddir / "test-logs" / "test_tour.log").unlink(missing_ok=True)
    swap = builddir / "swap.img"
    if swap.exists():
        swap.unlink()		# the tour makes it; a stale one would hide a broken step
    try:
        for kind, cmd in tour_steps():
            step = RUNNERS[kind](tour, cmd)
            tour.steps.append(step)
            CHECKS[(kind, cmd)](tour, step)
    except AssertionError as e:
        done = "\n".join(f"  {s.kind}: {s.cmd}" for s in tour.steps[-5:])
        raise AssertionError(f"{e}\n-- the tour's last steps run:\n{done}") from None
    finally:
        if tour.con is not None:
            save_transcript(tour)
            # make debug's gdb and QEMU, or make run's QEMU, must not outlive the test.
            try:
                os.killpg(tour.con.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            tour.con.close()
        swap.unlink(missing_ok=True)
