/*
 * kernel/exec.c - execve: replace the current program with a new one
 * (Linux's fs/exec.c and fs/binfmt_script.c, and the stack half of
 * fs/binfmt_elf.c; the ELF loader itself is kernel/binfmt_elf.c).
 *
 * The steps, in the order Linux takes them, so that errors come out the
 * same way:
 *
 *   1. open the file (ENOENT, EACCES, ...)
 *   2. count argv and envp and measure every string (EFAULT for a bad
 *      pointer, E2BIG past MAX_ARG_STRLEN or past the space the stack
 *      rlimit allows: Linux's bprm_stack_limits)
 *   3. read the first BINPRM_BUF_SIZE bytes.  "#!" (binfmt_script): parse
 *      the interpreter and its optional argument; argv becomes
 *      [interpreter, arg?, script path, argv[1..]]; load the interpreter
 *      instead - one level (a script interpreter is ELOOP)
 *   4. load_elf_binary (kernel/binfmt_elf.c) builds bprm->mm: validate the
 *      header and program headers (ENOEXEC for the wrong magic, class,
 *      byte order, machine or type; EIO for a short read; EINVAL for
 *      segments with p_filesz > p_memsz, unaligned or overflowing, or
 *      outside user space; ENOMEM for more than memory can hold), map every
 *      PT_LOAD with its permissions (eagerly read from the file), zero the
 *      bss, set brk.  Static ELF only: a PT_INTERP is ENOEXEC ("dynamic
 *      executables are not supported"), or the error opening the
 *      interpreter (ENOENT when it does not exist, as Linux says)
 *   5. the stack: a VMA below STACK_TOP holding the strings, AT_PLATFORM,
 *      the 16 AT_RANDOM bytes and, 16-byte aligned, argc, argv[], NULL,
 *      envp[], NULL, auxv[] (create_elf_tables), plus STACK_INIT_SIZE to
 *      grow into
 *   6. the point of no return, begin_new_exec: switch to the new mm, drop
 *      the old one, close O_CLOEXEC files, reset caught signals, new comm,
 *      FS/GS bases 0, clean FPU; start_thread() points the saved user
 *      registers at the entry point and the new stack.
 *
 * Nothing before step 6 touches the caller: the new address space is
 * written through access_remote_vm (the direct map), never through the
 * caller's page tables.  So any error leaves the caller as it was.
 *
 * New stack layout (highest address first; Linux's):
 *   STACK_TOP - 8          the filename (AT_EXECFN)
 *                          envp strings, argv strings (argv[0] lowest)
 *   16-byte aligned        "x86_64" (AT_PLATFORM), 16 random bytes (AT_RANDOM)
 *   16-byte aligned rsp -> argc, argv[0..argc-1], NULL, envp[..], NULL,
 *                          auxv pairs, AT_NULL
 *
 * The syscall returns 0 into the new image (rax = 0, as Linux), through
 * the IRET path since rcx/r11 no longer match rip/rflags.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/switch_to.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"

#define ELF_PLATFORM	"x86_64"
#define USER_HZ		100		/* AT_CLKTCK: times() ticks */

/* ==== reading the file ==== */

/* bprm_read - len bytes at pos of the file being loaded (or the test image); bytes read or -errno. */
ssize_t bprm_read(struct linux_binprm *bprm, loff_t pos, void *buf, size_t len)
{
	if (bprm->image) {
		if (pos < 0 || (u64)pos >= bprm->image_size)
			return 0;
		len = min(len, bprm->image_size - (size_t)pos);
		memcpy(buf, (const char *)bprm->image + pos, len);
		return len;
	}
	return kernel_read(bprm->file, buf, len, &pos);
}

/* bprm_file_size - the size of the file being loaded. */
u64 bprm_file_size(struct linux_binprm *bprm)
{
	return bprm->image ? bprm->image_size : (u64)bprm->file->f_inode->i_size;
}

/* prepare_binprm - read the first bytes into bprm->buf (zero-padded). */
static int prepare_binprm(struct linux_binprm *bprm)
{
	ssize_t n;

	memset(bprm->buf, 0, BINPRM_BUF_SIZE);
	n = bprm_read(bprm, 0, bprm->buf, BINPRM_BUF_SIZE);
	return n < 0 ? (int)n : 0;
}

