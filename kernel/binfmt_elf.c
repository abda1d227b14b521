/*
 * kernel/binfmt_elf.c - the ELF64 loader: from a static executable's
 * headers to a complete new address space (Linux's fs/binfmt_elf.c,
 * load_elf_binary; the argument stack is kernel/exec.c's).
 *
 * load_elf_binary() works on bprm->mm, an address space nobody runs on
 * yet, so that a bad image fails before execve's point of no return:
 *   1. the header: magic, ELFCLASS64, ELFDATA2LSB, EM_X86_64, ET_EXEC or
 *      ET_DYN (static PIE), e_phentsize, 1 <= e_phnum <= 64 KiB of headers
 *      - anything else is ENOEXEC;
 *   2. the program headers, read whole (a short read: EIO, as Linux);
 *      PT_INTERP: the interpreter is opened (ENOENT if missing, as Linux),
 *      then refused - ENOEXEC, Pagoda runs static executables only;
 *      PT_GNU_STACK: whether the stack is executable; every PT_LOAD is
 *      checked (EINVAL: p_filesz > p_memsz, offset and address not
 *      congruent modulo the page size, overflow, outside user space, out
 *      of order or overlapping; ENOEXEC: the file part runs past the end
 *      of the file, which Linux only notices as a SIGBUS at run time);
 *   3. ET_DYN is placed where mmap would put it (top-down below
 *      mmap_base, as Linux does for a static PIE), ET_EXEC at its
 *      addresses;
 *   4. each PT_LOAD: its file pages mapped MAP_PRIVATE | MAP_FIXED with the
 *      segment's permissions - mapped, not read: a page comes from the
 *      RAM file system's page cache on first touch (read-only, the page
 *      itself) and is copied on first write (mm/memory.c do_cow_fault);
 *      the tail of the last file page zeroed (padzero: a forced write, so
 *      that page becomes the process's private copy and the file is left
 *      alone); the rest of p_memsz an anonymous mapping (the bss, writable;
 *      executable if the segment is) that costs nothing until touched - a
 *      16 MiB bss is a VMA, not 16 MiB;
 *   5. start_code/end_code/start_data/end_data, brk after the highest
 *      segment, the entry point, AT_PHDR (where e_phoff lands in memory).
 * A request larger than memory fails with ENOMEM (the overcommit check in
 * mmap_region).
 */
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"

static bool elf_check_header(const Elf64_Ehdr *eh)
{
	return !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       (eh->e_type == ET_EXEC || eh->e_type == ET_DYN) &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       eh->e_machine == EM_X86_64 && eh->e_phentsize == sizeof(Elf64_Phdr) &&
	       eh->e_phnum >= 1 && eh->e_phnum <= 65536U / sizeof(Elf64_Phdr);
}

/* Read the program header table; ERR_PTR(-EIO) if the file is too short (Linux's elf_read). */
static Elf64_Phdr *load_elf_phdrs(struct linux_binprm *bprm, const Elf64_Ehdr *eh)
{
	size_t size = eh->e_phnum * sizeof(Elf64_Phdr);
	Elf64_Phdr *phdrs = kmalloc(size, GFP_KERNEL);
	ssize_t n;

	if (!phdrs)
		return ERR_PTR(-ENOMEM);
	n = bprm_read(bprm, eh->e_phoff, phdrs, size);
	if (n != (ssize_t)size) {
		kfree(phdrs);
		return ERR_PTR(n < 0 ? n : -EIO);
	}
	return phdrs;
}

/*
 * A PT_INTERP: Pagoda runs static executables only.  Linux's errors come
 * first - a bad name is ENOEXEC, a missing interpreter is open's error
 * (ENOENT) - then ENOEXEC for a dynamic executable.
 */
static int elf_reject_interp(struct linux_binprm *bprm, const Elf64_Phdr *ph)
{
	static bool warned;
	char *name;
	struct file *file;
	int err = -ENOEXEC;

	if (ph->p_filesz > PATH_MAX || ph->p_filesz < 2)
		return -ENOEXEC;
	name = kmalloc(ph->p_filesz, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	if (bprm_read(bprm, ph->p_offset, name, ph->p_filesz) != (ssize_t)ph->p_filesz) {
		err = -EIO;
		goto out;
	}
	if (name[ph->p_filesz - 1] != '\0')
		goto out;
	file = open_exec(name);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out;
	}
	fput(file);
	if (!warned) {
		warned = true;
		pr_notice("execve: %s: dynamic executables are not supported (interpreter %s)\n",
			  bprm->filename, name);
	}
out:
	kfree(name);
	return err;
}

/*
 * Check one PT_LOAD: p_filesz <= p_memsz, offset and address congruent
 * modulo the page size, no overflow, inside [mmap_min_addr, TASK_SIZE)
 * once the load bias is added (bias 0 for ET_EXEC, checked again when
 * mapping for ET_DYN), file part inside the file, and after the previous
 * PT_LOAD (the ELF spec's ascending order; overlap is refused).
 */
