/*
 * kernel/exec.h - running a new program in the current task: execve
 * (kernel/exec.c; Linux's include/linux/binfmts.h).
 *
 * struct linux_binprm carries one exec from the arguments to the point of
 * no return.  Everything that can fail happens while building bprm->mm, a
 * complete new address space that nobody runs on yet; only then does the
 * task switch to it (begin_new_exec), so a failed exec returns its error
 * to a caller whose memory, files and handlers are untouched.
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "arch/x86_64/page.h"
#include "kernel/elf.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/types.h"

#define BINPRM_BUF_SIZE		256		/* bytes of the file read to recognise it */
#define MAX_ARG_STRLEN		(PAGE_SIZE * 32)	/* longest argument or environment string */
#define MAX_ARG_STRINGS		0x7fffffff
#define ARG_MAX			131072		/* the smallest argument space (Linux's ARG_MAX) */
#define BINPRM_MAX_SCRIPT	1		/* "#!" levels: one interpreter, as the issue asks */

struct file;
struct mm_struct;

/* An argv or envp array: a user pointer (execve) or a kernel one (kernel_execve). */
struct user_arg_ptr {
	bool kernel;
	const char *const *ptr;		/* NULL: empty */
};

struct linux_binprm {
	char buf[BINPRM_BUF_SIZE];	/* the file's first bytes, zero-padded */
	struct file *file;		/* the file being loaded (a script's interpreter after "#!") */
	const void *image;		/* ktest: load from this buffer instead of file */
	size_t image_size;
	struct mm_struct *mm;		/* the new address space, until begin_new_exec */
	unsigned long p;		/* lowest byte used on the new stack (strings grow down) */
	unsigned long exec;		/* user address of the filename string: AT_EXECFN */
	struct rlimit rlim_stack;	/* RLIMIT_STACK at exec time */
	const char *filename;		/* the path execve was given */
	const char *interp;		/* the path of the file really loaded */

	/* arguments: prefix[0..nr_prefix) (kernel strings added by "#!"), then argv[argv_skip..] */
	struct user_arg_ptr argv, envp;
	int argc, envc;			/* of the arrays as given */
	const char *prefix[3];
	int nr_prefix, argv_skip;
	unsigned long arg_bytes;	/* all the strings, NULs included */
	unsigned long arg_limit;	/* what they may take (Linux's bprm_stack_limits) */
	int script_depth;

	/* from the ELF loader */
	unsigned long entry;		/* e_entry + load_bias */
	unsigned long load_bias;	/* 0 for ET_EXEC */
	unsigned long phdr_addr;	/* AT_PHDR */
	unsigned long phnum;		/* AT_PHNUM */
	bool executable_stack;		/* PT_GNU_STACK with PF_X */
	char *script_line;		/* "#!" line storage (kmalloc), freed at the end */
};

/*
 * kernel_execve - exec filename with kernel argv/envp arrays (NULL-
 * terminated) in the current task: how pid 1 starts /init.  0 on success:
 * task_pt_regs(current) then holds the new program's registers and the
 * task is no longer a kernel thread, so returning to ret_from_fork enters
 * user mode; -errno otherwise (nothing changed).
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);
/*
 * do_execve - execve(2) with filename already in kernel memory and user
 * argv/envp arrays.  0 (the task now runs the new image from its pt_regs)
 * or -errno with the caller intact.
 */
int do_execve(const char *filename, const char *const __user *argv,
	      const char *const __user *envp);

/* ---- helpers shared by kernel/exec.c and kernel/binfmt_elf.c ---- */
/* open_exec - open name to execute it: a regular file with an x bit, else -EACCES. */
struct file *open_exec(const char *name);
/* bprm_read - len bytes at pos of the file being loaded (or the test image); bytes or -errno. */
ssize_t bprm_read(struct linux_binprm *bprm, long long pos, void *buf, size_t len);
/* bprm_file_size - the size of the file being loaded. */
u64 bprm_file_size(struct linux_binprm *bprm);
/* put_new_stack - write len bytes at addr of bprm->mm (any protection); 0 or -EFAULT. */
int put_new_stack(struct linux_binprm *bprm, unsigned long addr, const void *src, size_t len);

/* ---- the stages, exposed for kernel/exec_test.c ---- */
/*
 * load_elf_binary (kernel/binfmt_elf.c) - recognise bprm->buf (read already) and build bprm->mm:
 * the ELF's segments with their permissions and the bss, brk, entry and
 * AT_PHDR.  No stack, no arguments.  0 or -errno; on error bprm->mm may
 * hold a partial address space (free it with bprm_release).
 */
int load_elf_binary(struct linux_binprm *bprm);
/* bprm_release - free what a linux_binprm still holds (mm, file, buffers). */
void bprm_release(struct linux_binprm *bprm);

#endif /* KERNEL_EXEC_H */
