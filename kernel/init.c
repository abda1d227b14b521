/*
 * kernel/init.c - pid 1: from the kernel to the first user program
 * (Linux's init/main.c: rest_init, kernel_init, run_init_process).
 *
 * start_kernel() ends with rest_init(), which starts pid 1 as a kernel
 * thread running kernel_init() and turns the boot flow into CPU 0's idle
 * task.  kernel_init():
 *   1. opens /dev/console as fds 0, 1 and 2 (Linux's console_on_rootfs), so
 *      every user process inherits a console (its fd table and cwd are
 *      copies of pid 0's init_files and init_fs, set up by vfs_init());
 *   2. runs the in-kernel tests and benchmarks if ktest= / kbench= asked
 *      (they power the machine off);
 *   3. execs the init program (kernel_execve) - init= from the command line
 *      if given (a failure is a panic, as in Linux), else the first of
 *      /init, /sbin/init, /etc/init, /bin/init, /bin/sh that runs - and
 *      returns 0: ret_from_fork then enters user mode as that program.
 *      If none runs: panic("No working init found.").
 *
 * What init gets, as Linux hands it over: command-line words the kernel
 * does not know go to init - "name=value" ones into its environment, bare
 * words (and everything after "--") into its argv - next to HOME=/ and
 * TERM=linux.  run= is Pagoda's (DESIGN.md §5): the kernel registers it
 * (so it is not warned about as unknown) and passes it on in the
 * environment as "run=...", where user/init.c reads it with getenv("run").
 *
 * Pid 1 never exits (do_exit panics "Attempted to kill init!"), and every
 * orphan is reparented to it (kernel/exit.c).
 *
 * Just before exec'ing init, kernel_init prints the memory baseline of the
 * leak check ("init: memory baseline: free=... slab=... pgtables=...
 * vmalloc=...", in pages); reboot(2) prints the figures at the end
 * (kernel/sys.c), and tests/test_vm.py compares them.
 */
#include "arch/x86_64/power.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/init.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/oom.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

#define MAX_INIT_ARGS	32		/* Linux's CONFIG_INIT_ENV_ARG_LIMIT */
#define MAX_INIT_ENVS	32

extern const struct obs_kernel_param __setup_start[], __setup_end[];

static char *execute_command;		/* init= */
static char *run_list;			/* run= */
static char init_cmdline[COMMAND_LINE_SIZE];	/* storage for the words below */
static const char *argv_init[MAX_INIT_ARGS + 2] = { NULL, };
static const char *envp_init[MAX_INIT_ENVS + 2] = { "HOME=/", "TERM=linux", NULL, };

/* A copy of a parameter's value that outlives the parser's buffer. */
static char *save_param(const char *arg)
{
	static char store[2][COMMAND_LINE_SIZE + 8];
	static int used;

	if (used == 2)
		return NULL;
	strscpy(store[used], arg, sizeof(store[used]));
	return store[used++];
}

/* init=PATH: the program to run as pid 1 instead of /init. */
static int init_setup(char *arg)
{
	if (!*arg)
		return -EINVAL;
	execute_command = save_param(arg);
	return execute_command ? 0 : -EINVAL;
}
__setup("init", init_setup);

/* run=prog:arg,prog: for user/init.c, passed in init's environment. */
static int run_setup(char *arg)
{
	static char buf[COMMAND_LINE_SIZE + 8];

	strscpy(buf, "run=", sizeof(buf));
	strscpy(buf + 4, arg, sizeof(buf) - 4);
	run_list = buf;
	return 0;
}
__setup("run", run_setup);

/* Is name (len chars) a registered parameter? */
static bool known_param(const char *name, size_t len)
{
	for (const struct obs_kernel_param *p = __setup_start; p < __setup_end; p++)
		if (strlen(p->str) == len && !strncmp(p->str, name, len))
			return true;
	return false;
}

static void add_to(const char **vec, int max, const char *s)
{
	int i = 0;

	while (vec[i])
		i++;
	if (i < max)
		vec[i] = s;
	else
		pr_warn("init: too many arguments or environment strings, dropped %s\n", s);
}

/*
 * Split the next word off *p (in place), removing the double quotes that
 * group spaces ("name=\"a b\"" -> name=a b).  NULL at the end.
 */
static char *next_word(char **p)
{
	char *s = *p, *w, *out;
	bool quoted = false;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	w = out = s;
	for (; *s && (quoted || *s != ' '); s++) {
		if (*s == '"')
			quoted = !quoted;
		else
			*out++ = *s;
	}
	*p = *s ? s + 1 : s;
	*out = '\0';
	return w;
}

