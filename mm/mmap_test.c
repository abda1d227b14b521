/*
 * mm/mmap_test.c - ktest suite "mm": VMAs and user page tables on scratch
 * address spaces (mm_alloc()), never the running task's.
 *
 * Each case builds an mm, maps, unmaps, forks (dup_mm) and tears it down,
 * checking the VMA list's invariants (sorted, no overlap, map_count,
 * total_vm), what the page tables map (follow_page, access_remote_vm),
 * and - xv6 usertests' countfree habit - that the buddy allocator has as
 * many free pages after mmput() as before: every page, and every
 * page-table page, came back.  A warm-up round first lets the slab caches
 * (mm_struct, VMAs) grow to size, so that their pages do not count as a
 * leak.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"

#define BASE	0x10000000UL		/* a quiet part of the address space */

static unsigned long free_pages_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* Are mm's VMAs sorted, disjoint, page-aligned, and are the counters right? */
static bool vma_list_ok(struct mm_struct *mm)
{
	struct vm_area_struct *v, *prev = NULL;
	unsigned long pages = 0;
	int n = 0;

	for (v = mm->mmap; v; prev = v, v = v->vm_next, n++) {
		if (v->vm_start >= v->vm_end || (v->vm_start | v->vm_end) & ~PAGE_MASK)
			return false;
		if (v->vm_prev != prev || (prev && prev->vm_end > v->vm_start))
			return false;
		pages += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	}
	return n == mm->map_count && pages == mm->total_vm;
}

static unsigned long map_anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
			      unsigned long prot, unsigned long flags)
{
	return __do_mmap(mm, NULL, addr, len, prot, flags | MAP_ANONYMOUS, 0, 0);
}

/* A full round of what the cases do, so that slab caches have grown before counting. */
static int mm_test_init(void)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return -ENOMEM;
	map_anon(mm, BASE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, 0, 4 * PAGE_SIZE, PROT_NONE, MAP_PRIVATE);
	mmput(mm);
	return 0;
}

static void find_vma_finds_the_covering_area(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_anon(mm, BASE + 0x10000, 0x2000, PROT_NONE, MAP_PRIVATE | MAP_FIXED),
			BASE + 0x10000);
	KTEST_EXPECT_EQ(t, map_anon(mm, BASE, 0x1000, PROT_NONE, MAP_PRIVATE | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	KTEST_EXPECT_EQ(t, find_vma(mm, 0)->vm_start, BASE);
	KTEST_EXPECT_EQ(t, find_vma(mm, BASE + 0x1000)->vm_start, BASE + 0x10000);
	KTEST_EXPECT_EQ(t, find_vma(mm, BASE + 0x11fff)->vm_start, BASE + 0x10000);
	KTEST_EXPECT_NULL(t, find_vma(mm, BASE + 0x12000));
	KTEST_EXPECT_NULL(t, find_vma_intersection(mm, BASE + 0x1000, BASE + 0x10000));
	KTEST_EXPECT_NOT_NULL(t, find_vma_intersection(mm, BASE + 0x1000, BASE + 0x10001));
	mmput(mm);
}

static void insert_vm_struct_refuses_overlap(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, 0x4000, PROT_NONE, MAP_PRIVATE | MAP_FIXED);
	vma = vm_area_alloc(mm);
	KTEST_ASSERT_NOT_NULL(t, vma);
	vma->vm_start = BASE + 0x3000;
	vma->vm_end = BASE + 0x5000;
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, vma), -ENOMEM);
	vma->vm_start = BASE + 0x4000;
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, vma), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
}

static void munmap_splits_and_frees_pages(struct ktest *t)
{
	unsigned long before = free_pages_now();
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	unsigned long addr;
	pte_t *pte;
	char c = 'x';

	KTEST_ASSERT_NOT_NULL(t, mm);
	addr = map_anon(mm, BASE, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	KTEST_ASSERT_EQ(t, addr, BASE);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 16);
	vma = find_vma(mm, BASE);
	for (int i = 0; i < 16; i++)
		KTEST_EXPECT_NOT_NULL(t, follow_page(vma, BASE + i * PAGE_SIZE, FOLL_WRITE));
	KTEST_EXPECT_EQ(t, access_remote_vm(mm, BASE + 5 * PAGE_SIZE + 7, &c, 1, FOLL_WRITE), 1);
	c = 0;
	KTEST_EXPECT_EQ(t, access_remote_vm(mm, BASE + 5 * PAGE_SIZE + 7, &c, 1, 0), 1);
	KTEST_EXPECT_EQ(t, c, 'x');

	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 12);
	KTEST_EXPECT_NULL(t, find_vma_intersection(mm, BASE + 4 * PAGE_SIZE, BASE + 8 * PAGE_SIZE));
	pte = follow_pte(mm, BASE + 5 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, !pte || pte_none(*pte));
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE, 16 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 0);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 0);	/* free_pgtables freed them all */
	mmput(mm);
	KTEST_EXPECT_EQ(t, free_pages_now(), before);
}

