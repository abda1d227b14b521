/*
 * kernel/init.h - the end of booting: pid 1 (kernel/init.c; Linux's
 * init/main.c).
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#include "kernel/compiler.h"

/*
 * rest_init - start_kernel()'s last step: create pid 1 (a kernel thread
 * running kernel_init: the ktest/kbench runs, then /init in user mode) and
 * become this CPU's idle task.  Never returns.
 */
__noreturn void rest_init(void);

#endif /* KERNEL_INIT_H */