/* Give init the command-line words the kernel did not use (see the top). */
static void setup_init_args(void)
{
	char *p = init_cmdline, *w;
	bool after_dashes = false;

	strscpy(init_cmdline, boot_command_line, sizeof(init_cmdline));
	while ((w = next_word(&p))) {
		char *eq = strchr(w, '=');

		if (after_dashes) {
			add_to(argv_init, MAX_INIT_ARGS, w);
		} else if (!strcmp(w, "--")) {
			after_dashes = true;
		} else if (!known_param(w, eq ? (size_t)(eq - w) : strlen(w))) {
			if (eq)
				add_to(envp_init, MAX_INIT_ENVS, w);
			else
				add_to(argv_init, MAX_INIT_ARGS, w);
		}
	}
	if (run_list)
		add_to(envp_init, MAX_INIT_ENVS, run_list);
}

/* run_init_process - exec init_filename as pid 1; 0 (it will run) or -errno. */
static int run_init_process(const char *init_filename)
{
	argv_init[0] = init_filename;
	pr_info("Run %s as init process\n", init_filename);
	return kernel_execve(init_filename, argv_init, envp_init);
}

/* Like run_init_process, but a file that exists and fails is worth a line. */
static bool try_to_run_init_process(const char *init_filename)
{
	int ret = run_init_process(init_filename);

	if (ret && ret != -ENOENT)
		pr_err("Starting init: %s exists but couldn't execute it (error %d)\n",
		       init_filename, ret);
	return ret == 0;
}

/* fds 0, 1, 2 on /dev/console (Linux's console_on_rootfs). */
static void console_on_rootfs(void)
{
	struct file *file = filp_open("/dev/console", O_RDWR, 0);

	if (IS_ERR(file)) {
		pr_err("Warning: unable to open an initial console.\n");
		return;
	}
	for (int i = 0; i < 3; i++) {
		int fd = get_unused_fd_flags(0);

		if (fd < 0) {
			pr_err("Warning: unable to give init an fd on the initial console (%d).\n", fd);
			break;
		}
		fd_install(fd, get_file(file));
	}
	fput(file);
}

/*
 * The leak check's starting point (tests/test_vm.py): the pages free, held
 * by slab caches, in user page tables and in vmalloc page tables just
 * before the first user program.  kernel/sys.c prints the same figures
 * when init reboots, with init's own pages; every other page user space
 * used must be back by then.
 */
static void report_memory_baseline(void)
{
	struct ktest_mem_snapshot snap;

	ktest_mem_snapshot(&snap);
	pr_info("init: memory baseline: free=%lu slab=%lu pgtables=%lu vmalloc=%lu\n",
		snap.free_pages, snap.slab_pages, global_node_page_state(NR_PAGETABLE),
		snap.vmalloc_tables);
}

/* kernel_init - pid 1's life as a kernel thread (see the top). */
static int kernel_init(void *unused)
{
	(void)unused;
	/* Pid 1 leads its own session and process group (as an init that calls setsid does). */
	current->sid = current->pgid = current->pid;
	console_on_rootfs();
	kswapd_run();			/* page reclaim's thread (mm/vmscan.c) */
	oom_init();			/* the oom_reaper thread, /proc/self/oom_score_adj */

	ktest_run();
	if (kbench_run())
		machine_power_off(QEMU_EXIT_PASS);

	setup_init_args();
	report_memory_baseline();
	if (execute_command) {
		int ret = run_init_process(execute_command);

		if (!ret)
			return 0;
		panic("Requested init %s failed (error %d).", execute_command, ret);
	}
	if (try_to_run_init_process("/init") || try_to_run_init_process("/sbin/init") ||
	    try_to_run_init_process("/etc/init") || try_to_run_init_process("/bin/init") ||
	    try_to_run_init_process("/bin/sh"))
		return 0;
	panic("No working init found.  Try passing init= option to kernel. "
	      "See Linux Documentation/admin-guide/init.rst for guidance.");
}

/* rest_init - start pid 1 and become the idle task (see kernel/init.h). */
__noreturn void rest_init(void)
{
	struct kernel_clone_args args = {
		.fn = kernel_init,
		.name = "init",
		.exit_signal = -1,
		.kthread = 1,
	};
	int pid = kernel_clone(&args);

	if (pid != 1)
		panic("rest_init: pid 1 could not be created (%d)", pid);
	cpu_idle();
}
