"""tests/test_busybox.py - busybox as Pagoda's shell, driven over the serial console.

`make run` boots to busybox's ash (/bin/sh in the initramfs, packed from the
host's busybox-static by tools/mkinitramfs.sh with a link per applet; init
starts it with the console as its controlling terminal).  These scripted
sessions prove that the commands a student uses to watch memory work, and
that they tell the truth where it can be cross-checked:

  - memory: free (its Mem: total is /proc/meminfo's MemTotal), cat
    /proc/meminfo, ps (init and the shell), top -b -n 1, uptime, dmesg
    (syslog(2) READ_ALL: the boot log), dmesg -c (READ_CLEAR: the log
    read after it no longer has the boot lines) and sysctl -a (every
    readable /proc/sys file, the write-only drop_caches skipped);
  - /proc/self: ls -l /proc/self/ (exe -> /bin/busybox), cat /proc/self/maps
    (busybox's text mapping in Linux's column layout, the stack), echo 500 >
    /proc/self/oom_score_adj (read back through /proc/$$), an out-of-range
    value refused with EINVAL;
  - the shell: pipes (a 20000-line one, larger than a pipe's buffer), > >>
    < 2> redirections, a background job with & and wait, kill of a
    background job (status 143), sleep, ^C of a foreground job (status 130:
    the tty's SIGINT reaches the job's process group, not the shell), a
    missing command, touch and chmod seen by ls -l;
  - each session ends with busybox's poweroff, which signals PID 1
    (SIGUSR2) the way busybox init expects: init powers off, QEMU exits 33.

Each command is sent as `CMD; echo "@@$((N+0)):$?"`: the shell prints
"@@N:<status>", which the terminal's echo of the typed line ("@@$((N+0))")
cannot match, so the output of CMD is what comes between the echoed line
and that marker.
"""
import re

import pytest

import boot as pagoda
from test_boot import check

TIMEOUT = 120		# seconds for the boot to reach the prompt / power off
CMD_TIMEOUT = 60	# seconds per command


class Shell:
    """An ash session on a Console: run(cmd) -> (output, exit status)."""

    def __init__(self, con):
        self.con = con
        self.n = 0

    def prompt(self, timeout=TIMEOUT):
        self.con.expect("# ", timeout=timeout)

    def run(self, cmd, timeout=CMD_TIMEOUT):
        self.n += 1
        tag = 1000 + self.n
        sep = " " if cmd.rstrip().endswith("&") else "; "
        self.con.send_line(f'{cmd}{sep}echo "@@$(({tag}+0)):$?"')
        seen = self.con.expect(f"@@{tag}:", timeout=timeout)
        status = int(self.con.expect("\n", timeout=timeout).strip())
        self.prompt()
        # The output starts after the terminal's echo of the line we typed.
        echoed = seen.find(':$?"')
        out = seen[echoed + len(':$?"'):] if echoed >= 0 else seen
        return out[:-len(f"@@{tag}:")].strip("\n"), status


def session(request, commands, extra_checks=None):
    """Boots to the busybox prompt, runs each command, powers off with
    busybox's poweroff.  Returns ({cmd: (output, status)}, Result)."""
    log = pagoda.build_dir() / "test-logs" / f"{request.node.name}.log"
    results = {}
    with pagoda.boot_console(log_path=log, build=False) as con:
        sh = Shell(con)
        try:
            sh.prompt()
            for cmd in commands:
                results[cmd] = sh.run(cmd)
            if extra_checks:
                extra_checks(sh, con, results)
            con.send_line("poweroff")
            con.expect("init: SIGUSR2 received: powering off", timeout=CMD_TIMEOUT)
        except pagoda.ConsoleTimeout as e:
            con.wait(timeout=5)
            pytest.fail(f"{e}\n--- log: {log}", pytrace=False)
        r = con.wait(timeout=TIMEOUT)
    request.node.user_properties.append(
        ("pagoda_boot", f"{r.seconds:6.2f} s  {r.status:<7}  -m 128M  -smp 1  "
                        "(no command line: a busybox sh session)"))
    return results, r


def expect_all(results, checks):
    """checks: [(cmd, predicate(output, status), what)]; fails listing every miss."""
    __tracebackhide__ = True
    misses = []
    for cmd, pred, what in checks:
        out, status = results[cmd]
        if not pred(out, status):
            misses.append(f"$ {cmd}\n  expected: {what}\n  status {status}, output:\n"
                          + "\n".join("    " + l for l in out.splitlines()[-25:]))
    if misses:
        raise AssertionError("\n".join(misses))


