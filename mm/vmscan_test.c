/*
 * mm/vmscan_test.c - ktest suite "vmscan": the LRU lists and their aging
 * (mm/vmscan.c) and the reverse map (mm/rmap.c).
 *
 * The cases build a small address space with mm_alloc(), fault pages into
 * it, and let the test's own kernel thread adopt it as its mm for the
 * duration (Linux's kthread_use_mm), so that the reverse map - which finds
 * ptes through the tasks' mms - sees it.  Aging cases move the test's pages
 * onto a private lruvec so that other pages on the node's lists do not
 * count, and back before the mm goes.  Every case ends with the free page
 * count it started with.
 */
#include "arch/x86_64/pgtable.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/shmem.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

#define BASE		0x20000000UL	/* a quiet, 2 MiB-aligned address */
#define NPAGES		8

struct aging {
	struct mm_struct *mm;
	struct mm_struct *saved_mm;	/* current->mm before the adoption */
	struct page *pages[NPAGES];
	struct lruvec lruvec;		/* private lists for the case */
	unsigned long free_before;
};

static unsigned long free_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* The pte of page i. */
static pte_t *pte_of(struct aging *a, int i)
{
	return follow_pte(a->mm, BASE + i * PAGE_SIZE);
}

static void set_young(struct aging *a, int i, bool young)
{
	pte_t *ptep = pte_of(a, i);

	if (young)
		set_pte(ptep, pte_mkyoung(*ptep));
	else
		set_pte(ptep, __pte(pte_val(*ptep) & ~_PAGE_ACCESSED));
}

/* Moves page between the node's lists and a private lruvec (both locks, one after the other). */
static void move_page(struct page *page, struct lruvec *from, struct lruvec *to)
{
	unsigned long flags;

	spin_lock_irqsave(&from->lru_lock, flags);
	del_page_from_lru_list(page, from);
	spin_unlock_irqrestore(&from->lru_lock, flags);
	spin_lock_irqsave(&to->lru_lock, flags);
	add_page_to_lru_list(page, to);
	spin_unlock_irqrestore(&to->lru_lock, flags);
}

/* An mm with NPAGES written anonymous pages at BASE, adopted by current; false on failure. */
static bool aging_setup(struct ktest *t, struct aging *a, bool private_lists)
{
	char c = 1;

	a->free_before = free_now();
	a->mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, a->mm);
	KTEST_ASSERT_EQ(t, __do_mmap(a->mm, NULL, BASE, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0), BASE);
	for (int i = 0; i < NPAGES; i++) {
		access_remote_vm(a->mm, BASE + i * PAGE_SIZE, &c, 1, FOLL_WRITE);
		KTEST_ASSERT_NOT_NULL(t, pte_of(a, i));
		a->pages[i] = pfn_to_page(pte_pfn(*pte_of(a, i)));
	}
	a->saved_mm = current->mm;
	current->mm = a->mm;		/* kthread_use_mm: the reverse map walks tasks' mms */
	init_lruvec(&a->lruvec);
	if (private_lists)
		for (int i = 0; i < NPAGES; i++)
			move_page(a->pages[i], pgdat_lruvec(first_online_pgdat()), &a->lruvec);
	return true;
}

static void aging_teardown(struct ktest *t, struct aging *a, bool private_lists)
{
	if (private_lists)
		for (int i = 0; i < NPAGES; i++)
			move_page(a->pages[i], &a->lruvec, pgdat_lruvec(first_online_pgdat()));
	current->mm = a->saved_mm;
	mmput(a->mm);
	KTEST_EXPECT_EQ(t, free_now(), a->free_before);
}

/* Which pages of a are on list lru of its private lruvec. */
static int count_on(struct aging *a, enum lru_list lru)
{
	int n = 0;

	for (int i = 0; i < NPAGES; i++)
		if (PageLRU(a->pages[i]) && page_lru(a->pages[i]) == lru)
			n++;
	return n;
}

