/*
 * arch/x86_64/mm/extable.c - looking up the exception table (see
 * arch/x86_64/extable.h for what it is and how entries are written).
 *
 * Called from the #PF and #GP handlers (arch/x86_64/traps.c) for faults in
 * kernel mode, before they decide to oops.  Runs with interrupts off, takes
 * no locks, and only reads the table, which is in .rodata.
 */
#include "arch/x86_64/extable.h"
#include "arch/x86_64/traps.h"

/* search_exception_tables - a linear scan: the table is a dozen entries. */
const struct exception_table_entry *search_exception_tables(u64 addr)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e;
	return NULL;
}

/* fixup_exception - resume a faulting uaccess instruction at its fixup. */
bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e;

	if (user_mode(regs))
		return false;
	e = search_exception_tables(regs->rip);
	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}
