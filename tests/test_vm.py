"""tests/test_vm.py - virtual memory: the vm_* user programs booted in small
guests, with a leak check after them; vmbench; the address-spaces chapter.

The programs (user/tests/vm_*.c) pass natively first (tests/test_user_native.py
runs every user test on the host); here each boots alone in a 64 MiB guest -
where the 1 GiB sparse mapping, the copy-on-write fork over more than half
of RAM and the 16 MiB bss only fit with demand paging and copy-on-write -
and then all of them in one boot.

The leak check (every scenario here): kernel/init.c prints, just before
exec'ing /init,

    init: memory baseline: free=F slab=S pgtables=P vmalloc=V

and kernel/sys.c, when init calls reboot(2) after the last program,

    reboot: memory: free=F slab=S pgtables=P init_rss=R init_pgtables=T vmalloc=V ...

(pages).  A page is accounted for if it is free, held by a slab cache or a
vmalloc page table (kernel/ktest.h's rule: caches may keep empty slabs).  By
the reboot every process but init is gone, so:

  - the only user page tables left are init's: pgtables == init_pgtables;
  - the accounted-for pages dropped by exactly what init holds: its
    anonymous and shmem pages, its page tables and its pgd (one page) -
    everything the programs used came back.

test_leak_check_sees_a_file_left_behind proves that the check can fail: a
program that leaves a 64 KiB file in /tmp (16 pages of the RAM file system)
makes it come out 16 pages short.

test_vmbench (128 MiB, like the Debian figures in issue 5) and
test_vmbench_native print vmbench's BENCH lines; no figure is judged.
test_doc_commands runs every `$ ` command of docs/address-spaces.md.
"""
import os
import re
import shlex
import shutil
import subprocess
from contextlib import nullcontext

import pytest

import boot as pagoda
from test_boot import check
from test_user import check_tap

VM_TESTS = sorted(p.stem for p in (pagoda.ROOT / "user" / "tests").glob("vm_*.c"))
RAM = "64M"
TIMEOUT = 120			# seconds per boot, times PAGODA_TIMEOUT_SCALE
DOC = pagoda.ROOT / "docs" / "address-spaces.md"
BENCH_NAMES = ["anon_fault", "anon_touch_nofault", "fork_16m", "fork_64m", "copy_64m",
               "cow_break_child", "mmap_touch_munmap_1m"]
INIT_PGD_PAGES = 1		# init's pgd: not counted in pgtables (Linux's habit)


def _fields(line):
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def memory_report(result):
    """(baseline, end): the two memory lines' fields as dicts of pages."""
    base = [l for l in result.lines if l.startswith("init: memory baseline:")]
    end = [l for l in result.lines if l.startswith("reboot: memory:")]
    assert base, "no 'init: memory baseline:' line (kernel/init.c)"
    assert end, "no 'reboot: memory:' line (kernel/sys.c)"
    return _fields(base[-1]), _fields(end[-1])


def unaccounted_pages(result):
    """Pages that neither came back nor are init's own (0 when nothing leaked)."""
    base, end = memory_report(result)
    accounted = lambda m: m["free"] + m["slab"] + m["vmalloc"]
    init_holds = end["init_rss"] + end["init_pgtables"] + INIT_PGD_PAGES
    return accounted(base) - accounted(end) - init_holds


def check_no_leak(result):
    """The leak check (see the top)."""
    __tracebackhide__ = True
    base, end = memory_report(result)
    problems = []
    if end["pgtables"] != end["init_pgtables"]:
        problems.append(f"user page tables left: {end['pgtables']} pages, init holds "
                        f"{end['init_pgtables']}")
    missing = unaccounted_pages(result)
    if missing:
        problems.append(f"{missing} pages did not come back (baseline {base}, at reboot {end}; "
                        f"init holds rss + page tables + pgd)")
    if problems:
        raise AssertionError("leak check: " + "; ".join(problems))


@pytest.mark.parametrize("name", VM_TESTS)
def test_vm_program(boot, name):
    """run=<name> in a 64 MiB guest: clean TAP, pass, no page leaked."""
    r = boot(ram=RAM, cmdline=f"run={name}", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[
        "init: memory baseline:", f"init: running /bin/{name}",
        f"init: {name} exited with status 0", "init: all 1 programs passed", "reboot: memory:"])
    check_tap(r, [name])
    check_no_leak(r)


def test_vm_all_in_a_row(boot):
    """Every vm program in one 64 MiB boot; nothing leaked at the end."""
    r = boot(ram=RAM, cmdline="run=" + ",".join(VM_TESTS), timeout=TIMEOUT * 3)
    check(r, "pass", ktap=False, expect_lines=[f"init: all {len(VM_TESTS)} programs passed"])
    check_tap(r, VM_TESTS)
    check_no_leak(r)


