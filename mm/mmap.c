/*
 * mm/mmap.c - address spaces and the system calls that shape them: mmap,
 * munmap, brk, stack growth, fork's copy and exit's teardown (Linux's
 * mm/mmap.c).  The VMA set itself - tree, cache, split, merge, the
 * free-gap search - is mm/vma.c; mprotect, mremap, madvise, mlock and
 * mincore have their own files beside this one.
 *
 * Demand paging.  Making a mapping only makes a VMA: no page is allocated
 * and no page table built.  The first access to each page faults, and
 * handle_mm_fault (mm/memory.c) finds the VMA and brings the page in - a
 * zeroed page, the shared zero page, a file's page, or a copy of one.
 * Only MAP_POPULATE and VM_LOCKED (MAP_LOCKED, mlockall(MCL_FUTURE)) fault
 * every page in at once (mm_populate -> populate_vma_page_range).
 *
 * The life of a mapping:
 *
 *   mmap(2) -> __do_mmap     checks (Linux's errnos), VM_* flags from
 *                            PROT_* / MAP_*, the address
 *                            (__get_unmapped_area: the hint if free, else
 *                            top-down below mmap_base)
 *           -> mmap_region   unmaps what MAP_FIXED replaces, charges the
 *                            overcommit accounting, grows a neighbour
 *                            (vma_merge) or links a new VMA
 *   munmap(2) -> do_munmap   splits the VMAs straddling the edges, then
 *                            for each VMA inside: zap_page_range (pages
 *                            freed, TLB flushed), unlink, free; then
 *                            free_pgtables for the hole between the
 *                            neighbours that are left
 *
 *          [ prev ][ A    |start    B     C   end|    D ][ next ]
 *   split: [ prev ][ A    ][ B'   B     C   D'   ][ D  ][ next ]
 *   unmap:  ........[ A    ]                        [ D  ]........
 *
 *   brk(2)                   grows the heap VMA (vm_brk_flags -> merge)
 *                            or unmaps its tail
 *   a fault below a stack    expand_stack: the VM_GROWSDOWN VMA's start
 *                            moves down, within RLIMIT_STACK and keeping
 *                            stack_guard_gap from the mapping below
 *   fork -> dup_mmap         every VMA copied, copy_page_range makes the
 *                            pages copy-on-write
 *   the last mmput           exit_mmap: everything zapped and freed
 *
 * Layout of a process (DESIGN.md §2): the ELF image low, the heap right
 * above it, the stack right below STACK_TOP, mmap_base a gap below the
 * stack (the stack rlimit, clamped to [128 MiB, 5/6 of the space]), and
 * mmap areas growing down from there.
 *
 * Accounting (mm/util.c): total_vm, data_vm, exec_vm, stack_vm and
 * locked_vm follow every VMA made, grown, shrunk or freed here; private
 * writable mappings are charged (VM_ACCOUNT) to vm_committed_as.
 *
 * Invariants (mm/vma.c, plus): the counters equal the sums over the
 * VMAs; a pte is present only inside a VMA that allows some access, or
 * PROT_NONE (mm/mprotect.c).
 *
 * Locking: see mm/mmap.h.
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/shmem.h"
#include "mm/slab.h"

/* init_mm - the kernel's own address space (Linux's mm/init-mm.c). */
struct mm_struct init_mm = {
	.pgd		= init_top_pgt,
	.mm_users	= 2,
	.mm_count	= 1,
	.page_table_lock = __SPIN_LOCK_UNLOCKED,
	.mmap_base	= TASK_SIZE,
	.task_size	= TASK_SIZE,
};

/* ==== protections ==== */

/*
 * protection_map - pte bits for each combination of VM_READ, VM_WRITE,
 * VM_EXEC and VM_SHARED (Linux's arch/x86/mm/pgprot.c).  Private writable
 * is PAGE_COPY - read-only - because a private page is writable only once
 * it is this mapping's own copy (maybe_mkwrite, mm/memory.h).
 */
static const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};

/* vm_get_page_prot - pte protection for vm_flags (see mmap.h). */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	return protection_map[vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)];
}

