/*
 * arch/x86_64/mm/init.c - from the firmware's memory map to the kernel's own
 * page tables (Linux's arch/x86/mm/init.c, init_64.c and the e820 ->
 * memblock glue of arch/x86/kernel/e820.c).
 *
 * setup_arch() calls three functions, in order:
 *
 * x86_memblock_setup()
 *   Every E820_TYPE_RAM range (whole pages only) goes into memblock.memory.
 *   Reserved in memblock.reserved: the first 1 MiB (real-mode IVT, BIOS data,
 *   EBDA, VGA memory, option ROMs - Linux reserves it all too), the kernel
 *   image [_kernel_phys_start, __pa_symbol(_end)) - which includes boot.asm's
 *   early page tables and the .kallsyms table -, the multiboot2 information
 *   block and every module.  Then mem= trims memblock.memory
 *   (memblock_enforce_memory_limit) and max_pfn is the end of the last RAM
 *   page.  memblock allocations are kept below 1 GiB, the only RAM boot.asm
 *   maps at PAGE_OFFSET, until init_mem_mapping() has mapped the rest.
 *
 * init_mem_mapping()
 *   Builds init_top_pgt from scratch, every table page from memblock_alloc
 *   (zeroed):
 *     PAGE_OFFSET + phys   the direct map: [0, 1 MiB) (as Linux, so the BIOS
 *                          areas stay readable) and every memblock.memory
 *                          range; RW, NX, global; the largest page that fits
 *                          each piece: 1 GiB if the CPU has them (CPUID
 *                          0x80000001 EDX bit 26, pdpe1gb) and the piece is a
 *                          whole aligned GiB, else 2 MiB, else 4 KiB at the
 *                          unaligned edges.
 *     __START_KERNEL_map   the kernel image in 4 KiB pages, section by
 *       + phys             section (linker.ld): .text RX, .rodata R NX,
 *                          .data and .bss RW NX, .kallsyms R NX; global.  The
 *                          guard pages below the boot stack and below each
 *                          IST exception stack are left unmapped, so that an
 *                          overflow faults at once.  The .boot sections are
 *                          not mapped here: they ran at their physical
 *                          addresses, before paging, and are never used again.
 *   Nothing is mapped in the user half (pgd entries 0..255): loading CR3
 *   with init_top_pgt drops boot.asm's identity map, and virtual address 0
 *   faults from then on.  Then CR4.PGE (global pages), and CR4.SMEP and
 *   CR4.SMAP when the CPU has them (EFER.NXE is already on: boot.asm).
 *
 * paging_init()
 *   Backs the struct page array (vmemmap) for every RAM pfn (rounded out to
 *   whole MAX_ORDER blocks), so that pfn_to_page() works for all of RAM and
 *   for the holes the buddy allocator may look at, and hands the zone limits
 *   (ZONE_DMA < 16 MiB, ZONE_DMA32 < 4 GiB, ZONE_NORMAL) to free_area_init().
 *
 * Invariants afterwards: every RAM page (and [0, 1 MiB)) is mapped exactly
 * once in the direct map and has a struct page; the kernel-half pgd entries
 * of init_top_pgt change only in vmalloc_init() (mm/vmalloc.c).  All of this
 * runs once, on the boot CPU, before anything else touches page tables: no
 * locks.
 */
#include "arch/x86_64/mm/init.h"
#include "arch/x86_64/e820.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/memblock.h"
#include "mm/mm.h"
#include "mm/mmzone.h"

#define MAX_PHYSMEM_BITS	46		/* Linux's limit with 4-level paging */
#define MAX_ARCH_PFN		(1ULL << (MAX_PHYSMEM_BITS - PAGE_SHIFT))
#define ISA_END_ADDRESS		0x100000UL	/* the first 1 MiB */
#define MAX_DMA_PFN		((16UL << 20) >> PAGE_SHIFT)	/* ZONE_DMA: below 16 MiB */
#define MAX_DMA32_PFN		((4UL << 30) >> PAGE_SHIFT)	/* ZONE_DMA32: below 4 GiB */

/* The kernel's top-level page table: CR3 points here from init_mem_mapping() on. */
pgd_t init_top_pgt[PTRS_PER_PGD] __aligned(PAGE_SIZE);

unsigned long direct_pages_count[PG_LEVEL_NUM];

/* One past the last pfn of RAM (mm/mm.h); set by x86_memblock_setup(). */
unsigned long max_pfn;

/* The CPU can map 1 GiB pages (CPUID 0x80000001 EDX.pdpe1gb): the direct map uses them. */
static bool direct_gbpages;

/* ------------------------------------------------------------------------
 * The memory map -> memblock
 * ------------------------------------------------------------------------ */

