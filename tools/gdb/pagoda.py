"""tools/gdb/pagoda.py - gdb commands that read Pagoda's memory management
out of a halted kernel (Linux's scripts/gdb "lx-" helpers, Pagoda's names).

`make debug` loads this file (tools/gdb/pagoda.gdb sources it); by hand:
`source tools/gdb/pagoda.py` from the repo root.  The commands:

    pagoda-ps              every task: pid, parent, state, sizes, comm
                           ('>' marks the task running on the stopped CPU)
    pagoda-dmesg [N]       the kernel log ring buffer (kernel/printk.c),
                           all of it or its last N lines
    pagoda-buddyinfo [-v]  free blocks per zone and order, /proc/buddyinfo's
                           layout; -v also walks every free list and prints
                           the blocks by migrate type (/proc/pagetypeinfo's
                           layout) and checks them against nr_free
    pagoda-slabinfo        every SLUB cache, /proc/slabinfo 2.1's layout
    pagoda-vmas PID        a process's VMAs, maps-like, with resident and
                           swapped pages per VMA counted from its page tables
    pagoda-pte ADDR [PID]  walk the page tables of the current CR3 (or of
                           PID's mm) for ADDR: each level's entry and flags,
                           the physical address and the struct page

They only read memory, never write it, and they read the data structures
the way the kernel does (the same lists, the same counters), so what they
print is what the kernel would print at that instant.  Read them with the
kernel stopped at a quiet point: a list changing under gdb's feet can be
seen half-updated, exactly as by a lock-free reader.

Physical memory (page tables) is read through QEMU's gdb stub in physical
mode (the Qqemu.PhyMemMode packet), which works from the first instruction;
if the stub does not know the packet, through the kernel's direct map
(PAGE_OFFSET + phys), which exists once setup_arch has built it.

Layout facts come from the kernel's own headers (arch/x86_64/page.h,
arch/x86_64/pgtable_types.h, mm/swap.h); struct layouts come from the
kernel's DWARF, so fields may move without touching this file.
"""
import bisect

import gdb

# ---- arch/x86_64/page.h, pgtable_types.h ----
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PAGE_OFFSET = 0xffff888000000000		# the direct map of RAM
VMEMMAP_START = 0xffffea0000000000		# struct page array
PTE_PFN_MASK = 0x000ffffffffff000
PTRS_PER_TABLE = 512
USER_PGD_ENTRIES = 256				# KERNEL_PGD_BOUNDARY

_PAGE_PRESENT = 1 << 0
_PAGE_RW = 1 << 1
_PAGE_USER = 1 << 2
_PAGE_PSE = 1 << 7
_PAGE_PROTNONE = 1 << 8				# a not-present PROT_NONE pte
_PAGE_NX = 1 << 63

# Entry bits, in the order printed (Intel SDM vol. 3, 4.5).
ENTRY_FLAGS = [(0, "P"), (1, "RW"), (2, "US"), (3, "PWT"), (4, "PCD"), (5, "A"),
               (6, "D"), (7, "PS"), (8, "G"), (63, "NX")]

# ---- mm/swap.h: a swap entry in a not-present pte ----
SWP_TYPE_PTE_SHIFT = 1
SWP_OFFSET_PTE_SHIFT = 9
MAX_SWAPFILES = 32

# (name, shift) of each paging level, top first.
LEVELS = [("PGD", 39), ("PUD", 30), ("PMD", 21), ("PTE", 12)]
HUGE_NAMES = {30: "1 GiB", 21: "2 MiB", 12: "4 KiB"}

# task->__state and ->exit_state (kernel/sched.h) -> ps's letters.
TASK_INTERRUPTIBLE = 0x1
TASK_UNINTERRUPTIBLE = 0x2
TASK_STOPPED = 0x4
TASK_DEAD = 0x80
TASK_NEW = 0x800
EXIT_ZOMBIE = 0x20
EXIT_DEAD = 0x10
PF_KTHREAD = 0x00200000

# vm_flags (mm/mm_types.h)
VM_READ, VM_WRITE, VM_EXEC, VM_SHARED = 0x1, 0x2, 0x4, 0x8

