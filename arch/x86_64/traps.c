/* TEMPORARY bring-up version: replaced by the traps work in this issue. */
#include "arch/x86_64/traps.h"
void trap_init(void) {}
void dump_stack(void) {}
