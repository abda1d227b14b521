"""Boot scenarios for the scheduler (kernel/sched/, arch/x86_64/apic.c, time.c).

The `sched` ktest suite itself runs in the ktest=all scenarios of
test_boot.py; here are the boots with their own expectations.
"""
from test_boot import TIMEOUT, check


def test_tick_and_scheduler_come_up(boot):
    """The boot log shows the scheduler, the APIC timer's calibration and
    HZ, and the sched suite passes."""
    r = boot(cmdline="ktest=sched", timeout=TIMEOUT)
    check(r, "pass", expect_lines=[
        "sched: round robin, time slice 10 ticks (100 ms), HZ=100, PREEMPT_NONE",
        "APIC: local APIC id 0",
        "APIC timer calibration: counting down against PIT channel 2",
        "..... calibration result: ",
        "APIC timer: periodic on vector 0xec, ",
        "ok 1 sched",
    ])


def test_kthread_stack_overflow_hits_the_guard_page(boot):
    """A kernel thread recursing without end runs into the unmapped page
    below its vmalloc'ed stack: a double fault on the #DF stack that names
    the stack guard page and the thread, not silent corruption."""
    r = boot(cmdline="ktest=sched_selftest.stack_overflow", timeout=TIMEOUT)
    check(r, "panic", expect_lines=[
        "BUG: TASK stack guard page was hit at ffffc9",
        "Oops: stack guard page: 0000 [#1]",
        "Comm: ktest_overflow",
        "RIP: 0010:recurse+0x",
        "Call Trace:",
        "Kernel panic - not syncing: Fatal exception",
    ])
    assert not r.ktap.failures, "no case may fail before the oops"
