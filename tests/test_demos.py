"""tests/test_demos.py - the demo programs of issue 7: memhog, forkbomb-safe,
swapdemo, mmstat and pagemap (user/*.c).

They are teaching tools, not TAP tests, so this file judges their output.
Each runs natively on the host Linux first (small sizes), which checks their
reading of Linux's /proc formats against the real thing, then inside Pagoda:

  native (test_*_native):
  - every program's --help (exit 0, a usage line) and its bad arguments
    (exit 2, a message naming the problem and "Try '<prog> --help'");
  - memhog: VmRSS (from /proc/self/status) grows by the size when the pages
    are touched and falls by a slice at each of --steps; held with
    `--hold forever`, pagemap shows its area resident by both methods
    (smaps, and maps + pagemap), and SIGINT ends the hold;
  - forkbomb-safe: the default tree (39 processes), a verbose tree whose
    pid/parent lines form exactly the tree, a refused oversized tree;
  - swapdemo: 16 MiB verified twice; --inject-error makes it fail (exit 1,
    MISMATCH) - the check can fail; without swap it has no default size;
  - mmstat: the header, one line per interval, 13 numeric columns; its
    first line's fault count lies between two readings of /proc/vmstat;
  - pagemap --demo: the 1 MiB area shows 1024 kB size, 512 kB resident,
    by smaps and by pagemap, and -v draws it "#.#."; --compare finds the two
    methods in agreement (on itself, and on a held memhog).
  in Pagoda (test_demos_in_pagoda, test_swapdemo_with_swap):
  - one 128 MiB boot runs them all (run=...) with the same checks on their
    output, then the leak check of tests/test_vm.py (every page back);
  - a 64 MiB guest with a 256 MiB mkswap'ed disk: swapdemo's default 1.5x
    RAM streams through swap (pswpout and pswpin grow, its area has Swap >
    0 in /proc/self/smaps, and its pagemap entries are each present or
    swapped, some swapped) and every word verifies; then pagemap --compare
    on init (whose pages the pressure may have swapped) finds smaps and
    pagemap in agreement; memhog touches 80 MiB in the 64 MiB guest (its
    VmRSS stays below that) and every page keeps its data.
"""
import os
import re
import shutil
import signal
import subprocess

import pytest

import boot as pagoda
from test_boot import check
from test_vm import check_no_leak

PROGRAMS = ["memhog", "forkbomb-safe", "swapdemo", "mmstat", "pagemap"]
TIMEOUT = 120			# seconds for a native run
BOOT_TIMEOUT = 240		# seconds for a boot, times PAGODA_TIMEOUT_SCALE

MMSTAT_HEADER = ("     free     anon     swpd  swcache   minor  major     in    out"
                 "  kscan ksteal  dscan dsteal kill")
# pagemap -p -v's drawing of the demo area: every other page resident
VERBOSE_DEMO_MAP = r"^    (#\.){32} \.\.\.  \(first resident page: pfn 0x[0-9a-f]+\)$"
ROW = re.compile(r"^([0-9a-f]{16})-([0-9a-f]{16}) (\S{4}) +(\d+) kB +(-|\d+ kB) +(-|\d+ kB)  (.*)$")


