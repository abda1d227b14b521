/*
 * arch/x86_64/apic.h - the local APIC and the legacy 8259 PIC
 * (arch/x86_64/apic.c; Linux's asm/apic.h and asm/apicdef.h).
 *
 * Each CPU has a local APIC: it receives interrupts (from its own timer,
 * from other CPUs, from I/O APICs) and hands them to the CPU by vector and
 * priority, one at a time until the handler writes EOI.  Its registers are
 * 4 KiB of memory-mapped I/O at the physical address in MSR
 * IA32_APICBASE (0xfee00000 by default), mapped uncached through the fixmap
 * (arch/x86_64/fixmap.h).  Pagoda uses it in xAPIC (MMIO) mode.
 *
 * The 8259 PIC pair that PCs still emulate would deliver the ISA IRQs on
 * vectors 8-15 after reset - the CPU's exception vectors.  Pagoda remaps it
 * to 0x20-0x2f and masks every line: the local APIC timer is the only
 * interrupt source (console input is polled from the tick).
 */
#ifndef ARCH_X86_64_APIC_H
#define ARCH_X86_64_APIC_H

#include "kernel/types.h"

#define MSR_IA32_APICBASE		0x1b
#define MSR_IA32_APICBASE_BSP		(1UL << 8)
#define MSR_IA32_APICBASE_X2APIC	(1UL << 10)
#define MSR_IA32_APICBASE_ENABLE	(1UL << 11)
#define MSR_IA32_APICBASE_BASE		0xfffff000UL

/* Register offsets (Intel SDM vol. 3, table 11-1; Linux's names). */
#define APIC_ID			0x20
#define APIC_LVR		0x30	/* version */
#define APIC_TASKPRI		0x80	/* task priority: 0 accepts everything */
#define APIC_EOI		0xb0
#define APIC_SPIV		0xf0	/* spurious vector; bit 8 enables the APIC */
#define	APIC_SPIV_APIC_ENABLED	(1U << 8)
#define APIC_ESR		0x280	/* error status */
#define APIC_LVTT		0x320	/* local vector table: timer */
#define APIC_LVT0		0x350	/* ... LINT0 pin (the PIC's ExtINT in virtual wire mode) */
#define APIC_LVT1		0x360	/* ... LINT1 pin (NMI) */
#define APIC_LVTERR		0x370	/* ... errors */
#define	APIC_LVT_MASKED		(1U << 16)
#define	APIC_LVT_TIMER_PERIODIC	(1U << 17)
#define	APIC_DM_NMI		0x00400
#define APIC_TMICT		0x380	/* timer initial count */
#define APIC_TMCCT		0x390	/* timer current count */
#define APIC_TDCR		0x3e0	/* timer divide configuration */
#define	APIC_TDR_DIV_16		0x3

#define APIC_DIVISOR		16

/* apic_read / apic_write - a 32-bit local APIC register. */
u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 v);
/* apic_eoi - end of interrupt: the local APIC may deliver the next one. */
void apic_eoi(void);
/* apic_read_esr - the error status (writing ESR first latches it). */
u32 apic_read_esr(void);

/* legacy_pic_mask_all - remap the 8259 pair to vectors 0x20-0x2f and mask every line. */
void legacy_pic_mask_all(void);
/*
 * apic_init - map the local APIC, enable it (spurious vector 0xff), accept
 * every priority, mask LINT0, LINT1 as NMI, errors on ERROR_APIC_VECTOR.
 * Panics if the CPU has no APIC or it is in x2APIC mode.  From init_IRQ().
 */
void apic_init(void);
/*
 * setup_boot_APIC_clock - calibrate the APIC timer against the PIT and
 * start it periodic at HZ on LOCAL_TIMER_VECTOR.  From time_init().
 */
void setup_boot_APIC_clock(void);
/* lapic_timer_period - APIC timer counts per tick (at APIC_DIVISOR). */
extern u32 lapic_timer_period;

#endif /* ARCH_X86_64_APIC_H */
