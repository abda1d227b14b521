"""tests/conftest.py - pytest glue for Pagoda's boot scenarios.

Fixtures:
  pagoda_kernel  builds the kernel once per pytest process (make B=<builddir>
                 kernel, under boot.py's lock, so xdist workers do not race;
                 a kernel source edited during the run is not picked up)
  boot           boot(ram=, cmdline=, smp=, disk=, timeout=) -> boot.Result;
                 each boot's serial log is saved as
                 <builddir>/test-logs/<test name>.log (-2, -3... for a
                 test's second and later boots)

Reporting:
  - a failed test shows the last lines of each of its boots' serial logs;
  - the session ends with a "Pagoda boots" table: seconds per boot, status,
    RAM, CPUs and command line (collected from every xdist worker).

The build directory is env PAGODA_BUILD (default build/), as for boot.py;
`make test` sets it from the Makefile's B=.
"""
import re

import pytest

import boot as pagoda

LOG_TAIL_LINES = 40


_build_state = {}		# per process: "kernel" once built, "failed" once it failed


@pytest.fixture
def pagoda_kernel():
    """The kernel's path, built once per process.  If the build fails, the
    first test to need it shows the end of make's output, later ones a
    one-line pointer to it (not 30 copies of the same compiler errors)."""
    if "kernel" in _build_state:
        return _build_state["kernel"]
    if "failed" in _build_state:
        pytest.fail("the kernel did not build: see the first error", pytrace=False)
    try:
        _build_state["kernel"] = pagoda.build_kernel()
        return _build_state["kernel"]
    except pagoda.BootError as e:
        _build_state["failed"] = True
        message = "\n".join(str(e).splitlines()[-30:])
    pytest.fail(message, pytrace=False)


def _log_name(node_name: str, n: int) -> str:
    name = re.sub(r"[^A-Za-z0-9_.\[\]=+-]", "_", node_name)
    return f"{name}.log" if n == 1 else f"{name}-{n}.log"


@pytest.fixture
def boot(request, pagoda_kernel):
    """boot(ram="128M", cmdline="", smp=1, disk=None, timeout=60) -> Result."""
    results = []
    request.node.pagoda_results = results

    def _boot(ram="128M", cmdline="", smp=1, disk=None, timeout=60, **kwargs):
        log = pagoda.build_dir() / "test-logs" / _log_name(request.node.name, len(results) + 1)
        try:
            r = pagoda.boot(ram=ram, cmdline=cmdline, smp=smp, disk=disk, timeout=timeout,
                            log_path=log, build=False, **kwargs)
        except pagoda.BootError as e:
            message = str(e)
        else:
            results.append(r)
            request.node.user_properties.append(
                ("pagoda_boot", f"{r.seconds:6.2f} s  {r.status:<7}  -m {ram:<5} -smp {smp}  "
                                f"{cmdline or '(no command line)'}"))
            return r
        pytest.fail(message, pytrace=False)

    return _boot


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, appends each boot's log tail to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for r in getattr(item, "pagoda_results", []):
        title = f"serial log tail: {r.log_path} ({r.status}, {r.seconds:.2f} s)"
        body = r.tail(LOG_TAIL_LINES)
        if r.message:
            body += "\n--- harness ---\n" + r.message
        report.sections.append((title, body))


def pytest_terminal_summary(terminalreporter):
    """Prints how long each boot took."""
    rows = []
    for reports in terminalreporter.stats.values():
        for rep in reports:
            if getattr(rep, "when", None) != "call":
                continue
            for key, value in getattr(rep, "user_properties", []):
                if key == "pagoda_boot":
                    rows.append((rep.nodeid.split("::")[-1], value))
    if not rows:
        return
    terminalreporter.section("Pagoda boots")
    width = max(len(name) for name, _ in rows)
    for name, value in sorted(rows):
        terminalreporter.write_line(f"{name:<{width}}  {value}")
