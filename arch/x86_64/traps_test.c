/*
 * arch/x86_64/traps_test.c - ktest suites for kallsyms, the descriptor
 * tables and exception entry, and the oops printer.
 *
 *   kallsyms        address <-> name lookups and sprint_symbol's format
 *   traps           the live GDT, TSS and IDT (read back with sgdt/str/sidt),
 *                   an int3 round trip through entry.asm and pt_regs, and a
 *                   frame-pointer walk out of the handler into the code that
 *                   was interrupted
 *   oops_selftest   MANUAL: each case crashes the kernel on purpose; run one
 *                   at a time with ktest=oops_selftest.<case> and check the
 *                   oops on the serial log (the boot-scenario tests do):
 *                     ud2                 Oops: invalid opcode: 0000 [#1]
 *                     null_deref          BUG: kernel NULL pointer dereference, ...
 *                     unmapped_write      BUG: unable to handle page fault for
 *                                         address: ffffc90000000000, Oops: 0002
 *                     bug_on              kernel BUG at ...!, Oops: invalid opcode
 *                     divide_error        Oops: divide error: 0000 [#1]
 *                     general_protection  Oops: general protection fault: 0000 [#1]
 *                     double_fault        PANIC: double fault, Oops: double fault
 *                     stack_overflow      BUG: TASK stack guard page was hit at ...,
 *                                         Oops: stack guard page: 0000 [#1]
 *                     nested_fault        BUG: invalid opcode (vector 6) at RIP
 *                                         ... while oopsing; halting
 *                   A case whose target page is still mapped by boot.asm's
 *                   early tables (page 0, the boot stack's guard page)
 *                   unmaps it first: see unmap_page_for_crash_test().
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/page.h"
#include "arch/x86_64/traps.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"

/* Hides a value from the optimiser, so that UB-looking code is emitted as written. */
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "+r"(var))

/*
 * [sched] An address nothing ever maps: the unused hole just below the
 * vmalloc area (Linux's layout has one there too; its pgd entry is empty).
 * Not VMALLOC_START any more: the first vmalloc area is the first kernel
 * thread's stack.
 */
#define UNMAPPED_KERNEL_ADDR	0xffffc88000000000ULL

extern char _text[], _etext[];		/* linker.ld */
extern char boot_stack_guard[], boot_stack[], boot_stack_top[];	/* boot.asm */

/* ================= kallsyms ================= */

/* A function only this file calls, with a body big enough to look inside. */
__noinline int traps_test_sym_target(int x);
__noinline int traps_test_sym_target(int x)
{
	OPTIMIZER_HIDE_VAR(x);
	return x * 3 + 1;
}

static void kallsyms_lookup_own_address_gives_offset_0(struct ktest *t)
{
	u64 size = 0, offset = 1;
	const char *name = kallsyms_lookup((u64)traps_test_sym_target, &size, &offset);

	KTEST_ASSERT_NOT_NULL(t, name);
	KTEST_EXPECT_STREQ(t, name, "traps_test_sym_target");
	KTEST_EXPECT_EQ(t, offset, 0);
	KTEST_EXPECT_GT(t, size, 0);
}

static void kallsyms_lookup_inside_function_gives_offset(struct ktest *t)
{
	u64 start = (u64)kallsyms_lookup, size = 0, offset = 0;
	const char *name = kallsyms_lookup(start, &size, NULL);

	KTEST_ASSERT_NOT_NULL(t, name);
	KTEST_ASSERT_GT(t, size, 8);
	name = kallsyms_lookup(start + 7, NULL, &offset);
	KTEST_EXPECT_STREQ(t, name, "kallsyms_lookup");
	KTEST_EXPECT_EQ(t, offset, 7);
	/* The last byte still belongs to it. */
	name = kallsyms_lookup(start + size - 1, NULL, &offset);
	KTEST_EXPECT_STREQ(t, name, "kallsyms_lookup");
	KTEST_EXPECT_EQ(t, offset, size - 1);
}

