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
 * A suite may have an init function (run before its cases: 0 or -errno; on
 * an error no case runs and the suite fails) and an exit function (after
 * the cases, only if init succeeded), named after the case array:
 *
 *	KTEST_SUITE(printk, printk_cases, .init = printk_test_init,
 *		    .exit = printk_test_exit);
 *
 * `ktest=suite.case` runs one case of a suite; names may be mixed freely:
 * `ktest=string,vsprintf.vsnprintf_truncates,ktest_selftest_fail`.  A name
 * that matches nothing is warned about and makes the run fail.
 *
 * KTEST_EXPECT_* record a failure (file:line, the expression, expected and
 * actual values) and let the case go on; KTEST_ASSERT_* also end the case
 * at once (a longjmp back into the runner: arch/x86_64/setjmp.h, so nothing
 * between is unwound - do not ASSERT while holding a lock).  A case with no
 * failure passes; ktest_skip() ends it as skipped.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/compiler.h"
#include "kernel/types.h"
#include "kernel/string.h"	/* strcmp, for KTEST_*_STREQ */

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

/*
 * The optional trailing arguments are more designated initialisers of the
 * struct ktest_suite: `.init = fn, .exit = fn`.  __aligned(8) is also what
 * stops GCC from padding the entries of the section apart (it raises the
 * alignment of big objects it was not told the alignment of).
 */
