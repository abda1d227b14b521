/*
 * kernel/printk_test.c - ktest suite `printk` for the kernel log (kernel/printk.c).
 *
 * What is checked: a message lands in the log ring buffer (log_buf_read),
 * each line behind a "[    s.uuuuuu] " stamp and without its KERN_<LEVEL>
 * prefix; KERN_CONT continues a line without a stamp; a message at or above
 * console_loglevel reaches the ring but no console, and one below it
 * reaches the consoles; and when more than LOG_BUF_SIZE bytes have been
 * written the ring keeps exactly LOG_BUF_SIZE bytes, the newest ones.
 *
 * To see what reaches the consoles the suite's init registers a capture
 * console, once (there is no unregister_console yet); it records text only
 * while a case turns capturing on.  Messages the cases print for their own
 * sake go out with console_loglevel lowered to 0 (quiet_printk), so they
 * reach only the ring and do not break up the KTAP on the serial console.
 * The one message that must reach the consoles is itself a KTAP diagnostic
 * line ("    # ...").  The fill case overwrites the whole ring: what the
 * early boot printed is no longer in it after this suite.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define STAMP_LEN	15	/* "[    0.123456] " */
#define LOGLEVEL_INFO	6	/* the digit of KERN_INFO */

/* ---- capturing console output ---- */

static char capture_buf[512];
static size_t capture_len;
static bool capturing;

static void capture_write(struct console *con, const char *s, size_t n)
{
	if (!capturing)
		return;
	n = min(n, sizeof(capture_buf) - 1 - capture_len);
	memcpy(capture_buf + capture_len, s, n);
	capture_len += n;
	capture_buf[capture_len] = '\0';
}

static struct console capture_console = { .name = "ktest-capture", .write = capture_write };

/* printk_test_init - register the capture console (the first time the suite runs). */
static int printk_test_init(void)
{
	static bool registered;

	if (!registered) {
		register_console(&capture_console);
		registered = true;
	}
	return 0;
}

static void capture_start(void)
{
	capture_len = 0;
	capture_buf[0] = '\0';
	capturing = true;
}

static void capture_stop(void)
{
	capturing = false;
}

/* ---- helpers ---- */

/* printk with console_loglevel at 0: into the ring buffer only. */
static __printf(1, 2) void quiet_printk(const char *fmt, ...)
{
	int saved = console_loglevel;
	va_list args;

	console_loglevel = 0;
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	console_loglevel = saved;
}

/* A copy of the newest part of the log, NUL-terminated (static: it is big). */
static char log_copy[LOG_BUF_SIZE + 1];

/* Copies the newest 'want' bytes of the log into log_copy; returns how many. */
static size_t copy_log_tail(size_t want)
{
	size_t kept = log_buf_len();
	size_t n;

	want = min(want, kept);
	n = log_buf_read(log_copy, kept - want, want);
	log_copy[n] = '\0';
	return n;
}

/* Finds needle in the newest 4 KiB of the log (in log_copy), or NULL. */
static const char *find_in_log_tail(const char *needle)
{
	copy_log_tail(4096);
	return strstr(log_copy, needle);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Is there a "[sssss.uuuuuu] " stamp (seconds right-aligned in 5 columns)
 * just before p, at the start of a line?  p points into log_copy.
 */
static bool stamped(const char *p)
{
	const char *s = p - STAMP_LEN;

	if (s < log_copy || (s > log_copy && s[-1] != '\n'))
		return false;
	if (s[0] != '[' || s[6] != '.' || s[13] != ']' || s[14] != ' ' || !is_digit(s[5]))
		return false;
	for (int i = 1; i < 5; i++)
		if (s[i] != ' ' && !is_digit(s[i]))
			return false;
	for (int i = 7; i < 13; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Reads the 4-digit sequence number at p (as printed by the fill case); 0 or -1. */
static int parse_seq(const char *p, unsigned int *seq)
{
	*seq = 0;
	for (int i = 0; i < 4; i++) {
		if (!is_digit(p[i]))
			return -1;
		*seq = *seq * 10 + (p[i] - '0');
	}
	return p[4] == ' ' ? 0 : -1;
}

/* ---- cases ---- */

static void printk_message_reaches_log_buf(struct ktest *t)
{
	quiet_printk(KERN_INFO "printk_test: marker %d %s\n", 31337, "abc");
	KTEST_EXPECT_NOT_NULL(t, find_in_log_tail("printk_test: marker 31337 abc\n"));
}

static void printk_stamps_each_line(struct ktest *t)
{
	const char *p;

	quiet_printk(KERN_INFO "printk_test: stamped\n");
	p = find_in_log_tail("printk_test: stamped\n");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, stamped(p));

	/* Two lines in one call: each gets its own stamp. */
	quiet_printk(KERN_INFO "printk_test: line one\nprintk_test: line two\n");
	p = find_in_log_tail("printk_test: line one\n");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, stamped(p));
	p = strstr(p, "printk_test: line two\n");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, stamped(p));
}

static void printk_strips_level_prefix(struct ktest *t)
{
	int saved = console_loglevel;
	int n;

	console_loglevel = 0;
	n = printk(KERN_ERR "printk_test: level\n");
	console_loglevel = saved;
	KTEST_EXPECT_EQ(t, n, strlen("printk_test: level\n"));
	KTEST_EXPECT_NULL(t, find_in_log_tail(KERN_ERR "printk_test: level"));
	KTEST_EXPECT_NOT_NULL(t, find_in_log_tail("] printk_test: level\n"));
}