static void kallsyms_sizes_are_nonzero(struct ktest *t)
{
	const u64 fns[] = {
		(u64)kallsyms_lookup, (u64)sprint_symbol, (u64)printk,
		(u64)panic, (u64)exc_dispatch, (u64)die, (u64)show_trace,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(fns); i++) {
		u64 size = 0, offset = 1;

		KTEST_EXPECT_NOT_NULL(t, kallsyms_lookup(fns[i], &size, &offset));
		KTEST_EXPECT_GT(t, size, 0);
		KTEST_EXPECT_EQ(t, offset, 0);
	}
}

static void kallsyms_lookup_name_round_trips(struct ktest *t)
{
	const char *names[] = { "kallsyms_lookup", "traps_test_sym_target", "exc_dispatch",
				"start_kernel", "exception_common" };

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		u64 addr = kallsyms_lookup_name(names[i]), offset = 1;

		KTEST_EXPECT_NE(t, addr, 0);
		KTEST_EXPECT_STREQ(t, kallsyms_lookup(addr, NULL, &offset), names[i]);
		KTEST_EXPECT_EQ(t, offset, 0);
	}
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("traps_test_sym_target"),
			(u64)traps_test_sym_target);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("no_such_symbol_anywhere"), 0);
}

static void kallsyms_lookup_outside_kernel_is_null(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, kallsyms_lookup(0, NULL, NULL));
	KTEST_EXPECT_NULL(t, kallsyms_lookup(0x1000, NULL, NULL));
	KTEST_EXPECT_NULL(t, kallsyms_lookup(UNMAPPED_KERNEL_ADDR, NULL, NULL));
	KTEST_EXPECT_NULL(t, kallsyms_lookup((u64)_text - 1, NULL, NULL));
	KTEST_EXPECT_NULL(t, kallsyms_lookup(~0ULL, NULL, NULL));
}

static void sprint_symbol_formats_name_offset_size(struct ktest *t)
{
	char buf[KSYM_SYMBOL_LEN], want[KSYM_SYMBOL_LEN];
	u64 size = 0;

	KTEST_ASSERT_NOT_NULL(t, kallsyms_lookup((u64)traps_test_sym_target, &size, NULL));
	snprintf(want, sizeof(want), "traps_test_sym_target+0x0/0x%llx", size);
	sprint_symbol(buf, sizeof(buf), (u64)traps_test_sym_target);
	KTEST_EXPECT_STREQ(t, buf, want);
	snprintf(want, sizeof(want), "traps_test_sym_target+0x3/0x%llx", size);
	sprint_symbol(buf, sizeof(buf), (u64)traps_test_sym_target + 3);
	KTEST_EXPECT_STREQ(t, buf, want);
	/* No symbol: the bare address. */
	sprint_symbol(buf, sizeof(buf), 0x1000);
	KTEST_EXPECT_STREQ(t, buf, "0x1000");
}

static struct ktest_case kallsyms_cases[] = {
	KTEST_CASE(kallsyms_lookup_own_address_gives_offset_0),
	KTEST_CASE(kallsyms_lookup_inside_function_gives_offset),
	KTEST_CASE(kallsyms_sizes_are_nonzero),
	KTEST_CASE(kallsyms_lookup_name_round_trips),
	KTEST_CASE(kallsyms_lookup_outside_kernel_is_null),
	KTEST_CASE(sprint_symbol_formats_name_offset_size),
	{}
};
KTEST_SUITE(kallsyms, kallsyms_cases);

/* ================= traps ================= */

static u16 read_cs(void)
{
	u16 cs;

	__asm__ volatile("movw %%cs, %0" : "=r"(cs));
	return cs;
}

static u16 read_ss(void)
{
	u16 ss;

	__asm__ volatile("movw %%ss, %0" : "=r"(ss));
	return ss;
}

