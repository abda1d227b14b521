/*
 * mm/oom_kill.c - the out-of-memory killer and the OOM reaper (Linux's
 * mm/oom_kill.c, without memory cgroups, cpusets or NUMA constraints).
 *
 * When memory runs out.  The page allocator's slow path (mm/page_alloc.c,
 * __alloc_pages_may_oom) calls out_of_memory() when an allocation that may
 * sleep found nothing at the min watermark and reclaim could not help.
 * Without swap (the swap issue comes later) reclaim cannot free anonymous
 * memory at all, so this is what ends a runaway process:
 *
 *   out_of_memory
 *     select_bad_process     every user process scored by oom_badness():
 *                            RSS + swap entries + page-table pages, plus
 *                            oom_score_adj * totalpages / 1000.  Skipped:
 *                            kernel threads, tasks without an mm,
 *                            oom_score_adj == -1000, victims already reaped.
 *                            Init (pid 1) only if nothing else can be chosen
 *                            (killing it panics, as Linux's does).  A victim
 *                            still dying ends the search: wait for it.
 *     oom_kill_process       dump_header (Linux's "invoked oom-killer" line,
 *                            the task dump), SIGKILL to the victim and to
 *                            every other process sharing its mm, the
 *                            "Out of memory: Killed process" line,
 *                            OOM_KILL counted, the victim queued for the reaper
 *   then the allocating task, if it is not the victim itself, sleeps one
 *   tick (the victim runs and exits) and the allocator retries.  A victim
 *   that is itself allocating gets one try below the watermarks (Linux's
 *   ALLOC_OOM) and then a failure: its fault returns VM_FAULT_OOM, and
 *   pagefault_out_of_memory() lets SIGKILL finish it on the way to user mode.
 *
 * The OOM reaper.  SIGKILL only frees memory once the victim runs to
 * do_exit; a victim asleep in an uninterruptible wait could hold its memory
 * for long.  The oom_reaper kernel thread unmaps the victim's private
 * (anonymous and private file) memory at once - __oom_reap_task_mm, one
 * zap_page_range per VMA - leaving the VMAs and page tables for exit_mmap.
 * Linux takes the victim's mmap_lock for read to be sure no page-table walk
 * of the victim is half done; Pagoda has no mmap_lock yet, so the rule is:
 * the reaper never sleeps while it walks (one CPU, no kernel preemption:
 * nothing else runs meanwhile), and it leaves alone a victim that sleeps
 * inside the OOM killer's own wait (it may be in the middle of a fork's
 * copy_page_range or an exec: the only places where a task sleeps with its
 * page tables half built are allocations, and an allocation that sleeps does
 * so here).  Such a victim wakes within a tick, sees SIGKILL and fails its
 * allocation; the reaper tries again (MAX_OOM_REAP_RETRIES times, Linux's).
 *
 * Victims are kept in oom_victims[] (a task reference and an mm reference
 * each), Linux's signal->oom_mm and MMF_OOM_SKIP in one small table: an entry
 * lives until its task has left its mm (exit_mm) and the reaper is done;
 * the reaper polls once a tick while the table is not empty.
 *
 * Locking: oom_lock serialises out_of_memory() callers (Linux's oom_lock
 * mutex; a second caller waits a tick and retries); tasklist_lock while the
 * task list is walked (victim selection, the task dump, SIGKILL);
 * oom_victims_lock for the victim table.  Order: oom_lock -> tasklist_lock
 * -> oom_victims_lock -> siglock.
 */
#include "arch/x86_64/traps.h"
#include "kernel/errno.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/oom.h"
#include "mm/vmstat.h"

#ifndef LONG_MIN
#define LONG_MIN		(-__LONG_MAX__ - 1)
#endif
#define K(pages)		((pages) << (PAGE_SHIFT - 10))
#define MAX_OOM_VICTIMS		8	/* victims dying at once (more: wait for one) */
#define MAX_OOM_REAP_RETRIES	10	/* Linux's */
#define MAX_OOM_WAITERS		16	/* tasks asleep in oom_wait_for_victim */
#define OOM_CHOSEN_WAIT		((struct task_struct *)-1UL)

/* A task the OOM killer chose: Linux's signal->oom_mm plus MMF_OOM_SKIP. */
struct oom_victim {
	struct task_struct *task;	/* the victim (a reference), NULL: free slot */
	struct mm_struct *mm;		/* its mm (an mmgrab: the struct stays) */
	bool reaped;			/* MMF_OOM_SKIP: memory gone, choose someone else */
	bool queued;			/* waiting for the reaper */
	int reap_tries;			/* reaper passes that had to wait */
};