static void mmap_checks_its_arguments(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, BASE, 0, PROT_READ, MAP_PRIVATE), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, BASE + 1, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED),
			-EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, BASE, PAGE_SIZE, PROT_READ, MAP_FIXED), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, PAGE_SIZE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED),
			-EPERM);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, (totalram_pages + 1) * PAGE_SIZE, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE), -ENOMEM);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, TASK_SIZE + PAGE_SIZE, PROT_READ, MAP_PRIVATE), -ENOMEM);
	KTEST_EXPECT_EQ(t, map_anon(mm, BASE, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, BASE, PAGE_SIZE, PROT_NONE,
					   MAP_PRIVATE | MAP_FIXED_NOREPLACE), -EEXIST);
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	mmput(mm);
}

static void get_unmapped_area_goes_top_down(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long a, b, c;

	KTEST_ASSERT_NOT_NULL(t, mm);
	a = map_anon(mm, 0, 0x3000, PROT_NONE, MAP_PRIVATE);
	b = map_anon(mm, 0, 0x1000, PROT_NONE, MAP_PRIVATE);
	KTEST_EXPECT_EQ(t, a + 0x3000, mm->mmap_base);
	KTEST_EXPECT_EQ(t, b + 0x1000, a);
	KTEST_EXPECT_LE(t, mm->mmap_base, TASK_SIZE - MIN_GAP);
	do_munmap(mm, b, 0x1000);
	c = map_anon(mm, BASE, 0x1000, PROT_NONE, MAP_PRIVATE);	/* a free hint is honoured */
	KTEST_EXPECT_EQ(t, c, BASE);
	c = map_anon(mm, BASE, 0x1000, PROT_NONE, MAP_PRIVATE);	/* a taken one is not */
	KTEST_EXPECT_EQ(t, c, a - 0x1000);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
}

static void vm_brk_flags_extends_the_heap_vma(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, vm_brk_flags(mm, BASE, 2 * PAGE_SIZE, 0), 0);
	KTEST_EXPECT_EQ(t, vm_brk_flags(mm, BASE + 2 * PAGE_SIZE, 3 * PAGE_SIZE, 0), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	KTEST_EXPECT_EQ(t, mm->mmap->vm_end, BASE + 5 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 5);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
}

static void dup_mm_copies_private_and_shares_shared(struct ktest *t)
{
	unsigned long before = free_pages_now();
	struct mm_struct *mm = mm_alloc(), *child;
	char c;

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED);
	c = 'p';
	access_remote_vm(mm, BASE, &c, 1, FOLL_WRITE);
	c = 's';
	access_remote_vm(mm, BASE + PAGE_SIZE, &c, 1, FOLL_WRITE);

	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_EXPECT_EQ(t, child->map_count, 2);
	KTEST_EXPECT_TRUE(t, vma_list_ok(child));
	KTEST_EXPECT_EQ(t, access_remote_vm(child, BASE, &c, 1, 0), 1);
	KTEST_EXPECT_EQ(t, c, 'p');
	c = 'P';
	access_remote_vm(child, BASE, &c, 1, FOLL_WRITE);
	c = 'S';
	access_remote_vm(child, BASE + PAGE_SIZE, &c, 1, FOLL_WRITE);
	access_remote_vm(mm, BASE, &c, 1, 0);
	KTEST_EXPECT_EQ(t, c, 'p');			/* private: the parent keeps its copy */
	access_remote_vm(mm, BASE + PAGE_SIZE, &c, 1, 0);
	KTEST_EXPECT_EQ(t, c, 'S');			/* shared: one page for both */
	mmput(child);
	access_remote_vm(mm, BASE + PAGE_SIZE, &c, 1, 0);
	KTEST_EXPECT_EQ(t, c, 'S');			/* still there for the parent */
	mmput(mm);
	KTEST_EXPECT_EQ(t, free_pages_now(), before);
}

static void ptes_follow_the_vma_protection(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	pte_t *pte;

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, BASE + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, BASE + 3 * PAGE_SIZE, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED);
	pte = follow_pte(mm, BASE);
	KTEST_ASSERT_NOT_NULL(t, pte);
	KTEST_EXPECT_TRUE(t, pte_present(*pte) && pte_user(*pte) && !pte_write(*pte) && !pte_exec(*pte));
	pte = follow_pte(mm, BASE + PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_present(*pte) && pte_write(*pte) && !pte_exec(*pte));
	pte = follow_pte(mm, BASE + 2 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_present(*pte) && !pte_write(*pte) && pte_exec(*pte));
	pte = follow_pte(mm, BASE + 3 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_none(*pte));		/* PROT_NONE: nothing mapped */
	KTEST_EXPECT_EQ(t, pgd_val(mm->pgd[pgd_index(PAGE_OFFSET)]),	/* the shared kernel half */
			pgd_val(init_top_pgt[pgd_index(PAGE_OFFSET)]));
	mmput(mm);
}

static struct ktest_case mm_cases[] = {
	KTEST_CASE(find_vma_finds_the_covering_area),
	KTEST_CASE(insert_vm_struct_refuses_overlap),
	KTEST_CASE(munmap_splits_and_frees_pages),
	KTEST_CASE(mmap_checks_its_arguments),
	KTEST_CASE(get_unmapped_area_goes_top_down),
	KTEST_CASE(vm_brk_flags_extends_the_heap_vma),
	KTEST_CASE(dup_mm_copies_private_and_shares_shared),
	KTEST_CASE(ptes_follow_the_vma_protection),
	{}
};
KTEST_SUITE(mm, mm_cases, .init = mm_test_init);
