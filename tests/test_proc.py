"""tests/test_proc.py - the proc file system, booted (issue 7).

Scenarios (128 MiB guest, one CPU, unless said otherwise):

  - ktest=proc: /proc/meminfo's numbers are exactly the allocator's own
    counters (MemFree == nr_free_pages(), AnonPages, PageTables, swap,
    vmalloc, Committed_AS), MemFree follows a 1 MiB allocation to the kB,
    /proc lookups leave no dentry behind, oom_score_adj and sysctl writes
    are validated (kernel/fs/proc/proc_test.c);
  - the proc_* user programs (user/tests/, TAP; they also pass natively) in
    one boot: meminfo, the per-process files, the system files and
    /proc/sys/vm writes, mount(2)/umount2(2); oom_score_adj's own program;
    drop_caches logs Linux's line;
  - MemFree falls by about N MiB when a program touches N MiB (the numbers
    proc_meminfo prints, checked here as well);
  - formats against the host's own /proc: the field names of meminfo,
    status and smaps_rollup come in the host kernel's order, meminfo's
    columns line up like the host's, maps names start in the same column,
    stat has the same number of fields - read by a small program built
    here (musl-gcc) and packed with --extra;
  - swap on (a disk made here with mkswap): /proc/swaps has Linux's exact
    line and meminfo's SwapTotal/SwapFree match it; a process larger than
    RAM shows its swapped pages in pagemap (bit 62), smaps' Swap: and
    status's VmSwap, all agreeing (user/tests/proc_swapped.c).
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import boot as pagoda
from test_boot import check
from test_user import check_tap, sections

TIMEOUT = 120		# seconds per boot, times PAGODA_TIMEOUT_SCALE

PCAT_C = r'''
/* pcat - print each file named on the command line after a "== path" line. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	static char buf[65536];
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		ssize_t n;
		printf("== %s\n", argv[i]);
		fflush(stdout);
		if (fd < 0) {
			perror(argv[i]);
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			write(1, buf, n);
		close(fd);
	}
	return 0;
}
'''


@pytest.fixture(scope="module")
def pcat_dir(tmp_path_factory):
    """A directory holding pcat, built here with musl-gcc."""
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is missing: install musl-tools (make deps)")
    d = tmp_path_factory.mktemp("pcat")
    (d / "pcat.c").write_text(PCAT_C)
    subprocess.run(["musl-gcc", "-static", "-O2", "-o", str(d / "pcat"), str(d / "pcat.c")],
                   check=True)
    (d / "pcat.c").unlink()
    return d


def pcat_files(result, paths):
    """{path: text} of what pcat printed for each path."""
    text = "\n".join(result.lines)
    out = {}
    for i, p in enumerate(paths):
        start = text.index(f"== {p}\n") + len(f"== {p}\n")
        nxt = [text.find(f"== {q}\n", start) for q in paths[i + 1:]] + [text.find("init: pcat", start)]
        end = min(x for x in nxt if x >= 0)
        out[p] = text[start:end]
    return out


def keys(text, sep=":"):
    """The "Key:" names of a text's lines, in order."""
    return [line.split(sep, 1)[0] for line in text.splitlines() if sep in line]


def is_subsequence(small, big):
    it = iter(big)
    return all(k in it for k in small)


def test_proc_ktest(boot):
    """meminfo is the allocator's counters, lookups leak nothing, writes are validated."""
    r = boot(cmdline="ktest=proc", timeout=TIMEOUT)
    check(r, "pass", expect_lines=["meminfo_matches_allocator_counters: MemTotal",
                                   "ok 1 meminfo_matches_allocator_counters",
                                   "ok 2 meminfo_memfree_follows_an_allocation",
                                   "ok 3 proc_lookup_leaves_nothing_behind",
                                   "ok 4 oom_score_adj_write_is_validated",
                                   "ok 5 sysctl_writes_are_validated"])


PROGRAMS = ["proc_meminfo", "proc_pid", "proc_sysctl", "proc_mount", "oom_score_adj"]


def test_proc_programs(boot):
    """The proc_* programs and oom_score_adj pass in one boot; drop_caches logs its line."""
    r = boot(cmdline="run=" + ",".join(PROGRAMS), timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[
        "init: running /bin/proc_sysctl", "): drop_caches: 3",
        f"init: all {len(PROGRAMS)} programs passed"])
    check_tap(r, PROGRAMS)


def test_memfree_falls_by_what_a_program_touches(boot):
    """Touching 8 MiB: RssAnon and AnonPages rise by 8 MiB, MemFree falls by about 8 MiB."""
    r = boot(cmdline="run=proc_meminfo", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=["init: proc_meminfo exited with status 0"])
    part = sections(r)["proc_meminfo"]
    m = re.search(r"# RssAnon (\d+) -> (\d+) kB; MemFree (\d+) -> (\d+) -> (\d+) kB; "
                  r"AnonPages (\d+) -> (\d+) kB", part)
    assert m, part
    rss0, rss1, free0, free1, free2, anon0, anon1 = map(int, m.groups())
    mib = 1024
    assert 8 * mib <= rss1 - rss0 <= 8 * mib + 256, m.group(0)
    assert 8 * mib <= anon1 - anon0 <= 8 * mib + 256, m.group(0)
    # Up to one per-CPU list of pages (pcp->high, 1.6 MiB here) is neither free nor in use.
    assert 6 * mib <= free0 - free1 <= 9 * mib, m.group(0)
    assert free2 - free1 >= 6 * mib, m.group(0)


