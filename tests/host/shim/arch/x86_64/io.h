/*
 * tests/host/shim/arch/x86_64/io.h - arch/x86_64/io.h for host tests: the
 * same names, without privileged instructions (cli/sti, port I/O, MSRs and
 * control registers would fault in a user process).  Interrupt "state" is
 * a no-op: a host test is one thread, so disabling interrupts protects
 * nothing there is to protect.  Port and MSR reads return 0.
 */
#ifndef ARCH_X86_64_IO_H
#define ARCH_X86_64_IO_H

#include "kernel/types.h"

static inline void outb(u8 v, u16 port) { (void)v; (void)port; }
static inline void outw(u16 v, u16 port) { (void)v; (void)port; }
static inline void outl(u32 v, u16 port) { (void)v; (void)port; }
static inline u8 inb(u16 port) { (void)port; return 0; }
static inline u16 inw(u16 port) { (void)port; return 0; }
static inline u32 inl(u16 port) { (void)port; return 0; }
static inline u64 rdmsr(u32 msr) { (void)msr; return 0; }
static inline void wrmsr(u32 msr, u64 v) { (void)msr; (void)v; }
static inline u64 rdtsc(void) { return __builtin_ia32_rdtsc(); }

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

#define DEFINE_CR(n) \
	static inline u64 read_cr##n(void) { return 0; } \
	static inline void write_cr##n(u64 v) { (void)v; }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }
static inline void halt(void) { __builtin_trap(); }
static inline void local_irq_disable(void) { __asm__ volatile("" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ volatile("" ::: "memory"); }
static inline unsigned long local_save_flags(void) { return 1UL << 9; }
static inline unsigned long arch_local_irq_save(void) { return local_save_flags(); }
static inline void arch_local_irq_restore(unsigned long f) { (void)f; }

#define MSR_EFER		0xc0000080
#define EFER_SCE		(1UL << 0)
#define EFER_LME		(1UL << 8)
#define EFER_NXE		(1UL << 11)
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

#endif /* ARCH_X86_64_IO_H */
