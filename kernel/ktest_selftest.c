/*
 * kernel/ktest_selftest.c - tests of the test framework itself (kernel/ktest.c).
 *
 * Two kinds of suite live here:
 *
 *  - `ktest`, a normal suite, checks from inside what can be checked from
 *    inside: that the reporting functions mark a case failed or skipped,
 *    that a failed ASSERT really leaves the case, that setjmp/longjmp return
 *    twice and restore the callee-saved registers, that the suite table is
 *    sane and that the ktest= filter selects what it should.  Failures are
 *    provoked on a scratch struct ktest, never on the running case, and
 *    with console_loglevel lowered so that their diagnostics reach only the
 *    log ring buffer (where one of the cases reads them back) and not the
 *    KTAP on the console.
 *
 *  - `ktest_selftest_fail` and `ktest_selftest_init_fail`, manual suites
 *    that fail on purpose, so that the boot-test harness can prove that a
 *    failure shows up in the KTAP and in QEMU's exit status (35).  They run
 *    only when named: ktest=ktest_selftest_fail.
 */
#include "kernel/ktest.h"
#include "arch/x86_64/setjmp.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* ---- helpers ---- */

/*
 * A scratch test context whose failures are not the running case's.  Its
 * env catches ktest_abort()/ktest_skip() of the scratch context.
 */
struct scratch {
	struct ktest t;
	jmp_buf env;
	int saved_loglevel;
};

/* Starts a scratch context and hides console output until scratch_end(). */
static void scratch_begin(struct scratch *s, const char *name)
{
	s->t = (struct ktest){ .name = name, .abort_ctx = s->env };
	s->saved_loglevel = console_loglevel;
	console_loglevel = 0;
}

static void scratch_end(struct scratch *s)
{
	console_loglevel = s->saved_loglevel;
}

/* Reads the newest (up to) size-1 bytes of the log ring into buf, NUL-terminated. */
static void read_log_tail(char *buf, size_t size)
{
	size_t kept = log_buf_len();
	size_t want = min(kept, size - 1);

	buf[log_buf_read(buf, kept - want, want)] = '\0';
}

/* ---- reporting ---- */

static void ktest_fail_marks_case_failed(struct ktest *t)
{
	static char log[1024];
	struct scratch s;
	char want[128];
	int line;

	scratch_begin(&s, "scratch_case");
	line = __LINE__ + 1;
	ktest_fail(&s.t, __FILE__, line, "Expected %s, but\n        x == %d", "x == 2", 1);
	scratch_end(&s);

	KTEST_EXPECT_TRUE(t, s.t.failed);
	KTEST_EXPECT_FALSE(t, s.t.skipped);
	KTEST_EXPECT_FALSE(t, t->failed);

	/* The diagnostic went to the log ring in KUnit's shape. */
	read_log_tail(log, sizeof(log));
	snprintf(want, sizeof(want),
		 "    # scratch_case: EXPECTATION FAILED at %s:%d\n", __FILE__, line);
	KTEST_EXPECT_NOT_NULL(t, strstr(log, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "] " "    Expected x == 2, but\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "] " "        x == 1\n"));
}

static void ktest_expect_macros_pass_on_truth(struct ktest *t)
{
	struct scratch s;
	int x = 3;

	scratch_begin(&s, "scratch_case");
	KTEST_EXPECT_TRUE(&s.t, x == 3);
	KTEST_EXPECT_FALSE(&s.t, x == 4);
	KTEST_EXPECT_EQ(&s.t, x, 3);
	KTEST_EXPECT_NE(&s.t, x, 4);
	KTEST_EXPECT_LT(&s.t, x, 4);
	KTEST_EXPECT_LE(&s.t, x, 3);
	KTEST_EXPECT_GT(&s.t, x, -1);
	KTEST_EXPECT_GE(&s.t, x, 3);
	KTEST_EXPECT_NULL(&s.t, NULL);
	KTEST_EXPECT_NOT_NULL(&s.t, &x);
	KTEST_EXPECT_STREQ(&s.t, "abc", "abc");
	KTEST_EXPECT_EQ(&s.t, -1LL, -1);
	KTEST_EXPECT_EQ(&s.t, 0xffffffffffffffffULL, -1LL);
	scratch_end(&s);
	KTEST_EXPECT_FALSE(t, s.t.failed);
}

/* Runs one failing check on a fresh scratch context (__s) and expects it recorded. */
#define EXPECT_MARKS_FAILED(t, check) do {				\
	struct scratch __s;						\
	scratch_begin(&__s, "scratch_case");				\
	check;								\
	scratch_end(&__s);						\
	KTEST_EXPECT_TRUE(t, __s.t.failed);				\
} while (0)

