/*
 * drivers/tty/serial.c - the 16550 UART on COM1, Pagoda's console.
 *
 * The PC's first serial port sits at I/O port 0x3f8.  We program it for
 * 115200 baud, 8 data bits, no parity, 1 stop bit (8N1) with its FIFOs on,
 * and drive it by polling: to send, wait until the Line Status Register says
 * the transmit holding register is empty, then write the byte.  QEMU's
 * -nographic / -serial stdio connects this port to the terminal or log file,
 * which is how every test reads the kernel.
 *
 * Output: register_console() of serial_console, so every printk line lands
 * here.  Input (for the shell later): serial_getc() polls the receive buffer.
 * '\n' is sent as "\r\n" so that a raw terminal shows lines properly.
 */
#include "drivers/tty/serial.h"
#include "arch/x86_64/io.h"
#include "kernel/printk.h"

#define COM1		0x3f8
#define UART_RBR	0	/* receive buffer (read, DLAB=0) */
#define UART_THR	0	/* transmit holding (write, DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */
#define UART_LCR_DLAB	0x80
#define UART_LCR_8N1	0x03
#define UART_BASE_BAUD	115200

static bool serial_present;

/* serial_init - program COM1 for 115200 8N1; call once, early. */
void serial_init(void)
{
	outb(0x00, COM1 + UART_IER);			/* no interrupts (polled) */
	outb(UART_LCR_DLAB, COM1 + UART_LCR);
	outb(UART_BASE_BAUD / 115200, COM1 + UART_DLL);
	outb(0x00, COM1 + UART_DLM);
	outb(UART_LCR_8N1, COM1 + UART_LCR);
	outb(0xc7, COM1 + UART_FCR);			/* FIFOs on, cleared, 14-byte trigger */
	outb(0x0b, COM1 + UART_MCR);			/* DTR, RTS, OUT2 */
	/* A missing UART reads back 0xff from every register. */
	serial_present = inb(COM1 + UART_LSR) != 0xff;
}

/* serial_putc - send one byte, waiting for room in the transmitter. */
void serial_putc(char c)
{
	if (!serial_present)
		return;
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb((u8)c, COM1 + UART_THR);
}

/* serial_getc - the next received byte, or -1 if none is waiting. */
int serial_getc(void)
{
	if (!serial_present || !(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}

static void serial_console_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
};

/* serial_console_init - set up COM1 and make it a printk console. */
void serial_console_init(void)
{
	serial_init();
	register_console(&serial_console);
}