def test_cow_reuse_counted_by_the_kernel(boot):
    """vm_cow_reuse's two reuse scenarios write 1024 pages each after their
    child is gone: the kernel counts a reuse (pgreuse, no copy) for each -
    what /proc/self/pagemap shows natively and Pagoda cannot show to user
    space."""
    r = boot(ram="128M", cmdline="run=vm_cow_reuse", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=["init: vm_cow_reuse exited with status 0"])
    _, end = memory_report(r)
    assert end["pgreuse"] >= 2 * 1024, f"pgreuse={end['pgreuse']}: the writes were copies"
    check_no_leak(r)


# ---- the leak check can fail ----

LEAVE_FILE_C = r'''
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
	static char buf[65536];
	int fd = open("/tmp/left-behind", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	memset(buf, 'x', sizeof(buf));
	return fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf);
}
'''


@pytest.fixture(scope="module")
def leave_file_dir(tmp_path_factory):
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is missing: install musl-tools (make deps)")
    d = tmp_path_factory.mktemp("leave")
    (d / "leave_file.c").write_text(LEAVE_FILE_C)
    subprocess.run(["musl-gcc", "-static", "-O2", "-o", str(d / "leave_file"),
                    str(d / "leave_file.c")], check=True)
    (d / "leave_file.c").unlink()
    return d


def test_leak_check_sees_a_file_left_behind(boot, leave_file_dir):
    """A 64 KiB file left in /tmp holds 16 pages of the RAM file system: the
    leak check must come out exactly 16 pages short."""
    r = boot(ram=RAM, cmdline="run=leave_file", timeout=TIMEOUT, extra=leave_file_dir)
    check(r, "pass", ktap=False, expect_lines=["init: leave_file exited with status 0"])
    assert unaccounted_pages(r) == 16, f"unaccounted: {unaccounted_pages(r)}, expected 16"
    with pytest.raises(AssertionError, match="16 pages did not come back"):
        check_no_leak(r)


# ---- vmbench ----

BENCH_LINE = re.compile(r"^BENCH name=(\S+) unit=(us|ns) value=[0-9.]+ iterations=\d+")


def test_vmbench(boot):
    """vmbench in 128 MiB prints its BENCH lines (a benchmark: not judged)."""
    r = boot(ram="128M", cmdline="run=vmbench", timeout=TIMEOUT * 2)
    check(r, "pass", ktap=False, expect_lines=["init: vmbench exited with status 0"])
    names = [m.group(1) for m in map(BENCH_LINE.match, r.lines) if m]
    assert names == BENCH_NAMES, names
    check_no_leak(r)
    print("\n".join(l for l in r.lines if l.startswith("BENCH")))


def test_vmbench_native(tmp_path):
    """The same binary on the host prints the same lines."""
    builddir = pagoda.build_dir()
    with pagoda._build_lock(builddir):
        subprocess.run(["make", "-C", str(pagoda.ROOT / "user"), f"B={builddir}"], check=True,
                       stdout=subprocess.DEVNULL)
    p = subprocess.run([str(builddir / "user" / "vmbench")], cwd=tmp_path, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, p.stdout
    names = [m.group(1) for m in map(BENCH_LINE.match, p.stdout.splitlines()) if m]
    assert names == BENCH_NAMES, p.stdout
    print(p.stdout)


# ---- the chapter's commands ----

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


def test_doc_commands(pagoda_kernel, request):
    """Each command of docs/address-spaces.md runs and exits 0, from the
    top of the tree, against this run's build directory ("build/" in a
    command means it; B= and PAGODA_BUILD are set to it)."""
    commands = doc_commands()
    assert len(commands) >= 5, f"only {len(commands)} commands found in {DOC}"
    builddir = pagoda.build_dir()
    env = dict(os.environ, B=str(builddir), PAGODA_BUILD=str(builddir))
    log = builddir / "test-logs" / f"{request.node.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    scale = float(os.environ.get("PAGODA_TIMEOUT_SCALE", "1"))
    with open(log, "w") as out:
        for cmd in commands:
            real = re.sub(r"(?<![\w/.-])build/", shlex.quote(str(builddir)) + "/", cmd)
            out.write(f"$ {real}\n")
            out.flush()
            # make must not race another worker's build of the same directory;
            # boot.py takes the lock itself (holding it here would deadlock)
            lock = pagoda._build_lock(builddir) if cmd.startswith("make ") else nullcontext()
            with lock:
                p = subprocess.run(["bash", "-c", real], cwd=pagoda.ROOT, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   timeout=300 * scale)
            out.write(p.stdout)
            assert p.returncode == 0, f"`{cmd}` exited {p.returncode}:\n{p.stdout[-3000:]}"