FORMAT_FILES = ["/proc/meminfo", "/proc/self/status", "/proc/self/smaps_rollup",
                "/proc/self/maps", "/proc/self/stat"]


def test_formats_match_the_host(boot, pcat_dir):
    """meminfo, status, smaps_rollup, maps, stat: laid out as the host kernel lays them out."""
    r = boot(cmdline="run=pcat:" + ":".join(FORMAT_FILES), timeout=TIMEOUT, extra=pcat_dir)
    check(r, "pass", ktap=False, expect_lines=["init: pcat exited with status 0"])
    got = pcat_files(r, FORMAT_FILES)
    host = {p: Path(p).read_text() for p in FORMAT_FILES}

    for p in ["/proc/meminfo", "/proc/self/status", "/proc/self/smaps_rollup"]:
        body = got[p] if p != "/proc/self/smaps_rollup" else got[p].split("\n", 1)[1]
        hbody = host[p] if p != "/proc/self/smaps_rollup" else host[p].split("\n", 1)[1]
        assert is_subsequence(keys(body), keys(hbody)), (
            f"{p}: Pagoda's fields {keys(body)} are not in the host's order {keys(hbody)}")

    # meminfo: each line that both have ends its number in the same column.
    hcols = {line.split(":")[0]: len(line.rstrip(" kB")) for line in host["/proc/meminfo"].splitlines()}
    for line in got["/proc/meminfo"].splitlines():
        k = line.split(":")[0]
        value = line.split()[1]
        if k in hcols and len(value) <= 8:
            assert len(line.rstrip(" kB")) == hcols[k] or len(line) - len(line.rstrip(" kB")) == 3, line
            assert re.fullmatch(r"[\w()]+:\s+\d+( kB)?", line), line
            assert len(line.rstrip(" kB")) == 24 or " kB" not in line, line

    # status: "Key:\tvalue"; the memory lines "%8lu kB" as the host's.
    for line in got["/proc/self/status"].splitlines():
        assert re.fullmatch(r"\w+:\t.*", line), line
        if line.startswith(("Vm", "Rss")):
            assert re.fullmatch(r"\w+:\t[ \d]{8,} kB", line), line

    # maps and smaps_rollup's header: names start in the host's column (73).
    host_cols = {re.match(r"\S+ \S+ \S+ \S+ \S+ +", l).end()
                 for l in host["/proc/self/maps"].splitlines()
                 if len(l.split()) == 6 and len(l.split()[0]) <= 25}
    cols = {re.match(r"\S+ \S+ \S+ \S+ \S+ +", l).end()
            for l in got["/proc/self/maps"].splitlines() if len(l.split()) == 6}
    assert cols and cols <= host_cols | {73}, (cols, host_cols)
    first = got["/proc/self/smaps_rollup"].splitlines()[0]
    assert first.endswith("[rollup]") and first.index("[rollup]") == 73, first

    # stat: 52 fields, as the host's.
    assert len(got["/proc/self/stat"].split()) == len(host["/proc/self/stat"].split()) == 52


def mkswap_path():
    for p in ("/sbin/mkswap", "/usr/sbin/mkswap"):
        if Path(p).exists():
            return p
    return shutil.which("mkswap")


def make_swap_disk(tmp_path, mib):
    """A raw disk of mib MiB with mkswap's header (skips the test without mkswap)."""
    mkswap = mkswap_path()
    if not mkswap:
        pytest.skip("mkswap is missing (util-linux)")
    disk = tmp_path / "swap.img"
    with open(disk, "wb") as f:
        f.truncate(mib << 20)
    disk.chmod(0o600)
    subprocess.run([mkswap, str(disk)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return disk


def test_swaps_with_swap_on(boot, pcat_dir, tmp_path):
    """swap=/dev/vda on a 64 MiB mkswap'd disk: /proc/swaps' line, meminfo's swap totals."""
    disk = make_swap_disk(tmp_path, 64)
    files = ["/proc/swaps", "/proc/meminfo"]
    r = boot(cmdline="swap=/dev/vda run=pcat:" + ":".join(files), timeout=TIMEOUT,
             extra=pcat_dir, disk=disk)
    check(r, "pass", ktap=False, expect_lines=["init: swapon /dev/vda: ok",
                                               "init: pcat exited with status 0"])
    got = pcat_files(r, files)
    lines = got["/proc/swaps"].splitlines()
    assert lines[0] == "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority", lines
    # 64 MiB = 16384 pages: page 0 is the header, so 16383 usable = 65532 kB.
    assert re.fullmatch(r"/dev/vda {32}partition\t65532\t\t\d+\t\t-2", lines[1]), lines[1]
    assert re.search(r"^SwapTotal:\s+65532 kB$", got["/proc/meminfo"], re.M), got["/proc/meminfo"]
    assert re.search(r"^SwapFree:\s+\d+ kB$", got["/proc/meminfo"], re.M)


def test_swapped_pages_in_pagemap_and_smaps(boot, tmp_path):
    """A process bigger than RAM: pagemap's swapped bit, smaps' Swap: and VmSwap agree."""
    disk = make_swap_disk(tmp_path, 128)
    r = boot(cmdline="swap=/dev/vda run=proc_swapped", timeout=TIMEOUT * 2, disk=disk)
    check(r, "pass", ktap=False, expect_lines=["init: swapon /dev/vda: ok",
                                               "init: proc_swapped exited with status 0"])
    check_tap(r, ["proc_swapped"])
    assert "# SKIP" not in sections(r)["proc_swapped"], "proc_swapped skipped its checks"
