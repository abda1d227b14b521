/*
 * kernel/lib/vsprintf_test.c - ktest suite `vsprintf` for kernel/lib/vsprintf.c.
 *
 * Every expected string below is what glibc's snprintf prints for the same
 * format and arguments (checked on the host), except in the cases marked
 * "Pagoda's choice": %p (glibc prints "(nil)" and minimal digits; Pagoda
 * prints 0x and 16 digits, like Linux's %px), and formats whose result C
 * leaves undefined.
 *
 * Truncation is checked byte by byte against a buffer filled with a
 * sentinel: the C99 contract is that the return value is the full length,
 * the output is NUL-terminated when size > 0, and nothing at or past
 * buf + size is touched.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define SENTINEL	0x5a

/*
 * expect_vprintf - format with vsnprintf into a 256-byte buffer and check the
 * text, the return value and that the NUL sits right after the text.
 */
static void expect_vprintf(struct ktest *t, int line, const char *expected,
			   const char *fmt, va_list args)
{
	static char buf[256];
	int n;

	memset(buf, SENTINEL, sizeof(buf));
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	if (n != (int)strlen(expected) || memcmp(buf, expected, strlen(expected) + 1))
		ktest_fail(t, __FILE__, line,
			   "Expected snprintf(\"%s\") == \"%s\", but\n        got \"%s\", returned %d",
			   fmt, expected, buf, n);
}

/* expect_printf - expect_vprintf, with GCC checking the format against the arguments. */
static __printf(4, 5) void expect_printf(struct ktest *t, int line, const char *expected,
					 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	expect_vprintf(t, line, expected, fmt, args);
	va_end(args);
}

/*
 * expect_printf_unchecked - the same without __printf: for valid formats that
 * -Wformat calls redundant ("'0' flag ignored with '-' flag"), which are
 * exactly what a printf must get right.
 */
static void expect_printf_unchecked(struct ktest *t, int line, const char *expected,
				    const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	expect_vprintf(t, line, expected, fmt, args);
	va_end(args);
}

