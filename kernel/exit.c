/*
 * kernel/exit.c - the end of a task: exit, zombies, wait4, reparenting
 * (Linux's kernel/exit.c).
 *
 * do_exit(code), in the dying task:
 *   exit_mm        mm_release (wake a vfork parent), switch to the kernel's
 *                  page tables, mmput: the last user frees every page
 *   exit_files, exit_fs   the VFS closes its fds and drops its cwd
 *   exit_notify    children go to init (pid 1), which is told about any
 *                  that are already zombies; then either
 *                    - EXIT_ZOMBIE: the parent gets SIGCHLD and is woken
 *                      in wait4, which reaps it later, or
 *                    - autoreap (EXIT_DEAD, release_task now): nobody will
 *                      wait - a kernel thread, exit_signal -1, or a parent
 *                      ignoring SIGCHLD / with SA_NOCLDWAIT (Linux's rule)
 *   do_task_dead   TASK_DEAD and schedule(), never to return.
 *
 * Freeing a task (usage, kernel/sched.h): its kernel stack is the one it
 * is running on until its very last schedule(), so the task never frees
 * itself.  The scheduler drops the task's own reference after switching
 * away from it; release_task() (wait4 in the parent, or the autoreap)
 * drops the reaper's.  Whichever comes last frees stack and struct.
 *
 * wait4 status: task->exit_code already holds Linux's wait status
 * ((code & 0xff) << 8 for exit, the signal number for a kill), see
 * kernel/exit.h.
 *
 * Pid 1 never exits: if it tries, the kernel panics like Linux ("Attempted
 * to kill init!").  Orphans are reparented to it, and init reaps them.
 *
 * Locks: tasklist_lock (irqsave) for the family links and exit_state;
 * signals are sent under it (lock order tasklist_lock -> siglock).
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/page.h"
#include "arch/x86_64/switch_to.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "mm/mmap.h"

/* ==== exit ==== */

/*
 * exit_mm - current stops using its address space.  It must first stop
 * running on those page tables: the last mmput frees them.  Its peak RSS
 * is kept for getrusage/wait4 (ru_maxrss).
 */
static void exit_mm(void)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk->mm;
	unsigned long flags;

	if (!mm)
		return;
	mm_release(tsk, mm);
	tsk->maxrss = max(tsk->maxrss, max(mm->hiwater_rss, get_mm_rss(mm)) << (PAGE_SHIFT - 10));
	flags = arch_local_irq_save();
	switch_mm(mm, NULL);
	tsk->mm = NULL;
	tsk->active_mm = NULL;
	arch_local_irq_restore(flags);
	mmput(mm);
}

/* The task orphans are given to: init (pid 1), or the idle task before init exists. */
static struct task_struct *find_child_reaper(void)
{
	struct task_struct *reaper = find_task_by_pid(1);

	return reaper ? reaper : &init_task;
}

/* Will nobody ever wait4 for tsk?  Then it reaps itself (tasklist_lock held). */
static bool should_autoreap(struct task_struct *tsk)
{
	struct task_struct *parent = tsk->parent;
	struct k_sigaction *ka;

	if (tsk->exit_signal == -1 || (tsk->flags & PF_KTHREAD) || parent == &init_task)
		return true;
	if (tsk->exit_signal != SIGCHLD || !parent->sighand)
		return false;
	ka = &parent->sighand->action[SIGCHLD - 1];
	return ka->sa.sa_handler == SIG_IGN || (ka->sa.sa_flags & SA_NOCLDWAIT);
}

/*
 * Tell tsk's parent that tsk has exited: SIGCHLD (exit_signal) and a wake-up
 * of a wait4 sleeping there.  Returns true if tsk must be reaped at once
 * instead (autoreap); its exit_state is then EXIT_DEAD, else EXIT_ZOMBIE.
 * tasklist_lock held.
 */
