/*
 * arch/x86_64/mm/init_test.c - ktest suites for the kernel's page tables
 * (arch/x86_64/mm/init.c, pgtable.c, tlb.c).
 *
 *   pgtable      walks the live tables (lookup_address) and checks what
 *                init_mem_mapping() promised: per-section permissions of
 *                the kernel image (W^X), the direct map NX and translating
 *                to __pa, guard pages and address 0 unmapped, no user half,
 *                CR4.PGE/SMEP/SMAP, vmemmap backing every RAM pfn.
 *   wx_selftest  MANUAL: each case breaks W^X on purpose and must oops; run
 *                one at a time with ktest=wx_selftest.<case> and check the
 *                serial log (the boot scenarios do):
 *                  write_text      #PF: supervisor write access in kernel mode
 *                                  #PF: error_code(0x0003) - permissions violation
 *                  write_rodata    the same, on a .rodata byte
 *                  exec_data       #PF: supervisor instruction fetch in kernel mode
 *                                  (a `ret` in .data)
 *                  exec_bss        the same, a `ret` written into .bss
 *                  exec_directmap  the same, kernel text called through its
 *                                  direct-map alias (the direct map is NX)
 *                If the access does not fault, the case fails instead.
 * (A stack overflow into the boot stack's guard page is traps_test.c's
 * oops_selftest.stack_overflow.)
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/mm/init.h"
#include "arch/x86_64/tlbflush.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "mm/memblock.h"
#include "mm/mm.h"

/* Hides a value from the optimiser, so that the access is emitted as written. */
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "+r"(var))

/* One object in each section; used only for their addresses. */
static const u64 pgtable_test_rodata = 0x0123456789abcdefULL;
static u64 pgtable_test_data = 0xfedcba9876543210ULL;
static u64 pgtable_test_bss;
/* A `ret` instruction in .data (0xc3), and a page of .bss to write one into. */
static u8 pgtable_test_ret_data[16] __aligned(16) = { 0xc3 };
static u8 pgtable_test_ret_bss[16] __aligned(16);

/* The leaf entry mapping va in init_top_pgt, its level in *level; NULL if none is present. */
static pte_t *present_leaf(unsigned long va, unsigned int *level)
{
	pte_t *pte = lookup_address(va, level);

	return pte && pte_present(*pte) ? pte : NULL;
}

/* Checks va is mapped by a present 4 KiB kernel pte with the given RW and X, global. */
static void expect_kernel_perms(struct ktest *t, const char *what, const void *p,
				bool write, bool exec)
{
	unsigned int level;
	pte_t *pte = present_leaf((unsigned long)p, &level);

	ktest_info(t, "%s at %p", what, p);
	KTEST_ASSERT_NOT_NULL(t, pte);
	KTEST_EXPECT_EQ(t, level, PG_LEVEL_4K);
	KTEST_EXPECT_EQ(t, pte_write(*pte), write);
	KTEST_EXPECT_EQ(t, pte_exec(*pte), exec);
	KTEST_EXPECT_TRUE(t, pte_global(*pte));
	KTEST_EXPECT_FALSE(t, pte_user(*pte));
	KTEST_EXPECT_EQ(t, slow_virt_to_phys((unsigned long)p), __pa_symbol(p));
}

static void kernel_text_is_rx(struct ktest *t)
{
	expect_kernel_perms(t, "text", (const void *)init_mem_mapping, false, true);
	expect_kernel_perms(t, "_text", _text, false, true);
}

static void kernel_rodata_is_ro_nx(struct ktest *t)
{
	expect_kernel_perms(t, "rodata", &pgtable_test_rodata, false, false);
	expect_kernel_perms(t, "__start_rodata", __start_rodata, false, false);
}

static void kernel_data_is_rw_nx(struct ktest *t)
{
	expect_kernel_perms(t, "data", &pgtable_test_data, true, false);
	expect_kernel_perms(t, "_sdata", _sdata, true, false);
}

static void kernel_bss_is_rw_nx(struct ktest *t)
{
	expect_kernel_perms(t, "bss", &pgtable_test_bss, true, false);
	expect_kernel_perms(t, "init_top_pgt", init_top_pgt, true, false);
}

