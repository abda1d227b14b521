/*
 * kernel/printk.c - the kernel log.
 *
 * printk(fmt, ...) formats a message (kernel/lib/vsprintf.c), reads its level
 * from an optional KERN_<LEVEL> prefix ("\001" + digit), and:
 *   1. stamps every new line with the time since boot, "[    0.123456] ",
 *      in Linux's shape (seconds padded to 5 columns, microseconds to 6);
 *   2. appends the stamped text to the log ring buffer (log_buf), whatever
 *      the level, so that dmesg can read every message later;
 *   3. writes it to every registered console if level < console_loglevel
 *      (loglevel= on the command line; default 7: all but KERN_DEBUG).
 *
 * KERN_CONT continues the line the previous printk left open: no stamp.
 *
 * The ring buffer keeps the newest LOG_BUF_SIZE bytes: log_head counts every
 * byte ever written, so byte i lives at log_buf[i % LOG_BUF_SIZE] and the
 * oldest byte kept is max(0, log_head - LOG_BUF_SIZE).
 *
 * syslog(2) (klogctl, busybox's dmesg and klogd) reads the same ring, in
 * Linux's actions: READ_ALL returns the newest text kept (up to len bytes,
 * from the last CLEAR on), READ_CLEAR does that and clears, CLEAR forgets
 * everything logged so far (for READ_ALL; the text stays in the ring),
 * READ returns text not yet returned by READ (waiting, interruptibly, for
 * some: it re-checks each tick - printk may run under the scheduler's own
 * locks, so it wakes nobody), SIZE_UNREAD and SIZE_BUFFER give sizes, and
 * CONSOLE_OFF/ON/LEVEL set console_loglevel (dmesg -n).  Pagoda's ring
 * holds the stamped lines without Linux's "<level>" prefixes: the text
 * comes out as the console showed it (busybox dmesg strips those prefixes
 * anyway).  The syslog positions are byte counts like log_head.
 *
 * Locking: logbuf_lock (irqsave) covers the ring, the line state and the
 * console walk, so lines from interrupts and other CPUs do not interleave.
 * If the lock is held by this CPU's own broken path (an oops inside printk),
 * oops_in_progress makes printk skip the lock rather than deadlock.
 */
#include "kernel/printk.h"
#include "arch/x86_64/tsc.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char log_buf[LOG_BUF_SIZE];
static size_t log_head;			/* bytes ever written to log_buf */
static bool line_open;			/* the last text did not end in '\n' */
static bool line_shown;			/* ... and that open line went to the consoles */
static struct console *console_list;
static DEFINE_SPINLOCK(logbuf_lock);

/* register_console - start sending log lines to con (printed from now on). */
void register_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	con->next = console_list;
	console_list = con;
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

static void console_emit(const char *s, size_t n)
{
	for (struct console *con = console_list; con; con = con->next)
		con->write(con, s, n);
}

/* Writes one piece of text to the log and, if shown, to the consoles. */
static void emit(const char *s, size_t n, bool show)
{
	log_store(s, n);
	if (show)
		console_emit(s, n);
}

/* Splits text into lines, stamping each line that starts fresh. */
static void log_text(const char *text, size_t len, bool show)
{
	char stamp[32];

	while (len > 0) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl ? (size_t)(nl - text) + 1 : len;

		if (!line_open) {
			u64 ns = local_clock();
			int sn = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
					  ns / 1000000000ULL, (ns % 1000000000ULL) / 1000);
			emit(stamp, sn, show);
		}
		emit(text, n, show);
		line_open = !nl;
		line_shown = show;
		text += n;
		len -= n;
	}
}

/*
 * vprintk - log a message; see the top of this file.  Returns the number of
 * characters of the message (without its level prefix).
 */
