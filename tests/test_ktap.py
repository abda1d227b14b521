"""tests/test_ktap.py - the harness's KTAP parser (tests/boot.py), on made-up logs.

No QEMU here: each test feeds parse_ktap() a serial log written by hand, in
the shape kernel/ktest.c prints (KUnit's), printk prefixes included, and
checks what it reports.  The parser is what turns a kernel's output into a
verdict, so it must catch every way a run can go wrong: failures, missing or
short plans, results beyond the plan, a run cut off inside a suite.
"""
import textwrap

from boot import oops_lines, parse_ktap, strip_printk_prefix


def log(text: str, stamp: bool = True) -> str:
    """Dedents text and, if stamp, gives every line a printk prefix."""
    lines = textwrap.dedent(text).strip("\n").splitlines()
    if not stamp:
        return "\n".join(lines) + "\n"
    return "".join(f"[    0.{100000 + i:06d}] {line}\n" for i, line in enumerate(lines))


GOOD = """
    Pagoda version 0.1.0
    Kernel command line: ktest=all
    KTAP version 1
    1..2
        KTAP version 1
        # Subtest: string
        1..3
        ok 1 memparse_handles_suffixes
        ok 2 strscpy_truncates
        ok 3 kstrtoull_rejects_junk # SKIP not on this CPU
    # string: pass:2 fail:0 skip:1 total:3
    ok 1 string
        KTAP version 1
        # Subtest: params
        1..1
        ok 1 parse_args_warns_unknown
    # params: pass:1 fail:0 skip:0 total:1
    ok 2 params
    # Totals: pass:3 fail:0 skip:1 total:4
    BENCH name=ktest_all unit=ms value=12.000
"""


def test_strip_printk_prefix():
    assert strip_printk_prefix("[    0.123456] hello") == "hello"
    assert strip_printk_prefix("[12345.000001]     ok 1 x") == "    ok 1 x"
    assert strip_printk_prefix("no prefix") == "no prefix"


def test_clean_run_is_ok():
    k = parse_ktap(log(GOOD))
    assert k.found and k.ok, k.summary()
    assert k.errors == [] and k.failures == []
    assert k.passed == ["string.memparse_handles_suffixes", "string.strscpy_truncates",
                        "params.parse_args_warns_unknown"]
    assert k.skipped == ["string.kstrtoull_rejects_junk"]
    assert k.find("string.kstrtoull_rejects_junk").reason == "not on this CPU"
    assert [r.name for r in k.root.results] == ["string", "params"]


def test_without_printk_prefix():
    assert parse_ktap(log(GOOD, stamp=False)).ok


def test_no_ktap_is_not_ok():
    k = parse_ktap(log("Pagoda version 0.1.0\nPagoda is up; powering off."))
    assert not k.found and not k.ok
    assert "no KTAP output" in k.errors[0]


def test_failures_are_the_failing_cases_with_their_diagnostics():
    k = parse_ktap(log("""
        KTAP version 1
        1..1
            KTAP version 1
            # Subtest: selftest
            1..4
            # expect_fails: EXPECTATION FAILED at kernel/ktest_selftest.c:20
                Expected 1 == 2, but
            not ok 1 expect_fails
            # assert_fails: ASSERTION FAILED at kernel/ktest_selftest.c:30
            not ok 2 assert_fails
            ok 3 passes
            ok 4 skips # SKIP on purpose
        # selftest: pass:1 fail:2 skip:1 total:4
        not ok 1 selftest
    """))
    assert not k.ok and k.errors == []
    assert k.failures == ["selftest.expect_fails", "selftest.assert_fails"]
    assert k.passed == ["selftest.passes"] and k.skipped == ["selftest.skips"]
    diag = k.find("selftest.expect_fails").diagnostics
    assert diag[0].startswith("# expect_fails: EXPECTATION FAILED")
    assert diag[1] == "Expected 1 == 2, but"


def test_failed_suite_with_no_failed_case_is_a_failure():
    k = parse_ktap(log("""
        KTAP version 1
        1..1
            KTAP version 1
            # Subtest: mm
            1..0
            # failed to initialise (-12)
        not ok 1 mm
    """))
    assert k.failures == ["mm"]


def test_short_plan():
    k = parse_ktap(log("""
        KTAP version 1
        1..1
            KTAP version 1
            # Subtest: string
            1..3
            ok 1 a
            ok 2 b
        ok 1 string
    """))
    assert not k.ok
    assert k.errors == ["string: short plan: 1..3 planned, 2 reported"]


def test_missing_plan():
    k = parse_ktap(log("""
        KTAP version 1
            KTAP version 1
            # Subtest: string
            ok 1 a
        ok 1 string
    """))
    assert not k.ok
    assert set(k.errors) == {"(top level): no plan line (1..N)", "string: no plan line (1..N)"}


def test_results_beyond_the_plan():
    k = parse_ktap(log("""
        KTAP version 1
        1..1
            KTAP version 1
            # Subtest: string
            1..1
            ok 1 a
            ok 2 b
        ok 1 string
    """))
    assert not k.ok
    assert k.errors == ["string: result 2 (b) is beyond the plan 1..1"]


def test_run_cut_off_inside_a_suite():
    k = parse_ktap(log("""
        KTAP version 1
        1..2
            KTAP version 1
            # Subtest: string
            1..3
            ok 1 a
        BUG: unable to handle page fault for address: 0000000000000000
        Kernel panic - not syncing: Fatal exception
    """))
    assert not k.ok
    assert "string: suite ended without its result line (the run stopped inside it?)" in k.errors
    assert "string: short plan: 1..3 planned, 1 reported" in k.errors
    assert "(top level): short plan: 1..2 planned, 0 reported" in k.errors


def test_misnumbered_result():
    k = parse_ktap(log("""
        KTAP version 1
        1..2
        ok 1 a
        ok 3 b
    """))
    assert "(top level): result numbered 3, expected 2" in k.errors


def test_subtest_named_before_its_header_and_deeper_nesting():
    k = parse_ktap(log("""
        KTAP version 1
        1..1
            # Subtest: outer
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: inner
                1..1
                not ok 1 deep_case
            not ok 1 inner
        not ok 1 outer
    """))
    assert k.errors == []
    assert k.failures == ["outer.inner.deep_case"]
    assert k.root.results[0].subtest.name == "outer"


def test_oops_lines():
    text = log("""
        ok 1 a
        BUG: unable to handle page fault for address: 0000000000000000
        Oops: 0000 [#1]
        kernel BUG at mm/slub.c:12!
        Kernel panic - not syncing: Fatal exception
        ---[ end Kernel panic - not syncing: Fatal exception ]---
        # not a BUG: line
    """)
    assert len(oops_lines(text)) == 5


def test_malformed_lines_are_errors():
    k = parse_ktap(log("""
        KTAP version 1
        1..-2
        ok -1 a
        ok 1 b
        not ok2 c
    """))
    assert not k.ok
    assert k.errors[:3] == ["(top level): malformed KTAP line: '1..-2'",
                            "(top level): malformed KTAP line: 'ok -1 a'",
                            "(top level): malformed KTAP line: 'not ok2 c'"]
    assert "(top level): no plan line (1..N)" in k.errors


def test_numbering_error_is_reported_once():
    k = parse_ktap(log("""
        KTAP version 1
        1..4
        ok 2 a
        ok 3 b
        ok 4 c
    """))
    assert k.errors == ["(top level): result numbered 2, expected 1",
                        "(top level): short plan: 1..4 planned, 3 reported"]
