/*
 * kernel/fs/proc/task_mmu.c - a process's address space as text and as
 * binary: /proc/<pid>/maps, smaps, smaps_rollup, statm, pagemap, and the
 * memory lines of status (Linux's fs/proc/task_mmu.c).
 *
 * maps: one line per VMA, Linux's show_map_vma layout:
 *     start-end perms offset major:minor inode   name
 *   addresses as at least 8 lower-case hex digits, perms "rwxp"/"rwxs",
 *   the file offset as 8 hex digits, the device as 2:2 hex digits; when
 *   there is a name the line is padded with spaces to 73 characters
 *   (seq_setwidth(25 + 6 * sizeof(void *)) and seq_pad), anonymous lines
 *   without one end in "0 " (the trailing space is Linux's).  Names: the
 *   file's path; [heap] for the VMA around the brk area; [stack] for the
 *   one holding the initial stack pointer.
 * smaps: the maps line, then what a walk of the VMA's ptes counts - Rss,
 *   Pss (each page's size divided by its map count, kept in fixed point
 *   with PSS_SHIFT fractional bits as Linux does), clean/dirty
 *   shared/private, Referenced (accessed bit), Anonymous, Swap (swap ptes,
 *   mm/swap.h) and SwapPss (divided by the slot's pte count) - and VmFlags.
 * smaps_rollup: the same sums over all VMAs, under one "[rollup]" line.
 * pagemap: 8 bytes per virtual page, Linux's format (Documentation/
 *   admin-guide/mm/pagemap.rst): bit 63 present, 62 swapped, 61 file page
 *   or shared anonymous, 56 mapped exclusively (map count 1); bits 0-54 the
 *   pfn of a present page, or for a swapped one bits 0-4 the swap type and
 *   5-54 the offset.  Reads must be 8-byte aligned in offset and length.
 *
 * The walks look at another process's page tables without a lock: they
 * do not sleep while they do (see internal.h); a page's map count is read
 * as it is at that moment.
 */
#include "kernel/fs/proc/internal.h"
#include "arch/x86_64/pgtable.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/shmem.h"
#include "mm/slab.h"
#include "mm/swap.h"

#define PSS_SHIFT	12	/* fractional bits of the Pss sums */

/* ---- status's memory lines and statm ---- */

/* The text size in bytes: the executable's code, capped by the executable mappings. */
static unsigned long mm_text_bytes(struct mm_struct *mm)
{
	unsigned long text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);

	return min(text, mm->exec_vm << PAGE_SHIFT);
}

/* Prints "<label>%8lu kB\n" of a page count (Linux's SEQ_PUT_DEC). */
static void put_kb(struct seq_file *m, const char *label, unsigned long pages)
{
	seq_printf(m, "%s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/* task_mem - see internal.h: VmPeak ... VmSwap of status. */
void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long anon = get_mm_counter(mm, MM_ANONPAGES);
	unsigned long file = get_mm_counter(mm, MM_FILEPAGES);
	unsigned long shmem = get_mm_counter(mm, MM_SHMEMPAGES);
	unsigned long total_rss = anon + file + shmem;
	unsigned long hiwater_rss = max(total_rss, mm->hiwater_rss);
	unsigned long text = mm_text_bytes(mm);
	unsigned long lib = (mm->exec_vm << PAGE_SHIFT) - text;

	/* Pagoda's mm keeps no hiwater_vm: the peak shown is the current size. */
	put_kb(m, "VmPeak:\t", mm->total_vm);
	put_kb(m, "VmSize:\t", mm->total_vm);
	put_kb(m, "VmLck:\t", mm->locked_vm);
	put_kb(m, "VmPin:\t", 0);
	put_kb(m, "VmHWM:\t", hiwater_rss);
	put_kb(m, "VmRSS:\t", total_rss);
	put_kb(m, "RssAnon:\t", anon);
	put_kb(m, "RssFile:\t", file);
	put_kb(m, "RssShmem:\t", shmem);
	put_kb(m, "VmData:\t", mm->data_vm);
	put_kb(m, "VmStk:\t", mm->stack_vm);
	seq_printf(m, "VmExe:\t%8lu kB\n", text >> 10);
	seq_printf(m, "VmLib:\t%8lu kB\n", lib >> 10);
	seq_printf(m, "VmPTE:\t%8lu kB\n", mm->pgtables_bytes >> 10);
	put_kb(m, "VmSwap:\t", get_mm_counter(mm, MM_SWAPENTS));
	put_kb(m, "HugetlbPages:\t", 0);
}

/* proc_pid_statm - see internal.h: "size resident shared text lib data dt" in pages. */
int proc_pid_statm(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long shared, resident;

	if (!mm) {
		seq_puts(m, "0 0 0 0 0 0 0\n");
		return 0;
	}
	shared = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
	resident = shared + get_mm_counter(mm, MM_ANONPAGES);
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, resident, shared,
		   mm_text_bytes(mm) >> PAGE_SHIFT, mm->data_vm + mm->stack_vm);
	mmput(mm);
	return 0;
}

