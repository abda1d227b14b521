/*
 * drivers/tty/tty_test.c - ktest suite "tty": the line discipline on a
 * private tty (not the console) fed with n_tty_receive_buf(), read and
 * written through kernel_read/kernel_write on a file whose f_op is
 * tty_fops; what the tty sends to the "wire" is captured.
 */
#include "drivers/tty/tty.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/signal_types.h"
#include "kernel/string.h"
#include "mm/slab.h"

static char wire[512];
static size_t wire_len;

static void capture_putc(char c)
{
	if (wire_len < sizeof(wire) - 1)
		wire[wire_len++] = c;
	wire[wire_len] = '\0';
}

struct tty_fixture {
	struct tty_struct *tty;
	struct file file;
};

static void fixture_init(struct ktest *t, struct tty_fixture *fx)
{
	fx->tty = kmalloc(sizeof(*fx->tty), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, fx->tty);
	tty_struct_init(fx->tty, capture_putc);
	memset(&fx->file, 0, sizeof(fx->file));
	fx->file.private_data = fx->tty;
	fx->file.f_op = &tty_fops;
	fx->file.f_mode = FMODE_READ | FMODE_WRITE;
	fx->file.f_flags = O_RDWR | O_NONBLOCK;		/* never sleep in a test */
	wire_len = 0;
	wire[0] = '\0';
}

static void feed(struct tty_fixture *fx, const char *s)
{
	n_tty_receive_buf(fx->tty, (const unsigned char *)s, strlen(s));
}

/* Reads once into a NUL-terminated buffer: the count or -errno. */
static ssize_t rd(struct tty_fixture *fx, char *buf, size_t n)
{
	ssize_t r = kernel_read(&fx->file, buf, n - 1, NULL);

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static void canonical_lines_are_edited_then_readable(struct ktest *t)
{
	struct tty_fixture fx;
	char buf[64];

	fixture_init(t, &fx);
	feed(&fx, "abX\x7f" "c");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), -EAGAIN);	/* no whole line yet */
	feed(&fx, "\r");					/* ICRNL */
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 4);
	KTEST_EXPECT_STREQ(t, buf, "abc\n");
	KTEST_EXPECT_STREQ(t, wire, "abX\b \bc\r\n");		/* the echo */
	feed(&fx, "foo bar\x17" "baz\n" "junk\x15" "ok\n");	/* ^W, ^U */
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 8);
	KTEST_EXPECT_STREQ(t, buf, "foo baz\n");			/* one line per read */
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "ok\n");
	feed(&fx, "long line\n");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, 5), 4);				/* a short buffer: in pieces */
	KTEST_EXPECT_STREQ(t, buf, "long");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 6);
	KTEST_EXPECT_STREQ(t, buf, " line\n");
	kfree(fx.tty);
}

static void ctrl_d_is_end_of_file(struct ktest *t)
{
	struct tty_fixture fx;
	char buf[16];

	fixture_init(t, &fx);
	feed(&fx, "\x04");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 0);		/* EOF */
	feed(&fx, "ab\x04");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 2);		/* the line, no newline */
	KTEST_EXPECT_STREQ(t, buf, "ab");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), -EAGAIN);	/* the ^D was used up */
	kfree(fx.tty);
}

static void ctrl_c_flushes_and_raises_sigint(struct ktest *t)
{
	struct tty_fixture fx;
	char buf[16];

	fixture_init(t, &fx);
	feed(&fx, "typed\x03");
	KTEST_EXPECT_EQ(t, fx.tty->pending_signal, SIGINT);
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), -EAGAIN);	/* the line is gone */
	KTEST_EXPECT_STREQ(t, wire, "typed^C\r\n");
	fx.tty->termios.c_lflag &= ~ISIG;
	fx.tty->pending_signal = 0;
	feed(&fx, "\x03\n");
	KTEST_EXPECT_EQ(t, fx.tty->pending_signal, 0);
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 2);		/* just a byte now */
	kfree(fx.tty);
}

static void raw_mode_returns_bytes_at_once(struct ktest *t)
{
	struct tty_fixture fx;
	char buf[16];

	fixture_init(t, &fx);
	fx.tty->termios.c_lflag &= ~(ICANON | ECHO);
	feed(&fx, "xy\x7f");
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 3);		/* no editing, no line */
	KTEST_EXPECT_EQ(t, memcmp(buf, "xy\x7f", 3), 0);
	KTEST_EXPECT_EQ(t, wire_len, 0);				/* no echo */
	fx.tty->termios.c_cc[VMIN] = 0;
	KTEST_EXPECT_EQ(t, rd(&fx, buf, sizeof(buf)), 0);		/* VMIN 0: never waits */
	kfree(fx.tty);
}

static void output_turns_newline_into_crlf(struct ktest *t)
{
	struct tty_fixture fx;

	fixture_init(t, &fx);
	KTEST_EXPECT_EQ(t, kernel_write(&fx.file, "a\nb", 3, NULL), 3);
	KTEST_EXPECT_STREQ(t, wire, "a\r\nb");
	fx.tty->termios.c_oflag &= ~OPOST;
	wire_len = 0;
	KTEST_EXPECT_EQ(t, kernel_write(&fx.file, "c\n", 2, NULL), 2);
	KTEST_EXPECT_STREQ(t, wire, "c\n");
	kfree(fx.tty);
}

static struct ktest_case tty_cases[] = {
	KTEST_CASE(canonical_lines_are_edited_then_readable),
	KTEST_CASE(ctrl_d_is_end_of_file),
	KTEST_CASE(ctrl_c_flushes_and_raises_sigint),
	KTEST_CASE(raw_mode_returns_bytes_at_once),
	KTEST_CASE(output_turns_newline_into_crlf),
	{}
};
KTEST_SUITE(tty, tty_cases);