static struct oom_victim oom_victims[MAX_OOM_VICTIMS];
static DEFINE_SPINLOCK(oom_victims_lock);
static struct task_struct *oom_waiters[MAX_OOM_WAITERS];	/* asleep in the OOM wait */
static bool oom_lock;			/* an out_of_memory() is running (may sleep) */
static struct task_struct *oom_reaper_th;
static DECLARE_WAIT_QUEUE_HEAD(oom_reaper_wait);

/* ==== the victim table ==== */

/* The table entry for mm, or NULL.  oom_victims_lock held. */
static struct oom_victim *find_victim_mm(const struct mm_struct *mm)
{
	for (int i = 0; i < MAX_OOM_VICTIMS; i++)
		if (oom_victims[i].task && oom_victims[i].mm == mm)
			return &oom_victims[i];
	return NULL;
}

/* tsk_is_oom_victim - see oom.h. */
bool tsk_is_oom_victim(struct task_struct *tsk)
{
	bool ret = false;
	unsigned long flags;

	spin_lock_irqsave(&oom_victims_lock, flags);
	for (int i = 0; i < MAX_OOM_VICTIMS; i++)
		if (oom_victims[i].task == tsk)
			ret = true;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	return ret;
}

/*
 * Forget victims that have left their mm and are not waiting for the
 * reaper; the references are dropped after the lock.  Never from the
 * allocator's own call chain with the references being the last ones
 * (mmdrop frees the pgd: it may only run where freeing is fine - it is).
 */
static void release_dead_victims(void)
{
	struct oom_victim dead[MAX_OOM_VICTIMS];
	int nr = 0;
	unsigned long flags;

	spin_lock_irqsave(&oom_victims_lock, flags);
	for (int i = 0; i < MAX_OOM_VICTIMS; i++) {
		struct oom_victim *v = &oom_victims[i];

		if (!v->task || v->queued || READ_ONCE(v->task->mm) == v->mm)
			continue;
		dead[nr++] = *v;
		*v = (struct oom_victim){ 0 };
	}
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	while (nr--) {
		mmdrop(dead[nr].mm);
		put_task_struct(dead[nr].task);
	}
}

/* Record p (whose mm is mm) as a victim and queue it for the reaper; false if the table is full. */
static bool mark_oom_victim(struct task_struct *p, struct mm_struct *mm)
{
	bool ok = false;
	unsigned long flags;

	spin_lock_irqsave(&oom_victims_lock, flags);
	for (int i = 0; i < MAX_OOM_VICTIMS && !ok; i++) {
		if (oom_victims[i].task)
			continue;
		oom_victims[i] = (struct oom_victim){
			.task = get_task_struct(p), .mm = mm, .queued = true,
		};
		mmgrab(mm);
		ok = true;
	}
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	return ok;
}

/* ==== scoring and choosing ==== */

/* Never OOM-killed: kernel threads and the idle task. */
static bool oom_unkillable_task(struct task_struct *p)
{
	return p->pid == 0 || (p->flags & PF_KTHREAD);
}

/* oom_badness - see oom.h.  tasklist_lock held (p and p->mm stay). */
long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	struct mm_struct *mm = p->mm;
	struct oom_victim *v;
	long points, adj = p->oom_score_adj;
	unsigned long flags;
	bool skip;

	if (oom_unkillable_task(p) || !mm || (p->flags & PF_EXITING))
		return LONG_MIN;
	spin_lock_irqsave(&oom_victims_lock, flags);
	v = find_victim_mm(mm);
	skip = v && v->reaped;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	if (adj == OOM_SCORE_ADJ_MIN || skip)
		return LONG_MIN;
	points = get_mm_rss(mm) + get_mm_counter(mm, MM_SWAPENTS) +
		 mm->pgtables_bytes / PAGE_SIZE;
	/* Normalise adj to the size of memory: 1000 is all of it. */
	adj *= (long)(totalpages / 1000);
	return points + adj;
}

/*
 * oom_evaluate_task - weigh one task for select_bad_process: true ends the
 * search (a victim still dying: oc->chosen becomes OOM_CHOSEN_WAIT).
 * with_init: pid 1 may be chosen (the second pass).  tasklist_lock held.
 */