static bool notify_parent(struct task_struct *tsk)
{
	bool autoreap = should_autoreap(tsk);

	if (!autoreap && tsk->exit_signal > 0)
		do_notify_parent(tsk, tsk->exit_signal);
	tsk->exit_state = autoreap ? EXIT_DEAD : EXIT_ZOMBIE;
	wake_up(&tsk->parent->wait_chldexit);
	return autoreap;
}

/*
 * forget_original_parent - give father's children to the reaper.  Children
 * that are zombies already are announced to it; those it will never wait
 * for are moved to *dead, to be released once tasklist_lock is dropped.
 */
static void forget_original_parent(struct task_struct *father, struct list_head *dead)
{
	struct task_struct *reaper = find_child_reaper();
	struct task_struct *p, *n;

	list_for_each_entry_safe(p, n, &father->children, sibling) {
		p->real_parent = p->parent = reaper;
		list_move_tail(&p->sibling, &reaper->children);
		if (p->exit_state == EXIT_ZOMBIE && notify_parent(p))
			list_move_tail(&p->sibling, dead);
	}
}

/* exit_notify - reparent the children, become a zombie (or reap ourselves). */
static void exit_notify(struct task_struct *tsk)
{
	LIST_HEAD(dead);
	struct task_struct *p, *n;
	unsigned long flags;
	bool autoreap;

	spin_lock_irqsave(&tasklist_lock, flags);
	forget_original_parent(tsk, &dead);
	autoreap = notify_parent(tsk);
	spin_unlock_irqrestore(&tasklist_lock, flags);

	list_for_each_entry_safe(p, n, &dead, sibling)
		release_task(p);	/* takes p off the dead list */
	if (autoreap)
		release_task(tsk);
}

/* do_task_dead - the last schedule(): the scheduler never runs this task again. */
static __noreturn void do_task_dead(void)
{
	set_current_state(TASK_DEAD);
	schedule();
	BUG();
	for (;;)
		;
}

/* do_exit - end current with wait status code; never returns (see kernel/sched.h). */
__noreturn void do_exit(long code)
{
	struct task_struct *tsk = current;

	if (unlikely(tsk->pid == 1))
		panic("Attempted to kill init! exitcode=0x%08x", (unsigned int)code);
	if (unlikely(tsk == &init_task || (tsk->flags & PF_IDLE)))
		panic("Attempted to kill the idle task!");
	if (unlikely(tsk->flags & PF_EXITING)) {
		printk(KERN_ALERT "Fixing recursive fault but reboot is needed!\n");
		do_task_dead();
	}
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	exit_mm();
	if (tsk->files)
		exit_files(tsk);
	if (tsk->fs)
		exit_fs(tsk);
	exit_notify(tsk);
	do_task_dead();
}

/* do_group_exit - exit_group: one thread per process today, so do_exit. */
__noreturn void do_group_exit(int code)
{
	do_exit(code);
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* ==== reaping ==== */

/* release_task - unlink p, free its pid and handlers, drop the reaper's reference (see exit.h). */
void release_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->sibling);
	list_del_init(&p->tasks);
	p->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	free_pid(p->pid);
	if (p->sighand) {
		sighand_put(p->sighand);
		p->sighand = NULL;
	}
	put_task_struct(p);
}

static void ns_to_timeval(u64 ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = ns / 1000000000ULL;
	tv->tv_usec = ns % 1000000000ULL / 1000;
}

/* getrusage - resource use of t (see exit.h).  RSS is in KiB. */
void getrusage(struct task_struct *t, int who, struct rusage *r)
{
	u64 utime = 0, stime = 0;
	unsigned long maxrss = 0;

	memset(r, 0, sizeof(*r));
	if (who == RUSAGE_SELF || who == RUSAGE_THREAD || who == RUSAGE_BOTH) {
		utime += t->utime_ns;
		stime += t->stime_ns;
		r->ru_minflt += t->min_flt;
		r->ru_majflt += t->maj_flt;
		maxrss = t->maxrss;
		if (t->mm)
			maxrss = max(maxrss, max(t->mm->hiwater_rss, get_mm_rss(t->mm)) << (PAGE_SHIFT - 10));
	}
	if (who == RUSAGE_CHILDREN || who == RUSAGE_BOTH) {
		utime += t->cutime_ns;
		stime += t->cstime_ns;
		r->ru_minflt += t->cmin_flt;
		r->ru_majflt += t->cmaj_flt;
		maxrss = max(maxrss, t->cmaxrss);
	}
	ns_to_timeval(utime, &r->ru_utime);
	ns_to_timeval(stime, &r->ru_stime);
	r->ru_maxrss = maxrss;
}

