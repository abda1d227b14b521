/*
 * kernel/lib/string_test.c - ktest suite `string` for kernel/lib/string.c.
 *
 * The memory functions are checked across lengths and alignments (memcpy and
 * memset are "rep movsb/stosb", whose behaviour does not depend on either,
 * but a later optimised version would), with sentinel bytes around every
 * destination to catch a write one byte too far.  The string functions are
 * checked at their edges: empty strings, NUL as the character searched for,
 * bytes above 0x7f (compared as unsigned char, as C requires).  The number
 * parsers follow Linux's kstrto* contract: the whole string (and at most one
 * trailing '\n') must be a number, else -EINVAL; too big is -ERANGE; on an
 * error the result is left alone.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/string.h"

#define SENTINEL	0xa5

/* sign - -1, 0 or 1: C only promises the sign of a comparison. */
static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* ---- memory ---- */

static void memset_fills_exactly_n(struct ktest *t)
{
	static unsigned char buf[96];

	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n < 70; n += 3) {
			memset(buf, SENTINEL, sizeof(buf));
			KTEST_EXPECT_TRUE(t, memset(buf + off, 0x3c, n) == buf + off);
			KTEST_EXPECT_NULL(t, memchr_inv(buf, SENTINEL, off));
			KTEST_EXPECT_NULL(t, memchr_inv(buf + off, 0x3c, n));
			KTEST_EXPECT_NULL(t, memchr_inv(buf + off + n, SENTINEL,
							sizeof(buf) - off - n));
		}
	}
	memset(buf, 0, sizeof(buf));
	memset(buf, 0x1ff, 4);				/* converted to unsigned char */
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0xff, 4));
	KTEST_EXPECT_EQ(t, buf[4], 0);
}

static void memcpy_copies_exactly_n(struct ktest *t)
{
	static unsigned char src[80], dst[96];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t soff = 0; soff < 4; soff++) {
		for (size_t doff = 0; doff < 8; doff++) {
			for (size_t n = 0; n <= 70; n += 5) {
				memset(dst, SENTINEL, sizeof(dst));
				KTEST_EXPECT_TRUE(t, memcpy(dst + doff, src + soff, n) == dst + doff);
				KTEST_EXPECT_EQ(t, memcmp(dst + doff, src + soff, n), 0);
				KTEST_EXPECT_NULL(t, memchr_inv(dst, SENTINEL, doff));
				KTEST_EXPECT_NULL(t, memchr_inv(dst + doff + n, SENTINEL,
								sizeof(dst) - doff - n));
			}
		}
	}
}

/* Fills buf with 0, 1, 2, ... so that any misplaced byte shows. */
static void fill_counting(unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)i;
}

static void memmove_overlap_dst_above_src(struct ktest *t)
{
	unsigned char buf[64];

	for (size_t shift = 1; shift < 20; shift++) {
		fill_counting(buf, sizeof(buf));
		KTEST_EXPECT_TRUE(t, memmove(buf + shift, buf, 40) == buf + shift);
		for (size_t i = 0; i < 40; i++)
			KTEST_EXPECT_EQ(t, buf[shift + i], i);
		for (size_t i = 0; i < shift; i++)
			KTEST_EXPECT_EQ(t, buf[i], i);		/* the source's head is untouched */
		KTEST_EXPECT_EQ(t, buf[shift + 40], shift + 40);
	}
}

static void memmove_overlap_dst_below_src(struct ktest *t)
{
	unsigned char buf[64];

	for (size_t shift = 1; shift < 20; shift++) {
		fill_counting(buf, sizeof(buf));
		KTEST_EXPECT_TRUE(t, memmove(buf, buf + shift, 40) == buf);
		for (size_t i = 0; i < 40; i++)
			KTEST_EXPECT_EQ(t, buf[i], shift + i);
		for (size_t i = 40; i < sizeof(buf); i++)
			KTEST_EXPECT_EQ(t, buf[i], i);		/* nothing written past n */
	}
}

