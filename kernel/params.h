/*
 * kernel/params.h - kernel command-line parameters (kernel/params.c).
 *
 * A subsystem registers the parameters it understands where it lives:
 *
 *	static int parse_loglevel(char *arg) { ... return 0 or -EINVAL; }
 *	early_param("loglevel", parse_loglevel);
 *
 * Each registration is a struct obs_kernel_param placed in the .init.setup
 * linker section (linker.ld brackets it with __setup_start/__setup_end), so
 * the parser finds every parameter without a central list.
 *
 *  - early_param() handlers run from setup_arch(), before memory management
 *    is up (loglevel=, mem=, memblock=debug, ...).  parse_early_param().
 *  - __setup() handlers run later from start_kernel() (parse_args()), once
 *    allocators exist (ktest=, run=, ...).
 *
 * A handler gets the text after "name=" (or "" for a bare "name"), and
 * returns 0, or -EINVAL when the value is malformed: the parser then warns
 * "Malformed value for parameter 'name', using the default" and goes on.
 * Unknown parameters are warned about and ignored; nothing here is fatal.
 * (Linux's __setup handlers return 1 for "handled"; Pagoda uses 0/-errno for
 * both kinds, as Linux's early_param does.)
 */
#ifndef KERNEL_PARAMS_H
#define KERNEL_PARAMS_H

#include "kernel/compiler.h"

#define COMMAND_LINE_SIZE 2048

struct obs_kernel_param {
	const char *str;		/* the parameter's name, without '=' */
	int (*setup_func)(char *arg);	/* handler: 0 or -EINVAL */
	bool early;			/* run from parse_early_param() */
};

#define __setup_param(name, unique_id, fn, is_early)			\
	static const char __setup_str_##unique_id[] = name;		\
	static const struct obs_kernel_param __setup_##unique_id	\
		__used __section(".init.setup") __aligned(8) =		\
		{ __setup_str_##unique_id, fn, is_early }

#define __setup(name, fn)	__setup_param(name, fn, fn, false)
#define early_param(name, fn)	__setup_param(name, fn, fn, true)

/* The command line as the boot loader gave it (NUL-terminated). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* parse_early_param - run every early_param() handler named on the command line. */
void parse_early_param(void);
/* parse_args - run every __setup() handler; warn about unknown parameters. */
void parse_args(void);
/*
 * parse_cmdline - the parser under both: walks 'cmdline' (not modified) and
 * calls the handlers in [start, end) whose 'early' flag is 'early'.  With
 * warn_unknown, names that match no parameter at all are warned about.
 * Returns the number of problems found (unknown or malformed), for tests.
 */
int parse_cmdline(const char *cmdline, const struct obs_kernel_param *start,
		  const struct obs_kernel_param *end, bool early, bool warn_unknown);

#endif /* KERNEL_PARAMS_H */
