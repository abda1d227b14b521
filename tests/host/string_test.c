/*
 * tests/host/string_test.c - kernel/lib/string.c against models.
 *
 * The memory and string helpers are checked against the C library on
 * random buffers (the sign of a comparison, the pointer a search returns,
 * overlapping moves both ways).  The number parsers have no exact libc
 * twin, so they are checked against a model built on strtoull with
 * Linux's kstrtoull rules spelled out (whole string, one trailing newline,
 * a leading '+', base 0 meaning 0x/0/decimal, -ERANGE on overflow) and by
 * properties: a number printed in any base parses back to itself;
 * memparse("<n><K|M|G|T>") is n shifted by 10, 20, 30 or 40 bits.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel_lib.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Fills buf with bytes from a small alphabet, so that matches are common. */
static void random_bytes(unsigned char *buf, size_t n, int alphabet)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)("ab\0\xff" "cdz"[host_rand_below((uint64_t)alphabet)]);
}

/* A NUL-terminated random string of length < max over a small alphabet. */
static void random_cstring(char *buf, size_t max)
{
	size_t n = host_rand_below(max);

	for (size_t i = 0; i < n; i++)
		buf[i] = "abc\xff"[host_rand_below(4)];
	buf[n] = '\0';
}

static void mem_functions_match_libc(void)
{
	for (long i = host_iterations(20000); i > 0; i--) {
		unsigned char a[64], b[64], k[80], l[80];
		size_t n = host_rand_below(64);
		int c = "ab\xff"[host_rand_below(3)];

		random_bytes(a, sizeof(a), 4);
		memcpy(b, a, sizeof(b));
		random_bytes(b, n / 2, 4);	/* b differs from a, if at all, early */
		CHECK(sign(k_memcmp(a, b, n)) == sign(memcmp(a, b, n)), "memcmp n=%zu", n);
		CHECK(k_memchr(a, c, n) == memchr(a, c, n), "memchr n=%zu", n);

		memset(k, 0x55, sizeof(k));
		memset(l, 0x55, sizeof(l));
		CHECK(k_memset(k + 3, c, n) == k + 3, "memset return");
		memset(l + 3, c, n);
		CHECK(memcmp(k, l, sizeof(k)) == 0, "memset n=%zu", n);
		CHECK(k_memcpy(k + 1, a, n) == k + 1, "memcpy return");
		memcpy(l + 1, a, n);
		CHECK(memcmp(k, l, sizeof(k)) == 0, "memcpy n=%zu", n);

		/* Overlapping moves, in both directions. */
		size_t from = host_rand_below(16), to = host_rand_below(16);

		CHECK(k_memmove(k + to, k + from, n) == k + to, "memmove return");
		memmove(l + to, l + from, n);
		CHECK(memcmp(k, l, sizeof(k)) == 0, "memmove %zu -> %zu, n=%zu", from, to, n);
	}
}

static void memchr_inv_finds_first_other_byte(void)
{
	for (long i = host_iterations(5000); i > 0; i--) {
		unsigned char a[48];
		size_t n = host_rand_below(sizeof(a) + 1);
		size_t other = host_rand_below(sizeof(a) + 1);	/* == size: none */
		unsigned char *want;

		memset(a, 'q', sizeof(a));
		if (other < sizeof(a))
			a[other] = 'r';
		want = other < n ? a + other : NULL;
		CHECK(k_memchr_inv(a, 'q', n) == want, "memchr_inv n=%zu other=%zu", n, other);
	}
}

