/*
 * user/tests/tap.h - a tiny TAP producer for Pagoda's user test programs.
 *
 * The programs in user/tests/ are ordinary static Linux binaries that run
 * natively on the host and as processes on Pagoda, printing TAP (DESIGN.md
 * §7, "User test programs print plain TAP"):
 *
 *	TAP version 13
 *	1..3
 *	ok 1 - fork returns the child's pid
 *	# got 4, expected 5
 *	not ok 2 - exit status is 5
 *	ok 3 - ...
 *
 * API: plan(n) once at the start (the number of ok/is calls that follow),
 * ok(cond, fmt, ...) and is(got, expected, fmt, ...) for each check (both
 * return cond), diag(fmt, ...) for "# " comments, skip(fmt, ...) for a check
 * that cannot run here, bail(fmt, ...) to stop ("Bail out!", exit 2), and
 * done_testing() at the end: it returns the exit status for main, 1 if any
 * check failed or the plan was not met, else 0.
 *
 * Every line is formatted into a buffer and written with ONE write(2) to fd
 * 1: no stdio buffer can be duplicated by fork() or lost by _exit(), and a
 * line is never interleaved with a child's output.  Only the parent process
 * reports checks: a child reports through its exit status, which the parent
 * checks (the checks' numbers must stay in order for the TAP parser).
 */
#ifndef USER_TESTS_TAP_H
#define USER_TESTS_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_planned;		/* plan(n)'s n */
static int tap_count;		/* checks reported so far */
static int tap_failed;		/* of which failed */

static void tap_write(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(1, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Formats prefix + fmt + "\n" and writes the line at once. */
__attribute__((format(printf, 2, 0)))
static void tap_vline(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s", prefix);

	if (n < 0 || n >= (int)sizeof(buf))
		n = 0;
	int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);

	if (m < 0)
		m = 0;
	n += m;
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	tap_write(buf, (size_t)n);
}

__attribute__((format(printf, 2, 3)))
static void tap_line(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(prefix, fmt, ap);
	va_end(ap);
}

/*
 * The same for a test description: '#' would start a TAP directive (SKIP,
 * TODO) or look like one, so it is written as "\#" (TAP's escape).
 */
__attribute__((format(printf, 2, 0)))
static void tap_vline_escaped(const char *prefix, const char *fmt, va_list ap)
{
	char text[900], out[1024];
	size_t o = 0;

	vsnprintf(text, sizeof(text), fmt, ap);
	for (size_t i = 0; text[i] && o < sizeof(out) - 3; i++) {
		if (text[i] == '#')
			out[o++] = '\\';
		out[o++] = text[i];
	}
	out[o] = '\0';
	tap_line(prefix, "%s", out);
}

/* Prints the header and the plan: n checks follow. */
static inline void plan(int n)
{
	tap_planned = n;
	tap_line("", "TAP version 13");
	tap_line("", "1..%d", n);
}

/* Prints a "# " comment line. */
__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline("# ", fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 0)))
static int tap_vok(int cond, const char *fmt, va_list ap)
{
	char prefix[64];

	tap_count++;
	if (!cond)
		tap_failed++;
	snprintf(prefix, sizeof(prefix), "%sok %d - ", cond ? "" : "not ", tap_count);
	tap_vline_escaped(prefix, fmt, ap);
	return cond;
}

/* Reports one check; returns cond. */
__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* Reports got == expected (as long longs); on failure says both. */
__attribute__((format(printf, 3, 4)))
static inline int is(long long got, long long expected, const char *fmt, ...)
{
	va_list ap;
	int cond = got == expected;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("    got: %lld (%#llx), expected: %lld (%#llx)", got,
		     (unsigned long long)got, expected, (unsigned long long)expected);
	return cond;
}

/* Reports a check that cannot run here as passed with a SKIP directive. */
__attribute__((format(printf, 1, 2)))
static inline void skip(const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	tap_count++;
	snprintf(prefix, sizeof(prefix), "ok %d # SKIP ", tap_count);
	va_start(ap, fmt);
	tap_vline(prefix, fmt, ap);
	va_end(ap);
}

/* Stops the program: something the rest depends on failed. */
__attribute__((format(printf, 1, 2), noreturn))
static inline void bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline("Bail out! ", fmt, ap);
	va_end(ap);
	exit(2);
}

/* The exit status for main: 0 when every check passed and the plan was met. */
static inline int done_testing(void)
{
	if (tap_count != tap_planned)
		diag("planned %d checks but ran %d", tap_planned, tap_count);
	if (tap_failed)
		diag("failed %d of %d checks", tap_failed, tap_count);
	return tap_failed || tap_count != tap_planned ? 1 : 0;
}

#endif /* USER_TESTS_TAP_H */
