/*
 * mm/vmalloc_test.c - ktest suites for mm/vmalloc.c.
 *
 *   vmalloc           allocation and freeing of many sizes with contents
 *                     that survive, vzalloc zeroing, areas that do not
 *                     overlap with an unmapped guard page after each,
 *                     vmalloc_to_page agreeing with the direct map, vmap of
 *                     page arrays, and a leak check: vfree gives every page
 *                     back to the buddy allocator (free pages counted before
 *                     and after, as xv6's usertests countfree does).
 *   vmalloc_selftest  MANUAL: guard_page touches the byte just past a
 *                     vmalloc(4096) area; the kernel must oops with a page
 *                     fault report naming the vmalloc guard page:
 *                       BUG: unable to handle page fault for address: ffffc9...
 *                       #PF: vmalloc guard page of area [...] (1 pages) allocated at guard_page+0x...
 */
#include "arch/x86_64/pgtable.h"
#include "kernel/errno.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

/* Free pages in the buddy lists, with this CPU's cached pages given back first. */
static unsigned long count_free_pages(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* Is anything present mapped at va? */
static bool va_mapped(unsigned long va)
{
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);

	return pte && pte_present(*pte);
}

/* A byte pattern that differs per page and per area, so that mix-ups show. */
static u8 pattern(unsigned long seed, unsigned long offset)
{
	return (u8)(seed * 31 + (offset >> PAGE_SHIFT) * 7 + offset);
}

/* Writes the pattern into the first, a middle and the last byte of every page of [p, p+size). */
static void fill_pattern(u8 *p, unsigned long size, unsigned long seed)
{
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		unsigned long last = min(off + PAGE_SIZE, size) - 1;

		p[off] = pattern(seed, off);
		p[(off + last) / 2] = pattern(seed, (off + last) / 2);
		p[last] = pattern(seed, last);
	}
}

/* Counts the bytes fill_pattern() wrote that no longer match. */
static unsigned long check_pattern(const u8 *p, unsigned long size, unsigned long seed)
{
	unsigned long bad = 0;

	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		unsigned long last = min(off + PAGE_SIZE, size) - 1;

		bad += p[off] != pattern(seed, off);
		bad += p[(off + last) / 2] != pattern(seed, (off + last) / 2);
		bad += p[last] != pattern(seed, last);
	}
	return bad;
}

static const unsigned long test_sizes[] = {
	1, 100, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 5 * PAGE_SIZE,
	64 * 1024, 64 * 1024 + 3, 1024 * 1024,
};

/* Every size comes back usable, page-aligned, in the vmalloc area; contents survive. */
static void vmalloc_sizes_keep_contents(struct ktest *t)
{
	void *p[ARRAY_SIZE(test_sizes)];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(test_sizes); i++) {
		p[i] = vmalloc(test_sizes[i]);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
		KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p[i]));
		KTEST_EXPECT_TRUE(t, IS_ALIGNED((unsigned long)p[i], PAGE_SIZE));
		fill_pattern(p[i], test_sizes[i], i);
	}
	/* Only now check, so that a later allocation overwriting an earlier one shows. */
	for (i = 0; i < ARRAY_SIZE(test_sizes); i++)
		KTEST_EXPECT_EQ(t, check_pattern(p[i], test_sizes[i], i), 0);
	for (i = 0; i < ARRAY_SIZE(test_sizes); i++)
		vfree(p[i]);
}

/* vzalloc zeroes, even when it gets back pages vmalloc had dirtied. */
static void vzalloc_zeroes(struct ktest *t)
{
	const unsigned long size = 16 * PAGE_SIZE;
	u8 *p = vmalloc(size);
	const u8 *z;

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xaa, size);
	vfree(p);
	z = vzalloc(size);
	KTEST_ASSERT_NOT_NULL(t, z);
	KTEST_EXPECT_NULL(t, memchr_inv(z, 0, size));
	vfree(z);
}

/*
 * Areas never overlap and each is followed by an unmapped guard page,
 * which vmalloc_guard_page() recognises.
 */
static void vmalloc_areas_have_guard_pages(struct ktest *t)
{
	enum { N = 8 };
	unsigned long addr[N], size[N];
	char desc[160];

	for (int i = 0; i < N; i++) {
		size[i] = (i + 1) * PAGE_SIZE;
		addr[i] = (unsigned long)vmalloc(size[i]);
		KTEST_ASSERT_NE(t, addr[i], 0);
	}
	for (int i = 0; i < N; i++) {
		unsigned long guard = addr[i] + size[i];

		KTEST_EXPECT_TRUE(t, va_mapped(guard - 1));
		KTEST_EXPECT_FALSE(t, va_mapped(guard));
		KTEST_EXPECT_TRUE(t, vmalloc_guard_page(guard + 17, desc, sizeof(desc)));
		KTEST_EXPECT_NOT_NULL(t, strstr(desc, "vmalloc guard page"));
		KTEST_EXPECT_NOT_NULL(t, strstr(desc, "vmalloc_areas_have_guard_pages"));
		KTEST_EXPECT_FALSE(t, vmalloc_guard_page(guard - 1, desc, sizeof(desc)));
		/* No other area starts inside [addr, guard + PAGE_SIZE). */
		for (int j = 0; j < N; j++)
			if (j != i)
				KTEST_EXPECT_TRUE(t, addr[j] + size[j] + PAGE_SIZE <= addr[i] ||
						     addr[j] >= guard + PAGE_SIZE);
	}
	ktest_info(t, "area 0 %#lx, guard %#lx; %s", addr[0], addr[0] + size[0], desc);
	for (int i = 0; i < N; i++)
		vfree((void *)addr[i]);
	KTEST_EXPECT_FALSE(t, va_mapped(addr[0]));
}