static void lru_cache_add_puts_new_anon_pages_on_the_inactive_list(struct ktest *t)
{
	struct lruvec *node = pgdat_lruvec(first_online_pgdat());
	unsigned long inactive = node->nr_pages[LRU_INACTIVE_ANON];
	struct aging a;

	if (!aging_setup(t, &a, false))
		return;
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_TRUE(t, PageLRU(a.pages[i]));
		KTEST_EXPECT_FALSE(t, PageActive(a.pages[i]));
		KTEST_EXPECT_EQ(t, page_lru(a.pages[i]), LRU_INACTIVE_ANON);
	}
	KTEST_EXPECT_EQ(t, node->nr_pages[LRU_INACTIVE_ANON], inactive + NPAGES);
	aging_teardown(t, &a, false);
	/* Freed pages left the list (put_page -> __page_cache_release). */
	KTEST_EXPECT_EQ(t, node->nr_pages[LRU_INACTIVE_ANON], inactive);
}

static void page_referenced_tests_and_clears_the_accessed_bits(struct ktest *t)
{
	struct aging a;

	if (!aging_setup(t, &a, false))
		return;
	set_young(&a, 0, true);
	set_young(&a, 1, false);
	KTEST_EXPECT_EQ(t, page_referenced(a.pages[0]), 1);
	KTEST_EXPECT_FALSE(t, pte_young(*pte_of(&a, 0)));
	KTEST_EXPECT_EQ(t, page_referenced(a.pages[0]), 0);	/* cleared by the first look */
	KTEST_EXPECT_EQ(t, page_referenced(a.pages[1]), 0);
	aging_teardown(t, &a, false);
}

/*
 * Aging without swap: referenced inactive pages are activated (and their
 * bits cleared); unreferenced ones are what reclaim would take, but with
 * no swap an anon page cannot go anywhere - kept, activated, nothing
 * freed.  Deactivation moves them back; unused since, every one of them is
 * a reclaim candidate on the next scan.
 */
static void inactive_scan_activates_referenced_and_cannot_reclaim_anon(struct ktest *t)
{
	struct scan_control sc = { .priority = DEF_PRIORITY, .may_unmap = 1, .may_swap = 1,
				   .nr_to_reclaim = SWAP_CLUSTER_MAX };
	unsigned long scanned = vm_event_count(PGSCAN_DIRECT);
	unsigned long stolen = vm_event_count(PGSTEAL_DIRECT);
	struct aging a;

	if (!aging_setup(t, &a, true))
		return;
	for (int i = 0; i < NPAGES; i++)
		set_young(&a, i, i < NPAGES / 2);
	KTEST_EXPECT_EQ(t, count_on(&a, LRU_INACTIVE_ANON), NPAGES);
	KTEST_EXPECT_EQ(t, shrink_inactive_list(NPAGES, &a.lruvec, &sc, LRU_INACTIVE_ANON), 0);
	KTEST_EXPECT_EQ(t, sc.nr_scanned, NPAGES);
	KTEST_EXPECT_EQ(t, vm_event_count(PGSCAN_DIRECT), scanned + NPAGES);
	KTEST_EXPECT_EQ(t, vm_event_count(PGSTEAL_DIRECT), stolen);
	KTEST_EXPECT_EQ(t, sc.stat.nr_swap_fail, NPAGES / 2);	/* the unreferenced half */
	KTEST_EXPECT_EQ(t, sc.stat.nr_activate[0], NPAGES);
	KTEST_EXPECT_EQ(t, count_on(&a, LRU_ACTIVE_ANON), NPAGES);
	KTEST_EXPECT_EQ(t, a.lruvec.nr_pages[LRU_ACTIVE_ANON], NPAGES);
	for (int i = 0; i < NPAGES; i++)
		KTEST_EXPECT_FALSE(t, pte_young(*pte_of(&a, i)));

	shrink_active_list(NPAGES, &a.lruvec, &sc, LRU_ACTIVE_ANON);
	KTEST_EXPECT_EQ(t, count_on(&a, LRU_INACTIVE_ANON), NPAGES);
	KTEST_EXPECT_EQ(t, a.lruvec.nr_pages[LRU_INACTIVE_ANON], NPAGES);

	memset(&sc.stat, 0, sizeof(sc.stat));
	set_young(&a, 0, true);		/* page 0 is used again, the rest are not */
	shrink_inactive_list(NPAGES, &a.lruvec, &sc, LRU_INACTIVE_ANON);
	KTEST_EXPECT_EQ(t, sc.stat.nr_swap_fail, NPAGES - 1);
	aging_teardown(t, &a, true);
}

