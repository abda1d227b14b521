"""tests/test_mm.py - boot scenarios for physical memory (issue 3): memblock,
the buddy allocator, SLUB, vmalloc and the kernel's page tables.

What each group boots and judges (serial logs: <builddir>/test-logs/):

  ktest=all at 16 MiB, 32 MiB, 1 GiB, 4 GiB, and 1 GiB with mem=24M
      every suite passes, and the memory accounting adds up:
      - the leak line kernel/ktest.c prints after the suites,
          ktest: free pages before=A after=B vmalloc page tables=+C
                 slab pages=+D slab objects before=E after=F
        has A - B == C + D (every page missing from the buddy is a vmalloc
        page table or a slab the caches keep) and E == F (no slab object
        left handed out);
      - "Memory: X K/Y K available (... Z K reserved)": X + Z == Y, Y is the
        e820 map's usable RAM in whole pages (or the mem= cap), and the
        zones' managed pages add up to X;
      - the zone ranges respect the DMA/DMA32/Normal limits and end where
        RAM ends.
  memblock=debug   every memblock call is logged with its symbolized caller,
                   and the "MEMBLOCK configuration:" dump is self-consistent
                   (counts, sizes, sorted and merged regions) and agrees
                   with the pages handed to the buddy and the Memory line.
  expected oopses  (status "panic", QEMU exit 37), the exact report lines in
                   order: each SLUB debug detection (slub_selftest), each W^X
                   violation (wx_selftest), the vmalloc guard page
                   (vmalloc_selftest) and a buddy double free
                   (buddy_selftest).
  kbench=all       one BENCH line per benchmark in the tree: the KBENCH(...)
                   registrations and kbench_report("name", ...) calls are
                   found by reading the sources, so a new benchmark is
                   checked without editing this file.  Values are only
                   checked to be positive integers (no timing assertions).
  slub_debug       at 16 MiB: slub, buddy and vmalloc still pass, and the
                   test_leak report shows the red zone before the first
                   object (proof that the debug flags are on).
  mem=             a malformed value is warned about and ignored (all RAM
                   used); a value smaller than the kernel is a clear panic.
"""
import re

import pytest

import boot as pagoda
from test_boot import call_trace, check

TIMEOUT = 120		# seconds per boot, times PAGODA_TIMEOUT_SCALE (4 GiB boots take ~5 s)

PAGE_SIZE = 4096
MM_SUITES = {"memblock", "buddy", "slub", "vmalloc", "pgtable"}

OOPS_TAIL = ["Call Trace:", "---[ end trace", "Kernel panic - not syncing: Fatal exception"]


# --------------------------------------------------------------------------
# Log parsing helpers
# --------------------------------------------------------------------------

def matches(r, pattern):
    """Every log line (printk prefix removed) that fully matches pattern."""
    rx = re.compile(pattern)
    return [m for m in map(rx.fullmatch, r.lines) if m]


def one_match(r, pattern, what):
    found = matches(r, pattern)
    assert len(found) == 1, f"expected exactly one {what} line, found {len(found)}:\n{r.tail()}"
    return found[0]


def index_of(r, substring, start=0):
    """Index of the first line at or after start containing substring, or -1."""
    for i, line in enumerate(r.lines[start:], start):
        if substring in line:
            return i
    return -1


LEAK_LINE = (r"ktest: free pages before=(\d+) after=(\d+) vmalloc page tables=\+(\d+) "
             r"slab pages=([+-]?\d+) slab objects before=(\d+) after=(\d+)")


def check_no_leak(r):
    """kernel/ktest.c's leak line: every missing page is accounted for."""
    m = one_match(r, LEAK_LINE, "'ktest: free pages' leak")
    before, after, vm_tables, slab_pages, objs_before, objs_after = map(int, m.groups())
    assert before - after == vm_tables + slab_pages, (
        f"leak: {before - after} pages left the buddy during the suites but only "
        f"{vm_tables} vmalloc page tables + {slab_pages} slab pages are accounted for: "
        f"{m.group(0)!r}")
    assert objs_before == objs_after, f"slab objects still allocated after the suites: {m.group(0)!r}"
    # Printed once the suites are done: after the last top-level KTAP result.
    last_result = max(i for i, line in enumerate(r.lines) if re.match(r"(not )?ok \d+ ", line))
    assert r.lines.index(m.group(0)) > last_result, "the leak line came before the suites ended"