@pytest.fixture(scope="session")
def user_bin():
    """Builds the user programs (as tests/test_user_native.py does); their directory."""
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is missing: install musl-tools (make deps)")
    builddir = pagoda.build_dir()
    builddir.mkdir(parents=True, exist_ok=True)
    with pagoda._build_lock(builddir):
        p = subprocess.run(["make", "-C", str(pagoda.ROOT / "user"), f"B={builddir}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        pytest.fail(f"make -C user failed:\n{p.stdout[-4000:]}", pytrace=False)
    return builddir / "user"


def run(argv, **kwargs):
    return subprocess.run([str(a) for a in argv], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, **kwargs)


# ---- output parsers, shared by the native and the Pagoda tests ----

def memhog_rss(out):
    """{when: VmRSS kB} of memhog's report lines, and the step lines' list."""
    rss = {}
    steps = []
    for m in re.finditer(r"^memhog: (.+?): VmRSS (\d+) kB", out, re.M):
        if m.group(1) == "after the step":
            steps.append(int(m.group(2)))
        else:
            rss[m.group(1)] = int(m.group(2))
    return rss, steps


def check_memhog(out, mib, steps):
    """memhog touched mib MiB and freed it in steps slices (VmRSS says so)."""
    rss, after = memhog_rss(out)
    size = mib * 1024
    assert f"memhog: touched {mib * 256} pages" in out, out
    assert rss["touched"] - rss["mapped, untouched"] >= size, out
    assert rss["touched"] - rss["mapped, untouched"] <= size + 64, out
    assert len(after) == steps, out
    before = rss["touched"]
    for now in after:					# each slice gives back size/steps
        assert abs((before - now) - size // steps) <= 64, out
        before = now
    assert abs(rss["done"] - rss["mapped, untouched"]) <= 64, out


def forkbomb_counts(out):
    m = re.search(r"forked (\d+), reaped (\d+), at most (\d+) alive", out)
    assert m, out
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def check_forkbomb(out, depth, width):
    total = sum(width ** d for d in range(1, depth + 1))
    assert f"a tree of depth {depth} and width {width}: {total} processes to fork" in out, out
    forked, reaped, alive = forkbomb_counts(out)
    assert forked == reaped == total and 2 <= alive <= total + 1, out
    for d in range(1, depth + 1):
        assert f"depth {d}: {width ** d} processes (expected {width ** d})" in out, out
    assert "no child left" in out and "every process was forked and reaped" in out, out


def check_tree(out, depth, width):
    """-v: the pid/parent/depth lines form the tree (root = the parent of depth 1)."""
    nodes = [tuple(map(int, m.groups())) for m in
             re.finditer(r"pid (\d+) \(parent (\d+)\) at depth (\d+)", out)]
    assert len(nodes) == sum(width ** d for d in range(1, depth + 1)), out
    level = {pid: d for pid, _, d in nodes}
    assert len(level) == len(nodes), "pids are distinct"
    roots = {parent for _, parent, d in nodes if d == 1}
    assert len(roots) == 1, out
    level[roots.pop()] = 0
    children = {}
    for pid, parent, d in nodes:
        assert level.get(parent) == d - 1, f"{pid}'s parent {parent} is not at depth {d - 1}"
        children[parent] = children.get(parent, 0) + 1
    assert all(n == width for n in children.values()), children


def pagemap_rows(out):
    """[(start, end, perm, size_kb, rss_kb or None, swap_kb or None, name)]."""
    rows = []
    for line in out.splitlines():
        m = ROW.match(line)
        if m:
            kb = [None if v == "-" else int(v.split()[0]) for v in m.group(5, 6)]
            rows.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3),
                         int(m.group(4)), kb[0], kb[1], m.group(7)))
    return rows


def check_pagemap_demo(out):
    """The demo area: 1024 kB, 512 kB resident, nothing swapped, between two
    guard pages; a total line that adds up."""
    m = re.search(r"demo area ([0-9a-f]{16})-([0-9a-f]{16}): 256 pages", out)
    assert m, out
    start, end = int(m.group(1), 16), int(m.group(2), 16)
    rows = pagemap_rows(out)
    at = [i for i, r in enumerate(rows) if r[0] == start]
    assert len(at) == 1 and rows[at[0]][1] == end, out
    assert rows[at[0]][2:6] == ("rw-p", 1024, 512, 0), rows[at[0]]
    assert rows[at[0] - 1][1:4] == (start, "---p", 4), "a guard page below"
    assert rows[at[0] + 1][0] == end and rows[at[0] + 1][2:4] == ("---p", 4), "and above"
    assert any(r[6] == "[stack]" and r[4] > 0 for r in rows), "the stack is resident"
    total = re.search(r"^total +(\d+) kB +(\d+) kB +(\d+) kB$", out, re.M)
    assert total and int(total.group(1)) == sum(r[3] for r in rows), out
    assert int(total.group(2)) == sum(r[4] or 0 for r in rows), out
    return out


def mmstat_lines(out):
    """mmstat's own lines out of a boot section (kernel and init lines dropped)."""
    return "\n".join(l for l in out.splitlines()
                     if l.startswith(" ---") or l == MMSTAT_HEADER or re.fullmatch(r"[\d -]+", l))


def check_mmstat(out, lines):
    got = out.splitlines()
    assert len(got) == 2 + lines and got[1] == MMSTAT_HEADER, out
    rows = [l.split() for l in got[2:]]
    assert all(len(r) == 13 for r in rows), out
    assert all(re.fullmatch(r"\d+|-", v) for r in rows for v in r), out
    return rows


# ---- natively on the host ----

@pytest.mark.parametrize("name", PROGRAMS)
def test_help_native(user_bin, name):
    p = run([user_bin / name, "--help"])
    assert p.returncode == 0 and p.stdout.startswith(f"usage: {name}"), p.stdout
    assert "-h, --help" in p.stdout, p.stdout


