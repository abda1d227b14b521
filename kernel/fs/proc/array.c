/*
 * kernel/fs/proc/array.c - /proc/<pid>/status and /proc/<pid>/stat
 * (Linux's fs/proc/array.c: task_state, task_sig, do_task_stat).
 *
 * status is for people: "Field:\tvalue" lines in Linux's order; the memory
 * lines (VmPeak ... VmSwap) come from task_mem (task_mmu.c).
 * stat is for programs (ps, top): one line of 52 space-separated fields,
 * proc(5)'s list, the command name in parentheses.  Times are in clock
 * ticks of USER_HZ (100 per second), as Linux exports them whatever its
 * internal HZ.
 *
 * Pagoda has no users, capabilities, namespaces, threads or scheduling
 * classes: the fields for them carry what Linux shows for a root process
 * with one thread in the initial namespaces under SCHED_OTHER at nice 0.
 * The fields Pagoda does not track (controlling tty, context switches,
 * wait channel) are 0 (tpgid -1), as Linux shows for a process it does not
 * let you inspect.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "kernel/signal_types.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"

#define USER_HZ		100
#define RLIMIT_SIGPENDING	11	/* Linux's number (kernel/sched.h stops at MEMLOCK, AS) */
#define NSEC_PER_USER_TICK	(1000000000ULL / USER_HZ)
/* Linux's CAP_FULL_SET for 41 capabilities (status: CapPrm, CapEff, CapBnd). */
#define CAP_FULL_SET	0x000001ffffffffffULL

/* nsec_to_clock_t - nanoseconds to USER_HZ ticks. */
static u64 nsec_to_clock_t(u64 ns)
{
	return ns / NSEC_PER_USER_TICK;
}

/* Linux's task_state_array: the letter and the word. */
static const char *get_task_state(struct task_struct *task)
{
	long state = READ_ONCE(task->__state);

	if (task->exit_state == EXIT_ZOMBIE)
		return "Z (zombie)";
	if (task->exit_state == EXIT_DEAD || (state & TASK_DEAD))
		return "X (dead)";
	if (state & __TASK_STOPPED)
		return "T (stopped)";
	if (state & TASK_UNINTERRUPTIBLE)
		return "D (disk sleep)";
	if (state & TASK_INTERRUPTIBLE)
		return "S (sleeping)";
	return "R (running)";
}

/* The tgid of task's parent as /proc shows it (0 for pid 1 and the kernel's own). */
static int task_ppid(struct task_struct *task)
{
	struct task_struct *parent = task->real_parent;

	return (parent && parent != task && task->pid > 0) ? parent->tgid : 0;
}

/* Ignored and caught signals, from the handler table (Linux's collect_sigign_sigcatch). */
static void collect_sigign_sigcatch(struct task_struct *task, u64 *ign, u64 *catch)
{
	*ign = *catch = 0;
	if (!task->sighand)
		return;
	for (int sig = 1; sig <= _NSIG; sig++) {
		void *handler = task->sighand->action[sig - 1].sa.sa_handler;

		if (handler == SIG_IGN)
			*ign |= 1ULL << (sig - 1);
		else if (handler != SIG_DFL)
			*catch |= 1ULL << (sig - 1);
	}
}

/* The identity part of status, up to the namespace lines. */
static void task_state(struct seq_file *m, struct task_struct *task)
{
	int umask = task->fs ? task->fs->umask : 0022;
	int fdsize = task->files ? (int)task->files->max_fds : 0;

	seq_printf(m, "Name:\t%.*s\n", TASK_COMM_LEN, task->comm);
	if (task->fs)
		seq_printf(m, "Umask:\t%04o\n", umask);
	seq_printf(m, "State:\t%s\n", get_task_state(task));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   task->tgid, task->pid, task_ppid(task));
	seq_puts(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	seq_printf(m, "FDSize:\t%d\nGroups:\t \n", fdsize);
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   task->tgid, task->pid, task->pgid, task->sid);
	seq_printf(m, "Kthread:\t%d\n", (task->flags & PF_KTHREAD) ? 1 : 0);
}

