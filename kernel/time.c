/*
 * kernel/time.c - clocks and sleeping: clock_gettime, clock_getres,
 * gettimeofday, time, nanosleep, clock_nanosleep, and reading the CMOS
 * real-time clock (Linux's kernel/time/ in miniature, plus
 * arch/x86/kernel/rtc.c's mach_get_cmos_time).
 *
 * Time sources:
 *   CLOCK_MONOTONIC, _RAW, _COARSE, CLOCK_BOOTTIME
 *                        local_clock(): nanoseconds since start_kernel,
 *                        from the TSC (arch/x86_64/tsc.c); Pagoda never
 *                        suspends, so boot time == monotonic time
 *   CLOCK_REALTIME, _COARSE
 *                        the wall clock: the CMOS RTC's seconds (UTC, read
 *                        once, on first use) plus the monotonic time elapsed
 *                        since that read.  No settimeofday: it never jumps.
 *   CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID
 *                        current's utime + stime (the scheduler's accounting)
 *
 * Sleeping: nanosleep sleeps in TASK_INTERRUPTIBLE with schedule_timeout
 * (jiffies, HZ = 100), re-checking a TSC deadline after each wake-up, so a
 * sleep is never shorter than asked (and up to a tick longer).  A signal
 * ends it early with -EINTR and the time left in *rem (Linux's nanosleep
 * says -EINTR too when a handler runs; Pagoda has no restart_syscall, so a
 * sleep interrupted by a signal without a handler also ends with -EINTR).
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/syscalls.h"
#include "kernel/time_types.h"

#define NSEC_PER_JIFFY		(NSEC_PER_SEC / HZ)

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define TIMER_ABSTIME			0x01

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

/* ==== the CMOS RTC (MC146818) ==== */

#define RTC_PORT_INDEX	0x70
#define RTC_PORT_DATA	0x71
#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_CENTURY	0x32	/* the ACPI FADT's usual century register */
#define RTC_UIP		0x80	/* register A: an update is in progress */
#define RTC_DM_BINARY	0x04	/* register B: binary, not BCD */
#define RTC_24H		0x02	/* register B: 24-hour mode */

static u8 cmos_read(u8 reg)
{
	outb(reg, RTC_PORT_INDEX);	/* bit 7 clear: NMIs stay enabled */
	return inb(RTC_PORT_DATA);
}

