/*
 * kernel/exec_test.c - ktest suite "exec": the ELF loader on images built
 * in memory (struct linux_binprm's image/image_size instead of a file).
 *
 * A minimal valid static executable is made by hand - an ELF header, one
 * PT_LOAD (R X) with a few bytes of "code" and a bss - and then broken one
 * field at a time.  Each bad image must give the errno Linux's loader
 * gives (or, where Linux cannot tell until the program runs, the one
 * documented in kernel/exec.c), must leave the calling task's mm as it
 * was, and must give back every page it took (free pages before == after
 * bprm_release).  The good images are checked for what the new address
 * space holds: VMAs with the segment's permissions, the file bytes, a
 * zeroed bss, brk, the entry point, AT_PHDR.
 */
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/slab.h"

#define LOAD_ADDR	0x400000UL
#define CODE_OFF	0xb0		/* after the header and two phdrs */
#define FILESZ		0x200
#define MEMSZ		0x3000
#define IMAGE_SIZE	0x400

struct test_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	u8 rest[IMAGE_SIZE - sizeof(Elf64_Ehdr) - 2 * sizeof(Elf64_Phdr)];
};

static struct test_image img;

/* A good ET_EXEC: one PT_LOAD [0x400000, +0x3000) R X, 0x200 bytes from the file, then bss. */
static void make_image(void)
{
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_ident[EI_VERSION] = EV_CURRENT;
	img.eh.e_type = ET_EXEC;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_version = EV_CURRENT;
	img.eh.e_entry = LOAD_ADDR + CODE_OFF;
	img.eh.e_phoff = sizeof(Elf64_Ehdr);
	img.eh.e_ehsize = sizeof(Elf64_Ehdr);
	img.eh.e_phentsize = sizeof(Elf64_Phdr);
	img.eh.e_phnum = 1;
	img.ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
				  .p_vaddr = LOAD_ADDR, .p_paddr = LOAD_ADDR, .p_filesz = FILESZ,
				  .p_memsz = MEMSZ, .p_align = PAGE_SIZE };
	for (int i = CODE_OFF; i < IMAGE_SIZE; i++)
		((u8 *)&img)[i] = 0xc0 + (i & 0xf);	/* recognisable bytes, also past FILESZ */
}

static void init_bprm(struct linux_binprm *bprm, size_t size)
{
	memset(bprm, 0, sizeof(*bprm));
	bprm->image = &img;
	bprm->image_size = size;
	bprm->filename = bprm->interp = "/ktest/image";
	bprm->rlim_stack.rlim_cur = bprm->rlim_stack.rlim_max = _STK_LIM;
	memcpy(bprm->buf, &img, min(size, (size_t)BINPRM_BUF_SIZE));
}

/*
 * Load img (size bytes of it) and return the result; with t, also check
 * that the caller's mm is untouched and every page came back.
 */
static int try_load(struct ktest *t, size_t size)
{
	struct mm_struct *mm_before = current->mm;
	struct ktest_mem_snapshot before, after;
	struct linux_binprm *bprm;
	int err;

	ktest_mem_snapshot(&before);
	bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	if (!bprm)
		return -ENOMEM;
	init_bprm(bprm, size);
	err = load_elf_binary(bprm);
	bprm_release(bprm);
	kfree(bprm);
	if (t) {
		ktest_mem_snapshot(&after);
		KTEST_EXPECT_TRUE(t, current->mm == mm_before);	/* the caller untouched */
		KTEST_EXPECT_TRUE(t, ktest_mem_unchanged(&before, &after));
	}
	return err;
}

static int exec_test_init(void)
{
	make_image();
	try_load(NULL, IMAGE_SIZE);	/* slab caches grow now, not inside a case */
	return 0;
}

static void good_image_maps_segments_bss_and_brk(struct ktest *t)
{
	struct linux_binprm *bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	struct vm_area_struct *vma;
	u8 buf[16];

	KTEST_ASSERT_NOT_NULL(t, bprm);
	make_image();
	init_bprm(bprm, IMAGE_SIZE);
	KTEST_ASSERT_EQ(t, load_elf_binary(bprm), 0);
	KTEST_EXPECT_EQ(t, bprm->entry, LOAD_ADDR + CODE_OFF);
	KTEST_EXPECT_EQ(t, bprm->phdr_addr, LOAD_ADDR + sizeof(Elf64_Ehdr));
	KTEST_EXPECT_EQ(t, bprm->mm->start_brk, LOAD_ADDR + MEMSZ);
	vma = find_vma(bprm->mm, LOAD_ADDR);
	KTEST_ASSERT_NOT_NULL(t, vma);
	KTEST_EXPECT_EQ(t, vma->vm_start, LOAD_ADDR);
	KTEST_EXPECT_EQ(t, vma->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_EXEC);
	vma = find_vma(bprm->mm, LOAD_ADDR + PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, vma);
	KTEST_EXPECT_EQ(t, vma->vm_end, LOAD_ADDR + MEMSZ);
	/* the bss: writable, and executable like its segment (Linux's set_brk) */
	KTEST_EXPECT_EQ(t, vma->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_WRITE | VM_EXEC);
	KTEST_EXPECT_EQ(t, access_remote_vm(bprm->mm, LOAD_ADDR + CODE_OFF, buf, 4, 0), 4);
	KTEST_EXPECT_EQ(t, memcmp(buf, (u8 *)&img + CODE_OFF, 4), 0);
	KTEST_EXPECT_EQ(t, access_remote_vm(bprm->mm, LOAD_ADDR + FILESZ, buf, 16, 0), 16);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, 16));	/* past p_filesz: zeroed, not file bytes */
	KTEST_EXPECT_NULL(t, current->mm);		/* the ktest thread has none, still */
	bprm_release(bprm);
	kfree(bprm);
}

