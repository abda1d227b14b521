/*
 * kernel/sched.h - tasks and the scheduler (kernel/sched/core.c).
 *
 * A task is a thread of execution with its own kernel stack: a kernel
 * thread, or a user process (which also has an mm, files, signal state).
 * Pagoda has no user threads yet, so a process is one task (tgid == pid).
 *
 * Life of a task:
 *   copy_process() (kernel/fork.c)   TASK_NEW -> wake_up_new_task() -> TASK_RUNNING
 *   schedule()                       picks the next TASK_RUNNING task (round robin)
 *   set_current_state(TASK_INTERRUPTIBLE) + schedule()   sleeps until wake_up_process()
 *   do_exit() (kernel/exit.c)        EXIT_ZOMBIE until the parent's wait4() reaps it
 *
 * Locks (order: tasklist_lock, then a runqueue lock, then anything else):
 *   tasklist_lock  the task list, parent/children/sibling links, pids
 *   rq->lock       the run queue (kernel/sched/core.c), irqsave
 *
 * `current` is the running task of this CPU, read through the per-CPU area
 * at GS (arch/x86_64/percpu.h), as Linux does.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "arch/x86_64/percpu.h"
#include "kernel/list.h"
#include "kernel/signal_types.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "kernel/wait.h"

struct mm_struct;
struct files_struct;
struct fs_struct;
struct pt_regs;

#define TASK_COMM_LEN		16
#define PID_MAX			32768
#define THREAD_SIZE		(16 * 1024)	/* kernel stack; a guard page below it */

/* task->__state (Linux's values) */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001	/* sleeping; a signal wakes it */
#define TASK_UNINTERRUPTIBLE	0x0002	/* sleeping; only wake_up_process wakes it */
#define __TASK_STOPPED		0x0004
#define TASK_DEAD		0x0080
#define TASK_NEW		0x0800
/* task->exit_state */
#define EXIT_ZOMBIE		0x0020	/* exited, waiting for its parent's wait4 */
#define EXIT_DEAD		0x0010	/* reaped, being freed */

/* task->flags (Linux's PF_*) */
#define PF_EXITING		0x00000004	/* in do_exit() */
#define PF_KTHREAD		0x00200000	/* a kernel thread: no user mm */
#define PF_IDLE			0x00000002	/* this CPU's idle task */
#define PF_RESTORE_SIGMASK	0x00000400	/* saved_sigmask to restore (Linux's TIF_RESTORE_SIGMASK): kernel/signal.h */

/* Resource limits (Linux's numbering for getrlimit/prlimit64). */
#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIM_NLIMITS		16
#define RLIM_INFINITY		(~0UL)

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

/*
 * The registers switch_to() saves for a task that is not running
 * (arch/x86_64/switch_to.asm): the callee-saved ones live on its kernel
 * stack, so only the stack pointer is kept here, plus what the CPU keeps
 * outside the general registers.
 */
struct thread_struct {
	unsigned long sp;		/* kernel rsp saved by switch_to() */
	unsigned long sp0;		/* top of the kernel stack (TSS.RSP0 while it runs) */
	unsigned long fsbase;		/* user FS base (arch_prctl ARCH_SET_FS: musl's TLS) */
	unsigned long gsbase;		/* user GS base */
	/* The user's x87/SSE state (fxsave format), saved on switch, 16-byte aligned. */
	u8 fxsave[512] __aligned(16);
	/* [entry] The last user fault, for the signal frame's sigcontext (Linux's). */
	unsigned long cr2;		/* its address (#PF) */
	unsigned long trap_nr;		/* its vector */
	unsigned long error_code;	/* its error code */
};

struct task_struct {
	/* ---- scheduling (kernel/sched/core.c) ---- */
	volatile long __state;		/* TASK_* above */
	unsigned int flags;		/* PF_* above */
	struct list_head run_list;	/* link in the run queue while TASK_RUNNING */
	int on_rq;			/* on the run queue */
	int cpu;			/* the CPU it last ran on */
	unsigned int time_slice;	/* ticks left before it is preempted */
	bool need_resched;		/* set by the tick: schedule() before returning to user */
	unsigned long sleep_until;	/* jiffies: schedule_timeout() deadline */
	void *stack;			/* kernel stack base (THREAD_SIZE), guard page below */
	struct thread_struct thread;	/* saved CPU state */