#define EXPECT_PRINTF(t, expected, fmt, ...) \
	expect_printf(t, __LINE__, expected, fmt, ##__VA_ARGS__)
#define EXPECT_PRINTF_UNCHECKED(t, expected, fmt, ...) \
	expect_printf_unchecked(t, __LINE__, expected, fmt, ##__VA_ARGS__)

/* ---- conversions ---- */

static void vsnprintf_signed_decimal(struct ktest *t)
{
	EXPECT_PRINTF(t, "0", "%d", 0);
	EXPECT_PRINTF(t, "42", "%d", 42);
	EXPECT_PRINTF(t, "-42", "%d", -42);
	EXPECT_PRINTF(t, "-42", "%i", -42);
	EXPECT_PRINTF(t, "2147483647", "%d", INT32_MAX);
	EXPECT_PRINTF(t, "-2147483648", "%d", INT32_MIN);
	EXPECT_PRINTF(t, "-2147483648", "%i", INT32_MIN);
	EXPECT_PRINTF(t, "a1b-2c", "a%db%ic", 1, -2);
}

static void vsnprintf_unsigned_decimal(struct ktest *t)
{
	EXPECT_PRINTF(t, "0", "%u", 0u);
	EXPECT_PRINTF(t, "4294967295", "%u", 4294967295u);
	EXPECT_PRINTF(t, "4294967295", "%u", (unsigned int)-1);
	EXPECT_PRINTF(t, "2147483648", "%u", (unsigned int)INT32_MIN);
}

static void vsnprintf_hex_and_octal(struct ktest *t)
{
	EXPECT_PRINTF(t, "ff", "%x", 255u);
	EXPECT_PRINTF(t, "FF", "%X", 255u);
	EXPECT_PRINTF(t, "deadbeef", "%x", 0xdeadbeefu);
	EXPECT_PRINTF(t, "DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT_PRINTF(t, "ffffffff", "%x", (unsigned int)-1);
	EXPECT_PRINTF(t, "80000000", "%x", (unsigned int)INT32_MIN);
	EXPECT_PRINTF(t, "0", "%x", 0u);
	EXPECT_PRINTF(t, "10", "%o", 8u);
	EXPECT_PRINTF(t, "777", "%o", 0777u);
	EXPECT_PRINTF(t, "37777777777", "%o", 0xffffffffu);
	EXPECT_PRINTF(t, "0", "%o", 0u);
}

static void vsnprintf_alternate_form(struct ktest *t)
{
	EXPECT_PRINTF(t, "0xff", "%#x", 255u);
	EXPECT_PRINTF(t, "0XFF", "%#X", 255u);
	EXPECT_PRINTF(t, "010", "%#o", 8u);
	/* C99: no 0x for zero, and # on %o only adds a 0 if there is none. */
	EXPECT_PRINTF(t, "0", "%#x", 0u);
	EXPECT_PRINTF(t, "0", "%#X", 0u);
	EXPECT_PRINTF(t, "0", "%#o", 0u);
	EXPECT_PRINTF(t, "0", "%#.0o", 0u);
	EXPECT_PRINTF(t, "", "%#.0x", 0u);
	EXPECT_PRINTF(t, "010", "%#.3o", 8u);
	EXPECT_PRINTF(t, "00010", "%#.5o", 8u);
	EXPECT_PRINTF(t, "  010", "%#5o", 8u);
	EXPECT_PRINTF(t, "0x000ff", "%#.5x", 255u);
	EXPECT_PRINTF(t, "    0xff", "%#8x", 255u);
	EXPECT_PRINTF(t, "0xff    |", "%#-8x|", 255u);
	EXPECT_PRINTF(t, "0x0000ff", "%#08x", 255u);
	EXPECT_PRINTF(t, "       0", "%#8x", 0u);
}

static void vsnprintf_chars_and_percent(struct ktest *t)
{
	EXPECT_PRINTF(t, "A", "%c", 'A');
	EXPECT_PRINTF(t, "abc", "%c%c%c", 'a', 'b', 'c');
	EXPECT_PRINTF(t, "  A", "%3c", 'A');
	EXPECT_PRINTF(t, "A  |", "%-3c|", 'A');
	EXPECT_PRINTF(t, "  A", "%*c", 3, 'A');
	EXPECT_PRINTF(t, "\xff", "%c", 0xff);
	EXPECT_PRINTF(t, "%", "%%");
	EXPECT_PRINTF(t, "100%", "%d%%", 100);
	EXPECT_PRINTF(t, "%d", "%%d");
	EXPECT_PRINTF_UNCHECKED(t, "", "");
	EXPECT_PRINTF(t, "plain text", "plain text");
}

static void vsnprintf_char_nul_is_counted(struct ktest *t)
{
	char buf[8];
	int n;

	memset(buf, SENTINEL, sizeof(buf));
	n = snprintf(buf, sizeof(buf), "a%cb", 0);
	KTEST_EXPECT_EQ(t, n, 3);
	KTEST_EXPECT_EQ(t, buf[0], 'a');
	KTEST_EXPECT_EQ(t, buf[1], 0);
	KTEST_EXPECT_EQ(t, buf[2], 'b');
	KTEST_EXPECT_EQ(t, buf[3], 0);
	KTEST_EXPECT_EQ(t, buf[4], SENTINEL);
}

static void vsnprintf_strings(struct ktest *t)
{
	EXPECT_PRINTF(t, "hello", "%s", "hello");
	EXPECT_PRINTF(t, "", "%s", "");
	EXPECT_PRINTF(t, "     hello", "%10s", "hello");
	EXPECT_PRINTF(t, "hello     |", "%-10s|", "hello");
	EXPECT_PRINTF(t, "hello", "%3s", "hello");
	EXPECT_PRINTF(t, "     ", "%5s", "");
	EXPECT_PRINTF(t, "a-b", "%s-%s", "a", "b");
	EXPECT_PRINTF(t, "     hello", "%*s", 10, "hello");
	EXPECT_PRINTF(t, "hello     |", "%*s|", -10, "hello");
	EXPECT_PRINTF(t, "hello     |", "%-*s|", 10, "hello");
}

static void vsnprintf_string_precision(struct ktest *t)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };	/* no NUL */

	EXPECT_PRINTF(t, "hel", "%.3s", "hello");
	EXPECT_PRINTF(t, "", "%.0s", "hello");
	EXPECT_PRINTF(t, "hello", "%.10s", "hello");
	EXPECT_PRINTF(t, "       hel", "%10.3s", "hello");
	EXPECT_PRINTF(t, "hel       |", "%-10.3s|", "hello");
	EXPECT_PRINTF(t, "he", "%.*s", 2, "hello");
	EXPECT_PRINTF(t, "   he", "%*.*s", 5, 2, "hello");
	EXPECT_PRINTF(t, "hello", "%.*s", -1, "hello");	/* negative: no precision */
	/* The precision bounds the read: no NUL needed within it. */
	EXPECT_PRINTF(t, "abc", "%.3s", unterminated);
	EXPECT_PRINTF(t, "ab", "%.2s", unterminated);
}

static void vsnprintf_null_string(struct ktest *t)
{
	const char *volatile null = NULL;	/* volatile: keep -Wformat out of it */

	EXPECT_PRINTF(t, "(null)", "%s", null);
	EXPECT_PRINTF(t, "    (null)", "%10s", null);
	EXPECT_PRINTF(t, "(null)    |", "%-10s|", null);
	EXPECT_PRINTF(t, "[(null)]", "[%s]", null);
}

/* Pagoda's choice: %p is 0x and 16 hex digits (Linux's %px), padded to a width. */
static void vsnprintf_pointer(struct ktest *t)
{
	void *volatile null = NULL;

	EXPECT_PRINTF(t, "0x0000000000000000", "%p", null);
	EXPECT_PRINTF(t, "0x0000000000001234", "%p", (void *)0x1234);
	EXPECT_PRINTF(t, "0xffffffff80100000", "%p", (void *)0xffffffff80100000UL);
	EXPECT_PRINTF(t, "0xffff888000000000", "%p", (void *)0xffff888000000000UL);
	EXPECT_PRINTF(t, "  0x0000000000001234", "%20p", (void *)0x1234);
	EXPECT_PRINTF(t, "0x0000000000001234  |", "%-20p|", (void *)0x1234);
	EXPECT_PRINTF(t, "0x0000000000001234", "%5p", (void *)0x1234);
	EXPECT_PRINTF(t, "p=0x000000000000abcd.", "p=%p.", (void *)0xabcd);
}

/* ---- flags, width, precision ---- */

static void vsnprintf_width_and_justification(struct ktest *t)
{
	EXPECT_PRINTF(t, "   42", "%5d", 42);
	EXPECT_PRINTF(t, "  -42", "%5d", -42);
	EXPECT_PRINTF(t, "42   |", "%-5d|", 42);
	EXPECT_PRINTF(t, "-42  |", "%-5d|", -42);
	EXPECT_PRINTF(t, "123456", "%3d", 123456);
	EXPECT_PRINTF(t, "   42", "%*d", 5, 42);
	EXPECT_PRINTF(t, "42   |", "%*d|", -5, 42);	/* negative '*' width means '-' */
	EXPECT_PRINTF(t, "42   |", "%-*d|", 5, 42);
	EXPECT_PRINTF(t, "      ff", "%8x", 255u);
	EXPECT_PRINTF(t, "ff      |", "%-8x|", 255u);
	EXPECT_PRINTF(t, "   10", "%5o", 8u);
	EXPECT_PRINTF(t, "  4294967295", "%12u", 4294967295u);
}

static void vsnprintf_zero_padding(struct ktest *t)
{
	EXPECT_PRINTF(t, "00042", "%05d", 42);
	EXPECT_PRINTF(t, "-0042", "%05d", -42);
	EXPECT_PRINTF(t, "000000ff", "%08x", 255u);
	EXPECT_PRINTF(t, "000000FF", "%08X", 255u);
	EXPECT_PRINTF(t, "00010", "%05o", 8u);
	EXPECT_PRINTF(t, "00042", "%0*d", 5, 42);
	EXPECT_PRINTF_UNCHECKED(t, "42   |", "%-05d|", 42);	/* '-' beats '0' */
	EXPECT_PRINTF_UNCHECKED(t, "42   |", "%0-5d|", 42);
	EXPECT_PRINTF(t, "00000", "%05d", 0);
	EXPECT_PRINTF(t, "123456", "%05d", 123456);
}

static void vsnprintf_sign_flags(struct ktest *t)
{
	EXPECT_PRINTF(t, "+42", "%+d", 42);
	EXPECT_PRINTF(t, "-42", "%+d", -42);
	EXPECT_PRINTF(t, "+0", "%+d", 0);
	EXPECT_PRINTF(t, " 42", "% d", 42);
	EXPECT_PRINTF(t, "-42", "% d", -42);
	EXPECT_PRINTF_UNCHECKED(t, "+42", "%+ d", 42);		/* '+' beats ' ' */
	EXPECT_PRINTF_UNCHECKED(t, "+42", "% +d", 42);
	EXPECT_PRINTF(t, "  +42", "%+5d", 42);
	EXPECT_PRINTF(t, "+0042", "%+05d", 42);
	EXPECT_PRINTF(t, " 0042", "% 05d", 42);
	EXPECT_PRINTF(t, "+42  |", "%-+5d|", 42);
	EXPECT_PRINTF(t, "+2147483647", "%+d", INT32_MAX);
	EXPECT_PRINTF(t, "+9223372036854775807", "%+lld", (long long)INT64_MAX);
}

static void vsnprintf_number_precision(struct ktest *t)
{
	EXPECT_PRINTF(t, "007", "%.3d", 7);
	EXPECT_PRINTF(t, "-007", "%.3d", -7);
	EXPECT_PRINTF(t, "12345", "%.3d", 12345);
	EXPECT_PRINTF(t, "     007", "%8.3d", 7);
	EXPECT_PRINTF(t, "    -007", "%8.3d", -7);
	EXPECT_PRINTF(t, "007     |", "%-8.3d|", 7);
	EXPECT_PRINTF_UNCHECKED(t, "     007", "%08.3d", 7);	/* a precision turns '0' off */
	EXPECT_PRINTF(t, "    +007", "%+8.3d", 7);
	EXPECT_PRINTF(t, "00000000ff", "%.10x", 255u);
	EXPECT_PRINTF(t, "0010", "%.4o", 8u);
	EXPECT_PRINTF(t, "007", "%.*d", 3, 7);
	EXPECT_PRINTF(t, "7", "%.*d", -3, 7);		/* negative: no precision */
	EXPECT_PRINTF(t, "   007", "%*.*d", 6, 3, 7);
	EXPECT_PRINTF(t, "7", "%.d", 7);		/* "." alone is precision 0 */
}

static void vsnprintf_zero_precision_zero_value(struct ktest *t)
{
	/* C99: converting 0 with precision 0 prints no digits. */
	EXPECT_PRINTF(t, "", "%.0d", 0);
	EXPECT_PRINTF(t, "", "%.d", 0);
	EXPECT_PRINTF(t, "     ", "%5.0d", 0);
	EXPECT_PRINTF(t, "", "%.0x", 0u);
	EXPECT_PRINTF(t, "", "%.0u", 0u);
	EXPECT_PRINTF(t, "", "%.0o", 0u);
	EXPECT_PRINTF(t, "+", "%+.0d", 0);
	EXPECT_PRINTF(t, " ", "% .0d", 0);
	EXPECT_PRINTF(t, "[]", "[%.*d]", 0, 0);
	EXPECT_PRINTF(t, "1", "%.0d", 1);
}

/* ---- length modifiers ---- */

static void vsnprintf_char_and_short_lengths(struct ktest *t)
{
	EXPECT_PRINTF(t, "-56", "%hhd", 200);
	EXPECT_PRINTF(t, "127", "%hhd", 127);
	EXPECT_PRINTF(t, "-128", "%hhd", 128);
	EXPECT_PRINTF(t, "1", "%hhu", 257);
	EXPECT_PRINTF(t, "255", "%hhu", -1);
	EXPECT_PRINTF(t, "ff", "%hhx", 0x1ff);
	EXPECT_PRINTF(t, "377", "%hho", 0xff);
	EXPECT_PRINTF(t, "-25536", "%hd", 40000);
	EXPECT_PRINTF(t, "-32768", "%hd", 32768);
	EXPECT_PRINTF(t, "1", "%hu", 65537);
	EXPECT_PRINTF(t, "65535", "%hu", -1);
	EXPECT_PRINTF(t, "2345", "%hx", 0x12345);
	EXPECT_PRINTF(t, "FFFF", "%hX", -1);
}

static void vsnprintf_long_lengths(struct ktest *t)
{
	EXPECT_PRINTF(t, "-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT_PRINTF(t, "9223372036854775807", "%ld", (long)INT64_MAX);
	EXPECT_PRINTF(t, "18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
	EXPECT_PRINTF(t, "ffffffffffffffff", "%lx", (unsigned long)UINT64_MAX);
	EXPECT_PRINTF(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT_PRINTF(t, "-9223372036854775808", "%lli", (long long)INT64_MIN);
	EXPECT_PRINTF(t, "9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT_PRINTF(t, "18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "FFFFFFFFFFFFFFFF", "%llX", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "1777777777777777777777", "%llo", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "0xffffffffffffffff", "%#llx", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "01777777777777777777777", "%#llo", (unsigned long long)UINT64_MAX);
	EXPECT_PRINTF(t, "8000000000000000", "%llx", (unsigned long long)INT64_MIN);
	EXPECT_PRINTF(t, "4294967296", "%llu", 4294967296ULL);
	EXPECT_PRINTF(t, "  -9223372036854775808", "%22lld", (long long)INT64_MIN);
	EXPECT_PRINTF(t, "-009223372036854775808", "%022lld", (long long)INT64_MIN);
	EXPECT_PRINTF(t, "-0000009223372036854775808", "%.25lld", (long long)INT64_MIN);
}

static void vsnprintf_size_and_ptrdiff_lengths(struct ktest *t)
{
	EXPECT_PRINTF(t, "18446744073709551615", "%zu", (size_t)-1);
	EXPECT_PRINTF(t, "ffffffffffffffff", "%zx", (size_t)-1);
	EXPECT_PRINTF(t, "4096", "%zu", (size_t)4096);
	EXPECT_PRINTF(t, "-1", "%zd", (ssize_t)-1);
	EXPECT_PRINTF(t, "-9223372036854775808", "%zd", (ssize_t)INT64_MIN);
	EXPECT_PRINTF(t, "-5", "%td", (ptrdiff_t)-5);
	EXPECT_PRINTF(t, "9223372036854775807", "%td", (ptrdiff_t)INT64_MAX);
	EXPECT_PRINTF(t, "-9223372036854775808", "%td", (ptrdiff_t)INT64_MIN);
}

/* Arguments of mixed sizes must be fetched in order with the right widths. */
static void vsnprintf_mixed_arguments(struct ktest *t)
{
	EXPECT_PRINTF(t, "a=1 b=-2 c=ffffffffffffffff d=x e=str f=18446744073709551615 g=-7",
		      "a=%d b=%lld c=%llx d=%c e=%s f=%zu g=%hhd",
		      1, -2LL, (unsigned long long)-1, 'x', "str", (size_t)-1, -7);
	EXPECT_PRINTF(t, "[   ab|-0003|0x10|+5]", "[%*.*s|%0*d|%#x|%+d]",
		      5, 2, "abcdef", 5, -3, 16u, 5);
}

/* ---- buffer bounds ---- */

/* Formats "hello world" into size bytes of a sentinel-filled buffer. */
static int format_into(char *buf, size_t bufsize, size_t size)
{
	memset(buf, SENTINEL, bufsize);
	return snprintf(buf, size, "%s %s", "hello", "world");
}

static void vsnprintf_truncates(struct ktest *t)
{
	char buf[32];

	KTEST_EXPECT_EQ(t, format_into(buf, sizeof(buf), 5), 11);	/* the full length */
	KTEST_EXPECT_STREQ(t, buf, "hell");
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 5, SENTINEL, sizeof(buf) - 5));

	KTEST_EXPECT_EQ(t, format_into(buf, sizeof(buf), 11), 11);	/* one short */
	KTEST_EXPECT_STREQ(t, buf, "hello worl");
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 11, SENTINEL, sizeof(buf) - 11));

	KTEST_EXPECT_EQ(t, format_into(buf, sizeof(buf), 12), 11);	/* exact fit */
	KTEST_EXPECT_STREQ(t, buf, "hello world");
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 12, SENTINEL, sizeof(buf) - 12));

	KTEST_EXPECT_EQ(t, format_into(buf, sizeof(buf), 1), 11);	/* only the NUL */
	KTEST_EXPECT_EQ(t, buf[0], 0);
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 1, SENTINEL, sizeof(buf) - 1));
}

