/*
 * drivers/tty/tty.c - the serial console as a terminal: /dev/console,
 * /dev/tty (and /dev/ttyS0), with Linux's canonical line discipline
 * (drivers/tty/n_tty.c) in miniature.
 *
 * Input path: the UART is polled, not interrupt-driven.  The timer tick
 * calls tty_poll(), which drains serial_getc() into n_tty_receive_char():
 *
 *   \r -> \n (ICRNL)            so Enter ends a line
 *   ^C ^\ ^Z (ISIG)             SIGINT/SIGQUIT/SIGTSTP to the foreground
 *                               process group, the typed line discarded
 *   with ICANON (the default), the line is edited before anyone sees it:
 *     DEL or ^H (VERASE)        erase one character ("\b \b" echoed)
 *     ^W (VWERASE)              erase a word
 *     ^U (VKILL)                erase the line
 *     ^D (VEOF)                 end the line without a newline; on an empty
 *                               line, read() returns 0: end of file
 *     \n                        the line becomes readable, readers wake
 *   without ICANON, each byte is readable at once (VMIN=1: read waits for
 *   one byte and returns what is there; VMIN=0: it never waits).
 *   ECHO prints what is typed (control characters as ^X with ECHOCTL).
 *
 * Output path: write() sends the bytes to serial_putc with "\n" -> "\r\n"
 * (OPOST|ONLCR), in chunks under write_lock with interrupts off, so an echo
 * from the tick or a printk line (which runs with interrupts off under its
 * own lock) lands between chunks, never inside one.
 *
 * The signal for ^C is sent from the tick, which may have interrupted
 * someone holding tasklist_lock: the tick only trylocks it and keeps the
 * signal pending for the next tick if it is busy.
 *
 * Locks: tty->lock (irqsave) guards the input ring and the modes;
 * write_lock (irqsave) the wire.  Neither is held across a user copy.
 */
#include "drivers/tty/tty.h"
#include "arch/x86_64/uaccess.h"
#include "drivers/tty/serial.h"
#include "kernel/errno.h"
#include "kernel/fs/poll.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#if __has_include("kernel/signal.h")
#include "kernel/signal.h"
#define HAVE_SEND_SIG 1
#endif

#define TTY_MAJOR	4		/* ttyS0 is 4:64 */
#define TTYAUX_MAJOR	5		/* /dev/tty 5:0, /dev/console 5:1 */
#define CHUNK		256		/* bytes copied in and written per lock hold */

static struct tty_struct console_tty;

/* Linux's tty_std_termios and INIT_C_CC. */
static const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0",
};

/* tty_struct_init - see tty.h. */
void tty_struct_init(struct tty_struct *tty, void (*putc)(char c))
{
	memset(tty, 0, sizeof(*tty));
	spin_lock_init(&tty->lock);
	spin_lock_init(&tty->write_lock);
	init_waitqueue_head(&tty->read_wait);
	tty->termios = tty_std_termios;
	tty->winsize = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	tty->putc = putc;
}

/* ---- output ---- */

/* One byte to the wire with output processing; write_lock held. */
static void tty_put_char(struct tty_struct *tty, unsigned char c)
{
	if (c == '\n' && (tty->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR))
		tty->putc('\r');
	tty->putc(c);
}

static void tty_put_chars(struct tty_struct *tty, const unsigned char *s, size_t n)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->write_lock, flags);
	for (size_t i = 0; i < n; i++)
		tty_put_char(tty, s[i]);
	spin_unlock_irqrestore(&tty->write_lock, flags);
}

/* Echo of one typed byte: control characters as ^X under ECHOCTL. */
static void echo_char(struct tty_struct *tty, unsigned char c)
{
	if (!(tty->termios.c_lflag & ECHO))
		return;
	if ((tty->termios.c_lflag & ECHOCTL) && (c < 32 || c == 127) && c != '\n' && c != '\t') {
		unsigned char ctl[2] = { '^', c == 127 ? '?' : c + '@' };

		tty_put_chars(tty, ctl, 2);
		return;
	}
	tty_put_chars(tty, &c, 1);
}

static ssize_t tty_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct tty_struct *tty = iocb->ki_filp->private_data;
	unsigned char buf[CHUNK];
	ssize_t done = 0;

	while (iov_iter_count(from)) {
		size_t n = min(iov_iter_count(from), sizeof(buf));
		size_t copied = copy_from_iter(buf, n, from);

		tty_put_chars(tty, buf, copied);
		done += copied;
		if (copied < n)
			return done ? done : -EFAULT;
		cond_resched();
	}
	return done;
}