/*
 * open_exec - open name for execution: a regular file with an execute bit
 * (EACCES otherwise, as Linux's may_open/path_noexec checks).
 */
struct file *open_exec(const char *name)
{
	struct file *file = filp_open(name, O_RDONLY, 0);
	int err;

	if (IS_ERR(file))
		return file;
	err = S_ISREG(file->f_inode->i_mode) ? vfs_access(file->f_inode, X_OK) : -EACCES;
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

/* ==== arguments ==== */

/* get_arg_ptr - entry nr of argv (user or kernel array); ERR_PTR(-EFAULT) if unreadable. */
static const char *get_arg_ptr(struct user_arg_ptr argv, int nr)
{
	const char *p;

	if (argv.kernel)
		return argv.ptr[nr];
	if (get_user(p, (const char *const __user *)argv.ptr + nr))
		return ERR_PTR(-EFAULT);
	return p;
}

/* count - the number of strings in argv before its NULL, or -EFAULT / -E2BIG. */
static int count(struct user_arg_ptr argv, int max)
{
	int i = 0;

	if (!argv.ptr)
		return 0;
	for (;;) {
		const char *p = get_arg_ptr(argv, i);

		if (IS_ERR(p))
			return -EFAULT;
		if (!p)
			return i;
		if (i >= max)
			return -E2BIG;
		i++;
		cond_resched();
	}
}

/* arg_strlen - the size of an argument string with its NUL, -EFAULT, or -E2BIG (too long). */
static long arg_strlen(const char *s, bool kernel)
{
	long len;

	if (kernel)
		len = strnlen(s, MAX_ARG_STRLEN) + 1;
	else
		len = strnlen_user((const char __user *)s, MAX_ARG_STRLEN);
	if (!len)
		return -EFAULT;
	if (len > (long)MAX_ARG_STRLEN)
		return -E2BIG;
	return len;
}

/* The final argc: the "#!" prefix, then argv from argv_skip on. */
static int bprm_argc(const struct linux_binprm *bprm)
{
	return bprm->nr_prefix + bprm->argc - bprm->argv_skip;
}

/* Final argument i (a prefix string or an argv entry); *kernel says where it lives. */
static const char *bprm_arg(struct linux_binprm *bprm, int i, bool *kernel)
{
	if (i < bprm->nr_prefix) {
		*kernel = true;
		return bprm->prefix[i];
	}
	*kernel = bprm->argv.kernel;
	return get_arg_ptr(bprm->argv, i - bprm->nr_prefix + bprm->argv_skip);
}

static const char *bprm_env(struct linux_binprm *bprm, int i, bool *kernel)
{
	*kernel = bprm->envp.kernel;
	return get_arg_ptr(bprm->envp, i);
}

/* Add the size of string s to *total; -EFAULT / -E2BIG. */
static int measure_one(const char *s, bool kernel, unsigned long *total)
{
	long len;

	if (IS_ERR(s) || !s)
		return -EFAULT;
	len = arg_strlen(s, kernel);
	if (len < 0)
		return len;
	*total += len;
	return 0;
}

/*
 * bprm_measure - the space every string takes (filename, envp, final argv)
 * against the limit (Linux's bprm_stack_limits: a quarter of the stack
 * rlimit, at most 6 MiB, at least ARG_MAX, minus the pointers).
 */
static int bprm_measure(struct linux_binprm *bprm)
{
	unsigned long limit = _STK_LIM / 4 * 3, ptr_size, total = strlen(bprm->filename) + 1;
	bool kernel = false;
	int err;

	limit = min(limit, bprm->rlim_stack.rlim_cur / 4);
	limit = max(limit, (unsigned long)ARG_MAX);
	ptr_size = (max(bprm_argc(bprm), 1) + bprm->envc) * sizeof(void *);
	if (limit <= ptr_size)
		return -E2BIG;
	bprm->arg_limit = limit - ptr_size;
	for (int i = 0; i < bprm->envc; i++) {
		const char *s = bprm_env(bprm, i, &kernel);

		err = measure_one(s, kernel, &total);
		if (err)
			return err;
	}
	for (int i = 0; i < bprm_argc(bprm); i++) {
		const char *s = bprm_arg(bprm, i, &kernel);

		err = measure_one(s, kernel, &total);
		if (err)
			return err;
	}
	if (total > bprm->arg_limit)
		return -E2BIG;
	bprm->arg_bytes = total;
	return 0;
}

/* ==== #! scripts (binfmt_script) ==== */

static bool is_space_or_tab(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * load_script - "#!interpreter [one argument]" in the first line: the
 * interpreter runs with [interpreter, arg?, script path, argv[1..]].
 * Returns 0 with bprm switched to the interpreter's file, -ENOEXEC (no
 * interpreter name, or a line longer than the buffer), -ELOOP (a script's
 * interpreter is a script), or open_exec's error.
 */
static int load_script(struct linux_binprm *bprm)
{
	char *line, *cp, *i_name, *i_arg = NULL;
	struct file *file;

	if (bprm->script_depth >= BINPRM_MAX_SCRIPT)
		return -ELOOP;
	line = kmalloc(BINPRM_BUF_SIZE, GFP_KERNEL);
	if (!line)
		return -ENOMEM;
	memcpy(line, bprm->buf + 2, BINPRM_BUF_SIZE - 2);
	line[BINPRM_BUF_SIZE - 2] = '\0';
	cp = strchr(line, '\n');
	if (!cp && strlen(line) == BINPRM_BUF_SIZE - 3)
		goto noexec;			/* the interpreter line may be cut */
	if (cp)
		*cp = '\0';
	for (cp = line + strlen(line); cp > line && is_space_or_tab(cp[-1]); cp--)
		cp[-1] = '\0';			/* trailing blanks */
	for (i_name = line; is_space_or_tab(*i_name); i_name++)
		;
	if (!*i_name)
		goto noexec;
	for (cp = i_name; *cp && !is_space_or_tab(*cp); cp++)
		;
	if (*cp) {
		*cp++ = '\0';
		while (is_space_or_tab(*cp))
			cp++;
		if (*cp)
			i_arg = cp;		/* the rest of the line: one argument */
	}
	file = open_exec(i_name);
	if (IS_ERR(file)) {
		kfree(line);
		return PTR_ERR(file);
	}
	kfree(bprm->script_line);
	bprm->script_line = line;
	bprm->argv_skip = bprm->argc > 0 ? 1 : 0;	/* argv[0] is replaced */
	bprm->nr_prefix = 0;
	bprm->prefix[bprm->nr_prefix++] = i_name;
	if (i_arg)
		bprm->prefix[bprm->nr_prefix++] = i_arg;
	bprm->prefix[bprm->nr_prefix++] = bprm->filename;
	bprm->interp = i_name;
	fput(bprm->file);
	bprm->file = file;
	bprm->script_depth++;
	return prepare_binprm(bprm);

noexec:
	kfree(line);
	return -ENOEXEC;
}

/* ==== the new stack ==== */

/* put_new_stack - write len bytes at addr of the new mm; 0 or -EFAULT. */
int put_new_stack(struct linux_binprm *bprm, unsigned long addr, const void *src, size_t len)
{
	return access_remote_vm(bprm->mm, addr, (void *)src, len, FOLL_WRITE | FOLL_FORCE) ==
	       (int)len ? 0 : -EFAULT;
}

/*
 * The stack VMA: room for the strings and tables, plus STACK_INIT_SIZE
 * for the program (eager: that is all the stack it has until the VM issue
 * makes it grow on faults), at most the stack rlimit beyond the arguments.
 */
static int setup_arg_pages(struct linux_binprm *bprm)
{
	unsigned long tables = (bprm_argc(bprm) + bprm->envc + 3) * sizeof(void *) +
			       AT_VECTOR_SIZE * sizeof(unsigned long) + 128;
	unsigned long need = PAGE_ALIGN(bprm->arg_bytes + tables + sizeof(void *));
	unsigned long size = need + STACK_INIT_SIZE, rlim = bprm->rlim_stack.rlim_cur & PAGE_MASK;
	unsigned long base, ret;

	if (size > rlim)
		size = max(need, rlim);
	base = STACK_TOP - size;
	if (find_vma_intersection(bprm->mm, base, STACK_TOP))
		return -EINVAL;			/* a PT_LOAD where the stack goes */
	ret = mmap_region(bprm->mm, NULL, base, size,
			  VM_STACK_FLAGS | (bprm->executable_stack ? VM_EXEC : 0), 0);
	return IS_ERR_VALUE(ret) ? (int)ret : 0;
}

/*
 * Copy string s (size len with its NUL, as measured) to just below
 * bprm->p.  The last byte is written as NUL whatever the source holds now.
 */
static int copy_string(struct linux_binprm *bprm, const char *s, bool kernel, long len,
		       char *buf)
{
	bprm->p -= len;
	for (long off = 0; off < len; off += PAGE_SIZE) {
		long chunk = min(len - off, (long)PAGE_SIZE);

		if (kernel)
			memcpy(buf, s + off, chunk);
		else if (copy_from_user(buf, (const char __user *)s + off, chunk))
			return -EFAULT;
		if (off + chunk == len)
			buf[chunk - 1] = '\0';
		if (put_new_stack(bprm, bprm->p + off, buf, chunk))
			return -EFAULT;
	}
	return 0;
}

/*
 * Where create_elf_tables puts argc: below the strings, "x86_64" and the
 * random bytes, 16-byte aligned (Linux's STACK_ROUND), computed before
 * the strings are copied so that each string's pointer can be stored as
 * it is copied.
 */
static unsigned long elf_tables_sp(struct linux_binprm *bprm, int nr_auxv)
{
	unsigned long p = (STACK_TOP - sizeof(void *) - bprm->arg_bytes) & ~15UL;
	unsigned long items = bprm_argc(bprm) + 1 + bprm->envc + 1 + 1;

	p -= sizeof(ELF_PLATFORM);
	p -= 16;			/* AT_RANDOM */
	p -= nr_auxv * 2 * sizeof(unsigned long);
	return (p - items * sizeof(unsigned long)) & ~15UL;
}

/* Copy one list of strings from last to first, storing each one's address at ptrs[i]. */
static int copy_strings(struct linux_binprm *bprm, int n, bool env, unsigned long ptrs, char *buf)
{
	for (int i = n - 1; i >= 0; i--) {
		bool kernel = false;
		const char *s = env ? bprm_env(bprm, i, &kernel) : bprm_arg(bprm, i, &kernel);
		long len;
		unsigned long addr;
		int err;

		if (IS_ERR(s) || !s)
			return -EFAULT;
		len = arg_strlen(s, kernel);
		if (len < 0)
			return len;
		if (STACK_TOP - sizeof(void *) - (bprm->p - len) > bprm->arg_bytes)
			return -EFAULT;		/* the strings changed since they were measured */
		err = copy_string(bprm, s, kernel, len, buf);
		if (err)
			return err;
		addr = bprm->p;
		err = put_new_stack(bprm, ptrs + i * sizeof(unsigned long), &addr, sizeof(addr));
		if (err)
			return err;
	}
	return 0;
}

/* AT_HWCAP: the CPUID.1:EDX feature bits (Linux's ELF_HWCAP on x86). */
static unsigned long elf_hwcap(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return d;
}

/* Fill auxv (AT_* pairs, AT_NULL last) into mm->saved_auxv; returns the number of pairs. */
static int build_auxv(struct linux_binprm *bprm, unsigned long u_platform, unsigned long u_rand)
{
	unsigned long *v = bprm->mm->saved_auxv;
	int n = 0;

#define NEW_AUX_ENT(id, val) do { v[n++] = (id); v[n++] = (val); } while (0)
	NEW_AUX_ENT(AT_HWCAP, elf_hwcap());
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, USER_HZ);
	NEW_AUX_ENT(AT_PHDR, bprm->phdr_addr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, bprm->phnum);
	NEW_AUX_ENT(AT_BASE, 0);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, bprm->entry);
	NEW_AUX_ENT(AT_UID, 0);
	NEW_AUX_ENT(AT_EUID, 0);
	NEW_AUX_ENT(AT_GID, 0);
	NEW_AUX_ENT(AT_EGID, 0);
	NEW_AUX_ENT(AT_SECURE, 0);
	NEW_AUX_ENT(AT_RANDOM, u_rand);
	NEW_AUX_ENT(AT_EXECFN, bprm->exec);
	NEW_AUX_ENT(AT_PLATFORM, u_platform);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT
	BUILD_BUG_ON(18 * 2 > AT_VECTOR_SIZE);
	return n / 2;
}