MEMORY_LINE = (r"Memory: (\d+)K/(\d+)K available \((\d+)K kernel code, (\d+)K rwdata, "
               r"(\d+)K rodata, (\d+)K bss, (\d+)K reserved\)")


def memory_line(r):
    """(available KiB, total KiB) from the Memory: line; checks available + reserved == total."""
    m = one_match(r, MEMORY_LINE, "'Memory: ...K/...K available'")
    available, total, reserved = int(m.group(1)), int(m.group(2)), int(m.group(7))
    assert available + reserved == total, f"available + reserved != total in {m.group(0)!r}"
    return available, total


def e820_usable_kib(r):
    """Usable RAM in the BIOS-e820 map, counted in whole pages, in KiB."""
    total = 0
    for m in matches(r, r"BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable"):
        start = -(-int(m.group(1), 16) // PAGE_SIZE) * PAGE_SIZE
        end = (int(m.group(2), 16) + 1) // PAGE_SIZE * PAGE_SIZE
        total += max(0, end - start)
    assert total, "no usable BIOS-e820 line in the log"
    return total // 1024


def node_ranges(r):
    """[(start, end inclusive)] of the 'node   0: [mem ...]' lines."""
    found = [(int(m.group(1), 16), int(m.group(2), 16))
             for m in matches(r, r"\s*node\s+0: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]")]
    assert found, "no 'node   0: [mem ...]' line"
    return found


ZONE_LIMITS = {"DMA": (0, 1 << 24), "DMA32": (1 << 24, 1 << 32), "Normal": (1 << 32, 1 << 64)}


def check_zones(r, available_kib):
    """The zone ranges sit inside their limits and end where RAM ends; the
    zones' managed pages add up to the Memory line's available figure."""
    ram_end = max(end for _, end in node_ranges(r)) + 1
    for zone, (low, high) in ZONE_LIMITS.items():
        m = one_match(r, rf"\s*{zone}\s+(empty|\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\])",
                      f"zone range {zone}")
        if ram_end <= low:
            assert m.group(1) == "empty", f"zone {zone} is not empty but RAM ends at {ram_end:#x}"
            continue
        assert m.group(1) != "empty", f"zone {zone} is empty but RAM ends at {ram_end:#x}"
        start, end = int(m.group(2), 16), int(m.group(3), 16) + 1
        assert start == low, f"zone {zone} starts at {start:#x}, not {low:#x}"
        assert end == min(high, ram_end), (
            f"zone {zone} ends at {end:#x}; expected {min(high, ram_end):#x} (RAM ends at {ram_end:#x})")
    managed = [int(m.group(1)) for m in matches(r, r"zone \w+: free \d+ min \d+ low \d+ high \d+ "
                                                   r"managed (\d+) spanned \d+ present \d+ \(pages\)")]
    assert managed, "no per-zone summary line ('zone DMA: free ... managed ...')"
    assert sum(managed) * PAGE_SIZE // 1024 == available_kib, (
        f"zones manage {sum(managed)} pages, the Memory line says {available_kib}K available")


def leak_report_first_object_offset(r):
    """@offset of the first object in the slub suite's test_leak report (the
    deliberate kmem_cache_destroy of a cache with live objects)."""
    start = index_of(r, "BUG test_leak (Not tainted): Objects remaining in test_leak")
    assert start >= 0, "no test_leak report from the slub suite"
    i = index_of(r, "INFO: Object 0x", start)
    m = re.search(r"@offset=(\d+)", r.lines[i]) if i >= 0 else None
    assert m, f"no 'INFO: Object ... @offset=' line after the test_leak report:\n{r.tail()}"
    return int(m.group(1))



# --------------------------------------------------------------------------
# ktest=all at every size, with the leak check
# --------------------------------------------------------------------------

KTEST_ALL = [
    pytest.param("16M", "", id="16M"),
    pytest.param("32M", "", id="32M"),
    pytest.param("1G", "", id="1G"),
    pytest.param("4G", "", id="4G"),
    pytest.param("1G", "mem=24M", id="1G-mem=24M"),
]