def meminfo_kb(text, field):
    m = re.search(rf"^{re.escape(field)}:\s+(\d+) kB$", text, re.M)
    return int(m.group(1)) if m else None


def test_memory_commands(pagoda_kernel, request):
    """free, /proc/meminfo, ps, top -b -n 1, uptime, dmesg and sysctl -a."""
    cmds = ["cat /proc/meminfo", "free", "ps", "top -b -n 1", "uptime", "dmesg", "sysctl -a"]
    res, r = session(request, cmds)
    check(r, "pass", ktap=False)
    meminfo = res["cat /proc/meminfo"][0]
    total = meminfo_kb(meminfo, "MemTotal")

    def free_ok(out, status):
        m = re.search(r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)", out, re.M)
        return status == 0 and m and int(m.group(1)) == total and re.search(r"^Swap:", out, re.M)

    expect_all(res, [
        ("cat /proc/meminfo", lambda o, s: s == 0 and total and total > 100000 and
         all(meminfo_kb(o, f) is not None for f in ("MemFree", "MemAvailable", "SwapTotal",
                                                     "AnonPages", "PageTables")),
         "MemTotal (> 100000 kB in a 128M guest), MemFree, MemAvailable, SwapTotal, ... in kB"),
        ("free", free_ok, f"a Mem: line whose total is MemTotal ({total} kB), and a Swap: line"),
        ("ps", lambda o, s: s == 0 and re.search(r"^\s*PID\s+USER\s+", o, re.M) and
         re.search(r"^\s*1 root\s+/init$", o, re.M) and re.search(r"root\s+/bin/sh$", o, re.M),
         "a PID USER header, init as PID 1 and the shell"),
        ("top -b -n 1", lambda o, s: s == 0 and re.search(r"^Mem: \d+K used, \d+K free", o, re.M)
         and re.search(r"^Load average: ", o, re.M) and re.search(r"^\s*PID\s+PPID\s+USER", o, re.M)
         and re.search(r"\s1\s+0 root\s+\S+\s+\d+\s+\S+\s+\S+ /init$", o, re.M),
         "Mem:/Load average: header lines and a process table with init"),
        ("uptime", lambda o, s: s == 0 and re.search(r" up .*load average: \d+\.\d\d, \d+\.\d\d, "
                                                     r"\d+\.\d\d$", o, re.M),
         "`HH:MM:SS up ..., load average: x.xx, x.xx, x.xx`"),
        ("dmesg", lambda o, s: s == 0 and "Run /init as init process" in o and
         "Memory: " in o, "the boot log, with its Memory: and Run /init lines"),
        # drop_caches is write-only: its open for reading is EACCES, which sysctl skips
        ("sysctl -a", lambda o, s: s == 0 and re.search(r"^vm\.swappiness = \d+$", o, re.M) and
         "drop_caches" not in o, "vm.swappiness = N, drop_caches skipped quietly, status 0"),
    ])


def test_dmesg_clear(pagoda_kernel, request):
    """dmesg -c (syslog READ_CLEAR) empties what the next dmesg shows; dmesg -n
    (CONSOLE_LEVEL) is accepted, and an invalid level refused."""
    cmds = ["dmesg | grep -c 'Run /init'", "dmesg -c >/dev/null", "dmesg | grep -c 'Run /init as'",
            "dmesg -n 8", "dmesg -n 99"]
    res, r = session(request, cmds)
    check(r, "pass", ktap=False)
    expect_all(res, [
        (cmds[0], lambda o, s: s == 0 and o.strip() == "1", "the boot line once"),
        (cmds[1], lambda o, s: s == 0, "status 0"),
        (cmds[2], lambda o, s: s == 1 and o.strip() == "0", "no boot line left (grep -c: 0, status 1)"),
        (cmds[3], lambda o, s: s == 0, "status 0"),
        (cmds[4], lambda o, s: s != 0, "a failure (level out of range: EINVAL)"),
    ])