static void vsnprintf_size_zero_writes_nothing(struct ktest *t)
{
	char buf[16];

	KTEST_EXPECT_EQ(t, format_into(buf, sizeof(buf), 0), 11);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, SENTINEL, sizeof(buf)));
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%d", 123456), 6);	/* C99's sizing call */
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%s", ""), 0);
}

/* Truncation inside a conversion: padding, digits, a string. */
static void vsnprintf_truncates_inside_conversions(struct ktest *t)
{
	char buf[16];

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 4, "%d", 123456), 6);
	KTEST_EXPECT_STREQ(t, buf, "123");
	KTEST_EXPECT_EQ(t, buf[4], SENTINEL);

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 4, "%10d", 5), 10);
	KTEST_EXPECT_STREQ(t, buf, "   ");
	KTEST_EXPECT_EQ(t, buf[4], SENTINEL);

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 6, "%-3s|%s", "a", "xyz"), 7);
	KTEST_EXPECT_STREQ(t, buf, "a  |x");
	KTEST_EXPECT_EQ(t, buf[6], SENTINEL);

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 3, "%#x", 0xabcu), 5);
	KTEST_EXPECT_STREQ(t, buf, "0x");
	KTEST_EXPECT_EQ(t, buf[3], SENTINEL);
}

/* Output far longer than the buffer, and a long one that fits. */
static void vsnprintf_long_output(struct ktest *t)
{
	static char buf[300];

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 100, "%250d|", 1), 251);
	KTEST_EXPECT_EQ(t, strlen(buf), 99);
	KTEST_EXPECT_EQ(t, buf[98], ' ');
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 100, SENTINEL, sizeof(buf) - 100));

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%-250d|", 1), 251);
	KTEST_EXPECT_EQ(t, buf[0], '1');
	KTEST_EXPECT_EQ(t, buf[249], ' ');
	KTEST_EXPECT_EQ(t, buf[250], '|');
	KTEST_EXPECT_EQ(t, buf[251], 0);
}

