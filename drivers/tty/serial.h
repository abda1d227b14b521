/*
 * drivers/tty/serial.h - the COM1 16550 UART (drivers/tty/serial.c).
 */
#ifndef DRIVERS_TTY_SERIAL_H
#define DRIVERS_TTY_SERIAL_H

void serial_init(void);
void serial_console_init(void);
void serial_putc(char c);
int serial_getc(void);

#endif /* DRIVERS_TTY_SERIAL_H */
