/*
 * tests/host/vsprintf_test.c - kernel/lib/vsprintf.c against the C library.
 *
 * The model is the host's snprintf: for a format the kernel documents as
 * C99 (kernel/printk.h), the same format with the same arguments must give
 * the same bytes and the same return value, at every buffer size.  The main
 * case draws thousands of random conversions - flags, widths and precisions
 * (given or '*', negative ones too), length modifiers, values at the edges
 * of their types - and random buffer sizes, including 0 and sizes that cut
 * the output short.  Buffers are malloc'ed at exactly their size, so
 * AddressSanitizer catches a write one byte past the end.
 *
 * Where the kernel differs from C on purpose (Linux's way), a fixed case
 * says so: %p prints 0x and 16 digits, NULL %s prints "(null)", an unknown
 * conversion prints itself.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel_lib.h"

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

/* How the value is passed: its type after the default argument promotions. */
enum arg_class { ARG_INT, ARG_LONG, ARG_LLONG, ARG_STR, ARG_NONE };

/* One random conversion and its arguments. */
struct conv {
	char fmt[96];
	int nstars;		/* '*' widths and precisions before the value */
	int star[2];
	enum arg_class cls;
	long long value;	/* for ARG_INT/LONG/LLONG, cast at the call */
	const char *str;	/* for ARG_STR */
};

static int call(snprintf_fn fn, char *buf, size_t size, const struct conv *c)
{
#define CALL_WITH(arg)								\
	switch (c->nstars) {							\
	case 0: return fn(buf, size, c->fmt, arg);				\
	case 1: return fn(buf, size, c->fmt, c->star[0], arg);			\
	default: return fn(buf, size, c->fmt, c->star[0], c->star[1], arg);	\
	}
	switch (c->cls) {
	case ARG_INT: CALL_WITH((int)c->value);
	case ARG_LONG: CALL_WITH((long)c->value);
	case ARG_LLONG: CALL_WITH((long long)c->value);
	case ARG_STR: CALL_WITH(c->str);
	case ARG_NONE: break;
	}
	CALL_WITH(0);
#undef CALL_WITH
}

/* A value with a good chance of sitting on an edge of some integer type. */
static long long interesting_value(void)
{
	static const long long edges[] = {
		0, 1, -1, 7, 8, 9, 10, 15, 16, 255, 256, -128, 127, 32767, -32768, 65535,
		INT_MAX, INT_MIN, UINT_MAX, LLONG_MAX, LLONG_MIN, 0x7fffffffffffLL,
	};
	switch (host_rand_below(3)) {
	case 0:
		return edges[host_rand_below(sizeof(edges) / sizeof(edges[0]))];
	case 1:	/* a random number of random bits, either sign */
		return (long long)(host_rand() >> host_rand_below(64));
	default:
		return (long long)host_rand();
	}
}

static const char *random_string(void)
{
	static const char *pool[] = {
		"", "a", "pagoda", "hello, world", "with\ttab", "\xc3\xa9t\xc3\xa9",
		"a much longer string that goes past every width we try",
		"%d not a format here", "0123456789",
	};
	return pool[host_rand_below(sizeof(pool) / sizeof(pool[0]))];
}

/* Appends up to 'max' flags drawn from 'allowed' to *p. */
static void add_flags(char **p, const char *allowed)
{
	size_t n = strlen(allowed);

	for (int i = (int)host_rand_below(4); i > 0 && n; i--)
		*(*p)++ = allowed[host_rand_below(n)];
}

static void add_width(char **p, struct conv *c)
{
	switch (host_rand_below(4)) {
	case 0:
		*p += sprintf(*p, "%d", 1 + (int)host_rand_below(25));
		break;
	case 1:
		*(*p)++ = '*';
		c->star[c->nstars++] = (int)host_rand_below(51) - 25;
		break;
	}
}