#define __KTEST_SUITE(sname, case_array, is_manual, ...)		\
	static const struct ktest_suite __ktest_suite_##sname		\
		__used __section(".ktest_suites") __aligned(8) =	\
		{ .name = #sname, .cases = case_array, .manual = is_manual, __VA_ARGS__ }

#define KTEST_SUITE(sname, case_array, ...) \
	__KTEST_SUITE(sname, case_array, false, ##__VA_ARGS__)
#define KTEST_SUITE_MANUAL(sname, case_array, ...) \
	__KTEST_SUITE(sname, case_array, true, ##__VA_ARGS__)

/* ---- reporting (used by the macros) ---- */
enum ktest_assert_type {
	KTEST_EXPECTATION,	/* KTEST_EXPECT_*: the case goes on */
	KTEST_ASSERTION,	/* KTEST_ASSERT_*: the case ends (ktest_abort) */
};
/*
 * Marks the case failed and prints KUnit's diagnostic: "# <case>:
 * EXPECTATION FAILED at file:line" (or ASSERTION), then the message, whose
 * first line is indented like the case and whose later lines carry their
 * own indentation ("        a == 1 (0x1)").  Does not end the case.
 */
__printf(5, 6) void __ktest_fail(struct ktest *t, enum ktest_assert_type type,
				 const char *file, int line, const char *fmt, ...);
/* ktest_fail - __ktest_fail for an expectation: for checks a macro cannot express. */
__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line,
			       const char *fmt, ...);
/* Ends the running case at once (after a failed ASSERT): longjmp to t->abort_ctx. */
__attribute__((noreturn)) void ktest_abort(struct ktest *t);
/* Marks the running case skipped with a reason, and ends it. */
__attribute__((noreturn)) void ktest_skip(struct ktest *t, const char *reason);
/* Prints a "    # ..." diagnostic line inside the running case. */
__printf(2, 3) void ktest_info(struct ktest *t, const char *fmt, ...);

#define __KTEST_BINARY(t, a, op, b, type) do {				\
	long long __a = (long long)(a), __b = (long long)(b);			\
	if (!(__a op __b)) {							\
		__ktest_fail(t, type, __FILE__, __LINE__,			\
			   "Expected %s %s %s, but\n        %s == %lld (0x%llx)\n        %s == %lld (0x%llx)", \
			   #a, #op, #b, #a, __a, (unsigned long long)__a,	\
			   #b, __b, (unsigned long long)__b);			\
		if ((type) == KTEST_ASSERTION)					\
			ktest_abort(t);						\
	}									\
} while (0)

#define __KTEST_TRUE(t, cond, type) do {					\
	if (!(cond)) {								\
		__ktest_fail(t, type, __FILE__, __LINE__,			\
			     "Expected %s to be true, but is false", #cond);	\
		if ((type) == KTEST_ASSERTION)					\
			ktest_abort(t);						\
	}									\
} while (0)

#define __KTEST_STREQ(t, a, b, type) do {					\
	const char *__sa = (a), *__sb = (b);					\
	if (!__sa || !__sb || strcmp(__sa, __sb)) {				\
		__ktest_fail(t, type, __FILE__, __LINE__,			\
			   "Expected %s == %s, but\n        %s == \"%s\"\n        %s == \"%s\"", \
			   #a, #b, #a, __sa, #b, __sb);				\
		if ((type) == KTEST_ASSERTION)					\
			ktest_abort(t);						\
	}									\
} while (0)

#define KTEST_EXPECT_TRUE(t, c)		__KTEST_TRUE(t, c, KTEST_EXPECTATION)
#define KTEST_EXPECT_FALSE(t, c)	__KTEST_TRUE(t, !(c), KTEST_EXPECTATION)
#define KTEST_EXPECT_EQ(t, a, b)	__KTEST_BINARY(t, a, ==, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_NE(t, a, b)	__KTEST_BINARY(t, a, !=, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_LT(t, a, b)	__KTEST_BINARY(t, a, <, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_LE(t, a, b)	__KTEST_BINARY(t, a, <=, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_GT(t, a, b)	__KTEST_BINARY(t, a, >, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_GE(t, a, b)	__KTEST_BINARY(t, a, >=, b, KTEST_EXPECTATION)
#define KTEST_EXPECT_NULL(t, p)		__KTEST_BINARY(t, (uintptr_t)(p), ==, 0, KTEST_EXPECTATION)
#define KTEST_EXPECT_NOT_NULL(t, p)	__KTEST_BINARY(t, (uintptr_t)(p), !=, 0, KTEST_EXPECTATION)
#define KTEST_EXPECT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, KTEST_EXPECTATION)

#define KTEST_ASSERT_TRUE(t, c)		__KTEST_TRUE(t, c, KTEST_ASSERTION)
#define KTEST_ASSERT_FALSE(t, c)	__KTEST_TRUE(t, !(c), KTEST_ASSERTION)
#define KTEST_ASSERT_EQ(t, a, b)	__KTEST_BINARY(t, a, ==, b, KTEST_ASSERTION)
#define KTEST_ASSERT_NE(t, a, b)	__KTEST_BINARY(t, a, !=, b, KTEST_ASSERTION)
#define KTEST_ASSERT_LT(t, a, b)	__KTEST_BINARY(t, a, <, b, KTEST_ASSERTION)
#define KTEST_ASSERT_LE(t, a, b)	__KTEST_BINARY(t, a, <=, b, KTEST_ASSERTION)
#define KTEST_ASSERT_GT(t, a, b)	__KTEST_BINARY(t, a, >, b, KTEST_ASSERTION)
#define KTEST_ASSERT_GE(t, a, b)	__KTEST_BINARY(t, a, >=, b, KTEST_ASSERTION)
#define KTEST_ASSERT_NULL(t, p)		__KTEST_BINARY(t, (uintptr_t)(p), ==, 0, KTEST_ASSERTION)
#define KTEST_ASSERT_NOT_NULL(t, p)	__KTEST_BINARY(t, (uintptr_t)(p), !=, 0, KTEST_ASSERTION)
#define KTEST_ASSERT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, KTEST_ASSERTION)

/* ---- the suite table and the ktest= filter (kernel/ktest.c) ---- */
/* Every suite linked in, bracketed by linker.ld (in link order). */
extern const struct ktest_suite __start_ktest_suites[], __stop_ktest_suites[];
/* Does filter (ktest='s value) select case c of suite s? */
bool ktest_filter_selects_case(const char *filter, const struct ktest_suite *s,
			       const struct ktest_case *c);
/* Does filter select at least one case of s (or all of it, if it has none)? */
bool ktest_filter_selects_suite(const char *filter, const struct ktest_suite *s);
/* The number of names in filter that match no suite or case; warns about each if warn. */
int ktest_filter_unmatched(const char *filter, bool warn);

/*
 * Leak checks (xv6's countfree, HelenOS's run-twice-and-compare): take a
 * snapshot, run the code, take another, and compare.  A page counts as
 * accounted for if it is free, held by a slab cache (SLUB keeps empty
 * slabs up to min_partial) or a vmalloc page table (kept for good); an
 * object still handed out from any cache is a leak.
 */
struct ktest_mem_snapshot {
	unsigned long free_pages;	/* in the buddy (per-CPU lists drained) */
	unsigned long vmalloc_tables;	/* vmalloc page tables, kept for good */
	unsigned long slab_pages;	/* pages SLUB holds in all caches */
	unsigned long slab_objects;	/* objects handed out from all caches */
};
void ktest_mem_snapshot(struct ktest_mem_snapshot *snap);
/* ktest_mem_unchanged - every page accounted for and no object left (see above). */
bool ktest_mem_unchanged(const struct ktest_mem_snapshot *a, const struct ktest_mem_snapshot *b);

/*
 * ktest_run - if ktest= was on the command line, run the selected suites,
 * print KTAP and power off (pass only if no case failed).  Otherwise return.
 */
void ktest_run(void);

#endif /* KERNEL_KTEST_H */
