/*
 * mm/oom_kill_test.c - ktest suite "oom_kill" for mm/oom_kill.c: how
 * oom_badness() scores a task (RSS + swap entries + page-table pages,
 * shifted by oom_score_adj in thousandths of memory; never a kernel
 * thread, a task without an mm, or oom_score_adj -1000), and what the OOM
 * reaper frees (every private page, no shared one, all of it back in the
 * buddy allocator).  The kills themselves need user processes: see
 * user/tests/oom_kill.c and tests/test_oom.py.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/oom.h"
#include "mm/shmem.h"
#include "mm/vmstat.h"

#define BASE	0x20000000UL		/* a quiet, 2 MiB-aligned address */
#define LONG_MIN_	(-__LONG_MAX__ - 1)

/* A task and an mm that exist only for oom_badness to look at. */
static struct task_struct fake_task;
static struct mm_struct fake_mm;

static struct task_struct *fake_process(unsigned long anon, unsigned long file,
					unsigned long swapents, unsigned long pgtables, int adj)
{
	memset(&fake_task, 0, sizeof(fake_task));
	memset(&fake_mm, 0, sizeof(fake_mm));
	fake_task.pid = 4242;
	fake_task.mm = &fake_mm;
	fake_task.oom_score_adj = adj;
	fake_mm.rss_stat[MM_ANONPAGES] = anon;
	fake_mm.rss_stat[MM_FILEPAGES] = file;
	fake_mm.rss_stat[MM_SWAPENTS] = swapents;
	fake_mm.pgtables_bytes = pgtables * PAGE_SIZE;
	return &fake_task;
}

static void oom_badness_counts_rss_swap_and_page_tables(struct ktest *t)
{
	struct task_struct *p = fake_process(100, 10, 5, 3, 0);

	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), 118);
}

static void oom_badness_scales_oom_score_adj_by_memory(struct ktest *t)
{
	struct task_struct *p = fake_process(100, 0, 0, 0, 500);

	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), 100 + 500 * 10);
	p->oom_score_adj = -50;
	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), 100 - 50 * 10);
	p->oom_score_adj = 1000;	/* a tiny task with +1000 beats any real one */
	KTEST_EXPECT_GT(t, oom_badness(p, 10000), oom_badness(fake_process(9000, 0, 0, 0, 0), 10000));
}

static void oom_badness_never_picks_the_unkillable(struct ktest *t)
{
	struct task_struct *p = fake_process(100000, 0, 0, 0, -1000);

	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), LONG_MIN_);
	p->oom_score_adj = 0;
	p->flags = PF_KTHREAD;
	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), LONG_MIN_);
	p->flags = 0;
	p->mm = NULL;
	KTEST_EXPECT_EQ(t, oom_badness(p, 10000), LONG_MIN_);
}

/* Writes one byte at addr of mm (a write fault). */
static void touch(struct mm_struct *mm, unsigned long addr)
{
	char c = 1;

	access_remote_vm(mm, addr, &c, 1, FOLL_WRITE);
}

static void oom_reap_frees_private_pages_and_keeps_shared(struct ktest *t)
{
	unsigned long free_before, anon_before;
	struct vm_area_struct *shared;
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, __do_mmap(mm, NULL, BASE, 32 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0), BASE);
	KTEST_ASSERT_EQ(t, __do_mmap(mm, NULL, BASE + (4UL << 20), 2 * PAGE_SIZE,
				     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
				     0, 0), BASE + (4UL << 20));
	shared = find_vma(mm, BASE + (4UL << 20));
	KTEST_ASSERT_NOT_NULL(t, shared);
	if (!vma_is_shmem(shared))
		KTEST_ASSERT_EQ(t, shmem_zero_setup(shared), 0);
	for (int i = 0; i < 32; i++)
		touch(mm, BASE + i * PAGE_SIZE);
	touch(mm, BASE + (4UL << 20));
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), 32);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_SHMEMPAGES), 1);
	drain_local_pages();
	free_before = nr_free_pages();
	anon_before = global_node_page_state(NR_ANON_MAPPED);

	__oom_reap_task_mm(mm);

	drain_local_pages();
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_SHMEMPAGES), 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before + 32);
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_ANON_MAPPED), anon_before - 32);
	KTEST_EXPECT_NOT_NULL(t, find_vma(mm, BASE));	/* the VMAs stay for exit_mmap */
	mmput(mm);
}

static struct ktest_case oom_kill_cases[] = {
	KTEST_CASE(oom_badness_counts_rss_swap_and_page_tables),
	KTEST_CASE(oom_badness_scales_oom_score_adj_by_memory),
	KTEST_CASE(oom_badness_never_picks_the_unkillable),
	KTEST_CASE(oom_reap_frees_private_pages_and_keeps_shared),
	{}
};
KTEST_SUITE(oom_kill, oom_kill_cases);
