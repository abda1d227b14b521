/*
 * arch/x86_64/traps.c - what the kernel does with each CPU exception, and
 * the oops.
 *
 * trap_init() loads the descriptor tables (gdt.c: GDT, TSS with the IST
 * stacks; idt.c: the IDT).  From then on every exception arrives, through
 * entry.asm, at exc_dispatch(regs), which picks the handler by vector:
 *
 *   #BP (int3)   a note "int3 at <symbol>" and back to the next instruction
 *                (a breakpoint is a trap: RIP already points past it)
 *   NMI          Linux's "Uhhuh. NMI received for unknown reason" and back
 *   #PF          do_page_fault(): reads CR2 and hands the fault to
 *                arch/x86_64/mm/fault.c (do_user_addr_fault: the VMA and
 *                handle_mm_fault(), the seam to mm/; do_kern_addr_fault);
 *                what cannot be resolved becomes SIGSEGV/SIGBUS, a uaccess
 *                fixup (-EFAULT, arch/x86_64/extable.h) or page_fault_oops()
 *   #GP          the exception table too (a non-canonical user pointer),
 *                else die()
 *   #DF          stack-guard check, then "PANIC: double fault" and die()
 *   the rest     die() with Linux's name for the vector
 *
 * [entry] From user mode (CS RPL 3) an exception is the program's doing,
 * never an oops: #PF on a bad address is SIGSEGV, #UD SIGILL, #GP SIGSEGV,
 * #DE SIGFPE, int3 SIGTRAP (do_user_trap; arch/x86_64/mm/fault.c's bad_area), each logged with
 * Linux's one line when the program has no handler for the signal.  The
 * signal is delivered on the way out (entry_64.asm ret_to_user ->
 * exit_to_user_mode).
 *
 * die() prints an oops in Linux's shape (arch/x86/kernel/dumpstack.c:
 * oops_begin, __die, oops_end) and panics with "Fatal exception": there are
 * no tasks yet to kill instead.  For example, a write to an unmapped page:
 *
 *   BUG: unable to handle page fault for address: ffffc90000000000
 *   #PF: supervisor write access in kernel mode
 *   #PF: error_code(0x0002) - not-present page
 *   Oops: 0002 [#1]
 *   CPU: 0 PID: 0 Comm: swapper
 *   RIP: 0010:function+0x1c/0x40
 *   Code: ... <c7> ...
 *   RSP: 0018:ffffffff8010bf58 EFLAGS: 00010046
 *   RAX: ... (the registers, dumpstack.c's show_regs)
 *   Call Trace:
 *    <TASK>
 *    caller+0x2a/0x50
 *    </TASK>
 *   CR2: ffffc90000000000
 *   ---[ end trace 0000000000000000 ]---
 *   Kernel panic - not syncing: Fatal exception
 *
 * Invariants: handlers run with interrupts off (interrupt gates).
 * oops_in_progress (kernel/panic.c) is set before an oops prints anything;
 * an exception taken while it is set is a fault inside the oops (or panic)
 * path itself: one line is printed and the CPU halts, so a broken printer
 * cannot recurse forever.
 */
#include "arch/x86_64/traps.h"
#include "arch/x86_64/extable.h"		/* [entry] fixup_exception() */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/pgtable_types.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/processor-flags.h"	/* [entry] X86_EFLAGS_AC */
#include "arch/x86_64/tlbflush.h"		/* [entry] X86_CR4_SMAP */
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"			/* [entry] current */
#include "kernel/signal.h"			/* [entry] force_sig_fault() */
#include "mm/mmap.h"				/* [entry] find_vma() for the segfault line */
#include "kernel/string.h"
#include "mm/vmalloc.h"		/* [pagetables] vmalloc_guard_page() */

#define CONSOLE_LOGLEVEL_MOTORMOUTH	15	/* every level reaches the console */

void (*int3_hook)(struct pt_regs *regs);

