#!/usr/bin/env python3
"""tests/boot.py - boot Pagoda once in QEMU and report how the run ended.

This file is both the library the pytest scenarios use and a command for
people (instructors and graders script scenarios with it, so its flags and
exit statuses are stable; README "Testing"):

    python3 tests/boot.py --ram 64M --cmdline 'ktest=all' [--smp N]
        [--disk FILE] [--extra DIR] [--timeout S] [--accel tcg|kvm]
        [--interactive] [--log FILE]

What one boot does:
  1. build   `make B=<builddir> kernel initramfs` (builddir: env
             PAGODA_BUILD, default "build"): the kernel, the user programs
             and <builddir>/initramfs.cpio, under a file lock so that
             parallel boots do not race.  With --extra DIR, DIR's files are
             added to the initramfs's /bin: tools/mkinitramfs.sh packs them
             into <builddir>/extra/<hash of DIR's names and contents>/, so
             boots with different extras (in parallel too) do not collide.
  2. ISO     one GRUB ISO per (kernel, initramfs, command line), made by
             tools/mkiso.sh and cached as
             <builddir>/isos/<kernel+initramfs hash>-<cmdline hash>.iso;
             written under a temporary name and renamed, so parallel boots
             share it safely.
  3. QEMU    -accel tcg (kvm only when asked), -cpu max, -no-reboot,
             -boot d, isa-debug-exit on port 0xf4, -m RAM, -smp N.  Without a
             terminal the serial port is a pipe: the log is streamed (to
             stdout and/or a file) and a hard timeout is enforced.
  4. verdict from QEMU's exit status (DESIGN.md §6) and the log:

       status    boot.py exits  when
       pass      0              QEMU exited 33 and no oops/panic line
       fail      1              QEMU exited 35 and no oops/panic line
       panic     2              QEMU exited 37, or an oops/panic line appeared
       timeout   3              the run outlived its timeout
       error     4              QEMU could not start, printed nothing, or
                                exited with any other status

Every timeout is multiplied by env PAGODA_TIMEOUT_SCALE (default 1), for
slow hosts.  Env PAGODA_NO_BUILD=1 skips step 1 and boots the last build.
The serial log is kept as text: GRUB's terminal escape sequences and
carriage returns are removed so that the log reads cleanly.

`--interactive` (what `make run` uses) runs QEMU in the foreground with the
serial console on the terminal (-nographic: Ctrl-A x quits, Ctrl-A c is the
monitor) and KEEPS isa-debug-exit: a ktest run then ends QEMU by itself
(exit 0 pass, 1 fail, 2 panic), which is what a student running tests wants;
a panic ends it too, with the oops left on the screen.

The library API: boot(...) -> Result; boot_console(...) -> Console, a boot
whose serial console a script talks to (send(line), expect(text, timeout),
then wait() -> Result: the interactive-shell scenarios); and
parse_ktap(text) -> KtapReport, a parser for the kernel's KTAP test output
(DESIGN.md §7) that also reads the user programs' TAP.
"""
from __future__ import annotations

import argparse
import dataclasses
import fcntl
import hashlib
import os
import re
import selectors
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent

# QEMU's isa-debug-exit turns the kernel's write of v into exit status (v << 1) | 1.
QEMU_EXIT_PASS = 33
QEMU_EXIT_FAIL = 35
QEMU_EXIT_PANIC = 37

# boot.py's own exit statuses, one per Result.status.
EXIT_STATUS = {"pass": 0, "fail": 1, "panic": 2, "timeout": 3, "error": 4}

DEFAULT_TIMEOUT = 60.0		# seconds, before PAGODA_TIMEOUT_SCALE
NO_OUTPUT_LIMIT = 20.0		# QEMU silent this long from the start: it is stuck
PANIC_GRACE = 5.0		# after an oops or panic line, time for QEMU to exit by itself

PRINTK_PREFIX = re.compile(r"^\[\s*\d+\.\d+\] ")
# Terminal escape sequences (GRUB clears the screen, moves the cursor, ...).
ANSI_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")
# Lines that mean the kernel oopsed or panicked (after the printk prefix).
OOPS_LINE = re.compile(r"^(BUG:|Oops:|kernel BUG at )|Kernel panic - not syncing")


class BootError(Exception):
    """The kernel or the ISO could not be built; str() holds the output."""


def timeout_scale() -> float:
    """PAGODA_TIMEOUT_SCALE as a number (default 1)."""
    raw = os.environ.get("PAGODA_TIMEOUT_SCALE", "1")
    try:
        scale = float(raw)
    except ValueError:
        raise BootError(f"PAGODA_TIMEOUT_SCALE={raw!r} is not a number") from None
    if scale <= 0:
        raise BootError(f"PAGODA_TIMEOUT_SCALE={raw!r} must be positive")
    return scale


