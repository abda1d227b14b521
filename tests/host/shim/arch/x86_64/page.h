/*
 * tests/host/shim/arch/x86_64/page.h - the kernel's page.h for host tests.
 *
 * Host tests put tests/host/shim first on the quote-include path, so kernel
 * sources that include "arch/x86_64/page.h" get this file, which takes the
 * real header (#include_next) and moves the direct map: on the host,
 * "physical memory" is one aligned_alloc'ed arena (tests/host/shim/
 * page_alloc_host.c), physical address 0 is its first byte, and
 * PAGE_OFFSET is a variable holding the arena's address.  __va/__pa keep
 * their meaning: __va(p) = PAGE_OFFSET + p, __pa(v) = v - PAGE_OFFSET.
 */
#ifndef TESTS_HOST_SHIM_PAGE_H
#define TESTS_HOST_SHIM_PAGE_H

#include_next "arch/x86_64/page.h"

/* The host address of "physical" address 0 (set by host_mm_init()). */
extern unsigned long host_page_offset;

#undef PAGE_OFFSET
#define PAGE_OFFSET	host_page_offset
#undef __pa
#define __pa(x)		((phys_addr_t)((unsigned long)(x) - PAGE_OFFSET))

#endif /* TESTS_HOST_SHIM_PAGE_H */