static void str_functions_match_libc(void)
{
	for (long i = host_iterations(20000); i > 0; i--) {
		char a[24], b[24], dst[16];
		size_t n = host_rand_below(26);
		int c = "abc\xff"[host_rand_below(4)];
		ssize_t r;

		random_cstring(a, sizeof(a));
		random_cstring(b, sizeof(b) / 3);	/* short needles: strstr finds some */
		CHECK(k_strlen(a) == strlen(a), "strlen \"%s\"", a);
		CHECK(k_strnlen(a, n) == strnlen(a, n), "strnlen \"%s\", %zu", a, n);
		CHECK(sign(k_strcmp(a, b)) == sign(strcmp(a, b)), "strcmp \"%s\" \"%s\"", a, b);
		CHECK(sign(k_strncmp(a, b, n)) == sign(strncmp(a, b, n)),
		      "strncmp \"%s\" \"%s\" %zu", a, b, n);
		CHECK(k_strchr(a, c) == strchr(a, c), "strchr \"%s\" %d", a, c);
		CHECK(k_strchr(a, 0) == strchr(a, 0), "strchr \"%s\" NUL", a);
		CHECK(k_strrchr(a, c) == strrchr(a, c), "strrchr \"%s\" %d", a, c);
		CHECK(k_strstr(a, b) == strstr(a, b), "strstr \"%s\" \"%s\"", a, b);

		/* strscpy: Linux's contract, with snprintf("%s") as the model. */
		size_t size = host_rand_below(sizeof(dst)) + 1;
		char want[16];

		snprintf(want, size, "%s", a);
		r = k_strscpy(dst, a, size);
		CHECK(strcmp(dst, want) == 0, "strscpy \"%s\" size %zu: \"%s\"", a, size, dst);
		CHECK(r == (strlen(a) < size ? (ssize_t)strlen(a) : -E2BIG),
		      "strscpy \"%s\" size %zu returned %zd", a, size, r);
	}
}

/*
 * The model of kstrtoull: Linux's rules on top of strtoull.  Returns 0 and
 * sets *res, or -EINVAL / -ERANGE.
 */
static int model_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	const char *p = s + (*s == '+');
	char *end;
	unsigned long long v;

	/* strtoull would also take spaces and a sign here; Linux does not. */
	if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, (int)base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == p)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}

/* A random string of digits, letters and the odd sign, 'x' or newline. */
static void random_number_string(char *buf, size_t max)
{
	static const char alphabet[] = "0000111789abcdefxXg+-\n ";
	size_t n = host_rand_below(max);

	for (size_t i = 0; i < n; i++)
		buf[i] = alphabet[host_rand_below(sizeof(alphabet) - 1)];
	buf[n] = '\0';
}

static void kstrtoull_matches_model(void)
{
	static const unsigned int bases[] = { 0, 8, 10, 16 };

	for (long i = host_iterations(50000); i > 0; i--) {
		char s[32];
		unsigned int base = bases[host_rand_below(4)];
		unsigned long long kv = 0xdead, mv = 0xdead;
		int kr, mr;

		/* Random digit strings; long ones overflow. */
		random_number_string(s, host_rand_below(2) ? 6 : sizeof(s));
		kr = k_kstrtoull(s, base, &kv);
		mr = model_kstrtoull(s, base, &mv);
		CHECK(kr == mr, "kstrtoull(\"%s\", %u) returned %d, model %d", s, base, kr, mr);
		CHECK(kr != 0 || kv == mv, "kstrtoull(\"%s\", %u) = %llu, model %llu", s, base, kv, mv);
		CHECK(kr == 0 || kv == 0xdead, "kstrtoull(\"%s\", %u) wrote *res on error", s, base);
	}
}

static void kstrtoull_parses_what_printf_prints(void)
{
	for (long i = host_iterations(20000); i > 0; i--) {
		unsigned long long v = host_rand() >> host_rand_below(64), got = 0;
		static const struct { const char *fmt; unsigned int base; } forms[] = {
			{ "%llu", 10 }, { "%llu", 0 }, { "%llx", 16 }, { "0x%llx", 16 },
			{ "0x%llx", 0 }, { "0X%llX", 0 }, { "%llo", 8 }, { "0%llo", 0 },
			{ "+%llu\n", 10 },
		};
		int f = (int)host_rand_below(sizeof(forms) / sizeof(forms[0]));
		char s[40];
		int r;

		snprintf(s, sizeof(s), forms[f].fmt, v);
		r = k_kstrtoull(s, forms[f].base, &got);
		CHECK(r == 0 && got == v, "kstrtoull(\"%s\", %u) = %d, %llu", s, forms[f].base, r, got);
	}
}

