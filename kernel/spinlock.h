/*
 * kernel/spinlock.h - spinlocks (Linux's API, a test-and-test-and-set lock).
 *
 * Pagoda runs on one CPU until the SMP issue, but every shared structure
 * already has its lock (DESIGN.md §8) so that bringing up more CPUs adds no
 * new locking, only real contention.  spin_lock_irqsave disables interrupts
 * on this CPU as well, for data an interrupt handler also touches.
 * A spinlock is never held across anything that sleeps.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "arch/x86_64/io.h"
#include "kernel/types.h"

typedef struct {
	volatile int locked;	/* 1 while held */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED	{ .locked = 0 }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l) { l->locked = 0; }

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l) { return l->locked; }

#define spin_lock_irqsave(l, flags) \
	do { (flags) = arch_local_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { spin_unlock(l); arch_local_irq_restore(flags); } while (0)

#endif /* KERNEL_SPINLOCK_H */
