/*
 * mm/memory_test.c - ktest suite "memory": page faults, copy-on-write and
 * page-table teardown (mm/memory.c) on scratch address spaces (mm_alloc(),
 * dup_mm()), never the running task's.
 *
 * Each case maps a VMA with __do_mmap, zaps whatever mmap may have put
 * there (so the case does not depend on mmap populating or not), and then
 * drives handle_mm_fault() directly, as the arch fault handler would,
 * checking the ptes (follow_pte), the struct pages (map and reference
 * counts, PageAnon), the RSS counters, the page-table bytes and the global
 * counters of mm/vmstat.h.  Every case ends - xv6 usertests' countfree
 * habit - with as many free pages as it started with, and NR_PAGETABLE,
 * NR_ANON_MAPPED back where they were.  The suite's init runs one round of
 * everything first, so that slab caches have grown before anyone counts.
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
#include "mm/shmem.h"
#include "mm/vmstat.h"

#define BASE	0x20000000UL		/* 512 MiB: a quiet, 2 MiB-aligned address */

/* What must come back at the end of every case. */
struct mem_baseline {
	unsigned long free;		/* buddy pages */
	unsigned long pagetables;	/* NR_PAGETABLE */
	unsigned long anon;		/* NR_ANON_MAPPED */
	unsigned long file;		/* NR_FILE_MAPPED */
};

static void take_baseline(struct mem_baseline *b)
{
	drain_local_pages();
	b->free = nr_free_pages();
	b->pagetables = global_node_page_state(NR_PAGETABLE);
	b->anon = global_node_page_state(NR_ANON_MAPPED);
	b->file = global_node_page_state(NR_FILE_MAPPED);
}

#define EXPECT_BASELINE(t, before) do {						\
	struct mem_baseline __now;						\
	take_baseline(&__now);							\
	KTEST_EXPECT_EQ(t, __now.free, (before)->free);				\
	KTEST_EXPECT_EQ(t, __now.pagetables, (before)->pagetables);		\
	KTEST_EXPECT_EQ(t, __now.anon, (before)->anon);				\
	KTEST_EXPECT_EQ(t, __now.file, (before)->file);				\
} while (0)

/*
 * An empty VMA of len bytes at BASE in mm: mapped, then zapped, so that
 * no pte is left whatever mmap's population policy.  NULL on failure.
 */
static struct vm_area_struct *map_empty(struct mm_struct *mm, unsigned long len,
					unsigned long prot, unsigned long flags)
{
	struct vm_area_struct *vma;

	if (__do_mmap(mm, NULL, BASE, len, prot, flags | MAP_ANONYMOUS | MAP_FIXED, 0, 0) != BASE)
		return NULL;
	vma = find_vma(mm, BASE);
	zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	return vma;
}

/* The pte at addr of mm, or an empty one. */
static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep = follow_pte(mm, addr);

	return ptep ? *ptep : __pte(0);
}

/* The struct page mapped at addr of mm (NULL: none, or the zero page). */
static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = pte_at(mm, addr);

	if (!pte_present(pte) || is_zero_pfn(pte_pfn(pte)))
		return NULL;
	return pfn_to_page(pte_pfn(pte));
}

static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	return handle_mm_fault(find_vma(mm, addr), addr, flags, NULL);
}

static void put_byte(struct mm_struct *mm, unsigned long addr, char c)
{
	access_remote_vm(mm, addr, &c, 1, FOLL_WRITE);
}

static char get_byte(struct mm_struct *mm, unsigned long addr)
{
	char c = '?';

	access_remote_vm(mm, addr, &c, 1, 0);
	return c;
}

