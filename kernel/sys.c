/*
 * kernel/sys.c - the small system calls about a process and the system:
 * ids, process groups and sessions, uname, sysinfo, resource limits and
 * usage, reboot, getrandom, set_tid_address, arch_prctl, sched_yield
 * (Linux's kernel/sys.c, plus bits of kernel/sched/core.c,
 * drivers/char/random.c and arch/x86/kernel/process_64.c).
 *
 * prctl(2) knows PR_SET_NAME/PR_GET_NAME (the comm: glibc and busybox
 * set it); getgroups(2) says root has no supplementary groups.
 *
 * Identity: Pagoda has one user, root - every uid and gid is 0.  A process
 * is one task, so getpid == gettid == tgid.
 *
 * Process groups and sessions follow Linux's rules (setpgid: only self or
 * a child, in the same session, never a session leader, into an existing
 * group of that session or a new one named after the target; setsid: not
 * for a process-group leader).  No controlling-tty bookkeeping here: the
 * tty (kernel/fs) keeps its foreground group.
 *
 * reboot(2) ends a run (DESIGN.md §6): POWER_OFF powers off with the pass
 * status (QEMU exits 33).  RESTART and RESTART2 do the same - there is
 * nothing to restart into under the test harness.  HALT ends with the fail
 * status (QEMU exits 35): a halted test machine is a failed run, and that
 * is how init reports a failed program (user/init.c).  Before powering
 * off it prints the end of the leak check ("reboot: memory: ...", see
 * report_memory_at_reboot).
 *
 * Locks: tasklist_lock (irqsave) while looking tasks up or walking them.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable_types.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/exit.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched/loadavg.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/version.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/swap.h"
#include "mm/vmstat.h"

/* ==== ids ==== */

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	return current->real_parent ? current->real_parent->tgid : 0;
}

SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

/*
 * getgroups(2): the supplementary groups.  Root is in none on Pagoda, so
 * the list is empty: 0 for any size >= 0 (nothing is written), -EINVAL for
 * a negative one, as Linux.
 */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, u32 __user *, grouplist)
{
	return gidsetsize < 0 ? -EINVAL : 0;
}

/* ==== prctl ==== */

#define PR_SET_NAME	15
#define PR_GET_NAME	16

/*
 * prctl(2): PR_SET_NAME (current's comm, at most 15 bytes kept, copied
 * verbatim - a '/' is just a byte here) and PR_GET_NAME (16 bytes out,
 * NUL-terminated), which glibc and busybox use; every other option is
 * -EINVAL, Linux's answer for an option it does not know.
 */
SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	char comm[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		memset(comm, 0, sizeof(comm));
		if (strncpy_from_user(comm, (const char __user *)arg2, sizeof(comm) - 1) < 0)
			return -EFAULT;
		memcpy(current->comm, comm, sizeof(comm));
		return 0;
	case PR_GET_NAME:
		memcpy(comm, current->comm, sizeof(comm));
		comm[sizeof(comm) - 1] = '\0';
		return copy_to_user((char __user *)arg2, comm, sizeof(comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* ==== process groups and sessions ==== */

/* The task pid names (0: current), tasklist_lock held; NULL if none. */
static struct task_struct *find_task_or_current(int pid)
{
	if (pid == 0)
		return current;
	if (pid < 0)
		return NULL;
	return find_task_by_pid(pid);
}

/* Does a process group pgid exist in session sid?  tasklist_lock held. */
static bool pgrp_in_session(int pgid, int sid)
{
	struct task_struct *p;

	for_each_process(p)
		if (p->pgid == pgid && p->sid == sid && !p->exit_state)
			return true;
	return false;
}

/* The process group (want_sid false) or session of task pid (0: current), or -ESRCH. */
static long get_task_group(int pid, bool want_sid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_or_current(pid);
	if (p)
		ret = want_sid ? p->sid : p->pgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return get_task_group(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return get_task_group(pid, true);
}

/* setpgid's checks on target p for group pgid (Linux's order of errors); tasklist_lock held. */
static int setpgid_check(struct task_struct *p, int pgid)
{
	if (p != current && p->real_parent != current)
		return -ESRCH;
	if (p->sid != current->sid)
		return -EPERM;
	if (p->sid == p->pid)
		return -EPERM;		/* a session leader stays in its group */
	if (pgid != p->pid && !pgrp_in_session(pgid, current->sid))
		return -EPERM;
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task_struct *p;
	unsigned long flags;
	int err = -ESRCH;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_or_current(pid);
	if (p && !p->exit_state) {
		if (!pgid)
			pgid = p->pid;
		err = setpgid_check(p, pgid);
		if (!err)
			p->pgid = pgid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *p, *me = current;
	unsigned long flags;
	long ret = me->pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (p->pgid == me->pid && !p->exit_state)
			ret = -EPERM;	/* a group named after us exists: we lead one */
	if (ret > 0)
		me->sid = me->pgid = me->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* ==== uname, sysinfo ==== */

#define __NEW_UTS_LEN 64

struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, "Pagoda", sizeof(u.sysname));
	strscpy(u.nodename, "pagoda", sizeof(u.nodename));
	strscpy(u.release, PAGODA_VERSION, sizeof(u.release));
	strscpy(u.version, "#1", sizeof(u.version));
	strscpy(u.machine, "x86_64", sizeof(u.machine));
	strscpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/* Linux's struct sysinfo on x86-64 (112 bytes). */
struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 minute load averages (<< 16) */
	unsigned long totalram;		/* in mem_unit */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	u16 procs;			/* tasks */
	u16 pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	u32 mem_unit;			/* bytes per unit: 1 */
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

/* nr_tasks - how many tasks exist (idle task not counted). */
static unsigned int nr_tasks(void)
{
	struct task_struct *p;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/*
 * sysinfo(2), Linux's do_sysinfo: the true totals, in bytes (mem_unit 1,
 * as a 64-bit Linux reports them when nothing overflows).  totalram is
 * every page the buddy allocator manages (totalram_pages), freeram what
 * it has free now (pages parked on the per-CPU lists count as in use, as
 * in Linux's NR_FREE_PAGES); totalswap/freeswap the swap space
 * (total_swap_pages, mm/util.c: none until the swap issue); no buffer
 * cache and no high memory.
 */
SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo s;
	u64 ns = local_clock();

	memset(&s, 0, sizeof(s));
	s.uptime = ns / 1000000000ULL + (ns % 1000000000ULL ? 1 : 0);
	s.totalram = totalram_pages * PAGE_SIZE;
	s.freeram = nr_free_pages() * PAGE_SIZE;
	s.totalswap = total_swap_pages * PAGE_SIZE;
	s.freeswap = get_nr_swap_pages() * PAGE_SIZE;
	s.procs = min(nr_tasks(), 65535U);
	get_avenrun(s.loads, 0, 16 - FSHIFT);	/* SI_LOAD_SHIFT: kernel/sched/loadavg.c */
	s.mem_unit = 1;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* ==== resource limits and usage ==== */

#define NR_OPEN_MAX	1048576		/* Linux's sysctl_nr_open */

struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

/*
 * do_prlimit - read (old) and/or set (new) resource of task p.  Everybody
 * is root here, so raising a hard limit is allowed (CAP_SYS_RESOURCE),
 * except RLIMIT_NOFILE past nr_open.  0, -EINVAL, -EPERM.
 */
static int do_prlimit(struct task_struct *p, unsigned int resource, const struct rlimit *new,
		      struct rlimit *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
			return -EPERM;
	}
	if (old)
		*old = p->rlim[resource];
	if (new)
		p->rlim[resource] = *new;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit value;
	int err = do_prlimit(current, resource, NULL, &value);

	if (!err && copy_to_user(rlim, &value, sizeof(value)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit value;

	if (copy_from_user(&value, rlim, sizeof(value)))
		return -EFAULT;
	return do_prlimit(current, resource, &value, NULL);
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim, struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 n64, o64;
	struct rlimit n, o;
	struct task_struct *p;
	unsigned long flags;
	int err = -ESRCH;

	if (new_rlim) {
		if (copy_from_user(&n64, new_rlim, sizeof(n64)))
			return -EFAULT;
		n.rlim_cur = n64.rlim_cur;
		n.rlim_max = n64.rlim_max;
	}
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_or_current(pid);
	if (p)
		err = do_prlimit(p, resource, new_rlim ? &n : NULL, old_rlim ? &o : NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (err || !old_rlim)
		return err;
	o64.rlim_cur = o.rlim_cur;
	o64.rlim_max = o.rlim_max;
	return copy_to_user(old_rlim, &o64, sizeof(o64)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(getrusage, int, who, struct rusage __user *, ru)
{
	struct rusage r;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	getrusage(current, who, &r);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

/* ==== reboot ==== */

#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793
#define LINUX_REBOOT_MAGIC2A		85072278
#define LINUX_REBOOT_MAGIC2B		369367448
#define LINUX_REBOOT_MAGIC2C		537993216
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2	0xA1B2C3D4

/*
 * The end of the leak check that kernel/init.c began ("init: memory
 * baseline"): the same figures now, and what the caller (init, normally)
 * still holds - its anonymous and shmem pages (init_rss; its file pages
 * are the RAM file system's own) and its page tables (init_pgtables, not
 * counting the pgd).  Every other page user space used must be back:
 * tests/test_vm.py checks it.  pgfault and pgreuse (mm/vmstat.h) tell how
 * many faults the run took and how many write faults reused a page.
 * The swap figures (tests/test_swap.py's check): slots of the areas that
 * are on and free ones, init's swap entries, swap-cache pages, and the
 * pages read from and written to swap since boot.
 */
static void report_memory_at_reboot(void)
{
	struct mm_struct *mm = current->mm;
	struct ktest_mem_snapshot snap;
	unsigned long rss = 0, pgtables = 0;

	ktest_mem_snapshot(&snap);
	if (mm) {
		rss = get_mm_counter(mm, MM_ANONPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
		pgtables = mm->pgtables_bytes >> PAGE_SHIFT;
	}
	pr_info("reboot: memory: free=%lu slab=%lu pgtables=%lu init_rss=%lu init_pgtables=%lu vmalloc=%lu pgfault=%lu pgreuse=%lu swap_total=%lu swap_free=%ld init_swapents=%lu swapcache=%lu pswpin=%lu pswpout=%lu\n",
		snap.free_pages, snap.slab_pages, global_node_page_state(NR_PAGETABLE), rss,
		pgtables, snap.vmalloc_tables, vm_event_count(PGFAULT), vm_event_count(PGREUSE),
		total_swap_pages, get_nr_swap_pages(), mm ? get_mm_counter(mm, MM_SWAPENTS) : 0,
		global_node_page_state(NR_SWAPCACHE), vm_event_count(PSWPIN), vm_event_count(PSWPOUT));
}

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	if (cmd == LINUX_REBOOT_CMD_POWER_OFF || cmd == LINUX_REBOOT_CMD_RESTART ||
	    cmd == LINUX_REBOOT_CMD_RESTART2 || cmd == LINUX_REBOOT_CMD_HALT)
		report_memory_at_reboot();
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_emerg("reboot: Power down\n");
		machine_power_off(QEMU_EXIT_PASS);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_emerg("reboot: Restarting system (Pagoda powers off instead)\n");
		machine_power_off(QEMU_EXIT_PASS);
	case LINUX_REBOOT_CMD_HALT:
		pr_emerg("reboot: System halted\n");
		machine_power_off(QEMU_EXIT_FAIL);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

/* ==== random bytes ==== */

static bool rdrand_checked, has_rdrand;
static u64 xorshift_state;

static bool cpu_has_rdrand(void)
{
	u32 a, b, c, d;

	if (!rdrand_checked) {
		cpuid(1, &a, &b, &c, &d);
		has_rdrand = c & (1U << 30);
		rdrand_checked = true;
	}
	return has_rdrand;
}

/* One RDRAND value; false if the CPU gave none in 10 tries (Linux's RDRAND_RETRY_LOOPS). */
static bool rdrand_long(u64 *v)
{
	for (int i = 0; i < 10; i++) {
		bool ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
		if (ok)
			return true;
	}
	return false;
}

/* The fallback: xorshift64* stirred with the TSC (not cryptographic; see random.h). */
static u64 xorshift_next(void)
{
	u64 x = xorshift_state ^ rdtsc();

	if (!x)
		x = 0x9e3779b97f4a7c15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	xorshift_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static DEFINE_SPINLOCK(random_lock);

/* get_random_bytes - see random.h. */
void get_random_bytes(void *buf, size_t len)
{
	u8 *out = buf;
	unsigned long flags;

	spin_lock_irqsave(&random_lock, flags);
	while (len) {
		u64 v;
		size_t n = min(len, sizeof(v));

		if (!cpu_has_rdrand() || !rdrand_long(&v))
			v = xorshift_next();
		memcpy(out, &v, n);
		out += n;
		len -= n;
	}
	spin_unlock_irqrestore(&random_lock, flags);
}

/* getrandom(2): the pool is always ready, so GRND_NONBLOCK never matters. */
SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, len, unsigned int, flags)
{
	u8 chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	len = min(len, (size_t)0x7ffff000);	/* MAX_RW_COUNT */
	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (done < len && signal_pending_current())
			return done;
		cond_resched();
	}
	memset(chunk, 0, sizeof(chunk));
	return done;
}

/* ==== threads' odds and ends ==== */

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

/*
 * arch_prctl(2): the user FS and GS bases (musl keeps its thread pointer in
 * FS).  Invariant kept with arch/x86_64/process.c: MSR_FS_BASE ==
 * current->thread.fsbase; the user GS base sits in MSR_KERNEL_GS_BASE while
 * the kernel runs (swapgs).  Addresses must be user addresses (-EPERM).
 */
SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct thread_struct *t = &current->thread;

	switch (option) {
	case ARCH_SET_FS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->fsbase = arg2;
		wrmsr(MSR_FS_BASE, arg2);
		return 0;
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->gsbase = arg2;
		wrmsr(MSR_KERNEL_GS_BASE, arg2);
		return 0;
	case ARCH_GET_FS:
		return put_user(t->fsbase, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(t->gsbase, (unsigned long __user *)arg2);
	default:
		return -EINVAL;
	}
}

/* sched_yield(2): to the back of the run queue (schedule() requeues a running task). */
SYSCALL_DEFINE0(sched_yield)
{
	schedule();
	return 0;
}
