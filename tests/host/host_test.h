/*
 * tests/host/host_test.h - a tiny TAP harness for host unit tests.
 *
 * Host tests compile kernel sources (kernel/lib/..., later mm/...) with the
 * host's gcc under AddressSanitizer and UndefinedBehaviorSanitizer, and
 * check them against a model: the C library, or a simple reference written
 * in the test.  Each test program lists its cases in a table and calls
 * host_test_main(), which prints TAP:
 *
 *	TAP version 13
 *	# seed: 1234 (HOST_TEST_SEED=1234 to repeat)
 *	1..3
 *	ok 1 vsnprintf_matches_libc
 *	# vsprintf_test.c:120: "%#o" of 0: kernel "00", libc "0"
 *	not ok 2 ...
 *
 * and exits 1 if any case failed.  Random cases draw from host_rand(),
 * seeded from HOST_TEST_SEED or the clock: a failure prints its seed so
 * that it can be repeated.  HOST_TEST_ITERATIONS scales the random cases
 * (default 1).
 *
 * Include this header in exactly one file per test program (it defines
 * functions and state): test programs are one .c file each.
 */
#ifndef TESTS_HOST_HOST_TEST_H
#define TESTS_HOST_HOST_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct host_test_case {
	const char *name;
	void (*run)(void);
};
#define HOST_TEST(fn)	{ #fn, fn }

#define HOST_TEST_MAX_DIAG	10	/* diagnostic lines printed per case */

static int host_test_case_failures;	/* failed checks in the running case */
static uint64_t host_rand_state;

/* A 64-bit pseudo-random number (xorshift64*). */
static inline uint64_t host_rand(void)
{
	host_rand_state ^= host_rand_state >> 12;
	host_rand_state ^= host_rand_state << 25;
	host_rand_state ^= host_rand_state >> 27;
	return host_rand_state * 0x2545F4914F6CDD1DULL;
}

/* A random number in [0, n), n > 0. */
static inline uint64_t host_rand_below(uint64_t n)
{
	return host_rand() % n;
}

/* How many iterations a random case should run: base * HOST_TEST_ITERATIONS. */
static inline long host_iterations(long base)
{
	const char *s = getenv("HOST_TEST_ITERATIONS");
	long scale = s ? atol(s) : 1;

	return base * (scale > 0 ? scale : 1);
}

/* Records a failed check; prints its first few messages as TAP diagnostics. */
static inline __attribute__((format(printf, 3, 4)))
void host_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	if (host_test_case_failures++ >= HOST_TEST_MAX_DIAG) {
		if (host_test_case_failures == HOST_TEST_MAX_DIAG + 1)
			printf("# ... (further failures not shown)\n");
		return;
	}
	printf("# %s:%d: ", file, line);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
}

/* CHECK(cond, fmt, ...) - fails the running case with a message unless cond. */
#define CHECK(cond, ...) do {						\
	if (!(cond))							\
		host_test_fail(__FILE__, __LINE__, __VA_ARGS__);	\
} while (0)

/* Runs every case, prints TAP, returns the exit status for main(). */
static inline int host_test_main(const struct host_test_case *cases, int n)
{
	const char *seed_env = getenv("HOST_TEST_SEED");
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 0) : (uint64_t)time(NULL);
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n# seed: %llu (HOST_TEST_SEED=%llu to repeat)\n1..%d\n",
	       (unsigned long long)seed, (unsigned long long)seed, n);
	for (int i = 0; i < n; i++) {
		host_rand_state = seed * 0x9E3779B97F4A7C15ULL + (uint64_t)i + 1;
		host_test_case_failures = 0;
		cases[i].run();
		printf("%s %d %s\n", host_test_case_failures ? "not ok" : "ok", i + 1,
		       cases[i].name);
		failed += host_test_case_failures != 0;
	}
	return failed ? 1 : 0;
}

#define HOST_TEST_MAIN(table)						\
	int main(void)							\
	{								\
		return host_test_main(table, (int)(sizeof(table) / sizeof((table)[0]))); \
	}

#endif /* TESTS_HOST_HOST_TEST_H */
