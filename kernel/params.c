/*
 * kernel/params.c - parsing the kernel command line.
 *
 * The boot loader's command line (copied into boot_command_line by
 * setup_arch) is a list of words separated by spaces: "name=value",
 * "name" alone, or "name=\"a value with spaces\"".  Parameters are
 * registered with early_param()/__setup() (kernel/params.h) into the
 * .init.setup linker section.  The parser runs twice:
 *   parse_early_param()  from setup_arch(): early_param() handlers only;
 *   parse_args()         from start_kernel(): __setup() handlers, and it
 *                        warns about any word that matches no parameter.
 * A handler that returns an error gets a warning naming the parameter; the
 * subsystem keeps its default.  Nothing on the command line can stop a boot.
 * A handler's argument lives in the parser's buffer, valid only during the
 * call: a handler copies what it keeps.  A word too long for that buffer
 * (a name over 63 characters, a value of COMMAND_LINE_SIZE or more) is never
 * handed to a handler, truncated: parse_args() warns about it instead.
 */
#include "kernel/params.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

char boot_command_line[COMMAND_LINE_SIZE];

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/*
 * next_arg - split the next word off *pos into name[] and val[] (val is ""
 * for a bare name).  Double quotes group spaces into one value.  Returns
 * false at the end of the line.  *too_long is set if the name or the value
 * did not fit its buffer: the word must then not be used (a truncated name
 * could match another parameter, a truncated value would be wrong).
 */
static bool next_arg(const char **pos, char *name, size_t nsize, char *val, size_t vsize,
		     bool *too_long)
{
	const char *p = *pos;
	size_t n = 0, v = 0;
	bool in_quote = false, in_val = false;

	*too_long = false;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return false;
	for (; *p && (in_quote || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
		if (*p == '"') {
			in_quote = !in_quote;
		} else if (!in_val && *p == '=') {
			in_val = true;
		} else if (in_val) {
			if (v + 1 < vsize)
				val[v++] = *p;
			else
				*too_long = true;
		} else if (n + 1 < nsize) {
			name[n++] = *p;
		} else {
			*too_long = true;
		}
	}
	name[n] = '\0';
	val[v] = '\0';
	*pos = p;
	return true;
}

static const struct obs_kernel_param *find_param(const char *name,
						 const struct obs_kernel_param *start,
						 const struct obs_kernel_param *end)
{
	for (const struct obs_kernel_param *p = start; p < end; p++)
		if (!strcmp(p->str, name))
			return p;
	return NULL;
}

int parse_cmdline(const char *cmdline, const struct obs_kernel_param *start,
		  const struct obs_kernel_param *end, bool early, bool warn_unknown)
{
	char name[64], val[COMMAND_LINE_SIZE];
	const char *pos = cmdline;
	int problems = 0;
	bool too_long;

	while (next_arg(&pos, name, sizeof(name), val, sizeof(val), &too_long)) {
		const struct obs_kernel_param *p;

		if (too_long) {
			if (warn_unknown) {
				pr_warn("Kernel command line parameter \"%.32s...\" too long, ignored\n",
					name);
				problems++;
			}
			continue;
		}
		p = find_param(name, start, end);
		if (!p) {
			if (warn_unknown) {
				pr_warn("Unknown kernel command line parameters \"%s\", will be ignored\n",
					name);
				problems++;
			}
			continue;
		}
		if (p->early != early)
			continue;
		if (p->setup_func(val) < 0) {
			pr_warn("Malformed value for parameter '%s' (\"%s\"), using the default\n",
				name, val);
			problems++;
		}
	}
	return problems;
}

void parse_early_param(void)
{
	parse_cmdline(boot_command_line, __setup_start, __setup_end, true, false);
}

void parse_args(void)
{
	parse_cmdline(boot_command_line, __setup_start, __setup_end, false, true);
}