@pytest.mark.parametrize("ram,extra", KTEST_ALL)
def test_ktest_all_leaks_nothing(boot, ram, extra):
    """All suites pass; after them the free pages equal those before, minus
    only what vmalloc page tables and kept slabs account for; the Memory
    line, e820 map and zones agree."""
    cmdline = f"{extra} ktest=all".strip()
    r = boot(ram=ram, cmdline=cmdline, timeout=TIMEOUT)
    check(r, "pass", expect_lines=["Zone ranges:", "Memory: ", "KTAP version 1"])
    suites = {s.name for s in r.ktap.root.results}
    assert MM_SUITES <= suites, f"suites missing from ktest=all: {MM_SUITES - suites}"
    check_no_leak(r)
    available, total = memory_line(r)
    check_zones(r, available)
    assert "MEMBLOCK configuration:" not in r.log, "memblock's dump without memblock=debug"
    # Without slub_debug, test_leak (SLAB_STORE_USER only) has no red zone.
    assert leak_report_first_object_offset(r) == 0
    if not extra:
        assert total == e820_usable_kib(r), (
            f"Memory: total {total}K, but the e820 map has {e820_usable_kib(r)}K usable")
        return
    # mem=24M on a 1 GiB guest: the kernel really runs in 24 MiB.
    assert "Memory limited to 24MB" in r.lines
    assert e820_usable_kib(r) > 512 * 1024, "the guest did not have 1 GiB to cap"
    assert total <= 24 * 1024, f"mem=24M but Memory: total is {total}K"
    assert total > 20 * 1024, f"mem=24M left only {total}K"
    ram_end = max(end for _, end in node_ranges(r)) + 1
    assert ram_end <= 25 << 20, f"mem=24M but RAM ends at {ram_end:#x}"
    assert one_match(r, r"last_pfn = (0x[0-9a-f]+) max_arch_pfn = 0x[0-9a-f]+", "last_pfn") \
        .group(1) == hex(ram_end // PAGE_SIZE)


# --------------------------------------------------------------------------
# memblock=debug
# --------------------------------------------------------------------------

MEMBLOCK_REGION = (r"\s*(memory|reserved)\[0x([0-9a-f]+)\]\s+"
                   r"\[0x([0-9a-f]+)-0x([0-9a-f]+)\], 0x([0-9a-f]+) bytes")


def memblock_dump(r):
    """{'memory': [(base, end inclusive)], 'reserved': [...]} from the dump;
    checks the counts, sizes, and that regions are sorted and merged."""
    start = index_of(r, "MEMBLOCK configuration:")
    assert start >= 0, "no 'MEMBLOCK configuration:' dump"
    lines = r.lines[start + 1:]
    m = re.fullmatch(r"\s*memory size = 0x([0-9a-f]+) reserved size = 0x([0-9a-f]+)", lines[0])
    assert m, f"no ' memory size = ... reserved size = ...' line after the header: {lines[0]!r}"
    sizes = {"memory": int(m.group(1), 16), "reserved": int(m.group(2), 16)}
    regions = {"memory": [], "reserved": []}
    counts = {}
    for line in lines[1:]:
        c = re.fullmatch(r"\s*(memory|reserved)\.cnt\s+= 0x([0-9a-f]+)", line)
        g = re.fullmatch(MEMBLOCK_REGION, line)
        if c:
            counts[c.group(1)] = int(c.group(2), 16)
        elif g:
            kind, idx, base, end, size = g.group(1), *(int(x, 16) for x in g.groups()[1:])
            assert idx == len(regions[kind]), f"{kind} regions numbered out of order: {line!r}"
            assert size == end - base + 1, f"size does not match the range: {line!r}"
            regions[kind].append((base, end))
        else:
            break
    for kind in ("memory", "reserved"):
        assert kind in counts, f"no ' {kind}.cnt  = ...' line in the dump"
        assert counts[kind] == len(regions[kind]), f"{kind}.cnt is {counts[kind]} but " \
            f"{len(regions[kind])} {kind}[] lines follow"
        assert sum(e - b + 1 for b, e in regions[kind]) == sizes[kind], \
            f"the {kind} regions do not add up to the {kind} size"
        for (b0, e0), (b1, e1) in zip(regions[kind], regions[kind][1:]):
            assert e0 + 1 < b1, f"{kind} regions not sorted and merged: " \
                f"[{b0:#x}-{e0:#x}] then [{b1:#x}-{e1:#x}]"
    return regions


def free_whole_pages(regions):
    """Pages of memory that no reserved region touches (what memblock_free_all frees)."""
    reserved = set()
    for base, end in regions["reserved"]:
        reserved.update(range(base // PAGE_SIZE, end // PAGE_SIZE + 1))
    pages = 0
    for base, end in regions["memory"]:
        first, last = -(-base // PAGE_SIZE), (end + 1) // PAGE_SIZE
        pages += sum(1 for pfn in range(first, last) if pfn not in reserved)
    return pages


def test_memblock_debug_logs_calls_and_dumps_tables(boot):
    """memblock=debug at 32 MiB: each call with its symbolized caller, then
    the final tables, which agree with what the buddy receives."""
    r = boot(ram="32M", cmdline="memblock=debug ktest=memblock", timeout=TIMEOUT)
    check(r, "pass", expect_lines=[
        "memblock_add: [0x",
        "memblock_reserve: [0x",
        "memblock_alloc: ",
        "MEMBLOCK configuration:",
        " memory size = 0x",
        " memory.cnt  = 0x",
        " memory[0x0]\t[0x",
        " reserved.cnt  = 0x",
        " reserved[0x0]\t[0x",
        "memblock_free_all: ",
        "Memory: ",
        "KTAP version 1",
    ])
    assert matches(r, r"memblock_reserve: \[0x[0-9a-f]{16}-0x[0-9a-f]{16}\] "
                      r"x86_memblock_setup\+0x[0-9a-f]+/0x[0-9a-f]+"), \
        "no memblock_reserve line with the caller x86_memblock_setup+0x.../0x..."
    assert matches(r, r"memblock_add: \[0x[0-9a-f]{16}-0x[0-9a-f]{16}\] \w+\+0x[0-9a-f]+/0x[0-9a-f]+")
    assert matches(r, r"memblock_alloc: \d+ bytes align=0x[0-9a-f]+ .* \w+\+0x[0-9a-f]+/0x[0-9a-f]+")
    regions = memblock_dump(r)
    freed = int(one_match(r, r"memblock_free_all: (\d+) pages to the buddy allocator",
                          "memblock_free_all").group(1))
    assert freed == free_whole_pages(regions), (
        f"memblock_free_all gave {freed} pages to the buddy; the dump leaves "
        f"{free_whole_pages(regions)} whole pages free")
    available, total = memory_line(r)
    assert available == freed * PAGE_SIZE // 1024
    assert total * 1024 == sum(e - b + 1 for b, e in regions["memory"])
    assert regions["reserved"][0][0] == 0, "the first MiB is not reserved"


# --------------------------------------------------------------------------
# Expected oopses: SLUB debug detections (mm/slub_test.c, slub_selftest)
# --------------------------------------------------------------------------

SLUB_BUG = "BUG selftest-64 (Not tainted): "
SLUB_REPORT = {
    "double_free": [SLUB_BUG + "Object already free",
                    "INFO: Allocated in double_free+0x",
                    "INFO: Freed in double_free+0x",
                    "INFO: Slab 0x", "INFO: Object 0x"],
    "use_after_free": [SLUB_BUG + "Poison overwritten",
                       "First byte 0x42 instead of 0x6b",
                       "INFO: Allocated in use_after_free+0x",
                       "INFO: Freed in use_after_free+0x",
                       "INFO: Slab 0x", "INFO: Object 0x",
                       ": 42 6b 6b 6b"],			# the object dump shows the write
    "redzone_overflow": [SLUB_BUG + "Right Redzone overwritten",
                         "First byte 0x0 instead of 0xcc",
                         "INFO: Allocated in redzone_overflow+0x",
                         "INFO: Slab 0x", "INFO: Object 0x",
                         ": 00 cc cc cc cc cc cc cc"],	# the right red zone's first byte
    "redzone_underflow": [SLUB_BUG + "Left Redzone overwritten",
                          "First byte 0x0 instead of 0xcc",
                          "INFO: Allocated in redzone_underflow+0x",
                          "INFO: Slab 0x", "INFO: Object 0x",
                          ": cc cc cc cc cc cc cc 00"],	# the left red zone's last byte
    "invalid_pointer": [SLUB_BUG + "Invalid object pointer 0x",
                        "INFO: Slab 0x", "INFO: Object 0x"],
    "wrong_cache": ["kmem_cache_free: Wrong slab cache. selftest-other but object is from selftest-64",
                    "INFO: Allocated in wrong_cache+0x",
                    "INFO: Slab 0x", "INFO: Object 0x"],
}
# Where the corrupted byte is, relative to the object: p[16], p[64], p[-1].
SLUB_CORRUPT_AT = {"use_after_free": 16, "redzone_overflow": 64, "redzone_underflow": -1}


@pytest.mark.parametrize("case", sorted(SLUB_REPORT))
def test_slub_debug_detects(boot, case):
    """Each SLUB debug detection: Linux's report (cache, object, the bad
    bytes, the owner's call sites), then BUG() and the panic."""
    r = boot(ram="32M", cmdline=f"ktest=slub_selftest.{case}", timeout=TIMEOUT)
    check(r, "panic", expect_lines=SLUB_REPORT[case] + [
        "------------[ cut here ]------------",
        "kernel BUG at mm/slub.c:",
        "Oops: invalid opcode: 0000 [#1]",
        "RIP: 0010:__bug+0x",
    ] + OOPS_TAIL)
    assert not r.ktap.failures, "SLUB missed the error: the case went on and failed"
    functions = {frame.split("+")[0] for frame in call_trace(r.lines)}
    assert {case, "ktest_run_case"} <= functions, f"call trace: {call_trace(r.lines)}"
    if case not in ("double_free", "use_after_free"):
        assert "INFO: Freed in" not in r.log, "a free site for an object never freed"
    obj = one_match(r, r"INFO: Object (0x[0-9a-f]+) @offset=(\d+)( fp=0x[0-9a-f]+)?", "INFO: Object")
    obj_addr, obj_off = int(obj.group(1), 16), int(obj.group(2))
    if case in SLUB_CORRUPT_AT:
        bad = one_match(r, r"INFO: (0x[0-9a-f]+)-(0x[0-9a-f]+) @offset=(\d+)\. "
                           r"First byte 0x[0-9a-f]+ instead of 0x[0-9a-f]+", "First byte")
        delta = SLUB_CORRUPT_AT[case]
        assert int(bad.group(1), 16) == int(bad.group(2), 16) == obj_addr + delta, bad.group(0)
        assert int(bad.group(3)) == obj_off + delta, bad.group(0)
    if case == "invalid_pointer":
        ptr = one_match(r, re.escape(SLUB_BUG) + r"Invalid object pointer (0x[0-9a-f]+)", "Invalid")
        assert int(ptr.group(1), 16) == obj_addr, "the report names another object than the pointer"


# --------------------------------------------------------------------------
# Expected oopses: W^X (arch/x86_64/mm/init_test.c, wx_selftest)
# --------------------------------------------------------------------------

WRITE = ("supervisor write access in kernel mode", "0x0003")
FETCH = ("supervisor instruction fetch in kernel mode", "0x0011")
WX_CASES = {
    "write_text": ("writing kernel text", WRITE),
    "write_rodata": ("writing kernel rodata", WRITE),
    "exec_data": ("executing .data", FETCH),
    "exec_bss": ("executing .bss", FETCH),
    "exec_directmap": ("executing kernel text through the direct map", FETCH),
}


@pytest.mark.parametrize("case", sorted(WX_CASES))
def test_wx_violation_oopses(boot, case):
    """Writing text or rodata, or executing data, bss or the direct map,
    is a permissions-violation #PF at the very address the case touched."""
    what, (access, code) = WX_CASES[case]
    r = boot(ram="32M", cmdline=f"ktest=wx_selftest.{case}", timeout=TIMEOUT)
    at = one_match(r, rf"wx_selftest: {re.escape(what)} at 0x([0-9a-f]+)", "wx_selftest:")
    addr = at.group(1).rjust(16, "0")
    rip = f"RIP: 0010:{case}+0x" if case.startswith("write") else f"RIP: 0010:0x{addr}"
    check(r, "panic", expect_lines=[
        f"wx_selftest: {what} at 0x",
        f"BUG: unable to handle page fault for address: {addr}",
        f"#PF: {access}",
        f"#PF: error_code({code}) - permissions violation",
        f"Oops: {code[2:]} [#1]",
        rip,
        f"CR2: {addr}",
    ] + OOPS_TAIL)
    assert not r.ktap.failures, "the access did not fault: the case failed"
    cr2 = re.findall(r"\bCR2: ([0-9a-f]{16})", r.log)
    assert cr2 and set(cr2) == {addr}, f"CR2 is {cr2}, not the address touched ({addr})"
    if not case.startswith("write"):
        # The fetch faulted at the target; the caller is the return address on the stack.
        functions = {frame.split("+")[0] for frame in call_trace(r.lines)}
        assert case in functions, f"{case} not in the call trace: {call_trace(r.lines)}"


# --------------------------------------------------------------------------
# Expected oopses: vmalloc guard page, buddy double free
# --------------------------------------------------------------------------

def test_vmalloc_guard_page_oopses(boot):
    """Reading one byte past a one-page vmalloc area hits its guard page; the
    #PF report names the area, its size and who allocated it."""
    r = boot(ram="32M", cmdline="ktest=vmalloc_selftest.guard_page", timeout=TIMEOUT)
    check(r, "panic", expect_lines=[
        "vmalloc_selftest: reading one byte past the vmalloc area at 0x",
        "BUG: unable to handle page fault for address: ",
        "#PF: supervisor read access in kernel mode",
        "#PF: error_code(0x0000) - not-present page",
        "#PF: vmalloc guard page of area [0x",
        "Oops: 0000 [#1]",
        "RIP: 0010:guard_page+0x",
    ] + OOPS_TAIL)
    assert not r.ktap.failures, "the guard page read did not fault"
    p = int(one_match(r, r"vmalloc_selftest: reading one byte past the vmalloc area at (0x[0-9a-f]+)",
                      "vmalloc_selftest:").group(1), 16)
    area = one_match(r, r"#PF: vmalloc guard page of area \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] "
                        r"\(1 pages\) allocated at guard_page\+0x[0-9a-f]+/0x[0-9a-f]+", "guard page")
    start, end = int(area.group(1), 16), int(area.group(2), 16)
    assert (start, end) == (p, p + PAGE_SIZE - 1), area.group(0)
    fault = one_match(r, r"BUG: unable to handle page fault for address: ([0-9a-f]{16})", "BUG:")
    assert int(fault.group(1), 16) == end + 1, "the fault is not the byte after the area"


def test_buddy_double_free_is_a_bad_page(boot):
    """Freeing a page twice: Linux's "Bad page state" report and page dump."""
    r = boot(ram="32M", cmdline="ktest=buddy_selftest.double_free", timeout=TIMEOUT)
    check(r, "panic", expect_lines=[
        "BUG: Bad page state in process swapper",
        "page:0x",
        "flags: 0x",
        "page dumped because: ",
        "------------[ cut here ]------------",
        "kernel BUG at mm/page_alloc.c:",
        "Oops: invalid opcode: 0000 [#1]",
    ] + OOPS_TAIL)
    assert not r.ktap.failures, "the double free was not caught"
    bug = one_match(r, r"BUG: Bad page state in process swapper\s+pfn:([0-9a-f]+)", "Bad page state")
    page = one_match(r, r"page:0x[0-9a-f]+ refcount:(-?\d+) mapcount:(-?\d+) "
                        r"mapping:0x[0-9a-f]+ index:\w+ pfn:0x([0-9a-f]+)", "page:")
    assert int(bug.group(1), 16) == int(page.group(3), 16), "the dump is of another page"
    assert page.group(1) == "0", "a page freed once already has refcount 0"
    functions = {frame.split("+")[0] for frame in call_trace(r.lines)}
    assert {"__free_pages", "double_free"} <= functions, f"call trace: {call_trace(r.lines)}"


# --------------------------------------------------------------------------
# kbench=all
# --------------------------------------------------------------------------

def kernel_sources():
    """Every .c file the kernel is built from: the Makefile's KSRC_DIRS."""
    makefile = (pagoda.ROOT / "Makefile").read_text()
    m = re.search(r"^KSRC_DIRS\s*:?=\s*(.+)$", makefile, re.MULTILINE)
    assert m, "no KSRC_DIRS in the Makefile: cannot find the kernel's sources"
    for top in m.group(1).split():
        yield from sorted((pagoda.ROOT / top).rglob("*.c"))


def registered_benchmarks():
    """(KBENCH names, kbench_report() literal names) found in the sources."""
    kbench, reports = [], set()
    for path in kernel_sources():
        text = path.read_text(errors="replace")
        kbench += re.findall(r"^KBENCH\(\s*(\w+)\s*,", text, re.MULTILINE)
        reports |= set(re.findall(r'\bkbench_report\(\s*"(\w+)"', text))
    return kbench, reports


BENCH_LINE = r"BENCH name=(\w+) unit=cycles value=(\d+) ops=(\d+)"


def test_kbench_all_reports_every_benchmark(boot):
    """kbench=all runs every KBENCH in the tree; each prints its figures in
    DESIGN.md §7's format with positive integer values; QEMU exits 33."""
    kbench, reports = registered_benchmarks()
    assert kbench, "no KBENCH( in the sources: the test's grep is broken"
    r = boot(ram="128M", cmdline="kbench=all", timeout=TIMEOUT)
    n = len(kbench)
    check(r, "pass", ktap=False, expect_lines=[
        "BENCH name=boot_to_start_kernel unit=ms value=",
        f"kbench: running {n} benchmark{'s' if n != 1 else ''}",
        "BENCH name=",
    ])
    boot_ms = one_match(r, r"BENCH name=boot_to_start_kernel unit=ms value=(\d+(?:\.\d+)?)",
                        "boot_to_start_kernel")
    assert float(boot_ms.group(1)) > 0
    assert "kbench: no benchmark named" not in r.log
    printed = {}
    for m in matches(r, BENCH_LINE):
        name, value, ops = m.group(1), int(m.group(2)), int(m.group(3))
        assert name not in printed, f"BENCH {name} printed twice"
        assert value > 0 and ops > 0, f"not a positive figure: {m.group(0)!r}"
        printed[name] = value
    unparsed = [line for line in r.lines if line.startswith("BENCH ")
                and not re.fullmatch(BENCH_LINE, line) and "boot_to_start_kernel" not in line]
    assert not unparsed, f"BENCH lines not in the format: {unparsed}"
    silent = [k for k in kbench if not any(p == k or p.startswith(k + "_") for p in printed)]
    assert not silent, f"benchmarks that printed no BENCH line: {silent}; printed: {sorted(printed)}"
    assert reports <= set(printed), f"kbench_report() names never printed: {reports - set(printed)}"


# --------------------------------------------------------------------------
# slub_debug on the command line
# --------------------------------------------------------------------------

def test_slub_debug_at_16m(boot):
    """With slub_debug (red zones, poisoning, owner tracking on every cache)
    the mm suites still pass at 16 MiB, and the debug layout is visible: the
    first object of the test_leak slab sits after its left red zone."""
    r = boot(ram="16M", cmdline="slub_debug ktest=slub,buddy,vmalloc", timeout=TIMEOUT)
    check(r, "pass", expect_lines=[
        "Kernel command line: slub_debug ktest=slub,buddy,vmalloc",
        "BUG test_leak (Not tainted): Objects remaining in test_leak on __kmem_cache_shutdown()",
        "INFO: Allocated in destroy_with_live_objects_reports_and_keeps_the_cache+0x",
        "kmem_cache_destroy test_leak: Slab cache still has objects",
    ])
    suites = {s.name for s in r.ktap.root.results}
    assert suites == {"slub", "buddy", "vmalloc"}, f"suites run: {suites}"
    assert "slub_debug option" not in r.log, "slub_debug was not understood"
    offset = leak_report_first_object_offset(r)
    assert offset > 0, "no left red zone before the first object: slub_debug is not on"
    check_no_leak(r)


# --------------------------------------------------------------------------
# mem= that is malformed or too small
# --------------------------------------------------------------------------

def test_malformed_mem_is_ignored(boot):
    """mem=abc: warned about at boot (before the tests, which provoke the same
    warning on purpose), ignored: all of RAM is used, memblock passes."""
    r = boot(ram="32M", cmdline="mem=abc ktest=memblock", timeout=TIMEOUT)
    check(r, "pass", expect_lines=[
        "Malformed value for parameter 'mem' (\"abc\")",
        "Memory: ",
        "KTAP version 1",
    ])
    assert "Memory limited to" not in r.log
    _, total = memory_line(r)
    assert total == e820_usable_kib(r), f"Memory: total {total}K is not all of RAM"
    assert {s.name for s in r.ktap.root.results} == {"memblock"}


def test_too_small_mem_panics_clearly(boot):
    """mem=1M cannot even hold the kernel image: a panic that says so."""
    r = boot(ram="32M", cmdline="mem=1M ktest=memblock", timeout=TIMEOUT)
    check(r, "panic", expect_lines=[
        "Memory limited to 1MB",
        "Kernel panic - not syncing: x86_memblock_setup: mem=1024K is too small: "
        "the kernel image alone ends at 0x",
    ])
    one_match(r, r"Kernel panic - not syncing: x86_memblock_setup: mem=1024K is too small: "
                 r"the kernel image alone ends at 0x[0-9a-f]+", "mem= panic")
    assert "Memory: " not in r.log and "KTAP version" not in r.log, "the boot went on"
