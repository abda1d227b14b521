/*
 * kernel/string.h - the string and memory helpers of kernel/lib/string.c.
 *
 * The C library's names and semantics, since GCC may emit calls to memcpy,
 * memset, memmove and memcmp on its own even in freestanding mode.  Plus
 * Linux's strscpy and the kstrto* number parsers used by the command line.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include "kernel/types.h"

/* ---- memory ---- */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
/* Returns the first byte in [s, s+n) that is not c, or NULL. */
void *memchr_inv(const void *s, int c, size_t n);

/* ---- strings ---- */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Copies at most size-1 bytes and always terminates; -E2BIG if truncated. */
ssize_t strscpy(char *dst, const char *src, size_t size);

/* ---- numbers (Linux's kstrto*: whole string must parse; 0 or -EINVAL/-ERANGE) ---- */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoint(const char *s, unsigned int base, int *res);
/* Parses a size with an optional K/M/G/T suffix (as memparse); *end gets the stop. */
unsigned long long memparse(const char *s, char **end);

#endif /* KERNEL_STRING_H */
