/*
 * mm/oom.h - the out-of-memory killer (mm/oom_kill.c; Linux's
 * include/linux/oom.h).
 *
 * When the page allocator's slow path has nothing left to try (no reclaim
 * progress, no free page at the min watermark), it calls out_of_memory():
 * the task with the highest oom_badness() - resident pages + swap entries +
 * page-table pages, shifted by its oom_score_adj - is sent SIGKILL, the OOM
 * reaper frees its anonymous memory at once, and the allocation retries.
 *
 * oom_score_adj (task_struct, -1000..1000, inherited at fork): -1000 makes a
 * task unkillable by the OOM killer; +1000 makes it the first choice.  User
 * space sets it through /proc/self/oom_score_adj (kernel/fs/proc/base.c).
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include "kernel/types.h"
#include "mm/gfp.h"

struct task_struct;

#define OOM_SCORE_ADJ_MIN	(-1000)		/* never chosen */
#define OOM_SCORE_ADJ_MAX	1000		/* chosen first */

/* What the OOM killer is asked to resolve, and what it chose (Linux's, without memcg/cpuset). */
struct oom_control {
	gfp_t gfp_mask;			/* the failing allocation's flags (0: from a page fault) */
	int order;			/* ... and its order */
	unsigned long totalpages;	/* RAM + swap, in pages: oom_score_adj's scale */
	struct task_struct *chosen;	/* the victim; (void *)-1: a victim is still dying, wait */
	long chosen_points;		/* its oom_badness */
};

/*
 * oom_badness - how good a victim p is: its RSS + swap entries +
 * page-table pages, plus oom_score_adj * totalpages / 1000.  LONG_MIN for
 * a task that must not be chosen (a kernel thread, no mm, oom_score_adj
 * -1000, already reaped).
 */
long oom_badness(struct task_struct *p, unsigned long totalpages);

/*
 * out_of_memory - kill the worst task to free memory for oc's allocation.
 * Returns true if memory should come (a victim was killed, or one is still
 * dying: the caller retries), false if nothing could be killed.  May sleep
 * (one tick, to let a victim other than current run and exit).
 */
bool out_of_memory(struct oom_control *oc);

/*
 * pagefault_out_of_memory - a user page fault returned VM_FAULT_OOM: a
 * dying task simply returns (SIGKILL finishes it), anyone else calls the
 * OOM killer and retries the fault (Linux's).
 */
void pagefault_out_of_memory(void);

/*
 * oom_current_dying - is the allocating task a user process with SIGKILL
 * pending (an OOM victim, or killed anyway)?  The allocator then never
 * waits for the OOM killer: it gives the reserves once and fails.
 */
bool oom_current_dying(void);

struct mm_struct;
/*
 * __oom_reap_task_mm - the OOM reaper's work on one mm: unmap every
 * private page (anonymous VMAs and private file mappings; shared ones
 * belong to others too), keeping the VMAs and page tables for exit_mmap.
 * The mm stable.  (For the reaper and mm/oom_kill_test.c.)
 */
void __oom_reap_task_mm(struct mm_struct *mm);

/* tsk_is_oom_victim - was tsk chosen by the OOM killer (and not yet gone)? */
bool tsk_is_oom_victim(struct task_struct *tsk);

/*
 * oom_init - start the oom_reaper kernel thread.  From kernel_init(),
 * after the VFS is up.  (/proc/<pid>/oom_score_adj is procfs's:
 * kernel/fs/proc/base.c.)
 */
void oom_init(void);

#endif /* MM_OOM_H */