static void scnprintf_returns_bytes_written(struct ktest *t)
{
	char buf[16];

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, scnprintf(buf, 5, "%s", "hello world"), 4);
	KTEST_EXPECT_STREQ(t, buf, "hell");
	KTEST_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%s", "hello"), 5);
	KTEST_EXPECT_STREQ(t, buf, "hello");
	KTEST_EXPECT_EQ(t, scnprintf(buf, 6, "%s", "hello"), 5);	/* exact fit */
	KTEST_EXPECT_EQ(t, scnprintf(buf, 5, "%s", "hello"), 4);	/* one short */
	KTEST_EXPECT_EQ(t, scnprintf(buf, 1, "%s", "hello"), 0);
	KTEST_EXPECT_EQ(t, buf[0], 0);
	KTEST_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%s", ""), 0);

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, scnprintf(buf, 0, "%s", "hello"), 0);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, SENTINEL, sizeof(buf)));
}

/* Appending with scnprintf never runs past the end (the reason it exists). */
static void scnprintf_appends_safely(struct ktest *t)
{
	char buf[10];
	int len = 0;

	memset(buf, SENTINEL, sizeof(buf));
	for (int i = 0; i < 10; i++)
		len += scnprintf(buf + len, 8 - len, "%d,", i);
	KTEST_EXPECT_EQ(t, len, 7);
	KTEST_EXPECT_STREQ(t, buf, "0,1,2,3");
	KTEST_EXPECT_EQ(t, buf[8], SENTINEL);
}

