/*
 * kernel/ktest.c - the in-kernel test runner (KUnit's shape, KTAP output).
 *
 * Suites (kernel/ktest.h) sit in the .ktest_suites linker section, which
 * linker.ld brackets with __start_ktest_suites/__stop_ktest_suites: an array
 * of struct ktest_suite in link order (the Makefile links files sorted by
 * path, so the order is the same on every build).
 *
 * Selection.  `ktest=` (a __setup parameter, so it is read by parse_args())
 * is a comma-separated list of names:
 *   all          every suite not marked manual;
 *   <suite>      that whole suite, manual or not;
 *   <suite>.<case>  just that case (the suite's other cases do not run).
 * Suites always run in table order, whatever the order of the names.  A
 * name that matches nothing is warned about and fails the run, so that a
 * typo in a test scenario cannot pass by running nothing.
 *
 * Output is KTAP version 1 as KUnit prints it (DESIGN.md §7), one printk
 * per line at KERN_INFO, each nesting level indented by four spaces:
 *
 *	KTAP version 1
 *	1..<suites>
 *	    KTAP version 1
 *	    # Subtest: <suite>
 *	    1..<cases>
 *	    # <case>: EXPECTATION FAILED at <file>:<line>
 *	    Expected a == b, but
 *	        a == 1 (0x1)
 *	        b == 2 (0x2)
 *	    not ok 1 <case>
 *	    ok 2 <case> # SKIP <reason>
 *	# <suite>: pass:P fail:F skip:S total:T
 *	not ok 1 <suite>
 *	# Totals: pass:P fail:F skip:S total:T
 *
 * A case fails if any EXPECT/ASSERT failed (even if it then skipped), is
 * skipped if it called ktest_skip(), and passes otherwise.  A suite fails if
 * a case failed or its init function did ("# failed to initialise (err)",
 * and then no case runs); it is skipped if no case passed and none failed.
 *
 * Ending a case early.  The runner calls setjmp() (arch/x86_64/setjmp.h)
 * before each case and points the case's struct ktest at the jmp_buf
 * (abort_ctx); a failed ASSERT or ktest_skip() longjmps back there from any
 * depth.  Nothing in between is unwound, so cases must not ASSERT while
 * holding a lock or with interrupts disabled.
 *
 * After the run: a "BENCH name=ktest_all" line with the run's duration, and
 * a power-off that tells QEMU pass (exit 33) only if every case passed or was
 * skipped, every suite initialised and every name in ktest= matched
 * (DESIGN.md §6).  Without ktest= on the command line, ktest_run() returns
 * at once.
 */
#include "kernel/ktest.h"
#include "kernel/kbench.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/setjmp.h"
#include "arch/x86_64/tsc.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define KTAP_INDENT	"    "	/* one nesting level */

/* Counts of cases, for a suite and for the whole run. */
struct ktest_totals {
	int pass;
	int fail;
	int skip;
};

static char ktest_filter[COMMAND_LINE_SIZE];	/* the value of ktest= */
static bool ktest_requested;			/* ktest= was given */

/* parse_ktest - ktest=<names>: remember the filter for ktest_run(). */
static int parse_ktest(char *arg)
{
	if (!*arg || strscpy(ktest_filter, arg, sizeof(ktest_filter)) < 0)
		return -EINVAL;
	ktest_requested = true;
	return 0;
}
__setup("ktest", parse_ktest);

/* ---- the filter ---- */

/*
 * next_token - the next comma-separated name of *pos (skipping empty ones):
 * sets *tok and *len, advances *pos; false at the end.
 */
static bool next_token(const char **pos, const char **tok, size_t *len)
{
	const char *p = *pos;

	while (*p == ',')
		p++;
	if (!*p)
		return false;
	*tok = p;
	while (*p && *p != ',')
		p++;
	*len = p - *tok;
	*pos = p;
	return true;
}

/* Is [tok, tok+len) exactly the string s? */
static bool token_is(const char *tok, size_t len, const char *s)
{
	return strlen(s) == len && !strncmp(tok, s, len);
}

/* Is [tok, tok+len) "<suite>.<case>" for this suite and case? */
static bool token_is_case(const char *tok, size_t len, const struct ktest_suite *s,
			  const struct ktest_case *c)
{
	size_t slen = strlen(s->name);

	return len > slen && tok[slen] == '.' && !strncmp(tok, s->name, slen) &&
	       token_is(tok + slen + 1, len - slen - 1, c->name);
}

/* Does this one token select the whole suite s? */
static bool token_selects_suite(const char *tok, size_t len, const struct ktest_suite *s)
{
	return (!s->manual && token_is(tok, len, "all")) || token_is(tok, len, s->name);
}

/* ktest_filter_selects_case - is case c of suite s named by filter, whole or alone? */
bool ktest_filter_selects_case(const char *filter, const struct ktest_suite *s,
			       const struct ktest_case *c)
{
	const char *pos = filter, *tok;
	size_t len;

	while (next_token(&pos, &tok, &len))
		if (token_selects_suite(tok, len, s) || token_is_case(tok, len, s, c))
			return true;
	return false;
}

