/*
 * arch/x86_64/uaccess.h - reading and writing user memory from the kernel
 * (Linux's asm/uaccess.h and linux/uaccess.h).
 *
 * A system call receives user pointers (marked __user) that it must never
 * dereference itself: a user can pass NULL, a kernel address, an unmapped
 * page or a read-only one.  Every access goes through these functions,
 * which
 *   1. check access_ok(): the whole range lies in user space, below
 *      TASK_SIZE_MAX, without wrapping around.  A NULL pointer is a user
 *      address (page 0 is never mapped) and fails in step 2; a kernel-half
 *      pointer fails here, without touching memory;
 *   2. do the access in arch/x86_64/usercopy.asm, between STAC and CLAC
 *      (SMAP forbids kernel access to user pages otherwise), with an
 *      exception-table entry (arch/x86_64/extable.h): a fault resumes at a
 *      fixup that reports the failure instead of oopsing.
 *
 * Return conventions are Linux's, and differ by function:
 *   copy_from_user/copy_to_user/clear_user   bytes NOT copied (0 = success);
 *                                            callers turn nonzero into -EFAULT
 *   get_user/put_user                        0 or -EFAULT
 *   strncpy_from_user                        length, count (no NUL), or -EFAULT
 *   strnlen_user                             strlen + 1, > n if too long, 0 on fault
 *
 * May be called with interrupts on or off.  With demand paging (the next
 * issue) a user access may sleep in the page-fault handler: do not hold a
 * spinlock across these calls.
 */
#ifndef ARCH_X86_64_UACCESS_H
#define ARCH_X86_64_UACCESS_H

#include "arch/x86_64/pgtable_types.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"	/* __user */
#include "kernel/types.h"

/* ---- arch/x86_64/usercopy.asm (see its header for the contracts) ---- */
unsigned long copy_user_generic(void *to, const void *from, unsigned long n);
unsigned long __clear_user(void __user *to, unsigned long n);
long __strncpy_from_user(char *dst, const char __user *src, long count);
long __strnlen_user(const char __user *s, long n);
int __get_user_1(const void __user *p, u64 *val);
int __get_user_2(const void __user *p, u64 *val);
int __get_user_4(const void __user *p, u64 *val);
int __get_user_8(const void __user *p, u64 *val);
int __put_user_1(void __user *p, u64 val);
int __put_user_2(void __user *p, u64 val);
int __put_user_4(void __user *p, u64 val);
int __put_user_8(void __user *p, u64 val);
/* Not defined anywhere: get_user/put_user on a size other than 1/2/4/8 fails to link. */
int __get_user_bad(void);
int __put_user_bad(void);

/*
 * access_ok - is [addr, addr + size) entirely user space?  True for
 * size 0 at any user address.  Checks the range only: the pages may still
 * be unmapped (then the access itself fails).
 */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return a <= TASK_SIZE_MAX && size <= TASK_SIZE_MAX - a;
}

/*
 * copy_from_user - copy n bytes from user src to kernel dst.  Returns the
 * bytes not copied; those bytes of dst are zeroed (as Linux does), so a
 * partial copy never leaves stale kernel data behind.
 */
static inline unsigned long copy_from_user(void *dst, const void __user *src, unsigned long n)
{
	unsigned long left = n;

	if (likely(access_ok(src, n)))
		left = copy_user_generic(dst, (const void *)src, n);
	if (unlikely(left))
		memset((char *)dst + (n - left), 0, left);
	return left;
}

/* copy_to_user - copy n bytes from kernel src to user dst; returns the bytes not copied. */
static inline unsigned long copy_to_user(void __user *dst, const void *src, unsigned long n)
{
	if (unlikely(!access_ok(dst, n)))
		return n;
	return copy_user_generic((void *)dst, src, n);
}

/* clear_user - zero n bytes of user memory; returns the bytes not cleared. */
static inline unsigned long clear_user(void __user *to, unsigned long n)
{
	if (unlikely(!access_ok(to, n)))
		return n;
	return __clear_user(to, n);
}

/*
 * strncpy_from_user - copy a NUL-terminated string of at most count bytes
 * (NUL included) from user space.  Returns its length without the NUL; or
 * count if there was no NUL in the first count bytes (dst is then NOT
 * terminated: callers treat it as "too long", e.g. -ENAMETOOLONG); or
 * -EFAULT.  A string that runs into the top of user space before count
 * bytes and without a NUL is -EFAULT, as in Linux.
 */
static inline long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (unsigned long)src;
	long max, res;

	if (count <= 0)
		return 0;
	if (a >= TASK_SIZE_MAX)
		return -EFAULT;
	max = min((unsigned long)count, TASK_SIZE_MAX - a);
	res = __strncpy_from_user(dst, src, max);
	if (res == max && max < count)
		return -EFAULT;		/* hit the end of user space, not count */
	return res;
}

/*
 * strnlen_user - the size of a user string including its NUL, looking at
 * no more than n bytes: a value > n if it is longer, 0 on a fault.
 */
static inline long strnlen_user(const char __user *s, long n)
{
	unsigned long a = (unsigned long)s;
	long max, res;

	if (n <= 0 || a >= TASK_SIZE_MAX)
		return 0;
	max = min((unsigned long)n, TASK_SIZE_MAX - a);
	res = __strnlen_user(s, max);
	if (res > max && max < n)
		return 0;		/* ran into the end of user space */
	return res;
}

/*
 * get_user(x, ptr) - read one 1/2/4/8-byte value from user space into x
 * (the size is sizeof(*ptr)).  Returns 0, or -EFAULT with x = 0.
 */
#define get_user(x, ptr) ({							\
	const __typeof__(*(ptr)) __user *__gu_ptr = (ptr);			\
	u64 __gu_val = 0;							\
	int __gu_err = -EFAULT;							\
	if (likely(access_ok(__gu_ptr, sizeof(*__gu_ptr)))) {			\
		switch (sizeof(*__gu_ptr)) {					\
		case 1: __gu_err = __get_user_1(__gu_ptr, &__gu_val); break;	\
		case 2: __gu_err = __get_user_2(__gu_ptr, &__gu_val); break;	\
		case 4: __gu_err = __get_user_4(__gu_ptr, &__gu_val); break;	\
		case 8: __gu_err = __get_user_8(__gu_ptr, &__gu_val); break;	\
		default: __gu_err = __get_user_bad(); break;			\
		}								\
	}									\
	(x) = (__typeof__(*(ptr)))__gu_val;					\
	__gu_err;								\
})

/*
 * put_user(x, ptr) - write x, converted to *ptr's type (1/2/4/8 bytes), to
 * user space.  Returns 0 or -EFAULT.
 */
#define put_user(x, ptr) ({							\
	__typeof__(*(ptr)) __user *__pu_ptr = (ptr);				\
	__typeof__(*(ptr)) __pu_x = (x);					\
	u64 __pu_val = (u64)__pu_x;						\
	int __pu_err = -EFAULT;							\
	if (likely(access_ok(__pu_ptr, sizeof(*__pu_ptr)))) {			\
		switch (sizeof(*__pu_ptr)) {					\
		case 1: __pu_err = __put_user_1(__pu_ptr, __pu_val); break;	\
		case 2: __pu_err = __put_user_2(__pu_ptr, __pu_val); break;	\
		case 4: __pu_err = __put_user_4(__pu_ptr, __pu_val); break;	\
		case 8: __pu_err = __put_user_8(__pu_ptr, __pu_val); break;	\
		default: __pu_err = __put_user_bad(); break;			\
		}								\
	}									\
	__pu_err;								\
})

#endif /* ARCH_X86_64_UACCESS_H */
