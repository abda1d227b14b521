/*
 * kernel/panic.c - the kernel's ways of giving up: panic(), BUG and WARN.
 *
 * panic() prints "Kernel panic - not syncing: <reason>" (Linux's words), a
 * call trace, and stops: in a test run it reports QEMU_EXIT_PANIC (QEMU
 * exits 37) through the debug-exit port; otherwise, with panic=N on the
 * command line (N > 0) it powers off after N seconds, and by default
 * (panic=0) it halts forever with the message on screen.
 *
 * __bug() prints "kernel BUG at file:line!" and executes ud2: the #UD
 * handler turns that into a full oops (registers and trace) and a panic, so
 * a BUG looks exactly like Linux's.
 *
 * __warn() prints Linux's "WARNING: CPU: 0 PID: <pid> at file:line func" with a
 * call trace and returns: the kernel carries on.
 *
 * oops_in_progress is set while an oops or panic prints, so that a second
 * failure while printing does not recurse forever.
 */
#include "kernel/panic.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/tsc.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"

int oops_in_progress;
static int panic_timeout;		/* panic=N: seconds until power-off; 0 = halt */
static int panic_count;

static int parse_panic(char *arg)
{
	return kstrtoint(arg, 0, &panic_timeout);
}
early_param("panic", parse_panic);

static void panic_wait_and_power_off(void)
{
	u64 start = local_clock();

	printk(KERN_EMERG "Rebooting in %d seconds..\n", panic_timeout);
	while (local_clock() - start < (u64)panic_timeout * 1000000000ULL)
		cpu_relax();
	machine_power_off(QEMU_EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	local_irq_disable();
	if (panic_count++)			/* panic while panicking: just stop */
		machine_halt();
	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	if (!oops_in_progress)			/* an oops has printed the trace already */
		dump_stack();
	oops_in_progress = 1;
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);
	qemu_debug_exit(QEMU_EXIT_PANIC);
	if (panic_timeout > 0)
		panic_wait_and_power_off();
	machine_halt();
}

void __bug(const char *file, int line)
{
	printk(KERN_EMERG "------------[ cut here ]------------\n");
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
	__asm__ volatile("ud2");
	__builtin_unreachable();
}

void __warn(const char *file, int line, const char *func)
{
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	printk(KERN_WARNING "WARNING: CPU: 0 PID: %d at %s:%d %s\n", current->pid, file, line, func);
	dump_stack();
	printk(KERN_WARNING "---[ end trace ]---\n");
}