static void gdt_is_loaded_in_higher_half(struct ktest *t)
{
	struct desc_ptr gdtr;

	store_gdt(&gdtr);
	KTEST_EXPECT_GE(t, gdtr.address, 0xffffffff80000000ULL);
	KTEST_EXPECT_EQ(t, gdtr.size, GDT_ENTRIES * 8 - 1);
	KTEST_EXPECT_EQ(t, read_cs(), __KERNEL_CS);
	KTEST_EXPECT_EQ(t, read_ss(), __KERNEL_DS);
	KTEST_EXPECT_EQ(t, store_tr(), GDT_ENTRY_TSS_SEL);
}

static void idt_has_present_gate_for_each_exception(struct ktest *t)
{
	for (unsigned int v = 0; v < NR_EXCEPTION_VECTORS; v++) {
		u64 handler = 0;
		unsigned int ist = 99;
		unsigned int want_ist = v == X86_TRAP_DF ? 1 : v == X86_TRAP_NMI ? 2 :
					v == X86_TRAP_MC ? 3 : 0;

		if (!idt_gate_info(v, &handler, &ist)) {
			ktest_fail(t, __FILE__, __LINE__, "vector %u: gate not present", v);
			continue;
		}
		KTEST_EXPECT_EQ(t, handler, exception_stub_table[v]);
		KTEST_EXPECT_EQ(t, ist, want_ist);
	}
}

/* [sched] init_IRQ() points vectors 32-255 at entry.asm's IRQ stubs, on the current stack. */
static void idt_interrupt_vectors_point_at_irq_stubs(struct ktest *t)
{
	u64 handler;
	unsigned int ist;

	for (unsigned int v = NR_EXCEPTION_VECTORS; v < NR_VECTORS; v++)
		if (!idt_gate_info(v, &handler, &ist) ||
		    handler != irq_stub_table[v - FIRST_EXTERNAL_VECTOR] || ist)
			ktest_fail(t, __FILE__, __LINE__, "vector %u: not the IRQ stub", v);
}

/* Checks that an IST pointer is the 16-byte-aligned top of its stack. */
static void expect_ist_is_top_of(struct ktest *t, unsigned int index, const u8 *stack)
{
	u64 sp = cpu_tss_rw.x86_tss.ist[index];

	KTEST_EXPECT_GT(t, sp, (u64)stack);
	KTEST_EXPECT_LE(t, sp, (u64)stack + EXCEPTION_STKSZ);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(sp, 16));
}

static void tss_ist_stacks_lie_inside_their_stacks(struct ktest *t)
{
	struct exception_stacks *es = &exception_stacks;
	struct stack_info info;

	expect_ist_is_top_of(t, IST_INDEX_DF, es->DF_stack);
	expect_ist_is_top_of(t, IST_INDEX_NMI, es->NMI_stack);
	expect_ist_is_top_of(t, IST_INDEX_MCE, es->MCE_stack);
	/* The unwinder knows the stack, and the page below it as its guard. */
	KTEST_EXPECT_TRUE(t, get_stack_info(cpu_tss_rw.x86_tss.ist[IST_INDEX_DF] - 8, &info));
	KTEST_EXPECT_STREQ(t, info.name, "#DF");
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((u64)es->DF_stack_guard, PAGE_SIZE));
	KTEST_EXPECT_TRUE(t, get_stack_guard_info((u64)es->DF_stack_guard, &info));
	KTEST_EXPECT_EQ(t, info.begin, (u64)es->DF_stack);
	KTEST_EXPECT_FALSE(t, get_stack_guard_info((u64)es->DF_stack, &info));
}

/* [sched] The running task's stack: the boot stack for init_task, else its own. */
static void stack_info_finds_the_task_stack(struct ktest *t)
{
	struct stack_info info;
	bool boot = current == &init_task;

	KTEST_ASSERT_TRUE(t, get_stack_info((u64)__builtin_frame_address(0), &info));
	KTEST_EXPECT_EQ(t, info.type, STACK_TYPE_TASK);
	KTEST_EXPECT_EQ(t, info.begin, boot ? (u64)boot_stack : (u64)current->stack);
	KTEST_EXPECT_EQ(t, info.end, boot ? (u64)boot_stack_top : (u64)current->stack + THREAD_SIZE);
	KTEST_EXPECT_TRUE(t, get_stack_guard_info((u64)boot_stack_guard + 8, &info));
	KTEST_EXPECT_FALSE(t, get_stack_info(UNMAPPED_KERNEL_ADDR, &info));
}