/* calc_vm_prot_bits - PROT_* as VM_*. */
vm_flags_t calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* calc_vm_flag_bits - the MAP_* flags that become VM_* flags. */
vm_flags_t calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	       ((flags & MAP_NORESERVE) ? VM_NORESERVE : 0);
}

/* ==== VMAs ==== */

/* vm_area_alloc - see mmap.h. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->vm_mm = mm;
		RB_CLEAR_NODE(&vma->vm_rb);
	}
	return vma;
}

/* vm_area_dup - see mmap.h. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	*vma = *orig;
	vma->vm_next = vma->vm_prev = NULL;
	RB_CLEAR_NODE(&vma->vm_rb);
	if (vma->vm_file)
		get_file(vma->vm_file);
	if (vma->vm_ops && vma->vm_ops->open)
		vma->vm_ops->open(vma);
	return vma;
}

/* vm_area_free - see mmap.h. */
void vm_area_free(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

/* Count npages of a VMA with flags in mm's totals, locked_vm included. */
static void account_vma_pages(struct mm_struct *mm, vm_flags_t flags, long npages)
{
	vm_stat_account(mm, flags, npages);
	if (flags & VM_LOCKED)
		mm->locked_vm += npages;
}

/* insert_vm_struct - link vma and count it (see mmap.h). */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_start >= vma->vm_end || (vma->vm_start | vma->vm_end) & ~PAGE_MASK ||
	    vma->vm_end > TASK_SIZE)
		return -EINVAL;
	if (find_vma_intersection(mm, vma->vm_start, vma->vm_end))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) && __vm_enough_memory(mm, vma_pages(vma)))
		return -ENOMEM;
	vma_link(mm, vma);
	account_vma_pages(mm, vma->vm_flags, vma_pages(vma));
	return 0;
}

/* Uncount and free a VMA that is unlinked and whose pages are gone. */
static void remove_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	account_vma_pages(mm, vma->vm_flags, -(long)vma_pages(vma));
	if (vma->vm_flags & VM_ACCOUNT)
		vm_unacct_memory(vma_pages(vma));
	vm_area_free(vma);
}

/* ==== layout ==== */

/* arch_pick_mmap_layout - mmap_base below the stack gap (see mmap.h). */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlimit)
{
	unsigned long gap = stack_rlimit;

	if (gap < MIN_GAP)
		gap = MIN_GAP;
	if (gap > MAX_GAP)
		gap = MAX_GAP;
	mm->task_size = TASK_SIZE;
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE - gap);
}

/* Is [addr, addr + len) free of VMAs and their guard gaps, and inside user space? */
static bool hint_is_free(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);

	return addr >= mmap_min_addr && addr <= TASK_SIZE - len &&
	       (!vma || addr + len <= vm_start_gap(vma)) && (!prev || addr >= vm_end_gap(prev));
}

/*
 * __get_unmapped_area - where a new mapping of len bytes goes (see
 * mmap.h).  Top-down below mmap_base; if that is full, anywhere below
 * TASK_SIZE that is free (Linux falls back to a bottom-up search).
 */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				  unsigned long len, unsigned long pgoff, unsigned long flags)
{
	struct vm_unmapped_area_info info = {
		.length = len, .low_limit = mmap_min_addr, .high_limit = mm->mmap_base,
	};
	unsigned long ret;

	(void)file;
	(void)pgoff;
	if (len > TASK_SIZE - mmap_min_addr)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr < mmap_min_addr)
			return -EPERM;		/* Linux's security_mmap_addr */
		return addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (hint_is_free(mm, addr, len))
			return addr;
	}
	ret = unmapped_area_topdown(mm, &info);
	if (IS_ERR_VALUE(ret)) {
		info.high_limit = TASK_SIZE;
		ret = unmapped_area_topdown(mm, &info);
	}
	return ret;
}

/* ==== mapping ==== */

/* Pages of existing VMAs inside [addr, end): what a MAP_FIXED mapping will replace. */
static unsigned long count_vma_pages_range(struct mm_struct *mm, unsigned long addr,
					   unsigned long end)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, addr, end);
	unsigned long pages = 0;

	for (; vma && vma->vm_start < end; vma = vma->vm_next)
		pages += (min(end, vma->vm_end) - max(addr, vma->vm_start)) >> PAGE_SHIFT;
	return pages;
}