/* ktest_filter_selects_suite - will suite s run (a whole-suite name or one of its cases)? */
bool ktest_filter_selects_suite(const char *filter, const struct ktest_suite *s)
{
	const char *pos = filter, *tok;
	size_t len;

	while (next_token(&pos, &tok, &len))
		if (token_selects_suite(tok, len, s))
			return true;
	for (const struct ktest_case *c = s->cases; c->run; c++)
		if (ktest_filter_selects_case(filter, s, c))
			return true;
	return false;
}

/* Does the name [tok, tok+len) match "all", a suite or a suite.case? */
static bool token_matches_anything(const char *tok, size_t len)
{
	if (token_is(tok, len, "all"))
		return true;
	for (const struct ktest_suite *s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		if (token_is(tok, len, s->name))
			return true;
		for (const struct ktest_case *c = s->cases; c->run; c++)
			if (token_is_case(tok, len, s, c))
				return true;
	}
	return false;
}

/* ktest_filter_unmatched - count (and with warn, warn about) names that match nothing. */
int ktest_filter_unmatched(const char *filter, bool warn)
{
	const char *pos = filter, *tok;
	size_t len;
	int unmatched = 0;

	while (next_token(&pos, &tok, &len)) {
		if (token_matches_anything(tok, len))
			continue;
		if (warn)
			pr_warn("ktest: \"%.*s\" matches no test suite or case\n", (int)len, tok);
		unmatched++;
	}
	return unmatched;
}

/* ---- reporting from inside a case ---- */

/*
 * Prints a multi-line message KUnit's way: the first line indented like the
 * case's lines, later lines as they are (they carry their own indent).
 */
static void print_message(const char *msg)
{
	const char *indent = KTAP_INDENT;

	while (*msg) {
		const char *nl = strchr(msg, '\n');
		int len = nl ? (int)(nl - msg) : (int)strlen(msg);

		pr_info("%s%.*s\n", indent, len, msg);
		indent = "";
		msg += len + (nl != NULL);
	}
}

static void ktest_vfail(struct ktest *t, enum ktest_assert_type type, const char *file,
			int line, const char *fmt, va_list args)
{
	char msg[512];

	t->failed = true;
	vscnprintf(msg, sizeof(msg), fmt, args);
	pr_info(KTAP_INDENT "# %s: %s FAILED at %s:%d\n", t->name,
		type == KTEST_ASSERTION ? "ASSERTION" : "EXPECTATION", file, line);
	print_message(msg);
}

/* __ktest_fail - mark t failed and print the KUnit-style diagnostic (see ktest.h). */
void __ktest_fail(struct ktest *t, enum ktest_assert_type type, const char *file,
		  int line, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ktest_vfail(t, type, file, line, fmt, args);
	va_end(args);
}

/* ktest_fail - __ktest_fail as an EXPECTATION: the case goes on. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ktest_vfail(t, KTEST_EXPECTATION, file, line, fmt, args);
	va_end(args);
}

/* ktest_abort - end the running case now: longjmp back to ktest_run_case's setjmp. */
void ktest_abort(struct ktest *t)
{
	if (!t->abort_ctx)
		panic("ktest_abort: case %s has no abort context", t->name);
	longjmp(t->abort_ctx, 1);
}

/* ktest_skip - mark t skipped (reason must outlive the case) and end it. */
void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
	ktest_abort(t);
}

