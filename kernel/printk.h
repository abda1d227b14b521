/*
 * kernel/printk.h - the kernel log (kernel/printk.c) and formatted printing
 * (kernel/lib/vsprintf.c).
 *
 * Levels are Linux's: a message may start with KERN_<LEVEL> ("\0013" for
 * errors, ...).  Messages below the console loglevel (loglevel= on the command
 * line, default 7 so that everything but debug is shown) go only to the log
 * ring buffer; the rest also go to every console.  Each line is stamped with
 * the time since boot, "[    0.123456] ", taken from the TSC.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "kernel/compiler.h"
#include "kernel/types.h"

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"	/* continues the previous line: no stamp */

#define LOGLEVEL_DEFAULT	4	/* level of a message without KERN_<LEVEL> */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* show everything but KERN_DEBUG */

extern int console_loglevel;

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/*
 * A console is somewhere log lines go (the serial port; a VGA text console
 * later).  write() gets whole, already-stamped text and must not printk.
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	struct console *next;
};
void register_console(struct console *con);

/*
 * The log ring buffer: every message, whatever its level, for dmesg.
 * log_buf_read copies up to len bytes of the oldest text kept, starting at
 * byte offset 'from' of what is kept, and returns how many it copied.
 */
#define LOG_BUF_SIZE	(64 * 1024)
size_t log_buf_len(void);
size_t log_buf_read(char *dst, size_t from, size_t len);

/* ---- kernel/lib/vsprintf.c ----
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with flags '-', '0', '+', ' ',
 * '#', a width (or '*'), a precision for %s (or '.*'), and the length
 * modifiers h, hh, l, ll, z, t.  %p prints 0x and 16 hex digits.  A NULL %s
 * prints "(null)".  Return values follow C99: the length the output would
 * have had, not counting the NUL.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif /* KERNEL_PRINTK_H */