/* What the int3 hook saw, for int3_round_trips_through_pt_regs. */
static struct {
	int calls;
	u64 vector, error_code, rip, cs, rax, rdi, r15;
	bool walk_reached_interrupted_rip;	/* unwinding from the hook */
} int3_seen;

#define INT3_RAX_IN	0x1122334455667788ULL
#define INT3_RAX_OUT	0x8877665544332211ULL
#define INT3_R11_OUT	0x0123456789abcdefULL
#define INT3_RDI	0xfeedfacecafebeefULL
#define INT3_R15	0x0badc0ffee0ddf00ULL

/*
 * Runs inside do_int3: records what entry.asm saved and changes rax and
 * r11, which entry.asm must load back.  The C code that runs afterwards
 * (the walk, the return through exc_dispatch) clobbers the real rax, r11
 * and rdi, so only a correct restore from pt_regs gives the test its values.
 */
static void int3_test_hook(struct pt_regs *regs)
{
	struct unwind_state state;

	int3_seen.calls++;
	int3_seen.vector = regs->orig_rax;
	int3_seen.error_code = regs->error_code;
	int3_seen.rip = regs->rip;
	int3_seen.cs = regs->cs;
	int3_seen.rax = regs->rax;
	int3_seen.rdi = regs->rdi;
	int3_seen.r15 = regs->r15;
	regs->rax = INT3_RAX_OUT;
	regs->r11 = INT3_R11_OUT;
	/* The walk from here must pass entry.asm into the interrupted code. */
	for (bool ok = unwind_start(&state, (u64)__builtin_frame_address(0)); ok;
	     ok = unwind_next_frame(&state))
		if (state.ip == regs->rip)
			int3_seen.walk_reached_interrupted_rip = true;
}

static void int3_round_trips_through_pt_regs(struct ktest *t)
{
	u64 rax, r11, rdi, r15, after_int3;

	memset(&int3_seen, 0, sizeof(int3_seen));
	int3_hook = int3_test_hook;
	/*
	 * The registers are set and read inside the asm, so that nothing the
	 * compiler does around it can mask a bad save or restore.  int3 is a
	 * trap: the saved RIP is the instruction after it, label 1.
	 */
	__asm__ volatile("movabsq %[rax_in], %%rax\n\t"
			 "movabsq %[rdi_in], %%rdi\n\t"
			 "movabsq %[r15_in], %%r15\n\t"
			 "xorl %%r11d, %%r11d\n\t"
			 "leaq 1f(%%rip), %%rcx\n\t"
			 "movq %%rcx, %[after]\n\t"
			 "int3\n"
			 "1:\n\t"
			 "movq %%rax, %[rax]\n\t"
			 "movq %%r11, %[r11]\n\t"
			 "movq %%rdi, %[rdi]\n\t"
			 "movq %%r15, %[r15]"
			 : [rax] "=m"(rax), [r11] "=m"(r11), [rdi] "=m"(rdi),
			   [r15] "=m"(r15), [after] "=m"(after_int3)
			 : [rax_in] "i"(INT3_RAX_IN), [rdi_in] "i"(INT3_RDI),
			   [r15_in] "i"(INT3_R15)
			 : "rax", "rcx", "rdi", "r11", "r15", "memory");
	int3_hook = NULL;

	KTEST_ASSERT_EQ(t, int3_seen.calls, 1);
	KTEST_EXPECT_EQ(t, int3_seen.vector, X86_TRAP_BP);
	KTEST_EXPECT_EQ(t, int3_seen.error_code, 0);
	KTEST_EXPECT_EQ(t, int3_seen.rip, after_int3);
	KTEST_EXPECT_EQ(t, int3_seen.cs, __KERNEL_CS);
	KTEST_EXPECT_EQ(t, int3_seen.rax, INT3_RAX_IN);
	KTEST_EXPECT_EQ(t, int3_seen.rdi, INT3_RDI);
	KTEST_EXPECT_EQ(t, int3_seen.r15, INT3_R15);
	/* The handler's changes came back, and nothing else changed. */
	KTEST_EXPECT_EQ(t, rax, INT3_RAX_OUT);
	KTEST_EXPECT_EQ(t, r11, INT3_R11_OUT);
	KTEST_EXPECT_EQ(t, rdi, INT3_RDI);
	KTEST_EXPECT_EQ(t, r15, INT3_R15);
	KTEST_EXPECT_TRUE(t, int3_seen.walk_reached_interrupted_rip);
}

