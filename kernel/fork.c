/*
 * kernel/fork.c - creating tasks: fork, vfork, clone, kernel threads
 * (Linux's kernel/fork.c).  Also pids, and the life cycle of an mm_struct
 * (mm_alloc, dup_mm, mmput, mmdrop), which Linux keeps here too.
 *
 * copy_process() builds the child from current, piece by piece, each with
 * its own undo label:
 *   task_struct and kernel stack   the scheduler's allocators (kernel/sched.h)
 *   inherited fields               comm, pgid/sid, blocked mask, sigaltstack,
 *                                  rlimits (explicitly: a new field is zero)
 *   sched_fork                     TASK_NEW, not on a run queue
 *   memory                         dup_mm (a copy) or, with CLONE_VM|CLONE_VFORK,
 *                                  the parent's mm with one more user
 *   files, fs                      the VFS's dup_fd / copy_fs_struct
 *   signal handlers                sighand_dup (pending signals: none)
 *   copy_thread                    registers: fork returns 0 in the child
 *   pid, family links              under tasklist_lock
 * kernel_clone() then wakes the child and, for vfork, sleeps until the
 * child lets go of the borrowed mm (mm_release(), at exec or exit).
 *
 * Task references (kernel/sched.h): a new task starts with usage 2 - one
 * for being alive, dropped by the scheduler after the task has switched
 * away for the last time; one for its reaper, dropped by release_task().
 * put_task_struct() frees the stack and the struct with the last one.
 *
 * mm references (mm/mm_types.h): mm_users (tasks using it) and mm_count
 * (references to the struct; all users together hold one).
 *
 * Locks: tasklist_lock (irqsave: the tty's ^C walks the task list from the
 * timer tick) for pids' owners and the family links.
 */
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/switch_to.h"
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

/* ==== pids ==== */

/*
 * One bit per pid; pid 0 (the idle task) is never handed out.  alloc_pid()
 * takes the lowest free pid above the last one given, wrapping to 1, so a
 * pid is not reused soon after its task is gone (Linux's pid_max cycle).
 */
static unsigned long pid_bitmap[PID_MAX / 64];
static int last_pid;
static DEFINE_SPINLOCK(pidmap_lock);

static bool pid_test_and_set(int pid)
{
	unsigned long bit = 1UL << (pid % 64);

	if (pid_bitmap[pid / 64] & bit)
		return false;
	pid_bitmap[pid / 64] |= bit;
	return true;
}

/* alloc_pid - a free pid, or -EAGAIN (see kernel/sched.h). */
int alloc_pid(void)
{
	unsigned long flags;
	int pid = -EAGAIN;

	spin_lock_irqsave(&pidmap_lock, flags);
	for (int i = 1; i < PID_MAX; i++) {
		int candidate = (last_pid + i) % PID_MAX;

		if (candidate && pid_test_and_set(candidate)) {
			pid = last_pid = candidate;
			break;
		}
	}
	spin_unlock_irqrestore(&pidmap_lock, flags);
	return pid;
}

/* free_pid - give pid back. */
void free_pid(int pid)
{
	unsigned long flags;

	if (pid <= 0 || pid >= PID_MAX)
		return;
	spin_lock_irqsave(&pidmap_lock, flags);
	pid_bitmap[pid / 64] &= ~(1UL << (pid % 64));
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

/* set_task_comm - t's name: the last path component of name, truncated to TASK_COMM_LEN - 1. */
void set_task_comm(struct task_struct *t, const char *name)
{
	const char *base = strrchr(name, '/');

	strscpy(t->comm, base && base[1] ? base + 1 : name, sizeof(t->comm));
}

/* ==== task references ==== */

/*
 * put_task_struct - drop a reference; the last frees the kernel stack and
 * the task_struct.  Never the running task's last reference: the
 * scheduler drops a dead task's own reference only after switching away.
 */
void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL))
		return;
	WARN_ON_ONCE(t == current);
	free_thread_stack(t);
	free_task_struct(t);
}

/* ==== mm_struct life cycle ==== */

/* mm_alloc - a new, empty address space (see mm/mmap.h). */
struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc(mm);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->mm_users = 1;
	mm->mm_count = 1;
	spin_lock_init(&mm->page_table_lock);
	arch_pick_mmap_layout(mm, _STK_LIM);
	return mm;
}