LIST_LIMIT = 1 << 20				# a longer list is a corrupted one


# ==== reading the target ====

def lookup(name):
    """The gdb.Value of kernel variable 'name', static or global."""
    for find in (gdb.lookup_static_symbol, gdb.lookup_global_symbol):
        try:
            sym = find(name)
        except gdb.error:
            sym = None
        if sym is not None:
            return sym.value()
    return gdb.parse_and_eval(name)


_ptr_types = {}		# typename -> gdb type; emptied when symbols are (re)loaded
gdb.events.new_objfile.connect(lambda event: _ptr_types.clear())


def ptr_type(typename):
    """gdb type 'typename *', e.g. ptr_type("struct page")."""
    if typename not in _ptr_types:
        _ptr_types[typename] = gdb.parse_and_eval("(%s *)0" % typename).type
    return _ptr_types[typename]


def enum_value(name, default):
    """The value of the kernel's enumerator 'name' (default if gdb does not know it)."""
    try:
        return int(gdb.parse_and_eval(name))
    except gdb.error:
        return default


def offset_of(typename, field):
    """Byte offset of 'field' (may be dotted) inside 'typename'."""
    return int(gdb.parse_and_eval("(unsigned long)&((%s *)0)->%s" % (typename, field)))


def deref(addr, typename):
    """The object of type 'typename' at address addr (an int)."""
    return gdb.Value(addr).cast(ptr_type(typename)).dereference()


def read_bytes(addr, length):
    """length bytes of virtual memory at addr (gdb.MemoryError if unmapped)."""
    return bytes(gdb.selected_inferior().read_memory(addr, length))


def read_u64(addr):
    """The 64-bit little-endian word at virtual address addr."""
    return int.from_bytes(read_bytes(addr, 8), "little")


def c_string(value, limit=256):
    """A char array or char * gdb.Value as a Python str, up to its NUL ('' if
    unreadable).  An array is read whole (bytes after its NUL are junk)."""
    try:
        if value.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
            raw = read_bytes(int(value.address), value.type.sizeof)
        else:
            addr = int(value)
            if not addr:
                return ""
            raw = b""
            while b"\0" not in raw and len(raw) < limit:
                raw += read_bytes(addr + len(raw), 16)
        return raw.split(b"\0", 1)[0][:limit].decode("utf-8", "replace")
    except (gdb.error, gdb.MemoryError):
        return ""


def list_entries(head, typename, member):
    """Yields the addresses of the 'typename' objects linked through their
    'member' (a struct list_head) on the list whose head is at address head."""
    off = offset_of(typename, member)
    node = read_u64(head)
    for _ in range(LIST_LIMIT):
        if node == head:
            return
        if node == 0:
            raise gdb.GdbError("list at 0x%x: NULL next pointer" % head)
        yield node - off
        node = read_u64(node)
    raise gdb.GdbError("list at 0x%x: no end after %d entries" % (head, LIST_LIMIT))


def cr3():
    """The page-table root the CPU uses now (physical, low flag bits cleared)."""
    val = gdb.parse_and_eval("$cr3")
    try:
        raw = int(val)
    except gdb.error:
        raw = int(val.cast(gdb.lookup_type("unsigned long")))
    return raw & PTE_PFN_MASK


class PhysMem:
    """Reads physical memory while in a `with` block: through QEMU's
    physical-memory mode if the stub has it, else through the direct map.
    Virtual reads of kernel variables do not work inside the block in the
    first case, so read those before entering it."""

    def __enter__(self):
        self.qemu = False
        try:
            reply = gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
            self.qemu = '"OK"' in reply
        except gdb.error:
            pass
        return self

    def __exit__(self, *exc):
        if self.qemu:
            gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)
        return False

    def read(self, paddr, length):
        """length bytes of physical memory at paddr."""
        return read_bytes(paddr if self.qemu else PAGE_OFFSET + paddr, length)

    def table(self, paddr):
        """The 512 entries of the page-table page at paddr, as ints."""
        raw = self.read(paddr & PTE_PFN_MASK, PAGE_SIZE)
        return [int.from_bytes(raw[i:i + 8], "little") for i in range(0, PAGE_SIZE, 8)]


