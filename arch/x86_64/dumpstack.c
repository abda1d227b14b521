/*
 * arch/x86_64/dumpstack.c - registers and call traces for oopses, panics
 * and WARNs (Linux's arch/x86/kernel/dumpstack.c and unwind_frame.c, with
 * only the frame-pointer unwinder).
 *
 * The kernel is built with -fno-omit-frame-pointer, so every function
 * starts with "push %rbp; mov %rsp, %rbp".  Each frame therefore begins
 * with a two-word record:
 *
 *	[rbp]      the caller's rbp       (the next record up the stack)
 *	[rbp + 8]  the return address     (a place in the caller)
 *
 * and the records form a linked list from the innermost frame outwards.
 * show_trace() follows it, printing each return address as
 * "function+0xoff/0xsize" (kallsyms), and stops when
 *   - rbp is 0 (boot.asm starts the boot stack with rbp = 0),
 *   - rbp is non-canonical, unaligned, or not inside a known kernel stack
 *     (so the walk never reads memory that might not be there),
 *   - rbp does not move up the stack (a loop or a corrupted record), or
 *   - 32 frames have been printed.
 * An oops also prints, marked "? ", kernel-text addresses found between the
 * saved RSP and the first frame record (show_stack_words): the only trace
 * of the caller when the faulting function had no frame record yet.
 * entry.asm leaves a record for the interrupted code on every exception, so
 * a trace taken inside a handler continues into the code that faulted; an
 * oops starts its trace from the saved registers, i.e. from the faulting
 * function's caller (its own position is the "RIP:" line), as Linux does.
 *
 * The kernel stacks (get_stack_info): the boot stack (boot.asm: the "TASK"
 * stack until there are tasks) and the three IST stacks (gdt.h).  Each has a
 * guard page below it; get_stack_guard_info() recognises a fault there.
 * [sched] Each task's own stack (THREAD_SIZE of vmalloc, kernel/sched/
 * task_stack.c) is the "TASK" stack while it runs, found through `current`.
 * A trace crossing from one stack to another prints Linux's markers:
 * " <#DF>" ... " </#DF>", " <TASK>" ... " </TASK>".
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define MAX_TRACE_FRAMES	32
/* The bytes of code around RIP in an oops's "Code:" line (Linux's). */
#define OPCODE_BUFSIZE		64
#define PROLOGUE_SIZE		42

extern char boot_stack_guard[], boot_stack[], boot_stack_top[];	/* boot.asm */
extern char _text[], _etext[];					/* linker.ld */
extern char exception_common[], exception_common_end[];		/* entry.asm */

/* ---- which stack ---- */

/* Fills info with [begin, end) and returns true if addr lies inside. */
static bool in_stack(u64 addr, u64 begin, u64 end, enum stack_type type,
		     const char *name, struct stack_info *info)
{
	if (addr < begin || addr >= end)
		return false;
	info->type = type;
	info->begin = begin;
	info->end = end;
	info->name = name;
	return true;
}

/*
 * [sched] The running task's kernel stack, unless it is the boot stack
 * (init_task's) or `current` cannot be read yet (GS base still 0: before
 * setup_per_cpu_areas()).
 */
static bool in_task_stack(u64 addr, struct stack_info *info)
{
	struct task_struct *task;

	if (!rdmsr(MSR_GS_BASE))
		return false;
	task = current;
	if (!task || !task->stack || task->stack == (void *)boot_stack)
		return false;
	return in_stack(addr, (u64)task->stack, (u64)task->stack + THREAD_SIZE,
			STACK_TYPE_TASK, "TASK", info);
}

/* get_stack_info - the kernel stack holding addr, if any (see traps.h). */
bool get_stack_info(u64 addr, struct stack_info *info)
{
	struct exception_stacks *es = &exception_stacks;

	return in_task_stack(addr, info) ||
	       in_stack(addr, (u64)boot_stack, (u64)boot_stack_top,
			STACK_TYPE_TASK, "TASK", info) ||
	       in_stack(addr, (u64)es->DF_stack, (u64)es->DF_stack + EXCEPTION_STKSZ,
			STACK_TYPE_EXCEPTION, "#DF", info) ||
	       in_stack(addr, (u64)es->NMI_stack, (u64)es->NMI_stack + EXCEPTION_STKSZ,
			STACK_TYPE_EXCEPTION, "NMI", info) ||
	       in_stack(addr, (u64)es->MCE_stack, (u64)es->MCE_stack + EXCEPTION_STKSZ,
			STACK_TYPE_EXCEPTION, "#MC", info);
}

/* get_stack_guard_info - is addr in the page just below a kernel stack? */
bool get_stack_guard_info(u64 addr, struct stack_info *info)
{
	/* The stack whose bottom lies one guard page above addr. */
	return addr < (u64)-PAGE_SIZE && get_stack_info(addr + PAGE_SIZE, info) &&
	       addr < info->begin;
}

/* ---- the frame-pointer walk ---- */