int vprintk(const char *fmt, va_list args)
{
	char text[1024];
	const char *p = text;
	int level = LOGLEVEL_DEFAULT;
	bool cont = false;
	unsigned long flags = 0;
	int n;

	n = vscnprintf(text, sizeof(text), fmt, args);
	while (p[0] == KERN_SOH[0] && p[1]) {
		if (p[1] >= '0' && p[1] <= '7')
			level = p[1] - '0';
		else if (p[1] == 'c')
			cont = true;
		p += 2;
		n -= 2;
	}

	bool locked = !oops_in_progress;
	if (locked)
		spin_lock_irqsave(&logbuf_lock, flags);
	if (!cont && line_open)			/* a new message ends an open line */
		log_text("\n", 1, line_shown);
	log_text(p, n, level < console_loglevel);
	if (locked)
		spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

/* printk - log a message; see vprintk. */
int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/* log_buf_len - how many bytes of the log are kept (at most LOG_BUF_SIZE). */
size_t log_buf_len(void)
{
	return log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
}

/* log_buf_read - copy kept log text from byte 'from' of it; returns bytes copied. */
size_t log_buf_read(char *dst, size_t from, size_t len)
{
	unsigned long flags;
	size_t kept, first, n;

	spin_lock_irqsave(&logbuf_lock, flags);
	kept = log_buf_len();
	first = log_head - kept;
	n = from < kept ? min(len, kept - from) : 0;
	for (size_t i = 0; i < n; i++)
		dst[i] = log_buf[(first + from + i) % LOG_BUF_SIZE];
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

/* ---- syslog(2) ---- */

/* The actions (Linux's include/linux/syslog.h). */
#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

#define MINIMUM_CONSOLE_LOGLEVEL	1	/* CONSOLE_OFF leaves emergencies on */
#define SYSLOG_CHUNK			256	/* bytes copied out per lock hold */

static size_t syslog_pos;		/* log_head at the end of the last READ */
static size_t clear_pos;		/* log_head at the last CLEAR */
static int saved_console_loglevel = -1;	/* while CONSOLE_OFF; -1: not off */

/* The oldest position still in the ring; logbuf_lock held. */
static size_t log_first_pos(void)
{
	return log_head - log_buf_len();
}

/*
 * Copies the log from absolute position pos (moved up to the oldest byte
 * kept if it fell out) into buf, at most len bytes, in chunks, to user
 * space.  Returns bytes copied or -EFAULT; *end gets the position reached.
 */
static int syslog_copy(char __user *buf, size_t pos, size_t len, size_t *end)
{
	char chunk[SYSLOG_CHUNK];
	size_t done = 0;

	while (done < len) {
		unsigned long flags;
		size_t n;

		spin_lock_irqsave(&logbuf_lock, flags);
		if (pos < log_first_pos())
			pos = log_first_pos();
		n = min(min(len - done, log_head - pos), sizeof(chunk));
		for (size_t i = 0; i < n; i++)
			chunk[i] = log_buf[(pos + i) % LOG_BUF_SIZE];
		spin_unlock_irqrestore(&logbuf_lock, flags);
		if (!n)
			break;
		if (copy_to_user(buf + done, chunk, n))
			return -EFAULT;
		done += n;
		pos += n;
	}
	*end = pos;
	return (int)done;
}

/* READ_ALL/READ_CLEAR: the newest len bytes since the last CLEAR. */
static int syslog_read_all(char __user *buf, size_t len, bool clear)
{
	unsigned long flags;
	size_t start, end;
	int n;

	spin_lock_irqsave(&logbuf_lock, flags);
	start = clear_pos > log_first_pos() ? clear_pos : log_first_pos();
	if (log_head - start > len)
		start = log_head - len;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	n = syslog_copy(buf, start, len, &end);
	if (n >= 0 && clear)
		clear_pos = end;
	return n;
}

/* READ: what no READ returned yet; waits for some (re-checking each tick). */
static int syslog_read(char __user *buf, size_t len)
{
	size_t end;
	int n;

	while (READ_ONCE(log_head) == READ_ONCE(syslog_pos)) {
		if (signal_pending_current())
			return -ERESTARTSYS;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout(1);
	}
	n = syslog_copy(buf, syslog_pos, len, &end);
	if (n > 0)
		syslog_pos = end;
	return n;
}

/* CONSOLE_OFF/ON/LEVEL: console_loglevel (what printk shows on the consoles). */
static int syslog_console(int type, int level)
{
	switch (type) {
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == -1)
			saved_console_loglevel = console_loglevel;
		console_loglevel = MINIMUM_CONSOLE_LOGLEVEL;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != -1) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	default:			/* CONSOLE_LEVEL */
		if (level < 1 || level > 8)
			return -EINVAL;
		console_loglevel = level < MINIMUM_CONSOLE_LOGLEVEL ? MINIMUM_CONSOLE_LOGLEVEL : level;
		saved_console_loglevel = -1;	/* an explicit level ends CONSOLE_OFF */
		return 0;
	}
}

/*
 * syslog(2) (glibc's klogctl): see the top of this file.  The read actions
 * return bytes copied (-EINVAL for a NULL buf or a negative len); the
 * others 0, or a size; an unknown type -EINVAL.  Pagoda has one user
 * (root): no permission checks.
 */
SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (type == SYSLOG_ACTION_READ)
			return syslog_read(buf, (size_t)len);
		return syslog_read_all(buf, (size_t)len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		clear_pos = READ_ONCE(log_head);
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return syslog_console(type, len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (int)(READ_ONCE(log_head) - READ_ONCE(syslog_pos) > log_buf_len() ?
			     log_buf_len() : READ_ONCE(log_head) - READ_ONCE(syslog_pos));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	default:
		return -EINVAL;
	}
}
