/*
 * kernel/kbench.h - in-kernel benchmarks, run with `kbench=` (kernel/kbench.c).
 *
 * A benchmark measures and reports; it never passes or fails (tests do
 * that, kernel/ktest.h).  Each is a function registered where it lives:
 *
 *	static void bench_order0(void)
 *	{
 *		u64 start = kbench_cycles();
 *		for (int i = 0; i < N; i++)
 *			__free_page(alloc_page(GFP_KERNEL));
 *		kbench_report("buddy_order0_pcp", kbench_cycles() - start, N);
 *	}
 *	KBENCH(buddy_order0_pcp, bench_order0);
 *
 * KBENCH places an entry in the .kbench linker section (linker.ld brackets
 * it with __start_kbench/__stop_kbench), so the runner finds every
 * benchmark without a central list.  kbench_report() prints one line in the
 * format of DESIGN.md §7:
 *
 *	BENCH name=buddy_order0_pcp unit=cycles value=212 ops=100000
 *
 * value is cycles per operation (the TSC, rdtsc: under QEMU's TCG these are
 * emulated cycles, good for comparing Pagoda with itself, not with real
 * hardware).  A benchmark may report several figures under different names.
 *
 * `kbench=all` runs every benchmark, `kbench=a,b` the named ones (an unknown
 * name is warned about).  They run after the ktest suites (from
 * ktest_run(), before it powers off) or, when only kbench= is given, from
 * start_kernel() after the point where the tests would run; then the
 * machine powers off with "pass" (QEMU exit 33).
 */
#ifndef KERNEL_KBENCH_H
#define KERNEL_KBENCH_H

#include "arch/x86_64/io.h"
#include "kernel/compiler.h"
#include "kernel/types.h"

struct kbench {
	const char *name;	/* what kbench= selects it by */
	void (*run)(void);	/* measures, then calls kbench_report() */
};

#define KBENCH(bname, fn)						\
	static const struct kbench __kbench_##bname			\
		__used __section(".kbench") __aligned(8) =		\
		{ .name = #bname, .run = fn }

/* The bracket linker.ld puts around the entries. */
extern const struct kbench __start_kbench[], __stop_kbench[];

/* kbench_cycles - the TSC now, for timing a loop. */
static inline u64 kbench_cycles(void)
{
	return rdtsc();
}

/*
 * kbench_report - print "BENCH name=<name> unit=cycles value=<cycles/ops>
 * ops=<ops>" for a loop of ops operations that took 'cycles'.
 */
void kbench_report(const char *name, u64 cycles, u64 ops);

/*
 * kbench_run - if kbench= was on the command line and the benchmarks have
 * not run yet, run the selected ones.  Returns true if kbench= was given
 * (start_kernel() then powers off).
 */
bool kbench_run(void);

#endif /* KERNEL_KBENCH_H */