def build_dir() -> Path:
    """The build directory: env PAGODA_BUILD (relative to the repo root), default build/."""
    path = Path(os.environ.get("PAGODA_BUILD") or "build")
    return path if path.is_absolute() else ROOT / path


def strip_printk_prefix(line: str) -> str:
    """'[    0.123456] text' -> 'text'; other lines unchanged."""
    return PRINTK_PREFIX.sub("", line, count=1)


def clean_serial(text: str) -> str:
    """Drops terminal escape sequences and carriage returns from serial output."""
    return ANSI_ESCAPE.sub("", text).replace("\r", "")


def oops_lines(log: str) -> list[str]:
    """The log's oops and panic lines (printk prefix removed)."""
    lines = (strip_printk_prefix(line) for line in log.splitlines())
    return [line for line in lines if OOPS_LINE.search(line)]


# --------------------------------------------------------------------------
# KTAP (KUnit's TAP dialect): "KTAP version 1", "1..N", "ok N name",
# "not ok N name", "# diagnostics", nested suites indented by 4 spaces:
#
#   KTAP version 1
#   1..1
#       KTAP version 1
#       # Subtest: string
#       1..2
#       ok 1 memparse_handles_suffixes
#       # strscpy_truncates: EXPECTATION FAILED at kernel/lib/string_test.c:40
#       not ok 2 strscpy_truncates
#   not ok 1 string
#
# The result line of a nested suite follows it, one level out.
# --------------------------------------------------------------------------

KTAP_HEADER = re.compile(r"^K?TAP version \d+\s*$")
KTAP_PLAN = re.compile(r"^1\.\.(\d+)\s*(#.*)?$")
KTAP_SUBTEST = re.compile(r"^# Subtest: (.*?)\s*$")
KTAP_LOOKALIKE = re.compile(r"^(ok|not ok|1\.\.)(\s|-|\d|$)", re.IGNORECASE)
# A name may hold "\#" (TAP's escaped '#', user/tests/tap.h writes it).
KTAP_RESULT = re.compile(
    r"^(?P<ok>ok|not ok) (?P<num>\d+)(?: (?:- )?(?P<name>(?:[^#\\]|\\.)*?))?\s*"
    r"(?:#\s*(?P<directive>SKIP|TODO)\b\s*(?P<reason>.*?))?\s*$",
    re.IGNORECASE)


@dataclasses.dataclass
class KtapResult:
    """One "ok"/"not ok" line; a suite's line carries the suite as .subtest."""
    number: int
    name: str
    ok: bool
    path: str				# "suite.case" (suite names from the root down)
    directive: Optional[str] = None	# "SKIP" or "TODO"
    reason: str = ""
    diagnostics: list[str] = dataclasses.field(default_factory=list)
    subtest: Optional["KtapSuite"] = None

    @property
    def skipped(self) -> bool:
        return self.directive == "SKIP"


@dataclasses.dataclass
class KtapSuite:
    """A KTAP document or nested suite: its plan and its result lines."""
    indent: int
    name: Optional[str] = None
    plan: Optional[int] = None
    results: list[KtapResult] = dataclasses.field(default_factory=list)
    pending_diag: list[str] = dataclasses.field(default_factory=list)
    pending_name: Optional[str] = None		# a nested suite's "# Subtest:" seen

    def label(self) -> str:
        return self.name or ("(top level)" if self.indent == 0 else "(unnamed suite)")


@dataclasses.dataclass
class KtapReport:
    """What parse_ktap found: the tree, every result, and the problems."""
    root: Optional[KtapSuite]
    results: list[KtapResult]	# every result line, in log order (suites too)
    errors: list[str]		# plan and structure problems

    @property
    def found(self) -> bool:
        return self.root is not None

    @property
    def cases(self) -> list[KtapResult]:
        """The leaf results: test cases, not suites."""
        return [r for r in self.results if r.subtest is None]

    @property
    def failures(self) -> list[str]:
        """Paths of failed results: failed cases, and failed suites none of
        whose cases failed (say, a suite whose init failed)."""
        out = []
        for r in self.results:
            if r.ok or r.skipped:
                continue
            if r.subtest and any(not c.ok and not c.skipped for c in r.subtest.results):
                continue
            out.append(r.path)
        return out

    @property
    def skipped(self) -> list[str]:
        return [r.path for r in self.results if r.skipped]

    @property
    def passed(self) -> list[str]:
        return [r.path for r in self.cases if r.ok and not r.skipped]

    @property
    def ok(self) -> bool:
        """True when there is KTAP, no failure, and every plan is complete."""
        return self.found and not self.errors and not self.failures

    def find(self, path: str) -> Optional[KtapResult]:
        for r in self.results:
            if r.path == path:
                return r
        return None

    def summary(self) -> str:
        if not self.found:
            return "no KTAP output"
        s = (f"{len(self.passed)} passed, {len(self.failures)} failed, "
             f"{len(self.skipped)} skipped")
        if self.errors:
            s += "; " + "; ".join(self.errors)
        return s


