/*
 * kernel/kallsyms.h - addresses to symbol names (kernel/kallsyms.c), from the
 * table tools/kallsyms.py embeds in the image at the second link.
 */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "kernel/types.h"

#define KSYM_NAME_LEN	128
#define KSYM_SYMBOL_LEN	(KSYM_NAME_LEN + 48)

/*
 * kallsyms_lookup - find the function containing addr.  On success returns
 * its name and sets *size and *offset (addr - start); NULL if addr is in no
 * known function.
 */
const char *kallsyms_lookup(u64 addr, u64 *size, u64 *offset);
/* kallsyms_lookup_name - the address of a symbol, or 0. */
u64 kallsyms_lookup_name(const char *name);
/* sprint_symbol - "name+0xoff/0xsize" (or the bare hex address) into buf. */
int sprint_symbol(char *buf, size_t size, u64 addr);

#endif /* KERNEL_KALLSYMS_H */
