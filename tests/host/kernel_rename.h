/*
 * tests/host/kernel_rename.h - force-included (gcc -include) into every
 * kernel source compiled for a host test.
 *
 * Kernel code defines functions with the C library's names (memcpy,
 * strlen, snprintf, ...).  Linked into a host program, those would replace
 * libc's for the whole process - ASan's runtime and printf included.  So
 * each one is renamed with a k_ prefix here; tests call the k_ names
 * (declared in kernel_lib.h) and keep libc's as the model to compare with.
 */
#ifndef TESTS_HOST_KERNEL_RENAME_H
#define TESTS_HOST_KERNEL_RENAME_H

/* kernel/lib/string.c */
#define memset		k_memset
#define memcpy		k_memcpy
#define memmove		k_memmove
#define memcmp		k_memcmp
#define memchr		k_memchr
#define memchr_inv	k_memchr_inv
#define strlen		k_strlen
#define strnlen		k_strnlen
#define strcmp		k_strcmp
#define strncmp		k_strncmp
#define strchr		k_strchr
#define strrchr		k_strrchr
#define strstr		k_strstr
#define strscpy		k_strscpy
#define kstrtoull	k_kstrtoull
#define kstrtoll	k_kstrtoll
#define kstrtoint	k_kstrtoint
#define memparse	k_memparse

/* kernel/lib/vsprintf.c */
#define vsnprintf	k_vsnprintf
#define snprintf	k_snprintf
#define vscnprintf	k_vscnprintf
#define scnprintf	k_scnprintf

#endif /* TESTS_HOST_KERNEL_RENAME_H */