/* ---- maps ---- */

/* The name maps shows for vma, or NULL; a path goes into buf. */
static const char *vma_name(struct vm_area_struct *vma, char *buf, int size)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_file && vma->vm_file->f_dentry) {
		char *p = proc_dentry_path(vma->vm_file->f_dentry, buf, size);

		return IS_ERR(p) ? NULL : p;
	}
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	if (vma_is_shmem(vma))
		return "/dev/zero (deleted)";	/* Linux's name for shared anonymous memory */
	return NULL;
}

/* One maps line up to the name (Linux's show_vma_header_prefix). */
static void show_vma_header_prefix(struct seq_file *m, unsigned long start, unsigned long end,
				   vm_flags_t flags, unsigned long long pgoff, dev_t dev,
				   unsigned long ino)
{
	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", start, end,
		   flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
		   pgoff, MAJOR(dev), MINOR(dev), ino);
}

/* Linux's show_map_vma: the whole line. */
static void show_map_vma(struct seq_file *m, struct vm_area_struct *vma, char *buf, int size)
{
	struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;
	unsigned long long pgoff = inode ? (unsigned long long)vma->vm_pgoff << PAGE_SHIFT : 0;
	const char *name = vma_name(vma, buf, size);

	show_vma_header_prefix(m, vma->vm_start, vma->vm_end, vma->vm_flags, pgoff,
			       inode ? inode->i_sb->s_dev : 0, inode ? inode->i_ino : 0);
	if (name) {
		seq_pad(m, ' ');
		seq_puts(m, name);
	}
	seq_putc(m, '\n');
}

/* Runs fn on every VMA of task's mm with a path buffer; 0 or -ENOMEM. */
static int for_each_vma_of(struct seq_file *m, struct task_struct *task,
			   void (*fn)(struct seq_file *m, struct vm_area_struct *vma, char *buf, int size))
{
	struct mm_struct *mm = get_task_mm(task);
	char *buf;

	if (!mm)
		return 0;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		mmput(mm);
		return -ENOMEM;
	}
	for (struct vm_area_struct *vma = mm->mmap; vma && !seq_has_overflowed(m); vma = vma->vm_next)
		fn(m, vma, buf, PATH_MAX);
	kfree(buf);
	mmput(mm);
	return 0;
}

/* show_maps - see internal.h. */
int show_maps(struct seq_file *m, struct task_struct *task)
{
	return for_each_vma_of(m, task, show_map_vma);
}

/* ---- smaps ---- */

/* What a walk of ptes counts (Linux's struct mem_size_stats), bytes. */
struct mem_size_stats {
	unsigned long resident;
	unsigned long shared_clean, shared_dirty;
	unsigned long private_clean, private_dirty;
	unsigned long referenced;
	unsigned long anonymous;
	unsigned long swap;
	u64 pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;	/* << PSS_SHIFT */
	u64 swap_pss;						/* << PSS_SHIFT */
};

/* One present page (Linux's smaps_account). */
static void smaps_account(struct mem_size_stats *mss, struct vm_area_struct *vma,
			  struct page *page, bool dirty, bool young)
{
	int mapcount = page ? page_mapcount(page) : 1;
	u64 pss = ((u64)PAGE_SIZE << PSS_SHIFT) / (mapcount > 0 ? mapcount : 1);
	bool anon = page && PageAnon(page);

	mss->resident += PAGE_SIZE;
	if (anon)
		mss->anonymous += PAGE_SIZE;
	if (young || (page && PageReferenced(page)))
		mss->referenced += PAGE_SIZE;
	dirty = dirty || (page && PageDirty(page));
	if (mapcount >= 2) {
		if (dirty)
			mss->shared_dirty += PAGE_SIZE;
		else
			mss->shared_clean += PAGE_SIZE;
	} else {
		if (dirty)
			mss->private_dirty += PAGE_SIZE;
		else
			mss->private_clean += PAGE_SIZE;
	}
	mss->pss += pss;
	if (dirty)
		mss->pss_dirty += pss;
	if (anon)
		mss->pss_anon += pss;
	else if (vma_is_shmem(vma))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (vma->vm_flags & VM_LOCKED)
		mss->pss_locked += pss;
}

