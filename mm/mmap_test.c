/*
 * mm/mmap_test.c - ktest suite "mm": VMAs and user page tables on scratch
 * address spaces (mm_alloc()), never the running task's.
 *
 * Each case builds an mm, maps, unmaps, protects, remaps, forks (dup_mm)
 * and tears it down, checking the VMA structures' invariants
 * (vma_tree_validate: list, red-black tree, gaps, cache; plus total_vm),
 * what the page tables map (follow_pte, follow_page, access_remote_vm),
 * and - xv6 usertests' countfree habit - that every page and page-table
 * page came back after mmput().  A warm-up round first lets the slab
 * caches (mm_struct, VMAs) grow to size, so that their pages do not count
 * as a leak.
 *
 * vma_random_ops_match_shadow_model runs 12000 random mmap / munmap /
 * mprotect / mremap / stack-growth operations (a fixed seed, so a failure
 * repeats) against a shadow model: one record per page of a 512-page
 * window saying whether it is mapped and with which protection.  After
 * each operation the VMAs must cover exactly the model's mapped pages with
 * its protections, and find_vma must agree with a scan of the model.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
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

/* Are mm's VMA structures intact, and does total_vm add up? */
#define vma_list_ok(mm)	__vma_list_ok(t, mm)
static bool __vma_list_ok(struct ktest *t, struct mm_struct *mm)
{
	struct vm_area_struct *v;
	unsigned long pages = 0;
	const char *err = vma_tree_validate(mm);

	if (err) {
		ktest_info(t, "vma_tree_validate: %s", err);
		return false;
	}
	for (v = mm->mmap; v; v = v->vm_next)
		pages += vma_pages(v);
	return pages == mm->total_vm;
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
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);		/* demand paging: nothing yet */
	KTEST_EXPECT_EQ(t, mm_populate(mm, BASE, 16 * PAGE_SIZE), 0);
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
	/* Not charged, so not refused: the heuristic only looks at accountable mappings. */
	KTEST_EXPECT_GT(t, map_anon(mm, 0, (totalram_pages + 1) * PAGE_SIZE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_NORESERVE), BASE);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, PAGE_SIZE, PROT_READ, MAP_SHARED_VALIDATE), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_GROWSDOWN),
			-EINVAL);
	do_munmap(mm, mm->mmap->vm_start, mm->mmap->vm_end - mm->mmap->vm_start);
	KTEST_EXPECT_EQ(t, map_anon(mm, BASE, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, BASE, PAGE_SIZE, PROT_NONE,
					   MAP_PRIVATE | MAP_FIXED_NOREPLACE), -EEXIST);
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, 0x80), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mremap(mm, BASE, PAGE_SIZE, 2 * PAGE_SIZE, 0, 0), BASE);	/* in place */
	map_anon(mm, BASE + 2 * PAGE_SIZE, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE, 2 * PAGE_SIZE, 3 * PAGE_SIZE, 0, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE, PAGE_SIZE, 0, 0, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE, PAGE_SIZE, PAGE_SIZE, 8, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE, PAGE_SIZE, PAGE_SIZE, MREMAP_FIXED, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE + 3 * PAGE_SIZE, PAGE_SIZE, 2 * PAGE_SIZE,
					   MREMAP_MAYMOVE, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, (long)do_mremap(mm, BASE + PAGE_SIZE, 2 * PAGE_SIZE, 4 * PAGE_SIZE,
					   MREMAP_MAYMOVE, 0), -EFAULT);	/* across the VMA's end */
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
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);		/* nothing touched, nothing there */
	KTEST_EXPECT_EQ(t, mm->data_vm, 5);
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
	map_anon(mm, BASE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
	map_anon(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
	map_anon(mm, BASE + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_EXEC,
		 MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
	map_anon(mm, BASE + 3 * PAGE_SIZE, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
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

static void mprotect_splits_and_merges_back(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE + 2 * PAGE_SIZE, 3 * PAGE_SIZE, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 3);
	KTEST_EXPECT_EQ(t, find_vma(mm, BASE + 3 * PAGE_SIZE)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	KTEST_EXPECT_EQ(t, mm->data_vm, 5);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE + 2 * PAGE_SIZE, 3 * PAGE_SIZE,
				       PROT_READ | PROT_WRITE), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);			/* merged back: case 6 */
	KTEST_EXPECT_EQ(t, mm->data_vm, 8);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
}

static void mprotect_keeps_cow_pages_read_only(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc(), *child;
	pte_t *pte;

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
	pte = follow_pte(mm, BASE);
	KTEST_ASSERT_TRUE(t, pte && pte_present(*pte));
	KTEST_EXPECT_TRUE(t, pte_write(*pte));			/* its own zeroed page */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_NONE), 0);
	KTEST_EXPECT_TRUE(t, pte_present(*pte) && pte_protnone(*pte));	/* still mapped */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KTEST_EXPECT_TRUE(t, pte_write(*pte));			/* exclusive: writable again */
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_EXPECT_FALSE(t, pte_write(*pte));			/* fork made it copy-on-write */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KTEST_EXPECT_FALSE(t, pte_write(*pte));			/* shared with the child: stays RO */
	mmput(child);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KTEST_EXPECT_TRUE(t, pte_write(*pte));			/* ours alone again */
	mmput(mm);
}