#define NR_AUXV		18	/* the pairs build_auxv writes, AT_NULL included */

/*
 * create_elf_tables - the strings, AT_PLATFORM, AT_RANDOM, then argc,
 * argv, envp and auxv at the 16-byte aligned sp (see the layout above).
 */
static int create_elf_tables(struct linux_binprm *bprm, char *buf)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long sp = elf_tables_sp(bprm, NR_AUXV), argv_p, envp_p, p, zero = 0;
	unsigned long argc = bprm_argc(bprm);
	u8 rand[16];
	int err;

	argv_p = sp + sizeof(unsigned long);
	envp_p = argv_p + (argc + 1) * sizeof(unsigned long);
	bprm->p = STACK_TOP - sizeof(void *);
	err = copy_string(bprm, bprm->filename, true, strlen(bprm->filename) + 1, buf);
	if (err)
		return err;
	bprm->exec = mm->env_end = bprm->p;
	err = copy_strings(bprm, bprm->envc, true, envp_p, buf);
	if (err)
		return err;
	mm->env_start = mm->arg_end = bprm->p;
	err = copy_strings(bprm, argc, false, argv_p, buf);
	if (err)
		return err;
	mm->arg_start = bprm->p;
	if (bprm->p != STACK_TOP - sizeof(void *) - bprm->arg_bytes)
		return -EFAULT;			/* the strings changed while being copied */

	p = bprm->p & ~15UL;
	p -= sizeof(ELF_PLATFORM);
	err = put_new_stack(bprm, p, ELF_PLATFORM, sizeof(ELF_PLATFORM));
	get_random_bytes(rand, sizeof(rand));
	err = err ?: put_new_stack(bprm, p - 16, rand, sizeof(rand));
	if (build_auxv(bprm, p, p - 16) != NR_AUXV)
		return -EINVAL;
	err = err ?: put_new_stack(bprm, sp, &argc, sizeof(argc));
	err = err ?: put_new_stack(bprm, argv_p + argc * sizeof(long), &zero, sizeof(zero));
	err = err ?: put_new_stack(bprm, envp_p + bprm->envc * sizeof(long), &zero, sizeof(zero));
	err = err ?: put_new_stack(bprm, envp_p + (bprm->envc + 1) * sizeof(long), mm->saved_auxv,
				   NR_AUXV * 2 * sizeof(unsigned long));
	mm->start_stack = bprm->p = sp;
	return err;
}