/* Walks vma's ptes into mss (Linux's smaps_pte_range). */
static void smap_gather_stats(struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	struct mm_struct *mm = vma->vm_mm;

	for (unsigned long addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
		pte_t *ptep = follow_pte(mm, addr);
		pte_t pte;

		if (!ptep)
			continue;
		pte = *ptep;
		if (pte_present(pte)) {
			smaps_account(mss, vma, vm_normal_page(vma, addr, pte), pte_dirty(pte),
				      pte_young(pte));
		} else if (is_swap_pte(pte)) {
			int count = __swap_count(pte_to_swp_entry(pte));

			mss->swap += PAGE_SIZE;
			mss->swap_pss += ((u64)PAGE_SIZE << PSS_SHIFT) / (count > 0 ? count : 1);
		}
	}
}

/* The lines smaps and smaps_rollup share (Linux's __show_smap). */
static void __show_smap(struct seq_file *m, const struct mem_size_stats *mss, bool rollup)
{
	seq_printf(m, "Rss:            %8lu kB\n", mss->resident >> 10);
	seq_printf(m, "Pss:            %8llu kB\n", mss->pss >> (10 + PSS_SHIFT));
	seq_printf(m, "Pss_Dirty:      %8llu kB\n", mss->pss_dirty >> (10 + PSS_SHIFT));
	if (rollup) {
		seq_printf(m, "Pss_Anon:       %8llu kB\n", mss->pss_anon >> (10 + PSS_SHIFT));
		seq_printf(m, "Pss_File:       %8llu kB\n", mss->pss_file >> (10 + PSS_SHIFT));
		seq_printf(m, "Pss_Shmem:      %8llu kB\n", mss->pss_shmem >> (10 + PSS_SHIFT));
	}
	seq_printf(m, "Shared_Clean:   %8lu kB\n", mss->shared_clean >> 10);
	seq_printf(m, "Shared_Dirty:   %8lu kB\n", mss->shared_dirty >> 10);
	seq_printf(m, "Private_Clean:  %8lu kB\n", mss->private_clean >> 10);
	seq_printf(m, "Private_Dirty:  %8lu kB\n", mss->private_dirty >> 10);
	seq_printf(m, "Referenced:     %8lu kB\n", mss->referenced >> 10);
	seq_printf(m, "Anonymous:      %8lu kB\n", mss->anonymous >> 10);
	seq_puts(m, "KSM:                   0 kB\nLazyFree:              0 kB\n");
	seq_puts(m, "AnonHugePages:         0 kB\nShmemPmdMapped:        0 kB\n");
	seq_puts(m, "FilePmdMapped:         0 kB\nShared_Hugetlb:        0 kB\n");
	seq_puts(m, "Private_Hugetlb:       0 kB\n");
	seq_printf(m, "Swap:           %8lu kB\n", mss->swap >> 10);
	seq_printf(m, "SwapPss:        %8llu kB\n", mss->swap_pss >> (10 + PSS_SHIFT));
	seq_printf(m, "Locked:         %8llu kB\n", mss->pss_locked >> (10 + PSS_SHIFT));
}

