"""tests/test_boot.py - boot scenarios: Pagoda in QEMU, judged by its serial log.

Each scenario names the RAM, CPUs and command line of one boot and the
outcome it expects (DESIGN.md §6, §9).  A scenario fails on the wrong exit
status, a timeout, any `not ok`, a missing or short KTAP plan, or a
`Kernel panic`/`Oops`/`BUG:` line it did not expect.  Scenarios that expect
a failure (the failing ktest suite, the oopses) assert the exact lines, so
that they too can fail.  Serial logs: <builddir>/test-logs/<test>.log.

The scenarios at the end test the harness itself: a boot that times out,
QEMU that cannot start, QEMU that prints nothing, and `make debug`'s gdb.
"""
import os
import re
import socket
import subprocess
import sys

import pytest

import boot as pagoda

TIMEOUT = 60		# seconds per boot, times PAGODA_TIMEOUT_SCALE (a boot takes ~1 s)


def check(result, status="pass", expect_lines=(), ktap=True):
    """Asserts that a boot ended as expected.

    status: the expected Result.status; pass/fail/panic also fix QEMU's exit
    status (33/35/37).  expect_lines: substrings that must each appear in
    some log line (printk prefix removed), in this order.  ktap: for a pass,
    the KTAP must be present, complete and fully ok.  Oops and panic lines
    are allowed only when status is "panic"."""
    __tracebackhide__ = True		# pytest: show the scenario's line, not this one
    problems = []
    qemu_status = {"pass": 33, "fail": 35, "panic": 37}.get(status)
    if result.status != status or (qemu_status and result.exitcode != qemu_status):
        problems.append(f"ended {result.status} (QEMU exit {result.exitcode}), "
                        f"expected {status} (QEMU exit {qemu_status})")
        if result.message:
            problems.append(result.message)
    if status != "panic" and result.oops:
        problems.append("unexpected oops/panic lines:\n    " + "\n    ".join(result.oops))
    if status == "pass" and ktap:
        k = result.ktap
        if not k.ok:
            problems.append(f"KTAP not clean: {k.summary()}; not ok: {k.failures}")
        elif not k.cases:
            problems.append("KTAP ran no test case")
    problems += missing_lines(result, expect_lines)
    if problems:
        raise AssertionError("\n".join(problems))


def missing_lines(result, expect_lines):
    """The expected substrings not found in order in the log's lines."""
    lines = result.lines
    at = 0
    missing = []
    for want in expect_lines:
        for i in range(at, len(lines)):
            if want in lines[i]:
                at = i + 1
                break
        else:
            missing.append(f"missing from the log (in order): {want!r}")
    return missing


# ---- ktest=all ----

@pytest.mark.parametrize("ram", ["32M", "128M", "1G", "4G"])
def test_ktest_all(boot, ram):
    """Every non-manual suite passes, whatever the memory size."""
    r = boot(ram=ram, cmdline="ktest=all", timeout=TIMEOUT)
    check(r, "pass")
    assert "ktest" in [s.name for s in r.ktap.root.results], "the ktest suite did not run"


# ---- the harness sees failures ----

def test_failing_suite_is_reported_failed(boot):
    """ktest_selftest_fail fails on purpose: one EXPECT, one ASSERT, one
    pass, one skip.  QEMU must exit 35 and KTAP name exactly the two."""
    r = boot(cmdline="ktest=ktest_selftest_fail", timeout=TIMEOUT)
    check(r, "fail", expect_lines=[
        "# selftest_expect_fails: EXPECTATION FAILED at kernel/ktest_selftest.c:",
        "# selftest_expect_fails: still running after a failed EXPECT",
        "not ok 1 selftest_expect_fails",
        "# selftest_assert_fails: ASSERTION FAILED at kernel/ktest_selftest.c:",
        "not ok 2 selftest_assert_fails",
        "ok 3 selftest_passes",
        "ok 4 selftest_skips # SKIP skipped on purpose",
        "not ok 1 ktest_selftest_fail",
    ])
    k = r.ktap
    assert k.errors == [], k.errors
    assert k.failures == ["ktest_selftest_fail.selftest_expect_fails",
                          "ktest_selftest_fail.selftest_assert_fails"]
    assert k.passed == ["ktest_selftest_fail.selftest_passes"]
    assert k.skipped == ["ktest_selftest_fail.selftest_skips"]
    assert "the case went on" not in r.log


def test_failing_suite_init_is_reported_failed(boot):
    """A suite whose init fails is not ok, runs no case, and its plan is short."""
    r = boot(cmdline="ktest=ktest_selftest_init_fail", timeout=TIMEOUT)
    check(r, "fail", expect_lines=["# failed to initialise (-19)",
                                   "not ok 1 ktest_selftest_init_fail"])
    assert r.ktap.failures == ["ktest_selftest_init_fail"]
    assert r.ktap.errors == ["ktest_selftest_init_fail: short plan: 1..1 planned, 0 reported"]
    assert "a case ran" not in r.log