/* ==== the point of no return ==== */

/* exec_mmap - run on bprm->mm from now on, and let go of the old address space. */
static void exec_mmap(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm, *old_active = tsk->active_mm;
	unsigned long flags;

	if (old_mm)
		mm_release(tsk, old_mm);
	flags = arch_local_irq_save();
	tsk->mm = tsk->active_mm = bprm->mm;
	switch_mm(old_active, bprm->mm);
	arch_local_irq_restore(flags);
	bprm->mm = NULL;
	if (old_mm)
		mmput(old_mm);
}

/*
 * start_thread - the saved user registers start the new image: rip =
 * entry, rsp = sp, user CS/SS, interrupts on, every other register 0
 * (Linux's start_thread_common).
 */
static void start_thread(struct pt_regs *regs, unsigned long new_ip, unsigned long new_sp)
{
	u64 orig_rax = regs->orig_rax, error_code = regs->error_code;

	memset(regs, 0, sizeof(*regs));
	regs->orig_rax = orig_rax;		/* still "in execve" for the syscall exit path */
	regs->error_code = error_code;
	regs->rip = new_ip;
	regs->rsp = new_sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
}

/*
 * begin_new_exec - commit: nothing can fail from here on.  Linux's
 * begin_new_exec + setup_new_exec, minus threads.
 */
