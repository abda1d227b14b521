"""tests/test_user.py - user programs booted in Pagoda (DESIGN.md §9, layer 3).

init (user/init.c, PID 1) runs the programs of `run=a:arg,b` in turn and
prints "init: <prog> exited with status N" for each, then powers off: pass
(QEMU 33) when all exited 0, fail (QEMU 35) otherwise.  The scenarios:

  - each program of user/tests/ alone (`run=<name>`): its TAP must be clean;
  - all of them in a row in one boot;
  - init's own behaviour: colon arguments, a missing program and a failing
    one reported and failing the boot;
  - bench, printing its BENCH lines;
  - programs built outside the tree, added with --extra DIR (boot.py): one
    that passes, one killed by SIGSEGV (init names the signal and the kernel
    logs its "segfault at" line);
  - the interactive shell - busybox's ash, /bin/sh - driven over the serial
    console (boot.py's boot_console): run programs, cd/pwd, a missing
    command, exit (init starts the shell again), ^D, and poweroff ending the
    boot with QEMU 33 (tests/test_busybox.py drives busybox further).

Each program's TAP is judged separately: the log is cut at init's
"init: running" lines.  The same binaries pass natively on the host
(tests/test_user_native.py), which proves the tests right.
"""
import re
import shutil
import subprocess

import pytest

import boot as pagoda
from test_boot import check

# Every user test program, except the OOM ones: they fill memory on purpose
# and are sized for the 64 MiB guest, without swap, that tests/test_oom.py
# boots them in (each checks the exact kill lines there).
USER_TESTS = sorted(p.stem for p in (pagoda.ROOT / "user" / "tests").glob("*.c")
                    if not p.stem.startswith("oom_"))
TIMEOUT = 120		# seconds per boot, times PAGODA_TIMEOUT_SCALE

# Kernel log lines that a test program causes on purpose, in order.
EXPECTED_LOG = {
    "crash": ["]: segfault at 0 ip"],		# "crash[pid]: segfault at 0 ip ..."
}


def sections(result):
    """The log cut at init's "init: running <path>" lines: {name: text}."""
    out, name, buf = {}, None, []
    for line in result.lines:
        m = re.match(r"init: running (\S+)", line)
        if m:
            if name:
                out[name] = "\n".join(buf)
            name, buf = m.group(1).rsplit("/", 1)[-1], []
        elif name:
            buf.append(line)
    if name:
        out[name] = "\n".join(buf)
    return out


def check_tap(result, names):
    """Each named program printed clean, complete TAP and exited 0."""
    __tracebackhide__ = True
    problems = []
    parts = sections(result)
    for name in names:
        if name not in parts:
            problems.append(f"{name}: never started")
            continue
        tap = pagoda.parse_ktap(parts[name])
        if not tap.ok or not tap.cases:
            problems.append(f"{name}: {tap.summary()}; not ok: {tap.failures}; {tap.errors[:3]}")
        if f"init: {name} exited with status 0" not in parts[name]:
            ends = [l for l in parts[name].splitlines() if l.startswith(f"init: {name} ")]
            problems.append(f"{name}: {ends[-1] if ends else 'no exit status'}")
    if problems:
        raise AssertionError("\n".join(problems))


@pytest.mark.parametrize("name", USER_TESTS)
def test_user_program(boot, name):
    """run=<name>: the program's TAP is clean and init powers off with pass."""
    r = boot(cmdline=f"run={name}", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[f"init: running /bin/{name}"]
          + EXPECTED_LOG.get(name, [])
          + [f"init: {name} exited with status 0", "init: all 1 programs passed"])
    check_tap(r, [name])


def test_user_all_in_a_row(boot):
    """Every user test in one boot, one after the other."""
    r = boot(cmdline="run=" + ",".join(USER_TESTS), timeout=TIMEOUT * 4)
    check(r, "pass", ktap=False,
          expect_lines=[f"init: all {len(USER_TESTS)} programs passed"])
    check_tap(r, USER_TESTS)


def test_init_colon_arguments(boot):
    """run=echo:hello:world runs `echo hello world`."""
    r = boot(cmdline="run=echo:hello:world,true", timeout=TIMEOUT)
    check(r, "pass", ktap=False, expect_lines=[
        "init: running /bin/echo hello world", "hello world",
        "init: echo exited with status 0", "init: running /bin/true",
        "init: true exited with status 0", "init: all 2 programs passed"])


def test_init_reports_failure(boot):
    """A missing program and a non-zero exit fail the boot (QEMU 35), and
    init still runs the programs after them."""
    r = boot(cmdline="run=nosuch,true,poweroff:--bad-option,true", timeout=TIMEOUT)
    check(r, "fail", ktap=False, expect_lines=[
        "init: cannot run /bin/nosuch: No such file or directory",
        "init: nosuch exited with status 127",
        "init: true exited with status 0",
        "init: poweroff exited with status 2",
        "init: true exited with status 0",
        "init: 2 of 4 programs failed"])