BAD_ARGS = [
    (["memhog"], "missing SIZE"),
    (["memhog", "12x"], "invalid size '12x'"),
    (["memhog", "0"], "invalid size '0'"),
    (["memhog", "-s", "0", "4"], "invalid number of steps '0'"),
    (["memhog", "--hold", "soon", "4"], "invalid hold time 'soon'"),
    (["memhog", "-s", "2000", "4K"], "invalid number of steps"),
    (["memhog", "1", "2"], "too many arguments"),
    (["forkbomb-safe", "-w", "0"], "invalid width"),
    (["forkbomb-safe", "-d", "x"], "invalid depth"),
    (["forkbomb-safe", "extra"], "unexpected argument extra"),
    (["forkbomb-safe", "--nosuch"], "Try 'forkbomb-safe --help'"),
    (["swapdemo", "--size", "0"], "invalid size in MiB"),
    (["swapdemo", "-p", "many"], "invalid number of passes"),
    (["swapdemo", "extra"], "unexpected argument 'extra'"),
    (["mmstat", "0"], "invalid DELAY"),
    (["mmstat", "1", "-3"], "invalid COUNT"),
    (["mmstat", "1", "2", "3"], "too many arguments"),
    (["pagemap", "12ab"], "invalid PID '12ab'"),
    (["pagemap", "1", "2"], "one PID at most"),
    (["pagemap", "--demo", "1"], "--demo shows this process"),
    (["pagemap", "-x"], "Try 'pagemap --help'"),
]


@pytest.mark.parametrize("argv,message", BAD_ARGS, ids=[" ".join(a) for a, _ in BAD_ARGS])
def test_bad_arguments_native(user_bin, argv, message):
    p = run([user_bin / argv[0]] + argv[1:])
    assert p.returncode == 2 and message in p.stdout, p.stdout
    assert f"Try '{argv[0]} --help' for more information." in p.stdout, p.stdout


def test_memhog_native(user_bin):
    p = run([user_bin / "memhog", "--steps", "4", "--delay", "10", "8"])
    assert p.returncode == 0, p.stdout
    check_memhog(p.stdout, 8, 4)