static bool is_canonical(u64 addr)
{
	return (u64)((s64)(addr << 16) >> 16) == addr;
}

/* A frame record at rbp may be read: both its words inside one kernel stack. */
static bool frame_ok(u64 rbp, struct stack_info *info)
{
	if (!rbp || !is_canonical(rbp) || !IS_ALIGNED(rbp, 8))
		return false;
	return get_stack_info(rbp, info) && rbp + 16 <= info->end;
}

/* Moves the walk to the record at bp; false if it is unreadable or ends the chain. */
static bool unwind_load(struct unwind_state *state, u64 bp)
{
	if (!frame_ok(bp, &state->stack_info))
		return false;
	state->bp = bp;
	state->ip = ((const u64 *)bp)[1];
	return state->ip != 0;
}

/* unwind_start - begin a walk at the frame record at bp (see traps.h). */
bool unwind_start(struct unwind_state *state, u64 bp)
{
	state->frames = 0;
	state->ip_is_exact = false;
	return unwind_load(state, bp);
}

/* Is ip the return address of exception_common's call into C? */
static bool returns_into_exception_entry(u64 ip)
{
	return ip > (u64)exception_common && ip <= (u64)exception_common_end;
}

/* unwind_next_frame - step to the caller's frame record (see traps.h). */
bool unwind_next_frame(struct unwind_state *state)
{
	u64 next = ((const u64 *)state->bp)[0];
	const struct stack_info *cur = &state->stack_info;

	if (++state->frames >= MAX_TRACE_FRAMES)
		return false;
	/* Callers are higher up the same stack; lower means a loop or garbage. */
	if (next <= state->bp && next >= cur->begin && next < cur->end)
		return false;
	/* The record above exception_common's call is entry.asm's: an interrupted RIP. */
	state->ip_is_exact = returns_into_exception_entry(state->ip);
	return unwind_load(state, next);
}

/*
 * Prints one line of a trace, after mark ("" or "? ").  An exact address
 * (an interrupted RIP) is symbolized by sprint_symbol().  A return address
 * is looked up at addr - 1, as Linux's %pB does: a call to a noreturn
 * function may be a function's last instruction, so that the address after
 * it already belongs to the next function.
 */
static void print_trace_address(u64 addr, bool is_return, const char *mark)
{
	char sym[KSYM_SYMBOL_LEN];
	u64 size, offset;
	const char *name;

	if (!is_return) {
		sprint_symbol(sym, sizeof(sym), addr);
		printk(KERN_DEFAULT " %s%s\n", mark, sym);
		return;
	}
	name = kallsyms_lookup(addr - 1, &size, &offset);
	if (name)
		printk(KERN_DEFAULT " %s%s+0x%llx/0x%llx\n", mark, name, offset + 1, size);
	else
		printk(KERN_DEFAULT " %s0x%llx\n", mark, addr);
}

/*
 * Kernel-text addresses lying on the stack from sp up to the first frame
 * record at bp, printed as " ? function+0xoff/0xsize" - Linux's mark for an
 * address found on the stack that the unwinder cannot prove is a return
 * address.  It matters for an oops in a function that has no frame record
 * of its own (GCC gives none to a function that needs no stack, and a
 * fault in a prologue comes before "mov %rsp, %rbp"): its return address
 * sits at the saved RSP, and the frame walk alone would skip its caller.
 */
static void show_stack_words(u64 sp, u64 bp)
{
	struct stack_info info;

	if (!IS_ALIGNED(sp, 8) || !get_stack_info(sp, &info) || bp <= sp || bp > info.end)
		return;
	for (int i = 0; i < MAX_TRACE_FRAMES && sp < bp; i++, sp += 8) {
		u64 word = *(const u64 *)sp;

		if (word > (u64)_text && word <= (u64)_etext)
			print_trace_address(word, true, "? ");
	}
}

/*
 * Prints the whole "Call Trace:" block: rip if nonzero, the unreliable
 * entries above sp if nonzero, then the frame walk from rbp.
 */
static void __show_trace(u64 rip, u64 sp, u64 rbp)
{
	struct unwind_state state;
	struct stack_info cur = { .name = NULL };	/* the stack being printed */
	bool more = unwind_start(&state, rbp);

	printk(KERN_DEFAULT "Call Trace:\n");
	if (more)
		cur = state.stack_info;
	else if (sp)
		get_stack_info(sp, &cur);		/* leaves cur alone if none */
	if (cur.name)
		printk(KERN_DEFAULT " <%s>\n", cur.name);
	if (rip)
		print_trace_address(rip, false, "");
	if (sp)
		show_stack_words(sp, more ? rbp : cur.end);
	for (; more; more = unwind_next_frame(&state)) {
		if (state.stack_info.begin != cur.begin) {	/* onto another stack */
			printk(KERN_DEFAULT " </%s>\n", cur.name);
			cur = state.stack_info;
			printk(KERN_DEFAULT " <%s>\n", cur.name);
		}
		print_trace_address(state.ip, !state.ip_is_exact, "");
	}
	if (cur.name)
		printk(KERN_DEFAULT " </%s>\n", cur.name);
}