/* A shared anonymous VMA at BASE backed by shmem, whatever do_mmap did about it. */
static struct vm_area_struct *map_shared_anon(struct mm_struct *mm, unsigned long len)
{
	struct vm_area_struct *vma = map_empty(mm, len, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (vma && !vma_is_shmem(vma) && shmem_zero_setup(vma))
		return NULL;
	return vma;
}

/* ---- the cases ---- */

static void read_fault_maps_the_zero_page(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm;
	pte_t pte;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	KTEST_EXPECT_EQ(t, fault(mm, BASE + 123, 0), 0);
	pte = pte_at(mm, BASE);
	KTEST_EXPECT_TRUE(t, pte_present(pte) && pte_user(pte) && !pte_write(pte));
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte)));
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);		/* the zero page costs nothing */
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE + 7), 0);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void write_fault_maps_a_zeroed_page_of_its_own(struct ktest *t)
{
	struct mem_baseline before;
	unsigned long faults = vm_event_count(PGFAULT), minflt = current->min_flt;
	struct mm_struct *mm;
	struct page *page;
	pte_t pte;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	KTEST_EXPECT_EQ(t, fault(mm, BASE + PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	pte = pte_at(mm, BASE + PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_present(pte) && pte_write(pte) && pte_dirty(pte) && !pte_exec(pte));
	page = page_at(mm, BASE + PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT_TRUE(t, PageAnon(page) && PageSwapBacked(page));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	KTEST_EXPECT_EQ(t, memchr_inv(page_address(page), 0, PAGE_SIZE), NULL);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), 1);
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_ANON_MAPPED), before.anon + 1);
	KTEST_EXPECT_EQ(t, vm_event_count(PGFAULT), faults + 1);
	KTEST_EXPECT_EQ(t, current->min_flt, minflt + 1);
	/* Write after read: the zero page is replaced by a zeroed copy. */
	KTEST_EXPECT_EQ(t, fault(mm, BASE, 0), 0);
	KTEST_EXPECT_EQ(t, fault(mm, BASE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_FALSE(t, is_zero_pfn(pte_pfn(pte_at(mm, BASE))));
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(mm, BASE)));
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 2);
	KTEST_EXPECT_GE(t, mm->hiwater_rss, 2);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void faults_allocate_tables_and_free_pgtables_frees_them(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm;
	struct vm_area_struct *vma;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	vma = map_empty(mm, 2 * PMD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	KTEST_ASSERT_NOT_NULL(t, vma);
	free_pgtables(mm, 0, TASK_SIZE);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 0);
	KTEST_EXPECT_EQ(t, fault(mm, BASE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 3 * PAGE_SIZE);	/* pud, pmd and pte tables */
	KTEST_EXPECT_EQ(t, fault(mm, BASE + PMD_SIZE + 5 * PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 4 * PAGE_SIZE);	/* one more pte table */
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_PAGETABLE), before.pagetables + 4);
	zap_page_range(vma, BASE, PMD_SIZE);
	free_pgtables(mm, BASE, BASE + PMD_SIZE);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 3 * PAGE_SIZE);	/* the first pte table went */
	KTEST_EXPECT_NULL(t, follow_pte(mm, BASE));
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 1);
	zap_page_range(vma, BASE, 2 * PMD_SIZE);
	free_pgtables(mm, 0, TASK_SIZE);
	KTEST_EXPECT_EQ(t, mm->pgtables_bytes, 0);
	KTEST_EXPECT_EQ(t, get_mm_rss(mm), 0);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void fork_write_protects_both_and_the_writer_copies(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm, *child;
	struct page *page;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	put_byte(mm, BASE, 'p');
	page = page_at(mm, BASE);
	KTEST_ASSERT_NOT_NULL(t, page);
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_EXPECT_EQ(t, page_at(child, BASE), page);		/* shared, not copied */
	KTEST_EXPECT_FALSE(t, pte_write(pte_at(mm, BASE)));	/* write-protected in both */
	KTEST_EXPECT_FALSE(t, pte_write(pte_at(child, BASE)));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 2);
	KTEST_EXPECT_EQ(t, page_count(page), 2);
	KTEST_EXPECT_EQ(t, get_mm_counter(child, MM_ANONPAGES), 1);

	KTEST_EXPECT_EQ(t, fault(child, BASE, FAULT_FLAG_WRITE), 0);	/* the child writes first */
	KTEST_EXPECT_NE(t, page_at(child, BASE), page);
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(child, BASE)));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	KTEST_EXPECT_EQ(t, get_byte(child, BASE), 'p');		/* a copy of the contents */
	put_byte(child, BASE, 'c');
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE), 'p');		/* the parent does not see it */
	mmput(child);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void last_mapper_reuses_the_page_without_copying(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long reuse;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	put_byte(mm, BASE, 'x');
	page = page_at(mm, BASE);
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	mmput(child);					/* the child exits without writing */
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	KTEST_EXPECT_FALSE(t, pte_write(pte_at(mm, BASE)));
	reuse = vm_event_count(PGREUSE);
	KTEST_EXPECT_EQ(t, fault(mm, BASE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_EQ(t, page_at(mm, BASE), page);		/* the same page, now writable */
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(mm, BASE)));
	KTEST_EXPECT_EQ(t, vm_event_count(PGREUSE), reuse + 1);
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE), 'x');
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void zero_page_survives_fork_uncounted(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm, *child;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	KTEST_EXPECT_EQ(t, fault(mm, BASE, 0), 0);
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_at(child, BASE))));
	KTEST_EXPECT_EQ(t, get_mm_rss(child), 0);
	KTEST_EXPECT_EQ(t, fault(child, BASE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_EQ(t, get_mm_rss(child), 1);
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_at(mm, BASE))));
	mmput(child);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void shared_anonymous_memory_stays_shared_across_fork(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm, *child;

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_shared_anon(mm, 4 * PAGE_SIZE));
	put_byte(mm, BASE, 'a');
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(mm, BASE)));
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_SHMEMPAGES), 1);
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_EXPECT_EQ(t, get_byte(child, BASE), 'a');
	put_byte(child, BASE + 2 * PAGE_SIZE, 'b');		/* a page the parent never touched */
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE + 2 * PAGE_SIZE), 'b');
	KTEST_EXPECT_EQ(t, page_at(mm, BASE + 2 * PAGE_SIZE), page_at(child, BASE + 2 * PAGE_SIZE));
	put_byte(child, BASE, 'A');
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE), 'A');
	mmput(child);
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE + 2 * PAGE_SIZE), 'b');
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

