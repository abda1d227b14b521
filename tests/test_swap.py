"""tests/test_swap.py - swap (issue 6): a 64 MiB guest with a 256 MiB virtio
disk formatted here by util-linux's mkswap, turned on by init (user/init.c)
from `swap=/dev/vda` on the command line, and user programs that need
several times the guest's RAM.

  - test_swapon_at_boot: Linux's "Adding 262140k swap on /dev/vda.
    Priority:-2 extents:1 across:262140k" line and init's "swapon: ok";
    sysinfo (user space) sees the area; the reboot line's swap figures.
  - test_swapon_refuses_a_disk_without_signature: a disk of zeros is
    refused with the kernel's clear line and EINVAL; the boot goes on.
  - test_swap_pressure (user/tests/swap_pressure.c): 3x RAM of patterned
    anonymous memory read back in random, strided and reverse order, then
    through a fork (COW-shared pages swapped out and in); zero corrupt
    pages; pswpout and pswpin counted; every page and slot comes back.
  - test_swap_full_oom (swap_full.c): swap runs out, the hog is OOM-killed
    (its swapents in the kernel's task dump say it filled swap), the
    bystander is intact.
  - test_swap_ten_rounds (swap_rounds.c): ten rounds of 1.5x RAM, free
    pages and free swap slots back at the baseline after each.
  - test_mlocked_pages_stay (swap_mlock.c): mlocked pages never go out.
  - test_swapoff_and_swapon_again (swap_onoff.c): swapoff(2) brings every
    page back, or fails with ENOMEM leaving the area on; EBUSY, EINVAL.
  - test_swap_read_error_sigbus / test_swap_write_error_page_stays
    (swap_eio.c): QEMU's blkdebug fails reads or writes of some slots of the
    swap disk (never its header page): a read error kills the process with
    SIGBUS, a write error leaves the page resident and its data intact; the
    kernel logs Linux's "Read-error" / "Write-error on swap-device" lines
    and keeps running.
  - test_swapbench (user/swapbench): its BENCH lines, printed, never judged.
  - test_reclaim_doc_commands: every `$ ` command of docs/reclaim.md runs.

The swap leak check (check_swap_leak, after every scenario that ends with
init's reboot): kernel/sys.c's "reboot: memory:" line carries swap_total,
swap_free, init_swapents and swapcache (pages in the swap cache).  By then
every process but init is gone, so the slots still in use are init's swap
entries plus the swap-cache pages' slots, and the pages that did not come
back (tests/test_vm.py's unaccounted_pages) can only be the area's own
swap_map and free bitmap (AREA_PAGES, allocated by swapon) and swap-cache
pages (Linux too may keep an unmapped page in the swap cache until reclaim
takes it).  The swap scenarios are slow under TCG: each boot may take
minutes; timeouts scale with PAGODA_TIMEOUT_SCALE as everywhere.
"""
import os
import re
import shutil
import subprocess

import pytest

import boot as pagoda
from test_boot import check
from test_user import check_tap
from test_vm import memory_report, unaccounted_pages

