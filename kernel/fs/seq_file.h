/*
 * kernel/fs/seq_file.h - building the text of a generated file (Linux's
 * include/linux/seq_file.h, cut down to what procfs needs).
 *
 * A /proc file's contents do not exist anywhere: they are printed, on
 * demand, by a show function that calls seq_printf and friends into a
 * struct seq_file.  The buffer has a fixed size; a print that does not fit
 * marks the seq_file as overflowed (count == size) and later prints are
 * dropped.  seq_generate() then throws the text away and runs show again
 * with a buffer twice as large, until the whole text fits (Linux's seq_read
 * does the same).  So a show function must print the same text when run
 * again, must not sleep half-way if it needs a consistent snapshot, and
 * returns 0 or -errno.
 */
#ifndef KERNEL_FS_SEQ_FILE_H
#define KERNEL_FS_SEQ_FILE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct seq_file {
	char *buf;		/* the text so far */
	size_t size;		/* bytes allocated */
	size_t count;		/* bytes used; == size: overflowed */
	size_t pad_until;	/* seq_pad pads up to this count (seq_setwidth) */
	void *private;		/* for the show function */
};

/* The largest text seq_generate builds (bigger: -ENOMEM). */
#define SEQ_MAX_SIZE	(4UL << 20)

/* seq_has_overflowed - did a print not fit? */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
/* seq_setwidth - the next seq_pad pads the text printed from here to size bytes. */
void seq_setwidth(struct seq_file *m, size_t size);
/* seq_pad - pad with spaces to the width set by seq_setwidth, then put c (if not 0). */
void seq_pad(struct seq_file *m, char c);
/* seq_put_decimal_ull_width - delimiter, then num right-aligned in width (Linux's). */
void seq_put_decimal_ull_width(struct seq_file *m, const char *delimiter, unsigned long long num,
			       unsigned int width);

/*
 * seq_generate - run show(m, arg) until its text fits; on success m->buf
 * holds m->count bytes (free with seq_release).  m->private is kept.
 * Returns 0, show's error, or -ENOMEM.  May sleep (allocation) between runs.
 */
int seq_generate(struct seq_file *m, int (*show)(struct seq_file *m, void *arg), void *arg);
/* seq_release - free the text of a seq_file. */
void seq_release(struct seq_file *m);

#endif /* KERNEL_FS_SEQ_FILE_H */
