/*
 * user/echo.c - prints its arguments separated by spaces, then a newline,
 * like echo(1) (no options).  Used by the shell scenario over the serial
 * console: type `echo hello`, expect "hello".
 */
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	size_t used = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (used + len + 2 > sizeof(buf))
			break;
		if (i > 1)
			buf[used++] = ' ';
		memcpy(buf + used, argv[i], len);
		used += len;
	}
	buf[used++] = '\n';
	return write(1, buf, used) == (ssize_t)used ? 0 : 1;
}