static unsigned int bcd2bin(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

struct rtc_time {
	unsigned int sec, min, hour, mday, mon, year;
};

/* Read every field once, after the update-in-progress flag has cleared. */
static void rtc_read_raw(struct rtc_time *t, u8 *century)
{
	for (int i = 0; i < 1000000 && (cmos_read(RTC_REG_A) & RTC_UIP); i++)
		cpu_relax();
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->mday = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	*century = cmos_read(RTC_CENTURY);
}

/*
 * mktime64 - seconds since 1970-01-01 00:00:00 UTC for a Gregorian date
 * (Linux's kernel/time/time.c, Gauss's algorithm: months shifted so that
 * February is last and its leap day falls at the end of the year).
 */
static u64 mktime64(unsigned int year, unsigned int mon, unsigned int day,
		    unsigned int hour, unsigned int min, unsigned int sec)
{
	if ((int)(mon -= 2) <= 0) {
		mon += 12;
		year -= 1;
	}
	return ((((u64)(year / 4 - year / 100 + year / 400 + 367 * mon / 12 + day) +
		  year * 365 - 719499) * 24 + hour) * 60 + min) * 60 + sec;
}

/*
 * read_persistent_clock - the RTC's time as seconds since the epoch.
 * Handles BCD and 12-hour mode; years 00-69 are 2000-2069 unless the
 * century register says otherwise.  Read until two reads agree, so a
 * second boundary between the reads cannot give a torn value.
 */
static u64 read_persistent_clock(void)
{
	struct rtc_time a, b;
	u8 century, c2, regb;
	bool pm;

	do {
		rtc_read_raw(&a, &century);
		rtc_read_raw(&b, &c2);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.mday != b.mday ||
		 a.mon != b.mon || a.year != b.year);
	regb = cmos_read(RTC_REG_B);
	pm = !(regb & RTC_24H) && (a.hour & 0x80);
	a.hour &= 0x7f;
	if (!(regb & RTC_DM_BINARY)) {
		a.sec = bcd2bin(a.sec);
		a.min = bcd2bin(a.min);
		a.hour = bcd2bin(a.hour);
		a.mday = bcd2bin(a.mday);
		a.mon = bcd2bin(a.mon);
		a.year = bcd2bin(a.year);
		century = bcd2bin(century);
	}
	if (!(regb & RTC_24H))
		a.hour = (a.hour % 12) + (pm ? 12 : 0);
	if (century >= 19 && century <= 30)
		a.year += century * 100;
	else
		a.year += a.year < 70 ? 2000 : 1900;
	return mktime64(a.year, a.mon, a.mday, a.hour, a.min, a.sec);
}

/* The wall clock at local_clock() == rtc_clock_ns; read once, lazily. */
static u64 rtc_seconds, rtc_clock_ns;
static bool rtc_valid;
static DEFINE_SPINLOCK(rtc_lock);

static u64 realtime_ns(void)
{
	unsigned long flags;

	if (!READ_ONCE(rtc_valid)) {
		spin_lock_irqsave(&rtc_lock, flags);
		if (!rtc_valid) {
			rtc_seconds = read_persistent_clock();
			rtc_clock_ns = local_clock();
			WRITE_ONCE(rtc_valid, true);
		}
		spin_unlock_irqrestore(&rtc_lock, flags);
	}
	return rtc_seconds * NSEC_PER_SEC + (local_clock() - rtc_clock_ns);
}

/* ==== reading clocks ==== */

/* The time on clock which in nanoseconds, or -EINVAL for an unknown clock. */
static long long clock_read_ns(int which)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return realtime_ns();
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return local_clock();
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return current->utime_ns + current->stime_ns;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(clock_gettime, int, which, struct __kernel_timespec __user *, tp)
{
	long long ns = clock_read_ns(which);
	struct __kernel_timespec ts;

	if (ns < 0)
		return ns;
	ts = ns_to_timespec(ns);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* clock_getres(2): every clock counts in nanoseconds (the coarse ones tick at HZ). */
SYSCALL_DEFINE2(clock_getres, int, which, struct __kernel_timespec __user *, tp)
{
	struct __kernel_timespec ts = { 0, 1 };

	if (clock_read_ns(which) < 0)
		return -EINVAL;
	if (which == CLOCK_REALTIME_COARSE || which == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = NSEC_PER_JIFFY;
	if (tp && copy_to_user(tp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv,
		struct timezone __user *, tz)
{
	u64 ns = realtime_ns();
	struct __kernel_old_timeval v = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / NSEC_PER_USEC };
	struct timezone z = { 0, 0 };

	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long t = realtime_ns() / NSEC_PER_SEC;

	if (tloc && put_user(t, tloc))
		return -EFAULT;
	return t;
}

/* ==== sleeping ==== */

/* A timespec from user space, validated as Linux does (-EFAULT, -EINVAL). */
static int get_timespec(struct __kernel_timespec *ts, const struct __kernel_timespec __user *uts)
{
	if (copy_from_user(ts, uts, sizeof(*ts)))
		return -EFAULT;
	if (!timespec_valid(ts))
		return -EINVAL;
	return 0;
}

/*
 * Sleep until local_clock() reaches deadline (monotonic ns).  0, or -EINTR
 * if a signal came first; *left is then the time that remained.
 */
static int do_nanosleep(u64 deadline, u64 *left)
{
	for (;;) {
		u64 now = local_clock();

		if (now >= deadline)
			return 0;
		/* The state first: a signal sent after the check still wakes us. */
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending_current()) {
			__set_current_state(TASK_RUNNING);
			*left = deadline - now;
			return -EINTR;
		}
		schedule_timeout(DIV_ROUND_UP(deadline - now, NSEC_PER_JIFFY));
		__set_current_state(TASK_RUNNING);
	}
}

/* The monotonic deadline of a sleep on clock which: relative, or absolute on that clock. */
static int sleep_deadline(int which, int flags, const struct __kernel_timespec *ts, u64 *deadline)
{
	u64 req = timespec_to_ns(ts);
	u64 now = local_clock();

	if (!(flags & TIMER_ABSTIME)) {
		*deadline = now + req;
		return 0;
	}
	if (which == CLOCK_REALTIME) {
		u64 wall = realtime_ns();

		*deadline = req > wall ? now + (req - wall) : now;
		return 0;
	}
	*deadline = req;		/* MONOTONIC and BOOTTIME are local_clock() */
	return 0;
}

/* Write the remaining time to rem after an interrupted relative sleep. */
static long sleep_interrupted(u64 left, struct __kernel_timespec __user *rem)
{
	struct __kernel_timespec ts = ns_to_timespec(left);

	if (rem && copy_to_user(rem, &ts, sizeof(ts)))
		return -EFAULT;
	return -EINTR;
}

SYSCALL_DEFINE2(nanosleep, struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	struct __kernel_timespec ts;
	u64 deadline, left;
	int err = get_timespec(&ts, rqtp);

	if (err)
		return err;
	sleep_deadline(CLOCK_MONOTONIC, 0, &ts, &deadline);
	if (do_nanosleep(deadline, &left))
		return sleep_interrupted(left, rmtp);
	return 0;
}

SYSCALL_DEFINE4(clock_nanosleep, int, which, int, flags,
		const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	struct __kernel_timespec ts;
	u64 deadline, left;
	int err;

	if (which != CLOCK_REALTIME && which != CLOCK_MONOTONIC && which != CLOCK_BOOTTIME)
		return which == CLOCK_THREAD_CPUTIME_ID ? -EINVAL : -EOPNOTSUPP;
	err = get_timespec(&ts, rqtp);
	if (err)
		return err;
	sleep_deadline(which, flags, &ts, &deadline);
	if (!do_nanosleep(deadline, &left))
		return 0;
	if (flags & TIMER_ABSTIME)
		return -EINTR;
	return sleep_interrupted(left, rmtp);
}
