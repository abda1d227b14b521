/*
 * kernel/types.h - the fixed-width types every file uses.
 *
 * Pagoda is freestanding: the only C library headers it may include are the
 * ones the compiler itself provides in freestanding mode (<stdint.h>,
 * <stddef.h>, <stdbool.h>, <stdarg.h>).  On top of them we give Linux's short
 * names (u8..u64, s8..s64), phys_addr_t for physical addresses and pfn-sized
 * integers, so code reads like Linux's.
 */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as Linux: so %llu prints it */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

typedef long ssize_t;
typedef u64 phys_addr_t;	/* a physical address */
typedef u64 uintptr;

#endif /* KERNEL_TYPES_H */
