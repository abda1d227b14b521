/*
 * kernel/errno.h - Linux's error numbers (asm-generic/errno-base.h and
 * errno.h).  Kernel functions return 0 or -Exxx; system calls hand the same
 * negative value back to user space, where libc turns it into errno.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM		 1	/* Operation not permitted */
#define ENOENT		 2	/* No such file or directory */
#define ESRCH		 3	/* No such process */
#define EINTR		 4	/* Interrupted system call */
#define EIO		 5	/* I/O error */
#define ENXIO		 6	/* No such device or address */
#define E2BIG		 7	/* Argument list too long */
#define ENOEXEC		 8	/* Exec format error */
#define EBADF		 9	/* Bad file number */
#define ECHILD		10	/* No child processes */
#define EAGAIN		11	/* Try again */
#define ENOMEM		12	/* Out of memory */
#define EACCES		13	/* Permission denied */
#define EFAULT		14	/* Bad address */
#define ENOTBLK		15	/* Block device required */
#define EBUSY		16	/* Device or resource busy */
#define EEXIST		17	/* File exists */
#define EXDEV		18	/* Cross-device link */
#define ENODEV		19	/* No such device */
#define ENOTDIR		20	/* Not a directory */
#define EISDIR		21	/* Is a directory */
#define EINVAL		22	/* Invalid argument */
#define ENFILE		23	/* File table overflow */
#define EMFILE		24	/* Too many open files */
#define ENOTTY		25	/* Not a typewriter */
#define ETXTBSY		26	/* Text file busy */
#define EFBIG		27	/* File too large */
#define ENOSPC		28	/* No space left on device */
#define ESPIPE		29	/* Illegal seek */
#define EROFS		30	/* Read-only file system */
#define EMLINK		31	/* Too many links */
#define EPIPE		32	/* Broken pipe */
#define EDOM		33	/* Math argument out of domain of func */
#define ERANGE		34	/* Math result not representable */
#define EDEADLK		35	/* Resource deadlock would occur */
#define ENAMETOOLONG	36	/* File name too long */
#define ENOLCK		37	/* No record locks available */
#define ENOSYS		38	/* Invalid system call number */
#define ENOTEMPTY	39	/* Directory not empty */
#define ELOOP		40	/* Too many symbolic links encountered */
#define ENODATA		61	/* No data available */
#define EOVERFLOW	75	/* Value too large for defined data type */
#define EOPNOTSUPP	95	/* Operation not supported */
#define ETIMEDOUT	110	/* Connection timed out */

/*
 * Kernel-internal values (Linux's include/linux/errno.h): never seen by user
 * space.  A system call interrupted by a signal returns one of them; on the
 * way back to user mode the signal code (arch/x86_64/signal.c) turns it into
 * -EINTR or restarts the call:
 *   ERESTARTSYS            restart if the handler has SA_RESTART (or there is
 *                          no handler), else -EINTR
 *   ERESTARTNOINTR         always restart
 *   ERESTARTNOHAND         restart only if no handler runs, else -EINTR
 *   ERESTART_RESTARTBLOCK  as ERESTARTNOHAND (Pagoda has no restart_syscall:
 *                          a handler-less restart gives -EINTR)
 */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline int IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }

#endif /* KERNEL_ERRNO_H */
