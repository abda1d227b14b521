/*
 * tests/host/shim/page_alloc_host.h - the host side of the page allocator
 * shim (page_alloc_host.c), for host test programs.
 *
 * Only plain C types here, so that test programs (built against libc) can
 * include it next to <stdio.h>.  The shim provides, for kernel sources
 * compiled into a host test: alloc_pages/__free_pages over a "physical"
 * arena with a host vmemmap, printk (to stdout, or to a hook), panic,
 * __bug and __warn (to a hook: a test can longjmp out of an expected BUG),
 * sprint_symbol and format_gfp_flags.
 */
#ifndef TESTS_HOST_SHIM_PAGE_ALLOC_HOST_H
#define TESTS_HOST_SHIM_PAGE_ALLOC_HOST_H

#include <stddef.h>

/*
 * host_mm_init - make an arena of nr_pages pages (physical 0 .. nr_pages
 * pages) and its struct pages, all free.  Call once, before anything else.
 */
void host_mm_init(unsigned long nr_pages);
/* The arena's host address: "physical" 0 (PAGE_OFFSET in the shim page.h). */
extern unsigned long host_page_offset;
/* host_nr_free_pages - pages of the arena not allocated. */
unsigned long host_nr_free_pages(void);
/* host_fail_alloc_pages_after - the n+1-th alloc_pages from now fails (-1: never). */
void host_fail_alloc_pages_after(long n);
/* host_page_is_slab - does the page holding p have PG_slab? */
int host_page_is_slab(const void *p);
/* host_page_compound_order - PG_head and order of the page at p (-1 if not a head). */
int host_page_compound_order(const void *p);

/*
 * Kernel output: every printk'd line (level prefix stripped) goes to
 * host_printk_hook if set, else to stdout as a "# " TAP diagnostic.
 */
extern void (*host_printk_hook)(const char *line);
/*
 * BUG(), panic() and a WARN call host_bug_hook(what) if set (what is
 * "BUG", "panic" or "WARN"); for BUG and panic the hook must not return
 * (longjmp out of it); without a hook they abort the test program.
 */
extern void (*host_bug_hook)(const char *what);

#endif /* TESTS_HOST_SHIM_PAGE_ALLOC_HOST_H */
