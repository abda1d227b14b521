/*
 * kernel/params_test.c - ktest suite "params": parse_cmdline() (kernel/params.c).
 *
 * Most cases run the parser over a private table, test_params[], whose
 * handlers record how often they were called and with what argument, so a
 * case can check exactly which handlers ran.  The last cases go through the
 * real .init.setup table (__setup_start..__setup_end) with the real
 * loglevel= handler (kernel/main.c), restoring console_loglevel afterwards.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/* A 63-character name: the longest the parser's name buffer (64) holds. */
#define NAME63	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"

/* What the handlers saw. */
static struct {
	int calls;
	char arg[COMMAND_LINE_SIZE];
} rec_a, rec_b, rec_bad, rec_late, rec_long;

static void record(typeof(rec_a) *r, const char *arg)
{
	r->calls++;
	strscpy(r->arg, arg, sizeof(r->arg));
}

static int set_a(char *arg) { record(&rec_a, arg); return 0; }
static int set_b(char *arg) { record(&rec_b, arg); return 0; }
static int set_bad(char *arg) { record(&rec_bad, arg); return -EINVAL; }
static int set_late(char *arg) { record(&rec_late, arg); return 0; }
static int set_long(char *arg) { record(&rec_long, arg); return 0; }

static const struct obs_kernel_param test_params[] = {
	{ "a", set_a, true },
	{ "b", set_b, true },
	{ "bad", set_bad, true },
	{ "late", set_late, false },
	{ NAME63, set_long, true },
};

#define TEST_TABLE	test_params, test_params + ARRAY_SIZE(test_params)

static void reset(void)
{
	memset(&rec_a, 0, sizeof(rec_a));
	memset(&rec_b, 0, sizeof(rec_b));
	memset(&rec_bad, 0, sizeof(rec_bad));
	memset(&rec_late, 0, sizeof(rec_late));
	memset(&rec_long, 0, sizeof(rec_long));
}

static void parse_cmdline_value_and_bare_name(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("a=1 b", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "1");
	KTEST_EXPECT_EQ(t, rec_b.calls, 1);
	KTEST_EXPECT_STREQ(t, rec_b.arg, "");
}

static void parse_cmdline_tabs_newlines_and_repeats(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("\ta=1\n\n a=2\tb=x=y\n", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 2);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "2");		/* the last one wins */
	KTEST_EXPECT_STREQ(t, rec_b.arg, "x=y");	/* only the first '=' splits */
}

static void parse_cmdline_quoted_values(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("a=\"x y  z\" b=2", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "x y  z");
	KTEST_EXPECT_STREQ(t, rec_b.arg, "2");

	reset();					/* Linux also allows "name=value with spaces" */
	KTEST_EXPECT_EQ(t, parse_cmdline("\"a=p q\" b", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "p q");
	KTEST_EXPECT_EQ(t, rec_b.calls, 1);

	reset();					/* an unclosed quote runs to the end */
	KTEST_EXPECT_EQ(t, parse_cmdline("a=\"p b=1", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "p b=1");
	KTEST_EXPECT_EQ(t, rec_b.calls, 0);
}

static void parse_cmdline_unknown_counted_only_when_warned(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("zz a=1 yy=2", TEST_TABLE, true, true), 2);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("zz a=1 yy=2", TEST_TABLE, true, false), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
}

static void parse_cmdline_einval_counted_and_parse_continues(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("bad=1 a=2 bad b", TEST_TABLE, true, false), 2);
	KTEST_EXPECT_EQ(t, rec_bad.calls, 2);
	KTEST_EXPECT_STREQ(t, rec_bad.arg, "");
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	KTEST_EXPECT_STREQ(t, rec_a.arg, "2");
	KTEST_EXPECT_EQ(t, rec_b.calls, 1);
}

/* Each pass runs only its own kind; a parameter of the other kind is known, not unknown. */
static void parse_cmdline_early_and_late_filtering(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("a=1 late=2", TEST_TABLE, true, false), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	KTEST_EXPECT_EQ(t, rec_late.calls, 0);

	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("a=1 late=2", TEST_TABLE, false, true), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 0);
	KTEST_EXPECT_EQ(t, rec_late.calls, 1);
	KTEST_EXPECT_STREQ(t, rec_late.arg, "2");
}