	/* ---- identity and family (kernel/fork.c, kernel/exit.c) ---- */
	int pid;			/* this task's id */
	int tgid;			/* thread group (process) id: == pid for now */
	int pgid;			/* process group (setpgid) */
	int sid;			/* session (setsid) */
	char comm[TASK_COMM_LEN];	/* executable name, for logs and /proc */
	struct task_struct *real_parent;/* who forked it */
	struct task_struct *parent;	/* who gets SIGCHLD and reaps it (init after reparenting) */
	struct list_head children;	/* its children */
	struct list_head sibling;	/* link in the parent's children */
	struct list_head tasks;		/* link in the list of every task (init_task.tasks) */
	int exit_state;			/* EXIT_ZOMBIE / EXIT_DEAD */
	int exit_code;			/* wait status: (code << 8) or signal number */
	int exit_signal;		/* sent to the parent at exit (SIGCHLD) */
	struct wait_queue_head wait_chldexit; /* a wait4 in this task sleeps here */
	struct task_struct *vfork_parent;/* vfork: the parent sleeps until exec or exit */
	int *set_child_tid;		/* set_tid_address / CLONE_CHILD_SETTID */
	int *clear_child_tid;		/* cleared (and futex-woken later) at exit */

	/* ---- memory (mm/) ---- */
	struct mm_struct *mm;		/* user address space; NULL for kernel threads */
	struct mm_struct *active_mm;	/* the page tables in use (a kernel thread borrows) */
	unsigned long min_flt;		/* minor page faults (getrusage) */
	unsigned long maj_flt;		/* major page faults */

	/* ---- files (kernel/fs/) ---- */
	struct files_struct *files;	/* open file descriptors */
	struct fs_struct *fs;		/* cwd, root, umask */

	/* ---- signals (kernel/signal.c) ---- */
	struct sighand_struct *sighand;	/* handlers (shared across CLONE_SIGHAND later) */
	sigset_t blocked;		/* rt_sigprocmask */
	sigset_t saved_sigmask;		/* restored after a handler run from sigsuspend-like calls */
	struct sigpending pending;	/* signals sent and not yet delivered */
	unsigned long sas_ss_sp;	/* sigaltstack */
	size_t sas_ss_size;
	int sas_ss_flags;

	/* ---- accounting and limits (kernel/sys.c) ---- */
	u64 utime_ns;			/* time in user mode */
	u64 stime_ns;			/* time in kernel mode */
	u64 start_time_ns;		/* when it was forked (local_clock) */
	struct rlimit rlim[RLIM_NLIMITS];
	int oom_score_adj;		/* -1000..1000 (the OOM issue) */

	/* ---- [sched] additions ---- */
	int usage;			/* references: get_task_struct/put_task_struct */
	void *worker_private;		/* kernel/kthread.c's struct kthread, or NULL */

	/* ---- [proc] additions: what reaped children used (wait4, getrusage RUSAGE_CHILDREN) ---- */
	u64 cutime_ns;			/* user time of reaped children and their reaped children */
	u64 cstime_ns;			/* kernel time, the same way */
	unsigned long cmin_flt;		/* their minor faults */
	unsigned long cmaj_flt;		/* their major faults */
	unsigned long maxrss;		/* KiB: the largest RSS its mm reached (set at exit_mm) */
	unsigned long cmaxrss;		/* KiB: the largest maxrss among reaped children */
};

/*
 * The user registers of a task that entered the kernel from user mode sit
 * at the very top of its kernel stack (the entry code pushes them there).
 */
#define task_pt_regs(p)	((struct pt_regs *)((p)->thread.sp0) - 1)

/* ---- the running task ---- */
static inline struct task_struct *get_current(void)
{
	return this_cpu_read(current_task);
}
#define current get_current()

#define set_current_state(s)	WRITE_ONCE(current->__state, (s))
#define __set_current_state(s)	WRITE_ONCE(current->__state, (s))
#define task_is_running(t)	(READ_ONCE((t)->__state) == TASK_RUNNING)

extern struct task_struct init_task;	/* pid 0: the boot CPU's idle task ("swapper") */
extern spinlock_t tasklist_lock;
extern unsigned long volatile jiffies;	/* timer ticks since boot */
#define HZ			100		/* timer ticks per second */

#define for_each_process(p) \
	list_for_each_entry(p, &init_task.tasks, tasks)

/* ---- kernel/sched/core.c ---- */
/* sched_init - make the boot flow the idle task of CPU 0 and set up the run queue. */
void sched_init(void);
/* schedule - give the CPU to the next runnable task; returns when this task runs again. */
void schedule(void);
/* wake_up_process - make a sleeping task runnable; returns true if it was asleep. */
bool wake_up_process(struct task_struct *p);
/* wake_up_new_task - put a freshly forked task on the run queue. */
void wake_up_new_task(struct task_struct *p);
/* scheduler_tick - the timer interrupt's hook: time slices, sleepers, accounting. */
void scheduler_tick(void);
/*
 * schedule_timeout - sleep for up to 'timeout' jiffies in the state the
 * caller set; returns the jiffies left (0 if it timed out).
 */