static void memmove_disjoint_same_and_empty(struct ktest *t)
{
	unsigned char buf[64];

	fill_counting(buf, sizeof(buf));
	memmove(buf + 32, buf, 16);			/* disjoint */
	for (size_t i = 0; i < 16; i++)
		KTEST_EXPECT_EQ(t, buf[32 + i], i);
	KTEST_EXPECT_EQ(t, buf[48], 48);

	fill_counting(buf, sizeof(buf));
	memmove(buf, buf, sizeof(buf));			/* onto itself */
	for (size_t i = 0; i < sizeof(buf); i++)
		KTEST_EXPECT_EQ(t, buf[i], i);

	memmove(buf + 1, buf, 0);			/* nothing */
	KTEST_EXPECT_EQ(t, buf[1], 1);
}

static void memcmp_orders_as_unsigned(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memcmp("abc", "abc", 3), 0);
	KTEST_EXPECT_EQ(t, memcmp("abc", "abd", 2), 0);
	KTEST_EXPECT_EQ(t, memcmp("abc", "xyz", 0), 0);
	KTEST_EXPECT_EQ(t, sign(memcmp("abc", "abd", 3)), -1);
	KTEST_EXPECT_EQ(t, sign(memcmp("abd", "abc", 3)), 1);
	KTEST_EXPECT_EQ(t, sign(memcmp("\x80", "\x01", 1)), 1);	/* unsigned bytes */
	KTEST_EXPECT_EQ(t, sign(memcmp("\x01", "\xff", 1)), -1);
	KTEST_EXPECT_EQ(t, memcmp("a\0b", "a\0b", 3), 0);	/* NUL is just a byte */
	KTEST_EXPECT_EQ(t, sign(memcmp("a\0b", "a\0c", 3)), -1);
}

static void memchr_finds_first_byte(struct ktest *t)
{
	static const char s[] = "hello\0world\xff";

	KTEST_EXPECT_TRUE(t, memchr(s, 'l', 11) == s + 2);
	KTEST_EXPECT_TRUE(t, memchr(s, 'w', 11) == s + 6);	/* past the NUL */
	KTEST_EXPECT_TRUE(t, memchr(s, '\0', 11) == s + 5);
	KTEST_EXPECT_NULL(t, memchr(s, 'w', 6));		/* bounded by n */
	KTEST_EXPECT_NULL(t, memchr(s, 'z', 12));
	KTEST_EXPECT_NULL(t, memchr(s, 'h', 0));
	KTEST_EXPECT_TRUE(t, memchr(s, 0xff, 12) == s + 11);
	KTEST_EXPECT_TRUE(t, memchr(s, -1, 12) == s + 11);	/* c is an unsigned char */
	KTEST_EXPECT_TRUE(t, memchr(s, 'h' + 256, 11) == s);
}

static void memchr_inv_finds_first_other_byte(struct ktest *t)
{
	unsigned char buf[40];

	memset(buf, 0x77, sizeof(buf));
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0x77, sizeof(buf)));
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0x00, 0));
	buf[31] = 0x78;
	KTEST_EXPECT_TRUE(t, memchr_inv(buf, 0x77, sizeof(buf)) == buf + 31);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0x77, 31));
	KTEST_EXPECT_TRUE(t, memchr_inv(buf, 0x78, sizeof(buf)) == buf);
	buf[0] = 0xff;
	KTEST_EXPECT_TRUE(t, memchr_inv(buf, 0x77, sizeof(buf)) == buf);
	KTEST_EXPECT_TRUE(t, memchr_inv(buf, 0x77 + 256, sizeof(buf)) == buf);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, -1, 1));		/* 0xff == (unsigned char)-1 */
}

/* ---- strings ---- */

static void strlen_and_strnlen(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen("a"), 1);
	KTEST_EXPECT_EQ(t, strlen("hello"), 5);
	KTEST_EXPECT_EQ(t, strlen("ab\0cd"), 2);
	KTEST_EXPECT_EQ(t, strnlen("hello", 10), 5);
	KTEST_EXPECT_EQ(t, strnlen("hello", 5), 5);
	KTEST_EXPECT_EQ(t, strnlen("hello", 3), 3);
	KTEST_EXPECT_EQ(t, strnlen("hello", 0), 0);
	KTEST_EXPECT_EQ(t, strnlen("", 4), 0);
}

/* strnlen must not read past maxlen: here there is no NUL at all. */
static void strnlen_stops_at_maxlen(struct ktest *t)
{
	static const char no_nul[4] = { 'a', 'b', 'c', 'd' };

	KTEST_EXPECT_EQ(t, strnlen(no_nul, sizeof(no_nul)), 4);
	KTEST_EXPECT_EQ(t, strnlen(no_nul, 2), 2);
}