static void parse_cmdline_empty_and_blank_lines(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline("", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, parse_cmdline("     ", TEST_TABLE, false, true), 0);
	KTEST_EXPECT_EQ(t, parse_cmdline(" \t\n ", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls + rec_b.calls + rec_bad.calls + rec_late.calls, 0);
}

/*
 * A name longer than the name buffer must not be cut down to one that
 * matches: NAME63 + "lmn" is not NAME63.
 */
static void parse_cmdline_overlong_name_never_matches(struct ktest *t)
{
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline(NAME63 "=1", TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, rec_long.calls, 1);
	KTEST_EXPECT_STREQ(t, rec_long.arg, "1");

	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline(NAME63 "lmn=1 a=2", TEST_TABLE, true, true), 1);
	KTEST_EXPECT_EQ(t, rec_long.calls, 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline(NAME63 "l", TEST_TABLE, true, false), 0);
	KTEST_EXPECT_EQ(t, rec_long.calls, 0);
}

/* A value longer than the value buffer is not handed over truncated. */
static void parse_cmdline_overlong_value_not_truncated(struct ktest *t)
{
	static char line[COMMAND_LINE_SIZE + 16];

	memset(line, 'v', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "a=", 2);
	reset();
	KTEST_EXPECT_EQ(t, parse_cmdline(line, TEST_TABLE, true, true), 1);
	KTEST_EXPECT_EQ(t, rec_a.calls, 0);

	line[COMMAND_LINE_SIZE + 1] = '\0';		/* a= + COMMAND_LINE_SIZE - 1 v's: fits */
	KTEST_EXPECT_EQ(t, parse_cmdline(line, TEST_TABLE, true, true), 0);
	KTEST_EXPECT_EQ(t, rec_a.calls, 1);
	KTEST_EXPECT_EQ(t, strlen(rec_a.arg), COMMAND_LINE_SIZE - 1);
}

/* ---- the real table: loglevel= (kernel/main.c) ---- */

static void loglevel_malformed_keeps_default(struct ktest *t)
{
	int saved = console_loglevel;
	int r_abc, r_big, r_empty, r_neg, lvl_after_bad;

	r_abc = parse_cmdline("loglevel=abc", __setup_start, __setup_end, true, false);
	r_big = parse_cmdline("loglevel=99", __setup_start, __setup_end, true, false);
	r_empty = parse_cmdline("loglevel", __setup_start, __setup_end, true, false);
	r_neg = parse_cmdline("loglevel=-1", __setup_start, __setup_end, true, false);
	lvl_after_bad = console_loglevel;
	console_loglevel = saved;

	KTEST_EXPECT_EQ(t, r_abc, 1);
	KTEST_EXPECT_EQ(t, r_big, 1);
	KTEST_EXPECT_EQ(t, r_empty, 1);
	KTEST_EXPECT_EQ(t, r_neg, 1);
	KTEST_EXPECT_EQ(t, lvl_after_bad, saved);
}

static void loglevel_valid_value_applies(struct ktest *t)
{
	int saved = console_loglevel;
	int want = saved == 5 ? 6 : 5;
	char line[32];
	int r, got;

	snprintf(line, sizeof(line), "loglevel=%d", want);
	r = parse_cmdline(line, __setup_start, __setup_end, true, false);
	got = console_loglevel;
	console_loglevel = saved;

	KTEST_EXPECT_EQ(t, r, 0);
	KTEST_EXPECT_EQ(t, got, want);
	/* the late pass knows loglevel (no "unknown"), and leaves it alone */
	r = parse_cmdline("loglevel=1", __setup_start, __setup_end, false, true);
	got = console_loglevel;
	console_loglevel = saved;
	KTEST_EXPECT_EQ(t, r, 0);
	KTEST_EXPECT_EQ(t, got, saved);
}

static struct ktest_case params_cases[] = {
	KTEST_CASE(parse_cmdline_value_and_bare_name),
	KTEST_CASE(parse_cmdline_tabs_newlines_and_repeats),
	KTEST_CASE(parse_cmdline_quoted_values),
	KTEST_CASE(parse_cmdline_unknown_counted_only_when_warned),
	KTEST_CASE(parse_cmdline_einval_counted_and_parse_continues),
	KTEST_CASE(parse_cmdline_early_and_late_filtering),
	KTEST_CASE(parse_cmdline_empty_and_blank_lines),
	KTEST_CASE(parse_cmdline_overlong_name_never_matches),
	KTEST_CASE(parse_cmdline_overlong_value_not_truncated),
	KTEST_CASE(loglevel_malformed_keeps_default),
	KTEST_CASE(loglevel_valid_value_applies),
	{}
};
KTEST_SUITE(params, params_cases);
