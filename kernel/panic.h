/*
 * kernel/panic.h - panic, BUG and WARN (kernel/panic.c).
 *
 * BUG_ON(cond) is for broken invariants the kernel cannot go on from: it
 * prints "kernel BUG at file:line!" and executes ud2, so the invalid-opcode
 * handler prints a full oops (registers, call trace) and panics.
 * WARN_ON(cond) prints a warning with a call trace and carries on; it returns
 * cond so that it can sit in an if.  WARN_ON_ONCE warns the first time only:
 * use it for anything a user program can trigger.
 * panic() prints "Kernel panic - not syncing: <reason>" and stops the machine
 * (in a test run, QEMU exits with status 37, DESIGN.md §6).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/compiler.h"

__printf(1, 2) __noreturn void panic(const char *fmt, ...);
__noreturn void __bug(const char *file, int line);
void __warn(const char *file, int line, const char *func);

#define BUG()		__bug(__FILE__, __LINE__)
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)

#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		__warn(__FILE__, __LINE__, __func__);			\
	unlikely(__ret_warn_on);					\
})

#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	int __ret_warn_once = !!(cond);					\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		__warn(__FILE__, __LINE__, __func__);			\
	}								\
	unlikely(__ret_warn_once);					\
})

/* VM_BUG_ON: costly allocator checks, compiled in (Pagoda is a teaching kernel). */
#define VM_BUG_ON(cond)	BUG_ON(cond)

/* Set once panic() or an oops has begun: later oopses go straight to halt. */
extern int oops_in_progress;

#endif /* KERNEL_PANIC_H */