static void begin_new_exec(struct linux_binprm *bprm)
{
	struct task_struct *me = current;

	exec_mmap(bprm);
	me->flags &= ~PF_KTHREAD;
	if (me->files)
		do_close_on_exec(me->files);
	flush_signal_handlers(me, 0);
	me->sas_ss_sp = 0;
	me->sas_ss_size = 0;
	me->sas_ss_flags = 0;
	set_task_comm(me, bprm->filename);
	me->thread.fsbase = 0;
	me->thread.gsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	fpu_flush_thread();
	start_thread(task_pt_regs(me), bprm->entry, bprm->p);
}

/* bprm_release - free what bprm still holds (see exec.h). */
void bprm_release(struct linux_binprm *bprm)
{
	if (bprm->mm)
		mmput(bprm->mm);
	bprm->mm = NULL;
	if (bprm->file)
		fput(bprm->file);
	bprm->file = NULL;
	kfree(bprm->script_line);
	bprm->script_line = NULL;
}

/* Load the file (a script's interpreter, then the ELF), measure and lay out everything. */
static int bprm_build(struct linux_binprm *bprm)
{
	char *buf;
	int err;

	err = prepare_binprm(bprm);
	if (err)
		return err;
	if (bprm->buf[0] == '#' && bprm->buf[1] == '!') {
		err = load_script(bprm);
		if (err)
			return err;
		if (bprm->buf[0] == '#' && bprm->buf[1] == '!')
			return -ELOOP;
		err = bprm_measure(bprm);
		if (err)
			return err;
	}
	err = load_elf_binary(bprm);
	if (err)
		return err;
	err = setup_arg_pages(bprm);
	if (err)
		return err;
	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = create_elf_tables(bprm, buf);
	free_page((unsigned long)buf);
	return err;
}