static void ktest_expect_macros_fail_on_falsehood(struct ktest *t)
{
	const char *volatile nothing = NULL;	/* volatile: hide the NULL from -Wformat */
	int x = 3;

	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_TRUE(&__s.t, x == 4));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_FALSE(&__s.t, x == 3));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_EQ(&__s.t, x, 4));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_NE(&__s.t, x, 3));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_LT(&__s.t, x, 3));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_LE(&__s.t, x, 2));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_GT(&__s.t, x, 3));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_GE(&__s.t, x, 4));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_NULL(&__s.t, &x));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_NOT_NULL(&__s.t, NULL));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_STREQ(&__s.t, "abc", "abd"));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_STREQ(&__s.t, "abc", nothing));
	EXPECT_MARKS_FAILED(t, KTEST_EXPECT_LT(&__s.t, 0, -1));	/* signed compare */
}

static void ktest_assert_ends_case(struct ktest *t)
{
	static char log[1024];
	struct scratch s;
	volatile int before = 0, after = 0;

	scratch_begin(&s, "scratch_case");
	if (setjmp(s.env) == 0) {
		before = 1;
		KTEST_ASSERT_EQ(&s.t, 1, 2);
		after = 1;
	}
	scratch_end(&s);
	KTEST_EXPECT_EQ(t, before, 1);
	KTEST_EXPECT_EQ(t, after, 0);
	KTEST_EXPECT_TRUE(t, s.t.failed);

	read_log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "    # scratch_case: ASSERTION FAILED at " __FILE__ ":"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "] " "    Expected 1 == 2, but\n"));
}

static void ktest_assert_passing_goes_on(struct ktest *t)
{
	struct scratch s;
	volatile int after = 0;

	scratch_begin(&s, "scratch_case");
	if (setjmp(s.env) == 0) {
		KTEST_ASSERT_EQ(&s.t, 2, 2);
		KTEST_ASSERT_STREQ(&s.t, "a", "a");
		KTEST_ASSERT_NOT_NULL(&s.t, &s);
		after = 1;
	}
	scratch_end(&s);
	KTEST_EXPECT_EQ(t, after, 1);
	KTEST_EXPECT_FALSE(t, s.t.failed);
}

static void ktest_skip_records_reason(struct ktest *t)
{
	struct scratch s;
	volatile int after = 0;

	scratch_begin(&s, "scratch_case");
	if (setjmp(s.env) == 0) {
		ktest_skip(&s.t, "no hardware");
		after = 1;
	}
	scratch_end(&s);
	KTEST_EXPECT_EQ(t, after, 0);
	KTEST_EXPECT_TRUE(t, s.t.skipped);
	KTEST_EXPECT_FALSE(t, s.t.failed);
	KTEST_EXPECT_STREQ(t, s.t.skip_reason, "no hardware");
}

/* ---- setjmp/longjmp ---- */

static void setjmp_returns_twice(struct ktest *t)
{
	jmp_buf env;
	volatile int returns = 0;
	int r;

	r = setjmp(env);
	returns++;
	if (r == 0)
		longjmp(env, 42);
	KTEST_EXPECT_EQ(t, r, 42);
	KTEST_EXPECT_EQ(t, returns, 2);
}

static void longjmp_zero_returns_one(struct ktest *t)
{
	jmp_buf env;
	volatile int returns = 0;
	int r;

	r = setjmp(env);
	returns++;
	if (returns == 1)
		longjmp(env, 0);
	KTEST_EXPECT_EQ(t, r, 1);
	KTEST_EXPECT_EQ(t, returns, 2);
}

/*
 * Trashes every callee-saved register but rbp (the frame pointer) and
 * longjmps: nothing but longjmp can put them back.
 */
static __noinline __noreturn void trash_registers_and_jump(jmp_buf env)
{
	__asm__ volatile("mov $0xdead, %%rbx\n\t"
			 "mov $0xdead, %%r12\n\t"
			 "mov $0xdead, %%r13\n\t"
			 "mov $0xdead, %%r14\n\t"
			 "mov $0xdead, %%r15"
			 ::: "rbx", "r12", "r13", "r14", "r15");
	longjmp(env, 7);
}

/* Two more frames between setjmp and longjmp.  Called from asm only: __used. */
static __noinline void jump_one_frame_down(jmp_buf env)
{
	trash_registers_and_jump(env);
}