static int die_counter;

/* Linux's names, as its oopses print them (arch/x86/kernel/traps.c). */
static const char *const exception_names[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE]		= "divide error",
	[X86_TRAP_DB]		= "debug",
	[X86_TRAP_NMI]		= "nmi",
	[X86_TRAP_BP]		= "int3",
	[X86_TRAP_OF]		= "overflow",
	[X86_TRAP_BR]		= "bounds",
	[X86_TRAP_UD]		= "invalid opcode",
	[X86_TRAP_NM]		= "device not available",
	[X86_TRAP_DF]		= "double fault",
	[X86_TRAP_OLD_MF]	= "coprocessor segment overrun",
	[X86_TRAP_TS]		= "invalid TSS",
	[X86_TRAP_NP]		= "segment not present",
	[X86_TRAP_SS]		= "stack segment",
	[X86_TRAP_GP]		= "general protection fault",
	[X86_TRAP_PF]		= "page fault",
	[X86_TRAP_SPURIOUS]	= "spurious",
	[X86_TRAP_MF]		= "coprocessor error",
	[X86_TRAP_AC]		= "alignment check",
	[X86_TRAP_MC]		= "machine check",
	[X86_TRAP_XF]		= "SIMD coprocessor error",
	[X86_TRAP_VE]		= "virtualization exception",
	[X86_TRAP_CP]		= "control protection",
};

/* exception_name - Linux's name for vector, or "reserved". */
const char *exception_name(u64 vector)
{
	if (vector < NR_EXCEPTION_VECTORS && exception_names[vector])
		return exception_names[vector];
	return "reserved";
}

/* trap_init - GDT and TSS first (the IDT's gates name their selectors and IST slots). */
void trap_init(void)
{
	/* entry.asm's PT_RIP and PT_REGS_SIZE. */
	BUILD_BUG_ON(offsetof(struct pt_regs, rip) != 17 * 8);
	BUILD_BUG_ON(sizeof(struct pt_regs) != 22 * 8);

	gdt_init();
	idt_setup_traps();
}

/* ---- the oops ---- */

/*
 * Linux's oops_begin: from here on a second fault must not print an oops,
 * and every line of this one reaches the console whatever loglevel= says
 * (Linux's console_verbose()).
 */
static void oops_begin(void)
{
	local_irq_disable();
	oops_in_progress = 1;
	console_loglevel = CONSOLE_LOGLEVEL_MOTORMOUTH;
}

/* Linux's __die: the header line, who was running, registers, trace. */
static void __die(const char *str, struct pt_regs *regs, u64 err)
{
	/* A page fault's line is "Oops: 0002 [#1]"; the others name the vector. */
	if (!strcmp(str, "Oops"))
		printk(KERN_DEFAULT "Oops: %04llx [#%d]\n", err & 0xffff, ++die_counter);
	else
		printk(KERN_DEFAULT "Oops: %s: %04llx [#%d]\n", str, err & 0xffff, ++die_counter);
	show_regs(regs);
}

/* Linux's oops_end: there is no task to kill, so an oops is fatal. */
static __noreturn void oops_end(void)
{
	printk(KERN_DEFAULT "---[ end trace 0000000000000000 ]---\n");
	panic("Fatal exception");
}

/* die - print an oops for regs ("Oops: <str>: <err> [#n]") and panic. */
void die(const char *str, struct pt_regs *regs, u64 err)
{
	oops_begin();
	__die(str, regs, err);
	oops_end();
}

/*
 * A fault while an oops or panic is already printing: say so in one line
 * (unless even that faulted) and stop.
 */
static __noreturn void die_nested(struct pt_regs *regs)
{
	static int nested;

	if (!nested++)
		printk(KERN_EMERG "BUG: %s (vector %llu) at RIP %016llx while oopsing; halting\n",
		       exception_name(regs->orig_rax), regs->orig_rax, regs->rip);
	qemu_debug_exit(QEMU_EXIT_PANIC);	/* a test run ends here, as after a panic */
	machine_halt();
}