/* memblock_add the whole pages of every usable RAM range of the e820 map. */
static void e820__memblock_add_ram(void)
{
	struct e820_entry *entry;

	for_each_e820_entry(entry) {
		phys_addr_t start = PAGE_ALIGN(entry->addr);
		phys_addr_t end = ALIGN_DOWN(entry->addr + entry->size, PAGE_SIZE);

		if (entry->type != E820_TYPE_RAM || end <= start)
			continue;
		if (memblock_add(start, end - start))
			pr_warn("e820: memblock table full, RAM [mem %#018llx-%#018llx] ignored\n",
				start, end - 1);
	}
}

/* memblock_reserve [start, end), widened to whole pages. */
static void reserve_range(phys_addr_t start, phys_addr_t end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = PAGE_ALIGN(end);
	if (end > start)
		memblock_reserve(start, end - start);
}

/*
 * Reserves what is in use before any allocator exists: the first MiB, the
 * kernel image, the multiboot2 information (read again by nobody, but
 * boot_params.acpi_rsdp_phys may point into it) and the modules.
 */
static void reserve_boot_memory(void)
{
	reserve_range(0, ISA_END_ADDRESS);
	reserve_range((phys_addr_t)(unsigned long)_kernel_phys_start, __pa_symbol(_end));
	if (boot_params.info_size)
		reserve_range(boot_params.info_phys,
			      boot_params.info_phys + boot_params.info_size);
	for (u32 i = 0; i < boot_params.nr_modules; i++)
		reserve_range(boot_params.modules[i].start, boot_params.modules[i].end);
}

/*
 * x86_memblock_setup - the e820 map into memblock, boot memory reserved,
 * mem= applied, max_pfn set.  Panics if no RAM is left.
 */
void x86_memblock_setup(void)
{
	e820__memblock_add_ram();
	reserve_boot_memory();
	memblock_enforce_memory_limit(memblock_mem_limit());
	if (!memblock_phys_mem_size())
		panic("x86_memblock_setup: no usable RAM in the memory map");
	if (memblock_end_of_DRAM() < __pa_symbol(_end))
		panic("x86_memblock_setup: mem=%lluK is too small: the kernel image alone ends at %#llx",
		      memblock_mem_limit() >> 10, __pa_symbol(_end));

	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	pr_info("last_pfn = %#lx max_arch_pfn = %#llx\n", max_pfn, MAX_ARCH_PFN);
	/* memblock_alloc() returns __va(): keep it inside boot.asm's direct map for now. */
	memblock_set_current_limit(EARLY_DIRECT_MAP_END);
}

/* ------------------------------------------------------------------------
 * Building page tables from memblock
 * ------------------------------------------------------------------------ */

/* alloc_low_page - a zeroed page for a page table; out of memory here is fatal. */
static void *alloc_low_page(void)
{
	void *p = memblock_alloc(PAGE_SIZE, PAGE_SIZE);

	if (!p)
		panic("init_mem_mapping: out of memory for page tables");
	return p;
}

/* The pud entry for va, allocating the pud table if the pgd entry is empty. */
static pud_t *kernel_pud_alloc(unsigned long va)
{
	pgd_t *pgd = pgd_offset_k(va);

	if (pgd_none(*pgd))
		pgd_populate(pgd, __pa(alloc_low_page()));
	return pud_offset(pgd, va);
}

/* The pmd entry for va, allocating tables on the way; *pud must not be a 1 GiB page. */
static pmd_t *kernel_pmd_alloc(unsigned long va)
{
	pud_t *pud = kernel_pud_alloc(va);

	BUG_ON(pud_large(*pud));
	if (pud_none(*pud))
		pud_populate(pud, __pa(alloc_low_page()));
	return pmd_offset(pud, va);
}

/* The pte for va, allocating tables on the way; no large page may cover va. */
static pte_t *kernel_pte_alloc(unsigned long va)
{
	pmd_t *pmd = kernel_pmd_alloc(va);

	BUG_ON(pmd_large(*pmd));
	if (pmd_none(*pmd))
		pmd_populate_kernel(pmd, __pa(alloc_low_page()));
	return pte_offset_kernel(pmd, va);
}

/* ------------------------------------------------------------------------
 * The direct map
 * ------------------------------------------------------------------------ */

/* Does the CPU have 1 GiB pages (CPUID 0x80000001 EDX bit 26)? */
static bool cpu_has_gbpages(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000001)
		return false;
	cpuid(0x80000001, &a, &b, &c, &d);
	return d & (1U << 26);
}

/*
 * Maps the largest page that fits at pa: physical [pa, end) is to be mapped
 * at __va(pa) with prot.  Returns how many bytes it mapped.
 */