long schedule_timeout(long timeout);
void msleep(unsigned int msecs);
/* cond_resched - schedule if the tick asked for it (voluntary preemption point). */
void cond_resched(void);
/* find_task_by_pid - the task with this pid, or NULL; tasklist_lock held. */
struct task_struct *find_task_by_pid(int pid);

/*
 * [sched] Linux's other scheduler hooks (kernel/sched/core.c).
 * sched_fork - set the scheduler fields of a new task (TASK_NEW, not on a
 * run queue, a full time slice); copy_process() calls it.
 */
void sched_fork(struct task_struct *p);
/* schedule_tail - the first thing a new task runs (ret_from_fork): finish the switch from prev. */
void schedule_tail(struct task_struct *prev);
/* cpu_idle - the idle loop of this CPU's idle task: schedule() or hlt, forever. */
__noreturn void cpu_idle(void);
/* nr_running - runnable tasks on this CPU, not counting the idle task. */
unsigned int nr_running(void);
/* wake_up_state - wake_up_process() only if p sleeps in one of 'state' (e.g. a signal: TASK_INTERRUPTIBLE). */
bool wake_up_state(struct task_struct *p, unsigned int state);
/* account_process_tick - charge one tick to p's utime (user_tick) or stime. */
void account_process_tick(struct task_struct *p, bool user_tick);
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

/*
 * [sched] Task memory (kernel/sched/task_stack.c).  Linux keeps these in
 * kernel/fork.c; here the scheduler owns them so that copy_process() and
 * the final put_task_struct() only call them:
 *   alloc_task_struct - a zeroed task_struct from the "task_struct" cache, or NULL.
 *   free_task_struct  - give it back (also frees a kthread's struct kthread).
 *   alloc_thread_stack - THREAD_SIZE bytes of vmalloc for p->stack (the page
 *                        below is unmapped: an overflow faults); 0 or -ENOMEM.
 *   free_thread_stack  - vfree p->stack; never for the running task's own stack.
 */
struct task_struct *alloc_task_struct(void);
void free_task_struct(struct task_struct *tsk);
int alloc_thread_stack(struct task_struct *p);
void free_thread_stack(struct task_struct *p);

/*
 * [sched] copy_thread - (arch/x86_64/process.c) set up p's kernel stack so
 * that the first switch to it lands in ret_from_fork: a kernel thread
 * (fn != NULL) then runs fn(arg); a user fork (fn == NULL) returns to user
 * mode with the parent's registers, rax = 0, and rsp = sp if sp != 0.
 * Copies the FS/GS bases and the FPU state.  Returns 0.
 */
int copy_thread(struct task_struct *p, unsigned long clone_flags, unsigned long sp,
		int (*fn)(void *), void *arg);

/*
 * ---- [sched] expects from [proc] (kernel/fork.c, kernel/exit.c) ----
 * Reference counting as Linux: copy_process() sets usage = 2, one for the
 * task being alive (dropped by the scheduler in finish_task_switch() after
 * a TASK_DEAD task has switched away for the last time: only then may its
 * stack be freed) and one for its reaper (release_task()).  The last
 * put_task_struct() frees the stack and the task_struct.
 */
static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	__atomic_add_fetch(&t->usage, 1, __ATOMIC_RELAXED);
	return t;
}
void put_task_struct(struct task_struct *t);
/* do_exit - end the current task with exit code 'code'; never returns. */
__noreturn void do_exit(long code);

/* Linux's struct kernel_clone_args, the subset Pagoda uses (kernel_clone()). */
struct kernel_clone_args {
	u64 flags;			/* CLONE_* */
	int *pidfd;			/* unused */
	int *child_tid;			/* CLONE_CHILD_SETTID/CLEARTID */
	int *parent_tid;		/* CLONE_PARENT_SETTID */
	const char *name;		/* a kernel thread's comm */
	int exit_signal;		/* sent to the parent at exit; -1: reaped at once */
	u32 kthread:1;			/* a kernel thread: PF_KTHREAD, no mm */
	unsigned long stack;		/* user stack pointer (0: the parent's) */
	unsigned long stack_size;
	unsigned long tls;		/* CLONE_SETTLS */
	int (*fn)(void *);		/* a kernel thread's function ... */
	void *fn_arg;			/* ... and its argument */
};
/* kernel_clone - create a task as described by args; its pid or -errno. */
int kernel_clone(struct kernel_clone_args *args);

/* ---- kernel/fork.c ---- */
/* alloc_pid - a free pid (the lowest above the last one, wrapping), or -EAGAIN. */
int alloc_pid(void);
/* get_task_comm-style helper: set comm from a path's last component. */
void set_task_comm(struct task_struct *t, const char *name);

#endif /* KERNEL_SCHED_H */