/* Does child p match wait4's pid selector and __WCLONE/__WALL? */
static bool eligible_child(struct task_struct *p, int pid, int options)
{
	if (pid > 0 && p->pid != pid)
		return false;
	if (pid == 0 && p->pgid != current->pgid)
		return false;
	if (pid < -1 && p->pgid != -pid)
		return false;
	if (options & __WALL)
		return true;
	return !!(options & __WCLONE) == (p->exit_signal != SIGCHLD);
}

/* Collect a dead child's accounts into its parent (current): what RUSAGE_CHILDREN reports. */
static void account_reaped_child(struct task_struct *p)
{
	struct task_struct *me = current;

	me->cutime_ns += p->utime_ns + p->cutime_ns;
	me->cstime_ns += p->stime_ns + p->cstime_ns;
	me->cmin_flt += p->min_flt + p->cmin_flt;
	me->cmaj_flt += p->maj_flt + p->cmaj_flt;
	me->cmaxrss = max(me->cmaxrss, max(p->maxrss, p->cmaxrss));
}

/*
 * One pass over current's children.  A zombie matching pid is claimed
 * (EXIT_DEAD under the lock, so no one else reaps it) and returned in
 * *zombie.  Returns 1 if some child matches (zombie or not), else 0.
 */
static int scan_children(int pid, int options, struct task_struct **zombie)
{
	struct task_struct *p;
	unsigned long flags;
	int any = 0;

	*zombie = NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &current->children, sibling) {
		if (!eligible_child(p, pid, options))
			continue;
		any = 1;
		if (p->exit_state == EXIT_ZOMBIE) {
			p->exit_state = EXIT_DEAD;
			*zombie = p;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return any;
}

/* Reap a claimed zombie: its status and rusage, its accounts to us, then free it. */
static long reap_zombie(struct task_struct *p, int *status, struct rusage *ru)
{
	long pid = p->pid;

	if (status)
		*status = p->exit_code;
	if (ru)
		getrusage(p, RUSAGE_BOTH, ru);
	account_reaped_child(p);
	release_task(p);
	return pid;
}

/* kernel_wait4 - wait for and reap a child (see exit.h). */
long kernel_wait4(int pid, int *status, int options, struct rusage *ru)
{
	struct wait_queue_entry wait = { .task = current };
	struct task_struct *zombie;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	for (;;) {
		prepare_to_wait(&current->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		if (!scan_children(pid, options, &zombie)) {
			ret = -ECHILD;
			break;
		}
		if (zombie) {
			finish_wait(&current->wait_chldexit, &wait);
			return reap_zombie(zombie, status, ru);
		}
		ret = 0;
		if (options & WNOHANG)
			break;
		ret = -ERESTARTSYS;
		if (signal_pending_current())
			break;
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wait);
	return ret;
}

/*
 * wait4(2).  As in Linux, the child is reaped even if storing the status
 * or the rusage then faults (-EFAULT).
 */
SYSCALL_DEFINE4(wait4, int, upid, int __user *, stat_addr, int, options,
		struct rusage __user *, ru)
{
	struct rusage r;
	int status = 0;
	long ret;

	if (upid == (int)0x80000000)
		return -ESRCH;		/* -INT_MIN does not exist */
	ret = kernel_wait4(upid, &status, options, ru ? &r : NULL);
	if (ret > 0 && stat_addr && put_user(status, stat_addr))
		return -EFAULT;
	if (ret > 0 && ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}