static unsigned long phys_map_one(phys_addr_t pa, phys_addr_t end, pgprot_t prot)
{
	unsigned long va = (unsigned long)__va(pa);
	pud_t *pud;
	pmd_t *pmd;

	pud = kernel_pud_alloc(va);
	if (direct_gbpages && IS_ALIGNED(pa, PUD_SIZE) && end - pa >= PUD_SIZE &&
	    pud_none(*pud)) {
		set_pud(pud, pfn_pud(PFN_DOWN(pa), pgprot_large(prot)));
		direct_pages_count[PG_LEVEL_1G]++;
		return PUD_SIZE;
	}
	pmd = kernel_pmd_alloc(va);
	if (IS_ALIGNED(pa, PMD_SIZE) && end - pa >= PMD_SIZE && pmd_none(*pmd)) {
		set_pmd(pmd, pfn_pmd(PFN_DOWN(pa), pgprot_large(prot)));
		direct_pages_count[PG_LEVEL_2M]++;
		return PMD_SIZE;
	}
	set_pte(kernel_pte_alloc(va), pfn_pte(PFN_DOWN(pa), prot));
	direct_pages_count[PG_LEVEL_4K]++;
	return PAGE_SIZE;
}

/*
 * init_memory_mapping - map physical [start, end) (page-aligned) at
 * PAGE_OFFSET + start: RW, NX, global.  Linux's name and boot line.
 */
static void init_memory_mapping(phys_addr_t start, phys_addr_t end)
{
	pr_info("init_memory_mapping: [mem 0x%08llx-0x%08llx]\n", start, end - 1);
	for (phys_addr_t pa = start; pa < end; )
		pa += phys_map_one(pa, end, PAGE_KERNEL);
}

/* The direct map of [0, 1 MiB) and of every RAM range memblock knows. */
static void init_direct_map(void)
{
	struct memblock_region *r;

	direct_gbpages = cpu_has_gbpages();
	init_memory_mapping(0, ISA_END_ADDRESS);
	for_each_mem_region(r) {
		phys_addr_t start = max(r->base, (phys_addr_t)ISA_END_ADDRESS);
		phys_addr_t end = r->base + r->size;

		if (start < end)
			init_memory_mapping(start, end);
	}
}

/* ------------------------------------------------------------------------
 * The kernel image, W^X
 * ------------------------------------------------------------------------ */

/* Is va a guard page that must stay unmapped (below the boot or an IST stack)? */
static bool is_kernel_guard_page(unsigned long va)
{
	const unsigned long guards[] = {
		(unsigned long)boot_stack_guard,
		(unsigned long)exception_stacks.DF_stack_guard,
		(unsigned long)exception_stacks.NMI_stack_guard,
		(unsigned long)exception_stacks.MCE_stack_guard,
	};

	for (size_t i = 0; i < ARRAY_SIZE(guards); i++)
		if (va == guards[i])
			return true;
	return false;
}

/* Maps the image's virtual [start, end) in 4 KiB pages with prot, guard pages left out. */
static void map_kernel_range(const char *start, const char *end, pgprot_t prot)
{
	unsigned long va = (unsigned long)start & PAGE_MASK;

	for (; va < PAGE_ALIGN((unsigned long)end); va += PAGE_SIZE) {
		if (is_kernel_guard_page(va))
			continue;
		set_pte(kernel_pte_alloc(va), pfn_pte(PFN_DOWN(__pa_symbol(va)), prot));
	}
}

/*
 * The kernel image at __START_KERNEL_map.  Each section starts on a page
 * (linker.ld), and each range below ends where the next begins, so every
 * page of the image gets exactly one permission.
 */
static void map_kernel_image(void)
{
	map_kernel_range(_text, __start_rodata, PAGE_KERNEL_RX);
	map_kernel_range(__start_rodata, _sdata, PAGE_KERNEL_RO);
	map_kernel_range(_sdata, __start_kallsyms, PAGE_KERNEL);
	map_kernel_range(__start_kallsyms, _end, PAGE_KERNEL_RO);
}

/* ------------------------------------------------------------------------
 * Switching over
 * ------------------------------------------------------------------------ */

/* CPUID.(EAX=7,ECX=0):EBX, or 0 if the CPU has no leaf 7. */
static u32 cpuid_7_ebx(void)
{
	u32 a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	if (a < 7)
		return 0;
	cpuid_count(7, 0, &a, &b, &c, &d);
	return b;
}

/* Sets a CR4 bit if the CPU has the feature, and says so. */
static void cr4_enable_feature(bool present, unsigned long bit, const char *name)
{
	if (!present) {
		pr_info("x86/cpu: %s not supported by this CPU\n", name);
		return;
	}
	write_cr4(read_cr4() | bit);
	pr_info("x86/cpu: %s enabled\n", name);
}

/*
 * Global pages, then SMEP (the kernel may not execute user pages: CPUID 7
 * EBX bit 7) and SMAP (the kernel may not touch user pages unless
 * RFLAGS.AC is set, i.e. inside stac/clac: EBX bit 20).
 */
