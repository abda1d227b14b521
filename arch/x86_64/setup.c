/* TEMPORARY bring-up version: replaced by the multiboot2 work in this issue. */
#include "arch/x86_64/setup.h"
#include "kernel/params.h"
#include "kernel/string.h"

#define __va(p) ((void *)((u64)(p) + 0xffff888000000000ULL))

void setup_arch(u64 mb2_info_phys)
{
	u8 *p = __va(mb2_info_phys);
	u32 total = *(u32 *)p;
	for (u32 off = 8; off + 8 <= total;) {
		u32 type = *(u32 *)(p + off), size = *(u32 *)(p + off + 4);
		if (type == 0 || size < 8)
			break;
		if (type == 1)
			strscpy(boot_command_line, (char *)p + off + 8, sizeof(boot_command_line));
		off += (size + 7) & ~7u;
	}
	parse_early_param();
}