static void private_file_mapping_maps_the_page_cache_then_copies(struct ktest *t)
{
	struct mem_baseline before;
	struct file *file;
	struct page *cached;
	struct mm_struct *mm;
	unsigned long addr;

	take_baseline(&before);
	file = shmem_file_setup("test", PAGE_SIZE + 100, 0);
	KTEST_ASSERT_FALSE(t, IS_ERR(file));
	cached = ramfs_get_page(file->f_inode, 1);
	KTEST_ASSERT_NOT_NULL(t, cached);
	((char *)page_address(cached))[5] = 'f';
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	addr = __do_mmap(mm, file, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED, 0, 0);
	KTEST_ASSERT_EQ(t, addr, BASE);
	zap_page_range(find_vma(mm, BASE), BASE, 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, fault(mm, BASE + PAGE_SIZE, 0), 0);
	KTEST_EXPECT_EQ(t, page_at(mm, BASE + PAGE_SIZE), cached);	/* the page itself, read-only */
	KTEST_EXPECT_FALSE(t, pte_write(pte_at(mm, BASE + PAGE_SIZE)));
	KTEST_EXPECT_FALSE(t, PageAnon(cached));
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_FILE_MAPPED), before.file + 1);
	KTEST_EXPECT_EQ(t, fault(mm, BASE + PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_NE(t, page_at(mm, BASE + PAGE_SIZE), cached);	/* a private copy */
	KTEST_EXPECT_TRUE(t, PageAnon(page_at(mm, BASE + PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE + PAGE_SIZE + 5), 'f');
	put_byte(mm, BASE + PAGE_SIZE + 5, 'm');
	KTEST_EXPECT_EQ(t, ((char *)page_address(cached))[5], 'f');	/* the file is untouched */
	KTEST_EXPECT_EQ(t, page_mapcount(cached), 0);
	/* Truncated under the mapping: page 1 is wholly past the end of the file now. */
	zap_page_range(find_vma(mm, BASE), BASE, 2 * PAGE_SIZE);
	file->f_inode->i_size = 100;
	KTEST_EXPECT_EQ(t, fault(mm, BASE + PAGE_SIZE, 0), VM_FAULT_SIGBUS);
	KTEST_EXPECT_EQ(t, fault(mm, BASE, 0), 0);
	mmput(mm);
	fput(file);
	EXPECT_BASELINE(t, &before);
}

static void forced_write_to_read_only_mapping_copies(struct ktest *t)
{
	struct mem_baseline before;
	struct mm_struct *mm, *child;
	char c = 'w';

	take_baseline(&before);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_NOT_NULL(t, map_empty(mm, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	put_byte(mm, BASE, 'o');
	child = dup_mm(NULL, mm);
	KTEST_ASSERT_NOT_NULL(t, child);
	find_vma(child, BASE)->vm_flags &= ~VM_WRITE;		/* as mprotect(PROT_READ) would */
	KTEST_EXPECT_EQ(t, access_remote_vm(child, BASE, &c, 1, FOLL_WRITE), 0);
	KTEST_EXPECT_EQ(t, access_remote_vm(child, BASE, &c, 1, FOLL_WRITE | FOLL_FORCE), 1);
	KTEST_EXPECT_FALSE(t, pte_write(pte_at(child, BASE)));	/* still read-only ... */
	KTEST_EXPECT_NE(t, page_at(child, BASE), page_at(mm, BASE));	/* ... on a copy */
	KTEST_EXPECT_EQ(t, get_byte(child, BASE), 'w');
	KTEST_EXPECT_EQ(t, get_byte(mm, BASE), 'o');
	mmput(child);
	mmput(mm);
	EXPECT_BASELINE(t, &before);
}

/* Warm-up: one round of what the cases allocate (mm, VMAs, files, inodes, slot arrays). */
static int memory_test_init(void)
{
	struct mm_struct *mm = mm_alloc(), *child;
	struct file *file = shmem_file_setup("warmup", PAGE_SIZE, 0);

	if (!mm || IS_ERR(file))
		return -ENOMEM;
	ramfs_get_page(file->f_inode, 0);
	map_shared_anon(mm, PAGE_SIZE);
	put_byte(mm, BASE, 1);
	child = dup_mm(NULL, mm);
	if (child)
		mmput(child);
	mmput(mm);
	fput(file);
	return 0;
}

static struct ktest_case memory_cases[] = {
	KTEST_CASE(read_fault_maps_the_zero_page),
	KTEST_CASE(write_fault_maps_a_zeroed_page_of_its_own),
	KTEST_CASE(faults_allocate_tables_and_free_pgtables_frees_them),
	KTEST_CASE(fork_write_protects_both_and_the_writer_copies),
	KTEST_CASE(last_mapper_reuses_the_page_without_copying),
	KTEST_CASE(zero_page_survives_fork_uncounted),
	KTEST_CASE(shared_anonymous_memory_stays_shared_across_fork),
	KTEST_CASE(private_file_mapping_maps_the_page_cache_then_copies),
	KTEST_CASE(forced_write_to_read_only_mapping_copies),
	{}
};
KTEST_SUITE(memory, memory_cases, .init = memory_test_init);
