/*
 * kernel/fs/seq_file.c - the text buffer of generated files (Linux's
 * fs/seq_file.c, without the iterator protocol): see seq_file.h.
 *
 * Invariants: count <= size; count == size means a print did not fit
 * (overflow), and everything printed afterwards is dropped, so the caller
 * can tell a complete text from a cut one.  Buffers up to a few pages come
 * from kmalloc, larger ones from vmalloc (a maps file of a process with
 * thousands of VMAs would otherwise need a large contiguous block).
 */
#include "kernel/fs/seq_file.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define SEQ_KMALLOC_MAX	(8 * PAGE_SIZE)

static void seq_set_overflow(struct seq_file *m)
{
	m->count = m->size;
}

/* seq_printf - formatted text at the end of m (dropped if it does not fit). */
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;
	int len;

	if (m->count >= m->size)
		return;
	va_start(args, fmt);
	len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
	va_end(args);
	if (m->count + len >= m->size)
		seq_set_overflow(m);
	else
		m->count += len;
}

/* seq_write - len bytes at the end of m. */
void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len >= m->size) {
		seq_set_overflow(m);
		return;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

/* seq_puts - a string at the end of m. */
void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

/* seq_putc - one character at the end of m. */
void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

/* seq_setwidth - see seq_file.h. */
void seq_setwidth(struct seq_file *m, size_t size)
{
	m->pad_until = m->count + size;
}

/* seq_pad - see seq_file.h. */
void seq_pad(struct seq_file *m, char c)
{
	while (m->count < m->pad_until && !seq_has_overflowed(m))
		seq_putc(m, ' ');
	if (c)
		seq_putc(m, c);
}

/* seq_put_decimal_ull_width - see seq_file.h. */
void seq_put_decimal_ull_width(struct seq_file *m, const char *delimiter, unsigned long long num,
			       unsigned int width)
{
	if (delimiter)
		seq_puts(m, delimiter);
	seq_printf(m, "%*llu", (int)width, num);
}

static void *seq_buf_alloc(size_t size)
{
	return size <= SEQ_KMALLOC_MAX ? kmalloc(size, GFP_KERNEL) : vmalloc(size);
}

static void seq_buf_free(void *buf)
{
	if (is_vmalloc_addr(buf))
		vfree(buf);
	else
		kfree(buf);
}

/* seq_release - see seq_file.h. */
void seq_release(struct seq_file *m)
{
	if (m->buf)
		seq_buf_free(m->buf);
	m->buf = NULL;
	m->size = m->count = 0;
}

/* seq_generate - see seq_file.h. */
int seq_generate(struct seq_file *m, int (*show)(struct seq_file *m, void *arg), void *arg)
{
	size_t size = PAGE_SIZE;
	int err;

	seq_release(m);
	for (;;) {
		m->buf = seq_buf_alloc(size);
		if (!m->buf)
			return -ENOMEM;
		m->size = size;
		m->count = 0;
		m->pad_until = 0;
		err = show(m, arg);
		if (err || !seq_has_overflowed(m))
			break;
		seq_release(m);
		size *= 2;
		if (size > SEQ_MAX_SIZE)
			return -ENOMEM;
	}
	if (err)
		seq_release(m);
	return err;
}