/* ---- page faults ---- */

/*
 * [pagetables, mm/vmalloc.c] A fault in the guard page after a vmalloc area
 * is almost always an overrun of that area: name the area and who
 * allocated it, so the oops points at the culprit.
 */
static void show_fault_vmalloc_guard(u64 address)
{
	char desc[160];

	if (vmalloc_guard_page(address, desc, sizeof(desc)))
		printk(KERN_ALERT "#PF: %s\n", desc);
}

/* The first lines of a page-fault oops (Linux's show_fault_oops). */
static void show_fault_oops(struct pt_regs *regs, u64 error_code, u64 address)
{
	if (address < PAGE_SIZE && !user_mode(regs))
		printk(KERN_ALERT "BUG: kernel NULL pointer dereference, address: %016llx\n",
		       address);
	else
		printk(KERN_ALERT "BUG: unable to handle page fault for address: %016llx\n",
		       address);
	printk(KERN_ALERT "#PF: %s %s in %s mode\n",
	       (error_code & X86_PF_USER) ? "user" : "supervisor",
	       (error_code & X86_PF_INSTR) ? "instruction fetch" :
	       (error_code & X86_PF_WRITE) ? "write access" : "read access",
	       user_mode(regs) ? "user" : "kernel");
	printk(KERN_ALERT "#PF: error_code(0x%04llx) - %s\n", error_code,
	       !(error_code & X86_PF_PROT) ? "not-present page" :
	       (error_code & X86_PF_RSVD) ? "reserved bit violation" :
	       (error_code & X86_PF_PK) ? "protection keys violation" :
	       (error_code & X86_PF_SHSTK) ? "shadow stack access violation" :
	       "permissions violation");
	show_fault_vmalloc_guard(address);
}

/* page_fault_oops - a page fault the kernel cannot handle: the oops (see traps.h). */
__noreturn void page_fault_oops(struct pt_regs *regs, u64 error_code, u64 address)
{
	oops_begin();
	show_fault_oops(regs, error_code, address);
	__die("Oops", regs, error_code);
	/* Linux's "executive summary in case the body of the oops scrolled away". */
	printk(KERN_DEFAULT "CR2: %016llx\n", address);
	oops_end();
}

/* ---- [entry] faults in user mode become signals ---- */

/*
 * Linux's unhandled_signal(): does tsk have no handler for sig?  Only then
 * is the fault logged: a program that catches SIGSEGV on purpose (a garbage
 * collector, a test) does not fill the log.  Init's faults are always shown.
 */
bool unhandled_signal(struct task_struct *tsk, int sig)
{
	void *handler;

	if (tsk->pid == 1 || !tsk->sighand)
		return true;
	handler = tsk->sighand->action[sig - 1].sa.sa_handler;
	return handler == SIG_IGN || handler == SIG_DFL;
}

/*
 * Linux's print_vma_addr(): " in prog[401000+1000]" - the file mapping
 * that holds ip, its start and size - continuing the current line.  Like
 * Linux it prints nothing when ip is in no file mapping.  The name printed
 * is the task's comm, which exec sets from the executable's basename: the
 * same as Linux's d_iname for the program's own text (the only file
 * mapping a static binary has), up to comm's 15 characters.
 */
void print_vma_addr(const char *prefix, u64 ip)
{
	struct task_struct *tsk = current;
	struct vm_area_struct *vma;

	if (!tsk->mm)
		return;
	vma = find_vma(tsk->mm, ip);
	if (!vma || ip < vma->vm_start || !vma->vm_file)
		return;
	printk(KERN_CONT "%s%s[%lx+%lx]", prefix, tsk->comm,
	       vma->vm_start, vma->vm_end - vma->vm_start);
}

