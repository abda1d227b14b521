/*
 * user/true.c - exits with status 0, like true(1).
 *
 * The smallest useful program: user/bench.c measures fork + execve + wait4
 * with it, and the shell scenario runs it.  It makes no syscall but
 * exit_group (musl's start-up code adds a few: set_tid_address, and on
 * some versions ioctl/poll checks on fds 0-2).
 */
int main(void)
{
	return 0;
}
