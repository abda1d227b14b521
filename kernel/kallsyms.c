/*
 * kernel/kallsyms.c - turn code addresses into "function+0xoff/0xsize".
 *
 * The table is made by tools/kallsyms.py from the first link's `nm -n -S`
 * and linked into the .kallsyms section at the end of the image (see the
 * Makefile and linker.ld): kallsyms_num entries sorted by address, each with
 * the symbol's size and the offset of its name in kallsyms_names.  Lookup is
 * a binary search for the last symbol starting at or below the address.
 * The table only holds text symbols, which is all a call trace needs.
 */
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct kallsym {
	u64 addr;
	u32 size;
	u32 name_off;
};

extern const u64 kallsyms_num;
extern const struct kallsym kallsyms_syms[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(u64 addr, u64 *size, u64 *offset)
{
	u64 lo = 0, hi = kallsyms_num;

	/* Invariant: the answer, if any, is in [lo, hi). */
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (hi == lo || kallsyms_syms[lo].addr > addr)
		return NULL;
	if (addr - kallsyms_syms[lo].addr >= kallsyms_syms[lo].size)
		return NULL;			/* past the end of the last function */
	if (size)
		*size = kallsyms_syms[lo].size;
	if (offset)
		*offset = addr - kallsyms_syms[lo].addr;
	return kallsyms_names + kallsyms_syms[lo].name_off;
}

u64 kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_syms[i].name_off, name))
			return kallsyms_syms[i].addr;
	return 0;
}

int sprint_symbol(char *buf, size_t size, u64 addr)
{
	u64 symsize, offset;
	const char *name = kallsyms_lookup(addr, &symsize, &offset);

	if (!name)
		return scnprintf(buf, size, "0x%llx", (unsigned long long)addr);
	return scnprintf(buf, size, "%s+0x%llx/0x%llx", name,
			 (unsigned long long)offset, (unsigned long long)symsize);
}
