/*
 * kernel/ktest.h - in-kernel tests in KUnit's shape (kernel/ktest.c).
 *
 * A test case is a function taking the test's context:
 *
 *	static void memparse_handles_suffixes(struct ktest *t)
 *	{
 *		KTEST_EXPECT_EQ(t, memparse("4K", NULL), 4096);
 *	}
 *
 * Cases are listed in an array ending with {} and grouped into a suite:
 *
 *	static struct ktest_case string_cases[] = {
 *		KTEST_CASE(memparse_handles_suffixes),
 *		{}
 *	};
 *	KTEST_SUITE(string, string_cases);
 *
 * KTEST_SUITE places the suite in the .ktest_suites linker section, so
 * kernel/ktest.c finds every suite without a central list.  `ktest=all` on
 * the command line runs every suite not marked KTEST_SUITE_MANUAL;
 * `ktest=a,b` runs just the named suites (manual ones included: that is how
 * the deliberately failing and oopsing suites are run).  Output is KTAP
 * (DESIGN.md §7); afterwards the kernel powers off with the pass or fail
 * status (DESIGN.md §6).
 *
 * KTEST_EXPECT_* record a failure (file:line, the expression, expected and
 * actual values) and let the case go on; KTEST_ASSERT_* also end the case
 * at once.  A case with no failure passes.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct ktest {
	const char *name;	/* the case's name */
	bool failed;		/* any EXPECT/ASSERT failed */
	bool skipped;		/* ktest_skip() was called */
	const char *skip_reason;
	void *abort_ctx;	/* where KTEST_ASSERT_* jumps to (ktest.c) */
};

struct ktest_case {
	void (*run)(struct ktest *t);
	const char *name;
};

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;	/* ends with an entry whose run is NULL */
	bool manual;			/* only when named explicitly in ktest= */
	int (*init)(void);		/* optional, before the cases: 0 or -errno */
	void (*exit)(void);		/* optional, after the cases */
};

#define KTEST_CASE(fn)	{ .run = fn, .name = #fn }

#define __KTEST_SUITE(sname, case_array, is_manual)			\
	static const struct ktest_suite __ktest_suite_##sname		\
		__used __section(".ktest_suites") __aligned(8) =	\
		{ .name = #sname, .cases = case_array, .manual = is_manual }

#define KTEST_SUITE(sname, case_array)		__KTEST_SUITE(sname, case_array, false)
#define KTEST_SUITE_MANUAL(sname, case_array)	__KTEST_SUITE(sname, case_array, true)

/* ---- reporting (used by the macros) ---- */
__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line,
			       const char *fmt, ...);
__attribute__((noreturn)) void ktest_abort(struct ktest *t);
/* Marks the running case skipped with a reason, and ends it. */
__attribute__((noreturn)) void ktest_skip(struct ktest *t, const char *reason);
/* Prints a "    # ..." diagnostic line inside the running case. */
__printf(2, 3) void ktest_info(struct ktest *t, const char *fmt, ...);

#define __KTEST_BINARY(t, a, op, b, on_fail) do {				\
	long long __a = (long long)(a), __b = (long long)(b);			\
	if (!(__a op __b)) {							\
		ktest_fail(t, __FILE__, __LINE__,				\
			   "Expected %s %s %s, but\n        %s == %lld (0x%llx)\n        %s == %lld (0x%llx)", \
			   #a, #op, #b, #a, __a, (unsigned long long)__a,	\
			   #b, __b, (unsigned long long)__b);			\
		on_fail;							\
	}									\
} while (0)

#define __KTEST_TRUE(t, cond, on_fail) do {					\
	if (!(cond)) {								\
		ktest_fail(t, __FILE__, __LINE__, "Expected %s to be true, but is false", #cond); \
		on_fail;							\
	}									\
} while (0)

#define __KTEST_STREQ(t, a, b, on_fail) do {					\
	const char *__sa = (a), *__sb = (b);					\
	if (!__sa || !__sb || strcmp(__sa, __sb)) {				\
		ktest_fail(t, __FILE__, __LINE__,				\
			   "Expected %s == %s, but\n        %s == \"%s\"\n        %s == \"%s\"", \
			   #a, #b, #a, __sa, #b, __sb);				\
		on_fail;							\
	}									\
} while (0)

#define KTEST_EXPECT_TRUE(t, c)		__KTEST_TRUE(t, c, (void)0)
#define KTEST_EXPECT_FALSE(t, c)	__KTEST_TRUE(t, !(c), (void)0)
#define KTEST_EXPECT_EQ(t, a, b)	__KTEST_BINARY(t, a, ==, b, (void)0)
#define KTEST_EXPECT_NE(t, a, b)	__KTEST_BINARY(t, a, !=, b, (void)0)
#define KTEST_EXPECT_LT(t, a, b)	__KTEST_BINARY(t, a, <, b, (void)0)
#define KTEST_EXPECT_LE(t, a, b)	__KTEST_BINARY(t, a, <=, b, (void)0)
#define KTEST_EXPECT_GT(t, a, b)	__KTEST_BINARY(t, a, >, b, (void)0)
#define KTEST_EXPECT_GE(t, a, b)	__KTEST_BINARY(t, a, >=, b, (void)0)
#define KTEST_EXPECT_NULL(t, p)		__KTEST_BINARY(t, (uintptr_t)(p), ==, 0, (void)0)
#define KTEST_EXPECT_NOT_NULL(t, p)	__KTEST_BINARY(t, (uintptr_t)(p), !=, 0, (void)0)
#define KTEST_EXPECT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, (void)0)

#define KTEST_ASSERT_TRUE(t, c)		__KTEST_TRUE(t, c, ktest_abort(t))
#define KTEST_ASSERT_FALSE(t, c)	__KTEST_TRUE(t, !(c), ktest_abort(t))
#define KTEST_ASSERT_EQ(t, a, b)	__KTEST_BINARY(t, a, ==, b, ktest_abort(t))
#define KTEST_ASSERT_NE(t, a, b)	__KTEST_BINARY(t, a, !=, b, ktest_abort(t))
#define KTEST_ASSERT_LT(t, a, b)	__KTEST_BINARY(t, a, <, b, ktest_abort(t))
#define KTEST_ASSERT_LE(t, a, b)	__KTEST_BINARY(t, a, <=, b, ktest_abort(t))
#define KTEST_ASSERT_GT(t, a, b)	__KTEST_BINARY(t, a, >, b, ktest_abort(t))
#define KTEST_ASSERT_GE(t, a, b)	__KTEST_BINARY(t, a, >=, b, ktest_abort(t))
#define KTEST_ASSERT_NULL(t, p)		__KTEST_BINARY(t, (uintptr_t)(p), ==, 0, ktest_abort(t))
#define KTEST_ASSERT_NOT_NULL(t, p)	__KTEST_BINARY(t, (uintptr_t)(p), !=, 0, ktest_abort(t))
#define KTEST_ASSERT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, ktest_abort(t))

/*
 * ktest_run - if ktest= was on the command line, run the selected suites,
 * print KTAP and power off (pass only if no case failed).  Otherwise return.
 */
void ktest_run(void);

#endif /* KERNEL_KTEST_H */
