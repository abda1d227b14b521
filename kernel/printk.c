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
 * Locking: logbuf_lock (irqsave) covers the ring, the line state and the
 * console walk, so lines from interrupts and other CPUs do not interleave.
 * If the lock is held by this CPU's own broken path (an oops inside printk),
 * oops_in_progress makes printk skip the lock rather than deadlock.
 */
#include "kernel/printk.h"
#include "arch/x86_64/tsc.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

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
