/*
 * arch/x86_64/setup.h - setup_arch() and what it learns from the boot loader
 * (arch/x86_64/setup.c, arch/x86_64/multiboot2.c).
 */
#ifndef ARCH_X86_64_SETUP_H
#define ARCH_X86_64_SETUP_H

#include "kernel/types.h"

/* setup_arch - read the multiboot2 information and set up the machine. */
void setup_arch(u64 mb2_info_phys);

#endif /* ARCH_X86_64_SETUP_H */