def entry_flags(entry, level="PGD"):
    """'P RW US ...': the names of the set bits of a page-table entry at
    level (bit 7 is PS in a PUD/PMD entry, PAT in a PTE)."""
    names = [name for bit, name in ENTRY_FLAGS if entry >> bit & 1]
    if level == "PTE":
        names = ["PAT" if n == "PS" else n for n in names]
    return " ".join(names)


def swap_entry(pte):
    """(type, offset) of the swap entry held in a not-present pte."""
    return (pte >> SWP_TYPE_PTE_SHIFT) & (MAX_SWAPFILES - 1), pte >> SWP_OFFSET_PTE_SHIFT


def is_swap_pte(pte):
    """mm/swap.h's is_swap_pte, minus PROT_NONE ptes (not present, not swap)."""
    return pte != 0 and not pte & _PAGE_PRESENT and not pte & _PAGE_PROTNONE


def canonical(addr):
    """addr as a 64-bit unsigned value (gdb gives kernel pointers signed at times)."""
    return addr & 0xffffffffffffffff


# ==== tasks ====

def tasks():
    """Every task's struct task_struct gdb.Value: init_task first, then
    for_each_process's order (the init_task.tasks list)."""
    init = lookup("init_task")
    head = int(init.address) + offset_of("struct task_struct", "tasks")
    yield init
    for addr in list_entries(head, "struct task_struct", "tasks"):
        yield deref(addr, "struct task_struct")


def current_task():
    """Address of the task running on the stopped CPU (pcpu_hot.current_task
    through the kernel's GS base), or 0 if that cannot be told."""
    try:
        hot = lookup("pcpu_hot_area")
        first = int(hot[0].address)
        size = hot[0].type.sizeof
        count = hot.type.sizeof // size
        cpu = 0
        for reg in ("$gs_base", "$k_gs_base"):
            try:
                base = canonical(int(gdb.parse_and_eval(reg)))
            except gdb.error:
                continue
            if first <= base < first + count * size:
                cpu = (base - first) // size
                break
        return int(hot[cpu]["current_task"])
    except gdb.error:
        return 0


def find_task(pid):
    """The task_struct gdb.Value with this pid (GdbError if none)."""
    for t in tasks():
        if int(t["pid"]) == pid:
            return t
    raise gdb.GdbError("no task with pid %d" % pid)


def task_state(t):
    """ps's one-letter state of task t."""
    exit_state = int(t["exit_state"])
    if exit_state & EXIT_ZOMBIE:
        return "Z"
    if exit_state & EXIT_DEAD:
        return "X"
    state = int(t["__state"])
    if state == 0:
        return "R"
    for bit, letter in ((TASK_INTERRUPTIBLE, "S"), (TASK_UNINTERRUPTIBLE, "D"),
                        (TASK_STOPPED, "T"), (TASK_DEAD, "X"), (TASK_NEW, "N")):
        if state & bit:
            return letter
    return "?"


def mm_rss(mm):
    """(file, anon, swap, shmem) pages of an mm's rss_stat counters
    (mm/mm_types.h: MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES)."""
    stat = mm["rss_stat"]
    items = [("MM_FILEPAGES", 0), ("MM_ANONPAGES", 1), ("MM_SWAPENTS", 2), ("MM_SHMEMPAGES", 3)]
    return tuple(max(0, int(stat[enum_value(name, i)])) for name, i in items)