/* vmalloc_to_page names the page behind each address: its direct-map alias sees the same bytes. */
static void vmalloc_to_page_matches_direct_map(struct ktest *t)
{
	const unsigned int nr = 8;
	u8 *p = vmalloc(nr * PAGE_SIZE);
	struct vm_struct *area;

	KTEST_ASSERT_NOT_NULL(t, p);
	area = find_vm_area(p);
	KTEST_ASSERT_NOT_NULL(t, area);
	KTEST_EXPECT_EQ(t, area->nr_pages, nr);
	KTEST_EXPECT_EQ(t, get_vm_area_size(area), nr * PAGE_SIZE);
	for (unsigned int i = 0; i < nr; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE + 5);
		u8 *alias;

		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_EQ(t, (unsigned long)page, (unsigned long)area->pages[i]);
		alias = page_address(page);
		p[i * PAGE_SIZE + 5] = (u8)(0x40 + i);
		KTEST_EXPECT_EQ(t, alias[5], 0x40 + i);
		KTEST_EXPECT_EQ(t, slow_virt_to_phys((unsigned long)p + i * PAGE_SIZE),
				page_to_phys(page));
	}
	KTEST_EXPECT_NULL(t, vmalloc_to_page(p + nr * PAGE_SIZE));	/* the guard page */
	KTEST_EXPECT_NULL(t, vmalloc_to_page(page_address(area->pages[0])));	/* not vmalloc */
	vfree(p);
}

static void is_vmalloc_addr_only_for_the_area(struct ktest *t)
{
	void *k = kmalloc(64, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(k));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr((void *)vmalloc_init));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(NULL));
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr((void *)VMALLOC_START));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr((void *)(VMALLOC_END + 1)));
	kfree(k);
}

/*
 * vfree gives back every page (the area's pages, its pages[] array and
 * vm_struct).  A first round of the same size runs before counting, so that
 * the page tables for the area (never freed) and the kmalloc slabs exist.
 */
static void vfree_returns_every_page(struct ktest *t)
{
	const unsigned long size = 256 * 1024;
	unsigned long before, during, after, areas;
	void *p;

	vfree(vmalloc(size));
	areas = vmalloc_nr_areas();
	before = count_free_pages();
	p = vmalloc(size);
	KTEST_ASSERT_NOT_NULL(t, p);
	during = count_free_pages();
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas + 1);
	vfree(p);
	after = count_free_pages();
	ktest_info(t, "free pages: %lu before, %lu with the area, %lu after", before, during, after);
	KTEST_EXPECT_LE(t, during + size / PAGE_SIZE, before);
	KTEST_EXPECT_EQ(t, after, before);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);
}

/* Many rounds of mixed sizes leave the free page count where it was. */
static void vmalloc_vfree_rounds_do_not_leak(struct ktest *t)
{
	enum { N = 16 };
	void *p[N];
	unsigned long before, after;

	for (int i = 0; i < N; i++)
		p[i] = vmalloc((i % 5 + 1) * 3 * PAGE_SIZE);
	for (int i = 0; i < N; i++)
		vfree(p[i]);
	before = count_free_pages();
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < N; i++) {
			p[i] = vmalloc((i % 5 + 1) * 3 * PAGE_SIZE);
			KTEST_ASSERT_NOT_NULL(t, p[i]);
			fill_pattern(p[i], (i % 5 + 1) * 3 * PAGE_SIZE, round + i);
		}
		/* Free in an order that leaves holes, so first fit reuses them. */
		for (int i = 0; i < N; i += 2)
			vfree(p[i]);
		for (int i = 1; i < N; i += 2) {
			KTEST_EXPECT_EQ(t, check_pattern(p[i], (i % 5 + 1) * 3 * PAGE_SIZE, round + i), 0);
			vfree(p[i]);
		}
	}
	after = count_free_pages();
	KTEST_EXPECT_EQ(t, after, before);
}