static void add_precision(char **p, struct conv *c)
{
	switch (host_rand_below(5)) {
	case 0:
		*(*p)++ = '.';
		break;
	case 1:
		*p += sprintf(*p, ".%d", (int)host_rand_below(25));
		break;
	case 2:
		*p += sprintf(*p, ".*");
		c->star[c->nstars++] = (int)host_rand_below(31) - 5;
		break;
	}
}

/* Adds a length modifier for an integer conversion; sets how to pass it. */
static void add_length(char **p, struct conv *c)
{
	static const struct { const char *mod; enum arg_class cls; } lengths[] = {
		{ "", ARG_INT }, { "hh", ARG_INT }, { "h", ARG_INT }, { "l", ARG_LONG },
		{ "ll", ARG_LLONG }, { "z", ARG_LONG }, { "t", ARG_LONG },
	};
	int i = (int)host_rand_below(sizeof(lengths) / sizeof(lengths[0]));

	*p += sprintf(*p, "%s", lengths[i].mod);
	c->cls = lengths[i].cls;
}

/*
 * Builds a random conversion, only in combinations C defines (no '0' flag
 * for %s, no precision for %c, ...), between random literal text.
 */
static void random_conv(struct conv *c)
{
	static const char *texts[] = { "", "x", "value=", "%% ", " [", "]\n" };
	static const char convs[] = "diuxXocs%";
	char conv = convs[host_rand_below(sizeof(convs) - 1)];
	char *p = c->fmt;

	memset(c, 0, sizeof(*c));
	p += sprintf(p, "%s%%", texts[host_rand_below(6)]);
	c->cls = ARG_NONE;
	switch (conv) {
	case 'd': case 'i':
		add_flags(&p, "-+ 0");
		add_width(&p, c);
		add_precision(&p, c);
		add_length(&p, c);
		c->value = interesting_value();
		break;
	case 'u': case 'x': case 'X': case 'o':
		add_flags(&p, "-0#");
		add_width(&p, c);
		add_precision(&p, c);
		add_length(&p, c);
		c->value = interesting_value();
		break;
	case 'c':
		add_flags(&p, "-");
		add_width(&p, c);
		c->cls = ARG_INT;
		c->value = (long long)host_rand_below(256);
		break;
	case 's':
		add_flags(&p, "-");
		add_width(&p, c);
		add_precision(&p, c);
		c->cls = ARG_STR;
		c->str = random_string();
		break;
	}
	p += sprintf(p, "%c%s", conv, texts[host_rand_below(6)]);
}

/* s (n bytes of it) with \n, \t and other controls escaped, for one TAP line. */
static const char *show(const char *s, size_t n)
{
	static char bufs[4][512];
	static int next;
	char *out = bufs[next++ % 4], *p = out;

	for (size_t i = 0; i < n && s[i] && p < out + sizeof(bufs[0]) - 5; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n')
			p += sprintf(p, "\\n");
		else if (ch < ' ' || ch == 0x7f)
			p += sprintf(p, "\\x%02x", ch);
		else
			*p++ = (char)ch;
	}
	*p = '\0';
	return out;
}

/* The arguments of c, for a message: "(args 3, -7, 42)". */
static const char *args(const struct conv *c)
{
	static char buf[128];
	char *p = buf;

	p += sprintf(p, "(args ");
	for (int i = 0; i < c->nstars; i++)
		p += sprintf(p, "%d, ", c->star[i]);
	if (c->cls == ARG_STR)
		sprintf(p, "\"%s\")", show(c->str, SIZE_MAX));
	else
		sprintf(p, "%lld)", c->value);
	return buf;
}

/* Formats c with both implementations into exact-size buffers; compares. */
static void compare_one(const struct conv *c, size_t size)
{
	char *kbuf = size ? malloc(size) : NULL;
	char *lbuf = size ? malloc(size) : NULL;
	int kret = call(k_snprintf, kbuf, size, c);
	int lret = call(snprintf, lbuf, size, c);

	CHECK(kret == lret, "format \"%s\" %s (size %zu): kernel returned %d, libc %d",
	      show(c->fmt, SIZE_MAX), args(c), size, kret, lret);
	if (size && kret == lret) {
		size_t n = (size_t)lret < size ? (size_t)lret + 1 : size;

		CHECK(memcmp(kbuf, lbuf, n) == 0,
		      "format \"%s\" %s (size %zu): kernel \"%s\", libc \"%s\"",
		      show(c->fmt, SIZE_MAX), args(c), size, show(kbuf, n), show(lbuf, n));
		CHECK(kbuf[n - 1] == '\0', "format \"%s\" (size %zu): not NUL-terminated",
		      show(c->fmt, SIZE_MAX), size);
	}
	free(kbuf);
	free(lbuf);
}