def test_proc_self(pagoda_kernel, request):
    """ls -l /proc/self/, cat /proc/self/maps, oom_score_adj written by the shell."""
    cmds = ["ls -l /proc/self/", "cat /proc/self/maps",
            "echo 500 > /proc/self/oom_score_adj; cat /proc/$$/oom_score_adj",
            "echo 5000 > /proc/self/oom_score_adj", "cat /proc/$$/oom_score_adj"]
    res, r = session(request, cmds)
    check(r, "pass", ktap=False)
    maps_line = r"^[0-9a-f]{8,16}-[0-9a-f]{8,16} r-xp [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ +/bin/busybox$"
    expect_all(res, [
        (cmds[0], lambda o, s: s == 0 and re.search(r"exe -> /bin/busybox$", o, re.M) and
         all(re.search(rf" {f}$", o, re.M) for f in ("maps", "status", "stat", "statm", "cmdline",
                                                     "oom_score_adj", "smaps_rollup")),
         "exe -> /bin/busybox and the per-process files"),
        (cmds[1], lambda o, s: s == 0 and re.search(maps_line, o, re.M) and
         re.search(r" +\[stack\]$", o, re.M), "busybox's r-xp text mapping and [stack]"),
        (cmds[2], lambda o, s: s == 0 and o.strip().endswith("500"), "500 read back"),
        (cmds[3], lambda o, s: s != 0 and "Invalid argument" in o, "EINVAL for 5000"),
        (cmds[4], lambda o, s: s == 0 and o.strip() == "500", "still 500"),
    ])


def ctrl_c_foreground(sh, con, results):
    """A foreground cat reading the tty, interrupted with ^C: killed by
    SIGINT (status 130), and the shell lives on.  The line for cat is typed
    only once the shell runs the command line (its echo printed): typed
    earlier, ash's line editor would read it as its own type-ahead."""
    con.send_line("echo cat-starts; cat")
    con.expect("cat-starts\n", timeout=CMD_TIMEOUT)
    con.send_line("hello-cat")
    con.expect("hello-cat\nhello-cat\n", timeout=CMD_TIMEOUT)	# the tty's echo, then cat's copy
    con.send("\x03")
    sh.prompt()
    results["^C cat"] = sh.run("(exit $?)")		# the status cat ended with
    results["after ^C"] = sh.run("echo alive")


def test_shell_jobs_pipes_redirections(pagoda_kernel, request):
    """Pipes, redirections, &, wait, kill, sleep, ^C, a missing command, touch/chmod."""
    cmds = [
        "echo abc | tr a-z A-Z",
        "seq 1 20000 | wc -l",
        "echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f",
        "ls /nonexistent 2> /tmp/err; cat /tmp/err",
        "sleep 1 & echo started; wait $!; echo waited $?",
        "sleep 100 & pid=$!; sleep 1; kill $pid; wait $pid",
        "sleep 1",
        "nosuchcmd",
        "cat /proc/meminfo | grep MemTotal | wc -l",
        "touch /tmp/t; chmod 751 /tmp/t; ls -l /tmp/t",
    ]
    res, r = session(request, cmds, extra_checks=ctrl_c_foreground)
    check(r, "pass", ktap=False)
    expect_all(res, [
        (cmds[0], lambda o, s: s == 0 and o.strip() == "ABC", "ABC"),
        (cmds[1], lambda o, s: s == 0 and o.strip() == "20000", "20000"),
        (cmds[2], lambda o, s: s == 0 and o.strip() == "one\ntwo", "one, two"),
        (cmds[3], lambda o, s: s == 0 and "ls: /nonexistent: No such file or directory" in o,
         "ls's error, from the file"),
        (cmds[4], lambda o, s: s == 0 and "started" in o and "waited 0" in o, "started, waited 0"),
        (cmds[5], lambda o, s: s == 143, "status 143 (SIGTERM)"),
        (cmds[6], lambda o, s: s == 0, "status 0"),
        (cmds[7], lambda o, s: s == 127 and "nosuchcmd: not found" in o, "not found, status 127"),
        (cmds[8], lambda o, s: s == 0 and o.strip() == "1", "1"),
        (cmds[9], lambda o, s: s == 0 and re.match(r"-rwxr-x--x\s+1 root\s+root\s+0 .* /tmp/t$",
                                                   o.strip()), "-rwxr-x--x ... root root 0 ... /tmp/t"),
        ("^C cat", lambda o, s: s == 130, "status 130: cat killed by SIGINT"),
        ("after ^C", lambda o, s: s == 0 and o.strip() == "alive", "the shell lives on"),
    ])