/* record_user_fault - remember the fault for the signal frame's sigcontext (err, trapno, cr2). */
void record_user_fault(u64 trap_nr, u64 error_code, u64 address)
{
	current->thread.trap_nr = trap_nr;
	current->thread.error_code = error_code;
	current->thread.cr2 = address;
}

/* do_page_fault - the #PF handler (see traps.h): route by the faulting address. */
void do_page_fault(struct pt_regs *regs, u64 error_code)
{
	/* CR2 holds the faulting address until the next page fault: read it first. */
	u64 address = read_cr2();

	if (address >= TASK_SIZE_MAX)		/* Linux's fault_in_kernel_space() */
		do_kern_addr_fault(regs, error_code, address);
	else
		do_user_addr_fault(regs, error_code, address);
}

/* ---- the other handlers ---- */

/* int3: a note and back; RIP is already past the one-byte int3 (0xcc). */
static void do_int3(struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, sizeof(sym), regs->rip - 1);
	pr_info("int3 at %s\n", sym);
	if (int3_hook)
		int3_hook(regs);
}

/* An NMI: nothing sends one on purpose yet (no watchdog, no IPIs). */
static void do_nmi(struct pt_regs *regs)
{
	u8 reason = inb(0x61);		/* NMI status and control port */

	pr_emerg("Uhhuh. NMI received for unknown reason %02x on CPU 0.\n", reason);
	pr_emerg("Dazed and confused, but trying to continue\n");
}

/*
 * Double fault: an exception while delivering another, typically a page
 * fault that could not push its frame because RSP ran into a stack's guard
 * page.  We are on IST1, so the stack is good whatever RSP was.
 */
static __noreturn void do_double_fault(struct pt_regs *regs, u64 error_code)
{
	struct stack_info info;
	u64 address = read_cr2();

	if (get_stack_guard_info(address, &info)) {
		printk(KERN_EMERG "BUG: %s stack guard page was hit at %016llx (stack is %016llx..%016llx)\n",
		       info.name, address, info.begin, info.end);
		die("stack guard page", regs, 0);
	}
	printk(KERN_EMERG "PANIC: double fault, error_code: 0x%llx\n", error_code);
	die("double fault", regs, error_code);
}

/* ---- [entry] the other exceptions from user mode ---- */

#define TRAP_BRKPT	1	/* si_code of SIGTRAP: a breakpoint */
#define TRAP_TRACE	2	/* ... a single step */
#define FPE_FLTINV	7	/* si_code of SIGFPE: invalid floating-point operation */
#define BUS_ADRALN	1	/* si_code of SIGBUS: misaligned access */

/*
 * What a user-mode exception becomes (Linux's arch/x86/kernel/traps.c
 * DEFINE_IDTENTRY handlers): the signal, its si_code, whether si_addr is
 * the faulting RIP, and the word before the name in the log line ("trap "
 * for most, nothing for #GP: "general protection fault").
 */
struct user_trap {
	int sig;
	int code;
	bool addr_is_ip;
	const char *type;
};

static const struct user_trap user_traps[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE]		= { SIGFPE,  FPE_INTDIV, true,  "trap " },
	[X86_TRAP_DB]		= { SIGTRAP, TRAP_TRACE, false, "trap " },
	[X86_TRAP_BP]		= { SIGTRAP, SI_KERNEL,  false, "trap " },
	[X86_TRAP_OF]		= { SIGSEGV, SI_KERNEL,  false, "trap " },
	[X86_TRAP_BR]		= { SIGSEGV, SI_KERNEL,  false, "trap " },
	[X86_TRAP_UD]		= { SIGILL,  ILL_ILLOPN, true,  "trap " },
	[X86_TRAP_OLD_MF]	= { SIGFPE,  SI_KERNEL,  false, "trap " },
	[X86_TRAP_TS]		= { SIGSEGV, SI_KERNEL,  false, "trap " },
	[X86_TRAP_NP]		= { SIGBUS,  SI_KERNEL,  false, "trap " },
	[X86_TRAP_SS]		= { SIGBUS,  SI_KERNEL,  false, "trap " },
	[X86_TRAP_GP]		= { SIGSEGV, SI_KERNEL,  false, "" },
	[X86_TRAP_MF]		= { SIGFPE,  FPE_FLTINV, true,  "trap " },
	[X86_TRAP_AC]		= { SIGBUS,  BUS_ADRALN, false, "trap " },
	[X86_TRAP_XF]		= { SIGFPE,  FPE_FLTINV, true,  "trap " },
};

