/*
 * arch/x86_64/mm/fault.c - the x86 half of a page fault (Linux's
 * arch/x86/mm/fault.c): from the CPU's error code to handle_mm_fault(),
 * and from a failure to a signal, a fixup or an oops.
 *
 * traps.c's do_page_fault() reads CR2 and calls one of:
 *
 *   do_user_addr_fault   an address below TASK_SIZE_MAX
 *     kernel mode: SMEP (executing user memory), SMAP (touching it outside
 *     stac/clac) or an instruction with no exception-table entry - the
 *     kernel itself dereferenced a user pointer - is a bug: the oops.
 *     Otherwise (a user access, or copy_*_user) the fault is the process's:
 *       error code -> FAULT_FLAG_WRITE / USER / INSTRUCTION
 *       vma = find_vma(mm, address); below a VM_GROWSDOWN VMA, expand_stack
 *       access_error(): the VMA forbids it -> SIGSEGV (SEGV_ACCERR)
 *       handle_mm_fault(vma, address, flags, regs)   <- the seam to mm/
 *     so that copy_to_user() can write a user page that was never touched
 *     (or is COW-shared) exactly as the program itself could.
 *   do_kern_addr_fault   an address in the kernel half: all kernel mappings
 *     are made up front, so it is always a bad access.
 *
 * What cannot be resolved (bad_area and friends, Linux's names):
 *   user mode        SIGSEGV - SEGV_MAPERR outside any VMA, SEGV_ACCERR
 *                    against its permissions - with Linux's log line
 *                      prog[42]: segfault at 0 ip 0000000000401136 sp 00007ffc9d1b2e30 error 4 in prog[401000+1000]
 *                    (when the program has no handler); SIGBUS (BUS_ADRERR)
 *                    past the end of a mapped file; out of memory:
 *                    pagefault_out_of_memory() (mm/oom_kill.c) - a task the
 *                    OOM killer chose dies of its SIGKILL on the way out,
 *                    anyone else has the OOM killer run and retries the fault.
 *   kernel mode      the uaccess instruction's fixup (copy_*_user returns
 *                    -EFAULT / bytes not copied), else page_fault_oops().
 *
 * Nothing here knows what a pte is: mm/ owns the policy, this file the
 * hardware's error code.  Interrupts are re-enabled while the fault is
 * handled if the faulting context had them on (a COW copy or a page
 * allocation takes a while; nothing here may run from an interrupt).
 *
 * Locking: the mm stable (mm/mmap.h: no mmap_lock yet).
 */
#include "arch/x86_64/extable.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/processor-flags.h"
#include "arch/x86_64/tlbflush.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/oom.h"

/*
 * show_signal_msg - Linux's line for an unhandled SIGSEGV from a fault:
 *   segv[42]: segfault at 0 ip 0000000000401136 sp 00007ffc9d1b2e30 error 4 in segv[401000+1000]
 * Init's faults are KERN_EMERG, everyone else's KERN_INFO.
 */
static void show_signal_msg(struct pt_regs *regs, u64 error_code, u64 address,
			    struct task_struct *tsk)
{
	if (!unhandled_signal(tsk, SIGSEGV))
		return;
	printk("%s%s[%d]: segfault at %llx ip %016llx sp %016llx error %llx",
	       tsk->pid > 1 ? KERN_INFO : KERN_EMERG, tsk->comm, tsk->pid,
	       address, regs->rip, regs->rsp, error_code);
	print_vma_addr(" in ", regs->rip);
	printk(KERN_CONT "\n");
}

/*
 * kernelmode_fixup_or_oops - a kernel-mode fault nothing resolved: resume
 * at the uaccess instruction's fixup, or oops.
 */
static void kernelmode_fixup_or_oops(struct pt_regs *regs, u64 error_code, u64 address)
{
	if (fixup_exception(regs))
		return;
	page_fault_oops(regs, error_code, address);
}

/*
 * __bad_area_nosemaphore - a bad access: SIGSEGV with si_code for user
 * mode (a kernel address always reads as a protection fault in the error
 * code, as Linux's sanitize_error_code does), the fixup or an oops for
 * the kernel.
 */
static void __bad_area_nosemaphore(struct pt_regs *regs, u64 error_code, u64 address,
				   int si_code)
{
	if (!user_mode(regs)) {
		kernelmode_fixup_or_oops(regs, error_code, address);
		return;
	}
	if (address >= TASK_SIZE_MAX)
		error_code |= X86_PF_PROT;
	record_user_fault(X86_TRAP_PF, error_code, address);
	show_signal_msg(regs, error_code, address, current);
	force_sig_fault(SIGSEGV, si_code, (void __user *)address);
}

/* bad_area_nosemaphore - nothing is mapped there (SEGV_MAPERR). */
static void bad_area_nosemaphore(struct pt_regs *regs, u64 error_code, u64 address)
{
	__bad_area_nosemaphore(regs, error_code, address, SEGV_MAPERR);
}