static int elf_check_load(struct linux_binprm *bprm, const Elf64_Phdr *ph, u64 prev_end)
{
	if (ph->p_filesz > ph->p_memsz)
		return -EINVAL;
	if ((ph->p_vaddr & ~PAGE_MASK) != (ph->p_offset & ~PAGE_MASK))
		return -EINVAL;
	if (ph->p_memsz > TASK_SIZE || ph->p_vaddr > TASK_SIZE - ph->p_memsz)
		return -EINVAL;
	if (ph->p_vaddr < prev_end)
		return -EINVAL;
	if (ph->p_offset + ph->p_filesz < ph->p_offset ||
	    ph->p_offset + ph->p_filesz > bprm_file_size(bprm))
		return -ENOEXEC;		/* a truncated file */
	return 0;
}

/* The pass over the program headers before anything is mapped; span of the PT_LOADs in *lo, *hi. */
static int elf_check_phdrs(struct linux_binprm *bprm, const Elf64_Ehdr *eh,
			   const Elf64_Phdr *phdrs, u64 *lo, u64 *hi)
{
	u64 prev_end = 0;
	int err, nr_load = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &phdrs[i];

		if (ph->p_type == PT_INTERP)
			return elf_reject_interp(bprm, ph);
		if (ph->p_type == PT_GNU_STACK)
			bprm->executable_stack = ph->p_flags & PF_X;
		if (ph->p_type != PT_LOAD)
			continue;
		err = elf_check_load(bprm, ph, prev_end);
		if (err)
			return err;
		if (!nr_load++)
			*lo = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
		prev_end = ph->p_vaddr + ph->p_memsz;
		*hi = PAGE_ALIGN(prev_end);
	}
	if (!nr_load)
		return -ENOEXEC;
	if (eh->e_type == ET_EXEC && *lo < mmap_min_addr)
		return -EINVAL;
	return 0;
}

static unsigned long elf_prot(u32 p_flags)
{
	return ((p_flags & PF_R) ? PROT_READ : 0) | ((p_flags & PF_W) ? PROT_WRITE : 0) |
	       ((p_flags & PF_X) ? PROT_EXEC : 0);
}

/*
 * padzero - zero [addr, addr + len) of the new mm, the part of the last
 * file page past p_filesz (Linux's).  FOLL_FORCE: even in a read-only
 * segment; the fault gives the process its own copy of the page first.
 */
static int padzero(struct linux_binprm *bprm, unsigned long addr, size_t len)
{
	static const char zeros[256];

	while (len) {
		int chunk = min(len, sizeof(zeros));

		if (access_remote_vm(bprm->mm, addr, (void *)zeros, chunk,
				     FOLL_WRITE | FOLL_FORCE) != chunk)
			return -EFAULT;
		addr += chunk;
		len -= chunk;
	}
	return 0;
}

/* Copy the file bytes [off, off + len) into addr of the new mm (the in-memory test image). */
static int copy_image_to_new_mm(struct linux_binprm *bprm, unsigned long addr, u64 off, size_t len)
{
	char *buf = (char *)bprm->image + off;

	if (access_remote_vm(bprm->mm, addr, buf, len, FOLL_WRITE | FOLL_FORCE) != (int)len)
		return -EFAULT;
	return 0;
}

/*
 * elf_map - the file part of a PT_LOAD: pages [start, PAGE_ALIGN(vaddr +
 * filesz)) with the segment's permissions, holding the file from the page
 * containing p_offset (Linux's elf_map, MAP_PRIVATE | MAP_FIXED).
 */
static int elf_map(struct linux_binprm *bprm, const Elf64_Phdr *ph, unsigned long vaddr)
{
	unsigned long start = ALIGN_DOWN(vaddr, PAGE_SIZE);
	unsigned long size = PAGE_ALIGN(vaddr + ph->p_filesz) - start;
	u64 off = ph->p_offset - (vaddr - start);
	unsigned long prot = elf_prot(ph->p_flags), ret;

	if (!ph->p_filesz)
		return 0;
	if (bprm->image) {
		ret = __do_mmap(bprm->mm, NULL, start, size, prot, MAP_PRIVATE | MAP_FIXED |
				MAP_ANONYMOUS, 0, 0);
		if (IS_ERR_VALUE(ret))
			return ret;
		return copy_image_to_new_mm(bprm, vaddr, ph->p_offset, ph->p_filesz);
	}
	ret = __do_mmap(bprm->mm, bprm->file, start, size, prot, MAP_PRIVATE | MAP_FIXED, 0,
			off >> PAGE_SHIFT);
	return IS_ERR_VALUE(ret) ? (int)ret : 0;
}