class PagodaPs(gdb.Command):
    """pagoda-ps: list every task, like ps.

Columns: PID, PPID, ST (R running or runnable, S sleeping, D uninterruptible,
T stopped, Z zombie, X dead, N new), VSZ and RSS in KiB (mm->total_vm and the
rss_stat counters: file + anon + shmem), the task_struct's address and the
name (kernel threads in brackets, as ps prints them).  '>' marks the task
that was running on the CPU when it stopped."""

    def __init__(self):
        super().__init__("pagoda-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        running = current_task()
        print("   PID   PPID ST      VSZ      RSS TASK               COMM")
        for t in tasks():
            addr = int(t.address)
            parent = int(t["parent"])
            ppid = int(deref(parent, "struct task_struct")["pid"]) if parent else 0
            vsz = rss = 0
            mm = int(t["mm"])
            if mm:
                m = deref(mm, "struct mm_struct")
                vsz = int(m["total_vm"]) * 4
                file_, anon, _, shmem = mm_rss(m)
                rss = (file_ + anon + shmem) * 4
            comm = c_string(t["comm"], 16)
            if int(t["flags"]) & PF_KTHREAD or int(t["pid"]) == 0:
                comm = "[%s]" % comm
            print("%s%5d %6d %-2s %8d %8d 0x%016x %s" % (
                ">" if addr == running else " ", int(t["pid"]), ppid, task_state(t),
                vsz, rss, canonical(addr), comm))


# ==== the kernel log ====

class PagodaDmesg(gdb.Command):
    """pagoda-dmesg [N]: print the kernel log ring buffer (kernel/printk.c's
log_buf), oldest kept byte first, or only its last N lines.  It holds every
message whatever its level, so it may show lines (KERN_DEBUG) that
loglevel= kept off the console."""

    def __init__(self):
        super().__init__("pagoda-dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        buf = lookup("log_buf")
        size = buf.type.sizeof
        head = int(lookup("log_head"))
        kept = min(head, size)
        raw = read_bytes(int(buf.address), size)
        first = (head - kept) % size
        text = (raw[first:] + raw[:first])[:kept] if kept == size else raw[:kept]
        text = text.decode("utf-8", "replace")
        if arg.strip():
            n = int(gdb.parse_and_eval(arg))
            lines = text.splitlines(keepends=True)
            text = "".join(lines[-n:]) if n > 0 else ""
        gdb.write(text)
        if text and not text.endswith("\n"):
            gdb.write("\n")


# ==== the buddy allocator ====

def zones():
    """(zone gdb.Value, name) of every populated zone, lowest first."""
    pgdat = lookup("contig_page_data")
    zs = pgdat["node_zones"]
    for i in range(zs.type.sizeof // zs[0].type.sizeof):
        z = zs[i]
        if int(z["present_pages"]):
            yield z, c_string(z["name"], 16)


def migratetype_names():
    """The names of the migrate types, from mm/page_alloc.c's table."""
    try:
        table = lookup("migratetype_names")
        count = table.type.sizeof // table[0].type.sizeof
        return [c_string(table[i], 32) for i in range(count)]
    except gdb.error:
        return ["Unmovable", "Movable", "Reclaimable"]


class PagodaBuddyinfo(gdb.Command):
    """pagoda-buddyinfo [-v]: free blocks of each order in each populated
zone, as /proc/buddyinfo prints them (zone->free_area[order].nr_free), then
the total of free pages (blocks << order) per zone and for the node, and the
pages sitting on the per-CPU lists (allocated, as far as the buddy knows).
-v also walks every free list and prints the blocks per migrate type
(/proc/pagetypeinfo's layout), checking each count against nr_free."""

    def __init__(self):
        super().__init__("pagoda-buddyinfo", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        verbose = arg.strip() == "-v"
        if arg.strip() and not verbose:
            raise gdb.GdbError("usage: pagoda-buddyinfo [-v]")
        node = int(lookup("contig_page_data")["node_id"])
        total = 0
        summary = []
        nr_free_idx = enum_value("NR_FREE_PAGES", 0)
        for z, name in zones():
            fa = z["free_area"]
            orders = fa.type.sizeof // fa[0].type.sizeof
            counts = [int(fa[o]["nr_free"]) for o in range(orders)]
            print("Node %d, zone %8s " % (node, name) +
                  "".join("%6d " % c for c in counts))
            free = sum(c << o for o, c in enumerate(counts))
            pcp = z["per_cpu_pageset"]
            on_pcp = sum(int(pcp[i]["count"])
                         for i in range(pcp.type.sizeof // pcp[0].type.sizeof))
            summary.append("zone %8s: %d free pages (NR_FREE_PAGES %d), %d on per-CPU lists"
                           % (name, free, int(z["vm_stat"][nr_free_idx]), on_pcp))
            total += free
        for line in summary:
            print(line)
        print("total: %d free pages (%d kB)" % (total, total * 4))
        if verbose:
            self.pagetypes(node)

    def pagetypes(self, node):
        """Walk every free list; print pagetypeinfo's table and any mismatch."""
        names = migratetype_names()
        bad = 0
        header = False
        for z, name in zones():
            fa = z["free_area"]
            orders = fa.type.sizeof // fa[0].type.sizeof
            if not header:
                print("Free pages count per migrate type at order " +
                      "".join("%6d " % o for o in range(orders)))
                header = True
            per_type = [[0] * orders for _ in names]
            for o in range(orders):
                lists = fa[o]["free_list"]
                for mt in range(len(names)):
                    head = int(lists[mt].address)
                    per_type[mt][o] = sum(1 for _ in list_entries(head, "struct page", "lru"))
                walked = sum(per_type[mt][o] for mt in range(len(names)))
                if walked != int(fa[o]["nr_free"]):
                    print("MISMATCH zone %s order %d: %d blocks on the lists, nr_free %d"
                          % (name, o, walked, int(fa[o]["nr_free"])))
                    bad += 1
            for mt, mtname in enumerate(names):
                print("Node %4d, zone %8s, type %12s " % (node, name, mtname) +
                      "".join("%6d " % c for c in per_type[mt]))
        print("free lists: %s" % ("consistent with nr_free" if not bad else
                                  "%d mismatches" % bad))


# ==== SLUB ====

def count_freelist(cache, start, slab_addr, slab_bytes, mem):
    """Objects on the freelist beginning at start, all inside the slab whose
    bytes (mem) start at slab_addr: the free pointer of each object lives at
    cache->offset inside it (mm/slub_internal.h's get_freepointer)."""
    offset = int(cache["offset"])
    n = 0
    p = start
    while p:
        n += 1
        at = p - slab_addr + offset
        if not 0 <= at <= slab_bytes - 8 or n > slab_bytes:
            raise gdb.GdbError("cache %s: freelist leaves its slab at 0x%x"
                               % (c_string(cache["name"]), p))
        p = int.from_bytes(mem[at:at + 8], "little")
    return n


def page_to_virt(page):
    """The direct-map address of the memory described by struct page *page."""
    size = ptr_type("struct page").target().sizeof
    return PAGE_OFFSET + ((page - VMEMMAP_START) // size << PAGE_SHIFT)


def slab_stats(cache):
    """get_slabinfo(): (active_objs, num_objs, active_slabs, num_slabs) of a
    cache, counting the free objects of the CPU slabs and partial slabs."""
    node = cache["node"]
    order = int(cache["oo"]["x"]) >> 16
    slab_bytes = PAGE_SIZE << order
    free = empty = 0
    cpus = cache["cpu_slab"]
    for i in range(cpus.type.sizeof // cpus[0].type.sizeof):
        c = cpus[i]
        page = int(c["page"])
        freelist = int(c["freelist"])
        if not page:
            continue
        base = page_to_virt(page)
        n = count_freelist(cache, freelist, base, slab_bytes, read_bytes(base, slab_bytes))
        free += n
        if int(deref(page, "struct page")["inuse"]) == n:
            empty += 1
    head = int(node["partial"].address)
    for slab in list_entries(head, "struct page", "slab_list"):
        s = deref(slab, "struct page")
        free += int(s["objects"]) - int(s["inuse"])
        empty += int(s["inuse"]) == 0
    total = int(node["total_objects"])
    slabs = int(node["nr_slabs"])
    return total - free, total, slabs - empty, slabs


class PagodaSlabinfo(gdb.Command):
    """pagoda-slabinfo: every SLUB cache (mm/slub.c's slab_caches list, in
creation order) as /proc/slabinfo version 2.1 prints it: active and total
objects, object size (the stride, metadata included), objects per slab,
pages per slab, and active/total slabs.  Objects on a CPU's freelist count
as free, as get_slabinfo counts them.  The last line totals the pages the
caches hold."""

    def __init__(self):
        super().__init__("pagoda-slabinfo", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        head = int(lookup("slab_caches").address)
        print("slabinfo - version: 2.1")
        print("# name            <active_objs> <num_objs> <objsize> <objperslab> "
              "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
              "slabdata <active_slabs> <num_slabs> <sharedavail>")
        pages = 0
        for addr in list_entries(head, "struct kmem_cache", "list"):
            s = deref(addr, "struct kmem_cache")
            oo = int(s["oo"]["x"])
            order, per_slab = oo >> 16, oo & 0xffff
            active, total, active_slabs, slabs = slab_stats(s)
            print("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d"
                  % (c_string(s["name"], 64), active, total, int(s["size"]), per_slab,
                     1 << order, 0, 0, 0, active_slabs, slabs, 0))
            pages += slabs << order
        print("total: %d slab pages (%d kB)" % (pages, pages * 4))


# ==== page tables ====

def walk_user_tables(mem, pgd):
    """Every mapping in the user half of the page tables rooted at physical
    pgd: returns (entries, tables) where entries is a sorted list of
    (vaddr, pages, kind) with kind "present" or "swap", and tables the number
    of page-table pages below the pgd (mm->pgtables_bytes counts these)."""
    entries = []
    tables = 0

    def walk(table, level, base):
        nonlocal tables
        shift = LEVELS[level][1]
        span = 1 << shift
        for i, e in enumerate(table):
            if level == 0 and i >= USER_PGD_ENTRIES:
                break
            if e == 0:
                continue
            va = base + i * span
            if not e & _PAGE_PRESENT:
                if level == 3 and is_swap_pte(e):
                    entries.append((va, 1, "swap"))
                continue
            if level == 3 or e & _PAGE_PSE:
                entries.append((va, span >> PAGE_SHIFT, "present"))
                continue
            tables += 1
            walk(mem.table(e), level + 1, va)

    walk(mem.table(pgd), 0, 0)
    return entries, tables


def direct_map_to_phys(addr):
    """Physical address of a direct-map (PAGE_OFFSET) address."""
    return canonical(addr) - PAGE_OFFSET


def dentry_path(dentry):
    """'/bin/init': the path of a dentry, built by climbing d_parent."""
    parts = []
    for _ in range(64):
        d = deref(dentry, "struct dentry")
        parent = int(d["d_parent"])
        if not parent or parent == dentry:
            break
        ext = int(d["d_name_ext"])
        name = c_string(d["d_name_ext"]) if ext else c_string(d["d_iname"], 64)
        parts.append(name)
        dentry = parent
    return "/" + "/".join(reversed(parts))


def vma_name(vma, mm):
    """The maps name column of a VMA: its file's path, [heap] or [stack]."""
    f = int(vma["vm_file"])
    if f:
        try:
            return dentry_path(int(deref(f, "struct file")["f_dentry"]))
        except (gdb.error, gdb.MemoryError):
            return "?"
    start, end = int(vma["vm_start"]), int(vma["vm_end"])
    if start <= int(mm["brk"]) and end >= int(mm["start_brk"]):
        return "[heap]"
    if start <= int(mm["start_stack"]) <= end:
        return "[stack]"
    return ""


def vma_perms(flags):
    """'rw-p': the maps permission column of vm_flags."""
    return "%s%s%s%s" % ("r" if flags & VM_READ else "-", "w" if flags & VM_WRITE else "-",
                         "x" if flags & VM_EXEC else "-", "s" if flags & VM_SHARED else "p")


def count_in(entries, starts, start, end):
    """(present, swapped) pages of entries (sorted, starts = their vaddrs) in [start, end)."""
    present = swapped = 0
    i = bisect.bisect_left(starts, start)
    while i < len(entries) and entries[i][0] < end:
        va, pages, kind = entries[i]
        if kind == "swap":
            swapped += 1
        else:
            present += min(pages, (end - va) >> PAGE_SHIFT)
        i += 1
    return present, swapped


class PagodaVmas(gdb.Command):
    """pagoda-vmas PID: the VMAs of a process (its mm->mmap list), one line
each in /proc/PID/maps' columns - start-end, permissions, file offset -
then RSS and SWAP, the pages of that VMA present and swapped out according
to its page tables (walked now, not the counters), vm_flags in hex and the
name.  The header gives the mm's own counters (rss_stat, total_vm,
pgtables_bytes); the footer what the walk found, to compare with them."""

    def __init__(self):
        super().__init__("pagoda-vmas", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: pagoda-vmas PID")
        pid = int(gdb.parse_and_eval(arg))
        t = find_task(pid)
        mm_addr = int(t["mm"])
        comm = c_string(t["comm"], 16)
        if not mm_addr:
            print("pid %d (%s): a kernel thread, no user address space" % (pid, comm))
            return
        mm = deref(mm_addr, "struct mm_struct")
        pgd = direct_map_to_phys(int(mm["pgd"]))
        vmas = []
        vma = int(mm["mmap"])
        while vma and len(vmas) < LIST_LIMIT:
            v = deref(vma, "struct vm_area_struct")
            vmas.append((int(v["vm_start"]), int(v["vm_end"]), int(v["vm_flags"]),
                         int(v["vm_pgoff"]), vma_name(v, mm)))
            vma = int(v["vm_next"])
        file_, anon, swap, shmem = mm_rss(mm)
        print("pid %d (%s): mm 0x%x, pgd 0x%x (phys), %d VMAs, total_vm %d pages"
              % (pid, comm, canonical(mm_addr), pgd, int(mm["map_count"]),
                 int(mm["total_vm"])))
        print("counters: rss file %d anon %d shmem %d swapents %d, page tables %d pages"
              % (file_, anon, shmem, swap, int(mm["pgtables_bytes"]) >> PAGE_SHIFT))
        with PhysMem() as mem:
            entries, tables = walk_user_tables(mem, pgd)
        starts = [e[0] for e in entries]
        print("%-33s %4s %8s %6s %6s %8s %s" % ("START-END", "PERM", "OFFSET", "RSS", "SWAP",
                                               "FLAGS", "NAME"))
        in_vmas = 0
        for start, end, flags, pgoff, name in vmas:
            present, swapped = count_in(entries, starts, start, end)
            in_vmas += present + swapped
            offset = pgoff << PAGE_SHIFT if name.startswith("/") else 0
            print("%016x-%016x %s %08x %6d %6d %8x %s"
                  % (start, end, vma_perms(flags), offset, present, swapped, flags, name))
        present = sum(e[1] for e in entries if e[2] == "present")
        swapped = sum(1 for e in entries if e[2] == "swap")
        print("walked: %d present, %d swapped, %d outside every VMA, %d page-table pages"
              % (present, swapped, present + swapped - in_vmas, tables))


class PagodaPte(gdb.Command):
    """pagoda-pte ADDR [PID]: translate the virtual address ADDR (any gdb
expression: 0x400000, &jiffies, $rip) by walking the page tables the way
the MMU does - from the current CR3, or from PID's mm->pgd - printing each
level's index, the entry's physical address, its value and flags
(P present, RW writable, US user, PWT/PCD caching, A accessed, D dirty,
PS huge page, G global, NX no-execute).  Then the result: the physical
address and page size with the effective rights (writable and user only if
every level allows it, no-execute if any level forbids it), or why there is
no mapping (a swap entry shows its type and offset), and the struct page of
a 4 KiB frame."""

    def __init__(self):
        super().__init__("pagoda-pte", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) not in (1, 2):
            raise gdb.GdbError("usage: pagoda-pte ADDR [PID]")
        addr = canonical(int(gdb.parse_and_eval(argv[0])))
        if len(argv) == 2:
            t = find_task(int(gdb.parse_and_eval(argv[1])))
            mm = int(t["mm"]) or int(t["active_mm"])
            root = direct_map_to_phys(int(deref(mm, "struct mm_struct")["pgd"]))
            source = "pid %s's pgd" % argv[1]
        else:
            root = cr3()
            source = "cr3"
        print("0x%016x: %s 0x%x" % (addr, source, root))
        with PhysMem() as mem:
            result = self.walk(mem, root, addr)
        print(result[0])
        if result[1] is not None:
            self.show_page(result[1])

    def walk(self, mem, table, addr):
        """Print each level; return (summary line, pfn of a 4 KiB frame or None)."""
        writable = user = True
        nx = False
        for name, shift in LEVELS:
            index = addr >> shift & (PTRS_PER_TABLE - 1)
            slot = (table & PTE_PFN_MASK) + index * 8
            e = int.from_bytes(mem.read(slot, 8), "little")
            print("  %s[%3d] @0x%09x = 0x%016x  %s" % (name, index, slot, e, entry_flags(e, name)))
            if not e & _PAGE_PRESENT:
                if name == "PTE" and is_swap_pte(e):
                    kind, off = swap_entry(e)
                    return ("0x%016x -> not present: swap entry type %d offset %d"
                            % (addr, kind, off), None)
                why = "PROT_NONE" if name == "PTE" and e & _PAGE_PROTNONE else \
                    "%s entry %s" % (name, "empty" if e == 0 else "not present")
                return "0x%016x -> not mapped: %s" % (addr, why), None
            writable &= bool(e & _PAGE_RW)
            user &= bool(e & _PAGE_USER)
            nx |= bool(e & _PAGE_NX)
            if name == "PTE" or (e & _PAGE_PSE and name in ("PUD", "PMD")):
                mask = (1 << shift) - 1
                phys = (e & PTE_PFN_MASK & ~mask) | (addr & mask)
                return ("0x%016x -> phys 0x%x (%s page): present, %s, %s, %s"
                        % (addr, phys, HUGE_NAMES[shift],
                           "writable" if writable else "read-only",
                           "user" if user else "kernel", "NX" if nx else "executable"),
                        phys >> PAGE_SHIFT)
            table = e
        raise AssertionError("unreachable")

    def show_page(self, pfn):
        """Print the struct page of pfn (vmemmap), if it is readable."""
        page = VMEMMAP_START + pfn * ptr_type("struct page").target().sizeof
        try:
            p = deref(page, "struct page")
            flags = int(p["flags"])
            names = [f.name[3:] for f in gdb.lookup_type("enum pageflags").fields()
                     if f.name.startswith("PG_") and flags >> f.enumval & 1]
            print("  page 0x%x: pfn 0x%x flags 0x%x [%s] _refcount %d _mapcount %d"
                  % (page, pfn, flags, " ".join(names), int(p["_refcount"]),
                     int(p["_mapcount"])))
        except (gdb.error, gdb.MemoryError):
            print("  page 0x%x: pfn 0x%x has no readable struct page" % (page, pfn))


class Pagoda(gdb.Command):
    """pagoda: list Pagoda's gdb commands (tools/gdb/pagoda.py).

    pagoda-ps              every task: pid, parent, state, sizes, comm
    pagoda-dmesg [N]       the kernel log buffer, or its last N lines
    pagoda-buddyinfo [-v]  free blocks per zone and order (-v: per migrate type)
    pagoda-slabinfo        every SLUB cache, /proc/slabinfo's layout
    pagoda-vmas PID        a process's VMAs with resident and swapped pages
    pagoda-pte ADDR [PID]  walk the page tables for ADDR, level by level

`help pagoda-pte` (and so on) explains each.  Stop the kernel somewhere
quiet first, e.g. `break machine_power_off` with CMDLINE=run=true, or
Ctrl-C while it idles."""

    def __init__(self):
        super().__init__("pagoda", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        print(self.__doc__)


Pagoda()
PagodaPs()
PagodaDmesg()
PagodaBuddyinfo()
PagodaSlabinfo()
PagodaVmas()
PagodaPte()