/* Private and writable, not MAP_NORESERVE: charged to the overcommit accounting (Linux's). */
static bool accountable_mapping(vm_flags_t vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* A new VMA for [addr, addr + len), linked into mm; -errno (nothing linked) on failure. */
static int mmap_new_vma(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, vm_flags_t vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (err)
			goto out_free;
	}
	err = vma_link(mm, vma);
	if (!err)
		return 0;
out_free:
	vm_area_free(vma);
	return err;
}

/* mmap_region - make the VMA for [addr, addr + len) (see mmap.h). */
unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, vm_flags_t vm_flags, unsigned long pgoff)
{
	unsigned long npages = len >> PAGE_SHIFT;
	struct vm_area_struct *prev;
	int err;

	if (!may_expand_vm(mm, vm_flags, npages - count_vma_pages_range(mm, addr, addr + len)))
		return -ENOMEM;
	err = do_munmap(mm, addr, len);		/* MAP_FIXED replaces what was there */
	if (err)
		return err;
	if (!file && !(vm_flags & VM_SHARED))
		pgoff = addr >> PAGE_SHIFT;	/* anonymous: the offset is the address */
	if (accountable_mapping(vm_flags) || (vm_flags & VM_ACCOUNT)) {
		if (__vm_enough_memory(mm, npages))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	find_vma_prev(mm, addr, &prev);
	if ((file || !(vm_flags & VM_SHARED)) &&
	    vma_merge(mm, prev, addr, addr + len, vm_flags, file, NULL, pgoff))
		goto out;
	err = mmap_new_vma(mm, file, addr, len, vm_flags, pgoff);
	if (err) {
		if (vm_flags & VM_ACCOUNT)
			vm_unacct_memory(npages);
		return err;
	}
out:
	account_vma_pages(mm, vm_flags, npages);
	return addr;
}

/* mm_populate - fault in the accessible VMAs of [start, start + len) (see mmap.h). */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len, nend;
	struct vm_area_struct *vma;
	int err;

	for (; start < end; start = nend) {
		vma = find_vma(mm, start);
		if (!vma || vma->vm_start >= end)
			break;
		start = max(start, vma->vm_start);
		nend = min(end, vma->vm_end);
		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			continue;
		err = populate_vma_page_range(vma, start, nend);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The VM_* flags a file mapping of type MAP_SHARED/PRIVATE adds, or -errno
 * (Linux's do_mmap).  Only regular files can be mapped; a device or a pipe
 * is -ENODEV.  A shared mapping is read-only: with no writeback of mapped
 * pages yet, MAP_SHARED|PROT_WRITE on a file is refused (-ENODEV), and
 * VM_MAYWRITE is dropped so that mprotect cannot add PROT_WRITE later.
 */
static long file_mmap_flags(struct file *file, unsigned long prot, unsigned long flags)
{
	if (!file->f_inode || !S_ISREG(file->f_inode->i_mode))
		return -ENODEV;
	if (flags & MAP_GROWSDOWN)
		return -EINVAL;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (prot & PROT_WRITE)
			return -ENODEV;
		return VM_MAYSHARE;
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		return 0;
	default:
		return -EINVAL;
	}
}

/* The VM_* flags an anonymous mapping of flags' type adds, or -EINVAL. */
static long anon_mmap_flags(unsigned long flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		return VM_SHARED | VM_MAYSHARE;
	case MAP_PRIVATE:
		return 0;
	default:
		return -EINVAL;
	}
}

/* Hints below mmap_min_addr are raised to it (Linux's round_hint_to_min). */
static unsigned long round_hint_to_min(unsigned long hint)
{
	hint &= PAGE_MASK;
	if (hint && hint < mmap_min_addr)
		return PAGE_ALIGN(mmap_min_addr);
	return hint;
}

/* __do_mmap - mmap(2) for mm (see mmap.h). */
unsigned long __do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long prot, unsigned long flags,
			vm_flags_t vm_flags, unsigned long pgoff)
{
	unsigned long ret;
	long extra;

	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = round_hint_to_min(addr);
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	addr = __get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	extra = file ? file_mmap_flags(file, prot, flags) : anon_mmap_flags(flags);
	if (extra < 0)
		return extra;
	vm_flags |= calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | mm->def_flags |
		    VM_MAY_FLAGS | extra;
	if (extra & VM_MAYSHARE)
		vm_flags &= ~VM_MAYWRITE;	/* read-only shared file mapping */
	ret = mmap_region(mm, file, addr, len, vm_flags, pgoff);
	if (!IS_ERR_VALUE(ret) && ((vm_flags & VM_LOCKED) ||
				   (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		mm_populate(mm, ret, len);	/* best effort, as Linux */
	return ret;
}

/* do_mmap - __do_mmap on current->mm. */
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff)
{
	return __do_mmap(current->mm, file, addr, len, prot, flags, vm_flags, pgoff);
}

/* ==== unmapping ==== */

/*
 * Split the VMAs that straddle start and end, so that [start, end) is
 * made of whole VMAs.  Returns 0 or -errno, and the VMA below start (or
 * NULL) in *pprev.  vma is the first VMA ending above start.
 */
static int munmap_split_edges(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long start, unsigned long end,
			      struct vm_area_struct **pprev)
{
	struct vm_area_struct *last;
	int err;

	*pprev = vma->vm_prev;
	if (vma->vm_start < start) {
		/* A hole in the middle of one VMA needs two more VMAs' room. */
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		err = __split_vma(mm, vma, start, 0);	/* vma keeps [vm_start, start) */
		if (err)
			return err;
		*pprev = vma;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end)
		return __split_vma(mm, last, end, 1);	/* last keeps [end, vm_end) */
	return 0;
}

/* do_munmap - unmap [start, start + len) of mm (see mmap.h and the top comment). */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *prev, *next;
	unsigned long end;
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	err = munmap_split_edges(mm, vma, start, end, &prev);
	if (err)
		return err;
	vma = prev ? prev->vm_next : mm->mmap;
	for (; vma && vma->vm_start < end; vma = next) {
		next = vma->vm_next;
		zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		vma_unlink(mm, vma);
		remove_vma(mm, vma);
	}
	free_pgtables(mm, prev ? prev->vm_end : 0, vma ? vma->vm_start : TASK_SIZE);
	return 0;
}

/* ==== the heap ==== */

/* vm_brk_flags - an anonymous data mapping (see mmap.h). */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len, vm_flags_t flags)
{
	unsigned long ret;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr < mmap_min_addr || addr > TASK_SIZE - len || (addr & ~PAGE_MASK))
		return -EINVAL;
	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	ret = mmap_region(mm, NULL, addr, len, flags, addr >> PAGE_SHIFT);
	if (IS_ERR_VALUE(ret))
		return (int)ret;
	if (flags & VM_LOCKED)
		mm_populate(mm, addr, len);
	return 0;
}