/* mmdrop - drop a reference to the struct; the last frees the pgd and the struct. */
void mmdrop(struct mm_struct *mm)
{
	if (__atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (WARN_ON_ONCE(mm == &init_mm))
		return;
	pgd_free(mm, mm->pgd);
	kfree(mm);
}

/*
 * mmput - drop a user.  The last one tears the mappings down (exit_mmap)
 * and drops the users' struct reference.  Nobody may be running on mm's
 * page tables any more (exit_mm and exec switch away first).
 */
void mmput(struct mm_struct *mm)
{
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	exit_mmap(mm);
	if (mm->exe_file) {
		fput(mm->exe_file);
		mm->exe_file = NULL;
	}
	mmdrop(mm);
}

/* dup_mm - fork's copy of oldmm: same layout and bookkeeping, copied VMAs and pages. */
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm)
{
	struct mm_struct *mm = kmalloc(sizeof(*mm), GFP_KERNEL);
	struct rmap_mm rm;
	int err;

	(void)tsk;
	if (!mm)
		return NULL;
	*mm = *oldmm;
	mm->mmap = NULL;
	mm->map_count = 0;
	mm->total_vm = mm->data_vm = mm->exec_vm = mm->stack_vm = 0;
	mm->pgtables_bytes = 0;
	memset(mm->rss_stat, 0, sizeof(mm->rss_stat));
	mm->hiwater_rss = 0;
	mm->mm_users = 1;
	mm->mm_count = 1;
	spin_lock_init(&mm->page_table_lock);
	mm->pgd = pgd_alloc(mm);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	if (mm->exe_file)
		get_file(mm->exe_file);
	/* Reclaim during the copy must see the child's ptes too (mm/rmap.c). */
	rmap_register_mm(&rm, mm);
	err = dup_mmap(mm, oldmm);
	rmap_unregister_mm(&rm);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* mm_release - tsk lets go of mm (see kernel/fork.h). */
void mm_release(struct task_struct *tsk, struct mm_struct *mm)
{
	struct task_struct *parent;

	if (tsk->clear_child_tid) {
		/* Only another user of mm (a thread, a vfork parent) can see the word. */
		if (mm->mm_users > 1)
			put_user(0, tsk->clear_child_tid);
		tsk->clear_child_tid = NULL;
	}
	parent = READ_ONCE(tsk->vfork_parent);
	if (parent) {
		WRITE_ONCE(tsk->vfork_parent, NULL);
		wake_up(&parent->wait_chldexit);
	}
}

/* ==== copy_process ==== */

#define CLONE_FORK_LIKE	(CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | \
			 CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | \
			 CLONE_DETACHED | CLONE_UNTRACED | CLONE_PTRACE)
/* Flags a kernel thread may pass (as Linux's kernel_thread callers do): it shares nothing anyway. */
#define CLONE_KTHREAD_OK (CLONE_FORK_LIKE | CLONE_FS | CLONE_FILES | CLONE_SIGHAND)

/* Are args something Pagoda can do?  0 or -EINVAL (see kernel/fork.h). */
static int check_clone_args(const struct kernel_clone_args *args)
{
	u64 flags = args->flags;

	if (args->fn)
		return (flags & ~(u64)CLONE_KTHREAD_OK) ? -EINVAL : 0;
	if (flags & ~(u64)CLONE_FORK_LIKE)
		return -EINVAL;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL;		/* a thread: no threads yet */
	if (args->exit_signal < 0 || !valid_signal(args->exit_signal))
		return -EINVAL;
	return 0;
}