static bool oom_evaluate_task(struct task_struct *p, struct oom_control *oc, bool with_init)
{
	struct oom_victim *v;
	unsigned long flags;
	bool dying;
	long points;

	if (oom_unkillable_task(p) || !p->mm || (p->pid == 1 && !with_init))
		return false;
	spin_lock_irqsave(&oom_victims_lock, flags);
	v = find_victim_mm(p->mm);
	dying = v && !v->reaped;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	/* A victim not yet reaped, or a task already exiting: its memory is coming. */
	if (dying || (p->flags & PF_EXITING)) {
		oc->chosen = OOM_CHOSEN_WAIT;
		return true;
	}
	points = oom_badness(p, oc->totalpages);
	if (points == LONG_MIN || (oc->chosen && points < oc->chosen_points))
		return false;
	oc->chosen = p;
	oc->chosen_points = points;
	return false;
}

/*
 * select_bad_process - the task with the highest oom_badness into
 * oc->chosen (ties: the later in the task list); init only if no other
 * task qualifies.  tasklist_lock held.
 */
static void select_bad_process(struct oom_control *oc)
{
	struct task_struct *p;

	oc->chosen = NULL;
	oc->chosen_points = LONG_MIN;
	for_each_process(p)
		if (oom_evaluate_task(p, oc, false))
			return;
	if (oc->chosen)
		return;
	for_each_process(p)
		if (p->pid == 1 && oom_evaluate_task(p, oc, true))
			return;
}

/* ==== reporting ==== */

/*
 * dump_tasks - Linux's task table: one line per user process with its
 * memory in pages.  tasklist_lock held.
 */
static void dump_tasks(void)
{
	struct task_struct *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	for_each_process(p) {
		struct mm_struct *mm = p->mm;

		if (oom_unkillable_task(p) || !mm)
			continue;
		pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu         %5d %s\n",
			p->pid, 0, p->tgid, mm->total_vm, get_mm_rss(mm), mm->pgtables_bytes,
			get_mm_counter(mm, MM_SWAPENTS), p->oom_score_adj, p->comm);
	}
}

/*
 * dump_header - "<comm> invoked oom-killer: gfp_mask=0x...(GFP_...),
 * order=0, oom_score_adj=0", the call trace, the free-memory dump and the
 * task table (Linux's).  tasklist_lock held.
 */
static void dump_header(struct oom_control *oc, struct task_struct *victim)
{
	char names[160];

	format_gfp_flags(names, sizeof(names), oc->gfp_mask);
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%d\n",
		current->comm, oc->gfp_mask, names, oc->order, current->oom_score_adj);
	dump_stack();
	pr_warn("Mem-Info:\n");
	show_free_areas();
	dump_tasks();
	if (victim)
		pr_info("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%d,uid=0\n",
			victim->comm, victim->pid);
}

/* ==== killing ==== */

/*
 * __oom_kill_process - SIGKILL victim and every other user process
 * sharing its mm (a vfork child), log the kill, queue the reaper.
 * tasklist_lock held.
 */
static void __oom_kill_process(struct task_struct *victim)
{
	struct mm_struct *mm = victim->mm;
	struct task_struct *p;

	send_sig(SIGKILL, victim, 1);
	count_vm_event(OOM_KILL);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:%d\n",
	       victim->pid, victim->comm, K(mm->total_vm),
	       K(get_mm_counter(mm, MM_ANONPAGES)), K(get_mm_counter(mm, MM_FILEPAGES)),
	       K(get_mm_counter(mm, MM_SHMEMPAGES)), mm->pgtables_bytes >> 10,
	       victim->oom_score_adj);
	for_each_process(p) {
		if (p == victim || p->mm != mm || oom_unkillable_task(p) || p->pid == 1)
			continue;
		pr_info("oom killer %d (%s) has mm pinned by %d (%s)\n",
			victim->pid, victim->comm, p->pid, p->comm);
		send_sig(SIGKILL, p, 1);
	}
	if (mark_oom_victim(victim, mm))
		wake_up(&oom_reaper_wait);
}

/* oom_kill_process - report and kill oc->chosen.  tasklist_lock held. */
static void oom_kill_process(struct oom_control *oc)
{
	dump_header(oc, oc->chosen);
	__oom_kill_process(oc->chosen);
}

/* ==== waiting for a victim ==== */

/* Is p asleep in oom_wait_for_victim?  oom_victims_lock held. */
static bool oom_is_waiter(struct task_struct *p)
{
	for (int i = 0; i < MAX_OOM_WAITERS; i++)
		if (oom_waiters[i] == p)
			return true;
	return false;
}

/*
 * oom_wait_for_victim - sleep one tick so that a victim (or another
 * out_of_memory caller) can run, registered as a task whose page tables
 * may be half built (the reaper leaves such a victim alone).
 */
static void oom_wait_for_victim(void)
{
	unsigned long flags;
	int slot = -1;

	spin_lock_irqsave(&oom_victims_lock, flags);
	for (int i = 0; i < MAX_OOM_WAITERS && slot < 0; i++)
		if (!oom_waiters[i])
			slot = i;
	if (slot >= 0)
		oom_waiters[slot] = current;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule_timeout(1);
	if (slot >= 0)
		WRITE_ONCE(oom_waiters[slot], NULL);
}