static void mremap_grows_in_place_then_moves(struct ktest *t)
{
	struct ktest_mem_snapshot before, after;
	struct mm_struct *mm;
	unsigned long addr;
	char c = 'm';

	ktest_mem_snapshot(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	KTEST_EXPECT_EQ(t, access_remote_vm(mm, BASE + PAGE_SIZE + 9, &c, 1, FOLL_WRITE), 1);
	KTEST_EXPECT_EQ(t, do_mremap(mm, BASE, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 0, 0), BASE);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	KTEST_EXPECT_EQ(t, mm->mmap->vm_end, BASE + 4 * PAGE_SIZE);
	map_anon(mm, BASE + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	addr = do_mremap(mm, BASE, 4 * PAGE_SIZE, 8 * PAGE_SIZE, MREMAP_MAYMOVE, 0);
	KTEST_EXPECT_FALSE(t, IS_ERR_VALUE(addr));
	KTEST_EXPECT_NE(t, addr, BASE);
	KTEST_EXPECT_NULL(t, find_vma_intersection(mm, BASE, BASE + 4 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 1);			/* the page moved, no copy */
	c = 0;
	KTEST_EXPECT_EQ(t, access_remote_vm(mm, addr + PAGE_SIZE + 9, &c, 1, 0), 1);
	KTEST_EXPECT_EQ(t, c, 'm');
	KTEST_EXPECT_EQ(t, do_mremap(mm, addr, 8 * PAGE_SIZE, PAGE_SIZE, 0, 0), addr);
	KTEST_EXPECT_EQ(t, find_vma(mm, addr)->vm_end, addr + PAGE_SIZE);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);			/* shrinking freed it */
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
	ktest_mem_snapshot(&after);
	KTEST_EXPECT_TRUE(t, ktest_mem_unchanged(&before, &after));
}

static void expand_stack_stops_at_rlimit_and_guard_gap(struct ktest *t)
{
	unsigned long top = BASE + 64 * PAGE_SIZE, lim = current->rlim[RLIMIT_STACK].rlim_cur;
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *stack;

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED | MAP_GROWSDOWN);
	stack = find_vma(mm, top - PAGE_SIZE);
	KTEST_ASSERT_TRUE(t, stack->vm_flags & VM_GROWSDOWN);
	KTEST_EXPECT_EQ(t, expand_stack(stack, top - 8 * PAGE_SIZE + 5), 0);
	KTEST_EXPECT_EQ(t, stack->vm_start, top - 8 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->stack_vm, 8);
	current->rlim[RLIMIT_STACK].rlim_cur = 16 * PAGE_SIZE;
	KTEST_EXPECT_EQ(t, expand_stack(stack, top - 17 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT_EQ(t, expand_stack(stack, top - 16 * PAGE_SIZE), 0);
	current->rlim[RLIMIT_STACK].rlim_cur = lim;
	/* A mapping right below: the stack keeps stack_guard_gap away from it. */
	map_anon(mm, BASE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	KTEST_EXPECT_EQ(t, expand_stack(stack, top - 20 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT_EQ(t, stack->vm_start, top - 16 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
	mmput(mm);
}

/* ---- the shadow model ---- */

#define MODEL_PAGES	512

struct shadow {
	u8 prot[MODEL_PAGES];		/* PROT_* + 1, 0: not mapped */
	u64 rand;			/* xorshift64 state */
};

static unsigned long shadow_rand(struct shadow *m, unsigned long n)
{
	m->rand ^= m->rand << 13;
	m->rand ^= m->rand >> 7;
	m->rand ^= m->rand << 17;
	return m->rand % n;
}

static void shadow_set(struct shadow *m, unsigned long start, unsigned long end, int val)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		m->prot[(a - BASE) >> PAGE_SHIFT] = val;
}

/* Is every page of [start, end) mapped in the model? */
static bool shadow_mapped(struct shadow *m, unsigned long start, unsigned long end)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		if (!m->prot[(a - BASE) >> PAGE_SHIFT])
			return false;
	return true;
}

/* One random operation, on mm and on the model; returns what the kernel said. */
static long shadow_op(struct shadow *m, struct mm_struct *mm, int op)
{
	unsigned long start = BASE + shadow_rand(m, MODEL_PAGES) * PAGE_SIZE;
	unsigned long npages = 1 + shadow_rand(m, shadow_rand(m, 4) ? 4 : 64);
	unsigned long end = min(start + npages * PAGE_SIZE, BASE + MODEL_PAGES * PAGE_SIZE);
	unsigned long prot = shadow_rand(m, 4) ? PROT_READ | PROT_WRITE : shadow_rand(m, 8);
	long ret;

	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	switch (op) {
	case 0:		/* mmap, MAP_FIXED: replaces what was there */
		ret = map_anon(mm, start, end - start, prot, MAP_PRIVATE | MAP_FIXED);
		if (ret == (long)start)
			shadow_set(m, start, end, prot + 1);
		return ret == (long)start ? 0 : ret;
	case 1:
		ret = do_munmap(mm, start, end - start);
		if (!ret)
			shadow_set(m, start, end, 0);
		return ret;
	case 2:		/* mprotect: up to the first hole, then -ENOMEM (Linux's) */
		ret = do_mprotect(mm, start, end - start, prot);
		for (; start < end && m->prot[(start - BASE) >> PAGE_SHIFT]; start += PAGE_SIZE)
			m->prot[(start - BASE) >> PAGE_SHIFT] = prot + 1;
		return ret == -ENOMEM && start < end ? 0 : ret;
	default:	/* mremap shrink: the tail goes */
		if (!shadow_mapped(m, start, end) || end - start < 2 * PAGE_SIZE ||
		    find_vma(mm, start)->vm_end < end)
			return 0;
		ret = do_mremap(mm, start, end - start, PAGE_SIZE, 0, 0);
		if (ret == (long)start)
			shadow_set(m, start + PAGE_SIZE, end, 0);
		return ret == (long)start ? 0 : ret;
	}
}

/* The VMAs cover exactly the model's pages, with its protections. */
static bool shadow_matches(struct ktest *t, struct shadow *m, struct mm_struct *mm)
{
	unsigned long covered = 0, mapped = 0;

	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE, covered++) {
			unsigned long i = (a - BASE) >> PAGE_SHIFT;

			if (a < BASE || i >= MODEL_PAGES || !m->prot[i] ||
			    (v->vm_flags & VM_ACCESS_FLAGS) != calc_vm_prot_bits(m->prot[i] - 1)) {
				ktest_info(t, "page %#lx: model %d, VMA [%#lx, %#lx) flags %#lx", a,
					   a >= BASE && i < MODEL_PAGES ? m->prot[i] : -1, v->vm_start,
					   v->vm_end, v->vm_flags);
				return false;
			}
		}
	}
	for (int i = 0; i < MODEL_PAGES; i++)
		mapped += m->prot[i] != 0;
	return covered == mapped && __vma_list_ok(t, mm);
}

/* find_vma at a random address against a scan of the model. */
static bool shadow_find_vma_ok(struct shadow *m, struct mm_struct *mm)
{
	unsigned long i = shadow_rand(m, MODEL_PAGES), addr = BASE + i * PAGE_SIZE;
	struct vm_area_struct *vma = find_vma(mm, addr);

	while (i < MODEL_PAGES && !m->prot[i])
		i++;
	if (i == MODEL_PAGES)
		return !vma;
	return vma && vma->vm_start <= BASE + i * PAGE_SIZE && BASE + i * PAGE_SIZE < vma->vm_end &&
	       vma->vm_end > addr;
}

static void vma_random_ops_match_shadow_model(struct ktest *t)
{
	static struct shadow model;
	struct ktest_mem_snapshot before, after;
	struct mm_struct *mm;
	int i;

	ktest_mem_snapshot(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	memset(&model, 0, sizeof(model));
	model.rand = 0x5eed1234abcdULL;
	for (i = 0; i < 12000; i++) {
		int op = shadow_rand(&model, 4);
		long ret = shadow_op(&model, mm, op);

		if (ret || !shadow_matches(t, &model, mm) || !shadow_find_vma_ok(&model, mm)) {
			ktest_info(t, "operation %d (kind %d) returned %ld", i, op, ret);
			break;
		}
	}
	KTEST_EXPECT_EQ(t, i, 12000);
	KTEST_EXPECT_GT(t, mm->map_count, 4);		/* the walk did build something */
	mmput(mm);
	ktest_mem_snapshot(&after);
	KTEST_EXPECT_TRUE(t, ktest_mem_unchanged(&before, &after));
}

static void munmap_spans_vmas_and_holes(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	map_anon(mm, BASE, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	map_anon(mm, BASE + 3 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED | MAP_POPULATE);
	map_anon(mm, BASE + 6 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_FIXED);
	KTEST_EXPECT_EQ(t, mm->map_count, 3);
	KTEST_EXPECT_EQ(t, do_munmap(mm, BASE + PAGE_SIZE, 6 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_EQ(t, mm->mmap->vm_end, BASE + PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->mmap->vm_next->vm_start, BASE + 7 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);
	KTEST_EXPECT_EQ(t, mm->total_vm, 2);
	KTEST_EXPECT_TRUE(t, vma_list_ok(mm));
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
	KTEST_CASE(mprotect_splits_and_merges_back),
	KTEST_CASE(mprotect_keeps_cow_pages_read_only),
	KTEST_CASE(mremap_grows_in_place_then_moves),
	KTEST_CASE(expand_stack_stops_at_rlimit_and_guard_gap),
	KTEST_CASE(munmap_spans_vmas_and_holes),
	KTEST_CASE(vma_random_ops_match_shadow_model),
	{}
};
KTEST_SUITE(mm, mm_cases, .init = mm_test_init);