/* ---- input: the line discipline ---- */

static unsigned int ring(unsigned int i) { return i % N_TTY_BUF_SIZE; }

static bool is_eof_mark(struct tty_struct *tty, unsigned int i)
{
	return tty->eof_mark[ring(i) / 64] & (1UL << (ring(i) % 64));
}

static void set_eof_mark(struct tty_struct *tty, unsigned int i, bool on)
{
	if (on)
		tty->eof_mark[ring(i) / 64] |= 1UL << (ring(i) % 64);
	else
		tty->eof_mark[ring(i) / 64] &= ~(1UL << (ring(i) % 64));
}

/* Appends a byte to the ring; false if full.  tty->lock held. */
static bool put_tty_queue(struct tty_struct *tty, unsigned char c, bool eof)
{
	if (tty->read_head - tty->read_tail >= N_TTY_BUF_SIZE - 1)
		return false;
	tty->read_buf[ring(tty->read_head)] = c;
	set_eof_mark(tty, tty->read_head, eof);
	tty->read_head++;
	return true;
}

/* Erases the last typed character of the current line; false if none. */
static bool erase_one(struct tty_struct *tty)
{
	if (tty->read_head == tty->canon_head)
		return false;
	tty->read_head--;
	if (tty->termios.c_lflag & ECHO) {
		unsigned char c = tty->read_buf[ring(tty->read_head)];
		int width = ((c < 32 || c == 127) && (tty->termios.c_lflag & ECHOCTL)) ? 2 : 1;

		for (int i = 0; i < width; i++)
			tty_put_chars(tty, (const unsigned char *)"\b \b", 3);
	}
	return true;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t'; }

/* ^W: trailing blanks, then the word before them. */
static void erase_word(struct tty_struct *tty)
{
	while (tty->read_head != tty->canon_head &&
	       is_space(tty->read_buf[ring(tty->read_head - 1)]))
		erase_one(tty);
	while (tty->read_head != tty->canon_head &&
	       !is_space(tty->read_buf[ring(tty->read_head - 1)]))
		erase_one(tty);
}

/* ^C & co: drop typed input, echo ^C, and leave the signal for tty_poll to send. */
static void isig(struct tty_struct *tty, int sig, unsigned char c)
{
	if (!(tty->termios.c_lflag & NOFLSH)) {
		tty->read_head = tty->canon_head = tty->read_tail;
	}
	echo_char(tty, c);
	if (tty->termios.c_lflag & ECHO)
		tty_put_chars(tty, (const unsigned char *)"\n", 1);
	tty->pending_signal = sig;
}

/* The canonical-mode editing keys; true if c was one of them.  tty->lock held. */
static bool n_tty_canon_special(struct tty_struct *tty, unsigned char c)
{
	const cc_t *cc = tty->termios.c_cc;

	if (c == cc[VERASE] || c == '\b') {
		erase_one(tty);
	} else if (c == cc[VWERASE] && (tty->termios.c_lflag & IEXTEN)) {
		erase_word(tty);
	} else if (c == cc[VKILL]) {
		while (erase_one(tty))
			;
	} else if (c == cc[VEOF]) {
		if (put_tty_queue(tty, 0, true))
			tty->canon_head = tty->read_head;
	} else if (c == '\n' || (c == cc[VEOL] && c)) {
		if (put_tty_queue(tty, c, false)) {
			tty->canon_head = tty->read_head;
			if ((tty->termios.c_lflag & (ECHO | ECHONL)))
				tty_put_chars(tty, &c, 1);
		}
	} else {
		return false;
	}
	return true;
}

/* One received byte through the discipline.  tty->lock held. */
static void n_tty_receive_char(struct tty_struct *tty, unsigned char c)
{
	const struct termios *t = &tty->termios;

	if (t->c_iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			return;
		if (t->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if ((t->c_lflag & ISIG) && c) {
		int sig = c == t->c_cc[VINTR] ? SIGINT : c == t->c_cc[VQUIT] ? SIGQUIT :
			  c == t->c_cc[VSUSP] ? SIGTSTP : 0;

		if (sig) {
			isig(tty, sig, c);
			return;
		}
	}
	if (t->c_lflag & ICANON) {
		if (n_tty_canon_special(tty, c))
			return;
		/* Keep one byte free so that the newline ending a full line fits. */
		if (tty->read_head - tty->read_tail >= N_TTY_BUF_SIZE - 2)
			return;
		if (put_tty_queue(tty, c, false))
			echo_char(tty, c);
		return;
	}
	if (put_tty_queue(tty, c, false)) {
		tty->canon_head = tty->read_head;
		echo_char(tty, c);
	}
}

/* n_tty_receive_buf - see tty.h.  Wakes readers if input became readable. */
void n_tty_receive_buf(struct tty_struct *tty, const unsigned char *cp, size_t n)
{
	unsigned long flags;
	bool readable;

	spin_lock_irqsave(&tty->lock, flags);
	for (size_t i = 0; i < n; i++)
		n_tty_receive_char(tty, cp[i]);
	readable = tty->canon_head != tty->read_tail;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (readable)
		wake_up(&tty->read_wait);
}

/*
 * Sends a pending ^C signal to every task in the foreground process group.
 * Called from the tick: tasklist_lock is only tried (the tick may have
 * interrupted its holder); the signal waits for the next tick if busy.
 */
static void tty_send_pending_signal(struct tty_struct *tty)
{
	int sig = READ_ONCE(tty->pending_signal);

	if (!sig)
		return;
	if (!tty->pgrp) {		/* no foreground group: nobody to tell */
		tty->pending_signal = 0;
		return;
	}
#ifdef HAVE_SEND_SIG
	struct task_struct *p;

	if (!spin_trylock(&tasklist_lock))
		return;
	tty->pending_signal = 0;
	for_each_process(p)
		if (p->pgid == tty->pgrp && !(p->flags & PF_KTHREAD))
			send_sig(sig, p, 1);
	spin_unlock(&tasklist_lock);
#else
	/* TODO(entry): kernel/signal.h (send_sig) not there yet: ^C is only echoed. */
	tty->pending_signal = 0;
#endif
}

/* tty_poll - see tty.h. */
void tty_poll(void)
{
	struct tty_struct *tty = &console_tty;
	unsigned char buf[32];
	size_t n = 0;
	int c;

	if (!tty->putc)
		return;			/* tty_init has not run yet */
	while ((c = serial_getc()) >= 0) {
		buf[n++] = c;
		if (n == sizeof(buf)) {
			n_tty_receive_buf(tty, buf, n);
			n = 0;
		}
	}
	if (n)
		n_tty_receive_buf(tty, buf, n);
	tty_send_pending_signal(tty);
}

/* ---- reading ---- */

/* Bytes a reader may take now (to canon_head).  Lock-free peek for wait conditions. */
static bool input_available(struct tty_struct *tty)
{
	return READ_ONCE(tty->canon_head) != READ_ONCE(tty->read_tail);
}

/*
 * Copies up to n readable bytes into buf (at most one line with ICANON),
 * without consuming them.  *consumed gets how many ring bytes they span
 * (an EOF mark counts there but is not copied); *line_end is set if the
 * copy reached the end of a line.  tty->lock held.
 */
static size_t peek_input(struct tty_struct *tty, unsigned char *buf, size_t n,
			 unsigned int *consumed, bool *line_end)
{
	bool canon = tty->termios.c_lflag & ICANON;
	unsigned int i = tty->read_tail;
	size_t copied = 0;

	*line_end = false;
	while (i != tty->canon_head && copied < n) {
		unsigned char c = tty->read_buf[ring(i)];

		if (canon && is_eof_mark(tty, i)) {
			i++;
			*line_end = true;
			break;
		}
		buf[copied++] = c;
		i++;
		if (canon && c == '\n') {
			*line_end = true;
			break;
		}
	}
	*consumed = i - tty->read_tail;
	return copied;
}

/*
 * read(2) on the tty: waits (interruptibly) until input is readable,
 * then copies one line (ICANON) or what is there; 0 for ^D on an empty line.
 * A signal while waiting: -ERESTARTSYS (-EINTR, or a restart with SA_RESTART).
 */
static ssize_t tty_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct tty_struct *tty = iocb->ki_filp->private_data;
	unsigned char buf[CHUNK];
	ssize_t done = 0;

	while (!input_available(tty)) {
		if (!(tty->termios.c_lflag & ICANON) && !tty->termios.c_cc[VMIN])
			return 0;
		if (iocb->ki_flags & IOCB_NOWAIT)
			return -EAGAIN;
		if (wait_event_interruptible(tty->read_wait, input_available(tty)))
			return -ERESTARTSYS;
	}
	while (iov_iter_count(to)) {
		unsigned int tail, consumed;
		unsigned long flags;
		bool line_end;
		size_t n, copied;

		spin_lock_irqsave(&tty->lock, flags);
		tail = tty->read_tail;
		n = peek_input(tty, buf, min(iov_iter_count(to), sizeof(buf)), &consumed, &line_end);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (!consumed)
			break;
		copied = copy_to_iter(buf, n, to);
		if (copied < n)
			return done ? done : -EFAULT;
		spin_lock_irqsave(&tty->lock, flags);
		if (tty->read_tail == tail)	/* not flushed by ^C meanwhile */
			tty->read_tail += consumed;
		spin_unlock_irqrestore(&tty->lock, flags);
		done += copied;
		if (line_end)
			break;
	}
	return done;
}

/*
 * poll/select on the tty (kernel/fs/poll.h): readable when read() would
 * not wait for input (a whole line with ICANON, a byte without), always
 * writable (output is synchronous).  read_wait is woken whenever input
 * becomes readable.
 */
static __poll_t n_tty_poll(struct file *file, poll_table *pt)
{
	struct tty_struct *tty = file->private_data;
	__poll_t mask = POLLOUT | POLLWRNORM;

	poll_wait(file, &tty->read_wait, pt);
	if (input_available(tty))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

/* ---- ioctl ---- */

static int set_termios(struct tty_struct *tty, const struct termios __user *arg, bool flush)
{
	struct termios t;
	unsigned long flags;

	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	if (flush)
		tty->read_head = tty->canon_head = tty->read_tail;
	/* Leaving canonical mode makes the line being typed readable. */
	if (!(t.c_lflag & ICANON))
		tty->canon_head = tty->read_head;
	tty->termios = t;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wait);
	return 0;
}

/* TIOCSPGRP: the group must exist (-ESRCH) and be >= 0 (-EINVAL). */
static int tiocspgrp(struct tty_struct *tty, int __user *arg)
{
	struct task_struct *p;
	bool found = false;
	int pgrp;

	if (get_user(pgrp, arg))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	for_each_process(p)
		if (p->pgid == pgrp) {
			found = true;
			break;
		}
	spin_unlock(&tasklist_lock);
	if (!found)
		return -ESRCH;
	tty->pgrp = pgrp;
	return 0;
}

static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = file->private_data;
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &tty->termios, sizeof(struct termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:			/* output is synchronous: nothing to drain */
		return set_termios(tty, p, false);
	case TCSETSF:
		return set_termios(tty, p, true);
	case TIOCGWINSZ:
		return copy_to_user(p, &tty->winsize, sizeof(struct winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&tty->winsize, p, sizeof(struct winsize)) ? -EFAULT : 0;
	case TIOCGPGRP:
		return put_user(tty->pgrp, (int __user *)p);
	case TIOCSPGRP:
		return tiocspgrp(tty, p);
	case TIOCGSID:
		return tty->session ? put_user(tty->session, (int __user *)p) : -ENOTTY;
	case TIOCSCTTY:
		tty->session = current->sid;
		tty->pgrp = current->pgid;
		return 0;
	case TIOCNOTTY:
		return 0;
	case FIONREAD:
		return put_user((int)(READ_ONCE(tty->canon_head) - READ_ONCE(tty->read_tail)),
				(int __user *)p);
	default:
		return -ENOIOCTLCMD;
	}
}

/* ---- open ---- */

/*
 * Opening the console: a tty has no position.  The first process to open
 * it without O_NOCTTY makes it its controlling terminal, and its process
 * group the foreground one (Linux does this for session leaders).
 */
static int tty_open(struct inode *inode, struct file *filp)
{
	struct tty_struct *tty = &console_tty;

	filp->private_data = tty;
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	if (!(filp->f_flags & O_NOCTTY) && !tty->pgrp && current->pid) {
		tty->session = current->sid;
		tty->pgrp = current->pgid;
	}
	return 0;
}

const struct file_operations tty_fops = {
	.open = tty_open,
	.llseek = no_llseek,
	.read_iter = tty_read,
	.write_iter = tty_write,
	.unlocked_ioctl = tty_ioctl,
	.poll = n_tty_poll,
};

/* tty_init - see tty.h. */
void tty_init(void)
{
	tty_struct_init(&console_tty, serial_putc);
	register_chrdev(TTYAUX_MAJOR, "tty", &tty_fops);
	register_chrdev(TTY_MAJOR, "ttyS", &tty_fops);
}
