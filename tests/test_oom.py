"""tests/test_oom.py - the OOM killer without swap (issue 6): a 64 MiB guest,
no swap disk, user programs that run a memory hog on purpose.

  - test_oom_kills_the_hog (user/tests/oom_kill.c): a hog is killed with
    SIGKILL and the kill is logged with Linux's lines - the "invoked
    oom-killer" header with the gfp mask, the task table, the "oom-kill:"
    summary and "Out of memory: Killed process PID (comm) total-vm:...";
    the PIDs killed are exactly the ones the program expects: the hog; then
    the small process with oom_score_adj=1000 before the bigger hog; then,
    with a bigger process protected by oom_score_adj=-1000, the hog again.
    A bystander's memory stays intact (the program checks it), init
    survives (it runs to the end and powers off), every page comes back
    (the leak check of tests/test_vm.py).
  - test_oom_ten_rounds (user/tests/oom_rounds.c): ten hogs in a row, each
    killed; free memory back at the baseline after each round (checked by
    the program with sysinfo), and exactly at the reboot (the leak check).
  - test_oom_score_adj_file: /proc/self/oom_score_adj's proc(5) semantics
    (user/tests/oom_score_adj.c also passes natively).

The BENCH line oom_kill_latency (the hog's last allocation to its parent
seeing its death) is printed, never judged.
"""
import re

from test_boot import check
from test_user import check_tap
from test_vm import check_no_leak

RAM = "64M"
TIMEOUT = 180

HEADER = "oom_kill invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"
TABLE = "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"
KILLED = re.compile(r"Out of memory: Killed process (\d+) \((\S+)\) total-vm:\d+kB, "
                    r"anon-rss:\d+kB, file-rss:\d+kB, shmem-rss:\d+kB, UID:0 "
                    r"pgtables:\d+kB oom_score_adj:(-?\d+)$")
TASK_ROW = re.compile(r"\[ *(\d+)\] +0 +(\d+) +\d+ +\d+ +\d+ +\d+ +(-?\d+) (\S+)$")


def strip(line):
    return re.sub(r"^\[ *\d+\.\d+\] ", "", line)


def kills(result):
    """[(pid, comm, oom_score_adj)] of every "Out of memory: Killed process" line."""
    out = []
    for line in result.lines:
        m = KILLED.search(strip(line))
        if m:
            out.append((int(m.group(1)), m.group(2), int(m.group(3))))
    return out


def diag_pids(result, what):
    """The pids of the program's "# <what> pid N" diagnostics, in order."""
    return [int(m.group(1)) for line in result.lines
            for m in [re.search(rf"# {what} pid (\d+)", line)] if m]


def test_oom_kills_the_hog(boot):
    r = boot(ram=RAM, cmdline="run=oom_kill", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[
        HEADER, "Call Trace:", "Mem-Info:", "Tasks state (memory values in pages):", TABLE,
        "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom",
        "Out of memory: Killed process", "BENCH name=oom_kill_latency unit=us value=",
        "init: oom_kill exited with status 0", "init: all 1 programs passed"])
    check_tap(r, ["oom_kill"])
    hogs = diag_pids(r, "hog")
    steer = [int(m.group(1)) for line in r.lines
             for m in [re.search(r"oom_score_adj=1000 pid (\d+)", line)] if m]
    protected = [int(m.group(1)) for line in r.lines
                 for m in [re.search(r"oom_score_adj=-1000 pid (\d+)", line)] if m]
    assert len(hogs) == 3 and len(steer) == 1 and len(protected) == 1, hogs
    got = kills(r)
    assert [(pid, adj) for pid, _, adj in got] == [
        (hogs[0], 0), (steer[0], 1000), (hogs[1], 0), (hogs[2], 0)], got
    assert all(comm == "oom_kill" for _, comm, _ in got), got
    # The task table of every kill lists init, which is never chosen.
    rows = [TASK_ROW.search(strip(l)) for l in r.lines]
    assert any(m and m.group(1) == "1" and m.group(4) == "init" for m in rows)
    assert not any("Attempted to kill init" in l for l in r.lines)
    check_no_leak(r)


def test_oom_ten_rounds(boot):
    r = boot(ram=RAM, cmdline="run=oom_rounds", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=["init: all 1 programs passed"])
    check_tap(r, ["oom_rounds"])
    hogs = diag_pids(r, "hog")
    assert len(hogs) == 10
    assert [pid for pid, _, _ in kills(r)] == hogs
    check_no_leak(r)


def test_oom_score_adj_file(boot):
    r = boot(ram=RAM, cmdline="run=oom_score_adj", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=["init: all 1 programs passed"])
    check_tap(r, ["oom_score_adj"])