/* Would a break at brk take the data segment past RLIMIT_DATA? (Linux's check_data_rlimit) */
static bool brk_over_rlimit(struct mm_struct *mm, unsigned long brk)
{
	unsigned long lim = current->rlim[RLIMIT_DATA].rlim_cur;

	return lim != RLIM_INFINITY &&
	       brk - mm->start_brk + (mm->end_data - mm->start_data) > lim;
}

/*
 * brk(2): move the end of the heap.  Returns the new break, or the old one
 * if it cannot move (Linux's convention: brk never returns an error code).
 * Shrinking unmaps (and frees) the pages above the new break; growing must
 * leave a page - and a stack's guard gap - before the next mapping.
 */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk;
	struct vm_area_struct *next;

	if (!mm || brk < mm->start_brk || brk_over_rlimit(mm, brk))
		return mm ? mm->brk : 0;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk)
		goto set;
	if (brk < mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		goto set;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return mm->brk;
	if (vm_brk_flags(mm, oldbrk, newbrk - oldbrk, 0))
		return mm->brk;
set:
	mm->brk = brk;
	return brk;
}

/* ==== the stack ==== */

/* The current task's RLIMIT_STACK in bytes. */
static unsigned long stack_rlimit(void)
{
	return current ? current->rlim[RLIMIT_STACK].rlim_cur : _STK_LIM;
}

