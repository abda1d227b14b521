/*
 * user/tests/proc_util.h - helpers for the proc_* test programs: read a
 * whole /proc file, find "Key:" lines, tell Pagoda from the host.
 *
 * The proc_* programs check /proc's formats (proc(5): field names, their
 * order, column layouts) and the numbers' consistency.  They pass natively
 * on the host's Linux - which proves the expectations are Linux's - and on
 * Pagoda; checks that would change the host (sysctl writes, mounts) or
 * depend on the host being quiet (MemFree) run on Pagoda only and are
 * reported as skipped natively.
 */
#ifndef USER_TESTS_PROC_UTIL_H
#define USER_TESTS_PROC_UTIL_H

#include <sys/utsname.h>

#include "util.h"

/* Reads path whole into buf (NUL-terminated); the length, or -errno. */
static inline long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			int e = errno;

			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (long)len;
}

/* Writes s to path in one write(2): 0 or -errno. */
static inline int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

/* The line of text starting with key (e.g. "VmRSS:"), or NULL. */
static inline const char *find_line(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, klen))
			return p;
	return NULL;
}

/* The number after key and white space; -1 if key is missing. */
static inline long long key_value(const char *text, const char *key)
{
	const char *p = find_line(text, key);

	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/*
 * Do the "Key:" lines of text contain keys[0..n) in this order (other
 * lines may come between)?  On failure names the first key out of place.
 */
static inline int keys_in_order(const char *text, const char *const *keys, int n,
				const char **missing)
{
	const char *p = text;

	for (int i = 0; i < n; i++) {
		size_t klen = strlen(keys[i]);
		const char *q = p;

		while (q && *q && !(!strncmp(q, keys[i], klen) && q[klen] == ':'))
			q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL;
		if (!q || !*q) {
			*missing = keys[i];
			return 0;
		}
		p = q;
	}
	return 1;
}

#endif /* USER_TESTS_PROC_UTIL_H */