/* out_of_memory - see oom.h. */
bool out_of_memory(struct oom_control *oc)
{
	static bool said_nothing_to_kill;
	struct task_struct *chosen;
	unsigned long flags;

	if (oom_lock) {			/* someone else is killing: let them finish */
		oom_wait_for_victim();
		return true;
	}
	oom_lock = true;
	release_dead_victims();
	oc->totalpages = totalram_pages + total_swap_pages;
	spin_lock_irqsave(&tasklist_lock, flags);
	select_bad_process(oc);
	chosen = oc->chosen;
	if (chosen && chosen != OOM_CHOSEN_WAIT)
		oom_kill_process(oc);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	oom_lock = false;
	if (!chosen) {
		if (!said_nothing_to_kill)
			pr_warn("Out of memory and no killable processes...\n");
		said_nothing_to_kill = true;
		return false;
	}
	if (chosen == OOM_CHOSEN_WAIT || chosen != current)
		oom_wait_for_victim();
	return true;
}

/* oom_current_dying - see oom.h. */
bool oom_current_dying(void)
{
	return current->mm && fatal_signal_pending(current);
}

/* pagefault_out_of_memory - see oom.h. */
void pagefault_out_of_memory(void)
{
	struct oom_control oc = { .gfp_mask = 0, .order = 0 };

	if (fatal_signal_pending(current))
		return;
	out_of_memory(&oc);
}

/* ==== the OOM reaper ==== */

/* __oom_reap_task_mm - see oom.h.  Must not sleep: see the top comment. */
void __oom_reap_task_mm(struct mm_struct *mm)
{
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		if (vma->vm_flags & VM_SHARED)
			continue;
		zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	}
}

/*
 * oom_reap_victim - one reaper pass over v: reap unless the victim is
 * asleep inside an allocation (then false: try again later).  Runs in the
 * reaper with nothing held; takes oom_victims_lock itself.
 */
static bool oom_reap_victim(struct oom_victim *v)
{
	struct task_struct *p = v->task;
	struct mm_struct *mm = v->mm;
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&oom_victims_lock, flags);
	busy = oom_is_waiter(p) && v->reap_tries++ < MAX_OOM_REAP_RETRIES;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	if (busy)
		return false;
	if (oom_is_waiter(p)) {
		pr_info("oom_reaper: unable to reap pid:%d (%s)\n", p->pid, p->comm);
	} else if (READ_ONCE(mm->mm_users) > 0) {
		__oom_reap_task_mm(mm);
		pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n",
			p->pid, p->comm, K(get_mm_counter(mm, MM_ANONPAGES)),
			K(get_mm_counter(mm, MM_FILEPAGES)), K(get_mm_counter(mm, MM_SHMEMPAGES)));
	}
	spin_lock_irqsave(&oom_victims_lock, flags);
	v->reaped = true;
	v->queued = false;
	spin_unlock_irqrestore(&oom_victims_lock, flags);
	return true;
}

/* Is any victim in the table (waiting to be reaped, or to be forgotten once it has exited)? */
static bool oom_reaper_has_work(void)
{
	for (int i = 0; i < MAX_OOM_VICTIMS; i++)
		if (READ_ONCE(oom_victims[i].task))
			return true;
	return false;
}

/*
 * oom_reaper - the kernel thread: reap every queued victim (one that is
 * busy is retried a tick later), and forget victims that have exited -
 * polling once a tick while any is left, so that their mm references do
 * not outlive them (Pagoda's exit path has no OOM hook).
 */
static int oom_reaper(void *unused)
{
	(void)unused;
	for (;;) {
		wait_event_interruptible(oom_reaper_wait, oom_reaper_has_work());	/* "S" in ps */
		for (int i = 0; i < MAX_OOM_VICTIMS; i++) {
			struct oom_victim *v = &oom_victims[i];

			if (v->task && v->queued)
				oom_reap_victim(v);
		}
		release_dead_victims();
		if (oom_reaper_has_work()) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			schedule_timeout(1);
		}
	}
	return 0;
}

/* oom_init - see oom.h. */
void oom_init(void)
{
	oom_reaper_th = kthread_run(oom_reaper, NULL, "oom_reaper");
	if (IS_ERR(oom_reaper_th)) {
		pr_err("oom_reaper: cannot start (%ld)\n", PTR_ERR(oom_reaper_th));
		oom_reaper_th = NULL;
	}
}