def test_unknown_suite_fails(boot):
    """ktest= naming no suite is a failed run, not an empty pass."""
    r = boot(cmdline="ktest=no_such_suite", timeout=TIMEOUT)
    check(r, "fail", expect_lines=['ktest: "no_such_suite" matches no test suite or case'])


# ---- oopses on purpose (arch/x86_64/traps_test.c, suite oops_selftest) ----

TRAPS_TEST = "arch/x86_64/traps_test.c"
UNMAPPED = "ffffc88000000000"		# traps_test.c's UNMAPPED_KERNEL_ADDR

# case -> the lines its oops must show, in order, before RIP and the trace.
OOPS_LINES = {
    "ud2": ["Oops: invalid opcode: 0000 [#1]"],
    "null_deref": ["BUG: kernel NULL pointer dereference, address: 0000000000000000",
                   "#PF: supervisor read access in kernel mode",
                   "#PF: error_code(0x0000) - not-present page",
                   "Oops: 0000 [#1]"],
    "unmapped_write": [f"BUG: unable to handle page fault for address: {UNMAPPED}",
                       "#PF: supervisor write access in kernel mode",
                       "#PF: error_code(0x0002) - not-present page",
                       "Oops: 0002 [#1]"],
    "bug_on": ["------------[ cut here ]------------",
               f"kernel BUG at {TRAPS_TEST}:",
               "Oops: invalid opcode: 0000 [#1]"],
    "divide_error": ["Oops: divide error: 0000 [#1]"],
    "general_protection": ["Oops: general protection fault: 0000 [#1]"],
    "double_fault": ["PANIC: double fault, error_code: 0x0",
                     "Oops: double fault: 0000 [#1]"],
    "stack_overflow": ["BUG: TASK stack guard page was hit at ",
                       "Oops: stack guard page: 0000 [#1]"],
}
# As in Linux, the function that faulted is on the RIP line and the call
# trace lists its callers.  By default that function is the case itself and
# the trace must reach the ktest runner and the bottom of its task's stack
# (ret_from_fork_asm: the tests run in a kernel thread); the exceptions:
OOPS_RIP = {"bug_on": "__bug", "stack_overflow": "traps_test_recurse"}
OOPS_TRACE = {
    "bug_on": ["bug_on", "ktest_run_case", "ret_from_fork_asm"],
    # 32 frames of recursion fill the trace before it reaches the runner.
    "stack_overflow": ["traps_test_recurse"],
}
DEFAULT_TRACE = ["ktest_run_case", "ret_from_fork_asm"]


def call_trace(lines):
    """The frames after the first "Call Trace:" line, as "function+0xoff/0xsize"
    (a leading "? " dropped); stack markers such as <TASK> are skipped."""
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Call Trace:")
    except StopIteration:
        return []
    frames = []
    for line in lines[start + 1:]:
        frame = line.strip()
        if re.fullmatch(r"</?[#\w]+>", frame):
            continue
        frame = frame[2:] if frame.startswith("? ") else frame
        if not re.fullmatch(r"[\w.]+\+0x[0-9a-f]+/0x[0-9a-f]+|0x[0-9a-f]+", frame):
            break
        frames.append(frame)
    return frames


def require_traps_test():
    if not (pagoda.ROOT / TRAPS_TEST).exists():
        pytest.fail(f"{TRAPS_TEST} does not exist yet")


@pytest.mark.parametrize("case", sorted(OOPS_LINES))
def test_oops(boot, case):
    """Each case faults on purpose: a Linux-shaped oops with a symbolized
    RIP and call trace, then "Kernel panic - not syncing: Fatal exception"
    and QEMU's panic status (37)."""
    require_traps_test()
    r = boot(cmdline=f"ktest=oops_selftest.{case}", timeout=TIMEOUT)
    check(r, "panic", expect_lines=OOPS_LINES[case] + [
        f"RIP: 0010:{OOPS_RIP.get(case, case)}+0x",
        "Call Trace:",
        "---[ end trace",
        "Kernel panic - not syncing: Fatal exception",
    ])
    trace = call_trace(r.lines)
    functions = {frame.split("+")[0] for frame in trace}
    missing = [fn for fn in OOPS_TRACE.get(case, DEFAULT_TRACE) if fn not in functions]
    assert not missing, f"not in the call trace: {missing}; the trace: {trace}"
    assert not r.ktap.failures, "no case may fail before the oops"


def test_oops_while_oopsing_halts(boot):
    """A fault while an oops is printing: one line, no recursion, status 37."""
    require_traps_test()
    r = boot(cmdline="ktest=oops_selftest.nested_fault", timeout=TIMEOUT)
    check(r, "panic", expect_lines=["BUG: invalid opcode (vector 6) at RIP "])
    assert any(line.endswith("while oopsing; halting") for line in r.lines), r.tail()
    assert "Call Trace:" not in r.log