static void kernel_kallsyms_is_ro_nx(struct ktest *t)
{
	expect_kernel_perms(t, "kallsyms", __start_kallsyms, false, false);
	expect_kernel_perms(t, "_end - 1", (const void *)((unsigned long)_end - 1), false, false);
}

/* No page of the image is both writable and executable (the whole-image W^X walk). */
static void kernel_image_has_no_wx_page(struct ktest *t)
{
	unsigned long va, wx = 0, mapped = 0;

	for (va = (unsigned long)_text; va < (unsigned long)_end; va += PAGE_SIZE) {
		unsigned int level;
		pte_t *pte = present_leaf(va, &level);

		if (!pte)
			continue;
		mapped++;
		if (pte_write(*pte) && pte_exec(*pte)) {
			if (!wx)
				ktest_info(t, "first W+X page at %#lx", va);
			wx++;
		}
	}
	ktest_info(t, "%lu kernel image pages mapped", mapped);
	KTEST_EXPECT_EQ(t, wx, 0);
	KTEST_EXPECT_GT(t, mapped, 0);
}

/* Expects nothing to map va. */
static void expect_unmapped(struct ktest *t, const char *what, unsigned long va)
{
	unsigned int level;

	ktest_info(t, "%s at %#lx", what, va);
	KTEST_EXPECT_NULL(t, present_leaf(va, &level));
	KTEST_EXPECT_EQ(t, slow_virt_to_phys(va), (phys_addr_t)-1);
}

static void guard_pages_are_unmapped(struct ktest *t)
{
	expect_unmapped(t, "boot_stack_guard", (unsigned long)boot_stack_guard);
	expect_unmapped(t, "boot_stack_guard end", (unsigned long)boot_stack_guard + PAGE_SIZE - 1);
	expect_unmapped(t, "DF_stack_guard", (unsigned long)exception_stacks.DF_stack_guard);
	expect_unmapped(t, "NMI_stack_guard", (unsigned long)exception_stacks.NMI_stack_guard);
	expect_unmapped(t, "MCE_stack_guard", (unsigned long)exception_stacks.MCE_stack_guard);
	/* ... but the stacks right above them are mapped. */
	KTEST_EXPECT_NE(t, slow_virt_to_phys((unsigned long)boot_stack_guard + PAGE_SIZE),
			(phys_addr_t)-1);
}

