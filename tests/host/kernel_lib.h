/*
 * tests/host/kernel_lib.h - kernel/lib functions as host tests see them.
 *
 * The kernel's own prototypes (kernel/string.h, kernel/printk.h) cannot be
 * included next to libc's headers, so the functions under test are declared
 * again here under their host names (kernel_rename.h adds the k_ prefix).
 * Keep in step with kernel/string.h and kernel/printk.h.
 */
#ifndef TESTS_HOST_KERNEL_LIB_H
#define TESTS_HOST_KERNEL_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* kernel/lib/string.c */
void *k_memset(void *dst, int c, size_t n);
void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memmove(void *dst, const void *src, size_t n);
int k_memcmp(const void *a, const void *b, size_t n);
void *k_memchr(const void *s, int c, size_t n);
void *k_memchr_inv(const void *s, int c, size_t n);
size_t k_strlen(const char *s);
size_t k_strnlen(const char *s, size_t maxlen);
int k_strcmp(const char *a, const char *b);
int k_strncmp(const char *a, const char *b, size_t n);
char *k_strchr(const char *s, int c);
char *k_strrchr(const char *s, int c);
char *k_strstr(const char *haystack, const char *needle);
ssize_t k_strscpy(char *dst, const char *src, size_t size);
int k_kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int k_kstrtoll(const char *s, unsigned int base, long long *res);
int k_kstrtoint(const char *s, unsigned int base, int *res);
unsigned long long k_memparse(const char *s, char **end);

/* kernel/lib/vsprintf.c */
int k_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int k_snprintf(char *buf, size_t size, const char *fmt, ...);
int k_vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int k_scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif /* TESTS_HOST_KERNEL_LIB_H */
