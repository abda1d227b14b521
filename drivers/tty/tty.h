/*
 * drivers/tty/tty.h - the console terminal (drivers/tty/tty.c): the
 * serial port as /dev/console and /dev/tty, with Linux's canonical line
 * discipline (n_tty) and its termios/ioctl ABI.
 *
 * The numbers and layouts are Linux x86-64's (asm-generic/termbits.h,
 * ioctls.h): musl's tcgetattr() is ioctl(fd, TCGETS, &kernel_termios).
 */
#ifndef DRIVERS_TTY_TTY_H
#define DRIVERS_TTY_TTY_H

#include "kernel/fs/fs.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "kernel/wait.h"

typedef unsigned char cc_t;
typedef unsigned int tcflag_t;

#define NCCS		19
/* The kernel's struct termios (TCGETS/TCSETS), 36 bytes; no speed fields. */
struct termios {
	tcflag_t c_iflag;		/* input modes: ICRNL, ... */
	tcflag_t c_oflag;		/* output modes: OPOST, ONLCR */
	tcflag_t c_cflag;		/* control modes: baud, CS8, CREAD */
	tcflag_t c_lflag;		/* local modes: ICANON, ECHO, ISIG */
	cc_t c_line;			/* line discipline (0: N_TTY) */
	cc_t c_cc[NCCS];		/* control characters, indexed by V* */
};

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

/* c_cc indices */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSWTC		7
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag */
#define IGNBRK		0000001
#define BRKINT		0000002
#define ISTRIP		0000040
#define INLCR		0000100
#define IGNCR		0000200
#define ICRNL		0000400
#define IXON		0002000
#define IMAXBEL		0020000
#define IUTF8		0040000
/* c_oflag */
#define OPOST		0000001
#define ONLCR		0000004
/* c_cflag */
#define B38400		0000017
#define CS8		0000060
#define CREAD		0000200
#define HUPCL		0002000
/* c_lflag */
#define ISIG		0000001
#define ICANON		0000002
#define ECHO		0000010
#define ECHOE		0000020
#define ECHOK		0000040
#define ECHONL		0000100
#define NOFLSH		0000200
#define TOSTOP		0000400
#define ECHOCTL		0001000
#define ECHOKE		0004000
#define IEXTEN		0100000

/* ioctl numbers (asm-generic/ioctls.h) */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define TIOCNOTTY	0x5422
#define TIOCGSID	0x5429

#define N_TTY_BUF_SIZE	4096	/* the input buffer: the longest canonical line + 1 */

struct tty_struct {
	spinlock_t lock;		/* everything below (irqsave: tty_poll runs in the tick) */
	struct termios termios;		/* the modes (TCGETS/TCSETS) */
	struct winsize winsize;		/* TIOCGWINSZ; 24x80 by default */
	int pgrp;			/* the foreground process group (0: none yet) */
	int session;			/* the session it is the controlling tty of (0: none) */
	/*
	 * The input ring: free-running indices, byte i at read_buf[i % SIZE].
	 *   [read_tail, canon_head)   complete lines (or, without ICANON,
	 *                             everything): what read() may return
	 *   [canon_head, read_head)   the line being typed (ICANON): still
	 *                             editable with erase and kill
	 * A ^D stores a placeholder byte whose bit is set in eof_mark: read()
	 * stops there, and returns 0 if it is the first thing it meets.
	 */
	unsigned int read_head;
	unsigned int read_tail;
	unsigned int canon_head;
	unsigned char read_buf[N_TTY_BUF_SIZE];
	unsigned long eof_mark[N_TTY_BUF_SIZE / 64];
	struct wait_queue_head read_wait;	/* readers waiting for input */
	int pending_signal;		/* ^C/^\/^Z seen in the tick, not yet sent to pgrp */
	spinlock_t write_lock;		/* one write chunk (or echo) at a time on the wire */
	void (*putc)(char c);		/* the wire: serial_putc (tests capture it) */
};

/* tty_init - set up the console tty and register its devices (5:0, 5:1, 4:64). */
void tty_init(void);
/*
 * tty_poll - move the bytes the UART received into the line discipline;
 * wake readers; send a pending ^C signal.  Called from the timer tick
 * (interrupts off) by the scheduler's tick code.
 */
void tty_poll(void);

/* ---- for tests (drivers/tty/tty_test.c) ---- */
/* tty_struct_init - a tty in Linux's default modes writing through putc. */
void tty_struct_init(struct tty_struct *tty, void (*putc)(char c));
/* n_tty_receive_buf - feed n received bytes to the line discipline (as tty_poll does). */
void n_tty_receive_buf(struct tty_struct *tty, const unsigned char *cp, size_t n);
/* tty_fops - the operations of an open tty (private_data = the tty). */
extern const struct file_operations tty_fops;

#endif /* DRIVERS_TTY_TTY_H */