static void exception_names_are_linux_names(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, exception_name(X86_TRAP_DE), "divide error");
	KTEST_EXPECT_STREQ(t, exception_name(X86_TRAP_UD), "invalid opcode");
	KTEST_EXPECT_STREQ(t, exception_name(X86_TRAP_GP), "general protection fault");
	KTEST_EXPECT_STREQ(t, exception_name(X86_TRAP_DF), "double fault");
	KTEST_EXPECT_STREQ(t, exception_name(X86_TRAP_XF), "SIMD coprocessor error");
	KTEST_EXPECT_STREQ(t, exception_name(31), "reserved");
	KTEST_EXPECT_STREQ(t, exception_name(200), "reserved");
}

static struct ktest_case traps_cases[] = {
	KTEST_CASE(gdt_is_loaded_in_higher_half),
	KTEST_CASE(idt_has_present_gate_for_each_exception),
	KTEST_CASE(idt_interrupt_vectors_point_at_irq_stubs),
	KTEST_CASE(tss_ist_stacks_lie_inside_their_stacks),
	KTEST_CASE(stack_info_finds_the_task_stack),
	KTEST_CASE(int3_round_trips_through_pt_regs),
	KTEST_CASE(exception_names_are_linux_names),
	{}
};
KTEST_SUITE(traps, traps_cases);

/* ================= oops_selftest (manual: each case crashes) ================= */

/*
 * Making a fault happen before the page-table issue has made the layout
 * final.  boot.asm's early tables map the first 1 GiB with 2 MiB pages,
 * three times over (identity, direct map, kernel image: one shared page
 * directory), so page 0 and the boot stack's guard page are still mapped.
 * A crash case that needs one of them unmapped unmaps it itself: it walks
 * CR3's tables through the direct map, splits the 2 MiB page holding the
 * address into 4 KiB pages (into unmap_split_pt, with the same flags) and
 * clears the one entry.  This changes the live page tables for good, which
 * is fine only because these cases never return: the kernel oopses.  Once
 * setup_arch() builds the real tables with these pages unmapped, the walk
 * finds nothing mapped and changes nothing.
 */
#define PTE_PRESENT	(1ULL << 0)
#define PTE_PSE		(1ULL << 7)		/* a 1 GiB / 2 MiB page */
#define PTE_ADDR_MASK	0x000ffffffffff000ULL
#define PTE_TABLE_FLAGS	0x63ULL			/* present, writable, accessed, dirty */

static u64 unmap_split_pt[512] __aligned(PAGE_SIZE);

/* Replaces the 2 MiB mapping in *pmd by 512 4 KiB ones: the same pages and flags. */
static void split_pmd(u64 *pmd)
{
	u64 base = *pmd & PTE_ADDR_MASK & ~(((1ULL << 21) - 1));
	u64 flags = (*pmd & 0xfff & ~PTE_PSE) | (*pmd & (1ULL << 63));

	for (int i = 0; i < 512; i++)
		unmap_split_pt[i] = (base + ((u64)i << PAGE_SHIFT)) | flags;
	*pmd = __pa_symbol(unmap_split_pt) | PTE_TABLE_FLAGS;
}

/*
 * Leaves va unmapped in the current page tables (see above).  Skips the
 * case if that cannot be done (a 1 GiB page, or a second split).
 */
