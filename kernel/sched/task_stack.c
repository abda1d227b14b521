/*
 * kernel/sched/task_stack.c - memory for tasks: the task_struct cache and
 * kernel stacks (Linux keeps these in kernel/fork.c).
 *
 * Kernel stacks are THREAD_SIZE (16 KiB) of vmalloc, Linux's VMAP_STACK:
 * the pages need not be physically contiguous, and the page just below a
 * stack is never mapped - it is either the guard page that follows the
 * vmalloc area below (mm/vmalloc.c puts one after every area) or the hole
 * below VMALLOC_START.  A stack overflow therefore page-faults on that
 * page instead of silently overwriting whatever lies below.  The fault
 * cannot be handled on the overflowing stack itself (the CPU has nowhere to
 * push the #PF frame), so it becomes a double fault, which runs on its own
 * IST stack and reports "stack guard page" (arch/x86_64/traps.c,
 * arch/x86_64/dumpstack.c).
 *
 * task_structs come from their own SLUB cache "task_struct", 64-byte
 * aligned (thread.fxsave needs 16).  Neither is freed while the task can
 * still run: the scheduler drops a dead task's self-reference only after
 * it has switched away for the last time (kernel/sched/core.c).
 */
#include "kernel/errno.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/sched/sched.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

static struct kmem_cache *task_struct_cachep;

/* task_cache_init - create the "task_struct" cache; from sched_init(). */
void task_cache_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct),
					       64, SLAB_PANIC, NULL);
}

/* alloc_task_struct - a zeroed task_struct, or NULL. */
struct task_struct *alloc_task_struct(void)
{
	return kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
}

/* free_task_struct - give tsk back, with its struct kthread if it is a kthread. */
void free_task_struct(struct task_struct *tsk)
{
	free_kthread_struct(tsk);
	kmem_cache_free(task_struct_cachep, tsk);
}

/* alloc_thread_stack - p->stack := THREAD_SIZE bytes of vmalloc; 0 or -ENOMEM. */
int alloc_thread_stack(struct task_struct *p)
{
	p->stack = vmalloc(THREAD_SIZE);
	if (!p->stack)
		return -ENOMEM;
	p->thread.sp0 = (unsigned long)p->stack + THREAD_SIZE;
	return 0;
}

/* free_thread_stack - vfree p's stack (never the running task's). */
void free_thread_stack(struct task_struct *p)
{
	BUG_ON(p == current);
	vfree(p->stack);
	p->stack = NULL;
}