/* VmFlags: two-letter mnemonics, Linux's show_smap_vma_flags. */
static void show_smap_vma_flags(struct seq_file *m, vm_flags_t flags)
{
	static const struct { vm_flags_t flag; const char name[3]; } mnemonics[] = {
		{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" }, { VM_SHARED, "sh" },
		{ VM_MAYREAD, "mr" }, { VM_MAYWRITE, "mw" }, { VM_MAYEXEC, "me" },
		{ VM_MAYSHARE, "ms" }, { VM_GROWSDOWN, "gd" }, { VM_LOCKED, "lo" },
		{ VM_DONTCOPY, "dc" }, { VM_ACCOUNT, "ac" }, { VM_NORESERVE, "nr" },
		{ VM_WIPEONFORK, "wf" }, { VM_DONTDUMP, "dd" },
	};

	seq_puts(m, "VmFlags: ");
	for (size_t i = 0; i < ARRAY_SIZE(mnemonics); i++)
		if (flags & mnemonics[i].flag)
			seq_printf(m, "%s ", mnemonics[i].name);
	seq_putc(m, '\n');
}

/* One VMA of smaps (Linux's show_smap). */
static void show_smap(struct seq_file *m, struct vm_area_struct *vma, char *buf, int size)
{
	struct mem_size_stats mss = { 0 };

	smap_gather_stats(vma, &mss);
	show_map_vma(m, vma, buf, size);
	seq_printf(m, "Size:           %8lu kB\n", (vma->vm_end - vma->vm_start) >> 10);
	seq_printf(m, "KernelPageSize: %8lu kB\n", PAGE_SIZE >> 10);
	seq_printf(m, "MMUPageSize:    %8lu kB\n", PAGE_SIZE >> 10);
	__show_smap(m, &mss, false);
	seq_puts(m, "THPeligible:           0\n");
	show_smap_vma_flags(m, vma->vm_flags);
}

/* show_smaps - see internal.h. */
int show_smaps(struct seq_file *m, struct task_struct *task)
{
	return for_each_vma_of(m, task, show_smap);
}

/* show_smaps_rollup - see internal.h: every VMA's counts summed (Linux's show_smaps_rollup). */
int show_smaps_rollup(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	struct mem_size_stats mss = { 0 };
	unsigned long start = 0, end = 0;

	if (!mm)
		return 0;
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		if (!start)
			start = vma->vm_start;
		end = vma->vm_end;
		smap_gather_stats(vma, &mss);
	}
	mmput(mm);
	show_vma_header_prefix(m, start, end, 0, 0, 0, 0);
	seq_pad(m, ' ');
	seq_puts(m, "[rollup]\n");
	__show_smap(m, &mss, true);
	return 0;
}

/* ---- pagemap ---- */

#define PM_ENTRY_BYTES		8
#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)
#define PM_BATCH		512	/* entries built per copy to the user */

/* The pagemap entry of addr in vma (NULL: not mapped, 0). */
static u64 pagemap_entry(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *ptep, pte;
	struct page *page;
	u64 e = 0;

	if (!vma)
		return 0;
	ptep = follow_pte(mm, addr);
	if (!ptep)
		return 0;
	pte = *ptep;
	if (pte_present(pte)) {
		e = PM_PRESENT | (pte_pfn(pte) & PM_PFRAME_MASK);
		page = vm_normal_page(vma, addr, pte);
		if (page && !PageAnon(page))
			e |= PM_FILE;
		if (page && page_mapcount(page) == 1)
			e |= PM_MMAP_EXCLUSIVE;
	} else if (is_swap_pte(pte)) {
		swp_entry_t entry = pte_to_swp_entry(pte);

		e = PM_SWAP | (swp_type(entry) & 0x1f) |
		    ((swp_offset(entry) << 5) & PM_PFRAME_MASK);
	}
	return e;
}

/* Fills buf with n entries from virtual page vpn on; returns n. */
static unsigned long pagemap_fill(struct mm_struct *mm, u64 *buf, unsigned long vpn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long addr = (vpn + i) << PAGE_SHIFT;
		struct vm_area_struct *vma = find_vma(mm, addr);

		if (vma && vma->vm_start > addr)
			vma = NULL;
		buf[i] = pagemap_entry(mm, vma, addr);
	}
	return n;
}

/* pagemap_read - see internal.h and the top comment. */
ssize_t pagemap_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct task_struct *task = get_proc_task(iocb->ki_filp->f_inode);
	unsigned long end_vpn = TASK_SIZE >> PAGE_SHIFT;
	struct mm_struct *mm;
	ssize_t done = 0;
	u64 *buf;

	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm)
		return 0;
	if ((iocb->ki_pos % PM_ENTRY_BYTES) || (iov_iter_count(to) % PM_ENTRY_BYTES)) {
		mmput(mm);
		return -EINVAL;
	}
	buf = kmalloc(PM_BATCH * PM_ENTRY_BYTES, GFP_KERNEL);
	if (!buf) {
		mmput(mm);
		return -ENOMEM;
	}
	while (iov_iter_count(to)) {
		unsigned long vpn = iocb->ki_pos / PM_ENTRY_BYTES;
		unsigned long n = min(iov_iter_count(to) / PM_ENTRY_BYTES, (size_t)PM_BATCH);
		size_t bytes, copied;

		if (vpn >= end_vpn)
			break;
		n = pagemap_fill(mm, buf, vpn, min(n, end_vpn - vpn));
		bytes = n * PM_ENTRY_BYTES;
		copied = copy_to_iter(buf, bytes, to);
		done += copied;
		iocb->ki_pos += copied;
		if (copied < bytes) {
			if (!done)
				done = -EFAULT;
			break;
		}
	}
	kfree(buf);
	mmput(mm);
	return done;
}
