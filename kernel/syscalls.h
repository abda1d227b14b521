/*
 * kernel/syscalls.h - how a system call is defined (Linux's SYSCALL_DEFINEn).
 *
 * A system call is written where its subsystem lives, with typed arguments:
 *
 *	SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
 *	{
 *		...
 *	}
 *
 * which defines two functions:
 *	static long __do_sys_read(unsigned int fd, char __user *buf, size_t count)
 *		the body above, with typed arguments;
 *	long __x64_sys_read(const struct pt_regs *regs)
 *		what the syscall table calls (arch/x86_64/syscall_64.c): it takes
 *		the arguments from the registers the x86-64 ABI passes them in -
 *		rdi, rsi, rdx, r10, r8, r9 - and converts each to its type.
 * The return value is the result or -errno; the entry code puts it in rax.
 * A syscall that is in the table but defined nowhere falls back to
 * sys_ni_syscall (-ENOSYS, logged once with its name).
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "arch/x86_64/traps.h"
#include "kernel/types.h"

/* Marks a pointer that holds a user-space address: never dereference it directly. */
#define __user

/*
 * __MAP(n, m, t1, a1, ..., tn, an) applies m(t, a) to each of n type/name
 * pairs, separated by commas (Linux's include/linux/syscalls.h).
 */
#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a)	t a		/* a typed parameter */
#define __SC_LONG(t, a)	long a		/* the same parameter as a whole register */
#define __SC_CAST(t, a)	(t) a		/* a register converted to the type */
#define __SC_ARGS(t, a)	a

/* The syscall ABI's argument registers, in order: rdi rsi rdx r10 r8 r9. */
#define SC_X86_64_REGS_TO_ARGS(x, ...)						\
	__MAP(x, __SC_ARGS, , regs->rdi, , regs->rsi, , regs->rdx,		\
	      , regs->r10, , regs->r8, , regs->r9)

/*
 * Three layers, as in Linux: __x64_sys_NAME reads the registers,
 * __se_sys_NAME ("sign-extend") receives them as longs and converts each to
 * its declared type, __do_sys_NAME is the body written by the programmer.
 */
#define SYSCALL_DEFINEx(x, name, ...)						\
	long __x64_sys_##name(const struct pt_regs *regs);			\
	static long __se_sys_##name(__MAP(x, __SC_LONG, __VA_ARGS__));		\
	static inline long __do_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__));	\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		return __se_sys_##name(SC_X86_64_REGS_TO_ARGS(x, __VA_ARGS__));	\
	}									\
	static long __se_sys_##name(__MAP(x, __SC_LONG, __VA_ARGS__))		\
	{									\
		return __do_sys_##name(__MAP(x, __SC_CAST, __VA_ARGS__));	\
	}									\
	static inline long __do_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE0(name)							\
	long __x64_sys_##name(const struct pt_regs *regs);			\
	static inline long __do_sys_##name(void);				\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		(void)regs;							\
		return __do_sys_##name();					\
	}									\
	static inline long __do_sys_##name(void)

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

#endif /* KERNEL_SYSCALLS_H */
