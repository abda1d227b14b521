/*
 * kernel/fork.h - creating processes and threads (kernel/fork.c; Linux's
 * include/uapi/linux/sched.h for the CLONE_* flags, include/linux/sched/task.h
 * for the rest).  struct kernel_clone_args, kernel_clone(),
 * get_task_struct()/put_task_struct() and alloc_pid() are declared in
 * kernel/sched.h, next to the task_struct they work on.
 *
 * What Pagoda's clone supports (the processes issue):
 *   fork                  a copy of the caller: its memory (eagerly copied;
 *                         copy-on-write in the VM issue), open files (shared
 *                         offsets), cwd, signal handlers (pending signals
 *                         cleared), rlimits
 *   vfork                 CLONE_VM | CLONE_VFORK: the child borrows the
 *                         parent's memory and the parent sleeps until the
 *                         child execs or exits (mm_release wakes it)
 *   clone                 fork-like flags only: an exit signal, CLONE_VFORK
 *                         with CLONE_VM, CLONE_SETTLS, CLONE_PARENT_SETTID,
 *                         CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID.  Threads
 *                         (CLONE_THREAD, CLONE_SIGHAND, CLONE_VM without
 *                         CLONE_VFORK) and shared files/fs/namespaces are
 *                         -EINVAL until Pagoda has threads.
 *   kernel threads        kernel_clone() with args->fn (kernel/kthread.c's
 *                         kernel_thread()): no mm, no signal handlers.
 */
#ifndef KERNEL_FORK_H
#define KERNEL_FORK_H

#include "kernel/sched.h"
#include "kernel/types.h"

/* clone flags (Linux's values) */
#define CSIGNAL			0x000000ff	/* the exit signal in the low byte */
#define CLONE_VM		0x00000100	/* share the address space */
#define CLONE_FS		0x00000200	/* share cwd/root/umask */
#define CLONE_FILES		0x00000400	/* share the fd table */
#define CLONE_SIGHAND		0x00000800	/* share signal handlers */
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000	/* the parent sleeps until exec/exit */
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000	/* FS base := tls */
#define CLONE_PARENT_SETTID	0x00100000	/* store the child's tid in the parent */
#define CLONE_CHILD_CLEARTID	0x00200000	/* clear it in the child at exit */
#define CLONE_DETACHED		0x00400000	/* ignored, as by Linux */
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000	/* store the child's tid in the child */
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000

struct mm_struct;

/*
 * copy_process - a new task as args describe, copied from current; not yet
 * runnable (TASK_NEW: kernel_clone() wakes it).  ERR_PTR(-EINVAL) for
 * unsupported flags, -ENOMEM, -EAGAIN (no pid).
 */
struct task_struct *copy_process(struct kernel_clone_args *args);
/* free_pid - give back a pid from alloc_pid(). */
void free_pid(int pid);
/*
 * mm_release - tsk stops using mm (exit or exec): CLONE_CHILD_CLEARTID's
 * word is cleared, a vfork parent is woken.  tsk == current.
 */
void mm_release(struct task_struct *tsk, struct mm_struct *mm);

#endif /* KERNEL_FORK_H */