/* The fields a child takes from its parent; everything else starts at zero. */
static void dup_task_fields(struct task_struct *p, struct task_struct *parent,
			    const struct kernel_clone_args *args)
{
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	if (args->name)
		strscpy(p->comm, args->name, sizeof(p->comm));
	p->flags = parent->flags & ~(PF_EXITING | PF_IDLE | PF_KTHREAD);
	if (args->fn)
		p->flags |= PF_KTHREAD;
	p->pgid = parent->pgid;
	p->sid = parent->sid;
	p->blocked = parent->blocked;
	if ((args->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
		p->sas_ss_sp = parent->sas_ss_sp;
		p->sas_ss_size = parent->sas_ss_size;
		p->sas_ss_flags = parent->sas_ss_flags;
	}
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->oom_score_adj = parent->oom_score_adj;
	p->exit_signal = args->exit_signal;
	p->start_time_ns = local_clock();
	p->usage = 2;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	init_waitqueue_head(&p->wait_chldexit);
}

/* The child's address space: none (kernel thread), the parent's (vfork), or a copy. */
static int copy_mm(u64 clone_flags, struct task_struct *p, bool kthread)
{
	struct mm_struct *oldmm = current->mm;

	if (kthread || !oldmm)
		return 0;
	if (clone_flags & CLONE_VM) {
		mmget(oldmm);
		p->mm = p->active_mm = oldmm;
		return 0;
	}
	p->mm = dup_mm(p, oldmm);
	if (!p->mm)
		return -ENOMEM;
	p->active_mm = p->mm;
	return 0;
}

/* Files, cwd and signal handlers: copies of the parent's (none it has none). */
static int copy_files_fs_sighand(struct task_struct *p, bool kthread)
{
	if (current->files) {
		p->files = dup_fd(current->files);
		if (!p->files || IS_ERR(p->files)) {
			p->files = NULL;
			return -ENOMEM;
		}
	}
	if (current->fs) {
		p->fs = copy_fs_struct(current->fs);
		if (!p->fs || IS_ERR(p->fs)) {
			p->fs = NULL;
			return -ENOMEM;
		}
	}
	if (kthread)
		return 0;
	p->sighand = current->sighand ? sighand_dup(current->sighand) : sighand_alloc();
	return p->sighand ? 0 : -ENOMEM;
}

/* Undo copy_files_fs_sighand and copy_mm for a child that never ran. */
static void free_copied_state(struct task_struct *p)
{
	if (p->sighand)
		sighand_put(p->sighand);
	if (p->fs)
		exit_fs(p);
	if (p->files)
		exit_files(p);
	if (p->mm)
		mmput(p->mm);
	p->mm = NULL;
}

/*
 * CLONE_CHILD_SETTID: the child's tid in the child's memory.  Linux does
 * it from the child (schedule_tail); the child's memory is complete here,
 * so it is written through the mm (failures are ignored, as in Linux).
 */
static void set_child_tid_in_child(struct task_struct *p, int __user *tidptr)
{
	int tid = p->pid;

	if (p->mm && access_ok(tidptr, sizeof(tid)))
		access_remote_vm(p->mm, (unsigned long)tidptr, &tid, sizeof(tid), FOLL_WRITE);
}

/* Link p under current in the task tree (tasklist_lock held). */
static void link_child(struct task_struct *p)
{
	p->real_parent = p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &init_task.tasks);
}

/* copy_process - build a new task from current (see kernel/fork.h). */
struct task_struct *copy_process(struct kernel_clone_args *args)
{
	bool kthread = args->fn != NULL;
	struct task_struct *p;
	unsigned long flags;
	int err, pid;

	err = check_clone_args(args);
	if (err)
		return ERR_PTR(err);
	p = alloc_task_struct();
	if (!p)
		return ERR_PTR(-ENOMEM);
	err = alloc_thread_stack(p);
	if (err)
		goto bad_free_task;
	dup_task_fields(p, current, args);
	sched_fork(p);
	err = copy_mm(args->flags, p, kthread);
	if (err)
		goto bad_free_state;
	err = copy_files_fs_sighand(p, kthread);
	if (err)
		goto bad_free_state;
	err = copy_thread(p, args->flags, args->stack, args->fn, args->fn_arg);
	if (err)
		goto bad_free_state;
	if (args->flags & CLONE_SETTLS)
		p->thread.fsbase = args->tls;
	pid = alloc_pid();
	if (pid < 0) {
		err = pid;
		goto bad_free_state;
	}
	p->pid = p->tgid = pid;
	if (args->flags & CLONE_CHILD_SETTID) {
		p->set_child_tid = args->child_tid;
		set_child_tid_in_child(p, args->child_tid);
	}
	if (args->flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;

	/*
	 * Copying the mm may have slept in reclaim, and meanwhile the OOM
	 * killer may have chosen us: a parent that is dying must not leave
	 * a fresh child behind holding a copy of everything (Linux's check).
	 */
	spin_lock_irqsave(&tasklist_lock, flags);
	if (fatal_signal_pending(current)) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		free_pid(pid);
		err = -EINTR;
		goto bad_free_state;
	}
	link_child(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;

bad_free_state:
	free_copied_state(p);
	free_thread_stack(p);
bad_free_task:
	free_task_struct(p);
	return ERR_PTR(err);
}

/*
 * kernel_clone - create the task and start it; for vfork, sleep until it
 * has exec'd or exited.  Returns its pid or -errno (see kernel/sched.h).
 * The vfork sleep is uninterruptible (Linux's is killable); the child
 * holds no lock the parent needs, so it always ends.
 */
int kernel_clone(struct kernel_clone_args *args)
{
	struct task_struct *p = copy_process(args);
	int pid;

	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = p->pid;
	if (args->flags & CLONE_PARENT_SETTID)
		put_user(pid, args->parent_tid);
	if (args->flags & CLONE_VFORK) {
		p->vfork_parent = current;
		get_task_struct(p);
	}
	wake_up_new_task(p);
	if (args->flags & CLONE_VFORK) {
		wait_event(current->wait_chldexit, READ_ONCE(p->vfork_parent) == NULL);
		put_task_struct(p);
	}
	return pid;
}

/* ==== system calls ==== */

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VFORK | CLONE_VM,
		.exit_signal = SIGCHLD,
	};

	return kernel_clone(&args);
}