# ---- command line ----

def test_malformed_command_line_still_boots(boot):
    """Bad parameters are warned about and ignored, never fatal (DESIGN.md §5)."""
    r = boot(cmdline="loglevel=abc bogus_param=1 ktest=all", timeout=TIMEOUT)
    check(r, "pass", expect_lines=[
        "Malformed value for parameter 'loglevel'",
        'Unknown kernel command line parameters "bogus_param"',
    ])


# ---- the harness itself ----

def test_timeout_is_reported(boot):
    """A run that outlives its timeout is killed and reported as such (exit 3)."""
    r = boot(cmdline="ktest=all", timeout=0.3 / pagoda.timeout_scale())
    assert (r.status, r.exit_status, r.exitcode) == ("timeout", 3, None), r.message


def test_qemu_that_cannot_start_fails_at_once(boot):
    """A bad -m: QEMU's own error is reported (exit 4), no waiting for a timeout."""
    r = boot(ram="0x", timeout=TIMEOUT)
    assert (r.status, r.exit_status) == ("error", 4), r.message
    assert "-m 0x" in r.message and "QEMU's stderr" in r.message


def fake_qemu(tmp_path, monkeypatch, script):
    """Makes boot.py run `script` (sh) instead of QEMU."""
    fake = tmp_path / "fake-qemu"
    fake.write_text("#!/bin/sh\n" + script + "\n")
    fake.chmod(0o755)
    monkeypatch.setenv("QEMU", str(fake))


def test_silent_qemu_is_killed(boot, tmp_path, monkeypatch):
    """QEMU alive but printing nothing: killed after NO_OUTPUT_LIMIT, exit 4."""
    fake_qemu(tmp_path, monkeypatch, "echo 'stuck in the firmware' >&2; exec sleep 600")
    monkeypatch.setattr(pagoda, "NO_OUTPUT_LIMIT", 0.5 / pagoda.timeout_scale())
    r = boot(timeout=TIMEOUT)
    assert (r.status, r.exit_status) == ("error", 4), r.message
    assert "printed nothing" in r.message and "stuck in the firmware" in r.message


def test_unexpected_qemu_exit_is_an_error(boot, tmp_path, monkeypatch):
    """Output, then an exit status that is no Pagoda power-off (a triple fault)."""
    fake_qemu(tmp_path, monkeypatch, "echo 'Booting...'; exit 0")
    r = boot(timeout=TIMEOUT)
    assert (r.status, r.exit_status, r.exitcode) == ("error", 4, 0), r.message


def test_oops_line_overrides_a_pass(boot, tmp_path, monkeypatch):
    """An oops line means panic (exit 2) even if QEMU then exits 33."""
    fake_qemu(tmp_path, monkeypatch,
              "echo '[    1.000000] BUG: unable to handle page fault for address: 0'; exit 33")
    r = boot(timeout=TIMEOUT)
    assert (r.status, r.exit_status) == ("panic", 2)


def test_command_exit_statuses(pagoda_kernel, tmp_path):
    """boot.py as a command: --extra of a missing directory and a bad -m exit 4."""
    cmd = [sys.executable, str(pagoda.ROOT / "tests/boot.py")]
    env = dict(os.environ, PAGODA_NO_BUILD="1")	# pagoda_kernel has built it
    p = subprocess.run(cmd + ["--extra", str(tmp_path / "missing")], capture_output=True,
                       text=True, env=env)
    assert p.returncode == 4 and "not a directory" in p.stderr, p.stderr
    p = subprocess.run(cmd + ["--ram", "0x"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 4 and "-m 0x" in p.stderr, p.stderr


# ---- make debug ----

def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def test_make_debug_stops_at_start_kernel(pagoda_kernel):
    """tools/debug.sh (what `make debug` runs) with gdb in batch mode: the
    hardware breakpoint survives GRUB and the 32->64-bit switch, and the
    backtrace shows source lines."""
    env = dict(os.environ, GDB_PORT=str(free_port()), PAGODA_NO_BUILD="1")
    timeout = TIMEOUT * pagoda.timeout_scale()
    p = subprocess.run([str(pagoda.ROOT / "tools/debug.sh"), "128M", "",
                        "-batch", "-ex", "bt", "-ex", "info registers rip"],
                       cwd=pagoda.ROOT, env=env, capture_output=True, text=True,
                       timeout=timeout)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert re.search(r"#0\s+(0x[0-9a-f]+ in )?start_kernel \(.*\) at kernel/main\.c:\d+", out), out
    assert "Remote 'g' packet reply is too long" not in out, out
    assert re.search(r"rip\s+0xffffffff8[0-9a-f]+\s+0x[0-9a-f]+ <start_kernel", out), out
