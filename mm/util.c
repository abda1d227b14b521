/*
 * mm/util.c - the bookkeeping of virtual memory: how much may be mapped
 * (overcommit) and how much each address space has mapped (Linux keeps
 * __vm_enough_memory in mm/util.c and the rest in mm/mmap.c).
 *
 * Overcommit.  A private writable mapping may one day need a page for
 * every one of its pages (each written, or copied on write after fork),
 * and swap is the only other place they could go.  Linux charges such
 * mappings (VM_ACCOUNT: private, writable, not MAP_NORESERVE) to
 * vm_committed_as when they are made and gives the charge back when they
 * go, and then applies a policy, /proc/sys/vm/overcommit_memory (Linux's
 * three).  The default, 0 ("heuristic"): a single request for more pages
 * than RAM + swap is obviously impossible and fails with -ENOMEM; anything
 * smaller is allowed - committed memory may exceed RAM, and if too much
 * is touched the OOM killer settles it.  So on a 64 MiB machine without
 * swap a private writable 1 GiB mapping fails, while sixteen 60 MiB
 * mappings do not - nor does the 1 GiB one with MAP_NORESERVE (not
 * charged, never checked), exactly as on Linux.  1 ("always") never
 * refuses.  2 ("never overcommit") refuses a charge that would take
 * vm_committed_as past CommitLimit = overcommit_ratio% (default 50) of RAM
 * + all of swap (vm_commit_limit; /proc/meminfo shows both).
 *
 * Per-mm counters (struct mm_struct): total_vm (every VMA's pages),
 * data_vm (private writable, not stack), exec_vm (executable, not
 * writable), stack_vm (VM_GROWSDOWN), locked_vm (VM_LOCKED, mm/mlock.c).
 * They count address space, not memory: RSS is rss_stat (mm/memory.c).
 * Invariant: each equals the sum over the mm's VMAs (mm/mmap_test.c
 * checks it), and vm_committed_as the sum of the pages of every VM_ACCOUNT
 * VMA of every mm.
 *
 * Locking: one CPU, no preemption inside these updates (see mm/mmap.h);
 * vm_committed_as is updated atomically anyway, as Linux's percpu counter.
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "mm/mm.h"
#include "mm/mmap.h"

long vm_committed_as;
unsigned long total_swap_pages;
int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;

/* vm_commit_limit - see mmap.h: overcommit_ratio% of RAM, plus all of swap. */
unsigned long vm_commit_limit(void)
{
	return totalram_pages * READ_ONCE(sysctl_overcommit_ratio) / 100 + total_swap_pages;
}

/*
 * __vm_enough_memory - the overcommit check for the policy in
 * sysctl_overcommit_memory, then charge (see mmap.h):
 *   OVERCOMMIT_GUESS   refuse only a single request larger than RAM + swap
 *   OVERCOMMIT_ALWAYS  never refuse
 *   OVERCOMMIT_NEVER   refuse once the charged total would pass CommitLimit
 */
int __vm_enough_memory(struct mm_struct *mm, long pages)
{
	int policy = READ_ONCE(sysctl_overcommit_memory);

	(void)mm;
	if (policy == OVERCOMMIT_GUESS && pages > 0 &&
	    (unsigned long)pages > totalram_pages + total_swap_pages)
		return -ENOMEM;
	if (policy == OVERCOMMIT_NEVER && pages > 0 &&
	    READ_ONCE(vm_committed_as) + pages > (long)vm_commit_limit())
		return -ENOMEM;
	vm_acct_memory(pages);
	return 0;
}

/* vm_acct_memory - charge pages without the check (see mmap.h). */
void vm_acct_memory(long pages)
{
	__atomic_add_fetch(&vm_committed_as, pages, __ATOMIC_RELAXED);
}

/* vm_unacct_memory - give back a charge (see mmap.h). */
void vm_unacct_memory(long pages)
{
	__atomic_sub_fetch(&vm_committed_as, pages, __ATOMIC_RELAXED);
}

/* Private writable, not a stack: what RLIMIT_DATA limits (Linux's is_data_mapping). */
static bool is_data_mapping(vm_flags_t flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}

/* vm_stat_account - count npages of a mapping with flags in mm's totals (see mmap.h). */
void vm_stat_account(struct mm_struct *mm, vm_flags_t flags, long npages)
{
	mm->total_vm += npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += npages;
	else if (flags & VM_STACK)
		mm->stack_vm += npages;
	else if (is_data_mapping(flags))
		mm->data_vm += npages;
}

/* A resource limit of the current task, in pages (everything if there is no task). */
static unsigned long rlimit_pages(int resource)
{
	unsigned long lim;

	if (!current)
		return ~0UL;
	lim = current->rlim[resource].rlim_cur;
	return lim == RLIM_INFINITY ? ~0UL : lim >> PAGE_SHIFT;
}

/* may_expand_vm - RLIMIT_AS and RLIMIT_DATA (see mmap.h). */
bool may_expand_vm(struct mm_struct *mm, vm_flags_t flags, unsigned long npages)
{
	if (mm->total_vm + npages > rlimit_pages(RLIMIT_AS))
		return false;
	if (is_data_mapping(flags) && mm->data_vm + npages > rlimit_pages(RLIMIT_DATA))
		return false;
	return true;
}