/* The boot identity map is gone: page 0 and the whole user half are empty. */
static void user_half_is_empty(struct ktest *t)
{
	unsigned long used = 0;

	expect_unmapped(t, "address 0", 0);
	expect_unmapped(t, "the kernel's physical load address", 0x100000);
	for (unsigned int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		if (!pgd_none(init_top_pgt[i]))
			used++;
	KTEST_EXPECT_EQ(t, used, 0);
	KTEST_EXPECT_EQ(t, read_cr3() & PTE_PFN_MASK, __pa_symbol(init_top_pgt));
}

/* Checks the direct map at phys: present, RW, NX, global, translating back to phys. */
static void expect_direct_map(struct ktest *t, phys_addr_t phys)
{
	unsigned long va = (unsigned long)__va(phys);
	unsigned int level;
	pte_t *pte = present_leaf(va, &level);

	KTEST_ASSERT_NOT_NULL(t, pte);
	KTEST_EXPECT_TRUE(t, pte_write(*pte));
	KTEST_EXPECT_FALSE(t, pte_exec(*pte));
	KTEST_EXPECT_TRUE(t, pte_global(*pte));
	KTEST_EXPECT_EQ(t, slow_virt_to_phys(va), phys);
	KTEST_EXPECT_EQ(t, __pa(va), phys);
}

/*
 * The first, last and one pseudo-random page of every RAM range, plus a
 * byte at an odd offset: each translates back to its own physical address.
 */
static void direct_map_translates_to_pa(struct ktest *t)
{
	struct memblock_region *r;
	u64 seed = rdtsc();

	for_each_mem_region(r) {
		unsigned long pages = r->size >> PAGE_SHIFT;
		phys_addr_t random = r->base + ((seed % pages) << PAGE_SHIFT) + 0x123;

		ktest_info(t, "range [%#llx-%#llx], random byte %#llx", r->base,
			   r->base + r->size - 1, random);
		expect_direct_map(t, r->base);
		expect_direct_map(t, r->base + r->size - 1);
		expect_direct_map(t, random);
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	}
	expect_direct_map(t, 0xb8000);	/* VGA text memory: [0, 1 MiB) is mapped too */
}

/* The direct map made its pages as big as it could: the counters add up to the RAM mapped. */
static void direct_map_counters_cover_ram(struct ktest *t)
{
	u64 bytes = direct_pages_count[PG_LEVEL_4K] * PAGE_SIZE +
		    direct_pages_count[PG_LEVEL_2M] * PMD_SIZE +
		    direct_pages_count[PG_LEVEL_1G] * PUD_SIZE;
	u64 ram_above_1m = 0;
	struct memblock_region *r;

	for_each_mem_region(r)
		if (r->base + r->size > 0x100000)
			ram_above_1m += r->base + r->size - max(r->base, (phys_addr_t)0x100000);
	ktest_info(t, "DirectMap4k %lu, 2M %lu, 1G %lu", direct_pages_count[PG_LEVEL_4K],
		   direct_pages_count[PG_LEVEL_2M], direct_pages_count[PG_LEVEL_1G]);
	KTEST_EXPECT_EQ(t, bytes, ram_above_1m + 0x100000);
	/* Any RAM beyond 4 MiB has at least one whole aligned 2 MiB piece. */
	if (memblock_end_of_DRAM() >= (8ULL << 20))
		KTEST_EXPECT_GT(t, direct_pages_count[PG_LEVEL_2M] + direct_pages_count[PG_LEVEL_1G], 0);
}

/* Every RAM pfn has a struct page: its vmemmap address is mapped. */
static void vmemmap_backs_all_ram(struct ktest *t)
{
	struct memblock_region *r;
	unsigned long missing = 0;

	for_each_mem_region(r) {
		unsigned long pfn = PFN_DOWN(r->base), end = PFN_DOWN(r->base + r->size);

		/* One check per vmemmap page (64 struct pages), plus the last pfn. */
		for (; pfn < end; pfn += PAGE_SIZE / sizeof(struct page))
			if (slow_virt_to_phys((unsigned long)pfn_to_page(pfn)) == (phys_addr_t)-1)
				missing++;
		if (slow_virt_to_phys((unsigned long)(pfn_to_page(end) - 1)) == (phys_addr_t)-1)
			missing++;
	}
	KTEST_EXPECT_EQ(t, missing, 0);
	KTEST_EXPECT_EQ(t, page_to_pfn(pfn_to_page(max_pfn - 1)), max_pfn - 1);
}

/* CR4.PGE is on; SMEP and SMAP are on exactly when CPUID says the CPU has them. */
static void cr4_protections_match_cpuid(struct ktest *t)
{
	u32 a, b, c, d, ebx = 0;
	u64 cr4 = read_cr4();

	cpuid(0, &a, &b, &c, &d);
	if (a >= 7)
		cpuid_count(7, 0, &a, &ebx, &c, &d);
	KTEST_EXPECT_TRUE(t, cr4 & X86_CR4_PGE);
	KTEST_EXPECT_EQ(t, !!(cr4 & X86_CR4_SMEP), !!(ebx & (1U << 7)));
	KTEST_EXPECT_EQ(t, !!(cr4 & X86_CR4_SMAP), !!(ebx & (1U << 20)));
	KTEST_EXPECT_TRUE(t, rdmsr(MSR_EFER) & EFER_NXE);
}

/* The flushes leave the mappings usable (and global ones on) afterwards. */
static void tlb_flushes_keep_mappings(struct ktest *t)
{
	volatile u64 *p = &pgtable_test_data;

	flush_tlb_all();
	KTEST_EXPECT_EQ(t, *p, 0xfedcba9876543210ULL);
	flush_tlb_kernel_range((unsigned long)p, (unsigned long)p + 1);
	flush_tlb_kernel_range((unsigned long)_text, (unsigned long)_end);
	flush_tlb_local();
	KTEST_EXPECT_EQ(t, *p, 0xfedcba9876543210ULL);
	KTEST_EXPECT_TRUE(t, read_cr4() & X86_CR4_PGE);
}

static struct ktest_case pgtable_cases[] = {
	KTEST_CASE(kernel_text_is_rx),
	KTEST_CASE(kernel_rodata_is_ro_nx),
	KTEST_CASE(kernel_data_is_rw_nx),
	KTEST_CASE(kernel_bss_is_rw_nx),
	KTEST_CASE(kernel_kallsyms_is_ro_nx),
	KTEST_CASE(kernel_image_has_no_wx_page),
	KTEST_CASE(guard_pages_are_unmapped),
	KTEST_CASE(user_half_is_empty),
	KTEST_CASE(direct_map_translates_to_pa),
	KTEST_CASE(direct_map_counters_cover_ram),
	KTEST_CASE(vmemmap_backs_all_ram),
	KTEST_CASE(cr4_protections_match_cpuid),
	KTEST_CASE(tlb_flushes_keep_mappings),
	{}
};
/* The suite checks the live tables: they must be init_mem_mapping()'s. */
static int pgtable_test_init(void)
{
	if ((read_cr3() & PTE_PFN_MASK) != __pa_symbol(init_top_pgt)) {
		pr_err("pgtable: CR3 is not init_top_pgt: init_mem_mapping() has not run\n");
		return -ENODEV;
	}
	return 0;
}
KTEST_SUITE(pgtable, pgtable_cases, .init = pgtable_test_init);

/* ================= wx_selftest (MANUAL: each case oopses) ================= */

/* Writes a byte of kernel text with the value it has: harmless if it does not fault. */
static void write_text(struct ktest *t)
{
	volatile u8 *p = (volatile u8 *)init_mem_mapping;

	OPTIMIZER_HIDE_VAR(p);
	pr_info("wx_selftest: writing kernel text at %p\n", p);
	*p = *p;
	ktest_fail(t, __FILE__, __LINE__, "the write to kernel text did not fault");
}

static void write_rodata(struct ktest *t)
{
	volatile u64 *p = (volatile u64 *)&pgtable_test_rodata;

	OPTIMIZER_HIDE_VAR(p);
	pr_info("wx_selftest: writing kernel rodata at %p\n", p);
	*p = *p;
	ktest_fail(t, __FILE__, __LINE__, "the write to kernel rodata did not fault");
}

/* Calls the `ret` at p; only comes back if p was executable. */
static void call_ret_at(struct ktest *t, const char *what, void *p)
{
	void (*fn)(void) = (void (*)(void))p;

	OPTIMIZER_HIDE_VAR(fn);
	pr_info("wx_selftest: executing %s at %p\n", what, p);
	fn();
	ktest_fail(t, __FILE__, __LINE__, "executing %s did not fault", what);
}

static void exec_data(struct ktest *t)
{
	call_ret_at(t, ".data", pgtable_test_ret_data);
}

static void exec_bss(struct ktest *t)
{
	pgtable_test_ret_bss[0] = 0xc3;		/* ret */
	call_ret_at(t, ".bss", pgtable_test_ret_bss);
}

/* Kernel text is executable at __START_KERNEL_map, but not through the direct map. */
static void exec_directmap(struct ktest *t)
{
	/* Any 0xc3 byte of .text: jumped to, it is a `ret`. */
	for (u8 *p = (u8 *)_text; p < (u8 *)_etext; p++) {
		if (*p == 0xc3) {
			call_ret_at(t, "kernel text through the direct map", __va(__pa_symbol(p)));
			return;
		}
	}
	ktest_skip(t, "no 0xc3 byte in .text");
}

static struct ktest_case wx_selftest_cases[] = {
	KTEST_CASE(write_text),
	KTEST_CASE(write_rodata),
	KTEST_CASE(exec_data),
	KTEST_CASE(exec_bss),
	KTEST_CASE(exec_directmap),
	{}
};
KTEST_SUITE_MANUAL(wx_selftest, wx_selftest_cases);