static void static_pie_is_placed_below_mmap_base(struct ktest *t)
{
	struct linux_binprm *bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, bprm);
	make_image();
	img.eh.e_type = ET_DYN;
	img.ph[0].p_vaddr = 0;
	img.eh.e_entry = CODE_OFF;
	init_bprm(bprm, IMAGE_SIZE);
	KTEST_ASSERT_EQ(t, load_elf_binary(bprm), 0);
	KTEST_EXPECT_NE(t, bprm->load_bias, 0);
	KTEST_EXPECT_EQ(t, bprm->load_bias & ~PAGE_MASK, 0);
	KTEST_EXPECT_LE(t, bprm->load_bias + MEMSZ, bprm->mm->mmap_base);
	KTEST_EXPECT_EQ(t, bprm->entry, bprm->load_bias + CODE_OFF);
	bprm_release(bprm);
	kfree(bprm);
}

static void bad_headers_are_enoexec(struct ktest *t)
{
	make_image();
	img.eh.e_ident[0] = 0x7e;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_ident[EI_CLASS] = 1;			/* ELFCLASS32 */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_ident[EI_DATA] = 2;			/* big-endian */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_machine = 3;				/* EM_386 */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_type = 1;				/* ET_REL */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_phentsize = 32;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_phnum = 0;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	img.eh.e_phnum = 65535;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
	make_image();
	KTEST_EXPECT_EQ(t, try_load(t, 20), -ENOEXEC);	/* cut inside the ELF header */
}

static void truncated_files_fail_cleanly(struct ktest *t)
{
	make_image();
	KTEST_EXPECT_EQ(t, try_load(t, sizeof(Elf64_Ehdr) + 8), -EIO);	/* inside the phdrs */
	make_image();
	KTEST_EXPECT_EQ(t, try_load(t, FILESZ - 1), -ENOEXEC);	/* inside the segment */
	make_image();
	img.ph[0].p_type = PT_NOTE;			/* nothing to load */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
}

static void bad_segments_are_einval(struct ktest *t)
{
	make_image();
	img.ph[0].p_filesz = MEMSZ + 1;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.ph[0].p_offset = 0x10;			/* not congruent with p_vaddr */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.ph[0].p_vaddr = 0xfffffffffffff000ULL;	/* overflows */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.ph[0].p_vaddr = TASK_SIZE;			/* in the kernel half */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.ph[0].p_vaddr = 0;				/* page 0 is never mapped */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.eh.e_phnum = 2;				/* a second PT_LOAD overlapping the first */
	img.ph[1] = img.ph[0];
	img.ph[1].p_vaddr = LOAD_ADDR + 0x1000;
	img.ph[1].p_offset = 0;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
	make_image();
	img.eh.e_entry = TASK_SIZE + 0x1000;
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -EINVAL);
}

static void huge_memsz_is_enomem(struct ktest *t)
{
	make_image();
	img.ph[0].p_memsz = 0x100000000000ULL;		/* 16 TiB of bss: more than RAM */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOMEM);
}

static void missing_interpreter_is_enoent(struct ktest *t)
{
	static const char interp[] = "/nonexistent/ld.so";

	make_image();
	img.eh.e_phnum = 2;
	img.ph[1] = img.ph[0];
	img.ph[0] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = 0x300,
				  .p_filesz = sizeof(interp), .p_memsz = sizeof(interp) };
	memcpy((u8 *)&img + 0x300, interp, sizeof(interp));
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOENT);
	img.ph[0].p_filesz = 1;				/* a bad name */
	KTEST_EXPECT_EQ(t, try_load(t, IMAGE_SIZE), -ENOEXEC);
}

static struct ktest_case exec_cases[] = {
	KTEST_CASE(good_image_maps_segments_bss_and_brk),
	KTEST_CASE(static_pie_is_placed_below_mmap_base),
	KTEST_CASE(bad_headers_are_enoexec),
	KTEST_CASE(truncated_files_fail_cleanly),
	KTEST_CASE(bad_segments_are_einval),
	KTEST_CASE(huge_memsz_is_enomem),
	KTEST_CASE(missing_interpreter_is_enoent),
	{}
};
KTEST_SUITE(exec, exec_cases, .init = exec_test_init);