/*
 * Map one PT_LOAD: its file part (elf_map), zero the rest of the last file
 * page (padzero), and an anonymous mapping for the remaining bss
 * (vm_brk_flags: demand-zero, nothing allocated yet).
 */
static int elf_load_segment(struct linux_binprm *bprm, const Elf64_Phdr *ph)
{
	unsigned long vaddr = ph->p_vaddr + bprm->load_bias;
	unsigned long file_end = vaddr + ph->p_filesz, mem_end = vaddr + ph->p_memsz, bss;
	int err;

	if (vaddr < mmap_min_addr || mem_end > TASK_SIZE || mem_end < vaddr)
		return -EINVAL;
	err = elf_map(bprm, ph, vaddr);
	if (err)
		return err;
	if (ph->p_memsz == ph->p_filesz)
		return 0;
	bss = PAGE_ALIGN(file_end);
	if (file_end & ~PAGE_MASK) {
		unsigned long page = ALIGN_DOWN(file_end, PAGE_SIZE);

		/* The page holding the end of the file part: zero its tail (padzero) if mapped. */
		if (find_vma_intersection(bprm->mm, page, page + 1))
			err = padzero(bprm, file_end, bss - file_end);
		else
			bss = page;
		if (err)
			return err;
	}
	if (PAGE_ALIGN(mem_end) > bss)
		err = vm_brk_flags(bprm->mm, bss, PAGE_ALIGN(mem_end) - bss,
				   (ph->p_flags & PF_X) ? VM_EXEC : 0);
	return err;
}

/* Record text/data/brk bounds and AT_PHDR for a mapped PT_LOAD (Linux's bookkeeping). */
static void elf_account_segment(struct linux_binprm *bprm, const Elf64_Ehdr *eh,
				const Elf64_Phdr *ph, unsigned long *elf_brk)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long start = ph->p_vaddr + bprm->load_bias;
	unsigned long fend = start + ph->p_filesz, mend = start + ph->p_memsz;

	if ((ph->p_flags & PF_X) && start < mm->start_code)
		mm->start_code = start;
	if ((ph->p_flags & PF_X) && fend > mm->end_code)
		mm->end_code = fend;
	if (start > mm->start_data)
		mm->start_data = start;
	if (fend > mm->end_data)
		mm->end_data = fend;
	if (mend > *elf_brk)
		*elf_brk = mend;
	if (!bprm->phdr_addr && eh->e_phoff >= ph->p_offset &&
	    eh->e_phoff < ph->p_offset + ph->p_filesz)
		bprm->phdr_addr = eh->e_phoff - ph->p_offset + start;
}

/* Map every PT_LOAD into bprm->mm and set up code/data/brk; 0 or -errno. */
static int elf_map_segments(struct linux_binprm *bprm, const Elf64_Ehdr *eh,
			    const Elf64_Phdr *phdrs, u64 lo, u64 hi)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long elf_brk = 0;
	int err;

	if (eh->e_type == ET_DYN) {
		/* Static PIE: wherever mmap would put it, top-down below mmap_base (Linux). */
		unsigned long base = __get_unmapped_area(mm, NULL, 0, hi - lo, 0, 0);

		if (IS_ERR_VALUE(base))
			return -ENOMEM;
		bprm->load_bias = base - lo;
	}
	mm->start_code = ~0UL;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (phdrs[i].p_type != PT_LOAD)
			continue;
		err = elf_load_segment(bprm, &phdrs[i]);
		if (err)
			return err;
		elf_account_segment(bprm, eh, &phdrs[i], &elf_brk);
	}
	if (mm->start_code == ~0UL)
		mm->start_code = mm->end_code = 0;
	mm->start_brk = mm->brk = PAGE_ALIGN(elf_brk);
	bprm->entry = eh->e_entry + bprm->load_bias;
	bprm->phnum = eh->e_phnum;
	if (bprm->entry >= TASK_SIZE)
		return -EINVAL;
	return 0;
}

/* load_elf_binary - validate the ELF in bprm->buf and build bprm->mm from it (see exec.h). */
int load_elf_binary(struct linux_binprm *bprm)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)bprm->buf;
	Elf64_Phdr *phdrs;
	u64 lo = 0, hi = 0;
	int err;

	if (!elf_check_header(eh))
		return -ENOEXEC;
	phdrs = load_elf_phdrs(bprm, eh);
	if (IS_ERR(phdrs))
		return PTR_ERR(phdrs);
	err = elf_check_phdrs(bprm, eh, phdrs, &lo, &hi);
	if (err)
		goto out;
	err = -ENOMEM;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		goto out;
	arch_pick_mmap_layout(bprm->mm, bprm->rlim_stack.rlim_cur);
	err = elf_map_segments(bprm, eh, phdrs, lo, hi);
	if (!err && bprm->file)
		bprm->mm->exe_file = get_file(bprm->file);
out:
	kfree(phdrs);
	return err;
}

