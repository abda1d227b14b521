"""tests/test_host.py - the host unit tests (tests/host/) as pytest tests.

`make test` runs tests/host's programs itself first; this wrapper runs each
of them again (with a new random seed) so that their results are part of
pytest's summary: one pytest test per program, failing on a non-zero exit
(a failed check, or an ASan/UBSan report) or on a `not ok`/short plan in its
TAP output, and showing that output when it fails.
"""
import fcntl
import os
import subprocess

import pytest

import boot as pagoda

HOST_DIR = pagoda.ROOT / "tests" / "host"


def host_make(*args):
    """Runs make in tests/host with the build directory as B."""
    return subprocess.run(["make", "-s", "-C", str(HOST_DIR), f"B={pagoda.build_dir()}", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def host_tests():
    p = host_make("list")
    return p.stdout.split() if p.returncode == 0 else ["(make list failed)"]


@pytest.fixture(scope="session")
def host_binaries():
    """Builds every host test once per process (locked: xdist workers share the files)."""
    out = pagoda.build_dir() / "host"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        p = host_make("build")
    if p.returncode != 0:
        pytest.fail(f"make -C tests/host build failed:\n{p.stdout}", pytrace=False)
    return out


@pytest.mark.parametrize("name", host_tests())
def test_host(host_binaries, name):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1", UBSAN_OPTIONS="print_stacktrace=1")
    p = subprocess.run([str(host_binaries / name)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=env, timeout=600)
    tap = pagoda.parse_ktap(p.stdout)
    assert p.returncode == 0 and tap.ok and tap.cases, (
        f"{name} exited {p.returncode}; {tap.summary()}\n{p.stdout[-6000:]}")
