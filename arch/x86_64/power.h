/*
 * arch/x86_64/power.h - ending a run (arch/x86_64/power.c, DESIGN.md §6).
 */
#ifndef ARCH_X86_64_POWER_H
#define ARCH_X86_64_POWER_H

#include "kernel/compiler.h"

/* What a test run ends with: QEMU's isa-debug-exit turns v into (v << 1) | 1. */
#define QEMU_EXIT_PASS	0x10	/* QEMU exits 33 */
#define QEMU_EXIT_FAIL	0x11	/* QEMU exits 35 */
#define QEMU_EXIT_PANIC	0x12	/* QEMU exits 37 */

/* machine_power_off - end the run with a status (one of QEMU_EXIT_*). */
__noreturn void machine_power_off(int status);
/* qemu_debug_exit - report status to a test harness; returns if there is none. */
void qemu_debug_exit(int status);
/* machine_halt - stop this CPU for good, interrupts off. */
__noreturn void machine_halt(void);

#endif /* ARCH_X86_64_POWER_H */
