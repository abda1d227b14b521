/*
 * arch/x86_64/traps.h - exceptions, the oops printer and stack traces
 * (arch/x86_64/traps.c, arch/x86_64/idt.c, arch/x86_64/entry.asm,
 * arch/x86_64/dumpstack.c).
 *
 * An exception travels: CPU -> IDT gate (idt.c) -> a stub in entry.asm
 * (dummy error code, vector, registers: a struct pt_regs on the stack) ->
 * exc_dispatch() (traps.c) -> the handler for the vector: do_page_fault(),
 * do_int3(), ... -> either back through entry.asm's iretq, or die(), which
 * prints a Linux-shaped oops and panics.
 */
#ifndef ARCH_X86_64_TRAPS_H
#define ARCH_X86_64_TRAPS_H

#include "kernel/compiler.h"
#include "kernel/types.h"

/*
 * The registers saved on kernel entry, in Linux's order (lowest address
 * first): what entry.asm pushes, then what the CPU pushed.  entry.asm's
 * PT_* offsets must match (checked with BUILD_BUG_ON in traps.c).
 */
struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx;
	u64 r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 orig_rax;		/* the vector number for exceptions; syscall nr later */
	u64 error_code;		/* the CPU's error code, or 0 */
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

/* user_mode - the exception came from ring 3 (the RPL of the saved CS). */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* ---- exception vectors (Linux's asm/trapnr.h) ---- */
#define X86_TRAP_DE		0	/* divide error */
#define X86_TRAP_DB		1	/* debug */
#define X86_TRAP_NMI		2	/* non-maskable interrupt */
#define X86_TRAP_BP		3	/* breakpoint (int3) */
#define X86_TRAP_OF		4	/* overflow */
#define X86_TRAP_BR		5	/* bound range exceeded */
#define X86_TRAP_UD		6	/* invalid opcode */
#define X86_TRAP_NM		7	/* device not available */
#define X86_TRAP_DF		8	/* double fault */
#define X86_TRAP_OLD_MF		9	/* coprocessor segment overrun */
#define X86_TRAP_TS		10	/* invalid TSS */
#define X86_TRAP_NP		11	/* segment not present */
#define X86_TRAP_SS		12	/* stack segment fault */
#define X86_TRAP_GP		13	/* general protection fault */
#define X86_TRAP_PF		14	/* page fault */
#define X86_TRAP_SPURIOUS	15	/* spurious interrupt */
#define X86_TRAP_MF		16	/* x87 floating-point exception */
#define X86_TRAP_AC		17	/* alignment check */
#define X86_TRAP_MC		18	/* machine check */
#define X86_TRAP_XF		19	/* SIMD floating-point exception */
#define X86_TRAP_VE		20	/* virtualization exception */
#define X86_TRAP_CP		21	/* control protection exception */
#define NR_EXCEPTION_VECTORS	32	/* vectors 0-31 are the CPU's */
#define NR_VECTORS		256

/* ---- page fault error code bits (Linux's enum x86_pf_error_code) ---- */
#define X86_PF_PROT		(1 << 0)	/* 0: not-present page, 1: protection */
#define X86_PF_WRITE		(1 << 1)	/* a write (else a read) */
#define X86_PF_USER		(1 << 2)	/* from user mode */
#define X86_PF_RSVD		(1 << 3)	/* a reserved bit set in an entry */
#define X86_PF_INSTR		(1 << 4)	/* an instruction fetch */
#define X86_PF_PK		(1 << 5)	/* protection keys */
#define X86_PF_SHSTK		(1 << 6)	/* shadow stack */

/* ---- traps.c ---- */
/* trap_init - load the GDT/TSS (with IST stacks) and the IDT. */
void trap_init(void);
/*
 * exc_dispatch - called by entry.asm for every exception with the saved
 * registers; returns to entry.asm (which restores them, changes included,
 * and irets) only for exceptions the kernel survives.
 */
void exc_dispatch(struct pt_regs *regs);
/*
 * do_page_fault - the #PF handler: CR2 holds the address.  Routes it to
 * arch/x86_64/mm/fault.c: do_user_addr_fault() (handle_mm_fault() for a
 * fault inside a VMA) or do_kern_addr_fault().  What cannot be resolved is
 * SIGSEGV/SIGBUS from user mode, the exception-table fixup of a uaccess
 * instruction (-EFAULT), or else an oops.
 */
void do_page_fault(struct pt_regs *regs, u64 error_code);
/* page_fault_oops - the oops for a page fault the kernel cannot handle (Linux's); never returns. */
__attribute__((noreturn)) void page_fault_oops(struct pt_regs *regs, u64 error_code, u64 address);
struct task_struct;
/* unhandled_signal - does tsk have no handler for sig (then the fault is logged)?  Linux's. */
bool unhandled_signal(struct task_struct *tsk, int sig);
/* print_vma_addr - continue the log line with " in prog[start+size]" if ip is in a file mapping. */
void print_vma_addr(const char *prefix, u64 ip);
/* record_user_fault - the fault's trap number, error code and address for the signal frame. */
void record_user_fault(u64 trap_nr, u64 error_code, u64 address);

/* ---- arch/x86_64/mm/fault.c ---- */
/*
 * do_user_addr_fault - a #PF on a user address, from user mode or from a
 * kernel uaccess: find the VMA (growing a stack), check the access, call
 * handle_mm_fault(); on failure SIGSEGV/SIGBUS, -EFAULT fixup or oops.
 */
void do_user_addr_fault(struct pt_regs *regs, u64 error_code, u64 address);
/*
 * do_kern_addr_fault - a #PF on a kernel address: every kernel mapping is
 * made up front, so SIGSEGV from user mode, a uaccess fixup, or an oops.
 */
void do_kern_addr_fault(struct pt_regs *regs, u64 error_code, u64 address);
/* die - print an oops for regs and panic; never returns. */
__attribute__((noreturn)) void die(const char *str, struct pt_regs *regs, u64 err);
/* exception_name - Linux's name for an exception vector ("invalid opcode"). */
const char *exception_name(u64 vector);
/*
 * int3_hook - if set, do_int3() calls it with the saved registers after its
 * note (traps_test.c uses it to check, and change, what entry.asm saved).
 */
extern void (*int3_hook)(struct pt_regs *regs);

/* ---- idt.c ---- */
/* idt_setup_traps - fill the IDT's 32 exception gates and lidt it. */
void idt_setup_traps(void);
/*
 * idt_gate_info - decode the loaded IDT's gate for vector: its handler
 * address and IST number (0 = none).  Returns false if the gate is not
 * present.  Reads the table through sidt, so it checks what the CPU uses.
 */
bool idt_gate_info(unsigned int vector, u64 *handler, unsigned int *ist);
/* [sched] set_intr_gate - an interrupt gate for vector n (32-255) to handler (irq.c). */
void set_intr_gate(unsigned int n, u64 handler);

/* ---- entry.asm ---- */
/* The 32 exception entry stubs, by vector. */
extern const u64 exception_stub_table[NR_EXCEPTION_VECTORS];

/* ---- dumpstack.c ---- */
/* dump_stack - print "Call Trace:" for the caller, symbolized. */
void dump_stack(void);
/*
 * show_regs - print who was running, the registers in Linux's layout and
 * the call trace of the interrupted code (an oops's body).
 */
void show_regs(const struct pt_regs *regs);
/*
 * show_trace - print a "Call Trace:" walking frame pointers from rbp; when
 * rip is nonzero it is printed first (dump_stack's own position).  An oops
 * passes 0: its RIP is on the "RIP:" line, as in Linux.
 */
void show_trace(u64 rip, u64 rbp);

/* The kernel stacks the unwinder may walk (Linux's enum stack_type). */
enum stack_type {
	STACK_TYPE_UNKNOWN,
	STACK_TYPE_TASK,	/* the boot stack now; each task's stack later */
	STACK_TYPE_EXCEPTION,	/* an IST stack: #DF, NMI, #MC */
};

struct stack_info {
	enum stack_type type;
	u64 begin, end;		/* [begin, end): the usable stack, guard excluded */
	const char *name;	/* "TASK", "#DF", "NMI", "#MC" */
};

/*
 * get_stack_info - which kernel stack holds addr: fills *info and returns
 * true, or returns false if addr is on none of them.
 */
bool get_stack_info(u64 addr, struct stack_info *info);
/*
 * A frame-pointer walk (Linux's unwind_frame.c API).  Each step's frame
 * record is at bp on stack_info's stack and ip is its return address.
 */
struct unwind_state {
	struct stack_info stack_info;	/* the stack bp lies on */
	u64 bp;				/* the current frame record */
	u64 ip;				/* its return address ... */
	bool ip_is_exact;		/* ... or, after entry.asm's record, the interrupted RIP */
	int frames;			/* steps taken: the walk stops at 32 */
};
/*
 * unwind_start - begin at the frame record at bp.  Returns false if there is
 * no readable record there (bp 0, non-canonical, unaligned, on no kernel
 * stack) or its return address is 0.
 */
bool unwind_start(struct unwind_state *state, u64 bp);
/*
 * unwind_next_frame - step to the caller's record.  Returns false at the
 * end: an unreadable record, a return address of 0, a record that is not
 * higher up the same stack, or the 32nd frame.
 */
bool unwind_next_frame(struct unwind_state *state);
/*
 * get_stack_guard_info - is addr in the guard page below a kernel stack?
 * If so fills *info with that stack and returns true.
 */
bool get_stack_guard_info(u64 addr, struct stack_info *info);

#endif /* ARCH_X86_64_TRAPS_H */
