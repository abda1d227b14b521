/*
 * kernel/time_types.h - the time structs of the system-call ABI (Linux's
 * include/uapi/linux/time_types.h), x86-64 layouts: what clock_gettime,
 * nanosleep, ppoll/pselect6, utimensat, gettimeofday, select and
 * getrusage copy to and from user space.
 *
 * One definition for every system call that takes one, so the layouts
 * cannot drift apart.  Kernel-internal time is nanoseconds in a u64
 * (kernel/time.c); these exist only at the user boundary.
 */
#ifndef KERNEL_TIME_TYPES_H
#define KERNEL_TIME_TYPES_H

#include "kernel/types.h"

#define NSEC_PER_SEC		1000000000ULL
#define NSEC_PER_USEC		1000ULL

/* struct timespec as the 64-bit ABI has it (16 bytes). */
struct __kernel_timespec {
	long long tv_sec;		/* seconds */
	long long tv_nsec;		/* nanoseconds, 0..999999999 */
};

/* struct timeval (16 bytes): gettimeofday, select, struct rusage. */
struct __kernel_old_timeval {
	long tv_sec;			/* seconds */
	long tv_usec;			/* microseconds, 0..999999 */
};

/*
 * timespec_valid - a time as clock_nanosleep, ppoll and pselect6 accept:
 * not negative, tv_nsec below a second (Linux's timespec64_valid; utimensat
 * has its UTIME_* specials on top).
 */
static inline bool timespec_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long long)NSEC_PER_SEC;
}

/* timespec_to_ns - a valid ts in nanoseconds (Linux's timespec64_to_ns). */
static inline u64 timespec_to_ns(const struct __kernel_timespec *ts)
{
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/* ns_to_timespec - ns as seconds and nanoseconds (Linux's ns_to_timespec64). */
static inline struct __kernel_timespec ns_to_timespec(u64 ns)
{
	return (struct __kernel_timespec){ .tv_sec = (long long)(ns / NSEC_PER_SEC),
					   .tv_nsec = (long long)(ns % NSEC_PER_SEC) };
}

#endif /* KERNEL_TIME_TYPES_H */