static void unmap_page_for_crash_test(struct ktest *t, u64 va)
{
	u64 *table = __va(read_cr3() & PTE_ADDR_MASK);

	for (int shift = 39; ; shift -= 9) {
		u64 *entry = &table[(va >> shift) & 511];

		if (!(*entry & PTE_PRESENT))
			return;			/* already unmapped */
		if (shift == 12) {
			*entry = 0;
			break;
		}
		if ((*entry & PTE_PSE) && shift == 30)
			ktest_skip(t, "address is in a 1 GiB page");
		if ((*entry & PTE_PSE) && shift == 21) {
			if (unmap_split_pt[0])
				ktest_skip(t, "a page was unmapped already");
			split_pmd(entry);
		}
		table = __va(*entry & PTE_ADDR_MASK);
	}
	ktest_info(t, "unmapped %016llx for this case", va);
	__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
	write_cr3(read_cr3());		/* and the other views of the split page */
}

static void ud2(struct ktest *t)
{
	__asm__ volatile("ud2");
}

static void null_deref(struct ktest *t)
{
	volatile u32 *p = NULL;

	unmap_page_for_crash_test(t, 0);
	OPTIMIZER_HIDE_VAR(p);
	(void)*p;
}

static void unmapped_write(struct ktest *t)
{
	volatile u64 *p = (volatile u64 *)UNMAPPED_KERNEL_ADDR;

	unmap_page_for_crash_test(t, UNMAPPED_KERNEL_ADDR);
	OPTIMIZER_HIDE_VAR(p);
	*p = 0x5a5a5a5a;
}

static void bug_on(struct ktest *t)
{
	BUG_ON(1);
}

static void divide_error(struct ktest *t)
{
	volatile u64 zero = 0;
	u64 x = 42;

	OPTIMIZER_HIDE_VAR(x);
	x /= zero;
	KTEST_EXPECT_EQ(t, x, 0);	/* not reached */
}

static void general_protection(struct ktest *t)
{
	/* A non-canonical address: #GP, not #PF. */
	volatile u64 *p = (volatile u64 *)0x8000000000000000ULL;

	OPTIMIZER_HIDE_VAR(p);
	*p = 1;
}

/*
 * A page fault that cannot push its own frame: with RSP in unmapped memory
 * the #PF's delivery faults again, which the CPU turns into a double fault,
 * delivered on IST1.  The same thing a stack overflow does, without needing
 * an unmapped guard page.
 */
static void double_fault(struct ktest *t)
{
	unmap_page_for_crash_test(t, UNMAPPED_KERNEL_ADDR);
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "pushq $0"
			 :: "r"(UNMAPPED_KERNEL_ADDR + PAGE_SIZE) : "memory");
	__builtin_unreachable();
}

/* Recurses until the boot stack runs into its guard page. */
__noinline u64 traps_test_recurse(volatile u64 depth);
__noinline u64 traps_test_recurse(volatile u64 depth)
{
	volatile u64 pad[32];

	if (depth == ~0ULL)		/* never: keeps -Winfinite-recursion quiet */
		return 0;
	pad[0] = depth;
	return traps_test_recurse(depth + 1) + pad[0];
}

static void stack_overflow(struct ktest *t)
{
	unmap_page_for_crash_test(t, (u64)boot_stack_guard);
	traps_test_recurse(0);
}

/* A fault while an oops is printing: one line, then a halt - no recursion. */
static void nested_fault(struct ktest *t)
{
	oops_in_progress = 1;
	__asm__ volatile("ud2");
}

static struct ktest_case oops_selftest_cases[] = {
	KTEST_CASE(ud2),
	KTEST_CASE(null_deref),
	KTEST_CASE(unmapped_write),
	KTEST_CASE(bug_on),
	KTEST_CASE(divide_error),
	KTEST_CASE(general_protection),
	KTEST_CASE(double_fault),
	KTEST_CASE(stack_overflow),
	KTEST_CASE(nested_fault),
	{}
};
KTEST_SUITE_MANUAL(oops_selftest, oops_selftest_cases);