/*
 * An exception in user mode other than #PF, NMI, #DF, #MC: a signal, and
 * (if the program does not handle it) Linux's line
 *   traps: prog[42] trap invalid opcode ip:401136 sp:7ffc9d1b2e30 error:0 in prog[401000+1000]
 * Vectors with no entry above (reserved, #NM, #CP, ...) are SIGSEGV too.
 */
static void do_user_trap(struct pt_regs *regs, u64 vector)
{
	struct task_struct *tsk = current;
	struct user_trap t = user_traps[vector];

	if (!t.sig)
		t = (struct user_trap){ SIGSEGV, SI_KERNEL, false, "trap " };
	record_user_fault(vector, regs->error_code, 0);
	if (unhandled_signal(tsk, t.sig)) {
		pr_info("traps: %s[%d] %s%s ip:%llx sp:%llx error:%llx", tsk->comm, tsk->pid,
			t.type, exception_name(vector), regs->rip, regs->rsp, regs->error_code);
		print_vma_addr(" in ", regs->rip);
		printk(KERN_CONT "\n");
	}
	force_sig_fault(t.sig, t.code, t.addr_is_ip ? (void __user *)regs->rip : NULL);
}

/*
 * [entry] stac/clac are #UD on a CPU without SMAP (usercopy.asm uses them
 * unconditionally; Linux patches them out at boot with "alternatives").
 * Without SMAP they mean nothing: step over the 3-byte instruction.
 */
static bool emulate_stac_clac(struct pt_regs *regs)
{
	const u8 *insn = (const u8 *)regs->rip;

	if (read_cr4() & X86_CR4_SMAP)
		return false;
	if (insn[0] != 0x0f || insn[1] != 0x01 || (insn[2] != 0xca && insn[2] != 0xcb))
		return false;
	regs->rip += 3;
	return true;
}

/* exc_dispatch - every exception, from entry.asm (see traps.h). */
void exc_dispatch(struct pt_regs *regs)
{
	u64 vector = regs->orig_rax;

	if (vector >= FIRST_EXTERNAL_VECTOR) {	/* [sched] an interrupt, not an exception */
		do_IRQ(regs);
		return;
	}
	if (oops_in_progress)
		die_nested(regs);

	/* [entry] From user mode most exceptions are the program's fault: a signal. */
	if (user_mode(regs) && vector != X86_TRAP_PF && vector != X86_TRAP_NMI &&
	    vector != X86_TRAP_DF && vector != X86_TRAP_MC) {
		do_user_trap(regs, vector);
		return;
	}

	switch (vector) {
	case X86_TRAP_BP:
		do_int3(regs);
		return;
	case X86_TRAP_GP:			/* [entry] a uaccess on a non-canonical address */
		if (fixup_exception(regs))
			return;
		die(exception_name(vector), regs, regs->error_code);
	case X86_TRAP_UD:			/* [entry] */
		if (emulate_stac_clac(regs))
			return;
		die(exception_name(vector), regs, regs->error_code);
	case X86_TRAP_NMI:
		do_nmi(regs);
		return;
	case X86_TRAP_PF:
		do_page_fault(regs, regs->error_code);
		return;
	case X86_TRAP_DF:
		do_double_fault(regs, regs->error_code);
	default:
		die(exception_name(vector), regs, regs->error_code);
	}
}
