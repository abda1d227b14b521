/*
 * arch/x86_64/extable.h - the exception table: where a faulting kernel
 * instruction may continue (Linux's asm/extable.h; the code is
 * arch/x86_64/mm/extable.c).
 *
 * Every instruction of the kernel that touches a user address on purpose
 * (the few in arch/x86_64/usercopy.asm) has an entry {insn, fixup} in the
 * __ex_table section; linker.ld gathers them between __start___ex_table and
 * __stop___ex_table.  When such an instruction faults (#PF on an unmapped or
 * read-only user page, #GP on a non-canonical address), the fault handler
 * finds the entry for the faulting RIP and resumes at fixup instead of
 * oopsing: the fixup code makes the access return -EFAULT (or the number of
 * bytes not copied).  A fault at any other kernel RIP is a bug: an oops.
 *
 * Format: two absolute 64-bit addresses per entry (Linux uses two 32-bit
 * offsets relative to the entry itself, to halve the table; absolute
 * addresses are simpler to read and Pagoda's table has a dozen entries).
 * The table is not sorted: search_exception_tables() scans it linearly
 * (Linux sorts it at boot and bisects).
 *
 * Writing an entry from NASM (see usercopy.asm):
 *	.insn:	mov al, [rsi]		; may fault
 *		...
 *	section __ex_table
 *		dq .insn, .fixup
 */
#ifndef ARCH_X86_64_EXTABLE_H
#define ARCH_X86_64_EXTABLE_H

#include "kernel/types.h"

struct pt_regs;

struct exception_table_entry {
	u64 insn;	/* the address of an instruction that may fault */
	u64 fixup;	/* where to continue if it does */
};

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

/* search_exception_tables - the entry for the instruction at addr, or NULL. */
const struct exception_table_entry *search_exception_tables(u64 addr);
/*
 * fixup_exception - if the kernel-mode fault in regs hit an instruction
 * with an exception-table entry, point regs->rip at its fixup and return
 * true (the fault handler then returns and the fixup runs); else false.
 */
bool fixup_exception(struct pt_regs *regs);

#endif /* ARCH_X86_64_EXTABLE_H */
