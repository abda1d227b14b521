/*
 * kernel/random.h - random bytes for the kernel and getrandom(2)
 * (kernel/sys.c; Linux's include/linux/random.h, much simplified).
 *
 * The source is the CPU's RDRAND instruction when CPUID says it exists
 * (QEMU's -cpu max has it).  Without RDRAND, a xorshift64* generator
 * seeded from the TSC and stirred with it on every call: unpredictable
 * enough for AT_RANDOM's stack canaries in a teaching kernel, NOT
 * cryptographic - Linux's ChaCha20-based CRNG is the thing to read for that.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "kernel/types.h"

/* getrandom(2) flags (Linux's values) */
#define GRND_NONBLOCK	0x0001
#define GRND_RANDOM	0x0002
#define GRND_INSECURE	0x0004

/* get_random_bytes - fill buf with len random bytes.  Any context. */
void get_random_bytes(void *buf, size_t len);

#endif /* KERNEL_RANDOM_H */
