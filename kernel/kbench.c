/*
 * kernel/kbench.c - the benchmark runner (`kbench=`, kernel/kbench.h).
 *
 * Benchmarks sit in the .kbench linker section in link order (the Makefile
 * links files sorted by path, so the order is stable).  `kbench=all` runs
 * every one, `kbench=a,b` the named ones, each once, in table order.  The
 * runner prints a header line, lets each benchmark print its BENCH lines,
 * and warns about names that matched nothing.  It never fails a run:
 * benchmarks measure, tests judge.
 */
#include "kernel/kbench.h"
#include "kernel/errno.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"

static char kbench_filter[COMMAND_LINE_SIZE];	/* the value of kbench= */
static bool kbench_requested;			/* kbench= was given */
static bool kbench_done;			/* kbench_run() already ran them */

/* parse_kbench - kbench=<all|name,name>: remember the list for kbench_run(). */
static int parse_kbench(char *arg)
{
	if (!*arg || strscpy(kbench_filter, arg, sizeof(kbench_filter)) < 0)
		return -EINVAL;
	kbench_requested = true;
	return 0;
}
__setup("kbench", parse_kbench);

/* Is 'name' one of the comma-separated names in the filter (or is it "all")? */
static bool kbench_selected(const char *name)
{
	size_t len = strlen(name);
	const char *p = kbench_filter;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if ((n == 3 && !strncmp(p, "all", 3)) || (n == len && !strncmp(p, name, n)))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

/* Warns about every name in the filter that is neither "all" nor a benchmark. */
static void kbench_warn_unmatched(void)
{
	const char *p = kbench_filter;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = n == 3 && !strncmp(p, "all", 3);

		for (const struct kbench *b = __start_kbench; b < __stop_kbench && !found; b++)
			found = strlen(b->name) == n && !strncmp(p, b->name, n);
		if (!found && n)
			pr_warn("kbench: no benchmark named '%.*s'\n", (int)n, p);
		p += n + (end ? 1 : 0);
	}
}

/* kbench_report - see kernel/kbench.h. */
void kbench_report(const char *name, u64 cycles, u64 ops)
{
	if (!ops)
		ops = 1;
	pr_info("BENCH name=%s unit=cycles value=%llu ops=%llu\n", name, cycles / ops, ops);
}

/* kbench_run - see kernel/kbench.h. */
bool kbench_run(void)
{
	int n = 0;

	if (!kbench_requested)
		return false;
	if (kbench_done)
		return true;
	kbench_done = true;
	kbench_warn_unmatched();
	for (const struct kbench *b = __start_kbench; b < __stop_kbench; b++)
		n += kbench_selected(b->name);
	pr_info("kbench: running %d benchmark%s\n", n, n == 1 ? "" : "s");
	for (const struct kbench *b = __start_kbench; b < __stop_kbench; b++)
		if (kbench_selected(b->name))
			b->run();
	return true;
}