static __used __noinline void jump_two_frames_down(jmp_buf env)
{
	jump_one_frame_down(env);
	barrier();		/* a real call, not a tail jump */
}

/*
 * Gives rbx and r12-r15 known values, calls setjmp, has them trashed three
 * frames down before the longjmp, and reads them back after it - all in one
 * asm statement, so that the compiler cannot keep anything of its own in
 * those registers meanwhile.  rsp is the same before and after (that is
 * what longjmp restores), so rsp-relative memory operands stay valid.
 */
static void longjmp_restores_callee_saved_registers(struct ktest *t)
{
	static const u64 expect[5] = { 0x1111, 0x1212, 0x1313, 0x1414, 0x1515 };
	u64 now[5];
	jmp_buf env;
	unsigned long *envp = env;
	volatile u64 canary = 0x5a5a5a5a;
	int r;

	__asm__ volatile("mov $0x1111, %%rbx\n\t"
			 "mov $0x1212, %%r12\n\t"
			 "mov $0x1313, %%r13\n\t"
			 "mov $0x1414, %%r14\n\t"
			 "mov $0x1515, %%r15\n\t"
			 "mov %[env], %%rdi\n\t"
			 "call setjmp\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "mov %[env], %%rdi\n\t"
			 "call jump_two_frames_down\n"
			 "1:\n\t"
			 "mov %%rbx, %[n0]\n\t"
			 "mov %%r12, %[n1]\n\t"
			 "mov %%r13, %[n2]\n\t"
			 "mov %%r14, %[n3]\n\t"
			 "mov %%r15, %[n4]"
			 : "=a"(r), [n0] "=m"(now[0]), [n1] "=m"(now[1]), [n2] "=m"(now[2]),
			   [n3] "=m"(now[3]), [n4] "=m"(now[4])
			 : [env] "m"(envp)
			 : "rbx", "r12", "r13", "r14", "r15", "rcx", "rdx", "rsi", "rdi",
			   "r8", "r9", "r10", "r11", "memory", "cc");

	KTEST_EXPECT_EQ(t, r, 7);
	for (int i = 0; i < 5; i++)
		KTEST_EXPECT_EQ(t, now[i], expect[i]);
	KTEST_EXPECT_EQ(t, canary, 0x5a5a5a5a);
}

/* ---- the suite table and the filter ---- */

static void suite_table_is_sane(struct ktest *t)
{
	const struct ktest_suite *s, *o;
	bool found_self = false;
	int nsuites = 0;

	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++, nsuites++) {
		int ncases = 0;

		KTEST_ASSERT_NOT_NULL(t, s->name);
		KTEST_ASSERT_NOT_NULL(t, s->cases);
		KTEST_EXPECT_GT(t, strlen(s->name), 0);
		KTEST_EXPECT_NULL(t, strchr(s->name, '.'));	/* "suite.case" must parse */
		found_self |= !strcmp(s->name, "ktest") && !s->manual;
		for (o = __start_ktest_suites; o < s; o++)
			if (!strcmp(o->name, s->name))
				ktest_fail(t, __FILE__, __LINE__, "suite name %s is used twice",
					   s->name);
		for (const struct ktest_case *c = s->cases; c->run; c++, ncases++) {
			KTEST_ASSERT_NOT_NULL(t, c->name);
			KTEST_ASSERT_LT(t, ncases, 10000);	/* an unterminated array */
			for (const struct ktest_case *d = s->cases; d < c; d++)
				if (!strcmp(c->name, d->name))
					ktest_fail(t, __FILE__, __LINE__,
						   "case name %s.%s is used twice", s->name, c->name);
		}
	}
	KTEST_EXPECT_GE(t, nsuites, 3);		/* at least the three of this file */
	KTEST_EXPECT_TRUE(t, found_self);
	/* The section is a whole number of entries (no padding between them). */
	KTEST_EXPECT_EQ(t, ((const char *)__stop_ktest_suites - (const char *)__start_ktest_suites) %
			   sizeof(struct ktest_suite), 0);
}

static void dummy_case(struct ktest *t) { }

static struct ktest_case filter_cases[] = {
	{ .run = dummy_case, .name = "one" },
	{ .run = dummy_case, .name = "two" },
	{}
};
static const struct ktest_suite filter_normal = { .name = "fsuite", .cases = filter_cases };
static const struct ktest_suite filter_manual = {
	.name = "fmanual", .cases = filter_cases, .manual = true
};