/* May vma grow down by grow pages to size bytes? (Linux's acct_stack_growth) */
static int acct_stack_growth(struct vm_area_struct *vma, unsigned long size, unsigned long grow)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!may_expand_vm(mm, vma->vm_flags, grow))
		return -ENOMEM;
	if (size > stack_rlimit())
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) && __vm_enough_memory(mm, grow))
		return -ENOMEM;
	return 0;
}

/* expand_stack - grow a VM_GROWSDOWN vma down to address (see mmap.h). */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_area_struct *prev = vma->vm_prev;
	unsigned long grow;
	int err;

	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	if (address >= vma->vm_start)
		return 0;
	if (address < mmap_min_addr)
		return -EPERM;
	if (prev && (address < prev->vm_end ||
		     (!(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
		      address - prev->vm_end < stack_guard_gap)))
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if (grow > vma->vm_pgoff)
		return -ENOMEM;
	err = acct_stack_growth(vma, vma->vm_end - address, grow);
	if (err)
		return err;
	account_vma_pages(vma->vm_mm, vma->vm_flags, grow);
	vma_set_range(vma->vm_mm, vma, address, vma->vm_end, vma->vm_pgoff - grow);
	return 0;
}

/* ==== fork and exit ==== */

/* An empty VMA set and zero counters (dup_mm copied the parent's struct whole). */
static void mm_reset_vmas(struct mm_struct *mm)
{
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	vmacache_invalidate(mm);
	mm->highest_vm_end = 0;
	mm->map_count = 0;
	mm->total_vm = mm->data_vm = mm->exec_vm = mm->stack_vm = mm->locked_vm = 0;
	mm->def_flags = 0;		/* mlockall(MCL_FUTURE) is not inherited */
}

/* The child's copy of one parent VMA, linked and counted; -ENOMEM. */
static int dup_one_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *new;

	if ((vma->vm_flags & VM_ACCOUNT) && __vm_enough_memory(mm, vma_pages(vma)))
		return -ENOMEM;
	new = vm_area_dup(vma);
	if (!new) {
		if (vma->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(vma_pages(vma));
		return -ENOMEM;
	}
	new->vm_mm = mm;
	new->vm_flags &= ~VM_LOCKED;		/* locks are not inherited */
	vma_link(mm, new);
	account_vma_pages(mm, new->vm_flags, vma_pages(new));
	if (new->vm_flags & VM_WIPEONFORK)
		return 0;			/* the child faults in fresh pages */
	return copy_page_range(new, vma);
}

/* dup_mmap - copy every VMA of oldmm into mm, pages copy-on-write (see mmap.h). */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma;
	int err;

	mm_reset_vmas(mm);
	for (vma = oldmm->mmap; vma; vma = vma->vm_next) {
		if (vma->vm_flags & VM_DONTCOPY)
			continue;
		err = dup_one_vma(mm, vma);
		if (err)
			return err;
	}
	return 0;
}

/* exit_mmap - tear down every mapping of mm (see mmap.h). */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	free_pgtables(mm, 0, TASK_SIZE);
	for (vma = mm->mmap; vma; vma = next) {
		next = vma->vm_next;
		remove_vma(mm, vma);	/* the tree goes as a whole below */
	}
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	vmacache_invalidate(mm);
	WARN_ON_ONCE(mm->pgtables_bytes || mm->total_vm || mm->locked_vm);
}

/* get_mm_rss - resident pages of every kind. */
unsigned long get_mm_rss(struct mm_struct *mm)
{
	return mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_ANONPAGES] +
	       mm->rss_stat[MM_SHMEMPAGES];
}

/* ==== system calls ==== */

/*
 * mmap(2): x86-64 passes a byte offset, which must be page-aligned (Linux's
 * arch/x86/kernel/sys_x86_64.c), then ksys_mmap_pgoff.
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	struct file *file = NULL;
	unsigned long ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((unsigned int)fd);
		if (!file)
			return -EBADF;
	}
	ret = do_mmap(file, addr, len, prot, flags & ~MAP_DENYWRITE & ~MAP_EXECUTABLE, 0,
		      off >> PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	return do_munmap(current->mm, addr, len);
}