static void vsnprintf_matches_libc_on_random_formats(void)
{
	for (long i = host_iterations(20000); i > 0; i--) {
		struct conv c;
		char big[512];
		int full;

		random_conv(&c);
		full = call(snprintf, big, sizeof(big), &c);
		compare_one(&c, sizeof(big));
		compare_one(&c, host_rand_below((uint64_t)full + 3));
	}
}

/* Formats with a fixed argument list into a 128-byte buffer. */
static const char *kfmt(const char *fmt, ...)
{
	static char buf[128];
	va_list args;

	va_start(args, fmt);
	k_vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	return buf;
}

#define EXPECT_FORMAT(want, fmt, ...) do {					\
	const char *__got = kfmt(fmt, __VA_ARGS__);				\
	CHECK(strcmp(__got, want) == 0, "\"%s\": got \"%s\", expected \"%s\"",	\
	      fmt, __got, want);						\
} while (0)

static void vsnprintf_edge_values(void)
{
	EXPECT_FORMAT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT_FORMAT("9223372036854775807", "%lld", LLONG_MAX);
	EXPECT_FORMAT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT_FORMAT("ffffffffffffffff", "%llx", ULLONG_MAX);
	EXPECT_FORMAT("-2147483648", "%d", INT_MIN);
	EXPECT_FORMAT("-1", "%zd", (ssize_t)-1);
	EXPECT_FORMAT("-0000042", "%08d", -42);
	EXPECT_FORMAT("-42     |", "%-8d|", -42);
}

/* Pagoda's (Linux's) own choices, where C says otherwise or nothing. */
static void vsnprintf_linux_conventions(void)
{
	const char *volatile null_str = NULL;	/* volatile: hide NULL from -Wformat */

	EXPECT_FORMAT("(null)", "%s", null_str);
	EXPECT_FORMAT("0x0000000000000000", "%p", (void *)0);
	EXPECT_FORMAT("0xffffffff80100000", "%p", (void *)0xffffffff80100000ULL);
	EXPECT_FORMAT("%y", "%y", 0);
	EXPECT_FORMAT("abc", "abc%", 0);
}

static void vsnprintf_size_zero_writes_nothing(void)
{
	char buf[4] = "xyz";

	CHECK(k_snprintf(NULL, 0, "%s", "hello") == 5, "NULL, 0: wrong length");
	CHECK(k_snprintf(buf, 0, "%d", 12345) == 5, "size 0: wrong length");
	CHECK(strcmp(buf, "xyz") == 0, "size 0 wrote into the buffer: \"%s\"", buf);
}

static void scnprintf_returns_what_was_written(void)
{
	char buf[8];

	CHECK(k_scnprintf(buf, sizeof(buf), "%s", "0123456789") == 7, "truncated: not 7");
	CHECK(strcmp(buf, "0123456") == 0, "truncated: \"%s\"", buf);
	CHECK(k_scnprintf(buf, sizeof(buf), "%d", 42) == 2, "short: not 2");
	CHECK(k_scnprintf(buf, 0, "%d", 42) == 0, "size 0: not 0");
}

static const struct host_test_case cases[] = {
	HOST_TEST(vsnprintf_matches_libc_on_random_formats),
	HOST_TEST(vsnprintf_edge_values),
	HOST_TEST(vsnprintf_linux_conventions),
	HOST_TEST(vsnprintf_size_zero_writes_nothing),
	HOST_TEST(scnprintf_returns_what_was_written),
};
HOST_TEST_MAIN(cases)
