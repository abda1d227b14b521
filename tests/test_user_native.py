"""tests/test_user_native.py - the user test programs, run natively on the host.

Every program in user/tests/ is an ordinary static Linux binary (musl-gcc
-static) that prints TAP.  DESIGN.md §9: each must pass on the host's Linux
before its run inside Pagoda (tests/test_user.py) means anything — this
proves the test itself right.  One pytest test per program: it fails on a
non-zero exit, a `not ok`, or a missing or short plan, and shows the output.

Also here, natively: init's run= list handling (not being PID 1, it exits
0/1 instead of powering off), the small shell reading commands from a pipe,
and bench printing its BENCH lines.

The programs are built by `make -C user B=<builddir>` (under boot.py's
build lock).  Without musl-gcc (tools/deps.sh installs musl-tools) the
tests are skipped, saying so.
"""
import os
import re
import shutil
import subprocess

import pytest

import boot as pagoda

USER_DIR = pagoda.ROOT / "user"
TESTS = sorted(p.stem for p in (USER_DIR / "tests").glob("*.c"))
TIMEOUT = 300


@pytest.fixture(scope="session")
def user_bin():
    """Builds the user programs once per process; returns their directory."""
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is missing: install musl-tools (make deps)")
    builddir = pagoda.build_dir()
    builddir.mkdir(parents=True, exist_ok=True)
    with pagoda._build_lock(builddir):
        p = subprocess.run(["make", "-C", str(USER_DIR), f"B={builddir}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        pytest.fail(f"make -C user failed:\n{p.stdout[-4000:]}", pytrace=False)
    return builddir / "user"


def run(argv, cwd, **kwargs):
    return subprocess.run([str(a) for a in argv], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT,
                          stdin=kwargs.pop("stdin", subprocess.DEVNULL), **kwargs)


@pytest.mark.parametrize("name", TESTS)
def test_native(user_bin, name, tmp_path):
    """The program passes on the host: exit 0, a complete plan, no `not ok`."""
    p = run([user_bin / name], tmp_path)
    tap = pagoda.parse_ktap(p.stdout)
    assert p.returncode == 0 and tap.ok and tap.cases, (
        f"{name} exited {p.returncode}; {tap.summary()}; not ok: {tap.failures}; "
        f"{tap.errors[:5]}\n{p.stdout[-6000:]}")


def test_init_run_list(user_bin, tmp_path):
    """init runs a run= list in order, with colon arguments, and sums up."""
    env = dict(os.environ, run=f"{user_bin}/true,{user_bin}/echo:one:two words")
    p = run([user_bin / "init"], tmp_path, env=env)
    lines = [line for line in p.stdout.splitlines() if not line.startswith("init: warning")]
    assert p.returncode == 0, p.stdout
    assert lines == [f"init: running {user_bin}/true",
                     f"init: {user_bin}/true exited with status 0",
                     f"init: running {user_bin}/echo one two words",
                     "one two words",
                     f"init: {user_bin}/echo exited with status 0",
                     "init: all 2 programs passed"], p.stdout


def test_init_reports_failures(user_bin, tmp_path):
    """A missing program and a failing one are reported; init exits 1 (off PID 1)."""
    env = dict(os.environ, run=f"{user_bin}/true,{tmp_path}/nosuch,{user_bin}/poweroff:--bad")
    p = run([user_bin / "init"], tmp_path, env=env)
    assert p.returncode == 1, p.stdout
    for want in [f"init: cannot run {tmp_path}/nosuch: No such file or directory",
                 f"init: {tmp_path}/nosuch exited with status 127",
                 f"init: {user_bin}/poweroff exited with status 2",
                 "init: 2 of 3 programs failed"]:
        assert want in p.stdout.splitlines(), p.stdout


def test_init_reports_signals(user_bin, tmp_path):
    """A program killed by a signal is named with the signal."""
    script = tmp_path / "selfkill"
    script.write_text("#!/bin/sh\nkill -SEGV $$\n")
    script.chmod(0o755)
    p = run([user_bin / "init"], tmp_path, env=dict(os.environ, run=str(script)))
    assert p.returncode == 1
    assert f"init: {script} killed by signal 11 (SIGSEGV)" in p.stdout.splitlines(), p.stdout


def test_sh_from_a_pipe(user_bin, tmp_path):
    """The small shell: programs with quoted arguments, cd, pwd, exit N."""
    (tmp_path / "sub").mkdir()
    script = (f"{user_bin}/echo 'ab''cd' \"e f\"  g\n"
              f"cd sub\npwd\ncd /nonexistent\n"
              f"{user_bin}/nosuch\n# a comment\n\nexit 3\n{user_bin}/echo not reached\n")
    p = run([user_bin / "sh"], tmp_path, input=script, stdin=None)
    out = p.stdout.replace("$ ", "")
    assert p.returncode == 3, p.stdout
    assert "abcd e f g" in out.splitlines()
    assert str(tmp_path / "sub") in out.splitlines()
    assert "sh: cd: /nonexistent: No such file or directory" in out
    assert f"sh: {user_bin}/nosuch: No such file or directory" in out
    assert "not reached" not in out


def test_sh_reports_a_signal(user_bin, tmp_path):
    """A child killed by a signal is reported; `sh -c` runs one command."""
    p = run([user_bin / "sh", "-c", f"{user_bin}/crash"], tmp_path)	# passes: exit 0
    assert p.returncode == 0, p.stdout
    script = tmp_path / "selfkill"
    script.write_text("#!/bin/sh\nkill -SEGV $$\n")
    script.chmod(0o755)
    p = run([user_bin / "sh", "-c", str(script)], tmp_path)
    assert p.returncode == 128 + 11
    assert f"sh: {script}: killed by signal 11 (SIGSEGV)" in p.stdout, p.stdout


def test_poweroff_refuses_on_the_host(user_bin, tmp_path):
    """poweroff must not power the host off: uname does not say Pagoda."""
    p = run([user_bin / "poweroff"], tmp_path)
    assert p.returncode == 1 and "this is not Pagoda" in p.stdout, p.stdout


def test_bench_native(user_bin, tmp_path):
    """bench runs natively and prints its four BENCH lines (DESIGN.md §7)."""
    p = run([user_bin / "bench"], tmp_path)
    assert p.returncode == 0, p.stdout
    names = re.findall(r"^BENCH name=(\S+) unit=(?:ns|us) value=[0-9.]+ iterations=\d+$",
                       p.stdout, re.M)
    assert names == ["getppid", "fork_exit_wait4", "fork_execve_wait4", "pipe_pingpong"], p.stdout
    print(p.stdout)