RAM = "64M"
SWAP_MIB = 256
SWAP_PAGES = SWAP_MIB * 256 - 1		# mkswap: last_page = size/4K - 1 slots after the header
# What an area that is on holds (mm/swapfile.c, vmalloc'ed by swapon): its
# swap_map (a byte per slot) and its free bitmap (a bit per slot).
AREA_PAGES = -(-(SWAP_PAGES + 1) // 4096) + -(-(SWAP_PAGES + 1) // (8 * 4096))
TIMEOUT = 900				# seconds per swap boot, times PAGODA_TIMEOUT_SCALE
SWAPON = "swap=/dev/vda"
ADDING = (f"Adding {SWAP_PAGES * 4}k swap on /dev/vda.  Priority:-2 extents:1 "
          f"across:{SWAP_PAGES * 4}k")

KILLED = re.compile(r"Out of memory: Killed process (\d+) \((\S+)\) total-vm:\d+kB")
# The OOM task dump's rows: pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name
TASK_ROW = re.compile(r"^\[ *(\d+)\] +\d+ +\d+ +\d+ +\d+ +\d+ +(\d+) +-?\d+ (\S+)$")


def find_mkswap():
    for path in [shutil.which("mkswap"), "/usr/sbin/mkswap", "/sbin/mkswap"]:
        if path and os.access(path, os.X_OK):
            return path
    return None


def make_swap_disk(path, mib=SWAP_MIB):
    """A sparse raw image of mib MiB formatted by util-linux's mkswap."""
    mkswap = find_mkswap()
    if not mkswap:
        pytest.skip("util-linux's mkswap is missing (Debian: util-linux, /usr/sbin/mkswap)")
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    subprocess.run([mkswap, str(path)], check=True, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
    data = open(path, "rb").read(4096)
    assert data[4086:4096] == b"SWAPSPACE2", "mkswap did not write its signature"
    return path


@pytest.fixture
def swap_disk(tmp_path):
    return str(make_swap_disk(tmp_path / "swap.img"))


def swap_boot(boot, disk, run, timeout=TIMEOUT):
    return boot(ram=RAM, cmdline=f"{SWAPON} run={run}", disk=disk, timeout=timeout)


def reboot_fields(result):
    """The reboot line's fields (pages), with the swap ones checked to be there."""
    _, end = memory_report(result)
    missing = [k for k in ("swap_total", "swap_free", "init_swapents", "swapcache", "pswpin",
                           "pswpout") if k not in end]
    assert not missing, f"the reboot: memory: line lacks {missing} (kernel/sys.c)"
    return end


def check_swap_leak(result):
    """Every page and swap slot came back (see the top)."""
    __tracebackhide__ = True
    end = reboot_fields(result)
    problems = []
    if end["swap_total"] != SWAP_PAGES:
        problems.append(f"swap_total={end['swap_total']}, the disk has {SWAP_PAGES} slots")
    used = end["swap_total"] - end["swap_free"]
    if not 0 <= used <= end["init_swapents"] + end["swapcache"]:
        problems.append(f"{used} swap slots in use at the reboot, but init has only "
                        f"{end['init_swapents']} swap entries and the swap cache "
                        f"{end['swapcache']} pages: slots leaked")
    missing = unaccounted_pages(result) - AREA_PAGES
    if not 0 <= missing <= end["swapcache"]:
        problems.append(f"{missing} pages did not come back (besides the area's {AREA_PAGES}: "
                        f"swap_map and bitmap) and the swap cache holds {end['swapcache']} "
                        "(tests/test_vm.py's leak check, with swap)")
    if problems:
        raise AssertionError("swap leak check: " + "; ".join(problems))


def test_swapon_at_boot(boot, swap_disk):
    r = swap_boot(boot, swap_disk, "true", timeout=180)
    check(r, "pass", ktap=False, expect_lines=[
        "virtio_blk virtio0: [vda] 524288 512-byte logical blocks",
        ADDING, "init: swapon /dev/vda: ok", "init: all 1 programs passed", "reboot: memory:"])
    end = reboot_fields(r)
    assert end["swap_total"] == SWAP_PAGES
    check_swap_leak(r)


def test_swapon_refuses_a_disk_without_signature(boot, tmp_path):
    img = tmp_path / "zeros.img"
    with open(img, "wb") as f:
        f.truncate(16 << 20)
    r = boot(ram=RAM, cmdline=f"{SWAPON} run=true", disk=str(img), timeout=120)
    check(r, "pass", ktap=False, expect_lines=[
        "swapon: /dev/vda: no swap signature (SWAPSPACE2) found",
        "init: swapon /dev/vda: Invalid argument", "init: all 1 programs passed"])
    assert "Adding " not in r.log
    assert open(img, "rb").read() == bytes(16 << 20), "a refused disk must not be written"


def test_swap_pressure(boot, swap_disk):
    r = swap_boot(boot, swap_disk, "swap_pressure")
    check(r, "pass", ktap=False, expect_lines=[
        ADDING, "init: swapon /dev/vda: ok", "init: running /bin/swap_pressure",
        "init: swap_pressure exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["swap_pressure"])
    end = reboot_fields(r)
    assert end["pswpout"] > 0 and end["pswpin"] > 0, end
    check_swap_leak(r)


def test_swap_full_oom(boot, swap_disk):
    r = swap_boot(boot, swap_disk, "swap_full")
    check(r, "pass", ktap=False, expect_lines=[
        "init: swapon /dev/vda: ok", "invoked oom-killer:", "Out of memory: Killed process",
        "init: swap_full exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["swap_full"])
    hogs = [int(m.group(1)) for l in r.lines for m in [re.search(r"# hog pid (\d+)", l)] if m]
    kills = [int(m.group(1)) for l in r.lines for m in [KILLED.search(l)] if m]
    assert len(hogs) == 1 and kills == hogs, (hogs, kills)
    # The hog's swap entries in the (last) task dump before its kill: swap was full.
    rows = [m for l in r.lines for m in [TASK_ROW.search(l)] if m and int(m.group(1)) == hogs[0]]
    assert rows, "the hog is not in the OOM task dump"
    swapents = int(rows[-1].group(2))
    assert swapents >= SWAP_PAGES * 8 // 10, (
        f"the hog had {swapents} swap entries when killed: swap ({SWAP_PAGES} slots) was not full")
    check_swap_leak(r)


def test_swap_ten_rounds(boot, swap_disk):
    r = swap_boot(boot, swap_disk, "swap_rounds", timeout=TIMEOUT * 2)
    check(r, "pass", ktap=False, expect_lines=[
        "init: swapon /dev/vda: ok", "init: swap_rounds exited with status 0"])
    check_tap(r, ["swap_rounds"])
    assert not any("Out of memory: Killed" in l for l in r.lines), "1.5x RAM fits in RAM + swap"
    check_swap_leak(r)


def test_mlocked_pages_stay(boot, swap_disk):
    r = swap_boot(boot, swap_disk, "swap_mlock")
    check(r, "pass", ktap=False, expect_lines=[
        "init: swapon /dev/vda: ok", "init: swap_mlock exited with status 0"])
    check_tap(r, ["swap_mlock"])
    check_swap_leak(r)


def test_swapoff_and_swapon_again(boot, swap_disk):
    """swap_onoff.c: EBUSY, EINVAL, ENOMEM with the area left on, then a
    swapoff that brings every page back, and swapon again."""
    r = swap_boot(boot, swap_disk, "swap_onoff")
    check(r, "pass", ktap=False, expect_lines=[
        ADDING, "init: swapon /dev/vda: ok", "init: running /bin/swap_onoff", ADDING,
        "init: swap_onoff exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["swap_onoff"])
    assert not any("Out of memory: Killed" in l for l in r.lines), "swapoff must fail, not OOM-kill"
    check_swap_leak(r)


# ---- disk errors: QEMU's blkdebug on the swap disk ----

# Slots whose I/O fails: far enough from slot 0 (the header, read by swapon)
# and from the first slots, which init's and the test program's own idle
# pages take at the first reclaim; well inside what 2x RAM of pressure uses.
BAD_SLOTS = [4000, 6000, 8000, 10000, 12000]


def blkdebug_conf(path, iotype, once):
    """QEMU's blkdebug rules (docs/devel/blkdebug.txt): an I/O of iotype
    ("read"/"write") covering the first sector of a slot of BAD_SLOTS fails
    with EIO - every time, or once per slot.  The event arms the rule (the
    raw format driver signals read_aio/write_aio before each request);
    iotype keeps a read's event from failing a write."""
    event = f"{iotype}_aio"
    rules = "".join(f'[inject-error]\nevent = "{event}"\niotype = "{iotype}"\nerrno = "5"\n'
                    f'sector = "{slot * 8}"\n' + ('once = "on"\n' if once else "") + "\n"
                    for slot in BAD_SLOTS)
    path.write_text(rules)
    return path


def boot_blkdebug(request, disk, conf, cmdline, timeout=TIMEOUT):
    """Boots with the swap disk behind blkdebug (tests/test_blk.py's way)."""
    cmd = pagoda._prepare(RAM, cmdline, 1, disk, None, False, None, None)
    i = cmd.index(f"file={disk},if=virtio,format=raw")
    cmd[i] = f"file=blkdebug:{conf}:{disk},if=virtio,format=raw"
    log = pagoda.build_dir() / "test-logs" / f"{request.node.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    return pagoda.run_qemu(cmd, timeout * pagoda.timeout_scale(), log, None)


def assert_bad_slots(result, what):
    """Every "<what> on swap-device (MAJ:MIN:N)" line names a page of a
    failed request: N is a sector (Linux's wording) of a request that covered
    the first sector of one of BAD_SLOTS.  QEMU's virtio-blk merges adjacent
    requests and fails every one of a merged request, so the page may lie a
    little before or after that sector."""
    found = re.findall(rf"{what} on swap-device \((\d+):(\d+):(\d+)\)", result.log)
    near = lambda n: n % 8 == 0 and any(abs(bad * 8 - n) < 8 * 64 for bad in BAD_SLOTS)
    assert found and all(near(int(n)) for _, _, n in found), (found, BAD_SLOTS)


def test_swap_read_error_sigbus(request, pagoda_kernel, swap_disk, tmp_path):
    conf = blkdebug_conf(tmp_path / "read.conf", "read", once=False)
    r = boot_blkdebug(request, swap_disk, conf, f"{SWAPON} run=swap_eio:read")
    check(r, "pass", ktap=False, expect_lines=[
        ADDING, "init: swapon /dev/vda: ok", "op 0x0:(READ)", "Read-error on swap-device (",
        "init: swap_eio exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["swap_eio"])
    assert_bad_slots(r, "Read-error")
    check_swap_leak(r)


def test_swap_write_error_page_stays(request, pagoda_kernel, swap_disk, tmp_path):
    conf = blkdebug_conf(tmp_path / "write.conf", "write", once=True)
    r = boot_blkdebug(request, swap_disk, conf, f"{SWAPON} run=swap_eio:write")
    check(r, "pass", ktap=False, expect_lines=[
        ADDING, "init: swapon /dev/vda: ok", "op 0x1:(WRITE)", "Write-error on swap-device (",
        "init: swap_eio exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["swap_eio"])
    assert_bad_slots(r, "Write-error")
    check_swap_leak(r)


def test_swapbench(boot, swap_disk):
    """swapbench's BENCH lines in the 64 MiB guest with swap (not judged)."""
    r = swap_boot(boot, swap_disk, "swapbench")
    check(r, "pass", ktap=False, expect_lines=[
        "BENCH name=swap_out_mbps", "BENCH name=swap_in_mbps", "BENCH name=major_fault_us",
        "BENCH name=oom_kill_latency_ms", "init: swapbench exited with status 0"])
    for line in r.lines:
        if "BENCH name=" in line:
            print(line)


# ---- docs/reclaim.md ----

DOC = pagoda.ROOT / "docs" / "reclaim.md"
DOC_SWAP_IMG = "/tmp/pagoda-swap.img"


def doc_commands():
    """Every line starting with '$ ' inside a ```sh block of the chapter."""
    commands, in_sh = [], False
    for line in DOC.read_text().splitlines():
        if line.startswith("```"):
            in_sh = line.strip() == "```sh"
            continue
        if in_sh and line.startswith("$ "):
            commands.append(line[2:].strip())
    return commands


def test_reclaim_doc_commands(pagoda_kernel, request, tmp_path):
    """Each command of docs/reclaim.md runs and exits 0 from the top of the
    tree, against this run's build directory, with the chapter's swap image
    path replaced by a private one (parallel runs must not share it)."""
    if not find_mkswap():
        pytest.skip("util-linux's mkswap is missing")
    commands = doc_commands()
    assert len(commands) >= 5, f"only {len(commands)} commands found in {DOC}"
    assert any(DOC_SWAP_IMG in c and "mkswap" in c for c in commands)
    builddir = pagoda.build_dir()
    env = dict(os.environ, B=str(builddir), PAGODA_BUILD=str(builddir))
    log = builddir / "test-logs" / f"{request.node.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        for cmd in commands:
            real = cmd.replace(DOC_SWAP_IMG, str(tmp_path / "swap.img"))
            real = real.replace("/sbin/mkswap", find_mkswap())
            out.write(f"$ {real}\n")
            out.flush()
            p = subprocess.run(["bash", "-c", real], cwd=pagoda.ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=TIMEOUT * pagoda.timeout_scale())
            out.write(p.stdout)
            assert p.returncode == 0, f"`{cmd}` exited {p.returncode}:\n{p.stdout[-3000:]}"
