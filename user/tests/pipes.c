/*
 * user/tests/pipes.c - pipes between processes.
 *
 * Checks, with Linux's semantics:
 *  - data written by the parent is read by the child and back, in order;
 *  - a transfer much larger than the pipe's buffer (the writer blocks until
 *    the reader drains it) arrives intact (a checksum);
 *  - read returns 0 (EOF) once every write end is closed, including a dup'ed
 *    one and the child's copy; a reader blocked in read wakes up with EOF;
 *  - write with no reader left: EPIPE when SIGPIPE is ignored, and death by
 *    SIGPIPE by default;
 *  - pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends (and a plain pipe does
 *    not); the ends have the right access modes (EBADF the wrong way).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define BIG (256 * 1024)

static int xpipe(int fds[2])
{
	if (pipe(fds) < 0)
		bail("pipe: %s", strerror(errno));
	return 0;
}

static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static void both_ways(void)
{
	int to_child[2], to_parent[2], status = -1;
	char buf[64];

	xpipe(to_child);
	xpipe(to_parent);
	pid_t pid = fork();

	if (pid == 0) {
		char b[64];

		close(to_child[1]);
		close(to_parent[0]);
		ssize_t n = read_full(to_child[0], b, 5);

		if (n != 5 || memcmp(b, "ping!", 5))
			_exit(1);
		write(to_parent[1], "pong!", 5);
		_exit(read(to_child[0], b, sizeof(b)) == 0 ? 0 : 2);	/* then EOF */
	}
	close(to_child[0]);
	close(to_parent[1]);
	is(write(to_child[1], "ping!", 5), 5, "the parent writes 5 bytes into the pipe");
	ok(read_full(to_parent[0], buf, 5) == 5 && !memcmp(buf, "pong!", 5),
	   "the child read them and answered through the other pipe");
	close(to_child[1]);
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0), "the child saw EOF after the parent closed its end (%s)",
	   status_str(status));
	is(read(to_parent[0], buf, sizeof(buf)), 0, "EOF for the parent once the child exited");
	close(to_parent[0]);
}

static void big_transfer(void)
{
	int fds[2], status = -1;
	static unsigned char buf[BIG];

	xpipe(fds);
	pid_t pid = fork();

	if (pid == 0) {
		close(fds[0]);
		for (unsigned i = 0; i < BIG; i++)
			buf[i] = (unsigned char)(i * 7 + (i >> 10));
		for (size_t off = 0; off < BIG; ) {	/* odd-sized writes */
			size_t chunk = BIG - off < 3001 ? BIG - off : 3001;
			ssize_t n = write(fds[1], buf + off, chunk);

			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	ssize_t got = read_full(fds[0], buf, BIG);
	unsigned bad = 0;

	for (unsigned i = 0; i < BIG; i++)
		bad += buf[i] != (unsigned char)(i * 7 + (i >> 10));
	waitpid(pid, &status, 0);
	ok(got == BIG && bad == 0 && exited_with(status, 0),
	   "256 KiB through a pipe arrive intact (%zd bytes, %u wrong)", got, bad);
	close(fds[0]);
}

static void eof_rules(void)
{
	int fds[2], status = -1;
	char c;

	xpipe(fds);
	int extra = dup(fds[1]);

	close(fds[1]);
	write(extra, "z", 1);
	ok(read(fds[0], &c, 1) == 1 && c == 'z', "a dup'ed write end still writes");
	pid_t pid = fork();

	if (pid == 0) {
		/* The child blocks in read until the last writer goes. */
		close(extra);
		_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
	}
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	is(waitpid(pid, &status, WNOHANG), 0, "the reader blocks while a write end is open");
	close(extra);
	waitpid(pid, &status, 0);
	ok(exited_with(status, 0), "closing the last write end wakes the reader with EOF (%s)",
	   status_str(status));
	errno = 0;
	ssize_t r = write(fds[0], "x", 1);

	ok(r == -1 && errno == EBADF, "writing to the read end: EBADF");
	close(fds[0]);
}

static int write_to_closed_pipe(void *arg)
{
	int *fds = arg;
	ssize_t n = write(fds[1], "x", 1);

	return n == -1 && errno == EPIPE ? 3 : 4;
}

static void epipe_and_sigpipe(void)
{
	int fds[2];

	xpipe(fds);
	signal(SIGPIPE, SIG_DFL);	/* whatever our parent left us */
	close(fds[0]);
	int status = run_child(write_to_closed_pipe, fds);

	ok(killed_by(status, SIGPIPE), "writing with no reader kills with SIGPIPE by default (%s)",
	   status_str(status));
	close(fds[1]);

	xpipe(fds);
	signal(SIGPIPE, SIG_IGN);
	close(fds[0]);
	status = run_child(write_to_closed_pipe, fds);
	ok(exited_with(status, 3), "with SIGPIPE ignored the write fails with EPIPE (%s)",
	   status_str(status));
	errno = 0;
	ssize_t n = write(fds[1], "x", 1);

	ok(n == -1 && errno == EPIPE, "the same in this process once the reader is closed");
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void cloexec(void)
{
	int fds[2];

	ok(pipe2(fds, O_CLOEXEC) == 0 && fcntl(fds[0], F_GETFD) == FD_CLOEXEC &&
	   fcntl(fds[1], F_GETFD) == FD_CLOEXEC, "pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends");
	ok((fcntl(fds[0], F_GETFL) & O_ACCMODE) == O_RDONLY &&
	   (fcntl(fds[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "the ends are O_RDONLY and O_WRONLY");
	close(fds[0]);
	close(fds[1]);
	ok(pipe2(fds, 0) == 0 && fcntl(fds[0], F_GETFD) == 0 && fcntl(fds[1], F_GETFD) == 0,
	   "pipe2(0) does not");
	close(fds[0]);
	close(fds[1]);
	errno = 0;
	int r = pipe2(fds, 0x12345678);

	ok(r == -1 && errno == EINVAL, "pipe2 with unknown flags: EINVAL");
}

int main(void)
{
	plan(16);
	both_ways();
	big_transfer();
	eof_rules();
	epipe_and_sigpipe();
	cloexec();
	return done_testing();
}