static void printk_cont_continues_line(struct ktest *t)
{
	const char *p;

	quiet_printk(KERN_INFO "printk_test: cont-a");
	quiet_printk(KERN_CONT "cont-b");
	quiet_printk(KERN_CONT "cont-c\n");
	p = find_in_log_tail("printk_test: cont-acont-bcont-c\n");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, stamped(p));
}

static void printk_above_console_loglevel_reaches_log_buf_only(struct ktest *t)
{
	int saved = console_loglevel;

	console_loglevel = LOGLEVEL_INFO;	/* shown: levels below 6, not 6 itself */
	capture_start();
	printk(KERN_INFO "printk_test: not for the console\n");
	printk(KERN_DEBUG "printk_test: debug, not for the console\n");
	capture_stop();
	console_loglevel = saved;

	KTEST_EXPECT_EQ(t, capture_len, 0);
	KTEST_EXPECT_NOT_NULL(t, find_in_log_tail("] printk_test: not for the console\n"));
	KTEST_EXPECT_NOT_NULL(t, find_in_log_tail("] printk_test: debug, not for the console\n"));
}

/* The message that must reach the consoles is shaped as a KTAP diagnostic. */
static void printk_below_console_loglevel_reaches_consoles(struct ktest *t)
{
	int saved = console_loglevel;
	const char *p;

	console_loglevel = LOGLEVEL_INFO;	/* shown: levels below 6 */
	capture_start();
	printk(KERN_NOTICE "    # printk_test: this line reached the consoles\n");
	capture_stop();
	console_loglevel = saved;

	p = strstr(capture_buf, "    # printk_test: this line reached the consoles\n");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p - capture_buf, STAMP_LEN);	/* the console gets the stamp too */
	KTEST_EXPECT_EQ(t, capture_buf[0], '[');
	KTEST_EXPECT_NOT_NULL(t, find_in_log_tail("] " "    # printk_test: this line reached"));
}

static void log_buf_read_bounds(struct ktest *t)
{
	char buf[32];
	size_t kept;

	quiet_printk(KERN_INFO "printk_test: bounds\n");
	kept = log_buf_len();
	KTEST_ASSERT_GT(t, kept, 20);
	KTEST_EXPECT_LE(t, kept, LOG_BUF_SIZE);
	KTEST_EXPECT_EQ(t, log_buf_read(buf, kept, sizeof(buf)), 0);
	KTEST_EXPECT_EQ(t, log_buf_read(buf, kept + 100, sizeof(buf)), 0);
	KTEST_EXPECT_EQ(t, log_buf_read(buf, kept - 10, sizeof(buf)), 10);
	KTEST_EXPECT_EQ(t, memcmp(buf + 10 - 7, "bounds\n", 7), 0);
	KTEST_EXPECT_EQ(t, log_buf_read(buf, 0, 0), 0);
}

#define FILL_LINES	800	/* about 100 bytes each: 80 KB > LOG_BUF_SIZE */

static void log_buf_keeps_newest_when_full(struct ktest *t)
{
	static const char pad[] = "................................................................";
	unsigned int first = 0, next;
	const char *p;
	size_t n;

	for (int i = 0; i < FILL_LINES; i++)
		quiet_printk(KERN_INFO "printk_test fill %04d %s\n", i, pad);
	KTEST_EXPECT_EQ(t, log_buf_len(), LOG_BUF_SIZE);

	n = copy_log_tail(LOG_BUF_SIZE);
	KTEST_ASSERT_EQ(t, n, LOG_BUF_SIZE);
	/* The newest line is last, whole. */
	KTEST_EXPECT_EQ(t, memcmp(log_copy + n - strlen(pad) - 1, pad, strlen(pad)), 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_copy, "printk_test fill 0799 "));
	/* The oldest lines are gone... */
	KTEST_EXPECT_NULL(t, strstr(log_copy, "printk_test fill 0000 "));
	/* ...and what is kept is a run of consecutive lines up to the newest. */
	p = strstr(log_copy, "printk_test fill ");
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_EQ(t, parse_seq(p + 17, &first), 0);
	KTEST_EXPECT_GT(t, first, 0);
	next = first;
	while ((p = strstr(p + 1, "printk_test fill ")) != NULL) {
		unsigned int seq;

		KTEST_ASSERT_EQ(t, parse_seq(p + 17, &seq), 0);
		KTEST_EXPECT_EQ(t, seq, ++next);
	}
	KTEST_EXPECT_EQ(t, next, FILL_LINES - 1);
	KTEST_EXPECT_GT(t, FILL_LINES - first, 500);	/* ~64 KB of 100-byte lines */
}

static struct ktest_case printk_cases[] = {
	KTEST_CASE(printk_message_reaches_log_buf),
	KTEST_CASE(printk_stamps_each_line),
	KTEST_CASE(printk_strips_level_prefix),
	KTEST_CASE(printk_cont_continues_line),
	KTEST_CASE(printk_above_console_loglevel_reaches_log_buf_only),
	KTEST_CASE(printk_below_console_loglevel_reaches_consoles),
	KTEST_CASE(log_buf_read_bounds),
	KTEST_CASE(log_buf_keeps_newest_when_full),
	{}
};
KTEST_SUITE(printk, printk_cases, .init = printk_test_init);