def test_memhog_held_seen_by_pagemap_native(user_bin):
    """A held memhog's 4 MiB area is resident, by smaps and by pagemap; ^C ends it."""
    proc = subprocess.Popen([user_bin / "memhog", "--hold", "forever", "4M"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        head = []
        for line in proc.stdout:
            head.append(line)
            if "holding until a signal" in line:
                break
        at = re.search(r"mapped 4096 KiB \(1024 pages\) at 0x([0-9a-f]+)", "".join(head))
        assert at, "".join(head)
        for method in ([], ["--pagemap"], ["--compare"]):
            p = run([user_bin / "pagemap"] + method + [proc.pid])
            assert p.returncode == 0, p.stdout
            assert f"pagemap: pid {proc.pid} (memhog)" in p.stdout, p.stdout
            area = [r for r in pagemap_rows(p.stdout) if r[0] == int(at.group(1), 16)]
            assert area and area[0][3:6] == (4096, 4096, 0), p.stdout
        assert "pagemap: smaps and pagemap agree on all" in p.stdout, p.stdout
        proc.send_signal(signal.SIGINT)
        rest = proc.stdout.read()
        assert proc.wait(timeout=TIMEOUT) == 0, rest
        assert "memhog: signal received, freeing" in rest, rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_forkbomb_native(user_bin):
    p = run([user_bin / "forkbomb-safe"])
    assert p.returncode == 0, p.stdout
    check_forkbomb(p.stdout, 3, 3)
    p = run([user_bin / "forkbomb-safe", "-d", "4", "-w", "2", "-v", "--hold", "20"])
    assert p.returncode == 0, p.stdout
    check_forkbomb(p.stdout, 4, 2)
    check_tree(p.stdout, 4, 2)


def test_forkbomb_refuses_a_big_tree_native(user_bin):
    p = run([user_bin / "forkbomb-safe", "-d", "10", "-w", "10"])
    assert p.returncode == 2 and "refused" in p.stdout, p.stdout
    assert "processes to fork" not in p.stdout, "nothing was forked"


def test_swapdemo_native(user_bin):
    p = run([user_bin / "swapdemo", "--size", "16", "--passes", "2"])
    assert p.returncode == 0, p.stdout
    assert "swapdemo: ok: 4096 pages written once and verified 2 times" in p.stdout, p.stdout
    assert "after the write: the area has Rss 16384 kB" in p.stdout, p.stdout
    assert "after the write: 4096 pages present + 0 swapped of 4096 " in p.stdout, p.stdout
    assert re.search(r"verify pass 2 \(backward\): 16 MiB in .* pswpin \+\d+", p.stdout), p.stdout


def test_swapdemo_check_can_fail_native(user_bin):
    p = run([user_bin / "swapdemo", "--size", "4", "--inject-error"])
    assert p.returncode == 1, p.stdout
    assert "swapdemo: MISMATCH in page 512 at" in p.stdout, p.stdout
    assert "swapdemo: FAILED: 2 bad pages in all" in p.stdout, p.stdout


def test_swapdemo_needs_swap_for_its_default_native(user_bin):
    if any(l.strip() for l in open("/proc/swaps").readlines()[1:]):
        pytest.skip("the host has swap: the default (1.5x RAM) is not run here")
    p = run([user_bin / "swapdemo"])
    assert p.returncode == 1 and "swapdemo: no swap is on" in p.stdout, p.stdout
    assert "streaming" not in p.stdout, p.stdout


def vmstat_faults():
    fields = dict(l.split() for l in open("/proc/vmstat"))
    return int(fields["pgfault"])


def test_mmstat_native(user_bin):
    before = vmstat_faults()
    p = run([user_bin / "mmstat"])
    after = vmstat_faults()
    assert p.returncode == 0, p.stdout
    row = check_mmstat(p.stdout, 1)[0]
    assert before <= int(row[4]) + int(row[5]) <= after, (before, row, after)
    p = run([user_bin / "mmstat", "1", "3"])
    assert p.returncode == 0, p.stdout
    rows = check_mmstat(p.stdout, 3)
    assert all(int(r[0]) > 0 for r in rows), "MemFree is never 0 here"


def test_pagemap_demo_native(user_bin):
    for method in ([], ["--pagemap"], ["--compare"]):
        p = run([user_bin / "pagemap", "--demo"] + method)
        assert p.returncode == 0, p.stdout
        check_pagemap_demo(p.stdout)
    assert re.search(r"^pagemap: smaps and pagemap agree on all \d+ areas$", p.stdout, re.M)
    p = run([user_bin / "pagemap", "--demo", "--pagemap", "--verbose"])
    assert p.returncode == 0, p.stdout
    assert re.search(VERBOSE_DEMO_MAP, p.stdout, re.M), p.stdout


def test_pagemap_no_such_process_native(user_bin):
    p = run([user_bin / "pagemap", "999999999"])
    assert p.returncode == 1, p.stdout
    assert "pagemap: no process 999999999" in p.stdout, p.stdout


# ---- inside Pagoda ----

def sections(result):
    """[(program, its output)] in the order init ran them (names may repeat)."""
    out, name, buf = [], None, []
    for line in result.lines:
        m = re.match(r"init: running (\S+)", line)
        if m:
            if name:
                out.append((name, "\n".join(buf)))
            name, buf = m.group(1).rsplit("/", 1)[-1], []
        elif name:
            buf.append(line)
    if name:
        out.append((name, "\n".join(buf)))
    return out


DEMO_RUN = [f"{name}:--help" for name in PROGRAMS] + [
    "memhog:--steps:4:16", "forkbomb-safe", "forkbomb-safe:-d:3:-w:2:-v",
    "forkbomb-safe:-d:4:-w:4:-H:100", "swapdemo:--size:16", "mmstat:1:3", "pagemap:--demo",
    "pagemap:--demo:--pagemap:-v", "pagemap:--demo:--compare", "pagemap:--compare:1"]


def test_demos_in_pagoda(boot):
    """Every demo in one 128 MiB boot, judged as natively; every page back."""
    r = boot(ram="128M", cmdline="run=" + ",".join(DEMO_RUN), timeout=BOOT_TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[
        "init: memory baseline:", f"init: all {len(DEMO_RUN)} programs passed",
        "reboot: memory:"])
    parts = sections(r)
    assert [name for name, _ in parts] == [s.split(":")[0] for s in DEMO_RUN], parts
    out = dict(zip(DEMO_RUN, (text for _, text in parts)))
    for name in PROGRAMS:
        assert out[f"{name}:--help"].startswith(f"usage: {name}"), out[f"{name}:--help"]
    check_memhog(out["memhog:--steps:4:16"], 16, 4)
    check_forkbomb(out["forkbomb-safe"], 3, 3)
    check_forkbomb(out["forkbomb-safe:-d:3:-w:2:-v"], 3, 2)
    check_tree(out["forkbomb-safe:-d:3:-w:2:-v"], 3, 2)
    check_forkbomb(out["forkbomb-safe:-d:4:-w:4:-H:100"], 4, 4)
    swap = out["swapdemo:--size:16"]
    assert "swapdemo: ok: 4096 pages written once and verified 2 times" in swap, swap
    assert "after the write: the area has Rss 16384 kB, Swap 0 kB" in swap, swap
    assert "after the write: 4096 pages present + 0 swapped of 4096 " in swap, swap
    rows = check_mmstat(mmstat_lines(out["mmstat:1:3"]), 3)
    assert all(int(row[0]) > 0 and int(row[1]) > 0 for row in rows), rows	# MemFree, AnonPages
    for run in ["pagemap:--demo", "pagemap:--demo:--pagemap:-v", "pagemap:--demo:--compare"]:
        check_pagemap_demo(out[run])
    assert re.search(VERBOSE_DEMO_MAP, out["pagemap:--demo:--pagemap:-v"], re.M), out
    for run in ["pagemap:--demo:--compare", "pagemap:--compare:1"]:
        assert "pagemap: smaps and pagemap agree on all" in out[run], out[run]
    assert "pagemap: pid 1 (init)" in out["pagemap:--compare:1"], out["pagemap:--compare:1"]
    check_no_leak(r)


def make_swap_disk(path, mib):
    """A sparse raw image of mib MiB formatted by util-linux's mkswap."""
    mkswap = next((p for p in [shutil.which("mkswap"), "/usr/sbin/mkswap", "/sbin/mkswap"]
                   if p and os.path.exists(p)), None)
    if not mkswap:
        pytest.skip("util-linux's mkswap is missing (/usr/sbin/mkswap)")
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    subprocess.run([mkswap, str(path)], check=True, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
    return str(path)


def test_swapdemo_with_swap(boot, tmp_path):
    """64 MiB of RAM, 256 MiB of swap: swapdemo's default streams 1.5x RAM
    through swap and verifies every word."""
    disk = make_swap_disk(tmp_path / "swap.img", 256)
    r = boot(ram="64M", disk=disk, timeout=BOOT_TIMEOUT,
             cmdline="swap=/dev/vda run=swapdemo,mmstat,pagemap:--compare:1,memhog:--steps:2:80")
    check(r, "pass", ktap=False, expect_lines=[
        "init: swapon /dev/vda: ok", "init: running /bin/swapdemo",
        "swapdemo: streaming ", "swapdemo: ok:", "init: all 4 programs passed"])
    out = dict(sections(r))["swapdemo"]
    size = re.search(r"streaming (\d+) MiB \(\d+ pages, ([\d.]+) x RAM\)", out)
    assert size and float(size.group(2)) > 1.2, "more than RAM:\n" + out
    write = re.search(r"write: .* pswpin \+(\d+) pswpout \+(\d+)", out)
    assert write and int(write.group(2)) > 0, "the write pushed pages out to swap:\n" + out
    passes = re.findall(r"verify pass \d .* pswpin \+(\d+) pswpout \+(\d+) pgmajfault \+(\d+)",
                        out)
    assert passes and all(int(i) > 0 and int(f) > 0 for i, _, f in passes), out
    area = re.search(r"after the write: the area has Rss (\d+) kB, Swap (\d+) kB", out)
    assert area and int(area.group(2)) > 0, out
    assert int(area.group(1)) + int(area.group(2)) == int(size.group(1)) * 1024, out
    bits = re.search(r"after the write: (\d+) pages present \+ (\d+) swapped of (\d+) ", out)
    assert bits and int(bits.group(2)) > 0, out
    assert int(bits.group(1)) + int(bits.group(2)) == int(bits.group(3)) == int(size.group(1)) * 256
    row = check_mmstat(mmstat_lines(dict(sections(r))["mmstat"]), 1)[0]
    assert int(row[7]) > 0 and int(row[6]) > 0, f"pswpout, pswpin since boot: {row}"
    # init's pages may well be in swap now: smaps and pagemap must agree on them
    init = dict(sections(r))["pagemap"]
    assert "pagemap: smaps and pagemap agree on all" in init, init
    # memhog touches 80 MiB in a 64 MiB guest: part of it is in swap, so its
    # VmRSS stays below the size, and every page still holds its number
    # when it is freed (memhog checks: it would say "lost its data")
    hog = dict(sections(r))["memhog"]
    rss, steps = memhog_rss(hog)
    assert "memhog: touched 20480 pages" in hog and len(steps) == 2, hog
    assert rss["touched"] < 80 * 1024, hog
    assert "memhog: freed 40960 KiB (step 2/2)" in hog and "lost its data" not in hog, hog