static void strcmp_orders_strings(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strcmp("", ""), 0);
	KTEST_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_EQ(t, sign(strcmp("abc", "abd")), -1);
	KTEST_EXPECT_EQ(t, sign(strcmp("abd", "abc")), 1);
	KTEST_EXPECT_EQ(t, sign(strcmp("ab", "abc")), -1);	/* a prefix sorts first */
	KTEST_EXPECT_EQ(t, sign(strcmp("abc", "ab")), 1);
	KTEST_EXPECT_EQ(t, sign(strcmp("", "a")), -1);
	KTEST_EXPECT_EQ(t, sign(strcmp("\x80", "a")), 1);	/* unsigned chars */
	KTEST_EXPECT_EQ(t, sign(strcmp("a", "\xff")), -1);
}

static void strncmp_compares_at_most_n(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strncmp("abcdef", "abcxyz", 3), 0);
	KTEST_EXPECT_EQ(t, sign(strncmp("abcdef", "abcxyz", 4)), -1);
	KTEST_EXPECT_EQ(t, strncmp("abc", "xyz", 0), 0);
	KTEST_EXPECT_EQ(t, strncmp("abc", "abc", 100), 0);	/* stops at the NUL */
	KTEST_EXPECT_EQ(t, sign(strncmp("ab", "abc", 3)), -1);
	KTEST_EXPECT_EQ(t, sign(strncmp("abc", "ab", 3)), 1);
	KTEST_EXPECT_EQ(t, strncmp("ab\0x", "ab\0y", 4), 0);	/* nothing after the NUL */
	KTEST_EXPECT_EQ(t, sign(strncmp("\x80", "a", 1)), 1);
}

static void strchr_and_strrchr(struct ktest *t)
{
	static const char s[] = "a/b/c";

	KTEST_EXPECT_TRUE(t, strchr(s, '/') == s + 1);
	KTEST_EXPECT_TRUE(t, strrchr(s, '/') == s + 3);
	KTEST_EXPECT_TRUE(t, strchr(s, 'a') == s);
	KTEST_EXPECT_TRUE(t, strrchr(s, 'a') == s);
	KTEST_EXPECT_TRUE(t, strchr(s, 'c') == s + 4);
	KTEST_EXPECT_NULL(t, strchr(s, 'x'));
	KTEST_EXPECT_NULL(t, strrchr(s, 'x'));
	/* The terminating NUL counts as part of the string. */
	KTEST_EXPECT_TRUE(t, strchr(s, '\0') == s + 5);
	KTEST_EXPECT_TRUE(t, strrchr(s, '\0') == s + 5);
	KTEST_EXPECT_NULL(t, strchr("", 'a'));
	KTEST_EXPECT_TRUE(t, strchr(s, '/' + 256) == s + 1);	/* c is a char */
}

static void strstr_finds_substrings(struct ktest *t)
{
	static const char s[] = "the cat sat";

	KTEST_EXPECT_TRUE(t, strstr(s, "cat") == s + 4);
	KTEST_EXPECT_TRUE(t, strstr(s, "the") == s);
	KTEST_EXPECT_TRUE(t, strstr(s, "sat") == s + 8);
	KTEST_EXPECT_TRUE(t, strstr(s, "at") == s + 5);		/* the first one */
	KTEST_EXPECT_TRUE(t, strstr(s, s) == s);
	KTEST_EXPECT_TRUE(t, strstr(s, "") == s);		/* empty needle */
	KTEST_EXPECT_TRUE(t, strstr("", "") != NULL);
	KTEST_EXPECT_NULL(t, strstr(s, "dog"));
	KTEST_EXPECT_NULL(t, strstr(s, "sat!"));		/* runs off the end */
	KTEST_EXPECT_NULL(t, strstr("", "a"));
	KTEST_EXPECT_NULL(t, strstr("ab", "abc"));
	KTEST_EXPECT_TRUE(t, strstr("aaab", "aab") != NULL);	/* restart after a partial match */
	KTEST_EXPECT_STREQ(t, strstr("aaab", "aab"), "aab");
}

