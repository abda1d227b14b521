/*
 * arch/x86_64/mm/init.h - setting up memory on x86-64 (arch/x86_64/mm/init.c;
 * Linux's arch/x86/mm/init.c and init_64.c).
 *
 * setup_arch() calls, in this order:
 *   x86_memblock_setup()  e820 RAM -> memblock.memory; reserve the first
 *                         MiB, the kernel image, the multiboot2 block and
 *                         modules; apply mem=; compute max_pfn
 *   init_mem_mapping()    build init_top_pgt: the direct map of all RAM, the
 *                         kernel image with W^X, guard pages unmapped; load
 *                         CR3 (the boot identity map is gone); CR4.PGE,
 *                         SMEP, SMAP
 *   paging_init()         struct pages for all RAM (vmemmap_populate), zone
 *                         sizes -> free_area_init()
 */
#ifndef ARCH_X86_64_MM_INIT_H
#define ARCH_X86_64_MM_INIT_H

#include "arch/x86_64/pgtable.h"
#include "kernel/types.h"

/* ---- the kernel image's bounds (linker.ld; Linux's asm/sections.h) ---- */
extern char _kernel_phys_start[];		/* physical 1 MiB: where GRUB loads us */
extern char _text[], _etext[];			/* .text: RX */
extern char __start_rodata[], __end_rodata[];	/* .rodata: R NX */
extern char _sdata[], _edata[];			/* .data: RW NX */
extern char __bss_start[], __bss_stop[];	/* .bss: RW NX */
extern char __start_kallsyms[];			/* .kallsyms: R NX, up to _end */
extern char _end[];
extern char boot_stack_guard[];			/* boot/boot.asm: left unmapped */

/*
 * How many direct-map leaf entries of each size init_mem_mapping() made,
 * indexed by enum pg_level (Linux's direct_pages_count: /proc/meminfo's
 * DirectMap4k, DirectMap2M and DirectMap1G lines are these times the size).
 */
extern unsigned long direct_pages_count[PG_LEVEL_NUM];

/* ---- setup_arch() calls these, once, in this order ---- */
/*
 * x86_memblock_setup - fill memblock from the e820 map and reserve what is
 * in use; apply mem=; set max_pfn.  Needs e820_table and boot_params.
 */
void x86_memblock_setup(void);
/*
 * init_mem_mapping - build and load the kernel's own page tables
 * (init_top_pgt), replacing boot.asm's; turn on CR4.PGE/SMEP/SMAP.  Page
 * tables come from memblock.  After it, only RAM is mapped at PAGE_OFFSET
 * and nothing is mapped below the kernel half.
 */
void init_mem_mapping(void);
/*
 * paging_init - give every RAM pfn its struct page (vmemmap_populate) and
 * set up the zones (free_area_init).  After init_mem_mapping().
 */
void paging_init(void);

/*
 * vmemmap_populate - back the vmemmap addresses [start, end) with zeroed
 * memory from memblock (2 MiB pages where a whole one is needed, else
 * 4 KiB).  Already-backed parts are kept.  Returns 0 or -ENOMEM.
 */
int vmemmap_populate(unsigned long start, unsigned long end);

#endif /* ARCH_X86_64_MM_INIT_H */