static void ktest_filter_selects_by_name(struct ktest *t)
{
	const struct ktest_case *one = &filter_cases[0], *two = &filter_cases[1];

	KTEST_EXPECT_TRUE(t, ktest_filter_selects_suite("all", &filter_normal));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_suite("all", &filter_manual));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_suite("fmanual", &filter_manual));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_suite("x,fmanual", &filter_manual));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_suite("all,fmanual", &filter_manual));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_suite("fsuit", &filter_normal));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_suite("fsuitee", &filter_normal));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_case("fsuite", &filter_normal, two));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_case(",,fsuite,", &filter_normal, one));
}

static void ktest_filter_selects_single_case(struct ktest *t)
{
	const struct ktest_case *one = &filter_cases[0], *two = &filter_cases[1];

	KTEST_EXPECT_TRUE(t, ktest_filter_selects_suite("fmanual.two", &filter_manual));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_case("fmanual.two", &filter_manual, two));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_case("fmanual.two", &filter_manual, one));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_case("fmanual.two", &filter_normal, two));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_case("fsuite.tw", &filter_normal, two));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_case("fsuite.twoo", &filter_normal, two));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_case("fsuite.", &filter_normal, two));
	KTEST_EXPECT_FALSE(t, ktest_filter_selects_suite("fsuite.three", &filter_normal));
	KTEST_EXPECT_TRUE(t, ktest_filter_selects_case("fsuite.one,fsuite", &filter_normal, two));
}

static void ktest_filter_counts_unmatched_names(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("all", false), 0);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("ktest", false), 0);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("ktest.setjmp_returns_twice", false), 0);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("ktest_selftest_fail,ktest", false), 0);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("nonexistent", false), 1);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("ktest.nonexistent", false), 1);
	KTEST_EXPECT_EQ(t, ktest_filter_unmatched("ktes,all,ktest.", false), 2);
}

static struct ktest_case ktest_selftest_cases[] = {
	KTEST_CASE(ktest_fail_marks_case_failed),
	KTEST_CASE(ktest_expect_macros_pass_on_truth),
	KTEST_CASE(ktest_expect_macros_fail_on_falsehood),
	KTEST_CASE(ktest_assert_ends_case),
	KTEST_CASE(ktest_assert_passing_goes_on),
	KTEST_CASE(ktest_skip_records_reason),
	KTEST_CASE(setjmp_returns_twice),
	KTEST_CASE(longjmp_zero_returns_one),
	KTEST_CASE(longjmp_restores_callee_saved_registers),
	KTEST_CASE(suite_table_is_sane),
	KTEST_CASE(ktest_filter_selects_by_name),
	KTEST_CASE(ktest_filter_selects_single_case),
	KTEST_CASE(ktest_filter_counts_unmatched_names),
	{}
};
KTEST_SUITE(ktest, ktest_selftest_cases);

/* ---- failing on purpose (manual: ktest=ktest_selftest_fail) ---- */

/* One failed EXPECT; the case goes on and says so. */
static void selftest_expect_fails(struct ktest *t)
{
	int two = 2;

	KTEST_EXPECT_EQ(t, 1 + 1, two + 1);
	ktest_info(t, "still running after a failed EXPECT");
}

/* A failed ASSERT ends the case: the second failure must never be printed. */
static void selftest_assert_fails(struct ktest *t)
{
	const char *s = "pagoda";

	KTEST_ASSERT_STREQ(t, s, "linux");
	ktest_fail(t, __FILE__, __LINE__, "BUG: the case went on after a failed ASSERT");
}

static void selftest_passes(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, 1 + 1, 2);
}

static void selftest_skips(struct ktest *t)
{
	ktest_skip(t, "skipped on purpose");
	ktest_fail(t, __FILE__, __LINE__, "BUG: the case went on after ktest_skip");
}

static struct ktest_case selftest_fail_cases[] = {
	KTEST_CASE(selftest_expect_fails),
	KTEST_CASE(selftest_assert_fails),
	KTEST_CASE(selftest_passes),
	KTEST_CASE(selftest_skips),
	{}
};
KTEST_SUITE_MANUAL(ktest_selftest_fail, selftest_fail_cases);

/* A suite whose init fails: it must be "not ok" and run no case. */
static int selftest_init_fails(void)
{
	return -ENODEV;
}

static void selftest_must_not_run(struct ktest *t)
{
	ktest_fail(t, __FILE__, __LINE__, "BUG: a case ran although the suite's init failed");
}

static struct ktest_case selftest_init_fail_cases[] = {
	KTEST_CASE(selftest_must_not_run),
	{}
};
KTEST_SUITE_MANUAL(ktest_selftest_init_fail, selftest_init_fail_cases,
		   .init = selftest_init_fails);