class _KtapParser:
    """Line-at-a-time KTAP parser; kernel log lines around it are ignored."""

    def __init__(self):
        self.root: Optional[KtapSuite] = None
        self.stack: list[KtapSuite] = []	# open suites, outermost first
        self.results: list[KtapResult] = []
        self.errors: list[str] = []
        self.done = False			# the top-level document is complete

    def feed(self, raw: str) -> None:
        line = strip_printk_prefix(raw.rstrip())
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        if KTAP_HEADER.match(text):
            self._header(indent)
        elif self.stack:
            self._line(indent, text)

    def _header(self, indent: int) -> None:
        if self.root is None and indent == 0:
            self.root = KtapSuite(indent=0)
            self.stack = [self.root]
        elif self.stack and indent == self.stack[-1].indent + 4:
            parent = self.stack[-1]
            self.stack.append(KtapSuite(indent=indent, name=parent.pending_name))
            parent.pending_name = None
        elif self.root is not None and indent == 0:
            self.errors.append("a second top-level 'KTAP version' line")
        else:
            self.errors.append(f"'KTAP version' line at unexpected indent {indent}")

    def _suite_at(self, indent: int) -> Optional[int]:
        for i, suite in enumerate(self.stack):
            if suite.indent == indent:
                return i
        return None

    def _line(self, indent: int, text: str) -> None:
        level = self._suite_at(indent)
        top = self.stack[-1]
        m = KTAP_SUBTEST.match(text)
        if level is None:
            if m and indent == top.indent + 4:
                top.pending_name = m.group(1)	# TAP 14: the name before the header
            elif indent > top.indent:
                top.pending_diag.append(text)	# detail of an expectation failure
            return
        suite = self.stack[level]
        if m:
            if suite is self.root:
                suite.name = suite.name or m.group(1)
            elif suite.name is None and not suite.results:
                suite.name = m.group(1)		# KUnit: the name after the header
            return
        m = KTAP_PLAN.match(text)
        if m:
            if suite.plan is not None:
                self.errors.append(f"{suite.label()}: a second plan line")
            suite.plan = int(m.group(1))
            return
        m = KTAP_RESULT.match(text)
        if m:
            self._result(level, m)
        elif text.startswith("#"):
            suite.pending_diag.append(text)
        elif KTAP_LOOKALIKE.match(text):
            self.errors.append(f"{suite.label()}: malformed KTAP line: {text!r}")

    def _result(self, level: int, m: re.Match) -> None:
        suite = self.stack[level]
        child = None
        if len(self.stack) > level + 1:
            child = self.stack[level + 1]
            for lost in self.stack[level + 2:]:
                self.errors.append(f"{lost.label()}: suite ended without its result line")
            del self.stack[level + 1:]
        name = (m.group("name") or "").strip()
        if child is not None and child.name is None:
            child.name = name
        prefix = [s.name or "?" for s in self.stack[1:level + 1]]
        directive = m.group("directive")
        r = KtapResult(number=int(m.group("num")), name=name,
                       ok=m.group("ok").lower() == "ok",
                       path=".".join(prefix + [name]),
                       directive=directive.upper() if directive else None,
                       reason=m.group("reason") or "",
                       diagnostics=suite.pending_diag, subtest=child)
        suite.pending_diag = []
        if child is not None:
            self._fix_paths(child, r.path)
        self._check_number(suite, r)
        suite.results.append(r)
        self.results.append(r)
        if suite is self.root and suite.plan is not None and len(suite.results) >= suite.plan:
            self.done = True

    def _fix_paths(self, suite: KtapSuite, path: str) -> None:
        """Results inside a suite named only by its result line get the name now."""
        for r in suite.results:
            r.path = f"{path}.{r.name}"
            if r.subtest:
                self._fix_paths(r.subtest, r.path)

    def _check_number(self, suite: KtapSuite, r: KtapResult) -> None:
        expected = suite.results[-1].number + 1 if suite.results else 1
        if r.number != expected:
            self.errors.append(f"{suite.label()}: result numbered {r.number}, expected {expected}")
        if suite.plan is not None and r.number > suite.plan:
            self.errors.append(f"{suite.label()}: result {r.number} ({r.name}) is beyond "
                               f"the plan 1..{suite.plan}")

    def finish(self) -> KtapReport:
        if self.root is None:
            return KtapReport(None, [], ["no KTAP output (no 'KTAP version 1' line)"])
        for lost in self.stack[1:]:
            self.errors.append(f"{lost.label()}: suite ended without its result line "
                               "(the run stopped inside it?)")
            self._check_plan(lost)
        self._check_plan(self.root)
        return KtapReport(self.root, self.results, self.errors)

    def _check_plan(self, suite: KtapSuite) -> None:
        if suite.plan is None:
            self.errors.append(f"{suite.label()}: no plan line (1..N)")
        elif len(suite.results) < suite.plan:
            self.errors.append(f"{suite.label()}: short plan: 1..{suite.plan} planned, "
                               f"{len(suite.results)} reported")
        for r in suite.results:
            if r.subtest:
                self._check_plan(r.subtest)