/* clone(2), x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr, unsigned long, tls)
{
	struct kernel_clone_args args = {
		.flags = clone_flags & ~CSIGNAL,
		.exit_signal = clone_flags & CSIGNAL,
		.stack = newsp,
		.parent_tid = parent_tidptr,
		.child_tid = child_tidptr,
		.tls = tls,
	};

	return kernel_clone(&args);
}

/* clone3's argument block (Linux's struct clone_args; size 64 in its first version). */
struct clone_args {
	u64 flags;		/* CLONE_*, without the exit signal */
	u64 pidfd;		/* CLONE_PIDFD: where to store the pidfd */
	u64 child_tid;		/* CLONE_CHILD_SETTID/CLEARTID */
	u64 parent_tid;		/* CLONE_PARENT_SETTID */
	u64 exit_signal;	/* sent to the parent at exit */
	u64 stack;		/* the lowest address of the child's stack ... */
	u64 stack_size;		/* ... and its size (the stack pointer starts at the top) */
	u64 tls;		/* CLONE_SETTLS */
	u64 set_tid;		/* pids to choose (needs pid namespaces: unsupported) */
	u64 set_tid_size;
	u64 cgroup;		/* CLONE_INTO_CGROUP (unsupported) */
};
#define CLONE_ARGS_SIZE_VER0	64

/*
 * The user's clone_args into args (Linux's copy_clone_args_from_user):
 * a size below the first version is -EINVAL, one above a page or with
 * non-zero bytes past what Pagoda knows -E2BIG; flags carrying an exit
 * signal, a stack without a size (or the reverse), set_tid and cgroup are
 * -EINVAL.
 */
static int copy_clone_args_from_user(struct kernel_clone_args *args,
				     const struct clone_args __user *uargs, size_t usize)
{
	struct clone_args ka;

	if (usize < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	memset(&ka, 0, sizeof(ka));
	if (copy_from_user(&ka, uargs, min(usize, sizeof(ka))))
		return -EFAULT;
	for (size_t off = sizeof(ka); off < usize; off++) {
		u8 b;

		if (get_user(b, (const u8 __user *)uargs + off))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if ((ka.flags & CSIGNAL) || ka.exit_signal > CSIGNAL)
		return -EINVAL;
	if (!ka.stack != !ka.stack_size)
		return -EINVAL;
	if (ka.set_tid || ka.set_tid_size || ka.cgroup)
		return -EINVAL;
	*args = (struct kernel_clone_args){
		.flags = ka.flags,
		.exit_signal = (int)ka.exit_signal,
		.stack = ka.stack ? ka.stack + ka.stack_size : 0,
		.stack_size = ka.stack_size,
		.parent_tid = (int __user *)ka.parent_tid,
		.child_tid = (int __user *)ka.child_tid,
		.tls = ka.tls,
	};
	return 0;
}

/*
 * clone3(2): clone with its arguments in a struct (glibc's posix_spawn,
 * system() and popen use it first, then fall back to clone).  The same
 * flags as clone are accepted (check_clone_args).
 */
SYSCALL_DEFINE2(clone3, struct clone_args __user *, uargs, size_t, size)
{
	struct kernel_clone_args args;
	int err = copy_clone_args_from_user(&args, uargs, size);

	if (err)
		return err;
	return kernel_clone(&args);
}