/* Threads, signals, capabilities: the part of status after the memory lines. */
static void task_sig_and_caps(struct seq_file *m, struct task_struct *task)
{
	u64 ign, catch;

	collect_sigign_sigcatch(task, &ign, &catch);
	seq_printf(m, "Threads:\t1\nSigQ:\t0/%lu\n", task->rlim[RLIMIT_SIGPENDING].rlim_cur);
	seq_printf(m, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", task->pending.signal.sig[0], 0UL);
	seq_printf(m, "SigBlk:\t%016lx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		   task->blocked.sig[0], ign, catch);
	seq_printf(m, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n", 0ULL,
		   CAP_FULL_SET, CAP_FULL_SET);
	seq_printf(m, "CapBnd:\t%016llx\nCapAmb:\t%016llx\n", CAP_FULL_SET, 0ULL);
	seq_puts(m, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_puts(m, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
	seq_puts(m, "Mems_allowed:\t00000001\nMems_allowed_list:\t0\n");
}

/* proc_pid_status - see internal.h: /proc/<pid>/status. */
int proc_pid_status(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	task_state(m, task);
	if (mm) {
		task_mem(m, mm);
		seq_puts(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
		mmput(mm);
	}
	task_sig_and_caps(m, task);
	return 0;
}

/* The memory part of stat: vsize, rss, and the addresses of the layout. */
static void stat_mm_fields(struct seq_file *m, struct mm_struct *mm)
{
	seq_printf(m, " %lu %lu", mm ? mm->total_vm << PAGE_SHIFT : 0, mm ? get_mm_rss(mm) : 0);
	seq_printf(m, " %lu", RLIM_INFINITY);	/* rsslim: RLIMIT_RSS is never set */
	seq_printf(m, " %lu %lu %lu 0 0", mm ? mm->start_code : 0, mm ? mm->end_code : 0,
		   mm ? mm->start_stack : 0);
}

/* proc_tgid_stat - see internal.h: /proc/<pid>/stat, Linux's do_task_stat. */
int proc_tgid_stat(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	const char *state = get_task_state(task);
	u64 ign, catch;

	collect_sigign_sigcatch(task, &ign, &catch);
	seq_printf(m, "%d (%.*s) %c %d %d %d 0 -1 %u", task->pid, TASK_COMM_LEN, task->comm,
		   state[0], task_ppid(task), task->pgid, task->sid, task->flags);
	seq_printf(m, " %lu %lu %lu %lu", task->min_flt, task->cmin_flt, task->maj_flt,
		   task->cmaj_flt);
	seq_printf(m, " %llu %llu %llu %llu", nsec_to_clock_t(task->utime_ns),
		   nsec_to_clock_t(task->stime_ns), nsec_to_clock_t(task->cutime_ns),
		   nsec_to_clock_t(task->cstime_ns));
	/* priority (20 + nice), nice, threads, itrealvalue, start time */
	seq_printf(m, " 20 0 1 0 %llu", nsec_to_clock_t(task->start_time_ns));
	stat_mm_fields(m, mm);
	seq_printf(m, " %lu %lu %llu %llu", task->pending.signal.sig[0] & 0x7fffffffUL,
		   task->blocked.sig[0] & 0x7fffffffUL, ign & 0x7fffffffULL, catch & 0x7fffffffULL);
	/* wchan, nswap, cnswap, exit_signal, processor, rt_priority, policy, blkio, guest times */
	seq_printf(m, " 0 0 0 %d %d 0 0 0 0 0", task->exit_signal, task->cpu);
	if (mm)
		seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data, mm->end_data,
			   mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	else
		seq_puts(m, " 0 0 0 0 0 0 0");
	seq_printf(m, " %d\n", task->exit_state ? task->exit_code : 0);
	if (mm)
		mmput(mm);
	return 0;
}
