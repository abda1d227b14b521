/*
 * mm/mmap.h - address spaces and their VMAs: the public API of mm/mmap.c
 * (VMAs, mmap/munmap/brk) and of the mm_struct life cycle in kernel/fork.c
 * (Linux spreads this over include/linux/mm.h, mman.h and sched/mm.h).
 *
 * The types are in mm/mm_types.h; the page tables under a VMA are
 * mm/memory.h's business.
 *
 * Where Linux works on current->mm implicitly, the __-prefixed functions
 * here take the mm: execve builds a whole new address space before the
 * point of no return (kernel/exec.c), while current still runs on the old
 * one.  The unprefixed Linux names work on current->mm.
 *
 * Locking: one CPU and no kernel preemption today, and an mm is only ever
 * changed by a task using it (or by exec/fork/tests on an mm nobody runs
 * yet); a vfork parent sleeps while its child uses the shared mm.  So there
 * is no mmap_lock yet - the SMP issue adds Linux's (an rwsem).
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include "arch/x86_64/pgtable_types.h"
#include "mm/mm_types.h"

struct task_struct;

/* ---- the user address-space layout (DESIGN.md §2; Linux's values) ---- */
#define TASK_SIZE		TASK_SIZE_MAX		/* 0x00007ffffffff000 */
#define STACK_TOP		TASK_SIZE		/* the stack ends right below */
#define STACK_TOP_MAX		TASK_SIZE
/* mmap never hands out (and MAP_FIXED refuses) addresses below this (Debian's vm.mmap_min_addr). */
#define mmap_min_addr		65536UL
/* The stack gap below STACK_TOP that mmap_base keeps free: RLIMIT_STACK clamped to these. */
#define MIN_GAP			(128UL << 20)
#define MAX_GAP			(TASK_SIZE / 6 * 5)
/* Default RLIMIT_STACK (8 MiB) and the stack execve maps beyond the arguments (Linux: 128 KiB). */
#define _STK_LIM		(8UL << 20)
#define STACK_INIT_SIZE		(128UL << 10)

/* ---- mmap(2) arguments (Linux's uapi values) ---- */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_32BIT		0x40
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000

/* ---- the life cycle of an mm (kernel/fork.c, as in Linux) ---- */
/* mm_alloc - a new empty address space (pgd with the kernel half, no VMA), mm_users 1; NULL if out of memory. */
struct mm_struct *mm_alloc(void);
/* mmget - one more user (CLONE_VM/vfork). */
static inline void mmget(struct mm_struct *mm) { __atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED); }
/* mmgrab - one more reference to the struct alone (it stays allocated, its mappings may go). */
static inline void mmgrab(struct mm_struct *mm) { __atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED); }
/* mmput - drop a user; the last one unmaps everything (exit_mmap) and drops the users' mmgrab. */
void mmput(struct mm_struct *mm);
/* mmdrop - drop a struct reference; the last one frees the pgd and the struct. */
void mmdrop(struct mm_struct *mm);
/* dup_mm - the address space fork gives the child: a copy of oldmm (dup_mmap). NULL if out of memory. */
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm);

/* ---- mm/mmap.c ---- */
/*
 * init_mm - the kernel's address space: init_top_pgt and no VMAs (Linux's
 * name).  Pagoda's scheduler writes it as NULL (switch_mm(prev, NULL)
 * loads init_top_pgt) and lets kernel threads borrow the last user mm.
 */
extern struct mm_struct init_mm;

/* vm_area_alloc - a zeroed VMA of mm (not inserted yet); NULL if out of memory. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* vm_area_dup - a copy of orig (a new reference to its file), not linked anywhere. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
/* vm_area_free - free a VMA that is not linked (drops its file reference). */
void vm_area_free(struct vm_area_struct *vma);
/*
 * insert_vm_struct - link vma into mm's sorted list and count it in total_vm;
 * -ENOMEM if it overlaps an existing VMA (nothing changed then).  The range
 * is not populated: callers do that (mmap_region).
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/* find_vma - the first VMA with vm_end > addr (it may start above addr), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* find_vma_intersection - the first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
/* vm_get_page_prot - the pte protection bits for vm_flags (Linux's protection_map). */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);
/* calc_vm_prot_bits / calc_vm_flag_bits - mmap's prot and flags as VM_* flags. */
vm_flags_t calc_vm_prot_bits(unsigned long prot);
vm_flags_t calc_vm_flag_bits(unsigned long flags);

/*
 * arch_pick_mmap_layout - set mm->mmap_base (and task_size) for a new
 * image: below a gap under STACK_TOP as large as the stack rlimit, clamped
 * to [MIN_GAP, MAX_GAP] (Linux's mmap_base() with randomisation off).
 */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlimit);
/*
 * __get_unmapped_area - a free range of len bytes in mm: addr itself if a
 * hint and free, else the highest hole below mmap_base (top-down, as Linux's
 * arch_get_unmapped_area_topdown); with MAP_FIXED, addr as it is.  Returns
 * the address, or -ENOMEM / -EINVAL (as an unsigned long: IS_ERR_VALUE).
 */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				  unsigned long len, unsigned long pgoff, unsigned long flags);
/*
 * __vm_enough_memory - the overcommit heuristic (overcommit_memory=0): a
 * request for more pages than RAM + swap can never be met: -ENOMEM.  0 if
 * it may go ahead.
 */
int __vm_enough_memory(struct mm_struct *mm, long pages);
/*
 * mmap_region - map [addr, addr + len) of mm with vm_flags, backed by file
 * from page pgoff (file NULL: anonymous), replacing whatever was mapped
 * there.  Eager (this issue): every page is allocated and mapped now, zeroed
 * or filled from the file (kernel_read).  Returns addr or -errno.
 */
unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, vm_flags_t vm_flags, unsigned long pgoff);
/*
 * __do_mmap / do_mmap - mmap(2) on mm / current->mm: checks prot, flags and
 * length as Linux does (-EINVAL, -ENOMEM, -EACCES, -ENODEV, -EEXIST, -EPERM),
 * picks the address and calls mmap_region.  vm_flags are added to those
 * derived from prot/flags (VM_GROWSDOWN for a stack...).  pgoff is in pages.
 * Returns the address or -errno.
 */
unsigned long __do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long prot, unsigned long flags,
			vm_flags_t vm_flags, unsigned long pgoff);
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff);
/*
 * do_munmap - unmap [start, start + len) of mm: VMAs partly inside are split,
 * the pages freed, empty page tables freed, the TLB flushed.  A range with
 * nothing mapped is fine.  0 or -EINVAL (unaligned, empty or outside user
 * space), -ENOMEM (a split could not allocate).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
/*
 * vm_brk_flags - an anonymous mapping [addr, addr + len) with flags added to
 * VM_DATA_DEFAULT_FLAGS (the heap, an ELF bss); 0 or -errno.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len, vm_flags_t flags);
/*
 * dup_mmap - fork's copy of oldmm into the empty mm: every VMA, and the
 * pages under it (copy_page_range: eager copies now, copy-on-write in the
 * VM issue).  0 or -ENOMEM (mm is then torn down by the caller's mmput).
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
/* exit_mmap - unmap and free every VMA, page and page table of mm (the last mmput). */
void exit_mmap(struct mm_struct *mm);
/* get_mm_rss - resident pages of mm, all kinds. */
unsigned long get_mm_rss(struct mm_struct *mm);

#endif /* MM_MMAP_H */