static void kstrto_signed_ranges(void)
{
	long long ll = 0;
	int in = 0;

	CHECK(k_kstrtoull("18446744073709551615", 10, (unsigned long long *)&ll) == 0, "u64 max");
	CHECK(k_kstrtoull("18446744073709551616", 10, (unsigned long long *)&ll) == -ERANGE,
	      "u64 max + 1");
	CHECK(k_kstrtoll("-9223372036854775808", 10, &ll) == 0 && ll == LLONG_MIN, "s64 min");
	CHECK(k_kstrtoll("-9223372036854775809", 10, &ll) == -ERANGE, "s64 min - 1");
	CHECK(k_kstrtoll("9223372036854775808", 10, &ll) == -ERANGE, "s64 max + 1");
	CHECK(k_kstrtoint("-2147483648", 0, &in) == 0 && in == INT_MIN, "int min");
	CHECK(k_kstrtoint("2147483648", 0, &in) == -ERANGE, "int max + 1");
	CHECK(k_kstrtoint("-0x10", 0, &in) == 0 && in == -16, "-0x10");
	CHECK(k_kstrtoint("--1", 0, &in) == -EINVAL, "--1");
	CHECK(k_kstrtoint("", 0, &in) == -EINVAL, "empty");
	CHECK(k_kstrtoint(" 1", 0, &in) == -EINVAL, "leading space");

	for (long i = host_iterations(20000); i > 0; i--) {
		long long v = (long long)(host_rand() >> host_rand_below(64));
		char s[32];

		if (host_rand_below(2))
			v = -v;
		snprintf(s, sizeof(s), "%lld", v);
		CHECK(k_kstrtoll(s, 10, &ll) == 0 && ll == v, "kstrtoll(\"%s\") = %lld", s, ll);
		int r = k_kstrtoint(s, 10, &in);

		if (v >= INT_MIN && v <= INT_MAX)
			CHECK(r == 0 && in == v, "kstrtoint(\"%s\") = %d, %d", s, r, in);
		else
			CHECK(r == -ERANGE, "kstrtoint(\"%s\") = %d, not -ERANGE", s, r);
	}
}

static void memparse_applies_suffixes(void)
{
	static const struct { char suffix; int shift; } suffixes[] = {
		{ 0, 0 }, { 'K', 10 }, { 'k', 10 }, { 'M', 20 }, { 'm', 20 },
		{ 'G', 30 }, { 'g', 30 }, { 'T', 40 }, { 't', 40 },
	};

	for (long i = host_iterations(20000); i > 0; i--) {
		int j = (int)host_rand_below(sizeof(suffixes) / sizeof(suffixes[0]));
		unsigned long long n = host_rand() >> (24 + host_rand_below(40));
		const char *junk = host_rand_below(2) ? "" : ",rest";
		char s[64], *end = NULL;
		unsigned long long got;

		if (host_rand_below(2))
			snprintf(s, sizeof(s), "%llu%.1s%s", n, &suffixes[j].suffix, junk);
		else
			snprintf(s, sizeof(s), "0x%llx%.1s%s", n, &suffixes[j].suffix, junk);
		got = k_memparse(s, &end);
		CHECK(got == n << suffixes[j].shift, "memparse(\"%s\") = %llu", s, got);
		CHECK(end && strcmp(end, junk) == 0, "memparse(\"%s\") stopped at \"%s\"", s,
		      end ? end : "(null)");
	}
	CHECK(k_memparse("4G", NULL) == 4ULL << 30, "4G with end NULL");
	CHECK(k_memparse("010", NULL) == 8, "octal 010");
}

static const struct host_test_case cases[] = {
	HOST_TEST(mem_functions_match_libc),
	HOST_TEST(memchr_inv_finds_first_other_byte),
	HOST_TEST(str_functions_match_libc),
	HOST_TEST(kstrtoull_matches_model),
	HOST_TEST(kstrtoull_parses_what_printf_prints),
	HOST_TEST(kstrto_signed_ranges),
	HOST_TEST(memparse_applies_suffixes),
};
HOST_TEST_MAIN(cases)
