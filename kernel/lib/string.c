/*
 * kernel/lib/string.c - memory and string helpers, and number parsing.
 *
 * Plain byte loops, except memcpy/memset, which use "rep movsq/stosq" for
 * whole 8-byte words and "rep movsb/stosb" for the last 0-7 bytes.  On real
 * CPUs with ERMS "rep movsb" alone would do as well, but QEMU's TCG emulates
 * a string instruction one element at a time, so 8-byte elements make page
 * copies and clears (fork, get_zeroed_page) about 8 times cheaper there.  GCC may call memcpy, memset,
 * memmove and memcmp itself (for struct copies), so they must exist under
 * exactly these names even in a freestanding kernel.
 *
 * kstrtoull and friends follow Linux: the whole string (one trailing '\n'
 * allowed) must be a number, base 0 means "0x" hex, "0" octal, else decimal;
 * they return 0, -EINVAL for junk or -ERANGE on overflow.
 */
#include "kernel/string.h"
#include "kernel/errno.h"

void *memset(void *dst, int c, size_t n)
{
	u64 pattern = (u8)c * 0x0101010101010101ULL;	/* the byte in all 8 lanes */
	size_t quads = n / 8, tail = n % 8;
	void *d = dst;

	__asm__ volatile("rep stosq" : "+D"(d), "+c"(quads) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(tail) : "a"(pattern) : "memory");
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	size_t quads = n / 8, tail = n % 8;
	void *d = dst;

	__asm__ volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(quads) :: "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(tail) :: "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)				/* overlapping, dst above src: copy backwards */
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n == 0 ? (char *)haystack : NULL;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] ? -E2BIG : (ssize_t)i;
}

/* The value of digit c in any base up to 36, or 99 if it is no digit. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Works out the base from a 0x / 0 prefix when base is 0; skips the prefix. */
static const char *parse_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16)
			*base = 16;
		else if (s[0] == '0' && s[1])
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return s;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *start;

	if (*s == '+')
		s++;
	s = parse_base(s, &base);
	start = s;
	for (; digit_value(*s) < base; s++) {
		unsigned int d = digit_value(*s);

		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	bool neg = *s == '-';
	int err;

	if (neg && s[1] == '+')		/* one sign only: kstrtoull would take "+5" */
		return -EINVAL;
	err = kstrtoull(neg ? s + 1 : s, base, &v);
	if (err)
		return err;
	if (neg) {
		if (v > (unsigned long long)INT64_MAX + 1)
			return -ERANGE;
		*res = (long long)(0ULL - v);
	} else {
		if (v > (unsigned long long)INT64_MAX)
			return -ERANGE;
		*res = (long long)v;
	}
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT32_MIN || v > INT32_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

unsigned long long memparse(const char *s, char **end)
{
	unsigned long long v = 0;
	unsigned int base = 0;

	s = parse_base(s, &base);
	for (; digit_value(*s) < base; s++)
		v = v * base + digit_value(*s);
	switch (*s) {
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; s++; break;
	}
	if (end)
		*end = (char *)s;
	return v;
}