/*
 * do_execveat_common - the whole exec for filename (kernel string) with
 * argv/envp; 0 once the task runs the new image, or -errno with the
 * caller untouched.
 */
static int do_execveat_common(const char *filename, struct user_arg_ptr argv,
			      struct user_arg_ptr envp)
{
	struct linux_binprm *bprm;
	int err;

	if (!current->sighand) {	/* pid 1 leaving kernel-thread life */
		current->sighand = sighand_alloc();
		if (!current->sighand)
			return -ENOMEM;
	}
	bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	if (!bprm)
		return -ENOMEM;
	bprm->filename = bprm->interp = filename;
	bprm->argv = argv;
	bprm->envp = envp;
	bprm->rlim_stack = current->rlim[RLIMIT_STACK];
	bprm->file = open_exec(filename);
	if (IS_ERR(bprm->file)) {
		err = PTR_ERR(bprm->file);
		bprm->file = NULL;
		goto out;
	}
	err = bprm->argc = count(argv, MAX_ARG_STRINGS);
	if (err < 0)
		goto out;
	err = bprm->envc = count(envp, MAX_ARG_STRINGS);
	if (err < 0)
		goto out;
	if (bprm->argc == 0) {
		pr_warn("process '%s' launched '%s' with NULL argv: empty string added\n",
			current->comm, filename);
		bprm->prefix[bprm->nr_prefix++] = "";
	}
	err = bprm_measure(bprm);
	if (!err)
		err = bprm_build(bprm);
	if (!err)
		begin_new_exec(bprm);
out:
	bprm_release(bprm);
	kfree(bprm);
	return err;
}

/* do_execve - execve(2) with a kernel filename (see exec.h). */
int do_execve(const char *filename, const char *const __user *argv,
	      const char *const __user *envp)
{
	struct user_arg_ptr a = { .kernel = false, .ptr = argv };
	struct user_arg_ptr e = { .kernel = false, .ptr = envp };

	return do_execveat_common(filename, a, e);
}

/*
 * kernel_execve - exec with kernel arrays (see exec.h).  The caller is a
 * kernel thread (pid 1): its pt_regs are not a syscall frame, which
 * start_thread keeps as it finds them (orig_rax is made -1 here).
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	struct user_arg_ptr a = { .kernel = true, .ptr = argv };
	struct user_arg_ptr e = { .kernel = true, .ptr = envp };
	struct pt_regs *regs = task_pt_regs(current);

	regs->orig_rax = -1;
	regs->error_code = 0;
	return do_execveat_common(filename, a, e);
}

SYSCALL_DEFINE3(execve, const char __user *, filename, const char *const __user *, argv,
		const char *const __user *, envp)
{
	struct filename *name = getname(filename);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_execve(name->name, argv, envp);
	putname(name);
	return err;
}