/* vmap puts the caller's pages side by side; vunmap leaves them the caller's. */
static void vmap_maps_page_array(struct ktest *t)
{
	enum { N = 4 };
	struct page *pages[N];
	u8 *v;
	int i;

	for (i = 0; i < N; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, pages[i]);
		memset(page_address(pages[i]), 0x10 + i, PAGE_SIZE);
	}
	/* Mapped in reverse order: virtual page i is physical pages[N-1-i]. */
	{
		struct page *rev[N];

		for (i = 0; i < N; i++)
			rev[i] = pages[N - 1 - i];
		v = vmap(rev, N, VM_MAP, PAGE_KERNEL);
	}
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(v));
	for (i = 0; i < N; i++) {
		KTEST_EXPECT_EQ(t, v[i * PAGE_SIZE], 0x10 + N - 1 - i);
		KTEST_EXPECT_EQ(t, v[i * PAGE_SIZE + PAGE_SIZE - 1], 0x10 + N - 1 - i);
		KTEST_EXPECT_EQ(t, (unsigned long)vmalloc_to_page(v + i * PAGE_SIZE),
				(unsigned long)pages[N - 1 - i]);
	}
	v[0] = 0x99;	/* writes go to the real page */
	KTEST_EXPECT_EQ(t, ((u8 *)page_address(pages[N - 1]))[0], 0x99);
	KTEST_EXPECT_FALSE(t, va_mapped((unsigned long)v + N * PAGE_SIZE));
	vunmap(v);
	KTEST_EXPECT_FALSE(t, va_mapped((unsigned long)v));
	/* The pages are still ours and intact. */
	KTEST_EXPECT_EQ(t, ((u8 *)page_address(pages[0]))[100], 0x10);
	for (i = 0; i < N; i++)
		__free_page(pages[i]);
}

/* A read-only vmap really is read-only in the page tables. */
static void vmap_honours_prot(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned int level;
	pte_t *pte;
	void *v;

	KTEST_ASSERT_NOT_NULL(t, page);
	v = vmap(&page, 1, VM_MAP, PAGE_KERNEL_RO);
	KTEST_ASSERT_NOT_NULL(t, v);
	pte = lookup_address((unsigned long)v, &level);
	KTEST_ASSERT_NOT_NULL(t, pte);
	KTEST_EXPECT_EQ(t, level, PG_LEVEL_4K);
	KTEST_EXPECT_FALSE(t, pte_write(*pte));
	KTEST_EXPECT_FALSE(t, pte_exec(*pte));
	vunmap(v);
	__free_page(page);
}

/* Impossible requests fail cleanly; vfree(NULL) is a no-op. */
static void vmalloc_bad_requests_fail(struct ktest *t)
{
	unsigned long areas = vmalloc_nr_areas();

	KTEST_EXPECT_NULL(t, vmalloc((totalram_pages + 1) * PAGE_SIZE));
	KTEST_EXPECT_NULL(t, vmap(NULL, 0, VM_MAP, PAGE_KERNEL));
	vfree(NULL);
	vunmap(NULL);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);
}

static struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(vmalloc_sizes_keep_contents),
	KTEST_CASE(vzalloc_zeroes),
	KTEST_CASE(vmalloc_areas_have_guard_pages),
	KTEST_CASE(vmalloc_to_page_matches_direct_map),
	KTEST_CASE(is_vmalloc_addr_only_for_the_area),
	KTEST_CASE(vfree_returns_every_page),
	KTEST_CASE(vmalloc_vfree_rounds_do_not_leak),
	KTEST_CASE(vmap_maps_page_array),
	KTEST_CASE(vmap_honours_prot),
	KTEST_CASE(vmalloc_bad_requests_fail),
	{}
};
/* vmalloc needs vmalloc_init() (mm_init()) to have run. */
static int vmalloc_test_init(void)
{
	if (!pgd_present(*pgd_offset_k(VMALLOC_START))) {
		pr_err("vmalloc: vmalloc_init() has not run\n");
		return -ENODEV;
	}
	return 0;
}
KTEST_SUITE(vmalloc, vmalloc_cases, .init = vmalloc_test_init);

/* ================= vmalloc_selftest (MANUAL: oopses) ================= */

/* Touches the first byte of the guard page after a one-page area. */
static void guard_page(struct ktest *t)
{
	volatile u8 *p = vmalloc(PAGE_SIZE);

	KTEST_ASSERT_NOT_NULL(t, p);
	p[0] = 1;
	pr_info("vmalloc_selftest: reading one byte past the vmalloc area at %p\n", p);
	(void)p[PAGE_SIZE];
	ktest_fail(t, __FILE__, __LINE__, "reading the guard page did not fault");
	vfree((void *)p);
}

static struct ktest_case vmalloc_selftest_cases[] = {
	KTEST_CASE(guard_page),
	{}
};
KTEST_SUITE_MANUAL(vmalloc_selftest, vmalloc_selftest_cases);

/*
 * vmalloc(64 KiB) + vfree: 16 buddy pages, page tables already present
 * after the first round, a TLB flush of the range on every vfree.
 */
#define VMALLOC_BENCH_OPS	2000

static void bench_vmalloc64k(void)
{
	u64 start = kbench_cycles();

	for (int i = 0; i < VMALLOC_BENCH_OPS; i++)
		vfree(vmalloc(64 * 1024));
	kbench_report("vmalloc_64k", kbench_cycles() - start, VMALLOC_BENCH_OPS);
}
KBENCH(vmalloc_64k, bench_vmalloc64k);