/* show_trace - "Call Trace:" from rip (if nonzero) and the frames at rbp. */
void show_trace(u64 rip, u64 rbp)
{
	__show_trace(rip, 0, rbp);
}

/* Who was running (Linux's dump_stack_print_info). */
static void dump_stack_print_info(void)
{
	/* [sched] current, once the GS base points at the per-CPU area. */
	if (rdmsr(MSR_GS_BASE))
		printk(KERN_DEFAULT "CPU: 0 PID: %d Comm: %s\n", current->pid, current->comm);
	else
		printk(KERN_DEFAULT "CPU: 0 PID: 0 Comm: swapper\n");
}

/* dump_stack - who is running and the call trace of the caller, from here. */
__noinline void dump_stack(void)
{
	u64 rip;

	__asm__ volatile("leaq (%%rip), %0" : "=r"(rip));
	dump_stack_print_info();
	show_trace(rip, (u64)__builtin_frame_address(0));
}

/* ---- registers ---- */

/*
 * "Code:" - the bytes around RIP, the one at RIP in <>, as Linux prints
 * them (scripts/decodecode turns the line back into instructions).  Only
 * kernel text is read: anywhere else might not be mapped.
 */
static void show_opcodes(u64 rip)
{
	char line[OPCODE_BUFSIZE * 3 + 16];
	u64 start = rip - PROLOGUE_SIZE;
	int pos = 0;

	if (start < (u64)_text || rip >= (u64)_etext ||
	    start + OPCODE_BUFSIZE > (u64)_etext) {
		printk(KERN_DEFAULT "Code: Unable to access opcode bytes at 0x%llx.\n", start);
		return;
	}
	for (int i = 0; i < OPCODE_BUFSIZE; i++) {
		u8 byte = ((const u8 *)start)[i];

		pos += scnprintf(line + pos, sizeof(line) - pos,
				 i == PROLOGUE_SIZE ? " <%02x>" : " %02x", byte);
	}
	printk(KERN_DEFAULT "Code:%s\n", line);
}

static u16 read_seg(int which)
{
	u16 sel = 0;

	switch (which) {
	case 0: __asm__ volatile("movw %%ds, %0" : "=r"(sel)); break;
	case 1: __asm__ volatile("movw %%es, %0" : "=r"(sel)); break;
	case 2: __asm__ volatile("movw %%fs, %0" : "=r"(sel)); break;
	case 3: __asm__ volatile("movw %%gs, %0" : "=r"(sel)); break;
	}
	return sel;
}

/* The register block of an oops (Linux's __show_regs, kernel-mode flavour). */
static void __show_regs(const struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, sizeof(sym), regs->rip);
	printk(KERN_DEFAULT "RIP: %04llx:%s\n", regs->cs & 0xffff, sym);
	show_opcodes(regs->rip);
	printk(KERN_DEFAULT "RSP: %04llx:%016llx EFLAGS: %08llx\n",
	       regs->ss & 0xffff, regs->rsp, regs->rflags);
	printk(KERN_DEFAULT "RAX: %016llx RBX: %016llx RCX: %016llx\n",
	       regs->rax, regs->rbx, regs->rcx);
	printk(KERN_DEFAULT "RDX: %016llx RSI: %016llx RDI: %016llx\n",
	       regs->rdx, regs->rsi, regs->rdi);
	printk(KERN_DEFAULT "RBP: %016llx R08: %016llx R09: %016llx\n",
	       regs->rbp, regs->r8, regs->r9);
	printk(KERN_DEFAULT "R10: %016llx R11: %016llx R12: %016llx\n",
	       regs->r10, regs->r11, regs->r12);
	printk(KERN_DEFAULT "R13: %016llx R14: %016llx R15: %016llx\n",
	       regs->r13, regs->r14, regs->r15);
	printk(KERN_DEFAULT "FS:  %016llx(%04x) GS:%016llx(%04x) knlGS:%016llx\n",
	       rdmsr(MSR_FS_BASE), read_seg(2), rdmsr(MSR_GS_BASE), read_seg(3),
	       rdmsr(MSR_KERNEL_GS_BASE));
	printk(KERN_DEFAULT "CS:  %04llx DS: %04x ES: %04x CR0: %016llx\n",
	       regs->cs & 0xffff, read_seg(0), read_seg(1), read_cr0());
	printk(KERN_DEFAULT "CR2: %016llx CR3: %016llx CR4: %016llx\n",
	       read_cr2(), read_cr3(), read_cr4());
}

/*
 * show_regs - who was running, the registers and the call trace of the
 * interrupted code (Linux's show_regs for a kernel-mode oops).
 */
void show_regs(const struct pt_regs *regs)
{
	dump_stack_print_info();
	__show_regs(regs);
	__show_trace(0, regs->rsp, regs->rbp);
}