static void enable_paging_features(void)
{
	u32 ebx = cpuid_7_ebx();

	cr4_enable_feature(true, X86_CR4_PGE, "global pages (PGE)");
	cr4_enable_feature(ebx & (1U << 7), X86_CR4_SMEP, "SMEP");
	cr4_enable_feature(ebx & (1U << 20), X86_CR4_SMAP, "SMAP");
}

/*
 * init_mem_mapping - build init_top_pgt (direct map, kernel image W^X) and
 * switch to it.  After x86_memblock_setup().
 */
void init_mem_mapping(void)
{
	init_direct_map();
	map_kernel_image();

	/*
	 * Loading CR3 flushes every non-global translation: boot.asm's tables
	 * had no global entries, so nothing of the identity map survives.
	 * PGE goes on only afterwards, so no stale global entry can exist.
	 */
	write_cr3(__pa_symbol(init_top_pgt));
	enable_paging_features();
	flush_tlb_all();

	/* All RAM is mapped now: memblock may allocate anywhere. */
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	pr_info("x86/mm: direct map: DirectMap4k: %lu kB, DirectMap2M: %lu kB, DirectMap1G: %lu kB\n",
		direct_pages_count[PG_LEVEL_4K] << 2, direct_pages_count[PG_LEVEL_2M] << 11,
		direct_pages_count[PG_LEVEL_1G] << 20);
}

/* ------------------------------------------------------------------------
 * vmemmap and the zones
 * ------------------------------------------------------------------------ */

/*
 * Backs the vmemmap page holding va with a zeroed page, or the 2 MiB around
 * it with one 2 MiB page if all of it lies in [va, end).  Returns where the
 * next unbacked address may be, or 0 if memblock is out of memory.
 */
static unsigned long vmemmap_populate_one(unsigned long va, unsigned long end)
{
	pmd_t *pmd = kernel_pmd_alloc(va);
	pte_t *pte;
	void *p;

	if (pmd_large(*pmd))
		return ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE;
	if (pmd_none(*pmd) && IS_ALIGNED(va, PMD_SIZE) && end - va >= PMD_SIZE) {
		p = memblock_alloc(PMD_SIZE, PMD_SIZE);
		if (p) {
			set_pmd(pmd, pfn_pmd(PFN_DOWN(__pa(p)), pgprot_large(PAGE_KERNEL)));
			return va + PMD_SIZE;
		}
	}
	pte = kernel_pte_alloc(va);
	if (pte_none(*pte)) {
		p = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
		if (!p)
			return 0;
		set_pte(pte, pfn_pte(PFN_DOWN(__pa(p)), PAGE_KERNEL));
	}
	return va + PAGE_SIZE;
}

/*
 * vmemmap_populate - back vmemmap addresses [start, end) with zeroed memory.
 * Returns 0 or -ENOMEM.
 */
int vmemmap_populate(unsigned long start, unsigned long end)
{
	unsigned long va = start & PAGE_MASK;

	while (va < end) {
		va = vmemmap_populate_one(va, end);
		if (!va)
			return -ENOMEM;
	}
	return 0;
}

/* struct pages for [start_pfn, end_pfn); out of memory at boot is fatal. */
static void vmemmap_populate_pfns(unsigned long start_pfn, unsigned long end_pfn)
{
	if (vmemmap_populate((unsigned long)pfn_to_page(start_pfn),
			     (unsigned long)pfn_to_page(end_pfn)))
		panic("paging_init: out of memory for the struct page array (pfn %#lx-%#lx)",
		      start_pfn, end_pfn - 1);
}

/*
 * paging_init - struct pages for the direct-mapped pfns ([0, 1 MiB) and all
 * RAM), then the zones.  After init_mem_mapping(), before memblock_free_all().
 *
 * Each RAM range is rounded out to whole MAX_ORDER blocks (4 MiB of pfns):
 * the buddy allocator's merge loop may look at the struct page of any buddy
 * inside a block that holds RAM, holes included (mm/mmzone.h).
 */
void paging_init(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };
	struct memblock_region *r;

	vmemmap_populate_pfns(0, PFN_DOWN(ISA_END_ADDRESS));
	for_each_mem_region(r)
		vmemmap_populate_pfns(ALIGN_DOWN(PFN_DOWN(r->base), MAX_ORDER_NR_PAGES),
				      ALIGN(PFN_UP(r->base + r->size), MAX_ORDER_NR_PAGES));

	max_zone_pfn[ZONE_DMA] = min(MAX_DMA_PFN, max_pfn);
	max_zone_pfn[ZONE_DMA32] = min(MAX_DMA32_PFN, max_pfn);
	max_zone_pfn[ZONE_NORMAL] = max_pfn;
	free_area_init(max_zone_pfn);
}