/* ktest_info - print "    # <case>: <message>" (one line; KUnit's kunit_info). */
void ktest_info(struct ktest *t, const char *fmt, ...)
{
	char msg[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_info(KTAP_INDENT "# %s: %s\n", t->name, msg);
}

/* ---- running ---- */

/*
 * The case being run.  Static rather than a local of ktest_run_case(): the
 * case changes it between setjmp and longjmp, and C only promises the value
 * of such an object after the longjmp if it is not an automatic variable.
 */
static struct ktest ktest_current;

/* Runs case c as case number 'index' of its suite and prints its result line. */
static void ktest_run_case(const struct ktest_case *c, int index, struct ktest_totals *st)
{
	struct ktest *t = &ktest_current;
	jmp_buf env;

	*t = (struct ktest){ .name = c->name, .abort_ctx = env };
	if (setjmp(env) == 0)
		c->run(t);
	t->abort_ctx = NULL;		/* env dies with this frame */

	if (t->failed) {
		pr_info(KTAP_INDENT "not ok %d %s\n", index, c->name);
		st->fail++;
	} else if (t->skipped) {
		pr_info(KTAP_INDENT "ok %d %s # SKIP%s%s\n", index, c->name,
			t->skip_reason ? " " : "", t->skip_reason ? t->skip_reason : "");
		st->skip++;
	} else {
		pr_info(KTAP_INDENT "ok %d %s\n", index, c->name);
		st->pass++;
	}
}

/* The number of cases of s that the filter selects. */
static int count_selected_cases(const struct ktest_suite *s)
{
	int n = 0;

	for (const struct ktest_case *c = s->cases; c->run; c++)
		n += ktest_filter_selects_case(ktest_filter, s, c);
	return n;
}

/* Runs the selected cases of s (preceded by its init, followed by its exit). */
static int ktest_run_cases(const struct ktest_suite *s, struct ktest_totals *st)
{
	int index = 0;
	int err;

	if (s->init && (err = s->init()) != 0) {
		pr_info(KTAP_INDENT "# failed to initialise (%d)\n", err);
		return err;
	}
	for (const struct ktest_case *c = s->cases; c->run; c++)
		if (ktest_filter_selects_case(ktest_filter, s, c))
			ktest_run_case(c, ++index, st);
	if (s->exit)
		s->exit();
	return 0;
}

/*
 * Runs suite s as subtest number 'index', adds its counts to totals and
 * returns true if it did not fail.
 */
static bool ktest_run_suite(const struct ktest_suite *s, int index, struct ktest_totals *totals)
{
	struct ktest_totals st = { 0 };
	bool failed, skipped;
	int err;

	pr_info(KTAP_INDENT "KTAP version 1\n");
	pr_info(KTAP_INDENT "# Subtest: %s\n", s->name);
	pr_info(KTAP_INDENT "1..%d\n", count_selected_cases(s));
	err = ktest_run_cases(s, &st);

	failed = err || st.fail;
	skipped = !failed && !st.pass;
	pr_info("# %s: pass:%d fail:%d skip:%d total:%d\n", s->name,
		st.pass, st.fail, st.skip, st.pass + st.fail + st.skip);
	pr_info("%s %d %s%s\n", failed ? "not ok" : "ok", index, s->name,
		skipped ? " # SKIP" : "");
	totals->pass += st.pass;
	totals->fail += st.fail;
	totals->skip += st.skip;
	return !failed;
}

/* Runs every selected suite, printing the whole KTAP document; true if all passed. */
static bool ktest_run_all(void)
{
	struct ktest_totals totals = { 0 };
	const struct ktest_suite *s;
	bool ok = true;
	int nsuites = 0, index = 0;

	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		nsuites += ktest_filter_selects_suite(ktest_filter, s);
	pr_info("KTAP version 1\n");
	pr_info("1..%d\n", nsuites);
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (ktest_filter_selects_suite(ktest_filter, s))
			ok &= ktest_run_suite(s, ++index, &totals);
	pr_info("# Totals: pass:%d fail:%d skip:%d total:%d\n", totals.pass,
		totals.fail, totals.skip, totals.pass + totals.fail + totals.skip);
	return ok;
}

static int add_cache(struct kmem_cache *s, void *arg)
{
	struct ktest_mem_snapshot *snap = arg;
	struct slabinfo info;

	get_slabinfo(s, &info);
	snap->slab_pages += info.num_slabs << info.cache_order;
	snap->slab_objects += info.active_objs;
	return 0;
}

/* ktest_mem_snapshot - see kernel/ktest.h. */
void ktest_mem_snapshot(struct ktest_mem_snapshot *snap)
{
	*snap = (struct ktest_mem_snapshot){ 0 };
	drain_local_pages();
	snap->free_pages = nr_free_pages();
	snap->vmalloc_tables = vmalloc_nr_table_pages();
	slab_caches_for_each(add_cache, snap);
}

/* ktest_mem_unchanged - see kernel/ktest.h. */
bool ktest_mem_unchanged(const struct ktest_mem_snapshot *a, const struct ktest_mem_snapshot *b)
{
	return a->free_pages + a->slab_pages + a->vmalloc_tables ==
	       b->free_pages + b->slab_pages + b->vmalloc_tables &&
	       a->slab_objects == b->slab_objects;
}

/*
 * The leak check the boot scenarios read (xv6's countfree, done in the
 * kernel): after the suites, every page is back in the buddy except those
 * the kernel keeps on purpose - vmalloc page tables and slabs the caches
 * hold on to - and no slab object is still handed out.
 */
static void report_leaks(const struct ktest_mem_snapshot *a, const struct ktest_mem_snapshot *b)
{
	pr_info("ktest: free pages before=%lu after=%lu vmalloc page tables=+%lu slab pages=%+ld slab objects before=%lu after=%lu\n",
		a->free_pages, b->free_pages, b->vmalloc_tables - a->vmalloc_tables,
		(long)(b->slab_pages - a->slab_pages), a->slab_objects, b->slab_objects);
}

/*
 * ktest_run - with ktest= given: warn about unmatched names, run the selected
 * suites, print the BENCH line and power off (pass or fail).  Else return.
 */
void ktest_run(void)
{
	struct ktest_mem_snapshot before, after;
	u64 start, ns;
	bool ok;

	if (!ktest_requested)
		return;
	ktest_mem_snapshot(&before);
	start = local_clock();
	ok = ktest_filter_unmatched(ktest_filter, true) == 0;
	ok &= ktest_run_all();
	ns = local_clock() - start;
	ktest_mem_snapshot(&after);
	report_leaks(&before, &after);
	pr_info("BENCH name=ktest_all unit=ms value=%llu.%03llu\n",
		ns / 1000000, ns / 1000 % 1000);
	kbench_run();			/* kbench= given as well: benchmarks, then off */
	machine_power_off(ok ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}