def parse_ktap(log: str) -> KtapReport:
    """Parses the KTAP in a serial log (printk prefixes and other lines are fine)."""
    parser = _KtapParser()
    for line in log.splitlines():
        parser.feed(line)
    return parser.finish()


# --------------------------------------------------------------------------
# Building: the kernel, then one ISO per command line.
# --------------------------------------------------------------------------

def build_kernel(builddir: Optional[Path] = None) -> Path:
    """Runs `make B=builddir kernel initramfs` under a lock (the kernel, the
    user programs and <builddir>/initramfs.cpio); returns kernel.elf's path.
    Raises BootError with make's output when the build fails.  With env
    PAGODA_NO_BUILD set, does not build: the last kernel.elf is used."""
    builddir = builddir or build_dir()
    if os.environ.get("PAGODA_NO_BUILD"):
        return builddir / "kernel.elf"		# boot whatever was built last
    builddir.mkdir(parents=True, exist_ok=True)
    with _build_lock(builddir):
        proc = subprocess.run(["make", "-C", str(ROOT), f"B={builddir}", "kernel", "initramfs"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True)
    if proc.returncode != 0:
        raise BootError(f"`make B={builddir} kernel initramfs` failed:\n{proc.stdout}")
    return builddir / "kernel.elf"


class _build_lock:
    """The lock every build step of a build directory takes (make, packing)."""

    def __init__(self, builddir: Path):
        self.path = builddir / ".boot-build.lock"

    def __enter__(self):
        self.file = open(self.path, "w")
        fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        self.file.close()


def _dir_digest(extra: Path) -> str:
    """A hash of a directory's regular files: names, modes and contents."""
    h = hashlib.sha256()
    for f in sorted(p for p in extra.iterdir() if p.is_file()):
        h.update(f.name.encode() + b"\0" + oct(f.stat().st_mode & 0o777).encode() + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def initramfs_path(builddir: Optional[Path] = None, extra: Optional[os.PathLike] = None
                   ) -> Optional[Path]:
    """The initramfs to boot: <builddir>/initramfs.cpio, or with extra (a
    directory), one that also has extra's files in /bin, packed now (by
    tools/mkinitramfs.sh from the user programs already built) unless an
    identical one exists.  None when there is no initramfs (not built).
    Raises BootError if extra is not a directory or packing fails."""
    builddir = builddir or build_dir()
    base = builddir / "initramfs.cpio"
    if extra is None:
        return base if base.exists() else None
    extra = Path(extra).resolve()
    if not extra.is_dir():
        raise BootError(f"--extra {extra}: not a directory")
    if not (builddir / "user" / "init").exists():
        raise BootError(f"--extra: {builddir}/user/init does not exist: "
                        f"run `make B={builddir} initramfs`")
    where = builddir / "extra" / _dir_digest(extra)
    out = where / "initramfs.cpio"
    with _build_lock(builddir):
        where.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([str(ROOT / "tools/mkinitramfs.sh"), str(out), str(where / "stage"),
                               str(builddir / "user"), str(extra)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True)
    if proc.returncode != 0:
        raise BootError(f"tools/mkinitramfs.sh failed:\n{proc.stdout}")
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def make_iso(kernel: Path, cmdline: str, builddir: Optional[Path] = None,
             initramfs: Optional[Path] = None) -> Path:
    """The ISO booting kernel (and initramfs, if given) with cmdline, from
    the cache or made now.  Cached ISOs of other kernels and initramfses
    older than an hour are removed."""
    builddir = builddir or build_dir()
    isodir = builddir / "isos"
    isodir.mkdir(parents=True, exist_ok=True)
    recipe = (ROOT / "tools/mkiso.sh").read_bytes() + (ROOT / "iso/boot/grub/grub.cfg").read_bytes()
    initrd = initramfs.read_bytes() if initramfs else b"(no initramfs)"
    khash = _digest(kernel.read_bytes() + recipe + initrd)
    iso = isodir / f"{khash}-{_digest(cmdline.encode())}.iso"
    if iso.exists():
        return iso
    tmp = isodir / f".{iso.stem}.{os.getpid()}.{time.monotonic_ns()}.iso"
    env = dict(os.environ, PYTHON=sys.executable)
    proc = subprocess.run([str(ROOT / "tools/mkiso.sh"), str(tmp), str(kernel), cmdline]
                          + ([str(initramfs)] if initramfs else []),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, env=env)
    if proc.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise BootError(f"tools/mkiso.sh failed:\n{proc.stdout}")
    os.replace(tmp, iso)
    _prune_isos(isodir, khash)
    return iso


def _prune_isos(isodir: Path, keep_hash: str) -> None:
    now = time.time()
    for old in isodir.glob("*.iso"):
        try:
            if not old.name.startswith(keep_hash) and now - old.stat().st_mtime > 3600:
                old.unlink()
        except OSError:
            pass		# another boot removed it first


# --------------------------------------------------------------------------
# Running QEMU.
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Result:
    """How one boot ended."""
    status: str			# pass, fail, panic, timeout, error (see the top)
    exitcode: Optional[int]	# QEMU's exit status; None if killed or never started
    log: str			# the serial log, cleaned (clean_serial)
    log_path: Optional[Path]	# where the log was saved, if anywhere
    seconds: float		# wall time of the QEMU run
    message: str = ""		# why, for error/timeout: QEMU's stderr and more
    command: list[str] = dataclasses.field(default_factory=list)
    _ktap: Optional[KtapReport] = dataclasses.field(default=None, repr=False)

    @property
    def exit_status(self) -> int:
        """boot.py's exit status for this result."""
        return EXIT_STATUS[self.status]

    @property
    def ktap(self) -> KtapReport:
        if self._ktap is None:
            self._ktap = parse_ktap(self.log)
        return self._ktap

    @property
    def lines(self) -> list[str]:
        """The log's lines without printk prefixes."""
        return [strip_printk_prefix(line) for line in self.log.splitlines()]

    @property
    def oops(self) -> list[str]:
        return oops_lines(self.log)

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.log.splitlines()[-n:])


def qemu_command(iso: Path, ram: str = "128M", smp: int = 1, disk: Optional[str] = None,
                 accel: str = "tcg", interactive: bool = False,
                 log: Optional[str] = None) -> list[str]:
    """The QEMU command line for one boot (see the top of this file)."""
    qemu = os.environ.get("QEMU") or "qemu-system-x86_64"
    cmd = [qemu, "-accel", accel, "-cpu", "max", "-m", str(ram), "-smp", str(smp),
           "-no-reboot", "-boot", "d", "-cdrom", str(iso),
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if disk:
        cmd += ["-drive", f"file={disk},if=virtio,format=raw"]
    if not interactive:
        cmd += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    elif log:
        # -nographic's "mon:stdio" (Ctrl-A x quits, Ctrl-A c is the monitor), logged.
        cmd += ["-display", "none",
                "-chardev", f"stdio,id=con0,mux=on,logfile={log}",
                "-serial", "chardev:con0", "-mon", "chardev=con0,mode=readline"]
    else:
        cmd += ["-nographic"]
    return cmd


class _LineSink:
    """Collects serial bytes into clean lines; passes each to a callback and a file."""

    def __init__(self, on_line: Optional[Callable[[str], None]], log_file):
        self.partial = b""
        self.lines: list[str] = []
        self.on_line = on_line
        self.log_file = log_file
        self.panic_seen = False		# an oops or panic line went by

    def feed(self, data: bytes) -> None:
        self.partial += data
        *done, self.partial = self.partial.split(b"\n")
        for raw in done:
            self._emit(raw)

    def flush(self) -> None:
        if self.partial:
            self._emit(self.partial)
            self.partial = b""

    def _emit(self, raw: bytes) -> None:
        line = clean_serial(raw.decode("utf-8", errors="replace"))
        self.lines.append(line)
        if OOPS_LINE.search(strip_printk_prefix(line)):
            self.panic_seen = True
        if self.log_file:
            self.log_file.write(line + "\n")
            self.log_file.flush()
        if self.on_line:
            self.on_line(line)


def _verdict(exitcode: Optional[int], log: str, got_output: bool) -> tuple[str, str]:
    if not got_output:
        return "error", f"QEMU exited with status {exitcode} without printing anything"
    if exitcode == QEMU_EXIT_PANIC or oops_lines(log):
        return "panic", ""
    if exitcode == QEMU_EXIT_PASS:
        return "pass", ""
    if exitcode == QEMU_EXIT_FAIL:
        return "fail", ""
    return "error", (f"QEMU exited with status {exitcode}, not a Pagoda power-off "
                     "(33/35/37): a triple fault under -no-reboot, or QEMU failed")


def run_qemu(cmd: list[str], timeout: float, log_path: Optional[Path] = None,
             on_line: Optional[Callable[[str], None]] = None) -> Result:
    """Runs QEMU with the serial port on a pipe, at most timeout seconds
    (already scaled).  Never hangs: a silent or stuck QEMU is killed."""
    scale = timeout_scale()
    start = time.monotonic()
    log_file = open(log_path, "w") if log_path else None
    try:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
        except OSError as e:
            return Result("error", None, "", log_path, 0.0, f"cannot run {cmd[0]}: {e}", cmd)
        sink = _LineSink(on_line, log_file)
        stderr, why = _pump(proc, sink, start, timeout, scale)
        exitcode = proc.returncode
        sink.flush()
    finally:
        if log_file:
            log_file.close()
    seconds = time.monotonic() - start
    log = "\n".join(sink.lines) + ("\n" if sink.lines else "")
    err = stderr.decode("utf-8", errors="replace").strip()
    if why == "timeout":
        status, msg = "timeout", f"no power-off within {timeout:g} s (killed)"
        if sink.panic_seen or oops_lines(log):
            status, msg = "panic", f"oopsed, then no power-off within {timeout:g} s (killed)"
    elif why == "silent":
        status, msg = "error", f"QEMU printed nothing in {NO_OUTPUT_LIMIT * scale:g} s (killed)"
    elif why == "panic-hang":
        status, msg = "panic", (f"oopsed, then QEMU did not exit within "
                                f"{PANIC_GRACE * scale:g} s (killed)")
    else:
        status, msg = _verdict(exitcode, log, bool(sink.lines))
    if err:
        msg = (msg + "\n" if msg else "") + "QEMU's stderr:\n" + err
    return Result(status, exitcode if why is None else None, log, log_path, seconds, msg, cmd)


def _pump(proc: subprocess.Popen, sink: _LineSink, start: float, timeout: float,
          scale: float) -> tuple[bytes, Optional[str]]:
    """Moves QEMU's output into sink until QEMU exits or a limit is hit (then
    kills it).  Returns (stderr, None or why it was killed)."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "out")
    sel.register(proc.stderr, selectors.EVENT_READ, "err")
    stderr = b""
    got_output = False
    panic_at = None
    why = None
    while sel.get_map():
        now = time.monotonic()
        limits = [(start + timeout, "timeout")]
        if not got_output:
            limits.append((start + NO_OUTPUT_LIMIT * scale, "silent"))
        if panic_at is not None:
            limits.append((panic_at + PANIC_GRACE * scale, "panic-hang"))
        deadline, reason = min(limits)
        if now >= deadline:
            why = "timeout" if reason == "timeout" else reason
            break
        for key, _ in sel.select(min(deadline - now, 0.25)):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                sel.unregister(key.fileobj)
            elif key.data == "out":
                got_output = True
                sink.feed(data)
                if sink.panic_seen and panic_at is None:
                    panic_at = time.monotonic()
            else:
                stderr += data
    sel.close()
    if why is not None:
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        why = why or "timeout"
    if why is not None:
        # Whatever stderr QEMU still had buffered explains the failure best.
        stderr += _drain(proc.stderr)
    proc.stdout.close()
    proc.stderr.close()
    return stderr, why


def _drain(pipe) -> bytes:
    os.set_blocking(pipe.fileno(), False)
    try:
        return pipe.read() or b""
    except (BlockingIOError, ValueError, OSError):
        return b""


def _prepare(ram: str, cmdline: str, smp: int, disk: Optional[str], accel: Optional[str],
             build: bool, builddir: Optional[Path], extra: Optional[os.PathLike],
             interactive: bool = False, log: Optional[str] = None) -> list[str]:
    """Builds what is needed, makes the ISO; returns QEMU's command line."""
    builddir = Path(builddir) if builddir else build_dir()
    kernel = build_kernel(builddir) if build else builddir / "kernel.elf"
    if not kernel.exists():
        raise BootError(f"{kernel} does not exist: run `make B={builddir} kernel initramfs`")
    if disk and not Path(disk).exists():
        raise BootError(f"--disk {disk}: no such file")
    iso = make_iso(kernel, cmdline, builddir, initramfs_path(builddir, extra))
    accel = accel or os.environ.get("ACCEL") or "tcg"
    return qemu_command(iso, ram=ram, smp=smp, disk=disk, accel=accel,
                        interactive=interactive, log=log)


def boot(ram: str = "128M", cmdline: str = "", smp: int = 1, disk: Optional[str] = None,
         timeout: float = DEFAULT_TIMEOUT, accel: Optional[str] = None,
         log_path: Optional[os.PathLike] = None,
         on_line: Optional[Callable[[str], None]] = None, build: bool = True,
         builddir: Optional[Path] = None, extra: Optional[os.PathLike] = None) -> Result:
    """Boots Pagoda once without a terminal and returns how it ended.

    ram and smp are QEMU's -m and -smp; disk is a raw image attached as a
    virtio disk; extra is a directory whose files are added to the
    initramfs's /bin; timeout is in seconds before PAGODA_TIMEOUT_SCALE;
    accel is "tcg" (default, or env ACCEL) or "kvm".  The cleaned serial log
    goes to log_path (written as it arrives) and line by line to on_line.
    With build=False the kernel and initramfs must already be built.  Raises
    BootError when the kernel, the initramfs or the ISO cannot be built."""
    cmd = _prepare(ram, cmdline, smp, disk, accel, build, builddir, extra)
    if log_path is not None:
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)
    return run_qemu(cmd, timeout * timeout_scale(), log_path, on_line)


# --------------------------------------------------------------------------
# A boot driven over its serial console (the interactive-shell scenarios).
# --------------------------------------------------------------------------

class ConsoleTimeout(AssertionError):
    """expect() did not see its text in time; str() shows the console's end."""


class Console:
    """A running boot whose serial console is QEMU's stdin and stdout.

    send(text) types text (send_line adds the newline that Enter makes);
    expect(text, timeout) waits until text appears in the output after what
    earlier expect() calls consumed, and returns the output up to and
    including it; wait(timeout) waits for QEMU to end and returns the
    Result, judged as boot() judges (exit status, oops lines).  The whole
    output, cleaned, is .output; the log lines go to log_path as they come.
    Use it as a context manager: leaving the block kills a QEMU still
    running.  Input is not lost: QEMU stops reading its stdin while the
    guest's UART receive buffer is full."""

    def __init__(self, cmd: list[str], log_path: Optional[Path] = None):
        self.cmd = cmd
        self.log_path = log_path
        self.output = ""		# everything printed so far, cleaned
        self._pos = 0			# expect() has consumed output[:_pos]
        self._cond = threading.Condition()
        self._log_file = open(log_path, "w") if log_path else None
        self._sink = _LineSink(None, self._log_file)
        self._stderr = b""
        self._start = time.monotonic()
        self._result: Optional[Result] = None
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)
        except OSError as e:
            if self._log_file:
                self._log_file.close()
            raise BootError(f"cannot run {cmd[0]}: {e}") from None
        self._threads = [threading.Thread(target=self._pump_out, daemon=True),
                         threading.Thread(target=self._pump_err, daemon=True)]
        for t in self._threads:
            t.start()

    def _pump_out(self) -> None:
        while True:
            data = os.read(self.proc.stdout.fileno(), 65536)
            with self._cond:
                if not data:
                    self._sink.flush()
                    self._cond.notify_all()
                    return
                self._sink.feed(data)
                self.output += clean_serial(data.decode("utf-8", errors="replace"))
                self._cond.notify_all()

    def _pump_err(self) -> None:
        while True:
            data = os.read(self.proc.stderr.fileno(), 65536)
            if not data:
                return
            self._stderr += data

    def send(self, text: str) -> None:
        """Types text on the serial console."""
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass		# QEMU is gone: the next expect() says so

    def send_line(self, line: str) -> None:
        """Types line and Enter."""
        self.send(line + "\n")

    def expect(self, text: str, timeout: float = 30) -> str:
        """Waits (timeout seconds times PAGODA_TIMEOUT_SCALE) until text is in
        the output past the last match; returns the output up to its end.
        Raises ConsoleTimeout, with the end of the output, if it does not come
        (or QEMU exits first)."""
        deadline = time.monotonic() + timeout * timeout_scale()
        with self._cond:
            while True:
                at = self.output.find(text, self._pos)
                if at >= 0:
                    end = at + len(text)
                    seen, self._pos = self.output[self._pos:end], end
                    return seen
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and
                                 not self._threads[0].is_alive()):
                    tail = "\n".join(self.output[self._pos:].splitlines()[-30:])
                    why = "QEMU exited" if self.proc.poll() is not None else "timed out"
                    raise ConsoleTimeout(f"{why} waiting for {text!r}; the console shows:\n{tail}")
                self._cond.wait(min(left, 0.25))

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> Result:
        """Waits for QEMU to end (killing it after timeout seconds times
        PAGODA_TIMEOUT_SCALE) and returns the Result."""
        if self._result:
            return self._result
        why = None
        try:
            self.proc.wait(timeout=timeout * timeout_scale())
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            why = "timeout"
        for t in self._threads:
            t.join(timeout=10)
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        if self._log_file:
            self._log_file.close()
        log = "\n".join(self._sink.lines) + ("\n" if self._sink.lines else "")
        seconds = time.monotonic() - self._start
        if why == "timeout":
            status, msg = "timeout", f"no power-off within {timeout * timeout_scale():g} s (killed)"
            if oops_lines(log):
                status = "panic"
            code = None
        else:
            code = self.proc.returncode
            status, msg = _verdict(code, log, bool(self._sink.lines))
        err = self._stderr.decode("utf-8", errors="replace").strip()
        if err:
            msg = (msg + "\n" if msg else "") + "QEMU's stderr:\n" + err
        self._result = Result(status, code, log, self.log_path, seconds, msg, self.cmd)
        return self._result

    def close(self) -> None:
        """Kills QEMU if it still runs."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.wait(timeout=10)

    def __enter__(self) -> "Console":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def boot_console(ram: str = "128M", cmdline: str = "", smp: int = 1,
                 disk: Optional[str] = None, accel: Optional[str] = None,
                 log_path: Optional[os.PathLike] = None, build: bool = True,
                 builddir: Optional[Path] = None,
                 extra: Optional[os.PathLike] = None) -> Console:
    """Boots Pagoda with its serial console on pipes, for a script to drive:

        with boot.boot_console(cmdline="") as con:
            con.expect("$ ")
            con.send_line("echo hi")
            con.expect("hi")
            con.send_line("poweroff")
            r = con.wait(timeout=30)	# Result, as from boot()

    Arguments as for boot().  Raises BootError if it cannot be built."""
    cmd = _prepare(ram, cmdline, smp, disk, accel, build, builddir, extra)
    if log_path is not None:
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)
    return Console(cmd, log_path)


def boot_interactive(ram: str = "128M", cmdline: str = "", smp: int = 1,
                     disk: Optional[str] = None, accel: Optional[str] = None,
                     log: Optional[str] = None, extra: Optional[str] = None) -> int:
    """Boots on this terminal (`make run`): the serial console is stdin and
    stdout, Ctrl-A x quits.  Returns the exit status boot.py should end with."""
    builddir = build_dir()
    kernel = build_kernel(builddir)
    iso = make_iso(kernel, cmdline, builddir, initramfs_path(builddir, extra))
    accel = accel or os.environ.get("ACCEL") or "tcg"
    cmd = qemu_command(iso, ram=ram, smp=smp, disk=disk, accel=accel,
                       interactive=True, log=log)
    print("boot.py: Ctrl-A x quits QEMU, Ctrl-A c switches to its monitor", file=sys.stderr)
    try:
        code = subprocess.call(cmd)
    except OSError as e:
        print(f"boot.py: cannot run {cmd[0]}: {e}", file=sys.stderr)
        return EXIT_STATUS["error"]
    # Ctrl-A x ends QEMU with status 0; a ktest run ends it with 33/35/37.
    return {0: 0, QEMU_EXIT_PASS: 0, QEMU_EXIT_FAIL: 1,
            QEMU_EXIT_PANIC: 2}.get(code, EXIT_STATUS["error"])


# --------------------------------------------------------------------------
# The command.
# --------------------------------------------------------------------------

def _parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="boot.py", description="Boot Pagoda once in QEMU and report how the run ended.",
        epilog="exit status: 0 pass (QEMU 33), 1 fail (35), 2 panic or oops (37), "
               "3 timeout, 4 QEMU error.  Env: PAGODA_BUILD (build dir), "
               "PAGODA_TIMEOUT_SCALE (multiplies timeouts), ACCEL, QEMU.")
    p.add_argument("--ram", default="128M", help="guest RAM, QEMU -m syntax (default 128M)")
    p.add_argument("--cmdline", default="", help="kernel command line, e.g. 'ktest=all'")
    p.add_argument("--smp", type=int, default=1, help="number of CPUs (default 1)")
    p.add_argument("--disk", metavar="FILE", help="raw image attached as a virtio disk")
    p.add_argument("--extra", metavar="DIR",
                   help="add DIR's files to the initramfs's /bin (run them with run=NAME)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds before the run is killed (default {DEFAULT_TIMEOUT:g}, "
                        "times PAGODA_TIMEOUT_SCALE)")
    p.add_argument("--accel", choices=["tcg", "kvm"], default=None,
                   help="QEMU accelerator (default tcg, or env ACCEL)")
    p.add_argument("--interactive", action="store_true",
                   help="QEMU on this terminal, Ctrl-A x quits (make run)")
    p.add_argument("--log", metavar="FILE", help="also write the serial log to FILE")
    return p.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.interactive:
            return boot_interactive(args.ram, args.cmdline, args.smp, args.disk,
                                    args.accel, args.log, args.extra)
        result = boot(ram=args.ram, cmdline=args.cmdline, smp=args.smp, disk=args.disk,
                      timeout=args.timeout, accel=args.accel, log_path=args.log,
                      on_line=lambda line: print(line, flush=True), extra=args.extra)
    except BootError as e:
        print(f"boot.py: {e}", file=sys.stderr)
        return EXIT_STATUS["error"]
    except KeyboardInterrupt:
        return 130
    _report(result)
    return result.exit_status


def _report(result: Result) -> None:
    code = "killed" if result.exitcode is None else f"QEMU exit {result.exitcode}"
    print(f"boot.py: {result.status} ({code}) in {result.seconds:.2f} s", file=sys.stderr)
    k = result.ktap
    if k.found:
        print(f"boot.py: ktest: {len(k.passed)} passed, {len(k.failures)} failed, "
              f"{len(k.skipped)} skipped", file=sys.stderr)
        for path in k.failures:
            print(f"boot.py: not ok: {path}", file=sys.stderr)
        for error in k.errors[:10]:
            print(f"boot.py: KTAP: {error}", file=sys.stderr)
        if len(k.errors) > 10:
            print(f"boot.py: KTAP: ... {len(k.errors) - 10} more problems", file=sys.stderr)
    if result.message:
        print(f"boot.py: {result.message}", file=sys.stderr)
    if result.log_path:
        print(f"boot.py: serial log in {result.log_path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