def test_bench(boot):
    """bench prints its four BENCH lines (a benchmark: no figure is judged)."""
    r = boot(cmdline="run=bench", timeout=TIMEOUT * 2)
    check(r, "pass", ktap=False, expect_lines=[
        "BENCH name=getppid unit=ns", "BENCH name=fork_exit_wait4 unit=us",
        "BENCH name=fork_execve_wait4 unit=us", "BENCH name=pipe_pingpong unit=us",
        "init: all 1 programs passed"])


# ---- programs from outside the tree: --extra ----

HELLO_C = r'''
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	printf("hello from %s, pid %d, argc %d\n", argv[0], getpid(), argc);
	return 0;
}
'''

SEGV_C = r'''
int main(void)
{
	return *(volatile int *)0;
}
'''


@pytest.fixture(scope="module")
def extra_dir(tmp_path_factory):
    """A directory with two static programs built here with musl-gcc."""
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is missing: install musl-tools (make deps)")
    d = tmp_path_factory.mktemp("extra")
    for name, src in [("hello_extra", HELLO_C), ("segv_extra", SEGV_C)]:
        (d / f"{name}.c").write_text(src)
        subprocess.run(["musl-gcc", "-static", "-O2", "-o", str(d / name), str(d / f"{name}.c")],
                       check=True)
        (d / f"{name}.c").unlink()
    return d


def test_extra_program_runs(boot, extra_dir):
    """A program built outside the tree, packed with --extra, runs from /bin."""
    r = boot(cmdline="run=hello_extra:arg", timeout=TIMEOUT, extra=extra_dir)
    check(r, "pass", ktap=False, expect_lines=[
        "argc 2",			# "hello from hello_extra, pid N, argc 2"
        "init: hello_extra exited with status 0", "init: all 1 programs passed"])


def test_extra_program_segfaults(boot, extra_dir):
    """A NULL dereference: the kernel logs Linux's segfault line, init names
    the signal, and the boot fails."""
    r = boot(cmdline="run=segv_extra,true", timeout=TIMEOUT, extra=extra_dir)
    check(r, "fail", ktap=False, expect_lines=[
        "]: segfault at 0 ip",		# "segv_extra[pid]: segfault at 0 ip ..."
        "init: segv_extra killed by signal 11 (SIGSEGV)",
        "init: true exited with status 0",
        "init: 1 of 2 programs failed"])


# ---- the interactive shell over the serial console ----

def test_shell_over_the_serial_console(pagoda_kernel, request):
    """No run=: init starts /bin/sh (busybox ash, prompt "~ # ") on the
    console.  Type commands, read their output, `exit 5` (init reports it
    and starts a new shell), ^D (the same, status 0), and poweroff (busybox's:
    it signals init with SIGUSR2), which ends the boot with the pass status."""
    log = pagoda.build_dir() / "test-logs" / f"{request.node.name}.log"
    with pagoda.boot_console(log_path=log, build=False) as con:
        try:
            con.expect("# ", timeout=TIMEOUT)
            con.send_line("echo 'ab''cd'  ef")		# the output differs from the echo
            con.expect("abcd ef\n")
            con.expect("# ")
            con.send_line("cd /tmp")
            con.expect("# ")
            con.send_line("pwd")
            con.expect("pwd")				# the terminal's echo of the line
            con.expect("/tmp\n")
            con.expect("/tmp # ")			# ash's prompt shows the directory
            con.send_line("nosuchcmd")
            con.expect("sh: nosuchcmd: not found")
            con.expect("# ")
            con.send_line("exit 5")
            con.expect("init: /bin/sh exited with status 5")
            con.expect("# ", timeout=TIMEOUT)
            con.send("\x04")				# ^D on an empty line: EOF
            con.expect("init: /bin/sh exited with status 0")
            con.expect("# ", timeout=TIMEOUT)
            con.send_line("true")
            con.expect("# ")
            con.send_line("poweroff")
            con.expect("init: SIGUSR2 received: powering off")
        except pagoda.ConsoleTimeout as e:
            r = con.wait(timeout=5)
            pytest.fail(f"{e}\n--- log: {log}", pytrace=False)
        r = con.wait(timeout=TIMEOUT)
    request.node.user_properties.append(
        ("pagoda_boot", f"{r.seconds:6.2f} s  {r.status:<7}  -m 128M  -smp 1  "
                        "(no command line: the shell over the console)"))
    check(r, "pass", ktap=False)