/* Linux's rule: with no swap, the anon lists are not scanned at all; reclaim frees nothing. */
static void no_swap_no_anon_scan_and_no_progress(struct ktest *t)
{
	unsigned long stalls = vm_event_count(ALLOCSTALL);
	struct scan_control sc = { .priority = 0, .may_unmap = 1, .may_swap = 1,
				   .nr_to_reclaim = SWAP_CLUSTER_MAX };
	struct aging a;

	if (!aging_setup(t, &a, true))
		return;
	KTEST_ASSERT_EQ(t, total_swap_pages, 0);
	shrink_lruvec(&a.lruvec, &sc);
	KTEST_EXPECT_EQ(t, sc.nr_scanned, 0);
	KTEST_EXPECT_EQ(t, count_on(&a, LRU_INACTIVE_ANON), NPAGES);
	KTEST_EXPECT_EQ(t, try_to_free_pages(NULL, 0, GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, vm_event_count(ALLOCSTALL), stalls + 1);
	aging_teardown(t, &a, true);
}

/* try_to_unmap drops every pte of a page-cache page; an anon page is refused (no swap). */
static void try_to_unmap_unmaps_page_cache_refuses_anon(struct ktest *t)
{
	unsigned long mapped = global_node_page_state(NR_FILE_MAPPED);
	unsigned long free_before = free_now();
	struct mm_struct *saved = current->mm;
	struct page *cached, *anon;
	struct mm_struct *mm;
	struct file *file;
	char c = 0;

	file = shmem_file_setup("rmap", 2 * PAGE_SIZE, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(file));
	cached = ramfs_get_page(file->f_inode, 1);
	KTEST_ASSERT_NOT_NULL(t, cached);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, __do_mmap(mm, file, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_FIXED, 0, 0), BASE);
	access_remote_vm(mm, BASE + PAGE_SIZE, &c, 1, 0);	/* maps the cache page itself */
	access_remote_vm(mm, BASE, &c, 1, FOLL_WRITE);		/* a private anon copy */
	KTEST_ASSERT_NOT_NULL(t, follow_pte(mm, BASE));
	anon = pfn_to_page(pte_pfn(*follow_pte(mm, BASE)));
	KTEST_EXPECT_EQ(t, pfn_to_page(pte_pfn(*follow_pte(mm, BASE + PAGE_SIZE))), cached);
	KTEST_EXPECT_EQ(t, page_mapcount(cached), 1);
	current->mm = mm;
	KTEST_EXPECT_TRUE(t, try_to_unmap(cached));
	KTEST_EXPECT_FALSE(t, try_to_unmap(anon));
	current->mm = saved;
	KTEST_EXPECT_EQ(t, page_mapcount(cached), 0);
	KTEST_EXPECT_TRUE(t, pte_none(*follow_pte(mm, BASE + PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_FILE_MAPPED), mapped);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES), 0);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), 1);
	mmput(mm);
	fput(file);
	KTEST_EXPECT_EQ(t, free_now(), free_before);
}

/* Warm-up: one round of what the cases allocate (mm, VMAs, a file, its slot array). */
static int vmscan_test_init(void)
{
	struct mm_struct *mm = mm_alloc();
	struct file *file = shmem_file_setup("warmup", 2 * PAGE_SIZE, 0);
	char c = 1;

	if (!mm || IS_ERR(file)) {
		if (mm)
			mmput(mm);
		if (!IS_ERR(file))
			fput(file);
		return -ENOMEM;
	}
	ramfs_get_page(file->f_inode, 1);
	__do_mmap(mm, NULL, BASE, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0);
	__do_mmap(mm, file, BASE + (4UL << 20), 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_FIXED, 0, 0);
	for (int i = 0; i < NPAGES; i++)
		access_remote_vm(mm, BASE + i * PAGE_SIZE, &c, 1, FOLL_WRITE);
	access_remote_vm(mm, BASE + (4UL << 20), &c, 1, FOLL_WRITE);
	mmput(mm);
	fput(file);
	return 0;
}

static struct ktest_case vmscan_cases[] = {
	KTEST_CASE(lru_cache_add_puts_new_anon_pages_on_the_inactive_list),
	KTEST_CASE(page_referenced_tests_and_clears_the_accessed_bits),
	KTEST_CASE(inactive_scan_activates_referenced_and_cannot_reclaim_anon),
	KTEST_CASE(no_swap_no_anon_scan_and_no_progress),
	KTEST_CASE(try_to_unmap_unmaps_page_cache_refuses_anon),
	{}
};
KTEST_SUITE(vmscan, vmscan_cases, .init = vmscan_test_init);