/*
 * bad_area - no VMA holds address (SEGV_MAPERR).  Linux's drops the
 * mmap_lock first; Pagoda has none yet, so it is bad_area_nosemaphore.
 */
static void bad_area(struct pt_regs *regs, u64 error_code, u64 address)
{
	bad_area_nosemaphore(regs, error_code, address);
}

/* bad_area_access_error - the VMA is there but forbids the access (SEGV_ACCERR). */
static void bad_area_access_error(struct pt_regs *regs, u64 error_code, u64 address)
{
	__bad_area_nosemaphore(regs, error_code, address, SEGV_ACCERR);
}

/* do_sigbus - past the end of a mapped file: SIGBUS (BUS_ADRERR), or the kernel's fixup. */
static void do_sigbus(struct pt_regs *regs, u64 error_code, u64 address)
{
	if (!user_mode(regs)) {
		kernelmode_fixup_or_oops(regs, error_code, address);
		return;
	}
	record_user_fault(X86_TRAP_PF, error_code, address);
	force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)address);
}

/* mm_fault_error - handle_mm_fault failed: turn VM_FAULT_* into what the faulting context gets. */
static void mm_fault_error(struct pt_regs *regs, u64 error_code, u64 address, vm_fault_t fault)
{
	if (fault & VM_FAULT_OOM) {
		if (!user_mode(regs))
			kernelmode_fixup_or_oops(regs, error_code, address);
		else
			pagefault_out_of_memory();
	} else if (fault & VM_FAULT_SIGBUS) {
		do_sigbus(regs, error_code, address);
	} else {
		bad_area_nosemaphore(regs, error_code, address);
	}
}

/*
 * access_error - does vma forbid this access (Linux's)?  A write needs
 * VM_WRITE; a protection fault that is not a write (a fetch from an NX
 * page) is always an error; a read of a not-present page needs any access.
 * An instruction fetch from a VMA without VM_EXEC maps the page (NX) and
 * faults again as a protection fault.
 */
static bool access_error(u64 error_code, struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/*
 * A kernel-mode fault on a user address that is a kernel bug whatever is
 * mapped there: executing user memory (SMEP), touching it outside
 * stac/clac (SMAP), or from an instruction that is not a uaccess one.
 */
static bool kernel_fault_is_bug(struct pt_regs *regs, u64 error_code)
{
	if (error_code & X86_PF_INSTR)
		return true;
	if ((read_cr4() & X86_CR4_SMAP) && !(regs->rflags & X86_EFLAGS_AC))
		return true;
	return !search_exception_tables(regs->rip);
}

/* The FAULT_FLAG_* for an x86 error code: the one translation mm/ needs. */
static unsigned int fault_flags(struct pt_regs *regs, u64 error_code)
{
	unsigned int flags = 0;

	if (user_mode(regs))
		flags |= FAULT_FLAG_USER;
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	return flags;
}

/*
 * The VMA for a fault at address: the one covering it, or the stack VMA
 * above it grown down to it (expand_stack checks the guard gap and
 * RLIMIT_STACK).  NULL: no VMA may hold address.
 */
static struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma = find_vma(mm, address);

	if (!vma || vma->vm_start <= address)
		return vma;
	if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, address))
		return NULL;
	return vma;
}

/* __do_user_addr_fault - do_user_addr_fault once the oops cases are out of the way. */
static void __do_user_addr_fault(struct pt_regs *regs, u64 error_code, u64 address)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	if (!mm) {				/* a kernel thread: no user memory at all */
		bad_area_nosemaphore(regs, error_code, address);
		return;
	}
	vma = lock_mm_and_find_vma(mm, address);
	if (!vma) {
		bad_area(regs, error_code, address);
		return;
	}
	if (access_error(error_code, vma)) {
		bad_area_access_error(regs, error_code, address);
		return;
	}
	fault = handle_mm_fault(vma, address, fault_flags(regs, error_code), regs);
	if (fault & VM_FAULT_ERROR)
		mm_fault_error(regs, error_code, address, fault);
}

/* do_user_addr_fault - a #PF on a user address (see traps.h). */
void do_user_addr_fault(struct pt_regs *regs, u64 error_code, u64 address)
{
	if (!user_mode(regs) && kernel_fault_is_bug(regs, error_code))
		page_fault_oops(regs, error_code, address);
	if (error_code & X86_PF_RSVD)		/* a corrupt page table (Linux's pgtable_bad) */
		page_fault_oops(regs, error_code, address);
	if (regs->rflags & X86_EFLAGS_IF)
		local_irq_enable();
	__do_user_addr_fault(regs, error_code, address);
	local_irq_disable();
}

/* do_kern_addr_fault - a #PF on a kernel address (see traps.h): always a bad access. */
void do_kern_addr_fault(struct pt_regs *regs, u64 error_code, u64 address)
{
	bad_area_nosemaphore(regs, error_code, address);
}