/* ---- malformed formats: Pagoda's choice (C leaves them undefined) ---- */

static void vsnprintf_malformed_formats(struct ktest *t)
{
	EXPECT_PRINTF_UNCHECKED(t, "abc", "abc%");		/* a lone '%' at the end */
	EXPECT_PRINTF_UNCHECKED(t, "%y", "%y");			/* unknown: printed as written */
	EXPECT_PRINTF_UNCHECKED(t, "1 %y 2", "%d %y %d", 1, 2);
}

static struct ktest_case vsprintf_cases[] = {
	KTEST_CASE(vsnprintf_signed_decimal),
	KTEST_CASE(vsnprintf_unsigned_decimal),
	KTEST_CASE(vsnprintf_hex_and_octal),
	KTEST_CASE(vsnprintf_alternate_form),
	KTEST_CASE(vsnprintf_chars_and_percent),
	KTEST_CASE(vsnprintf_char_nul_is_counted),
	KTEST_CASE(vsnprintf_strings),
	KTEST_CASE(vsnprintf_string_precision),
	KTEST_CASE(vsnprintf_null_string),
	KTEST_CASE(vsnprintf_pointer),
	KTEST_CASE(vsnprintf_width_and_justification),
	KTEST_CASE(vsnprintf_zero_padding),
	KTEST_CASE(vsnprintf_sign_flags),
	KTEST_CASE(vsnprintf_number_precision),
	KTEST_CASE(vsnprintf_zero_precision_zero_value),
	KTEST_CASE(vsnprintf_char_and_short_lengths),
	KTEST_CASE(vsnprintf_long_lengths),
	KTEST_CASE(vsnprintf_size_and_ptrdiff_lengths),
	KTEST_CASE(vsnprintf_mixed_arguments),
	KTEST_CASE(vsnprintf_truncates),
	KTEST_CASE(vsnprintf_size_zero_writes_nothing),
	KTEST_CASE(vsnprintf_truncates_inside_conversions),
	KTEST_CASE(vsnprintf_long_output),
	KTEST_CASE(scnprintf_returns_bytes_written),
	KTEST_CASE(scnprintf_appends_safely),
	KTEST_CASE(vsnprintf_malformed_formats),
	{}
};
KTEST_SUITE(vsprintf, vsprintf_cases);