static void strscpy_copies(struct ktest *t)
{
	char buf[8];

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, strscpy(buf, "", sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, "");
	KTEST_EXPECT_EQ(t, strscpy(buf, "1234567", sizeof(buf)), 7);	/* exactly fits */
	KTEST_EXPECT_STREQ(t, buf, "1234567");
	KTEST_EXPECT_EQ(t, strscpy(buf, "", 1), 0);
}

static void strscpy_truncates(struct ktest *t)
{
	char buf[12];

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "12345678", 8), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "1234567");			/* still terminated */
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 8, SENTINEL, sizeof(buf) - 8));

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", 1), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], 0);
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 1, SENTINEL, sizeof(buf) - 1));

	memset(buf, SENTINEL, sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", 0), -E2BIG);	/* size 0 writes nothing */
	KTEST_EXPECT_NULL(t, memchr_inv(buf, SENTINEL, sizeof(buf)));
}

/* ---- numbers ---- */

static void kstrtoull_bases(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_EQ(t, kstrtoull("0", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoull("12345", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 12345);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 17);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 8, &v), 0);
	KTEST_EXPECT_EQ(t, v, 15);
	KTEST_EXPECT_EQ(t, kstrtoull("ff", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 255);
	KTEST_EXPECT_EQ(t, kstrtoull("FF", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 255);
	KTEST_EXPECT_EQ(t, kstrtoull("0x1f", 16, &v), 0);	/* base 16 takes a "0x" */
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_EQ(t, kstrtoull("0X1F", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_EQ(t, kstrtoull("+42", 10, &v), 0);	/* one '+' is allowed */
	KTEST_EXPECT_EQ(t, v, 42);
	KTEST_EXPECT_EQ(t, kstrtoull("101", 2, &v), 0);
	KTEST_EXPECT_EQ(t, v, 5);
}

static void kstrtoull_base0_detects_prefix(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_EQ(t, kstrtoull("0x1f", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_EQ(t, kstrtoull("0XAB", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0xab);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 15);
	KTEST_EXPECT_EQ(t, kstrtoull("17", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 17);
	KTEST_EXPECT_EQ(t, kstrtoull("0", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoull("00", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoull("08", 0, &v), -EINVAL);	/* octal has no 8 */
	KTEST_EXPECT_EQ(t, kstrtoull("0x", 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("0xg", 0, &v), -EINVAL);
}

static void kstrtoull_limits(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551615", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, UINT64_MAX);
	KTEST_EXPECT_EQ(t, kstrtoull("0xffffffffffffffff", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, UINT64_MAX);
	KTEST_EXPECT_EQ(t, kstrtoull("1777777777777777777777", 8, &v), 0);
	KTEST_EXPECT_EQ(t, v, UINT64_MAX);
	v = 99;
	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("99999999999999999999", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("2000000000000000000000", 8, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, 99);				/* untouched on error */
}

static void kstrtoull_rejects_junk(struct ktest *t)
{
	unsigned long long v = 99;

	KTEST_EXPECT_EQ(t, kstrtoull("", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("\n", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("12a", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("a12", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(" 12", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("12 ", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("-1", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("+", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("++1", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("9", 8, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("12\n\n", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("12\nx", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 99);
}

static void kstrtoull_allows_trailing_newline(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_EQ(t, kstrtoull("12\n", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 12);
	KTEST_EXPECT_EQ(t, kstrtoull("0x10\n", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 16);
}

static void kstrtoll_signs_and_limits(struct ktest *t)
{
	long long v;

	KTEST_EXPECT_EQ(t, kstrtoll("-42", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, -42);
	KTEST_EXPECT_EQ(t, kstrtoll("+42", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42);
	KTEST_EXPECT_EQ(t, kstrtoll("-0", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoll("-0x10", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, -16);
	KTEST_EXPECT_EQ(t, kstrtoll("-010", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, -8);
	KTEST_EXPECT_EQ(t, kstrtoll("9223372036854775807", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT64_MAX);
	KTEST_EXPECT_EQ(t, kstrtoll("-9223372036854775808", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT64_MIN);
	KTEST_EXPECT_EQ(t, kstrtoll("-7\n", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, -7);
	v = 99;
	KTEST_EXPECT_EQ(t, kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoll("-18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoll("-", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("--5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("-+5", 10, &v), -EINVAL);	/* as Linux: one sign */
	KTEST_EXPECT_EQ(t, kstrtoll("+-5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("5-", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 99);
}

static void kstrtoint_limits(struct ktest *t)
{
	int v;

	KTEST_EXPECT_EQ(t, kstrtoint("2147483647", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT32_MAX);
	KTEST_EXPECT_EQ(t, kstrtoint("-2147483648", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT32_MIN);
	KTEST_EXPECT_EQ(t, kstrtoint("0x7fffffff", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT32_MAX);
	KTEST_EXPECT_EQ(t, kstrtoint("-0x80000000", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT32_MIN);
	KTEST_EXPECT_EQ(t, kstrtoint("0777", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0777);
	KTEST_EXPECT_EQ(t, kstrtoint("7\n", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 7);
	v = 99;
	KTEST_EXPECT_EQ(t, kstrtoint("2147483648", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("-2147483649", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("0x80000000", 0, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("4294967296", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("99999999999999999999", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("1.5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoint("", 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 99);
}

static void memparse_handles_suffixes(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memparse("128", NULL), 128);
	KTEST_EXPECT_EQ(t, memparse("4K", NULL), 4096);
	KTEST_EXPECT_EQ(t, memparse("4k", NULL), 4096);
	KTEST_EXPECT_EQ(t, memparse("2M", NULL), 2ULL << 20);
	KTEST_EXPECT_EQ(t, memparse("512m", NULL), 512ULL << 20);
	KTEST_EXPECT_EQ(t, memparse("1G", NULL), 1ULL << 30);
	KTEST_EXPECT_EQ(t, memparse("3g", NULL), 3ULL << 30);
	KTEST_EXPECT_EQ(t, memparse("1T", NULL), 1ULL << 40);
	KTEST_EXPECT_EQ(t, memparse("2t", NULL), 2ULL << 40);
	KTEST_EXPECT_EQ(t, memparse("0x10M", NULL), 16ULL << 20);
	KTEST_EXPECT_EQ(t, memparse("0", NULL), 0);
}

static void memparse_sets_end(struct ktest *t)
{
	static const char s1[] = "16M,rest", s2[] = "100", s3[] = "", s4[] = "64Kx";
	char *end;

	KTEST_EXPECT_EQ(t, memparse(s1, &end), 16ULL << 20);
	KTEST_EXPECT_TRUE(t, end == s1 + 3);			/* just past the suffix */
	KTEST_EXPECT_EQ(t, memparse(s2, &end), 100);
	KTEST_EXPECT_TRUE(t, end == s2 + 3);
	KTEST_EXPECT_EQ(t, memparse(s3, &end), 0);
	KTEST_EXPECT_TRUE(t, end == s3);
	KTEST_EXPECT_EQ(t, memparse(s4, &end), 64ULL << 10);
	KTEST_EXPECT_TRUE(t, end == s4 + 3);
}

static struct ktest_case string_cases[] = {
	KTEST_CASE(memset_fills_exactly_n),
	KTEST_CASE(memcpy_copies_exactly_n),
	KTEST_CASE(memmove_overlap_dst_above_src),
	KTEST_CASE(memmove_overlap_dst_below_src),
	KTEST_CASE(memmove_disjoint_same_and_empty),
	KTEST_CASE(memcmp_orders_as_unsigned),
	KTEST_CASE(memchr_finds_first_byte),
	KTEST_CASE(memchr_inv_finds_first_other_byte),
	KTEST_CASE(strlen_and_strnlen),
	KTEST_CASE(strnlen_stops_at_maxlen),
	KTEST_CASE(strcmp_orders_strings),
	KTEST_CASE(strncmp_compares_at_most_n),
	KTEST_CASE(strchr_and_strrchr),
	KTEST_CASE(strstr_finds_substrings),
	KTEST_CASE(strscpy_copies),
	KTEST_CASE(strscpy_truncates),
	KTEST_CASE(kstrtoull_bases),
	KTEST_CASE(kstrtoull_base0_detects_prefix),
	KTEST_CASE(kstrtoull_limits),
	KTEST_CASE(kstrtoull_rejects_junk),
	KTEST_CASE(kstrtoull_allows_trailing_newline),
	KTEST_CASE(kstrtoll_signs_and_limits),
	KTEST_CASE(kstrtoint_limits),
	KTEST_CASE(memparse_handles_suffixes),
	KTEST_CASE(memparse_sets_end),
	{}
};
KTEST_SUITE(string, string_cases);
